"""Gould-Fernandez brokerage: sna 2.7 fixtures, hand-worked cases, a naive cross-check."""

from __future__ import annotations

import json
import math
import random
from itertools import combinations
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from netan.queries import brokerage as brokerage_module
from netan.queries.brokerage import (
    MISSING_GROUP,
    ROLES,
    TOTAL,
    brokerage,
    brokerage_table,
)

# sna 2.7.1 answers to twelve hand-made cases (R 4.2.2; see tests/reference/README.md)
FIXTURES = Path(__file__).parent / "reference" / "brokerage_sna_cases.json"
CASES = json.loads(FIXTURES.read_text())["cases"] if FIXTURES.exists() else []
COLUMNS = [*ROLES, TOTAL]
NAN = float("nan")


def _same(x: float, y: float, tol: float = 1e-9) -> bool:
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= tol * max(1.0, abs(y))


def _value(v: float | str) -> float:
    return NAN if v == "NaN" else float(v)


def _case_graph(case: dict) -> tuple[nx.Graph, dict[int, str]]:
    G: nx.Graph = nx.DiGraph() if case["directed"] else nx.Graph()
    G.add_nodes_from(range(1, case["n"] + 1))
    if "edges" in case:
        G.add_edges_from(tuple(e) for e in case["edges"])  # missing edges are present
    else:
        for i, row in enumerate(case["value_matrix"]):
            for j, value in enumerate(row):
                if value:
                    G.add_edge(i + 1, j + 1, weight=value)
    return G, {i + 1: g for i, g in enumerate(case["groups"])}


# ---------------------------------------------------------------------------
# sna 2.7 fixtures
# ---------------------------------------------------------------------------


@pytest.mark.skipif(not CASES, reason="shared fixtures not available")
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_matches_sna_fixture(case: dict) -> None:
    G, groups = _case_graph(case)
    result = brokerage(G, groups)
    if "density" in case:
        assert _same(result.density, case["density"], 1e-12)
    for key, attr in [("raw_nli", "raw"), ("exp_nli", "expected"), ("z_nli", "z")]:
        if key not in case:
            continue
        table = getattr(result, attr)
        for i, row in enumerate(case[key]):
            for role, value in row.items():
                got = table[i + 1][role]
                assert _same(got, _value(value)), (key, i + 1, role, got, value)
    for key, attr in [("raw_gli", "raw_network"), ("exp_gli", "expected_network"),
                      ("z_gli", "z_network")]:
        if key not in case:
            continue
        for role, value in case[key].items():
            got = getattr(result, attr)[role]
            assert _same(got, _value(value)), (key, role, got, value)


def test_fixture_count() -> None:
    if not CASES:
        pytest.skip("shared fixtures not available")
    assert len(CASES) == 12


# ---------------------------------------------------------------------------
# Hand-worked cases
# ---------------------------------------------------------------------------


def _path(groups: str) -> nx.DiGraph:
    G = nx.DiGraph()
    for name, group in zip("abc", groups, strict=True):
        G.add_node(name, sector=group)
    G.add_edges_from([("a", "b"), ("b", "c")])
    return G


@pytest.mark.parametrize(
    ("groups", "role"),
    [("AAA", "w_I"), ("ABA", "w_O"), ("AAB", "b_IO"), ("ABB", "b_OI"), ("ABC", "b_O")],
)
def test_path_gives_broker_one_role(groups: str, role: str) -> None:
    result = brokerage(_path(groups))
    assert result.raw["b"] == {**dict.fromkeys(COLUMNS, 0), role: 1, TOTAL: 1}
    assert result.raw["a"][TOTAL] == result.raw["c"][TOTAL] == 0
    assert result.raw_network[role] == 1 and result.raw_network[TOTAL] == 1


def test_liaison_expectation_hand_worked() -> None:
    # a -> b -> c, three groups of one: d = 2/6 = 1/3, q = d^2 (1 - d) = 2/27.
    # A liaison needs the two other groups: E[b_O] = q * (2*2 - (1 + 1)) = 4/27,
    # Var = E (1 - q) + 4 * sum_c n_c C(N - n_c - 1, 2) d^3 (1-d)^3 = E (1 - q) (C(1,2) = 0).
    result = brokerage(_path("ABC"))
    q = (1 / 3) ** 2 * (2 / 3)
    assert result.density == pytest.approx(1 / 3)
    assert result.expected["b"]["b_O"] == pytest.approx(2 * q)
    sd = math.sqrt(2 * q * (1 - q))
    assert result.sd["b"]["b_O"] == pytest.approx(sd)
    assert result.z["b"]["b_O"] == pytest.approx((1 - 2 * q) / sd)
    # No coordinator is possible in a group of one: 0/0 -> NaN.
    assert result.expected["b"]["w_I"] == 0.0
    assert math.isnan(result.z["b"]["w_I"])


