"""Gould-Fernandez brokerage roles (Analysis 3), identical to statnet's ``sna::brokerage``.

A broker ``j`` stands in the middle of an *open two-path* ``i -> j -> k``: ``i``
sends to ``j``, ``j`` sends to ``k``, ``i`` and ``k`` are different people and
there is no arc ``i -> k``. The partition (default: ``sector``; ``level`` is the
other usual choice) classifies every such two-path by which of the three share a
group. In the words of Gould & Fernandez (1989), with ``j`` the broker:

========  ===============  =========================================================
code      role             groups of source ``i``, broker ``j``, target ``k``
========  ===============  =========================================================
``w_I``   coordinator      all three in one group            ``[i j k]``
``w_O``   itinerant        source and target share a group, broker is an outsider
                           (also called consultant)         ``[i k] [j]``
``b_IO``  representative   source and broker share a group, target is outside
                                                             ``[i j] [k]``
``b_OI``  gatekeeper       broker and target share a group, source is outside
                                                             ``[i] [j k]``
``b_O``   liaison          three different groups           ``[i] [j] [k]``
========  ===============  =========================================================

:func:`brokerage` counts the roles of every node, the network totals, and the
expected counts, standard deviations and z-scores under Gould & Fernandez's null
model, exactly as ``sna::brokerage`` (sna 2.7) computes them; :func:`brokerage_table`
turns the result into report rows.

Counting is vectorised: the two-paths through a broker are counted from its in-
and out-degrees by group; the two-paths that are not open -- returning to their
source (``i == k``) or closed by an arc ``i -> k`` -- are enumerated as
intersections of sparse rows, one block of arcs at a time (for an undirected
network, as its triangles, each found once, a bounded chunk at a time), and
subtracted. No Python loop runs over two-paths, so a network of 100,000 people and
a million ties is counted in seconds, in working memory that does not grow with it.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from netan.kernels.collector import collector_paused
from netan.kernels.triangles import ranked_ties, triangle_blocks

__all__ = [
    "MISSING_GROUP",
    "ROLES",
    "ROLE_DESCRIPTIONS",
    "TOTAL",
    "BrokerageResult",
    "brokerage",
    "brokerage_table",
]

#: The five Gould-Fernandez roles, code -> plain English, in sna's column order.
ROLES: dict[str, str] = {
    "w_I": "coordinator",
    "w_O": "itinerant",
    "b_IO": "representative",
    "b_OI": "gatekeeper",
    "b_O": "liaison",
}

#: One sentence per role, for report captions.
ROLE_DESCRIPTIONS: dict[str, str] = {
    "w_I": "coordinator: brokers between two members of the broker's own group",
    "w_O": "itinerant (consultant): brokers between two members of one other group",
    "b_IO": "representative: passes from the broker's own group to another group",
    "b_OI": "gatekeeper: lets another group in to the broker's own group",
    "b_O": "liaison: brokers between two other, different groups",
}

#: Column of the total over the five roles (sna's ``t``).
TOTAL = "t"

#: Group of the nodes whose partition value is missing (None or NaN).
MISSING_GROUP = "unknown"

_ROLE_CODES: tuple[str, ...] = tuple(ROLES)
_COLUMNS: tuple[str, ...] = (*_ROLE_CODES, TOTAL)

# Work budget (stored row entries) for one block of arcs in the closed-two-path count.
_BLOCK_WORK = 8_000_000


@dataclass(frozen=True)
class BrokerageResult:
    """The outcome of :func:`brokerage`: plain data, keyed like ``sna::brokerage``.

    Role dicts are keyed by the codes of :data:`ROLES` plus ``"t"`` (the total).

    Attributes
    ----------
    nodes : the node order (the graph's).
    partition : the partition attribute name, or ``None`` when a mapping was given.
    membership : node -> group (sna ``cl``; missing values are :data:`MISSING_GROUP`).
    groups : the distinct groups in order of first appearance (sna ``clid``).
    group_sizes : group -> number of nodes (sna ``n``).
    n_nodes : number of nodes (sna ``N``).
    n_arcs : arcs after collapsing (undirected ties count twice, loops not at all).
    density : ``n_arcs / (N (N - 1))`` (NaN when ``N < 2``).
    raw, expected, sd, z : node -> role -> value (sna ``raw.nli``, ``exp.nli``,
        ``sd.nli``, ``z.nli``). ``expected`` and ``sd`` depend only on the node's
        group; the nodes of one group share one (read-only) dict.
    expected_group, sd_group : group -> role -> value (sna ``exp.grp``, ``sd.grp``).
    raw_network, expected_network, sd_network, z_network : role -> value, the
        whole-network (group-level index) counts (sna ``raw.gli`` ... ``z.gli``).
    """

    nodes: list[Hashable]
    partition: str | None
    membership: dict[Hashable, Any]
    groups: list[Any]
    group_sizes: dict[Any, int]
    n_nodes: int
    n_arcs: int
    density: float
    raw: dict[Hashable, dict[str, int]]
    expected: dict[Hashable, dict[str, float]]
    sd: dict[Hashable, dict[str, float]]
    z: dict[Hashable, dict[str, float]]
    expected_group: dict[Any, dict[str, float]]
    sd_group: dict[Any, dict[str, float]]
    raw_network: dict[str, int]
    expected_network: dict[str, float]
    sd_network: dict[str, float]
    z_network: dict[str, float]


# ---------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _group_codes(
    G: nx.Graph, nodes: list[Hashable], partition: str | Mapping[Hashable, Any]
) -> tuple[np.ndarray, list[Any], dict[Hashable, Any]]:
    """Integer class of each node (order of first appearance), the groups, the membership."""
    if isinstance(partition, str):
        attrs = G.nodes
        values = [attrs[v].get(partition) for v in nodes]
    else:
        values = [partition.get(v) for v in nodes]
    values = [MISSING_GROUP if _is_missing(x) else x for x in values]
    index: dict[Any, int] = {}
    codes = np.fromiter(
        (index.setdefault(x, len(index)) for x in values), dtype=np.int64, count=len(values)
    )
    return codes, list(index), dict(zip(nodes, values, strict=True))


def _arcs(G: nx.Graph, nodes: list[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct arcs ``(src, dst)`` as node indices, sorted, without self-loops.

    Undirected ties give both arcs; parallel edges of a multigraph give one arc.
    """
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    adj = G.adj  # successors of a directed graph; both ends of an undirected tie
    degrees = np.fromiter((len(adj[u]) for u in nodes), dtype=np.int64, count=n)
    src = np.repeat(np.arange(n, dtype=np.int64), degrees)
    dst = np.fromiter(
        map(index.__getitem__, chain.from_iterable(adj[u] for u in nodes)),
        dtype=np.int64,
        count=int(degrees.sum()),
    )
    keys = src[src != dst] * n + dst[src != dst]
    keys.sort()
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if keys.size else keys
    return keys // n, keys % n


# ---------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------


def _role_counts(src: np.ndarray, dst: np.ndarray, cl: np.ndarray, n: int) -> np.ndarray:
    """Open two-paths through each broker by role: an ``n x 5`` int64 array.

    ``src``/``dst`` are distinct arcs without self-loops, sorted by ``(src, dst)``;
    ``cl`` is each node's integer class. Columns follow :data:`ROLES`.

    For broker ``j`` of class ``c``, with ``in_c``/``out_c`` its in/out-neighbours in
    ``c`` and ``S`` the number of (in-neighbour, out-neighbour) pairs in one class,
    all two-paths ``i -> j -> k`` number ``in * out`` and split into
    ``in_c out_c`` (w_I), ``S - in_c out_c`` (w_O), ``in_c (out - out_c)`` (b_IO),
    ``(in - in_c) out_c`` (b_OI) and the rest (b_O). The returning paths
    (``i == k``, one per mutual neighbour) and the closed ones (arc ``i -> k``)
    are then subtracted from their roles.
    """
    counts = np.zeros((n, 5), dtype=np.int64)
    if n == 0 or src.size == 0:
        return counts
    k_classes = int(cl.max()) + 1
    cs, cd = cl[src], cl[dst]
    same = cs == cd
    in_deg = np.bincount(dst, minlength=n)
    out_deg = np.bincount(src, minlength=n)
    in_same = np.bincount(dst[same], minlength=n)
    out_same = np.bincount(src[same], minlength=n)
    pairs_same_class = _pairs_within_classes(src, dst, cs, cd, n, k_classes)

    counts[:, 0] = in_same * out_same
    counts[:, 1] = pairs_same_class - in_same * out_same
    counts[:, 2] = in_same * (out_deg - out_same)
    counts[:, 3] = (in_deg - in_same) * out_same
    counts[:, 4] = in_deg * out_deg - pairs_same_class - counts[:, 2] - counts[:, 3]

    # Returning two-paths i -> j -> i: one per mutual arc i -> j, credited to j.
    # Arc i -> j is mutual when i * n + j is among the reversed arcs j * n + i (sorted).
    reverse = dst * n
    reverse += src
    reverse.sort()
    keys = src * n + dst
    found = np.searchsorted(reverse, keys)
    np.minimum(found, keys.size - 1, out=found)
    mutual = reverse[found] == keys
    del keys, reverse, found
    counts[:, 0] -= np.bincount(dst[mutual & same], minlength=n)
    counts[:, 1] -= np.bincount(dst[mutual & ~same], minlength=n)

    if mutual.all():
        counts -= _closed_counts_symmetric(src, dst, cl, n)
    else:
        counts -= _closed_counts(src, dst, cl, n, out_deg)
    return counts


def _pairs_within_classes(src: np.ndarray, dst: np.ndarray, cs: np.ndarray, cd: np.ndarray,
                          n: int, k_classes: int) -> np.ndarray:
    """``S_j = sum_c in_c(j) out_c(j)``: the (in-neighbour, out-neighbour) pairs of each
    node ``j`` in one class, from its in- and out-neighbours counted by class (a dense
    ``n x K`` count when that is no larger than the arcs, else sparse)."""
    if n * k_classes <= 2 * src.size:
        in_by_class = np.bincount(dst * k_classes + cs, minlength=n * k_classes)
        in_by_class *= np.bincount(src * k_classes + cd, minlength=n * k_classes)
        return in_by_class.reshape(n, k_classes).sum(axis=1)
    ones = np.ones(src.size, dtype=np.int64)
    in_sparse = sp.csr_matrix((ones, (dst, cs)), shape=(n, k_classes))
    out_sparse = sp.csr_matrix((ones, (src, cd)), shape=(n, k_classes))
    return np.asarray(in_sparse.multiply(out_sparse).sum(axis=1)).ravel()


def _closed_counts(src: np.ndarray, dst: np.ndarray, cl: np.ndarray, n: int,
                   out_deg: np.ndarray) -> np.ndarray:
    """Closed two-paths ``i -> j -> k`` with an arc ``i -> k``, per broker ``j`` and role.

    For each arc i -> j the k are the intersection of out(i) and out(j): sparse
    rows multiplied elementwise, one block of arcs at a time.
    """
    counts = np.zeros(n * 5, dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(out_deg)])
    adjacency = sp.csr_matrix(
        (np.ones(src.size, dtype=np.int8), dst, indptr), shape=(n, n)
    )
    adjacency.has_sorted_indices = True
    work = np.cumsum(out_deg[src] + out_deg[dst])
    start = 0
    while start < src.size:
        base = work[start - 1] if start else 0
        stop = max(int(np.searchsorted(work, base + _BLOCK_WORK, side="right")), start + 1)
        s, d = src[start:stop], dst[start:stop]
        closed = (adjacency[s].multiply(adjacency[d])).tocoo()
        i, j, k = s[closed.row], d[closed.row], closed.col
        ci, cj, ck = cl[i], cl[j], cl[k]
        role = np.full(i.size, 4, dtype=np.int64)  # liaison unless ...
        role[ci == ck] = 1
        role[cj == ck] = 3
        role[ci == cj] = 2
        role[(ci == cj) & (cj == ck)] = 0
        counts += np.bincount(j * 5 + role, minlength=n * 5)
        start = stop
    return counts.reshape(n, 5)


