"""Plugging coding into the main window: one call, `install_coding(window)`.

Uses only the window's extension points (reader, side_panel, hub, menus, settings, status,
article_list, project_changed, current_article_changed), so the window stays a wiring module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from framedesk.ui import changes
from framedesk.core.store.project import default_annotator
from framedesk.ui.coding.analyst import change_analyst, clean_name
from framedesk.ui.coding.analyst_bar import AnalystBar
from framedesk.ui.coding.codebook_editor import CodebookEditor
from framedesk.ui.coding.list_filter import CodingFilter
from framedesk.ui.coding.pane import SECTION_TITLES, CodingUI

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

# Where the coding sections go among the others (UX.md: frames first, memo last).
LEADING_SECTIONS = ("Status", "Frames", "Tone", "Frame cues")
CODING_KINDS = {changes.FRAMES, changes.CUES, changes.MEMO, changes.STATUS}


class WindowCoding:
    """Keeps the coding pane in step with the window's project and article."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._asked = False
        self._notifying = False
        self.ui = CodingUI(window.project, window.reader, window,
                           add_section=self._add_section, open_article=self._open,
                           notify=self._notify, edit_menu=window.menus.get("Edit"),
                           code_menu=window.menus.get("Code"), show_section=self._show_section)
        controller = self.ui.controller
        controller.list_order = window.article_list.model.ids
        controller.before_edit = self._before_edit
        controller.message.connect(lambda text: window.status.showMessage(text, 10000))
        code_menu = window.menus.get("Code")
        self.editor_action = QAction("Code&books...", window)
        self.editor_action.triggered.connect(self.edit_codebooks)
        self.analyst_action = QAction("&Analyst name...", window)
        self.analyst_action.triggered.connect(self.change_analyst)
        if code_menu is not None:
            code_menu.addSeparator()
            code_menu.addAction(self.editor_action)
            code_menu.addAction(self.analyst_action)
        self.list_filter = CodingFilter(controller)
        window.article_list.filters.add_list_filter(self.list_filter)
        self.analyst_bar = AnalystBar(self._name_given)
        window.reader.add_bar(self.analyst_bar)
        window.project_changed.connect(self._project_changed)
        window.current_article_changed.connect(self._article_changed)
        window.hub.changed.connect(self._hub_changed)
        if window.current_article_id is not None:
            self.ui.set_article(window.current_article_id)

    # ------------------------------------------------------------ the window's parts
    def _add_section(self, title: str, widget: QWidget) -> None:
        position = LEADING_SECTIONS.index(title) if title in LEADING_SECTIONS else None
        self.window.side_panel.add_section(title, widget, position=position)

    def _show_section(self, title: str) -> None:
        section = self.window.side_panel.section(title)
        if section is not None:
            section.set_expanded(True)
            self.window.side_panel.ensureWidgetVisible(section)

    def _open(self, article_id: int) -> None:
        """Open through the list (so its selection follows), or directly if filtered out."""
        if not self.window.article_list.select_article(article_id):
            self.window.open_article(article_id)

    def _notify(self, kinds: set[str], article_ids: set[int]) -> None:
        self._notifying = True
        try:
            self.window.hub.notify(kinds, article_ids)
        finally:
            self._notifying = False

    # ------------------------------------------------------------ following the window
    def _project_changed(self, project) -> None:
        self._asked = False
        self.list_filter.reset()
        self.ui.set_project(project)
        self._ask_for_name(project)

    def _article_changed(self, article_id: int) -> None:
        self.ui.set_article(article_id if article_id >= 0 else None)

    def _hub_changed(self, change: changes.Changes) -> None:
        """Someone else changed codes (an import, a merge): show them."""
        if self._notifying or self.window.project is None:
            return
        current = self.ui.controller.state.article_id
        if current is not None and any(change.touches(k, current) for k in CODING_KINDS):
            self.ui.controller.refresh()

    # ------------------------------------------------------------ analyst and codebooks
    def _ask_for_name(self, project) -> None:
        """On open: a writable project and no remembered name shows the name bar."""
        remembered = clean_name(self.window.settings.analyst)
        if project is None or project.read_only or remembered:
            self.analyst_bar.setVisible(False)
            return
        self.analyst_bar.ask(project.annotator or default_annotator())

    def _name_given(self, name: str) -> None:
        self._remember(name)
        self.ui.controller.refresh()

    def _remember(self, name: str) -> None:
        window = self.window
        window.settings.analyst = name
        window.settings.sync()
        if window.project is not None:
            window.project.annotator = name
        window.status.set_analyst(name)
        window.article_list.model.invalidate_cache()   # the counts are the analyst's own
        self._asked = True

    def _before_edit(self) -> bool:
        """The first edit of a session records who is coding: the name in the bar (or the
        one shown in the status bar) is kept from then on, never asked mid-typing."""
        window = self.window
        if not self._asked and window.project is not None:
            self._asked = True
            if not clean_name(window.settings.analyst):
                bar_name = clean_name(self.analyst_bar.name.text()) if (
                    self.analyst_bar.isVisible()) else ""
                self._remember(bar_name or window.project.annotator or default_annotator())
                self.analyst_bar.setVisible(False)
        return True

    def change_analyst(self) -> None:
        name = change_analyst(self.window, self.window.settings, self.window.project)
        if name:
            self._asked = True
            self.window.status.set_analyst(name)
            self.window.article_list.model.invalidate_cache()
            self.ui.controller.refresh()

    def edit_codebooks(self) -> CodebookEditor | None:
        if self.window.project is None:
            return None
        editor = CodebookEditor(self.window.project, self.window)
        editor.changed.connect(self._codebooks_edited)
        editor.open()
        return editor

    def _codebooks_edited(self) -> None:
        self.ui.controller.reload_codebooks()
        self.ui.controller.refresh()
        self.window.hub.notify({changes.FRAMES, changes.CUES})


def install_coding(window: MainWindow) -> WindowCoding:
    coding = WindowCoding(window)
    window.coding = coding
    return coding


__all__ = ["install_coding", "WindowCoding", "SECTION_TITLES"]
