"""What the signing dialog remembers between uses, in ``<data folder>/chu-ky-so/``: the driver path,
token and certificate labels, the timestamp server, the image sizes, and copies of the signer's
signature image and the agency's seal image (PNG). Never the PIN.
"""
from __future__ import annotations

import json
import logging
import math
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .appearance import DEFAULT_SEAL_DIAMETER_MM, DEFAULT_SIGNATURE_WIDTH_MM
from .errors import SigningError

log = logging.getLogger(__name__)

FOLDER = "chu-ky-so"
SIGNATURE_FILE, SEAL_FILE, SETTINGS_FILE = "chu-ky.png", "con-dau.png", "settings.json"
MAX_SETTINGS_BYTES = 64 * 1024


@dataclass
class SigningSettings:
    lib_path: str = ""
    token_label: str = ""
    cert_label: str = ""
    tsa_url: str = ""
    use_images: bool = True
    signature_width_mm: float = DEFAULT_SIGNATURE_WIDTH_MM
    seal_diameter_mm: float = DEFAULT_SEAL_DIAMETER_MM


def settings_folder(create: bool = False) -> Path:
    from ..resources import data_dir

    folder = data_dir(create=create) / FOLDER
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_settings(folder: Path | None = None) -> SigningSettings:
    path = (folder or settings_folder()) / SETTINGS_FILE
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            return SigningSettings()
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SigningSettings()
    known = {f.name: f.type for f in fields(SigningSettings)}
    values: dict[str, Any] = {}
    for key, value in raw.items() if isinstance(raw, dict) else ():
        if key in known and isinstance(value, (str, bool, int, float)) and key != "pin":
            values[key] = value
    try:
        s = SigningSettings(**values)
        default = SigningSettings()
        if not math.isfinite(float(s.signature_width_mm)):  # NaN/Infinity in a hand-edited file
            s.signature_width_mm = default.signature_width_mm
        if not math.isfinite(float(s.seal_diameter_mm)):
            s.seal_diameter_mm = default.seal_diameter_mm
        s.signature_width_mm = min(max(float(s.signature_width_mm), 15.0), 80.0)
        s.seal_diameter_mm = min(max(float(s.seal_diameter_mm), 20.0), 60.0)
        return s
    except (TypeError, ValueError):
        return SigningSettings()


def save_settings(settings: SigningSettings, folder: Path | None = None) -> None:
    from ..files import Overwrite, write_file

    """Remember the signing choices for next time; best-effort: a read-only or full data folder
    costs the remembered choices (logged), never the signing itself."""
    data = json.dumps(asdict(settings), ensure_ascii=False, indent=1).encode("utf-8")
    try:
        folder = folder or settings_folder(create=True)
        folder.mkdir(parents=True, exist_ok=True)
        write_file(folder / SETTINGS_FILE, data, overwrite=Overwrite.ALWAYS, remember=False)
    except OSError as exc:
        log.warning("cannot save the signing settings: %s", exc)


def image_path(kind: str, folder: Path | None = None) -> Path | None:
    """The stored signature (``kind="signature"``) or seal image, or None."""
    path = (folder or settings_folder()) / (SIGNATURE_FILE if kind == "signature" else SEAL_FILE)
    return path if path.is_file() else None


def store_image(kind: str, source: str | Path, folder: Path | None = None) -> Path:
    """Check ``source`` is a readable PNG (transparency advised) and keep a copy in the profile folder.
    The bytes checked are the bytes kept (read once, bounded); choosing the kept copy itself is fine."""
    from ..files import Overwrite, ReadRefusedError, describe_write_error, read_bytes, write_file
    from ..files.write import same_file
    from .errors import SigningInputError
    from .pngimage import MAX_FILE_BYTES, decode_png

    source = Path(source)
    try:
        data = read_bytes(source, limit=MAX_FILE_BYTES, what="ảnh")
    except ReadRefusedError as exc:
        raise SigningInputError(str(exc)) from None
    image = decode_png(data, source.name)
    if not image.has_transparency:
        log.info("%s has no transparency", source)
    folder = folder or settings_folder(create=True)
    target = folder / (SIGNATURE_FILE if kind == "signature" else SEAL_FILE)
    if target.exists() and same_file(source, target):
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_file(target, data, overwrite=Overwrite.ALWAYS, remember=False)
    except OSError as exc:
        raise SigningError(describe_write_error(target, exc)) from None
    return target
