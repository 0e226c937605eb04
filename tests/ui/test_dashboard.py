"""The dashboard: chart numbers against counts taken straight from the project file with
sqlite3, following coding as it happens, each chart exported as PNG, SVG and CSV, and the
HTML report written in the background."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution
from framedesk.core.model import Span
from framedesk.ui.main_window import MainWindow, install_parts

PARTS = ("framedesk.ui.coding.install:install_coding",
         "framedesk.ui.dashboard.install:install_dashboard")


@pytest.fixture
def coded_path(news_path: Path) -> Path:
    """The news project with frames, tone and sources coded by two analysts."""
    with Project.open(news_path, annotator="Ana") as p:
        p.codebooks.ensure_defaults()
        kyiv, budget, floods = p.articles.ids()
        p.coding.set_frame(kyiv, "policy_frames", "security", primary=True)
        p.coding.set_frame(kyiv, "policy_frames", "political")
        p.coding.set_frame(budget, "policy_frames", "economic", primary=True)
        p.coding.set_frame(floods, "policy_frames", "security", primary=True)
        p.coding.set_tone(kyiv, "implicit_anti")
        text = p.articles.get(kyiv).text
        s = text.index("Officials")
        p.attributions.add(Attribution(kyiv, source=Span(s, s + 9), identification="vague",
                                       source_type="government", status="accepted"))
        b = text.index("Joe Biden")
        p.attributions.add(Attribution(kyiv, source=Span(b, b + 9), identification="named",
                                       source_type="politician", status="manual"))
        p.attributions.add(Attribution(kyiv, source=Span(b, b + 9), identification="named",
                                       status="suggested"))   # a guess: not counted
    return news_path


@pytest.fixture
def dash_window(qtbot, settings, coded_path: Path) -> MainWindow:
    settings.analyst = "Ana"
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert install_parts(window, PARTS) == list(PARTS)
    window.show()
    qtbot.waitExposed(window)
    assert window.project_actions.open_path(coded_path)
    yield window
    window.dashboard.dashboard.close()
    window.tasks.shutdown()
    window.close()


def _open(qtbot, window: MainWindow):
    dashboard = window.dashboard.dashboard
    with qtbot.waitSignal(dashboard.refreshed, timeout=10000):
        window.dashboard.action.trigger()
    return dashboard


def _value(chart, category: str, series: str) -> float:
    return chart.series[series][chart.categories.index(category)]


def test_chart_numbers_match_the_project_file(qtbot, dash_window: MainWindow,
                                              coded_path: Path) -> None:
    dashboard = _open(qtbot, dash_window)
    db = sqlite3.connect(coded_path)
    labels = dict(db.execute("SELECT code, label FROM codes"))
    frames = dashboard.charts["frames_by_outlet"][0]
    for outlet, code, n in db.execute(
            "SELECT a.outlet, d.code, count(DISTINCT a.id) FROM articles a JOIN doc_codes d"
            " ON d.article_id = a.id WHERE d.role != 'tone' GROUP BY 1, 2"):
        assert _value(frames, outlet, labels[code]) == n
    assert _value(frames, "Wire", labels["security"]) == 2
    identification = dashboard.charts["identification_by_outlet"][0]
    confirmed = dict(db.execute(
        "SELECT identification, count(*) FROM attributions WHERE status IN"
        " ('accepted', 'manual') GROUP BY 1"))
    assert {s: sum(v) for s, v in identification.series.items()} == {
        "named": confirmed["named"], "vague": confirmed["vague"]}
    top = dashboard.charts["top_entities"][0]
    kyiv_mentions = db.execute(
        "SELECT count(*) FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " WHERE e.name = 'Kyiv' AND m.status != 'deleted'").fetchone()[0]
    assert top.categories[0] == "Kyiv (GPE)" and top.series["mentions"][0] == kyiv_mentions
    assert len(dashboard.cards) == len(dashboard.charts) == 7
    card = dashboard.cards["frames_by_outlet"]
    assert card.picture.renderer().isValid() and card.isVisible()
    db.close()


def test_charts_follow_coding_and_the_filter(qtbot, dash_window: MainWindow) -> None:
    window = dash_window
    dashboard = _open(qtbot, window)
    primary = dashboard.charts["primary_frames_by_outlet"][0]
    label = next(s for s in primary.series if s.startswith("Security"))
    assert _value(primary, "Wire", label) == 2
    # The analyst makes Security the primary frame of the Daily article with Shift+8.
    budget = window.project.articles.ids()[1]
    window.article_list.select_article(budget)
    with qtbot.waitSignal(dashboard.refreshed, timeout=10000):
        assert window.coding.ui.controller.press_key("8", shift=True)
    primary = dashboard.charts["primary_frames_by_outlet"][0]
    assert _value(primary, "Daily", label) == 1
    # Scoped to the list: a search for Lagos leaves one Wire article.
    dashboard.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not dashboard.pending)
    window.article_list.search.setText("Lagos")
    window.article_list.apply_filter()
    qtbot.waitUntil(lambda: window.article_list.model.rowCount() == 1)
    qtbot.waitUntil(lambda: dashboard.summary.text().startswith("1 article in the list"),
                    timeout=10000)
    primary = dashboard.charts["primary_frames_by_outlet"][0]
    assert primary.categories == ["Wire"] and _value(primary, "Wire", label) == 1


def test_each_chart_exports_png_svg_and_csv(qtbot, dash_window: MainWindow,
                                            tmp_path: Path) -> None:
    dashboard = _open(qtbot, dash_window)
    chart, svg = dashboard.charts["tone_by_outlet"]
    png = dashboard.export("tone_by_outlet", "png", tmp_path / "tone.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() == 2 * 760
    # A white background and some coloured bars: not an empty picture.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 17)
               for y in range(0, image.height(), 13)}
    assert len(colours) > 3
    written = dashboard.export("tone_by_outlet", "svg", tmp_path / "tone")  # suffix added
    assert written == tmp_path / "tone.svg" and written.read_text(encoding="utf-8") == svg
    rows = list(csv.reader(io.StringIO(
        dashboard.export("tone_by_outlet", "csv", tmp_path / "tone.csv").read_text())))
    assert rows[0] == ["category", *chart.series]
    assert [r[0] for r in rows[1:]] == chart.categories
    # The file dialog is asked when no path is given; cancelling writes nothing.
    dashboard.ask_path = lambda key, kind: ""
    assert dashboard.export("tone_by_outlet", "png") is None


def test_report_is_written_in_the_background(qtbot, dash_window: MainWindow,
                                             tmp_path: Path) -> None:
    window = dash_window
    window.project.db.execute("UPDATE articles SET outlet = '<b>Wire</b>' WHERE outlet = 'Wire'")
    out = tmp_path / "report"
    with qtbot.waitSignal(window.tasks.task_finished, timeout=20000):
        assert window.dashboard.export_report(out)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 7
    assert "&lt;b&gt;Wire&lt;/b&gt;" in html and "<b>Wire</b>" not in html
    assert "Report written" in window.status.currentMessage()
