"""Tests of netan.queries.centrality against NetworkX and hand-worked cases."""

from __future__ import annotations

import json
import math
import random

import networkx as nx
import numpy as np
import pytest
from graphs import GraphBuilder

from netan.graphdb.schema import SECTOR
from netan.kernels import brandes, triangles
from netan.queries import centrality as c
from netan.queries import policy
from netan.queries.networks import person_network

PRIMARY, SECONDARY, COMMISSIONER, SOCIAL = (
    SECTOR.values[0], SECTOR.values[1], SECTOR.values[2], SECTOR.values[3])
TOL = 1e-9


def assert_same(mine: dict, theirs: dict, tol: float = TOL) -> None:
    assert set(mine) == set(theirs)
    for node, expected in theirs.items():
        got = mine[node]
        if math.isnan(expected):
            assert math.isnan(got), (node, got, expected)
        else:
            assert got == pytest.approx(expected, abs=tol), (node, got, expected)


def random_graphs(directed: bool = False) -> list[nx.Graph]:
    """Random graphs with isolates, weights 1-5 and a couple of pendant chains."""
    graphs = []
    for seed, (n, p) in enumerate([(30, 0.12), (40, 0.06), (25, 0.3), (50, 0.04)]):
        g = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
        g.add_node("isolate")
        rng = random.Random(seed)
        for u, v in g.edges():
            g[u][v]["weight"] = rng.randint(1, 5)
        graphs.append(g)
    return graphs


UNDIRECTED = random_graphs()
DIRECTED = random_graphs(directed=True)


# ---------------------------------------------------------------------------
# Betweenness
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("g", UNDIRECTED + DIRECTED)
@pytest.mark.parametrize("normalized", [True, False])
def test_betweenness_matches_networkx(g: nx.Graph, normalized: bool) -> None:
    result = c.betweenness(g, normalized=normalized)
    assert result.method == "exact"
    assert result.sample_size == g.number_of_nodes()
    assert result.seed is None
    assert_same(result.values, nx.betweenness_centrality(g, normalized=normalized))


@pytest.mark.parametrize("g", UNDIRECTED[:2] + DIRECTED[:2])
@pytest.mark.parametrize("normalized", [True, False])
def test_weighted_betweenness_matches_networkx(g: nx.Graph, normalized: bool) -> None:
    result = c.betweenness(g, normalized=normalized, distance="weight")
    expected = nx.betweenness_centrality(g, normalized=normalized, weight="weight")
    assert_same(result.values, expected)
    # the weighted answer differs from the hop count on these graphs
    hops = c.betweenness(g, normalized=normalized).values
    assert any(abs(hops[v] - expected[v]) > 1e-6 for v in g)


def test_with_distance_inverts_weights() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", weight=4)
    g.add_edge("b", "c")
    h = c.with_distance(g)
    assert h["a"]["b"]["distance"] == 0.25
    assert h["b"]["c"]["distance"] == 1.0
    assert "distance" not in g["a"]["b"]


def test_weighted_betweenness_prefers_strong_ties() -> None:
    # a - b - d strong (weight 10), a - c - d weak (weight 1): with 1/weight
    # lengths every a..d path runs through b.
    g = nx.Graph()
    g.add_edge("a", "b", weight=10)
    g.add_edge("b", "d", weight=10)
    g.add_edge("a", "c", weight=1)
    g.add_edge("c", "d", weight=1)
    hops = c.betweenness(g, normalized=False).values
    assert hops["b"] == hops["c"] == 0.5
    weighted = c.betweenness(c.with_distance(g), normalized=False, distance="distance").values
    assert weighted["b"] == 1.0 and weighted["c"] == 0.0


