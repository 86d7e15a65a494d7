"""The province's list of expected communes, kept in the store (table ``communes``, schema v4),
and the deadline the user set for their reports (a setting).

A plain object over the store's :class:`~.connection.Database`: ``CommuneList(store.db)``.
"""
from __future__ import annotations

import datetime as _dt
import json

from ..textnorm import clean_line
from .connection import Database

DEADLINE_KEY = "consolidate.deadline"


class CommuneList:
    def __init__(self, db: Database):
        self.db = db

    def names(self) -> list[str]:
        with self.db.read() as con:
            return [r[0] for r in con.execute("SELECT name FROM communes ORDER BY position")]

    def replace(self, names: list[str]) -> list[str]:
        """Store ``names`` (cleaned, blank and repeated ones dropped) in place of the old list."""
        from ..consolidate.model import commune_key

        seen: set[str] = set()
        rows: list[tuple[int, str, str]] = []
        for name in names:
            name = clean_line(name)
            key = commune_key(name)
            if name and key not in seen:
                seen.add(key)
                rows.append((len(rows), name, key))
        with self.db.write() as con:
            con.execute("DELETE FROM communes")
            con.executemany("INSERT INTO communes (position, name, key) VALUES (?, ?, ?)", rows)
        return [r[1] for r in rows]

    def deadline(self) -> _dt.date | None:
        with self.db.read() as con:
            row = con.execute("SELECT value FROM settings WHERE key = ?", (DEADLINE_KEY,)).fetchone()
        try:
            return _dt.date.fromisoformat(json.loads(row[0])) if row else None
        except (ValueError, TypeError):
            return None

    def set_deadline(self, date: _dt.date | None) -> None:
        with self.db.write() as con:
            if date is None:
                con.execute("DELETE FROM settings WHERE key = ?", (DEADLINE_KEY,))
            else:
                con.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                            (DEADLINE_KEY, json.dumps(date.isoformat())))
