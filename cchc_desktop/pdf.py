"""DOCX (or XLSX) to PDF: LibreOffice headless when installed, Microsoft Word on Windows otherwise.

``convert_to_pdf(src, pdf)`` writes the PDF atomically (a temp folder, then ``os.replace``) and
raises :class:`PdfError` whose ``str()`` is a Vietnamese sentence for the user.

LibreOffice runs with a private profile (``-env:UserInstallation``) so that it neither clashes
with a LibreOffice window the user has open nor leaves a lock in the user's own profile.

The Word path drives Word through COM from a PowerShell script started with a timeout (no
pywin32 needed). It is written for Windows with Word 2010 or newer and is UNTESTED here (the
development and CI machines are Linux); ``find_converter`` prefers LibreOffice when both exist.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CchcError
from .files import Overwrite

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 180  # seconds; a first LibreOffice start on a slow PC takes ~20 s

NO_CONVERTER_MESSAGE = (
    "Không tìm thấy LibreOffice hoặc Microsoft Word để chuyển sang PDF. "
    "Hãy cài LibreOffice (miễn phí, tại libreoffice.org) hoặc mở tệp DOCX bằng Word rồi chọn "
    "Tệp > Lưu dưới dạng > PDF."
)


class PdfError(CchcError):
    """Conversion failed; ``str()`` is Vietnamese and says what the user can do."""


@dataclass(frozen=True)
class Converter:
    kind: str  # "soffice" or "word"
    path: str  # soffice executable, or powershell for Word

    @property
    def label(self) -> str:
        return "LibreOffice" if self.kind == "soffice" else "Microsoft Word"


def _windows_soffice_candidates() -> list[Path]:
    roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "LOCALAPPDATA")]
    out = []
    for root in filter(None, roots):
        for name in ("LibreOffice", "LibreOffice 7", "LibreOffice 24", "LibreOffice 25", "OpenOffice 4"):
            out.append(Path(root) / name / "program" / "soffice.exe")
        # "Programs\LibreOffice" for per-user installs
        out.append(Path(root) / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    return out


def find_soffice() -> str | None:
    """LibreOffice's ``soffice`` on PATH, or at the usual install places (Windows, macOS)."""
    env = os.environ.get("CCHC_SOFFICE")
    if env:
        return env if Path(env).exists() else None
    for name in ("soffice", "libreoffice", "soffice.exe"):
        found = shutil.which(name)
        if found:
            return found
    candidates: list[Path] = []
    if sys.platform == "win32":
        candidates = _windows_soffice_candidates()
    elif sys.platform == "darwin":
        candidates = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    else:
        candidates = [Path("/usr/lib/libreoffice/program/soffice"), Path("/opt/libreoffice/program/soffice")]
    for c in candidates:
        if c.is_file():
            return str(c)
    return None


def _word_installed() -> bool:
    """True when Word is registered for COM (Windows only). Reads the registry, starts nothing."""
    if sys.platform != "win32":
        return False
    try:
        import winreg

        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Word.Application\CLSID"):
            return True
    except OSError:
        return False


def find_converter() -> Converter | None:
    """The converter to use: LibreOffice first (tested), then Word on Windows (untested here)."""
    soffice = find_soffice()
    if soffice:
        return Converter("soffice", soffice)
    if os.environ.get("CCHC_NO_WORD") != "1" and _word_installed():
        ps = shutil.which("powershell") or shutil.which("powershell.exe") or "powershell.exe"
        return Converter("word", ps)
    return None


