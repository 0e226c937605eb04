"""The compare view on the seeds: both articles side by side, Kyiv linked to Kiev, the table
marking what only one outlet has, and coding in a column exactly as in the reader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from framedesk.core.store import Project
from framedesk.ui.main_window import MainWindow, install_parts

PARTS = ("framedesk.ui.coding.install:install_coding",
         "framedesk.ui.sources.install:install_sources",
         "framedesk.ui.compare.install:install_compare")


@pytest.fixture(scope="module")
def seeds_file(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The two seeds imported with their entities and suggested sources, grouped (once)."""
    from framedesk.core.importing import import_paths
    from framedesk.core.nlp.attribution import suggest_for_articles

    path = tmp_path_factory.mktemp("compare") / "seeds.framedesk"
    with Project.create(path, annotator="setup") as p:
        summary = import_paths(p, [str(s) for s in sorted(seeds_dir.glob("*.txt"))])
        suggest_for_articles(p, summary.new_ids)
        p.stories.group_automatically()
    return path


@pytest.fixture
def compare_window(qtbot, settings, seeds_file: Path, tmp_path: Path) -> MainWindow:
    path = tmp_path / "seeds.framedesk"
    shutil.copy(seeds_file, path)
    settings.analyst = "Ana"
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert install_parts(window, PARTS) == list(PARTS)
    window.resize(1400, 850)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.project_actions.open_path(path)
    qtbot.waitUntil(lambda: window.current_article_id is not None)
    yield window
    window.tasks.shutdown()
    window.close()


def test_both_seeds_side_by_side_and_kyiv_links_kiev(qtbot, compare_window: MainWindow) -> None:
    window = compare_window
    ids = window.article_list.model.ids()
    window.compare.action.trigger()
    view = window.compare.view
    assert window.compare.active and view.isVisible() and not window.reader.isVisible()
    assert [c.article_id for c in view.columns] == ids
    assert all(c.isVisible() for c in view.columns)
    first, second = view.columns
    assert first.reader.article.text != second.reader.article.text
    # Each column scrolls on its own.
    first.reader.text.verticalScrollBar().setValue(first.reader.text.verticalScrollBar().maximum())
    assert second.reader.text.verticalScrollBar().value() == 0

    # Selecting "Kyiv" in the first article highlights "Kiev" in the second.
    text_a, text_b = first.reader.article.text, second.reader.article.text
    start = text_a.index("Kyiv")
    first.reader.select_range(start, start + 4)
    linked_b = [text_b[s:e] for s, e in second.linked_spans()]
    assert linked_b and set(linked_b) == {"Kiev"}
    assert "Kyiv" in {text_a[s:e] for s, e in first.linked_spans()}
    # The spelling difference is marked in the text and listed in the table.
    assert any(text_b[s.start:s.end] == "Kiev" for s in second.reader.layer_spans("spelling"))
    rows = {view.spellings.index(r, 0).data(): [view.spellings.index(r, c).data()
                                                 for c in (1, 2)]
            for r in range(view.spellings.rowCount())}
    assert rows["Kyiv"][1] == "Kiev" and "Kyiv" in rows["Kyiv"][0]

    # Clicking a spelling row picks that entity in both columns.
    row = next(r for r in range(view.spellings.rowCount())
               if view.spellings.index(r, 0).data() == "Vladimir Putin")
    view.spelling_table.clicked.emit(view.spellings.index(row, 0))
    assert {text_b[s:e] for s, e in second.linked_spans()} <= {"Putin", "Vladimir Putin"}
    assert second.linked_spans()


