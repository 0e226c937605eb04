"""Chart data agrees with counts computed directly from the project file, and the report is
self-contained with every outside text escaped."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from framedesk.core.corpus_stats import CorpusStats
from framedesk.core.model import ArticleDraft, Span
from framedesk.core.report_html import build_report, write_report
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution
from framedesk.core.svg_charts import render

OUTLETS = ["Daily <b>Post</b>", "Courier", "Herald"]
FRAMES = ["economic", "security_and_defense", "political", "morality"]
TONES = ["explicit_anti", "implicit_anti", "neutral", "implicit_pro", "explicit_pro"]
IDENT = ["named", "described_unnamed", "vague", "institutional"]


@pytest.fixture
def coded(project: Project) -> Project:
    rng = random.Random(5)
    for i in range(40):
        draft = ArticleDraft(text=f"Story {i}\n\n" + "Words of the article. " * 20,
                             outlet=OUTLETS[i % 3], published=f"2024-{1 + i % 4:02d}-1{i % 9}")
        (aid, _), = project.articles.add_many([draft])
        for code in rng.sample(FRAMES, rng.randint(0, 3)):
            project.coding.set_frame(aid, "policy_frames", code, primary=rng.random() < 0.4)
        if rng.random() < 0.8:
            project.coding.set_tone(aid, rng.choice(TONES))
        for k in range(rng.randint(0, 3)):
            project.attributions.add(Attribution(
                aid, source=Span(k * 10, k * 10 + 5), identification=rng.choice(IDENT),
                source_type=rng.choice(["government_official", "other_media", None]),
                status=rng.choice(["manual", "accepted", "suggested"])))
    return project


def _direct(path: Path, sql: str) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {tuple(r[:-1]): r[-1] for r in conn.execute(sql)}
    finally:
        conn.close()


def test_frames_and_tone_by_outlet_match_the_file(coded: Project) -> None:
    stats = CorpusStats(coded)
    frames = stats.frames_by_outlet()
    expected = _direct(coded.path, "SELECT a.outlet, d.code, count(DISTINCT a.id) FROM articles a"
                       " JOIN doc_codes d ON d.article_id = a.id AND d.role != 'tone' GROUP BY 1, 2")
    got = {}
    for label, values in frames.series.items():
        code = next(c for c in FRAMES if stats.label(c) == label)
        for outlet, v in zip(frames.categories, values):
            if v:
                got[(outlet, code)] = v
    assert got == expected
    tone = stats.tone_by_outlet()
    total = sum(sum(v) for v in tone.series.values())
    assert total == sum(_direct(coded.path, "SELECT d.code, count(*) FROM doc_codes d"
                                " WHERE d.role = 'tone' GROUP BY 1").values())


def test_sourcing_charts_leave_out_unaccepted_suggestions(coded: Project) -> None:
    chart = CorpusStats(coded).identification_by_outlet()
    expected = _direct(coded.path, "SELECT count(*) FROM attributions"
                       " WHERE status IN ('manual', 'accepted')")
    assert sum(sum(v) for v in chart.series.values()) == expected[()]
    unnamed = CorpusStats(coded).unnamed_share_over_time()
    assert unnamed.categories == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert all(0 <= v <= 1 for values in unnamed.series.values() for v in values)


def test_a_filtered_subset_counts_only_its_articles(coded: Project) -> None:
    ids = coded.articles.ids()[:10]
    chart = CorpusStats(coded, ids).frames_by_outlet(primary_only=True)
    expected = _direct(coded.path, "SELECT count(*) FROM doc_codes WHERE role = 'primary'"
                       f" AND article_id IN ({','.join(map(str, ids))})")
    assert sum(sum(v) for v in chart.series.values()) == expected[()]


def test_csv_has_one_row_per_category(coded: Project) -> None:
    chart = CorpusStats(coded).source_types_by_outlet()
    lines = chart.to_csv().strip().split("\n")
    assert len(lines) == 1 + len(chart.categories)
    assert lines[0].split(",")[0] == "category"


def test_svg_and_report_escape_outside_text(coded: Project, tmp_path: Path) -> None:
    for chart in CorpusStats(coded).all_charts():
        svg = render(chart)
        assert "<b>" not in svg
        import xml.dom.minidom

        xml.dom.minidom.parseString(svg)  # well-formed, so viewers and Qt can draw it
    html = build_report(coded)
    assert "Daily &lt;b&gt;Post&lt;/b&gt;" in html and "<b>Post" not in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    out = write_report(coded, tmp_path / "r.html")
    assert out.read_text(encoding="utf-8") .count("<svg") == 7
    from framedesk.core.errors import ExportError

    with pytest.raises(ExportError):
        write_report(coded, out)  # not replaced without force


def test_csv_never_hands_a_formula_to_a_spreadsheet(project: Project) -> None:
    (aid, _), = project.articles.add_many([ArticleDraft(text="T\n\nBody.", outlet="=HYPERLINK(1)")])
    project.coding.set_frame(aid, "policy_frames", "economic", primary=True)
    rows = CorpusStats(project).frames_by_outlet().to_csv().split("\n")
    assert rows[1].startswith("'=HYPERLINK(1)")
