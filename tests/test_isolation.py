"""Analysis 1: isolated GPs and unlinked practices, on hand-worked graphs and the Wales example."""

from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
import pytest
from graphs import DATES5, GraphBuilder, isolation_graph

from netan.queries import isolation
from netan.queries.isolation import (
    _SINK,
    REASONS,
    _cross_sector_graph,
    _read_ties,
    _separators,
    _separators_fast,
    isolated_gps,
    unlinked_practices,
)
from netan.queries.participation import index_graph

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "wales-1998"


@pytest.fixture(scope="module")
def rows() -> dict[str, dict]:
    return {r["id"]: r for r in isolated_gps(isolation_graph())}


def test_each_gp_gets_the_hand_worked_reasons(rows: dict[str, dict]) -> None:
    assert {gp: r["reasons"] for gp, r in rows.items()} == {
        "gp-alone": ["unconnected"],
        "gp-invited": ["invited_not_attending"],
        "gp-lapsed": ["invited_not_attending"],
        "gp-low": ["invited_not_attending"],
        "gp-single": ["single_sector", "broker_dependent"],
        "gp-two": ["single_sector"],
    }
    # gp-ok (ties to a CPN) and gp-linked (liaises with a social worker) are not listed
    assert "gp-ok" not in rows and "gp-linked" not in rows
    assert REASONS == ("unconnected", "invited_not_attending", "single_sector",
                       "broker_dependent")


def test_invited_gp_who_never_came_trips_all_three_triggers(rows: dict[str, dict]) -> None:
    (rec,) = rows["gp-invited"]["attendance"]
    assert rec["group"] == "g-area" and rec["membership_role"] == "invited"
    assert (rec["attended"], rec["held"], rec["rate"], rec["missed_recent"]) == (0, 5, 0.0, 5)
    assert rec["triggers"] == ["low_rate", "missed_recent", "invited_no_attendance"]
    assert rec["last_attended"] is None
    assert "invited to g-area" in rows["gp-invited"]["why"]


def test_missed_last_meetings_flags_a_gp_with_a_fair_rate(rows: dict[str, dict]) -> None:
    # register PPSAA: rate 2/5 = 0.4 is above 0.25, but the last 3 were missed
    (rec,) = rows["gp-lapsed"]["attendance"]
    assert (rec["attended"], rec["held"], rec["rate"], rec["missed_recent"]) == (2, 5, 0.4, 3)
    assert rec["triggers"] == ["missed_recent"]
    assert rec["last_attended"] == "1998-02-10"
    assert "missed the last 3 meetings" in rows["gp-lapsed"]["why"]


def test_aggregate_rate_below_threshold(rows: dict[str, dict]) -> None:
    (rec,) = rows["gp-low"]["attendance"]
    assert rec["source"] == "aggregate" and rec["triggers"] == ["low_rate"]
    assert (rec["attended"], rec["held"], rec["rate"], rec["missed_recent"]) == (1, 5, 0.2, None)
    assert "attended 1 of 5 meetings of g-loc (20%, below 25%)" in rows["gp-low"]["why"]


def test_thresholds_are_parameters() -> None:
    G = isolation_graph()
    loose = {r["id"]: r["reasons"] for r in isolated_gps(G, attendance_threshold=0.1,
                                                         missed_meetings=4)}
    # gp-low (0.2) and gp-lapsed (missed 3 < 4) drop out; gp-invited still never came
    assert "gp-low" not in loose and "gp-lapsed" not in loose
    assert loose["gp-invited"] == ["invited_not_attending"]
    strict = {r["id"] for r in isolated_gps(G, attendance_threshold=0.5, missed_meetings=3)}
    assert {"gp-low", "gp-lapsed", "gp-invited"} <= strict


