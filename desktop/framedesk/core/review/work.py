"""One coder's work in one file, read in a few bulk queries and keyed by article uid.

Per-article store calls would cost tens of thousands of queries for a large project; here
each kind of annotation is one query, so comparing two 10,000-article files stays quick.
Every annotation becomes an `Item` whose `key` says what must be equal for two coders to
agree, and whose `data` holds what a gold file needs to write it again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Item:
    """One annotation of one coder. Equal keys mean the coders agree on it."""

    kind: str
    key: tuple
    text: str = field(compare=False)                  # short plain description
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(slots=True)
class ArticleWork:
    uid: str
    title: str
    status: str
    items: dict[str, list[Item]] = field(default_factory=dict)
    corrected_entities: bool = False

    @property
    def coded(self) -> bool:
        """Did this coder work on the article? (Model mentions alone are not work.)"""
        return (self.status == "done" or self.corrected_entities
                or any(self.items.get(k) for k in KINDS if k != ENTITIES))

    def of(self, kind: str) -> list[Item]:
        return self.items.get(kind, [])


def _span(a: int | None, b: int | None) -> tuple[int, int] | None:
    return (a, b) if a is not None and b is not None else None


def _where(span: tuple[int, int] | None) -> str:
    return f"{span[0]}-{span[1]}" if span else "-"


def make_item(kind: str, data: dict[str, Any]) -> Item:
    """An item from its data (as read from a file, or as an adjudicator edited it); the
    key is derived here so items from files and from edits compare alike."""
    if kind in (PRIMARY, SECONDARY, TONE):
        return Item(kind, (data["codebook"], data["code"]), data["code"], data)
    if kind == CUES:
        start, end = data["start"], data["end"]
        return Item(kind, (start, end, data["codebook"], data["code"]),
                    f"{data['code']} {start}-{end}", data)
    if kind == ENTITIES:
        start, end, label = data["start"], data["end"], data["label"]
        canonical = data.get("canonical") or data.get("text", "")
        return Item(kind, (start, end, label, canonical), f"{label} {canonical} {start}-{end}",
                    data)
    if kind == ATTRIBUTIONS:
        spans = [tuple(data[p]) if data.get(p) else None for p in SPAN_PARTS]
        data = data | dict(zip(SPAN_PARTS, spans))
        attrs = [data.get(a) for a in ("quote_type", "identification", "source_type",
                                       "certainty", "entity")]
        unnamed = json.dumps(data.get("unnamed") or {}, sort_keys=True)
        text = (" ".join(f"{p} {_where(s)}" for p, s in zip(SPAN_PARTS, spans))
                + f" {data.get('identification') or '?'}/{data.get('source_type') or '?'}")
        return Item(kind, (*spans, *attrs, unnamed), text, data)
    raise ValueError(kind)


def load_work(review: ReviewFile) -> dict[str, ArticleWork]:
    """Everything `review.coder` did in the file, by article uid (every article is present)."""
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
        found[article_id][kind].append(make_item(kind, {"codebook": codebook, "code": code}))

    for article_id, start, end, codebook, code, note in db.execute(
            'SELECT article_id, start, "end", codebook, code, note FROM span_codes'
            " WHERE annotator_id = ?", [me]):
        found[article_id][CUES].append(make_item(CUES, {
            "start": start, "end": end, "codebook": codebook, "code": code, "note": note}))

    for r in db.execute(
            "SELECT t.article_id, t.source_start, t.source_end, t.cue_start, t.cue_end,"
            " t.content_start, t.content_end, t.quote_type, t.identification, t.source_type,"
            " t.certainty, t.unnamed, e.name, e.label, t.status, t.origin FROM attributions t"
            " LEFT JOIN entities e ON e.id = t.entity_id"
            " WHERE t.annotator_id = ? AND t.status IN ('accepted', 'manual')", [me]):
        found[r[0]][ATTRIBUTIONS].append(make_item(ATTRIBUTIONS, {
            "source": _span(r[1], r[2]), "cue": _span(r[3], r[4]), "content": _span(r[5], r[6]),
            "quote_type": r[7], "identification": r[8], "source_type": r[9],
            "certainty": r[10], "unnamed": json.loads(r[11] or "{}"), "entity": r[12],
            "entity_label": r[13], "status": r[14], "origin": r[15]}))

    for article_id, start, end, label, text, name, origin, status in db.execute(
            'SELECT m.article_id, m.start, m."end", m.label, m.text, e.name, m.origin, m.status'
            " FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
            " WHERE m.status != 'deleted'"):
        found[article_id][ENTITIES].append(make_item(ENTITIES, {
            "start": start, "end": end, "label": label, "text": text,
            "canonical": name or text, "origin": origin, "status": status}))
    corrected = {r[0] for r in db.execute(
        "SELECT DISTINCT article_id FROM mentions WHERE status != 'auto'")}

    for article_id, kinds in found.items():
        uid = uid_of.get(article_id)
        if uid is None:
            continue
        works[uid].items = {k: sorted(v, key=lambda i: repr(i.key)) for k, v in kinds.items()}
    for article_id in corrected:
        if article_id in uid_of:
            works[uid_of[article_id]].corrected_entities = True
    return works
