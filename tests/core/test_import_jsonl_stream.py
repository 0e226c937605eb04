"""A large JSONL file is read line by line, and the project it makes is the one reading it
whole would make: same articles, same failures, same line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framedesk.core.exchange import jsonl_stream
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

RECORDS = [
    {"text": "Talks 😀 in Kyiv 🇺🇦\n\n𐍈 Officials met.", "meta": {"title": "Talks"}},
    {"body": "Second\r\n\r\nWith CRLF inside the string.", "source": "Wire"},
    {"text": "Last\n\nNo\u00a0break space.", "meta": {"published": "2023-11-04"}},
]
# Enough lines that the tail lies beyond the 64 KB a streamed file is first checked on.
FILLER = [{"text": f"Filler {i}\n\n" + "Officials met in Kyiv again. " * 100} for i in range(30)]


def lines_of(tail: list[bytes]) -> bytes:
    head = [b"\xef\xbb\xbf" + json.dumps(RECORDS[0]).encode() + b"\r\n",
            b"\n",                                                   # line 2: blank
            b'{"text": "bad json",\n',                               # line 3: bad JSON
            json.dumps(RECORDS[1], ensure_ascii=False).encode() + b"\n"]
    body = [json.dumps(r).encode() + b"\n" for r in FILLER]
    return b"".join(head + body + tail)


def imported(tmp_path: Path, name: str, source: Path) -> tuple[list[tuple], list[tuple]]:
    with Project.create(tmp_path / name, annotator="t") as project:
        summary = import_paths(project, [source], entities=False)
        rows = project.db.execute("SELECT uid, title, text, outlet, published FROM articles"
                                  " ORDER BY id").fetchall()
    return rows, [(f.line, f.error.reason) for f in summary.failed]


@pytest.fixture
def streamed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Makes every JSONL file count as large, and notes the files that were streamed."""
    seen: list[Path] = []
    original = jsonl_stream.stream_jsonl

    def watched(path: Path):
        seen.append(path)
        yield from original(path)

    monkeypatch.setattr(jsonl_stream, "STREAM_FROM", 10)
    monkeypatch.setattr("framedesk.core.importing.stream_jsonl", watched)
    return seen


def test_streamed_import_makes_the_same_project(tmp_path: Path, streamed: list[Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "big.jsonl"
    source.write_bytes(lines_of([json.dumps(RECORDS[2], ensure_ascii=False).encode()]))
    monkeypatch.setattr(jsonl_stream, "STREAM_FROM", 10**12)  # read whole
    whole = imported(tmp_path, "whole.framedesk", source)
    assert streamed == []
    assert len(whole[0]) == 33 and [line for line, _ in whole[1]] == [3]
    monkeypatch.setattr(jsonl_stream, "STREAM_FROM", 10)      # read line by line
    assert imported(tmp_path, "streamed.framedesk", source) == whole
    assert streamed == [source]


def test_a_line_that_is_not_utf8_fails_alone_when_streamed(tmp_path: Path,
                                                          streamed: list[Path]) -> None:
    source = tmp_path / "big.jsonl"
    source.write_bytes(lines_of([b'{"text": "caf\xe9 in Latin-1"}\n',
                                 json.dumps(RECORDS[2]).encode()]))
    rows, failures = imported(tmp_path, "p.framedesk", source)
    assert streamed == [source]
    assert len(rows) == 33 and rows[1][3] == "Wire" and "\u00a0" not in rows[-1][2]
    assert [line for line, _ in failures] == [3, 35]
    assert "not UTF-8 (byte 0xE9" in failures[1][1]


def test_a_utf16_file_is_read_whole(tmp_path: Path, streamed: list[Path]) -> None:
    utf16 = tmp_path / "u16.jsonl"
    utf16.write_bytes("\ufeff".encode("utf-16-le")
                      + (json.dumps(RECORDS[0]) + "\n").encode("utf-16-le"))
    with Project.create(tmp_path / "p.framedesk", annotator="t") as project:
        assert import_paths(project, [utf16], entities=False).imported == 1
    assert streamed == []
