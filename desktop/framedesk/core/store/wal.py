"""Is the `-wal` beside a project the one its writer left, or another file's?

SQLite applies any well-formed `NAME-wal` beside `NAME` on the next open, whatever file it
came from: copy a project over another, or a `-wal` left by one file next to another of the
same name, and the next `index` checkpoints someone else's edits into one's own file. The
WAL header names no database, but it has a generation: `salt-1`, random when the WAL is
created and increased by one each time it is restarted after a checkpoint (SQLite's "WAL
file format"). So the writer records in the side lock file which file (device, inode) and
which salt-1 its WAL had, after every commit that started a new generation; a `-wal` found
while no process writes the file is applied only if it matches. Anything else is refused,
before SQLite opens the file, with one sentence: the `-wal` is left where it is, untouched.

A live writer's `-wal` (another process holds the lock) is its own business and is read
as usual; a `-wal` without frames (under 32 bytes, or a header SQLite would itself ignore)
is harmless.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from framedesk.core.errors import ForeignWal, ProjectLocked
from framedesk.core.store.lock import WriterLock, identity, read_marker

WAL_MAGIC = (0x377F0682, 0x377F0683)
HEADER_BYTES = 32
# How many WAL restarts a crash may have come after the last recorded one and still match
# (commits outside Project.atomic() do not update the marker). A foreign WAL matches by
# chance with probability GENERATIONS / 2**32, about 1 in 4 million.
GENERATIONS = 1024


@dataclass(frozen=True, slots=True)
class WalHeader:
    page_size: int
    checkpoint_seq: int
    salt1: int
    salt2: int


def wal_path(path: Path) -> Path:
    resolved = path.resolve()
    return resolved.with_name(resolved.name + "-wal")


def read_header(wal: Path) -> WalHeader | None:
    """The header of a WAL that SQLite would apply, or None (missing, short, not a WAL)."""
    try:
        with wal.open("rb") as fh:
            raw = fh.read(HEADER_BYTES)
    except OSError:
        return None
    if len(raw) < HEADER_BYTES:
        return None
    magic, _version, page_size, seq, salt1, salt2 = (
        int.from_bytes(raw[i:i + 4], "big") for i in range(0, 24, 4))
    if magic not in WAL_MAGIC:
        return None
    return WalHeader(page_size, seq, salt1, salt2)


def has_frames(path: Path) -> bool:
    wal = wal_path(path)
    try:
        size = wal.stat().st_size
    except OSError:
        return False
    return size > HEADER_BYTES and read_header(wal) is not None


def marker_for(path: Path) -> dict:
    """What the writer records after a commit: the file and its WAL's generation."""
    header = read_header(wal_path(path))
    return {"file": list(identity(path) or ()),
            "salt1": header.salt1 if header else None}


def belongs(path: Path) -> bool:
    """Does the leftover `-wal` beside `path` belong to it (see the module docstring)?"""
    header = read_header(wal_path(path))
    if header is None or not has_frames(path):
        return True  # nothing SQLite would apply
    marker = read_marker(path)
    if not marker or marker.get("file") != list(identity(path) or ()):
        return False
    salt1 = marker.get("salt1")
    if salt1 is None:
        return True  # recorded before the WAL's first frame: that frame is the writer's
    if not isinstance(salt1, int):
        return False
    return (header.salt1 - salt1) % 2**32 < GENERATIONS


def check_leftover(path: Path, *, writer_lock_is_new: bool = False) -> None:
    """Before SQLite opens `path`: refuse a leftover `-wal` that is not its own.

    `writer_lock_is_new`: this call's caller has just taken the writer lock (so no one else
    writes); otherwise a writer in this or another process means the WAL is live."""
    if not writer_lock_is_new and (WriterLock.held_here(path)
                                   or WriterLock.held_elsewhere(path)):
        return  # a live writer's WAL
    if not belongs(path):
        wal = wal_path(path)
        raise ForeignWal(path, f"{wal.name} ({os.path.getsize(wal)} bytes)")


def refuse_second_name(path: Path) -> None:
    """Another process writes this file under another name (`path` is a hard link to it):
    SQLite finds a WAL by name, so a reader here would miss the writer's `-wal`, read an
    old state and make a second `-wal`/`-shm` beside this name. Refused instead, with the
    sentence of a file in use. (A symlink is resolved and reaches the writer's own WAL.)"""
    if not WriterLock.held_elsewhere(path) or wal_path(path).exists():
        return
    try:
        with open(path, "rb") as fh:
            header = fh.read(20)
    except OSError:
        return
    if len(header) >= 20 and header[18] == 2:  # WAL mode: the writer has a -wal elsewhere
        raise ProjectLocked(path, "written by another process under another name")