def convert_to_pdf(src: str | Path, pdf: str | Path, *, timeout: float = DEFAULT_TIMEOUT,
                   converter: Converter | None = None, pdfa: bool = True,
                   overwrite: Overwrite | None = None) -> Path:
    """Convert ``src`` (DOCX, XLSX) into ``pdf``; the target is replaced only when complete.

    ``pdfa``: PDF/A-2b (fonts embedded, XMP metadata from the document's properties: title,
    author, subject), the archival form a signed electronic document should take; any reader
    opens it as an ordinary PDF.

    ``overwrite``: ``files.Overwrite`` policy for an existing ``pdf`` (default ALWAYS for this
    primitive; the use cases pass the user's). The target is checked before the conversion.
    """
    src = Path(src).resolve()
    pdf = Path(pdf).resolve()
    if not src.is_file():
        raise PdfError(f"Không tìm thấy tệp «{src.name}» để chuyển sang PDF.")
    converter = converter or find_converter()
    if converter is None:
        raise PdfError(NO_CONVERTER_MESSAGE)
    if not pdf.parent.is_dir():
        raise PdfError(f"Thư mục «{pdf.parent}» không tồn tại.")
    from .files import check_target

    check_target(pdf, inputs=[src], overwrite=overwrite or Overwrite.ALWAYS)
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as tmp:
        tmpdir = Path(tmp)
        if converter.kind == "soffice":
            produced = _run_warm(src, tmpdir, timeout, pdfa) or _run_soffice(converter.path, src, tmpdir, timeout,
                                                                              pdfa)
        else:
            produced = _run_word(converter.path, src, tmpdir, timeout, pdfa)
        if not produced.is_file() or produced.stat().st_size == 0:
            raise PdfError(f"{converter.label} không tạo được tệp PDF từ «{src.name}».")
        # copied beside the target (same file system), then replaced atomically (files.write)
        from .files import atomic_target, describe_write_error

        try:
            with atomic_target(pdf, inputs=[src], overwrite=overwrite or Overwrite.ALWAYS) as staged:
                shutil.copyfile(produced, staged)
        except PermissionError:
            raise PdfError(f"Không ghi được «{pdf.name}»: tệp đang mở trong chương trình khác. "
                           f"Hãy đóng tệp PDF rồi thử lại.") from None
        except OSError as exc:
            raise PdfError(describe_write_error(pdf, exc)) from None
    return pdf


def soffice_pdf_filter(src: Path, pdfa: bool) -> str:
    """The ``--convert-to`` value: Writer or Calc's PDF export, with PDF/A-2b when asked
    (``SelectPdfVersion`` 2; JSON filter options need LibreOffice 7.4 or newer, older ones
    ignore them and write a plain PDF)."""
    name = "calc_pdf_Export" if src.suffix.lower() in {".xlsx", ".xls", ".ods"} else "writer_pdf_Export"
    if not pdfa:
        return f"pdf:{name}"
    return f'pdf:{name}:{{"SelectPdfVersion":{{"type":"long","value":"2"}}}}'


def _run_warm(src: Path, outdir: Path, timeout: float, pdfa: bool) -> Path | None:
    """Through the warm LibreOffice (pdf_warm) when the app started one; None: use the cold path."""
    import time

    from . import pdf_warm

    warm = pdf_warm.current()
    if warm is None or warm.failed:
        return None
    deadline = time.monotonic() + min(timeout, pdf_warm.START_TIMEOUT)
    while not warm.ready.is_set() and not warm.failed and time.monotonic() < deadline:
        time.sleep(0.05)  # still starting: waiting is quicker than a second LibreOffice competing with it
    if not warm.ready.is_set():
        return None
    _, name, *options = soffice_pdf_filter(src, pdfa).split(":", 2)
    out = outdir / "out" / (src.stem + ".pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        warm.convert(src, out, name, options[0] if options else "", timeout)
    except pdf_warm.WarmError as exc:
        log.warning("warm conversion of %s failed (%s): cold path", src.name, exc)
        return None
    return out if out.is_file() and out.stat().st_size else None


def _run_soffice(soffice: str, src: Path, outdir: Path, timeout: float, pdfa: bool = True) -> Path:
    profile = outdir / "lo-profile"
    cmd = [
        soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
        "--nologo", "--norestore", "--nodefault", "--nolockcheck",
        "--convert-to", soffice_pdf_filter(src, pdfa), "--outdir", str(outdir / "out"), str(src),
    ]
    env = dict(os.environ)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout,
                              env=env, stdin=subprocess.DEVNULL, **_no_window())
    except subprocess.TimeoutExpired:
        raise PdfError(f"LibreOffice chuyển «{src.name}» sang PDF quá {int(timeout)} giây và đã bị dừng. "
                       f"Hãy đóng các cửa sổ LibreOffice đang mở rồi thử lại.") from None
    except OSError as exc:
        raise PdfError(f"Không chạy được LibreOffice ({exc.strerror or exc}).") from None
    out = outdir / "out" / (src.stem + ".pdf")
    if proc.returncode != 0 or not out.is_file():
        detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip().splitlines()
        tail = f" Chi tiết: {detail[-1]}" if detail else ""
        raise PdfError(f"LibreOffice không chuyển được «{src.name}» sang PDF (mã lỗi {proc.returncode}).{tail}")
    return out


