"""Drawing a large network as fewer nodes: each node of the view stands for a set.

A browser draws a few thousand nodes smoothly; beyond :data:`MAX_NODES` a view
is aggregated instead of frozen:

1. people (and, in the ``full`` network, everyone else who has an employer)
   are folded into the organisation that employs them;
2. if that still leaves more than :data:`MAX_NODES` nodes (or the network was
   already organisations), nodes are folded into (sector, level) blocks.

An aggregate's ties are the sums of its members' ties (``layer_weights`` add
up); ties inside one aggregate are counted in its ``internal`` attribute and
not drawn. The page says what was done (see ``build_view``); ``--focus ID
--depth N`` shows the people around one node instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable

import networkx as nx

from netan.graphdb.schema import AGENCY, PERSON

from .style import AGGREGATE, UNKNOWN

MAX_NODES = 2500
#: an aggregated view draws at most this many ties (the heaviest); vis-network
#: spends ~0.6 ms per edge when it opens a page
MAX_EDGES = 4000


def strongest_ties(W: nx.Graph, max_edges: int = MAX_EDGES) -> tuple[nx.Graph, int]:
    """``W`` keeping only its ``max_edges`` heaviest ties (ties broken by ids); returns
    (graph, number of ties dropped). Nodes are all kept."""
    if W.number_of_edges() <= max_edges:
        return W, 0
    ranked = sorted(W.edges(data=True), key=lambda e: (-sum(e[2]["layer_weights"].values()),
                                                       str(e[0]), str(e[1])))
    H = nx.Graph()
    H.add_nodes_from(W.nodes(data=True))
    H.add_edges_from(ranked[:max_edges])
    return H, len(ranked) - max_edges


Key = Callable[[Hashable], tuple[str, dict[str, str | None]]]


def fold(V: nx.Graph, key: Key) -> tuple[nx.Graph, dict[Hashable, str]]:
    """Fold ``V`` by ``key(node) -> (aggregate id, aggregate attributes)``.

    Returns the folded graph (nodes: ``label`` = aggregate, ``members``,
    ``internal``, plus the attributes; edges: summed ``layer_weights``) and the
    node -> aggregate id mapping.
    """
    return _fold_assigned(V, *_assign(V, key))


def _fold_assigned(V: nx.Graph, where: dict[Hashable, str],
                   attributes: dict[str, dict[str, str | None]]
                   ) -> tuple[nx.Graph, dict[Hashable, str]]:
    """:func:`fold` once each node's aggregate is known (see :func:`_assign`)."""
    members: Counter[str] = Counter()
    for node, agg in where.items():
        members[agg] += V.nodes[node].get("members", 1)
    internal: Counter[str] = Counter()
    between: dict[tuple[str, str], dict[str, float]] = {}
    for u, v, layer_weights in V.edges(data="layer_weights"):
        a, b = where[u], where[v]
        if a == b:
            internal[a] += 1
            continue
        pair = (a, b) if (b, a) not in between else (b, a)
        target = between.setdefault(pair, {})
        for layer, weight in layer_weights.items():
            target[layer] = target.get(layer, 0) + weight
    W = nx.Graph()
    W.add_nodes_from((agg, {"label": AGGREGATE, "role": None, "agency": None, "kind": None,
                            **attrs, "internal": internal[agg], "members": members[agg]})
                     for agg, attrs in attributes.items())
    W.add_edges_from((a, b, {"layer_weights": weights, "types": [], "directed": False})
                     for (a, b), weights in between.items())
    return W, where


def _assign(V: nx.Graph, key: Key) -> tuple[dict[Hashable, str], dict[str, dict[str, str | None]]]:
    """Each node's aggregate, and each aggregate's attributes (from its first node)."""
    where: dict[Hashable, str] = {}
    attributes: dict[str, dict[str, str | None]] = {}
    for node in V.nodes:
        agg, attrs = key(node)
        where[node] = agg
        attributes.setdefault(agg, attrs)
    return where, attributes


def by_employer(V: nx.Graph) -> tuple[nx.Graph, dict[Hashable, str]]:
    """Fold people into their employing agency (people with none into a sector/level block)."""
    return fold(V, _employer_key(V))


def _employer_key(V: nx.Graph) -> Key:
    def key(node: Hashable) -> tuple[str, dict[str, str | None]]:
        data = V.nodes[node]
        agency = data.get("agency")
        if data.get("label") == PERSON and agency is not None:
            info = V.nodes[agency] if agency in V else {}
            return f"org:{agency}", {"name": info.get("name") or agency,
                                     "sector": info.get("sector") or data.get("sector"),
                                     "level": info.get("level") or data.get("level"),
                                     "kind": AGENCY}
        if data.get("label") == PERSON:
            return by_block_key(data)
        return f"org:{node}", {"name": data.get("name"), "sector": data.get("sector"),
                               "level": data.get("level"), "kind": data.get("label")}
    return key


def by_block_key(data: dict[str, str | None]) -> tuple[str, dict[str, str | None]]:
    sector, level = data.get("sector") or UNKNOWN, data.get("level") or UNKNOWN
    return f"block:{sector}:{level}", {"name": f"{sector} at {level} level",
                                       "sector": data.get("sector"),
                                       "level": data.get("level")}


def by_block(V: nx.Graph) -> tuple[nx.Graph, dict[Hashable, str]]:
    """Fold every node into its (sector, level) block."""
    return fold(V, lambda node: by_block_key(V.nodes[node]))


def shrink(V: nx.Graph, max_nodes: int = MAX_NODES) -> tuple[nx.Graph, dict[Hashable, str], str]:
    """``V`` folded until it has at most ``max_nodes`` nodes.

    Returns (graph, node -> shown node id, how) with ``how`` one of ``""`` (not
    folded), ``"organisations"`` or ``"blocks"``.
    """
    if V.number_of_nodes() <= max_nodes:
        return V, {n: n for n in V.nodes}, ""
    if any(d.get("label") == PERSON for _, d in V.nodes(data=True)):
        where, employers = _assign(V, _employer_key(V))  # cheap: no ties folded yet
        if len(employers) <= max_nodes:
            W, where = _fold_assigned(V, where, employers)
            return W, where, "organisations"
    W, where = by_block(V)
    return W, where, "blocks"
