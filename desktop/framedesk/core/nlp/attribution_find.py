"""The attribution patterns, each over a parsed document: reporting verbs, "according to",
information handed over by someone ("information provided by two sources"), and hedges
that report without a source ("reportedly", "is said to", "it is reported that").

Quotations are linked to their speakers afterwards (attribution_quotes).
"""

from __future__ import annotations

import re
from typing import Any

from framedesk.core.nlp import attribution_lexicon as lex
from framedesk.core.nlp.attribution_rules import (
    QUOTE_TOKENS,
    Found,
    Token,
    child,
    clause_content,
    colon_content,
    contiguous,
    cue_span,
    is_reporting,
    left_clause,
    loose_that_clause,
    main_clause_without,
    sentence_clause,
    source_tokens,
    subject_of,
    subtree_range,
    token_span,
    trimmed,
)


def verb_attributions(doc: Any) -> tuple[list[Found], list[Found]]:
    """Attributions around reporting verbs. Also returns speakers: verbs with a source but
    no content of their own ('"...," she said'), for the quotation step."""
    found: list[Found] = []
    speakers: list[Found] = []
    for verb in doc:
        if not is_reporting(verb) and not (
                verb.dep_ == "acl" and lex.verb_lemma(verb) in lex.INFO_VERBS
                and child(verb, "agent") is not None):
            continue
        item = _verb_attribution(verb)
        if item is None:
            continue
        (found if item.content else speakers).append(item)
    return found, speakers


def _verb_attribution(verb: Token) -> Found | None:
    subj, how = subject_of(verb)
    tokens, kind = clause_content(verb)
    lemma = lex.verb_lemma(verb)
    certainty = ("denied" if lemma in lex.DENIAL_LEMMAS
                 else "hedged" if lemma in lex.HEDGE_CUES else "asserted")
    if how == "passive":
        return _passive(verb, tokens, kind, certainty)
    if how == "expletive":  # "it is reported that ..."
        if tokens is None:
            return None
        hedge = "hedged" if lemma in lex.HEDGE_PASSIVES else certainty
        return Found(trimmed(tokens, drop_marks=True), None, cue_span(verb), "it is reported",
                     None, verb, hedge)
    if how == "agent":
        if verb.dep_ == "acl":
            return _acl_with_agent(verb, subj)
        if verb.dep_ == "advcl" and any(c.lower_ == "as" for c in verb.children):
            # "..., as noted by these officials": the sentence around it is the content.
            tokens, kind = main_clause_without(verb.sent.root, verb), "as-clause"
        elif tokens is None and child(verb, "nsubjpass") is not None:
            tokens, kind = subtree_range(child(verb, "nsubjpass")), "passive subject"
    if subj is None:
        return None
    if tokens is None and how == "active":
        loose = loose_that_clause(verb) or left_clause(verb, subj)
        if loose:
            tokens, kind = loose, "loose clause"
    if tokens is None and _parenthetical(verb, subj):
        # "Acts of protest, Mr. Obama said, are acts of patriotism": the sentence around the
        # aside is the content, source and cue sitting inside it.
        tokens, kind = subtree_range(verb.head), "parenthetical"
    if tokens is None and _inverted_report(verb, subj):
        # "X voted to strike, the union said": the clause the verb hangs on is the content.
        tokens, kind = main_clause_without(verb.head, verb), "inverted"
    if subj.lower_ in ("who", "which", "that") and subj.tag_ in ("WP", "WDT"):
        if verb.dep_ != "relcl":
            return None
        subj = verb.head  # "the Auto Club, which said ...": the antecedent speaks
        source = trimmed(source_tokens(subj))
    else:
        source = trimmed(source_tokens(subj, verb))
    content = trimmed(tokens, drop_marks=True) if tokens else None
    if (content is not None and source is not None and _overlap(content, source)
            and kind != "parenthetical"):
        content = None  # the parse hung the source inside the clause: leave it to quotes
    if content is None and source is None:
        return None
    item = Found(content, source, cue_span(verb), kind or "verb", subj, verb, certainty)
    via = _told_outlet(verb)
    if via:
        item.extra["via"] = via
    return item