def _triangle_role_table() -> np.ndarray:
    """Closed two-paths by role (columns) that a triangle gives its node at position
    0, 1, 2, for each equality pattern of its classes ``(c0 == c1) + 2 (c0 == c2) +
    4 (c1 == c2)`` (rows; 3, 5 and 6 cannot occur)."""
    table = np.zeros((3, 8, 5), dtype=np.int64)
    for pattern in (0, 1, 2, 4, 7):
        same = {(0, 1): pattern & 1, (0, 2): pattern & 2, (1, 2): pattern & 4}
        for j in range(3):
            i, k = (p for p in range(3) if p != j)
            ij, jk, ik = same[min(i, j), max(i, j)], same[min(j, k), max(j, k)], same[i, k]
            if ij and jk:
                roles = (0, 0)  # coordinator both ways
            elif ik:
                roles = (1, 1)  # itinerant both ways
            elif ij or jk:
                roles = (2, 3)  # representative one way, gatekeeper the other
            else:
                roles = (4, 4)  # liaison both ways
            for role in roles:
                table[j, pattern, role] += 1
    return table


_TRIANGLE_ROLES = _triangle_role_table()


def _closed_counts_symmetric(src: np.ndarray, dst: np.ndarray, cl: np.ndarray, n: int
                             ) -> np.ndarray:
    """:func:`_closed_counts` when every arc is mutual (an undirected network).

    Then the closed two-paths are the triangles: each triangle gives each of its
    three nodes ``j`` the two paths ``i -> j -> k`` and ``k -> j -> i`` between the
    other two. Triangles are enumerated once each, from pairs of ties ranked by
    degree (:func:`netan.kernels.triangles.triangle_blocks`), so the work is far
    below one sparse-row intersection per arc. With ``i`` and ``k`` in one group
    both paths have the same role (coordinator or itinerant); when ``j`` shares a
    group with exactly one of them, one path is representative and the other
    gatekeeper; else both are liaison.
    """
    counts = np.zeros(n * 5, dtype=np.int64)
    indptr = np.searchsorted(src, np.arange(n + 1))  # src is sorted: the rows of a CSR
    m = sp.csr_array((np.ones(src.size, dtype=np.int8), dst, indptr), shape=(n, n))
    rank, key, head, tail, _ = ranked_ties(m)
    del m, indptr
    node = np.empty(n, dtype=np.int64)  # rank -> node
    node[rank] = np.arange(n)
    code = cl[node]  # class by rank
    hist = np.zeros((3, n * 8), dtype=np.int64)
    for e1, e2, _ in triangle_blocks(key, head, tail, n):
        x, y, z = head[e1], tail[e1], tail[e2]
        cx, cy, cz = code[x], code[y], code[z]
        pattern = (cx == cy) + 2 * (cx == cz) + 4 * (cy == cz)
        for position, j in enumerate((x, y, z)):
            hist[position] += np.bincount(node[j] * 8 + pattern, minlength=n * 8)
    for position in range(3):
        counts += (hist[position].reshape(n, 8) @ _TRIANGLE_ROLES[position]).ravel()
    return counts.reshape(n, 5)


