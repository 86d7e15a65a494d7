"""Kept for older callers: the output use cases live in ``usecases.outputs``."""
from __future__ import annotations

from .usecases.outputs import Outputs, make_outputs, output_path

__all__ = ["Outputs", "make_outputs", "output_path"]