def _passive(verb: Token, tokens: list[Token] | None, kind: str,
             certainty: str) -> Found | None:
    """A passive reporting verb without "by ...": "X is said to ..." (hearsay), "staff were
    told in an email that ..." (a document speaks), or a report nobody is named for."""
    if lex.verb_lemma(verb) in lex.HEDGE_PASSIVES and child(verb, "xcomp") is not None:
        return Found(trimmed(sentence_clause(verb)), None, cue_span(verb), "hedged passive",
                     None, verb, "hedged")
    if verb.dep_ == "acl" or tokens is None:
        return None  # "the gifts were declared": nobody is reported as saying anything
    document = _document_in(verb)
    source = trimmed(source_tokens(document)) if document is not None else None
    return Found(trimmed(tokens, drop_marks=True), source, cue_span(verb), kind, document,
                 verb, certainty)


def _acl_with_agent(verb: Token, agent_obj: Token) -> Found | None:
    """"concerns expressed by officials", "information provided by two US sources",
    "the picture outlined by NBC: ..."."""
    noun = verb.head
    lemma = lex.verb_lemma(verb)
    if noun.lower_ not in lex.INFO_NOUNS and not is_reporting(verb):
        return None
    if lemma not in lex.INFO_VERBS and not is_reporting(verb):
        return None
    after_colon = colon_content(verb)
    if after_colon:
        content = trimmed(after_colon)
    else:
        # "news and information provided by ...": the noun phrase without the participle.
        first = noun.head if noun.dep_ == "conj" else noun
        content = trimmed(contiguous(subtree_range(first, [verb])))
    source = trimmed(source_tokens(agent_obj))
    return Found(content, source, cue_span(verb), "noun + agent", agent_obj, verb)


def _inverted_report(verb: Token, subj: Token) -> bool:
    """"X, the union said" / "X, said one official": the verb follows the clause it reports,
    after a comma or a closing quote, and is not itself inside someone's reported clause."""
    if verb.dep_ not in ("parataxis", "ccomp", "advcl", "conj") or verb.head.i >= verb.i:
        return False
    if verb.head.pos_ not in ("VERB", "AUX") or is_reporting(verb.head):
        return False
    first = min(subj.left_edge.i, verb.i)
    if first == 0:
        return False
    before = verb.doc[first - 1]
    return before.text == "," or before.text in "\"”’'"


def _parenthetical(verb: Token, subj: Token) -> bool:
    """"X, Mr. Clarke said, Y": subject and verb set off by commas inside the clause they
    report, which goes on after them."""
    if verb.dep_ not in ("parataxis", "advcl", "ccomp") or verb.head.i <= verb.i:
        return False
    if verb.head.pos_ not in ("VERB", "AUX") or subj.i > verb.i:
        return False
    doc = verb.doc
    first, last = min(subj.left_edge.i, verb.i), max(t.i for t in verb.subtree)
    if first == 0 or last + 1 >= len(doc):
        return False
    before, after = doc[first - 1], doc[last]
    if after.text != ",":
        after = doc[last + 1]
    return before.text == "," and after.text == "," and verb.head.left_edge.i < first


def _document_in(verb: Token) -> Token | None:
    """"in a statement", "in an internal email": a document as the source of a passive."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "by"):
            p = child(c, "pobj")
            if p is not None and p.lemma_.lower() in lex.SOURCE_TYPE_NOUNS["document_data"]:
                return p
    return None


def _told_outlet(verb: Token) -> str | None:
    """"X told Reuters": the outlet that relayed the source (secondary sourcing)."""
    if lex.verb_lemma(verb) not in ("tell", "say"):
        return None
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "pobj") and lex.is_outlet(_phrase(c)):
            return _phrase(c)
        if c.dep_ == "prep" and c.lower_ == "to":
            p = child(c, "pobj")
            if p is not None and lex.is_outlet(_phrase(p)):
                return _phrase(p)
    return None


def _phrase(token: Token) -> str:
    toks = [t for t in token.subtree if t.dep_ != "det"]
    return " ".join(t.text for t in toks)


def headline_speakers(doc: Any) -> list[Found]:
    """"Spy agency chief: foreign hackers target water utilities" - a line that opens with
    a speaker's noun phrase and a colon."""
    out = []
    for sent in doc.sents:
        colon = next((t for t in sent if t.text == ":"), None)
        if colon is None or colon.i == sent.start:
            continue
        before = [t for t in sent if t.i < colon.i and not t.is_space]
        after = [t for t in sent if t.i > colon.i]
        if not before or not after or any(t.pos_ in ("VERB", "AUX") for t in before):
            continue
        if before[0].text in QUOTE_TOKENS:
            before = before[1:]  # a transcript line: '"WALLACE: Let's start with ...'
        if not before:
            continue
        head = next((t for t in before if t.head.i == t.i or t.head.i >= colon.i
                     or t.head.i < before[0].i), before[-1])
        is_speaker = (head.lower_ in lex.SPEAKER_ROLE_NOUNS or head.ent_type_ in
                      ("PERSON", "ORG") or _speaker_name(before))
        line_start = before[0].i == sent.start or doc[before[0].i - 1].text in QUOTE_TOKENS
        if not is_speaker or len(before) > 6 or not line_start:
            continue
        out.append(Found(trimmed(after), trimmed(before), token_span(colon, colon),
                         "speaker + colon", head, colon))
    return out


