"""The Review menu: compare with colleagues' files, the agreement report, merging into a gold
file, and sharing one's own project with a colleague.

One's own open project is always the first file ("mine") and is passed as `live`, so it is
snapshotted with VACUUM INTO rather than copied while in use. Colleagues' files are read
from private read-only copies by the core (framedesk.core.review), never changed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QVBoxLayout, QWidget

from framedesk.core.errors import ExportError
from framedesk.core.review.agreement import AgreementReport, session_report
from framedesk.core.review.analysts import FileAnalysts, analysts_in, read_analysts
from framedesk.core.review.session import ReviewSession
from framedesk.core.store import Project
from framedesk.ui import changes
from framedesk.ui.dialogs import error_message, plain_message
from framedesk.ui.review import open_review
from framedesk.ui.review.agreement_view import AgreementView
from framedesk.ui.review.coders_dialog import CoderChoiceDialog

if TYPE_CHECKING:
    from framedesk.core.progress import Progress
    from framedesk.ui.main_window import MainWindow
    from framedesk.ui.review.merge_dialog import MergeDialog

PROJECT_FILTER = "Framedesk projects (*.framedesk)"
# Everything a decision taken into one's own project may have changed.
REVIEW_KINDS = {changes.FRAMES, changes.CUES, changes.ATTRIBUTIONS, changes.ENTITIES,
                changes.STATUS, changes.MEMO}


def compute_report(paths: Sequence[Path], live: Project | None,
                   progress: Progress, annotators: Sequence[str | None] = ()) -> AgreementReport:
    """Worker side of Review > Agreement report: open, compare, close."""
    with ReviewSession.open(paths, annotators=annotators, live=live,
                            progress=progress) as session:
        return session_report(session)


def share_copy(project_path: Path, target: Path) -> Path:
    """A self-contained copy of the project (VACUUM INTO) at `target`, made beside it and
    renamed into place, so an existing file is only replaced by a complete copy."""
    target = Path(target)
    if not target.parent.is_dir():
        raise ExportError(target, f"the folder {target.parent} does not exist")
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent) as tmp:
        with Project.open(project_path, read_only=True) as project:
            copy = project.write_copy(Path(tmp) / target.name)
        try:
            os.replace(copy, target)
        except OSError as exc:
            raise ExportError(target, exc.strerror or str(exc)) from None
    return target


class AgreementDialog(QDialog):
    """The agreement report of some files, with the review window's CSV/HTML export."""

    def __init__(self, report: AgreementReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement: " + ", ".join(report.coders))
        self.view = AgreementView()
        self.view.show_report(report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(980, 680)


class _OnClose(QObject):
    """Calls `then` when the watched window gets its close event (before it goes)."""

    def __init__(self, watched: QObject, then) -> None:
        super().__init__(watched)
        self.then = then
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Close:
            self.then()
        return False


class ReviewMenu:
    """Adds its actions to the window's Review menu and keeps the windows it opens."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        # Review windows close with the main window, so their copies and gold files do too.
        self._close_watch = _OnClose(window, self.close_reviews)
        self.review_windows: list[QWidget] = []
        self.agreement_dialog: AgreementDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.coder_dialog: CoderChoiceDialog | None = None
        self.last_dialog: QWidget | None = None
        menu = window.menus["Review"]
        self.actions: dict[str, QAction] = {}
        for name, text, slot, tip in (
            ("compare", "&Compare with file\u2026", self.choose_and_compare,
             "Review your coding beside colleagues' .framedesk files and decide into a gold "
             "file"),
            ("agreement", "&Agreement report\u2026", self.choose_and_report,
             "Percent agreement, kappa, alpha and span F1 between coders' files"),
            ("merge", "&Merge files into a gold file\u2026", self.open_merge,
             "What all coders agree on, or one coder's everything, into a new file"),
            (None, "", None, ""),
            ("share", "&Share with a colleague\u2026", self.choose_and_share,
             "Write a self-contained copy of this project to send"),
        ):
            if name is None:
                menu.addSeparator()
                continue
            action = QAction(text, window)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            menu.addAction(action)
            window.actions_by_name[f"review_{name}"] = action
            self.actions[name] = action
        placeholder = window.actions_by_name.get("review_placeholder")
        if placeholder is not None:
            placeholder.setVisible(False)
        window.project_changed.connect(self._project_changed)
        self._project_changed(window.project)

    def _project_changed(self, project: Project | None) -> None:
        self.actions["share"].setEnabled(project is not None)

    def _own(self) -> list[Path]:
        project = self.window.project
        return [project.path] if project is not None else []

    def _choose(self, title: str) -> list[Path]:
        start = str(self.window.project.path.parent) if self.window.project else str(Path.home())
        files, _ = QFileDialog.getOpenFileNames(self.window, title, start, PROJECT_FILTER)
        return [Path(f) for f in files]

    def _enough(self, paths: list[Path], what: str) -> bool:
        if len(paths) >= 2:
            return True
        self.last_dialog = plain_message(
            self.window, what, "Choose at least two files, or open your own project first "
            "and choose one or more colleagues' files.")
        return False

    # ------------------------------------------------------------ compare
    def choose_and_compare(self) -> None:
        chosen = self._choose("Compare with colleagues' files")
        if chosen:
            self.compare_with(chosen)

    def compare_with(self, paths: Sequence[Path]) -> bool:
        """Ask which analysts of one's own project (if open) and of `paths` to compare,
        then open the review window on them."""
        return self._ask_coders(paths, self.compare_coders)

    def _ask_coders(self, paths: Sequence[Path], then) -> bool:
        """Every analyst in any file is a coder: the files' analysts are read (in the
        background), the user ticks two or more, and `then(chosen)` runs."""
        own = self._own()
        files = own + [p for p in paths if not own or p.resolve() != own[0].resolve()]
        if not files:
            return False
        w = self.window
        mine = None
        if own and w.project is not None:     # read here: its connection is this thread's
            count = w.project.db.execute("SELECT count(*) FROM articles").fetchone()[0]
            mine = FileAnalysts(own[0], count, analysts_in(w.project))
        others = files[1:] if mine is not None else files
        w.tasks.run(lambda _progress: [read_analysts(p) for p in others],
                    label="Reading the files' analysts",
                    on_success=lambda found: self._choose_coders(
                        ([mine] if mine is not None else []) + found, then),
                    on_failure=lambda exc: self._failed("Could not open the files", exc))
        return True

    def _choose_coders(self, files: list[FileAnalysts], then) -> None:
        if sum(len(f.analysts) for f in files) < 2:
            self._enough([f.path for f in files][:1], "Compare files")
            return
        dialog = CoderChoiceDialog(files, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: then(dialog.chosen()))
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "coder_dialog", None))
        self.coder_dialog = dialog
        dialog.open()

    def compare_coders(self, chosen: Sequence[tuple[Path, str]]) -> bool:
        """Open the review window on these (file, analyst) pairs, two or more."""
        if len(chosen) < 2:
            return False
        w = self.window
        open_review(w.tasks, [p for p, _ in chosen], annotators=[a for _, a in chosen],
                    live=w.project, parent=w, on_open=self._opened,
                    on_failure=lambda exc: self._failed("Could not open the files", exc))
        return True

    def _opened(self, review: QWidget) -> None:
        review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.review_windows.append(review)
        review.destroyed.connect(lambda _obj=None, r=review: self._review_closed(r))

    def _review_closed(self, review: QWidget) -> None:
        if review in self.review_windows:
            self.review_windows.remove(review)
        # Decisions may have gone into one's own project: let the panels read it again.
        if self.window.project is not None:
            self.window.hub.notify(REVIEW_KINDS)

    def close_reviews(self) -> None:
        for review in list(self.review_windows):
            review.close()

    def _failed(self, title: str, error: BaseException) -> None:
        self.last_dialog = error_message(self.window, title, error)

    # ------------------------------------------------------------ agreement
    def choose_and_report(self) -> None:
        chosen = self._choose("Agreement with colleagues' files")
        if chosen:
            self.report_on(chosen)

    def report_on(self, paths: Sequence[Path]) -> bool:
        """The agreement report of the analysts the user picks among these files."""
        return self._ask_coders(paths, self.report_coders)

    def report_coders(self, chosen: Sequence[tuple[Path, str]]) -> bool:
        if len(chosen) < 2:
            return False
        files, names = [p for p, _ in chosen], [a for _, a in chosen]
        w, live = self.window, self.window.project
        w.tasks.run(lambda progress: compute_report(files, live, progress, names),
                    label="Agreement", on_success=self._show_report,
                    on_failure=lambda exc: self._failed("Agreement could not be computed",
                                                        exc))
        return True

    def _show_report(self, report: AgreementReport) -> None:
        dialog = AgreementDialog(report, self.window)
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "agreement_dialog", None))
        self.agreement_dialog = dialog
        dialog.show()

    # ------------------------------------------------------------ merge
    def open_merge(self) -> MergeDialog:
        from framedesk.ui.review.merge_dialog import MergeDialog

        if self.merge_dialog is None:
            self.merge_dialog = MergeDialog(self.window)
        self.merge_dialog.show()
        self.merge_dialog.raise_()
        return self.merge_dialog

    # ------------------------------------------------------------ share
    def choose_and_share(self) -> None:
        project = self.window.project
        if project is None:
            return
        suggested = project.path.with_name(f"{project.path.stem}-{project.annotator}.framedesk")
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Share with a colleague",
                                                str(suggested), PROJECT_FILTER)
        if chosen:
            self.share_to(Path(chosen))

    def share_to(self, target: Path) -> bool:
        w = self.window
        if w.project is None:
            return False
        if target.suffix != ".framedesk":
            target = target.with_suffix(".framedesk")
        if target.resolve() == w.project.path.resolve():
            self.last_dialog = plain_message(w, "Share with a colleague",
                                             "Choose another file name than the project's own.")
            return False
        path = w.project.path

        def done(written: Path) -> None:
            self.last_dialog = plain_message(
                w, "Share with a colleague", f"Wrote {written}: a complete copy of this "
                "project to send. Your colleague opens it, codes, and sends it back for "
                "Review > Compare with file.")

        w.tasks.run(lambda _progress: share_copy(path, target), label="Writing a copy",
                    on_success=done,
                    on_failure=lambda exc: self._failed("Could not write the copy", exc),
                    cancellable=False)
        return True


def install_review_menu(window: MainWindow) -> ReviewMenu:
    window.review_menu = ReviewMenu(window)
    return window.review_menu
