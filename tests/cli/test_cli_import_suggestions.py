"""`framedesk import` suggests attributions after entities; `--no-suggestions` skips it."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.cli import main
from framedesk.core.store import Project


def test_import_suggests_and_no_suggestions_skips(tmp_path: Path, seeds_dir: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    seed = seeds_dir / "000_8eebfda767bfdce3.txt"
    with_them = tmp_path / "with.framedesk"
    assert main(["import", str(with_them), str(seed)]) == 0
    out = capsys.readouterr().out
    with Project.open(with_them) as p:
        count = sum(len(p.attributions.list(i)) for i in p.articles.ids())
    assert count > 0 and f"Attributions suggested: {count}." in out

    without = tmp_path / "without.framedesk"
    assert main(["import", str(without), str(seed), "--no-suggestions"]) == 0
    out = capsys.readouterr().out
    assert "Attributions suggested" not in out
    with Project.open(without) as p:
        assert p.entities.count() > 0
        assert all(p.attributions.list(i) == [] for i in p.articles.ids())
