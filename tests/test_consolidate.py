"""Province consolidation: 40 commune reports made from each example, consolidated, and every
total, recomputed rate, tally, list and flag checked against values computed here on their own
(from what the generator wrote, with this file's own arithmetic)."""
from __future__ import annotations

import datetime as _dt
import io
import os
import random
import statistics
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cchc_desktop.consolidate import province_draft, read_roster
from cchc_desktop.consolidate.usecase import run
from cchc_desktop.consolidate.workbook import CHECK_SHEET, STATUS_SHEET, write_workbook
from cchc_desktop.draft import Draft, Period
from cchc_desktop.editing import AnnexCell, apply_edits
from cchc_desktop.forms import RowKind, get_variant
from tools.commune_reports import base_draft, commune_names, vary, write_report

ROOT = Path(__file__).resolve().parent.parent
OTHER = {"A-2024": "B-2023", "B-2023": "A-2024"}
DEADLINE = _dt.date(2024, 6, 20)


def q2(d: Decimal) -> Decimal:
    return d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def first_relation(variant, kind):
    for form in variant.forms:
        for rel in form.relations:
            if rel.kind == kind and all(":" not in r for r in rel.refs()):
                rows = [form.row(r) for r in rel.refs()]
                if all(r.kind is RowKind.COUNT for r in rows):
                    return form.number, rel
    raise AssertionError("no relation")


def first_row(variant, kind, skip=()):
    for form in variant.forms:
        for ind in form.rows:
            if ind.kind is kind and (form.number, ind.code) not in skip:
                return form.number, ind
    raise AssertionError("no row")


