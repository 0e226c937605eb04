"""Attribution suggestions: who an article cites, how, and what, found by rules over the
spaCy parse (reporting verbs with their subject and clause, "according to", quotations
linked to speakers, hedges and denials), with attributes pre-filled.

Suggestions are stored with status "suggested" and origin "rules:<version>". Re-running
replaces only open suggestions: rejected ones stay rejected, accepted and manual ones are
never touched (AttributionStore.replace_suggestions).

    extractor = AttributionExtractor()          # loads the parser once (about a second)
    found = extractor.extract(text, article_id)
    suggest_for_articles(project, ids, progress=progress, extractor=extractor)
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from framedesk.core.errors import ModelError
from framedesk.core.nlp import attribution_lexicon as lex
from framedesk.core.model import Span
from framedesk.core.nlp.attribution_attributes import (
    FullNames,
    describe,
    inherit_from_antecedents,
    link_surnames,
)
from framedesk.core.nlp.attribution_doc import RuleDoc
from framedesk.core.nlp.attribution_find import (
    according_to,
    headline_speakers,
    hedges,
    signed_quotes,
    verb_attributions,
)
from framedesk.core.nlp.attribution_nominal import nominal_attributions
from framedesk.core.nlp.attribution_quotes import link_quotes
from framedesk.core.nlp.attribution_rules import Found
from framedesk.core.nlp.pieces import (
    DEFAULT_LIMIT,
    CharacterSteps,
    text_pieces,
    total_characters,
)
from framedesk.core.progress import Progress
from framedesk.core.store.attributions import Attribution

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

RULES_VERSION = "1"
ORIGIN = f"rules:{RULES_VERSION}"
# The rules need the parser and the tagger; NER tells named sources from unnamed ones.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

PARAGRAPHS = "framedesk_paragraphs"

_parsers: dict[str, Any] = {}


def _paragraph_starts(doc: Any) -> Any:
    """A line break always ends a sentence: headlines and subheads have no full stop, and
    an attribution never runs from one paragraph into the next."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def _register_component() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraph_starts)
_lock = threading.Lock()


def load_parser(package: str | None = None) -> Any:
    """A full pipeline (parser + NER + the shipped gazetteer), loaded once per process."""
    from framedesk.core.nlp.pipeline import default_pipeline

    name = package or default_pipeline("en")
    with _lock:
        nlp = _parsers.get(name)
        if nlp is None:
            nlp = _load(name)
            _parsers[name] = nlp
        return nlp


def _load(name: str) -> Any:
    import spacy

    _register_component()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(name, str(exc).splitlines()[0]) from None
    missing = [c for c in ("parser", "tagger") if c not in nlp.pipe_names]
    if missing:
        raise ModelError(name, f"has no {' or '.join(missing)}, which attribution needs")
    for extra in [c for c in nlp.pipe_names if c not in NEEDED]:
        nlp.disable_pipe(extra)
    nlp.add_pipe(PARAGRAPHS, before="parser")
    try:
        from framedesk.core.nlp.gazetteers import add_gazetteer

        add_gazetteer(nlp)
    except (ImportError, OSError, ValueError):
        pass  # the gazetteer improves outlet and place names; the rules work without it
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


