"""Pausing Python's cycle collector around bulk work that makes many small acyclic objects.

Such work (an export, loading a colleague's file) allocates millions of dicts, tuples and
lists and frees nearly all of them by reference counting. The cycle collector still runs
its passes, and once enough objects survive a chunk it re-scans the whole heap: in a big
process (the GUI, with spaCy loaded) those passes can cost a fifth of the work. Paused for
its duration; resumed only if it was running before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
