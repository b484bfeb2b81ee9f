"""Is a change in the whole network more than noise? Permutation and QAP tests.

Two observations of one partnership (two waves, two dates) give two person
networks. On the people present in both, with binary ties (``i < j``, no
self-ties):

* :func:`density` -- ties / possible pairs, ``2 T / (n (n - 1))``;
* :func:`ei_index` -- Krackhardt & Stern's (1988) E-I index by a partition
  (sector): ``(E - I) / (E + I)``, ``E`` the ties between groups, ``I`` those
  within; ties touching someone with no group are left out; -1 is all inside
  groups, +1 all across;
* :func:`degree_centralisation` -- Freeman's (1979) degree centralisation,
  ``sum_i (max d - d_i) / ((n - 1)(n - 2))``, 1 for a star, 0 when every degree
  is equal; as ``sna::centralization(g, degree, mode = "graph")``;
* :func:`gcor` -- the graph correlation (``sna::gcor``): Pearson's r between the
  two networks' tie indicators over all pairs.

Two tests:

* :func:`dyad_swap_test` -- **did a measure change?** Under the null that the
  two observations are exchangeable, each pair's before and after values are
  swapped with probability 1/2 (a paired randomisation test; for density it is
  McNemar's exact test on the pairs that changed, which is how
  :func:`density_change_p` computes it). The p-value is two-sided: the share of
  swaps whose change is at least as large, in absolute value, as the one
  observed. Pairs that did not change cannot move, so only the ``m`` changed
  pairs are drawn; with ``2 ** m <= reps`` every swap is enumerated (exact).
* :func:`qap_test` -- **how much of the network carried over?** Hubert's QAP
  (Krackhardt 1987): the observed :func:`gcor` against its distribution when
  the people of one network are relabelled at random; ``pgreq`` / ``pleeq`` as
  in ``sna::qaptest`` (the share of relabellings at least / at most as large).
  With ``n! <= reps`` every relabelling is enumerated (exact).

Monte Carlo draws use ``numpy.random.default_rng(seed)``, so a seed gives the
same p-value every time. The implementation is checked against R's ``sna``
(``gden``, ``centralization``, ``gcor``, ``qaptest``) in
``tests/fixtures/qap_sna.R``.

References: Hubert L & Schultz J (1976) Quadratic assignment as a general data
analysis strategy; Krackhardt D (1987) QAP partialling as a test of spuriousness,
*Social Networks* 9; Krackhardt D & Stern RN (1988) Informal networks and
organizational crises, *Social Psychology Quarterly* 51; Freeman LC (1979)
Centrality in social networks, *Social Networks* 1; McNemar Q (1947).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

#: Statistic of a network: (people, tie rows i, tie columns j, group codes) -> value.
Statistic = Callable[[int, np.ndarray, np.ndarray, np.ndarray], float | None]

#: Default number of Monte Carlo draws.
DEFAULT_REPS = 2000
#: Values closer than this count as equal when p-values compare a draw with the observation.
TOLERANCE = 1e-12


@dataclass(frozen=True)
class Ties:
    """A binary undirected network on people ``0 .. n-1``: tie ends ``i < j``."""

    n: int
    i: np.ndarray
    j: np.ndarray

    @property
    def codes(self) -> np.ndarray:
        """One integer per tie (``i * n + j``), sorted."""
        return np.sort(self.i.astype(np.int64) * self.n + self.j)


def ties_of(network: nx.Graph, people: Sequence[Hashable]) -> Ties:
    """The ties of ``network`` among ``people`` (in that order) as :class:`Ties`."""
    where = {p: k for k, p in enumerate(people)}
    pairs = {(min(where[u], where[v]), max(where[u], where[v]))
             for u, v in network.edges() if u in where and v in where and u != v}
    ordered = sorted(pairs)
    i = np.array([a for a, _ in ordered], dtype=np.int64)
    j = np.array([b for _, b in ordered], dtype=np.int64)
    return Ties(len(people), i, j)


def group_codes(values: Sequence[Hashable | None]) -> np.ndarray:
    """An integer per person for a partition (-1 where the value is missing)."""
    known = sorted({v for v in values if v is not None}, key=str)
    code = {v: k for k, v in enumerate(known)}
    return np.array([code[v] if v is not None else -1 for v in values], dtype=np.int64)


# ---------------------------------------------------------------------------
# Whole-network statistics
# ---------------------------------------------------------------------------


def density(n: int, i: np.ndarray, j: np.ndarray, groups: np.ndarray | None = None
            ) -> float | None:
    """Ties over possible pairs, ``2 T / (n (n - 1))`` (None below two people)."""
    return len(i) / (n * (n - 1) / 2) if n >= 2 else None


def ei_index(n: int, i: np.ndarray, j: np.ndarray, groups: np.ndarray) -> float | None:
    """Krackhardt & Stern's E-I index ``(E - I) / (E + I)`` (None with no counted tie)."""
    gi, gj = groups[i], groups[j]
    known = (gi >= 0) & (gj >= 0)
    external = int(np.count_nonzero(known & (gi != gj)))
    internal = int(np.count_nonzero(known & (gi == gj)))
    total = external + internal
    return (external - internal) / total if total else None


