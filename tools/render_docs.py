"""Regenerate docs/render/*.png: pages of real-looking reports as LibreOffice prints them.

    python tools/render_docs.py [--out docs/render] [--dpi 70]

The two examples (examples/*.json, with their annex) and four reports unlike them, made the way
the CLI makes them (``new`` then the fields a user types): a periodic report without annex, a
five-year review ("Phần thứ hai" numbered 1., 2. with points a) to g)), a self-inspection notice
with a "Căn cứ" opening and a run-in heading, and a report for a custom period. Needs soffice
and pdftoppm, and fonts-liberation2 (Times metrics with Vietnamese letters).
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_desktop.draft import Draft, Period, Section  # noqa: E402
from cchc_desktop.outlines import new_draft  # noqa: E402
from cchc_desktop.render import render_docx  # noqa: E402

LINES = [
    "Ban hành Kế hoạch số 02/KH-UBND ngày 09/01/2025 về cải cách hành chính năm 2025 và các văn bản chỉ đạo:",
    "+ Kế hoạch số 05/KH-UBND ngày 15/01/2025 về tuyên truyền cải cách hành chính;",
    "+ Kế hoạch số 07/KH-UBND ngày 20/01/2025 về tự kiểm tra công tác cải cách hành chính.",
    "- Bộ phận một cửa tiếp nhận 1.277 hồ sơ, giải quyết đúng hạn 1.250 hồ sơ (97,89%).",
]


def commune(d: Draft, body: str, short: str, place: str, parent: str = "") -> Draft:
    d.meta.parent_agency, d.meta.issuing_body, d.meta.issuing_body_short, d.meta.place = parent, body, short, place
    for name in ("preamble", "closing"):  # what a user fixes after "new" without a commune profile
        setattr(d.meta, name, getattr(d.meta, name).replace("UBND xã", short))
    d.signer.name = "Nguyễn Văn An"
    d.recipients.items = ["UBND tỉnh (B/c)", "Sở Nội vụ", "Đảng ủy, HĐND xã", "CT, PCT UBND xã"]
    return d


def no_annex_report() -> Draft:
    d = commune(new_draft("periodic", Period(type="q3", year=2025), variant="none"),
                "ỦY BAN NHÂN DÂN XÃ PHƯỚC VĨNH AN", "UBND xã Phước Vĩnh An", "Phước Vĩnh An",
                "UBND THÀNH PHỐ HỒ CHÍ MINH")
    d.meta.number, d.meta.date = "112", dt.date(2025, 9, 18)
    d.meta.legal_bases = ["Công văn số 1520/SNV-CCHC ngày 02/9/2025 của Sở Nội vụ về báo cáo cải cách hành chính "
                          "quý III năm 2025"]
    for _, s in d.iter_sections():
        s.text = "\n".join(LINES[:2]) if not s.children else ""
    return d


def five_year_review() -> Draft:
    d = commune(new_draft("five_year", Period(type="5y", year=2025)), "ỦY BAN NHÂN DÂN PHƯỜNG HOÀNG VĂN THỤ",
                "UBND phường Hoàng Văn Thụ", "Hoàng Văn Thụ", "UBND TỈNH THÁI NGUYÊN")
    d.meta.number, d.meta.date = "86", dt.date(2025, 11, 20)
    d.meta.legal_bases = ["Kế hoạch số 210/KH-UBND ngày 12/8/2025 của UBND tỉnh về sơ kết 05 năm thực hiện "
                          "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030"]
    for _, s in d.iter_sections():
        if not s.children:
            s.text = LINES[0] + "\n" + LINES[3]
    first = d.outline[1].children[0]  # Phần thứ hai, 1. Cải cách thể chế: points a) to g)
    first.numbering = "alpha"
    first.children = [Section(title=t, text="Thực hiện thường xuyên, đúng quy định.") for t in (
        "Rà soát văn bản quy phạm pháp luật", "Kiểm tra việc thi hành pháp luật", "Tuyên truyền, phổ biến",
        "Hòa giải ở cơ sở", "Xây dựng xã, phường đạt chuẩn tiếp cận pháp luật", "Trợ giúp pháp lý",
        "Theo dõi thi hành pháp luật")]
    return d


def self_inspection() -> Draft:
    d = commune(new_draft("self_inspection", Period(type="year", year=2025)),
                "ỦY BAN NHÂN DÂN THỊ TRẤN NÔNG TRƯỜNG MỘC CHÂU", "UBND thị trấn Nông trường Mộc Châu",
                "Nông trường Mộc Châu")
    d.meta.number, d.meta.date = "15", dt.date(2025, 12, 5)
    d.meta.legal_bases = ["Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND thị trấn về tự kiểm tra công tác cải "
                          "cách hành chính năm 2025",
                          "Căn cứ kết quả kiểm tra của Đoàn kiểm tra cải cách hành chính thị trấn"]
    d.meta.bases_joined, d.meta.basis_lead = False, "Thực hiện"
    d.meta.preamble = "Ủy ban nhân dân thị trấn thông báo kết quả tự kiểm tra như sau:"
    d.meta.closing = ("Yêu cầu các bộ phận, cán bộ, công chức nghiêm túc khắc phục những tồn tại, hạn chế nêu trên "
                      "và báo cáo kết quả về Văn phòng UBND thị trấn trước ngày 20/12/2025./.")
    d.signer.on_behalf = False
    first = d.outline[0].children[0]
    first.form, first.text = "runin", ("Quyết định số 35/QĐ-UBND ngày 10/02/2025 kiện toàn Bộ phận một cửa; "
                                       "niêm yết công khai 100% thủ tục hành chính.")
    for _, s in d.iter_sections():
        if not s.children and not s.text:
            s.text = LINES[3]
    d.outline[0].children.append(Section(title="", form="paragraph", text=(
        "Tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ, không để xảy ra trường hợp "
        "nhũng nhiễu, gây phiền hà cho người dân.")))
    return d


def custom_period() -> Draft:
    period = Period(type="custom", year=2024, start=dt.date(2024, 1, 1), end=dt.date(2024, 8, 15),
                    title="từ ngày 01/01/2024 đến ngày 15/8/2024")
    d = commune(new_draft("periodic", period, variant="none"), "ỦY BAN NHÂN DÂN XÃ QUẢNG NHAM",
                "UBND xã Quảng Nham", "Quảng Nham", "UBND HUYỆN QUẢNG XƯƠNG")
    d.meta.number, d.meta.date = "54", dt.date(2024, 8, 16)
    d.meta.legal_bases = ["Công văn số 890/UBND-NV ngày 05/8/2024 của UBND huyện Quảng Xương về báo cáo đột xuất "
                          "kết quả cải cách hành chính"]
    for _, s in d.iter_sections():
        s.text = LINES[3] if not s.children else ""
    return d


def example(name: str) -> Draft:
    return Draft.from_json((ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8"))


def pages_with(pdf: Path, words: str) -> list[int]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [i + 1 for i, page in enumerate(out.split("\f")) if words in page]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "render"))
    ap.add_argument("--dpi", type=int, default=70)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    reports = {"quang-khai": example("quang-khai-6t-2023"), "phuong-1": example("phuong-1-6t-2024"),
               "khong-phu-luc": no_annex_report(), "so-ket-5-nam": five_year_review(),
               "tu-kiem-tra": self_inspection(), "ky-dot-xuat": custom_period()}
    with tempfile.TemporaryDirectory() as tmp:
        docs = []
        for name, draft in reports.items():
            path = Path(tmp) / f"{name}.docx"
            render_docx(draft, path)
            docs.append(path)
        profile = Path(tmp) / "lo-profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, *map(str, docs)], check=True, capture_output=True, timeout=600)
        for name in reports:
            pdf = Path(tmp) / f"{name}.pdf"
            wanted = {1: "p01", 2: "p02"}
            sign = pages_with(pdf, "Nơi nhận")
            if sign:
                wanted[sign[0]] = f"p{sign[0]:02d}-signature"
            annex = pages_with(pdf, "PHỤ LỤC")
            if annex:
                wanted[annex[0]] = f"p{annex[0]:02d}-annex"
                wanted[annex[0] + 1] = f"p{annex[0] + 1:02d}-annex"
            part_two = pages_with(pdf, "Phần thứ hai")
            if part_two:
                wanted[part_two[-1]] = f"p{part_two[-1]:02d}-phan-thu-hai"
            for page, suffix in sorted(wanted.items()):
                stem = Path(tmp) / f"{name}-{suffix}"
                subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", "-singlefile", "-f", str(page), "-l",
                                str(page), str(pdf), str(stem)], check=True, timeout=60)
                shutil.copy(stem.with_suffix(".png"), out / f"{name}-{suffix}.png")
                print(f"wrote {out / f'{name}-{suffix}.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
