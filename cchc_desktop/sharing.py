"""What the CLI and the GUI share for "Xuất" and "Gửi": standard output paths and making the files.

Qt-free. Every file is named by ``vnformat.standard_filename`` (kind, period, year, commune; no
character Windows rejects), e.g. ``BC-CCHC-6T-2024-Quang-Khai.docx`` / ``.xlsx`` / ``.pdf``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .draft import Draft


@dataclass
class Outputs:
    docx: Path | None = None
    xlsx: Path | None = None
    pdf: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def files(self) -> list[Path]:
        return [p for p in (self.docx, self.xlsx, self.pdf) if p is not None]


def output_path(draft: Draft, folder: str | Path, ext: str) -> Path:
    from .vnformat import standard_filename

    return Path(folder) / standard_filename(draft, ext)


def make_outputs(draft: Draft, folder: str | Path, *, docx: bool = True, xlsx: bool = False, pdf: bool = False,
                 existing_docx: str | Path | None = None) -> Outputs:
    """Render the DOCX (unless ``existing_docx`` is given), and optionally the XLSX and the PDF.

    Raises ``RenderError``, ``PdfError``, ``XlsxExportError`` or ``OSError`` (the caller words it).
    """
    folder = Path(folder)
    out = Outputs()
    if existing_docx:
        out.docx = Path(existing_docx)
    elif docx or pdf:
        from .render import render_docx

        result = render_docx(draft, output_path(draft, folder, "docx"))
        out.docx = result.path
        out.warnings += list(result.warnings)
    if xlsx and draft.variant:
        from .xlsx_export import export_xlsx

        out.xlsx = export_xlsx(draft, output_path(draft, folder, "xlsx"))
    if pdf:
        from .pdf import convert_to_pdf

        assert out.docx is not None  # set above whenever pdf is asked for
        out.pdf = convert_to_pdf(out.docx, output_path(draft, folder, "pdf"))
    return out
