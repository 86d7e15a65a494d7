"""Structural edits of one outline part (a top-level Section and its descendants), in place.

No Qt here: the outline editor runs these through ``DraftEditor.edit_outline`` (which sends the
structure notice and marks the outline unsaved) and then redraws. Every function returns the
section that should be selected afterwards, or None when nothing changed. With ``apply.py``
this is the only code that changes a draft (``tests/test_architecture.py``).
"""
from __future__ import annotations

from ..draft import Section


def locate(part: Section, section_id: str) -> tuple[Section, int] | None:
    """(parent, index in parent.children) of ``section_id`` inside ``part``; None for the part itself."""

    def walk(node: Section) -> tuple[Section, int] | None:
        for i, child in enumerate(node.children):
            if child.id == section_id:
                return node, i
            found = walk(child)
            if found:
                return found
        return None

    return walk(part)


def find(part: Section, section_id: str) -> Section | None:
    if part.id == section_id:
        return part
    loc = locate(part, section_id)
    return loc[0].children[loc[1]] if loc else None


def add_sibling(part: Section, section_id: str, new: Section) -> Section:
    """Insert ``new`` after ``section_id``; on the part itself it becomes the part's first child."""
    loc = locate(part, section_id)
    if loc is None:
        part.children.insert(0, new)
    else:
        parent, i = loc
        parent.children.insert(i + 1, new)
    return new


def add_child(part: Section, section_id: str, new: Section) -> Section:
    """Append ``new`` as the last child of ``section_id``."""
    node = find(part, section_id) or part
    node.children.append(new)
    return new


def remove(part: Section, section_id: str) -> Section | None:
    """Remove ``section_id`` (not the part); returns the section to select next."""
    loc = locate(part, section_id)
    if loc is None:
        return None
    parent, i = loc
    del parent.children[i]
    if i < len(parent.children):
        return parent.children[i]
    if i > 0:
        return parent.children[i - 1]
    return parent


def move(part: Section, section_id: str, delta: int) -> Section | None:
    """Move among siblings by ``delta`` (-1 up, +1 down)."""
    loc = locate(part, section_id)
    if loc is None:
        return None
    parent, i = loc
    j = i + delta
    if not 0 <= j < len(parent.children):
        return None
    node = parent.children.pop(i)
    parent.children.insert(j, node)
    return node


def indent(part: Section, section_id: str) -> Section | None:
    """Make the section the last child of its previous sibling."""
    loc = locate(part, section_id)
    if loc is None or loc[1] == 0:
        return None
    parent, i = loc
    node = parent.children.pop(i)
    parent.children[i - 1].children.append(node)
    return node


def outdent(part: Section, section_id: str) -> Section | None:
    """Make the section the next sibling of its parent (never a new part of its own)."""
    loc = locate(part, section_id)
    if loc is None or loc[0] is part:
        return None
    parent, i = loc
    grand = locate(part, parent.id)
    assert grand is not None
    grandparent, pi = grand
    node = parent.children.pop(i)
    grandparent.children.insert(pi + 1, node)
    return node


def can_move(part: Section, section_id: str, delta: int) -> bool:
    loc = locate(part, section_id)
    return loc is not None and 0 <= loc[1] + delta < len(loc[0].children)


def can_indent(part: Section, section_id: str) -> bool:
    loc = locate(part, section_id)
    return loc is not None and loc[1] > 0


def can_outdent(part: Section, section_id: str) -> bool:
    loc = locate(part, section_id)
    return loc is not None and loc[0] is not part
