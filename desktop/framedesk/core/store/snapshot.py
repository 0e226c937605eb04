"""A consistent private copy of a project file we may only read (a colleague's).

The original is never opened for writing and nothing is created beside it (no `-wal`,
`-shm`, `-journal`). Which way the copy is made depends on who else has the file:

- someone is writing it (a Framedesk window holds the writer lock, or SQLite's shared
  memory file is there and the file is in WAL mode): SQLite's backup API copies every page
  in one read transaction, so the copy is one committed state, whatever the writer does
  meanwhile (copying the file and then its `-wal` byte by byte mixed two states, and the
  copy looked damaged);
- nobody is: the bytes are copied, with a leftover `-wal` (its committed edits would
  otherwise be lost), and the copy is repeated if the file changed while it was read.

A leftover `-wal` is kept only if it belongs to the file: the writer's marker says so
(framedesk.core.store.wal), or, for a file sent without its marker, the WAL's page size is
the file's and every image of page 1 in it carries Framedesk's application id. Otherwise it
is left out of the copy and the caller tells the user.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from framedesk.core.store import wal
from framedesk.core.store.connection import connect
from framedesk.core.store.lock import WriterLock

COPY_ATTEMPTS = 3
APP_ID_OFFSET = 68  # application_id in the database header (page 1)
FRAME_HEADER = 24

# What came of a leftover -wal.
NO_WAL, WAL_KEPT, WAL_FOREIGN = "none", "kept", "foreign"


def private_copy(source: Path, target: Path, app_id: int) -> str:
    """Copy `source` to `target` (in a private folder); returns NO_WAL, WAL_KEPT or
    WAL_FOREIGN. Raises OSError / sqlite3.DatabaseError for the caller to translate."""
    if _being_written(source):
        _copy_live(source, target)
        return NO_WAL
    for _ in range(COPY_ATTEMPTS):
        before = _state(source)
        outcome = _copy_bytes(source, target, app_id)
        if _state(source) == before:
            return outcome
        if _being_written(source):
            break  # a writer started: let SQLite give us one committed state
    for leftover in (target.with_name(target.name + "-wal"),):
        leftover.unlink(missing_ok=True)
    _copy_live(source, target)
    return NO_WAL


def _being_written(source: Path) -> bool:
    if WriterLock.held_elsewhere(source):
        return True
    resolved = source.resolve()
    shm = resolved.with_name(resolved.name + "-shm")
    return shm.exists() and wal.has_frames(source) and _wal_mode(source)


def _wal_mode(source: Path) -> bool:
    with source.open("rb") as fh:
        header = fh.read(20)
    return len(header) >= 20 and header[18] == 2


def _state(source: Path) -> tuple:
    out = []
    for p in (source, wal.wal_path(source)):
        try:
            st = p.stat()
            out.append((st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


def _copy_live(source: Path, target: Path) -> None:
    """One read transaction over the whole file (the backup API in a single step). With the
    file in WAL mode and its -shm present nothing new is made beside it; in rollback mode a
    reader makes nothing either."""
    if _wal_mode(source):
        resolved = source.resolve()
        if not resolved.with_name(resolved.name + "-shm").exists():
            shutil.copyfile(source, target)  # no live WAL reader state: the bytes are it
            return
    src = connect(f"file:{source.resolve().as_posix()}?mode=ro", timeout=10.0)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _copy_bytes(source: Path, target: Path, app_id: int) -> str:
    shutil.copyfile(source, target)
    copied_wal = target.with_name(target.name + "-wal")
    copied_wal.unlink(missing_ok=True)
    if not wal.has_frames(source):
        return NO_WAL
    original = wal.wal_path(source)
    if not (wal.belongs(source) or _looks_like_ours(source, original, app_id)):
        return WAL_FOREIGN
    shutil.copyfile(original, copied_wal)
    return WAL_KEPT


def _looks_like_ours(source: Path, wal_file: Path, app_id: int) -> bool:
    """For a -wal sent without its marker: same page size as the file, and any image of
    page 1 in it is a Framedesk header."""
    header = wal.read_header(wal_file)
    with source.open("rb") as fh:
        db_header = fh.read(100)
    page_size = int.from_bytes(db_header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if header is None or header.page_size != page_size:
        return False
    frame = FRAME_HEADER + page_size
    size = os.path.getsize(wal_file)
    with wal_file.open("rb") as fh:
        offset = wal.HEADER_BYTES
        while offset + frame <= size:
            fh.seek(offset)
            raw = fh.read(frame)
            if int.from_bytes(raw[0:4], "big") == 1:
                page = raw[FRAME_HEADER:]
                if int.from_bytes(page[APP_ID_OFFSET:APP_ID_OFFSET + 4], "big") != app_id:
                    return False
            offset += frame
    return True