def test_table_shows_differences_and_coding_in_a_column(qtbot, compare_window) -> None:
    window = compare_window
    ids = window.article_list.model.ids()
    window.compare.action.trigger()
    view = window.compare.view
    coding = {(view.coding.index(r, 1).data(), ): [view.coding.index(r, c).data()
                                                   for c in (2, 3)]
              for r in range(view.coding.rowCount())}
    assert coding[("NBC",)][0].startswith("named") and coding[("NBC",)][1].startswith("named")
    only_one = [view.coding.rows[r].item for r in range(view.coding.rowCount())
                if view.coding.rows[r].only_one]
    assert "analysts" in only_one and "NBC" not in only_one

    # Click into the second column: it becomes the open article; Shift+8 codes it there.
    second = view.columns[1]
    second.reader.text.setFocus()
    qtbot.waitUntil(lambda: window.current_article_id == ids[1])
    assert window.article_list.current_id == ids[1]
    assert window.compare.active   # still comparing
    qtbot.keyClick(second.reader.text, Qt.Key.Key_8, Qt.KeyboardModifier.ShiftModifier)
    frames = window.project.coding.frames(ids[1])
    assert [(f.code, f.primary) for f in frames] == [("security", True)]
    assert window.project.coding.frames(ids[0]) == []
    # A selection in that column and a frame key mark a cue in that article.
    text = second.reader.article.text
    start = text.index("Kiev")
    second.reader.select_range(start, start + 4)
    qtbot.keyClick(second.reader.text, Qt.Key.Key_8)
    assert [(c.start, c.end) for c in window.project.coding.cues(ids[1])] == [
        (start, start + 4)]
    assert any(s.start == start for s in second.reader.layer_spans("cues"))
    # The table follows: the primary frame only the second outlet has.
    primary = next(r for r in view.coding.rows if r.section == "Primary frame")
    assert primary.only_one and primary.cells[ids[1]] and not primary.cells[ids[0]]
    # K (previous article) moves the work, and the keyboard focus, to the first column.
    qtbot.keyClick(second.reader.text, Qt.Key.Key_K)
    assert window.current_article_id == ids[0] and window.compare.active
    assert window.coding.ui.controller.reader is view.columns[0].reader
    assert view.columns[0].reader.text.hasFocus()
    window.article_list.select_article(ids[1])
    # Back to the reader: the main reader is the coding reader again.
    window.compare.action.trigger()
    assert not window.compare.active and window.reader.isVisible()
    assert window.coding.ui.controller.reader is window.reader
    assert window.reader.article.id == ids[1]


def test_sources_are_reviewed_in_a_column_as_in_the_reader(qtbot, compare_window) -> None:
    window = compare_window
    ids = window.article_list.model.ids()
    window.compare.action.trigger()
    view = window.compare.view
    second = view.columns[1]
    second.reader.text.setFocus()
    qtbot.waitUntil(lambda: window.current_article_id == ids[1])
    sources = window.sources.controller
    assert sources.reader is second.reader and sources.article_id == ids[1]
    assert second.reader.layer_spans("suggestions")
    # Tab goes to the first suggestion of this article, Enter accepts it.
    qtbot.keyClick(second.reader.text, Qt.Key.Key_Tab)
    chosen = sources.current
    assert chosen is not None and chosen.article_id == ids[1]
    qtbot.keyClick(second.reader.text, Qt.Key.Key_Return)
    accepted = window.project.attributions.get(chosen.id)
    assert accepted.status == "accepted"
    assert window.project.attributions.get(chosen.id).article_id == ids[1]
    # The first article's suggestions are untouched.
    assert all(a.status == "suggested" for a in window.project.attributions.list(ids[0]))


def test_an_article_in_no_story_says_so(qtbot, compare_window: MainWindow) -> None:
    window = compare_window
    window.project.stories.split([window.current_article_id])
    window.compare.action.trigger()
    assert not window.compare.active and not window.compare.action.isChecked()
    assert "no other article" in window.status.currentMessage()


def test_compare_tables_pass_qtmodeltester(qtmodeltester, seeds_file: Path) -> None:
    from framedesk.core.story_compare import compare
    from framedesk.ui.compare.tables import CodingTableModel, SpellingModel

    with Project.open(seeds_file, read_only=True) as project:
        result = compare(project, project.articles.ids())
    for model in (SpellingModel(), CodingTableModel()):
        model.set_comparison(result)
        assert model.rowCount() > 0 and model.columnCount() == len(model.FIXED) + 2
        qtmodeltester.check(model)


def test_closing_while_comparing_saves_the_reading_layout(qtbot, compare_window) -> None:
    window = compare_window
    before = window.splitter.sizes()
    window.compare.action.trigger()
    assert window.splitter.sizes() != before     # the columns got room
    window.close()
    assert not window.compare.active
    assert window.splitter.sizes() == before
