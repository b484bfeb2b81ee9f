"""Python's cyclic garbage collector, paused while millions of small objects are built.

Building a graph, an index or a network makes millions of small dicts and no
reference cycles; every few hundred new containers would otherwise trigger a
collection that walks the ones already made (about 40% of the build time at a
million edges, half of the person network's). This is the one module of netan that
touches :mod:`gc`.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if on) for the duration; also a decorator
    (``@collector_paused()``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def collector_spared() -> Iterator[None]:
    """Keep the collector off every object alive now (``gc.freeze``) for the duration.

    A national graph is millions of dicts that live until the report is written;
    without this the collector walks all of them again and again while the analyses
    allocate. Nested blocks thaw nothing an outer block froze.
    """
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()


def spare_at_exit() -> None:
    """Keep every object alive now out of the collections the interpreter makes as it
    exits (``gc.freeze``): they are not walked one last time, and the memory goes back
    to the system with the process. For a program about to leave, nothing else."""
    gc.freeze()


def collect_now() -> None:
    """Run a full collection now: objects in reference cycles (an engine's handles
    after a failed write, say) are freed, and their open files closed, at once."""
    gc.collect()
