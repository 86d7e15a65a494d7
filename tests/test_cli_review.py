"""Regressions found by using the commands as an official would: messages stay Vietnamese,
written files stay readable, counts agree between commands."""
from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from cchc_desktop.cli import build_parser, main, translate_argparse_error
from cchc_desktop.draft import Draft

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
QK = EXAMPLES / "quang-khai-6t-2023.json"
ENGLISH = ("usage:", "error:", "required", "invalid", "argument", "expected", "choose from",
           "unrecognized", "Not a directory", "Is a directory", "Device or resource busy")


@pytest.mark.parametrize("argv", [
    ["bogus"],
    ["new"],
    ["new", "--year", "abc", "-o", "x.json"],
    ["new", "--year", "2024", "-o"],
    ["new", "--kind", "x", "--year", "2024", "-o", "x.json"],
    ["validate", "a.json", "b.json"],
    ["outbox", "--retry", "x"],
    ["render", "x.json"],
])
def test_argument_errors_are_vietnamese(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Lỗi:" in err and "Cách dùng:" in err
    last = err.strip().splitlines()[-1]
    for word in ENGLISH:
        assert word not in last, (word, last)


def test_unknown_argparse_wording_keeps_its_details():
    assert translate_argparse_error("something new") == "tham số không hợp lệ (something new)."
    assert translate_argparse_error("the following arguments are required: --year") \
        == "thiếu tham số bắt buộc: --year."


def test_help_has_no_english_placeholders(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():
        text = p.format_help()
        for word in ("usage:", "positional arguments", "options:", "show this help", "DRAFT", "OUTPUT",
                     "SOURCE", "TEMPLATE", "YEAR", "PERIOD", "SMTP_HOST", " draft", " source"):
            assert word not in text, (name, word)
        for action in p._actions:
            assert action.help, (name, action.option_strings)


@pytest.mark.parametrize("target", ["dir", "under-file", "empty", "dot"])
def test_render_to_a_bad_output_path_says_why_in_vietnamese(tmp_path, capsys, target):
    a_file = tmp_path / "a.txt"
    a_file.write_text("x")
    out = {"dir": str(tmp_path), "under-file": str(a_file / "x.docx"), "empty": "", "dot": "."}[target]
    assert main(["render", str(QK), "-o", out]) == 1
    err = capsys.readouterr().err
    assert "Lỗi:" in err
    for word in ENGLISH:
        assert word not in err
    assert a_file.read_text() == "x" and tmp_path.is_dir()


@pytest.mark.parametrize("command", ["new", "export-xlsx"])
def test_other_writers_refuse_a_folder_in_vietnamese(tmp_path, capsys, command):
    argv = ["new", "--year", "2024", "-o", str(tmp_path)] if command == "new" \
        else ["export-xlsx", str(QK), "-o", str(tmp_path)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "thư mục" in err and "Is a directory" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_written_files_are_not_private(tmp_path, capsys):
    """mkstemp makes 0600 files; a report in a shared folder must be readable by colleagues."""
    old = os.umask(0o022)
    try:
        out = tmp_path / "bc.docx"
        assert main(["render", str(QK), "-o", str(out)]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        xlsx = tmp_path / "pl.xlsx"
        assert main(["export-xlsx", str(QK), "-o", str(xlsx)]) == 0
        assert stat.S_IMODE(xlsx.stat().st_mode) == 0o644
        new = tmp_path / "d.json"
        assert main(["new", "--year", "2024", "-o", str(new)]) == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        out.chmod(0o640)  # replacing a file keeps the permissions it had
        assert main(["render", str(QK), "-o", str(out)]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_render_counts_the_same_errors_as_validate(tmp_path, capsys):
    data = json.loads(QK.read_text(encoding="utf-8"))
    data["signer"]["title"] = ""  # a completeness error, not an annex rule
    draft = tmp_path / "d.json"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(draft), "--json"]) == 1
    errors = sum(1 for f in json.loads(capsys.readouterr().out) if f["severity"] == "error")
    assert main(["render", str(draft), "-o", str(tmp_path / "x.docx")]) == 0
    assert f"Dự thảo còn {errors} lỗi" in capsys.readouterr().out


def test_section_title_of_spaces_is_reported(tmp_path, capsys):
    data = json.loads(QK.read_text(encoding="utf-8"))
    data["outline"][0]["title"] = "   "
    draft = tmp_path / "d.json"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    main(["validate", str(draft)])
    assert "Mục «I.» chưa có tên mục" in capsys.readouterr().out


def test_word_line_and_page_breaks_do_not_glue_words():
    from cchc_desktop.textnorm import clean_line, clean_text

    assert clean_text("dòng 1\x0bdòng 2\x0cdòng 3\x85dòng 4") == "dòng 1\ndòng 2\ndòng 3\ndòng 4"
    assert clean_line("Nguyễn\x0bVăn A") == "Nguyễn Văn A"
    d = Draft.from_json(QK.read_text(encoding="utf-8"))
    d.outline[0].text = "a\x0bb"
    assert Draft.from_json(d.to_json()).outline[0].text == "a\nb"


def test_period_is_case_insensitive(tmp_path, capsys):
    out = tmp_path / "d.json"
    assert main(["new", "--period", "Q1", "--year", "2025", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["period"]["type"] == "q1"


@pytest.mark.parametrize("typed", ["45/BC-UBND", "Số: 45/BC-UBND", "số 45", "45 / bc - ubnd"])
def test_whole_reference_typed_as_number_is_not_doubled(typed):
    from cchc_desktop.vnformat import document_number, reference_number

    assert document_number(typed, "BC-UBND") == "Số: 45/BC-UBND"
    assert reference_number(typed, "BC-UBND") == "45/BC-UBND"


def test_number_with_another_code_and_date_outside_period_are_warned(tmp_path, capsys):
    data = json.loads(QK.read_text(encoding="utf-8"))  # 6 tháng đầu năm 2023
    data["meta"]["number"] = "45/TB-UBND"
    data["meta"]["date"] = "2022-06-09"  # last year's date left in place
    draft = tmp_path / "d.json"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    main(["validate", str(draft)])
    out = capsys.readouterr().out
    assert "Số văn bản «45/TB-UBND» có ghi kèm ký hiệu" in out
    assert "Ngày báo cáo 09/6/2022 nằm trước kỳ báo cáo" in out
    data["meta"]["number"], data["meta"]["date"] = "45", "2023-06-09"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    main(["validate", str(draft)])
    out = capsys.readouterr().out
    assert "Số văn bản" not in out and "Ngày báo cáo" not in out
    data["meta"]["date"] = "2026-06-09"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    main(["validate", str(draft)])
    assert "cách xa kỳ báo cáo" in capsys.readouterr().out


TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription")


@pytest.mark.parametrize("name", ["report.docx", "notice.docx"])
def test_template_tables_follow_the_schema_order(name, tmp_path):
    """Word may call a file whose w:tblPr children are out of order or doubled "unreadable"."""
    import zipfile

    from lxml import etree

    from cchc_desktop.resources import template_path

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out = tmp_path / "bc.docx"
    assert main(["render", str(QK), "-o", str(out)]) == 0
    for path in (template_path(name), out):
        root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
        tables = list(root.iter(w + "tblPr"))
        assert tables
        for tblPr in tables:
            kids = [etree.QName(c).localname for c in tblPr]
            assert len(kids) == len(set(kids)), kids
            assert [TBLPR_ORDER.index(k) for k in kids] == sorted(TBLPR_ORDER.index(k) for k in kids), kids


def test_archive_line_and_nhu_tren():
    from cchc_desktop.draft import Recipients
    from cchc_desktop.vnformat import recipient_lines

    # "Lưu: VT" typed among the recipients or into the archive field is printed once
    assert recipient_lines(Recipients(items=["UBND huyện", "Lưu: VT"], archive="")) \
        == ["- UBND huyện;", "- Lưu: VT."]
    assert recipient_lines(Recipients(items=["UBND huyện"], archive="Lưu: VT, VP.")) \
        == ["- UBND huyện;", "- Lưu: VT, VP."]
    assert recipient_lines(Recipients(items=["A", "- Lưu VT"], archive="VP")) == ["- A;", "- Lưu: VP, VT."]
    # "Lưu trữ huyện" is a recipient, not the archive line
    assert recipient_lines(Recipients(items=["Lưu trữ huyện"], archive="VT")) == ["- Lưu trữ huyện;", "- Lưu: VT."]
    # with "Kính gửi" the list opens with "- Như trên;", once
    assert recipient_lines(Recipients(items=["A"], archive="VT"), addressed=True) \
        == ["- Như trên;", "- A;", "- Lưu: VT."]
    assert recipient_lines(Recipients(items=["Như trên", "A"], archive="VT"), addressed=True) \
        == ["- Như trên;", "- A;", "- Lưu: VT."]


def test_addressed_report_prints_nhu_tren(tmp_path):
    import docx

    data = json.loads(QK.read_text(encoding="utf-8"))
    data["meta"]["addressee"] = "UBND huyện Tứ Kỳ"
    draft = tmp_path / "d.json"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "bc.docx"
    assert main(["render", str(draft), "-o", str(out)]) == 0
    text = "\n".join(c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells)
    assert "Nơi nhận:\n- Như trên;\n- UBND huyện Tứ Kỳ;" in text


def test_signature_block_typed_in_full_is_not_doubled():
    from cchc_desktop.draft import Signer

    assert Signer(deputy=True, title="KT. CHỦ TỊCH PHÓ CHỦ TỊCH").authority_lines() \
        == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert Signer(collective="TM. Ủy ban nhân dân", deputy=True, chief_title="KT. Chủ tịch",
                  title="Phó Chủ tịch").authority_lines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert Signer(on_behalf=False, title="CHỦ TỊCH").authority_lines() == ["CHỦ TỊCH"]


def test_mail_connection_failure_is_explained_in_vietnamese():
    import errno
    import socket

    from cchc_desktop.mail.sender import _connect_detail

    assert _connect_detail(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")) \
        == "máy chủ từ chối kết nối: kiểm tra lại cổng"
    assert "không tìm thấy máy chủ" in _connect_detail(socket.gaierror(-2, "Name or service not known"))
    assert "Errno" not in _connect_detail(OSError(errno.EPIPE, "Broken pipe"))
    assert "Broken pipe" not in _connect_detail(OSError(errno.EPIPE, "Broken pipe"))


def test_import_warns_when_the_word_file_was_edited_after_export(tmp_path, capsys):
    import docx

    from cchc_desktop.render.embed import edited_after_export

    out = tmp_path / "bc.docx"
    assert main(["render", str(QK), "-o", str(out)]) == 0
    assert edited_after_export(out) is False
    assert main(["import", str(out), "-o", str(tmp_path / "a.json")]) == 0
    assert "đã được sửa sau khi xuất" not in capsys.readouterr().out
    document = docx.Document(str(out))
    para = next(p for p in document.paragraphs if "Chủ động triển khai" in p.text)
    para.runs[0].text = para.runs[0].text.replace("Chủ động", "Tích cực")
    edited = tmp_path / "sua.docx"
    document.save(str(edited))
    assert edited_after_export(edited) is True
    assert main(["import", str(edited), "-o", str(tmp_path / "b.json")]) == 0
    assert "đã được sửa sau khi xuất" in capsys.readouterr().out


def test_import_of_a_libreoffice_resaved_report_is_not_called_edited(tmp_path, capsys):
    import shutil
    import subprocess

    from cchc_desktop.render.embed import edited_after_export

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice not installed")
    out = tmp_path / "bc.docx"
    assert main(["render", str(QK), "-o", str(out)]) == 0
    resaved = tmp_path / "lo"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "docx", "--outdir", str(resaved), str(out)],
                   check=True, capture_output=True, timeout=180)
    again = resaved / "bc.docx"
    assert edited_after_export(again) is False
    assert main(["import", str(again), "-o", str(tmp_path / "a.json")]) == 0
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8")) \
        == Draft.from_json(QK.read_text(encoding="utf-8")).to_dict()


def test_legal_basis_typed_with_thuc_hien_is_not_doubled():
    from cchc_desktop.render.context import preamble_paragraphs

    d = Draft.from_json(QK.read_text(encoding="utf-8"))
    d.meta.legal_bases = ["Thực hiện Công văn số 1/UBND ngày 05/01/2023;", "- thực hiện: Kế hoạch số 2/KH-UBND.",
                          "Thực hiện"]
    d.meta.preamble = "UBND xã báo cáo như sau:"
    assert preamble_paragraphs(d) == ["Thực hiện Công văn số 1/UBND ngày 05/01/2023; Kế hoạch số 2/KH-UBND; "
                                      "UBND xã báo cáo như sau:"]


def test_outbox_takes_the_server_options_of_send(tmp_path, monkeypatch, capsys):
    """A message queued by «send --smtp-host ...» without a profile can be sent by
    «outbox --send» with the same options; a retry of a message that does not exist says so."""
    pytest.importorskip("aiosmtpd")
    from tests.test_mail import free_port, start_server

    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    port = free_port()
    server = ["--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--security", "none", "--sender", "xa@example.vn"]
    assert main(["send", str(QK), "--to", "huyen@example.vn", "--queue-only", "--outdir", str(tmp_path), *server]) == 0
    assert main(["outbox", "--retry", "99"]) == 1
    assert "Không có thư #99" in capsys.readouterr().err
    ctl, handler = start_server(port)
    try:
        assert main(["outbox", "--send", *server]) == 0
    finally:
        ctl.stop()
    assert len(handler.envelopes) == 1 and handler.envelopes[0].rcpt_tos == ["huyen@example.vn"]
