"""Mixing by a partition: the E-I index, nominal assortativity and the mixing matrix.

Do people tie within their own sector (or level, role, agency, or any attribute
the data carries), or across? Three standard answers, for any partition and any
network, directed or not:

* :func:`ei_index` -- Krackhardt & Stern's (1988) E-I index for the network,
  each group and each node, with a seeded permutation test;
* :func:`nominal_assortativity` -- Newman's (2003) assortativity coefficient;
* :func:`mixing_matrix` -- ties (and density) between every pair of groups.

Conventions shared by the functions below (the same as
:func:`netan.queries.brokerage.brokerage`):

* **Groups**: each node's value of the ``attribute`` node attribute, or of a
  mapping node -> group; a missing value (absent, None or NaN) is the group
  :data:`~netan.queries.brokerage.MISSING_GROUP` (``"unknown"``).
* **Ties**: self-loops are ignored and parallel edges count once (a pair is
  tied or not). In a **directed** graph each arc is one tie (a mutual pair is
  two); in an **undirected** graph each tie counts once.
* **Weights** are not used: every tie counts one.

The tests check every function against R (igraph's ``assortativity_nominal``,
the E-I index and mixing counts computed from igraph's tie list) on Drabek et
al.'s (1981) emergency networks and Zachary's karate club, against networkx's
``attribute_assortativity_coefficient`` on random graphs, and the permutation
test on its defining properties.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from netan.queries.brokerage import MISSING_GROUP, _arcs

__all__ = [
    "DEFAULT_PERMUTATIONS",
    "EIResult",
    "ei_index",
    "mixing_matrix",
    "nominal_assortativity",
]

#: Permutations of the E-I index's test unless told otherwise.
DEFAULT_PERMUTATIONS = 1000
# Largest number of (group, group) cells counted at once by _group_counts.
_PAIR_CELLS = 1 << 20

Partition = str | Mapping[Hashable, Any]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _groups(G: nx.Graph, partition: Partition) -> tuple[list[Hashable], np.ndarray, list[Any]]:
    """The nodes, each node's group code, and the groups (order of first appearance)."""
    nodes = list(G)
    if isinstance(partition, str):
        values = [G.nodes[v].get(partition) for v in nodes]
    else:
        values = [partition.get(v) for v in nodes]
    index: dict[Any, int] = {}
    codes = np.fromiter((index.setdefault(MISSING_GROUP if _missing(x) else x, len(index))
                         for x in values), dtype=np.int64, count=len(values))
    return nodes, codes, list(index)


Ties = tuple[np.ndarray, np.ndarray]


def tie_positions(G: nx.Graph) -> Ties:
    """The distinct ties of ``G`` as node positions ``(u, v)`` in ``G``'s node order:
    arcs of a directed graph, each undirected tie once (``u < v``); no self-loops.
    Read them once and pass them (``ties=``) to each measure of the same, unchanged
    network; a measure given none reads its own."""
    u, v = _arcs(G, list(G))
    if not G.is_directed():
        keep = u < v
        u, v = u[keep], v[keep]
    u, v = u.astype(np.int64), v.astype(np.int64)
    u.setflags(write=False)
    v.setflags(write=False)
    return u, v


# ---------------------------------------------------------------------------
# E-I index
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EIResult:
    """The E-I index of a network, its groups and its nodes (see :func:`ei_index`).

    ``network`` has ``external``, ``internal``, ``ei`` and, from the
    permutation test, ``expected`` (mean over permutations), ``sd``,
    ``p_greater`` (share of permutations with an index at least the observed
    one) and ``p_less`` (at most). ``groups`` maps each group to the same keys
    plus ``size``; ``nodes`` maps each node to its own index (NaN for an
    isolate). ``permutations`` and ``seed`` say how the test was drawn.
    """

    partition: str | None
    network: dict[str, Any]
    groups: dict[Any, dict[str, Any]]
    nodes: dict[Hashable, float]
    permutations: int
    seed: int | None
    directed: bool
    membership: dict[Hashable, Any] = field(repr=False, default_factory=dict)


def _ei(external: np.ndarray | float, internal: np.ndarray | float) -> Any:
    """(E - I) / (E + I), NaN where there is no tie (numpy arrays or scalars)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        external, internal = np.asarray(external, float), np.asarray(internal, float)
        return (external - internal) / (external + internal)


def _group_counts(cu: np.ndarray, cv: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """External and internal ties touching each of ``k`` groups, for the group codes
    ``cu``, ``cv`` of the ties' ends."""
    if k * k <= _PAIR_CELLS:  # one count of the (group, group) cells: fastest
        cells = np.bincount(cu.astype(np.int32) * k + cv, minlength=k * k).reshape(k, k)
        internal = np.diag(cells)
        return (cells.sum(axis=0) + cells.sum(axis=1) - 2 * internal).astype(float), \
            internal.astype(float)
    same = cu == cv
    internal = np.bincount(cu[same], minlength=k)
    external = np.bincount(cu[~same], minlength=k) + np.bincount(cv[~same], minlength=k)
    return external.astype(float), internal.astype(float)