# ---------------------------------------------------------------------------
# Moments under the null model
# ---------------------------------------------------------------------------


def _choose2(x: int) -> int:
    return x * (x - 1) // 2


def _moments(
    sizes: Sequence[int], n_nodes: int, density: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Expected counts and variances per broker class (``K x 6``) and network (``6``).

    The formulas are those of ``sna::brokerage`` (sna 2.7, after Gould & Fernandez
    1989), with its sums over other classes rewritten as power sums; the integer
    parts are computed exactly in Python integers.
    """
    N, d = n_nodes, density
    q = d**2 * (1 - d)
    a3 = d**3 * (1 - d) ** 3
    b4 = d**4 * (1 - d) ** 2
    c5 = d**5 * (1 - d)
    n = [int(x) for x in sizes]
    p1, p2, p3 = sum(n), sum(x * x for x in n), sum(x**3 for x in n)
    s_nn1 = sum(x * (x - 1) for x in n)
    s_nn1n2 = sum(x * (x - 1) * (x - 2) for x in n)

    exp_grp = np.zeros((len(n), 6))
    var_grp = np.zeros((len(n), 6))
    for g, x in enumerate(n):
        rest = N - x
        # Type 1, coordinator (w_I)
        e = q * ((x - 1) * (x - 2))
        exp_grp[g, 0] = e
        var_grp[g, 0] = e * (1 - q) + 2 * ((x - 1) * (x - 2) * (x - 3)) * a3
        # Type 2, itinerant (w_O): sums over the other classes
        e = q * (s_nn1 - x * (x - 1))
        exp_grp[g, 1] = e
        var_grp[g, 1] = e * (1 - q) + 2 * (s_nn1n2 - x * (x - 1) * (x - 2)) * a3
        # Types 3 and 4, representative (b_IO) and gatekeeper (b_OI)
        e = q * (rest * (x - 1))
        v = e * (1 - q) + 2 * ((x - 1) * _choose2(rest) + rest * _choose2(x - 1)) * a3
        exp_grp[g, 2] = exp_grp[g, 3] = e
        var_grp[g, 2] = var_grp[g, 3] = v
        # Type 5, liaison (b_O): ordered pairs of distinct other classes, and
        # sum over other classes c of n_c * choose(N - n_c - n_g, 2)
        e = q * (rest * rest - (p2 - x * x))
        o1, o2, o3 = p1 - x, p2 - x * x, p3 - x**3
        lia = (rest * (rest - 1) * o1 - (2 * rest - 1) * o2 + o3) // 2
        exp_grp[g, 4] = e
        var_grp[g, 4] = e * (1 - q) + 4 * lia * a3
        # Total
        e = q * ((N - 1) * (N - 2))
        exp_grp[g, 5] = e
        var_grp[g, 5] = e * (1 - q) + 2 * ((N - 1) * (N - 2) * (N - 3)) * a3

    exp_net = np.zeros(6)
    var_net = np.zeros(6)
    # Type 1, coordinator (w_I)
    exp_net[0] = q * s_nn1n2
    var_net[0] = exp_net[0] * (1 - q) + (
        sum(x * (x - 1) * (x - 2) * (4 * x - 10) for x in n) * a3
        - 4 * sum(x * (x - 1) * (x - 2) * (x - 3) for x in n) * b4
        + sum(x * (x - 1) * (x - 2) * (x - 3) for x in n) * c5
    )
    # Type 2, itinerant (w_O): sum over ordered pairs of distinct classes (x, y) of
    # x y (x - 1) ((2x + 2y - 6) a3 + (N - x - 1) c5)
    s_xy = sum(x * (x - 1) * ((2 * x - 6) * (p1 - x) + 2 * (p2 - x * x)) for x in n)
    s_xyc = sum(x * (x - 1) * (N - x - 1) * (p1 - x) for x in n)
    exp_net[1] = q * sum(x * (N - x) * (x - 1) for x in n)
    var_net[1] = exp_net[1] * (1 - q) + (s_xy * a3 + s_xyc * c5)
    # Types 3 and 4, representative (b_IO) and gatekeeper (b_OI)
    exp_net[2] = exp_net[3] = q * sum(x * (N - x) * (x - 1) for x in n)
    var_net[2] = var_net[3] = exp_net[2] * (1 - q) + (
        (N - 3) * sum(x * (N - x) * (x - 1) for x in n) * a3
        + sum(x * (N - x) * (x - 1) * (x - 2) for x in n) * c5
    )
    # Type 5, liaison (b_O): sna sums n_i n_j n_k f(n_i, n_j, n_k) over ordered triples of
    # distinct classes, with f = (4(N-n_j) - 2(n_i+n_k+1)) a3 - (4(N-n_k) - 2(n_i+n_j+1)) b4
    # + (N - (n_i+n_k+1)) c5. f is linear: alpha plus coefficients on n_i, n_j, n_k that
    # add up to -8 a3 + 8 b4 - 2 c5; by symmetry the sum is alpha t0 + (that) t1 with
    # t0 = sum of n_i n_j n_k and t1 = sum of n_i^2 n_j n_k over distinct triples.
    t0 = p1**3 - 3 * p1 * p2 + 2 * p3
    t1 = p2 * p1 * p1 - 2 * p3 * p1 - p2 * p2 + 2 * sum(x**4 for x in n)
    alpha = (4 * N - 2) * a3 - (4 * N - 2) * b4 + (N - 1) * c5
    exp_net[4] = q * (N * p1 * p1 - 2 * p1 * p2 - sum(x * x * (N - 2 * x) for x in n))
    var_net[4] = exp_net[4] * (1 - q) + (alpha * t0 + (-8 * a3 + 8 * b4 - 2 * c5) * t1)
    # Total
    exp_net[5] = q * (N * (N - 1) * (N - 2))
    var_net[5] = exp_net[5] * (1 - q) + N * (N - 1) * (N - 2) * (
        (4 * N - 10) * a3 - 4 * (N - 3) * b4 + (N - 3) * c5
    )
    return exp_grp, var_grp, exp_net, var_net


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _row(values: np.ndarray, cast: type) -> dict[str, Any]:
    return {role: cast(v) for role, v in zip(_COLUMNS, values.tolist(), strict=True)}


def brokerage(
    G: nx.Graph | nx.DiGraph, partition: str | Mapping[Hashable, Any] = "sector"
) -> BrokerageResult:
    r"""Gould-Fernandez brokerage roles of every node, with ``sna::brokerage``'s z-scores.

    **Definition.** Node ``j`` brokers the ordered pair ``(i, k)`` when
    ``i -> j -> k``, ``i``, ``j`` and ``k`` are three different nodes and there is
    no arc ``i -> k`` (an arc ``k -> i`` does not close the path). Each such open
    two-path gives ``j`` one count in exactly one role, by the groups of ``i``, ``j``,
    ``k`` (see :data:`ROLES`): coordinator ``w_I`` [i j k], itinerant ``w_O``
    [i k][j], representative ``b_IO`` [i j][k], gatekeeper ``b_OI`` [i][j k],
    liaison ``b_O`` [i][j][k]; ``t`` is their sum. A broker gets full credit for
    every pair it brokers, however many other brokers the pair has. The network
    counts are the column sums.

    **Null model** (Gould & Fernandez 1989, as computed by sna 2.7): arcs are
    independent with probability the density :math:`d = m / (N(N-1))`. With
    :math:`q = d^2(1-d)` (the chance a given ordered triple is an open two-path),
    :math:`n_c` the size of the broker's group and :math:`N` the number of nodes,
    the expected counts of a broker are

    .. math::

        E[w_I] = q (n_c-1)(n_c-2), \quad E[w_O] = q \sum_{g \ne c} n_g (n_g-1), \quad
        E[b_{IO}] = E[b_{OI}] = q (N-n_c)(n_c-1),

        E[b_O] = q \sum_{g \ne h;\, g, h \ne c} n_g n_h, \quad E[t] = q (N-1)(N-2),

    and each variance is :math:`E (1 - q)` plus a covariance term in
    :math:`d^3(1-d)^3` for the two-paths that share an arc, e.g.
    :math:`Var[w_I] = E[w_I](1-q) + 2 (n_c-1)(n_c-2)(n_c-3) d^3(1-d)^3`; the
    network-level variances add terms in :math:`d^4(1-d)^2` and :math:`d^5(1-d)`.
    The code evaluates sna's formulas, with its sums over other groups (and its
    triple loop over groups) rewritten as exact integer power sums, so the cost
    is linear in the number of groups.
    :math:`z = (raw - E) / sd`.

    Parameters
    ----------
    G : a NetworkX graph (directed or undirected, simple or multi).
    partition : node attribute holding each node's group (default ``"sector"``,
        also ``"level"``), or a mapping node -> group.

    Returns
    -------
    BrokerageResult
        Per node: ``raw`` (int), ``expected``, ``sd``, ``z``; per group:
        ``expected_group``, ``sd_group``; for the network: ``raw_network``,
        ``expected_network``, ``sd_network``, ``z_network``; and the memberships.

    Notes
    -----
    * **Direction**: arcs are read as directed; an undirected tie counts as both
      arcs, so it doubles the density and the path ``a - b - c`` gives ``b`` one
      brokerage each way (as sna does with an undirected network).
    * **Weights** are ignored: any edge is an arc, whatever its value.
    * **Multigraphs** are collapsed to simple graphs; **self-loops** are ignored,
      both for paths and for the density (sna would count a loop in ``m``).
    * **Isolates** broker nothing but count in ``N`` and in their group's size,
      so they change the density and the expectations.
    * **Missing groups**: nodes whose partition value is missing (absent, ``None``
      or NaN) form one group of their own, :data:`MISSING_GROUP` (``"unknown"``);
      a real value ``"unknown"`` joins the same group.
    * **Impossible roles**: where a role cannot occur for a group (e.g. a
      coordinator in a group of fewer than three, a liaison with fewer than three
      groups) the expectation and sd are 0 and the z-score is NaN (0/0); an
      empty network (density 0) gives NaN z-scores throughout, and ``N < 2`` a
      NaN density. A positive count with sd 0 would give an infinite z-score.
    * Groups are numbered in order of first appearance in the node order, as
      sna's ``clid`` (``unique(cl)``).

    References
    ----------
    Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal
    approach to brokerage in transaction networks. *Sociological Methodology* 19,
    89-126. Butts, C. T. sna: Tools for Social Network Analysis, R package 2.7,
    function ``brokerage``.
    """
    with collector_paused():
        return _brokerage(G, partition)


def _brokerage(G: nx.Graph, partition: str | Mapping[Hashable, Any]) -> BrokerageResult:
    nodes = list(G)
    n = len(nodes)
    cl, groups, membership = _group_codes(G, nodes, partition)
    src, dst = _arcs(G, nodes)
    raw = _role_counts(src, dst, cl, n)
    raw = np.column_stack([raw, raw.sum(axis=1)])

    m = int(src.size)
    density = m / (n * (n - 1)) if n > 1 else math.nan
    sizes = np.bincount(cl, minlength=len(groups)).tolist()
    exp_grp, var_grp, exp_net, var_net = _moments(sizes, n, density)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd_grp = np.sqrt(var_grp)
        sd_net = np.sqrt(var_net)
        z_nodes = (raw - exp_grp[cl]) / sd_grp[cl]
        raw_net = raw.sum(axis=0)
        z_net = (raw_net - exp_net) / sd_net

    exp_rows = [_row(row, float) for row in exp_grp]
    sd_rows = [_row(row, float) for row in sd_grp]
    cl_list = cl.tolist()
    return BrokerageResult(
        nodes=nodes,
        partition=partition if isinstance(partition, str) else None,
        membership=membership,
        groups=groups,
        group_sizes=dict(zip(groups, sizes, strict=True)),
        n_nodes=n,
        n_arcs=m,
        density=density,
        raw={v: dict(zip(_COLUMNS, row, strict=True)) for v, row in zip(nodes, raw.tolist(),
                                                                       strict=True)},
        expected={v: exp_rows[c] for v, c in zip(nodes, cl_list, strict=True)},
        sd={v: sd_rows[c] for v, c in zip(nodes, cl_list, strict=True)},
        z={v: dict(zip(_COLUMNS, row, strict=True)) for v, row in zip(nodes, z_nodes.tolist(),
                                                                     strict=True)},
        expected_group=dict(zip(groups, exp_rows, strict=True)),
        sd_group=dict(zip(groups, sd_rows, strict=True)),
        raw_network=_row(raw_net, int),
        expected_network=_row(exp_net, float),
        sd_network=_row(sd_net, float),
        z_network=_row(z_net, float),
    )


def brokerage_table(result: BrokerageResult, top: int | None = None) -> list[dict[str, Any]]:
    """Report rows, one per node, busiest brokers first.

    Each row has ``node``, ``group``, then for every role code of :data:`ROLES` the
    raw count (key ``"w_I"`` ...) and its z-score (key ``"w_I_z"`` ...; NaN where the
    role is impossible for the node's group), then ``total`` and ``total_z``.
    Rows are sorted by ``total`` descending, ties by node id (so the table does not
    depend on the order a store returned the nodes in); ``top`` keeps the first
    ``top`` rows.
    """
    def busiest(node: Hashable) -> tuple[Any, str]:
        return -result.raw[node][TOTAL], str(node)

    chosen = (sorted(result.nodes, key=busiest) if top is None
              else heapq.nsmallest(top, result.nodes, key=busiest))
    rows = []
    for node in chosen:
        raw, z = result.raw[node], result.z[node]
        row: dict[str, Any] = {"node": node, "group": result.membership[node]}
        for code in _ROLE_CODES:
            row[code] = raw[code]
            row[f"{code}_z"] = z[code]
        row["total"] = raw[TOTAL]
        row["total_z"] = z[TOTAL]
        rows.append(row)
    return rows