def build_folder(folder: Path, variant_id: str):
    """35 communes (4 with planted mistakes), a newer second copy of one, a report of another
    period, a damaged DOCX, a report in the other variant, a JSON that is not ours: 40 files."""
    variant = get_variant(variant_id)
    base = base_draft(variant_id, ROOT)
    year = base.period.year
    rnd = random.Random(11)
    names = commune_names(36, seed=5)
    truth: dict[str, dict] = {}  # commune -> values of the counted report
    dates: dict[str, _dt.date] = {}
    planted: dict[str, tuple[int, str]] = {}
    pf, prel = first_relation(variant, "part_le_whole")
    bad_form, bad_row = first_row(variant, RowKind.COUNT, skip={(pf, c) for c in prel.refs()})
    choice_form, choice_row = first_row(variant, RowKind.CHOICE)
    paths: dict[str, Path] = {}
    for i, (kind, name) in enumerate(names[:35]):
        label = f"{kind.capitalize()} {name}"
        date = _dt.date(year, 6, 10 + i % 15)
        d, values = vary(base, kind, name, rnd, date, 100 + i)
        if i == 2:  # a part larger than its whole
            whole = values.get((pf, prel.whole), Decimal(0))
            part = prel.parts[0]
            values[(pf, part)] = whole + 5
            apply_edits(d, [(AnnexCell(pf, part, "value"), str(whole + 5))])
            planted[label] = (pf, part)
        if i == 4:  # a count and a rate typed into one cell: not a number, left out of the total
            values[(bad_form, bad_row.code)] = "17/100%"
            apply_edits(d, [(AnnexCell(bad_form, bad_row.code, "value"), "17/100%")])
            planted[label] = (bad_form, bad_row.code)
        if i == 6:  # a code that is not in the legend
            values[(choice_form, choice_row.code)] = Decimal(9)
            apply_edits(d, [(AnnexCell(choice_form, choice_row.code, "value"), "9")])
            planted[label] = (choice_form, choice_row.code)
        if i == 8:  # far beyond the others
            values[(bad_form, bad_row.code)] = Decimal(100000)
            apply_edits(d, [(AnnexCell(bad_form, bad_row.code, "value"), "100.000")])
        ext = ("docx", "xlsx", "json")[i % 3]
        paths[label] = write_report(d, folder / f"{i:02d}-{name.replace(' ', '-')}.{ext}")
        truth[label], dates[label] = values, date
    # the first commune sends a corrected copy later: that one counts
    first = f"{names[0][0].capitalize()} {names[0][1]}"
    d, values = vary(base, names[0][0], names[0][1], rnd, _dt.date(year, 6, 28), 999)
    (folder / "lan-2").mkdir()
    newer = write_report(d, folder / "lan-2" / "bao-cao-sua.docx")
    older_values = truth[first]
    truth[first], dates[first] = values, _dt.date(year, 6, 28)
    # another period, damaged, another variant, not ours
    kind, name = names[35]
    d, _ = vary(base, kind, name, rnd, _dt.date(year - 1, 6, 12), 7)
    d.period = Period(type=base.period.type, year=year - 1)
    write_report(d, folder / "ky-truoc.json")
    whole_docx = (folder / "00-{}.docx".format(names[0][1].replace(" ", "-"))).read_bytes()
    (folder / "hong.docx").write_bytes(whole_docx[: len(whole_docx) // 2])
    other = base_draft(OTHER[variant_id], ROOT)
    d, _ = vary(other, "xã", "Mẫu Khác", rnd, _dt.date(year, 6, 12), 8)
    d.period = base.period
    write_report(d, folder / "mau-khac.xlsx")
    (folder / "khong-phai.json").write_text('{"hello": 1}', encoding="utf-8")
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(files) == 40
    return {"variant": variant, "truth": truth, "dates": dates, "planted": planted, "newer": newer,
            "paths": paths, "first": first, "older_values": older_values,
            "choice": (choice_form, choice_row.code), "big": (bad_form, bad_row.code)}


def expected_tables(variant, truth: dict[str, dict]):
    """Totals, rates, tallies, stats and per-commune rates from the raw values, computed here."""
    out = {}
    for form in variant.forms:
        for ind in form.rows:
            k = (form.number, ind.code)
            nums = [v.get(k) for v in truth.values()]
            good = [x for x in nums if isinstance(x, Decimal)]
            if ind.kind in (RowKind.COUNT, RowKind.AMOUNT):
                out[k] = sum(good) if good else None
            elif ind.kind is RowKind.CHOICE:
                out[k] = Counter(int(x) for x in good)
            elif ind.kind is RowKind.PERCENT:
                out[k] = (min(good), statistics.median(good), max(good)) if good else None
    for form in variant.forms:
        for ind in form.rows:
            if ind.kind is RowKind.RATE:
                num, den = out[(form.number, ind.numerator)], out[(form.number, ind.denominator)]
                if den == 0:
                    out[(form.number, ind.code)] = "-"
                elif den is None or num is None:
                    out[(form.number, ind.code)] = None
                else:
                    out[(form.number, ind.code)] = q2(num / den * 100)
    return out


def commune_rate(values: dict, form: int, ind):
    num, den = values.get((form, ind.numerator)), values.get((form, ind.denominator))
    if not isinstance(den, Decimal) or not isinstance(num, Decimal) or den == 0:
        return None
    return q2(num / den * 100)


def inc_quartile(xs: list[Decimal], p: Decimal) -> Decimal:
    s = sorted(xs)
    h = (len(s) - 1) * p
    lo = int(h)
    return s[lo] if lo + 1 >= len(s) else s[lo] + (s[lo + 1] - s[lo]) * (h - lo)


def expected_outliers(variant, truth: dict[str, dict]) -> set[tuple[str, int, str]]:
    out = set()
    for form in variant.forms:
        for ind in form.rows:
            if ind.kind not in (RowKind.COUNT, RowKind.AMOUNT, RowKind.PERCENT, RowKind.RATE):
                continue
            vals = {}
            for commune, values in truth.items():
                if ind.kind is RowKind.RATE:
                    v = commune_rate(values, form.number, ind)
                else:
                    v = values.get((form.number, ind.code))
                if isinstance(v, Decimal):
                    vals[commune] = v
            if len(vals) < 5:
                continue
            xs = list(vals.values())
            q1, q3 = inc_quartile(xs, Decimal("0.25")), inc_quartile(xs, Decimal("0.75"))
            if q3 > q1:
                lo, hi = q1 - Decimal("1.5") * (q3 - q1), q3 + Decimal("1.5") * (q3 - q1)
            else:
                w = max(abs(q1), Decimal(1)) * 10
                lo, hi = q1 - w, q3 + w
            out |= {(c, form.number, ind.code) for c, v in vals.items() if v < lo or v > hi}
    return out


@pytest.mark.parametrize("variant_id", ["A-2024", "B-2023"])
def test_forty_commune_reports(tmp_path, variant_id):
    folder = tmp_path / "nhan"
    folder.mkdir()
    made = build_folder(folder, variant_id)
    variant, truth = made["variant"], made["truth"]
    roster_file = tmp_path / "ds.csv"
    listed = list(truth) + ["Xã Vắng Một", "Phường Vắng Hai"]
    roster_file.write_text("STT;Tên xã, phường\n" + "".join(f"{i};{n.upper()}\n" for i, n in enumerate(listed, 1)),
                           encoding="utf-8")
    before = snapshot(folder)

    names = read_roster(roster_file)
    assert len(names) == 37
    deadline = DEADLINE.replace(year=base_draft(variant_id, ROOT).period.year)
    result = run([folder], names=names, deadline=deadline)
    c, cons = result.collection, result.consolidation

    # --- lists: skipped with reasons, duplicates, who sent / late / missing
    reasons = {s.name: s.reason for s in c.skipped}
    assert set(reasons) == {"ky-truoc.json", "hong.docx", "mau-khac.xlsx", "khong-phai.json"}
    assert "kỳ khác" in reasons["ky-truoc.json"]
    assert "hỏng" in reasons["hong.docx"]
    assert "mẫu biểu khác" in reasons["mau-khac.xlsx"]
    assert "không phải tệp dự thảo" in reasons["khong-phai.json"]
    assert {s.commune for s in cons.communes} == set(truth)
    dups = c.duplicates()
    assert len(dups) == 1
    (items,) = dups.values()
    assert {Path(s.path) for s in items} == {made["newer"], made["paths"][made["first"]]}
    assert any(s.path == str(made["newer"]) for s in c.counted())
    states = {s.name: s.state for s in result.statuses}
    assert {n for n, st in states.items() if st == "missing"} == {"Xã Vắng Một", "Phường Vắng Hai"}
    late = {n for n, d in made["dates"].items() if d > deadline}
    assert {n for n, st in states.items() if st == "late"} == {n for n in names if n in late}
    assert late

    # --- every total, recomputed rate, tally, typed-rate stats and per-commune rate
    expected = expected_tables(variant, truth)
    col = {s.commune: i for i, s in enumerate(cons.communes)}
    for table in cons.forms:
        n = table.form.number
        for row in table.rows:
            ind, k = row.indicator, (n, row.indicator.code)
            if ind.kind in (RowKind.COUNT, RowKind.AMOUNT):
                assert row.total == expected[k], k
            elif ind.kind is RowKind.RATE:
                if expected[k] == "-":
                    assert row.undefined and row.total_text == "-", k
                else:
                    assert row.total == expected[k], k
                for commune, values in truth.items():
                    assert row.cells[col[commune]].number == commune_rate(values, n, ind), (k, commune)
            elif ind.kind is RowKind.CHOICE:
                assert row.tally == dict(expected[k]), k
                for choice in ind.choices:
                    if expected[k].get(choice.code):
                        assert f"{choice.label}: {expected[k][choice.code]}" in row.total_text
            elif ind.kind is RowKind.PERCENT:
                assert row.stats == expected[k], k
    choice_row = next(r for t in cons.forms for r in t.rows if (t.form.number, r.indicator.code) == made["choice"])
    assert "mã 9: 1" in choice_row.total_text

    # --- each commune's own findings; the planted mistakes are errors of that commune and row
    for commune, (form, code) in made["planted"].items():
        key = cons.communes[col[commune]].key
        assert any(f.severity == "error" and f.form == form and f.code == code for f in cons.findings[key]), commune
    clean = set(truth) - set(made["planted"])
    assert all(not any(f.severity == "error" for f in cons.findings[cons.communes[col[x]].key]) for x in clean)

    # --- a part written while its whole is blank: warned, for exactly those communes and rows
    pairs = set()
    for form in variant.forms:
        pairs |= {(form.number, i.numerator, i.denominator) for i in form.rows if i.kind is RowKind.RATE}
        for rel in form.relations:
            if rel.kind in ("part_le_whole", "sum_le_whole", "equal_sum") and rel.whole and ":" not in rel.whole:
                pairs |= {(form.number, p, rel.whole) for p in rel.parts if ":" not in p}
    for commune, values in truth.items():
        want = {(f, p) for f, p, w in pairs if isinstance(values.get((f, p)), Decimal) and (f, w) not in values}
        got = {(f.form, f.code) for f in cons.findings[cons.communes[col[commune]].key] if "để trống" in f.message}
        assert got == want, commune

    # --- outliers: the same cells as the fences computed here
    flagged = {(s.commune, form.number, row.indicator.code) for s, form, row, _ in cons.flagged()}
    assert flagged == expected_outliers(variant, truth)
    assert any(f[1:] == made["big"] for f in flagged)

    # --- the workbook: totals as numbers, per-commune columns, status and check sheets
    out = tmp_path / "TONG-HOP.xlsx"
    write_workbook(out, cons, c, result.statuses, deadline)
    wb = load_workbook(out)
    assert wb.sheetnames[0] == STATUS_SHEET and CHECK_SHEET in wb.sheetnames
    for table in cons.forms:
        ws = wb[f"Biểu {table.form.number}"]
        headers = [ws.cell(5, cc).value for cc in range(5, 5 + len(cons.communes))]
        assert headers == [s.commune for s in cons.communes]
        rows = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1)}
        for row in table.rows:
            k = (table.form.number, row.indicator.code)
            value = ws.cell(rows[row.indicator.code], 4).value
            if isinstance(expected.get(k), Decimal):
                assert Decimal(str(value)) == expected[k], k
    status_text = "\n".join(str(v) for r in wb[STATUS_SHEET].iter_rows(values_only=True) for v in r if v)
    assert "Xã Vắng Một" in status_text and "Chưa nộp" in status_text and "hong.docx" in status_text
    check_text = "\n".join(str(v) for r in wb[CHECK_SHEET].iter_rows(values_only=True) for v in r if v)
    for commune in made["planted"]:
        assert commune in check_text

    # --- choosing the older copy of the first commune changes the totals accordingly
    c.choose(str(made["paths"][made["first"]]))
    again = result.refresh()
    truth2 = dict(truth)
    truth2[made["first"]] = made["older_values"]
    expected2 = expected_tables(variant, truth2)
    for table in again.consolidation.forms:
        for row in table.rows:
            k = (table.form.number, row.indicator.code)
            if row.indicator.kind in (RowKind.COUNT, RowKind.AMOUNT):
                assert row.total == expected2[k], k

    # --- the province's draft: sums in the count rows, rates recomputed by the app from them
    draft = province_draft(cons, issuing_body="ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ")
    again_draft = Draft.from_json(draft.to_json())
    from cchc_desktop.annex import evaluate_annex

    ev = evaluate_annex(variant, again_draft.annex)
    for form in variant.forms:
        for ind in form.rows:
            k = (form.number, ind.code)
            if ind.kind in (RowKind.COUNT, RowKind.AMOUNT) and expected[k] is not None:
                assert ev[form.number][ind.code].value == expected[k], k
            if ind.kind is RowKind.RATE and isinstance(expected[k], Decimal):
                assert ev[form.number][ind.code].computed == expected[k], k
    assert again_draft.meta.issuing_body_short == "UBND tỉnh Quảng Trị"
    assert (again_draft.kind, again_draft.variant) == ("periodic", variant.id)

    # --- nothing in the input folder changed, nothing was added
    assert snapshot(folder) == before


