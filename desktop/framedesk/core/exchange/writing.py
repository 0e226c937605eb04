"""Writing output files so that a crash, a full disk or Cancel never leaves half a file.

Every writer of Framedesk (exports, reports, agreement tables, the adjudication log, the
gold file of a merge) goes through `atomic_file` or `atomic_folder`:

- the output is written to a hidden temporary file or folder beside the target (same file
  system, so the final rename is atomic), flushed to disk (fsync) and only then renamed into
  place; a failure, Cancel or kill leaves the previous file as it was;
- an existing target is never replaced unless the caller says so (the CLI's --force, the
  GUI's "Replace?" question), and even then never when it is one of the command's own
  inputs (`protect_inputs`), by whatever path: symlink, hard link, `..`;
- special files (FIFOs, devices, sockets) and symlink loops as the target are refused before
  anything is opened, so nothing ever blocks on them;
- the result gets the permissions the user's umask gives a new file (mkstemp's 0600 and
  mkdtemp's 0700 are widened to that);
- temporary files left by a killed run are removed by the next run of a writer on the same
  target (their name carries the process id, so a live writer's are left alone).
"""

from __future__ import annotations

import contextvars
import errno
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from framedesk.core.errors import ExportError, TargetDiskFull, TargetExists, TargetIsInput

# Temporary names: ".<target>.<pid>.<random>.part" (a file or folder), ".<target>.old-<pid>"
# (the previous folder while a forced folder export swaps it) and SQLite's side files of a
# temporary gold project ("-wal", "-shm", "-journal", and the writer lock "..<tmp>.lock").
PART = ".part"
_SIDE_FILES = ("-wal", "-shm", "-journal")
# Names without a process id (written before it was part of the name) count as left over
# once this old: no export runs for an hour without touching its file.
_UNOWNED_AGE_S = 3600

_protected: contextvars.ContextVar[tuple[Path, ...]] = contextvars.ContextVar(
    "framedesk_protected_inputs", default=())
_umask_lock = threading.Lock()


# ----------------------------------------------------------------------------- inputs
@contextmanager
def protect_inputs(*paths: str | Path) -> Iterator[None]:
    """While active, no writer writes onto (or, for a folder, around) any of `paths` or
    their SQLite side files, whatever --force says. The CLI wraps each command in this with
    the files it reads; it nests (the sets add up)."""
    token = _protected.set(_protected.get() + tuple(Path(p) for p in paths))
    try:
        yield
    finally:
        _protected.reset(token)


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _real(path: str | Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


def input_overwritten(out: Path, inputs: Iterable[Path] = ()) -> tuple[Path, bool] | None:
    """(the input, is it inside `out`) that writing `out` would overwrite or delete: an
    input given or protected, by any path, one of its -wal/-shm/-journal files, or, for a
    folder, a file inside it. None when `out` is safe to write."""
    candidates = [*inputs, *_protected.get()]
    if not candidates:
        return None
    out_id = _identity(out)
    out_real = _real(out)
    for given in candidates:
        for suffix in ("", *_SIDE_FILES):
            path = Path(f"{given}{suffix}")
            if out_real == _real(path) or (out_id is not None and out_id == _identity(path)):
                return Path(given), False
        if out_id is not None and os.path.isdir(out):
            for parent in Path(_real(given)).parents:
                if _identity(parent) == out_id:
                    return Path(given), True
    return None


# ----------------------------------------------------------------------------- checks
def check_target(out: Path, force: bool, *, inputs: Iterable[Path] = (),
                 folder: bool = False) -> None:
    """Refuse, with a reason, a target that cannot or must not be written; opens nothing,
    so a FIFO or device never blocks. `folder`: the output is a folder (brat, CAS)."""
    out = Path(out)
    parent = out.parent
    try:
        parent_mode = os.stat(parent).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ExportError(out, f"the folder {parent} is a symbolic link that points to "
                                   "itself (a loop)") from None
        raise ExportError(out, f"the folder {parent} does not exist") from None
    if not stat.S_ISDIR(parent_mode):
        raise ExportError(out, f"{parent} is not a folder")
    try:
        mode: int | None = os.stat(out).st_mode
    except FileNotFoundError:
        mode = None          # new file, or a dangling symlink (replaced by the new file)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ExportError(out, "is a symbolic link that points to itself (a loop); "
                                   "choose another name") from None
        raise ExportError(out, exc.strerror or str(exc)) from None
    victim = input_overwritten(out, inputs)
    if victim is not None:
        raise TargetIsInput(out, *victim)
    if mode is None:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise ExportError(out, f"is not a regular file ({_kind(mode)}); choose a file name")
    if stat.S_ISDIR(mode) and not folder:
        raise ExportError(out, "is a folder; choose a file name")
    if stat.S_ISREG(mode) and folder:
        # Replacing a file by a folder of the same name loses the file to a likely slip
        # (a JSONL path kept while the format became CSV); even --force does not do it.
        raise ExportError(out, "is a file and this format writes a folder; choose a folder "
                               "name")
    if not force:
        raise TargetExists(out)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


