"""`framedesk sources PROJECT [--csv FILE]` prints the sourcing table and writes it."""

from __future__ import annotations

from framedesk.cli import main
from framedesk.core.model import ArticleDraft, Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution


def test_sources_command_prints_and_writes_csv(project_path, tmp_path, capsys):
    with Project.create(project_path, annotator="Ana") as project:
        (article_id, _), = project.articles.add_many(
            [ArticleDraft(text="Two officials said the talks failed.", outlet="Wire")])
        project.attributions.add(Attribution(
            article_id=article_id, source=Span(0, 13), content=Span(19, 35),
            identification="described_unnamed", source_type="government_official",
            status="manual"))
        project.attributions.add(Attribution(
            article_id=article_id, source=Span(0, 13), content=Span(19, 35),
            identification="named", source_type="other_media", status="suggested"))
    out = tmp_path / "table.csv"
    assert main(["sources", str(project_path), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Wire: 1 articles, 1 attributions, unnamed 100%" in printed
    assert "described unnamed 1" in printed
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("Wire,1,1,1,1.000")

    assert main(["sources", str(project_path), "--include-suggestions"]) == 0
    assert "Wire: 1 articles, 2 attributions, unnamed 50%" in capsys.readouterr().out


def test_sources_of_a_missing_file_is_one_sentence(tmp_path, capsys):
    assert main(["sources", str(tmp_path / "nope.framedesk")]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err