def test_text_stays_text_in_the_workbook(tmp_path):
    """A commune name or a typed value that looks like a formula is written as text."""
    base = base_draft("A-2024", ROOT)
    rnd = random.Random(2)
    folder = tmp_path / "in"
    folder.mkdir()
    for i, name in enumerate(['=HYPERLINK("http://x.invalid","Bấm")', "+Tân Lập", "@Hòa Bình"]):
        d, _ = vary(base, "xã", name, rnd, _dt.date(2024, 6, 12), i + 1)
        apply_edits(d, [(AnnexCell(1, "1", "value"), "=1+1")])
        write_report(d, folder / f"{i}.json")
    result = run([folder])
    out = tmp_path / "o.xlsx"
    write_workbook(out, result.consolidation, result.collection, result.statuses)
    wb = load_workbook(out)
    ws = wb["Biểu 1"]
    for cc in range(5, 8):
        assert ws.cell(5, cc).data_type == "s"
        assert not str(ws.cell(5, cc).value).startswith("=") or ws.cell(5, cc).data_type == "s"
    row1 = next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == "1")
    assert [ws.cell(row1, cc).value for cc in range(5, 8)] == ["=1+1"] * 3
    assert all(ws.cell(row1, cc).data_type == "s" for cc in range(5, 8))
    formulas = [c for s in wb.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []


def test_fast_xlsx_reader_agrees_with_openpyxl(tmp_path):
    """The bounded XML reader sees the same values as openpyxl on our workbook, and on one
    re-saved by LibreOffice when it is installed."""
    import zipfile

    from cchc_desktop.consolidate.xlsxread import open_workbook
    from cchc_desktop.xlsx_export import workbook_bytes

    for vid in ("A-2024", "B-2023"):
        path = tmp_path / f"{vid}.xlsx"
        path.write_bytes(workbook_bytes(base_draft(vid, ROOT)))
        ref = load_workbook(path, data_only=True)
        with zipfile.ZipFile(path) as zf:
            ours = open_workbook(zf)
            assert ours.sheetnames == ref.sheetnames
            for name in ref.sheetnames:
                for row in ref[name].iter_rows():
                    for cell in row:
                        mine = ours[name].cell(cell.row, cell.column)
                        if isinstance(cell.value, float):
                            assert Decimal(repr(cell.value)) == Decimal(mine.value), (name, cell.coordinate)
                        else:
                            assert mine.value == cell.value, (name, cell.coordinate)
                        if cell.value is not None:
                            assert mine.number_format == cell.number_format, (name, cell.coordinate)


def test_roster_files(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH XÃ"])
    ws.append(["STT", "Tên đơn vị"])
    for i, n in enumerate(["Xã Tân Lập", "Phường 1", "xã tân lập", "Đặc khu Cồn Cỏ"], 1):
        ws.append([i, n])
    wb.save(tmp_path / "ds.xlsx")
    assert read_roster(tmp_path / "ds.xlsx") == ["Xã Tân Lập", "Phường 1", "Đặc khu Cồn Cỏ"]
    (tmp_path / "ds.csv").write_text("Hòa Bình\nTân Lập\n", encoding="utf-8")
    assert read_roster(tmp_path / "ds.csv") == ["Hòa Bình", "Tân Lập"]
    from cchc_desktop.consolidate import RosterError

    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(RosterError, match="xlsx hoặc .csv"):
        read_roster(tmp_path / "x.pdf")
    (tmp_path / "empty.csv").write_text("\n\n", encoding="utf-8")
    with pytest.raises(RosterError, match="không có tên xã"):
        read_roster(tmp_path / "empty.csv")


def test_commune_list_in_the_store(tmp_path):
    from cchc_desktop.store import SCHEMA_VERSION, Store
    from cchc_desktop.store.communes import CommuneList

    with Store(tmp_path / "s.sqlite3") as store:
        assert store.schema_version == SCHEMA_VERSION >= 4
        lst = CommuneList(store.db)
        assert lst.replace(["Xã Tân Lập", " xã  TÂN LẬP ", "Phường 1", ""]) == ["Xã Tân Lập", "Phường 1"]
        lst.set_deadline(_dt.date(2025, 6, 20))
    with Store(tmp_path / "s.sqlite3") as store:
        lst = CommuneList(store.db)
        assert lst.names() == ["Xã Tân Lập", "Phường 1"]
        assert lst.deadline() == _dt.date(2025, 6, 20)


def test_cli(tmp_path):
    import subprocess
    import sys

    base = base_draft("B-2023", ROOT)
    rnd = random.Random(4)
    folder = tmp_path / "in"
    folder.mkdir()
    for i, (kind, name) in enumerate(commune_names(6, seed=9)):
        d, _ = vary(base, kind, name, rnd, _dt.date(2023, 6, 5 + i), i + 1)
        write_report(d, folder / f"{i}.{('docx', 'xlsx', 'json')[i % 3]}")
    (folder / "ghi-chu.txt").write_text("x", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), CCHC_DATA_DIR=str(tmp_path / "data"))

    def cli(*args):
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "consolidate", *map(str, args)],
                              capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False)

    r = cli(folder, "-o", tmp_path / "th.xlsx", "--deadline", "2023-06-08", "--draft", tmp_path / "tinh.json",
            "--province", "UBND tỉnh Hải Dương")
    assert r.returncode == 0, r.stderr
    assert "6 xã, phường" in r.stdout and "Đã ghi bảng tổng hợp" in r.stdout
    assert (tmp_path / "th.xlsx").exists()
    d = Draft.from_json((tmp_path / "tinh.json").read_text(encoding="utf-8"))
    assert d.meta.issuing_body_short == "UBND tỉnh Hải Dương" and d.variant == "B-2023"
    (folder / "lan-2").mkdir()
    d, _ = vary(base, *commune_names(6, seed=9)[0], rnd, _dt.date(2023, 6, 20), 77)
    write_report(d, folder / "lan-2" / "0-sua.json")
    r = cli(folder, "-o", tmp_path / "th2.xlsx")
    assert r.returncode == 0 and "nhận 2 bản, tính «0-sua.json»" in r.stdout
    r = cli(folder, "-o", tmp_path / "th2.xlsx", "--choose", folder / "0.docx")
    assert r.returncode == 0 and "nhận 2 bản, tính «0.docx»" in r.stdout
    r = cli(folder, "-o", tmp_path / "th3.xlsx", "--choose", tmp_path / "khac.docx")
    assert r.returncode == 2 and "không chọn được" in r.stderr
    r = cli(tmp_path / "khong-co", "-o", tmp_path / "x.xlsx")
    assert r.returncode == 2 and "Không có báo cáo nào" in r.stderr and "Traceback" not in r.stderr
    r = cli(folder, "-o", tmp_path / "x.xlsx", "--deadline", "20/6/2023")
    assert r.returncode == 2 and "năm-tháng-ngày" in r.stderr
    r = cli(folder, "-o", tmp_path)
    assert r.returncode == 1 and "thư mục" in r.stderr
    mine = tmp_path / "cua-toi.xlsx"
    mine.write_bytes(b"not ours")
    r = cli(folder, "-o", mine)
    assert r.returncode == 1 and "--force" in r.stderr and mine.read_bytes() == b"not ours"
    r = cli(folder, "-o", folder / "0.docx")  # one of the reports read: never written over
    assert r.returncode == 1 and "tệp đang đọc" in r.stderr
    r = cli(folder, "-o", tmp_path / "th.xlsx")  # ours, unchanged since: replaced
    assert r.returncode == 0, r.stderr


