"""Splitting one partnership into sites (or by any attribute) to compare them side by side.

The King's Fund's five development sites (Poxton 1999) and Scotland's health
board areas (Woods & McCollam 2002) are sites of one study: one store, one
``site`` column (or ``area``, or any attribute), one analysis per site.

**Which site a node is in** (:func:`site_values`): its own value of the
attribute (a property, or an extra column kept in ``attributes``); else, for a
person, their employer's; for an organisation or group, that of what it is
``PART_OF`` (nearest first); for a meeting, its group's. A value may name several
sites separated by ``;`` (a body shared by two sites). Nodes with no value are
in no site.

**A site's graph** (:func:`site_graph`) is its nodes and the relationships
between them; a relationship between two sites is in neither (counted by
:func:`cross_site_relationships`).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from netan.graphdb.schema import AGENCY, EMPLOYED_BY, GROUP, HELD_BY, MEETING, PART_OF, PERSON

#: Separates the sites of a node that belongs to several.
SEPARATOR = ";"


def _own(data: dict[str, Any], attribute: str) -> list[str]:
    value = data.get(attribute)
    if value is None:
        return []
    return [v.strip() for v in str(value).split(SEPARATOR) if v.strip()]


def site_values(G: nx.MultiDiGraph, attribute: str) -> dict[Hashable, list[str]]:
    """Every node's sites under ``attribute`` (own value, else inherited; see module)."""
    parents: dict[Hashable, list[Hashable]] = {}
    employers: dict[Hashable, list[Hashable]] = {}
    meeting_group: dict[Hashable, Hashable] = {}
    for u, v, kind in G.edges(data="type"):
        if kind == PART_OF:
            parents.setdefault(u, []).append(v)
        elif kind == EMPLOYED_BY:
            employers.setdefault(u, []).append(v)
        elif kind == HELD_BY:
            meeting_group[u] = v
    found: dict[Hashable, list[str]] = {}

    def structural(node: Hashable, seen: frozenset[Hashable] = frozenset()) -> list[str]:
        if node in found:
            return found[node]
        values = _own(G.nodes[node], attribute) if node in G else []
        if not values:
            for parent in parents.get(node, []):
                if parent not in seen:
                    values = structural(parent, seen | {node})
                    if values:
                        break
        found[node] = values
        return values

    for node, data in G.nodes(data=True):
        label = data.get("label")
        if label in (AGENCY, GROUP):
            structural(node)
        elif label == PERSON:
            own = _own(data, attribute)
            if not own:
                own = list(dict.fromkeys(v for employer in employers.get(node, [])
                                         for v in structural(employer)))
            found[node] = own
    for node, data in G.nodes(data=True):
        if data.get("label") == MEETING:
            found[node] = found.get(meeting_group.get(node), []) if not _own(
                data, attribute) else _own(data, attribute)
        found.setdefault(node, _own(data, attribute))
    return found


def sites(G: nx.MultiDiGraph, attribute: str) -> list[str]:
    """The distinct sites under ``attribute``, sorted."""
    return sorted({v for values in site_values(G, attribute).values() for v in values})


def site_graph(G: nx.MultiDiGraph, attribute: str, value: str,
               values: dict[Hashable, list[str]] | None = None) -> nx.MultiDiGraph:
    """The typed graph of one site: its nodes and the relationships among them."""
    values = values if values is not None else site_values(G, attribute)
    keep = {node for node, found in values.items() if value in found}
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((u, v, dict(d)) for u, v, d in G.edges(data=True)
                     if u in keep and v in keep)
    return H


def cross_site_relationships(G: nx.MultiDiGraph, attribute: str,
                             values: dict[Hashable, list[str]] | None = None) -> int:
    """Relationships whose two ends share no site (they are in no site's graph)."""
    values = values if values is not None else site_values(G, attribute)
    return sum(1 for u, v in G.edges() if values.get(u) and values.get(v)
               and not set(values[u]) & set(values[v]))
