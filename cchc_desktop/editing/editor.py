"""``DraftEditor``: the only thing that changes an open draft.

The contract, in the order things happen (modelled on Anki's ``CollectionOp``):

1. A widget calls ``editor.set(ref, value, initiator=self)`` (or ``set_many``) with a typed
   reference (``editing.refs``) and the text as typed.
2. ``apply.apply_edits`` cleans the value once (and validates it). If it equals what the draft holds,
   nothing happens: no notice, nothing to save.
3. Otherwise it is applied once to the editor's draft — the only copy of the draft in the
   process; widgets read it through ``editor.draft`` / ``editor.get`` and keep none of their own.
4. The storable field is marked unsaved; ``save()`` writes every unsaved field in one store
   transaction (``Store.write_draft``). The GUI calls ``save()`` at most ``MAX_WAIT`` after
   the first unsaved edit, however fast the user types; a failed save keeps the fields unsaved
   (``has_pending()``) and raises, so nothing is ever silently dropped.
5. Every subscriber gets ``(change, initiator)``: ``change.fields`` lists the storable fields
   that changed. A subscriber refreshes only what the change touched, and a widget that is the
   ``initiator`` does not refresh itself (it already shows what the user typed).

The notice follows the apply, not the disk write, so the rest of the window (rates, findings,
the step list) follows each keystroke; savers subscribe to ``on_saved`` instead.
Qt-free: the GUI wraps it in ``gui.session.DraftSession`` (timers, signals, the edit lock).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import apply as _apply
from .refs import AnnexCell, FieldRef, OutlineField, SectionField

if TYPE_CHECKING:
    from ..draft import Draft

Subscriber = Callable[["Change", object], None]
SavedListener = Callable[[str], None]


@dataclass(frozen=True)
class Change:
    """What one edit changed. ``fields``: storable references; ``structure``: the outline's
    sections were added, moved or removed; ``everything``: the whole draft was replaced
    (restore, import, reload)."""

    fields: frozenset[FieldRef] = field(default_factory=frozenset)
    structure: bool = False
    everything: bool = False

    def touches(self, ref: FieldRef) -> bool:
        if self.everything:
            return True
        if self.structure and isinstance(ref, (SectionField, OutlineField)):
            return True
        return ref.field in self.fields

    def annex_forms(self) -> set[str]:
        """Numbers ("3") of the annex forms with a changed cell (all of them after ``everything``)."""
        return {r.form for r in self.fields if isinstance(r, AnnexCell)}

    def sections(self) -> set[str]:
        return {r.section_id for r in self.fields if isinstance(r, SectionField)}

    def any_of(self, *kinds: type) -> bool:
        return self.everything or any(isinstance(r, kinds) for r in self.fields)

    def merge(self, other: Change) -> Change:
        """One change saying what both said (notices coalesced within one event-loop turn)."""
        return Change(self.fields | other.fields, self.structure or other.structure,
                      self.everything or other.everything)


class DraftEditor:
    """One open draft, its unsaved fields, and who to tell about changes. See the module doc."""

    def __init__(self, draft: Draft, *, store: Any = None, draft_id: str | None = None,
                 change_no: int | None = None, read_only: bool = False,
                 clock: Callable[[], float] = time.monotonic):
        self._draft = draft
        self.store = store
        self.draft_id = draft_id or draft.id
        self.read_only = read_only
        self._clock = clock
        self._base = change_no  # the store's change_no our draft was read at (or last written)
        self._pending: dict[FieldRef, Any] = {}
        self._first_unsaved: float | None = None
        self._subscribers: list[Subscriber] = []
        self._saved_listeners: list[SavedListener] = []
        self.last_saved: str = ""
        self.saves = 0  # store writes made (figures for the hop count and the benches)

    @classmethod
    def open(cls, store: Any, draft_id: str, *, read_only: bool = False, **kw: Any) -> DraftEditor:
        draft, change_no = store.load_draft_versioned(draft_id)
        editor = cls(draft, store=store, draft_id=draft_id, change_no=change_no, read_only=read_only, **kw)
        try:
            editor.last_saved = store.draft_summary(draft_id).updated_at or ""
        except Exception:  # noqa: BLE001 - best-effort: only the title shows it
            editor.last_saved = ""
        return editor

    # ----- reading ------------------------------------------------------------------------------
    @property
    def draft(self) -> Draft:
        """The draft, to read. Change it only through ``set``/``set_many``/``structure_changed``."""
        return self._draft

    def get(self, ref: FieldRef) -> Any:
        return _apply.current(self._draft, ref)

    # ----- notices ------------------------------------------------------------------------------
    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(change, initiator)`` after every change; returns the unsubscriber."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def on_saved(self, callback: SavedListener) -> None:
        """Call ``callback(updated_at)`` after every successful store write."""
        self._saved_listeners.append(callback)

    def _notify(self, change: Change, initiator: object) -> None:
        for callback in list(self._subscribers):
            callback(change, initiator)

    # ----- edits --------------------------------------------------------------------------------
    def set(self, ref: FieldRef, value: Any, *, initiator: object = None) -> Change | None:
        """Clean, apply, mark unsaved, notify. None when nothing changed (or read-only)."""
        return self.set_many([(ref, value)], initiator=initiator)

    def set_many(self, items: Iterable[tuple[FieldRef, Any]], *, initiator: object = None) -> Change | None:
        """Several fields as one change (a pasted block of cells, an accepted import)."""
        if self.read_only:
            return None
        changed = _apply.apply_edits(self._draft, items)  # cleaned once, validated, applied once
        for storable in changed:
            self._mark(storable, _apply.current(self._draft, storable))
        if not changed:
            return None
        change = Change(frozenset(changed))
        self._notify(change, initiator)
        return change

    def set_period(self, value: dict[str, Any], *, initiator: object = None) -> Change | None:
        """The report's period, and the header words that named the old one, as one change."""
        from .period import period_edits

        return self.set_many(period_edits(self._draft, value), initiator=initiator)

    def edit_outline(self, operation: Callable[..., Any], *args: Any, initiator: object = None) -> Any:
        """Run a structural operation on the draft's outline (``operation(*args)``: add, remove,
        move, indent a section; it returns None when nothing changed) and send a structure notice."""
        if self.read_only:
            return None
        result = operation(*args)
        if result is not None:
            self.structure_changed(initiator=initiator)
        return result

    def structure_changed(self, *, initiator: object = None) -> Change | None:
        """The outline's sections were added, moved or removed (``edit_outline`` says so itself)."""
        if self.read_only:
            return None
        self._mark(OutlineField(), None)  # serialised from the live outline when saved
        change = Change(frozenset({OutlineField()}), structure=True)
        self._notify(change, initiator)
        return change

    def replace(self, draft: Draft, *, change_no: int | None = None, initiator: object = None) -> Change:
        """A whole new draft (reload after restoring a revision): everything refreshes."""
        self._draft = draft
        self._base = change_no
        self._pending.clear()
        self._first_unsaved = None
        change = Change(everything=True)
        self._notify(change, initiator)
        return change

    def reload(self, *, initiator: object = None) -> Change:
        """Save what is unsaved, then read the draft again from the store."""
        self.save()
        draft, change_no = self.store.load_draft_versioned(self.draft_id)
        return self.replace(draft, change_no=change_no, initiator=initiator)

    def _mark(self, ref: FieldRef, value: Any) -> None:
        self._pending[ref] = value
        if self._first_unsaved is None:
            self._first_unsaved = self._clock()

    # ----- saving -------------------------------------------------------------------------------
    def has_pending(self) -> bool:
        return bool(self._pending)

    def pending_fields(self) -> list[FieldRef]:
        return list(self._pending)

    def unsaved_for(self) -> float:
        """Seconds since the first unsaved edit (0 when all is saved)."""
        return 0.0 if self._first_unsaved is None else self._clock() - self._first_unsaved

    def save(self, *, wait: float | None = None) -> str | None:
        """Write every unsaved field in one store transaction; returns the new ``updated_at``
        (None when there was nothing to write). Raises the store's error and keeps the fields
        unsaved when the write fails. ``wait``: seconds to wait for another writer's lock before
        ``StoreBusyError`` (default: the store's busy timeout)."""
        if not self._pending or self.store is None:
            return None
        edits = []
        for ref, value in self._pending.items():
            if isinstance(ref, OutlineField):
                value = [s.to_dict() for s in self._draft.outline]
            edits.append((ref, value))
        updated_at: str
        extra = {} if wait is None else {"wait": wait}
        updated_at, change_no = self.store.write_draft(self.draft_id, self._draft, base=self._base, edits=edits,
                                                       **extra)
        self._base = change_no
        self._pending.clear()
        self._first_unsaved = None
        self.last_saved = updated_at
        self.saves += 1
        for callback in list(self._saved_listeners):
            callback(updated_at)
        return updated_at

    def to_json(self) -> str:
        """The draft as a draft file (to keep it elsewhere when the store cannot be written)."""
        return self._draft.to_json()
