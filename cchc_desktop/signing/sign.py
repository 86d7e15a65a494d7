"""Sign a PDF with the token: PAdES B-B by default, B-T when a timestamp server is given.

pyHanko writes the signature as an incremental update (the signed bytes are the report exactly as
exported, so a PDF/A stays PDF/A). The signed file is written beside the unsigned one under a
new name (:func:`signed_path`); no existing file is replaced unless the caller says so.

The PIN goes from the caller to the driver (:func:`.token.open_session`) and nowhere else.
"""
from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import SigningError
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
TOO_BIG = "Tệp «{name}» quá lớn ({mb} MB) để ký; báo cáo PDF thường chỉ vài MB."
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
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            raise SigningError(TOO_BIG.format(name=path.name, mb=size // (1024 * 1024)))
        with open(path, "rb") as fh:
            data = fh.read(MAX_PDF_BYTES + 1)
    except FileNotFoundError:
        raise SigningError(NOT_FOUND.format(name=path.name)) from None
    except IsADirectoryError:
        raise SigningError(NOT_PDF.format(name=path.name)) from None
    except OSError as exc:
        raise SigningError(f"Không đọc được tệp «{path.name}» ({exc.strerror or exc}).") from None
    if not data.lstrip()[:5] == b"%PDF-":
        raise SigningError(NOT_PDF.format(name=path.name))
    return data


def _empty_field(reader: Any) -> str | None:
    from pyhanko.sign.fields import enumerate_sig_fields

    for name, _value, _ref in enumerate_sig_fields(reader, filled_status=False):
        return str(name)
    return None


def sign_pdf(src: str | Path, dst: str | Path, request: SignRequest, pin: str, *,
             overwrite: bool = False) -> SignResult:
    """Sign ``src`` into ``dst`` with the token; see the module docstring."""
    src, dst = Path(src), Path(dst)
    if dst.exists() and src.resolve() == dst.resolve():
        raise SigningError(SAME_FILE.format(name=src.name))
    if dst.exists() and not overwrite:
        raise SigningError(EXISTS.format(name=dst.name))
    data = read_pdf_bytes(src)
    session = open_session(request.lib_path, request.token_label, pin)
    del pin
    try:
        cert = select_certificate(_certificates(session), request.cert_label, request.token_label)
        problem = cert_problem(cert)
        if problem:
            raise SigningError(problem)
        signed_at = datetime.now(VN_TZ).replace(microsecond=0)
        out = _sign_bytes(data, src.name, session, cert, request)
    except SigningError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyHanko, asn1crypto and the driver raise many kinds
        raise _as_signing_error(exc, src.name, request) from None
    finally:
        try:
            session.close()
        except Exception:  # a removed token cannot close
            log.debug("token session not closed", exc_info=True)
    _write_new(dst, out, overwrite=overwrite)
    return SignResult(dst, cert, signed_at, "PAdES B-T" if request.tsa_url else "PAdES B-B")


def _sign_bytes(data: bytes, name: str, session: Any, cert: CertInfo, request: SignRequest) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.pkcs11 import PKCS11Signer
    from pyhanko.stamp.noop import NoOpStampStyle

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        log.info("unreadable PDF %s: %s", name, exc)
        raise SigningError(NOT_PDF.format(name=name)) from None
    if writer.prev.encrypted:
        raise SigningError(ENCRYPTED.format(name=name))
    field_name = request.field_name or _empty_field(writer.prev) or DEFAULT_FIELD
    ids = {"cert_id": cert.key_id, "key_id": cert.key_id} if cert.key_id else {"cert_label": cert.label}
    signer = PKCS11Signer(session, **ids)
    timestamper = None
    if request.tsa_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(request.tsa_url, timeout=20)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=request.reason, location=request.location, name=cert.holder,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper, stamp_style=NoOpStampStyle())
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


def _write_new(dst: Path, data: bytes, *, overwrite: bool) -> None:
    """Temp file beside ``dst``, then into place; without ``overwrite`` an existing file is never replaced."""
    import tempfile

    folder = dst.parent if str(dst.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~" + dst.stem[:40], suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SigningError(describe_write_error(dst, exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, 0o666 & ~_umask())  # not mkstemp's private 0600: colleagues open it too
        except OSError:
            pass
        if overwrite:
            os.replace(tmp, dst)
        else:
            try:
                os.link(tmp, dst)  # fails with FileExistsError if the name was taken meanwhile
                os.unlink(tmp)
            except FileExistsError:
                raise
            except OSError:  # no hard links on this drive (FAT USB stick, some shares)
                if dst.exists():
                    raise FileExistsError(dst) from None
                os.replace(tmp, dst)
    except FileExistsError:
        _unlink(tmp)
        raise SigningError(EXISTS.format(name=dst.name)) from None
    except OSError as exc:
        _unlink(tmp)
        raise SigningError(describe_write_error(dst, exc)) from None


def describe_write_error(path: Path, exc: OSError) -> str:
    # TODO(safety): the shared safe-write path words these once it lands; until then the common cases
    if isinstance(exc, PermissionError):
        return (f"Không ghi được «{path.name}»: thư mục «{path.parent}» chỉ cho phép đọc hoặc tệp đang mở. "
                f"Hãy chọn thư mục khác.")
    if isinstance(exc, FileNotFoundError):
        return f"Không ghi được «{path.name}»: thư mục «{path.parent}» không tồn tại."
    return f"Không ghi được «{path.name}» ({exc.strerror or exc}). Hãy chọn thư mục khác."


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
