"""Attributions carried by a noun rather than a verb: "Trump's plan to repeal Obamacare",
"his claim that the election is rigged", "criticism of the deal from Republicans",
"growing concerns that Europe depends on the United States".

The noun is the cue; what its clause or its preposition introduces is the content; the
possessive ("his", "Trump's") or a "by"/"from" phrase is the source. Without a clause the
noun must have a source, so that "the plan for taxes" alone suggests nothing.
"""

from __future__ import annotations

from typing import Any

from framedesk.core.nlp.attribution_rules import (
    Found,
    Token,
    child,
    source_tokens,
    subtree_range,
    token_span,
    trimmed,
)

# Nouns of saying, thinking and intending (lemmas). Kept here rather than in the lexicon
# module because only this rule reads them.
NOMINAL_CUES = frozenset({
    "plan", "proposal", "claim", "charge", "accusation", "allegation", "criticism", "call",
    "demand", "request", "question", "concern", "fear", "worry", "hope", "belief", "view",
    "idea", "theory", "conclusion", "decision", "determination", "refusal", "threat",
    "promise", "pledge", "vow", "warning", "statement", "comment", "remark", "rhetoric",
    "argument", "assertion", "insistence", "emphasis", "acknowledgment", "acknowledgement",
    "admission", "denial", "suggestion", "recognition", "expectation", "commitment",
    "reluctance", "push", "opposition", "endorsement", "attack", "message", "answer",
    "response", "reaction", "announcement", "suspicion", "doubt", "advice", "assessment",
    "prediction", "forecast", "complaint", "objection", "insult", "disdain", "admiration",
    "adulation", "obsession", "speculation", "notion", "insinuation", "assurance",
    "contention", "pitch", "appeal", "plea", "praise", "skepticism", "scepticism",
    "intention", "desire", "wish", "goal", "vision", "position", "stance"})
# Prepositions whose object says what the noun is about ("criticism of", "call for").
TOPIC_PREPS = frozenset({"of", "for", "about", "on", "over", "against", "to", "with"})
SOURCE_PREPS = frozenset({"by", "from", "among"})


def nominal_attributions(doc: Any) -> list[Found]:
    out = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOMINAL_CUES:
            continue
        item = _nominal(noun)
        if item is not None:
            out.append(item)
    return out


def _nominal(noun: Token) -> Found | None:
    content, kind = _clause(noun)
    source_head = _source(noun)
    if content is None:
        if source_head is None:
            return None
        content, kind = _topic(noun)
        if content is None:
            return None
    source = trimmed(source_tokens(source_head)) if source_head is not None else None
    span = trimmed(content, drop_marks=True)
    if span is None or (source is not None and source[0] < span[1] and span[0] < source[1]):
        return None
    return Found(span, source, token_span(noun, noun), f"noun cue ({kind})", source_head,
                 noun)


def _clause(noun: Token) -> tuple[list[Token] | None, str]:
    """"claim that X" (the clause, with its "that"), "plan to X" (the infinitive)."""
    for c in noun.children:
        if c.i < noun.i or c.dep_ not in ("acl", "ccomp", "relcl", "appos"):
            continue
        marks = {m.lower_ for m in c.children if m.dep_ in ("mark", "aux")}
        if "that" in marks or ("to" in marks and c.dep_ == "acl"):
            return subtree_range(c), "clause"
    return None, ""


def _topic(noun: Token) -> tuple[list[Token] | None, str]:
    for c in sorted(noun.children, key=lambda t: t.i):
        if c.dep_ == "prep" and c.i > noun.i and c.lower_ in TOPIC_PREPS:
            obj = child(c, "pobj", "pcomp")
            if obj is not None:
                return subtree_range(obj), "topic"
    return None, ""


def _source(noun: Token) -> Token | None:
    """"his plan", "Trump's plan", "criticism from Republicans", "a call by the union"."""
    poss = child(noun, "poss")
    if poss is not None:
        return poss
    for c in noun.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in SOURCE_PREPS and c.i > noun.i:
            obj = child(c, "pobj")
            if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in (
                    "PERSON", "ORG", "NORP", "GPE")):
                return obj
    return None
