"""The PySide6 GUI. Everything here adapts the core to Qt; no domain logic lives here."""

from framedesk.ui.pyside_fix import guard_none_refcount

# Before any widget exists: see pyside_fix for the PySide6 6.12 bug this guards against.
guard_none_refcount()
