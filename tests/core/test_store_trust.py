"""Hostile project files: nothing in them runs, each is refused in one sentence, colleague's
files are never changed, and the one-writer lock holds whatever the path."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from framedesk.core.errors import ForeignWal, ProjectLocked, QueryTimeLimit, UntrustedSchema
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project
from framedesk.messages import describe

ROOT = Path(__file__).resolve().parents[2]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _with_article(path: Path) -> Path:
    p = Project.create(path, annotator="Ana")
    [(aid, _)] = p.articles.add_many([ArticleDraft(text="Title\n\nBody text here.")])
    p.coding.set_primary_frame(aid, "policy_frames", "economic") if hasattr(
        p.coding, "set_primary_frame") else None
    p.close()
    return path


def _hostile(path: Path, sql: str) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"))
    return subprocess.run([sys.executable, "-m", "framedesk", *args], capture_output=True,
                          text=True, env=env, timeout=120)


TRIGGER = ("CREATE TABLE fired (n INTEGER);"
           "CREATE TRIGGER evil AFTER INSERT ON meta BEGIN INSERT INTO fired VALUES (1); END;"
           "CREATE TRIGGER evil2 AFTER UPDATE ON meta BEGIN INSERT INTO fired VALUES (1); END;")


@pytest.mark.parametrize("command", [["index"], ["backup"], ["stories", "--regroup"]])
def test_a_trigger_in_a_project_never_fires_and_writing_is_refused(tmp_path, command):
    path = _hostile(_with_article(tmp_path / "p.framedesk"), TRIGGER)
    before = _sha(path)
    result = _cli(command[0], str(path), *command[1:])
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "trigger" in result.stderr and result.stderr.count("\n") == 1
    assert _sha(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM fired").fetchone()[0] == 0
    conn.close()


def test_read_only_commands_still_read_a_file_with_extras(tmp_path):
    path = _hostile(_with_article(tmp_path / "p.framedesk"), TRIGGER)
    before = _sha(path)
    result = _cli("info", str(path))
    assert result.returncode == 0, result.stderr
    assert _sha(path) == before


def test_a_dropped_column_is_one_sentence(tmp_path):
    path = _hostile(_with_article(tmp_path / "p.framedesk"),
                    "ALTER TABLE memos DROP COLUMN updated;")
    with pytest.raises(UntrustedSchema) as info:
        Project.open(path, read_only=True)
    assert "memos" in describe(info.value)


def test_an_endless_view_in_a_colleagues_file_is_stopped(tmp_path):
    from framedesk.core.review.colleague import open_for_review

    path = _hostile(_with_article(tmp_path / "c.framedesk"),
                    "CREATE VIEW forever AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL "
                    "SELECT n + 1 FROM r) SELECT n FROM r;")
    before = _sha(path)
    with open_for_review(path) as review:       # extras are allowed for reading
        review.project.db.conn.limit_queries(0.5)
        with pytest.raises(sqlite3.OperationalError) as info:
            review.project.db.conn.execute("SELECT count(*) FROM forever").fetchone()
    from framedesk.core.store.project import translate_sqlite_error
    assert isinstance(translate_sqlite_error(path, info.value), QueryTimeLimit)
    assert _sha(path) == before
    assert not Path(str(path) + "-wal").exists() and not Path(str(path) + "-shm").exists()


def test_a_foreign_wal_is_never_applied(tmp_path):
    mine = _with_article(tmp_path / "mine.framedesk")
    other = _with_article(tmp_path / "other.framedesk")
    # Leave other's -wal behind (a writer killed), then put it beside mine.
    code = ("import os,sys;from framedesk.core.store import Project;"
            f"p=Project.open({str(other)!r});"
            "p.set_meta('x','from other');os._exit(0)")
    subprocess.run([sys.executable, "-c", code], check=True,
                   env=dict(os.environ, PYTHONPATH=str(ROOT / "desktop")))
    os.replace(str(other) + "-wal", str(mine) + "-wal")
    before = _sha(mine)
    with pytest.raises(ForeignWal) as info:
        Project.open(mine)
    assert "-wal" in describe(info.value)
    assert _sha(mine) == before


def test_a_crashed_writers_own_wal_is_applied(tmp_path):
    path = _with_article(tmp_path / "p.framedesk")
    code = ("import os;from framedesk.core.store import Project;"
            f"p=Project.open({str(path)!r});p.set_meta('x','kept');os._exit(0)")
    subprocess.run([sys.executable, "-c", code], check=True,
                   env=dict(os.environ, PYTHONPATH=str(ROOT / "desktop")))
    with Project.open(path) as p:
        assert p.meta("x") == "kept"


def test_a_hard_link_does_not_bypass_the_writer_lock(tmp_path):
    path = _with_article(tmp_path / "p.framedesk")
    link = tmp_path / "link.framedesk"
    os.link(path, link)
    code = (f"import sys,time;from framedesk.core.store import Project;p=Project.open({str(path)!r});"
            "print('open',flush=True);time.sleep(30)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT / "desktop")))
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(ProjectLocked):
            Project.open(link)
        sym = tmp_path / "sym.framedesk"
        sym.symlink_to(path)
        with pytest.raises(ProjectLocked):
            Project.open(sym)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_file_being_written_is_read_as_one_consistent_state(tmp_path):
    from framedesk.core.review.colleague import open_for_review

    path = _with_article(tmp_path / "w.framedesk")
    code = (f"import time;from framedesk.core.store import Project;p=Project.open({str(path)!r});"
            "from framedesk.core.model import ArticleDraft\n"
            "print('open',flush=True)\n"
            "for i in range(100000):\n"
            "    p.articles.add_many([ArticleDraft(text=f'T{i}\\n\\n'+'word '*300)])\n")
    writer = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT / "desktop")))
    try:
        assert writer.stdout.readline().strip() == "open"
        for _ in range(15):
            with open_for_review(path) as review:   # never "damaged"
                assert review.project.articles.count() >= 1 if hasattr(
                    review.project.articles, "count") else True
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
