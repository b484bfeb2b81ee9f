"""Two observations of a partnership side by side: two waves, two dates, two sites.

:func:`compare` takes two typed graphs (``before`` and ``after``, each as the
store returns it, already cut to a wave, a date or a site) and answers the
questions an evaluation asks (docs/design.md, "Comparing waves and sites"):

* **who is who** (:func:`match`): a person, organisation or group of ``before``
  is matched in ``after`` by its id, else through ``SUCCEEDED_BY`` (followed
  through intermediate successors: PCG -> PCT -> CCG); what matches nothing
  has *left*, what nothing matches has *appeared*. Both are listed: they are
  what could not be matched;
* **isolated GPs**: who became or stopped being isolated, and why
  (:func:`netan.queries.isolation.isolated_gps` on each side);
* **vertical links**: per unit (matched as above), the people linking it one
  level up gained and lost (:func:`netan.queries.vertical.vertical_links`);
* **brokers**: who entered or left the top brokers, and how the what-if (pairs
  in different groups cut off if the broker left) changed;
* **representation**: per group, the sectors gained and lost among members and
  attenders;
* **money**: totals by funding mechanism before and after;
* **relationships** (memberships, attendance, liaison, co-location,
  partnerships, employment, structure) gained and lost, and attendance rates
  that changed;
* **the whole network**: density, E-I index and degree centralisation of the
  person network, each change with a seeded dyad-swap test, and the QAP
  correlation of the two networks (:mod:`netan.queries.permutation`), on the
  people present in both.

Every function returns plain rows (dicts) for the report document.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from netan.graphdb.schema import (
    AGENCY,
    ATTENDS,
    CO_LOCATED_AT,
    EMPLOYED_BY,
    GROUP,
    LIAISES_WITH,
    MEETING,
    MEMBER_OF,
    PART_OF,
    PARTNERS_WITH,
    PERSON,
    PERSON_ROLE,
    SUCCEEDED_BY,
)
from netan.queries import (
    brokerage,
    budgets,
    centrality,
    isolation,
    permutation,
    policy,
    vertical,
)
from netan.queries.networks import person_network
from netan.queries.participation import GraphIndex, index_graph
from netan.queries.representation import representation_gaps

#: The labels whose nodes are matched and listed as appearing or leaving.
MATCHED_LABELS: tuple[str, ...] = (AGENCY, GROUP, PERSON)
#: Relationship types compared tie by tie (registers and money are compared apart).
COMPARED_TYPES: tuple[str, ...] = (MEMBER_OF, ATTENDS, LIAISES_WITH, CO_LOCATED_AT,
                                   PARTNERS_WITH, EMPLOYED_BY, PART_OF)
GP = PERSON_ROLE.canonical("gp")

#: The indexes of the two graphs compared (before, after), each None when not yet read.
Indexes = tuple[GraphIndex | None, GraphIndex | None]


@dataclass(frozen=True)
class CompareOptions:
    """The analyses' options, and the draws and seed of the change tests."""

    group_by: str = "sector"
    attendance_threshold: float = 0.25
    missed_meetings: int = 3
    reps: int = permutation.DEFAULT_REPS
    seed: int = 0


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


def successors(*graphs: nx.MultiDiGraph) -> dict[Hashable, list[Hashable]]:
    """``SUCCEEDED_BY`` of all ``graphs``: each predecessor's successors, sorted."""
    found: dict[Hashable, set[Hashable]] = defaultdict(set)
    for G in graphs:
        for u, v, kind in G.edges(data="type"):
            if kind == SUCCEEDED_BY:
                found[u].add(v)
    return {u: sorted(vs, key=str) for u, vs in found.items()}


@dataclass
class Matching:
    """Which node of ``after`` each node of ``before`` is (see :func:`match`)."""

    to_after: dict[Hashable, list[Hashable]] = field(default_factory=dict)
    how: dict[Hashable, str] = field(default_factory=dict)
    left: list[Hashable] = field(default_factory=list)
    appeared: list[Hashable] = field(default_factory=list)

    def translate(self, node: Hashable) -> list[Hashable]:
        """The ``after`` nodes ``node`` of ``before`` became (itself when unmatched)."""
        return self.to_after.get(node, [node])


def _labelled(G: nx.MultiDiGraph, labels: Iterable[str] = MATCHED_LABELS) -> dict[Hashable, str]:
    wanted = set(labels)
    return {n: d.get("label") for n, d in G.nodes(data=True) if d.get("label") in wanted}


def _successors_in(node: Hashable, after: dict[Hashable, str],
                   chain: dict[Hashable, list[Hashable]]) -> list[Hashable]:
    """The first successors of ``node`` (through the chain) that are in ``after``."""
    found, seen, queue = [], {node}, deque(chain.get(node, []))
    while queue:
        nxt = queue.popleft()
        if nxt in seen:
            continue
        seen.add(nxt)
        if nxt in after:
            found.append(nxt)
        else:
            queue.extend(chain.get(nxt, []))
    return sorted(found, key=str)


def match(before: nx.MultiDiGraph, after: nx.MultiDiGraph,
          chain: dict[Hashable, list[Hashable]] | None = None) -> Matching:
    """Match people, organisations and groups of ``before`` in ``after``.

    By id first (same id, same label), then by successor: an organisation or
    group that is not in ``after`` matches its successors there, followed
    through successors that are in neither (``chain``, default: the
    ``SUCCEEDED_BY`` of both graphs). A merger matches several predecessors to
    one successor; a split one predecessor to several. Comparing a later
    observation with an earlier one, a node with no successor in ``after``
    matches its predecessors there the same way.
    """
    chain = chain if chain is not None else successors(before, after)
    backwards: dict[Hashable, list[Hashable]] = defaultdict(list)
    for predecessor, followers in chain.items():
        for follower in followers:
            backwards[follower].append(predecessor)
    old, new = _labelled(before), _labelled(after)
    result = Matching()
    for node, label in old.items():
        if new.get(node) == label:
            result.to_after[node], result.how[node] = [node], "id"
            continue
        for how, links in (("successor", chain), ("predecessor", backwards)):
            found = _successors_in(node, new, links)
            if found:
                result.to_after[node], result.how[node] = found, how
                break
        else:
            result.left.append(node)
    reached = {n for targets in result.to_after.values() for n in targets}
    result.appeared = [n for n in new if n not in reached]
    return result


def _name(G: nx.MultiDiGraph, node: Hashable) -> str:
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


def who_changed(before: nx.MultiDiGraph, after: nx.MultiDiGraph,
                matching: Matching) -> list[dict[str, Any]]:
    """People, organisations and groups that were succeeded, left or appeared."""
    rows = []
    for node, how in matching.how.items():
        if how != "id":
            rows.append({"id": node, "label": before.nodes[node].get("label"),
                         "name": _name(before, node),
                         "change": "succeeded" if how == "successor" else "was the successor",
                         "now": "; ".join(map(str, matching.to_after[node])),
                         "now_name": " and ".join(_name(after, n)
                                                  for n in matching.to_after[node])})
    for node in matching.left:
        rows.append({"id": node, "label": before.nodes[node].get("label"),
                     "name": _name(before, node), "change": "left (no match)", "now": None,
                     "now_name": None})
    successors_of = {n for node, how in matching.how.items() if how != "id"
                     for n in matching.to_after[node]}
    for node in matching.appeared:
        if node not in successors_of:
            rows.append({"id": node, "label": after.nodes[node].get("label"),
                         "name": _name(after, node), "change": "appeared (no match)",
                         "now": node, "now_name": _name(after, node)})
    order = {"succeeded": 0, "was the successor": 0, "left (no match)": 1,
             "appeared (no match)": 2}
    return sorted(rows, key=lambda r: (order[r["change"]], str(r["label"]), str(r["id"])))


# ---------------------------------------------------------------------------
# The analyses, side by side
# ---------------------------------------------------------------------------


def _meetings(G: nx.MultiDiGraph) -> int:
    """Meetings on attendance registers (0: attendance cannot be observed on this side)."""
    return sum(1 for _, d in G.nodes(data=True) if d.get("label") == MEETING)


def _gps(G: nx.MultiDiGraph) -> set[Hashable]:
    return {n for n, d in G.nodes(data=True) if d.get("label") == PERSON and d.get("role") == GP}


