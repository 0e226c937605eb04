"""Opening several files at once (two at a time in threads) and the lazily read entity
mentions: all or none, the first bad file named, the same figures however items are built."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from framedesk.core.errors import CorruptProject, ProjectMissing
from framedesk.core.review.agreement import session_report
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import ENTITIES
from framedesk.core.store import Project
from tests.core.test_review import make_coder_file

FRAMES = ["security", "economic", "security", "political", "morality", "health"]
TONES = ["neutral", "negative", "neutral", "positive", None, "neutral"]


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    paths = [tmp_path / f"{name}.framedesk" for name in ("ana", "ben", "cleo")]
    for path, name in zip(paths, ("Ana", "Ben", "Cleo")):
        make_coder_file(path, name, FRAMES, TONES)
    return paths


def corrupt_copy(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    data[3 * 4096:5 * 4096] = b"\xff" * (2 * 4096)      # scribble over b-tree pages
    target.write_bytes(bytes(data))
    return target


def private_copies(folder: Path) -> list[Path]:
    return list(folder.glob("framedesk-review-*"))


def test_a_bad_file_among_good_ones_leaves_no_private_copy(files, tmp_path: Path,
                                                           monkeypatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    bad = corrupt_copy(files[1], tmp_path / "bad.framedesk")
    with pytest.raises(CorruptProject) as info:
        ReviewSession.open([files[0], bad, files[2]])
    assert info.value.path == bad
    assert private_copies(scratch) == []
    with ReviewSession.open(files) as session:       # the good files still open fine
        assert session.coders == ["Ana", "Ben", "Cleo"]
        assert len(private_copies(scratch)) == 3
    assert private_copies(scratch) == []


def test_of_several_bad_files_the_first_one_is_reported(files, tmp_path: Path) -> None:
    bad = corrupt_copy(files[1], tmp_path / "bad.framedesk")
    missing = tmp_path / "missing.framedesk"
    with pytest.raises(ProjectMissing) as info:
        ReviewSession.open([files[0], missing, bad])
    assert info.value.path == missing
    with pytest.raises(CorruptProject):
        ReviewSession.open([bad, missing])


def test_entity_figures_do_not_depend_on_when_items_are_built(files) -> None:
    """Relabel one mention in Ben's file: the lazily compared report and one whose entity
    items were all built before comparing must agree, and find that one difference."""
    with Project.open(files[1]) as p:
        first = p.db.execute("SELECT id FROM mentions ORDER BY id LIMIT 1").fetchone()[0]
        p.entities.relabel(first, "LOC")
    pair = files[:2]
    with ReviewSession.open(pair) as session:
        lazy = session_report(session)
        summary = session.comparison.summary()[ENTITIES]
    with ReviewSession.open(pair) as session:
        for works in session.works.values():
            for work in works.values():
                work.of(ENTITIES)                   # build every entity item up front
        built = session_report(session)
    assert summary == {"agree": 5, "disagree": 1}
    entity_rows = [r for r in lazy.spans if r.variable == "entity spans"]
    assert [(r.mode, r.in_a, r.in_b, r.matched) for r in entity_rows] == [
        ("exact", 12, 12, 11), ("overlap", 12, 12, 11)]
    assert lazy == built
