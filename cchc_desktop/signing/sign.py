"""Sign a PDF with the token: PAdES B-B by default, B-T when a timestamp server is given.

pyHanko writes the signature as an incremental update (the signed bytes are the report exactly as
exported, so a PDF/A stays PDF/A). The signed file is written beside the unsigned one under a
new name (:func:`signed_path`); no existing file is replaced unless the caller says so.

The PIN goes from the caller to the driver (:func:`.token.open_session`) and nowhere else.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import SigningError, SigningInputError
from .token import (
    VN_TZ,
    CertInfo,
    _certificates,
    _translate,
    cert_problem,
    open_session,
    select_certificate,
)

log = logging.getLogger(__name__)

MAX_PDF_BYTES = 200 * 1024 * 1024  # a report PDF is a few MB; refuse to load anything absurd
SIGNED_SUFFIX = "-da-ky"
DEFAULT_FIELD = "ChuKySo"

NOT_FOUND = "Không tìm thấy tệp «{name}»."
NOT_PDF = "Tệp «{name}» không phải tệp PDF đọc được (có thể đã hỏng)."
ENCRYPTED = "Tệp «{name}» được đặt mật khẩu; hãy xuất lại bản PDF không đặt mật khẩu rồi ký."
EXISTS = "Tệp «{name}» đã có; phần mềm không ghi đè. Hãy chọn tên khác."
SAME_FILE = "Tệp đã ký phải là một tệp mới, không ghi đè lên tệp «{name}» chưa ký."
TSA_FAILED = ("Không lấy được dấu thời gian từ máy chủ «{url}» (mất mạng hoặc địa chỉ sai). "
              "Bỏ trống ô máy chủ dấu thời gian để ký không kèm dấu thời gian.")
SIGN_FAILED = "Không ký được tệp «{name}» ({kind}). Chi tiết đã ghi vào nhật ký."


@dataclass
class SignRequest:
    lib_path: str
    token_label: str
    cert_label: str | None = None
    tsa_url: str | None = None      # B-T when set; offline (B-B) otherwise
    field_name: str | None = None   # an existing empty field (appearance.py places one), else a new invisible one
    reason: str | None = None
    location: str | None = None
    annex_of: str | None = None     # a separate annex file: the clerk's "number/code + time" at top right of page 1


@dataclass
class Images:
    """Decree 30 images to place before signing (see appearance.py)."""

    signature: Path | None = None
    seal: Path | None = None
    signer_name: str | None = None
    signature_width_mm: float = 40.0
    seal_diameter_mm: float = 36.0


@dataclass(frozen=True)
class SignResult:
    path: Path
    cert: CertInfo
    signed_at: datetime
    level: str  # "PAdES B-B" or "PAdES B-T"


def signed_path(unsigned: str | Path) -> Path:
    """``X.pdf`` -> ``X-da-ky.pdf`` beside it; ``X-da-ky-2.pdf``... when that name is taken."""
    unsigned = Path(unsigned)
    stem = unsigned.stem
    candidate = unsigned.with_name(f"{stem}{SIGNED_SUFFIX}.pdf")
    n = 2
    while candidate.exists():
        candidate = unsigned.with_name(f"{stem}{SIGNED_SUFFIX}-{n}.pdf")
        n += 1
    return candidate


def read_pdf_bytes(path: str | Path) -> bytes:
    """The PDF's bytes (bounded read through the shared reader); a non-PDF is refused."""
    from ..files import ReadRefusedError, read_bytes

    path = Path(path)
    try:
        data = read_bytes(path, limit=MAX_PDF_BYTES, what="tệp PDF")
    except ReadRefusedError as exc:
        raise SigningInputError(str(exc)) from None
    except FileNotFoundError:
        raise SigningInputError(NOT_FOUND.format(name=path.name)) from None
    except OSError as exc:
        from ..files import describe_read_error

        raise SigningInputError(describe_read_error(path, exc, "tệp PDF")) from None
    if not data.lstrip()[:5] == b"%PDF-":
        raise SigningInputError(NOT_PDF.format(name=path.name))
    return data


def _with_images(data: bytes, images: Images, name: str = "PDF") -> bytes:
    from .appearance import add_appearance
    from .pngimage import read_png

    out, _placement = add_appearance(
        data, signature=read_png(images.signature) if images.signature else None,
        seal=read_png(images.seal) if images.seal else None, signer_name=images.signer_name,
        signature_width_mm=images.signature_width_mm, seal_diameter_mm=images.seal_diameter_mm, name=name)
    return out


def _empty_field(reader: Any) -> str | None:
    """The empty signature field to fill: the signer's (``ChuKySo``) first, else the first one."""
    from pyhanko.sign.fields import enumerate_sig_fields

    from .appearance import SIGNATURE_FIELD

    names = [str(name) for name, _value, _ref in enumerate_sig_fields(reader, filled_status=False)]
    return SIGNATURE_FIELD if SIGNATURE_FIELD in names else (names[0] if names else None)


def _free_field_name(reader: Any) -> str:
    """``ChuKySo``, or ``ChuKySo-2``... when a PDF already signed (by the Vice-Chairman, the
    clerk, another program) has a filled field of that name: a second signature needs its own."""
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {str(name) for name, _value, _ref in enumerate_sig_fields(reader)}
    name, n = DEFAULT_FIELD, 2
    while name in taken:
        name, n = f"{DEFAULT_FIELD}-{n}", n + 1
    return name


