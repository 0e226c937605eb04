"""brat: what we write passes brat's configuration and verifier rules (tests/support/
brat_rules.py), and what an analyst made comes back as itself: attribute values with spaces,
a frame cue's note, brat's equivalences and normalisations."""

from __future__ import annotations

import shutil
from pathlib import Path

from framedesk.core.exchange.brat import write_brat
from framedesk.core.exchange.gather import INTEROP_KEY
from framedesk.core.exchange.interop import ForeignDocument, ForeignRelation, ForeignSpan, build_draft
from framedesk.core.exchange.storing import store_annotations
from framedesk.core.importing import import_paths
from framedesk.core.store import Project
from framedesk.core.textnorm import normalise_text
from tests.support.brat_rules import parse_conf, verify, verify_collection

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "brat"


def brat_copy(tmp_path: Path) -> Path:
    src = tmp_path / "news"
    shutil.copytree(FIXTURES, src, ignore=shutil.ignore_patterns("LICENSE*"))
    return src


def test_the_rules_catch_a_numbered_role_in_the_conf() -> None:
    """The checker is not a rubber stamp: the conf Framedesk used to write is refused."""
    conf = parse_conf("[entities]\nOrganization\n[relations]\n[events]\n"
                      "Merge-org\tOrg-Arg*:Organization, Org-Arg2*:Organization\n[attributes]\n")
    assert any("ends in a number" in i for i in conf.issues)
    ann = ("T1\tOrganization 0 6\tGoogle\nT2\tOrganization 11 18\tYouTube\n"
           "T3\tMerge-org 19 25\tmerged\nE1\tMerge-org:T3 Org-Arg:T1 Org-Arg2:T2\n")
    good = parse_conf("[entities]\nOrganization\n[relations]\n[events]\n"
                      "Merge-org\tOrg-Arg:Organization\n[attributes]\n")
    assert any("cannot take multiple Org-Arg" in i for i in verify(ann, good))


def test_brat_tutorial_collection_reexports_without_a_verifier_issue(project: Project,
                                                                     tmp_path: Path) -> None:
    src = brat_copy(tmp_path)
    # The tutorial's own files pass the same rules (the checker reads brat's conf syntax:
    # macros, hierarchies, {2} cardinalities) ...
    original_issues = verify_collection(src)
    assert not [i for i in original_issues if "conf" in i or "ends in a number" in i]
    summary = import_paths(project, [src], entities=False)
    assert summary.imported == 13
    write_brat(project, None, tmp_path / "out")
    # ... and so does our export of them, events with Org-Arg2 and Org-Arg3 included.
    assert verify_collection(tmp_path / "out") == []
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert "Org-Arg*:Organization" in conf and "Org-Arg2" not in conf


def test_equivalences_and_normalisations_come_back(project: Project, tmp_path: Path) -> None:
    src = brat_copy(tmp_path)
    import_paths(project, [src], entities=False)
    write_brat(project, None, tmp_path / "out")
    original = {}
    for ann in src.glob("*.ann"):
        lines = ann.read_text(encoding="utf-8").splitlines()
        if any(line[:1] in "*N" for line in lines):
            original[ann.with_suffix(".txt").read_text(encoding="utf-8")] = lines
    # Exported texts are the stored ones (normalised unless the import kept them exactly).
    by_stored = {normalise_text(text): text for text in original}
    assert original, "the tutorial has * and N lines"
    exported = {p.with_suffix(".txt").read_text(encoding="utf-8"):
                p.read_text(encoding="utf-8").splitlines() for p in (tmp_path / "out").glob("*.ann")}

    def content(lines: list[str], text: str) -> set[tuple]:
        spans = {}
        for line in lines:
            f = line.split("\t")
            if f[0].startswith("T"):
                label, offsets = f[1].split(" ", 1)
                a, b = offsets.split(";")[0].split()[0], offsets.split(";")[-1].split()[1]
                spans[f[0]] = (label, text[int(a):int(b)])
        out = set()
        for line in lines:
            f = line.split("\t")
            if f[0] == "*":
                kind, *keys = f[1].split()
                out.add(("*", kind, frozenset(spans[k] for k in keys)))
            elif f[0].startswith("N"):
                kind, key, ref = f[1].split()
                out.add(("N", kind, spans[key], ref, f[2]))
        return out

    for stored, lines in exported.items():
        text = by_stored.get(normalise_text(stored))
        if text is None:
            continue
        theirs = content(original[text], text)
        assert theirs and content(lines, stored) == theirs
        del by_stored[normalise_text(stored)]
    assert not by_stored


def annotated(project: Project, doc: ForeignDocument) -> int:
    draft = build_draft(doc, "test")
    ((article_id, _),) = project.articles.add_many([draft])
    store_annotations(project, article_id, draft.text, draft.annotations)
    return article_id


def test_attribute_values_with_spaces_and_cue_notes_come_back(project: Project,
                                                             tmp_path: Path) -> None:
    text = "Vladimir Putin said the war would end soon, officials reported."
    def at(word: str) -> tuple[int, int]:
        return text.index(word), text.index(word) + len(word)
    doc = ForeignDocument(text=text, spans=[
        ForeignSpan("T1", *at("Vladimir Putin"), "SOURCE",
                    attributes={"entity": "Vladimir Putin", "quote_type": "indirect quote"}),
        ForeignSpan("T2", *at("said"), "CUE"),
        ForeignSpan("T3", at("the war")[0], at("soon")[1], "CONTENT"),
        ForeignSpan("T4", *at("war"), "FRAME_CONFLICT", attributes={"note": "the war, not a war"}),
        ForeignSpan("T5", *at("Vladimir Putin"), "Named Entity")],
        relations=[ForeignRelation("R1", "ATTR_CUE", [("Arg1", "T1"), ("Arg2", "T2")]),
                   ForeignRelation("R2", "ATTR_CONTENT", [("Arg1", "T1"), ("Arg2", "T3")])])
    annotated(project, doc)
    (first,) = project.articles.ids()
    (attribution,) = project.attributions.list(first)
    assert attribution.quote_type == "indirect quote"
    write_brat(project, None, tmp_path / "out")
    assert verify_collection(tmp_path / "out") == []
    other = Project.create(tmp_path / "again.framedesk", annotator="Ana")
    try:
        summary = import_paths(other, [tmp_path / "out"], entities=False)
        assert not summary.failed
        (again,) = summary.new_ids
        (back,) = other.attributions.list(again)
        assert back.quote_type == "indirect quote"
        assert back.entity == attribution.entity
        names = [r[0] for r in other.db.execute("SELECT name FROM entities ORDER BY name")]
        assert not any("_" in n for n in names)           # no "Vladimir_Putin" entity
        assert {m.label for m in other.entities.mentions(again)} == {"Named Entity"}
        (cue,) = other.coding.cues(again)
        assert (cue.code, cue.note) == ("CONFLICT", "the war, not a war")
        article = other.articles.get(again)
        assert not article.extra.get(INTEROP_KEY, {}).get("notes")  # not an article note
    finally:
        other.close()
