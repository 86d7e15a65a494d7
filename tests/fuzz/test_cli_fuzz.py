"""Fuzz every CLI command (issue 11, "the mechanisms"): generated argument lists over damaged and
hostile files. For every case: exit code 0, 1 or 2 (as documented), no traceback and no
"unexpected error" (every failure is worded), no input file changed, no half-written file left.

Size: ``CCHC_FUZZ_EXAMPLES`` cases per command (default 60: the CI size, ~20 s for the 14
commands on the development VM); the nightly size is ``CCHC_FUZZ_EXAMPLES=1000``. Commands are read from
the real parser, so a new command is fuzzed without touching this file. No network: servers are
127.0.0.1 on a closed port.

``--pdf``/``--attach-pdf`` (a LibreOffice conversion each) have their own test, in which the flag
is always given: ``CCHC_FUZZ_PDF_EXAMPLES`` cases per command that has one (default 16, the CI
size; nightly 200), through one warm LibreOffice started for the test (``pdf_warm``: well under a
second per conversion after the first; the cold path when LibreOffice's Python has no ``uno``).
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.cli import build_parser, main
from cchc_desktop.errors import UNEXPECTED

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "phuong-1-6t-2024.json"
EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "60"))
PDF_EXAMPLES = int(os.environ.get("CCHC_FUZZ_PDF_EXAMPLES", "16"))
PDF_FLAGS = {"--pdf", "--attach-pdf"}
LOOPBACK = {"--smtp-host": "127.0.0.1", "--smtp-port": "9", "--tsa": "http://127.0.0.1:9/"}
# PDF cases: sound values so that most cases reach the conversion (the mail server is a closed
# loopback port: sending fails after the PDF is made, or the mail waits in the outbox)
SOUND = {"--to": "pnv@example.gov.vn", "--sender": "xa@example.gov.vn", "--smtp-host": "127.0.0.1",
         "--smtp-port": "9", "--security": "none", "--queue-only": "", "--docx": "<docx>", "--outdir": "<out>"}
OUTPUT_OPTIONS = {"-o", "--output", "--outdir", "--draft"}  # consolidate --draft writes the province draft


def _commands() -> dict[str, object]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return dict(sub.choices)


COMMANDS = _commands()


def _files(folder: Path) -> dict[str, Path]:
    """The hostile file pool (made once per test session)."""
    from cchc_desktop.cli import main as cli

    folder.mkdir(parents=True, exist_ok=True)
    good = folder / "du-thao.json"
    shutil.copyfile(EXAMPLE, good)
    text = EXAMPLE.read_text(encoding="utf-8")
    data = json.loads(text)
    pool = {"good": good}
    pool["cut"] = folder / "cat.json"
    pool["cut"].write_text(text[: len(text) // 2], encoding="utf-8")
    pool["garbage"] = folder / "rac.json"
    pool["garbage"].write_bytes(os.urandom(3000))
    pool["deep"] = folder / "sau.json"
    pool["deep"].write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    odd = dict(data, variant=["A-2024"], period={"type": "zz", "year": 10**30})
    pool["odd"] = folder / "la.json"
    pool["odd"].write_text(json.dumps(odd, ensure_ascii=False), encoding="utf-8")
    pool["empty"] = folder / "rong.json"
    pool["empty"].write_bytes(b"")
    docx = folder / "bao-cao.docx"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert cli(["render", str(good), "-o", str(docx)]) == 0
        assert cli(["export-xlsx", str(good), "-o", str(folder / "phu-luc.xlsx")]) == 0
    pool["docx"] = docx
    pool["xlsx"] = folder / "phu-luc.xlsx"
    blob = docx.read_bytes()
    pool["docx_cut"] = folder / "hong.docx"
    pool["docx_cut"].write_bytes(blob[: len(blob) // 3])
    bomb = folder / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<" + b"a" * (64 << 20))
    pool["bomb"] = bomb
    pool["png"] = folder / "anh.png"
    pool["png"].write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    pool["folder"] = folder / "thu-muc"
    pool["folder"].mkdir(exist_ok=True)
    pool["missing"] = folder / "khong-co.json"
    fifo = folder / "ong.json"
    if hasattr(os, "mkfifo") and not fifo.exists():
        os.mkfifo(fifo)
    if fifo.exists():
        pool["fifo"] = fifo
    if Path("/dev/zero").exists():
        pool["zero"] = Path("/dev/zero")
    return pool


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz-data")
    before = os.environ.get("CCHC_DATA_DIR")
    os.environ["CCHC_DATA_DIR"] = str(data)  # module-wide: hypothesis runs many cases per test
    yield _files(tmp_path_factory.mktemp("fuzz-files"))
    # the fuzz's data folder (an outbox with queued mails) must not leak into later tests
    if before is None:
        os.environ.pop("CCHC_DATA_DIR", None)
    else:
        os.environ["CCHC_DATA_DIR"] = before


def _digest(path: Path) -> str | None:
    try:
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "x@y.vn\r\nBcc: z@w.vn", "a\nb", "99999999999999999999", "-1", "0", "zz",
                     "A-2024", "none", "6m", "5y", "custom", "2024-13-45", "=cmd|'/c calc'!A1", "\x00", "é" * 300]),
)


@st.composite
def argv(draw, command: str, files: dict[str, Path], out_dir: Path, pdf: bool = False):
    """Arguments for ``command``; the PDF flags only when ``pdf`` (then always)."""
    parser = COMMANDS[command]
    args = [command]
    paths = list(files.values())
    for action in parser._actions:
        if action.dest == "help":
            continue
        if set(action.option_strings) & PDF_FLAGS:
            if pdf:
                args.append(action.option_strings[-1])
            continue
        if not action.option_strings:  # positional: a file from the pool (sometimes text)
            count = draw(st.integers(1, 3)) if action.nargs == "+" else 1
            # PDF cases: half the inputs sound, so that many cases reach LibreOffice
            sound = [files["good"]]
            for _ in range(count):
                chosen = draw(st.sampled_from(sound)) if pdf and draw(st.booleans()) else draw(st.sampled_from(paths))
                args.append(str(chosen))
            continue
        name = action.option_strings[-1]
        if pdf and name in SOUND and draw(st.integers(0, 3)) > 0:  # mostly a case that gets through
            value = {"<docx>": str(files.get("docx", "")), "<out>": str(out_dir)}.get(SOUND[name], SOUND[name])
            args += [name, value] if value else [name]
            continue
        # PDF cases: the required options always, the others one time in four
        taken = draw(st.integers(0, 3)) == 0 if pdf else draw(st.booleans())
        if not taken and not (pdf and action.required):
            continue
        if action.nargs == 0:
            args.append(name)
            continue
        if name in LOOPBACK:
            value = LOOPBACK[name]
        elif name in OUTPUT_OPTIONS and pdf and draw(st.booleans()):
            value = str(out_dir / draw(st.sampled_from(["ra.docx", "bao cao ra.docx", "ra"])))
        elif name in OUTPUT_OPTIONS:
            value = draw(st.one_of(
                st.just(str(out_dir / draw(st.sampled_from(["ra.docx", "ra.xlsx", "ra.json", "ra.pdf", "a\nb.docx"])))),
                st.just(str(out_dir)),
                st.sampled_from([str(p) for p in paths]),  # an input as output: must be refused
                TEXT))
        elif action.choices:
            value = draw(st.one_of(st.sampled_from(sorted(map(str, action.choices))), TEXT))
        else:
            value = draw(st.one_of(st.sampled_from([str(p) for p in paths]), TEXT))
        args += [name, value]
    if draw(st.integers(0, 9)) == 0:
        args.append(draw(TEXT))  # a stray argument
    return args


def _run(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run in ``cwd`` (a temp folder): a generated relative output name must never land in the
    repository."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd) if hasattr(contextlib, "chdir") else _chdir(cwd), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:  # argparse: help, errors (exit 2)
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


@contextlib.contextmanager
def _chdir(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _outputs(args: list[str]) -> set[str]:
    """Values given to an output option: the command may write those (and only those)."""
    return {args[i + 1] for i, a in enumerate(args[:-1]) if a in OUTPUT_OPTIONS}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_command_survives_hostile_arguments(command, pool, tmp_path_factory):
    _fuzz(command, pool, tmp_path_factory, pdf=False, examples=EXAMPLES)


PDF_COMMANDS = sorted(c for c, p in COMMANDS.items() if any(set(a.option_strings) & PDF_FLAGS
                                                             for a in p._actions))  # type: ignore[attr-defined]


def test_pdf_flags_are_found():
    assert PDF_COMMANDS == ["render", "send"], PDF_COMMANDS


@pytest.fixture(scope="module")
def warm_office():
    """One warm LibreOffice for the PDF cases of this module (stopped after)."""
    from cchc_desktop import pdf_warm

    os.environ["CCHC_WARM_OFFICE"] = "1"
    conv = pdf_warm.start_background()
    yield conv
    pdf_warm.stop()
    os.environ["CCHC_WARM_OFFICE"] = "0"


@pytest.mark.soffice
@pytest.mark.parametrize("command", PDF_COMMANDS)
def test_cli_pdf_flags_survive_hostile_arguments(command, pool, tmp_path_factory, warm_office):
    codes = _fuzz(command, pool, tmp_path_factory, pdf=True, examples=PDF_EXAMPLES)
    print(f"{command} --pdf: {sum(codes.values())} cases, exit codes {sorted(codes.items())}")
    if command == "render":  # the harness reaches LibreOffice: a sound case makes its PDF
        out = tmp_path_factory.mktemp("render-pdf")
        code, err = _run(["render", str(pool["good"]), "-o", str(out / "ra.docx"), "--pdf"], out)
        assert code == 0 and (out / "ra.pdf").read_bytes()[:5] == b"%PDF-", err[-500:]


def _restore(before: dict[Path, str | None], pristine: Path) -> None:
    """Put back every pool file a case changed (so a failing case cannot leave the pool changed
    for the next ones, and hypothesis shrinks to the case that really changed a file)."""
    for p, digest in before.items():
        if _digest(p) == digest:
            continue
        if (pristine / p.name).is_file():
            shutil.copyfile(pristine / p.name, p)
        elif p.is_file():  # a file that did not exist (the "missing" input) was written
            p.unlink()


def _fuzz(command, pool, tmp_path_factory, *, pdf: bool, examples: int) -> dict[int, int]:
    """Run the cases; returns how many ended with each exit code."""
    codes: dict[int, int] = {}
    out_dir = tmp_path_factory.mktemp(f"out-{command}")
    work = tmp_path_factory.mktemp(f"cwd-{command}")
    pristine = tmp_path_factory.mktemp(f"pristine-{command}")
    before = {p: _digest(p) for p in pool.values()}
    for p in pool.values():
        if p.is_file() and p.parent != Path("/dev"):
            shutil.copyfile(p, pristine / p.name)

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(args=argv(command, pool, out_dir, pdf))
    def case(args):
        _restore(before, pristine)  # every case starts from the same pool, even after a failed one
        code, err = _run(args, work)
        codes[code] = codes.get(code, 0) + 1
        if os.environ.get("CCHC_FUZZ_SHOW"):
            print(code, args, err.strip().splitlines()[-1:] if err.strip() else "")
        assert code in (0, 1, 2), (args, code, err[-500:])
        assert "Traceback" not in err, (args, err[-2000:])
        assert UNEXPECTED.split("{")[0] not in err, (args, err[-500:])  # every failure is worded
        outputs = _outputs(args)
        for p, digest in before.items():
            if _digest(p) != digest:
                # only a file named as the output may change, and never one the command also reads
                named_as_input = [a for a in args[1:] if a == str(p)]
                assert str(p) in outputs and len(named_as_input) == 1, (args, f"{p.name} was changed")
        litter = [p.name for d in {out_dir, *(p.parent for p in pool.values())} if d.is_dir()
                  for p in d.iterdir() if p.name.startswith(".~")]
        assert not litter, (args, litter)

    try:
        case()
    finally:
        _restore(before, pristine)
    return codes