# ----------------------------------------------------------------------------- writers
@contextmanager
def atomic_file(out: str | Path, *, force: bool = False,
                inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yields a temporary path in the target's folder (an empty file); when the block ends
    without an error it is flushed to disk and renamed onto `out`. On any error, Cancel or
    kill the temporary file (and SQLite side files, if the caller made it a database) goes,
    and an existing `out` is unchanged."""
    out = Path(out)
    inputs = [Path(p) for p in inputs]
    check_target(out, force, inputs=inputs)
    remove_leftovers(out)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.{os.getpid()}.", suffix=PART,
                                    dir=out.parent)
    except OSError as exc:
        raise output_error(out, exc) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _discard_side_files(tmp)       # a closed SQLite file needs none of them
        _set_default_mode(tmp, 0o666)
        fsync_path(tmp)
        check_target(out, force, inputs=inputs)   # nothing appeared there meanwhile
        _publish(tmp, out, force)
        fsync_path(out.parent)
    except OSError as exc:
        raise output_error(out, exc) from None
    finally:
        _discard(tmp)


@contextmanager
def atomic_folder(out: str | Path, *, force: bool = False,
                  inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yields a temporary folder beside `out`; it becomes `out` on success. With force an
    existing folder is moved aside first and removed only after the new one is in place."""
    out = Path(out)
    inputs = [Path(p) for p in inputs]
    check_target(out, force, inputs=inputs, folder=True)
    remove_leftovers(out)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=PART,
                                    dir=out.parent))
    except OSError as exc:
        raise output_error(out, exc) from None
    old: Path | None = None
    try:
        yield tmp
        _set_default_mode(tmp, 0o777)
        for path in sorted(tmp.rglob("*")):
            if path.is_file():
                fsync_path(path)
        fsync_path(tmp)
        check_target(out, force, inputs=inputs, folder=True)
        if out.exists() or out.is_symlink():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(tmp, out)
        fsync_path(out.parent)
    except OSError as exc:
        if old is not None and not out.exists():
            os.replace(old, out)  # put the previous export back
            old = None
        raise output_error(out, exc) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            _remove_any(old)


def output_error(out: Path, exc: OSError) -> ExportError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return TargetDiskFull(out)
    return ExportError(out, exc.strerror or str(exc))


def _publish(tmp: Path, out: Path, force: bool) -> None:
    """Rename into place. Without force a hard link is made instead, which fails if `out`
    appeared in the meantime (rename would silently replace it); file systems without hard
    links fall back to the rename just after the check."""
    if force:
        os.replace(tmp, out)
        return
    try:
        os.link(tmp, out)
    except FileExistsError:
        raise TargetExists(out) from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
        if out.exists():
            raise TargetExists(out) from None
        os.replace(tmp, out)
        return
    tmp.unlink()


# ----------------------------------------------------------------------------- permissions
def current_umask() -> int:
    """The process's umask, read without changing it where Linux allows (/proc), else by
    setting and restoring it under a lock."""
    with suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _set_default_mode(path: Path, base: int) -> None:
    """mkstemp/mkdtemp make private files (0600/0700); an export is an ordinary new file."""
    with suppress(OSError):
        os.chmod(path, base & ~current_umask())


def fsync_path(path: Path) -> None:
    """Flush a file or folder to disk; a folder that cannot be opened or synced (some network
    and Windows file systems) is skipped, a full disk is not."""
    try:
        flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if path.is_dir() else 0)
        fd = os.open(path, flags)
    except OSError:
        if path.is_dir():
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP) or not path.is_dir():
            raise
    finally:
        os.close(fd)


# ----------------------------------------------------------------------------- leftovers
def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True           # this process: another thread may be writing it now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def remove_leftovers(out: str | Path) -> list[Path]:
    """Remove what a killed writer of `out` left beside it: its temporary files and folders,
    a temporary gold project's side files; a previous folder export that was moved aside
    and not put back is restored when `out` is missing. Returns what was removed."""
    out = Path(out)
    name = re.escape(out.name)
    own = re.compile(rf"^\.?\.{name}\.(?:(?P<pid>\d+)\.)?[A-Za-z0-9_]+\.part"
                     rf"(?:-wal|-shm|-journal|\.lock)?$")
    aside = re.compile(rf"^\.{name}\.old-(?P<pid>\d+)$")
    removed: list[Path] = []
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return removed
    prefixes = (f".{out.name}.", f"..{out.name}.")
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(prefixes):
            continue
        path = Path(entry.path)
        m = own.match(entry.name)
        if m:
            pid = m["pid"]
            if pid is not None and pid_alive(int(pid)):
                continue
            if pid is None and not _older_than(entry, now, _UNOWNED_AGE_S):
                continue
            _remove_any(path)
            removed.append(path)
            continue
        m = aside.match(entry.name)
        if m and not pid_alive(int(m["pid"])):
            if not out.exists() and not out.is_symlink():
                with suppress(OSError):
                    os.replace(path, out)       # the previous export, back where it was
                    continue
            _remove_any(path)
            removed.append(path)
    return removed


def _older_than(entry: os.DirEntry, now: float, seconds: float) -> bool:
    try:
        return now - entry.stat(follow_symlinks=False).st_mtime > seconds
    except OSError:
        return False


def _remove_any(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(OSError):
            path.unlink()


def _discard_side_files(tmp: Path) -> None:
    for suffix in _SIDE_FILES:
        with suppress(OSError):
            Path(f"{tmp}{suffix}").unlink()
    with suppress(OSError):
        tmp.with_name(f".{tmp.name}.lock").unlink()


def _discard(tmp: Path) -> None:
    with suppress(OSError):
        tmp.unlink()
    _discard_side_files(tmp)
