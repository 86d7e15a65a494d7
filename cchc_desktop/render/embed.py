"""The draft travels inside the DOCX: a custom XML part the app can read back.

Layout in the package (as Word itself stores custom XML, so Word keeps it on save):
``customXml/itemN.xml`` holds ``<cchc:draft xmlns:cchc="urn:cchc-desktop:draft" ...>JSON</cchc:draft>``
(the JSON as XML text, readable, with a sha256 of it); ``customXml/itemPropsN.xml`` names the
namespace; the main document part relates to the item, the item to its properties.
"""
from __future__ import annotations

import hashlib
import re
import threading
import uuid
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from lxml import etree

from .. import __version__
from ..draft import Draft, DraftFormatError
from ..errors import CchcError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

NAMESPACE = "urn:cchc-desktop:draft"
ROOT_TAG = f"{{{NAMESPACE}}}draft"
RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
RT_CUSTOM_XML_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
CT_XML = "application/xml"
CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
DS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
MAX_ITEM_BYTES = 64 * 1024 * 1024

_ITEM_NAME = re.compile(r"^customXml/item\d+\.xml$", re.IGNORECASE)


class NotOurDocumentError(CchcError):
    """A file that carries no draft of this app. ``str()`` is a Vietnamese sentence."""


def draft_json(draft: Draft) -> str:
    """The JSON stored in the DOCX: the draft's own JSON, with XML-illegal code points escaped."""
    return _escape_noncharacters(draft.to_json(indent=None))


def _escape_noncharacters(text: str) -> str:
    return text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def _draft_json_bytes(draft: Draft) -> tuple[str, bytes | None]:
    """``draft_json`` and its UTF-8 (None when a lone surrogate cannot be encoded). The two
    non-characters are looked for in the bytes (a quick byte search) rather than the text."""
    text = draft.to_json(indent=None)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return _escape_noncharacters(text), None
    if b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:  # U+FFFE, U+FFFF
        text = _escape_noncharacters(text)
        data = text.encode("utf-8")
    return text, data


def visible_text_digest(document: DocxDocument) -> str:
    """sha256 of what a reader sees in the body (paragraphs and table cells, trimmed, blank ones
    skipped) of a python-docx ``Document``. Stored at render time, compared on import: a report
    edited in Word after export no longer matches, and the edits are not in the embedded draft.
    Word and LibreOffice keep the text as it was when they merely re-save the file."""
    return body_text_digest(document.element.body)


def body_text_digest(body: Any) -> str:
    """:func:`visible_text_digest` over an lxml ``w:body`` element: sha256 of the text of each
    ``w:p`` (its ``w:t`` descendants, nested paragraphs' included), stripped, blank ones
    skipped, each followed by a new line. The paragraphs' texts are gathered by a compiled XSLT
    (in C, as UTF-8 bytes: a quarter of the time of walking the tree from Python for a long
    report); a body the quick path cannot read exactly goes through :func:`_slow_text_digest`,
    which defines the value."""
    texts = _paragraph_texts(body)
    if texts is None:
        return _slow_text_digest(body)
    digest = hashlib.sha256()
    kept = []
    space, unicode_space = _ASCII_SPACE, _UNICODE_SPACE
    for text in texts:
        text = text.strip(space)
        if text.startswith(unicode_space) or text.endswith(unicode_space):
            text = text.decode("utf-8").strip().encode("utf-8")  # what str.strip() removes
        if text:
            kept.append(text)
    if kept:
        digest.update(b"\n".join(kept))
        digest.update(b"\n")
    return digest.hexdigest()


def _slow_text_digest(body: Any) -> str:
    digest = hashlib.sha256()
    for el in body.iter(_W + "p"):
        text = "".join(el.itertext(_W + "t", with_tail=False)).strip()
        if text:
            digest.update(text.encode("utf-8"))
            digest.update(b"\n")
    return digest.hexdigest()


