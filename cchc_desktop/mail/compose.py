"""The message that carries a report upward: default subject and body, attachments, MIME.

"Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2024 của UBND xã Quang Khải", a short
polite body naming the report, and the DOCX (optionally XLSX and PDF) attached under their
standard file names.
"""
from __future__ import annotations

import mimetypes
import uuid
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses
from pathlib import Path
from typing import TYPE_CHECKING

from ..draft import Draft
from ..errors import CchcError
from ..textnorm import clean_line

if TYPE_CHECKING:
    from ..view import ReportView

MIME_TYPES = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pdf": ("application", "pdf"),
}


@dataclass
class Composed:
    """What the user sees and edits in the compose dialog."""

    to: list[str]
    subject: str
    body: str
    attachments: list[Path] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _view(draft: Draft) -> ReportView:
    from ..view import build_view

    return build_view(draft, annex=False)


def sender_body(draft: Draft) -> str:
    """'UBND xã Quang Khải': who sends, as the computed report names it (``ReportView.issuer``)."""
    return _view(draft).issuer or "UBND xã"


def _summary(draft: Draft, view: ReportView | None = None) -> str:
    from ..vnformat import default_summary

    return (view or _view(draft)).summary or default_summary(draft)


def default_subject(draft: Draft) -> str:
    """'Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2024 của UBND xã Quang Khải'."""
    view = _view(draft)
    return f"{view.kind_word} {_lower_first(_summary(draft, view))} của {view.issuer or 'UBND xã'}"


def default_body(draft: Draft, upper_level_name: str = "", signature: str = "") -> str:
    view = _view(draft)
    word = view.kind_word
    ref = ""
    if view.reference:
        ref = f" số {view.reference}"
        if view.date_short:
            ref += f" ngày {view.date_short}"
    lines = []
    if upper_level_name:
        lines += [f"Kính gửi: {clean_line(upper_level_name)}", ""]
    sender = view.issuer or "UBND xã"
    lines.append(f"{sender} xin gửi {word}{ref} về {_lower_first(_summary(draft, view))} "
                 f"(tệp đính kèm).")
    lines += ["", "Trân trọng./.", ""]
    lines.append(clean_line(signature) or sender)
    return "\n".join(lines)


def default_composed(draft: Draft, attachments: list[Path], *, to: str = "", upper_level_name: str = "",
                     signature: str = "") -> Composed:
    return Composed(to=split_addresses(to), subject=default_subject(draft),
                    body=default_body(draft, upper_level_name, signature), attachments=list(attachments))


def split_addresses(text: str | list[str]) -> list[str]:
    """'a@x.vn; B <b@y.vn>' -> ['a@x.vn', 'b@y.vn'] (commas or semicolons)."""
    if isinstance(text, list):
        text = ",".join(text)
    text = (text or "").replace(";", ",")
    return [addr for _, addr in getaddresses([text]) if addr]


def invalid_addresses(addresses: list[str]) -> list[str]:
    import re

    pattern = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
    return [a for a in addresses if not pattern.match(a)]


def new_message_id(domain: str) -> str:
    domain = "".join(ch for ch in (domain or "") if ch.isalnum() or ch in ".-").strip(".") or "cchc-desktop.local"
    return f"<{uuid.uuid4().hex}.cchc@{domain}>"


class MailAddressError(CchcError):
    """An address the message cannot carry (CR/LF, no '@', a broken display name)."""


def _clean_display_name(name: str) -> str:
    """A display name on one line, without control characters (the Address object quotes the rest)."""
    text = "".join(ch if ch.isprintable() else " " for ch in clean_line(name or ""))
    return " ".join(text.split())[:120]


def mail_address(addr_spec: str, display_name: str = "", *, role: str = "người nhận") -> Address:
    """``email.headerregistry.Address`` for ``addr_spec``; a quote, a comma, a backslash or an
    encoded word in ``display_name`` stays inside the name (never a second address);
    ``MailAddressError`` (Vietnamese) for an address with CR/LF or without one '@'."""
    spec = (addr_spec or "").strip()
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in spec)[:200]
    if not spec or any(not ch.isprintable() or ch.isspace() for ch in spec) or spec.count("@") != 1:
        raise MailAddressError(f"Địa chỉ thư {role} «{shown}» không hợp lệ.")
    try:
        return Address(display_name=_clean_display_name(display_name), addr_spec=spec)
    except (ValueError, IndexError, TypeError, HeaderParseError) as exc:
        raise MailAddressError(f"Địa chỉ thư {role} «{shown}» không hợp lệ.", detail=repr(exc)) from None


def attachment_name(path: Path) -> str:
    """The file name as the recipient sees it: one line, no control characters."""
    name = "".join(ch if ch.isprintable() else " " for ch in path.name)
    return " ".join(name.split()) or "tep-dinh-kem"


MAX_ATTACHMENT = 25 * 1024 * 1024  # most mail servers refuse a message past ~25 MB


def compose_message(composed: Composed, from_address: str, *, message_id: str | None = None,
                    from_name: str = "") -> EmailMessage:
    """A complete MIME message; the attachments are read now (bounded; the outbox stores the
    bytes). Every address header is built from ``Address`` objects."""
    from ..files.read import read_bytes

    msg = EmailMessage()
    msg["From"] = mail_address(from_address, from_name, role="người gửi")
    msg["To"] = [mail_address(a) for a in composed.to]
    if composed.cc:
        msg["Cc"] = [mail_address(a) for a in composed.cc]
    msg["Subject"] = " ".join("".join(ch if ch.isprintable() else " " for ch in clean_line(composed.subject)).split())
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id or new_message_id(from_address.rpartition("@")[2])
    msg["X-Mailer"] = "CCHC Desktop"
    msg.set_content(composed.body.replace("\r\n", "\n"), charset="utf-8")
    for path in composed.attachments:
        path = Path(path)
        data = read_bytes(path, limit=MAX_ATTACHMENT, what="tệp đính kèm")
        maintype, subtype = MIME_TYPES.get(path.suffix.lower()) or _guess(path)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=attachment_name(path))
    return msg


def _guess(path: Path) -> tuple[str, str]:
    guessed, _ = mimetypes.guess_type(path.name)
    if guessed and "/" in guessed:
        a, b = guessed.split("/", 1)
        return a, b
    return "application", "octet-stream"
