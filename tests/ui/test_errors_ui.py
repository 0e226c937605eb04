"""Errors that escape, and hostile conditions around the open project: one sentence each,
nothing lost, no crash."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QMessageBox

from framedesk.core.store import Project
from framedesk.core.store.schema import SCHEMA_VERSION
from framedesk.logs import log_path, setup_logging
from framedesk.ui import errors
from framedesk.ui.errors import ErrorReporter, unexpected_sentence
from framedesk.ui.main_window import MainWindow, install_parts

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("framedesk.ui.coding.install:install_coding", "framedesk.ui.backups:install_backups",
         "framedesk.ui.errors_project:install_error_handling")


def boom() -> None:
    raise ValueError("the widget was in a state nobody expected\nsecond line")


def test_an_escaped_error_is_one_sentence_in_a_dialog_and_a_traceback_in_the_log(
        window) -> None:
    reporter = ErrorReporter(lambda: window)
    try:
        boom()
    except ValueError as exc:
        dialog = reporter.report(exc, exc.__traceback__)
    assert dialog is not None and dialog.isVisible()
    text = dialog.text()
    assert text.startswith("Something unexpected went wrong inside Framedesk (ValueError: "
                           "the widget was in a state nobody expected)")
    assert str(log_path()) in text and "Traceback" not in text and "second line" not in text
    assert dialog.detailedText() == ""
    logged = log_path().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "in boom" in logged
    # The same fault again while the dialog is open: logged, not another dialog.
    try:
        boom()
    except ValueError as exc:
        assert reporter.report(exc, exc.__traceback__) is None
    assert reporter.shown == 1 and reporter.suppressed == 1
    assert log_path().read_text(encoding="utf-8").count("in boom") == 2
    dialog.close()


def test_the_hook_words_core_errors_with_messages(tmp_path: Path) -> None:
    from framedesk.core.errors import DiskFull

    sentence = unexpected_sentence(DiskFull(tmp_path / "a.framedesk", "full"), log_path())
    assert sentence.startswith(f"The disk holding {tmp_path / 'a.framedesk'} is full")


def test_the_excepthook_routes_to_the_reporter(window, monkeypatch) -> None:
    reporter = ErrorReporter(lambda: window)
    monkeypatch.setattr(sys, "excepthook", reporter.excepthook)
    try:
        boom()
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert reporter.shown == 1
    reporter.dialog.close()


def test_harmless_qt_messages_are_dropped_and_others_passed_on(monkeypatch) -> None:
    setup_logging()   # this test's data folder (the app sets it up once at start)
    seen = []
    monkeypatch.setattr(errors, "_previous_handler", lambda mode, ctx, msg: seen.append(msg))
    errors.qt_message(QtMsgType.QtWarningMsg, None,
                      "This plugin does not support propagateSizeHints()")
    errors.qt_message(QtMsgType.QtWarningMsg, None, "QPainter::begin: a real problem")
    assert seen == ["QPainter::begin: a real problem"]
    assert "a real problem" in log_path().read_text(encoding="utf-8")


def test_snapshot_prints_nothing_but_the_path(news_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FRAMEDESK_DATA": str(tmp_path)}
    out = tmp_path / "shot.png"
    done = subprocess.run([sys.executable, "-m", "framedesk", "snapshot", str(news_path),
                           str(out)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "propagateSizeHints" not in done.stderr
    assert done.stderr.strip() == ""
    assert out.stat().st_size > 0


# ---------------------------------------------------------------- hostile conditions
@pytest.fixture
def hostile_window(qtbot, settings):
    settings.analyst = "Ana"
    w = MainWindow(settings)
    qtbot.addWidget(w)
    install_parts(w, PARTS)
    w.show()
    yield w
    w.tasks.shutdown()
    w.close()


def test_a_newer_project_opens_read_only_with_a_message(hostile_window, news_path: Path) -> None:
    conn = sqlite3.connect(news_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    w = hostile_window
    assert w.project_actions.open_path(news_path)
    assert w.project is not None and w.project.read_only
    text = w.project_actions.last_dialog.text()
    assert "made by a newer Framedesk" in text and "read-only" in text
    assert w.article_list.model.rowCount() == 3
    assert not w.coding.ui.controller.press_key("8")      # refused, not crashed
    assert w.project.coding.frames(w.current_article_id) == []


HOLD = """
import sys
from framedesk.core.store import Project
p = Project.open(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
p.close()
"""


def test_a_project_open_in_another_process_offers_read_only(hostile_window,
                                                           news_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-c", HOLD, str(news_path)], text=True,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE) as holder:
        try:
            assert holder.stdout.readline().strip() == "ready"
            w = hostile_window
            assert not w.project_actions.open_path(news_path)
            box = w.project_actions.last_dialog
            assert "in use by another Framedesk window or program" in box.text()
            box.yes_button.click()
            assert w.project is not None and w.project.read_only
            assert w.article_list.model.rowCount() == 3
            # A coding key then says the real reason (the other window), not permissions,
            # in a message that fits beside the status bar's facts.
            w.resize(1366, 768)
            assert not w.coding.ui.controller.press_key("8")
            message = w.status.currentMessage()
            assert message.startswith("Not saved:") and "another window" in message
            assert "permission" not in message
            facts = sum(label.width() for label in (
                w.status.progress_label, w.status.analyst_label, w.status.model_label,
                w.status.saved_label))
            room = w.status.width() - facts
            assert w.status.fontMetrics().horizontalAdvance(message) < room
            assert "another window" in w.status.saved_label.toolTip()
        finally:
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=30)


def test_a_file_deleted_while_open_offers_to_save_a_copy(qtbot, hostile_window,
                                                        news_path: Path, tmp_path: Path) -> None:
    w = hostile_window
    assert w.project_actions.open_path(news_path)
    qtbot.waitUntil(lambda: w.current_article_id is not None)
    controller = w.coding.ui.controller
    assert controller.press_key("8")                     # coded before the file vanished
    news_path.unlink()
    assert not controller.press_key("1")
    box = w.project_actions.last_dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "does not exist (any more)" in box.text() and "save a copy" in box.text()
    assert box.yes_button.text() == "Save a copy as..."
    rescued = tmp_path / "rescued.framedesk"
    assert w.edit_failures.save_copy_as(rescued)
    with Project.open(rescued, read_only=True, annotator="Ana") as copy:
        assert copy.articles.count() == 3
        codes = [f.code for f in copy.coding.frames(w.current_article_id, "Ana")]
        assert codes == ["security"]


def test_a_full_disk_says_so_and_keeps_what_was_saved(qtbot, hostile_window,
                                                      news_path: Path) -> None:
    w = hostile_window
    assert w.project_actions.open_path(news_path)
    qtbot.waitUntil(lambda: w.current_article_id is not None)
    controller = w.coding.ui.controller
    assert controller.press_key("8")
    pages = w.project.db.execute("PRAGMA page_count").fetchone()[0]
    w.project.db.execute(f"PRAGMA max_page_count = {pages}")
    assert not controller.save_memo("x" * 200_000)       # needs pages the "disk" has not got
    box = w.project_actions.last_dialog
    assert box.isVisible() and box.text().startswith(f"The disk holding {news_path} is full")
    w.project.db.execute("PRAGMA max_page_count = 1073741823")
    assert [f.code for f in w.project.coding.frames(w.current_article_id)] == ["security"]
    assert w.project.coding.memo(w.current_article_id) == ""


def test_a_folder_that_cannot_be_written_offers_read_only(hostile_window, news_path: Path) -> None:
    """Root ignores permissions, so the refusal SQLite gives for a read-only folder is
    handed to the window as the core raises it."""
    from framedesk.core.errors import ProjectReadOnly
    from framedesk.ui.errors_project import open_fallback

    w = hostile_window
    error = ProjectReadOnly(news_path, "attempt to write a readonly database")
    assert open_fallback(w, news_path, error) is False
    box = w.project_actions.last_dialog
    assert box.text().startswith(f"{news_path} cannot be written")
    assert "open it read-only" in box.text()
    box.yes_button.click()
    assert w.project is not None and w.project.read_only and w.project.path == news_path
