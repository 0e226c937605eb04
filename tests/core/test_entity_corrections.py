"""Entity corrections: added, deleted, relabelled and linked mentions survive re-running
NER; a correction can apply to every identical mention and become a rule for future
imports; merge, rename and split of canonical entities; every one undoes exactly."""

from __future__ import annotations

import pytest

from framedesk.core.entity_commands import (
    AddMention,
    DeleteMention,
    LinkMention,
    MergeEntities,
    RelabelMention,
    RenameEntity,
    SplitSpelling,
)
from framedesk.core.importing import import_paths
from framedesk.core.model import ArticleDraft
from framedesk.core.nlp.entities import annotate_articles, recompute_entities

FIRST = ("Talks in Kiev stall\n\nOfficials in Kiev met Sergei Lavrov on Monday. "
         "The Azov Battalion said Kyiv would not sign, NBC reported.")
SECOND = "Aid for Kiev\n\nThe Azov Battalion asked Washington for help, NBC reported."


@pytest.fixture
def ids(project) -> list[int]:
    made = [i for i, _ in project.articles.add_many([ArticleDraft(text=FIRST, title="a"),
                                                     ArticleDraft(text=SECOND, title="b")])]
    annotate_articles(project, made)
    return made


def mentions(project, article_id: int) -> dict[str, tuple[str, str | None, str]]:
    """text -> (label, canonical, status) of the first mention written so."""
    out: dict[str, tuple[str, str | None, str]] = {}
    for m in project.entities.mentions(article_id):
        out.setdefault(m.text, (m.label, m.canonical, m.status))
    return out


def find(project, article_id: int, text: str):
    return next(m for m in project.entities.mentions(article_id) if m.text == text)


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_corrections_survive_re_running_ner(project, ids):
    first = ids[0]
    assert "NBC" in mentions(project, first)
    start, end = span_of(FIRST, "Monday")
    AddMention(project, first, start, end, "EVENT").do()
    DeleteMention(project, find(project, first, "NBC")).do()
    RelabelMention(project, find(project, first, "Sergei Lavrov"), "ORG").do()
    kyiv = find(project, first, "Kyiv")
    LinkMention(project, find(project, first, "Sergei Lavrov"), kyiv.entity_id).do()
    before = mentions(project, first)

    recompute_entities(project)

    after = mentions(project, first)
    assert after["Monday"] == ("EVENT", "Monday", "manual")
    assert "NBC" not in after
    assert after["Sergei Lavrov"][0] == "ORG" and after["Sergei Lavrov"][2] == "manual"
    assert after["Sergei Lavrov"][1] == "Kyiv"          # the link stayed too
    assert after == before


def test_everywhere_relabels_every_identical_mention_and_undoes(project, ids):
    nbc = find(project, ids[0], "NBC")
    command = RelabelMention(project, nbc, "PERSON", everywhere=True)
    command.do()
    assert command.changed == 2
    assert mentions(project, ids[1])["NBC"][0] == "PERSON"
    command.undo()
    assert mentions(project, ids[0])["NBC"] == (nbc.label, nbc.canonical, nbc.status)
    assert mentions(project, ids[1])["NBC"][0] == nbc.label


def test_add_everywhere_tags_each_whole_word_occurrence(project, ids):
    start, end = span_of(FIRST, "Azov Battalion")
    command = AddMention(project, ids[0], start, end, "ORG", everywhere=True)
    command.do()
    assert mentions(project, ids[1])["Azov Battalion"] == ("ORG", "Azov Battalion", "manual")
    command.undo()
    assert "Azov Battalion" not in {m.text for i in ids for m in project.entities.mentions(i)
                                    if m.status == "manual"}


def test_a_rule_is_used_on_future_imports(project, ids, tmp_path):
    start, end = span_of(FIRST, "Azov Battalion")
    AddMention(project, ids[0], start, end, "ORG", rule=True).do()
    DeleteMention(project, find(project, ids[0], "NBC"), rule=True).do()
    assert {(r.pattern, r.action) for r in project.entities.rules()} == {
        ("Azov Battalion", "label"), ("NBC", "ignore")}
    path = tmp_path / "later.txt"
    path.write_text("Later news\n\nThe Azov Battalion spoke to NBC in Odesa.\n", encoding="utf-8")
    summary = import_paths(project, [path], attributions=False)
    later = mentions(project, summary.new_ids[0])
    assert later["Azov Battalion"][0] == "ORG"
    assert "NBC" not in later


def test_undoing_a_rule_removes_it(project, ids):
    command = DeleteMention(project, find(project, ids[0], "NBC"), everywhere=True, rule=True)
    command.do()
    assert "NBC" not in mentions(project, ids[1])
    command.undo()
    assert project.entities.rules() == []
    assert "NBC" in mentions(project, ids[1])


def test_merge_rename_split_and_undo(project, ids):
    kiev = find(project, ids[0], "Kiev")
    kyiv = find(project, ids[0], "Kyiv")
    assert kiev.entity_id == kyiv.entity_id      # the shipped aliases link them
    split = SplitSpelling(project, ids[0], kyiv.entity_id, "Kiev")
    split.do()
    assert find(project, ids[1], "Kiev").canonical == "Kiev"
    assert find(project, ids[0], "Kyiv").canonical == "Kyiv"
    split.undo()
    assert find(project, ids[1], "Kiev").entity_id == kyiv.entity_id
    assert find(project, ids[1], "Kiev").status == "auto"
    split.do()
    kiev = find(project, ids[0], "Kiev")
    recompute_entities(project)                  # the split survives a re-run
    assert find(project, ids[1], "Kiev").entity_id == kiev.entity_id
    merge = MergeEntities(project, ids[0], kiev.entity_id, kyiv.entity_id)
    merge.do()
    assert {m.canonical for i in ids for m in project.entities.mentions(i)
            if m.text in ("Kiev", "Kyiv")} == {"Kyiv"}
    assert project.entities.lookup("Kiev", "GPE") == kyiv.entity_id
    merge.undo()
    assert find(project, ids[1], "Kiev").entity_id == kiev.entity_id
    assert project.entities.name(kiev.entity_id) == kiev.canonical

    rename = RenameEntity(project, ids[0], kyiv.entity_id, "Kyiv (city)")
    rename.do()
    assert find(project, ids[0], "Kyiv").canonical == "Kyiv (city)"
    rename.undo()
    assert find(project, ids[0], "Kyiv").canonical == "Kyiv"

    onto_existing = RenameEntity(project, ids[0], kiev.entity_id, "Kyiv")
    onto_existing.do()                           # a name already taken: the two merge
    assert find(project, ids[1], "Kiev").entity_id == kyiv.entity_id
    onto_existing.undo()
    assert find(project, ids[1], "Kiev").entity_id == kiev.entity_id
