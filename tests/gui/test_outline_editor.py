"""The outline editor and the text widgets driven like a user: add, rename, delete, move, paste."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys

if sys.version_info < (3, 12):  # PySide6 6.12 (abi3) drops a reference to None on every None it returns;
    import ctypes  # on Python < 3.12 None is mortal, so keep it alive for the test run.

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 30

import unicodedata

import pytest
from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from cchc_desktop.draft import Section
from cchc_desktop.gui.widgets.outline_editor import OutlineEditor
from cchc_desktop.gui.widgets.text_edit import ListEditor, PlainTextEditor, VnLineEdit
from cchc_desktop.outlines import new_draft

pytestmark = pytest.mark.gui


@pytest.fixture
def draft():
    return new_draft("periodic")


@pytest.fixture
def make_editor(qtbot, draft):
    def make(part_index=0):
        editor = OutlineEditor(draft, draft.outline[part_index].id)
        qtbot.addWidget(editor)
        editor.resize(1280, 800)
        editor.show()
        qtbot.waitExposed(editor)
        editor.activateWindow()
        qtbot.waitActive(editor)
        return editor
    return make


def record(editor):
    fields, structure = [], []
    editor.fieldEdited.connect(lambda path, value: fields.append((path, value)))
    editor.structureChanged.connect(lambda: structure.append(True))
    return fields, structure


def tree_texts(editor):
    out = []

    def walk(item):
        out.append(item.text(0))
        for i in range(item.childCount()):
            walk(item.child(i))
    walk(editor.tree.topLevelItem(0))
    return out


def inline_editor(editor):
    lines = [w for w in editor.tree.viewport().findChildren(VnLineEdit) if w.isVisible()]
    return lines[0] if lines else None


def press_on_tree(qtbot, editor, key, modifier=Qt.KeyboardModifier.NoModifier):
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, key, modifier)


def test_tree_shows_printed_numbers(make_editor, draft):
    editor = make_editor(0)
    texts = tree_texts(editor)
    assert texts[0] == "I. Công tác chỉ đạo, điều hành"
    assert texts[1] == "1. Về kế hoạch cải cách hành chính"
    assert editor.current_section_id() == draft.outline[0].id
    assert editor.tree.accessibleName() and editor.text_edit.accessibleName()


def test_add_sibling_and_child_renumber(qtbot, make_editor, draft):
    editor = make_editor(0)
    part = draft.outline[0]
    fields, structure = record(editor)
    editor.select_section(part.children[0].id)
    qtbot.mouseClick(editor.btn_add, Qt.MouseButton.LeftButton)
    assert structure == [True]
    assert part.children[1].title == "Mục mới"  # inserted right after the current section
    assert editor.current_section_id() == part.children[1].id
    assert tree_texts(editor)[2] == "2. Mục mới"
    assert tree_texts(editor)[3].startswith("3. Về tiến độ")  # the old 2. moved down
    line = inline_editor(editor)  # a new section opens for naming at once
    assert line is not None and line.text() == "Mục mới"
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.wait(20)  # the item delegate commits on the next turn of the event loop
    editor.select_section(part.children[0].id)
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(structure) == 2
    assert [c.title for c in part.children[0].children] == ["Mục mới"]
    assert "1.1. Mục mới" in tree_texts(editor)


def test_rename_inline_with_f2_and_in_the_title_field(qtbot, make_editor, draft):
    editor = make_editor(0)
    target = draft.outline[0].children[2]
    fields, _ = record(editor)
    editor.select_section(target.id)
    press_on_tree(qtbot, editor, Qt.Key.Key_F2)
    line = inline_editor(editor)
    assert isinstance(line, VnLineEdit) and line.text() == target.title  # title only, no number
    line.setText("Về kiểm tra")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.wait(20)  # the item delegate commits on the next turn of the event loop
    assert target.title == "Về kiểm tra"
    assert fields[-1] == (("section", target.id, "title"), "Về kiểm tra")
    assert "3. Về kiểm tra" in tree_texts(editor)
    assert editor.title_edit.text() == "Về kiểm tra"
    editor.title_edit.setFocus()
    editor.title_edit.selectAll()
    qtbot.keyClicks(editor.title_edit, "Kiem tra CCHC")
    assert target.title == "Kiem tra CCHC"
    assert fields[-1] == (("section", target.id, "title"), "Kiem tra CCHC")
    assert "3. Kiem tra CCHC" in tree_texts(editor)


def test_delete_empty_section_without_asking(qtbot, make_editor, draft, monkeypatch):
    editor = make_editor(0)
    part = draft.outline[0]
    monkeypatch.setattr(editor, "confirm_delete", lambda node: pytest.fail("should not ask"))
    gone = part.children[5]
    _, structure = record(editor)
    editor.select_section(gone.id)
    press_on_tree(qtbot, editor, Qt.Key.Key_Delete)
    assert gone not in part.children and len(part.children) == 5
    assert structure == [True]
    assert editor.current_section_id() == part.children[4].id  # the one above takes the selection


def test_delete_with_text_asks_in_vietnamese(qtbot, make_editor, draft):
    editor = make_editor(0)
    part = draft.outline[0]
    victim = part.children[1]
    victim.text = "Đã hoàn thành 10/12 nhiệm vụ."
    seen = {}

    def answer(button_text):
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        seen["text"] = box.text()
        next(b for b in box.buttons() if b.text() == button_text).click()

    editor.select_section(victim.id)
    QTimer.singleShot(0, lambda: answer("Không"))
    assert editor.delete_current() is False
    assert victim in part.children
    assert seen["buttons"] == ["Không", "Xóa"]
    assert "2. Về tiến độ" in seen["text"]
    QTimer.singleShot(0, lambda: answer("Xóa"))
    assert editor.delete_current() is True
    assert victim not in part.children


def test_part_itself_cannot_be_deleted_or_moved(qtbot, make_editor, draft):
    editor = make_editor(1)
    editor.select_section(draft.outline[1].id)
    assert not editor.btn_delete.isEnabled() and not editor.btn_up.isEnabled()
    assert editor.btn_rename.isEnabled()
    press_on_tree(qtbot, editor, Qt.Key.Key_Delete)
    assert len(draft.outline) == 5


def test_move_up_and_down_renumbers(qtbot, make_editor, draft):
    editor = make_editor(0)
    part = draft.outline[0]
    first, second = part.children[0], part.children[1]
    _, structure = record(editor)
    editor.select_section(second.id)
    press_on_tree(qtbot, editor, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert part.children[:2] == [second, first]
    assert tree_texts(editor)[1].startswith("1. Về tiến độ")
    assert editor.current_section_id() == second.id
    assert not editor.btn_up.isEnabled()
    press_on_tree(qtbot, editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert part.children[:2] == [first, second]
    qtbot.mouseClick(editor.btn_down, Qt.MouseButton.LeftButton)
    assert part.children[2] is second
    assert len(structure) == 3


def test_indent_and_outdent_change_depth_and_numbers(qtbot, make_editor, draft):
    editor = make_editor(1)  # II. Kết quả ...: 2. has 2.1 .. 2.7
    part = draft.outline[1]
    tthc = part.children[1]
    sub = tthc.children[1]  # "2.2."
    editor.select_section(sub.id)
    press_on_tree(qtbot, editor, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert tthc.children[0].children == [sub]
    assert any(t.startswith("a) ") for t in tree_texts(editor))  # fourth level: a), b)
    assert tree_texts(editor)[4].startswith("a) Công khai")
    assert tree_texts(editor)[5].startswith("2.2. Thực hiện cơ chế")  # old 2.3 renumbered
    press_on_tree(qtbot, editor, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert tthc.children[1] is sub
    qtbot.mouseClick(editor.btn_outdent, Qt.MouseButton.LeftButton)
    assert part.children[2] is sub  # now a numbered item "3." of the part
    assert editor.current_section_id() == sub.id
    assert not editor.btn_outdent.isEnabled()  # never becomes a part of its own


def test_typing_and_pasting_text(qtbot, make_editor, draft):
    editor = make_editor(0)
    target = draft.outline[0].children[0]
    fields, _ = record(editor)
    editor.select_section(target.id)
    assert "Hướng dẫn:" in editor.guidance.text() and editor.guidance.isVisible()
    editor.text_edit.setFocus()
    qtbot.keyClicks(editor.text_edit, "- Ke hoach")
    assert fields[-1] == (("section", target.id, "text"), "- Ke hoach")
    qtbot.keyClick(editor.text_edit, Qt.Key.Key_Return)
    mime = QMimeData()
    nfd = unicodedata.normalize("NFD", "+ Việt Nam\u00a0đã ban hành")
    mime.setText(nfd)
    mime.setHtml("<b>ignored formatting</b>")
    editor.text_edit.insertFromMimeData(mime)
    expected = "- Ke hoach\n+ Việt Nam đã ban hành"
    assert fields[-1] == (("section", target.id, "text"), expected)
    assert unicodedata.is_normalized("NFC", fields[-1][1])
    assert target.text == expected
    assert editor.text_edit.toPlainText() == expected  # the widget shows NFC too
    # switching sections keeps each section's own text (and its undo history)
    editor.select_section(draft.outline[0].children[1].id)
    assert editor.text_edit.toPlainText() == ""
    editor.select_section(target.id)
    assert editor.text_edit.toPlainText() == expected
    editor.text_edit.undo()
    assert target.text == "- Ke hoach\n"


def test_context_menus_are_vietnamese(qtbot):
    editor = PlainTextEditor()
    qtbot.addWidget(editor)
    menu = editor.build_context_menu()
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == \
        ["Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Chọn tất cả"]
    line = VnLineEdit()
    qtbot.addWidget(line)
    texts = [a.text() for a in line.build_context_menu().actions() if not a.isSeparator()]
    assert texts == ["Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xóa", "Chọn tất cả"]


def test_list_editor(qtbot):
    lists = []
    editor = ListEditor(["Công văn số 1", "Kế hoạch số 2"], accessible_name="Căn cứ ban hành")
    qtbot.addWidget(editor)
    editor.show()
    editor.itemsChanged.connect(lists.append)
    assert editor.list.accessibleName() == "Căn cứ ban hành"
    editor.list.setCurrentRow(1)
    qtbot.mouseClick(editor.btn_up, Qt.MouseButton.LeftButton)
    assert lists[-1] == ["Kế hoạch số 2", "Công văn số 1"]
    editor.add_item(unicodedata.normalize("NFD", "Quyết định  số 3 "))
    assert lists[-1] == ["Kế hoạch số 2", "Quyết định số 3", "Công văn số 1"]
    editor.list.setCurrentRow(0)
    qtbot.mouseClick(editor.btn_remove, Qt.MouseButton.LeftButton)
    assert lists[-1] == ["Quyết định số 3", "Công văn số 1"]
    editor.list.item(1).setText("Công văn số 10")  # an inline edit
    assert lists[-1] == ["Quyết định số 3", "Công văn số 10"]
    editor.set_items(["A"])
    assert editor.items() == ["A"] and lists[-1] == ["Quyết định số 3", "Công văn số 10"]


def test_external_draft_change_and_rebuild(make_editor, draft):
    editor = make_editor(2)
    draft.outline[2].children.append(Section(id="x1", title="Bài học kinh nghiệm"))
    editor.rebuild()
    assert editor.select_section("x1")
    assert tree_texts(editor)[-1] == "3. Bài học kinh nghiệm"
    assert isinstance(editor.title_edit, QLineEdit)


def test_delete_question_names_the_section_as_printed(make_editor, draft):
    editor = make_editor(0)
    node = draft.outline[0].children[0]
    node.title = "Nhiệm vụ {kỳ tới}"
    question = editor.delete_question(node)
    from cchc_desktop.periods import outlook_title

    assert question == f"Xóa mục «1. Nhiệm vụ {outlook_title(draft.period)}»?"
