"""The reader: layers drawn where the core's offsets say (also after emoji), overlapping
styles combined, hover and click report payloads, header text never read as HTML."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from framedesk.core.model import Article
from framedesk.ui.reader import ReaderWidget, SpanStyle

TEXT = "😀 Kyiv met 𝕏 officials.\nIn Kiev, 👩‍👩‍👧 families waited.\n\nThe end."


def word(w: str, text: str = TEXT, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(w, start + 1)
    return start, start + len(w)


@pytest.fixture
def reader(qtbot) -> ReaderWidget:
    r = ReaderWidget()
    qtbot.addWidget(r)
    r.resize(700, 400)
    r.show()
    qtbot.waitExposed(r)
    return r


def show(reader: ReaderWidget, text: str = TEXT, **meta) -> Article:
    article = Article(1, "uid", meta.pop("title", "A title"), text, **meta)
    reader.show_article(article)
    reader.finish_loading()
    return article


def painted(reader: ReaderWidget) -> list[tuple[str, QTextCharFormat]]:
    """(text under a format, format) for every highlighted stretch, in document order."""
    out = []
    block = reader.text.document().begin()
    while block.isValid():
        for r in block.layout().formats():
            cursor = QTextCursor(reader.text.document())
            cursor.setPosition(block.position() + r.start)
            cursor.setPosition(block.position() + r.start + r.length,
                               QTextCursor.MoveMode.KeepAnchor)
            out.append((cursor.selectedText(), QTextCharFormat(r.format)))  # a copy: r dies
        block = block.next()
    return out


def test_entities_after_emoji_are_painted_on_the_right_words(reader: ReaderWidget) -> None:
    show(reader)
    reader.set_layer("entities", [(*word("Kyiv"), "entity:GPE", "kyiv"),
                                  (*word("Kiev"), "entity:GPE", "kiev"),
                                  (*word("families"), "entity:NORP", "fam")])
    texts = [t for t, _f in painted(reader)]
    assert texts == ["Kyiv", "Kiev", "families"]
    colour = reader.registry.background("entity:GPE")
    assert all(f.background().color() == colour for t, f in painted(reader) if t != "families")


def test_overlapping_layers_combine_tint_and_underline(reader: ReaderWidget) -> None:
    show(reader)
    reader.registry.register("cue:security", SpanStyle("Security", underline="#c0392b"))
    start, end = word("Kyiv met 𝕏 officials")
    reader.set_layer("entities", [(*word("Kyiv"), "entity:GPE", None)])
    reader.set_layer("cues", [(start, end, "cue:security", 7)])
    stretches = painted(reader)
    assert [t for t, _f in stretches] == ["Kyiv", " met 𝕏 officials"]
    both, cue_only = stretches[0][1], stretches[1][1]
    assert both.background().color() == reader.registry.background("entity:GPE")
    assert both.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert both.underlineColor().name() == "#c0392b"
    assert cue_only.background().style() == Qt.BrushStyle.NoBrush
    # Both layers report the word under the mouse, top layer first.
    assert [h.layer for h in reader.hits_at(word("Kyiv")[0] + 1)] == ["cues", "entities"]


def test_span_across_lines_and_layer_replacement(reader: ReaderWidget) -> None:
    show(reader)
    start, _ = word("officials")
    _, end = word("Kiev")
    reader.set_layer("search", [(start, end, "search", None)])
    assert [t for t, _f in painted(reader)] == ["officials.", "In Kiev"]
    reader.set_layer("search", [(*word("end"), "search", None)])
    assert [t for t, _f in painted(reader)] == ["end"]
    reader.clear_layer("search")
    assert painted(reader) == []


def test_hidden_style_is_not_painted_until_shown_again(reader: ReaderWidget) -> None:
    show(reader)
    reader.set_layer("entities", [(*word("Kyiv"), "entity:GPE", None),
                                  (*word("families"), "entity:NORP", None)])
    reader.set_style_visible("entity:GPE", False)
    assert [t for t, _f in painted(reader)] == ["families"]
    assert reader.hits_at(word("Kyiv")[0]) == []
    reader.set_style_visible("entity:GPE", True)
    assert [t for t, _f in painted(reader)] == ["Kyiv", "families"]


def test_layers_set_while_loading_are_painted_in_one_pass(reader: ReaderWidget) -> None:
    article = Article(2, "u2", "T", TEXT)
    with reader.loading(article):
        reader.set_layer("entities", [(*word("Kiev"), "entity:GPE", None)])
        assert painted(reader) == []   # nothing drawn half-way
    assert [t for t, _f in painted(reader)] == ["Kiev"]


def test_selection_is_reported_in_code_points(qtbot, reader: ReaderWidget) -> None:
    show(reader)
    start, end = word("families")
    with qtbot.waitSignal(reader.selection_changed) as sig:
        reader.select_range(start, end)
    assert sig.args == [start, end]
    assert reader.selected_text() == "families"
    assert reader.text.textCursor().selectedText() == "families"


def point_of(reader: ReaderWidget, offset: int) -> QPoint:
    cursor = QTextCursor(reader.text.document())
    cursor.setPosition(reader.mapping.to_qt(offset))
    rect = reader.text.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())


def test_hover_and_click_report_the_span_payload(qtbot, reader: ReaderWidget) -> None:
    show(reader)
    reader.set_layer("entities", [(*word("Kiev"), "entity:GPE", "the Kiev mention")])
    reader.set_tooltip_provider("entities", lambda payload: f"GPE: {payload}")
    viewport = reader.text.viewport()
    with qtbot.waitSignal(reader.span_hovered) as hovered:
        qtbot.mouseMove(viewport, point_of(reader, word("Kiev")[0] + 1))
    assert [h.span.payload for h in hovered.args[0]] == ["the Kiev mention"]
    with qtbot.waitSignal(reader.span_clicked) as clicked:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                         pos=point_of(reader, word("Kiev")[0] + 1))
    assert [h.span.payload for h in clicked.args[0]] == ["the Kiev mention"]
    with qtbot.waitSignal(reader.span_clicked) as clicked:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                         pos=point_of(reader, word("waited")[0] + 1))
    assert clicked.args[0] == []


def test_header_shows_untrusted_text_as_plain_text(reader: ReaderWidget) -> None:
    show(reader, title="<b>Bold</b> <img src=x onerror=alert(1)>", outlet="<i>Wire</i>",
         url="javascript:alert(1)", author="A & B", published="2023-11-04T13:03:00")
    header = reader.header
    assert header.title.textFormat() == Qt.TextFormat.PlainText
    assert header.title.text() == "<b>Bold</b> <img src=x onerror=alert(1)>"
    assert header.meta.textFormat() == Qt.TextFormat.PlainText
    assert header.meta.text().startswith("<i>Wire</i>  ·  2023-11-04 13:03  ·  A & B")
    assert header.url.text() == "javascript:alert(1)"
    assert header.url.openExternalLinks() is False


def test_empty_state_says_what_to_do(reader: ReaderWidget) -> None:
    reader.show_article(None)
    assert reader.stack.currentWidget() is reader.empty
    assert "Ctrl+I" in reader.empty.text()


def test_find_in_article_steps_through_matches(qtbot, reader: ReaderWidget) -> None:
    show(reader, text="Kyiv said. KYIV 😀 answered; kyiv again.")
    bar = reader.find_bar
    bar.open_bar()
    qtbot.keyClicks(bar.field, "kyiv")
    assert bar.count.text() == "3 found"
    assert [reader.article.text[s.start:s.end] for s in reader.layer_spans("find")] == [
        "Kyiv", "KYIV", "kyiv"]
    for _ in range(3):
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert reader.selection() == (reader.article.text.index("kyiv"),
                                  reader.article.text.index("kyiv") + 4)
    assert bar.count.text() == "3 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert reader.selected_text() == "KYIV"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and reader.layer_spans("find") == []


def test_a_dark_palette_repaints_with_dark_tints(reader: ReaderWidget) -> None:
    from PySide6.QtGui import QColor, QPalette

    from framedesk.ui.reader.styles import contrast_ratio

    show(reader)
    reader.set_layer("entities", [(*word("Kyiv"), "entity:GPE", None)])
    light = painted(reader)[0][1].background().color()
    palette = reader.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    reader.setPalette(palette)
    dark = painted(reader)[0][1].background().color()
    assert reader.registry.dark and dark != light
    assert contrast_ratio(QColor("#e8e8e8"), dark) >= 4.5
