"""The province consolidation tried as a user would, with pictures, into docs/consolidate/.

    python tools/consolidate_demo.py [OUT_DIR]

A folder of 30 commune reports (our DOCX and XLSX mixed, three with mistakes, one far from the
others, one commune sending twice, one damaged file), a communes list of 32 with two that never
sent, a deadline. The consolidation window (offscreen) is driven as the official drives it and
photographed; the workbook it exports is converted by LibreOffice and the first page of each
sheet saved as PNG; the province's report is made from the totals, rendered to Word and its
first page and annex page saved as PNG.
"""
from __future__ import annotations

import datetime as _dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cchc_desktop.editing import AnnexCell, apply_edits  # noqa: E402
from tools.commune_reports import base_draft, commune_names, vary, write_report  # noqa: E402


def make_inputs(tmp: Path) -> tuple[Path, Path]:
    base = base_draft("A-2024", ROOT)
    rnd = random.Random(2024)
    folder = tmp / "Bao cao cac xa 6 thang 2024"
    folder.mkdir(parents=True)
    names = commune_names(32, seed=77)
    for i, (kind, name) in enumerate(names[:30]):
        d, _ = vary(base, kind, name, rnd, _dt.date(2024, 6, 10 + i % 12), 20 + i)
        if i == 3:
            whole = int(d.annex_cell(3, "1.4").get("value", "0").replace(".", "") or 0)
            apply_edits(d, [(AnnexCell("3", "1.4.1", "value"), str(whole + 13))])
        if i == 7:
            apply_edits(d, [(AnnexCell(1, "2.2", "value"), "17/100%")])
        if i == 11:
            apply_edits(d, [(AnnexCell(7, "5.4.1", "value"), "299000")])
        if i == 15:
            apply_edits(d, [(AnnexCell(5, "3", "value"), "971")])
        write_report(d, folder / f"{i + 1:02d}-{name.replace(' ', '-')}.{('docx', 'xlsx')[i % 2]}")
    d, _ = vary(base, names[0][0], names[0][1], rnd, _dt.date(2024, 6, 26), 99)
    write_report(d, folder / "01-ban-sua-doi.docx")
    (folder / "Thumbs.docx").write_bytes(b"PK\x03\x04 damaged")
    roster = tmp / "danh-sach-xa.csv"
    roster.write_text("STT,Tên xã\n" + "".join(f"{i},{k.capitalize()} {n}\n" for i, (k, n) in enumerate(names, 1)),
                      encoding="utf-8")
    return folder, roster


def soffice_pdf(src: Path, outdir: Path) -> Path:
    profile = outdir / ".lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(src)], check=True, timeout=300,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(profile, ignore_errors=True)
    return outdir / (src.stem + ".pdf")


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return out.split("\f")


def page_png(pdf: Path, page: int, out: Path, dpi: int = 70) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True, timeout=120)
    print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "consolidate"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="cchc-demo-cons-"))
    os.environ["CCHC_DATA_DIR"] = str(tmp / "data")
    try:
        folder, roster = make_inputs(tmp)
        from PySide6.QtCore import QDate, QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from cchc_desktop.gui.home_window import HomeWindow
        from cchc_desktop.store import Profile, Store

        app = QApplication.instance() or QApplication(["cchc"])
        assert app is not None

        def settle(ms: int = 200) -> None:
            loop = QEventLoop()
            QTimer.singleShot(ms, loop.quit)
            loop.exec()

        store = Store(tmp / "data" / "cchc.sqlite3")
        store.save_profile(Profile(issuing_body="ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
                                   issuing_body_short="UBND tỉnh Quảng Trị", place="Quảng Trị",
                                   default_variant="A-2024"))
        home = HomeWindow(store)
        home.resize(1280, 800)
        home.show()
        home.open_consolidation()
        w = home._consolidate_window
        w.resize(1400, 820)
        w.import_list(str(roster))
        w.choose_folder(str(folder))
        w.has_deadline.setChecked(True)
        w.deadline.setDate(QDate(2024, 6, 18))
        w.start()
        while w.result is None and w.task is not None:
            settle(100)
        settle()
        w.grab().save(str(out / "01-cua-so-tong-hop.png"))
        w.filter.setCurrentIndex(w.filter.findData("errors"))
        settle()
        w.grab().save(str(out / "02-loc-co-loi.png"))
        w.table.selectRow(0)
        w.open_selected()
        w.viewer.resize(1000, 760)
        settle(300)
        w.viewer.grab().save(str(out / "03-xem-bao-cao-xa.png"))
        w.viewer.close()
        book = w.export_workbook(str(tmp / "TONG-HOP-CCHC-6T-2024.xlsx"))
        pdf = soffice_pdf(book, tmp)
        texts = page_texts(pdf)
        wanted = [("TÌNH HÌNH NỘP", "10-trang-tinh-hinh-nop")]
        wanted += [(f"Biểu mẫu {n}", f"1{n}-trang-bieu-{n}") for n in range(1, 8)]
        wanted += [("KIỂM TRA SỐ LIỆU", "20-trang-kiem-tra")]
        for marker, name in wanted:
            page = next((i for i, t in enumerate(texts, 1) if marker in t), None)
            if page:
                page_png(pdf, page, out / f"{name}.png")
        draft_id = w.make_province_draft()
        settle(500)
        for win in list(home.windows.values()):
            win.close()
        draft = store.load_draft(draft_id)
        from cchc_desktop.render.docx_render import render_docx

        docx = tmp / "BC-CCHC-6T-2024-tinh.docx"
        render_docx(draft, docx)
        pdf = soffice_pdf(docx, tmp)
        texts = page_texts(pdf)
        page_png(pdf, 1, out / "30-bao-cao-tinh-trang-1.png")
        annex = next((i for i, t in enumerate(texts, 1) if "Biểu mẫu 1" in t or "BIỂU MẪU 1" in t.upper()), None)
        if annex:
            page_png(pdf, annex, out / "31-bao-cao-tinh-phu-luc.png")
        store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
