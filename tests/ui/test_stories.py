"""Stories in the window: the list grouped by story, merge / split / rename, regrouping in the
background after an import, and the tables of the compare view under qtmodeltester."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project
from framedesk.ui.main_window import MainWindow, install_parts
from framedesk.ui.stories import NO_STORY, StoryTreeModel

PARTS = ("framedesk.ui.coding.install:install_coding",
         "framedesk.ui.compare.install:install_compare")
EVENTS = [
    ("Harbour strike", "dockers strike harbour cranes wages container ships stranded unions "
                       "port authority overtime dispute cargo backlog Rijeka"),
    ("Valley flood", "flood river levees evacuated villages rainfall rescue helicopters "
                     "sandbags damage insurance mayor shelters Saxony"),
]
FILLER = "officials said talks continued later this week between the parties".split()


def _text(rng: random.Random, event: int, outlet: int) -> str:
    title, vocab = EVENTS[event]
    words = vocab.split()
    body = [" ".join(rng.sample(words, 8) + rng.sample(FILLER, 5)) + "." for _ in range(4)]
    return f"{title} seen by outlet {outlet}\n\n" + "\n\n".join(body)


@pytest.fixture
def stories_path(tmp_path: Path) -> Path:
    """Two events, two outlets each, grouped; and one article about nothing else."""
    rng = random.Random(2)
    path = tmp_path / "stories.framedesk"
    with Project.create(path, annotator="setup") as p:
        for event, outlet in ((0, 1), (1, 1), (0, 2), (1, 2)):
            p.articles.add(ArticleDraft(text=_text(rng, event, outlet), outlet=f"Outlet {outlet}",
                                        title=f"{EVENTS[event][0]} ({outlet})"))
        p.articles.add(ArticleDraft(text="Lonely\n\nA recipe for bread with flour and yeast.",
                                    title="Bread"))
        p.stories.group_automatically()
    return path


@pytest.fixture
def story_window(qtbot, settings, stories_path: Path) -> MainWindow:
    settings.analyst = "Ana"
    window = MainWindow(settings)
    qtbot.addWidget(window)
    install_parts(window, PARTS)
    window.show()
    qtbot.waitExposed(window)
    assert window.project_actions.open_path(stories_path)
    yield window
    window.tasks.shutdown()
    window.close()


def _tree_rows(model: StoryTreeModel) -> dict[str, list[str]]:
    out = {}
    for r in range(model.rowCount()):
        parent = model.index(r, 0)
        out[model.nodes[r].name] = [model.index(c, 0, parent).data()
                                    for c in range(model.rowCount(parent))]
    return out


def test_the_tree_model_passes_qtmodeltester(qtmodeltester, stories_path: Path) -> None:
    with Project.open(stories_path) as project:
        model = StoryTreeModel()
        model.load(project, project.articles.ids())
        qtmodeltester.check(model)
        assert [len(n.article_ids) for n in model.nodes] == [2, 2, 1]
        assert model.nodes[-1].name == NO_STORY and model.nodes[-1].story_id is None


def test_group_by_story_merge_split_and_rename(qtbot, story_window: MainWindow) -> None:
    window = story_window
    stories = window.stories
    stories.group_action.trigger()
    assert stories.tree.isVisible() and not window.article_list.table.isVisible()
    rows = _tree_rows(stories.model)
    assert rows["Harbour strike (1)"] == ["Harbour strike (1)", "Harbour strike (2)"]
    assert rows[NO_STORY] == ["Bread"]
    # Clicking an article in the tree opens it.
    flood = stories.model.index(1, 0)
    stories.tree.setCurrentIndex(stories.model.index(0, 0, flood))
    assert window.current_article_id == stories.model.nodes[1].article_ids[0]

    # Select both stories and merge them: one story of four articles.
    sm = stories.tree.selectionModel()
    sm.clearSelection()
    for r in (0, 1):
        sm.select(stories.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                  | QItemSelectionModel.SelectionFlag.Rows)
    stories.merge_action.trigger()
    merged = window.project.stories.all()
    assert len(merged) == 1 and len(merged[0].article_ids) == 4
    assert [len(n.article_ids) for n in stories.model.nodes] == [4, 1]

    # Split one article out into a story of its own, then rename it.
    first = stories.model.index(0, 0)
    moved = stories.model.nodes[0].article_ids[0]
    sm.clearSelection()
    sm.select(stories.model.index(0, 0, first), QItemSelectionModel.SelectionFlag.Select
              | QItemSelectionModel.SelectionFlag.Rows)
    stories.split_action.trigger()
    story = window.project.stories.story_of(moved)
    assert window.project.stories.members(story) == [moved]
    assert stories.rename_current("Strike <b>angle</b>")
    assert "Strike <b>angle</b>" in {n.name for n in stories.model.nodes}

    # Ungrouped again: the flat list is back.
    stories.group_action.trigger()
    assert window.article_list.table.isVisible() and not stories.tree.isVisible()


def test_merge_needs_two_stories(story_window: MainWindow) -> None:
    stories = story_window.stories
    assert stories.merge_selected() is None
    assert "two or more stories" in story_window.status.currentMessage()


def test_stories_are_regrouped_in_the_background_after_an_import(
        qtbot, story_window: MainWindow, tmp_path: Path) -> None:
    window = story_window
    rng = random.Random(9)
    extra = tmp_path / "third.txt"
    extra.write_text(_text(rng, 0, 3), encoding="utf-8")
    strike = window.project.stories.story_of(window.project.articles.ids()[0])
    with qtbot.waitSignal(window.hub.changed, timeout=20000,
                          check_params_cb=lambda c: "stories" in c.kinds):
        window.project_actions.import_paths([extra], entities=False)
    new = max(window.project.articles.ids())
    assert window.project.stories.story_of(new) == strike   # joined, same story id
    assert len(window.project.stories.members(strike)) == 3