def test_closing_arc_removes_brokerage_but_reverse_arc_does_not() -> None:
    closed = _path("AAB")
    closed.add_edge("a", "c")
    assert brokerage(closed).raw_network[TOTAL] == 0
    reverse = _path("AAB")
    reverse.add_edge("c", "a")  # a 3-cycle: every node brokers once
    result = brokerage(reverse)
    assert [result.raw[v][TOTAL] for v in "abc"] == [1, 1, 1]
    assert result.raw["b"]["b_IO"] == 1  # a -> b -> c: [a b][c]
    assert result.raw["c"]["w_O"] == 1  # b -> c -> a: [b a][c]
    assert result.raw["a"]["b_OI"] == 1  # c -> a -> b: [c][a b]


def test_mutual_tie_is_not_a_two_path_to_oneself() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "a")])
    nx.set_node_attributes(G, "A", "sector")
    assert brokerage(G).raw_network[TOTAL] == 0


def test_undirected_path_counts_both_ways() -> None:
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "A", "b": "A", "c": "B"}, "sector")
    result = brokerage(G)
    assert result.raw["b"]["b_IO"] == 1 and result.raw["b"]["b_OI"] == 1
    assert result.raw["b"][TOTAL] == 2
    assert result.n_arcs == 4 and result.density == pytest.approx(4 / 6)


def test_full_credit_to_every_broker() -> None:
    G = nx.DiGraph([(1, 2), (2, 4), (1, 3), (3, 4)])
    result = brokerage(G, dict.fromkeys(G, "A"))
    assert result.raw[2]["w_I"] == 1 and result.raw[3]["w_I"] == 1


# ---------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------


def _random_digraph(n: int, p: float, seed: int, groups: int = 4) -> nx.DiGraph:
    G = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    rng = random.Random(seed)
    for v in G:
        G.nodes[v]["sector"] = f"s{rng.randrange(groups)}"
    return G


def test_undirected_equals_both_arcs() -> None:
    U = nx.gnp_random_graph(40, 0.15, seed=3)
    rng = random.Random(3)
    nx.set_node_attributes(U, {v: rng.choice("XYZ") for v in U}, "sector")
    a, b = brokerage(U), brokerage(U.to_directed())
    assert a.raw == b.raw
    assert a.density == b.density
    assert all(_same(a.z[v][r], b.z[v][r]) for v in U for r in COLUMNS)


def test_multigraph_loops_and_weights_collapse() -> None:
    G = _random_digraph(30, 0.2, seed=5)
    M = nx.MultiDiGraph(G)
    for u, v in list(G.edges())[::3]:
        M.add_edge(u, v, weight=7.5)  # parallel arc
    for v in list(G)[::4]:
        M.add_edge(v, v)  # self-loop
    a, b = brokerage(G), brokerage(M)
    assert a.raw == b.raw
    assert a.n_arcs == b.n_arcs == G.number_of_edges()


def test_missing_partition_values_form_unknown_group() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    nx.set_node_attributes(G, {"a": "A", "b": None, "c": float("nan")}, "sector")
    result = brokerage(G)
    assert result.membership == {"a": "A", "b": MISSING_GROUP, "c": MISSING_GROUP,
                                 "d": MISSING_GROUP}
    assert result.groups == ["A", MISSING_GROUP]
    assert result.group_sizes == {"A": 1, MISSING_GROUP: 3}
    assert result.raw["b"]["b_OI"] == 1  # a -> b -> c: [a][b c]
    assert result.raw["c"]["w_I"] == 1  # b -> c -> d: all unknown


def test_partition_by_level_attribute() -> None:
    G = _path("AAA")
    nx.set_node_attributes(G, {"a": "practice", "b": "area", "c": "region"}, "level")
    assert brokerage(G, "level").raw["b"]["b_O"] == 1
    assert brokerage(G).raw["b"]["w_I"] == 1


