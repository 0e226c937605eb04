"""Entity corrections and sourcing in the reader's context menu.

Right-click on a selection: add it as an entity (a label menu) or start an attribution; on a
mention: relabel, link to another canonical entity, delete; on an attribution: accept,
reject, delete. Two switches in the same menu decide the reach of an entity correction:
"apply to every identical mention in the project" and "use as a rule for future imports".
The coding part's own menu (frame cues, Copy, Select All) is kept and extended, not replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QInputDialog, QMenu

from framedesk.core.commands import Command
from framedesk.core.entity_commands import (
    AddMention,
    DeleteMention,
    LinkMention,
    RelabelMention,
)
from framedesk.core.model import Mention
from framedesk.ui.coding.panels import no_mnemonic
from framedesk.ui.coding.undo import CodingHistory
from framedesk.ui.entities_panel import type_name
from framedesk.ui.reader.highlighter import Hit

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW",
          "WORK_OF_ART", "LANGUAGE")
ENTITY_LAYERS = ("entities", "selected")
ATTRIBUTION_LAYERS = ("attributions", "suggestions", "attribution_content",
                      "suggestion_content", "attribution_focus")


def item(menu: QMenu, text: str, slot: Callable[[], object]) -> QAction:
    """A menu entry whose slot is called without Qt's `checked` argument."""
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class EntityCorrectionsUI(QObject):
    def __init__(self, window: MainWindow, history: CodingHistory) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.everywhere = QAction("Apply to every identical mention in the project", self)
        self.everywhere.setCheckable(True)
        self.as_rule = QAction("Use as a rule for future imports", self)
        self.as_rule.setCheckable(True)
        window.reader.text.viewport().installEventFilter(self)

    # ------------------------------------------------------------ running
    def run(self, command: Command) -> bool:
        coding = getattr(self.window, "coding", None)
        before = coding.ui.controller.before_edit if coding is not None else None
        if before is not None and not before():
            return False
        if not self.history.run(command):
            return False
        changed = getattr(command, "changed", 0)
        if self.everywhere.isChecked() and changed > 1:
            self.window.status.showMessage(f"{command.text}: {changed} mentions in the "
                                           f"project.", 15000)
        if getattr(command, "everywhere", True):
            # Other articles changed too (a project-wide correction, or an entity merged,
            # renamed or split): every view that shows entities reloads.
            self.window.hub.notify({"entities"})
        return True

    def _reach(self) -> dict[str, bool]:
        return {"everywhere": self.everywhere.isChecked(), "rule": self.as_rule.isChecked()}

    def add(self, start: int, end: int, label: str) -> bool:
        w = self.window
        if w.project is None or w.current_article_id is None or end <= start:
            return False
        return self.run(AddMention(w.project, w.current_article_id, start, end, label,
                                   **self._reach()))

    def delete(self, mention: Mention) -> bool:
        return self.run(DeleteMention(self.window.project, mention, **self._reach()))

    def relabel(self, mention: Mention, label: str) -> bool:
        return self.run(RelabelMention(self.window.project, mention, label, **self._reach()))

    def link(self, mention: Mention, entity_id: int) -> bool:
        return self.run(LinkMention(self.window.project, mention, entity_id, **self._reach()))

    def link_to_chosen(self, mention: Mention) -> bool:
        """Link to any entity of the project, chosen by name."""
        project = self.window.project
        entities = project.entities.all_entities()
        names = [f"{name} ({type_name(label)})" for _id, name, label, _n in entities]
        chosen, ok = QInputDialog.getItem(self.window, "Link to entity",
                                          f"\u201c{mention.text}\u201d refers to:", names, 0,
                                          False)
        if not ok or chosen not in names:
            return False
        return self.link(mention, entities[names.index(chosen)][0])

    # ------------------------------------------------------------ the context menu
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ContextMenu and self.window.current_article_id:
            assert isinstance(event, QContextMenuEvent)
            menu = self.menu_at(event.pos())
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        return super().eventFilter(watched, event)

    def hits_at(self, point: QPoint) -> list[Hit]:
        reader = self.window.reader
        position = reader.text.cursorForPosition(point).position()
        return reader.hits_at(reader.mapping.from_qt(position))

    def menu_at(self, point: QPoint) -> QMenu:
        w = self.window
        coding = getattr(w, "coding", None)
        menu = coding.ui.reader_menu.menu_at(point) if coding is not None else QMenu(w.reader)
        first = menu.actions()[0] if menu.actions() else None
        mine = QMenu(menu)   # built here, then moved to the top of the shared menu
        hits = self.hits_at(point)
        start, end = w.reader.selection()
        if end > start:
            mine.addSection("Selection")
            add = mine.addMenu("Add as entity")
            for label in LABELS:
                item(add, f"{type_name(label)} ({label})", partial(self.add, start, end, label))
            sources = getattr(w, "sources", None)
            if sources is not None:
                item(mine, "New attribution from selection\tN",
                     sources.controller.new_from_selection)
        mention = next((h.span.payload for h in hits if h.layer in ENTITY_LAYERS
                        and isinstance(h.span.payload, Mention)), None)
        if mention is not None:
            self._mention_section(mine, mention)
        if mention is not None or end > start:
            mine.addAction(self.everywhere)
            mine.addAction(self.as_rule)
        self._attribution_section(mine, hits)
        for action in mine.actions():
            menu.insertAction(first, action)
        if first is not None and mine.actions():
            menu.insertSeparator(first)
        return menu

    def _mention_section(self, menu: QMenu, m: Mention) -> None:
        canonical = m.canonical or m.text
        menu.addSection(no_mnemonic(f"Entity: {canonical} ({type_name(m.label)})"))
        relabel = menu.addMenu("Relabel as")
        for label in LABELS:
            action = item(relabel, f"{type_name(label)} ({label})",
                          partial(self.relabel, m, label))
            action.setEnabled(label != m.label)
        link = menu.addMenu("Link to")
        others = {}
        for other in self.window.project.entities.mentions(m.article_id):
            if other.entity_id is not None and other.entity_id != m.entity_id:
                others.setdefault(other.entity_id, other)
        for entity_id, other in sorted(others.items(),
                                       key=lambda kv: (kv[1].label != m.label,
                                                       (kv[1].canonical or "").casefold())):
            item(link, no_mnemonic(f"{other.canonical or other.text} "
                                   f"({type_name(other.label)})"),
                 partial(self.link, m, entity_id))
        item(link, "Another entity...", partial(self.link_to_chosen, m))
        item(menu, "Delete entity mention", partial(self.delete, m))

    def _attribution_section(self, menu: QMenu, hits: list[Hit]) -> None:
        sources = getattr(self.window, "sources", None)
        ids = [h.span.payload[0] for h in hits if h.layer in ATTRIBUTION_LAYERS
               and isinstance(h.span.payload, tuple) and h.span.payload[0] is not None]
        if sources is None or not ids:
            return
        c = sources.controller
        a = c.by_id(ids[0])
        if a is None:
            return
        menu.addSection("Attribution")
        item(menu, "Select attribution", partial(c.select, a))
        if a.status == "suggested":
            item(menu, "Accept suggestion\tEnter", lambda: (c.select(a), c.accept()))
            item(menu, "Reject suggestion\tDelete", lambda: (c.select(a), c.remove()))
        else:
            item(menu, "Delete attribution\tDelete", lambda: (c.select(a), c.remove()))
