"""Regrouping stories reports its progress, and a cancelled regroup changes nothing."""

from __future__ import annotations

import random

import pytest

from framedesk.core.errors import Cancelled
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress
from framedesk.core.stories import COMPARING, READING, StoryStore
from framedesk.core.store import Project
from tests.core.test_stories import STORIES, _article


def grouping(project: Project) -> tuple[list, list]:
    """Everything a regroup may change: the stories table and each article's story."""
    stories = project.db.execute("SELECT id, name FROM stories ORDER BY id").fetchall()
    members = project.db.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall()
    return stories, members


@pytest.fixture
def grouped(project: Project) -> Project:
    """Two stories grouped, then a third story's articles imported and not grouped yet."""
    rng = random.Random(3)
    for i in range(4):
        project.articles.add(ArticleDraft(text=_article(rng, STORIES[i // 2], i)))
    assert len(StoryStore(project).group_automatically()) == 2
    for i in range(3):
        project.articles.add(ArticleDraft(text=_article(rng, STORIES[2], 10 + i)))
    return project


def test_regrouping_reports_reading_then_comparing(grouped: Project) -> None:
    seen: list[tuple[int, int, str]] = []
    stories = StoryStore(grouped).group_automatically(progress=Progress(
        lambda done, total, label: seen.append((done, total, label))))
    assert len(stories) == 3
    labels = list(dict.fromkeys(label for _, _, label in seen))
    assert labels == [READING, COMPARING]
    assert (7, 7, READING) in seen                      # every article read
    done, total, label = seen[-1]
    assert label == COMPARING and done == total > 0


@pytest.mark.parametrize("at_call", [0, 1, 2, 3])
def test_a_cancelled_regroup_keeps_the_old_stories(grouped: Project, at_call: int) -> None:
    before = grouping(grouped)
    calls = []

    def cancel_at(done: int, total: int, label: str) -> None:
        calls.append(label)
        if len(calls) > at_call:
            progress.cancel()

    progress = Progress(cancel_at)
    with pytest.raises(Cancelled):
        StoryStore(grouped).group_automatically(progress=progress)
    assert grouping(grouped) == before
    # The next regroup still works and groups the new story.
    assert len(StoryStore(grouped).group_automatically()) == 3


def test_a_cancel_after_the_last_step_still_writes_nothing(grouped: Project,
                                                          monkeypatch) -> None:
    before = grouping(grouped)
    progress = Progress()
    import framedesk.core.stories as stories

    real = stories.find_groups

    def then_cancel(*args, **kwargs):
        groups = real(*args, **kwargs)
        progress.cancel()       # Cancel pressed just as the comparing finished
        return groups

    monkeypatch.setattr(stories, "find_groups", then_cancel)
    with pytest.raises(Cancelled):
        StoryStore(grouped).group_automatically(progress=progress)
    assert grouping(grouped) == before
