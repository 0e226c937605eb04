"""Starting the window: `framedesk` (last project, or the demo on first run) or
`framedesk PATH.framedesk`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from framedesk import APP_NAME, __version__

HOW_TO_RUN = ("framedesk: no display found. Run it under a virtual display "
              "(xvfb-run -a framedesk ...) or set QT_QPA_PLATFORM=offscreen, "
              "e.g. for `framedesk snapshot`.")


def display_available() -> bool:
    """Would Qt find a screen? (Checked before QApplication, which aborts without one.)"""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="framedesk", description="Open the Framedesk window.")
    parser.add_argument("project", nargs="?", help="a .framedesk project to open")
    return parser.parse_args(argv)


def application():
    """The QApplication (created once, with our names, so QSettings find our file)."""
    from PySide6.QtWidgets import QApplication

    import framedesk.ui  # noqa: F401 - applies the PySide6 guard before any widget

    from framedesk.ui.errors import install_qt_message_filter

    install_qt_message_filter()  # before the app: its start-up messages go to the log too
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def start_window(project: str | Path | None, settings=None):
    """Create and show the main window with a project: the given one, else the last one,
    else the demo (created on first run)."""
    from framedesk.ui.main_window import MainWindow, install_parts
    from framedesk.ui.settings import AppSettings

    settings = settings or AppSettings()
    window = MainWindow(settings)
    install_parts(window)
    window.show()
    if project is not None:
        window.project_actions.open_path(Path(project))
        return window
    last = settings.last_project()
    if last is not None and window.project_actions.open_path(last):
        if last == settings.demo_path.resolve():
            finish_demo(window)
        return window
    demo = settings.demo_path
    if demo.exists() and window.project_actions.open_path(demo):
        finish_demo(window)
        return window
    window.project_actions.create_demo(demo)
    return window


def finish_demo(window) -> None:
    """A demo closed before its entities were found gets them now."""
    project = window.project
    if project is not None and project.articles.count() and not project.entities.count():
        window.project_actions.find_entities(project.articles.ids(),
                                             "Finding entities in the demo articles",
                                             attributions=True)


def run(argv: list[str]) -> int:
    args = parse_args(argv)
    if not display_available():
        print(HOW_TO_RUN, file=sys.stderr)
        return 2
    app = application()
    from framedesk.ui.errors import install_excepthook

    install_excepthook(app.activeWindow)  # escaped errors: a dialog and the log, no traceback
    window = start_window(args.project)
    quit_on_signals(window)
    return app.exec()


def quit_on_signals(window) -> None:
    """Ctrl+C or a TERM signal close the window as Quit would (the project is checkpointed
    and closed), instead of killing Python in the middle of the event loop."""
    import signal

    from PySide6.QtCore import QTimer

    def close(*_args: object) -> None:
        window.close()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, close)
    # Python runs signal handlers between bytecodes: give it some while Qt waits.
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(250)
