"""Sourcing commands: each action is undone exactly and redone under the same id."""

from __future__ import annotations

import pytest

from framedesk.core.model import ArticleDraft, Span
from framedesk.core.sourcing_commands import (
    AcceptSuggestion,
    AddAttribution,
    DeleteAttribution,
    EditAttribution,
    RejectSuggestion,
    remove_command,
)
from framedesk.core.store.attributions import Attribution

TEXT = "Officials said the talks failed. According to NBC, the deal is off."


@pytest.fixture
def article_id(project) -> int:
    return project.articles.add(ArticleDraft(text=TEXT, title="T"))[0]


def suggestion(project, article_id: int) -> Attribution:
    s = Attribution(article_id, source=Span(0, 9), cue=Span(10, 14), content=Span(15, 31),
                    identification="vague", source_type="government_official")
    project.attributions.replace_suggestions(article_id, [s])
    return project.attributions.list(article_id)[0]


def test_add_undo_redo_keeps_the_id(project, article_id):
    a = Attribution(article_id, content=Span(51, 67), cue=Span(33, 45), source=Span(46, 49))
    command = AddAttribution(project, a)
    command.do()
    [stored] = project.attributions.list(article_id)
    assert stored.status == "manual" and stored.annotator == "Ana"
    assert project.articles.get(article_id).status == "in_progress"
    command.undo()
    assert project.attributions.list(article_id) == []
    assert project.articles.get(article_id).status == "todo"
    command.do()
    [again] = project.attributions.list(article_id)
    assert again.id == stored.id and again.content == Span(51, 67)


def test_accept_then_undo_is_a_suggestion_again(project, article_id):
    s = suggestion(project, article_id)
    command = AcceptSuggestion(project, s)
    command.do()
    assert project.attributions.get(s.id).status == "accepted"
    command.undo()
    back = project.attributions.get(s.id)
    assert back.status == "suggested" and back.annotator is None


def test_reject_stays_rejected_on_a_rerun_until_undone(project, article_id):
    s = suggestion(project, article_id)
    remove = remove_command(project, s)
    assert isinstance(remove, RejectSuggestion)
    remove.do()
    assert project.attributions.list(article_id) == []
    again = Attribution(article_id, source=Span(0, 9), cue=Span(10, 14), content=Span(15, 31))
    assert project.attributions.replace_suggestions(article_id, [again]) == 0
    remove.undo()
    assert [a.status for a in project.attributions.list(article_id)] == ["suggested"]


def test_edit_attributes_and_undo(project, article_id):
    s = suggestion(project, article_id)
    edited = Attribution(**{**{f: getattr(s, f) for f in s.__slots__}})
    edited.identification = "described_unnamed"
    edited.unnamed = {"count": 2, "inside_knowledge": True}
    command = EditAttribution(project, edited, "identification")
    command.do()
    now = project.attributions.get(s.id)
    assert (now.identification, now.status, now.unnamed["count"]) == ("described_unnamed",
                                                                       "accepted", 2)
    command.undo()
    back = project.attributions.get(s.id)
    assert (back.identification, back.status, back.unnamed) == ("vague", "suggested", {})


def test_delete_manual_and_undo(project, article_id):
    AddAttribution(project, Attribution(article_id, content=Span(0, 9))).do()
    [a] = project.attributions.list(article_id)
    remove = remove_command(project, a)
    assert isinstance(remove, DeleteAttribution)
    remove.do()
    assert project.attributions.get(a.id) is None
    remove.undo()
    assert project.attributions.get(a.id).content == Span(0, 9)
