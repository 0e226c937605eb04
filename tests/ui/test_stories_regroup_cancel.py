"""Stories > Regroup runs as a background task with progress and Cancel in the status bar;
a cancelled regroup leaves the stories as they were."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt

from framedesk.core.model import ArticleDraft
from framedesk.core.stories import COMPARING, READING
from framedesk.ui import stories_actions
from framedesk.ui.main_window import MainWindow
from tests.ui.test_stories import _text, stories_path, story_window  # noqa: F401


def memberships(window: MainWindow) -> list[tuple[int, int | None]]:
    return window.project.db.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall()


def add_third_outlet(window: MainWindow) -> int:
    with window.project.atomic():
        article_id, _ = window.project.articles.add(
            ArticleDraft(text=_text(random.Random(9), 0, 3), title="Harbour strike (3)"))
    return article_id


def test_regroup_reports_progress_in_the_status_bar(qtbot, story_window) -> None:  # noqa: F811
    window = story_window
    new = add_third_outlet(window)
    labels: list[str] = []
    window.tasks.task_progress.connect(lambda _task, _d, _t, label: labels.append(label))
    with qtbot.waitSignal(window.tasks.task_finished, timeout=20000):
        task = window.stories.regroup()
        assert task is not None and task.cancellable
        assert window.status.cancel_button.isVisible()
        assert window.status.cancel_button.isEnabled()
    assert {READING, COMPARING} <= set(labels)
    strike = window.project.stories.story_of(window.project.articles.ids()[0])
    assert window.project.stories.story_of(new) == strike
    assert "Stories regrouped" in window.status.currentMessage()


def test_cancel_keeps_the_old_stories(qtbot, story_window, monkeypatch) -> None:  # noqa: F811
    window = story_window
    new = add_third_outlet(window)
    before = memberships(window)
    real = stories_actions.regroup
    started = threading.Event()

    def waits_for_cancel(path: Path, progress) -> int:
        started.set()
        deadline = time.monotonic() + 10
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(path, progress)      # the real regroup, asked to stop from its start

    monkeypatch.setattr(stories_actions, "regroup", waits_for_cancel)
    with qtbot.waitSignal(window.tasks.task_finished, timeout=20000):
        window.stories.regroup()
        assert started.wait(5)
        qtbot.mouseClick(window.status.cancel_button, Qt.MouseButton.LeftButton)
    assert window.status.currentMessage() == \
        "Regrouping cancelled; the stories are as they were."
    assert memberships(window) == before
    assert window.project.stories.story_of(new) is None
    assert not window.stories.regrouping          # the next regroup may run
