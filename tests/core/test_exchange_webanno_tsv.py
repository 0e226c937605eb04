"""WebAnno TSV 3 on INCEpTION's own reference pairs (tests/data/fixtures/webanno-tsv): every
file imports, lands on the same characters as INCEpTION's XMI of the same document, exports
back byte for byte as INCEpTION wrote it, and re-imports to the same annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.exchange.gather import INTEROP_KEY
from framedesk.core.exchange.interop import ForeignDocument, ForeignRelation, ForeignSpan, build_draft
from framedesk.core.exchange.storing import store_annotations
from framedesk.core.exchange.webanno_write import write_webanno_tsv
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

SUITE = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "webanno-tsv" / "tsv3-suite"
CASES = sorted(p.name for p in SUITE.iterdir()) if SUITE.is_dir() else []
# INCEpTION's writer moves an annotation that starts or ends on whitespace onto the token
# (its reference TSV says so), and a TSV cannot carry whitespace after the last token.
SNAPPED_BY_INCEPTION = {"testAnnotationWithLeadingWhitespace",
                        "testAnnotationWithLeadingWhitespaceAtStart",
                        "testAnnotationWithTrailingWhitespace",
                        "testAnnotationWithTrailingWhitespaceAtEnd",
                        "testZeroWidthAnnotationBeyondLastTokenIsMovedToEndOfLastToken"}



def imported(project: Project, path: Path):
    summary = import_paths(project, [path], entities=False)
    assert not summary.failed, [str(f.error) for f in summary.failed]
    (article_id,) = summary.new_ids
    return project.articles.get(article_id)


def visible(project: Project, article) -> list[tuple[int, int]]:
    """Where the analyst sees an annotation: mentions, cues, attribution parts."""
    out = [(m.start, m.end) for m in project.entities.mentions(article.id)]
    out += [(c.start, c.end) for c in project.coding.cues(article.id)]
    for a in project.attributions.list(article.id):
        out += [(p.start, p.end) for p in (a.source, a.cue, a.content) if p]
    return sorted(set(out))


def layout(article) -> dict:
    """The stored WebAnno layout with annotations named by content, not list position."""
    stored = article.extra[INTEROP_KEY]["webanno"]
    spans = stored["spans"]
    def name(end):
        return tuple(end) if isinstance(end, list) else (spans[end]["layer"], spans[end]["begin"],
                                                         spans[end]["end"])
    return {
        "layers": stored["layers"], "tokens": stored["tokens"], "sentences": stored["sentences"],
        "chains": stored["chains"],
        "spans": sorted((s["layer"], s["begin"], s["end"], sorted(s["features"].items(), key=str),
                         sorted((str(r), name(t)) for r, t in s["links"])) for s in spans),
        "relations": sorted((r["layer"], name(r["governor"]), name(r["dependent"]),
                             sorted(r["features"].items(), key=str)) for r in stored["relations"]),
    }


@pytest.mark.parametrize("case", CASES)
def test_reference_tsv_lands_where_inceptions_xmi_has_it(project: Project, tmp_path: Path,
                                                        case: str) -> None:
    article = imported(project, SUITE / case / "reference.tsv")
    assert project.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    xmi = SUITE / case / "reference.xmi"
    if not xmi.exists() or case in SNAPPED_BY_INCEPTION:
        return
    other = Project.create(tmp_path / "xmi.framedesk", annotator="Ana")
    try:
        from_xmi = imported(other, xmi)
        assert article.text == from_xmi.text
        chains = article.extra[INTEROP_KEY]["webanno"]["chains"]
        if not chains:   # an XMI has chain links as annotations, the TSV as chains
            assert visible(project, article) == visible(other, from_xmi)
    finally:
        other.close()


# INCEpTION writes this one's two sub-token units out of offset order (3-4 before 0-1);
# ours are in offset order: the same annotations (the re-import test checks), other lines.
OUT_OF_ORDER = pytest.mark.xfail(strict=True, reason="INCEpTION's sub-token order differs")


@pytest.mark.parametrize("case", [pytest.param(c, marks=OUT_OF_ORDER)
                                  if c == "testSubTokenRelation" else c for c in CASES])
def test_export_is_the_reference_tsv_again(project: Project, tmp_path: Path, case: str) -> None:
    reference = (SUITE / case / "reference.tsv").read_text(encoding="utf-8")
    imported(project, SUITE / case / "reference.tsv")
    assert write_webanno_tsv(project, None, tmp_path / "out") == 1
    (written,) = (tmp_path / "out").glob("*.tsv")
    assert written.read_text(encoding="utf-8") == reference


@pytest.mark.parametrize("case", CASES)
def test_export_then_reimport_gives_the_same_annotations(project: Project, tmp_path: Path,
                                                         case: str) -> None:
    first = imported(project, SUITE / case / "reference.tsv")
    write_webanno_tsv(project, None, tmp_path / "out")
    (written,) = (tmp_path / "out").glob("*.tsv")
    other = Project.create(tmp_path / "again.framedesk", annotator="Ana")
    try:
        again = imported(other, written)
        assert again.text == first.text
        assert visible(other, again) == visible(project, first)
        assert layout(again) == layout(first)
    finally:
        other.close()


def test_emoji_offsets_are_utf16_units(project: Project) -> None:
    article = imported(project, SUITE / "testSentenceWithEmoji" / "reference.tsv")
    (mention,) = project.entities.mentions(article.id)
    assert mention.text == "😊"   # 10-12 in the file: two UTF-16 units, one character


def test_framedesk_annotations_export_on_inceptions_layers(project: Project,
                                                           tmp_path: Path) -> None:
    text = "👍 Putin said the war is near.\nBiden replied."
    def at(word: str) -> tuple[int, int]:
        return text.index(word), text.index(word) + len(word)
    doc = ForeignDocument(text=text, spans=[
        ForeignSpan("T1", *at("Putin"), "PER"), ForeignSpan("T2", *at("Biden"), "PER"),
        ForeignSpan("T3", *at("war"), "FRAME_CONFLICT"), ForeignSpan("T4", *at("Put"), "ORG"),
        ForeignSpan("T5", *at("said"), "CUE"), ForeignSpan("T6", at("the")[0], at("near")[1],
                                                           "CONTENT")],
        relations=[ForeignRelation("R1", "ATTR_CUE", [("Arg1", "T6"), ("Arg2", "T5")])])
    draft = build_draft(doc, "test")
    ((article_id, _),) = project.articles.add_many([draft])
    store_annotations(project, article_id, draft.text, draft.annotations)
    write_webanno_tsv(project, None, tmp_path / "out")
    (written,) = (tmp_path / "out").glob("*.tsv")
    tsv = written.read_text(encoding="utf-8")
    header = tsv.split("\n\n\n")[0].splitlines()
    assert header == ["#FORMAT=WebAnno TSV 3.3",
                      "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value",
                      "#T_SP=webanno.custom.FramedeskSpan|label",
                      "#T_RL=webanno.custom.FramedeskRelation|label|BT_webanno.custom.FramedeskSpan"]
    # "Putin" starts after a two-unit emoji and a space: 3-8 in UTF-16, and "Put" (ORG)
    # is a sub-token unit of it.
    lines = {line.split("\t")[0]: line.split("\t") for line in tsv.splitlines() if "\t" in line}
    assert lines["1-2"][1:3] == ["3-8", "Putin"] and lines["1-2"][4] == "PER"
    assert lines["1-2.1"][1:3] == ["3-6", "Put"] and lines["1-2.1"][4] == "ORG"
    assert lines["2-1"][1:3] == ["31-36", "Biden"]
    other = Project.create(tmp_path / "again.framedesk", annotator="Ana")
    try:
        again = imported(other, written)
        assert again.text == text
        assert sorted((m.text, m.label) for m in other.entities.mentions(again.id)) == \
            [("Biden", "PER"), ("Put", "ORG"), ("Putin", "PER")]
        (cue,) = other.coding.cues(again.id)
        assert (text[cue.start:cue.end], cue.code) == ("war", "CONFLICT")
        (attribution,) = other.attributions.list(again.id)
        assert text[attribution.cue.start:attribution.cue.end] == "said"
    finally:
        other.close()


def test_deleted_mention_is_not_exported_again(project: Project, tmp_path: Path) -> None:
    article = imported(project, SUITE / "testTokenBoundedSpanWithFeatureValue" / "reference.tsv")
    mentions = project.entities.mentions(article.id)
    assert len(mentions) == 5
    project.db.execute("UPDATE mentions SET status = 'deleted' WHERE id = ?", (mentions[0].id,))
    write_webanno_tsv(project, None, tmp_path / "out")
    (written,) = (tmp_path / "out").glob("*.tsv")
    cells = [line.split("\t")[3] for line in written.read_text(encoding="utf-8").splitlines()
             if line[:1].isdigit()]
    assert cells == ["_", "NE 1", "NE 2", "NE 3", "NE 4"]


@pytest.mark.parametrize("body, says", [
    ("#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value\n\n\n#Text=Hi\n1-1\t0-2\tHi\t\n",
     "columns"),
    ("#FORMAT=WebAnno TSV 3.3\n\n\n#Text=Hi\n1-1\t0-9\tHi\t\n", "outside the text"),
    ("#FORMAT=WebAnno TSV 3.3\n\n\n#Text=Hi\n1-1\t0-2\tHo\t\n", "but the #Text has"),
])
def test_broken_file_gets_one_sentence_with_its_line(project: Project, tmp_path: Path,
                                                     body: str, says: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(body, encoding="utf-8")
    summary = import_paths(project, [path], entities=False)
    (failure,) = summary.failed
    assert says in str(failure.error) and "WebAnno TSV" in str(failure.error)
    assert failure.error.line == body.splitlines().index(body.splitlines()[-1]) + 1


@pytest.mark.parametrize("name", ["coref.tsv", "example2.tsv"])
def test_real_documents_keep_linguistic_layers_out_of_the_entities(project: Project,
                                                                   tmp_path: Path,
                                                                   name: str) -> None:
    """INCEpTION exports carry lemmas, POS and dependencies on every token: they come back
    in the export, but only named entities become mentions."""
    path = SUITE.parent / "tsv3" / name
    article = imported(project, path)
    labels = {m.label for m in project.entities.mentions(article.id)}
    assert labels and labels <= {"PER", "ORG", "LOC", "OTH"}
    write_webanno_tsv(project, None, tmp_path / "out")
    (written,) = (tmp_path / "out").glob("*.tsv")
    ours, theirs = (p.read_text(encoding="utf-8").splitlines() for p in (written, path))
    # The same lines but for how annotations are numbered ([2] there may be [1] here).
    strip = __import__("re").compile(r"\[\d+(_\d+)?\]|->\d+-")
    assert [strip.sub("", x) for x in ours] == [strip.sub("", x) for x in theirs]
    other = Project.create(tmp_path / "again.framedesk", annotator="Ana")
    try:
        again = imported(other, written)
        assert layout(again) == layout(article)
        assert visible(other, again) == visible(project, article)
    finally:
        other.close()


def test_a_hand_edited_stored_layout_does_not_stop_the_export(project: Project,
                                                              tmp_path: Path) -> None:
    import json

    article = imported(project, SUITE / "testSingleTokenRelationWithFeatureValue" / "reference.tsv")
    extra = dict(article.extra)
    extra[INTEROP_KEY]["webanno"]["relations"][0]["governor"] = 99   # no such span
    project.db.execute("UPDATE articles SET extra = ? WHERE id = ?",
                       (json.dumps(extra), article.id))
    assert write_webanno_tsv(project, None, tmp_path / "out") == 1
    (written,) = (tmp_path / "out").glob("*.tsv")
    assert written.read_text(encoding="utf-8").startswith("#FORMAT=WebAnno TSV 3.3")


def test_brat_relations_between_mentions_reach_inceptions_relation_layer(project: Project,
                                                                         tmp_path: Path) -> None:
    brat = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "brat"
    import_paths(project, [brat / "060-relation_annotation.ann"], entities=False)
    (article_id,) = project.articles.ids()
    relations = project.articles.get(article_id).extra[INTEROP_KEY]["relations"]
    write_webanno_tsv(project, None, tmp_path / "out")
    (written,) = (tmp_path / "out").glob("*.tsv")
    other = Project.create(tmp_path / "again.framedesk", annotator="Ana")
    try:
        again = imported(other, written)
        back = again.extra[INTEROP_KEY]["relations"]
        def pairs(rels):
            return sorted((r["type"], r["args"][0]["ref"]["start"], r["args"][1]["ref"]["start"])
                          for r in rels)
        assert relations and pairs(back) == pairs(relations)
    finally:
        other.close()
