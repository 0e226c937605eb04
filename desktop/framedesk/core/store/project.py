"""Opening, creating and closing a project file.

One writer, atomic writes: every change the user makes is one `db.atomic()` transaction,
committed before the call returns, so there is nothing to save and nothing to lose.
While open the file is in WAL mode (fast commits, readers never block the writer); on close
it is checkpointed and switched back to a rollback journal so the `.framedesk` file alone
holds everything (a colleague who is sent only that file gets every edit).
"""

from __future__ import annotations

import errno
import fcntl
import getpass
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from framedesk import __version__
from framedesk.core.clock import utc_now
from framedesk.core.errors import (
    CorruptProject,
    DiskFull,
    NewerProject,
    NotAProject,
    ProjectError,
    ProjectLocked,
    ProjectMissing,
    ProjectReadOnly,
)
from framedesk.core.store.schema import SCHEMA_VERSION, migrations
from framedesk.core.store.search import register_search_function

SQLITE_MAGIC = b"SQLite format 3\x00"
APP_ID = 0x46524D44  # "FRMD", in the header's application_id field: marks our files
SUFFIX = ".framedesk"
# Files up to this size get a full quick_check on open; larger ones a cheap size check, so
# opening a 100k-article project stays under a second.
QUICK_CHECK_LIMIT = 16 * 1024 * 1024


def default_annotator() -> str:
    try:
        return getpass.getuser() or "analyst"
    except (KeyError, OSError):  # no passwd entry in some containers
        return "analyst"


