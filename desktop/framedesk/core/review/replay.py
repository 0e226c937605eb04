"""Taking an adjudication log's decisions again: `framedesk merge ... --decisions LOG`.

Decisions taken in the review window are kept in the gold file's log (and in its export).
Replaying them onto a fresh `agreed` merge of the same coders' files rebuilds the same gold
file from the command line: the window and the command line share one merge and one way of
deciding (decide.resolve_difference), so the two gold files hold the same annotations.

A decision is found again by its article, kind and item label (items.Difference.label,
which names the coders and their versions): a log from other files, or from another choice
of analysts, finds no such difference and that decision is skipped with a sentence; one
unmatched decision costs only itself.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framedesk.core.errors import InputError
from framedesk.core.exchange.csv_export import FORMULA_START
from framedesk.core.review.colleague import open_for_review
from framedesk.core.review.decide import resolve_difference
from framedesk.core.review.items import differences
from framedesk.core.review.log import read_log
from framedesk.core.review.merge import GoldFile
from framedesk.core.review.work import make_item

REPLAYED = ("mine", "theirs", "both", "edited")


@dataclass(slots=True)
class ReplayResult:
    applied: int = 0
    skipped: list[str] = field(default_factory=list)     # one sentence per decision skipped


def read_decisions(path: str | Path) -> list[dict[str, Any]]:
    """The log rows of a gold .framedesk file (read from a private copy) or of its export
    (.csv, or JSON Lines), oldest first."""
    path = Path(path)
    if path.suffix == ".framedesk":
        with open_for_review(path) as review:
            return [_entry_dict(e) for e in read_log(review.project)]
    rows: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            if path.suffix.lower() == ".csv":
                for n, row in enumerate(csv.DictReader(fh), start=2):
                    rows.append(_csv_row(path, n, row))
            else:
                for n, line in enumerate(fh, start=1):
                    if line.strip():
                        rows.append(_json_row(path, n, line))
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text; give the log as Framedesk exported it") from None
    return rows


def replay(gold: GoldFile, rows: Iterable[dict[str, Any]]) -> ReplayResult:
    """Take every decided row again, in order (a later row on the same item wins, as in
    the window). Undecided rows are what the merge itself writes: they are passed over."""
    result = ReplayResult()
    comparison = gold.session.comparison
    for row in rows:
        decision = row.get("decision")
        if decision not in REPLAYED:
            continue
        uid, kind, label = row.get("article_uid"), row.get("kind"), row.get("item")
        article = comparison.article(uid) if isinstance(uid, str) else None
        if article is None or kind not in article.kinds:
            result.skipped.append(f"{label}: article {uid} is not compared in these files")
            continue
        found = [d for d in differences(article.kinds[kind]) if d.label == label]
        if not found:
            result.skipped.append(f"{label}: no such difference in these files (another "
                                  f"file or analyst?)")
            continue
        coder = row.get("chosen_from") if decision == "theirs" else None
        items = ([make_item(kind, d) for d in row.get("result") or []]
                 if decision == "edited" else [])
        try:
            resolve_difference(gold, uid, found[0], decision, coder=coder, items=items,
                               note=row.get("note") or "")
        except (ValueError, KeyError, TypeError) as exc:
            result.skipped.append(f"{label}: {exc}")
            continue
        result.applied += 1
    return result


def _entry_dict(entry) -> dict[str, Any]:
    return {"article_uid": entry.article_uid, "kind": entry.kind, "item": entry.item,
            "decision": entry.decision, "chosen_from": entry.chosen_from,
            "result": entry.result, "note": entry.note}


def _json_row(path: Path, line: int, text: str) -> dict[str, Any]:
    try:
        row = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not a JSON object ({exc.msg})", line) from None
    if not isinstance(row, dict):
        raise InputError(path, "not a JSON object", line)
    return row


def _csv_row(path: Path, line: int, row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = dict(row)
    try:
        out["result"] = json.loads(row.get("result") or "[]")
    except json.JSONDecodeError:
        raise InputError(path, "the result cell is not JSON", line) from None
    out["chosen_from"] = _unguarded(row.get("chosen_from") or "") or None
    out["note"] = _unguarded(row.get("note") or "")
    return out


def _unguarded(cell: str) -> str:
    """The spreadsheet-safe export puts ' before a cell a spreadsheet could run."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] and cell[1] in FORMULA_START else cell
