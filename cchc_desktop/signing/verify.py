"""Verify the signatures of a PDF (ours or one received) and say what was found, in Vietnamese.

For each signature: who signed (the certificate's holder and issuer), when (the time the signer's
computer claimed, and the timestamp server's time if any), whether the document was changed after
signing, whether the certificate was valid then, and whether it chains to a CA the user trusts
(:mod:`.trust`; none is assumed). Offline: nothing is fetched from the network.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import SigningInputError
from .sign import NOT_PDF, read_pdf_bytes
from .token import VN_TZ

log = logging.getLogger(__name__)

# verdicts of the document's integrity
INTACT, CHANGED_ALLOWED, CHANGED, BROKEN = "intact", "changed-allowed", "changed", "broken"


@dataclass
class SignatureReport:
    field_name: str
    holder: str = ""
    issuer: str = ""
    organisation: str = ""
    cert_valid_from: datetime | None = None
    cert_valid_to: datetime | None = None
    signed_at: datetime | None = None          # as claimed by the signer's computer
    timestamp: datetime | None = None          # from a timestamp server (B-T), if any
    integrity: str = BROKEN                    # one of INTACT, CHANGED_ALLOWED, CHANGED, BROKEN
    crypto_ok: bool = False
    trusted: bool = False
    cert_expired_at_signing: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity in (INTACT, CHANGED_ALLOWED) and self.crypto_ok and self.trusted


@dataclass
class VerifyResult:
    path: Path
    signatures: list[SignatureReport]
    trusted_count: int  # how many trusted CA certificates were used

    @property
    def all_ok(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)


def verify_pdf(path: str | Path, trust_roots: list[Any] | None = None) -> VerifyResult:
    """Check every signature of ``path`` against ``trust_roots`` (cryptography certificates)."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader

    path = Path(path)
    data = read_pdf_bytes(path)
    roots = [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in (trust_roots or [])]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted and not _opens_without_password(reader):
            raise SigningInputError(ENCRYPTED.format(name=path.name))
        sigs = list(reader.embedded_regular_signatures)
    except SigningInputError:
        raise
    except Exception as exc:  # noqa: BLE001 - PdfReadError, PdfError, KeyError... on a damaged file
        log.info("cannot read %s: %s: %s", path.name, type(exc).__name__, exc)
        raise SigningInputError(NOT_PDF.format(name=path.name)) from None
    reports = [_check(sig, roots) for sig in sigs]
    return VerifyResult(path, reports, len(roots))


ENCRYPTED = ("Tệp «{name}» được đặt mật khẩu mở tệp; phần mềm không kiểm tra được chữ ký trong tệp này. Hãy xin "
             "bản không đặt mật khẩu.")
NOT_FOR_SIGNING = ("Chứng thư này không dành cho việc ký văn bản (mục đích sử dụng khóa không có «ký số» hay "
                   "«chống chối bỏ»), nên chữ ký không được công nhận dù CA có trong danh sách tin cậy.")


NO_TRUST_CHECK = ("  Không xét nguồn gốc chứng thư: dữ liệu đã ký không còn khớp với chữ ký, nên chữ ký này không "
                  "còn giá trị dù chứng thư do ai cấp.")


def _opens_without_password(reader: Any) -> bool:
    from pyhanko.pdf_utils.crypt import AuthStatus

    try:
        return bool(reader.decrypt("").status != AuthStatus.FAILED)
    except Exception:  # noqa: BLE001 - best-effort: unknown security handler, damaged /Encrypt
        return False


def _name(name: Any, oid_names: tuple[str, ...] = ("common_name", "organization_name")) -> str:
    native = name.native if name is not None else {}
    for key in oid_names:
        if native.get(key):
            return str(native[key])
    return name.human_friendly if name is not None else ""


def _check(sig: Any, roots: list[Any]) -> SignatureReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    report = SignatureReport(field_name=str(sig.field_name or ""))
    try:
        cert = sig.signer_cert
        report.holder = _name(cert.subject)
        report.organisation = str(cert.subject.native.get("organization_name") or "")
        report.issuer = _name(cert.issuer)
        report.cert_valid_from = cert["tbs_certificate"]["validity"]["not_before"].native
        report.cert_valid_to = cert["tbs_certificate"]["validity"]["not_after"].native
    except Exception as exc:  # a damaged CMS blob: say so below
        log.info("signature %s: no readable signer certificate: %s", report.field_name, exc, exc_info=True)
        report.notes.append("Không đọc được chứng thư số của người ký (chữ ký bị hỏng).")
        return report
    from .token import signs_documents

    try:
        if not signs_documents(cert.dump()):
            report.notes.append(NOT_FOR_SIGNING)
    except Exception:  # an odd certificate: the validator below says the rest
        log.debug("key usage of %s not read", report.field_name, exc_info=True)
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(sig, context)
    except Exception as exc:  # pyHanko raises several kinds on damaged files
        log.info("validation of %s failed: %s: %s", report.field_name, type(exc).__name__, exc, exc_info=True)
        report.notes.append("Không kiểm tra được chữ ký: dữ liệu chữ ký hoặc tệp bị hỏng.")
        return report
    report.signed_at = status.signer_reported_dt
    if status.timestamp_validity is not None:
        report.timestamp = status.timestamp_validity.timestamp
    report.crypto_ok = bool(status.intact and status.valid)
    report.trusted = bool(status.trusted)
    if not status.intact:
        report.integrity = CHANGED
    elif status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        report.integrity = INTACT
    else:
        level = status.modification_level
        if level is not None and level <= ModificationLevel.FORM_FILLING and status.docmdp_ok is not False:
            report.integrity = CHANGED_ALLOWED
        else:
            report.integrity = CHANGED
    when = report.timestamp or report.signed_at
    if when and report.cert_valid_to and when > report.cert_valid_to:
        report.cert_expired_at_signing = True
    if when and report.cert_valid_from and when < report.cert_valid_from:
        report.cert_expired_at_signing = True
    return report


