"""Names written in capitals (headlines, datelines) are the same entities as usual spellings;
lowercase words that happen to spell a place are not places."""

from __future__ import annotations

from framedesk.core.model import ArticleDraft
from framedesk.core.nlp.entities import annotate_articles
from framedesk.core.nlp.gazetteers import ruler_patterns


def found(recognizer, text: str) -> dict[str, str]:
    return {f.text: f.label for f in recognizer.find(text)}


def test_dateline_and_headline_capitals_are_tagged(recognizer) -> None:
    labels = found(recognizer, "KYIV (Reuters) - Ukraine said on Monday it would talk.")
    assert labels.get("KYIV") == "GPE"
    labels = found(recognizer, "NATO SUMMIT IN VILNIUS ENDS WITHOUT DATE FOR UKRAINE")
    assert labels.get("VILNIUS") == "GPE"
    assert labels.get("UKRAINE") == "GPE"  # the model alone calls it ORG
    assert labels.get("NATO") == "ORG"
    labels = found(recognizer, "MOSCOW, Nov 3 - The KREMLIN said, THE NEW YORK TIMES reported.")
    assert labels.get("MOSCOW") == "GPE"
    assert labels.get("KREMLIN") == "ORG"
    assert labels.get("THE NEW YORK TIMES") == "ORG"


def test_lowercase_words_are_not_places(recognizer) -> None:
    labels = found(recognizer, "We ate turkey off the best china while chad and niger slept.")
    assert labels == {}


def test_capitals_link_to_the_usual_entity(project, recognizer) -> None:
    (first, _), (second, _) = project.articles.add_many([
        ArticleDraft(text="KYIV (Reuters) - The KREMLIN said KIEV must choose."),
        ArticleDraft(text="Kyiv answered the Kremlin at once."),
    ])
    annotate_articles(project, [first, second])
    by_text = {m.text: m for a in (first, second) for m in project.entities.mentions(a)}
    assert by_text["KYIV"].entity_id == by_text["Kyiv"].entity_id
    assert by_text["KIEV"].entity_id == by_text["Kyiv"].entity_id
    assert by_text["KREMLIN"].entity_id == by_text["Kremlin"].entity_id
    assert project.entities.name(by_text["KYIV"].entity_id) == "Kyiv"
    names = {name for _, name, _, _ in project.entities.all_entities()}
    assert not {"KYIV", "KIEV", "KREMLIN"} & names


def test_capital_patterns_point_back_to_a_usual_spelling() -> None:
    patterns = ruler_patterns()
    usual = {p["pattern"] for p in patterns if "id" not in p}
    capitals = [p for p in patterns if "id" in p]
    assert {"pattern": "KYIV", "label": "GPE", "id": "Kyiv"} in capitals
    assert all(p["id"] in usual and p["pattern"] == p["id"].upper() for p in capitals)
    assert not any(p["pattern"].islower() for p in patterns)
    texts = [p["pattern"] for p in patterns]
    assert len(texts) == len(set(texts))  # "NATO" is listed once, not again as capitals
