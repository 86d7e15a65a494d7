"""Signature and seal images on the signing page (Decree 30/2020, Phụ lục I), and the signature field.

On the page of the closing block, the signer's signature image (PNG, transparent background) is
centred between the signer's title ("CHỦ TỊCH") and name; the agency's seal image (red, at its
real size) overlaps the left third of it. An empty signature field ``ChuKySo`` covers the
signature image (the token signature fills it) and a second one, ``ConDau``, the seal (for the
agency's signature that the province's document system adds).

Everything is added as an incremental update (pyHanko's writer): the exported PDF/A's own bytes
are unchanged and it stays PDF/A-2b (transparency is allowed in PDF/A-2). Where the title and
the name are is read from the page text (pypdf), so a report exported by Word works the same.
"""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SigningError, SigningInputError
from .pngimage import PngImage

log = logging.getLogger(__name__)

MM = 72 / 25.4
SIGNATURE_FIELD, SEAL_FIELD = "ChuKySo", "ConDau"
DEFAULT_SIGNATURE_WIDTH_MM = 40.0
DEFAULT_SEAL_DIAMETER_MM = 36.0  # a commune People's Committee seal: 35-36 mm (Decree 99/2016)
TITLE_RE = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.)?\s*[A-ZÀ-Ỹ ĐƯƠ.,]+$")

NO_PLACE = ("Không tìm thấy khối chữ ký (chức vụ và họ tên người ký) trong tệp PDF, nên không biết đặt ảnh chữ ký "
            "vào đâu. Hãy kiểm tra tên người ký trong báo cáo.")
SIZE_LIMITS_MM = {"signature": (10.0, 120.0), "seal": (10.0, 80.0)}
BAD_SIZE = ("{what} phải từ {low:g} đến {high:g} mm (đang là {value}). Con dấu của UBND cấp xã thường có đường kính "
            "35-36 mm; ảnh chữ ký thường rộng 30-50 mm.")
ALREADY_STAMPED = ("Tệp «{name}» đã có ô chữ ký «{field}» (đã đặt ảnh chữ ký hoặc đã ký trước đó). Hãy dùng tệp PDF "
                   "xuất từ báo cáo, chưa đặt ảnh chữ ký.")
ENCRYPTED = "Tệp PDF được đặt mật khẩu; hãy xuất lại bản PDF không đặt mật khẩu rồi đặt ảnh chữ ký."
UNREADABLE = "Tệp PDF không đọc được để đặt ảnh chữ ký (có thể đã hỏng)."
NOT_ROOM = "Khoảng trống giữa chức vụ và họ tên người ký quá hẹp để đặt ảnh chữ ký."


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float
    y: float        # baseline
    size: float


@dataclass(frozen=True)
class SignaturePlace:
    page: int               # 0-based
    centre_x: float
    top: float              # just under the title's baseline
    bottom: float           # just above the name
    title: str
    name: str


def page_lines(reader: Any, index: int) -> list[TextLine]:
    lines: list[TextLine] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        lines.append(TextLine(" ".join(text.split()), x, y, size * scale))

    reader.pages[index].extract_text(visitor_text=visit)
    return lines


def _width(line: TextLine, k: float = 0.55) -> float:
    return k * len(line.text) * line.size


def find_place(reader: Any, signer_name: str | None = None) -> SignaturePlace:
    """The room between the signer's title and name on the closing block's page.

    With ``signer_name`` the name is looked up (last page first); without it, the last line of the
    right column under an all-capitals title on a page with "Nơi nhận" is taken as the name."""
    wanted = " ".join((signer_name or "").split())
    for index in range(len(reader.pages) - 1, -1, -1):
        try:
            lines = page_lines(reader, index)
        except Exception as exc:  # one unreadable page must not stop the search
            log.info("page %d unreadable: %s", index, exc, exc_info=True)
            continue
        if wanted:
            names = [ln for ln in lines if ln.text == wanted or ln.text.endswith(wanted)]
        elif any(ln.text.startswith("Nơi nhận") for ln in lines):
            names = [ln for ln in lines if not TITLE_RE.match(ln.text) and ln.x > 250]
            names = names[-1:] if names else []
        else:
            names = []
        for name in reversed(names):
            place = _place_above(lines, name, index)
            if place:
                return place
    raise SigningError(NO_PLACE)


