"""Does a project file hold exactly the schema Framedesk writes for its version?

A project file is a SQLite database anyone can edit. An extra trigger would run on our own
writes (one that deleted every frame fired on `index`, `backup` and `import`), an extra view
or a table replaced by one could make a read run forever, a dropped column makes every
command fail half-way. So before anything is written, the file's `sqlite_master` is compared
with what the migrations create for its `user_version` (built once, in memory, by running
them); any difference refuses writing. Reading stays possible when only extras were added
(triggers never fire on reads, and no query of ours names an object we did not create); a
table that is missing, altered or replaced refuses reading too.

SQL text is compared after folding case, quotes and white space, so a file written by
another sqlite-utils release (which words the same statement differently) still matches.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache

from sqlite_utils import Database

# SQLite's own objects (ANALYZE statistics, AUTOINCREMENT counters, automatic indexes).
_INTERNAL = re.compile(r"^sqlite_")
# FTS5 keeps its index in shadow tables whose wording depends on the SQLite release; only
# their presence and kind are compared (a trigger on one would still be an extra object).
_SHADOW = re.compile(r"^articles_fts_(data|idx|docsize|config|content)$")
_MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record, worded by its release


@dataclass(frozen=True, slots=True)
class SchemaObject:
    kind: str        # table, index, trigger, view
    name: str
    table: str
    sql: str         # folded (see _fold)


@dataclass(slots=True)
class SchemaDifference:
    """What a file's schema has that Framedesk's has not, and the reverse."""

    extra: list[SchemaObject] = field(default_factory=list)
    missing: list[SchemaObject] = field(default_factory=list)
    altered: list[SchemaObject] = field(default_factory=list)   # as found in the file

    def __bool__(self) -> bool:
        return bool(self.extra or self.missing or self.altered)

    @property
    def breaks_reading(self) -> bool:
        """A table or index of ours is gone or changed: reads would fail or read wrong."""
        return bool(self.missing or self.altered)

    def first(self) -> tuple[str, SchemaObject]:
        """The difference to name in the one sentence: broken tables before extras."""
        for how, objs in (("missing", self.missing), ("altered", self.altered),
                          ("extra", self.extra)):
            if objs:
                ordered = sorted(objs, key=lambda o: (o.kind != "table", o.kind, o.name))
                return how, ordered[0]
        raise ValueError("no difference")


def _fold(sql: str | None) -> str:
    text = (sql or "").lower()
    text = re.sub(r"[\"`\[\]]", "", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*([(),;=])\s*", r"\1", text).strip()


def read_schema(conn: sqlite3.Connection) -> dict[str, SchemaObject]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM main.sqlite_master").fetchall()
    return {name: SchemaObject(kind, name, table, _fold(sql))
            for kind, name, table, sql in rows if not _INTERNAL.match(name)}


@lru_cache(maxsize=None)
def expected_schema(version: int) -> dict[str, SchemaObject]:
    """What Framedesk's migrations create up to `version`, read from an in-memory file."""
    from framedesk.core.store.schema import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db = Database(conn)
        names = [m.name for m in migrations._migrations]
        if version > 0:
            migrations.apply(db, stop_before=names[version:] or None)
        return read_schema(conn)
    finally:
        conn.close()


def compare(conn: sqlite3.Connection, version: int) -> SchemaDifference:
    """The file's schema against Framedesk's for `version` (a newer file: only that ours is
    there as tables, since newer releases only add)."""
    from framedesk.core.store.schema import SCHEMA_VERSION

    found = read_schema(conn)
    wanted = expected_schema(min(version, SCHEMA_VERSION))
    diff = SchemaDifference()
    for name, obj in wanted.items():
        have = found.get(name)
        if have is None:
            diff.missing.append(obj)
        elif have.kind != obj.kind:
            diff.altered.append(have)
        elif version > SCHEMA_VERSION:
            continue
        elif _SHADOW.match(name) or name == _MIGRATIONS_TABLE:
            continue
        elif have.sql != obj.sql or have.table != obj.table:
            diff.altered.append(have)
    if version <= SCHEMA_VERSION:
        diff.extra = [obj for name, obj in found.items() if name not in wanted]
    return diff
