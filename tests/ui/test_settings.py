"""Edit > Preferences: stored with QSettings, applied at once and at the next start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from framedesk.core.codebook import contrast_ratio
from framedesk.ui.main_window import MainWindow, install_parts
from framedesk.ui.preferences import Preferences, installed_models
from framedesk.ui.settings import AppSettings
from framedesk.ui.theme import THEMES, apply_theme, current_theme, palette_for, stylesheet_for

PREFS = "framedesk.ui.preferences:install_preferences"


@pytest.fixture(autouse=True)
def back_to_the_system_theme():
    yield
    apply_theme("system")   # the palette is application-wide: never leak it into other tests


def test_ctrl_comma_opens_the_dialog_and_ok_stores_and_applies_everything(
        qtbot, news_window, tmp_path: Path) -> None:
    w = news_window
    install_parts(w, (PREFS,))
    w.actions_by_name["preferences"].trigger()
    dialog = w.preferences_dialog
    assert dialog.isVisible()
    dialog.analyst.setText("  Dana   K. ")
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.text_size.setValue(17)
    dialog.backup_minutes.setValue(5)
    if len(installed_models()) > 0:
        dialog.model.setCurrentIndex(1)
    dialog.accept()

    app = QApplication.instance()
    assert app.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.3
    qtbot.waitUntil(lambda: w.reader.registry.dark, timeout=3000)  # highlights re-tinted
    assert w.reader.text.font().pointSizeF() == 17
    assert w.project.annotator == "Dana K."
    assert "Dana K." in w.status.analyst_label.text()
    prefs = Preferences(w.settings)
    assert (prefs.theme, prefs.text_size, prefs.backup_minutes) == ("dark", 17, 5)
    assert prefs.default_model == (installed_models()[0] if installed_models() else "")

    # Written to the INI file: a new settings object (the next start) reads the same.
    w.settings.sync()
    again = Preferences(AppSettings.at(Path(w.settings.qsettings.fileName()).parent))
    assert (again.analyst, again.theme, again.text_size) == ("Dana K.", "dark", 17)


def test_cancel_changes_nothing(news_window) -> None:
    w = news_window
    install_parts(w, (PREFS,))
    before = w.reader.text.font().pointSizeF()
    dialog = w.actions_by_name["preferences"].trigger() or w.preferences_dialog
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.text_size.setValue(25)
    dialog.reject()
    assert Preferences(w.settings).theme == "system"
    assert w.reader.text.font().pointSizeF() == before
    assert QApplication.instance().palette().color(QPalette.ColorRole.Base).lightnessF() > 0.5


def test_ok_without_a_change_changes_nothing(news_window) -> None:
    """The reader's size is fractional (10.35 pt); the box shows whole points. OK with
    nothing touched must not round the article text down."""
    w = news_window
    install_parts(w, (PREFS,))
    font = w.reader.text.font()
    font.setPointSizeF(10.35)
    w.reader.text.setFont(font)
    before = w.reader.text.font().pointSizeF()
    w.actions_by_name["preferences"].trigger()
    w.preferences_dialog.accept()
    assert w.reader.text.font().pointSizeF() == before
    assert Preferences(w.settings).text_size is None


def test_stored_preferences_apply_at_the_next_start(qtbot, settings, news_path: Path) -> None:
    Preferences(settings).save(analyst="Eli", default_model="", theme="light", text_size=14,
                               backup_minutes=0)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    install_parts(w, (PREFS,))
    try:
        assert w.reader.text.font().pointSizeF() == 14
        assert w.project_actions.open_path(news_path)
        assert w.project.annotator == "Eli"
        assert current_theme() == "light"
        base = QApplication.instance().palette().color(QPalette.ColorRole.Base)
        assert base.name() == palette_for("light").color(QPalette.ColorRole.Base).name()
    finally:
        w.close()


def test_bad_stored_values_fall_back_to_defaults(settings) -> None:
    settings.set_value("preferences/theme", "<b>neon</b>")
    settings.set_value("preferences/text_size", "huge")
    settings.set_value("preferences/backup_minutes", "-7")
    prefs = Preferences(settings)
    assert (prefs.theme, prefs.text_size, prefs.backup_minutes) == ("system", None, 0)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_colours_are_readable(theme: str) -> None:
    palette = palette_for(theme)
    role = QPalette.ColorRole
    for text, background in ((role.Text, role.Base), (role.WindowText, role.Window),
                             (role.ButtonText, role.Button), (role.ToolTipText, role.ToolTipBase),
                             (role.HighlightedText, role.Highlight),
                             (role.Text, role.AlternateBase)):
        ratio = contrast_ratio(palette.color(text).name(), palette.color(background).name())
        assert ratio >= 4.5, (theme, text, background, ratio)
    assert "QToolTip" in stylesheet_for(theme)


def test_system_theme_gives_back_the_platform_look(qtbot) -> None:
    app = QApplication.instance()
    before = app.palette().color(QPalette.ColorRole.Base).name()
    assert apply_theme("dark") == "dark"
    assert app.palette().color(QPalette.ColorRole.Base).name() != before
    assert apply_theme("system") == "system"
    assert app.palette().color(QPalette.ColorRole.Base).name() == before
    assert app.styleSheet() == ""
    assert set(THEMES) == {"system", "light", "dark"}


def test_demo_backups_and_logs_share_one_data_folder(private_data_folder) -> None:
    from framedesk.core.backup import backup_dir_for
    from framedesk.logs import log_dir
    from framedesk.ui.settings import user_data_dir

    root = private_data_folder / "framedesk"
    assert user_data_dir() == root
    assert backup_dir_for(root / "demo.framedesk").parent.parent == root
    assert log_dir().parent == root
