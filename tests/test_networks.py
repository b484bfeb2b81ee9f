"""Derived networks and tie densities, worked by hand."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from graphs import GraphBuilder

from netan.queries.networks import (
    index_graph,
    integration_density,
    organisation_network,
    person_network,
    sector_level_density,
    tie_density_by_direction,
    tie_direction,
)

DATES = ["1998-01-10", "1998-02-10", "1998-03-10"]


def people_graph() -> nx.MultiDiGraph:
    """g: register of 3 meetings, a PPA, b PAP, c AAA (member), d invited, no line.
    h: no register; a ATTENDS 4/6, e ATTENDS 2/6, f member with no data.
    a liaises with agency X (frequency 3); X employs x1, x2 is co-located at X."""
    b = GraphBuilder()
    b.agency("X", sector="social_care", level="area")
    b.agency("Y", sector="primary_care", level="practice")
    b.group("g").group("h")
    for p in "abcdef":
        b.person(p, employer="Y")
    b.person("x1", employer="X").person("x2", sector="secondary_care")
    b.members("g", "a", "b", "c").member("d", "g", "invited")
    b.register("g", DATES, {"a": "PPA", "b": "PAP", "c": "AAA"})
    b.members("h", "a", "e", "f").attends("a", "h", 4, 6).attends("e", "h", 2, 6)
    b.liaison("a", "X", frequency=3).colocate("x2", "X")
    return b.G


def edges(H: nx.Graph) -> dict[tuple[str, str], dict]:
    return {tuple(sorted((u, v))): d for u, v, d in H.edges(data=True)}


def test_person_network_attendance_weighted() -> None:
    H = person_network(people_graph())
    assert sorted(H) == ["a", "b", "c", "d", "e", "f", "x1", "x2"]  # isolates kept
    got = {pair: (d["weight"], d["layer_weights"]) for pair, d in edges(H).items()}
    assert got == {
        ("a", "b"): (1, {"attendance": 1}),  # present together at meeting 1 only
        ("a", "e"): (2, {"attendance": 2}),  # min(4, 2) meetings of h
        ("a", "f"): (1, {"membership": 1}),  # f has no attendance data
        ("e", "f"): (1, {"membership": 1}),
        ("a", "x1"): (3, {"liaison": 3}),  # liaison with X reaches its staff...
        ("a", "x2"): (3, {"liaison": 3}),  # ...and the people co-located there
        ("x1", "x2"): (1, {"colocation": 1}),
    }
    # c never came, d was only invited: no tie for either
    assert H.degree("c") == 0 and H.degree("d") == 0
    assert H.nodes["x1"]["sector"] == "social_care" and H.nodes["x1"]["level"] == "area"
    assert H.nodes["x2"]["sector"] == "secondary_care" and H.nodes["x2"]["agency"] is None
    assert edges(H)[("a", "b")]["layers"] == ["attendance"]


def test_person_network_membership_weighted() -> None:
    H = person_network(people_graph(), weighting="membership")
    group_pairs = {p for p, d in edges(H).items() if "membership" in d["layer_weights"]}
    assert group_pairs == {("a", "b"), ("a", "c"), ("b", "c"), ("a", "e"), ("a", "f"),
                           ("e", "f")}
    with pytest.raises(ValueError, match="weighting"):
        person_network(people_graph(), weighting="both")  # type: ignore[arg-type]


def test_index_reads_register_attendance() -> None:
    idx = index_graph(people_graph())
    att = idx.attendance("a", "g")
    assert (att.source, att.attended, att.held, att.missed_recent) == ("register", 2, 3, 1)
    assert att.last_attended == "1998-02-10" and att.rate == pytest.approx(2 / 3)
    assert sorted(idx.participants("g")) == ["a", "b"]


def test_organisation_network() -> None:
    b = GraphBuilder()
    b.agency("A", sector="primary_care").agency("B", sector="social_care").agency("C")
    b.group("g")
    b.person("a1", employer="A").person("b1", employer="B").person("b2", employer="B")
    b.members("g", "a1", "b1", "b2")
    b.partners("A", "C", 3).funds("C", "A", 100.0).funds("C", "g", 50.0)
    b.liaison("b1", "C")
    got = {p: (d["weight"], d["layers"]) for p, d in edges(organisation_network(b.G)).items()}
    assert got == {
        ("A", "B"): (2, ["membership"]),  # two staff pairs a1-b1, a1-b2; b1-b2 is inside B
        ("A", "C"): (2, ["funds", "partnership"]),  # funding of a group is no tie
        ("B", "C"): (1, ["liaison"]),
    }


@pytest.mark.parametrize(("a", "b", "expected"), [
    (("practice", "primary_care"), ("area", "primary_care"), "vertical"),
    (("area", "social_care"), ("area", "secondary_care"), "horizontal"),
    (("area", "social_care"), ("area", "social_care"), "within"),
    ((None, "social_care"), ("area", "social_care"), "unknown"),
    (("area", None), ("area", "social_care"), "unknown"),
    (("area", None), ("region", None), "vertical"),
])
def test_tie_direction(a: tuple, b: tuple, expected: str) -> None:
    assert tie_direction(a[0], a[1], b[0], b[1]) == expected
    assert tie_direction(b[0], b[1], a[0], a[1]) == expected


def block_graph() -> nx.Graph:
    """n1, n2 (practice, primary); n3 (area, social); n4, n5 (area, secondary); n6 (none).
    Ties n1-n2 (within), n1-n3 and n2-n4 (vertical), n3-n4 and n3-n5 (horizontal)."""
    H = nx.Graph()
    for n, level, sector in (("n1", "practice", "primary_care"),
                             ("n2", "practice", "primary_care"),
                             ("n3", "area", "social_care"), ("n4", "area", "secondary_care"),
                             ("n5", "area", "secondary_care")):
        H.add_node(n, level=level, sector=sector)
    H.add_node("n6")
    H.add_edges_from([("n1", "n2"), ("n1", "n3"), ("n2", "n4"), ("n3", "n4"), ("n3", "n5")])
    return H


def test_tie_density_by_direction() -> None:
    got = tie_density_by_direction(block_graph())
    # 15 pairs in all: within 1 + 1, horizontal 1 x 2, vertical 2 x 3, unknown 5 (n6)
    assert got == {
        "horizontal": {"observed": 2, "possible": 2, "density": 1.0},
        "vertical": {"observed": 2, "possible": 6, "density": 2 / 6},
        "within": {"observed": 1, "possible": 2, "density": 0.5},
        "unknown": {"observed": 0, "possible": 5, "density": 0.0},
    }


def test_density_ignores_weights_parallel_edges_and_self_loops() -> None:
    M = nx.MultiGraph(block_graph())
    M.add_edge("n1", "n3", weight=9)
    M.add_edge("n1", "n1")
    assert tie_density_by_direction(M) == tie_density_by_direction(block_graph())


def test_integration_density_seed_001() -> None:
    got = integration_density(block_graph())
    # horizontal: secondary (2) x social (1) = 2 pairs, both tied
    assert got["horizontal"] == {"observed": 2, "possible": 2, "density": 1.0,
                                 "sectors": ["secondary_care", "social_care"], "n": [2, 1]}
    # vertical: primary (2) x secondary (2) = 4 pairs, n2-n4 tied
    assert got["vertical"] == {"observed": 1, "possible": 4, "density": 0.25,
                               "sectors": ["primary_care", "secondary_care"], "n": [2, 2]}
    assert got["ratio"] == 4.0
    assert integration_density(nx.Graph())["ratio"] is None


def test_sector_level_density_matrix() -> None:
    records = sector_level_density(block_graph())
    blocks = [("primary_care", "practice"), ("secondary_care", "area"),
              ("social_care", "area"), (None, None)]
    assert len(records) == 16
    assert [(r["sector_a"], r["level_a"]) for r in records[::4]] == blocks
    cell = {((r["sector_a"], r["level_a"]), (r["sector_b"], r["level_b"])):
            (r["observed"], r["possible"], r["density"]) for r in records}
    p, s, c, none = blocks
    assert cell[(p, p)] == (1, 1, 1.0)
    assert cell[(p, s)] == cell[(s, p)] == (1, 4, 0.25)
    assert cell[(p, c)] == (1, 2, 0.5)
    assert cell[(s, s)] == (0, 1, 0.0)
    assert cell[(s, c)] == (2, 2, 1.0)
    assert cell[(c, c)] == (0, 0, None)
    assert cell[(none, p)] == (0, 2, 0.0)
    json.dumps(records)


# ---------------------------------------------------------------------------
# Tie densities against simple pair-by-pair references, on random graphs
# ---------------------------------------------------------------------------


def _tied(network: nx.Graph, u: object, v: object) -> bool:
    return network.has_edge(u, v) or network.has_edge(v, u)


def _reference_tie_density(network: nx.Graph) -> dict:
    from itertools import combinations

    possible = dict.fromkeys(("horizontal", "vertical", "within", "unknown"), 0)
    observed = dict.fromkeys(possible, 0)
    nodes = network.nodes
    for u, v in combinations(network, 2):
        c = tie_direction(nodes[u].get("level"), nodes[u].get("sector"),
                          nodes[v].get("level"), nodes[v].get("sector"))
        possible[c] += 1
        observed[c] += int(_tied(network, u, v))
    return {c: {"observed": observed[c], "possible": possible[c],
                "density": observed[c] / possible[c] if possible[c] else None}
            for c in possible}


def _reference_between(network: nx.Graph, a: str, b: str) -> dict:
    from itertools import combinations

    sector = dict(network.nodes(data="sector"))
    n_a = sum(1 for s in sector.values() if s == a)
    n_b = sum(1 for s in sector.values() if s == b)
    observed = sum(1 for u, v in combinations(network, 2)
                   if {sector[u], sector[v]} == {a, b} and _tied(network, u, v))
    possible = n_a * n_b
    return {"observed": observed, "possible": possible,
            "density": observed / possible if possible else None, "sectors": [a, b],
            "n": [n_a, n_b]}


def _reference_integration(network: nx.Graph) -> dict:
    h = _reference_between(network, "secondary_care", "social_care")
    v = _reference_between(network, "primary_care", "secondary_care")
    ratio = h["density"] / v["density"] if h["density"] is not None and v["density"] else None
    return {"horizontal": h, "vertical": v, "ratio": ratio}


def _reference_sector_level(network: nx.Graph) -> list[dict]:
    from itertools import combinations

    from netan.graphdb.schema import LEVEL, SECTOR

    def order(values: tuple, value: object) -> tuple[int, str]:
        if value is None:
            return (len(values) + 1, "")
        return (values.index(value), "") if value in values else (len(values), str(value))

    block = {n: (d.get("sector"), d.get("level")) for n, d in network.nodes(data=True)}
    size: dict[tuple, int] = {}
    for key in block.values():
        size[key] = size.get(key, 0) + 1
    tied: dict[tuple, int] = {}
    for u, v in combinations(network, 2):
        if _tied(network, u, v):
            for cell in {(block[u], block[v]), (block[v], block[u])}:
                tied[cell] = tied.get(cell, 0) + 1
    keys = sorted(size, key=lambda k: (order(SECTOR.values, k[0]), order(LEVEL.values, k[1])))
    records = []
    for a in keys:
        for b in keys:
            possible = size[a] * (size[a] - 1) // 2 if a == b else size[a] * size[b]
            observed = tied.get((a, b), 0)
            records.append({"sector_a": a[0], "level_a": a[1], "sector_b": b[0],
                            "level_b": b[1], "n_a": size[a], "n_b": size[b],
                            "observed": observed, "possible": possible,
                            "density": observed / possible if possible else None})
    return records


def _assert_densities_match_reference(network: nx.Graph) -> None:
    # repr: same keys in the same order, same values, same record order
    assert repr(tie_density_by_direction(network)) == repr(_reference_tie_density(network))
    assert repr(integration_density(network)) == repr(_reference_integration(network))
    assert repr(sector_level_density(network)) == repr(_reference_sector_level(network))


def _random_network(seed: int, kind: type = nx.Graph, nodes: int = 30,
                    edges: int = 60, many_blocks: bool = False) -> nx.Graph:
    import random

    rng = random.Random(seed)
    levels = ["practice", "locality", "area", None, "mystery"]
    sectors = ["primary_care", "secondary_care", "social_care", "voluntary", None, "elsewhere"]
    network = kind()
    names = [i if i % 3 else f"n{i}" for i in range(nodes)]  # int and str node names
    for i, name in enumerate(names):
        attrs = {}
        if rng.random() < 0.9:
            attrs["level"] = rng.choice(levels)
        if rng.random() < 0.9:
            attrs["sector"] = f"s{i}" if many_blocks else rng.choice(sectors)
        network.add_node(name, **attrs)
    for _ in range(edges if nodes else 0):  # repeats, both directions and self-loops
        network.add_edge(rng.choice(names), rng.choice(names), weight=rng.random())
    return network


@pytest.mark.parametrize("kind", [nx.Graph, nx.MultiGraph, nx.DiGraph, nx.MultiDiGraph])
def test_densities_match_pairwise_reference_on_random_graphs(kind: type) -> None:
    for seed in range(25):
        nodes, edges = 5 + seed, 3 * seed
        _assert_densities_match_reference(_random_network(seed, kind, nodes, edges))
    # many (sector, level) blocks, few ties: the sparse counting path
    _assert_densities_match_reference(_random_network(99, kind, 60, 40, many_blocks=True))
    _assert_densities_match_reference(_random_network(7, kind, 0, 0))  # empty
    _assert_densities_match_reference(_random_network(8, kind, 6, 0))  # isolates only


def test_densities_follow_changes_to_the_network() -> None:
    network = _random_network(3, nodes=25, edges=50)
    _assert_densities_match_reference(network)
    untied = next((u, v) for u in network for v in network
                  if u != v and not network.has_edge(u, v))
    network.add_edge(*untied)
    _assert_densities_match_reference(network)
    network.remove_edge(*next(iter(network.edges())))
    _assert_densities_match_reference(network)
    network.add_node("newcomer", sector="social_care", level="area")
    network.add_edge("newcomer", untied[0])
    _assert_densities_match_reference(network)
    network.remove_node(untied[1])
    _assert_densities_match_reference(network)
    network.nodes[untied[0]]["sector"] = "secondary_care"  # an attribute edited in place
    _assert_densities_match_reference(network)
    view = nx.subgraph_view(network, filter_node=lambda n: n != "newcomer")
    _assert_densities_match_reference(view)
    network.add_edge(*next((u, v) for u in view for v in view
                           if u != v and not network.has_edge(u, v)))
    _assert_densities_match_reference(view)  # a view of a changed graph
    network.__networkx_cache__ = None  # networkx's cache switched off
    _assert_densities_match_reference(network)
