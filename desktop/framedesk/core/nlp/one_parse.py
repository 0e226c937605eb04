"""Entities and attribution suggestions from one parse of each article.

The attribution rules need the full pipeline (tagger, parser, lemmas, NER and the shipped
gazetteer, attribution.load_parser); the entities are in that parse too. So an import that
wants both runs `nlp.pipe` once: each Doc gives its mentions (EntityRecognizer, as
entities.py stores them) and its suggestions, and is dropped. Per batch, the mentions are
stored first and the suggestions after them, so a suggested source links to the canonical
entity of the mention inside it, as when the two ran one after the other. After the run the
corpus-wide short-name linking (aliases.link_short_names) moves mentions and the suggestions
linked to them alike.

The entities are those of the full pipeline: the same as the NER-only pipeline's on 186 of
190 test articles (the others differ in a time or a name broken by a line break, which the
paragraph component makes a sentence boundary), and the same the rules name sources by.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from framedesk.core.nlp.entities import EntityRecognizer
from framedesk.core.nlp.pipeline import default_pipeline
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.attributions import Attribution
    from framedesk.core.store.project import Project

LABEL = "Finding entities and sources"


class _Suggestions:
    """Reads attribution suggestions from the entity run's Docs (entities.DocReader)."""

    def __init__(self, extractor: Any, article_ids: Sequence[int]) -> None:
        self.extractor = extractor
        self.article_ids = list(dict.fromkeys(article_ids))
        self._wanted = set(self.article_ids)
        self._found: dict[int, list[Attribution]] = {}
        self._context: dict[int, Any] = {}
        self.added = 0

    def read(self, article_id: int, doc: Any, offset: int, last: bool) -> None:
        if article_id not in self._wanted:
            return
        from framedesk.core.nlp.attribution import ArticleContext

        # A long article comes in pieces: what links its attributions (full names met so
        # far, the last named source) goes on from one piece to the next, and the spans
        # come back on the article's offsets, as AttributionExtractor.extract_many does.
        context = self._context.get(article_id)
        if context is None:
            context = self._context[article_id] = ArticleContext()
        context.names.offset = offset
        self._found.setdefault(article_id, []).extend(
            self.extractor.from_doc(doc, article_id, context))
        if last:
            del self._context[article_id]

    def store(self, project: Project, article_ids: Sequence[int]) -> None:
        from framedesk.core.nlp.attribution import _link_entities

        for article_id in article_ids:
            if article_id not in self._wanted:
                continue
            suggestions = self._found.pop(article_id, [])
            with project.atomic():
                _link_entities(project, article_id, suggestions)
                self.added += project.attributions.replace_suggestions(article_id,
                                                                       suggestions)

    def finish(self, project: Project, moved: int) -> None:
        """Nothing left: link_short_names moved the suggestions with their mentions."""


def annotate_and_suggest(project: Project, entity_ids: Sequence[int],
                         suggestion_ids: Sequence[int], *, model: str | None = None,
                         progress: Progress | None = None, batch_size: int = 64
                         ) -> tuple[int, int]:
    """Mentions for `entity_ids` and suggested attributions for `suggestion_ids`, one parse
    per article; returns (mentions stored, suggestions added). Raises ModelError when the
    pipeline is missing or has no parser, Cancelled when cancelled (finished batches kept)."""
    from framedesk.core.nlp.attribution import AttributionExtractor, load_parser

    package = model or project.meta("model") or default_pipeline(project.language)
    nlp = load_parser(package)
    recognizer = EntityRecognizer(package, nlp=nlp)
    reader = _Suggestions(AttributionExtractor(nlp=nlp), suggestion_ids)
    mentions = recognizer.annotate(project, entity_ids, progress=progress,
                                   batch_size=batch_size, also=reader, label=LABEL)
    return mentions, reader.added
