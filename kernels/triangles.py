"""Triangles of a sparse symmetric matrix, each found once, and sums over them.

Burt's constraint and effective size need, for every tie ``i - j``, a sum over the
common neighbours ``q`` of ``i`` and ``j``: ``(m F m)`` restricted to the ties. Taken as
a sparse product that is every two-path of the network (about 50 million nationally);
here each triangle is found once, from its lowest-ranked node with nodes ranked by
degree (the forward algorithm of Schank & Wagner 2005), and adds to its three ties.
Gould-Fernandez brokerage subtracts closed two-paths the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import scipy.sparse as sp

__all__ = ["common_neighbour_sums", "ranked_ties", "triangle_blocks"]

# Work budget (wedges, i.e. pairs of ties) for one block of the triangle enumeration.
_WEDGE_BLOCK = 4_000_000
# Largest bitmap of node pairs (bytes) built for the triangle enumeration's lookups.
_BITMAP_BYTES = 32 * 2**20


def ranked_ties(m: sp.csr_array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                            np.ndarray]:
    """Each tie of the symmetric ``m`` once, oriented by degree rank, as a sorted list.

    Nodes are ranked by (degree, index); a tie runs from its lower- to its
    higher-ranked end. Returns the rank of each node and, for the ties sorted by
    (head, tail) rank, the flat keys ``head * n + tail``, the heads, the tails
    (ranks) and the weights.
    """
    n = m.shape[0]
    degree = np.diff(m.indptr)
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(degree, kind="stable")] = np.arange(n)
    rows = np.repeat(rank, degree)
    cols = rank[m.indices]
    up = rows < cols
    head, tail, w = rows[up], cols[up], m.data[up]
    key = head * n + tail
    order = np.argsort(key, kind="stable")
    return rank, key[order], head[order], tail[order], w[order]


def triangle_blocks(key: np.ndarray, head: np.ndarray, tail: np.ndarray, n: int
                     ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every triangle of a graph once, in blocks, from its ties as :func:`ranked_ties`
    lists them (sorted flat keys ``head * n + tail``, head ranked below tail).

    Yields arrays ``(e1, e2, e3)`` of tie positions: for the triangle of ranks
    x < y < z, ``e1`` is x-y, ``e2`` is x-z and ``e3`` is y-z. Each triangle is
    found as a pair of ties from its lowest-ranked node closed by a third tie
    (with nodes ranked by degree, the forward algorithm of Schank & Wagner 2005):
    the pairs number ``sum_x C(out_x, 2)``, far fewer than all two-paths, and are
    taken :data:`_WEDGE_BLOCK` at a time. Whether a pair closes is looked up in
    a bitmap of node pairs when one fits in :data:`_BITMAP_BYTES`, else by
    binary search in ``key``.
    """
    n_ties = len(key)
    ptr = np.searchsorted(head, np.arange(n + 1))
    # Tie e pairs with the later ties of the same head (its higher-ranked neighbours).
    later = ptr[head + 1] - 1 - np.arange(n_ties)
    cum = np.cumsum(later)
    bitmap = None
    if n * n <= 8 * _BITMAP_BYTES:  # ties as bits: a cheaper membership test
        bitmap = np.zeros((n * n + 7) // 8, dtype=np.uint8)
        np.bitwise_or.at(bitmap, key >> 3, np.left_shift(1, key & 7).astype(np.uint8))
    start = 0
    while start < n_ties:
        base = int(cum[start - 1]) if start else 0
        stop = max(int(np.searchsorted(cum, base + _WEDGE_BLOCK, side="right")), start + 1)
        count = later[start:stop]
        total = int(cum[stop - 1]) - base
        start, first = stop, start
        if not total:
            continue
        e1 = np.repeat(np.arange(first, stop), count)
        e2 = e1 + 1 + np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        closing = tail[e1] * n + tail[e2]
        if bitmap is not None:
            hit = (bitmap[closing >> 3] >> (closing & 7).astype(np.uint8)) & 1 == 1
            closing = closing[hit]
            yield e1[hit], e2[hit], np.searchsorted(key, closing)
            continue
        e3 = np.minimum(np.searchsorted(key, closing), n_ties - 1)
        hit = key[e3] == closing
        yield e1[hit], e2[hit], e3[hit]


def common_neighbour_sums(m: sp.csr_array, factors: list[np.ndarray | None]
                           ) -> list[np.ndarray]:
    """``S_ij = sum_q m_iq f_q m_qj`` over the common neighbours q of i and j, for
    every stored entry (i, j) of ``m`` (CSR order) and every factor ``f`` (None: 1).

    ``m`` is symmetric and canonical with no diagonal, so ``S`` is ``(m F m)``
    restricted to the ties -- the sparse product masked by the pattern of ``m``.
    It is summed over triangles (:func:`triangle_blocks`) rather than taken as
    a product: every triangle is found once and adds the contribution of its
    third node to each of its three ties.
    """
    n = m.shape[0]
    rank, key, head, tail, w = ranked_ties(m)
    n_ties = len(key)
    by_rank = [None if f is None else _by_rank(f, rank) for f in factors]
    sums = [np.zeros(n_ties) for _ in factors]
    for e1, e2, e3 in triangle_blocks(key, head, tail, n):
        # Triangle x < y < z (ranks): e1 = x-y, e2 = x-z, e3 = y-z.
        w1, w2, w3 = w[e1], w[e2], w[e3]
        ids = np.concatenate([e1, e2, e3])
        pair = (w2 * w3, w1 * w3, w1 * w2)  # the two ties through the third node
        third = (tail[e2], tail[e1], head[e1])
        for f, out in zip(by_rank, sums, strict=True):
            parts = pair if f is None else [p * f[q] for p, q in zip(pair, third, strict=True)]
            out += np.bincount(ids, weights=np.concatenate(parts), minlength=n_ties)
    # Back to the entries of m: (i, j) is the tie {rank i, rank j}.
    r_row = np.repeat(rank, np.diff(m.indptr))
    r_col = rank[m.indices]
    tie = np.searchsorted(key, np.minimum(r_row, r_col) * n + np.maximum(r_row, r_col))
    return [out[tie] for out in sums]


def _by_rank(values: np.ndarray, rank: np.ndarray) -> np.ndarray:
    out = np.empty_like(values)
    out[rank] = values
    return out

