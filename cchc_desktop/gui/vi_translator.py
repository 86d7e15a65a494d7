"""Vietnamese for the strings Qt itself shows (standard buttons, context menus, file dialog).

Qt ships no Vietnamese ``qtbase_vi.qm``. Rather than leave "OK", "Cancel" or "Select All"
visible, this translator answers Qt's own lookups from a small table. A real ``qtbase_vi.qm``,
when present, is installed as well and wins for anything it knows.
"""
from __future__ import annotations

from PySide6.QtCore import QTranslator

# source text -> Vietnamese, any context
_COMMON = {
    # QPlatformTheme standard buttons
    "OK": "Đồng ý", "&OK": "Đồng ý", "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả",
    "Open": "Mở", "&Open": "&Mở", "Yes": "Có", "&Yes": "&Có", "Yes to &All": "Có với tất cả",
    "Yes to All": "Có với tất cả", "No": "Không", "&No": "&Không", "N&o to All": "Không với tất cả",
    "No to All": "Không với tất cả", "Abort": "Dừng", "Retry": "Thử lại", "Ignore": "Bỏ qua",
    "Close": "Đóng", "&Close": "Đó&ng", "Cancel": "Hủy", "&Cancel": "&Hủy", "Discard": "Bỏ thay đổi",
    "Don't Save": "Không lưu", "Close without Saving": "Đóng không lưu", "Help": "Trợ giúp",
    "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
    "Show Details...": "Xem chi tiết...", "Hide Details...": "Ẩn chi tiết...",
    # text edit context menus (QLineEdit, QWidgetTextControl, QAbstractSpinBox)
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "Cắ&t", "&Copy": "&Sao chép",
    "Copy &Link Location": "Sao chép địa chỉ liên &kết", "&Paste": "&Dán", "Delete": "Xóa",
    "Select All": "Chọn tất cả", "&Select All": "&Chọn tất cả", "&Step up": "&Tăng",
    "Step &down": "&Giảm",
    # scroll bar context menu
    "Scroll here": "Cuộn đến đây", "Left edge": "Mép trái", "Top": "Đầu", "Right edge": "Mép phải",
    "Bottom": "Cuối", "Page left": "Trang trái", "Page up": "Trang trên", "Page right": "Trang phải",
    "Page down": "Trang dưới", "Scroll left": "Cuộn trái", "Scroll up": "Cuộn lên",
    "Scroll right": "Cuộn phải", "Scroll down": "Cuộn xuống",
    # file dialog (non-native)
    "Look in:": "Tìm trong:", "File &name:": "&Tên tệp:", "Files of type:": "Loại tệp:",
    "Directories": "Thư mục", "Files": "Tệp",  # the folder dialog's type box; the file list's name
    "Directory:": "Thư mục:", "&Choose": "&Chọn", "Choose": "Chọn", "Back": "Lùi lại",
    "Forward": "Tiến tới", "Parent Directory": "Thư mục cha", "Create New Folder": "Tạo thư mục mới",
    "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết", "Name": "Tên", "Size": "Kích thước",
    "Type": "Loại", "Kind": "Loại", "Date Modified": "Ngày sửa", "My Computer": "Máy tính",
    "Computer": "Máy tính", "All Files (*)": "Mọi tệp (*)", "New Folder": "Thư mục mới",
    "&New Folder": "Thư mục &mới", "&Rename": "Đổi &tên", "&Delete": "&Xóa",
    "Show &hidden files": "Hiện tệp &ẩn", "Recent Places": "Nơi đã mở gần đây",
    "Go back": "Quay lại", "Go forward": "Tiến tới", "Go to the parent directory": "Lên thư mục cha",
    "Create a New Folder": "Tạo thư mục mới", "Change to list view mode": "Xem dạng danh sách",
    "Change to detail view mode": "Xem dạng chi tiết", "Sidebar": "Thanh bên",
    "File Folder": "Thư mục", "Folder": "Thư mục", "File": "Tệp", "Drive": "Ổ đĩa",
    "Unknown": "Không rõ", "Find Directory": "Chọn thư mục",
    "Save As": "Lưu thành", "Are you sure you want to delete '%1'?": "Xóa «%1»?",
    "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nGhi đè lên tệp này?",
    "%1\nFile not found.\nPlease verify the correct file name was given.":
        "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
    # dialogs in general
    "What's This?": "Đây là gì?",
    # key names in shortcut texts (the keys themselves are printed Ctrl, Alt, PgUp on keyboards)
    "Left": "←", "Right": "→", "Up": "↑", "Down": "↓", "PgDown": "PgDn", "Return": "Enter",
    "Backspace": "Xóa lùi", "Space": "Phím cách", "Esc": "Esc", "Del": "Del", "Ins": "Ins",
}


