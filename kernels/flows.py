"""Node-disjoint routes to a sink: maximum flow by augmenting depth-first searches.

The number of paths from ``s`` to ``T`` that share no node but their ends is the
local node connectivity ``kappa(s, T)`` (Menger); it is the maximum flow of the
node-split graph (every node but the two ends has capacity 1). networkx answers it
with a general max-flow per pair, and scipy's :func:`~scipy.sparse.csgraph.maximum_flow`
with one call over the whole split graph per source; both are thousands of times
slower here (``benchmarks/RESULTS.md``), because a partnership's sources each need a
few short searches near the sink, not a pass over the whole graph. This kernel builds
the graph once as integer adjacency lists and runs, per source, at most ``deg(s)``
searches that head for the sink and stop as soon as they reach it.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

__all__ = ["DisjointRoutes"]


class DisjointRoutes:
    """An undirected graph as integer adjacency lists, for node-disjoint route counts.

    ``nodes[i]`` is the id of node ``i`` and ``adj[i]`` its distinct neighbours
    (no self-loops, no repeats), the sink first (a search ends as soon as it sees it),
    then the others farthest from the sink first: the depth-first searches of
    :meth:`routes` take the last first, so they head for the sink.
    """

    def __init__(self, nodes: Iterable[Any], edges: Iterable[tuple[Any, Any]],
                 sink: Any) -> None:
        code: dict[Any, int] = {n: i for i, n in enumerate(dict.fromkeys(nodes))}
        code.setdefault(sink, len(code))
        ends = list(chain.from_iterable(edges))
        try:
            ends = list(map(code.__getitem__, ends))
        except KeyError:  # endpoints that are not among ``nodes``: new ids, in order seen
            ends = [code.setdefault(n, len(code)) for n in ends]
        self.sink = code[sink]
        self.code = code
        self.nodes: list[Any] = list(code)
        n = len(code)
        pairs = np.array(ends, dtype=np.int64).reshape(-1, 2)
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        u = np.concatenate([pairs[:, 0], pairs[:, 1]])
        v = np.concatenate([pairs[:, 1], pairs[:, 0]])
        arcs = np.sort(u * n + v)
        arcs = arcs[np.diff(arcs, prepend=-1) != 0]  # distinct arcs, both ways
        u, v = np.divmod(arcs, n)
        graph = sp.csr_array((np.ones(len(u), dtype=np.int8), (u, v)), shape=(n, n))
        hops = shortest_path(graph, unweighted=True, indices=self.sink)
        self.with_sink: list[bool] = np.isfinite(hops).tolist()
        # neighbours farthest from the sink first, so nearest last; the sink first of all
        rank = np.where(v == self.sink, -n - 1, -np.nan_to_num(hops[v], posinf=n))
        order = np.lexsort((v, rank, u))
        u, v = u[order], v[order]
        bounds = np.searchsorted(u, np.arange(n + 1)).tolist()
        flat = v.tolist()
        self.adj: list[list[int]] = [flat[bounds[i]:bounds[i + 1]] for i in range(n)]

    def routes(self, source: Any) -> tuple[int, list[Any]]:
        """Node-disjoint ``source``--sink paths and the minimum node cut nearest ``source``.

        Max-flow by augmenting paths on the node-split graph (every node but the
        two ends has capacity 1, arcs between nodes are unbounded). States are
        ``2 * node`` (entry) and ``2 * node + 1`` (exit); the flow is kept as
        ``feed[v] = u`` for each arc ``exit(u) -> entry(v)`` carrying one unit
        (``v`` not the sink), so a node has flow through it exactly when it is
        fed. The number of paths is at most the number of neighbours of
        ``source``; when that many are found, the nearest cut is the
        neighbours themselves (every neighbour is saturated and fed by the
        source, so the residual graph reaches nothing beyond their entries).
        Otherwise the last, failing search reaches exactly the source side of
        the nearest minimum cut (the same set whatever maximum flow was
        found), and the cut is the nodes whose entry it reaches but not their
        exit. No path when ``source`` is not in the sink's component.
        """
        s = self.code[source]
        if not self.with_sink[s]:
            return 0, []
        neighbours = self.adj[s]
        feed: dict[int, int] = {}
        routes = 0
        while routes < len(neighbours):
            parent = self._search(s, feed)
            if 2 * self.sink not in parent:
                cut = [x >> 1 for x in parent
                       if not x & 1 and x >> 1 != s and x + 1 not in parent]
                return routes, [self.nodes[n] for n in cut]
            self._augment(parent, feed)
            routes += 1
        return routes, [self.nodes[n] for n in neighbours]

    def _search(self, s: int, feed: dict[int, int]) -> dict[int, int]:
        """A residual search from the exit of ``s``: ``{state: parent state}``, stopping
        as soon as the sink's entry is reached."""
        adj, goal = self.adj, 2 * self.sink
        start = 2 * s + 1
        parent = {start: -1}
        stack = [start]
        while stack:
            x = stack.pop()
            v = x >> 1
            if x & 1:  # exit: to any neighbour's entry, or back through v
                for w in adj[v]:
                    y = 2 * w
                    if y not in parent and w != s:
                        parent[y] = x
                        if y == goal:
                            return parent
                        stack.append(y)
                if v in feed and x - 1 not in parent:
                    parent[x - 1] = x
                    stack.append(x - 1)
            else:  # entry: through v, or back along the arc that feeds it
                u = feed.get(v)
                y = x + 1 if u is None else 2 * u + 1
                if y not in parent:
                    parent[y] = x
                    stack.append(y)
        return parent

    def _augment(self, parent: dict[int, int], feed: dict[int, int]) -> None:
        """Push one unit along the path ending at the sink's entry."""
        sink = self.sink
        cancel: list[int] = []
        add: list[tuple[int, int]] = []
        y = 2 * sink
        x = parent[y]
        while x != -1:
            u, v = x >> 1, y >> 1
            if u != v:
                if x & 1:  # exit(u) -> entry(v): a new arc u -> v
                    if v != sink:
                        add.append((v, u))
                else:  # entry(u) -> exit(v): cancel the arc v -> u
                    cancel.append(u)
            y, x = x, parent[x]
        for v in cancel:
            del feed[v]
        feed.update(add)
