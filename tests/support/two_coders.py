"""A project in which two analysts coded the same articles differently, and a snapshot of
each analyst's work that a round trip through any format must give back (issue 16, item 7).

Ana and Ben disagree on every document code (primary frame, tone) and each has cues, a memo
and an attribution of their own; a model found one entity, Ana marked another by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from framedesk.core.commands import AddCue, MakePrimary, SetMemo, SetTone, ToggleFrame
from framedesk.core.model import ArticleDraft, Mention, Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution

TEXTS = [
    "Angela Merkel told reporters in Berlin that the border would stay open, officials said.",
    "Kyiv replied on Monday. \u201cWe will not retreat,\u201d the mayor said of the war.",
]


def two_coder_project(path: Path) -> Project:
    p = Project.create(path, annotator="Ana")
    ids = [aid for aid, _ in p.articles.add_many([ArticleDraft(text=t, title=f"Story {i}")
                                                  for i, t in enumerate(TEXTS)])]
    first, second = ids
    t0 = TEXTS[0]
    p.entities.insert_model_mentions(
        [Mention(None, first, 0, 13, "PERSON", "Angela Merkel")], "spacy:en_core_web_sm@3.8.0")
    p.entities.add_manual(first, t0.index("Berlin"), t0.index("Berlin") + 6, "GPE")
    for who, primary, secondary, tone, memo in (
            ("Ana", "security", "political", "neutral", "Check the date & <source>"),
            ("Ben", "economic", None, "implicit_pro", "Ben's note")):
        p.annotator = who
        for aid in ids:
            MakePrimary(p, aid, "policy_frames", primary).do()
            if secondary:
                ToggleFrame(p, aid, "policy_frames", secondary).do()
            SetTone(p, aid, tone).do()
            SetMemo(p, aid, f"{memo} ({aid})").do()
        word = "border" if who == "Ana" else "officials"
        start = t0.index(word)
        if who == "Ana":   # a cue with a note
            p.coding.add_cue(first, start, start + len(word), "policy_frames", primary,
                             note="the open border")
        else:
            AddCue(p, first, start, start + len(word), "policy_frames", primary).do()
    p.annotator = "Ana"
    quote = t0.index("the border")
    p.attributions.add(Attribution(first, source=Span(0, 13), cue=Span(14, 18),
                                   content=Span(quote, t0.index(", officials")),
                                   quote_type="indirect"))
    p.annotator = "Ben"
    t1 = TEXTS[1]
    p.attributions.add(Attribution(second, source=Span(t1.index("the mayor"),
                                                       t1.index(" said")),
                                   cue=Span(t1.index("said"), t1.index("said") + 4),
                                   content=Span(t1.index("We"), t1.index("retreat") + 7)))
    p.annotator = "Ana"
    return p


def coding_by_analyst(p: Project) -> dict[str, Any]:
    """Each analyst's work per article text, as an analyst would compare it."""
    out: dict[str, Any] = {}
    for aid in p.articles.ids():
        text = p.articles.get(aid).text
        for who in ("Ana", "Ben"):
            frames = sorted((f.code, f.primary) for f in p.coding.frames(aid, who))
            cues = sorted((text[c.start:c.end], c.code, c.note or None)
                          for c in p.coding.cues(aid, who))
            attributions = sorted(
                (text[t.content.start:t.content.end] if t.content else "",
                 text[t.source.start:t.source.end] if t.source else "")
                for t in p.attributions.list(aid) if t.annotator == who)
            out[f"{text[:20]}|{who}"] = {
                "frames": frames, "tone": p.coding.tone(aid, who), "cues": cues,
                "memo": p.coding.memo(aid, who), "attributions": attributions}
    return out


def all_tones(p: Project) -> list[str]:
    return [code for (code,) in p.db.execute("SELECT code FROM doc_codes WHERE role = 'tone'")]


def analysts_with_work(p: Project) -> set[str]:
    return {name for (name,) in p.db.execute(
        "SELECT DISTINCT n.name FROM annotators n WHERE n.id IN"
        " (SELECT annotator_id FROM doc_codes UNION SELECT annotator_id FROM span_codes)")}
