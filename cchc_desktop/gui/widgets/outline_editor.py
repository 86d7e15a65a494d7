"""Edit one part of the report outline: its numbered sections on the left, the text on the right.

Given a :class:`editing.DraftEditor`, every title and text edit is one ``editor.set`` and every
add / remove / move / indent one ``editor.edit_outline`` (this widget as the initiator); the
wizard step forwards the editor's notices to :meth:`OutlineEditor.refresh`. Without one (tests of
the widget alone) it changes the passed draft in place and emits ``fieldEdited(path, value)`` and
``structureChanged()``.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...draft import Draft, Section, new_id
from ...editing import outline as ops
from ...outlines import level_style, styled_sections
from ...textnorm import clean_line
from .section_pane import T_TITLE_NAME, SectionPane
from .text_edit import VnLineEdit

# Vietnamese UI text of this screen.
T_ADD = "Thêm mục"
T_ADD_CHILD = "Thêm mục con"
T_RENAME = "Đổi tên"
T_DELETE = "Xóa"
T_UP = "Lên"
T_DOWN = "Xuống"
T_INDENT = "Thụt vào"
T_OUTDENT = "Thụt ra"
T_NO = "Không"
T_NEW_TITLE = "Mục mới"
T_UNTITLED = "(chưa có tiêu đề)"
T_TREE_NAME = "Dàn ý của phần báo cáo"
T_CONFIRM_TITLE = "Xóa mục"
T_CONFIRM_TEXT = "Xóa mục «{name}»?"
T_CONFIRM_DETAIL_TEXT = "Mục này đã có nội dung."
T_CONFIRM_DETAIL_CHILDREN = "Mục này có {n} mục con; các mục con cũng bị xóa."
T_CONFIRM_TAIL = "Không thể hoàn tác thao tác này."

ID_ROLE = Qt.ItemDataRole.UserRole


class _TitleDelegate(QStyledItemDelegate):
    """Inline rename in the tree: the editor shows the title alone, without the printed number."""

    def __init__(self, editor: OutlineEditor):
        super().__init__(editor.tree)
        self._outline = editor

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt API
        line = VnLineEdit(parent)
        line.setAccessibleName(T_TITLE_NAME)
        return line

    def setEditorData(self, editor, index):  # noqa: N802 - Qt API
        section = self._outline.section(index.data(ID_ROLE))
        # the period phrases as the words they print, as in the title field
        editor.setText(self._outline.pane.shown_title(section.title).shown if section else "")
        editor.selectAll()

    def setModelData(self, editor, model, index):  # noqa: N802 - Qt API
        from ...editing.period import stored_from_shown

        section = self._outline.section(index.data(ID_ROLE))
        if section is not None:
            base = self._outline.pane.shown_title(section.title)
            self._outline.rename(section.id, stored_from_shown(clean_line(editor.text()), base))

    def sizeHint(self, option, index):  # noqa: N802 - Qt API
        size = super().sizeHint(option, index)
        size.setHeight(size.height() + 8)  # airier rows, easier to hit with the mouse
        return size


class OutlineEditor(QWidget):
    # the tool buttons, made in a loop (setattr) from their specs
    btn_delete: QPushButton
    btn_rename: QPushButton
    btn_up: QPushButton
    btn_down: QPushButton
    btn_indent: QPushButton
    btn_outdent: QPushButton

    fieldEdited = Signal(tuple, object)
    structureChanged = Signal()

    def __init__(self, draft: Draft, part_id: str, parent: QWidget | None = None, *, editor=None):
        super().__init__(parent)
        # every change goes through an editor (issue 12: one edit path); alone (tests, a preview
        # pane) the widget makes its own editor over ``draft``, with no store behind it
        self._standalone = editor is None
        if editor is None:
            from ...editing import DraftEditor

            editor = DraftEditor(draft)
        self.editor = editor
        self.part_id = part_id
        self._items: dict[str, QTreeWidgetItem] = {}
        self._current: str | None = None
        self._build_ui()
        self.pane.period_of = lambda: self.draft.period  # the words its placeholders show
        self._build_shortcuts()
        self.rebuild()
        self.select_section(part_id)

    # ----- public API ---------------------------------------------------------------------------
    @property
    def draft(self) -> Draft:
        return self.editor.draft

    @property
    def part(self) -> Section:
        for node in self.draft.outline:
            if node.id == self.part_id:
                return node
        raise KeyError(f"no part {self.part_id!r} in the draft outline")

    def section(self, section_id: str | None) -> Section | None:
        return ops.find(self.part, section_id) if section_id else None

    def current_section_id(self) -> str | None:
        return self._current

    def select_section(self, section_id: str) -> bool:
        item = self._items.get(section_id)
        if item is None:
            return False
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        return True

    def rebuild(self) -> None:
        """Redraw the tree from the draft (after structural edits or an outside change)."""
        styled = styled_sections(self.draft)
        numbers = {s.id: label for _, _, label, s in styled}
        self._numbers = numbers
        self._levels = {s.id: level for level, _, _, s in styled}
        keep = self._current
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items = {}

        def add(node: Section, parent_item):
            item = QTreeWidgetItem(parent_item)
            item.setData(0, ID_ROLE, node.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self._items[node.id] = item
            self._paint_item(node)
            for child in node.children:
                add(child, item)

        add(self.part, self.tree)
        font = self.tree.font()
        font.setBold(True)
        self._items[self.part_id].setFont(0, font)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self.pane.forget(set(numbers))
        if keep in self._items:
            self.tree.setCurrentItem(self._items[keep])
        self._update_buttons()

    # ----- edits -----------------------------------------------------------------------------------
    def rename(self, section_id: str, title: str) -> None:
        node = self.section(section_id)
        if node is None:
            return
        title = clean_line(title)
        if title == node.title:
            return
        from ...editing import SectionField

        self.editor.set(SectionField(section_id, "title"), title, initiator=self)
        self._paint_item(node)
        if section_id == self._current and self.pane.title_text() != title:
            self.pane.set_title(title)
        if self._standalone:
            self.fieldEdited.emit(("section", section_id, "title"), title)

    def add_section(self, child: bool = False) -> Section:
        cur = self._current or self.part_id
        new = Section(id=new_id()[:12], title=T_NEW_TITLE)
        self._run(ops.add_child if child or cur == self.part_id else ops.add_sibling, self.part, cur, new)
        self._after_structure(new)
        item = self._items.get(new.id)
        if item is not None and self.isVisible():
            self.tree.setFocus()
            self.tree.editItem(item, 0)
        return new

    def delete_current(self) -> bool:
        cur = self._current
        node = self.section(cur)
        if node is None or cur is None or cur == self.part_id:
            return False
        if (node.text.strip() or node.children) and not self.confirm_delete(node):
            return False
        nxt = self._run(ops.remove, self.part, cur)
        self._current = None
        self._after_structure(nxt)
        return True

    def move_current(self, delta: int) -> bool:
        return self._structural(ops.move, delta)

    def indent_current(self) -> bool:
        return self._structural(ops.indent)

    def outdent_current(self) -> bool:
        return self._structural(ops.outdent)

    def delete_question(self, node: Section) -> str:
        """"Xóa mục «IV. Phương hướng, nhiệm vụ 6 tháng cuối năm 2025»?": the title as printed."""
        from ...view import section_title

        shown = section_title(node.title, self.draft.period)
        return T_CONFIRM_TEXT.format(name=f"{self._numbers.get(node.id, '')} {shown}".strip() or T_UNTITLED)

    def confirm_delete(self, node: Section) -> bool:
        """Ask before deleting a section with text or children (Vietnamese buttons)."""
        details = []
        if node.text.strip():
            details.append(T_CONFIRM_DETAIL_TEXT)
        if node.children:
            details.append(T_CONFIRM_DETAIL_CHILDREN.format(n=len(list(_descendants(node)))))
        box = QMessageBox(QMessageBox.Icon.Warning, T_CONFIRM_TITLE, self.delete_question(node),
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(" ".join(details + [T_CONFIRM_TAIL]))
        yes = box.addButton(T_DELETE, QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(T_NO, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    # ----- internals -------------------------------------------------------------------------------
    def _structural(self, fn, *args) -> bool:
        cur = self._current
        if not cur or cur == self.part_id:
            return False
        result = self._run(fn, self.part, cur, *args)
        if result is None:
            return False
        self._after_structure(result)
        return True

    def _run(self, operation, *args):
        """A structural operation, through the editor (it sends the notice)."""
        return self.editor.edit_outline(operation, *args, initiator=self)

    def _after_structure(self, select: Section | None) -> None:
        self.rebuild()
        if select is not None:
            self.select_section(select.id)
        if self._standalone:
            self.structureChanged.emit()

    def refresh(self, change, initiator) -> None:
        """Show a change made elsewhere (find and replace, an import, another part's renumbering)."""
        if initiator is self:
            return
        from ...editing import NumberingField, PeriodField, SectionField

        renumbered = change.touches(NumberingField()) or any(
            change.touches(SectionField(sid, "numbering")) for sid in change.sections())
        if change.touches(PeriodField()):  # the phrases show the new period's words
            self.pane.reload_phrases({s.id: s for _p, s in self.draft.iter_sections()})
        if change.structure or change.everything or renumbered or change.touches(PeriodField()):
            self.rebuild()
            self._on_current_changed(self.tree.currentItem())
            return
        for section_id in change.sections():
            node = self.section(section_id)
            if node is None:
                continue
            self._paint_item(node)
            if initiator is not self.pane:
                self.pane.reload_section(node)
            if section_id == self._current:
                self.pane.set_title(node.title)

    def _paint_item(self, node: Section) -> None:
        item = self._items.get(node.id)
        if item is None:
            return
        from ...periods import fill_period_phrases  # "{kỳ tới}" shown as the words it prints

        number = self._numbers.get(node.id, "")
        shown = fill_period_phrases(node.title, self.draft.period)
        title = shown or T_UNTITLED
        item.setText(0, f"{number} {title}".strip())
        item.setToolTip(0, f"{number} {shown}".strip() or T_UNTITLED)
        if node.title:
            item.setData(0, Qt.ItemDataRole.ForegroundRole, None)
        else:
            item.setForeground(0, self.palette().color(QPalette.ColorRole.PlaceholderText))

    def _on_current_changed(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        node = self.section(item.data(0, ID_ROLE)) if item is not None else None
        self._current = node.id if node else None
        self.pane.show_section(node, self._numbers.get(node.id, "") if node else "")
        level = self._levels.get(node.id, 0) if node else 0
        self.pane.show_numbering(level, level_style(self.draft, level), node)
        self._update_buttons()

    # ----- numbering and heading form (one editor call each; the labels follow at once) ------
    def _set_level_style(self, level: int, style: str) -> None:
        from ...editing import NumberingField

        styles = list(self.draft.numbering)
        while len(styles) <= level:
            styles.append("none")
        styles[level] = style
        self._numbering_edit(NumberingField(), styles)

    def _set_child_style(self, section_id: str, style: str) -> None:
        from ...editing import SectionField

        self._numbering_edit(SectionField(section_id, "numbering"), style or None)

    def _set_form(self, section_id: str, form: str) -> None:
        from ...editing import SectionField

        self.editor.set(SectionField(section_id, "form"), form, initiator=self)

    def _numbering_edit(self, ref, value) -> None:
        self.editor.set(ref, value, initiator=self)
        self.rebuild()  # this part's labels at once; the other parts follow the notice
        self._on_current_changed(self.tree.currentItem())

    def _on_text_edited(self, section_id: str, text: str) -> None:
        node = self.section(section_id)
        if node is not None and text != node.text:
            from ...editing import SectionField

            self.editor.set(SectionField(section_id, "text"), text, initiator=self.pane)
            if self._standalone:
                self.fieldEdited.emit(("section", section_id, "text"), text)

    def _update_buttons(self) -> None:
        cur = self._current or ""
        inner = bool(cur) and cur != self.part_id
        part = self.part
        self.btn_delete.setEnabled(inner)
        self.btn_rename.setEnabled(bool(cur))
        self.btn_up.setEnabled(inner and ops.can_move(part, cur, -1))
        self.btn_down.setEnabled(inner and ops.can_move(part, cur, 1))
        self.btn_indent.setEnabled(inner and ops.can_indent(part, cur))
        self.btn_outdent.setEnabled(inner and ops.can_outdent(part, cur))

    def _rename_inline(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.tree.setFocus()
            self.tree.editItem(item, 0)

    # ----- UI construction -----------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setAccessibleName(T_TREE_NAME)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked)
        self.tree.setItemDelegate(_TitleDelegate(self))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(18)
        for bar in (self.tree.verticalScrollBar(), self.tree.horizontalScrollBar()):
            bar.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.tree.currentItemChanged.connect(self._on_current_changed)

        specs = [
            ("btn_add", T_ADD, "Ctrl+N", "Thêm mục ngang cấp, ngay sau mục đang chọn", lambda: self.add_section()),
            ("btn_add_child", T_ADD_CHILD, "Ctrl+Shift+N", "Thêm mục con vào cuối mục đang chọn",
             lambda: self.add_section(child=True)),
            ("btn_rename", T_RENAME, "F2", "Sửa tiêu đề mục đang chọn", self._rename_inline),
            ("btn_delete", T_DELETE, "Delete", "Xóa mục đang chọn", self.delete_current),
            ("btn_up", T_UP, "Alt+↑", "Chuyển mục lên trên", lambda: self.move_current(-1)),
            ("btn_down", T_DOWN, "Alt+↓", "Chuyển mục xuống dưới", lambda: self.move_current(1)),
            ("btn_indent", T_INDENT, "Alt+→", "Biến thành mục con của mục phía trên", self.indent_current),
            ("btn_outdent", T_OUTDENT, "Alt+←", "Đưa ra ngang cấp với mục cha", self.outdent_current),
        ]
        grid = QGridLayout()
        grid.setSpacing(4)
        for i, (attr, text, keys, tip, slot) in enumerate(specs):
            btn = QPushButton(text, self)
            btn.setToolTip(f"{tip} ({keys})")
            btn.setAccessibleName(text)
            btn.setAccessibleDescription(tip)
            btn.setAutoDefault(False)
            btn.clicked.connect(lambda _=False, s=slot: s())
            setattr(self, attr, btn)
            grid.addWidget(btn, i // 4, i % 4)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(grid)
        left_layout.addWidget(self.tree, 1)

        self.pane = SectionPane(self)
        self.pane.titleEdited.connect(self.rename)
        self.pane.textEdited.connect(self._on_text_edited)
        self.pane.levelStyleChosen.connect(self._set_level_style)
        self.pane.childStyleChosen.connect(self._set_child_style)
        self.pane.formChosen.connect(self._set_form)
        self.title_edit = self.pane.title_edit
        self.text_edit = self.pane.text_edit
        self.guidance = self.pane.guidance

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pane)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([420, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _build_shortcuts(self) -> None:
        # Adding works from anywhere in the editor; the tree's own keys are handled by an event
        # filter on the tree, so they never compete with shortcuts of the window around us.
        self._shortcuts = []
        for keys, slot in (("Ctrl+N", lambda: self.add_section()),
                           ("Ctrl+Shift+N", lambda: self.add_section(child=True))):
            sc = QShortcut(QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
            self._shortcuts.append(sc)
        self.tree.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.tree and event.type() == QEvent.Type.KeyPress \
                and self.tree.state() != QAbstractItemView.State.EditingState:
            key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            alt = Qt.KeyboardModifier.AltModifier
            action = {
                (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier): self._rename_inline,
                (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier): self.delete_current,
                (Qt.Key.Key_Up, alt): lambda: self.move_current(-1),
                (Qt.Key.Key_Down, alt): lambda: self.move_current(1),
                (Qt.Key.Key_Right, alt): self.indent_current,
                (Qt.Key.Key_Left, alt): self.outdent_current,
            }.get((key, mods))
            if action is not None:
                action()
                return True
        return super().eventFilter(obj, event)


def _descendants(node: Section):
    for child in node.children:
        yield child
        yield from _descendants(child)
