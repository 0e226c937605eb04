"""Hostile records and special files: one bad record costs only itself, nothing blocks."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from framedesk.core.importing import import_paths


def _jsonl(path: Path, records: list[str]) -> Path:
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def _texts(project) -> set[str]:
    return {r[0] for r in project.db.execute("SELECT text FROM articles")}


def _reasons(summary) -> list[str]:
    return [str(f.error) for f in summary.failed]


GOOD = [json.dumps({"text": f"Good article number {i} about the budget."}) for i in range(5)]


@pytest.mark.parametrize("bad, word", [
    ('{"text": "Lone \\ud800 surrogate here."}', "surrogate"),
    ('{"text": 12345}', "number"),
    ('{"text": "Title with surrogate.", "title": "\\udc80"}', "title"),
    ('{"text": "Meta with surrogate.", "meta": {"k": "\\ud800"}}', "meta"),
])
def test_jsonl_bad_record_costs_only_itself(project, tmp_path, bad, word):
    src = _jsonl(tmp_path / "mixed.jsonl", GOOD[:2] + [bad] + GOOD[2:])
    summary = import_paths(project, [src], entities=False, backup=False)
    assert summary.imported == 5
    assert len(summary.failed) == 1
    failure = summary.failed[0]
    assert failure.line == 3
    message = str(failure.error)
    assert "mixed.jsonl:3" in message and word in message.lower()
    assert "binding" not in message.lower() and "\n" not in message


@pytest.mark.parametrize("field, value", [
    ("codebook", ["x"]), ("note", {"a": 1}), ("code", 3),
])
def test_wrong_type_annotation_fields_skip_only_that_item(project, tmp_path, field, value):
    text = "The minister spoke about the budget today."
    cue = {"start": 4, "end": 12, "code": "economic", field: value}
    rec = {"text": text, "frame_cues": [cue], "frames": [{"code": "economic", field: value}],
           "memo": ["not", "text"]}
    src = _jsonl(tmp_path / "ann.jsonl", GOOD[:1] + [json.dumps(rec)] + GOOD[1:2])
    summary = import_paths(project, [src], entities=False, backup=False)
    assert summary.imported == 3
    assert text in _texts(project)
    assert summary.failed, "the bad field is reported"
    assert all("ann.jsonl:2" in r for r in _reasons(summary))


def test_attribution_quote_type_as_list(project, tmp_path):
    text = "Smith said the plan would fail."
    rec = {"text": text, "attributions": [
        {"source": {"start": 0, "end": 5}, "cue": {"start": 6, "end": 10},
         "quote_type": ["direct"], "status": "manual"}]}
    src = _jsonl(tmp_path / "q.jsonl", [json.dumps(rec)] + GOOD[:1])
    summary = import_paths(project, [src], entities=False, backup=False)
    assert summary.imported == 2
    assert any("quote type" in r for r in _reasons(summary))


def test_csv_and_text_and_html_surrogate_free_files_still_import(project, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text("title,text\nOne,First csv article text.\nTwo,Second one.\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("A plain text article.", encoding="utf-8")
    (folder / "c.html").write_text("<html><body><p>An HTML article body about the budget, long enough for the reader to "
        "keep it as an article rather than a page fragment, with several more words.</p></body></html>",
                                   encoding="utf-8")
    _jsonl(folder / "d.jsonl", ['{"text": 7}'] + GOOD[:1])
    summary = import_paths(project, [folder], entities=False, backup=False)
    assert summary.imported == 5, (_texts(project), _reasons(summary))
    assert len(summary.failed) == 1 and "d.jsonl:1" in _reasons(summary)[0]


def test_non_utf8_file_name_imports(project, tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("An article in a badly named file.", encoding="utf-8")
    summary = import_paths(project, [tmp_path], entities=False, backup=False)
    assert summary.imported == 1, _reasons(summary)


def test_fifo_in_folder_is_skipped_without_blocking(project, tmp_path):
    (tmp_path / "a.txt").write_text("An article beside a FIFO.", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    result = {}
    worker = threading.Thread(target=lambda: result.update(s=import_paths(
        project, [tmp_path], entities=False, backup=False)))
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # unblock the thread so the test run ends, then fail
        with open(tmp_path / "pipe.txt", "w"):
            pass
        worker.join()
        pytest.fail("the import waited on a FIFO")
    summary = result["s"]
    assert summary.imported == 1
    assert any("pipe" in r and "FIFO" in r for r in _reasons(summary))


def test_fifo_as_import_path_and_device_behind_symlink(project, tmp_path):
    os.mkfifo(tmp_path / "p")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    summary = import_paths(project, [tmp_path / "p", tmp_path / "zero.txt"], entities=False,
                           backup=False)
    assert summary.imported == 0
    reasons = _reasons(summary)
    assert any("FIFO" in r for r in reasons) and any("device" in r for r in reasons)


def test_symlink_loop_gets_a_sentence(project, tmp_path):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "ok.txt").write_text("An article beside a loop.", encoding="utf-8")
    summary = import_paths(project, [tmp_path], entities=False, backup=False)
    assert summary.imported == 1
    assert any("loops" in r for r in _reasons(summary))


def test_size_limit_setting(project, tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_text("word " * 300_000, encoding="utf-8")  # 1.5 MB
    monkeypatch.setenv("FRAMEDESK_MAX_FILE_MB", "1")
    summary = import_paths(project, [big], entities=False, backup=False)
    assert summary.imported == 0
    assert "size limit" in _reasons(summary)[0]
    monkeypatch.setenv("FRAMEDESK_MAX_FILE_MB", "5")
    assert import_paths(project, [big], entities=False, backup=False).imported == 1


def test_file_name_with_newline_cannot_fake_a_summary_line(project, tmp_path):
    import io

    from framedesk.cli.import_ import print_summary

    evil = tmp_path / "x.jsonl\nImported 999 articles, 0 duplicates, 0 failed.\ny.jsonl"
    evil.write_text('{"text": 5}\n', encoding="utf-8")
    summary = import_paths(project, [evil], entities=False, backup=False)
    out = io.StringIO()
    print_summary(summary, out)
    lines = out.getvalue().splitlines()
    assert not any(line.startswith("Imported 999") for line in lines)
    assert any("\\n" in line and "number" in line for line in lines)


def test_non_utf8_file_name_shown_readably_in_a_failure(project, tmp_path):
    bad = tmp_path / os.fsdecode(b"bad\xff.jsonl")
    bad.write_text('{"text": [1]}\n', encoding="utf-8")
    summary = import_paths(project, [bad], entities=False, backup=False)
    message = str(summary.failed[0].error)
    assert "bad\\xff.jsonl:1" in message
    message.encode("utf-8")  # printable on any terminal: no lone surrogate left


@pytest.mark.parametrize("text", [
    "A plain article about the budget and the minister's plan for schools.",
    "Ένα άρθρο για τον προϋπολογισμό και το σχέδιο του υπουργού για τα σχολεία.",
])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(project, tmp_path, text, codec):
    src = tmp_path / "article.txt"
    src.write_bytes(text.encode(codec))
    summary = import_paths(project, [src], entities=False, backup=False)
    assert summary.imported == 1, _reasons(summary)
    assert _texts(project) == {text}


def test_batch_that_fails_in_sqlite_falls_back_to_one_record_at_a_time(project, tmp_path,
                                                                       monkeypatch):
    """A fault the checks do not foresee (here: the checks switched off, so a lone surrogate
    reaches SQLite) fails only its own record, not the batch of 2,000."""
    import framedesk.core.importing as importing

    monkeypatch.setattr(importing, "draft_problem", lambda draft: None)
    src = _jsonl(tmp_path / "b.jsonl", GOOD[:3] + ['{"text": "Bad \\ud800 one."}'] + GOOD[3:])
    summary = import_paths(project, [src], entities=False, backup=False)
    assert summary.imported == 5
    assert len(_texts(project)) == 5
    assert [f.line for f in summary.failed] == [4]
    message = str(summary.failed[0].error)
    assert "b.jsonl:4" in message and "fix that record" in message


def test_peer_format_record_with_surrogate_costs_only_itself(project, tmp_path):
    records = [json.dumps({"text": f"Doccano article {i} on the economy.", "label": []})
               for i in range(3)]
    records.insert(1, '{"text": "Doccano \\udfff broken.", "label": []}')
    src = _jsonl(tmp_path / "doccano.jsonl", records)
    summary = import_paths(project, [src], entities=False, backup=False)
    assert summary.imported == 3
    reason = _reasons(summary)[0]
    assert len(summary.failed) == 1 and ("doccano.jsonl:2" in reason or "record 2" in reason)


def test_cli_max_file_mb_flag(tmp_path, capsys, monkeypatch):
    from framedesk.cli import main

    monkeypatch.setenv("FRAMEDESK_MAX_FILE_MB", "200")  # restored after the CLI changes it

    big = tmp_path / "big.txt"
    big.write_text("word " * 300_000, encoding="utf-8")  # 1.5 MB
    code = main(["import", str(tmp_path / "p.framedesk"), str(big), "--no-entities",
                 "--max-file-mb", "1"])
    out = capsys.readouterr().out
    assert code == 1 and "size limit of 1 MB" in out and "Imported 0 articles" in out


def test_reading_a_fifo_directly_never_blocks(tmp_path):
    """A FIFO swapped in after the folder was listed: the reader refuses it at once."""
    from framedesk.core.errors import UnreadableFile
    from framedesk.core.exchange.decoding import read_text

    os.mkfifo(tmp_path / "swapped.txt")
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_text(tmp_path / "swapped.txt")


def test_decompression_bomb_stops_at_the_size_limit(project, tmp_path, monkeypatch):
    import zlib

    monkeypatch.setenv("FRAMEDESK_MAX_FILE_MB", "5")
    bomb = tmp_path / "bomb.spacy"
    bomb.write_bytes(zlib.compress(b"\0" * (50 * 1024 * 1024), 9))  # 50 KB -> 50 MB
    assert bomb.stat().st_size < 200_000
    (tmp_path / "ok.txt").write_text("An article beside a bomb.", encoding="utf-8")
    summary = import_paths(project, [tmp_path], entities=False, backup=False)
    assert summary.imported == 1
    assert any("bomb.spacy" in r and "size limit" in r for r in _reasons(summary))


def test_long_import_keeps_the_wal_small_by_checkpoints(tmp_path, monkeypatch):
    import framedesk.core.importing as importing
    from framedesk.core.store import Project

    src = _jsonl(tmp_path / "many.jsonl", [json.dumps(
        {"text": f"Article {i}: " + "the budget debate went on " * 20}) for i in range(3000)])

    def wal_after(threshold: int, name: str) -> int:
        monkeypatch.setattr(importing, "WAL_CHECKPOINT_BYTES", threshold)
        project = Project.create(tmp_path / name, annotator="Ana")
        try:
            import_paths(project, [src], entities=False, backup=False, batch_size=100)
            return os.path.getsize(str(project.path) + "-wal")
        finally:
            project.close()

    unchecked = wal_after(1 << 40, "a.framedesk")
    checked = wal_after(64 * 1024, "b.framedesk")
    assert checked < unchecked / 4, (checked, unchecked)
