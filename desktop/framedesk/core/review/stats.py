"""Reliability coefficients, written out so the core needs no numpy, sklearn or krippendorff.

A "unit" is what coders judged (an article, a matched attribution): a sequence with one value
per coder, None where that coder gave none. Tests check every figure against the reference
implementations (`krippendorff.alpha`, `sklearn.metrics.cohen_kappa_score`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

Unit = Sequence[Hashable | None]
NOMINAL = "nominal"
ORDINAL = "ordinal"


def pairable(units: Sequence[Unit]) -> list[list[Hashable]]:
    """The units with at least two values (the only ones that say anything about agreement)."""
    out = []
    for unit in units:
        values = [v for v in unit if v is not None]
        if len(values) >= 2:
            out.append(values)
    return out


def profiles(units: Sequence[Unit]) -> Counter[tuple[tuple[Hashable, int], ...]]:
    """Pairable units grouped by what they hold (value counts), with how many units hold it.
    Thousands of units collapse into a handful of profiles, so the sums below stay cheap."""
    shapes: Counter[tuple] = Counter(map(tuple, units))
    out: Counter[tuple[tuple[Hashable, int], ...]] = Counter()
    for unit, n in shapes.items():
        counts = Counter(v for v in unit if v is not None)
        if sum(counts.values()) >= 2:
            out[tuple(sorted(counts.items(), key=lambda vc: repr(vc[0])))] += n
    return out


Profiles = Counter[tuple[tuple[Hashable, int], ...]]


def percent_agreement(units: Sequence[Unit], *, shapes: Profiles | None = None
                      ) -> float | None:
    """Share of agreeing coder pairs, averaged over units (for two coders: share of units
    on which both gave the same value). `shapes`: profiles(units), if already counted."""
    total = score = 0.0
    for profile, n in (profiles(units) if shapes is None else shapes).items():
        m = sum(c for _, c in profile)
        score += n * sum(c * (c - 1) for _, c in profile) / (m * (m - 1))
        total += n
    return score / total if total else None


def krippendorff_alpha(units: Sequence[Unit], level: str = NOMINAL,
                       order: Sequence[Hashable] = (), *, shapes: Profiles | None = None
                       ) -> float | None:
    """Krippendorff's alpha over a coincidence matrix; missing values allowed.

    `order` ranks the values for the ordinal metric (values it lacks go after, sorted).
    None when it is undefined: no pairable units, or only one value used by anyone.
    `shapes`: profiles(units), if already counted.
    """
    coincidence: Counter[tuple[Hashable, Hashable]] = Counter()
    for profile, n in (profiles(units) if shapes is None else shapes).items():
        m = sum(c for _, c in profile)
        for c, nc in profile:
            for k, nk in profile:
                pairs = nc * (nk - 1) if c == k else nc * nk
                if pairs:
                    coincidence[c, k] += n * pairs / (m - 1)
    marginals: Counter[Hashable] = Counter()
    for (c, _k), o in coincidence.items():
        marginals[c] += o
    n = sum(marginals.values())
    if n <= 1 or len(marginals) < 2:
        return None
    delta = _ordinal_delta(marginals, order) if level == ORDINAL else _nominal_delta
    observed = sum(o * delta(c, k) for (c, k), o in coincidence.items())
    values = list(marginals)
    expected = sum(marginals[c] * marginals[k] * delta(c, k) for c in values for k in values)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def _nominal_delta(c: Hashable, k: Hashable) -> float:
    return 0.0 if c == k else 1.0


def _ordinal_delta(marginals: Counter, order: Sequence[Hashable]
                   ) -> Callable[[Hashable, Hashable], float]:
    """Krippendorff's ordinal metric: the mass of values between c and k, squared."""
    ranked = [v for v in order if v in marginals]
    ranked += sorted((v for v in marginals if v not in set(ranked)), key=repr)
    position = {v: i for i, v in enumerate(ranked)}
    cumulative = [0.0]
    for v in ranked:
        cumulative.append(cumulative[-1] + marginals[v])

    def delta(c: Hashable, k: Hashable) -> float:
        i, j = sorted((position[c], position[k]))
        between = cumulative[j + 1] - cumulative[i]
        return (between - (marginals[c] + marginals[k]) / 2) ** 2

    return delta


def two_coder_pairs(units: Sequence[Unit], a: int = 0, b: int = 1
                    ) -> list[tuple[Hashable, Hashable]]:
    """The (a, b) values of the units both coders judged."""
    return [(u[a], u[b]) for u in units if u[a] is not None and u[b] is not None]


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two coders; None when chance agreement is total (kappa undefined)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for x, y in pairs if x == y) / n
    first = Counter(x for x, _ in pairs)
    second = Counter(y for _, y in pairs)
    chance = sum(first[v] * second[v] for v in first) / (n * n)
    if chance >= 1.0:
        return None
    return (observed - chance) / (1.0 - chance)


@dataclass(slots=True)
class Confusion:
    """Rows: coder_a's values, columns: coder_b's, over the units both judged."""

    coder_a: str
    coder_b: str
    labels: list[str]
    counts: list[list[int]]


def confusion(coder_a: str, coder_b: str, pairs: Sequence[tuple[Hashable, Hashable]],
              order: Sequence[Hashable] = ()) -> Confusion:
    seen = {v for pair in pairs for v in pair}
    labels = [v for v in order if v in seen]
    labels += sorted((v for v in seen if v not in set(labels)), key=str)
    index = {v: i for i, v in enumerate(labels)}
    counts = [[0] * len(labels) for _ in labels]
    for x, y in pairs:
        counts[index[x]][index[y]] += 1
    return Confusion(coder_a, coder_b, [str(v) for v in labels], counts)
