"""A view of two observations at once (``netan view --compare BEFORE``).

The network drawn is that of both sides together (their typed graphs composed,
the later side's properties winning), laid out once; each tie is then styled by
where it is found: **added** (only after: green, solid), **removed** (only
before: red, dashed) or **kept** (both: grey). People and organisations found
on one side only say so in their tooltip. Ties are compared in the view's own
network (people, organisations or full), by the ids of their ends, so an
organisation succeeded under a new id shows as one removed and one added node
(``netan compare`` matches successors; the view does not).

An aggregated view (beyond the size a page draws smoothly) cannot mark single
ties: the page then says so, and ``--focus`` gives a view that can.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from .build import build_view
from .model import LegendEntry, ViewModel
from .networks import view_network

#: Tie styles: state -> (colour, dashes, legend text).
CHANGE_STYLES: dict[str, tuple[str, bool | list[int], str]] = {
    "added": ("#1A9850", False, "tie added (only after)"),
    "removed": ("#D73027", [6, 4], "tie removed (only before)"),
    "kept": ("#9E9E9E", False, "tie kept (before and after)"),
}


def union_graph(before: nx.MultiDiGraph, after: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Every node and relationship of both sides (a node's properties: the later side's)."""
    union = nx.MultiDiGraph()
    for G in (before, after):
        union.add_nodes_from(G.nodes(data=True))
    for G in (before, after):
        union.add_edges_from((u, v, dict(d)) for u, v, d in G.edges(data=True))
    return union


def _ties(V: nx.Graph) -> set[frozenset[Hashable]]:
    return {frozenset((str(u), str(v))) for u, v in V.edges()}


def build_compare_view(before: nx.MultiDiGraph, after: nx.MultiDiGraph, *,
                       labels: tuple[str, str] = ("before", "after"),
                       network: str = "people", **options: Any) -> ViewModel:
    """The view of both sides with every tie styled as added, removed or kept.

    ``options`` are :func:`netan.visualisations.build.build_view`'s (without
    ``anonymise``: pass graphs already pseudonymised with one salt, so a person
    has one code on both sides).
    """
    view = build_view(union_graph(before, after), network=network,
                      title=f"netan view: {labels[0]} -> {labels[1]}", **options)
    if view.aggregated:
        view.notes.insert(0, "The view is aggregated, so single ties cannot be marked as "
                             "added or removed; use --focus ID to see them.")
        return view
    drawn_before, drawn_after = view_network(before, network), view_network(after, network)
    was, now = _ties(drawn_before), _ties(drawn_after)
    counts = dict.fromkeys(CHANGE_STYLES, 0)
    for edge in view.edges:
        tie = frozenset((edge.source, edge.target))
        state = "kept" if tie in was and tie in now else "removed" if tie in was else "added"
        counts[state] += 1
        edge.colour, edge.dashes, _ = CHANGE_STYLES[state]
        edge.type = f"{state}: {edge.type}" if edge.type else state
    before_nodes = {str(n) for n in drawn_before}
    after_nodes = {str(n) for n in drawn_after}
    for node in view.nodes:
        if node.id in before_nodes and node.id not in after_nodes:
            node.details.append(("change", f"in {labels[0]} only"))
        elif node.id in after_nodes and node.id not in before_nodes:
            node.details.append(("change", f"in {labels[1]} only"))
    view.legend = [e for e in view.legend if e.kind != "edge"] + [
        LegendEntry("edge", text, colour=colour, dashes=dashes)
        for colour, dashes, text in CHANGE_STYLES.values()]
    view.notes.insert(0, f"Comparing {labels[0]} with {labels[1]}: {counts['added']} ties "
                         f"added (green), {counts['removed']} removed (red, dashed), "
                         f"{counts['kept']} kept (grey).")
    return view
