"""`framedesk import` groups stories at the end, so the seeds arrive as one story."""

from __future__ import annotations

from pathlib import Path

from framedesk.cli import main
from framedesk.core.store import Project


def test_import_groups_the_seeds_into_one_story(tmp_path: Path, seeds_dir: Path,
                                                capsys) -> None:
    path = tmp_path / "seeds.framedesk"
    assert main(["import", str(path), str(seeds_dir)]) == 0
    assert "Stories told by several articles: 1" in capsys.readouterr().out
    with Project.open(path, read_only=True) as project:
        (story,) = project.stories.all()
        assert sorted(story.article_ids) == sorted(project.articles.ids())
    # Importing the same files again adds nothing and regroups nothing.
    assert main(["import", str(path), str(seeds_dir)]) == 0
    assert "Stories told by" not in capsys.readouterr().out
