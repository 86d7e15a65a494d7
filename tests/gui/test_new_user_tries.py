"""Issue 11, "tried as a new user would", kept as tests on the real windows (the same tries were
made on the real app under Xvfb with xdotool; screenshots in docs/reliability.md):

- a second window of the app open during a restore: refused before a copy is picked, naming it;
- a report edited in Word in the export folder: exporting again asks, "no" keeps the edit;
- a colleague's workbook with formulas in the export folder: exporting over it asks; importing
  it takes the values Excel computed, never runs a formula, keeps the old number where a formula
  left an error (a DDE payload), and says everything in Vietnamese.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog

from cchc_desktop.draft import Draft

from .conftest import ROOT

EXAMPLE = Path(ROOT) / "examples" / "phuong-1-6t-2024.json"
ENGLISH = ("error", "Error", "Traceback", "Exception", "invalid", "not found", "Permission")


def open_example(home, store):
    draft_id = store.create_draft(Draft.from_json(EXAMPLE.read_text(encoding="utf-8")))
    home.refresh()
    return home.open_draft(draft_id)


def test_restore_with_a_second_app_window_open_is_refused_before_picking(qtbot, home, profiled_store, answers,
                                                                          monkeypatch, data_dir):
    from cchc_desktop.gui import backup_actions

    profiled_store.backups.ensure_daily()
    # the second window: the real app, on the home list, same data folder
    env = dict(os.environ, PYTHONPATH=str(ROOT), CCHC_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen",
               CCHC_TEST_SCRIPT=str(data_dir.parent / "ready.py"))
    (data_dir.parent / "ready.py").write_text("print('ready', flush=True)\n", encoding="utf-8")
    other = subprocess.Popen([sys.executable, str(Path(ROOT) / "main.py")], env=env, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert other.stdout.readline().strip() == "ready"
        before = (data_dir / "cchc.sqlite3").read_bytes()
        monkeypatch.setattr(backup_actions.RestoreDialog, "exec",
                            lambda self: pytest.fail("the copies were offered although the restore must be refused"))
        assert home.restore_from_backup() is False
        kind, text = answers.shown[-1]
        assert kind == "error" and f"tiến trình {other.pid}" in text and "cửa sổ khác của CCHC Desktop" in text, text
        assert (data_dir / "cchc.sqlite3").read_bytes() == before
        assert not any(word in text for word in ENGLISH)
    finally:
        other.kill()
        other.wait()


def test_word_edited_report_in_the_export_folder_is_not_overwritten(qtbot, home, profiled_store, answers,
                                                                    export_dir):
    import docx

    window = open_example(home, profiled_store)
    window.exporter.export()
    qtbot.waitUntil(lambda: not window.exporter.is_busy() and any(export_dir.glob("*.docx")), timeout=30000)
    report = next(export_dir.glob("*.docx"))
    edited = docx.Document(str(report))
    edited.add_paragraph("Đoạn văn chị Hoa thêm trong Word sau khi xuất.")
    edited.save(str(report))  # python-docx stands in for Word
    kept = report.read_bytes()
    answers.yes = False
    window.exporter.export()
    kind, question = answers.shown[-1]
    assert kind == "ask" and "đã được sửa sau lần phần mềm ghi ra" in question and report.name in question
    assert report.read_bytes() == kept
    # the share actions ("Xuất Excel" writes no DOCX; "Gửi…"/"Xuất PDF" go through the same consent)
    answers.yes = True
    window.exporter.export()
    qtbot.waitUntil(lambda: not window.exporter.is_busy() and report.read_bytes() != kept, timeout=30000)
    window.close()


@pytest.mark.soffice
def test_colleague_workbook_with_formulas(qtbot, home, profiled_store, answers, export_dir, monkeypatch, tmp_path):
    from cchc_desktop.gui import share_actions

    asked: list[str] = []
    errors: list[str] = []
    monkeypatch.setattr(share_actions, "ask_yes_no", lambda parent, text, *a, **k: asked.append(text) or False)
    monkeypatch.setattr(share_actions, "error", lambda parent, text, *a, **k: errors.append(text))
    window = open_example(home, profiled_store)
    actions = window._share_actions
    actions.export_xlsx()
    workbook = export_dir / "BC-CCHC-6T-2024-Phuong-1.xlsx"
    qtbot.waitUntil(lambda: actions.last_path == str(workbook), timeout=20000)
    # the colleague: a formula for a number, a link formula in a note, a DDE payload; saved by a
    # spreadsheet program that computes (LibreOffice Calc standing in for Excel)
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Biểu 3"]
    rows = {ws.cell(r, 1).value: r for r in range(7, ws.max_row + 1)}
    ws.cell(rows["1.4"], 4).value = "=20*7"
    ws.cell(rows["1.4"], 5).value = '=HYPERLINK("http://127.0.0.1/x","xem tài liệu")'
    ws.cell(rows["1.4.1"], 4).value = "=cmd|' /C calc'!A0"
    wb.save(workbook)
    calc = tmp_path / "calc"
    subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(calc), str(workbook)], capture_output=True, timeout=180, check=True)
    shutil.copyfile(calc / workbook.name, workbook)
    colleague = workbook.read_bytes()

    actions.export_xlsx()  # over the colleague's workbook: asked, "no" keeps it
    assert asked and "đã được sửa sau lần phần mềm ghi ra" in asked[-1]
    assert workbook.read_bytes() == colleague

    seen: dict = {}

    def exec_(dialog):
        seen["rows"] = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())]
        seen["findings"] = [dialog.findings.item(i).text() for i in range(dialog.findings.count())]
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(share_actions.ImportDialog, "exec", exec_)
    actions.import_xlsx(str(workbook))
    assert not errors, errors
    assert ["3", "1.4", "Số liệu", "124", "140"] in seen["rows"]  # the value Excel computed, as a number
    assert ["3", "1.4", "Ghi chú", "(trống)", "xem tài liệu"] in seen["rows"]  # the link's text, no formula
    assert not any(r[1] == "1.4.1" for r in seen["rows"])  # #VALUE! from the DDE payload: old number kept
    assert any("1.4.1" in f and "công thức báo lỗi (#VALUE!)" in f for f in seen["findings"]), seen["findings"]
    for text in [*seen["findings"], *(c for row in seen["rows"] for c in row)]:
        assert not text.startswith("="), text  # nothing imported as a formula
        assert not any(word in text for word in ENGLISH), text
    annex = window.session.draft.annex["3"]
    assert annex["1.4"]["value"] == "140" and annex["1.4.1"]["value"] == "137"
    assert workbook.read_bytes() == colleague  # reading never writes
    # the state before the import is in the history, so the import can be undone there
    before = [r for r in profiled_store.revisions(window.session.draft_id)
              if r.reason.startswith("Trước khi nhập Excel")]
    assert len(before) == 1
    assert profiled_store.load_revision(before[0].id).annex["3"]["1.4"]["value"] == "124"
    window.close()
