"""The gold file: resolutions, strategy merges and the adjudication log."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from framedesk.core.review.log import export_log, latest, read_log, undecided
from framedesk.core.review.merge import GoldFile, merge_files
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import CUES, PRIMARY, TONE, make_item
from framedesk.core.store import Project
from tests.core.test_review import make_coder_file, two_files  # noqa: F401  (fixture)


def uid_of(session: ReviewSession, title: str) -> str:
    return next(a.uid for a in session.comparison.articles if a.title == title)


def gold_codes(path: Path, who: str) -> dict[str, dict[str, list[str]]]:
    """title -> role -> codes the gold file holds for `who`."""
    with Project.open(path, read_only=True) as gold:
        out: dict[str, dict[str, list[str]]] = {}
        for title, role, code in gold.db.execute(
                "SELECT a.title, d.role, d.code FROM doc_codes d JOIN articles a"
                " ON a.id = d.article_id JOIN annotators n ON n.id = d.annotator_id"
                " WHERE n.name = ? ORDER BY a.id, d.role, d.code", [who]):
            out.setdefault(title, {}).setdefault(role, []).append(code)
        return out


def test_agreed_strategy_keeps_agreements_and_logs_the_rest(two_files, tmp_path) -> None:
    gold = tmp_path / "gold.framedesk"
    result = merge_files(two_files, gold, who="Cleo")
    assert result.articles == 6
    codes = gold_codes(gold, "Cleo")
    assert codes["Story 0"] == {"primary": ["security"], "tone": ["neutral"]}
    assert "Story 1" not in codes      # frame and tone both disputed: nothing decided yet
    with Project.open(gold, read_only=True) as g:
        open_items = {(e.article_title, e.kind) for e in undecided(g)}
        assert open_items == {("Story 1", PRIMARY), ("Story 1", TONE), ("Story 4", PRIMARY),
                              ("Story 4", TONE), ("Story 4", CUES)}
        entry = next(e for e in read_log(g) if (e.article_title, e.kind) == ("Story 1", PRIMARY))
        assert entry.versions == {"Ana": [{"codebook": "policy_frames", "code": "economic"}],
                                  "Ben": [{"codebook": "policy_frames", "code": "security"}]}
        assert entry.annotator == "Cleo" and entry.decided_at
        statuses = dict(g.db.execute("SELECT title, status FROM articles").fetchall())
        assert statuses["Story 0"] == "done" and statuses["Story 1"] == "in_progress"
        # The gold file has the articles' text and every model mention both files share.
        assert g.db.execute("SELECT count(*) FROM mentions").fetchone()[0] == 12


def test_one_files_everything_plus_others_undecided(two_files, tmp_path) -> None:
    gold = tmp_path / "gold.framedesk"
    merge_files(two_files, gold, who="Cleo", strategy=str(two_files[1]))
    codes = gold_codes(gold, "Cleo")
    assert [codes[f"Story {i}"]["primary"][0] for i in range(6)] == [
        "security", "security", "security", "political", "economic", "health"]
    with Project.open(gold, read_only=True) as g:
        rows = [e for e in undecided(g) if e.kind == PRIMARY]
        assert {e.article_title for e in rows} == {"Story 1", "Story 4"}
        assert all(e.chosen_from == "Ben" for e in rows)
        assert rows[0].versions["Ana"] != rows[0].versions["Ben"]


def test_resolutions_take_mine_theirs_both_or_edited(two_files, tmp_path) -> None:
    with ReviewSession.open(two_files) as session:
        gold = GoldFile.create(tmp_path / "gold.framedesk", session, who="Cleo")
        story1, story4 = uid_of(session, "Story 1"), uid_of(session, "Story 4")
        assert [i.text for i in gold.resolve(story1, PRIMARY, "theirs", note="see memo")] == [
            "security"]
        gold.resolve(story1, TONE, "mine")
        both = gold.resolve(story4, CUES, "both")
        assert sorted(i.text for i in both) == ["economic 0-5", "morality 0-5"]
        edited = make_item(CUES, {"start": 0, "end": 4, "codebook": "policy_frames",
                                  "code": "morality"})
        gold.resolve(story4, CUES, "edited", items=[edited], note="cue is 'Kyiv' only")
        with pytest.raises(ValueError):
            gold.resolve(story1, PRIMARY, "both")
        decisions = latest(gold.project)
        assert decisions[story1, PRIMARY].decision == "theirs"
        assert decisions[story1, PRIMARY].note == "see memo"
        assert decisions[story4, CUES].decision == "edited"
        assert len(read_log(gold.project)) == 4        # history keeps the 'both' row
        cues = gold.project.db.execute(
            'SELECT start, "end", code FROM span_codes s JOIN articles a ON a.id = s.article_id'
            " WHERE a.uid = ?", [story4]).fetchall()
        assert cues == [(0, 4, "morality")]
        gold.project.close()
    codes = gold_codes(tmp_path / "gold.framedesk", "Cleo")
    assert codes["Story 1"] == {"primary": ["security"], "tone": ["negative"]}


def test_own_project_can_be_the_gold_file(two_files) -> None:
    mine = two_files[0]
    with ReviewSession.open(two_files) as session:
        story1 = uid_of(session, "Story 1")
        with Project.open(mine, annotator="Ana") as own:
            GoldFile(own, session).resolve(story1, PRIMARY, "theirs")
    codes = gold_codes(mine, "Ana")
    assert codes["Story 1"]["primary"] == ["security"]
    assert codes["Story 0"]["primary"] == ["security"]          # untouched


def test_log_exports_as_csv_and_jsonl(two_files, tmp_path) -> None:
    gold = tmp_path / "gold.framedesk"
    merge_files(two_files, gold, who="Cleo")
    with Project.open(gold, read_only=True) as g:
        n_csv = export_log(g, tmp_path / "log.csv")
        n_jsonl = export_log(g, tmp_path / "log.jsonl")
    with (tmp_path / "log.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    lines = [json.loads(x) for x in (tmp_path / "log.jsonl").read_text("utf-8").splitlines()]
    assert n_csv == n_jsonl == len(rows) == len(lines) == 5
    assert rows[0]["decision"] == "undecided" and rows[0]["annotator"] == "Cleo"
    assert json.loads(rows[0]["versions"]) == lines[0]["versions"]
    assert {line["article_title"] for line in lines} == {"Story 1", "Story 4"}


def test_gold_file_must_be_new(two_files) -> None:
    from framedesk.core.errors import TargetIsInput

    with pytest.raises(TargetIsInput):
        merge_files(two_files, two_files[0], who="Cleo")


def test_a_cancelled_merge_leaves_no_half_made_gold_file(two_files, tmp_path) -> None:
    from framedesk.core.errors import Cancelled
    from framedesk.core.progress import Progress

    progress = Progress(lambda done, total, label: progress.cancel() if done >= 3 else None)
    gold = tmp_path / "gold.framedesk"
    with pytest.raises(Cancelled):
        merge_files(two_files, gold, who="Cleo", progress=progress)
    assert not gold.exists() and not Path(f"{gold}-wal").exists()


def test_report_says_when_articles_are_not_in_every_file(tmp_path) -> None:
    from framedesk.core.review.agreement import session_report
    from tests.core.test_review import TEXTS

    make_coder_file(tmp_path / "a.framedesk", "Ana", ["security"] * 6, ["neutral"] * 6)
    make_coder_file(tmp_path / "b.framedesk", "Ben", ["security"] * 4, ["neutral"] * 4,
                    texts=TEXTS[:4])
    with ReviewSession.open([tmp_path / "a.framedesk", tmp_path / "b.framedesk"]) as session:
        report = session_report(session)
    partial = next(n for n in report.notices if n.code == "partial")
    assert partial.detail["articles"] == 2 and report.articles == 4
