"""Attribution suggestions on real news: PolNeAR's dev split (84 articles of 2016 US election
coverage from seven outlets, annotated by trained annotators), read from
../shared/data/polnear-dev at run time.

Prints per part (source, cue, content) P/R/F1 lenient (>= 30% of the gold span covered,
one-to-one) and strict (same boundaries after trimming whitespace, quotes and `,.;:`), and
the share of matched contents whose source is right; for the whole split and for two halves
(alternate articles), against a bare reporting-verb rule run on the same parses.
Targets (issue 17): content F1 >= 0.75 lenient and >= 0.50 strict, source right >= 0.85.

    python -m tests.benchmarks polnear
"""

from __future__ import annotations

import sys
from typing import Any

from framedesk.core.nlp.attribution import AttributionExtractor
from framedesk.core.nlp.attribution_lexicon import listed_reporting_words
from tests.benchmarks import polnear
from tests.benchmarks.polnear import Suggested

CONTENT_LENIENT = 0.75
CONTENT_STRICT = 0.50
SOURCE_RIGHT = 0.85


def _pair(span: Any) -> tuple[int, int] | None:
    return (span.start, span.end) if span is not None else None


def extractor_suggestions(extractor: AttributionExtractor,
                          articles: list[polnear.Article]) -> tuple[list[list[Suggested]],
                                                                     list[Any]]:
    """The import's code path (extract_many: nlp.pipe, then the rules on each doc); the docs
    are kept for the baseline, which reads the same parses."""
    docs = list(extractor.nlp.pipe(a.text for a in articles))
    out = []
    for doc in docs:
        out.append([Suggested(_pair(a.source), _pair(a.cue), _pair(a.content))
                    for a in extractor.from_doc(doc)])
    return out, docs


def baseline(doc: Any) -> list[Suggested]:
    """A bare reporting-verb rule: each verb of the shipped list (resources/, without the
    verbs of stance issue 17 added) with a subject is a cue,
    its subject's phrase the source, its clausal complement (else the rest of the sentence
    without source and cue) the content."""
    words = listed_reporting_words()
    out = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in words:
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        source = (subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))
        comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if comp is not None:
            content = (comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge.text))
        else:
            sent = verb.sent
            before = (sent.start_char, min(source[0], verb.idx))
            after = (max(source[1], verb.idx + len(verb.text)), sent.end_char)
            content = max(before, after, key=lambda s: s[1] - s[0])
        out.append(Suggested(source, (verb.idx, verb.idx + len(verb.text)), content))
    return out


def _met(s: polnear.Scores) -> bool:
    return (s.f1("content", "lenient") >= CONTENT_LENIENT
            and s.f1("content", "strict") >= CONTENT_STRICT and s.right_source_share >= SOURCE_RIGHT)


def main() -> None:
    if not polnear.available():
        print(f"PolNeAR dev is not at {polnear.POLNEAR_DEV}: nothing measured")
        return
    articles = polnear.load()
    extractor = AttributionExtractor()
    ours, docs = extractor_suggestions(extractor, articles)
    bare = [baseline(d) for d in docs]
    by_name = {a.name: i for i, a in enumerate(articles)}
    first, second = polnear.halves(articles)
    print(f"PolNeAR dev: {len(articles)} articles, "
          f"{sum(len(a.gold) for a in articles)} gold attributions (first annotator)")
    for label, chosen in (("all", articles), ("half A", first), ("half B", second)):
        idx = [by_name[a.name] for a in chosen]
        s = polnear.score((articles[i], ours[i]) for i in idx)
        b = polnear.score((articles[i], bare[i]) for i in idx)
        print()
        print(polnear.table(f"-- {label}: Framedesk extractor ({len(idx)} articles)", s))
        print(polnear.table(f"-- {label}: bare reporting-verb baseline", b))
        print(f"  content F1 lenient {s.f1('content', 'lenient'):.3f} vs baseline "
              f"{b.f1('content', 'lenient'):.3f}; strict {s.f1('content', 'strict'):.3f} vs "
              f"{b.f1('content', 'strict'):.3f}")
        print(f"  targets (content F1 >= {CONTENT_LENIENT} lenient, >= {CONTENT_STRICT} strict,"
              f" source right >= {SOURCE_RIGHT}): {'met' if _met(s) else 'MISSED'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
