"""Centrality, structural holes and cut points of a person network (Analysis 3).

The boundary spanners of Poxton 1999 -- a joint commissioning manager, a GP chair, a
social services planning manager -- are the people through whom health and social
care reach each other. This module measures them on the *person network* (an
undirected weighted :class:`networkx.Graph` of people, built by
:mod:`netan.queries.networks`), or on any other NetworkX graph:

* :func:`betweenness` -- shortest-path betweenness, exact up to a size bound and
  estimated from a seeded sample of source nodes beyond it;
* :func:`burt_constraint`, :func:`effective_size`, :func:`efficiency` (and
  :func:`structural_holes`, all three at once) -- Burt's structural-hole measures;
* :func:`articulation_points` and :func:`bridges` -- the people and the ties whose
  loss splits the network, with the size of what is split off;
* :func:`broker_removal_impact` and :func:`top_broker_impacts` -- the what-if of
  Poxton's (1999) "partnerships lost with a career move": the pairs of people in
  different sectors who are connected now and lose every path when a broker leaves.

The Gould-Fernandez brokerage roles are in :mod:`netan.queries.brokerage`.

Every function takes a graph and returns plain data (dicts, lists of dicts, a
dataclass). Node ids are whatever the graph uses (person ids in netan). The
implementations are vectorised with :mod:`scipy.sparse` so that a network of
100,000 people and a million ties is measured in about a minute of CPU (each
measure 5-30 s; see ``benchmarks/bench_centrality.py``) rather than hours; the
tests check each against NetworkX on small graphs.

Conventions shared by the functions below:

* Self-loops are ignored (nobody brokers between themselves and themselves).
* Parallel edges of a multigraph are merged: their weights are summed, and a
  merged pair counts as one tie for paths, articulation points and bridges.
* The cut-point functions (:func:`articulation_points`, :func:`bridges`,
  :func:`broker_removal_impact`, :func:`top_broker_impacts`) read a directed
  graph as undirected: a tie is a path whichever way it was recorded, and
  "connected" means weakly connected.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from operator import methodcaller
from typing import Any, Literal

import networkx as nx
import numpy as np
import scipy.sparse as sp

from netan.queries.networks import cached_on_graph

__all__ = [
    "BetweennessResult",
    "articulation_points",
    "betweenness",
    "bridges",
    "broker_removal_impact",
    "burt_constraint",
    "effective_size",
    "efficiency",
    "structural_holes",
    "top_broker_impacts",
    "with_distance",
]

#: Default number of source nodes (pivots) of a sampled betweenness estimate.
DEFAULT_SAMPLE_SIZE = 500
#: Largest network whose betweenness ``mode="auto"`` computes exactly.
EXACT_LIMIT = 5000

#: Default cap on the pairs :func:`broker_removal_impact` lists (all are counted).
DEFAULT_MAX_PAIRS = 1000

# Working-memory budget (bytes) for one batch of the batched Brandes algorithm.
_BATCH_BYTES = 256 * 2**20
# Most sources in one batch of the batched Brandes algorithm (a batch's dependencies
# are summed together; searched in chunks of columns, see _CHUNK_BYTES).
_BATCH_SOURCES = 16
# Work budget (wedges, i.e. pairs of ties) for one block of the triangle enumeration.
_WEDGE_BLOCK = 4_000_000
# Largest bitmap of node pairs (bytes) built for the triangle enumeration's lookups.
_BITMAP_BYTES = 32 * 2**20

Partition = str | Mapping[Hashable, Any] | None


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def _adjacency(
    network: nx.Graph, weight: str | None
) -> tuple[list[Hashable], np.ndarray, np.ndarray, np.ndarray]:
    """Nodes and every adjacency entry as index arrays (row, col, w), self-loops dropped.

    An undirected graph yields each tie in both directions, a directed one its
    out-ties; a multigraph one entry per parallel edge. ``w`` is the ``weight``
    attribute (1 when ``weight`` is None or the edge lacks it, as in NetworkX).
    Read once per graph when unweighted (the arrays are read-only and shared).
    """
    if weight is None:
        return cached_on_graph(network, "netan.adjacency", lambda: _read_adjacency(
            network, None))
    return _read_adjacency(network, weight)


def _read_adjacency(
    network: nx.Graph, weight: str | None
) -> tuple[list[Hashable], np.ndarray, np.ndarray, np.ndarray]:
    nodes = list(network.nodes())
    index = {v: i for i, v in enumerate(nodes)}
    adj = network._adj  # successors for a directed graph; plain dicts, fast to walk
    multi = network.is_multigraph()
    if multi:
        lengths = [sum(len(keys) for keys in nbrs.values()) for nbrs in adj.values()]
        cols = [index[v] for nbrs in adj.values() for v, keys in nbrs.items() for _ in keys]
        col_arr = np.asarray(cols, dtype=np.int64)
    else:
        lengths = [len(nbrs) for nbrs in adj.values()]
        col_arr = np.fromiter(map(index.__getitem__, chain.from_iterable(adj.values())),
                              dtype=np.int64, count=sum(lengths))
    row_arr = np.repeat(np.arange(len(nodes), dtype=np.int64), lengths)
    if weight is None:
        w_arr = np.ones(len(col_arr))
    elif multi:
        w_arr = np.asarray([d.get(weight, 1) for nbrs in adj.values()
                            for keys in nbrs.values() for d in keys.values()], dtype=float)
    else:
        datas = chain.from_iterable(nbrs.values() for nbrs in adj.values())
        w_arr = np.asarray(list(map(methodcaller("get", weight, 1), datas)), dtype=float)
    keep = row_arr != col_arr
    if not keep.all():
        row_arr, col_arr, w_arr = row_arr[keep], col_arr[keep], w_arr[keep]
    for array in (row_arr, col_arr, w_arr):
        array.setflags(write=False)
    return nodes, row_arr, col_arr, w_arr


def _pattern(n: int, u: np.ndarray, v: np.ndarray, symmetric: bool) -> sp.csr_array:
    """0/1 adjacency matrix (CSR, canonical), symmetrised when ``symmetric``."""
    if symmetric:
        u, v = np.concatenate([u, v]), np.concatenate([v, u])
    a = sp.csr_array((np.ones(len(u)), (u, v)), shape=(n, n))
    a.sum_duplicates()
    a.data[:] = 1.0
    return a


def _undirected_simple(network: nx.Graph) -> tuple[list[Hashable], np.ndarray, np.ndarray]:
    """Nodes and the CSR (indptr, indices) of the simple undirected version."""
    nodes, u, v, _ = _adjacency(network, None)
    a = _pattern(len(nodes), u, v, symmetric=network.is_directed())
    return nodes, a.indptr, a.indices


def _partition_values(
    network: nx.Graph, nodes: list[Hashable], partition: Partition
) -> list[Any]:
    """Each node's partition value (None when unknown)."""
    if partition is None:
        return [None] * len(nodes)
    if isinstance(partition, str):
        attrs = network.nodes
        return [attrs[v].get(partition) for v in nodes]
    return [partition.get(v) for v in nodes]


