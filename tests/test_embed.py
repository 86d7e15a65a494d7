"""The draft embedded in the DOCX comes back exactly; foreign or damaged files are refused."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from docx import Document

from cchc_desktop.draft import Draft, DraftFormatError
from cchc_desktop.editing import SectionField, edit
from cchc_desktop.render import NotOurDocumentError, read_embedded_draft, render_docx, render_docx_bytes
from cchc_desktop.render.embed import NAMESPACE

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("name", ["phuong-1-6t-2024", "quang-khai-6t-2023"])
def test_round_trip_exact(tmp_path, name):
    draft = Draft.from_json((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    out = render_docx(draft, tmp_path / "bc.docx").path
    back = read_embedded_draft(out)
    assert back.to_dict() == draft.to_dict()


def test_part_is_custom_xml_with_props(tmp_path):
    draft = Draft.from_json((EXAMPLES / "quang-khai-6t-2023.json").read_text(encoding="utf-8"))
    data = render_docx_bytes(draft)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        items = [n for n in zf.namelist() if n.startswith("customXml/item") and "Props" not in n]
        ours = [n for n in items if NAMESPACE.encode() in zf.read(n)]
        assert len(ours) == 1
        n = ours[0][len("customXml/item"):-len(".xml")]
        assert f"customXml/itemProps{n}.xml" in zf.namelist()
        assert "customXml" in zf.read("word/_rels/document.xml.rels").decode()
        assert "customXmlProperties+xml" in zf.read("[Content_Types].xml").decode()
    Document(io.BytesIO(data))  # python-docx still opens it


def test_special_text_survives(tmp_path):
    draft = Draft.from_json((EXAMPLES / "phuong-1-6t-2024.json").read_text(encoding="utf-8"))
    edit(draft, SectionField(draft.outline[0].id, "text"), "]]> <x> & \"q\" 'a' {{ y }} \ufffe\t\nline 2")
    assert "]]>" in draft.outline[0].text
    out = render_docx(draft, tmp_path / "bc.docx").path
    assert read_embedded_draft(out).to_dict() == draft.to_dict()


def test_rerender_from_rendered_file_keeps_one_draft(tmp_path):
    draft = Draft.from_json((EXAMPLES / "phuong-1-6t-2024.json").read_text(encoding="utf-8"))
    first = render_docx(draft, tmp_path / "first.docx").path
    draft.meta.number = "99"
    second = render_docx(draft, tmp_path / "second.docx", template=first).path  # a report used as template
    with zipfile.ZipFile(second) as zf:
        ours = [n for n in zf.namelist() if n.startswith("customXml/item") and "Props" not in n
                and NAMESPACE.encode() in zf.read(n)]
    assert len(ours) == 1
    assert read_embedded_draft(second).meta.number == "99"


def test_foreign_docx(tmp_path):
    path = tmp_path / "other.docx"
    Document().save(str(path))
    with pytest.raises(NotOurDocumentError, match="không do CCHC Desktop tạo ra"):
        read_embedded_draft(path)


@pytest.mark.parametrize("content", [b"hello, not a zip", b"PK\x03\x04broken", b""])
def test_not_a_docx(tmp_path, content):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(NotOurDocumentError, match="không phải tệp Word DOCX"):
        read_embedded_draft(path)


def test_truncated_docx(tmp_path):
    draft = Draft.from_json((EXAMPLES / "phuong-1-6t-2024.json").read_text(encoding="utf-8"))
    data = render_docx_bytes(draft)
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(NotOurDocumentError):
        read_embedded_draft(path)


def _rewrite_item(src: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename.startswith("customXml/item") and "Props" not in info.filename \
                    and NAMESPACE.encode() in blob:
                blob = change(blob)
            zout.writestr(info, blob)
    return out.getvalue()


def test_tampered_and_newer(tmp_path):
    draft = Draft.from_json((EXAMPLES / "phuong-1-6t-2024.json").read_text(encoding="utf-8"))
    data = render_docx_bytes(draft)
    path = tmp_path / "t.docx"
    path.write_bytes(_rewrite_item(data, lambda b: b.replace("Phường 1".encode(), "Phường 2".encode())))
    with pytest.raises(NotOurDocumentError, match="bị hỏng"):
        read_embedded_draft(path)

    def newer(blob: bytes) -> bytes:  # a draft of format version 99, with a matching digest
        import hashlib

        from lxml import etree
        root = etree.fromstring(blob)
        data_ = json.loads(root.text)
        data_["version"] = 99
        root.text = json.dumps(data_, ensure_ascii=False)
        root.set("sha256", hashlib.sha256(root.text.encode()).hexdigest())
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    path.write_bytes(_rewrite_item(data, newer))
    with pytest.raises(DraftFormatError, match="phiên bản mới hơn"):
        read_embedded_draft(path)
