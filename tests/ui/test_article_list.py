"""The article list: a lazy model that passes Qt's model checks, search, filters, keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt

from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project
from framedesk.core.store.articles import ArticleFilter
from framedesk.ui.article_list import ID_ROLE, ArticleTableModel
from framedesk.ui.changes import STATUS
from framedesk.ui.entities_panel import EntityTableModel, group_mentions


def titles(window) -> list[str]:
    model = window.article_list.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def shown(qtbot, window, expected: list[str]) -> None:
    """Searches and filters are answered in the background: wait for the list."""
    qtbot.waitUntil(lambda: not window.article_list.pending and titles(window) == expected,
                    timeout=5000)


def test_models_pass_qt_model_checks(qtmodeltester, news_path: Path) -> None:
    with Project.open(news_path) as project:
        model = ArticleTableModel(project)
        qtmodeltester.check(model)
        model.sort(0, Qt.SortOrder.DescendingOrder)
        model.set_filter(ArticleFilter(query="Lagos"))
        qtmodeltester.check(model)
        kyiv = project.articles.ids()[0]
        entities = EntityTableModel()
        entities.set_rows(group_mentions(project.entities.mentions(kyiv)))
        qtmodeltester.check(entities)


def test_rows_are_fetched_a_page_at_a_time(project: Project, monkeypatch) -> None:
    project.articles.add_many(ArticleDraft(text=f"Article number {i}\n\nBody {i}.")
                              for i in range(1000))
    model = ArticleTableModel(project)
    asked: list[int] = []
    real = project.articles.summaries
    monkeypatch.setattr(project.articles, "summaries",
                        lambda ids, *rest: asked.append(len(ids)) or real(ids, *rest))
    assert model.rowCount() == 1000 and asked == []       # opening reads ids only
    assert model.data(model.index(500, 0)) == "Article number 500"
    for row in range(450, 650):
        model.data(model.index(row, 0))
    assert sum(asked) <= 400 and len(asked) <= 2


def test_list_shows_columns_and_sorts_by_title(news_window) -> None:
    model = news_window.article_list.model
    assert titles(news_window) == ["Kyiv to negotiate", "Budget talks", "Floods hit Lagos"]
    assert model.data(model.index(0, 1)) == "Wire"
    assert model.data(model.index(0, 2)) == "2023-11-04"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole) == "to do"
    assert model.data(model.index(0, 4)) == 8          # entity mentions
    news_window.article_list.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert titles(news_window) == ["Budget talks", "Floods hit Lagos", "Kyiv to negotiate"]
    # The open article stays selected after sorting.
    selected = news_window.article_list.table.selectionModel().selectedRows()
    assert [model.data(i, ID_ROLE) for i in selected] == [news_window.current_article_id]


def test_search_filters_the_list_and_highlights_hits(qtbot, news_window) -> None:
    panel = news_window.article_list
    qtbot.keyClick(news_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus()
    qtbot.keyClicks(panel.search, "parliam")
    shown(qtbot, news_window, ["Budget talks"])
    assert panel.count.text() == "1 of 3 articles"
    news_window.actions_by_name["next_article"].trigger()
    assert news_window.reader.article.title == "Budget talks"
    hits = news_window.reader.layer_spans("search")
    assert [news_window.reader.article.text[h.start:h.end] for h in hits] == ["Parliament"]
    panel.search.clear()
    shown(qtbot, news_window, ["Kyiv to negotiate", "Budget talks", "Floods hit Lagos"])
    assert news_window.reader.layer_spans("search") == []


def test_filters_by_status_outlet_date_and_entity(qtbot, news_window) -> None:
    panel = news_window.article_list
    qtbot.mouseClick(panel.filters_button, Qt.MouseButton.LeftButton)
    bar = panel.filters
    assert bar.isVisible()
    bar.outlet.setCurrentIndex(bar.outlet.findData("Wire"))
    shown(qtbot, news_window, ["Kyiv to negotiate", "Floods hit Lagos"])
    bar.date_from.setDate(QDate(2024, 1, 1))
    shown(qtbot, news_window, ["Floods hit Lagos"])
    bar.reset()
    shown(qtbot, news_window, ["Kyiv to negotiate", "Budget talks", "Floods hit Lagos"])
    qtbot.waitUntil(lambda: bar.entity.findText("Berlin (GPE)") > 0)  # a background read
    berlin = bar.entity.findText("Berlin (GPE)")
    bar.entity.setCurrentIndex(berlin)
    shown(qtbot, news_window, ["Budget talks"])
    bar.reset()
    shown(qtbot, news_window, ["Kyiv to negotiate", "Budget talks", "Floods hit Lagos"])
    project = news_window.project
    floods = panel.model.article_id(2)
    project.articles.set_status(floods, "done")
    news_window.hub.notify(STATUS, [floods])
    bar.status.setCurrentIndex(bar.status.findData("done"))
    shown(qtbot, news_window, ["Floods hit Lagos"])
    assert news_window.status.progress_label.text() == "1 / 3 done"


def test_j_k_and_alt_arrows_move_between_articles(qtbot, news_window) -> None:
    reader = news_window.reader
    assert reader.article.title == "Kyiv to negotiate"
    reader.text.setFocus()
    qtbot.keyClick(reader.text, Qt.Key.Key_J)
    assert reader.article.title == "Budget talks"
    qtbot.keyClick(reader.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert reader.article.title == "Floods hit Lagos"
    qtbot.keyClick(reader.text, Qt.Key.Key_J)     # the end: stays
    assert reader.article.title == "Floods hit Lagos"
    qtbot.keyClick(reader.text, Qt.Key.Key_K)
    qtbot.keyClick(reader.text, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert reader.article.title == "Kyiv to negotiate"
    # The same keys work with the focus in the list (not a jump to a title with "j").
    table = news_window.article_list.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_J)
    assert reader.article.title == "Budget talks"
    qtbot.keyClick(table, Qt.Key.Key_K)
    assert reader.article.title == "Kyiv to negotiate"
    # Typing j in the search box types it; it does not move.
    news_window.focus_search()
    qtbot.keyClicks(news_window.article_list.search, "j")
    assert news_window.article_list.search.text() == "j"
    assert reader.article.title == "Kyiv to negotiate"


def test_other_panels_can_add_filters(qtbot, news_window) -> None:
    from PySide6.QtWidgets import QComboBox

    panel = news_window.article_list
    budget = panel.model.article_id(1)
    news_window.project.coding.set_frame(budget, "policy_frames", "economic", primary=True)
    frame = QComboBox()
    frame.addItem("any frame", None)
    frame.addItem("Economic", "economic")

    def apply(flt: ArticleFilter) -> None:
        code = frame.currentData()
        flt.frame_codes = (code,) if code else ()

    panel.filters.add_filter(frame, apply, frame.currentIndexChanged,
                             reset=lambda: frame.setCurrentIndex(0))
    frame.setCurrentIndex(1)
    shown(qtbot, news_window, ["Budget talks"])
    assert panel.filters.active
    panel.filters.reset()
    assert frame.currentIndex() == 0
    shown(qtbot, news_window, ["Kyiv to negotiate", "Budget talks", "Floods hit Lagos"])


def test_opening_a_big_project_reads_a_sample_of_rows_not_all(window, project: Project,
                                                                monkeypatch) -> None:
    """Fitting the columns while the window is being built must not read every row
    (Qt's own fitting did: a million data() calls and 6 s for 10,000 articles)."""
    project.articles.add_many(
        ArticleDraft(text=f"Article number {i}\n\nBody {i}.", outlet="A" * (i % 40 + 1))
        for i in range(3000))
    calls = {"data": 0}
    real = ArticleTableModel.data

    def counting(self, index, role=Qt.ItemDataRole.DisplayRole):
        calls["data"] += 1
        return real(self, index, role)

    monkeypatch.setattr(ArticleTableModel, "data", counting)
    window.article_list.set_project(project)
    assert window.article_list.model.rowCount() == 3000
    assert calls["data"] < 3000    # a bounded sample, fewer calls than rows
    # The outlet column is sized by the longest outlet name, found in SQL, not by sampling.
    from framedesk.ui.article_list.columns import OUTLET, OUTLET_MAX
    width = window.article_list.table.columnWidth(OUTLET)
    assert width == OUTLET_MAX


def test_counts_in_the_list_are_the_current_analysts(project: Project) -> None:
    """A file holding two analysts' work: each sees their own frames and cues counted."""
    (aid, _), = project.articles.add_many([ArticleDraft(text="Budget talks\n\nThe budget.")])
    project.annotator = "Ana"
    project.coding.set_frame(aid, "policy_frames", "economic", primary=True)
    project.coding.set_frame(aid, "policy_frames", "political")
    project.annotator = "Ben"
    project.coding.set_frame(aid, "policy_frames", "security")
    model = ArticleTableModel(project)
    frames = 5   # the Frames column
    assert model.data(model.index(0, frames)) == 1          # Ben's one frame
    project.annotator = "Ana"
    model.invalidate_cache()
    assert model.data(model.index(0, frames)) == 2          # Ana's two
    assert project.articles.summaries([aid])[aid]["frames"] == 3   # everyone, unfiltered
