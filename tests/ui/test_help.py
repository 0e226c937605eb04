"""Help: the keyboard sheet follows the real actions and codebook keys; definitions, guide,
About with versions."""

from __future__ import annotations

import importlib.metadata

import PySide6
import pytest
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication

from framedesk import __version__
from framedesk.logs import log_path
from framedesk.ui.main_window import install_parts

CODING = "framedesk.ui.coding.install:install_coding"
HELP = "framedesk.ui.help:install_help"
PREFS = "framedesk.ui.preferences:install_preferences"


@pytest.fixture
def help_window(news_window):
    install_parts(news_window, (CODING, PREFS, HELP))
    return news_window


def test_question_mark_opens_the_sheet_made_from_the_actual_keys(qtbot, help_window) -> None:
    w = help_window
    w.activateWindow()
    w.reader.text.setFocus()
    qtbot.keyClick(QApplication.focusWidget() or w.reader.text, "?")
    qtbot.waitUntil(lambda: getattr(w, "help_dialog", None) is not None
                    and w.help_dialog.isVisible(), timeout=3000)
    sheet = w.help_dialog.text.toPlainText()
    lines = sheet.splitlines()
    assert any(line.startswith("Ctrl+,") and line.endswith("Preferences") for line in lines)
    assert any(line.startswith("J / Alt+Down") for line in lines)
    # Code keys come from this project's codebooks, with their codebook's title.
    security = next(c for c in w.project.codebooks.get("policy_frames").codes
                    if c.id == "security")
    assert any(line.startswith(security.key + " ") and "Security" in line for line in lines)
    assert w.help_dialog.text.isReadOnly()


def test_the_sheet_follows_a_changed_key(help_window) -> None:
    from framedesk.ui.help import keyboard_sheet

    w = help_window
    w.project.codebooks.set_key("policy_frames", "security", "Z")
    w.coding.ui.controller.reload_codebooks()
    lines = keyboard_sheet(w).splitlines()
    assert any(line.startswith("Z ") and "Security" in line for line in lines)
    assert not any(line.startswith("8 ") and "Security" in line for line in lines)


def test_codebook_definitions_show_each_codes_definition(help_window) -> None:
    w = help_window
    w.actions_by_name["codebook_definitions"].trigger()
    viewer = w.help_dialog
    titles = [viewer.tree.topLevelItem(i).text(0) for i in range(viewer.tree.topLevelItemCount())]
    assert titles == [b.title for b in w.project.codebooks.all()]
    book = w.project.codebooks.get("policy_frames")
    code = book.codes[2]
    top = viewer.tree.topLevelItem(titles.index(book.title))
    viewer.tree.setCurrentItem(top.child(2))
    assert viewer.text.toPlainText().startswith(code.label)
    assert code.definition.strip()[:60] in viewer.text.toPlainText()
    viewer.tree.setCurrentItem(top)
    assert book.title in viewer.text.toPlainText()


def test_guide_and_about(help_window) -> None:
    w = help_window
    w.actions_by_name["coding_guide"].trigger()
    guide = w.help_dialog.text.toPlainText()
    assert "Ctrl+Enter" in guide and "primary frame" in guide
    w.help_dialog.close()
    w.actions_by_name["about"].trigger()
    about = w.help_dialog.text.toPlainText()
    assert __version__ in about
    assert qVersion() in about and PySide6.__version__ in about
    assert importlib.metadata.version("spacy") in about
    assert str(log_path()) in about
    from framedesk.core.nlp.pipeline import installed_pipelines

    for name in installed_pipelines():
        assert name in about


def test_the_sheet_is_grouped_by_task(help_window) -> None:
    """Move, code, sources, review, edit: an analyst looks a key up by what they are doing,
    not alphabetically."""
    from framedesk.ui.help import keyboard_sheet

    lines = keyboard_sheet(help_window).splitlines()
    titles = [lines[i - 1] for i, line in enumerate(lines) if line and set(line) == {"-"}]
    assert titles[:5] == ["Move and find", titles[1], "Sources", "Review", "Edit"]
    assert titles[1].startswith("Code")

    def section(title: str) -> str:
        start = lines.index(title)
        end = next((i for i in range(start + 2, len(lines)) if not lines[i]), len(lines))
        return "\n".join(lines[start:end])

    assert "Next article" in section("Move and find")
    assert "Done, next article to do" in section(titles[1])
    assert "Delete cue" in section(titles[1])
    assert "new attribution from the selected text" in section("Sources").lower()
    assert "Undo" in section("Edit") and "Next article" not in section("Edit")
