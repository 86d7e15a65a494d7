"""Issue 11 leftovers (session 3): consolidation inputs that are not regular files, the case of
"tệp Word" in a zip-bomb refusal, the written-files record under two processes."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

from cchc_desktop.consolidate.readers import list_files, read_file


def test_consolidate_fifo_and_device_are_not_called_missing(tmp_path):
    fifo = tmp_path / "bao-cao.docx"
    os.mkfifo(fifo)
    loop = tmp_path / "vong.docx"
    os.symlink(loop, loop)
    files, skipped = list_files([fifo, "/dev/zero", loop, tmp_path / "khong-co.docx"])
    assert files == []
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons["bao-cao.docx"].startswith("không phải một tệp thông thường"), reasons
    assert reasons["zero"].startswith("không phải một tệp thông thường"), reasons
    assert "liên kết vòng" in reasons["vong.docx"], reasons
    assert reasons["khong-co.docx"] == "không tìm thấy tệp hoặc thư mục này"
    assert all("không tìm thấy" not in reasons[n] for n in ("bao-cao.docx", "zero", "vong.docx"))


def test_zip_bomb_reason_says_tep_word_with_capital_w(tmp_path):
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(2):  # two parts of 300 MB of zeros: 600 MB unpacked, ~600 KB on disk
            zf.writestr(f"word/p{i}.xml", b"\0" * (300 * 1024 * 1024))
    result = read_file(bomb)
    assert result.reason.startswith("tệp Word khi giải nén quá lớn"), result.reason
    assert "word" not in result.reason.replace("Word", ""), result.reason


RECORD_CHILD = r"""
import sys, os
from pathlib import Path
from cchc_desktop.files import record
folder, tag, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
go = folder / "go"
while not go.exists():
    pass
for i in range(n):
    f = folder / f"{tag}-{i}.docx"
    f.write_bytes(f"{tag} {i}".encode())
    record.remember(f)
"""


def test_written_files_record_loses_nothing_with_two_processes(tmp_path):
    """Two real processes recording 250 exports each at the same time: all 500 entries kept
    (before the lock, each lost about half of the other's entries)."""
    import json
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root), CCHC_DATA_DIR=str(tmp_path / "data"))
    out = tmp_path / "out"
    out.mkdir()
    n = 250
    kids = [subprocess.Popen([sys.executable, "-c", RECORD_CHILD, str(out), tag, str(n)], env=env)
            for tag in ("a", "b")]
    time.sleep(1.5)  # both started and spinning on "go"
    (out / "go").write_text("")
    assert [k.wait(120) for k in kids] == [0, 0]
    data = json.loads((tmp_path / "data" / "written-files.json").read_text(encoding="utf-8"))
    names = {Path(k).name for k in data}
    missing = {f"{t}-{i}.docx" for t in "ab" for i in range(n)} - names
    assert not missing, f"{len(missing)} entries lost, e.g. {sorted(missing)[:5]}"
    assert not list((tmp_path / "data").glob(".~written*.tmp"))


def test_import_never_takes_a_formula_or_its_error_for_a_note(tmp_path):
    """A colleague's note cell holding a formula: never computed (saved by a program that does not
    compute) or an error value (#DIV/0!, a DDE payload's #VALUE!): the old note is kept, with a
    Vietnamese warning, instead of being emptied or replaced by the error text."""
    import openpyxl

    from cchc_desktop.draft import Draft
    from cchc_desktop.editing import AnnexCell, apply_edits
    from cchc_desktop.xlsx_export import export_xlsx
    from cchc_desktop.xlsx_import import plan_import

    root = Path(__file__).resolve().parents[1]
    draft = Draft.from_json((root / "examples" / "phuong-1-6t-2024.json").read_text(encoding="utf-8"))
    apply_edits(draft, [(AnnexCell("3", "1.4", "note"), "ghi chú cũ"), (AnnexCell("3", "1.2", "note"), "ghi chú hai")])
    book = tmp_path / "phu-luc.xlsx"
    export_xlsx(draft, book)
    wb = openpyxl.load_workbook(book)
    ws = wb["Biểu 3"]
    rows = {ws.cell(r, 1).value: r for r in range(7, ws.max_row + 1)}
    ws.cell(rows["1.4"], 5).value = "=A1&B1"  # a formula nobody computed (openpyxl does not)
    ws.cell(rows["1.2"], 5).value = "#DIV/0!"
    ws.cell(rows["1.2"], 5).data_type = "e"   # the error value a formula leaves, as Excel stores it
    wb.save(book)
    plan = plan_import(draft, book)
    assert not [c for c in plan.changes if c.field == "note"], plan.changes
    texts = [f.message for f in plan.findings]
    assert any("1.4: ô ghi chú có công thức chưa được tính; giữ nguyên ghi chú cũ" in t for t in texts), texts
    assert any("1.2: ô ghi chú có công thức báo lỗi (#DIV/0!)" in t for t in texts), texts
    kept = plan.draft.annex["3"]
    assert kept["1.4"]["note"] == "ghi chú cũ" and kept["1.2"]["note"] == "ghi chú hai"