def test_betweenness_hand_worked_star_and_path() -> None:
    star = nx.star_graph(4)  # centre 0, leaves 1-4: centre on all 6 leaf pairs
    r = c.betweenness(star, normalized=False)
    assert r.values[0] == 6.0 and all(r.values[i] == 0.0 for i in range(1, 5))
    assert c.betweenness(star).values[0] == 1.0  # 6 / (4 * 3 / 2)
    path = nx.path_graph(["a", "b", "c"])
    assert c.betweenness(path, normalized=False).values == {"a": 0.0, "b": 1.0, "c": 0.0}


def test_multigraph_and_self_loops_are_simplified() -> None:
    g = nx.MultiGraph()
    g.add_edges_from([("a", "b"), ("a", "b"), ("b", "c"), ("c", "c")])
    assert c.betweenness(g, normalized=False).values["b"] == 1.0
    # parallel ties add their weights (1 each when unweighted); the loop is dropped
    simple = nx.Graph()
    simple.add_edge("a", "b", weight=2)
    simple.add_edge("b", "c", weight=1)
    assert_same(c.burt_constraint(g, weight=None), nx.constraint(simple, weight="weight"))


@pytest.mark.parametrize("g", UNDIRECTED + DIRECTED[:2])
def test_sampled_betweenness_equals_networkx_with_same_pivots(g: nx.Graph) -> None:
    result = c.betweenness(g, mode="sampled", k=10, seed=7)
    assert result.method == "sampled"
    assert result.sample_size == 10 and len(result.sources) == 10
    assert result.seed == 7
    assert_same(result.values, nx.betweenness_centrality(g, k=10, seed=7))


def test_sampled_betweenness_reproducible_and_reported() -> None:
    g = UNDIRECTED[1]
    a = c.betweenness(g, mode="sampled", k=12, seed=3)
    b = c.betweenness(g, mode="sampled", k=12, seed=3)
    other = c.betweenness(g, mode="sampled", k=12, seed=4)
    assert a.values == b.values and a.sources == b.sources
    assert a.sources != other.sources
    # no seed: one is drawn and reported, and reproduces the estimate
    drawn = c.betweenness(g, mode="sampled", k=12)
    assert isinstance(drawn.seed, int)
    again = c.betweenness(g, mode="sampled", k=12, seed=drawn.seed)
    assert drawn.values == again.values
    report = a.to_dict()
    json.dumps(report)
    assert report["method"] == "sampled" and report["sample_size"] == 12
    assert report["seed"] == 3 and len(report["values"]) == g.number_of_nodes()


def test_auto_mode_samples_beyond_the_exact_work() -> None:
    g = UNDIRECTED[0]
    n, m = g.number_of_nodes(), g.number_of_edges()
    work = n * (2 * m + n)  # every node a source, each searching every stored tie and node
    assert policy.betweenness_work(g) == work
    assert policy.betweenness_work(g.to_directed()) == n * (2 * m + n)  # both arcs stored
    assert c.betweenness(g, exact_work=work).method == "exact"
    beyond = c.betweenness(g, exact_work=work - 1, k=8, seed=1)
    assert beyond.method == "sampled" and beyond.sample_size == 8
    # a sample as large as the graph is the exact computation
    whole = c.betweenness(g, mode="sampled", k=n, seed=1)
    assert whole.method == "exact"
    assert_same(whole.values, nx.betweenness_centrality(g))
    with pytest.raises(ValueError):
        c.betweenness(g, mode="sampled", k=1, seed=1)
    with pytest.raises(ValueError):
        c.betweenness(g, mode="sometimes")  # type: ignore[arg-type]


def test_sampled_estimate_is_close_to_exact_on_average() -> None:
    g = nx.connected_watts_strogatz_graph(120, 6, 0.2, seed=2)
    exact = c.betweenness(g).values
    estimates = [c.betweenness(g, mode="sampled", k=60, seed=s).values for s in range(8)]
    mean = {v: sum(e[v] for e in estimates) / len(estimates) for v in g}
    total_error = sum(abs(mean[v] - exact[v]) for v in g)
    assert total_error < 0.1 * sum(exact.values())


