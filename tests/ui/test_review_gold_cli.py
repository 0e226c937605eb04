"""Issue 15, item 1: the gold file written from the review window is the command line's.

Three coders' files of real news articles (PolNeAR dev, read at test time). The window's
review is driven to the end: some differences decided (mine, another coder's, both,
neither), others left open, and articles nobody decides on. Its gold file is exported as
JSON Lines from the window; `framedesk merge --strategy agreed --decisions LOG` with the
log exported from the window builds the gold file from the command line; the two exports
must be the same bytes. A second test checks the gold file against the coders' files read
directly with SQL: every item all three coders share is in it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from framedesk.core.review.log import read_log
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import SINGLE_VALUED
from tests.support import three_coders

ROOT = Path(__file__).resolve().parents[2]
# The decision taken on the n-th difference met, in turn; None leaves it open.
TURNS = ("mine", ("theirs", "Cleo"), "both", None, "neither", ("theirs", "Ben"), None)


def framedesk(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"))
    return subprocess.run([sys.executable, "-m", "framedesk", *args], env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def coders(tmp_path: Path) -> list[Path]:
    return three_coders.build(tmp_path)


def review_to_the_end(window, qtbot) -> tuple[int, int]:
    """Go through every article and every difference, deciding by TURNS. Returns
    (decisions taken, differences left open)."""
    taken = left = turn = 0
    for row in range(window.model.rowCount()):
        window.list.selectRow(row)
        n = window.diffs.first_difference()
        while n >= 0:
            choice = TURNS[turn % len(TURNS)]
            turn += 1
            kind = window.diffs.rows[n].kind
            window.diffs.selectRow(n)
            if choice == "both" and kind in SINGLE_VALUED:
                choice = "mine"
            if choice is None:
                left += 1
            elif choice == "mine":          # by the keyboard, as a reviewer would
                before = _decided(window)
                qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
                qtbot.waitUntil(lambda: _decided(window) == before + 1)
                taken += 1
            else:
                decision, coder = choice if isinstance(choice, tuple) else (choice, None)
                if coder:
                    window.theirs_coder.setCurrentText(coder)
                assert window.decide(decision), window.statusBar().currentMessage()
                taken += 1
            n = window.diffs.first_difference(n)
    return taken, left


def _decided(window) -> int:
    return sum(e.decision != "undecided" for e in read_log(window.gold.project))


def test_window_gold_export_is_byte_for_byte_the_command_lines(qtbot, coders, tmp_path):
    from framedesk.ui.review.window import ReviewWindow

    window = ReviewWindow(ReviewSession.open(coders))
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)              # let the shown window settle before its shortcuts are used
    window.new_gold(tmp_path / "window-gold.framedesk", "Dan")
    taken, left = review_to_the_end(window, qtbot)
    assert taken >= 5 and left >= 2, (taken, left)
    window.export_gold_to(tmp_path / "window.jsonl")
    window.export_log_to(tmp_path / "decisions.jsonl")
    window.close()
    # Articles nobody decided on are there too, with what the coders agree on.
    untouched = [r for r in _records(tmp_path / "window.jsonl") if not r["attributions"]]
    assert not untouched

    done = framedesk("merge", *map(str, coders), "--strategy", "agreed", "--who", "Dan",
                     "--out", str(tmp_path / "cli-gold.framedesk"),
                     "--decisions", str(tmp_path / "decisions.jsonl"))
    assert done.returncode == 0, done.stderr
    assert f"Took {taken} decision(s) again" in done.stdout
    assert "skipped" not in done.stderr
    exported = framedesk("export", str(tmp_path / "cli-gold.framedesk"), "--format", "jsonl",
                         "--out", str(tmp_path / "cli.jsonl"))
    assert exported.returncode == 0, exported.stderr
    window_bytes = (tmp_path / "window.jsonl").read_bytes()
    assert window_bytes == (tmp_path / "cli.jsonl").read_bytes()
    # Not equal by being empty: six articles, every kind present.
    records = _records(tmp_path / "window.jsonl")
    assert len(records) == 6
    assert all(r["spans"] and r["frame_cues"] and r["tone"] for r in records)

    # Without the decisions, the command line's gold file differs: they were taken.
    plain = framedesk("merge", *map(str, coders), "--who", "Dan",
                      "--out", str(tmp_path / "plain.framedesk"))
    assert plain.returncode == 0, plain.stderr
    framedesk("export", str(tmp_path / "plain.framedesk"), "--format", "jsonl",
              "--out", str(tmp_path / "plain.jsonl"))
    assert (tmp_path / "plain.jsonl").read_bytes() != window_bytes


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------- every agreed item
def _coder_items(path: Path) -> dict[str, dict[str, set]]:
    """Per article uid, per kind, the items of the file's one coder, read with plain SQL."""
    items: dict[str, dict[str, set]] = {}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        uid = dict(db.execute("SELECT id, uid FROM articles"))
        for a, book, code, role in db.execute(
                "SELECT article_id, codebook, code, role FROM doc_codes"):
            kind = "tone" if role == "tone" else "frames"
            items.setdefault(uid[a], {}).setdefault(kind, set()).add((book, code, role))
        for a, s, e, book, code in db.execute(
                'SELECT article_id, start, "end", codebook, code FROM span_codes'):
            items.setdefault(uid[a], {}).setdefault("cues", set()).add((s, e, book, code))
        for row in db.execute(
                "SELECT article_id, source_start, source_end, cue_start, cue_end, content_start,"
                " content_end, identification, source_type FROM attributions"
                " WHERE status IN ('accepted', 'manual')"):
            items.setdefault(uid[row[0]], {}).setdefault("attributions", set()).add(row[1:])
        for a, s, e, label in db.execute(
                "SELECT article_id, start, \"end\", label FROM mentions WHERE status != 'deleted'"):
            items.setdefault(uid[a], {}).setdefault("entities", set()).add((s, e, label))
    finally:
        db.close()
    return items


