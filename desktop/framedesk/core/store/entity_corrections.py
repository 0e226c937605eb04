"""The analyst's entity corrections beyond one mention: every identical mention at once,
splitting a spelling out of an entity, and exact snapshots so each correction can be undone.

A correction is stored as 'manual' (added, relabelled, linked) or 'deleted' (a model mention
taken away), which re-running NER respects (EntityStore.replace_model_mentions). Whether it
also becomes a rule for future imports is the caller's choice (EntityStore.add_rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from framedesk.core.store.entities import alias_key

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

MENTION_COLUMNS = ('id, article_id, start, "end", label, text, entity_id, origin, status,'
                   ' annotator_id, created')


@dataclass(slots=True)
class EntitySnapshot:
    """Rows as they were before a change to canonical entities (merge, rename, split)."""

    entities: list[tuple] = field(default_factory=list)      # (id, name, label)
    aliases: list[tuple] = field(default_factory=list)       # (alias, label, entity_id, origin)
    mentions: list[tuple[int, int]] = field(default_factory=list)       # (id, entity_id)
    attributions: list[tuple[int, int]] = field(default_factory=list)   # (id, entity_id)
    rules: list[tuple] = field(default_factory=list)


class EntityCorrections:
    def __init__(self, project: Project) -> None:
        self.project = project

    @property
    def db(self):
        return self.project.db

    # ------------------------------------------------------------ finding
    def identical(self, text: str, label: str | None = None) -> list[int]:
        """Mentions (not deleted) anywhere in the project written exactly like `text`."""
        sql = "SELECT id FROM mentions WHERE text = ? AND status != 'deleted'"
        params: list[object] = [text]
        if label is not None:
            sql += " AND label = ?"
            params.append(label)
        return [r[0] for r in self.db.execute(sql + " ORDER BY id", params)]

    def occurrences(self, phrase: str) -> list[tuple[int, int, int]]:
        """(article id, start, end) of `phrase` as a whole word or words in every article."""
        if not phrase.strip():
            return []
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
        out = []
        for article_id, text in self.db.execute(
                "SELECT id, text FROM articles WHERE instr(text, ?) > 0 ORDER BY id", [phrase]):
            out.extend((article_id, m.start(), m.end()) for m in pattern.finditer(text))
        return out

    # ------------------------------------------------------------ mentions
    def mention_rows(self, mention_ids: Iterable[int]) -> list[tuple]:
        ids = list(dict.fromkeys(mention_ids))
        rows: list[tuple] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows += self.db.execute(f"SELECT {MENTION_COLUMNS} FROM mentions WHERE id IN"
                                    f" ({','.join('?' * len(chunk))})", chunk).fetchall()
        return rows

    def overlapping(self, article_id: int, start: int, end: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            'SELECT id FROM mentions WHERE article_id = ? AND start < ? AND "end" > ?'
            " AND status != 'deleted'", [article_id, end, start])]

    def put_back(self, rows: Sequence[tuple], remove: Iterable[int] = ()) -> None:
        """Undo: drop the mentions a correction made and restore the rows it changed."""
        with self.project.atomic() as db:
            for mention_id in remove:
                db.execute("DELETE FROM mentions WHERE id = ?", [mention_id])
            for row in rows:
                db.execute("DELETE FROM mentions WHERE id = ?", [row[0]])
                db.execute(f"INSERT INTO mentions ({MENTION_COLUMNS}) VALUES"
                           " (?,?,?,?,?,?,?,?,?,?,?)", list(row))

    def add(self, article_id: int, start: int, end: int, label: str,
            canonical: str | None = None) -> tuple[int | None, list[int]]:
        """A manual mention; the model's mentions it overlaps are marked deleted so they
        do not come back. Returns (new id or None if the same one exists, ids hidden)."""
        with self.project.atomic() as db:
            same = db.execute(
                'SELECT id FROM mentions WHERE article_id = ? AND start = ? AND "end" = ?'
                " AND label = ? AND status = 'manual'", [article_id, start, end, label]
            ).fetchone()
            if same is not None:
                return None, []
            hidden = self.overlapping(article_id, start, end)
            for mention_id in hidden:
                self.project.entities.delete(mention_id)
            new_id = self.project.entities.add_manual(article_id, start, end, label, canonical)
        return new_id, hidden

    # ------------------------------------------------------------ canonical entities
    def snapshot(self, entity_ids: Iterable[int]) -> EntitySnapshot:
        ids = list(dict.fromkeys(entity_ids))
        marks = ",".join("?" * len(ids))
        q = self.db.execute
        return EntitySnapshot(
            entities=q(f"SELECT id, name, label FROM entities WHERE id IN ({marks})",
                       ids).fetchall(),
            aliases=q(f"SELECT alias, label, entity_id, origin FROM aliases WHERE entity_id IN"
                      f" ({marks})", ids).fetchall(),
            mentions=q(f"SELECT id, entity_id FROM mentions WHERE entity_id IN ({marks})",
                       ids).fetchall(),
            attributions=q(f"SELECT id, entity_id FROM attributions WHERE entity_id IN"
                           f" ({marks})", ids).fetchall(),
            rules=q(f"SELECT id, pattern, label, entity_id, action, annotator_id, created"
                    f" FROM entity_rules WHERE entity_id IN ({marks})", ids).fetchall())

    def restore(self, snap: EntitySnapshot, created: Iterable[int] = ()) -> None:
        """Put entities, aliases and links back as in `snap`; entities made since
        (`created`) go."""
        with self.project.atomic() as db:
            for entity_id in created:
                db.execute("DELETE FROM entities WHERE id = ?", [entity_id])
            for entity_id, name, label in snap.entities:
                if db.execute("SELECT 1 FROM entities WHERE id = ?", [entity_id]).fetchone():
                    db.execute("UPDATE entities SET name = ?, label = ? WHERE id = ?",
                               [name, label, entity_id])
                else:
                    db.execute("INSERT INTO entities (id, name, label) VALUES (?, ?, ?)",
                               [entity_id, name, label])
            ids = [e[0] for e in snap.entities]
            db.execute(f"DELETE FROM aliases WHERE entity_id IN ({','.join('?' * len(ids))})",
                       ids)
            for row in snap.aliases:
                db.execute("INSERT OR REPLACE INTO aliases (alias, label, entity_id, origin)"
                           " VALUES (?, ?, ?, ?)", list(row))
            for mention_id, entity_id in snap.mentions:
                db.execute("UPDATE mentions SET entity_id = ? WHERE id = ?",
                           [entity_id, mention_id])
            for attribution_id, entity_id in snap.attributions:
                db.execute("UPDATE attributions SET entity_id = ? WHERE id = ?",
                           [entity_id, attribution_id])
            for row in snap.rules:
                db.execute("INSERT OR REPLACE INTO entity_rules (id, pattern, label, entity_id,"
                           " action, annotator_id, created) VALUES (?,?,?,?,?,?,?)", list(row))

    def spellings(self, entity_id: int) -> list[tuple[str, int]]:
        """How the articles write this entity, with mention counts, most used first."""
        return self.db.execute(
            "SELECT text, count(*) FROM mentions WHERE entity_id = ? AND status != 'deleted'"
            " GROUP BY text ORDER BY count(*) DESC, text", [entity_id]).fetchall()

    def split(self, entity_id: int, spelling: str, name: str | None = None) -> int:
        """Move every mention written `spelling` (ignoring case and spacing) out of the
        entity into a new one called `name` (default: the spelling); returns its id."""
        with self.project.atomic() as db:
            label = db.execute("SELECT label FROM entities WHERE id = ?",
                               [entity_id]).fetchone()[0]
            target = " ".join((name or spelling).split())
            db.execute("INSERT OR IGNORE INTO entities (name, label) VALUES (?, ?)",
                       [target, label])
            new_id = db.execute("SELECT id FROM entities WHERE name = ? AND label = ?",
                                [target, label]).fetchone()[0]
            key = alias_key(spelling)
            moved = [r[0] for r in db.execute(
                "SELECT id, text FROM mentions WHERE entity_id = ?", [entity_id])
                if alias_key(r[1]) == key]
            for mention_id in moved:
                db.execute("UPDATE mentions SET entity_id = ?, status = CASE status WHEN"
                           " 'deleted' THEN 'deleted' ELSE 'manual' END, annotator_id = ?"
                           " WHERE id = ?", [new_id, self.project.annotator_id, mention_id])
            db.execute("INSERT OR REPLACE INTO aliases (alias, label, entity_id, origin)"
                       " VALUES (?, ?, ?, 'project')", [key, label, new_id])
        return new_id

    def rule_row(self, pattern: str) -> tuple | None:
        return self.db.execute(
            "SELECT id, pattern, label, entity_id, action, annotator_id, created FROM"
            " entity_rules WHERE pattern = ?", [" ".join(pattern.split())]).fetchone()

    def put_rule_back(self, pattern: str, row: tuple | None) -> None:
        with self.project.atomic() as db:
            db.execute("DELETE FROM entity_rules WHERE pattern = ?", [" ".join(pattern.split())])
            if row is not None:
                db.execute("INSERT INTO entity_rules (id, pattern, label, entity_id, action,"
                           " annotator_id, created) VALUES (?,?,?,?,?,?,?)", list(row))
