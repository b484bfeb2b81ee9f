"""Each kernel of netan.kernels against the plain loop it stands for, on random inputs.

The analyses' own tests check every definition against the kernel it calls on random
partnerships (``test_speed_paths.py``, ``test_isolation.py``, ``test_vertical.py``);
here the kernels are checked alone, on arrays and graphs drawn at random.
"""

from __future__ import annotations

import gc
import random
from itertools import combinations

import networkx as nx
import numpy as np
import pytest

from netan.kernels import collector, nxgraph, pairs
from netan.kernels.records import FrozenDict


@pytest.mark.parametrize("seed", range(20))
def test_shared_columns_counts_the_common_columns_of_every_pair(seed: int) -> None:
    rnd = random.Random(seed)
    n_rows, n_cols = rnd.randint(1, 12), rnd.randint(1, 8)
    entries = sorted({(rnd.randrange(n_rows), rnd.randrange(n_cols))
                      for _ in range(rnd.randint(0, 40))})
    rows, cols = [r for r, _ in entries], [c for _, c in entries]
    i, j, count = pairs.shared_columns(rows, cols, n_rows, n_cols)
    columns = [{c for r, c in entries if r == row} for row in range(n_rows)]
    expected = [(a, b, len(columns[a] & columns[b])) for a, b in combinations(range(n_rows), 2)
                if columns[a] & columns[b]]
    assert list(zip(i.tolist(), j.tolist(), count.tolist(), strict=True)) == expected


@pytest.mark.parametrize("seed", range(20))
def test_ties_summed_is_adding_the_rows_one_by_one(seed: int) -> None:
    rnd = random.Random(seed)
    n = rnd.randint(2, 6)
    rows = [(a, b, rnd.randint(1, 5), rnd.randint(0, 1))
            for a, b in (sorted(rnd.sample(range(n), 2)) for _ in range(rnd.randint(0, 25)))]
    layers = ("attendance", "membership")
    expected: dict[tuple[int, int], dict] = {}
    for a, b, w, code in rows:
        data = expected.setdefault((a, b), {"weight": 0, "layer_weights": {}})
        data["weight"] += w
        data["layer_weights"][layers[code]] = data["layer_weights"].get(layers[code], 0) + w
    for data in expected.values():
        data["layers"] = sorted(data["layer_weights"])
    a, b, w, code = (np.array([r[k] for r in rows], dtype=np.int64) for k in range(4))
    got = list(pairs.ties_summed(a, b, w, code, n, layers))
    assert [(u, v) for u, v, _ in got] == list(expected)  # in order of first appearance
    for u, v, data in got:
        assert data == expected[(u, v)]
        assert list(data["layer_weights"]) == list(expected[(u, v)]["layer_weights"])


@pytest.mark.parametrize("seed", range(20))
def test_cross_pairs_lists_every_pair_of_items_once(seed: int) -> None:
    rnd = random.Random(seed)
    items = [sorted(rnd.sample(range(6), rnd.randint(0, 3))) for _ in range(5)]
    person_pairs = [tuple(rnd.sample(range(5), 2)) for _ in range(rnd.randint(0, 8))]
    count = np.array([len(x) for x in items], dtype=np.int64)
    start = np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64)
    flat = np.array([x for xs in items for x in xs], dtype=np.int64)
    a = np.array([p for p, _ in person_pairs], dtype=np.int64)
    b = np.array([q for _, q in person_pairs], dtype=np.int64)
    pair, low, high = pairs.cross_pairs(a, b, start, count, flat)
    expected = [(k, x, y) for k, (p, q) in enumerate(person_pairs)
                for x, y in sorted({(min(x, y), max(x, y)) for x in items[p] for y in items[q]
                                    if x != y})]
    assert list(zip(pair.tolist(), low.tolist(), high.tolist(), strict=True)) == expected


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(10))
def test_distinct_pairs_and_blocks_count_tied_pairs(seed: int, directed: bool) -> None:
    rnd = random.Random(seed)
    G = nx.gnm_random_graph(rnd.randint(1, 15), rnd.randint(0, 30), seed=seed,
                            directed=directed)
    G.add_edges_from((v, v) for v in list(G)[:2])  # self-loops are not pairs
    for v in G:
        G.nodes[v]["sector"] = rnd.choice(["a", "b", None])
    position, u, v = nxgraph.adjacency_entries(G)
    low, high = pairs.distinct_pairs(u, v, len(position), not directed)
    nodes = list(G)
    found = {frozenset((nodes[x], nodes[y])) for x, y in zip(low.tolist(), high.tolist(),
                                                             strict=True)}
    assert found == {frozenset(e) for e in G.edges() if e[0] != e[1]}
    assert len(found) == len(low)
    block, first = pairs.blocks([nxgraph.node_values(G, "sector")])
    values = [G.nodes[n].get("sector") for n in nodes]
    assert [values[i] for i in first] == list(dict.fromkeys(values))
    counted = pairs.pairs_between_blocks(block, low, high, len(first))
    key = {value: k for k, value in enumerate(dict.fromkeys(values))}
    expected: dict[tuple[int, int], int] = {}
    for pair in found:
        x, y = sorted(key[G.nodes[n].get("sector")] for n in pair) if len(pair) == 2 else (0, 0)
        expected[(x, y)] = expected.get((x, y), 0) + 1
    assert counted == expected


