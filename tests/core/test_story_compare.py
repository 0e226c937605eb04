"""Comparing the articles of a story: linked entities across spellings, and the coding table."""

from __future__ import annotations

from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project
from framedesk.core.story_compare import compare

A = "Talks in Kyiv. Officials in Kyiv met Putin."
B = "Talks in Kiev. Vladimir Putin stayed home; Berlin watched."


def _mention(project: Project, aid: int, text: str, word: str, label: str, name: str) -> None:
    start = text.index(word)
    eid = project.entities.ensure(name, label)
    project.db.execute("INSERT INTO mentions (article_id, start, \"end\", label, text, entity_id,"
                       " origin, created) VALUES (?, ?, ?, ?, ?, ?, 'test', 't')",
                       [aid, start, start + len(word), label, word, eid])


def _two_outlets(project: Project) -> tuple[int, int]:
    a = project.articles.add(ArticleDraft(text=A, title="A", outlet="Wire"))[0]
    b = project.articles.add(ArticleDraft(text=B, title="B", outlet="Daily"))[0]
    _mention(project, a, A, "Kyiv", "GPE", "Kyiv")
    _mention(project, b, B, "Kiev", "GPE", "Kyiv")
    _mention(project, a, A, "Putin", "PERSON", "Vladimir Putin")
    _mention(project, b, B, "Vladimir Putin", "PERSON", "Vladimir Putin")
    _mention(project, b, B, "Berlin", "GPE", "Berlin")
    return a, b


def test_kyiv_and_kiev_are_one_linked_entity_spelled_differently(project: Project) -> None:
    a, b = _two_outlets(project)
    result = compare(project, [a, b])
    names = {e.name: e for e in result.entities}
    assert set(names) == {"Kyiv", "Vladimir Putin"}        # Berlin: only one article
    kyiv = names["Kyiv"]
    assert kyiv.spellings == {a: ["Kyiv"], b: ["Kiev"]}
    assert kyiv.spelled_differently
    # Clicking "Kiev" in B finds the entity, and its span in A.
    entity = result.entity_at(b, B.index("Kiev") + 1)
    assert entity is kyiv and kyiv.spans[a] == [(A.index("Kyiv"), A.index("Kyiv") + 4)]
    assert result.entity_at(b, 0) is None


def test_table_marks_what_only_one_outlet_has(project: Project) -> None:
    a, b = _two_outlets(project)
    project.codebooks.ensure_defaults()
    frames = next(x for x in project.codebooks.all() if x.kind == "frames")
    tone = next(x for x in project.codebooks.all() if x.kind == "tone")
    security, economic = frames.codes[7].id, frames.codes[0].id
    for aid in (a, b):
        project.coding.set_frame(aid, frames.name, security, primary=True)
    project.coding.set_frame(a, frames.name, economic)
    project.coding.set_tone(b, tone.codes[0].id, tone.name)
    rows = {(r.section, r.item): r for r in compare(project, [a, b]).rows}
    label = {c.id: c.label for c in frames.codes}
    shared = rows[("Primary frame", label[security])]
    assert shared.cells == {a: "yes", b: "yes"} and not shared.only_one
    only_a = rows[("Secondary frame", label[economic])]
    assert only_a.cells[a] and not only_a.cells[b] and only_a.only_one
    assert rows[("Tone", tone.codes[0].label)].only_one
