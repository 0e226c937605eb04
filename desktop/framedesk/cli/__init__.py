"""`framedesk ...`: the command line, a thin layer over the core.

Each subcommand lives in its own module here with `register(subparsers)`, which adds its
parser and sets `func(args) -> int`. Exit codes: 0 success, 1 some input failed, 2 usage.
With no subcommand (or a path to a project) the GUI starts.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys

from framedesk import __version__
from framedesk.core.errors import FramedeskError
from framedesk.messages import describe

# Subcommand modules, in the order `framedesk --help` lists them.
COMMAND_MODULES = ["import_", "export", "info", "report", "distribute", "agree", "merge", "stories", "backup", "snapshot", "sources", "index"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framedesk",
        description="Framedesk: annotate framing, sourcing and entities in news articles.",
        epilog="Run without a command to open the window (the last project, or the demo).")
    parser.add_argument("--version", action="version",
                        version=f"framedesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"framedesk.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _never_fail_printing()
    parser = build_parser()
    known_commands = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()
    if not argv or (argv[0] not in known_commands and not argv[0].startswith("-")):
        return start_gui(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except FramedeskError as exc:
        print(f"framedesk: {describe(exc)}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        # A damaged page met after the open checks: one sentence, never a traceback.
        from pathlib import Path

        from framedesk.core.store.project import translate_sqlite_error

        where = Path(getattr(args, "project", None) or getattr(args, "out", None) or "project")
        print(f"framedesk: {describe(translate_sqlite_error(where, exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("framedesk: interrupted; work finished before that is kept.", file=sys.stderr)
        return 130


def _never_fail_printing() -> None:
    """A title or name read from a file may hold a lone surrogate; printing it must show
    an escape, not end the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass  # not a text file of the interpreter's own (a test's StringIO)


def _reader_went_away() -> int:
    """`framedesk export ... | head -1`: the reader closed the pipe, which is how it says it
    has enough. End quietly with 0, as Unix tools do; standard output now points at the null
    device so the interpreter's final flush cannot fail with a second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests): nothing left to flush
    return 0


def start_gui(argv: list[str]) -> int:
    try:
        app = importlib.import_module("framedesk.ui.app")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("framedesk.ui"):
            print("framedesk: the window is not available in this build; see `framedesk --help`.",
                  file=sys.stderr)
            return 2
        raise
    return app.run(argv)
