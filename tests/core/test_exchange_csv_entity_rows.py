"""annotations.csv's entity rows are written as cached text rather than through the csv
writer row by row; they must be the very bytes the csv module writes for the same cells,
whatever the mention holds (commas, quotes, line breaks, formula starts, no canonical)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from framedesk.core.exchange.csv_export import ANNOTATION_FIELDS, write_csv
from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project

TEXT = ('Talks\n\nWashington, D.C. hosted "The Group" and =SUM(A1) met +1 Kyiv\nOffice '
        'while Washington, D.C. watched.')
MENTIONS = [("Washington, D.C.", "GPE", 0), ('"The Group"', "ORG", 0), ("=SUM(A1)", "ORG", 0),
            ("+1", "=CARDINAL", 0), ("Kyiv\nOffice", "ORG", 0), ("Washington, D.C.", "GPE", 1)]


def expected_entity_lines(project: Project, safe: bool) -> str:
    """What csv.writer writes for the entity rows, cell by cell, written out by hand."""
    def cell(value: str | None) -> str | None:
        if safe and value and value[0] in "=+-@" and value != "+1":
            return "'" + value
        return value

    a = project.articles.get(1)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    for m in project.entities.mentions(1):
        writer.writerow([1, a.uid, "entity", m.start, m.end, cell(m.text), cell(m.label),
                         cell(m.canonical), "", cell(m.origin), cell(m.status), "",
                         *[""] * 16])
    return buf.getvalue()


@pytest.mark.parametrize("safe", [True, False])
def test_entity_rows_are_the_csv_modules_bytes(project: Project, tmp_path: Path,
                                               safe: bool) -> None:
    [(aid, _)] = project.articles.add_many([ArticleDraft(text=TEXT, title="Talks")])
    for word, label, nth in MENTIONS:
        start = -1
        for _ in range(nth + 1):
            start = TEXT.index(word, start + 1)
        project.entities.add_manual(aid, start, start + len(word), label)
    options = ExportOptions(extra={"spreadsheet_safe": safe})
    write_csv(project, None, tmp_path / "out", options)
    written = (tmp_path / "out" / "annotations.csv").read_bytes().decode("utf-8-sig")
    header = ",".join(ANNOTATION_FIELDS) + "\r\n"
    entity_lines = expected_entity_lines(project, safe)
    assert entity_lines.count('"') >= 6   # the awkward cells are quoted
    assert written == header + entity_lines
    texts = [row[5] for row in csv.reader(io.StringIO(written, newline=""))][1:]
    formula = "'=SUM(A1)" if safe else "=SUM(A1)"
    assert texts == ["Washington, D.C.", '"The Group"', formula, "+1", "Kyiv\nOffice",
                     "Washington, D.C."]
