"""A guard against a reference-counting bug of PySide6 6.12.0 on Python 3.11.

Measured here: every call of a Qt method that returns nothing (QLabel.setText,
QObject.setObjectName, QSyntaxHighlighter.setFormat, ...) releases one reference to None that
it never took. None starts with about 5,000 references, so after a few seconds of real use
its count reaches zero and the interpreter aborts ("none_dealloc: deallocating None").
Python 3.12 made None immortal, which hides the bug there.

The guard probes for the bug and, only if it is present, gives None a very large number of
extra references (it is never freed anyway, so the count is only a number). Drop this module
once PySide6 is fixed: the probe then finds nothing and the guard does nothing.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 60   # a million void calls a second would need ~36,000 years to use it up
PROBE_CALLS = 64
_applied = False


def void_call_drops_none() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - PROBE_CALLS // 2


def emit_drops_true() -> bool:
    """The same bug in `signal.emit()`: it returns True without taking a reference, so
    every emit from Python releases one reference to True (which starts with only a few
    hundred). Probed with a few calls only, for that reason."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) < before - 4


def guard_none_refcount() -> bool:
    """Apply the guard once if the bug is present; returns whether it was applied."""
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return _applied
    if void_call_drops_none():
        refcount = ctypes.c_ssize_t.from_address(id(None))
        refcount.value += HEADROOM
        _applied = True
    if emit_drops_true():
        refcount = ctypes.c_ssize_t.from_address(id(True))
        refcount.value += HEADROOM
        _applied = True
    return _applied
