"""The welcome page: shown without a project and on the first run with the demo; the
create-project form; recent files."""

from __future__ import annotations

from pathlib import Path

import pytest
from framedesk.ui.main_window import MainWindow, install_parts

WELCOME = "framedesk.ui.welcome:install_welcome"


@pytest.fixture
def welcome_window(window):
    assert install_parts(window, (WELCOME,)) == [WELCOME]
    return window


def test_without_a_project_the_welcome_page_is_shown_and_closing_returns_to_it(
        welcome_window, news_path: Path) -> None:
    w = welcome_window
    assert w.welcome.showing
    assert w.welcome.page.isVisible() and not w.splitter.isVisible()
    assert w.project_actions.open_path(news_path)
    assert not w.welcome.showing and w.splitter.isVisible()
    w.actions_by_name["close"].trigger()
    assert w.project is None and w.welcome.showing


def test_recent_projects_are_listed_and_open_on_activation(qtbot, settings,
                                                           news_path: Path) -> None:
    settings.add_recent(news_path)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    install_parts(w, (WELCOME,))
    w.show()
    try:
        recent = w.welcome.page.recent
        assert recent.count() == 1 and recent.isVisible()
        assert "news" in recent.item(0).text()
        recent.setCurrentRow(0)
        recent.itemActivated.emit(recent.item(0))
        assert w.project is not None and w.project.path == news_path
        assert not w.welcome.showing
    finally:
        w.close()


def test_create_a_project_with_codebooks_model_language_and_analyst(welcome_window,
                                                                    tmp_path: Path) -> None:
    w = welcome_window
    w.welcome.page.new_button.click()
    dialog = w.welcome.new_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name.setText("Ukraine: coverage/2023")
    dialog.folder.setText(str(tmp_path / "projects"))
    dialog.analyst.setText("Bea")
    dialog.codebooks["generic_frames"].setChecked(True)
    dialog.codebooks["policy_frames"].setChecked(False)
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    model = dialog.model.currentData()
    dialog.accept()
    path = tmp_path / "projects" / "Ukraine- coverage-2023.framedesk"
    assert w.project is not None and w.project.path == path
    assert not w.welcome.showing
    assert sorted(b.name for b in w.project.codebooks.all()) == ["generic_frames", "tone"]
    assert w.project.language == "de"
    assert w.project.meta("model") == model
    assert w.project.annotator == "Bea" and w.settings.analyst == "Bea"
    assert w.settings.recent_projects()[0] == path.resolve()


def test_the_form_says_what_is_missing_and_stays_open(welcome_window, news_path: Path) -> None:
    w = welcome_window
    dialog = w.welcome.ask_new_project()
    dialog.accept()
    assert dialog.isVisible() and dialog.problem.text() == "Give the project a name."
    dialog.name.setText("news")
    dialog.folder.setText(str(news_path.parent))
    dialog.accept()
    assert dialog.isVisible() and "already exists" in dialog.problem.text()
    dialog.name.setText("fresh")
    for box in dialog.codebooks.values():
        box.setChecked(False)
    dialog.accept()
    assert dialog.isVisible() and "at least one codebook" in dialog.problem.text()
    assert w.project is None


def test_file_new_opens_the_form(welcome_window) -> None:
    welcome_window.actions_by_name["new"].trigger()
    assert welcome_window.welcome.new_dialog.isVisible()
    welcome_window.welcome.new_dialog.reject()


def test_first_run_keeps_the_welcome_beside_the_demo_until_dismissed(qtbot, settings) -> None:
    w = MainWindow(settings)
    qtbot.addWidget(w)
    install_parts(w, (WELCOME,))
    w.show()
    try:
        assert w.welcome.first_run
        w.project_actions.create_demo(settings.demo_path)
        qtbot.waitUntil(lambda: not w.tasks.busy, timeout=60000)
        assert w.project is not None and w.project.path == settings.demo_path
        page = w.welcome.page
        assert w.welcome.showing and page.continue_button.isVisible()
        assert not page.demo_button.isVisible()
        page.continue_button.click()
        assert not w.welcome.showing and w.article_list.model.rowCount() == 2
    finally:
        w.tasks.shutdown()
        w.close()
    # The next start goes straight to the project.
    again = MainWindow(settings)
    qtbot.addWidget(again)
    install_parts(again, (WELCOME,))
    try:
        assert not again.welcome.first_run
        assert again.project_actions.open_path(settings.demo_path)
        assert not again.welcome.showing
    finally:
        again.close()


def test_open_the_demo_from_the_welcome_page_uses_an_existing_demo(qtbot, settings,
                                                                   news_path: Path) -> None:
    settings.demo_path.parent.mkdir(parents=True, exist_ok=True)
    settings.demo_path.write_bytes(news_path.read_bytes())
    settings.set_value("welcome/seen", True)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    install_parts(w, (WELCOME,))
    try:
        w.welcome.page.demo_button.click()
        assert w.project is not None and w.project.path == settings.demo_path
        assert w.project.articles.count() == 3
        assert not w.welcome.showing
    finally:
        w.tasks.shutdown()
        w.close()
