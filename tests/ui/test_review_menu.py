"""The Review menu of the main window: compare, agreement report, merge, share."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from framedesk.core.review.log import read_log
from framedesk.core.review.merge import AGREED
from framedesk.core.review.work import CUES, KINDS, PRIMARY
from framedesk.core.store import Project
from tests.core.test_review import make_coder_file

REVIEW_PART = "framedesk.ui.review.menu:install_review_menu"
TEXTS = [f"Story {i}\n\nKyiv said the talks in Geneva failed, officials said on day {i}."
         for i in range(4)]


@pytest.fixture
def coder_files(tmp_path: Path) -> tuple[Path, Path]:
    """Ana (own project) and Ben (a colleague) disagree on the primary frame of Story 1."""
    ana, ben = tmp_path / "ana.framedesk", tmp_path / "ben.framedesk"
    make_coder_file(ana, "Ana", ["security", "economic", "security", "political"],
                    ["neutral"] * 4, texts=TEXTS)
    make_coder_file(ben, "Ben", ["security", "security", "security", "political"],
                    ["neutral"] * 4, texts=TEXTS)
    return ana, ben


@pytest.fixture
def review_window(window, coder_files):
    """The main window with Ana's project open and the review part plugged in."""
    from framedesk.ui.main_window import WINDOW_PARTS, install_parts

    assert REVIEW_PART in WINDOW_PARTS
    assert install_parts(window, (REVIEW_PART,)) == [REVIEW_PART]
    window.settings.analyst = "Ana"
    assert window.project_actions.open_path(coder_files[0])
    return window


def choose_files(monkeypatch, paths: list[Path]) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(p) for p in paths], PROJECT_FILTER))


PROJECT_FILTER = "Framedesk projects (*.framedesk)"


def accept_coders(menu, qtbot):
    """Compare asks which analysts to compare first: take those ticked."""
    qtbot.waitUntil(lambda: menu.coder_dialog is not None, timeout=10000)
    dialog = menu.coder_dialog
    dialog.accept()
    return dialog


def test_the_review_menu_lists_its_actions(review_window) -> None:
    texts = [a.text().replace("&", "") for a in review_window.menus["Review"].actions()
             if a.isVisible() and not a.isSeparator()]
    assert texts == ["Compare with file\u2026", "Agreement report\u2026",
                     "Merge files into a gold file\u2026", "Share with a colleague\u2026"]


def test_compare_opens_the_review_window_and_a_decision_lands_in_the_gold_file(
        review_window, coder_files, qtbot, monkeypatch, tmp_path) -> None:
    ana, ben = coder_files
    before = {p: p.read_bytes() for p in (ben,)}
    choose_files(monkeypatch, [ben])
    review_window.actions_by_name["review_compare"].trigger()
    menu = review_window.review_menu
    accept_coders(menu, qtbot)
    qtbot.waitUntil(lambda: len(menu.review_windows) == 1, timeout=10000)
    review = menu.review_windows[0]
    assert review.isVisible()
    assert review.session.coders == ["Ana", "Ben"]
    assert review.model.rowCount() == 4

    review.only_disagreements.setChecked(True)
    assert review.model.rowCount() == 1 and review.article.title == "Story 1"
    # The differences name the words a cue covers, not its offsets.
    cues_row = KINDS.index(CUES)
    assert review.diffs.item(cues_row, 1).text() == "economic: \u201cStory\u201d"
    assert review.diffs.item(cues_row, 2).text() == "security: \u201cStory\u201d"
    gold_path = tmp_path / "gold.framedesk"
    review.new_gold(gold_path, "Ana")
    assert review.current_kind() == PRIMARY
    review.note.setText("the lead is about money")
    assert review.decide("mine")
    review.close()
    qtbot.waitUntil(lambda: menu.review_windows == [], timeout=5000)

    with Project.open(gold_path, read_only=True) as gold:
        entries = read_log(gold)
        # The gold starts from the agreed merge, as `framedesk merge --strategy agreed`: items
        # still differing are logged as undecided, and the one decision is there with its note.
        assert [(e.kind, e.decision, e.note) for e in entries if e.decision != "undecided"] == [
            (PRIMARY, "mine", "the lead is about money")]
        story1 = gold.db.execute("SELECT id FROM articles WHERE title = 'Story 1'").fetchone()[0]
        assert [f.code for f in gold.coding.frames(story1) if f.primary] == ["economic"]
    assert {p: p.read_bytes() for p in (ben,)} == before
    assert not Path(f"{ben}-wal").exists()


