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
