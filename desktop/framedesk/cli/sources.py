"""`framedesk sources PROJECT`: who the articles of a project rely on, per outlet."""

from __future__ import annotations

import argparse
from pathlib import Path

from framedesk.core.exchange.writing import check_target, protect_inputs
from framedesk.core.sourcing_table import SourcingTable, sourcing_table
from framedesk.core.store import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sources", help="the sourcing table: attributions per outlet by "
                       "identification and source type, unnamed share, most cited sources")
    p.add_argument("project", help="a .framedesk file")
    p.add_argument("--csv", metavar="FILE", help="also write the table as CSV to FILE")
    p.add_argument("--force", action="store_true", help="replace --csv if it exists")
    p.add_argument("--include-suggestions", action="store_true",
                   help="count suggested attributions nobody has checked yet")
    p.add_argument("--annotator", help="only this analyst's attributions")
    p.add_argument("--top", type=int, default=5, help="most cited sources to list (default 5)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.csv:
        check_target(Path(args.csv), args.force, inputs=[Path(args.project)])
    with Project.open(args.project, read_only=True) as project:
        table = sourcing_table(project, include_suggestions=args.include_suggestions,
                               annotator=args.annotator)
    print(render(table, top=args.top))
    if args.csv:
        with protect_inputs(args.project):
            table.to_csv(args.csv, top=args.top, force=args.force)
        print(f"Wrote {args.csv}")
    return 0


def render(table: SourcingTable, top: int = 5) -> str:
    """A plain-text table for the terminal: one block per outlet and one for all."""
    lines = []
    for row in [*table.rows, table.total]:
        lines.append(f"{row.outlet}: {row.articles} articles, {row.attributions} attributions,"
                     f" unnamed {row.unnamed_share:.0%}")
        if row.attributions:
            lines.append("  identification: " + _counts(row.by_identification))
            lines.append("  source type:    " + _counts(row.by_source_type))
            cited = row.top_sources(top)
            if cited:
                lines.append("  most cited:     "
                             + ", ".join(f"{name} ({n})" for name, n in cited))
    return "\n".join(lines)


def _counts(counter) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {n}"
                     for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