def isolated_gp_changes(before: nx.MultiDiGraph, after: nx.MultiDiGraph,
                        people_before: nx.Graph, people_after: nx.Graph,
                        options: CompareOptions, *, indexes: Indexes = (None, None)
                        ) -> list[dict[str, Any]]:
    """GPs who became, stopped being or stayed isolated (with the reasons on each side).
    ``indexes``: the two graphs' indexes, when already read."""
    def isolated(G: nx.MultiDiGraph, people: nx.Graph,
                 index: GraphIndex | None) -> dict[Hashable, dict[str, Any]]:
        rows = isolation.isolated_gps(G, options.attendance_threshold,
                                      options.missed_meetings, network=people, index=index)
        return {row["id"]: row for row in rows}

    was = isolated(before, people_before, indexes[0])
    now = isolated(after, people_after, indexes[1])
    gps_before, gps_after = _gps(before), _gps(after)
    rows = []
    for person in sorted(set(was) | set(now), key=str):
        if person in was and person in now:
            change = "still isolated"
        elif person in was:
            change = ("no longer isolated" if person in gps_after else
                      "no longer a GP" if person in after else "left")
        else:
            change = "became isolated" if person in gps_before else "new GP, isolated"
        rows.append({"id": person, "name": _name(after if person in after else before, person),
                     "change": change,
                     "reasons_before": was.get(person, {}).get("reasons", []),
                     "reasons_after": now.get(person, {}).get("reasons", []),
                     "why_after": now.get(person, {}).get("why"),
                     "why_before": was.get(person, {}).get("why")})
    order = {"became isolated": 0, "no longer isolated": 1, "new GP, isolated": 2,
             "still isolated": 3, "no longer a GP": 4, "left": 5}
    return sorted(rows, key=lambda r: (order[r["change"]], str(r["id"])))


def vertical_link_changes(before: nx.MultiDiGraph, after: nx.MultiDiGraph,
                          matching: Matching, *, indexes: Indexes = (None, None)
                          ) -> list[dict[str, Any]]:
    """Per unit, the people linking it one level up gained and lost.

    A unit of ``before`` is compared with the unit(s) it became in ``after``
    (same id, or its successors); units with no counterpart are listed with the
    other side empty. Units whose links did not change are left out. ``indexes``: the
    two graphs' indexes, when already read.
    """
    was = {row["unit"]: row for row in vertical.vertical_links(before, index=indexes[0])}
    now = {row["unit"]: row for row in vertical.vertical_links(after, index=indexes[1])}
    rows, seen_after = [], set()
    for unit, old in was.items():
        targets = [t for t in matching.translate(unit) if t in now]
        seen_after.update(targets)
        links_after = set().union(*(now[t]["links"] for t in targets)) if targets else set()
        status_after = "; ".join(now[t]["status"] for t in targets) or "gone"
        above = "; ".join(dict.fromkeys(now[t]["next_level"] for t in targets)) or None
        rows.append(_unit_row(old, targets, set(old["links"]), links_after, old["status"],
                              status_after, above))
    for unit, new in now.items():
        if unit not in seen_after:
            rows.append(_unit_row(new, [unit], set(), set(new["links"]), "new", new["status"],
                                  new["next_level"]))
    return [r for r in rows if r["gained"] or r["lost"] or r["status_before"] != r["status_after"]]


def _unit_row(row: dict[str, Any], now: list[Hashable], links_before: set[Hashable],
              links_after: set[Hashable], status_before: str, status_after: str,
              next_level_after: str | None) -> dict[str, Any]:
    """A unit's links before and after (``now``: the unit, or its successors, in ``after``)."""
    return {"unit": row["unit"], "name": row["name"], "now": "; ".join(map(str, now)),
            "level": row["level"], "next_level": row["next_level"] if status_before != "new"
            else None, "next_level_after": next_level_after,
            "links_before": len(links_before), "links_after": len(links_after),
            "status_before": status_before, "status_after": status_after,
            "gained": sorted(links_after - links_before, key=str),
            "lost": sorted(links_before - links_after, key=str)}


def broker_changes(people_before: nx.Graph, people_after: nx.Graph,
                   options: CompareOptions) -> list[dict[str, Any]]:
    """Top brokers on each side: who entered or left the top, and the what-if then and now."""
    def ranked(people: nx.Graph) -> list[dict[str, Any]]:
        return brokerage.brokerage_table(brokerage.brokerage(people, options.group_by))

    was, now = ranked(people_before), ranked(people_after)
    top_was = policy.top_brokers(was)
    top_now = policy.top_brokers(now)
    chosen = list(dict.fromkeys([*top_was, *top_now]))

    def impacts(people: nx.Graph) -> dict[Hashable, dict[str, Any]]:
        here = [p for p in chosen if p in people]
        return {r["broker"]: r for r in centrality.top_broker_impacts(people, here,
                                                                      options.group_by)}

    cut_was, cut_now = impacts(people_before), impacts(people_after)
    total_was = {r["node"]: r.get("total") for r in was}
    total_now = {r["node"]: r.get("total") for r in now}
    rows = []
    for person in chosen:
        in_was, in_now = person in top_was, person in top_now
        change = ("stayed in the top" if in_was and in_now else
                  "entered the top" if in_now else
                  "left the top" if person in people_after else "left the network")
        graph = people_after if person in people_after else people_before
        rows.append({"id": person, "name": graph.nodes[person].get("name") or person,
                     "change": change,
                     "rank_before": top_was.index(person) + 1 if in_was else None,
                     "rank_after": top_now.index(person) + 1 if in_now else None,
                     "brokerage_before": total_was.get(person),
                     "brokerage_after": total_now.get(person),
                     "pairs_cut_before": cut_was.get(person, {}).get("cross_pairs_cut"),
                     "pairs_cut_after": cut_now.get(person, {}).get("cross_pairs_cut")})
    return rows


