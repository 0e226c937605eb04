"""Opening, creating and closing a project file.

One writer, atomic writes: every change the user makes is one `db.atomic()` transaction,
committed before the call returns, so there is nothing to save and nothing to lose.
While open the file is in WAL mode (fast commits, readers never block the writer); on close
it is checkpointed and switched back to a rollback journal so the `.framedesk` file alone
holds everything (a colleague who is sent only that file gets every edit).
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import sqlite3
import stat
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
    OpenedReadOnly,
    ProjectError,
    ProjectLocked,
    ProjectMissing,
    ProjectReadOnly,
    QueryTimeLimit,
)
from framedesk.core.errors import READ_ONLY_ASKED
from framedesk.core.store import wal
from framedesk.core.store.checks import IntegrityCheck, check_trusted
from framedesk.core.store.connection import REVIEW_QUERY_SECONDS, QueryTooLong, connect
from framedesk.core.store.lock import WriterLock, identity
from framedesk.core.store.schema import SCHEMA_VERSION, migrations
from framedesk.core.store.search import register_search_function

SQLITE_MAGIC = b"SQLite format 3\x00"
APP_ID = 0x46524D44  # "FRMD", in the header's application_id field: marks our files
SUFFIX = ".framedesk"
# Above this size the window may check integrity in the background (Project.open(...,
# integrity="background")); writes and exports wait for that check first.
BACKGROUND_CHECK_SIZE = 16 * 1024 * 1024


def refuse_special_file(path: Path) -> None:
    """A FIFO, socket, device or symlink loop given as a project is refused by stat, before
    anything opens it: SQLite would wait on a FIFO for ever (holding the writer lock)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return  # the callers say "no such file" or create it
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotAProject(path, "a symbolic link that loops back on itself") from None
        return  # unreadable: opening it gives the precise sentence
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return  # a folder gets its own sentence from the header check
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "a device")
    raise NotAProject(path, f"{kind}, not a file")


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
        # Why it is read-only, in words (set by whoever chose read-only: the window after
        # finding the file locked, newer or not writable); said when an edit is refused.
        self.read_only_reason: str | None = None
        self._lock = lock
        self._integrity: IntegrityCheck | None = None
        self._schema_cookie: int | None = None  # main.schema_version when last verified
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
        refuse_special_file(path)
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
             annotator: str | None = None, create: bool = False,
             integrity: str = "wait") -> Project:
        """`integrity`: "wait" checks the file before returning (every command line
        command); "background" checks a file over BACKGROUND_CHECK_SIZE on a thread while
        the window shows it, and the first write or `verify_integrity()` waits for it."""
        path = Path(path)
        refuse_special_file(path)
        if not path.exists() or (create and path.stat().st_size == 0):
            if create:
                return cls.create(path, annotator=annotator)
            raise ProjectMissing(path, "no such file")
        cls._check_header(path)
        if integrity == "background" and path.stat().st_size <= BACKGROUND_CHECK_SIZE:
            integrity = "wait"
        return cls._connect(path, read_only=read_only, annotator=annotator, new=False,
                            integrity=integrity)

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
            if wal.has_frames(path):
                return  # a checkpoint cut short (a full disk): the WAL still has the pages
            if _disk_nearly_full(path, page_size):
                raise DiskFull(path, "the file could not grow")
            raise CorruptProject(path, "truncated")

    @classmethod
    def _connect(cls, path: Path, *, read_only: bool, annotator: str | None,
                 new: bool, integrity: str = "wait") -> Project:
        lock = None if read_only else WriterLock.acquire(path)
        try:
            if not new:
                # Before SQLite sees the file: it would apply any -wal beside it.
                wal.check_leftover(path, writer_lock_is_new=bool(lock and lock.first))
                if read_only:
                    wal.refuse_second_name(path)
            uri = f"file:{path.resolve().as_posix()}?mode={'ro' if read_only else 'rwc'}"
            try:
                conn = connect(uri)
            except sqlite3.DatabaseError as exc:
                raise ProjectReadOnly(path, str(exc)) from None
        except BaseException:
            if lock:
                lock.release()
            raise
        db = Database(conn)
        checks = None
        try:
            # Everything that can refuse the file comes before anything that changes it
            # (journal mode, migrations, meta): a refused file is left byte for byte.
            if not new:
                checks = cls._check_file(path, conn, read_only=read_only,
                                         integrity=integrity)
            conn.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal":
                    raise ProjectLocked(path, f"journal mode stayed {mode}")
                conn.execute("PRAGMA synchronous = NORMAL")
                if lock:
                    lock.write_marker(wal.marker_for(path))
                if new:
                    conn.execute(f"PRAGMA application_id = {APP_ID}")
                elif migrations.pending(db):
                    from framedesk.core.backup import snapshot

                    snapshot(conn, path, "migration")  # an older file: keep it as it was
                migrations.apply(db)
                if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                cookie = _trust_own_schema(path, conn)
        except (sqlite3.DatabaseError, ProjectError) as exc:
            if checks is not None:
                checks.abandon()
            conn.close()
            if lock:
                lock.release()
            if isinstance(exc, sqlite3.DatabaseError):
                raise translate_sqlite_error(path, exc) from None
            raise
        project = cls(path, db, read_only=read_only, annotator=annotator or default_annotator(),
                      lock=lock)
        project._integrity = checks
        if not read_only:
            project._schema_cookie = cookie
        if not read_only and project.meta("app_version") != __version__:
            project.set_meta("app_version", __version__)
        # Articles an import or a merge left out of the search index stay pending: search
        # finds them anyway, and the GUI (or `framedesk index`) indexes them afterwards.
        return project

    @staticmethod
    def _check_file(path: Path, conn: sqlite3.Connection, *, read_only: bool,
                    integrity: str) -> IntegrityCheck:
        """Is this a Framedesk file, undamaged, with our schema and sane values?"""
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APP_ID:
            raise NotAProject(path, "SQLite file of another program")
        if version > SCHEMA_VERSION and not read_only:
            # Read-only is allowed: newer versions only ever add tables and columns, so what
            # this version knows can still be shown; writing could break the newer schema.
            raise NewerProject(path, version, SCHEMA_VERSION)
        # The schema and stored values first: they name what is wrong (a span with start >
        # end), where quick_check on a writable connection would only say "CHECK
        # constraint failed" and the file would be called damaged.
        check_trusted(path, conn, version, writing=not read_only)
        return IntegrityCheck(path, conn, background=integrity == "background")

    def _schema_still_ours(self) -> None:
        """Inside the write lock: has another program changed the schema since it was
        verified (then our triggers are no longer the only ones)? One pragma read."""
        conn = self.db.conn
        if conn.execute("PRAGMA main.schema_version").fetchone()[0] == self._schema_cookie:
            return
        conn.execute("PRAGMA trusted_schema = OFF")
        self._schema_cookie = _trust_own_schema(self.path, conn)

    def verify_integrity(self) -> None:
        """Wait for the integrity check of this file (a background one for a big file) and
        raise CorruptProject if it failed. Writes and exports call it first; cheap after."""
        if self._integrity is not None:
            self._integrity.result()

    @property
    def integrity_pending(self) -> bool:
        """True while a background integrity check still runs (the window can say so)."""
        return self._integrity is not None and not self._integrity.done

    def close(self) -> None:
        """Checkpoint and leave a self-contained file (no -wal needed to read it)."""
        if self.db is None:
            return
        conn = self.db.conn
        if self._integrity is not None:
            self._integrity.abandon()
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
                if not wal.has_frames(self.path):
                    self._lock.write_marker(None)
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
            raise OpenedReadOnly(self.path, self.read_only_reason or READ_ONLY_ASKED)
        conn = self.db.conn
        outermost = not conn.in_transaction
        if outermost:
            if _inode(self.path) != self._inode:
                # Deleted or replaced under us: writes would go to an unlinked file and vanish.
                raise ProjectMissing(self.path, "deleted or replaced while open")
            self.verify_integrity()  # never write into a damaged file
        try:
            with _immediate(conn), self.db.atomic():
                if outermost:
                    self._schema_still_ours()
                yield self.db
            if outermost and self._lock:
                self._lock.write_marker(wal.marker_for(self.path))  # a new WAL generation?
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
            if self._lock:
                self._lock.write_marker(wal.marker_for(self.path))

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


