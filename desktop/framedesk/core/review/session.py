"""A review of several files at once: the private copies, each coder's work, the comparison.

The first file is "mine" (usually one's own project), the others "theirs"; any number works.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed, wait
from pathlib import Path

from framedesk.core.progress import NO_PROGRESS, Progress
from framedesk.core.review.colleague import Notice, ReviewFile, open_for_review
from framedesk.core.review.compare import Comparison, compare
from framedesk.core.gcpause import cyclic_gc_paused
from framedesk.core.review.work import ArticleWork, load_work
from framedesk.core.store import Project


class ReviewSession:
    def __init__(self, files: list[ReviewFile],
                 works: list[dict[str, ArticleWork]] | None = None) -> None:
        """`works`: each file's load_work, when already read (else read here)."""
        self.files = files
        _unique_labels(files)
        if works is None:
            works = [load_work(f) for f in files]
        self.works: dict[str, dict[str, ArticleWork]] = {
            f.label: w for f, w in zip(files, works)}
        self._comparison: Comparison | None = None

    @classmethod
    def open(cls, paths: Sequence[str | Path], *, annotators: Sequence[str | None] = (),
             live: Project | None = None, progress: Progress = NO_PROGRESS) -> ReviewSession:
        """Open every file (all or none: a bad file closes the ones already open).
        `live`: a project this process has open (one's own), snapshotted instead of copied.

        Files are copied, checked and read two at a time: most of that time is spent inside
        SQLite and the file system, which let another thread run meanwhile."""
        progress.start(len(paths), "opening files")
        live_path = Path(live.path).resolve() if live is not None else None

        def open_one(n: int) -> tuple[ReviewFile, dict[str, ArticleWork]]:
            wanted = annotators[n] if n < len(annotators) else None
            same = live_path is not None and Path(paths[n]).resolve() == live_path
            review = open_for_review(paths[n], annotator=wanted, live=live if same else None)
            try:
                return review, load_work(review)
            except BaseException:
                review.close()
                raise

        opened: list[tuple[ReviewFile, dict[str, ArticleWork]] | None] = [None] * len(paths)
        failures: dict[int, BaseException] = {}
        # The live project's connection belongs to this thread: its snapshot is taken here.
        here = [n for n, p in enumerate(paths)
                if live_path is not None and Path(p).resolve() == live_path]
        with cyclic_gc_paused(), ThreadPoolExecutor(max_workers=2) as pool:
            pending = {pool.submit(open_one, n): n
                       for n in range(len(paths)) if n not in here}
            try:
                for n in here:
                    opened[n] = open_one(n)
                    progress.step()
                for future in as_completed(pending):
                    n = pending[future]
                    try:
                        opened[n] = future.result()
                    except Exception as exc:     # raised below, in the files' order
                        failures[n] = exc
                    progress.step()
            except BaseException:
                for future in pending:
                    future.cancel()
                wait(pending)
                _close_all(opened, pending)
                raise
        if failures:
            _close_all(opened, pending)
            raise failures[min(failures)]
        return cls([f for f, _ in opened], [w for _, w in opened])  # type: ignore[misc]

    @property
    def coders(self) -> list[str]:
        return [f.label for f in self.files]

    @property
    def notices(self) -> list[Notice]:
        return [n for f in self.files for n in f.notices]

    @property
    def comparison(self) -> Comparison:
        if self._comparison is None:
            with cyclic_gc_paused():
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


def _close_all(opened: list, pending: dict[Future, int]) -> None:
    """Close every file opened so far, including those a worker finished after a failure."""
    for future, n in pending.items():
        if opened[n] is None and future.done() and not future.cancelled() \
                and future.exception() is None:
            opened[n] = future.result()
    for entry in opened:
        if entry is not None:
            entry[0].close()


def _unique_labels(files: list[ReviewFile]) -> None:
    """Two files by the same annotator name get their file names added."""
    names = [f.coder for f in files]
    for f in files:
        f.label = f.coder if names.count(f.coder) == 1 else f"{f.coder} ({f.source.name})"
    labels = [f.label for f in files]
    for n, f in enumerate(files):
        if labels.count(f.label) > 1:   # same name and same file name in two folders
            f.label = f"{f.label} #{n + 1}"
