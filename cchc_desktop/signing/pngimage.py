"""A small PNG reader: enough to put a signature or seal image into a PDF (no Pillow in the bundle).

:func:`read_png` returns the pixels as 8-bit RGB plus an 8-bit alpha plane (``None`` when the image
is opaque): exactly a PDF image XObject and its ``/SMask``. Supported: non-interlaced PNGs of bit
depth 8 (and 16, reduced to 8) in every colour type (grey, RGB, palette with ``tRNS``, grey+alpha,
RGBA), and palette/grey images of depth 1, 2, 4. What a scanner or an image editor saves for a
signature (RGBA, 8-bit) is the common case. Sizes are bounded: a signature image is small.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import SigningError, SigningInputError

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 4000 * 4000
SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class PngImage:
    width: int
    height: int
    rgb: bytes            # width * height * 3
    alpha: bytes | None   # width * height, or None when every pixel is opaque

    @property
    def has_transparency(self) -> bool:
        return self.alpha is not None


def _bad(name: str, why: str) -> SigningError:
    return SigningInputError(f"Ảnh «{name}» không đọc được ({why}). Hãy lưu lại ảnh dạng PNG nền trong suốt.")


def read_png(path: str | Path) -> PngImage:
    """Decode the PNG at ``path`` through the shared bounded reader: a folder, a device
    (``/dev/zero``), a FIFO or a symlink loop is refused with a Vietnamese sentence, never read."""
    from ..files import ReadRefusedError, read_bytes

    path = Path(path)
    try:
        data = read_bytes(path, limit=MAX_FILE_BYTES, what="ảnh")
    except ReadRefusedError as exc:
        raise SigningInputError(str(exc)) from None
    return decode_png(data, path.name)


def decode_png(data: bytes, name: str = "ảnh") -> PngImage:
    if not data.startswith(SIGNATURE):
        raise _bad(name, "không phải tệp PNG")
    pos, header, palette, trns, idat = 8, None, b"", None, []
    try:
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            pos += 12 + length
            if kind == b"IHDR":
                header = struct.unpack(">IIBBBBB", body)
            elif kind == b"PLTE":
                palette = body
            elif kind == b"tRNS":
                trns = body
            elif kind == b"IDAT":
                idat.append(body)
            elif kind == b"IEND":
                break
    except struct.error:
        raise _bad(name, "tệp bị cắt cụt") from None
    if header is None or not idat:
        raise _bad(name, "thiếu dữ liệu ảnh")
    width, height, depth, ctype, _comp, _filter, interlace = header
    if width == 0 or height == 0 or width * height > MAX_PIXELS:
        raise _bad(name, f"kích thước {width}x{height} điểm ảnh không hợp lệ hoặc quá lớn")
    if interlace:
        raise _bad(name, "ảnh PNG xen kẽ (interlaced)")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(ctype)
    if channels is None or depth not in (1, 2, 4, 8, 16) or (depth < 8 and ctype not in (0, 3)) or \
            (depth == 16 and ctype == 3):
        raise _bad(name, f"kiểu màu {ctype}, độ sâu {depth} bit")
    bits_pp = channels * depth
    stride = (width * bits_pp + 7) // 8
    limit = (stride + 1) * height
    try:
        dec = zlib.decompressobj()
        raw = dec.decompress(b"".join(idat), limit + 1)
    except zlib.error:
        raise _bad(name, "dữ liệu nén hỏng") from None
    if len(raw) < limit:
        raise _bad(name, "dữ liệu ảnh thiếu")
    rows = _unfilter(raw, stride, height, max(1, bits_pp // 8))
    samples = _samples(rows, width, height, depth, channels)
    return _to_rgba(samples, width, height, ctype, depth, palette, trns, name)


def _unfilter(raw: bytes, stride: int, height: int, bpp: int) -> bytearray:
    out = bytearray(stride * height)
    prev = bytearray(stride)
    pos = 0
    for y in range(height):
        ftype = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += stride + 1
        if ftype == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:  # Up
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:  # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:  # Paeth
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        elif ftype != 0:
            raise SigningInputError("Ảnh PNG hỏng (bộ lọc dòng không hợp lệ).")
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return out


def _samples(rows: bytearray, width: int, height: int, depth: int, channels: int) -> bytes:
    """8-bit samples, ``channels`` per pixel, row after row."""
    if depth == 8:
        return bytes(rows)
    if depth == 16:
        return bytes(rows[0::2])  # the high byte of each sample
    stride = (width * depth + 7) // 8
    out = bytearray()
    per_byte, mask = 8 // depth, (1 << depth) - 1
    for y in range(height):
        row = rows[y * stride:(y + 1) * stride]
        for x in range(width):
            byte = row[x // per_byte]
            shift = 8 - depth * (x % per_byte + 1)
            out.append((byte >> shift) & mask)
    return bytes(out)


def _to_rgba(s: bytes, width: int, height: int, ctype: int, depth: int, palette: bytes, trns: bytes | None,
             name: str) -> PngImage:
    n = width * height
    alpha: bytes | None = None
    if ctype == 6:
        rgb = bytearray(n * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = s[0::4], s[1::4], s[2::4]
        alpha = s[3::4]
    elif ctype == 2:
        rgb = bytearray(s)
        if trns and len(trns) >= 6:
            key = bytes(trns[i] for i in (1, 3, 5))
            alpha = bytes(0 if s[i * 3:i * 3 + 3] == key else 255 for i in range(n))
    elif ctype == 4:
        grey, alpha = s[0::2], s[1::2]
        rgb = bytearray(n * 3)
        rgb[0::3] = rgb[1::3] = rgb[2::3] = grey
    elif ctype == 0:
        scale = 255 // ((1 << depth) - 1) if depth < 8 else 1
        grey = bytes(v * scale for v in s) if scale != 1 else s
        rgb = bytearray(n * 3)
        rgb[0::3] = rgb[1::3] = rgb[2::3] = grey
        if trns and len(trns) >= 2:
            grey_key = trns[1] * scale if depth < 8 else trns[1]
            alpha = bytes(0 if g == grey_key else 255 for g in grey)
    else:  # palette
        if not palette:
            raise _bad(name, "thiếu bảng màu")
        colours = len(palette) // 3
        table = [palette[i * 3:i * 3 + 3] if i < colours else b"\0\0\0" for i in range(256)]
        rgb = bytearray(b"".join(table[v] for v in s))
        if trns:
            t = list(trns) + [255] * (256 - len(trns))
            alpha = bytes(t[v] for v in s)
    if alpha is not None and min(alpha) == 255:
        alpha = None
    return PngImage(width, height, bytes(rgb), alpha)
