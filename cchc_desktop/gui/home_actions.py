"""What the home window's buttons and menus do: create, open (with the edit lock), next
period, trash, import, the commune profile. A plain object the ``HomeWindow`` owns
(``home.actions``); it reaches the window's list and store through ``self.home``."""
from __future__ import annotations

from typing import Any

from ..store import DraftLockedError, StoreError
from .messages import ask_choice, ask_yes_no, error, info, open_file

# The dialogs, the draft model, the file reader and the worker are imported in the methods that
# use them: they are needed on a click, not to show the list (~20 ms of start-up).

CONFIRM_DELETE = "Chuyển báo cáo «{name}» vào thùng rác?"
CONFIRM_DELETE_DETAIL = "Có thể khôi phục lại từ thùng rác (Ctrl+2) bất cứ lúc nào."
CONFIRM_PURGE = "Xóa vĩnh viễn báo cáo «{name}»? Không thể khôi phục lại."
NEXT_DONE = "Đã tạo báo cáo kỳ tiếp theo từ «{name}». Số liệu đếm trong các biểu đã được xóa để nhập mới."
IMPORT_FILTER = "Báo cáo Word hoặc dự thảo (*.docx *.json)"
IMPORT_CAPTION = "Chọn tệp báo cáo để nhập"
IMPORT_EXISTS = "Dự thảo trong tệp này đã có trong máy."
IMPORT_CHOICES = ["Nhập thành bản sao mới", "Thay bản trong máy bằng bản trong tệp"]
IMPORTED = "Đã nhập «{name}»."
LOCKED = "Báo cáo này đang được mở để sửa ở nơi khác."
LOCKED_DETAIL = "Máy «{host}», mở từ {since}. Bạn có thể mở để xem (không sửa được), hoặc hủy và đóng cửa sổ kia trước."
LOCKED_CHOICES = ["Mở để xem (chỉ đọc)"]
NEED_PROFILE = "Hãy nhập hồ sơ của xã trước khi tạo báo cáo."
NEXT_UNSAVED = ("Chưa tạo kỳ tiếp theo: phần vừa sửa trong báo cáo này chưa lưu được, nên bản sao sẽ thiếu nó. "
                "{why} Phần mềm vẫn tự thử lưu lại; khi thanh trạng thái báo «Đã lưu lúc …», hãy bấm lại.")
NEXT_EXISTS = "Đã có báo cáo «{period}» tạo từ kỳ trước."
NEXT_EXISTS_DETAIL = "Mở báo cáo đó để làm tiếp, hoặc tạo thêm một bản nữa."
NEXT_OPEN, NEXT_ANOTHER = "Mở báo cáo đã có", "Vẫn tạo bản mới"


