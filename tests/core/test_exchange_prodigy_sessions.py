"""Prodigy: a span the annotator rejected stays out, annotators become analysts, relation
offsets outside the text are refused (issue 16, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

from framedesk.core.importing import import_paths
from framedesk.core.store import Project

TEXT = "Angela Merkel met Emmanuel Macron in Paris."


def _write(path: Path, tasks: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(t) for t in tasks) + "\n", encoding="utf-8")
    return path


def test_rejected_span_is_not_imported_and_annotators_are_analysts(project: Project,
                                                                   tmp_path: Path) -> None:
    tasks = [{"text": TEXT, "answer": "accept", "_annotator_id": "news-alice",
              "_session_id": "news-alice",
              "spans": [{"start": 0, "end": 13, "label": "PERSON"},
                        {"start": 37, "end": 42, "label": "ORG", "answer": "reject"}]},
             {"text": "Olaf Scholz spoke.", "answer": "accept", "_session_id": "news-bob",
              "spans": [{"start": 0, "end": 11, "label": "PERSON"}]}]
    summary = import_paths(project, [_write(tmp_path / "p.jsonl", tasks)], entities=False)
    assert not summary.failed and summary.imported == 2
    rows = project.db.execute("SELECT m.text, m.label, n.name FROM mentions m JOIN annotators n"
                              " ON n.id = m.annotator_id ORDER BY m.id").fetchall()
    assert rows == [("Angela Merkel", "PERSON", "news-alice"),
                    ("Olaf Scholz", "PERSON", "news-bob")]


def test_relation_outside_the_text_is_refused_not_clamped(project: Project,
                                                          tmp_path: Path) -> None:
    tasks = [{"text": TEXT, "answer": "accept", "spans": [],
              "relations": [{"head_span": {"start": 0, "end": 13, "label": "PERSON"},
                             "child_span": {"start": 37, "end": 90, "label": "GPE"},
                             "label": "VISITS"}]},
             {"text": "Fine task.", "answer": "accept"}]
    summary = import_paths(project, [_write(tmp_path / "r.jsonl", tasks)], entities=False)
    assert summary.imported == 1
    [failure] = summary.failed
    assert failure.line == 1 and "outside the text (43 characters)" in str(failure.error)
