"""The checks a project file passes on open, before anything is written to it.

- `check_trusted`: the schema is Framedesk's for the file's version (framedesk.core.store
  .trust) and no stored value is one Framedesk never writes (.sanity);
- `IntegrityCheck`: `PRAGMA quick_check` at every size, either at once or, for a big file
  the window opens, on a thread of its own; `Project.verify_integrity()` waits for it and
  every write does so first, so damage is found before it spreads.

`quick_check` rather than `integrity_check`: it verifies every page and record of every
table and index but not that each index holds exactly its table's rows, at about a third of
the time (0.14 s against 0.39 s on a 120 MB file).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from framedesk.core.errors import BadStoredValue, CorruptProject, UntrustedSchema
from framedesk.core.store import sanity, trust
from framedesk.core.store.connection import connect

PROBLEMS_SHOWN = 3  # quick_check lines kept for the sentence
# quick_check lines about a stored value rather than a page (writable connections only).
_VALUE_PROBLEMS = ("CHECK constraint failed in ", "NULL value in ")


def check_trusted(path: Path, conn: sqlite3.Connection, version: int, *,
                  writing: bool, values: bool = True) -> None:
    """Raise UntrustedSchema / BadStoredValue naming the first thing that is wrong."""
    diff = trust.compare(conn, version)
    if diff and (writing or diff.breaks_reading):
        how, obj = diff.first()
        raise UntrustedSchema(path, how, obj.kind, obj.name)
    bad = sanity.first_bad_value(conn) if values else None
    if bad is not None:
        raise BadStoredValue(path, *bad)


def _quick_check(conn: sqlite3.Connection) -> list[str]:
    rows = [r[0] for r in conn.execute(f"PRAGMA quick_check({PROBLEMS_SHOWN})")]
    return [] if rows == ["ok"] else rows


class IntegrityCheck:
    """One file's quick_check, done now or on a thread; `result()` raises if it failed."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, background: bool) -> None:
        self.path = path
        self._problems: list[str] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._own_conn: sqlite3.Connection | None = None
        if not background:
            self._problems = _quick_check(conn)
            self.result()
            return
        # Its own read-only connection: a read transaction of its own, so the check sees
        # one consistent state of the file while the window already reads (and writes).
        self._own_conn = connect(f"file:{path.resolve().as_posix()}?mode=ro")
        self._thread = threading.Thread(target=self._run, name="framedesk-integrity",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._problems = _quick_check(self._own_conn)  # type: ignore[arg-type]
        except sqlite3.DatabaseError as exc:
            if "interrupt" not in str(exc).lower():
                self._error = exc
            self._problems = self._problems or []
        finally:
            self._own_conn.close()  # type: ignore[union-attr]

    @property
    def done(self) -> bool:
        return self._thread is None or not self._thread.is_alive()

    def result(self) -> None:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise CorruptProject(self.path, str(self._error))
        if self._problems and all(p.startswith(_VALUE_PROBLEMS) for p in self._problems):
            # Every page reads: a value its constraint forbids, not damage (sanity names
            # the usual ones first; this is the rest, e.g. a status no version writes).
            table = self._problems[0].rsplit(" ", 1)[-1].split(".")[0]
            raise BadStoredValue(self.path, table, 0, "a value its constraints forbid")
        if self._problems:
            raise CorruptProject(self.path, "; ".join(self._problems))

    def abandon(self) -> None:
        """The project closes: stop a check still running (nothing to report any more)."""
        if self._thread is not None and self._thread.is_alive() and self._own_conn:
            try:
                self._own_conn.interrupt()
            except sqlite3.ProgrammingError:
                pass  # closed in the meantime
            self._thread.join()
