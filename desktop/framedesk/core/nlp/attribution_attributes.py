"""Pre-filling an attribution's attributes from the words of its source and cue: quote type,
identification (named, described, vague, institutional, unattributed), details of unnamed
sources, source type and certainty. The analyst corrects them; these are first guesses
that are right often enough to save keystrokes.
"""

from __future__ import annotations

from typing import Any

from framedesk.core.nlp import attribution_lexicon as lex
from framedesk.core.nlp.attribution_quotes import quote_spans
from framedesk.core.nlp.attribution_rules import QUOTE_CHARS, CharSpan, Found, Token

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
DESCRIBING_DEPS = {"amod", "compound", "nummod", "prep", "relcl", "acl", "appos", "poss",
                   "npadvmod", "advcl"}
GENERIC_MODIFIERS = {"some", "many", "several", "other", "these", "those", "such", "most",
                     "few", "more", "certain", "various", "anonymous", "unnamed", "unidentified"}
INTERNATIONAL_ORGS = frozenset({
    "un", "u.n.", "united nations", "nato", "eu", "european union", "european commission",
    "world food programme", "wfp", "world health organization", "world health organisation",
    "who", "imf", "international monetary fund", "world bank", "unicef", "unhcr", "iaea",
    "osce", "red cross", "international committee of the red cross", "wto", "oecd",
    "african union", "council of europe", "security council", "un security council"})
NGO_ORGS = frozenset({"amnesty international", "human rights watch", "doctors without borders",
                      "msf", "greenpeace", "oxfam", "save the children"})


def describe(found: Found, doc: Any) -> dict[str, Any]:
    """The attributes of one attribution, as a dict ready for the Attribution dataclass."""
    text = doc.text
    out: dict[str, Any] = {
        "quote_type": quote_type(text, found.content),
        "certainty": found.certainty,
    }
    if found.source is None:
        out.update(identification="unattributed", source_type="unknown", unnamed={})
        return out
    head = found.source_head
    tokens = doc.tokens_in(found.source[0], found.source[1])
    out["identification"] = identification(head, tokens, doc)
    out["source_type"] = source_type(head, tokens, found.cue_token, doc)
    details: dict[str, Any] = {}
    if out["identification"] in ("described_unnamed", "vague"):
        details = unnamed_details(head, tokens, doc)
    if found.extra.get("via"):
        details["via"] = found.extra["via"]
    out["unnamed"] = details
    named = out["identification"] in ("named", "institutional")
    out["entity"] = source_entity(tokens, doc) if named else None
    return out


def quote_type(text: str, content: CharSpan | None) -> str:
    if content is None:
        return "indirect"
    inner = text[content[0]:content[1]]
    if inner[:1] in QUOTE_CHARS or inner.startswith("''"):
        return "direct"
    for q in quote_spans(inner):
        if q[1] - q[0] >= 3:
            return "mixed"
    return "indirect"


def _entities_in(tokens: list[Token], doc: Any) -> list[Any]:
    if not tokens:
        return []
    lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return doc.ents_overlapping(lo, hi)


def identification(head: Token | None, tokens: list[Token], doc: Any) -> str:
    if head is None or not tokens:
        return "vague"
    words = " ".join(t.lower_ for t in tokens)
    ents = _entities_in(tokens, doc)
    labels = {e.label_ for e in ents}
    head_word = head.lower_
    if head.pos_ == "PRON":
        return "named" if head_word in ("he", "she") else "vague"
    if head_word in lex.PERSON_SOURCE_NOUNS or head.lemma_.lower() in lex.PERSON_SOURCE_NOUNS \
            or head.pos_ == "NUM":
        # "His lawyer, Aaron Felt" is named; "Anonymous officials" is not, whatever NER says.
        if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in head.children):
            return "named"
        return "described_unnamed" if _is_described(head) else "vague"
    if "PERSON" in labels:
        return "named"
    if any(name in words for name in lex.INSTITUTIONAL_NAMES) or head.ent_type_ == "GPE":
        return "institutional"
    if head.ent_type_ in ("ORG", "NORP", "FAC") or "ORG" in labels:
        return "named"
    if head_word in lex.INSTITUTION_NOUNS:
        return "institutional"
    return "described_unnamed" if _is_described(head) else "vague"