def degree_centralisation(n: int, i: np.ndarray, j: np.ndarray,
                          groups: np.ndarray | None = None) -> float | None:
    """Freeman degree centralisation ``sum(max d - d) / ((n - 1)(n - 2))`` (None below 3)."""
    if n < 3:
        return None
    degree = np.bincount(i, minlength=n) + np.bincount(j, minlength=n)
    return float((degree.max() - degree).sum()) / ((n - 1) * (n - 2))


STATISTICS: dict[str, Statistic] = {
    "density": density,
    "ei_index": ei_index,
    "degree_centralisation": degree_centralisation,
}


def gcor(a: Ties, b: Ties) -> float | None:
    """Graph correlation: Pearson's r of the tie indicators over the ``n(n-1)/2`` pairs.

    Equal to ``sna::gcor`` on the symmetric adjacency matrices (``diag = FALSE``).
    None when either network has no ties or every pair tied (no variance).
    """
    pairs = a.n * (a.n - 1) // 2
    both = int(np.isin(b.codes, a.codes, assume_unique=True).sum())
    return _correlation(pairs, len(a.i), len(b.i), both)


def _correlation(pairs: int, x: int, y: int, both: int) -> float | None:
    spread = x * (pairs - x) * y * (pairs - y)
    return (pairs * both - x * y) / math.sqrt(spread) if spread > 0 else None


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeTest:
    """A measure before and after, and how likely so large a change is by chance."""

    measure: str
    before: float | None
    after: float | None
    change: float | None
    p_value: float | None
    method: str
    changed_pairs: int
    draws: int
    exact: bool
    seed: int | None


