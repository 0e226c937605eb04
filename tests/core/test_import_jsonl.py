"""JSONL: generic records in, the public contract out, and every annotation round-tripping."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from framedesk.core.errors import UnreadableFile
from framedesk.core.exchange.jsonl import write_jsonl
from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.importing import import_paths
from framedesk.core.model import ArticleDraft, Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution

CONTRACT_KEYS = ["id", "text", "meta", "spans", "frames", "tone", "frame_cues", "attributions",
                 "memo"]
META_KEYS = ["title", "outlet", "url", "author", "published", "language", "source_file",
             "status"]
# Astral characters (emoji, a Gothic letter, a flag of two code points) before the names.
EMOJI_TEXT = ("Talks 😀 in Kyiv 🇺🇦\n\n𐍈 Vladimir Putin met 🤝 Joe Biden; "
              "\"We will talk,\" Putin said. <b>Kyiv</b> & Moscow.")


def write_lines(path: Path, objects: list[object | str]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for obj in objects:
            fh.write((obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False))
                     + "\n")
    return path


def export(project: Project, **options: object) -> list[dict]:
    buf = io.StringIO()
    write_jsonl(project, None, buf, ExportOptions(**options))
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def at(text: str, word: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(start, start + len(word))


def test_generic_records_with_meta_or_top_level_keys(project: Project, tmp_path: Path) -> None:
    f = write_lines(tmp_path / "a.jsonl", [
        {"text": "Kyiv talks\n\nBody one.", "meta": {"title": "Kyiv talks", "source": "NBC",
                                                    "date": "2023-11-04", "section": "World"}},
        {"text": "Other story\n\nBody two.", "headline": "Other story", "url": "https://x.test/2",
         "authors": ["Jane Roe", "John Smith"], "lang": "en", "views": 12},
    ])
    summary = import_paths(project, [f], entities=False)
    assert summary.imported == 2 and not summary.failed
    first, second = (project.articles.get(i) for i in summary.new_ids)
    assert (first.title, first.outlet, first.published) == ("Kyiv talks", "NBC", "2023-11-04")
    assert first.extra == {"section": "World"}
    assert (second.url, second.author, second.language) == ("https://x.test/2",
                                                            "Jane Roe, John Smith", "en")
    assert second.extra == {"views": 12}


def test_bad_lines_fail_with_file_line_and_reason_and_the_rest_import(
        project: Project, tmp_path: Path) -> None:
    f = write_lines(tmp_path / "mixed.jsonl", [
        {"text": "Good one\n\nBody."},
        '{"text": "broken", ',
        "[1, 2]",
        {"title": "no text here"},
        {"text": "   "},
        "",
        {"text": "Good two\n\nBody."},
    ])
    summary = import_paths(project, [f], entities=False)
    assert summary.imported == 2
    failures = {(fl.path.name, fl.line): fl.error for fl in summary.failed}
    assert set(failures) == {("mixed.jsonl", 2), ("mixed.jsonl", 3), ("mixed.jsonl", 4),
                             ("mixed.jsonl", 5)}
    assert all(isinstance(e, UnreadableFile) for e in failures.values())
    assert "not valid JSON" in failures["mixed.jsonl", 2].reason
    assert "a list" in failures["mixed.jsonl", 3].reason
    assert "no \"text\"" in failures["mixed.jsonl", 4].reason
    assert "empty" in failures["mixed.jsonl", 5].reason


def test_export_follows_the_contract(project: Project) -> None:
    (aid, _), = project.articles.add_many([ArticleDraft(text="Headline\n\nBody.",
                                                        title="Headline", outlet="NBC")])
    obj, = export(project)
    assert list(obj)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert list(obj["meta"])[:len(META_KEYS)] == META_KEYS
    assert obj["meta"]["story"] is None  # issue 8: every article carries its story (none yet)
    assert obj["text"] == "Headline\n\nBody." and obj["meta"]["outlet"] == "NBC"
    assert obj["spans"] == obj["frames"] == obj["frame_cues"] == obj["attributions"] == []
    assert obj["tone"] is None and obj["memo"] is None
    assert obj["id"] == project.articles.get(aid).uid


def annotate_everything(project: Project, aid: int) -> str:
    """Every kind of annotation, made through the store API as the GUI would."""
    text = project.articles.get(aid).text
    kyiv, putin, biden = at(text, "Kyiv"), at(text, "Vladimir Putin"), at(text, "Joe Biden")
    project.entities.add_manual(aid, kyiv.start, kyiv.end, "GPE")
    project.entities.add_manual(aid, putin.start, putin.end, "PERSON")
    project.entities.add_manual(aid, biden.start, biden.end, "PERSON", canonical="Joe Biden")
    project.coding.set_frame(aid, "policy_frames", "security", primary=True)
    project.coding.set_frame(aid, "policy_frames", "political")
    project.coding.set_tone(aid, "implicit_anti")
    cue = at(text, "<b>Kyiv</b>")
    project.coding.add_cue(aid, cue.start, cue.end, "policy_frames", "security", note="tag")
    project.coding.set_memo(aid, "Check 😀 the quote.")
    project.attributions.add(Attribution(
        aid, source=at(text, "Putin", 1), cue=at(text, "said"),
        content=at(text, "We will talk,"), quote_type="direct", identification="named",
        source_type="government", certainty="asserted", unnamed={}, status="manual",
        entity_id=project.entities.lookup("Vladimir Putin", "PERSON")))
    project.attributions.add(Attribution(aid, source=biden, status="suggested"))
    return text


def test_every_annotation_round_trips_with_astral_characters(tmp_path: Path) -> None:
    src = Project.create(tmp_path / "src.framedesk", annotator="Ana")
    f = write_lines(tmp_path / "in.jsonl", [{"text": EMOJI_TEXT, "meta": {"title": "Talks"}}])
    aid, = import_paths(src, [f], entities=False).new_ids
    text = annotate_everything(src, aid)
    exported = export(src, include_suggestions=True)
    obj, = exported
    # Offsets are code points: slicing the exported text with them gives the names.
    assert {s["text"]: obj["text"][s["start"]:s["end"]] for s in obj["spans"]} == {
        "Kyiv": "Kyiv", "Vladimir Putin": "Vladimir Putin", "Joe Biden": "Joe Biden"}
    assert obj["annotator"] == "Ana"
    out = write_lines(tmp_path / "out.jsonl", exported)

    dst = Project.create(tmp_path / "dst.framedesk", annotator="Ben")
    summary = import_paths(dst, [out], entities=False)
    assert summary.imported == 1 and not summary.failed and summary.annotations == 10
    assert export(dst, include_suggestions=True) == exported
    # Coding is stored under the analyst the file names, not the one importing it.
    new_id = summary.new_ids[0]
    assert [f.annotator for f in dst.coding.frames(new_id)] == ["Ana", "Ana"]
    assert dst.coding.tone(new_id, "Ana") == "implicit_anti" and dst.coding.tone(new_id) is None
    assert dst.articles.get(new_id).text == text
    src.close()
    dst.close()


def test_importing_the_same_export_twice_adds_nothing(tmp_path: Path) -> None:
    src = Project.create(tmp_path / "src.framedesk", annotator="Ana")
    f = write_lines(tmp_path / "in.jsonl", [{"text": EMOJI_TEXT}])
    aid, = import_paths(src, [f], entities=False).new_ids
    annotate_everything(src, aid)
    out = write_lines(tmp_path / "out.jsonl", export(src, include_suggestions=True))
    again = import_paths(src, [out], entities=False)
    assert (again.imported, again.duplicates, again.annotations, again.failed) == (0, 1, 0, [])
    src.close()


def test_two_analysts_export_as_two_lines_and_both_come_back(tmp_path: Path) -> None:
    src = Project.create(tmp_path / "src.framedesk", annotator="Ana")
    f = write_lines(tmp_path / "in.jsonl", [{"text": "Headline\n\nBody text."}])
    aid, = import_paths(src, [f], entities=False).new_ids
    src.coding.set_frame(aid, "policy_frames", "security", primary=True)
    src.annotator = "Ben"
    src.coding.set_frame(aid, "policy_frames", "economic", primary=True)
    src.coding.set_tone(aid, "neutral")
    lines = export(src)
    assert [(o["annotator"], [fr["code"] for fr in o["frames"]], o["tone"]) for o in lines] == [
        ("Ana", ["security"], None), ("Ben", ["economic"], "neutral")]
    assert [o["annotator"] for o in export(src, annotator="Ben")] == ["Ben"]
    dst = Project.create(tmp_path / "dst.framedesk", annotator="Cleo")
    summary = import_paths(dst, [write_lines(tmp_path / "out.jsonl", lines)], entities=False)
    assert (summary.imported, summary.duplicates) == (1, 1)
    assert export(dst) == lines
    src.close()
    dst.close()


def test_records_without_an_annotator_go_to_the_current_analyst(project: Project,
                                                                 tmp_path: Path) -> None:
    f = write_lines(tmp_path / "a.jsonl", [{"text": "Headline\n\nBody.", "tone": "neutral",
                                            "frames": [{"code": "economic", "primary": True}]}])
    aid, = import_paths(project, [f], entities=False).new_ids
    assert project.coding.tone(aid, "Ana") == "neutral"
    assert [(fr.code, fr.primary, fr.annotator) for fr in project.coding.frames(aid)] == [
        ("economic", True, "Ana")]


def test_offsets_in_crlf_text_are_moved_onto_the_stored_text(project: Project,
                                                             tmp_path: Path) -> None:
    text = "Talks\r\n\r\n\r\nPutin\u00a0said 😀 Kyiv  \r\nwill talk."
    kyiv = text.index("Kyiv")
    f = write_lines(tmp_path / "crlf.jsonl", [{"text": text, "annotator": "Ana", "spans": [
        {"start": kyiv, "end": kyiv + 4, "label": "GPE", "text": "Kyiv"},
        {"start": 0, "end": 5, "label": "MISC"}]}])
    summary = import_paths(project, [f], entities=False)
    assert not summary.failed
    mentions = project.entities.mentions(summary.new_ids[0])
    stored = project.articles.get(summary.new_ids[0]).text
    assert stored == "Talks\n\nPutin said 😀 Kyiv\nwill talk."
    assert {stored[m.start:m.end]: m.label for m in mentions} == {"Kyiv": "GPE",
                                                                  "Talks": "MISC"}


def test_spans_that_do_not_fit_the_text_are_reported_and_the_article_kept(
        project: Project, tmp_path: Path) -> None:
    f = write_lines(tmp_path / "bad.jsonl", [{"text": "Kyiv talks", "frames": [], "spans": [
        {"start": 0, "end": 4, "label": "GPE", "text": "Kyiv"},
        {"start": 5, "end": 99, "label": "GPE"},
        {"start": 0, "end": 4, "label": "GPE", "text": "Kiev"},
        {"start": "0", "end": 4, "label": "GPE"},
        {"start": 0, "end": 4}]}])
    summary = import_paths(project, [f], entities=False)
    assert summary.imported == 1 and summary.annotations == 1
    reasons = [fl.error.reason for fl in summary.failed]
    assert len(reasons) == 4 and all(fl.line == 1 for fl in summary.failed)
    assert "outside the text" in reasons[0] and "'Kiev'" in reasons[1]
    assert "whole-number" in reasons[2] and "no label" in reasons[3]


def test_html_tags_inside_jsonl_text_stay_literal(project: Project, tmp_path: Path) -> None:
    text = "A <b>bold</b> claim\n\n<p>Kept as typed</p> &amp; <script>x()</script>"
    f = write_lines(tmp_path / "tags.jsonl", [{"text": text}])
    aid, = import_paths(project, [f], entities=False).new_ids
    assert project.articles.get(aid).text == text
    assert export(project)[0]["text"] == text


@pytest.mark.parametrize("status", ["done", "in_progress"])
def test_status_filter_and_status_round_trip(project: Project, tmp_path: Path,
                                             status: str) -> None:
    f = write_lines(tmp_path / "s.jsonl", [{"text": "One\n\nx", "meta": {"status": status}},
                                           {"text": "Two\n\ny"}])
    import_paths(project, [f], entities=False)
    assert [o["meta"]["title"] for o in export(project, status=(status,))] == ["One"]
    assert [o["meta"]["status"] for o in export(project)] == [status, "todo"]
