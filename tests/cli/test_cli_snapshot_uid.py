"""`snapshot --article` takes the public uid as well as the number (issue 16, item 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.cli.snapshot import article_number
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project


def test_uid_and_number_name_the_same_article(tmp_path: Path) -> None:
    path = tmp_path / "p.framedesk"
    project = Project.create(path, annotator="Ana")
    project.articles.add_many([ArticleDraft(text="First article."),
                               ArticleDraft(text="Second article.")])
    uid = project.articles.get(2).uid
    project.close()
    assert article_number(str(path), uid) == 2
    assert article_number(str(path), "2") == 2
    with pytest.raises(KeyError):
        article_number(str(path), "0123456789abcdef")
