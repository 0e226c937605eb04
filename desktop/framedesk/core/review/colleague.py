"""Opening a colleague's project file without any risk to it.

The file came by email or a shared folder, or a colleague's window is still writing it: we
never open the original for writing. A consistent private copy is made in a temporary
folder (framedesk.core.store.snapshot: the bytes, or SQLite's backup API while someone
writes; a leftover `-wal` only if it belongs to the file), and the copy is opened read-only,
`query_only`, with `trusted_schema=OFF` (a crafted schema cannot run functions in views or
triggers) and a time limit per query (a view that never ends is stopped with a sentence),
after the checks every project passes (framedesk.core.store.checks): integrity, a schema
whose tables are Framedesk's, no stored value Framedesk never writes. Extra triggers and
views are allowed for reading: triggers never fire on a read-only file, and no query of ours
names an object we did not create. The original's bytes never change and nothing is
created beside it.

`PRAGMA quick_check` rather than `integrity_check`: it verifies every page and record of
every table and index, but not that each index holds exactly its table's rows. For a copy
we only read, that is enough to refuse a damaged file, and it took a third of the time on
a 120 MB file (0.14 s against 0.39 s).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from framedesk.core.errors import (
    NewerProject,
    NotAProject,
    ProjectError,
    ProjectMissing,
)
from framedesk.core.store import wal
from framedesk.core.store.checks import IntegrityCheck, check_trusted
from framedesk.core.store.connection import REVIEW_QUERY_SECONDS, connect
from framedesk.core.store.project import (
    APP_ID, SCHEMA_VERSION, Project, refuse_special_file, translate_sqlite_error)
from framedesk.core.store.snapshot import WAL_FOREIGN, WAL_KEPT, private_copy

# Notice codes: data for framedesk.messages.describe_notice, not sentences.
UNCLOSED = "unclosed"                # a -wal was beside the file: the sender had it open
FOREIGN_WAL = "foreign_wal"          # a -wal beside it that is not its own: left out
SEVERAL_ANNOTATORS = "several_annotators"
NO_ANNOTATIONS = "no_annotations"


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know that does not stop the work (shown as a warning)."""

    code: str
    subject: str = ""                  # a file name, a variable name ...
    detail: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(slots=True)
class ReviewFile:
    """A read-only private copy of one coder's project file."""

    source: Path                       # the original, never opened by SQLite
    copy: Path                         # the private copy we read
    project: Project
    coder: str                         # the annotator whose work this file stands for
    annotators: list[str]
    notices: list[Notice]
    label: str = ""                    # how the coder is shown; unique within a session

    def close(self) -> None:
        self.project.close()
        shutil.rmtree(self.copy.parent, ignore_errors=True)

    def __enter__(self) -> ReviewFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_for_review(path: str | Path, *, annotator: str | None = None,
                    live: Project | None = None) -> ReviewFile:
    """Copy `path` privately and open the copy read-only; raises ProjectError subclasses
    (NotAProject, CorruptProject, NewerProject, ProjectMissing) about the original path.

    `live`: the same file as this process has it open (one's own project): the copy is then
    a consistent snapshot of that connection (VACUUM INTO), not a copy of a file in use."""
    source = Path(path)
    refuse_special_file(source)
    if not source.exists():
        raise ProjectMissing(source, "no such file")
    Project._check_header(source)  # reads 100 bytes; refuses non-SQLite and truncated files
    folder = Path(tempfile.mkdtemp(prefix="framedesk-review-"))  # mode 0700: private
    try:
        if live is not None:
            copy, notices = live.write_copy(folder / "review.framedesk"), []
        else:
            wal.refuse_second_name(source)
            copy, notices = _copy_with_wal(source, folder)
        project = _open_copy(source, copy)
        try:
            coder, annotators = _pick_coder(project, source, annotator, notices)
        except BaseException:
            project.close()
            raise
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return ReviewFile(source=source, copy=copy, project=project, coder=coder,
                      annotators=annotators, notices=notices, label=coder)


def _copy_with_wal(source: Path, folder: Path) -> tuple[Path, list[Notice]]:
    copy = folder / "review.framedesk"
    notices: list[Notice] = []
    try:
        outcome = private_copy(source, copy, APP_ID)
    except sqlite3.DatabaseError as exc:
        raise translate_sqlite_error(source, exc) from None
    wal_file = source.with_name(source.name + "-wal")
    if outcome == WAL_KEPT:
        notices.append(Notice(UNCLOSED, source.name, {"wal_bytes": wal_file.stat().st_size}))
    elif outcome == WAL_FOREIGN:
        notices.append(Notice(FOREIGN_WAL, source.name))
    return copy, notices


def _open_copy(source: Path, copy: Path,
               query_seconds: float | None = REVIEW_QUERY_SECONDS) -> Project:
    uri = f"file:{copy.as_posix()}?mode=ro"
    try:
        # connect() distrusts the schema before anything reads it.
        conn = connect(uri, query_seconds=query_seconds)
    except sqlite3.DatabaseError as exc:
        raise translate_sqlite_error(source, exc) from None
    try:
        conn.execute("PRAGMA query_only = ON")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APP_ID:
            raise NotAProject(source, "SQLite file of another program")
        if version > SCHEMA_VERSION:
            raise NewerProject(source, version, SCHEMA_VERSION)
        if version < 1:
            raise NotAProject(source, "no Framedesk tables")
        IntegrityCheck(source, conn, background=False)
        check_trusted(source, conn, version, writing=False)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise translate_sqlite_error(source, exc) from None
    except ProjectError:
        conn.close()
        raise
    return Project(source, Database(conn), read_only=True, annotator="")


# How much each annotator did: the file's coder is, unless named, the one who did most.
_WORK_BY_ANNOTATOR = """
    SELECT n.name, (
        (SELECT count(*) FROM doc_codes d WHERE d.annotator_id = n.id)
      + (SELECT count(*) FROM span_codes s WHERE s.annotator_id = n.id)
      + (SELECT count(*) FROM attributions t WHERE t.annotator_id = n.id
           AND t.status IN ('accepted', 'manual'))
      + (SELECT count(*) FROM mentions m WHERE m.annotator_id = n.id AND m.status != 'auto'))
    FROM annotators n ORDER BY n.id"""


def _pick_coder(project: Project, source: Path, wanted: str | None,
                notices: list[Notice]) -> tuple[str, list[str]]:
    try:
        work = project.db.execute(_WORK_BY_ANNOTATOR).fetchall()
    except sqlite3.DatabaseError as exc:
        raise translate_sqlite_error(source, exc) from None
    annotators = [name for name, _ in work]
    if wanted is not None:
        if wanted not in annotators:
            raise ProjectError(source, f"no annotator named {wanted!r}")
        return wanted, annotators
    active = [(n, name) for name, n in work if n > 0]
    if not active:
        notices.append(Notice(NO_ANNOTATIONS, source.name))
        return (annotators[0] if annotators else source.stem), annotators
    active.sort(key=lambda pair: -pair[0])
    if len(active) > 1:
        notices.append(Notice(SEVERAL_ANNOTATORS, source.name,
                              {"chosen": active[0][1], "others": [n for _, n in active[1:]]}))
    return active[0][1], annotators
