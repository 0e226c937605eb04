"""Entity mentions and canonical entities.

A mention keeps the article's own spelling ("Kiev") and links to one canonical entity
("Kyiv"). Mentions from the model have status 'auto' and are replaced when NER runs again;
the analyst's corrections are 'manual' (added or relabelled) or 'deleted' (a model mention
the analyst removed): both survive re-running NER.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from framedesk.core.clock import utc_now

from framedesk.core.model import Mention

if TYPE_CHECKING:
    from framedesk.core.store.project import Project


@dataclass(frozen=True, slots=True)
class EntityRule:
    id: int
    pattern: str
    label: str | None
    canonical: str | None
    action: str  # label | ignore


def alias_key(spelling: str) -> str:
    return " ".join(spelling.casefold().split())


class EntityStore:
    def __init__(self, project: Project) -> None:
        self.project = project

    @property
    def db(self):
        return self.project.db

    # ------------------------------------------------------------ canonical entities
    def lookup(self, spelling: str, label: str) -> int | None:
        row = self.db.execute("SELECT entity_id FROM aliases WHERE alias = ? AND label = ?",
                              [alias_key(spelling), label]).fetchone()
        if row:
            return row[0]
        row = self.db.execute("SELECT id FROM entities WHERE name = ? AND label = ?",
                              [spelling, label]).fetchone()
        return row[0] if row else None

    def ensure(self, name: str, label: str) -> int:
        """The canonical entity called `name`, created if new."""
        found = self.lookup(name, label)
        if found is not None:
            return found
        with self.project.atomic() as db:
            db.execute("INSERT OR IGNORE INTO entities (name, label) VALUES (?, ?)", [name, label])
            return db.execute("SELECT id FROM entities WHERE name = ? AND label = ?",
                              [name, label]).fetchone()[0]

    def add_alias(self, spelling: str, label: str, entity_id: int,
                  origin: str = "project") -> None:
        with self.project.atomic() as db:
            db.execute("INSERT OR REPLACE INTO aliases (alias, label, entity_id, origin)"
                       " VALUES (?, ?, ?, ?)", [alias_key(spelling), label, entity_id, origin])

    def add_aliases(self, rows: Iterable[tuple[str, str, str]], origin: str = "shipped") -> None:
        """(spelling, label, canonical name) triples; the project's own aliases win."""
        with self.project.atomic():
            for spelling, label, canonical in rows:
                entity_id = self.ensure(canonical, label)
                self.db.execute("INSERT OR IGNORE INTO aliases (alias, label, entity_id, origin)"
                                " VALUES (?, ?, ?, ?)",
                                [alias_key(spelling), label, entity_id, origin])

    def name(self, entity_id: int) -> str | None:
        row = self.db.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()
        return row[0] if row else None

    def rename(self, entity_id: int, name: str) -> None:
        with self.project.atomic() as db:
            db.execute("UPDATE entities SET name = ? WHERE id = ?", [name, entity_id])

    def merge(self, source_id: int, into_id: int) -> int:
        """Kiev into Kyiv: every mention, alias and attribution moves; returns mentions moved."""
        with self.project.atomic() as db:
            moved = db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?",
                               [into_id, source_id]).rowcount
            db.execute("UPDATE OR REPLACE aliases SET entity_id = ? WHERE entity_id = ?",
                       [into_id, source_id])
            db.execute("UPDATE attributions SET entity_id = ? WHERE entity_id = ?",
                       [into_id, source_id])
            # The analyst's rules for the old entity now point at the merged one (deleting
            # the entity would otherwise drop them with it).
            db.execute("UPDATE entity_rules SET entity_id = ? WHERE entity_id = ?",
                       [into_id, source_id])
            name, label = db.execute("SELECT name, label FROM entities WHERE id = ?",
                                     [source_id]).fetchone()
            db.execute("DELETE FROM entities WHERE id = ?", [source_id])
            db.execute("INSERT OR REPLACE INTO aliases (alias, label, entity_id, origin)"
                       " VALUES (?, ?, ?, 'project')", [alias_key(name), label, into_id])
        return moved

    def corpus_counts(self, entity_ids: Sequence[int]) -> dict[int, int]:
        """How many articles of the project mention each entity."""
        if not entity_ids:
            return {}
        marks = ",".join("?" * len(entity_ids))
        return dict(self.db.execute(
            f"SELECT entity_id, count(DISTINCT article_id) FROM mentions"
            f" WHERE status != 'deleted' AND entity_id IN ({marks}) GROUP BY entity_id",
            list(entity_ids)).fetchall())

    def all_entities(self) -> list[tuple[int, str, str, int]]:
        """(id, name, label, mention count) for every canonical entity that has mentions."""
        return self.db.execute(
            "SELECT e.id, e.name, e.label, count(m.id) FROM entities e JOIN mentions m"
            " ON m.entity_id = e.id AND m.status != 'deleted'"
            " GROUP BY e.id ORDER BY count(m.id) DESC, e.name").fetchall()

    # ------------------------------------------------------------ project rules
    def rules(self) -> list[EntityRule]:
        """The analyst's rules, applied by every entity run after the model's own guesses."""
        rows = self.db.execute(
            "SELECT r.id, r.pattern, coalesce(r.label, e.label), e.name, r.action"
            " FROM entity_rules r LEFT JOIN entities e ON e.id = r.entity_id ORDER BY r.id")
        return [EntityRule(*r) for r in rows]

    def add_rule(self, pattern: str, label: str | None = None, *, canonical: str | None = None,
                 action: str = "label") -> int:
        """"Always tag this phrase as `label` (linked to `canonical`)" or, with action
        'ignore', "this phrase is never an entity". One rule per phrase: a new one replaces it."""
        pattern = " ".join(pattern.split())
        if not pattern or action not in ("label", "ignore") or (action == "label" and not label):
            raise ValueError(f"bad entity rule {pattern!r} {label!r} {action!r}")
        with self.project.atomic() as db:
            entity_id = self.ensure(canonical or pattern, label) if action == "label" else None
            db.execute("INSERT OR REPLACE INTO entity_rules (pattern, label, entity_id, action,"
                       " annotator_id, created) VALUES (?, ?, ?, ?, ?, ?)",
                       [pattern, label, entity_id, action, self.project.annotator_id, utc_now()])
            return db.execute("SELECT id FROM entity_rules WHERE pattern = ?",
                              [pattern]).fetchone()[0]

    def remove_rule(self, rule_id: int) -> None:
        with self.project.atomic() as db:
            db.execute("DELETE FROM entity_rules WHERE id = ?", [rule_id])

    # ------------------------------------------------------------ mentions
    def mentions(self, article_id: int, *, include_deleted: bool = False) -> list[Mention]:
        sql = ("SELECT m.id, m.article_id, m.start, m.\"end\", m.label, m.text, e.name,"
               " m.entity_id, m.origin, m.status FROM mentions m"
               " LEFT JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ?")
        if not include_deleted:
            sql += " AND m.status != 'deleted'"
        rows = self.db.execute(sql + " ORDER BY m.start, m.\"end\"", [article_id])
        return [Mention(*r) for r in rows]

    def replace_model_mentions(self, article_id: int, mentions: Sequence[Mention],
                               origin: str) -> int:
        """Swap the model's mentions of one article for a new run's, keeping corrections:
        a new mention that overlaps a manual or deleted one is dropped."""
        with self.project.atomic() as db:
            db.execute("DELETE FROM mentions WHERE article_id = ? AND status = 'auto'",
                       [article_id])
            kept = db.execute("SELECT start, \"end\" FROM mentions WHERE article_id = ?",
                              [article_id]).fetchall()
            fresh = [m for m in mentions
                     if not any(m.start < e and s < m.end for s, e in kept)]
            self._insert(fresh, origin, "auto", None)
        return len(fresh)

    def insert_model_mentions(self, mentions: Sequence[Mention], origin: str) -> None:
        """Fast path for new articles, which have no corrections to respect."""
        with self.project.atomic():
            self._insert(mentions, origin, "auto", None)

    def _insert(self, mentions: Sequence[Mention], origin: str, status: str,
                annotator_id: int | None) -> None:
        now = utc_now()
        cache: dict[tuple[str, str], int] = {}
        rows = []
        for m in mentions:
            entity_id = m.entity_id
            if entity_id is None:
                key = (m.canonical or m.text, m.label)
                if key not in cache:
                    cache[key] = self.ensure(*key)
                entity_id = cache[key]
            rows.append((m.article_id, m.start, m.end, m.label, m.text, entity_id,
                         origin, status, annotator_id, now))
        self.db.conn.executemany(
            "INSERT INTO mentions (article_id, start, \"end\", label, text, entity_id, origin,"
            " status, annotator_id, created) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)

    def add_manual(self, article_id: int, start: int, end: int, label: str,
                   canonical: str | None = None) -> int:
        text = self._text(article_id)[start:end]
        with self.project.atomic() as db:
            self._insert([Mention(None, article_id, start, end, label, text, canonical)],
                         "manual", "manual", self.project.annotator_id)
            return db.execute("SELECT last_insert_rowid()").fetchone()[0]

    def delete(self, mention_id: int) -> None:
        """A manual mention goes; a model mention is kept as 'deleted' so NER won't re-add it."""
        with self.project.atomic() as db:
            db.execute("DELETE FROM mentions WHERE id = ? AND status = 'manual'", [mention_id])
            db.execute("UPDATE mentions SET status = 'deleted', annotator_id = ? WHERE id = ?",
                       [self.project.annotator_id, mention_id])

    def restore(self, mention_id: int) -> None:
        with self.project.atomic() as db:
            db.execute("UPDATE mentions SET status = 'auto' WHERE id = ? AND status = 'deleted'"
                       " AND origin != 'manual'", [mention_id])

    def relabel(self, mention_id: int, label: str, canonical: str | None = None) -> None:
        with self.project.atomic() as db:
            text = db.execute("SELECT text FROM mentions WHERE id = ?", [mention_id]).fetchone()[0]
            entity_id = self.ensure(canonical or text, label)
            db.execute("UPDATE mentions SET label = ?, entity_id = ?, status = 'manual',"
                       " annotator_id = ? WHERE id = ?",
                       [label, entity_id, self.project.annotator_id, mention_id])

    def link(self, mention_id: int, entity_id: int) -> None:
        with self.project.atomic() as db:
            db.execute("UPDATE mentions SET entity_id = ?, status = 'manual', annotator_id = ?"
                       " WHERE id = ?", [entity_id, self.project.annotator_id, mention_id])

    def count(self) -> int:
        return self.db.execute(
            "SELECT count(*) FROM mentions WHERE status != 'deleted'").fetchone()[0]

    def _text(self, article_id: int) -> str:
        return self.db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
