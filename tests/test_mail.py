"""Mail: a real SMTP server on loopback (aiosmtpd) receives what the outbox sends.

Covers: plain, STARTTLS and SSL delivery with attachments; the password from the OS keyring
(an in-memory backend here); Vietnamese reasons for an unreachable server, a wrong password and
a refused recipient; an unreachable server leaves the message queued and a later run sends it
exactly once; a crash mid-send is never retried by itself.
"""
from __future__ import annotations

import datetime as _dt
import email
import socket
import ssl
import subprocess
import threading
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from cchc_desktop.draft import Draft, Meta, Period
from cchc_desktop.mail import MailAccount, Outbox, SendError, send_raw, set_password
from cchc_desktop.mail.compose import Composed, compose_message, default_body, default_subject, split_addresses

SENDER = "vanphong@quangkhai.gov.vn"
UPPER = "noivu@tuky.gov.vn"


# ----- a loopback SMTP server -----------------------------------------------------------------
class Collector:
    def __init__(self):
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("khongco@"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [email.message_from_bytes(e.original_content, policy=policy.default) for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == SENDER.encode()
          and auth_data.password == b"dung-mat-khau")
    return AuthResult(success=ok, handled=False)


def start_server(port: int | None = None, **kw):
    handler = Collector()
    ctl = Controller(handler, hostname="127.0.0.1", port=port or free_port(), **kw)
    ctl.start()
    return ctl, handler


@pytest.fixture
def server():
    ctl, handler = start_server()
    yield ctl, handler
    ctl.stop()


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    d = tmp_path_factory.mktemp("cert")
    key, crt = d / "key.pem", d / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(crt),
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return crt, key




# ----- drafts and messages --------------------------------------------------------------------
def draft() -> Draft:
    d = Draft(kind="periodic", period=Period("6m", 2024), variant="A-2024")
    d.meta = Meta(issuing_body="ỦY BAN NHÂN DÂN XÃ QUANG KHẢI", issuing_body_short="UBND xã Quang Khải",
                  place="Quang Khải", number="45", date=_dt.date(2024, 6, 9),
                  summary="Công tác cải cách hành chính 6 tháng đầu năm 2024")
    return d


def attachments(tmp_path: Path) -> list[Path]:
    docx = tmp_path / "BC-CCHC-6T-2024-Quang-Khai.docx"
    docx.write_bytes(b"PK\x03\x04 docx bytes \x00\x01\x02" * 50)
    xlsx = tmp_path / "BC-CCHC-6T-2024-Quang-Khai.xlsx"
    xlsx.write_bytes(b"PK\x03\x04 xlsx bytes" * 20)
    return [docx, xlsx]


def account(port: int, security: str = "none", username: str = "") -> MailAccount:
    return MailAccount(smtp_host="127.0.0.1", smtp_port=port, security=security, username=username,
                       sender=SENDER, timeout=5)


def message(tmp_path: Path, to=(UPPER,)):
    d = draft()
    c = Composed(to=list(to), subject=default_subject(d), body=default_body(d, "Phòng Nội vụ huyện Tứ Kỳ"),
                 attachments=attachments(tmp_path))
    return compose_message(c, SENDER, from_name="UBND xã Quang Khải")


def test_default_subject_and_body():
    d = draft()
    assert default_subject(d) == "Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2024 của UBND xã Quang Khải"
    body = default_body(d, "Sở Nội vụ tỉnh Hải Phòng")
    assert body.startswith("Kính gửi: Sở Nội vụ tỉnh Hải Phòng")
    assert "Báo cáo số 45/BC-UBND ngày 09/6/2024 về công tác cải cách hành chính 6 tháng đầu năm 2024" in body
    d.kind = "self_inspection"
    d.meta.summary = ""
    assert default_subject(d).startswith("Thông báo kết quả tự kiểm tra công tác cải cách hành chính")
    assert split_addresses("a@x.vn; Phòng NV <b@y.vn>, ") == ["a@x.vn", "b@y.vn"]


def test_send_plain_with_attachments(server, tmp_path):
    ctl, handler = server
    box = Outbox(tmp_path / "outbox.sqlite3")
    msg = message(tmp_path)
    entry_id = box.enqueue(msg, draft_id="d1")
    done = box.process(account(ctl.port))
    assert [e.state for e in done] == ["sent"]
    (got,) = handler.messages()
    assert handler.envelopes[0].mail_from == SENDER
    assert handler.envelopes[0].rcpt_tos == [UPPER]
    assert got["Subject"] == "Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2024 của UBND xã Quang Khải"
    assert got["Message-ID"] == msg["Message-ID"]
    assert "xin gửi Báo cáo số 45/BC-UBND" in got.get_body(("plain",)).get_content()
    parts = {p.get_filename(): p.get_payload(decode=True) for p in got.iter_attachments()}
    files = attachments(tmp_path)
    assert parts == {f.name: f.read_bytes() for f in files}
    entry = box.get(entry_id)
    assert entry.state == "sent" and entry.sent_at and entry.recipients == [UPPER]
    assert entry.attachments == [f.name for f in files]
    assert len(entry.attempts) == 1 and entry.attempts[0].ok is True


def test_unreachable_then_back_sends_exactly_once(tmp_path):
    port = free_port()  # nothing listens here yet
    box = Outbox(tmp_path / "outbox.sqlite3")
    entry_id = box.enqueue(message(tmp_path))
    (first,) = box.process(account(port))
    assert first.state == "failed" and first.retryable and not first.uncertain
    assert "Không kết nối được máy chủ thư 127.0.0.1" in first.last_error
    assert first.state_label == "Chờ có mạng để gửi lại"
    assert box.pending_count() == 1

    ctl, handler = start_server(port)
    try:
        # two workers race (the timer and a click on "Gửi lại"): one of them sends
        results = []
        threads = [threading.Thread(target=lambda: results.append(box.process(account(port)))) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        box.process(account(port))  # and a later run finds nothing to do
    finally:
        ctl.stop()
    assert len(handler.envelopes) == 1
    entry = box.get(entry_id)
    assert entry.state == "sent"
    assert [a.ok for a in entry.attempts] == [False, True]
    assert box.pending_count() == 0


def test_starttls_with_password_from_keyring(tmp_path, cert, memory_keyring):
    crt, key = cert
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(crt, key)
    ctl, handler = start_server(tls_context=server_ctx, require_starttls=True, authenticator=authenticator)
    try:
        set_password(SENDER, "dung-mat-khau")
        client_ctx = ssl.create_default_context(cafile=str(crt))
        refused = send_raw(account(ctl.port, "starttls", SENDER), message(tmp_path).as_bytes(), [UPPER],
                           ssl_context=client_ctx)
        assert refused == {}
        assert len(handler.envelopes) == 1
        # a certificate we do not trust is a TLS error, not a crash
        with pytest.raises(SendError) as info:
            send_raw(account(ctl.port, "starttls", SENDER), b"x", [UPPER])
        assert info.value.kind == "tls" and "TLS/SSL" in str(info.value)
    finally:
        ctl.stop()


def test_ssl_on_connect(tmp_path, cert):
    from aiosmtpd.controller import Controller as SslController

    crt, key = cert
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(crt, key)
    handler = Collector()
    ctl = SslController(handler, hostname="127.0.0.1", port=free_port(), ssl_context=server_ctx)
    ctl.start()
    try:
        client_ctx = ssl.create_default_context(cafile=str(crt))
        send_raw(account(ctl.port, "ssl"), message(tmp_path).as_bytes(), [UPPER], ssl_context=client_ctx)
    finally:
        ctl.stop()
    assert len(handler.envelopes) == 1


def test_wrong_password_and_refused_recipient(tmp_path):
    ctl, handler = start_server(authenticator=authenticator, auth_require_tls=False)
    try:
        box = Outbox(tmp_path / "outbox.sqlite3")
        box.enqueue(message(tmp_path))
        (e,) = box.process(account(ctl.port, "none", SENDER), password="sai")
        assert e.state == "failed" and not e.retryable
        assert "từ chối tên đăng nhập hoặc mật khẩu" in e.last_error
        # not retried by itself: the user must fix the password first
        assert box.process(account(ctl.port, "none", SENDER), password="dung-mat-khau") == []
        assert box.retry(e.id)
        (e,) = box.process(account(ctl.port, "none", SENDER), password="dung-mat-khau")
        assert e.state == "sent"

        with pytest.raises(SendError) as info:
            send_raw(account(ctl.port, "none", SENDER), b"Subject: x\r\n\r\nx\r\n", ["khongco@tuky.gov.vn"],
                     password="dung-mat-khau")
        assert info.value.kind == "recipient" and "khongco@tuky.gov.vn" in str(info.value)
    finally:
        ctl.stop()
    assert len(handler.envelopes) == 1


def test_missing_password_in_keyring(tmp_path, memory_keyring):
    with pytest.raises(SendError) as info:
        send_raw(account(free_port(), "none", "ai@x.vn"), b"x", [UPPER])
    assert info.value.kind == "password" and "mật khẩu" in str(info.value)


def test_crash_mid_send_is_not_retried_by_itself(server, tmp_path):
    ctl, handler = server
    box = Outbox(tmp_path / "outbox.sqlite3")
    entry_id = box.enqueue(message(tmp_path))
    assert box.claim(entry_id) is not None  # ... and the program dies before recording the result
    assert box.claim(entry_id) is None  # nobody else can take it meanwhile
    later = _dt.datetime.now().astimezone() + _dt.timedelta(minutes=11)
    assert box.recover_stale(now=later) == 1
    entry = box.get(entry_id)
    assert entry.state == "failed" and entry.uncertain and not entry.retryable
    assert "không rõ máy chủ đã nhận thư hay chưa" in entry.last_error
    assert box.process(account(ctl.port)) == []
    assert handler.envelopes == []
    # the user looked in the sent folder and asks again: the same Message-ID goes out once
    assert box.retry(entry_id)
    (sent,) = box.process(account(ctl.port))
    assert sent.state == "sent"
    assert handler.messages()[0]["Message-ID"] == entry.message_id


def test_newer_outbox_refused(tmp_path):
    import sqlite3

    from cchc_desktop.mail.outbox import OutboxError

    path = tmp_path / "outbox.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(OutboxError, match="phiên bản mới hơn"):
        Outbox(path)
