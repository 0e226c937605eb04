"""What of each annotation kind survives a round trip: the inventory of a project, kind by
kind, and the comparison of two inventories as "kept", "lost" or "k/n" (used by the
round-trip tests and by tests/benchmarks/bench_peer_servers.py, so docs/round-trip.md
reports one measure).

Items are compared without their analyst (a format that loses coders still keeps the codes
it carries); "coders" counts, of the coded items that come back at all, those that come
back under the same analyst's name.
An item the round trip adds that the original never had (a joined code such as
`neutral;implicit_pro`, a span moved onto the wrong characters) is reported as "+n wrong".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from framedesk.core.store import Project

KINDS = ("entities", "frames", "tone", "cues", "attributions", "notes", "coders")
CODED = ("frames", "tone", "cues", "attributions", "notes")


def inventory(p: Project) -> dict[str, Counter]:
    """kind -> Counter of (analyst, item) (analyst None for entities: a shared layer)."""
    out: dict[str, Counter] = {k: Counter() for k in KINDS if k != "coders"}
    db = p.db
    texts = dict(db.execute("SELECT id, text FROM articles"))
    for aid, start, end, label in db.execute(
            "SELECT article_id, start, \"end\", label FROM mentions WHERE status != 'deleted'"):
        out["entities"][(None, (texts[aid], texts[aid][start:end], start, end, label))] += 1
    for aid, code, role, who in db.execute(
            "SELECT d.article_id, d.code, d.role, n.name FROM doc_codes d JOIN annotators n"
            " ON n.id = d.annotator_id"):
        kind = "tone" if role == "tone" else "frames"
        out[kind][(who, (texts[aid], code, role))] += 1
    for aid, start, end, code, note, who in db.execute(
            "SELECT s.article_id, s.start, s.\"end\", s.code, s.note, n.name FROM span_codes s"
            " JOIN annotators n ON n.id = s.annotator_id"):
        out["cues"][(who, (texts[aid], texts[aid][start:end], code))] += 1
        if note:
            out["notes"][(who, (texts[aid], "cue", texts[aid][start:end], note))] += 1
    for row in db.execute(
            "SELECT t.article_id, t.source_start, t.source_end, t.cue_start, t.cue_end,"
            " t.content_start, t.content_end, t.quote_type, n.name FROM attributions t"
            " LEFT JOIN annotators n ON n.id = t.annotator_id WHERE t.status != 'rejected'"):
        aid, s0, s1, c0, c1, q0, q1, quote_type, who = row
        text = texts[aid]
        part = (lambda a, b: text[a:b] if a is not None else None)
        out["attributions"][(who, (text, part(s0, s1), part(c0, c1), part(q0, q1),
                                   quote_type))] += 1
    for aid, text, who in db.execute("SELECT m.article_id, m.text, n.name FROM memos m"
                                     " JOIN annotators n ON n.id = m.annotator_id"):
        out["notes"][(who, (texts[aid], "memo", text))] += 1
    return out


def _verdict(kept: int, total: int, wrong: int) -> str:
    if total == 0:
        verdict = "-"
    elif kept == total:
        verdict = "kept"
    elif kept == 0:
        verdict = "lost"
    else:
        verdict = f"{kept}/{total}"
    return verdict + (f" +{wrong} wrong" if wrong else "")


def compare(before: dict[str, Counter], after: dict[str, Counter]) -> dict[str, str]:
    """kind -> verdict of `after` (the round trip) against `before` (the original)."""
    out: dict[str, str] = {}
    for kind in KINDS:
        if kind == "coders":
            continue
        items_before = Counter(item for (_, item), n in before[kind].items() for _ in range(n))
        items_after = Counter(item for (_, item), n in after[kind].items() for _ in range(n))
        note = ""
        if kind == "attributions":   # the spans decide; a lost quote type is said apart
            exact = sum((items_before & items_after).values())
            items_before = Counter({k[:-1]: n for k, n in items_before.items()})
            items_after = Counter({k[:-1]: n for k, n in items_after.items()})
            if exact < sum((items_before & items_after).values()):
                note = " (quote type lost)"
        kept = sum((items_before & items_after).values())
        wrong = sum((items_after - items_before).values())
        out[kind] = _verdict(kept, sum(items_before.values()), wrong) + note
    returned = named = 0
    for kind in CODED:   # of the coded items that came back, how many under their analyst
        cut = (lambda item: item[:-1]) if kind == "attributions" else (lambda item: item)
        by_who = [Counter(), Counter()]
        anyone = [Counter(), Counter()]
        for i, side in enumerate((before, after)):
            for (who, item), n in side[kind].items():
                by_who[i][(who, cut(item))] += n
                anyone[i][cut(item)] += n
        returned += sum((anyone[0] & anyone[1]).values())
        named += sum((by_who[0] & by_who[1]).values())
    out["coders"] = _verdict(named, returned, 0)
    return out


def table(rows: list[tuple[str, dict[str, str]]]) -> str:
    """A Markdown table: one row per format (or path), one column per kind."""
    lines = ["| format | " + " | ".join(KINDS) + " |",
             "|---|" + "---|" * len(KINDS)]
    lines += [f"| {name} | " + " | ".join(result.get(k, "?") for k in KINDS) + " |"
              for name, result in rows]
    return "\n".join(lines)


def summary_of(result: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in result.items())
