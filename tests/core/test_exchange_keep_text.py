"""ArticleDraft.keep_text: an annotation tool's text is stored exactly (trailing newline, double
spaces), its spans stay on the same characters, and it is still the same article (uid) as
the normalised copy, so importing both does not duplicate it."""

from __future__ import annotations

from framedesk.core.exchange.interop import ForeignDocument, ForeignSpan, build_draft
from framedesk.core.exchange.storing import store_annotations
from framedesk.core.store import Project

TEXT = "Putin  met Biden.\r\n\n\n\nKyiv replied.\n"


def test_kept_text_is_stored_exactly_with_its_spans(project: Project) -> None:
    doc = ForeignDocument(text=TEXT, spans=[ForeignSpan("T1", TEXT.index("Kyiv"), TEXT.index("Kyiv") + 4, "GPE")])
    draft = build_draft(doc, "brat", keep_text=True)
    (article_id, created), = project.articles.add_many([draft])
    stored = store_annotations(project, article_id, draft.text, draft.annotations)
    article = project.articles.get(article_id)
    assert created and article.text == TEXT
    assert stored.mentions == 1 and not stored.problems
    (mention,) = project.entities.mentions(article_id)
    assert TEXT[mention.start:mention.end] == "Kyiv"


def test_kept_text_is_the_same_article_as_its_normalised_copy(project: Project) -> None:
    normalised = build_draft(ForeignDocument(text=TEXT), "brat")
    kept = build_draft(ForeignDocument(text=TEXT), "brat", keep_text=True)
    first, second = project.articles.add_many([normalised, kept])
    assert first[1] and not second[1] and first[0] == second[0]
