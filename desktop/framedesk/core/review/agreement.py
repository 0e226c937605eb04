"""The agreement report: one row per variable, span agreement per pair of coders.

Variables (units in brackets): primary frame (article, nominal), each frame's presence
(article, nominal yes/no), tone (article, ordinal), attribution identification and source
type (attribution matched across coders by span overlap, nominal). A coder's value is
missing where that coder did not code the unit: Krippendorff's alpha allows for it, Cohen's
kappa (two coders only) uses the units both coded.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from itertools import combinations

from framedesk.core.gcpause import cyclic_gc_paused
from framedesk.core.review.colleague import Notice
from framedesk.core.review.compare import ArticleDiff, Comparison
from framedesk.core.review.packages import package_of
from framedesk.core.review.span_figures import (
    ArticleFigures,
    SpanAlpha,
    article_figures,
    span_alphas,
)
from framedesk.core.review.spans import Span, SpanAgreement, span_agreement
from framedesk.core.review.stats import (
    NOMINAL,
    ORDINAL,
    Confusion,
    Unit,
    cohen_kappa,
    confusion,
    krippendorff_alpha,
    percent_agreement,
    profiles,
    two_coder_pairs,
)
from framedesk.core.review.work import (
    ATTRIBUTIONS,
    CUES,
    ENTITIES,
    PRIMARY,
    SECONDARY,
    SPAN_PARTS,
    TONE,
    Item,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from framedesk.core.review.session import ReviewSession

# Below this many units a single disagreement moves the coefficients a lot: say so.
MIN_UNITS = 20
FEW_UNITS = "few_units"
UNDEFINED = "undefined"        # everyone used one value: kappa/alpha cannot be computed
PARTIAL = "partial"            # articles not in every file (not compared with all coders)
UNCODED = "uncoded"            # articles in several files but coded by fewer than two
PACKAGE = "package"            # coders' files of one package: the overlap is compared


@dataclass(slots=True)
class VariableAgreement:
    variable: str
    level: str                                 # nominal | ordinal
    units: int                                 # units at least two coders judged
    coders: int                                # coders who gave at least one value
    percent: float | None
    kappa: float | None                        # two coders only
    alpha: float | None
    confusions: list[Confusion] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


@dataclass(slots=True)
class AgreementReport:
    coders: list[str]
    articles: int                              # articles compared
    variables: list[VariableAgreement]
    spans: list[SpanAgreement]
    notices: list[Notice]
    # Krippendorff's unitizing alpha per span type and label (core.review.span_figures).
    span_alphas: list[SpanAlpha] = field(default_factory=list)
    # Every compared article's figures, most disagreement first.
    article_figures: list[ArticleFigures] = field(default_factory=list)


def variable_agreement(variable: str, coders: Sequence[str], units: Sequence[Unit],
                       level: str = NOMINAL, order: Sequence[Hashable] = ()
                       ) -> VariableAgreement:
    """All figures for one variable; `units` hold one value (or None) per coder, in order."""
    shapes = profiles(units)          # counted once for all three figures
    usable = sum(shapes.values())
    active = sum(1 for c in range(len(coders)) if any(u[c] is not None for u in units))
    alpha = krippendorff_alpha(units, level, order, shapes=shapes)
    pairs = {(a, b): two_coder_pairs(units, a, b)
             for a, b in combinations(range(len(coders)), 2)}
    kappa = cohen_kappa(pairs[0, 1]) if len(coders) == 2 else None
    confusions = [confusion(coders[a], coders[b], ab, order) for (a, b), ab in pairs.items()]
    notices = []
    if usable < MIN_UNITS:
        notices.append(Notice(FEW_UNITS, variable, {"units": usable, "minimum": MIN_UNITS}))
    if usable and alpha is None:
        notices.append(Notice(UNDEFINED, variable, {"units": usable}))
    return VariableAgreement(variable, level, usable, active,
                             percent_agreement(units, shapes=shapes), kappa, alpha, confusions,
                             notices)


def _value(article: ArticleDiff, kind: str, coder: str) -> str | None:
    if coder not in article.coders:
        return None
    items = article.kinds[kind].items.get(coder, [])
    return items[0].key[1] if items else None


def _frames(article: ArticleDiff, coder: str) -> set[str] | None:
    if coder not in article.coders:
        return None
    codes = {i.key[1] for kind in (PRIMARY, SECONDARY) for i in article.kinds[kind].items[coder]}
    return codes or None          # a coder who gave no frame at all did not judge presence


def match_attributions(article: ArticleDiff) -> list[dict[str, Item]]:
    """Group the coders' attributions that are the same quote: each coder's attribution
    joins the group it overlaps most (same parts), at most one per coder per group."""
    groups: list[dict[str, Item]] = []
    for coder in article.coders:
        for item in article.kinds[ATTRIBUTIONS].items[coder]:
            best, best_score = None, 0
            for group in groups:
                if coder in group:
                    continue
                score = max(_overlap(item, other) for other in group.values())
                if score > best_score:
                    best, best_score = group, score
            if best is None:
                groups.append({coder: item})
            else:
                best[coder] = item
    return groups


def _overlap(x: Item, y: Item) -> int:
    # An attribution's key starts with its source, cue and content spans (make_item), the
    # same as its data holds: read there, no dict lookups (this runs for every pair).
    total = 0
    for a, b in zip(x.key[:3], y.key[:3]):
        if a and b:
            shared = min(a[1], b[1]) - max(a[0], b[0])
            if shared > 0:
                total += shared
    return total


def tone_rank(code: str) -> int:
    """Order tone codes by their words when no codebook says: anti/negative < neutral <
    pro/positive, explicit/strong further out."""
    c = code.casefold()
    sign = -1 if ("anti" in c or "neg" in c) else 1 if ("pro" in c or "pos" in c) else 0
    strength = 2 if any(w in c for w in ("explicit", "very", "strong")) else 1
    return sign * strength


def rank_tones(seen: set[str], codebook_order: Sequence[str]) -> list[str]:
    """The codebook's order when it knows every code used; otherwise (codes from another
    codebook, e.g. a 3-point scale) rank all codes by their words."""
    if seen <= set(codebook_order):
        return list(codebook_order)
    position = {v: i for i, v in enumerate(codebook_order)}
    return sorted(seen, key=lambda v: (tone_rank(v), position.get(v, len(position)), v))


def build_report(comparison: Comparison, tone_order: Sequence[str] = (),
                 lengths: Mapping[str, int] | None = None) -> AgreementReport:
    """`lengths`: each article's text length (uid -> characters), for unitizing alpha and
    the per-article figures; without it those are left empty."""
    coders = comparison.coders
    articles = comparison.articles
    variables: list[VariableAgreement] = []

    units = [[_value(a, PRIMARY, c) for c in coders] for a in articles]
    variables.append(variable_agreement("primary frame", coders, units))

    frames_of = [[_frames(a, c) for c in coders] for a in articles]
    all_codes = sorted({code for row in frames_of for fs in row if fs for code in fs})
    for code in all_codes:
        units = [[None if fs is None else ("yes" if code in fs else "no") for fs in row]
                 for row in frames_of]
        variables.append(variable_agreement(f"frame presence: {code}", coders, units,
                                            order=("no", "yes")))

    units = [[_value(a, TONE, c) for c in coders] for a in articles]
    order = rank_tones({v for u in units for v in u if v is not None}, tone_order)
    variables.append(variable_agreement("tone", coders, units, ORDINAL, order))

    groups = [g for a in articles for g in match_attributions(a)]
    for attribute, name in (("identification", "attribution identification"),
                            ("source_type", "attribution source type")):
        units = [[g[c].data[attribute] if c in g else None for c in coders] for g in groups]
        variables.append(variable_agreement(name, coders, units))

    spans = _span_rows(comparison)
    notices = [n for v in variables for n in v.notices]
    report = AgreementReport(coders, len(articles), variables, spans, notices)
    if lengths is not None:
        each: dict[str, dict[str, float | None]] = {}
        report.span_alphas = span_alphas(comparison, lengths, each)
        report.article_figures = article_figures(comparison, lengths, each)
    return report


def _span_rows(comparison: Comparison) -> list[SpanAgreement]:
    extract = {
        "entity spans": (ENTITIES, lambda i: [(i.key[0], i.key[1], i.key[2])]),
        "frame cue spans": (CUES, lambda i: [(i.key[0], i.key[1], i.key[3])]),
    }
    for part in SPAN_PARTS:
        extract[f"attribution {part} spans"] = (
            ATTRIBUTIONS, lambda i, p=part: [(*i.data[p], "")] if i.data[p] else [])
    rows: list[SpanAgreement] = []
    for a, b in combinations(comparison.coders, 2):
        both = [art for art in comparison.articles if a in art.coders and b in art.coders]
        uids = [art.uid for art in both]
        for variable, (kind, spans_of) in extract.items():
            per_coder: dict[str, dict[str, list[Span]]] = {a: {}, b: {}}
            same = 0     # spans both coders hold identically: all matched, both ways
            for art in both:
                diff = art.kinds[kind]
                if diff.equal_count is not None:     # the same items in the same order
                    if kind == ATTRIBUTIONS:         # some parts may be missing
                        same += sum(len(spans_of(i)) for i in diff.items[a])
                    else:                            # one span per entity or cue
                        same += diff.equal_count
                    continue
                for coder in (a, b):
                    per_coder[coder][art.uid] = [s for i in diff.items[coder]
                                                 for s in spans_of(i)]
            pair = span_agreement(variable, a, b, per_coder[a], per_coder[b],
                                  [u for u in uids if u in per_coder[a]])
            for row in pair:
                row.in_a += same
                row.in_b += same
                row.matched += same
            rows.extend(pair)
    return rows


def tone_order_of(project_db: Database) -> list[str]:
    """The tone codes in codebook order, from a project's codebooks table (may be empty)."""
    rows = project_db.execute(
        "SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id"
        " WHERE b.kind = 'tone' ORDER BY b.id, c.position, c.id")
    return list(dict.fromkeys(r[0] for r in rows))


