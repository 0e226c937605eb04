"""Importing other tools' files: bad records named by file, line and reason; brat's
discontinuous spans and attributes; offsets that survive CRLF and no-break spaces; each file
claimed by the right format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framedesk.core.errors import UnreadableFile
from framedesk.core.exchange.brat import write_brat
from framedesk.core.exchange.doccano import read_doccano, write_doccano
from framedesk.core.exchange.registry import load_all
from framedesk.core.exchange.textmap import normalise_with_map
from framedesk.core.importing import choose_format, import_paths
from framedesk.core.store import Project

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def test_doccano_line_without_text_fails_with_file_line_and_reason(project: Project) -> None:
    path = FIXTURES / "doccano" / "sequence_labeling_missing_text.jsonl"
    summary = import_paths(project, [path], entities=False)
    assert summary.imported == 2
    (failure,) = summary.failed
    assert (failure.path, failure.line) == (path, 3)
    assert failure.error.reason == 'no "text" field'


def test_pretty_printed_doccano_json_is_refused_line_by_line() -> None:
    path = FIXTURES / "doccano" / "relation_extraction_pretty_printed.jsonl"
    results = list(read_doccano(path, path.read_text(encoding="utf-8")))
    assert results and all(isinstance(r, UnreadableFile) for r in results)
    assert results[0].line == 1 and "not a JSON object" in results[0].reason
    assert results[0].path == path


@pytest.mark.parametrize("record, reason", [
    ({"text": "Kyiv", "label": [[0, 9, "GPE"]]}, "outside the text"),
    ({"text": "Kyiv", "label": [[2, 2, "GPE"]]}, "empty"),
    ({"text": "Kyiv", "label": [[0, 4]]}, "neither"),
    ({"text": "Kyiv", "entities": [{"id": 1, "start_offset": 0, "label": "GPE"}]},
     "no end_offset"),
    ({"text": "Kyiv", "entities": [{"id": 1, "start_offset": 0, "end_offset": 4,
                                    "label": "GPE"}],
      "relations": [{"from_id": 1, "to_id": 7, "type": "x"}]}, "entity id that is not there"),
    ([1, 2], "JSON object"),
])
def test_invalid_doccano_records_say_why(tmp_path: Path, record: object, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine", "label": []}\n' + json.dumps(record) + "\n",
                    encoding="utf-8")
    first, second = read_doccano(path, path.read_text(encoding="utf-8"))
    assert not isinstance(first, UnreadableFile)
    assert isinstance(second, UnreadableFile) and second.line == 2 and reason in second.reason


def test_doccano_text_with_crlf_and_no_break_spaces_is_kept_exactly(project: Project,
                                                                    tmp_path: Path) -> None:
    text = "Talks\r\n\r\n\r\n😀\u00a0Kyiv  \r\nand Moscow."
    start = text.index("Kyiv")
    moscow = text.index("Moscow")
    path = tmp_path / "crlf.jsonl"
    path.write_text(json.dumps({"text": text, "label": [[start, start + 4, "GPE"],
                                                        [moscow, moscow + 6, "GPE"]]}) + "\n",
                    encoding="utf-8")
    summary = import_paths(project, [path], entities=False)
    article = project.articles.get(summary.new_ids[0])
    assert article.text == text   # an annotation tool's text: kept as the tool has it
    assert [(article.text[m.start:m.end], m.label)
            for m in project.entities.mentions(article.id)] == [("Kyiv", "GPE"),
                                                                 ("Moscow", "GPE")]


def test_text_map_moves_every_offset_onto_the_normalised_text() -> None:
    text = "  Head\r\nA\u00a0b  \n\n\n\nKyiv e\u0301 x  \n"
    tm = normalise_with_map(text)
    assert tm.text == "Head\nA b\n\nKyiv \u00e9 x"
    for word, expected in [("Head", "Head"), ("Kyiv", "Kyiv"), ("b  ", "b"),
                           ("e\u0301 x", "\u00e9 x")]:
        i = text.index(word)
        s, e = tm.span(i, i + len(word))
        assert tm.text[s:e] == expected


BRAT_TEXT = "Vladimir Putin and Joe\nBiden met in Kyiv.\n"
BRAT_ANN = ("T1\tPerson 0 8;9 14\tVladimir Putin\n"        # discontinuous (two pieces)
            "T2\tPerson 19 22;23 28\tJoe Biden\n"           # across a line break
            "T3\tGPE 36 40\tKyiv\n"
            "R1\tMeets Arg1:T1 Arg2:T2\t\n"
            "A1\tMention T3 Name\n"
            "A2\tIndividual T1\n"
            "#1\tAnnotatorNotes T3\tcapital, not the government\n")


def test_brat_discontinuous_spans_attributes_and_notes(project: Project,
                                                       tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (tmp_path / "doc.ann").write_text(BRAT_ANN, encoding="utf-8")
    summary = import_paths(project, [tmp_path], entities=False)
    assert summary.imported == 1 and not summary.failed
    article = project.articles.get(summary.new_ids[0])
    pieces = [(article.text[m.start:m.end], m.label)
              for m in project.entities.mentions(article.id)]
    # Mentions are contiguous: a discontinuous span is stored as its pieces.
    assert pieces == [("Vladimir", "Person"), ("Putin", "Person"), ("Joe", "Person"),
                      ("Biden", "Person"), ("Kyiv", "GPE")]
    write_brat(project, None, tmp_path / "out")
    (ann,) = (tmp_path / "out").glob("*.ann")
    lines = ann.read_text(encoding="utf-8").splitlines()
    assert "T1\tPerson 0 8;9 14\tVladimir Putin" in lines
    assert "T2\tPerson 19 22;23 28\tJoe Biden" in lines
    assert "R1\tMeets Arg1:T1 Arg2:T2\t" in lines
    assert "A1\tIndividual T1" in lines and "A2\tMention T3 Name" in lines
    assert "#1\tAnnotatorNotes T3\tcapital, not the government" in lines
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert "Meets\tArg1:Person, Arg2:Person" in conf
    assert "Mention\tArg:<ENTITY>, Value:Name" in conf


def test_brat_annotation_outside_the_text_fails_with_its_line(project: Project,
                                                             tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Short.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text("T1\tGPE 0 5\tShort\nT2\tGPE 3 99\tx\n",
                                      encoding="utf-8")
    summary = import_paths(project, [tmp_path / "doc.ann"], entities=False)
    (failure,) = summary.failed
    assert failure.line == 2 and "outside the text" in failure.error.reason
    assert summary.imported == 0


def test_brat_ann_without_its_text_file_is_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "lonely.ann").write_text("T1\tGPE 0 4\tKyiv\n", encoding="utf-8")
    summary = import_paths(project, [tmp_path / "lonely.ann"], entities=False)
    (failure,) = summary.failed
    assert "lonely.txt" in failure.error.reason


@pytest.mark.parametrize("first_line, expected", [
    ({"text": "a", "label": [[0, 1, "X"]]}, "doccano"),
    ({"text": "a", "entities": [], "relations": []}, "doccano"),
    ({"text": "a", "spans": [], "answer": "accept", "_input_hash": 1}, "prodigy"),
    ({"text": "a", "label": "DOCUMENTATION", "answer": "reject"}, "prodigy"),
    ({"text": "a", "meta": {"source": "x"}}, "jsonl"),
    ({"id": "x", "text": "a", "meta": {}, "spans": [], "frames": [], "tone": None,
      "frame_cues": [], "attributions": [], "memo": None}, "jsonl"),
])
def test_jsonl_files_are_claimed_by_the_right_format(tmp_path: Path, first_line: dict,
                                                      expected: str) -> None:
    load_all()
    path = tmp_path / "x.jsonl"
    text = json.dumps(first_line) + "\n"
    assert choose_format(path, text).name == expected


def test_label_studio_cancelled_annotation_is_skipped(project: Project, tmp_path: Path) -> None:
    task = {"data": {"text": "Kyiv and Moscow."}, "annotations": [
        {"was_cancelled": True, "result": []},
        {"completed_by": {"email": "bo@example.org"}, "result": [
            {"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": 0, "end": 4, "text": "Kyiv", "labels": ["GPE"]}}]}]}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    summary = import_paths(project, [path], entities=False)
    assert [s.reason for s in summary.skipped] == ["task 1: cancelled annotation"]
    (m,) = project.entities.mentions(summary.new_ids[0])
    assert (m.text, m.label, m.origin) == ("Kyiv", "GPE", "import:labelstudio")
    assert "bo@example.org" in project.annotators()


def test_attribution_parts_import_as_one_attribution(project: Project, tmp_path: Path) -> None:
    text = '"We will win," Zelensky said.'
    record = {"text": text, "entities": [
        {"id": 1, "start_offset": 1, "end_offset": 12, "label": "CONTENT"},
        {"id": 2, "start_offset": 15, "end_offset": 23, "label": "SOURCE"},
        {"id": 3, "start_offset": 24, "end_offset": 28, "label": "CUE"},
        {"id": 4, "start_offset": 15, "end_offset": 23, "label": "PERSON"},
        {"id": 5, "start_offset": 9, "end_offset": 12, "label": "FRAME_security"}],
        "relations": [{"from_id": 1, "to_id": 2, "type": "ATTR_SOURCE"},
                      {"from_id": 1, "to_id": 3, "type": "ATTR_CUE"}]}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    summary = import_paths(project, [path], entities=False)
    aid = summary.new_ids[0]
    (a,) = project.attributions.list(aid)
    assert (text[a.source.start:a.source.end], text[a.cue.start:a.cue.end],
            text[a.content.start:a.content.end]) == ("Zelensky", "said", "We will win")
    assert [(c.code, text[c.start:c.end]) for c in project.coding.cues(aid)] == \
        [("security", "win")]
    assert [m.label for m in project.entities.mentions(aid)] == ["PERSON"]
    write_doccano(project, None, tmp_path / "out.jsonl")
    out = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    labels = {e["id"]: e["label"] for e in out["entities"]}
    assert sorted((labels[r["from_id"]], r["type"], labels[r["to_id"]])
                  for r in out["relations"]) == [("CONTENT", "ATTR_CUE", "CUE"),
                                                 ("CONTENT", "ATTR_SOURCE", "SOURCE")]
