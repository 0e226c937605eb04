"""Label Studio server exports: "annotations" before "data", completed_by as a user id,
image tasks skipped with a sentence (issue 16, items 2 and 10)."""

from __future__ import annotations

import json
from pathlib import Path

from framedesk.core.importing import import_paths
from framedesk.core.store import Project

TEXT = "Angela Merkel met Emmanuel Macron in Paris."


def test_server_export_with_user_ids_and_an_image_task(project: Project, tmp_path: Path) -> None:
    long_result = [{"id": f"r{i}", "type": "labels", "from_name": "label", "to_name": "text",
                    "value": {"start": 0, "end": 13, "text": "Angela Merkel",
                              "labels": ["PERSON"]}} for i in range(1)]
    padding = [{"id": f"x{i}", "type": "textarea", "from_name": "note", "to_name": "text",
                "value": {"text": ["a long note " * 40]}} for i in range(20)]
    tasks = [{"id": 1, "annotations": [
                {"id": 10, "completed_by": 7, "result": long_result + padding},
                {"id": 11, "completed_by": {"id": 9, "email": ""},
                 "result": [{"id": "m", "type": "labels", "from_name": "label",
                             "to_name": "text", "value": {"start": 18, "end": 33,
                                                          "text": "Emmanuel Macron",
                                                          "labels": ["PERSON"]}}]}],
              "data": {"text": TEXT}},
             {"id": 2, "annotations": [], "data": {"image": "/data/upload/29/example.png"}}]
    path = tmp_path / "project-1-at-2026.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    assert json.dumps(tasks).index('"data"') > 4000
    summary = import_paths(project, [path], entities=False)
    assert not summary.failed and summary.imported == 1
    rows = project.db.execute("SELECT m.text, n.name FROM mentions m JOIN annotators n"
                              " ON n.id = m.annotator_id ORDER BY m.start").fetchall()
    assert rows == [("Angela Merkel", "Label Studio user 7"),
                    ("Emmanuel Macron", "Label Studio user 9")]
    texts = [t for (t,) in project.db.execute("SELECT text FROM articles")]
    assert texts == [TEXT]
