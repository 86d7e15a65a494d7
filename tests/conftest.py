"""Shared test helpers. Tests marked ``soffice`` are skipped when LibreOffice is not installed."""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import keyring
import keyring.backend
import pytest

SOFFICE = shutil.which("soffice")
# No warm LibreOffice behind every wizard the GUI tests open (tests/test_pdf_warm.py starts its own).
os.environ.setdefault("CCHC_WARM_OFFICE", "0")


def pytest_collection_modifyitems(config, items):
    if SOFFICE:
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) không được cài")
    for item in items:
        if "soffice" in item.keywords:
            item.add_marker(skip)


def soffice_to_pdf(docx_paths, outdir: Path, timeout: float = 180) -> list[Path]:
    """Convert DOCX files to PDF in one LibreOffice run with a private profile (no clash with
    parallel runs or an open LibreOffice window). Returns the PDF paths in the same order."""
    outdir = Path(outdir)
    profile = outdir / f".lo-profile-{uuid.uuid4().hex[:8]}"
    cmd = [SOFFICE, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(outdir), *[str(p) for p in docx_paths]]
    subprocess.run(cmd, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(profile, ignore_errors=True)
    return [outdir / (Path(p).stem + ".pdf") for p in docx_paths]


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` as a reader sees it (pdftotext -layout)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True, timeout=60).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture
def to_pdf(tmp_path):
    """``to_pdf(paths) -> [pdf paths]`` converted by LibreOffice into a temp folder."""
    def convert(paths):
        return soffice_to_pdf(paths, tmp_path)

    return convert


class MemoryKeyring(keyring.backend.KeyringBackend):
    """The operating system's credential store, in memory for the test."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.data = {}

    def get_password(self, service, username):
        return self.data.get((service, username))

    def set_password(self, service, username, password):
        self.data[(service, username)] = password

    def delete_password(self, service, username):
        self.data.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    old = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(old)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Each test gets its own data folder unless it sets one: the log, the outbox and the record
    of written files (``files.record``) never touch the real user folder, and tests running at
    the same time never share them."""
    import os

    if not os.environ.get("CCHC_DATA_DIR"):
        monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path_factory.mktemp("data")))