def _place_above(lines: list[TextLine], name: TextLine, index: int) -> SignaturePlace | None:
    name_c = name.x + _width(name) / 2
    above = [ln for ln in lines if ln.y > name.y + 1 and abs(ln.x + _width(ln) / 2 - name_c) < 120
             and TITLE_RE.match(ln.text)]
    if not above:
        return None
    title = min(above, key=lambda ln: ln.y)  # the nearest title line above the name
    titles = sorted((ln for ln in above if ln.y - title.y < 60), key=lambda ln: -ln.y)
    centre = _column_centre(titles) or (title.x + _width(title) / 2)
    top = title.y - 0.3 * title.size
    bottom = name.y + 0.9 * name.size
    if top - bottom < 8 * MM:
        return None
    return SignaturePlace(index, centre, top, bottom, title.text, name.text)


def _column_centre(titles: list[TextLine]) -> float | None:
    """Centre of centred lines in one style: x1 + k*n1*s/2 = x2 + k*n2*s/2 solves the glyph width k."""
    for a in titles:
        for b in titles:
            if len(a.text) != len(b.text) and abs(a.size - b.size) < 0.5:
                k = 2 * (b.x - a.x) / (a.size * (len(a.text) - len(b.text)))
                if 0.3 < k < 0.9:
                    return a.x + k * len(a.text) * a.size / 2
    return None


@dataclass(frozen=True)
class Placement:
    page: int
    signature: tuple[float, float, float, float] | None   # x1, y1, x2, y2 in points
    seal: tuple[float, float, float, float] | None


def check_sizes(signature_width_mm: float, seal_diameter_mm: float) -> None:
    """A Vietnamese refusal of a size that is not a number of millimetres a seal or signature can
    have (NaN, infinity, zero, negative, metres): the PDF would get a broken or page-sized image."""
    import math

    for key, what, value in (("signature", "Chiều rộng ảnh chữ ký", signature_width_mm),
                             ("seal", "Đường kính con dấu", seal_diameter_mm)):
        low, high = SIZE_LIMITS_MM[key]
        if not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
            raise SigningInputError(BAD_SIZE.format(what=what, low=low, high=high, value=value))


def layout(place: SignaturePlace, signature: PngImage | None, seal: PngImage | None, *,
           signature_width_mm: float = DEFAULT_SIGNATURE_WIDTH_MM,
           seal_diameter_mm: float = DEFAULT_SEAL_DIAMETER_MM) -> Placement:
    room = place.top - place.bottom
    mid_y = (place.top + place.bottom) / 2
    sig_box = None
    if signature is not None:
        w = signature_width_mm * MM
        h = w * signature.height / signature.width
        if h > room:  # keep the aspect, fit the height
            h = room
            w = h * signature.width / signature.height
        x1 = place.centre_x - w / 2
        sig_box = (x1, mid_y - h / 2, x1 + w, mid_y + h / 2)
    seal_box = None
    if seal is not None:
        d = seal_diameter_mm * MM  # the seal's real size, whatever the room: it may cover the title
        sw = d * seal.width / max(seal.width, seal.height)
        sh = d * seal.height / max(seal.width, seal.height)
        if sig_box is not None:  # covers about the left third of the signature image
            right = sig_box[0] + (sig_box[2] - sig_box[0]) / 3
            seal_box = (right - sw, mid_y - sh / 2, right, mid_y + sh / 2)
        else:
            seal_box = (place.centre_x - sw / 2, mid_y - sh / 2, place.centre_x + sw / 2, mid_y + sh / 2)
    return Placement(place.page, sig_box, seal_box)


def _image_object(writer: Any, image: PngImage) -> Any:
    from pyhanko.pdf_utils import generic as pdf_generic

    generic: Any = pdf_generic  # its constructors are untyped

    def stream(data: bytes, colour: str) -> Any:
        obj = generic.StreamObject({
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Image"),
            generic.NameObject("/Width"): generic.NumberObject(image.width),
            generic.NameObject("/Height"): generic.NumberObject(image.height),
            generic.NameObject("/ColorSpace"): generic.NameObject(colour),
            generic.NameObject("/BitsPerComponent"): generic.NumberObject(8),
        }, stream_data=data)
        obj.compress()
        return obj

    main = stream(image.rgb, "/DeviceRGB")
    if image.alpha is not None:
        main[generic.NameObject("/SMask")] = writer.add_object(stream(image.alpha, "/DeviceGray"))
    return writer.add_object(main)


