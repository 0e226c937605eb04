"""The Curation tab's cost per article, against the main window's reader in the same run.

Three coders' files of PolNeAR dev articles (tests/support/three_coders.py, read at run
time). Timed: showing an article in the Curation tab (three readers with every coder's
entities, cues and attributions, the difference marks, the code buttons and the bar), and
one decision (log row, list, marks and bar redrawn). Baseline: one ReaderWidget showing the
same article with one coder's layers, as the main window does. Printed as ratios.

    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_curation
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from framedesk.core.model import Article
from framedesk.core.review.session import ReviewSession
from framedesk.ui.reader import ReaderWidget
from framedesk.ui.review.curation_column import _layers
from tests.support import three_coders

ROUNDS = 5


def main() -> int:
    app = QApplication.instance() or QApplication([])
    from framedesk.ui.review.window import ReviewWindow

    with tempfile.TemporaryDirectory() as tmp:
        paths = three_coders.build(Path(tmp))
        window = ReviewWindow(ReviewSession.open(paths))
        window.resize(1366, 768)
        window.show()
        window.new_gold(Path(tmp) / "gold.framedesk", "Dan")
        window.tabs.setCurrentWidget(window.curation)
        app.processEvents()
        articles = window.session.comparison.articles
        reader = ReaderWidget()
        reader.resize(440, 600)
        reader.show()
        curation, base = [], []
        for _ in range(ROUNDS):
            for article in articles:
                text = window.session.text(article.uid)
                t0 = time.perf_counter()
                window.curation.show_article(article)
                app.processEvents()
                curation.append(time.perf_counter() - t0)
                items = {k: list(d.items.get("Ana") or []) for k, d in article.kinds.items()}
                t0 = time.perf_counter()
                with reader.loading(Article(0, article.uid, article.title, text)):
                    for name, spans in _layers(items).items():
                        reader.set_layer(name, spans)
                app.processEvents()
                base.append(time.perf_counter() - t0)
        window.list.selectRow(1)
        window.curation.show_article(window.article)
        t0 = time.perf_counter()
        window.curation.take("Ben")
        app.processEvents()
        decision = time.perf_counter() - t0
        longest = max(len(window.session.text(a.uid)) for a in articles)
        window.close()
    c, b = statistics.median(curation), statistics.median(base)
    print(f"{len(articles)} PolNeAR articles (longest {longest:,} characters), 3 coders,"
          f" {ROUNDS} rounds")
    print(f"show an article: curation {c * 1000:.1f} ms, one reader {b * 1000:.1f} ms,"
          f" ratio {c / b:.2f}")
    print(f"one decision redrawn: {decision * 1000:.1f} ms ({decision / b:.2f} x one reader)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