def test_filling_a_graph_through_its_dicts_is_add_nodes_and_edges_from() -> None:
    rnd = random.Random(1)
    nodes = [f"n{k}" for k in range(8)]
    records = [{"label": "x", "k": k} for k in range(8)]
    shared = [FrozenDict(type="T", i=i) for i in range(3)]
    edges = [(rnd.choice(nodes + ["new"]), rnd.choice(nodes), rnd.choice(shared))
             for _ in range(60)]
    fast, plain = nx.MultiDiGraph(), nx.MultiDiGraph()
    nxgraph.add_nodes(fast, nodes, records)
    half = len(edges) // 2  # two calls, as one per relationship type
    for part in (edges[:half], edges[half:]):
        nxgraph.add_edges(fast, [u for u, _, _ in part], [v for _, v, _ in part],
                          [d for _, _, d in part])
    nxgraph.forget_cached(fast)
    plain.add_nodes_from(zip(nodes, records, strict=True))
    plain.add_edges_from(edges)
    assert list(fast.nodes(data=True)) == list(plain.nodes(data=True))
    assert list(fast.edges(keys=True, data=True)) == list(plain.edges(keys=True, data=True))
    assert nxgraph.graph_size(fast) == (plain.number_of_nodes(), plain.number_of_edges())
    assert nxgraph.keyed_adjacency(fast) == {u: {v: dict(k) for v, k in nbrs.items()}
                                             for u, nbrs in plain.adj.items()}
    # the records are the edges' data themselves, and pairs joined once share key dicts
    assert {id(d) for _, _, d in fast.edges(data=True)} <= {id(d) for d in shared}
    once = [keys for nbrs in fast._succ.values() for keys in nbrs.values() if len(keys) == 1]
    twice = [keys for nbrs in fast._succ.values() for keys in nbrs.values() if len(keys) > 1]
    assert twice and len({id(keys) for keys in once}) <= 2 * len(shared) < len(once)  # per call
    for keys in once + twice:
        assert type(keys) is FrozenDict and all(fast._pred[v][u] is fast._succ[u][v]
                                                for u, v in fast.edges())
    u, v = next((u, v) for u, v in fast.edges() if len(fast[u][v]) == 1)
    for change in (lambda G: G.add_edge(u, v), lambda G: G.remove_edge(u, v),
                   lambda G: G.edges[u, v, 0].update(i=9)):
        with pytest.raises(TypeError, match="read-only"):
            change(fast)
        change(fast.copy())  # a copy can be changed
    assert list(fast.edges(keys=True, data=True)) == list(plain.edges(keys=True, data=True))


