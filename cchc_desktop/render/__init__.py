"""Rendering a draft to Word: context (Python computes every string), docxtpl, embedded draft."""
from .docx_render import RenderError, RenderResult, default_template, render_docx, render_docx_bytes
from .embed import NotOurDocumentError, read_embedded_draft

__all__ = ["RenderError", "RenderResult", "default_template", "render_docx", "render_docx_bytes",
           "NotOurDocumentError", "read_embedded_draft"]
