"""The one place that says what time it is, so every annotation is stamped alike (UTC)."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
