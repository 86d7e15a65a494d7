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
    from ..store.backups import backups_dir, list_backups, restore_backup
    from .backup_actions import backup_label

    store_path = Path(store_path)
    folder = backups_dir(store_path)
    while True:
        newest = None
        if isinstance(exc, StoreDamagedError):
            daily = [b for b in list_backups(folder) if b.kind == "daily"]
            newest = daily[0] if daily else None
            detail = (NEWEST_DETAIL.format(label=backup_label(newest).lower(), folder=folder) if newest
                      else NO_COPY_DETAIL.format(folder=folder, name=store_path.name))
        else:
            detail = NEWER_DETAIL if type(exc).__name__ == "StoreNewerError" else ""
        labels = ([RESTORE_NEWEST] if newest else []) + [OPEN_FOLDER, QUIT]
        box, buttons = _box(str(exc), detail, labels)
        box.exec()
        chosen = box.clickedButton()
        label = chosen.text() if chosen in buttons else QUIT
        box.deleteLater()
        if label == QUIT:
            return None
        if label == OPEN_FOLDER:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(store_path.parent)))
            continue
        try:
            assert newest is not None  # RESTORE_NEWEST is offered only with a copy
            safety = restore_backup(newest.path, store_path)
            store = open_store()
        except Exception as new_exc:  # noqa: BLE001 - say it and ask again
            exc = new_exc
            continue
        messages.info(None, RESTORED.format(label=backup_label(newest).lower()), TITLE,
                      RESTORED_DETAIL.format(safety=safety) if safety else "")
        return store
