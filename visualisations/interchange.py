"""Network files for other tools: GraphML, GEXF, Pajek, UCINET DL and CSV.

:func:`export_graph` turns the typed graph (or one of its derived networks) into
a plain networkx graph whose attributes every format can carry, and
:func:`write_network` writes it:

=============  =============================================================
format         written with
=============  =============================================================
``graphml``    :func:`networkx.write_graphml` (igraph, Gephi, yEd, Cytoscape)
``gexf``       :func:`networkx.write_gexf`, GEXF 1.3, with ``viz:color`` (by
               sector) and ``viz:position`` (levels: practice at the bottom)
``pajek``      :func:`write_pajek` below: ``*Vertices`` with labels, ``*Arcs``
               (directed) or ``*Edges`` (undirected) with weights
``dl``         :func:`write_dl` below: UCINET DL ``edgelist1`` with labels
``csv``        a folder with ``nodes.csv`` (Id, Label, ...) and ``edges.csv``
               (Source, Target, Type = Directed/Undirected, Weight, ...): Gephi's
               spreadsheet form, which ``netan import`` reads back
=============  =============================================================

What is written (the *interchange convention*, read back by
:mod:`netan.importers.interchange`): each node has ``name`` and ``type``
(``Person``, ``Agency``, ``Group``, ``Meeting``) and its properties; each tie
has ``relationship`` (the relationship type, for the full graph), ``direction``
and ``weight``. Lists are joined with ``"; "``; missing values are left out.
networkx's Pajek writer is not used because it writes node attributes as
``key value`` pairs on the vertex lines, which Pajek reads as drawing options.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from netan.graphdb.schema import AGENCY, GROUP, MEETING, PERSON, REL_TYPES
from netan.queries import analysed, twomode
from netan.queries.participation import index_graph
from netan.visualisations.layout import levels_layout
from netan.visualisations.style import colour_map

__all__ = ["EXPORT_FORMATS", "EXPORT_NETWORKS", "ExportedNetwork", "export_graph",
           "format_of", "write_dl", "write_network", "write_pajek"]

EXPORT_FORMATS = ("graphml", "gexf", "pajek", "dl", "csv")
#: What can be exported: the whole typed graph or a derived network.
EXPORT_NETWORKS = ("full", "people", "organisations", "groups", "meetings")
_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".net": "pajek", ".paj": "pajek",
             ".dl": "dl", ".csv": "csv"}
#: Above this many nodes the GEXF level layout skips its crossing-reduction sweeps.
_LAYOUT_SWEEP_LIMIT = 5000


@dataclass
class ExportedNetwork:
    """A network ready to write: a plain graph, whether directed, and notes."""

    graph: nx.Graph
    network: str
    directed: bool
    notes: list[str] = field(default_factory=list)


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The format asked for, or the one ``path``'s suffix names (a folder: csv)."""
    if fmt is not None:
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"--format {fmt!r}: choose {', '.join(EXPORT_FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    if not suffix:
        return "csv"
    if suffix not in _SUFFIXES:
        raise ValueError(f"{path}: cannot tell the format from '{suffix}'; use .graphml, "
                         ".gexf, .net, .dl, a folder (CSV) or --format")
    return _SUFFIXES[suffix]


def _value(value: Any) -> Any:
    """A value every format can carry: text, a number or a boolean (None: leave out)."""
    if value is None:
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return "; ".join(str(x) for x in items)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return _value(value.item())
    if str(value) in ("<NA>", "NaT", "nan"):
        return None
    return str(value)


def _clean(data: dict[str, Any], drop: frozenset[str] = frozenset()) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if key in drop:
            continue
        clean = _value(value)
        if clean is not None:
            out[str(key)] = clean
    return out


_NODE_DROP = frozenset({"label", "attributes", "id"})


def _nodes(graph: nx.Graph, source: nx.Graph, label_of: dict[Hashable, str] | None) -> None:
    for node, data in source.nodes(data=True):
        attrs = _clean(data, _NODE_DROP | {"bipartite"})
        attrs["type"] = data.get("label") or (label_of or {}).get(node) or PERSON
        attrs.setdefault("name", str(node))
        graph.add_node(node, **attrs)


