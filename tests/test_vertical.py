"""Analysis 2: weak vertical links, strategic routes and horizontal vs vertical density."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from graphs import GraphBuilder, vertical_graph

from netan.queries.vertical import (
    horizontal_vertical_density,
    link_status,
    strategic_routes,
    vertical_link_summary,
    vertical_links,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "wales-1998"


@pytest.fixture(scope="module")
def links() -> dict[str, dict]:
    return {r["unit"]: r for r in vertical_links(vertical_graph())}


def test_link_status() -> None:
    assert [link_status(n) for n in (0, 1, 2, 5)] == [
        "disconnected", "single_thread", "linked", "linked"]


def test_units_and_the_people_linking_them_up(links: dict[str, dict]) -> None:
    got = {u: (r["level"], r["next_level"], r["links"], r["status"], r["route_kinds"])
           for u, r in links.items()}
    assert got == {
        # gp1 sits on lg1 and on ag1: the area seat skips the locality level
        "p1": ("practice", "locality", ["gp1"], "single_thread",
               ["membership", "level_skipping"]),
        "p2": ("practice", "locality", ["gp2", "gp3"], "linked", ["membership"]),
        "p3": ("practice", "locality", [], "disconnected", []),  # gp4 only invited
        "p4": ("practice", "locality", ["gp5"], "single_thread", ["membership"]),
        # gp6 on an area group (skipping the locality level); gp7 liaises with c3, who
        # sits on the region group and works for the HA
        "p5": ("practice", "locality", ["c3", "gp6"], "linked",
               ["membership", "employment", "liaison", "level_skipping"]),
        "lg1": ("locality", "area", ["c1", "gp1"], "linked",
                ["membership", "employment", "level_skipping"]),
        "lg2": ("locality", "area", [], "disconnected", []),  # its GPs' other seat is lg1
        "lg3": ("locality", "area", ["c2"], "single_thread",
                ["membership", "employment", "level_skipping"]),
        "ag1": ("area", "region", ["c1"], "single_thread", ["membership", "employment"]),
        "ag2": ("area", "region", ["c2"], "single_thread", ["employment"]),  # c2 is HA staff
    }
    assert links["p2"]["reached"] == ["lg1", "lg2"] and links["lg1"]["reached"] == [
        "ag1", "ha", "rg"]
    assert links["p5"]["levels_reached"] == ["area", "region"]
    assert links["p5"]["routes"] == [
        "c3: membership, employment, liaison, level_skipping -> ha (region), rg (region)",
        "gp6: membership, level_skipping -> ag1 (area)"]
    assert links["p2"]["n_links"] == 2 and links["lg1"]["label"] == "Group"


def test_a_chair_links_her_practice_and_a_link_worker_links_his() -> None:
    b = GraphBuilder()
    b.agency("pr", level="practice").agency("pr2", level="practice")
    b.agency("cmht", sector="secondary_care", level="locality")
    b.group("lg", level="locality").group("ag", level="area").group("board", level="area")
    b.person("gp", role="gp", employer="pr").person("gp2", role="gp", employer="pr2")
    b.person("lw", role="link_worker", employer="cmht").person("m", employer="cmht")
    b.member("gp", "ag", "chair").member("m", "lg")
    b.liaison("lw", "gp2").liaison("m", "board")
    rows = {r["unit"]: r for r in vertical_links(b.G)}
    assert rows["pr"]["routes"] == ["gp: chair, level_skipping -> ag (area)"]
    assert rows["pr"]["status"] == "single_thread"
    assert rows["pr2"]["routes"] == ["lw: employment, liaison -> cmht (locality)"]
    # a person of the unit who liaises with a higher group links it up
    assert rows["lg"]["routes"] == ["m: liaison -> board (area)"]


def test_agency_units_are_reported_only_on_request() -> None:
    b = GraphBuilder()
    b.agency("cmht", sector="secondary_care", level="locality")
    b.agency("trust", sector="secondary_care", level="area")
    b.group("ag", level="area")
    b.person("cpn", employer="cmht").person("mgr", employer="trust")
    b.members("ag", "cpn", "mgr")
    assert vertical_links(b.G) == []  # no practice, no group below the top level
    rows = {r["unit"]: r for r in vertical_links(b.G, agency_units=True)}
    assert sorted(rows) == ["cmht"]
    assert rows["cmht"]["links"] == ["cpn"] and rows["cmht"]["reached"] == ["ag"]
    assert rows["cmht"]["label"] == "Agency"


def test_practice_links_straight_to_area_when_there_is_no_locality_level() -> None:
    b = GraphBuilder()
    b.agency("pr", level="practice", area="X").agency("pr2", level="practice", area="Y")
    b.group("agX", level="area", area="X").group("agY", level="area", area="Y")
    b.person("gp", role="gp", employer="pr").person("gp2", role="gp", employer="pr2")
    b.person("gp3", role="gp", employer="pr2")
    b.member("gp", "agX").member("gp2", "agX")  # gp2 sits on the other area's group
    b.member("gp3", "agY", "invited")  # an invitation not taken up is no route
    rows = {r["unit"]: r for r in vertical_links(b.G)}
    assert rows["pr"]["next_level"] == "area" and rows["pr"]["links"] == ["gp"]
    assert rows["pr"]["route_kinds"] == ["membership"]  # area is the next level: no skip
    assert rows["pr2"]["links"] == ["gp2"] and rows["pr2"]["status"] == "single_thread"


def test_summary_per_level_pair(links: dict[str, dict]) -> None:
    summary = vertical_link_summary(links.values())
    assert summary == [
        {"level": "practice", "next_level": "locality", "units": 5, "linked_units": 4,
         "coverage": 4 / 5, "mean_links": 6 / 5, "single_threads": 2, "disconnected": 1,
         "linked": 2},
        {"level": "locality", "next_level": "area", "units": 3, "linked_units": 2,
         "coverage": 2 / 3, "mean_links": 3 / 3, "single_threads": 1, "disconnected": 1,
         "linked": 1},
        {"level": "area", "next_level": "region", "units": 2, "linked_units": 2,
         "coverage": 2 / 2, "mean_links": 2 / 2, "single_threads": 2, "disconnected": 0,
         "linked": 0},
    ]


def test_node_disjoint_routes_to_the_strategic_level() -> None:
    rows = {r["practice"]: r for r in strategic_routes(vertical_graph())}
    assert {p: r["routes"] for p, r in rows.items()} == {
        "p1": 1, "p2": 1, "p3": 0, "p4": 1, "p5": 2}
    assert rows["p1"]["cut"] == ["gp1"]  # the only GP
    assert rows["p2"]["cut"] == ["lg1"]  # lg2 leads nowhere: both GPs depend on lg1
    assert rows["p3"]["cut"] == [] and rows["p3"]["status"] == "disconnected"
    assert len(rows["p4"]["cut"]) == 1 and rows["p4"]["cut"][0] in {"gp5", "lg3", "c2"}
    assert len(rows["p5"]["cut"]) == 2 and rows["p5"]["status"] == "linked"


def test_routes_at_region_level_and_structure_is_no_route() -> None:
    rows = {r["practice"]: r["routes"]
            for r in strategic_routes(vertical_graph(), strategic_level="region")}
    # p5: gp6 -> ag1 -> c1 -> ha/rg and gp7 -> c3 -> ha/rg: two disjoint routes
    assert rows == {"p1": 1, "p2": 1, "p3": 0, "p4": 1, "p5": 2}
    b = GraphBuilder()
    b.agency("pr", level="practice").agency("la", level="area")
    b.part_of("pr", "la")  # a practice lying in a council area is not a working link
    assert strategic_routes(b.G)[0]["routes"] == 0


def test_two_gps_on_one_group_are_one_route() -> None:
    b = GraphBuilder()
    b.agency("pr", level="practice").group("ag", level="area").group("ag2", level="area")
    b.person("gp1", employer="pr").person("gp2", employer="pr")
    b.members("ag", "gp1", "gp2")
    assert strategic_routes(b.G)[0]["routes"] == 1
    b.member("gp2", "ag2")
    assert strategic_routes(b.G)[0]["routes"] == 2


def test_strategic_level_must_be_above_practice() -> None:
    with pytest.raises(ValueError, match="strategic_level"):
        strategic_routes(vertical_graph(), strategic_level="practice")
    with pytest.raises(ValueError):
        strategic_routes(vertical_graph(), strategic_level="county")


def test_horizontal_vertical_density_side_by_side() -> None:
    # level reading on people: pr (practice, primary) x2 gps, trust (area, secondary) x1,
    # ssd (area, social) x1. Ties: gp1-cpn (vertical), cpn-sw (horizontal).
    b = GraphBuilder()
    b.agency("pr", sector="primary_care", level="practice")
    b.agency("trust", sector="secondary_care", level="area")
    b.agency("ssd", sector="social_care", level="area")
    b.person("gp1", employer="pr").person("gp2", employer="pr")
    b.person("cpn", employer="trust").person("sw", employer="ssd")
    b.liaison("gp1", "cpn").liaison("cpn", "sw")
    rows = {(r["network"], r["reading"]): r for r in horizontal_vertical_density(b.G)}
    level = rows[("person", "level")]
    # horizontal pairs: cpn-sw = 1 (tied); vertical pairs: 2 gps x 2 area people = 4, 1 tied
    assert (level["horizontal_observed"], level["horizontal_possible"]) == (1, 1)
    assert (level["vertical_observed"], level["vertical_possible"]) == (1, 4)
    assert level["horizontal_density"] == 1.0 and level["vertical_density"] == 0.25
    assert level["horizontal_ahead"] is True
    care = rows[("person", "care")]  # secondary-social 1/1 against primary-secondary 1/2
    assert (care["vertical_observed"], care["vertical_possible"]) == (1, 2)
    assert care["horizontal_density"] == 1.0 and care["horizontal_ahead"] is True
    org = rows[("organisation", "level")]  # pr-trust (vertical), trust-ssd (horizontal)
    assert (org["horizontal_observed"], org["horizontal_possible"]) == (1, 1)
    assert (org["vertical_observed"], org["vertical_possible"]) == (1, 2)
    json.dumps(list(rows.values()))


def test_outputs_are_plain_json() -> None:
    G = vertical_graph()
    rows = vertical_links(G)
    json.dumps([rows, vertical_link_summary(rows), strategic_routes(G),
                horizontal_vertical_density(G)])


# ---------------------------------------------------------------------------
# The bundled Wales 1998 example (Secker, Davies & Howell 2000)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wales() -> nx.MultiDiGraph:
    from netan.graphdb.graph_data import to_networkx
    from netan.importers import load_import

    return to_networkx(load_import(EXAMPLE).data)


def test_wales_vertical_links(wales: nx.MultiDiGraph) -> None:
    rows = vertical_links(wales)
    area = [r for r in rows if r["label"] == "Group" and r["level"] == "area"]
    assert len(area) == 20 and {r["next_level"] for r in area} == {"region"}
    assert len([r for r in rows if r["level"] == "locality"]) == 18
    # every area group has its HA commissioner: linked to the region through her employer
    assert all(r["n_links"] >= 1 and "employment" in r["route_kinds"] for r in area)
    summary = {(s["level"], s["next_level"]): s for s in vertical_link_summary(rows)}
    practices = summary[("practice", "locality")]
    assert practices["units"] == 23  # one practice per GP the paper counts
    assert practices["disconnected"] + practices["single_threads"] + practices["linked"] == 23
    # the only GP chair's practice is linked, by the chair route, skipping the locality level
    chair = next(r for r in rows if r["unit"] == "gp-llanwenlli-16")
    assert chair["links"] == ["p-110"] and chair["route_kinds"] == ["chair", "level_skipping"]
    routes = strategic_routes(wales)
    assert len(routes) == 23
    # the valleys GP's practice: he still attends (2 of 10) so he is a route
    by_gp_practice = {r["practice"]: r["routes"] for r in routes}
    assert max(by_gp_practice.values()) >= 1 and min(by_gp_practice.values()) == 0
    # Woods & McCollam's (2002) reading on the person network: horizontal ahead of vertical
    # (the report's permutation test says whether the difference holds up)
    density = horizontal_vertical_density(wales)
    by = {(r["network"], r["reading"]): r for r in density}
    assert len(density) == 4 and by[("person", "care")]["horizontal_ahead"] is True
    json.dumps([rows, routes, density])


@pytest.mark.parametrize("seed", range(6))
def test_disjoint_routes_agree_with_networkx(seed: int) -> None:
    from networkx.algorithms.connectivity import local_node_connectivity

    from netan.kernels.flows import DisjointRoutes

    H = nx.gnp_random_graph(40, 0.08, seed=seed)
    H.add_edges_from((n, "T") for n in range(30, 40))
    for s in range(0, 30, 3):
        if H.has_edge(s, "T"):
            continue
        routes, cut = DisjointRoutes(H, H.edges(), "T").routes(s)
        assert routes == local_node_connectivity(H, s, "T")
        assert len(cut) == routes
        if routes:  # removing the cut separates the practice from the sink
            K = H.copy()
            K.remove_nodes_from(cut)
            assert not nx.has_path(K, s, "T")


# ---------------------------------------------------------------------------
# The fast paths against simple reference implementations, on random graphs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_disjoint_routes_and_nearest_cut_agree_with_networkx_flow(seed: int) -> None:
    import random

    from netan.kernels.flows import DisjointRoutes
    from netan.queries.vertical import disjoint_routes

    rnd = random.Random(seed)
    n = rnd.randrange(10, 60)
    H = nx.gnp_random_graph(n, rnd.choice([0.03, 0.06, 0.1, 0.2]), seed=seed)
    H.add_edges_from((k, "T") for k in rnd.sample(range(n), rnd.randrange(1, n // 3)))
    H.add_edge(0, 0)  # self-loops carry no route
    for s in range(n):
        if H.has_edge(s, "T"):
            continue
        routes, cut = DisjointRoutes(H, H.edges(), "T").routes(s)
        assert (routes, set(cut)) == disjoint_routes(H, s, "T")
        assert len(cut) == routes


def _random_partnership(seed: int) -> nx.MultiDiGraph:
    """Practices, agencies and groups at random levels and areas, PART_OF at random
    (cycles included), people employed, co-located, members (some invited),
    attending by aggregate or register, liaising."""
    import random

    rnd = random.Random(seed)
    levels = [None, "practice", "locality", "area", "region", "national"]
    areas = [None, "A", "B"]
    b = GraphBuilder()
    agencies = [f"a{i}" for i in range(rnd.randrange(3, 15))]
    groups = [f"g{i}" for i in range(rnd.randrange(1, 10))]
    people = [f"p{i}" for i in range(rnd.randrange(3, 40))]
    for a in agencies:
        b.agency(a, level=rnd.choice(levels), area=rnd.choice(areas),
                 kind=rnd.choice([None, "gp_practice"]))
    for g in groups:
        b.group(g, level=rnd.choice(levels), area=rnd.choice(areas))
    for _ in range(rnd.randrange(0, 12)):
        b.part_of(rnd.choice(agencies + groups), rnd.choice(agencies + groups))
    for p in people:
        b.person(p, employer=rnd.choice(agencies + [None]))
        if rnd.random() < 0.2:
            b.colocate(p, rnd.choice(agencies))
        for g in rnd.sample(groups, rnd.randrange(0, min(3, len(groups)) + 1)):
            b.member(p, g, rnd.choice(["member", "member", "invited", None]))
        if rnd.random() < 0.2:
            b.liaison(p, rnd.choice(people + agencies + groups))
    for g in rnd.sample(groups, len(groups) // 3):
        if rnd.random() < 0.5:
            b.register(g, ["1998-01-01", "1998-02-01"],
                       {p: rnd.choice(["PA", "AA", "-P", "S-"]) for p in rnd.sample(people, 3)})
        else:
            b.attends(rnd.choice(people), g, rnd.randrange(0, 3), 2)
    return b.G


def _vertical_links_reference(G: nx.MultiDiGraph, agency_units: bool) -> list[tuple]:
    """vertical_links as its docstring reads, one unit and one person at a time."""
    from netan.graphdb.schema import LEVEL
    from netan.queries.participation import index_graph
    from netan.queries.vertical import _node_level, _unit_people, _units

    idx = index_graph(G)
    units = _units(idx)
    rank = {u: LEVEL.values.index(lv) for u, lv in units.items()}
    present = sorted(set(units.values()), key=LEVEL.values.index)

    def connected(person: str, unit: str) -> bool:
        mine = _unit_people(idx, unit)
        if person in mine:
            return True
        for src, dst, _ in idx.liaisons:
            if src == person and dst == unit:
                return True
            if {src, dst} & {person} and ({src, dst} - {person}) & mine:
                return True
            if src in mine and dst in idx.agencies and person in (
                    idx.staff.get(dst, set()) | idx.colocated.get(dst, set())):
                return True
            if src == person and dst in idx.agencies and mine & (
                    idx.staff.get(dst, set()) | idx.colocated.get(dst, set())):
                return True
        for site, visitors in idx.colocated.items():
            everyone = visitors | idx.staff.get(site, set())
            if (person in visitors and mine & everyone - {person}) or (
                    person in everyone and mine & visitors - {person}):
                return True
        return False

    def holds(person: str, upper: str) -> bool:
        if person in _unit_people(idx, upper):
            return True
        return any(src == person and dst == upper for src, dst, _ in idx.liaisons)

    rows = []
    for level, up in zip(present, present[1:], strict=False):
        for unit in sorted(u for u, lv in units.items() if lv == level):
            if not agency_units and unit in idx.agencies and not idx.is_practice(unit):
                continue
            higher = [u for u in units if rank[u] > rank[unit]]
            links, reached = set(), set()
            for person in idx.people:
                hits = {u for u in higher if holds(person, u)}
                if hits and connected(person, unit):
                    links.add(person)
                    reached |= hits
            assert all(_node_level(idx, u) in present for u in reached)
            rows.append((unit, level, up, sorted(links), sorted(reached)))
    return rows


@pytest.mark.parametrize("seed", range(40))
def test_vertical_links_agree_with_a_unit_by_unit_reference(seed: int) -> None:
    G = _random_partnership(seed)
    for agency_units in (False, True):
        got = [(r["unit"], r["level"], r["next_level"], r["links"], r["reached"])
               for r in vertical_links(G, agency_units=agency_units)]
        assert got == _vertical_links_reference(G, agency_units)


@pytest.mark.parametrize("seed", range(40))
def test_strategic_routes_agree_with_networkx_flow(seed: int) -> None:
    from netan.graphdb.schema import LEVEL
    from netan.queries.participation import index_graph
    from netan.queries.vertical import _route_edges, disjoint_routes

    G = _random_partnership(seed)
    idx = index_graph(G)
    H = nx.Graph(list(_route_edges(idx)))
    order = list(LEVEL.values)
    for level in ("locality", "area", "region"):
        strategic = [n for n in {**idx.agencies, **idx.groups}
                     if G.nodes[n].get("level") in order and not idx.is_practice(n)
                     and order.index(G.nodes[n]["level"]) >= order.index(level)]
        K = H.copy()
        K.add_edges_from((n, "T") for n in strategic)
        for row in strategic_routes(G, strategic_level=level):
            expected = ((0, set()) if row["practice"] not in K
                        else disjoint_routes(K, row["practice"], "T"))
            assert (row["routes"], set(row["cut"])) == expected
            assert row["cut"] == sorted(row["cut"])
