"""The project file: one SQLite database per project (`*.framedesk`)."""

from framedesk.core.store.project import Project, SCHEMA_VERSION

__all__ = ["Project", "SCHEMA_VERSION"]
