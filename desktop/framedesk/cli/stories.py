"""`framedesk stories PROJECT [--regroup]`: the stories of a project and their articles."""

from __future__ import annotations

import argparse
import sys

from framedesk.cli.import_ import ProgressBar
from framedesk.core.progress import Progress
from framedesk.core.store import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stories", help="group articles into stories and list them",
                       description="List the project's stories; --regroup groups the "
                                   "articles again first, with progress on the terminal "
                                   "(Ctrl+C stops it and keeps the stories as they were).")
    p.add_argument("project", help="a .framedesk file")
    p.add_argument("--regroup", action="store_true",
                   help="group again (stories you named, merged or split are kept)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=not args.regroup) as project:
        if args.regroup:
            bar = ProgressBar(sys.stderr)
            try:
                stories = project.stories.group_automatically(progress=Progress(bar.update))
            except KeyboardInterrupt:
                bar.finish()
                print("Regrouping interrupted; the stories are as they were.", file=sys.stderr)
                return 130
            bar.finish()
        else:
            stories = project.stories.all()
        if not stories:
            print("No stories yet." + ("" if args.regroup else " Run with --regroup to group."))
        for story in stories:
            mark = "" if story.manual else " (automatic)"
            print(f"Story {story.story_id}: {story.name}{mark}")
            for aid in story.article_ids:
                a = project.articles.get(aid)
                print(f"  [{aid}] {a.outlet or '(no outlet)'}: {a.title}")
    return 0
