"""Hostile project files, generated: every kind issue 14 lists for a `.framedesk` given to
a command (triggers, views, an altered schema, bad stored values, damaged pages, a foreign
-wal, another process's locked file reached by a hard link or symlink, special files).

Each case says what a user may expect: `reads` (commands that only read the project
succeed: exit 0) and `writes` (commands that change it succeed). When not, the command
must fail with exit 1 and one sentence, and leave the file as it was.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.input_cases import GOOD_TEXTS, template_project

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096


@dataclass
class ProjectCase:
    name: str
    kind: str          # the words for it
    path: Path         # what the command is given as the project
    reads: bool        # read-only commands succeed
    writes: bool       # writing commands succeed
    words: tuple[str, ...] = ()  # a refusal's sentence names these (lower case)
    # commands whose outcome differs from reads/writes, with the reason (exit code, why)
    unlike: dict[str, int] | None = None

    def fresh(self, folder: Path) -> Path:
        """A copy of a plain-file case (with its -wal) for one command to work on; links,
        special files and another process's file are used as they are."""
        if self.path.is_symlink() or not self.path.is_file() or self.path.stat().st_nlink > 1:
            return self.path
        target = folder / self.path.name
        shutil.copyfile(self.path, target)
        wal = Path(f"{self.path}-wal")
        if wal.exists():
            shutil.copyfile(wal, f"{target}-wal")
        return target


def _sql(path: Path, script: str) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.close()
    return path


def _copy(template: Path, folder: Path, name: str) -> Path:
    target = folder / f"{name}.framedesk"
    shutil.copyfile(template, target)
    return target


