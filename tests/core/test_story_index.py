"""Incremental grouping (core/story_index.py): new articles join the stories already there,
are compared only with the candidates the index finds within the date window, and unrelated
articles stay apart."""

from __future__ import annotations

import random

import pytest

from framedesk.core import stories, story_index
from framedesk.core.errors import Cancelled
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress
from framedesk.core.store import Project
from tests.core.test_stories import STORIES, _article


def _add(project: Project, rng: random.Random, story: int, outlet: int,
         published: str | None = "2024-05-02") -> int:
    draft = ArticleDraft(text=_article(rng, STORIES[story], outlet), published=published)
    return project.articles.add(draft)[0]


def _members(project: Project) -> dict[int, tuple[int, ...]]:
    return {s.story_id: s.article_ids for s in project.stories.all()}


def test_a_new_retelling_joins_the_story_already_there(project: Project) -> None:
    rng = random.Random(1)
    first = [_add(project, rng, 0, 1), _add(project, rng, 0, 2), _add(project, rng, 1, 1),
             _add(project, rng, 1, 2)]
    before = {s.article_ids: s.story_id for s in project.stories.group_pending()}
    assert set(before) == {(first[0], first[1]), (first[2], first[3])}
    late = _add(project, rng, 0, 3, "2024-05-03")
    other = _add(project, rng, 2, 1)          # a story nobody else tells
    after = {s.article_ids: s.story_id for s in project.stories.group_pending()}
    assert after[(first[0], first[1], late)] == before[(first[0], first[1])]
    assert after[(first[2], first[3])] == before[(first[2], first[3])]
    assert all(other not in ids for ids in after)
    assert story_index.pending_ids(project) == []


def test_old_articles_outside_the_date_window_are_never_read(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(2)
    january = [_add(project, rng, 0, o, "2024-01-10") for o in (1, 2)]
    may = [_add(project, rng, 0, o, "2024-05-02") for o in (3, 4)]
    project.stories.group_pending()
    read: list[str] = []
    real = stories.stems
    monkeypatch.setattr(story_index, "stems", lambda text: read.append(text) or real(text))
    late = _add(project, rng, 0, 5, "2024-05-04")
    grouped = {s.article_ids for s in project.stories.group_pending()}
    january_texts = {project.articles.get(a).text for a in january}
    assert not any(text.split("\n", 1)[1] in january_texts for text in read)
    assert (may[0], may[1], late) in grouped and tuple(january) in grouped
    assert len(read) == 3   # the new article and its two candidates, nothing else


def test_a_new_article_tying_two_automatic_stories_merges_them(project: Project) -> None:
    rng = random.Random(3)
    a = _add(project, rng, 0, 1)
    b = _add(project, rng, 0, 2)
    project.stories.group_pending()
    # The same story told again by two more outlets a day later: one story, not two.
    c = _add(project, rng, 0, 3, "2024-05-03")
    d = _add(project, rng, 0, 4, "2024-05-03")
    (story,) = project.stories.group_pending()
    assert story.article_ids == (a, b, c, d)
    assert project.db.execute("SELECT count(*) FROM stories").fetchone()[0] == 1


def test_the_analysts_stories_are_left_alone(project: Project) -> None:
    rng = random.Random(4)
    a = _add(project, rng, 0, 1)
    b = _add(project, rng, 0, 2)
    project.stories.group_pending()
    named = project.stories.story_of(a)
    project.stories.name(named, "Harbour strike")
    c = _add(project, rng, 0, 3)
    groups = {s.name: s.article_ids for s in project.stories.group_pending()}
    assert groups == {"Harbour strike": (a, b)}    # c is not pulled in, nor given a story
    assert project.stories.story_of(c) is None


def test_a_cancelled_grouping_keeps_finished_chunks_and_groups_the_rest_later(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_index, "CHUNK", 2)
    rng = random.Random(5)
    ids = [_add(project, rng, s, o, f"2024-05-0{s + 1}") for s in (0, 1) for o in (1, 2)]
    progress = Progress(lambda done, total, label: done >= 2 and progress.cancel())
    with pytest.raises(Cancelled):
        project.stories.group_pending(progress=progress)
    assert story_index.pending_ids(project) == ids[2:]
    assert {s.article_ids for s in project.stories.all()} == {(ids[0], ids[1])}
    assert {s.article_ids for s in project.stories.group_pending()} == {
        (ids[0], ids[1]), (ids[2], ids[3])}


def test_regrouping_rebuilds_the_index_for_later_imports(project: Project) -> None:
    rng = random.Random(6)
    a, b = _add(project, rng, 1, 1), _add(project, rng, 1, 2)
    project.stories.group_automatically()
    assert story_index.pending_ids(project) == []
    keyed = project.db.execute("SELECT count(DISTINCT article_id) FROM story_keys").fetchone()
    assert keyed[0] == 2
    c = _add(project, rng, 1, 3)
    assert [s.article_ids for s in project.stories.group_pending()] == [(a, b, c)]
