"""What issue 17 added to the attribution rules, on sentences written here, and the PolNeAR
dev figures (read from ../shared/data at run time; skipped when the data is not there)."""

from __future__ import annotations

import pytest

from framedesk.core.nlp.attribution import AttributionExtractor
from tests.benchmarks import polnear


@pytest.fixture(scope="module")
def extractor() -> AttributionExtractor:
    try:
        return AttributionExtractor()
    except Exception as exc:  # noqa: BLE001 - no model installed: nothing to test
        pytest.skip(f"no spaCy pipeline: {exc}")


def parts(text, extractor):
    def s(span):
        return text[span.start:span.end] if span else None
    return [(s(a.source), s(a.cue), s(a.content), a.entity) for a in extractor.extract(text)]


@pytest.mark.parametrize("text, expected", [
    ("Clinton wants to triple the size of AmeriCorps.",
     ("Clinton", "wants", "to triple the size of AmeriCorps")),
    ("Republican nominee Donald Trump has called for the complete repeal of Obamacare.",
     ("Republican nominee Donald Trump", "called for", "the complete repeal of Obamacare")),
    ("The minister said that the talks had failed.",
     ("The minister", "said", "that the talks had failed")),
])
def test_stance_cues_and_the_complementiser(extractor, text, expected):
    assert [p[:3] for p in parts(text, extractor)] == [expected]


def test_parenthetical_said_takes_the_sentence_around_it(extractor):
    text = "Acts of protest, Mr. Obama said, are acts of patriotism."
    assert parts(text, extractor)[0][:3] == (
        "Mr. Obama", "said", "Acts of protest, Mr. Obama said, are acts of patriotism")


def test_headline_and_signed_quote(extractor):
    text = ("Pence: Gennifer Flowers Won't Be at Debate.\n\n"
            "\u201cThe most unqualified child to ever run for president.\u201d \u2015 Francisco Herrero")
    got = [p[:3] for p in parts(text, extractor)]
    assert ("Pence", ":", "Gennifer Flowers Won't Be at Debate") in got
    assert ("Francisco Herrero", "\u2015",
            "\u201cThe most unqualified child to ever run for president.\u201d") in got


def test_dateline_is_not_the_source_and_surnames_link(extractor):
    text = ("MOSCOW - Russian officials said on Monday that the talks had failed.\n\n"
            "German Chancellor Olaf Scholz said the budget was sound. Later, Scholz said he "
            "would not resign.")
    got = parts(text, extractor)
    assert got[0][0] == "Russian officials"
    assert [g[3] for g in got[1:]] == ["Olaf Scholz", "Olaf Scholz"]


def test_nyt_double_apostrophe_quotes_link_to_the_speaker(extractor):
    text = "''We're not a burden on America or a stain on America,'' Mr. Obama said."
    got = parts(text, extractor)
    assert got[0][0] == "Mr. Obama" and got[0][2].startswith("''We're not a burden")


def test_polnear_dev_scoring_reads_the_corpus():
    if not polnear.available():
        pytest.skip("../shared/data/polnear-dev is not beside this checkout")
    articles = polnear.load()
    assert len(articles) == 84 and sum(len(a.gold) for a in articles) > 2000
    perfect = polnear.score((a, [polnear.Suggested(
        g.source and polnear.hull(g.source), g.cue and polnear.hull(g.cue),
        g.content and polnear.hull(g.content)) for g in a.gold]) for a in articles[:5])
    assert perfect.f1("content", "strict") == 1.0 and perfect.right_source_share == 1.0
    nothing = polnear.score((a, []) for a in articles[:5])
    assert nothing.f1("content", "lenient") == 0.0
