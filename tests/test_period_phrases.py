"""Period phrases as the user sees them: filled words shown, mapped back to their placeholders
when the user kept them, stored as typed when the user changed them."""
from __future__ import annotations

import random

import pytest

from cchc_desktop.draft import Period
from cchc_desktop.editing.period import shown_phrases, stored_from_shown
from cchc_desktop.periods import fill_period_phrases

SIX = Period(type="6m", year=2025)
TITLE = "Phương hướng, nhiệm vụ {kỳ tới}"


@pytest.mark.parametrize("text", [
    TITLE, "{kỳ báo cáo}", "{kỳ tới}: tiếp tục", "Kết quả {kỳ báo cáo} và {kỳ tới}.\n{kỳ tới} làm gì",
    "Không có cụm nào", "{kỳ lạ}", "a.{kỳ báo cáo}", "{kỳ tới}{kỳ báo cáo}",
])
@pytest.mark.parametrize("period", [SIX, Period(type="year", year=2025), Period(type="5y", year=2025, start_year=2021),
                                    Period.from_dict({"type": "custom", "year": 2024, "start": "2024-01-01",
                                                      "end": "2024-08-15", "title": "đợt kiểm tra đột xuất"})])
def test_shown_is_what_prints_and_spans_are_the_phrases(text, period):
    shown = shown_phrases(text, period)
    assert shown.shown == fill_period_phrases(text, period)
    assert len(shown.spans) == text.count("{kỳ báo cáo}") + text.count("{kỳ tới}")
    assert stored_from_shown(shown.shown, shown) == text  # unchanged: the placeholders back


def test_edits_around_the_phrase_keep_the_placeholder():
    base = shown_phrases(TITLE, SIX)
    assert base.shown == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2025"
    assert base.phrases() == ["6 tháng cuối năm 2025"]
    assert stored_from_shown("Phương hướng, nhiệm vụ trọng tâm 6 tháng cuối năm 2025", base) == \
        "Phương hướng, nhiệm vụ trọng tâm {kỳ tới}"
    assert stored_from_shown("Nhiệm vụ 6 tháng cuối năm 2025.", base) == "Nhiệm vụ {kỳ tới}."
    assert stored_from_shown("X Phương hướng, nhiệm vụ 6 tháng cuối năm 2025 Y", base) == \
        "X Phương hướng, nhiệm vụ {kỳ tới} Y"


@pytest.mark.parametrize("typed", [
    "Phương hướng, nhiệm vụ 6 tháng cuối năm 2026",  # the year changed
    "Phương hướng, nhiệm vụ năm 2026",  # the phrase replaced
    "Phương hướng, nhiệm vụ 6 tháng cuối năm 20255",  # typed onto its end
    "Phương hướng, nhiệm vụ 6 tháng  cuối năm 2025",  # typed inside it
    "Phương hướng, nhiệm vụ",  # cut
])
def test_a_changed_phrase_is_stored_as_typed(typed):
    assert stored_from_shown(typed, shown_phrases(TITLE, SIX)) == typed


def test_words_typed_by_the_user_never_become_a_placeholder():
    base = shown_phrases("Nhiệm vụ", SIX)
    assert stored_from_shown("Nhiệm vụ 6 tháng cuối năm 2025", base) == "Nhiệm vụ 6 tháng cuối năm 2025"
    base = shown_phrases(TITLE, SIX)  # a second copy typed by the user stays words
    assert stored_from_shown(base.shown + "; 6 tháng cuối năm 2025", base) == TITLE + "; 6 tháng cuối năm 2025"