def _damage_pages(path: Path) -> Path:
    """Zero-and-garble pages in the middle of the file (a bad sector, a torn copy)."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for page in range(3, size // PAGE - 1, 3):
            handle.seek(page * PAGE + 100)
            handle.write(b"\xde\xad\xbe\xef" * 64)
    return path


def _leave_wal(path: Path) -> None:
    """A writer killed with its last edit only in the -wal (as a crash leaves it)."""
    code = ("import os;from framedesk.core.store import Project;"
            f"p=Project.open({str(path)!r});p.set_meta('x','from another file');os._exit(0)")
    subprocess.run([sys.executable, "-c", code], check=True,
                   env=dict(os.environ, PYTHONPATH=str(ROOT / "desktop")))


TEXTS = [f"{t} Edition {n}." for n in range(15) for t in GOOD_TEXTS]


def build_template(folder: Path) -> Path:
    """A coded project big enough to have pages to damage (60 articles)."""
    return template_project(folder / "template.framedesk", TEXTS)


def all_cases(folder: Path, locked: Path | None = None) -> list[ProjectCase]:
    """Every project case under `folder`; `locked` is a project another process holds
    open for writing (the hard-link and symlink cases point at it)."""
    template = build_template(folder)
    c = []
    c.append(ProjectCase("good", "a good project (baseline)", _copy(template, folder, "good"),
                         True, True))
    c.append(ProjectCase("trigger", "a trigger inside the project", _sql(
        _copy(template, folder, "trigger"),
        "CREATE TRIGGER wipe AFTER INSERT ON meta BEGIN DELETE FROM doc_codes; END;"
        "CREATE TRIGGER wipe2 AFTER UPDATE ON articles BEGIN DELETE FROM doc_codes; END;"),
        True, False, ("trigger", "wipe")))
    c.append(ProjectCase("view", "an extra view", _sql(
        _copy(template, folder, "view"), "CREATE VIEW spy AS SELECT * FROM articles;"),
        True, False, ("view", "spy")))
    c.append(ProjectCase("dropped-column", "an altered schema (a dropped column)", _sql(
        _copy(template, folder, "dropped"), "ALTER TABLE memos DROP COLUMN updated;"),
        False, False, ("memos",)))
    c.append(ProjectCase("altered-table", "an altered table (an extra column)", _sql(
        _copy(template, folder, "altered"), "ALTER TABLE articles ADD COLUMN evil TEXT;"),
        False, False, ("articles",)))
    c.append(ProjectCase("span-start-after-end", "a span with start > end", _sql(
        _copy(template, folder, "span"),
        'PRAGMA ignore_check_constraints=ON; UPDATE span_codes SET start = 30, "end" = 3 '
        "WHERE rowid = (SELECT min(rowid) FROM span_codes);"), False, False, ("span_codes",)))
    c.append(ProjectCase("broken-json", "broken JSON in a stored column", _sql(
        _copy(template, folder, "json"),
        "PRAGMA ignore_check_constraints=ON; UPDATE articles SET extra = '{broken' "
        "WHERE id = 2;"), False, False, ("json",)))
    c.append(ProjectCase("damaged-pages", "a damaged project (corrupted pages)",
                         _damage_pages(_copy(template, folder, "damaged")), False, False,
                         ("damaged", "backup")))
    truncated = _copy(template, folder, "truncated")
    os.truncate(truncated, truncated.stat().st_size // 2)
    c.append(ProjectCase("truncated", "a truncated project", truncated, False, False,
                         ("damaged",)))
    not_sqlite = folder / "notes.framedesk"
    not_sqlite.write_text("These are my notes, not a project.\n" * 50, encoding="utf-8")
    c.append(ProjectCase("not-a-project", "a text file given as a project", not_sqlite,
                         False, False, ("not a framedesk project",)))
    newer = _sql(_copy(template, folder, "newer"), "PRAGMA user_version = 999;")
    # Read-only commands show what this version knows of a newer file (newer versions only
    # add tables and columns); comparing coders' work in it is refused.
    c.append(ProjectCase("newer-schema", "a project from a newer Framedesk", newer, True,
                         False, ("newer",), {"agree": 1, "merge": 1}))
    mine, other = _copy(template, folder, "foreign-wal"), _copy(template, folder, "other")
    _leave_wal(other)
    os.replace(f"{other}-wal", f"{mine}-wal")
    # A colleague's file comes without our lock file's marker: a -wal that looks like a
    # Framedesk one is read from (in a private copy), with a warning saying so.
    c.append(ProjectCase("foreign-wal", "a -wal from another project beside it", mine,
                         False, False, ("-wal",), {"agree": 0, "merge": 0}))
    if locked is not None:
        link = folder / "hardlink.framedesk"
        os.link(locked, link)
        # Read by this name, SQLite would miss the writer's -wal (kept under the other
        # name) and make a second one here: refused, reads included.
        c.append(ProjectCase("hard-link-to-locked", "a hard link to a project another "
                             "process writes", link, False, False, ("in use",)))
        sym = folder / "symlink.framedesk"
        sym.symlink_to(locked)
        c.append(ProjectCase("symlink-to-locked", "a symlink to a project another process "
                             "writes", sym, True, False, ("in use",)))
    fifo = folder / "fifo.framedesk"
    os.mkfifo(fifo)
    c.append(ProjectCase("fifo", "a FIFO given as the project", fifo, False, False))
    sock_path = folder / "sock.framedesk"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    c.append(ProjectCase("socket", "a socket given as the project", sock_path, False, False))
    loop = folder / "loop.framedesk"
    loop.symlink_to(loop.name)
    c.append(ProjectCase("symlink-loop", "a symlink loop given as the project", loop, False,
                         False))
    return c


def holder(path: Path) -> subprocess.Popen:
    """Another process that opens `path` for writing and keeps it open (until killed)."""
    code = (f"import time;from framedesk.core.store import Project;p=Project.open({str(path)!r});"
            "p.set_meta('held','yes');print('open',flush=True);time.sleep(600)")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=str(ROOT / "desktop")))
    assert child.stdout is not None and child.stdout.readline().strip() == "open"
    return child
