"""The review window (Review > Compare with file...), built on framedesk.core.review only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from framedesk.core.review.session import ReviewSession


def open_review(runner, paths: Sequence[str | Path], *, live=None,
                annotators: Sequence[str | None] = (), parent: QWidget | None = None,
                on_open: Callable[[QWidget], None] | None = None,
                on_failure: Callable[[BaseException], None] | None = None):
    """Open the files off the GUI thread (copying and checking large files takes a moment),
    then show a ReviewWindow. `paths[0]` is "mine"; pass the open project as `live` so it is
    snapshotted rather than copied while in use. `annotators`: the analyst compared in each
    of `paths` (a file may come twice, once per analyst). Returns the runner's Task."""
    from framedesk.ui.review.window import ReviewWindow

    def opened(session: ReviewSession) -> None:
        window = ReviewWindow(session, runner=runner, parent=parent)
        window.show()
        if on_open is not None:
            on_open(window)

    return runner.run(lambda progress: ReviewSession.open(paths, annotators=annotators,
                                                          live=live, progress=progress),
                      label="Opening files for review", on_success=opened,
                      on_failure=on_failure)
