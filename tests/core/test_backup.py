"""Backups: self-contained, checked, rotated, listed and restored without losing the current file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from framedesk.core import backup
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def test_backup_holds_rows_still_in_the_wal(project: Project, tmp_path: Path) -> None:
    project.articles.add_many([ArticleDraft(text="One\n\nFirst body.")])
    assert Path(str(project.path) + "-wal").exists()  # the row is (also) only in the WAL
    info = backup.make_backup(project, "manual", base=tmp_path / "b")
    assert _count(info.path) == 1
    assert backup.list_backups(project.path, base=tmp_path / "b") == [info]


def test_rotation_keeps_the_newest(project: Project, tmp_path: Path) -> None:
    made = []
    for i in range(5):
        project.articles.add_many([ArticleDraft(text=f"Article {i}\n\nBody {i}.")])
        made.append(backup.make_backup(project, "interval", base=tmp_path, keep=3))
    listed = backup.list_backups(project.path, base=tmp_path)
    assert [b.path for b in listed] == [b.path for b in reversed(made[-3:])]
    assert _count(listed[0].path) == 5 and _count(listed[-1].path) == 3


def test_restore_keeps_the_current_file_aside(project_path: Path, tmp_path: Path) -> None:
    p = Project.create(project_path)
    p.articles.add_many([ArticleDraft(text="Old\n\nBefore the backup.")])
    info = backup.make_backup(p, "import", base=tmp_path / "b")
    p.articles.add_many([ArticleDraft(text="New\n\nAfter the backup.")])
    p.close()
    aside = backup.restore(info, project_path)
    assert _count(project_path) == 1 and _count(aside) == 2
    with Project.open(project_path) as restored:
        assert restored.articles.get(1).title == "Old"


def test_interval_backup_is_due_only_after_the_interval(project: Project, tmp_path: Path) -> None:
    assert backup.due(project, 30)
    backup.make_backup(project, "interval", base=tmp_path)
    assert not backup.due(project, 30)
    assert backup.due(project, 0)


def test_a_damaged_backup_is_not_restored(project_path: Path, tmp_path: Path) -> None:
    import pytest

    from framedesk.core.errors import FramedeskError

    Project.create(project_path).close()
    bad = tmp_path / "20260101T000000000Z-manual.framedesk"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = project_path.read_bytes()
    with pytest.raises((FramedeskError, sqlite3.DatabaseError)):
        backup.restore(bad, project_path)
    assert project_path.read_bytes() == before
