"""Checks every imported record passes before it reaches SQLite, whatever reader made it.

A reader (JSONL, CSV, a peer format) hands over what the file said; a field of the wrong
JSON type (an outlet given as a list, a text given as a number) or a lone surrogate
("\\ud800", which SQLite cannot store as UTF-8) would otherwise fail the whole batch with a
binding error that seems to blame the project. Here it fails only its own record, with a
sentence saying which field and what to do.
"""

from __future__ import annotations

import json
from typing import Any

from framedesk.core.model import ArticleDraft

# Fields stored as text columns; None means "not given".
TEXT_FIELDS = ("title", "raw", "outlet", "url", "author", "published", "language",
               "source_file", "status")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def draft_problem(draft: ArticleDraft) -> str | None:
    """Why `draft` cannot be stored (one phrase), or None when it can."""
    if not isinstance(draft.text, str):
        return (f"its text is {_kind(draft.text)}, not text; give the article's text as a "
                "string")
    if has_lone_surrogate(draft.text):
        return ("its text has a character that is not valid Unicode (a lone surrogate such "
                "as \\ud800); remove it from the file")
    for name in TEXT_FIELDS:
        value = getattr(draft, name)
        if value is None:
            continue
        if not isinstance(value, str):
            return f"its {name} is {_kind(value)}, not text; give it as a string or leave it out"
        if has_lone_surrogate(value):
            return (f"its {name} has a character that is not valid Unicode (a lone surrogate); "
                    "remove it from the file")
    if not isinstance(draft.extra, dict):
        return "its extra fields are not an object"
    try:
        json.dumps(draft.extra, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError):
        return ("one of its extra fields (meta) cannot be stored (a lone surrogate or a "
                "value that is not JSON); fix that field in the file")
    return None


def clean_annotation_text(value: Any) -> str | None:
    """An optional text attribute of an imported annotation (codebook, note, quote type...):
    the string, or None when it is missing or not storable text."""
    if isinstance(value, str) and not has_lone_surrogate(value):
        return value
    return None


def bad_annotation_text(value: Any) -> bool:
    """Given, but not storable as text (a list, an object, a number, a lone surrogate)."""
    return value is not None and clean_annotation_text(value) is None
