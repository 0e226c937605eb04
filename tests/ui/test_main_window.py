"""The main window as a user drives it: open, import (menu and drop), cancel, entities."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from framedesk.core.store import Project
from framedesk.ui import changes
from framedesk.ui.main_window import MainWindow


def entity_names(window: MainWindow) -> list[str]:
    return [row.name for row in window.entities_panel.model.rows]


def write_articles(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"article_{i:04d}.txt"
        p.write_text(f"Headline number {i}\n\nThe council of town {i} met on Monday.\n",
                     encoding="utf-8")
        paths.append(p)
    return paths


def drop(window: MainWindow, paths: list[Path]) -> None:
    """Drag files over the window and let go, as the platform would tell it."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = QPointF(200, 200)
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(where, Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)


def test_opening_shows_the_first_article_with_its_entities(qtbot, news_window: MainWindow) -> None:
    w = news_window
    assert w.windowTitle().startswith("news")
    assert w.reader.article.title == "Kyiv to negotiate"
    # Kyiv and Kiev are one canonical entity: 4 mentions, listed first.
    assert entity_names(w)[0] == "Kyiv"
    row = w.entities_panel.model.rows[0]
    assert len(row.mentions) == 4
    # Counts across the project arrive from a background read.
    qtbot.waitUntil(lambda: row.corpus is not None, timeout=5000)
    model = w.entities_panel.model
    assert model.data(model.index(0, 3)) == 1
    nbc = next(r for r in w.entities_panel.model.rows if r.name == "NBC")
    assert nbc.corpus == 2                     # two articles of the project mention NBC
    w.open_article(w.article_list.model.article_id(1))
    assert w.entities_panel.model.data(w.entities_panel.model.index(1, 3)) == 2  # NBC, known
    assert w.status.progress_label.text() == "0 / 3 done"
    assert w.status.saved_label.text() == "saved"
    assert w.settings.recent_projects()[0] == w.project.path.resolve()


def test_entity_type_toggle_hides_its_highlights(qtbot, news_window: MainWindow) -> None:
    w = news_window
    legend = w.entities_panel.legend
    assert set(legend.boxes) == {"GPE", "ORG", "PERSON"}
    legend.boxes["GPE"].click()
    painted = {w.reader.article.text[h.span.start:h.span.end]
               for s in w.reader.layer_spans("entities")
               for h in w.reader.hits_at(s.start)}
    assert painted == {"NBC", "Joe Biden"}
    w.open_article(w.article_list.model.article_id(1))    # stays hidden on the next article
    assert not w.entities_panel.legend.boxes["GPE"].isChecked()
    w.entities_panel.legend.boxes["GPE"].click()
    assert w.reader.hits_at(w.reader.article.text.index("Berlin"))


def test_clicking_an_entity_jumps_through_its_mentions(qtbot, news_window: MainWindow) -> None:
    w = news_window
    text = w.reader.article.text
    table = w.entities_panel.table
    index = w.entities_panel.model.index(0, 0)   # Kyiv, 4 mentions (one spelled Kiev)
    seen = []
    for _ in range(5):
        rect = table.visualRect(index)
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        seen.append(w.reader.selected_text())
    assert seen == ["Kyiv", "Kyiv", "Kiev", "Kyiv", "Kyiv"]
    starts = [s.start for s in w.reader.layer_spans("selected")]
    assert [text[s:s + 4] for s in starts] == ["Kyiv", "Kyiv", "Kiev", "Kyiv"]


def test_clicking_an_entity_in_the_text_selects_all_its_mentions(qtbot,
                                                                  news_window: MainWindow) -> None:
    w = news_window
    text = w.reader.article.text
    kiev = text.index("Kiev")
    hits = w.reader.hits_at(kiev)
    w.reader.span_clicked.emit(hits)
    selected = sorted(text[s.start:s.end] for s in w.reader.layer_spans("selected"))
    assert selected == ["Kiev", "Kyiv", "Kyiv", "Kyiv"]
    assert w.entities_panel.table.selectionModel().selectedRows()[0].row() == 0
    w.reader.span_clicked.emit([])             # a click on plain text clears it
    assert w.reader.layer_spans("selected") == []


