"""networkx graphs filled and read through their internal dicts.

networkx keeps a graph as plain dicts -- ``_node`` (node -> attribute dict), ``_adj``
(node -> neighbour -> edge data; for a directed graph ``_succ`` and ``_pred``) -- and
its public methods add a check and a call per node or edge. At a million edges those
calls are most of the time, so the few places that build or scan whole graphs go
through the dicts here. Everything written is exactly what the public methods would
write (the tests compare the two, order of nodes, neighbours and keys included).
This is the one module of netan that touches networkx's private attributes.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from itertools import chain
from operator import methodcaller
from typing import Any

import networkx as nx
import numpy as np

from netan.kernels.records import FrozenDict

# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


def _new_node(graph: nx.MultiDiGraph, node: Any, attributes: dict[str, Any]) -> None:
    """Add ``node`` (not yet in ``graph``) with ``attributes`` as its own data dict."""
    if node is None:
        raise ValueError("None cannot be a node")
    graph._succ[node] = {}
    graph._pred[node] = {}
    graph._node[node] = attributes


def add_nodes(graph: nx.MultiDiGraph, nodes: Sequence[Any],
              records: Sequence[dict[str, Any]]) -> None:
    """``graph.add_nodes_from(zip(nodes, records))``, fast: a known node gets its data
    updated; a new one gets its record as its own data dict."""
    known = graph._node
    for node, record in zip(nodes, records, strict=True):
        if node in known:
            known[node].update(record)
        else:
            _new_node(graph, node, record)


def add_edges(graph: nx.MultiDiGraph, sources: Sequence[Any], targets: Sequence[Any],
              records: Sequence[FrozenDict]) -> None:
    """``graph.add_edges_from(zip(sources, targets, records))`` on a MultiDiGraph, fast,
    for read-only records that edges with the same properties share.

    Each edge gets the lowest unused integer key between its endpoints (keys there
    are always ``0 .. n-1``, so that is ``n``) and its record itself as its data; a
    missing endpoint is added with no data, source first. Key dicts are read-only
    too: every pair of nodes joined by one edge shares ``{0: record}`` with the other
    such pairs of that record (a pair's key dict is its entry in both ``_succ`` and
    ``_pred``, ~200 bytes). So ``G[u][v]`` and ``G[u][v][key]`` cannot be changed,
    and ``G.add_edge`` or ``G.remove_edge`` on a pair already joined raises
    TypeError; ``G.copy()`` can be changed throughout.
    """
    succ, pred = graph._succ, graph._pred
    alone: dict[int, FrozenDict] = {}  # id(record) -> {0: record}
    parallel: list[tuple[Any, Any]] = []  # pairs given a second edge: key dicts to freeze
    for source, target, record in zip(sources, targets, records, strict=True):
        try:
            out = succ[source]
        except KeyError:
            _new_node(graph, source, {})
            out = succ[source]
        if target in out:
            keys = out[target]
            if type(keys) is FrozenDict:
                keys = out[target] = pred[target][source] = dict(keys)
                parallel.append((source, target))
            keys[len(keys)] = record
            continue
        try:
            into = pred[target]
        except KeyError:
            _new_node(graph, target, {})
            into = pred[target]
        keyed = alone.get(id(record))
        if keyed is None:
            keyed = alone[id(record)] = FrozenDict({0: record})
        out[target] = into[source] = keyed
    for source, target in parallel:
        succ[source][target] = pred[target][source] = FrozenDict(succ[source][target])


def forget_cached(graph: nx.Graph) -> None:
    """Empty the graph's ``__networkx_cache__`` (after filling it through the dicts)."""
    nx._clear_cache(graph)


def tie_data(H: nx.Graph, u: Hashable, v: Hashable) -> dict[str, Any] | None:
    """The data dict of the undirected tie ``u - v`` (``H[u][v]``), or None."""
    adj = H._adj
    return adj[u].get(v) if u in adj else None


def set_tie(H: nx.Graph, u: Hashable, v: Hashable, data: dict[str, Any]) -> None:
    """The tie ``u - v`` of the undirected ``H`` now has ``data`` itself as its dict (a
    missing end is added first, ``u`` before ``v``, as ``H.add_edge`` would)."""
    adj = H._adj
    for node in (u, v):
        if node not in adj:
            H.add_node(node)
    adj[u][v] = data
    adj[v][u] = data


def add_ties(H: nx.Graph, ties: Iterable[tuple[Hashable, Hashable, dict[str, Any]]]) -> None:
    """``H.add_edges_from(ties)`` for new ties between nodes already in the undirected
    ``H``, each data dict kept as the tie's own (no per-edge ``update`` call)."""
    adj = H._adj
    for u, v, data in ties:
        adj[u][v] = data
        adj[v][u] = data


