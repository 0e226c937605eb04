"""The performance suite's one table: rows, formatting, and the machine it ran on."""

from __future__ import annotations

import os
import platform
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

COLUMNS = ("what", "size", "framedesk", "baseline", "ratio", "target", "ok?")


@dataclass(slots=True)
class Row:
    what: str
    size: str                 # "1k", "10k", "100k" or "-" for size-independent steps
    framedesk: str            # formatted figure, e.g. "412 ms"
    baseline: str             # formatted figure with what the baseline is
    ratio: float | None       # framedesk / baseline (times; for throughput: time ratio)
    target: str
    ok: bool | None           # None: no target, or the step was skipped

    def cells(self) -> list[str]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}x"
        ok = {True: "ok", False: "**MISSED**", None: "-"}[self.ok]
        return [self.what, self.size, self.framedesk, self.baseline, ratio, self.target, ok]


def skipped(what: str, size: str, why: str) -> Row:
    return Row(what, size, f"skipped: {why}", "", None, "", None)


def seconds(value: float) -> str:
    """A duration as a person reads it: ms below 10 s, one decimal in seconds above."""
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    if value < 10:
        return f"{value * 1000:,.0f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.1f} s"


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else f"{n:,}"


def markdown(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |",
             "|" + "|".join(["---", "--:", "--:", "--:", "--:", "--:", ":-:"]) + "|"]
    for row in rows:
        cells = [c.replace("|", "/") for c in row.cells()]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float:
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def machine_line() -> str:
    """CPU, cores, RAM and the versions that decide the figures, with the date."""
    import PySide6
    import spacy

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"Machine: {_cpu_model()}, {cores} cores, {_ram_gb():.0f} GB RAM; "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"spaCy {spacy.__version__}, PySide6 {PySide6.__version__}; {when}, "
            f"load average {load:.1f} at the start (the machine is shared)")


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """Shortest wall time of `runs` calls: on a shared machine the minimum is the figure
    least disturbed by neighbours."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
