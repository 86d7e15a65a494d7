"""Issue 13: the things that got in the way of a commune official, each driven through the real
widgets (keys, clicks, menus) against a real store."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cchc_desktop.draft import Period
from cchc_desktop.gui.drafts_model import COL_PERIOD, COL_STATE, COL_SUMMARY, EDITED_AFTER_EXPORT, HEADERS
from cchc_desktop.outlines import new_draft

from .driving import click_button, type_text

pytestmark = pytest.mark.gui


def add_draft(store, ptype="6m", year=2025, summary="Báo cáo CCHC 6 tháng đầu năm 2025"):
    draft = new_draft("periodic", Period(type=ptype, year=year), None, store.load_profile())
    draft.meta.summary = summary
    store.create_draft(draft)
    return draft


def menu_action(window, menu_title: str, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == menu_title)
    return next(a for a in menu.actions() if a.text() == text)


def active(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_next_period_twice_offers_the_existing_one(qtbot, home, profiled_store, answers):
    """Item 1."""
    a = add_draft(profiled_store, "q1", 2025, "Quý I")
    home.refresh()
    home.select(a.id)
    answers.choice = -1
    click_button(qtbot, home.button_next)  # the first time: a new "Quý II" draft, opened
    assert len(profiled_store.list_drafts()) == 2
    for w in list(home.windows.values()):
        w.close()
    home.select(a.id)
    answers.shown.clear()
    answers.choice = 0  # "Mở báo cáo đã có"
    click_button(qtbot, home.button_next)
    assert len(profiled_store.list_drafts()) == 2  # no second identical draft
    assert any(kind == "choice" and "Đã có báo cáo" in text for kind, text in answers.shown)
    (opened,) = home.windows.values()
    assert opened.session.draft.period.type != "q1"


def test_export_keeps_a_named_revision_and_the_list_says_edited_after(qtbot, home, profiled_store, export_dir):
    """Items 5 and 6."""
    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Ctrl+E from step 1
    qtbot.waitUntil(lambda: profiled_store.draft_summary(a.id).state == "exported", timeout=30000)
    reasons = [r.reason for r in profiled_store.revisions(a.id)]
    assert any(r.startswith("Bản đã xuất ") and dt.datetime.now().strftime("%d/%m/%Y") in r for r in reasons)
    home.refresh()
    row = next(i for i, s in enumerate(home.model.rows) if s.id == a.id)
    assert home.model.data(home.model.index(row, COL_STATE)) == "đã xuất"
    qtbot.wait(1100)  # the next save is in a later second than the export
    type_text(qtbot, window.step("general").fields["place"], "x")
    window.session.flush()
    home.refresh()
    assert home.model.data(home.model.index(row, COL_STATE)) == EDITED_AFTER_EXPORT


def test_home_list_title_and_period_first(qtbot, home, profiled_store):
    """Item 16."""
    add_draft(profiled_store, "6m", 2025, "Báo cáo A")
    add_draft(profiled_store, "q3", 2025, "Báo cáo B")
    home.refresh()
    assert HEADERS[:2] == ["Trích yếu", "Kỳ báo cáo"] and "Cơ quan ban hành" not in HEADERS
    titles = {home.model.data(home.model.index(r, COL_SUMMARY)) for r in range(home.model.rowCount())}
    assert titles == {"Báo cáo A", "Báo cáo B"}
    periods = {home.model.data(home.model.index(r, COL_PERIOD)) for r in range(home.model.rowCount())}
    assert len(periods) == 2


def test_quit_closes_every_window_after_saving(qtbot, home, profiled_store):
    """Item 7: Ctrl+Q on the home window quits the report windows too; the report window has
    'Về trang chủ'."""
    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    home.hide()
    back = menu_action(window, "&Tệp", "&Về trang chủ")
    back.trigger()
    assert home.isVisible()
    type_text(qtbot, window.step("general").fields["place"], "Quang Khải")
    quit_action = menu_action(home, "&Tệp", "&Thoát")
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    quit_action.trigger()
    assert not home.windows and not home.isVisible()
    assert profiled_store.load_draft(a.id).meta.place.endswith("Quang Khải")


def test_reopen_resumes_where_the_user_left(qtbot, home, profiled_store):
    """Item 14 (and 15: the size is remembered)."""
    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    window.go_to_step("part-2")
    outline = window.step("part-2").outline
    section = window.step("part-2").part.children[1]
    outline.select_section(section.id)
    type_text(qtbot, outline.text_edit, "Đoạn một")
    cursor = outline.text_edit.textCursor()
    cursor.setPosition(3)
    outline.text_edit.setTextCursor(cursor)
    window.resize(700, 450)
    window.close()
    again = home.open_draft(a.id)
    assert again.current_step_id() == "part-2"
    assert again.step("part-2").outline.current_section_id() == section.id
    assert again.step("part-2").outline.text_edit.textCursor().position() == 3
    assert again.height() == 450  # (the offscreen screen is 800 wide: the width is clamped to it)
    assert "Đã lưu lúc" in again.saved_label.text()


def test_saved_time_has_the_date_when_not_today():
    from cchc_desktop.gui.timefmt import saved_time

    iso = "2026-11-27T21:52:09"
    assert saved_time(iso, today=dt.date(2026, 11, 27)) == "21:52:09"
    assert saved_time(iso, today=dt.date(2026, 11, 28)) == "21:52:09 ngày 27/11/2026"


def test_small_things(qtbot, home, profiled_store):
    """Item 20: the last step is never 'chưa nhập'; 'Cảnh báo' as the CLI says; a new signer
    row is a deputy once there is a Chairman."""
    from PySide6.QtWidgets import QPushButton

    from cchc_desktop.gui.profile_dialog import ProfileDialog
    from cchc_desktop.gui.wizard.base import STATE_TEXT

    a = add_draft(profiled_store)
    window = home.open_draft(a.id)
    assert window.step_states()[window.index_of("review")] != STATE_TEXT["empty"]
    window.go_to_step("review")
    texts = [window.review.list.item(i).text() for i in range(window.review.list.count())]
    assert any(t.startswith("Cảnh báo: ") for t in texts) and not any("Lưu ý" in t for t in texts)
    assert "cảnh báo" in window.review.counts.text() and "lưu ý" not in window.review.counts.text()
    dialog = ProfileDialog(profiled_store.load_profile(), home)
    add = next(b for b in dialog.dialog.findChildren(QPushButton) if b.objectName() == "addSignerButton")
    before = dialog.signers.rowCount()
    click_button(qtbot, add)
    assert dialog.signers.item(before, 1).text() == "PHÓ CHỦ TỊCH"
    assert dialog.signers.cellWidget(before, 2).isChecked()


def test_find_and_replace_across_the_whole_report(qtbot, home, profiled_store):
    """Find (Ctrl+F) and replace (Ctrl+H) over every step's text."""
    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    part1, part3 = window.step("part-1"), window.step("part-3")
    s1, s3 = part1.part.children[0], part3.part.children[0]
    editor = window.session.editor
    from cchc_desktop.editing import SectionField

    editor.set(SectionField(s1.id, "text"), "UBND xã Hòa Bình đã triển khai.", initiator="test")
    editor.set(SectionField(s3.id, "text"), "Kết quả ở Hòa Bình tốt.", initiator="test")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window.find_dialog
    assert dialog.isVisible() and not dialog.replace_edit.isVisible()
    type_text(qtbot, dialog.find_edit, "hòa bình")
    click_button(qtbot, dialog.next_button)
    assert window.current_step_id() == "part-1"
    assert part1.outline.text_edit.textCursor().selectedText() == "Hòa Bình"
    assert dialog.status.text().startswith("Kết quả 1/2")
    click_button(qtbot, dialog.next_button)
    assert window.current_step_id() == "part-3"
    dialog.close()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert dialog.replace_edit.isVisible()
    type_text(qtbot, dialog.replace_edit, "Quang Khải")
    saves = editor.saves
    click_button(qtbot, dialog.all_button)
    assert dialog.status.text() == "Đã thay 2 chỗ."
    assert "Quang Khải" in window.session.draft.find_section(s1.id).text
    assert part3.outline.section(s3.id).text == "Kết quả ở Quang Khải tốt."
    window.session.flush()
    assert editor.saves == saves + 1
    assert profiled_store.load_draft(a.id).find_section(s3.id).text == "Kết quả ở Quang Khải tốt."


