"""Draft -> DOCX through docxtpl, safely.

- The context is built in Python (:mod:`.context`); the template holds placeholders and loops.
- Jinja runs sandboxed with autoescape; every printed value goes through ``_finalize`` which
  escapes it for XML and also protects docxtpl's own post-render markers (``{_{`` ...), so a
  user's text comes out exactly as typed (``& < > " ' { } %`` included).
- The draft's JSON is embedded (:mod:`.embed`) so the report can be opened again.
- The file is written beside the target under a temp name, then ``os.replace``d: a failure
  never leaves a half file.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from jinja2 import TemplateError, Undefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..draft import Draft
from ..errors import CchcError
from ..files import Overwrite, check_target
from ..resources import template_path
from .context import build_context
from .embed import embed_draft

# XML 1.0 forbids these; they would make Word refuse the file (the draft is cleaned already,
# this guards values that reach the context by another way).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class RenderError(CchcError):
    """The document could not be made or written. ``str()`` is a Vietnamese sentence."""


@dataclass
class RenderResult:
    path: Path
    template: Path
    size: int
    warnings: list[str] = field(default_factory=list)


def default_template(draft: Draft) -> Path:
    """templates/notice.docx for a notice (TB-UBND), templates/report.docx otherwise."""
    return template_path("notice.docx" if draft.kind == "self_inspection" else "report.docx")


def _finalize(value: object) -> object:
    """What ``{{ x }}`` prints: XML-escaped text, '' for None, docxtpl's markers neutralised."""
    if value is None or isinstance(value, Undefined):
        return Markup("") if value is None else value
    if isinstance(value, Markup):
        return value
    text = str(value)
    if not text.isprintable():  # every character _XML_ILLEGAL matches is unprintable (Cc, Cs, Cn):
        text = _XML_ILLEGAL.sub("", text)  # a printable text has none (a test twice as quick)
    if "_" not in text:
        return text  # plain text: the autoescaping environment escapes it (once)
    # docxtpl rewrites '{_{', '}_}', '{_%', '%_}' after rendering; a character reference for
    # '_' keeps the user's text out of reach of that rewrite (the XML parser restores it).
    return Markup(str.replace(escape(text), "_", "&#95;"))


def make_environment(**kwargs: Any) -> SandboxedEnvironment:
    """The Jinja environment every render uses: sandboxed with size limits
    (``render.bounded.BoundedSandbox``), autoescaping, XML-safe output."""
    from .bounded import BoundedSandbox

    return BoundedSandbox(autoescape=True, finalize=_finalize, **kwargs)


def _template_error_message(template: Path, exc: Exception) -> str:
    where = ""
    ctx = getattr(exc, "docx_context", None)
    if ctx:
        snippet = " ".join(x.strip() for x in list(ctx) if x.strip())[:160]
        if snippet:
            where = f" (gần đoạn: «{snippet}»)"
    return (f"Mẫu văn bản «{template.name}» có lỗi nên không tạo được tệp Word: {exc}{where}. "
            f"Hãy kiểm tra mẫu bằng lệnh check-template hoặc dùng mẫu mặc định.")


def _render_document(draft: Draft, template: Path, omit_empty: bool = False) -> tuple[Any, dict[str, Any]]:
    from .listing import template_class

    if not template.exists():
        raise RenderError(f"Không tìm thấy mẫu văn bản «{template}».")
    try:
        context = build_context(draft, omit_empty=omit_empty)
    except KeyError as exc:  # unknown form variant
        raise RenderError(str(exc.args[0]) if exc.args else f"Không có mẫu biểu «{draft.variant}».") from None
    try:
        tpl = template_class()(str(template))  # docxtpl's DocxTemplate, quicker resolve_listing
        tpl.render(context, jinja_env=make_environment(), autoescape=True)
    except TemplateError as exc:  # SecurityError (a bound of BoundedSandbox) included
        raise RenderError(_template_error_message(template, exc)) from None
    except RenderError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign template: docx/zip/lxml errors of all kinds
        raise RenderError(f"Không đọc được mẫu văn bản «{template.name}» (tệp hỏng hoặc không phải DOCX): "
                          f"{type(exc).__name__}: {exc}") from None
    document = tpl.docx
    cp = document.core_properties
    # PDF/A metadata comes from these: title = the document and its number, author = the issuing
    # body, subject = the summary line (trích yếu)
    cp.title = f"{context['title']} {context['document_number']}"[:255]
    cp.subject = context["summary"][:255]
    cp.author = context["issuing_body_short"][:255] or "CCHC Desktop"
    cp.last_modified_by = "CCHC Desktop"
    cp.comments = "Tạo bởi CCHC Desktop; tệp chứa dữ liệu dự thảo để mở lại bằng lệnh import."
    embed_draft(document, draft)
    return tpl, context


