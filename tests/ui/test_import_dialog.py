"""File > Import: every registered format offered, and a summary that says what was not
imported and why (file and line), what was left out on purpose and what was already there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from framedesk.core.exchange.registry import IMPORTERS, load_all
from framedesk.ui import project_actions
from framedesk.ui.import_dialog import import_filter

load_all()


def prodigy_tasks(path: Path) -> Path:
    tasks = [
        {"text": "Kyiv said the talks failed.", "answer": "accept",
         "spans": [{"start": 0, "end": 4, "label": "GPE"}]},
        {"text": "Moscow denied the report.", "answer": "reject",
         "spans": [{"start": 0, "end": 6, "label": "GPE"}]},
        {"text": "Berlin stayed quiet.", "answer": "ignore", "spans": []},
        {"text": "Lagos flooded again.", "answer": "accept",
         "spans": [{"start": 0, "end": 5, "label": "GPE"}]},
    ]
    path.write_text("".join(json.dumps(t) + "\n" for t in tasks), encoding="utf-8")
    return path


@pytest.fixture
def no_spacy(monkeypatch):
    """Only the reading and the reporting: entities are another test's business."""
    real = project_actions.run_import
    monkeypatch.setattr(project_actions, "run_import",
                        lambda path, paths, annotator, entities, progress:
                        real(path, paths, annotator, False, progress))


def test_the_filter_offers_every_registered_format() -> None:
    filters = import_filter().split(";;")
    assert filters[0].startswith("All supported files (")
    assert filters[-1] == "All files (*)"
    for fmt in IMPORTERS.values():
        for suffix in fmt.suffixes:
            assert f"*{suffix}" in filters[0]
            assert any(f"*{suffix}" in f for f in filters[1:-1])
    assert any(f.startswith("Prodigy JSONL (") for f in filters)
    assert any(f.startswith("spaCy DocBin (*.spacy)") for f in filters)


def test_import_files_passes_the_filter_to_the_file_dialog(news_window, monkeypatch) -> None:
    seen = {}

    def fake_dialog(parent, caption, folder, filters, *args, **kwargs):
        seen["filters"] = filters
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake_dialog)
    news_window.actions_by_name["import_files"].trigger()
    assert seen["filters"] == import_filter()


def test_the_summary_lists_failures_skipped_records_and_duplicates(
        news_window, qtbot, tmp_path, no_spacy) -> None:
    w = news_window
    folder = tmp_path / "in"
    folder.mkdir()
    tasks = prodigy_tasks(folder / "tasks.jsonl")
    broken = folder / "broken.jsonl"
    broken.write_text('{"text": "Fine words here."}\n{not json\n', encoding="utf-8")
    again = folder / "again.txt"
    again.write_text("Floods hit Lagos\n\nRain flooded Lagos again; the governor blamed "
                     "drains.", encoding="utf-8")
    with qtbot.waitSignal(w.tasks.task_finished, timeout=20000):
        w.project_actions.import_paths([tasks, broken, again])
    box = w.project_actions.last_dialog
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text().startswith("Imported 3 articles from 3 files.")
    details = box.detailedText()
    assert f"Not imported (1):\n  {broken}, line 2: " in details
    assert ("Left out on purpose (2: 1 answer: reject, 1 answer: ignore):\n"
            f"  {tasks}, line 2: answer: reject.\n  {tasks}, line 3: answer: ignore.") in details
    assert "Already in the project, not added again: 1 article (same text)." in details
    assert "Prodigy JSONL 1" in details
    assert w.article_list.model.rowCount() == 3 + 3


def test_a_clean_import_is_an_information(news_window, qtbot, tmp_path, no_spacy) -> None:
    w = news_window
    tasks = prodigy_tasks(tmp_path / "tasks.jsonl")
    with qtbot.waitSignal(w.tasks.task_finished, timeout=20000):
        w.project_actions.import_paths([tasks])
    box = w.project_actions.last_dialog
    assert box.icon() == QMessageBox.Icon.Information
    assert "Not imported" not in box.detailedText()
    assert "Left out on purpose (2" in box.detailedText()
