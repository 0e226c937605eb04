"""The one place every SQLite connection to a project file is made.

Whoever opens a project, one's own or a colleague's, for writing or reading, gets a
connection on which nothing stored in the file can run code:

- `PRAGMA trusted_schema = OFF` before the schema is read, so views, triggers, defaults and
  indexes in the file may call only the functions SQLite marks innocuous (not ours, not
  `load_extension`-like ones);
- optionally a time limit per statement (`query_seconds`), enforced by a progress handler:
  a crafted view that never ends (a recursive CTE) is stopped with QueryTooLong instead of
  keeping the window busy for minutes.

What the schema holds is checked afterwards by framedesk.core.store.trust.
"""

from __future__ import annotations

import sqlite3
import time

# The progress handler runs every this many SQLite virtual-machine steps: often enough to
# stop within milliseconds, rare enough to cost nothing measurable.
PROGRESS_STEPS = 20_000
# A colleague's file is read with this limit per statement (seconds). Reading one article's
# annotations takes milliseconds; the longest legitimate read (every coding of a 100k-article
# file for agreement) takes a few seconds.
REVIEW_QUERY_SECONDS = 30.0


class QueryTooLong(sqlite3.OperationalError):
    """A statement ran past the connection's time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query stopped after the time limit of {seconds:g} s")
        self.seconds = seconds


class GuardedCursor(sqlite3.Cursor):
    def execute(self, sql, parameters=(), /):  # type: ignore[override]
        conn = self.connection
        conn._statement_started()  # type: ignore[attr-defined]
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            raise conn._translate(exc) from None  # type: ignore[attr-defined]

    def executemany(self, sql, seq_of_parameters, /):  # type: ignore[override]
        conn = self.connection
        conn._statement_started()  # type: ignore[attr-defined]
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.OperationalError as exc:
            raise conn._translate(exc) from None  # type: ignore[attr-defined]


class GuardedConnection(sqlite3.Connection):
    """A connection whose statements may carry a time limit (see `limit_queries`)."""

    _limit: float | None = None
    _started: float = 0.0
    _stopped: bool = False

    def cursor(self, factory=GuardedCursor):  # type: ignore[override]
        return super().cursor(factory)

    def execute(self, sql, parameters=(), /):  # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, parameters, /):  # type: ignore[override]
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script, /):  # type: ignore[override]
        self._statement_started()
        try:
            return super().executescript(script)
        except sqlite3.OperationalError as exc:
            raise self._translate(exc) from None

    def limit_queries(self, seconds: float | None) -> None:
        """Stop any statement (and the reading of its rows) after `seconds`; None: no limit."""
        self._limit = seconds
        if seconds is None:
            self.set_progress_handler(None, 0)
        else:
            self.set_progress_handler(self._over_time, PROGRESS_STEPS)

    def _statement_started(self) -> None:
        self._started = time.monotonic()
        self._stopped = False

    def _over_time(self) -> int:
        if self._limit is not None and time.monotonic() - self._started > self._limit:
            self._stopped = True
            return 1  # non-zero: SQLite interrupts the statement
        return 0

    def _translate(self, exc: sqlite3.OperationalError) -> sqlite3.OperationalError:
        if self._stopped and "interrupt" in str(exc).lower():
            return QueryTooLong(self._limit or 0.0)
        return exc


def connect(uri: str, *, timeout: float = 2.0,
            query_seconds: float | None = None) -> GuardedConnection:
    """A connection to `uri` (a `file:` URI) in autocommit mode, with the schema untrusted.

    Opening touches nothing: SQLite reads the file only on the first statement, and the
    first statement here is the pragma that distrusts the schema."""
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                           timeout=timeout, factory=GuardedConnection)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.limit_queries(query_seconds)
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn
