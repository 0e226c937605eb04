"""Named span styles for the reader: what an entity, a cue, a source or a suggestion looks like.

Layers refer to styles by key ("entity:GPE", "cue:security", "attribution:source"). A key
with no style of its own falls back to its family ("entity:*"), so a new entity label or a
new frame still shows. Each style is defined once for a light background and derived for a
dark one (same hue, low lightness), so both themes stay readable: tests check the contrast.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat

UNDERLINES = {
    "single": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dot": QTextCharFormat.UnderlineStyle.DotLine,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
}


@dataclass(frozen=True, slots=True)
class SpanStyle:
    """How a span is drawn. Colours are '#rrggbb' for the light theme."""

    label: str = ""                    # shown in legends
    background: str | None = None      # a calm tint behind the text
    underline: str | None = None       # underline colour (frame cues, attribution cues)
    underline_style: str = "single"    # single | dash | dot | wave
    bold: bool = False
    italic: bool = False
    faded: bool = False                # suggestions: text drawn lighter until accepted
    strong_background: bool = False    # search hits / selection: stay vivid in dark themes


# spaCy's OntoNotes labels, each a calm tint; the hue groups related kinds.
ENTITY_STYLES: dict[str, SpanStyle] = {
    "PERSON": SpanStyle("Person", "#fbdcc0"),
    "ORG": SpanStyle("Organisation", "#cfe2fa"),
    "GPE": SpanStyle("Place", "#d3efc8"),
    "LOC": SpanStyle("Location", "#c6ece4"),
    "NORP": SpanStyle("Group", "#ead6f6"),
    "FAC": SpanStyle("Facility", "#e8dcc6"),
    "EVENT": SpanStyle("Event", "#f9d0da"),
    "PRODUCT": SpanStyle("Product", "#dcdcf7"),
    "WORK_OF_ART": SpanStyle("Work of art", "#f3dbea"),
    "LAW": SpanStyle("Law", "#e1ebcb"),
    "LANGUAGE": SpanStyle("Language", "#d6eaf4"),
    "DATE": SpanStyle("Date", "#e6e6e6"),
    "TIME": SpanStyle("Time", "#e6e6e6"),
    "MONEY": SpanStyle("Money", "#f4ecc0"),
    "PERCENT": SpanStyle("Percent", "#f4ecc0"),
    "QUANTITY": SpanStyle("Quantity", "#f4ecc0"),
    "CARDINAL": SpanStyle("Number", "#efefe0"),
    "ORDINAL": SpanStyle("Ordinal", "#efefe0"),
}
# What each label covers, for the legend's tooltips.
ENTITY_DESCRIPTIONS = {
    "PERSON": "people, real or fictional",
    "ORG": "companies, agencies, institutions, media",
    "GPE": "countries, cities, states",
    "LOC": "places that are not countries or cities: regions, seas, mountains",
    "NORP": "nationalities, religious or political groups",
    "FAC": "buildings, airports, roads, bridges",
    "EVENT": "named wars, battles, summits, storms",
    "PRODUCT": "objects, vehicles, weapons, foods",
    "WORK_OF_ART": "titles of books, songs, reports",
    "LAW": "named laws and treaties",
    "LANGUAGE": "named languages",
}

BASE_STYLES: dict[str, SpanStyle] = {
    "entity:*": SpanStyle("Entity", "#e4e4ec"),
    "search": SpanStyle("Search hit", "#ffe45c", strong_background=True),
    "selected": SpanStyle("Selected", "#a9cbff", strong_background=True),
    "cue:*": SpanStyle("Frame cue", underline="#7a5cc4"),
    "attribution:source": SpanStyle("Source", bold=True),
    "attribution:cue": SpanStyle("Cue", underline="#555555"),
    "attribution:content": SpanStyle("Content", "#eef3e2"),
    "suggestion:*": SpanStyle("Suggestion", underline="#8a8a8a", underline_style="dash",
                              faded=True),
}


DARK_THEME_TEXT = QColor("#e8e8e8")
MIN_CONTRAST = 5.0   # WCAG AA asks 4.5 for body text; a little margin for other greys


def dark_variant(hex_colour: str, *, strong: bool = False) -> QColor:
    """The same hue, dark enough that light text on it keeps MIN_CONTRAST. Lightness is
    lowered step by step because equal HSL lightness is not equal brightness (yellow)."""
    h, s, _l, _a = QColor(hex_colour).getHslF()
    h = max(h, 0.0)
    saturation = min(1.0, s * (0.9 if strong else 0.55))
    lightness = 0.36 if strong else 0.26
    colour = QColor.fromHslF(h, saturation, lightness)
    while contrast_ratio(DARK_THEME_TEXT, colour) < MIN_CONTRAST and lightness > 0.05:
        lightness -= 0.01
        colour = QColor.fromHslF(h, saturation, lightness)
    return colour


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


class StyleRegistry:
    """Style keys -> QTextCharFormat, cached; also which keys the user has hidden."""

    def __init__(self, dark: bool = False) -> None:
        self._styles: dict[str, SpanStyle] = dict(BASE_STYLES)
        self._styles.update({f"entity:{k}": v for k, v in ENTITY_STYLES.items()})
        self._dark = dark
        self._formats: dict[str, QTextCharFormat] = {}
        self.hidden: set[str] = set()
        self.text_colour = QColor("#1d1d1d")

    # ------------------------------------------------------------ registering
    def register(self, key: str, style: SpanStyle) -> None:
        """Add or replace a style (e.g. the coding panel registers 'cue:security')."""
        self._styles[key] = style
        self._formats.pop(key, None)

    def style(self, key: str) -> SpanStyle:
        found = self._styles.get(key)
        if found is None:
            family = key.split(":", 1)[0] + ":*"
            found = self._styles.get(family)
            if found is None:
                found = SpanStyle(key, underline="#888888")
            found = replace(found, label=key.split(":", 1)[-1])
        return found

    def keys(self, family: str) -> list[str]:
        prefix = family + ":"
        return [k for k in self._styles if k.startswith(prefix) and not k.endswith("*")]

    # ------------------------------------------------------------ theme
    @property
    def dark(self) -> bool:
        return self._dark

    def set_theme(self, dark: bool, text_colour: QColor | None = None) -> None:
        self._dark = dark
        if text_colour is not None:
            self.text_colour = QColor(text_colour)
        self._formats.clear()

    def background(self, key: str) -> QColor | None:
        s = self.style(key)
        if s.background is None:
            return None
        if self._dark:
            return dark_variant(s.background, strong=s.strong_background)
        return QColor(s.background)

    def underline(self, key: str) -> QColor | None:
        s = self.style(key)
        if s.underline is None:
            return None
        c = QColor(s.underline)
        if self._dark:
            c = c.lighter(170)
        return c

    # ------------------------------------------------------------ formats
    def format(self, key: str) -> QTextCharFormat:
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._build(key)
            self._formats[key] = fmt
        return fmt

    def _build(self, key: str) -> QTextCharFormat:
        s = self.style(key)
        fmt = QTextCharFormat()
        bg = self.background(key)
        if bg is not None:
            fmt.setBackground(bg)
        ul = self.underline(key)
        if ul is not None:
            fmt.setUnderlineStyle(UNDERLINES.get(s.underline_style, UNDERLINES["single"]))
            fmt.setUnderlineColor(ul)
        if s.bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if s.italic:
            fmt.setFontItalic(True)
        if s.faded:
            faded = QColor(self.text_colour)
            faded.setAlphaF(0.6)
            fmt.setForeground(faded)
        return fmt

    def merged(self, keys: tuple[str, ...]) -> QTextCharFormat:
        """Several styles over the same characters: later keys win where they clash, the
        rest combine (an entity tint with a cue underline and a bold source)."""
        name = "\x1f".join(keys)
        fmt = self._formats.get(name)
        if fmt is None:
            fmt = QTextCharFormat()
            for key in keys:
                fmt.merge(self.format(key))
            self._formats[name] = fmt
        return fmt


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two opaque colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
                + 0.0722 * channel(c.blueF()))

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
