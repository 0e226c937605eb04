"""The JSONL export is the public contract: its bytes must not change when the exporter is
made faster. The expected files in tests/data/jsonl_export/ were written by the exporter as
it was before the speed work (2026-11-22) from the project built below, which holds the
cases that decide ordering and filtering: two analysts, suggestions and rejections,
deleted and analyst-added mentions, ties on a start offset, metadata extras that shadow a
field, stories, astral characters and control characters."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from framedesk.core.exchange.jsonl import write_jsonl
from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.progress import Cancelled, Progress
from framedesk.core.store import Project
from framedesk.core.textnorm import article_uid

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "jsonl_export"
NOW = "2026-11-22T00:00:00+00:00"
TEXTS = [
    "Talks 😀 in Kyiv 🇺🇦\n\n𐍈 Vladimir Putin met Joe Biden; \"We will talk,\" Putin said."
    " <b>Kyiv</b> & Moscow.",
    "Quiet day\n\nNothing happened.",
    "Line\u2028separator, tab\there, back\\slash, bell\x07 and Ünïcödé: NATO said so.",
    "Fourth\n\nAccording to analysts, the Kremlin expects more talks within weeks.",
    "Fifth\n\nZelensky said \u201cno\u201d. Blinken agreed.",
]
OPTIONS = {
    "all": ExportOptions(),
    "ana": ExportOptions(annotator="Ana"),
    "ben_suggestions": ExportOptions(annotator="Ben", include_suggestions=True),
    "suggestions": ExportOptions(include_suggestions=True),
    "done": ExportOptions(status=("done",)),
}


def _at(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def build(path: Path) -> None:
    Project.create(path, annotator="Ana").close()
    conn = sqlite3.connect(path)
    with conn:
        ana = conn.execute("SELECT id FROM annotators WHERE name = 'Ana'").fetchone()
        ana = ana[0] if ana else conn.execute(
            "INSERT INTO annotators (name, created) VALUES ('Ana', ?)", [NOW]).lastrowid
        ben = conn.execute("INSERT INTO annotators (name, created) VALUES ('Ben', ?)",
                           [NOW]).lastrowid
        auto = conn.execute("INSERT INTO stories (name, created) VALUES ('auto:Kyiv talks', ?)",
                            [NOW]).lastrowid
        mine = conn.execute("INSERT INTO stories (name, created) VALUES ('Mine', ?)",
                            [NOW]).lastrowid
        extras = ['{"section": "World", "title": "shadowed", "interop": {"relations": [1]}}',
                  "{}", '{"views": 12, "tags": ["a", "é"], "note": null}', "{}", "{}"]
        metas = [("NBC", "https://x.test/1", "Jane Roe", "2023-11-04T13:03-04:00", "en",
                  "a.txt", "done", auto),
                 (None, None, None, None, None, None, "todo", None),
                 ("AP", None, None, "2023-11-05", "de", None, "skipped", mine),
                 ("BBC", None, None, None, None, None, "in_progress", auto),
                 ("Meduza", None, None, "2023-11-06", None, None, "done", None)]
        for i, (text, extra, meta) in enumerate(zip(TEXTS, extras, metas), start=1):
            conn.execute(
                "INSERT INTO articles (id, uid, title, text, outlet, url, author, published,"
                " language, source_file, status, story_id, extra, imported_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [i, article_uid(text), text.split("\n", 1)[0], text, *meta, extra, NOW, NOW])
        ents = {name: conn.execute("INSERT INTO entities (name, label) VALUES (?, ?)",
                                   [name, label]).lastrowid
                for name, label in (("Kyiv", "GPE"), ("Vladimir Putin", "PERSON"),
                                    ("Joe Biden", "PERSON"), ("NATO", "ORG"),
                                    ("Volodymyr Zelensky", "PERSON"))}
        t1, t3, t4, t5 = TEXTS[0], TEXTS[2], TEXTS[3], TEXTS[4]
        model = "spacy:en_core_web_sm@3.8.0"
        mentions = [
            # (article, span, label, entity, origin, status, annotator)
            (1, _at(t1, "Putin", 1), "PERSON", "Vladimir Putin", model, "auto", None),
            (1, _at(t1, "Kyiv"), "GPE", "Kyiv", model, "auto", None),
            # same start, longer span stored first: exported by end, then id
            (1, _at(t1, "Vladimir Putin"), "PERSON", "Vladimir Putin", model, "auto", None),
            (1, _at(t1, "Vladimir"), "PERSON", None, "manual", "manual", ben),
            (1, _at(t1, "Joe Biden"), "PERSON", "Joe Biden", model, "deleted", ana),
            (1, _at(t1, "Kyiv", 1), "GPE", "Kyiv", "manual", "manual", ana),
            (3, _at(t3, "NATO"), "ORG", "NATO", model, "auto", None),
            (5, _at(t5, "Zelensky"), "PERSON", "Volodymyr Zelensky", model, "auto", None),
        ]
        for aid, (s, e), label, ent, origin, status, who in mentions:
            conn.execute(
                "INSERT INTO mentions (article_id, start, \"end\", label, text, entity_id,"
                " origin, status, annotator_id, created) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [aid, s, e, label, TEXTS[aid - 1][s:e], ents.get(ent), origin, status, who,
                 NOW])
        conn.executemany(
            "INSERT INTO doc_codes (article_id, codebook, code, role, annotator_id, created)"
            " VALUES (?,?,?,?,?,?)",
            [(1, "tone", "implicit_anti", "tone", ana, NOW),
             (1, "policy_frames", "political", "secondary", ana, NOW),
             (1, "policy_frames", "security", "primary", ana, NOW),
             (1, "policy_frames", "economic", "primary", ben, NOW),
             (1, "tone", "neutral", "tone", ben, NOW),
             (3, "policy_frames", "morality", "secondary", ben, NOW),
             (5, "policy_frames", "legality", "primary", ana, NOW)])
        conn.executemany(
            "INSERT INTO span_codes (article_id, start, \"end\", codebook, code, note,"
            " annotator_id, created) VALUES (?,?,?,?,?,?,?,?)",
            [(1, *_at(t1, "Vladimir Putin met"), "policy_frames", "security", "why: ✓", ana,
              NOW),
             (1, *_at(t1, "Vladimir"), "policy_frames", "security", None, ana, NOW),
             (1, *_at(t1, "Talks"), "policy_frames", "economic", None, ben, NOW),
             (4, *_at(t4, "According to analysts"), "policy_frames", "political", None, ana,
              NOW)])
        attributions = [
            # (article, source, cue, content, status, annotator, entity, certainty, unnamed)
            (1, _at(t1, "Putin", 1), _at(t1, "said"), _at(t1, "We will talk"), "manual", ana,
             "Vladimir Putin", "certain", "{}"),
            (1, None, _at(t1, "met"), None, "suggested", None, None, None, "{}"),
            (1, _at(t1, "Joe Biden"), None, None, "rejected", None, None, None, "{}"),
            (1, _at(t1, "Moscow"), None, None, "accepted", ben, None, "hedged",
             '{"count": 2, "affiliation": "officials"}'),
            (4, _at(t4, "analysts"), _at(t4, "According to"), _at(t4, "the Kremlin expects"),
             "accepted", None, None, None, '{"reason": "vague"}'),
            (5, _at(t5, "Zelensky"), _at(t5, "said"), _at(t5, "no"), "suggested", None,
             "Volodymyr Zelensky", None, "{}"),
        ]
        for aid, src, cue, content, status, who, ent, certainty, unnamed in attributions:
            spans = [v for part in (src, cue, content) for v in (part or (None, None))]
            conn.execute(
                "INSERT INTO attributions (article_id, source_start, source_end, cue_start,"
                " cue_end, content_start, content_end, quote_type, identification,"
                " source_type, certainty, unnamed, entity_id, status, origin, annotator_id,"
                " created, updated) VALUES (?,?,?,?,?,?,?,'direct','named','politician',"
                "?,?,?,?,'manual',?,?,?)",
                [aid, *spans, certainty, unnamed, ents.get(ent), status, who, NOW, NOW])
        conn.executemany("INSERT INTO memos (article_id, annotator_id, text, updated)"
                         " VALUES (?,?,?,?)",
                         [(1, ben, "Ben's note", NOW), (1, ana, "Check <later> \"quote\"", NOW),
                          (3, ana, "Ünïcödé memo\nline two", NOW)])
    conn.close()


@pytest.fixture
def coded(tmp_path: Path):
    build(tmp_path / "coded.framedesk")
    with Project.open(tmp_path / "coded.framedesk", read_only=True) as project:
        yield project


def exported(project: Project, options: ExportOptions, ids: list[int] | None = None) -> bytes:
    buf = io.StringIO(newline="")
    write_jsonl(project, ids, buf, options)
    return buf.getvalue().encode("utf-8")


@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_export_is_byte_for_byte_what_it_was(coded: Project, name: str) -> None:
    assert exported(coded, OPTIONS[name]) == (EXPECTED / f"{name}.jsonl").read_bytes()


def test_chosen_articles_come_out_in_the_order_given(coded: Project) -> None:
    assert exported(coded, ExportOptions(), [5, 1, 3]) == \
        (EXPECTED / "chosen_5_1_3.jsonl").read_bytes()


def test_file_output_matches_the_stream_and_articles_span_chunks(
        coded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from framedesk.core.exchange import jsonl_export
    monkeypatch.setattr(jsonl_export, "CHUNK", 2)   # five articles: three chunks
    out = tmp_path / "out.jsonl"
    assert write_jsonl(coded, None, out) == 7   # article 1 has two analysts' objects
    assert out.read_bytes() == (EXPECTED / "all.jsonl").read_bytes()


def test_every_line_is_one_object_in_the_contract_order(coded: Project) -> None:
    lines = exported(coded, ExportOptions()).decode("utf-8").split("\n")
    assert lines[-1] == ""
    first = json.loads(lines[0])
    assert list(first) == ["id", "text", "meta", "spans", "frames", "tone", "frame_cues",
                           "attributions", "memo", "annotator"]
    assert first["text"] == TEXTS[0]


def test_progress_counts_articles_and_cancel_stops_the_file(coded: Project,
                                                            tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_jsonl(coded, None, io.StringIO(), ExportOptions(),
                Progress(lambda done, total, _: seen.append((done, total))))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)

    progress = Progress(lambda done, total, _: progress.cancel() if done == 2 else None)
    out = tmp_path / "cancelled.jsonl"
    with pytest.raises(Cancelled):
        write_jsonl(coded, None, out, ExportOptions(), progress)
    assert not out.exists() and not list(tmp_path.glob(".cancelled.jsonl.*"))
