"""`merge --decisions LOG`: a window's decisions taken again, from the gold file or its log."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.errors import InputError
from framedesk.core.exchange.jsonl_export import write_jsonl
from framedesk.core.review.decide import resolve_difference
from framedesk.core.review.items import differences
from framedesk.core.review.log import export_log
from framedesk.core.review.merge import GoldFile, merge_files
from framedesk.core.review.replay import read_decisions
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import CUES, PRIMARY
from framedesk.core.store import Project
from tests.core.test_review import two_files  # noqa: F401 - the fixture


def _jsonl(path: Path, out: Path) -> bytes:
    with Project.open(path, read_only=True) as p:
        write_jsonl(p, None, out)
    return out.read_bytes()


@pytest.fixture
def decided_gold(two_files, tmp_path):  # noqa: F811
    """A gold file with two decisions (one with a note starting with '=')."""
    gold_path = tmp_path / "window-gold.framedesk"
    with ReviewSession.open(two_files) as session:
        gold = GoldFile.create(gold_path, session, who="Cleo")
        gold.merge()
        article = next(a for a in session.comparison.articles
                       if not a.kinds[PRIMARY].agrees and not a.kinds[CUES].agrees)
        resolve_difference(gold, article.uid, differences(article.kinds[PRIMARY])[0],
                           "theirs", coder="Ben", note="=fits the lead")
        resolve_difference(gold, article.uid, differences(article.kinds[CUES])[0], "edited",
                           items=[], note="neither")
        gold.project.close()
    return gold_path


@pytest.mark.parametrize("log", [".framedesk", ".csv", ".jsonl"])
def test_replayed_decisions_rebuild_the_same_gold_file(two_files, decided_gold, tmp_path,  # noqa: F811
                                                       log):
    if log == ".framedesk":
        source = decided_gold
    else:
        source = tmp_path / f"log{log}"
        with Project.open(decided_gold, read_only=True) as p:
            export_log(p, source)
    rows = read_decisions(source)
    result = merge_files(two_files, tmp_path / "cli.framedesk", who="Cleo", decisions=rows)
    assert result.replayed == 2 and result.skipped == []
    assert (_jsonl(tmp_path / "cli.framedesk", tmp_path / "cli.jsonl")
            == _jsonl(decided_gold, tmp_path / "window.jsonl"))
    with Project.open(tmp_path / "cli.framedesk", read_only=True) as p:
        notes = [r[0] for r in p.db.execute(
            "SELECT note FROM adjudications WHERE decision != 'undecided' ORDER BY id")]
    assert notes == ["=fits the lead", "neither"]


def test_a_decision_the_files_do_not_hold_is_skipped_with_a_sentence(two_files, tmp_path):  # noqa: F811
    rows = [{"article_uid": "nope", "kind": PRIMARY, "item": "primary_frame | Ana: x",
             "decision": "mine"}, {"decision": "undecided"}]
    result = merge_files(two_files, tmp_path / "g.framedesk", who="Cleo", decisions=rows)
    assert result.replayed == 0
    assert result.skipped == ["primary_frame | Ana: x: article nope is not compared in these"
                              " files"]


def test_a_broken_log_line_is_one_sentence(tmp_path):
    log = tmp_path / "log.jsonl"
    log.write_text('{"decision": "mine"}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_decisions(log)
    assert caught.value.line == 2 and "not a JSON object" in str(caught.value)