class _ZipWriter:
    """python-docx's zip writer, except that our embedded draft (``customXml/item*``, as large as
    the report's text) is deflated at level 1: the same bytes back, in a quarter of the time, so
    the render costs about what bare docxtpl costs however long the report (bench_render --sizes)."""

    def __init__(self, pkg_file: IO[bytes]) -> None:
        self._zipf = zipfile.ZipFile(pkg_file, "w", compression=zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = pack_uri.membername
        self._zipf.writestr(name, blob, compresslevel=1 if name.startswith("customXml/item") else None)

    def close(self) -> None:
        self._zipf.close()


def _save(tpl: Any, buf: IO[bytes]) -> None:
    """``tpl.save(buf)`` with :class:`_ZipWriter` (falls back to docxtpl's own save)."""
    from docx.opc.pkgwriter import PackageWriter

    writer_api: Any = PackageWriter  # private steps of PackageWriter.write, untyped upstream
    package = tpl.docx.part.package
    steps = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
    if not all(hasattr(writer_api, s) for s in steps) or not hasattr(tpl, "pre_processing"):
        tpl.save(buf)
        return
    tpl.pre_processing()
    for part in package.parts:
        part.before_marshal()
    writer = _ZipWriter(buf)
    writer_api._write_content_types_stream(writer, package.parts)
    writer_api._write_pkg_rels(writer, package.rels)
    writer_api._write_parts(writer, package.parts)
    writer.close()
    tpl.post_processing(buf)
    tpl.is_saved = True


def render_docx_bytes(draft: Draft, template: Path | None = None, *, omit_empty: bool = False) -> bytes:
    """The rendered DOCX as bytes (the draft embedded). ``omit_empty``: sections without text
    are left out of this export (the draft keeps them)."""
    template = Path(template) if template else default_template(draft)
    if not _is_builtin(template):  # a user's template: in a child process with time/memory limits
        from .bounded import run_bounded

        data: bytes = run_bounded(_render_bytes, draft, template, omit_empty, what=f"Mẫu «{template.name}»")
        return data
    return _render_bytes(draft, template, omit_empty)


def _is_builtin(template: Path) -> bool:
    from ..resources import template_path

    try:
        return template.resolve().parent == template_path().resolve()
    except OSError:
        return False


def _render_bytes(draft: Draft, template: Path, omit_empty: bool = False) -> bytes:
    tpl, _ = _render_document(draft, template, omit_empty)
    buf = io.BytesIO()
    try:
        _save(tpl, buf)
    except Exception as exc:  # noqa: BLE001 - zip/lxml errors of all kinds become a RenderError
        raise RenderError(f"Không tạo được tệp Word từ mẫu «{template.name}»: {type(exc).__name__}: {exc}") from None
    return buf.getvalue()


def template_warnings(draft: Draft, template: Path) -> list[str]:
    """Placeholders a custom template lacks (the document would miss that part)."""
    from .template_check import check_template

    if template.resolve() == default_template(draft).resolve():
        return []
    check = check_template(template, kind="periodic" if draft.annex_included else None)
    out = []
    if check.missing:
        out.append(f"Mẫu «{template.name}» thiếu các trường: {', '.join(check.missing)}.")
    if check.unknown:
        out.append(f"Mẫu «{template.name}» có trường không được hỗ trợ (sẽ để trống): {', '.join(check.unknown)}.")
    return out


def render_docx(draft: Draft, out_path: str | Path, template: Path | None = None, *,
                inputs: Iterable[str | Path | None] = (), overwrite: Overwrite | None = None,
                omit_empty: bool = False) -> RenderResult:
    """Render ``draft`` to ``out_path`` through ``files.write_file`` (atomic; ``out_path`` equal to
    the template or one of ``inputs`` refused). ``overwrite`` defaults to ``Overwrite.ALWAYS``
    for this primitive; the use cases (``usecases.outputs``) pass the user's policy. Raises
    ``RenderError`` (Vietnamese), ``SameAsInputError`` or ``OverwriteRefusedError``."""
    from ..files import describe_write_error, write_file

    out_path = Path(out_path)
    template = Path(template) if template else default_template(draft)
    sources = [*inputs, template]
    check_target(out_path, inputs=sources, overwrite=overwrite or Overwrite.ALWAYS)  # before the work
    warnings = template_warnings(draft, template) if template.exists() else []
    data = render_docx_bytes(draft, template, omit_empty=omit_empty)
    try:
        write_file(out_path, data, inputs=sources, overwrite=overwrite or Overwrite.ALWAYS)
    except OSError as exc:
        raise RenderError(describe_write_error(out_path, exc)) from None
    return RenderResult(path=out_path, template=template, size=len(data), warnings=warnings)