def test_hovering_an_entity_tells_label_and_canonical(news_window: MainWindow) -> None:
    from framedesk.ui.entities_panel import mention_tooltip

    w = news_window
    kiev = w.reader.hits_at(w.reader.article.text.index("Kiev"))[0].span.payload
    assert mention_tooltip(kiev) == "Place (GPE): Kyiv  (written \u201cKiev\u201d)"


def test_import_by_drop_runs_in_background_and_reports(qtbot, news_window: MainWindow,
                                                       tmp_path: Path, monkeypatch) -> None:
    w = news_window
    files = write_articles(tmp_path / "in", 3)
    bad = tmp_path / "in" / "broken.jsonl"
    bad.write_text('{"text": "fine"}\n{not json\n', encoding="utf-8")
    from framedesk.ui import project_actions

    # No spaCy here (the slow test below has it): only the reading and the reporting.
    real = project_actions.run_import
    monkeypatch.setattr(project_actions, "run_import",
                        lambda path, paths, annotator, entities, progress:
                        real(path, paths, annotator, False, progress))
    with qtbot.waitSignal(w.tasks.task_finished, timeout=20000):
        drop(w, [*files, bad])
        assert w.status.task_bar.isVisible() and w.status.cancel_button.isEnabled()
    assert w.article_list.model.rowCount() == 3 + 4
    dialog = w.project_actions.last_dialog
    assert dialog.textFormat() == Qt.TextFormat.PlainText
    assert dialog.text().startswith("Imported 4 articles from 4 files.")
    assert "1 could not be imported" in dialog.text()
    assert "broken.jsonl, line 2" in dialog.detailedText()
    assert not w.status.task_bar.isVisible()
    dialog.close()
    # Importing the same files again adds nothing.
    with qtbot.waitSignal(w.tasks.task_finished, timeout=20000):
        w.project_actions.import_paths(files)
    assert "3 already in the project" in w.project_actions.last_dialog.text()
    assert w.article_list.model.rowCount() == 7


def test_cancel_keeps_what_was_imported(qtbot, news_window: MainWindow, tmp_path: Path) -> None:
    w = news_window
    folder = tmp_path / "many"
    write_articles(folder, 400)
    with qtbot.waitSignal(w.tasks.task_finished, timeout=30000):
        w.project_actions.import_paths([folder], entities=False)
        qtbot.mouseClick(w.status.cancel_button, Qt.MouseButton.LeftButton)
    text = w.project_actions.last_dialog.text()
    assert "Cancelled" in text
    imported = w.article_list.model.rowCount() - 3
    assert 0 <= imported < 400
    with Project.open(w.project.path, read_only=True) as p:
        assert p.articles.count() == imported + 3     # what the list shows is what is stored


def test_window_stays_responsive_during_an_import(qtbot, news_window: MainWindow,
                                                  tmp_path: Path) -> None:
    import time

    w = news_window
    write_articles(tmp_path / "more", 600)
    gaps = []
    started = last = time.perf_counter()
    assert w.project_actions.import_paths([tmp_path / "more"], entities=False)
    while w.tasks.busy:
        QApplication.processEvents()
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
        w.article_list.move(+1)                # the user keeps reading meanwhile
    total = time.perf_counter() - started
    # The GUI kept handling events all along: no pause near the import's own length
    # (relative, so a loaded shared machine does not make it fail).
    assert len(gaps) > 20 and max(gaps) < max(total / 4, 0.1)
    assert w.article_list.model.rowCount() == 603


