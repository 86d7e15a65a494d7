"""Headless entry: ``python main.py <command>``. No arguments starts the GUI (see main.py).

Each group of commands lives in ``cchc_desktop/commands/<group>.py`` with a ``register(sub)``
function; this module only assembles them. Exit codes: 0 ok, 1 findings/failure, 2 unreadable input.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = ("core", "document", "share")

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


class VietnameseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", VietnameseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"

    def error(self, message):  # argparse's own errors are English; say it in Vietnamese
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Lỗi: tham số không hợp lệ ({message}).\n")
        sys.exit(EXIT_INPUT)


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
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass
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
        except OSError:
            pass
        return EXIT_OK
