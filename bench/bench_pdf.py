"""PDF export time: cold LibreOffice (a new soffice per report) against the warm converter (pdf_warm).

    python bench/bench_pdf.py [--repeat 5] [--quick]

Renders examples/quang-khai-6t-2023.json to DOCX once, then converts it to PDF/A: ``cold`` with
the cold path (soffice --convert-to, private profile, as without the app's converter), ``warm``
through one warm LibreOffice after its first conversion (the first, which waits for LibreOffice to
start, is printed apart). Prints the median of each and the ratio cold / warm. Target: warm <= 1.0 s.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="CI: 2 runs each")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else max(1, args.repeat)

    from cchc_desktop import pdf_warm
    from cchc_desktop.draft import Draft
    from cchc_desktop.pdf import convert_to_pdf, find_soffice
    from cchc_desktop.render import render_docx

    soffice = find_soffice()
    if not soffice:
        print("bench_pdf: LibreOffice (soffice) is not installed; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="cchc-bench-pdf-") as tmp_name:
        tmp = Path(tmp_name)
        draft = Draft.from_json((ROOT / "examples" / "quang-khai-6t-2023.json").read_text(encoding="utf-8"))
        docx = render_docx(draft, tmp / "bao-cao.docx").path

        cold = []
        for i in range(repeat):
            t = time.perf_counter()
            convert_to_pdf(docx, tmp / f"cold-{i}.pdf")
            cold.append(time.perf_counter() - t)

        t = time.perf_counter()
        warm_conv = pdf_warm.start_background(soffice)
        assert warm_conv is not None
        convert_to_pdf(docx, tmp / "warm-first.pdf")
        first = time.perf_counter() - t
        warm = []
        try:
            for i in range(repeat):
                t = time.perf_counter()
                convert_to_pdf(docx, tmp / f"warm-{i}.pdf")
                warm.append(time.perf_counter() - t)
            full = []  # what "Xuất PDF" and "In…" wait for: the DOCX rendered, then the PDF
            for i in range(repeat):
                t = time.perf_counter()
                convert_to_pdf(render_docx(draft, tmp / f"full-{i}.docx").path, tmp / f"full-{i}.pdf")
                full.append(time.perf_counter() - t)
            went_warm = warm_conv.converted
        finally:
            pdf_warm.stop()
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"PDF/A export of a 14-page report (LibreOffice), median of {repeat}:")
    print(f"  cold (new soffice each time)   {c:6.2f} s   (runs: {', '.join(f'{x:.2f}' for x in cold)})")
    print(f"  warm: first (starts LibreOffice) {first:6.2f} s")
    print(f"  warm: after the first          {w:6.2f} s   (runs: {', '.join(f'{x:.2f}' for x in warm)})")
    f = statistics.median(full)
    print(f"  warm: render DOCX + PDF        {f:6.2f} s   (what 'Xuất PDF' and 'In…' wait for)")
    print(f"  ratio cold / warm              {c / w:6.1f}x   target warm <= 1.0 s: {'met' if w <= 1.0 else 'NOT met'}")
    if went_warm < 2 * repeat + 1:
        print(f"  note: only {went_warm} of {2 * repeat + 1} conversions went through the warm converter "
              f"(no LibreOffice Python with 'uno'? Debian: apt-get install python3-uno)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