def _inode(path: Path) -> tuple[int, int] | None:
    return identity(path)


def _trust_own_schema(path: Path, conn: sqlite3.Connection) -> int:
    """A writer's schema is verified to be exactly Framedesk's; only then may its triggers
    run, which they must: they keep the FTS5 search index current, and SQLite lets a
    trigger write to a virtual table only with trusted_schema on. Returns the schema cookie
    the verification holds for."""
    check_trusted(path, conn, SCHEMA_VERSION, writing=True, values=False)
    conn.execute("PRAGMA trusted_schema = ON")
    return conn.execute("PRAGMA main.schema_version").fetchone()[0]


def _disk_nearly_full(path: Path, page_size: int) -> bool:
    """Too little room left beside `path` to grow by a few pages (so a short file is the
    full disk's doing, not damage)."""
    try:
        st = os.statvfs(path.resolve().parent)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < max(1 << 20, 16 * page_size)


def translate_sqlite_error(path: Path, exc: sqlite3.DatabaseError) -> ProjectError:
    """SQLite's messages, mapped onto the error tree the GUI and CLI explain."""
    text = str(exc).lower()
    if isinstance(exc, QueryTooLong):
        return QueryTimeLimit(path, exc.seconds)
    if "interrupted" in text:
        return QueryTimeLimit(path, REVIEW_QUERY_SECONDS)
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
