"""`framedesk backup PROJECT [--list | --restore N]`: make, list or restore backups."""

from __future__ import annotations

import argparse

from framedesk.core import backup
from framedesk.core.store import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="make a checked backup of a project, list or restore them")
    p.add_argument("project", help="a .framedesk file")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help="list the backups, newest first")
    group.add_argument("--restore", type=int, metavar="N",
                       help="restore backup N of --list (the current file is kept aside)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list:
        found = backup.list_backups(args.project)
        if not found:
            print(f"No backups of {args.project} yet.")
        for i, b in enumerate(found, 1):
            print(f"{i:>3}  {b.label:<32} {b.size / 1e6:7.2f} MB  {b.path}")
        return 0
    if args.restore is not None:
        found = backup.list_backups(args.project)
        if not 1 <= args.restore <= len(found):
            print(f"framedesk: there is no backup {args.restore}; `framedesk backup "
                  f"{args.project} --list` shows {len(found)}.")
            return 2
        # Refuse while another process writes the project: restoring under it would lose edits.
        Project.open(args.project).close()
        aside = backup.restore(found[args.restore - 1], args.project)
        print(f"Restored {found[args.restore - 1].label}; the previous file is kept as {aside}.")
        return 0
    with Project.open(args.project) as project:
        info = backup.make_backup(project, "manual")
    print(f"Backed up to {info.path} ({info.size / 1e6:.2f} MB, checked).")
    return 0
