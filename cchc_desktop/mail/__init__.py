"""Sending the report upward by e-mail: compose, an outbox that survives going offline, SMTP.

Qt-free. The GUI queues a message (``Outbox.enqueue``) and runs ``Outbox.process`` on a worker
thread; the CLI does the same in the foreground.
"""
from .compose import Composed, compose_message, default_body, default_subject
from .outbox import Outbox, OutboxEntry
from .sender import MailAccount, SendError, get_password, send_raw, set_password

__all__ = [
    "Composed", "compose_message", "default_body", "default_subject", "Outbox", "OutboxEntry",
    "MailAccount", "SendError", "get_password", "send_raw", "set_password",
]
