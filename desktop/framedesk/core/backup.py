"""Rotating, checked backups of a project file.

A backup is a self-contained copy made with `VACUUM INTO` from the open connection (so rows
still in the -wal are included: copying the file alone would lose them), written under a
temporary name, checked with `PRAGMA integrity_check`, then renamed into place. Backups are
taken before every import, merge and schema migration, and every N minutes of editing; the
newest `keep` are kept.

By default they live in the user's data folder, one folder per project, so a read-only or
synced project folder is not filled with copies; the GUI lists and restores them.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from framedesk.core.errors import BackupDiskFull, CorruptProject, ProjectError
from framedesk.core.exchange.writing import atomic_file, fsync_path, pid_alive

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

DEFAULT_KEEP = 12
DEFAULT_INTERVAL_MINUTES = 30
PARTIAL = ".partial"
REASONS = ("import", "merge", "migration", "interval", "manual", "restore")
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}(?:\d{3})?Z)-(?P<reason>[a-z]+)\.framedesk$")


def data_home() -> Path:
    base = os.environ.get("FRAMEDESK_DATA") or os.environ.get("XDG_DATA_HOME")
    return Path(base) if base else Path.home() / ".local" / "share"


def backup_dir_for(project_path: str | Path, base: Path | None = None) -> Path:
    """One folder per project, named after it plus a hash of its full path."""
    path = Path(project_path).resolve()
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:8]
    root = base if base is not None else data_home() / "framedesk" / "backups"
    return root / f"{path.stem}-{digest}"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken: datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        local = self.taken.astimezone()
        return f"{local:%Y-%m-%d %H:%M:%S} ({self.reason})"


def make_backup(project: Project, reason: str = "manual", *, base: Path | None = None,
                keep: int = DEFAULT_KEEP) -> BackupInfo:
    """Copy, check, rotate. Raises ProjectError if the copy cannot be made or is not sound."""
    info = snapshot(project.db.conn, project.path, reason, base=base, keep=keep)
    if not project.read_only:
        project.set_meta("last_backup", info.taken.isoformat(timespec="seconds"))
    return info


def snapshot(conn: sqlite3.Connection, project_path: Path, reason: str, *,
             base: Path | None = None, keep: int = DEFAULT_KEEP) -> BackupInfo:
    """The backup itself, from any open connection (the store uses it before migrating)."""
    if reason not in REASONS:
        raise ValueError(reason)
    folder = backup_dir_for(project_path, base)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(folder, exc) from None
    remove_leftovers(folder)
    now = datetime.now(timezone.utc)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # as precise as the name
    stamp = now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z"
    final = folder / f"{stamp}-{reason}.framedesk"
    # The process id in the name tells a killed run's leftover from a backup being made.
    partial = folder / f".{final.name}.{os.getpid()}{PARTIAL}"
    try:
        conn.execute("VACUUM INTO ?", [str(partial)])
        verify_copy(partial)
        fsync_path(partial)       # VACUUM INTO does not sync its output
        os.replace(partial, final)
        fsync_path(folder)
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        if "full" in str(exc):            # SQLITE_FULL: "database or disk is full"
            raise BackupDiskFull(folder, str(exc)) from None
        raise ProjectError(folder, f"backup failed: {exc}") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise _failed(folder, exc) from None
    except ProjectError:
        partial.unlink(missing_ok=True)
        raise
    rotate(folder, keep)
    return BackupInfo(final, now, reason, final.stat().st_size)


def _failed(folder: Path, exc: OSError) -> ProjectError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return BackupDiskFull(folder, exc.strerror or str(exc))
    return ProjectError(folder, f"backup failed: {exc.strerror or exc}")


def remove_leftovers(folder: Path) -> list[Path]:
    """Partial copies a killed backup left (its process is gone; a name without a process id
    once it is an hour old), and SQLite's journal beside them."""
    pattern = re.compile(rf"^\.(?P<name>.+?\.framedesk)(?:\.(?P<pid>\d+))?{re.escape(PARTIAL)}"
                         r"(?:-journal|-wal|-shm)?$")
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if not m:
            continue
        pid = m["pid"]
        if pid is not None and pid_alive(int(pid)):
            continue
        if pid is None:
            try:
                if time.time() - entry.stat(follow_symlinks=False).st_mtime < 3600:
                    continue
            except OSError:
                continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def verify_copy(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
        conn.execute("SELECT count(*) FROM articles").fetchone()
    finally:
        conn.close()
    if result != "ok":
        raise CorruptProject(path, result)


def list_backups(project_path: str | Path, base: Path | None = None) -> list[BackupInfo]:
    """Newest first."""
    folder = backup_dir_for(project_path, base)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if not m:
            continue
        raw = m["stamp"]
        taken = datetime.strptime(raw[:15], "%Y%m%dT%H%M%S").replace(
            tzinfo=timezone.utc, microsecond=int(raw[15:18] or 0) * 1000)
        found.append(BackupInfo(entry, taken, m["reason"], entry.stat().st_size))
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def rotate(folder: Path, keep: int) -> list[Path]:
    backups = sorted((p for p in folder.iterdir() if _NAME.match(p.name)), reverse=True)
    removed = backups[keep:]
    for p in removed:
        p.unlink(missing_ok=True)
    return removed


def due(project: Project, interval_minutes: float = DEFAULT_INTERVAL_MINUTES) -> bool:
    """Is an interval backup due? True when none was taken or the last is older than the
    interval (the GUI asks this after edits, so an idle project makes no copies)."""
    last = project.meta("last_backup")
    if not last:
        return True
    taken = datetime.fromisoformat(last)
    return (datetime.now(timezone.utc) - taken).total_seconds() >= interval_minutes * 60


def restore(backup: BackupInfo | Path, project_path: str | Path) -> Path:
    """Put a backup in place of the project (which must be closed). The current file is kept
    aside first, beside it, and its path returned, so a restore can itself be undone."""
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    target = Path(project_path)
    verify_copy(source)
    aside = target.with_name(f"{target.stem}.before-restore-{time.strftime('%Y%m%d-%H%M%S')}"
                             f"{target.suffix}")
    # The copy is made and synced beside the project first; only then is the current file
    # moved aside and the copy renamed into place, so a full disk or a kill midway leaves
    # the project as it was.
    with atomic_file(target, force=True) as partial:
        with source.open("rb") as src, partial.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        if target.exists():
            os.replace(target, aside)
            for suffix in ("-wal", "-shm"):
                side = Path(str(target) + suffix)
                if side.exists():
                    os.replace(side, Path(str(aside) + suffix))
    return aside
