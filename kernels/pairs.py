"""Tied pairs as arrays: sparse products and the bookkeeping of the derived networks.

The derived networks of :mod:`netan.queries.networks` tie every pair of people who
share a group, and every pair of agencies whose staff are tied. Written as loops over
pairs (their definitions), a national partnership means tens of millions of Python
steps; here the same pairs are produced as integer arrays, in the order the loops
would produce them, so the networks built from them are identical, edge by edge and
in adjacency order (``tests/test_speed_paths.py`` checks it on random partnerships).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from .records import TieRecords


def read_only(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The arrays, marked read-only (they are shared once kept with a graph)."""
    for array in arrays:
        array.setflags(write=False)
    return arrays


def shared_columns(rows: Sequence[int], cols: Sequence[int], n_rows: int, n_cols: int
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of rows ``i < j`` of a 0/1 matrix ``B`` that share a column, and how many.

    ``B`` has a 1 at each ``(rows[k], cols[k])`` (each given once). One
    sparse product ``B @ B.T`` counts the shared columns of every pair; its upper
    triangle is read row by row, so the pairs come sorted by ``(i, j)``. Returns
    ``(i, j, count)`` with ``count > 0``.
    """
    present = sp.csr_matrix((np.ones(len(rows), np.int64), (rows, cols)),
                            shape=(n_rows, n_cols))
    shared = sp.triu(present @ present.T, k=1, format="csr")
    shared.sum_duplicates()
    shared.sort_indices()
    i = np.repeat(np.arange(n_rows), np.diff(shared.indptr))
    j, count = shared.indices, np.asarray(shared.data, np.int64)
    keep = count > 0
    return i[keep], j[keep], count[keep]


def ties_summed(a: np.ndarray, b: np.ndarray, weight: np.ndarray, layer: np.ndarray,
                n: int, layers: tuple[str, str], names: list[Any] | None = None,
                records: TieRecords | None = None
                ) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    """Rows ``(a, b, weight, layer)`` summed per pair, in order of each pair's first row.

    ``layer`` is 0 or 1, indexing ``layers``. Yields ``(a, b, {"weight", "layer_weights",
    "layers"})`` -- ``layer_weights`` keyed in the order the pair's layers first occur,
    ``layers`` sorted -- exactly what adding the rows one by one to a networkx graph
    would leave (``a`` and ``b`` as ``names[a]``, ``names[b]`` when ``names`` are given).
    The records are read-only and shared by the pairs with equal values (``records``:
    the network's :class:`~netan.kernels.records.TieRecords`, new when not given).
    """
    if len(a) == 0:
        return
    key = a * n + b
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    pairs = len(first)
    total = np.bincount(inverse, weights=weight, minlength=pairs)
    by_layer = []
    for code in range(len(layers)):
        rows = np.flatnonzero(layer == code)
        seen = np.full(pairs, len(key), np.int64)
        in_layer, earliest = np.unique(inverse[rows], return_index=True)
        seen[in_layer] = rows[earliest]  # each pair's first row in this layer
        by_layer.append((np.bincount(inverse[rows], weights=weight[rows], minlength=pairs),
                         seen))
    first_w, first_seen = by_layer[0]
    second_w, second_seen = by_layer[1]
    none = len(key)
    order = np.argsort(first, kind="stable")
    rows = first[order]
    has_first = (first_seen[order] != none).tolist()
    has_second = (second_seen[order] != none).tolist()
    first_leads = (first_seen[order] < second_seen[order]).tolist()
    us, vs = a[rows], b[rows]
    if names is not None:
        lookup = np.empty(len(names), dtype=object)
        lookup[:] = names
        us, vs = lookup[us], lookup[vs]
    one, two = layers
    records = TieRecords() if records is None else records
    made: dict[tuple[int, int, int, bool, bool, bool], dict[str, Any]] = {}
    for u, v, w, w1, w2, h1, h2, lead in zip(
            us.tolist(), vs.tolist(), total[order].astype(np.int64).tolist(),
            first_w[order].astype(np.int64).tolist(), second_w[order].astype(np.int64).tolist(),
            has_first, has_second, first_leads, strict=True):
        key = (w, w1, w2, h1, h2, lead)
        record = made.get(key)
        if record is None:
            if h1 and h2:  # both layers: keys in order of first occurrence
                layer_weights = {one: w1, two: w2} if lead else {two: w2, one: w1}
            else:
                layer_weights = {one: w1} if h1 else {two: w2}
            record = made[key] = records.tie(w, layer_weights)
        yield u, v, record


def cross_pairs(a: np.ndarray, b: np.ndarray, start: np.ndarray, count: np.ndarray,
                flat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each pair ``(a[p], b[p])``, every pair of their items ``x != y``, once.

    Item lists are slices of ``flat``: node ``i`` has ``flat[start[i]:start[i] + count[i]]``.
    Returns ``(pair, low, high)`` -- the index ``p``, then ``min(x, y)``, ``max(x, y)`` --
    sorted by ``(p, low, high)``, without repeats within one pair.
    """
    na, nb = count[a], count[b]
    pair = np.repeat(np.arange(len(a)), na * nb)
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(na * nb) - na * nb, na * nb)
    x = flat[start[a[pair]] + offset // nb[pair]]
    y = flat[start[b[pair]] + offset % nb[pair]]
    keep = x != y
    pair, x, y = pair[keep], x[keep], y[keep]
    low, high = np.minimum(x, y), np.maximum(x, y)
    order = np.lexsort((high, low, pair))
    pair, low, high = pair[order], low[order], high[order]
    new = np.ones(len(pair), bool)
    new[1:] = (pair[1:] != pair[:-1]) | (low[1:] != low[:-1]) | (high[1:] != high[:-1])
    return pair[new], low[new], high[new]


def distinct_pairs(u: np.ndarray, v: np.ndarray, n: int, symmetric: bool
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct unordered pairs ``(low, high)``, ``low < high``, among entries ``(u, v)``
    of ``n`` nodes; self-pairs dropped. ``symmetric``: every pair is listed both ways
    and at most once each way (an undirected adjacency), so ``u < v`` picks them."""
    if symmetric:
        keep = u < v
        return u[keep], v[keep]
    low, high = np.minimum(u, v), np.maximum(u, v)
    pair = np.unique((low * n + high)[low < high])
    return pair // n, pair % n


def blocks(columns: list[list[Any]]) -> tuple[np.ndarray, list[int]]:
    """Rows grouped into blocks by their values in ``columns`` (one list per column).

    Returns each row's block number -- blocks numbered in order of first appearance --
    and, per block, the row where it first appears.
    """
    size = len(columns[0]) if columns else 0
    combined = np.zeros(size, dtype=np.int64)  # one number per distinct key
    for column in columns:
        number = {value: i for i, value in enumerate(dict.fromkeys(column))}
        combined = combined * len(number) + np.fromiter(
            map(number.__getitem__, column), dtype=np.int64, count=len(column))
    _, first, block = np.unique(combined, return_index=True, return_inverse=True)
    by_appearance = np.argsort(first)
    rank = np.empty_like(by_appearance)
    rank[by_appearance] = np.arange(len(by_appearance))
    return rank[block.reshape(-1)], first[by_appearance].tolist()


def pairs_between_blocks(block: np.ndarray, u: np.ndarray, v: np.ndarray, k: int
                         ) -> dict[tuple[int, int], int]:
    """``{(i, j): n}`` (``i <= j``, non-zero only): the pairs ``(u, v)`` with one end in
    block ``i`` and the other in block ``j`` (of ``k`` blocks)."""
    a, b = block[u], block[v]
    cell = np.minimum(a, b) * k + np.maximum(a, b)
    if k * k <= 4 * len(cell) + 1024:
        counts = np.bincount(cell, minlength=k * k)
        cells = np.flatnonzero(counts)
        counts = counts[cells]
    else:  # many blocks: count only the cells that occur
        cells, counts = np.unique(cell, return_counts=True)
    return {divmod(c, k): n for c, n in zip(cells.tolist(), counts.tolist(), strict=True)}