def test_collector_blocks_nest_without_thawing_the_outer_one() -> None:
    before = gc.get_freeze_count()
    with collector.collector_spared():
        frozen = gc.get_freeze_count()
        assert frozen >= before
        with collector.collector_spared():  # e.g. the view written inside a report
            pass
        assert gc.get_freeze_count() == frozen  # still frozen for the rest of the report
    if before == 0:
        assert gc.get_freeze_count() == 0
    was = gc.isenabled()
    with collector.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() == was


@pytest.mark.parametrize("seed", range(40))
def test_depth_first_forest_finds_networkx_cut_points_bridges_and_pieces(seed: int) -> None:
    import scipy.sparse as sp

    from netan.kernels.cutpoints import depth_first_forest

    rnd = random.Random(seed)
    n = rnd.randint(0, 30)
    G = nx.gnm_random_graph(n, rnd.randint(0, 2 * n + 1), seed=seed)
    m = (sp.csr_array(nx.to_scipy_sparse_array(G, nodelist=range(n), format="csr")) if n
         else sp.csr_array((0, 0)))
    f = depth_first_forest(m)
    assert sorted(f.order.tolist()) == list(range(n))
    assert [f.pre[v] for v in f.order.tolist()] == list(range(n))
    components = {frozenset(c) for c in nx.connected_components(G)}
    assert {frozenset(np.flatnonzero(f.root == r).tolist())
            for r in set(f.root.tolist())} == components
    cut_off: dict[int, list[int]] = {}
    bridges = set()
    for c in f.order.tolist():
        p = int(f.parent[c])
        if p >= 0 and f.low[c] >= f.pre[p]:
            cut_off.setdefault(p, []).append(int(f.size[c]))
            if f.low[c] > f.pre[p]:
                bridges.add(frozenset((p, c)))
    roots = set(f.root.tolist())
    points = {p for p, pieces in cut_off.items() if p not in roots or len(pieces) > 1}
    assert points == set(nx.articulation_points(G))
    assert bridges == {frozenset(e) for e in nx.bridges(G)}
    for p in points:  # the subtrees cut off are pieces left when p goes
        H = G.copy()
        H.remove_node(p)
        left = sorted(len(c) for c in nx.connected_components(H) if c & set(G[p]))
        assert all(size in left for size in cut_off[p])


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(12))
def test_dependency_sums_are_brandes_dependencies(seed: int, directed: bool) -> None:
    from netan.kernels.brandes import dependency_sums, pattern

    rnd = random.Random(seed)
    n = rnd.randint(1, 40)
    G = nx.gnm_random_graph(n, rnd.randint(0, 3 * n), seed=seed, directed=directed)
    nodes = list(G)
    position, u, v = nxgraph.adjacency_entries(G)
    keep = u != v
    adj = pattern(n, u[keep], v[keep], symmetric=False)
    adj_t = adj.T.tocsr() if directed else adj
    sources = rnd.sample(range(n), rnd.randint(1, n))
    got = dependency_sums(adj, adj_t, np.array(sources, dtype=np.int64))
    expected = nx.betweenness_centrality_subset(G, [nodes[s] for s in sources], nodes,
                                                normalized=False)
    scale = 1 if directed else 2  # networkx halves an undirected subset sum
    assert np.allclose(got, [scale * expected[x] for x in nodes])


