"""Round trips against other tools' real files: import a fixture into a project, export the
project to the same format, and get back the same texts, spans, labels and relations.

Texts are compared after Framedesk's normalisation (line endings, trailing blanks, runs of
blank lines), which every import applies; the fixture's offsets are moved onto that text
with the same map, so a span that drifted by one character fails the comparison.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from framedesk.core.exchange.brat import write_brat
from framedesk.core.exchange.doccano import write_doccano
from framedesk.core.exchange.labelstudio import write_labelstudio
from framedesk.core.exchange.prodigy import write_prodigy
from framedesk.core.exchange.spacy_docbin import write_spacy
from framedesk.core.exchange.textmap import normalise_with_map
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def import_file(project: Project, *paths: Path):
    summary = import_paths(project, list(paths), entities=False)
    assert not summary.failed, [(f.path.name, f.line, str(f.error)) for f in summary.failed]
    return summary


# ------------------------------------------------------------------ brat
def brat_content(txt: Path, ann: Path) -> tuple[str, set, set, set, set]:
    """A brat document as comparable sets, parsed here independently of the importer:
    (normalised text, entities, relations/events, attributes, notes), every annotation
    referred to by (label, offsets on the normalised text) instead of its T/R/E number."""
    tm = normalise_with_map(txt.read_bytes().decode("utf-8"))
    lines = [line.split("\t") for line in ann.read_text(encoding="utf-8").splitlines() if line]
    ref: dict[str, tuple] = {}
    for f in lines:
        if f[0].startswith("T"):
            label, offsets = f[1].split(" ", 1)
            pieces = tuple(tm.span(*map(int, p.split())) for p in offsets.split(";"))
            ref[f[0]] = (label, pieces)
    for f in lines:
        if f[0].startswith("E"):
            head = f[1].split()[0]
            ref[f[0]] = ("event", ref[head.split(":")[1]])
    entities = {v for k, v in ref.items() if k.startswith("T")}
    relations, attributes, notes = set(), set(), set()
    for f in lines:
        if f[0][0] in "RE":
            head, *args = f[1].split()
            kind, _, trigger = head.partition(":")
            relations.add((kind, ref.get(trigger), frozenset(
                (a.split(":")[0].rstrip("0123456789") if f[0][0] == "E" else a.split(":")[0],
                 ref[a.split(":")[1]]) for a in args)))
        elif f[0].startswith("A"):
            name, target, *value = f[1].split()
            attributes.add((name, ref[target], value[0] if value else None))
        elif f[0].startswith("#"):
            target = f[1].split()[1]
            notes.add((ref.get(target) or relation_ref(lines, target, ref), f[2]))
    return tm.text, entities, relations, attributes, notes


def relation_ref(lines: list[list[str]], key: str, ref: dict[str, tuple]) -> tuple:
    line = next(f for f in lines if f[0] == key)
    kind, *args = line[1].split()
    return (kind, frozenset(ref[a.split(":")[1]] for a in args))


def test_brat_collection_round_trips(project: Project, tmp_path: Path) -> None:
    src = tmp_path / "news"
    shutil.copytree(FIXTURES / "brat", src, ignore=shutil.ignore_patterns("LICENSE*"))
    summary = import_file(project, src)
    # Thirteen documents, each one article: the .txt files were not imported on their own.
    assert summary.imported == 13 and summary.formats["brat"] == 13
    write_brat(project, None, tmp_path / "out")
    exported = {}
    for ann in (tmp_path / "out").glob("*.ann"):
        content = brat_content(ann.with_suffix(".txt"), ann)
        exported[content[0]] = content
    assert (tmp_path / "out" / "annotation.conf").is_file()
    for ann in sorted(src.glob("*.ann")):
        text, entities, relations, attributes, notes = brat_content(ann.with_suffix(".txt"), ann)
        got = exported[text]
        assert got[1] == entities, ann.name
        # Event argument roles are numbered in brat (Org-Arg2); compare them without numbers.
        assert got[2] == relations, ann.name
        assert got[3] == attributes, ann.name
        assert got[4] == notes, ann.name


def test_brat_entities_become_manual_mentions_with_import_origin(project: Project,
                                                                 tmp_path: Path) -> None:
    import_file(project, FIXTURES / "brat" / "060-relation_annotation.ann")
    (aid,) = project.articles.ids()
    mentions = project.entities.mentions(aid)
    text = project.articles.get(aid).text
    assert mentions and all(m.status == "manual" and m.origin == "import:brat" for m in mentions)
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert {m.label for m in mentions} <= {"Person", "Organization", "GPE", "Money"}


# ------------------------------------------------------------------ doccano
def doccano_content(obj: dict) -> tuple[str, set, set, set]:
    tm = normalise_with_map(obj["text"])
    raw = obj.get("entities", obj.get("label", []))
    spans: dict[object, tuple] = {}
    for i, e in enumerate(raw):
        if isinstance(e, dict):
            spans[e["id"]] = (*tm.span(e["start_offset"], e["end_offset"]), e["label"])
        else:
            spans[i] = (*tm.span(e[0], e[1]), e[2])
    relations = {(r["type"], spans[r["from_id"]], spans[r["to_id"]])
                 for r in obj.get("relations", [])}
    cats = set(obj.get("cats", []))
    return tm.text, set(spans.values()), relations, cats


@pytest.mark.parametrize("name", ["relation_extraction.jsonl", "sequence_labeling.jsonl",
                                  "intent.jsonl"])
def test_doccano_files_round_trip(project: Project, tmp_path: Path, name: str) -> None:
    path = FIXTURES / "doccano" / name
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    valid = [obj for obj in lines if "text" in obj]
    summary = import_paths(project, [path], entities=False)
    assert summary.imported == len(valid)
    write_doccano(project, None, tmp_path / "out.jsonl")
    got = {c[0]: c for c in (doccano_content(json.loads(line)) for line in
                             (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines())}
    for obj in valid:
        expected = doccano_content(obj)
        assert got[expected[0]] == expected


# ------------------------------------------------------------------ Prodigy
def test_prodigy_ner_file_round_trips_and_ignored_task_is_counted(project: Project,
                                                                  tmp_path: Path) -> None:
    path = FIXTURES / "prodigy" / "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"
    tasks = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    accepted = [t for t in tasks if t["answer"] == "accept"]
    summary = import_file(project, path)
    assert [s.reason for s in summary.skipped] == ["answer: ignore"]
    assert summary.imported == len({t["text"] for t in accepted})
    write_prodigy(project, None, tmp_path / "out.jsonl")
    out = {t["text"]: t for t in map(json.loads, (tmp_path / "out.jsonl").read_text(
        encoding="utf-8").splitlines())}
    for t in accepted:   # the text kept exactly, so the offsets are the file's own
        expected = {(s["start"], s["end"], s["label"]) for s in t.get("spans", [])}
        assert {(s["start"], s["end"], s["label"]) for s in out[t["text"]]["spans"]} == expected


def test_prodigy_rejected_and_ignored_textcat_tasks_are_skipped(project: Project) -> None:
    path = FIXTURES / "prodigy" / "annotated_github-issues-DOCUMENTATION-textcat.jsonl"
    tasks = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    summary = import_file(project, path)
    reasons = [s.reason for s in summary.skipped]
    assert reasons.count("answer: reject") == sum(t["answer"] == "reject" for t in tasks)
    assert reasons.count("answer: ignore") == sum(t["answer"] == "ignore" for t in tasks)
    accepted = {t["text"] for t in tasks if t["answer"] == "accept"}
    assert summary.imported + summary.duplicates == sum(t["answer"] == "accept" for t in tasks)
    assert project.articles.count() == len({normalise_with_map(t).text for t in accepted})
    labelled = [a for a in project.articles.iter_all()
                if a.extra["interop"]["categories"] == ["DOCUMENTATION"]]
    assert len(labelled) == project.articles.count()


# ------------------------------------------------------------------ Label Studio
def ls_content(task: dict) -> tuple[str, set, set]:
    data = task["data"]
    text = data.get("text") or data.get("reviewText")
    results = task["annotations"][0]["result"] if task.get("annotations") \
        else task["predictions"][0]["result"]
    tm = normalise_with_map(text)
    spans = {(*tm.span(r["value"]["start"], r["value"]["end"]), r["value"]["text"],
              tuple(r["value"]["labels"])) for r in results if r["type"] == "labels"}
    choices = {c for r in results if r["type"] == "choices" for c in r["value"]["choices"]}
    return tm.text, spans, choices


@pytest.mark.parametrize("name", ["named_entity_annotation.json", "named_entity_tasks.json",
                                  "sentiment_annotation.json"])
def test_label_studio_files_round_trip(project: Project, tmp_path: Path, name: str) -> None:
    path = FIXTURES / "labelstudio" / name
    data = json.loads(path.read_text(encoding="utf-8"))
    tasks = data if isinstance(data, list) else [data]
    import_file(project, path)
    write_labelstudio(project, None, tmp_path / "out.json")
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [ls_content(t) for t in out] == [ls_content(t) for t in tasks]


def test_label_studio_export_envelope_keeps_annotator_and_metadata(project: Project) -> None:
    summary = import_file(project, FIXTURES / "labelstudio" / "sdk_export_envelope.json")
    assert summary.imported == 2
    first = project.articles.get(summary.new_ids[0])
    assert first.text.startswith("Calif. wildfires signal the arrival")
    assert first.extra["labelstudio_id"] == 1 and first.extra["image"].endswith(".jpg")


# ------------------------------------------------------------------ spaCy
@pytest.mark.parametrize("name", ["training-data.spacy", "ner-sent-per-line.spacy"])
def test_spacy_docbin_round_trips(project: Project, tmp_path: Path, name: str) -> None:
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("en").vocab
    path = FIXTURES / "spacy" / name
    original = list(DocBin().from_disk(path).get_docs(vocab))
    import_file(project, path)
    write_spacy(project, None, tmp_path / "out.spacy")
    exported = list(DocBin().from_disk(tmp_path / "out.spacy").get_docs(vocab))
    assert len(exported) == len(original)
    for a, b in zip(original, exported):   # the text kept exactly, offsets unchanged
        assert b.text == a.text
        assert [(e.start_char, e.end_char, e.label_) for e in b.ents] == \
            [(e.start_char, e.end_char, e.label_) for e in a.ents]
