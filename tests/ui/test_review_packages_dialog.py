"""Review > Prepare coders' files (in the background) and the agreement report's HTML
export with unitizing alpha and the articles with the most disagreement."""

from __future__ import annotations

import json

import pytest

from tests.ui.test_review_menu import (  # noqa: F401  (coder_files: a fixture)
    REVIEW_PART, accept_coders, coder_files)

PACKAGES_PART = "framedesk.ui.review.packages_dialog:install_packages_action"


@pytest.fixture
def team_window(window, coder_files):  # noqa: F811
    from framedesk.ui.main_window import WINDOW_PARTS, install_parts

    assert PACKAGES_PART in WINDOW_PARTS
    assert install_parts(window, (REVIEW_PART, PACKAGES_PART)) == [REVIEW_PART, PACKAGES_PART]
    window.settings.analyst = "Ana"
    assert window.project_actions.open_path(coder_files[0])
    return window


def test_prepare_coders_files_previews_the_plan_and_writes_in_the_background(
        team_window, coder_files, qtbot, tmp_path) -> None:
    first = team_window.menus["Review"].actions()[0]
    assert first.text().replace("&", "") == "Prepare coders' files\u2026"
    first.trigger()
    dialog = team_window.packages_dialog
    assert dialog.master.text() == str(coder_files[0])     # the open project
    dialog.coders.setText("ana, ben")
    dialog.overlap.setText("many")
    assert "not a number of articles" in dialog.preview.text()
    assert not dialog.write_button.isEnabled()
    dialog.overlap.setText("2")
    assert dialog.preview.text().startswith("2 overlap article(s) for everyone")
    assert "ana: 3, ben: 3" in dialog.preview.text()        # 2 shared + 1 each of 4
    out = tmp_path / "coders"
    dialog.out.setText(str(out))
    dialog.write_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.result.text().startswith(f"Wrote 2 coders' files and the manifest to {out}")
    manifest = json.loads((out / "packages.json").read_text("utf-8"))
    assert len(manifest["overlap"]) == 2
    assert all((out / v["file"]).exists() for v in manifest["coders"].values())
    dialog.write_button.click()                               # the folder must be new
    assert "exists" in dialog.result.text()


def test_agreement_report_exports_the_whole_html_page(team_window, coder_files, qtbot,
                                                      tmp_path) -> None:
    menu = team_window.review_menu
    assert menu.report_on([coder_files[1]])
    accept_coders(menu, qtbot)                 # which analysts: those ticked
    qtbot.waitUntil(lambda: menu.agreement_dialog is not None, timeout=20000)
    view = menu.agreement_dialog.view
    labels = [view.unitizing.item(r, 1).text() for r in range(view.unitizing.rowCount())]
    assert "all" in labels and view.unitizing.rowCount() >= 3
    assert view.worst.rowCount() == 1 and view.worst.item(0, 0).text() == "Story 1"
    with qtbot.waitSignal(view.article_chosen) as chosen:
        view.worst.cellDoubleClicked.emit(0, 0)
    assert chosen.args[0] == view.report.article_figures[0].uid
    out = tmp_path / "agreement.html"
    view.export_to(out)
    page = out.read_text("utf-8")
    assert "Spans: unitizing alpha" in page and "most disagreement" in page
    assert "Story 1" in page and "<svg" in page and "<script" not in page


def test_an_article_of_most_disagreement_opens_in_the_review_window(
        qtbot, coder_files) -> None:  # noqa: F811
    from framedesk.core.review.session import ReviewSession
    from framedesk.ui.review.window import ReviewWindow

    review = ReviewWindow(ReviewSession.open(coder_files))
    qtbot.addWidget(review)
    try:
        review.list.selectRow(0)
        view = review.agreement
        qtbot.waitUntil(lambda: view.report is not None, timeout=20000)
        review.tabs.setCurrentIndex(1)
        uid = view.worst.item(0, 0).data(0x0100)          # Qt.UserRole
        assert view.worst.item(0, 0).text() == "Story 1"
        view.worst.cellDoubleClicked.emit(0, 0)
        assert review.tabs.currentIndex() == 0
        assert review.article is not None and review.article.uid == uid
        assert review.title.text() == "Story 1"
    finally:
        review.session.close()
