"""Issue 15, item 3: the Curation tab on three coders' files of real news articles.

Each coder's version is drawn with the reader's layers; the spans the coders differ on are
marked; a click on a marked span or Alt+N takes coder N's version; after each decision the
list, the marks and the decision bar follow the gold file's log.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from framedesk.core.review.items import differences
from framedesk.core.review.log import read_log
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import ATTRIBUTIONS, KINDS, PRIMARY, SPAN_PARTS
from framedesk.ui.review.curation_column import (
    CURRENT_LAYER,
    DECIDED_STYLE,
    OPEN_STYLE,
    REVIEW_LAYER,
)
from framedesk.ui.review.model import OPEN_COLUMN
from tests.support import three_coders


@pytest.fixture
def window(qtbot, tmp_path: Path):
    from framedesk.ui.review.window import ReviewWindow

    w = ReviewWindow(ReviewSession.open(three_coders.build(tmp_path)))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.wait(50)               # let the shown window settle before its shortcuts are used
    w.new_gold(tmp_path / "gold.framedesk", "Dan")
    w.tabs.setCurrentWidget(w.curation)
    w.list.selectRow(0)          # Flynn: six PolNeAR annotators, three of them our coders
    yield w
    w.close()


def decided(window) -> list:
    return [e for e in read_log(window.gold.project) if e.decision != "undecided"]


def open_count(session) -> tuple[int, int]:
    """(differences of the first article, differences in all), from the core alone."""
    articles = session.comparison.articles
    first = sum(len(differences(articles[0].kinds[k])) for k in KINDS)
    return first, sum(len(differences(a.kinds[k])) for a in articles for k in KINDS)


def test_each_coders_version_is_drawn_with_the_readers_layers(window) -> None:
    article = window.curation.article
    columns = {c.coder: c for c in window.curation.columns}
    assert list(columns) == ["Ana", "Ben", "Cleo"]
    for coder, column in columns.items():
        assert column.reader.text.toPlainText() == window.session.text(article.uid)
        expected = sorted((i.data[p][0], i.data[p][1]) for i in
                          article.kinds[ATTRIBUTIONS].items[coder] for p in SPAN_PARTS
                          if i.data.get(p))
        drawn = sorted((s.start, s.end) for s in column.reader.layer_spans("attributions"))
        assert drawn == expected and drawn
        styles = {s.style for s in column.reader.layer_spans("entities")}
        assert "entity:PERSON" in styles                     # Flynn, Trump ...
        assert column.reader.layer_spans("cues")
    # Real annotators: Ana's and Cleo's attributions are not the same.
    assert (columns["Ana"].reader.layer_spans("attributions")
            != columns["Cleo"].reader.layer_spans("attributions"))
    # Every disputed attribution span of a coder is marked as open in that coder's column.
    marks = {(s.start, s.end) for s in columns["Ana"].reader.layer_spans(REVIEW_LAYER)
             if s.style == OPEN_STYLE}
    disputed = article.kinds[ATTRIBUTIONS].disputed()["Ana"]
    assert disputed and all((i.data[p][0], i.data[p][1]) in marks for i in disputed
                            for p in SPAN_PARTS if i.data.get(p))


def test_alt_n_takes_coder_ns_version_and_everything_follows(window, qtbot) -> None:
    first, total = open_count(window.session)
    bar = window.curation.remaining
    assert bar.text() == f"{first} of {first} differences left in this article, {total} in all"
    assert window.curation.current_label.text().startswith(
        f"Difference 1 of {first} (open), Primary frame")
    column = 1 + KINDS.index(PRIMARY)
    assert window.model.data(window.model.index(0, column)) == "differ"
    assert window.model.data(window.model.index(0, OPEN_COLUMN)) == str(first)

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)   # Cleo's frame
    qtbot.waitUntil(lambda: len(decided(window)) == 1)
    entry = decided(window)[0]
    assert (entry.kind, entry.decision, entry.chosen_from) == (PRIMARY, "theirs", "Cleo")
    assert entry.result == [{"codebook": "policy_frames", "code": "security"}]
    # One key press, one decision: the Articles tab's Alt+3 (Take both) did not fire too.
    qtbot.wait(300)
    assert len(decided(window)) == 1
    assert bar.text() == (f"{first - 1} of {first} differences left in this article, "
                          f"{total - 1} in all")
    assert window.model.data(window.model.index(0, column)) == "decided"
    assert window.model.data(window.model.index(0, OPEN_COLUMN)) == str(first - 1)
    row = window.diffs.row_of(PRIMARY)
    assert window.diffs.item(row, 0).text().endswith("\u2713")
    assert window.curation.current == 1                     # moved to the next open one

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)   # Ana's cue
    qtbot.waitUntil(lambda: len(decided(window)) == 2)
    assert decided(window)[1].decision == "mine" and decided(window)[1].chosen_from == "Ana"


def test_clicking_a_marked_span_takes_that_coders_version(window, qtbot) -> None:
    curation = window.curation
    entries = curation.state.all_in(curation.article)
    target = next(n for n, (kind, d) in enumerate(entries)
                  if kind == ATTRIBUTIONS and d.versions.get("Ben"))
    ben = next(c for c in curation.columns if c.coder == "Ben")
    difference = entries[target][1]
    start, end = min(s for i in difference.versions["Ben"] for s in
                     [(i.data[p][0], i.data[p][1]) for p in SPAN_PARTS if i.data.get(p)])
    ben.scroll_to([(start, end)])
    qtbot.wait(50)
    view = ben.reader.text
    cursor = QTextCursor(view.document())
    cursor.setPosition(ben.reader.mapping.to_qt(start + 1))
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.x() + 2, rect.center().y()))
    qtbot.waitUntil(lambda: len(decided(window)) == 1)
    entry = decided(window)[0]
    assert (entry.kind, entry.chosen_from, entry.item) == (ATTRIBUTIONS, "Ben",
                                                           difference.label)
    # The clicked difference is now drawn as decided in every column that marks it.
    marked = {(s.start, s.end) for s in ben.reader.layer_spans(REVIEW_LAYER)
              if s.payload == target}
    assert marked and all(s.style == DECIDED_STYLE for s in ben.reader.layer_spans(REVIEW_LAYER)
                          if s.payload == target)
    # and the lit difference moved on to an open one
    lit = {s.payload for s in ben.reader.layer_spans(CURRENT_LAYER)}
    assert target not in lit


def test_without_a_gold_file_the_bar_says_what_to_do(qtbot, tmp_path) -> None:
    from framedesk.ui.review.window import ReviewWindow

    w = ReviewWindow(ReviewSession.open(three_coders.build(tmp_path)))
    qtbot.addWidget(w)
    w.list.selectRow(0)
    assert w.curation.article is None              # drawn only once its tab is opened
    w.tabs.setCurrentWidget(w.curation)
    assert w.curation.article is w.article
    assert "Choose a gold file" in w.curation.remaining.text()
    assert not any(b.isEnabled() for b in w.curation.take_buttons)
    assert not w.curation.take("Ana")
    w.close()


def test_difference_rows_stay_readable_in_the_dark_theme(window, qapp) -> None:
    from framedesk.ui.reader.styles import contrast_ratio
    from framedesk.ui.theme import apply_theme

    apply_theme("dark", qapp)
    try:
        window.list.selectRow(1)
        window.list.selectRow(0)            # filled again under the dark palette
        text = qapp.palette().text().color()
        row = window.diffs.first_difference()
        cell = window.diffs.item(row, 1)
        assert contrast_ratio(cell.background().color(), text) >= 4.5
        column = 1 + KINDS.index(PRIMARY)
        differ = window.model.data(window.model.index(0, column), Qt.ItemDataRole.ForegroundRole)
        assert contrast_ratio(differ.color(), qapp.palette().base().color()) >= 4.5
    finally:
        apply_theme("system", qapp)
