"""An annotation tool's text stays exactly as that tool had it (issue 16, item 9): Prodigy
headlines, brat .txt files (trailing newline), doccano lines; scraped text is still cleaned."""

from __future__ import annotations

import json
from pathlib import Path

from framedesk.core.importing import import_paths
from framedesk.core.store import Project

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def test_prodigy_headlines_are_stored_unchanged(project: Project) -> None:
    path = FIXTURES / "prodigy" / "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"
    tasks = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    accepted = {t["text"] for t in tasks if t.get("answer") == "accept"}
    assert len(accepted) == 372
    import_paths(project, [path], entities=False)
    stored = {a.text for a in project.articles.iter_all()}
    assert stored == accepted
    spans_ok = [project.articles.get(m.article_id).text[m.start:m.end] == m.text
                for aid in project.articles.ids() for m in project.entities.mentions(aid)]
    assert spans_ok and all(spans_ok)


def test_brat_text_keeps_its_trailing_newline(project: Project, tmp_path: Path) -> None:
    source = FIXTURES / "brat"
    name = sorted(p.stem for p in source.glob("*.ann"))[0]
    for suffix in (".txt", ".ann"):
        (tmp_path / f"{name}{suffix}").write_bytes((source / f"{name}{suffix}").read_bytes())
    original = (tmp_path / f"{name}.txt").read_text(encoding="utf-8")
    assert original.endswith("\n")
    import_paths(project, [tmp_path / f"{name}.ann"], entities=False)
    (aid,) = project.articles.ids()
    assert project.articles.get(aid).text == original


def test_doccano_text_is_kept_and_scraped_text_is_still_cleaned(project: Project,
                                                                tmp_path: Path) -> None:
    text = "Kyiv  replied\u00a0today. "
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": text, "label": [[0, 4, "GPE"]]})
                                      + "\n", encoding="utf-8")
    (tmp_path / "scraped.txt").write_text("Moscow  said\u00a0nothing.  \n", encoding="utf-8")
    import_paths(project, [tmp_path / "d.jsonl", tmp_path / "scraped.txt"], entities=False)
    texts = sorted(a.text for a in project.articles.iter_all())
    assert texts == [text, "Moscow said nothing."]
