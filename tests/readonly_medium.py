"""A folder made really read-only for a test, even when the tests run as root (root ignores
permission bits): a tmpfs mounted there and remounted read-only (writes fail with EROFS, as on
a CD), or ``chattr +i`` on the folder and its files (EPERM, even for root), or, for an ordinary
user, ``chmod a-w``. Each is checked by trying to write; a method that does not stop the write is
not used.

    with read_only_medium(folder, fill, method="mount") as how:   # fill(folder) writes the files
        ...   # the folder cannot be written now
"""
from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

METHODS = ("mount", "chattr", "chmod")


def _run(*args: str) -> bool:
    return shutil.which(args[0]) is not None and subprocess.run(args, capture_output=True).returncode == 0


def _really_read_only(folder: Path) -> bool:
    try:
        (folder / ".probe").write_bytes(b"x")
    except OSError:
        pass
    else:
        (folder / ".probe").unlink()
        return False
    for f in folder.iterdir():
        if f.is_file():
            try:
                with open(f, "ab"):
                    return False
            except OSError:
                pass
    return True


@contextlib.contextmanager
def read_only_medium(folder: Path, fill: Callable[[Path], None], method: str) -> Iterator[str]:
    """``fill(folder)``, then make ``folder`` read-only by ``method``; skips the test when the
    method is not available here. Undone at the end."""
    import pytest

    folder.mkdir(parents=True, exist_ok=True)
    root = os.geteuid() == 0 if hasattr(os, "geteuid") else False
    if method == "mount":
        if not root or not _run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)):
            pytest.skip("no tmpfs mount here (needs root and mount permission)")
        try:
            fill(folder)
            if not _run("mount", "-o", "remount,ro", str(folder)):
                pytest.skip("tmpfs cannot be remounted read-only here")
            if not _really_read_only(folder):
                pytest.skip("the read-only mount still takes writes")
            yield "tmpfs remounted read-only (EROFS, as a CD)"
        finally:
            if not _run("umount", str(folder)):
                _run("umount", "-l", str(folder))
        return
    fill(folder)
    if method == "chattr":
        if not root or not _run("chattr", "-R", "+i", str(folder)):
            pytest.skip("chattr +i is not available here (needs root and an ext4-like file system)")
        try:
            if not _really_read_only(folder):
                pytest.skip("chattr +i does not stop writes here")
            yield "chattr +i on the folder and its files (EPERM, even for root)"
        finally:
            _run("chattr", "-R", "-i", str(folder))
        return
    if method == "chmod":
        if root:
            pytest.skip("root ignores permission bits")
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p in modes:
            p.chmod(stat.S_IMODE(modes[p]) & ~0o222)
        try:
            if not _really_read_only(folder):
                pytest.skip("chmod a-w does not stop writes here")
            yield "chmod a-w (an ordinary user)"
        finally:
            for p, mode in modes.items():
                p.chmod(stat.S_IMODE(mode))
        return
    raise ValueError(method)
