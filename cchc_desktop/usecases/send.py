"""Send a report by mail: one path for ``send`` (CLI) and "Gửi…" (GUI).

Qt-free. :func:`send_report` makes the attachments (``usecases.outputs.make_outputs``, with the
caller's overwrite policy), builds the MIME message (``mail.compose``: every address header from
``email.headerregistry.Address`` objects), puts it in the outbox and, unless ``queue_only``,
sends it now. A message that could not go stays in the outbox ("outbox --send" / the GUI's
timer sends it later).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..draft import Draft
from ..files import Overwrite
from .outputs import Outputs, make_outputs

PathLike = str | Path


@dataclass
class SendResult:
    entry_id: int
    outputs: Outputs
    subject: str
    entry: Any = None  # mail.outbox.OutboxEntry after a send attempt, else None
    warnings: list[str] = field(default_factory=list)

    @property
    def sent(self) -> bool:
        return self.entry is not None and self.entry.state == "sent"


def open_outbox(path: PathLike | None = None) -> Any:
    """The outbox (``mail.Outbox``); ``OutboxError`` in Vietnamese for a damaged or newer file."""
    from ..mail import Outbox

    return Outbox(path)


def send_report(draft: Draft, *, to: list[str], account: Any, folder: PathLike, subject: str | None = None,
                body: str | None = None, cc: Iterable[str] = (), xlsx: bool = False, pdf: bool = False,
                existing_docx: PathLike | None = None, upper_level_name: str = "", password: str | None = None,
                queue_only: bool = False, outbox: Any = None, inputs: Iterable[PathLike | None] = (),
                overwrite: Overwrite = Overwrite.OURS) -> SendResult:
    """Attachments, message, outbox, send. Raises ``CchcError`` subclasses (``RenderError``,
    ``PdfError``, ``OverwriteRefusedError``, ``OutboxError``, ``MailAddressError``...) or
    ``OSError``; a failed *send* is not an error: ``result.entry.state`` says it."""
    from ..mail.compose import compose_message, default_composed

    box = outbox if outbox is not None else open_outbox()
    outputs = make_outputs(draft, folder, xlsx=xlsx, pdf=pdf, existing_docx=existing_docx, inputs=inputs,
                           overwrite=overwrite)
    composed = default_composed(draft, outputs.files(), upper_level_name=upper_level_name)
    composed.to = list(to)
    composed.cc = list(cc)
    if subject:
        composed.subject = subject
    if body:
        composed.body = body
    msg = compose_message(composed, account.from_address, from_name=draft.meta.issuing_body_short)
    entry_id = box.enqueue(msg, recipients=composed.to + composed.cc, draft_id=draft.id)
    result = SendResult(entry_id=entry_id, outputs=outputs, subject=str(msg["Subject"] or ""),
                        warnings=list(outputs.warnings))
    if not queue_only:
        result.entry = box.send_one(entry_id, account, password=password)
    return result
