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
dataclass). Node ids are whatever the graph uses (person ids in netan). Each reads
as its definition and calls the kernels underneath by name for the counting that
must be fast at national scale: :func:`netan.kernels.brandes.dependency_sums`
(Brandes' dependencies, many sources at once), :func:`netan.kernels.triangles.
common_neighbour_sums` (the two-step term of Burt's measures, summed over
triangles) and :mod:`netan.kernels.cutpoints` (one depth-first search with low
points, and the pieces each cut node leaves). A network of 100,000 people and a
million ties is measured in about a minute of CPU (``benchmarks/bench_centrality.py``);
the tests check each definition against networkx (and python-igraph) on random
graphs.

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
from functools import cached_property
from typing import Any, Literal

import networkx as nx
import numpy as np
import scipy.sparse as sp

from netan.kernels import brandes, cutpoints, triangles
from netan.kernels.nxgraph import adjacency_arrays
from netan.queries import policy

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
DEFAULT_SAMPLE_SIZE = policy.BETWEENNESS_SAMPLE
#: Most work (sources x (stored ties + nodes)) that ``mode="auto"`` computes exactly.
EXACT_WORK = policy.EXACT_BETWEENNESS_WORK

#: Default cap on the pairs :func:`broker_removal_impact` lists (all are counted).
DEFAULT_MAX_PAIRS = 1000

Partition = str | Mapping[Hashable, Any] | None


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Ties:
    """A network's ties read once into arrays, for the measures below to share.

    ``nodes`` in the network's order; every adjacency entry ``u[i] -> v[i]`` as
    positions (an undirected tie both ways, a directed one as recorded; self-loops
    dropped; a multigraph's parallel edges each once). What the measures derive from
    them -- the matrices paths follow (:attr:`paths`), the depth-first search of the
    cut points (:attr:`forest`) -- is made on first use and kept with the value. Read
    one with :func:`read_ties` and pass it to each measure of the same, unchanged
    network (``ties=``); a measure given none reads its own.
    """

    nodes: list[Hashable]
    u: np.ndarray
    v: np.ndarray
    directed: bool

    @cached_property
    def paths(self) -> tuple[sp.csr_array, sp.csr_array]:
        """The 0/1 matrix of the ties paths can follow (``a[u, v] = 1`` for a tie
        u -> v) and its transpose (the same matrix when undirected): what
        :func:`betweenness` searches. Parallel edges are merged."""
        adj = brandes.pattern(len(self.nodes), self.u, self.v, symmetric=False)
        return adj, adj.T.tocsr() if self.directed else adj

    @cached_property
    def forest(self) -> cutpoints.DepthFirstForest:
        """The depth-first search of the simple undirected version (directed ties read
        both ways): the cut points' and bridges' search."""
        simple = brandes.pattern(len(self.nodes), self.u, self.v, symmetric=self.directed)
        return cutpoints.depth_first_forest(simple)


def read_ties(network: nx.Graph) -> Ties:
    """The :class:`Ties` of ``network``."""
    nodes, u, v, _ = adjacency_arrays(network, None)
    return Ties(nodes, u, v, network.is_directed())


def _ties_of(network: nx.Graph, ties: Ties | None) -> Ties:
    """``ties`` when given (checked to be of a network this size), else read."""
    if ties is None:
        return read_ties(network)
    if len(ties.nodes) != len(network) or ties.directed != network.is_directed():
        raise ValueError("the ties given were read from another network")
    return ties


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


def rescale_dependencies(
    raw: np.ndarray,
    n: int,
    *,
    normalized: bool,
    directed: bool,
    source_mask: np.ndarray | None,
) -> np.ndarray:
    """Betweenness from the summed dependencies ``raw`` of all sources (``source_mask``
    None) or of the sources marked in ``source_mask``: networkx's scaling
    (``endpoints=False``), as stated in :func:`betweenness` (normalisation; a
    sample's ``(n - 1) / k`` and ``(n - 1) / (k - 1)``)."""
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
    exact_work: int = EXACT_WORK,
    k: int | None = None,
    seed: int | None = None,
    normalized: bool = True,
    distance: str | None = None,
    ties: Ties | None = None,
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
    equals :func:`networkx.betweenness_centrality` (``endpoints=False``). The
    sources' searches are independent and, for a large network, shared out among
    worker processes, one per usable core (``NETAN_WORKERS`` sets the number; 1
    keeps one process); their sums are added in a fixed order, so the values are
    the same floats with any number of workers.

    **Exact or sampled.** With ``mode="auto"`` the computation is exact (every node
    a source) when its work, ``n (s + n)`` for ``n`` nodes and ``s`` stored ties
    (:func:`netan.queries.policy.betweenness_work`), is at most ``exact_work``, and
    sampled beyond it; ``mode="exact"`` or ``"sampled"`` forces one. A sampled estimate
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
    exact_work : most work computed exactly in ``"auto"`` mode
    k : number of source nodes of a sampled estimate (default ``min(n, 500)``)
    seed : seed of the sample (drawn and reported when None)
    normalized : divide by the number of pairs of other nodes (default True)
    distance : edge attribute read as the length of a tie (default None: hops)
    ties : the network's :class:`Ties`, when already read (default: read here)

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
    nodes = list(network)
    n = len(nodes)
    sampled = policy.betweenness_sampled(network, mode, exact_work)
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
    adj, adj_t = _ties_of(network, ties).paths
    if not sampled:
        raw = brandes.dependency_sums(adj, adj_t, np.arange(n))
        values = rescale_dependencies(raw, n, normalized=normalized, directed=directed,
                                      source_mask=None)
        return BetweennessResult(
            dict(zip(nodes, values.tolist(), strict=True)),
            "exact", n, None, normalized, n, directed,
        )
    index = {x: i for i, x in enumerate(nodes)}
    chosen = random.Random(seed).sample(nodes, size)
    sources = np.fromiter((index[x] for x in chosen), dtype=np.int64, count=size)
    mask = np.zeros(n, dtype=bool)
    mask[sources] = True
    raw = brandes.dependency_sums(adj, adj_t, sources)
    values = rescale_dependencies(raw, n, normalized=normalized, directed=directed,
                                  source_mask=mask)
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


@dataclass
class _Holes:
    nodes: list[Hashable]
    degree: np.ndarray
    constraint: np.ndarray
    effective_size: np.ndarray


def _structural_holes(network: nx.Graph, weight: str | None, constraint_wanted: bool = True,
                      size_wanted: bool = True) -> _Holes:
    """Constraint and effective size (each only when wanted: NaN otherwise)."""
    nodes, u, v, w = adjacency_arrays(network, weight)
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
    sums = (triangles.common_neighbour_sums(m, factors) if m.nnz
            else [np.zeros(0) for _ in factors])
    constraint = np.full(n, np.nan)
    esize = np.full(n, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        if constraint_wanted:
            indirect = sums.pop(0) / total[rows]
            constraint = np.bincount(rows, weights=(p_data + indirect) ** 2,
                                     minlength=n).astype(float)  # int64 when there is no tie
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


def articulation_points(network: nx.Graph, partition: Partition = "sector",
                        ties: Ties | None = None) -> list[dict[str, Any]]:
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
    read = _ties_of(network, ties)
    nodes, forest = read.nodes, read.forest
    codes, _ = _codes(_partition_values(network, nodes, partition))
    table = cutpoints.cut_table(forest, codes)
    degree = dict(_undirected_degree(network))
    rows = []
    for v, cut in table.items():
        node = nodes[v]
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


def bridges(network: nx.Graph, partition: Partition = "sector", ties: Ties | None = None
            ) -> list[dict[str, Any]]:
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
    read = _ties_of(network, ties)
    nodes, forest = read.nodes, read.forest
    values = _partition_values(network, nodes, partition)
    rows = []
    attrs = network.nodes
    for p, c in cutpoints.bridge_ties(forest):
        below = int(forest.size[c])
        above = int(forest.size[forest.root[p]]) - below
        u, v = nodes[p], nodes[c]
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
    ties: Ties | None = None,
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
    read = _ties_of(network, ties)
    nodes, forest = read.nodes, read.forest
    index = {v: i for i, v in enumerate(nodes)}
    if brokers is None:
        chosen = list(range(len(nodes)))
    else:
        chosen = []
        for b in brokers:
            if b not in index:
                raise KeyError(f"{b!r} is not in the network")
            chosen.append(index[b])
        chosen = list(dict.fromkeys(chosen))
    codes, _ = _codes(_partition_values(network, nodes, partition))
    table = cutpoints.cut_table(forest, codes, chosen)
    comp_size = forest.size[forest.root]
    counted: dict[int, tuple[int, int, np.ndarray]] = {}
    rows = []
    for v in chosen:
        node = nodes[v]
        info = _node_info(network, node, partition)
        cut = table.get(v)
        if cut is None:
            others = int(comp_size[v]) - 1
            pieces = [others] if others else []
            before = cutpoints.cross_pairs_in_component(forest, codes, v, counted)
            cut = cutpoints.Cut(pieces, 0, 0, before)
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


