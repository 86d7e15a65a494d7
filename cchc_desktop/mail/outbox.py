"""The outbox: messages wait here until the server takes them, and the user can see what happened.

A separate SQLite file (``<data dir>/outbox.sqlite3``), so the outbox never touches the report
store. A message is stored complete (MIME bytes with its Message-ID) when queued, so every retry
sends exactly the same message.

States: ``queued`` -> ``sending`` -> ``sent`` | ``failed``. Every try is logged in ``attempts``
with its start, end and the Vietnamese reason.

Sent once, not twice:
- a message is *claimed* with one ``UPDATE ... WHERE state IN ('queued','failed')``; only the
  worker whose update changed the row sends it (two windows, two threads, a double click);
- ``sent`` is written right after the server accepted the body;
- a crash after the server accepted the body but before ``sent`` was written leaves the row in
  ``sending``. Such a row is never retried by itself: after ``STALE_AFTER`` it turns ``failed``
  with ``uncertain`` set and a reason asking the user to look in the mailbox's sent folder; only
  the user's explicit "Gửi lại" sends it again, with the same Message-ID (mail clients show two
  copies with one Message-ID as one message). The same holds when the connection breaks while the
  body is being handed over (``SendError.uncertain``).
- automatic retries (``process``) only take ``queued`` rows and ``failed`` rows whose failure was
  a network one (``retryable``): then the server certainly did not get the message.
"""
from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from ..errors import CchcError
from .sender import MailAccount, SendError, send_raw

