"""Every analyst in any file is a coder: who worked in a file, and naming the one to compare.

A project file holds one table of annotators; a colleague's file may hold several (a shared
project, an imported file with its own analyst). Review compares analysts, not files: the
same file can stand for two coders, and a file with several analysts at work is never
reduced silently to the one who did most (the window asks, the command line refuses with
a sentence saying how to name one).

On the command line an analyst is named after the file, `ana.framedesk:Ana`; a path that
exists as given is always a path (a colon in a file name stays a file name).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from framedesk.core.errors import ProjectError
from framedesk.core.review.colleague import SEVERAL_ANNOTATORS, open_for_review
from framedesk.core.store import Project

# Articles an analyst worked on: anything the analyst coded (model mentions are no work).
_CODED_ARTICLES = """
    SELECT n.name, count(DISTINCT w.article_id), count(w.article_id) FROM annotators n
    LEFT JOIN (
        SELECT article_id, annotator_id FROM doc_codes
        UNION ALL SELECT article_id, annotator_id FROM span_codes
        UNION ALL SELECT article_id, annotator_id FROM attributions
                  WHERE status IN ('accepted', 'manual')
        UNION ALL SELECT article_id, annotator_id FROM mentions WHERE status != 'auto'
    ) w ON w.annotator_id = n.id
    GROUP BY n.id ORDER BY n.id"""


@dataclass(frozen=True, slots=True)
class AnalystWork:
    name: str
    articles: int          # articles the analyst coded something in
    annotations: int       # codes, cues, attributions and corrected mentions


@dataclass(frozen=True, slots=True)
class FileAnalysts:
    path: Path
    articles: int          # articles in the file
    analysts: list[AnalystWork]

    @property
    def working(self) -> list[AnalystWork]:
        return [a for a in self.analysts if a.annotations]


class AnalystNotChosen(ProjectError):
    """A file holds the work of several analysts and none was named."""


def analysts_in(project: Project) -> list[AnalystWork]:
    return [AnalystWork(name, articles, n)
            for name, articles, n in project.db.execute(_CODED_ARTICLES)]


def read_analysts(path: str | Path, *, live: Project | None = None) -> FileAnalysts:
    """Who worked in the file at `path` (read from a private copy, like review)."""
    with open_for_review(path, live=live) as review:
        count = review.project.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        return FileAnalysts(Path(path), count, analysts_in(review.project))


def split_analyst(argument: str) -> tuple[Path, str | None]:
    """`FILE` or `FILE:ANALYST` (command line). A path that exists as given is a path."""
    path = Path(argument)
    if path.exists() or ":" not in argument:
        return path, None
    file, _, name = argument.rpartition(":")
    if not file or not name.strip():
        return path, None
    return Path(file), name.strip()


def refuse_unchosen(files: Sequence, named: Sequence[str | None]) -> None:
    """Raise AnalystNotChosen for the first of the open ReviewFiles `files` that holds
    several analysts' work while no analyst was named for it."""
    for n, review in enumerate(files):
        if n < len(named) and named[n]:
            continue
        several = [x for x in review.notices if x.code == SEVERAL_ANNOTATORS]
        if several:
            names = [several[0].detail["chosen"], *several[0].detail["others"]]
            raise AnalystNotChosen(
                review.source, f"it holds the work of several analysts: {', '.join(names)};"
                f" name the one to compare as {review.source.name}:{names[0]}")
