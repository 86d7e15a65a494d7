"""Render time of a ~40-page report with all seven forms, against bare docxtpl.

    python bench/bench_render.py [--repeat 5] [--pages] [--quick] [--sizes [8,40,160]]

"ours" = render_docx_bytes (context built in Python, sandboxed autoescaping Jinja, draft
embedded, saved to memory); "bare" = DocxTemplate(...).render(context, autoescape=True) + save
on the same template and context. Prints the best of N (the two interleaved) and the ratio. ``--pages`` converts the
report once with LibreOffice to print its page count. ``--sizes`` measures the same at 8, 40 and
160 paragraphs per section (the overhead must stay flat as the report grows: <= 1.15x), with ours
and bare interleaved run by run (a loaded machine slows both alike), and where ours spends its
extra time (the computed view, the embedded draft), and "own": ours with docxtpl's own
resolve_listing pass (render/listing.py makes ours quicker than bare docxtpl at that step, which
would hide what our additions cost).
"""
from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc_desktop.draft import Period
from cchc_desktop.editing import AnnexCell, apply_edits
from cchc_desktop.forms import get_variant
from cchc_desktop.outlines import new_draft
from cchc_desktop.render import default_template, render_docx_bytes
from cchc_desktop.render.context import build_context

WORDS = ("cải cách hành chính thủ tục hồ sơ tiếp nhận giải quyết đúng hạn trực tuyến một cửa liên thông "
         "UBND xã công chức kế hoạch số văn bản tuyên truyền kiểm tra chính quyền số dịch vụ công").split()


def big_draft(paragraphs_per_section: int = 8, words: int = 85):
    rnd = random.Random(7)
    d = new_draft("periodic", Period(type="6m", year=2024), variant="A-2024")
    d.meta.issuing_body = "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI"
    d.meta.issuing_body_short = "UBND xã Quang Khải"
    d.meta.place = "Quang Khải"
    d.meta.number = "45"
    d.signer.name = "Nguyễn Đức Thuận"
    d.recipients.items = ["UBND tỉnh", "Sở Nội vụ", "Lưu trữ"]
    for _, section in d.iter_sections():
        lines = []
        for i in range(paragraphs_per_section):
            lead = "- " if i % 3 == 1 else ("+ " if i % 3 == 2 else "")
            lines.append(lead + " ".join(rnd.choice(WORDS) for _ in range(words)).capitalize() + ".")
        section.text = "\n".join(lines)
    for form in get_variant("A-2024").forms:
        for ind in form.rows:
            if ind.is_input:
                value = "1" if ind.kind.value == "choice" else str(rnd.randint(0, 2000))
                apply_edits(d, [(AnnexCell(str(form.number), ind.code, "value"), value)])
    return d


def interleaved(fns, repeat, clock=time.perf_counter):
    """Best time of each function, the functions run in turn ``repeat`` times. ``--sizes`` uses
    the process's CPU time: on a shared machine other processes stretch wall time (and do so
    unevenly between two runs), not the CPU time this process spends."""
    times = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t = clock()
            fn()
            times[i].append(clock() - t)
    return [min(x) for x in times]


def sizes(counts, repeat: int) -> None:
    from docx import Document
    from docxtpl import DocxTemplate

    from cchc_desktop.render import listing
    from cchc_desktop.render.embed import embed_draft

    def docxtpl_pass(draft):
        """Ours with docxtpl's own resolve_listing (no quick path): what our additions cost."""
        quick = listing.template_class
        listing.template_class = lambda: DocxTemplate
        try:
            render_docx_bytes(draft)
        finally:
            listing.template_class = quick

    print("CPU time of this process, best of", repeat, "interleaved runs")
    print("'own' = ours with docxtpl's own resolve_listing pass instead of render/listing.py's: the cost of")
    print("what we add (view, sandbox, embedded draft and its fingerprint) on top of the same docxtpl work")
    print("paragraphs/section  sections  KB     ours ms  bare ms  ratio   own ms  own ratio  view ms  embed ms")
    for n in counts:
        draft = big_draft(n)
        template = default_template(draft)
        context = build_context(draft)

        def bare(template=template, context=context):
            tpl = DocxTemplate(str(template))
            tpl.render(context, autoescape=True)
            tpl.save(io.BytesIO())

        doc = Document(str(template))
        render_docx_bytes(draft)
        ours, plain, own, view, embed = interleaved(
            [lambda d=draft: render_docx_bytes(d), bare, lambda d=draft: docxtpl_pass(d),
             lambda d=draft: build_context(d), lambda d=draft, doc=doc: embed_draft(doc, d)],
            repeat, clock=time.process_time)
        ratio = ours / plain
        verdict = "ok" if ratio <= 1.15 else "OVER BUDGET"
        print(f"{n:>19}  {sum(1 for _ in draft.iter_sections()):>8}  {len(render_docx_bytes(draft)) // 1024:>5}  "
              f"{ours * 1000:>7.0f}  {plain * 1000:>7.0f}  {ratio:>5.2f}  {own * 1000:>7.0f}  {own / plain:>9.2f}"
              f"  {view * 1000:>7.1f}  {embed * 1000:>8.1f}  ({verdict}: budget <= 1.15)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pages", action="store_true")
    ap.add_argument("--quick", action="store_true", help="CI: fewer repeats")
    ap.add_argument("--sizes", nargs="?", const="8,40,160", default=None,
                    help="paragraphs per section to measure, e.g. 8,40,160")
    args = ap.parse_args()
    if args.quick:
        args.repeat = min(args.repeat, 3)
    if args.sizes:
        sizes([int(x) for x in args.sizes.split(",")], args.repeat)
        return 0
    from docxtpl import DocxTemplate

    draft = big_draft()
    template = default_template(draft)
    context = build_context(draft)

    def bare():
        tpl = DocxTemplate(str(template))
        tpl.render(context, autoescape=True)
        tpl.save(io.BytesIO())

    render_docx_bytes(draft)  # warm up imports and caches
    ours, plain = interleaved([lambda: render_docx_bytes(draft), bare], args.repeat)  # wall clock
    print(f"report: {sum(1 for _ in draft.iter_sections())} sections, 7 forms, "
          f"{len(render_docx_bytes(draft)) // 1024} KB")
    print(f"ours (render_docx_bytes): {ours * 1000:.0f} ms")
    print(f"bare docxtpl:             {plain * 1000:.0f} ms")
    ratio = ours / plain
    verdict = "ok" if ratio <= 1.3 and ours < 0.5 else "OVER BUDGET"
    print(f"ratio ours/bare:          {ratio:.2f}  (budget <= 1.3 and < 500 ms: {verdict})")
    if args.pages:
        import subprocess
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "bench.docx"
            src.write_bytes(render_docx_bytes(draft))
            subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, str(src)], check=True, timeout=300,
                           capture_output=True)
            info = subprocess.run(["pdfinfo", str(src.with_suffix(".pdf"))], capture_output=True, text=True).stdout
            print("pages:", next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
