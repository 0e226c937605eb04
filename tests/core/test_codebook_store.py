"""A project's own codebooks: chosen at creation, edited with versions, delete and merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.codebook import Code, load_codebook
from framedesk.core.errors import CodebookError
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project


def _articles(project: Project, n: int = 2) -> list[int]:
    return [i for i, _ in project.articles.add_many(
        [ArticleDraft(text=f"Title {k}\n\nThe war of centimetres goes on, day {k}.")
         for k in range(n)])]


def test_new_project_has_policy_frames_and_tone(project: Project) -> None:
    assert project.codebooks.names() == ["policy_frames", "tone"]
    assert project.codebooks.chosen() == ["policy_frames", "tone"]
    keys = project.codebooks.key_map()
    assert keys["8"][0] == "policy_frames" and keys["8"][1].id == "security"
    assert keys["F"][1].id == "implicit_pro"


def test_codebooks_chosen_at_creation_are_kept_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "g.framedesk"
    Project.create(path, codebooks=["policy_frames", "generic_frames", "tone"]).close()
    with Project.open(path) as p:
        assert p.codebooks.chosen() == ["policy_frames", "generic_frames", "tone"]
        generic = p.codebooks.get("generic_frames")
        # Its keys 1-5 belong to the policy frames here: it got free keys instead.
        assert [c.key for c in generic.codes] == ["Y", "U", "I", "O", "P"]
        assert len(p.codebooks.key_map()) == 15 + 5 + 5


def test_every_edit_bumps_the_version_and_stamps_new_annotations(project: Project) -> None:
    (aid,) = _articles(project, 1)
    project.coding.set_frame(aid, "policy_frames", "economic")
    assert project.codebooks.get("policy_frames").version == 1
    project.codebooks.rename("policy_frames", "economic", "Economy")
    project.codebooks.recolour("policy_frames", "economic", "#1C7ED6")
    project.codebooks.set_definition("policy_frames", "economic", "  Money,\n jobs  ")
    book = project.codebooks.get("policy_frames")
    assert book.version == 4
    assert (book.code("economic").label, book.code("economic").color,
            book.code("economic").definition) == ("Economy", "#1c7ed6", "Money, jobs")
    project.coding.set_frame(aid, "policy_frames", "security")
    versions = dict(project.db.execute("SELECT code, codebook_version FROM doc_codes"))
    assert versions == {"economic": 1, "security": 4}


def test_key_conflicts_are_refused_within_and_across_codebooks(project: Project) -> None:
    with pytest.raises(CodebookError, match="key '8'"):
        project.codebooks.set_key("policy_frames", "economic", "8")
    with pytest.raises(CodebookError, match="tone:explicit_anti"):
        project.codebooks.set_key("policy_frames", "economic", "a")
    with pytest.raises(CodebookError, match="key 'M'"):
        project.codebooks.set_key("policy_frames", "economic", "m")  # M edits the memo
    assert project.codebooks.get("policy_frames").version == 1  # nothing was written
    project.codebooks.set_key("policy_frames", "economic", None)
    project.codebooks.set_key("policy_frames", "security", "1")
    assert project.codebooks.key_map()["1"][1].id == "security"


def test_add_and_reorder_codes(project: Project) -> None:
    project.codebooks.add_code("policy_frames", Code("migration", "Migration",
                                                     "Movement of people.", "#0c8599", "y"), 0)
    book = project.codebooks.get("policy_frames")
    assert book.ids()[0] == "migration" and book.code("migration").key == "Y"
    with pytest.raises(CodebookError, match="duplicate code id 'migration'"):
        project.codebooks.add_code("policy_frames", Code("migration", "Again", "", "#0c8599"))
    order = list(reversed(book.ids()))
    assert project.codebooks.reorder("policy_frames", order).ids() == order
    assert project.codebooks.move_code("policy_frames", "migration", 0).ids()[0] == "migration"
    with pytest.raises(CodebookError):
        project.codebooks.reorder("policy_frames", order[:-1])


def test_delete_reports_and_removes_the_annotations_it_affects(project: Project) -> None:
    a, b = _articles(project)
    project.coding.set_frame(a, "policy_frames", "crime", primary=True)
    project.coding.set_frame(b, "policy_frames", "crime")
    project.coding.add_cue(a, 4, 7, "policy_frames", "crime")
    project.annotator = "Ben"
    project.coding.set_frame(a, "policy_frames", "crime")
    usage = project.codebooks.usage("policy_frames", "crime")
    assert (usage.documents, usage.spans, usage.total) == (3, 1, 4)
    assert project.codebooks.delete_code("policy_frames", "crime") == usage
    assert "crime" not in project.codebooks.get("policy_frames").ids()
    assert project.db.execute("SELECT count(*) FROM doc_codes").fetchone()[0] == 0
    assert project.db.execute("SELECT count(*) FROM span_codes").fetchone()[0] == 0


def test_merge_moves_annotations_and_keeps_one_code_per_article(project: Project) -> None:
    a, b = _articles(project)
    coding = project.coding
    coding.set_frame(a, "policy_frames", "political", primary=True)  # both on a: one remains
    coding.set_frame(a, "policy_frames", "public_opinion")
    coding.set_frame(b, "policy_frames", "political")
    coding.add_cue(b, 0, 5, "policy_frames", "political")
    usage = project.codebooks.merge_code("policy_frames", "political", "public_opinion")
    assert (usage.documents, usage.spans) == (2, 1)
    assert [(f.code, f.primary) for f in coding.frames(a)] == [("public_opinion", True)]
    assert [(f.code, f.primary) for f in coding.frames(b)] == [("public_opinion", False)]
    assert [c.code for c in coding.cues(b)] == ["public_opinion"]
    assert "political" not in project.codebooks.get("policy_frames").ids()
    with pytest.raises(CodebookError):
        project.codebooks.merge_code("policy_frames", "economic", "economic")


def test_export_and_import_share_a_codebook_between_projects(project: Project,
                                                             tmp_path: Path) -> None:
    project.codebooks.rename("policy_frames", "other", "Something else")
    out = project.codebooks.export_file("policy_frames", tmp_path / "team.yaml")
    assert load_codebook(out).code("other").label == "Something else"
    with Project.create(tmp_path / "colleague.framedesk", annotator="Ben") as theirs:
        book = theirs.codebooks.import_file(out)
        assert book.code("other").label == "Something else"
        assert book.version > 1
        assert theirs.codebooks.get("policy_frames") == book


def test_import_refuses_to_drop_codes_in_use(project: Project, tmp_path: Path) -> None:
    (aid,) = _articles(project, 1)
    project.coding.set_frame(aid, "policy_frames", "crime")
    book = project.codebooks.get("policy_frames")
    path = tmp_path / "smaller.yaml"
    from framedesk.core.codebook import save_codebook
    save_codebook(book.with_codes(c for c in book.codes if c.id not in ("crime", "other")), path)
    with pytest.raises(CodebookError, match="crime"):
        project.codebooks.import_file(path)
    assert "crime" in project.codebooks.get("policy_frames").ids()


def test_old_project_without_codebooks_gets_the_defaults_once(tmp_path: Path) -> None:
    path = tmp_path / "bare.framedesk"
    with Project.create(path, codebooks=[]) as p:
        assert p.codebooks.names() == []
        assert p.codebooks.ensure_defaults() is True
        assert p.codebooks.ensure_defaults() is False
        assert p.codebooks.names() == ["policy_frames", "tone"]
