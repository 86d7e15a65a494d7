"""Province consolidation at scale: read N commune reports (our real DOCX and XLSX), build the
tables, write the consolidated workbook.

    python bench/bench_consolidate.py [--quick] [--keep DIR]

Cases: 150 files (a large province), 3,321 files (every commune of the country), and 150 files
of the two form variants mixed (the majority variant is consolidated, the rest skipped with a
reason). Half DOCX, half XLSX. The files: for each variant 12 DOCX rendered for real and 12
annex workbooks exported for real, each from its own varied report (tools/commune_reports.py);
the others are copies of those with their own commune (the DOCX gets a newly varied draft
embedded in place of the rendered one, the workbook its own commune name), so every file is a
different commune with the size and structure of the real thing. ``--quick`` (CI): 150 files
and the mixed case only.

Prints per case: seconds to read + tabulate (serial and parallel for 150 files), files/s, MB
read, MB/s, seconds to write the workbook, peak RSS of this process and of the largest worker.
Budget (issue 15): 150 files <= 3 s, 3,321 files <= 60 s, peak memory <= 500 MB. Never fails.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_desktop.consolidate.usecase import run  # noqa: E402
from cchc_desktop.consolidate.workbook import workbook_bytes  # noqa: E402
from cchc_desktop.render.embed import item_xml  # noqa: E402
from tools.commune_reports import base_draft, commune_names, vary, write_report  # noqa: E402

TEMPLATES = 12


def _ref(text: str) -> str:
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _entries(blob: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


def _zip(entries: list[tuple[zipfile.ZipInfo, bytes]], replace: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, replace.get(info.filename, data), compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


class Maker:
    """Real files for a few communes, then quick copies for the rest (see the module docstring)."""

    def __init__(self, variant: str, tmp: Path):
        self.variant = variant
        self.base = base_draft(variant, ROOT)
        self.rnd = random.Random(17)
        self.docx: list[list] = []
        self.xlsx: list[tuple[list, str, str]] = []
        for i, (kind, name) in enumerate(commune_names(TEMPLATES, seed=100 + len(variant))):
            d, _ = vary(self.base, kind, name, self.rnd, _dt.date(self.base.period.year, 6, 12), i + 1)
            self.docx.append(_entries(write_report(d, tmp / f"t{i}.docx").read_bytes()))
            self.xlsx.append((_entries(write_report(d, tmp / f"t{i}.xlsx").read_bytes()), name, d.id))

    def write(self, path: Path, i: int, kind: str, name: str) -> None:
        year = self.base.period.year
        if path.suffix == ".docx":
            entries = self.docx[i % TEMPLATES]
            item = next(info.filename for info, data in entries
                        if info.filename.startswith("customXml/item") and b"urn:cchc-desktop:draft" in data[:2048])
            d, _ = vary(self.base, kind, name, self.rnd, _dt.date(year, 6, 1 + i % 28), i + 1)
            path.write_bytes(_zip(entries, {item: item_xml(d)}))
        else:
            entries, old_name, old_id = self.xlsx[i % TEMPLATES]
            replace = {}
            for info, data in entries:  # the name is in the cover, the form titles and _cchc
                if info.filename.startswith(("xl/worksheets/", "xl/sharedStrings")):
                    text = data.decode("utf-8")
                    for old, new in ((old_name.upper(), name.upper()), (old_name, name), (old_id, f"{i:032x}")):
                        text = text.replace(old, new).replace(_ref(old), _ref(new))  # openpyxl writes &#7853;
                    replace[info.filename] = text.encode("utf-8")
            path.write_bytes(_zip(entries, replace))


def make_folder(folder: Path, count: int, makers: list[Maker]) -> int:
    if folder.is_dir() and len(list(folder.iterdir())) == count:  # --keep DIR made them before
        return sum(p.stat().st_size for p in folder.iterdir())
    folder.mkdir(parents=True)
    total = 0
    for i, (kind, name) in enumerate(commune_names(count, seed=3)):
        maker = makers[i % len(makers)]
        path = folder / f"{i:05d}.{('docx', 'xlsx')[(i // len(makers)) % 2]}"
        maker.write(path, i, kind, name)
        total += path.stat().st_size
    return total


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def case(label: str, folder: Path, size: int, workers: int | None) -> None:
    c0 = cpu_seconds()
    t0 = time.perf_counter()
    result = run([folder], workers=workers)
    t1 = time.perf_counter()
    c1 = cpu_seconds()
    data = workbook_bytes(result.consolidation, result.collection, result.statuses)
    t2 = time.perf_counter()
    n = len(result.collection.submissions) + len(result.collection.skipped)
    own, child = peak_mb()
    mode = "serial" if workers == 1 else "parallel"
    print(f"{label:<34} {mode:<8} {n:>5} files {size / 1e6:7.1f} MB  read+tabulate {t1 - t0:6.2f} s "
          f"({n / (t1 - t0):6.0f} files/s, {size / 1e6 / (t1 - t0):5.1f} MB/s; CPU {c1 - c0:6.2f} s)  "
          f"workbook {t2 - t1:6.2f} s "
          f"({len(data) / 1e6:.1f} MB)  counted {len(result.consolidation.communes)}, skipped "
          f"{len(result.collection.skipped)}  peak RSS {own:.0f} MB (largest worker {child:.0f} MB)", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="150 files and the mixed case only (CI)")
    ap.add_argument("--keep", metavar="DIR", help="make the folders here and keep them")
    args = ap.parse_args(argv)
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cchc-bench-cons-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        a, b = Maker("A-2024", tmp), Maker("B-2023", tmp)
        print(f"(load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs)")
        sizes = {"150": make_folder(tmp / "150", 150, [a])}
        sizes["mixed"] = make_folder(tmp / "mixed", 150, [a, a, b])
        if not args.quick:
            sizes["3321"] = make_folder(tmp / "3321", 3321, [a])
        print(f"(files made in {time.perf_counter() - t:.0f} s)", flush=True)
        case("150 files, one variant", tmp / "150", sizes["150"], 1)
        case("150 files, one variant", tmp / "150", sizes["150"], None)
        case("150 files, two variants mixed", tmp / "mixed", sizes["mixed"], None)
        if not args.quick:
            case("3,321 files, one variant", tmp / "3321", sizes["3321"], None)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
