"""Analysis 2: weak vertical links between practice, locality and strategic levels.

Seed 004 (King's Fund joint commissioning pilots): "Weak vertical links between
decisions made at practice, locality and strategic levels have been a feature
in most joint commissioning pilots"; partnerships built around GP practices
struggled to make "effective links with mainstream decision-making at a more
strategic level". docs/design.md ("Analyses" 2) makes that measurable: for each
unit, the distinct people who connect it to the next level up.

* :func:`vertical_links` -- per unit, the people linking it upwards and a status
  (``disconnected`` / ``single_thread`` / ``linked``);
* :func:`vertical_link_summary` -- per adjacent level pair: coverage, mean links,
  single threads, disconnected units;
* :func:`strategic_routes` -- per practice, the number of node-disjoint routes
  to the strategic level.

The horizontal-against-vertical tie densities that go with this analysis are
:func:`netan.queries.networks.tie_density_by_direction` (docs/design.md's level-based
direction) and :func:`netan.queries.networks.integration_density` (Woods & McCollam's (2002)
trust <-> social work against primary <-> secondary care).

References: ``docs/design.md`` ("Analyses" 2); King's Fund; Woods & McCollam 2002.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import chain
from typing import Any

import networkx as nx

from netan.graphdb.schema import AGENCY, GROUP, LEVEL
from netan.kernels.flows import DisjointRoutes
from netan.queries.networks import (
    HORIZONTAL,
    VERTICAL,
    TiedPairs,
    integration_density,
    organisation_network,
    pairs_of,
    person_network,
    tie_density_by_direction,
)
from netan.queries.participation import (
    AREA,
    LEVEL_P,
    NAME,
    PRACTICE,
    GraphIndex,
    as_text,
    index_of,
)

__all__ = [
    "horizontal_vertical_density",
    "link_status",
    "strategic_routes",
    "vertical_link_summary",
    "vertical_links",
    "ROUTE_KINDS",
]

DISCONNECTED = "disconnected"
SINGLE_THREAD = "single_thread"
LINKED = "linked"

_SINK = ("__netan_strategic_level__",)


def link_status(n_links: int) -> str:
    """``disconnected`` at 0, ``single_thread`` at 1, ``linked`` at 2 or more."""
    return DISCONNECTED if n_links == 0 else SINGLE_THREAD if n_links == 1 else LINKED


def _level_rank(level: str | None) -> int | None:
    return LEVEL.values.index(level) if level in LEVEL.values else None


def _units(idx: GraphIndex) -> dict[str, str]:
    """Every unit and its level (see :func:`vertical_links`)."""
    with_groups = {p for g in idx.groups for p in idx.parents.get(g, ())}
    units: dict[str, str] = {}
    for agency, data in idx.agencies.items():
        if idx.is_practice(agency):
            units[agency] = PRACTICE
            continue
        level = as_text(data.get(LEVEL_P))
        if _level_rank(level) is None:
            continue
        if idx.staff.get(agency) or idx.colocated.get(agency) or agency in with_groups:
            units[agency] = level  # type: ignore[assignment]
    for group, data in idx.groups.items():
        level = as_text(data.get(LEVEL_P))
        if _level_rank(level) is not None and level != PRACTICE:
            units[group] = level  # type: ignore[assignment]
    return units


def _unit_people(idx: GraphIndex, unit: str) -> set[str]:
    """Who belongs to a unit: an agency's staff and co-located people; a group's participants."""
    if unit in idx.agencies:
        return idx.staff.get(unit, set()) | idx.colocated.get(unit, set())
    return set(idx.participants(unit, "attendance"))


def _node_level(idx: GraphIndex, node: str) -> str | None:
    if node in idx.agencies and idx.is_practice(node):
        return PRACTICE
    data = idx.agencies.get(node) or idx.groups.get(node) or {}
    return as_text(data.get(LEVEL_P))


#: How a linking person reaches a unit at a higher level (``how`` of a route).
MEMBERSHIP, CHAIR, EMPLOYMENT, LIAISON, CO_LOCATION = (
    "membership", "chair", "employment", "liaison", "co_location")
#: A route that reaches above the next level up that has units.
LEVEL_SKIPPING = "level_skipping"
#: Every route kind, in the order :func:`vertical_links` lists them.
ROUTE_KINDS = (MEMBERSHIP, CHAIR, EMPLOYMENT, LIAISON, CO_LOCATION, LEVEL_SKIPPING)
_CHAIRS = ("chair", "vice_chair")


def _higher_places(idx: GraphIndex, units: dict[str, str], members: dict[str, set[str]]
                   ) -> dict[str, list[tuple[str, int, str]]]:
    """Each person's places at units: ``(unit, level rank, how)`` (``members``: the
    people of each unit, :func:`_unit_people`).

    ``how``: ``chair`` (chair or vice-chair of a group they take part in),
    ``membership`` (takes part in a group), ``employment`` (employed by an
    agency), ``co_location`` (co-located at an agency), ``liaison`` (their own
    ``LIAISES_WITH`` to a group or agency).
    """
    places: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for unit, level in units.items():
        rank = _level_rank(level)
        if unit in idx.agencies:
            for person in idx.staff.get(unit, ()):
                places[person].append((unit, rank, EMPLOYMENT))
            for person in idx.colocated.get(unit, ()):
                places[person].append((unit, rank, CO_LOCATION))
        else:
            roles = idx.members.get(unit, {})
            for person in members[unit]:
                how = CHAIR if roles.get(person) in _CHAIRS else MEMBERSHIP
                places[person].append((unit, rank, how))
    for person, target, _ in idx.liaisons:
        if target in units and person in idx.people:
            places[person].append((target, _level_rank(units[target]), LIAISON))
    return places


def _contacts(idx: GraphIndex) -> dict[str, set[tuple[str, str]]]:
    """People each person works with outside groups: ``{person: {(other, how)}}``.

    ``liaison``: a ``LIAISES_WITH`` between the two (either direction), or from
    one to the other's employer; ``co_location``: the two share a site (one is
    co-located where the other is employed or co-located).
    """
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for person, target, _ in idx.liaisons:
        if person not in idx.people:
            continue
        others = ([target] if target in idx.people
                  else idx.staff.get(target, set()) | idx.colocated.get(target, set())
                  if target in idx.agencies else ())
        for other in others:
            if other != person:
                found[person].add((other, LIAISON))
                found[other].add((person, LIAISON))
    for site, visitors in idx.colocated.items():
        everyone = visitors | idx.staff.get(site, set())
        for visitor in visitors:
            for other in everyone - {visitor}:
                found[visitor].add((other, CO_LOCATION))
                found[other].add((visitor, CO_LOCATION))
    return found


def vertical_links(G: nx.MultiDiGraph, *, agency_units: bool = False,
                   index: GraphIndex | None = None) -> list[dict[str, Any]]:
    """For each unit below the top level, the distinct people linking it to any level above.

    **Units** and their levels:

    * practices: ``Agency`` nodes at level ``practice`` (or of kind
      ``gp_practice`` with no level), whether or not anyone is recorded there;
    * groups at any level above ``practice`` (locality, area, region, national);
      a group with no level is not a unit;
    * other agencies at a level above ``practice`` when they have people
      (employed or co-located) or groups (``PART_OF`` them).

    **Belonging**: a person belongs to an agency unit when employed by or
    co-located at it, and to a group unit when they take part in it (module
    rule of :mod:`netan.queries.networks`: present at a register meeting, or
    ``ATTENDS`` with attendance above 0, or -- with no attendance data -- a
    member not ``invited``).

    **Routes up.** A person ``x`` links unit ``U`` (level ``L``) up when ``x``
    is connected to ``U`` and holds a place at a unit ``V`` of a strictly
    higher level, anywhere (no structural or geographic match is required: a
    practice GP who chairs an area group links her practice to the area, as
    Secker, Davies & Howell's (2000) only GP chair does). ``x`` is connected to
    ``U`` when ``x`` belongs to ``U``, or liaises with ``U`` itself, or works
    with someone who belongs to ``U`` by liaison (either direction, or to
    their employer) or co-location (a shared site). ``x`` holds a place at
    ``V`` when ``x`` belongs to it (takes part in a group -- as its chair or
    vice-chair, ``chair``, else ``membership`` --; is employed by an agency,
    ``employment``; is co-located there, ``co_location``) or liaises with it
    (``liaison``). Each route is recorded with its kinds: how ``x`` reaches
    ``V``; ``liaison`` or ``co_location`` when that is how ``x`` is connected
    to ``U``; and ``level_skipping`` when ``V`` lies above the next level up
    that has units (a practice linked straight to an area group when there
    are locality units).

    ``n_links`` counts distinct linking people over all routes (one person
    with three routes is one link): ``disconnected`` at 0, ``single_thread``
    at 1 (the unit's vertical link rests on one person), ``linked`` at 2 or
    more. ``next_level`` is the next level up that has units (for the
    summary); ``levels_reached`` the levels the routes reach.

    Rows are given for practices and groups (docs/design.md: "practice,
    locality group, area group"); agencies above practice level serve as
    upper units (an HA commissioner sitting on an area group links it to the
    region through her employer) and get rows of their own only with
    ``agency_units=True``. Units at the highest level present get no row.

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    agency_units : also report agencies above practice level as lower units.

    Returns
    -------
    list of dict, ordered by level then id: ``unit``, ``name``, ``label``
    (Agency / Group), ``level``, ``next_level``, ``area``, ``links`` (sorted
    person ids), ``n_links``, ``status``, ``route_kinds`` (in
    :data:`ROUTE_KINDS` order), ``routes`` (one line per linking person:
    ``person: kinds -> unit (level)``), ``reached`` (the higher units) and
    ``levels_reached``.

    References: docs/design.md ("Analyses" 2); Poxton (1999): "weak vertical
    links between decisions made at practice, locality and strategic levels".

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    idx = index_of(G, index)
    units = _units(idx)
    present = sorted({level for level in units.values()}, key=LEVEL.values.index)
    next_level = dict(zip(present, present[1:], strict=False))
    members_of = {unit: _unit_people(idx, unit) for unit in units}
    places = _higher_places(idx, units, members_of)
    contacts = {person: [(other, _KIND[how]) for other, how in found]
                for person, found in _contacts(idx).items()}
    liaising_with: dict[str, set[str]] = defaultdict(set)
    for person, target, _ in idx.liaisons:
        if target in units and person in idx.people:
            liaising_with[target].add(person)

    def up_from(person: str, rank: int, next_rank: int) -> tuple[int, tuple[str, ...], str] | None:
        """How ``person`` reaches above ``rank``: the kinds (a :data:`_KIND` mask: how
        they hold each place, ``level_skipping`` above ``next_rank``), the units
        reached (sorted) and their words; None when nothing is above. The same for
        every unit of one level (a unit is never above its own level): kept per level."""
        kinds, reached = 0, set()
        for target, target_rank, how in places.get(person, ()):
            if target_rank is None or target_rank <= rank:
                continue
            kinds |= _KIND[how]
            if target_rank > next_rank:
                kinds |= _KIND[LEVEL_SKIPPING]
            reached.add(target)
        found = tuple(sorted(reached))
        return (kinds, found, ", ".join(f"{t} ({units[t]})" for t in found)) if found else None

    ways_up: dict[str, dict[str, tuple[int, tuple[str, ...], str] | None]] = defaultdict(dict)

    rows = []
    for unit in sorted(units, key=lambda u: (LEVEL.values.index(units[u]), u)):
        level = units[unit]
        up = next_level.get(level)
        if up is None:
            continue
        if not agency_units and unit in idx.agencies and not idx.is_practice(unit):
            continue
        rank, next_rank = _level_rank(level), _level_rank(up)
        members = members_of[unit]
        visitors = idx.colocated.get(unit, set()) if unit in idx.agencies else set()
        connected: dict[str, int] = {}  # person -> how connected (a _KIND mask; 0: belongs)
        for person in members:
            connected[person] = connected.get(person, 0) | (
                _KIND[CO_LOCATION] if person in visitors else 0)
            for other, how in contacts.get(person, ()):
                connected[other] = connected.get(other, 0) | how
        for person in liaising_with.get(unit, ()):
            connected[person] = connected.get(person, 0) | _KIND[LIAISON]
        routes: dict[str, tuple[int, tuple[str, ...], str]] = {}  # person -> kinds, reached
        level_ways = ways_up[level]
        for person in sorted(connected):
            way = level_ways.get(person, _UNSEEN)
            if way is _UNSEEN:
                way = level_ways[person] = up_from(person, rank, next_rank)
            if way is not None:
                routes[person] = (way[0] | connected[person], *way[1:])
        data = _data(idx, unit)
        reached_all = sorted(set().union(*(r for _, r, _ in routes.values())))
        all_kinds = 0
        for kinds, _, _ in routes.values():
            all_kinds |= kinds
        rows.append({
            "unit": unit, "name": as_text(data.get(NAME)) or unit,
            "label": AGENCY if unit in idx.agencies else GROUP,
            "level": level, "next_level": up, "area": as_text(data.get(AREA)),
            "links": list(routes), "n_links": len(routes),
            "status": link_status(len(routes)),
            "route_kinds": list(_kinds(all_kinds)),
            "routes": [f"{p}: {', '.join(_kinds(kinds))} -> {words}"
                       for p, (kinds, _, words) in routes.items()],
            "reached": reached_all,
            "levels_reached": sorted({units[t] for t in reached_all}, key=LEVEL.values.index),
        })
    return rows


_UNSEEN = object()
#: Each route kind as a bit, so a set of kinds is one integer.
_KIND = {kind: 1 << i for i, kind in enumerate(ROUTE_KINDS)}


@cache
def _kinds(mask: int) -> tuple[str, ...]:
    """The route kinds of a :data:`_KIND` mask, in :data:`ROUTE_KINDS` order."""
    return tuple(kind for kind in ROUTE_KINDS if mask & _KIND[kind])


def _data(idx: GraphIndex, node: str) -> dict[str, Any]:
    return idx.agencies.get(node) or idx.groups.get(node) or {}


def vertical_link_summary(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per adjacent level pair, how well the lower level is linked up.

    For the ``n`` rows of :func:`vertical_links` with ``level = L`` and
    ``next_level = L'``::

        coverage       = #{units with n_links >= 1} / n
        mean_links     = sum(n_links) / n
        single_threads = #{units with n_links == 1}
        disconnected   = #{units with n_links == 0}
        linked         = #{units with n_links >= 2}

    Returns
    -------
    list of dict ordered by level: ``level``, ``next_level``, ``units``,
    ``linked_units`` (n_links >= 1), ``coverage``, ``mean_links``,
    ``single_threads``, ``disconnected``, ``linked``.
    """
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in rows:
        pairs[(row["level"], row["next_level"])].append(int(row["n_links"]))

    def order(pair: tuple[str, str]) -> tuple[int, int]:
        return tuple(_level_rank(x) if _level_rank(x) is not None else len(LEVEL.values)
                     for x in pair)  # type: ignore[return-value]

    summary = []
    for (level, up), counts in sorted(pairs.items(), key=lambda kv: order(kv[0])):
        n = len(counts)
        summary.append({
            "level": level, "next_level": up, "units": n,
            "linked_units": sum(c >= 1 for c in counts),
            "coverage": sum(c >= 1 for c in counts) / n,
            "mean_links": sum(counts) / n,
            "single_threads": sum(c == 1 for c in counts),
            "disconnected": sum(c == 0 for c in counts),
            "linked": sum(c >= 2 for c in counts),
        })
    return summary


def _route_edges(idx: GraphIndex) -> Iterator[tuple[Any, Any]]:
    """The edges of the route graph (see :func:`strategic_routes`), repeats allowed."""
    for person, agencies in idx.employers.items():
        yield from ((person, a) for a in agencies)
    for agency, visitors in idx.colocated.items():
        yield from ((p, agency) for p in visitors)
    for group in idx.all_groups():
        yield from ((p, group) for p in idx.participants(group, "attendance"))
    for person, target, _ in idx.liaisons:
        if person != target:
            yield person, target


def disjoint_routes(H: nx.Graph, source: Any, sink: Any) -> tuple[int, set[Any]]:
    """Node-disjoint ``source``--``sink`` paths of undirected ``H`` and the minimum node
    cut nearest the source, by their definition (Menger).

    The number of paths is the maximum flow from ``source`` to ``sink`` in the
    node-split graph: every node ``n`` other than the two ends becomes an arc
    ``(n, in) -> (n, out)`` of capacity 1, every tie ``u - v`` the arcs
    ``(u, out) -> (v, in)`` and ``(v, out) -> (u, in)`` of unbounded capacity
    (networkx's Edmonds-Karp). The cut nearest the source is read off the residual
    graph: the nodes whose entry the source reaches but not their exit. Self-loops
    carry no route; ``source`` and ``sink`` must not be adjacent.

    :func:`strategic_routes` takes the same answers from the kernel
    :class:`netan.kernels.flows.DisjointRoutes` (checked against this on random graphs).
    """
    from networkx.algorithms.flow import edmonds_karp

    split = nx.DiGraph()
    for n in H:
        if n not in (source, sink):
            split.add_edge((n, 0), (n, 1), capacity=1)
    for u, v in H.edges():
        if u != v:
            split.add_edge((u, 1), (v, 0))
            split.add_edge((v, 1), (u, 0))
    split.add_edge((source, 0), (source, 1))
    split.add_edge((sink, 0), (sink, 1))
    residual = edmonds_karp(split, (source, 1), (sink, 0))
    reached = {(source, 1)}
    stack = [(source, 1)]
    while stack:
        x = stack.pop()
        for y, data in residual.succ[x].items():
            if y not in reached and data["flow"] < data["capacity"]:
                reached.add(y)
                stack.append(y)
    cut = {n for n, side in reached if side == 0 and (n, 1) not in reached
           and n not in (source, sink)}
    return residual.graph["flow_value"], cut


def strategic_routes(G: nx.MultiDiGraph, strategic_level: str = "area",
                     *, index: GraphIndex | None = None) -> list[dict[str, Any]]:
    """Per practice, the number of node-disjoint routes to the strategic level.

    The route graph ``H`` is undirected, on all ``Person``, ``Agency`` and
    ``Group`` nodes, with an edge for each employment, co-location and liaison
    (person to person, agency or group), and a
    person-group edge for each person taking part in a group (present at a
    register meeting -- ``Meeting`` nodes are collapsed into these edges --,
    ``ATTENDS`` with attendance above 0, or a non-invited member where there is
    no attendance data; an invited member who never comes is no route).
    ``FUNDS`` and ``PARTNERS_WITH`` are not routes, and neither is ``PART_OF``:
    a route is carried by people (Poxton's (1999) boundary spanners), and a
    practice lying in a council area, or a locality group accountable to a
    health authority, would otherwise count as a working link by structure
    alone (in the Wales example every practice is ``PART_OF`` its council).

    The strategic units are the agencies and groups at ``strategic_level`` or
    above (level order of the schema). A super-sink ``T`` is joined to every
    one of them, and for each practice ``s``::

        routes(s) = kappa_H+T(s, T)

    the local node connectivity (Menger: the maximum number of paths from
    ``s`` to ``T`` sharing no node but ``s`` and ``T``), computed by max-flow
    on the node-split graph, ``H`` built once as integer adjacency lists:
    0 without a search when ``s`` is not in ``T``'s connected component; else
    augmenting depth-first searches that head for ``T`` (neighbours nearest
    ``T`` first) and stop as soon as they reach it, at most ``deg(s)`` of them,
    plus one last failing search -- local to the practice -- only when fewer
    than ``deg(s)`` routes are found (the kernel
    :meth:`netan.kernels.flows.DisjointRoutes.routes`; its counts and cuts agree
    with :func:`disjoint_routes`, the definition by networkx's max-flow, as the
    tests check). The practice and the sink are never part of a cut; everything
    else is -- people, groups, intermediate agencies, and the strategic units
    themselves (two GPs who both sit on one area group give one route: losing that
    group cuts both).

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    strategic_level : a level above ``practice`` (default ``"area"``).

    Returns
    -------
    list of dict by practice id: ``practice``, ``name``, ``area``, ``routes``,
    ``status`` (as :func:`link_status`), ``cut`` (the minimum node cut nearest
    the practice: the ids whose loss leaves it with no route; empty when
    ``routes`` is 0),
    ``strategic_level``.

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    rank = _level_rank(strategic_level)
    if rank is None or strategic_level == PRACTICE:
        raise ValueError(f"strategic_level must be a level above {PRACTICE!r} "
                         f"({', '.join(LEVEL.values[1:])}), not {strategic_level!r}")
    idx = index_of(G, index)
    strategic = []
    for node in sorted(set(idx.agencies) | set(idx.groups)):
        node_rank = _level_rank(_node_level(idx, node))
        if node_rank is not None and node_rank >= rank:
            strategic.append(node)
    edges = chain(_route_edges(idx), ((n, _SINK) for n in strategic))
    H = DisjointRoutes(chain(idx.people, idx.agencies, idx.groups), edges, _SINK)
    rows = []
    for practice in sorted(a for a in idx.agencies if idx.is_practice(a)):
        routes, cut = H.routes(practice)
        data = idx.agencies[practice]
        rows.append({
            "practice": practice, "name": as_text(data.get(NAME)) or practice,
            "area": as_text(data.get(AREA)), "routes": routes,
            "status": link_status(routes), "cut": sorted(cut),
            "strategic_level": strategic_level,
        })
    return rows


def horizontal_vertical_density(G: nx.MultiDiGraph, *, people: nx.Graph | None = None,
                                organisations: nx.Graph | None = None,
                                people_pairs: TiedPairs | None = None,
                                organisation_pairs: TiedPairs | None = None,
                                index: GraphIndex | None = None
                                ) -> list[dict[str, Any]]:
    """Horizontal against vertical tie density, side by side (Woods & McCollam's (2002) finding).

    Two readings of "horizontal" and "vertical", each on the person and the
    organisation network (:func:`~netan.queries.networks.person_network`,
    :func:`~netan.queries.networks.organisation_network`):

    * ``"level"`` (docs/design.md): horizontal = same level, different sectors;
      vertical = different levels (:func:`~netan.queries.networks.tie_density_by_direction`).
      A person's level is their employer's.
    * ``"care"`` (Woods & McCollam 2002): horizontal = secondary care <-> social care, vertical =
      primary care <-> secondary care (:func:`~netan.queries.networks.integration_density`).

    For each, ``density = observed / possible``: tied unordered pairs over the
    pairs of that kind (isolates count in ``possible``; weights, parallel edges,
    direction and self-loops ignored; None when nothing is possible).
    ``horizontal_ahead`` is True when the horizontal density is above the
    vertical one -- Woods & McCollam 2002: "faster progress ... in the horizontal integration
    of services between health and social care organisations than ... for
    vertical integration between primary health care and specialist mental
    health care services" -- and None when either density is None.

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    people, organisations : the derived networks, when already built.
    people_pairs, organisation_pairs : their :class:`~netan.queries.networks.TiedPairs`,
        when already read.
    index : ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`), when
        already read.

    Returns
    -------
    list of four dicts (person/organisation x level/care): ``network``,
    ``reading``, ``horizontal_observed``, ``horizontal_possible``,
    ``horizontal_density``, ``vertical_observed``, ``vertical_possible``,
    ``vertical_density``, ``horizontal_ahead``.

    References: docs/design.md ("Derived networks", "Analyses" 2); Woods & McCollam 2002.
    """
    if people is None or organisations is None:
        idx = index_of(G, index)
        people = person_network(G, index=idx) if people is None else people
        organisations = (organisation_network(G, index=idx) if organisations is None
                         else organisations)
    networks = {"person": (people, people_pairs),
                "organisation": (organisations, organisation_pairs)}
    rows = []
    for name, (network, pairs) in networks.items():
        pairs = pairs_of(network, pairs)  # read once for the two readings
        by_direction = tie_density_by_direction(network, pairs=pairs)
        care = integration_density(network, pairs=pairs)
        readings = {
            "level": (by_direction[HORIZONTAL], by_direction[VERTICAL]),
            "care": (care["horizontal"], care["vertical"]),
        }
        for reading, (h, v) in readings.items():
            ahead = (None if h["density"] is None or v["density"] is None
                     else h["density"] > v["density"])
            rows.append({
                "network": name, "reading": reading,
                "horizontal_observed": h["observed"], "horizontal_possible": h["possible"],
                "horizontal_density": h["density"],
                "vertical_observed": v["observed"], "vertical_possible": v["possible"],
                "vertical_density": v["density"], "horizontal_ahead": ahead,
            })
    return rows
