"""Export DOCX, XLSX, PDF (and the PDF a print starts from): one path for the CLI and the GUI.

Qt-free. Every file is named by ``vnformat.standard_filename`` unless the caller names it, and
written through ``files.write`` with the caller's ``Overwrite`` policy:

- the CLI passes ``Overwrite.OURS`` (``Overwrite.ALWAYS`` with ``--force``);
- the GUI first calls :func:`blocked_targets` for the files it is about to write; when some
  would replace a file the app did not write (or that changed since: a report edited in Word,
  a workbook a colleague filled in), it asks once and passes ``Overwrite.ALWAYS`` on yes.

``inputs`` are the files the command reads (the draft's JSON, a template, an existing DOCX):
an output that *is* one of them is refused (``files.SameAsInputError``) whatever the policy.
Errors are ``CchcError`` subclasses (``RenderError``, ``PdfError``, ``XlsxExportError``,
``OverwriteRefusedError``, ``SameAsInputError``) or ``OSError`` (``files.describe_write_error``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..draft import Draft
from ..files import Overwrite, OverwriteRefusedError, check_target

PathLike = str | Path


@dataclass
class Outputs:
    docx: Path | None = None
    xlsx: Path | None = None
    pdf: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def files(self) -> list[Path]:
        return [p for p in (self.docx, self.xlsx, self.pdf) if p is not None]


def output_path(draft: Draft, folder: PathLike, ext: str) -> Path:
    """``<folder>/<standard name>.<ext>``, e.g. ``BC-CCHC-6T-2024-Quang-Khai.docx``."""
    from ..vnformat import standard_filename

    return Path(folder) / standard_filename(draft, ext)


def planned_targets(draft: Draft, folder: PathLike, *, docx: bool = True, xlsx: bool = False,
                    pdf: bool = False, existing_docx: PathLike | None = None) -> list[Path]:
    """The files :func:`make_outputs` would write with the same arguments."""
    out = []
    if existing_docx is None and (docx or pdf):
        out.append(output_path(draft, folder, "docx"))
    if xlsx and draft.variant:
        out.append(output_path(draft, folder, "xlsx"))
    if pdf:
        out.append(output_path(draft, folder, "pdf"))
    return out


def blocked_targets(paths: Iterable[PathLike], *,
                    inputs: Iterable[PathLike | None] = ()) -> list[OverwriteRefusedError]:
    """The refusals ``Overwrite.OURS`` would meet for ``paths`` (empty: nothing to ask).
    ``SameAsInputError`` and ``OSError`` are raised, not listed: no answer can allow them."""
    inputs = list(inputs)
    refused = []
    for path in paths:
        try:
            check_target(path, inputs=inputs, overwrite=Overwrite.OURS)
        except OverwriteRefusedError as exc:
            refused.append(exc)
    return refused


def export_docx(draft: Draft, target: PathLike, *, template: PathLike | None = None,
                inputs: Iterable[PathLike | None] = (), overwrite: Overwrite = Overwrite.OURS,
                omit_empty: bool = False) -> Any:
    """Render ``draft`` to ``target``; returns ``render.RenderResult`` (path, warnings).
    ``omit_empty``: leave out sections without text (``render --omit-empty``)."""
    from ..render import render_docx

    inputs = [*inputs, template]
    return render_docx(draft, target, template=Path(template) if template else None, inputs=inputs,
                       overwrite=overwrite, omit_empty=omit_empty)


def export_xlsx(draft: Draft, target: PathLike, *, inputs: Iterable[PathLike | None] = (),
                overwrite: Overwrite = Overwrite.OURS) -> Path:
    """The annex workbook; ``XlsxExportError`` for a draft without annex."""
    from ..xlsx_export import export_xlsx as write_workbook

    return write_workbook(draft, target, inputs=inputs, overwrite=overwrite)


def export_pdf(docx: PathLike, target: PathLike, *, overwrite: Overwrite = Overwrite.OURS) -> Path:
    """The PDF of an existing DOCX (LibreOffice or Word); ``PdfError`` in Vietnamese."""
    from ..pdf import convert_to_pdf

    return convert_to_pdf(docx, target, overwrite=overwrite)


def make_outputs(draft: Draft, folder: PathLike, *, docx: bool = True, xlsx: bool = False, pdf: bool = False,
                 existing_docx: PathLike | None = None, inputs: Iterable[PathLike | None] = (),
                 overwrite: Overwrite = Overwrite.OURS) -> Outputs:
    """The files for "Xuất", "In", "Gửi": the DOCX (unless ``existing_docx``), optionally the XLSX
    and the PDF, in ``folder`` under standard names. Every target is checked before the first
    is written, so a refusal leaves nothing half done."""
    inputs = [*inputs, existing_docx]
    folder = Path(folder)
    existing = None
    if existing_docx is not None:
        from ..files.read import DOCX_LIMIT, ReadRefusedError, _too_big, check_regular

        existing = Path(existing_docx)
        st = check_regular(existing, "tệp Word")
        if st.st_size > DOCX_LIMIT:
            raise ReadRefusedError(_too_big(existing, "tệp Word", st.st_size, DOCX_LIMIT))
    targets = planned_targets(draft, folder, docx=docx, xlsx=xlsx, pdf=pdf, existing_docx=existing)
    for path in targets:
        check_target(path, inputs=inputs, overwrite=overwrite)
    out = Outputs()
    if existing is not None:
        out.docx = existing
    elif docx or pdf:
        result = export_docx(draft, output_path(folder=folder, draft=draft, ext="docx"), inputs=inputs,
                             overwrite=overwrite)
        out.docx = result.path
        out.warnings += list(result.warnings)
    if xlsx and draft.variant:
        out.xlsx = export_xlsx(draft, output_path(draft, folder, "xlsx"), inputs=inputs, overwrite=overwrite)
    if pdf and out.docx is not None:
        out.pdf = export_pdf(out.docx, output_path(draft, folder, "pdf"), overwrite=overwrite)
    return out


def prepare_print(draft: Draft, folder: PathLike, *, overwrite: Overwrite = Overwrite.OURS) -> Outputs:
    """What a print starts from: the DOCX and its PDF (the GUI paints the PDF's pages)."""
    return make_outputs(draft, folder, pdf=True, overwrite=overwrite)
