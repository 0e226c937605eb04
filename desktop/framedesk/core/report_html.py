"""`framedesk report`: one self-contained HTML file with the corpus charts and their tables,
which an analyst can send as it is (no scripts, no external files; every text escaped)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from framedesk import __version__
from framedesk.core.clock import utc_now
from framedesk.core.corpus_stats import ChartData, CorpusStats
from framedesk.core.exchange.writing import atomic_file
from framedesk.core.svg_charts import render

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

STYLE = """
body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 820px;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; }
.meta { color: #666; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
details summary { cursor: pointer; color: #345; font-size: 0.9em; }
figure { margin: 0; page-break-inside: avoid; }
@media print { details { display: none; } }
"""


def _table(chart: ChartData) -> str:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in chart.series)
    rows = []
    for i, category in enumerate(chart.categories):
        cells = "".join(f"<td>{_cell(v[i], chart.unit)}</td>" for v in chart.series.values())
        rows.append(f"<tr><td>{html.escape(category)}</td>{cells}</tr>")
    return (f"<table><thead><tr><th>{html.escape(_axis(chart))}</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _axis(chart: ChartData) -> str:
    return {"line": "month", "ranking": "entity"}.get(chart.kind, "outlet")


def _cell(value: float, unit: str) -> str:
    return f"{value:.0%}" if unit == "share" else f"{value:g}"


def build_report(project: Project, article_ids: Sequence[int] | None = None,
                 title: str | None = None) -> str:
    stats = CorpusStats(project, article_ids)
    charts = stats.all_charts()
    n_articles = len(article_ids) if article_ids is not None else project.articles.count()
    outlets = project.articles.outlets()
    name = title or f"Framing and sourcing report: {project.path.stem}"
    parts = [
        "<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(name)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(name)}</h1>",
        f"<p class='meta'>{n_articles} articles from {len(outlets)} outlets"
        f" ({html.escape(', '.join(outlets[:12]))}{'…' if len(outlets) > 12 else ''})."
        f" Made with Framedesk {html.escape(__version__)} on {html.escape(utc_now()[:10])}."
        " Counts include only annotations an analyst made or accepted.</p>",
    ]
    for chart in charts:
        parts.append(f"<h2>{html.escape(chart.title)}</h2><figure>{render(chart)}</figure>")
        if not chart.is_empty():
            parts.append(f"<details><summary>Data</summary>{_table(chart)}</details>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(project: Project, out: str | Path, article_ids: Sequence[int] | None = None,
                 *, force: bool = False) -> Path:
    out = Path(out)
    text = build_report(project, article_ids)
    with atomic_file(out, force=force) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return out
