"""When the store cannot be opened at start-up: say why in Vietnamese and, for a damaged file,
offer to restore the newest automatic copy (the damaged file is kept aside, byte for byte),
to open the data folder, or to quit. The user's file is never overwritten without a click.

Imported only when opening failed.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from . import messages

TITLE = "Không mở được dữ liệu"
RESTORE_NEWEST = "Khôi phục bản sao gần nhất"
RESTORE_OLDER = "Khôi phục: {label}"
OLDER_DETAIL = "Còn {n} bản sao cũ hơn còn tốt (các nút bên dưới, mới trước cũ sau)."
MAX_OFFERED = 6
OPEN_FOLDER = "Mở thư mục dữ liệu"
QUIT = "Thoát"
NEWEST_DETAIL = ("Bản sao gần nhất: {label}. Khi khôi phục, tệp hỏng được giữ nguyên trong thư mục "
                 "«{folder}» (tên bắt đầu bằng «cchc-truoc-khoi-phuc-»).")
NO_COPY_DETAIL = ("Không có bản sao lưu tự động nào trong «{folder}». Có thể chép một tệp sao lưu "
                  "(cchc-sao-luu-….sqlite3) vào thư mục dữ liệu với tên «{name}», rồi mở lại phần mềm.")
NEWER_DETAIL = "Hãy cài phiên bản mới hơn của CCHC Desktop, hoặc hỏi bộ phận tin học."
RESTORED = "Đã khôi phục dữ liệu từ {label}."
RESTORED_DETAIL = "Tệp hỏng được giữ ở «{safety}»."


def _box(text: str, detail: str, labels: list[str]) -> tuple[QMessageBox, list]:
    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, text)
    box.setInformativeText(detail)
    buttons = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for label in labels]
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(buttons[-1])
    return box, buttons


def recover(exc, store_path: Path, open_store):
    """Ask what to do about ``exc`` (``StoreDamagedError`` / ``StoreNewerError`` / other
    ``StoreError``) for the file ``store_path``; returns an opened store (``open_store()``)
    after a successful restore, or None to quit."""
    from ..store import StoreDamagedError
    from ..store.backups import Backups
    from .backup_actions import backup_label

    store_path = Path(store_path)
    backups = Backups(store_path)  # no store object: it could not be opened
    folder = backups.folder
    while True:
        copies: list = []
        if isinstance(exc, StoreDamagedError):
            copies = backups.intact()[:MAX_OFFERED]
            detail = (NEWEST_DETAIL.format(label=backup_label(copies[0]).lower(), folder=folder) if copies
                      else NO_COPY_DETAIL.format(folder=folder, name=store_path.name))
            if len(copies) > 1:
                detail += " " + OLDER_DETAIL.format(n=len(copies) - 1)
        else:
            detail = NEWER_DETAIL if type(exc).__name__ == "StoreNewerError" else ""
        copy_labels = [RESTORE_NEWEST] + [RESTORE_OLDER.format(label=backup_label(c)) for c in copies[1:]]
        labels = copy_labels[:len(copies)] + [OPEN_FOLDER, QUIT]
        from ..errors import user_message

        box, buttons = _box(user_message(exc), detail, labels)
        box.exec()
        chosen = box.clickedButton()
        label = chosen.text() if chosen in buttons else QUIT
        box.deleteLater()
        if label == QUIT:
            return None
        if label == OPEN_FOLDER:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(store_path.parent)))
            continue
        picked = copies[labels.index(label)]
        try:
            safety = backups.restore(picked.path)
            store = open_store()
        except Exception as new_exc:  # noqa: BLE001 - say it (in Vietnamese) and ask again
            from ..errors import report_unexpected

            report_unexpected(new_exc, "restoring a copy at start-up")
            exc = new_exc
            continue
        messages.info(None, RESTORED.format(label=backup_label(picked).lower()), TITLE,
                      RESTORED_DETAIL.format(safety=safety) if safety else "")
        return store

