"""Signature and seal PNGs for the tests, drawn with Qt (a blue stroke; a red ring with text), both
with transparent backgrounds as Decree 30 asks. Needs a QGuiApplication (pytest-qt's ``qapp``)."""
from __future__ import annotations

import math
from pathlib import Path


def make_signature_png(path: Path, width: int = 480, height: int = 200) -> Path:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

    img = QImage(width, height, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(20, 40, 170), 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    stroke = QPainterPath(QPointF(30, 140))
    for i in range(1, 60):
        t = i / 59
        stroke.lineTo(QPointF(30 + t * 400, 120 - 70 * math.sin(t * 9) * (1 - t * 0.5) + 20 * t))
    stroke.cubicTo(QPointF(440, 40), QPointF(300, 190), QPointF(460, 170))
    p.drawPath(stroke)
    p.end()
    img.save(str(path), "PNG")
    return path


def make_seal_png(path: Path, size: int = 400, text: str = "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI * TỨ KỲ *") -> Path:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    red = QColor(210, 20, 30, 235)
    p.setPen(QPen(red, 9))
    p.drawEllipse(QRectF(8, 8, size - 16, size - 16))
    p.setPen(QPen(red, 4))
    p.drawEllipse(QRectF(70, 70, size - 140, size - 140))
    font = QFont("Liberation Serif", 24)
    font.setBold(True)
    p.setFont(font)
    c, r = size / 2, size / 2 - 40
    for i, ch in enumerate(text):
        angle = -150 + i * 300 / max(1, len(text) - 1)
        p.save()
        p.translate(QPointF(c + r * math.sin(math.radians(angle)), c - r * math.cos(math.radians(angle))))
        p.rotate(angle)
        p.drawText(QRectF(-14, -16, 28, 32), Qt.AlignmentFlag.AlignCenter, ch)
        p.restore()
    p.drawText(QRectF(0, size / 2 - 30, size, 60), Qt.AlignmentFlag.AlignCenter, "★")
    p.end()
    img.save(str(path), "PNG")
    return path
