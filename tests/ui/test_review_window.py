"""The review window: list, filter, side by side, decisions with the keyboard, agreement."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from framedesk.core.review.agreement import session_report
from framedesk.core.review.log import read_log
from framedesk.core.review.merge import GoldFile
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import CUES, KINDS, PRIMARY, TONE
from framedesk.core.store import Project
from tests.core.test_review import make_coder_file

EVIL = '<b>bold</b><img src=x onerror="alert(1)">'
TEXTS = [f"Story {i}\n\nKyiv said the talks in Geneva failed, officials said on day {i}."
         for i in range(5)] + [EVIL + "\n\nKyiv said the talks in Geneva failed, 😀 ok."]


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    ana, ben = tmp_path / "ana.framedesk", tmp_path / "ben.framedesk"
    make_coder_file(ana, "Ana", ["security", "economic", "security", "political", "morality",
                                 "health"], ["neutral"] * 6, texts=TEXTS)
    make_coder_file(ben, "Ben", ["security", "security", "security", "political", "economic",
                                 "health"], ["neutral"] * 5 + ["implicit_pro"], texts=TEXTS)
    return [ana, ben]


@pytest.fixture
def window(qtbot, files, tmp_path):
    from framedesk.ui.review.window import ReviewWindow

    session = ReviewSession.open(files)
    gold = GoldFile.create(tmp_path / "gold.framedesk", session, who="Cleo")
    w = ReviewWindow(session, gold)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def test_list_model_passes_the_model_tester_and_filters(qtmodeltester, files) -> None:
    from framedesk.ui.review.model import ReviewListModel

    with ReviewSession.open(files) as session:
        model = ReviewListModel(session.comparison)
        qtmodeltester.check(model)
        assert model.rowCount() == 6
        model.set_disagreements_only(True)
        qtmodeltester.check(model)
        titles = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
        assert titles == ["Story 1", "Story 4", EVIL]
        column = 1 + KINDS.index(TONE)
        assert model.data(model.index(2, column)) == "differ"
        assert model.data(model.index(0, column)) == "agree"


def test_filter_to_disagreements_keeps_the_shown_article(window, qtbot) -> None:
    window.list.selectRow(1)                                # Story 1 differs
    assert window.article.title == "Story 1"
    window.only_disagreements.setChecked(True)
    assert window.model.rowCount() == 3
    assert window.article.title == "Story 1"
    assert window.texts["Ana"].toPlainText() == window.texts["Ben"].toPlainText()
    assert window.texts["Ana"].toPlainText().startswith("Story 1")


def test_keyboard_decisions_go_into_the_gold_file_with_a_note(window, qtbot, tmp_path) -> None:
    window.only_disagreements.setChecked(True)
    window.list.selectRow(0)                                # Story 1: frame and cue differ
    assert window.current_kind() == PRIMARY                 # first difference preselected
    window.note.setText("Ben's reading fits the lead")
    # A button's shortcut clicks it a moment later (animateClick): wait for the log.
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)     # take Ben's
    qtbot.waitUntil(lambda: len(read_log(window.gold.project)) == 1)
    assert window.current_kind() == CUES                    # moved to the next difference
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)     # take both
    qtbot.waitUntil(lambda: len(read_log(window.gold.project)) == 2)
    log = read_log(window.gold.project)
    assert [(e.kind, e.decision, e.chosen_from) for e in log] == [
        (PRIMARY, "theirs", "Ben"), (CUES, "both", "Ana, Ben")]
    assert log[0].note == "Ben's reading fits the lead" and window.note.text() == ""
    gold = window.gold.project
    codes = gold.db.execute(
        "SELECT d.code FROM doc_codes d JOIN articles a ON a.id = d.article_id"
        " WHERE a.title = 'Story 1' AND d.role = 'primary'").fetchall()
    assert codes == [("security",)]
    row = window.diffs.row_of(PRIMARY)
    assert window.diffs.item(row, 3).text() == "theirs (Ben)"


def test_take_both_is_refused_for_one_valued_kinds(window) -> None:
    window.list.selectRow(5)                                # the evil title: tone differs
    window.diffs.selectRow(window.diffs.row_of(TONE))
    assert not window.decide("both")
    assert read_log(window.gold.project) == []
    assert "one value" in window.statusBar().currentMessage()


def test_edit_picks_items_from_every_version(window, qtbot) -> None:
    from framedesk.ui.review.edit_dialog import EditDialog

    window.list.selectRow(1)
    diff = window.article.kinds[PRIMARY]
    dialog = EditDialog("Primary frame", diff.items, single=True)
    qtbot.addWidget(dialog)
    dialog.set_checked([0, 1])                              # one at most: the last wins
    chosen = dialog.chosen()
    assert [i.text for i in chosen] == ["security"]
    window.diffs.selectRow(window.diffs.row_of(PRIMARY))
    assert window.decide("edited", chosen)
    assert read_log(window.gold.project)[0].decision == "edited"


def test_untrusted_titles_are_plain_text(window) -> None:
    window.list.selectRow(5)
    assert window.title.text() == EVIL
    assert window.title.textFormat() == Qt.TextFormat.PlainText
    assert window.texts["Ana"].toPlainText().startswith(EVIL)


def test_differences_are_highlighted_in_each_coders_text(window) -> None:
    window.list.selectRow(5)                                # emoji before the spans
    window.diffs.selectRow(window.diffs.row_of(CUES))
    selections = window.texts["Ana"].extraSelections()
    assert len(selections) == 1
    cursor = selections[0].cursor
    assert cursor.selectedText() == window.text[0:5]


def test_agreement_tab_shows_the_core_figures_and_exports(window, files, tmp_path) -> None:
    with ReviewSession.open(files) as session:
        expected = session_report(session)
    view = window.agreement
    frame = next(v for v in expected.variables if v.variable == "primary frame")
    assert view.variables.item(0, 0).text() == "primary frame"
    assert view.variables.item(0, 6).text() == f"{frame.alpha:.3f}"
    view.export_to(tmp_path / "agreement.html")
    assert "Wrote" in view.status.text()
    assert (tmp_path / "agreement.html").read_text("utf-8").count("<table>") >= 2


def test_decide_into_my_own_project(qtbot, files) -> None:
    from framedesk.ui.review.window import ReviewWindow

    w = ReviewWindow(ReviewSession.open(files))
    qtbot.addWidget(w)
    assert not w.buttons["mine"].isEnabled()                # no gold file yet
    w.use_own_project()
    w.list.selectRow(1)
    w.diffs.selectRow(w.diffs.row_of(PRIMARY))
    assert w.decide("theirs")
    w.close()
    with Project.open(files[0], read_only=True) as mine:
        primary = mine.db.execute(
            "SELECT d.code FROM doc_codes d JOIN articles a ON a.id = d.article_id"
            " WHERE a.title = 'Story 1' AND d.role = 'primary'").fetchall()
    assert primary == [("security",)]


def test_open_review_runs_in_the_background(qtbot, files) -> None:
    from framedesk.ui.review import open_review
    from framedesk.ui.tasks import TaskRunner

    runner = TaskRunner()
    opened = []
    open_review(runner, files, on_open=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    window = opened[0]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.agreement.report is not None, timeout=10000)
    assert window.model.rowCount() == 6
    window.close()
    runner.shutdown()


def test_three_coders_pick_whose_version_to_take(qtbot, files, tmp_path) -> None:
    from framedesk.ui.review.window import ReviewWindow

    cleo = tmp_path / "cleo.framedesk"
    make_coder_file(cleo, "Cleo", ["morality"] * 6, ["neutral"] * 6, texts=TEXTS)
    session = ReviewSession.open([*files, cleo])
    w = ReviewWindow(session, GoldFile.create(tmp_path / "gold.framedesk", session, who="Dan"))
    qtbot.addWidget(w)
    assert [w.theirs_coder.itemText(i) for i in range(w.theirs_coder.count())] == ["Ben", "Cleo"]
    w.list.selectRow(0)
    w.diffs.selectRow(w.diffs.row_of(PRIMARY))
    w.theirs_coder.setCurrentText("Cleo")
    assert w.decide("theirs")
    entry = read_log(w.gold.project)[0]
    assert entry.chosen_from == "Cleo" and set(entry.versions) == {"Ana", "Ben", "Cleo"}
    assert entry.result == [{"codebook": "policy_frames", "code": "morality"}]
    w.close()


def test_tooltips_escape_what_comes_from_the_files(window) -> None:
    # Qt shows a tooltip that looks like HTML as rich text: the payload must arrive escaped.
    window.list.selectRow(5)
    tip = window.model.data(window.model.index(5, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img" in tip and "<img" not in tip
    cue = window.diffs.item(window.diffs.row_of(CUES), 1)
    assert cue.text() == "health: \u201c<b>bo\u201d"               # shown as it is
    tips = [window.diffs.item(r, c).toolTip() for r in range(window.diffs.rowCount())
            for c in range(window.diffs.columnCount())]
    assert any("&lt;b&gt;bo" in t for t in tips)
    assert not any("<b>" in t or "<img" in t for t in tips)


def _mentions(path: Path) -> list[tuple]:
    p = Project.open(path, annotator="check")
    try:
        return sorted(tuple(r) for r in p.db.execute(
            "SELECT a.uid, m.start, m.\"end\", m.label, m.status FROM mentions m"
            " JOIN articles a ON a.id = m.article_id"))
    finally:
        p.close()


def test_window_gold_holds_every_agreed_item_like_the_cli_merge(qtbot, files, tmp_path) -> None:
    from framedesk.core.review.merge import merge_files
    from framedesk.ui.review.window import ReviewWindow

    session = ReviewSession.open(files)
    w = ReviewWindow(session)
    qtbot.addWidget(w)
    w.new_gold(tmp_path / "window-gold.framedesk", "Cleo")
    assert w.gold is not None
    w.close()
    merge_files(files, tmp_path / "cli-gold.framedesk", who="Cleo")
    cli = _mentions(tmp_path / "cli-gold.framedesk")
    # Both coders have the same model mentions (Kyiv, Geneva) on every article.
    assert len(cli) == 2 * len(TEXTS)
    assert _mentions(tmp_path / "window-gold.framedesk") == cli
