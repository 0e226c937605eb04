"""Themes (system, light, dark) and the reader's text size.

Light and dark use Qt's Fusion style with a palette of our own plus a small stylesheet from
resources/styles/, so they look the same on every platform; "system" gives back whatever the
platform chose at start. The reader repaints its highlights itself when the palette changes
(dark tints on a dark palette: ui/reader/styles.py).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from framedesk.core.resources import resource

THEMES = ("system", "light", "dark")
THEME_LABELS = {"system": "Same as the system", "light": "Light", "dark": "Dark"}
# Reader text size in points: what the spin box offers.
MIN_TEXT_SIZE, MAX_TEXT_SIZE = 8, 28

# role -> (light, dark). Text on its background stays above WCAG AA in both.
PALETTE = {
    QPalette.ColorRole.Window: ("#f3f3f3", "#26262b"),
    QPalette.ColorRole.WindowText: ("#1d1d1d", "#e8e8e8"),
    QPalette.ColorRole.Base: ("#ffffff", "#1e1e22"),
    QPalette.ColorRole.AlternateBase: ("#f5f5f7", "#2a2a30"),
    QPalette.ColorRole.Text: ("#1d1d1d", "#e8e8e8"),
    QPalette.ColorRole.Button: ("#ececec", "#33333a"),
    QPalette.ColorRole.ButtonText: ("#1d1d1d", "#e8e8e8"),
    QPalette.ColorRole.ToolTipBase: ("#fffbe6", "#2b2b30"),
    QPalette.ColorRole.ToolTipText: ("#1d1d1d", "#e8e8e8"),
    QPalette.ColorRole.PlaceholderText: ("#6b6b6b", "#9a9aa3"),
    QPalette.ColorRole.Highlight: ("#2f6fd0", "#3568c4"),
    QPalette.ColorRole.HighlightedText: ("#ffffff", "#ffffff"),
    QPalette.ColorRole.Link: ("#1f5fb8", "#8ab4ff"),
    QPalette.ColorRole.BrightText: ("#c01c28", "#ff7b72"),
}
DISABLED_TEXT = ("#8a8a8a", "#85858e")

_system: tuple[str, QPalette] | None = None
_current = "system"


def current_theme() -> str:
    return _current


def palette_for(theme: str) -> QPalette:
    dark = theme == "dark"
    palette = QPalette()
    for role, colours in PALETTE.items():
        palette.setColor(role, QColor(colours[dark]))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT[dark]))
    return palette


def stylesheet_for(theme: str) -> str:
    if theme not in ("light", "dark"):
        return ""
    try:
        return resource("styles", f"{theme}.qss").read_text(encoding="utf-8")
    except OSError:
        return ""  # a bundle without styles still gets the palette


def apply_theme(theme: str, app: QApplication | None = None) -> str:
    """Switch the whole application; returns the theme applied (unknown names: system)."""
    global _system, _current
    app = app or QApplication.instance()
    if not isinstance(app, QApplication):
        return "system"
    theme = theme if theme in THEMES else "system"
    if theme == "system" and _current == "system":
        return theme  # nothing was changed: leave the platform's look untouched
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    _current = theme
    if theme == "system":
        style_name, palette = _system
        app.setStyle(QStyleFactory.create(style_name) or app.style())
        app.setPalette(palette)
        app.setStyleSheet("")
    else:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(palette_for(theme))
        app.setStyleSheet(stylesheet_for(theme))
    return theme


def apply_text_size(reader: object, points: float) -> None:
    """The reader's body text (the article), not the rest of the window."""
    text = getattr(reader, "text", None)
    if text is None:
        return
    font = text.font()
    font.setPointSizeF(max(MIN_TEXT_SIZE, min(MAX_TEXT_SIZE, float(points))))
    text.setFont(font)
