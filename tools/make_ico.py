"""Make a Windows .ico (16 to 256 px, PNG-compressed entries) from a PNG or SVG, using only PySide6.

    python tools/make_ico.py resources/icons/app.png build/app.ico

Called by build.spec at build time, so the repository keeps only the GUI's PNG/SVG icon. Qt renders
every size (smooth scaling; SVG drawn at each size) and this script writes the ICO container itself:
a 6-byte header, one 16-byte entry per image, then the PNG data (Windows Vista and later read PNG
entries). Exit status 0 on success, 1 if the source cannot be read.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def _render(source: Path, size: int):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    if source.suffix.lower() == ".svg":
        from PySide6.QtSvg import QSvgRenderer

        renderer = QSvgRenderer(str(source))
        if not renderer.isValid():
            return None
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
    else:
        original = QImage(str(source))
        if original.isNull():
            return None
        image = original.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)
        if image.width() != size or image.height() != size:  # centre a non-square source
            square = QImage(size, size, QImage.Format.Format_ARGB32)
            square.fill(Qt.GlobalColor.transparent)
            painter = QPainter(square)
            painter.drawImage((size - image.width()) // 2, (size - image.height()) // 2, image)
            painter.end()
            image = square
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def make_ico(source: Path, target: Path) -> bool:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QPainter needs it)
    images = [(size, _render(source, size)) for size in SIZES]
    images = [(s, png) for s, png in images if png]
    if not images:
        return False
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".ico.tmp")
    tmp.write_bytes(header + entries + blobs)
    os.replace(tmp, target)
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    ok = make_ico(Path(argv[0]), Path(argv[1]))
    if not ok:
        print(f"make_ico: cannot read {argv[0]}", file=sys.stderr)
        return 1
    print(f"make_ico: wrote {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
