"""Issue 8: a JSONL export carries each article's story, and importing it rebuilds the stories."""

from __future__ import annotations

import io
import json
from pathlib import Path

from framedesk.core.exchange.jsonl import write_jsonl
from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

TEXTS = {
    "a": "Kyiv talks resume\n\nNegotiators met in Kyiv on Monday.",
    "b": "Kiev talks resume\n\nNegotiators met in Kiev on Monday, officials said.",
    "c": "Harvest festival opens\n\nFarmers brought pumpkins to the square.",
    "d": "Budget vote delayed\n\nThe council postponed the vote again.",
}


def write_lines(path: Path, objects: list[dict]) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects),
                    encoding="utf-8")
    return path


def export(project: Project) -> list[dict]:
    buf = io.StringIO()
    write_jsonl(project, None, buf, ExportOptions())
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def stories_by_title(project: Project) -> dict[str, tuple[str, bool]]:
    """article title -> (story name, named by the analyst), for articles in a story."""
    titles = dict(project.db.execute("SELECT id, title FROM articles").fetchall())
    return {titles[a]: (s.name, s.manual) for s in project.stories.all() for a in s.article_ids}


def source_project(tmp_path: Path) -> tuple[Project, dict[str, int]]:
    """Talks a+b in one named story, the festival c alone in an automatic one, d in none."""
    src = Project.create(tmp_path / "src.framedesk", annotator="Ana")
    f = write_lines(tmp_path / "in.jsonl", [{"text": t} for t in TEXTS.values()])
    ids = dict(zip(TEXTS, import_paths(src, [f], entities=False).new_ids))
    talks = src.stories.split([ids["a"], ids["b"]], name="Peace talks")
    with src.atomic() as db:
        auto = db.execute("INSERT INTO stories (name, created) VALUES ('auto:Harvest', 'x')"
                          ).lastrowid
        db.execute("UPDATE articles SET story_id = ? WHERE id = ?", [auto, ids["c"]])
    assert talks != auto
    return src, ids


def test_importing_an_export_rebuilds_its_stories_as_the_analysts(tmp_path: Path) -> None:
    src, _ = source_project(tmp_path)
    exported = export(src)
    assert {o["meta"]["title"]: o["meta"]["story_name"] for o in exported} == {
        "Kyiv talks resume": "Peace talks", "Kiev talks resume": "Peace talks",
        "Harvest festival opens": "Harvest", "Budget vote delayed": None}
    out = write_lines(tmp_path / "out.jsonl", exported)

    dst = Project.create(tmp_path / "dst.framedesk", annotator="Ben")
    summary = import_paths(dst, [out], entities=False)
    assert summary.imported == 4 and not summary.failed
    assert stories_by_title(dst) == {
        "Kyiv talks resume": ("Peace talks", True), "Kiev talks resume": ("Peace talks", True),
        "Harvest festival opens": ("Harvest", True)}
    # The story is rebuilt, not kept as metadata: the old project's id would mislead.
    assert all("story" not in dst.articles.get(i).extra for i in summary.new_ids)
    # Exporting again gives the same groups under the same names.
    again = {o["meta"]["title"]: o["meta"]["story_name"] for o in export(dst)}
    assert again == {o["meta"]["title"]: o["meta"]["story_name"] for o in exported}
    # Regrouping automatically keeps what the file said (they are the analyst's stories).
    dst.stories.group_automatically()
    assert stories_by_title(dst)["Kiev talks resume"] == ("Peace talks", True)
    assert stories_by_title(dst)["Kyiv talks resume"] == ("Peace talks", True)
    src.close()
    dst.close()


def test_importing_twice_makes_no_second_story(tmp_path: Path) -> None:
    src, _ = source_project(tmp_path)
    out = write_lines(tmp_path / "out.jsonl", export(src))
    dst = Project.create(tmp_path / "dst.framedesk", annotator="Ben")
    import_paths(dst, [out], entities=False)
    import_paths(dst, [out], entities=False, backup=False)
    names = [s.name for s in dst.stories.all()]
    assert sorted(names) == ["Harvest", "Peace talks"]
    src.close()
    dst.close()


def test_an_article_in_a_story_of_the_importing_analyst_stays_there(tmp_path: Path) -> None:
    src, _ = source_project(tmp_path)
    out = write_lines(tmp_path / "out.jsonl", export(src))
    dst = Project.create(tmp_path / "dst.framedesk", annotator="Ben")
    f = write_lines(tmp_path / "mine.jsonl", [{"text": TEXTS["a"]}])
    mine, = import_paths(dst, [f], entities=False).new_ids
    dst.stories.split([mine], name="My own grouping")
    import_paths(dst, [out], entities=False, backup=False)
    assert stories_by_title(dst)["Kyiv talks resume"] == ("My own grouping", True)
    assert stories_by_title(dst)["Kiev talks resume"] == ("Peace talks", True)
    src.close()
    dst.close()


def test_a_story_with_only_an_id_gets_a_name_and_generic_records_need_none(
        project: Project, tmp_path: Path) -> None:
    f = write_lines(tmp_path / "in.jsonl", [
        {"text": TEXTS["a"], "meta": {"story": 7}},
        {"text": TEXTS["b"], "meta": {"story": 7, "story_name": None}},
        {"text": TEXTS["c"], "meta": {"story": None, "story_name": None}},
        {"text": TEXTS["d"]},
    ])
    summary = import_paths(project, [f], entities=False)
    assert summary.imported == 4 and not summary.failed
    assert stories_by_title(project) == {"Kyiv talks resume": ("Story 7", True),
                                         "Kiev talks resume": ("Story 7", True)}
