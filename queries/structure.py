"""Degree and components of any network, directed or not.

The measures an analyst reads first about a network they did not draw:

* :func:`degrees` -- in-, out- and total degree (and strength, when weighted);
* :func:`weak_components` and :func:`strong_components` -- who can reach whom
  ignoring, and following, the ties' direction;
* :func:`component_membership` -- each node's component, numbered largest first.

They take any networkx graph (the analysed networks of
:mod:`netan.queries.analysed`, or a published network read by
:mod:`netan.importers`) and return plain data. Conventions shared below:

* **Self-loops** are ignored, and parallel edges of a multigraph count once
  (a degree counts *distinct* neighbours); their weights are summed for strength.
* **Isolates** have degree 0 and are components of one node.
* **Direction**: an undirected tie is both an in- and an out-tie, so in an
  undirected graph in-degree = out-degree = degree; in a directed graph the
  total degree is in + out (a mutual pair counts twice), as igraph's
  ``degree(mode = "all")`` and networkx's ``DiGraph.degree``.

The tests check each function against R's igraph on Drabek et al.'s (1981)
emergency networks and Padgett's Florentine marriages, and against networkx on
random graphs.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

__all__ = [
    "component_membership",
    "degrees",
    "strong_components",
    "weak_components",
]


def _simple(G: nx.Graph, weight: str | None) -> nx.Graph:
    """``G`` without self-loops and with parallel edges merged (weights summed)."""
    if not G.is_multigraph() and nx.number_of_selfloops(G) == 0:
        return G
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.add_nodes_from(G)
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        w = data.get(weight, 1) if weight else 1
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def degrees(G: nx.Graph, weight: str | None = None) -> dict[Hashable, dict[str, Any]]:
    r"""In-, out- and total degree of every node, and strength when ``weight`` is given.

    **Definition.** For node ``v`` of a directed graph with arcs :math:`A`,

    .. math::

        d^-(v) = |\{u : (u, v) \in A\}|, \quad d^+(v) = |\{w : (v, w) \in A\}|,
        \quad d(v) = d^-(v) + d^+(v);

    for an undirected graph :math:`d^-(v) = d^+(v) = d(v)` = the number of
    distinct neighbours. Strength replaces each count by the sum of the ties'
    ``weight`` (Barrat et al. 2004): ``in_strength``, ``out_strength`` and
    ``strength`` (= in + out for a directed graph).

    Returns ``{node: {"in_degree", "out_degree", "degree"}}`` (plus
    ``"in_strength", "out_strength", "strength"`` when weighted), in node order.

    References: Wasserman & Faust (1994), *Social Network Analysis*, s. 4.3;
    Barrat, Barthelemy, Pastor-Satorras & Vespignani (2004), PNAS 101(11).
    Checked against igraph's ``degree``/``strength`` (modes in, out, all).
    """
    H = _simple(G, weight)
    weight_key = "weight" if H is not G else weight
    if H.is_directed():
        into, out = dict(H.in_degree()), dict(H.out_degree())
    else:
        into = out = dict(H.degree())
    result: dict[Hashable, dict[str, Any]] = {}
    for v in H:
        row: dict[str, Any] = {"in_degree": into[v], "out_degree": out[v],
                               "degree": into[v] + out[v] if H.is_directed() else into[v]}
        result[v] = row
    if weight:
        if H.is_directed():
            s_in = dict(H.in_degree(weight=weight_key))
            s_out = dict(H.out_degree(weight=weight_key))
        else:
            s_in = s_out = dict(H.degree(weight=weight_key))
        for v, row in result.items():
            row["in_strength"], row["out_strength"] = float(s_in[v]), float(s_out[v])
            row["strength"] = (row["in_strength"] + row["out_strength"] if H.is_directed()
                               else row["in_strength"])
    return result


def _ordered(components: list[set[Hashable]], order: dict[Hashable, int]
             ) -> list[set[Hashable]]:
    """Largest first; equal sizes by their first node in ``G``'s order."""
    return sorted(components, key=lambda c: (-len(c), min(order[v] for v in c)))


def weak_components(G: nx.Graph) -> list[set[Hashable]]:
    """The weakly connected components: the node sets joined by paths when the ties'
    direction is ignored (for an undirected graph, its connected components).

    Largest first; components of equal size by their first node in the graph's
    order. An isolate is a component of its own. Checked against igraph's
    ``components(mode = "weak")``.

    Reference: Wasserman & Faust (1994), s. 4.3.3.
    """
    order = {v: i for i, v in enumerate(G)}
    found = (nx.weakly_connected_components(G) if G.is_directed()
             else nx.connected_components(G))
    return _ordered([set(c) for c in found], order)


def strong_components(G: nx.Graph) -> list[set[Hashable]]:
    """The strongly connected components: the largest node sets in which every node
    reaches every other along the ties' direction. For an undirected graph they
    are the connected components.

    Ordered as :func:`weak_components`. Checked against igraph's
    ``components(mode = "strong")``.

    Reference: Wasserman & Faust (1994), s. 4.3.3; Tarjan (1972).
    """
    if not G.is_directed():
        return weak_components(G)
    order = {v: i for i, v in enumerate(G)}
    return _ordered([set(c) for c in nx.strongly_connected_components(G)], order)


def component_membership(components: list[set[Hashable]]) -> dict[Hashable, int]:
    """``{node: k}``, ``k`` = 1 for the first (largest) component, 2 for the next ..."""
    return {v: k for k, component in enumerate(components, start=1) for v in component}
