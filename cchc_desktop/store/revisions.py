"""Revisions: full JSON copies of a draft over time, to go back to an earlier state.

Taken at create, on every whole-draft save, before a restore, on demand (``snapshot``), and
by ``save_field`` when the newest revision is older than ``snapshot_minutes``. Identical
consecutive copies (ignoring the ``updated`` stamp) are not stored twice. Each draft keeps at
most ``max_revisions``: the newest half untouched, older ones thinned by dropping every second.
"""
from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .connection import Database, now_iso
from .errors import DraftNotFoundError

if TYPE_CHECKING:
    from ..draft import Draft


NAMED_PREFIX = "Bản đã "  # "Bản đã xuất 14:05 28/11/2026", "Bản đã gửi ...": never thinned


@dataclass
class Revision:
    id: int
    draft_id: str
    created_at: str
    reason: str
    size: int  # bytes of the JSON copy


def _same_content(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        da, db_ = json.loads(a), json.loads(b)
    except ValueError:
        return False
    da.pop("updated", None)
    db_.pop("updated", None)
    return bool(da == db_)


class Revisions:
    """The kept versions of every draft: automatic ones (at most one per ``snapshot_minutes``
    of saving), named ones ("Bản đã xuất 14:05 28/11/2026"), at most ``max_revisions`` a draft."""

    def __init__(self, db: Database, *, snapshot_minutes: float = 5, max_revisions: int = 200):
        self.db = db
        self.snapshot_minutes = snapshot_minutes
        self.max_revisions = max_revisions

    def snapshot_due(self, con: sqlite3.Connection, draft_id: str, now: str) -> bool:
        row = con.execute(
            "SELECT created_at FROM revisions WHERE draft_id = ? ORDER BY id DESC LIMIT 1", (draft_id,)
        ).fetchone()
        if row is None:
            return True
        try:
            last = _dt.datetime.fromisoformat(row[0])
            current = _dt.datetime.fromisoformat(now)
        except ValueError:
            return True
        return (current - last).total_seconds() >= self.snapshot_minutes * 60

    def snapshot_in(self, con: sqlite3.Connection, draft_id: str, doc: str, reason: str,
                     now: str | None = None, *, named: bool = False) -> int:
        """Insert a revision inside the caller's transaction; returns its id (or the identical last
        one's). A ``named`` one ("Bản đã xuất 14:05 28/11/2026") is always kept, even when the
        content equals the last, and thinning never drops it."""
        last = con.execute(
            "SELECT id, doc FROM revisions WHERE draft_id = ? ORDER BY id DESC LIMIT 1", (draft_id,)
        ).fetchone()
        if not named and last is not None and _same_content(last[1], doc):
            return int(last[0])
        rev_id = con.execute(
            "INSERT INTO revisions (draft_id, created_at, reason, doc) VALUES (?, ?, ?, ?)",
            (draft_id, now or now_iso(), reason, doc),
        ).lastrowid
        assert rev_id is not None  # set by every INSERT
        self._thin(con, draft_id)
        return rev_id

    def _thin(self, con: sqlite3.Connection, draft_id: str) -> None:
        ids = [r[0] for r in con.execute(
            "SELECT id FROM revisions WHERE draft_id = ? AND reason NOT LIKE ? ORDER BY id",
            (draft_id, NAMED_PREFIX + "%")).fetchall()]
        limit = max(2, self.max_revisions)
        if len(ids) <= limit:
            return
        keep_recent = limit // 2
        old = ids[1:len(ids) - keep_recent]  # the very first (creation) is always kept
        excess = len(ids) - limit
        drop = old[1::2][:excess]
        if len(drop) < excess:  # thinning was not enough: drop the oldest remaining
            rest = [i for i in old if i not in set(drop)]
            drop += rest[: excess - len(drop)]
        con.executemany("DELETE FROM revisions WHERE id = ?", [(i,) for i in drop])

    def keep_named(self, con: sqlite3.Connection, draft_id: str, what: str, now: str) -> int:
        """The stored state as a named revision: ``what`` ("xuất", "gửi") and the local time."""
        row = con.execute("SELECT doc FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(draft_id)
        when = _dt.datetime.fromisoformat(now).astimezone().strftime("%H:%M %d/%m/%Y")
        return self.snapshot_in(con, draft_id, row[0], f"{NAMED_PREFIX}{what} {when}", now, named=True)

    def snapshot(self, draft_id: str, reason: str = "", *, even_if_same: bool = False) -> int:
        """Keep the current state as a revision; returns the revision id. ``even_if_same``: an
        entry the user will look for by its reason ("Trước khi nhập Excel ...") is added even
        when the content equals the last revision's."""
        with self.db.write() as con:
            row = con.execute("SELECT doc FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                raise DraftNotFoundError(draft_id)
            return self.snapshot_in(con, draft_id, row[0], reason or "Lưu thủ công", named=even_if_same)

    def revisions(self, draft_id: str) -> list[Revision]:
        """Newest first."""
        with self.db.read() as con:
            rows = con.execute(
                "SELECT id, draft_id, created_at, reason, length(CAST(doc AS BLOB)) FROM revisions"
                " WHERE draft_id = ? ORDER BY id DESC", (draft_id,)).fetchall()
        return [Revision(*r) for r in rows]

    def load_revision(self, revision_id: int) -> Draft:
        with self.db.read() as con:
            row = con.execute("SELECT draft_id, doc FROM revisions WHERE id = ?", (revision_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(str(revision_id), "phiên bản lưu")
        from ..draft import Draft

        draft = Draft.from_json(row[1])
        draft.id = row[0]
        return draft
