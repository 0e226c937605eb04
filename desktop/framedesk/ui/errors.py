"""Errors that escape anyway: one sentence in a dialog, the details in the log file.

Bad input is handled where it happens (the core raises typed errors, the window words them
with framedesk.messages). What is left - a bug, or a core error raised inside a slot that
nobody caught - reaches sys.excepthook; instead of a traceback on a terminal the analyst may
not even have, they get a dialog saying what happened and where the log file is.

Qt's own messages go to the log too; the offscreen platform's harmless
"This plugin does not support propagateSizeHints()" is dropped.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from framedesk.core.errors import FramedeskError
from framedesk.logs import log_path, logger, setup_logging
from framedesk.messages import describe
from framedesk.ui.dialogs import plain_message

HARMLESS_QT_MESSAGES = (
    "This plugin does not support propagateSizeHints()",
)
# Worth keeping in the log, not worth a line on the terminal.
LOG_ONLY_QT_MESSAGES = (
    "Detected locale",
)
MAX_DETAIL = 200


def unexpected_sentence(error: BaseException, log_file: Path) -> str:
    """What the dialog says: what happened, that the work is safe, where the details are."""
    if isinstance(error, FramedeskError):
        return f"{describe(error)} (Details are in the log file {log_file}.)"
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if len(detail) > MAX_DETAIL:
        detail = detail[:MAX_DETAIL] + "..."
    what = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return (f"Something unexpected went wrong inside Framedesk ({what}). Every change you "
            f"made before it is saved in the project file. The details are in the log file "
            f"{log_file}; please attach it to a bug report.")


class ErrorReporter:
    """Logs an escaped exception and shows one dialog for it (never a storm of them)."""

    def __init__(self, parent: Callable[[], QWidget | None] | None = None) -> None:
        self.parent = parent or (lambda: None)
        self.log_file = setup_logging()
        self.dialog: QMessageBox | None = None
        self.shown = 0
        self.suppressed = 0

    def report(self, error: BaseException, tb: TracebackType | None = None) -> QMessageBox | None:
        text = "".join(traceback.format_exception(type(error), error, tb))
        logger("errors").error("unexpected error\n%s", text.rstrip())
        if QApplication.instance() is None:
            print(f"framedesk: {unexpected_sentence(error, self.log_file)}", file=sys.stderr)
            return None
        if self.dialog is not None and self.dialog.isVisible():
            self.suppressed += 1  # the same fault repeating in a paint or timer: logged only
            return None
        self.dialog = plain_message(self.parent(), "Framedesk: something went wrong",
                                    unexpected_sentence(error, self.log_file),
                                    icon=QMessageBox.Icon.Warning)
        self.shown += 1
        return self.dialog

    def excepthook(self, exc_type: type[BaseException], error: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, error, tb)
            return
        try:
            self.report(error, tb)
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            sys.__excepthook__(exc_type, error, tb)


def install_excepthook(parent: Callable[[], QWidget | None] | None = None) -> ErrorReporter:
    """Route escaped exceptions to a dialog for the running app (not used under pytest,
    whose Qt plugin watches sys.excepthook itself)."""
    reporter = ErrorReporter(parent)
    sys.excepthook = reporter.excepthook
    return reporter


_previous_handler: Callable | None = None
_installed = False


def qt_message(mode: QtMsgType, context: object, message: str) -> None:
    """Qt's messages: harmless ones dropped, warnings logged, the rest as Qt would."""
    if any(h in message for h in HARMLESS_QT_MESSAGES):
        return
    if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        logger("qt").warning("%s", message)
    if any(message.startswith(m) for m in LOG_ONLY_QT_MESSAGES):
        return
    if _previous_handler is not None:
        _previous_handler(mode, context, message)
    elif mode != QtMsgType.QtDebugMsg:
        print(message, file=sys.stderr)


def install_qt_message_filter() -> None:
    """Once per process; chains to a handler installed before (pytest-qt's in tests)."""
    global _previous_handler, _installed
    if _installed:
        return
    setup_logging()
    _previous_handler = qInstallMessageHandler(qt_message)
    _installed = True


__all__ = ["ErrorReporter", "install_excepthook", "install_qt_message_filter",
           "unexpected_sentence", "log_path"]
