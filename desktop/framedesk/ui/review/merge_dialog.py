"""Review > Merge files into a gold file...: `framedesk merge` with a window.

Files (one's own project first when one is open), a strategy (what every coder agrees on, or
one file's everything) and a new gold file; the merge runs in the background. One's own
open project is merged from a snapshot (VACUUM INTO) so edits still in its -wal count.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from framedesk.core.errors import FramedeskError
from framedesk.core.progress import Progress
from framedesk.core.review.analysts import analysts_in, read_analysts
from framedesk.core.review.merge import AGREED, MergeResult, merge_files
from framedesk.core.store import Project
from framedesk.core.store.project import default_annotator
from framedesk.messages import describe
from framedesk.ui.tasks import Task
from framedesk.ui.task_dialog import TaskDialogMixin

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

PROJECT_FILTER = "Framedesk projects (*.framedesk)"


@dataclass(frozen=True)
class MergeRequest:
    files: tuple[Path, ...]
    out: Path
    strategy: str               # AGREED, or one of `files` (or an analyst's name)
    who: str
    live: Path | None = None    # one's own open project among `files`: merged from a snapshot
    annotators: tuple[str | None, ...] = ()   # the analyst of each of `files`


def run_merge(request: MergeRequest, progress: Progress) -> MergeResult:
    """Worker side. The snapshot keeps the project's file name, so coder labels are the
    same as when comparing the project itself."""
    files, strategy = list(request.files), request.strategy
    with tempfile.TemporaryDirectory(prefix="framedesk-merge-") as tmp:
        if request.live is not None:
            with Project.open(request.live, read_only=True) as project:
                snapshot = project.write_copy(Path(tmp) / request.live.name)
            files = [snapshot if f == request.live else f for f in files]
            if strategy == str(request.live):
                strategy = str(snapshot)
        return merge_files(files, request.out, strategy=strategy, who=request.who,
                           progress=progress, annotators=request.annotators)


def result_sentence(result: MergeResult, out: Path) -> str:
    text = (f"Wrote {out}: {result.articles:,} articles, {result.written:,} annotations; "
            f"{result.undecided:,} undecided item(s) in its adjudication log.")
    if result.partial:
        text += f" {len(result.partial):,} article(s) were not in every file."
    return text


class MergeDialog(TaskDialogMixin, QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.task: Task | None = None
        self.setWindowTitle("Merge files into a gold file")
        self.files = QListWidget()
        add = QPushButton("Add files\u2026")
        add.clicked.connect(self.choose_files)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(add)
        file_buttons.addWidget(remove)
        file_buttons.addStretch(1)
        self.strategy = QComboBox()
        self.out = QLineEdit()
        self.out.setPlaceholderText("a new .framedesk file")
        self.out.textChanged.connect(lambda _t: self._update())
        choose_out = QPushButton("Choose\u2026")
        choose_out.clicked.connect(self.choose_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(choose_out)
        self.who = QLineEdit(window.project.annotator if window.project is not None
                             else default_annotator())
        form = QFormLayout()
        form.addRow("Files", self.files)
        form.addRow("", file_buttons)
        form.addRow("Keep", self.strategy)
        form.addRow("Gold file", out_row)
        form.addRow("Adjudicator", self.who)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.merge_button = QPushButton("Merge")
        self.merge_button.setDefault(True)
        self.merge_button.clicked.connect(self.start)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        if window.project is not None:
            self.add_files([window.project.path])
        self.files.itemChanged.connect(lambda _item: self._fill_strategies())
        self.resize(620, 420)
        self._update()

    # ------------------------------------------------------------ choices
    # One row per analyst of each file (every analyst in any file is a coder), ticked when
    # the analyst coded something; the row's data is (path, analyst).
    def coders(self) -> list[tuple[Path, str | None]]:
        """The ticked (file, analyst) rows, in order."""
        out = []
        for n in range(self.files.count()):
            item = self.files.item(n)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def paths(self) -> list[Path]:
        """The files listed, each once, in order."""
        found = [self.files.item(n).data(Qt.ItemDataRole.UserRole)[0]
                 for n in range(self.files.count())]
        return list(dict.fromkeys(found))

    def add_files(self, paths: Sequence[Path]) -> None:
        known = {p.resolve() for p in self.paths()}
        project = self.window_.project
        for path in paths:
            if path.resolve() in known:
                continue
            known.add(path.resolve())
            try:
                if project is not None and path.resolve() == project.path.resolve():
                    analysts = analysts_in(project)
                else:
                    analysts = read_analysts(path).analysts
            except FramedeskError as exc:
                self.result.setText(describe(exc))
                continue
            for analyst in analysts or [None]:
                name = analyst.name if analyst else None
                item = QListWidgetItem(f"{path}  \u2014  {name}, {analyst.articles:,} "
                                       f"coded article(s)" if analyst else str(path))
                item.setData(Qt.ItemDataRole.UserRole, (path, name))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if analyst is None or
                                   analyst.annotations else Qt.CheckState.Unchecked)
                self.files.addItem(item)
        self._fill_strategies()

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._fill_strategies()

    def choose_files(self) -> None:
        start = str(self.paths()[0].parent) if self.paths() else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileNames(self, "Files to merge", start, PROJECT_FILTER)
        self.add_files([Path(c) for c in chosen])

    def choose_out(self) -> None:
        start = str(self.paths()[0].with_name("gold.framedesk")) if self.paths() else ""
        chosen, _ = QFileDialog.getSaveFileName(self, "New gold file", start, PROJECT_FILTER)
        if chosen:
            self.out.setText(chosen if chosen.endswith(".framedesk") else chosen + ".framedesk")

    def _fill_strategies(self) -> None:
        keep = self.strategy.currentData()
        self.strategy.clear()
        self.strategy.addItem("What every coder agrees on (the rest is left undecided)", AGREED)
        coders = self.coders()
        for path, name in coders:
            twice = sum(p == path for p, _ in coders) > 1
            self.strategy.addItem(f"Everything from {name} ({path.name})" if name
                                  else f"Everything from {path.name}",
                                  name if twice and name else str(path))
        self.strategy.setCurrentIndex(max(self.strategy.findData(keep), 0))
        self._update()

    def _update(self) -> None:
        running = self.task is not None
        self.merge_button.setEnabled(not running and len(self.coders()) >= 2
                                     and bool(self.out.text().strip()))
        self.close_button.setText("Cancel" if running else "Close")

    # ------------------------------------------------------------ running
    def request(self) -> MergeRequest:
        project = self.window_.project
        coders = self.coders()
        files = tuple(p for p, _ in coders)
        live = next((f for f in files if project is not None
                     and f.resolve() == project.path.resolve()), None)
        return MergeRequest(files, Path(self.out.text().strip()).expanduser(),
                            self.strategy.currentData(), self.who.text().strip()
                            or default_annotator(), live, tuple(a for _, a in coders))

    def start(self) -> None:
        if self.task is not None:
            return
        request = self.request()
        if request.out.exists():
            self.result.setText(f"{request.out} exists; the gold file must be a new file.")
            return
        if request.out.resolve() in {f.resolve() for f in request.files}:
            self.result.setText("The gold file must not be one of the files merged.")
            return
        self.start_task(lambda progress: run_merge(request, progress), "Merging",
                        lambda result, error: self._finished(request.out, result, error))
        self._update()

    def _finished(self, out: Path, result: MergeResult | None,
                  error: BaseException | None) -> None:
        self.show_outcome(error, result_sentence(result, out) if result is not None else "",
                          "Merge cancelled; no gold file was written.")
        self._update()
