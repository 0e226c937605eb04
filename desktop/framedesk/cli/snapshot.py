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
    p.add_argument("--article", type=int, help="the article id to show (default: the first)")
    p.add_argument("--size", type=size, default=(1360, 860), help="window size, WxH")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framedesk.ui.snapshot import render

    try:
        out = render(args.project, args.out, article_id=args.article, size=args.size)
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
