"""Damaged and foreign files: every one gets a clear Vietnamese message, nothing of the user's
data is overwritten, and after a damaged database the automatic copy brings the work back.

Covers the store file (truncated, garbage, zeroed pages, another program's, a newer version),
draft JSON and DOCX (damaged, newer, not ours) through the same readers the app's import
uses, and a workbook of the wrong variant through the annex import.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.draft import FORMAT_VERSION, Draft, DraftFormatError
from cchc_desktop.gui.import_file import ImportFileError, read_draft_file
from cchc_desktop.render.docx_render import render_docx_bytes
from cchc_desktop.store import SCHEMA_VERSION, Store, StoreDamagedError, StoreError, StoreNewerError
from cchc_desktop.store.backups import ensure_daily_backup, list_backups, restore_backup

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {p.stem: p for p in (ROOT / "examples").glob("*.json")}
VI = set("ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ")


def vietnamese(message: str) -> bool:
    """A sentence for the user: Vietnamese letters, no Python traceback words."""
    low = message.lower()
    return bool(VI & set(low)) and "traceback" not in low and "errno" not in low


@pytest.fixture
def example() -> Draft:
    return Draft.from_json(EXAMPLES["phuong-1-6t-2024"].read_text(encoding="utf-8"))


@pytest.fixture
def good_db(tmp_path, example) -> Path:
    db = tmp_path / "data" / "cchc.sqlite3"
    with Store(db) as s:
        s.create_draft(example)
        for i in range(40):  # a few pages of revisions, so damage in the middle hits real data
            s.save_field(example.id, ("meta", "number"), str(i))
            s.snapshot(example.id, f"lần {i}")
    return db


# ----- the store file ------------------------------------------------------------------------
def _truncate_half(p: Path):
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _garbage(p: Path):
    p.write_bytes(os.urandom(p.stat().st_size))


def _zero_middle(p: Path):
    data = bytearray(p.read_bytes())
    page = 4096
    start = (len(data) // page // 2) * page
    data[start:start + 3 * page] = b"\x00" * (3 * page)
    p.write_bytes(bytes(data))


def _scribble_pages(p: Path):
    rng = random.Random(3)
    data = bytearray(p.read_bytes())
    for _ in range(300):
        i = rng.randrange(100, len(data))
        data[i] = rng.randrange(256)
    p.write_bytes(bytes(data))


def _other_program(p: Path):
    p.unlink()
    con = sqlite3.connect(str(p))
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()


def _a_word_file(p: Path):
    p.write_bytes(b"PK\x03\x04" + os.urandom(3000))


DAMAGES = {"truncated": _truncate_half, "garbage": _garbage, "zeroed pages": _zero_middle,
           "scribbled": _scribble_pages, "another program's": _other_program, "a zip": _a_word_file}


def _checkpoint(db: Path):
    con = sqlite3.connect(str(db))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_store_is_refused_untouched_and_the_copy_restores_it(good_db, example, damage):
    with Store(good_db) as s:
        ensure_daily_backup(s, today=dt.date(2024, 6, 13))
    _checkpoint(good_db)
    DAMAGES[damage](good_db)
    before = good_db.read_bytes()
    try:
        with Store(good_db) as s:
            # SQLite may not notice damage in pages it does not read; a full check does
            s.check_integrity()
            s.load_draft(example.id)
            for r in s.revisions(example.id):
                s.load_revision(r.id)
    except StoreError as exc:
        assert isinstance(exc, StoreDamagedError), (type(exc), str(exc)[:300])
        assert vietnamese(str(exc)) and "không bị ghi đè" in str(exc)
    except DraftFormatError as exc:  # the stored JSON itself was hit
        assert vietnamese(str(exc)) and "hỏng" in str(exc)
    else:
        pytest.fail(f"{damage}: damage went unnoticed")
    assert good_db.read_bytes() == before, "a refused file must stay byte-identical"
    assert not good_db.with_name(good_db.name + f".before-v{SCHEMA_VERSION}.bak").exists()
    # what the app offers: the automatic copy
    copies = list_backups(good_db.parent / "backups")
    assert copies and copies[0].kind == "daily"
    safety = restore_backup(copies[0].path, good_db)
    assert safety.read_bytes() == before  # the damaged file is kept, not overwritten
    with Store(good_db) as s:
        s.check_integrity()
        assert s.load_draft(example.id).meta.number == "39"


def test_newer_store_is_refused_untouched(good_db):
    _checkpoint(good_db)
    con = sqlite3.connect(str(good_db))
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    con.close()
    before = good_db.read_bytes()
    with pytest.raises(StoreNewerError) as info:
        Store(good_db)
    assert vietnamese(str(info.value)) and "phiên bản mới hơn" in str(info.value)
    assert good_db.read_bytes() == before
    assert not good_db.with_name(good_db.name + "-wal").exists()


def test_empty_and_missing_store_files_become_new_stores(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    with Store(empty) as s:
        assert s.list_drafts() == []
    with Store(tmp_path / "new" / "cchc.sqlite3") as s:
        assert s.schema_version == SCHEMA_VERSION


# ----- draft files the user imports ----------------------------------------------------------
def _import_error(path: Path) -> str:
    with pytest.raises(ImportFileError) as info:
        read_draft_file(str(path))
    msg = str(info.value)
    assert vietnamese(msg), msg
    return msg


def test_damaged_newer_and_foreign_json(tmp_path, example):
    raw = EXAMPLES["phuong-1-6t-2024"].read_text(encoding="utf-8")
    cases = {
        "cut.json": raw[: len(raw) // 2],
        "binary.json": os.urandom(2000),
        "empty.json": "",
        "list.json": "[1, 2, 3]",
        "other.json": json.dumps({"name": "không phải dự thảo", "version": 1}),
        "newer.json": raw.replace(f'"version": {FORMAT_VERSION}', '"version": 99', 1),
        "noversion.json": raw.replace(f'"version": {FORMAT_VERSION}', '"version": "x"', 1),
    }
    assert '"version": 99' in cases["newer.json"]
    for name, content in cases.items():
        p = tmp_path / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        before = p.read_bytes()
        msg = _import_error(p)
        if name == "newer.json":
            assert "phiên bản mới hơn" in msg
        assert p.read_bytes() == before


def test_damaged_newer_and_foreign_docx(tmp_path, example):
    good = render_docx_bytes(example)
    docx = tmp_path / "ok.docx"
    docx.write_bytes(good)
    assert read_draft_file(str(docx)).id == example.id

    def rewrite(data: bytes, change) -> bytes:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                blob = change(info.filename, src.read(info.filename))
                if blob is not None:
                    dst.writestr(info, blob)
        return out.getvalue()

    def item_edit(fn):
        return lambda name, blob: fn(blob) if name.startswith("customXml/item") and b"cchc" in blob[:2048] else blob

    newer = example.copy()
    newer_json = newer.to_json(indent=None)
    newer_json = newer_json.replace(f'"version":{FORMAT_VERSION}', '"version":42').replace(
        f'"version": {FORMAT_VERSION}', '"version": 42')
    import hashlib

    def to_newer(blob: bytes) -> bytes:
        from lxml import etree

        root = etree.fromstring(blob)
        root.text = newer_json
        root.set("sha256", hashlib.sha256(newer_json.encode()).hexdigest())
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    import docx as python_docx

    foreign = io.BytesIO()
    python_docx.Document().save(foreign)
    cases = {
        "cut.docx": (good[: len(good) // 2], "hỏng"),
        "garbage.docx": (os.urandom(4000), "hỏng"),
        "edited-outside.docx": (
            rewrite(good, item_edit(lambda b: b.replace(b"Ph\xc6\xb0\xe1\xbb\x9dng", b"Xa"))), "bị sửa"),
        "broken-xml.docx": (rewrite(good, item_edit(lambda b: b[: len(b) // 2])), "hỏng"),
        "newer.docx": (rewrite(good, item_edit(to_newer)), "phiên bản mới hơn"),
        "foreign.docx": (foreign.getvalue(), "không phải báo cáo do CCHC Desktop"),
        "a-workbook.docx": (rewrite(good, lambda n, b: None if n.startswith("word/") else b), ""),
    }
    for name, (content, words) in cases.items():
        p = tmp_path / name
        p.write_bytes(content)
        msg = _import_error(p)
        assert words.lower() in msg.lower() or "không phải" in msg.lower(), (name, msg)
        assert p.read_bytes() == content


@settings(max_examples=60, deadline=None, report_multiple_bugs=False, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_damage_to_a_draft_json_is_a_clear_error_or_a_valid_draft(data):
    """A JSON draft with any value replaced by something of another type: the reader either
    gives a valid draft (that saves and reloads) or a DraftFormatError, never a crash."""
    doc = json.loads(EXAMPLES["quang-khai-6t-2023"].read_text(encoding="utf-8"))
    paths = []

    def walk(node, prefix):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for k, v in items:
            paths.append(prefix + (k,))
            walk(v, prefix + (k,))

    walk(doc, ())
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        junk = data.draw(st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(),
                                   st.text(max_size=20), st.lists(st.integers(), max_size=3),
                                   st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3)))
        node = doc
        try:
            for k in path[:-1]:
                node = node[k]
            node[path[-1]] = junk
        except (KeyError, IndexError, TypeError):
            continue
    text = json.dumps(doc, ensure_ascii=False)
    try:
        draft = Draft.from_json(text)
    except DraftFormatError as exc:
        assert vietnamese(str(exc)), str(exc)
        return
    again = Draft.from_json(draft.to_json())
    assert again.to_dict() == draft.to_dict()


# ----- the annex workbook --------------------------------------------------------------------
def test_workbook_of_another_variant_is_refused_and_nothing_changes(tmp_path):
    from cchc_desktop.xlsx_export import export_xlsx
    from cchc_desktop.xlsx_import import XlsxImportError, plan_import

    a = Draft.from_json(EXAMPLES["phuong-1-6t-2024"].read_text(encoding="utf-8"))
    b = Draft.from_json(EXAMPLES["quang-khai-6t-2023"].read_text(encoding="utf-8"))
    assert a.variant != b.variant
    xlsx = export_xlsx(b, tmp_path / "bieu-mau.xlsx")
    before_annex = json.dumps(a.annex, sort_keys=True)
    with pytest.raises(XlsxImportError) as info:
        plan_import(a, xlsx)
    assert vietnamese(str(info.value)) and "mẫu biểu" in str(info.value)
    assert json.dumps(a.annex, sort_keys=True) == before_annex
    # not a workbook at all, and a workbook of someone else
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(os.urandom(3000))
    with pytest.raises(XlsxImportError) as info:
        plan_import(a, bad)
    assert vietnamese(str(info.value))
    from openpyxl import Workbook

    other = tmp_path / "khac.xlsx"
    Workbook().save(other)
    with pytest.raises(XlsxImportError) as info:
        plan_import(a, other)
    assert vietnamese(str(info.value)) and "không do CCHC Desktop" in str(info.value)
