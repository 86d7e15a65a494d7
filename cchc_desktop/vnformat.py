"""Vietnamese strings of the official layout (Decree 30/2020): date line, number line, names.

Number formatting (1.277; 88,25) lives in ``numbers.format_vn``; this module does the words.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from .draft import Draft, Recipients
from .periods import short_code
from .textnorm import clean_line


def nd30_day(day: int) -> str:
    return f"{day:02d}"


def nd30_month(month: int) -> str:
    """Months 1 and 2 take a leading zero ('01', '02'); the others do not ('6', '12')."""
    return f"{month:02d}" if month < 3 else str(month)


def date_line(place: str, date: _dt.date | None, year_hint: int | None = None) -> str:
    """'Quang Khải, ngày 09 tháng 6 năm 2023'. Without a date the day and month are left blank
    for the clerk to write by hand on the signed copy, as offices do: 'Phường 1, ngày    tháng    năm 2024'."""
    place = clean_line(place)
    prefix = f"{place}, " if place else ""
    if date is None:
        year = str(year_hint) if year_hint else "       "
        return f"{prefix}ngày       tháng       năm {year}"
    return f"{prefix}ngày {nd30_day(date.day)} tháng {nd30_month(date.month)} năm {date.year}"


def short_date(date: _dt.date | None) -> str:
    """'09/6/2023' as used inside sentences and the annex line; '05/01/2024' for January."""
    if date is None:
        return "..."
    return f"{date.day:02d}/{nd30_month(date.month)}/{date.year}"


def document_number(number: str, code: str) -> str:
    """'Số: 05/BC-UBND'; a number below 10 takes a leading zero; an empty number leaves room."""
    code = re.sub(r"\s*([/-])\s*", r"\1", clean_line(code)).upper()
    number = plain_number(number, code)
    if number.isdigit() and len(number) < 2:  # "5" -> "05"; never int() of a 5,000-digit number
        number = f"{int(number):02d}"
    if not number:
        return f"Số:       /{code}"
    return f"Số: {number}/{code}"


def plain_number(number: str, code: str) -> str:
    """The number alone, when the official typed the whole reference into the number field:
    'Số: 45/BC-UBND', '45/BC-UBND', 'số 45' -> '45' (the line adds 'Số:' and the code itself)."""
    number = clean_line(number)
    number = re.sub(r"^số\s*[:.]?\s*", "", number, flags=re.IGNORECASE)
    code = re.sub(r"\s*([/-])\s*", r"\1", clean_line(code)).upper()
    head, slash, tail = number.partition("/")
    if slash and code and re.sub(r"\s*([/-])\s*", r"\1", tail).upper().strip() == code:
        number = head.strip()
    return number


def reference_number(number: str, code: str) -> str:
    """'45/BC-UBND' (inside the annex line), '.../BC-UBND' when not numbered yet."""
    line = document_number(number, code)
    value = line[len("Số:"):].strip()
    return value if not value.startswith("/") else "..." + value


# "Lưu: VT", "Lưu VT, VP" (the archive line), but not "Lưu trữ huyện" (a recipient)
_ARCHIVE_LINE = re.compile(r"^[-–+•\s]*[Ll]ưu\s*(?::\s*|\s+(?=[A-ZĐ]{2,}\b))(?P<rest>.*)$")


def _archive_part(text: str) -> str | None:
    """'VT, VP' of an archive line typed in full, None when ``text`` is not one."""
    m = _ARCHIVE_LINE.match(text)
    return m.group("rest").rstrip(".;, ") if m else None


def recipient_lines(recipients: Recipients, *, addressed: bool = False) -> list[str]:
    """The 'Nơi nhận' list as printed: '- X;' for each, the last '- Lưu: VT.'.

    ``addressed``: the report carries 'Kính gửi: ...', so the list opens with '- Như trên;'
    (Decree 30). A 'Lưu: ...' line typed among the items, or 'Lưu:' typed into the archive
    field, is not printed twice: it becomes the one closing 'Lưu' line.
    """
    lines = []
    archive = clean_line(recipients.archive).rstrip(".;, ")
    typed_in_full = _archive_part(archive)
    archive = typed_in_full if typed_in_full is not None else archive
    for item in recipients.items:
        item = clean_line(item).lstrip("-–+• ").rstrip(";.,")
        if not item:
            continue
        typed_archive = _archive_part(item)
        if typed_archive is not None:  # merged into the closing line, nothing typed is lost
            if typed_archive.casefold() not in archive.casefold():
                archive = f"{archive}, {typed_archive}" if archive else typed_archive
            continue
        lines.append(f"- {item};")
    if addressed and not any(line.lower().startswith("- như trên") for line in lines):
        lines.insert(0, "- Như trên;")
    lines.append(f"- Lưu: {archive}." if archive else "- Lưu.")
    return lines


def title_for_kind(kind: str) -> str:
    return "THÔNG BÁO" if kind == "self_inspection" else "BÁO CÁO"


def default_summary(draft: Draft, placeholder: bool = False) -> str:
    """The default summary (trích yếu) of ``draft``'s kind, naming its period in words, or with
    ``{kỳ báo cáo}`` (``placeholder``: what a new draft stores, so the words follow the period)."""
    from .periods import PERIOD_TOKEN, period_title

    period = PERIOD_TOKEN if placeholder else period_title(draft.period)
    if draft.kind == "five_year":
        return (f"Sơ kết 05 năm thực hiện Chương trình tổng thể cải cách hành chính nhà nước "
                f"giai đoạn 2021-2030, {period}")
    if draft.kind == "self_inspection":
        return f"Kết quả tự kiểm tra công tác cải cách hành chính {period}"
    return f"Công tác cải cách hành chính {period}"


_WIN_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WIN_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def ascii_slug(text: str) -> str:
    """'Quang Khải' -> 'Quang-Khai' (no diacritics, no characters Windows rejects)."""
    text = unicodedata.normalize("NFD", clean_line(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _WIN_FORBIDDEN.sub(" ", text)
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return text


def commune_name(draft: Draft) -> str:
    """The commune's own name from the issuing body: 'ỦY BAN NHÂN DÂN XÃ QUANG KHẢI' -> 'Quang Khải'."""
    body = clean_line(draft.meta.issuing_body_short or draft.meta.issuing_body)
    m = re.search(r"(?i)(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(xã|phường|thị trấn|đặc khu)\s+(.+)$", body)
    name = m.group(2) if m else (draft.meta.place or body)
    if m and name.replace(" ", "").isdigit():  # "Phường 1": the number alone names nothing
        name = f"{m.group(1)} {name}"
    return " ".join(w if w.isdigit() else w[:1].upper() + w[1:].lower() for w in name.split())


def standard_filename(draft: Draft, ext: str) -> str:
    """'BC-CCHC-6T-2024-Quang-Khai.docx' (kind, period, year, commune; safe on Windows)."""
    prefix = {"periodic": "BC-CCHC", "five_year": "BC-SO-KET-CCHC",
              "self_inspection": "TB-TU-KIEM-TRA-CCHC"}[draft.kind]
    period = short_code(draft.period)
    year = str(draft.period.year)
    if draft.period.type == "custom" and draft.period.start and draft.period.end:
        year = f"{draft.period.start:%Y%m%d}-{draft.period.end:%Y%m%d}"
    if draft.period.type == "5y":
        year = f"{draft.period.start_year or draft.period.year - 4}-{draft.period.year}"
    commune = ascii_slug(commune_name(draft)) or "UBND"
    stem = "-".join(x for x in (prefix, period, year, commune) if x)[:120]
    if stem.upper() in _WIN_RESERVED:
        stem += "-1"
    return f"{stem}.{ext.lstrip('.')}"