def test_single_sector_and_broker(rows: dict[str, dict]) -> None:
    single = rows["gp-single"]
    assert single["ties"] == 1 and single["tie_sectors"] == ["primary_care"]
    assert single["broker"] == "gp-ok" and single["brokers"] == ["gp-ok"]
    assert "only through gp-ok" in single["why"]
    two = rows["gp-two"]  # two disjoint ways out (pm -> sw, gp-ok -> cpn): no broker
    assert two["ties"] == 2 and two["broker"] is None and two["brokers"] == []


def test_broker_chain_lists_every_single_point_of_failure() -> None:
    # gp - pm - nurse - sw: both pm and nurse cut the GP off; the crossing is the nurse
    b = GraphBuilder()
    b.person("gp", role="gp", sector="primary_care")
    b.person("pm", role="practice_manager", sector="primary_care")
    b.person("nurse", role="practice_nurse", sector="primary_care")
    b.person("sw", role="social_worker", sector="social_care")
    b.person("sw2", role="social_worker", sector="social_care")
    b.liaison("gp", "pm").liaison("pm", "nurse").liaison("nurse", "sw").liaison("nurse", "sw2")
    (row,) = isolated_gps(b.G)
    assert row["reasons"] == ["single_sector", "broker_dependent"]
    assert row["brokers"] == ["pm", "nurse"] and row["broker"] == "nurse"


def test_gp_with_no_way_out_is_single_sector_but_not_broker_dependent() -> None:
    b = GraphBuilder()
    b.person("gp1", role="gp", sector="primary_care")
    b.person("gp2", role="gp", sector="primary_care")
    b.person("sw", role="social_worker", sector="social_care")
    b.liaison("gp1", "gp2")
    rows = {r["id"]: r["reasons"] for r in isolated_gps(b.G)}
    assert rows == {"gp1": ["single_sector"], "gp2": ["single_sector"]}


def test_tie_of_unknown_sector_is_neither_inside_nor_across() -> None:
    b = GraphBuilder()
    b.person("gp", role="gp", sector="primary_care")
    b.person("x", role="other")  # no sector, no employer
    b.person("sw", role="social_worker", sector="social_care")
    b.liaison("gp", "x").liaison("x", "sw")
    (row,) = isolated_gps(b.G)
    assert row["reasons"] == ["broker_dependent"] and row["broker"] == "x"
    assert row["tie_sectors"] == ["unknown"]


def test_non_invited_member_without_attendance_data_is_not_flagged() -> None:
    b = GraphBuilder().group("g")
    b.person("gp", role="gp", sector="primary_care").person("sw", sector="social_care")
    b.members("g", "gp", "sw")
    assert isolated_gps(b.G) == []


def test_missed_rule_needs_enough_meetings() -> None:
    # 2 meetings held, both missed: not "missed the last 3"; the rate 0/2 still flags
    b = GraphBuilder().group("g")
    b.person("gp", role="gp", sector="primary_care").person("sw", sector="social_care")
    b.members("g", "gp", "sw").register("g", DATES5[:2], {"gp": "AA", "sw": "PP"})
    # threshold 0: a rate of 0 is not below it, and 2 meetings < 3: nothing flags him;
    # a membership is not "unconnected", and a member who never came has no tie
    assert isolated_gps(b.G, attendance_threshold=0.0) == []
    (row,) = isolated_gps(b.G)
    assert row["reasons"] == ["invited_not_attending"] and row["ties"] == 0
    assert row["attendance"][0]["triggers"] == ["low_rate"]


def test_unlinked_practices() -> None:
    rows = {r["id"]: r for r in unlinked_practices(isolation_graph())}
    assert sorted(rows) == ["pr-a", "pr-b", "pr-h"]
    assert rows["pr-a"]["gps"] == ["gp-alone"] and rows["pr-a"]["gp_groups"] == []
    assert rows["pr-b"]["gps"] == ["gp-invited"] and rows["pr-b"]["gp_groups"] == ["g-area"]
    assert rows["pr-h"]["gps"] == [] and "no GP is recorded" in rows["pr-h"]["why"]