def test_long_text_edited_in_two_far_places():
    rng = random.Random(7)
    words = "công tác cải cách hành chính năm 2025 tháng cuối đầu xã phường thực hiện kế hoạch".split()
    paragraphs = [" ".join(rng.choice(words) for _ in range(60)) for _ in range(60)]
    paragraphs[30] += " nhiệm vụ {kỳ tới}."
    paragraphs[45] = "{kỳ báo cáo}, " + paragraphs[45]
    text = "\n".join(paragraphs)
    base = shown_phrases(text, SIX)
    lines = base.shown.split("\n")
    lines[0] = "Mở đầu " + lines[0]
    lines[59] += " kết."
    lines[30] = lines[30].replace("nhiệm vụ 6", "các nhiệm vụ 6")
    stored = stored_from_shown("\n".join(lines), base)
    assert stored.count("{kỳ tới}") == 1 and stored.count("{kỳ báo cáo}") == 1
    assert "các nhiệm vụ {kỳ tới}." in stored and stored.startswith("Mở đầu ")
    assert fill_period_phrases(stored, SIX) == "\n".join(lines)


def test_positions_of_the_stored_text_in_the_shown_text():
    from cchc_desktop.editing.period import shown_position

    text = "Kết quả {kỳ báo cáo}: tốt; nhiệm vụ {kỳ tới} là cải cách"
    base = shown_phrases(text, SIX)
    for word in ("Kết quả", ": tốt", "nhiệm vụ", " là cải cách"):
        at = text.index(word)
        assert base.shown[shown_position(base, at):].startswith(word)
    assert shown_position(base, text.index("{kỳ tới}") + 3) == base.shown.index("6 tháng cuối")


def test_one_long_paragraph_edited_at_both_ends_keeps_the_phrase_between():
    from pathlib import Path

    from cchc_desktop.draft import Draft

    example = Path(__file__).resolve().parent.parent / "examples" / "quang-khai-6t-2023.json"
    d = Draft.from_json(example.read_text(encoding="utf-8"))
    prose = " ".join(s.text.replace("\n", " ") for _, s in d.iter_sections())[:16000]
    text = prose[:8000] + " nhiệm vụ {kỳ tới}, " + prose[8000:]
    base = shown_phrases(text, SIX)
    edited = "Mở đầu. " + base.shown[:-20] + " (sửa)" + base.shown[-20:]
    stored = stored_from_shown(edited, base)
    assert stored.count("{kỳ tới}") == 1 and stored.startswith("Mở đầu. ")
    assert fill_period_phrases(stored, SIX) == edited


def test_find_and_replace_see_the_words_shown():
    """Find looks through the words the editors show; a replacement inside a phrase stores the
    user's words there, the phrases it leaves alone stay placeholders."""
    from cchc_desktop.editing import DraftEditor
    from cchc_desktop.editing.find import find_all, replace_all
    from cchc_desktop.outlines import new_draft

    d = new_draft("periodic", SIX, "none")
    part = next(s for s in d.outline if "{kỳ tới}" in s.title)
    part.text = "Nhiệm vụ {kỳ tới}: tổng rà soát {kỳ báo cáo}."
    editor = DraftEditor(d)
    found = [m for m in find_all(editor.draft, "cuối năm 2025") if getattr(m.ref, "section_id", None) == part.id]
    assert [m.ref.part for m in found] == ["title", "text"]
    title, text = found
    assert "Phương hướng, nhiệm vụ 6 tháng cuối năm 2025"[title.start:title.end] == "cuối năm 2025"
    assert text.ref.span == (len("Nhiệm vụ "), len("Nhiệm vụ {kỳ tới}"))  # the stored placeholder it is in
    count, _ = replace_all(editor, "tổng rà soát", "kiểm tra")
    assert count == 1
    assert next(s for s in editor.draft.outline if s.id == part.id).text == "Nhiệm vụ {kỳ tới}: kiểm tra {kỳ báo cáo}."
    replace_all(editor, "cuối năm 2025", "cuối năm 2026", only=title)
    after = next(s for s in editor.draft.outline if s.id == part.id)
    assert after.title == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2026"  # the user's words now
    assert after.text == "Nhiệm vụ {kỳ tới}: kiểm tra {kỳ báo cáo}."


# ----- a phrase is followed by its place, never found by its words (attack 2026-11 findings) ------
YEAR = Period(type="year", year=2025)


