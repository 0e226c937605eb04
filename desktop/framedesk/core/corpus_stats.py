"""The numbers behind the dashboard and `framedesk report`: how outlets frame and source.

Every chart is a ChartData: categories (usually outlets), named series of counts, and the
same table as CSV, so what a chart shows can always be checked against its data. Counts come
straight from the project file with SQL; suggestions that the analyst has not accepted are
left out (they are the tool's guesses, not findings).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from framedesk.core.exchange.csv_export import spreadsheet_cell

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

NO_OUTLET = "(no outlet)"
UNNAMED = ("described_unnamed", "vague", "unattributed")
CONFIRMED = "('accepted', 'manual')"


@dataclass(slots=True)
class ChartData:
    key: str                                  # stable id, used for file names
    title: str
    kind: str                                 # "bars" (grouped), "stacked", "line", "ranking"
    categories: list[str]                     # along the axis: outlets, months, entities
    series: dict[str, list[float]]            # legend entry -> one value per category
    unit: str = "articles"
    colors: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.categories or not any(any(v) for v in self.series.values())

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["category", *(spreadsheet_cell(name) for name in self.series)])
        for i, category in enumerate(self.categories):
            # Outlet and entity names come from articles: never let a spreadsheet run them.
            writer.writerow([spreadsheet_cell(category),
                             *(_fmt(values[i]) for values in self.series.values())])
        return out.getvalue()


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}"


class CorpusStats:
    """Chart data over the whole project or a subset of its articles (the current filter)."""

    def __init__(self, project: Project, article_ids: Sequence[int] | None = None) -> None:
        self.project = project
        self.db = project.db
        self._ids = list(article_ids) if article_ids is not None else None
        self._labels = self._code_labels()

    # ------------------------------------------------------------ helpers
    def _scope(self, column: str = "a.id") -> tuple[str, list[int]]:
        if self._ids is None:
            return "1", []
        if not self._ids:
            return "0", []
        return f"{column} IN ({','.join('?' * len(self._ids))})", list(self._ids)

    def _code_labels(self) -> dict[str, tuple[str, str | None]]:
        labels: dict[str, tuple[str, str | None]] = {}
        for code, label, color in self.db.execute("SELECT code, label, color FROM codes"):
            labels.setdefault(code, (label, color))
        return labels

    def label(self, code: str | None) -> str:
        if code is None:
            return "(not coded)"
        return self._labels.get(code, (code.replace("_", " "), None))[0]

    def _colors(self, codes: Sequence[str]) -> dict[str, str]:
        return {self.label(c): self._labels[c][1] for c in codes
                if c in self._labels and self._labels[c][1]}

    def _by_outlet(self, sql: str, params: list) -> tuple[list[str], dict[str, dict[str, float]]]:
        table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        outlets: set[str] = set()
        for outlet, code, n in self.db.execute(sql, params):
            outlet = outlet or NO_OUTLET
            outlets.add(outlet)
            table[code][outlet] += n
        return sorted(outlets), table

    def _chart(self, key: str, title: str, kind: str, sql: str, params: list,
               unit: str = "articles", order: Sequence[str] | None = None) -> ChartData:
        outlets, table = self._by_outlet(sql, params)
        codes = list(order or sorted(table, key=lambda c: -sum(table[c].values())))
        codes = [c for c in codes if c in table]
        series = {self.label(c): [table[c].get(o, 0) for o in outlets] for c in codes}
        return ChartData(key, title, kind, outlets, series, unit, self._colors(codes))

    # ------------------------------------------------------------ charts
    def frames_by_outlet(self, primary_only: bool = False) -> ChartData:
        scope, params = self._scope()
        role = "d.role = 'primary'" if primary_only else "d.role != 'tone'"
        title = "Primary frames by outlet" if primary_only else "Frames by outlet"
        return self._chart(
            "primary_frames_by_outlet" if primary_only else "frames_by_outlet", title, "bars",
            f"SELECT a.outlet, d.code, count(DISTINCT a.id) FROM articles a JOIN doc_codes d"
            f" ON d.article_id = a.id AND {role} WHERE {scope} GROUP BY a.outlet, d.code", params)

    def tone_by_outlet(self) -> ChartData:
        scope, params = self._scope()
        order = [r[0] for r in self.db.execute(
            "SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id"
            " WHERE b.kind = 'tone' ORDER BY c.position")]
        return self._chart(
            "tone_by_outlet", "Tone by outlet", "stacked",
            f"SELECT a.outlet, d.code, count(*) FROM articles a JOIN doc_codes d"
            f" ON d.article_id = a.id AND d.role = 'tone' WHERE {scope}"
            f" GROUP BY a.outlet, d.code", params, order=order or None)

    def _attribution_chart(self, column: str, key: str, title: str) -> ChartData:
        scope, params = self._scope()
        chart = self._chart(
            key, title, "stacked",
            f"SELECT a.outlet, coalesce(t.{column}, '(not coded)'), count(*) FROM articles a"
            f" JOIN attributions t ON t.article_id = a.id AND t.status IN {CONFIRMED}"
            f" WHERE {scope} GROUP BY a.outlet, t.{column}", params, unit="attributions")
        return chart

    def identification_by_outlet(self) -> ChartData:
        return self._attribution_chart("identification", "identification_by_outlet",
                                       "Source identification by outlet")

    def source_types_by_outlet(self) -> ChartData:
        return self._attribution_chart("source_type", "source_types_by_outlet",
                                       "Source types by outlet")

    def unnamed_share_over_time(self) -> ChartData:
        """Share of attributions to unnamed or vague sources, per month and outlet."""
        scope, params = self._scope()
        marks = ",".join("?" * len(UNNAMED))
        rows = self.db.execute(
            f"SELECT substr(a.published, 1, 7), coalesce(a.outlet, ?),"
            f" sum(t.identification IN ({marks})), count(*) FROM articles a"
            f" JOIN attributions t ON t.article_id = a.id AND t.status IN {CONFIRMED}"
            f" WHERE {scope} AND a.published IS NOT NULL GROUP BY 1, 2 ORDER BY 1",
            [NO_OUTLET, *UNNAMED, *params]).fetchall()
        months = sorted({r[0] for r in rows})
        outlets = sorted({r[1] for r in rows})
        series = {o: [0.0] * len(months) for o in outlets}
        for month, outlet, unnamed, total in rows:
            series[outlet][months.index(month)] = round(unnamed / total, 4) if total else 0.0
        chart = ChartData("unnamed_share_over_time", "Share of unnamed sources over time",
                          "line", months, series, unit="share")
        if len(months) < 2:
            chart.notes.append("Fewer than two months with dated, coded attributions.")
        return chart

    def top_entities(self, limit: int = 15) -> ChartData:
        scope, params = self._scope("m.article_id")
        rows = self.db.execute(
            f"SELECT e.name, e.label, count(*), count(DISTINCT m.article_id) FROM mentions m"
            f" JOIN entities e ON e.id = m.entity_id WHERE m.status != 'deleted' AND {scope}"
            f" GROUP BY e.id ORDER BY count(*) DESC, e.name LIMIT ?", [*params, limit]).fetchall()
        return ChartData("top_entities", "Most mentioned entities", "ranking",
                         [f"{name} ({label})" for name, label, _, _ in rows],
                         {"mentions": [r[2] for r in rows], "articles": [r[3] for r in rows]},
                         unit="mentions")

    def all_charts(self) -> list[ChartData]:
        return [self.frames_by_outlet(primary_only=True), self.frames_by_outlet(),
                self.tone_by_outlet(), self.identification_by_outlet(),
                self.source_types_by_outlet(), self.unnamed_share_over_time(),
                self.top_entities()]
