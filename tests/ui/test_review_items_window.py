"""The review window at item level: a row per difference, keys acting on the selected rows,
'whole kind' shortcuts, and Edit changing a cue's span and code or an attribution's
attributes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog

from framedesk.core.review.log import read_log
from framedesk.core.review.merge import GoldFile
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import ATTRIBUTIONS, CUES, ENTITIES, PRIMARY, SECONDARY
from tests.core.test_review_items import TEXT, at, gold_cues, make_file


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    ana, ben = tmp_path / "ana.framedesk", tmp_path / "ben.framedesk"
    make_file(ana, "Ana", cues=[("Kyiv", "security"), ("Geneva", "political")],
              secondary=["morality", "political"], identification="unnamed",
              delete_geneva=True)
    make_file(ben, "Ben", cues=[("Kyiv", "economic"), ("Moscow", "economic")],
              secondary=["political", "health"], identification="named")
    return [ana, ben]


@pytest.fixture
def window(qtbot, files, tmp_path):
    from framedesk.ui.review.window import ReviewWindow

    session = ReviewSession.open(files)
    w = ReviewWindow(session, GoldFile.create(tmp_path / "gold.framedesk", session, who="Cleo"))
    qtbot.addWidget(w)
    w.resize(1500, 900)
    w.show()
    yield w
    w.close()


def rows_of(window, kind: str) -> list[int]:
    return [n for n, r in enumerate(window.diffs.rows) if r.kind == kind]


def select_rows(window, rows: list[int]) -> None:
    from PySide6.QtCore import QItemSelectionModel

    window.diffs.clearSelection()
    flags = (QItemSelectionModel.SelectionFlag.Select
             | QItemSelectionModel.SelectionFlag.Rows)
    for n in rows:
        window.diffs.selectionModel().select(window.diffs.model().index(n, 0), flags)
    window.diffs.setCurrentCell(rows[-1], 0, QItemSelectionModel.SelectionFlag.NoUpdate)


def test_each_difference_is_a_row_with_every_coders_version(window) -> None:
    table = window.diffs
    cue_rows = rows_of(window, CUES)
    # The cues both coders share, then one row per difference.
    assert [table.item(n, 0).text() for n in cue_rows] == [
        "Frame cues (agreed)", "Frame cues  \u2260", "Frame cues  \u2260", "Frame cues  \u2260"]
    assert [(table.item(n, 1).text(), table.item(n, 2).text()) for n in cue_rows] == [
        ("economic: \u201cPrices\u201d", "economic: \u201cPrices\u201d"),
        ("security: \u201cKyiv\u201d", "economic: \u201cKyiv\u201d"),
        ("political: \u201cGeneva\u201d", "(none)"),
        ("(none)", "economic: \u201cMoscow\u201d")]
    assert len(rows_of(window, SECONDARY)) == 3            # agreed 'political' + 2 frames
    assert len(rows_of(window, PRIMARY)) == 1 and table.rows[rows_of(window, PRIMARY)[0]
                                                               ].difference is None
    # The first difference is selected when the article opens.
    assert table.current().difference is not None


def test_alt_keys_decide_every_selected_row(window, qtbot) -> None:
    _, kyiv, geneva, moscow = rows_of(window, CUES)
    select_rows(window, [geneva, moscow])
    window.note.setText("only Ana's extra cue holds")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)   # take Ana's
    qtbot.waitUntil(lambda: len(read_log(window.gold.project)) == 2)
    log = read_log(window.gold.project)
    assert [(e.kind, e.decision) for e in log] == [(CUES, "mine"), (CUES, "mine")]
    assert all(e.note == "only Ana's extra cue holds" for e in log)
    assert gold_cues(window.gold.project) == [("Geneva", "political"), ("Prices", "economic")]
    assert window.diffs.item(geneva, 3).text() == "mine (Ana)"
    assert window.diffs.item(kyiv, 3).text() == ""         # not decided yet
    select_rows(window, [kyiv])
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)   # neither
    qtbot.waitUntil(lambda: len(read_log(window.gold.project)) == 3)
    assert window.diffs.item(kyiv, 3).text() == "neither"
    assert ("Kyiv", "security") not in gold_cues(window.gold.project)


def test_an_agreed_row_cannot_be_decided(window) -> None:
    agreed = rows_of(window, CUES)[0]
    select_rows(window, [agreed])
    assert not window.decide("mine")
    assert read_log(window.gold.project) == []
    assert "difference row" in window.statusBar().currentMessage()


def test_whole_kind_decides_each_difference_of_the_kind(window) -> None:
    select_rows(window, [rows_of(window, SECONDARY)[1]])
    window.whole_kind_actions["theirs"].trigger()
    log = read_log(window.gold.project)
    assert [(e.kind, e.decision, e.chosen_from) for e in log] == [
        (SECONDARY, "theirs", "Ben"), (SECONDARY, "theirs", "Ben")]
    codes = {r[0] for r in window.gold.project.db.execute(
        "SELECT code FROM doc_codes WHERE role = 'secondary'")}
    assert codes == {"political", "health"}


def test_edit_a_cue_from_the_words_selected_in_a_column(window, monkeypatch) -> None:
    from framedesk.ui.review.item_editor import ItemEditDialog

    kyiv = rows_of(window, CUES)[1]
    select_rows(window, [kyiv])
    view = window.texts["Ana"]
    cursor = view.textCursor()
    start, end = at("Kyiv talks")
    cursor.setPosition(window.mapping.to_qt(start))
    cursor.setPosition(window.mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)

    def fill_in(dialog: ItemEditDialog) -> int:
        dialog.spans["span"].use.click()
        dialog.choices["code"].setCurrentText("morality")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ItemEditDialog, "exec", fill_in)
    assert window.decide("edited")
    entry = read_log(window.gold.project)[-1]
    assert entry.decision == "edited"
    assert entry.result == [{"start": 0, "end": 10, "codebook": "policy_frames",
                             "code": "morality", "note": None}]
    assert ("Kyiv talks", "morality") in gold_cues(window.gold.project)


def test_edit_an_attributions_attributes(window, monkeypatch) -> None:
    from framedesk.ui.review.item_editor import ItemEditDialog

    row, = (n for n in rows_of(window, ATTRIBUTIONS)
            if window.diffs.rows[n].difference is not None)
    select_rows(window, [row])

    def fill_in(dialog: ItemEditDialog) -> int:
        dialog.base.setCurrentIndex(1)                     # start from Ben's version
        dialog.choices["identification"].setCurrentText("institutional")
        dialog.choices["certainty"].setCurrentText("hedged")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ItemEditDialog, "exec", fill_in)
    assert window.decide("edited")
    rows = window.gold.project.db.execute(
        "SELECT identification, certainty, content_start FROM attributions"
        " ORDER BY content_start").fetchall()
    assert rows == [("institutional", "hedged", at("the talks in Geneva failed")[0]),
                    ("named", None, at("We will return")[0])]


def test_editor_shows_what_a_span_covers_as_plain_text(qtbot, window) -> None:
    from framedesk.ui.review.item_editor import ItemEditDialog

    difference = window.diffs.rows[rows_of(window, CUES)[1]].difference
    dialog = ItemEditDialog("Frame cues", difference, TEXT, codes=["security", "economic"],
                            selection=None)
    qtbot.addWidget(dialog)
    assert not dialog.spans["span"].use.isEnabled()        # nothing selected in a column
    assert dialog.spans["span"].words.text() == "\u201cKyiv\u201d"
    assert dialog.spans["span"].words.textFormat() == Qt.TextFormat.PlainText
    dialog.spans["span"].end.setValue(0)
    assert dialog.result_item() is None                    # no span: nothing to write


def test_taking_the_deleting_coders_entities_and_the_files_stay_untouched(window, files) -> None:
    before = [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    row, = (n for n in rows_of(window, ENTITIES) if window.diffs.rows[n].difference is not None)
    select_rows(window, [row])
    assert window.decide("mine")
    assert window.gold.project.db.execute(
        "SELECT status FROM mentions WHERE text = 'Geneva'").fetchall() == [("deleted",)]
    window.close()
    assert [hashlib.sha256(f.read_bytes()).hexdigest() for f in files] == before



def test_edit_a_mentions_type_and_canonical_name(window, monkeypatch) -> None:
    from framedesk.ui.review.item_editor import ItemEditDialog

    row, = (n for n in rows_of(window, ENTITIES) if window.diffs.rows[n].difference is not None)
    select_rows(window, [row])

    def fill_in(dialog: ItemEditDialog) -> int:
        assert dialog.spans["span"].words.text() == "\u201cGeneva\u201d"
        dialog.choices["label"].setCurrentText("LOC")
        dialog.choices["canonical"].setCurrentText("Geneva, Switzerland")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ItemEditDialog, "exec", fill_in)
    assert window.decide("edited")
    rows = window.gold.project.db.execute(
        "SELECT m.text, m.label, e.name, m.status FROM mentions m JOIN entities e"
        " ON e.id = m.entity_id WHERE m.text = 'Geneva'").fetchall()
    assert rows == [("Geneva", "LOC", "Geneva, Switzerland", "manual")]


def test_the_log_exports_one_row_per_decided_item(window, tmp_path) -> None:
    import csv

    _, kyiv, geneva, _ = rows_of(window, CUES)
    select_rows(window, [kyiv, geneva])
    window.note.setText('a "quoted" note, with a comma')
    assert window.decide("theirs")
    window.export_log_to(tmp_path / "log.csv")
    with (tmp_path / "log.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["kind"], r["decision"], r["chosen_from"]) for r in rows] == [
        (CUES, "theirs", "Ben"), (CUES, "theirs", "Ben")]
    assert rows[0]["note"] == 'a "quoted" note, with a comma'
    assert "Wrote 2 log row(s)" in window.statusBar().currentMessage()
    window.export_log_to(tmp_path / "missing" / "log.csv")        # a folder that is not there
    assert window.statusBar().currentMessage().startswith("Could not write")
    assert not (tmp_path / "missing").exists()