class HomeActions:
    """The home window's actions. ``home`` gives ``store``, ``windows`` (open report windows by
    draft id), ``refresh()``, ``select()``, ``selected()``, ``trash`` and the status bar."""

    def __init__(self, home: Any):
        self.home = home

    @property
    def store(self) -> Any:
        return self.home.store

    @property
    def windows(self) -> dict[str, Any]:
        return self.home.windows

    # ----- profile ----------------------------------------------------------------------
    def edit_profile(self, first_start: bool = False) -> bool:
        from .profile_dialog import ProfileDialog

        dialog = ProfileDialog(self.store.load_profile(), self.home, first_start=first_start)
        if not dialog.exec():
            return False
        try:
            self.store.save_profile(dialog.profile())
        except StoreError as exc:
            error(self.home, str(exc))
            return False
        return True

    # ----- backups (gui/backup_actions.py, imported on first use) -----------------------
    def run_daily_backup(self) -> None:
        from .backup_actions import run_daily_backup

        if getattr(self.store, "read_only", False):  # nothing can be written beside it
            return
        run_daily_backup(self.home)

    def backup_now(self) -> None:
        from .backup_actions import backup_now

        backup_now(self.home)

    def restore_from_backup(self) -> bool:
        from .backup_actions import restore_from_backup

        return restore_from_backup(self.home)

    # ----- create / open ----------------------------------------------------------------
    def create_draft(self) -> None:
        if not self.store.has_profile() and not self.edit_profile(first_start=True):
            info(self.home, NEED_PROFILE)
            return
        from .new_draft_dialog import NewDraftDialog

        dialog = NewDraftDialog(self.store.load_profile(), self.home)
        if not dialog.exec():
            return
        try:
            draft_id = self.store.create_draft(dialog.draft())
        except StoreError as exc:
            error(self.home, str(exc))
            return
        self.home.trash.setChecked(False)
        self.home.refresh()
        self.home.select(draft_id)
        self.open_draft(draft_id)

    def open_selected(self) -> None:
        s = self.home.selected()
        if s is not None and not s.deleted_at:
            self.open_draft(s.id)

    def open_draft(self, draft_id: str):
        """The wizard window of a draft (raised if already open here); None if cancelled."""
        from .session import local_datetime, lock_owner
        from .wizard.window import DraftWindow

        window = self.windows.get(draft_id)
        if window is not None:
            window.showNormal()
            window.raise_()
            window.activateWindow()
            return window
        owner = lock_owner()
        read_only = bool(getattr(self.store, "read_only", False))  # a store on a CD: read, no lock
        try:
            if not read_only:
                self.store.acquire_lock(draft_id, owner)
        except DraftLockedError as exc:
            choice = ask_choice(self.home, LOCKED, LOCKED_CHOICES, "Báo cáo đang mở ở nơi khác",
                                LOCKED_DETAIL.format(host=exc.host, since=local_datetime(exc.since)))
            if choice != 0:
                return None
            read_only = True
        except StoreError as exc:
            error(self.home, str(exc))
            return None
        try:
            window = DraftWindow(self.store, draft_id, self.store.load_profile(), read_only=read_only, owner=owner)
            window.session.acquire_lock()  # own lock again: starts the heartbeat
        except Exception as exc:  # noqa: BLE001 - a broken draft must not take the app down (logged)
            from ..errors import report_unexpected

            if not read_only:
                self.store.release_lock(draft_id, owner)
            error(self.home, report_unexpected(exc, "opening a draft window"))
            return None
        window.setWindowIcon(self.home.windowIcon())
        window.closed.connect(self._draft_closed)
        window.homeRequested.connect(self.home.show_home)
        window.quitRequested.connect(self.home.quit_app)
        window.draftExported.connect(lambda *_: self.home.refresh())
        self.windows[draft_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        self.home.draftOpened.emit(window)
        return window

    def _draft_closed(self, draft_id: str) -> None:
        self.windows.pop(draft_id, None)
        self.home.refresh()

    def next_period(self) -> None:
        s = self.home.selected()
        if s is None or s.deleted_at:
            return
        existing = self._existing_next(s)
        if existing is not None:  # pressed twice: offer the one already made
            choice = ask_choice(self.home, NEXT_EXISTS.format(period=existing[1]), [NEXT_OPEN, NEXT_ANOTHER],
                                "Tạo kỳ tiếp theo", NEXT_EXISTS_DETAIL)
            if choice == 0:
                self.home.select(existing[0].id)
                self.open_draft(existing[0].id)
                return
            if choice != 1:
                return
        window = self.windows.get(s.id)
        if window is not None and not window.session.read_only \
                and not window.session.flush(window.session.close_patience):
            # the copy is made from the store: an edit it has not taken yet would be missing (attack 1)
            error(self.home, NEXT_UNSAVED.format(why=window.session.last_error or ""), "Tạo kỳ tiếp theo")
            return
        from ..periods import PeriodRangeError
        from ..store.nextperiod import next_period_draft_noted

        try:
            _, notes = next_period_draft_noted(self.store.load_draft(s.id))  # what the period words become
            with self.store.db.patience(1.0):  # a busy store: said in a second, not a frozen window
                new = self.store.duplicate_as_next_period(s.id, clear_values="counts")
        except (StoreError, PeriodRangeError) as exc:
            error(self.home, str(exc))
            return
        self.home.refresh()
        self.home.select(new)
        info(self.home, NEXT_DONE.format(name=s.summary or "báo cáo"), "Tạo kỳ tiếp theo",
             detail=("Tên kỳ đổi theo kỳ mới:\n" + "\n".join(f"- {n}" for n in notes)) if notes else "")
        self.open_draft(new)

    def _existing_next(self, s: Any) -> tuple[Any, str] | None:
        """A draft (not in the trash) of the same kind and variant for the period after ``s``'s."""
        from ..draft import Period
        from ..periods import period_title
        from ..store.nextperiod import next_period

        try:
            nxt = next_period(Period(type=s.period_type, year=int(s.year)))
        except (TypeError, ValueError, KeyError):
            return None
        for other in self.store.list_drafts():
            if other.id != s.id and other.kind == s.kind and other.variant == s.variant \
                    and other.period_type == nxt.type and other.year == nxt.year:
                return other, period_title(nxt)
        return None

    # ----- trash ------------------------------------------------------------------------
    def delete_selected(self) -> None:
        s = self.home.selected()
        if s is None or s.deleted_at:
            return
        if not ask_yes_no(self.home, CONFIRM_DELETE.format(name=s.summary or "báo cáo"), "Xóa báo cáo",
                          CONFIRM_DELETE_DETAIL):
            return
        window = self.windows.get(s.id)
        if window is not None:
            window.close()
        try:
            self.store.delete_draft(s.id)
        except StoreError as exc:
            error(self.home, str(exc))
        self.home.refresh()

    def restore_selected(self) -> None:
        s = self.home.selected()
        if s is None or not s.deleted_at:
            return
        try:
            self.store.restore_draft(s.id)
        except StoreError as exc:
            error(self.home, str(exc))
        self.home.trash.setChecked(False)
        self.home.refresh()
        self.home.select(s.id)

    def purge_selected(self) -> None:
        s = self.home.selected()
        if s is None or not s.deleted_at:
            return
        if ask_yes_no(self.home, CONFIRM_PURGE.format(name=s.summary or "báo cáo"), "Xóa vĩnh viễn"):
            try:
                self.store.purge_draft(s.id)
            except StoreError as exc:
                error(self.home, str(exc))
            self.home.refresh()

    # ----- import -----------------------------------------------------------------------
    def import_file(self, path: str | None = None) -> None:
        path = path or open_file(self.home, IMPORT_CAPTION, "", IMPORT_FILTER)
        if not path:
            return
        from .import_file import read_import
        from .workers import Task

        self._import_task = Task(read_import, path)
        self._import_task.signals.finished.connect(self._imported)
        self._import_task.signals.failed.connect(lambda message: error(self.home, message, "Không nhập được tệp"))
        self.home.statusBar().showMessage("Đang đọc tệp…")
        self._import_task.start()

    def _imported(self, result) -> None:
        draft, warning = result
        self.home.statusBar().clearMessage()
        if warning:
            info(self.home, warning, "Nhập tệp")
        if self.store.exists(draft.id):
            choice = ask_choice(self.home, IMPORT_EXISTS, IMPORT_CHOICES, "Nhập tệp")
            if choice < 0:
                return
            if choice == 0:
                from ..draft import new_id

                draft.id = new_id()
            elif draft.id in self.windows:
                self.windows[draft.id].close()
        try:
            self.store.save_draft(draft, reason="Nhập từ tệp")
        except StoreError as exc:
            error(self.home, str(exc))
            return
        self.home.trash.setChecked(False)
        self.home.refresh()
        self.home.select(draft.id)
        from ..periods import fill_period_phrases

        self.home.statusBar().showMessage(IMPORTED.format(name=fill_period_phrases(draft.meta.summary, draft.period)),
                                          5000)
