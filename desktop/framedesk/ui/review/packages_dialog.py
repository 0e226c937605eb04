"""Review > Prepare coders' files...: `framedesk distribute` with a window.

The master is the open project (or a file chosen here); the coders' names, the overlap
(articles or percent), drawing per outlet and the seed give a plan, previewed as the user
types (the plan is cheap: uids and outlets only); the files and the manifest are written in
the background into a new folder that appears only when complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from framedesk.core.errors import FramedeskError
from framedesk.core.progress import Progress
from framedesk.core.review.packages import (
    PackageError,
    PackagePlan,
    master_articles,
    plan_packages,
    write_packages,
)
from framedesk.core.store import Project
from framedesk.messages import describe
from framedesk.ui.task_dialog import TaskDialogMixin
from framedesk.ui.tasks import Task

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

PROJECT_FILTER = "Framedesk projects (*.framedesk)"


@dataclass(frozen=True)
class PackagesRequest:
    master: Path
    out: Path
    plan: PackagePlan


def run_packages(request: PackagesRequest, progress: Progress) -> Path:
    """Worker side: the files and the manifest; returns the manifest's path."""
    return write_packages(request.master, request.out, request.plan, progress=progress)


class PackagesDialog(TaskDialogMixin, QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.task: Task | None = None
        self.articles: list[tuple[str, str | None]] = []
        self.setWindowTitle("Prepare coders' files")
        self.master = QLineEdit()
        self.master.setReadOnly(True)
        choose_master = QPushButton("Choose\u2026")
        choose_master.clicked.connect(self.choose_master)
        master_row = QHBoxLayout()
        master_row.addWidget(self.master, 1)
        master_row.addWidget(choose_master)
        self.coders = QLineEdit()
        self.coders.setPlaceholderText("ana, ben, cy")
        self.overlap = QLineEdit("10%")
        self.overlap.setToolTip("Articles every coder codes, for agreement: a number (10) "
                                "or a share of the articles (10%)")
        self.by_outlet = QCheckBox("Draw the overlap and deal the shares per outlet")
        self.by_outlet.setChecked(True)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(1)
        self.seed.setToolTip("The same seed gives the same files")
        self.out = QLineEdit()
        self.out.setPlaceholderText("a new folder")
        choose_out = QPushButton("Choose\u2026")
        choose_out.clicked.connect(self.choose_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(choose_out)
        form = QFormLayout()
        form.addRow("Master project", master_row)
        form.addRow("Coders", self.coders)
        form.addRow("Overlap", self.overlap)
        form.addRow("", self.by_outlet)
        form.addRow("Seed", self.seed)
        form.addRow("Folder", out_row)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.write_button = QPushButton("Write files")
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.start)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        for field in (self.coders, self.overlap, self.out):
            field.textChanged.connect(lambda _t: self._update())
        self.by_outlet.toggled.connect(lambda _on: self._update())
        self.seed.valueChanged.connect(lambda _v: self._update())
        if window.project is not None:
            self.set_master(window.project.path)
        self.resize(620, 380)
        self._update()

    # ------------------------------------------------------------ choices
    def set_master(self, path: Path) -> None:
        try:
            with Project.open(path, read_only=True) as project:
                self.articles = master_articles(project)
        except FramedeskError as exc:
            self.articles = []
            self.result.setText(describe(exc))
            return
        self.master.setText(str(path))
        if not self.out.text().strip():
            self.out.setText(str(path.with_name(f"{path.stem}-coders")))
        self._update()

    def choose_master(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Master project", self.master.text(),
                                                PROJECT_FILTER)
        if chosen:
            self.set_master(Path(chosen))

    def choose_out(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the coders' files",
                                                  str(Path(self.master.text()).parent))
        if chosen:
            self.out.setText(str(Path(chosen) / "coders"))

    def plan(self) -> PackagePlan:
        """Raises PackageError with the reason when the choices do not make a plan."""
        if not self.master.text():
            raise PackageError("choose the master project")
        if not self.articles:
            raise PackageError("the master project has no articles to hand out")
        return plan_packages(self.articles, self.coders.text().split(","),
                             self.overlap.text(),
                             stratify="outlet" if self.by_outlet.isChecked() else "none",
                             seed=self.seed.value())

    def _update(self) -> None:
        running = self.task is not None
        try:
            plan = self.plan()
        except PackageError as exc:
            plan = None
            self.preview.setText(describe(exc))
        else:
            each = ", ".join(f"{c}: {len(plan.articles_of(c))}" for c in plan.coders)
            self.preview.setText(f"{len(plan.overlap)} overlap article(s) for everyone"
                                 + (f" from {len(plan.strata)} outlet(s)"
                                    if plan.stratify == "outlet" else "")
                                 + f"; articles per file: {each}.")
        self.write_button.setEnabled(not running and plan is not None
                                     and bool(self.out.text().strip()))
        self.close_button.setText("Cancel" if running else "Close")

    # ------------------------------------------------------------ running
    def start(self) -> None:
        if self.task is not None:
            return
        try:
            plan = self.plan()
        except PackageError as exc:
            self.result.setText(describe(exc))
            return
        out = Path(self.out.text().strip()).expanduser()
        if out.exists():
            self.result.setText(f"{out} exists; the coders' files go into a new folder.")
            return
        request = PackagesRequest(Path(self.master.text()), out, plan)
        self.start_task(lambda progress: run_packages(request, progress),
                        "Writing coders' files",
                        lambda manifest, error: self._finished(request, manifest, error))
        self._update()

    def _finished(self, request: PackagesRequest, manifest: Path | None,
                  error: BaseException | None) -> None:
        text = ""
        if manifest is not None:
            text = (f"Wrote {len(request.plan.coders)} coders' files and the manifest to "
                    f"{request.out}. Send each coder their file; bring them back with "
                    "Review > Merge files into a gold file, and Review > Agreement report "
                    "on the coders' files gives the agreement on the overlap.")
        self.show_outcome(error, text, "Cancelled; no coders' files were written.")
        self._update()


def install_packages_action(window: MainWindow) -> QAction:
    """Review > Prepare coders' files..., at the top of the Review menu."""
    dialogs: list[PackagesDialog] = []

    def open_dialog() -> PackagesDialog:
        if not dialogs:
            dialogs.append(PackagesDialog(window))
        elif window.project is not None and not dialogs[0].running:
            dialogs[0].set_master(window.project.path)
        dialogs[0].show()
        dialogs[0].raise_()
        window.packages_dialog = dialogs[0]
        return dialogs[0]

    menu = window.menus["Review"]
    action = QAction("&Prepare coders' files\u2026", window)
    action.setStatusTip("Write one file per coder from this project: a share of the articles "
                        "each, plus an overlap everyone codes for agreement")
    action.triggered.connect(lambda _checked=False: open_dialog())
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    window.actions_by_name["review_packages"] = action
    window.open_packages_dialog = open_dialog
    return action
