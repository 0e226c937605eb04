"""Starting Framedesk: first run makes the demo, later runs reopen the last project; no
display gives one line of advice; `framedesk snapshot` writes the window as a PNG."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QImage

from framedesk.core.errors import Cancelled, UnreadableFile
from framedesk.ui.app import start_window
from framedesk.ui.tasks import TaskRunner


def framedesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "framedesk", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_without_a_display_it_says_how_to_run_it(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = framedesk(str(tmp_path / "x.framedesk"), env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "xvfb-run" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert not (tmp_path / "x.framedesk").exists()


@pytest.mark.slow
def test_first_run_opens_the_demo_and_finds_entities_in_background(qtbot, settings) -> None:
    window = start_window(None, settings)
    qtbot.addWidget(window)
    try:
        assert window.project.path == settings.demo_path
        qtbot.waitUntil(lambda: window.article_list.model.rowCount() == 2, timeout=20000)
        qtbot.waitUntil(lambda: window.reader.article is not None, timeout=5000)
        # Articles first; entities follow in the background with progress shown.
        qtbot.waitUntil(lambda: window.status.task_label.text().startswith("Finding entities")
                        or window.project.entities.count() > 0, timeout=20000)
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60000)
        qtbot.waitUntil(lambda: len(window.entities_panel.model.rows) > 5, timeout=5000)
        names = {row.name for row in window.entities_panel.model.rows}
        assert "Ukraine" in names
        assert window.status.model_label.text().startswith("model: ")
    finally:
        window.close()
    # The next start opens the same project again (the most recent one).
    again = start_window(None, settings)
    qtbot.addWidget(again)
    try:
        assert again.project.path == settings.demo_path
        assert not again.tasks.busy
        assert again.article_list.model.rowCount() == 2
    finally:
        again.close()


def test_a_path_opens_that_project(qtbot, settings, news_path: Path) -> None:
    window = start_window(news_path, settings)
    qtbot.addWidget(window)
    try:
        assert window.project.path == news_path
        assert window.reader.article.title == "Kyiv to negotiate"
        assert not settings.demo_path.exists()
    finally:
        window.close()


def test_snapshot_writes_the_window_as_png(news_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "shots" / "window.png"
    done = framedesk("snapshot", str(news_path), str(out), "--article", "2", "--size", "900x640")
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 640)
    colours = {image.pixel(x, y) for x in range(0, 900, 7) for y in range(0, 640, 7)}
    assert len(colours) > 20                      # a drawn window, not a blank canvas
    missing = framedesk("snapshot", str(news_path), str(out), "--article", "99")
    assert missing.returncode == 1 and "has no article 99" in missing.stderr
    bad = framedesk("snapshot", str(news_path), str(out), "--size", "big")
    assert bad.returncode == 2 and "WIDTHxHEIGHT" in bad.stderr


def test_tasks_report_back_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    seen: dict[str, object] = {}

    def work(progress):
        seen["worker"] = threading.get_ident()
        progress.start(3, "counting")
        for _ in range(3):
            progress.step()
        return 42

    def done(result):
        seen["result"] = result
        seen["on_gui"] = QThread.currentThread() is qtbot_thread

    qtbot_thread = QThread.currentThread()
    with qtbot.waitSignal(runner.task_finished, timeout=5000):
        runner.run(work, label="Counting", on_success=done)
    assert seen["result"] == 42 and seen["on_gui"] is True
    assert seen["worker"] != threading.get_ident()
    assert not runner.busy


def test_task_failures_become_one_sentence(qtbot) -> None:
    runner = TaskRunner()

    def work(_progress):
        raise UnreadableFile("/data/a.csv", "not valid UTF-8", line=3)

    with qtbot.waitSignal(runner.message, timeout=5000) as message:
        runner.run(work, label="Importing")
    assert message.args == ["Importing failed: /data/a.csv, line 3: not valid UTF-8."]


def test_cancel_stops_the_work_at_its_next_step(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    steps = []

    def work(progress):
        progress.start(1000)
        release.wait(5)
        for _ in range(1000):
            progress.step()
            steps.append(1)

    failures = []
    with qtbot.waitSignal(runner.task_finished, timeout=5000):
        task = runner.run(work, label="Long work", on_failure=failures.append)
        task.cancel()
        release.set()
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    assert len(steps) == 0


def test_a_demo_left_without_entities_gets_them_on_the_next_start(qtbot, settings,
                                                                   monkeypatch) -> None:
    from framedesk.core.model import ArticleDraft
    from framedesk.core.store import Project
    from framedesk.ui.project_actions import ProjectActions

    settings.demo_path.parent.mkdir(parents=True, exist_ok=True)
    with Project.create(settings.demo_path) as p:
        p.articles.add_many([ArticleDraft(text="Talks in Kyiv\n\nOfficials met in Kyiv.")])
    asked = []
    monkeypatch.setattr(ProjectActions, "find_entities",
                        lambda self, ids, label="", **_how: asked.append((list(ids), label)))
    window = start_window(None, settings)
    qtbot.addWidget(window)
    try:
        assert asked == [([1], "Finding entities in the demo articles")]
    finally:
        window.close()
