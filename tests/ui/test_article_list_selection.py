"""Several articles selected in the list (Shift/Ctrl), the reader following the current one,
and what "selected articles" then means to export and to stories."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from framedesk.core.model import ArticleDraft
from framedesk.ui.main_window import MainWindow, install_parts

EXPORT_PART = "framedesk.ui.export_dialog:install_export"
STORY_PARTS = ("framedesk.ui.coding.install:install_coding",
               "framedesk.ui.compare.install:install_compare")
NO_KEYS = Qt.KeyboardModifier.NoModifier


def click_row(qtbot, table: QTableView, row: int,
              modifier: Qt.KeyboardModifier = NO_KEYS) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier,
                     QPoint(rect.center().x(), rect.center().y()))


def selected_titles(window: MainWindow) -> list[str]:
    panel = window.article_list
    return [window.project.articles.get(a).title for a in panel.selected_ids()]


def test_shift_and_ctrl_select_several_while_the_reader_shows_the_current(qtbot,
                                                                          news_window) -> None:
    w = news_window
    table = w.article_list.table
    click_row(qtbot, table, 0)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert selected_titles(w) == ["Kyiv to negotiate", "Budget talks"]
    assert w.reader.article.title == "Budget talks"
    # Ctrl-click adds a row without dropping the others (other panels hear of it).
    click_row(qtbot, table, 0)
    with qtbot.waitSignal(w.article_list.selection_changed, timeout=1000):
        click_row(qtbot, table, 2, Qt.KeyboardModifier.ControlModifier)
    assert selected_titles(w) == ["Kyiv to negotiate", "Floods hit Lagos"]
    assert w.reader.article.title == "Floods hit Lagos"
    # Shift-click selects the range.
    click_row(qtbot, table, 0)
    click_row(qtbot, table, 2, Qt.KeyboardModifier.ShiftModifier)
    assert selected_titles(w) == ["Kyiv to negotiate", "Budget talks", "Floods hit Lagos"]
    # J/K still move one article, leaving just that one selected.
    qtbot.keyClick(table, Qt.Key.Key_K)
    assert w.reader.article.title == "Budget talks"
    assert selected_titles(w) == ["Budget talks"]


def test_exporting_selected_articles_exports_exactly_those(qtbot, news_window, tmp_path) -> None:
    w = news_window
    assert install_parts(w, (EXPORT_PART,)) == [EXPORT_PART]
    table = w.article_list.table
    click_row(qtbot, table, 0)
    click_row(qtbot, table, 2, Qt.KeyboardModifier.ControlModifier)
    w.actions_by_name["export"].trigger()
    dialog = w.export.dialog
    assert "(2)" in dialog.scopes["selected"].text()
    # Ctrl-clicking the open article off and on again while the dialog is open: the count
    # follows although the open article stays the same.
    click_row(qtbot, table, 2, Qt.KeyboardModifier.ControlModifier)
    assert "(1)" in dialog.scopes["selected"].text()
    click_row(qtbot, table, 2, Qt.KeyboardModifier.ControlModifier)
    assert "(2)" in dialog.scopes["selected"].text()
    out = tmp_path / "two.jsonl"
    dialog.set_format("jsonl")
    dialog.target.setText(str(out))
    dialog.scopes["selected"].setChecked(True)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    text = out.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 2
    assert "Joe Biden said Kyiv needs aid" in text          # Kyiv to negotiate
    assert "the governor blamed drains" in text              # Floods hit Lagos
    assert "Parliament in Berlin" not in text                # Budget talks: not selected


def test_splitting_selected_list_rows_makes_one_story_of_them(qtbot, news_window) -> None:
    w = news_window
    install_parts(w, STORY_PARTS)
    table = w.article_list.table
    ids = w.article_list.model.ids()
    click_row(qtbot, table, 1)
    click_row(qtbot, table, 2, Qt.KeyboardModifier.ControlModifier)
    w.stories.split_action.trigger()
    stories = w.project.stories
    story = stories.story_of(ids[1])
    assert story is not None and sorted(stories.members(story)) == sorted(ids[1:])
    assert stories.story_of(ids[0]) is None


def test_a_long_title_is_elided_with_the_whole_title_escaped_in_its_tooltip(news_window) -> None:
    w = news_window
    long_title = "<b>Kyiv</b> & Moscow: " + "a very long headline " * 12
    with w.project.atomic():
        w.project.articles.add(ArticleDraft(text="Body\n\nMore body.", title=long_title))
    w.article_list.refresh()
    model, table = w.article_list.model, w.article_list.table
    index = model.index(3, 0)
    assert table.textElideMode() == Qt.TextElideMode.ElideRight
    assert table.fontMetrics().horizontalAdvance(long_title) > table.columnWidth(0)
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Kyiv&lt;/b&gt; &amp; Moscow" in tip and "<b>Kyiv" not in tip
