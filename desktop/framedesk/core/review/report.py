"""The agreement report as JSON-ready data, CSV and HTML.

Coder names, variable names and codes come from other people's files: the HTML escapes
every one of them, and the CSV is spreadsheet-safe by default (the rule of the CSV export,
core/exchange/csv_export.py: a text cell starting with = + - @ ... gets a leading ').
Sentences for notices come from the caller (framedesk.messages), so the core holds no text
for people.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from framedesk.core.exchange.writing import atomic_file
from framedesk.core.exchange.csv_export import spreadsheet_cell
from framedesk.core.review.agreement import AgreementReport
from framedesk.core.review.colleague import Notice

CSV_COLUMNS = ("section", "variable", "level", "coder_a", "coder_b", "mode", "units", "coders",
               "percent", "kappa", "alpha", "in_a", "in_b", "matched", "precision", "recall",
               "f1", "value_a", "value_b", "count", "notices", "label", "uid", "title",
               "articles")


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
        "unitizing": [{
            "variable": r.variable, "label": r.label, "alpha": r.alpha,
            "observed": r.observed, "expected": r.expected, "units": r.units,
            "articles": r.articles, "coders": r.coders,
        } for r in report.span_alphas],
        "article_figures": [{
            "uid": f.uid, "title": f.title, "coders": f.coders,
            "differences": f.differences, "total": f.total, "span_alpha": f.span_alpha,
        } for f in report.article_figures],
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
    for r in report.span_alphas:
        rows.append({"section": "unitizing", "variable": r.variable, "label": r.label,
                     "units": r.units, "coders": r.coders, "articles": r.articles,
                     "alpha": r.alpha})
    for f in report.article_figures:
        rows.append({"section": "article", "uid": f.uid, "title": f.title,
                     "coders": len(f.coders), "count": f.total,
                     "alpha": f.lowest_alpha})
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
    """The self-contained page (core.review.report_page)."""
    from framedesk.core.review.report_page import to_html as page

    return page(report, describe)


def write_html(report: AgreementReport, path: str | Path,
               describe: Callable[[Notice], str], *, force: bool = False) -> Path:
    path = Path(path)
    with atomic_file(path, force=force) as tmp:
        tmp.write_text(to_html(report, describe), encoding="utf-8")
    return path
