"""Stories: the same event told by several outlets is grouped; different events are not."""

from __future__ import annotations

import random
from pathlib import Path

from framedesk.core.model import ArticleDraft
from framedesk.core.stories import StoryStore, find_groups
from framedesk.core.store import Project

# Each story: its people/places and its own vocabulary; outlets retell it in their own order.
STORIES = [
    ("Harbour strike", ["Marta Kovacs", "Port of Rijeka", "Dockers Union"],
     "dockers strike harbour cranes wages container ships stranded shipping unions ministry "
     "port authority overtime pay dispute negotiations cargo backlog"),
    ("Flood in the valley", ["Elena Brandt", "Lower Saxony", "Red Cross"],
     "flood river levees evacuated villages rainfall rescue helicopters sandbags damage "
     "insurance mayor shelters drinking water"),
    ("Chip factory", ["Ravi Menon", "Dresden", "Silicon Partners"],
     "semiconductor factory subsidies investment jobs chips plant construction billion "
     "supply chain engineers energy prices"),
    ("Election recount", ["Tomas Lindqvist", "Uppsala", "Electoral Commission"],
     "recount ballots election votes margin court appeal polling stations candidate "
     "results observers irregularities"),
]
FILLER = ("officials said the situation remained difficult and that more information would "
          "follow later in the week as talks continued between the parties involved").split()


def _article(rng: random.Random, story: tuple, outlet: int) -> str:
    title, names, vocab = story
    words = vocab.split()
    paragraphs = []
    for _ in range(4):
        sentence = rng.sample(words, 6) + rng.sample(FILLER, 8) + [rng.choice(names)]
        rng.shuffle(sentence)
        paragraphs.append(" ".join(sentence).capitalize() + ".")
    return f"{title} (outlet {outlet})\n\n" + "\n\n".join(paragraphs)


def test_synthetic_corpus_groups_by_story() -> None:
    rng = random.Random(7)
    texts, truth = {}, {}
    aid = 0
    for s, story in enumerate(STORIES):
        for outlet in range(3):
            aid += 1
            texts[aid] = _article(rng, story, outlet)
            truth[aid] = s
    groups = find_groups(texts, {}, {})
    assert len(groups) == len(STORIES)
    for group in groups:
        assert len({truth[a] for a in group}) == 1 and len(group) == 3


def test_articles_far_apart_in_time_are_not_one_story() -> None:
    from datetime import datetime

    rng = random.Random(3)
    texts = {1: _article(rng, STORIES[0], 1), 2: _article(rng, STORIES[0], 2)}
    assert find_groups(texts, {}, {1: datetime(2024, 1, 1), 2: datetime(2024, 1, 2)}) == [[1, 2]]
    assert find_groups(texts, {}, {1: datetime(2024, 1, 1), 2: datetime(2024, 3, 1)}) == []


def test_seeds_share_entities_and_form_one_story(project: Project, seeds_dir: Path) -> None:
    ids = []
    for path in sorted(seeds_dir.glob("*.txt")):
        (aid, _), = project.articles.add_many([ArticleDraft(text=path.read_text())])
        ids.append(aid)
    # The canonical entities both outlets mention (as NER links them: Kiev and Kyiv are one).
    shared = ["Kyiv", "Ukraine", "Russia", "NBC", "Vladimir Putin", "Biden"]
    for aid in ids:
        for name in shared:
            eid = project.entities.ensure(name, "GPE")
            project.db.execute("INSERT INTO mentions (article_id, start, \"end\", label, text,"
                               " entity_id, origin, created) VALUES (?, 0, 1, 'GPE', ?, ?, 't', 't')",
                               [aid, name, eid])
    stories = StoryStore(project).group_automatically()
    assert [s.article_ids for s in stories] == [tuple(ids)]


def test_analysts_stories_survive_regrouping(project: Project) -> None:
    rng = random.Random(11)
    ids = [project.articles.add(ArticleDraft(text=_article(rng, STORIES[i // 2], i)))[0]
           for i in range(4)]
    store = StoryStore(project)
    first = store.group_automatically()
    assert sorted(s.article_ids for s in first) == [(ids[0], ids[1]), (ids[2], ids[3])]
    # The analyst splits one article out and names the remaining story.
    new = store.split([ids[1]], "Strike: second angle")
    store.name(store.story_of(ids[0]), "Harbour strike")
    again = store.group_automatically()
    by_name = {s.name: s.article_ids for s in again}
    assert by_name["Harbour strike"] == (ids[0],)
    assert by_name["Strike: second angle"] == (ids[1],)
    assert store.story_of(ids[1]) == new
    merged = store.merge([store.story_of(ids[0]), new], "Harbour strike")
    assert {s.name: s.article_ids for s in store.all()}["Harbour strike"] == (ids[0], ids[1])
    assert store.story_of(ids[1]) == merged


def test_regrouping_after_an_import_keeps_the_story_ids(project: Project) -> None:
    rng = random.Random(5)
    ids = [project.articles.add(ArticleDraft(text=_article(rng, STORIES[i // 2], i)))[0]
           for i in range(4)]
    store = StoryStore(project)
    before = {s.article_ids: s.story_id for s in store.group_automatically()}
    # A third outlet retells the first story: it joins that story, whose id stays.
    late = project.articles.add(ArticleDraft(text=_article(rng, STORIES[0], 9)))[0]
    after = {s.article_ids: s.story_id for s in store.group_automatically()}
    assert after[(ids[0], ids[1], late)] == before[(ids[0], ids[1])]
    assert after[(ids[2], ids[3])] == before[(ids[2], ids[3])]
    assert project.db.execute("SELECT count(*) FROM stories").fetchone()[0] == 2


def test_jsonl_export_carries_the_story(project: Project, tmp_path: Path) -> None:
    import json

    from framedesk.core.exchange.jsonl import write_jsonl

    rng = random.Random(13)
    ids = [project.articles.add(ArticleDraft(text=_article(rng, STORIES[0], i)))[0]
           for i in range(2)]
    alone = project.articles.add(ArticleDraft(text=_article(rng, STORIES[3], 0)))[0]
    store = StoryStore(project)
    store.group_automatically()
    story = store.story_of(ids[0])
    store.name(story, "Harbour <strike>")
    out = tmp_path / "out.jsonl"
    write_jsonl(project, None, out)
    metas = {json.loads(line)["text"]: json.loads(line)["meta"]
             for line in out.read_text(encoding="utf-8").splitlines()}
    texts = {a: project.articles.get(a).text for a in [*ids, alone]}
    for aid in ids:
        assert metas[texts[aid]]["story"] == story
        assert metas[texts[aid]]["story_name"] == "Harbour <strike>"
    assert metas[texts[alone]]["story"] is None
