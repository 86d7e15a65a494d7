"""Ký số with a real PKCS#11 token (SoftHSM2), checked by pyHanko's validator AND poppler's pdfsig."""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_desktop.signing import token as tk
from cchc_desktop.signing.errors import SigningError
from cchc_desktop.signing.sign import EXISTS, SignRequest, sign_pdf, signed_path
from cchc_desktop.signing.verify import CHANGED, INTACT, format_result, verify_pdf

from .conftest import EXPIRED, LOCKED

ROOT = Path(__file__).resolve().parents[2]
PDFSIG = shutil.which("pdfsig")


def pdfsig(path: Path) -> str:
    if not PDFSIG:
        pytest.skip("poppler's pdfsig is not installed")
    return subprocess.run([PDFSIG, str(path)], check=False, capture_output=True, text=True, timeout=60).stdout


def flip_byte_in_content(data: bytes) -> bytes:
    """One byte of the report's own content (inside the first page's compressed stream) changed."""
    i = data.index(b"stream", data.index(b"/Contents") if b"/Contents" in data else 0)
    out = bytearray(data)
    out[i + 40] ^= 0x01
    return bytes(out)


def test_sign_then_verify_with_pyhanko_and_pdfsig(report_pdf, token, test_ca, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    src = tmp_path / "bao-cao.pdf"
    shutil.copy(report_pdf, src)
    before = src.read_bytes()
    result = sign_pdf(src, signed_path(src), SignRequest(token.lib, token.label), token.pin)
    assert result.path == tmp_path / "bao-cao-da-ky.pdf" and result.level == "PAdES B-B"
    assert result.cert.holder == token.holder
    assert src.read_bytes() == before, "the unsigned report must stay as it was"
    signed = result.path.read_bytes()
    assert signed.startswith(before), "an incremental update: the report's bytes are signed as exported"

    report = verify_pdf(result.path, [test_ca.cert])
    [sig] = report.signatures
    assert sig.integrity == INTACT and sig.crypto_ok and sig.trusted and report.all_ok
    assert sig.holder == token.holder and sig.issuer == "CA thử nghiệm CCHC"
    assert abs((sig.signed_at - result.signed_at).total_seconds()) < 5
    text = format_result(report)
    assert "KHÔNG bị thay đổi" in text and token.holder in text and "KẾT LUẬN: mọi chữ ký hợp lệ" in text

    untrusted = verify_pdf(result.path, [])
    assert not untrusted.signatures[0].trusted and not untrusted.all_ok
    assert "chưa thêm chứng thư gốc" in format_result(untrusted)
    assert "CHƯA xác định được chứng thư có do tổ chức cung cấp chữ ký số" in format_result(untrusted)

    out = pdfsig(result.path)  # a second implementation (poppler/NSS)
    assert "Signature is Valid." in out and "Total document signed" in out and token.holder in out
    assert token.pin not in caplog.text


def test_one_changed_byte_is_reported_as_changed(report_pdf, token, test_ca, tmp_path):
    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    signed = sign_pdf(src, tmp_path / "r-signed.pdf", SignRequest(token.lib, token.label), token.pin).path
    changed = tmp_path / "r-changed.pdf"
    changed.write_bytes(flip_byte_in_content(signed.read_bytes()))
    report = verify_pdf(changed, [test_ca.cert])
    assert report.signatures[0].integrity == CHANGED and not report.all_ok
    assert "ĐÃ BỊ THAY ĐỔI SAU KHI KÝ" in format_result(report)
    assert "KẾT LUẬN: VĂN BẢN ĐÃ BỊ THAY ĐỔI" in format_result(report)
    assert "Digest Mismatch" in pdfsig(changed)


def test_pdfa_identification_survives_signing(report_pdf, token, tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    signed = sign_pdf(src, tmp_path / "s.pdf", SignRequest(token.lib, token.label), token.pin).path
    with pikepdf.open(signed) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "B")
        field = pdf.Root.AcroForm.Fields[0]
        assert field.FT == "/Sig" and "/V" in field


@pytest.mark.parametrize("case", ["wrong-pin", "locked", "missing-library", "not-a-driver", "expired", "no-token"])
def test_failures_are_clear_vietnamese(case, report_pdf, tokens, token, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    lib, label, pin = token.lib, token.label, token.pin
    expect = {"wrong-pin": "Mã PIN không đúng", "locked": "đã bị khóa do nhập sai mã PIN",
              "missing-library": "Không tìm thấy trình điều khiển ký số", "expired": "đã hết hạn",
              "not-a-driver": "Không nạp được trình điều khiển ký số", "no-token": "Không thấy thiết bị ký số có nhãn"}
    if case == "wrong-pin":
        pin = "000000"
    elif case == "locked":
        label, pin = LOCKED, tokens[LOCKED].pin
    elif case == "missing-library":
        lib = str(tmp_path / "vnptca_p11_v8.dll")
    elif case == "not-a-driver":
        lib = str(src)  # a file, but not a PKCS#11 library
    elif case == "expired":
        label, pin = EXPIRED, tokens[EXPIRED].pin
    elif case == "no-token":
        label = "KHONG CO"
    with pytest.raises(SigningError) as info:
        sign_pdf(src, tmp_path / "out.pdf", SignRequest(lib, label), pin)
    message = str(info.value)
    assert expect[case] in message
    assert not (tmp_path / "out.pdf").exists()
    assert "Traceback" not in message and pin not in message and pin not in caplog.text


def test_locked_token_is_shown_locked_and_tries_no_pin(tokens):
    by_label = {t.label: t for t in tk.list_tokens(tokens[LOCKED].lib)}
    assert by_label[LOCKED].locked and "ĐÃ KHÓA" in by_label[LOCKED].description
    assert not any(t.label == "" for t in by_label.values()), "the empty slot's blank token is not offered"


def test_certificates_are_listed_without_pin(tokens, token):
    [cert] = tk.list_certificates(token.lib, token.label)
    assert cert.holder == token.holder and cert.issuer == "CA thử nghiệm CCHC" and not cert.expired()
    [old] = tk.list_certificates(tokens[EXPIRED].lib, EXPIRED)
    assert old.expired() and "HẾT HẠN" in old.description


def test_never_overwrites(report_pdf, token, tmp_path):
    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    taken = tmp_path / "r-da-ky.pdf"
    taken.write_bytes(b"the user's own file")
    assert signed_path(src) == tmp_path / "r-da-ky-2.pdf"
    with pytest.raises(SigningError) as info:
        sign_pdf(src, taken, SignRequest(token.lib, token.label), token.pin)
    assert str(info.value) == EXISTS.format(name=taken.name)
    assert taken.read_bytes() == b"the user's own file"
    with pytest.raises(SigningError):
        sign_pdf(src, src, SignRequest(token.lib, token.label), token.pin, overwrite=True)
    assert src.read_bytes() == report_pdf.read_bytes()


def _cli(args, env_extra, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], check=False, capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=180, stdin=subprocess.DEVNULL)


def test_cli_sign_verify_and_trust(report_pdf, token, test_ca, tmp_path):
    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    env = {**token.env, "CCHC_PIN": token.pin, "CCHC_DATA_DIR": str(tmp_path / "data")}
    done = _cli(["sign", str(src), "--pkcs11-lib", token.lib, "--token", token.label, "--cert-label", "signer",
                 "-o", str(tmp_path / "signed.pdf")], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Đã ký" in done.stdout and token.pin not in done.stdout + done.stderr

    untrusted = _cli(["verify", str(tmp_path / "signed.pdf")], env, tmp_path)
    assert untrusted.returncode == 1 and "KHÔNG bị thay đổi" in untrusted.stdout

    ca_file = test_ca.pem_file(tmp_path / "ca.pem")
    added = _cli(["trust-ca", "--add", str(ca_file)], env, tmp_path)
    assert added.returncode == 0 and "CA thử nghiệm CCHC" in added.stdout
    trusted = _cli(["verify", str(tmp_path / "signed.pdf")], env, tmp_path)
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
    assert "KẾT LUẬN: mọi chữ ký hợp lệ" in trusted.stdout

    wrong = _cli(["sign", str(src), "--pkcs11-lib", token.lib, "--token", token.label],
                 {**env, "CCHC_PIN": "999999"}, tmp_path)
    assert wrong.returncode == 1 and "Mã PIN không đúng" in wrong.stderr and "Traceback" not in wrong.stderr
    assert not (tmp_path / "r-da-ky.pdf").exists()

    nopin = _cli(["sign", str(src), "--pkcs11-lib", token.lib, "--token", token.label],
                 {k: v for k, v in env.items() if k != "CCHC_PIN"}, tmp_path)
    assert nopin.returncode == 2 and "CCHC_PIN" in nopin.stderr

    nolib = _cli(["sign", str(src), "--pkcs11-lib", str(tmp_path / "none.dll")], env, tmp_path)
    assert nolib.returncode == 1 and "Không tìm thấy trình điều khiển" in nolib.stderr


def test_a_personal_certificate_is_not_accepted_as_ca(tmp_path, tokens, token):
    from cchc_desktop.signing.trust import add_trusted_ca

    [cert] = tk.list_certificates(token.lib, token.label)
    path = tmp_path / "person.cer"
    path.write_bytes(cert.der)
    with pytest.raises(SigningError, match="không phải của tổ chức"):
        add_trusted_ca(path, folder=tmp_path / "trust")
    (tmp_path / "junk.cer").write_bytes(b"not a certificate")
    with pytest.raises(SigningError, match="không phải chứng thư số"):
        add_trusted_ca(tmp_path / "junk.cer", folder=tmp_path / "trust")


def test_verify_unsigned_and_damaged(report_pdf, tmp_path):
    report = verify_pdf(report_pdf, [])
    assert report.signatures == [] and "không có chữ ký số nào" in format_result(report)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    with pytest.raises(SigningError, match="không phải tệp PDF đọc được"):
        verify_pdf(bad, [])
    with pytest.raises(SigningError, match="không phải tệp PDF"):
        verify_pdf(ROOT / "README.md", [])


def test_content_added_after_signing_is_reported(report_pdf, token, test_ca, tmp_path):
    """An editor that saves incrementally (the signed bytes intact) and adds text to page 1: the
    signature still matches its revision, but the document shown is not what was signed."""
    from datetime import datetime

    from cchc_desktop.signing.annexstamp import add_clerk_stamp
    from cchc_desktop.signing.token import VN_TZ

    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    signed = sign_pdf(src, tmp_path / "s.pdf", SignRequest(token.lib, token.label), token.pin).path
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(add_clerk_stamp(signed.read_bytes(), "99/BC-UBND", datetime.now(VN_TZ)))
    report = verify_pdf(edited, [test_ca.cert])
    [sig] = report.signatures
    assert sig.crypto_ok, "the signed revision itself is intact"
    assert sig.integrity == CHANGED and not report.all_ok
    assert "ĐÃ BỊ THAY ĐỔI SAU KHI KÝ" in format_result(report)


def test_a_second_signature_is_an_allowed_change(report_pdf, token, test_ca, tmp_path):
    from cchc_desktop.signing.verify import CHANGED_ALLOWED

    src = tmp_path / "r.pdf"
    shutil.copy(report_pdf, src)
    once = sign_pdf(src, tmp_path / "1.pdf", SignRequest(token.lib, token.label), token.pin).path
    twice = sign_pdf(once, tmp_path / "2.pdf", SignRequest(token.lib, token.label, field_name="VanThu"), token.pin).path
    report = verify_pdf(twice, [test_ca.cert])
    assert [s.integrity for s in report.signatures] == [CHANGED_ALLOWED, INTACT]
    assert report.all_ok and "KẾT LUẬN: mọi chữ ký hợp lệ" in format_result(report)
