"""`framedesk report` writes the HTML report and refuses to overwrite without --force."""

from __future__ import annotations

from pathlib import Path

from framedesk.cli import main
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project


def test_report_command(tmp_path: Path, capsys) -> None:
    path = tmp_path / "p.framedesk"
    with Project.create(path, annotator="Ana") as p:
        (aid, _), = p.articles.add_many([ArticleDraft(text="Title\n\nBody.", outlet="Courier")])
        p.coding.set_frame(aid, "policy_frames", "economic", primary=True)
    out = tmp_path / "report.html"
    assert main(["report", str(path), "--out", str(out)]) == 0
    assert "Courier" in out.read_text(encoding="utf-8")
    assert main(["report", str(path), "--out", str(out)]) == 1
    assert "exists; add --force to replace it" in capsys.readouterr().err
    assert main(["report", str(path), "--out", str(out), "--force"]) == 0
