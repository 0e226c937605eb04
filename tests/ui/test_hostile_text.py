"""HTML and script in everything a file, a colleague or a codebook brings (article text,
title, outlet, author, codebook labels, memo, entity names, the analyst's name, the file name)
is shown literally: the test walks every widget, tooltip and item of the main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPlainTextEdit, QTextEdit, QWidget

from framedesk.core.model import ArticleDraft, Mention
from framedesk.core.store import Project
from framedesk.ui.main_window import MainWindow, install_parts

MARK = "<script>"
PAYLOAD = '<b>bold</b><script>alert("x")</script><img src=x onerror=y>&amp;'
TEXT = f"Opening line with {PAYLOAD} inside.\n\nKyiv said {PAYLOAD} again."
MAX_ROWS = 200


def hostile_project(folder: Path) -> tuple[Path, int]:
    path = folder / "<b>project<br>.framedesk"  # no slash: it would be a folder
    with Project.create(path, annotator=f"Ana {PAYLOAD}") as p:
        [(article_id, _)] = p.articles.add_many([ArticleDraft(
            text=TEXT, title=f"Title {PAYLOAD}", outlet=f"Outlet {PAYLOAD}",
            author=f"Author {PAYLOAD}", url="https://example.org/<script>",
            published="2024-01-02")])
        p.codebooks.rename("policy_frames", "security", f"Security {PAYLOAD}")
        p.coding.set_frame(article_id, "policy_frames", "security", primary=True)
        start = TEXT.index(PAYLOAD)
        p.coding.add_cue(article_id, start, start + len(PAYLOAD), "policy_frames", "security")
        p.coding.set_memo(article_id, f"Memo {PAYLOAD}")
        kyiv = TEXT.index("Kyiv")
        p.entities.insert_model_mentions(
            [Mention(None, article_id, kyiv, kyiv + 4, "GPE", "Kyiv", f"Kyiv {PAYLOAD}")],
            origin="test")
    return path, article_id


def columns(model, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:   # QAbstractListModel keeps columnCount private: one column
        return 1


def rows(model, parent: QModelIndex) -> int:
    try:
        return model.rowCount(parent)
    except TypeError:   # a table model's rows have no children
        return 0 if parent.isValid() else model.rowCount()


def item_texts(view: QAbstractItemView) -> tuple[list[str], list[str]]:
    """(display texts, tooltips) of the view's items, children included."""
    model = view.model()
    shown, tips = [], []
    if model is None:
        return shown, tips
    stack = [QModelIndex()]
    while stack and len(shown) < MAX_ROWS:
        parent = stack.pop()
        for row in range(min(rows(model, parent), MAX_ROWS)):
            for col in range(columns(model, parent)):
                index = model.index(row, col, parent)
                for role, out in ((Qt.ItemDataRole.DisplayRole, shown),
                                  (Qt.ItemDataRole.ToolTipRole, tips)):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        out.append(value)
            first = model.index(row, 0, parent)
            if rows(model, first) > 0:
                stack.append(first)
    return shown, tips


@pytest.fixture
def hostile_window(qtbot, settings, tmp_path: Path):
    path, article_id = hostile_project(tmp_path)
    settings.analyst = f"Ana {PAYLOAD}"
    w = MainWindow(settings)
    qtbot.addWidget(w)
    install_parts(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.project_actions.open_path(path)
    qtbot.waitUntil(lambda: w.current_article_id == article_id, timeout=5000)
    qtbot.waitUntil(lambda: not w.tasks.busy, timeout=20000)
    for section in w.side_panel.findChildren(QWidget):
        if hasattr(section, "set_expanded"):
            section.set_expanded(True)
    qtbot.wait(300)   # background reads (counts, entities) land
    yield w
    w.tasks.shutdown()
    w.close()


def test_every_widget_shows_hostile_text_literally(hostile_window) -> None:
    w = hostile_window
    # The window's own dialogs are its children: open them so the walk covers them too.
    from framedesk.ui.help import show_codebooks, show_keyboard

    sheet = show_keyboard(w)
    viewer = show_codebooks(w)
    w.actions_by_name["backups"].trigger()
    w.actions_by_name["preferences"].trigger()
    literal_labels, literal_items, literal_text = [], [], []
    for widget in [w, *w.findChildren(QWidget)]:
        tip = widget.toolTip()
        assert MARK not in tip, f"{type(widget).__name__} tooltip would run as HTML: {tip!r}"
        if isinstance(widget, QLabel) and MARK in widget.text():
            assert widget.textFormat() == Qt.TextFormat.PlainText, widget.objectName()
            literal_labels.append(widget.text())
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            # A rich label may only hold our own markup, never the payload unescaped.
            assert "alert(" not in widget.text() or "&lt;" in widget.text()
        if isinstance(widget, QAbstractItemView):
            shown, tips = item_texts(widget)
            literal_items += [s for s in shown if PAYLOAD in s]
            for t in tips:
                assert MARK not in t, f"{type(widget).__name__} item tooltip: {t!r}"
        if isinstance(widget, QPlainTextEdit | QTextEdit) and PAYLOAD in widget.toPlainText():
            literal_text.append(type(widget).__name__)
    assert "<b>project<br>" in w.windowTitle()
    # The payload really reached the screen, character for character, in each kind of place.
    joined = "\n".join(literal_labels)
    for where in ("Title", "Outlet", "Ana"):
        assert f"{where} {PAYLOAD}" in joined, where
    assert any(f"Title {PAYLOAD}" in s for s in literal_items)      # the article list
    assert any("Security" in s and PAYLOAD in s for s in literal_items + literal_labels)
    assert any(f"Kyiv {PAYLOAD}" in s for s in literal_items)       # entities by name
    assert len(literal_text) >= 2                                   # reader text and memo
    assert w.reader.text.toPlainText() == TEXT
    assert f"Security {PAYLOAD}" in sheet.text.toPlainText()
    viewer_items, _ = item_texts(viewer.tree)
    assert f"Security {PAYLOAD}" in viewer_items
    assert w.preferences_dialog.analyst.text() == f"Ana {PAYLOAD}"


def test_plain_text_detection_would_have_caught_a_rich_label() -> None:
    """The walk relies on Qt treating these strings as rich text when allowed to."""
    assert GuiQt.mightBeRichText(f"Title {PAYLOAD}")
    label = QLabel(f"Title {PAYLOAD}")
    assert label.textFormat() == Qt.TextFormat.AutoText   # the default the window must avoid
