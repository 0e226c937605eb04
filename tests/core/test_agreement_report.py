"""The agreement report over real project files and generated coder work, checked against
krippendorff and scikit-learn on the data the coders entered."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from krippendorff import alpha as reference_alpha
from sklearn.metrics import cohen_kappa_score

from framedesk.core.review.agreement import build_report, session_report
from framedesk.core.review.compare import compare
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import PRIMARY, TONE, ArticleWork, make_item
from tests.core.test_review import make_coder_file

FRAMES = ["security", "economic", "political", "morality", "health"]
TONES = ["negative", "neutral", "positive"]


def by_variable(report):
    return {v.variable: v for v in report.variables}


def ref_alpha(rows: list[list], domain: list, level: str) -> float:
    index = {v: i for i, v in enumerate(domain)}
    data = np.array([[np.nan if v is None else index[v] for v in row] for row in rows], float)
    return float(reference_alpha(reliability_data=data, value_domain=list(range(len(domain))),
                                 level_of_measurement=level))


def test_report_over_two_files_matches_the_references(tmp_path) -> None:
    texts = [f"Story {i}\n\nKyiv said the talks in Geneva failed on day {i}." for i in range(24)]
    rng = np.random.default_rng(7)
    ana_frames = [FRAMES[i % 5] for i in range(24)]
    ben_frames = [f if rng.random() < 0.7 else FRAMES[int(rng.integers(5))] for f in ana_frames]
    ana_tones = [TONES[i % 3] for i in range(24)]
    ben_tones = [t if rng.random() < 0.6 else TONES[int(rng.integers(3))] for t in ana_tones]
    ana_tones[3] = None                                  # Ana left one tone out
    make_coder_file(tmp_path / "a.framedesk", "Ana", ana_frames, ana_tones, texts=texts)
    make_coder_file(tmp_path / "b.framedesk", "Ben", ben_frames, ben_tones, texts=texts)
    with ReviewSession.open([tmp_path / "a.framedesk", tmp_path / "b.framedesk"]) as session:
        report = session_report(session)
    v = by_variable(report)
    assert report.articles == 24 and report.coders == ["Ana", "Ben"]
    frame = v["primary frame"]
    assert frame.units == 24 and frame.coders == 2
    assert frame.kappa == pytest.approx(cohen_kappa_score(ana_frames, ben_frames))
    assert frame.alpha == pytest.approx(ref_alpha([ana_frames, ben_frames], FRAMES, "nominal"))
    assert frame.percent == pytest.approx(np.mean(np.array(ana_frames) == np.array(ben_frames)))
    tone = v["tone"]
    assert tone.units == 23 and tone.level == "ordinal"
    # Ordinal: negative < neutral < positive, not the alphabet.
    assert tone.alpha == pytest.approx(ref_alpha([ana_tones, ben_tones], TONES, "ordinal"))
    both = [(a, b) for a, b in zip(ana_tones, ben_tones) if a is not None]
    assert tone.kappa == pytest.approx(cohen_kappa_score([a for a, _ in both], [b for _, b in both]))
    presence = v["frame presence: security"]
    ana_yes = ["yes" if f == "security" else "no" for f in ana_frames]
    ben_yes = ["yes" if f == "security" else "no" for f in ben_frames]
    assert presence.kappa == pytest.approx(cohen_kappa_score(ana_yes, ben_yes))
    matrix = frame.confusions[0]
    assert sum(map(sum, matrix.counts)) == 24
    assert sum(matrix.counts[i][i] for i in range(len(matrix.labels))) == sum(
        a == b for a, b in zip(ana_frames, ben_frames))
    # Identical attributions and cues on the same spans.
    assert v["attribution identification"].percent == 1.0
    spans = {(s.variable, s.mode): s for s in report.spans}
    assert spans["attribution content spans", "exact"].f1 == 1.0
    cue = spans["frame cue spans", "exact"]      # the cue's code is the primary frame
    assert cue.matched == sum(a == b for a, b in zip(ana_frames, ben_frames))
    assert spans["entity spans", "exact"].f1 == 1.0


def test_few_units_and_single_values_are_flagged(tmp_path) -> None:
    make_coder_file(tmp_path / "a.framedesk", "Ana", ["security"] * 6, ["neutral"] * 6)
    make_coder_file(tmp_path / "b.framedesk", "Ben", ["security"] * 6, ["neutral"] * 6)
    with ReviewSession.open([tmp_path / "a.framedesk", tmp_path / "b.framedesk"]) as session:
        report = session_report(session)
    frame = by_variable(report)["primary frame"]
    assert frame.percent == 1.0 and frame.alpha is None and frame.kappa is None
    assert {n.code for n in frame.notices} == {"few_units", "undefined"}


def test_span_f1_counts_overlap_separately_from_exact(tmp_path) -> None:
    from framedesk.core.store import Project

    make_coder_file(tmp_path / "a.framedesk", "Ana", ["security"] * 6, ["neutral"] * 6)
    make_coder_file(tmp_path / "b.framedesk", "Ben", ["security"] * 6, ["neutral"] * 6)
    with Project.open(tmp_path / "b.framedesk", annotator="Ben") as ben:
        aid = ben.articles.ids()[0]
        cue = ben.coding.cues(aid, "Ben")[0]
        ben.coding.remove_cue(cue.id)
        ben.coding.add_cue(aid, 0, 8, "policy_frames", "security")   # longer than Ana's
    with ReviewSession.open([tmp_path / "a.framedesk", tmp_path / "b.framedesk"]) as session:
        spans = {(s.variable, s.mode): s for s in session_report(session).spans}
    exact, overlap = spans["frame cue spans", "exact"], spans["frame cue spans", "overlap"]
    assert (exact.in_a, exact.in_b, exact.matched) == (6, 6, 5)
    assert exact.f1 == pytest.approx(5 / 6)
    assert overlap.matched == 6 and overlap.f1 == 1.0


codes = st.one_of(st.none(), st.sampled_from(FRAMES[:3]))
tones = st.one_of(st.none(), st.sampled_from(TONES))


def works_from(table: list[list[tuple[str | None, str | None]]]) -> dict:
    """coder -> uid -> work, from rows of (frame, tone) per coder; every coder 'done'."""
    out: dict[str, dict[str, ArticleWork]] = {}
    for c in range(len(table[0])):
        coder = f"coder{c}"
        out[coder] = {}
        for u, row in enumerate(table):
            frame, tone = row[c]
            items = {}
            if frame:
                items[PRIMARY] = [make_item(PRIMARY, {"codebook": "pf", "code": frame})]
            if tone:
                items[TONE] = [make_item(TONE, {"codebook": "tone", "code": tone})]
            out[coder][f"u{u}"] = ArticleWork(f"u{u}", f"Story {u}", "done", items)
    return out


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 4).flatmap(lambda n: st.lists(
    st.lists(st.tuples(codes, tones), min_size=n, max_size=n), min_size=2, max_size=25)))
def test_generated_coder_work_matches_the_references(table) -> None:
    report = build_report(compare(works_from(table)), tone_order=TONES)
    v = by_variable(report)
    n = len(table[0])
    frames = [[row[c][0] for row in table] for c in range(n)]
    tone_rows = [[row[c][1] for row in table] for c in range(n)]
    for variable, rows, domain, level in (("primary frame", frames, FRAMES[:3], "nominal"),
                                          ("tone", tone_rows, TONES, "ordinal")):
        ours = v[variable].alpha
        pairable = [[x for x in unit if x is not None] for unit in zip(*rows)]
        distinct = {x for unit in pairable if len(unit) > 1 for x in unit}
        if len(distinct) < 2:
            assert ours is None
        else:
            assert ours == pytest.approx(ref_alpha(rows, domain, level), abs=1e-9)
        if n == 2 and v[variable].kappa is not None:
            pairs = [(a, b) for a, b in zip(*rows) if a is not None and b is not None]
            a, b = [p[0] for p in pairs], [p[1] for p in pairs]
            assert v[variable].kappa == pytest.approx(
                cohen_kappa_score(a, b, labels=sorted(set(a) | set(b))), abs=1e-9)


def test_tone_order_comes_from_the_codebook_or_from_the_words(tmp_path) -> None:
    from framedesk.core.review.agreement import rank_tones, tone_order_of
    from framedesk.core.store import Project

    with Project.create(tmp_path / "p.framedesk") as p:
        shipped = tone_order_of(p.db)
    assert rank_tones({"neutral", "implicit_anti"}, shipped) == shipped
    assert rank_tones({"positive", "negative", "neutral"}, shipped) == [
        "negative", "neutral", "positive"]
