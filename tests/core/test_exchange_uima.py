"""UIMA CAS JSON counts UTF-16 code units: the emoji, right-to-left and Chinese fixtures must
come in on exactly the characters they mark and go out with the same code-unit offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framedesk.core.errors import UnreadableFile
from framedesk.core.exchange.uima_json import parse_cas, read_uima_json, write_uima_json
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

UIMA = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "uima"
NAMES = sorted(p.name for p in UIMA.glob("*.json"))


def spans_in_units(cas: dict) -> tuple[str, list[tuple[int, int, str]]]:
    """(text, [(begin, end, type or label)]) of a CAS, offsets as the file has them."""
    fs = cas["%FEATURE_STRUCTURES"]
    text = next(f["sofaString"] for f in fs if f["%TYPE"] == "uima.cas.Sofa")
    spans = sorted((f["begin"], f["end"], f.get("label", f["%TYPE"])) for f in fs
                   if f["%TYPE"] not in ("uima.cas.Sofa", "uima.tcas.DocumentAnnotation"))
    return text, spans


def test_emoji_annotations_cover_exactly_the_words_they_mark(project: Project) -> None:
    path = UIMA / "casWithEmojiUnicodeTextAndAnnotations.json"
    summary = import_paths(project, [path], entities=False)
    article = project.articles.get(summary.new_ids[0])
    words = [project.articles.get(article.id).text[m.start:m.end]
             for m in project.entities.mentions(article.id)]
    # Each annotation in the file marks one space-separated word, whatever its UTF-16 size:
    # 🥳 is 2 units, 👳🏻‍♀️ is 7, ✆ is 1, 🧔🏾‍♂️ is 7.
    assert words == article.text.split(" ")
    assert words[2] == "\U0001F473\U0001F3FB\u200d\u2640\ufe0f"


@pytest.mark.parametrize("name", NAMES)
def test_uima_files_round_trip_with_utf16_offsets(project: Project, tmp_path: Path,
                                                  name: str) -> None:
    original = json.loads((UIMA / name).read_text(encoding="utf-8"))
    import_paths(project, [UIMA / name], entities=False)
    write_uima_json(project, None, tmp_path / "out")
    (exported,) = (tmp_path / "out").glob("*.json")
    assert spans_in_units(json.loads(exported.read_text(encoding="utf-8"))) == \
        spans_in_units(original)


def test_offset_inside_a_surrogate_pair_is_refused(tmp_path: Path) -> None:
    cas = {"%FEATURE_STRUCTURES": [
        {"%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaString": "😀 Kyiv"},
        {"%ID": 2, "%TYPE": "uima.tcas.Annotation", "@sofa": 1, "begin": 1, "end": 3}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(cas), encoding="utf-8")
    with pytest.raises(UnreadableFile, match="surrogate pair"):
        list(read_uima_json(path, path.read_text(encoding="utf-8")))


def test_labels_from_features_and_relations(tmp_path: Path) -> None:
    text = "👍 Putin met Biden."
    cas = {"%FEATURE_STRUCTURES": [
        {"%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaString": text},
        {"%ID": 2, "%TYPE": "webanno.custom.Span", "@sofa": 1, "begin": 3, "end": 8,
         "value": "PERSON"},
        {"%ID": 3, "%TYPE": "webanno.custom.Span", "@sofa": 1, "begin": 13, "end": 18,
         "value": "PERSON"},
        {"%ID": 4, "%TYPE": "webanno.custom.Rel", "@sofa": 1, "begin": 13, "end": 18,
         "label": "meets", "@Governor": 2, "@Dependent": 3}]}
    doc = parse_cas(cas)
    assert [(text[s.start:s.end], s.label) for s in doc.spans[:2]] == [("Putin", "PERSON"),
                                                                        ("Biden", "PERSON")]
    (rel,) = doc.relations
    assert (rel.type, rel.args) == ("meets", [("Governor", "2"), ("Dependent", "3")])


def test_cassis_json_with_a_long_type_system_is_recognised(project: Project,
                                                           tmp_path: Path) -> None:
    cassis = pytest.importorskip("cassis")
    ts = cassis.TypeSystem()
    for n in range(300):  # a real INCEpTION type system: tens of KB of %TYPES first
        ts.create_type(f"webanno.custom.Layer{n}")
    ne = ts.create_type("de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity")
    ts.create_feature(ne, "value", "uima.cas.String")
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = "👍 Putin met Biden."
    cas.add(ne(begin=2, end=7, value="PER"))  # cassis counts code points
    path = tmp_path / "inception.json"
    path.write_text(cas.to_json(), encoding="utf-8")
    assert path.read_text(encoding="utf-8").index("%FEATURE_STRUCTURES") > 2000
    summary = import_paths(project, [path], entities=False)
    assert summary.formats["uima"] == 1
    (mention,) = project.entities.mentions(summary.new_ids[0])
    assert (mention.text, mention.label) == ("Putin", "PER")
