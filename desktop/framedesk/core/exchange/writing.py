"""Writing export files so that a crash, a full disk or Cancel never leaves half a file.

Everything is written to a hidden temporary file or folder beside the target (same file
system, so the final rename is atomic) and renamed into place only when complete. An
existing target is never replaced unless the caller says so (the CLI's --force, the GUI's
"Replace?" question).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from framedesk.core.errors import ExportError


def check_target(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise ExportError(out, "already exists (use --force to replace it)")
    if not out.parent.exists():
        raise ExportError(out, f"the folder {out.parent} does not exist")


@contextmanager
def atomic_file(out: str | Path, *, force: bool = False) -> Iterator[Path]:
    """Yields a temporary path in the target's folder; renamed onto `out` on success."""
    out = Path(out)
    check_target(out, force)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise ExportError(out, exc.strerror or str(exc)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if out.is_dir():
            raise ExportError(out, "is a folder")
        os.replace(tmp, out)
    except OSError as exc:
        raise _export_error(out, exc) from None
    finally:
        if tmp.exists():
            tmp.unlink()


@contextmanager
def atomic_folder(out: str | Path, *, force: bool = False) -> Iterator[Path]:
    """Yields a temporary folder beside `out`; it becomes `out` on success. With force an
    existing folder is moved aside first and removed only after the new one is in place."""
    out = Path(out)
    check_target(out, force)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    except OSError as exc:
        raise ExportError(out, exc.strerror or str(exc)) from None
    old: Path | None = None
    try:
        yield tmp
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(tmp, out)
    except OSError as exc:
        if old is not None and not out.exists():
            os.replace(old, out)  # put the previous export back
            old = None
        raise _export_error(out, exc) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)


def _export_error(out: Path, exc: OSError) -> ExportError:
    if exc.errno == errno.ENOSPC:
        return ExportError(out, "the disk is full")
    return ExportError(out, exc.strerror or str(exc))
