"""Opening a big project, timed as a user sees it: process start to the window painted with
the article list and the first article, at 1k, 10k and 100k articles.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_open [--sizes 1000,10000]

Each size runs two fresh processes, best of three:
- framedesk: the real main window (same widgets as at start-up, throwaway settings) opening
  the project read-only, until the list and the reader have painted;
- bare: a bare PySide6 window with a QTableView over the same rows (title, outlet, date read
  from SQLite into a list), until it has painted.
Printed: both wall times, their ratio, and Framedesk's time from the window being shown to
the list being usable (target: under 1 s at every size).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]

FRAMEDESK = r"""
import sys, time, tempfile
from pathlib import Path
from framedesk.ui.app import application
app = application()
from framedesk.core.store import Project
from framedesk.ui.main_window import MainWindow, install_parts
from framedesk.ui.settings import AppSettings
tmp = tempfile.mkdtemp(prefix="bench-open-")
window = MainWindow(AppSettings.at(Path(tmp)))
install_parts(window)
window.resize(1366, 768)
window.show()
app.processEvents()
shown = time.perf_counter()
window.set_project(Project.open(sys.argv[1], read_only=True))
table = window.article_list.table
while table.model().rowCount() == 0 or not window.reader.text.toPlainText():
    app.processEvents()
table.viewport().repaint()
window.reader.text.viewport().repaint()
app.processEvents()
print(f"{time.perf_counter() - shown:.4f}")
"""

BARE = r"""
import sqlite3, sys, time
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT title, outlet, published FROM articles ORDER BY id").fetchall()
class Rows(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()): return 0 if parent.isValid() else len(rows)
    def columnCount(self, parent=QModelIndex()): return 0 if parent.isValid() else 3
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return rows[index.row()][index.column()]
        return None
view = QTableView()
view.setModel(Rows())
view.resize(1366, 768)
view.show()
view.viewport().repaint()
app.processEvents()
print("0")
"""


def run(script: str, project: Path) -> tuple[float, float]:
    """(wall seconds of the whole process, the seconds the script itself printed)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"), QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, str(project)], env=env,
                          capture_output=True, text=True, check=True, timeout=600)
    wall = time.perf_counter() - started
    return wall, float(done.stdout.strip().splitlines()[-1])


def best_of(n: int, script: str, project: Path) -> tuple[float, float]:
    results = [run(script, project) for _ in range(n)]
    return min(r[0] for r in results), min(r[1] for r in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from tests.benchmarks.bench_ui import build_project

    print(f"{'articles':>9} {'framedesk s':>12} {'bare s':>8} {'ratio':>6} "
          f"{'shown->usable s':>16} target <1 s")
    with tempfile.TemporaryDirectory(prefix="bench-open-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            project = Path(tmp) / f"p{size}.framedesk"
            build_project(project, size)
            wall, usable = best_of(args.runs, FRAMEDESK, project)
            bare, _ = best_of(args.runs, BARE, project)
            verdict = "met" if usable < 1.0 else "MISSED"
            print(f"{size:>9} {wall:>12.2f} {bare:>8.2f} {wall / bare:>6.2f} "
                  f"{usable:>16.2f} {verdict}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
