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


# ----- one edit path (issue 12 item 1) ---------------------------------------------------------
# A draft's fields change only in ``editing/`` (``apply_edits``: the DraftEditor, the store's
# headless ``save_field``, the Excel import's plan, the builders of a new period's and the
# province's draft all run it). The draft model has no setters, and no other module assigns a
# draft's fields (``x.meta.place = ...``, ``x.annex[f][c] = ...``, ``x.variant = ...``,
# ``setattr(x.signer, ...)``, ``x.annex.setdefault(...)``), changes the outline's structure
# (``x.outline.pop()``, ``x.children.insert(...)``: ``editing/outline.py``, run through
# ``DraftEditor.edit_outline``) or calls a removed setter. What the reader cannot see: a
# ``Section`` object's own text attributes (``node.title = ...``) in the core, whose owner it
# cannot tell from an openpyxl cell's; in ``gui/`` they are checked below
# (``test_gui_never_sets_a_sections_text_directly``): the outline editor alone makes its own
# editor instead of setting them.
EDIT_PACKAGE = f"{PACKAGE}.editing"
READER_MODULES = (f"{PACKAGE}.draft", f"{PACKAGE}.draft_upgrade")  # build whole drafts from JSON
DRAFT_ATTRS = frozenset({"variant", "annex_off_variant", "numbering", "outline", "annex", "meta", "signer",
                         "recipients", "period"})
DRAFT_PARTS = frozenset({"meta", "signer", "recipients", "period"})
MUTATORS = frozenset({"setdefault", "pop", "popitem", "append", "extend", "insert", "remove", "clear", "update",
                      "sort", "reverse"})
REMOVED_SETTERS = frozenset({"set_field", "set_annex", "set_annex_included", "_set_field"})
# Functions that build a draft nobody has yet, allowed to set its fields. Each entry must still
# write (the test fails when one stops), so the list only shrinks.
DRAFT_BUILDERS = {
    (f"{PACKAGE}.outlines", "new_draft"): "a new draft from an outline and the profile",
    (f"{PACKAGE}.render.template_check", "sample_context"): "a throwaway draft for the trial render",
    (f"{PACKAGE}.store.drafts", "dump"): "lends the annex to the JSON encoder and puts it back",
}


def _chain(node: ast.AST) -> list[str]:
    """``d.annex["3"].setdefault`` -> ["d", "annex", "[]", "setdefault"]."""
    out: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            out.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            out.append("[]")
            node = node.value
        elif isinstance(node, ast.Call):
            out.append("()")
            node = node.func
        else:
            out.append(node.id if isinstance(node, ast.Name) else "?")
            return out[::-1]


def _is_draft_write(target: ast.AST) -> bool:
    if not isinstance(target, (ast.Attribute, ast.Subscript)):
        return False
    c = _chain(target)
    if c[0] == "self" and len(c) == 2:
        return False  # an object's own attribute (a widget's self.variant)
    if "annex" in c[1:]:
        after = c[c.index("annex") + 1:]
        if not after or "[]" in after:
            return True  # x.annex = ..., x.annex[f][c] = ..., del x.annex[f]
    attrs = [x for x in c[1:] if x not in ("[]", "()")]
    if len(attrs) >= 2 and attrs[-2] in DRAFT_PARTS and c[-1] == attrs[-1]:
        return True  # x.meta.place = ..., x.signer.name = ...
    return (c[-1] in DRAFT_ATTRS or c[-1] == "children") and c[0] != "self"  # x.variant = ..., x.children = ...


def draft_writes(source: str) -> list[tuple[int, str, str]]:
    """(line, function, what) of every place ``source`` changes a draft's fields by itself."""
    found: list[tuple[int, str, str]] = []
    where: list[str] = []

    class Visitor(ast.NodeVisitor):
        def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
            where.append(node.name)
            self.generic_visit(node)
            where.pop()

        visit_AsyncFunctionDef = visit_FunctionDef

        def hit(self, node: ast.AST, what: ast.AST) -> None:
            found.append((node.lineno, where[-1] if where else "<module>", ast.unparse(what)))

        def targets(self, node: ast.AST, targets: list[ast.expr]) -> None:
            for t in targets:
                for x in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]):
                    if _is_draft_write(x):
                        self.hit(node, x)
            self.generic_visit(node)

        def visit_Assign(self, node: ast.Assign) -> None:
            self.targets(node, node.targets)

        def visit_AugAssign(self, node: ast.AugAssign) -> None:
            self.targets(node, [node.target])

        def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
            self.targets(node, [node.target])

        def visit_Delete(self, node: ast.Delete) -> None:
            self.targets(node, node.targets)

        def visit_Call(self, node: ast.Call) -> None:
            f = node.func
            if isinstance(f, ast.Attribute) and f.attr in REMOVED_SETTERS:
                self.hit(node, f)
            elif isinstance(f, ast.Attribute) and f.attr in MUTATORS:
                c = _chain(f.value)
                if c[0] != "self" and ("annex" in c[1:] or c[-1] in ("outline", "children")
                                       or c[-2:] in (["meta", "legal_bases"], ["recipients", "items"])):
                    self.hit(node, f)  # also the outline's structure: x.outline.pop(), x.children.insert()
            elif isinstance(f, ast.Name) and f.id == "setattr" and node.args:
                c = _chain(node.args[0])
                if c[-1] in DRAFT_PARTS and c[0] != "self":
                    self.hit(node, node.args[0])
            self.generic_visit(node)

    Visitor().visit(ast.parse(source))
    return found


def _may_write(name: str) -> bool:
    return in_tree(name, EDIT_PACKAGE) or name in READER_MODULES


