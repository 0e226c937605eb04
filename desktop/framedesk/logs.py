"""The log file: a rotating file in the user's data folder, beside the backups.

People never see a traceback; when something unexpected happens the window tells them in one
sentence and points here, so a bug report can carry the details.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from framedesk.core.backup import data_home

LOGGER_NAME = "framedesk"
MAX_BYTES = 1_000_000
KEEP_FILES = 3


def log_dir() -> Path:
    """FRAMEDESK_DATA (tests, portable setups), else XDG_DATA_HOME, else ~/.local/share."""
    return data_home() / "framedesk" / "logs"


def log_path() -> Path:
    return log_dir() / "framedesk.log"


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the `framedesk` logger to the rotating file (once per file); returns its path.
    A folder that cannot be written leaves logging off rather than stopping the app."""
    path = log_path()
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    logger.propagate = False   # never Python's last-resort handler on stderr
    for handler in list(logger.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == path:
                return path
            logger.removeHandler(handler)   # the data folder moved (tests, FRAMEDESK_DATA)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=KEEP_FILES, encoding="utf-8", delay=True)
    except OSError:
        return path
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    return path


def logger(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)
