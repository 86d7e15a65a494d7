"""Writing the DOCX from the review step: the remembered folder, the standard file name, the
render in a worker thread, then "open it" / "open its folder"."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices

from ...errors import CchcError, user_message
from ...files import Overwrite
from ...vnformat import standard_filename
from ..messages import ask_choice, ask_yes_no, choose_folder, error
from ..workers import Task

CHOOSE_FOLDER = "Chọn thư mục để lưu các báo cáo xuất ra"
WRITING = "Đang ghi tệp Word…"
WRITTEN = "Đã ghi tệp: {path}"
FAILED = "Không ghi được tệp Word."
NOTHING_YET = "Chưa xuất tệp nào. Hãy bấm «Ghi tệp Word» trước."
EMPTY_SECTIONS = "Báo cáo còn {n} mục chưa có nội dung. Với bản xuất này:"
KEEP_HEADINGS, OMIT_EMPTY = "Giữ đề mục", "Bỏ các mục này"


def _empty_sections(draft) -> list[str]:
    from ...view import build_view

    try:
        view = build_view(draft, annex=False)
    except Exception:  # noqa: BLE001 - best-effort: the export itself reports what is wrong
        return []
    return [" ".join(x for x in (e.label, e.title) if x) for e in view.empty_sections]


def render_docx_file(draft, path: str, overwrite: Overwrite = Overwrite.OURS, omit_empty: bool = False) -> str:
    """Runs in the worker thread (no widgets here): the one DOCX export (``usecases``)."""
    from ...usecases import export_docx

    export_docx(draft, path, overwrite=overwrite, omit_empty=omit_empty)
    return path


class DocxExporter(QObject):
    def __init__(self, window, review_step):
        super().__init__(window)
        self.window, self.step = window, review_step
        self.last_path: str = ""
        self._task: Task | None = None
        try:
            summary = window.session.store.draft_summary(window.session.draft_id)
            self.last_path = summary.export_path or ""
        except Exception:  # noqa: BLE001 - best-effort: only the folder pre-filled in the dialog
            self.last_path = ""
        self.step.set_folder(self.folder())

    # ----- folder -----------------------------------------------------------------------
    def folder(self) -> str:
        profile = self.window.profile
        folder = getattr(profile, "export_dir", "") or ""
        return folder if folder and os.path.isdir(folder) else ""

    def ensure_folder(self, ask_always: bool = False) -> str:
        folder = "" if ask_always else self.folder()
        if folder:
            return folder
        start = self.folder() or str(Path.home())
        folder = choose_folder(self.window, CHOOSE_FOLDER, start)
        if not folder:
            return ""
        store = self.window.session.store
        profile = dataclasses.replace(store.load_profile(), export_dir=folder)
        if not getattr(store, "read_only", False):  # a store on a CD: remembered for this window only
            store.save_profile(profile)
        self.window.profile = profile
        self.step.set_folder(folder)
        return folder

    # ----- export -----------------------------------------------------------------------
    def export(self) -> None:
        if self._task is not None:
            return
        session = self.window.session
        session.flush()
        folder = self.ensure_folder()
        if not folder:
            return
        path = str(Path(folder) / standard_filename(session.draft, "docx"))
        # a file the app wrote and nobody changed is replaced; anything else only after a yes
        from ...usecases import blocked_targets

        try:
            blocked = blocked_targets([path])
        except (CchcError, OSError) as exc:
            error(self.window, FAILED, detail=user_message(exc))
            return
        overwrite = Overwrite.OURS
        if blocked:
            if not ask_yes_no(self.window, blocked[0].question, "Ghi đè tệp"):
                return
            overwrite = Overwrite.ALWAYS
        empty = _empty_sections(session.draft)
        omit = False
        if empty:  # listed before the export; the user leaves them out of this one or keeps the headings
            shown = "\n".join(f"- {x}" for x in empty[:30]) + ("\n..." if len(empty) > 30 else "")
            answer = ask_choice(self.window, EMPTY_SECTIONS.format(n=len(empty)), [KEEP_HEADINGS, OMIT_EMPTY],
                                "Mục chưa có nội dung", shown)
            if answer < 0:
                return
            omit = answer == 1
        self._task = Task(render_docx_file, session.draft.copy(), path, overwrite, omit)
        self._task.signals.finished.connect(self._done)
        self._task.signals.failed.connect(self._failed)
        self.step.set_busy(True, WRITING)
        self.window.set_busy(True)
        self._task.start()

    def _done(self, path: str) -> None:
        self._task = None
        self.step.set_busy(False, WRITTEN.format(path=path))
        self.window.set_busy(False)
        self.last_path = path
        store, draft_id = self.window.session.store, self.window.session.draft_id
        if not getattr(store, "read_only", False):
            from ..later import write_soon

            # the file is written; the mark waits for a busy store instead of freezing the window
            write_soon(store, f"exported:{draft_id}:{path}", lambda: store.mark_exported(draft_id, path),
                       "marking a draft exported")
        self.window.exported(path)

    def _failed(self, message: str) -> None:
        self._task = None
        self.step.set_busy(False, FAILED)
        self.window.set_busy(False)
        error(self.window, FAILED, detail=message)

    def is_busy(self) -> bool:
        return self._task is not None

    def open_file(self) -> None:
        if not self.last_path or not os.path.exists(self.last_path):
            error(self.window, NOTHING_YET, "Mở tệp")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.last_path))

    def open_folder(self) -> None:
        folder = os.path.dirname(self.last_path) if self.last_path else self.folder()
        if not folder:
            folder = self.ensure_folder()
        if folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(folder))
