"""Bounds on rendering a Word template, so a user's template cannot hang or exhaust the machine.

Two layers:

1. :class:`BoundedSandbox` (every render): Jinja's sandbox with ``range`` limited to
   :data:`MAX_RANGE` items, string repetition, padding and ``format`` widths limited to
   :data:`MAX_STRING` characters, and every printed value cut to :data:`MAX_STRING`.
   ``{% for i in range(100000) %}{% for j in range(100000) %}`` and ``'a'|center(10**9)``
   stop at once with a ``SecurityError`` worded by the caller.
2. :func:`run_bounded` (renders of a template that is not the app's own: ``render --template``,
   ``check-template``): the work runs in a child process (``multiprocessing`` spawn, also in the
   frozen bundle) with a wall-clock limit (:data:`TIME_LIMIT` s) and, where the system allows
   (POSIX ``RLIMIT_AS``), a memory limit (:data:`MEMORY_LIMIT`); the child is killed past them.
"""
from __future__ import annotations

import multiprocessing
import operator
from collections.abc import Callable
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_RANGE = 10_000
MAX_STRING = 1_000_000
TIME_LIMIT = 60.0
MEMORY_LIMIT = 1536 * 1024 * 1024


def bounded_range(*args: int) -> range:
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise SecurityError(f"range quá lớn ({len(r)} phần tử; tối đa {MAX_RANGE}).")
    return r


def _check_width(width: Any) -> None:
    if isinstance(width, int) and width > MAX_STRING:
        raise SecurityError(f"độ rộng {width} quá lớn (tối đa {MAX_STRING}).")


def _format_width_ok(fmt: str) -> None:
    import re

    for digits in re.findall(r"%[-+ #0]*(\d+)", fmt) + re.findall(r"\.(\d+)", fmt):
        if len(digits) > 7 or int(digits) > MAX_STRING:
            raise SecurityError("định dạng yêu cầu chuỗi quá dài.")


# What ``getattr`` finds on a dict (its methods and dunders): any other name read from a dict
# in the template (``b.kind``) is a key.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with size limits (see the module docstring)."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = bounded_range
        for name in ("center", "indent", "truncate", "wordwrap"):
            self.filters[name] = self._width_checked(self.filters[name])
        self.filters["format"] = self._checked_format(self.filters["format"])

    @staticmethod
    def _width_checked(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for value in list(args[1:]) + list(kwargs.values()):
                _check_width(value)
            return fn(*args, **kwargs)
        return wrapper

    @staticmethod
    def _checked_format(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(value: Any, *args: Any, **kwargs: Any) -> Any:
            _format_width_ok(str(value))
            return fn(value, *args, **kwargs)
        return wrapper

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``b.kind`` on a context dict: the key, at once. The sandbox's own ``getattr`` gets
        there too, after ``getattr(dict, "kind")`` has raised and been caught, which costs more
        than the rest for the thousands of blocks of a long report. Same result: a dict has no
        attribute of that name, so the sandbox would look the key up as well."""
        if type(obj) is dict and type(attribute) is str and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_STRING:
                    raise SecurityError("phép nhân tạo chuỗi quá dài.")
        if operator_ == "**" and isinstance(right, int) and right > 1000:
            raise SecurityError("lũy thừa quá lớn.")
        if operator_ == "%" and isinstance(left, str):
            _format_width_ok(left)
        return {"*": operator.mul, "**": operator.pow, "%": operator.mod}[operator_](left, right)


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...], memory: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):  # Windows, or a lower hard limit: time limit only
        pass
    try:
        result: tuple[bool, Any] = (True, fn(*args))
    except MemoryError:
        result = (False, "memory")
    except BaseException as exc:  # noqa: BLE001 - passed-on: sent back to the parent, which logs and words it
        import traceback

        from ..errors import CchcError

        result = (False, exc if isinstance(exc, CchcError) else traceback.format_exc(limit=20)[-4000:])
    try:
        conn.send(result)
    except Exception:  # noqa: BLE001 - passed-on: an unpicklable result: say it as text
        conn.send((False, f"{type(result[1]).__name__}"))
    conn.close()


def run_bounded(fn: Callable[..., Any], *args: Any, what: str, timeout: float | None = None,
                memory: int | None = None) -> Any:
    """``fn(*args)`` in a child process with a time and memory limit; its result, or its
    ``CchcError`` re-raised, or a ``RenderError`` saying the limit was passed. ``fn`` must be
    importable (a module-level function) and its arguments picklable."""
    from .docx_render import RenderError

    timeout = TIME_LIMIT if timeout is None else timeout
    memory = MEMORY_LIMIT if memory is None else memory
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, fn, args, memory), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise RenderError(f"{what} chạy quá {timeout:.0f} giây nên đã bị dừng (mẫu có vòng lặp quá lớn?). "
                              "Hãy kiểm tra mẫu hoặc dùng mẫu mặc định.")
        try:
            ok, value = parent.recv()
        except (EOFError, OSError):
            raise RenderError(f"{what} bị dừng vì dùng quá nhiều bộ nhớ hoặc gặp lỗi nghiêm trọng. "
                              "Hãy kiểm tra mẫu hoặc dùng mẫu mặc định.") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()
    if ok:
        return value
    if value == "memory":
        raise RenderError(f"{what} dùng quá nhiều bộ nhớ nên đã bị dừng. Hãy kiểm tra mẫu hoặc dùng mẫu mặc định.")
    if isinstance(value, BaseException):
        raise value
    import logging

    logging.getLogger(__name__).warning("%s failed in the bounded child:\n%s", what, value)
    last = str(value).strip().splitlines()[-1] if str(value).strip() else "?"
    raise RenderError(f"{what} gặp lỗi: {last}", detail=str(value))
