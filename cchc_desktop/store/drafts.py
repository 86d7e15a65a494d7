"""Drafts in the store: create, load, fine-grained saves, listing, trash, next period.

The ``drafts`` row keeps the whole draft as JSON (``doc``) plus summary columns refreshed on
every save, so listing 10,000 drafts never parses a document. ``change_no`` grows by one on
every write; a per-Store cache of the last parsed draft keyed by it lets ``save_field`` skip
re-parsing when nobody else wrote in between (the common case: one user typing).
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..textnorm import fold
from .connection import Database, now_iso
from .errors import DraftNotFoundError, StoreError

if TYPE_CHECKING:
    from ..draft import Draft
    from .locks import Locks
    from .revisions import Revisions

# ``..draft`` (dataclasses, uuid: ~10-18 ms) and ``.nextperiod`` are imported where a document is
# parsed or built, not at module level: listing drafts for the home window needs neither.

SUMMARY_SQL_COLUMNS = (
    "kind", "period_type", "year", "variant", "issuing_body", "summary", "number", "search_key",
)

# sort name -> ORDER BY expression (whitelist: never interpolate user text)
_PERIOD_RANK = ("CASE period_type WHEN 'q1' THEN 1 WHEN '6m' THEN 2 WHEN 'q3' THEN 3 "
                "WHEN '9m' THEN 4 WHEN 'year' THEN 5 ELSE 6 END")
SORTS = {
    "updated": "updated_at",
    "created": "created_at",
    "deleted": "deleted_at",
    "period": f"year {{dir}}, {_PERIOD_RANK}",
    "year": f"year {{dir}}, {_PERIOD_RANK}",
    "summary": "summary COLLATE NOCASE",
    "number": "CAST(number AS INTEGER) {dir}, number",
    "kind": "kind",
    "state": "state",
}


@dataclass
class DraftSummary:
    """One line of the draft list (from the summary columns, not the JSON document)."""

    id: str
    kind: str
    period_type: str
    year: int | None
    variant: str | None
    issuing_body: str
    summary: str
    number: str
    state: str  # "drafting" | "exported"
    updated_at: str
    deleted_at: str | None
    created_at: str = ""
    export_path: str | None = None
    exported_at: str | None = None


_LIST_COLUMNS = ("id, kind, period_type, year, variant, issuing_body, summary, number, state, "
                 "updated_at, deleted_at, created_at, export_path, exported_at")


def summary_columns(data: dict[str, Any]) -> dict[str, Any]:
    """The summary columns from a draft dict[str, Any] (``Draft.to_dict()`` shape, tolerant of gaps)."""
    meta = data.get("meta") or {}
    period = data.get("period") or {}
    ptype = str(period.get("type") or "")
    try:
        year = int(period.get("year", ""))
    except (TypeError, ValueError):
        year = None
    title = ""
    if ptype and year is not None:
        from ..draft import Period
        from .nextperiod import period_title

        try:
            title = period_title(Period(type=ptype, year=year, start_year=period.get("start_year")))
        except Exception:  # noqa: BLE001 - best-effort: an odd period must not stop a save
            title = ""
    number = str(meta.get("number") or "")
    summary = str(meta.get("summary") or "")
    if "{" in summary:  # the period placeholder shown as the words it prints
        from ..draft import DraftFormatError, Period
        from ..periods import fill_period_phrases

        try:
            words: Period | None = Period.from_dict(period)
        except DraftFormatError:  # an odd period must not stop a save: shown as stored
            words = None
        if words is not None:
            summary = fill_period_phrases(summary, words)
    searchable = " ".join(str(x) for x in (
        summary, meta.get("issuing_body"), meta.get("issuing_body_short"),
        meta.get("place"), number, f"{number}/{meta.get('code') or ''}" if number else "",
        title, year if year is not None else "",
    ) if x)
    return {
        "kind": str(data.get("kind") or "periodic"),
        "period_type": ptype,
        "year": year,
        "variant": data.get("variant") or None,
        "issuing_body": str(meta.get("issuing_body") or ""),
        "summary": summary,
        "number": number,
        "search_key": fold(searchable),
    }


def dump(draft: Draft) -> tuple[str, dict[str, Any]]:
    """Compact JSON for storage, and the dict[str, Any] it came from.

    ``Draft.to_dict`` deep-copies the annex (``copy.deepcopy``), which was ~60 % of a
    ``save_field`` on a 100 KB draft; the JSON encoder only reads it, so the annex is left out
    of ``to_dict`` and put back uncopied. The returned dict[str, Any] therefore shares the annex with
    ``draft``: read it, do not keep it.
    """
    annex = draft.annex
    draft.annex = {}
    try:
        data = draft.to_dict()
    finally:
        draft.annex = annex
    data["annex"] = annex
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")), data


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Drafts:
    """The drafts table: create, load, save, list, trash, next period. It keeps a revision
    through ``revisions`` and checks edit locks through ``locks`` (plain objects of the store)."""

    def __init__(self, db: Database, revisions: Revisions, locks: Locks):
        self.db = db
        self.revisions = revisions
        self.locks = locks
        self._cache: dict[str, tuple[int, Draft]] = {}

    def forget_cached(self) -> None:
        self._cache.clear()

    # ----- create / load ------------------------------------------------------------------
    def create_draft(self, draft: Draft) -> str:
        """Store a new draft (its own ``id``); returns the id. A first revision is taken."""
        doc, data = dump(draft)
        now = now_iso()
        with self.db.write() as con:
            if con.execute("SELECT 1 FROM drafts WHERE id = ?", (draft.id,)).fetchone():
                raise StoreError(f"Đã có dự thảo mang mã «{draft.id}».")
            self._insert(con, draft.id, doc, data, now)
            self.revisions.snapshot_in(con, draft.id, doc, "Tạo mới", now)
        return draft.id

    def _insert(self, con: sqlite3.Connection, draft_id: str, doc: str, data: dict[str, Any], now: str) -> None:
        cols = summary_columns(data)
        con.execute(
            f"INSERT INTO drafts (id, doc, {', '.join(SUMMARY_SQL_COLUMNS)}, created_at, updated_at,"
            f" state, change_no) VALUES (?, ?, {', '.join('?' * len(SUMMARY_SQL_COLUMNS))}, ?, ?,"
            " 'drafting', 1)",
            (draft_id, doc, *[cols[c] for c in SUMMARY_SQL_COLUMNS], now, now),
        )

    def _update_doc(self, con: sqlite3.Connection, draft_id: str, doc: str, data: dict[str, Any], now: str) -> int:
        cols = summary_columns(data)
        row = con.execute(
            f"UPDATE drafts SET doc = ?, {', '.join(c + ' = ?' for c in SUMMARY_SQL_COLUMNS)},"
            " updated_at = ?, change_no = change_no + 1 WHERE id = ? RETURNING change_no",
            (doc, *[cols[c] for c in SUMMARY_SQL_COLUMNS], now, draft_id),
        ).fetchone()
        return int(row[0])

    def load_draft(self, draft_id: str) -> Draft:
        """The draft as stored (also from the trash). ``DraftNotFoundError`` if there is none."""
        with self.db.read() as con:
            row = con.execute("SELECT doc, change_no FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(draft_id)
        from ..draft import Draft

        draft = Draft.from_json(row[0])
        draft.id = draft_id
        return draft

    def load_draft_versioned(self, draft_id: str) -> tuple[Draft, int]:
        """The draft and the ``change_no`` it was read at (for ``write_draft``'s ``base``)."""
        with self.db.read() as con:
            row = con.execute("SELECT doc, change_no FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(draft_id)
        from ..draft import Draft

        draft = Draft.from_json(row[0])
        draft.id = draft_id
        return draft, row[1]

    def exists(self, draft_id: str) -> bool:
        with self.db.read() as con:
            return con.execute("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)).fetchone() is not None

    # ----- saves ----------------------------------------------------------------------------
    def save_field(self, draft_id: str, ref: Any, value: Any, *, wait: float | None = None) -> str:
        """Set one field of a stored draft in one short write transaction: the headless face of
        the editing pipeline (the CLI, scripts, a second process, tests). ``ref`` is a typed
        ``editing.FieldRef`` (or its ``path`` tuple); the value goes through
        ``editing.apply_edits``, the same clean, validation and apply as a ``DraftEditor``'s
        (the GUI's editor saves through ``write_draft``). Nothing else here changes a field.

        The document is read inside ``BEGIN IMMEDIATE``, so two windows or processes typing
        into different fields of the same draft never lose each other's changes. When the
        last revision is older than ``snapshot_minutes``, the state *before* this edit is
        kept as a revision first (the end of the previous editing session). Returns the new
        ``updated_at`` (the stored one when the value changes nothing: nothing is written).
        ``KeyError`` for an unknown field, ``DraftFormatError`` for a bad value; ``wait`` as
        in ``write_draft``.
        """
        from ..editing import apply_edits, ref_from_path

        if isinstance(ref, (tuple, list)):
            ref = ref_from_path(ref)
        now = now_iso()
        with self.db.write(busy_timeout=wait) as con:
            row = con.execute("SELECT change_no, updated_at FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                raise DraftNotFoundError(draft_id)
            change_no = row[0]
            cached = self._cache.pop(draft_id, None)
            doc_before: str | None = None
            if cached is not None and cached[0] == change_no:
                draft = cached[1]
            else:
                doc_before = con.execute("SELECT doc FROM drafts WHERE id = ?", (draft_id,)).fetchone()[0]
                from ..draft import Draft

                draft = Draft.from_json(doc_before)
                draft.id = draft_id
            if not apply_edits(draft, [(ref, value)]):  # raises before anything is written
                self._cache[draft_id] = (change_no, draft)
                return str(row[1])
            if self.revisions.snapshot_due(con, draft_id, now):
                if doc_before is None:
                    doc_before = con.execute("SELECT doc FROM drafts WHERE id = ?", (draft_id,)).fetchone()[0]
                self.revisions.snapshot_in(con, draft_id, doc_before, "Tự động", now)
            draft.updated = now
            doc, data = dump(draft)
            new_no = self._update_doc(con, draft_id, doc, data, now)
        # only after COMMIT: a rolled-back write must not leave a changed draft in the cache
        self._cache[draft_id] = (new_no, draft)
        return now

    def write_draft(self, draft_id: str, draft: Draft, *, base: int | None,
                    edits: list[tuple[Any, Any]], wait: float | None = None) -> tuple[str, int]:
        """Write an editor's draft in one short transaction; returns ``(updated_at, change_no)``.

        ``base`` is the ``change_no`` the editor's draft was read at or last written as. When the
        stored row still has it, ``draft`` is written as it is (one dump, no parsing). When another
        writer got in between, the stored document is read and only ``edits`` (``(ref, value)``
        pairs of the editor's unsaved fields, already cleaned) are applied to it, so neither
        side loses the other's fields. A revision of the state before is kept when one is due.
        ``wait``: seconds to wait for another writer's lock (default: the store's busy timeout);
        ``StoreBusyError`` after it, nothing written.
        """
        from ..editing.apply import apply as apply_edit

        now = now_iso()
        with self.db.write(busy_timeout=wait) as con:
            row = con.execute("SELECT change_no FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                raise DraftNotFoundError(draft_id)
            doc_before: str | None = None
            if self.revisions.snapshot_due(con, draft_id, now):
                doc_before = con.execute("SELECT doc FROM drafts WHERE id = ?", (draft_id,)).fetchone()[0]
                self.revisions.snapshot_in(con, draft_id, doc_before, "Tự động", now)
            target = draft
            if base is None or row[0] != base:
                if doc_before is None:
                    doc_before = con.execute("SELECT doc FROM drafts WHERE id = ?", (draft_id,)).fetchone()[0]
                from ..draft import Draft as _Draft

                target = _Draft.from_json(doc_before)
                target.id = draft_id
                for ref, value in edits:
                    try:
                        apply_edit(target, ref, value)
                    except KeyError:
                        continue  # the place is gone there (a section the other side removed)
            target.updated = now
            doc, data = dump(target)
            new_no = self._update_doc(con, draft_id, doc, data, now)
            self._cache.pop(draft_id, None)
        return now, new_no

    def save_draft(self, draft: Draft, reason: str = "Lưu toàn bộ") -> str:
        """Write the whole draft (structural edits, imports); creates it if new. Takes a revision."""
        doc, data = dump(draft)
        now = now_iso()
        with self.db.write() as con:
            self._cache.pop(draft.id, None)
            exists = con.execute("SELECT doc FROM drafts WHERE id = ?", (draft.id,)).fetchone()
            if exists:
                # the state being replaced is kept first (an import "Thay bản trong máy" replaces
                # everything; identical to the last revision -> no new row)
                self.revisions.snapshot_in(con, draft.id, exists[0], f"Trước khi {reason[:1].lower()}{reason[1:]}",
                                           now)
                self._update_doc(con, draft.id, doc, data, now)
            else:
                self._insert(con, draft.id, doc, data, now)
            self.revisions.snapshot_in(con, draft.id, doc, reason, now)
        return now

    def mark_exported(self, draft_id: str, path: str, what: str = "xuất") -> None:
        """State becomes "exported"; remembers the last export path and time, and keeps what was
        exported as a named revision ("Bản đã xuất 14:05 28/11/2026"; ``what="gửi"`` for a send)."""
        now = now_iso()
        with self.db.write() as con:
            cur = con.execute(
                "UPDATE drafts SET state = 'exported', export_path = ?, exported_at = ? WHERE id = ?",
                (str(path), now, draft_id),
            )
            if cur.rowcount == 0:
                raise DraftNotFoundError(draft_id)
            self.revisions.keep_named(con, draft_id, what, now)

    def mark_drafting(self, draft_id: str) -> None:
        """Back to "drafting" (e.g. the user reopens an exported report to rework it)."""
        with self.db.write() as con:
            if con.execute("UPDATE drafts SET state = 'drafting' WHERE id = ?", (draft_id,)).rowcount == 0:
                raise DraftNotFoundError(draft_id)

    # ----- list -----------------------------------------------------------------------------
    def list_drafts(self, search: str = "", sort: str = "updated", descending: bool = True,
                    include_deleted: bool = False, deleted_only: bool = False) -> list[DraftSummary]:
        """Summaries from the summary columns; ``search`` matches words without accents."""
        where, params = [], []
        if deleted_only:
            where.append("deleted_at IS NOT NULL")
        elif not include_deleted:
            where.append("deleted_at IS NULL")
        for term in fold(search or "").split():
            where.append("search_key LIKE ? ESCAPE '\\'")
            params.append(f"%{_like_escape(term)}%")
        direction = "DESC" if descending else "ASC"
        expr = SORTS.get(sort)
        if expr is None:
            raise ValueError(f"unknown sort {sort!r}; one of {sorted(SORTS)}")
        order = expr.format(dir=direction) + f" {direction}, id"
        sql = f"SELECT {_LIST_COLUMNS} FROM drafts"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order}"
        with self.db.read() as con:
            rows = con.execute(sql, params).fetchall()
        return [DraftSummary(*r) for r in rows]

    def draft_summary(self, draft_id: str) -> DraftSummary:
        with self.db.read() as con:
            row = con.execute(f"SELECT {_LIST_COLUMNS} FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(draft_id)
        return DraftSummary(*row)

    # ----- trash ----------------------------------------------------------------------------
    def delete_draft(self, draft_id: str, owner: str | None = None) -> None:
        """Move to the trash (restorable). Refused with ``DraftLockedError`` while the draft is
        open in a live window other than ``owner``."""
        with self.db.write() as con:
            self.locks.check_not_held_by_other(con, draft_id, owner)
            con.execute("UPDATE drafts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                        (now_iso(), draft_id))

    def restore_draft(self, draft_id: str) -> None:
        """Take a draft out of the trash."""
        with self.db.write() as con:
            if con.execute("UPDATE drafts SET deleted_at = NULL WHERE id = ?", (draft_id,)).rowcount == 0:
                raise DraftNotFoundError(draft_id)

    def purge_draft(self, draft_id: str) -> None:
        """Delete for good, with its revisions and lock."""
        with self.db.write() as con:
            self._cache.pop(draft_id, None)
            con.execute("DELETE FROM revisions WHERE draft_id = ?", (draft_id,))
            con.execute("DELETE FROM locks WHERE draft_id = ?", (draft_id,))
            if con.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount == 0:
                raise DraftNotFoundError(draft_id)

    def empty_trash(self, older_than: str | None = None) -> int:
        """Purge trashed drafts (deleted before the ISO time ``older_than``, or all); returns count."""
        with self.db.write() as con:
            sql, params = "SELECT id FROM drafts WHERE deleted_at IS NOT NULL", []
            if older_than:
                sql += " AND deleted_at < ?"
                params.append(older_than)
            ids = [r[0] for r in con.execute(sql, params).fetchall()]
            for draft_id in ids:
                self._cache.pop(draft_id, None)
                con.execute("DELETE FROM revisions WHERE draft_id = ?", (draft_id,))
                con.execute("DELETE FROM locks WHERE draft_id = ?", (draft_id,))
                con.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        return len(ids)

    # ----- next period ----------------------------------------------------------------------
    def duplicate_as_next_period(self, draft_id: str, clear_values: str = "counts") -> str:
        """A new draft for the period after this one's; returns its id (see ``nextperiod``)."""
        source = self.load_draft(draft_id)
        from .nextperiod import next_period_draft

        new = next_period_draft(source, clear_values)
        doc, data = dump(new)
        now = now_iso()
        with self.db.write() as con:
            self._insert(con, new.id, doc, data, now)
            self.revisions.snapshot_in(con, new.id, doc, "Tạo từ báo cáo kỳ trước", now)
        return new.id

    def restore_revision(self, draft_id: str, revision_id: int) -> None:
        """Go back to a revision; the current state is kept first ("Trước khi khôi phục")."""
        now = now_iso()
        with self.db.write() as con:
            cur = con.execute("SELECT doc FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if cur is None:
                raise DraftNotFoundError(draft_id)
            rev = con.execute("SELECT doc FROM revisions WHERE id = ? AND draft_id = ?",
                              (revision_id, draft_id)).fetchone()
            if rev is None:
                raise DraftNotFoundError(str(revision_id), "phiên bản lưu")
            self.revisions.snapshot_in(con, draft_id, cur[0], "Trước khi khôi phục", now)
            from ..draft import Draft

            draft = Draft.from_json(rev[0])
            draft.id = draft_id
            draft.updated = Draft().updated
            doc, data = dump(draft)
            self._cache.pop(draft_id, None)
            self._update_doc(con, draft_id, doc, data, now)
            self.revisions.snapshot_in(con, draft_id, doc, "Đã khôi phục", now)
