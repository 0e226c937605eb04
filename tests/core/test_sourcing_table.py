"""The corpus sourcing table on a small project whose numbers were counted by hand."""

from __future__ import annotations

import csv

import pytest

from framedesk.core.model import ArticleDraft, Span
from framedesk.core.sourcing_table import sourcing_table
from framedesk.core.store.attributions import Attribution

TEXT = "Officials said the talks failed. NBC reported it. The Kremlin denied it all."


@pytest.fixture
def known(project):
    """Daily: 2 articles, Wire: 1, no outlet: 1, with attributions of every status.

    Daily, article 1: manual named/other_media (NBC), manual described/government,
                      suggested vague/expert, rejected named/other_media (NBC)
    Daily, article 2: accepted named/other_media (NBC), manual vague/unknown
    Wire,  article 3: manual institutional/government (Kremlin), manual with no attributes
    no outlet, article 4: nothing
    """
    ids = [i for i, _ in project.articles.add_many([
        ArticleDraft(text=TEXT + " One.", outlet="Daily"),
        ArticleDraft(text=TEXT + " Two.", outlet="Daily"),
        ArticleDraft(text=TEXT + " Three.", outlet="Wire"),
        ArticleDraft(text=TEXT + " Four."),
    ])]
    nbc = project.entities.ensure("NBC", "ORG")
    kremlin = project.entities.ensure("Kremlin", "ORG")

    def add(article: int, n: int, status: str, ident: str | None, stype: str | None,
            entity: int | None = None) -> None:
        project.attributions.add(Attribution(
            article_id=ids[article], source=Span(n, n + 3), content=Span(20 + n, 30 + n),
            identification=ident, source_type=stype, entity_id=entity, status=status))

    add(0, 0, "manual", "named", "other_media", nbc)
    add(0, 1, "manual", "described_unnamed", "government_official")
    add(0, 2, "suggested", "vague", "expert_academic")
    add(0, 3, "rejected", "named", "other_media", nbc)
    add(1, 0, "accepted", "named", "other_media", nbc)
    add(1, 1, "manual", "vague", "unknown")
    add(2, 0, "manual", "institutional", "government_official", kremlin)
    add(2, 1, "manual", None, None)
    return ids


def test_counts_per_outlet_match_the_hand_count(project, known):
    table = sourcing_table(project)
    assert [r.outlet for r in table.rows] == ["Daily", "Wire", "(no outlet)"]
    daily, wire, none = table.rows
    assert (daily.articles, daily.attributions) == (2, 4)
    assert dict(daily.by_identification) == {"named": 2, "described_unnamed": 1, "vague": 1}
    assert dict(daily.by_source_type) == {"other_media": 2, "government_official": 1,
                                          "unknown": 1}
    assert daily.unnamed == 2 and daily.unnamed_share == pytest.approx(0.5)
    assert daily.top_sources() == [("NBC", 2)]
    assert (wire.articles, wire.attributions, wire.unnamed_share) == (1, 2, 0.0)
    assert dict(wire.by_identification) == {"institutional": 1, "unspecified": 1}
    assert wire.top_sources() == [("Kremlin", 1)]
    assert (none.articles, none.attributions) == (1, 0)
    total = table.total
    assert (total.articles, total.attributions, total.unnamed) == (4, 6, 2)
    assert total.unnamed_share == pytest.approx(2 / 6)
    assert total.top_sources() == [("NBC", 2), ("Kremlin", 1)]


def test_suggestions_count_only_when_asked_and_rejections_never(project, known):
    daily = sourcing_table(project, include_suggestions=True).rows[0]
    assert daily.attributions == 5
    assert daily.by_identification["vague"] == 2
    assert daily.unnamed_share == pytest.approx(3 / 5)
    assert daily.sources["NBC"] == 2  # the rejected NBC attribution stays out


def test_a_selection_of_articles_only_counts_those(project, known):
    table = sourcing_table(project, article_ids=[known[1], known[2]])
    assert [r.outlet for r in table.rows] == ["Daily", "Wire"]
    assert (table.rows[0].articles, table.rows[0].attributions) == (1, 2)
    assert table.total.attributions == 4


def test_one_analyst_only(project, known):
    project.annotator = "Ben"
    project.attributions.add(Attribution(article_id=known[2], source=Span(0, 3),
                                         content=Span(10, 20), identification="vague",
                                         source_type="unknown", status="manual"))
    assert sourcing_table(project).rows[1].attributions == 3
    assert sourcing_table(project, annotator="Ana").rows[1].attributions == 2
    assert sourcing_table(project, annotator="Ben").rows[1].attributions == 1


def test_csv_has_a_row_per_outlet_and_codebook_columns(project, known, tmp_path):
    out = sourcing_table(project).to_csv(tmp_path / "sources.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets need the BOM for UTF-8
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["outlet"] for r in rows] == ["Daily", "Wire", "(no outlet)", "(all)"]
    daily = rows[0]
    assert daily["attributions"] == "4" and daily["unnamed_share"] == "0.500"
    assert daily["identification_named"] == "2"
    assert daily["identification_institutional"] == "0"
    assert daily["source_type_other_media"] == "2"
    assert daily["top_sources"] == "NBC (2)"
    assert rows[1]["identification_unspecified"] == "1"
    assert rows[3]["top_sources"] == "NBC (2); Kremlin (1)"
    # Every identification of the codebook has a column, counted or not.
    for key in ("named", "described_unnamed", "vague", "institutional", "unattributed"):
        assert f"identification_{key}" in daily


def test_an_articles_sources_grouped_for_the_panel(project):
    from framedesk.core.sourcing_table import NO_SOURCE, sources_of_article

    text = ("NBC reported the talks. Officials said they began in May. NBC said more. "
            "The talks reportedly stalled.")
    (article_id, _), = project.articles.add_many([ArticleDraft(text=text)])
    nbc = project.entities.ensure("NBC", "ORG")

    def span(needle: str, after: int = 0) -> Span:
        start = text.index(needle, after)
        return Span(start, start + len(needle))

    second_nbc = span("NBC", 1)
    for source, content, status, entity, ident in [
        (span("NBC"), span("the talks"), "manual", nbc, "named"),
        (span("Officials"), span("they began in May"), "manual", None, "vague"),
        (second_nbc, span("more"), "suggested", nbc, "named"),
        (None, span("The talks reportedly stalled"), "manual", None, "unattributed"),
    ]:
        project.attributions.add(Attribution(article_id=article_id, source=source,
                                             content=content, entity_id=entity,
                                             identification=ident, status=status))
    groups = sources_of_article(project, article_id)
    assert [(g.label, len(g.attributions)) for g in groups] == [
        ("NBC", 2), ("Officials", 1), (NO_SOURCE, 1)]
    assert groups[0].identification == "named" and groups[0].entity_id == nbc
    checked = sources_of_article(project, article_id, include_suggestions=False)
    assert [(g.label, len(g.attributions)) for g in checked][0] == ("NBC", 1)
