"""Edit > Preferences (Ctrl+,): analyst name, default model, theme, text size, backups.

Stored with QSettings through AppSettings (so tests use their own file); applied at once
when the dialog is accepted and again at every start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.backup import DEFAULT_INTERVAL_MINUTES
from framedesk.ui.settings import AppSettings
from framedesk.ui.theme import (
    MAX_TEXT_SIZE,
    MIN_TEXT_SIZE,
    THEME_LABELS,
    THEMES,
    apply_text_size,
    apply_theme,
)

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

MAX_BACKUP_MINUTES = 24 * 60


def installed_models() -> list[str]:
    from framedesk.core.nlp.pipeline import installed_pipelines

    return installed_pipelines()


class Preferences:
    """Typed access to the preference keys in AppSettings."""

    def __init__(self, settings: AppSettings) -> None:
        self.settings = settings

    def _text(self, key: str, default: str = "") -> str:
        return str(self.settings.value(key, default) or default)

    def _number(self, key: str, default: float) -> float:
        try:
            return float(self.settings.value(key, default))
        except (TypeError, ValueError):
            return default

    @property
    def analyst(self) -> str:
        return self.settings.analyst

    @property
    def default_model(self) -> str:
        """The spaCy pipeline new projects use; "" lets Framedesk pick the installed one."""
        return self._text("preferences/default_model")

    @property
    def theme(self) -> str:
        theme = self._text("preferences/theme", "system")
        return theme if theme in THEMES else "system"

    @property
    def text_size(self) -> float | None:
        """Reader text size in points; None keeps the built-in size."""
        size = self._number("preferences/text_size", 0)
        return size if MIN_TEXT_SIZE <= size <= MAX_TEXT_SIZE else None

    @property
    def backup_minutes(self) -> int:
        """Minutes of editing between automatic backups; 0 turns them off."""
        minutes = int(self._number("preferences/backup_minutes", DEFAULT_INTERVAL_MINUTES))
        return max(0, min(MAX_BACKUP_MINUTES, minutes))

    def save(self, *, analyst: str, default_model: str, theme: str, text_size: float | None,
             backup_minutes: int) -> None:
        """text_size None leaves the stored size (or the built-in one) as it is."""
        from framedesk.ui.coding.analyst import clean_name

        self.settings.analyst = clean_name(analyst)
        self.settings.set_value("preferences/default_model", default_model)
        self.settings.set_value("preferences/theme", theme if theme in THEMES else "system")
        if text_size is not None:
            self.settings.set_value("preferences/text_size", float(text_size))
        self.settings.set_value("preferences/backup_minutes", int(backup_minutes))
        self.settings.sync()


class PreferencesDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None,
                 current_text_size: float = 11.0) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.prefs = Preferences(settings)
        p = self.prefs

        self.analyst = QLineEdit(p.analyst)
        self.analyst.setPlaceholderText("your name or initials")
        self.analyst.setToolTip("Recorded with every annotation you make, so colleagues' "
                                "files can be compared.")
        self.model = QComboBox()
        self.model.addItem("Automatic (the best installed English pipeline)", "")
        for name in installed_models():
            self.model.addItem(name, name)
        index = self.model.findData(p.default_model)
        self.model.setCurrentIndex(max(0, index))
        self.theme = QComboBox()
        for theme in THEMES:
            self.theme.addItem(THEME_LABELS[theme], theme)
        self.theme.setCurrentIndex(THEMES.index(p.theme))
        self.text_size = QSpinBox()
        self.text_size.setRange(MIN_TEXT_SIZE, MAX_TEXT_SIZE)
        self.text_size.setSuffix(" pt")
        self.text_size.setValue(round(p.text_size or current_text_size))
        # The box shows whole points; the reader's own size may be 10.35 pt. Only a size the
        # user picked is applied, so OK without a change changes nothing.
        self._shown_text_size = self.text_size.value()
        self.backup_minutes = QSpinBox()
        self.backup_minutes.setRange(0, MAX_BACKUP_MINUTES)
        self.backup_minutes.setSuffix(" min")
        self.backup_minutes.setSpecialValueText("never")
        self.backup_minutes.setValue(p.backup_minutes)
        self.backup_minutes.setToolTip("A checked copy of the project is kept after this much "
                                       "editing; backups before imports and merges are always "
                                       "made.")

        form = QFormLayout()
        form.addRow("Analyst name:", self.analyst)
        form.addRow("spaCy model for new projects:", self.model)
        form.addRow("Theme:", self.theme)
        form.addRow("Article text size:", self.text_size)
        form.addRow("Automatic backup every:", self.backup_minutes)
        note = QLabel("Backups are kept in your data folder; File > Backups... lists and "
                      "restores them.")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.prefs.save(analyst=self.analyst.text(), default_model=self.model.currentData(),
                        theme=self.theme.currentData(), text_size=self.chosen_text_size(),
                        backup_minutes=self.backup_minutes.value())
        super().accept()

    def chosen_text_size(self) -> float | None:
        value = self.text_size.value()
        return None if value == self._shown_text_size else float(value)


def apply_preferences(window: MainWindow) -> None:
    """Theme, reader text size and analyst name, from the stored preferences."""
    prefs = Preferences(window.settings)
    apply_theme(prefs.theme)
    if prefs.text_size is not None:
        apply_text_size(window.reader, prefs.text_size)
    if prefs.analyst and window.project is not None:
        window.project.annotator = prefs.analyst
        window.status.set_analyst(window.project.annotator)


def open_preferences(window: MainWindow) -> PreferencesDialog:
    dialog = PreferencesDialog(window.settings, window,
                               window.reader.text.font().pointSizeF())
    dialog.accepted.connect(lambda: apply_preferences(window))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window.preferences_dialog = dialog
    return dialog


def install_preferences(window: MainWindow) -> QAction:
    action = QAction("&Preferences...", window)
    action.setShortcuts([QKeySequence("Ctrl+,")])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setStatusTip("Analyst name, default model, theme, text size, backup interval")
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.triggered.connect(lambda _checked=False: open_preferences(window))
    window.menus["Edit"].addSeparator()
    window.menus["Edit"].addAction(action)
    window.addAction(action)
    window.actions_by_name["preferences"] = action
    apply_preferences(window)
    return action
