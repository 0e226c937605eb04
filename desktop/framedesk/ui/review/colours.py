"""The review window's own colours, for the light and the dark theme.

Backgrounds follow the reader's rule (styles.dark_variant: the same hue, dark enough for
light text); text colours get a lighter shade on a dark background. Asked at paint time,
so a theme switch shows at the next redraw.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QGuiApplication

from framedesk.ui.reader.styles import dark_variant, is_dark

# name -> (light theme, dark theme text shade); backgrounds are derived for dark.
TEXT = {"differ": ("#b3261e", "#f28b82"), "decided": ("#1e7b34", "#81c995"),
        "agreed": ("#5f6368", "#9aa0a6")}
BACKGROUND = {"difference_row": "#fff1d6", "agreed_tint": "#e3e3e3",
              "disputed_tint": "#ffd27a"}


def dark_theme() -> bool:
    return is_dark(QGuiApplication.palette())


def text_brush(name: str) -> QBrush:
    light, dark = TEXT[name]
    return QBrush(QColor(dark if dark_theme() else light))


def background(name: str) -> QColor:
    light = BACKGROUND[name]
    return dark_variant(light) if dark_theme() else QColor(light)
