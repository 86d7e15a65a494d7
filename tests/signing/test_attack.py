"""Regressions found by attacking the signing commands as a stranger would (hostile PDFs and images,
odd sizes, a second signature, odd tokens and certificates). Each test failed before its fix."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cchc_desktop.signing.errors import SigningError, SigningInputError

ROOT = Path(__file__).resolve().parents[2]


def _cli(args, tmp_path, env_extra=None, timeout=120):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CCHC_DATA_DIR": str(tmp_path / "data"), **(env_extra or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], check=False, capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=timeout, stdin=subprocess.DEVNULL)


def _png(tmp_path: Path) -> Path:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\0" + b"\x10\x20\xc0\x80" * 40 for _ in range(20))
    path = tmp_path / "sig.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 20, 8, 6, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def _in_thread(fn, timeout=20):
    """Run ``fn`` with a deadline: a read that blocks on a FIFO must not hang the test run."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "the read blocked (FIFO) or never ended (device)"
    return box


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "loop"])
def test_png_that_is_not_a_regular_file_is_refused_not_read(kind, tmp_path):
    """A FIFO made `stamp --signature-image` hang forever; /dev/zero ate memory until killed."""
    from cchc_desktop.signing.pngimage import read_png

    target = tmp_path / "anh.png"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target = Path("/dev/zero")
    elif kind == "folder":
        target.mkdir()
    else:
        os.symlink(tmp_path / "b.png", target)
        os.symlink(target, tmp_path / "b.png")
    box = _in_thread(lambda: read_png(target))
    assert isinstance(box.get("error"), SigningInputError), box
    message = str(box["error"])
    assert "Traceback" not in message and "Errno" not in message
    assert "directory" not in message and "symbolic" not in message, message  # English strerror
    assert any(ch in message for ch in "ảđơư")


def test_trust_folder_with_a_fifo_or_device_is_listed_without_hanging(tmp_path, test_ca):
    from cchc_desktop.signing.trust import trusted_cas

    folder = tmp_path / "trusted-ca"
    folder.mkdir()
    test_ca.pem_file(folder / "good.pem")
    os.mkfifo(folder / "fifo.der")
    os.symlink("/dev/zero", folder / "zero.der")
    (folder / "junk.cer").write_bytes(b"junk")
    box = _in_thread(lambda: trusted_cas(folder))
    assert "error" not in box and [e.subject for e in box["value"]] == ["CA thử nghiệm CCHC"]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0.0, -5.0, 1e9])
def test_absurd_image_sizes_are_refused_in_vietnamese(value):
    """--seal-mm nan / inf crashed (ValueError, OverflowError); 0, -5, 1e9 made a broken page."""
    from cchc_desktop.signing.appearance import check_sizes

    check_sizes(40.0, 36.0)
    with pytest.raises(SigningInputError, match="phải từ"):
        check_sizes(40.0, value)
    with pytest.raises(SigningInputError, match="phải từ"):
        check_sizes(value, 36.0)


def test_cli_stamp_with_nan_size_exits_2_with_a_sentence(report_pdf, tmp_path):
    sig = _png(tmp_path)
    done = _cli(["stamp", str(report_pdf), "-o", str(tmp_path / "o.pdf"), "--signature-image", str(sig),
                 "--seal-mm", "nan"], tmp_path)
    assert done.returncode == 2 and "Đường kính con dấu phải từ" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "o.pdf").exists()


def test_stamping_twice_is_a_sentence_not_a_crash(report_pdf, tmp_path):
    """A stamped PDF stamped again: pyHanko's "Naming conflict in resource" reached the guard."""
    sig = _png(tmp_path)
    once = tmp_path / "once.pdf"
    done = _cli(["stamp", str(report_pdf), "-o", str(once), "--signature-image", str(sig)], tmp_path)
    assert done.returncode == 0, done.stderr
    again = _cli(["stamp", str(once), "-o", str(tmp_path / "twice.pdf"), "--signature-image", str(sig)], tmp_path)
    assert again.returncode == 2 and "đã có ô chữ ký «ChuKySo»" in again.stderr, again.stderr
    assert "không mong đợi" not in again.stderr and not (tmp_path / "twice.pdf").exists()


