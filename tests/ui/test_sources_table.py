"""The corpus sourcing table on a small project counted by hand, its CSV, and the article
list's sourcing filter (which the table can follow)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from framedesk.core.model import ArticleDraft, Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution
from framedesk.ui.main_window import MainWindow, install_parts

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PARTS = ("framedesk.ui.coding.install:install_coding",
         "framedesk.ui.sources.install:install_sources")
TEXT = "Someone said something happened. Another person told reporters more."


def made(aid: int, status: str, identification: str, source_type: str,
         entity_id: int | None = None) -> Attribution:
    return Attribution(aid, source=Span(0, 7), cue=Span(8, 12), content=Span(13, 32),
                       identification=identification, source_type=source_type,
                       entity_id=entity_id, status=status)


@pytest.fixture
def known(tmp_path: Path) -> Path:
    """Wire: 2 articles, 3 counted attributions (named NBC, vague, described) plus an open
    suggestion and a rejected one; Daily: 1 article, 1 named (NBC)."""
    path = tmp_path / "known.framedesk"
    with Project.create(path, annotator="Ana") as p:
        drafts = [ArticleDraft(text=f"{TEXT} ({i})", title=f"t{i}", outlet=o)
                  for i, o in enumerate(("Wire", "Wire", "Daily"))]
        w1, w2, d1 = [i for i, _ in p.articles.add_many(drafts)]
        nbc = p.entities.ensure("NBC", "ORG")
        for a in (made(w1, "manual", "named", "other_media", nbc),
                  made(w1, "accepted", "vague", "government_official"),
                  made(w1, "suggested", "described_unnamed", "military_security"),
                  made(w2, "rejected", "named", "business"),
                  made(w2, "manual", "described_unnamed", "military_security"),
                  made(d1, "manual", "named", "other_media", nbc)):
            p.attributions.add(a)
    return path


@pytest.fixture
def win(qtbot, settings, known: Path) -> MainWindow:
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert install_parts(w, PARTS) == list(PARTS)
    w.show()
    qtbot.waitExposed(w)
    assert w.project_actions.open_path(known)
    qtbot.waitUntil(lambda: w.current_article_id is not None)
    yield w
    w.tasks.shutdown()


def table_rows(window) -> dict[str, dict[str, object]]:
    model = window.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    out = {}
    for r in range(model.rowCount()):
        values = [model.data(model.index(r, c)) for c in range(model.columnCount())]
        out[str(values[0])] = dict(zip(headers, values))
    return out


def test_table_counts_by_outlet(qtbot, win, qtmodeltester, tmp_path):
    table = win.sources.show_table()
    qtmodeltester.check(table.model)
    rows = table_rows(table)
    assert rows["Wire"]["Articles"] == 2 and rows["Wire"]["Attributions"] == 3
    assert rows["Wire"]["Unnamed"] == "67%"
    assert rows["Wire"]["Named"] == 1 and rows["Wire"]["Vague"] == 1
    assert rows["Wire"]["Described, unnamed"] == 1
    assert rows["Daily"]["Attributions"] == 1 and rows["Daily"]["Unnamed"] == "0%"
    assert rows["(all)"]["Attributions"] == 4 and rows["(all)"]["Unnamed"] == "50%"
    assert rows["(all)"]["Most cited sources"] == "NBC (2)"
    assert "Business" not in rows["(all)"]               # rejected never counts
    assert "4 attributions in 3 articles" in table.summary.text()

    table.suggestions.setChecked(True)                   # open suggestions on request
    assert table_rows(table)["Wire"]["Attributions"] == 4

    written = table.export(tmp_path / "sourcing.csv")
    with written.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.DictReader(fh))
    wire = next(r for r in lines if r["outlet"] == "Wire")
    assert wire["attributions"] == "4" and wire["identification_described_unnamed"] == "2"


def test_list_filter_by_source_type_and_the_table_follows_it(qtbot, win):
    w = win
    w.article_list.filters_button.setChecked(True)
    flt = w.sources.list_filter
    flt.source_type.setCurrentIndex(flt.source_type.findData("military_security"))
    qtbot.waitUntil(lambda: w.article_list.model.rowCount() == 2)   # suggestions count too
    flt.identification.setCurrentIndex(flt.identification.findData("vague"))
    qtbot.waitUntil(lambda: w.article_list.model.rowCount() == 1)
    table = w.sources.show_table()
    table.scope.setCurrentIndex(table.scope.findData("filtered"))
    rows = table_rows(table)
    assert rows["(all)"]["Articles"] == 1 and rows["(all)"]["Attributions"] == 2
    flt.reset()
    flt.changed.emit()
    qtbot.waitUntil(lambda: w.article_list.model.rowCount() == 3)