def test_practice_linked_by_liaison_from_its_gp_to_another_sector_agency() -> None:
    b = GraphBuilder()
    b.agency("pr", sector="primary_care", level="practice")
    b.agency("ssd", sector="social_care", level="area")
    b.agency("pr2", sector="primary_care", level="practice")
    b.person("gp", role="gp", employer="pr").person("gp2", role="gp", employer="pr2")
    b.liaison("gp", "ssd").liaison("gp2", "pr")  # same-sector liaison is no link
    assert [r["id"] for r in unlinked_practices(b.G)] == ["pr2"]


def test_outputs_are_plain_json() -> None:
    G = isolation_graph()
    text = json.dumps([isolated_gps(G), unlinked_practices(G)])
    assert json.loads(text)[0][0]["id"] == "gp-alone"


# ---------------------------------------------------------------------------
# The bundled Wales 1998 example (Secker, Davies & Howell 2000)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wales() -> nx.MultiDiGraph:
    from netan.graphdb.graph_data import to_networkx
    from netan.importers import load_import

    return to_networkx(load_import(EXAMPLE).data)


def test_wales_nine_of_twenty_area_groups_have_a_gp_taking_part(wales: nx.MultiDiGraph) -> None:
    idx = index_graph(wales)
    area = [g for g, d in idx.groups.items() if d.get("level") == "area"]
    assert len(area) == 20
    with_gp = [g for g in area
               if any(idx.people[p].get("role") == "gp" for p in idx.participants(g))]
    assert len(with_gp) == 9
    gp_members = [g for g in area if any(
        idx.people[p].get("role") == "gp" and role not in ("invited", None)
        for p, role in idx.members[g].items())]
    assert sorted(gp_members) == sorted(with_gp)


def test_wales_invited_gps_and_the_valleys_gp_are_flagged(wales: nx.MultiDiGraph) -> None:
    rows = isolated_gps(wales)
    flagged = [(r["id"], rec) for r in rows if "invited_not_attending" in r["reasons"]
               for rec in r["attendance"]]
    assert len(flagged) == 9
    invited = [rec for _, rec in flagged if rec["membership_role"] == "invited"]
    assert len(invited) == 8 and len({rec["group"] for rec in invited}) == 8
    assert all(rec["attended"] == 0 and "invited_no_attendance" in rec["triggers"]
               for rec in invited)
    (valleys,) = [rec for gp, rec in flagged if gp == "p-130"]
    assert valleys["group"] == "grp-cwm-garwen-mh-planning"
    assert (valleys["attended"], valleys["held"], valleys["missed_recent"]) == (2, 10, 8)
    assert valleys["triggers"] == ["low_rate", "missed_recent"]
    assert valleys["last_attended"] == "1998-01-14"
    json.dumps(rows)


def test_wales_unlinked_practices_are_those_of_the_invited_gps(wales: nx.MultiDiGraph) -> None:
    invited = {r["id"] for r in isolated_gps(wales)
               if any(rec["membership_role"] == "invited" for rec in r["attendance"])}
    practices = unlinked_practices(wales)
    assert len(practices) == 8
    assert {gp for p in practices for gp in p["gps"]} == invited


# ---------------------------------------------------------------------------
# The fast separator search against simple references, on random graphs
# ---------------------------------------------------------------------------

SECTORS = ("primary_care", "primary_care", "social_care", "secondary_care", None)


