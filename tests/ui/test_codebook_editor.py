"""The codebook editor: edits saved at once, key clashes refused, asking before delete/merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox

from framedesk.core.codebook import load_codebook
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project
from framedesk.ui.coding.codebook_editor import DEFINITION, ID, KEY, LABEL, CodebookEditor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def editor(qtbot, project: Project) -> CodebookEditor:
    dialog = CodebookEditor(project)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def row_of(editor: CodebookEditor, code_id: str) -> int:
    return next(r for r in range(editor.table.rowCount())
                if editor.table.item(r, ID).text() == code_id)


def answer_next_question(qtbot, yes: bool, seen: list[str]) -> None:
    """Click Yes or No on the question the editor is about to ask, noting its text."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
                   ).click()

    QTimer.singleShot(0, click)


def test_editing_cells_saves_at_once_and_bumps_the_version(editor: CodebookEditor,
                                                           project: Project) -> None:
    changed = []
    editor.changed.connect(lambda: changed.append(True))
    row = row_of(editor, "economic")
    editor.table.item(row, LABEL).setText("Economy")
    editor.table.item(row, DEFINITION).setText("Money and jobs.")
    book = project.codebooks.get("policy_frames")
    assert (book.code("economic").label, book.code("economic").definition) == (
        "Economy", "Money and jobs.")
    assert book.version == 3 and editor.version.text() == "version 3"
    assert len(changed) == 2


def test_a_clashing_key_is_refused_and_the_table_shows_the_old_key(editor: CodebookEditor,
                                                                   project: Project) -> None:
    row = row_of(editor, "economic")
    editor.table.item(row, KEY).setText("8")
    assert project.codebooks.get("policy_frames").code("economic").key == "1"
    assert editor.table.item(row_of(editor, "economic"), KEY).text() == "1"
    assert "key '8'" in editor.last_error
    editor.table.item(row_of(editor, "economic"), KEY).setText("y")
    assert project.codebooks.get("policy_frames").code("economic").key == "Y"


def test_recolour_add_and_move(editor: CodebookEditor, project: Project) -> None:
    assert editor.recolour("health", colour=QColor("#0B7285"))
    assert project.codebooks.get("policy_frames").code("health").color == "#0b7285"
    assert editor.add_code(label="Migration & asylum")
    book = project.codebooks.get("policy_frames")
    assert book.ids()[-1] == "migration_asylum"
    editor.table.selectRow(row_of(editor, "migration_asylum"))
    assert editor.move(-1)
    assert project.codebooks.get("policy_frames").ids()[-2:] == ["migration_asylum", "other"]


def test_delete_says_how_many_annotations_and_asks_first(qtbot, editor: CodebookEditor,
                                                         project: Project) -> None:
    (aid, _), = project.articles.add_many([ArticleDraft(text="T\n\nSome crime story.")])
    project.coding.set_frame(aid, "policy_frames", "crime", primary=True)
    project.coding.add_cue(aid, 8, 13, "policy_frames", "crime")
    editor.table.selectRow(row_of(editor, "crime"))
    seen: list[str] = []
    answer_next_question(qtbot, False, seen)
    assert not editor.delete_code()
    assert "1 frame or tone code and 1 cue" in seen[0]
    assert "crime" in project.codebooks.get("policy_frames").ids()
    answer_next_question(qtbot, True, seen)
    assert editor.delete_code()
    assert "crime" not in project.codebooks.get("policy_frames").ids()
    assert project.coding.cues(aid) == [] and project.coding.frames(aid) == []


def test_merge_moves_annotations_after_asking(qtbot, editor: CodebookEditor,
                                              project: Project) -> None:
    (aid, _), = project.articles.add_many([ArticleDraft(text="T\n\nA vote.")])
    project.coding.set_frame(aid, "policy_frames", "political")
    editor.table.selectRow(row_of(editor, "political"))
    seen: list[str] = []
    answer_next_question(qtbot, True, seen)
    assert editor.merge_code("public_opinion")
    assert "will move to \u201cPublic opinion\u201d" in seen[0]
    assert [f.code for f in project.coding.frames(aid)] == ["public_opinion"]


def test_export_then_import_into_another_project(editor: CodebookEditor, project: Project,
                                                 tmp_path: Path) -> None:
    editor.table.item(row_of(editor, "other"), LABEL).setText("Anything else")
    out = tmp_path / "ours.yaml"
    assert editor.export_yaml(str(out))
    assert load_codebook(out).code("other").label == "Anything else"
    with Project.create(tmp_path / "b.framedesk", codebooks=["tone"]) as other:
        theirs = CodebookEditor(other)
        assert theirs.import_yaml(str(out))
        assert other.codebooks.get("policy_frames").code("other").label == "Anything else"
        assert theirs.books.currentData() == "policy_frames"
        theirs.deleteLater()


def test_importing_a_broken_file_explains_in_one_sentence(editor: CodebookEditor,
                                                          tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nkind: frames\ncodes: [{id: a, label: A, color: blue}]\n",
                   encoding="utf-8")
    assert not editor.import_yaml(str(bad))
    assert editor.last_error == f"Codebook {bad}: colour 'blue' of code 'a' is not #rrggbb."


def test_adding_the_generic_frames_gives_them_free_keys(editor: CodebookEditor,
                                                        project: Project) -> None:
    assert editor.add_shipped("generic_frames")
    assert editor.books.currentData() == "generic_frames"
    keys = [editor.table.item(r, KEY).text() for r in range(editor.table.rowCount())]
    assert keys == ["Y", "U", "I", "O", "P"]
    assert "generic_frames" in project.codebooks.chosen()
