"""Draw a ChartData as a standalone SVG: the one renderer behind the dashboard (shown with
QtSvg, exported as SVG or PNG) and the HTML report, so both always show the same picture.

Every label comes from articles, outlets or codebooks, so every piece of text is escaped.
Charts use horizontal bars: outlet names and entity names are long and stay readable.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from framedesk.core.corpus_stats import ChartData

# A qualitative palette that stays distinguishable on white and on dark backgrounds.
PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2",
           "#ff9da6", "#9d755d", "#bab0ac", "#2f4b7c", "#a05195", "#d45087", "#665191"]
FONT = "font-family='DejaVu Sans, Helvetica, Arial, sans-serif'"
WIDTH = 760
LABEL_W = 230
ROW_H = 22


def _text(x: float, y: float, content: str, size: int = 12, anchor: str = "start",
          weight: str = "normal", fill: str = "#222") -> str:
    return (f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}'"
            f" font-weight='{weight}' fill='{fill}' {FONT}>{escape(content)}</text>")


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def colors_for(chart: ChartData) -> dict[str, str]:
    out, i = {}, 0
    for name in chart.series:
        if name in chart.colors:
            out[name] = chart.colors[name]
        else:
            out[name] = PALETTE[i % len(PALETTE)]
            i += 1
    return out


def render(chart: ChartData) -> str:
    if chart.is_empty():
        return _empty(chart)
    if chart.kind == "line":
        return _line(chart)
    return _bars(chart)


def _frame(chart: ChartData, height: float, body: list[str]) -> str:
    head = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{height:.0f}'"
            f" viewBox='0 0 {WIDTH} {height:.0f}' role='img' aria-label={quoteattr(chart.title)}>",
            # Explicit sizes: QtSvg (the dashboard) draws percentages against the wrong box.
            f"<rect x='0' y='0' width='{WIDTH}' height='{height:.0f}' fill='#ffffff'/>",
            _text(12, 24, chart.title, 15, weight="bold")]
    return "\n".join(head + body + ["</svg>"]) + "\n"


def _empty(chart: ChartData) -> str:
    return _frame(chart, 80, [_text(12, 56, "Nothing coded yet for this chart.", 12, fill="#666")])


def _legend(chart: ChartData, colors: dict[str, str], y: float) -> tuple[list[str], float]:
    parts, x = [], 12.0
    for name in chart.series:
        width = 24 + 7 * len(_short(name, 28))
        if x + width > WIDTH - 12:
            x, y = 12.0, y + 18
        parts.append(f"<rect x='{x:.1f}' y='{y - 10:.1f}' width='12' height='12'"
                     f" fill={quoteattr(colors[name])}/>")
        parts.append(_text(x + 16, y, _short(name, 28), 11))
        x += width
    return parts, y + 14


def _bars(chart: ChartData) -> str:
    colors = colors_for(chart)
    stacked = chart.kind in ("stacked",)
    single = chart.kind == "ranking"
    names = list(chart.series)[:1] if single else list(chart.series)
    legend, y = ([], 44.0) if single else _legend(chart, colors, 48)
    top = y + 6
    plot_w = WIDTH - LABEL_W - 60
    if stacked:
        totals = [sum(chart.series[n][i] for n in names) for i in range(len(chart.categories))]
        peak = max(totals) or 1
        group_h = ROW_H
    else:
        peak = max((max(chart.series[n]) for n in names), default=1) or 1
        group_h = ROW_H if single else max(ROW_H, 12 * len(names) + 8)
    body = list(legend)
    for i, category in enumerate(chart.categories):
        gy = top + i * (group_h + 8)
        body.append(_text(LABEL_W - 8, gy + group_h / 2 + 4, _short(category), 12, "end"))
        if stacked:
            x = float(LABEL_W)
            for n in names:
                v = chart.series[n][i]
                w = plot_w * v / peak
                if w > 0:
                    body.append(f"<rect x='{x:.1f}' y='{gy:.1f}' width='{w:.1f}' height='{group_h}'"
                                f" fill={quoteattr(colors[n])}><title>{escape(f'{category}: {n} {v:g}')}"
                                f"</title></rect>")
                x += w
            body.append(_text(x + 4, gy + group_h / 2 + 4, f"{totals[i]:g}", 11, fill="#444"))
        else:
            bar_h = (group_h - 4) / len(names)
            for j, n in enumerate(names):
                v = chart.series[n][i]
                w = plot_w * v / peak
                by = gy + 2 + j * bar_h
                body.append(f"<rect x='{LABEL_W}' y='{by:.1f}' width='{w:.1f}' height='{bar_h - 1:.1f}'"
                            f" fill={quoteattr(colors[n])}><title>{escape(f'{category}: {n} {v:g}')}"
                            f"</title></rect>")
                if v:
                    body.append(_text(LABEL_W + w + 4, by + bar_h / 2 + 4, f"{v:g}", 10, fill="#444"))
    height = top + len(chart.categories) * (group_h + 8) + 12
    body.append(_text(WIDTH - 12, height - 4, chart.unit, 10, "end", fill="#666"))
    for k, note in enumerate(chart.notes):
        body.append(_text(12, height + 14 + 14 * k, note, 10, fill="#666"))
    return _frame(chart, height + 16 * len(chart.notes), body)


def _line(chart: ChartData) -> str:
    colors = colors_for(chart)
    legend, y = _legend(chart, colors, 48)
    left, right, top, bottom = 60.0, WIDTH - 20.0, y + 10, y + 230
    peak = max((max(v) for v in chart.series.values()), default=1) or 1
    if chart.unit == "share":
        peak = 1.0
    n = len(chart.categories)
    step = (right - left) / max(n - 1, 1)
    body = list(legend)
    body.append(f"<line x1='{left}' y1='{bottom}' x2='{right}' y2='{bottom}' stroke='#999'/>")
    for k in range(5):
        value = peak * k / 4
        yy = bottom - (bottom - top) * k / 4
        label = f"{value:.0%}" if chart.unit == "share" else f"{value:g}"
        body.append(_text(left - 6, yy + 4, label, 10, "end", fill="#666"))
        body.append(f"<line x1='{left}' y1='{yy:.1f}' x2='{right}' y2='{yy:.1f}' stroke='#eee'/>")
    for i, category in enumerate(chart.categories):
        body.append(_text(left + i * step, bottom + 16, category, 10, "middle", fill="#444"))
    for name, values in chart.series.items():
        points = [(left + i * step, bottom - (bottom - top) * v / peak) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in points)
        body.append(f"<polyline points='{path}' fill='none' stroke={quoteattr(colors[name])}"
                    f" stroke-width='2'/>")
        for (x, yy), v in zip(points, values):
            body.append(f"<circle cx='{x:.1f}' cy='{yy:.1f}' r='3.5' fill={quoteattr(colors[name])}>"
                        f"<title>{escape(f'{name}: {v:.0%}' if chart.unit == 'share' else f'{name}: {v:g}')}"
                        f"</title></circle>")
    height = bottom + 28
    for k, note in enumerate(chart.notes):
        body.append(_text(12, height + 14 * k, note, 10, fill="#666"))
    return _frame(chart, height + 14 * len(chart.notes) + 6, body)
