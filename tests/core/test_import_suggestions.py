"""Importing suggests attributions for the new articles, after their entities."""

from __future__ import annotations

import json

from framedesk.core.importing import import_paths


def test_import_suggests_attributions_linked_to_entities(project, seeds_dir):
    summary = import_paths(project, [seeds_dir])
    assert summary.ok and summary.imported == 2
    assert summary.suggestions > 0
    found = [a for i in summary.new_ids for a in project.attributions.list(i)]
    assert len(found) == summary.suggestions
    assert {a.status for a in found} == {"suggested"}
    # The source of at least one suggestion points at a canonical entity found by NER.
    assert any(a.entity == "NBC" or a.entity == "NBC News" for a in found)


def test_no_suggestions_when_asked_or_without_entities(project, seeds_dir, tmp_path):
    summary = import_paths(project, [seeds_dir / "000_8eebfda767bfdce3.txt"],
                           attributions=False)
    assert summary.suggestions == 0
    assert project.attributions.list(summary.new_ids[0]) == []
    fast = import_paths(project, [seeds_dir / "004_ee9365a6a5392e40.txt"], entities=False)
    assert fast.suggestions == 0 and project.attributions.list(fast.new_ids[0]) == []


def test_articles_that_bring_attributions_get_no_suggestions(project, tmp_path):
    text = "Officials said the talks had failed."
    record = {"text": text, "title": "Talks",
              "attributions": [{"source": {"start": 0, "end": 9}, "cue": {"start": 10, "end": 14},
                                "content": {"start": 15, "end": 36},
                                "status": "manual"}]}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    summary = import_paths(project, [path])
    assert summary.ok, summary.failed
    [a] = project.attributions.list(summary.new_ids[0])
    assert a.status == "manual"
