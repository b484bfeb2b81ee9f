"""Where people sit between the core and the periphery of a person network.

Secker, Davies & Howell (2000) found "primary health care largely on the
periphery" of joint commissioning in Wales. :mod:`netan.queries.isolation` flags
GPs on the periphery by rule; this module *measures* the position of everyone,
so a reader can see where the GPs sit:

* :func:`coreness` -- the k-core number of each person (Seidman 1983), by
  networkx's :func:`~networkx.algorithms.core.core_number`;
* :func:`continuous_core_periphery` -- Borgatti & Everett's (1999) continuous
  core--periphery model, fitted by minimum residuals (Boyd et al. 2010);
* :func:`discrete_core_periphery` -- Borgatti & Everett's (1999) discrete model:
  the core / periphery split whose ideal pattern correlates best with the ties.

All three read the network as a simple undirected graph: a pair of people is
tied or not (weights, direction, parallel edges and self-loops ignored), as in
the density measures of :mod:`netan.queries.networks`.

References: Borgatti SP, Everett MG (1999). Models of core/periphery
structures. Social Networks 21: 375-395. Boyd JP, Fitzgerald WJ, Mahutga MC,
Smith DA (2010). Computing continuous core/periphery structures for social
relations data with MINRES/SVD. Social Networks 32: 125-137. Seidman SB (1983).
Network structure and minimum degree. Social Networks 5: 269-287. Batagelj V,
Zaversnik M (2003). An O(m) algorithm for cores decomposition of networks.
arXiv:cs/0310049.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

from netan.kernels.blas import one_blas_thread
from netan.kernels.cores import core_numbers, improve_split
from netan.queries.networks import TiedPairs, pairs_of

__all__ = [
    "ContinuousFit",
    "DiscreteFit",
    "continuous_core_periphery",
    "core_periphery_table",
    "coreness",
    "discrete_core_periphery",
]

#: Up to this many people the discrete model is solved by trying every split.
EXHAUSTIVE_LIMIT = 16


def _simple(P: nx.Graph, pairs: TiedPairs | None) -> tuple[list[Hashable], sp.csr_array]:
    """The nodes of ``P`` and its 0/1 symmetric adjacency (no self-loops): each pair of
    distinct nodes joined by any edge, in either direction, is tied once (``pairs``:
    ``P``'s :class:`~netan.queries.networks.TiedPairs`, read here when None)."""
    nodes = list(P)
    u, v = pairs_of(P, pairs)
    n = len(nodes)
    A = sp.csr_array((np.ones(2 * len(u)), (np.r_[u, v], np.r_[v, u])), shape=(n, n))
    A.sum_duplicates()
    A.sort_indices()
    return nodes, A


def coreness(P: nx.Graph, *, pairs: TiedPairs | None = None) -> dict[Hashable, int]:
    """The k-core number of every node (Seidman 1983).

    A node's core number is the largest ``k`` such that it belongs to a
    subgraph in which every node has at least ``k`` neighbours. Isolates are 0.
    Computed by peeling (Batagelj & Zaversnik 2003, :func:`netan.kernels.cores.core_numbers`,
    the same numbers as :func:`networkx.core_number`) on ``P`` as a simple undirected
    graph (``pairs``: its :class:`~netan.queries.networks.TiedPairs`, when already read).
    """
    nodes, A = _simple(P, pairs)
    return dict(zip(nodes, core_numbers(A.indptr, A.indices).tolist(), strict=True))


@dataclass(frozen=True)
class ContinuousFit:
    """Borgatti & Everett's continuous model fitted to a network.

    ``coreness`` maps each node to ``c_i`` scaled so the largest is 1; ``fit`` is
    the Pearson correlation over ordered pairs ``i != j`` between the tie
    indicator ``a_ij`` and ``c_i c_j`` (None when undefined: no ties, or every
    pair tied); ``iterations`` the sweeps the fit took.
    """

    coreness: dict[Hashable, float]
    fit: float | None
    iterations: int


def _pair_correlation(A: sp.csr_array, c: np.ndarray) -> float | None:
    """Pearson correlation over ordered pairs ``i != j`` of ``a_ij`` and ``c_i c_j``,
    from sums (the n(n-1) pairs are never listed)."""
    n = A.shape[0]
    N = n * (n - 1)
    if N == 0:
        return None
    s_a = A.sum()  # = sum of a_ij^2 (0/1)
    s2 = float(c @ c)
    s_p = float(c.sum()) ** 2 - s2
    s_pp = s2 * s2 - float(np.sum(c**4))
    s_ap = float(c @ (A @ c))
    var_a = N * s_a - s_a * s_a
    var_p = N * s_pp - s_p * s_p
    if var_a <= 0 or var_p <= 1e-12 * max(1.0, N * s_pp):
        return None
    return float((N * s_ap - s_a * s_p) / np.sqrt(var_a * var_p))


@one_blas_thread()  # the same sums in the same order on every machine
def continuous_core_periphery(P: nx.Graph, *, tolerance: float = 1e-10,
                              max_iterations: int = 10_000,
                              pairs: TiedPairs | None = None) -> ContinuousFit:
    """Borgatti & Everett's (1999) continuous core--periphery model.

    Each node ``i`` gets a coreness ``c_i >= 0``; the ideal tie strength of a
    pair is ``c_i c_j``, so core members are tied to each other, the periphery
    to the core a little and to each other hardly at all. The vector ``c``
    minimises the residuals over ordered pairs ``i != j`` (the diagonal is
    left out, as in the model)::

        f(c) = sum_{i != j} (a_ij - c_i c_j)^2

    (MINRES, Boyd et al. 2010; Borgatti & Everett fit the same pattern by
    maximising its correlation with the data, and the two agree closely).
    Its gradient is ``df/dc_i = -4 (A c)_i + 4 c_i (S - c_i^2)`` with
    ``S = sum_j c_j^2`` (so at a minimum ``c_i = (A c)_i / (S - c_i^2)``, the
    MINRES update). ``f`` is minimised over ``c >= 0`` by L-BFGS-B (scipy)
    with that gradient, from ``c = degree / sqrt(2m)`` (``m`` ties), to a
    relative tolerance ``tolerance``. ``c`` is then scaled so the largest is 1 (the
    model fixes ``c`` only up to that scale for the ranking and the
    correlation). The fit reported is the Pearson correlation between ``a_ij``
    and ``c_i c_j`` over the ordered pairs ``i != j``.

    Isolates get 0; a network with no ties gives every node 0 and ``fit``
    None. Deterministic. ``pairs``: ``P``'s :class:`~netan.queries.networks.TiedPairs`,
    when already read.
    """
    nodes, A = _simple(P, pairs)
    n = len(nodes)
    degree = np.asarray(A.sum(axis=1)).ravel()
    if n < 2 or degree.sum() == 0:
        return ContinuousFit(dict.fromkeys(nodes, 0.0), None, 0)
    c = degree / np.sqrt(degree.sum())

    def residual(x: np.ndarray) -> tuple[float, np.ndarray]:
        """f(c) less the constant sum of a_ij^2, and its gradient."""
        s2 = float(x @ x)
        ax = A @ x
        value = -2 * float(x @ ax) + s2 * s2 - float(np.sum(x**4))
        return value, -4 * ax + 4 * x * s2 - 4 * x**3

    result = minimize(residual, c, jac=True, method="L-BFGS-B", bounds=[(0, None)] * n,
                      options={"ftol": tolerance, "gtol": tolerance, "maxiter": max_iterations})
    c = np.maximum(result.x, 0.0)
    iterations = int(result.nit)
    top = float(c.max())
    scaled = c / top if top > 0 else c
    return ContinuousFit(dict(zip(nodes, scaled.tolist(), strict=True)),
                         _pair_correlation(A, c), iterations)


@dataclass(frozen=True)
class DiscreteFit:
    """Borgatti & Everett's discrete model fitted to a network.

    ``core`` is the set of core nodes; ``fit`` the correlation of the best
    split (None when no split is defined); ``method`` ``"exhaustive"`` (every
    split tried: the optimum) or ``"local search"`` (the best of several
    starts, each improved one move at a time: a local optimum); ``starts`` the
    number of starts; ``seed`` the seed of the random starts.
    """

    core: frozenset[Hashable]
    fit: float | None
    method: str
    starts: int
    seed: int
    core_density: float | None = None
    periphery_density: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _split_fit(n_core: np.ndarray, n: int, ties_core: np.ndarray,
               ties_periphery: np.ndarray) -> np.ndarray:
    """The discrete model's correlation for splits given by their counts (vectorised).

    Over the unordered pairs inside the core (``N_cc``) and inside the periphery
    (``N_pp``), the ideal is 1 and 0; ``t_c`` and ``t_p`` ties lie in each. The
    Pearson correlation of two 0/1 vectors (the phi coefficient) is::

        (N t_c - N_cc t) / sqrt(N_cc (N - N_cc) t (N - t)),   N = N_cc + N_pp, t = t_c + t_p

    NaN where undefined (an empty block, no tie or every pair tied).
    """
    n_core = n_core.astype(float)
    n_cc = n_core * (n_core - 1) / 2
    n_per = n - n_core
    n_pp = n_per * (n_per - 1) / 2
    total = n_cc + n_pp
    t = ties_core + ties_periphery
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (total * ties_core - n_cc * t) / np.sqrt(n_cc * n_pp * t * (total - t))
    value[~np.isfinite(value)] = np.nan
    return value


def _counts(A: sp.csr_array, core: np.ndarray) -> tuple[int, float, float]:
    in_core = core.astype(float)
    ties_core = float(in_core @ (A @ in_core)) / 2
    out = 1.0 - in_core
    ties_periphery = float(out @ (A @ out)) / 2
    return int(core.sum()), ties_core, ties_periphery


def _improve(A: sp.csr_array, core: np.ndarray, max_moves: int) -> np.ndarray:
    """Move one node at a time (the move that raises the fit most) until none helps,
    or ``max_moves`` moves.

    The definition, over whole arrays; :func:`discrete_core_periphery` runs the same
    moves by the kernel :func:`netan.kernels.cores.improve_split` (the same splits, as
    ``tests/test_speed_kernels.py`` checks on random graphs)."""
    n = A.shape[0]
    core = core.copy()
    to_core = A @ core.astype(float)  # each node's neighbours in the core
    degree = np.asarray(A.sum(axis=1)).ravel()
    n_core, t_c, t_p = _counts(A, core)
    best = _split_fit(np.array([n_core]), n, np.array([t_c]), np.array([t_p]))[0]
    for _ in range(max_moves):
        to_periphery = degree - to_core
        joining = ~core
        new_n = np.where(joining, n_core + 1, n_core - 1)
        new_tc = np.where(joining, t_c + to_core, t_c - to_core)
        new_tp = np.where(joining, t_p - to_periphery, t_p + to_periphery)
        fits = _split_fit(new_n, n, new_tc, new_tp)
        if np.all(np.isnan(fits)):
            break
        v = int(np.nanargmax(fits))
        if not (np.isnan(best) or fits[v] > best + 1e-12):
            break
        best = fits[v]
        n_core, t_c, t_p = int(new_n[v]), float(new_tc[v]), float(new_tp[v])
        sign = 1.0 if joining[v] else -1.0
        core[v] = joining[v]
        row = slice(A.indptr[v], A.indptr[v + 1])
        to_core[A.indices[row]] += sign
    return core


def _threshold_start(A: sp.csr_array, score: np.ndarray) -> np.ndarray:
    """The best split that puts the ``k`` highest-scoring nodes in the core, over all ``k``."""
    n = A.shape[0]
    order = np.lexsort((np.arange(n), -score))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    rows = np.repeat(np.arange(n), np.diff(A.indptr))
    later = np.maximum(rank[rows], rank[A.indices])  # a tie enters the core with its later end
    ties_core = np.cumsum(np.bincount(later, minlength=n)) / 2
    earlier = np.minimum(rank[rows], rank[A.indices])
    total = A.nnz / 2
    # ties with both ends outside the first k+1: the earlier end is ranked after k
    ties_periphery = total - np.cumsum(np.bincount(earlier, minlength=n)) / 2
    fits = _split_fit(np.arange(1, n + 1), n, ties_core, ties_periphery)
    core = np.zeros(n, dtype=bool)
    if np.all(np.isnan(fits)):
        return core
    k = int(np.nanargmax(fits))
    core[order[:k + 1]] = True
    return core


#: Random starts of the local search, used up to this many people.
RESTART_LIMIT = 2_000
#: Moves of one local search.
MAX_MOVES = 1_000


def discrete_core_periphery(P: nx.Graph, *, seed: int = 0, restarts: int = 10,
                            max_moves: int = MAX_MOVES,
                            continuous: ContinuousFit | None = None,
                            pairs: TiedPairs | None = None) -> DiscreteFit:
    """Borgatti & Everett's (1999) discrete core--periphery model.

    A split of the nodes into a core ``C`` and a periphery is scored by how
    well the ideal pattern -- every pair inside the core tied, no pair inside
    the periphery tied -- matches the ties: the Pearson correlation between
    ``a_ij`` and the ideal ``delta_ij`` over the pairs inside the core and the
    pairs inside the periphery. Pairs with one end in each are left out (the
    model's core--periphery block is "not specified", Borgatti & Everett 1999,
    section 3.1), so the fit does not depend on how often the periphery is
    tied to the core. The split reported maximises that correlation:

    * up to :data:`EXHAUSTIVE_LIMIT` nodes, every split is scored (the
      global optimum; ``method = "exhaustive"``);
    * beyond, ``method = "local search"``: starts from the best threshold of
      the continuous coreness, of the degree, and (up to
      :data:`RESTART_LIMIT` nodes) ``restarts`` random splits
      (``numpy.random.default_rng(seed)``), each improved by moving the one
      node that raises the correlation most, until no move does or after
      ``max_moves`` moves; the best split found is reported (a local optimum,
      not guaranteed global; ``starts`` says how many were tried).

    ``continuous``: :func:`continuous_core_periphery` of ``P`` when already fitted;
    ``pairs``: ``P``'s :class:`~netan.queries.networks.TiedPairs`, when already read.
    Ties are broken towards the smaller core, then by node order. Returns a
    :class:`DiscreteFit` with the core, the fit, the method and the densities
    inside the core and inside the periphery.
    """
    pairs = pairs_of(P, pairs)
    nodes, A = _simple(P, pairs)
    n = len(nodes)
    if n < 2:
        return DiscreteFit(frozenset(), None, "exhaustive", 0, seed)
    if n <= EXHAUSTIVE_LIMIT:
        splits = np.array(list(product((False, True), repeat=n)), dtype=bool)[:, ::-1]
        member = splits.astype(float)
        Ad = A.toarray()
        ties_core = np.einsum("si,ij,sj->s", member, Ad, member) / 2
        ties_periphery = np.einsum("si,ij,sj->s", 1 - member, Ad, 1 - member) / 2
        fits = _split_fit(member.sum(axis=1), n, ties_core, ties_periphery)
        if np.all(np.isnan(fits)):
            return DiscreteFit(frozenset(), None, "exhaustive", 1, seed)
        best_fit = np.nanmax(fits)
        candidates = np.flatnonzero(fits >= best_fit - 1e-12)
        pick = min(candidates, key=lambda s: (splits[s].sum(), tuple(~splits[s])))
        core = splits[pick]
        method, starts = "exhaustive", 1
    else:
        degree = np.asarray(A.sum(axis=1)).ravel()
        if continuous is None:
            continuous = continuous_core_periphery(P, pairs=pairs)
        score = np.array([continuous.coreness[v] for v in nodes])
        rng = np.random.default_rng(seed)
        starts_list = [_threshold_start(A, score), _threshold_start(A, degree)]
        starts_list += [rng.random(n) < 0.5
                        for _ in range(restarts if n <= RESTART_LIMIT else 0)]
        best, best_fit = None, -np.inf
        for start in starts_list:
            found = improve_split(A.indptr, A.indices, start, max_moves)
            fit = _split_fit(np.array([found.sum()]), n, *map(np.array, _counts(A, found)[1:]))[0]
            if not np.isnan(fit) and (fit > best_fit + 1e-12 or (
                    abs(fit - best_fit) <= 1e-12 and best is not None
                    and found.sum() < best.sum())):
                best, best_fit = found, fit
        if best is None:
            return DiscreteFit(frozenset(), None, "local search", len(starts_list), seed)
        core, method, starts = best, "local search", len(starts_list)
    n_core, t_c, t_p = _counts(A, core)
    fit = _split_fit(np.array([n_core]), n, np.array([t_c]), np.array([t_p]))[0]
    n_per = n - n_core
    return DiscreteFit(
        frozenset(v for v, inside in zip(nodes, core.tolist(), strict=True) if inside),
        None if np.isnan(fit) else float(fit), method, starts, seed,
        t_c / (n_core * (n_core - 1) / 2) if n_core > 1 else None,
        t_p / (n_per * (n_per - 1) / 2) if n_per > 1 else None)


def core_periphery_table(P: nx.Graph, *, seed: int = 0, pairs: TiedPairs | None = None
                         ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every person's k-core number, continuous coreness and discrete place, and the fits.

    Returns ``(rows, summary)``: one row per node of ``P`` (``id``, ``k_core``,
    ``coreness`` (continuous, largest 1), ``core`` (True in the discrete
    core)), ordered by continuous coreness, highest first; and a summary with
    ``k_max``, ``continuous_fit``, ``discrete_fit``, ``core_size``, ``method``,
    ``starts``, ``seed``, ``core_density`` and ``periphery_density``. ``pairs``:
    ``P``'s :class:`~netan.queries.networks.TiedPairs`, when already read.
    """
    pairs = pairs_of(P, pairs)  # read once for the three models
    k = coreness(P, pairs=pairs)
    continuous = continuous_core_periphery(P, pairs=pairs)
    discrete = discrete_core_periphery(P, seed=seed, continuous=continuous, pairs=pairs)
    rows = [{"id": v, "k_core": k[v], "coreness": continuous.coreness[v],
             "core": v in discrete.core} for v in P]
    rows.sort(key=lambda r: (-r["coreness"], str(r["id"])))
    summary = {"k_max": max(k.values(), default=0), "continuous_fit": continuous.fit,
               "discrete_fit": discrete.fit, "core_size": len(discrete.core),
               "method": discrete.method, "starts": discrete.starts, "seed": discrete.seed,
               "core_density": discrete.core_density,
               "periphery_density": discrete.periphery_density,
               "algorithm": "Borgatti & Everett (1999): continuous coreness by minimum "
                            "residuals (Boyd et al. 2010); discrete split maximising the "
                            "correlation with the ideal core/periphery pattern, "
                            "core-periphery block left out"}
    return rows, summary