def with_node_data(H: nx.Graph, nodes: dict[Hashable, dict[str, Any]]) -> nx.Graph:
    """A read-only view of ``H``'s ties with other node attributes (``nodes``: the same
    node ids, in order, each with its attribute dict); nothing of ``H`` is copied."""
    view = nx.graphviews.generic_graph_view(H)
    view._node = nodes
    return view


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def node_values(network: nx.Graph, name: str) -> list[Any]:
    """Each node's attribute ``name`` (None when missing), in node order."""
    return [data.get(name) for data in network._node.values()]


def graph_size(G: nx.Graph) -> tuple[int, int]:
    """``(G.number_of_nodes(), G.number_of_edges())``, counting a MultiDiGraph's keyed
    edges without networkx's per-node degree view (the same numbers, ~5x faster)."""
    if G.is_directed() and G.is_multigraph():
        return len(G), sum(map(len, chain.from_iterable(map(dict.values, G._adj.values()))))
    return G.number_of_nodes(), G.number_of_edges()


def keyed_adjacency(G: nx.Graph) -> dict[Any, dict[Any, dict[Any, dict[str, Any]]]]:
    """``{u: {v: {key: data}}}`` whose walk gives ``G.edges(data=True)`` in its order: a
    MultiDiGraph's own adjacency (read directly, without the edge view's per-edge cost),
    else one built from the edge view."""
    if G.is_directed() and G.is_multigraph():
        return G._adj
    keyed: dict[Any, dict[Any, dict[Any, dict[str, Any]]]] = {}
    for u, v, data in G.edges(data=True):
        found = keyed.setdefault(u, {}).setdefault(v, {})
        found[len(found)] = data
    return keyed


def adjacency_entries(network: nx.Graph) -> tuple[dict[Hashable, int], np.ndarray, np.ndarray]:
    """Node positions and every adjacency entry ``(u, v)`` as position arrays: each
    undirected tie from both ends, a directed graph's out-ties, one entry per
    neighbour (parallel edges of a multigraph once), self-loops included."""
    position = {node: i for i, node in enumerate(network)}
    adj = network._adj  # {node: {neighbour: ...}}; successors only when directed
    degree = np.fromiter(map(len, adj.values()), dtype=np.int64, count=len(adj))
    u = np.repeat(np.fromiter(map(position.__getitem__, adj), dtype=np.int64, count=len(adj)),
                  degree)
    v = np.fromiter(map(position.__getitem__, chain.from_iterable(adj.values())),
                    dtype=np.int64, count=int(degree.sum()))
    return position, u, v


def adjacency_arrays(
    network: nx.Graph, weight: str | None
) -> tuple[list[Hashable], np.ndarray, np.ndarray, np.ndarray]:
    """Nodes and every adjacency entry as index arrays ``(row, col, w)``, self-loops dropped.

    An undirected graph yields each tie in both directions, a directed one its
    out-ties; a multigraph one entry per parallel edge. ``w`` is the ``weight``
    attribute (1 when ``weight`` is None or the edge lacks it, as in networkx). The
    arrays are read-only.
    """
    nodes = list(network.nodes())
    index = {v: i for i, v in enumerate(nodes)}
    adj = network._adj  # successors for a directed graph; plain dicts, fast to walk
    multi = network.is_multigraph()
    if multi:
        lengths = [sum(len(keys) for keys in nbrs.values()) for nbrs in adj.values()]
        cols = [index[v] for nbrs in adj.values() for v, keys in nbrs.items() for _ in keys]
        col_arr = np.asarray(cols, dtype=np.int64)
    else:
        lengths = [len(nbrs) for nbrs in adj.values()]
        col_arr = np.fromiter(map(index.__getitem__, chain.from_iterable(adj.values())),
                              dtype=np.int64, count=sum(lengths))
    row_arr = np.repeat(np.arange(len(nodes), dtype=np.int64), lengths)
    if weight is None:
        w_arr = np.ones(len(col_arr))
    elif multi:
        w_arr = np.asarray([d.get(weight, 1) for nbrs in adj.values()
                            for keys in nbrs.values() for d in keys.values()], dtype=float)
    else:
        datas = chain.from_iterable(nbrs.values() for nbrs in adj.values())
        w_arr = np.asarray(list(map(methodcaller("get", weight, 1), datas)), dtype=float)
    keep = row_arr != col_arr
    if not keep.all():
        row_arr, col_arr, w_arr = row_arr[keep], col_arr[keep], w_arr[keep]
    for array in (row_arr, col_arr, w_arr):
        array.setflags(write=False)
    return nodes, row_arr, col_arr, w_arr
