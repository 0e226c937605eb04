"""Run `framedesk ...` as a user would and record what they see.

In-process through the CLI's `main` (a subprocess costs about 2 s of start-up per call; the
matrix makes hundreds of calls), with standard output and error captured as a pipe would be
(not a terminal). What a process would leave to the kernel (the writer lock, open files) is
released by `main` itself, which the suite checks by opening the project afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def problem_lines(self) -> list[str]:
        """stderr without the import's progress lines ("Reading files...")."""
        return [ln for ln in self.err.splitlines() if ln.strip() and not ln.endswith("...")]


def framedesk(*argv: str | Path) -> Outcome:
    from framedesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse: a usage error
            code = exc.code if isinstance(exc.code, int) else 2
    return Outcome(code, out.getvalue(), err.getvalue())


def one_sentence(outcome: Outcome) -> str | None:
    """What is wrong with the error output, or None: no traceback, at most one error line
    ("framedesk: ..."), and nothing else but warnings, progress and "Wrote/Exported ..." (so
    an error cannot spill over several lines)."""
    if "Traceback" in outcome.err:
        return f"a traceback: {outcome.err[-300:]!r}"
    lines = outcome.problem_lines()
    errors = [ln for ln in lines if ln.startswith("framedesk")]
    if len(errors) > 1:
        return f"{len(errors)} error lines: {errors[:3]!r}"
    stray = [ln for ln in lines
             if not ln.startswith(("framedesk", "warning: ", "Wrote ", "Exported "))]
    if stray:
        return f"stray lines on stderr: {stray[:3]!r}"
    return None


def sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def fingerprints(paths: list[Path]) -> dict[str, str | None]:
    """sha256 of every regular file under `paths` (following nothing special)."""
    found: dict[str, str | None] = {}
    for path in paths:
        items = sorted(path.rglob("*")) if path.is_dir() and not path.is_symlink() else [path]
        for item in items:
            try:
                regular = item.is_file() and not item.is_symlink()
            except OSError:  # a symlink loop
                regular = False
            if regular:
                found[str(item)] = sha256(item)
    return found


def integrity(path: Path) -> str:
    """PRAGMA integrity_check of a project file, read-only and without touching it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def texts(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT text FROM articles")}
    finally:
        conn.close()
