"""How far a sampled betweenness ranking can be trusted.

:func:`netan.queries.centrality.betweenness` estimates betweenness from ``k``
seeded source people when a network is too large to compute exactly (Brandes &
Pich 2007). The estimate's *values* are unbiased, but an analyst reads its
*ranking* -- the top brokers -- and a ranking from a small sample can be
unstable. :func:`betweenness_with_stability` computes the same estimate (the
same sources, the same values) and, at no extra cost, how stable its top is:

    The ``k`` sources are split into two disjoint halves (the first and second
    half of the seeded draw); each half gives an independent estimate from
    ``k/2`` sources, and the **top-N agreement** is the share of the N
    highest-ranked nodes of one half that are also among the N highest of the
    other. The full estimate adds the two halves' dependencies, so this
    measures the agreement of two estimates each half as precise as the one
    reported: a conservative (lower) bound on the stability of the reported top.

:func:`top_agreement` compares any two rankings, e.g. a sample's with the exact
one (as ``benchmarks/bench_sampling.py`` does on the national benchmark).
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np

from netan.kernels import brandes
from netan.queries import centrality, policy
from netan.queries.centrality import BetweennessResult

__all__ = ["RankingStability", "betweenness_with_stability", "top_agreement", "top_nodes"]

#: How many top brokers the stability is reported for.
TOP = 20


@dataclass(frozen=True)
class RankingStability:
    """Agreement of the top ``top`` nodes of two independent half-sample estimates
    (``agreement`` = shared / ``top``), with the size of each half."""

    top: int
    shared: int
    agreement: float
    half_size: int


def top_nodes(values: Mapping[Hashable, float], top: int) -> list[Hashable]:
    """The ``top`` highest-valued nodes, highest first (ties by node id as text), leaving
    out nodes with value 0 (they broker nothing)."""
    ranked = sorted(((v, x) for v, x in values.items() if x > 0),
                    key=lambda item: (-item[1], str(item[0])))
    return [v for v, _ in ranked[:top]]


def top_agreement(a: Mapping[Hashable, float], b: Mapping[Hashable, float],
                  top: int = TOP) -> float:
    """Share of the ``top`` highest nodes of ``a`` that are among the ``top`` of ``b``
    (1.0 when neither ranks anyone above 0)."""
    first, second = top_nodes(a, top), set(top_nodes(b, top))
    if not first and not second:
        return 1.0
    return len([v for v in first if v in second]) / max(len(first), len(second))


def betweenness_with_stability(network: nx.Graph, mode: str = "auto", k: int | None = None,
                               seed: int | None = 0, top: int = TOP,
                               ties: centrality.Ties | None = None,
                               ) -> tuple[BetweennessResult, RankingStability | None]:
    """:func:`~netan.queries.centrality.betweenness` (``mode``, ``k``, ``seed``, normalised)
    and, when it is sampled, the stability of its top ``top`` (module docstring).

    The values equal ``centrality.betweenness(network, mode, k=k, seed=seed)``: the
    same sources are drawn, and their dependencies are accumulated in two halves
    and added (equal up to the order of floating-point sums), so the stability
    costs nothing extra. For an exact result the stability is None.
    """
    ties = ties or centrality.read_ties(network)
    nodes = ties.nodes
    size = min(len(nodes), policy.BETWEENNESS_SAMPLE) if k is None else int(k)
    sampled = policy.betweenness_sampled(network, mode)
    if not sampled or size >= len(nodes) or size < 4:
        return centrality.betweenness(network, mode=mode, k=k, seed=seed,  # type: ignore[arg-type]
                                      ties=ties), None
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    n = len(nodes)
    directed = network.is_directed()
    adj, adj_t = ties.paths
    index = {x: i for i, x in enumerate(nodes)}
    chosen = random.Random(seed).sample(nodes, size)
    half = len(chosen) // 2
    raws, masks = [], []
    for part in (chosen[:half], chosen[half:]):
        sources = np.fromiter((index[x] for x in part), dtype=np.int64, count=len(part))
        mask = np.zeros(n, dtype=bool)
        mask[sources] = True
        raws.append(brandes.dependency_sums(adj, adj_t, sources))
        masks.append(mask)
    estimates = [dict(zip(nodes, centrality.rescale_dependencies(
                     raw, n, normalized=True, directed=directed, source_mask=mask).tolist(),
                     strict=True))
                 for raw, mask in zip(raws, masks, strict=True)]
    values = centrality.rescale_dependencies(raws[0] + raws[1], n, normalized=True,
                                             directed=directed, source_mask=masks[0] | masks[1])
    result = BetweennessResult(dict(zip(nodes, values.tolist(), strict=True)), "sampled",
                               size, seed, True, n, directed, chosen)
    first, second = top_nodes(estimates[0], top), set(top_nodes(estimates[1], top))
    shared = len([x for x in first if x in second])
    agreement = shared / max(len(first), len(second), 1)
    return result, RankingStability(top, shared, agreement, half)
