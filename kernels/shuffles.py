"""Label shuffles as matrices: tie counts between labelled blocks under many relabellings.

A node-label permutation test (Krackhardt 1988) relabels the nodes many times and
counts, each time, the ties between two labelled blocks. Written as its definition
-- one shuffle, one pass over the ties -- a national network costs a minute
(2,000 shuffles of 660,000 ties). Here a batch of shuffles is a matrix ``X`` with
one column per shuffle (``X[i, r] = 1`` when node ``i`` has label ``b`` in shuffle
``r``), and the ties between labels ``a`` and ``b`` in every shuffle are the column
sums of ``X_a * (W @ X_b)`` -- one sparse product per batch, in C.

The shuffles are drawn exactly as the definition draws them
(``rng.permuted(labels)`` row after row), so the counts, and the p-value, are the
same as the loop's for the same seed (``tests/test_findings.py`` checks the
p-value against exact enumeration of every relabelling).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import scipy.sparse as sp

#: Elements of one batch of shuffles (labels x shuffles): about 16 MB of float32.
_BATCH_ELEMENTS = 4_000_000


def shuffled_pair_ties(labels: np.ndarray, u: np.ndarray, v: np.ndarray,
                       pairs: Sequence[tuple[int, int]], shuffles: int,
                       rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Ties between the labels of each pair, in each of ``shuffles`` relabellings.

    ``labels`` holds one integer label per node; ``(u, v)`` are the tied pairs
    (node positions, each pair once, ``u != v``). Each shuffle is
    ``rng.permuted(labels)``. For a pair ``(a, b)`` the count is the number of
    tied pairs with one end labelled ``a`` and the other ``b`` (``a == b``: both
    ends ``a``). Yields, batch after batch, an integer array of shape
    ``(len(pairs), batch)``: the counts of each pair in each shuffle of the batch.
    """
    n = len(labels)
    dtype = np.float32 if 2 * len(u) < 2**24 else np.float64  # integer counts stay exact
    W = sp.csr_array((np.ones(2 * len(u), dtype), (np.r_[u, v], np.r_[v, u])), shape=(n, n))
    often = [a for pair in pairs for a in pair]
    pairs = [(a, b) if often.count(b) >= often.count(a) else (b, a) for a, b in pairs]
    right = sorted({b for _, b in pairs})  # a label two pairs share: one product
    batch = max(1, min(shuffles, _BATCH_ELEMENTS // max(1, n)))
    done = 0
    while done < shuffles:
        size = min(batch, shuffles - done)
        shuffled = np.ascontiguousarray(rng.permuted(np.tile(labels, (size, 1)), axis=1).T)
        reached = {b: W @ (shuffled == b).astype(dtype) for b in right}
        counts = np.empty((len(pairs), size), dtype=np.int64)
        for row, (a, b) in enumerate(pairs):
            ends = np.einsum("ir,ir->r", (shuffled == a).astype(dtype), reached[b])
            counts[row] = np.rint(ends / 2 if a == b else ends)
        yield counts
        done += size