def export_graph(G: nx.MultiDiGraph, network: str = "full", direction: str | None = None,
                 weight: str | None = None, weight_scale: str = "ascending") -> ExportedNetwork:
    """The typed graph ``G`` (``network="full"``) or a derived network, as a plain graph.

    * ``full``: every node and relationship, each relationship an arc from its
      source to its target (a MultiDiGraph), with ``relationship`` and its
      properties;
    * ``people`` / ``organisations``: the network as analysed
      (:func:`netan.queries.analysed.analysed_network`: directed as the data or
      ``direction`` says), each tie with ``weight`` (the ``weight`` column when
      named, else netan's tie strength), ``tie_strength``, ``layers`` and
      ``direction``;
    * ``groups`` / ``meetings``: the projection of the two-mode participation
      data (:mod:`netan.queries.twomode`), ``weight`` = people shared.
    """
    if network not in EXPORT_NETWORKS:
        raise ValueError(f"--network {network!r}: choose {', '.join(EXPORT_NETWORKS)}")
    if network == "full":
        H = nx.MultiDiGraph()
        _nodes(H, G, None)
        for u, v, data in G.edges(data=True):
            attrs = _clean(data, frozenset({"type", "attributes"}))
            attrs["relationship"] = data.get("type")
            if "direction" in REL_TYPES[data["type"]].property_names:
                attrs["direction"] = data.get("direction") or ""  # blank: not declared
            H.add_edge(u, v, **attrs)
        return ExportedNetwork(H, network, True)
    if network in ("people", "organisations"):
        index = index_graph(G)  # read once for the weight and the network
        net = analysed.analysed_network(G, network, direction,  # type: ignore[arg-type]
                                        analysed.check_weight(G, weight, index=index),
                                        weight_scale, index=index)
        H = nx.DiGraph() if net.directed else nx.Graph()
        _nodes(H, net.graph, None)
        for u, v, data in net.graph.edges(data=True):
            strength = data.get("tie_strength", data.get("weight", 1))
            attrs = _clean({"weight": data.get("weight", 1) if net.weighted else strength,
                            "tie_strength": strength, "layers": data.get("layers")})
            attrs["direction"] = net.direction
            H.add_edge(u, v, **attrs)
        return ExportedNetwork(H, network, net.directed, [net.describe()])
    B = twomode.participation(G, "groups" if network == "groups" else "meetings")
    side = [v for v, d in B.nodes(data=True) if d["bipartite"] == 1]
    P = twomode.projection(B, side)
    H = nx.Graph()
    _nodes(H, P, dict.fromkeys(side, GROUP if network == "groups" else MEETING))
    for u, v, data in P.edges(data=True):
        H.add_edge(u, v, weight=data["weight"], direction="undirected")
    return ExportedNetwork(H, network, False,
                           [f"{network} tied by the people they share (weight = shared)"])


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


def _rgb(hex_colour: str) -> dict[str, int]:
    value = hex_colour.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16),
            "a": 1.0}


