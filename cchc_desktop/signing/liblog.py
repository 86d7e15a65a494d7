"""The PDF and signature libraries' own log records go to the app's log file, never to the console.

pyHanko, its certificate validator and pypdf log warnings (``EOF marker not found``), and pyHanko
logs a whole traceback when it finds a suspicious change in a signed file. With no handler on their
loggers Python prints those to stderr (``logging.lastResort``), in English, under the Vietnamese
report of ``verify``/``sign``/``stamp``. :func:`route_library_logs` hangs the app's log file (or,
without one, a handler that drops them) on those loggers.
"""
from __future__ import annotations

import logging

LIBRARY_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "pypdf", "asn1crypto", "pkcs11")


def route_library_logs() -> None:
    from ..logsetup import _handler

    target: logging.Handler = _handler if _handler is not None else logging.NullHandler()
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.propagate = False
        for old in [h for h in logger.handlers if getattr(h, "_cchc_route", False)]:
            logger.removeHandler(old)
        handler = _Forward(target)
        logger.addHandler(handler)


class _Forward(logging.Handler):
    """Forwards to the app's current handler (tests move it between data folders)."""

    _cchc_route = True

    def __init__(self, target: logging.Handler):
        super().__init__(logging.WARNING)
        self.target = target

    def emit(self, record: logging.LogRecord) -> None:
        self.target.handle(record)  # the app's file handler never raises (logsetup._RotatingFile)
