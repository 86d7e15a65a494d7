"""Templates a user supplies are rendered in Jinja's sandbox: a template that reaches for
Python internals (``__class__``, ``__globals__``, ``__subclasses__``, ``str.format`` tricks,
``attr``) is refused with a Vietnamese ``RenderError`` or renders without leaking anything;
the user's own files and the process are never touched.

The templates are built with python-docx, the way a commune would type them in Word.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from cchc_desktop.draft import Draft
from cchc_desktop.render.docx_render import RenderError, render_docx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "phuong-1-6t-2024.json"
CANARY = "cchc-sandbox-canary"

ATTACKS = {
    "mro": "{{ ''.__class__.__mro__ }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "for-subclasses": "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.popen('touch " + CANARY + "').read() }}",
    "joiner-globals": "{{ joiner.__init__.__globals__ }}",
    "namespace-globals": "{{ namespace.__init__.__globals__['os'] }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].system('touch " + CANARY + "') }}",
    "context-ref": "{{ self._TemplateReference__context }}",
    "subscript": "{{ ''['__class__']['__mro__'] }}",
    "attr-filter": "{{ (''|attr('__class__')|attr('__mro__')) }}",
    "format-string": "{{ '{0.__class__.__mro__}'.format(summary) }}",
    "format-map": "{{ '{x.__class__}'.format_map({'x': summary}) }}",
    "context-object": "{{ body[0].__class__.__init__.__globals__ }}",
    "dict-of-context": "{{ forms.__class__.__dict__ }}",
    "func-code": "{{ summary.upper.__self__.__class__ }}",
    "import-statement": "{% import 'os' as os %}{{ os }}",
    "include-file": "{% include '/etc/passwd' %}",
    "set-unsafe": "{% set c = summary.__class__ %}{{ c }}",
    "range-huge": "{{ range(10**9)|list|length }}",
    "globals-func": "{{ range.__self__ }}",
    "config-like": "{{ config }}{{ request }}{{ settings }}",
}
LEAKS = ("<class", "<function", "<module", "<built-in", "__", "mro", "subclasses", "root:", "os.py",
         "<bound", "TemplateReference", "<generator")


def _template(tmp_path: Path, name: str, attack: str) -> Path:
    doc = docx.Document()
    doc.add_paragraph("{{ summary }}")
    doc.add_paragraph(attack)
    doc.add_paragraph("Kết thúc mẫu.")
    path = tmp_path / f"{name}.docx"
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def draft() -> Draft:
    return Draft.from_json(EXAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ATTACKS)
def test_hostile_template_is_refused_or_harmless(tmp_path, monkeypatch, draft, name):
    monkeypatch.chdir(tmp_path)
    tpl = _template(tmp_path, name, ATTACKS[name])
    out = tmp_path / "out" / "bao-cao.docx"
    out.parent.mkdir()
    out.write_bytes(b"old report")
    try:
        render_docx(draft, out, template=tpl)
    except RenderError as exc:
        msg = str(exc)
        assert any(ch in msg for ch in "ẫàáạảãẫâđôơư"), msg
        assert out.read_bytes() == b"old report", "a refused render must not touch the old file"
    else:
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        for leak in LEAKS:
            assert leak not in text, f"{name}: the document shows {leak!r}: {text[:300]!r}"
        with zipfile.ZipFile(out) as zf:
            body = zf.read("word/document.xml").decode("utf-8")
        assert "__globals__" not in body and "<class" not in body
    assert not (tmp_path / CANARY).exists(), "the template ran a shell command"
    assert not list(tmp_path.rglob(CANARY))


def test_a_plain_user_template_still_renders(tmp_path, draft):
    """The sandbox does not get in the way of an honest template."""
    doc = docx.Document()
    doc.add_paragraph("{{ issuing_body }} – {{ document_number }}")
    doc.add_paragraph("{% for r in recipients %}{{ r }} {% endfor %}")
    doc.add_paragraph("{{ summary|upper }} {{ body|length }} {{ '%s-%s'|format(kind, title) }}")
    tpl = tmp_path / "mau-rieng.docx"
    doc.save(str(tpl))
    out = tmp_path / "ok.docx"
    render_docx(draft, out, template=tpl)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "- Lưu" in text and "periodic-BÁO CÁO" in text and "CÔNG TÁC CẢI CÁCH HÀNH CHÍNH" in text
