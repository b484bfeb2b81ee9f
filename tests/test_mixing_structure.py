"""E-I index, assortativity, mixing, degree, components and two-mode projections, checked
against R's igraph (values in tests/reference/r_reference.json), python-igraph and
networkx on published data (Drabek et al.'s EMONs, Zachary's karate club, Padgett's
Florentine marriages, the Southern Women) and on random graphs."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import igraph
import networkx as nx
import numpy as np
import pytest

from netan.queries import mixing, structure, twomode
from netan.queries.centrality import betweenness
from netan.queries.stability import betweenness_with_stability, top_agreement

REFERENCE = Path(__file__).resolve().parent / "reference"
R = json.loads((REFERENCE / "r_reference.json").read_text(encoding="utf-8"))


def r_graph(key: str, partition: str | None = None) -> nx.Graph:
    """The network ``key`` as R built it: nodes in R's order, the partition as ``group``."""
    reference = R["networks"][key]
    base = key.removesuffix("_undirected")
    folder = REFERENCE / ("flo" if base == "flo" else base)
    import csv

    with (folder / "edges.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = reference["names"]
    G = nx.DiGraph() if reference["directed"] else nx.Graph()
    for i, name in enumerate(names):
        G.add_node(name.strip(), group=(reference["partitions"][partition]["groups"][i]
                                        if partition else None))
    for row in rows:
        G.add_edge(row["source"].strip(), row["target"].strip())
    return G


PARTITIONED = [("emon_cheyenne", "Sponsorship"), ("emon_texas", "Location"),
               ("emon_mtsi", "Sponsorship"), ("emon_cheyenne_undirected", "Sponsorship"),
               ("emon_texas_undirected", "Location"), ("karate", "club")]


@pytest.mark.parametrize(("key", "partition"), PARTITIONED)
def test_ei_index_matches_r(key: str, partition: str) -> None:
    G = r_graph(key, partition)
    want = R["networks"][key]["partitions"][partition]["ei"]
    result = mixing.ei_index(G, "group", permutations=0)
    assert (result.network["external"], result.network["internal"]) == (
        want["external"], want["internal"])
    assert result.network["ei"] == pytest.approx(want["ei"])
    for row in want["groups"]:
        mine = result.groups[row["group"]]
        assert (mine["external"], mine["internal"]) == (row["external"], row["internal"])
    names = [n.strip() for n in R["networks"][key]["names"]]
    for name, value in zip(names, want["nodes"], strict=True):
        ours = result.nodes[name]
        assert (math.isnan(ours) and value == "NaN") or ours == pytest.approx(value)


@pytest.mark.parametrize(("key", "partition"), PARTITIONED)
def test_assortativity_and_mixing_match_r(key: str, partition: str) -> None:
    G = r_graph(key, partition)
    reference = R["networks"][key]["partitions"][partition]
    want = reference["assortativity"]
    got = mixing.nominal_assortativity(G, "group")
    assert (math.isnan(got) and want == "NaN") or got == pytest.approx(want, abs=1e-12)
    cells = {(r["group_a"], r["group_b"]): r["ties"] for r in mixing.mixing_matrix(G, "group")}
    for cell in reference["mixing"]:
        key_ = (cell["from"], cell["to"])
        assert cells.get(key_, cells.get(key_[::-1])) == cell["ties"]
    assert sum(cells.values()) == G.number_of_edges()


@pytest.mark.parametrize("seed", range(6))
def test_assortativity_matches_networkx_and_igraph_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    directed = seed % 2 == 1
    G = nx.gnp_random_graph(60, 0.08, seed=seed, directed=directed)
    for v in G:
        G.nodes[v]["sector"] = rng.choice("abcd")
    ours = mixing.nominal_assortativity(G, "sector")
    assert ours == pytest.approx(nx.attribute_assortativity_coefficient(G, "sector"))
    g = igraph.Graph(n=60, edges=list(G.edges()), directed=directed)
    types = [ord(G.nodes[v]["sector"]) - ord("a") for v in range(60)]
    assert ours == pytest.approx(g.assortativity_nominal(types, directed=directed))


def test_mixing_matrix_densities_and_missing_groups() -> None:
    G = nx.Graph([("a", "b"), ("a", "c"), ("c", "d")])
    for v, g in zip("abcd", ["x", "x", "y", None], strict=True):
        G.nodes[v]["team"] = g
    rows = {(r["group_a"], r["group_b"]): r for r in mixing.mixing_matrix(G, "team")}
    assert rows[("x", "x")] == {"group_a": "x", "group_b": "x", "n_a": 2, "n_b": 2,
                                "ties": 1, "possible": 1, "density": 1.0}
    assert rows[("x", "y")]["ties"] == 1 and rows[("x", "y")]["possible"] == 2
    assert rows[("y", "unknown")]["ties"] == 1  # a missing value is its own group
    assert rows[("unknown", "unknown")]["density"] is None


def test_ei_permutation_test_properties() -> None:
    """Karate's clubs keep ties inside (p_less tiny); labels independent of the ties give
    a p-value that is not extreme; the same seed repeats; the null mean sits near the
    analytic expectation under random labelling."""
    G = r_graph("karate", "club")
    result = mixing.ei_index(G, "group", permutations=500, seed=3)
    assert result.network["ei"] < result.network["expected"]
    assert result.network["p_less"] == pytest.approx(1 / 501)
    assert result.network["p_greater"] == 1.0
    again = mixing.ei_index(G, "group", permutations=500, seed=3)
    assert again.network == result.network
    # analytic E[EI] under label permutation: P(external) = 1 - sum n_g(n_g-1)/(n(n-1))
    sizes = [17, 17]
    p_internal = sum(n * (n - 1) for n in sizes) / (34 * 33)
    assert result.network["expected"] == pytest.approx(1 - 2 * p_internal, abs=0.02)
    H = nx.gnp_random_graph(80, 0.1, seed=5)
    rng = random.Random(9)
    for v in H:
        H.nodes[v]["group"] = rng.choice("ab")
    null = mixing.ei_index(H, "group", permutations=300, seed=1)
    assert 0.02 < null.network["p_less"] < 0.98
    empty = mixing.ei_index(nx.empty_graph(3), "group")
    assert math.isnan(empty.network["ei"]) and empty.network["p_less"] is None


@pytest.mark.parametrize("key", ["emon_cheyenne", "emon_texas", "emon_mtsi",
                                 "emon_texas_undirected", "karate", "flo"])
def test_degree_and_components_match_r(key: str) -> None:
    G = r_graph(key)
    reference = R["networks"][key]
    names = [n.strip() for n in reference["names"]]
    degrees = structure.degrees(G)
    assert [degrees[v]["in_degree"] for v in names] == reference["degree_in"]
    assert [degrees[v]["out_degree"] for v in names] == reference["degree_out"]
    assert [degrees[v]["degree"] for v in names] == reference["degree_total"]
    for mode, found in (("weak", structure.weak_components(G)),
                        ("strong", structure.strong_components(G))):
        assert len(found) == reference[mode]["count"]
        ours = structure.component_membership(found)
        pairs = {(ours[v], reference[mode]["membership"][i]) for i, v in enumerate(names)}
        assert len(pairs) == reference[mode]["count"]  # the same partition of the nodes
        assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)


