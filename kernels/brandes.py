"""Brandes' betweenness, batched: shortest-path counts and dependencies as sparse products.

Brandes (2001) computes, for each source ``s``, the number of shortest paths
``sigma_s(v)`` by a breadth-first search and then the dependencies
``delta_s(v) = sum over children w of sigma_s(v) / sigma_s(w) (1 + delta_s(w))``
back up the search; betweenness is their sum over the sources. Here many sources are
searched at once, one column each: every level of the search is one sparse-matrix by
dense-matrix product (the linear-algebra formulation of Kepner & Gilbert 2011, ch. 6),
restricted to the rows that can change at that level. On the synthetic person networks
this is 2.5-4x faster than python-igraph's exact betweenness and 80-140x faster than
networkx (``benchmarks/RESULTS.md``).

:func:`netan.queries.centrality.betweenness` states the measure and calls
:func:`dependency_sums`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from . import parallel

__all__ = ["PARALLEL_WORK", "dependency_sums", "pattern"]

#: Least work (sources times the matrix's stored entries and nodes) for which
#: :func:`dependency_sums` shares the sources out among worker processes: below it
#: starting them costs more than it saves (``benchmarks/bench_workers.py``).
PARALLEL_WORK = 10**8

# Working-memory budget (bytes) for one batch of the batched Brandes algorithm.
_BATCH_BYTES = 256 * 2**20
# Most sources in one batch of the batched Brandes algorithm (a batch's dependencies
# are summed together; searched in chunks of columns, see _CHUNK_BYTES).
_BATCH_SOURCES = 16

# Sources are searched in chunks of columns whose n-by-b arrays take about this
# many bytes (at most _MAX_CHUNK_SOURCES columns): fewer columns keep the union of
# the sources' frontiers small and the products in cache, more amortise the calls.
_CHUNK_BYTES = 3 * 2**20
_MAX_CHUNK_SOURCES = 32
# Row sets larger than this share of the rows are handled as whole arrays (cheaper
# than gathering and scattering the rows by index, and the full product cheaper
# than slicing the matrix); the per-level bookkeeping is masked, so it is exact.
_WHOLE_SHARE = 0.5
# A restricted product (push or pull) is used when it touches at most this share
# of the stored entries: slicing the matrix costs about as much as the product.
_RESTRICT_SHARE = 0.7
# A frontier is small when its ties are fewer than 1/_SMALL_FRONTIER of the n-by-b
# entries of a chunk: its step then keeps to the rows it reaches.
_SMALL_FRONTIER = 16


def pattern(n: int, u: np.ndarray, v: np.ndarray, symmetric: bool) -> sp.csr_array:
    """0/1 adjacency matrix (CSR, canonical), symmetrised when ``symmetric``."""
    if symmetric:
        u, v = np.concatenate([u, v]), np.concatenate([v, u])
    a = sp.csr_array((np.ones(len(u)), (u, v)), shape=(n, n))
    a.sum_duplicates()
    a.data[:] = 1.0
    return a



def _any_per_row(values: np.ndarray) -> np.ndarray:
    """Which rows of an n-by-b array of non-negative floats hold a non-zero entry
    (a matrix-vector product: much faster than ``any(axis=1)`` over short rows)."""
    return values @ np.ones(values.shape[1]) != 0


def _compact(a: sp.csr_array) -> sp.csr_array:
    """``a`` with 32-bit indices when they fit (less memory traffic per product)."""
    if a.nnz >= 2**31 - 1 or a.indices.dtype == np.int32:
        return a
    return sp.csr_array(
        (a.data, a.indices.astype(np.int32), a.indptr.astype(np.int32)), shape=a.shape)


def _spread(
    a: sp.csr_array, a_t: sp.csr_array, degrees: tuple[np.ndarray, np.ndarray],
    x: np.ndarray, src_rows: np.ndarray | None, dst_rows: np.ndarray | None,
) -> np.ndarray:
    """Rows ``dst_rows`` (None: all) of ``a_t @ x`` (n-by-b), where only rows
    ``src_rows`` (None: any) of ``x`` are non-zero.

    ``a_t`` is the transpose of ``a`` and ``degrees`` their stored entries per row.
    Of the three ways -- the whole product, "push" (only the columns of ``a_t``
    for ``src_rows``, i.e. rows of ``a``) and "pull" (only the rows of ``a_t`` for
    ``dst_rows``) -- the cheapest is used (direction-optimising BFS, Beamer et al.
    2012). Each way adds an entry's terms in the same (ascending) order, so all
    three give identical floats.
    """
    full = a.nnz
    push = full if src_rows is None else int(degrees[0][src_rows].sum())
    pull = full if dst_rows is None else int(degrees[1][dst_rows].sum())
    if min(push, pull) > _RESTRICT_SHARE * full:
        y = a_t @ x
    elif push <= pull:
        y = a[src_rows].T @ x[src_rows]
    else:
        return a_t[dst_rows] @ x
    return y if dst_rows is None else y[dst_rows]


@dataclass
class _Depth:
    """The entries at one BFS depth of a batch: ``mask`` (1.0 at such an entry,
    else 0.0) over rows ``rows`` (the rows holding one), or over all rows when
    ``rows`` is None."""

    rows: np.ndarray | None
    mask: np.ndarray


def _depth(n: int, rows: np.ndarray | None, mask: np.ndarray, hit: np.ndarray) -> _Depth:
    """A :class:`_Depth` of ``mask`` (over ``rows``; None: all), kept over all rows
    when most rows hold an entry and otherwise narrowed to those that do."""
    active = np.flatnonzero(hit) if rows is None else rows[hit]
    if len(active) > _WHOLE_SHARE * n:
        if rows is None:
            return _Depth(None, mask)
        whole = np.zeros((n, mask.shape[1]))
        whole[rows] = mask
        return _Depth(None, whole)
    return _Depth(active, mask[hit])


def _reached_rows(
    adj: sp.csr_array, adj_t: sp.csr_array, degrees: tuple[np.ndarray, np.ndarray],
    frontier: np.ndarray, src_rows: np.ndarray | None, open_rows: np.ndarray,
) -> tuple[np.ndarray | None, np.ndarray]:
    """One BFS step: rows ``rows`` (None: all) of ``adj_t @ frontier`` covering every
    open row (one holding an entry not yet reached) that the frontier reaches.

    A small frontier (rows ``src_rows``) is pushed along its ties and only the rows
    it reaches are returned; otherwise the open rows, or all rows when they are
    most of them (:func:`_spread` picks the product).
    """
    n = adj.shape[0]
    if src_rows is not None and len(src_rows) * _SMALL_FRONTIER < n:
        ties = adj[src_rows]
        if ties.nnz * _SMALL_FRONTIER < n * frontier.shape[1]:
            reached = np.zeros(n, dtype=bool)
            reached[ties.indices] = True
            rows = np.flatnonzero(reached)
            return rows, (ties.T @ frontier[src_rows])[rows]
    rows = None if len(open_rows) > _WHOLE_SHARE * n else open_rows
    return rows, _spread(adj, adj_t, degrees, frontier, src_rows, rows)


def _forward(
    adj: sp.csr_array, adj_t: sp.csr_array, degrees: tuple[np.ndarray, np.ndarray],
    src: np.ndarray,
) -> tuple[np.ndarray, list[_Depth]]:
    """Breadth-first search from each of ``src`` at once (one column per source).

    Returns ``sigma`` (n-by-b shortest-path counts, 0 where unreached) and the
    entries at each depth. Each level is one sparse-by-dense product of the
    frontier (``sigma`` at the entries of the current depth), masked by the
    entries not yet reached (``unseen``, 1.0 or 0.0).
    """
    n, b = adj.shape[0], len(src)
    cols = np.arange(b)
    sigma = np.zeros((n, b))
    sigma[src, cols] = 1.0
    unseen = np.ones((n, b))
    unseen[src, cols] = 0.0
    open_count = unseen @ np.ones(b)  # entries not yet reached, per row
    first = np.unique(src)
    mask = np.zeros((len(first), b))
    mask[np.searchsorted(first, src), cols] = 1.0
    depths = [_Depth(first, mask)]
    frontier = sigma.copy()
    while True:
        open_rows = np.flatnonzero(open_count)
        if len(open_rows) == 0:
            break
        rows, reach = _reached_rows(adj, adj_t, degrees, frontier, depths[-1].rows, open_rows)
        fresh = unseen if rows is None else unseen[rows]
        reach *= fresh
        hit = _any_per_row(reach)
        if not hit.any():
            break
        mask = np.sign(reach)
        fresh -= mask
        if rows is None:
            sigma += reach
            frontier = reach
            open_count = fresh @ np.ones(b)
        else:
            unseen[rows] = fresh
            sigma[rows] += reach
            frontier = np.zeros((n, b))
            frontier[rows] = reach
            open_count[rows] = fresh @ np.ones(b)
        depths.append(_depth(n, rows, mask, hit))
    return sigma, depths


def _backward(
    adj: sp.csr_array, adj_t: sp.csr_array, degrees: tuple[np.ndarray, np.ndarray],
    sigma: np.ndarray, depths: list[_Depth],
) -> np.ndarray:
    """Brandes' dependencies delta_s(v) (n-by-b) from a :func:`_forward` search.

    Dependencies flow from depth d to depth d - 1 (the sources, depth 0, get none):
    ``delta[u] = sigma[u] * sum over children v of (1 + delta[v]) / sigma[v]``,
    one sparse-by-dense product per depth.
    """
    n, b = sigma.shape
    delta = np.zeros((n, b))
    # sigma with the unreached entries (0) set to 1, to divide by; sigma >= 1 elsewhere
    divisor = np.maximum(sigma, 1.0)
    back = (degrees[1], degrees[0])
    for d in range(len(depths) - 1, 1, -1):
        at, up = depths[d], depths[d - 1]
        # w = (1 + delta) / sigma at the entries of depth d, 0 elsewhere
        if at.rows is None:
            w = delta + 1.0
            w *= at.mask
            w /= divisor
        else:
            w_at = delta[at.rows] + 1.0
            w_at *= at.mask
            w_at /= divisor[at.rows]
            w = np.zeros((n, b))
            w[at.rows] = w_at
        z = _spread(adj_t, adj, back, w, at.rows, up.rows)
        # delta = sigma * z at the entries of depth d - 1 (0 until now), unchanged elsewhere
        if up.rows is None:
            z *= sigma
            z *= up.mask
            delta += z
        else:
            z *= sigma[up.rows]
            z *= up.mask
            delta[up.rows] += z
    return delta


def dependency_sums(
    adj: sp.csr_array, adj_t: sp.csr_array, sources: np.ndarray, workers: int | None = None,
) -> np.ndarray:
    """Sum over ``sources`` of Brandes' dependencies delta_s(v), endpoints excluded.

    ``adj[u, v] = 1`` for a tie u -> v (symmetric for undirected graphs). Sources
    are processed in batches, one column per source and each batch searched in
    chunks: each BFS level is one sparse-matrix by dense-matrix product, forward
    (path counts sigma, :func:`_forward`) and backward (dependencies,
    :func:`_backward`), as in the linear-algebra formulation of Brandes'
    algorithm (Kepner & Gilbert 2011, ch. 6), restricted to the rows that can
    change at that level. A batch's dependencies are summed together, and the
    batches' sums are added in the order of the sources.

    The sources' searches are independent: with ``workers`` processes (default
    :func:`~netan.kernels.parallel.usable_workers`: every usable core, or
    ``NETAN_WORKERS``) they are shared out by :func:`~netan.kernels.parallel.ordered_map`
    when the work (sources times stored entries and nodes) is at least
    :data:`PARALLEL_WORK`. The batches' sums are still added in the same order,
    so the result is the same floats with any number of workers.
    """
    n = adj.shape[0]
    bc = np.zeros(n)
    if n == 0 or len(sources) == 0:
        return bc
    search = _Search(adj, adj_t, len(sources))
    units = [sources[start : start + search.step]
             for start in range(0, len(sources), search.step)]
    if len(sources) * (adj.nnz + n) < PARALLEL_WORK:
        workers = 1
    elif workers is None:
        workers = parallel.usable_workers()
    for sums in parallel.ordered_map(search.batch_sums, units, workers, "betweenness"):
        for row in sums:
            bc += row
    return bc


class _Search:
    """The searches of :func:`dependency_sums` over one matrix: its batch and chunk
    sizes (for ``count`` sources), the compacted matrices and their degrees."""

    def __init__(self, adj: sp.csr_array, adj_t: sp.csr_array, count: int) -> None:
        n = adj.shape[0]
        self.n = n
        self.batch = int(max(1, min(count, _BATCH_SOURCES, _BATCH_BYTES // (n * 8 * 6))))
        chunk = int(max(1, min(_MAX_CHUNK_SOURCES, _CHUNK_BYTES // (n * 8))))
        # whole batches per chunk, or chunks within a batch
        self.chunk = chunk - chunk % self.batch if chunk >= self.batch else chunk
        self.step = max(self.batch, self.chunk)
        compact = _compact(adj)
        self.adj = compact
        self.adj_t = compact if adj_t is adj else _compact(adj_t)
        self.degrees = (np.diff(self.adj.indptr), np.diff(self.adj_t.indptr))

    def batch_sums(self, src: np.ndarray) -> np.ndarray:
        """The summed dependencies of each batch of ``src`` (at most :attr:`step`
        sources), one row per batch, in order."""
        n, batch, chunk = self.n, self.batch, self.chunk
        delta = np.empty((n, len(src)))
        for first in range(0, len(src), chunk):
            part = src[first : first + chunk]
            sigma, depths = _forward(self.adj, self.adj_t, self.degrees, part)
            delta[:, first : first + len(part)] = _backward(
                self.adj, self.adj_t, self.degrees, sigma, depths)
        return np.array([np.ascontiguousarray(delta[:, first : first + batch]).sum(axis=1)
                         for first in range(0, len(src), batch)])