# Qt's own print dialog (Linux; Windows shows its native one in the system's language). Only
# asked for in the print dialog's contexts: short words like "to" or "Off" mean other things
# elsewhere.
_PRINT_CONTEXTS = ("QPrint", "QUnixPrint", "QPageSetup", "QCupsJobWidget", "QPPD")
_PRINT = {
    "Print": "In", "&Print": "&In", "Printer": "Máy in", "&Name:": "Tê&n:", "P&roperties": "Thuộc tín&h",
    "Properties": "Thuộc tính", "Location:": "Vị trí:", "Type:": "Loại:", "Output &file:": "Tệp ghi &ra:",
    "&Options >>": "Tùy &chọn >>", "&Options <<": "Tùy &chọn <<", "Options": "Tùy chọn",
    "Copies": "Số bản", "Copies:": "Số bản:", "Collate": "Sắp theo bộ", "Reverse": "In ngược thứ tự",
    "Print range": "Phạm vi in", "Print all": "In tất cả", "Pages from": "Các trang từ", "to": "đến",
    "Pages": "Các trang", "Current Page": "Trang hiện tại", "Selection": "Phần đã chọn",
    "Output Settings": "Thiết lập in", "Color Mode": "Màu", "Color": "Màu", "Grayscale": "Đen trắng",
    "Double Sided Printing": "In hai mặt", "Off": "Tắt", "Long side binding": "Đóng gáy cạnh dài",
    "Short side binding": "Đóng gáy cạnh ngắn", "Page &Set:": "Lọc &trang:", "All Pages": "Tất cả các trang",
    "Odd Pages": "Trang lẻ", "Even Pages": "Trang chẵn", "Print to File (PDF)": "In ra tệp (PDF)",
    "Write PDF file": "Ghi tệp PDF", "Local file": "Tệp trên máy", "Preview": "Xem trước",
    "Print To File ...": "In ra tệp…", "Paper": "Giấy", "Page size:": "Khổ giấy:", "Orientation": "Hướng giấy",
    "Portrait": "Dọc", "Landscape": "Ngang", "Margins": "Lề", "Page Setup": "Thiết lập trang",
    "Pages per sheet:": "Số trang mỗi tờ:", "Page order:": "Thứ tự trang:", "Job": "Lệnh in",
    "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a "
    "hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.":
        "Ghi các trang hoặc khoảng trang, cách nhau bằng dấu phẩy; khoảng trang là hai số nối bằng "
        "dấu gạch ngang. Ví dụ: 3,5-7,9 in các trang 3, 5, 6, 7 và 9.",
}


class VietnameseQtTranslator(QTranslator):
    """Answers Qt's lookups from ``_COMMON`` (and ``_PRINT`` in the print dialog); returns None
    (untranslated) for anything else."""

    def translate(self, context, source_text, disambiguation=None, n=-1):
        if context and context.startswith(_PRINT_CONTEXTS) and source_text in _PRINT:
            return _PRINT[source_text]
        return _COMMON.get(source_text)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def translation_for(source_text: str) -> str | None:
    """The Vietnamese for one Qt string (tests check the table)."""
    return _COMMON.get(source_text)
