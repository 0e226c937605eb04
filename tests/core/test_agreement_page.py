"""The agreement report's per-article figures and its HTML page, whose every text comes
from other people's files."""

from __future__ import annotations

import re
from pathlib import Path

from framedesk.core.review.agreement import session_report
from framedesk.core.review.report import to_html
from framedesk.core.review.session import ReviewSession
from framedesk.messages import describe_notice
from tests.core.test_review import TEXTS, make_coder_file

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def files(tmp_path: Path) -> list[Path]:
    texts = list(TEXTS)
    texts[2] = EVIL + "\n\n" + texts[2]     # the title is the first line
    ana, ben = tmp_path / "ana.framedesk", tmp_path / "ben.framedesk"
    make_coder_file(ana, "Ana", ["security", "economic", "security", "political", "morality",
                                 "health"], ["neutral"] * 6, texts=texts)
    make_coder_file(ben, "Ben", ["security", "economic", "economic", "political", "economic",
                                 "health"], ["neutral"] * 6, texts=texts,
                    cue_code={1: "morality"})
    return [ana, ben]


def test_articles_are_ranked_by_their_open_questions(tmp_path) -> None:
    with ReviewSession.open(files(tmp_path)) as session:
        report = session_report(session)
    ranked = [(f.title, f.total) for f in report.article_figures]
    # Story 4 and the hostile one: primary frame and cue differ; Story 1: the cue only.
    assert ranked[2] == ("Story 1", 1)
    assert {t for t, n in ranked if n == 2} == {EVIL, "Story 4"}
    assert {t for t, n in ranked if n == 1} == {"Story 1"}
    assert ranked[-1][1] == 0 and len(ranked) == 6
    agreeing = next(f for f in report.article_figures if f.title == "Story 0")
    assert agreeing.span_alpha["entity spans"] == 1.0
    cues = next(f for f in report.article_figures if f.title == "Story 4")
    assert cues.span_alpha["frame cue spans"] < 1.0       # same span, another code
    rows = {(r.variable, r.label): r for r in report.span_alphas}
    assert rows[("entity spans", "")].alpha == 1.0
    assert rows[("frame cue spans", "")].alpha < 1.0


def test_the_page_escapes_titles_and_loads_nothing(tmp_path) -> None:
    with ReviewSession.open(files(tmp_path)) as session:
        page = to_html(session_report(session), describe_notice)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    # No tag loads anything (the title's text "src=" is escaped inside a cell).
    assert re.search(r"<[a-z][^>]*\s(src|href)=", page) is None and "@import" not in page
    assert page.count("<table>") >= 4                 # variables, F1, u-alpha, worst ...
