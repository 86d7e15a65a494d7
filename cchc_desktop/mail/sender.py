"""One SMTP delivery with SSL, STARTTLS or no encryption; failures become Vietnamese reasons.

The password is never stored by the app: it lives in the operating system's credential store
through ``keyring`` (service ``cchc-desktop``, the mail user name as key).

:class:`SendError` says whether the failure is worth retrying on its own (``retryable``: the
network was down) and whether the server may have taken the message anyway (``uncertain``: the
connection broke after the message body was handed over). The outbox uses both.
"""
from __future__ import annotations

import logging
import re
import smtplib
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import CchcError

log = logging.getLogger(__name__)
KEYRING_SERVICE = "cchc-desktop"
DEFAULT_TIMEOUT = 30.0


class SendError(CchcError):
    """``str()`` is the Vietnamese reason shown in the outbox."""

    def __init__(self, reason: str, *, kind: str, retryable: bool = False, uncertain: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # connect, tls, timeout, auth, password, sender, recipient, data, uncertain, config
        self.retryable = retryable
        self.uncertain = uncertain


@dataclass
class MailAccount:
    smtp_host: str
    smtp_port: int = 465
    security: str = "ssl"  # "ssl" | "starttls" | "none"
    username: str = ""
    sender: str = ""  # From address; the user name when empty
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_mapping(cls, mail: dict[str, Any]) -> MailAccount:
        """From ``Profile.mail`` ({smtp_host, smtp_port, security, username, sender})."""
        return cls(
            smtp_host=str(mail.get("smtp_host") or "").strip(),
            smtp_port=int(mail.get("smtp_port") or 465),
            security=str(mail.get("security") or "ssl"),
            username=str(mail.get("username") or "").strip(),
            sender=str(mail.get("sender") or "").strip(),
        )

    @property
    def from_address(self) -> str:
        return self.sender or self.username

    def problems(self) -> list[str]:
        """What is missing before anything can be sent (Vietnamese)."""
        out = []
        if not self.smtp_host:
            out.append("Chưa nhập máy chủ gửi thư (SMTP) trong Hồ sơ của xã (thẻ Thư điện tử).")
        if not self.from_address or "@" not in self.from_address:
            out.append("Chưa nhập địa chỉ thư của người gửi trong Hồ sơ của xã (thẻ Thư điện tử).")
        if self.security not in ("ssl", "starttls", "none"):
            out.append(f"Kiểu bảo mật «{self.security}» không hợp lệ (chọn SSL, STARTTLS hoặc không).")
        return out


# ----- password in the OS credential store ---------------------------------------------
def get_password(username: str) -> str | None:
    """The saved password of ``username`` or None; raises SendError if the store cannot be read."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, username)
    except KeyringError as exc:
        raise SendError(f"Không đọc được mật khẩu hộp thư từ kho mật khẩu của hệ điều hành ({exc}).",
                        kind="password") from None


def set_password(username: str, password: str | None) -> None:
    """Save (or with None, forget) the password in the OS credential store."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        if password:
            keyring.set_password(KEYRING_SERVICE, username, password)
        else:
            try:
                keyring.delete_password(KEYRING_SERVICE, username)
            except PasswordDeleteError:
                pass
    except KeyringError as exc:
        raise SendError(f"Không lưu được mật khẩu vào kho mật khẩu của hệ điều hành ({exc}).",
                        kind="password") from None


# ----- sending --------------------------------------------------------------------------
def _where(account: MailAccount) -> str:
    return f"{account.smtp_host}:{account.smtp_port}"


def send_raw(account: MailAccount, raw: bytes, recipients: Iterable[str], *, password: str | None = None,
             ssl_context: ssl.SSLContext | None = None) -> dict[str, str]:
    """Deliver ``raw`` (a complete RFC 5322 message) to ``recipients``.

    Returns the recipients the server refused while accepting others ({address: reason});
    raises :class:`SendError` when nobody got the message (or when that is unknown).
    """
    recipients = [r for r in recipients if r]
    problems = account.problems()
    if problems:
        raise SendError(" ".join(problems), kind="config")
    if not recipients:
        raise SendError("Chưa có địa chỉ người nhận.", kind="config")
    if account.username and password is None:
        password = get_password(account.username)
        if not password:
            raise SendError("Chưa lưu mật khẩu hộp thư. Hãy nhập mật khẩu trong phần Hồ sơ > Thư điện tử.",
                            kind="password")
    raw = re.sub(rb"(?<!\r)\n", b"\r\n", raw)  # SMTP wants CRLF; smtplib does not fix bytes
    context = ssl_context or ssl.create_default_context()
    where = _where(account)
    smtp: smtplib.SMTP | None = None
    phase = "connect"
    try:
        if account.security == "ssl":
            smtp = smtplib.SMTP_SSL(account.smtp_host, account.smtp_port, timeout=account.timeout, context=context)
        else:
            smtp = smtplib.SMTP(account.smtp_host, account.smtp_port, timeout=account.timeout)
        smtp.ehlo()
        if account.security == "starttls":
            phase = "tls"
            if not smtp.has_extn("starttls"):
                raise SendError(f"Máy chủ {where} không hỗ trợ STARTTLS. Hãy kiểm tra cổng và kiểu bảo mật "
                                f"(thường: SSL cổng 465, STARTTLS cổng 587).", kind="tls")
            smtp.starttls(context=context)
            smtp.ehlo()
        if account.username:
            phase = "auth"
            smtp.login(account.username, password or "")
        phase = "envelope"
        code, resp = smtp.mail(account.from_address)
        if code != 250:
            raise SendError(f"Máy chủ từ chối địa chỉ người gửi «{account.from_address}» ({code} {_text(resp)}).",
                            kind="sender")
        refused: dict[str, str] = {}
        for rcpt in recipients:
            code, resp = smtp.rcpt(rcpt)
            if code not in (250, 251):
                refused[rcpt] = f"{code} {_text(resp)}"
        if len(refused) == len(recipients):
            smtp.rset()
            detail = "; ".join(f"{a} ({r})" for a, r in refused.items())
            raise SendError(f"Máy chủ từ chối địa chỉ người nhận: {detail}. Hãy kiểm tra lại địa chỉ.",
                            kind="recipient")
        phase = "data"
        code, resp = smtp.data(raw)  # smtplib raises only when 354 is refused; check the final reply
        phase = "done"
        if code != 250:
            raise smtplib.SMTPDataError(code, resp)
        return refused
    except SendError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError(f"Máy chủ thư từ chối tên đăng nhập hoặc mật khẩu ({exc.smtp_code}). Hãy kiểm tra "
                        f"lại; với Gmail cần dùng «mật khẩu ứng dụng».", kind="auth") from None
    except smtplib.SMTPNotSupportedError:
        raise SendError(f"Máy chủ {where} không cho đăng nhập trên kết nối này. Hãy chọn SSL hoặc STARTTLS.",
                        kind="auth") from None
    except smtplib.SMTPSenderRefused as exc:
        raise SendError(f"Máy chủ từ chối địa chỉ người gửi «{account.from_address}» ({exc.smtp_code} "
                        f"{_text(exc.smtp_error)}).", kind="sender") from None
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code == 421 or (phase == "data" and 400 <= exc.smtp_code < 500):
            raise SendError(f"Máy chủ thư tạm thời chưa nhận thư ({exc.smtp_code} {_text(exc.smtp_error)}). "
                            f"Thư sẽ được gửi lại sau.", kind="data", retryable=True) from None
        raise SendError(f"Máy chủ từ chối nội dung thư ({exc.smtp_code} {_text(exc.smtp_error)}). Tệp đính "
                        f"kèm có thể quá lớn.", kind="data") from None
    except ssl.SSLError as exc:
        raise SendError(f"Lỗi bảo mật TLS/SSL khi nối tới {where} ({exc.reason or exc}). Hãy kiểm tra kiểu "
                        f"bảo mật và cổng (SSL: 465, STARTTLS: 587).", kind="tls") from None
    except TimeoutError:
        if phase == "data":
            raise _uncertain(where) from None
        raise SendError(f"Máy chủ thư {where} không trả lời (quá {int(account.timeout)} giây). Thư sẽ được "
                        f"gửi lại khi có mạng.", kind="timeout", retryable=True) from None
    except smtplib.SMTPServerDisconnected:
        if phase == "data":
            raise _uncertain(where) from None
        raise SendError(f"Máy chủ thư {where} ngắt kết nối. Thư sẽ được gửi lại sau.", kind="connect",
                        retryable=True) from None
    except smtplib.SMTPResponseException as exc:
        if phase == "data":
            raise _uncertain(where) from None
        temporary = 400 <= exc.smtp_code < 500
        raise SendError(f"Máy chủ thư trả lời lỗi {exc.smtp_code} {_text(exc.smtp_error)}.", kind="connect",
                        retryable=temporary) from None
    except (socket.gaierror, ConnectionError, OSError, smtplib.SMTPException) as exc:
        if phase == "data":
            raise _uncertain(where) from None
        detail = _connect_detail(exc)
        raise SendError(f"Không kết nối được máy chủ thư {where} ({detail}). Có thể máy đang mất mạng; thư "
                        f"nằm trong hộp thư đi và sẽ được gửi khi có mạng.", kind="connect", retryable=True) from None
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except Exception:  # noqa: BLE001 - closing a broken connection
                try:
                    smtp.close()
                except Exception:  # nothing more to do with a dead connection
                    log.debug("SMTP connection not closed cleanly", exc_info=True)


def _connect_detail(exc: BaseException) -> str:
    """Why the connection failed, in Vietnamese (the OS says it in English)."""
    import errno

    if isinstance(exc, socket.gaierror):
        return "không tìm thấy máy chủ theo tên đã nhập, hoặc máy đang mất mạng"
    code = getattr(exc, "errno", None)
    known = {
        errno.ECONNREFUSED: "máy chủ từ chối kết nối: kiểm tra lại cổng",
        errno.ENETUNREACH: "không có mạng",
        errno.EHOSTUNREACH: "không tới được máy chủ",
        errno.ECONNRESET: "máy chủ đóng kết nối",
        errno.ECONNABORTED: "kết nối bị ngắt",
        errno.ETIMEDOUT: "hết thời gian chờ",
    }
    if code in known:
        return known[code]
    if isinstance(exc, OverflowError) or "port" in str(exc).lower():
        return "số cổng không hợp lệ"
    return f"lỗi hệ thống {code}" if code is not None else f"lỗi {type(exc).__name__}"


def _uncertain(where: str) -> SendError:
    return SendError(f"Mất kết nối với {where} ngay sau khi gửi nội dung thư: không rõ máy chủ đã nhận thư "
                     f"hay chưa. Hãy xem mục «Thư đã gửi» trong hộp thư trước khi gửi lại.",
                     kind="uncertain", uncertain=True)


def _text(resp: Any) -> str:
    if isinstance(resp, bytes):
        return resp.decode("utf-8", "replace")
    return str(resp)
