"""`framedesk backup` and `framedesk stories` as an analyst would use them."""

from __future__ import annotations

from pathlib import Path

from framedesk.cli import main
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project


def test_backup_list_and_restore(tmp_path: Path, capsys) -> None:
    path = tmp_path / "p.framedesk"
    with Project.create(path) as p:
        p.articles.add_many([ArticleDraft(text="First\n\nBody.")])
    assert main(["backup", str(path)]) == 0
    with Project.open(path) as p:
        p.articles.add_many([ArticleDraft(text="Second\n\nAdded after the backup.")])
    assert main(["backup", str(path), "--list"]) == 0
    listing = capsys.readouterr().out
    assert "(manual)" in listing
    assert main(["backup", str(path), "--restore", "9"]) == 2
    assert main(["backup", str(path), "--restore", "1"]) == 0
    with Project.open(path, read_only=True) as p:
        assert p.articles.count() == 1
    assert len(list(tmp_path.glob("p.before-restore-*.framedesk"))) == 1


def test_stories_regroup_lists_the_seeds_as_one_story(tmp_path: Path, seeds_dir: Path,
                                                      capsys) -> None:
    path = tmp_path / "seeds.framedesk"
    assert main(["import", str(path), str(seeds_dir)]) == 0
    capsys.readouterr()
    assert main(["stories", str(path), "--regroup"]) == 0
    out = capsys.readouterr().out
    assert out.count("Story ") == 1 and out.count("  [") == 2