def representation_changes(before: nx.MultiDiGraph, after: nx.MultiDiGraph,
                           matching: Matching, *, indexes: Indexes = (None, None)
                           ) -> list[dict[str, Any]]:
    """Per group (matched by id or successor): sectors gained and lost among members and
    attenders. Groups with no change are left out. ``indexes``: the two graphs' indexes,
    when already read."""
    was = {row["id"]: row for row in representation_gaps(before, index=indexes[0])}
    now = {row["id"]: row for row in representation_gaps(after, index=indexes[1])}
    rows, seen = [], set()

    def sectors(rows_: list[dict[str, Any]], key: str) -> set[str]:
        return {s for r in rows_ for s in (r.get(key) or {})}

    for group, old in was.items():
        targets = [now[t] for t in matching.translate(group) if t in now]
        seen.update(t["id"] for t in targets)
        rows.append(_representation_row(old, targets, sectors([old], "member_sectors"),
                                        sectors(targets, "member_sectors"),
                                        sectors([old], "attender_sectors"),
                                        sectors(targets, "attender_sectors"),
                                        "matched" if targets else "ended"))
    for group, new in now.items():
        if group not in seen:
            rows.append(_representation_row(new, [new], set(), sectors([new], "member_sectors"),
                                            set(), sectors([new], "attender_sectors"), "new"))
    return [r for r in rows if r["members_gained"] or r["members_lost"]
            or r["attenders_gained"] or r["attenders_lost"]]


def _representation_row(row: dict[str, Any], now: list[dict[str, Any]], members_before: set[str],
                        members_after: set[str], attenders_before: set[str],
                        attenders_after: set[str], group: str) -> dict[str, Any]:
    """Sectors gained and lost by one group (``group``: matched, ended or new)."""
    return {"group": row["id"], "name": row["name"], "level": row.get("level"), "status": group,
            "now": "; ".join(str(r["id"]) for r in now) or None,
            "members_gained": sorted(members_after - members_before),
            "members_lost": sorted(members_before - members_after),
            "attenders_gained": sorted(attenders_after - attenders_before),
            "attenders_lost": sorted(attenders_before - attenders_after),
            "missing_core_after": sorted({s for r in now for s in r.get(
                "missing_core_members") or []}) if now else None}


def money_changes(before: nx.MultiDiGraph, after: nx.MultiDiGraph, *,
                  indexes: Indexes = (None, None)) -> list[dict[str, Any]]:
    """Totals by funding mechanism before and after (amount, lines, share); ``indexes``:
    the two graphs' indexes, when already read."""
    was = {r["mechanism"]: r for r in
           budgets.funding_totals(before, index=indexes[0])["by_mechanism"]}
    now = {r["mechanism"]: r for r in
           budgets.funding_totals(after, index=indexes[1])["by_mechanism"]}
    rows = []
    for mechanism in dict.fromkeys([*was, *now]):
        a, b = was.get(mechanism, {}), now.get(mechanism, {})
        amount_a, amount_b = a.get("amount") or 0.0, b.get("amount") or 0.0
        rows.append({"mechanism": mechanism, "amount_before": amount_a, "amount_after": amount_b,
                     "change": amount_b - amount_a, "lines_before": a.get("flows", 0),
                     "lines_after": b.get("flows", 0), "share_before": a.get("share"),
                     "share_after": b.get("share")})
    return rows


def _typed_ties(G: nx.MultiDiGraph, translate: Any = None) -> dict[tuple[Any, ...], Any]:
    """``{(type, source, target): (source, target)}`` of the compared types (ends translated)."""
    out = {}
    for u, v, kind in G.edges(data="type"):
        if kind not in COMPARED_TYPES:
            continue
        for a in (translate(u) if translate else [u]):
            for b in (translate(v) if translate else [v]):
                out[(kind, a, b)] = (u, v)
    return out


