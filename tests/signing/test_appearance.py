"""Signature and seal images between the signer's title and name (Decree 30), the signature fields,
the clerk's text on a separate annex file, and the PNG reader checked against Qt's."""
from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from cchc_desktop.signing.annexstamp import iso_time
from cchc_desktop.signing.appearance import SEAL_FIELD, SIGNATURE_FIELD, add_appearance, apply_to_file, find_place
from cchc_desktop.signing.errors import SigningError
from cchc_desktop.signing.pngimage import decode_png, read_png
from cchc_desktop.signing.sign import SignRequest, sign_pdf
from cchc_desktop.signing.token import VN_TZ
from cchc_desktop.signing.verify import INTACT, verify_pdf

from .images import make_seal_png, make_signature_png

pikepdf = pytest.importorskip("pikepdf")
pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def images(qapp, tmp_path):
    return make_signature_png(tmp_path / "chu-ky.png"), make_seal_png(tmp_path / "con-dau.png")


def test_png_reader_matches_qt(qapp, images, tmp_path):
    from PySide6.QtGui import QImage

    for path in images:
        mine = read_png(path)
        qt = QImage(str(path)).convertToFormat(QImage.Format.Format_RGBA8888)
        raw = bytes(qt.constBits())[: mine.width * mine.height * 4]
        assert (mine.width, mine.height) == (qt.width(), qt.height())
        assert mine.alpha == raw[3::4], "the transparency plane is kept"
        opaque = [i for i in range(mine.width * mine.height) if raw[4 * i + 3] > 0]
        assert opaque and all(mine.rgb[3 * i:3 * i + 3] == raw[4 * i:4 * i + 3] for i in opaque[::7])
    # other colour types and filters, as other programs save them
    for fmt in (QImage.Format.Format_RGB888, QImage.Format.Format_Grayscale8, QImage.Format.Format_Indexed8):
        q = QImage(str(images[1])).convertToFormat(fmt)
        out = tmp_path / f"x{int(fmt.value)}.png"
        q.save(str(out), "PNG")
        img = read_png(out)
        assert (img.width, img.height) == (q.width(), q.height())
        back = q.convertToFormat(QImage.Format.Format_RGB888)
        row = bytes(back.constScanLine(200))[: 3 * q.width()]
        assert img.rgb[200 * 3 * q.width(): 201 * 3 * q.width()] == row


@pytest.mark.parametrize("data, words", [(b"GIF89a....", "không phải tệp PNG"),
                                         (b"\x89PNG\r\n\x1a\n\x00\x00", "cắt cụt"),
                                         (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + bytes(17), "thiếu dữ liệu ảnh")])
def test_png_reader_refuses_damaged_files(data, words):
    with pytest.raises(SigningError, match=words):
        decode_png(data, "x.png")


def test_images_go_between_title_and_name(report_pdf, images, tmp_path):
    out = tmp_path / "anh.pdf"
    placement = apply_to_file(report_pdf, out, signature=read_png(images[0]), seal=read_png(images[1]),
                              signer_name="Nguyễn Đức Thuận")
    reader = pypdf.PdfReader(str(out))
    place = find_place(reader, "Nguyễn Đức Thuận")
    assert place.title == "CHỦ TỊCH" and place.page == placement.page
    assert "Nơi nhận" in reader.pages[placement.page].extract_text()
    sx1, sy1, sx2, sy2 = placement.signature
    assert place.bottom <= sy1 < sy2 <= place.top, "the signature image stays between the title and the name"
    assert abs((sx1 + sx2) / 2 - place.centre_x) < 1
    cx1, cy1, cx2, cy2 = placement.seal
    assert abs((cx2 - cx1) - 36 * 72 / 25.4) < 0.5, "the seal at its real size (36 mm)"
    assert abs(cx2 - (sx1 + (sx2 - sx1) / 3)) < 0.5 and cx1 < sx1, "the seal covers the left third"
    with pikepdf.open(out) as pdf:
        assert pdf.open_metadata().get("pdfaid:part") == "2", "still PDF/A-2b"
        fields = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
        assert set(fields) == {SIGNATURE_FIELD, SEAL_FIELD}
        rect = [float(v) for v in fields[SIGNATURE_FIELD].Rect]
        assert abs(rect[0] - sx1) < 1 and abs(rect[3] - sy2) < 1
        images_on_page = [k for k, v in pdf.pages[placement.page].Resources.XObject.items() if v.Subtype == "/Image"]
        assert {"/CchcChuKy", "/CchcConDau"} <= set(images_on_page)
        assert "/SMask" in pdf.pages[placement.page].Resources.XObject["/CchcChuKy"]


def test_place_found_without_the_name(report_pdf):
    place = find_place(pypdf.PdfReader(str(report_pdf)), None)
    assert place.name == "Nguyễn Đức Thuận" and place.title == "CHỦ TỊCH"


def test_unknown_signer_is_refused_clearly(report_pdf, images):
    with pytest.raises(SigningError, match="Không tìm thấy khối chữ ký"):
        add_appearance(report_pdf.read_bytes(), signature=read_png(images[0]), seal=None, signer_name="Không Có Ai")


def test_signing_fills_the_signature_field(report_pdf, images, token, test_ca, tmp_path):
    staged = tmp_path / "anh.pdf"
    apply_to_file(report_pdf, staged, signature=read_png(images[0]), seal=read_png(images[1]),
                  signer_name="Nguyễn Đức Thuận")
    signed = sign_pdf(staged, tmp_path / "ky.pdf", SignRequest(token.lib, token.label), token.pin).path
    report = verify_pdf(signed, [test_ca.cert])
    assert [s.field_name for s in report.signatures] == [SIGNATURE_FIELD]
    assert report.signatures[0].integrity == INTACT and report.all_ok
    if shutil.which("pdfsig"):
        out = subprocess.run(["pdfsig", str(signed)], check=False, capture_output=True, text=True).stdout
        assert "Signature is Valid." in out and f"Signature Field Name: {SIGNATURE_FIELD}" in out


