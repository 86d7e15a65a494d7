"""Check the example drafts in ``examples/``: they load, round-trip, and use real form codes.

Run from the repository root:  python tools/check_examples.py
Prints, for each example, the number of sections, the paragraphs per part, the annex values
per form, and every annex code that the matching form file (``resources/forms/<variant>.json``)
does not define. Exit status 1 if an example fails to load or round-trip, or uses unknown codes.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_desktop.draft import Draft  # noqa: E402

EXAMPLES = ("phuong-1-6t-2024.json", "quang-khai-6t-2023.json")
FORMS_DIR = ROOT / "resources" / "forms"

_ROW_LISTS = ("rows", "items", "indicators", "children", "chi_tieu")
_FORM_NUMBER_KEYS = ("number", "form", "no", "id", "key", "so")


def _codes_of_rows(rows) -> dict[str, str]:
    """Every ``code`` in a (possibly nested) list of rows -> its ``kind`` ("" if not given)."""
    out: dict[str, str] = {}
    stack = list(rows) if isinstance(rows, list) else []
    while stack:
        row = stack.pop()
        if not isinstance(row, dict):
            continue
        code = row.get("code", row.get("stt"))
        if isinstance(code, (str, int)) and str(code).strip():
            out[str(code).strip().rstrip(".")] = str(row.get("kind") or "")
        for key in _ROW_LISTS:
            if isinstance(row.get(key), list):
                stack.extend(row[key])
    return out


def _form_number(obj: dict) -> str | None:
    for key in _FORM_NUMBER_KEYS:
        value = obj.get(key)
        if isinstance(value, (int, str)) and str(value).strip() in {str(i) for i in range(1, 8)}:
            return str(value).strip()
    return None


def form_codes(variant: str) -> dict[str, dict[str, str]] | None:
    """Form number -> row code -> row kind, from ``resources/forms/<variant>.json``; None if there is no such file.

    The form file's exact shape belongs to its author; this reader accepts the usual ones:
    a list of forms (each with a number and a list of rows, rows possibly nested), or a mapping
    from form number to a form or to its rows.
    """
    path = FORMS_DIR / f"{variant}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    forms = data.get("forms", data) if isinstance(data, dict) else data
    out: dict[str, dict[str, str]] = {}
    if isinstance(forms, dict):
        for key, form in forms.items():
            if str(key) not in {str(i) for i in range(1, 8)}:
                continue
            rows = form if isinstance(form, list) else next(
                (form[k] for k in _ROW_LISTS if isinstance(form, dict) and isinstance(form.get(k), list)), [])
            out[str(key)] = _codes_of_rows(rows)
    elif isinstance(forms, list):
        for i, form in enumerate(forms, start=1):
            if not isinstance(form, dict):
                continue
            number = _form_number(form) or str(i)
            rows = next((form[k] for k in _ROW_LISTS if isinstance(form.get(k), list)), [])
            out[number] = _codes_of_rows(rows)
    return out


def paragraphs(text: str) -> int:
    return len([p for p in text.split("\n") if p.strip()])


def check(path: Path) -> list[str]:
    """Print a summary of one example; return its problems."""
    problems: list[str] = []
    text = path.read_text(encoding="utf-8")
    draft = Draft.from_json(text)
    d1 = draft.to_dict()
    d2 = Draft.from_dict(d1).to_dict()
    if d1 != d2:
        problems.append("to_dict() does not survive from_dict(to_dict())")
    if json.loads(text) != d1:
        problems.append("the file is not in the model's canonical form (loading it changes something)")

    sections = list(draft.iter_sections())
    print(f"== {path.name}  (variant {draft.variant}, period {draft.period.type} {draft.period.year})")
    print(f"   sections: {len(sections)} ({len(draft.outline)} parts), "
          f"paragraphs: {sum(paragraphs(s.text) for _, s in sections)}")
    for i, part in enumerate(draft.outline, start=1):
        sub = [s for p, s in sections if p[0] == i - 1]
        print(f"   part {i}: {part.title[:60]!r}: {len(sub) - 1} subsections, "
              f"{sum(paragraphs(s.text) for s in sub)} paragraphs")
    counts = {form: len(rows) for form, rows in sorted(draft.annex.items(), key=lambda kv: int(kv[0]))}
    print(f"   annex values: {counts} (total {sum(counts.values())})")
    print(f"   recipients: {len(draft.recipients.items)}, archive {draft.recipients.archive!r}; "
          f"signer: {' / '.join(draft.signer.authority_lines())} / {draft.signer.name}")

    known = form_codes(draft.variant or "")
    if known is None:
        print(f"   form file resources/forms/{draft.variant}.json not found: codes not checked")
    else:
        unknown = [f"{form}:{code}" for form, rows in draft.annex.items() for code in rows
                   if code not in known.get(form, {})]
        on_groups = [f"{form}:{code}" for form, rows in draft.annex.items() for code in rows
                     if known.get(form, {}).get(code) == "group"]
        if unknown:
            problems.append(f"codes not in resources/forms/{draft.variant}.json: {', '.join(unknown)}")
        else:
            print(f"   all annex codes exist in resources/forms/{draft.variant}.json")
        if on_groups:  # a value typed on a heading row: worth knowing, not an error of the example
            print(f"   note: values on rows the form file calls group rows: {', '.join(on_groups)}")
    for p in problems:
        print(f"   PROBLEM: {p}")
    return problems


def main() -> int:
    problems = []
    for name in EXAMPLES:
        problems += check(ROOT / "examples" / name)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