@pytest.mark.parametrize("name", [m for m in modules() if not _may_write(m)])
def test_only_the_editing_package_changes_a_draft(name):
    writes = [(line, fn, what) for line, fn, what in draft_writes(modules()[name].read_text(encoding="utf-8"))
              if (name, fn) not in DRAFT_BUILDERS]
    assert not writes, (f"{name} changes a draft's fields by itself (use editing.apply_edits or a "
                        f"DraftEditor): {writes}")


def test_draft_builders_still_build():
    for (name, fn), why in DRAFT_BUILDERS.items():
        writes = [w for w in draft_writes(modules()[name].read_text(encoding="utf-8")) if w[1] == fn]
        assert writes, f"{name}.{fn} ({why}) no longer writes fields: remove it from DRAFT_BUILDERS"


def test_the_draft_model_has_no_setters():
    tree = ast.parse(modules()[f"{PACKAGE}.draft"].read_text(encoding="utf-8"))
    classes = {c.name: c for c in tree.body if isinstance(c, ast.ClassDef)}
    assert {"Draft", "Meta", "Section", "Period", "Recipients", "Signer"} <= set(classes)
    setters = [(c.name, f.name) for c in classes.values() for f in c.body
               if isinstance(f, ast.FunctionDef) and (f.name.startswith("set") or f.name in REMOVED_SETTERS)]
    assert not setters, f"the draft model has setters again (the edit path is editing.apply_edits): {setters}"
    module_setters = [f.name for f in tree.body if isinstance(f, ast.FunctionDef) and "set" in f.name.split("_")]
    assert not module_setters, module_setters


def test_nobody_calls_a_removed_setter():
    """Scripts, benches and tests too: one edit path (``editing.apply_edits``, ``DraftEditor``)."""
    calls = []
    for folder in ("cchc_desktop", "tools", "bench", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            calls += [(str(path.relative_to(ROOT)), n.lineno) for n in ast.walk(tree)
                      if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                      and n.func.attr in REMOVED_SETTERS]
    assert not calls, calls


def test_every_writer_runs_the_one_apply():
    """The editor, the store's single-field save and the import plan call ``apply_edits``; the
    store replays an editor's cleaned fields with ``apply`` (no second cleaning)."""
    def calls(module: str, function: str) -> set[str]:
        tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
        fn = next(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.name == function)
        return {ast.unparse(n.func) for n in ast.walk(fn) if isinstance(n, ast.Call)}

    assert "_apply.apply_edits" in calls(f"{EDIT_PACKAGE}.editor", "set_many")
    assert "apply_edits" in calls(f"{PACKAGE}.store.drafts", "save_field")
    assert "apply_edit" in calls(f"{PACKAGE}.store.drafts", "write_draft")  # editing.apply.apply
    assert "apply_edits" in calls(f"{PACKAGE}.xlsx_import", "_import_form")


def test_the_edit_reader_sees_writes():
    """The reader itself, on writes it must see and on look-alikes it must not."""
    src = ("def f(d, ws, node):\n"
           "    d.meta.place = 'x'\n"
           "    d.signer.deputy = True\n"
           "    d.annex['3']['1.4'] = {}\n"
           "    d.annex.setdefault('3', {})\n"
           "    del d.annex['3']\n"
           "    d.variant, d.annex_off_variant = None, 'A-2024'\n"
           "    d.numbering += ['roman']\n"
           "    d.meta.legal_bases.append('x')\n"
           "    setattr(d.recipients, 'archive', 'VT')\n"
           "    d.set_annex(3, '1.4', value='1')\n"
           "    node.children.insert(0, new)\n"
           "    d.outline = []\n"
           "    ws.title = 'Bìa'\n"
           "    self.variant = None\n"
           "    x = d.meta.place\n"
           "    cells = {}; cells['a'] = 1\n")
    found = [what for _, _, what in draft_writes(src)]
    assert found == ["d.meta.place", "d.signer.deputy", "d.annex['3']['1.4']", "d.annex.setdefault", "d.annex['3']",
                     "d.variant", "d.annex_off_variant", "d.numbering", "d.meta.legal_bases.append",
                     "d.recipients", "d.set_annex", "node.children.insert", "d.outline"], found
    # and on the real code: the writes are where they belong
    assert len(draft_writes(modules()[f"{EDIT_PACKAGE}.apply"].read_text(encoding="utf-8"))) >= 10
    assert len(draft_writes(modules()[f"{EDIT_PACKAGE}.outline"].read_text(encoding="utf-8"))) >= 5


SECTION_TEXT_ATTRS = frozenset({"title", "text", "guidance", "numbering", "form"})
STYLE_OPTIONS = frozenset({"opt", "option"})  # QStyleOptionViewItem.text is Qt's, not a draft's


def _section_text_writes(source: str) -> list[int]:
    """Lines assigning ``x.title``/``x.text``/... on anything but ``self`` or a Qt style option."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        else:
            continue
        for t in targets:
            if isinstance(t, ast.Attribute) and t.attr in SECTION_TEXT_ATTRS:
                c = _chain(t)
                if (c[0] == "self" and len(c) == 2) or c[0] in STYLE_OPTIONS:
                    continue
                lines.append(node.lineno)
    return lines


def test_gui_never_sets_a_sections_text_directly():
    assert _section_text_writes("node.title = 'x'\nself.parent.text += 'y'\nopt.text = ''\nself.title = 1\n") == [1, 2]
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in sorted((ROOT / PACKAGE / "gui").rglob("*.py"))
                 for line in _section_text_writes(path.read_text(encoding="utf-8"))]
    assert offenders == [], "edit through the DraftEditor (editor.set(SectionField(...)))"