def text_lengths(session: ReviewSession) -> dict[str, int]:
    """uid -> the article's length in characters, from the first file that has it (the
    uid fixes the text)."""
    lengths: dict[str, int] = {}
    for f in session.files:
        for uid, length in f.project.db.execute("SELECT uid, length(text) FROM articles"):
            lengths.setdefault(uid, length)
    return lengths


def session_report(session: ReviewSession) -> AgreementReport:
    """The report of a ReviewSession: tone order from the first file's tone codebook."""
    order: list[str] = []
    for f in session.files:
        order = tone_order_of(f.project.db)
        if order:
            break
    with cyclic_gc_paused():
        report = build_report(session.comparison, order, text_lengths(session))
    comparison = session.comparison
    extra = []
    package = package_of([(f.label, f.project) for f in session.files])
    if package is not None:
        # Coders' files of one package: the shares are meant for one coder each, so only
        # the overlap can be compared; say that instead of "not in every file".
        compared = {a.uid for a in comparison.articles}
        extra.append(Notice(PACKAGE, "", {
            "overlap": len(package.overlap),
            "compared": sum(1 for u in package.overlap if u in compared),
            "alone": sum(len(v) for v in package.share.values())}))
    elif comparison.partial:
        extra.append(Notice(PARTIAL, "", {"articles": len(comparison.partial)}))
    if comparison.uncoded:
        extra.append(Notice(UNCODED, "", {"articles": len(comparison.uncoded)}))
    report.notices = session.notices + extra + report.notices
    return report