def test_library_warnings_stay_out_of_the_console(tmp_path):
    """pypdf's "EOF marker not found" was printed in English above the Vietnamese sentence."""
    bad = tmp_path / "cut.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 50)
    done = _cli(["stamp", str(bad), "-o", str(tmp_path / "o.pdf"), "--signature-image", str(_png(tmp_path))],
                tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Lỗi: ") and "EOF marker" not in done.stderr, done.stderr


def test_encrypted_pdf_is_named_as_such_when_stamping_and_verifying(report_pdf, tmp_path):
    """An encrypted PDF with an empty user password hit "lỗi không mong đợi" in stamp and sign."""
    pikepdf = pytest.importorskip("pikepdf")
    from cchc_desktop.signing.appearance import add_appearance
    from cchc_desktop.signing.pngimage import read_png
    from cchc_desktop.signing.verify import verify_pdf

    locked, opened = tmp_path / "locked.pdf", tmp_path / "opened.pdf"
    with pikepdf.open(report_pdf) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u"))
        pdf.save(opened, encryption=pikepdf.Encryption(owner="o", user=""))
    for path in (locked, opened):
        with pytest.raises(SigningInputError, match="mật khẩu"):
            add_appearance(path.read_bytes(), signature=read_png(_png(tmp_path)), seal=None)
    with pytest.raises(SigningInputError, match="mật khẩu"):
        verify_pdf(locked, [])
    assert verify_pdf(opened, []).signatures == []


def test_cli_sign_on_a_folder_or_device_says_what_it_is_and_exits_2(tmp_path, report_pdf):
    """`sign FOLDER` said "Không tìm thấy tệp" (it exists); a non-PDF exited 1 where the CLI
    documents 2 for unreadable input."""
    folder = tmp_path / "thu-muc.pdf"
    folder.mkdir()
    done = _cli(["sign", str(folder), "--pkcs11-lib", "/nonexistent.so"], tmp_path)
    assert done.returncode == 2 and "là một thư mục" in done.stderr, done.stderr
    done = _cli(["sign", "/dev/zero", "--pkcs11-lib", "/nonexistent.so"], tmp_path)
    assert done.returncode == 2 and "không phải một tệp thông thường" in done.stderr, done.stderr
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    done = _cli(["stamp", str(junk), "-o", str(tmp_path / "o.pdf"), "--seal-image", str(_png(tmp_path))], tmp_path)
    assert done.returncode == 2 and "không phải tệp PDF" in done.stderr, done.stderr


def test_annex_code_is_printed_as_typed_never_as_page_operators(report_pdf):
    """`--annex-of '45/BC) Tj (x'` wrote unescaped text into the page's content stream."""
    import io

    import pypdf

    from cchc_desktop.signing.annexstamp import add_clerk_stamp
    from cchc_desktop.signing.token import VN_TZ

    when = dt.datetime(2026, 11, 28, 9, 15, 2, tzinfo=VN_TZ)
    out = add_clerk_stamp(report_pdf.read_bytes(), "45/BC) Tj (x\\", when)
    text = pypdf.PdfReader(io.BytesIO(out)).pages[0].extract_text()
    assert "45/BC) Tj (x\\" in text
    with pytest.raises(SigningError, match="không quá 40 ký tự"):
        add_clerk_stamp(report_pdf.read_bytes(), "A" * 41, when)


def test_an_already_signed_pdf_can_be_signed_again(report_pdf, token, test_ca, tmp_path):
    """Signing a signed PDF (the clerk after the Chairman) failed: "Không ký được tệp (SigningError)",
    pyHanko: "Signature field with name ChuKySo appears to be filled already"."""
    from cchc_desktop.signing.sign import SignRequest, sign_pdf
    from cchc_desktop.signing.verify import CHANGED_ALLOWED, INTACT, verify_pdf

    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    once = sign_pdf(src, tmp_path / "1.pdf", SignRequest(token.lib, token.label), token.pin).path
    twice = sign_pdf(once, tmp_path / "2.pdf", SignRequest(token.lib, token.label), token.pin).path
    thrice = sign_pdf(twice, tmp_path / "3.pdf", SignRequest(token.lib, token.label), token.pin).path
    report = verify_pdf(thrice, [test_ca.cert])
    assert [s.field_name for s in report.signatures] == ["ChuKySo", "ChuKySo-2", "ChuKySo-3"]
    assert [s.integrity for s in report.signatures] == [CHANGED_ALLOWED, CHANGED_ALLOWED, INTACT]
    assert report.all_ok


def test_several_tokens_and_no_label_says_to_choose(tokens, token, report_pdf, tmp_path):
    """With several tokens and no --token the message was «Không thấy thiết bị ký số có nhãn «»»."""
    from cchc_desktop.signing.sign import SignRequest, sign_pdf

    assert len(tokens) > 1
    with pytest.raises(SigningError) as info:
        sign_pdf(report_pdf, tmp_path / "o.pdf", SignRequest(token.lib, ""), token.pin)
    assert "Đang cắm nhiều thiết bị ký số" in str(info.value) and "«»" not in str(info.value)


def _cert(holder: str, label: str, *, usage: str = "sign", days: int = 365):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    from cchc_desktop.signing.token import parse_certificate

    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, holder)])
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=days)))
    if usage:
        sign = usage == "sign"
        builder = builder.add_extension(x509.KeyUsage(sign, sign, not sign, False, False, False, False, False, False),
                                        critical=True)
    der = builder.sign(key, hashes.SHA256()).public_bytes(Encoding.DER)
    return parse_certificate(der, label, b"\x01")


