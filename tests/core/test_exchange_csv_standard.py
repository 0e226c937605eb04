"""CSV is read as the csv module and pandas write and read it, and Framedesk's own CSV export
comes back with its annotations, each coder's apart (issue 16, items 1 and 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framedesk.core.exchange.csv_export import write_csv
from framedesk.core.exchange.jsonl_export import write_jsonl
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

pd = pytest.importorskip("pandas")

LONG = ("Minister Olaf Scholz said: \"We will not raise taxes,\" and added, "
        "\"not this year\".\n\nThe opposition called it ""a promise"" with no plan. " * 30)


def _import(project: Project, *paths: Path):
    return import_paths(project, list(paths), entities=False)


def _coded_jsonl(path: Path) -> Path:
    """Two coders on one article, one on another: frames, tone, cues, attributions, memo."""
    text = "Olaf Scholz said taxes will rise.\n\nThe opposition called it a broken promise."
    scholz = {"start": 0, "end": 11, "text": "Olaf Scholz"}
    said = {"start": 12, "end": 16, "text": "said"}
    content = {"start": 17, "end": 32, "text": "taxes will rise"}
    spans = [{"start": 0, "end": 11, "label": "PERSON", "text": "Olaf Scholz",
              "canonical": "Olaf Scholz"}]
    lines = [
        {"id": "a1", "text": text, "meta": {"title": "=Taxes", "outlet": "Daily"},
         "spans": spans, "annotator": "ana",
         "frames": [{"code": "economic", "primary": True}, {"code": "political",
                                                             "primary": False}],
         "tone": "neutral", "memo": "check the quote",
         "frame_cues": [{"start": 17, "end": 22, "code": "economic", "note": "taxes"}],
         "attributions": [{"source": scholz, "cue": said, "content": content,
                           "quote_type": "indirect", "entity": "Olaf Scholz"}]},
        {"id": "a1", "text": text, "meta": {"title": "=Taxes", "outlet": "Daily"},
         "spans": spans, "annotator": "ben",
         "frames": [{"code": "political", "primary": True}], "tone": "implicit_pro",
         "frame_cues": [{"start": 48, "end": 77, "code": "political", "note": None}]},
        {"id": "a2", "text": "A second story, with \"quotes\" and a, comma.",
         "meta": {"title": "Second"}, "annotator": "ben",
         "frames": [{"code": "morality", "primary": True}]},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def _coding(project: Project, out: Path) -> list[dict]:
    """Every coder's record of every article, as the JSONL export writes it, without the
    project-local parts (ids, import paths, story numbers, timestamps)."""
    write_jsonl(project, None, out)
    records = []
    for line in out.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        for key in ("source_file", "story", "story_name"):
            r["meta"].pop(key, None)
        for a in r["attributions"]:
            a.pop("origin", None)
        for s in r["spans"]:
            s.pop("origin", None)
        records.append(r)
    return sorted(records, key=lambda r: (r["id"], r["annotator"] or ""))


@pytest.mark.parametrize("safe", [True, False])
def test_export_folder_round_trips_with_every_coder(tmp_path: Path, safe: bool) -> None:
    first = Project.create(tmp_path / "a.framedesk", annotator="ana")
    second = Project.create(tmp_path / "b.framedesk", annotator="someone_else")
    try:
        summary = _import(first, _coded_jsonl(tmp_path / "coded.jsonl"))
        assert not summary.failed
        from framedesk.core.exchange.registry import ExportOptions
        write_csv(first, None, tmp_path / "csv",
                  ExportOptions(extra={"spreadsheet_safe": safe}))
        back = _import(second, tmp_path / "csv")
        assert not back.failed, [str(f.error) for f in back.failed]
        assert back.imported == 2            # annotations.csv rows did not become articles
        before, after = _coding(first, tmp_path / "a.jsonl"), _coding(second, tmp_path / "b.jsonl")
        assert after == before
        assert {r["annotator"]: r["tone"] for r in after if r["id"] == before[0]["id"]} == \
            {"ana": "neutral", "ben": "implicit_pro"}
        assert "someone_else" not in second.annotators()
    finally:
        first.close()
        second.close()


def test_annotations_csv_alone_is_refused_with_a_sentence(project: Project,
                                                          tmp_path: Path) -> None:
    _import(project, _coded_jsonl(tmp_path / "coded.jsonl"))
    write_csv(project, None, tmp_path / "csv")
    alone = tmp_path / "alone.csv"
    alone.write_bytes((tmp_path / "csv" / "annotations.csv").read_bytes())
    summary = _import(project, alone)
    assert summary.imported == 0 and summary.duplicates == 0
    assert "annotations.csv of a Framedesk CSV export" in str(summary.failed[0].error)


def test_doubled_quotes_and_long_text_read_as_pandas_writes_them(project: Project,
                                                                tmp_path: Path) -> None:
    frame = pd.DataFrame({"title": ["One", "Two, with a comma"],
                          "text": [LONG, 'He said ""no"" twice; then "yes".'],
                          "outlet": ["A", "B"]})
    path = tmp_path / "pandas.csv"
    frame.to_csv(path, index=False)
    summary = _import(project, path)
    assert not summary.failed and summary.imported == 2
    texts = [t for (t,) in project.db.execute("SELECT text FROM articles ORDER BY id")]
    expected = pd.read_csv(path)["text"].tolist()
    assert texts[0].endswith(expected[0].strip()) and len(texts[0]) >= len(expected[0].strip())
    assert texts[1].endswith('He said ""no"" twice; then "yes".')


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_other_delimiters_pandas_writes(project: Project, tmp_path: Path, sep: str) -> None:
    frame = pd.DataFrame({"text": ['a "quoted, word"; here\tand there | too', "plain"],
                          "author": ["X; Y", "Z"]})
    path = tmp_path / "other.txt.csv"
    frame.to_csv(path, index=False, sep=sep)
    summary = _import(project, path)
    assert not summary.failed and summary.imported == 2
    rows = project.db.execute("SELECT text, author FROM articles ORDER BY id").fetchall()
    assert rows == [tuple(r) for r in frame.itertuples(index=False)]


def test_a_row_with_too_many_cells_fails_alone(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("title,text\nOne,first text\nTwo,second,text\nThree,third text\n",
                    encoding="utf-8")
    summary = _import(project, path)
    assert summary.imported == 2
    [failure] = summary.failed
    assert failure.line == 3 and "3 cells but the header names 2 columns" in str(failure.error)