def _gold_items(record: dict) -> dict[str, set]:
    def ends(part):
        return tuple(part[:2]) if isinstance(part, list) else (
            (part["start"], part["end"]) if part else (None, None))

    return {
        "frames": {(f["codebook"], f["code"], "primary" if f["primary"] else "secondary")
                   for f in record["frames"]},
        "tone": {("tone", record["tone"], "tone")} if record["tone"] else set(),
        "cues": {(c["start"], c["end"], c["codebook"], c["code"])
                 for c in record["frame_cues"]},
        "attributions": {(*ends(t["source"]), *ends(t["cue"]), *ends(t["content"]),
                          t["identification"], t["source_type"])
                         for t in record["attributions"]},
        "entities": {(s["start"], s["end"], s["label"]) for s in record["spans"]},
    }


def test_the_gold_file_holds_every_item_the_coders_agree_on(qtbot, coders, tmp_path):
    from framedesk.ui.review.window import ReviewWindow

    window = ReviewWindow(ReviewSession.open(coders))
    qtbot.addWidget(window)
    window.new_gold(tmp_path / "gold.framedesk", "Dan")
    window.export_gold_to(tmp_path / "gold.jsonl")
    window.close()
    gold = {r["id"]: _gold_items(r) for r in _records(tmp_path / "gold.jsonl")}
    per_coder = [_coder_items(p) for p in coders]
    checked = 0
    for uid in per_coder[0]:
        for kind in ("frames", "tone", "cues", "attributions", "entities"):
            shared = set.intersection(*(c.get(uid, {}).get(kind, set()) for c in per_coder))
            missing = shared - gold[uid][kind]
            assert not missing, f"{kind} agreed by every coder but not in the gold file: {missing}"
            checked += len(shared)
    # Real material: hundreds of agreed items (entities, 150+ shared attributions ...).
    assert checked > 300
