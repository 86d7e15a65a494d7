"""Menu entries built one way in every window."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from .crash import guarded


def menu_action(owner, menu, text: str, slot, shortcuts=()) -> QAction:
    """A menu entry of ``owner`` calling ``slot()``, with its shortcuts shown in the menu."""
    action = QAction(text, owner)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.triggered.connect(lambda _=False: guarded(slot, text))
    menu.addAction(action)
    return action
