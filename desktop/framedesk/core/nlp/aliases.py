"""Canonical entities: which spellings are one entity.

Three sources, strongest first:
1. Within an article, a short person name is the full name mentioned there, before or after:
   "Putin" is "Vladimir Putin" when the article names him so (and only one Putin).
2. The project's aliases table: the shipped list (resources/gazetteers/aliases.yaml and the
   gazetteers' aliases, origin 'shipped', loaded on first use) and the analyst's own aliases,
   which always win over shipped ones.
3. Across the corpus, a one-word person name links to the one full name it matches, if
   exactly one person with that surname has mentions ("Biden" -> "Joe Biden"). This runs
   after each entity run, so an article read before the full name turned up links too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from framedesk.core.nlp.gazetteers import shipped_aliases

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

PERSON = "PERSON"
SHIPPED_META_KEY = "shipped_aliases"
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def clean_name(text: str) -> str:
    """The name an entity is filed under: whitespace folded, a possessive and a lowercase
    leading "the" dropped ("the United States'" -> "United States"), case kept."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    if name.startswith("the ") and len(name) > 4:
        name = name[4:]
    return name or " ".join(text.split())


def name_words(text: str) -> list[str]:
    return clean_name(text).split()


def ensure_shipped_aliases(project: Project) -> bool:
    """Load the shipped alias list into the project once per version of that list.
    Returns True when it was (re)loaded. The analyst's own aliases are never overwritten."""
    rows = shipped_aliases()
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]
    if project.meta(SHIPPED_META_KEY) == digest:
        return False
    with project.atomic():
        project.entities.add_aliases(rows, origin="shipped")
        project.set_meta(SHIPPED_META_KEY, digest)
    return True


class CanonicalResolver:
    """Maps (spelling, label) to a canonical entity id, creating entities as needed; caches
    answers for one run, so each distinct spelling costs one lookup."""

    def __init__(self, project: Project) -> None:
        self.store = project.entities
        self._ids: dict[tuple[str, str], int] = {}

    def entity_id(self, spelling: str, label: str) -> int:
        key = (spelling, label)
        found = self._ids.get(key)
        if found is None:
            found = self.store.lookup(spelling, label)
            if found is None:
                name = clean_name(spelling)
                found = self.store.lookup(name, label) if name != spelling else None
                if found is None:
                    found = self.store.ensure(name, label)
            self._ids[key] = found
        return found


def link_within_article(spans: Sequence[tuple[str, str]],
                        resolver: CanonicalResolver) -> list[str]:
    """For each (text, label) of one article, the spelling to resolve: a one-word person
    name becomes the full name it shortens, when the article has exactly one such person."""
    full_by_surname: dict[str, set[int]] = defaultdict(set)
    spelling_of: dict[int, str] = {}
    for text, label in spans:
        words = name_words(text)
        if label == PERSON and len(words) >= 2:
            entity_id = resolver.entity_id(text, label)
            full_by_surname[words[-1]].add(entity_id)
            spelling_of.setdefault(entity_id, text)
    out = []
    for text, label in spans:
        words = name_words(text)
        if label == PERSON and len(words) == 1 and len(full_by_surname.get(words[0], ())) == 1:
            out.append(spelling_of[next(iter(full_by_surname[words[0]]))])
        else:
            out.append(text)
    return out


def link_short_names(project: Project) -> int:
    """Across the corpus: move the model's mentions of a one-word person ("Putin") to the one
    full-name person with that surname ("Vladimir Putin"). Corrections the analyst made
    (status 'manual') are left alone, and suggested attributions whose source was linked to
    the one-word person follow it (so a suggestion stored before the full name turned up, in
    the same run, ends where its mention does). Returns the number of mentions moved."""
    rows = project.db.execute(
        "SELECT e.id, e.name FROM entities e WHERE e.label = ? AND EXISTS"
        " (SELECT 1 FROM mentions m WHERE m.entity_id = e.id AND m.status != 'deleted')",
        [PERSON]).fetchall()
    full_by_surname: dict[str, set[int]] = defaultdict(set)
    short: list[tuple[int, str]] = []
    for entity_id, name in rows:
        words = name.split()
        if len(words) >= 2:
            full_by_surname[words[-1].casefold()].add(entity_id)
        elif words:
            short.append((entity_id, words[0].casefold()))
    moves = [(next(iter(full_by_surname[surname])), entity_id)
             for entity_id, surname in short if len(full_by_surname.get(surname, ())) == 1]
    if not moves:
        return 0
    moved = 0
    with project.atomic() as db:
        for into_id, from_id in moves:
            moved += db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?"
                                " AND status = 'auto'", [into_id, from_id]).rowcount
            db.execute("UPDATE attributions SET entity_id = ? WHERE entity_id = ?"
                       " AND status = 'suggested'", [into_id, from_id])
    return moved