def test_empty_and_edgeless_graphs() -> None:
    empty = brokerage(nx.DiGraph())
    assert empty.nodes == [] and empty.raw_network[TOTAL] == 0
    assert math.isnan(empty.density)
    G = nx.DiGraph()
    G.add_nodes_from([1, 2, 3], sector="A")
    result = brokerage(G)
    assert result.density == 0.0 and result.raw[1][TOTAL] == 0
    assert all(math.isnan(result.z[v][r]) for v in G for r in COLUMNS)


# ---------------------------------------------------------------------------
# Cross-checks: naive port of sna's C loop and of its R moments
# ---------------------------------------------------------------------------


def _naive_counts(G: nx.DiGraph, cl: dict) -> dict:
    """Literal port of sna's brokerage_R: walk every two-path i -> j -> k."""
    out = {v: dict.fromkeys(COLUMNS, 0) for v in G}
    succ = {v: set(G.successors(v)) - {v} for v in G}
    for i in G:
        for j in succ[i]:
            for k in succ[j]:
                if k == i or k in succ[i]:
                    continue
                if cl[j] == cl[i]:
                    role = "w_I" if cl[j] == cl[k] else "b_IO"
                elif cl[j] == cl[k]:
                    role = "b_OI"
                elif cl[i] == cl[k]:
                    role = "w_O"
                else:
                    role = "b_O"
                out[j][role] += 1
                out[j][TOTAL] += 1
    return out


def test_vectorised_matches_naive_on_random_graph() -> None:
    G = _random_digraph(200, 0.04, seed=11, groups=5)
    # Add clustering and mutual ties so every correction term is exercised.
    for u, v in list(G.edges())[::5]:
        G.add_edge(v, u)
    for a, b, c in list(combinations(range(0, 200, 7), 3))[::40]:
        G.add_edges_from([(a, b), (b, c), (a, c)])
    cl = {v: G.nodes[v]["sector"] for v in G}
    assert brokerage(G).raw == _naive_counts(G, cl)


def test_blocks_do_not_change_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    G = _random_digraph(80, 0.12, seed=2, groups=3)
    whole = brokerage(G).raw
    monkeypatch.setattr(brokerage_module, "_BLOCK_WORK", 50)
    assert brokerage(G).raw == whole


def _sna_moments(n: list[int], N: int, d: float) -> tuple[np.ndarray, np.ndarray,
                                                            np.ndarray, np.ndarray]:
    """Term-by-term port of sna 2.7's R code for the expectations and variances."""
    def choose2(x: float) -> float:
        return x * (x - 1) / 2

    K = len(n)
    ebr, vbr = np.zeros((K, 6)), np.zeros((K, 6))
    q, a3 = d**2 * (1 - d), d**3 * (1 - d) ** 3
    for i in range(K):
        ni = float(n[i])
        rest = [float(n[j]) for j in range(K) if j != i]
        ebr[i, 0] = q * (ni - 1) * (ni - 2)
        vbr[i, 0] = ebr[i, 0] * (1 - q) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * a3
        ebr[i, 1] = q * sum(x * (x - 1) for x in rest)
        vbr[i, 1] = ebr[i, 1] * (1 - q) + 2 * sum(x * (x - 1) * (x - 2) for x in rest) * a3
        ebr[i, 2] = q * (N - ni) * (ni - 1)
        vbr[i, 2] = ebr[i, 2] * (1 - q) + 2 * ((ni - 1) * choose2(N - ni)
                                               + (N - ni) * choose2(ni - 1)) * a3
        ebr[i, 3], vbr[i, 3] = ebr[i, 2], vbr[i, 2]
        ebr[i, 4] = q * (sum(x * y for x in rest for y in rest) - sum(x * x for x in rest))
        vbr[i, 4] = ebr[i, 4] * (1 - q) + 4 * sum(x * choose2(N - x - ni) * a3 for x in rest)
        ebr[i, 5] = q * (N - 1) * (N - 2)
        vbr[i, 5] = ebr[i, 5] * (1 - q) + 2 * (N - 1) * (N - 2) * (N - 3) * a3
    f = [float(x) for x in n]
    b4, c5 = d**4 * (1 - d) ** 2, d**5 * (1 - d)
    eg, vg = np.zeros(6), np.zeros(6)
    eg[0] = q * sum(x * (x - 1) * (x - 2) for x in f)
    vg[0] = eg[0] * (1 - q) + sum(x * (x - 1) * (x - 2) * ((4 * x - 10) * a3
                                  - 4 * (x - 3) * b4 + (x - 3) * c5) for x in f)
    eg[1] = q * sum(x * (N - x) * (x - 1) for x in f)
    vg[1] = eg[1] * (1 - q) + (
        sum(x * y * (x - 1) * ((2 * x + 2 * y - 6) * a3 + (N - x - 1) * c5)
            for x in f for y in f)
        - sum(x * x * (x - 1) * ((4 * x - 6) * a3 + (N - x - 1) * c5) for x in f))
    eg[2] = q * sum(x * (N - x) * (x - 1) for x in f)
    vg[2] = eg[2] * (1 - q) + sum(x * (N - x) * (x - 1) * ((N - 3) * a3 + (x - 2) * c5)
                                  for x in f)
    eg[3], vg[3] = eg[2], vg[2]
    eg[4] = q * (sum(x * y * (N - x - y) for x in f for y in f)
                 - sum(x * x * (N - 2 * x) for x in f))
    vg[4] = eg[4] * (1 - q)
    for i in range(K):
        for j in range(K):
            for k in range(K):
                if i != j and j != k and i != k:
                    vg[4] += f[i] * f[j] * f[k] * (
                        (4 * (N - f[j]) - 2 * (f[i] + f[k] + 1)) * a3
                        - (4 * (N - f[k]) - 2 * (f[i] + f[j] + 1)) * b4
                        + (N - (f[i] + f[k] + 1)) * c5)
    eg[5] = q * N * (N - 1) * (N - 2)
    vg[5] = eg[5] * (1 - q) + N * (N - 1) * (N - 2) * (
        (4 * N - 10) * a3 - 4 * (N - 3) * b4 + (N - 3) * c5)
    return ebr, vbr, eg, vg