def _with_viz(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` with GEXF ``viz`` colours (by sector) and positions (levels)."""
    H = graph.copy()
    colours = colour_map("sector", [d.get("sector") for _, d in H.nodes(data=True)])
    sweeps = 4 if H.number_of_nodes() <= _LAYOUT_SWEEP_LIMIT else 0
    positions, _ = levels_layout(H, lambda v: H.nodes[v].get("level"),
                                 lambda v: H.nodes[v].get("sector"), sweeps=sweeps)
    for node, data in H.nodes(data=True):
        x, y = positions[node]
        colour = colours.get(data.get("sector") or "unknown") or "#999999"
        data["viz"] = {"color": _rgb(colour), "position": {"x": float(x), "y": float(y),
                                                           "z": 0.0}, "size": 10.0}
        data["label"] = str(data.get("name", node))
    return H


def _label(node: Hashable, data: dict[str, Any]) -> str:
    return str(data.get("name") or node).replace('"', "'").replace("\n", " ")


def _unique_labels(graph: nx.Graph) -> dict[Hashable, str]:
    """Each node's label for Pajek and DL: its name, made unique with its id when needed."""
    names = {v: _label(v, d) for v, d in graph.nodes(data=True)}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {v: name if counts[name] == 1 else f"{name} ({v})" for v, name in names.items()}


def _weight(data: dict[str, Any]) -> float:
    value = data.get("weight", 1)
    return float(value) if isinstance(value, int | float) else 1.0


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_pajek(graph: nx.Graph, path: Path) -> None:
    """Pajek ``.net``: ``*Vertices n`` (number and quoted label), then ``*Arcs`` for a
    directed graph or ``*Edges`` for an undirected one, ``i j weight`` per tie
    (parallel ties of a multigraph each on their own line)."""
    labels = _unique_labels(graph)
    number = {v: k for k, v in enumerate(graph, start=1)}
    lines = [f"*Vertices {graph.number_of_nodes()}"]
    lines += [f'{number[v]} "{labels[v]}"' for v in graph]
    lines.append("*Arcs" if graph.is_directed() else "*Edges")
    lines += [f"{number[u]} {number[v]} {_number(_weight(d))}"
              for u, v, d in graph.edges(data=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_dl(graph: nx.Graph, path: Path) -> None:
    """UCINET DL ``edgelist1`` with quoted labels: one ``i j weight`` line per arc (an
    undirected tie on two lines, i -> j and j -> i, as UCINET stores a symmetric
    matrix; parallel ties' weights summed)."""
    labels = _unique_labels(graph)
    number = {v: k for k, v in enumerate(graph, start=1)}
    arcs: dict[tuple[int, int], float] = {}
    for u, v, data in graph.edges(data=True):
        pairs = [(u, v)] if graph.is_directed() else [(u, v), (v, u)]
        for a, b in pairs:
            key = (number[a], number[b])
            arcs[key] = arcs.get(key, 0.0) + _weight(data)
    lines = [f"dl n = {graph.number_of_nodes()}, format = edgelist1", "labels:",
             ",".join(f'"{labels[v]}"' for v in graph), "data:"]
    lines += [f"{i} {j} {_number(w)}" for (i, j), w in sorted(arcs.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_csv(graph: nx.Graph, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    node_keys = sorted({k for _, d in graph.nodes(data=True) for k in d} - {"name", "type"})
    nodes = folder / "nodes.csv"
    with nodes.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Id", "Label", "node_type", *node_keys])
        for v, d in graph.nodes(data=True):
            writer.writerow([v, d.get("name"), d.get("type"), *(d.get(k) for k in node_keys)])
    edge_keys = sorted({k for *_, d in graph.edges(data=True) for k in d}
                       - {"weight", "direction"})
    edges = folder / "edges.csv"
    with edges.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Source", "Target", "Type", "Weight", *edge_keys])
        for u, v, d in graph.edges(data=True):
            direction = d.get("direction")
            kind = ("Undirected" if direction == "undirected" else
                    "" if direction == "" else "Directed")  # blank: not declared
            writer.writerow([u, v, kind, d.get("weight", 1), *(d.get(k) for k in edge_keys)])
    return [nodes, edges]


def write_network(exported: ExportedNetwork, path: str | Path, fmt: str | None = None
                  ) -> list[Path]:
    """Write ``exported`` to ``path`` in ``fmt`` (default: from the suffix); the files."""
    target = Path(path)
    kind = format_of(target, fmt)
    graph = exported.graph
    if kind == "csv":
        return _write_csv(graph, target.parent if target.suffix.lower() == ".csv" else target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "graphml":
        nx.write_graphml(graph, target, named_key_ids=True)
    elif kind == "gexf":
        nx.write_gexf(_with_viz(graph), target, version="1.3")
        _mend_gexf_namespace(target)
    elif kind == "pajek":
        write_pajek(graph, target)
    else:
        write_dl(graph, target)
    return [target]


#: networkx 3.6 writes GEXF 1.3's schema-instance namespace without "www."; the
#: XML Schema namespace is http://www.w3.org/2001/XMLSchema-instance.
_WRONG_XSI = b'xmlns:xsi="http://w3.org/2001/XMLSchema-instance"'
_RIGHT_XSI = b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def _mend_gexf_namespace(path: Path) -> None:
    data = path.read_bytes()
    head = data[:1024]
    if _WRONG_XSI in head:
        path.write_bytes(head.replace(_WRONG_XSI, _RIGHT_XSI, 1) + data[1024:])


#: Labels of the node types, for readers of this module's output.
NODE_TYPES = (PERSON, AGENCY, GROUP, MEETING)
