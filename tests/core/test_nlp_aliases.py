"""Canonical names: how spellings are filed and when a short name joins a full one."""

from __future__ import annotations

import pytest

from framedesk.core.model import Mention
from framedesk.core.nlp.aliases import (
    CanonicalResolver,
    clean_name,
    ensure_shipped_aliases,
    link_short_names,
    link_within_article,
)


@pytest.mark.parametrize(("spelling", "name"), [
    ("the United States", "United States"),
    ("Kyiv's", "Kyiv"),
    ("Zelensky’s", "Zelensky"),
    ("Kyiv\n  Post", "Kyiv Post"),
    ("The Hague", "The Hague"),        # a capital "The" is part of the name
    ("the", "the"),
    ("Jones'", "Jones"),
])
def test_clean_name(spelling: str, name: str) -> None:
    assert clean_name(spelling) == name


def test_resolver_uses_shipped_aliases_and_files_new_names_cleanly(project) -> None:
    ensure_shipped_aliases(project)
    resolver = CanonicalResolver(project)
    kyiv = resolver.entity_id("Kiev", "GPE")
    assert project.entities.name(kyiv) == "Kyiv"
    assert resolver.entity_id("Kyiv", "GPE") == kyiv
    assert project.entities.name(resolver.entity_id("the Contact Group", "ORG")) == "Contact Group"
    assert resolver.entity_id("Contact Group", "ORG") == resolver.entity_id("the Contact Group",
                                                                            "ORG")
    # Same spelling, other label: another entity (Georgia the state vs a person).
    assert resolver.entity_id("Georgia", "GPE") != resolver.entity_id("Georgia", "PERSON")


def test_within_article_needs_exactly_one_full_name(project) -> None:
    resolver = CanonicalResolver(project)
    spans = [("Putin", "PERSON"), ("Vladimir Putin", "PERSON"), ("Biden", "PERSON"),
             ("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"), ("Moscow", "GPE"),
             ("Putin", "ORG")]
    assert link_within_article(spans, resolver) == [
        "Vladimir Putin", "Vladimir Putin", "Biden", "Joe Biden", "Hunter Biden", "Moscow",
        "Putin"]


def test_within_article_counts_aliases_of_one_person_once(project) -> None:
    ensure_shipped_aliases(project)
    resolver = CanonicalResolver(project)
    spans = [("Volodymyr Zelenskyy", "PERSON"), ("Volodymyr Zelensky", "PERSON"),
             ("Zelensky", "PERSON")]
    linked = link_within_article(spans, resolver)
    assert project.entities.name(resolver.entity_id(linked[2], "PERSON")) == "Volodymyr Zelensky"


def _article(project, text: str) -> int:
    from framedesk.core.model import ArticleDraft

    (article_id, _), = project.articles.add_many([ArticleDraft(text=text)])
    return article_id


def test_corpus_linking_leaves_the_analysts_links_alone(project) -> None:
    a = _article(project, "Putin spoke. Putin left.")
    b = _article(project, "Vladimir Putin arrived.")
    project.entities.insert_model_mentions([
        Mention(None, a, 0, 5, "PERSON", "Putin"),
        Mention(None, a, 13, 18, "PERSON", "Putin"),
        Mention(None, b, 0, 14, "PERSON", "Vladimir Putin"),
    ], "spacy:test@1")
    first, second = project.entities.mentions(a)
    elsewhere = project.entities.ensure("Putin (the band)", "PERSON")
    project.entities.link(second.id, elsewhere)
    assert link_short_names(project) == 1
    after = {m.start: m.canonical for m in project.entities.mentions(a)}
    assert after == {0: "Vladimir Putin", 13: "Putin (the band)"}
    assert link_short_names(project) == 0  # nothing left to move