# The white space str.strip() removes, as UTF-8: the ASCII bytes (\x1c-\x1f cannot be in XML,
# kept for exactness) and every other code point str.isspace() accepts, encoded.
_ASCII_SPACE = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_UNICODE_SPACE = tuple(c.encode("utf-8") for c in "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                       "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

# Per paragraph: a new line, then its w:t texts. A w:t holding anything but text (an element, a
# comment: never in a valid document) adds a new line of its own, so that the paragraph count no
# longer matches and the paragraph walk decides.
_TEXTS_XSLT = b"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:value-of select="count(//w:p)"/>
    <xsl:for-each select="//w:p">
      <xsl:text>&#10;</xsl:text>
      <xsl:for-each select=".//w:t">
        <xsl:if test="*|comment()|processing-instruction()"><xsl:text>&#10;</xsl:text></xsl:if>
        <xsl:value-of select="."/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""


_PER_THREAD = threading.local()  # one compiled XSLT per thread (renders run on worker threads too)


def _texts_transform() -> Any:
    xslt = getattr(_PER_THREAD, "texts", None)
    if xslt is None:
        xslt = _PER_THREAD.texts = etree.XSLT(etree.XML(_TEXTS_XSLT),
                                              access_control=etree.XSLTAccessControl.DENY_ALL)
    return xslt


def _paragraph_texts(body: Any) -> list[bytes] | None:
    """Each ``w:p``'s ``w:t`` text (UTF-8, in document order), or None when that cannot be read
    exactly this way: a ``w:t`` holding a new line (the separator here) or anything but text."""
    out = bytes(_texts_transform()(body))
    count, _, rest = out.partition(b"\n")
    if not count.isdigit():
        return None
    texts = rest.split(b"\n") if count != b"0" else []
    return texts if len(texts) == int(count) else None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def item_xml(draft: Draft, text_digest: str | None = None) -> bytes:
    """The custom XML part: ``<cchc:draft sha256=... text-sha256=...>JSON</cchc:draft>``. Written
    directly (escaping &, <, >), which is several times quicker than lxml for a draft of
    megabytes; a payload lxml would refuse goes through lxml, which says so.

    The JSON (``draft_json``) cannot hold a character XML forbids except a lone surrogate:
    ``json.dumps`` writes every control character as ``\\uXXXX`` and ``draft_json`` the two
    non-characters; a lone surrogate is what makes the UTF-8 encoding fail."""
    payload, data = _draft_json_bytes(draft)  # encoded once: for the digest and for the part
    if data is None:
        return _item_xml_lxml(draft, payload, text_digest)
    attrs = {"format": "cchc-draft", "app": f"CCHC Desktop {__version__}",
             "sha256": hashlib.sha256(data).hexdigest()}
    if text_digest:
        attrs["text-sha256"] = text_digest
    attr_text = "".join(f' {k}="{_xml_escape(v, quote=True)}"' for k, v in attrs.items())
    head = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<cchc:draft xmlns:cchc="{NAMESPACE}"{attr_text}>').encode()
    body = data.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    return head + body + b"</cchc:draft>"


def _xml_escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def _item_xml_lxml(draft: Draft, payload: str, text_digest: str | None) -> bytes:
    root = etree.Element(ROOT_TAG, nsmap={"cchc": NAMESPACE})
    root.set("format", "cchc-draft")
    root.set("app", f"CCHC Desktop {__version__}")
    root.set("sha256", hashlib.sha256(payload.encode("utf-8")).hexdigest())
    if text_digest:
        root.set("text-sha256", text_digest)
    root.text = payload
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return xml


def item_props_xml() -> bytes:
    ds = f"{{{DS_NS}}}"
    root = etree.Element(ds + "datastoreItem", nsmap={"ds": DS_NS})
    root.set(ds + "itemID", "{" + str(uuid.uuid4()).upper() + "}")
    refs = etree.SubElement(root, ds + "schemaRefs")
    ref = etree.SubElement(refs, ds + "schemaRef")
    ref.set(ds + "uri", NAMESPACE)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=False)
    return xml


def _is_our_item(blob: bytes) -> bool:
    return NAMESPACE.encode() in blob[:2048]


def embed_draft(document: DocxDocument, draft: Draft) -> None:
    """Attach ``draft`` to a python-docx ``Document`` (replacing any draft it already carries,
    e.g. in a custom template saved from a rendered report)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    main = document.part
    package = main.package
    for rId, rel in list(main.rels.items()):
        if rel.reltype == RT_CUSTOM_XML and not rel.is_external and _is_our_item(rel.target_part.blob):
            del main.rels[rId]
    item_name = package.next_partname("/customXml/item%d.xml")
    found = re.search(r"(\d+)\.xml$", str(item_name))
    assert found is not None  # next_partname fills in the %d
    n = found.group(1)
    props_name = PackURI(f"/customXml/itemProps{n}.xml")
    if any(p.partname == props_name for p in package.iter_parts()):
        props_name = package.next_partname("/customXml/itemProps%d.xml")
    item = Part(item_name, CT_XML, item_xml(draft, visible_text_digest(document)), package)
    props = Part(props_name, CT_CUSTOM_XML_PROPS, item_props_xml(), package)
    item.relate_to(props, RT_CUSTOM_XML_PROPS)
    main.relate_to(item, RT_CUSTOM_XML)


def _not_ours(path_name: str) -> NotOurDocumentError:
    return NotOurDocumentError(
        f"Tệp «{path_name}» không do CCHC Desktop tạo ra (không chứa dữ liệu dự thảo), nên không thể mở lại "
        "để sửa. Chỉ nhập được báo cáo DOCX xuất từ CCHC Desktop.")


def read_embedded_json(source: str | Path | IO[bytes], name: str = "tệp") -> str:
    """The draft JSON stored in a DOCX (path or binary file object)."""
    return _read_embedded(source, name)[0]


EDITED_AFTER_EXPORT = ("Cảnh báo: nội dung tệp Word này đã được sửa sau khi xuất từ CCHC Desktop (bằng Word hoặc "
                       "chương trình khác). Dự thảo khôi phục là bản lúc xuất: những chỗ sửa trong Word KHÔNG có "
                       "trong đó. Hãy đối chiếu với tệp Word và sửa lại trong phần mềm trước khi xuất lần sau.")


def edited_after_export(path: str | Path) -> bool | None:
    """Whether the text of a DOCX we wrote was changed since (in Word, LibreOffice...): True,
    False, or None when the file does not say (made by an older version of the app).

    Only ``word/document.xml`` is read (bounded, no entities), never the whole package: a hidden
    part of a gigabyte costs nothing here."""
    from ..files.read import ReadRefusedError, open_zip, parse_xml, read_member

    path = Path(path)
    _payload, expected = _read_embedded(path, path.name)
    if not expected:
        return None
    try:
        with open_zip(path, what="tệp Word") as zf:
            root = parse_xml(read_member(zf, "word/document.xml"), what="tệp Word", huge=True)
    except (ReadRefusedError, KeyError):
        return None
    return _body_digest(root) != expected


def _body_digest(document_root: Any) -> str:
    body = document_root.find(_W + "body")
    return "" if body is None else body_text_digest(body)


def _read_embedded(source: str | Path | IO[bytes], name: str) -> tuple[str, str | None]:
    from ..files.read import ReadRefusedError, open_zip, parse_xml, read_member

    try:
        zf = open_zip(source, what="tệp Word DOCX")
    except ReadRefusedError as exc:
        raise NotOurDocumentError(str(exc), detail=exc.detail) from None
    with zf:
        names = zf.namelist()
        if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
            raise NotOurDocumentError(f"Tệp «{name}» không phải tệp Word DOCX.")
        found_damaged = False
        for entry in sorted(n for n in names if _ITEM_NAME.match(n)):
            info = zf.getinfo(entry)
            if info.file_size > MAX_ITEM_BYTES:
                continue
            try:
                blob = read_member(zf, info, limit=MAX_ITEM_BYTES)
            except ReadRefusedError:
                found_damaged = True
                continue
            if not _is_our_item(blob):
                continue
            try:
                root = parse_xml(blob, what="dữ liệu dự thảo", huge=True)
            except ReadRefusedError:
                found_damaged = True
                continue
            if root.tag != ROOT_TAG:
                continue
            payload = root.text or ""
            digest = root.get("sha256")
            if digest and hashlib.sha256(payload.encode("utf-8")).hexdigest() != digest:
                found_damaged = True
                continue
            return payload, root.get("text-sha256")
    if found_damaged:
        raise NotOurDocumentError(
            f"Dữ liệu dự thảo trong tệp «{name}» đã bị hỏng hoặc bị sửa ngoài phần mềm, không khôi phục được.")
    raise _not_ours(name)


def read_embedded_draft(path: str | Path) -> Draft:
    """The draft a DOCX rendered by this app carries. Raises ``NotOurDocumentError`` (Vietnamese)
    for a DOCX without it, a damaged zip or a file that is not a DOCX; ``DraftFormatError`` when
    the draft was written by a newer version of the app."""
    path = Path(path)
    payload = read_embedded_json(path, path.name)
    try:
        return Draft.from_json(payload)
    except DraftFormatError as exc:
        if "phiên bản mới hơn" in str(exc):
            raise
        raise NotOurDocumentError(f"Dữ liệu dự thảo trong tệp «{path.name}» không đọc được: {exc}") from None
