"""Item-level adjudication: each cue, attribution, mention and secondary frame is its own
decision, with its own log row; deleted model mentions stay deleted in the gold file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from framedesk.core.model import ArticleDraft, Mention, Span
from framedesk.core.review.decide import resolve_all, resolve_difference
from framedesk.core.review.items import differences
from framedesk.core.review.log import read_log, undecided
from framedesk.core.review.merge import GoldFile, merge_files
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import ATTRIBUTIONS, CUES, ENTITIES, PRIMARY, SECONDARY, make_item
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution
from tests.core.test_review import model_mentions

TEXT = ("Kyiv talks\n\nOfficials in Kyiv said the talks in Geneva failed. "
        "\"We will return,\" the minister said. Prices rose in Moscow.")


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def make_file(path: Path, who: str, *, cues: list[tuple[str, str]],
              secondary: list[str], identification: str, delete_geneva: bool = False) -> None:
    """`cues`: (word, code) pairs. Every coder: primary 'security', the shared cue 'Prices'
    (economic), the shared attribution of "We will return", model mentions Kyiv, Geneva,
    Moscow; one attribution whose identification is `identification`."""
    p = Project.create(path, annotator=who)
    (aid, _), = p.articles.add_many([ArticleDraft(text=TEXT)])
    p.coding.set_frame(aid, "policy_frames", "security", primary=True)
    for code in secondary:
        p.coding.set_frame(aid, "policy_frames", code)
    for word, code in [("Prices", "economic"), *cues]:
        p.coding.add_cue(aid, *at(word), "policy_frames", code)
    p.attributions.add(Attribution(aid, source=Span(*at("the minister")), cue=Span(*at("said", 1)),
                                   content=Span(*at("We will return")), identification="named",
                                   source_type="government"))
    p.attributions.add(Attribution(aid, source=Span(*at("Officials")), cue=Span(*at("said")),
                                   content=Span(*at("the talks in Geneva failed")),
                                   identification=identification, source_type="government"))
    model_mentions(p, aid, [(*at("Kyiv", 1), "GPE", "Kyiv"), (*at("Geneva"), "GPE", "Geneva"),
                            (*at("Moscow"), "GPE", "Moscow")])
    if delete_geneva:
        mention = next(m for m in p.entities.mentions(aid) if m.text == "Geneva")
        p.entities.delete(mention.id)
    p.close()


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    ana, ben = tmp_path / "ana.framedesk", tmp_path / "ben.framedesk"
    # Cues: 'Kyiv' (title) security vs economic: one difference; 'Geneva' only Ana's;
    # 'Moscow' only Ben's. Secondary frames: Ana {morality, political}, Ben {political, health}.
    make_file(ana, "Ana", cues=[("Kyiv", "security"), ("Geneva", "political")],
              secondary=["morality", "political"], identification="unnamed",
              delete_geneva=True)
    make_file(ben, "Ben", cues=[("Kyiv", "economic"), ("Moscow", "economic")],
              secondary=["political", "health"], identification="named")
    return [ana, ben]


def gold_cues(project: Project) -> list[tuple[str, str]]:
    return [(TEXT[s:e], c) for s, e, c in project.db.execute(
        'SELECT start, "end", code FROM span_codes ORDER BY start, code')]


def secondary_codes(project: Project) -> set[str]:
    return {r[0] for r in project.db.execute(
        "SELECT code FROM doc_codes WHERE role = 'secondary'")}


def test_differences_are_split_into_separable_items(files) -> None:
    with ReviewSession.open(files) as session:
        article, = session.comparison.articles
        cues = differences(article.kinds[CUES])
        assert [{c: [i.text for i in v] for c, v in d.versions.items()} for d in cues] == [
            {"Ana": ["security 0-4"], "Ben": ["economic 0-4"]},
            {"Ana": [f"political {at('Geneva')[0]}-{at('Geneva')[1]}"], "Ben": []},
            {"Ana": [], "Ben": [f"economic {at('Moscow')[0]}-{at('Moscow')[1]}"]}]
        frames = differences(article.kinds[SECONDARY])
        assert [sorted((c, [i.text for i in v]) for c, v in d.versions.items())
                for d in frames] == [[("Ana", []), ("Ben", ["health"])],
                                     [("Ana", ["morality"]), ("Ben", [])]]
        # The shared attribution is agreed; the other differs in one attribute: one item.
        attributions = differences(article.kinds[ATTRIBUTIONS])
        assert len(attributions) == 1
        assert [i.data["identification"] for i in attributions[0].versions["Ana"]] == ["unnamed"]
        # Ana deleted the model's Geneva: the one entity difference.
        entities, = differences(article.kinds[ENTITIES])
        assert entities.versions["Ana"] == [] and entities.versions["Ben"][0].data["text"] == "Geneva"
        assert differences(article.kinds[PRIMARY]) == []


def test_each_item_is_decided_on_its_own_with_a_log_row(files, tmp_path) -> None:
    with ReviewSession.open(files) as session:
        article, = session.comparison.articles
        gold = GoldFile.create(tmp_path / "gold.framedesk", session, who="Cleo")
        kyiv, geneva, moscow = differences(article.kinds[CUES])
        resolve_difference(gold, article.uid, kyiv, "theirs", note="the title is economic")
        # After one decision the gold file has that item and what both coders agree on.
        assert gold_cues(gold.project) == [("Kyiv", "economic"), ("Prices", "economic")]
        resolve_difference(gold, article.uid, geneva, "mine")
        resolve_difference(gold, article.uid, moscow, "neither")
        assert gold_cues(gold.project) == [("Kyiv", "economic"), ("Geneva", "political"),
                                           ("Prices", "economic")]
        log = read_log(gold.project)
        assert [(e.kind, e.decision, e.chosen_from) for e in log] == [
            (CUES, "theirs", "Ben"), (CUES, "mine", "Ana"), (CUES, "edited", None)]
        first = log[0]
        assert first.versions == {
            "Ana": [{"start": 0, "end": 4, "codebook": "policy_frames", "code": "security",
                     "note": None}],
            "Ben": [{"start": 0, "end": 4, "codebook": "policy_frames", "code": "economic",
                     "note": None}]}
        assert first.result == first.versions["Ben"]
        assert first.note == "the title is economic" and first.annotator == "Cleo"
        assert first.decided_at and "Ana: security 0-4" in first.item
        assert log[2].result == []                     # neither: nobody's version
        gold.project.close()


def test_deciding_an_item_again_replaces_the_earlier_decision(files, tmp_path) -> None:
    with ReviewSession.open(files) as session:
        article, = session.comparison.articles
        gold = GoldFile.create(tmp_path / "gold.framedesk", session, who="Cleo")
        kyiv = differences(article.kinds[CUES])[0]
        narrower = make_item(CUES, {"start": 0, "end": 3, "codebook": "policy_frames",
                                    "code": "morality"})
        resolve_difference(gold, article.uid, kyiv, "edited", items=[narrower])
        assert ("Kyi", "morality") in gold_cues(gold.project)
        resolve_difference(gold, article.uid, kyiv, "mine")
        assert gold_cues(gold.project) == [("Kyiv", "security"), ("Prices", "economic")]
        assert [e.decision for e in read_log(gold.project)] == ["edited", "mine"]
        gold.project.close()


def test_secondary_frames_and_attributes_are_separate_decisions(files, tmp_path) -> None:
    with ReviewSession.open(files) as session:
        article, = session.comparison.articles
        gold = GoldFile.create(tmp_path / "gold.framedesk", session, who="Cleo")
        health, morality = differences(article.kinds[SECONDARY])
        resolve_difference(gold, article.uid, morality, "mine")
        resolve_difference(gold, article.uid, health, "mine")         # Ana has none: dropped
        assert secondary_codes(gold.project) == {"morality", "political"}
        quote, = differences(article.kinds[ATTRIBUTIONS])
        edited = make_item(ATTRIBUTIONS, quote.versions["Ben"][0].data
                           | {"identification": "partial", "source_type": "expert"})
        resolve_difference(gold, article.uid, quote, "edited", items=[edited],
                           note="officials of a ministry: partial")
        rows = gold.project.db.execute(
            "SELECT identification, source_type FROM attributions ORDER BY content_start"
        ).fetchall()
        assert rows == [("partial", "expert"), ("named", "government")]
        gold.project.close()


def test_decide_all_of_a_kind_logs_one_row_per_item(files, tmp_path) -> None:
    with ReviewSession.open(files) as session:
        article, = session.comparison.articles
        gold = GoldFile.create(tmp_path / "gold.framedesk", session, who="Cleo")
        resolve_all(gold, article.uid, CUES, "both", note="keep every cue")
        assert gold_cues(gold.project) == [
            ("Kyiv", "economic"), ("Kyiv", "security"), ("Geneva", "political"),
            ("Prices", "economic"), ("Moscow", "economic")]
        log = read_log(gold.project)
        assert len(log) == 3 and {e.decision for e in log} == {"both"}
        assert all(e.note == "keep every cue" for e in log)
        with pytest.raises(ValueError):
            resolve_all(gold, article.uid, PRIMARY, "both")
        gold.project.close()


def test_a_deleted_mention_stays_deleted_in_gold_and_after_re_running_ner(files, tmp_path) -> None:
    with ReviewSession.open(files) as session:
        article, = session.comparison.articles
        gold = GoldFile.create(tmp_path / "gold.framedesk", session, who="Cleo")
        geneva, = differences(article.kinds[ENTITIES])
        resolve_difference(gold, article.uid, geneva, "mine")
        project = gold.project
        statuses = dict(project.db.execute("SELECT text, status FROM mentions").fetchall())
        assert statuses == {"Kyiv": "auto", "Geneva": "deleted", "Moscow": "auto"}
        # An entity run that finds Geneva again does not bring it back.
        aid = project.db.execute("SELECT id FROM articles").fetchone()[0]
        found = [Mention(None, aid, *at(word), "GPE", word, word)
                 for word in ("Kyiv", "Geneva", "Moscow")]
        project.entities.replace_model_mentions(aid, found, "spacy:test@2")
        live = {m.text for m in project.entities.mentions(aid)}
        assert live == {"Kyiv", "Moscow"}
        # Taking the other coder's version lifts the marker.
        resolve_difference(gold, article.uid, geneva, "theirs")
        assert "Geneva" in {m.text for m in project.entities.mentions(aid)}
        project.close()


def test_a_strategy_merge_keeps_the_coders_deleted_mentions(files, tmp_path) -> None:
    merge_files(files, tmp_path / "gold.framedesk", who="Cleo", strategy=str(files[0]))
    with Project.open(tmp_path / "gold.framedesk", read_only=True) as gold:
        assert gold.db.execute("SELECT status FROM mentions WHERE text = 'Geneva'"
                               ).fetchall() == [("deleted",)]
        open_items = undecided(gold)
        # One row per difference: 3 cues, 2 secondary frames, 1 attribution, 1 mention.
        assert sorted(e.kind for e in open_items) == sorted(
            [CUES] * 3 + [SECONDARY] * 2 + [ATTRIBUTIONS, ENTITIES])


def test_deciding_into_my_project_leaves_my_other_items_and_their_file_alone(files) -> None:
    theirs_before = hashlib.sha256(files[1].read_bytes()).hexdigest()
    with ReviewSession.open(files) as session:
        article, = session.comparison.articles
        with Project.open(files[0], annotator="Ana") as own:
            gold = GoldFile(own, session)
            kyiv = differences(article.kinds[CUES])[0]
            resolve_difference(gold, article.uid, kyiv, "theirs")
            assert gold_cues(own) == [("Kyiv", "economic"), ("Geneva", "political"),
                                      ("Prices", "economic")]
    assert hashlib.sha256(files[1].read_bytes()).hexdigest() == theirs_before


def test_an_edit_of_a_whole_kind_can_drop_an_agreed_item(files, tmp_path) -> None:
    with ReviewSession.open(files) as session:
        article, = session.comparison.articles
        gold = GoldFile.create(tmp_path / "gold.framedesk", session, who="Cleo")
        only = make_item(CUES, {"start": 0, "end": 4, "codebook": "policy_frames",
                                "code": "morality"})
        # Three cue differences: an edit of the kind says what the kind holds, all of it.
        gold.resolve(article.uid, CUES, "edited", items=[only])
        assert gold_cues(gold.project) == [("Kyiv", "morality")]
        entry, = read_log(gold.project)
        assert set(entry.versions) == {"Ana", "Ben"} and len(entry.versions["Ana"]) == 3
        gold.project.close()


def test_theirs_from_a_coder_who_did_not_code_the_article_is_refused(files, tmp_path) -> None:
    from framedesk.core.review.items import decided_items

    versions = {"Ana": [make_item(SECONDARY, {"codebook": "policy_frames", "code": "health"})],
                "Ben": []}
    assert decided_items(versions, "theirs", mine="Ana", coder=None) == ([], "Ben")
    with pytest.raises(ValueError, match="Cleo did not code"):
        decided_items(versions, "theirs", mine="Ana", coder="Cleo")
