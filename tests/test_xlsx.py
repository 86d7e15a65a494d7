"""The annex workbook: exported, read back equal; edited like a person would; refused when foreign."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cchc_desktop.cli import main as cli_main
from cchc_desktop.draft import Draft
from cchc_desktop.forms import RowKind, get_variant
from cchc_desktop.numbers import NumberParseError, parse_value
from cchc_desktop.xlsx_export import FIRST_DATA_ROW, META_SHEET, export_xlsx, sheet_name
from cchc_desktop.xlsx_import import XlsxImportError, cell_to_text, plan_import

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
P1 = EXAMPLES / "phuong-1-6t-2024.json"  # variant A-2024
QK = EXAMPLES / "quang-khai-6t-2023.json"  # variant B-2023
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có")


def load(path: Path) -> Draft:
    return Draft.from_json(path.read_text(encoding="utf-8"))


def semantic(value: str, ind) -> object:
    try:
        return parse_value(value, ind.kind, choices=ind.choices)
    except NumberParseError:
        return value


def row_of(ws, code: str) -> int:
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(r, 1).value == code:
            return r
    raise KeyError(code)


@pytest.mark.parametrize("path", [P1, QK], ids=lambda p: p.stem)
def test_exported_workbook_reads_back_equal(path, tmp_path):
    draft = load(path)
    out = export_xlsx(draft, tmp_path / "phu-luc.xlsx")
    # into the same draft: nothing to change, nothing noticed
    plan = plan_import(draft, out)
    assert plan.changes == [] and plan.import_findings == []
    assert plan.draft.to_dict() == draft.to_dict()
    # into an empty copy: every value typed and every note comes back
    empty = draft.copy()
    empty.annex = {}
    plan = plan_import(empty, out)
    variant = get_variant(draft.variant)
    for form in variant.forms:
        for ind in form.rows:
            old, new = draft.annex_cell(form.number, ind.code), plan.draft.annex_cell(form.number, ind.code)
            assert new["note"] == old["note"], (form.number, ind.code)
            if ind.is_input:
                assert semantic(new["value"], ind) == semantic(old["value"], ind), (form.number, ind.code)
    assert plan.changes and all(c.old == "" for c in plan.changes)


def test_layout_of_a_form_sheet(tmp_path):
    draft = load(P1)
    wb = openpyxl.load_workbook(export_xlsx(draft, tmp_path / "a.xlsx"))
    assert wb.sheetnames == ["Bìa"] + [sheet_name(n) for n in range(1, 8)] + [META_SHEET]
    assert wb[META_SHEET].sheet_state == "hidden"
    cover = "\n".join(str(c.value) for row in wb["Bìa"].iter_rows() for c in row if c.value)
    assert "6 tháng đầu năm 2024" in cover and "UBND phường 1" in cover and ".../BC-UBND" in cover
    ws = wb["Biểu 1"]
    assert ws["A1"].value == "Biểu mẫu 1"
    assert ws["A2"].value == "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CCHC"
    header = ["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", None, "Ghi chú"]
    assert [ws.cell(5, c).value for c in range(1, 6)] == header
    assert [ws.cell(6, c).value for c in (3, 4)] == ["Đơn vị tính", "Số liệu"]
    assert ws.print_title_rows == "$5:$6"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    r = row_of(ws, "2")  # a rate: a formula over its parts, its result cached for programs that do not compute
    num, den = row_of(ws, "2.2"), row_of(ws, "2.1")
    formula = ws.cell(r, 4).value
    assert formula.startswith("=IF(") and f"ROUND(D{num}/D{den}*100,2)" in formula
    assert "0.00" in ws.cell(r, 4).number_format
    cached = openpyxl.load_workbook(tmp_path / "a.xlsx", data_only=True)["Biểu 1"]
    assert cached.cell(r, 4).value == 57.69
    r = row_of(ws, "2.1")
    assert ws.cell(r, 4).value == 52 and ws.cell(r, 4).number_format == "[$-42A]#,##0"
    assert ws.cell(row_of(ws, "3.1"), 4).value == 1  # typed "01": a number, not text
    assert ws.cell(row_of(ws, "2.1"), 2).alignment.wrap_text
    assert ws.cell(row_of(ws, "2.1"), 1).border.left.style == "thin"
    # undefined rate (0/0) is a dash, never 0 or 100
    ws2 = openpyxl.load_workbook(tmp_path / "a.xlsx", data_only=True)["Biểu 2"]
    assert ws2.cell(row_of(ws2, "2.2"), 4).value == "-"


def edit_like_a_person(src: Path, dst: Path) -> None:
    wb = openpyxl.load_workbook(src)
    ws = wb["Biểu 3"]
    ws.cell(row_of(ws, "1.4"), 4).value = 140  # a value changed
    ws.cell(row_of(ws, "3.1.1"), 5).value = "Số liệu của bộ phận một cửa"  # a note added
    ws.delete_rows(row_of(ws, "1.4.1"))  # a row deleted
    ws1 = wb["Biểu 1"]
    ws1.cell(row_of(ws1, "1"), 4).value = "ba mươi ba"  # text typed into a number cell
    ws1.cell(row_of(ws1, "2.2"), 4).value = "31"  # a number typed as text
    ws1.cell(row_of(ws1, "2"), 4).value = 100  # a rate typed by hand: not imported
    ws7 = wb["Biểu 7"]
    ws7.cell(row_of(ws7, "1"), 4).value = 0.9236  # "92,36%" typed in a percent-formatted cell
    ws7.cell(row_of(ws7, "1"), 4).number_format = "0.00%"
    wb.save(dst)


def test_workbook_edited_by_a_person(tmp_path):
    draft = load(P1)
    src = export_xlsx(draft, tmp_path / "a.xlsx")
    edited = tmp_path / "b.xlsx"
    edit_like_a_person(src, edited)
    plan = plan_import(draft, edited)
    changes = {(c.form, c.code, c.field): (c.old, c.new) for c in plan.changes}
    assert changes == {
        (3, "1.4", "value"): ("124", "140"),
        (3, "3.1.1", "note"): ("", "Số liệu của bộ phận một cửa"),
        (1, "1", "value"): ("33", "ba mươi ba"),
        (1, "2.2", "value"): ("30", "31"),
        (7, "1", "value"): (draft.annex_cell(7, "1")["value"], "92,36"),
    }
    by = {(f.form, f.code): f for f in plan.findings}
    # the text in a number cell is an error of the same rules as everywhere
    assert by[(1, "1")].severity == "error" and "ba mươi ba" in by[(1, "1")].message
    # the deleted row keeps its old value and says so
    assert by[(3, "1.4.1")].severity == "warning" and "giữ nguyên số liệu cũ (137)" in by[(3, "1.4.1")].message
    assert plan.draft.annex_cell(3, "1.4.1")["value"] == "137"
    # the typed rate is not imported and the user is told
    assert "tính tự động" in by[(1, "2")].message
    # 137 <= 140 now: the part-greater-than-whole error of the original is gone
    assert not [f for f in plan.findings if f.form == 3 and f.code == "1.4.1" and f.severity == "error"]
    # nothing was changed in the draft passed in
    assert draft.annex_cell(3, "1.4")["value"] == "124"


def test_accepted_import_is_one_editor_operation(tmp_path):
    """Accepting an import in the window: the plan's edits go through the open draft's editor as
    one operation (one notice naming every changed cell, one store write), and the stored draft
    is the plan's draft (the same pipeline applied both)."""
    from cchc_desktop.editing import AnnexCell, DraftEditor
    from cchc_desktop.store import Store

    with Store(tmp_path / "cchc.sqlite3") as store:
        draft = load(P1)
        store.create_draft(draft)
        editor = DraftEditor.open(store, draft.id)
        edited = tmp_path / "b.xlsx"
        edit_like_a_person(export_xlsx(editor.draft, tmp_path / "a.xlsx"), edited)
        plan = plan_import(editor.draft, edited)
        assert all(isinstance(ref, AnnexCell) for ref, _ in plan.edits) and len(plan.edits) == 5
        seen = []
        editor.subscribe(lambda change, initiator: seen.append((change, initiator)))
        editor.set_many(plan.edits, initiator="import")
        assert len(seen) == 1 and seen[0][1] == "import"
        assert seen[0][0].fields == {ref for ref, _ in plan.edits}
        editor.save()
        assert editor.saves == 1
        assert store.load_draft(draft.id).annex == plan.draft.annex


