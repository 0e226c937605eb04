"""Framedesk: a desktop annotation tool for media analysts."""

__version__ = "0.1.0"
APP_NAME = "Framedesk"