def add_appearance(pdf: bytes, *, signature: PngImage | None, seal: PngImage | None,
                   signer_name: str | None = None, signature_width_mm: float = DEFAULT_SIGNATURE_WIDTH_MM,
                   seal_diameter_mm: float = DEFAULT_SEAL_DIAMETER_MM, name: str = "PDF") -> tuple[bytes, Placement]:
    """``pdf`` with the images drawn and the empty signature fields added (an incremental update)."""
    import pypdf

    check_sizes(signature_width_mm, seal_diameter_mm)
    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            raise SigningInputError(ENCRYPTED)
        place = find_place(reader, signer_name)
    except SigningError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        log.info("cannot read the PDF for the signature place: %s", exc)
        raise SigningInputError(UNREADABLE) from None
    placement = layout(place, signature, seal, signature_width_mm=signature_width_mm,
                       seal_diameter_mm=seal_diameter_mm)
    try:
        return _draw(pdf, placement, signature, seal, name)
    except SigningError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyHanko's writer on an odd file (PdfError, KeyError...)
        log.info("cannot add the signature images: %s: %s", type(exc).__name__, exc)
        raise SigningInputError(UNREADABLE) from None


def _draw(pdf: bytes, placement: Placement, signature: PngImage | None, seal: PngImage | None,
          name: str) -> tuple[bytes, Placement]:
    from pyhanko.pdf_utils import generic as pdf_generic

    generic: Any = pdf_generic  # its constructors are untyped
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field, enumerate_sig_fields

    writer: Any = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    taken = {str(field) for field, _value, _ref in enumerate_sig_fields(writer.prev)}
    for field in (SIGNATURE_FIELD, SEAL_FIELD):
        if field in taken:
            raise SigningInputError(ALREADY_STAMPED.format(name=name, field=field))
    xobjects = generic.DictionaryObject()
    ops = [b"q"]
    for key, image, box in (("/CchcChuKy", signature, placement.signature), ("/CchcConDau", seal, placement.seal)):
        if image is None or box is None:
            continue
        xobjects[generic.NameObject(key)] = _image_object(writer, image)
        x1, y1, x2, y2 = box
        ops.append(b"q %.2f 0 0 %.2f %.2f %.2f cm %s Do Q" % (x2 - x1, y2 - y1, x1, y1, key.encode()))
    ops.append(b"Q")
    if len(ops) > 2:
        content = generic.StreamObject(stream_data=b"\n".join(ops))
        content.compress()
        writer.add_stream_to_page(placement.page, writer.add_object(content),
                                  resources=generic.DictionaryObject({generic.NameObject("/XObject"): xobjects}))
    for field, box in ((SIGNATURE_FIELD, placement.signature), (SEAL_FIELD, placement.seal)):
        if box is not None:
            x1, y1, x2, y2 = (int(round(v)) for v in box)
            append_signature_field(writer, SigFieldSpec(field, on_page=placement.page, box=(x1, y1, x2, y2)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), placement


def apply_to_file(src: str | Path, dst: str | Path, *, overwrite: bool = False, **kwargs: Any) -> Placement:
    """Read ``src``, add the appearance, write ``dst`` (a new file unless ``overwrite``) through the
    safe-write path: for signing in another program (the province's system, the CA's tool)."""
    from ..errors import CchcError
    from ..files import Overwrite, OverwriteRefusedError, describe_write_error, write_file
    from .sign import EXISTS, read_pdf_bytes

    data, placement = add_appearance(read_pdf_bytes(src), name=Path(src).name, **kwargs)
    try:
        write_file(dst, data, inputs=[src], overwrite=Overwrite.ALWAYS if overwrite else Overwrite.NEVER)
    except OverwriteRefusedError:
        raise SigningError(EXISTS.format(name=Path(dst).name)) from None
    except CchcError as exc:
        raise SigningError(str(exc)) from None
    except OSError as exc:
        raise SigningError(describe_write_error(Path(dst), exc)) from None
    return placement
