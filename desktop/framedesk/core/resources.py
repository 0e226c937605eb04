"""Where the shipped resources (codebooks, gazetteers, icons, styles) and the sample articles are.

Three layouts, checked in order: a PyInstaller bundle (sys._MEIPASS/<name>), a source
checkout or editable install (<name>/ beside desktop/), and `pip install .`, which puts them
under <prefix>/share/framedesk/ (pyproject's data-files).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path


def _locate(name: str, found: Callable[[Path], bool]) -> Path:
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / name)
    candidates.append(Path(__file__).resolve().parents[3] / name)
    candidates.append(Path(sys.prefix) / "share" / "framedesk" / name)
    return next((path for path in candidates if found(path)), candidates[0])


@cache
def resources_dir() -> Path:
    return _locate("resources", lambda path: (path / "codebooks").is_dir())


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


@cache
def seeds_dir() -> Path:
    """The sample articles the demo project is made from."""
    return _locate("seeds", lambda path: any(path.glob("*.txt")))
