"""Vietnamese sentences for ``OSError``s met while writing or reading a file (no English
``strerror`` ever reaches a user)."""
from __future__ import annotations

import errno
from pathlib import Path


def describe_write_error(path: str | Path, exc: OSError) -> str:
    path = Path(path)
    name = _name(path)
    code = getattr(exc, "errno", None)
    if not str(path).strip() or path.name in ("", ".", ".."):
        return "Chưa có tên tệp sẽ ghi; hãy ghi rõ tên tệp, ví dụ -o bao-cao.docx."
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return (f"Không ghi được «{name}»: đây là một thư mục; hãy ghi rõ tên tệp trong thư mục đó "
                f"(ví dụ «{path / 'bao-cao.docx'}»).")
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return (f"Không ghi được «{name}»: đường dẫn «{path.parent}» có một phần là tệp chứ không phải thư mục. "
                f"Hãy chọn thư mục khác.")
    if isinstance(exc, PermissionError):
        return (f"Không ghi được «{name}»: tệp đang mở trong chương trình khác (Word, Excel) "
                f"hoặc thư mục «{path.parent}» chỉ cho phép đọc. Hãy đóng tệp hoặc chọn thư mục khác.")
    if isinstance(exc, FileNotFoundError):
        return f"Không ghi được «{name}»: thư mục «{path.parent}» không tồn tại."
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"Không ghi được «{name}»: ổ đĩa đã đầy."
    if code == errno.EROFS:
        return f"Không ghi được «{name}»: ổ đĩa hoặc thẻ nhớ chỉ cho phép đọc. Hãy chọn nơi lưu khác."
    if code == errno.ENAMETOOLONG:
        return f"Không ghi được «{name}»: tên tệp hoặc đường dẫn quá dài. Hãy đặt tên ngắn hơn."
    if code == errno.EINVAL:
        return (f"Không ghi được «{name}»: tên tệp không hợp lệ hoặc không phải một tệp thông thường "
                f"(tên tệp không được chứa các ký tự \\ / : * ? \" < > |).")
    if code == errno.EBUSY:
        return f"Không ghi được «{name}»: tệp hoặc thư mục đang được dùng. Hãy chọn tên khác."
    if code == errno.ELOOP:
        return f"Không ghi được «{name}»: đường dẫn có liên kết vòng (symlink trỏ vào chính nó)."
    if code == errno.EIO:
        return f"Không ghi được «{name}»: lỗi đọc/ghi ổ đĩa (ổ USB bị rút ra?). Hãy kiểm tra ổ đĩa rồi thử lại."
    return f"Không ghi được «{name}» (mã lỗi hệ thống {code if code is not None else '?'}). Hãy chọn thư mục khác."


def describe_read_error(path: str | Path, exc: OSError, what: str = "tệp") -> str:
    path = Path(path)
    name = _name(path)
    code = getattr(exc, "errno", None)
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        where = f" trong thư mục «{path.parent}»" if str(path.parent) not in ("", ".") else ""
        return f"Không tìm thấy {what} «{name}»{where}."
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return f"«{name}» là một thư mục, không phải {what}. Hãy chọn một tệp."
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return f"Không tìm thấy {what} «{name}»: đường dẫn «{path.parent}» có một phần là tệp chứ không phải thư mục."
    if isinstance(exc, PermissionError):
        return f"Không có quyền đọc {what} «{name}»."
    if code == errno.ELOOP:
        return f"Không đọc được {what} «{name}»: đường dẫn có liên kết vòng (symlink trỏ vào chính nó)."
    if code == errno.ENAMETOOLONG:
        return f"Không đọc được {what} «{name}»: tên tệp hoặc đường dẫn quá dài."
    if code == errno.EIO:
        return f"Không đọc được {what} «{name}»: lỗi đọc ổ đĩa (ổ USB bị rút ra?)."
    if code == errno.EINVAL:
        return f"Không đọc được {what} «{name}»: tên tệp không hợp lệ."
    return f"Không đọc được {what} «{name}» (mã lỗi hệ thống {code if code is not None else '?'})."


def describe_os_error(exc: OSError) -> str:
    """An ``OSError`` met anywhere (no idea whether reading or writing)."""
    code = getattr(exc, "errno", None)
    target = exc.filename if isinstance(exc.filename, (str, bytes)) else None
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "Không ghi được: ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi thử lại."
    if target is not None:
        path = Path(target.decode(errors="replace") if isinstance(target, bytes) else target)
        return describe_read_error(path, exc) if code in (errno.ENOENT, errno.EISDIR, errno.ELOOP) \
            else describe_write_error(path, exc)
    if isinstance(exc, PermissionError):
        return "Không có quyền truy cập tệp hoặc thư mục cần dùng."
    if code == errno.EIO:
        return "Lỗi đọc/ghi ổ đĩa. Hãy kiểm tra ổ đĩa rồi thử lại."
    return f"Lỗi hệ thống khi truy cập tệp (mã lỗi {code if code is not None else '?'})."


def _name(path: Path) -> str:
    text = path.name or str(path)
    # a CR/LF or other control character in a name is shown, not obeyed
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
