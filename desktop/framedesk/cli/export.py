"""`framedesk export PROJECT --format FORMAT [--out FILE]`: write articles and annotations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framedesk.core.exchange.registry import EXPORTERS, ExportOptions, load_all
from framedesk.core.exchange.writing import protect_inputs
from framedesk.core.model import STATUSES
from framedesk.core.store import Project


def register(sub: argparse._SubParsersAction) -> None:
    load_all()
    formats = sorted(EXPORTERS)
    p = sub.add_parser(
        "export", help="export articles and annotations (" + ", ".join(formats) + ")",
        description="Export a project's articles with their annotations. Formats: "
                    + "; ".join(f"{n}: {EXPORTERS[n].description}" for n in formats))
    p.add_argument("project", help="the .framedesk file")
    p.add_argument("--format", "-f", required=True, choices=formats, help="the file format")
    p.add_argument("--out", "-o", type=Path,
                   help="file or folder to write (JSONL: standard output when omitted)")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.add_argument("--status", action="append", choices=STATUSES, default=[],
                   help="only articles with this status (repeatable)")
    p.add_argument("--annotator", help="only this analyst's annotations")
    p.add_argument("--include-suggestions", action="store_true",
                   help="also attributions suggested by the extractor and not yet accepted")
    p.add_argument("--spreadsheet-safe", action=argparse.BooleanOptionalAction, default=True,
                   help="csv: put ' before text cells starting with = + - @ so spreadsheets"
                        " do not run them as formulas (default); --no-spreadsheet-safe"
                        " writes every cell exactly as stored, for pandas and R")
    p.add_argument("--labelstudio-user", action="append", default=[], metavar="NAME=ID",
                   help="labelstudio: write this analyst's annotations as completed_by the"
                        " Label Studio user with this id (repeatable); Label Studio refuses"
                        " ids and e-mails of people who are not members, so analysts not"
                        " named here are imported as the importing user")
    p.set_defaults(func=run, parser=p)


def labelstudio_users(parser: argparse.ArgumentParser, pairs: list[str]) -> dict[str, int]:
    users: dict[str, int] = {}
    for pair in pairs:
        name, _, number = pair.rpartition("=")
        if not name.strip() or not number.strip().isdigit():
            parser.error(f"--labelstudio-user {pair!r}: write the analyst's name, '=', and the"
                         " Label Studio user id, e.g. --labelstudio-user 'Ana=1'")
        users[name.strip()] = int(number)
    return users


def run(args: argparse.Namespace) -> int:
    fmt = EXPORTERS[args.format]
    if args.out is None and not fmt.streams:
        args.parser.error(f"--out is needed for the {args.format} format")
    options = ExportOptions(status=tuple(args.status), annotator=args.annotator,
                            include_suggestions=args.include_suggestions,
                            extra={"spreadsheet_safe": args.spreadsheet_safe,
                                   "labelstudio_users": labelstudio_users(
                                       args.parser, args.labelstudio_user)})
    with protect_inputs(args.project), Project.open(args.project, read_only=True) as project:
        if args.out is None:
            n = fmt.write(project, None, sys.stdout, options, None)
            sys.stdout.flush()
        else:
            n = fmt.write(project, None, args.out, options, None, force=args.force)
    if args.out is not None:
        print(f"Exported {n} record{'s' if n != 1 else ''} to {args.out}.", file=sys.stderr)
        if args.format == "labelstudio":
            from framedesk.core.exchange.labelstudio_export import config_path
            print(f"Label Studio labeling config: {config_path(args.out)} (paste it into the"
                  " project's Labeling Interface before importing).", file=sys.stderr)
    return 0
