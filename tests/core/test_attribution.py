"""Attribution suggestions on varied sentence shapes, and how re-runs treat the analyst's work."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framedesk.core.errors import Cancelled
from framedesk.core.model import ArticleDraft, Span
from framedesk.core.nlp.attribution import ORIGIN, AttributionExtractor, suggest_for_articles
from framedesk.core.progress import Progress
from framedesk.core.store.attributions import Attribution


@pytest.fixture(scope="module")
def extractor() -> AttributionExtractor:
    return AttributionExtractor()


def parts(text: str, a: Attribution) -> tuple[str | None, str | None, str | None]:
    def t(span: Span | None) -> str | None:
        return text[span.start:span.end] if span else None
    return t(a.source), t(a.cue), t(a.content)


def only(extractor: AttributionExtractor, text: str) -> tuple[Attribution, tuple]:
    found = extractor.extract(text)
    assert len(found) == 1, [parts(text, a) for a in found]
    return found[0], parts(text, found[0])


@pytest.mark.parametrize("text, expected", [
    ("The minister said that the talks had failed.",
     ("The minister", "said", "that the talks had failed")),
    ("The talks had failed, the minister said.",
     ("the minister", "said", "The talks had failed")),
    ("The talks had failed, said a senior diplomat.",
     ("a senior diplomat", "said", "The talks had failed")),
    ("Officials have warned for months that the bridge was unsafe.",
     ("Officials", "warned", "the bridge was unsafe")),
    ("The firm denied that it had broken the law.",
     ("The firm", "denied", "that it had broken the law")),
    ("According to Reuters, the ceasefire collapsed overnight.",
     ("Reuters", "According to", "the ceasefire collapsed overnight")),
    ("The ceasefire collapsed overnight, according to two officials familiar with the matter.",
     ("two officials familiar with the matter", "according to",
      "The ceasefire collapsed overnight")),
    ("The mayor pointed out that the budget was already overspent.",
     ("The mayor", "pointed out", "that the budget was already overspent")),
])
def test_indirect_speech_shapes(extractor, text, expected):
    a, got = only(extractor, text)
    assert got == expected
    assert a.quote_type == "indirect"
    assert a.status == "suggested" and a.origin == ORIGIN


def test_direct_quote_after_and_before_its_cue(extractor):
    text = '"We will not give up," said Maria Lopez, the union leader.'
    a, got = only(extractor, text)
    assert got == ("Maria Lopez, the union leader", "said", '"We will not give up,"')
    assert (a.quote_type, a.identification) == ("direct", "named")
    text = 'Maria Lopez said: "We will not give up on this fight."'
    a, got = only(extractor, text)
    assert got[0] == "Maria Lopez" and got[2] == '"We will not give up on this fight."'


def test_a_quote_split_by_its_cue_is_one_content(extractor):
    text = '"The water came fast," said Anna Berg. "We lost everything downstairs."'
    a, got = only(extractor, text)
    assert got == ("Anna Berg", "said", text)
    assert a.quote_type == "direct"


def test_a_quote_paragraph_continues_the_previous_speaker(extractor):
    text = ('Council leader Marta Ilic defended the plan. "This is the right decision," she '
            'said. "It will change the city.\n\n"We have listened to every objection."')
    found = extractor.extract(text)
    last = found[-1]
    assert parts(text, last) == ("she", None, '"We have listened to every objection."')
    assert last.identification == "named"


def test_mixed_quote(extractor):
    text = 'The minister said the offer was "fair and affordable" and final.'
    a, got = only(extractor, text)
    assert a.quote_type == "mixed"


def test_secondary_sourcing_told_an_outlet(extractor):
    text = "A diplomat involved in the talks told Reuters that both sides had rejected the draft."
    found = extractor.extract(text)
    a = next(x for x in found if parts(text, x)[1] == "told")
    assert parts(text, a)[0] == "A diplomat involved in the talks"
    assert a.unnamed["via"] == "Reuters"
    assert a.unnamed["inside_knowledge"] is True and a.unnamed["count"] == 1
    assert a.identification == "described_unnamed"


def test_outlets_are_other_media_and_institutions_institutional(extractor):
    a, _ = only(extractor, "According to NBC, the talks began in October.")
    assert (a.identification, a.source_type) == ("named", "other_media")
    a, _ = only(extractor, "The Kremlin said the strikes would continue.")
    assert (a.identification, a.source_type) == ("institutional", "government_official")
    a, _ = only(extractor, "Officials said the bridge would reopen on Monday.")
    assert (a.identification, a.source_type) == ("vague", "government_official")
    a, _ = only(extractor, "Analysts say the market will recover next year.")
    assert (a.identification, a.source_type) == ("vague", "expert_academic")


@pytest.mark.parametrize("text, cue", [
    ("The minister reportedly offered to resign.", "reportedly"),
    ("It is reported that the minister offered to resign.", "reported"),
    ("The minister is said to have offered to resign.", "said"),
])
def test_hedges_without_a_source(extractor, text, cue):
    a, got = only(extractor, text)
    assert got[0] is None and got[1] == cue
    assert (a.certainty, a.identification) == ("hedged", "unattributed")


def test_a_hedge_inside_a_sourced_report_hedges_it(extractor):
    a, got = only(extractor, "The fire is believed to have started in a kitchen, police said.")
    assert got[0] == "police" and a.certainty == "hedged"


def test_denials(extractor):
    a, got = only(extractor, "The company denied the allegations.")
    assert a.certainty == "denied" and got[2] == "the allegations"
    # Rejecting a thing is an act, not a denial of a claim.
    assert extractor.extract("The committee rejected the latest draft.") == []


def test_anonymity_reason_and_count(extractor):
    text = ("Two senior civil servants, speaking on condition of anonymity because they were "
            "not authorised to discuss the draft, said the plan had been dropped.")
    a, got = only(extractor, text)
    assert got[0].startswith("Two senior civil servants, speaking")
    assert a.unnamed == {"count": 2, "affiliation": True, "reason": True,
                         "inside_knowledge": False}


def test_offsets_are_code_points_after_emoji(extractor):
    text = "😀 Flood update 🌊\n\nThe mayor said that the river had peaked."
    a, got = only(extractor, text)
    assert got == ("The mayor", "said", "that the river had peaked")


def test_no_attribution_in_plain_narration(extractor):
    assert extractor.extract("The river burst its banks on Sunday night. Roads were closed.") == []


# ------------------------------------------------------------------ storing and re-running
TEXT = ("Officials said the bridge would reopen on Monday. The mayor denied that the repairs "
        "had been rushed. According to engineers, the cracks were minor.")


def test_suggestions_are_stored_and_rerun_respects_the_analyst(project, extractor):
    (article_id, _), = project.articles.add_many([ArticleDraft(text=TEXT)])
    assert suggest_for_articles(project, [article_id], extractor=extractor) == 3
    first = project.attributions.list(article_id)
    assert [a.status for a in first] == ["suggested"] * 3
    assert {a.origin for a in first} == {ORIGIN}
    rejected, accepted, edited = first
    project.attributions.set_status(rejected.id, "rejected")
    project.attributions.set_status(accepted.id, "accepted")
    edited.identification = "institutional"
    project.attributions.update(edited)  # an edited suggestion becomes the analyst's
    manual = project.attributions.add(Attribution(
        article_id=article_id, source=Span(0, 9), content=Span(15, 48), status="manual",
        identification="described_unnamed"))

    assert suggest_for_articles(project, [article_id], extractor=extractor) == 0
    after = {a.id: a for a in project.attributions.list(article_id, include_rejected=True)}
    assert len(after) == 4  # nothing duplicated, nothing new
    assert after[rejected.id].status == "rejected"
    assert after[accepted.id].status == "accepted"
    assert after[edited.id].identification == "institutional"
    assert after[edited.id].status == "accepted"
    assert after[manual].status == "manual"
    assert rejected.id not in {a.id for a in project.attributions.list(article_id)}


def test_open_suggestions_are_replaced_not_duplicated(project, extractor):
    (article_id, _), = project.articles.add_many([ArticleDraft(text=TEXT)])
    suggest_for_articles(project, [article_id], extractor=extractor)
    suggest_for_articles(project, [article_id], extractor=extractor)
    assert len(project.attributions.list(article_id)) == 3


def test_cancel_keeps_the_articles_already_done(project, extractor):
    ids = [i for i, _ in project.articles.add_many(
        [ArticleDraft(text=TEXT), ArticleDraft(text=TEXT + " Two.")])]
    # Progress counts characters: cancel once the first article's are done.
    progress = Progress(lambda done, total, label: progress.cancel() if done else None)
    with pytest.raises(Cancelled):
        suggest_for_articles(project, ids, progress=progress, extractor=extractor)
    assert len(project.attributions.list(ids[0])) == 3
    assert project.attributions.list(ids[1]) == []


WORDS = ["said", '"', "“", "”", "he", "officials", "according", "to", "that", ",", ".", "\n\n",
         "reportedly", "would", "have", "denied", "the", "report", "NBC", ":", "😀", "It", "is",
         "reported", "by", "as", "noted", "which", "told", "Reuters", "sources", "say", "—"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_any_text_gives_spans_inside_it(extractor, words):
    """Broken quotes, lone cues and stray line breaks never crash the rules or produce a
    span outside the text (articles come from scrapers)."""
    text = " ".join(words)
    for a in extractor.extract(text):
        for span in (a.source, a.cue, a.content):
            assert span is None or 0 <= span.start < span.end <= len(text)
        assert a.content or a.source
