"""Our Label Studio export is what Label Studio accepts, with each analyst apart (issue 16,
items 2, 3, 7): checked with label-studio-sdk (its LabelInterface validates the labeling
config and every annotation and prediction; its converter writes the JSON-MIN we read back).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framedesk.core.exchange.labelstudio_export import config_path, write_labelstudio
from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.importing import import_paths
from framedesk.core.store import Project
from tests.support.two_coders import (
    all_tones, analysts_with_work, coding_by_analyst, two_coder_project)

label_interface = pytest.importorskip("label_studio_sdk.label_interface")


@pytest.fixture
def coded(tmp_path: Path) -> Project:
    p = two_coder_project(tmp_path / "coded.framedesk")
    yield p
    p.close()


def export(project: Project, path: Path, **extra) -> list[dict]:
    write_labelstudio(project, None, path, ExportOptions(extra=extra))
    return json.loads(path.read_text(encoding="utf-8"))


def test_export_validates_against_its_labeling_config(coded: Project, tmp_path: Path) -> None:
    tasks = export(coded, tmp_path / "tasks.json")
    config = config_path(tmp_path / "tasks.json").read_text(encoding="utf-8")
    interface = label_interface.LabelInterface(config)
    interface.validate()   # raises on an invalid config
    checked = 0
    for task in tasks:
        for item in task["annotations"] + task.get("predictions", []):
            assert interface.validate_prediction(item, return_errors=True) == []
            checked += 1
    assert checked == 2 * 2 + 1   # two analysts on two articles, one model prediction


def test_one_annotation_per_analyst_and_model_output_as_prediction(coded: Project,
                                                                   tmp_path: Path) -> None:
    first, _ = export(coded, tmp_path / "tasks.json")
    by_analyst = {}
    for annotation in first["annotations"]:
        assert "completed_by" not in annotation   # Label Studio refuses unknown e-mails
        values = {r["from_name"]: r["value"] for r in annotation["result"]
                  if r["type"] in ("choices", "textarea") and "start" not in r["value"]}
        by_analyst[values["framedesk_analyst"]["text"][0]] = values
    assert by_analyst["Ana"]["tone"] == {"choices": ["neutral"]}
    assert by_analyst["Ben"]["tone"] == {"choices": ["implicit_pro"]}
    assert by_analyst["Ben"]["primary_frame"] == {"choices": ["economic"]}
    (prediction,) = first["predictions"]
    assert prediction["model_version"] == "spacy:en_core_web_sm@3.8.0"
    assert [r["value"]["text"] for r in prediction["result"]] == ["Angela Merkel"]


def test_mapped_analysts_get_a_label_studio_user_id(coded: Project, tmp_path: Path) -> None:
    first, _ = export(coded, tmp_path / "tasks.json", labelstudio_users={"Ben": 3})
    assert [a.get("completed_by") for a in first["annotations"]] == [None, 3]


def test_two_analysts_round_trip_apart(coded: Project, tmp_path: Path) -> None:
    export(coded, tmp_path / "tasks.json")
    before = coding_by_analyst(coded)
    with Project.create(tmp_path / "back.framedesk", annotator="Cleo") as back:
        summary = import_paths(back, [tmp_path / "tasks.json"], entities=False)
        assert not summary.failed
        assert back.articles.count() == 2
        assert analysts_with_work(back) == {"Ana", "Ben"}
        assert coding_by_analyst(back) == before
        assert all(";" not in tone for tone in all_tones(back))
        model = back.db.execute("SELECT text, status, annotator_id, origin FROM mentions"
                                " WHERE text = 'Angela Merkel'").fetchone()
        assert model == ("Angela Merkel", "auto", None, "labelstudio:spacy:en_core_web_sm@3.8.0")


def test_json_min_written_by_the_sdk_converter_imports(coded: Project, tmp_path: Path) -> None:
    from label_studio_sdk.converter import Converter

    export(coded, tmp_path / "tasks.json")
    config = config_path(tmp_path / "tasks.json").read_text(encoding="utf-8")
    Converter(config=config, project_dir=None).convert_to_json_min(
        str(tmp_path / "tasks.json"), str(tmp_path / "min"), is_dir=False)
    records = json.loads((tmp_path / "min" / "result.json").read_text(encoding="utf-8"))
    assert len(records) == 4 and "data" not in records[0]
    with Project.create(tmp_path / "back.framedesk", annotator="Cleo") as back:
        summary = import_paths(back, [tmp_path / "min" / "result.json"], entities=False)
        assert not summary.failed and back.articles.count() == 2
        assert analysts_with_work(back) == {"Ana", "Ben"}
        tones = {(name, code) for name, code in back.db.execute(
            "SELECT n.name, d.code FROM doc_codes d JOIN annotators n ON n.id = d.annotator_id"
            " WHERE d.role = 'tone'")}
        assert tones == {("Ana", "neutral"), ("Ben", "implicit_pro")}


def test_predictions_are_suggestions_not_codes(project: Project, tmp_path: Path) -> None:
    text = "Kyiv said the talks failed."
    task = {"predictions": [{"model_version": "ner-v2", "score": 0.8, "result": [
                {"id": "k", "type": "labels", "from_name": "label", "to_name": "text",
                 "value": {"start": 0, "end": 4, "text": "Kyiv", "labels": ["GPE"]}},
                {"id": "t", "type": "choices", "from_name": "tone", "to_name": "text",
                 "value": {"choices": ["neutral"]}},
                {"id": "s", "type": "labels", "from_name": "label", "to_name": "text",
                 "value": {"start": 0, "end": 4, "text": "Kyiv", "labels": ["SOURCE"]}},
                {"id": "q", "type": "labels", "from_name": "label", "to_name": "text",
                 "value": {"start": 10, "end": 26, "text": "the talks failed",
                           "labels": ["CONTENT"]}},
                {"from_id": "q", "to_id": "s", "type": "relation", "labels": ["ATTR_SOURCE"]}]}],
            "data": {"text": text}}
    path = tmp_path / "predictions.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    summary = import_paths(project, [path], entities=False)
    assert not summary.failed and summary.imported == 1
    (aid,) = project.articles.ids()
    (m,) = project.entities.mentions(aid)
    assert (m.text, m.status, m.origin) == ("Kyiv", "auto", "labelstudio:ner-v2")
    assert project.coding.tone(aid, "Ana") is None
    (a,) = project.attributions.list(aid)
    assert (a.status, a.annotator, text[a.content.start:a.content.end]) == (
        "suggested", None, "the talks failed")


def test_text_is_kept_exactly(project: Project, tmp_path: Path) -> None:
    text = "Kyiv  replied.\r\n\nMoscow\u00a0said nothing.\n"
    task = {"data": {"text": text}, "annotations": [{"result": [
        {"id": "m", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 17, "end": 23, "text": "Moscow", "labels": ["GPE"]}}]}]}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    import_paths(project, [path], entities=False)
    (aid,) = project.articles.ids()
    assert project.articles.get(aid).text == text
    (m,) = project.entities.mentions(aid)
    assert (m.start, m.end) == (17, 23)


def test_recognised_by_structure_not_by_words_in_the_text(tmp_path: Path) -> None:
    from framedesk.core.errors import UnsupportedFormat
    from framedesk.core.exchange.registry import load_all
    from framedesk.core.importing import choose_format

    load_all()
    path = tmp_path / "x.json"
    words = json.dumps([{"id": 1, "body": 'a text quoting "data" and "annotations"'}])
    task = json.dumps([{"annotations": [{"result": [], "lead_time": "x" * 9000}],
                        "data": {"text": "Kyiv."}}])
    minimal = json.dumps([{"text": "Kyiv.", "id": 3, "annotator": 2, "annotation_id": 5,
                           "label": [{"start": 0, "end": 4, "text": "Kyiv",
                                      "labels": ["GPE"]}]}])
    assert choose_format(path, task).name == "labelstudio"
    assert choose_format(path, minimal).name == "labelstudio"
    with pytest.raises(UnsupportedFormat):   # not Label Studio: said, not guessed
        choose_format(path, words)


def test_predictions_exported_as_ids_are_counted_with_a_reason(project: Project,
                                                               tmp_path: Path) -> None:
    task = {"id": 4, "predictions": [17], "annotations": [], "data": {"text": "Kyiv."}}
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    summary = import_paths(project, [path], entities=False)
    assert summary.imported == 1 and not summary.failed
    (skipped,) = summary.skipped
    assert "1 prediction(s) written as ids only" in skipped.reason


def test_command_line_maps_analysts_to_label_studio_users(coded: Project, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    from framedesk.cli import main

    path = coded.path
    coded.close()
    out = tmp_path / "tasks.json"
    assert main(["export", str(path), "-f", "labelstudio", "-o", str(out),
                 "--labelstudio-user", "Ana=1"]) == 0
    first = json.loads(out.read_text(encoding="utf-8"))[0]
    assert [a.get("completed_by") for a in first["annotations"]] == [1, None]
    assert "tasks.labeling-config.xml" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", str(path), "-f", "labelstudio", "-o", str(tmp_path / "b.json"),
              "--labelstudio-user", "Ana"])
    assert "--labelstudio-user 'Ana'" in capsys.readouterr().err
