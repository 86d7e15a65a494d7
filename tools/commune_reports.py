"""Make a folder of commune reports to try (and test, and measure) the province consolidation.

    python tools/commune_reports.py OUT_DIR [--count 40] [--example examples/phuong-1-6t-2024.json]
                                           [--seed 1] [--formats docx,xlsx,json]

Each report is a real file of the app (a rendered DOCX with its embedded draft, an exported
annex workbook, or a JSON draft) made from one of the two example reports, with its own
commune name, date, number and annex values: every count of the example is scaled by one
factor per commune and rounded down (so "a part never exceeds its whole" still holds),
typed rates and coded answers are drawn at random, a few cells are left blank.
``make_reports`` returns what it wrote, so a test can compute the totals on its own.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import itertools
import math
import random
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc_desktop.draft import Draft
from cchc_desktop.editing import AnnexCell, apply_edits
from cchc_desktop.forms import RowKind, get_variant

FIRST = ("Tân", "Hòa", "Phú", "Bình", "An", "Vĩnh", "Thạnh", "Long", "Hưng", "Quang", "Đức", "Minh", "Thanh",
         "Xuân", "Hải", "Sơn", "Trung", "Đông", "Tây", "Nam", "Bắc", "Cẩm", "Gia", "Kim", "Hồng", "Thái",
         "Phước", "Lộc", "Định", "Yên")
SECOND = ("Lập", "Bình", "Hưng", "Thịnh", "Phú", "Lợi", "An", "Hòa", "Khải", "Tiến", "Thành", "Sơn", "Hải",
          "Lâm", "Mỹ", "Phong", "Thuận", "Quý", "Trạch", "Hiệp", "Xuyên", "Long", "Điền", "Đạt", "Dương",
          "Phúc", "Nghĩa", "Hà", "Vân", "Tân")
EXAMPLES = {"A-2024": "examples/phuong-1-6t-2024.json", "B-2023": "examples/quang-khai-6t-2023.json"}


def commune_names(count: int, seed: int = 1) -> list[tuple[str, str]]:
    """(type, name) pairs, all different: ("xã", "Tân Lập"), ("phường", "Hòa Bình")..."""
    rnd = random.Random(seed)
    out, seen = [], set()
    third = ("Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Mới")
    while len(out) < count:
        name = f"{rnd.choice(FIRST)} {rnd.choice(SECOND)}"
        if len(seen) > 700:
            name += f" {rnd.choice(third)}"
        if len(seen) > 6000:
            name += f" {len(seen)}"
        kind = "phường" if rnd.random() < 0.2 else "xã"
        if name.casefold() not in seen and name.split()[0] != name.split()[1]:
            seen.add(name.casefold())
            out.append((kind, name))
    return out


@dataclass
class Report:
    """One report written, with the values it holds (the truth a test compares against)."""

    path: Path
    commune: str  # "Xã Tân Lập"
    draft: Draft
    values: dict[tuple[int, str], Decimal | str] = field(default_factory=dict)  # (form, code) -> value typed


def base_draft(variant_id: str, root: Path = Path(".")) -> Draft:
    return Draft.from_json((root / EXAMPLES[variant_id]).read_text(encoding="utf-8"))


def _count_text(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _dec_text(d: Decimal) -> str:
    return format(d, "f").replace(".", ",")


def vary(base: Draft, kind: str, name: str, rnd: random.Random, date: _dt.date, number: int,
         blank_share: float = 0.04) -> tuple[Draft, dict[tuple[int, str], Decimal | str]]:
    """A copy of ``base`` for commune ``name`` with varied annex values (see the module docstring)."""
    from cchc_desktop.numbers import parse_value

    d = base.copy()
    d.id = f"{rnd.getrandbits(128):032x}"
    d.meta.issuing_body = f"ỦY BAN NHÂN DÂN {kind.upper()} {name.upper()}"
    d.meta.issuing_body_short = f"UBND {kind} {name}"
    d.meta.place = name
    d.meta.date = date
    d.meta.number = str(number)
    d.updated = _dt.datetime(date.year, date.month, date.day, 9, rnd.randint(0, 59),
                             tzinfo=_dt.timezone.utc).isoformat()
    variant = get_variant(d.variant)
    factor = Decimal(rnd.randint(40, 250)) / 100
    values: dict[tuple[int, str], Decimal | str] = {}
    d.annex = {}
    for form in variant.forms:
        for ind in form.rows:
            old = base.annex_cell(form.number, ind.code).get("value", "")
            if not ind.is_input:
                continue
            if rnd.random() < blank_share:
                continue
            if ind.kind is RowKind.COUNT:
                try:
                    v = parse_value(old, ind.kind) if old else None
                except ValueError:
                    v = None
                base_v = v if v is not None else Decimal(rnd.randint(0, 60))
                n = math.floor(base_v * factor)
                values[(form.number, ind.code)] = Decimal(n)
                apply_edits(d, [(AnnexCell(str(form.number), ind.code, "value"), _count_text(n))])
            elif ind.kind is RowKind.AMOUNT:
                a = Decimal(rnd.randint(0, 50000)) / 1000
                values[(form.number, ind.code)] = a
                apply_edits(d, [(AnnexCell(str(form.number), ind.code, "value"), _dec_text(a))])
            elif ind.kind is RowKind.PERCENT:
                low = -2000 if ind.allow_negative else 0
                p = Decimal(rnd.randint(low, 10000)) / 100
                values[(form.number, ind.code)] = p
                apply_edits(d, [(AnnexCell(str(form.number), ind.code, "value"), _dec_text(p))])
            elif ind.kind is RowKind.CHOICE:
                c = rnd.choice(ind.choices).code
                values[(form.number, ind.code)] = Decimal(c)
                apply_edits(d, [(AnnexCell(str(form.number), ind.code, "value"), str(c))])
    _repair(d, values)
    return d, values


def _repair(d: Draft, values: dict[tuple[int, str], Decimal | str]) -> None:
    """Make the generated counts obey the form's relations (parts within their whole, sums equal),
    so that the only mistakes in a generated report are those a test plants on purpose."""
    variant = get_variant(d.variant)
    rels = [(rel, f.number) for f in variant.forms for rel in f.relations] + \
        [(rel, None) for rel in variant.cross_relations]
    for _ in range(4):
        changed = False
        for rel, own in rels:
            def key(ref: str, own: int | None = own) -> tuple[int, str]:
                return variant.resolve(ref, own)

            def get(ref: str):
                v = values.get(key(ref))
                return v if isinstance(v, Decimal) else None

            def put(ref: str, v: Decimal) -> None:
                nonlocal changed
                k = key(ref)
                row = variant.form(k[0]).row(k[1])
                if not row.is_input or row.kind not in (RowKind.COUNT, RowKind.AMOUNT) or values.get(k) == v:
                    return
                values[k] = v
                text = _count_text(int(v)) if row.kind is RowKind.COUNT else _dec_text(v)
                apply_edits(d, [(AnnexCell(str(k[0]), k[1], "value"), text)])
                changed = True

            parts = [(p, get(p)) for p in rel.parts]
            present = [(p, v) for p, v in parts if v is not None]
            whole = get(rel.whole) if rel.whole else None
            if rel.kind == "chain_le":
                for (p1, v1), (_p2, v2) in itertools.pairwise(present):
                    if v1 > v2:
                        put(p1, v2)
            elif whole is None:
                continue
            elif rel.kind == "part_le_whole":
                for p, v in present:
                    if v > whole:
                        put(p, whole)
            elif (rel.kind == "sum_le_whole" and sum(v for _, v in present) > whole) or \
                    (rel.kind == "equal_sum" and len(present) == len(parts)):
                put(rel.whole, sum(v for _, v in present))
        if not changed:
            return


def write_report(draft: Draft, path: Path) -> Path:
    """The file a commune would send: DOCX (rendered), XLSX (annex workbook) or JSON, by suffix."""
    if path.suffix == ".docx":
        from cchc_desktop.render.docx_render import render_docx_bytes

        path.write_bytes(render_docx_bytes(draft))
    elif path.suffix == ".xlsx":
        from cchc_desktop.xlsx_export import workbook_bytes

        path.write_bytes(workbook_bytes(draft))
    else:
        path.write_text(draft.to_json(), encoding="utf-8")
    return path


def make_reports(out: Path, count: int, variant_id: str = "A-2024", seed: int = 1,
                 formats: tuple[str, ...] = ("docx", "xlsx", "json"), root: Path = Path(".")) -> list[Report]:
    out.mkdir(parents=True, exist_ok=True)
    base = base_draft(variant_id, root)
    rnd = random.Random(seed)
    reports = []
    for i, (kind, name) in enumerate(commune_names(count, seed)):
        date = _dt.date(base.period.year, 6, rnd.randint(10, 25))
        d, values = vary(base, kind, name, rnd, date, rnd.randint(1, 300))
        ext = formats[i % len(formats)]
        from cchc_desktop.vnformat import ascii_slug

        path = write_report(d, out / f"{i + 1:04d}-{ascii_slug(name)}.{ext}")
        reports.append(Report(path, f"{kind[:1].upper()}{kind[1:]} {name}", d, values))
    return reports


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Tạo thư mục báo cáo mẫu của các xã để thử tổng hợp.")
    p.add_argument("out")
    p.add_argument("--count", type=int, default=40)
    p.add_argument("--variant", default="A-2024", choices=sorted(EXAMPLES))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--formats", default="docx,xlsx,json")
    a = p.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    reports = make_reports(Path(a.out), a.count, a.variant, a.seed, tuple(a.formats.split(",")), root)
    print(f"{len(reports)} báo cáo trong {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
