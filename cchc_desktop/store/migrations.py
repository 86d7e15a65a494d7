"""Schema migrations, by ``PRAGMA user_version``.

``MIGRATIONS[i]`` brings the database from version ``i`` to ``i + 1``; ``LATEST`` is their
count. Each step runs in its own ``BEGIN IMMEDIATE ... PRAGMA user_version = N; COMMIT``, so a
crash leaves the file at the previous version, never half-way. A released step is never
edited: change the schema by appending a step (and re-run ``tools/make_store_fixture.py`` only
to add a fixture for the new old version, never to replace ``tests/fixtures/store-v1.sqlite``).

No ``executescript`` here: it commits any open transaction on its own.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

APPLICATION_ID = 0x43434843  # "CCHC": marks the file as ours


def _v1_initial(con: sqlite3.Connection) -> None:
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(
        """CREATE TABLE drafts (
            id           TEXT PRIMARY KEY,
            doc          TEXT NOT NULL,
            kind         TEXT NOT NULL DEFAULT 'periodic',
            period_type  TEXT NOT NULL DEFAULT '',
            year         INTEGER,
            variant      TEXT,
            issuing_body TEXT NOT NULL DEFAULT '',
            summary      TEXT NOT NULL DEFAULT '',
            number       TEXT NOT NULL DEFAULT '',
            created_at   TEXT NOT NULL,
            updated_at   TEXT NOT NULL,
            deleted_at   TEXT
        )"""
    )
    con.execute("CREATE INDEX drafts_updated ON drafts(updated_at)")
    con.execute(
        """CREATE TABLE revisions (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            draft_id   TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            reason     TEXT NOT NULL DEFAULT '',
            doc        TEXT NOT NULL
        )"""
    )
    con.execute("CREATE INDEX revisions_draft ON revisions(draft_id, id)")
    con.execute(
        """CREATE TABLE locks (
            draft_id  TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
            owner     TEXT NOT NULL,
            pid       INTEGER NOT NULL,
            host      TEXT NOT NULL,
            heartbeat TEXT NOT NULL
        )"""
    )
    con.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _v2_state_search(con: sqlite3.Connection) -> None:
    """Export state, accent-free search key, change counter, lock start time."""
    con.execute("ALTER TABLE drafts ADD COLUMN state TEXT NOT NULL DEFAULT 'drafting'")
    con.execute("ALTER TABLE drafts ADD COLUMN export_path TEXT")
    con.execute("ALTER TABLE drafts ADD COLUMN exported_at TEXT")
    con.execute("ALTER TABLE drafts ADD COLUMN search_key TEXT NOT NULL DEFAULT ''")
    con.execute("ALTER TABLE drafts ADD COLUMN change_no INTEGER NOT NULL DEFAULT 0")
    con.execute("ALTER TABLE locks ADD COLUMN acquired_at TEXT")
    con.execute("UPDATE locks SET acquired_at = heartbeat")
    con.execute("CREATE INDEX drafts_deleted ON drafts(deleted_at)")
    rows = con.execute("SELECT id, doc FROM drafts").fetchall()
    for draft_id, doc in rows:
        try:
            data = json.loads(doc)
        except ValueError:
            data = {}
        con.execute("UPDATE drafts SET search_key = ? WHERE id = ?",
                    (_v2_search_key(data if isinstance(data, dict) else {}), draft_id))


def _v2_search_key(data: dict[str, Any]) -> str:
    """The accent-free search key as schema 2 defined it, the same words every save writes
    (``store.drafts.summary_columns``). Frozen here on purpose: a migration never calls live
    store code, whose later changes would silently change what an old migration writes
    (tests/test_architecture.py checks it). A change to the key is a new migration."""
    from ..draft import Period
    from ..periods import period_title
    from ..textnorm import fold

    meta = data.get("meta") or {}
    period = data.get("period") or {}
    ptype = str(period.get("type") or "")
    try:
        year: int | None = int(period.get("year", ""))
    except (TypeError, ValueError):
        year = None
    title = ""
    if ptype and year is not None:
        try:
            title = period_title(Period(type=ptype, year=year, start_year=period.get("start_year")))
        except Exception:  # noqa: BLE001 - best-effort: an odd period must not stop the migration
            title = ""
    number = str(meta.get("number") or "")
    searchable = " ".join(str(x) for x in (
        meta.get("summary"), meta.get("issuing_body"), meta.get("issuing_body_short"),
        meta.get("place"), number, f"{number}/{meta.get('code') or ''}" if number else "",
        title, year if year is not None else "",
    ) if x)
    return fold(searchable)


def _v3_list_index(con: sqlite3.Connection) -> None:
    """A covering index for the home list and its search.

    ``doc`` (tens of KB) is the second column of ``drafts``, so reading any summary column
    after it walks the document's overflow pages: listing 10,000 drafts of the size of the
    Phường 1 example took ~290 ms. With every listed column in this index the list never
    touches a document: ~60 ms (bench/bench_store.py, docs/performance.md). The two older
    indexes are covered by it (same leading columns); left in place, the planner walked
    ``drafts_updated`` over every row to list the trash.
    """
    con.execute("DROP INDEX IF EXISTS drafts_updated")
    con.execute("DROP INDEX IF EXISTS drafts_deleted")
    con.execute(
        "CREATE INDEX drafts_list ON drafts(deleted_at, updated_at, id, kind, period_type, year, variant,"
        " issuing_body, summary, number, state, created_at, export_path, exported_at, search_key)"
    )


def _v4_communes(con: sqlite3.Connection) -> None:
    """The province's list of expected communes (consolidation, :mod:`.communes`): one row per
    commune in the user's order; ``key`` is the accent-free match key of the name."""
    con.execute(
        """CREATE TABLE communes (
            position INTEGER PRIMARY KEY,
            name     TEXT NOT NULL,
            key      TEXT NOT NULL
        )"""
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,
    _v2_state_search,
    _v3_list_index,
    _v4_communes,
]
LATEST = len(MIGRATIONS)


def migrate(con: sqlite3.Connection, target: int = LATEST) -> int:
    """Apply the missing steps up to ``target``; safe when two processes start at once."""
    while True:
        con.execute("BEGIN IMMEDIATE")
        try:
            version: int = con.execute("PRAGMA user_version").fetchone()[0]
            if version >= target:
                con.execute("ROLLBACK")
                return version
            MIGRATIONS[version](con)
            con.execute(f"PRAGMA user_version = {version + 1}")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
