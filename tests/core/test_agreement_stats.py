"""Our coefficients against the reference implementations, on hand-made and generated data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from krippendorff import alpha as reference_alpha
from sklearn.metrics import cohen_kappa_score

from framedesk.core.review.spans import exact_matches, overlap_matches
from framedesk.core.review.stats import (
    NOMINAL,
    ORDINAL,
    cohen_kappa,
    confusion,
    krippendorff_alpha,
    pairable,
    percent_agreement,
    two_coder_pairs,
)

# Krippendorff's own teaching example: 4 coders, 12 units, values 1-5, missing data.
KRIPPENDORFF_EXAMPLE = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def as_units(by_coder: list[list]) -> list[list]:
    return [list(unit) for unit in zip(*by_coder)]


def reference(by_coder: list[list], level: str, order: list) -> float:
    index = {v: i for i, v in enumerate(order)}
    data = np.array([[np.nan if v is None else index[v] for v in row] for row in by_coder],
                    dtype=float)
    return float(reference_alpha(reliability_data=data, level_of_measurement=level,
                                 value_domain=list(range(len(order)))))


@pytest.mark.parametrize("level", [NOMINAL, ORDINAL])
def test_alpha_matches_reference_on_krippendorffs_example(level: str) -> None:
    ours = krippendorff_alpha(as_units(KRIPPENDORFF_EXAMPLE), level, order=[1, 2, 3, 4, 5])
    assert ours == pytest.approx(reference(KRIPPENDORFF_EXAMPLE, level, [1, 2, 3, 4, 5]))
    # The published nominal value for this example is 0.743.
    if level == NOMINAL:
        assert round(ours, 3) == 0.743


def test_ordinal_alpha_uses_the_given_order_not_the_alphabet() -> None:
    coders = [["anti", "neutral", "pro", "pro", "neutral", "anti"],
              ["neutral", "neutral", "pro", "neutral", "anti", "anti"]]
    units = as_units(coders)
    order = ["anti", "neutral", "pro"]
    ours = krippendorff_alpha(units, ORDINAL, order)
    assert ours == pytest.approx(reference(coders, "ordinal", order))
    alphabetical = krippendorff_alpha(units, ORDINAL, ["anti", "pro", "neutral"])
    assert alphabetical != pytest.approx(ours)


def test_alpha_is_undefined_when_everyone_used_one_value() -> None:
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) is None
    assert krippendorff_alpha([["a", None], [None, "b"]]) is None   # nothing pairable
    assert percent_agreement([["a", "a"], ["a", "a"]]) == 1.0


def test_kappa_matches_sklearn_on_a_hand_made_table() -> None:
    a = ["sec", "eco", "sec", "pol", "sec", "eco", "mor", "sec", "pol", "eco"]
    b = ["sec", "sec", "sec", "pol", "eco", "eco", "mor", "sec", "eco", "eco"]
    assert cohen_kappa(list(zip(a, b))) == pytest.approx(cohen_kappa_score(a, b))
    assert percent_agreement(as_units([a, b])) == pytest.approx(0.7)


def test_kappa_is_undefined_when_chance_agreement_is_total() -> None:
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None
    assert cohen_kappa([]) is None


def test_confusion_matrix_counts_pairs_in_the_given_order() -> None:
    pairs = two_coder_pairs([["pro", "anti"], ["pro", "pro"], [None, "pro"], ["anti", "anti"]])
    m = confusion("Ana", "Ben", pairs, order=["anti", "neutral", "pro"])
    assert m.labels == ["anti", "pro"]          # unused values are left out
    assert m.counts == [[1, 0], [1, 1]]        # Ana anti/Ben anti 1; Ana pro/Ben anti 1 ...


values = st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"]))


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 4).flatmap(
    lambda coders: st.lists(st.lists(values, min_size=coders, max_size=coders),
                            min_size=1, max_size=30)),
       st.sampled_from([NOMINAL, ORDINAL]))
def test_alpha_matches_reference_on_generated_data(units: list[list], level: str) -> None:
    ours = krippendorff_alpha(units, level, order=["a", "b", "c", "d"])
    distinct = {v for unit in pairable(units) for v in unit}
    if len(distinct) < 2:
        assert ours is None
        return
    by_coder = [list(col) for col in zip(*units)]
    assert ours == pytest.approx(reference(by_coder, level, ["a", "b", "c", "d"]), abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from("xyz")), min_size=1,
                max_size=40))
def test_kappa_matches_sklearn_on_generated_data(pairs: list[tuple[str, str]]) -> None:
    ours = cohen_kappa(pairs)
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    assume(ours is not None)
    expected = cohen_kappa_score(a, b, labels=sorted(set(a) | set(b)))
    assert not math.isnan(expected)
    assert ours == pytest.approx(expected, abs=1e-9)


def test_two_coder_percent_agreement_is_share_of_equal_units() -> None:
    units = [["a", "a"], ["a", "b"], ["b", "b"], [None, "b"]]
    assert percent_agreement(units) == pytest.approx(2 / 3)


def test_span_matching_exact_and_one_to_one_overlap() -> None:
    a = [(0, 4, "GPE"), (10, 20, "PERSON"), (30, 40, "ORG")]
    b = [(0, 4, "GPE"), (12, 15, "PERSON"), (16, 20, "PERSON"), (30, 40, "GPE")]
    assert exact_matches(a, b) == 1
    # One PERSON span of A cannot match both of B's; ORG vs GPE never matches.
    assert overlap_matches(a, b) == 2
