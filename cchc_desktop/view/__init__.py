"""The computed report: every string the document prints, decided once from the draft.

``build_view(draft)`` gives a :class:`ReportView`; the DOCX context, the XLSX cover, the preview
and the mail read it and never re-derive a printed string.
"""
from .report import Block, FormRow, FormView, ReportView, build_view, placeholder_spans, section_names, section_title

__all__ = ["Block", "FormRow", "FormView", "ReportView", "build_view", "placeholder_spans", "section_names",
           "section_title"]
