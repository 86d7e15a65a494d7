"""The clerk's signature information on a separate annex file (Decree 30/2020, Phụ lục I).

An annex sent as a file of its own is signed by the agency's clerk (văn thư): no image; at the top
right of its first page, the document's number and code and the signing time (ISO 8601, Vietnam
time, e.g. ``2026-11-28T09:15:02+07:00``), Times New Roman 10 pt, upright, black.

The text is drawn with a TrueType font embedded whole (PDF/A wants every font embedded): Times New
Roman where Windows has it, Liberation Serif (the same metrics) elsewhere. The code and the time
need ASCII plus "Đ"/"đ" (codes such as "12/QĐ-UBND"), so a simple font with WinAnsiEncoding, two
``/Differences`` (``/Dcroat``, ``/dcroat``), a ``/ToUnicode`` map and widths read from the font's
``hmtx`` table does it without a font library.
"""
from __future__ import annotations

import io
import os
import struct
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import SigningError

FONT_SIZE = 10.0
RIGHT_MARGIN_MM, TOP_MM = 20.0, 8.0
MM = 72 / 25.4
FONT_CANDIDATES = (
    os.path.join(os.environ.get("SystemRoot", r"C:\Windows"), "Fonts", "times.ttf"),
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
    "/Library/Fonts/Times New Roman.ttf",
    "/System/Library/Fonts/Supplemental/Times New Roman.ttf",
)
NO_FONT = ("Không tìm thấy phông Times New Roman (hoặc Liberation Serif) trên máy để ghi thông tin ký của văn thư. "
           "Hãy cài phông Times New Roman.")


MAX_CODE_CHARS = 40  # "45/BC-UBND", "123/BC-UBND-VP": one line at the top right of the page
BAD_CODE = ("Số và ký hiệu văn bản chỉ gồm chữ số, chữ cái không dấu, chữ Đ, «/» và «-» "
            "(ví dụ 45/BC-UBND, 12/QĐ-UBND), không quá {n} ký tự.")
# The two letters beyond ASCII that document codes use ("QĐ" = quyết định): font code -> (glyph name,
# Unicode). 0xD0 and 0xF0 are Ð/ð in WinAnsi; ``/Differences`` makes them the Vietnamese Đ/đ.
EXTRA_CODES = {0xD0: ("/Dcroat", 0x0110), 0xF0: ("/dcroat", 0x0111)}
_TO_CODE = {chr(uni): code for code, (_name, uni) in EXTRA_CODES.items()}
LAST_CODE = max(EXTRA_CODES)


def printable(text: str) -> bool:
    """Whether the stamp font can print ``text``: ASCII letters and signs, Đ and đ."""
    return all(32 <= ord(ch) <= 126 or ch in _TO_CODE for ch in text)


def font_bytes(text: str) -> bytes:
    """``text`` in the stamp font's single-byte codes (ASCII as itself, Đ/đ as 0xD0/0xF0)."""
    return bytes(_TO_CODE[ch] if ch in _TO_CODE else ord(ch) for ch in text)


def pdf_string(text: str) -> bytes:
    """``text`` as the inside of a PDF literal string: ``(``, ``)`` and ``\\`` escaped, so a
    code such as ``45/BC) Tj (x`` is printed as typed, never read as page operators."""
    return font_bytes(text).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def check_clerk_code(number_code: str) -> None:
    """Refuse a number and code the stamp cannot print, before anything else (the PIN) is asked."""
    code = number_code.strip()
    if not code or len(code) > MAX_CODE_CHARS or not printable(code):
        raise SigningError(BAD_CODE.format(n=MAX_CODE_CHARS))


def find_font() -> Path:
    for candidate in FONT_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise SigningError(NO_FONT)


def iso_time(when: datetime) -> str:
    """``2026-11-28T09:15:02+07:00`` (seconds, with the offset written with a colon)."""
    return when.replace(microsecond=0).isoformat()


def stamp_lines(number_code: str, when: datetime) -> list[str]:
    return [number_code.strip(), iso_time(when)]


