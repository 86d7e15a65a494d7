"""Child of the export kill test: renders the example to TARGET again and again.

    python stress_child_export.py TARGET

Prints ``ready`` after the first render has been prepared in memory, then for i = 0, 1, ...
sets the summary to ``Lần xuất {i}``, calls ``render_docx(draft, TARGET)`` and prints
``done <i>`` after it returned.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "phuong-1-6t-2024.json"


def summary_for(i: int) -> str:
    return f"Lần xuất {i}"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from cchc_desktop.draft import Draft
    from cchc_desktop.render.docx_render import render_docx, render_docx_bytes

    target = Path(argv[0])
    draft = Draft.from_json(EXAMPLE.read_text(encoding="utf-8"))
    render_docx_bytes(draft)  # warm up (imports, template parsing) before the kills
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    i = 0
    while True:
        draft.meta.summary = summary_for(i)
        render_docx(draft, target)
        sys.stdout.write(f"done {i}\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
