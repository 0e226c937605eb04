"""Backups in the window: list and restore, interval backups while editing, a backup before
every import and before a merge into one's own project, and Share with a colleague."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from framedesk.core import backup
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project
from framedesk.ui import changes
from framedesk.ui.main_window import install_parts
from tests.core.test_review import make_coder_file, two_files  # noqa: F401  (fixture)

BACKUPS = "framedesk.ui.backups:install_backups"


@pytest.fixture
def backups_window(news_window):
    install_parts(news_window, (BACKUPS,))
    return news_window


def titles(path: Path) -> list[str]:
    with Project.open(path, read_only=True) as p:
        return [r[0] for r in p.db.execute("SELECT title FROM articles ORDER BY id")]


def test_the_dialog_lists_backups_and_restores_one(qtbot, backups_window) -> None:
    w = backups_window
    path = w.project.path
    first = backup.make_backup(w.project, "manual")
    w.project.articles.add(ArticleDraft(text="Added after the backup.", title="Later"))
    backup.make_backup(w.project, "interval")
    w.actions_by_name["backups"].trigger()
    dialog = w.backups_dialog
    assert dialog.table.rowCount() == 2
    rows = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(2)]
    assert [r[1] for r in rows] == ["interval", "manual"]            # newest first
    assert rows[1][0] == f"{first.taken.astimezone():%Y-%m-%d %H:%M:%S}"
    assert all(r[2].endswith(("KB", "MB", "bytes")) for r in rows)

    dialog.table.selectRow(1)
    assert dialog.restore_selected()
    assert w.project is not None and w.project.path == path         # reopened
    assert "Later" not in titles(path)
    assert w.article_list.model.rowCount() == 3
    aside = w.backups.last_aside
    assert aside is not None and aside.exists() and "Later" in titles(aside)
    assert "kept as" in w.project_actions.last_dialog.text()


def test_back_up_now_runs_in_the_background(qtbot, backups_window) -> None:
    w = backups_window
    w.actions_by_name["backups"].trigger()
    dialog = w.backups_dialog
    assert dialog.table.rowCount() == 0
    dialog.now_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert dialog.table.item(0, 1).text() == "manual"


def test_interval_backup_only_after_edits_and_when_due(qtbot, backups_window) -> None:
    w = backups_window
    path = w.project.path
    assert not w.backups.check_due()                     # opened, nothing edited: no copy
    w.hub.notify(changes.FRAMES, {1})
    assert w.backups.check_due()
    qtbot.waitUntil(lambda: not w.backups.running, timeout=10000)
    assert [b.reason for b in backup.list_backups(path)] == ["interval"]
    w.hub.notify(changes.FRAMES, {1})
    assert not w.backups.check_due()                     # edited, but the last one is fresh
    w.settings.set_value("preferences/backup_minutes", 0)
    w.project.set_meta("last_backup", "2000-01-01T00:00:00+00:00")
    assert not w.backups.check_due()                     # turned off in the preferences
    w.settings.set_value("preferences/backup_minutes", 30)
    assert w.backups.check_due()                         # on again, and the last one is old
    qtbot.waitUntil(lambda: not w.backups.running, timeout=10000)
    assert len(backup.list_backups(path)) == 2


def test_an_import_into_a_project_with_articles_is_backed_up_first(qtbot, backups_window,
                                                                   tmp_path: Path) -> None:
    w = backups_window
    article = tmp_path / "extra.txt"
    article.write_text("An extra article\n\nWith a body.", encoding="utf-8")
    done = []
    assert w.project_actions.import_paths([article], entities=False, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    found = backup.list_backups(w.project.path)
    assert [b.reason for b in found] == ["import"]
    with Project.open(found[0].path, read_only=True) as copy:
        assert copy.articles.count() == 3                # as it was before the import
    assert w.project.articles.count() == 4


def test_an_import_into_an_empty_project_makes_no_backup(project) -> None:
    from framedesk.core.importing import import_paths
    from tests.conftest import SEEDS

    import_paths(project, [SEEDS], entities=False)
    assert backup.list_backups(project.path) == []


def test_a_merge_into_ones_own_project_is_backed_up_first(two_files) -> None:  # noqa: F811
    from framedesk.core.review.merge import GoldFile
    from framedesk.core.review.session import ReviewSession

    mine = two_files[0]
    with ReviewSession.open(two_files) as session, Project.open(mine, annotator="Ana") as own:
        GoldFile(own, session).merge()
    assert [b.reason for b in backup.list_backups(mine)] == ["merge"]


def test_a_new_gold_file_is_not_backed_up(two_files, tmp_path: Path) -> None:  # noqa: F811
    from framedesk.core.review.merge import merge_files

    merge_files(two_files, tmp_path / "gold.framedesk", who="Cleo")
    assert backup.list_backups(tmp_path / "gold.framedesk") == []


def test_share_with_a_colleague_writes_one_self_contained_file(qtbot, backups_window,
                                                               tmp_path: Path) -> None:
    w = backups_window
    w.project.coding.set_memo(1, "unsaved? no: every edit is committed")
    target = tmp_path / "for-ben"
    written = []
    assert w.backups.save_copy(target, on_done=written.append)
    qtbot.waitUntil(lambda: bool(written), timeout=10000)
    out = target.with_suffix(".framedesk")
    assert written == [out] and out.exists()
    assert not Path(f"{out}-wal").exists()
    conn = sqlite3.connect(out)                          # the file alone holds everything
    try:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert conn.execute("SELECT text FROM memos").fetchone()[0].startswith("unsaved?")
    finally:
        conn.close()


def test_menu_entries_follow_the_project(backups_window) -> None:
    w = backups_window
    assert w.actions_by_name["backups"].isEnabled() and w.actions_by_name["share"].isEnabled()
    w.set_project(None)
    assert not w.actions_by_name["backups"].isEnabled()
    assert not w.actions_by_name["share"].isEnabled()
