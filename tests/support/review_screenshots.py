"""Screenshots of review on three coders' files of real news (docs/screenshots/review-*.png).

Run under a real X server, one screen size per run:

    xvfb-run -a -s "-screen 0 1366x768x24" env PYTHONPATH=desktop:. \\
        python -m tests.support.review_screenshots --size 1366x768 --theme light

Ana's file and a team file holding Ben's and Cleo's work (built from PolNeAR dev text at
run time, never stored): the analyst picker, then the review window's Curation and
Articles tabs after a few decisions.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from framedesk.core.review.analysts import read_analysts
from framedesk.core.review.session import ReviewSession
from framedesk.ui.theme import apply_theme
from tests.support import three_coders

ROOT = Path(__file__).resolve().parents[2]


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    width, height = map(int, args.size.split("x"))
    app = QApplication([])
    apply_theme(args.theme, app)
    from framedesk.ui.review.coders_dialog import CoderChoiceDialog
    from framedesk.ui.review.window import ReviewWindow

    suffix = f"{args.theme}-{width}x{height}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = three_coders.build(folder, shared=True)
        dialog = CoderChoiceDialog([read_analysts(p) for p in paths])
        dialog.show()
        settle(app)
        dialog.grab().save(str(args.out / f"review-coders-{suffix}.png"))
        chosen = dialog.chosen()
        dialog.close()
        session = ReviewSession.open([p for p, _ in chosen], annotators=[a for _, a in chosen])
        window = ReviewWindow(session)
        window.resize(width, height)
        window.move(0, 0)
        window.show()
        window.new_gold(folder / "gold.framedesk", "Dan")
        window.tabs.setCurrentWidget(window.curation)
        window.list.selectRow(0)
        settle(app)
        window.curation.take("Cleo")          # the primary frame: Cleo's
        window.curation.take("Ana")           # the first cue: Ana's
        settle(app)
        window.grab().save(str(args.out / f"review-curation-{suffix}.png"))
        window.tabs.setCurrentIndex(0)
        settle(app)
        window.grab().save(str(args.out / f"review-articles-{suffix}.png"))
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