def test_strength_matches_igraph() -> None:
    G = nx.gnm_random_graph(40, 120, seed=4, directed=True)
    rng = np.random.default_rng(4)
    for u, v in G.edges():
        G[u][v]["w"] = float(rng.integers(1, 5))
    g = igraph.Graph(n=40, edges=list(G.edges()), directed=True)
    g.es["w"] = [G[u][v]["w"] for u, v in G.edges()]
    ours = structure.degrees(G, weight="w")
    for mode, key in (("in", "in_strength"), ("out", "out_strength"), ("all", "strength")):
        assert [ours[v][key] for v in range(40)] == pytest.approx(g.strength(mode=mode,
                                                                            weights="w"))


def test_two_mode_projection_matches_r_and_networkx() -> None:
    """Davis's Southern Women: women x events, projected both ways (igraph multiplicity)."""
    davis = R["davis"]
    B = nx.Graph()
    import csv

    with (REFERENCE / "davis" / "attendance.csv").open(encoding="utf-8") as handle:
        register = list(csv.DictReader(handle))
    B.add_nodes_from(davis["people"], bipartite=0)
    B.add_nodes_from(davis["events"], bipartite=1)
    B.add_edges_from((r["person"], r["date"]) for r in register if r["status"] == "present")
    degree = twomode.two_mode_degree(B)
    assert [degree[p]["degree"] for p in davis["people"]] == davis["person_degree"]
    assert [degree[e]["degree"] for e in davis["events"]] == davis["event_degree"]
    for side, key in ((davis["people"], "people_projection"),
                      (davis["events"], "event_projection")):
        P = twomode.projection(B, side)
        want = {frozenset((a, b)): w for a, b, w in davis[key]}
        assert {frozenset((u, v)): d["weight"] for u, v, d in P.edges(data=True)} == want
        reference = nx.bipartite.weighted_projected_graph(B, side)
        assert {frozenset((u, v)): d["weight"] for u, v, d in reference.edges(data=True)} \
            == want
        assert set(P) == set(side)


