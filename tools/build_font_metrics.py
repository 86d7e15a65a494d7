"""Write ``resources/fonts/times-metrics.json``: advance widths of Times New Roman (measured on
Liberation Serif 2.x, metric-compatible with it) for the letters of Vietnamese, digits and
punctuation, regular, bold and italic (the date line), in 1/1000 em. The header lines are broken with these widths
(``view/header.py``), on any machine, without the font installed.

    python tools/build_font_metrics.py [--fonts /usr/share/fonts/truetype/liberation2]
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from PIL import ImageFont

ROOT = Path(__file__).resolve().parent.parent
BASES = "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"
MARKS = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


def characters() -> list[str]:
    out = set(" 0123456789.,;:-–/()&'\"%+*!?«»")
    for base in BASES + BASES.upper():
        for mark in MARKS:
            ch = unicodedata.normalize("NFC", base + mark)
            if len(ch) == 1:
                out.add(ch)
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fonts", default="/usr/share/fonts/truetype/liberation2")
    args = ap.parse_args(argv)
    data: dict[str, object] = {"font": "Times New Roman (Liberation Serif 2 metrics)", "units_per_em": 1000}
    for style, name in (("regular", "LiberationSerif-Regular.ttf"), ("bold", "LiberationSerif-Bold.ttf"),
                        ("italic", "LiberationSerif-Italic.ttf")):
        font = ImageFont.truetype(str(Path(args.fonts) / name), size=1000)
        data[style] = {ch: round(font.getlength(ch)) for ch in characters()}
    out = ROOT / "resources" / "fonts" / "times-metrics.json"
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