def ei_index(G: nx.Graph, attribute: Partition = "sector",
             permutations: int = DEFAULT_PERMUTATIONS, seed: int | None = 0,
             ties: Ties | None = None) -> EIResult:
    r"""Krackhardt & Stern's E-I index of the network, of each group and of each node.

    **Definition.** With :math:`E` the ties between members of different groups
    (external) and :math:`I` the ties within a group (internal),

    .. math::

        EI = \frac{E - I}{E + I} \in [-1, 1]:

    -1 when every tie stays inside its group, +1 when every tie crosses. For a
    **group** ``g``, :math:`E_g` counts the ties with exactly one end in ``g``
    and :math:`I_g` those with both ends in ``g``; for a **node** ``v``, the
    ties of ``v`` to other groups and to its own. An isolate (or a group with
    no ties) has no index (NaN).

    **Permutation test** (Krackhardt & Stern 1988; as UCINET's E-I procedure):
    the group labels are shuffled among the nodes ``permutations`` times
    (``numpy.random.default_rng(seed)``; group sizes and the ties stay as they
    are), and the observed network and group indices are compared with their
    permutation distributions: ``expected`` and ``sd`` are the distribution's
    mean and standard deviation, ``p_greater`` = :math:`(b_\ge + 1)/(P + 1)`
    and ``p_less`` = :math:`(b_\le + 1)/(P + 1)` with :math:`b_\ge`
    (:math:`b_\le`) the permutations at least (at most) as large as observed
    -- a permutation p-value is never 0 (Phipson & Smyth 2010). A small
    ``p_less`` says ties keep *inside* groups more than chance would;
    a small ``p_greater`` that they cross more. ``permutations=0`` skips the
    test (its keys are then None).

    Parameters
    ----------
    G : any networkx graph; a directed graph counts arcs (see module conventions).
    attribute : node attribute holding each node's group, or a mapping node -> group.
    permutations : number of label permutations (default 1000).
    seed : seed of the permutations (default 0, so a report is reproducible).

    Returns
    -------
    EIResult

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
    crises: an experimental simulation. *Social Psychology Quarterly* 51(2),
    123-140. Phipson, B. & Smyth, G. K. (2010). Permutation p-values should
    never be zero. *Statistical Applications in Genetics and Molecular Biology*
    9(1).
    """
    if permutations < 0:
        raise ValueError(f"permutations must be 0 or more, not {permutations}")
    nodes, codes, groups = _groups(G, attribute)
    u, v = tie_positions(G) if ties is None else ties
    k = len(groups)
    cu, cv = codes[u], codes[v]
    same = cu == cv
    external, internal = int(np.sum(~same)), int(np.sum(same))
    g_external, g_internal = _group_counts(cu, cv, k)
    n = len(nodes)
    node_external = np.bincount(u[~same], minlength=n) + np.bincount(v[~same], minlength=n)
    node_internal = np.bincount(u[same], minlength=n) + np.bincount(v[same], minlength=n)
    node_ei = _ei(node_external.astype(float), node_internal.astype(float))

    network: dict[str, Any] = {"external": external, "internal": internal,
                               "ei": float(_ei(float(external), float(internal)))}
    group_rows = {g: {"size": int(np.sum(codes == i)), "external": int(g_external[i]),
                      "internal": int(g_internal[i]),
                      "ei": float(_ei(g_external[i], g_internal[i]))}
                  for i, g in enumerate(groups)}
    test = _permutation_test(codes, u, v, k, permutations, seed)
    for key in ("expected", "sd", "p_greater", "p_less"):
        network[key] = test["network"][key] if test else None
        for i, g in enumerate(groups):
            group_rows[g][key] = test["groups"][key][i] if test else None
    return EIResult(
        partition=attribute if isinstance(attribute, str) else None,
        network=network, groups=group_rows,
        nodes=dict(zip(nodes, node_ei.tolist(), strict=True)),
        permutations=permutations if test else 0, seed=seed if test else None,
        directed=G.is_directed(),
        membership={v: groups[c] for v, c in zip(nodes, codes.tolist(), strict=True)},
    )


def _permutation_test(codes: np.ndarray, u: np.ndarray, v: np.ndarray, k: int,
                      permutations: int, seed: int | None) -> dict[str, Any] | None:
    """Mean, sd and one-sided p-values of the network and group indices over label
    permutations (see :func:`ei_index`); None when there is nothing to test."""
    if permutations == 0 or u.size == 0:
        return None
    rng = np.random.default_rng(seed)
    small = np.int8 if k < 127 else np.int64  # label lookups from a compact array
    labels = codes.astype(small)
    u32, v32 = u.astype(np.int32), v.astype(np.int32)
    net = np.empty(permutations)
    grp = np.empty((permutations, k))
    for r in range(permutations):
        shuffled = rng.permutation(labels)
        ext, internal = _group_counts(shuffled[u32], shuffled[v32], k)
        net[r] = _ei(ext.sum() / 2, internal.sum())  # each external tie touches two groups
        grp[r] = _ei(ext, internal)
    obs_ext, obs_int = _group_counts(codes[u], codes[v], k)
    obs_net = _ei(obs_ext.sum() / 2, obs_int.sum())
    obs_groups = _ei(obs_ext, obs_int)
    tolerance = 1e-12

    def summary(values: np.ndarray, observed: float) -> dict[str, float | None]:
        values = values[~np.isnan(values)]
        if math.isnan(observed) or values.size == 0:
            return {"expected": None, "sd": None, "p_greater": None, "p_less": None}
        return {"expected": float(values.mean()), "sd": float(values.std(ddof=1))
                if values.size > 1 else 0.0,
                "p_greater": float((np.sum(values >= observed - tolerance) + 1)
                                   / (values.size + 1)),
                "p_less": float((np.sum(values <= observed + tolerance) + 1)
                                / (values.size + 1))}

    by_group = [summary(grp[:, i], float(obs_groups[i])) for i in range(k)]
    return {"network": summary(net, float(obs_net)),
            "groups": {key: [row[key] for row in by_group]
                       for key in ("expected", "sd", "p_greater", "p_less")}}