class TrueTypeMetrics:
    """Advance widths (per 1000 em) of the stamp font's codes (ASCII, Đ, đ), and its bounding box."""

    def __init__(self, data: bytes):
        try:
            num = struct.unpack(">H", data[4:6])[0]
            tables = {}
            for i in range(num):
                tag, _sum, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
                tables[tag] = (off, length)
            head = tables[b"head"][0]
            self.units = struct.unpack(">H", data[head + 18:head + 20])[0]
            self.bbox = [v * 1000 // self.units for v in struct.unpack(">hhhh", data[head + 36:head + 44])]
            hhea = tables[b"hhea"][0]
            self.ascent, self.descent = (v * 1000 // self.units for v in struct.unpack(">hh", data[hhea + 4:hhea + 8]))
            n_metrics = struct.unpack(">H", data[hhea + 34:hhea + 36])[0]
            hmtx = tables[b"hmtx"][0]
            advances = [struct.unpack(">H", data[hmtx + 4 * i:hmtx + 4 * i + 2])[0] for i in range(n_metrics)]
            unicode_of = {c: c for c in range(32, 127)} | {code: uni for code, (_n, uni) in EXTRA_CODES.items()}
            glyph_of = _cmap_glyphs(data, tables[b"cmap"][0], sorted(unicode_of.values()))
        except (KeyError, struct.error, IndexError) as exc:
            raise SigningError(f"Tệp phông chữ không đọc được ({exc}).") from None
        self.widths = {code: advances[min(glyph_of.get(uni, 0), n_metrics - 1)] * 1000 // self.units
                       for code, uni in unicode_of.items()}

    def text_width(self, text: str, size: float) -> float:
        return float(sum(self.widths.get(b, 500) for b in font_bytes(text)) * size / 1000)


def _cmap_glyphs(data: bytes, cmap: int, wanted: list[int]) -> dict[int, int]:
    """Glyph ids of the ``wanted`` code points (BMP) from the (3,1) format 4 subtable."""
    count = struct.unpack(">H", data[cmap + 2:cmap + 4])[0]
    for i in range(count):
        pid, eid, off = struct.unpack(">HHI", data[cmap + 4 + 8 * i:cmap + 12 + 8 * i])
        sub = cmap + off
        if (pid, eid) in ((3, 1), (0, 3)) and struct.unpack(">H", data[sub:sub + 2])[0] == 4:
            segs = struct.unpack(">H", data[sub + 6:sub + 8])[0] // 2
            ends = struct.unpack(f">{segs}H", data[sub + 14:sub + 14 + 2 * segs])
            starts_at = sub + 16 + 2 * segs
            starts = struct.unpack(f">{segs}H", data[starts_at:starts_at + 2 * segs])
            deltas = struct.unpack(f">{segs}h", data[starts_at + 2 * segs:starts_at + 4 * segs])
            ro_at = starts_at + 4 * segs
            offsets = struct.unpack(f">{segs}H", data[ro_at:ro_at + 2 * segs])
            out = {}
            for c in wanted:
                for s in range(segs):
                    if starts[s] <= c <= ends[s]:
                        if offsets[s] == 0:
                            out[c] = (c + deltas[s]) & 0xFFFF
                        else:
                            at = ro_at + 2 * s + offsets[s] + 2 * (c - starts[s])
                            g = struct.unpack(">H", data[at:at + 2])[0]
                            out[c] = (g + deltas[s]) & 0xFFFF if g else 0
                        break
            return out
    raise KeyError("cmap (3,1) format 4")


def _font_objects(writer: Any, font_file: Path) -> tuple[Any, TrueTypeMetrics]:
    from pyhanko.pdf_utils import generic as pdf_generic

    generic: Any = pdf_generic  # its constructors are untyped

    data = font_file.read_bytes()
    metrics = TrueTypeMetrics(data)
    n = generic.NameObject
    program = generic.StreamObject({n("/Length1"): generic.NumberObject(len(data))}, stream_data=data)
    program.compress()
    base = n("/TimesNewRomanPSMT" if "times" in font_file.name.lower() else "/LiberationSerif")
    descriptor = generic.DictionaryObject({
        n("/Type"): n("/FontDescriptor"), n("/FontName"): base, n("/Flags"): generic.NumberObject(34),
        n("/FontBBox"): generic.ArrayObject(generic.NumberObject(v) for v in metrics.bbox),
        n("/ItalicAngle"): generic.NumberObject(0), n("/Ascent"): generic.NumberObject(metrics.ascent),
        n("/Descent"): generic.NumberObject(metrics.descent), n("/CapHeight"): generic.NumberObject(662),
        n("/StemV"): generic.NumberObject(80), n("/FontFile2"): writer.add_object(program),
    })
    differences: list[Any] = []
    for code, (name, _uni) in sorted(EXTRA_CODES.items()):
        differences += [generic.NumberObject(code), n(name)]
    encoding = generic.DictionaryObject({n("/Type"): n("/Encoding"), n("/BaseEncoding"): n("/WinAnsiEncoding"),
                                         n("/Differences"): generic.ArrayObject(differences)})
    to_unicode = generic.StreamObject(stream_data=_to_unicode_cmap())
    to_unicode.compress()
    font = generic.DictionaryObject({
        n("/Type"): n("/Font"), n("/Subtype"): n("/TrueType"), n("/BaseFont"): base,
        n("/FirstChar"): generic.NumberObject(32), n("/LastChar"): generic.NumberObject(LAST_CODE),
        n("/Widths"): generic.ArrayObject(generic.NumberObject(metrics.widths.get(c, 0))
                                          for c in range(32, LAST_CODE + 1)),
        n("/Encoding"): encoding, n("/ToUnicode"): writer.add_object(to_unicode),
        n("/FontDescriptor"): writer.add_object(descriptor),
    })
    return writer.add_object(font), metrics


def add_clerk_stamp(pdf: bytes, number_code: str, when: datetime, font_file: Path | None = None) -> bytes:
    """``pdf`` with the clerk's lines at the top right of page 1 (an incremental update)."""
    from pyhanko.pdf_utils import generic as pdf_generic

    generic: Any = pdf_generic  # its constructors are untyped
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    lines = stamp_lines(number_code, when)
    check_clerk_code(number_code)
    if not all(printable(line) for line in lines):
        raise SigningError(BAD_CODE.format(n=MAX_CODE_CHARS))
    writer: Any = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    font_ref, metrics = _font_objects(writer, font_file or find_font())
    box = [float(v) for v in _media_box(_first_page(writer.root["/Pages"]))]
    right = box[2] - RIGHT_MARGIN_MM * MM
    y = box[3] - TOP_MM * MM - FONT_SIZE
    ops = [b"q BT 0 g /CchcVT %.1f Tf" % FONT_SIZE]
    for line in lines:
        x = right - metrics.text_width(line, FONT_SIZE)
        ops.append(b"1 0 0 1 %.2f %.2f Tm (%s) Tj" % (x, y, pdf_string(line)))
        y -= FONT_SIZE * 1.2
    ops.append(b"ET Q")
    content = generic.StreamObject(stream_data=b"\n".join(ops))
    content.compress()
    resources = generic.DictionaryObject({generic.NameObject("/Font"): generic.DictionaryObject(
        {generic.NameObject("/CchcVT"): font_ref})})
    page_ref, _res = writer.find_page_for_modification(0)
    if "/Contents" not in page_ref.get_object():  # a blank first page has no content stream yet
        page_ref.get_object()[generic.NameObject("/Contents")] = generic.ArrayObject()
        writer.mark_update(page_ref)
    writer.add_stream_to_page(0, writer.add_object(content), resources=resources)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _to_unicode_cmap() -> bytes:
    """The ``/ToUnicode`` CMap: codes 32..126 as themselves, 0xD0/0xF0 as Đ/đ (copy and search)."""
    singles = "".join(f"<{code:02X}> <{uni:04X}>\n" for code, (_n, uni) in sorted(EXTRA_CODES.items()))
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            "1 beginbfrange\n<20> <7E> <0020>\nendbfrange\n"
            f"{len(EXTRA_CODES)} beginbfchar\n{singles}endbfchar\n"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")


def _media_box(page: Any) -> Any:
    node = page
    for _ in range(64):
        if "/MediaBox" in node:
            return node["/MediaBox"]
        if "/Parent" not in node:
            break
        node = node["/Parent"]
    return [0, 0, 595.28, 841.89]  # A4


def _first_page(node: Any) -> Any:
    for _ in range(64):  # page trees are shallow; bounded against a loop in a damaged file
        kids = node.get("/Kids")
        if not kids:
            return node
        node = kids[0].get_object()
    raise SigningError("Cây trang của tệp PDF bị hỏng.")