def typed_one_by_one(tracker, text: str, at: int) -> None:
    """Type ``text`` into the tracked field at ``at``, one character per edit, as an editor does."""
    for i, ch in enumerate(text):
        shown = tracker.state.shown
        tracker.update(shown[:at + i] + ch + shown[at + i:])


def test_a_phrase_deleted_then_its_words_typed_elsewhere_stays_words():
    from cchc_desktop.editing.period import PhraseTracker

    base = shown_phrases("Kết quả {kỳ báo cáo}: tốt.", YEAR)
    edited = "Kết quả: tốt. Kế hoạch CCHC năm 2025 của tỉnh đã xong."
    assert stored_from_shown(edited, base) == edited  # in one go
    tracker = PhraseTracker("Kết quả {kỳ báo cáo}: tốt.", YEAR)
    tracker.update("Kết quả: tốt.")  # the phrase deleted
    typed_one_by_one(tracker, " năm 2025", len("Kết quả: tốt."))
    assert tracker.state.stored == "Kết quả: tốt. năm 2025" and not tracker.state.spans


def test_period_words_typed_before_a_phrase_rewrite_it():
    from cchc_desktop.editing.period import PhraseTracker

    base = shown_phrases("Trong {kỳ báo cáo}, xã đạt 95%.", YEAR)
    edited = "Trong 6 tháng đầu năm 2025, xã đạt 95%."
    assert stored_from_shown(edited, base) == edited
    for at in (len("Trong "), len("Trong")):  # after the space, or before it
        tracker = PhraseTracker("Trong {kỳ báo cáo}, xã đạt 95%.", YEAR)
        typed_one_by_one(tracker, "6 tháng đầu " if at == len("Trong ") else " 6 tháng đầu", at)
        assert tracker.state.stored == edited
    # other words typed before the phrase leave it a phrase
    tracker = PhraseTracker("Trong {kỳ báo cáo}, xã đạt 95%.", YEAR)
    typed_one_by_one(tracker, " cả", len("Trong"))
    assert tracker.state.stored == "Trong cả {kỳ báo cáo}, xã đạt 95%."


@pytest.mark.parametrize("stored", ["Báo cáo {kỳ báo cáo}{kỳ tới}", "Báo cáo {kỳ báo cáo}/{kỳ tới}", "x{kỳ báo cáo}y"])
def test_glued_placeholders_survive_edits_elsewhere(stored):
    from cchc_desktop.editing.period import PhraseTracker

    base = shown_phrases(stored, SIX)
    assert stored_from_shown(base.shown + ".", base) == stored + "."
    assert stored_from_shown("Về " + base.shown + " nhé.", base) == "Về " + stored + " nhé."
    tracker = PhraseTracker(stored, SIX)
    typed_one_by_one(tracker, " (bổ sung)", len(base.shown))
    assert tracker.state.stored == stored + " (bổ sung)"


def test_a_letter_typed_onto_a_phrase_or_glued_by_a_deletion_makes_it_words():
    base = shown_phrases("Trong {kỳ báo cáo} x", YEAR)
    assert stored_from_shown("Trong năm 2025x", base) == "Trong năm 2025x"  # the space deleted
    assert stored_from_shown("Trong Bnăm 2025 x", base) == "Trong Bnăm 2025 x"
    assert stored_from_shown("Trong năm 2025, x", base) == "Trong {kỳ báo cáo}, x"


def test_deleting_the_same_words_typed_before_a_phrase_keeps_the_phrase():
    """"năm 2025 X năm 2025 Y" with the second a phrase: deleting the first words can be read
    either way; the reading that leaves the phrase whole is taken."""
    base = shown_phrases("A năm 2025 {kỳ báo cáo} B", YEAR)
    assert stored_from_shown("A năm 2025 B", base) == "A {kỳ báo cáo} B"


