"""The CA certificates the user chose to trust, kept in ``<data folder>/trusted-ca/``.

None is assumed: a fresh install trusts no CA, so a verification says "không xác định được" about
the certificate chain until the user adds the root certificate of their CA (VNPT-CA, Viettel-CA,
the Root CA of the Ministry of Information and Communications...), taken from the CA's website or
the token's software. Each is stored as ``<sha256>.der``.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SigningError

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

log = logging.getLogger(__name__)

MAX_CERT_FILE = 256 * 1024
FOLDER = "trusted-ca"


@dataclass(frozen=True)
class TrustedCA:
    path: Path
    subject: str
    not_after: datetime
    is_ca: bool
    fingerprint: str = ""  # SHA-256 of the DER: one entry per certificate, whatever its files
    copies: tuple[Path, ...] = ()  # other files in the folder holding the same certificate

    @property
    def description(self) -> str:
        return f"{self.subject} (hết hạn {self.not_after:%d/%m/%Y})"


def trust_folder(create: bool = False) -> Path:
    from ..resources import data_dir

    folder = data_dir(create=create) / FOLDER
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_certificate_file(path: str | Path) -> Certificate:
    """A cryptography certificate from a PEM or DER file (.cer, .crt, .pem, .der)."""
    from cryptography import x509

    from ..files import ReadRefusedError, read_bytes

    path = Path(path)
    try:  # bounded: a folder, a FIFO, /dev/zero or a symlink loop is refused, never read
        data = read_bytes(path, limit=MAX_CERT_FILE, what="tệp chứng thư")
    except ReadRefusedError as exc:
        raise SigningError(str(exc)) from None
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise SigningError(f"Tệp «{path.name}» không phải chứng thư số (X.509, dạng .cer/.crt/.pem).") from None


def _describe(path: Path, cert: Certificate) -> TrustedCA:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    subject = str(names[0].value) if names else cert.subject.rfc4514_string()
    try:
        is_ca = bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        is_ca = False
    return TrustedCA(path, subject, cert.not_valid_after_utc, is_ca, _fingerprint(cert))


def _fingerprint(cert: Certificate) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding

    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def add_trusted_ca(path: str | Path, folder: Path | None = None) -> TrustedCA:
    """Copy the certificate at ``path`` into the trust folder; refuse one that is not a CA's."""
    from cryptography.hazmat.primitives.serialization import Encoding

    cert = load_certificate_file(path)
    info = _describe(Path(path), cert)
    if not info.is_ca:
        raise SigningError(f"«{info.subject}» là chứng thư của một người hoặc cơ quan, không phải của tổ chức "
                           f"cung cấp chữ ký số (CA). Hãy chọn chứng thư gốc của CA.")
    folder = folder or trust_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where the folder should be (damaged data folder)
        raise SigningError(f"Trong thư mục dữ liệu, «{folder.name}» là một tệp chứ không phải thư mục, nên không lưu "
                           f"được chứng thư. Hãy đổi tên hoặc xóa tệp «{folder}».") from None
    except OSError as exc:
        from ..files import describe_write_error

        raise SigningError(describe_write_error(folder / "ca.der", exc)) from None
    der = cert.public_bytes(Encoding.DER)
    target = folder / f"{hashlib.sha256(der).hexdigest()[:32]}.der"
    try:
        target.write_bytes(der)
    except OSError as exc:
        raise SigningError(f"Không lưu được chứng thư vào «{folder}» ({exc.strerror or exc}).") from None
    return _describe(target, cert)


def remove_trusted_ca(entry: TrustedCA) -> None:
    """Stop trusting ``entry``: every file of the folder holding that certificate goes (a copy made
    by hand would otherwise keep trusting the CA the user just removed)."""
    for path in (entry.path, *entry.copies):
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise SigningError(f"Không xóa được «{path.name}» ({exc.strerror or exc}).") from None


def trusted_cas(folder: Path | None = None) -> list[TrustedCA]:
    folder = folder or trust_folder()
    out: list[TrustedCA] = []
    if not folder.is_dir():
        return out
    seen: dict[str, int] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in {".der", ".cer", ".crt", ".pem"}:
            continue
        try:
            entry = _describe(path, load_certificate_file(path))
        except SigningError as exc:
            log.warning("ignoring %s in the trust folder: %s", path.name, exc)
            continue
        if entry.fingerprint in seen:  # the same CA copied in by hand under another name: one entry
            at = seen[entry.fingerprint]
            out[at] = replace(out[at], copies=(*out[at].copies, path))
            continue
        seen[entry.fingerprint] = len(out)
        out.append(entry)
    return out


def trusted_certificates(folder: Path | None = None, extra: Sequence[str | Path] = ()) -> list[Certificate]:
    """cryptography certificates: the trust folder's, plus ``extra`` files (``verify --ca``)."""
    certs = [load_certificate_file(e.path) for e in trusted_cas(folder)]
    known = {_fingerprint(c) for c in certs}
    for p in extra:
        cert = load_certificate_file(p)
        fingerprint = _fingerprint(cert)
        if fingerprint not in known:
            known.add(fingerprint)
            certs.append(cert)
    return certs
