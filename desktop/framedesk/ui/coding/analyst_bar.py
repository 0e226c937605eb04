"""A bar above the article asking who is coding, shown when a project opens and no name is
remembered yet.

A modal question at the first coding key took the next keys as the name ("2*s"), and the
status bar already showed a name. The bar asks without taking the keyboard: coding goes on
under the name shown, and the first edit keeps that name unless the analyst types another.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from framedesk.ui.coding.analyst import clean_name


class AnalystBar(QFrame):
    def __init__(self, on_name: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_name = on_name
        self.setObjectName("analystBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel("Your name or initials, recorded with every annotation you make:")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText("your name or initials")
        self.name.setMaxLength(80)
        # Clicking or tabbing in is fine; the bar never takes the keys from the article.
        self.name.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.use = QPushButton("Use this name")
        self.use.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.name.returnPressed.connect(self.accept)
        self.use.clicked.connect(self.accept)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.name)
        layout.addWidget(self.use)
        self.setVisible(False)

    def ask(self, suggested: str) -> None:
        self.name.setText(suggested)
        self.setVisible(True)

    def accept(self) -> None:
        name = clean_name(self.name.text())
        if name:
            self.setVisible(False)
            self.on_name(name)