def test_two_certificates_under_one_label_are_not_mixed_up():
    """A token with two certificates labelled alike signed with whichever came first."""
    from cchc_desktop.signing.token import select_certificate

    one, two = _cert("Người Một", "signer"), _cert("Người Hai", "signer")
    with pytest.raises(SigningError, match="2 chứng thư số cùng nhãn"):
        select_certificate([one, two], "signer", "T")
    assert select_certificate([one, two], "Người Hai", "T") is two
    assert select_certificate([one, two], "Người Một", "T") is one


def test_an_encryption_only_certificate_does_not_sign():
    """A certificate whose key usage is encryption only signed, and its signature was then reported
    as "not from a CA you trust" (pyHanko wants non-repudiation)."""
    from cchc_desktop.signing.token import cert_problem

    assert cert_problem(_cert("Ký", "a")) is None
    assert cert_problem(_cert("Không KU", "b", usage="")) is None
    problem = cert_problem(_cert("Mã Hóa", "c", usage="encrypt"))
    assert problem and "không dùng để ký văn bản" in problem


def test_a_changed_document_is_not_blamed_on_the_trust_list(report_pdf, token, test_ca, tmp_path):
    """A byte changed in a signed PDF, the CA trusted: the report said the certificate was "not from a
    CA in your trust list", sending the user to the wrong cause."""
    from cchc_desktop.signing.sign import SignRequest, sign_pdf
    from cchc_desktop.signing.verify import CHANGED, format_result, verify_pdf

    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    signed = sign_pdf(src, tmp_path / "s.pdf", SignRequest(token.lib, token.label), token.pin).path
    data = bytearray(signed.read_bytes())
    i = data.index(b"stream", data.index(b"/Contents"))
    data[i + 40] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    report = verify_pdf(changed, [test_ca.cert])
    assert report.signatures[0].integrity == CHANGED
    text = format_result(report)
    assert "không do CA nào trong danh sách tin cậy" not in text
    assert "Không xét nguồn gốc chứng thư" in text and "KẾT LUẬN: VĂN BẢN ĐÃ BỊ THAY ĐỔI" in text


def test_settings_with_nan_sizes_fall_back_to_the_defaults(tmp_path):
    """A hand-edited settings.json with NaN kept NaN (min/max keep it), and the dialog signed with it."""
    from cchc_desktop.signing.settings import SETTINGS_FILE, load_settings

    (tmp_path / SETTINGS_FILE).write_text('{"signature_width_mm": NaN, "seal_diameter_mm": Infinity}')
    s = load_settings(tmp_path)
    assert (s.signature_width_mm, s.seal_diameter_mm) == (40.0, 36.0)


def test_choosing_the_kept_image_again_is_fine_and_a_fifo_is_refused(tmp_path):
    """Picking the kept copy (chu-ky.png) itself said "(... are the same file)" in English."""
    from cchc_desktop.signing.settings import store_image

    kept = store_image("signature", _png(tmp_path), tmp_path / "profile")
    before = kept.read_bytes()
    assert store_image("signature", kept, tmp_path / "profile") == kept and kept.read_bytes() == before
    os.mkfifo(tmp_path / "fifo.png")
    box = _in_thread(lambda: store_image("seal", tmp_path / "fifo.png", tmp_path / "profile"))
    assert isinstance(box.get("error"), SigningError) and "thông thường" in str(box["error"])


