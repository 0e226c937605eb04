"""The corpus view of sourcing: per outlet, how many attributions, how their sources are
identified (named, described, vague, institutional, unattributed), what kind of sources
they are, the share of unnamed sources, and the most cited sources by canonical entity.

Counts include the analysts' attributions (accepted and manual); open suggestions only when
asked (`include_suggestions`), since nobody has checked them yet. Rejected ones never count.
`unnamed_share` is (described but unnamed + vague) / attributions: sources the reader cannot
identify; unattributed claims ("reportedly") have their own column.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from framedesk.core.errors import CodebookError
from framedesk.core.exchange.csv_export import spreadsheet_cell
from framedesk.core.exchange.writing import atomic_file

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

NO_OUTLET = "(no outlet)"
ALL_OUTLETS = "(all)"
UNSPECIFIED = "unspecified"
UNNAMED = ("described_unnamed", "vague")
# Used when the shipped sourcing codebook cannot be read: the columns stay the same.
IDENTIFICATIONS = ("named", "described_unnamed", "vague", "institutional", "unattributed")
SOURCE_TYPES = ("government_official", "military_security", "politician_party",
                "judiciary_police", "international_org", "expert_academic", "business",
                "ngo_advocacy", "citizen_eyewitness", "other_media", "document_data",
                "social_media", "unknown")


@dataclass(slots=True)
class OutletSourcing:
    outlet: str
    articles: int = 0
    attributions: int = 0
    by_identification: Counter[str] = field(default_factory=Counter)
    by_source_type: Counter[str] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)  # canonical entity -> attributions

    @property
    def unnamed(self) -> int:
        return sum(self.by_identification[k] for k in UNNAMED)

    @property
    def unnamed_share(self) -> float:
        return self.unnamed / self.attributions if self.attributions else 0.0

    def top_sources(self, n: int = 5) -> list[tuple[str, int]]:
        return sorted(self.sources.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


@dataclass(slots=True)
class SourcingTable:
    rows: list[OutletSourcing]          # one per outlet, by outlet name
    total: OutletSourcing               # the whole selection
    identifications: tuple[str, ...]
    source_types: tuple[str, ...]

    def to_csv(self, path: str | Path, *, top: int = 5, force: bool = False) -> Path:
        """One row per outlet plus an "(all)" row; counts by identification and source type
        in codebook order (an "unspecified" column for attributions without one).
        UTF-8 with BOM, so spreadsheets open it with the right characters. Written
        atomically (core.exchange.writing); an existing file only with `force`."""
        path = Path(path)
        ids = (*self.identifications, UNSPECIFIED)
        types = (*self.source_types, UNSPECIFIED)
        header = (["outlet", "articles", "attributions", "unnamed", "unnamed_share"]
                  + [f"identification_{k}" for k in ids] + [f"source_type_{k}" for k in types]
                  + ["top_sources"])
        with atomic_file(path, force=force) as tmp, \
                tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in [*self.rows, self.total]:
                writer.writerow(
                    [spreadsheet_cell(row.outlet), row.articles, row.attributions, row.unnamed,
                     f"{row.unnamed_share:.3f}"]
                    + [row.by_identification[k] for k in ids]
                    + [row.by_source_type[k] for k in types]
                    + [spreadsheet_cell("; ".join(f"{name} ({n})"
                                                  for name, n in row.top_sources(top)))])
        return path


def sourcing_table(project: Project, article_ids: Sequence[int] | None = None, *,
                   include_suggestions: bool = False,
                   annotator: str | None = None) -> SourcingTable:
    """Count the attributions of the whole project, or of `article_ids` (e.g. the current
    filter of the article list), by outlet. `annotator` keeps only that analyst's
    attributions (and the open suggestions, which belong to nobody)."""
    identifications, source_types = _codebook_order(project)
    chosen = None if article_ids is None else set(article_ids)
    rows: dict[str, OutletSourcing] = {}
    total = OutletSourcing(ALL_OUTLETS)
    for article_id, outlet in project.db.execute("SELECT id, outlet FROM articles"):
        if chosen is not None and article_id not in chosen:
            continue
        name = outlet or NO_OUTLET
        rows.setdefault(name, OutletSourcing(name)).articles += 1
        total.articles += 1

    statuses = ["accepted", "manual"] + (["suggested"] if include_suggestions else [])
    sql = ("SELECT t.article_id, a.outlet, t.identification, t.source_type, e.name"
           " FROM attributions t JOIN articles a ON a.id = t.article_id"
           " LEFT JOIN entities e ON e.id = t.entity_id"
           f" WHERE t.status IN ({','.join('?' * len(statuses))})")
    params: list[object] = list(statuses)
    if annotator is not None:
        sql += (" AND (t.annotator_id IS NULL OR t.annotator_id IN"
                " (SELECT id FROM annotators WHERE name = ?))")
        params.append(annotator)
    for article_id, outlet, ident, stype, entity in project.db.execute(sql, params):
        if chosen is not None and article_id not in chosen:
            continue
        for target in (rows[outlet or NO_OUTLET], total):
            target.attributions += 1
            target.by_identification[ident or UNSPECIFIED] += 1
            target.by_source_type[stype or UNSPECIFIED] += 1
            if entity:
                target.sources[entity] += 1
    ordered = sorted(rows.values(), key=lambda r: (r.outlet == NO_OUTLET, r.outlet.casefold()))
    return SourcingTable(ordered, total, identifications, source_types)


def _codebook_order(project: Project) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The attribute ids in the order of the sourcing codebook, so columns match the form
    the analyst codes with."""
    try:
        from framedesk.core.codebook import load_shipped

        book = load_shipped("sourcing")
        attrs = book.attributes
        ids = tuple(c.id for c in attrs.get("identification", ())) or IDENTIFICATIONS
        types = tuple(c.id for c in attrs.get("source_type", ())) or SOURCE_TYPES
        return ids, types
    except (CodebookError, OSError, KeyError, AttributeError):
        return IDENTIFICATIONS, SOURCE_TYPES


