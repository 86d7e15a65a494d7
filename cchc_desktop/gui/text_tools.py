"""The profile's spelling settings turned into check options, and one spell-check service per
draft window (its worker thread), shared by the section editors of that window."""
from __future__ import annotations

import logging

from ..checks import TextCheckOptions
from ..checks.spelling import SpellOptions, document_style
from .widgets.spell_highlight import SpellService

log = logging.getLogger(__name__)


def text_options(profile) -> TextCheckOptions:
    style = getattr(profile, "tone_style", "") or None
    return TextCheckOptions(tone_style=style, user_words=set(getattr(profile, "spelling_words", []) or []))


def spell_options(profile) -> SpellOptions:
    opts = text_options(profile)
    return SpellOptions(opts.tone_style, opts.user_words)


def service_for(session, profile=None) -> SpellService:
    """The window's :class:`SpellService` (created on first use, parented to the session)."""
    service = getattr(session, "_spell_service", None)
    if service is None:
        profile = profile if profile is not None else getattr(session, "_spell_profile", None)
        options = spell_options(profile)
        texts = [s.text for _, s in session.draft.iter_sections()]
        service = SpellService(options, options.tone_style or document_style(texts), parent=session)
        session._spell_service = service
        session.destroyed.connect(lambda *_: service.stop())
    return service


def remember_profile(session, profile) -> None:
    session._spell_profile = profile


def add_user_word(store, profile, word: str) -> None:
    """«Thêm vào từ điển»: kept in the profile (all drafts, all windows)."""
    word = word.strip().lower()
    if not word or word in profile.spelling_words:
        return
    profile.spelling_words = sorted(set(profile.spelling_words) | {word})
    try:
        fresh = store.load_profile()
        fresh.spelling_words = sorted(set(fresh.spelling_words) | {word})
        store.save_profile(fresh)
    except Exception:
        log.exception("could not save the user's dictionary word")


def attach_outline_editor(outline_editor, session) -> None:
    """Give a step's section editor the draft, the window's spell service and the dictionary
    action; keep its figure chips in step with the tables."""
    tools = outline_editor.pane.text_tools
    profile = getattr(session, "_spell_profile", None)

    def add_word(word: str) -> None:
        if profile is not None:
            add_user_word(session.store, profile, word)

    tools.attach(lambda: session.draft, service_for(session), add_word)
    session.changed.connect(tools.refresh)


def select_span(text_edit, span) -> None:
    """Select the characters ``span`` of the stored text in the editor (a finding's words)."""
    if not span:
        return
    from .widgets.figure_text import stored_text

    doc = text_edit.document()
    stored = stored_text(doc)
    # a chip is one character in the editor but a whole token in the stored text
    from ..figrefs import TOKEN_RE

    def to_doc(pos: int) -> int:
        shift = sum(m.end() - m.start() - 1 for m in TOKEN_RE.finditer(stored[:pos]))
        return max(0, min(pos - shift, doc.characterCount() - 1))

    cursor = text_edit.textCursor()
    cursor.setPosition(to_doc(span[0]))
    cursor.setPosition(to_doc(span[1]), cursor.MoveMode.KeepAnchor)
    text_edit.setTextCursor(cursor)
    text_edit.ensureCursorVisible()
