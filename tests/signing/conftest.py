"""Fixtures of the signing tests: SoftHSM2 tokens with certificates from a test CA (see softhsm.py).

SoftHSM2 reads its token folder once per process (when the library is first initialised), so the
tokens of the whole test session are made together, before any test loads the library.
"""
from __future__ import annotations

import pytest

from .softhsm import TokenSpec, make_ca, make_tokens, softhsm_lib

VALID, EXPIRED, LOCKED = "CHU TICH", "HET HAN", "BI KHOA"


@pytest.fixture(scope="session")
def test_ca():
    return make_ca()


@pytest.fixture(scope="session")
def tokens(tmp_path_factory, test_ca):
    if softhsm_lib() is None:
        pytest.skip("SoftHSM2 (Debian: softhsm2) không được cài")
    specs = [TokenSpec(VALID), TokenSpec(EXPIRED, pin="111111", holder="Trần Thị Bình", expired=True),
             TokenSpec(LOCKED, pin="222222", holder="Lê Văn Cường", locked=True)]
    made = make_tokens(tmp_path_factory.mktemp("hsm"), test_ca, specs)
    return made


@pytest.fixture
def token(tokens):
    return tokens[VALID]


@pytest.fixture(scope="session")
def report_pdf(tmp_path_factory):
    """A real report (examples/quang-khai) rendered to DOCX and exported as PDF/A by LibreOffice."""
    import shutil as _shutil

    if not _shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) không được cài")
    from pathlib import Path

    from cchc_desktop.draft import Draft
    from cchc_desktop.pdf import convert_to_pdf
    from cchc_desktop.render import render_docx

    root = Path(__file__).resolve().parents[2]
    folder = tmp_path_factory.mktemp("report")
    draft = Draft.from_json((root / "examples" / "quang-khai-6t-2023.json").read_text(encoding="utf-8"))
    docx = render_docx(draft, folder / "bao-cao.docx").path
    return convert_to_pdf(docx, folder / "bao-cao.pdf")