def test_undo_and_redo_bring_back_the_phrases_of_that_state():
    from cchc_desktop.editing.period import PhraseTracker

    tracker = PhraseTracker("Nhiệm vụ {kỳ tới}.", SIX)
    shown = tracker.state.shown
    tracker.update("Nhiệm vụ .")  # the phrase cut
    assert tracker.state.stored == "Nhiệm vụ ."
    tracker.update(shown)  # undo
    assert tracker.state.stored == "Nhiệm vụ {kỳ tới}."
    tracker.update("Nhiệm vụ .")  # redo
    tracker.update("Nhiệm vụ . 6 tháng cuối năm 2025")  # typed by hand elsewhere: words
    assert tracker.state.stored == "Nhiệm vụ . 6 tháng cuối năm 2025"


def test_a_kept_phrase_shows_the_capital_it_prints_with():
    from cchc_desktop.editing.period import PhraseTracker

    tracker = PhraseTracker("Kết quả {kỳ báo cáo} tốt", YEAR)
    assert tracker.state.shown == "Kết quả năm 2025 tốt"
    state = tracker.update("Kết quả. năm 2025 tốt")  # a full stop typed before it
    assert state.shown == "Kết quả. Năm 2025 tốt" and state.stored == "Kết quả. {kỳ báo cáo} tốt"
    assert fill_period_phrases(state.stored, YEAR) == state.shown  # shown as it prints
    state = tracker.update("Kết quả Năm 2025 tốt")  # the full stop deleted
    assert state.shown == "Kết quả năm 2025 tốt" and fill_period_phrases(state.stored, YEAR) == state.shown
    tracker = PhraseTracker("{kỳ báo cáo} tốt", YEAR)
    state = tracker.update("Trong Năm 2025 tốt")
    assert state.shown == "Trong năm 2025 tốt" and state.stored == "Trong {kỳ báo cáo} tốt"


def test_twenty_thousand_repeated_lines_are_bounded_work():
    """The texts of repro_12: a placeholder, 20,000 identical lines, a placeholder; edited at both
    ends at once (one diff) and key by key (the tracker). The old line diff took ~38 s here; the
    alarm fails the test long before a quadratic run would end."""
    import signal

    from cchc_desktop.editing import phrase_track
    from cchc_desktop.editing.period import PhraseTracker

    def too_slow(*_a):
        raise TimeoutError("quadratic")

    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(60)
    try:
        stored = "{kỳ báo cáo}\n" + "-\n" * 20_000 + "Hết {kỳ báo cáo}."
        base = shown_phrases(stored, YEAR)
        half = len(base.shown) // 2
        edited = "Trong " + base.shown[:half] + "-\n" + base.shown[half:] + " Xong."
        assert stored_from_shown(edited, base) == "Trong " + stored[:len(stored) // 2 + 1] + "-\n" + \
            stored[len(stored) // 2 + 1:] + " Xong." or stored_from_shown(edited, base).count("{kỳ báo cáo}") == 2
        tracker = PhraseTracker(stored, YEAR)
        typed_one_by_one(tracker, "Trong ", 0)
        typed_one_by_one(tracker, " Xong.", len(tracker.state.shown))
        assert tracker.state.stored == "Trong " + stored + " Xong."
        # a diff that would take more than its budget gives up: the phrases in the changed middle
        # become words (never a typed word a phrase)
        steps = []
        real = phrase_track.myers
        phrase_track.myers = lambda a, b, budget: steps.append(budget) or real(a, b, budget)
        try:
            rng = random.Random(3)
            noise = " ".join(str(rng.randrange(10**6)) for _ in range(30_000))
            base = shown_phrases("A " + noise + " {kỳ báo cáo} " + noise + " B", YEAR)
            scrambled = "C " + " ".join(reversed(base.shown.split()))[2:] + " D"
            out = stored_from_shown(scrambled, base)
            assert "{kỳ báo cáo}" not in out and steps == [phrase_track._DIFF_BUDGET]
        finally:
            phrase_track.myers = real
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
