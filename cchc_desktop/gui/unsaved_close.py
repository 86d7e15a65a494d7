"""Never close a report window over an edit that could not be saved (issue 11 item 2).

Closing writes what is unsaved. When the store refuses (another program holds its write lock
for longer than ``session.close_patience``, the disk is full, the USB data folder was unplugged) the user
chooses: try again, keep the draft as a draft file (JSON) somewhere else, throw the unsaved
changes away (asked again, explicitly), or not close. Nothing is dropped without that choice.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from . import messages

T_TITLE = "Chưa lưu được báo cáo"
T_TEXT = "Những thay đổi cuối cùng của báo cáo chưa được lưu vào máy."
T_DETAIL = ("Lý do: {reason}\n\nNếu đóng cửa sổ bây giờ, những thay đổi đó sẽ mất. Có thể thử lưu lại "
            "(ví dụ sau khi cắm lại USB hoặc giải phóng ổ đĩa), lưu báo cáo ra một tệp dự thảo ở nơi "
            "khác, hoặc bỏ các thay đổi.")
RETRY, SAVE_AS, DISCARD = "Thử lưu &lại", "Lưu ra &tệp khác…", "&Bỏ thay đổi và đóng"
T_DISCARD = "Bỏ những thay đổi chưa lưu và đóng báo cáo?"
T_DISCARD_DETAIL = "Không thể lấy lại những thay đổi này."
T_SAVE_CAPTION = "Lưu báo cáo ra tệp dự thảo"
T_SAVED_AS = "Đã lưu báo cáo ra tệp {path}. Mở lại bằng Tệp → Nhập từ tệp… khi máy lưu được."
T_WRITE_FAILED = "Không ghi được tệp {path}: {reason}"
JSON_FILTER = "Tệp dự thảo (*.json)"


def _default_path(session: Any) -> str:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M")
    return str(Path.home() / f"cchc-du-thao-{stamp}.json")


def write_draft_json(session: Any, target: str) -> Path:
    """The open draft (as the editor holds it, unsaved edits included) written to ``target``."""
    from ..files import Overwrite, write_file

    data = session.editor.to_json().encode("utf-8")
    # the file dialog already asked before replacing an existing file
    return write_file(target, data, overwrite=Overwrite.ALWAYS, remember=False)


def resolve_before_close(window: Any) -> bool:
    """Save what is unsaved; if that fails, ask until it is saved, kept elsewhere or explicitly
    dropped. True: the window may close. False: it stays open (the user chose Hủy)."""
    session = window.session
    if session.read_only or session.flush(session.close_patience):  # a busy store: retried, window painted
        return True
    while True:
        choice = messages.ask_choice(window, T_TEXT, [RETRY, SAVE_AS, DISCARD], T_TITLE,
                                     T_DETAIL.format(reason=session.last_error))
        if choice == 0:
            if session.flush(session.close_patience):
                return True
            continue
        if choice == 1:
            target = messages.save_file(window, T_SAVE_CAPTION, _default_path(session), JSON_FILTER, "json")
            if not target:
                continue
            try:
                path = write_draft_json(session, target)
            except Exception as exc:  # noqa: BLE001 - said in Vietnamese, then asked again
                from ..errors import report_unexpected
                from ..files import describe_write_error

                reason = (describe_write_error(target, exc) if isinstance(exc, OSError)
                          else report_unexpected(exc, "writing the unsaved draft to a file"))
                messages.error(window, T_WRITE_FAILED.format(path=target, reason=reason), T_TITLE)
                continue
            messages.info(window, T_SAVED_AS.format(path=path), T_TITLE)
            session.saved_elsewhere = str(path)
            return True
        if choice == 2:
            if messages.ask_yes_no(window, T_DISCARD, T_TITLE, T_DISCARD_DETAIL):
                session.discarded = True
                return True
            continue
        return False
