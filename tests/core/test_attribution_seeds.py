"""On the two seed articles, imported as the importer cleans them, the suggestions an analyst
needs first: NBC behind the opening paragraphs, and the anonymous sources behind NBC."""

from __future__ import annotations

import json

import pytest

from framedesk.core.nlp.attribution import AttributionExtractor, suggest_for_articles
from framedesk.core.store.attributions import Attribution

GOLD = "attribution_gold/gold.jsonl"


@pytest.fixture(scope="module")
def extractor() -> AttributionExtractor:
    return AttributionExtractor()


@pytest.fixture
def suggested(project, seeded, extractor):
    """{seed number: (text, stored attributions)} after suggesting on both seeds."""
    suggest_for_articles(project, seeded, extractor=extractor)
    out = {}
    for number, article_id in zip(("000", "004"), seeded):
        text = project.articles.get(article_id).text
        out[number] = (text, project.attributions.list(article_id))
    return out


def by_source(text: str, found: list[Attribution], source: str) -> Attribution:
    hits = [a for a in found if a.source and text[a.source.start:a.source.end] == source]
    assert hits, f"no suggestion with source {source!r}: " + repr(
        [text[a.source.start:a.source.end] for a in found if a.source])
    return hits[0]


def first_paragraph(text: str) -> tuple[int, int]:
    """The body's first paragraph (after the headline line)."""
    start = text.index("\n\n") + 2
    end = text.find("\n\n", start)
    return start, end if end != -1 else len(text)


def test_nbc_is_the_source_behind_the_first_paragraph_of_both(suggested):
    text, found = suggested["000"]
    a = by_source(text, found, "NBC reports")
    lo, hi = first_paragraph(text)
    assert text[a.cue.start:a.cue.end] == "according to"
    assert lo <= a.content.start and a.content.end <= hi
    assert text[a.content.start:a.content.end].startswith(
        "American and European officials have discretely engaged in talks")
    assert (a.identification, a.source_type, a.entity) == ("named", "other_media", "NBC")

    text, found = suggested["004"]
    lo, hi = first_paragraph(text)  # the standfirst: "The picture outlined by NBC ..."
    a = by_source(text, found, "NBC")
    assert lo <= a.content.start and a.content.end <= hi
    assert text[a.content.start:a.content.end] == (
        "negotiations with Putin must be made at the beginning of 2024")
    broadcaster = by_source(text, found, "the broadcaster NBC")
    for b in (a, broadcaster):
        assert (b.identification, b.source_type, b.entity) == ("named", "other_media", "NBC")


def test_the_unnamed_sources(suggested):
    text, found = suggested["000"]
    a = by_source(text, found, "one source who is familiar with the discussions")
    assert a.identification == "described_unnamed" and a.quote_type == "direct"
    assert a.unnamed["inside_knowledge"] is True and a.unnamed["count"] == 1
    assert text[a.content.start:a.content.end].startswith('"Human resources are the major')

    a = by_source(text, found, "Anonymous officials aware of the talks")
    assert a.identification == "described_unnamed"
    assert a.unnamed["inside_knowledge"] is True
    assert a.source_type == "government_official"

    text, found = suggested["004"]
    a = by_source(text, found, "two US sources, including a currently operational official")
    assert a.identification == "described_unnamed"
    assert a.unnamed["count"] == 2 and a.unnamed["affiliation"] is True


def test_according_to_analysts_is_vague(suggested):
    text, found = suggested["004"]
    a = by_source(text, found, "analysts")
    assert text[a.cue.start:a.cue.end] == "According to"
    assert (a.identification, a.source_type) == ("vague", "expert_academic")
    assert text[a.content.start:a.content.end].startswith("Kiev probably has until the end")


def test_hedged_reporting_in_the_seeds(suggested):
    text, found = suggested["004"]
    hedged = [text[a.cue.start:a.cue.end] for a in found
              if a.certainty == "hedged" and a.source is None]
    assert "would have" in hedged and "said" in hedged   # "would have outlined", "is said to"
    text, found = suggested["000"]
    a = next(a for a in found if a.cue and text[a.cue.start:a.cue.end] == "reported")
    assert (a.source, a.certainty, a.identification) == (None, "hedged", "unattributed")


def test_gold_seed_texts_are_the_importers_texts(project, seeded):
    from tests.conftest import TEST_DATA

    gold = [json.loads(line) for line in (TEST_DATA / GOLD).read_text("utf-8").splitlines()]
    seeds = {r["meta"]["gold_id"]: r["text"] for r in gold if r["meta"]["gold_id"].startswith("seed")}
    texts = [project.articles.get(i).text for i in seeded]
    assert [seeds["seed000"], seeds["seed004"]] == texts
