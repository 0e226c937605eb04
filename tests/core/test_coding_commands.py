"""Coding commands: each action does, undoes and redoes exactly, straight to the file."""

from __future__ import annotations

import sqlite3

import pytest

from framedesk.core.commands import (
    AddCue,
    MakePrimary,
    RecodeCue,
    RemoveCue,
    SetMemo,
    SetStatus,
    SetTone,
    ToggleFrame,
)
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project

TEXT = "Kyiv talks 😀\n\nA war of centimetres 🇺🇦 on the front, officials said."


@pytest.fixture
def aid(project: Project) -> int:
    (article_id, _), = project.articles.add_many([ArticleDraft(text=TEXT)])
    return article_id


def frames(project: Project, aid: int) -> list[tuple[str, bool]]:
    return [(f.code, f.primary) for f in project.coding.frames(aid, project.annotator)]


def test_toggle_frame_adds_then_removes_and_undo_restores(project: Project, aid: int) -> None:
    add = ToggleFrame(project, aid, "policy_frames", "security", "Security and defense")
    add.do()
    assert frames(project, aid) == [("security", False)]
    assert add.text == "Frame Security and defense"
    remove = ToggleFrame(project, aid, "policy_frames", "security")
    assert remove.removing
    remove.do()
    assert frames(project, aid) == []
    remove.undo()
    assert frames(project, aid) == [("security", False)]
    add.undo()
    assert frames(project, aid) == []
    add.do()  # redo
    assert frames(project, aid) == [("security", False)]


def test_one_primary_frame_and_undo_brings_back_the_old_primary(project: Project,
                                                                aid: int) -> None:
    MakePrimary(project, aid, "policy_frames", "economic").do()
    second = MakePrimary(project, aid, "policy_frames", "security")
    second.do()
    assert frames(project, aid) == [("security", True), ("economic", False)]
    second.undo()
    assert frames(project, aid) == [("economic", True)]


def test_first_action_starts_the_article_and_its_undo_resets_it(project: Project,
                                                                aid: int) -> None:
    tone = SetTone(project, aid, "implicit_pro")
    tone.do()
    assert project.articles.get(aid).status == "in_progress"
    assert tone.changes.kinds == {"tone", "status"}
    SetTone(project, aid, "neutral").do()  # already started: status untouched
    tone.undo()
    assert project.articles.get(aid).status == "todo"


def test_tone_replaces_and_undo_restores(project: Project, aid: int) -> None:
    a = SetTone(project, aid, "explicit_anti")
    b = SetTone(project, aid, "implicit_pro")
    a.do()
    b.do()
    assert project.coding.tone(aid) == "implicit_pro"
    b.undo()
    assert project.coding.tone(aid) == "explicit_anti"
    clear = SetTone(project, aid, None)
    clear.do()
    assert project.coding.tone(aid) is None
    clear.undo()
    assert project.coding.tone(aid) == "explicit_anti"


def test_overlapping_cues_over_emoji_keep_exact_offsets(project: Project, aid: int) -> None:
    start = TEXT.index("war of centimetres")
    end = TEXT.index(" on the front")
    assert TEXT[start:end] == "war of centimetres 🇺🇦"
    first = AddCue(project, aid, start, end, "policy_frames", "security")
    second = AddCue(project, aid, TEXT.index("centimetres"), TEXT.index(","),
                    "policy_frames", "capacity")
    first.do()
    second.do()
    cues = project.coding.cues(aid)
    assert [(TEXT[c.start:c.end], c.code) for c in cues] == [
        ("war of centimetres 🇺🇦", "security"), ("centimetres 🇺🇦 on the front", "capacity")]
    first.undo()
    assert [c.code for c in project.coding.cues(aid)] == ["capacity"]
    first.do()
    assert first.cue_id == cues[0].id  # the same cue comes back, not a copy


def test_delete_and_recode_cue_undo(project: Project, aid: int) -> None:
    add = AddCue(project, aid, 0, 4, "policy_frames", "political")
    add.do()
    (cue,) = project.coding.cues(aid)
    recode = RecodeCue(project, cue, "public_opinion")
    recode.do()
    assert project.coding.cues(aid)[0].code == "public_opinion"
    recode.undo()
    assert project.coding.cues(aid)[0].code == "political"
    delete = RemoveCue(project, cue)
    delete.do()
    assert project.coding.cues(aid) == []
    delete.undo()
    assert project.coding.cues(aid) == [cue]
    with pytest.raises(ValueError):
        AddCue(project, aid, 5, 5, "policy_frames", "political")


def test_status_and_memo(project: Project, aid: int) -> None:
    done = SetStatus(project, aid, "done")
    done.do()
    assert project.articles.get(aid).status == "done"
    done.undo()
    assert project.articles.get(aid).status == "todo"
    memo = SetMemo(project, aid, "Check the casualty figure <b>not bold</b>")
    memo.do()
    assert project.coding.memo(aid) == "Check the casualty figure <b>not bold</b>"
    memo.undo()
    assert project.coding.memo(aid) == ""


def test_every_action_is_committed_when_do_returns(project: Project, aid: int) -> None:
    """Another connection (what survives a crash) sees each action at once."""
    other = sqlite3.connect(project.path)
    MakePrimary(project, aid, "policy_frames", "security").do()
    AddCue(project, aid, 0, 4, "policy_frames", "security").do()
    SetTone(project, aid, "implicit_anti").do()
    assert other.execute("SELECT code, role FROM doc_codes ORDER BY role").fetchall() == [
        ("security", "primary"), ("implicit_anti", "tone")]
    assert other.execute("SELECT start, \"end\" FROM span_codes").fetchall() == [(0, 4)]
    other.close()


def test_search_index_follows_text_changes_not_status_changes(project: Project,
                                                               aid: int) -> None:
    from framedesk.core.store.articles import ArticleFilter

    SetStatus(project, aid, "done").do()
    assert project.articles.ids(ArticleFilter(query="centimetres")) == [aid]
    project.db.execute("UPDATE articles SET title = 'Renamed headline' WHERE id = ?", [aid])
    assert project.articles.ids(ArticleFilter(query="renamed")) == [aid]
    trigger = project.db.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'articles_au'").fetchone()[0]
    assert "UPDATE OF title, text" in trigger  # a status change does not re-index the text
