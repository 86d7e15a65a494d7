"""The use cases both faces call: export DOCX/XLSX/PDF, print preparation, send, import.

Qt-free; the CLI (``commands/``) and the GUI (``gui/share_actions.py``,
``gui/wizard/export_docx.py``, ``gui/import_file.py``) only collect arguments, ask the user, and
show results. Output code never imports ``commands/``. Files are written through
``files.write`` (policy ``files.Overwrite``) and read through ``files.read``.
"""
from .imports import ImportedDraft, ImportFileError, import_report, plan_xlsx_import, read_draft_file, read_json_draft
from .outputs import (
    Outputs,
    blocked_targets,
    export_docx,
    export_pdf,
    export_xlsx,
    make_outputs,
    output_path,
    planned_targets,
    prepare_print,
)
from .send import SendResult, open_outbox, send_report

__all__ = [
    "ImportFileError", "ImportedDraft", "Outputs", "SendResult", "blocked_targets", "export_docx", "export_pdf",
    "export_xlsx", "import_report", "make_outputs", "open_outbox", "output_path", "plan_xlsx_import",
    "planned_targets", "prepare_print", "read_draft_file", "read_json_draft", "send_report",
]
