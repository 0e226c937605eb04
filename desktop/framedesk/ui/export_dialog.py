"""File > Export... (Ctrl+E): the CLI's `framedesk export` choices plus "current filter" and
"selected articles", run in the background with progress and Cancel.

The export itself is core work (core/exchange/*): it opens its own read-only connection on a
worker thread and writes through a temporary file that is renamed into place only when
complete, so Cancel or an error never leaves half a file. An existing target is replaced
only after the user said so here (then force=True).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.errors import FramedeskError
from framedesk.core.exchange.csv_export import SPREADSHEET_SAFE
from framedesk.core.exchange.writing import check_target
from framedesk.core.exchange.registry import EXPORTERS, ExportFormat, ExportOptions, load_all
from framedesk.core.model import STATUSES
from framedesk.core.store import Project
from framedesk.ui.export_dialog_work import (
    ExportRequest,
    default_target,
    run_export,
    summary_sentence,
)
from framedesk.ui.tasks import Task
from framedesk.ui.task_dialog import TaskDialogMixin

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

ALL, FILTERED, SELECTED = "all", "filter", "selected"
STATUS_TITLES = {"todo": "to do", "in_progress": "in progress", "done": "done",
                 "skipped": "skipped"}
EVERYONE = "Everyone"
# QSettings key: whether CSV cells are made safe for spreadsheets (the CLI's default, True).
SPREADSHEET_SAFE_KEY = "export/spreadsheet_safe"
SPREADSHEET_SAFE_TIP = (
    "Puts a ' before each text cell that starts with = + - @, a tab or a line break, so "
    "Excel and LibreOffice show it as text instead of running it as a formula (a hostile "
    "headline could otherwise run when the file is opened). Untick it for pandas or R: "
    "cells are then written exactly as stored.")
# What each registered format is called in the format list (its description is shown below).
FORMAT_TITLES = {
    "jsonl": "Framedesk JSONL",
    "csv": "CSV tables for pandas, R, spreadsheets",
    "spacy": "spaCy DocBin (NER, textcat)",
    "spacy-multilabel": "spaCy DocBin (NER, multi-label textcat)",
    "brat": "brat standoff",
    "doccano": "doccano JSONL",
    "labelstudio": "Label Studio JSON",
    "prodigy": "Prodigy JSONL",
    "html": "HTML report",
    "uima": "UIMA CAS JSON (INCEpTION)",
    "uima-xmi": "UIMA CAS XMI (INCEpTION, DKPro)",
    "webanno": "WebAnno TSV 3 (INCEpTION)",
}


def _plain(text: str = "", wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class ExportDialog(TaskDialogMixin, QDialog):
    """Non-modal: the main window stays usable while a long export runs."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        load_all()
        self.window_ = window
        self.setWindowTitle("Export")
        self.task: Task | None = None
        self.replace_box: QMessageBox | None = None
        self.last_out: Path | None = None
        self._edited_target = False

        self.format = QComboBox()
        for name, fmt in EXPORTERS.items():
            self.format.addItem(FORMAT_TITLES.get(name, name), name)
            self.format.setItemData(self.format.count() - 1, fmt.description,
                                    Qt.ItemDataRole.ToolTipRole)
        self.description = _plain(wrap=True)
        self.target = QLineEdit()
        self.target.textEdited.connect(self._target_edited)
        self.target.textChanged.connect(lambda _t: self._update_buttons())
        self.browse = QPushButton("Choose\u2026")
        self.browse.clicked.connect(self.choose_target)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.browse)
        self.target_kind = _plain()

        self.scope_group = QButtonGroup(self)
        self.scopes: dict[str, QRadioButton] = {}
        scope_box = QVBoxLayout()
        for key in (ALL, FILTERED, SELECTED):
            button = QRadioButton()
            self.scope_group.addButton(button)
            self.scopes[key] = button
            scope_box.addWidget(button)
        self.scopes[ALL].setChecked(True)

        self.statuses: dict[str, QCheckBox] = {}
        status_row = QHBoxLayout()
        for status in STATUSES:
            box = QCheckBox(STATUS_TITLES.get(status, status))
            self.statuses[status] = box
            status_row.addWidget(box)
        status_row.addStretch(1)
        self.annotator = QComboBox()
        self.suggestions = QCheckBox("Include attribution suggestions not yet accepted")
        self.spreadsheet_safe = QCheckBox("Spreadsheet-safe cells (for Excel/LibreOffice)")
        self.spreadsheet_safe.setToolTip(SPREADSHEET_SAFE_TIP)
        self.spreadsheet_safe.setChecked(self._remembered_spreadsheet_safe())
        self.spreadsheet_safe.toggled.connect(self._remember_spreadsheet_safe)

        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("", self.description)
        form.addRow("Write to", target_row)
        form.addRow("", self.target_kind)
        form.addRow("Articles", scope_box)
        form.addRow("Status", status_row)
        form.addRow("", _plain("No status ticked: articles of every status."))
        form.addRow("Annotations by", self.annotator)
        form.addRow("", self.suggestions)
        form.addRow("", self.spreadsheet_safe)
        self.form = form

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.result = _plain(wrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.setVisible(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.cancel_button = QPushButton("Close")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.resize(640, self.sizeHint().height())
        self.refresh()

    # ------------------------------------------------------------ state from the window
    @property
    def chosen_format(self) -> ExportFormat:
        return EXPORTERS[self.format.currentData()]

    def set_format(self, name: str) -> None:
        self.format.setCurrentIndex(self.format.findData(name))

    def selected_ids(self) -> list[int]:
        """The rows selected in the article list (the open article when none is)."""
        article_list = self.window_.article_list
        rows = sorted({i.row() for i in article_list.table.selectionModel().selectedRows()})
        ids = [a for a in (article_list.model.article_id(r) for r in rows) if a is not None]
        if not ids and self.window_.current_article_id is not None:
            ids = [self.window_.current_article_id]
        return ids

    def filtered_ids(self) -> list[int]:
        return self.window_.article_list.model.ids()

    def refresh(self) -> None:
        """Counts, annotators and the default target of the window's project now."""
        project = self.window_.project
        self.refresh_counts()
        keep = self.annotator.currentText()
        self.annotator.clear()
        self.annotator.addItem(EVERYONE, None)
        for name in project.annotators() if project is not None else []:
            self.annotator.addItem(name, name)
        self.annotator.setCurrentIndex(max(self.annotator.findText(keep), 0))
        if not self._edited_target or not self.target.text():
            self._edited_target = False
            self._set_default_target()
        self._format_changed()

    def refresh_counts(self) -> None:
        """The scope counts follow the list's search, filters and selection."""
        project = self.window_.project
        total = project.articles.count() if project is not None else 0
        shown, selected = len(self.filtered_ids()), len(self.selected_ids())
        self.scopes[ALL].setText(f"All articles ({total:,})")
        self.scopes[FILTERED].setText(f"Articles the list shows now, with its search and "
                                      f"filters ({shown:,})")
        self.scopes[SELECTED].setText(f"Selected articles ({selected:,})")
        self.scopes[SELECTED].setEnabled(selected > 0)
        if self.scopes[SELECTED].isChecked() and not selected:
            self.scopes[ALL].setChecked(True)

    def _set_default_target(self) -> None:
        project = self.window_.project
        if project is None:
            return
        self.target.setText(str(default_target(project.path.parent, project.path.stem,
                                               self.chosen_format)))

    def _target_edited(self, _text: str) -> None:
        self._edited_target = True

    def _format_changed(self, *_args: object) -> None:
        fmt = self.chosen_format
        previous, self._previous_format = getattr(self, "_previous_format", None), fmt
        self.description.setText(fmt.description)
        self.target_kind.setText("A new folder of files." if not fmt.suffix
                                 else f"One {fmt.suffix} file.")
        self.form.setRowVisible(self.spreadsheet_safe, self._is_csv())
        self._fit_height()
        if not self._edited_target:
            self._set_default_target()
        elif previous is not None and previous is not fmt:
            self._follow_suffix(previous, fmt)
        self._update_buttons()

    def _follow_suffix(self, previous: ExportFormat, fmt: ExportFormat) -> None:
        """A path the user chose keeps its folder and name; its ending follows the format
        (news.jsonl -> news.csv; news.jsonl -> news-brat for a folder format), so a file is
        never overwritten by a folder or the other way round."""
        text = self.target.text().strip()
        if not text:
            return
        path = Path(text)
        if previous.suffix and path.name.endswith(previous.suffix):
            stem = path.name[:-len(previous.suffix)]
        elif not previous.suffix and not path.suffix:
            stem = path.name
        else:
            return   # an ending the user typed for a reason of their own
        if not fmt.suffix and not stem.endswith(f"-{fmt.name}"):
            stem = f"{stem}-{fmt.name}"
        self.target.setText(str(path.with_name(stem + fmt.suffix)))

    def _update_buttons(self) -> None:
        running = self.task is not None
        self.export_button.setEnabled(not running and bool(self.target.text().strip())
                                      and self.window_.project is not None)
        self.cancel_button.setText("Cancel" if running else "Close")
        for widget in (self.format, self.target, self.browse, self.annotator, self.suggestions,
                       self.spreadsheet_safe, *self.scopes.values(), *self.statuses.values()):
            widget.setEnabled(not running and (widget is not self.scopes[SELECTED]
                                               or bool(self.selected_ids())))

    def _fit_height(self) -> None:
        """Grow when a format brings a longer description or its own option (never shrink
        under the user's hands)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()   # measure the rows as they are now, not as last laid out
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.sizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def _is_csv(self) -> bool:
        return self.chosen_format.name == "csv"

    def _remembered_spreadsheet_safe(self) -> bool:
        value = self.window_.settings.value(SPREADSHEET_SAFE_KEY, True)
        return value not in (False, "false", "0", 0)   # an INI file gives back strings

    def _remember_spreadsheet_safe(self, checked: bool) -> None:
        self.window_.settings.set_value(SPREADSHEET_SAFE_KEY, checked)

    def choose_target(self) -> None:
        fmt = self.chosen_format
        current = self.target.text().strip()
        if fmt.suffix:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export to", current, f"{fmt.name} (*{fmt.suffix});;All files (*)",
                options=QFileDialog.Option.DontConfirmOverwrite)   # we ask ourselves
            if chosen and not Path(chosen).suffix:
                chosen += fmt.suffix
        else:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Name of the new folder to export to", current, "",
                options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self._edited_target = True
            self.target.setText(chosen)

    # ------------------------------------------------------------ running
    def request(self, force: bool = False) -> ExportRequest:
        scope = next(k for k, b in self.scopes.items() if b.isChecked())
        ids = None if scope == ALL else tuple(
            self.filtered_ids() if scope == FILTERED else self.selected_ids())
        options = ExportOptions(
            status=tuple(s for s, box in self.statuses.items() if box.isChecked()),
            annotator=self.annotator.currentData(),
            include_suggestions=self.suggestions.isChecked(), force=force,
            extra={SPREADSHEET_SAFE: self.spreadsheet_safe.isChecked()} if self._is_csv()
            else {})
        return ExportRequest(self.chosen_format.name,
                             Path(self.target.text().strip()).expanduser(), ids, options)

    def start(self) -> None:
        """Export; an existing target is replaced only after the user agrees."""
        if self.task is not None or self.window_.project is None:
            return
        out = Path(self.target.text().strip()).expanduser()
        try:
            check_target(out, True, folder=not self.chosen_format.suffix)
        except FramedeskError as exc:   # a file where a folder goes, a FIFO, a loop...
            self.show_outcome(exc, "", "")
            return
        if out.exists():
            self._ask_replace(out)
            return
        self._run(self.request())

    def _ask_replace(self, out: Path) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Replace?")
        box.setTextFormat(Qt.TextFormat.PlainText)
        what = "folder" if out.is_dir() else "file"
        box.setText(f"{out} already exists. Replace that {what} with this export?")
        replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda clicked: clicked is replace and self._run(
            self.request(force=True)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.replace_box = box
        box.open()

    def _run(self, request: ExportRequest) -> None:
        project = self.window_.project
        if project is None:
            return
        path = project.path
        self.open_folder_button.setVisible(False)
        self.start_task(lambda progress: run_export(path, request, progress),
                        f"Exporting {request.format}",
                        lambda count, error: self._finished(request.out, count or 0, error))
        self._update_buttons()

    def _finished(self, out: Path, count: int, error: BaseException | None) -> None:
        if error is None:
            self.last_out = out
            self.open_folder_button.setVisible(True)
        self.show_outcome(error, summary_sentence(count, out),
                          "Export cancelled; nothing was written.")
        self._update_buttons()

    def folder_to_open(self) -> Path | None:
        """The folder an export went into (the export itself when it is a folder)."""
        if self.last_out is None:
            return None
        return self.last_out if self.last_out.is_dir() else self.last_out.parent

    def open_folder(self) -> None:
        folder = self.folder_to_open()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class WindowExport:
    """File > Export... in the window's File menu, after the import actions."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: ExportDialog | None = None
        self.action = QAction("&Export\u2026", window)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.setStatusTip("JSONL, CSV, spaCy, brat, doccano, Label Studio, HTML report")
        self.action.triggered.connect(lambda _checked=False: self.open_dialog())
        window.addAction(self.action)
        insert_after(window.menus["File"], window.actions_by_name.get("import_folder"),
                     self.action)
        window.actions_by_name["export"] = self.action
        window.project_changed.connect(self._project_changed)
        window.article_list.filter_applied.connect(self._list_changed)
        window.article_list.selection_changed.connect(self._list_changed)
        window.current_article_changed.connect(self._list_changed)
        self._project_changed(window.project)

    def _list_changed(self, *_args: object) -> None:
        if self.dialog is not None and self.dialog.isVisible() and not self.dialog.running:
            self.dialog.refresh_counts()

    def _project_changed(self, project: Project | None) -> None:
        self.action.setEnabled(project is not None)
        if self.dialog is not None and not self.dialog.running:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def open_dialog(self) -> ExportDialog | None:
        if self.window.project is None:
            return None
        if self.dialog is None:
            self.dialog = ExportDialog(self.window)
        elif not self.dialog.running:
            self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog


def insert_after(menu: QWidget, anchor: QAction | None, action: QAction) -> None:
    """Put `action` right after `anchor` in `menu` (at the end when there is no anchor)."""
    actions = menu.actions()
    if anchor is None or anchor not in actions:
        menu.addAction(action)
        return
    index = actions.index(anchor) + 1
    if index < len(actions):
        menu.insertAction(actions[index], action)
    else:
        menu.addAction(action)


def install_export(window: MainWindow) -> WindowExport:
    window.export = WindowExport(window)
    return window.export

