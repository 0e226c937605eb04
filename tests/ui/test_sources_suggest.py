"""Suggestions in the window: computed in the background for the demo project and on
demand (Code > Suggest attributions), then shown in the reader and the Sources panel."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.importing import import_paths
from framedesk.core.store import Project
from framedesk.ui.main_window import MainWindow, install_parts

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PARTS = ("framedesk.ui.coding.install:install_coding",
         "framedesk.ui.sources.install:install_sources")


@pytest.fixture
def win(qtbot, settings) -> MainWindow:
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert install_parts(w, PARTS) == list(PARTS)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.tasks.shutdown()


def test_the_demo_gets_suggestions_after_its_entities(qtbot, win, tmp_path: Path):
    assert win.project_actions.create_demo(tmp_path / "demo.framedesk")
    qtbot.waitUntil(lambda: win.current_article_id is not None and not win.tasks.busy,
                    timeout=60000)
    qtbot.waitUntil(lambda: bool(win.sources.controller.attributions), timeout=10000)
    found = win.sources.controller.attributions
    assert {a.status for a in found} == {"suggested"}
    assert any(a.entity_id is not None for a in found)        # linked to the entities found
    assert win.reader.layer_spans("suggestions")
    assert win.sources.panel.model.rowCount() > 0


def test_suggest_for_this_article_on_demand(qtbot, win, tmp_path: Path, seeds_dir: Path):
    path = tmp_path / "seeds.framedesk"
    with Project.create(path, annotator="Ana") as p:
        import_paths(p, [seeds_dir], entities=False)
    assert win.project_actions.open_path(path)
    qtbot.waitUntil(lambda: win.current_article_id is not None)
    assert win.sources.controller.attributions == []
    assert win.sources.panel.empty.isVisible()
    win.sources.suggest_article.trigger()
    qtbot.waitUntil(lambda: not win.tasks.busy, timeout=60000)
    qtbot.waitUntil(lambda: bool(win.sources.controller.attributions), timeout=10000)
    assert "new attribution suggestion" in win.statusBar().currentMessage()
    assert not win.sources.panel.empty.isVisible()
    other = [i for i in win.project.articles.ids() if i != win.current_article_id]
    assert win.project.attributions.list(other[0]) == []      # only this article
