"""The Word templates are what tools/build_templates.py builds, byte for byte, and
docs/template-variables.md names exactly the placeholders the render context fills."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_desktop.render.context import CONTEXT_KEYS
from cchc_desktop.render.template_check import sample_context

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "template-variables.md"


def load_builder():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "tools" / "build_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["report", "notice"])
def test_committed_template_is_the_rebuilt_one(kind):
    builder = load_builder()
    rebuilt = builder.template_bytes(kind)
    committed = (ROOT / "templates" / f"{kind}.docx").read_bytes()
    assert rebuilt == committed, (f"templates/{kind}.docx is not what tools/build_templates.py builds: "
                                  f"run `python tools/build_templates.py` and commit the templates")


def test_rebuild_is_deterministic():
    builder = load_builder()
    assert builder.template_bytes("report") == builder.template_bytes("report")


def test_check_mode_fails_on_a_stale_template(tmp_path, monkeypatch):
    builder = load_builder()
    monkeypatch.setattr(builder, "ROOT", tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report.docx").write_bytes(builder.template_bytes("report"))
    (tmp_path / "templates" / "notice.docx").write_bytes(b"PK not the template")
    assert builder.main(["--check"]) == 1
    (tmp_path / "templates" / "notice.docx").write_bytes(builder.template_bytes("notice"))
    assert builder.main(["--check"]) == 0


def test_check_mode_from_the_command_line():
    proc = subprocess.run([sys.executable, "tools/build_templates.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ----- docs/template-variables.md -------------------------------------------------------------
def documented_names(text: str) -> dict[str, set[str]]:
    """Names in the first column of every table, grouped by prefix: "" (top level), "b", "f",
    "f.headers", "r". A cell like "`f.headers.stt`, `.indicator`" continues the last prefix."""
    found: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        first = line.split("|")[1]
        prefix = None
        for token in re.findall(r"`([^`]+)`", first):
            if not re.fullmatch(r"\.?[a-z_]+(\.[a-z_]+)*", token):
                continue
            if token.startswith("."):
                if prefix is None:
                    continue
                token = prefix + token
            parts = token.split(".")
            prefix = ".".join(parts[:-1]) or None
            if len(parts) == 1:
                found.setdefault("", set()).add(token)
            for i in range(1, len(parts)):  # f.headers.stt documents f.headers and f.headers.stt
                found.setdefault(".".join(parts[:i]), set()).add(parts[i])
    return found


def context_names() -> dict[str, set[str]]:
    ctx = sample_context()
    out: dict[str, set[str]] = {"": set(ctx)}
    out["b"] = set().union(*(set(b) for b in ctx["body"]))
    out["f"] = set().union(*(set(f) for f in ctx["forms"]))
    out["f.headers"] = set().union(*(set(f["headers"]) for f in ctx["forms"]))
    out["r"] = set().union(*(set(r) for f in ctx["forms"] for r in f["rows"]))
    return out


def test_the_doc_reader_reads_continued_names():
    names = documented_names("| `f.headers.stt`, `.indicator` | x |\n| `r.stt` / `r.code` | y |\n"
                             "| `kind` | text | `periodic` |\n|---|---|\n")
    assert names == {"f": {"headers"}, "f.headers": {"stt", "indicator"}, "r": {"stt", "code"}, "": {"kind"}}


def test_context_keys_are_the_ones_built():
    assert set(CONTEXT_KEYS) == set(sample_context())


@pytest.mark.parametrize("prefix", ["", "b", "f", "f.headers", "r"])
def test_template_variables_doc_matches_the_context(prefix):
    documented = documented_names(DOC.read_text(encoding="utf-8"))
    built = context_names()
    assert built[prefix], f"the sample context has no {prefix or 'top-level'} keys"
    missing = sorted(built[prefix] - documented.get(prefix, set()))
    extra = sorted(documented.get(prefix, set()) - built[prefix])
    where = f"{prefix}." if prefix else "top-level "
    assert not missing, f"docs/template-variables.md does not document {where}{missing}"
    assert not extra, f"docs/template-variables.md documents {where}{extra}, which the context does not have"


def test_every_benchmark_takes_quick():
    """`.ci/run` calls each bench/bench_*.py with --quick; one without it printed a usage error
    in CI instead of its figures (bench_phrases.py)."""
    root = Path(__file__).resolve().parents[1]
    for bench in sorted((root / "bench").glob("bench_*.py")):
        done = subprocess.run([sys.executable, str(bench), "--help"], capture_output=True, text=True, timeout=120,
                              cwd=root)
        assert done.returncode == 0 and "--quick" in done.stdout, (bench.name, done.stdout[-300:], done.stderr[-300:])
