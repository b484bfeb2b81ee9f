"""The kernels under the derived networks give exactly what the definitions give.

``person_network`` takes the group ties as arrays (``networks._group_pairs``, through
:func:`netan.kernels.pairs.shared_columns`), sums them per pair
(:func:`netan.kernels.pairs.ties_summed`) and writes them straight into the adjacency
(:func:`netan.kernels.nxgraph.add_ties`); here the result is compared, edge by edge and
in order, with the definition :func:`netan.queries.networks.group_ties` added one tie
at a time through ``networks._add_tie``, and with plain loops over the whole rule.
"""

from __future__ import annotations

import networkx as nx
import pytest
from graphs import isolation_graph, synthetic_graph, vertical_graph

from netan.kernels.nxgraph import add_ties, graph_size
from netan.kernels.pairs import ties_summed
from netan.kernels.records import TieRecords
from netan.queries import networks
from netan.queries.networks import (
    LAYER_ATTENDANCE,
    LAYER_MEMBERSHIP,
    _add_tie,
    group_ties,
    person_network,
)
from netan.queries.participation import index_graph

LAYERS = (LAYER_ATTENDANCE, LAYER_MEMBERSHIP)


def group_ties_by_loop(G: nx.MultiDiGraph, weighting: str) -> list[tuple]:
    """The group ties of the person network, by the plain loop, in insertion order."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G))  # the same node order as the fast path, as person_network does
    records = TieRecords()
    for _, a, b, weight, layer in group_ties(index_graph(G), weighting):
        _add_tie(H, a, b, weight, layer, records)
    return [(u, v, d["weight"], d["layer_weights"]) for u, v, d in H.edges(data=True)]


def group_ties_fast(G: nx.MultiDiGraph, weighting: str) -> list[tuple]:
    pairs = networks._group_pairs(index_graph(G), weighting)
    H = nx.Graph()
    H.add_nodes_from(sorted(G))
    add_ties(H, ((pairs.names[a], pairs.names[b], d) for a, b, d in ties_summed(
        pairs.a, pairs.b, pairs.weight, pairs.layer, len(pairs.names), LAYERS)))
    return [(u, v, d["weight"], d["layer_weights"]) for u, v, d in H.edges(data=True)]


@pytest.mark.parametrize("weighting", ["attendance", "membership"])
@pytest.mark.parametrize("make", [isolation_graph, vertical_graph,
                                  lambda: synthetic_graph(60, seed=3)])
def test_group_ties_match_the_loop(make, weighting) -> None:
    G = make()
    fast = group_ties_fast(G, weighting)
    slow = group_ties_by_loop(G, weighting)
    assert fast
    assert fast == slow
    # the same edges in the same adjacency order, not just the same set
    fast_graph, slow_graph = nx.Graph(), nx.Graph()
    fast_graph.add_edges_from((u, v) for u, v, *_ in fast)
    slow_graph.add_edges_from((u, v) for u, v, *_ in slow)
    assert all(list(fast_graph[n]) == list(slow_graph[n]) for n in slow_graph)


def test_aggregate_ties_hand_worked() -> None:
    import numpy as np

    # pair (0, 1): membership 1, then attendance 3 and 2 -> weight 6, membership first
    # pair (0, 2): attendance 4 -> weight 4; pair (1, 2) first seen after (0, 2)
    a = np.array([0, 0, 0, 0, 1, 0])
    b = np.array([1, 2, 1, 1, 2, 2])
    w = np.array([1, 4, 3, 2, 5, 1])
    layer = np.array([1, 0, 0, 0, 1, 0], dtype=np.int8)
    rows = list(ties_summed(a, b, w, layer, 3, LAYERS))
    assert [(u, v) for u, v, _ in rows] == [(0, 1), (0, 2), (1, 2)]
    assert rows[0][2] == {"weight": 6, "layer_weights": {LAYER_MEMBERSHIP: 1,
                                                         LAYER_ATTENDANCE: 5},
                          "layers": sorted([LAYER_MEMBERSHIP, LAYER_ATTENDANCE])}
    assert list(rows[0][2]["layer_weights"]) == [LAYER_MEMBERSHIP, LAYER_ATTENDANCE]
    assert rows[1][2]["weight"] == 5 and rows[1][2]["layer_weights"] == {LAYER_ATTENDANCE: 5}
    assert rows[2][2] == {"weight": 5, "layer_weights": {LAYER_MEMBERSHIP: 5},
                          "layers": [LAYER_MEMBERSHIP]}
    assert all(isinstance(d["weight"], int) for _, _, d in rows)


def test_person_network_layers_are_finished_everywhere() -> None:
    P = person_network(synthetic_graph(40, seed=5))
    assert P.number_of_edges() > 0
    for _, _, d in P.edges(data=True):
        assert d["layers"] == sorted(d["layer_weights"])
        assert d["weight"] == sum(d["layer_weights"].values())


# ---------------------------------------------------------------------------
# Randomised: the vectorised index and networks against plain loops
# ---------------------------------------------------------------------------

def random_partnership(seed: int) -> nx.MultiDiGraph:
    """A small random graph with every case the fast paths treat apart: groups with and
    without registers, undated meetings, repeated register lines and memberships,
    ATTENDS rows with counts or only rates, invited members, people with two or no
    employers, liaison with people / agencies / groups, co-location, partnership, funds."""
    import random

    from graphs import GraphBuilder

    from netan.graphdb.schema import ATTENDED, HELD_BY, MEETING

    rnd = random.Random(seed)
    b = GraphBuilder()
    agencies = [f"ag{k}" for k in range(rnd.randint(2, 6))]
    for agency in agencies:
        b.agency(agency, sector=rnd.choice(["primary_care", "social_care", None]))
    people = [f"p{k:02d}" for k in range(rnd.randint(4, 16))]
    for person in people:
        b.person(person, employer=rnd.choice(agencies + [None]))
        if rnd.random() < 0.2:
            b.edge(person, rnd.choice(agencies), "EMPLOYED_BY")
    groups = [f"g{k}" for k in range(rnd.randint(1, 5))]
    for group in groups:
        b.group(group)
        for person in rnd.sample(people, rnd.randint(0, len(people))):
            b.member(person, group, rnd.choice(["member", "invited", "chair", None]))
            if rnd.random() < 0.1:
                b.member(person, group, rnd.choice(["member", "invited"]))
        if rnd.random() < 0.5:  # a register, some meetings undated
            for m in range(rnd.randint(1, 5)):
                meeting = f"{group}@{m}"
                date = rnd.choice([f"1998-0{rnd.randint(1, 9)}-01", None])
                b.G.add_node(meeting, label=MEETING, id=meeting,
                             **({"date": date} if date else {}))
                b.edge(meeting, group, HELD_BY)
                for person in rnd.sample(people, rnd.randint(0, len(people))):
                    for _ in range(rnd.choice([1, 1, 2])):
                        b.edge(person, meeting, ATTENDED,
                               status=rnd.choice(["present", "present", "absent",
                                                  "apologies", None]))
        for person in rnd.sample(people, rnd.randint(0, len(people) // 2)):
            held = rnd.choice([None, 4, 6])
            attended = rnd.choice([None, 0, 1, 3])
            rate = rnd.choice([None, 0.0, 0.5]) if attended is None else None
            b.attends(person, group, attended, held, rate)
    for person in rnd.sample(people, len(people) // 2):
        target = rnd.choice(people + agencies + groups)
        b.liaison(person, target, frequency=rnd.choice([None, 0, 2, 0.5]))
    for person in rnd.sample(people, len(people) // 4):
        b.colocate(person, rnd.choice(agencies))
    for _ in range(len(agencies)):
        b.partners(*rnd.sample(agencies, 2))
        b.funds(rnd.choice(agencies), rnd.choice(agencies + groups), 10.0)
    return b.G


def attendance_by_loop(idx, person: str, group: str):
    """The register reading of :meth:`GraphIndex.attendance`, meeting by meeting."""
    from netan.queries.participation import DATE, PRESENT, Attendance, as_text

    meetings = idx.meetings.get(group)
    if not meetings:
        return idx.attendance(person, group)  # ATTENDS rows: not a fast path
    present = [m for m in meetings if idx.register[m].get(person) == PRESENT]
    missed = 0
    for m in reversed(meetings):
        if idx.register[m].get(person) == PRESENT:
            break
        missed += 1
    dates = [d for m in present if (d := as_text(idx.meetings_info[m].get(DATE)))]
    return Attendance("register", len(present), len(meetings), len(present) / len(meetings),
                      max(dates, default=None), missed)


def participants_by_loop(idx, group: str, weighting: str) -> dict:
    from netan.queries.participation import INVITED, NOT_MEMBER

    found = {}
    for person in sorted(idx.people_of_group.get(group, ())):
        att = attendance_by_loop(idx, person, group)
        role = idx.members.get(group, {}).get(person, NOT_MEMBER)
        member = role is not NOT_MEMBER and role != INVITED
        if weighting != "membership" and att.source is not None and att.attends is not None:
            member = att.attends
        if member:
            found[person] = att
    return found


def add_tie_by_loop(H: nx.Graph, u, v, weight, layer) -> None:
    if u == v:
        return
    if H.has_edge(u, v):
        H[u][v]["weight"] += weight
        H[u][v]["layer_weights"][layer] = H[u][v]["layer_weights"].get(layer, 0) + weight
    else:
        H.add_edge(u, v, weight=weight, layer_weights={layer: weight})


def group_rows_by_loop(idx, weighting: str):
    from itertools import combinations

    for group in idx.all_groups():
        parts = participants_by_loop(idx, group, weighting)
        for a, b in combinations(sorted(parts), 2):
            if weighting == "membership":
                yield a, b, 1, LAYER_MEMBERSHIP
            elif idx.meetings.get(group):
                both = sum(idx.register[m].get(a) == idx.register[m].get(b) == "present"
                           for m in idx.meetings[group])
                if both:
                    yield a, b, both, LAYER_ATTENDANCE
            elif parts[a].source and parts[b].source:
                counts = (parts[a].attended, parts[b].attended)
                yield a, b, (min(counts) if None not in counts else 1), LAYER_ATTENDANCE
            else:
                yield a, b, 1, LAYER_MEMBERSHIP


def finish(H: nx.Graph) -> nx.Graph:
    for _, _, d in H.edges(data=True):
        d["layers"] = sorted(d["layer_weights"])
    return H


def person_network_by_loop(G: nx.MultiDiGraph, weighting: str) -> nx.Graph:
    from netan.queries.networks import LAYER_COLOCATION, LAYER_LIAISON, _frequency

    idx = index_graph(G)
    H = nx.Graph()
    for person, data in idx.people.items():
        H.add_node(person, **data, agency=idx.employer(person),
                   level=idx.person_level(person), sector=idx.sector(person))
    for a, b, w, layer in group_rows_by_loop(idx, weighting):
        add_tie_by_loop(H, a, b, w, layer)
    for person, target, data in idx.liaisons:
        if target in idx.people:
            others = [target]
        elif target in idx.agencies:
            others = sorted(idx.staff.get(target, set()) | idx.colocated.get(target, set()))
        else:
            others = sorted(participants_by_loop(idx, target, weighting))
        for other in others:
            add_tie_by_loop(H, person, other, _frequency(data), "liaison")
    for agency, visitors in idx.colocated.items():
        site = visitors | idx.staff.get(agency, set())
        for a, b in sorted({tuple(sorted((v, o))) for v in visitors for o in site if o != v}):
            add_tie_by_loop(H, a, b, 1, LAYER_COLOCATION)
    assert LAYER_LIAISON == "liaison"
    return finish(H)


def organisation_network_by_loop(G: nx.MultiDiGraph) -> nx.Graph:
    from netan.queries.networks import LAYER_FUNDS, LAYER_PARTNERSHIP

    idx = index_graph(G)
    H = nx.Graph()
    H.add_nodes_from((a, dict(d)) for a, d in idx.agencies.items())
    pair_layers: dict = {}
    for a, b, _, layer in group_rows_by_loop(idx, "attendance"):
        pair_layers.setdefault((a, b), set()).add(layer)
    for (a, b), layers in sorted(pair_layers.items()):
        layer = LAYER_ATTENDANCE if LAYER_ATTENDANCE in layers else LAYER_MEMBERSHIP
        for x, y in sorted({tuple(sorted((x, y))) for x in idx.employers.get(a, ())
                            for y in idx.employers.get(b, ()) if x != y}):
            add_tie_by_loop(H, x, y, 1, layer)
    for u, v, _ in idx.partnerships:
        add_tie_by_loop(H, u, v, 1, LAYER_PARTNERSHIP)
    for u, v, _ in idx.funds:
        if v in idx.agencies:
            add_tie_by_loop(H, u, v, 1, LAYER_FUNDS)
    for person, target, _ in idx.liaisons:
        targets = ([target] if target in idx.agencies
                   else idx.employers.get(target, []) if target in idx.people else [])
        for x in idx.employers.get(person, ()):
            for y in targets:
                add_tie_by_loop(H, x, y, 1, "liaison")
    return finish(H)


def same_graph(H: nx.Graph, R: nx.Graph) -> None:
    """The same nodes (data, order), and the same adjacency: order, data, key order."""
    assert list(H.nodes(data=True)) == list(R.nodes(data=True))
    for node in R:
        assert list(H[node]) == list(R[node])
        for other, data in R[node].items():
            got = H[node][other]
            assert got == data and list(got) == list(data)
            assert list(got["layer_weights"]) == list(data["layer_weights"])
            assert [type(x) for x in got["layer_weights"].values()] == [
                type(x) for x in data["layer_weights"].values()]
            assert type(got["weight"]) is type(data["weight"])


@pytest.mark.parametrize("seed", range(60))
def test_fast_paths_match_plain_loops_on_random_graphs(seed: int) -> None:
    G = random_partnership(seed)
    idx = index_graph(G)
    for group in idx.all_groups():
        for person in sorted(idx.people):
            assert idx.attendance(person, group) == attendance_by_loop(idx, person, group)
        for weighting in ("attendance", "membership"):
            assert idx.participants(group, weighting) == participants_by_loop(
                idx, group, weighting)
    for weighting in ("attendance", "membership"):
        same_graph(person_network(G, weighting), person_network_by_loop(G, weighting))
    same_graph(networks.organisation_network(G), organisation_network_by_loop(G))


def test_graph_size_counts_parallel_edges() -> None:
    G = random_partnership(1)
    assert graph_size(G) == (G.number_of_nodes(), G.number_of_edges())
    G.add_edge("p00", "ag0", type="EMPLOYED_BY")  # a second, parallel edge counts
    assert graph_size(G) == (G.number_of_nodes(), G.number_of_edges())


def test_a_kept_index_lets_its_graph_go() -> None:
    """An index kept (with the networks built on it) must not keep its graph alive."""
    import gc
    import weakref

    from netan.queries.budgets import funding_totals
    from netan.queries.networks import organisation_network, person_network
    from netan.queries.participation import index_graph

    G = random_partnership(3)
    index = index_graph(G)
    person_network(G, index=index)
    organisation_network(G, index=index)
    funding_totals(G, index=index)
    gone = weakref.ref(G)
    del G
    gc.collect()
    assert gone() is None
    with pytest.raises(ReferenceError):
        _ = index.graph
