"""The core runs without Qt: importing every core module pulls in no PySide6 or ui module."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import framedesk.core


def test_core_imports_no_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(framedesk.core.__path__, "framedesk.core.")]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'framedesk.ui', 'qtawesome')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert len(modules) > 5
