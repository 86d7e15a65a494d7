"""The wizard window for one draft: step list, pages, Back/Next, menus, autosave in the title.

Every edit is saved by the ``DraftSession`` within half a second; changing step and closing
flush what is pending. The title bar says when the last save happened.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...editing import Change, MetaField, VariantField
from ...editing.checks import DraftFindings
from .. import text_tools
from ..history_dialog import HistoryDialog
from ..menus import menu_action
from ..messages import info
from ..session import DraftSession
from ..timefmt import saved_time
from .base import STATE_TEXT
from .export_docx import DocxExporter
from .review_step import ReviewStep
from .step_list import StepList
from .steps import build_steps

log = logging.getLogger(__name__)

BACK, NEXT = "◀ Quay lại", "Tiếp theo ▶"
WRITTEN_TO = "Đã ghi tệp Word: {path}"
OPEN_FILE, OPEN_FOLDER = "Mở tệp", "Mở thư mục"
POSITION_KEY = "wizard.position.{id}"  # setting: step, section and cursor of each report
GEOMETRY_KEY = "wizard.geometry"  # setting: size and place of the report window
SMALL_SCREEN_HEIGHT = 800  # available height at or below which the window opens maximised
SAVED = "Đã lưu lúc {time}"
NOT_SAVED_YET = "Chưa có thay đổi"
READ_ONLY = "Chỉ xem (đang được mở để sửa ở nơi khác)"
READ_ONLY_STORE = "Chỉ xem (dữ liệu ở nơi chỉ đọc)"
SAVE_FAILED = "Chưa lưu được: {message}"
SAVE_WAITING = "Đang chờ lưu… (dữ liệu đang bận ở cửa sổ hoặc chương trình khác; thay đổi vẫn được giữ)"
SHORTCUTS_HELP = (
    "<b>Phím tắt</b><br>"
    "Alt+← / Alt+→ hoặc Ctrl+PgUp / Ctrl+PgDn: bước trước / bước sau<br>"
    "Ctrl+1 … Ctrl+9: đến bước 1 … 9<br>"
    "Ctrl+E: ghi tệp Word (DOCX)<br>Ctrl+Shift+L: lịch sử các bản lưu<br>"
    "Ctrl+F / Ctrl+H: tìm / thay thế trong cả bài<br>Ctrl+lăn chuột: phóng to, thu nhỏ chữ<br>"
    "Ctrl+Shift+H: về trang chủ; Ctrl+Q: thoát<br>F8: đến lỗi tiếp theo<br>"
    "Ctrl+W: đóng cửa sổ (mọi thay đổi đã được lưu tự động)<br>"
    "Trong bảng số liệu: Enter hoặc ↓ sang dòng dưới, Tab sang cột ghi chú."
)


def _key(seq: str) -> str:
    return QKeySequence(seq).toString(QKeySequence.SequenceFormat.NativeText)


class DraftWindow(QMainWindow):
    closed = Signal(str)  # draft id
    homeRequested = Signal()  # "Về trang chủ": the list of reports
    quitRequested = Signal()  # Ctrl+Q: quit the application (the home window does it)
    draftExported = Signal(str, str)  # draft id, path

    def __init__(self, store, draft_id: str, profile, read_only: bool = False, owner: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.profile = profile
        self.session = DraftSession(store, draft_id, read_only=read_only, owner=owner, parent=self)
        text_tools.remember_profile(self.session, profile)  # spelling settings of the section editors
        self.session.saved.connect(self._saved)
        self.session.saveFailed.connect(self._save_failed)
        self.session.saveWaiting.connect(self._save_waiting)
        self.session.notice.connect(self._on_notice)
        self.checks = DraftFindings(lambda: self.session.draft, lambda: text_tools.text_options(self.profile))
        self._unchecked: Change | None = None
        self.steps: list = []
        self.findings: list = []
        self._extra_exports: list[tuple] = []  # (text, shortcut, callback) added by other modules
        self._busy = False

        self.step_list = StepList()
        self.stack = QStackedWidget()
        self.back_button = QPushButton(f"{BACK} ({_key('Alt+Left')})")
        self.next_button = QPushButton(f"{NEXT} ({_key('Alt+Right')})")
        self.back_button.setAccessibleName("Quay lại bước trước")
        self.next_button.setAccessibleName("Sang bước tiếp theo")
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.step_title = QLabel()
        font = self.step_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.step_title.setFont(font)
        self.step_title.setWordWrap(True)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.step_title)
        rv.addWidget(self._build_notice())
        rv.addWidget(self.stack, 1)
        rv.addLayout(nav)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.step_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.saved_label = QLabel(SAVED.format(time=saved_time(self.session.last_saved))
                                  if self.session.last_saved else NOT_SAVED_YET)
        self.saved_label.setAccessibleName("Trạng thái lưu")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.step_list.currentRowChanged.connect(self._step_chosen)

        self._check_timer = QTimer(self)  # 0 ms: the notices of one event-loop turn checked once
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(0)
        self._check_timer.timeout.connect(self._check_changed)
        self._build_steps()
        self._build_menus()
        self._install_sharing()
        self._update_title()
        self._place_window()
        self._restore_position()

    # ----- where the window and the user were (issue 13 items 14, 15) ----------------------
    def _place_window(self) -> None:
        """The size and place of last time; the first time, maximised on a small screen (a
        1366x768 laptop), otherwise a size from the font, never larger than the screen."""
        import base64

        saved = self._setting(GEOMETRY_KEY)
        if isinstance(saved, str) and saved:
            try:
                if self.restoreGeometry(base64.b64decode(saved)):
                    return
            except ValueError:
                pass
        fm = self.fontMetrics()
        width, height = fm.averageCharWidth() * 170, fm.height() * 40
        screen = self.screen()
        if screen is not None:  # 1366x768 at 150 % leaves 911x512: never open wider than the screen
            room = screen.availableGeometry()
            if room.height() <= SMALL_SCREEN_HEIGHT:
                self.setWindowState(Qt.WindowState.WindowMaximized)
            width, height = min(width, room.width()), min(height, room.height() - fm.height() * 2)
        self.resize(width, height)

    def _setting(self, key: str):
        try:
            return self.session.store.get_setting(key)
        except Exception:  # noqa: BLE001 - best-effort: only comfort: the defaults do
            return None

    def _restore_position(self) -> None:
        """Resume at the step, section and cursor where the user left this report."""
        where = self._setting(POSITION_KEY.format(id=self.session.draft_id))
        if not isinstance(where, dict):
            return
        try:
            self.go_to_step(str(where.get("step")))
        except KeyError:
            return
        page = self.steps[self.current_index()]
        outline = getattr(page, "outline", None)
        if outline is not None and where.get("section") and outline.select_section(str(where["section"])):
            cursor = outline.text_edit.textCursor()
            cursor.setPosition(min(int(where.get("cursor") or 0), len(outline.text_edit.toPlainText())))
            outline.text_edit.setTextCursor(cursor)
            outline.text_edit.setFocus()
        elif hasattr(page, "grid") and where.get("row"):
            page.grid.focus_cell(str(where["row"]))

    def _save_position(self) -> None:

        page = self.steps[self.current_index()] if self.steps else None
        where: dict = {"step": page.step_id if page is not None else ""}
        outline = getattr(page, "outline", None)
        if outline is not None:
            where["section"] = outline.current_section_id()
            where["cursor"] = outline.text_edit.textCursor().position()
        grid = getattr(page, "grid", None)
        if grid is not None and grid.view.currentIndex().isValid():
            where["row"] = grid.model.indicator(grid.view.currentIndex().row()).code
        from ..later import write_soon

        store, key = self.session.store, POSITION_KEY.format(id=self.session.draft_id)
        geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        # comfort only, and never a frozen window when another program holds the store's lock
        write_soon(store, key, lambda: store.set_setting(key, where), "keeping the report's position")
        write_soon(store, GEOMETRY_KEY, lambda: store.set_setting(GEOMETRY_KEY, geometry), "keeping the window size")

    # ----- steps ------------------------------------------------------------------------
    def _build_steps(self, keep_index: int = 0) -> None:
        for step in self.steps:
            self.stack.removeWidget(step)
            step.deleteLater()
        s = self.session
        steps = build_steps(s, self)
        review = next(step for step in steps if step.step_id == "review")
        assert isinstance(review, ReviewStep)
        self.review = review
        self.review.findingActivated.connect(self.goto_finding)
        self.steps = steps
        for step in steps:
            self.stack.addWidget(step)
            if step is not review:
                step.findingActivated.connect(self.goto_finding)
            if s.read_only:
                step.set_read_only()
        self.exporter = DocxExporter(self, self.review)
        self.review.changeFolderRequested.connect(lambda: self.exporter.ensure_folder(ask_always=True))
        self.review.add_export_action("Ghi tệp Word (DOCX)", "Ctrl+E", self.exporter.export)
        self.review.add_export_action("Mở tệp vừa ghi", "Ctrl+Shift+O", self.exporter.open_file)
        self.review.add_export_action("Mở thư mục chứa tệp", None, self.exporter.open_folder)
        self.review.break_export_row()  # Word on the first row, the sharing actions below
        for text, shortcut, callback in self._extra_exports:
            self.review.add_export_action(text, shortcut, callback)
        self.step_list.set_steps([step.title for step in steps])
        self.recheck()
        if getattr(self, "zoom", None) is None:
            from ..text_zoom import TextZoom

            self.zoom = TextZoom(self, self.session.store)
        self.zoom.attach()
        self.go_to(min(keep_index, len(steps) - 1))

    def add_export_action(self, text: str, shortcut: str | None, callback):
        """For other exports (XLSX, PDF, print, mail): a button on the last step and an entry in
        the Tệp menu, kept when the steps are rebuilt."""
        self._extra_exports.append((text, shortcut, callback))
        button = self.review.add_export_action(text, shortcut, callback)
        self._add_export_menu_entry(text, shortcut, callback)
        return button

    def _add_export_menu_entry(self, text: str, shortcut: str | None, callback) -> None:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: callback())
        self.file_menu.insertAction(self._export_anchor, action)

    def current_index(self) -> int:
        return self.stack.currentIndex()

    def step(self, step_id: str):
        """The page with this id ("general", "part-2", "annex-3", "signing", "review")."""
        for page in self.steps:
            if page.step_id == step_id:
                return page
        raise KeyError(f"no wizard step {step_id!r}; there are {[p.step_id for p in self.steps]}")

    def index_of(self, step_id: str) -> int:
        return self.steps.index(self.step(step_id))

    def current_step_id(self) -> str:
        return self.steps[self.current_index()].step_id

    def go_to_step(self, step_id: str) -> None:
        self.go_to(self.index_of(step_id))

    def go_to(self, index: int) -> None:
        if not 0 <= index < len(self.steps):
            return
        self.session.flush()
        self.stack.setCurrentIndex(index)
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(index)
        self.step_list.blockSignals(False)
        step = self.steps[index]
        self.step_title.setText(f"Bước {index + 1}/{len(self.steps)}: {step.title}")
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.steps) - 1)
        step.entered()

    def _step_chosen(self, row: int) -> None:
        self.go_to(row)
        if 0 <= row < len(self.steps):
            self.steps[row].focus_first()

    def go_back(self) -> None:
        self.go_to(self.current_index() - 1)
        self.steps[self.current_index()].focus_first()

    def go_next(self) -> None:
        self.go_to(self.current_index() + 1)
        self.steps[self.current_index()].focus_first()

    def goto_finding(self, finding) -> None:
        for index, step in enumerate(self.steps):
            if step.owns(finding):
                self.go_to(index)
                step.focus_finding(finding)
                return

    def goto_ref(self, ref) -> None:
        """Select a place given by its typed reference (a find result), like a finding."""
        from ...rules import Finding

        self.goto_finding(Finding("warning", "", None, None, ref=ref))

    def open_find(self, replace: bool = False) -> None:
        """Tìm (Ctrl+F) / Tìm và thay thế (Ctrl+H) across the whole report."""
        from ..find_dialog import FindDialog

        if getattr(self, "find_dialog", None) is None:
            self.find_dialog = FindDialog(self)
        self.find_dialog.open_for(replace and not self.session.read_only)

    def next_error(self) -> None:
        if self.findings:
            self.goto_finding(self.findings[0])

    # ----- checks, title, saves ---------------------------------------------------------
    def _on_notice(self, change: Change, initiator) -> None:
        """A change notice: recheck only what it can affect, once per event-loop turn."""
        self._unchecked = change if self._unchecked is None else self._unchecked.merge(change)
        self._check_timer.start()
        if change.touches(MetaField("summary")) or change.touches(MetaField("issuing_body_short")) \
                or change.touches(MetaField("issuing_body")):
            self._update_title()
        if change.touches(VariantField()):  # the annex turned on or off: its pages come or go
            QTimer.singleShot(0, lambda: self._build_steps(self.current_index()))

    def _check_changed(self) -> None:
        change, self._unchecked = self._unchecked, None
        if change is not None and self.checks.update(change):
            self._show_findings()
        elif change is not None and change.structure:
            self._show_findings()  # titles of the outline steps

    def recheck(self) -> None:
        """Check everything again (F5, after an export or a rebuild of the steps)."""
        self._unchecked = None
        self.checks.update(Change(everything=True))
        self._show_findings()

    def _show_findings(self) -> None:
        self.findings = self.checks.findings
        for index, step in enumerate(self.steps):
            step.set_findings(self.findings)
            self.step_list.set_title(index, step.title)
            self.step_list.set_state(index, step.state(self.findings))

    def step_states(self) -> list[str]:
        return [STATE_TEXT[self.step_list.step_state(i)] for i in range(len(self.steps))]

    def _saved(self, updated_at: str) -> None:
        self.saved_label.setText(SAVED.format(time=saved_time(updated_at)))
        self.saved_label.setToolTip("")
        self._update_title()

    def _save_failed(self, message: str) -> None:
        self.saved_label.setText(SAVE_FAILED.format(message=message))

    def _save_waiting(self, message: str) -> None:
        self.saved_label.setText(SAVE_WAITING)
        self.saved_label.setToolTip(message)

    def _update_title(self) -> None:
        d = self.session.draft
        state = (READ_ONLY_STORE if getattr(self.session.store, "read_only", False) else READ_ONLY) \
            if self.session.read_only else (
            SAVED.format(time=saved_time(self.session.last_saved)) if self.session.last_saved else NOT_SAVED_YET)
        from ...periods import fill_period_phrases

        name = fill_period_phrases(d.meta.summary, d.period) or "Báo cáo"
        self.setWindowTitle(f"{name} – {d.meta.issuing_body_short or d.meta.issuing_body} – {state}")

    def set_busy(self, busy: bool) -> None:
        self._busy = busy

    def _build_notice(self) -> QWidget:
        """A bar above the step: where the file just written went, with "Mở tệp" / "Mở thư mục"
        (issue 13 item 4: Ctrl+E from step 3 used to write the file and say nothing)."""
        from PySide6.QtWidgets import QFrame

        bar = self.notice = QFrame()
        bar.setObjectName("exportNotice")
        bar.setStyleSheet("#exportNotice { background: #e8f3ea; border: 1px solid #9cc7a4; border-radius: 4px; }")
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName("Thông báo tệp vừa ghi")
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(bar)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.notice_label, 1)
        self.notice_open = QPushButton(OPEN_FILE)
        self.notice_open.clicked.connect(lambda _=False: self.exporter.open_file())
        self.notice_folder = QPushButton(OPEN_FOLDER)
        self.notice_folder.clicked.connect(lambda _=False: self.exporter.open_folder())
        close = QPushButton("✕")
        close.setAccessibleName("Đóng thông báo")
        close.setFlat(True)
        close.clicked.connect(lambda _=False: bar.hide())
        for button in (self.notice_open, self.notice_folder, close):
            button.setAutoDefault(False)
            row.addWidget(button)
        bar.hide()
        return bar

    def exported(self, path: str) -> None:
        self.notice_label.setText(WRITTEN_TO.format(path=path))
        self.notice.show()
        self.recheck()
        self.draftExported.emit(self.session.draft_id, path)

    # ----- sharing (Excel, PDF, print, mail) -----------------------------------------------
    def _install_sharing(self) -> None:
        from ..share_actions import install_share_actions

        install_share_actions(self, self.session.store, self._flushed_draft, apply_edits=self._apply_imported)

    def _flushed_draft(self):
        self.session.flush()
        return self.session.draft

    def _apply_imported(self, edits: list) -> None:
        """An accepted Excel import: one editor operation (one notice refreshes the grid, one save),
        after the state before it is kept in the history ("Trước khi nhập Excel …"), so the import
        can be undone from Lịch sử even after the window is closed."""
        import datetime as _dt

        from ...store import StoreError

        session = self.session
        if not session.read_only and session.flush(session.close_patience):
            try:
                with session.store.db.patience(1.0):
                    session.store.snapshot(session.draft_id,
                                           f"Trước khi nhập Excel {_dt.datetime.now():%H:%M %d/%m/%Y}",
                                           even_if_same=True)
            except StoreError:  # the import still goes in; only the extra history entry is missing
                log.warning("no revision kept before the Excel import", exc_info=True)
        session.editor.set_many(edits, initiator="import")

    # ----- history ----------------------------------------------------------------------
    def show_history(self) -> None:
        self.session.flush()
        dialog = HistoryDialog(self.session.store, self.session.draft_id, self, read_only=self.session.read_only)
        dialog.exec()
        if dialog.restored:
            index = self.current_index()
            self.session.reload()
            self._build_steps(index)
            self.menuBar().clear()
            self._build_menus()
            self.statusBar().showMessage("Đã khôi phục bản lưu.", 5000)

    # ----- menus ------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcuts=()) -> QAction:
        return menu_action(self, menu, text, slot, shortcuts)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        f = self.file_menu = bar.addMenu("&Tệp")
        self._action(f, "Ghi tệp &Word (DOCX)", lambda: self.exporter.export(), ["Ctrl+E"])
        self._action(f, "&Mở tệp vừa ghi", lambda: self.exporter.open_file(), ["Ctrl+Shift+O"])
        self._action(f, "Mở thư mục &chứa tệp", lambda: self.exporter.open_folder())
        self._action(f, "Đổi thư mục lư&u…", lambda: self.exporter.ensure_folder(ask_always=True))
        self._export_anchor = f.addSeparator()
        for text, shortcut, callback in self._extra_exports:
            self._add_export_menu_entry(text, shortcut, callback)
        self._action(f, "&Lịch sử các bản lưu…", self.show_history, ["Ctrl+Shift+L"])
        f.addSeparator()
        self._action(f, "&Về trang chủ", self.homeRequested.emit, ["Ctrl+Shift+H"])
        self._action(f, "Đó&ng", self.close, ["Ctrl+W"])
        self._action(f, "&Thoát", self.quitRequested.emit, ["Ctrl+Q"])
        e = bar.addMenu("&Sửa")
        self._action(e, "&Tìm…", lambda: self.open_find(False), ["Ctrl+F"])
        self._action(e, "Tìm và thay thế &chữ…", lambda: self.open_find(True), ["Ctrl+H"])
        e.addSeparator()
        self._action(e, "&Phóng to chữ", lambda: self.zoom.change(1.0), ["Ctrl++", "Ctrl+="])
        self._action(e, "Thu &nhỏ chữ", lambda: self.zoom.change(-1.0), ["Ctrl+-"])
        self._action(e, "Cỡ chữ &mặc định", lambda: self.zoom.change(0), ["Ctrl+0"])
        e.addSeparator()
        self._action(e, "&Kiểm tra lại", self.recheck, ["F5"])
        self._action(e, "Đến &lỗi tiếp theo", self.next_error, ["F8"])
        g = bar.addMenu("Đi tớ&i")
        self._action(g, "Bước &trước", self.go_back, ["Alt+Left", "Ctrl+PgUp"])
        self._action(g, "Bước &sau", self.go_next, ["Alt+Right", "Ctrl+PgDown"])
        g.addSeparator()
        self.step_actions = []
        for index, step in enumerate(self.steps):
            keys = [f"Ctrl+{index + 1}"] if index < 9 else []
            act = self._action(g, f"{index + 1}. {step.title}", lambda i=index: self._step_chosen(i), keys)
            self.step_actions.append(act)
        h = bar.addMenu("Trợ &giúp")
        self._action(h, "&Phím tắt", lambda: info(self, SHORTCUTS_HELP, "Phím tắt"), ["F1"])
        self._action(h, "&Giới thiệu", lambda: info(self, "CCHC Desktop – soạn báo cáo cải cách hành "
                                                     "chính cấp xã.", "Giới thiệu"))

    # ----- close ------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        from ..unsaved_close import resolve_before_close

        if not resolve_before_close(self):  # never over an edit the store refused (issue 11)
            event.ignore()
            return
        self._save_position()
        self.session.release_lock()
        self.closed.emit(self.session.draft_id)
        super().closeEvent(event)
