"""`framedesk stories PROJECT [--regroup]`: the stories of a project and their articles."""

from __future__ import annotations

import argparse

from framedesk.core.store import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stories", help="group articles into stories and list them")
    p.add_argument("project", help="a .framedesk file")
    p.add_argument("--regroup", action="store_true",
                   help="group again (stories you named, merged or split are kept)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=not args.regroup) as project:
        stories = (project.stories.group_automatically() if args.regroup
                   else project.stories.all())
        if not stories:
            print("No stories yet." + ("" if args.regroup else " Run with --regroup to group."))
        for story in stories:
            mark = "" if story.manual else " (automatic)"
            print(f"Story {story.story_id}: {story.name}{mark}")
            for aid in story.article_ids:
                a = project.articles.get(aid)
                print(f"  [{aid}] {a.outlet or '(no outlet)'}: {a.title}")
    return 0
