"""The fast paths of issue 2 ("Speed") give exactly what the plain loops give.

``person_network`` sums group ties with numpy (:func:`_group_pairs`,
:func:`_aggregate_ties`) and writes them straight into the adjacency; here the
result is compared, edge by edge and in order, with the plain loop over
:func:`_group_ties` through :func:`_add_tie` that it replaced.
"""

from __future__ import annotations

import networkx as nx
import pytest
from graphs import isolation_graph, synthetic_graph, vertical_graph

from netan.queries import networks
from netan.queries.networks import (
    LAYER_ATTENDANCE,
    LAYER_MEMBERSHIP,
    _add_tie,
    _group_ties,
    index_graph,
    person_network,
)


def group_ties_by_loop(G: nx.MultiDiGraph, weighting: str) -> list[tuple]:
    """The group ties of the person network, by the plain loop, in insertion order."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G))  # the same node order as the fast path, as person_network does
    for _, a, b, weight, layer in _group_ties(index_graph(G), weighting):
        _add_tie(H, a, b, weight, layer)
    return [(u, v, d["weight"], d["layer_weights"]) for u, v, d in H.edges(data=True)]


def group_ties_fast(G: nx.MultiDiGraph, weighting: str) -> list[tuple]:
    pairs = networks._group_pairs(index_graph(G), weighting)
    H = nx.Graph()
    H.add_nodes_from(sorted(G))
    networks._add_ties_fast(H, ((pairs.names[a], pairs.names[b], d) for a, b, d in
                                networks._aggregate_ties(pairs.a, pairs.b, pairs.weight,
                                                         pairs.layer, len(pairs.names))))
    return [(u, v, d["weight"], d["layer_weights"]) for u, v, d in H.edges(data=True)]


@pytest.mark.parametrize("weighting", ["attendance", "membership"])
@pytest.mark.parametrize("make", [isolation_graph, vertical_graph,
                                  lambda: synthetic_graph(60, seed=3)])
def test_group_ties_match_the_loop(make, weighting) -> None:
    G = make()
    fast = group_ties_fast(G, weighting)
    slow = group_ties_by_loop(G, weighting)
    assert fast
    assert fast == slow
    # the same edges in the same adjacency order, not just the same set
    fast_graph, slow_graph = nx.Graph(), nx.Graph()
    fast_graph.add_edges_from((u, v) for u, v, *_ in fast)
    slow_graph.add_edges_from((u, v) for u, v, *_ in slow)
    assert all(list(fast_graph[n]) == list(slow_graph[n]) for n in slow_graph)


def test_aggregate_ties_hand_worked() -> None:
    import numpy as np

    # pair (0, 1): membership 1, then attendance 3 and 2 -> weight 6, membership first
    # pair (0, 2): attendance 4 -> weight 4; pair (1, 2) first seen after (0, 2)
    a = np.array([0, 0, 0, 0, 1, 0])
    b = np.array([1, 2, 1, 1, 2, 2])
    w = np.array([1, 4, 3, 2, 5, 1])
    layer = np.array([1, 0, 0, 0, 1, 0], dtype=np.int8)
    rows = list(networks._aggregate_ties(a, b, w, layer, 3))
    assert [(u, v) for u, v, _ in rows] == [(0, 1), (0, 2), (1, 2)]
    assert rows[0][2] == {"weight": 6, "layer_weights": {LAYER_MEMBERSHIP: 1,
                                                         LAYER_ATTENDANCE: 5},
                          "layers": sorted([LAYER_MEMBERSHIP, LAYER_ATTENDANCE])}
    assert list(rows[0][2]["layer_weights"]) == [LAYER_MEMBERSHIP, LAYER_ATTENDANCE]
    assert rows[1][2]["weight"] == 5 and rows[1][2]["layer_weights"] == {LAYER_ATTENDANCE: 5}
    assert rows[2][2] == {"weight": 5, "layer_weights": {LAYER_MEMBERSHIP: 5},
                          "layers": [LAYER_MEMBERSHIP]}
    assert all(isinstance(d["weight"], int) for _, _, d in rows)


def test_person_network_layers_are_finished_everywhere() -> None:
    P = person_network(synthetic_graph(40, seed=5))
    assert P.number_of_edges() > 0
    for _, _, d in P.edges(data=True):
        assert d["layers"] == sorted(d["layer_weights"])
        assert d["weight"] == sum(d["layer_weights"].values())
