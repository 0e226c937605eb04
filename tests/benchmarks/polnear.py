"""PolNeAR (Newell, Margolin & Ruths, LREC 2018) dev articles and their attributions, read
from ../shared/data/polnear-dev at run time (never copied into the repository), and the
scoring the issue asks for.

Scoring, per part (source, cue, content):
* lenient: a suggestion matches a gold span when it covers at least 30% of the gold span's
  characters; matching is one-to-one, largest coverage first;
* strict: the same boundaries once whitespace, quotation marks and `,.;:` are trimmed from
  both ends of both spans;
* source right: among lenient content matches, the share whose source is right (overlaps
  the gold source leniently, or both have none).

Only the dev split is read. An article with several annotators (two in dev) is scored
against the first annotator file in name order, so each article counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import os

ROOT = Path(__file__).resolve().parents[2]


def _find_dev() -> Path:
    """../shared/data/polnear-dev beside the checkout (or beside the folder of worktrees),
    or where FRAMEDESK_POLNEAR_DEV points."""
    if os.environ.get("FRAMEDESK_POLNEAR_DEV"):
        return Path(os.environ["FRAMEDESK_POLNEAR_DEV"])
    for up in (ROOT.parent, ROOT.parent.parent):
        candidate = up / "shared" / "data" / "polnear-dev"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "data" / "polnear-dev"


POLNEAR_DEV = _find_dev()
PARTS = ("source", "cue", "content")
LENIENT = 0.3
TRIM = " \t\r\n\"'“”‘’„«»,.;:"

Fragments = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class GoldAttribution:
    source: Fragments | None
    cue: Fragments | None
    content: Fragments | None


@dataclass(slots=True)
class Article:
    name: str
    text: str
    gold: list[GoldAttribution]


def available(folder: Path = POLNEAR_DEV) -> bool:
    return (folder / "text").is_dir() and (folder / "attributions").is_dir()


def load(folder: Path = POLNEAR_DEV) -> list[Article]:
    """The dev articles in name order, each with the first annotator's attributions."""
    out = []
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        with txt.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        out.append(Article(txt.stem, text, read_ann(anns[0])))
    return out


def read_ann(path: Path) -> list[GoldAttribution]:
    spans: dict[str, Fragments] = {}
    events: list[dict[str, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line in fh:
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) < 2:
                continue
            if parts[0].startswith("T"):
                kind_offsets = parts[1].split(" ", 1)
                if len(kind_offsets) < 2:
                    continue
                frags = []
                for piece in kind_offsets[1].split(";"):
                    a, b = piece.split()
                    frags.append((int(a), int(b)))
                spans[parts[0]] = tuple(frags)
            elif parts[0].startswith("E"):
                roles = {}
                for item in parts[1].split():
                    role, _, ref = item.partition(":")
                    roles[role] = ref
                events.append(roles)
    out = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        second = spans.get(roles.get("Content2", ""))
        if content and second:
            content = tuple(sorted(content + second))
        out.append(GoldAttribution(spans.get(roles.get("Source", "")),
                                   spans.get(roles.get("Cue", "")), content))
    return out


# ---------------------------------------------------------------- scoring
def _length(frags: Fragments) -> int:
    return sum(b - a for a, b in frags)


def coverage(gold: Fragments, found: tuple[int, int]) -> float:
    """Share of the gold span's characters that the found span covers."""
    total = _length(gold)
    if total <= 0:
        return 0.0
    shared = sum(max(0, min(b, found[1]) - max(a, found[0])) for a, b in gold)
    return shared / total


def trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    a, b = span
    while a < b and text[a] in TRIM:
        a += 1
    while b > a and text[b - 1] in TRIM:
        b -= 1
    return a, b


def hull(frags: Fragments) -> tuple[int, int]:
    return frags[0][0], frags[-1][1]


def pair_up(text: str, gold: Sequence[Fragments], found: Sequence[tuple[int, int]],
            strict: bool) -> list[tuple[int, int]]:
    candidates = []
    for gi, g in enumerate(gold):
        tg = trim(text, hull(g))
        for fi, f in enumerate(found):
            c = coverage(g, f)
            if strict:
                if tg == trim(text, f):
                    candidates.append((1.0, gi, fi))
            elif c >= LENIENT:
                candidates.append((c, gi, fi))
    candidates.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_f: set[int] = set()
    pairs = []
    for _, gi, fi in candidates:
        if gi not in used_g and fi not in used_f:
            used_g.add(gi)
            used_f.add(fi)
            pairs.append((gi, fi))
    return pairs


@dataclass(slots=True)
class Counts:
    hit: int = 0
    gold: int = 0
    found: int = 0

    @property
    def p(self) -> float:
        return self.hit / self.found if self.found else 0.0

    @property
    def r(self) -> float:
        return self.hit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass(slots=True)
class Scores:
    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)
    source_right: int = 0
    source_checked: int = 0

    @property
    def source_share(self) -> float:
        return self.source_right / self.source_checked if self.source_checked else 0.0

    def f1(self, part: str, mode: str) -> float:
        return self.counts[(part, mode)].f1


@dataclass(slots=True)
class Suggested:
    """What an extractor proposes, as plain character spans."""
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int] | None


def score(items: Iterable[tuple[Article, Sequence[Suggested]]]) -> Scores:
    s = Scores()
    for part in PARTS:
        for mode in ("lenient", "strict"):
            s.counts[(part, mode)] = Counts()
    for article, found in items:
        for part in PARTS:
            g = [getattr(a, part) for a in article.gold if getattr(a, part)]
            f = [getattr(a, part) for a in found if getattr(a, part)]
            for mode in ("lenient", "strict"):
                c = s.counts[(part, mode)]
                c.gold += len(g)
                c.found += len(f)
                c.hit += len(pair_up(article.text, g, f, mode == "strict"))
        g_with = [a for a in article.gold if a.content]
        f_with = [a for a in found if a.content]
        for gi, fi in pair_up(article.text, [a.content for a in g_with],
                              [a.content for a in f_with], strict=False):
            g, f = g_with[gi], f_with[fi]
            s.source_checked += 1
            if g.source is None:
                s.source_right += f.source is None
            elif f.source is not None and coverage(g.source, f.source) >= LENIENT:
                s.source_right += 1
    return s


def table(name: str, s: Scores) -> str:
    lines = [f"{name}", f"  {'part':<8} {'mode':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}"
             f" {'found':>6}"]
    for part in PARTS:
        for mode in ("lenient", "strict"):
            c = s.counts[(part, mode)]
            lines.append(f"  {part:<8} {mode:<8} {c.p:6.3f} {c.r:6.3f} {c.f1:6.3f} {c.gold:5d}"
                         f" {c.found:6d}")
    lines.append(f"  source right on matched contents: {s.source_right}/{s.source_checked}"
                 f" = {s.source_share:.3f}")
    return "\n".join(lines)


def halves(articles: Sequence[Article]) -> tuple[list[Article], list[Article]]:
    """Two halves by alternating articles in name order (each outlet in both halves)."""
    return list(articles[0::2]), list(articles[1::2])
