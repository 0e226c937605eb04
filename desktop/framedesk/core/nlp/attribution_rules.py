"""The grammar of attribution over a spaCy parse: which words are the source, the cue and
the content. Attributes (named or not, source type, ...) are filled later, in
attribution_attributes; quotations are linked to speakers in attribution_quotes.

Every rule works on dependency relations, not on word positions, so the same rule covers
"officials said that X", "X, officials said" and "X, said one official".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from framedesk.core.nlp import attribution_lexicon as lex

Token = Any  # spacy.tokens.Token (spaCy is imported lazily by the caller)
CharSpan = tuple[int, int]

QUOTE_CHARS = "\"“”„«»"
QUOTE_TOKENS = frozenset(QUOTE_CHARS) | {"''", "``"}
EXPLETIVES = {"it", "there"}


@dataclass(slots=True, eq=False)
class Found:
    """One attribution as the rules see it: character spans plus what the attribute step
    needs (the source's head word, the cue verb)."""

    content: CharSpan | None
    source: CharSpan | None = None
    cue: CharSpan | None = None
    rule: str = ""
    source_head: Token | None = None
    cue_token: Token | None = None
    certainty: str = "asserted"
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- spans of tokens
def token_span(first: Token, last: Token) -> CharSpan:
    return first.idx, last.idx + len(last.text)


def _is_trim(token: Token, drop_marks: bool) -> bool:
    if token.is_punct and token.text not in QUOTE_TOKENS:
        return True
    if token.is_space:
        return True
    # The complementiser stays: "said that X" has the content "that X", as annotated news
    # corpora (PolNeAR) mark it; a leading conjunction is not part of what was said.
    if drop_marks and token.dep_ in ("mark", "cc") and token.lower_ in ("and", "but"):
        return True
    return False


def trimmed(tokens: Iterable[Token], drop_marks: bool = False) -> CharSpan | None:
    """The character span of consecutive tokens without the punctuation (and, for clauses,
    the complementiser "that") at either end."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and _is_trim(toks[0], drop_marks):
        toks.pop(0)
    while toks and (_is_trim(toks[-1], False) or toks[-1].dep_ == "cc"):
        toks.pop()
    if not toks:
        return None
    # A quote mark left at only one end belongs to a quotation outside the span.
    if toks[0].text in QUOTE_TOKENS and not any(t.text in QUOTE_TOKENS for t in toks[1:]):
        toks.pop(0)
    if toks and toks[-1].text in QUOTE_TOKENS and not any(t.text in QUOTE_TOKENS for t in toks[:-1]):
        toks.pop()
    return token_span(toks[0], toks[-1]) if toks else None


def subtree_range(token: Token, without: Iterable[Token] = ()) -> list[Token]:
    skip = {t.i for w in without for t in w.subtree}
    # Sorted: a non-projective parse yields a subtree out of text order.
    return sorted((t for t in token.subtree if t.i not in skip), key=lambda t: t.i)


def contiguous(tokens: list[Token]) -> list[Token]:
    """The longest run of consecutive tokens (clauses with a hole keep their larger part)."""
    if not tokens:
        return tokens
    tokens = sorted(tokens, key=lambda t: t.i)
    runs: list[list[Token]] = [[tokens[0]]]
    for t in tokens[1:]:
        if t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return max(runs, key=lambda r: sum(len(t.text_with_ws) for t in r if not t.is_punct))


# ---------------------------------------------------------------- words
def is_reporting(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass"):
        return False
    words = lex.reporting_words()
    if lex.verb_lemma(token) in words:
        # "point" only reports with its particle ("pointed out").
        if lex.verb_lemma(token) == "point":
            return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
        return True
    return False


def cue_span(verb: Token) -> CharSpan:
    """The verb and its particle ("pointed out"), or the preposition that opens its
    complement ("called for", "spoke of")."""
    last = verb
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.dep_ == "prt" and c.i == last.i + 1:
            last = c
        elif (c.dep_ == "prep" and c.i == last.i + 1 and c.lower_ in lex.CONTENT_PREPS
              and lex.verb_lemma(verb) in lex.STANCE_LEMMAS and _topic_object(c)
              and child(verb, "ccomp") is None):
            last = c
    return token_span(verb, last)


def _topic_object(prep: Token) -> bool:
    """"called for repeal", not "warned for months": the preposition's object is a topic,
    not a time."""
    pobj = child(prep, "pobj", "pcomp")
    return pobj is not None and pobj.ent_type_ not in ("DATE", "TIME")


def child(token: Token, *deps: str) -> Token | None:
    for c in token.children:
        if c.dep_ in deps:
            return c
    return None


# ---------------------------------------------------------------- sources
def source_tokens(head: Token, verb: Token | None = None) -> list[Token]:
    """The source's noun phrase: its subtree, without a non-restrictive relative clause that
    says where the source got its information ("NBC, which refers to ...")."""
    drop = []
    for c in head.children:
        if c.dep_ in ("relcl", "acl") and c.i > head.i and _comma_before(c, head):
            lemmas = {t.lemma_.lower() for t in c.subtree}
            if lemmas & lex.RELAY_LEMMAS or any(
                    is_reporting(t) and child(t, "ccomp") is not None for t in c.subtree):
                drop.append(c)
    tokens = subtree_range(head, drop)
    tokens = [t for t in tokens if t.i <= max(x.i for x in tokens)]
    if verb is not None:
        tokens = _with_participle(tokens, verb)
    return without_dateline(contiguous(tokens))


DATELINE_DASHES = frozenset({"-", "--", "—", "–", "―"})


def without_dateline(tokens: list[Token]) -> list[Token]:
    """"MOSCOW - Russian officials": a dateline (a place in capitals, maybe a date or an
    agency in brackets, then a dash) opening the paragraph is never part of the source."""
    if not tokens:
        return tokens
    for k, t in enumerate(tokens[:10]):
        if t.text in DATELINE_DASHES:
            prefix = [x for x in tokens[:k] if not x.is_punct and not x.is_space]
            first = tokens[0]
            line_start = first.i == 0 or "\n" in first.doc[first.i - 1].text or \
                first.doc[first.i - 1].text in QUOTE_TOKENS
            places = [x for x in prefix if x.is_upper or x.ent_type_ in ("GPE", "DATE")
                      or x.like_num or x.text.istitle()]
            if prefix and line_start and len(places) == len(prefix) and any(
                    x.is_upper and len(x.text) > 1 for x in prefix):
                return [x for x in tokens[k + 1:]]
            break
    return tokens


def _comma_before(clause: Token, head: Token) -> bool:
    first = min(t.i for t in clause.subtree)
    doc = head.doc
    return first > 0 and doc[first - 1].text == ","


def _with_participle(tokens: list[Token], verb: Token) -> list[Token]:
    """Add "speaking on condition of anonymity" when the parser hung it on the verb but it
    sits between the subject and the verb, describing the source."""
    if not tokens or tokens[-1].i >= verb.i:
        return tokens
    for c in verb.children:
        if c.dep_ in ("advcl", "acl") and tokens[-1].i < c.i < verb.i:
            sub = sorted(c.subtree, key=lambda t: t.i)
            gap = verb.doc[tokens[-1].i + 1: sub[0].i]
            if all(t.is_punct for t in gap):
                return tokens + list(gap) + sub
    return tokens


def subject_of(verb: Token) -> tuple[Token | None, str]:
    """The verb's subject and how it was found: 'active', 'agent', 'expletive', 'inherited'
    or 'passive' (the subject of a passive verb is its content, not its source)."""
    agent = child(verb, "agent")
    if agent is not None:
        pobj = child(agent, "pobj")
        if pobj is not None:
            return pobj, "agent"
    subj = child(verb, "nsubj")
    if subj is not None:
        if subj.lower_ in EXPLETIVES and subj.dep_ == "expl":
            return None, "expletive"
        return subj, "active"
    passive = child(verb, "nsubjpass")
    if passive is not None:
        return passive, "expletive" if passive.lower_ in EXPLETIVES else "passive"
    if child(verb, "expl") is not None:
        return None, "expletive"
    # "... but insisted that ...", "..., saying that ...": the subject of the reporting verb
    # above (the parser may hang the second verb inside the first one's clause).
    if verb.dep_ in ("conj", "advcl"):
        reporter = _reporting_ancestor(verb)
        if reporter is not None:
            head_subj, how = subject_of(reporter)
            if how in ("active", "agent", "inherited"):
                return head_subj, "inherited"
        if verb.dep_ == "conj":  # "kept its rate but signalled that ..."
            head_subj, how = subject_of(verb.head)
            if how in ("active", "inherited"):
                return head_subj, "inherited"
    controller = _controller(verb)
    if controller is not None:
        return controller, "inherited"
    if verb.tag_ == "VBG" and verb.i > verb.head.i:
        # "Clinton chimed in on Twitter, saying that ...": the participle's doer is the
        # subject of the clause it hangs on; "footage of Trump saying ...": the noun.
        if verb.dep_ == "advcl":
            head_subj = child(verb.head, "nsubj")
            if head_subj is not None:
                return head_subj, "inherited"
        elif verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return verb.head, "inherited"
    return None, "none"


def _controller(verb: Token) -> Token | None:
    """Who does what an infinitive or a gerund says: "he appeared to suggest" (the subject
    above), "forced Stumpf to admit" (the object above), "responded by saying ..." (the
    subject of the verb the preposition hangs on)."""
    node = verb
    for _ in range(4):
        if node.dep_ in ("xcomp", "acomp") and node.head.i != node.i:
            above = node.head
            obj = child(above, "dobj")
            if obj is not None and obj.i < node.i and node.dep_ == "xcomp":
                return obj
        elif node.dep_ == "pcomp" and node.head.dep_ == "prep" and \
                node.head.head.pos_ in ("VERB", "AUX"):
            above = node.head.head
        else:
            return None
        if is_reporting(above):
            return None  # "plans to release his returns": the plan is the attribution
        subj = child(above, "nsubj")
        if subj is not None:
            if subj.lower_ in EXPLETIVES and subj.dep_ == "expl":
                return None
            return subj
        node = above
    return None


def _reporting_ancestor(verb: Token) -> Token | None:
    """The reporting verb whose reported clause contains `verb`, if any."""
    node = verb
    while node.head.i != node.i:
        parent = node.head
        if is_reporting(parent) and (node.dep_ in ("ccomp", "conj", "advcl")):
            if node.dep_ == "ccomp" or node.i == verb.i:
                return parent
        node = parent
    return None


# ---------------------------------------------------------------- contents
def clause_content(verb: Token) -> tuple[list[Token] | None, str]:
    """What a reporting verb reports: its clausal complement, a clause inside its object
    ("expressed the view that ..."), object + infinitive ("warned Manila to stop"), or, for
    verbs of denial and disclosure, the object itself ("denied the charges")."""
    comp = child(verb, "ccomp")
    if comp is not None and (comp.i > verb.i or _inverted(comp, verb)):
        coordinated = [c for c in comp.subtree if c.dep_ == "conj" and c.head.i >= comp.i
                       and is_reporting(c) and child(c, "ccomp", "xcomp", "dobj") is not None]
        return contiguous(subtree_range(comp, coordinated)), "ccomp"
    dobj = child(verb, "dobj")
    xcomp = child(verb, "xcomp")
    if xcomp is not None and dobj is not None and dobj.i < xcomp.i:
        return [t for t in verb.doc[dobj.left_edge.i: xcomp.right_edge.i + 1]], "object+infinitive"
    if dobj is not None:
        for t in dobj.subtree:
            if t.dep_ in ("acl", "ccomp", "relcl") and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
                return subtree_range(t), "object clause"
    if lex.verb_lemma(verb) in lex.DENIAL_LEMMAS:
        if xcomp is not None:
            return subtree_range(xcomp), "denied clause"
        pcomp = child(verb, "pcomp")
        if pcomp is not None:
            return subtree_range(pcomp), "denied clause"
    lemma = lex.verb_lemma(verb)
    if dobj is not None and lemma in lex.OBJECT_CONTENT_LEMMAS and (
            lemma not in lex.DENIAL_LEMMAS or dobj.lemma_.lower() in lex.CLAIM_NOUNS
            or dobj.lower_ in lex.CLAIM_NOUNS):
        tokens = _object_tokens(dobj)
        # "estimated the cost at 410 million", "accused the government of hiding ...".
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("at", "of") and c.i > dobj.i:
                tokens = tokens + subtree_range(c)
        return contiguous(tokens), "object"
    if xcomp is not None and lex.verb_lemma(verb) in ("expect", "believe", "fear"):
        subj = child(verb, "nsubj")
        start = dobj or subj
        if start is not None and start.i > verb.i:
            return [t for t in verb.doc[start.left_edge.i: xcomp.right_edge.i + 1]], "object+infinitive"
    # Any cue without a clause reports what its complement names: "outlined his plan",
    # "expressed concern about the policy"; verbs of saying need "of"/"about" at least.
    if (lemma in lex.ACT_OBJECT_LEMMAS or lemma in lex.DENIAL_LEMMAS
            or lemma in lex.CLAUSE_ONLY_LEMMAS or _hearsay(verb)):
        # A denial's object was handled above (only claims are reported); in "X would have
        # outlined a plan" the conditional reports hearsay and X is not the source.
        return None, ""
    tokens = complement_content(verb)
    if tokens:
        return tokens, "complement"
    return None, ""


def _hearsay(verb: Token) -> bool:
    """The reportive conditional: "would have" + participle."""
    auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    return verb.tag_ == "VBN" and "would" in auxes and "have" in auxes


COMPLEMENT_DEPS = ("xcomp", "dobj", "oprd", "ccomp", "dative", "attr", "acomp")


def complement_parts(verb: Token) -> list[Token]:
    """The dependents to the verb's right that say what a stance is about, in text order,
    up to the first comma, clause or line break that ends the verb phrase."""
    lemma = lex.verb_lemma(verb)
    speech = lemma in lex.SPEECH_ONLY_LEMMAS
    parts = []
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i <= verb.i:
            continue
        if c.is_punct or c.is_space or c.dep_ in ("cc", "conj", "advcl", "parataxis", "punct"):
            break
        if speech:
            if c.dep_ == "prep" and c.lower_ in ("of", "about"):
                parts.append(c)
            continue
        if c.dep_ in COMPLEMENT_DEPS:
            parts.append(c)
        elif c.dep_ == "prep" and c.lower_ in lex.CONTENT_PREPS and _topic_object(c):
            parts.append(c)
        elif c.dep_ == "prep" and parts:
            break  # "cited X at the forum": the place or time is no longer the content
    return parts


def complement_content(verb: Token) -> list[Token] | None:
    """"wants to triple AmeriCorps", "called for the repeal of X", "cited his remarks as
    examples of ...": from the first to the last complement; a preposition right after the
    verb belongs to the cue ("called for", "spoke of")."""
    parts = complement_parts(verb)
    if not parts:
        return None
    doc = verb.doc
    start = parts[0].left_edge.i
    if parts[0].dep_ == "prep" and parts[0].i == verb.i + 1 and child(verb, "ccomp") is None:
        start = parts[0].i + 1
    end = max(p.right_edge.i for p in parts)
    end = max(end, _phrase_end(verb, parts))
    tokens = [t for t in doc[start:end + 1]]
    cut = next((i for i, t in enumerate(tokens) if "\n" in t.text), None)
    if cut is not None:
        tokens = tokens[:cut]
    return tokens or None


def _phrase_end(verb: Token, parts: list[Token]) -> int:
    """The last token of the verb phrase: what the stance is about runs on past the first
    complement ("cited remarks Trump had made about Machado as examples of ...") up to a
    dependent that starts another statement (a coordinated clause with its own subject, a
    reporting verb, an aside) or the end of the sentence."""
    end = max(p.right_edge.i for p in parts)
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i <= end:
            continue
        if c.dep_ == "punct" or c.is_space:
            if c.text in (";", ":", "--", "—", "(") or "\n" in c.text:
                break
            continue
        if c.dep_ in ("parataxis",) or (c.dep_ in ("conj", "advcl", "ccomp")
                                        and (child(c, "nsubj", "nsubjpass") is not None
                                             or is_reporting(c))):
            break
        if c.dep_ == "cc":
            continue
        end = max(end, c.right_edge.i)
    return end


def loose_that_clause(verb: Token) -> list[Token] | None:
    """"warned for months that X", "expressed the view that X" when the parser hung the
    that-clause on a noun: the first "that" after the verb opens the content."""
    for t in verb.subtree:
        if t.i > verb.i and t.lower_ == "that" and t.pos_ == "SCONJ":
            clause = t.head
            if clause.pos_ in ("VERB", "AUX") and clause.i > t.i:
                return [x for x in subtree_range(clause) if x.i > t.i]
    return None


def left_clause(verb: Token, subj: Token) -> list[Token] | None:
    """"Tech firm to cut jobs, sources say": a clause before the comma before the subject,
    hung on the verb under another label."""
    first = min(subj.left_edge.i, verb.i)
    if first == 0 or verb.doc[first - 1].text != ",":
        return None
    for c in verb.children:
        if c.i < first - 1 and c.dep_ in ("dep", "ccomp", "parataxis", "advcl", "npadvmod"):
            tokens = subtree_range(c)
            if tokens and tokens[-1].i >= first - 2:
                return tokens
    return None


def _inverted(comp: Token, verb: Token) -> bool:
    """"X, officials said" / '"X," she said': a clause before its verb is reported only
    when a comma or a quotation mark separates them."""
    between = verb.doc[comp.right_edge.i + 1: verb.i]
    return any(t.text == "," or t.text in QUOTE_TOKENS for t in between) or (
        comp.right_edge.text in (",",) or comp.right_edge.text in QUOTE_TOKENS)


def _object_tokens(dobj: Token) -> list[Token]:
    """The object without an "as ..." complement or a trailing clause about it."""
    skip = [c for c in dobj.children if c.dep_ in ("relcl", "acl") and c.i > dobj.i
            and _comma_before(c, dobj)]
    return subtree_range(dobj, skip)


def main_clause_without(head: Token, hole: Token) -> list[Token]:
    """The clause of `head` minus the phrase `hole` ("X, according to Y" -> X)."""
    return contiguous(subtree_range(head, [hole]))


def sentence_clause(token: Token) -> list[Token]:
    """The sentence of `token`, as tokens (hedged statements attribute the whole sentence)."""
    return [t for t in token.sent]


def colon_content(verb: Token) -> list[Token] | None:
    """"The picture outlined by NBC: negotiations must ..." - what follows the colon."""
    sent = verb.sent
    after = [t for t in sent if t.i > verb.i]
    for t in after:
        if t.text == ":":
            rest = [x for x in sent if x.i > t.i]
            return rest or None
    return None
