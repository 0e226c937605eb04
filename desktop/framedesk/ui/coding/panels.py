"""The coding pane's sections for frames, tone and status. They show `controller.state` and
call the controller; all labels and tooltips treat codebook text as plain text."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.codebook import Code
from framedesk.ui.coding.controller import CodingController
from framedesk.ui.reader.view import plain_label, tooltip_html

STATUS_LABELS = {"todo": "To do", "in_progress": "In progress", "done": "Done",
                 "skipped": "Skipped"}
PRIMARY_MARK, NOT_PRIMARY_MARK = "\u2605", "\u2606"   # filled / hollow star


def no_mnemonic(text: str) -> str:
    """Button and menu texts read '&' as a shortcut marker; a label's '&' is just text."""
    return text.replace("&", "&&")


def swatch(color: str | None, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color or "#888888"))
    return QIcon(pixmap)


def code_tooltip(code: Code, extra: str = "") -> str:
    lines = [code.label + (f"  (key {code.key})" if code.key else "")]
    if code.definition:
        lines.append(code.definition)
    if extra:
        lines.append(extra)
    return tooltip_html(lines)


class FrameRow:
    """One frame: a star for primary, a check box for present, the key as a hint."""

    def __init__(self, panel: FramesPanel, codebook: str, code: Code, grid: QGridLayout,
                 row: int) -> None:
        self.codebook, self.code = codebook, code
        self.star = QToolButton()
        self.star.setAutoRaise(True)
        self.star.setCheckable(True)
        self.star.setText(NOT_PRIMARY_MARK)
        self.star.setToolTip(code_tooltip(code, "Click (or Shift + key) to make it the "
                                                "primary frame."))
        self.star.setAccessibleName(f"Primary frame: {code.label}")
        self.check = QCheckBox(no_mnemonic(code.label))  # never read as rich text
        self.check.setIcon(swatch(code.color))
        self.check.setIconSize(QSize(10, 10))
        self.check.setToolTip(code_tooltip(code))
        self.cues = plain_label("", selectable=False, wrap=False)
        self.cues.setToolTip(tooltip_html(["Frame cues marked for this frame"]))
        key = plain_label(code.key or "", selectable=False, wrap=False)
        key.setObjectName("codeKey")
        key.setEnabled(False)
        grid.addWidget(key, row, 0)
        grid.addWidget(self.star, row, 1)
        grid.addWidget(self.check, row, 2)
        grid.addWidget(self.cues, row, 3)
        self.star.clicked.connect(lambda: panel.controller.make_primary(codebook, code.id))
        self.check.clicked.connect(lambda: panel.controller.toggle_frame(codebook, code.id))

    def show(self, present: bool, primary: bool, cue_count: int) -> None:
        self.check.setChecked(present)
        self.star.setChecked(primary)
        self.star.setText(PRIMARY_MARK if primary else NOT_PRIMARY_MARK)
        self.cues.setText(f"{cue_count} cue{'s' if cue_count != 1 else ''}" if cue_count else "")


