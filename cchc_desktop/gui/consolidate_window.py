"""«Tổng hợp báo cáo các xã»: the province official chooses the folder of reports the communes
sent, the list of communes and the deadline; the files are read off the UI thread with a
progress bar; the result table filters who did not send, who has errors, whose figures are far
from the others; a double click shows a commune's report read-only; the buttons export the
consolidated workbook and make the province's own report (opened in the wizard).

The window computes nothing: it calls :mod:`cchc_desktop.consolidate` and shows the result.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from . import messages  # looked up at call time (tests answer the boxes)
from .consolidate_model import COLUMNS, FILTERS, commune_rows, summary

TITLE = "Tổng hợp báo cáo các xã"
NO_FOLDER = "Chưa chọn thư mục báo cáo của các xã."
NO_LIST = "Chưa có danh sách xã (không biết xã nào chưa nộp)."
HELP = ("Chọn thư mục chứa các báo cáo các xã gửi lên (tệp Word, Excel hoặc JSON do CCHC Desktop tạo ra), "
        "rồi bấm «Tổng hợp». Phần mềm chỉ đọc, không sửa tệp nào trong thư mục.")


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class _ConsolidateTask(QRunnable):
    """``consolidate.usecase.run`` on a pool thread; the progress goes to the window by signals."""

    def __init__(self, inputs: list[str], names: list[str], deadline: _dt.date | None):
        super().__init__()
        self.inputs, self.names, self.deadline = inputs, names, deadline
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        import logging

        from ..consolidate.usecase import NothingToConsolidateError, run

        try:
            result = run(self.inputs, names=self.names, deadline=self.deadline,
                         progress=lambda done, total: self.signals.progress.emit(done, total))
        except NothingToConsolidateError as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception:
            logging.getLogger(__name__).exception("consolidation failed")
            self.signals.failed.emit("Không tổng hợp được do lỗi không mong đợi (đã ghi vào nhật ký).")
            return
        self.signals.finished.emit(result)


READ_ONLY_TIP = ("Dữ liệu đang mở ở chế độ chỉ đọc: không lưu được danh sách xã, hạn nộp hay báo cáo của tỉnh. "
                 "Vẫn tổng hợp và xuất bảng Excel ra thư mục khác được.")


class ConsolidateWindow(QMainWindow):
    def __init__(self, store: Any, home: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        from ..store.communes import CommuneList

        self.store, self.home = store, home
        self.communes = CommuneList(store.db)
        self.inputs: list[str] = []
        self.result: Any = None
        self.task: _ConsolidateTask | None = None
        self.rows: list = []
        self.setWindowTitle(TITLE)

        self.folder_label = QLabel(NO_FOLDER)
        self.folder_label.setWordWrap(True)
        self.button_folder = QPushButton("Chọn &thư mục…")
        self.button_folder.clicked.connect(lambda _=False: self.choose_folder())
        self.list_label = QLabel()
        self.button_list = QPushButton("Nhập &danh sách xã…")
        self.button_list.clicked.connect(lambda _=False: self.import_list())
        self.has_deadline = QCheckBox("Hạn nộ&p:")
        self.deadline = QDateEdit()
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        self.deadline.setCalendarPopup(True)
        self.deadline.setAccessibleName("Hạn nộp báo cáo")
        saved = self.communes.deadline()
        self.has_deadline.setChecked(saved is not None)
        self.deadline.setDate(QDate(saved.year, saved.month, saved.day) if saved else QDate.currentDate())
        self.deadline.setEnabled(saved is not None)
        self.has_deadline.toggled.connect(self._deadline_changed)
        self.deadline.dateChanged.connect(lambda _d: self._deadline_changed())
        from .read_only import is_read_only

        self.read_only = is_read_only(store)  # the list and the deadline live in the store
        if self.read_only:
            for w in (self.button_list, self.has_deadline, self.deadline):
                w.setEnabled(False)
                w.setToolTip(READ_ONLY_TIP)
        self.button_run = QPushButton("Tổng &hợp")
        self.button_run.setDefault(True)
        self.button_run.clicked.connect(lambda _=False: self.start())
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Tiến độ đọc tệp")
        self.progress.setFormat("Đã đọc %v/%m tệp")
        self.progress.setVisible(False)
        self.summary = QLabel(HELP)
        self.summary.setWordWrap(True)

        self.filter = QComboBox()
        self.filter.setAccessibleName("Lọc danh sách xã")
        for key, label in FILTERS:
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(lambda _i: self._fill_communes())
        filter_label = QLabel("&Lọc:")
        filter_label.setBuddy(self.filter)
        self.table = self._table(COLUMNS, "Tình hình nộp của các xã")
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.skipped = self._table(["Tệp", "Lý do không tính"], "Tệp không tính")
        self.tabs = QTabWidget()
        page = QWidget()
        page_layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(filter_label)
        row.addWidget(self.filter)
        row.addStretch(1)
        page_layout.addLayout(row)
        page_layout.addWidget(self.table)
        self.tabs.addTab(page, "Các xã")
        self.tabs.addTab(self.skipped, "Tệp không tính")

        self.button_open = QPushButton("&Xem báo cáo")
        self.button_open.clicked.connect(lambda _=False: self.open_selected())
        self.button_choose = QPushButton("Tính &bản khác…")
        self.button_choose.clicked.connect(lambda _=False: self.choose_copy())
        self.button_export = QPushButton("Xuất bảng tổng hợp (&Excel)…")
        self.button_export.clicked.connect(lambda _=False: self.export_workbook())
        self.button_draft = QPushButton("Tạo báo cáo &của tỉnh")
        self.button_draft.clicked.connect(lambda _=False: self.make_province_draft())

        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.button_folder)
        second = QHBoxLayout()
        second.addWidget(self.list_label, 1)
        second.addWidget(self.button_list)
        second.addWidget(self.has_deadline)
        second.addWidget(self.deadline)
        second.addWidget(self.button_run)
        bottom = QHBoxLayout()
        for b in (self.button_open, self.button_choose):
            bottom.addWidget(b)
        bottom.addStretch(1)
        for b in (self.button_export, self.button_draft):
            bottom.addWidget(b)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.setCentralWidget(central)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._show_list()
        self._update_buttons()
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 150, fm.height() * 36)

    def _table(self, headers: list[str], name: str) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setAccessibleName(name)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        t.horizontalHeader().setStretchLastSection(True)
        return t

    # ----- inputs ----------------------------------------------------------------------------
    def choose_folder(self, path: str | None = None) -> None:
        path = path or messages.choose_folder(self, "Chọn thư mục báo cáo của các xã", "")
        if path:
            self.inputs = [path]
            self.folder_label.setText(f"Thư mục báo cáo: {path}")
            self._update_buttons()

    def import_list(self, path: str | None = None) -> None:
        from ..consolidate import RosterError, read_roster

        path = path or messages.open_file(self, "Chọn danh sách xã (Excel hoặc CSV)", "",
                                 "Danh sách (*.xlsx *.csv);;Tất cả tệp (*)")
        if not path:
            return
        try:
            names = read_roster(path)
        except RosterError as exc:
            messages.error(self, str(exc), "Không đọc được danh sách")
            return
        from ..store import StoreError

        try:
            self.communes.replace(names)
        except StoreError as exc:  # read-only, busy or full: said, and the list stays as it was
            messages.error(self, str(exc), "Không lưu được danh sách")
            return
        self._show_list()

    def _show_list(self) -> None:
        names = self.communes.names()
        self.list_label.setText(f"Danh sách: {len(names)} xã, phường phải nộp." if names else NO_LIST)

    def _deadline_changed(self) -> None:
        from ..store import StoreError

        self.deadline.setEnabled(self.has_deadline.isChecked())
        try:
            self.communes.set_deadline(self._deadline())
        except StoreError as exc:  # the controls go back to what is stored, so they never show a lie
            saved = self.communes.deadline()
            for w in (self.has_deadline, self.deadline):
                w.blockSignals(True)
            self.has_deadline.setChecked(saved is not None)
            if saved is not None:
                self.deadline.setDate(QDate(saved.year, saved.month, saved.day))
            self.deadline.setEnabled(saved is not None and not self.read_only)
            for w in (self.has_deadline, self.deadline):
                w.blockSignals(False)
            messages.error(self, str(exc), "Không lưu được hạn nộp")

    def _deadline(self) -> _dt.date | None:
        if not self.has_deadline.isChecked():
            return None
        d = self.deadline.date()
        return _dt.date(d.year(), d.month(), d.day())

    # ----- running ---------------------------------------------------------------------------
    def start(self) -> None:
        if not self.inputs:
            messages.info(self, NO_FOLDER + " Bấm «Chọn thư mục…».", TITLE)
            return
        if self.task is not None:
            return
        self.task = _ConsolidateTask(list(self.inputs), self.communes.names(), self._deadline())
        self.task.signals.progress.connect(self._progress)
        self.task.signals.finished.connect(self._finished)
        self.task.signals.failed.connect(self._failed)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.summary.setText("Đang đọc các báo cáo…")
        self._update_buttons()
        QThreadPool.globalInstance().start(self.task)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _failed(self, message: str) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.summary.setText(HELP)
        self._update_buttons()
        messages.error(self, message, "Không tổng hợp được")

    def _finished(self, result: Any) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.show_result(result)

    def show_result(self, result: Any) -> None:
        self.result = result
        self.rows = commune_rows(result)
        self.summary.setText(summary(result))
        self._fill_communes()
        skipped = result.collection.skipped
        self.skipped.setRowCount(len(skipped))
        for r, s in enumerate(skipped):
            for c, text in enumerate((s.name or "—", s.reason)):
                self.skipped.setItem(r, c, QTableWidgetItem(text))
        self.tabs.setTabText(1, f"Tệp không tính ({len(skipped)})")
        self._update_buttons()

    def visible_rows(self) -> list:
        key = self.filter.currentData()
        return [row for row in self.rows if row.matches(key)]

    def _fill_communes(self) -> None:
        rows = self.visible_rows()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row.cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self._update_buttons()

    def selected_row(self) -> Any:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        visible = self.visible_rows()
        return visible[rows[0].row()] if rows and rows[0].row() < len(visible) else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        has = self.result is not None
        self.button_run.setEnabled(bool(self.inputs) and self.task is None)
        self.button_open.setEnabled(row is not None and row.status.submission is not None)
        self.button_choose.setEnabled(row is not None and row.status.copies > 1)
        self.button_export.setEnabled(has and self.task is None)
        self.button_draft.setEnabled(has and self.task is None and not self.read_only)
        if self.read_only:
            self.button_draft.setToolTip(READ_ONLY_TIP)

    # ----- actions on the result -------------------------------------------------------------
    def open_selected(self) -> None:
        from .consolidate_view import ReportViewer

        row = self.selected_row()
        if row is None or row.status.submission is None:
            return
        self.viewer = ReportViewer(row.status.submission, self)
        self.viewer.show()

    def choose_copy(self, path: str | None = None) -> None:
        row = self.selected_row()
        if row is None or row.status.submission is None:
            return
        copies = self.result.collection.by_commune()[row.status.submission.key]
        if path is None:
            from ..vnformat import short_date

            labels = [f"{s.name} – ngày {short_date(s.date) if s.date else 'không ghi'}" for s in copies]
            current = next(i for i, s in enumerate(copies) if s.path == row.status.submission.path)
            label, ok = QInputDialog.getItem(self, "Chọn bản được tính", f"{row.status.name} gửi {len(copies)} bản; "
                                             "tính bản:", labels, current, False)
            if not ok:
                return
            path = copies[labels.index(label)].path
        self.result.collection.choose(path)
        self.show_result(self.result.refresh())

    def export_workbook(self, path: str | None = None) -> Path | None:
        from ..errors import CchcError
        from ..files import Overwrite, OverwriteRefusedError, describe_write_error
        from ..vnformat import ascii_slug

        if self.result is None:
            return None
        t = self.result.consolidation.target
        default = f"TONG-HOP-CCHC-{ascii_slug(t.title)}.xlsx"
        path = path or messages.save_file(self, "Lưu bảng tổng hợp", default, "Bảng tính Excel (*.xlsx)", "xlsx")
        if not path:
            return None
        from ..consolidate import write_workbook

        args = (path, self.result.consolidation, self.result.collection, self.result.statuses, self.result.deadline)
        try:
            try:
                out = write_workbook(*args)
            except OverwriteRefusedError as exc:
                if not messages.ask_yes_no(self, exc.question, "Ghi đè tệp?"):
                    return None
                out = write_workbook(*args, overwrite=Overwrite.ALWAYS)
        except OSError as exc:
            messages.error(self, describe_write_error(path, exc), "Không lưu được")
            return None
        except CchcError as exc:
            messages.error(self, str(exc), "Không lưu được")
            return None
        self.statusBar().showMessage(f"Đã lưu bảng tổng hợp: {out}", 10000)
        return out

    def make_province_draft(self) -> str | None:
        from ..consolidate import province_draft
        from ..store import StoreError

        if self.result is None:
            return None
        profile = self.store.load_profile() if self.store.has_profile() else None
        draft = province_draft(self.result.consolidation, profile=profile)
        try:
            draft_id = self.store.create_draft(draft)
        except StoreError as exc:
            messages.error(self, str(exc))
            return None
        if self.home is not None:
            self.home.refresh()
            self.home.select(draft_id)
            self.home.open_draft(draft_id)
        else:
            messages.info(self, "Đã tạo báo cáo của tỉnh; mở nó ở danh sách báo cáo.", TITLE)
        return str(draft_id)


def open_consolidation(home: Any) -> ConsolidateWindow:
    """From the home window: one consolidation window, raised if already open."""
    window = getattr(home, "_consolidate_window", None)
    if window is None:
        window = ConsolidateWindow(home.store, home)
        home._consolidate_window = window
    window.show()
    window.raise_()
    window.activateWindow()
    return window
