"""Entity corrections as undoable commands (the same pattern as core/commands.py).

A mention correction (add, delete, relabel, link) can apply to every identical mention in
the project and can become a rule for future imports (the `entity_rules` table, applied by
core/nlp/entities.py on every later run). Corrections are 'manual' or 'deleted' mentions,
which re-running NER keeps. Entity commands (merge, rename, split) serve the aliases editor.
Undo restores the exact rows a command changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from framedesk.core.commands import Command
from framedesk.core.model import Mention
from framedesk.core.store.entity_corrections import EntityCorrections, EntitySnapshot

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

ENTITIES = "entities"   # the change kind views listen for (ui/changes.py)


class _MentionCommand(Command):
    kinds = frozenset({ENTITIES})

    def __init__(self, project: Project, article_id: int, *, everywhere: bool = False,
                 rule: bool = False) -> None:
        super().__init__(project, article_id)
        self.everywhere = everywhere
        self.rule = rule
        self.corrections = EntityCorrections(project)
        self.changed = 0                      # mentions changed or added by the last do
        self._rows: list[tuple] = []
        self._created: list[int] = []
        self._rule_pattern: str | None = None
        self._rule_before: tuple | None = None

    def _suffix(self) -> str:
        parts = (["everywhere"] if self.everywhere else []) + (["as a rule"] if self.rule else [])
        return f" ({', '.join(parts)})" if parts else ""

    def _targets(self, mention: Mention) -> list[int]:
        ids = [mention.id] if mention.id is not None else []
        if self.everywhere:
            ids += self.corrections.identical(mention.text, mention.label)
        return list(dict.fromkeys(ids))

    def _make_rule(self, pattern: str, label: str | None, canonical: str | None = None,
                   action: str = "label") -> None:
        self._rule_pattern = pattern
        self._rule_before = self.corrections.rule_row(pattern)
        self.project.entities.add_rule(pattern, label, canonical=canonical, action=action)

    def _revert(self) -> None:
        self.corrections.put_back(self._rows, self._created)
        if self._rule_pattern is not None:
            self.corrections.put_rule_back(self._rule_pattern, self._rule_before)


class AddMention(_MentionCommand):
    """Tag the selected text as an entity (everywhere: each whole-word occurrence)."""

    def __init__(self, project: Project, article_id: int, start: int, end: int, label: str,
                 canonical: str | None = None, *, everywhere: bool = False,
                 rule: bool = False) -> None:
        super().__init__(project, article_id, everywhere=everywhere, rule=rule)
        if end <= start:
            raise ValueError("a mention needs at least one character")
        self.start, self.end, self.label, self.canonical = start, end, label, canonical
        self.text = f"Add entity {label}{self._suffix()}"

    def _apply(self) -> None:
        article = self.project.articles.get(self.article_id)
        phrase = article.text[self.start:self.end] if article else ""
        places = [(self.article_id, self.start, self.end)]
        if self.everywhere:
            places += [p for p in self.corrections.occurrences(phrase) if p != places[0]]
        self._rows, self._created = [], []
        for article_id, start, end in places:
            self._rows += self.corrections.mention_rows(
                self.corrections.overlapping(article_id, start, end))
            new_id, _hidden = self.corrections.add(article_id, start, end, self.label,
                                                   self.canonical)
            if new_id is not None:
                self._created.append(new_id)
        self.changed = len(self._created)
        if self.rule and phrase.strip():
            self._make_rule(phrase, self.label, self.canonical)


class DeleteMention(_MentionCommand):
    """Not an entity here (everywhere: nowhere; as a rule: never again)."""

    def __init__(self, project: Project, mention: Mention, *, everywhere: bool = False,
                 rule: bool = False) -> None:
        super().__init__(project, mention.article_id, everywhere=everywhere, rule=rule)
        self.mention = mention
        self.text = f"Delete entity mention{self._suffix()}"

    def _apply(self) -> None:
        targets = self._targets(self.mention)
        self._rows, self._created = self.corrections.mention_rows(targets), []
        for mention_id in targets:
            self.project.entities.delete(mention_id)
        self.changed = len(targets)
        if self.rule:
            self._make_rule(self.mention.text, None, action="ignore")


class RelabelMention(_MentionCommand):
    def __init__(self, project: Project, mention: Mention, label: str, *,
                 everywhere: bool = False, rule: bool = False) -> None:
        super().__init__(project, mention.article_id, everywhere=everywhere, rule=rule)
        self.mention, self.label = mention, label
        self.text = f"Relabel entity as {label}{self._suffix()}"

    def _apply(self) -> None:
        targets = self._targets(self.mention)
        self._rows, self._created = self.corrections.mention_rows(targets), []
        for mention_id in targets:
            self.project.entities.relabel(mention_id, self.label)
        self.changed = len(targets)
        if self.rule:
            self._make_rule(self.mention.text, self.label)


class LinkMention(_MentionCommand):
    """This spelling means that canonical entity ("Kiev" is Kyiv)."""

    def __init__(self, project: Project, mention: Mention, entity_id: int, *,
                 everywhere: bool = False, rule: bool = False) -> None:
        super().__init__(project, mention.article_id, everywhere=everywhere, rule=rule)
        self.mention, self.entity_id = mention, entity_id
        name = project.entities.name(entity_id) or str(entity_id)
        self.text = f"Link entity to {name}{self._suffix()}"

    def _apply(self) -> None:
        targets = self._targets(self.mention)
        self._rows, self._created = self.corrections.mention_rows(targets), []
        for mention_id in targets:
            self.project.entities.link(mention_id, self.entity_id)
        self.changed = len(targets)
        if self.rule:
            name, label = self.project.db.execute(
                "SELECT name, label FROM entities WHERE id = ?", [self.entity_id]).fetchone()
            self._make_rule(self.mention.text, label, name)


# ---------------------------------------------------------------- canonical entities
class _EntityCommand(Command):
    kinds = frozenset({ENTITIES})
    marks_progress = False   # a project-wide change, not coding of this article

    def __init__(self, project: Project, article_id: int) -> None:
        super().__init__(project, article_id)
        self.corrections = EntityCorrections(project)
        self._snapshot = EntitySnapshot()
        self._created: list[int] = []
        self._mention_rows: list[tuple] = []   # mentions whose status the command changes

    def _revert(self) -> None:
        self.corrections.restore(self._snapshot, self._created)
        if self._mention_rows:
            self.corrections.put_back(self._mention_rows)


class MergeEntities(_EntityCommand):
    """Kiev into Kyiv: mentions, aliases, attributions and rules move; Kiev is an alias."""

    def __init__(self, project: Project, article_id: int, source_id: int,
                 into_id: int) -> None:
        super().__init__(project, article_id)
        if source_id == into_id:
            raise ValueError("an entity cannot be merged into itself")
        self.source_id, self.into_id = source_id, into_id
        self.text = (f"Merge {project.entities.name(source_id)} into "
                     f"{project.entities.name(into_id)}")

    def _apply(self) -> None:
        self._snapshot = self.corrections.snapshot([self.source_id, self.into_id])
        self.project.entities.merge(self.source_id, self.into_id)


class RenameEntity(_EntityCommand):
    """A new canonical name; a name another entity of the same type already has merges
    the two (renaming Kiev to Kyiv when Kyiv exists)."""

    def __init__(self, project: Project, article_id: int, entity_id: int, name: str) -> None:
        super().__init__(project, article_id)
        self.entity_id = entity_id
        self.name = " ".join(name.split())
        if not self.name:
            raise ValueError("an entity needs a name")
        self.text = f"Rename {project.entities.name(entity_id)} to {self.name}"

    def _apply(self) -> None:
        label = self.project.db.execute("SELECT label FROM entities WHERE id = ?",
                                        [self.entity_id]).fetchone()[0]
        row = self.project.db.execute("SELECT id FROM entities WHERE name = ? AND label = ?"
                                      " AND id != ?", [self.name, label, self.entity_id]
                                      ).fetchone()
        if row is not None:
            self._snapshot = self.corrections.snapshot([self.entity_id, row[0]])
            self.project.entities.merge(self.entity_id, row[0])
        else:
            self._snapshot = self.corrections.snapshot([self.entity_id])
            self.project.entities.rename(self.entity_id, self.name)


class SplitSpelling(_EntityCommand):
    """Mentions written one way become their own entity (e.g. "Georgia" the US state out
    of Georgia the country)."""

    def __init__(self, project: Project, article_id: int, entity_id: int, spelling: str,
                 name: str | None = None) -> None:
        super().__init__(project, article_id)
        self.entity_id, self.spelling, self.name = entity_id, spelling, name
        self.new_id: int | None = None
        self.text = f"Split \u201c{spelling}\u201d out of {project.entities.name(entity_id)}"

    def _apply(self) -> None:
        label = self.project.db.execute("SELECT label FROM entities WHERE id = ?",
                                        [self.entity_id]).fetchone()[0]
        target = " ".join((self.name or self.spelling).split())
        existing = self.project.db.execute("SELECT id FROM entities WHERE name = ? AND"
                                           " label = ?", [target, label]).fetchone()
        ids = [self.entity_id] + ([existing[0]] if existing else [])
        self._snapshot = self.corrections.snapshot(ids)
        self._mention_rows = self.corrections.mention_rows(m for m, _e in
                                                           self._snapshot.mentions)
        self.new_id = self.corrections.split(self.entity_id, self.spelling, self.name)
        self._created = [] if existing else [self.new_id]