def reference_dependencies(g: nx.Graph, sources: list) -> dict:
    """Plain Brandes (2001): sum over ``sources`` of the dependencies delta_s(v)."""
    total = dict.fromkeys(g, 0.0)
    for s in sources:
        sigma, dist, order, queue = dict.fromkeys(g, 0), {s: 0}, [], [s]
        sigma[s] = 1
        for u in queue:
            order.append(u)
            for v in g.successors(u) if g.is_directed() else g.neighbors(u):
                if v == u:
                    continue
                if v not in dist:
                    dist[v] = dist[u] + 1
                    queue.append(v)
                if dist[v] == dist[u] + 1:
                    sigma[v] += sigma[u]
        delta = dict.fromkeys(g, 0.0)
        for v in reversed(order):
            for u in g.predecessors(v) if g.is_directed() else g.neighbors(v):
                if u != v and dist.get(u) == dist[v] - 1:
                    delta[u] += sigma[u] / sigma[v] * (1 + delta[v])
            if v != s:
                total[v] += delta[v]
    return total


# Code paths of the batched Brandes search: every level over whole arrays or over
# row subsets, products always whole or restricted, small frontiers pushed or not,
# chunks of one column, of a few, or of several batches.
BATCH_PATHS = [
    {},
    {"_WHOLE_SHARE": 0.0, "_RESTRICT_SHARE": 0.0, "_SMALL_FRONTIER": 0},
    {"_WHOLE_SHARE": 1.0, "_RESTRICT_SHARE": 1.0, "_SMALL_FRONTIER": 10**9},
    {"_WHOLE_SHARE": 1.0, "_RESTRICT_SHARE": 0.3, "_SMALL_FRONTIER": 2, "_BATCH_SOURCES": 5,
     "_CHUNK_BYTES": 1},
    {"_WHOLE_SHARE": 0.2, "_BATCH_SOURCES": 3, "_CHUNK_BYTES": 2**30, "_MAX_CHUNK_SOURCES": 7},
]


