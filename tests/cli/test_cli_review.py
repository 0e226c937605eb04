"""`framedesk agree` and `framedesk merge` as a user runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sklearn.metrics import cohen_kappa_score

from framedesk.cli import main
from framedesk.core.review.log import undecided
from framedesk.core.store import Project
from tests.core.test_review import make_coder_file

ANA_FRAMES = ["security", "economic", "security", "political", "morality", "health"]
BEN_FRAMES = ["security", "security", "security", "political", "economic", "health"]


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    ana, ben = tmp_path / "ana.framedesk", tmp_path / "ben.framedesk"
    make_coder_file(ana, "Ana", ANA_FRAMES, ["neutral"] * 6)
    make_coder_file(ben, "Ben", BEN_FRAMES, ["neutral"] * 5 + ["implicit_pro"])
    return [ana, ben]


def test_agree_prints_a_table_with_the_figures(files, capsys) -> None:
    assert main(["agree", *map(str, files)]) == 0
    out, err = capsys.readouterr()
    row = next(line for line in out.splitlines() if line.startswith("primary frame"))
    assert f"{cohen_kappa_score(ANA_FRAMES, BEN_FRAMES):.3f}" in row
    assert "66.7%" in row
    assert "Agreement of Ana, Ben on 6 articles" in out
    assert "fewer than 20 units" in err and "Traceback" not in err


def test_agree_json_is_the_whole_report(files, capsys) -> None:
    assert main(["agree", *map(str, files), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    frame = next(v for v in report["variables"] if v["variable"] == "primary frame")
    assert frame["kappa"] == pytest.approx(cohen_kappa_score(ANA_FRAMES, BEN_FRAMES))
    assert frame["units"] == 6 and report["coders"] == ["Ana", "Ben"]
    assert {s["mode"] for s in report["spans"]} == {"exact", "overlap"}


def test_agree_exports_csv_and_escaped_html(tmp_path, capsys) -> None:
    evil = '<img src=x onerror="alert(1)">'
    ana, ben = tmp_path / "a.framedesk", tmp_path / "b.framedesk"
    make_coder_file(ana, evil, ANA_FRAMES, ["neutral"] * 6)
    make_coder_file(ben, "Ben", BEN_FRAMES, ["neutral"] * 6)
    assert main(["agree", str(ana), str(ben), "--csv", str(tmp_path / "r.csv"),
                 "--html", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text("utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    with (tmp_path / "r.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    frame = next(r for r in rows if r["section"] == "variable" and r["variable"] == "primary frame")
    assert float(frame["kappa"]) == pytest.approx(cohen_kappa_score(ANA_FRAMES, BEN_FRAMES))
    cells = [r for r in rows if r["section"] == "confusion" and r["variable"] == "primary frame"]
    assert sum(int(r["count"]) for r in cells) == 6
    assert {r["coder_a"] for r in cells} == {evil}    # CSV keeps the name as it is


def test_merge_writes_a_gold_file_and_its_log(files, tmp_path, capsys) -> None:
    gold, log = tmp_path / "gold.framedesk", tmp_path / "log.jsonl"
    before = [f.read_bytes() for f in files]
    assert main(["merge", *map(str, files), "--out", str(gold), "--who", "Cleo",
                 "--log", str(log)]) == 0
    out = capsys.readouterr().out
    assert "6 articles" in out and "5 undecided" in out
    assert out.splitlines()[-1] == "Indexed 6 articles for search."
    with Project.open(gold, read_only=True) as g:
        assert g.articles.pending_count() == 0
        assert {(e.article_title, e.kind) for e in undecided(g)} == {
            ("Story 1", "primary_frame"), ("Story 4", "primary_frame"), ("Story 5", "tone"),
            ("Story 1", "cues"), ("Story 4", "cues")}       # each cue carries its frame
    assert len(log.read_text("utf-8").splitlines()) == 5
    assert [f.read_bytes() for f in files] == before


def test_merge_strategy_file_takes_that_coders_work(files, tmp_path, capsys) -> None:
    gold = tmp_path / "gold.framedesk"
    assert main(["merge", *map(str, files), "--out", str(gold), "--strategy", str(files[1])]) == 0
    with Project.open(gold, read_only=True) as g:
        codes = [r[0] for r in g.db.execute(
            "SELECT d.code FROM doc_codes d JOIN articles a ON a.id = d.article_id"
            " WHERE d.role = 'primary' ORDER BY a.id")]
    assert codes == BEN_FRAMES


def test_usage_errors_and_bad_files_say_one_sentence(files, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["merge", *map(str, files), "--out", str(tmp_path / "g.framedesk"),
              "--strategy", "somebody"])
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        main(["agree", str(files[0])])
    capsys.readouterr()
    broken = tmp_path / "broken.framedesk"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    assert main(["agree", str(files[0]), str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("framedesk: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
