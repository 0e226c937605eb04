"""Stored values Framedesk never writes, found on open instead of half-way through a command.

The schema's CHECK constraints keep our own writes sane, but a file edited elsewhere (or
with `PRAGMA ignore_check_constraints`) can hold a span that ends before it starts, an
offset stored as text, or a JSON column that does not parse; each would stop an export, an
agreement report or the review window with a traceback somewhere deep. One indexed pass
per table finds the first such row, so the one sentence can name it.

Measured on a 100,000-article project (see tests/benchmarks/bench_store_trust.py): the
whole check is a small fraction of the integrity check that precedes it.
"""

from __future__ import annotations

import sqlite3

# (table, SQL condition of a bad row, what is wrong in words for the sentence)
_SPAN = ('typeof(start) != \'integer\' OR typeof("end") != \'integer\' '
         'OR start < 0 OR "end" <= start')
_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("span_codes", _SPAN, "a span whose start is not before its end"),
    ("mentions", _SPAN, "an entity mention whose start is not before its end"),
    ("attributions",
     " OR ".join(f"({a} IS NOT NULL AND (typeof({a}) != 'integer' OR {a} < 0 OR {b} IS NULL "
                 f"OR typeof({b}) != 'integer' OR {b} < {a}))"
                 for a, b in (("source_start", "source_end"), ("cue_start", "cue_end"),
                              ("content_start", "content_end"))),
     "an attribution whose offsets are not a span"),
    ("attributions", "NOT json_valid(unnamed)", "broken JSON in 'unnamed'"),
    ("articles", "NOT json_valid(extra)", "broken JSON in 'extra'"),
    ("adjudications", "NOT json_valid(versions) OR NOT json_valid(result)",
     "broken JSON in the adjudication log"),
)


def first_bad_value(conn: sqlite3.Connection) -> tuple[str, int, str] | None:
    """(table, rowid, what) of the first bad row, or None. Tables a schema version does not
    have are skipped (the schema check reports a missing table)."""
    tables = {r[0] for r in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    for table, condition, what in _CHECKS:
        if table not in tables:
            continue
        row = conn.execute(
            f"SELECT rowid FROM main.{table} WHERE {condition} LIMIT 1").fetchone()
        if row is not None:
            return table, row[0], what
    return None