# ---------------------------------------------------------------------------
# Assortativity and the mixing matrix
# ---------------------------------------------------------------------------


def _mixing_counts(G: nx.Graph, attribute: Partition, ties: Ties | None
                   ) -> tuple[np.ndarray, list[Any], np.ndarray, bool]:
    """``k x k`` tie counts from group to group (an undirected tie in both cells, its
    diagonal cell twice), the groups, their sizes, and whether directed."""
    _, codes, groups = _groups(G, attribute)
    u, v = tie_positions(G) if ties is None else ties
    k = len(groups)
    counts = np.zeros((k, k))
    np.add.at(counts, (codes[u], codes[v]), 1)
    directed = G.is_directed()
    if not directed:
        np.add.at(counts, (codes[v], codes[u]), 1)
    return counts, groups, np.bincount(codes, minlength=k), directed


def nominal_assortativity(G: nx.Graph, attribute: Partition = "sector",
                          ties: Ties | None = None) -> float:
    r"""Newman's assortativity coefficient for a categorical node attribute.

    **Definition.** With :math:`e_{ij}` the share of tie ends running from
    group ``i`` to group ``j`` (an undirected tie counted once each way),
    :math:`a_i = \sum_j e_{ij}` and :math:`b_j = \sum_i e_{ij}`,

    .. math::

        r = \frac{\sum_i e_{ii} - \sum_i a_i b_i}{1 - \sum_i a_i b_i}

    1 when every tie stays inside its group, 0 when ties mix as chance would
    given the groups' shares of tie ends, negative when they avoid the own
    group. NaN when there are no ties or every tie end is in one group
    (:math:`\sum a_i b_i = 1`: 0/0).

    Equal to igraph's ``assortativity_nominal(g, types, directed)`` and to
    :func:`networkx.attribute_assortativity_coefficient` (tested).

    Reference: Newman, M. E. J. (2003). Mixing patterns in networks.
    *Physical Review E* 67, 026126, eq. (2).
    """
    counts, _, _, _ = _mixing_counts(G, attribute, ties)
    total = counts.sum()
    if total == 0:
        return math.nan
    e = counts / total
    ab = float(e.sum(axis=1) @ e.sum(axis=0))
    if math.isclose(ab, 1.0):
        return math.nan
    return (float(np.trace(e)) - ab) / (1 - ab)


def mixing_matrix(G: nx.Graph, attribute: Partition = "sector", ties: Ties | None = None
                  ) -> list[dict[str, Any]]:
    r"""Ties between every pair of groups, with the density of each block.

    For groups ``a`` and ``b`` of sizes :math:`n_a, n_b`:

    * **directed** (one row per ordered pair): ``ties`` = arcs from a member of
      ``a`` to a member of ``b``; ``possible`` = :math:`n_a n_b` (``a != b``)
      or :math:`n_a (n_a - 1)` (``a == b``);
    * **undirected** (one row per unordered pair, ``a`` before ``b`` in order
      of first appearance): ``ties`` between the two groups counted once;
      ``possible`` = :math:`n_a n_b` or :math:`n_a (n_a - 1)/2`;

    and ``density = ties / possible`` (None when nothing is possible). Every
    pair of groups has a row, tied or not, so it pivots into a matrix.

    Returns rows ``group_a, group_b, n_a, n_b, ties, possible, density``.

    Reference: Wasserman & Faust (1994), s. 10.2 (density tables of a
    blockmodel); Newman (2003), the mixing matrix :math:`e_{ij}`.
    """
    counts, groups, sizes, directed = _mixing_counts(G, attribute, ties)
    rows = []
    for i, a in enumerate(groups):
        for j, b in enumerate(groups):
            if not directed and j < i:
                continue
            if i == j:
                possible = sizes[i] * (sizes[i] - 1) // (1 if directed else 2)
                ties = counts[i, i] if directed else counts[i, i] / 2
            else:
                possible = sizes[i] * sizes[j]
                ties = counts[i, j]
            rows.append({"group_a": a, "group_b": b, "n_a": int(sizes[i]),
                         "n_b": int(sizes[j]), "ties": int(ties), "possible": int(possible),
                         "density": float(ties / possible) if possible else None})
    return rows
