"""Small coloured state marks drawn in code (no image files), one per step state."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

COLOURS = {"empty": "#9e9e9e", "partial": "#1e88e5", "error": "#d32f2f", "done": "#2e7d32"}


_cache: dict[str, QIcon] = {}


def state_icon(state: str) -> QIcon:
    """Cached per state; the cache is dropped when the application quits (a QIcon must not
    outlive the QApplication)."""
    if state not in _cache:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None and not _cache:
            app.aboutToQuit.connect(_cache.clear)
        _cache[state] = _draw(state)
    return _cache[state]


def _draw(state: str) -> QIcon:
    size = 64
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(COLOURS.get(state, "#9e9e9e"))
    if state == "empty":
        p.setPen(QPen(colour, 6))
        p.setBrush(Qt.BrushStyle.NoBrush)
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
    p.drawEllipse(QPointF(size / 2, size / 2), size / 2 - 6, size / 2 - 6)
    pen = QPen(QColor("white"), 7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    if state == "done":
        p.drawPolyline([QPointF(18, 33), QPointF(28, 43), QPointF(46, 22)])
    elif state == "error":
        p.drawLine(QPointF(32, 17), QPointF(32, 36))
        p.drawPoint(QPointF(32, 47))
    elif state == "partial":
        p.drawLine(QPointF(20, 32), QPointF(44, 32))
    p.end()
    return QIcon(pix)
