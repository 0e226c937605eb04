"""`framedesk merge FILE[:ANALYST]... --out GOLD [--strategy agreed|FILE] [--decisions LOG]`:
a gold file without a window: what all coders agree on, or one coder's everything; the rest
listed as undecided in the gold file's adjudication log, unless a log's decisions (taken in
the review window) settle it as they did there."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framedesk.cli.index import build_search_index
from framedesk.core.exchange.writing import check_target
from framedesk.core.progress import Progress
from framedesk.core.review.log import export_log
from framedesk.core.review.analysts import split_analyst
from framedesk.core.review.merge import AGREED, merge_files
from framedesk.core.review.replay import read_decisions
from framedesk.core.store import Project
from framedesk.core.store.project import default_annotator


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge", help="merge coders' files into a new gold file with an adjudication log",
        description="Write a new gold .framedesk file from two or more coders' files. "
                    "--strategy agreed (default) keeps what every coder who worked on an article "
                    "agrees on; --strategy FILE keeps everything of that file's coder. Whatever "
                    "is not decided that way is listed as undecided in the gold file's "
                    "adjudication log, with every coder's version. The input files are never "
                    "changed.")
    p.add_argument("files", nargs="+", metavar="FILE[:ANALYST]",
                   help="two or more .framedesk files; FILE:ANALYST compares that analyst of"
                        " the file (a file may be given once per analyst); a file holding"
                        " several analysts' work must name one")
    p.add_argument("--out", "-o", type=Path, required=True, metavar="GOLD",
                   help="the gold file to create (written under a temporary name and renamed "
                        "when complete, so a failed or killed merge leaves none)")
    p.add_argument("--force", action="store_true",
                   help="replace GOLD and --log if they exist (never one of the FILEs)")
    p.add_argument("--strategy", default=AGREED, metavar="agreed|FILE",
                   help="'agreed', or one of the FILEs (as given) whose coder's work is taken"
                        " whole")
    p.add_argument("--decisions", type=Path, metavar="LOG",
                   help="after the merge, take again the decisions of an adjudication log: a"
                        " gold .framedesk file decided in the review window, or its exported"
                        " log (.csv or .jsonl); decisions the files do not hold are listed")
    p.add_argument("--who", default=None,
                   help="the adjudicator's name recorded in the gold file and log "
                        "(default: your login name)")
    p.add_argument("--log", type=Path, metavar="PATH",
                   help="also export the adjudication log (.csv, or JSON Lines otherwise)")
    p.add_argument("--spreadsheet-safe", action=argparse.BooleanOptionalAction, default=True,
                   help="--log .csv: put ' before text cells starting with = + - @ so"
                        " spreadsheets do not run them as formulas (default);"
                        " --no-spreadsheet-safe writes every cell exactly as stored")
    p.set_defaults(func=run, parser=p)


def run(args: argparse.Namespace) -> int:
    if len(args.files) < 2:
        args.parser.error("give at least two files to merge")
    given = [split_analyst(f) for f in args.files]
    files = [path for path, _ in given]
    analysts = [name for _, name in given]
    strategy = args.strategy
    if strategy != AGREED:
        chosen = [n for n, (raw, f) in enumerate(zip(args.files, files))
                  if strategy == raw or f.resolve() == Path(strategy).resolve()]
        if not chosen:
            args.parser.error("--strategy must be 'agreed' or one of the FILEs given")
        strategy = analysts[chosen[0]] or str(files[chosen[0]])
    # Refuse a bad --out or --log now, not after minutes of merging.
    check_target(args.out, args.force, inputs=files)
    if args.log:
        check_target(args.log, args.force, inputs=[*files, args.out])
    decisions = read_decisions(args.decisions) if args.decisions else None
    last = [-1]

    def show(done: int, total: int, label: str) -> None:
        percent = 100 * done // total if total else 100
        if sys.stderr.isatty() and percent != last[0]:
            last[0] = percent
            print(f"\r{label} {percent}%", end="", file=sys.stderr, flush=True)

    result = merge_files(files, args.out, strategy=strategy, force=args.force,
                         who=args.who or default_annotator(), progress=Progress(show),
                         annotators=analysts, require_named=True, decisions=decisions)
    if last[0] >= 0:
        print(file=sys.stderr)
    print(f"Wrote {args.out}: {result.articles} articles, {result.written} annotations; "
          f"{result.undecided} undecided differences in its adjudication log.")
    if decisions is not None:
        print(f"Took {result.replayed} decision(s) again from {args.decisions}.")
        for sentence in result.skipped:
            print(f"warning: skipped {sentence}", file=sys.stderr)
    if result.partial:
        print(f"{len(result.partial)} article(s) were not in every file; they are in the gold "
              f"file too.")
    if args.log:
        with Project.open(args.out, read_only=True) as gold:
            n = export_log(gold, args.log, spreadsheet_safe=args.spreadsheet_safe,
                           force=args.force)
        print(f"Wrote the adjudication log ({n} rows) to {args.log}.")
    # The copied articles wait for the search index, as after an import: build it now.
    sys.stdout.flush()
    with Project.open(args.out) as gold:
        if build_search_index(gold, sys.stderr, sys.stdout) is None:
            return 130
    return 0
