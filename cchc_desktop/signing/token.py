"""The CA's PKCS#11 driver (the USB token): its tokens, their certificates, a logged-in session.

The user names the driver (a path; :func:`suggested_libraries` lists the usual places of the
Vietnamese CAs' drivers from ``resources/pkcs11-libraries.json``), picks a token and a
certificate, and types the PIN each time. The PIN is passed to the driver and dropped: it is
never stored, logged, or put into an error message.

Every failure is a :class:`SigningError` with a Vietnamese sentence; the driver's own words go to
the log only.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .errors import SigningError

log = logging.getLogger(__name__)

# CKF_* token flags (PKCS#11 v2.40, 2.6.2)
CKF_LOGIN_REQUIRED = 0x4
CKF_TOKEN_INITIALIZED = 0x400
CKF_USER_PIN_COUNT_LOW = 0x10000
CKF_USER_PIN_FINAL_TRY = 0x20000
CKF_USER_PIN_LOCKED = 0x40000

NO_LIBRARY = ("Chưa chọn trình điều khiển (thư viện PKCS#11) của thiết bị ký số. Hãy chọn tệp trình điều khiển "
              "do nhà cung cấp chữ ký số cài sẵn (ví dụ vnptca_p11_v8.dll).")
LIBRARY_MISSING = ("Không tìm thấy trình điều khiển ký số «{path}». Hãy cài phần mềm của nhà cung cấp chữ ký số "
                   "(VNPT-CA, Viettel-CA, FPT-CA, BKAV-CA...) hoặc chọn đúng tệp trình điều khiển.")
LIBRARY_NOT_FILE = ("«{path}» không phải tệp trình điều khiển ký số (đó là một thư mục hoặc thiết bị). Hãy chọn tệp "
                    "trình điều khiển, ví dụ C:\\Windows\\System32\\vnptca_p11_v8.dll.")
LIBRARY_BAD = ("Không nạp được trình điều khiển ký số «{name}». Tệp có thể không phải trình điều khiển PKCS#11, "
               "hoặc khác kiểu 32/64 bit với phần mềm này (cần bản 64 bit). Hãy cài lại phần mềm của nhà cung cấp "
               "chữ ký số.")
NO_TOKEN = "Không thấy thiết bị ký số (USB token) nào. Hãy cắm USB token vào máy rồi thử lại."
MANY_TOKENS = "Đang cắm nhiều thiết bị ký số: {labels}. Hãy chọn một (ô thiết bị, hoặc --token NHÃN)."
CERT_AMBIGUOUS = ("Thiết bị «{label}» có {n} chứng thư số cùng nhãn «{cert}»: {certs}. Hãy chọn theo họ tên người được "
                  "cấp (--cert-label \"HỌ TÊN\").")
CERT_NOT_FOR_SIGNING = ("Chứng thư số của {holder} không dùng để ký văn bản (mục đích sử dụng khóa chỉ cho mã hóa). "
                        "Hãy chọn chứng thư ký số khác trong thiết bị.")
TOKEN_NOT_FOUND = "Không thấy thiết bị ký số có nhãn «{label}». Các thiết bị đang cắm: {labels}."
PIN_WRONG = "Mã PIN không đúng. Hãy nhập lại (nhập sai nhiều lần thiết bị sẽ bị khóa)."
PIN_WRONG_LOW = "Mã PIN không đúng, và thiết bị báo còn ít lần thử. Hãy kiểm tra kỹ trước khi nhập lại."
PIN_FINAL_TRY = "Mã PIN không đúng. Cảnh báo: chỉ còn MỘT lần thử, nhập sai nữa thiết bị sẽ bị khóa."
PIN_LOCKED = ("Thiết bị ký số đã bị khóa do nhập sai mã PIN nhiều lần. Hãy liên hệ nhà cung cấp chữ ký số "
              "(hoặc dùng công cụ của họ với mã PUK) để mở khóa.")
PIN_EMPTY = "Chưa nhập mã PIN của thiết bị ký số."
PIN_INVALID = "Mã PIN có ký tự hoặc độ dài không hợp lệ với thiết bị này."
NO_CERT = "Thiết bị ký số «{label}» không có chứng thư số nào."
CERT_NOT_FOUND = "Không thấy chứng thư số «{cert}» trong thiết bị «{label}». Có: {certs}."
CERT_NO_KEY = "Chứng thư số «{cert}» không có khóa bí mật đi kèm trong thiết bị, không dùng để ký được."
TOKEN_REMOVED = "USB token đã bị rút ra. Hãy cắm lại rồi thử lại."
DRIVER_ERROR = "Trình điều khiển ký số báo lỗi ({kind}). Hãy rút USB token, cắm lại rồi thử lại."

VN_TZ = timezone(timedelta(hours=7), "ICT")  # Vietnam time, +07:00 all year
MAX_CERT_BYTES = 64 * 1024  # a certificate object larger than this is not read


@dataclass(frozen=True)
class TokenInfo:
    label: str
    manufacturer: str
    model: str
    serial: str
    flags: int

    @property
    def locked(self) -> bool:
        return bool(self.flags & CKF_USER_PIN_LOCKED)

    @property
    def description(self) -> str:
        extra = " (ĐÃ KHÓA)" if self.locked else ""
        return f"{self.label} — {self.manufacturer} {self.model}, số sê-ri {self.serial}{extra}".strip()


@dataclass(frozen=True)
class CertInfo:
    label: str
    key_id: bytes
    der: bytes
    holder: str
    issuer: str
    not_before: datetime
    not_after: datetime
    serial: int

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(timezone.utc)) > self.not_after

    def not_yet_valid(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(timezone.utc)) < self.not_before

    @property
    def validity(self) -> str:
        return f"{self.not_before.astimezone(VN_TZ):%d/%m/%Y} - {self.not_after.astimezone(VN_TZ):%d/%m/%Y}"

    @property
    def description(self) -> str:
        state = " (HẾT HẠN)" if self.expired() else ""
        return f"{self.holder} — cấp bởi {self.issuer}, hiệu lực {self.validity}{state}"


def cert_problem(cert: CertInfo, now: datetime | None = None) -> str | None:
    """A Vietnamese sentence when ``cert`` must not sign now (expired, not yet valid), else None."""
    now = now or datetime.now(timezone.utc)
    if cert.expired(now):
        return (f"Chứng thư số của {cert.holder} đã hết hạn ngày {cert.not_after.astimezone(VN_TZ):%d/%m/%Y}; "
                f"chữ ký bằng chứng thư này không có giá trị. Hãy gia hạn chứng thư với nhà cung cấp chữ ký số.")
    if cert.not_yet_valid(now):
        return (f"Chứng thư số của {cert.holder} chỉ có hiệu lực từ ngày "
                f"{cert.not_before.astimezone(VN_TZ):%d/%m/%Y}; chưa dùng để ký được. Hãy kiểm tra đồng hồ của máy.")
    if not signs_documents(cert.der):
        return CERT_NOT_FOR_SIGNING.format(holder=cert.holder)
    return None


def signs_documents(der: bytes) -> bool:
    """False when the certificate's key usage (if it has one) allows neither digitalSignature nor
    nonRepudiation: an encryption certificate, whose signature every validator rejects."""
    from cryptography import x509

    try:
        usage = x509.load_der_x509_certificate(der).extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    except ValueError:  # unparsable extensions: let the signature and its validator say more
        return True
    return bool(usage.digital_signature or usage.content_commitment)


def suggested_libraries(resources_file: Path | None = None) -> list[tuple[str, str]]:
    """(CA name, driver path) suggestions for this system, the existing ones first."""
    if resources_file is None:
        from ..resources import resource_path

        resources_file = resource_path("pkcs11-libraries.json")
    try:
        data = json.loads(Path(resources_file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("cannot read %s: %s", resources_file, exc)
        return []
    key = "windows" if sys.platform == "win32" else ("macos" if sys.platform == "darwin" else "linux")
    out: list[tuple[str, str]] = []
    for entry in data.get("libraries", []):
        for raw in entry.get(key, []):
            out.append((entry.get("ca", ""), os.path.expandvars(raw)))
    return sorted(out, key=lambda e: not Path(e[1]).is_file())


def _load(lib_path: str) -> Any:
    import pkcs11

    if not lib_path:
        raise SigningError(NO_LIBRARY)
    path = Path(lib_path)
    if not path.is_file():
        if path.exists():  # a folder or a device: it is there, it is just not a driver file
            raise SigningError(LIBRARY_NOT_FILE.format(path=lib_path))
        raise SigningError(LIBRARY_MISSING.format(path=lib_path))
    try:
        return pkcs11.lib(str(path))
    except Exception as exc:  # noqa: BLE001 - RuntimeError/OSError from dlopen, PKCS11Error from C_Initialize
        log.warning("cannot load PKCS#11 library %s: %s: %s", lib_path, type(exc).__name__, exc)
        raise SigningError(LIBRARY_BAD.format(name=path.name)) from None


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value or "").strip()


def list_tokens(lib_path: str) -> list[TokenInfo]:
    """The tokens plugged in, through the driver at ``lib_path``."""
    lib = _load(lib_path)
    try:
        slots = lib.get_slots(token_present=True)
        out = []
        for slot in slots:
            t = slot.get_token()
            if not int(t.flags) & CKF_TOKEN_INITIALIZED:  # an empty slot's blank token
                continue
            out.append(TokenInfo(_text(t.label), _text(t.manufacturer_id), _text(t.model), _text(t.serial),
                                 int(t.flags)))
        return out
    except SigningError:
        raise
    except Exception as exc:  # noqa: BLE001 - any driver failure is translated
        raise _translate(exc) from None


def _find_token(lib: Any, label: str) -> Any:
    tokens = [t for t in (s.get_token() for s in lib.get_slots(token_present=True))
              if int(t.flags) & CKF_TOKEN_INITIALIZED]
    if not tokens:
        raise SigningError(NO_TOKEN)
    if not label.strip():
        if len(tokens) == 1:
            return tokens[0]
        raise SigningError(MANY_TOKENS.format(labels=", ".join(_text(t.label) for t in tokens)))
    for t in tokens:
        if _text(t.label) == label.strip():
            return t
    raise SigningError(TOKEN_NOT_FOUND.format(label=label, labels=", ".join(_text(t.label) for t in tokens)))


def parse_certificate(der: bytes, label: str = "", key_id: bytes = b"") -> CertInfo:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    cert = x509.load_der_x509_certificate(der)

    def name_of(name: x509.Name) -> str:
        for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
            attrs = name.get_attributes_for_oid(oid)
            if attrs:
                return str(attrs[0].value)
        return name.rfc4514_string()

    return CertInfo(label=label, key_id=key_id, der=der, holder=name_of(cert.subject), issuer=name_of(cert.issuer),
                    not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
                    serial=cert.serial_number)


def _certificates(session: Any) -> list[CertInfo]:
    from pkcs11 import Attribute, ObjectClass

    out = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        try:
            der = bytes(obj[Attribute.VALUE])
            if len(der) > MAX_CERT_BYTES:
                continue
            label = _text(obj[Attribute.LABEL])
            try:
                key_id = bytes(obj[Attribute.ID])
            except Exception:  # noqa: BLE001 - best-effort: CKA_ID is optional
                key_id = b""
            out.append(parse_certificate(der, label, key_id))
        except Exception as exc:  # one unreadable object must not hide the others
            log.info("skipping an unreadable certificate object: %s", exc, exc_info=True)
    return out


def list_certificates(lib_path: str, token_label: str) -> list[CertInfo]:
    """The certificates on the token (public objects: read without the PIN)."""
    lib = _load(lib_path)
    try:
        token = _find_token(lib, token_label)
        with token.open() as session:
            return _certificates(session)
    except SigningError:
        raise
    except Exception as exc:  # noqa: BLE001 - any driver failure is translated
        raise _translate(exc) from None


def open_session(lib_path: str, token_label: str, pin: str) -> Any:
    """A logged-in session (the caller closes it). A locked token is refused before any PIN is tried."""
    if not pin:
        raise SigningError(PIN_EMPTY)
    lib = _load(lib_path)
    try:
        token = _find_token(lib, token_label)
        flags = int(token.flags)
        if flags & CKF_USER_PIN_LOCKED:
            raise SigningError(PIN_LOCKED)
        try:
            return token.open(user_pin=pin)
        except Exception as exc:  # noqa: BLE001 - any driver failure is translated
            raise _translate(exc, _flags_after(lib, token_label, flags)) from None
    except SigningError:
        raise
    except Exception as exc:  # noqa: BLE001 - any driver failure is translated
        raise _translate(exc) from None


def _flags_after(lib: Any, label: str, default: int) -> int:
    try:
        return int(_find_token(lib, label).flags)
    except Exception:  # noqa: BLE001 - best-effort: the token's flags are only a hint; the default is safe
        return default


def select_certificate(certs: list[CertInfo], cert_label: str | None, token_label: str) -> CertInfo:
    if not certs:
        raise SigningError(NO_CERT.format(label=token_label))
    if cert_label:
        wanted = cert_label.strip()
        same = [c for c in certs if c.label == wanted] or [c for c in certs if c.holder == wanted]
        if len(same) > 1:
            valid_same = [c for c in same if not c.expired() and not c.not_yet_valid()]
            if len(valid_same) == 1:
                return valid_same[0]
            raise SigningError(CERT_AMBIGUOUS.format(label=token_label, n=len(same), cert=wanted,
                                                     certs="; ".join(c.description for c in same)))
        if same:
            return same[0]
        raise SigningError(CERT_NOT_FOUND.format(cert=cert_label, label=token_label,
                                                 certs=", ".join(c.label or c.holder for c in certs)))
    valid = [c for c in certs if not c.expired()]
    return (valid or certs)[0]


def _translate(exc: BaseException, flags: int = 0) -> SigningError:
    """A python-pkcs11 exception as a Vietnamese SigningError (the PIN is never part of it)."""
    from pkcs11 import exceptions as e

    if isinstance(exc, SigningError):
        return exc
    log.info("PKCS#11: %s", type(exc).__name__)
    if isinstance(exc, e.PinIncorrect):
        if flags & CKF_USER_PIN_LOCKED:
            return SigningError(PIN_LOCKED)
        if flags & CKF_USER_PIN_FINAL_TRY:
            return SigningError(PIN_FINAL_TRY)
        if flags & CKF_USER_PIN_COUNT_LOW:
            return SigningError(PIN_WRONG_LOW)
        return SigningError(PIN_WRONG)
    if isinstance(exc, e.PinLocked):
        return SigningError(PIN_LOCKED)
    if isinstance(exc, (e.PinInvalid, e.PinLenRange)):
        return SigningError(PIN_INVALID)
    if isinstance(exc, (e.TokenNotPresent, e.DeviceRemoved)):
        return SigningError(TOKEN_REMOVED)
    if isinstance(exc, e.NoSuchToken):
        return SigningError(NO_TOKEN)
    return SigningError(DRIVER_ERROR.format(kind=type(exc).__name__))