def _speaker_name(tokens: list[Token]) -> bool:
    """"Pence: ...", "WALLACE: ...": a short proper name or a speaker label in capitals."""
    words = [t for t in tokens if not t.is_punct]
    if not words or words[0].lower_ in HEADLINE_LABELS or words[0].lower_ in ("the", "a", "an"):
        return False
    if len(words) <= 3 and all(t.pos_ == "PROPN" or (t.is_upper and len(t.text) > 1)
                               for t in words):
        return True
    # Headlines capitalise every word and the tagger takes a lone name for a noun
    # ("Sanders: ...", "Politifact: ...", "Poll: ...").
    return len(words) <= 2 and all(t.text[:1].isupper() and t.is_alpha for t in words)


# Words that open a headline before a colon without being anyone's name.
HEADLINE_LABELS = frozenset({
    "latest", "exclusive", "breaking", "update", "updated", "watch", "analysis", "opinion",
    "editorial", "review", "live", "video", "photos", "explainer", "factbox", "timeline",
    "q&a", "interview", "correction", "editor", "note", "warning", "rewind", "flashback"})


# '"The most unqualified child to ever run for president." ― Francisco Herrero': a quote
# signed with a dash and a name, one per line (readers' comments, epigraphs).
_SIGNED_QUOTE = re.compile(r"^[ \t\xa0]*([“\"].+[”\"])[ \t\xa0]*([―—]|--)[ \t\xa0]*"
                           r"([^\n―—]{2,60}?)[ \t\xa0.]*$", re.MULTILINE)


def signed_quotes(doc: Any) -> list[Found]:
    out = []
    for m in _SIGNED_QUOTE.finditer(doc.text):
        source = doc.char_span(m.start(3), m.end(3), alignment_mode="expand")
        if source is None or not any(t.pos_ == "PROPN" for t in source):
            continue
        dash = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        out.append(Found((m.start(1), m.end(1)), (m.start(3), m.end(3)), (m.start(2), m.end(2)),
                         "signed quote", source.root, dash[0] if dash else None))
    return out


def according_to(doc: Any) -> list[Found]:
    out = []
    for tok in doc:
        if tok.lower_ != "according":
            continue
        to = child(tok, "prep")
        if to is None or to.lower_ != "to":
            continue
        pobj = child(to, "pobj")
        if pobj is None:
            continue
        head = tok.head if tok.head.i != tok.i else None
        if head is None:
            continue
        content_tokens = main_clause_without(head, tok)
        source = trimmed(source_tokens(pobj))
        out.append(Found(trimmed(content_tokens, drop_marks=True), source,
                         token_span(tok, to), "according to", pobj, tok))
    return out


def hedges(doc: Any) -> list[Found]:
    """Reporting without a source: "reportedly", "allegedly", and the reportive conditional
    "would have + participle" (common in translated news). Merged later with any sourced
    attribution of the same sentence."""
    out = []
    for tok in doc:
        if tok.lower_ in lex.HEDGE_ADVERBS and tok.dep_ == "advmod":
            clause = contiguous([t for t in tok.sent if not t.is_space])
            out.append(Found(trimmed(clause), None, token_span(tok, tok), "hedge adverb",
                             None, tok, "hedged"))
        elif tok.lower_ == "would" and tok.dep_ == "aux":
            have = tok.nbor(1) if tok.i + 1 < len(doc) else None
            verb = tok.head
            if (have is not None and have.lower_ == "have" and verb.tag_ == "VBN"
                    and verb.dep_ == "ROOT" and have.head.i == verb.i
                    and not any(t.lower_ == "if" for t in tok.sent)):
                out.append(Found(trimmed(list(tok.sent)), None, token_span(tok, have),
                                 "reportive conditional", None, tok, "hedged"))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