@pytest.mark.parametrize("seed", range(6))
def test_moments_match_sna_formulas(seed: int) -> None:
    rng = random.Random(seed)
    sizes = [rng.randint(1, 40) for _ in range(rng.randint(1, 9))]
    N = sum(sizes)
    d = rng.uniform(0.001, 0.6)
    got = brokerage_module._moments(sizes, N, d)
    want = _sna_moments(sizes, N, d)
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------------------
# Roles and table
# ---------------------------------------------------------------------------


def test_roles_named_in_sna_order() -> None:
    assert list(ROLES) == ["w_I", "w_O", "b_IO", "b_OI", "b_O"]
    assert ROLES == {"w_I": "coordinator", "w_O": "itinerant", "b_IO": "representative",
                     "b_OI": "gatekeeper", "b_O": "liaison"}
    assert set(brokerage_module.ROLE_DESCRIPTIONS) == set(ROLES)


def test_table_sorted_by_total_with_top() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("x", "c")])
    nx.set_node_attributes(G, {"a": "A", "b": "B", "c": "C", "d": "A", "x": "A"}, "sector")
    rows = brokerage_table(brokerage(G))
    assert [r["node"] for r in rows] == ["c", "b", "a", "d", "x"]
    assert rows[0]["total"] == 2 and rows[0]["b_O"] == 1 and rows[0]["b_OI"] == 0
    # x -> c -> d is [x d][c]: itinerant.
    assert rows[0]["w_O"] == 1
    assert rows[0]["group"] == "C"
    assert set(rows[0]) == {"node", "group", "total", "total_z",
                            *ROLES, *(f"{code}_z" for code in ROLES)}
    assert math.isnan(rows[0]["w_I_z"])  # group C has one member
    assert len(brokerage_table(brokerage(G), top=2)) == 2


# ---------------------------------------------------------------------------
# A five-group case computed with sna 2.7.1 (R 4.2.2): brokerage(M, cl)
# ---------------------------------------------------------------------------

FIVE_GROUP_ARCS = [(1, 2), (2, 3), (3, 4), (4, 5), (5, 1), (2, 6), (6, 7), (7, 2), (8, 2),
                   (3, 9), (9, 10), (10, 11), (11, 3), (12, 1), (4, 12), (6, 8), (8, 6),
                   (5, 10), (1, 7)]
