"""How the main window's width is shared: article list, reader, side panel.

The reader is the widest pane (UX.md). The widths are decided once the splitter first has
its real width on screen: before that (built hidden behind the welcome page, or at Qt's
default size) any sizes given to it are squeezed and then grown by the stretch factors into
something arbitrary. Widths remembered from an earlier run are kept only when they still
leave the reader the widest pane; older, absurd ones are replaced by the defaults.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QSplitter

from framedesk.ui.settings import AppSettings

SIZES_KEY = "window/pane_widths"
LIST_SHARE = 0.33
SIDE_SHARE = 0.26
SIDE_MAX = 440          # the side panel needs no more than this on a wide screen
# ... and gets at least this much: more than its capped minimum (side_panel.MINIMUM_CAP) and
# than its sections need today, so sections filled in after the first show (a codebook's
# frames, the sources form) neither push the splitter nor need sideways scrolling.
SIDE_FLOOR = 400
LIST_RANGE = (280, 480)


def default_sizes(total: int, side_minimum: int) -> list[int]:
    """List, reader and side panel widths for a splitter `total` pixels wide. In a window
    too narrow for the reader to be the widest, the side panel makes do with what its
    sections need (a cut-off section looks broken) and the list gives way."""
    side = max(side_minimum, min(SIDE_MAX, max(SIDE_FLOOR, round(total * SIDE_SHARE))))
    listing = max(LIST_RANGE[0], min(LIST_RANGE[1], round(total * LIST_SHARE)))
    reader = total - side - listing
    if reader < max(side, listing):   # a narrow window
        side = side_minimum
        listing = max(LIST_RANGE[0] * 3 // 4, min(listing, (total - side) * 2 // 5))
        reader = total - side - listing
    return [listing, reader, side]


def sensible(sizes: list[int]) -> bool:
    """Three panes, all visible, the reader (the middle one) the widest."""
    return len(sizes) == 3 and min(sizes) > 0 and sizes[1] >= max(sizes[0], sizes[2])


def scaled(sizes: list[int], total: int) -> list[int]:
    whole = sum(sizes)
    first, second = (round(s * total / whole) for s in sizes[:2])
    return [first, second, total - first - second]


class PaneWidths(QObject):
    """Gives the splitter its widths when it first appears and remembers them on close."""

    def __init__(self, splitter: QSplitter, settings: AppSettings) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        self.settings = settings
        self.wanted: list[int] | None = None   # remembered widths, if sensible
        self.pending = True
        splitter.installEventFilter(self)

    def restore(self) -> None:
        stored = self.settings.value(SIZES_KEY)
        try:
            sizes = [int(s) for s in stored] if isinstance(stored, list) else []
        except (TypeError, ValueError):
            sizes = []
        self.wanted = sizes if sensible(sizes) else None
        self.pending = True
        if self.splitter.isVisible():
            self.apply()

    def save(self) -> None:
        sizes = self.splitter.sizes()
        if sensible(sizes):
            self.settings.set_value(SIZES_KEY, sizes)

    def apply(self) -> None:
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        # The side panel insists on a capped minimum; when there is room it gets all it
        # would like, so no section needs the sideways scroll bar.
        side = self.splitter.widget(2)
        side_minimum = max(side.minimumWidth(), min(side.minimumSizeHint().width(), SIDE_MAX))
        if self.wanted is not None:
            sizes = scaled(self.wanted, total)
            if sizes[2] < side_minimum or not sensible(sizes):
                sizes = default_sizes(total, side_minimum)
        else:
            sizes = default_sizes(total, side_minimum)
        self.splitter.setSizes(sizes)
        self.pending = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (self.pending and watched is self.splitter and event.type() == QEvent.Type.Show):
            self.apply()
        return super().eventFilter(watched, event)
