"""Cut nodes between every node and a sink, from one depth-first search with low points.

A node ``u`` lies on every path from ``v`` to a sink ``T`` exactly when it is an
articulation point between them in the block-cut tree (Hopcroft & Tarjan 1973).
One depth-first search from ``T`` answers every ``v`` at once: with ``pre`` the
preorder number and ``low(c)`` the least ``pre`` reached from the subtree of ``c`` by
one edge other than the tree edge to its parent, removing ``u = parent(c)`` cuts
the subtree of ``c`` off from ``T`` exactly when ``low(c) >= pre(u)`` (and
``u != T``). The search is scipy's (:func:`scipy.sparse.csgraph.depth_first_order`);
the low points are numpy.

The ties are read from a networkx graph into arrays (:class:`Ties`), with each
node's value of one attribute coded, so the nodes of some values can be merged into
the sink (:func:`sink_graph`) without building another graph.

The same search of a whole network (:func:`depth_first_forest`) gives its cut nodes
and bridges and, because a subtree is a run of the preorder, the sizes and the
partition counts of the pieces each cut node leaves as differences of prefix sums
(:func:`cut_table`): what :func:`netan.queries.centrality.articulation_points` and
:func:`~netan.queries.centrality.top_broker_impacts` define.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components, depth_first_order


@dataclass(frozen=True)
class Ties:
    """Some nodes' ties in an undirected graph ``P``, as arrays.

    ``nodes`` are all of ``P``'s nodes; node ``i`` has the attribute value
    ``values[code[i]]``; the ties of node ``rows[k]`` end
    at the nodes ``ends[indptr[k]:indptr[k + 1]]``.
    """

    nodes: list[Hashable]
    values: list[Any]
    code: np.ndarray
    rows: np.ndarray
    indptr: np.ndarray
    ends: np.ndarray

    def row_of_entries(self) -> np.ndarray:
        """The node each entry of ``ends`` is a tie of."""
        return np.repeat(self.rows, np.diff(self.indptr))


def read_ties(P: nx.Graph, attribute: str, wanted: Callable[[Hashable, Any], bool]) -> Ties:
    """The ties of the nodes ``v`` of ``P`` for which ``wanted(v, value)`` holds
    (``value``: the node's ``attribute``, None when missing), every node's value coded."""
    value_of = dict(P.nodes(data=attribute))
    nodes = list(value_of)
    codes: dict[Any, int] = {}
    code = np.fromiter((codes.setdefault(s, len(codes)) for s in value_of.values()),
                       dtype=np.int64, count=len(nodes))
    read: list[Hashable] = []
    tied: list[Any] = []
    for node, neighbours in P.adjacency():
        if wanted(node, value_of[node]):
            read.append(node)
            tied.append(neighbours)
    position = {n: i for i, n in enumerate(nodes)}
    degree = np.fromiter(map(len, tied), dtype=np.int64, count=len(tied))
    ends = np.fromiter(map(position.__getitem__, chain.from_iterable(tied)), dtype=np.int64,
                       count=int(degree.sum()))
    rows = np.fromiter(map(position.__getitem__, read), dtype=np.int64, count=len(read))
    indptr = np.concatenate([[0], np.cumsum(degree)])
    return Ties(nodes, list(codes), code, rows, indptr, ends)


def neighbour_values(ties: Ties, people: Iterable[Hashable]
                     ) -> dict[Hashable, tuple[int, set[Any]]]:
    """For each of ``people`` whose ties were read: the number of ties and the set
    of the neighbours' values."""
    wanted = set(people)
    chosen = np.fromiter((ties.nodes[i] in wanted for i in ties.rows.tolist()), dtype=bool,
                         count=ties.rows.size)
    owner = ties.row_of_entries()
    entries = chosen[np.repeat(np.arange(ties.rows.size), np.diff(ties.indptr))]
    kinds = len(ties.values)
    pairs = np.unique(owner[entries] * kinds + ties.code[ties.ends[entries]])
    found: dict[Hashable, tuple[int, set[Any]]] = {
        ties.nodes[i]: (n, set()) for i, n in zip(ties.rows[chosen].tolist(),
                                                  np.diff(ties.indptr)[chosen].tolist(),
                                                  strict=True)}
    for node, code in zip((pairs // kinds).tolist(), (pairs % kinds).tolist(), strict=True):
        found[ties.nodes[node]][1].add(ties.values[code])
    return found


def sink_graph(ties: Ties, stays: Callable[[Any], bool]
               ) -> tuple[list[Hashable], csr_array] | None:
    """The graph of ``ties`` with every node whose value does not ``stay`` merged into
    one sink (a node tied to any of them is tied to the sink), as a sparse matrix.

    Returns the nodes that stay, in ``P``'s order, and their symmetric adjacency with
    the sink as the last row; None when ``ties`` lacks the ties of one of them.
    """
    stays = np.array([stays(s) for s in ties.values], dtype=bool)
    keep = stays[ties.code] if ties.code.size else np.zeros(0, dtype=bool)
    read = np.zeros(keep.size, dtype=bool)
    read[ties.rows] = True
    if np.any(keep & ~read):
        return None
    kept = np.flatnonzero(keep)
    sink = kept.size
    renumber = np.full(keep.size, sink, dtype=np.int64)
    renumber[kept] = np.arange(sink)
    owner = ties.row_of_entries()
    inside = keep[owner]
    starts, ends = renumber[owner[inside]], renumber[ties.ends[inside]]
    crossing = starts[ends == sink]
    rows = np.concatenate([starts, np.full(crossing.size, sink, dtype=np.int64)])
    cols = np.concatenate([ends, crossing])
    matrix = csr_array((np.ones(rows.size), (rows, cols)), shape=(sink + 1, sink + 1))
    return [ties.nodes[i] for i in kept.tolist()], matrix


def row_minimum(matrix: csr_array, values: np.ndarray, fill: int) -> np.ndarray:
    """Per row of ``matrix``, the least of ``values`` over its entries (``fill`` if none)."""
    out = np.full(matrix.shape[0], fill, dtype=np.int64)
    indptr = matrix.indptr
    rows = np.flatnonzero(np.diff(indptr))
    if rows.size:
        out[rows] = np.minimum.reduceat(values, indptr[rows])
    return out


def low_points(H: csr_array, root: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """A depth-first search of ``H`` from ``root``: preorder, parents, ``pre``
    (preorder number; ``H.shape[0]`` for nodes not reached), ``low`` (the
    least ``pre`` reached from a node's subtree by one edge other than the tree
    edge to its parent) and subtree sizes. None if the search did not give a
    depth-first tree.
    """
    n = H.shape[0]
    order, parent = depth_first_order(H, root, directed=True, return_predecessors=True)
    order, parent = order.astype(np.int64), parent.astype(np.int64)
    pre = np.full(n, n, dtype=np.int64)
    pre[order] = np.arange(order.size)
    rows = np.repeat(np.arange(n), np.diff(H.indptr))
    ends = H.indices.astype(np.int64)
    back = np.where(ends == parent[rows], n, pre[ends])
    low_list = np.minimum(pre, row_minimum(H, back, n)).tolist()
    size_list, parent_list = [1] * n, parent.tolist()
    for c in order[:0:-1].tolist():  # children before parents
        u = parent_list[c]
        size_list[u] += size_list[c]
        if low_list[c] < low_list[u]:
            low_list[u] = low_list[c]
    size = np.array(size_list)
    # every non-tree edge of a depth-first tree joins a node and its ancestor
    upward = (pre[rows] < n) & (pre[ends] < pre[rows])
    up, down = ends[upward], rows[upward]
    if np.any(pre[down] >= pre[up] + size[up]):
        return None
    return order, parent, pre, np.array(low_list), size


def cut_nodes_to_sink(H: csr_array, kept: list[Hashable],
                      nodes: Iterable[Hashable]) -> dict[Hashable, list[Hashable]] | None:
    """For each of ``nodes`` connected to the sink (the last row of the symmetric
    ``H``; ``kept`` names the other rows), the nodes other than itself and the sink
    that lie on every path to the sink, nearest first.

    Search ``H`` depth first from the sink ``T`` (preorder ``pre``, parent ``p``);
    removing ``u = p(c)`` cuts the subtree of ``c`` off from ``T`` exactly when
    ``low(c) >= pre(u)`` and ``u != T``, so the nodes on every ``v--T`` path are the
    parents ``u`` of the ancestors-or-self ``c`` of ``v`` with that property, nearest
    first. Nodes not reached are left out. None if the search is not a depth-first
    tree (the caller then falls back to its definition).
    """
    sink = len(kept)
    search = low_points(H, sink)
    if search is None:
        return None
    order, parent, pre, low, _ = search
    child = order[1:]
    cuts = np.zeros(sink + 1, dtype=bool)
    cuts[child] = (parent[child] != sink) & (low[child] >= pre[parent[child]])
    first = [-1] * (sink + 1)  # nearest ancestor-or-self whose parent cuts it off
    parent_list, cuts_list = parent.tolist(), cuts.tolist()
    for c in child.tolist():
        first[c] = c if cuts_list[c] else first[parent_list[c]]
    reached = (pre <= sink).tolist()  # pre is sink + 1 for nodes not reached
    position = {n: i for i, n in enumerate(kept)}
    found: dict[Hashable, list[Hashable]] = {}
    for node in nodes:
        i = position.get(node)
        if i is None or not reached[i]:
            continue
        path: list[Hashable] = []
        c = first[i]
        while c >= 0:
            u = parent_list[c]
            path.append(kept[u])
            c = first[u]
        found[node] = path
    return found


@dataclass(frozen=True)
class DepthFirstForest:
    """A depth-first search of every component of a simple undirected graph.

    Components are searched from their lowest-numbered node, in that order, and each
    node's neighbours in the order of the matrix (the search a recursive one would
    make). ``order`` lists the nodes in preorder and ``pre`` is each node's place in
    it; ``parent`` is -1 at the roots; ``root`` is the root of each node's component;
    ``size`` the size of each node's subtree; ``low`` the least ``pre`` reached from a
    node's subtree by one tie other than the tree tie to its parent (Hopcroft & Tarjan
    1973). A child ``c`` of ``p`` is cut off from the rest by removing ``p`` exactly
    when ``low[c] >= pre[p]``, and the tie ``p - c`` is a bridge when ``low[c] > pre[p]``.
    """

    order: np.ndarray
    pre: np.ndarray
    parent: np.ndarray
    root: np.ndarray
    size: np.ndarray
    low: np.ndarray


def depth_first_forest(m: csr_array) -> DepthFirstForest:
    """The :class:`DepthFirstForest` of the symmetric 0/1 matrix ``m`` (no diagonal).

    One search from a virtual root tied one way to the first node of every component
    (scipy's :func:`~scipy.sparse.csgraph.depth_first_order`), then :func:`low_points`.
    """
    n = m.shape[0]
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return DepthFirstForest(empty, empty, empty, empty, empty, empty)
    count, label = connected_components(m, directed=False)
    first = np.full(count, n, dtype=np.int64)
    np.minimum.at(first, label, np.arange(n))
    roots = np.sort(first)
    indptr = np.concatenate([m.indptr, [m.indptr[-1] + roots.size]])
    indices = np.concatenate([m.indices, roots])
    H = csr_array((np.ones(indices.size), indices, indptr), shape=(n + 1, n + 1))
    search = low_points(H, n)
    if search is None:  # scipy's search is depth-first; a change there would show here
        raise RuntimeError("the depth-first search did not give a depth-first tree")
    order, parent, pre, low, size = search
    parent = parent[:n].copy()
    parent[parent == n] = -1
    return DepthFirstForest(order[1:], pre[:n] - 1, parent, first[label], size[:n],
                            low[:n] - 1)


def separated_children(forest: DepthFirstForest) -> list[list[int]]:
    """For every node ``p``, its children ``c`` whose subtree removing ``p`` cuts off
    from the rest (``low[c] >= pre[p]``), in preorder."""
    n = forest.order.size
    children = forest.order[forest.parent[forest.order] >= 0]
    parent = forest.parent[children]
    cut_off = children[forest.low[children] >= forest.pre[parent]]
    separated: list[list[int]] = [[] for _ in range(n)]
    for c, p in zip(cut_off.tolist(), forest.parent[cut_off].tolist(), strict=True):
        separated[p].append(c)
    return separated


def bridge_ties(forest: DepthFirstForest) -> list[tuple[int, int]]:
    """The tree ties ``(parent, child)`` that are bridges (``low[c] > pre[p]``), in
    the preorder of the child."""
    children = forest.order[forest.parent[forest.order] >= 0]
    parent = forest.parent[children]
    bridge = forest.low[children] > forest.pre[parent]
    return list(zip(parent[bridge].tolist(), children[bridge].tolist(), strict=True))


@dataclass(frozen=True)
class Cut:
    """What removing one cut node leaves of its component: the ``pieces`` (sizes,
    largest first), the pairs of other nodes that lose every path
    (``pairs_disconnected``), those of them whose two ends have different known codes
    (``cross_pairs_cut``) and all such pairs among the other nodes of the component
    (``cross_pairs_before``)."""

    pieces: list[int]
    pairs_disconnected: int
    cross_pairs_cut: int
    cross_pairs_before: int


def cut_table(forest: DepthFirstForest, codes: np.ndarray,
              candidates: Iterable[int] | None = None) -> dict[int, Cut]:
    """The :class:`Cut` of every cut node of ``forest`` (among ``candidates``).

    ``codes`` is each node's partition code (-1: unknown). Subtrees are contiguous
    in preorder, so the partition counts of a piece are differences of prefix sums;
    the "rest" piece (the parent's side) is the component minus the node minus its
    separated subtrees. Cross pairs are counted as (cross pairs among the other
    nodes of the component) minus (cross pairs still inside one piece), never by
    enumerating pairs.
    """
    n = forest.order.size
    separated = separated_children(forest)
    comp_size = forest.size[forest.root]
    wanted = range(n) if candidates is None else candidates
    owners: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    aps: list[int] = []
    for v in wanted:
        sep = separated[v]
        if not sep:
            continue
        sub = int(forest.size[sep].sum())
        rest = int(comp_size[v]) - 1 - sub
        if len(sep) + (rest > 0) < 2:
            continue
        aps.append(v)
        for c in sep:
            owners.append(v)
            starts.append(int(forest.pre[c]))
            ends.append(int(forest.pre[c] + forest.size[c]))
    if not aps:
        return {}
    ap = np.asarray(aps, dtype=np.int64)
    slot = np.full(n, -1, dtype=np.int64)
    slot[ap] = np.arange(len(ap))
    own = slot[np.asarray(owners, dtype=np.int64)]
    st = np.asarray(starts, dtype=np.int64)
    en = np.asarray(ends, dtype=np.int64)
    comp_start = forest.pre[forest.root[ap]]
    comp_end = comp_start + comp_size[ap]
    ordered = codes[forest.order]
    known = np.concatenate([[0], np.cumsum(ordered >= 0)])
    # Known-partition counts: per subtree piece, per rest piece, per component - v.
    k_sub = known[en] - known[st]
    k_sub_sum = np.bincount(own, weights=k_sub, minlength=len(ap))
    k_self = (codes[ap] >= 0).astype(np.int64)
    k_total = known[comp_end] - known[comp_start] - k_self  # others in the component
    k_rest = k_total - k_sub_sum
    sq_sub = np.zeros(len(own))  # sum_s c_is^2 per subtree piece
    sq_rest = np.zeros(len(ap))
    sq_total = np.zeros(len(ap))  # sum_s T_s^2
    n_cat = int(codes.max()) + 1 if len(codes) else 0
    block = 64
    for c0 in range(0, n_cat, block):
        cats = np.arange(c0, min(n_cat, c0 + block))
        onehot = (ordered[:, None] == cats[None, :]).astype(np.int64)
        cum = np.vstack([np.zeros((1, len(cats)), dtype=np.int64), np.cumsum(onehot, axis=0)])
        c_sub = cum[en] - cum[st]
        self_hot = (codes[ap][:, None] == cats[None, :]).astype(np.int64)
        c_total = cum[comp_end] - cum[comp_start] - self_hot
        c_sub_sum = np.zeros((len(ap), len(cats)), dtype=np.int64)
        np.add.at(c_sub_sum, own, c_sub)
        c_rest = c_total - c_sub_sum
        sq_sub += (c_sub.astype(float) ** 2).sum(axis=1)
        sq_rest += (c_rest.astype(float) ** 2).sum(axis=1)
        sq_total += (c_total.astype(float) ** 2).sum(axis=1)
    within_sub = np.bincount(own, weights=k_sub.astype(float) ** 2 - sq_sub, minlength=len(ap))
    within = within_sub + (k_rest.astype(float) ** 2 - sq_rest)
    before = k_total.astype(float) ** 2 - sq_total
    cross_cut = np.rint((before - within) / 2).astype(np.int64)
    cross_before = np.rint(before / 2).astype(np.int64)
    sizes_sub = en - st
    piece_lists: list[list[int]] = [[] for _ in ap]
    for o, s in zip(own.tolist(), sizes_sub.tolist(), strict=True):
        piece_lists[o].append(s)
    out: dict[int, Cut] = {}
    for j, v in enumerate(aps):
        pieces = piece_lists[j]
        rest = int(comp_size[v]) - 1 - sum(pieces)
        if rest > 0:
            pieces.append(rest)
        pieces.sort(reverse=True)
        total = sum(pieces)
        pairs = (total * total - sum(x * x for x in pieces)) // 2
        out[v] = Cut(pieces, pairs, int(cross_cut[j]), int(cross_before[j]))
    return out


def cross_pairs_in_component(forest: DepthFirstForest, codes: np.ndarray, v: int,
                             counted: dict[int, tuple[int, int, np.ndarray]]) -> int:
    """Pairs of nodes with different known codes among the nodes of ``v``'s component
    other than ``v`` (``counted`` keeps each component's code counts for the next
    call)."""
    r = int(forest.root[v])
    if r not in counted:
        start = int(forest.pre[r])
        members = codes[forest.order[start : start + int(forest.size[r])]]
        counts = np.bincount(members[members >= 0]).astype(np.int64)
        counted[r] = (int(counts.sum()), int((counts**2).sum()), counts)
    total, sumsq, counts = counted[r]
    s = int(codes[v])
    if s >= 0:
        c = int(counts[s])
        total -= 1
        sumsq += (c - 1) ** 2 - c * c
    return (total * total - sumsq) // 2
