"""The PySide6 GUI. Everything here adapts the core to Qt; no domain logic lives here."""
