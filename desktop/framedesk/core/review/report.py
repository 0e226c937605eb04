"""The agreement report as JSON-ready data, CSV and HTML.

Coder names, variable names and codes come from other people's files: the HTML escapes
every one of them, and the CSV is spreadsheet-safe by default (the rule of the CSV export,
core/exchange/csv_export.py: a text cell starting with = + - @ ... gets a leading ').
Sentences for notices come from the caller (framedesk.messages), so the core holds no text
for people.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from framedesk.core.exchange.writing import atomic_file
from framedesk.core.exchange.csv_export import spreadsheet_cell
from framedesk.core.review.agreement import AgreementReport
from framedesk.core.review.colleague import Notice

CSV_COLUMNS = ("section", "variable", "level", "coder_a", "coder_b", "mode", "units", "coders",
               "percent", "kappa", "alpha", "in_a", "in_b", "matched", "precision", "recall",
               "f1", "value_a", "value_b", "count", "notices")


def _notice(n: Notice) -> dict[str, Any]:
    return {"code": n.code, "subject": n.subject, **n.detail}


def report_dict(report: AgreementReport) -> dict[str, Any]:
    return {
        "coders": report.coders,
        "articles": report.articles,
        "variables": [{
            "variable": v.variable, "level": v.level, "units": v.units, "coders": v.coders,
            "percent": v.percent, "kappa": v.kappa, "alpha": v.alpha,
            "confusions": [{"coder_a": c.coder_a, "coder_b": c.coder_b, "labels": c.labels,
                            "counts": c.counts} for c in v.confusions],
            "notices": [_notice(n) for n in v.notices],
        } for v in report.variables],
        "spans": [{
            "variable": s.variable, "coder_a": s.coder_a, "coder_b": s.coder_b, "mode": s.mode,
            "in_a": s.in_a, "in_b": s.in_b, "matched": s.matched, "precision": s.precision,
            "recall": s.recall, "f1": s.f1,
        } for s in report.spans],
        "notices": [_notice(n) for n in report.notices],
    }


def csv_rows(report: AgreementReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for v in report.variables:
        rows.append({"section": "variable", "variable": v.variable, "level": v.level,
                     "units": v.units, "coders": v.coders, "percent": v.percent,
                     "kappa": v.kappa, "alpha": v.alpha,
                     "notices": " ".join(n.code for n in v.notices)})
    for s in report.spans:
        rows.append({"section": "spans", "variable": s.variable, "coder_a": s.coder_a,
                     "coder_b": s.coder_b, "mode": s.mode, "in_a": s.in_a, "in_b": s.in_b,
                     "matched": s.matched, "precision": s.precision, "recall": s.recall,
                     "f1": s.f1})
    for v in report.variables:
        for c in v.confusions:
            for i, a in enumerate(c.labels):
                for j, b in enumerate(c.labels):
                    if c.counts[i][j]:
                        rows.append({"section": "confusion", "variable": v.variable,
                                     "coder_a": c.coder_a, "coder_b": c.coder_b,
                                     "value_a": a, "value_b": b, "count": c.counts[i][j]})
    return rows


def write_csv(report: AgreementReport, path: str | Path, *,
              spreadsheet_safe: bool = True, force: bool = False) -> Path:
    """One table: a `section` column tells variables, span rows and confusion cells apart.
    `spreadsheet_safe=False` writes names and codes exactly as they are (pandas, R).
    Written atomically (core.exchange.writing); an existing file only with `force`."""
    path = Path(path)
    with atomic_file(path, force=force) as tmp, \
            tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in csv_rows(report):
            cells = {k: ("" if v is None else v) for k, v in row.items()}
            writer.writerow(safe_cells(cells) if spreadsheet_safe else cells)
    return path


def safe_cells(row: dict[str, Any]) -> dict[str, Any]:
    """The row with every text cell made spreadsheet-safe; numbers are left alone."""
    return {k: spreadsheet_cell(v) if isinstance(v, str) else v for k, v in row.items()}


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def to_html(report: AgreementReport, describe: Callable[[Notice], str]) -> str:
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>Agreement report</title>",
           "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
           "margin:1em 0}td,th{border:1px solid #aaa;padding:.3em .6em;text-align:right}"
           "td:first-child,th:first-child{text-align:left}.warn{color:#8a4b00}</style>",
           "</head><body>", "<h1>Agreement report</h1>",
           f"<p>Coders: {e(', '.join(report.coders))}. Articles compared: {report.articles}.</p>"]
    if report.notices:
        out.append("<ul>" + "".join(f'<li class="warn">{e(describe(n))}</li>'
                                    for n in report.notices) + "</ul>")
    out.append("<h2>Variables</h2><table><tr><th>Variable</th><th>Level</th><th>Units</th>"
               "<th>Coders</th><th>% agreement</th><th>Cohen's kappa</th>"
               "<th>Krippendorff's alpha</th></tr>")
    for v in report.variables:
        percent = "n/a" if v.percent is None else f"{100 * v.percent:.1f}"
        out.append(f"<tr><td>{e(v.variable)}</td><td>{e(v.level)}</td><td>{v.units}</td>"
                   f"<td>{v.coders}</td><td>{percent}</td><td>{fmt(v.kappa)}</td>"
                   f"<td>{fmt(v.alpha)}</td></tr>")
    out.append("</table><h2>Spans</h2><table><tr><th>Spans</th><th>Coders</th><th>Match</th>"
               "<th>A</th><th>B</th><th>Matched</th><th>Precision</th><th>Recall</th>"
               "<th>F1</th></tr>")
    for s in report.spans:
        out.append(f"<tr><td>{e(s.variable)}</td><td>{e(s.coder_a)} / {e(s.coder_b)}</td>"
                   f"<td>{e(s.mode)}</td><td>{s.in_a}</td><td>{s.in_b}</td><td>{s.matched}</td>"
                   f"<td>{fmt(s.precision)}</td><td>{fmt(s.recall)}</td><td>{fmt(s.f1)}</td></tr>")
    out.append("</table><h2>Confusion matrices</h2>")
    for v in report.variables:
        for c in v.confusions:
            if not c.labels:
                continue
            out.append(f"<h3>{e(v.variable)}: {e(c.coder_a)} (rows) / {e(c.coder_b)} "
                       "(columns)</h3><table><tr><th></th>"
                       + "".join(f"<th>{e(label)}</th>" for label in c.labels) + "</tr>")
            for label, counts in zip(c.labels, c.counts):
                out.append(f"<tr><th>{e(label)}</th>"
                           + "".join(f"<td>{n}</td>" for n in counts) + "</tr>")
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def write_html(report: AgreementReport, path: str | Path,
               describe: Callable[[Notice], str], *, force: bool = False) -> Path:
    path = Path(path)
    with atomic_file(path, force=force) as tmp:
        tmp.write_text(to_html(report, describe), encoding="utf-8")
    return path