def test_text_zoom_with_ctrl_wheel_is_remembered(qtbot, home, profiled_store):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    window.go_to_step("part-1")
    text = window.step("part-1").outline.text_edit
    before = text.font().pointSizeF()
    for _ in range(2):
        event = QWheelEvent(QPointF(10, 10), QPointF(text.mapToGlobal(QPoint(10, 10))), QPoint(0, 0),
                            QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(text.viewport(), event)
    assert text.font().pointSizeF() == before + 2
    assert window.step("general").fields["preamble"].font().pointSizeF() > \
        window.step("general").fields["summary"].font().pointSizeF()
    window.close()
    again = active(qtbot, home.open_draft(a.id))
    assert again.step("part-1").outline.text_edit.font().pointSizeF() == before + 2
    qtbot.keyClick(again, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.step("part-1").outline.text_edit.font().pointSizeF() == before


def test_review_step_shows_words_and_pages(qtbot, home, profiled_store):
    a = add_draft(profiled_store)
    window = home.open_draft(a.id)
    from cchc_desktop.editing import SectionField

    section = window.step("part-1").part.children[0]
    window.session.editor.set(SectionField(section.id, "text"), " ".join(["chữ"] * 1600), initiator="test")
    window.go_to_step("review")
    window.review.refresh_preview()
    text = window.review.length.text()
    assert text.startswith("Khoảng 1.") and "chữ, ước" in text and "trang khi in" in text


def test_typing_into_a_computed_rate_says_why_and_moves(qtbot, home, profiled_store):
    """Item 2."""
    a = add_draft(profiled_store)
    a.variant = "A-2024"
    profiled_store.save_draft(a)
    window = active(qtbot, home.open_draft(a.id))
    window.go_to_step("annex-1")
    grid = window.step("annex-1").grid
    assert grid.focus_cell("2")  # "2" is the rate of 2.2 over 2.1
    qtbot.keyClick(grid.view, "5")
    assert "tự tính từ dòng 2.2 và dòng 2.1" in grid.hint.text()
    assert grid.model.indicator(grid.view.currentIndex().row()).code == "2.2"
    assert grid.model.text("2", "value") == ""


def test_findings_panel_folds_and_is_remembered(qtbot, home, profiled_store):
    """Item 11."""
    a = add_draft(profiled_store)
    a.variant = "A-2024"
    a.annex = {"1": {"2.1": {"value": "5", "note": ""}, "2.2": {"value": "9", "note": ""}}}
    profiled_store.save_draft(a)
    window = active(qtbot, home.open_draft(a.id))
    window.go_to_step("annex-1")
    grid = window.step("annex-1").grid
    assert grid.panel.count() >= 1 and grid.panel.isVisible()
    click_button(qtbot, grid.toggle)
    assert not grid.panel.isVisible() and grid.summary.isVisible()
    window.go_to_step("annex-2")
    assert not window.step("annex-2").grid.panel.isVisible()  # the same on every form
    window.close()
    again = home.open_draft(a.id)
    again.go_to_step("annex-1")
    assert not again.step("annex-1").grid.panel.isVisible()


def test_text_vs_table_note_shows_on_the_form_it_jumps_to(qtbot, home, profiled_store):
    """Item 13: the note is listed in Biểu mẫu 6's own panel, not 'Chưa thấy lỗi'."""
    a = add_draft(profiled_store)
    a.variant = "A-2024"
    a.annex = {"6": {"4": {"value": "80", "note": ""}}}
    a.outline[1].children[0].text = "Tỷ lệ giải ngân đạt 95% kế hoạch vốn."
    profiled_store.save_draft(a)
    window = home.open_draft(a.id)
    window.go_to_step("annex-6")
    grid = window.step("annex-6").grid
    texts = [grid.panel.item(i).text() for i in range(grid.panel.count())]
    assert any("95" in t for t in texts), texts


def test_ctrl_e_from_any_step_says_where_the_file_went(qtbot, home, profiled_store, export_dir):
    """Item 4."""
    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    window.go_to_step("part-2")
    assert not window.notice.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=30000)
    assert window.current_step_id() == "part-2"
    assert str(export_dir) in window.notice_label.text() and window.notice_label.text().endswith(".docx")
    assert window.notice_open.text() == "Mở tệp" and window.notice_folder.text() == "Mở thư mục"


def test_paste_from_a_pdf_joins_a_line_starting_with_a_number(qtbot):
    """Item 8."""
    from PySide6.QtGui import QGuiApplication

    from cchc_desktop.gui.widgets.text_edit import PlainTextEditor

    edit = PlainTextEditor(join_lines=True)
    qtbot.addWidget(edit)
    QGuiApplication.clipboard().setText("Bộ phận một cửa đã tiếp nhận\n1.198 hồ sơ, giải quyết đúng hạn.\n"
                                        "1. Kết quả khác")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText().split("\n") == ["Bộ phận một cửa đã tiếp nhận 1.198 hồ sơ, giải quyết đúng hạn.",
                                              "1. Kết quả khác"]


def test_send_without_a_mail_account_offers_the_settings(qtbot, home, profiled_store, answers):
    """Item 9: the message offers "Thiết lập thư…" (answered by the fixture's message boxes),
    which opens the real Hồ sơ của xã dialog on its mail tab."""
    from PySide6.QtWidgets import QDialog, QTabWidget

    from .test_unsaved_close import on_dialogs

    a = add_draft(profiled_store)
    window = active(qtbot, home.open_draft(a.id))
    send = next(act for act in window.file_menu.actions() if act.text().replace("&", "").startswith("Gửi"))
    shown = {}

    def look_and_cancel(dialog: QDialog):
        tab = dialog.findChild(QTabWidget, "tabs")
        shown["tab"] = tab.tabText(tab.currentIndex())
        dialog.reject()

    answers.choice = 0  # "Thiết lập thư…"
    seen = on_dialogs(look_and_cancel)
    send.trigger()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    (kind, text), = [x for x in answers.shown if x[0] == "choice"]
    assert "Chưa thiết lập hộp thư" in text and "Hồ sơ của xã" in text and "hồ sơ đơn vị" not in text
    assert "thư" in shown["tab"].lower()


def test_step_list_fits_a_short_screen(qtbot, home, profiled_store):
    """Item 15: at 512 px (1366x768 at 150 %) every step is in view without scrolling."""
    a = add_draft(profiled_store)
    a.variant = "A-2024"
    profiled_store.save_draft(a)
    window = home.open_draft(a.id)
    window.showNormal()  # it opened maximised: the offscreen screen is small
    qtbot.wait(100)
    window.resize(900, 512)
    qtbot.waitUntil(lambda: window.step_list.compact, timeout=3000)
    qtbot.wait(100)
    assert window.height() == 512
    assert window.step_list.verticalScrollBar().maximum() == 0
    assert window.step_list.item(0).text().endswith(" · " + window.step_states()[0])


def test_title_bars_name_the_app_once(qtbot, home, profiled_store):
    """Item 20: Qt appends the display name; our titles never carry it themselves."""
    app = QApplication.instance()
    app.setApplicationDisplayName("CCHC Desktop")
    a = add_draft(profiled_store)
    window = home.open_draft(a.id)
    for w in (home, window):
        assert "CCHC Desktop" not in w.windowTitle(), w.windowTitle()
    assert window.windowTitle().startswith("Báo cáo CCHC 6 tháng đầu năm 2025 – ")