def test_compare_with_a_damaged_file_is_one_sentence(review_window, qtbot, monkeypatch,
                                                     tmp_path) -> None:
    bad = tmp_path / "bad.framedesk"
    bad.write_bytes(b"not a database at all" * 20)
    choose_files(monkeypatch, [bad])
    review_window.actions_by_name["review_compare"].trigger()
    menu = review_window.review_menu
    qtbot.waitUntil(lambda: menu.last_dialog is not None, timeout=10000)
    text = menu.last_dialog.text()
    assert str(bad) in text and "not a Framedesk project" in text
    assert menu.review_windows == []


def test_agreement_report_dialog_shows_the_figures_and_exports_csv(
        review_window, coder_files, qtbot, monkeypatch, tmp_path) -> None:
    choose_files(monkeypatch, [coder_files[1]])
    review_window.actions_by_name["review_agreement"].trigger()
    menu = review_window.review_menu
    accept_coders(menu, qtbot)
    qtbot.waitUntil(lambda: menu.agreement_dialog is not None, timeout=10000)
    view = menu.agreement_dialog.view
    assert view.report.coders == ["Ana", "Ben"]
    rows = {view.variables.item(r, 0).text(): view.variables.item(r, 4).text()
            for r in range(view.variables.rowCount())}
    primary = next(v for k, v in rows.items() if "primary" in k.lower())
    assert primary == "75.0"                         # 3 of 4 stories agree
    out = tmp_path / "agreement.csv"
    view.export_to(out)
    assert out.exists() and "Ana" in out.read_text(encoding="utf-8-sig")


def test_merge_dialog_writes_a_gold_file_in_the_background(
        review_window, coder_files, qtbot, tmp_path) -> None:
    ana, ben = coder_files
    dialog = review_window.review_menu.open_merge()
    assert dialog.paths() == [ana]                   # one's own project comes first
    dialog.add_files([ben, ana])
    assert dialog.paths() == [ana, ben]
    out = tmp_path / "merged.framedesk"
    dialog.out.setText(str(out))
    assert dialog.strategy.currentData() == AGREED
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.result.text().startswith(f"Wrote {out}: 4 articles")
    assert "2 undecided" in dialog.result.text()       # Story 1's primary frame and cue
    with Project.open(out, read_only=True) as gold:
        assert gold.articles.count() == 4
        entries = read_log(gold)
        assert sorted((e.article_title, e.kind, e.decision) for e in entries) == [
            ("Story 1", CUES, "undecided"), ("Story 1", PRIMARY, "undecided")]

    dialog.merge_button.click()                      # the gold file must be new
    assert "must be a new file" in dialog.result.text()


def test_share_writes_a_self_contained_copy_with_the_latest_edit(
        review_window, qtbot, tmp_path) -> None:
    project = review_window.project
    first = project.articles.ids()[0]
    with project.atomic():
        project.articles.set_status(first, "skipped")
    target = tmp_path / "to-ben.framedesk"
    menu = review_window.review_menu
    assert menu.share_to(target)
    qtbot.waitUntil(lambda: menu.last_dialog is not None, timeout=10000)
    assert str(target) in menu.last_dialog.text()
    assert not Path(f"{target}-wal").exists()
    with Project.open(target, read_only=True) as copy:
        assert copy.articles.status_counts().get("skipped") == 1


def test_review_windows_close_with_the_main_window(review_window, coder_files, qtbot,
                                                  monkeypatch) -> None:
    choose_files(monkeypatch, [coder_files[1]])
    review_window.actions_by_name["review_compare"].trigger()
    menu = review_window.review_menu
    accept_coders(menu, qtbot)
    qtbot.waitUntil(lambda: len(menu.review_windows) == 1, timeout=10000)
    session = menu.review_windows[0].session
    copies = [f.copy for f in session.files]
    assert all(c.exists() for c in copies)
    review_window.close()
    qtbot.waitUntil(lambda: menu.review_windows == [], timeout=5000)
    assert not any(c.exists() for c in copies)       # the private copies are gone


