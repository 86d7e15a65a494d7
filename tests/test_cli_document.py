"""The render, import and check-template commands: messages and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

from cchc_desktop.cli import main
from cchc_desktop.draft import Draft

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
QK = EXAMPLES / "quang-khai-6t-2023.json"


def test_render_and_import_round_trip(tmp_path, capsys):
    out = tmp_path / "bc.docx"
    assert main(["render", str(QK), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Đã xuất" in printed and "Dự thảo còn" in printed  # the example keeps its real mistakes
    back = tmp_path / "back.json"
    assert main(["import", str(out), "-o", str(back)]) == 0
    original = Draft.from_json(QK.read_text(encoding="utf-8")).to_dict()
    assert json.loads(back.read_text(encoding="utf-8")) == original
    assert main(["import", str(out), "-o", str(back)]) == 1  # no silent overwrite
    assert "--force" in capsys.readouterr().err
    assert main(["import", str(out), "-o", str(back), "--force"]) == 0


def test_render_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert main(["render", str(bad), "-o", str(tmp_path / "x.docx")]) == 2
    assert main(["render", str(tmp_path / "none.json"), "-o", str(tmp_path / "x.docx")]) == 2
    assert main(["render", str(QK), "-o", str(tmp_path / "x.docx"), "--template", str(tmp_path / "t.docx")]) == 2
    assert "Không tìm thấy" in capsys.readouterr().err


def test_render_cannot_write(tmp_path, capsys, monkeypatch):
    target = tmp_path / "bc.docx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("os.replace", locked)
    # --force: "old" was not written by the app, so without it the render refuses before writing
    assert main(["render", str(QK), "-o", str(target), "--force"]) == 1
    assert "đang mở trong chương trình khác" in capsys.readouterr().err
    assert target.read_bytes() == b"old" and len(list(tmp_path.iterdir())) == 1


def test_render_broken_template(tmp_path, capsys):
    bad = tmp_path / "t.docx"
    bad.write_text("not a docx")
    assert main(["render", str(QK), "-o", str(tmp_path / "x.docx"), "--template", str(bad)]) == 1
    assert "mẫu" in capsys.readouterr().err


def test_import_foreign(tmp_path, capsys):
    from docx import Document

    other = tmp_path / "other.docx"
    Document().save(str(other))
    assert main(["import", str(other), "-o", str(tmp_path / "d.json")]) == 2
    assert "không do CCHC Desktop tạo ra" in capsys.readouterr().err


def test_check_template(tmp_path, capsys):
    from cchc_desktop.resources import template_path

    assert main(["check-template", str(template_path("report.docx")), "--kind", "periodic"]) == 0
    from docx import Document

    doc = Document(str(template_path("notice.docx")))  # a unit's own template without the annex part
    body = doc.element.body
    start = next(i for i, el in enumerate(body) if "if has_annex" in "".join(el.itertext()))
    for el in list(body)[start:]:
        if not el.tag.endswith("}sectPr"):
            body.remove(el)
    custom = tmp_path / "c.docx"
    doc.save(str(custom))
    assert main(["check-template", str(custom), "--kind", "periodic"]) == 1
    assert "forms" in capsys.readouterr().out
    junk = tmp_path / "j.docx"
    junk.write_text("x")
    assert main(["check-template", str(junk)]) == 2
