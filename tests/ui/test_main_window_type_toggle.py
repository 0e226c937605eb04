"""Hiding an entity type in the legend on a long article: what is on screen changes at once,
the rest of the article follows within moments, and nothing stale survives a switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import QApplication

from framedesk.core.model import ArticleDraft, Mention
from framedesk.core.store import Project
from framedesk.ui.main_window import MainWindow

PARAGRAPHS = 1500
PARAGRAPH = "Talks in Kyiv went on late, NBC reported from the hall in paragraph {n}."


def painted_words(block: QTextBlock) -> set[str]:
    text = block.text()
    return {text[r.start:r.start + r.length] for r in block.layout().formats()}


@pytest.fixture
def long_window(window: MainWindow, tmp_path: Path) -> MainWindow:
    """A project whose first article has 1,500 paragraphs, each with a GPE and an ORG."""
    path = tmp_path / "long.framedesk"
    body = "\n\n".join(PARAGRAPH.format(n=n) for n in range(PARAGRAPHS))
    text = "A long article\n\n" + body
    with Project.create(path, annotator="Ana") as p:
        (long_id, _), (short_id, _) = p.articles.add_many([
            ArticleDraft(text=text, title="A long article"),
            ArticleDraft(text="Short one\n\nKyiv again, says NBC.", title="Short one")])
        mentions = []
        for word, label in (("Kyiv", "GPE"), ("NBC", "ORG")):
            start = text.find(word)
            while start >= 0:
                mentions.append(Mention(None, long_id, start, start + len(word), label, word))
                start = text.find(word, start + 1)
        short = p.articles.get(short_id).text
        mentions += [Mention(None, short_id, short.index(w), short.index(w) + len(w), lab, w)
                     for w, lab in (("Kyiv", "GPE"), ("NBC", "ORG"))]
        p.entities.insert_model_mentions(mentions, origin="test")
    assert window.project_actions.open_path(path)
    assert window.reader.article.title == "A long article"
    return window


def test_hiding_a_type_changes_the_screen_at_once_and_the_rest_soon(qtbot,
                                                                    long_window) -> None:
    w = long_window
    reader = w.reader
    doc = reader.text.document()
    first, last = reader.visible_blocks()
    assert last > first
    on_screen = doc.findBlockByNumber(first + 2)
    far_away = doc.findBlockByNumber(doc.blockCount() - 1)
    assert painted_words(on_screen) == {"Kyiv", "NBC"}
    assert painted_words(far_away) == {"Kyiv", "NBC"}

    w.entities_panel.legend.boxes["GPE"].click()
    # Before the event loop runs again: the paragraphs on screen no longer show Kyiv, and
    # lookups (hover, click) already ignore the hidden type everywhere.
    assert painted_words(on_screen) == {"NBC"}
    kyiv_far = reader.article.text.rindex("Kyiv")
    assert reader.hits_at(kyiv_far) == []
    # The rest of the article follows within moments, while the window stays responsive.
    qtbot.waitUntil(lambda: not reader.highlighter.pending_blocks, timeout=5000)
    assert painted_words(far_away) == {"NBC"}
    every = set()
    block = doc.begin()
    while block.isValid():
        every |= painted_words(block)
        block = block.next()
    assert every == {"NBC"}

    w.entities_panel.legend.boxes["GPE"].click()
    assert painted_words(on_screen) == {"Kyiv", "NBC"}
    qtbot.waitUntil(lambda: not reader.highlighter.pending_blocks, timeout=5000)
    assert painted_words(far_away) == {"Kyiv", "NBC"}


def test_a_scroll_while_repainting_is_served_first(qtbot, long_window) -> None:
    w = long_window
    reader = w.reader
    w.entities_panel.legend.boxes["ORG"].click()
    assert reader.highlighter.pending_blocks
    bar = reader.text.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    QApplication.processEvents()       # one turn: the new place is repainted first
    first, last = reader.visible_blocks()
    doc = reader.text.document()
    shown = [doc.findBlockByNumber(b) for b in range(first, last + 1)]
    assert [painted_words(b) for b in shown if b.text()] == [{"Kyiv"}] * sum(
        1 for b in shown if b.text())
    assert reader.highlighter.pending_blocks          # far parts still to do
    qtbot.waitUntil(lambda: not reader.highlighter.pending_blocks, timeout=5000)


def test_switching_article_while_repainting_leaves_nothing_stale(qtbot, long_window) -> None:
    w = long_window
    w.entities_panel.legend.boxes["GPE"].click()
    assert w.reader.highlighter.pending_blocks
    w.article_list.move(+1)
    assert w.reader.article.title == "Short one"
    assert not w.reader.highlighter.pending_blocks
    qtbot.wait(20)
    body = w.reader.text.document().findBlockByNumber(2)
    assert painted_words(body) == {"NBC"}        # GPE stays hidden on the next article
    w.entities_panel.legend.boxes["GPE"].click()
    assert painted_words(body) == {"Kyiv", "NBC"}
