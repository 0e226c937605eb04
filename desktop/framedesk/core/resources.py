"""Where the shipped resources (codebooks, gazetteers, icons, styles) are.

Three layouts, checked in order: a PyInstaller bundle (sys._MEIPASS/resources), a source
checkout or editable install (resources/ beside desktop/), and `pip install .`, which puts
them under <prefix>/share/framedesk/resources (pyproject's data-files).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parents[3] / "resources")
    candidates.append(Path(sys.prefix) / "share" / "framedesk" / "resources")
    for path in candidates:
        if (path / "codebooks").is_dir():
            return path
    return candidates[0]


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


@cache
def seeds_dir() -> Path:
    """The sample articles the demo project is made from (same three layouts)."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "seeds")
    candidates.append(Path(__file__).resolve().parents[3] / "seeds")
    candidates.append(Path(sys.prefix) / "share" / "framedesk" / "seeds")
    for path in candidates:
        if any(path.glob("*.txt")):
            return path
    return candidates[0]