def _swapped(a: Ties, b: Ties) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shared tie codes, changed pair codes, and whether each changed pair was tied before."""
    ca, cb = a.codes, b.codes
    shared = np.intersect1d(ca, cb, assume_unique=True)
    lost = np.setdiff1d(ca, cb, assume_unique=True)
    gained = np.setdiff1d(cb, ca, assume_unique=True)
    changed = np.concatenate([lost, gained])
    was_tied = np.concatenate([np.ones(len(lost), bool), np.zeros(len(gained), bool)])
    return shared, changed, was_tied


def _value(statistic: Statistic, n: int, codes: np.ndarray, groups: np.ndarray
           ) -> float | None:
    return statistic(n, codes // n, codes % n, groups)


def density_change_p(a: Ties, b: Ties) -> float:
    """Exact two-sided p of the density change (McNemar's exact test on changed pairs).

    With ``g`` pairs gained and ``l`` lost, ``m = g + l``: under the swap null the
    number gained is Binomial(m, 1/2); p = P(|2X - m| >= |g - l|).
    """
    lost = len(np.setdiff1d(a.codes, b.codes, assume_unique=True))
    gained = len(np.setdiff1d(b.codes, a.codes, assume_unique=True))
    m, observed = lost + gained, abs(gained - lost)
    if m == 0:
        return 1.0
    hits = sum(math.comb(m, k) for k in range(m + 1) if abs(2 * k - m) >= observed)
    return min(1.0, hits / 2 ** m)


def dyad_swap_test(a: Ties, b: Ties, measure: str, groups: np.ndarray | None = None,
                   reps: int = DEFAULT_REPS, seed: int = 0) -> ChangeTest:
    """The change ``measure(b) - measure(a)`` and its two-sided dyad-swap p-value.

    ``measure`` names a :data:`STATISTICS` entry; ``groups`` (codes from
    :func:`group_codes`) are needed by ``ei_index``. Density is tested exactly
    (:func:`density_change_p`); the others by enumeration when the ``m`` changed
    pairs allow ``2 ** m <= reps`` swaps, else by ``reps`` seeded draws.
    """
    statistic = STATISTICS[measure]
    n = a.n
    groups = groups if groups is not None else np.full(n, -1, dtype=np.int64)
    shared, changed, was_tied = _swapped(a, b)
    before = _value(statistic, n, np.concatenate([shared, changed[was_tied]]), groups)
    after = _value(statistic, n, np.concatenate([shared, changed[~was_tied]]), groups)
    observed = None if before is None or after is None else after - before
    m = len(changed)
    if observed is None:
        return ChangeTest(measure, before, after, None, None, "none", m, 0, False, None)
    if measure == "density":
        return ChangeTest(measure, before, after, observed, density_change_p(a, b),
                          "McNemar exact (dyad swap)", m, 2 ** m if m < 63 else 0, True, None)
    exact = m < 63 and 2 ** m <= reps
    if exact:
        masks = np.array(list(itertools.product((False, True), repeat=m)), dtype=bool)
        masks = masks.reshape(2 ** m, m)
    else:
        masks = np.random.default_rng(seed).random((reps, m)) < 0.5
    extreme = 0
    for swap in masks:
        tied_before = was_tied ^ swap
        x = _value(statistic, n, np.concatenate([shared, changed[tied_before]]), groups)
        y = _value(statistic, n, np.concatenate([shared, changed[~tied_before]]), groups)
        if x is not None and y is not None and abs(y - x) >= abs(observed) - TOLERANCE:
            extreme += 1
    return ChangeTest(measure, before, after, observed, extreme / len(masks),
                      "dyad swap, exact" if exact else "dyad swap, Monte Carlo", m,
                      len(masks), exact, None if exact else seed)


@dataclass(frozen=True)
class QapTest:
    """``sna::qaptest``'s answer for :func:`gcor`: observed r, P(r* >= r), P(r* <= r)."""

    statistic: float | None
    pgreq: float | None
    pleeq: float | None
    draws: int
    exact: bool
    seed: int | None


def qap_distribution(a: Ties, b: Ties, reps: int = DEFAULT_REPS, seed: int = 0,
                     exact: bool | None = None) -> tuple[np.ndarray, bool]:
    """:func:`gcor` of ``a`` with ``b`` relabelled: every relabelling when ``n! <= reps``
    (exact; ``exact=False`` forces draws), else ``reps`` seeded random ones."""
    n = a.n
    pairs = n * (n - 1) // 2
    target = a.codes
    if exact is None:
        exact = n <= 12 and math.factorial(n) <= reps
    rng = np.random.default_rng(seed)
    perms = (itertools.permutations(range(n)) if exact else
             (rng.permutation(n) for _ in range(reps)))
    values = []
    for perm in perms:
        p = np.asarray(perm, dtype=np.int64)
        u, v = p[b.i], p[b.j]
        codes = np.minimum(u, v) * n + np.maximum(u, v)
        both = int(np.isin(codes, target).sum())
        r = _correlation(pairs, len(a.i), len(b.i), both)
        values.append(np.nan if r is None else r)
    return np.array(values, dtype=float), exact


def qap_test(a: Ties, b: Ties, reps: int = DEFAULT_REPS, seed: int = 0,
             exact: bool | None = None) -> QapTest:
    """QAP test of :func:`gcor` (see the module docstring); ``exact`` as in
    :func:`qap_distribution`."""
    observed = gcor(a, b)
    if observed is None:
        return QapTest(None, None, None, 0, False, None)
    draws, exact = qap_distribution(a, b, reps, seed, exact)
    draws = draws[~np.isnan(draws)]
    pgreq = float(np.mean(draws >= observed - TOLERANCE)) if len(draws) else None
    pleeq = float(np.mean(draws <= observed + TOLERANCE)) if len(draws) else None
    return QapTest(observed, pgreq, pleeq, len(draws), exact, None if exact else seed)
