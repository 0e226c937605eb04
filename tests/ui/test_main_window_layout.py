"""How the window shares its width, as an analyst sees it on common laptop screens: the
reader widest, the side panel whole but not greedy, the list's titles readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QSplitter, QWidget

from framedesk.ui.article_list.columns import TITLE_MIN
from framedesk.ui.main_window import MainWindow, install_parts
from framedesk.ui.side_panel import MINIMUM_CAP
from framedesk.ui.window_split import SIZES_KEY

SIZES = [(1440, 900), (1360, 860), (1280, 800)]


@pytest.fixture
def open_window(qtbot, news_path: Path):
    """A window built as the app builds it (every part plugged in) at a given size."""
    made: list[MainWindow] = []

    def make(settings, size: tuple[int, int]) -> MainWindow:
        w = MainWindow(settings)
        qtbot.addWidget(w)
        install_parts(w)
        w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        assert w.project_actions.open_path(news_path)
        qtbot.wait(50)
        made.append(w)
        return w

    yield make
    for w in made:
        w.tasks.shutdown()
        w.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_reader_is_the_widest_pane_and_the_side_panel_is_whole(open_window, settings,
                                                                   size) -> None:
    w = open_window(settings, size)
    listing, reader, side = w.splitter.sizes()
    assert reader > listing and reader > side
    assert side <= 440
    # Every section fits: nothing is cut off and no sideways scrolling is needed.
    assert w.side_panel.widget().width() <= w.side_panel.viewport().width()
    assert not w.side_panel.horizontalScrollBar().isVisible()
    # The list's title column gets the room the short columns leave.
    table = w.article_list.table
    title = table.columnWidth(0)
    assert title >= 110
    assert all(title > table.columnWidth(c) for c in range(1, w.article_list.model.columnCount()))


def test_the_side_panel_insists_on_no_more_than_its_cap(open_window, settings) -> None:
    w = open_window(settings, (1440, 900))
    assert w.side_panel.minimumWidth() <= MINIMUM_CAP
    # Dragged narrower than its widest section, the pane scrolls sideways (never clips).
    listing, reader, side = w.splitter.sizes()
    w.splitter.setSizes([listing, reader + side - MINIMUM_CAP, MINIMUM_CAP])
    w.splitter.refresh()
    assert w.splitter.sizes()[2] == MINIMUM_CAP
    inner, viewport = w.side_panel.widget(), w.side_panel.viewport()
    if inner.minimumSizeHint().width() > viewport.width():
        assert w.side_panel.horizontalScrollBar().maximum() > 0


def test_absurd_widths_from_an_older_run_are_replaced(open_window, settings) -> None:
    # What earlier versions remembered: a greedy side panel and a squeezed reader.
    settings.set_value(SIZES_KEY, [523, 246, 663])
    old = QSplitter()
    for _ in range(3):
        old.addWidget(QWidget())
    old.setSizes([523, 246, 663])
    settings.save_bytes("splitter", old.saveState())
    w = open_window(settings, (1440, 900))
    listing, reader, side = w.splitter.sizes()
    assert reader > listing and reader > side


def test_widths_the_analyst_chose_come_back(open_window, settings) -> None:
    w = open_window(settings, (1440, 900))
    total = sum(w.splitter.sizes())
    chosen = [300, total - 300 - 460, 460]
    w.splitter.setSizes(chosen)
    w.close()
    again = open_window(settings, (1440, 900))
    assert [abs(a - b) <= 2 for a, b in zip(again.splitter.sizes(), chosen)] == [True] * 3


def test_a_narrow_list_keeps_titles_readable_and_scrolls_sideways(qtbot, open_window,
                                                                 settings) -> None:
    w = open_window(settings, (1024, 700))    # a small screen: the list gets ~250 px
    listing, reader, side = w.splitter.sizes()
    assert reader > listing                   # the side panel keeps what its sections need
    assert not w.side_panel.horizontalScrollBar().isVisible()
    table = w.article_list.table
    header = table.horizontalHeader()
    qtbot.wait(20)    # the header lays its sections out a moment after a resize
    assert table.columnWidth(0) >= TITLE_MIN
    assert table.horizontalScrollBar().maximum() > 0     # the counts are a scroll away
    # Wider again: the title takes all the room the short columns leave.
    listing, reader, side = w.splitter.sizes()
    w.resize(1440, 900)
    qtbot.wait(20)
    w.splitter.setSizes([listing + 300, reader + 116, side])
    qtbot.wait(20)
    used = sum(header.sectionSize(c) for c in range(header.count()))
    assert abs(used - table.viewport().width()) <= 1
    assert table.columnWidth(0) > TITLE_MIN