def test_separate_annex_gets_the_clerks_text(report_pdf, token, test_ca, tmp_path):
    src = tmp_path / "phu-luc.pdf"
    shutil.copy(report_pdf, src)
    result = sign_pdf(src, tmp_path / "phu-luc-ky.pdf", SignRequest(token.lib, token.label, annex_of="45/BC-UBND"),
                      token.pin)
    stamp_time = iso_time(result.signed_at)
    assert stamp_time.endswith("+07:00") and len(stamp_time) == 25
    first = pypdf.PdfReader(str(result.path)).pages[0]
    seen = []

    def visit(text, cm, tm, font, size):
        if text.strip() in ("45/BC-UBND", stamp_time):
            seen.append((text.strip(), tm[4], tm[5], size, str(font.get("/BaseFont"))))

    first.extract_text(visitor_text=visit)
    assert {s[0] for s in seen} == {"45/BC-UBND", stamp_time}
    width = float(first.mediabox.width)
    assert all(s[1] > width / 2 and s[2] > 780 and s[3] == 10 for s in seen), seen  # top right, 10 pt
    assert all("Serif" in s[4] or "Times" in s[4] for s in seen)
    report = verify_pdf(result.path, [test_ca.cert])
    assert report.all_ok
    assert report.signatures[0].signed_at == result.signed_at, "the text shows the signature's own time"
    with pikepdf.open(result.path) as pdf:
        font = pdf.pages[0].Resources.Font["/CchcVT"]
        assert "/FontFile2" in font.FontDescriptor, "the font is embedded (PDF/A)"


def test_iso_time_format():
    assert iso_time(datetime(2026, 11, 28, 9, 15, 2, 123, tzinfo=VN_TZ)) == "2026-11-28T09:15:02+07:00"


def test_cli_signs_with_images(report_pdf, images, token, test_ca, tmp_path):
    import os
    import sys

    root = Path(__file__).resolve().parents[2]
    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    env = {**os.environ, **token.env, "PYTHONPATH": str(root), "CCHC_PIN": token.pin,
           "CCHC_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, str(root / "main.py"), "sign", str(src), "--pkcs11-lib", token.lib,
                           "--token", token.label, "--signature-image", str(images[0]), "--seal-image", str(images[1]),
                           "--signer-name", "Nguyễn Đức Thuận"], check=False, capture_output=True, text=True, env=env,
                          timeout=180, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    signed = tmp_path / "r-da-ky.pdf"
    assert src.read_bytes() == report_pdf.read_bytes(), "the unsigned export is left as it was"
    report = verify_pdf(signed, [test_ca.cert])
    assert report.all_ok and report.signatures[0].field_name == SIGNATURE_FIELD


def test_cli_stamp_for_signing_elsewhere(report_pdf, images, tmp_path):
    import os
    import sys

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "co-anh.pdf"
    out.write_bytes(b"the user's file")
    args = [sys.executable, str(root / "main.py"), "stamp", str(report_pdf), "-o", str(out), "--signature-image",
            str(images[0]), "--seal-image", str(images[1]), "--signer-name", "Nguyễn Đức Thuận"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    refused = subprocess.run(args, check=False, capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 1 and "không ghi đè" in refused.stderr and out.read_bytes() == b"the user's file"
    out.unlink()
    done = subprocess.run(args, check=False, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    with pikepdf.open(out) as pdf:
        assert {str(f.T) for f in pdf.Root.AcroForm.Fields} == {SIGNATURE_FIELD, SEAL_FIELD}
        assert pdf.open_metadata().get("pdfaid:part") == "2"


def test_fields_are_printable_widgets_with_appearances(report_pdf, images, tmp_path):
    """PDF/A: every widget annotation prints (F has Print) and has an appearance stream."""
    out = tmp_path / "anh.pdf"
    apply_to_file(report_pdf, out, signature=read_png(images[0]), seal=read_png(images[1]))
    with pikepdf.open(out) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            assert int(field.F) & 4 and not int(field.F) & 2, "printable, not hidden"
            assert "/N" in field.AP
        assert "/OutputIntents" in pdf.Root


def test_deputy_and_long_name_on_another_report(qapp, tmp_path):
    """The other sample (Phường 1), signed KT. by a deputy with a long name."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) không được cài")
    from cchc_desktop.draft import Draft
    from cchc_desktop.pdf import convert_to_pdf
    from cchc_desktop.render import render_docx

    root = Path(__file__).resolve().parents[2]
    draft = Draft.from_json((root / "examples" / "phuong-1-6t-2024.json").read_text(encoding="utf-8"))
    draft.signer.deputy, draft.signer.title = True, "PHÓ CHỦ TỊCH"
    draft.signer.name = "Tôn Nữ Thị Phương Hoàng Anh Thư"
    pdf = convert_to_pdf(render_docx(draft, tmp_path / "p1.docx").path, tmp_path / "p1.pdf")
    sig, seal = make_signature_png(tmp_path / "s.png"), make_seal_png(tmp_path / "d.png")
    data, placement = add_appearance(pdf.read_bytes(), signature=read_png(sig), seal=read_png(seal),
                                     signer_name=draft.signer.name)
    place = find_place(pypdf.PdfReader(str(pdf)), draft.signer.name)
    assert place.title == "PHÓ CHỦ TỊCH" and place.name == draft.signer.name
    sx1, sy1, sx2, sy2 = placement.signature
    assert place.bottom <= sy1 < sy2 <= place.top