@pytest.mark.parametrize("directed", [False, True])
def test_batched_brandes_paths_match_a_plain_reference(
    monkeypatch: pytest.MonkeyPatch, directed: bool
) -> None:
    rng = random.Random(11)
    for trial in range(6):
        n = rng.randint(2, 45)
        g = nx.gnp_random_graph(n, rng.choice([0.03, 0.08, 0.2]), seed=trial, directed=directed)
        g.add_edges_from((i, i + 1) for i in range(n // 2, n - 1))  # a long path: many levels
        g.add_node(n)  # an isolate
        ties = c.read_ties(g)
        nodes, (adj, adj_t) = ties.nodes, ties.paths
        sources = rng.sample(range(len(nodes)), rng.randint(1, len(nodes)))
        expected = reference_dependencies(g, [nodes[i] for i in sources])
        results = []
        for settings in BATCH_PATHS:
            with monkeypatch.context() as patch:
                for name, value in settings.items():
                    patch.setattr(brandes, name, value)
                results.append(brandes.dependency_sums(adj, adj_t, np.asarray(sources)))
            assert results[-1] == pytest.approx([expected[x] for x in nodes], abs=1e-9)
        # every path adds the same terms in the same order: identical floats
        same_batches = [r for r, s in zip(results, BATCH_PATHS, strict=True)
                        if "_BATCH_SOURCES" not in s]
        assert all(np.array_equal(r, same_batches[0]) for r in same_batches)


# ---------------------------------------------------------------------------
# Structural holes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("g", UNDIRECTED + DIRECTED)
@pytest.mark.parametrize("weight", [None, "weight"])
def test_constraint_matches_networkx(g: nx.Graph, weight: str | None) -> None:
    # NetworkX's all-nodes (sparse) path: NaN only for nodes with no ties either way.
    assert_same(c.burt_constraint(g, weight=weight), nx.constraint(g, weight=weight))


@pytest.mark.parametrize("g", UNDIRECTED + DIRECTED)
@pytest.mark.parametrize("weight", [None, "weight"])
def test_effective_size_matches_networkx_node_by_node(g: nx.Graph, weight: str | None) -> None:
    mine = c.effective_size(g, weight=weight)
    expected = nx.effective_size(g, nodes=list(g), weight=weight)
    if g.is_directed():  # NetworkX gives NaN to nodes with in-ties only (documented)
        expected = {v: mine[v] if g.out_degree(v) == 0 and g.in_degree(v) else x
                    for v, x in expected.items()}
    assert_same(mine, expected)


@pytest.mark.parametrize("g", UNDIRECTED)
def test_effective_size_matches_networkx_sparse_path_when_unweighted(g: nx.Graph) -> None:
    assert_same(c.effective_size(g, weight=None), nx.effective_size(g))


@pytest.mark.parametrize("g", UNDIRECTED)
@pytest.mark.parametrize("weight", [None, "weight"])
def test_efficiency_is_effective_size_over_degree(g: nx.Graph, weight: str | None) -> None:
    esize = nx.effective_size(g, nodes=list(g), weight=weight)
    expected = {v: esize[v] / g.degree(v) if g.degree(v) else math.nan for v in g}
    assert_same(c.efficiency(g, weight=weight), expected)


def test_structural_holes_hand_worked() -> None:
    # Star centre with 3 unconnected contacts: constraint 3 * (1/3)^2 = 1/3,
    # effective size 3, efficiency 1. Each leaf: constraint 1, size 1.
    # Triangle a-b-c: each has p = 1/2 and indirect 1/4 per contact:
    # constraint 2 * (3/4)^2 = 9/8; effective size 2 - 2*1/2 = 1; efficiency 1/2.
    g = nx.star_graph(["hub", "x", "y", "z"])
    g.add_edges_from([("a", "b"), ("b", "c"), ("a", "c")])
    g.add_node("alone")
    rows = {r["id"]: r for r in c.structural_holes(g, weight=None)}
    assert rows["hub"]["constraint"] == pytest.approx(1 / 3)
    assert rows["hub"]["effective_size"] == pytest.approx(3.0)
    assert rows["hub"]["efficiency"] == pytest.approx(1.0)
    assert rows["x"]["constraint"] == pytest.approx(1.0)
    assert rows["a"]["constraint"] == pytest.approx(9 / 8)
    assert rows["a"]["effective_size"] == pytest.approx(1.0)
    assert rows["a"]["efficiency"] == pytest.approx(0.5)
    alone = rows["alone"]
    assert alone["degree"] == 0
    assert all(math.isnan(alone[k]) for k in ("constraint", "effective_size", "efficiency"))
    ordered = [r["id"] for r in c.structural_holes(g, weight=None)]
    assert ordered[0] == "hub" and ordered[-1] == "alone"


def test_structural_holes_of_a_network_with_no_ties() -> None:
    """People and no ties (a survey-only import): every measure undefined, no crash."""
    g = nx.Graph()
    g.add_nodes_from(["a", "b"])
    rows = c.structural_holes(g, weight=None)
    assert [r["degree"] for r in rows] == [0, 0]
    assert all(math.isnan(r["constraint"]) and math.isnan(r["effective_size"]) for r in rows)


def test_structural_holes_reject_negative_weights() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", weight=-1)
    with pytest.raises(ValueError):
        c.burt_constraint(g)


# ---------------------------------------------------------------------------
# Articulation points and bridges
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("g", UNDIRECTED + DIRECTED)
def test_articulation_points_and_bridges_match_networkx(g: nx.Graph) -> None:
    simple = g.to_undirected() if g.is_directed() else g
    assert {r["id"] for r in c.articulation_points(g)} == set(nx.articulation_points(simple))
    assert {frozenset((r["source"], r["target"])) for r in c.bridges(g)} == {
        frozenset(e) for e in nx.bridges(simple)}


@pytest.mark.parametrize("g", UNDIRECTED)
def test_cut_counts_match_brute_force(g: nx.Graph) -> None:
    for node, sector in zip(g, [PRIMARY, SOCIAL, SECONDARY, None] * 100, strict=False):
        g.nodes[node]["sector"] = sector
    for row in c.articulation_points(g):
        brute = c.broker_removal_impact(g, row["id"])
        assert brute["pieces"] == row["pieces"]
        assert brute["pairs_disconnected"] == row["pairs_disconnected"]
        assert brute["cross_pairs_cut"] == row["cross_pairs_cut"]
        h = g.copy()
        h.remove_node(row["id"])
        assert sorted(row["pieces"]) == sorted(
            len(comp) for comp in nx.connected_components(h)
            if comp & set(nx.node_connected_component(g, row["id"])))
    for row in c.bridges(g):
        h = g.copy()
        h.remove_edge(row["source"], row["target"])
        side = nx.node_connected_component(h, row["target"])
        assert len(side) == row["target_side"]


def test_bridges_hand_worked() -> None:
    # Triangle a-b-c, then c - d (bridge), d - e (bridge): e is 1 node off, d-side 2.
    g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e")])
    rows = {frozenset((r["source"], r["target"])): r for r in c.bridges(g)}
    assert set(rows) == {frozenset("cd"), frozenset("de")}
    assert rows[frozenset("cd")]["split_off"] == 2
    assert rows[frozenset("cd")]["pairs_disconnected"] == 6
    assert rows[frozenset("de")]["pairs_disconnected"] == 4
    aps = {r["id"]: r for r in c.articulation_points(g)}
    assert set(aps) == {"c", "d"}
    assert aps["c"]["pieces"] == [2, 2] and aps["c"]["pairs_disconnected"] == 4
    assert aps["d"]["split_off"] == 1


# ---------------------------------------------------------------------------
# What-if: a broker leaves
# ---------------------------------------------------------------------------


def two_sector_cliques(k: int, m: int) -> nx.Graph:
    """A clique of k primary-care people and one of m social-care people, joined
    only through the commissioner ``broker`` (tied to everyone)."""
    g = nx.Graph()
    g.add_node("broker", sector=COMMISSIONER, name="Joint commissioning manager")
    gps = [f"gp{i}" for i in range(k)]
    sws = [f"sw{i}" for i in range(m)]
    g.add_nodes_from(gps, sector=PRIMARY)
    g.add_nodes_from(sws, sector=SOCIAL)
    for clique in (gps, sws):
        g.add_edges_from((a, b) for i, a in enumerate(clique) for b in clique[i + 1:])
        g.add_edges_from(("broker", x) for x in clique)
    return g


@pytest.mark.parametrize(("k", "m"), [(3, 4), (1, 5), (6, 2)])
def test_broker_joining_two_cliques_cuts_k_times_m_pairs(k: int, m: int) -> None:
    g = two_sector_cliques(k, m)
    impact = c.broker_removal_impact(g, "broker")
    assert impact["cross_pairs_cut"] == k * m
    assert impact["cross_pairs_before"] == k * m
    assert impact["share_cut"] == 1.0
    assert impact["pieces"] == sorted([k, m], reverse=True)
    assert impact["by_partition"] == [{"a": PRIMARY, "b": SOCIAL, "pairs": k * m}]
    assert len(impact["pairs"]) == k * m and not impact["pairs_truncated"]
    assert all({g.nodes[a]["sector"], g.nodes[b]["sector"]} == {PRIMARY, SOCIAL}
               for a, b in impact["pairs"])
    json.dumps(impact)
    top = c.top_broker_impacts(g, top=1)[0]
    assert top["broker"] == "broker" and top["cross_pairs_cut"] == k * m
    # a clique member leaving cuts nothing
    assert c.broker_removal_impact(g, "gp0")["cross_pairs_cut"] == 0


def test_second_route_means_nothing_is_cut() -> None:
    g = two_sector_cliques(3, 4)
    g.add_edge("gp0", "sw0")  # a direct GP - social worker tie
    assert c.broker_removal_impact(g, "broker")["cross_pairs_cut"] == 0
    assert c.articulation_points(g) == []


def test_broker_removal_counts_pairs_with_a_third_sector_and_unknowns() -> None:
    # broker joins 3 primary, 4 social and (path) 2 secondary + 1 unknown.
    g = two_sector_cliques(3, 4)
    g.add_node("cpn", sector=SECONDARY)
    g.add_node("psy", sector=SECONDARY)
    g.add_node("anon")
    g.add_edges_from([("broker", "cpn"), ("cpn", "psy"), ("psy", "anon")])
    impact = c.broker_removal_impact(g, "broker", max_pairs=5)
    # cross pairs between pieces: 3*4 + 3*2 + 4*2 = 26 (anon has no sector)
    assert impact["cross_pairs_cut"] == 26
    assert impact["pairs_disconnected"] == 3 * 4 + 3 * 3 + 4 * 3
    assert impact["pairs_truncated"] and len(impact["pairs"]) == 5
    by = {(r["a"], r["b"]): r["pairs"] for r in impact["by_partition"]}
    assert by == {(PRIMARY, SOCIAL): 12, (SECONDARY, SOCIAL): 8, (PRIMARY, SECONDARY): 6}
    rows = {r["broker"]: r for r in c.top_broker_impacts(g)}
    assert rows["broker"]["cross_pairs_cut"] == 26
    # cpn leaving cuts {psy, anon} from the 8 others: psy (secondary) against
    # 3 primary + 4 social + the commissioner = 8 cross pairs; anon has no sector
    assert rows["cpn"]["cross_pairs_cut"] == 8
    assert rows["cpn"]["pairs_disconnected"] == 2 * 8
    with pytest.raises(KeyError):
        c.broker_removal_impact(g, "nobody")


def test_what_if_on_a_person_network_from_the_typed_graph() -> None:
    """Two groups share one commissioner: GP group {gp1, gp2, jcm} and social care
    group {sw1, sw2, sw3, jcm}; no registers, so co-membership ties them."""
    b = GraphBuilder()
    b.agency("pr", sector=PRIMARY, level="practice")
    b.agency("ssd", sector=SOCIAL, level="area")
    b.agency("ha", sector=COMMISSIONER, level="region")
    b.group("g-gp", level="locality").group("g-sc", level="area")
    for p in ("gp1", "gp2"):
        b.person(p, role="gp", employer="pr")
    for p in ("sw1", "sw2", "sw3"):
        b.person(p, role="social_worker", employer="ssd")
    b.person("jcm", role="joint_commissioning_manager", employer="ha")
    b.members("g-gp", "gp1", "gp2", "jcm").members("g-sc", "sw1", "sw2", "sw3", "jcm")
    network = person_network(b.G)
    impacts = c.top_broker_impacts(network, top=2)
    assert impacts[0]["broker"] == "jcm" and impacts[0]["cross_pairs_cut"] == 2 * 3
    assert impacts[1]["cross_pairs_cut"] == 0
    assert [r["id"] for r in c.articulation_points(network)] == ["jcm"]
    top = c.betweenness(network).top(1)[0]
    # jcm lies on the only path of the 2 * 3 GP - social worker pairs, out of the
    # 5 * 4 / 2 = 10 pairs of the others
    assert top[0] == "jcm" and top[1] == pytest.approx(0.6)
    json.dumps(c.structural_holes(network))
    json.dumps(c.articulation_points(network))
    json.dumps(c.bridges(network))


# ---------------------------------------------------------------------------
# Triangle enumeration (structural holes): blocks and lookups
# ---------------------------------------------------------------------------


def _dense_holes(g: nx.Graph) -> tuple[dict, dict]:
    """Burt's constraint and effective size from dense matrices (the reference)."""
    nodes = list(g)
    a = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    np.fill_diagonal(a, 0.0)
    m = a + a.T if g.is_directed() else a
    total = m.sum(axis=1)
    peak = m.max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = m / total[:, None]
        mx = m / peak[:, None]
    tie = m > 0
    constraint, esize = {}, {}
    for i, v in enumerate(nodes):
        nbrs = np.flatnonzero(tie[i])
        if not len(nbrs):
            constraint[v] = esize[v] = math.nan
            continue
        constraint[v] = float(sum((p[i, j] + p[i, nbrs] @ p[nbrs, j]) ** 2 for j in nbrs))
        esize[v] = float(sum(1 - p[i, nbrs] @ mx[j, nbrs] for j in nbrs))
    return constraint, esize


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("wedge_block, chunk_bytes, bitmap_bytes",
                         [(4_000_000, 24 * 2**20, 2**25), (1, 2**25, 2**25), (5, 1, 0)])
def test_structural_holes_triangle_paths_match_dense_reference(
    monkeypatch: pytest.MonkeyPatch, directed: bool, wedge_block: int, chunk_bytes: int,
    bitmap_bytes: int
) -> None:
    monkeypatch.setattr(triangles, "_WEDGE_BLOCK", wedge_block)
    monkeypatch.setattr(triangles, "_CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(triangles, "_BITMAP_BYTES", bitmap_bytes)
    for seed in range(6):
        rng = random.Random(seed)
        g = nx.gnp_random_graph(rng.randint(5, 40), rng.choice([0.1, 0.3, 0.6]), seed=seed,
                                directed=directed)
        for u, v in g.edges():
            g[u][v]["weight"] = rng.choice([0, 1, 2, 3.5])
        g.add_edge(0, 0, weight=2)  # a self-loop, ignored
        constraint, esize = _dense_holes(g)
        assert_same(c.burt_constraint(g), constraint, 1e-12)
        assert_same(c.effective_size(g), esize, 1e-12)


def test_cut_points_follow_the_network_when_it_changes() -> None:
    """Nothing is kept with the network: a tie added is seen by the next call."""
    P = nx.Graph()
    P.add_nodes_from(["a", "b", "c"], sector="primary_care")
    P.add_edges_from([("a", "b"), ("b", "c")])
    assert [row["id"] for row in c.articulation_points(P)] == ["b"]
    assert len(c.bridges(P)) == 2
    P.add_edge("a", "c")
    assert c.articulation_points(P) == [] and c.bridges(P) == []


# ---------------------------------------------------------------------------
# Every definition against networkx and python-igraph on random graphs of every shape
# ---------------------------------------------------------------------------


def shaped_graph(seed: int) -> nx.Graph:
    """A random graph (directed for odd seeds) with weights 1-5, sectors, a pendant
    chain, a second component and an isolate: every case the kernels branch on."""
    rnd = random.Random(seed)
    n = rnd.randint(8, 70)
    g = nx.gnm_random_graph(n, rnd.randint(n // 2, 3 * n), seed=seed, directed=seed % 2 == 1)
    g.add_edges_from((i, i + 1) for i in range(n, n + rnd.randint(1, 6)))  # chain: cut nodes
    g.add_edge(n - 1, n)
    g.add_edges_from([("x", "y"), ("y", "z")])  # another component
    g.add_node("isolate")
    for u, v in g.edges():
        g[u][v]["weight"] = rnd.randint(1, 5)
    for v in g:
        g.nodes[v]["sector"] = rnd.choice([PRIMARY, SECONDARY, SOCIAL, None])
    return g


def as_igraph(g: nx.Graph) -> tuple[object, list]:
    ig = pytest.importorskip("igraph")
    nodes = list(g)
    index = {v: i for i, v in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges()],
                 directed=g.is_directed())
    h.es["weight"] = [d["weight"] for _, _, d in g.edges(data=True)]
    return h, nodes


SHAPES = [shaped_graph(seed) for seed in range(10)]


@pytest.mark.parametrize("g", SHAPES)
def test_every_definition_matches_networkx_on_random_graphs(g: nx.Graph) -> None:
    assert_same(c.betweenness(g).values, nx.betweenness_centrality(g))
    sampled = c.betweenness(g, mode="sampled", k=5, seed=3)
    assert_same(sampled.values, nx.betweenness_centrality(g, k=5, seed=3))
    assert_same(c.burt_constraint(g), nx.constraint(g, weight="weight"))
    mine = c.effective_size(g)
    expected = nx.effective_size(g, nodes=list(g), weight="weight")
    if g.is_directed():  # networkx: NaN for nodes with in-ties only (documented)
        expected = {v: mine[v] if g.out_degree(v) == 0 and g.in_degree(v) else x
                    for v, x in expected.items()}
    assert_same(mine, expected)
    simple = g.to_undirected() if g.is_directed() else g
    efficiency = c.efficiency(g)
    assert_same({v: efficiency[v] for v in g if not g.is_directed()},
                {v: mine[v] / simple.degree(v) if simple.degree(v) else math.nan
                 for v in g if not g.is_directed()})
    points = c.articulation_points(g)
    assert {r["id"] for r in points} == set(nx.articulation_points(simple))
    assert {frozenset((r["source"], r["target"])) for r in c.bridges(g)} == {
        frozenset(e) for e in nx.bridges(simple)}
    impacts = {r["broker"]: r for r in c.top_broker_impacts(g)}
    for row in points:  # the cut table against removing the node
        h = simple.copy()
        h.remove_node(row["id"])
        component = nx.node_connected_component(simple, row["id"])
        assert sorted(row["pieces"], reverse=True) == sorted(
            (len(p) for p in nx.connected_components(h) if p & component), reverse=True)
        cut = c.broker_removal_impact(g, row["id"])
        assert impacts[row["id"]]["cross_pairs_cut"] == cut["cross_pairs_cut"]
        assert impacts[row["id"]]["cross_pairs_before"] == cut["cross_pairs_before"]
        assert row["cross_pairs_cut"] == cut["cross_pairs_cut"]


@pytest.mark.parametrize("g", SHAPES)
def test_every_definition_matches_igraph_on_random_graphs(g: nx.Graph) -> None:
    h, nodes = as_igraph(g)
    n = len(nodes)
    pairs = (n - 1) * (n - 2) / (1 if g.is_directed() else 2)
    assert_same(c.betweenness(g).values,
                {v: x / pairs for v, x in zip(nodes, h.betweenness(directed=g.is_directed()),
                                               strict=True)})
    if not g.is_directed():
        assert_same(c.burt_constraint(g),
                    dict(zip(nodes, h.constraint(weights="weight"), strict=True)))
    u = h.as_undirected() if g.is_directed() else h
    assert {r["id"] for r in c.articulation_points(g)} == {
        nodes[i] for i in u.articulation_points()}
    assert {frozenset((r["source"], r["target"])) for r in c.bridges(g)} == {
        frozenset((nodes[u.es[e].source], nodes[u.es[e].target])) for e in u.bridges()}


def test_ties_read_once_give_the_same_measures_and_refuse_another_network() -> None:
    g = SHAPES[2]
    ties = c.read_ties(g)
    assert c.betweenness(g, ties=ties).values == c.betweenness(g).values
    assert c.articulation_points(g, ties=ties) == c.articulation_points(g)
    assert c.bridges(g, ties=ties) == c.bridges(g)
    assert c.top_broker_impacts(g, ties=ties) == c.top_broker_impacts(g)
    with pytest.raises(ValueError, match="another network"):
        c.bridges(SHAPES[4], ties=ties)
