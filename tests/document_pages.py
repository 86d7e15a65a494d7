"""Reading a converted report as a reader does (pdftotext -layout of LibreOffice's PDF): page tops,
lines, the header. Shared by the four-documents tests of the CLI and the GUI (issue 10)."""
from __future__ import annotations

from cchc_desktop.view import build_view


def tops(pages: list[str]) -> list[str]:
    return [next((x.strip() for x in p.splitlines() if x.strip()), "") for p in pages]


def assert_page_numbers(pages: list[str]) -> None:
    """Page 1 carries the header and no number; pages 2.. carry 2, 3, ... at their top; no annex."""
    t = tops(pages)
    assert len(pages) >= 2, t
    assert not t[0].isdigit() and t[1:] == [str(n) for n in range(2, len(pages) + 1)], t
    assert all("Biểu mẫu" not in p and "PHỤ LỤC" not in p for p in pages)


def lines_of(pages: list[str]) -> list[str]:
    """Every printed line, its inner runs of spaces (columns, justification) made one."""
    return [" ".join(x.split()) for p in pages for x in p.splitlines() if x.strip()]


def assert_header(pages: list[str], draft) -> None:
    """The header's lines as computed (names broken between words, the date line before «ngày»)
    are what page 1 prints."""
    view = build_view(draft)
    text = "\n".join(" ".join(x.split()) for x in pages[0].splitlines()[:12])
    for line in view.parent_agency.split("\n") + view.issuing_body.split("\n") + view.date_line.split("\n"):
        if line.strip():
            assert " ".join(line.split()) in text, (line, text)


def assert_nothing_left_to_fill(lines: list[str]) -> None:
    left = [x for x in lines if "..." in x or "…" in x]
    assert not left, left
