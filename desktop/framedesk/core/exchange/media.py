"""Recognising a task that is about an image, a sound or a video rather than a text.

Annotation tools (Prodigy, doccano, Label Studio) share one file format across their task
kinds; a bounding-box or transcription task in a text import is not an article (its "text"
would be a file name), so readers leave it out with a sentence saying why.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

MEDIA_FIELDS = ("image", "audio", "video", "img", "pdf")
MEDIA_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg", ".ico",
    ".mp3", ".wav", ".ogg", ".flac", ".m4a", ".aac", ".opus", ".mp4", ".mov", ".avi",
    ".webm", ".mkv", ".pdf"})
REASON = "an image, audio or video task, not a text; Framedesk imports text tasks only"


def _is_media_name(value: Any) -> bool:
    if not isinstance(value, str) or "\n" in value or len(value) > 2048:
        return False
    return PurePosixPath(value.split("?", 1)[0]).suffix.lower() in MEDIA_SUFFIXES


def media_task(task: dict[str, Any], text_field: str = "text") -> bool:
    """True for a task whose subject is a media file: it has an image/audio/video field
    (or a media `filename`) and no text of its own, or its only "text" is a media file."""
    text = task.get(text_field)
    if _is_media_name(text):
        return True
    if isinstance(text, str) and text.strip():
        return False
    return any(k in task for k in MEDIA_FIELDS) or _is_media_name(task.get("filename"))