class AttributionExtractor:
    """Finds attributions in texts. Keep one: creating it loads the spaCy pipeline.

    A text longer than `piece_limit` characters is parsed piece by piece (pieces.py),
    so its cost grows with its length, not with its square; what links attributions
    across the text (a surname to the full name met earlier, a pronoun to the source
    before it) is carried from one piece to the next."""

    def __init__(self, package: str | None = None, nlp: Any | None = None, *,
                 piece_limit: int | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_parser(package)
        self.piece_limit = min(piece_limit or DEFAULT_LIMIT,
                               max(2, int(self.nlp.max_length) // 2))

    def extract(self, text: str, article_id: int = 0) -> list[Attribution]:
        return next(iter(self.extract_many([(article_id, text)])))[1]

    def extract_many(self, texts: Iterable[tuple[int, str]], batch_size: int = 16,
                     on_piece: Callable[[int], None] | None = None
                     ) -> Iterator[tuple[int, list[Attribution]]]:
        """(article id, its attributions) per text, in order; `on_piece(characters)` is
        called after each piece is done (progress within a long article)."""
        pieces = ((piece, (article_id, offset, last, len(piece))) for article_id, text in texts
                  for piece, offset, last in text_pieces(text, self.piece_limit))
        context: ArticleContext | None = None
        gathered: list[Attribution] = []
        for doc, (article_id, offset, last, length) in self.nlp.pipe(
                pieces, as_tuples=True, batch_size=batch_size):
            context = context or ArticleContext()
            context.names.offset = offset
            gathered.extend(self.from_doc(doc, article_id, context))
            if on_piece is not None:
                on_piece(length)
            if last:
                yield article_id, gathered
                gathered, context = [], None

    def from_doc(self, doc: Any, article_id: int = 0,
                 context: ArticleContext | None = None) -> list[Attribution]:
        return [a for a, _ in self.found_in_doc(doc, article_id, context)]

    def found_in_doc(self, doc: Any, article_id: int = 0,
                     context: ArticleContext | None = None
                     ) -> list[tuple[Attribution, Found]]:
        """Attributions with the rule findings behind them (for tests and debugging). With
        a `context`, the doc is a piece of a longer text starting at context.names.offset:
        the spans returned are the whole text's."""
        doc = RuleDoc(doc)
        context = context or ArticleContext()
        offset = context.names.offset
        found, speakers = verb_attributions(doc)
        found += according_to(doc)
        found += headline_speakers(doc)
        found += signed_quotes(doc)
        found = _outside_contents(found, found)
        found += _outside_contents(nominal_attributions(doc), found)
        found = _dedupe(found)
        found = link_quotes(doc, found, speakers)
        found = _merge_hedges(found + hedges(doc))
        described = [(f, describe(f, doc)) for f in found if f.content or f.source]
        link_surnames(described, doc, context.names)
        last = inherit_from_antecedents(described, context.antecedent)
        # A copy: the loop below takes "entity" out of each item's attributes.
        context.antecedent = dict(last) if last is not None else None
        out = []
        for f, attrs in described:
            entity = attrs.pop("entity", None)
            a = Attribution(
                article_id=article_id,
                source=_span(f.source, offset),
                cue=_span(f.cue, offset),
                content=_span(f.content, offset),
                status="suggested", origin=ORIGIN, **attrs)
            a.entity = entity[0] if entity else None
            out.append((a, f))
            f.extra["entity_label"] = entity[1] if entity else None
        return out


class ArticleContext:
    """What one piece of an article hands to the next: the full names met so far and the
    attributes of the last named source (for "she said" at the start of the next piece)."""

    __slots__ = ("names", "antecedent")

    def __init__(self) -> None:
        self.names = FullNames()
        self.antecedent: dict[str, Any] | None = None


def _span(chars: tuple[int, int] | None, offset: int) -> Span | None:
    return Span(chars[0] + offset, chars[1] + offset) if chars else None


def _outside_contents(extra: list[Found], found: list[Found]) -> list[Found]:
    """A cue inside what another attribution reports is part of that report, not one of
    its own: in "she said his plan to X would fail, warning of ..." the plan belongs to what
    she said (annotated news marks each word for one attribution at most). Hedges stay, to
    hedge their host later; a relay ("NBC, which refers to information provided by two
    sources") does not hide the attribution it points to."""
    hosts = [f for f in found if f.content and f.rule not in HEDGE_RULES and not (
        f.cue_token is not None and lex.verb_lemma(f.cue_token) in lex.RELAY_LEMMAS)]
    return [e for e in extra if not e.cue or e.rule in HEDGE_RULES or not any(
        f is not e and f.content[0] <= e.cue[0] and e.cue[1] <= f.content[1] for f in hosts)]


def _dedupe(found: list[Found]) -> list[Found]:
    """One attribution per cue: the parse can reach the same verb twice."""
    seen: dict[tuple[int, int] | None, Found] = {}
    out = []
    for f in found:
        key = f.cue
        if key is not None and key in seen:
            continue
        seen[key] = f
        out.append(f)
    return out


HEDGE_RULES = ("hedge adverb", "reportive conditional", "hedged passive")


def _merge_hedges(found: list[Found]) -> list[Found]:
    """A hedge in a sentence that already has a sourced attribution hedges that one
    ("X is believed to ..., police said") instead of standing alone."""
    sourced = [f for f in found if f.rule not in HEDGE_RULES]
    out = list(sourced)
    for h in found:
        if h in sourced:
            continue
        hosts = [f for f in sourced if f.content and h.cue and
                 (f.content[0] <= h.cue[0] < f.content[1]
                  or (h.content and _overlap(f.content, h.content) and f.source))]
        if hosts:
            for f in hosts:
                if f.certainty == "asserted":
                    f.certainty = "hedged"
            continue
        if any(o.content == h.content for o in out):
            continue
        out.append(h)
    out.sort(key=lambda f: (f.content or f.source or (0, 0))[0])
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def suggest_for_articles(project: Project, ids: Sequence[int], *,
                         progress: Progress | None = None,
                         extractor: AttributionExtractor | None = None) -> int:
    """Run the extractor over articles and store its suggestions; returns how many were
    added. Each article is one transaction, so cancelling keeps the finished ones.
    Progress counts characters, so a long article moves the bar (and can be cancelled)
    piece by piece."""
    extractor = extractor or AttributionExtractor(project.meta("model") or None)
    ids = list(ids)
    if progress is not None:
        progress.start(total_characters(project, ids), "Suggesting attributions")
    added = 0
    texts = ((a.id, a.text) for a in project.articles.iter_all(ids))
    steps = CharacterSteps(progress) if progress is not None else None
    for article_id, suggestions in extractor.extract_many(texts, on_piece=steps):
        with project.atomic():
            _link_entities(project, article_id, suggestions)
            added += project.attributions.replace_suggestions(article_id, suggestions)
        if steps is not None:
            steps.flush()  # Cancel is heard after every article, as before pieces
    return added


def _link_entities(project: Project, article_id: int, suggestions: list[Attribution]) -> None:
    """Point each source at its canonical entity: a stored mention inside the source span
    first (it carries the analyst's corrections), else the alias table by spelling."""
    mentions = project.entities.mentions(article_id)  # ordered by start
    starts = [m.start for m in mentions]
    article = project.articles.get(article_id)

    def project_text_of(a: Attribution) -> str:
        return article.text[a.source.start:a.source.end] if article and a.source else ""

    def mentions_inside(span: Span) -> list[Any]:
        out = []
        for i in range(bisect_left(starts, span.start), len(mentions)):
            m = mentions[i]
            if m.start >= span.end:
                break
            if m.end <= span.end and m.entity_id is not None:
                out.append(m)
        return out

    for a in suggestions:
        if a.source is None:
            continue
        if a.entity and len(a.entity.split()) >= 2 and a.entity != project_text_of(a):
            # A surname linked to the full name met earlier ("Scholz" -> "Olaf Scholz").
            person = project.entities.lookup(a.entity, "PERSON")
            if person is not None:
                a.entity_id = person
                continue
        inside = mentions_inside(a.source)
        people = [m for m in inside if m.label == "PERSON"]
        pick = (people or inside or [None])[0]
        if pick is not None:
            a.entity_id = pick.entity_id
        elif a.entity:
            label = "PERSON" if a.identification == "named" and " " in a.entity else "ORG"
            a.entity_id = (project.entities.lookup(a.entity, label)
                           or project.entities.lookup(a.entity, "ORG")
                           or project.entities.lookup(a.entity, "GPE"))
