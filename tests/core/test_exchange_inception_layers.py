"""INCEpTION's layers in a CAS written by dkpro-cassis itself: DKPro's NamedEntity becomes an
entity mention labelled by its value, a custom span layer with FRAME_ / SOURCE labels becomes
a frame cue / attribution, and a custom relation layer links attribution parts or is kept
for the round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.exchange.gather import INTEROP_KEY
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

cassis = pytest.importorskip("cassis")

NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
TEXT = "👍 Putin said the war is near, Biden replied. 🥳"


def dkpro_typesystem():
    ts = cassis.TypeSystem()
    ne = ts.create_type(NE)
    ts.create_feature(ne, "value", "uima.cas.String")
    ts.create_feature(ne, "identifier", "uima.cas.String")
    token = ts.create_type("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token")
    ts.create_feature(token, "order", "uima.cas.Integer")
    ts.create_type("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence")
    meta = ts.create_type("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
                          supertypeName="uima.tcas.DocumentAnnotation")
    ts.create_feature(meta, "documentTitle", "uima.cas.String")
    part = ts.create_type("webanno.custom.Quote")
    ts.create_feature(part, "role", "uima.cas.String")
    ts.create_feature(part, "confidence", "uima.cas.Integer")
    link = ts.create_type("webanno.custom.QuoteLink")
    ts.create_feature(link, "Governor", "webanno.custom.Quote")
    ts.create_feature(link, "Dependent", "webanno.custom.Quote")
    ts.create_feature(link, "label", "uima.cas.String")
    rel = ts.create_type("webanno.custom.Replies")
    ts.create_feature(rel, "Governor", NE)
    ts.create_feature(rel, "Dependent", NE)
    return ts


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def write_inception_cas(path: Path, *, xmi: bool = False) -> None:
    ts = dkpro_typesystem()
    T = ts.get_type
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = TEXT   # cassis counts code points and writes UTF-16 offsets itself
    cas.add(T("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")(
        begin=0, end=len(TEXT), documentTitle="Talks"))
    for word in TEXT.split():
        start = TEXT.index(word)
        cas.add(T("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token")(
            begin=start, end=start + len(word)))
    putin = T(NE)(begin=at("Putin")[0], end=at("Putin")[1], value="PER",
                  identifier="Q7747")
    biden = T(NE)(begin=at("Biden")[0], end=at("Biden")[1], value="PER")
    cue = T("webanno.custom.Quote")(begin=at("said")[0], end=at("said")[1], role="CUE")
    content = T("webanno.custom.Quote")(begin=at("the")[0], end=at("near")[1],
                                        role="CONTENT", confidence=3)
    frame = T("webanno.custom.Quote")(begin=at("war")[0], end=at("war")[1],
                                      role="FRAME_CONFLICT")
    cas.add_all([putin, biden, cue, content, frame])
    cas.add(T("webanno.custom.QuoteLink")(begin=cue.begin, end=cue.end, Governor=content,
                                          Dependent=cue, label="ATTR_CUE"))
    cas.add(T("webanno.custom.Replies")(begin=biden.begin, end=biden.end, Governor=biden,
                                        Dependent=putin))
    if xmi:
        path.write_text(cas.to_xmi(), encoding="utf-8")
    else:
        path.write_text(cas.to_json(), encoding="utf-8")


@pytest.mark.parametrize("suffix", [".json", ".xmi"])
def test_dkpro_layers_map_to_entities_cues_and_attributions(project: Project, tmp_path: Path,
                                                            suffix: str) -> None:
    if suffix == ".xmi":
        pytest.importorskip("framedesk.core.exchange.uima_xmi")
    path = tmp_path / f"inception{suffix}"
    write_inception_cas(path, xmi=suffix == ".xmi")
    summary = import_paths(project, [path], entities=False)
    assert not summary.failed, summary.failed
    article = project.articles.get(summary.new_ids[0])
    text = article.text
    assert article.title == "Talks"
    mentions = [(m.text, m.label) for m in project.entities.mentions(article.id)]
    assert mentions == [("Putin", "PER"), ("Biden", "PER")]   # tokens are not mentions
    (cue,) = project.coding.cues(article.id)
    assert (text[cue.start:cue.end], cue.code) == ("war", "CONFLICT")
    (attribution,) = project.attributions.list(article.id)
    assert text[attribution.cue.start:attribution.cue.end] == "said"
    assert text[attribution.content.start:attribution.content.end] == "the war is near"
    interop = article.extra[INTEROP_KEY]
    (replies,) = interop["relations"]
    assert replies["type"] == "webanno.custom.Replies"
    assert [(a["role"], text[a["ref"]["start"]:a["ref"]["end"]]) for a in replies["args"]] \
        == [("Governor", "Biden"), ("Dependent", "Putin")]
    kept = {(a["name"], a["value"]) for a in interop["attributes"]}
    assert ("identifier", "Q7747") in kept


def test_xmi_export_loads_in_cassis_with_utf16_offsets(project: Project, tmp_path: Path) -> None:
    from framedesk.core.exchange.uima_xmi import write_uima_xmi

    path = tmp_path / "inception.json"
    write_inception_cas(path)
    import_paths(project, [path], entities=False)
    assert write_uima_xmi(project, None, tmp_path / "xmi") == 1
    folder = tmp_path / "xmi"
    (xmi,) = folder.glob("*.xmi")
    with open(folder / "TypeSystem.xml", "rb") as fh:
        ts = cassis.load_typesystem(fh)
    with open(xmi, "rb") as fh:
        cas = cassis.load_cas_from_xmi(fh, typesystem=ts)
    assert cas.sofa_string == TEXT
    entities = [(e.get_covered_text(), e.value) for e in cas.select(NE)]
    assert entities == [("Putin", "PER"), ("Biden", "PER")]
    spans = {(s.get_covered_text(), s.label) for s in cas.select("framedesk.Span")}
    assert spans == {("war", "FRAME_CONFLICT"), ("said", "CUE"), ("the war is near", "CONTENT")}
    relations = {(r.Governor.get_covered_text(), r.Dependent.get_covered_text(), r.label)
                 for r in cas.select("framedesk.Relation")}
    assert ("Biden", "Putin", "webanno.custom.Replies") in relations
    # ... and what cassis writes back from it comes in as the same article, unchanged.
    again = tmp_path / "again.xmi"
    again.write_text(cas.to_xmi(), encoding="utf-8")
    other = Project.create(tmp_path / "other.framedesk", annotator="Ana")
    try:
        summary = import_paths(other, [again], entities=False)
        assert not summary.failed, summary.failed
        article = other.articles.get(summary.new_ids[0])
        assert article.text == TEXT
        assert [(m.text, m.label) for m in other.entities.mentions(article.id)] == \
            [("Putin", "PER"), ("Biden", "PER")]
        (cue,) = other.coding.cues(article.id)
        assert cue.code == "CONFLICT"
        assert len(other.attributions.list(article.id)) == 1
    finally:
        other.close()
