"""`agree` and `merge` compare analysts: FILE:ANALYST names one, a file holding several
analysts' work is refused with a sentence rather than reduced to the one with most work,
and the same file may stand for two coders."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.cli import main
from framedesk.core.store import Project
from tests.core.test_review import make_coder_file

FRAMES = ["security", "economic", "security", "political", "morality", "health"]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """Ana's file, and a team file where Ben coded everything and Cleo two articles."""
    ana, team = tmp_path / "ana.framedesk", tmp_path / "team.framedesk"
    make_coder_file(ana, "Ana", FRAMES, ["neutral"] * 6)
    p = make_coder_file(team, "Ben", FRAMES, ["neutral"] * 6, close=False)
    p.annotator = "Cleo"
    for aid in p.articles.ids()[:2]:
        p.coding.set_frame(aid, "policy_frames", "morality", primary=True)
    p.close()
    return ana, team


def test_a_file_with_several_analysts_must_name_one(files, capsys) -> None:
    ana, team = files
    assert main(["agree", str(ana), str(team)]) != 0
    err = capsys.readouterr().err
    assert "several analysts: Ben, Cleo" in err and "team.framedesk:Ben" in err
    assert "Traceback" not in err


def test_file_colon_analyst_compares_that_analyst(files, capsys) -> None:
    ana, team = files
    assert main(["agree", str(ana), f"{team}:Cleo", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"Ana"' in out and '"Cleo"' in out and '"Ben"' not in out
    # Ana and Ben coded the same frames; Cleo differs on two articles.
    assert main(["agree", f"{team}:Ben", f"{team}:Cleo"]) == 0
    out = capsys.readouterr().out
    assert "Agreement of Ben, Cleo on 2 articles" in out


def _primaries(gold: Path) -> list[str]:
    with Project.open(gold, read_only=True) as p:
        return [r[0] for r in p.db.execute(
            "SELECT code FROM doc_codes WHERE role = 'primary' ORDER BY article_id")]


def test_merge_takes_the_named_analysts(files, tmp_path, capsys) -> None:
    ana, team = files
    with_ben, with_cleo = tmp_path / "ben-gold.framedesk", tmp_path / "cleo-gold.framedesk"
    assert main(["merge", str(ana), f"{team}:Ben", "--out", str(with_ben)]) == 0
    assert _primaries(with_ben) == FRAMES              # Ana and Ben agree on every article
    assert main(["merge", str(ana), f"{team}:Cleo", "--out", str(with_cleo)]) == 0
    # Cleo coded two articles, both differently from Ana: nothing agreed to write.
    assert _primaries(with_cleo) == []
    with Project.open(with_cleo, read_only=True) as p:
        open_rows = p.db.execute("SELECT item FROM adjudications WHERE kind = 'primary_frame'"
                                 " AND decision = 'undecided' AND item LIKE '%Cleo: morality%'"
                                 ).fetchall()
    assert len(open_rows) == 2
    assert main(["merge", str(ana), str(team), "--out", str(tmp_path / "g2.framedesk")]) != 0
    assert "several analysts" in capsys.readouterr().err
    assert not (tmp_path / "g2.framedesk").exists()