def _when(value: datetime | None) -> str:
    if value is None:
        return "không rõ"
    return value.astimezone(VN_TZ).strftime("%H:%M:%S ngày %d/%m/%Y")


def format_result(result: VerifyResult) -> str:
    """The report as the user reads it (CLI output, GUI dialog)."""
    lines = [f"Tệp: {result.path.name}"]
    if not result.signatures:
        lines.append("Tệp này không có chữ ký số nào.")
        return "\n".join(lines)
    for n, s in enumerate(result.signatures, 1):
        lines.append("")
        lines.append(f"Chữ ký {n}" + (f" ({s.field_name})" if s.field_name else "") + ":")
        lines.append(f"  Người ký: {s.holder or 'không rõ'}" + (f" — {s.organisation}" if s.organisation and
                                                                    s.organisation != s.holder else ""))
        lines.append(f"  Chứng thư do: {s.issuer or 'không rõ'} cấp, hiệu lực "
                     f"{_date(s.cert_valid_from)} - {_date(s.cert_valid_to)}")
        lines.append(f"  Thời điểm ký (theo máy người ký): {_when(s.signed_at)}")
        if s.timestamp:
            lines.append(f"  Dấu thời gian (máy chủ cấp): {_when(s.timestamp)}")
        lines.append("  " + INTEGRITY_TEXT[s.integrity])
        if s.integrity in (INTACT, CHANGED_ALLOWED):
            lines.append("  Chữ ký hợp lệ về mặt mật mã." if s.crypto_ok else
                         "  CHỮ KÝ KHÔNG HỢP LỆ: dữ liệu chữ ký không khớp với chứng thư.")
        if s.cert_expired_at_signing:
            lines.append("  CẢNH BÁO: lúc ký, chứng thư số đã hết hạn hoặc chưa có hiệu lực.")
        if s.trusted:
            lines.append("  Chứng thư số thuộc một tổ chức cung cấp chữ ký số (CA) mà bạn đã chọn tin cậy.")
        elif s.integrity in (CHANGED, BROKEN) or not s.crypto_ok:
            lines.append(NO_TRUST_CHECK)
        elif result.trusted_count == 0:
            lines.append("  Chưa xác định được nguồn gốc chứng thư: bạn chưa thêm chứng thư gốc của CA nào vào danh "
                         "sách tin cậy (nút «Chứng thư CA tin cậy…», hoặc lệnh trust-ca).")
        else:
            lines.append("  KHÔNG xác định được nguồn gốc chứng thư: chứng thư không do CA nào trong danh sách tin "
                         "cậy của bạn cấp (hoặc chuỗi chứng thư không hợp lệ).")
        lines.extend("  " + note for note in s.notes)
    lines.append("")
    lines.append("KẾT LUẬN: " + conclusion(result))
    return "\n".join(lines)


def conclusion(result: VerifyResult) -> str:
    sigs = result.signatures
    if result.all_ok:
        return "mọi chữ ký hợp lệ, văn bản không bị thay đổi sau khi ký."
    if any(s.integrity == CHANGED for s in sigs):
        return "VĂN BẢN ĐÃ BỊ THAY ĐỔI SAU KHI KÝ; không dùng bản này như bản đã ký."
    if any(s.integrity == BROKEN or not s.crypto_ok for s in sigs):
        return "có chữ ký không kiểm tra được hoặc không hợp lệ (xem trên)."
    if any(s.cert_expired_at_signing for s in sigs):
        return "văn bản không bị thay đổi, nhưng có chứng thư đã hết hạn hoặc chưa có hiệu lực lúc ký."
    return ("văn bản không bị thay đổi sau khi ký và chữ ký hợp lệ về mặt mật mã, nhưng CHƯA xác định được "
            "chứng thư có do tổ chức cung cấp chữ ký số (CA) bạn tin cậy cấp hay không.")


def _date(value: datetime | None) -> str:
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y") if value else "?"


INTEGRITY_TEXT = {
    INTACT: "Văn bản KHÔNG bị thay đổi sau khi ký.",
    CHANGED_ALLOWED: "Sau chữ ký này, tệp có thêm chữ ký hoặc dữ liệu ký khác (được phép); nội dung văn bản "
                     "không đổi.",
    CHANGED: "VĂN BẢN ĐÃ BỊ THAY ĐỔI SAU KHI KÝ: nội dung hiện tại không còn đúng với bản đã ký.",
    BROKEN: "Không xác định được văn bản có bị thay đổi hay không (chữ ký hỏng).",
}
