"""The home window: the list of drafts (search, sort, trash), create, open, next period,
delete / restore, import, the commune profile."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .crash import guarded
from .drafts_model import COL_BODY, DraftsModel
from .home_actions import HomeActions
from .menus import menu_action
from .messages import info

TITLE = "Báo cáo cải cách hành chính"  # Qt adds " — CCHC Desktop" (the display name): never twice
SEARCH_HINT = "Tìm theo tên, kỳ, năm, số văn bản… (Ctrl+F)"
SORTS = [("updated", "Sửa lần cuối"), ("period", "Kỳ báo cáo"), ("kind", "Loại văn bản"),
         ("state", "Trạng thái"), ("number", "Số văn bản"), ("created", "Ngày tạo")]
EMPTY = "Chưa có báo cáo nào. Bấm «Tạo mới» (Ctrl+N) để bắt đầu."
EMPTY_TRASH = "Thùng rác trống."
NO_MATCH = "Không có báo cáo nào khớp với «{text}»."


def search_box(hint: str) -> QLineEdit:
    box = QLineEdit()
    box.setPlaceholderText(hint)
    box.setAccessibleName("Tìm báo cáo")
    box.setClearButtonEnabled(True)
    return box


class HomeWindow(QMainWindow):
    draftOpened = Signal(object)  # the DraftWindow

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.windows: dict = {}  # draft id -> DraftWindow
        # what the buttons and menus do lives in a plain object the window owns
        self.home_actions = actions = HomeActions(self)
        self.edit_profile = actions.edit_profile
        self.run_daily_backup = actions.run_daily_backup
        self.backup_now = actions.backup_now
        self.restore_from_backup = actions.restore_from_backup
        self.create_draft = actions.create_draft
        self.open_selected = actions.open_selected
        self.open_draft = actions.open_draft
        self.next_period = actions.next_period
        self.delete_selected = actions.delete_selected
        self.restore_selected = actions.restore_selected
        self.purge_selected = actions.purge_selected
        self.import_file = actions.import_file
        self.setWindowTitle(TITLE)
        self.search = search_box(SEARCH_HINT)
        self.sort = QComboBox()
        self.sort.setAccessibleName("Sắp xếp theo")
        for key, label in SORTS:
            self.sort.addItem(label, key)
        self.descending = QCheckBox("Giảm &dần")
        self.descending.setChecked(True)
        self.trash = QCheckBox("&Xem thùng rác")
        sort_label = QLabel("Sắ&p xếp:")
        sort_label.setBuddy(self.sort)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(sort_label)
        top.addWidget(self.sort)
        top.addWidget(self.descending)
        top.addWidget(self.trash)

        self.model = DraftsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setModel(self.model.header_labels)  # see drafts_model: no Qt namespace
        self.table.setAccessibleName("Danh sách báo cáo")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_BODY, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.activated.connect(lambda _: self.open_selected())
        self.empty = QLabel()
        empty_row = QHBoxLayout()  # centred by stretches, not an alignment flag (see drafts_model)
        empty_row.addStretch(1)
        empty_row.addWidget(self.empty)
        empty_row.addStretch(1)

        self.buttons = QHBoxLayout()
        self.button_new = self._button("Tạo mới", "Ctrl+N", self.create_draft)
        self.button_open = self._button("Mở", "Enter", self.open_selected)
        self.button_next = self._button("Tạo kỳ tiếp theo", "Ctrl+Shift+N", self.next_period)
        self.button_delete = self._button("Xóa", "Del", self.delete_selected)
        self.button_restore = self._button("Khôi phục", "Ctrl+R", self.restore_selected)
        self.button_import = self._button("Nhập tệp…", "Ctrl+I", self.import_file)
        self.button_consolidate = self._button("Tổng hợp báo cáo các xã…", "Ctrl+Shift+T", self.open_consolidation)
        self.buttons.addStretch(1)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(empty_row)
        layout.addLayout(self.buttons)
        self.setCentralWidget(central)
        self._build_menus()
        self.search.textChanged.connect(self.refresh)
        self.sort.currentIndexChanged.connect(self.refresh)
        self.descending.toggled.connect(self.refresh)
        self.trash.toggled.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()
        if getattr(store, "read_only", False):  # a CD, a write-protected card: see gui/read_only.py
            from . import read_only

            read_only.apply(self)
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 150, fm.height() * 34)

    # ----- building ---------------------------------------------------------------------
    def _button(self, text: str, shortcut: str, slot) -> QPushButton:
        shown = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        button = QPushButton(f"{text} ({shown})")
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(lambda _=False: guarded(slot, text))
        self.buttons.addWidget(button)
        return button

    def add_draft_action(self, text: str, shortcut: str | None, callback) -> QPushButton:
        """For other modules (export, mail): a button and a Tệp menu entry calling
        ``callback(draft_id)`` with the selected draft."""
        def run():
            draft_id = self.selected_id()
            if draft_id:
                callback(draft_id)
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: guarded(run, text))
        self.file_menu.insertAction(self._file_anchor, action)
        button = self._button(text, shortcut, run) if shortcut else QPushButton(text)
        self.buttons.removeWidget(button)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def _action(self, menu, text: str, slot, shortcuts=()) -> QAction:
        return menu_action(self, menu, text, slot, shortcuts)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        f = self.file_menu = bar.addMenu("&Tệp")
        self._action(f, "Tạo &báo cáo mới…", self.create_draft, ["Ctrl+N"])
        self._action(f, "&Mở báo cáo", self.open_selected, ["Ctrl+O"])
        self._action(f, "Tạo &kỳ tiếp theo", self.next_period, ["Ctrl+Shift+N"])
        self._action(f, "&Nhập tệp (Word hoặc JSON)…", self.import_file, ["Ctrl+I"])
        self._action(f, "Tổng hợp báo cáo các &xã…", self.open_consolidation, ["Ctrl+Shift+T"])
        self._file_anchor = f.addSeparator()
        self._action(f, "&Hồ sơ của xã…", self.edit_profile, ["Ctrl+Shift+P"])
        f.addSeparator()
        self._action(f, "&Sao lưu ngay…", self.backup_now, ["Ctrl+B"])
        self._action(f, "Khôi &phục từ bản sao…", self.restore_from_backup, ["Ctrl+Shift+B"])
        f.addSeparator()
        self._action(f, "&Thoát", self.quit_app, ["Ctrl+Q"])
        e = bar.addMenu("&Sửa")
        self._action(e, "&Tìm kiếm", self.focus_search, ["Ctrl+F"])
        self._action(e, "&Xóa (chuyển vào thùng rác)", self.delete_selected, ["Del"])
        self._action(e, "&Khôi phục từ thùng rác", self.restore_selected, ["Ctrl+R"])
        self._action(e, "Xóa &vĩnh viễn", self.purge_selected, ["Shift+Del"])
        g = bar.addMenu("Đi tớ&i")
        self._action(g, "&Báo cáo đang có", lambda: self.trash.setChecked(False), ["Ctrl+1"])
        self._action(g, "&Thùng rác", lambda: self.trash.setChecked(True), ["Ctrl+2"])
        self._action(g, "&Danh sách", self.table.setFocus, ["Ctrl+L"])
        h = bar.addMenu("Trợ &giúp")
        self._action(h, "&Phím tắt", self.show_shortcuts, ["F1"])
        self._action(h, "&Giới thiệu", self.show_about)

    # ----- list -------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected_id()
        in_trash = self.trash.isChecked()
        rows = self.store.list_drafts(search=self.search.text(), sort=self.sort.currentData(),
                                      descending=self.descending.isChecked(), deleted_only=in_trash)
        self.model.set_rows(rows)
        # the header has its own (label) model, so a reset of the rows does not reach it: size the
        # ResizeToContents columns to the new rows here (Qt measures the visible rows only)
        for column in range(self.model.columnCount()):
            if column != COL_BODY:  # the stretched one fills the rest
                self.table.resizeColumnToContents(column)
        if rows:
            self.empty.setText("")
        elif self.search.text().strip():
            self.empty.setText(NO_MATCH.format(text=self.search.text().strip()))
        else:
            self.empty.setText(EMPTY_TRASH if in_trash else EMPTY)
        self.empty.setVisible(not rows)
        self.select(keep if keep else (rows[0].id if rows else None))
        self._update_buttons()

    def select(self, draft_id: str | None) -> None:
        for row, s in enumerate(self.model.rows):
            if s.id == draft_id:
                index = self.model.index(row, 0)
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                return

    def selected(self):
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model.summary(index.row())

    def selected_id(self) -> str | None:
        s = self.selected()
        return s.id if s else None

    def _update_buttons(self) -> None:
        s = self.selected()
        in_trash = self.trash.isChecked()
        writable = not getattr(self.store, "read_only", False)
        self.button_open.setEnabled(s is not None and not in_trash)
        self.button_next.setEnabled(s is not None and not in_trash and writable)
        self.button_delete.setEnabled(s is not None and not in_trash and writable)
        self.button_restore.setEnabled(s is not None and in_trash and writable)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ----- quit -------------------------------------------------------------------------
    def quit_app(self) -> bool:
        """Quit means quit (issue 13 item 7): every report window closes (each saves first and
        never closes over an edit the store refused), then the list, then the application."""
        for window in list(self.windows.values()):
            if not window.close():
                return False  # the user kept a window whose save failed
        self._quitting = True
        self.close()
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.quit()
        return True

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Closing the list with report windows open would strand them: it quits them too."""
        if not getattr(self, "_quitting", False) and self.windows and not self.quit_app():
            event.ignore()
            return
        super().closeEvent(event)

    def show_home(self) -> None:
        """Back to the list from a report window ("Về trang chủ")."""
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.refresh()

    def open_consolidation(self) -> None:  # the province: issue 15, gui/consolidate_window.py
        from .consolidate_window import open_consolidation

        open_consolidation(self)

    def show_about(self) -> None:
        from .. import __version__
        from ..logsetup import log_path

        info(self, f"CCHC Desktop {__version__} – soạn báo cáo cải cách hành chính cấp xã.", "Giới thiệu",
             detail=f"Nhật ký hoạt động (gửi kèm khi báo lỗi): {log_path()}")

    def show_shortcuts(self) -> None:
        info(self, "Ctrl+N: tạo mới · Enter: mở · Ctrl+Shift+N: tạo kỳ tiếp theo · Del: xóa · "
                   "Ctrl+R: khôi phục · Ctrl+I: nhập tệp · Ctrl+F: tìm · Ctrl+2: thùng rác · Ctrl+B: sao lưu ngay · "
                   "Ctrl+Shift+B: khôi phục từ bản sao · Ctrl+Q: thoát",
             "Phím tắt")
