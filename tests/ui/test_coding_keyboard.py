"""An analyst codes articles from the keyboard: frames, primary, cues, tone, undo, done-next.

The window here is made of the real reader, side panel and coding pane (the same parts the
main window wires together), driven only through key presses and what a user sees.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter

from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project
from framedesk.ui.coding.pane import CodingUI
from framedesk.ui.reader import ReaderWidget
from framedesk.ui.side_panel import SidePanel

FIRST = ("Kyiv to negotiate with Moscow? 😀\n\nOfficials described a war of centimetres 🇺🇦 "
         "along the front, where both armies dig in.\n\nThe cost of the war keeps rising.")
# The offscreen platform says this of every window with a layout; it is not our problem.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SECOND = "Budget talks\n\nParliament debated the budget."


class CodingWindow(QMainWindow):
    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.reader = ReaderWidget()
        self.side_panel = SidePanel()
        split = QSplitter()
        split.addWidget(self.reader)
        split.addWidget(self.side_panel)
        split.setSizes([700, 400])
        self.setCentralWidget(split)
        edit = self.menuBar().addMenu("&Edit")
        code = self.menuBar().addMenu("&Code")
        self.coding = CodingUI(project, self.reader, self,
                               add_section=self.side_panel.add_section,
                               open_article=self.open_article, edit_menu=edit, code_menu=code)

    def open_article(self, article_id: int) -> None:
        self.reader.show_article(self.project.articles.get(article_id))
        self.coding.set_article(article_id)


@pytest.fixture
def ids(project: Project) -> list[int]:
    return [i for i, _ in project.articles.add_many(
        [ArticleDraft(text=FIRST), ArticleDraft(text=SECOND)])]


@pytest.fixture
def window(qtbot, project: Project, ids: list[int]) -> CodingWindow:
    w = CodingWindow(project)
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.open_article(ids[0])
    w.reader.text.setFocus()
    return w


def press(qtbot, w: CodingWindow, key: Qt.Key, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or w.reader.text, key, mods)


def select(w: CodingWindow, words: str) -> tuple[int, int]:
    start = FIRST.index(words)
    w.reader.select_range(start, start + len(words))
    return start, start + len(words)


def frames(project: Project, aid: int) -> list[tuple[str, bool]]:
    return [(f.code, f.primary) for f in project.coding.frames(aid)]


def test_the_flow_of_ux_md_from_the_keyboard(qtbot, window: CodingWindow, project: Project,
                                             ids: list[int]) -> None:
    aid = ids[0]
    press(qtbot, window, Qt.Key.Key_8, Qt.KeyboardModifier.ShiftModifier)  # primary: security
    assert frames(project, aid) == [("security", True)]
    row = window.coding.frames.rows[("policy_frames", "security")]
    assert row.star.isChecked() and row.check.isChecked()

    press(qtbot, window, Qt.Key.Key_1)                                       # secondary: economic
    assert frames(project, aid) == [("security", True), ("economic", False)]
    press(qtbot, window, Qt.Key.Key_1)                                       # again: removed
    assert frames(project, aid) == [("security", True)]

    start, end = select(window, "war of centimetres 🇺🇦")                   # a cue over emoji
    press(qtbot, window, Qt.Key.Key_8)
    (cue,) = project.coding.cues(aid)
    assert (cue.start, cue.end, cue.code) == (start, end, "security")
    assert FIRST[cue.start:cue.end] == "war of centimetres 🇺🇦"
    assert frames(project, aid) == [("security", True)]  # a cue does not toggle the frame
    assert window.reader.layer_spans("cues")[0][:2] == (start, end)
    assert window.coding.cues.list.item(0).text() == "Security and defense: war of centimetres 🇺🇦"
    assert window.coding.frames.rows[("policy_frames", "security")].cues.text() == "1 cue"

    press(qtbot, window, Qt.Key.Key_F)                                       # tone: implicit pro
    assert project.coding.tone(aid) == "implicit_pro"
    assert window.coding.tone.buttons["implicit_pro"].isChecked()
    assert window.coding.tone.current.text() == "Tone: Implicit pro"
    assert project.articles.get(aid).status == "in_progress"

    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done, next
    assert project.articles.get(aid).status == "done"
    assert window.reader.article.id == ids[1]
    assert window.coding.controller.state.article_id == ids[1]
    assert not window.coding.tone.buttons["implicit_pro"].isChecked()


def test_overlapping_cues_for_two_frames(qtbot, window: CodingWindow, project: Project,
                                         ids: list[int]) -> None:
    a = select(window, "war of centimetres")
    press(qtbot, window, Qt.Key.Key_8)
    b = select(window, "centimetres 🇺🇦 along the front")
    press(qtbot, window, Qt.Key.Key_2)
    cues = [(c.start, c.end, c.code) for c in project.coding.cues(ids[0])]
    assert cues == [(*a, "security"), (*b, "capacity")]
    # Both are drawn; where they overlap the text carries both spans.
    overlap = FIRST.index("centimetres")
    assert {h.span.payload for h in window.reader.hits_at(overlap)} == {
        c.id for c in project.coding.cues(ids[0])}
    assert window.coding.cues.list.count() == 2


def test_undo_and_redo_from_the_keyboard(qtbot, window: CodingWindow, project: Project,
                                         ids: list[int]) -> None:
    aid = ids[0]
    press(qtbot, window, Qt.Key.Key_5, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_8, Qt.KeyboardModifier.ShiftModifier)
    select(window, "both armies")
    press(qtbot, window, Qt.Key.Key_7)
    press(qtbot, window, Qt.Key.Key_A)
    undo = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    redo = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, *undo)
    assert project.coding.tone(aid) is None
    press(qtbot, window, *undo)
    assert project.coding.cues(aid) == [] and window.reader.layer_spans("cues") == []
    press(qtbot, window, *undo)
    assert frames(project, aid) == [("legality", True)]
    assert window.coding.frames.rows[("policy_frames", "legality")].star.isChecked()
    press(qtbot, window, *redo)
    press(qtbot, window, *redo)
    assert frames(project, aid) == [("security", True), ("legality", False)]
    assert [c.code for c in project.coding.cues(aid)] == ["crime"]
    assert window.coding.undo_action.text() == "&Undo Cue for Crime and punishment"
    press(qtbot, window, *undo)
    press(qtbot, window, *undo)
    press(qtbot, window, *undo)
    assert frames(project, aid) == [] and project.articles.get(aid).status == "todo"
    assert not window.coding.undo_action.isEnabled()


def test_undo_of_an_action_on_another_article_opens_it(qtbot, window: CodingWindow,
                                                       project: Project, ids: list[int]) -> None:
    press(qtbot, window, Qt.Key.Key_9)
    window.open_article(ids[1])
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert frames(project, ids[0]) == []
    assert window.reader.article.id == ids[0]


def test_memo_from_the_keyboard_and_frame_keys_type_into_it(qtbot, window: CodingWindow,
                                                            project: Project,
                                                            ids: list[int]) -> None:
    press(qtbot, window, Qt.Key.Key_M)
    assert QApplication.focusWidget() is window.coding.memo
    qtbot.keyClicks(window.coding.memo, "check 8 sources")
    # Non-ASCII text arrives as a key event carrying the text (keyClicks cannot send it).
    QApplication.sendEvent(window.coding.memo, QKeyEvent(
        QKeyEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, " 🇺🇦"))
    press(qtbot, window, Qt.Key.Key_Escape)  # leaves the memo and saves it
    assert project.coding.memo(ids[0]) == "check 8 sources 🇺🇦"
    assert frames(project, ids[0]) == []     # the 8 was text, not a frame key
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.coding.memo(ids[0]) == ""
    assert window.coding.memo.toPlainText() == ""


def test_memo_typed_then_switching_article_is_kept(qtbot, window: CodingWindow,
                                                   project: Project, ids: list[int]) -> None:
    press(qtbot, window, Qt.Key.Key_M)
    qtbot.keyClicks(window.coding.memo, "half a thought")
    window.open_article(ids[1])          # before the idle save
    assert project.coding.memo(ids[0]) == "half a thought"
    assert window.coding.memo.toPlainText() == ""


def test_clicking_a_cue_in_the_list_selects_it_and_delete_removes_it(
        qtbot, window: CodingWindow, project: Project, ids: list[int]) -> None:
    start, end = select(window, "both armies dig in")
    press(qtbot, window, Qt.Key.Key_8)
    window.reader.select_range(0, 0)
    cues = window.coding.cues.list
    item = cues.item(0)
    rect = cues.visualItemRect(item)
    qtbot.mouseClick(cues.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.selection() == (start, end)
    cues.setFocus()
    qtbot.keyClick(cues, Qt.Key.Key_Delete)
    assert project.coding.cues(ids[0]) == []
    assert cues.count() == 0 and window.coding.cues.empty.isVisible()


def test_clicking_a_cue_in_the_text_selects_it(qtbot, window: CodingWindow, project: Project,
                                               ids: list[int]) -> None:
    select(window, "cost of the war")
    press(qtbot, window, Qt.Key.Key_1)
    window.reader.select_range(0, 0)
    (cue,) = project.coding.cues(ids[0])
    text = window.reader.text
    qt_pos = window.reader.mapping.to_qt(cue.start + 3)
    cursor = text.textCursor()
    cursor.setPosition(qt_pos)
    point = text.cursorRect(cursor).center()
    point.setX(point.x() + 2)
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.coding.controller.selected_cue == cue
    assert window.coding.cues.list.currentRow() == 0


def test_recode_from_the_context_menu(qtbot, window: CodingWindow, project: Project,
                                      ids: list[int]) -> None:
    select(window, "dig in")
    press(qtbot, window, Qt.Key.Key_8)
    (cue,) = project.coding.cues(ids[0])
    menu = window.coding.cues.context_menu(cue)
    recode = menu.actions()[0].menu()
    target = next(a for a in recode.actions() if a.text() == "Capacity and resources")
    target.trigger()
    assert [c.code for c in project.coding.cues(ids[0])] == ["capacity"]
    assert window.coding.cues.list.item(0).text().startswith("Capacity and resources:")


def test_tone_key_twice_clears_and_buttons_code_too(qtbot, window: CodingWindow,
                                                    project: Project, ids: list[int]) -> None:
    press(qtbot, window, Qt.Key.Key_G)
    press(qtbot, window, Qt.Key.Key_G)
    assert project.coding.tone(ids[0]) is None
    qtbot.mouseClick(window.coding.tone.buttons["explicit_anti"], Qt.MouseButton.LeftButton)
    assert project.coding.tone(ids[0]) == "explicit_anti"
    qtbot.mouseClick(window.coding.status.buttons["skipped"], Qt.MouseButton.LeftButton)
    assert project.articles.get(ids[0]).status == "skipped"
    checkbox = window.coding.frames.rows[("policy_frames", "health")].check
    qtbot.mouseClick(checkbox, Qt.MouseButton.LeftButton)
    assert frames(project, ids[0]) == [("health", False)]


def test_labels_and_tooltips_keep_codebook_text_plain(qtbot, window: CodingWindow,
                                                      project: Project) -> None:
    project.codebooks.rename("policy_frames", "other", "<b>Other</b> & <i>more</i>")
    project.codebooks.set_definition("policy_frames", "other", "<img src=x onerror=alert(1)>")
    window.coding.controller.reload_codebooks()
    row = window.coding.frames.rows[("policy_frames", "other")]
    assert row.check.text() == "<b>Other</b> && <i>more</i>"  # '&' shown, not a mnemonic
    assert "&lt;img src=x" in row.check.toolTip() and "<img" not in row.check.toolTip()


def test_new_keys_from_the_codebook_take_effect_at_once(qtbot, window: CodingWindow,
                                                        project: Project, ids: list[int]) -> None:
    project.codebooks.set_key("policy_frames", "security", None)
    project.codebooks.set_key("policy_frames", "economic", "Y")
    window.coding.controller.reload_codebooks()
    press(qtbot, window, Qt.Key.Key_8)
    assert frames(project, ids[0]) == []
    press(qtbot, window, Qt.Key.Key_Y)
    assert frames(project, ids[0]) == [("economic", False)]


def point_at(w: CodingWindow, offset: int):
    cursor = w.reader.text.textCursor()
    cursor.setPosition(w.reader.mapping.to_qt(offset))
    point = w.reader.text.cursorRect(cursor).center()
    point.setX(point.x() + 2)
    return point


def test_reader_context_menu_marks_recodes_and_deletes_cues(qtbot, window: CodingWindow,
                                                            project: Project,
                                                            ids: list[int]) -> None:
    start, end = select(window, "war of centimetres 🇺🇦")
    menu = window.coding.reader_menu.menu_at(point_at(window, start + 2))
    mark = next(a for a in menu.actions() if a.text() == "Mark as frame cue").menu()
    next(a for a in mark.actions() if a.text() == "Morality\t3").trigger()
    (cue,) = project.coding.cues(ids[0])
    assert (cue.start, cue.end, cue.code) == (start, end, "morality")
    assert "Copy" in " ".join(a.text() for a in menu.actions())  # the reader's own entries

    window.reader.select_range(0, 0)
    menu = window.coding.reader_menu.menu_at(point_at(window, start + 2))
    texts = [a.text() for a in menu.actions()]
    assert "Mark as frame cue" not in texts and "Delete cue" in texts
    recode = next(a for a in menu.actions() if a.text() == "Recode cue as").menu()
    next(a for a in recode.actions() if a.text() == "Political").trigger()
    assert [c.code for c in project.coding.cues(ids[0])] == ["political"]


def test_delete_in_the_reader_removes_the_clicked_cue(qtbot, window: CodingWindow,
                                                      project: Project, ids: list[int]) -> None:
    start, _end = select(window, "both armies")
    press(qtbot, window, Qt.Key.Key_7)
    window.reader.select_range(0, 0)
    press(qtbot, window, Qt.Key.Key_Delete)          # nothing selected: nothing deleted
    assert len(project.coding.cues(ids[0])) == 1
    qtbot.mouseClick(window.reader.text.viewport(), Qt.MouseButton.LeftButton,
                     pos=point_at(window, start + 3))
    assert window.coding.controller.selected_cue is not None
    window.reader.text.setFocus()
    press(qtbot, window, Qt.Key.Key_Delete)
    assert project.coding.cues(ids[0]) == []
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(project.coding.cues(ids[0])) == 1


def test_memo_pauses_merge_into_one_undo_step(qtbot, window: CodingWindow, project: Project,
                                              ids: list[int]) -> None:
    press(qtbot, window, Qt.Key.Key_M)
    memo = window.coding.memo
    qtbot.keyClicks(memo, "first")
    memo.save()                      # what the idle timer does after a pause
    qtbot.keyClicks(memo, " second")
    memo.save()
    assert project.coding.memo(ids[0]) == "first second"
    assert window.coding.history.stack.count() == 1
    window.coding.history.stack.undo()
    assert project.coding.memo(ids[0]) == ""


def test_a_read_only_project_refuses_coding_in_one_sentence(qtbot, project_path) -> None:
    with Project.create(project_path, annotator="Ana") as p:
        (aid, _), = p.articles.add_many([ArticleDraft(text=SECOND)])
    read_only = Project.open(project_path, read_only=True, annotator="Ana")
    try:
        w = CodingWindow(read_only)
        qtbot.addWidget(w)
        messages: list[str] = []
        w.coding.controller.message.connect(messages.append)
        w.open_article(aid)
        assert not w.coding.controller.press_key("8", shift=True)
        assert messages and messages[0].startswith("Not saved:")
        assert "open read-only" in messages[0] and "permission" not in messages[0]
        assert read_only.coding.frames(aid) == []
        assert w.coding.history.stack.count() == 0
    finally:
        read_only.close()


def test_the_same_key_on_the_same_text_takes_the_cue_back(qtbot, window: CodingWindow,
                                                          project: Project,
                                                          ids: list[int]) -> None:
    select(window, "dig in")
    press(qtbot, window, Qt.Key.Key_8)
    press(qtbot, window, Qt.Key.Key_2)   # the same text as evidence for a second frame
    assert sorted(c.code for c in project.coding.cues(ids[0])) == ["capacity", "security"]
    press(qtbot, window, Qt.Key.Key_8)   # again: no duplicate, the security cue goes
    assert [c.code for c in project.coding.cues(ids[0])] == ["capacity"]


def test_ctrl_enter_on_an_incomplete_article_says_what_is_missing(qtbot, window: CodingWindow,
                                                                  project: Project,
                                                                  ids: list[int]) -> None:
    """The default rule: a primary frame and a tone. Escape keeps coding; Enter confirms."""
    press(qtbot, window, Qt.Key.Key_1)                       # a secondary frame only
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = window.coding.done_check.question
    assert box is not None and box.isVisible()
    assert "no primary frame and no tone" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert project.articles.get(ids[0]).status == "in_progress"
    assert window.reader.article.id == ids[0]

    press(qtbot, window, Qt.Key.Key_F)                       # a tone: the frame is still missing
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = window.coding.done_check.question
    assert "no primary frame." in box.text() and "tone" not in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)                   # "Mark done anyway"
    qtbot.waitUntil(lambda: project.articles.get(ids[0]).status == "done")
    assert window.reader.article.id == ids[1]


def test_the_done_rule_is_the_projects_and_in_progress_articles_are_still_to_do(
        qtbot, window: CodingWindow, project: Project, ids: list[int]) -> None:
    checks = window.coding.done_check
    checks.show_rule()
    assert {k for k, a in checks.rule_actions.items() if a.isChecked()} == {"primary_frame",
                                                                           "tone"}
    for action in checks.rule_actions.values():
        action.setChecked(False)                              # nothing required
    assert project.meta("done_requires") == ""
    window.open_article(ids[1])
    press(qtbot, window, Qt.Key.Key_1)                        # the second: in progress
    window.open_article(ids[0])
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert checks.question is None or not checks.question.isVisible()
    assert project.articles.get(ids[0]).status == "done"
    assert window.reader.article.id == ids[1]                 # in progress is not done
