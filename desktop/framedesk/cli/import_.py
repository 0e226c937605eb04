"""`framedesk import PROJECT PATH...`: bring articles in, then find their entities."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from typing import TextIO

from framedesk.core.importing import ImportSummary, import_paths
from framedesk.core.progress import Progress
from framedesk.core.store import Project
from framedesk.messages import describe

MAX_LISTED_FAILURES = 50


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="import articles (text, JSONL, CSV, HTML, files or folders)",
        description="Import articles into a project (created if missing). Folders are read "
                    "recursively. Exit status: 0 all imported or already there, 1 some input "
                    "failed (the rest is imported), 2 usage error.")
    p.add_argument("project", help="the .framedesk file (created if it does not exist)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    p.add_argument("--outlet", help="the outlet these articles come from")
    p.add_argument("--model", help="the spaCy pipeline for entities (default: the project's)")
    p.add_argument("--no-entities", dest="entities", action="store_false",
                   help="import without running entity recognition")
    p.add_argument("--no-suggestions", dest="suggestions", action="store_false",
                   help="import without suggesting attributions (sources)")
    p.add_argument("--annotator", help="whose name annotations without one are stored under")
    p.add_argument("--max-file-mb", type=float, metavar="MB",
                   help="refuse files bigger than this (default 200, or FRAMEDESK_MAX_FILE_MB)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framedesk.cli.index import build_search_index  # it uses this module's ProgressBar

    if args.max_file_mb is not None:
        if args.max_file_mb <= 0:
            print("framedesk import: --max-file-mb must be a positive number of megabytes",
                  file=sys.stderr)
            return 2
        os.environ["FRAMEDESK_MAX_FILE_MB"] = str(args.max_file_mb)
    bar = ProgressBar(sys.stderr)
    with Project.open(args.project, create=True, annotator=args.annotator) as project:
        summary = import_paths(project, args.paths, outlet=args.outlet, model=args.model,
                               entities=args.entities, attributions=args.suggestions,
                               progress=Progress(bar.update))
        # New articles may retell stories already in the project: group at the end, each
        # new article against the candidates the story index finds (not every article).
        stories = (project.stories.group_pending(progress=Progress(bar.update))
                   if summary.imported else None)
        bar.finish()
        print_summary(summary, sys.stdout)
        if stories:
            print(f"Stories told by several articles: {len(stories)}"
                  " (framedesk stories PROJECT lists them).")
        # The articles are committed and listed above; the search index is a phase of its
        # own (Ctrl+C here keeps them all, and search finds them without the index).
        sys.stdout.flush()
        if build_search_index(project, sys.stderr, sys.stdout) is None:
            return 130
    return 0 if summary.ok else 1


def print_summary(summary: ImportSummary, out: TextIO) -> None:
    print(f"Imported {summary.imported} article{'s' if summary.imported != 1 else ''}, "
          f"{summary.duplicates} already in the project (skipped), "
          f"{len(summary.failed)} failed.", file=out)
    if summary.skipped:
        reasons = Counter(s.reason for s in summary.skipped)
        print(f"Left out on purpose: {len(summary.skipped)} record(s) ("
              + ", ".join(f"{n} {reason}" for reason, n in reasons.most_common()) + ").",
              file=out)
    if summary.annotations:
        print(f"Annotations brought by the files: {summary.annotations}.", file=out)
    if summary.mentions:
        print(f"Entity mentions found: {summary.mentions}.", file=out)
    if summary.suggestions:
        print(f"Attributions suggested: {summary.suggestions}.", file=out)
    for failure in summary.failed[:MAX_LISTED_FAILURES]:
        print(f"  failed: {describe(failure.error)}", file=out)  # names file and line
    if len(summary.failed) > MAX_LISTED_FAILURES:
        print(f"  ... and {len(summary.failed) - MAX_LISTED_FAILURES} more failures.", file=out)
    if summary.entity_error is not None:
        print(f"Entities were not found: {describe(summary.entity_error)}", file=out)
    if summary.suggestion_error is not None:
        print(f"Attributions were not suggested: {describe(summary.suggestion_error)}",
              file=out)
    if summary.cancelled:
        print("Cancelled; the articles imported before that are kept.", file=out)


class ProgressBar:
    """A one-line bar on a terminal; on a pipe, a plain line per phase (no control codes)."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.label = ""
        self.last = 0.0

    def update(self, done: int, total: int, label: str) -> None:
        if label != self.label:
            if self.tty and self.label:
                self.stream.write("\n")
            elif not self.tty:
                self.stream.write(f"{label}...\n")
            self.label = label
        if not self.tty:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        share = done / total if total else 1.0
        filled = int(share * self.WIDTH)
        self.stream.write(f"\r{label:<20} [{'#' * filled}{'.' * (self.WIDTH - filled)}]"
                          f" {share:4.0%}")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and self.label:
            self.stream.write("\n")
            self.stream.flush()
