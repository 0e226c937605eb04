"""One story, several outlets: what each article says about the same event, side by side.

The compare view shows this; it is computed here, without Qt, so a test (or a script) can
check that "Kyiv" in one article and "Kiev" in the other are one entity, and which frames
and sources only one outlet has.

Entities link across articles through their canonical entity (mentions.entity_id), never
through the spelling: that is the point, since outlets spell the same place differently.
Frames, tone and sources count every analyst's coding of the article (the view compares
outlets, not coders); sources the tool only suggested are listed but marked as such.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

SECTIONS = ("Primary frame", "Secondary frame", "Tone", "Source")
SUGGESTED_MARK = "?"     # after a source the tool suggested and nobody accepted yet
IDENTIFICATION_NAMES = {"named": "named", "described_unnamed": "described",
                        "vague": "vague", "institutional": "institutional",
                        "unattributed": "unattributed"}


@dataclass(slots=True)
class LinkedEntity:
    """A canonical entity mentioned in two or more of the compared articles."""

    entity_id: int
    name: str
    label: str
    spellings: dict[int, list[str]]                    # article id -> its distinct spellings
    spans: dict[int, list[tuple[int, int]]]            # article id -> mention offsets

    @property
    def spelled_differently(self) -> bool:
        """Do the articles write it differently ("Kyiv" here, "Kiev" there)?"""
        forms = {frozenset(s.casefold() for s in spellings)
                 for spellings in self.spellings.values()}
        return len(forms) > 1


@dataclass(slots=True)
class ComparisonRow:
    section: str                     # one of SECTIONS
    item: str                        # the frame, tone or source
    cells: dict[int, str]            # article id -> what it has ("" when it lacks it)

    @property
    def only_one(self) -> bool:
        """Only one of the compared articles has it (worth the analyst's eye)."""
        return sum(1 for v in self.cells.values() if v) == 1


@dataclass(slots=True)
class StoryComparison:
    article_ids: list[int]
    outlets: dict[int, str]
    entities: list[LinkedEntity] = field(default_factory=list)
    rows: list[ComparisonRow] = field(default_factory=list)

    def entity_at(self, article_id: int, offset: int) -> LinkedEntity | None:
        """The linked entity whose mention covers this offset of this article, if any."""
        for entity in self.entities:
            for start, end in entity.spans.get(article_id, ()):
                if start <= offset < end:
                    return entity
        return None

    def differently_spelled(self) -> list[LinkedEntity]:
        return [e for e in self.entities if e.spelled_differently]


def compare(project: Project, article_ids: Sequence[int]) -> StoryComparison:
    """Compare the given articles (in that order): shared entities and a coding table."""
    ids = list(dict.fromkeys(article_ids))
    db = project.db
    marks = ",".join("?" * len(ids))
    # Columns are named by outlet; an article without one by the start of its title.
    outlets = {aid: outlet or _short(title) or f"article {aid}" for aid, outlet, title
               in db.execute(f"SELECT id, outlet, title FROM articles WHERE id IN ({marks})",
                             ids)}
    result = StoryComparison([a for a in ids if a in outlets], outlets)
    if not ids:
        return result
    result.entities = _linked_entities(project, result.article_ids)
    result.rows = _coding_rows(project, result.article_ids)
    return result


def _short(title: str | None, limit: int = 28) -> str:
    title = " ".join((title or "").split())
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _linked_entities(project: Project, ids: list[int]) -> list[LinkedEntity]:
    marks = ",".join("?" * len(ids))
    found: dict[int, LinkedEntity] = {}
    for aid, start, end, text, eid, name, label in project.db.execute(
            f"SELECT m.article_id, m.start, m.\"end\", m.text, e.id, e.name, e.label"
            f" FROM mentions m JOIN entities e ON e.id = m.entity_id"
            f" WHERE m.article_id IN ({marks}) AND m.status != 'deleted'"
            f" ORDER BY m.article_id, m.start", ids):
        entity = found.get(eid)
        if entity is None:
            entity = found[eid] = LinkedEntity(eid, name, label, {}, {})
        spellings = entity.spellings.setdefault(aid, [])
        if text not in spellings:
            spellings.append(text)
        entity.spans.setdefault(aid, []).append((start, end))
    shared = [e for e in found.values() if len(e.spans) > 1]
    # Spelling differences first (what the analyst is asked to notice), then by frequency.
    shared.sort(key=lambda e: (not e.spelled_differently,
                               -sum(len(s) for s in e.spans.values()), e.name))
    return shared


def _code_labels(project: Project) -> dict[tuple[str, str], str]:
    return {(book, code): label for book, code, label in project.db.execute(
        "SELECT b.name, c.code, c.label FROM codes c JOIN codebooks b ON b.id = c.codebook_id")}


def _coding_rows(project: Project, ids: list[int]) -> list[ComparisonRow]:
    db = project.db
    marks = ",".join("?" * len(ids))
    labels = _code_labels(project)
    table: dict[tuple[str, str], dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    section_of_role = {"primary": "Primary frame", "secondary": "Secondary frame",
                       "tone": "Tone"}
    for aid, book, code, role in db.execute(
            f"SELECT article_id, codebook, code, role FROM doc_codes"
            f" WHERE article_id IN ({marks})", ids):
        item = labels.get((book, code), code.replace("_", " "))
        table[(section_of_role[role], item)][aid].add("yes" if role != "tone" else "✓")
    texts: dict[int, str] = {}
    display: dict[tuple[str, str], str] = {}
    for aid, s_start, s_end, _eid, name, identification, status in db.execute(
            f"SELECT t.article_id, t.source_start, t.source_end, t.entity_id, e.name,"
            f" t.identification, t.status FROM attributions t"
            f" LEFT JOIN entities e ON e.id = t.entity_id"
            f" WHERE t.article_id IN ({marks}) AND t.status != 'rejected'", ids):
        source = name
        if source is None:
            if aid not in texts:
                row = db.execute("SELECT text FROM articles WHERE id = ?", [aid]).fetchone()
                texts[aid] = row[0] if row else ""
            text = texts[aid]
            source = (text[s_start:s_end] if s_start is not None and s_end is not None
                      else "(no source given)")
            source = " ".join(source.split()) or "(no source given)"
        # "Officials" and "officials" are one source; the first spelling is shown.
        source = display.setdefault(("Source", source.casefold()), source)
        how = IDENTIFICATION_NAMES.get(identification or "", identification or "not coded")
        if status == "suggested":
            how += SUGGESTED_MARK
        table[("Source", source)][aid].add(how)
    rows = []
    for (section, item), by_article in table.items():
        cells = {aid: "; ".join(sorted(by_article.get(aid, ()))) for aid in ids}
        rows.append(ComparisonRow(section, item, cells))
    rows.sort(key=lambda r: (SECTIONS.index(r.section), r.item.casefold()))
    return rows

