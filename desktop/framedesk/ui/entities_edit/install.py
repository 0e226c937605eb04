"""Plugging entity corrections into the main window (called by the sources part): the
reader's context menu and Code > Entities and aliases... (the aliases editor)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from framedesk.ui.coding.undo import CodingHistory
from framedesk.ui.entities_edit.aliases_dialog import AliasesDialog
from framedesk.ui.entities_edit.corrections import EntityCorrectionsUI

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow


class WindowEntityCorrections:
    def __init__(self, window: MainWindow, history: CodingHistory) -> None:
        self.window = window
        self.ui = EntityCorrectionsUI(window, history)
        self.dialog: AliasesDialog | None = None
        self.aliases_action = QAction("Entities and &aliases...", window)
        self.aliases_action.setStatusTip("Merge, rename or split the project's entities")
        self.aliases_action.triggered.connect(lambda _=False: self.show_aliases())
        code = window.menus.get("Code")
        if code is not None:
            code.addAction(self.aliases_action)
        table = window.entities_panel.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._popup_entity_row_menu)
        window.project_changed.connect(self._project_changed)
        self._project_changed(window.project)

    def _popup_entity_row_menu(self, point: QPoint) -> None:
        menu = self.entity_row_menu(point)
        if menu is not None:
            menu.popup(self.window.entities_panel.table.viewport().mapToGlobal(point))

    def entity_row_menu(self, point: QPoint) -> QMenu | None:
        """Right-click on the Entities section's list: open that entity in the editor."""
        panel = self.window.entities_panel
        index = panel.table.indexAt(point)
        if not index.isValid() or self.window.project is None:
            return None
        row = panel.model.rows[index.row()]
        menu = QMenu(panel.table)
        edit = menu.addAction("Merge, rename or split in the aliases editor...")
        entity_id = row.key[0]
        edit.setEnabled(isinstance(entity_id, int))
        edit.triggered.connect(lambda _=False: self.show_aliases(entity_id))
        menu.aboutToHide.connect(menu.deleteLater)
        return menu

    def _project_changed(self, project) -> None:
        self.aliases_action.setEnabled(project is not None)
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _article(self) -> int | None:
        w = self.window
        if w.current_article_id is not None:
            return w.current_article_id
        ids = w.project.articles.ids() if w.project is not None else []
        return ids[0] if ids else None

    def show_aliases(self, entity_id: int | None = None) -> AliasesDialog | None:
        w = self.window
        if w.project is None:
            return None
        if self.dialog is None:
            self.dialog = AliasesDialog(w.project, self.ui.run, self._article, w)
        else:
            self.dialog.reload()
        if entity_id is not None:
            self.dialog.search.clear()
            self.dialog.select_entity(entity_id)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog


def install_entity_corrections(window: MainWindow, history: CodingHistory
                               ) -> WindowEntityCorrections:
    corrections = WindowEntityCorrections(window, history)
    window.entity_corrections = corrections
    return corrections