def _is_described(head: Token) -> bool:
    for c in head.children:
        if c.dep_ in DESCRIBING_DEPS and c.lower_ not in GENERIC_MODIFIERS:
            return True
        if c.dep_ == "det" and c.lower_ in ("a", "an", "one", "the") and head.tag_ == "NN":
            return True  # a single, specific person: "a diplomat", "the diplomat"
    return head.pos_ == "NUM"


def unnamed_details(head: Token | None, tokens: list[Token], doc: Any) -> dict[str, Any]:
    words = " ".join(t.lower_ for t in tokens)
    sentence = tokens[0].sent.text.lower() if tokens else ""
    return {
        "count": _count(head),
        "affiliation": _affiliation(head, tokens),
        "reason": any(r in sentence for r in lex.ANONYMITY_REASONS),
        "inside_knowledge": any(p in words for p in lex.INSIDE_KNOWLEDGE),
    }


def _count(head: Token | None) -> int | None:
    if head is None:
        return None
    if head.pos_ == "NUM":
        return _number(head.lower_)
    for c in head.children:
        if c.dep_ in ("nummod", "det") and _number(c.lower_) is not None:
            return _number(c.lower_)
    if head.tag_ == "NN":
        return 1
    return None


def _number(word: str) -> int | None:
    if word in lex.NUMBER_WORDS:
        return lex.NUMBER_WORDS[word]
    return int(word) if word.isdigit() else None


def _affiliation(head: Token | None, tokens: list[Token]) -> bool:
    for t in tokens:
        if (head is not None and t.i == head.i) or t.dep_ == "relcl":
            continue
        if t.ent_type_ in ("NORP", "GPE", "ORG"):
            return True
        if t.lower_ in lex.AFFILIATION_WORDS and t.lower_ not in ("at", "from") and t.i < (head.i if head else 0):
            return True
        if t.lower_ in ("at", "from", "in") and head is not None and t.head.i == head.i and any(
                x.ent_type_ in ("ORG", "GPE", "FAC") or x.lower_ in lex.INSTITUTION_NOUNS
                for x in t.subtree):
            return True
    return False


def source_type(head: Token | None, tokens: list[Token], cue: Token | None, doc: Any) -> str:
    if head is None or not tokens:
        return "unknown"
    if cue is not None and _on_social_media(cue):
        return "social_media"
    ents = _entities_in(tokens, doc)
    if any(e.label_ == "ORG" and lex.is_outlet(e.text) for e in ents):
        return "other_media"
    head_word, head_lemma = head.lower_, head.lemma_.lower()
    for kind in lex.SOURCE_TYPE_ORDER:
        nouns = lex.SOURCE_TYPE_NOUNS[kind]
        if head_word in nouns or head_lemma in nouns:
            return kind
    for e in ents:
        low = e.text.lower().removeprefix("the ")
        if low in INTERNATIONAL_ORGS:
            return "international_org"
        if low in NGO_ORGS:
            return "ngo_advocacy"
    words = {t.lower_ for t in tokens} | {t.lemma_.lower() for t in tokens}
    for kind in lex.SOURCE_TYPE_ORDER:
        if words & lex.SOURCE_TYPE_NOUNS[kind]:
            return kind
    # In text order: a set joined would find "white house" only when hashing happens to
    # put "white" first (the source type changed from one run to the next).
    phrase = " ".join(t.lower_ for t in tokens)
    if head.ent_type_ == "GPE" or any(n in phrase for n in lex.INSTITUTIONAL_NAMES):
        return "government_official"
    return "unknown"


def _on_social_media(cue: Token) -> bool:
    for c in cue.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "in"):
            if {t.lower_ for t in c.subtree} & lex.SOURCE_TYPE_NOUNS["social_media"]:
                return True
    return False


def source_entity(tokens: list[Token], doc: Any) -> tuple[str, str] | None:
    """The (text, label) of the named entity the source is, for linking to a canonical
    entity: a person first, then an organisation or place."""
    ents = _entities_in(tokens, doc)
    for wanted in ("PERSON", "ORG", "GPE", "NORP"):
        for e in ents:
            if e.label_ == wanted and tokens[0].idx <= e.start_char:
                return e.text, e.label_
    return None


