"""Every broad ``except`` (bare, ``Exception``, ``BaseException``) in the app is audited: it
re-raises, or logs with the traceback (``log.exception``, ``exc_info=``, ``report_unexpected``,
``report_command_error``), or says on its ``except`` line why swallowing is right with a
``best-effort: <why>`` (comfort, cleanup, a hint) or ``passed-on: <why>`` (handed to code that
logs and words it) comment. A new silent ``except Exception: pass`` fails here."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROAD = {"Exception", "BaseException"}
LOGGING_CALLS = {"exception", "report_unexpected", "report_command_error"}
JUSTIFIED = re.compile(r"#.*\b(best-effort|passed-on): \S.{4,}")


def _is_broad(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in BROAD for n in names)


def _raises_or_logs(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in LOGGING_CALLS or any(k.arg == "exc_info" for k in node.keywords):
                return True
    return False


def unaudited(source: str, name: str = "<src>") -> list[str]:
    lines = source.splitlines()
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ExceptHandler) and _is_broad(node) and not _raises_or_logs(node):
            line = lines[node.lineno - 1]
            if not JUSTIFIED.search(line):
                out.append(f"{name}:{node.lineno}: {line.strip()}")
    return out


def app_sources() -> list[Path]:
    return sorted(p for folder in ("cchc_desktop", "ui") if (ROOT / folder).is_dir()
                  for p in (ROOT / folder).rglob("*.py"))


def test_every_broad_except_logs_reraises_or_says_why():
    found = [hit for p in app_sources() for hit in unaudited(p.read_text(encoding="utf-8"), str(p.relative_to(ROOT)))]
    assert not found, "broad except without log, raise or 'best-effort:' reason:\n" + "\n".join(found)


def test_the_check_catches_a_silent_except():
    silent = "try:\n    f()\nexcept Exception:\n    pass\n"
    bare = "try:\n    f()\nexcept:  # noqa\n    x = 1\n"
    tuple_ = "try:\n    f()\nexcept (ValueError, BaseException):  # noqa: BLE001 - no tag\n    pass\n"
    assert len(unaudited(silent)) == len(unaudited(bare)) == len(unaudited(tuple_)) == 1
    assert unaudited("try:\n    f()\nexcept Exception:  # noqa: BLE001 - best-effort: only a hint\n    pass\n") == []
    assert unaudited("try:\n    f()\nexcept Exception:\n    log.warning('x', exc_info=True)\n") == []
    assert unaudited("try:\n    f()\nexcept BaseException:\n    cleanup()\n    raise\n") == []
    assert unaudited("try:\n    f()\nexcept ValueError:\n    pass\n") == []
    assert len(unaudited("try:\n    f()\nexcept Exception:  # best-effort:\n    pass\n")) == 1  # no reason
