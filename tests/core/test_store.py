"""The project file: creation, reopening, versions, bad files, self-contained after close."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from framedesk.core.errors import CorruptProject, NewerProject, NotAProject, ProjectMissing
from framedesk.core.model import ArticleDraft
from framedesk.core.store import SCHEMA_VERSION, Project
from framedesk.core.store.schema import MIGRATION_SET, migrations


def test_schema_version_matches_migrations(project: Project) -> None:
    applied = migrations.applied(project.db)
    assert len(applied) == SCHEMA_VERSION
    assert project.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert all(m.name.startswith("m00") for m in applied) and MIGRATION_SET == "framedesk"


def test_same_text_is_one_article_with_a_stable_uid(project: Project) -> None:
    (a, created_a), = project.articles.add_many([ArticleDraft(text="Kyiv\r\nSome\u00a0text.")])
    (b, created_b), = project.articles.add_many([ArticleDraft(text="Kyiv\nSome text.\n")])
    assert created_a and not created_b and a == b
    assert project.articles.get(a).text == "Kyiv\nSome text."


def test_a_batch_mixing_new_known_and_repeated_articles(project: Project) -> None:
    [(old, _)] = project.articles.add_many([ArticleDraft(text="Known\n\nAlready here.")])
    result = project.articles.add_many([
        ArticleDraft(text="New one\n\nFresh."),
        ArticleDraft(text="Known\r\n\r\nAlready\u00a0here."),   # the known one, respelled
        ArticleDraft(text="New one\n\nFresh."),                  # repeated in the batch
        ArticleDraft(text="Known\n\nAlready here."),
        ArticleDraft(text="Another\n\nAlso fresh.")])
    new, other = result[0][0], result[4][0]
    assert result == [(new, True), (old, False), (new, False), (old, False), (other, True)]
    assert project.articles.count() == 3
    assert {project.articles.get(i).title for i in (old, new, other)} == {
        "Known", "New one", "Another"}


def test_edits_survive_close_without_a_wal_file(project_path: Path) -> None:
    p = Project.create(project_path, annotator="Ana")
    (aid, _), = p.articles.add_many([ArticleDraft(text="Headline\n\nBody.")])
    p.coding.set_frame(aid, "policy_frames", "security", primary=True)
    p.close()
    assert not Path(str(project_path) + "-wal").exists()
    # Plain sqlite3, no Framedesk: the file alone holds the edit.
    conn = sqlite3.connect(project_path)
    assert conn.execute("SELECT code, role FROM doc_codes").fetchall() == [("security", "primary")]
    conn.close()


def test_committed_edit_is_visible_to_another_connection_at_once(project: Project) -> None:
    (aid, _), = project.articles.add_many([ArticleDraft(text="Headline\n\nBody.")])
    project.coding.set_tone(aid, "neutral")
    other = sqlite3.connect(project.path)
    assert other.execute("SELECT code FROM doc_codes WHERE role = 'tone'").fetchall() == [("neutral",)]
    other.close()


def test_full_text_search_finds_words_and_prefixes(project: Project) -> None:
    from framedesk.core.store.articles import ArticleFilter

    project.articles.add_many([ArticleDraft(text="Kyiv talks\n\nPeace negotiations."),
                               ArticleDraft(text="Budget\n\nThe economy grows.")])
    assert len(project.articles.ids(ArticleFilter(query="negotiat"))) == 1
    assert project.articles.ids(ArticleFilter(query='"; DROP TABLE articles; --')) == []
    assert project.articles.count() == 2


@pytest.mark.parametrize("content, error", [
    (b"", NotAProject),
    (b"just some text, not a database at all" * 10, NotAProject),
    (bytes(range(256)) * 8, NotAProject),
])
def test_files_that_are_not_projects_are_refused_untouched(tmp_path: Path, content: bytes,
                                                           error: type) -> None:
    path = tmp_path / "x.framedesk"
    path.write_bytes(content)
    with pytest.raises(error):
        Project.open(path)
    assert path.read_bytes() == content


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAProject):
        Project.open(path)
    assert path.read_bytes() == before


def test_newer_project_is_refused(project_path: Path) -> None:
    Project.create(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = project_path.read_bytes()
    with pytest.raises(NewerProject) as info:
        Project.open(project_path)
    assert info.value.found == SCHEMA_VERSION + 1
    assert project_path.read_bytes() == before


def test_truncated_project_is_refused(project_path: Path) -> None:
    p = Project.create(project_path)
    p.articles.add_many([ArticleDraft(text=f"Article {i}\n\n" + "word " * 400) for i in range(30)])
    p.close()
    data = project_path.read_bytes()
    project_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptProject):
        Project.open(project_path)


def test_missing_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectMissing):
        Project.open(tmp_path / "nope.framedesk")


def test_second_writing_process_is_refused_but_may_read(project: Project) -> None:
    import subprocess
    import sys

    project.articles.add_many([ArticleDraft(text="Headline\n\nBody.")])
    code = ("from framedesk.core.store import Project\n"
            "from framedesk.core.errors import ProjectLocked\n"
            f"path = {str(project.path)!r}\n"
            "try:\n    Project.open(path)\nexcept ProjectLocked:\n    print('locked')\n"
            "with Project.open(path, read_only=True) as p:\n    print(p.articles.count())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["locked", "1"]


def test_same_process_may_open_a_second_connection(project: Project) -> None:
    with Project.open(project.path) as worker:  # the GUI's background worker does this
        worker.articles.add_many([ArticleDraft(text="From the worker\n\nBody.")])
    assert project.articles.count() == 1
    project.articles.add_many([ArticleDraft(text="After\n\nThe worker closed.")])
    assert project.articles.count() == 2


def test_lock_is_released_by_a_killed_process(project_path: Path) -> None:
    import subprocess
    import sys

    Project.create(project_path).close()
    code = ("import os, sys; from framedesk.core.store import Project\n"
            f"p = Project.open({str(project_path)!r}); print('open', flush=True)\n"
            "os.kill(os.getpid(), 9)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "open" and out.returncode == -9
    Project.open(project_path).close()  # not refused: the dead process's lock went with it


def test_edit_after_the_file_was_deleted_says_so(project: Project) -> None:
    project.path.unlink()
    with pytest.raises(ProjectMissing):
        project.set_meta("x", "y")


def test_full_disk_loses_only_the_failing_change(project: Project) -> None:
    from framedesk.core.errors import DiskFull

    project.articles.add_many([ArticleDraft(text="Kept\n\nThis one was confirmed.")])
    pages = project.db.execute("PRAGMA page_count").fetchone()[0]
    project.db.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(DiskFull):
        project.articles.add_many([ArticleDraft(text=f"Big {i}\n\n" + "x" * 5000)
                                   for i in range(50)])
    assert project.articles.count() == 1
    assert project.articles.get(1).title == "Kept"


def test_newer_project_can_be_read_without_changing_it(project_path: Path) -> None:
    p = Project.create(project_path)
    p.articles.add_many([ArticleDraft(text="From the future\n\nBody.")])
    p.close()
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = project_path.read_bytes()
    with Project.open(project_path, read_only=True) as reader:
        assert reader.articles.get(1).title == "From the future"
    assert project_path.read_bytes() == before


def test_zeroed_pages_are_detected(project_path: Path) -> None:
    p = Project.create(project_path)
    p.articles.add_many([ArticleDraft(text=f"Article {i}\n\n" + "word " * 400) for i in range(30)])
    p.close()
    data = bytearray(project_path.read_bytes())
    page = 4096
    data[page * 3: page * 6] = bytes(page * 3)
    project_path.write_bytes(bytes(data))
    with pytest.raises(CorruptProject):
        Project.open(project_path)
    assert project_path.read_bytes() == bytes(data)


def test_read_only_folder_gives_a_clear_error() -> None:
    from framedesk.core.errors import ProjectReadOnly
    from framedesk.messages import describe

    # /proc refuses new files even to root (CI runs as root, which ignores chmod).
    with pytest.raises(ProjectReadOnly) as info:
        Project.create("/proc/framedesk-test.framedesk")
    assert "cannot be written" in describe(info.value)


def test_an_older_project_is_backed_up_then_migrated(project_path: Path) -> None:
    from framedesk.core import backup

    from sqlite_utils import Database

    from framedesk.core.store.project import APP_ID

    # A file from the first release: only migration 1 applied, as that release wrote it.
    conn = sqlite3.connect(project_path, isolation_level=None)
    names = [m.name for m in migrations._migrations]
    assert names[0] == "m001_initial" and len(names) > 1
    migrations.apply(Database(conn), stop_before=names[1:])
    conn.execute(f"PRAGMA application_id = {APP_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO articles (uid, title, text, imported_at, updated_at)"
                 " VALUES ('a1', 'Before the upgrade', 'Before the upgrade\n\nBody.', 't', 't')")
    conn.close()
    with Project.open(project_path) as upgraded:
        assert upgraded.schema_version == SCHEMA_VERSION
    kept = backup.list_backups(project_path)
    assert [b.reason for b in kept] == ["migration"]
    with sqlite3.connect(kept[0].path) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1


def test_articles_inserted_by_other_means_become_searchable(project: Project) -> None:
    from framedesk.core.store.articles import ArticleFilter

    project.articles.add_many([ArticleDraft(text="Harbour strike\n\nDockers stop work.")])
    with project.atomic() as db:  # as a merge or another tool would insert
        db.execute("INSERT INTO articles (uid, title, text, imported_at, updated_at)"
                   " VALUES ('x1', 'Flood', 'Flood\n\nThe river rose.', 't', 't')")
    assert project.articles.pending_count() == 1   # not in the index yet ...
    assert project.articles.ids(ArticleFilter(query="river")) == [2]   # ... but found
    assert project.articles.index_pending() == 1
    assert project.articles.pending_count() == 0
    assert project.articles.ids(ArticleFilter(query="river")) == [2]
    assert project.articles.ids(ArticleFilter(query="dockers")) == [1]
    with project.atomic() as db:  # deleting and editing keep the index consistent
        db.execute("DELETE FROM articles WHERE id = 1")
        db.execute("UPDATE articles SET title = 'Deluge' WHERE id = 2")
    assert project.articles.ids(ArticleFilter(query="dockers")) == []
    assert project.articles.ids(ArticleFilter(query="deluge")) == [2]
    assert project.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
