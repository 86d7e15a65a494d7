"""Issue 10, "Done when", from the command line: the four documents unlike the samples made as a
user of the headless CLI makes them: ``main.py new`` with its options, the draft file's fields
edited by their documented names (docs/draft-format.md), ``validate``, ``render``; then converted
by LibreOffice and read page by page (page numbers from page 2, labels, the header).

(a) a periodic report without annex; (b) a five-year review, "Phần thứ hai" numbered 1., 2. with
points a) to g); (c) a self-inspection notice, "Căn cứ" opening, one paragraph per basis, a run-in
heading; (d) a custom period 01/01/2024 to 15/8/2024 with its own title.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_desktop.draft import Draft
from tests.conftest import pdf_pages, soffice_to_pdf
from tests.document_pages import assert_header, assert_nothing_left_to_fill, assert_page_numbers, lines_of

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Ban hành kế hoạch và triển khai đúng tiến độ; bộ phận một cửa giải quyết 1.277 hồ sơ đúng hạn."
POINTS = ["Rà soát văn bản quy phạm pháp luật", "Kiểm tra việc thi hành pháp luật", "Tuyên truyền, phổ biến",
          "Hòa giải ở cơ sở", "Xây dựng phường đạt chuẩn tiếp cận pháp luật", "Trợ giúp pháp lý",
          "Theo dõi thi hành pháp luật"]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def commune(d: dict, body: str, short: str, place: str, parent: str, number: str, date: str,
            bases: list[str]) -> None:
    """What a user types into the file after ``new``: the header, the opening, the signer, a
    sentence in every section without children (JSON keys of docs/draft-format.md)."""
    m = d["meta"]
    m.update(parent_agency=parent, issuing_body=body, issuing_body_short=short, place=place, number=number,
             date=date, legal_bases=bases)
    m["preamble"] = m["preamble"].replace("UBND xã", short)
    m["closing"] = m["closing"].replace("UBND xã", short)
    d["signer"]["name"] = "Nguyễn Văn An"
    d["recipients"]["items"] = ["Sở Nội vụ (B/c)", f"Đảng ủy, HĐND {short[5:]}", f"CT, PCT {short}"]

    def fill(sections):
        for s in sections:
            if s["children"]:
                fill(s["children"])
            elif not s["text"]:
                s["text"] = TEXT
    fill(d["outline"])


def section(title: str, **extra) -> dict:
    return {"id": re.sub(r"\W", "", title)[:12] or "untitled", "title": title, "guidance": "", "text": "",
            "numbering": None, "form": "heading", "children": [], **extra}


def make_a(d: dict) -> None:
    commune(d, "ỦY BAN NHÂN DÂN XÃ PHƯỚC VĨNH AN", "UBND xã Phước Vĩnh An", "Phước Vĩnh An",
            "UBND THÀNH PHỐ HỒ CHÍ MINH", "112", "2025-09-18",
            ["Công văn số 1520/SNV-CCHC ngày 02/9/2025 của Sở Nội vụ về báo cáo cải cách hành chính"])


def make_b(d: dict) -> None:
    first = d["outline"][1]["children"][0]  # Phần thứ hai, "1. Cải cách thể chế": points a) to g)
    first["numbering"] = "alpha"
    first["children"] = [section(t) for t in POINTS]
    commune(d, "ỦY BAN NHÂN DÂN PHƯỜNG HOÀNG VĂN THỤ", "UBND phường Hoàng Văn Thụ", "Phường Hoàng Văn Thụ",
            "UBND TỈNH THÁI NGUYÊN", "86", "2025-11-20",
            ["Kế hoạch số 210/KH-UBND ngày 12/8/2025 của UBND tỉnh về sơ kết 05 năm thực hiện Chương trình tổng "
             "thể cải cách hành chính nhà nước giai đoạn 2021-2030"])


def make_c(d: dict) -> None:
    first = d["outline"][0]["children"][0]
    first["form"], first["text"] = "runin", "Quyết định số 35/QĐ-UBND ngày 10/02/2025 kiện toàn Bộ phận một cửa."
    d["outline"][0]["children"].append(section("", form="paragraph", text=(
        "Tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ.")))
    commune(d, "ỦY BAN NHÂN DÂN THỊ TRẤN NÔNG TRƯỜNG MỘC CHÂU", "UBND thị trấn Nông trường Mộc Châu",
            "Thị trấn Nông trường Mộc Châu", "", "15", "2025-12-05",
            ["Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND thị trấn về tự kiểm tra công tác cải cách hành chính "
             "năm 2025", "kết quả kiểm tra của Đoàn kiểm tra cải cách hành chính thị trấn"])
    m = d["meta"]
    m.update(basis_lead="Căn cứ", bases_joined=False,
             preamble="Ủy ban nhân dân thị trấn thông báo kết quả tự kiểm tra như sau:",
             closing="Yêu cầu các bộ phận, cán bộ, công chức nghiêm túc khắc phục những tồn tại, hạn chế nêu trên và "
                     "báo cáo kết quả về Văn phòng UBND thị trấn trước ngày 20/12/2025./.")


def make_d(d: dict) -> None:
    commune(d, "ỦY BAN NHÂN DÂN XÃ QUẢNG NHAM", "UBND xã Quảng Nham", "Quảng Nham", "UBND HUYỆN QUẢNG XƯƠNG",
            "54", "2024-08-16", ["Công văn số 890/UBND-NV ngày 05/8/2024 của UBND huyện Quảng Xương về báo cáo đột "
                                 "xuất kết quả cải cách hành chính"])


CASES = {
    "a-khong-phu-luc": (["--kind", "periodic", "--period", "q3", "--year", "2025", "--variant", "none"], make_a),
    "b-so-ket-5-nam": (["--kind", "five-year", "--period", "5y", "--year", "2025"], make_b),
    "c-tu-kiem-tra": (["--kind", "self-inspection", "--period", "year", "--year", "2025"], make_c),
    "d-ky-dot-xuat": (["--kind", "periodic", "--period", "custom", "--from", "2024-01-01", "--to", "2024-08-15",
                       "--title", "8 tháng đầu năm 2024", "--variant", "none"], make_d),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("four")
    drafts, docs, said = {}, [], {}
    for name, (options, edit) in CASES.items():
        path = tmp / f"{name}.json"
        out = cli("new", *options, "-o", path.name, cwd=tmp)
        assert out.returncode == 0, out.stderr
        data = json.loads(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        checked = cli("validate", path.name, cwd=tmp)
        said[name] = checked.stdout
        out = cli("render", path.name, "-o", f"{name}.docx", cwd=tmp)
        assert out.returncode == 0, out.stderr + out.stdout
        drafts[name] = Draft.from_json(path.read_text(encoding="utf-8"))
        docs.append(tmp / f"{name}.docx")
    pdfs = soffice_to_pdf(docs, tmp)
    keep = os.environ.get("CCHC_KEEP_PAGES")
    for pdf in pdfs if keep else ():
        Path(keep).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(Path(keep) / f"cli-{pdf.stem}")], check=True)
    return {name: (drafts[name], pdf_pages(pdf), said[name]) for name, pdf in zip(CASES, pdfs)}


@pytest.mark.soffice
@pytest.mark.parametrize("name", list(CASES))
def test_made_from_the_cli_prints_right(made, name):
    draft, pages, said = made[name]
    assert "[LỖI]" not in said, said  # validate finds nothing left to fix
    assert_page_numbers(pages)
    assert_header(pages, draft)
    lines = lines_of(pages)
    assert_nothing_left_to_fill(lines)
    text = " ".join(lines)
    if name == "a-khong-phu-luc":
        assert draft.variant is None and "Công tác cải cách hành chính Quý III năm 2025" in lines
        assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2025" in lines
    elif name == "b-so-ket-5-nam":
        two = next(i for i, x in enumerate(lines) if x.startswith("Phần thứ hai"))
        three = next(i for i, x in enumerate(lines) if x.startswith("Phần thứ ba"))
        part = lines[two:three]
        assert [x.split(" ")[0] for x in part if re.match(r"\d+\. ", x)] == ["1.", "2.", "3.", "4.", "5.", "6."]
        assert [x.split(" ")[0] for x in part if x.split(" ", 1)[-1] in POINTS] == \
            ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]
        assert any(x.startswith("I. TÌNH HÌNH TRIỂN KHAI") for x in lines[:two])
    elif name == "c-tu-kiem-tra":
        assert "THÔNG BÁO" in lines and "Số: 15/TB-UBND" in text
        assert "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2025" in text
        assert ("Căn cứ kết quả kiểm tra của Đoàn kiểm tra cải cách hành chính thị trấn, Ủy ban nhân dân thị trấn "
                "thông báo kết quả tự kiểm tra như sau:") in text
        assert "1. Kết quả đạt được: Quyết định số 35/QĐ-UBND" in text
        assert "4. Tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ." in text
    else:
        assert draft.period.title == "8 tháng đầu năm 2024"
        assert "Công tác cải cách hành chính 8 tháng đầu năm 2024" in lines
        assert "8 tháng đầu năm 2024 như sau:" in text
