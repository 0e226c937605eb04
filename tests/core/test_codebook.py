"""Codebook files: the shipped ones, what the loader refuses, and the YAML round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framedesk.core.codebook import (
    KEYS,
    Code,
    Codebook,
    DARK_BACKGROUND,
    LIGHT_BACKGROUND,
    collapse_tone,
    contrast_ratio,
    dump_codebook,
    load_codebook,
    load_shipped,
    loads_codebook,
    readable_on_both,
    shipped_codebook_paths,
)
from framedesk.core.errors import CodebookError
from framedesk.messages import describe

POLICY_FRAMES = ["economic", "capacity", "morality", "fairness", "legality", "policy", "crime",
                 "security", "health", "quality_of_life", "cultural_identity", "public_opinion",
                 "political", "external_regulation", "other"]


def test_policy_frames_are_the_fifteen_with_the_keys_of_the_keyboard_sheet() -> None:
    book = load_shipped("policy_frames")
    assert book.kind == "frames"
    assert book.ids() == POLICY_FRAMES
    assert "".join(c.key for c in book.codes) == "1234567890QWERT"
    assert book.code("security").key == "8"  # UX.md: "press 8 (security)"


def test_generic_frames_and_tone() -> None:
    generic = load_shipped("generic_frames")
    assert generic.ids() == ["conflict", "human_interest", "economic_consequences", "morality",
                             "responsibility"]
    tone = load_shipped("tone")
    assert tone.kind == "tone"
    assert [c.key for c in tone.codes] == ["A", "S", "D", "F", "G"]
    assert [collapse_tone(tone, c) for c in tone.ids()] == [
        "negative", "negative", "neutral", "positive", "positive"]


@pytest.mark.parametrize("name", ["policy_frames", "generic_frames", "tone"])
def test_shipped_codes_are_complete_and_readable_in_both_themes(name: str) -> None:
    book = load_shipped(name)
    for code in book.codes:
        assert code.label and len(code.definition) > 40, code.id
        assert code.key, code.id
        assert readable_on_both(code.color), (
            code.id, contrast_ratio(code.color, LIGHT_BACKGROUND),
            contrast_ratio(code.color, DARK_BACKGROUND))


def test_every_shipped_codebook_survives_dump_and_load() -> None:
    paths = shipped_codebook_paths()
    assert {"policy_frames", "generic_frames", "tone"} <= set(paths)
    for path in paths.values():
        book = load_codebook(path)
        assert loads_codebook(dump_codebook(book)) == book


def test_sourcing_shape_keeps_attribute_lists() -> None:
    book = loads_codebook("""
name: sourcing
kind: sourcing
attributes:
  quote_type: [{id: direct, label: Direct}, {id: indirect, label: Indirect}]
  certainty: [{id: hedged, label: Hedged}]
""")
    assert {k: [c.id for c in v] for k, v in book.attributes.items()} == {
        "quote_type": ["direct", "indirect"], "certainty": ["hedged"]}
    assert loads_codebook(dump_codebook(book)) == book


FRAME = "{id: %s, label: %s, color: '#2f9e44', key: '%s'}"


@pytest.mark.parametrize("text, detail", [
    ("name: x\nkind: frames\ncodes: [" + FRAME % ("a", "A", "1") + ", " + FRAME % ("a", "B", "2")
     + "]", "duplicate code id 'a'"),
    ("name: x\nkind: frames\ncodes: [" + FRAME % ("a", "A", "1") + ", " + FRAME % ("b", "B", "1")
     + "]", "key '1' is given to both 'a' and 'b'"),
    ("name: x\nkind: frames\ncodes: [{id: a, label: A, color: red, key: '1'}]",
     "colour 'red' of code 'a' is not #rrggbb"),
    ("name: x\nkind: frames\ncodes: [" + FRAME % ("a", "A", "J") + "]", "key 'J'"),
    ("name: x\nkind: opinions\ncodes: []", "kind 'opinions'"),
    ("name: x\nkind: frames\ncodes: [{id: a, label: A, key: '1'}]", "code 'a' has no colour"),
    ("kind: frames\ncodes: []", "name is missing"),
    ("name: x\nkind: frames\ncodes: [{id: 'Not an id', label: A, color: '#2f9e44'}]",
     "code id 'Not an id'"),
    ("name: x\nkind: frames\ncodes:\n  - id: a\n   label: [", "not valid YAML"),
])
def test_malformed_codebooks_are_refused_with_the_culprit_named(text: str, detail: str) -> None:
    with pytest.raises(CodebookError) as info:
        loads_codebook(text, "team.yaml")
    assert detail in info.value.detail
    sentence = describe(info.value)
    assert sentence.startswith("Codebook team.yaml:") and detail in sentence


def test_keys_are_case_insensitive_and_numbers_are_keys(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nkind: frames\ncodes:\n"
                    "  - {id: a, label: A, color: '#2F9E44', key: q}\n"
                    "  - {id: b, label: B, color: '#e03131', key: 7}\n", encoding="utf-8")
    book = load_codebook(path)
    assert [(c.key, c.color) for c in book.codes] == [("Q", "#2f9e44"), ("7", "#e03131")]


def test_unreadable_file_is_a_codebook_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"\xff\xfe\x00 not utf-8 \xc3")
    with pytest.raises(CodebookError):
        load_codebook(path)
    with pytest.raises(CodebookError):
        load_codebook(tmp_path / "missing.yaml")


_labels = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Co", "Zl", "Zp")),
                  min_size=1, max_size=40).filter(str.strip)
_words = st.text(max_size=80).map(lambda t: " ".join(t.split()))


@st.composite
def codebooks(draw) -> Codebook:
    n = draw(st.integers(min_value=1, max_value=8))
    ids = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True), min_size=n,
                        max_size=n, unique=True))
    keys = draw(st.lists(st.sampled_from(KEYS) | st.none(), min_size=n, max_size=n))
    seen: set[str] = set()
    codes = []
    for code_id, key in zip(ids, keys):
        key = key if key not in seen else None
        if key:
            seen.add(key)
        codes.append(Code(code_id, draw(_labels), draw(_words),
                          draw(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)), key))
    return Codebook(name="team_frames", title=draw(_labels), kind="frames",
                    version=draw(st.integers(1, 99)), description=draw(_words),
                    codes=tuple(codes))


@settings(max_examples=30, deadline=None)
@given(codebooks())
def test_any_valid_codebook_survives_yaml_unchanged(book: Codebook) -> None:
    assert loads_codebook(dump_codebook(book)) == book