class Project:
    """An open project file. Use `Project.open()` / `Project.create()`; close when done."""

    def __init__(self, path: Path, db: Database, *, read_only: bool, annotator: str,
                 lock: WriterLock | None = None) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only
        self._lock = lock
        self._inode = _inode(path)
        self._annotator_name = annotator
        self._annotator_id: int | None = None
        register_search_function(db.conn)  # search over articles not indexed yet
        from framedesk.core.store.repos import attach_repositories

        attach_repositories(self)

    # ---------------------------------------------------------------- opening
    @classmethod
    def create(cls, path: str | Path, *, annotator: str | None = None,
               language: str = "en", model: str | None = None,
               codebooks: Sequence[str] | None = None) -> Project:
        """`codebooks`: shipped codebook names the project starts with (default: policy
        frames and tone); the project keeps its own copy."""
        from framedesk.core.codebook import DEFAULT_CODEBOOKS

        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError(path, "exists")
        project = cls._connect(path, read_only=False, annotator=annotator, new=True)
        with project.atomic():
            project.set_meta("language", language)
            project.set_meta("created", utc_now())
            if model:
                project.set_meta("model", model)
            project.codebooks.choose(DEFAULT_CODEBOOKS if codebooks is None else codebooks)
        return project

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False,
             annotator: str | None = None, create: bool = False) -> Project:
        path = Path(path)
        if not path.exists() or (create and path.stat().st_size == 0):
            if create:
                return cls.create(path, annotator=annotator)
            raise ProjectMissing(path, "no such file")
        cls._check_header(path)
        return cls._connect(path, read_only=read_only, annotator=annotator, new=False)

    @staticmethod
    def _check_header(path: Path) -> None:
        try:
            with path.open("rb") as fh:
                header = fh.read(100)
        except IsADirectoryError:
            raise NotAProject(path, "is a folder") from None
        except PermissionError:
            raise ProjectReadOnly(path, "cannot be read") from None
        if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
            raise NotAProject(path, "not a SQLite file")
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        page_count = int.from_bytes(header[28:32], "big")
        if page_count and page_size and path.stat().st_size < page_count * page_size:
            raise CorruptProject(path, "truncated")

    @classmethod
    def _connect(cls, path: Path, *, read_only: bool, annotator: str | None,
                 new: bool) -> Project:
        lock = None if read_only else WriterLock.acquire(path)
        uri = f"file:{path.resolve().as_posix()}?mode={'ro' if read_only else 'rwc'}"
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=2.0)
        except sqlite3.OperationalError as exc:
            if lock:
                lock.release()
            raise ProjectReadOnly(path, str(exc)) from None
        db = Database(conn)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if not new:
                cls._check_identity(path, conn, read_only=read_only)
            if not read_only:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal":
                    raise ProjectLocked(path, f"journal mode stayed {mode}")
                conn.execute("PRAGMA synchronous = NORMAL")
                if new:
                    conn.execute(f"PRAGMA application_id = {APP_ID}")
                elif migrations.pending(db):
                    from framedesk.core.backup import snapshot

                    snapshot(conn, path, "migration")  # an older file: keep it as it was
                migrations.apply(db)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except (sqlite3.DatabaseError, ProjectError) as exc:
            conn.close()
            if lock:
                lock.release()
            if isinstance(exc, sqlite3.DatabaseError):
                raise translate_sqlite_error(path, exc) from None
            raise
        project = cls(path, db, read_only=read_only, annotator=annotator or default_annotator(),
                      lock=lock)
        if not read_only:
            project.set_meta("app_version", __version__)
        # Articles an import or a merge left out of the search index stay pending: search
        # finds them anyway, and the GUI (or `framedesk index`) indexes them afterwards.
        return project

    @staticmethod
    def _check_identity(path: Path, conn: sqlite3.Connection, *, read_only: bool) -> None:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APP_ID:
            raise NotAProject(path, "SQLite file of another program")
        if version > SCHEMA_VERSION and not read_only:
            # Read-only is allowed: newer versions only ever add tables and columns, so what
            # this version knows can still be shown; writing could break the newer schema.
            raise NewerProject(path, version, SCHEMA_VERSION)
        if path.stat().st_size <= QUICK_CHECK_LIMIT:
            result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if result != "ok":
                raise CorruptProject(path, result)

    def close(self) -> None:
        """Checkpoint and leave a self-contained file (no -wal needed to read it)."""
        if self.db is None:
            return
        conn = self.db.conn
        try:
            if not self.read_only:
                # No indexing here: closing a window must not wait for a 100k-article index.
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                try:
                    conn.execute("PRAGMA journal_mode = DELETE")
                except sqlite3.OperationalError:
                    pass  # another connection still has it open: the checkpoint suffices
        except sqlite3.DatabaseError:
            pass  # the file may be gone; nothing more can be saved from here
        finally:
            conn.close()
            self.db = None  # type: ignore[assignment]
            if self._lock:
                self._lock.release()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- writing
    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction (a savepoint when nested); sqlite errors become ProjectErrors.

        The outermost one begins IMMEDIATE, taking the write lock first: a transaction that
        read first and wrote later would fail at once with "database is locked" if another
        connection (the background indexer, an import) committed in between, whereas
        waiting for the lock uses the busy timeout like any writer."""
        if self.read_only:
            raise ProjectReadOnly(self.path, "opened read-only")
        conn = self.db.conn
        if not conn.in_transaction and _inode(self.path) != self._inode:
            # Deleted or replaced under us: writes would go to an unlinked file and vanish.
            raise ProjectMissing(self.path, "deleted or replaced while open")
        try:
            with _immediate(conn), self.db.atomic():
                yield self.db
        except sqlite3.DatabaseError as exc:
            raise translate_sqlite_error(self.path, exc) from None
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFull(self.path, str(exc)) from None
            raise

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Many transactions in a row (an import): no automatic WAL checkpoint between them.

        SQLite copies the WAL back into the file every 1,000 pages by default, which during
        an import means writing every page twice while the analyst waits (measured: a third
        of the time of storing 2,000 articles). Deferred, the copy happens once afterwards:
        on the next commit with the default setting (the search indexer's, on its worker
        thread), or at close. Nothing committed is less safe in the WAL than in the file."""
        conn = self.db.conn
        previous = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA wal_autocheckpoint = {int(previous)}")

    # ---------------------------------------------------------------- meta
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.atomic():
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    @property
    def language(self) -> str:
        return self.meta("language") or "en"

    # ---------------------------------------------------------------- annotators
    @property
    def annotator(self) -> str:
        return self._annotator_name

    @annotator.setter
    def annotator(self, name: str) -> None:
        self._annotator_name = name.strip() or default_annotator()
        self._annotator_id = None

    @property
    def annotator_id(self) -> int:
        """The current analyst's row, created on first use (so merely opening writes nothing)."""
        if self._annotator_id is None:
            self._annotator_id = self.annotator_id_for(self._annotator_name)
        return self._annotator_id

    def annotator_id_for(self, name: str) -> int:
        row = self.db.execute("SELECT id FROM annotators WHERE name = ?", [name]).fetchone()
        if row:
            return row[0]
        with self.atomic():
            cur = self.db.execute(
                "INSERT INTO annotators (name, created) VALUES (?, ?)", [name, utc_now()])
        return cur.lastrowid

    def annotators(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM annotators ORDER BY id")]

    # ---------------------------------------------------------------- copies
    def write_copy(self, target: str | Path) -> Path:
        """A self-contained snapshot (VACUUM INTO), e.g. to send to a colleague."""
        target = Path(target)
        if target.exists():
            raise ProjectError(target, "exists")
        try:
            self.db.execute("VACUUM INTO ?", [str(target)])
        except sqlite3.DatabaseError as exc:
            raise translate_sqlite_error(target, exc) from None
        return target


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT around the outermost transaction (inside one: nothing,
    sqlite-utils' atomic() then makes a savepoint)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if conn.in_transaction:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


class WriterLock:
    """One writing process per project: an advisory lock on a small file beside it.

    flock() is released by the kernel when the process dies (kill -9 included), so a stale
    lock file never blocks anyone; a second window's process gets ProjectLocked and can open
    the project read-only instead. Within one process the lock is shared (counted), so the
    GUI's background worker can open its own connection to the project it shows. We lock a
    side file, not the database, because SQLite's own POSIX locks on the database are dropped
    when any descriptor of it is closed.
    """

    _held: dict[str, list[int]] = {}  # lock path -> [fd, users] in this process

    def __init__(self, key: str | None) -> None:
        self._key = key

    @classmethod
    def acquire(cls, path: Path) -> WriterLock:
        key = str(path.resolve().with_name(f".{path.name}.lock"))
        if key in cls._held:
            cls._held[key][1] += 1
            return cls(key)
        try:
            fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return cls(None)  # read-only folder: SQLite itself will refuse writes
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ProjectLocked(path, "open for writing in another process") from None
        cls._held[key] = [fd, 1]
        return cls(key)

    def release(self) -> None:
        if self._key is None or self._key not in self._held:
            return
        entry = self._held[self._key]
        entry[1] -= 1
        if entry[1] == 0:
            os.close(entry[0])  # closing drops the flock; the file stays, harmlessly
            del self._held[self._key]
        self._key = None


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def translate_sqlite_error(path: Path, exc: sqlite3.DatabaseError) -> ProjectError:
    """SQLite's messages, mapped onto the error tree the GUI and CLI explain."""
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return NotAProject(path, str(exc))
    if "malformed" in text or "corrupt" in text:
        return CorruptProject(path, str(exc))
    if "locked" in text or "busy" in text:
        return ProjectLocked(path, str(exc))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ProjectReadOnly(path, str(exc))
    if "full" in text:
        return DiskFull(path, str(exc))
    if "disk i/o" in text and not os.path.exists(path):
        return ProjectMissing(path, str(exc))
    return ProjectError(path, str(exc))


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