def test_other_variant_or_period_is_refused(tmp_path):
    b_draft = load(QK)
    out = export_xlsx(b_draft, tmp_path / "b.xlsx")
    a_draft = load(P1)
    with pytest.raises(XlsxImportError, match="mẫu biểu «B-2023»"):
        plan_import(a_draft, out)
    later = b_draft.copy()
    later.period.year = 2024
    with pytest.raises(XlsxImportError, match="6 tháng đầu năm 2023.*6 tháng đầu năm 2024"):
        plan_import(later, out)
    other = b_draft.copy()
    other.id = "khac"
    plan = plan_import(other, out)
    assert any("dự thảo khác" in f.message for f in plan.import_findings)


def test_foreign_or_broken_files_are_refused(tmp_path):
    draft = load(P1)
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(XlsxImportError, match="không do CCHC Desktop xuất"):
        plan_import(draft, plain)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(XlsxImportError, match="không phải tệp Excel"):
        plan_import(draft, junk)
    with pytest.raises(XlsxImportError, match="Không tìm thấy"):
        plan_import(draft, tmp_path / "none.xlsx")


def test_cell_conversion():
    assert cell_to_text(1, RowKind.COUNT, "General", "01") == ("01", None)  # equal number keeps the typed text
    assert cell_to_text(1277, RowKind.COUNT, "General", "") == ("1.277", None)
    assert cell_to_text(88.25, RowKind.PERCENT, "General", "") == ("88,25", None)
    assert cell_to_text(0.8825, RowKind.PERCENT, "0.00%", "") == ("88,25", None)
    assert cell_to_text(None, RowKind.COUNT, "General", "5") == ("", None)
    assert cell_to_text(" 12 ", RowKind.COUNT, "@", "12") == ("12", None)
    import datetime as dt

    text, problem = cell_to_text(dt.datetime(2024, 2, 1), RowKind.COUNT, "d/m", "")
    assert problem and "ngày tháng" in problem


