"""The one way the app reads a file it did not make itself: every read has a bound.

    data = read_bytes(path, limit=DRAFT_LIMIT, what="tệp dự thảo")
    text = read_text(path, limit=DRAFT_LIMIT, what="tệp dự thảo")
    zf = open_zip(path, what="tệp Word")          # member count and total size checked
    blob = read_member(zf, "word/document.xml", limit=MEMBER_LIMIT)
    root = parse_xml(blob, what="tệp Word")         # no entities, no network, no huge tree
    obj = loads_json(text, what="tệp dự thảo")      # depth <= JSON_MAX_DEPTH

Every refusal is a :class:`ReadRefusedError` (a ``CchcError``) with a Vietnamese sentence naming the
file. Folders, devices (``/dev/zero``), FIFOs and sockets are refused before they are opened:
a FIFO would block, a device never ends. A file that grows while read is cut at ``limit + 1``
bytes and refused, so nothing is read without a bound.
"""
from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path
from typing import IO, Any

from ..errors import CchcError
from .messages import describe_read_error

MB = 1024 * 1024
DRAFT_LIMIT = 64 * MB          # a JSON draft (the largest example is ~60 KB)
DOCX_LIMIT = 200 * MB          # a DOCX file on disk (pictures included)
XLSX_LIMIT = 50 * MB           # a workbook on disk
TEMPLATE_LIMIT = 50 * MB       # a custom Word template
ZIP_MAX_MEMBERS = 5000         # parts in one DOCX/XLSX package
ZIP_MAX_TOTAL = 512 * MB       # their total uncompressed size
ZIP_MAX_RATIO = 200            # uncompressed : compressed for one big member (a zip bomb)
MEMBER_LIMIT = 128 * MB        # one part read into memory
JSON_MAX_DEPTH = 100           # nesting of a JSON document (an outline of ~45 levels)


class ReadRefusedError(CchcError):
    """A file that cannot be read within the bounds; ``str()`` is Vietnamese."""


def cap(text: str) -> str:
    """The first letter upper-cased, the rest kept ("tệp Word" -> "Tệp Word", not "Tệp word")."""
    return text[:1].upper() + text[1:]


