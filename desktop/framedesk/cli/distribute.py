"""`framedesk distribute MASTER --coders ana,ben,cy --out DIR`: one project file per coder,
each with a share of the master's articles plus an overlap sample everyone codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framedesk.core.exchange.writing import check_target
from framedesk.core.progress import Progress
from framedesk.core.review.packages import (
    STRATA,
    PackageError,
    file_name,
    master_articles,
    plan_packages,
    write_packages,
)
from framedesk.core.store import Project
from framedesk.messages import describe


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "distribute", help="write coders' files from a master project (shares + an overlap "
                           "sample for agreement)",
        description="Write one .framedesk file per coder into a new folder: each holds the "
                    "master's codebooks, its share of the articles and an overlap sample "
                    "that every coder codes (for agreement), drawn per outlet with a seed, "
                    "so the same seed gives the same files. The coders' own coding starts "
                    "empty (the model's entity mentions are kept). A manifest "
                    "(packages.json) lists which articles went where. Bring the files back "
                    "with `framedesk merge` (each coder's share is taken as it is, the "
                    "overlap is merged) and `framedesk agree` (computed on the overlap). "
                    "The master is only read.")
    p.add_argument("master", type=Path, metavar="MASTER", help="the master .framedesk file")
    p.add_argument("--coders", required=True, metavar="NAMES",
                   help="the coders' names, comma-separated: ana,ben,cy")
    p.add_argument("--overlap", default="10%", metavar="N|N%",
                   help="how many articles every coder codes: a number (10) or a share of "
                        "the articles (10%%, the default)")
    p.add_argument("--stratify", default="outlet", choices=STRATA,
                   help="draw the overlap and deal the shares per outlet (default), or not")
    p.add_argument("--seed", type=int, default=1,
                   help="the random seed (default 1); the same seed gives the same files")
    p.add_argument("--out", "-o", type=Path, required=True, metavar="DIR",
                   help="the folder to create (it appears only when every file is written)")
    p.add_argument("--force", action="store_true",
                   help="replace DIR if it exists (never a folder holding MASTER)")
    p.set_defaults(func=run, parser=p)


def run(args: argparse.Namespace) -> int:
    coders = args.coders.split(",")
    check_target(args.out, args.force, inputs=[args.master], folder=True)
    with Project.open(args.master, read_only=True) as master:
        articles = master_articles(master)
    if not articles:
        args.parser.error(f"{args.master} has no articles to hand out")
    try:
        plan = plan_packages(articles, coders, args.overlap, stratify=args.stratify,
                             seed=args.seed)
    except PackageError as exc:
        args.parser.error(describe(exc))
    last = [-1]

    def show(done: int, total: int, label: str) -> None:
        percent = 100 * done // total if total else 100
        if sys.stderr.isatty() and percent != last[0]:
            last[0] = percent
            print(f"\r{label} {percent}%", end="", file=sys.stderr, flush=True)

    manifest = write_packages(args.master, args.out, plan, force=args.force,
                              progress=Progress(show))
    if last[0] >= 0:
        print(file=sys.stderr)
    print(f"Wrote {len(plan.coders)} coders' files to {args.out}: {len(plan.overlap)} overlap "
          f"article{'s' if len(plan.overlap) != 1 else ''} for everyone"
          + (f", drawn from {len(plan.strata)} outlets" if args.stratify == "outlet" else "")
          + f" (seed {plan.seed}).")
    for coder in plan.coders:
        print(f"  {file_name(args.master, coder)}: {len(plan.articles_of(coder))} articles "
              f"({len(plan.share[coder])} for {coder} alone)")
    print(f"The manifest is {manifest}.")
    return 0
