"""The clerk's signature information on a separate annex file (Decree 30/2020, Phụ lục I).

An annex sent as a file of its own is signed by the agency's clerk (văn thư): no image; at the top
right of its first page, the document's number and code and the signing time (ISO 8601, Vietnam
time, e.g. ``2026-11-28T09:15:02+07:00``), Times New Roman 10 pt, upright, black.

The text is drawn with a TrueType font embedded whole (PDF/A wants every font embedded): Times New
Roman where Windows has it, Liberation Serif (the same metrics) elsewhere. Only ASCII is needed
(the code and the time), so a simple font with WinAnsiEncoding and widths read from the font's
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
BAD_CODE = ("Số và ký hiệu văn bản chỉ gồm chữ số, chữ cái không dấu, «/» và «-» (ví dụ 45/BC-UBND), "
            "không quá {n} ký tự.")


def pdf_string(text: str) -> bytes:
    """``text`` (ASCII) as the inside of a PDF literal string: ``(``, ``)`` and ``\\`` escaped, so a
    code such as ``45/BC) Tj (x`` is printed as typed, never read as page operators."""
    return text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


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
    """Advance widths (per 1000 em) of ASCII characters, and the font's bounding box."""

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
            glyph_of = _cmap_ascii(data, tables[b"cmap"][0])
        except (KeyError, struct.error, IndexError) as exc:
            raise SigningError(f"Tệp phông chữ không đọc được ({exc}).") from None
        self.widths = {c: advances[min(glyph_of.get(c, 0), n_metrics - 1)] * 1000 // self.units for c in range(32, 127)}

    def text_width(self, text: str, size: float) -> float:
        return float(sum(self.widths.get(ord(ch), 500) for ch in text) * size / 1000)


def _cmap_ascii(data: bytes, cmap: int) -> dict[int, int]:
    """Glyph ids of 32..126 from the (3,1) format 4 subtable."""
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
            for c in range(32, 127):
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
    font = generic.DictionaryObject({
        n("/Type"): n("/Font"), n("/Subtype"): n("/TrueType"), n("/BaseFont"): base,
        n("/FirstChar"): generic.NumberObject(32), n("/LastChar"): generic.NumberObject(126),
        n("/Widths"): generic.ArrayObject(generic.NumberObject(metrics.widths[c]) for c in range(32, 127)),
        n("/Encoding"): n("/WinAnsiEncoding"), n("/FontDescriptor"): writer.add_object(descriptor),
    })
    return writer.add_object(font), metrics


def add_clerk_stamp(pdf: bytes, number_code: str, when: datetime, font_file: Path | None = None) -> bytes:
    """``pdf`` with the clerk's lines at the top right of page 1 (an incremental update)."""
    from pyhanko.pdf_utils import generic as pdf_generic

    generic: Any = pdf_generic  # its constructors are untyped
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    lines = stamp_lines(number_code, when)
    if not lines[0] or len(lines[0]) > MAX_CODE_CHARS or \
            any(ord(ch) > 126 or ord(ch) < 32 for line in lines for ch in line):
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
    writer.add_stream_to_page(0, writer.add_object(content), resources=resources)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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

