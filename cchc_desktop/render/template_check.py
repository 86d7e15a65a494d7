"""Check a (custom) Word template before rendering: unknown and missing placeholders.

Two passes: the template's top-level variables (Jinja ``meta`` on docxtpl's patched XML)
against the documented context keys; then a trial render with a sample context that
records every attribute the template asks of a list item and that does not exist
(``row.so_lieu`` for a typo of ``row.value``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, TemplateSyntaxError
from jinja2.exceptions import TemplateError
from jinja2.utils import missing

from .context import ANNEX_KEYS, CONTEXT_KEYS, REQUIRED_KEYS


@dataclass
class TemplateCheck:
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    syntax_error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.missing and self.syntax_error is None


def _owner(obj: object) -> str:
    if isinstance(obj, dict):
        if "rows" in obj:
            return "form"
        if "style" in obj and "stt" in obj:
            return "row"
        if "indicator" in obj and "stt" in obj:
            return "headers"
        if "kind" in obj and "text" in obj:
            return "block"
    return "?"


def _recording_undefined(found: set[str]) -> type[ChainableUndefined]:
    class Recording(ChainableUndefined):
        def _note(self) -> None:
            name = self._undefined_name
            if not name:
                return
            if self._undefined_obj is missing:
                found.add(str(name))
            else:
                found.add(f"{_owner(self._undefined_obj)}.{name}")

        def __str__(self) -> str:
            self._note()
            return ""

        def __html__(self) -> str:
            return self.__str__()

        def __iter__(self) -> Iterator[Any]:
            self._note()
            return iter(())

        def __bool__(self) -> bool:
            self._note()
            return False

        def __len__(self) -> int:
            return 0

    return Recording


def sample_context() -> dict[str, Any]:
    """A context with every kind of block and annex row, for the trial render."""
    from ..draft import Period
    from ..outlines import new_draft
    from .context import BLOCK_KINDS, build_context

    draft = new_draft("periodic", Period(type="6m", year=2024))
    draft.meta.addressee = "Sở Nội vụ"
    draft.meta.parent_agency = "UBND TỈNH"
    ctx = build_context(draft)
    ctx["body"] = [{"kind": k, "level": 0, "label": "I.", "title": "MỤC", "text": "I. MỤC", "lead": "I. MỤC:",
                    "rest": "Nội dung.", "emphasis": e} for k in BLOCK_KINDS for e in ("b", "bi")]
    for form in ctx["forms"]:
        for style in ("g0", "g1", "g2", "r0", "r1", "r2", "r3"):
            form["rows"].append(dict(form["rows"][0], style=style))
    return ctx


def _syntax_message(exc: TemplateSyntaxError, xml: str | None) -> str:
    snippet = ""
    if xml and exc.lineno:
        lines = xml.splitlines()[max(exc.lineno - 2, 0): exc.lineno + 1]
        snippet = " ".join(re.sub(r"<[^>]+>", "", x).strip() for x in lines).strip()[:160]
    tail = f" Gần đoạn: «{snippet}»." if snippet else ""
    return f"Mẫu có lỗi cú pháp ({exc.message}).{tail}"


def check_template(path: str | Path, kind: str | None = None) -> TemplateCheck:
    """Unknown and missing placeholders of the template at ``path``.

    ``kind="periodic"`` also requires the annex placeholders. Raises ``RenderError`` when the
    file cannot be read as a DOCX. A template that is not the app's own is checked in a child
    process with time and memory limits (``render.bounded.run_bounded``): the trial render runs
    the user's loops.
    """
    from ..files.read import TEMPLATE_LIMIT, ReadRefusedError, check_regular, open_zip
    from .docx_render import RenderError, _is_builtin

    path = Path(path)
    try:
        st = check_regular(path, "tệp mẫu")
        if st.st_size > TEMPLATE_LIMIT:
            raise ReadRefusedError(f"Tệp mẫu «{path.name}» quá lớn.")
        open_zip(path, what="mẫu Word", limit=TEMPLATE_LIMIT).close()
    except ReadRefusedError as exc:
        raise RenderError(str(exc)) from None
    if _is_builtin(path):
        return _check_template(path, kind)
    from .bounded import run_bounded

    result: TemplateCheck = run_bounded(_check_template, path, kind, what=f"Kiểm tra mẫu «{path.name}»")
    return result


def _check_template(path: Path, kind: str | None) -> TemplateCheck:
    from docxtpl import DocxTemplate

    from .docx_render import RenderError, make_environment

    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - not a DOCX: zip/lxml/docx errors of all kinds
        raise RenderError(f"Không đọc được «{path.name}» như một mẫu Word DOCX ({type(exc).__name__}).") from None
    result = TemplateCheck()
    try:
        used = set(tpl.get_undeclared_template_variables(jinja_env=make_environment()))
    except TemplateSyntaxError as exc:
        xml = None
        try:
            xml = tpl.patch_xml(tpl.xml_to_string(tpl.docx._element.body))
        except Exception:  # noqa: BLE001 # pragma: no cover - best-effort: the message is then given without the XML excerpt
            xml = None
        result.syntax_error = _syntax_message(exc, xml)
        return result
    result.unknown = sorted(used - set(CONTEXT_KEYS))
    required = set(REQUIRED_KEYS) | (set(ANNEX_KEYS) if kind == "periodic" else set())
    result.missing = sorted(required - used)
    # Trial render: attributes of list items that do not exist.
    found: set[str] = set()
    env = make_environment(undefined=_recording_undefined(found))
    try:
        trial = DocxTemplate(str(path))
        trial.render(sample_context(), jinja_env=env, autoescape=True)
    except TemplateError as exc:
        result.syntax_error = f"Mẫu không chạy được với dữ liệu mẫu: {exc}"
    except Exception as exc:  # damaged XML after rendering and the like (logged)
        import logging

        logging.getLogger(__name__).warning("a trial render of a template failed", exc_info=True)
        result.syntax_error = f"Mẫu không chạy được với dữ liệu mẫu ({type(exc).__name__}: {exc})."
    attr_unknown = sorted(x for x in found if "." in x)
    result.unknown = sorted(set(result.unknown) | set(attr_unknown))
    return result
