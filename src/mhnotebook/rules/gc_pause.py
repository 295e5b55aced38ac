"""Pausing Python's cycle collector while many small acyclic objects pile up.

Used by the parity engine (a large plan) and the 835 reader (a large file). A 10,000-comparison plan allocates some 100,000 small container objects (models, rows, tuples,
results) that form no reference cycles, so nothing is garbage until the whole plan is. The cycle
collector still runs every few hundred allocations and, as the plan grows, re-walks everything
alive: measured, it was about a third of the time to load and evaluate such a plan. Plain
reference counting frees everything as usual while the collector sleeps; it is switched back on
when the block ends, error or not, and only if it was on before (so nested pauses are harmless).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off, restoring its previous state afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