def _sums_by_loop(m, factors: list, block: int) -> list[np.ndarray]:
    """The triangle sums by their plain loop: ties ranked as :func:`ranked_ties` ranks
    them, every pair of ties from one node tried in order, and the contributions of a
    block of ``block`` pairs added per tie in one bincount (as x-y, then x-z, then y-z),
    the blocks then added in order -- the additions whose rounding the kernel keeps."""
    from netan.kernels.triangles import ranked_ties

    n = m.shape[0]
    rank, key, head, tail, w = ranked_ties(m)
    where = {k: i for i, k in enumerate(key.tolist())}
    head, tail = head.tolist(), tail.tolist()
    later = [sum(1 for f in range(e + 1, len(key)) if head[f] == head[e])
             for e in range(len(key))]
    blocks: list[list[tuple[int, int, int]]] = []
    taken = block + 1
    for e1 in range(len(key)):
        if taken + later[e1] > block and (taken or not blocks):
            blocks.append([])
            taken = 0
        taken += later[e1]
        for e2 in range(e1 + 1, e1 + 1 + later[e1]):
            e3 = where.get(tail[e1] * n + tail[e2])
            if e3 is not None:
                blocks[-1].append((e1, e2, e3))
    by_rank = [None if f is None else f[np.argsort(rank)] for f in factors]
    sums = [np.zeros(len(key)) for _ in factors]
    for found in blocks:
        if not found:
            continue
        e1, e2, e3 = (np.array(x) for x in zip(*found, strict=True))
        third = (np.array(tail)[e2], np.array(tail)[e1], np.array(head)[e1])
        pair = (w[e2] * w[e3], w[e1] * w[e3], w[e1] * w[e2])
        for f, out in zip(by_rank, sums, strict=True):
            parts = pair if f is None else [p * f[q] for p, q in zip(pair, third, strict=True)]
            out += np.bincount(np.concatenate([e1, e2, e3]), weights=np.concatenate(parts),
                               minlength=len(key))
    rows = np.repeat(rank, np.diff(m.indptr)).astype(np.int64)
    cols = rank[m.indices].astype(np.int64)
    tie = np.searchsorted(key, np.minimum(rows, cols) * n + np.maximum(rows, cols))
    return [out[tie] for out in sums]


@pytest.mark.parametrize("wedge_block, chunk_bytes, bitmap_bytes", [
    (4_000_000, 24 * 2**20, 2**25), (4_000_000, 100, 2**25), (3, 100, 2**25),
    (7, 100, 0), (1, 1, 0), (50, 500, 0)])
def test_triangle_sums_chunked_add_up_exactly_as_the_loop(
        monkeypatch: pytest.MonkeyPatch, wedge_block: int, chunk_bytes: int,
        bitmap_bytes: int) -> None:
    """Bit for bit, whatever the chunk: the chunks bound the memory, not the rounding."""
    import scipy.sparse as sp

    from netan.kernels import triangles

    monkeypatch.setattr(triangles, "_WEDGE_BLOCK", wedge_block)
    monkeypatch.setattr(triangles, "_CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(triangles, "_BITMAP_BYTES", bitmap_bytes)
    for seed in range(6):
        rnd = random.Random(seed)
        n = rnd.randint(3, 40)
        G = nx.gnp_random_graph(n, rnd.choice([0.2, 0.5, 0.9]), seed=seed)
        for a, b in G.edges():
            G.edges[a, b]["weight"] = rnd.choice([1, 2, 0.3, 1 / 7])
        m = sp.csr_array(nx.to_scipy_sparse_array(G, nodelist=range(n), format="csr"))
        m.sort_indices()
        factors = [np.array([1 / (1 + rnd.random()) for _ in range(n)]), None]
        got = triangles.common_neighbour_sums(m, factors)
        expected = _sums_by_loop(m, factors, wedge_block)
        for g, e in zip(got, expected, strict=True):
            assert g.tobytes() == e.tobytes()


@pytest.mark.parametrize("seed", range(12))
def test_common_neighbour_sums_are_the_masked_product(seed: int) -> None:
    import scipy.sparse as sp

    from netan.kernels.triangles import common_neighbour_sums

    rnd = random.Random(seed)
    n = rnd.randint(1, 30)
    G = nx.gnm_random_graph(n, rnd.randint(0, 4 * n), seed=seed)
    for a, b in G.edges():
        G.edges[a, b]["weight"] = rnd.randint(1, 5)
    m = (sp.csr_array(nx.to_scipy_sparse_array(G, nodelist=range(n), format="csr")) if n
         else sp.csr_array((0, 0)))
    m.sort_indices()
    factor = np.array([rnd.random() for _ in range(n)])
    plain, weighted = common_neighbour_sums(m, [None, factor])
    dense = m.toarray()
    rows = np.repeat(np.arange(n), np.diff(m.indptr))
    assert np.allclose(plain, (dense @ dense)[rows, m.indices])
    assert np.allclose(weighted, (dense @ np.diag(factor) @ dense)[rows, m.indices])
