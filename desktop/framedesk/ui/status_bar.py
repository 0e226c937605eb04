"""The status bar: done / total, analyst, model, "saved", and background work with Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from framedesk.ui import icons
from framedesk.ui.tasks import Task, TaskRunner


def _label(tooltip: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setToolTip(tooltip)
    return label


class StatusBar(QStatusBar):
    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.progress_label = _label("Articles marked done / articles in the project")
        self.analyst_label = _label("Every annotation is recorded under this name")
        self.model_label = _label("The spaCy pipeline that found the entities")
        self.saved_label = _label("Every change is written to the project file at once: "
                                  "there is nothing to save")
        self.task_label = _label()
        self.task_bar = QProgressBar()
        self.task_bar.setMaximumWidth(160)
        self.task_bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setIcon(icons.icon("cancel"))
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.cancel_button.setAutoRaise(True)
        for w in (self.task_label, self.task_bar, self.cancel_button):
            self.addPermanentWidget(w)
            w.setVisible(False)
        for w in (self.progress_label, self.analyst_label, self.model_label, self.saved_label):
            self.addPermanentWidget(w)
        self.cancel_button.clicked.connect(self._cancel)
        tasks.task_started.connect(self._show_task)
        tasks.task_progress.connect(self._on_progress)
        tasks.task_finished.connect(self._on_finished)
        tasks.message.connect(lambda text: self.showMessage(text, 15000))
        self._task: Task | None = None

    # ------------------------------------------------------------ facts
    def set_progress(self, done: int, total: int) -> None:
        self.progress_label.setText(f"{done:,} / {total:,} done")

    def set_analyst(self, name: str) -> None:
        self.analyst_label.setText(f"analyst: {name}")

    def set_model(self, model: str | None) -> None:
        self.model_label.setText(f"model: {model}" if model else "model: none yet")

    def set_saved(self, project_open: bool, read_only: bool = False,
                  reason: str | None = None) -> None:
        if not project_open:
            self.saved_label.setText("no project open")
        else:
            self.saved_label.setText("read-only" if read_only else "saved")
        self.saved_label.setToolTip(
            f"Open read-only: {reason or 'opened for reading only'}" if read_only else
            "Every change is written to the project file at once: there is nothing to save")

    def clear_facts(self) -> None:
        for label in (self.progress_label, self.analyst_label, self.model_label):
            label.setText("")
        self.set_saved(False)

    # ------------------------------------------------------------ background work
    def _show_task(self, task: Task) -> None:
        self._task = task
        self.task_label.setText(task.label)
        self.task_bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(task.cancellable)
        for w in (self.task_label, self.task_bar, self.cancel_button):
            w.setVisible(True)

    def _on_progress(self, task: Task, done: int, total: int, label: str) -> None:
        if task is not self._task:
            return
        if total > 0:
            self.task_bar.setRange(0, 1000)
            self.task_bar.setValue(int(1000 * min(done, total) / total))
        if label:
            self.task_label.setText(f"{task.label}: {label}")

    def _on_finished(self, task: Task) -> None:
        if task is not self._task:
            return
        others = [t for t in self.tasks.running if not t.done]
        if others:
            self._show_task(others[-1])
            return
        self._task = None
        for w in (self.task_label, self.task_bar, self.cancel_button):
            w.setVisible(False)

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.task_label.setText(f"{self._task.label}: cancelling...")

    @property
    def current_task(self) -> Task | None:
        return self._task