def test_cli_export(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert cli_main(["export-xlsx", str(P1), "-o", str(out)]) == 0
    assert out.exists() and "Đã xuất" in capsys.readouterr().out
    assert cli_main(["export-xlsx", str(tmp_path / "none.json"), "-o", str(out)]) == 2


@pytest.mark.soffice
@needs_soffice
def test_saved_again_by_libreoffice_imports_unchanged(tmp_path):
    """A colleague opens the workbook in LibreOffice Calc and saves it: nothing changes."""
    draft = load(QK)
    (tmp_path / "src").mkdir()
    src = export_xlsx(draft, tmp_path / "src" / "phu-luc.xlsx")
    outdir = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'prof').as_uri()}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    plan = plan_import(draft, outdir / "phu-luc.xlsx")
    assert plan.changes == [] and plan.import_findings == []


@pytest.mark.soffice
@needs_soffice
def test_workbook_prints_vietnamese_numbers(tmp_path):
    from cchc_desktop.pdf import convert_to_pdf

    draft = load(P1)
    pdf = convert_to_pdf(export_xlsx(draft, tmp_path / "a.xlsx"), tmp_path / "a.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.count("\f")
    assert pages >= 8  # the cover and seven forms, each on its own page(s)
    assert "Biểu mẫu 7" in text and "CẢI CÁCH THỦ TỤC HÀNH CHÍNH" in text
    assert "57,69" in text  # rate with a decimal comma
    assert "Trang 1/" in text


def test_cli_import_shows_changes_and_writes(tmp_path, capsys):
    src = tmp_path / "a.xlsx"
    assert cli_main(["export-xlsx", str(P1), "-o", str(src)]) == 0
    edited = tmp_path / "b.xlsx"
    edit_like_a_person(src, edited)
    capsys.readouterr()
    new = tmp_path / "new.json"
    assert cli_main(["import", str(edited), "--into", str(P1)]) == 0  # preview only
    out = capsys.readouterr().out
    assert "Biểu mẫu 3, dòng 1.4 (Số liệu): «124» -> «140»" in out and "Chưa ghi gì" in out
    assert not new.exists()
    assert cli_main(["import", str(edited), "--into", str(P1), "-o", str(new)]) == 0
    out = capsys.readouterr().out
    assert "[LỖI] Biểu mẫu 1, dòng 1:" in out and "[CẢNH BÁO] Biểu mẫu 3, dòng 1.4.1" in out
    assert Draft.from_json(new.read_text(encoding="utf-8")).annex_cell(3, "1.4")["value"] == "140"
    # another variant: refused with the reason, exit 2
    other = tmp_path / "qk.xlsx"
    assert cli_main(["export-xlsx", str(QK), "-o", str(other)]) == 0
    capsys.readouterr()
    assert cli_main(["import", str(other), "--into", str(P1), "-o", str(tmp_path / "x.json")]) == 2
    assert "mẫu biểu «B-2023»" in capsys.readouterr().err


def test_rates_follow_a_colleagues_change_and_import_reads_the_parts(tmp_path):
    """Issue 13 item 18: a part changed in the workbook (by a program that writes no cached
    results) -> LibreOffice shows the new rate; import takes the part and says nothing of the rate."""
    import shutil
    import subprocess

    from cchc_desktop.xlsx_import import plan_import

    draft = load(P1)
    path = export_xlsx(draft, tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Biểu 1"]
    den, num = row_of(ws, "2.1"), row_of(ws, "2.2")
    ws.cell(den, 4).value, ws.cell(num, 4).value = 80, 20  # a colleague's new parts: 25 %
    wb.save(path)
    plan = plan_import(draft, path)
    changed = {(c.form, c.code) for c in plan.changes}
    assert (1, "2.1") in changed and (1, "2.2") in changed and (1, "2") not in changed
    assert not [f for f in plan.import_findings if f.code == "2"]  # the rate formula is not "typed into" the sheet
    if shutil.which("soffice"):
        from cchc_desktop.pdf import convert_to_pdf

        pdf = convert_to_pdf(path, tmp_path / "a.pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "25,00" in text
