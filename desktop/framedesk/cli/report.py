"""`framedesk report PROJECT --out report.html`: the corpus charts and tables in one HTML file."""

from __future__ import annotations

import argparse

from framedesk.core.exchange.writing import protect_inputs
from framedesk.core.report_html import write_report
from framedesk.core.store import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write a self-contained HTML report with charts and tables")
    p.add_argument("project", help="a .framedesk file")
    p.add_argument("--out", required=True, help="the HTML file to write")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with protect_inputs(args.project), Project.open(args.project, read_only=True) as project:
        out = write_report(project, args.out, force=args.force)
    print(f"wrote {out}")
    return 0
