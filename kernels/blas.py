"""numpy's BLAS on one thread while netan computes.

OpenBLAS splits a long dot product or matrix-vector product among as many threads as
the machine has cores, and adds the threads' partial sums in a different order for each
thread count, so the same data gave different last digits on different machines (the
continuous core-periphery fit of the national benchmark: 0.039030865407210465 with two
threads, ...485 with one). On one thread the sums are always added in one order, and
netan's own worker processes (:mod:`netan.kernels.parallel`) are what use the cores
(the national fit also took 0.9-2.2 s on two threads against 0.27 s on one).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS limited to one thread for the duration (threadpoolctl), then as it
    was; also a decorator (``@one_blas_thread()``)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
