"""Core numbers by peeling, on a CSR adjacency (Batagelj & Zaversnik 2003).

The core number of a node is the largest ``k`` such that it lies in a subgraph
where every node has at least ``k`` neighbours (Seidman 1983). Peeling finds all of
them: at level ``k``, remove every node with at most ``k`` neighbours left, again
and again, giving each the core number ``k``; then raise ``k`` to the smallest
degree left. Here each round removes a whole set of nodes with array operations,
and after the first round of a level only the neighbours of the nodes just removed
are looked at, so the work is ``O(m + n * levels)``. Checked against
``networkx.core_number`` on random graphs (``tests/test_speed_kernels.py``).

Batagelj V, Zaversnik M (2003). An O(m) algorithm for cores decomposition of
networks. arXiv:cs/0310049. Seidman SB (1983). Network structure and minimum
degree. Social Networks 5: 269-287.
"""

from __future__ import annotations

import numpy as np


def _neighbours(indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The column indices of ``rows`` of a CSR matrix, concatenated."""
    starts, ends = indptr[rows], indptr[rows + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=indices.dtype)
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return indices[offsets + np.arange(total)]


def core_numbers(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """The core number of every node of a symmetric 0/1 adjacency without self-loops
    (CSR ``indptr``, ``indices``; each tie listed from both ends, once)."""
    n = len(indptr) - 1
    degree = np.diff(indptr).astype(np.int64)
    core = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    left = n
    k = 0
    while left:
        peel = np.flatnonzero(alive & (degree <= k))
        if peel.size == 0:
            k = int(degree[alive].min())
            continue
        while peel.size:
            core[peel] = k
            alive[peel] = False
            left -= peel.size
            touched = _neighbours(indptr, indices, peel)
            np.subtract.at(degree, touched, 1)
            touched = np.unique(touched)
            peel = touched[alive[touched] & (degree[touched] <= k)]
    return core
