"""The headless commands as a user runs them: python main.py new / validate / --version."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=120)


def test_version():
    from cchc_desktop import __version__

    r = run("--version")
    assert r.returncode == 0 and __version__ in r.stdout


@pytest.mark.parametrize("args, summary", [
    (["--kind", "periodic", "--period", "6m", "--year", "2024"], "6 tháng đầu năm 2024"),
    (["--kind", "periodic", "--period", "q1", "--year", "2025", "--variant", "B-2023"], "Quý I năm 2025"),
    (["--kind", "five-year", "--year", "2025"], "giai đoạn 2021-2025"),
    (["--kind", "self-inspection", "--period", "year", "--year", "2025"], "năm 2025"),
])
def test_new_then_validate(tmp_path, args, summary):
    out = tmp_path / "d.json"
    r = run("new", *args, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert summary in r.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "cchc-draft" and "{kỳ báo cáo}" in data["meta"]["summary"]  # the period's placeholder
    r = run("validate", str(out))
    # a fresh draft has no commune name nor signer yet: errors, said in Vietnamese
    assert r.returncode == 1 and "Chưa nhập tên cơ quan ban hành" in r.stdout


def test_new_refuses_bad_period_and_variant(tmp_path):
    r = run("new", "--kind", "five-year", "--period", "6m", "--year", "2025", "-o", str(tmp_path / "x.json"))
    assert r.returncode == 2 and "Kỳ «6m»" in r.stderr
    r = run("new", "--variant", "Z-1999", "--year", "2025", "-o", str(tmp_path / "x.json"))
    assert r.returncode == 2 and "Z-1999" in r.stderr
    assert not (tmp_path / "x.json").exists()


def test_validate_examples_report_exactly_the_sample_mistakes():
    r = run("validate", str(ROOT / "examples/phuong-1-6t-2024.json"), "--json")
    assert r.returncode == 1
    found = {(f["form"], f["code"], f["severity"]) for f in json.loads(r.stdout) if f.get("kind") != "spelling"}
    assert found == {(3, "1.4.1", "error"), (7, "5.3", "error"), (7, "5.4", "error"), (6, "4", "warning")}
    r = run("validate", str(ROOT / "examples/quang-khai-6t-2023.json"), "--json")
    found = {(f["form"], f["code"], f["severity"]) for f in json.loads(r.stdout) if f.get("kind") != "spelling"}
    assert found == {(3, "1.4", "error"), (3, "3.1", "error"), (3, "3.3", "error"), (3, "3.4", "error"),
                     (4, "3.1", "error"), (4, "3.2", "error"), (6, "1.1", "error"), (6, "1.2", "error"),
                     (7, "6.6.1", "error"), (7, "6.8", "error"),
                     (3, "1.4", "warning"), (4, "3.3", "warning")}  # text and table disagree


def test_validate_text_output_is_vietnamese():
    r = run("validate", str(ROOT / "examples/quang-khai-6t-2023.json"))
    assert "[LỖI] Biểu mẫu 4, dòng 3.1" in r.stdout and "Tổng cộng: 10 lỗi, " in r.stdout
    assert "[CẢNH BÁO] Mục «4. Công tác thông tin, tuyên truyền cải cách hành chính»: «truyên truyền» viết sai, " \
           "đúng là «tuyên truyền»." in r.stdout


def test_validate_clean_draft_exits_zero(tmp_path):
    from cchc_desktop.draft import Draft

    d = Draft.from_json((ROOT / "examples/quang-khai-6t-2023.json").read_text(encoding="utf-8"))
    d.annex = {}
    for _, section in d.iter_sections():  # a text without typos or figures
        section.text = "UBND xã đã triển khai thực hiện tốt công tác cải cách hành chính." if section.text else ""
    path = tmp_path / "clean.json"
    path.write_text(d.to_json(), encoding="utf-8")
    r = run("validate", str(path))
    assert r.returncode == 0 and "Không phát hiện" in r.stdout


@pytest.mark.parametrize("content, fragment", [
    (None, "Không tìm thấy"),
    (b"\xff\xfe garbage", "UTF-8"),
    (b"{broken", "bị hỏng"),
    (b'{"format": "cchc-draft", "version": 99}', "phiên bản mới hơn"),
    (b'{"hello": 1}', "không phải tệp dự thảo"),
])
def test_unreadable_input_exits_2_with_a_message(tmp_path, content, fragment):
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    r = run("validate", str(path))
    assert r.returncode == 2
    assert fragment in r.stderr and "Traceback" not in r.stderr
