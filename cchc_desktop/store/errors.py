"""Errors of the store. ``str()`` of each is a Vietnamese sentence the GUI can show as is."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from ..errors import CchcError


class StoreError(CchcError):
    """Anything the store cannot do; the message is for the user (Vietnamese)."""


class StoreNewerError(StoreError):
    """The database was written by a newer version of the app; it is left untouched."""

    def __init__(self, path: Path, found: int, supported: int):
        self.path, self.found, self.supported = Path(path), found, supported
        super().__init__(
            f"Cơ sở dữ liệu «{self.path}» được tạo bởi phiên bản mới hơn của CCHC Desktop "
            f"(phiên bản dữ liệu {found}, phiên bản này chỉ đọc được đến {supported}). "
            "Hãy cập nhật phần mềm; tệp dữ liệu không bị thay đổi."
        )


class StoreDamagedError(StoreError):
    """The file is not a (healthy) CCHC database; it is left untouched."""

    def __init__(self, path: Path, detail: str = ""):
        self.path, self.detail = Path(path), detail
        super().__init__(
            f"Tệp dữ liệu «{self.path}» bị hỏng hoặc không phải cơ sở dữ liệu của CCHC Desktop"
            + (f" ({detail})" if detail else "")
            + ". Tệp không bị ghi đè; hãy khôi phục từ bản sao lưu hoặc chọn thư mục dữ liệu khác."
        )


class StoreReadOnlyError(StoreError):
    """The store is open read-only (a CD, a write-protected card, read-only files): nothing can
    be saved or changed."""

    def __init__(self, path: Path, older: bool = False):
        self.path = Path(path)
        where = (f"tệp dữ liệu «{self.path}» nằm ở nơi không cho phép ghi (ổ CD, thẻ nhớ khoá ghi, hoặc tệp và "
                 "thư mục chỉ có quyền đọc)")
        if older:
            text = (f"Không mở được dữ liệu: {where} và do phiên bản cũ hơn của phần mềm tạo ra, "
                    "cần nâng cấp (tức là phải ghi) trước khi dùng. Tệp không bị thay đổi.")
        else:
            text = (f"Dữ liệu đang mở ở chế độ chỉ đọc vì {where}. Có thể xem, mở báo cáo để đọc và xuất ra "
                    "thư mục khác, nhưng không lưu hay thay đổi được gì.")
        super().__init__(text + " " + READ_ONLY_WHAT_TO_DO)


READ_ONLY_WHAT_TO_DO = ("Để làm việc tiếp: đóng phần mềm, chép cả thư mục dữ liệu sang ổ đĩa có quyền ghi (hoặc bỏ "
                        "thuộc tính «Chỉ đọc» của tệp cchc.sqlite3), rồi mở lại phần mềm.")


class StoreBusyError(StoreError):
    """Another window or process kept the database busy for longer than the timeout."""

    def __init__(self) -> None:
        super().__init__(
            "Cơ sở dữ liệu đang bận (một cửa sổ hoặc chương trình khác đang ghi). "
            "Hãy thử lại sau giây lát."
        )


class DraftNotFoundError(StoreError, KeyError):
    """No draft (or revision) with that id."""

    def __init__(self, what_id: str, what: str = "dự thảo"):
        self.id = what_id
        StoreError.__init__(self, f"Không tìm thấy {what} có mã «{what_id}» (có thể đã bị xoá hẳn).")

    def __str__(self) -> str:  # KeyError would show the repr
        return str(self.args[0])


class DraftLockedError(StoreError):
    """The draft is open in another window or process that is still alive."""

    def __init__(self, draft_id: str, holder: dict[str, Any]):
        self.draft_id = draft_id
        self.holder = dict(holder)
        self.owner = holder.get("owner")
        self.pid = holder.get("pid")
        self.host = holder.get("host")
        self.since = holder.get("since")
        self.heartbeat = holder.get("heartbeat")
        super().__init__(
            f"Dự thảo này đang được mở để sửa ở một cửa sổ khác (máy «{self.host}», "
            f"tiến trình {self.pid}, từ {_short_time(self.since)}). "
            "Hãy đóng cửa sổ đó rồi mở lại, hoặc chờ cửa sổ kia đóng."
        )


def _short_time(iso: str | None) -> str:
    """'14:05 ngày 03/06/2024' in local time from a stored UTC ISO string."""
    import datetime as _dt

    if not iso:
        return "không rõ lúc nào"
    try:
        t = _dt.datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return t.strftime("%H:%M ngày %d/%m/%Y")


def translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """Turn a sqlite3 error into a StoreError with a Vietnamese message."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return StoreBusyError()
    # "could not decode to utf-8": bytes of a stored text were damaged on disk (quick_check
    # does not read record contents); the raw message would dump the document at the user
    if "malformed" in text or "not a database" in text or "corrupt" in text or "could not decode" in text:
        return StoreDamagedError(path, "SQLite báo tệp hỏng")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError(f"Không ghi được vào tệp dữ liệu «{path}»: không có quyền ghi hoặc thư mục không tồn tại.")
    if "full" in text:
        return StoreError("Không ghi được dữ liệu: ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi thử lại.")
    if "disk i/o" in text:
        return StoreError(f"Lỗi đọc/ghi ổ đĩa khi truy cập «{path}». Hãy kiểm tra ổ đĩa rồi thử lại.")
    return StoreError(f"Lỗi cơ sở dữ liệu: {exc}")
