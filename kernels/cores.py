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


def improve_split(indptr: np.ndarray, indices: np.ndarray, core: np.ndarray,
                  max_moves: int) -> np.ndarray:
    """A core / periphery split improved one node move at a time (Borgatti & Everett 1999).

    The adjacency is symmetric 0/1 without self-loops (CSR ``indptr``, ``indices``);
    ``core`` the starting split (bool per node). Each move puts in the other block
    the node whose move raises most the correlation of the ties with the ideal
    pattern over the pairs inside the core (``N_cc``, ideal 1) and inside the
    periphery (``N_pp``, ideal 0), ``t_c`` and ``t_p`` ties there, ``N = N_cc +
    N_pp``, ``t = t_c + t_p``::

        phi = (N t_c - N_cc t) / sqrt(N_cc N_pp t (N - t))

    (undefined splits never chosen; the first node of the best on a tie), and stops
    when no move raises it by more than 1e-12, or after ``max_moves`` moves. The
    definition, written over whole arrays, is ``netan.queries.periphery``'s; this is
    the same arithmetic in the same order (so the same floats and the same moves),
    with the block sizes worked out once per side and every array written in place.
    """
    n = len(indptr) - 1
    core = core.astype(bool)  # a copy
    degree = np.diff(indptr).astype(float)
    rows = np.repeat(np.arange(n), np.diff(indptr))
    to_core = np.bincount(rows, weights=core[indices].astype(float), minlength=n)
    n_core = int(core.sum())
    t_c = float(to_core[core].sum()) / 2
    t_p = float((degree - to_core)[~core].sum()) / 2
    side = core.astype(np.intp)  # 0: the move joins the core, 1: it leaves it
    sign = 1.0 - 2.0 * side  # +1 joining, -1 leaving
    tc, tp, t, top, bottom, n_cc, cc_pp, total = (np.empty(n) for _ in range(8))
    invalid = np.empty(n, dtype=bool)

    def blocks(size: int) -> tuple[float, float, float]:
        """``N_cc``, ``N_cc N_pp`` and ``N`` of a core of ``size`` nodes."""
        in_core = float(size)
        n_cc = in_core * (in_core - 1) / 2
        n_per = n - in_core
        n_pp = n_per * (n_per - 1) / 2
        return n_cc, n_cc * n_pp, n_cc + n_pp

    def fit(size: int, ties_core: float, ties_periphery: float) -> float:
        n_cc, cc_pp, total = blocks(size)
        ties = ties_core + ties_periphery
        with np.errstate(divide="ignore", invalid="ignore"):
            value = (total * np.float64(ties_core) - n_cc * ties) / np.sqrt(
                cc_pp * ties * (total - ties))
        return float(value) if np.isfinite(value) else np.nan

    best = fit(n_core, t_c, t_p)
    for _ in range(max_moves):
        join, leave = blocks(n_core + 1), blocks(n_core - 1)
        for out, pair in zip((n_cc, cc_pp, total), zip(join, leave, strict=True), strict=True):
            np.take(pair, side, out=out)
        np.multiply(sign, to_core, out=tc)
        tc += t_c  # t_c + to_core joining, t_c - to_core leaving
        np.subtract(degree, to_core, out=tp)
        tp *= sign
        np.subtract(t_p, tp, out=tp)  # t_p - to_periphery joining, + leaving
        np.add(tc, tp, out=t)
        np.multiply(total, tc, out=top)
        np.multiply(n_cc, t, out=bottom)
        top -= bottom
        np.multiply(cc_pp, t, out=bottom)
        np.subtract(total, t, out=tc)  # tc is read again below: kept from the move
        bottom *= tc
        with np.errstate(divide="ignore", invalid="ignore"):
            np.sqrt(bottom, out=bottom)
            top /= bottom
        np.isfinite(top, out=invalid)
        np.logical_not(invalid, out=invalid)
        top[invalid] = -np.inf
        v = int(np.argmax(top))
        if top[v] == -np.inf:
            break
        if not (np.isnan(best) or top[v] > best + 1e-12):
            break
        best = float(top[v])
        n_core += 1 if side[v] == 0 else -1
        t_c = t_c + sign[v] * to_core[v]
        t_p = t_p - sign[v] * (degree[v] - to_core[v])
        to_core[indices[indptr[v]:indptr[v + 1]]] += sign[v]
        core[v] = not core[v]
        side[v] = 1 - side[v]
        sign[v] = -sign[v]
    return core
