"""Helpers for the writer tests: a disk that fills up, fingerprints of a folder, and the
commands that write a file, as a user runs them."""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones included) with its sha256: what a user would
    find there, temporary files included."""
    return {str(p.relative_to(folder)): sha256(p) if p.is_file() else "folder"
            for p in sorted(folder.rglob("*")) if not p.name.endswith(".lock")}


def temporary_names(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*")
            if p.name.endswith((".part", ".partial", "-wal", "-shm", "-journal"))
            or ".part" in p.name or ".old-" in p.name]


class _FullFile:
    """A file whose writes fail as on a full disk (after `allowed` bytes)."""

    def __init__(self, real: io.IOBase, allowed: int) -> None:
        self._real = real
        self._left = allowed

    def write(self, data):  # noqa: ANN001, ANN201
        if len(data) > self._left:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._left -= len(data)
        return self._real.write(data)

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def __iter__(self):  # noqa: ANN204
        return iter(self._real)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._real, name)


def fill_the_disk(monkeypatch: pytest.MonkeyPatch, allowed: int = 100) -> None:
    """From now on every file opened for writing under a temporary writer name fails with
    ENOSPC after `allowed` bytes: what a user sees when the disk fills up during an export."""
    real_open = io.open

    def opening(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN202
        handle = real_open(file, mode, *args, **kwargs)
        named = isinstance(file, (str, os.PathLike))
        if named and any(c in mode for c in "wax") and ".part" in os.fspath(file):
            return _FullFile(handle, allowed)
        return handle

    monkeypatch.setattr(io, "open", opening)
    monkeypatch.setattr(builtins, "open", opening)


def framedesk(*argv: str | Path, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """`framedesk ...` in its own process, as from a shell."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "framedesk", *map(str, argv)], env=env,
                          capture_output=True, text=True, timeout=timeout, **kwargs)


def dead_pid() -> int:
    """The id of a process that has ended (its leftovers are a killed run's)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid
