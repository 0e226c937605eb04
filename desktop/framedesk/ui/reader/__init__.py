"""The article reader and the layers other panels draw into it."""

from framedesk.ui.reader.highlighter import Hit, ReaderSpan
from framedesk.ui.reader.styles import SpanStyle, StyleRegistry
from framedesk.ui.reader.view import LAYER_Z, ReaderWidget

__all__ = ["Hit", "LAYER_Z", "ReaderSpan", "ReaderWidget", "SpanStyle", "StyleRegistry"]
