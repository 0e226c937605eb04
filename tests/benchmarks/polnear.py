"""PolNeAR (Newell, Margolin & Ruths, LREC 2018) dev articles and their attributions, read
from ../shared/data/polnear-dev at run time (never copied into the repository), and the
scoring the issue asks for, done by the core scorer (framedesk.core.nlp.attribution_scoring)
with its POLNEAR rule, per part (source, cue, content):
* lenient: a suggestion matches a gold span when it covers at least 30% of the gold span's
  characters; matching is one-to-one, largest coverage first;
* strict: the same boundaries once whitespace, quotation marks and `,.;:` are trimmed from
  both ends of both spans;
* source right: among lenient content matches, the share whose source is right (covers
  30% of the gold source, or both have none).

Only the dev split is read. An article with several annotators (two in dev) is scored
against the first annotator file in name order, so each article counts once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from framedesk.core.nlp import attribution_scoring
from framedesk.core.nlp.attribution_scoring import POLNEAR, Scores, hull

__all__ = ["Article", "GoldAttribution", "Suggested", "Scores", "available", "halves",
           "hull", "load", "score", "table"]

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
@dataclass(slots=True)
class Suggested:
    """What an extractor proposes, as plain character spans."""
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int] | None


def score(items: Iterable[tuple[Article, Sequence[Suggested]]]) -> Scores:
    return attribution_scoring.score(((a.gold, found, a.text) for a, found in items), POLNEAR)


def table(name: str, s: Scores) -> str:
    lines = [f"{name}", f"  {'part':<8} {'mode':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}"
             f" {'found':>6}"]
    for part in PARTS:
        for mode in ("lenient", "strict"):
            c = s.spans[(part, mode)]
            lines.append(f"  {part:<8} {mode:<8} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
                         f" {c.gold:5d} {c.found:6d}")
    lines.append(f"  source right on matched contents: {s.right_source}/{s.source_checked}"
                 f" = {s.right_source_share:.3f}")
    return "\n".join(lines)


def halves(articles: Sequence[Article]) -> tuple[list[Article], list[Article]]:
    """Two halves by alternating articles in name order (each outlet in both halves)."""
    return list(articles[0::2]), list(articles[1::2])
