"""Small dialogs; every text from a file or the project is shown as plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from framedesk.core.importing import ImportSummary
from framedesk.messages import describe

KEYBOARD_SHEET = """\
J / K, Alt+Down / Alt+Up     next / previous article
Ctrl+F                       search the project
Ctrl+Shift+F                 find in this article (Enter: next, Esc: close)
Ctrl+I / Ctrl+Shift+I        import files / a folder (or drop them on the window)
Ctrl+N / Ctrl+O / Ctrl+W     new / open / close a project
Ctrl+Enter                   mark done and open the next article to do
1-9, 0, Q W E R T            frame code (with a selection: a frame cue)
Shift + frame key            make that frame the primary frame
A S D F G                    tone
Tab / Shift+Tab              next / previous suggestion or annotation
Enter / Delete               accept / reject the selected suggestion
N                            new attribution from the selected text
M                            edit the memo
Ctrl+Z / Ctrl+Shift+Z        undo / redo
?                            this sheet"""


def plain_message(parent: QWidget | None, title: str, text: str, details: str = "",
                  icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
    """A non-blocking message box whose texts are never read as HTML."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def error_message(parent: QWidget | None, title: str, error: BaseException) -> QMessageBox:
    return plain_message(parent, title, describe(error), icon=QMessageBox.Icon.Warning)


def import_summary_text(summary: ImportSummary) -> tuple[str, str]:
    """(one paragraph, details) for the end of an import."""
    parts = [f"Imported {summary.imported:,} article{'s' if summary.imported != 1 else ''}"
             f" from {summary.files:,} file{'s' if summary.files != 1 else ''}."]
    if summary.duplicates:
        parts.append(f"{summary.duplicates:,} already in the project (not added again).")
    if summary.skipped:
        parts.append(f"{len(summary.skipped):,} records left out on purpose.")
    if summary.failed:
        parts.append(f"{len(summary.failed):,} could not be imported (see details).")
    if summary.mentions:
        parts.append(f"{summary.mentions:,} entity mentions found.")
    if summary.entity_error is not None:
        parts.append(f"Entities were not computed: {describe(summary.entity_error)}")
    if summary.suggestions:
        parts.append(f"{summary.suggestions:,} attributions suggested (Tab through them in "
                     f"the reader).")
    if summary.suggestion_error is not None:
        parts.append(f"Attributions were not suggested: {describe(summary.suggestion_error)}")
    if summary.cancelled:
        parts.append("Cancelled: the articles read before that are kept.")
    details = "\n".join(describe(f.error) for f in summary.failed[:500])
    if len(summary.failed) > 500:
        details += f"\n... and {len(summary.failed) - 500:,} more."
    return " ".join(parts), details