def _random_people(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    n = rng.randint(1, 30)
    P = nx.gnp_random_graph(n, rng.uniform(0.0, 3.0) / n, seed=seed)  # sparse: many cut nodes
    P = nx.relabel_nodes(P, {i: f"p{i:02d}" for i in P})
    for node in P:
        sector = rng.choice(SECTORS)
        if sector is not None or rng.random() < 0.5:
            P.nodes[node]["sector"] = sector
    return P


def _brute_force_separators(P: nx.Graph, home: str) -> dict[str, list[str]]:
    """Remove each node in turn and see who loses every way out (the definition)."""
    other = {n for n, s in P.nodes(data="sector") if s is not None and s != home}
    sink = "__sink__"
    H = P.subgraph(n for n in P if n not in other).copy()
    H.add_node(sink)
    H.add_edges_from((n, sink) for n in H if n != sink and any(m in other for m in P[n]))
    found = {}
    for v in H:
        if v == sink or not nx.has_path(H, v, sink):
            continue
        distance = nx.single_source_shortest_path_length(H, v)
        cuts = [u for u in H if u not in (v, sink)
                and not nx.has_path(H.subgraph(n for n in H if n != u), v, sink)]
        found[v] = sorted(cuts, key=distance.__getitem__)
    return found


@pytest.mark.parametrize("seed", range(150))
def test_fast_separators_match_brute_force_and_block_cut_tree(seed: int) -> None:
    P = _random_people(seed)
    for home in ("primary_care", "social_care"):
        expected = _brute_force_separators(P, home)
        fast = _separators_fast(_read_ties(P, {home}, set()), home, sorted(P))
        assert fast == expected
        assert _separators(_cross_sector_graph(P, home), _SINK, sorted(P)) == expected


def _random_partnership(seed: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    b = GraphBuilder()
    b.agency("pr", sector="primary_care", level="practice")
    b.agency("ss", sector="social_care", level="area")
    b.group("g").group("h")
    people = [f"p{i:02d}" for i in range(rng.randint(2, 25))]
    for person in people:
        role = rng.choice(("gp", "gp", "practice_nurse", "social_worker", "cpn", None))
        sector = rng.choice(("primary_care", "primary_care", "social_care",
                             "secondary_care", None, None))
        b.person(person, role=role, sector=sector,
                 employer=rng.choice(("pr", "ss", None, None)))
    for _ in range(rng.randint(0, 2 * len(people))):
        a, c = rng.sample(people, 2)
        b.liaison(a, c)
    for group in ("g", "h"):
        chosen = rng.sample(people, rng.randint(0, min(4, len(people))))
        b.members(group, *chosen)
        if chosen and rng.random() < 0.5:
            b.register(group, DATES5, {p: "".join(rng.choice("PAS-") for _ in DATES5)
                                       for p in chosen})
    return b.G


@pytest.mark.parametrize("seed", range(60))
def test_isolated_gps_fast_path_matches_the_networkx_path(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    G = _random_partnership(seed)
    fast = isolated_gps(G)
    monkeypatch.setattr(isolation, "_read_ties", lambda *args: None)
    assert fast == isolated_gps(G)


def test_random_partnerships_do_have_brokers() -> None:
    # the comparison above is only worth something if the broker path is exercised
    reasons = [r for seed in range(60) for row in isolated_gps(_random_partnership(seed))
               for r in row["reasons"]]
    assert reasons.count("broker_dependent") >= 5 and reasons.count("single_sector") >= 5


def test_a_search_that_is_not_depth_first_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from scipy.sparse.csgraph import breadth_first_order

    from netan.kernels import cutpoints

    P = nx.relabel_nodes(nx.cycle_graph(6), str)
    nx.set_node_attributes(P, "primary_care", "sector")
    P.nodes["0"]["sector"] = "social_care"
    ties = _read_ties(P, {"primary_care"}, set())
    assert _separators_fast(ties, "primary_care", list(P)) == {str(i): [] for i in range(1, 6)}
    monkeypatch.setattr(cutpoints, "depth_first_order", breadth_first_order)
    assert _separators_fast(ties, "primary_care", list(P)) is None
    G = _random_partnership(3)
    expected = isolated_gps(G)
    monkeypatch.setattr(isolation, "_read_ties", lambda *args: None)
    assert isolated_gps(G) == expected


def test_cutoff_grid_gives_the_rows_of_one_call_per_pair() -> None:
    cutoffs = [(0.1, 2), (0.25, 3), (0.5, 6), (0.0, 0)]
    for seed in range(8):
        G = _random_partnership(seed)
        grid = isolation.isolated_gps_by_cutoffs(G, cutoffs)
        assert grid == [isolated_gps(G, t, n) for t, n in cutoffs]
