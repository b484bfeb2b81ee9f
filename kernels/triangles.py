"""Triangles of a sparse symmetric matrix, each found once, and sums over them.

Burt's constraint and effective size need, for every tie ``i - j``, a sum over the
common neighbours ``q`` of ``i`` and ``j``: ``(m F m)`` restricted to the ties. Taken as
a sparse product that is every two-path of the network (about 50 million nationally);
here each triangle is found once, from its lowest-ranked node with nodes ranked by
degree (the forward algorithm of Schank & Wagner 2005), and adds to its three ties.
Gould-Fernandez brokerage subtracts closed two-paths the same way.

Memory: the candidate triangles (pairs of ties from one node, *wedges*) are examined
a chunk at a time, :data:`_CHUNK_BYTES` of temporaries at most, so the working memory
does not grow with the network; node and tie positions are 32-bit where they fit.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import scipy.sparse as sp

__all__ = ["common_neighbour_sums", "ranked_ties", "triangle_blocks"]

# Wedges (pairs of ties) per block of :func:`common_neighbour_sums`' additions. A
# block's sums are added to the totals at once, so this fixes the order of the
# floating-point additions (and with it the last bits of Burt's measures); it is
# not a memory setting -- a block is enumerated chunk by chunk.
_WEDGE_BLOCK = 4_000_000
# Largest working memory (bytes) of one chunk of the triangle enumeration and of
# the sums over its triangles.
_CHUNK_BYTES = 24 * 2**20
# Temporaries per wedge examined (positions, closing keys, lookups) and per triangle
# summed (three products and their tie positions), in bytes.
_WEDGE_BYTES = 40
_TRIANGLE_BYTES = 48
# Largest bitmap of node pairs (bytes) built for the triangle enumeration's lookups.
_BITMAP_BYTES = 32 * 2**20


def _positions(size: int) -> type[np.signedinteger]:
    """The smallest integer type (32 or 64 bits) for positions below ``size``."""
    return np.int32 if size < 2**31 else np.int64


def ranked_ties(m: sp.csr_array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                            np.ndarray]:
    """Each tie of the symmetric ``m`` once, oriented by degree rank, as a sorted list.

    Nodes are ranked by (degree, index); a tie runs from its lower- to its
    higher-ranked end. Returns the rank of each node and, for the ties sorted by
    (head, tail) rank, the flat keys ``head * n + tail`` (64-bit), the heads, the
    tails (ranks, 32-bit when ``n`` allows) and the weights.
    """
    n = m.shape[0]
    degree = np.diff(m.indptr)
    rank = np.empty(n, dtype=_positions(n))
    rank[np.argsort(degree, kind="stable")] = np.arange(n, dtype=rank.dtype)
    rows = np.repeat(rank, degree)
    cols = rank[m.indices]
    up = rows < cols
    head, tail, w = rows[up], cols[up], m.data[up]
    del rows, cols, up
    key = head.astype(np.int64)
    key *= n
    key += tail
    order = np.argsort(key, kind="stable")
    return rank, key[order], head[order], tail[order], w[order]


def _tie_ranges(cum: np.ndarray, start: int, stop: int, wedges: int
                ) -> Iterator[tuple[int, int]]:
    """Consecutive ranges ``[first, end)`` of ties ``start .. stop`` whose wedges
    (``cum``: running total per tie) number at most ``wedges`` (one tie at least)."""
    while start < stop:
        base = int(cum[start - 1]) if start else 0
        end = min(max(int(np.searchsorted(cum, base + wedges, side="right")), start + 1),
                  stop)
        yield start, end
        start = end


def triangle_blocks(key: np.ndarray, head: np.ndarray, tail: np.ndarray, n: int,
                    wedges: int | None = None
                    ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every triangle of a graph once, in blocks, from its ties as :func:`ranked_ties`
    lists them (sorted flat keys ``head * n + tail``, head ranked below tail).

    Yields arrays ``(e1, e2, e3)`` of tie positions: for the triangle of ranks
    x < y < z, ``e1`` is x-y, ``e2`` is x-z and ``e3`` is y-z. Each triangle is
    found as a pair of ties from its lowest-ranked node closed by a third tie
    (with nodes ranked by degree, the forward algorithm of Schank & Wagner 2005):
    the pairs number ``sum_x C(out_x, 2)``, far fewer than all two-paths. A block
    holds the triangles of ``wedges`` pairs (default: one chunk, as many as fit
    in :data:`_CHUNK_BYTES`), in order; a larger block is examined chunk by chunk
    and joined. Whether a pair closes is looked up in a bitmap of node pairs when
    one fits in :data:`_BITMAP_BYTES`, else by binary search in ``key``.
    """
    n_ties = len(key)
    ptr = np.searchsorted(head, np.arange(n + 1))
    # Tie e pairs with the later ties of the same head (its higher-ranked neighbours).
    later = ptr[head + 1] - 1 - np.arange(n_ties)
    del ptr
    cum = np.cumsum(later)
    bitmap = None
    if n * n <= 8 * _BITMAP_BYTES:  # ties as bits: a cheaper membership test
        bitmap = np.zeros((n * n + 7) // 8, dtype=np.uint8)
        np.bitwise_or.at(bitmap, key >> 3, np.left_shift(1, key & 7).astype(np.uint8))
    chunk = max(1, _CHUNK_BYTES // _WEDGE_BYTES)
    for first, stop in _tie_ranges(cum, 0, n_ties, wedges or chunk):
        found = [_closed(start, end, later, cum, key, tail, n, bitmap)
                 for start, end in _tie_ranges(cum, first, stop, chunk)]
        if len(found) == 1:
            yield found[0]
        else:
            yield tuple(np.concatenate(part) for part in zip(*found, strict=True))


def _closed(first: int, stop: int, later: np.ndarray, cum: np.ndarray, key: np.ndarray,
            tail: np.ndarray, n: int, bitmap: np.ndarray | None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The triangles ``(e1, e2, e3)`` closing the wedges of ties ``first .. stop``."""
    positions = _positions(len(key))
    count = later[first:stop]
    total = int(cum[stop - 1]) - (int(cum[first - 1]) if first else 0)
    e1 = np.repeat(np.arange(first, stop, dtype=positions), count)
    # e2 runs over the later ties of e1's head: e1 + 1, e1 + 2, ...
    e2 = np.arange(1, total + 1, dtype=positions)
    e2 -= np.repeat((np.cumsum(count) - count).astype(positions), count)
    e2 += e1
    closing = tail[e1].astype(np.int64)
    closing *= n
    closing += tail[e2]
    if bitmap is not None:
        hit = bitmap[closing >> 3]
        hit >>= (closing & 7).astype(np.uint8)
        hit &= 1
        hit = hit.view(bool)
        closing = closing[hit]
        return e1[hit], e2[hit], np.searchsorted(key, closing).astype(positions)
    e3 = np.searchsorted(key, closing)
    np.minimum(e3, len(key) - 1, out=e3)
    hit = key[e3] == closing
    return e1[hit], e2[hit], e3[hit].astype(positions)


def common_neighbour_sums(m: sp.csr_array, factors: list[np.ndarray | None]
                           ) -> list[np.ndarray]:
    """``S_ij = sum_q m_iq f_q m_qj`` over the common neighbours q of i and j, for
    every stored entry (i, j) of ``m`` (CSR order) and every factor ``f`` (None: 1).

    ``m`` is symmetric and canonical with no diagonal, so ``S`` is ``(m F m)``
    restricted to the ties -- the sparse product masked by the pattern of ``m``.
    It is summed over triangles (:func:`triangle_blocks`) rather than taken as
    a product: every triangle is found once and adds the contribution of its
    third node to each of its three ties. Within a block of :data:`_WEDGE_BLOCK`
    wedges a tie's contributions are added in one fixed order (as the tie x-y of
    its triangles, then as x-z, then as y-z), a chunk at a time.
    """
    n = m.shape[0]
    rank, key, head, tail, w = ranked_ties(m)
    n_ties = len(key)
    by_rank = [None if f is None else _by_rank(f, rank) for f in factors]
    sums = [np.zeros(n_ties) for _ in factors]
    block_sums = [np.zeros(n_ties) for _ in factors]
    step = max(1, _CHUNK_BYTES // _TRIANGLE_BYTES)
    for e1, e2, e3 in triangle_blocks(key, head, tail, n, _WEDGE_BLOCK):
        # Triangle x < y < z (ranks): e1 = x-y, e2 = x-z, e3 = y-z. Each tie gets the
        # product of the two other ties times the factor of the third node.
        for block_sum in block_sums:
            block_sum.fill(0.0)
        for tie, one, other, third, third_of in ((e1, e2, e3, tail, e2),
                                                 (e2, e1, e3, tail, e1),
                                                 (e3, e1, e2, head, e1)):
            for start in range(0, len(tie), step):
                part = slice(start, start + step)
                pair = w[one[part]] * w[other[part]]
                for f, block_sum in zip(by_rank, block_sums, strict=True):
                    # np.add.at adds in order, as a bincount of the whole block would.
                    np.add.at(block_sum, tie[part],
                              pair if f is None else pair * f[third[third_of[part]]])
        for block_sum, out in zip(block_sums, sums, strict=True):
            out += block_sum
    del block_sums
    # Back to the entries of m: (i, j) is the tie {rank i, rank j}.
    r_row = np.repeat(rank, np.diff(m.indptr))
    tie = np.empty(m.nnz, dtype=_positions(n_ties))
    for start in range(0, m.nnz, step):
        part = slice(start, start + step)
        r_col = rank[m.indices[part]].astype(np.int64)
        low = np.minimum(r_row[part], r_col)
        np.maximum(r_row[part], r_col, out=r_col)
        low *= n
        low += r_col
        tie[part] = np.searchsorted(key, low)
    return [out[tie] for out in sums]


def _by_rank(values: np.ndarray, rank: np.ndarray) -> np.ndarray:
    out = np.empty_like(values)
    out[rank] = values
    return out