def relationship_changes(before: nx.MultiDiGraph, after: nx.MultiDiGraph,
                         matching: Matching) -> list[dict[str, Any]]:
    """Relationships of :data:`COMPARED_TYPES` gained and lost (ends matched first)."""
    was = _typed_ties(before, matching.translate)
    now = _typed_ties(after)
    rows = []
    for key in sorted(set(was) - set(now), key=str):
        u, v = was[key]
        rows.append({"change": "lost", "type": key[0], "source": u,
                     "source_name": _name(before, u), "target": v,
                     "target_name": _name(before, v)})
    for key in sorted(set(now) - set(was), key=str):
        rows.append({"change": "gained", "type": key[0], "source": key[1],
                     "source_name": _name(after, key[1]), "target": key[2],
                     "target_name": _name(after, key[2])})
    return rows


def attendance_changes(before: nx.MultiDiGraph, after: nx.MultiDiGraph,
                       matching: Matching) -> list[dict[str, Any]]:
    """Attendance rates (``ATTENDS``) that changed, per person and group."""
    def rates(G: nx.MultiDiGraph, translate: Any = None) -> dict[tuple[Any, Any], Any]:
        out = {}
        for u, v, d in G.edges(data=True):
            if d.get("type") == ATTENDS:
                for b in (translate(v) if translate else [v]):
                    out[(u, b)] = d
        return out

    was, now = rates(before, matching.translate), rates(after)
    rows = []
    for key in sorted(set(was) | set(now), key=str):
        a, b = was.get(key, {}), now.get(key, {})
        if a.get("rate") == b.get("rate") and a.get("held") == b.get("held"):
            continue
        rows.append({"person": key[0], "name": _name(after if key[0] in after else before,
                                                     key[0]),
                     "group": key[1], "group_name": _name(after, key[1]),
                     "attended_before": a.get("attended"), "held_before": a.get("held"),
                     "rate_before": a.get("rate"), "attended_after": b.get("attended"),
                     "held_after": b.get("held"), "rate_after": b.get("rate")})
    return rows


def whole_network_changes(people_before: nx.Graph, people_after: nx.Graph,
                          options: CompareOptions) -> dict[str, Any]:
    """Density, E-I index and degree centralisation before and after, with their tests,
    and the QAP correlation, on the people present on both sides."""
    common = sorted(set(people_before) & set(people_after), key=str)
    a = permutation.ties_of(people_before, common)
    b = permutation.ties_of(people_after, common)
    partition = [people_after.nodes[p].get(options.group_by) or
                 people_before.nodes[p].get(options.group_by) for p in common]
    codes = permutation.group_codes(partition)
    tests = [permutation.dyad_swap_test(a, b, measure, codes, options.reps, options.seed)
             for measure in permutation.STATISTICS]
    qap = permutation.qap_test(a, b, options.reps, options.seed)
    return {"people_before": people_before.number_of_nodes(),
            "people_after": people_after.number_of_nodes(), "common_people": len(common),
            "ties_before": len(a.i), "ties_after": len(b.i),
            "tests": [asdict(t) for t in tests], "qap": asdict(qap)}


# ---------------------------------------------------------------------------
# Everything
# ---------------------------------------------------------------------------


def compare(before: nx.MultiDiGraph, after: nx.MultiDiGraph,
            options: CompareOptions | None = None,
            chain: dict[Hashable, list[Hashable]] | None = None) -> dict[str, Any]:
    """Every comparison of the module docstring, as plain rows and numbers.

    ``chain`` is the succession to match by (default: the ``SUCCEEDED_BY`` of
    both graphs; pass the whole store's when the sides are cut from one store).
    """
    options = options or CompareOptions()
    matching = match(before, after, chain)
    indexes = index_graph(before), index_graph(after)  # each side read once
    people_before = person_network(before, index=indexes[0])
    people_after = person_network(after, index=indexes[1])
    return {
        "matching": {"by_id": sum(h == "id" for h in matching.how.values()),
                     "by_successor": sum(h != "id" for h in matching.how.values()),
                     "left": len(matching.left), "appeared": len(matching.appeared)},
        "who": who_changed(before, after, matching),
        "isolated_gps": isolated_gp_changes(before, after, people_before, people_after,
                                            options, indexes=indexes),
        "gps": {"before": len(_gps(before)), "after": len(_gps(after))},
        "registers": {"before": _meetings(before), "after": _meetings(after)},
        "vertical_links": vertical_link_changes(before, after, matching, indexes=indexes),
        "brokers": broker_changes(people_before, people_after, options),
        "representation": representation_changes(before, after, matching, indexes=indexes),
        "money": money_changes(before, after, indexes=indexes),
        "relationships": relationship_changes(before, after, matching),
        "attendance": attendance_changes(before, after, matching),
        "network": whole_network_changes(people_before, people_after, options),
    }
