"""Backups on a full disk and after a killed run: one sentence, nothing half-written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from framedesk.core import backup
from framedesk.core.errors import BackupDiskFull
from framedesk.core.store import Project
from framedesk.messages import describe
from tests.support.writer_faults import dead_pid


def test_a_full_disk_during_a_backup_is_one_sentence_and_leaves_no_partial(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = backup.make_backup(project, "manual", base=tmp_path)
    folder = first.path.parent
    before = sorted(p.name for p in folder.iterdir())

    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(backup, "fsync_path", full)
    with pytest.raises(BackupDiskFull) as caught:
        backup.make_backup(project, "manual", base=tmp_path)
    assert "is full; no backup was made" in describe(caught.value)
    assert sorted(p.name for p in folder.iterdir()) == before
    assert backup.list_backups(project.path, base=tmp_path)[0].path == first.path


def test_a_killed_backups_partial_copy_is_removed_by_the_next(project: Project,
                                                              tmp_path: Path) -> None:
    folder = backup.backup_dir_for(project.path, tmp_path)
    folder.mkdir(parents=True)
    stale = folder / f".20260101T000000000Z-manual.framedesk.{dead_pid()}.partial"
    live = folder / f".20260101T000000001Z-manual.framedesk.{os.getpid()}.partial"
    stale.write_bytes(b"half")
    live.write_bytes(b"busy")
    backup.make_backup(project, "manual", base=tmp_path)
    assert not stale.exists() and live.exists()


def test_backups_get_the_users_umask(project: Project, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        info = backup.make_backup(project, "manual", base=tmp_path)
    finally:
        os.umask(old)
    assert info.path.stat().st_mode & 0o777 == 0o640
