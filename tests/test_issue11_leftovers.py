"""Issue 11 leftovers (session 3): consolidation inputs that are not regular files, the case of
"tệp Word" in a zip-bomb refusal, the written-files record under two processes."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

from cchc_desktop.consolidate.readers import list_files, read_file


def test_consolidate_fifo_and_device_are_not_called_missing(tmp_path):
    fifo = tmp_path / "bao-cao.docx"
    os.mkfifo(fifo)
    loop = tmp_path / "vong.docx"
    os.symlink(loop, loop)
    files, skipped = list_files([fifo, "/dev/zero", loop, tmp_path / "khong-co.docx"])
    assert files == []
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons["bao-cao.docx"].startswith("không phải một tệp thông thường"), reasons
    assert reasons["zero"].startswith("không phải một tệp thông thường"), reasons
    assert "liên kết vòng" in reasons["vong.docx"], reasons
    assert reasons["khong-co.docx"] == "không tìm thấy tệp hoặc thư mục này"
    assert all("không tìm thấy" not in reasons[n] for n in ("bao-cao.docx", "zero", "vong.docx"))


def test_zip_bomb_reason_says_tep_word_with_capital_w(tmp_path):
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(2):  # two parts of 300 MB of zeros: 600 MB unpacked, ~600 KB on disk
            zf.writestr(f"word/p{i}.xml", b"\0" * (300 * 1024 * 1024))
    result = read_file(bomb)
    assert result.reason.startswith("tệp Word khi giải nén quá lớn"), result.reason
    assert "word" not in result.reason.replace("Word", ""), result.reason
