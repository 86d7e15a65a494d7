"""Headless entry: ``python main.py <command>``. No arguments starts the GUI (see main.py).

Each group of commands lives in ``cchc_desktop/commands/<group>.py`` with a ``register(sub)``
function; this module only assembles them. Exit codes: 0 ok, 1 findings/failure, 2 unreadable input.
"""
from __future__ import annotations

import argparse
import importlib
import io
import logging
import os
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from . import __version__

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = ("core", "document", "share", "consolidate", "sign")

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


class VietnameseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", VietnameseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"

    def error(self, message: str) -> NoReturn:  # argparse's own errors are English; say it in Vietnamese
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Lỗi: {translate_argparse_error(message)}\n")
        sys.exit(EXIT_INPUT)


# argparse's messages (Python 3.10-3.13 wording) and what the official reads instead.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (?P<a>.+)", "thiếu tham số bắt buộc: {a}."),
    (r"one of the arguments (?P<a>.+) is required", "cần một trong các tham số: {a}."),
    (r"unrecognized arguments: (?P<a>.+)", "không hiểu tham số: {a}. Xem hướng dẫn bằng --help."),
    (r"ambiguous option: (?P<a>\S+) could match (?P<b>.+)", "tùy chọn {a} không rõ, có thể là: {b}."),
    (r"argument (?P<a>\S+): invalid choice: (?P<v>.+?) \(choose from (?P<c>.+)\)",
     "{a}: không có lựa chọn {v}; chọn một trong: {c}."),
    (r"argument (?P<a>\S+): invalid int value: (?P<v>.+)", "{a}: {v} không phải là số nguyên."),
    (r"argument (?P<a>\S+): invalid float value: (?P<v>.+)", "{a}: {v} không phải là số."),
    (r"argument (?P<a>\S+): invalid (?P<t>\S+) value: (?P<v>.+)", "{a}: giá trị {v} không hợp lệ."),
    (r"argument (?P<a>\S+): expected one argument", "{a}: cần ghi một giá trị sau tùy chọn này."),
    (r"argument (?P<a>\S+): expected at most one argument", "{a}: chỉ nhận tối đa một giá trị."),
    (r"argument (?P<a>\S+): expected at least one argument", "{a}: cần ít nhất một giá trị."),
    (r"argument (?P<a>\S+): expected (?P<n>\d+) arguments?", "{a}: cần {n} giá trị."),
    (r"argument (?P<a>\S+): not allowed with argument (?P<b>.+)", "{a}: không dùng cùng với {b}."),
    (r"argument (?P<a>\S+): ignored explicit argument (?P<v>.+)", "{a}: tùy chọn này không nhận giá trị {v}."),
)


def translate_argparse_error(message: str) -> str:
    """argparse's English error in Vietnamese; an unknown wording keeps its details in brackets."""
    import re

    for pattern, text in _ARGPARSE_MESSAGES:
        m = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if m:
            return text.format(**{k: v.replace("LỆNH", "lệnh") for k, v in m.groupdict().items()})
    return f"tham số không hợp lệ ({message})."


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="cchc", description="CCHC Desktop: soạn, kiểm tra và xuất báo cáo cải cách hành chính cấp xã.",
                    formatter_class=VietnameseHelpFormatter, add_help=False)
    parser.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    parser.add_argument("--version", action="version", version=f"CCHC Desktop {__version__}",
                        help="in phiên bản phần mềm")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f".commands.{name}", __package__).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # Vietnamese on any console (Windows cp1252 included)
        if not isinstance(stream, io.TextIOWrapper):  # replaced (tests, pythonw): leave it be
            continue
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):  # not a real text stream (tests, embedding): leave it
            continue
    from .logsetup import setup_logging

    setup_logging()  # the file appears only when something is logged
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:  # no /dev/null: nothing more will be printed anyway
            logging.getLogger(__name__).debug("no devnull after a broken pipe")
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the guard (MemoryError, RecursionError included)
        return report_command_error(exc, args.command)


def report_command_error(exc: BaseException, command: str) -> int:
    """Print the Vietnamese message of any exception a command let through, log it (with its
    traceback when unexpected) and return the documented exit code: 2 for input that cannot be
    read, 1 for everything else."""
    from .commands.common import CommandInputError
    from .draft import DraftFormatError
    from .errors import report_unexpected
    from .files import OverwriteRefusedError, ReadRefusedError

    message = report_unexpected(exc, f"command {command}")
    if isinstance(exc, OverwriteRefusedError):
        message = f"{message} {exc.cli_hint}"
    try:
        print(f"Lỗi: {message}", file=sys.stderr)
    except (OSError, ValueError):  # stderr closed: the log has it
        pass
    return EXIT_INPUT if isinstance(exc, (ReadRefusedError, DraftFormatError, CommandInputError)) else EXIT_FAIL
