"""`framedesk snapshot PROJECT OUT.png [--article ID] [--size WxH]`: the window as a PNG."""

from __future__ import annotations

import argparse
import re
import sys


def size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{3,5})[xX](\d{3,5})", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1360x860")
    return int(m.group(1)), int(m.group(2))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("snapshot", help="render the window with a project open to a PNG "
                       "(offscreen; for screenshots and bug reports)")
    p.add_argument("project", help="a .framedesk file")
    p.add_argument("out", help="the PNG to write")
    p.add_argument("--article", help="the article to show: its number in the project or its "
                   "uid, the public id every export carries (default: the first)")
    p.add_argument("--size", type=size, default=(1360, 860), help="window size, WxH")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framedesk.ui.snapshot import render

    try:
        article_id = article_number(args.project, args.article)
        out = render(args.project, args.out, article_id=article_id, size=args.size)
    except KeyError:
        print(f"framedesk: {args.project} has no article {args.article}; "
              "`framedesk info` shows how many it has.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"framedesk: could not write {args.out} ({exc.strerror or exc}).",
              file=sys.stderr)
        return 1
    print(out)
    return 0


def article_number(project_path: str, given: str | None) -> int | None:
    """The project's number for an article given by number or by uid (16 hex digits, the
    id exports carry); KeyError when the project has no such uid."""
    if given is None:
        return None
    given = given.strip()
    if given.isdigit():
        return int(given)
    from framedesk.core.store import Project

    project = Project.open(project_path, read_only=True)
    try:
        article = project.articles.by_uid(given)
    finally:
        project.close()
    if article is None:
        raise KeyError(given)
    return article.id