def _codes(values: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """Integer codes of partition values (-1 for None) and the categories."""
    categories = sorted({x for x in values if x is not None}, key=str)
    code_of = {c: i for i, c in enumerate(categories)}
    codes = np.fromiter(
        (code_of[x] if x is not None else -1 for x in values), dtype=np.int64, count=len(values)
    )
    return codes, categories


def _node_info(network: nx.Graph, node: Hashable, partition: Partition) -> dict[str, Any]:
    attrs = network.nodes[node]
    info: dict[str, Any] = {"id": node, "name": attrs.get("name")}
    if isinstance(partition, str):
        info[partition] = attrs.get(partition)
    elif partition is not None:
        info["partition"] = partition.get(node)
    if "sector" not in info:
        info["sector"] = attrs.get("sector")
    return info


# ---------------------------------------------------------------------------
# Betweenness
# ---------------------------------------------------------------------------


@dataclass
class BetweennessResult:
    """Betweenness of every node, and how it was obtained.

    ``values`` maps node to betweenness; ``method`` is ``"exact"`` (every node a
    source) or ``"sampled"`` (``sample_size`` source nodes drawn with ``seed``);
    ``normalized`` says whether values are shares of the node pairs (see
    :func:`betweenness`); ``n`` is the number of nodes.
    """

    values: dict[Hashable, float]
    method: Literal["exact", "sampled"]
    sample_size: int
    seed: int | None
    normalized: bool
    n: int
    directed: bool = False
    sources: list[Hashable] = field(default_factory=list, repr=False)

    def top(self, k: int = 10) -> list[tuple[Hashable, float]]:
        """The ``k`` highest-scoring nodes, highest first (ties by node id)."""
        return sorted(self.values.items(), key=lambda kv: (-kv[1], str(kv[0])))[:k]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: how it was computed, and ``values`` as
        ``[{"id", "betweenness"}]`` rows, highest first (ties by id)."""
        return {
            "method": self.method,
            "sample_size": self.sample_size,
            "seed": self.seed,
            "normalized": self.normalized,
            "n": self.n,
            "directed": self.directed,
            "values": [{"id": v, "betweenness": float(b)} for v, b in self.top(self.n)],
        }


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


def _brandes_batched(
    adj: sp.csr_array, adj_t: sp.csr_array, sources: np.ndarray
) -> np.ndarray:
    """Sum over ``sources`` of Brandes' dependencies delta_s(v), endpoints excluded.

    ``adj[u, v] = 1`` for a tie u -> v (symmetric for undirected graphs). Sources
    are processed in batches, one column per source and each batch searched in
    chunks: each BFS level is one sparse-matrix by dense-matrix product, forward
    (path counts sigma, :func:`_forward`) and backward (dependencies,
    :func:`_backward`), as in the linear-algebra formulation of Brandes'
    algorithm (Kepner & Gilbert 2011, ch. 6), restricted to the rows that can
    change at that level. A batch's dependencies are summed together.
    """
    n = adj.shape[0]
    bc = np.zeros(n)
    if n == 0 or len(sources) == 0:
        return bc
    batch = int(max(1, min(len(sources), _BATCH_SOURCES, _BATCH_BYTES // (n * 8 * 6))))
    chunk = int(max(1, min(_MAX_CHUNK_SOURCES, _CHUNK_BYTES // (n * 8))))
    # whole batches per chunk, or chunks within a batch
    chunk = chunk - chunk % batch if chunk >= batch else chunk
    adj, adj_t = _compact(adj), (_compact(adj_t) if adj_t is not adj else None)
    adj_t = adj if adj_t is None else adj_t
    degrees = (np.diff(adj.indptr), np.diff(adj_t.indptr))
    for start in range(0, len(sources), max(batch, chunk)):
        src = sources[start : start + max(batch, chunk)]
        delta = np.empty((n, len(src)))
        for first in range(0, len(src), chunk):
            part = src[first : first + chunk]
            sigma, depths = _forward(adj, adj_t, degrees, part)
            delta[:, first : first + len(part)] = _backward(adj, adj_t, degrees, sigma, depths)
        for first in range(0, len(src), batch):
            bc += np.ascontiguousarray(delta[:, first : first + batch]).sum(axis=1)
    return bc


def _rescale(
    raw: np.ndarray,
    n: int,
    *,
    normalized: bool,
    directed: bool,
    source_mask: np.ndarray | None,
) -> np.ndarray:
    """NetworkX's rescaling of raw dependencies (``endpoints=False``)."""
    big_n = n - 1  # pairs (s, t) with s != t that can pass through v, v != t
    if big_n < 2:
        return raw
    correction = 1 if directed else 2
    if source_mask is None:
        scale = 1 / (big_n * (big_n - 1)) if normalized else big_n / (big_n * correction)
        return raw * scale
    k = int(source_mask.sum())
    if normalized:
        s_source = 1 / ((k - 1) * (big_n - 1))
        s_other = 1 / (k * (big_n - 1))
    else:
        s_source = big_n / ((k - 1) * correction)
        s_other = big_n / (k * correction)
    return raw * np.where(source_mask, s_source, s_other)


def betweenness(
    network: nx.Graph,
    mode: Literal["auto", "exact", "sampled"] = "auto",
    exact_limit: int = EXACT_LIMIT,
    k: int | None = None,
    seed: int | None = None,
    normalized: bool = True,
    distance: str | None = None,
) -> BetweennessResult:
    r"""Shortest-path betweenness of every node, exact or estimated from a sample.

    The betweenness of ``v`` is the share of shortest paths between other people
    that pass through ``v`` (Freeman 1977):

    .. math::

       c_B(v) = \sum_{s \ne v \ne t} \frac{\sigma(s, t \mid v)}{\sigma(s, t)}

    where :math:`\sigma(s, t)` is the number of shortest paths from ``s`` to ``t``
    and :math:`\sigma(s, t \mid v)` the number passing through ``v``. It is
    computed with Brandes' (2001) accumulation of dependencies, vectorised as
    sparse-by-dense matrix products over batches of sources; the tests check it
    equals :func:`networkx.betweenness_centrality` (``endpoints=False``).

    **Exact or sampled.** With ``mode="auto"`` the computation is exact (every node
    a source) when the network has at most ``exact_limit`` nodes, and sampled
    beyond it; ``mode="exact"`` or ``"sampled"`` forces one. A sampled estimate
    uses ``k`` source nodes ("pivots", Brandes & Pich 2007; default
    ``min(n, 500)``) drawn uniformly without replacement with
    ``random.Random(seed).sample(list(network), k)`` -- the same draw as
    :func:`networkx.betweenness_centrality` with the same ``k`` and ``seed``, so the
    two agree -- and the dependencies are scaled up by ``(n - 1) / k`` (by
    ``(n - 1) / (k - 1)`` for the pivots themselves, which cannot lie on their
    own paths), NetworkX's unbiased rescaling. When no ``seed`` is given one is
    drawn and reported, so every estimate can be reproduced. A sample of ``k >= n``
    is the exact computation and is reported as such.

    **Weights.** By default every tie counts as one step (``distance=None``).
    Tie weights in the person network are intensities (meetings attended
    together, contacts a month): a heavier tie is a *closer* one, not a longer
    one, so they cannot serve as path lengths directly. To weight paths, name an
    edge attribute holding a *length* in ``distance`` -- :func:`with_distance`
    adds ``1 / weight`` as one -- and paths are then shortest by total length
    (Dijkstra, as :func:`networkx.betweenness_centrality` with ``weight=distance``,
    to which this case is delegated, with the same sampling and scaling; of
    parallel edges the shortest counts). The weighted case is O(nm + n^2 log n)
    in pure Python: fine for a partnership, slow for 100,000 people.

    **Direction.** For a directed graph paths follow the ties' direction and
    ordered pairs (s, t) are counted; an undirected graph counts each unordered
    pair once.

    **Normalisation** (NetworkX's): with ``normalized=True`` values are divided by
    the number of pairs of other nodes -- :math:`(n-1)(n-2)` ordered pairs for a
    directed graph, :math:`(n-1)(n-2)/2` unordered pairs for an undirected one (a
    factor :math:`2/((n-1)(n-2))` on the sum over unordered pairs) -- so values lie
    in [0, 1]. With ``normalized=False`` the undirected values are the sum over
    unordered pairs. Graphs of fewer than three nodes score 0 throughout.

    **Isolates** and leaves score 0. Ties between equal shortest paths share the
    pair's credit equally (the :math:`1/\sigma(s,t)` above).

    Parameters
    ----------
    network : networkx graph (directed or not; multigraphs are simplified)
    mode : "auto", "exact" or "sampled"
    exact_limit : largest node count computed exactly in ``"auto"`` mode
    k : number of source nodes of a sampled estimate (default ``min(n, 500)``)
    seed : seed of the sample (drawn and reported when None)
    normalized : divide by the number of pairs of other nodes (default True)
    distance : edge attribute read as the length of a tie (default None: hops)

    Returns
    -------
    BetweennessResult
        ``values`` (node -> betweenness), ``method``, ``sample_size`` (number of
        source nodes: ``n`` when exact), ``seed`` (None when exact), ``normalized``,
        ``n``, ``directed`` and, for a sample, the ``sources`` drawn.

    References
    ----------
    Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
    Brandes, U. (2001). A faster algorithm for betweenness centrality.
    Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
    """
    if mode not in ("auto", "exact", "sampled"):
        raise ValueError(f"mode must be 'auto', 'exact' or 'sampled', not {mode!r}")
    directed = network.is_directed()
    nodes, u, v, _ = _adjacency(network, None)
    n = len(nodes)
    sampled = mode == "sampled" or (mode == "auto" and n > exact_limit)
    size = min(n, DEFAULT_SAMPLE_SIZE) if k is None else int(k)
    if sampled and size >= n:
        sampled = False
    if sampled and size < 2:
        raise ValueError(f"a sampled betweenness needs at least 2 source nodes, not {size}")
    if sampled and seed is None:
        seed = random.SystemRandom().randrange(2**31)
    if distance is not None:
        values_nx = nx.betweenness_centrality(
            network, k=size if sampled else None, normalized=normalized, weight=distance,
            seed=seed if sampled else None)
        chosen_nx = random.Random(seed).sample(nodes, size) if sampled else []
        return BetweennessResult(
            {x: float(values_nx[x]) for x in nodes}, "sampled" if sampled else "exact",
            size if sampled else n, seed if sampled else None, normalized, n, directed,
            chosen_nx)
    adj = _pattern(n, u, v, symmetric=False)
    adj_t = adj.T.tocsr() if directed else adj
    if not sampled:
        raw = _brandes_batched(adj, adj_t, np.arange(n))
        values = _rescale(raw, n, normalized=normalized, directed=directed, source_mask=None)
        return BetweennessResult(
            dict(zip(nodes, values.tolist(), strict=True)),
            "exact", n, None, normalized, n, directed,
        )
    index = {x: i for i, x in enumerate(nodes)}
    chosen = random.Random(seed).sample(nodes, size)
    sources = np.fromiter((index[x] for x in chosen), dtype=np.int64, count=size)
    mask = np.zeros(n, dtype=bool)
    mask[sources] = True
    raw = _brandes_batched(adj, adj_t, sources)
    values = _rescale(raw, n, normalized=normalized, directed=directed, source_mask=mask)
    return BetweennessResult(
        dict(zip(nodes, values.tolist(), strict=True)),
        "sampled", size, seed, normalized, n, directed, chosen,
    )


def with_distance(network: nx.Graph, weight: str = "weight", distance: str = "distance"
                  ) -> nx.Graph:
    r"""A copy of ``network`` whose ties carry a length ``distance = 1 / weight``.

    Turns an intensity (meetings attended together, contacts a month) into a
    path length for :func:`betweenness` (``distance="distance"``): a tie twice
    as strong is half as long. A tie with no ``weight`` gets length 1; a weight
    of 0 or less gets an infinite length (no path runs through it in practice).
    The input graph is not changed.
    """
    out = network.copy()
    edges = out.edges(keys=True, data=True) if out.is_multigraph() else out.edges(data=True)
    for *_, data in edges:
        w = data.get(weight, 1)
        data[distance] = 1.0 / w if w and w > 0 else math.inf
    return out


# ---------------------------------------------------------------------------
# Burt's structural holes
# ---------------------------------------------------------------------------


def _ranked_ties(m: sp.csr_array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
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


def _triangle_blocks(key: np.ndarray, head: np.ndarray, tail: np.ndarray, n: int
                     ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every triangle of a graph once, in blocks, from its ties as :func:`_ranked_ties`
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


def _common_neighbour_sums(m: sp.csr_array, factors: list[np.ndarray | None]
                           ) -> list[np.ndarray]:
    """``S_ij = sum_q m_iq f_q m_qj`` over the common neighbours q of i and j, for
    every stored entry (i, j) of ``m`` (CSR order) and every factor ``f`` (None: 1).

    ``m`` is symmetric and canonical with no diagonal, so ``S`` is ``(m F m)``
    restricted to the ties -- the sparse product masked by the pattern of ``m``.
    It is summed over triangles (:func:`_triangle_blocks`) rather than taken as
    a product: every triangle is found once and adds the contribution of its
    third node to each of its three ties.
    """
    n = m.shape[0]
    rank, key, head, tail, w = _ranked_ties(m)
    n_ties = len(key)
    by_rank = [None if f is None else _by_rank(f, rank) for f in factors]
    sums = [np.zeros(n_ties) for _ in factors]
    for e1, e2, e3 in _triangle_blocks(key, head, tail, n):
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


@dataclass
class _Holes:
    nodes: list[Hashable]
    degree: np.ndarray
    constraint: np.ndarray
    effective_size: np.ndarray


def _structural_holes(network: nx.Graph, weight: str | None, constraint_wanted: bool = True,
                      size_wanted: bool = True) -> _Holes:
    """Constraint and effective size (each only when wanted: NaN otherwise)."""
    nodes, u, v, w = _adjacency(network, weight)
    n = len(nodes)
    if np.any(w < 0) or np.any(np.isnan(w)):
        raise ValueError("structural-hole measures need non-negative tie weights")
    # Mutual weights (NetworkX's a_ij + a_ji): a directed tie adds its weight to
    # both directions, so a reciprocated tie counts the sum of its two weights. An
    # undirected graph already lists each tie both ways (NetworkX's doubling of
    # undirected weights cancels in every proportion below). Ties of total weight
    # 0 are no ties.
    if network.is_directed():
        u, v, w = np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w])
    m = sp.csr_array((w, (u, v)), shape=(n, n))
    m.sum_duplicates()
    m.eliminate_zeros()
    m.sort_indices()
    degree = np.diff(m.indptr)
    rows = np.repeat(np.arange(n), degree)
    cols = m.indices
    total = np.bincount(rows, weights=m.data, minlength=n)
    peak = np.zeros(n)
    if m.nnz:
        np.maximum.at(peak, rows, m.data)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_data = m.data / total[rows]
    # Constraint: c_i = sum_{j in N(i)} (p_ij + sum_q p_iq p_qj)^2, where
    # sum_q p_iq p_qj = (1 / t_i) sum_q m_iq m_qj / t_q (t: total tie weight).
    # Effective size: e_i = sum_{j in N(i)} (1 - sum_q p_iq m_jq / peak_j)
    #                     = deg_i - (1 / t_i) sum_{j in N(i)} (sum_q m_iq m_qj) / peak_j.
    factors: list[np.ndarray | None] = []
    if constraint_wanted:
        with np.errstate(divide="ignore"):
            factors.append(1.0 / total)
    if size_wanted:
        factors.append(None)
    sums = _common_neighbour_sums(m, factors) if m.nnz else [np.zeros(0) for _ in factors]
    constraint = np.full(n, np.nan)
    esize = np.full(n, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        if constraint_wanted:
            indirect = sums.pop(0) / total[rows]
            constraint = np.bincount(rows, weights=(p_data + indirect) ** 2, minlength=n)
        if size_wanted:
            redundancy = np.bincount(rows, weights=sums.pop(0) / peak[cols], minlength=n) / total
            esize = degree - redundancy
    isolated = degree == 0
    constraint = constraint.astype(float)  # bincount of no ties at all is an int array
    constraint[isolated] = np.nan
    esize = esize.astype(float)
    esize[isolated] = np.nan
    return _Holes(nodes, degree, constraint, esize)


def burt_constraint(network: nx.Graph, weight: str | None = "weight") -> dict[Hashable, float]:
    r"""Burt's constraint of every node: how far its contacts are tied to each other.

    .. math::

       c_i = \sum_{j \in N(i)} \Big( p_{ij} + \sum_{q \in N(i)} p_{iq} p_{qj} \Big)^2,
       \qquad p_{ij} = \frac{a_{ij} + a_{ji}}{\sum_{k \in N(i)} (a_{ik} + a_{ki})}

    where :math:`N(i)` are ``i``'s neighbours (in- and out-) and :math:`a_{ij}` the
    weight of the tie i -> j (0 when absent). A broker whose contacts are not tied
    to one another has low constraint (close to :math:`1/|N(i)|`); someone
    embedded in one closed clique, or hanging on a single contact, approaches 1.

    **Weights**: the ``weight`` attribute (1 when an edge lacks it, or when
    ``weight`` is None); weights must be non-negative and a tie of weight 0 is no
    tie. **Isolates** (no tie of positive weight, self-loops ignored) get NaN.

    **Direction**: for a :class:`~networkx.DiGraph` the proportions use mutual
    weights :math:`a_{ij} + a_{ji}` over all in- and out-neighbours, exactly as
    :func:`networkx.constraint` -- the graph is read as undirected with a
    reciprocated tie counting the sum of its two weights. The one difference from
    NetworkX: its node-by-node code gives NaN to a node with no *out*-ties even if
    others tie to it; here (as in NetworkX's all-nodes sparse code) only a node
    with no ties in either direction is NaN.

    Equal to :func:`networkx.constraint` with the same ``weight`` (to 1e-9 in the
    tests) and computed with sparse matrices (the indirect term, a sparse
    product restricted to the ties, is summed over the triangles, each found
    once), so it scales to large networks.

    Returns a dict node -> constraint.

    Reference: Burt, R. S. (1992). *Structural Holes*, ch. 2.
    """
    holes = _structural_holes(network, weight, size_wanted=False)
    return dict(zip(holes.nodes, holes.constraint.tolist(), strict=True))


def effective_size(network: nx.Graph, weight: str | None = "weight") -> dict[Hashable, float]:
    r"""Burt's effective size of every node's ego network: its non-redundant contacts.

    .. math::

       e_i = \sum_{j \in N(i)} \Big( 1 - \sum_{q \in N(i)} p_{iq}\, m_{jq} \Big),
       \qquad m_{jq} = \frac{a_{jq} + a_{qj}}{\max_{k \in N(j)} (a_{jk} + a_{kj})}

    with :math:`p_{iq}` the proportional tie strength of :func:`burt_constraint`.
    For an unweighted undirected graph this is Borgatti's (1997) simplification
    :math:`e_i = n_i - 2 t_i / n_i` (:math:`n_i` neighbours, :math:`t_i` ties among
    them): a GP whose 5 contacts all know each other has effective size 1, one
    whose 5 contacts are strangers to each other has 5.

    Weights, isolates (NaN) and direction as for :func:`burt_constraint`. Equal
    (tested to 1e-9) to :func:`networkx.effective_size` computed node by node
    (``nodes=list(G)``), which follows Burt's definition above, and to its
    all-nodes sparse path whenever every tie has the same mutual weight
    (unweighted undirected graphs). NetworkX 3.6's all-nodes path divides
    :math:`a_{jq} + a_{qj}` by the largest mutual weight of ``q`` instead of ``j``
    (a broadcasting slip), so on weighted graphs, or directed graphs with
    reciprocated ties, ``nx.effective_size(G, weight=...)`` without ``nodes``
    differs from Burt's formula and from this function. Isolates: NetworkX's
    node-by-node path gives NaN to a directed node with in-ties only; here only
    a node with no ties either way is NaN. No dense n-by-n intermediate is built.

    Returns a dict node -> effective size.

    References: Burt (1992), *Structural Holes*; Borgatti, S. P. (1997).
    Structural holes: unpacking Burt's redundancy measures. *Connections* 20(1).
    """
    holes = _structural_holes(network, weight, constraint_wanted=False)
    return dict(zip(holes.nodes, holes.effective_size.tolist(), strict=True))


def efficiency(network: nx.Graph, weight: str | None = "weight") -> dict[Hashable, float]:
    r"""Burt's efficiency of every node: effective size per contact.

    .. math::

       \mathrm{eff}_i = e_i / |N(i)|

    where :math:`e_i` is :func:`effective_size` and :math:`|N(i)|` the number of
    distinct neighbours (in- or out-, ties of positive weight). It lies in
    (0, 1]: 1 when no two contacts are tied. (This is Burt's ego-network
    efficiency, not NetworkX's ``global_efficiency``; NetworkX has no function
    for it and documents it as ``effective_size[v] / G.degree(v)``, which this
    equals on simple undirected graphs.) Isolates get NaN; weights and direction
    as for :func:`burt_constraint` (for a directed graph :math:`|N(i)|` counts a
    reciprocated pair once, where ``G.degree`` would count it twice).

    Returns a dict node -> efficiency.

    Reference: Burt (1992), *Structural Holes*, p. 52.
    """
    holes = _structural_holes(network, weight, constraint_wanted=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        eff = holes.effective_size / holes.degree
    return dict(zip(holes.nodes, eff.tolist(), strict=True))


def structural_holes(network: nx.Graph, weight: str | None = "weight") -> list[dict[str, Any]]:
    """Constraint, effective size and efficiency of every node in one pass.

    One row per node: ``id``, ``name``, ``sector``, ``degree`` (distinct
    neighbours), ``constraint``, ``effective_size``, ``efficiency`` -- each as
    defined in :func:`burt_constraint`, :func:`effective_size` and
    :func:`efficiency` (NaN for isolates). Rows are in ascending constraint
    (brokers first; isolates last), ties by id.
    """
    holes = _structural_holes(network, weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        eff = holes.effective_size / holes.degree
    rows = []
    for i, node in enumerate(holes.nodes):
        row = _node_info(network, node, None)
        row.update(
            degree=int(holes.degree[i]),
            constraint=float(holes.constraint[i]),
            effective_size=float(holes.effective_size[i]),
            efficiency=float(eff[i]),
        )
        rows.append(row)
    rows.sort(key=lambda r: (math.isnan(r["constraint"]),
                             0.0 if math.isnan(r["constraint"]) else r["constraint"],
                             str(r["id"])))
    return rows


# ---------------------------------------------------------------------------
# Cut points: articulation points, bridges, broker removal
# ---------------------------------------------------------------------------


@dataclass
class _DFS:
    """Tarjan's depth-first search of the simple undirected version of a graph."""

    nodes: list[Hashable]
    disc: np.ndarray  # preorder number = position in ``order``
    size: np.ndarray  # subtree size
    root: np.ndarray  # root (index) of each node's component
    sep_children: list[list[int]]  # children c with low[c] >= disc[v]
    bridge_children: list[tuple[int, int]]  # tree edges (parent, child) that are bridges
    order: np.ndarray  # nodes in preorder


def _dfs(network: nx.Graph) -> _DFS:
    """The depth-first search of ``network``, once per graph (shared: read it only)."""
    return cached_on_graph(network, "netan.dfs", lambda: _search(network))


def _search(network: nx.Graph) -> _DFS:
    nodes, indptr_arr, indices_arr = _undirected_simple(network)
    n = len(nodes)
    indptr = indptr_arr.tolist()
    indices = indices_arr.tolist()
    disc = [-1] * n
    low = [0] * n
    parent = [-1] * n
    size = [1] * n
    root_of = [0] * n
    nxt = indptr[:-1]
    sep: list[list[int]] = [[] for _ in range(n)]
    bridge_children: list[tuple[int, int]] = []
    order: list[int] = []
    t = 0
    for r in range(n):
        if disc[r] >= 0:
            continue
        disc[r] = low[r] = t
        t += 1
        order.append(r)
        root_of[r] = r
        stack = [r]
        while stack:
            x = stack[-1]
            i = nxt[x]
            if i < indptr[x + 1]:
                nxt[x] = i + 1
                y = indices[i]
                if disc[y] < 0:
                    parent[y] = x
                    disc[y] = low[y] = t
                    t += 1
                    order.append(y)
                    root_of[y] = r
                    stack.append(y)
                elif y != parent[x] and disc[y] < low[x]:
                    low[x] = disc[y]
            else:
                stack.pop()
                p = parent[x]
                if p >= 0:
                    if low[x] < low[p]:
                        low[p] = low[x]
                    size[p] += size[x]
                    if low[x] >= disc[p]:
                        sep[p].append(x)
                        if low[x] > disc[p]:
                            bridge_children.append((p, x))
    return _DFS(
        nodes,
        np.asarray(disc, dtype=np.int64),
        np.asarray(size, dtype=np.int64),
        np.asarray(root_of, dtype=np.int64),
        sep,
        bridge_children,
        np.asarray(order, dtype=np.int64),
    )


@dataclass
class _CutRow:
    pieces: list[int]
    pairs_disconnected: int
    cross_pairs_cut: int
    cross_pairs_before: int


def _cut_table(dfs: _DFS, codes: np.ndarray, candidates: Iterable[int] | None = None
               ) -> dict[int, _CutRow]:
    """For every cut vertex (among ``candidates``): the pieces its removal leaves
    and the pairs (all / cross-partition) it disconnects.

    Subtrees are contiguous in preorder, so the partition counts of a piece are
    differences of prefix sums; the "rest" piece (the parent's side) is the
    component minus the node minus its separated subtrees. Cross-partition pairs
    are counted as (cross pairs among the other nodes of the component) minus
    (cross pairs still inside one piece), never by enumerating pairs.
    """
    n = len(dfs.nodes)
    comp_size = dfs.size[dfs.root]
    wanted = range(n) if candidates is None else candidates
    owners: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    aps: list[int] = []
    for v in wanted:
        sep = dfs.sep_children[v]
        if not sep:
            continue
        sub = int(dfs.size[sep].sum())
        rest = int(comp_size[v]) - 1 - sub
        if len(sep) + (rest > 0) < 2:
            continue
        aps.append(v)
        for c in sep:
            owners.append(v)
            starts.append(int(dfs.disc[c]))
            ends.append(int(dfs.disc[c] + dfs.size[c]))
    if not aps:
        return {}
    ap = np.asarray(aps, dtype=np.int64)
    slot = np.full(n, -1, dtype=np.int64)
    slot[ap] = np.arange(len(ap))
    own = slot[np.asarray(owners, dtype=np.int64)]
    st = np.asarray(starts, dtype=np.int64)
    en = np.asarray(ends, dtype=np.int64)
    comp_start = dfs.disc[dfs.root[ap]]
    comp_end = comp_start + comp_size[ap]
    ordered = codes[dfs.order]
    known = np.concatenate([[0], np.cumsum(ordered >= 0)])
    # Known-partition counts: per subtree piece, per rest piece, per component - v.
    k_sub = known[en] - known[st]
    k_sub_sum = np.bincount(own, weights=k_sub, minlength=len(ap))
    k_self = (codes[ap] >= 0).astype(np.int64)
    k_total = known[comp_end] - known[comp_start] - k_self  # others in the component
    k_rest = k_total - k_sub_sum
    sq_sub = np.zeros(len(own))  # sum_s c_is^2 per subtree piece
    sq_rest = np.zeros(len(ap))
    sq_total = np.zeros(len(ap))  # sum_s T_s^2
    n_cat = int(codes.max()) + 1 if len(codes) else 0
    block = 64
    for c0 in range(0, n_cat, block):
        cats = np.arange(c0, min(n_cat, c0 + block))
        onehot = (ordered[:, None] == cats[None, :]).astype(np.int64)
        cum = np.vstack([np.zeros((1, len(cats)), dtype=np.int64), np.cumsum(onehot, axis=0)])
        c_sub = cum[en] - cum[st]
        self_hot = (codes[ap][:, None] == cats[None, :]).astype(np.int64)
        c_total = cum[comp_end] - cum[comp_start] - self_hot
        c_sub_sum = np.zeros((len(ap), len(cats)), dtype=np.int64)
        np.add.at(c_sub_sum, own, c_sub)
        c_rest = c_total - c_sub_sum
        sq_sub += (c_sub.astype(float) ** 2).sum(axis=1)
        sq_rest += (c_rest.astype(float) ** 2).sum(axis=1)
        sq_total += (c_total.astype(float) ** 2).sum(axis=1)
    within_sub = np.bincount(own, weights=k_sub.astype(float) ** 2 - sq_sub, minlength=len(ap))
    within = within_sub + (k_rest.astype(float) ** 2 - sq_rest)
    before = k_total.astype(float) ** 2 - sq_total
    cross_cut = np.rint((before - within) / 2).astype(np.int64)
    cross_before = np.rint(before / 2).astype(np.int64)
    sizes_sub = en - st
    piece_lists: list[list[int]] = [[] for _ in ap]
    for o, s in zip(own.tolist(), sizes_sub.tolist(), strict=True):
        piece_lists[o].append(s)
    out: dict[int, _CutRow] = {}
    for j, v in enumerate(aps):
        pieces = piece_lists[j]
        rest = int(comp_size[v]) - 1 - sum(pieces)
        if rest > 0:
            pieces.append(rest)
        pieces.sort(reverse=True)
        total = sum(pieces)
        pairs = (total * total - sum(x * x for x in pieces)) // 2
        out[v] = _CutRow(pieces, pairs, int(cross_cut[j]), int(cross_before[j]))
    return out


def articulation_points(network: nx.Graph, partition: Partition = "sector"
                        ) -> list[dict[str, Any]]:
    """The people whose removal splits their component: cut vertices.

    A node is an articulation point when removing it (and its ties) leaves its
    connected component in two or more pieces (Hopcroft & Tarjan 1973; the same
    set as :func:`networkx.articulation_points`). Directed graphs are read as
    undirected (weak connectivity); isolates and leaves are never articulation
    points.

    One row per articulation point:

    * ``id``, ``name``, ``sector`` (and the ``partition`` attribute when another
      one is named), ``degree`` (distinct neighbours);
    * ``component_size``: nodes in its component, itself included;
    * ``pieces``: sizes of the pieces its removal leaves, largest first;
    * ``split_off``: nodes cut off from the largest piece
      (``component_size - 1 - pieces[0]``);
    * ``pairs_disconnected``: unordered pairs of other nodes that lose every path;
    * ``cross_pairs_cut``: those of them whose two ends differ in ``partition``
      (nodes with no value are left out), as in :func:`broker_removal_impact`.

    Rows are sorted by ``split_off``, then ``pairs_disconnected``, descending
    (ties by id). Runs in O(n + m): one iterative depth-first search.
    """
    dfs = _dfs(network)
    codes, _ = _codes(_partition_values(network, dfs.nodes, partition))
    table = _cut_table(dfs, codes)
    degree = dict(_undirected_degree(network))
    rows = []
    for v, cut in table.items():
        node = dfs.nodes[v]
        row = _node_info(network, node, partition)
        row.update(
            degree=degree[node],
            component_size=sum(cut.pieces) + 1,
            pieces=cut.pieces,
            split_off=sum(cut.pieces) - cut.pieces[0],
            pairs_disconnected=cut.pairs_disconnected,
            cross_pairs_cut=cut.cross_pairs_cut,
        )
        rows.append(row)
    rows.sort(key=lambda r: (-r["split_off"], -r["pairs_disconnected"], str(r["id"])))
    return rows


def _undirected_degree(network: nx.Graph) -> Iterator[tuple[Hashable, int]]:
    if network.is_directed():
        for v in network:
            yield v, len((set(network.successors(v)) | set(network.predecessors(v))) - {v})
    else:
        for v in network:
            yield v, len(set(network.adj[v]) - {v})


def bridges(network: nx.Graph, partition: Partition = "sector") -> list[dict[str, Any]]:
    """The ties whose removal splits their component (cut edges).

    A tie is a bridge when it lies on no cycle, so that removing it (the two
    people staying) disconnects its ends (the same set as
    :func:`networkx.bridges` on the simple undirected graph). Directed graphs are
    read as undirected; parallel edges are merged, so a pair tied twice over one
    route is still a bridge when that pair is the only route.

    One row per bridge: ``source``, ``target`` (the DFS parent-side end first),
    ``source_name``, ``target_name``, ``source_sector``, ``target_sector`` (the
    ``partition`` values), ``cross_partition`` (the two ends differ in partition),
    ``source_side`` and ``target_side`` (nodes left on each side), ``split_off``
    (the smaller side) and ``pairs_disconnected`` (``source_side * target_side``).
    Sorted by ``split_off`` descending, ties by ids.
    """
    dfs = _dfs(network)
    values = _partition_values(network, dfs.nodes, partition)
    rows = []
    attrs = network.nodes
    for p, c in dfs.bridge_children:
        below = int(dfs.size[c])
        above = int(dfs.size[dfs.root[p]]) - below
        u, v = dfs.nodes[p], dfs.nodes[c]
        pu, pv = values[p], values[c]
        rows.append({
            "source": u,
            "target": v,
            "source_name": attrs[u].get("name"),
            "target_name": attrs[v].get("name"),
            "source_sector": pu,
            "target_sector": pv,
            "cross_partition": pu is not None and pv is not None and pu != pv,
            "source_side": above,
            "target_side": below,
            "split_off": min(above, below),
            "pairs_disconnected": above * below,
        })
    rows.sort(key=lambda r: (-r["split_off"], str(r["source"]), str(r["target"])))
    return rows


def _neighbours(network: nx.Graph) -> Callable[[Hashable], Iterable[Hashable]]:
    if network.is_directed():
        return lambda x: (*network.successors(x), *network.predecessors(x))
    return lambda x: network.adj[x]


def broker_removal_impact(
    network: nx.Graph,
    broker: Hashable,
    partition: Partition = "sector",
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> dict[str, Any]:
    """What-if: the cross-sector pairs that lose every path when ``broker`` leaves.

    Counts the unordered pairs {u, v} of people, both other than ``broker``, whose
    ``partition`` values (default: sector) are known and different, that are
    connected in ``network`` now and have no path once ``broker`` and their ties
    are removed. These are the partnerships "lost with a career move" (Poxton 1999).
    Ties are read as undirected (weak connectivity); pairs with a missing
    partition value are not counted as cross-partition.

    The count comes from the sizes of the pieces the broker's component falls
    into, per partition value, not from enumerating pairs: with :math:`c_{is}` the
    people of value ``s`` in piece ``i``,

    .. math::

       \\text{cut} = \\tfrac12\\Big[\\big(K^2 - \\sum_s T_s^2\\big)
                     - \\sum_i \\big(k_i^2 - \\sum_s c_{is}^2\\big)\\Big]

    (:math:`k_i = \\sum_s c_{is}`, :math:`T_s = \\sum_i c_{is}`, :math:`K = \\sum_s
    T_s`): cross pairs among the others of the component minus those still inside
    one piece. A broker whose contacts have another route between them cuts 0.

    Parameters
    ----------
    network : networkx graph
    broker : the node to remove (KeyError when absent)
    partition : node attribute name (default ``"sector"``) or a mapping node -> value
    max_pairs : most pairs listed in ``pairs`` (all are counted)

    Returns
    -------
    dict
        ``broker``, ``name``, ``sector``; ``component_size`` (broker included);
        ``pieces`` (sizes, largest first); ``pairs_disconnected`` (all pairs cut);
        ``cross_pairs_before`` (cross pairs among the other people of the
        component); ``cross_pairs_cut`` (the count above) and ``share_cut``
        (cut / before, NaN when there were none); ``by_partition``: rows
        ``{a, b, pairs}`` per pair of values (a < b) with pairs cut; ``pairs``: up
        to ``max_pairs`` cut pairs ``(u, v)`` (pieces and ids in order);
        ``pairs_truncated``.
    """
    if broker not in network:
        raise KeyError(f"{broker!r} is not in the network")
    nbrs = _neighbours(network)
    pieces: list[list[Hashable]] = []
    seen = {broker}
    for start in sorted(set(nbrs(broker)) - {broker}, key=str):
        if start in seen:
            continue
        seen.add(start)
        piece = [start]
        frontier = [start]
        while frontier:
            x = frontier.pop()
            for y in nbrs(x):
                if y not in seen:
                    seen.add(y)
                    piece.append(y)
                    frontier.append(y)
        pieces.append(sorted(piece, key=str))
    pieces.sort(key=lambda p: (-len(p), str(p[0])))
    if isinstance(partition, str):
        value_of: Callable[[Hashable], Any] = lambda x: network.nodes[x].get(partition)  # noqa: E731
    elif partition is None:
        value_of = lambda x: None  # noqa: E731
    else:
        value_of = partition.get
    counts = []
    for piece in pieces:
        c: dict[Any, int] = {}
        for x in piece:
            s = value_of(x)
            if s is not None:
                c[s] = c.get(s, 0) + 1
        counts.append(c)
    totals: dict[Any, int] = {}
    for c in counts:
        for s, x in c.items():
            totals[s] = totals.get(s, 0) + x
    big_k = sum(totals.values())
    before = (big_k * big_k - sum(x * x for x in totals.values())) // 2
    within = sum((sum(c.values()) ** 2 - sum(x * x for x in c.values())) // 2 for c in counts)
    sizes = [len(p) for p in pieces]
    total = sum(sizes)
    by_partition = []
    values = sorted(totals, key=str)
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            pairs = totals[a] * totals[b] - sum(c.get(a, 0) * c.get(b, 0) for c in counts)
            if pairs:
                by_partition.append({"a": a, "b": b, "pairs": pairs})
    by_partition.sort(key=lambda r: (-r["pairs"], str(r["a"]), str(r["b"])))
    listed: list[list[Hashable]] = []
    truncated = False
    for i, first in enumerate(pieces):
        for second in pieces[i + 1 :]:
            for x in first:
                sx = value_of(x)
                if sx is None:
                    continue
                for y in second:
                    sy = value_of(y)
                    if sy is None or sy == sx:
                        continue
                    if len(listed) >= max_pairs:
                        truncated = True
                        break
                    listed.append([x, y])
                if truncated:
                    break
            if truncated:
                break
        if truncated:
            break
    info = _node_info(network, broker, partition)
    cut = before - within
    return {
        "broker": broker,
        "name": info["name"],
        "sector": info.get("sector"),
        "component_size": total + 1,
        "pieces": sizes,
        "pairs_disconnected": (total * total - sum(x * x for x in sizes)) // 2,
        "cross_pairs_before": before,
        "cross_pairs_cut": cut,
        "share_cut": cut / before if before else math.nan,
        "by_partition": by_partition,
        "pairs": listed,
        "pairs_truncated": truncated,
    }


def top_broker_impacts(
    network: nx.Graph,
    brokers: Iterable[Hashable] | None = None,
    partition: Partition = "sector",
    top: int | None = None,
) -> list[dict[str, Any]]:
    """The what-if of :func:`broker_removal_impact` for many brokers at once.

    For each node of ``brokers`` (default: every node) the counts of
    :func:`broker_removal_impact` without the pair lists -- ``broker``, ``name``,
    ``sector``, ``component_size``, ``pieces``, ``pairs_disconnected``,
    ``cross_pairs_before``, ``cross_pairs_cut``, ``share_cut`` -- computed for all
    of them from one depth-first search (O(n + m) plus the partition counts), so
    it can rank every person of a large network. Only articulation points cut
    anything; others get ``pieces`` of one (or none) and 0.

    Rows are sorted by ``cross_pairs_cut``, then ``pairs_disconnected``,
    descending (ties by id), and cut to the first ``top`` when given. Raises
    KeyError for a broker not in the network.
    """
    dfs = _dfs(network)
    index = {v: i for i, v in enumerate(dfs.nodes)}
    if brokers is None:
        chosen = list(range(len(dfs.nodes)))
    else:
        chosen = []
        for b in brokers:
            if b not in index:
                raise KeyError(f"{b!r} is not in the network")
            chosen.append(index[b])
        chosen = list(dict.fromkeys(chosen))
    codes, _ = _codes(_partition_values(network, dfs.nodes, partition))
    table = _cut_table(dfs, codes, chosen)
    comp_size = dfs.size[dfs.root]
    cache: dict[int, tuple[int, int, np.ndarray]] = {}
    rows = []
    for v in chosen:
        node = dfs.nodes[v]
        info = _node_info(network, node, partition)
        cut = table.get(v)
        if cut is None:
            others = int(comp_size[v]) - 1
            pieces = [others] if others else []
            before = _cross_pairs_in_component(dfs, codes, v, cache)
            cut = _CutRow(pieces, 0, 0, before)
        before = cut.cross_pairs_before
        rows.append({
            "broker": node,
            "name": info["name"],
            "sector": info.get("sector"),
            "component_size": int(comp_size[v]),
            "pieces": cut.pieces,
            "pairs_disconnected": cut.pairs_disconnected,
            "cross_pairs_before": before,
            "cross_pairs_cut": cut.cross_pairs_cut,
            "share_cut": cut.cross_pairs_cut / before if before else math.nan,
        })
    rows.sort(key=lambda r: (-r["cross_pairs_cut"], -r["pairs_disconnected"], str(r["broker"])))
    return rows if top is None else rows[:top]


def _cross_pairs_in_component(dfs: _DFS, codes: np.ndarray, v: int,
                              cache: dict[int, tuple[int, int, np.ndarray]]) -> int:
    """Cross-partition pairs among the nodes of ``v``'s component other than ``v``."""
    r = int(dfs.root[v])
    if r not in cache:
        start = int(dfs.disc[r])
        members = codes[dfs.order[start : start + int(dfs.size[r])]]
        counts = np.bincount(members[members >= 0]).astype(np.int64)
        cache[r] = (int(counts.sum()), int((counts**2).sum()), counts)
    total, sumsq, counts = cache[r]
    s = int(codes[v])
    if s >= 0:
        c = int(counts[s])
        total -= 1
        sumsq += (c - 1) ** 2 - c * c
    return (total * total - sumsq) // 2