def test_sampled_betweenness_stability_is_the_same_estimate() -> None:
    G = nx.barabasi_albert_graph(1500, 3, seed=2)
    result, stable = betweenness_with_stability(G, mode="sampled", k=300, seed=5)
    plain = betweenness(G, mode="sampled", k=300, seed=5)
    assert result.values == pytest.approx(plain.values, abs=1e-15)
    assert stable is not None and stable.half_size == 150
    assert stable.agreement >= 0.6  # hubs of a preferential-attachment graph are clear
    exact = betweenness(G, mode="exact")
    assert top_agreement(result.values, exact.values, 10) >= 0.8
    small, none = betweenness_with_stability(nx.path_graph(5))
    assert none is None and small.method == "exact"


@pytest.mark.parametrize("example", ["wales-1998", "kingsfund-1998"])
def test_participation_degree_is_the_two_mode_graphs_degree(example: str) -> None:
    from netan.graphdb.graph_data import to_networkx
    from netan.importers import load_import

    G = to_networkx(load_import(REFERENCE.parents[1] / "examples" / example).data)
    for mode in ("groups", "meetings"):
        B = twomode.participation(G, mode)
        want = {v: d["degree"] for v, d in twomode.two_mode_degree(B).items()}
        assert twomode.participation_degree(G, mode) == want
        assert sum(want.values()) == 2 * B.number_of_edges()
        assert B.number_of_edges() > 0 or (mode == "meetings" and example == "kingsfund-1998")


@pytest.mark.parametrize("directed", [False, True])
def test_ties_read_once_give_the_same_mixing_measures(directed: bool) -> None:
    g = nx.gnm_random_graph(40, 90, seed=5, directed=directed)
    rng = random.Random(5)
    for v in g:
        g.nodes[v]["sector"] = rng.choice(["a", "b", "c"])
    ties = mixing.tie_positions(g)
    assert len(ties[0]) == g.number_of_edges()  # simple graph: every tie once
    assert mixing.mixing_matrix(g, ties=ties) == mixing.mixing_matrix(g)
    assert mixing.nominal_assortativity(g, ties=ties) == mixing.nominal_assortativity(g)
    once, again = (mixing.ei_index(g, ties=t, permutations=50) for t in (ties, None))
    assert repr(once) == repr(again)  # NaN for isolates: equal as text
