"""The agreement report as one self-contained HTML page, to send to people: no scripts, no
external files (charts are inline SVG from core.svg_charts, styles inline).

Everything shown comes from other people's files (coder names, codes, article titles and
uids), so every piece of text goes through html.escape, and the SVG renderer escapes its
own labels. Numbers are formatted here and never come from a file as text.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from framedesk.core.corpus_stats import ChartData
from framedesk.core.review.agreement import AgreementReport
from framedesk.core.review.colleague import Notice
from framedesk.core.review.span_figures import SPAN_TYPES, WORST_SHOWN
from framedesk.core.review.work import KINDS
from framedesk.core.svg_charts import render

KIND_NAMES = {"primary_frame": "Primary frame", "secondary_frames": "Secondary frames",
              "tone": "Tone", "cues": "Frame cues", "attributions": "Attributions",
              "entities": "Entities"}
STYLE = ("body{font-family:sans-serif;margin:2em;max-width:70em;color:#222}"
         "table{border-collapse:collapse;margin:1em 0}"
         "td,th{border:1px solid #aaa;padding:.3em .6em;text-align:right}"
         "td:first-child,th:first-child{text-align:left}"
         ".warn{color:#8a4b00}.low{color:#a00;font-weight:bold}.note{color:#555}"
         "figure{margin:1em 0}")
# Below this, a coefficient is shown as low (Krippendorff's own bar for tentative
# conclusions is 0.667).
LOW = 0.667


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _cell(value: float | None) -> str:
    low = value is not None and value < LOW
    return f'<td class="low">{_fmt(value)}</td>' if low else f"<td>{_fmt(value)}</td>"


def _chart(key: str, title: str, rows: list[tuple[str, float | None]]) -> str:
    """A bar per row (negative and undefined values drawn as 0; the table has them)."""
    shown = [(name, value) for name, value in rows if value is not None]
    if not shown:
        return ""
    chart = ChartData(key, title, "ranking", [name for name, _ in shown],
                      {"alpha": [round(max(0.0, v), 3) for _, v in shown]},
                      unit="Krippendorff's alpha (below 0 drawn as 0)")
    return f"<figure>{render(chart)}</figure>"


def to_html(report: AgreementReport, describe: Callable[[Notice], str]) -> str:
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>Agreement report</title>", f"<style>{STYLE}</style>", "</head><body>",
           "<h1>Agreement report</h1>",
           f"<p>Coders: {e(', '.join(report.coders))}. Articles compared (coded by two or "
           f"more of them): {report.articles}.</p>"]
    if report.notices:
        out.append("<ul>" + "".join(f'<li class="warn">{e(describe(n))}</li>'
                                    for n in report.notices) + "</ul>")
    out += _variables(report)
    out += _spans(report)
    out += _unitizing(report)
    out += _worst(report)
    out += _confusions(report)
    out.append(f'<p class="note">Values below {LOW} are marked. Percent agreement counts '
               "agreeing pairs of coders; Cohen's kappa is given for two coders; "
               "Krippendorff's alpha allows for any number of coders and missing values; "
               "u-alpha is Krippendorff's unitizing alpha for spans (1 = the same units "
               "everywhere, 0 = as if placed at random).</p>")
    out.append("</body></html>")
    return "\n".join(out)


def _variables(report: AgreementReport) -> list[str]:
    e = html.escape
    out = ["<h2>Variables</h2><table><tr><th>Variable</th><th>Level</th><th>Units</th>"
           "<th>Coders</th><th>% agreement</th><th>Cohen's kappa</th>"
           "<th>Krippendorff's alpha</th></tr>"]
    for v in report.variables:
        percent = "n/a" if v.percent is None else f"{100 * v.percent:.1f}"
        out.append(f"<tr><td>{e(v.variable)}</td><td>{e(v.level)}</td><td>{v.units}</td>"
                   f"<td>{v.coders}</td><td>{percent}</td>{_cell(v.kappa)}{_cell(v.alpha)}"
                   "</tr>")
    out.append("</table>")
    out.append(_chart("alpha", "Krippendorff's alpha per variable",
                      [(v.variable, v.alpha) for v in report.variables]))
    return out


def _spans(report: AgreementReport) -> list[str]:
    e = html.escape
    out = ["<h2>Spans: precision, recall, F1</h2><p class=\"note\">The first coder of each "
           "pair is the reference; exact: same start, end and label; overlap: sharing "
           "characters, same label, one to one.</p><table><tr><th>Spans</th><th>Coders</th>"
           "<th>Match</th><th>A</th><th>B</th><th>Matched</th><th>Precision</th>"
           "<th>Recall</th><th>F1</th></tr>"]
    for s in report.spans:
        out.append(f"<tr><td>{e(s.variable)}</td><td>{e(s.coder_a)} / {e(s.coder_b)}</td>"
                   f"<td>{e(s.mode)}</td><td>{s.in_a}</td><td>{s.in_b}</td><td>{s.matched}</td>"
                   f"<td>{_fmt(s.precision)}</td><td>{_fmt(s.recall)}</td>{_cell(s.f1)}</tr>")
    out.append("</table>")
    return out


def _unitizing(report: AgreementReport) -> list[str]:
    e = html.escape
    if not report.span_alphas:
        return ["<h2>Spans: unitizing alpha</h2><p>Not computed: it needs two or more "
                "coders who all coded the same articles.</p>"]
    first = report.span_alphas[0]
    out = [f"<h2>Spans: unitizing alpha</h2><p>Krippendorff's u-alpha over the "
           f"{first.articles} articles all {first.coders} coders coded, per span type and "
           "label.</p><table><tr><th>Spans</th><th>Label</th><th>Units</th>"
           "<th>D<sub>o</sub></th><th>D<sub>e</sub></th><th>u-alpha</th></tr>"]
    for r in report.span_alphas:
        label = e(r.label) if r.label else "<i>all</i>"
        out.append(f"<tr><td>{e(r.variable)}</td><td>{label}</td><td>{r.units}</td>"
                   f"<td>{r.observed:.4f}</td><td>{r.expected:.4f}</td>{_cell(r.alpha)}</tr>")
    out.append("</table>")
    out.append(_chart("ualpha", "Unitizing alpha per span type",
                      [(r.variable, r.alpha) for r in report.span_alphas if not r.label]))
    return out


def _worst(report: AgreementReport) -> list[str]:
    e = html.escape
    worst = [f for f in report.article_figures if f.total][:WORST_SHOWN]
    if not worst:
        return ["<h2>Articles with disagreement</h2><p>None: the coders agree on every "
                "compared article.</p>"]
    out = [f"<h2>The {len(worst)} articles with the most disagreement</h2>"]
    out.append("<p class=\"note\">Differences: the questions an adjudicator decides (one "
               "per disputed frame, tone, or group of overlapping spans). Open an article "
               "by its uid in the review window.</p>")
    kinds = [k for k in KINDS if any(f.differences.get(k) for f in worst)]
    out.append("<table><tr><th>Article</th><th>Uid</th><th>Differences</th>"
               + "".join(f"<th>{e(KIND_NAMES.get(k, k))}</th>" for k in kinds)
               + "".join(f"<th>u-alpha: {e(v)}</th>" for v in SPAN_TYPES) + "</tr>")
    for f in worst:
        out.append(f"<tr><td>{e(f.title)}</td><td><code>{e(f.uid)}</code></td>"
                   f"<td>{f.total}</td>"
                   + "".join(f"<td>{f.differences.get(k, 0)}</td>" for k in kinds)
                   + "".join(_cell(f.span_alpha.get(v)) for v in SPAN_TYPES) + "</tr>")
    out.append("</table>")
    return out


def _confusions(report: AgreementReport) -> list[str]:
    e = html.escape
    out = ["<h2>Confusion matrices</h2>"]
    for v in report.variables:
        for c in v.confusions:
            if not c.labels:
                continue
            peak = max((n for row in c.counts for n in row), default=0) or 1
            out.append(f"<h3>{e(v.variable)}: {e(c.coder_a)} (rows) / {e(c.coder_b)} "
                       "(columns)</h3><table><tr><th></th>"
                       + "".join(f"<th>{e(label)}</th>" for label in c.labels) + "</tr>")
            for i, (label, counts) in enumerate(zip(c.labels, c.counts)):
                cells = []
                for j, n in enumerate(counts):
                    # Agreement on the diagonal in green, disagreement in red, by share.
                    hue = "0,128,0" if i == j else "200,0,0"
                    shade = f"rgba({hue},{0.08 + 0.5 * n / peak:.2f})" if n else "transparent"
                    cells.append(f'<td style="background:{shade}">{n}</td>')
                out.append(f"<tr><th>{e(label)}</th>{''.join(cells)}</tr>")
            out.append("</table>")
    return out
