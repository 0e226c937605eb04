"""The project file: one SQLite database per project (`*.framedesk`)."""

import sys as _sys

if "sqlite_utils" not in _sys.modules and "pandas" not in _sys.modules:
    # sqlite-utils imports pandas when it is installed, only to convert pandas values on
    # insert, which Framedesk never passes: 0.3 s of every command's start. Hidden for that
    # one import; `import pandas` works as usual afterwards.
    _sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del _sys.modules["pandas"]

from framedesk.core.store.project import Project, SCHEMA_VERSION  # noqa: E402

__all__ = ["Project", "SCHEMA_VERSION"]