def test_parallel_reading_equals_serial(tmp_path):
    """Worker processes (fork, or spawn beside another thread as in the GUI) read the same."""
    import threading

    from cchc_desktop.consolidate.collect import PARALLEL_FROM, collect

    base = base_draft("A-2024", ROOT)
    rnd = random.Random(6)
    for i, (kind, name) in enumerate(commune_names(PARALLEL_FROM + 4, seed=12)):
        d, _ = vary(base, kind, name, rnd, _dt.date(2024, 6, 11), i + 1)
        write_report(d, tmp_path / f"{i}.{('json', 'xlsx')[i % 2]}")

    def key(c):
        return sorted((s.commune, s.path, repr(s.annex), len(s.findings)) for s in c.submissions)

    serial = collect([tmp_path], workers=1)
    assert key(collect([tmp_path], workers=2)) == key(serial)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # a second thread: spawn, never fork
    other.start()
    try:
        seen = []
        result = collect([tmp_path], workers=2, progress=lambda done, total: seen.append((done, total)))
    finally:
        stop.set()
        other.join()
    assert key(result) == key(serial)
    assert seen[0] == (0, len(serial.submissions)) and seen[-1] == (len(serial.submissions),) * 2


def test_hostile_and_foreign_files_are_listed_never_a_crash(tmp_path):
    """Every file is read within bounds; what cannot be used is listed with a Vietnamese reason."""
    import zipfile

    from cchc_desktop.consolidate.model import Skipped
    from cchc_desktop.consolidate.readers import read_file
    from cchc_desktop.xlsx_export import workbook_bytes

    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "ong.docx")  # a FIFO would block a naive reader
    (folder / "sau.json").write_text('{"format": "cchc-draft", "x": ' + "[" * 5000 + "]" * 5000 + "}",
                                     encoding="utf-8")
    (folder / "rong.xlsx").write_bytes(b"")
    with zipfile.ZipFile(folder / "bom.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:  # 300 MB of zeros
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    with zipfile.ZipFile(folder / "la.docx", "w") as zf:  # a Word file of someone else
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    good = workbook_bytes(base_draft("A-2024", ROOT))
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(folder / "sua-hong.xlsx", "w") as dst:
        for info in src.infolist():  # our workbook with a sheet broken by hand
            data = src.read(info)
            dst.writestr(info, data[: len(data) // 2] if info.filename.endswith("sheet2.xml") else data)
    (folder / "ghi-chu.txt").write_text("không phải báo cáo", encoding="utf-8")
    (folder / "~$bao-cao.docx").write_bytes(b"owner file of Word")

    for path in sorted(folder.iterdir()):
        if path.suffix == ".txt":
            continue
        result = read_file(path)
        assert isinstance(result, Skipped), path.name
        assert result.reason and any(ch in result.reason for ch in "ạảãáàâăđêôơư"), (path.name, result.reason)
    result = read_file(folder / "bom.xlsx")
    assert "nén bất thường" in result.reason or "quá lớn" in result.reason


def test_reading_a_docx_does_not_load_the_word_machinery(tmp_path):
    import subprocess
    import sys

    d, _ = vary(base_draft("B-2023", ROOT), "xã", "Tân Lập", random.Random(1), _dt.date(2023, 6, 9), 1)
    path = write_report(d, tmp_path / "a.docx")
    code = ("import sys\nfrom cchc_desktop.consolidate.readers import read_file\n"
            f"s = read_file({str(path)!r})\nprint(s.commune)\n"
            "print(sorted(m for m in ('docx', 'docxtpl', 'openpyxl') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120).stdout.split("\n")
    assert out[0] == "Xã Tân Lập"
    assert out[1] == "[]"
