"""Prodigy's recipes read `tokens` and each span's `token_start` / `token_end`: our export
writes them, and on Prodigy's own headlines they are the tokens Prodigy itself wrote."""

from __future__ import annotations

import json
from pathlib import Path

from framedesk.core.exchange.interop import ForeignDocument, ForeignRelation, ForeignSpan, build_draft
from framedesk.core.exchange.prodigy import write_prodigy
from framedesk.core.exchange.storing import store_annotations
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

HEADLINES = (Path(__file__).resolve().parents[1] / "data" / "fixtures" / "prodigy"
             / "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl")
TOKEN_KEYS = ("text", "start", "end", "id")


def exported(project: Project, tmp_path: Path) -> list[dict]:
    write_prodigy(project, None, tmp_path / "out.jsonl")
    return [json.loads(line) for line in
            (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]


def check_tokens(task: dict) -> None:
    """What Prodigy relies on: tokens tile the text, spans start and end on tokens."""
    text, tokens = task["text"], task["tokens"]
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    for t in tokens:
        assert text[t["start"]:t["end"]] == t["text"]
        assert t["ws"] == (text[t["end"]:t["end"] + 1] == " ")
    for s in task["spans"]:
        assert tokens[s["token_start"]]["start"] == s["start"]
        assert tokens[s["token_end"]]["end"] == s["end"]


def test_headline_tokens_are_prodigys_own(project: Project, tmp_path: Path) -> None:
    originals = {}
    for line in HEADLINES.read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        originals.setdefault(task["text"], task)
    import_paths(project, [HEADLINES], entities=False)
    tasks = exported(project, tmp_path)
    compared = 0
    for task in tasks:
        check_tokens(task)
        original = originals.get(task["text"])
        if original is None:
            continue   # a headline whose whitespace the import normalised
        compared += 1
        assert [{k: t[k] for k in TOKEN_KEYS} for t in task["tokens"]] == \
            [{k: t[k] for k in TOKEN_KEYS} for t in original["tokens"]]
        theirs = sorted((s["token_start"], s["token_end"], s["label"])
                        for s in original.get("spans", []) if s.get("answer") != "reject")
        ours = sorted((s["token_start"], s["token_end"], s["label"]) for s in task["spans"])
        assert ours == theirs
    print(f"{compared} of {len(tasks)} headlines compared token by token")
    assert compared > len(tasks) * 0.9


def test_span_inside_a_token_splits_it_and_relations_point_at_tokens(project: Project,
                                                                     tmp_path: Path) -> None:
    text = "Putin's envoy met Biden-aides in Kyiv."
    def at(word: str) -> tuple[int, int]:
        return text.index(word), text.index(word) + len(word)
    doc = ForeignDocument(text=text, spans=[
        ForeignSpan("T1", *at("Putin"), "PER"), ForeignSpan("T2", *at("Bid"), "PER"),
        ForeignSpan("T3", *at("Kyiv"), "GPE")],
        relations=[ForeignRelation("R1", "MEETS", [("Arg1", "T1"), ("Arg2", "T2")])])
    draft = build_draft(doc, "test")
    ((article_id, _),) = project.articles.add_many([draft])
    store_annotations(project, article_id, draft.text, draft.annotations)
    (task,) = exported(project, tmp_path)
    check_tokens(task)
    words = [t["text"] for t in task["tokens"]]
    assert "Bid" in words and "en" in words     # "Biden" split where the span ends
    (rel,) = task["relations"]
    assert task["tokens"][rel["head"]]["text"] == "Putin"
    assert task["tokens"][rel["child"]]["text"] == "Bid"
