"""Coding inside the real main window: sections, menus, status bar, analyst name, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project
from framedesk.ui.main_window import MainWindow, install_parts
from framedesk.ui.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TEXTS = ["Kyiv talks\n\nOfficials described a war of centimetres along the front.",
         "Budget\n\nParliament debated the budget.",
         "Harvest\n\nFarmers expect a record harvest."]


@pytest.fixture
def project_file(tmp_path: Path) -> tuple[Path, list[int]]:
    path = tmp_path / "coding.framedesk"
    with Project.create(path, annotator="setup") as p:
        ids = [i for i, _ in p.articles.add_many(ArticleDraft(text=t) for t in TEXTS)]
    return path, ids


def make_window(qtbot, tmp_path: Path, path: Path, analyst: str | None) -> MainWindow:
    settings = AppSettings.at(tmp_path / "settings")
    if analyst:
        settings.analyst = analyst
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert "framedesk.ui.coding.install:install_coding" in install_parts(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.project_actions.open_path(path)
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    window.reader.text.setFocus()
    return window


def key(qtbot, window: MainWindow, k: Qt.Key, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window.reader.text, k, mods)


def test_coding_in_the_main_window(qtbot, tmp_path: Path, project_file) -> None:
    path, ids = project_file
    window = make_window(qtbot, tmp_path, path, "Ana")
    sections = window.side_panel.sections
    assert {"Status", "Frames", "Tone", "Frame cues", "Memo"} <= set(sections)
    top = {title: s.geometry().y() for title, s in sections.items()}
    assert top["Status"] < top["Frames"] < top["Tone"] < top["Frame cues"] < top["Entities"]
    assert top["Memo"] > top["Entities"]
    assert window.current_article_id == ids[0]

    key(qtbot, window, Qt.Key.Key_8, Qt.KeyboardModifier.ShiftModifier)
    start = TEXTS[0].index("war of centimetres")
    window.reader.select_range(start, start + len("war of centimetres"))
    key(qtbot, window, Qt.Key.Key_8)
    key(qtbot, window, Qt.Key.Key_F)
    project = window.project
    assert project.annotator == "Ana"
    assert [(f.code, f.primary, f.annotator) for f in project.coding.frames(ids[0])] == [
        ("security", True, "Ana")]
    assert [(c.start, c.code) for c in project.coding.cues(ids[0])] == [(start, "security")]
    # The header follows the status the first action set.
    assert "in progress" in window.reader.header.meta.text()

    key(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert project.articles.get(ids[0]).status == "done"
    assert window.current_article_id == ids[1]
    assert window.article_list.current_id == ids[1]
    assert window.status.progress_label.text() == "1 / 3 done"

    edit = [a.text() for a in window.menus["Edit"].actions()]
    assert any(t.startswith("&Undo") for t in edit) and "Coding &history..." in edit
    assert "Code&books..." in [a.text() for a in window.menus["Code"].actions()]

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.articles.get(ids[0]).status == "in_progress"
    assert window.current_article_id == ids[0]   # undo shows the article it changed
    assert window.status.progress_label.text() == "0 / 3 done"
    dialog = window.coding.ui.show_history()
    assert dialog.isVisible()
    window.close()


def test_the_analyst_is_asked_on_open_never_in_the_middle_of_typing(qtbot, tmp_path: Path,
                                                                     project_file) -> None:
    """No name remembered: a bar above the article asks when the project opens; coding keys
    keep coding (no dialog takes the next keys as the name) under the name shown."""
    path, ids = project_file
    window = make_window(qtbot, tmp_path, path, None)
    bar = window.coding.analyst_bar
    assert bar.isVisible()
    shown = bar.name.text()
    assert shown and window.status.analyst_label.text() == f"analyst: {shown}"
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_2)
    assert QApplication.activeModalWidget() is None
    assert not bar.isVisible()          # the first edit keeps the name shown
    assert window.settings.analyst == shown
    assert [f.annotator for f in window.project.coding.frames(ids[0])] == [shown, shown]
    window.close()


def test_a_name_typed_in_the_bar_is_recorded_and_remembered(qtbot, tmp_path: Path,
                                                            project_file) -> None:
    path, ids = project_file
    window = make_window(qtbot, tmp_path, path, None)
    bar = window.coding.analyst_bar
    bar.name.setText("  Bea\u0007 Q.  ")   # pasted, with a control character
    qtbot.keyClick(bar.name, Qt.Key.Key_Return)
    assert not bar.isVisible()
    assert window.settings.analyst == "Bea Q."
    assert window.status.analyst_label.text() == "analyst: Bea Q."
    window.reader.text.setFocus()
    key(qtbot, window, Qt.Key.Key_1)
    assert [f.annotator for f in window.project.coding.frames(ids[0])] == ["Bea Q."]
    window.close()
    again = make_window(qtbot, tmp_path, path, None)   # same settings folder: remembered
    assert not again.coding.analyst_bar.isVisible()
    assert again.project.annotator == "Bea Q."
    again.close()


def test_code_menu_lists_every_key(qtbot, tmp_path: Path, project_file) -> None:
    path, _ids = project_file
    window = make_window(qtbot, tmp_path, path, "Ana")
    menu = window.menus["Code"]
    submenus = {a.text(): a.menu() for a in menu.actions() if a.menu() is not None}
    before = len(submenus)  # frames, primary, tone, and those other panels add (sources)
    frames = submenus["&Frame (with a selection: cue)"].actions()
    assert [a.shortcut().toString() for a in frames] == list("1234567890QWERT")
    primary = submenus["&Primary frame"].actions()
    assert primary[7].text() == "Security and defense"
    assert primary[7].shortcut().toString() == "Shift+8"
    tone = submenus["&Tone"].actions()
    assert [a.shortcut().toString() for a in tone] == list("ASDFG")
    window.project.codebooks.rename("policy_frames", "fairness", "Fairness & equality")
    window.coding.ui.controller.reload_codebooks()
    submenus = {a.text(): a.menu() for a in menu.actions() if a.menu() is not None}
    assert len(submenus) == before  # rebuilt, not added again
    assert submenus["&Frame (with a selection: cue)"].actions()[3].text() == "Fairness && equality"
    window.close()


def test_the_article_list_filters_by_frame_and_tone(qtbot, tmp_path: Path, project_file) -> None:
    path, ids = project_file
    window = make_window(qtbot, tmp_path, path, "Ana")
    key(qtbot, window, Qt.Key.Key_8, Qt.KeyboardModifier.ShiftModifier)   # 1: security primary
    key(qtbot, window, Qt.Key.Key_D)                                       # 1: neutral
    window.article_list.select_article(ids[1])
    window.reader.text.setFocus()
    key(qtbot, window, Qt.Key.Key_8)                                       # 2: security
    key(qtbot, window, Qt.Key.Key_A)                                       # 2: explicit anti
    coding_filter = window.coding.list_filter
    window.article_list.filters_button.setChecked(True)
    assert coding_filter.widget.isVisible()

    def shown() -> list[int]:
        qtbot.wait(10)
        return window.article_list.model.ids()

    coding_filter.frame.setCurrentIndex(coding_filter.frame.findText("Security and defense"))
    assert shown() == [ids[0], ids[1]]
    coding_filter.role.setCurrentIndex(1)                                  # as primary
    assert shown() == [ids[0]]
    coding_filter.role.setCurrentIndex(0)
    coding_filter.tone.setCurrentIndex(coding_filter.tone.findText("Explicit anti"))
    assert shown() == [ids[1]]
    window.article_list.filters.reset()
    assert shown() == ids
    window.close()