def inherit_from_antecedents(items: list[tuple[Found, dict[str, Any]]],
                             last: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """"She said": a pronoun source takes the attributes of the last non-pronoun source
    before it (cheap coreference that is right in news prose most of the time). `last` is
    the one before these items (an earlier piece of the article); returns the last one."""
    for found, attrs in items:
        head = found.source_head
        if head is not None and head.pos_ == "PRON" and head.lower_ in PRONOUNS:
            if last is not None:
                for key in ("identification", "source_type", "entity"):
                    attrs[key] = last.get(key)
                attrs["unnamed"] = dict(last.get("unnamed") or {})
        elif found.source is not None:
            last = attrs
    return last


def link_surnames(items: list[tuple[Found, dict[str, Any]]], doc: Any,
                  names: FullNames | None = None) -> None:
    """"Scholz said" after "Olaf Scholz" earlier in the article: the source is that person,
    under the full name, so the list of sources and the sourcing table count one source.
    Only when a single full name met before ends with that word. The small models often
    type such names as organisations or places; a name whose surname alone later speaks is
    taken for a person. `names` carries the full names of the article's earlier pieces
    (a long article is parsed piece by piece) and receives this piece's."""
    names = names if names is not None else FullNames()
    names.add(doc, _full_names(doc))
    linked: set[str] = set()
    for found, attrs in items:
        if found.source is None:
            continue
        word = _single_name(found, doc, attrs.get("entity"))
        if word is None:
            continue
        earlier = names.before(word, names.offset + found.source[0])
        if len(earlier) == 1:
            name = earlier.pop()
            attrs["entity"] = (name, "PERSON")
            attrs["identification"] = "named"
            linked.add(name)
    if not linked:
        return
    for found, attrs in items:  # the full name's own attributions: the same person
        if found.source is None:
            continue
        name = _linked_suffix(doc.text[found.source[0]:found.source[1]], linked)
        if name is not None:
            attrs["entity"] = (name, "PERSON")
            attrs["identification"] = "named"


class FullNames:
    """The full names met so far in an article, by their last word (casefolded): the
    first offset each name appears at, so "Scholz" finds "Olaf Scholz" without going
    through every name of the article."""

    __slots__ = ("by_surname", "offset")

    def __init__(self) -> None:
        self.by_surname: dict[str, dict[str, int]] = {}
        self.offset = 0  # where the current piece starts in the article

    def add(self, doc: Any, names: list[tuple[int, str]]) -> None:
        for start, name in names:
            firsts = self.by_surname.setdefault(name.split()[-1].casefold(), {})
            firsts.setdefault(name, self.offset + start)

    def before(self, surname: str, position: int) -> set[str]:
        return {name for name, first in self.by_surname.get(surname, {}).items()
                if first < position}


def _linked_suffix(source: str, linked: set[str]) -> str | None:
    """The linked name the source is or ends with (after a space): "Chancellor Olaf
    Scholz" ends with "Olaf Scholz". Names are two to four words."""
    if source in linked:
        return source
    parts = source.split(" ")
    for k in range(min(len(parts) - 1, 4), 1, -1):
        tail = " ".join(parts[-k:])
        if tail in linked:
            return tail
    return None


def _full_names(doc: Any) -> list[tuple[int, str]]:
    """(start, text) of names of two to four capitalised proper nouns: the entities, cut to
    their proper-noun run ("German Chancellor Olaf Scholz" -> "Olaf Scholz" when the
    model took "Chancellor" as a title noun)."""
    out = []
    for e in doc.ents:
        if e.label_ not in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
            continue
        run = []
        for t in reversed(list(e)):
            if t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.isalpha():
                run.insert(0, t)
            else:
                break
        if 2 <= len(run) <= 4:
            out.append((run[0].idx, " ".join(t.text for t in run)))
    return out


def _single_name(found: Found, doc: Any, entity: tuple[str, str] | None) -> str | None:
    """The one capitalised name word a source consists of ("Scholz", "Mr. Scholz")."""
    text = doc.text[found.source[0]:found.source[1]]
    words = [w for w in text.split()
             if w.casefold() not in ("mr.", "mrs.", "ms.", "dr.", "the")]
    if entity is not None and len(entity[0].split()) >= 2:
        return None
    if len(words) == 1 and words[0][:1].isupper() and words[0].isalpha():
        return words[0].casefold()
    return None
