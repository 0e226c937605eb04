"""`framedesk index PROJECT`: build the search index for the articles not in it yet.

An import (or a merge) commits its articles first and leaves them out of the search index
(fts_pending); search finds them anyway, more slowly. `framedesk import` builds the index
as a phase of its own after its summary, the window does it in the background; this command
does it on demand, e.g. after an import that was interrupted during that phase.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from framedesk.cli.import_ import ProgressBar
from framedesk.core.progress import Progress
from framedesk.core.store import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "index", help="build the search index for articles not in it yet",
        description="Add the articles an import or a merge left out of the search index to "
                    "it now (the window does this in the background; search finds them "
                    "meanwhile, more slowly). Ctrl+C keeps what is done.")
    p.add_argument("project", help="a .framedesk file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        if not project.articles.pending_count():
            print("The search index is complete: nothing to do.")
            return 0
        indexed = build_search_index(project, sys.stderr, sys.stdout)
    return 0 if indexed is not None else 130


def build_search_index(project: Project, progress_to: TextIO, report_to: TextIO
                       ) -> int | None:
    """The "Indexing for search" phase with a progress bar; prints what it did. Returns
    how many articles were indexed, or None after Ctrl+C (the chunks done are kept)."""
    pending = project.articles.pending_count()
    if not pending:
        return 0
    bar = ProgressBar(progress_to)
    try:
        indexed = project.articles.index_pending(Progress(bar.update))
    except KeyboardInterrupt:
        bar.finish()
        left = project.articles.pending_count()
        print(f"Search index interrupted: {pending - left} of {pending} articles indexed; "
              f"search still finds the other {left}, and the window (or framedesk index) "
              "indexes them next time.", file=report_to)
        return None
    bar.finish()
    print(f"Indexed {indexed} article{'s' if indexed != 1 else ''} for search.", file=report_to)
    return indexed
