"""The home window over a store opened read-only (a CD, a write-protected card, read-only
files: ``store.read_only``): a banner says so and what to do, and every entry that would change
the store is disabled. Opening a report opens it to read (no edit lock: that is a write);
exporting it to another folder works. A write that slips through is refused by the store
itself with the same Vietnamese sentence (``StoreReadOnlyError``)."""
from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

TITLE_SUFFIX = " – chỉ đọc"
BANNER = ("<b>Dữ liệu đang mở ở chế độ chỉ đọc</b> vì tệp dữ liệu nằm ở nơi không cho phép ghi (ổ CD, thẻ nhớ "
          "khoá ghi, hoặc tệp chỉ có quyền đọc). Có thể xem danh sách, mở báo cáo để đọc và xuất ra thư mục khác; "
          "không tạo, sửa, xoá hay khôi phục được. Để làm việc tiếp: đóng phần mềm, chép cả thư mục dữ liệu "
          "«{folder}» sang ổ đĩa có quyền ghi (hoặc bỏ thuộc tính «Chỉ đọc» của tệp cchc.sqlite3), rồi mở lại.")
# menu entries (their text, as gui/home_window builds them) that change the store
WRITING_ENTRIES = (
    "Tạo &báo cáo mới…", "Tạo &kỳ tiếp theo", "&Nhập tệp (Word hoặc JSON)…", "&Hồ sơ của xã…",
    "Khôi &phục từ bản sao…", "&Xóa (chuyển vào thùng rác)", "&Khôi phục từ thùng rác", "Xóa &vĩnh viễn",
)


def is_read_only(store) -> bool:
    return bool(getattr(store, "read_only", False))


def apply(home) -> None:
    """Banner, title and disabled entries for a read-only store."""
    banner = QLabel(BANNER.format(folder=home.store.path.parent))
    banner.setObjectName("readOnlyBanner")
    banner.setWordWrap(True)
    banner.setAccessibleName("Dữ liệu đang mở ở chế độ chỉ đọc")
    banner.setStyleSheet("QLabel#readOnlyBanner { background: #fff4ce; color: #3b2f00; border: 1px solid #e0c060;"
                         " padding: 6px; }")
    home.centralWidget().layout().insertWidget(0, banner)
    home.read_only_banner = banner
    home.setWindowTitle(home.windowTitle() + TITLE_SUFFIX)
    for action in home.findChildren(QAction):
        if action.text() in WRITING_ENTRIES:
            action.setEnabled(False)
    for button in (home.button_new, home.button_import):
        button.setEnabled(False)
    home.statusBar().showMessage("Dữ liệu đang mở ở chế độ chỉ đọc.")
