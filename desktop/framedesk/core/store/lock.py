"""One writing process per project file, whatever path leads to it.

The lock is `flock()` on the database file itself, so it belongs to the file (its device and
inode), not to a name: a hard link, a symlink, a bind mount or `./x/../p.framedesk` reach
the same inode and so the same lock. The kernel drops it when the process dies (kill -9
included), so a stale lock never blocks anyone. flock() and SQLite's own fcntl() byte-range
locks are independent on Linux and macOS, so neither disturbs the other.

The small `.NAME.lock` file beside the project is locked as well (what earlier releases
locked, so they and this one still exclude each other) and carries the WAL marker: which
file and which WAL generation the writer had, so a `-wal` left by a crash can be told from
one that came from another file (framedesk.core.store.wal).

Within one process the lock is shared and counted, so the window's background worker can
open its own connection to the project it shows.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from framedesk.core.errors import ProjectLocked


def identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def side_file(path: Path) -> Path:
    resolved = path.resolve()
    return resolved.with_name(f".{resolved.name}.lock")


class _Held:
    __slots__ = ("db_fd", "side_fd", "users", "marker")

    def __init__(self, db_fd: int, side_fd: int | None) -> None:
        self.db_fd = db_fd
        self.side_fd = side_fd
        self.users = 1
        self.marker: str = ""


class WriterLock:
    _held: dict[tuple[int, int], _Held] = {}  # file identity -> what this process holds

    def __init__(self, key: tuple[int, int] | None, *, first: bool = False) -> None:
        self._key = key
        self.first = first  # this acquire took the lock (no other holder in this process)

    @classmethod
    def acquire(cls, path: Path) -> WriterLock:
        """Raises ProjectLocked if another process writes the file (by any path)."""
        try:
            db_fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC | os.O_NONBLOCK,
                            0o666)
        except OSError:
            return cls(None, first=True)  # unreadable or read-only folder: SQLite itself will refuse
        st = os.fstat(db_fd)
        key = (st.st_dev, st.st_ino)
        held = cls._held.get(key)
        if held is not None:
            os.close(db_fd)
            held.users += 1
            return cls(key)
        try:
            fcntl.flock(db_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(db_fd)
            raise ProjectLocked(path, "open for writing in another process") from None
        side_fd = _lock_side_file(path)
        if side_fd == -1:
            os.close(db_fd)
            raise ProjectLocked(path, "open for writing in another process")
        cls._held[key] = _Held(db_fd, side_fd)
        return cls(key, first=True)

    @classmethod
    def held_elsewhere(cls, path: Path) -> bool:
        """Does another process hold the writer lock of this file (by any path)?"""
        key = identity(path)
        if key is None or key in cls._held:
            return False
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)  # closing drops the shared lock just taken
        return False

    @classmethod
    def held_here(cls, path: Path) -> bool:
        key = identity(path)
        return key is not None and key in cls._held

    def write_marker(self, marker: dict | None) -> None:
        """Store the WAL marker in the side file (empty for None); only when it changed."""
        held = self._held.get(self._key) if self._key else None
        if held is None or held.side_fd is None:
            return
        text = json.dumps(marker, sort_keys=True) if marker else ""
        if text == held.marker:
            return
        try:
            data = text.encode()
            os.pwrite(held.side_fd, data, 0)
            os.ftruncate(held.side_fd, len(data))
        except OSError:
            return  # a full disk: the marker stays as it was, the WAL check is lenient
        held.marker = text

    def release(self) -> None:
        held = self._held.get(self._key) if self._key else None
        if held is None:
            return
        held.users -= 1
        if held.users == 0:
            os.close(held.db_fd)  # closing drops the flock
            if held.side_fd is not None:
                os.close(held.side_fd)
            del self._held[self._key]
        self._key = None


def read_marker(path: Path) -> dict | None:
    try:
        text = side_file(path).read_text(encoding="utf-8")
        marker = json.loads(text) if text.strip() else None
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def _lock_side_file(path: Path) -> int | None:
    """The side file's fd, locked; None if it cannot be made (read-only folder); -1 if an
    earlier Framedesk holds it."""
    try:
        fd = os.open(side_file(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return -1
    return fd