def _fmt(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{max(1, size // 1024)} KB"


def check_regular(path: str | Path, what: str = "tệp") -> os.stat_result:
    """``stat`` of ``path`` when it is a regular file; ``ReadRefusedError`` otherwise."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ReadRefusedError(describe_read_error(path, exc, what), detail=repr(exc)) from None
    except ValueError:  # NUL in the name
        raise ReadRefusedError(f"Tên {what} «{path.name}» không hợp lệ.") from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadRefusedError(f"«{path.name or path}» là một thư mục, không phải {what}. Hãy chọn một tệp.")
    if not stat.S_ISREG(st.st_mode):
        raise ReadRefusedError(f"«{path}» không phải một tệp thông thường (thiết bị, đường ống...); "
                          f"phần mềm không đọc loại này. Hãy chọn một {what}.")
    return st


def read_bytes(path: str | Path, *, limit: int, what: str = "tệp") -> bytes:
    """The bytes of a regular file no larger than ``limit``."""
    path = Path(path)
    st = check_regular(path, what)
    if st.st_size > limit:
        raise ReadRefusedError(_too_big(path, what, st.st_size, limit))
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ReadRefusedError(describe_read_error(path, exc, what), detail=repr(exc)) from None
    if len(data) > limit:
        raise ReadRefusedError(_too_big(path, what, len(data), limit))
    return data


def read_text(path: str | Path, *, limit: int, what: str = "tệp", encoding: str = "utf-8-sig") -> str:
    data = read_bytes(path, limit=limit, what=what)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ReadRefusedError(f"{cap(what)} «{Path(path).name}» không phải văn bản UTF-8.") from None


def _too_big(path: Path, what: str, size: int, limit: int) -> str:
    return (f"{cap(what)} «{path.name}» quá lớn ({_fmt(size)}; phần mềm chỉ đọc {what} đến "
            f"{_fmt(limit)}). Hãy kiểm tra đúng tệp chưa.")


def open_zip(source: str | Path | IO[bytes], *, what: str = "tệp", limit: int = DOCX_LIMIT,
             max_members: int = ZIP_MAX_MEMBERS, max_total: int = ZIP_MAX_TOTAL) -> zipfile.ZipFile:
    """A ``ZipFile`` whose member count, total uncompressed size and compression ratios are
    within bounds (the reader of each member is still bounded by ``read_member``)."""
    name = Path(source).name if isinstance(source, (str, Path)) else "tệp"
    if isinstance(source, (str, Path)):
        st = check_regular(source, what)
        if st.st_size > limit:
            raise ReadRefusedError(_too_big(Path(source), what, st.st_size, limit))
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ReadRefusedError(f"Tệp «{name}» không phải {what} hoặc đã bị hỏng (không mở được như một tệp nén "
                          f"Office).", detail=repr(exc)) from None
    try:
        check_zip(zf, name, what, max_members=max_members, max_total=max_total)
    except BaseException:
        zf.close()
        raise
    return zf


def check_zip(zf: zipfile.ZipFile, name: str, what: str, *, max_members: int = ZIP_MAX_MEMBERS,
              max_total: int = ZIP_MAX_TOTAL) -> None:
    infos = zf.infolist()
    if len(infos) > max_members:
        raise ReadRefusedError(f"{cap(what)} «{name}» có quá nhiều phần bên trong ({len(infos):,}; tối đa "
                          f"{max_members:,}). Tệp không bình thường nên không đọc.".replace(",", "."))
    total = sum(i.file_size for i in infos)
    if total > max_total:
        raise ReadRefusedError(f"{cap(what)} «{name}» khi giải nén quá lớn ({_fmt(total)}; tối đa "
                          f"{_fmt(max_total)}). Có thể tệp chứa phần ẩn rất lớn; phần mềm không đọc.")
    for i in infos:
        if i.filename.lower().endswith((".xml", ".rels")) and _declares_dtd(zf, i):
            raise ReadRefusedError(f"{cap(what)} «{name}» có phần «{i.filename[:80]}» khai báo DTD/thực thể "
                                   f"XML (không có trong tệp Office bình thường); phần mềm không đọc.")
        if i.file_size > 8 * MB and i.file_size > ZIP_MAX_RATIO * max(i.compress_size, 1):
            raise ReadRefusedError(f"{cap(what)} «{name}» có phần «{i.filename[:80]}» nén bất thường "
                              f"({_fmt(i.file_size)} từ {_fmt(i.compress_size)}); phần mềm không đọc.")


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """True when the head of an XML part declares a DOCTYPE (the door to entity expansion:
    "billion laughs" in a sheet would otherwise reach openpyxl's parser)."""
    try:
        with zf.open(info) as fh:
            head = fh.read(8192)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return False  # damaged: the reader of the part says so
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def read_member(zf: zipfile.ZipFile, member: str | zipfile.ZipInfo, *, limit: int = MEMBER_LIMIT) -> bytes:
    """One member's bytes, never more than ``limit`` whatever its header says."""
    info = member if isinstance(member, zipfile.ZipInfo) else zf.getinfo(member)
    if info.file_size > limit:
        raise ReadRefusedError(f"Phần «{info.filename[:80]}» trong tệp quá lớn ({_fmt(info.file_size)}; tối đa "
                          f"{_fmt(limit)}).")
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ReadRefusedError(f"Phần «{info.filename[:80]}» trong tệp bị hỏng.", detail=repr(exc)) from None
    if len(data) > limit:
        raise ReadRefusedError(f"Phần «{info.filename[:80]}» trong tệp quá lớn (tối đa {_fmt(limit)}).")
    return data


def xml_parser() -> Any:
    """An lxml parser that resolves no entity, loads no DTD, touches no network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_pis=True)


def parse_xml(data: bytes, *, what: str = "tệp", huge: bool = False) -> Any:
    """Parse XML bytes without entities (``huge=True`` lifts libxml2's text-node cap only, for a
    draft payload already bounded in bytes)."""
    from lxml import etree

    parser = xml_parser() if not huge else etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadRefusedError(f"Nội dung {what} bị hỏng (XML không hợp lệ).", detail=str(exc)) from None


def loads_json(text: str | bytes, *, what: str = "tệp", max_depth: int = JSON_MAX_DEPTH) -> Any:
    """``json.loads`` that refuses nesting deeper than ``max_depth`` (the C parser stops itself
    with ``RecursionError`` near 1,000 levels; the depth of what it returns is then measured
    without recursion). ``ValueError`` (malformed JSON) propagates for the caller to word."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ReadRefusedError(_too_deep(what, None, max_depth)) from None
    depth = object_depth(value, max_depth + 1)
    if depth > max_depth:
        raise ReadRefusedError(_too_deep(what, depth, max_depth))
    return value


def _too_deep(what: str, depth: int | None, max_depth: int) -> str:
    found = f"hơn {max_depth} cấp" if depth is None or depth > max_depth else f"{depth} cấp"
    return f"{cap(what)} lồng nhau quá sâu ({found}; tối đa {max_depth}); phần mềm không đọc."


def object_depth(value: Any, limit: int = JSON_MAX_DEPTH + 1) -> int:
    """Nesting depth of parsed JSON-like data, iteratively (stops counting at ``limit``)."""
    best, stack = 0, [(value, 1)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, (dict, list)):
            best = max(best, d)
            if best >= limit:
                return best
            children = item.values() if isinstance(item, dict) else item
            stack.extend((c, d + 1) for c in children if isinstance(c, (dict, list)))
    return best