SCHEMA_VERSION = 1
STALE_AFTER = _dt.timedelta(minutes=10)
STATES = ("queued", "sending", "sent", "failed")
STATE_LABELS = {"queued": "Đang chờ gửi", "sending": "Đang gửi", "sent": "Đã gửi", "failed": "Gửi không được"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    draft_id TEXT,
    from_addr TEXT NOT NULL,
    recipients TEXT NOT NULL,          -- JSON list of envelope recipients
    subject TEXT NOT NULL,
    attachments TEXT NOT NULL,         -- JSON list of file names
    raw BLOB NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    retryable INTEGER NOT NULL DEFAULT 0,
    uncertain INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at TEXT,
    claim TEXT,
    claimed_at TEXT
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    started TEXT NOT NULL,
    finished TEXT,
    ok INTEGER,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS attempts_message ON attempts(message);
"""


def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone().replace(microsecond=0)


def _iso(t: _dt.datetime) -> str:
    return t.isoformat()


@dataclass
class Attempt:
    started: str
    finished: str | None
    ok: bool | None
    reason: str


@dataclass
class OutboxEntry:
    id: int
    message_id: str
    created: str
    draft_id: str | None
    from_addr: str
    recipients: list[str]
    subject: str
    attachments: list[str]
    state: str
    retryable: bool
    uncertain: bool
    last_error: str
    sent_at: str | None
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        if self.state == "failed" and self.retryable:
            return "Chờ có mạng để gửi lại"
        return STATE_LABELS.get(self.state, self.state)


class OutboxError(CchcError):
    """The outbox file cannot be used; ``str()`` is Vietnamese."""


def outbox_error(path: Path, exc: BaseException) -> OutboxError:
    """A Vietnamese ``OutboxError`` for a SQLite (or id) failure of the outbox file."""
    text = str(exc).lower()
    if isinstance(exc, OverflowError):
        return OutboxError("Số thư quá lớn: không có thư nào mang số đó (xem số thư bằng lệnh outbox).",
                           detail=str(exc))
    if "not a database" in text or "malformed" in text or "corrupt" in text or "could not decode" in text:
        return OutboxError(f"Hộp thư đi «{path}» bị hỏng nên không dùng được. Báo cáo và dự thảo không bị ảnh "
                           f"hưởng; hãy đổi tên hoặc xoá tệp đó để phần mềm tạo hộp thư đi mới (thư chưa gửi "
                           f"trong đó sẽ mất).", detail=str(exc))
    if "full" in text:
        return OutboxError("Không ghi được vào hộp thư đi: ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi thử lại.",
                           detail=str(exc))
    if "disk i/o" in text:
        return OutboxError(f"Lỗi đọc/ghi ổ đĩa khi dùng hộp thư đi «{path}». Hãy kiểm tra ổ đĩa rồi thử lại.",
                           detail=str(exc))
    if "locked" in text or "busy" in text:
        return OutboxError("Hộp thư đi đang bận (một cửa sổ khác đang gửi thư). Hãy thử lại sau giây lát.",
                           detail=str(exc))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return OutboxError(f"Không mở được hộp thư đi «{path}»: không có quyền ghi hoặc thư mục không tồn tại.",
                           detail=str(exc))
    return OutboxError(f"Không dùng được hộp thư đi «{path}».", detail=f"{type(exc).__name__}: {exc}")


class Outbox:
    def __init__(self, path: str | Path | None = None):
        if path is None:
            from ..resources import data_dir

            path = data_dir() / "outbox.sqlite3"
        self.path = Path(path)
        with self._connect() as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise OutboxError(f"Hộp thư đi «{self.path.name}» do phiên bản mới hơn của phần mềm tạo; "
                                  f"hãy cập nhật CCHC Desktop.")
            if version < SCHEMA_VERSION:
                with con:
                    con.executescript(_SCHEMA)
                    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # ----- connection ---------------------------------------------------------------------
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except sqlite3.Error as exc:
            raise outbox_error(self.path, exc) from None
        try:
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("PRAGMA busy_timeout=10000")
            yield con
        except (sqlite3.Error, OverflowError) as exc:  # damaged file, full disk, an id past 2**63
            raise outbox_error(self.path, exc) from None
        finally:
            con.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # ----- queueing -----------------------------------------------------------------------
    def enqueue(self, msg: EmailMessage, *, recipients: list[str] | None = None, draft_id: str | None = None) -> int:
        """Store a complete message as ``queued``; returns its outbox id."""
        if not msg["Message-ID"]:
            domain = str(msg["From"] or "").rpartition("@")[2].strip(">") or "cchc-desktop.local"
            msg["Message-ID"] = f"<{uuid.uuid4().hex}.cchc@{domain}>"
        if recipients is None:
            from email.utils import getaddresses

            recipients = [a for _, a in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", [])) if a]
        from email.utils import parseaddr

        from_addr = parseaddr(str(msg["From"] or ""))[1]
        names = [part.get_filename() for part in msg.iter_attachments() if part.get_filename()]
        raw = msg.as_bytes(policy=policy.SMTP)
        with self._tx() as con:
            cur = con.execute(
                "INSERT INTO messages (message_id, created, draft_id, from_addr, recipients, subject, attachments,"
                " raw, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued')",
                (str(msg["Message-ID"]), _iso(_now()), draft_id, from_addr, json.dumps(recipients),
                 str(msg["Subject"] or ""), json.dumps(names, ensure_ascii=False), raw),
            )
            return int(cur.lastrowid or 0)

    # ----- reading ------------------------------------------------------------------------
    def entries(self, limit: int = 200) -> list[OutboxEntry]:
        """Newest first, each with its attempts (oldest first)."""
        with self._connect() as con:
            rows = con.execute("SELECT * FROM messages ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
            attempts: dict[int, list[Attempt]] = {}
            for a in con.execute("SELECT * FROM attempts ORDER BY id"):
                attempts.setdefault(a["message"], []).append(
                    Attempt(a["started"], a["finished"], None if a["ok"] is None else bool(a["ok"]), a["reason"]))
        return [self._entry(r, attempts.get(r["id"], [])) for r in rows]

    def get(self, entry_id: int) -> OutboxEntry:
        for e in self.entries(limit=1_000_000):
            if e.id == entry_id:
                return e
        raise KeyError(entry_id)

    def raw(self, entry_id: int) -> bytes:
        with self._connect() as con:
            row = con.execute("SELECT raw FROM messages WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise KeyError(entry_id)
        return bytes(row["raw"])

    @staticmethod
    def _entry(r: sqlite3.Row, attempts: list[Attempt]) -> OutboxEntry:
        return OutboxEntry(
            id=r["id"], message_id=r["message_id"], created=r["created"], draft_id=r["draft_id"],
            from_addr=r["from_addr"], recipients=json.loads(r["recipients"]), subject=r["subject"],
            attachments=json.loads(r["attachments"]), state=r["state"], retryable=bool(r["retryable"]),
            uncertain=bool(r["uncertain"]), last_error=r["last_error"], sent_at=r["sent_at"], attempts=attempts,
        )

    def pending_count(self) -> int:
        with self._connect() as con:
            count: int = con.execute("SELECT count(*) FROM messages WHERE state = 'queued' OR "
                                     "(state = 'failed' AND retryable = 1)").fetchone()[0]
            return count

    # ----- user actions -------------------------------------------------------------------
    def retry(self, entry_id: int) -> bool:
        """The user's "Gửi lại": a failed message (also an uncertain one) is queued again."""
        with self._tx() as con:
            cur = con.execute("UPDATE messages SET state = 'queued', uncertain = 0 WHERE id = ? AND state = 'failed'",
                              (entry_id,))
            return cur.rowcount == 1

    def delete(self, entry_id: int) -> bool:
        """Remove a message that is not being sent (a sent one only leaves the log)."""
        with self._tx() as con:
            cur = con.execute("DELETE FROM messages WHERE id = ? AND state != 'sending'", (entry_id,))
            return cur.rowcount == 1

    def recover_stale(self, now: _dt.datetime | None = None, stale_after: _dt.timedelta = STALE_AFTER) -> int:
        """Rows left in ``sending`` by a crash become ``failed`` + ``uncertain`` (never auto-retried)."""
        now = now or _now()
        limit = _iso(now - stale_after)
        reason = ("Chương trình bị tắt khi đang gửi thư này: không rõ máy chủ đã nhận thư hay chưa. Hãy xem "
                  "mục «Thư đã gửi» trong hộp thư; chỉ bấm «Gửi lại» nếu thư chưa đi.")
        with self._tx() as con:
            rows = con.execute("SELECT id FROM messages WHERE state = 'sending' AND claimed_at <= ?",
                               (limit,)).fetchall()
            for r in rows:
                con.execute("UPDATE messages SET state = 'failed', retryable = 0, uncertain = 1, last_error = ?,"
                            " claim = NULL WHERE id = ?", (reason, r["id"]))
                con.execute("UPDATE attempts SET finished = ?, ok = NULL, reason = ? WHERE message = ? AND "
                            "finished IS NULL", (_iso(now), reason, r["id"]))
        return len(rows)

    # ----- sending ------------------------------------------------------------------------
    def claim(self, entry_id: int, *, automatic: bool = False) -> str | None:
        """Take a message for sending; returns the claim token, or None if someone else has it."""
        token = uuid.uuid4().hex
        now = _iso(_now())
        cond = "(state = 'queued' OR (state = 'failed' AND retryable = 1))" if automatic else \
            "state IN ('queued', 'failed')"
        with self._tx() as con:
            cur = con.execute(f"UPDATE messages SET state = 'sending', claim = ?, claimed_at = ? "
                              f"WHERE id = ? AND {cond}", (token, now, entry_id))
            if cur.rowcount != 1:
                return None
            con.execute("INSERT INTO attempts (message, started) VALUES (?, ?)", (entry_id, now))
        return token

    def send_one(self, entry_id: int, account: MailAccount, *, password: str | None = None,
                 automatic: bool = False, transport: Callable[..., dict[str, Any]] | None = None,
                 **kw: Any) -> OutboxEntry | None:
        """Claim, send and record one message. None when it was not ours to send."""
        token = self.claim(entry_id, automatic=automatic)
        if token is None:
            return None
        transport = transport or send_raw
        with self._connect() as con:
            row = con.execute("SELECT raw, recipients FROM messages WHERE id = ?", (entry_id,)).fetchone()
        try:
            refused = transport(account, bytes(row["raw"]), json.loads(row["recipients"]), password=password, **kw)
        except SendError as exc:
            self._finish(entry_id, token, ok=False, reason=exc.reason, retryable=exc.retryable,
                         uncertain=exc.uncertain)
        except Exception as exc:  # noqa: BLE001 - anything else: keep the row usable (logged, said)
            from ..errors import report_unexpected

            reason = report_unexpected(exc, "sending a mail of the outbox")
            self._finish(entry_id, token, ok=False, reason=f"Lỗi không xác định khi gửi thư: {reason}",
                         retryable=False, uncertain=True)
        else:
            note = ""
            if refused:
                note = "Máy chủ từ chối một số người nhận: " + "; ".join(f"{a} ({r})" for a, r in refused.items())
            self._finish(entry_id, token, ok=True, reason=note)
        return self.get(entry_id)

    def _finish(self, entry_id: int, token: str, *, ok: bool, reason: str, retryable: bool = False,
                uncertain: bool = False) -> None:
        now = _iso(_now())
        with self._tx() as con:
            if ok:
                con.execute("UPDATE messages SET state = 'sent', sent_at = ?, last_error = ?, retryable = 0, "
                            "uncertain = 0, claim = NULL WHERE id = ? AND claim = ?", (now, reason, entry_id, token))
            else:
                con.execute("UPDATE messages SET state = 'failed', last_error = ?, retryable = ?, uncertain = ?, "
                            "claim = NULL WHERE id = ? AND claim = ?",
                            (reason, int(retryable), int(uncertain), entry_id, token))
            con.execute("UPDATE attempts SET finished = ?, ok = ?, reason = ? WHERE id = (SELECT max(id) FROM "
                        "attempts WHERE message = ?)", (now, int(ok), reason, entry_id))

    def process(self, account: MailAccount, *, password: str | None = None,
                transport: Callable[..., dict[str, Any]] | None = None, **kw: Any) -> list[OutboxEntry]:
        """Send everything that is due (queued, or failed for want of network). Returns what was tried.

        Stops after the first network failure: when the server cannot be reached, the rest would
        fail the same way; they stay queued for the next run.
        """
        self.recover_stale()
        with self._connect() as con:
            ids = [r["id"] for r in con.execute(
                "SELECT id FROM messages WHERE state = 'queued' OR (state = 'failed' AND retryable = 1) ORDER BY id")]
        done = []
        for entry_id in ids:
            entry = self.send_one(entry_id, account, password=password, automatic=True, transport=transport, **kw)
            if entry is None:
                continue
            done.append(entry)
            if entry.state == "failed" and entry.retryable:
                break
        return done
