"""Krippendorff's unitizing alpha against the published worked examples, and the observed
disagreement against a brute-force reading of its definition."""

from __future__ import annotations

import random

import pytest

from framedesk.core.review.unitizing import (
    _sections,
    join_overlaps,
    pair_distance,
    unitizing_alpha,
)


def test_krippendorff_2004_worked_example() -> None:
    # Content Analysis (2004), p. 254: a continuum from 150 to 450, two coders, categories
    # c and k. Published: D_o(c) 0.0144, D_e(c) 0.0532, alpha_c 0.7286, alpha_k 1,
    # alpha over both 0.8591. Positions here start at 0 (150 subtracted).
    def at(*pairs):
        return [(b - 150, b - 150 + n) for b, n in pairs]

    spans = {"i": {"x": {"c": at((225, 70), (370, 30)), "k": at((180, 60), (300, 50))}},
             "j": {"x": {"c": at((220, 80), (355, 20), (400, 20)),
                         "k": at((180, 60), (300, 50))}}}
    overall, per = unitizing_alpha(spans, {"x": 300})
    c, k = per
    assert (c.category, k.category) == ("c", "k")
    assert c.observed == pytest.approx(0.0144, abs=5e-5)
    assert c.expected == pytest.approx(0.0532, abs=5e-5)
    assert c.alpha == pytest.approx(0.7286, abs=5e-5)
    assert k.observed == 0 and k.expected == pytest.approx(0.0490, abs=5e-5)
    assert k.alpha == 1.0
    assert overall.alpha == pytest.approx(0.8591, abs=5e-4)


# Krippendorff (1995), p. 57: four pairs of coders on a continuum of 24, begin and length
# of each unit; the published alphas are for the continuous case (the example stretched).
EXAMPLES_1995 = {
    "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)], 0.553),
    "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)], -0.926),
    "C": ([(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)],
          0.679),
    "D": ([(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)],
          [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)], 0.066),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES_1995))
def test_krippendorff_1995_examples(name: str) -> None:
    first, second, published = EXAMPLES_1995[name]
    stretch = 5000
    spans = {coder: {"x": {"u": [(b * stretch, (b + n) * stretch) for b, n in units]}}
             for coder, units in (("a", first), ("b", second))}
    overall, (only,) = unitizing_alpha(spans, {"x": 24 * stretch})
    # The paper rounds, and its printed D_e formula has a typo (Krippendorff 2004 fixes
    # it): two decimals is what the examples can confirm.
    assert only.alpha == pytest.approx(published, abs=0.02)
    assert overall.alpha == only.alpha


def brute_distance(a, b) -> int:
    """Every section of a against every section of b, by the definition's three cases."""
    total = 0
    for bg, eg, wg in a:
        for bh, eh, wh in b:
            lg, lh = eg - bg, eh - bh
            if wg and wh and -lg < bg - bh < lh:
                total += (bg - bh) ** 2 + (eg - eh) ** 2
            elif wg and not wh and lh - lg >= bg - bh >= 0:
                total += lg ** 2
            elif not wg and wh and lg - lh >= bh - bg >= 0:
                total += lh ** 2
    return total


def test_observed_disagreement_walk_equals_every_pair_compared() -> None:
    rng = random.Random(7)
    for _ in range(300):
        length = rng.randint(1, 80)
        partitions = []
        for _coder in range(2):
            spans = []
            for _ in range(rng.randint(0, 6)):
                s = rng.randrange(length)
                spans.append((s, rng.randint(s + 1, length)))
            partitions.append(_sections(join_overlaps(spans, length), length))
        assert pair_distance(*partitions) == brute_distance(*partitions)
        assert pair_distance(partitions[1], partitions[0]) == brute_distance(
            partitions[1], partitions[0])


def test_identical_coders_agree_fully_and_articles_pool() -> None:
    one = {"a1": {"PERSON": [(0, 5), (20, 30)], "ORG": [(40, 44)]}, "a2": {"PERSON": [(3, 9)]}}
    overall, per = unitizing_alpha({"x": one, "y": one, "z": one}, {"a1": 60, "a2": 50})
    assert overall.alpha == 1.0 and [p.alpha for p in per] == [1.0, 1.0]
    shifted = {"a1": {"PERSON": [(0, 5), (22, 30)], "ORG": [(40, 44)]},
               "a2": {"PERSON": [(3, 9)]}}
    overall, per = unitizing_alpha({"x": one, "y": shifted}, {"a1": 60, "a2": 50})
    person = next(p for p in per if p.category == "PERSON")
    assert 0 < person.alpha < 1 and overall.alpha > person.alpha   # ORG agrees fully


def test_overlapping_spans_of_one_coder_are_joined() -> None:
    assert join_overlaps([(5, 9), (0, 3), (2, 6), (12, 99), (9, 11)], 20) == [
        (0, 9), (9, 11), (12, 20)]


def test_no_units_anywhere_is_undefined() -> None:
    overall, per = unitizing_alpha({"x": {"a": {}}, "y": {"a": {}}}, {"a": 10})
    assert per == [] and overall.alpha is None


def test_each_articles_own_alpha_is_the_one_computed_alone() -> None:
    rng = random.Random(3)
    lengths = {f"a{n}": rng.randint(40, 120) for n in range(12)}
    spans: dict = {"x": {}, "y": {}, "z": {}}
    for article, length in lengths.items():
        base = {"P": [(s, s + rng.randint(2, 9)) for s in sorted(rng.sample(range(length - 10), 3))]}
        for coder in spans:
            mine = {"P": [(s + rng.choice((0, 0, 1)), e) for s, e in base["P"]]}
            if rng.random() < 0.3:
                mine["Q"] = [(0, 5)]
            spans[coder][article] = mine
    each: dict = {}
    unitizing_alpha(spans, lengths, each=each)
    assert each                                         # the coders differ somewhere
    for article, alpha in each.items():
        alone, _ = unitizing_alpha({c: {article: spans[c][article]} for c in spans},
                                   {article: lengths[article]})
        assert alpha == pytest.approx(alone.alpha)