@pytest.mark.parametrize("lib", ["folder", "/dev/zero"])
def test_a_driver_path_that_is_a_folder_is_not_called_missing(lib, tmp_path):
    """`--pkcs11-lib /tmp` said "Không tìm thấy trình điều khiển" although the path is there."""
    from cchc_desktop.signing.token import list_tokens

    path = str(tmp_path) if lib == "folder" else lib
    with pytest.raises(SigningError) as info:
        list_tokens(path)
    assert "không phải tệp trình điều khiển" in str(info.value) and "Không tìm thấy" not in str(info.value)


def test_a_file_where_the_trust_folder_should_be_is_said_in_words(tmp_path, test_ca):
    """A file named trusted-ca in the data folder gave "(mã lỗi hệ thống 17)"."""
    from cchc_desktop.signing.trust import add_trusted_ca

    (tmp_path / "trusted-ca").write_bytes(b"x")
    with pytest.raises(SigningError, match="là một tệp chứ không phải thư mục"):
        add_trusted_ca(test_ca.pem_file(tmp_path / "ca.pem"), folder=tmp_path / "trusted-ca")


def test_clerk_stamp_prints_a_code_with_d_stroke(report_pdf, tmp_path):
    """Codes such as "12/QĐ-UBND" (quyết định) were refused: the stamp font knew ASCII only."""
    import datetime as dt
    import io
    import shutil
    import subprocess

    import pypdf

    from cchc_desktop.signing.annexstamp import add_clerk_stamp
    from cchc_desktop.signing.token import VN_TZ

    when = dt.datetime(2026, 11, 28, 9, 15, 2, tzinfo=VN_TZ)
    out = add_clerk_stamp(report_pdf.read_bytes(), "12/QĐ-UBND-đ", when)
    assert "12/QĐ-UBND-đ" in pypdf.PdfReader(io.BytesIO(out)).pages[0].extract_text()
    if shutil.which("pdftotext"):
        pdf = tmp_path / "stamped.pdf"
        pdf.write_bytes(out)
        text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "12/QĐ-UBND-đ" in text
    with pytest.raises(SigningError, match="chữ Đ"):
        add_clerk_stamp(report_pdf.read_bytes(), "12/QĐ-ỦBND", when)


def test_a_ca_copied_in_by_hand_is_listed_once_and_removed_whole(tmp_path, test_ca):
    """The trust list showed the same CA twice when its file was also copied into trusted-ca/ by
    hand; removing one entry left the CA trusted through the other file."""
    import shutil

    from cchc_desktop.signing.trust import add_trusted_ca, remove_trusted_ca, trusted_cas, trusted_certificates

    folder = tmp_path / "trusted-ca"
    added = add_trusted_ca(test_ca.pem_file(tmp_path / "ca.pem"), folder=folder)
    shutil.copy(tmp_path / "ca.pem", folder / "Ban sao CA.pem")
    [entry] = trusted_cas(folder)
    assert entry.fingerprint == added.fingerprint and len(entry.copies) == 1
    assert len(trusted_certificates(folder, extra=[tmp_path / "ca.pem"])) == 1
    remove_trusted_ca(entry)
    assert trusted_cas(folder) == [] and not any(folder.iterdir())


def test_clerk_stamp_on_a_blank_first_page(tmp_path):
    """A first page with no /Contents raised KeyError('/Contents') (attack 13)."""
    import datetime as dt
    import io

    import pypdf

    from cchc_desktop.signing.annexstamp import add_clerk_stamp
    from cchc_desktop.signing.token import VN_TZ

    blank = pypdf.PdfWriter()
    blank.add_blank_page(595, 842)
    buf = io.BytesIO()
    blank.write(buf)
    out = add_clerk_stamp(buf.getvalue(), "12/QĐ-UBND", dt.datetime(2026, 11, 28, 9, 15, 2, tzinfo=VN_TZ))
    assert "12/QĐ-UBND" in pypdf.PdfReader(io.BytesIO(out)).pages[0].extract_text()
