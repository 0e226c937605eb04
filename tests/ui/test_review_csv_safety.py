"""The review window's adjudication log export is spreadsheet-safe, as the CLI's is."""

from __future__ import annotations

import csv

from framedesk.core.review.work import CUES
from framedesk.ui.review.window import ReviewWindow
from tests.ui.test_review_items_window import files, rows_of, select_rows, window  # noqa: F401



def test_a_formula_typed_as_a_note_is_exported_as_text(window: ReviewWindow,  # noqa: F811
                                                       tmp_path) -> None:
    _, kyiv, _, _ = rows_of(window, CUES)
    select_rows(window, [kyiv])
    window.note.setText("=1+1 and more")
    assert window.decide("theirs")
    window.export_log_to(tmp_path / "log.csv")
    with (tmp_path / "log.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["note"] for r in rows] == ["'=1+1 and more"]