def test_opening_a_bad_file_says_so_in_one_sentence(news_window: MainWindow,
                                                    tmp_path: Path) -> None:
    w = news_window
    bogus = tmp_path / "notes.framedesk"
    bogus.write_text("just some notes", encoding="utf-8")
    assert not w.project_actions.open_path(bogus)
    dialog = w.project_actions.last_dialog
    assert "is not a Framedesk project" in dialog.text()
    assert "Traceback" not in dialog.text()
    assert w.reader.article.title == "Kyiv to negotiate"   # the open project stays open


def test_new_project_close_and_reopen_from_recent(qtbot, window: MainWindow,
                                                  news_path: Path, tmp_path: Path) -> None:
    w = window
    assert w.project is None and w.reader.stack.currentWidget() is w.reader.empty
    assert not w.actions_by_name["import_files"].isEnabled()
    assert w.project_actions.new_project(tmp_path / "fresh")
    assert w.project.path.name == "fresh.framedesk"
    assert "Ctrl+I" in w.reader.empty.text()
    assert w.project_actions.open_path(news_path)
    w.actions_by_name["close"].trigger()
    assert w.project is None
    w.fill_recent_menu()
    recent = [a.text() for a in w.recent_menu.actions()]
    assert recent == [str(news_path.resolve()), str((tmp_path / "fresh.framedesk").resolve())]
    w.recent_menu.actions()[0].trigger()
    assert w.project is not None and w.project.path == news_path


def test_changes_refresh_only_what_changed(news_window: MainWindow) -> None:
    w = news_window
    kyiv = w.current_article_id
    w.project.entities.add_manual(kyiv, 0, 4, "GPE")
    assert len(w.entities_panel.model.rows[0].mentions) == 4  # not yet told
    w.hub.notify(changes.ENTITIES, [kyiv])
    assert len(w.entities_panel.model.rows[0].mentions) == 5
    model = w.article_list.model
    assert model.data(model.index(0, 4)) == 9
    w.project.articles.set_status(kyiv, "done")
    w.hub.notify(changes.STATUS, [kyiv])
    assert "done" in w.reader.header.meta.text()
    assert w.status.progress_label.text() == "1 / 3 done"


def test_layout_and_sections_are_remembered(qtbot, settings, news_path: Path) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.resize(790, 590)              # the offscreen screen is 800 x 600
    first.show()
    first.splitter.setSizes([200, 250, first.side_panel.minimumWidth() + 10])
    sizes = first.splitter.sizes()
    first.side_panel.sections["Entities"].set_expanded(False)
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    assert second.size().width() == 790
    assert second.splitter.sizes() == sizes
    assert not second.side_panel.sections["Entities"].expanded
    second.close()


@pytest.mark.slow
def test_import_finds_entities_with_spacy(qtbot, news_window: MainWindow, tmp_path: Path) -> None:
    w = news_window
    story = tmp_path / "story.txt"
    story.write_text("Talks in Geneva\n\nAngela Merkel met officials from the United Nations "
                     "in Geneva on Tuesday.\n", encoding="utf-8")
    with qtbot.waitSignal(w.tasks.task_finished, timeout=60000):
        w.project_actions.import_paths([story])
    w.project_actions.last_dialog.close()
    assert w.article_list.select_article(4)
    assert "Angela Merkel" in entity_names(w) and "Geneva" in entity_names(w)
    assert w.status.model_label.text().startswith("model: ")


def test_first_keys_go_to_the_article_and_escape_leaves_the_search(qtbot, news_window) -> None:
    """Opening a project puts the keyboard in the reader: J moves to the next article
    instead of typing "J" into the search box; Escape in the search box comes back."""
    from PySide6.QtWidgets import QApplication

    window = news_window
    news_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.reader.text)
    first = window.current_article_id
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_J)
    assert window.article_list.search.text() == ""
    qtbot.waitUntil(lambda: window.current_article_id not in (None, first))

    window.focus_search()
    qtbot.keyClicks(window.article_list.search, "budget")
    qtbot.keyClick(window.article_list.search, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.reader.text
    assert window.article_list.search.text() == "budget"   # the search stays applied