FIVE_GROUP_CL = ["a", "b", "c", "d", "a", "b", "c", "d", "a", "b", "e", "c"]
FIVE_GROUP_RAW_T = [4, 5, 4, 2, 2, 3, 1, 1, 1, 2, 1, 1]
FIVE_GROUP_GLI = {
    "raw": [0, 5, 4, 3, 15, 27],
    "exp": [0.31925400701227152, 3.22801273756852325, 3.22801273756852325,
            3.22801273756852325, 13.40866829451540276, 23.41196051423324320],
    "sd": [0.61720686733640528, 2.22095658993818201, 2.49877499848461859,
           2.49877499848461859, 6.58209440226375353, 10.12527230561481240],
    "z": [-0.517256083669373479, 0.797848670459965215, 0.308946288841391581,
          -0.091249807488389914, 0.241766770306013373, 0.354364739778609716],
}
# z.nli of vertices 4 (group d, two members) and 11 (group e, alone).
FIVE_GROUP_Z = {
    4: [NAN, 1.102946238957985381, -0.303019515586647137, -0.303019515586647137,
        -0.161608945578866403, 0.020669334142866418],
    11: [NAN, -0.550120667104415206, NAN, NAN, -0.298409103039025569,
         -0.401125486983784585],
    2: [-0.190034688701011867, 1.398737249252775428, -0.406543341216480059,
        2.140289790314760410, 0.653681173471453936, 1.286053797522819453],
}


def test_five_groups_match_sna() -> None:
    order = list(range(1, 13))
    H = nx.DiGraph()
    H.add_nodes_from(order)
    H.add_edges_from(FIVE_GROUP_ARCS)
    result = brokerage(H, dict(zip(order, FIVE_GROUP_CL, strict=True)))
    assert [result.raw[v][TOTAL] for v in order] == FIVE_GROUP_RAW_T
    for attr, key in [("raw_network", "raw"), ("expected_network", "exp"),
                      ("sd_network", "sd"), ("z_network", "z")]:
        got = [getattr(result, attr)[c] for c in COLUMNS]
        assert all(_same(g, w) for g, w in zip(got, FIVE_GROUP_GLI[key], strict=True)), attr
    for v, zs in FIVE_GROUP_Z.items():
        got = [result.z[v][c] for c in COLUMNS]
        assert all(_same(g, w) for g, w in zip(got, zs, strict=True)), v


@pytest.mark.parametrize("chunk_bytes, bitmap_bytes", [(24 * 2**20, 2**25), (1, 2**25), (100, 0)])
def test_closed_two_paths_undirected_fast_path_matches_arc_by_arc(
    monkeypatch: pytest.MonkeyPatch, chunk_bytes: int, bitmap_bytes: int
) -> None:
    """The triangle count used for undirected networks equals the sparse-row
    intersection per arc used for directed ones, on random graphs and partitions,
    whatever the chunk the triangles are enumerated in."""
    from netan.kernels import triangles

    monkeypatch.setattr(triangles, "_CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(triangles, "_BITMAP_BYTES", bitmap_bytes)
    for seed in range(8):
        rng = random.Random(seed)
        g = nx.gnp_random_graph(rng.randint(3, 40), rng.choice([0.1, 0.3, 0.7]), seed=seed)
        nodes = list(g)
        n = len(nodes)
        src, dst = brokerage_module._arcs(g, nodes)
        cl = np.array([rng.randrange(rng.randint(1, 4)) for _ in nodes], dtype=np.int64)
        out_deg = np.bincount(src, minlength=n)
        fast = brokerage_module._closed_counts_symmetric(src, dst, cl, n)
        slow = brokerage_module._closed_counts(src, dst, cl, n, out_deg)
        assert fast.tolist() == slow.tolist()


@pytest.mark.parametrize("seed", range(10))
def test_pairs_within_classes_counted_densely_or_sparsely_match_the_loop(seed: int) -> None:
    """``S_j``, the (in-neighbour, out-neighbour) pairs of ``j`` in one class, by its
    loop; random digraphs with few classes (counted densely) and many (sparsely)."""
    rng = random.Random(seed)
    g = nx.gnp_random_graph(rng.randint(2, 30), rng.choice([0.05, 0.3, 0.8]), seed=seed,
                            directed=True)
    nodes = list(g)
    n = len(nodes)
    k = rng.choice([1, 3, n])
    cl = np.array([rng.randrange(k) for _ in nodes], dtype=np.int64)
    src, dst = brokerage_module._arcs(g, nodes)
    got = brokerage_module._pairs_within_classes(src, dst, cl[src], cl[dst], n,
                                                int(cl.max()) + 1)
    expected = [sum(1 for i in g.predecessors(j) for x in g.successors(j)
                    if i != j and x != j and cl[i] == cl[x]) for j in nodes]
    assert got.tolist() == expected
