"""One coder's work in one file, read in a few bulk queries and keyed by article uid.

Per-article store calls would cost tens of thousands of queries for a large project; here
each kind of annotation is one query, so comparing two 10,000-article files stays quick.
Every annotation becomes an `Item` whose `key` says what must be equal for two coders to
agree, and whose `data` holds what a gold file needs to write it again.

Entity mentions are the bulk (about 40 per article: over 400,000 in a 10,000-article file)
and nearly always the same in both files (the same model run). SQLite hands them over as
one JSON text per article (a few thousand strings instead of millions of Python objects:
a third of the time), and they become Items only when asked for. Two coders whose texts
are equal agree on every mention: one string comparison shows it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from framedesk.core.gcpause import cyclic_gc_paused
from framedesk.core.review.colleague import ReviewFile

PRIMARY = "primary_frame"
SECONDARY = "secondary_frames"
TONE = "tone"
CUES = "cues"
ATTRIBUTIONS = "attributions"
ENTITIES = "entities"
KINDS = (PRIMARY, SECONDARY, TONE, CUES, ATTRIBUTIONS, ENTITIES)
SINGLE_VALUED = frozenset({PRIMARY, TONE})   # "take both" makes no sense for these
SPAN_PARTS = ("source", "cue", "content")
_START_END = itemgetter(0, 1)


class Item:
    """One annotation of one coder. Equal keys mean the coders agree on it.

    A plain slotted class rather than a frozen dataclass: a large project has hundreds of
    thousands of items and their construction was the biggest cost of loading a file."""

    __slots__ = ("kind", "key", "_data", "_extra")

    def __init__(self, kind: str, key: tuple, data: dict[str, Any] | None = None,
                 extra: tuple = ()) -> None:
        self.kind = kind
        self.key = key
        self._data = data
        self._extra = extra       # what the key lacks, for building `data` when asked

    @property
    def data(self) -> dict[str, Any]:
        """What a gold file needs to write the item again (built on first use: most items
        of a large comparison are only ever compared by key)."""
        if self._data is None:
            self._data = _expand(self.kind, self.key, self._extra)
        return self._data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Item) and (self.kind, self.key) == (other.kind, other.key)

    def __hash__(self) -> int:
        return hash((self.kind, self.key))

    def __repr__(self) -> str:
        return f"Item({self.kind}, {self.text})"

    @property
    def text(self) -> str:
        """A short plain description: 'security', 'security 0-5', 'GPE Kyiv 9-13' ..."""
        d, kind = self.data, self.kind
        if kind in (PRIMARY, SECONDARY, TONE):
            return d["code"]
        if kind == CUES:
            return f"{d['code']} {d['start']}-{d['end']}"
        if kind == ENTITIES:
            return f"{d['label']} {self.key[3]} {d['start']}-{d['end']}"
        return (" ".join(f"{p} {_where(d.get(p))}" for p in SPAN_PARTS)
                + f" {d.get('identification') or '?'}/{d.get('source_type') or '?'}")


@dataclass(slots=True)
class ArticleWork:
    uid: str
    title: str
    status: str
    items: dict[str, list[Item]] = field(default_factory=dict)
    corrected_entities: bool = False
    # Model mentions this coder deleted: a gold file taking the coder's entities keeps them
    # as 'deleted' markers, so a later NER run does not bring them back.
    deleted: list[Item] = field(default_factory=list)
    # The entity mentions as SQLite wrote them: JSON arrays [start, end, label, canonical,
    # text, origin, status] joined by commas, turned into items[ENTITIES] on first use.
    entity_json: str = ""
    entity_count: int = 0

    @property
    def coded(self) -> bool:
        """Did this coder work on the article? (Model mentions alone are not work.)"""
        return (self.status == "done" or self.corrected_entities
                or any(self.items.get(k) for k in KINDS if k != ENTITIES))

    def of(self, kind: str) -> list[Item]:
        if kind == ENTITIES and self.entity_json and ENTITIES not in self.items:
            # Rows come in index order (start, then insertion): items in text order.
            rows = sorted(json.loads(f"[{self.entity_json}]"), key=_START_END)
            self.items[ENTITIES] = [Item(ENTITIES, tuple(r[:4]), None, tuple(r[4:]))
                                    for r in rows]
        return self.items.get(kind, [])

    @property
    def raw_entities(self) -> str | None:
        """The entity mentions' JSON while no Item was made of them (None once
        items[ENTITIES] is there: the items are then what counts)."""
        return None if ENTITIES in self.items else self.entity_json


def _span(a: int | None, b: int | None) -> tuple[int, int] | None:
    return (a, b) if a is not None and b is not None else None


def _unnamed(stored: str | None) -> dict:
    return json.loads(stored) if stored and stored != "{}" else {}


def _where(span: tuple[int, int] | None) -> str:
    return f"{span[0]}-{span[1]}" if span else "-"


def _expand(kind: str, key: tuple, extra: tuple) -> dict[str, Any]:
    if kind in (PRIMARY, SECONDARY, TONE):
        return {"codebook": key[0], "code": key[1]}
    if kind == CUES:
        return {"start": key[0], "end": key[1], "codebook": key[2], "code": key[3],
                "note": extra[0] if extra else None}
    if kind == ENTITIES:
        text, origin, status = extra or (key[3], "manual", "manual")
        return {"start": key[0], "end": key[1], "label": key[2], "text": text,
                "canonical": key[3], "origin": origin, "status": status}
    raise ValueError(kind)


def make_item(kind: str, data: dict[str, Any]) -> Item:
    """An item from its data (as read from a file, or as an adjudicator edited it); the
    key is derived here so items from files and from edits compare alike."""
    if kind in (PRIMARY, SECONDARY, TONE):
        return Item(kind, (data["codebook"], data["code"]), data)
    if kind == CUES:
        return Item(kind, (data["start"], data["end"], data["codebook"], data["code"]), data)
    if kind == ENTITIES:
        canonical = data.get("canonical") or data.get("text", "")
        return Item(kind, (data["start"], data["end"], data["label"], canonical), data)
    if kind == ATTRIBUTIONS:
        spans = [tuple(data[p]) if data.get(p) else None for p in SPAN_PARTS]
        data = data | dict(zip(SPAN_PARTS, spans))
        attrs = [data.get(a) for a in ("quote_type", "identification", "source_type",
                                       "certainty", "entity")]
        unnamed = data.get("unnamed")
        unnamed = json.dumps(unnamed, sort_keys=True) if unnamed else "{}"   # mostly none
        return Item(kind, (*spans, *attrs, unnamed), data)
    raise ValueError(kind)


def load_work(review: ReviewFile) -> dict[str, ArticleWork]:
    """Everything `review.coder` did in the file, by article uid (every article is present)."""
    with cyclic_gc_paused():
        return _load_work(review)


def _load_work(review: ReviewFile) -> dict[str, ArticleWork]:
    db = review.project.db
    row = db.execute("SELECT id FROM annotators WHERE name = ?", [review.coder]).fetchone()
    me = row[0] if row else -1
    works: dict[str, ArticleWork] = {}
    uid_of: dict[int, str] = {}
    for article_id, uid, title, status in db.execute(
            "SELECT id, uid, title, status FROM articles ORDER BY id"):
        works[uid] = ArticleWork(uid, title, status)
        uid_of[article_id] = uid
    found: dict[int, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))

    for article_id, codebook, code, role in db.execute(
            "SELECT article_id, codebook, code, role FROM doc_codes WHERE annotator_id = ?"
            " ORDER BY id", [me]):
        kind = {"primary": PRIMARY, "secondary": SECONDARY, "tone": TONE}[role]
        found[article_id][kind].append(Item(kind, (codebook, code)))

    for article_id, start, end, codebook, code, note in db.execute(
            'SELECT article_id, start, "end", codebook, code, note FROM span_codes'
            ' WHERE annotator_id = ? ORDER BY article_id, start, "end"', [me]):
        found[article_id][CUES].append(Item(CUES, (start, end, codebook, code), None, (note,)))

    for r in db.execute(
            "SELECT t.article_id, t.source_start, t.source_end, t.cue_start, t.cue_end,"
            " t.content_start, t.content_end, t.quote_type, t.identification, t.source_type,"
            " t.certainty, t.unnamed, e.name, e.label, t.status, t.origin FROM attributions t"
            " LEFT JOIN entities e ON e.id = t.entity_id"
            " WHERE t.annotator_id = ? AND t.status IN ('accepted', 'manual')"
            " ORDER BY t.article_id, coalesce(t.content_start, t.source_start, t.cue_start)",
            [me]):
        found[r[0]][ATTRIBUTIONS].append(make_item(ATTRIBUTIONS, {
            "source": _span(r[1], r[2]), "cue": _span(r[3], r[4]), "content": _span(r[5], r[6]),
            "quote_type": r[7], "identification": r[8], "source_type": r[9],
            "certainty": r[10], "unnamed": _unnamed(r[11]), "entity": r[12],
            "entity_label": r[13], "status": r[14], "origin": r[15]}))

    # Mentions: one JSON text per article, in the order of the (article_id, start) index
    # (ordering by "end" too made SQLite sort every row; `of` sorts each article's items).
    # Text columns are cast so that a crafted file's BLOB cannot stop json_array. The same
    # scan says which articles have corrected or deleted mentions.
    mention_rows = db.execute(
        "SELECT m.article_id, count(*) FILTER (WHERE m.status != 'deleted'),"
        " coalesce(group_concat(json_array(m.start, m.\"end\", CAST(m.label AS TEXT),"
        " CAST(coalesce(nullif(e.name, ''), m.text) AS TEXT), CAST(m.text AS TEXT),"
        " CAST(m.origin AS TEXT), CAST(m.status AS TEXT))) FILTER (WHERE m.status != 'deleted'),"
        " ''), max(m.status != 'auto'), max(m.status = 'deleted')"
        " FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
        " GROUP BY m.article_id ORDER BY m.article_id").fetchall()
    deleted: dict[int, list[Item]] = defaultdict(list)
    if any(r[4] for r in mention_rows):
        for article_id, start, end, label, text, name, origin in db.execute(
                'SELECT m.article_id, m.start, m."end", m.label, m.text, e.name, m.origin'
                " FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
                " WHERE m.status = 'deleted' ORDER BY m.article_id, m.start, m.\"end\""):
            deleted[article_id].append(Item(ENTITIES, (start, end, label, name or text), None,
                                            (text, origin, "deleted")))

    for article_id, kinds in found.items():
        uid = uid_of.get(article_id)
        if uid is None:
            continue
        works[uid].items = dict(kinds)
    for article_id, count, mentions, corrected, _ in mention_rows:
        if article_id in uid_of:
            work = works[uid_of[article_id]]
            work.entity_json, work.entity_count = mentions, count
            work.corrected_entities = bool(corrected)
    for article_id, items in deleted.items():
        if article_id in uid_of:
            works[uid_of[article_id]].deleted = items
    return works
