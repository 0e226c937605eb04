"""Entity corrections from the reader's context menu and the aliases editor, in the main
window: each is undoable with Ctrl+Z and shows at once in the reader and the panels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu

from framedesk.ui.main_window import MainWindow, install_parts
from tests.ui.conftest import KYIV

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PARTS = ("framedesk.ui.coding.install:install_coding",
         "framedesk.ui.sources.install:install_sources")


@pytest.fixture
def win(qtbot, settings, news_path: Path) -> MainWindow:
    settings.analyst = "Ana"
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert install_parts(w, PARTS) == list(PARTS)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    assert w.project_actions.open_path(news_path)
    qtbot.waitUntil(lambda: w.current_article_id is not None)
    yield w
    w.tasks.shutdown()


def point_at(w: MainWindow, offset: int) -> QPoint:
    """A viewport point over the character at a code point offset."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(w.reader.text.document())
    cursor.setPosition(w.reader.mapping.to_qt(offset) + 1)
    rect = w.reader.text.cursorRect(cursor)
    return QPoint(rect.x() - 2, rect.center().y())


def entries(menu: QMenu) -> dict[str, object]:
    """Visible entries by text, submenus flattened as 'Menu/Entry'."""
    out = {}
    for action in menu.actions():
        if action.menu() is not None:
            for sub in action.menu().actions():
                out[f"{action.text()}/{sub.text()}"] = sub
        elif action.text():
            out[action.text()] = action
    return out


def undo(qtbot, w: MainWindow) -> None:
    w.reader.text.setFocus()
    qtbot.keyClick(w.reader.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def labels_of(w: MainWindow, text: str) -> list[str]:
    return [m.label for m in w.project.entities.mentions(w.current_article_id) if m.text == text]


def test_add_an_entity_from_a_selection_and_undo(qtbot, win):
    w = win
    start = KYIV.index("Officials")
    w.reader.select_range(start, start + len("Officials"))
    menu = w.entity_corrections.ui.menu_at(point_at(w, start + 2))
    items = entries(menu)
    assert any("Copy" in k for k in items)        # the reader's own entries stay
    items["Add as entity/Group (NORP)"].trigger()
    assert labels_of(w, "Officials") == ["NORP"]
    spans = [(s.start, s.end, s.style) for s in w.reader.layer_spans("entities")]
    assert (start, start + 9, "entity:NORP") in spans
    assert any(r.name == "Officials" for r in w.entities_panel.model.rows)
    undo(qtbot, w)
    assert labels_of(w, "Officials") == []


def test_relabel_everywhere_as_a_rule_then_undo(qtbot, win):
    w = win
    start = KYIV.index("NBC")
    w.reader.select_range(0, 0)
    ui = w.entity_corrections.ui
    ui.everywhere.setChecked(True)
    ui.as_rule.setChecked(True)
    menu = ui.menu_at(point_at(w, start + 1))
    items = entries(menu)
    assert "Entity: NBC (Organisation)" in items
    items["Relabel as/Person (PERSON)"].trigger()
    project = w.project
    everywhere = [m.label for i in project.articles.ids() for m in project.entities.mentions(i)
                  if m.text == "NBC"]
    assert everywhere == ["PERSON", "PERSON"]
    assert [(r.pattern, r.label) for r in project.entities.rules()] == [("NBC", "PERSON")]
    undo(qtbot, w)
    assert [m.label for i in project.articles.ids() for m in project.entities.mentions(i)
            if m.text == "NBC"] == ["ORG", "ORG"]
    assert project.entities.rules() == []


def test_link_and_delete_from_the_menu(qtbot, win):
    w = win
    moscow = KYIV.index("Moscow")
    items = entries(w.entity_corrections.ui.menu_at(point_at(w, moscow + 1)))
    items["Link to/Kyiv (Place)"].trigger()
    linked = [m for m in w.project.entities.mentions(w.current_article_id)
              if m.start == moscow][0]
    assert (linked.canonical, linked.status) == ("Kyiv", "manual")
    items = entries(w.entity_corrections.ui.menu_at(point_at(w, moscow + 1)))
    items["Delete entity mention"].trigger()
    assert all(m.start != moscow for m in w.project.entities.mentions(w.current_article_id))
    undo(qtbot, w)
    undo(qtbot, w)
    back = [m for m in w.project.entities.mentions(w.current_article_id) if m.start == moscow]
    assert back[0].canonical == "Moscow" and back[0].status == "auto"


def test_aliases_editor_merges_renames_splits(qtbot, win):
    w = win
    dialog = w.entity_corrections.show_aliases()
    rows = {name: entity_id for entity_id, name, _l, _n in dialog.model.rows}
    assert {"Kyiv", "Moscow", "NBC"} <= set(rows)
    assert dialog.merge(rows["Moscow"], rows["Kyiv"])
    assert "Moscow" not in {r[1] for r in dialog.model.rows}
    reader_names = {m.canonical for m in w.project.entities.mentions(w.current_article_id)}
    assert "Moscow" not in reader_names
    undo(qtbot, w)
    dialog.reload()
    assert "Moscow" in {r[1] for r in dialog.model.rows}

    assert dialog.rename(rows["NBC"], "NBC News")
    assert any(r.name == "NBC News" for r in w.entities_panel.model.rows)
    dialog.select_entity(rows["Kyiv"])
    spellings = [dialog.spellings.item(i).data(Qt.ItemDataRole.UserRole)
                 for i in range(dialog.spellings.count())]
    assert set(spellings) == {"Kyiv", "Kiev"}
    assert dialog.split(rows["Kyiv"], "Kiev")
    kiev = [m for m in w.project.entities.mentions(w.current_article_id) if m.text == "Kiev"][0]
    assert kiev.canonical == "Kiev" and kiev.entity_id != rows["Kyiv"]
    undo(qtbot, w)
    kiev = [m for m in w.project.entities.mentions(w.current_article_id) if m.text == "Kiev"][0]
    assert kiev.entity_id == rows["Kyiv"]


def test_entity_list_model_passes_the_model_tester(qtmodeltester, win):
    dialog = win.entity_corrections.show_aliases()
    qtmodeltester.check(dialog.model)
    assert isinstance(dialog.model.rows[0][0], int)


def test_entities_list_opens_an_entity_in_the_aliases_editor(qtbot, win):
    w = win
    panel = w.entities_panel
    n = next(i for i, r in enumerate(panel.model.rows) if r.name == "Kyiv")
    point = panel.table.visualRect(panel.model.index(n, 0)).center()
    menu = w.entity_corrections.entity_row_menu(point)
    menu.actions()[0].trigger()
    menu.deleteLater()
    dialog = w.entity_corrections.dialog
    assert dialog.entity_row(dialog.selected_entity())[1] == "Kyiv"
