"""The one place that finds files shipped with the app and the user's data folder.

Works from a source checkout and from a PyInstaller bundle (``sys._MEIPASS``).
Every other module asks here; nobody computes resource paths on its own.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from . import APP_ID

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def app_root() -> Path:
    """Folder that holds ``resources/``, ``templates/`` and ``ui/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return _SOURCE_ROOT


def resource_path(*parts: str) -> Path:
    """A file under ``resources/`` (forms, outlines, icons, schema)."""
    return app_root().joinpath("resources", *parts)


def template_path(*parts: str) -> Path:
    """A file under ``templates/`` (the Word templates)."""
    return app_root().joinpath("templates", *parts)


def ui_path(*parts: str) -> Path:
    """A Qt Designer file under ``ui/``."""
    return app_root().joinpath("ui", *parts)


def data_dir(create: bool = True) -> Path:
    """The user's data folder: ``CCHC_DATA_DIR`` if set, else the platformdirs user data dir."""
    override = os.environ.get("CCHC_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_ID, appauthor=False, roaming=False))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def user_forms_dir(create: bool = False) -> Path:
    """Where a user drops a province's form variant file (``<data dir>/forms``)."""
    path = data_dir(create=create) / "forms"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def user_templates_dir(create: bool = False) -> Path:
    """Where a commune keeps its adjusted Word templates (``<data dir>/templates``)."""
    path = data_dir(create=create) / "templates"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path
