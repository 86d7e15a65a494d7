"""PAdES B-T: a timestamp server on loopback (RFC 3161 over HTTP, answered by pyHanko's reference
timestamper with a TSA certificate from the test CA), and a server that cannot be reached."""
from __future__ import annotations

import datetime as dt
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from cchc_desktop.signing.errors import SigningError
from cchc_desktop.signing.sign import SignRequest, sign_pdf
from cchc_desktop.signing.verify import INTACT, format_result, verify_pdf


def make_tsa(ca):
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA thử nghiệm")]))
            .issuer_name(ca.cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())),
        certs_to_embed=None)


@pytest.fixture
def tsa_url(test_ca):
    from asn1crypto import tsp

    stamper = make_tsa(test_ca)
    requests: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(min(int(self.headers.get("Content-Length", 0)), 1 << 16))
            requests.append(body)
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", requests
    server.shutdown()
    server.server_close()


def test_b_t_with_a_loopback_timestamp_server(report_pdf, token, test_ca, tmp_path, tsa_url):
    url, requests = tsa_url
    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    result = sign_pdf(src, tmp_path / "bt.pdf", SignRequest(token.lib, token.label, tsa_url=url), token.pin)
    assert result.level == "PAdES B-T" and requests, "the server was asked"
    report = verify_pdf(result.path, [test_ca.cert])
    [sig] = report.signatures
    assert sig.integrity == INTACT and sig.crypto_ok and sig.timestamp is not None
    assert abs((sig.timestamp - result.signed_at).total_seconds()) < 60
    assert "Dấu thời gian (máy chủ cấp)" in format_result(report)


def test_unreachable_timestamp_server_is_a_clear_message(report_pdf, token, tmp_path):
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    url = f"http://127.0.0.1:{port}/tsa"
    with pytest.raises(SigningError) as info:
        sign_pdf(src, tmp_path / "x.pdf", SignRequest(token.lib, token.label, tsa_url=url), token.pin)
    assert "Không lấy được dấu thời gian" in str(info.value) and url in str(info.value)
    assert not (tmp_path / "x.pdf").exists()