_WORD_SCRIPT = r"""
$ErrorActionPreference = 'Stop'
$word = $null
try {
  $word = New-Object -ComObject Word.Application
  $word.Visible = $false
  $word.DisplayAlerts = 0
  $doc = $word.Documents.Open($env:CCHC_SRC, $false, $true)
  # 17 = wdExportFormatPDF; then OpenAfterExport, OptimizeFor (0 print), Range (0 all), From, To,
  # Item (0 content), IncludeDocProps, KeepIRM, CreateBookmarks (0 none), DocStructureTags,
  # BitmapMissingFonts, UseISO19005_1 (PDF/A: Word's "ISO 19005-1 compliant (PDF/A)" option)
  $pdfa = ($env:CCHC_PDFA -eq '1')
  $doc.ExportAsFixedFormat($env:CCHC_DST, 17, $false, 0, 0, 1, 1, 0, $true, $true, 0, $true, $true, $pdfa)
  $doc.Close(0)
} finally {
  if ($word -ne $null) { $word.Quit(0) | Out-Null }
}
"""


def _run_word(powershell: str, src: Path, outdir: Path, timeout: float, pdfa: bool = True) -> Path:
    """Word via COM from PowerShell (17 = wdExportFormatPDF; PDF/A through UseISO19005_1, which
    Word writes as PDF/A-1b or -2b depending on its version). Untested outside Windows."""
    out = outdir / (src.stem + ".pdf")
    env = dict(os.environ, CCHC_SRC=str(src), CCHC_DST=str(out), CCHC_PDFA="1" if pdfa else "0")
    cmd = [powershell, "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", _WORD_SCRIPT]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout,
                              env=env, stdin=subprocess.DEVNULL, **_no_window())
    except subprocess.TimeoutExpired:
        raise PdfError(f"Microsoft Word chuyển «{src.name}» sang PDF quá {int(timeout)} giây và đã bị dừng. "
                       f"Có thể Word đang hiện một hộp thoại; hãy mở Word, đóng hộp thoại rồi thử lại.") from None
    except OSError as exc:
        raise PdfError(f"Không chạy được Microsoft Word ({exc.strerror or exc}).") from None
    if proc.returncode != 0 or not out.is_file():
        raise PdfError(f"Microsoft Word không chuyển được «{src.name}» sang PDF (mã lỗi {proc.returncode}).")
    return out


def _no_window() -> dict[str, Any]:
    if sys.platform == "win32":
        return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}
    return {}


def open_with_default_app(path: str | Path) -> None:
    """Open a file or folder in the system's default program (Explorer, xdg-open, open)."""
    path = str(path)
    if sys.platform == "win32":
        os.startfile(path)
    elif sys.platform == "darwin":
        subprocess.Popen(["open", path])
    else:
        subprocess.Popen(["xdg-open", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