class FramesPanel(QWidget):
    """Every frame codebook of the project: one primary (star), any number present."""

    def __init__(self, controller: CodingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.rows: dict[tuple[str, str], FrameRow] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self.hint = plain_label("Press a frame's key to code it; Shift + key makes it primary; "
                                "select text first to mark a cue.", selectable=False)
        self.hint.setObjectName("hint")
        self._body = QWidget()
        self._layout.addWidget(self._body)
        self._layout.addWidget(self.hint)
        controller.codebooks_changed.connect(self.rebuild)
        controller.state_changed.connect(self.show_state)
        self.rebuild()

    def rebuild(self) -> None:
        self._layout.removeWidget(self._body)
        self._body.deleteLater()
        self._body = QWidget()
        body = QVBoxLayout(self._body)
        body.setContentsMargins(0, 0, 0, 0)
        self.rows.clear()
        for book in self.controller.frame_books():
            if len(self.controller.frame_books()) > 1:
                body.addWidget(plain_label(book.title, selectable=False))
            grid = QGridLayout()
            grid.setHorizontalSpacing(4)
            grid.setVerticalSpacing(0)
            grid.setColumnStretch(2, 1)
            for i, code in enumerate(book.codes):
                self.rows[(book.name, code.id)] = FrameRow(self, book.name, code, grid, i)
            body.addLayout(grid)
        self._layout.insertWidget(0, self._body)
        self.show_state()

    def show_state(self) -> None:
        state = self.controller.state
        enabled = state.article_id is not None
        counts: dict[tuple[str, str], int] = {}
        for cue in state.cues:
            counts[(cue.codebook, cue.code)] = counts.get((cue.codebook, cue.code), 0) + 1
        primary = state.primary()
        for key, row in self.rows.items():
            row.show(state.has_frame(*key),
                     primary is not None and (primary.codebook, primary.code) == key,
                     counts.get(key, 0))
            row.check.setEnabled(enabled)
            row.star.setEnabled(enabled)


class TonePanel(QWidget):
    """Tone on the codebook's scale, one row per code; the chosen one is checked."""

    def __init__(self, controller: CodingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.buttons: dict[str, QToolButton] = {}
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(4)
        self._grid.setVerticalSpacing(0)
        self._grid.setColumnStretch(1, 1)
        self.current = plain_label("", selectable=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._grid)
        layout.addWidget(self.current)
        self._keys: list[QLabel] = []
        controller.codebooks_changed.connect(self.rebuild)
        controller.state_changed.connect(self.show_state)
        self.rebuild()

    def rebuild(self) -> None:
        for widget in [*self.buttons.values(), *self._keys]:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self.buttons.clear()
        self._keys.clear()
        book = self.controller.tone_book()
        for row, code in enumerate(book.codes if book else ()):
            key = plain_label(code.key or "", selectable=False, wrap=False)
            key.setEnabled(False)
            button = QToolButton()
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setText(no_mnemonic(code.label))  # never read as rich text
            button.setIcon(swatch(code.color, 10))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(code_tooltip(code, "Press again to clear the tone."))
            button.setAccessibleName(f"Tone: {code.label}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, c=code.id: self._clicked(c))
            self._grid.addWidget(key, row, 0)
            self._grid.addWidget(button, row, 1)
            self._keys.append(key)
            self.buttons[code.id] = button
        self.show_state()

    def _clicked(self, code: str) -> None:
        state = self.controller.state
        self.controller.set_tone(None if state.tone == code else code)
        self.show_state()  # a refused change leaves the buttons as they were

    def show_state(self) -> None:
        state = self.controller.state
        book = self.controller.tone_book()
        for code, button in self.buttons.items():
            button.setChecked(code == state.tone)
            button.setEnabled(state.article_id is not None)
        code = book.code(state.tone) if (book and state.tone) else None
        self.current.setText(f"Tone: {code.label}" if code else "Tone: not coded")


class StatusPanel(QWidget):
    """To do / in progress / done / skipped, and "done, next" (Ctrl+Enter)."""

    def __init__(self, controller: CodingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        row.setSpacing(2)
        for status, text in STATUS_LABELS.items():
            button = QToolButton()
            button.setCheckable(True)
            button.setText(text)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, s=status: self._clicked(s))
            row.addWidget(button)
            self.buttons[status] = button
        self.next = QToolButton()
        self.next.setText("Done, next")
        self.next.setToolTip(tooltip_html(["Mark done and open the next article to do "
                                           "(Ctrl+Enter)"]))
        self.next.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.next.clicked.connect(controller.done_and_next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.next)
        controller.state_changed.connect(self.show_state)
        self.show_state()

    def _clicked(self, status: str) -> None:
        self.controller.set_status(status)
        self.show_state()

    def show_state(self) -> None:
        state = self.controller.state
        for status, button in self.buttons.items():
            button.setChecked(status == state.status)
            button.setEnabled(state.article_id is not None)
        self.next.setEnabled(state.article_id is not None)


def section_label(text: str) -> QLabel:
    label = plain_label(text, selectable=False)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
