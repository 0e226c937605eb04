"""Deciding one difference at a time into the gold file, with one log row per decision.

The gold file's items of a kind are rewritten as: what it held before, minus every coder's
version of the difference (and what an earlier decision on it wrote), plus the items every
coder agrees on, plus the decided items. So deciding one cue leaves the other cues alone,
and the first decision on an article of a new gold file brings the agreed items in too.
Model mentions the adjudicator leaves out are kept as 'deleted' markers, so a later entity
run does not bring them back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from framedesk.core.review.compare import KindDiff
from framedesk.core.review.items import Difference, decided_items, differences, item_spans
from framedesk.core.review.log import add_entry, decisions_by_item
from framedesk.core.review.work import (
    ATTRIBUTIONS,
    CUES,
    ENTITIES,
    PRIMARY,
    SECONDARY,
    SINGLE_VALUED,
    TONE,
    Item,
    make_item,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from framedesk.core.review.merge import GoldFile

_ROLES = {PRIMARY: "primary", SECONDARY: "secondary", TONE: "tone"}


def kind_diff(gold: GoldFile, uid: str, kind: str) -> KindDiff:
    article = gold.session.comparison.article(uid)
    if article is None:
        raise ValueError(f"article {uid} was not coded by two coders")
    return article.kinds[kind]


def resolve_difference(gold: GoldFile, uid: str, difference: Difference, decision: str, *,
                       coder: str | None = None, items: Sequence[Item] = (),
                       note: str = "") -> list[Item]:
    """Decide one difference (one transaction, one log row). Returns what the gold file
    now holds for it."""
    diff = kind_diff(gold, uid, difference.kind)
    with gold.project.atomic() as db:
        return _decide(gold, db, uid, diff, difference, decision, coder, items, note)


def resolve_all(gold: GoldFile, uid: str, kind: str, decision: str, *,
                coder: str | None = None, note: str = "") -> list[Item]:
    """Decide every difference of `kind` on the article the same way (one transaction, a
    log row per difference). Returns the decided items."""
    if decision == "both" and kind in SINGLE_VALUED:
        raise ValueError(f"{kind} holds one value: take one version or edit")
    diff = kind_diff(gold, uid, kind)
    out: list[Item] = []
    with gold.project.atomic() as db:
        for difference in differences(diff):
            out += _decide(gold, db, uid, diff, difference, decision, coder, (), note)
    return out


def _decide(gold: GoldFile, db: Database, uid: str, diff: KindDiff, difference: Difference,
            decision: str, coder: str | None, items: Sequence[Item], note: str) -> list[Item]:
    kind = difference.kind
    if decision == "both" and kind in SINGLE_VALUED:
        raise ValueError(f"{kind} holds one value: take one version or edit")
    if kind in SINGLE_VALUED and len(items) > 1:
        raise ValueError(f"{kind} holds one value")
    mine = gold.session.coders[0]
    if decision == "mine" and coder is None:
        coder = mine
    result, chosen_from = decided_items(difference.versions, decision, mine=mine,
                                        coder=coder, items=items)
    article_id = gold.article_id(uid)
    earlier = decisions_by_item(gold.project, uid).get((kind, difference.label))
    leave = difference.keys()
    if earlier is not None:
        leave |= {make_item(kind, d).key for d in earlier.result}
    current, markers = gold_items(gold, article_id, kind)
    kept = [i for i in current if i.key not in leave]
    have = {i.key for i in kept}
    # The agreed items, unless the difference itself covers them (a whole-kind edit).
    for i in [*(a for a in diff.agreed if a.key not in difference.keys()), *result]:
        if i.key not in have:
            have.add(i.key)
            kept.append(i)
    deleted: list[Item] = []
    if kind == ENTITIES:
        dropped = [i for v in difference.versions.values() for i in v
                   if i.key not in have and i.data.get("status") == "auto"]
        deleted = _markers([*markers, *dropped], kept)
    gold.write(article_id, kind, kept, deleted=deleted)
    # The log's CHECK knows no 'neither': it is an edit to nothing, which says the same.
    add_entry(db, article_uid=uid, article_id=article_id, kind=kind,
              versions=difference.versions, decision="edited" if decision == "neither"
              else decision, chosen_from=chosen_from, result=result, annotator=gold.who,
              note=note, item=difference.label)
    return result


def _markers(candidates: Sequence[Item], kept: Sequence[Item]) -> list[Item]:
    """Deleted markers that do not sit on a kept mention (an entity run drops a new mention
    overlapping a marker, so a marker under a kept model mention would lose it on re-run)."""
    out, seen = [], set()
    for m in candidates:
        (s, e), = item_spans(m)
        if m.key in seen or any(ks < e and s < ke for k in kept for ks, ke in item_spans(k)):
            continue
        seen.add(m.key)
        out.append(m)
    return out


def gold_items(gold: GoldFile, article_id: int, kind: str) -> tuple[list[Item], list[Item]]:
    """The gold file's items of `kind` on the article (the adjudicator's coding; for
    entities every mention) and, for entities, its 'deleted' markers."""
    db = gold.project.db
    me = gold.project.annotator_id
    if kind in _ROLES:
        return [make_item(kind, {"codebook": b, "code": c}) for b, c in db.execute(
            "SELECT codebook, code FROM doc_codes WHERE article_id = ? AND annotator_id = ?"
            " AND role = ? ORDER BY id", [article_id, me, _ROLES[kind]])], []
    if kind == CUES:
        return [make_item(CUES, {"start": s, "end": e, "codebook": b, "code": c, "note": n})
                for s, e, b, c, n in db.execute(
                    'SELECT start, "end", codebook, code, note FROM span_codes'
                    ' WHERE article_id = ? AND annotator_id = ? ORDER BY start, "end"',
                    [article_id, me])], []
    if kind == ATTRIBUTIONS:
        return [make_item(ATTRIBUTIONS, {
            "source": _pair(r[0], r[1]), "cue": _pair(r[2], r[3]), "content": _pair(r[4], r[5]),
            "quote_type": r[6], "identification": r[7], "source_type": r[8], "certainty": r[9],
            "unnamed": json.loads(r[10] or "{}"), "entity": r[11], "entity_label": r[12],
            "status": r[13], "origin": r[14]}) for r in db.execute(
                "SELECT t.source_start, t.source_end, t.cue_start, t.cue_end, t.content_start,"
                " t.content_end, t.quote_type, t.identification, t.source_type, t.certainty,"
                " t.unnamed, e.name, e.label, t.status, t.origin FROM attributions t"
                " LEFT JOIN entities e ON e.id = t.entity_id WHERE t.article_id = ?"
                " AND t.annotator_id = ? AND t.status IN ('accepted', 'manual') ORDER BY t.id",
                [article_id, me])], []
    if kind == ENTITIES:
        live, markers = [], []
        for s, e, label, text, name, origin, status in db.execute(
                'SELECT m.start, m."end", m.label, m.text, e.name, m.origin, m.status'
                " FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
                ' WHERE m.article_id = ? ORDER BY m.start, m."end"', [article_id]):
            item = make_item(ENTITIES, {"start": s, "end": e, "label": label, "text": text,
                                        "canonical": name or text, "origin": origin,
                                        "status": status})
            (markers if status == "deleted" else live).append(item)
        return live, markers
    raise ValueError(kind)


def _pair(a: int | None, b: int | None) -> tuple[int, int] | None:
    return (a, b) if a is not None and b is not None else None
