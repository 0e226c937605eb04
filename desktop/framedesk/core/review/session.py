"""A review of several files at once: the private copies, each coder's work, the comparison.

The first file is "mine" (usually one's own project), the others "theirs"; any number works.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from framedesk.core.progress import NO_PROGRESS, Progress
from framedesk.core.review.colleague import Notice, ReviewFile, open_for_review
from framedesk.core.review.compare import Comparison, compare
from framedesk.core.review.work import ArticleWork, load_work, no_gc_pauses
from framedesk.core.store import Project


class ReviewSession:
    def __init__(self, files: list[ReviewFile]) -> None:
        self.files = files
        _unique_labels(files)
        self.works: dict[str, dict[str, ArticleWork]] = {f.label: load_work(f) for f in files}
        self._comparison: Comparison | None = None

    @classmethod
    def open(cls, paths: Sequence[str | Path], *, annotators: Sequence[str | None] = (),
             live: Project | None = None, progress: Progress = NO_PROGRESS) -> ReviewSession:
        """Open every file (all or none: a bad file closes the ones already open).
        `live`: a project this process has open (one's own), snapshotted instead of copied."""
        files: list[ReviewFile] = []
        progress.start(len(paths), "opening files")
        live_path = Path(live.path).resolve() if live is not None else None
        try:
            for n, path in enumerate(paths):
                wanted = annotators[n] if n < len(annotators) else None
                same = live_path is not None and Path(path).resolve() == live_path
                files.append(open_for_review(path, annotator=wanted,
                                             live=live if same else None))
                progress.step()
            return cls(files)
        except BaseException:
            for f in files:
                f.close()
            raise

    @property
    def coders(self) -> list[str]:
        return [f.label for f in self.files]

    @property
    def notices(self) -> list[Notice]:
        return [n for f in self.files for n in f.notices]

    @property
    def comparison(self) -> Comparison:
        if self._comparison is None:
            with no_gc_pauses():
                self._comparison = compare(self.works)
        return self._comparison

    def file_of(self, coder: str) -> ReviewFile:
        for f in self.files:
            if f.label == coder:
                return f
        raise KeyError(coder)

    def text(self, uid: str) -> str:
        """The article's text, from the first file that has it (the uid fixes the text)."""
        for f in self.files:
            row = f.project.db.execute("SELECT text FROM articles WHERE uid = ?",
                                       [uid]).fetchone()
            if row:
                return row[0]
        raise KeyError(uid)

    def close(self) -> None:
        for f in self.files:
            f.close()

    def __enter__(self) -> ReviewSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _unique_labels(files: list[ReviewFile]) -> None:
    """Two files by the same annotator name get their file names added."""
    names = [f.coder for f in files]
    for f in files:
        f.label = f.coder if names.count(f.coder) == 1 else f"{f.coder} ({f.source.name})"
    labels = [f.label for f in files]
    for n, f in enumerate(files):
        if labels.count(f.label) > 1:   # same name and same file name in two folders
            f.label = f"{f.label} #{n + 1}"
