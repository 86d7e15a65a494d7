"""A real PKCS#11 token for the tests: SoftHSM2 in a temp folder, a test CA made with `cryptography`.

``make_token(folder, ...)`` initialises a token (``softhsm2-util``), generates an RSA key pair
*inside* the token (python-pkcs11), has the test CA certify its public key and stores that
certificate on the token, as a CA's enrolment would. ``SOFTHSM2_CONF`` must point to the config
written by :func:`softhsm_env` before the library is loaded by the process (set it in the fixture).
"""
from __future__ import annotations

import datetime as dt
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

LIB_CANDIDATES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                  "/usr/local/lib/softhsm/libsofthsm2.so")


def softhsm_lib() -> str | None:
    return next((p for p in LIB_CANDIDATES if os.path.isfile(p)), None) if shutil.which("softhsm2-util") else None


def softhsm_env(folder: Path) -> dict:
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    return {"SOFTHSM2_CONF": str(conf)}


@dataclass
class TestCA:
    key: object
    cert: object  # cryptography x509.Certificate

    @property
    def der(self) -> bytes:
        from cryptography.hazmat.primitives.serialization import Encoding

        return self.cert.public_bytes(Encoding.DER)

    def pem_file(self, path: Path) -> Path:
        from cryptography.hazmat.primitives.serialization import Encoding

        path.write_bytes(self.cert.public_bytes(Encoding.PEM))
        return path


def make_ca(name: str = "CA thử nghiệm CCHC") -> TestCA:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=365)).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return TestCA(key, cert)


@dataclass
class Token:
    lib: str
    label: str
    pin: str
    env: dict
    cert_label: str
    holder: str
    folder: Path

    def lock(self) -> None:
        """Set CKF_USER_PIN_LOCKED in the token's stored flags, as a real token does after too many wrong
        PINs (SoftHSM2 keeps counting but never sets it itself). Call before the library is loaded."""
        for path in glob.glob(str(self.folder / "tokens" / "*" / "token.object")):
            if self.label.encode() + b" " not in Path(path).read_bytes()[:200]:
                continue
            data = bytearray(Path(path).read_bytes())
            i = data.find(bytes.fromhex("000000008000534b"))  # CKA_OS_TOKENFLAGS, then kind, then the value
            assert i >= 0, "SoftHSM2 token file layout changed"
            value = struct.unpack(">Q", data[i + 16:i + 24])[0]
            data[i + 16:i + 24] = struct.pack(">Q", value | 0x40000)
            Path(path).write_bytes(bytes(data))


@dataclass(frozen=True)
class TokenSpec:
    label: str
    pin: str = "123456"
    holder: str = "Nguyễn Văn An"
    expired: bool = False
    locked: bool = False


def make_tokens(folder: Path, ca: TestCA, specs: list[TokenSpec]) -> dict[str, Token]:
    """Initialise every token first, then load the library once: SoftHSM2 reads its token folder
    when the library is initialised and a process initialises it only once."""

    env = softhsm_env(folder)
    os.environ.update(env)
    for spec in specs:
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", spec.label, "--pin", spec.pin,
                        "--so-pin", "87654321"], check=True, capture_output=True, env={**os.environ, **env}, timeout=60)
    # Enrol in a child process: loading the library here would freeze SoftHSM2's view of the tokens
    # (and of their flags: a token locked below must be read locked by the tests).
    ca_file = folder / "ca.json"
    ca_file.write_text(json.dumps({"cert": ca.der.hex(), "key": _key_der(ca.key).hex(),
                                   "specs": [vars(sp) for sp in specs]}))
    code = (f"import sys; sys.path[:0] = {sys.path!r}; "
            f"from tests.signing.softhsm import _enrol_all; _enrol_all({str(ca_file)!r})")
    subprocess.run([sys.executable, "-c", code],
                   check=True, env={**os.environ, **env}, timeout=300)
    lib = softhsm_lib()
    out = {}
    for spec in specs:
        out[spec.label] = Token(lib, spec.label, spec.pin, env, "signer", spec.holder, folder)
        if spec.locked:
            out[spec.label].lock()
    return out


def _key_der(key) -> bytes:
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    return key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())


def _enrol_all(ca_file: str) -> None:
    import pkcs11
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_der_private_key

    data = json.loads(Path(ca_file).read_text())
    ca = TestCA(load_der_private_key(bytes.fromhex(data["key"]), None),
                x509.load_der_x509_certificate(bytes.fromhex(data["cert"])))
    lib = pkcs11.lib(softhsm_lib())
    for raw in data["specs"]:
        spec = TokenSpec(**raw)
        with lib.get_token(token_label=spec.label).open(rw=True, user_pin=spec.pin) as session:
            _enrol(session, ca, spec)


def _enrol(session, ca: TestCA, spec: TokenSpec) -> None:
    """A key pair generated in the token, certified by the test CA, the certificate stored beside it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    key_id = b"\x01\x02"
    public, _private = session.generate_keypair(KeyType.RSA, 2048, store=True, label="signer", id=key_id)
    numbers = rsa.RSAPublicNumbers(int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
                                   int.from_bytes(public[Attribute.MODULUS], "big"))
    now = dt.datetime.now(dt.timezone.utc)
    start, end = (now - dt.timedelta(days=400), now - dt.timedelta(days=1)) if spec.expired else \
        (now - dt.timedelta(days=1), now + dt.timedelta(days=365))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, spec.holder),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND xã Thử Nghiệm"),
                         x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca.cert.subject)
            .public_key(numbers.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))
    session.create_object({
        Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.TOKEN: True, Attribute.PRIVATE: False, Attribute.LABEL: "signer", Attribute.ID: key_id,
        Attribute.SUBJECT: cert.subject.public_bytes(), Attribute.VALUE: cert.public_bytes(Encoding.DER),
    })