@dataclass(slots=True)
class SourceGroup:
    """One source of an article and everything attributed to it (the sources panel)."""

    label: str                      # canonical entity name, else the source as written
    entity_id: int | None
    attributions: list = field(default_factory=list)   # store Attributions, in text order

    @property
    def identification(self) -> str | None:
        return _most_common(a.identification for a in self.attributions)

    @property
    def source_type(self) -> str | None:
        return _most_common(a.source_type for a in self.attributions)


NO_SOURCE = "(no source given)"


def sources_of_article(project: Project, article_id: int, *,
                       include_suggestions: bool = True) -> list[SourceGroup]:
    """The article's attributions grouped by who is cited: by canonical entity where the
    source is linked to one ("Putin", "he" and "the Russian president" together), else by
    the source's words; attributions with no source ("reportedly") in one last group.
    Groups come in the order their first attribution appears."""
    article = project.articles.get(article_id)
    if article is None:
        return []
    groups: dict[object, SourceGroup] = {}
    for a in project.attributions.list(article_id):
        if a.status == "suggested" and not include_suggestions:
            continue
        if a.entity_id is not None:
            key: object = ("entity", a.entity_id)
            label = a.entity or article.text[a.source.start:a.source.end]
        elif a.source is not None:
            words = " ".join(article.text[a.source.start:a.source.end].split())
            key, label = ("text", words.casefold()), words
        else:
            key, label = ("none",), NO_SOURCE
        groups.setdefault(key, SourceGroup(label, a.entity_id)).attributions.append(a)
    ordered = sorted(groups.values(), key=lambda g: (g.label == NO_SOURCE, _first(g)))
    return ordered


def _first(group: SourceGroup) -> int:
    a = group.attributions[0]
    span = a.source or a.content or a.cue
    return span.start if span else 0


def _most_common(values) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None
