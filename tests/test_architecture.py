"""Import contracts of the layers, read from the source with ``ast`` (nothing is imported).

- the core (``cchc_desktop`` outside ``gui/``) never imports Qt, neither directly nor through
  another module of the package, and never imports ``gui``;
- code that writes outputs (render, exports, PDF, mail, sharing) never imports the CLI's
  ``commands/``; nothing but ``cli.py`` and ``commands/`` itself does;
- the store's migrations never import live store code (what an old migration writes must not
  change when the store changes).

Every ``import`` counts, at module level or inside a function, under ``TYPE_CHECKING`` too.
docs/architecture.md explains the layers.
"""
from __future__ import annotations

import ast
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "cchc_desktop"
QT_ROOTS = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "qtpy")

# Modules that write an output a user receives.
OUTPUT_MODULES = (
    "cchc_desktop.render", "cchc_desktop.xlsx_export", "cchc_desktop.pdf", "cchc_desktop.mail",
    "cchc_desktop.sharing",
)
# Who may import commands/: the CLI entry and the command modules themselves.
COMMANDS_ALLOWED = ("cchc_desktop.cli", "cchc_desktop.commands")

# Known exceptions (importer, imported). Each entry must still be a violation: the test fails
# when one is fixed, so the list only shrinks. Empty since the safe-write helpers left commands/.
KNOWN_COMMANDS_IMPORTS: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / PACKAGE).rglob("*.py"))}


def is_package(name: str) -> bool:
    path = modules().get(name)
    return path is not None and path.name == "__init__.py"


def resolve(importer: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``from ... import`` names (relative dots resolved)."""
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    if not is_package(importer):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@cache
def imports_of(name: str) -> frozenset[str]:
    return imports_in_source(name, modules()[name].read_text(encoding="utf-8"))


def imports_in_source(name: str, source: str) -> frozenset[str]:
    """Every module the source of ``name`` imports: absolute names; for ``from X import y``
    both X and X.y when X.y is a module of the package."""
    tree = ast.parse(source, filename=name)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = resolve(name, node)
            found.add(target)
            for alias in node.names:
                if f"{target}.{alias.name}" in modules():
                    found.add(f"{target}.{alias.name}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)  # importlib.import_module("PySide6.QtCore")
    return frozenset(found)


def internal_imports(name: str) -> set[str]:
    """The package's own modules ``name`` imports (a package import means its __init__)."""
    return {m for m in imports_of(name) if m in modules()}


def in_tree(name: str, root: str) -> bool:
    return name == root or name.startswith(root + ".")


def is_core(name: str) -> bool:
    return in_tree(name, PACKAGE) and not in_tree(name, f"{PACKAGE}.gui")


def is_qt(name: str) -> bool:
    return any(in_tree(name, root) for root in QT_ROOTS)


def core_modules() -> list[str]:
    return [m for m in modules() if is_core(m)]


def chain_to(start: str, bad: Callable[[str], bool]) -> list[str] | None:
    """The shortest import chain from ``start`` through core modules to a module ``bad`` accepts."""
    queue: list[list[str]] = [[start]]
    seen = {start}
    while queue:
        path = queue.pop(0)
        for target in sorted(imports_of(path[-1])):
            if bad(target):
                return [*path, target]
            if target in modules() and is_core(target) and target not in seen:
                seen.add(target)
                queue.append([*path, target])
    return None


# ----- the contracts -------------------------------------------------------------------------
def test_the_package_is_found():
    assert len(core_modules()) > 20 and any(in_tree(m, f"{PACKAGE}.gui") for m in modules())


@pytest.mark.parametrize("name", core_modules())
def test_core_never_imports_qt(name):
    chain = chain_to(name, is_qt)
    assert chain is None, "the core imports Qt: " + " -> ".join(chain)


@pytest.mark.parametrize("name", core_modules())
def test_core_never_imports_gui(name):
    bad = sorted(m for m in imports_of(name) if in_tree(m, f"{PACKAGE}.gui"))
    assert not bad, f"{name} (core) imports the GUI: {bad}"


def test_only_the_cli_imports_commands():
    found = set()
    for name in modules():
        if any(in_tree(name, allowed) for allowed in COMMANDS_ALLOWED):
            continue
        for target in imports_of(name):
            if in_tree(target, f"{PACKAGE}.commands"):
                found.add((name, target))
    outputs = {(n, t) for n, t in found if any(in_tree(n, o) for o in OUTPUT_MODULES)}
    new_outputs = sorted(outputs - KNOWN_COMMANDS_IMPORTS)
    assert not new_outputs, f"output code imports commands/: {new_outputs}"
    assert found <= KNOWN_COMMANDS_IMPORTS, f"only cli.py uses commands/: {sorted(found - KNOWN_COMMANDS_IMPORTS)}"
    fixed = KNOWN_COMMANDS_IMPORTS - found
    assert not fixed, f"fixed, remove from KNOWN_COMMANDS_IMPORTS in this test: {sorted(fixed)}"


def test_migrations_never_import_live_store_code():
    name = f"{PACKAGE}.store.migrations"
    assert name in modules()
    bad = sorted(m for m in imports_of(name) if in_tree(m, f"{PACKAGE}.store") and m != name)
    assert not bad, f"the migrations import live store code: {bad}"


def test_the_contract_reader_sees_imports():
    """The reader itself: relative imports, imports inside functions, import_module."""
    src = ("from ..gui import app\n"
           "from . import docx_render\n"
           "def f():\n    from PySide6.QtCore import QObject\n"
           "import importlib\nimportlib.import_module('PySide6.QtGui')\n")
    found = imports_in_source("cchc_desktop.render.fake", src)
    assert found == {"cchc_desktop.gui", "cchc_desktop.gui.app", "cchc_desktop.render",
                     "cchc_desktop.render.docx_render", "PySide6.QtCore", "importlib", "PySide6.QtGui"}
    assert is_qt("PySide6.QtCore") and not is_qt("PySide6x") and is_core("cchc_desktop.render.fake")
    assert not is_core("cchc_desktop.gui.app")
    # a core module importing Qt through another core module is caught with its chain
    assert chain_to("cchc_desktop.render.docx_render", lambda m: m == "cchc_desktop.draft") is not None
