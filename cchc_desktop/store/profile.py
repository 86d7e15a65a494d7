"""The commune profile (one per store) and the GUI's key/value settings.

Both live in the ``settings`` table as JSON. The profile never holds a mail password: that
belongs to the OS keyring (``keyring``), and ``Profile.from_dict`` drops one if it appears.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ..textnorm import clean_line
from .connection import Database

PROFILE_KEY = "profile"
MAIL_KEYS = ("smtp_host", "smtp_port", "security", "username", "sender")
MAIL_SECURITY = ("ssl", "starttls", "none")


@dataclass
class SignerEntry:
    """A person who may sign: "Nguyễn Văn A", "CHỦ TỊCH" / "PHÓ CHỦ TỊCH"."""

    name: str = ""
    title: str = "CHỦ TỊCH"
    deputy: bool = False

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SignerEntry:
        return cls(name=clean_line(d.get("name")), title=clean_line(d.get("title", "CHỦ TỊCH")),
                   deputy=bool(d.get("deputy", False)))


@dataclass
class RecipientList:
    """A saved "Nơi nhận" list, e.g. "Báo cáo định kỳ gửi tỉnh"."""

    name: str = ""
    items: list[str] = field(default_factory=list)
    archive: str = "VT"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RecipientList:
        return cls(name=clean_line(d.get("name")),
                   items=[clean_line(x) for x in d.get("items") or [] if clean_line(x)],
                   archive=clean_line(d.get("archive", "VT")))


def _default_mail() -> dict[str, Any]:
    return {"smtp_host": "", "smtp_port": 465, "security": "ssl", "username": "", "sender": ""}


def clean_mail(raw: Any) -> dict[str, Any]:
    """Only the known keys (never a password), with a valid port and security mode."""
    mail = _default_mail()
    if isinstance(raw, dict):
        for key in MAIL_KEYS:
            if key in raw and raw[key] is not None:
                mail[key] = raw[key]
    try:
        mail["smtp_port"] = int(mail["smtp_port"])
    except (TypeError, ValueError):
        mail["smtp_port"] = 465
    if mail["security"] not in MAIL_SECURITY:
        mail["security"] = "ssl"
    for key in ("smtp_host", "username", "sender"):
        mail[key] = clean_line(str(mail[key]))
    return mail


MAX_USER_WORDS = 5000


@dataclass
class Profile:
    """Who the commune is and where its reports go; fills a new draft's header and footer."""

    parent_agency: str = ""  # "UBND TỈNH HẢI PHÒNG" (or empty)
    issuing_body: str = ""  # "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"
    issuing_body_short: str = ""  # "UBND xã Quang Khải"
    place: str = ""  # "Quang Khải"
    default_variant: str = "A-2024"
    signers: list[SignerEntry] = field(default_factory=list)
    recipient_lists: list[RecipientList] = field(default_factory=list)
    upper_level_name: str = ""  # "Sở Nội vụ tỉnh Hải Phòng"
    upper_level_email: str = ""
    mail: dict[str, Any] = field(default_factory=_default_mail)
    export_dir: str = ""
    tone_style: str = ""  # "" the document's own majority, "old" (hòa, thủy) or "new" (hoà, thuỷ)
    spelling_words: list[str] = field(default_factory=list)  # «Thêm vào từ điển», lower case

    _TEXT = ("parent_agency", "issuing_body", "issuing_body_short", "place", "default_variant",
             "upper_level_name", "upper_level_email")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["mail"] = clean_mail(self.mail)
        return d

    @classmethod
    def from_dict(cls, d: Any) -> Profile:
        if not isinstance(d, dict):
            return cls()
        p = cls()
        for name in cls._TEXT:
            if name in d and d[name] is not None:
                setattr(p, name, clean_line(str(d[name])))
        p.signers = [SignerEntry.from_dict(x) for x in d.get("signers") or [] if isinstance(x, dict)]
        p.recipient_lists = [RecipientList.from_dict(x) for x in d.get("recipient_lists") or []
                             if isinstance(x, dict)]
        p.mail = clean_mail(d.get("mail"))
        p.export_dir = str(d.get("export_dir") or "")
        style = d.get("tone_style")
        p.tone_style = style if isinstance(style, str) and style in ("old", "new") else ""
        raw_words = d.get("spelling_words")
        words: list[Any] = raw_words if isinstance(raw_words, list) else []
        p.spelling_words = sorted({clean_line(str(w)).lower() for w in words[:MAX_USER_WORDS]
                                   if clean_line(str(w)) and len(str(w)) <= 60})
        return p


class Settings:
    """The commune profile and the app's settings (window geometry, last folder, ...)."""

    def __init__(self, db: Database):
        self.db = db

    def has_profile(self) -> bool:
        with self.db.read() as con:
            return con.execute("SELECT 1 FROM settings WHERE key = ?", (PROFILE_KEY,)).fetchone() is not None

    def load_profile(self) -> Profile:
        """The saved profile, or an empty one (see ``has_profile`` for the first-run wizard)."""
        return Profile.from_dict(self.get_setting(PROFILE_KEY, {}))

    def save_profile(self, profile: Profile) -> None:
        self.set_setting(PROFILE_KEY, profile.to_dict())

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A JSON value saved with ``set_setting`` (window geometry, last folder, ...)."""
        with self.db.read() as con:
            row = con.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return default

    def set_setting(self, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False)
        with self.db.write() as con:
            con.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, text))

    def delete_setting(self, key: str) -> None:
        with self.db.write() as con:
            con.execute("DELETE FROM settings WHERE key = ?", (key,))