def test_each_analyst_of_a_shared_file_is_a_coder_the_user_picks(
        review_window, coder_files, qtbot, monkeypatch, tmp_path) -> None:
    """A colleague's file holding two analysts: both are listed with their coded articles,
    nobody is dropped silently, and the window says who is compared."""
    team = tmp_path / "team.framedesk"
    p = make_coder_file(team, "Ben", ["security"] * 4, ["neutral"] * 4, texts=TEXTS,
                        close=False)
    p.annotator = "Cleo"
    first, second = p.articles.ids()[:2]
    p.coding.set_frame(first, "policy_frames", "morality", primary=True)
    p.coding.set_tone(second, "positive")
    p.close()
    choose_files(monkeypatch, [team])
    review_window.actions_by_name["review_compare"].trigger()
    menu = review_window.review_menu
    qtbot.waitUntil(lambda: menu.coder_dialog is not None, timeout=10000)
    dialog = menu.coder_dialog
    shown = [tuple(dialog.table.item(r, c).text() for c in range(3))
             for r in range(dialog.table.rowCount())]
    assert shown == [("Ana", "ana.framedesk", "4 of 4"), ("Ben", "team.framedesk", "4 of 4"),
                     ("Cleo", "team.framedesk", "2 of 4")]
    assert dialog.chosen() == [(coder_files[0], "Ana"), (team, "Ben"), (team, "Cleo")]
    dialog.set_checked(team, "Ben", False)
    assert dialog.summary.text() == "Comparing: Ana (ana.framedesk) \u00b7 Cleo (team.framedesk)"
    dialog.set_checked(team, "Cleo", False)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.set_checked(team, "Cleo", True)
    dialog.accept()
    qtbot.waitUntil(lambda: len(menu.review_windows) == 1, timeout=10000)
    review = menu.review_windows[0]
    assert review.session.coders == ["Ana", "Cleo"]
    assert review.windowTitle() == "Comparing: Ana (ana.framedesk) \u00b7 Cleo (team.framedesk)"
    # Cleo's own work is compared, not Ben's (who did more in that file).
    first_title = review.model.article(0).title
    assert review.model.article(0).kinds[PRIMARY].items["Cleo"][0].key[1] == "morality", first_title
    review.close()


def test_merge_dialog_lists_each_analyst_of_a_shared_file(
        review_window, coder_files, qtbot, tmp_path) -> None:
    team = tmp_path / "team.framedesk"
    p = make_coder_file(team, "Ben", ["security"] * 4, ["neutral"] * 4, texts=TEXTS,
                        close=False)
    p.annotator = "Cleo"
    p.coding.set_frame(p.articles.ids()[1], "policy_frames", "economic", primary=True)
    p.close()
    dialog = review_window.review_menu.open_merge()
    dialog.add_files([team])
    assert dialog.coders() == [(coder_files[0], "Ana"), (team, "Ben"), (team, "Cleo")]
    dialog.files.item(1).setCheckState(Qt.CheckState.Unchecked)        # not Ben
    assert dialog.coders() == [(coder_files[0], "Ana"), (team, "Cleo")]
    strategies = [dialog.strategy.itemText(i) for i in range(dialog.strategy.count())]
    assert "Everything from Cleo (team.framedesk)" in strategies
    out = tmp_path / "ana-cleo.framedesk"
    dialog.out.setText(str(out))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.result.text().startswith(f"Wrote {out}"), dialog.result.text()
    with Project.open(out, read_only=True) as gold:
        # Ana and Cleo both chose 'economic' for Story 1 (Ben did not): agreed, written.
        story1 = gold.db.execute("SELECT id FROM articles WHERE title = 'Story 1'").fetchone()[0]
        assert [f.code for f in gold.coding.frames(story1) if f.primary] == ["economic"]
