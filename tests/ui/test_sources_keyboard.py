"""An analyst goes through an article's sourcing from the keyboard: Tab to a suggestion,
Enter accepts, Delete rejects, Ctrl+Z undoes, N N N marks a new attribution, the form edits
it; the reader shows suggestions apart from accepted ones and a whole attribution on hover."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from framedesk.core.model import ArticleDraft, Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution
from framedesk.ui.main_window import MainWindow, install_parts
from framedesk.ui.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PARTS = ("framedesk.ui.coding.install:install_coding",
         "framedesk.ui.sources.install:install_sources")
TEXT = ("Talks stall 😀\n\nOfficials said the talks had stalled. According to NBC, both sides "
        "walked out.\n\n\u201cWe will not sign,\u201d the minister said.")


def span(words: str) -> Span:
    start = TEXT.index(words)
    return Span(start, start + len(words))


@pytest.fixture
def project_file(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "sources.framedesk"
    with Project.create(path, annotator="setup") as p:
        (aid, _), = p.articles.add_many([ArticleDraft(text=TEXT, title="Talks", outlet="Wire")])
        p.attributions.replace_suggestions(aid, [
            Attribution(aid, source=span("Officials"), cue=span("said"),
                        content=span("the talks had stalled"), identification="vague",
                        source_type="government_official"),
            Attribution(aid, source=span("NBC"), cue=span("According to"),
                        content=span("both sides walked out"), identification="named",
                        source_type="other_media")])
    return path, aid


@pytest.fixture
def window(qtbot, tmp_path: Path, project_file) -> MainWindow:
    settings = AppSettings.at(tmp_path / "settings")
    settings.analyst = "Ana"
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert install_parts(w, PARTS) == list(PARTS)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    assert w.project_actions.open_path(project_file[0])
    qtbot.waitUntil(lambda: w.current_article_id is not None)
    w.reader.text.setFocus()
    yield w
    w.tasks.shutdown()


def key(qtbot, w: MainWindow, k: Qt.Key, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or w.reader.text, k, mods)


def select(w: MainWindow, words: str) -> None:
    s = span(words)
    w.reader.select_range(s.start, s.end)


def stored(w: MainWindow) -> dict[str, Attribution]:
    """The article's attributions (rejected included) by their content's text."""
    out = {}
    for a in w.project.attributions.list(w.current_article_id, include_rejected=True):
        out[TEXT[a.content.start:a.content.end]] = a
    return out


def styles(w: MainWindow, layer: str) -> set[tuple[str, str]]:
    return {(TEXT[s.start:s.end], s.style) for s in w.reader.layer_spans(layer)}


def test_suggestions_are_drawn_apart_and_tab_enter_delete_undo(qtbot, window):
    w = window
    assert ("Officials", "suggestion:source") in styles(w, "suggestions")
    assert ("the talks had stalled", "suggestion:content") in styles(w, "suggestion_content")
    assert styles(w, "attributions") == set() == styles(w, "attribution_content")
    panel = w.sources.panel
    assert panel.model.rowCount() == 2            # two sources: Officials, NBC

    key(qtbot, w, Qt.Key.Key_Tab)                  # the first suggestion in the text
    assert w.reader.selected_text() == "the talks had stalled"
    assert {t for t, _s in styles(w, "attribution_focus")} == {
        "Officials", "said", "the talks had stalled"}
    assert panel.form.status.text().startswith("suggested")

    key(qtbot, w, Qt.Key.Key_Return)               # accept
    assert stored(w)["the talks had stalled"].status == "accepted"
    assert ("Officials", "attribution:source") in styles(w, "attributions")
    assert ("said", "attribution:cue") in styles(w, "attributions")
    assert styles(w, "attribution_content") == {("the talks had stalled", "attribution:content")}
    assert all(t != "Officials" for t, _s in styles(w, "suggestions"))

    key(qtbot, w, Qt.Key.Key_Tab)                  # the next one: NBC's
    assert w.reader.selected_text() == "both sides walked out"
    key(qtbot, w, Qt.Key.Key_Delete)               # reject
    assert stored(w)["both sides walked out"].status == "rejected"
    assert panel.model.rowCount() == 1
    assert styles(w, "suggestions") == set()

    key(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)   # undo the rejection
    assert stored(w)["both sides walked out"].status == "suggested"
    assert panel.model.rowCount() == 2
    key(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)   # undo the acceptance
    assert stored(w)["the talks had stalled"].status == "suggested"

    key(qtbot, w, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)   # previous
    assert w.sources.controller.current is not None


def test_new_attribution_with_n_then_the_form(qtbot, window):
    w = window
    select(w, "\u201cWe will not sign,\u201d")
    key(qtbot, w, Qt.Key.Key_N)                    # content first
    assert "select the source" in w.statusBar().currentMessage()
    select(w, "the minister")
    key(qtbot, w, Qt.Key.Key_N)                    # then the source
    select(w, "said.")
    w.reader.select_range(span("said.").start, span("said.").start + 4)
    key(qtbot, w, Qt.Key.Key_N)                    # and the cue: done
    new = stored(w)["\u201cWe will not sign,\u201d"]
    assert new.status == "manual" and new.annotator == "Ana"
    assert TEXT[new.source.start:new.source.end] == "the minister"
    assert TEXT[new.cue.start:new.cue.end] == "said"
    assert w.sources.controller.current.id == new.id

    form = w.sources.panel.form
    assert form.fields.isVisible()
    combo = form.combos["quote_type"]
    combo.setCurrentIndex(combo.findData("direct"))
    combo.activated.emit(combo.currentIndex())
    source_type = form.combos["source_type"]
    source_type.setCurrentIndex(source_type.findData("government_official"))
    source_type.activated.emit(source_type.currentIndex())
    form.count.setValue(2)
    after = stored(w)["\u201cWe will not sign,\u201d"]
    assert (after.quote_type, after.source_type, after.unnamed) == (
        "direct", "government_official", {"count": 2})

    for _ in range(3):
        key(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(w)["\u201cWe will not sign,\u201d"].quote_type is None
    key(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "\u201cWe will not sign,\u201d" not in stored(w)


def test_n_then_enter_takes_the_suggested_source_and_cue(qtbot, window):
    w = window
    select(w, "both sides walked out")
    key(qtbot, w, Qt.Key.Key_N)
    assert "Enter takes the suggested" in w.statusBar().currentMessage()
    key(qtbot, w, Qt.Key.Key_Return)
    a = stored(w)["both sides walked out"]
    assert a.status == "accepted" and TEXT[a.source.start:a.source.end] == "NBC"
    assert len(stored(w)) == 2                     # the suggestion became it: no duplicate


def test_escape_cancels_a_new_attribution(qtbot, window):
    w = window
    select(w, "Talks stall")
    key(qtbot, w, Qt.Key.Key_N)
    key(qtbot, w, Qt.Key.Key_Escape)
    assert w.sources.controller.pending is None
    key(qtbot, w, Qt.Key.Key_Return)
    assert "Talks stall" not in stored(w)


def test_hovering_a_part_shows_the_whole_attribution(qtbot, window):
    w = window
    nbc = span("NBC")
    hits = w.reader.hits_at(nbc.start)
    w.reader.span_hovered.emit(hits)
    assert {t for t, _s in styles(w, "attribution_focus")} == {
        "NBC", "According to", "both sides walked out"}
    payload = next(h.span.payload for h in hits if h.layer == "suggestions")
    tip = w.reader._tooltips["suggestions"](payload)
    assert "Source: NBC" in tip and "Other media" in tip and "Named" in tip
    w.reader.span_hovered.emit([])
    assert styles(w, "attribution_focus") == set()


def test_clicking_a_row_selects_the_attribution_in_the_text(qtbot, window):
    w = window
    panel = w.sources.panel
    group = panel.model.index(1, 0)
    child = panel.model.index(0, 0, group)
    assert panel.model.data(group) == "NBC (1)"
    panel.tree.clicked.emit(child)
    assert w.reader.selected_text() == "both sides walked out"


def test_sources_model_passes_the_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.sources.panel.model)


def test_delete_on_a_selected_frame_cue_removes_the_cue_not_the_attribution(qtbot, window):
    w = window
    select(w, "the talks had stalled")
    key(qtbot, w, Qt.Key.Key_8)                       # a frame cue over a suggested content
    [cue] = w.project.coding.cues(w.current_article_id)
    key(qtbot, w, Qt.Key.Key_Tab)                     # the suggestion is selected ...
    assert w.sources.controller.current is not None
    w.coding.ui.controller.select_cue(cue)            # ... then the cue is clicked
    assert w.sources.controller.current is None
    key(qtbot, w, Qt.Key.Key_Delete)
    assert w.project.coding.cues(w.current_article_id) == []
    assert stored(w)["the talks had stalled"].status == "suggested"


def test_tab_in_the_form_moves_between_fields(qtbot, window):
    w = window
    key(qtbot, w, Qt.Key.Key_Tab)
    chosen = w.sources.controller.current
    combo = w.sources.panel.form.combos["quote_type"]
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert not combo.hasFocus()
    assert w.sources.controller.current is chosen     # not the next attribution
