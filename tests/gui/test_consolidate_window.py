"""The province official's window, driven like a user: folder, communes list with two missing,
deadline, «Tổng hợp» (read off the UI thread, progress bar), filters, a commune's report
read-only, a second copy chosen, the workbook exported, the province's report made and opened
in the wizard."""
from __future__ import annotations

import datetime as _dt
import random
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate

from cchc_desktop.editing import AnnexCell, apply_edits
from tools.commune_reports import base_draft, commune_names, vary, write_report

from .conftest import ROOT
from .driving import click_button

pytestmark = pytest.mark.gui


@pytest.fixture
def province_folder(tmp_path):
    base = base_draft("A-2024", Path(ROOT))
    rnd = random.Random(8)
    folder = tmp_path / "bao-cao-cac-xa"
    folder.mkdir()
    names = commune_names(8, seed=21)
    labels = []
    for i, (kind, name) in enumerate(names):
        d, _ = vary(base, kind, name, rnd, _dt.date(2024, 6, 12 + i), i + 1)
        if i == 1:
            # a part far beyond its whole: an error and an outlier
            apply_edits(d, [(AnnexCell("3", "1.4.1", "value"), "99999")])
        write_report(d, folder / f"{i}.{('docx', 'xlsx')[i % 2]}")
        labels.append(f"{kind.capitalize()} {name}")
    d, _ = vary(base, names[0][0], names[0][1], rnd, _dt.date(2024, 6, 30), 50)  # a second copy, later
    write_report(d, folder / "0-ban-sua.docx")
    (folder / "ghi-chu.docx").write_bytes(b"not a docx")
    roster = tmp_path / "danh-sach.csv"
    roster.write_text("Tên xã\n" + "\n".join(labels + ["Xã Chưa Gửi", "Phường Chưa Gửi"]) + "\n", encoding="utf-8")
    return folder, roster, labels


def test_consolidate_in_the_window(qtbot, home, answers, province_folder, tmp_path):
    folder, roster, labels = province_folder
    before = {p: p.read_bytes() for p in folder.iterdir()}
    click_button(qtbot, home.button_consolidate)
    window = home._consolidate_window
    qtbot.waitExposed(window)
    assert not window.button_run.isEnabled()  # no folder yet

    window.import_list(str(roster))
    assert "10 xã" in window.list_label.text()
    window.choose_folder(str(folder))
    window.has_deadline.setChecked(True)
    window.deadline.setDate(QDate(2024, 6, 15))
    click_button(qtbot, window.button_run)
    assert window.progress.isVisible()
    qtbot.waitUntil(lambda: window.result is not None, timeout=60000)
    assert not window.progress.isVisible()
    assert "2 chưa nộp" in window.summary.text() and "1 tệp không tính" in window.summary.text()

    def shown_names():
        return [window.table.item(r, 0).text() for r in range(window.table.rowCount())]

    assert len(shown_names()) == 10
    window.filter.setCurrentIndex(window.filter.findData("missing"))
    assert shown_names() == ["Xã Chưa Gửi", "Phường Chưa Gửi"]
    window.filter.setCurrentIndex(window.filter.findData("late"))
    late = {lab for i, lab in enumerate(labels) if 12 + i > 15} | {labels[0]}  # the later copy counts
    assert set(shown_names()) == late
    window.filter.setCurrentIndex(window.filter.findData("errors"))
    assert shown_names() == [labels[1]]
    window.filter.setCurrentIndex(window.filter.findData("outliers"))
    assert labels[1] in shown_names()
    assert window.tabs.tabText(1) == "Tệp không tính (1)"
    assert window.skipped.item(0, 0).text() == "ghi-chu.docx"

    # a commune's report, read-only
    window.filter.setCurrentIndex(window.filter.findData("errors"))
    window.table.selectRow(0)
    click_button(qtbot, window.button_open)
    viewer = window.viewer
    qtbot.waitExposed(viewer)
    text = viewer.browser.toPlainText()
    assert labels[1] in text and "1.4.1" in text and "Lỗi" in text
    assert viewer.browser.isReadOnly()
    viewer.close()
    window.filter.setCurrentIndex(window.filter.findData("all"))
    window.table.selectRow(2)  # a DOCX: the text of the report itself, read-only
    window.open_selected()
    qtbot.waitExposed(window.viewer)
    text = window.viewer.browser.toPlainText()
    assert labels[2] in text and "BÁO CÁO" in text and "CÔNG TÁC CHỈ ĐẠO" in text.upper()
    window.viewer.close()

    # the first commune sent two copies: count the older one
    window.filter.setCurrentIndex(window.filter.findData("copies"))
    assert shown_names() == [labels[0]]
    window.table.selectRow(0)
    assert window.button_choose.isEnabled()
    window.choose_copy(str(folder / "0.docx"))
    counted = next(s for s in window.result.collection.counted() if s.commune == labels[0])
    assert counted.name == "0.docx"

    # export, then the province's report opens in the wizard
    out = window.export_workbook(str(tmp_path / "TONG-HOP.xlsx"))
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["Tình hình nộp", "Biểu 1"] and "Kiểm tra" in wb.sheetnames
    draft_id = window.make_province_draft()
    assert draft_id in home.windows
    draft = home.store.load_draft(draft_id)
    assert draft.kind == "periodic" and draft.variant == "A-2024"
    assert draft.annex["1"]["2.1"]["value"]  # a summed count
    assert {p: p.read_bytes() for p in folder.iterdir()} == before


def test_nothing_readable_says_so(qtbot, home, answers, tmp_path):
    empty = tmp_path / "trong"
    empty.mkdir()
    home.open_consolidation()
    window = home._consolidate_window
    window.choose_folder(str(empty))
    click_button(qtbot, window.button_run)
    qtbot.waitUntil(lambda: window.task is None, timeout=30000)
    assert any(kind == "error" and "Không có báo cáo nào" in text for kind, text in answers.shown)
    assert window.result is None and not window.button_export.isEnabled()