def _timed_signer_class() -> Any:
    from pyhanko.sign import signers

    class TimedSigner(signers.PdfSigner):
        """The signing time is ours (the same instant the clerk's text shows), not pyHanko's clock."""

        signing_time: datetime | None = None

        def init_signing_session(self, *args: Any, **kwargs: Any) -> Any:
            session = super().init_signing_session(*args, **kwargs)
            if self.signing_time is not None:
                session.system_time = self.signing_time
            return session

    return TimedSigner


def sign_pdf(src: str | Path, dst: str | Path, request: SignRequest, pin: str, *,
             overwrite: bool = False, images: Images | None = None) -> SignResult:
    """Sign ``src`` into ``dst`` with the token; see the module docstring. With ``images``, the
    signature and seal images and their fields are put on the signing page first (in ``dst`` only:
    ``src`` stays as exported)."""
    src, dst = Path(src), Path(dst)
    if dst.exists() and src.resolve() == dst.resolve():
        raise SigningError(SAME_FILE.format(name=src.name))
    if dst.exists() and not overwrite:
        raise SigningError(EXISTS.format(name=dst.name))
    if request.annex_of:
        from .annexstamp import check_clerk_code

        check_clerk_code(request.annex_of)  # a code the stamp cannot print is refused before the token
    data = read_pdf_bytes(src)
    if images is not None and (images.signature or images.seal):
        data = _with_images(data, images, src.name)
    session = open_session(request.lib_path, request.token_label, pin)
    del pin
    try:
        cert = select_certificate(_certificates(session), request.cert_label, request.token_label)
        problem = cert_problem(cert)
        if problem:
            raise SigningError(problem)
        signed_at = datetime.now(VN_TZ).replace(microsecond=0)
        if request.annex_of:
            from .annexstamp import add_clerk_stamp

            data = add_clerk_stamp(data, request.annex_of, signed_at)
        out = _sign_with_fallback(data, src.name, session, cert, request, signed_at)
    except SigningError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyHanko, asn1crypto and the driver raise many kinds
        raise _as_signing_error(exc, src.name, request) from None
    finally:
        try:
            session.close()
        except Exception:  # a removed token cannot close
            log.debug("token session not closed", exc_info=True)
    _write_new(dst, out, source=src, overwrite=overwrite)
    return SignResult(dst, cert, signed_at, "PAdES B-T" if request.tsa_url else "PAdES B-B")


def _sign_with_fallback(data: bytes, name: str, session: Any, cert: CertInfo, request: SignRequest,
                        signed_at: datetime) -> bytes:
    """Sign with the hash-and-sign mechanism (CKM_SHA256_RSA_PKCS, CKM_ECDSA_SHA256); a token whose
    driver lacks it (SoftHSM2 and many cards for ECDSA) gets the digest and signs it raw."""
    import pkcs11.exceptions

    try:
        return _sign_bytes(data, name, session, cert, request, signed_at)
    except pkcs11.exceptions.MechanismInvalid:
        log.info("the token has no hash-and-sign mechanism for this key; signing the digest raw")
        return _sign_bytes(data, name, session, cert, request, signed_at, raw=True)


def _sign_bytes(data: bytes, name: str, session: Any, cert: CertInfo, request: SignRequest,
                signed_at: datetime, *, raw: bool = False) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.pkcs11 import PKCS11Signer

    timed_signer = _timed_signer_class()
    from pyhanko.stamp.noop import NoOpStampStyle

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        log.info("unreadable PDF %s: %s", name, exc)
        raise SigningInputError(NOT_PDF.format(name=name)) from None
    if writer.prev.encrypted:
        raise SigningInputError(ENCRYPTED.format(name=name))
    field_name = request.field_name or _empty_field(writer.prev) or _free_field_name(writer.prev)
    ids = {"cert_id": cert.key_id, "key_id": cert.key_id} if cert.key_id else {"cert_label": cert.label}
    signer = PKCS11Signer(session, use_raw_mechanism=raw, **ids)
    timestamper = None
    if request.tsa_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(request.tsa_url, timeout=20)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=request.reason, location=request.location, name=cert.holder,
    )
    pdf_signer = timed_signer(meta, signer=signer, timestamper=timestamper, stamp_style=NoOpStampStyle())
    pdf_signer.signing_time = signed_at
    buf = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=buf)
    return buf.getvalue()


def _as_signing_error(exc: BaseException, name: str, request: SignRequest) -> SigningError:
    import pkcs11.exceptions

    if isinstance(exc, pkcs11.exceptions.PKCS11Error):
        return _translate(exc)
    text = f"{type(exc).__name__}: {exc}"
    log.warning("signing %s failed: %s", name, text, exc_info=exc)
    if request.tsa_url and ("timestamp" in text.lower() or "connection" in text.lower() or "http" in text.lower()):
        return SigningError(TSA_FAILED.format(url=request.tsa_url))
    return SigningError(SIGN_FAILED.format(name=name, kind=type(exc).__name__))


def _write_new(dst: Path, data: bytes, *, source: Path, overwrite: bool) -> None:
    """Through the shared safe-write path: beside ``dst`` then into place; never over ``source``,
    never over an existing file unless ``overwrite``."""
    from ..errors import CchcError
    from ..files import Overwrite, OverwriteRefusedError, describe_write_error, write_file

    try:
        write_file(dst, data, inputs=[source], overwrite=Overwrite.ALWAYS if overwrite else Overwrite.NEVER)
    except OverwriteRefusedError:
        raise SigningError(EXISTS.format(name=dst.name)) from None
    except CchcError as exc:  # SameAsInputError: already Vietnamese
        raise SigningError(str(exc)) from None
    except OSError as exc:
        raise SigningError(describe_write_error(dst, exc)) from None
