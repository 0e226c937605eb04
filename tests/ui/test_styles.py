"""Highlight colours stay readable: text over every tint has enough contrast in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from framedesk.ui.reader.styles import ENTITY_STYLES, StyleRegistry, contrast_ratio

LIGHT_TEXT_ON_DARK = QColor("#e8e8e8")
DARK_TEXT_ON_LIGHT = QColor("#1d1d1d")
KEYS = [f"entity:{k}" for k in ENTITY_STYLES] + ["search", "selected", "attribution:content",
                                                  "entity:NEW_LABEL"]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_text_over_every_tint_meets_wcag_aa(dark: bool) -> None:
    registry = StyleRegistry(dark=dark)
    text = LIGHT_TEXT_ON_DARK if dark else DARK_TEXT_ON_LIGHT
    for key in KEYS:
        background = registry.background(key)
        assert background is not None, key
        assert contrast_ratio(text, background) >= 4.5, (key, background.name())


def test_dark_theme_keeps_each_hue_but_darkens_it() -> None:
    light, dark = StyleRegistry(dark=False), StyleRegistry(dark=True)
    for key in ("entity:PERSON", "entity:ORG", "entity:GPE"):
        assert dark.background(key).lightnessF() < 0.35 < light.background(key).lightnessF()
        assert abs(dark.background(key).hslHueF() - light.background(key).hslHueF()) < 0.02


def test_unknown_keys_fall_back_to_their_family() -> None:
    registry = StyleRegistry()
    assert registry.background("entity:SOMETHING_NEW") == registry.background("entity:*")
    assert registry.style("cue:brand_new").underline == registry.style("cue:*").underline
    assert registry.style("entity:SOMETHING_NEW").label == "SOMETHING_NEW"
