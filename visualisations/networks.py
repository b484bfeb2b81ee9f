"""The network a view draws, read from the store's typed graph.

A view draws one of four networks (``--network``):

* ``people`` -- :func:`netan.queries.networks.person_network`;
* ``organisations`` -- :func:`netan.queries.networks.organisation_network`;
* ``full`` -- the typed graph itself: agencies, groups and people with every
  relationship, meetings folded into their group (a person's ``ATTENDED``
  lines become one ``ATTENDED`` tie to the group, weighted by meetings present);
* ``survey`` -- a roster survey's answers (:func:`netan.queries.survey.survey_network`
  under the ``either`` policy): a line where either member reports working
  with the other, weighted by the collaboration level (the stronger rating).

Whatever the source, :func:`view_network` returns a :class:`networkx.Graph`
whose nodes carry ``label``, ``name``, ``sector``, ``level``, ``role`` and
``agency`` and whose edges carry ``layer_weights`` (layer -> weight) and, in the
``full`` network, ``types`` (relationship types) and ``directed``, so the rest of the view
code does not care where it came from.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Literal

import networkx as nx

from netan.graphdb.schema import (
    AGENCY,
    ATTENDANCE_STATUS,
    ATTENDED,
    EMPLOYED_BY,
    GROUP,
    HELD_BY,
    LAYERS,
    MEETING,
    PERSON,
    RATES,
    REL_TYPES,
)
from netan.kernels.nxgraph import with_node_data
from netan.queries.networks import organisation_network, person_network
from netan.queries.participation import GraphIndex
from netan.queries.survey import read_survey, survey_network

Network = Literal["people", "organisations", "full", "survey"]
NETWORKS: tuple[str, ...] = ("people", "organisations", "full", "survey")
#: The non-response policy the survey view draws (undirected: a line per pair).
SURVEY_POLICY = "either"
PRESENT = ATTENDANCE_STATUS.values[0]
FIELDS = ("name", "sector", "level", "role", "agency", "kind")


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return None
    return str(value)


def check_layers(layers: Iterable[str] | None) -> list[str] | None:
    """The layer names, checked against the schema's LAYERS (ValueError names the valid ones)."""
    if layers is None:
        return None
    chosen = [layer.strip() for layer in layers if layer.strip()]
    unknown = [layer for layer in chosen if layer not in LAYERS]
    if unknown:
        raise ValueError(f"unknown layer(s) {', '.join(unknown)}; known: {', '.join(LAYERS)}")
    return chosen


def _node(label: str, node_id: Hashable, data: dict[str, Any]) -> dict[str, Any]:
    attrs = {key: _text(data.get(key)) for key in FIELDS}
    attrs["label"] = label
    attrs["name"] = attrs["name"] or str(node_id)
    return attrs


def _derived(H: nx.Graph, label: str) -> nx.Graph:
    """``H`` in the view's form: the view's node attributes over ``H``'s own ties.

    The ties are not copied (a national person network has ~750,000): the result
    is a read-only view of ``H`` (:func:`networkx.graphviews.generic_graph_view`)
    with its own node attributes. ``H``'s ties carry ``layer_weights``, all the
    view reads of a derived tie (``types`` empty, undirected, by default).
    Graphs whose node ids are not all strings are copied instead.
    """
    nodes = {str(node): _node(label, node, data) for node, data in H.nodes(data=True)}
    if all(type(node) is str for node in H):
        return with_node_data(H, nodes)  # the view's attributes; the ties stay H's
    V = nx.Graph()
    V.add_nodes_from(nodes.items())
    V.add_edges_from((str(u), str(v), {"layer_weights": weights or {}})
                     for u, v, weights in H.edges(data="layer_weights"))
    return V


def _full(G: nx.MultiDiGraph) -> nx.Graph:
    V = nx.Graph()
    employer: dict[Hashable, Hashable] = {}
    for u, v, data in G.edges(data=True):
        if data.get("type") == EMPLOYED_BY and G.nodes[v].get("label") == AGENCY:
            employer[u] = min(employer.get(u, v), v, key=str)  # first by id
    for node, data in G.nodes(data=True):
        label = data.get("label")
        if label not in (AGENCY, GROUP, PERSON):
            continue
        attrs = _node(label, node, data)
        if label == PERSON:
            agency = employer.get(node)
            attrs["agency"] = _text(agency)
            if agency is not None:
                attrs["sector"] = attrs["sector"] or _text(G.nodes[agency].get("sector"))
                attrs["level"] = _text(G.nodes[agency].get("level"))
        V.add_node(str(node), **attrs)
    held_by = {u: v for u, v, d in G.edges(data=True) if d.get("type") == HELD_BY}

    def add(u: Hashable, v: Hashable, rel: str, weight: float) -> None:
        u, v = str(u), str(v)
        if u == v or u not in V or v not in V:
            return
        layer = REL_TYPES[rel].layer
        if not V.has_edge(u, v):
            V.add_edge(u, v, layer_weights={}, types=[], directed=True)
        data = V[u][v]
        data["layer_weights"][layer] = data["layer_weights"].get(layer, 0) + weight
        if rel not in data["types"]:
            data["types"].append(rel)

    for u, v, data in G.edges(data=True):
        rel = data.get("type")
        if rel not in REL_TYPES:
            continue
        if rel == ATTENDED:
            if G.nodes[v].get("label") == MEETING and data.get("status") == PRESENT:
                group = held_by.get(v)
                if group is not None:
                    add(u, group, ATTENDED, 1)
            continue
        if rel == HELD_BY:
            continue
        add(u, v, rel, 1)
    return V


def _survey(G: nx.MultiDiGraph) -> nx.Graph:
    """The survey's reported ties among the roster (module doc), in the view's form."""
    S = survey_network(read_survey(G), SURVEY_POLICY)
    layer = REL_TYPES[RATES].layer
    V = nx.Graph()
    for node in S:
        data = G.nodes[node]
        V.add_node(str(node), **_node(data.get("label") or AGENCY, node, data))
    for u, v, data in S.edges(data=True):
        level = data.get("collaboration")
        V.add_edge(str(u), str(v), layer_weights={layer: float(level or 1)}, types=[RATES],
                   directed=False, collaboration=level)
    return V


def view_network(G: nx.MultiDiGraph, network: str, *,
                 index: GraphIndex | None = None) -> nx.Graph:
    """The ``network`` (people, organisations, full or survey) of ``G`` in the view's form
    (module doc). ``index``: ``G``'s graph index
    (:func:`~netan.queries.participation.index_graph`), when already read."""
    if network == "people":
        return _derived(person_network(G, index=index), PERSON)
    if network == "organisations":
        return _derived(organisation_network(G, index=index), AGENCY)
    if network == "full":
        return _full(G)
    if network == "survey":
        return _survey(G)
    raise ValueError(f"unknown network {network!r}; choose one of {', '.join(NETWORKS)}")


def keep_layers(V: nx.Graph, layers: list[str] | None) -> nx.Graph:
    """``V`` with each edge reduced to the chosen layers; edges left with none are dropped.

    Nodes are all kept (a GP tied only by a hidden layer shows as an isolate).
    """
    if layers is None:
        return V
    W = nx.Graph()
    W.add_nodes_from(V.nodes(data=True))
    for u, v, data in V.edges(data=True):
        kept = {k: w for k, w in data["layer_weights"].items() if k in layers}
        if kept:
            types = [t for t in data.get("types") or [] if REL_TYPES[t].layer in layers]
            W.add_edge(u, v, **{**data, "layer_weights": kept, "types": types})
    return W
