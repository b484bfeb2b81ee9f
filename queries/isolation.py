"""Analysis 1: isolated GPs and unlinked practices.

The seed studies found primary care on the periphery of joint planning: in
Wales GPs sat on only 9 of 20 local-authority mental health planning groups,
8 groups invited GPs who never came, and one case-study GP "had not attended
for several months" (docs/design.md, "The problem"). Seed 001 shows what linking
looks like: in Shetland "each of the 20 general practices had a mental health
lead and a designated link worker within the CMHT".

* :func:`isolated_gps` -- every GP that falls into one or more of docs/design.md's
  categories (``unconnected``, ``invited_not_attending``, ``single_sector``,
  ``broker_dependent``), with the reasons in plain English;
* :func:`unlinked_practices` -- practices with no GP in any group, no link
  worker or cross-sector liaison, and no co-located social care staff.

Both read the typed graph from the store (``to_networkx``); ties are those of
:func:`netan.queries.networks.person_network` (attendance-weighted).

References: ``docs/design.md`` ("Analyses" 1); Shetland link workers;
King's Fund: practice-based partnerships.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from netan.kernels import cutpoints
from netan.queries.networks import LAYER_COLOCATION, LAYER_LIAISON, person_network
from netan.queries.participation import (
    AREA,
    GP,
    INVITED,
    LINK_WORKER,
    NAME,
    NOT_MEMBER,
    PRIMARY_CARE,
    ROLE,
    SECTOR_P,
    SOCIAL_CARE,
    Attendance,
    GraphIndex,
    as_text,
    index_of,
)

__all__ = ["isolated_gps", "isolated_gps_by_cutoffs", "places_not_taken_up",
           "unlinked_practices", "REASONS"]

UNCONNECTED = "unconnected"
INVITED_NOT_ATTENDING = "invited_not_attending"
SINGLE_SECTOR = "single_sector"
BROKER_DEPENDENT = "broker_dependent"
#: The categories of :func:`isolated_gps`, in the order they are reported.
REASONS = (UNCONNECTED, INVITED_NOT_ATTENDING, SINGLE_SECTOR, BROKER_DEPENDENT)

#: Triggers of ``invited_not_attending`` (reported per group in ``attendance``).
LOW_RATE = "low_rate"
MISSED_RECENT = "missed_recent"
INVITED_NEVER_CAME = "invited_no_attendance"

_SINK = ("__netan_other_sectors__",)


@dataclass(frozen=True, eq=False)
class _Places:
    """Every group place of the people of one role, read once for any cut-offs.

    ``people`` are the people of the role, by id; their places follow person by
    person, each person's by group id: ``owner[i]`` (position in ``people``),
    ``group[i]``, ``role[i]`` (membership role, :data:`NOT_MEMBER` when none) and
    ``attendance[i]``. ``first[k]:first[k + 1]`` are the places of ``people[k]``.
    The columns ``rate``, ``held`` (NaN when unknown), ``missed_recent`` (0 when
    unknown), ``register`` and ``invited_absent`` (invited, no attendance) are
    what :func:`_not_taken_up` reads.
    """

    people: list[str]
    names: list[str]
    first: list[int]
    owner: np.ndarray
    group: list[str]
    group_name: list[str]
    role: list[Any]
    attendance: list[Attendance]
    rate: np.ndarray
    held: np.ndarray
    missed_recent: np.ndarray
    register: np.ndarray
    invited_absent: np.ndarray


def _places(idx: GraphIndex, role: str) -> _Places:
    """The :class:`_Places` of the people of ``role``, read from ``idx`` once."""
    def build() -> _Places:
        people = sorted(p for p, d in idx.people.items() if d.get(ROLE) == role)
        first, owner, groups, roles, records = [0], [], [], [], []
        for k, person in enumerate(people):
            for group in sorted(idx.groups_of(person)):
                owner.append(k)
                groups.append(group)
                roles.append(idx.membership_role(person, group))
                records.append(idx.attendance(person, group))
            first.append(len(groups))

        def column(values: Iterable[float | None], empty: float) -> np.ndarray:
            return np.array([empty if x is None else x for x in values], dtype=float)

        return _Places(
            people, [as_text(idx.people[p].get(NAME)) or p for p in people], first,
            np.array(owner, dtype=np.int64), groups, [idx.name(g) for g in groups], roles,
            records, column((a.rate for a in records), np.nan),
            column((a.held for a in records), np.nan),
            column((a.missed_recent for a in records), 0),
            np.array([a.source == "register" for a in records], dtype=bool),
            np.array([r == INVITED and not a.attends for r, a in zip(roles, records, strict=True)],
                     dtype=bool))
    return idx.derived(("isolation.places", role), build)


def _not_taken_up(places: _Places, threshold: float, missed_meetings: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which places are not taken up, by trigger (see :func:`places_not_taken_up`):
    ``low_rate``, ``missed_recent`` and ``invited_no_attendance``, one flag per place."""
    low_rate = places.rate < threshold  # no rate (NaN): never low
    missed_recent = (places.register & (missed_meetings > 0)
                     & (places.held >= missed_meetings)
                     & (places.missed_recent >= missed_meetings))
    return low_rate, missed_recent, places.invited_absent


def _place_record(places: _Places, i: int,
                  flags: tuple[np.ndarray, np.ndarray, np.ndarray]) -> dict[str, Any]:
    """The attendance record of place ``i`` with the triggers it sets."""
    att, role = places.attendance[i], places.role[i]
    return {"group": places.group[i], "group_name": places.group_name[i],
            "membership_role": None if role is NOT_MEMBER else role,
            "source": att.source, "attended": att.attended, "held": att.held,
            "rate": att.rate, "missed_recent": att.missed_recent,
            "last_attended": att.last_attended,
            "triggers": [trigger for trigger, flag in zip(_TRIGGERS, flags, strict=True)
                         if flag[i]]}


#: The triggers in the order :func:`_not_taken_up` gives their flags.
_TRIGGERS = (LOW_RATE, MISSED_RECENT, INVITED_NEVER_CAME)


def _attendance_phrase(rec: dict[str, Any], threshold: float, missed_meetings: int) -> str:
    group = rec["group_name"]
    parts = []
    if INVITED_NEVER_CAME in rec["triggers"]:
        parts.append(f"is invited to {group} but has no recorded attendance")
    if LOW_RATE in rec["triggers"] and INVITED_NEVER_CAME not in rec["triggers"]:
        if rec["attended"] is not None and rec["held"]:
            parts.append(f"attended {rec['attended']} of {rec['held']} meetings of {group} "
                         f"({rec['rate']:.0%}, below {threshold:.0%})")
        else:
            parts.append(f"has an attendance rate of {rec['rate']:.0%} at {group} "
                         f"(below {threshold:.0%})")
    if MISSED_RECENT in rec["triggers"]:
        last = rec["last_attended"]
        since = f"last present {last}" if last else "never present"
        parts.append(f"missed the last {rec['missed_recent']} meetings of {group} "
                     f"(at least {missed_meetings}; {since})")
    return "; ".join(parts)


def _cross_sector_graph(P: nx.Graph, home: str) -> nx.Graph:
    """``P`` with every node of another sector than ``home`` merged into one sink.

    "Another sector" means a known sector different from ``home``; nodes of
    ``home`` or of unknown sector stay as they are. A node tied to any
    other-sector node is tied to the sink.
    """
    other = {n for n, s in P.nodes(data=SECTOR_P) if s is not None and s != home}
    H = nx.Graph()
    H.add_nodes_from(n for n in P if n not in other)
    H.add_edges_from((u, v) for u, v in P.edges() if u not in other and v not in other)
    H.add_node(_SINK)
    for u, v in P.edges():
        if (u in other) != (v in other):
            H.add_edge(v if u in other else u, _SINK)
    return H


def _separators(H: nx.Graph, sink: Hashable,
                nodes: Iterable[Hashable]) -> dict[Hashable, list[Hashable]]:
    """For each of ``nodes`` connected to ``sink``, the nodes other than ``v`` and
    ``sink`` that lie on every ``v``--``sink`` path, in order from ``v``.

    They are the articulation points on the path from ``v`` to ``sink`` in the
    block-cut tree of ``H`` (Hopcroft & Tarjan 1973), so one linear-time
    decomposition answers every ``v``: for ``v`` not adjacent to ``sink``, the
    local node connectivity ``kappa(v, sink)`` is 1 exactly when the list is not
    empty (Menger). Nodes in another component than ``sink`` are left out.
    """
    cut_points = set(nx.articulation_points(H))
    tree: dict[Hashable, list[Hashable]] = defaultdict(list)
    home: dict[Hashable, Hashable] = {}
    for i, block in enumerate(nx.biconnected_components(H)):
        for node in block:
            if node in cut_points:
                tree[("block", i)].append(("cut", node))
                tree[("cut", node)].append(("block", i))
            else:
                home[node] = ("block", i)
    for node in cut_points:
        home[node] = ("cut", node)
    if sink not in home:
        return {}
    parent: dict[Hashable, Hashable | None] = {home[sink]: None}
    queue = deque([home[sink]])
    while queue:
        current = queue.popleft()
        for nxt in tree[current]:
            if nxt not in parent:
                parent[nxt] = current
                queue.append(nxt)
    found: dict[Hashable, list[Hashable]] = {}
    for node in nodes:
        start = home.get(node)
        if start is None or start not in parent or node == sink:
            continue
        path: list[Hashable] = []
        step: Hashable | None = start
        while step is not None:
            if step[0] == "cut" and step[1] not in (node, sink):
                path.append(step[1])
            step = parent[step]
        found[node] = path
    return found


def _read_ties(P: nx.Graph, homes: set[Any], extra: set[Hashable]) -> cutpoints.Ties:
    """The ties of the people of unknown sector or a sector in ``homes``, and of ``extra``."""
    return cutpoints.read_ties(
        P, SECTOR_P, lambda node, sector: sector is None or sector in homes or node in extra)


def _separators_fast(ties: cutpoints.Ties, home: str,
                     nodes: Iterable[Hashable]) -> dict[Hashable, list[Hashable]] | None:
    """:func:`_separators` of :func:`_cross_sector_graph`, by the kernel: the same
    answers from one depth-first search with low points
    (:func:`netan.kernels.cutpoints.cut_nodes_to_sink`), in linear time and without
    building a networkx graph. None (the caller then uses :func:`_separators`) when
    ``ties`` lacks some of the people who stay, or the search is not depth-first.
    """
    graph = cutpoints.sink_graph(ties, lambda sector: sector is None or sector == home)
    if graph is None:
        return None
    kept, H = graph
    return cutpoints.cut_nodes_to_sink(H, kept, nodes)


def places_not_taken_up(G: nx.MultiDiGraph, attendance_threshold: float = 0.25,
                        missed_meetings: int = 3, role: str = GP,
                        *, index: GraphIndex | None = None) -> list[dict[str, Any]]:
    """Group places that people of ``role`` (default ``gp``) hold but do not take up.

    A place is a (person, group) pair with a ``MEMBER_OF``, a register line or
    an ``ATTENDS`` row. It is **not taken up** when, at that group:

    * the attendance rate is below ``attendance_threshold`` (register:
      present / meetings on the register; aggregate: ``rate``, or
      ``attended / held``); or
    * the group has a register with at least ``missed_meetings`` meetings and
      the person was not present at any of the ``missed_meetings`` most recent
      ones (by date; undated meetings count as oldest) -- whatever the rate; or
    * the membership role is ``invited`` and there is no attendance.

    A non-invited member with no attendance data holds a place taken up:
    nothing shows they stay away. This is a statement about one place, not
    about the person: a GP who misses three board meetings but chairs another
    group has a place not taken up and is not on the periphery
    (:func:`isolated_gps` judges the person).

    Returns
    -------
    list of dict, by group then person: ``group``, ``group_name``, ``person``,
    ``name``, ``membership_role``, ``source`` (register / aggregate / None),
    ``attended``, ``held``, ``rate``, ``missed_recent``, ``last_attended``,
    ``triggers`` (``low_rate``, ``missed_recent``, ``invited_no_attendance``).

    References: Secker, Davies & Howell (2000): eight area groups "reported that
    GPs were invited to attend but failed to do so"; the valleys GP "had not
    attended for several months".

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    places = _places(index_of(G, index), role)
    flags = _not_taken_up(places, attendance_threshold, missed_meetings)
    rows = []
    for i in np.flatnonzero(np.logical_or.reduce(flags)).tolist():
        rec = _place_record(places, i, flags)
        person = places.people[places.owner[i]]
        rows.append({"group": rec.pop("group"), "group_name": rec.pop("group_name"),
                     "person": person, "name": places.names[places.owner[i]], **rec})
    rows.sort(key=lambda r: (r["group"], r["person"]))
    return rows


def isolated_gps(G: nx.MultiDiGraph, attendance_threshold: float = 0.25,
                 missed_meetings: int = 3, *,
                 network: nx.Graph | None = None,
                 top_brokers: Iterable[str] = (),
                 index: GraphIndex | None = None) -> list[dict[str, Any]]:
    """GPs on the periphery, judged on their whole position (docs/design.md, Analysis 1).

    Every ``Person`` with role ``gp`` is tested for four categories; a GP can
    fall into several, and one that falls into none is not listed. Every
    category looks at the person -- all their groups, attendance, liaison,
    co-location and shared meetings -- never at one group alone (a place not
    taken up in one group is :func:`places_not_taken_up`).

    ``unconnected``
        The GP has no ``MEMBER_OF``, ``ATTENDS``, ``ATTENDED``, ``LIAISES_WITH``
        (either end) or ``CO_LOCATED_AT`` edge of their own **and** no tie in
        the person network. (A GP whose practice hosts a co-located social worker
        or is the target of someone's liaison has ties, so is not unconnected.)
    ``invited_not_attending``
        The GP holds one or more group places and takes up **none** of them
        (each is a place not taken up, :func:`places_not_taken_up`: rate below
        ``attendance_threshold``, the last ``missed_meetings`` register meetings
        missed, or invited with no attendance), **and** has no tie to anyone of
        another (known) sector through liaison or co-location. A GP who misses
        one board but takes part in another group, or who attends nothing but
        works with a link worker, is not on the periphery.
    ``single_sector``
        The GP has ties in the person network and every neighbour is of the
        GP's own sector (their sector, default ``primary_care``). A neighbour of
        unknown sector is not counted as inside it.
    ``broker_dependent``
        The GP has no direct tie to anyone of another (known) sector, but
        reaches someone of another sector, and one person separates them from
        all of them. Exactly: merge every other-sector person into a sink ``T``
        (a person tied to any of them is tied to ``T``); the GP is broker
        dependent when the local node connectivity ``kappa(GP, T) = 1`` (Menger:
        one node, neither the GP nor ``T``, lies on every GP--``T`` path). The
        cut nodes are the articulation points between the GP and ``T`` in the
        block-cut tree of that graph, read off one depth-first search from
        ``T`` (Hopcroft & Tarjan 1973: ``u`` cuts its child ``c``'s subtree off
        when ``low(c) >= pre(u)``; linear time for all GPs at once), so they are
        intermediaries of the GP's own or unknown sector, never one of the
        other-sector targets. ``brokers`` lists all of them in order from the
        GP; ``broker`` is the last, the one who makes the crossing.

    A GP among ``top_brokers`` (the people the brokerage analysis ranks highest)
    holds a position others depend on and is never listed, whatever the
    categories say: nobody is both an isolated GP and a top broker.

    Ties, weights and direction: a tie is any edge of the undirected person
    network, whatever its weight or layer; an isolate of the person network has
    no ties (so can only be ``unconnected`` or ``invited_not_attending``).

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    attendance_threshold : rate below which a place counts as not taken up.
    missed_meetings : N, the number of most recent register meetings missed in a row.
    network : a :func:`person_network` of ``G`` already built (optional).
    top_brokers : ids of the top brokers (never listed).
    index : ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`), when
        already read (default: read here).

    Returns
    -------
    list of dict, by GP id: ``id``, ``name``, ``agency`` (employer), ``groups``
    (ids of groups with a membership or attendance record), ``reasons`` (in
    :data:`REASONS` order), ``why`` (plain English), ``attendance`` (one record
    per place not taken up, as :func:`places_not_taken_up` without the person
    columns), ``places`` (groups with a place) and ``places_taken_up``,
    ``ties`` (person-network degree), ``tie_sectors`` (sorted sectors of
    neighbours, None as "unknown"), ``broker`` (id, for ``broker_dependent``,
    else None) and ``brokers`` (every single point of failure, GP side first;
    empty unless ``broker_dependent``).

    References: docs/design.md ("Analyses" 1); Secker, Davies & Howell (2000):
    8 groups invited GPs who never came; the valleys GP "had not attended for
    several months".
    """
    return isolated_gps_by_cutoffs(G, [(attendance_threshold, missed_meetings)],
                                   network=network, top_brokers=top_brokers, index=index)[0]


def isolated_gps_by_cutoffs(G: nx.MultiDiGraph, cutoffs: Sequence[tuple[float, int]], *,
                            network: nx.Graph | None = None,
                            top_brokers: Iterable[str] = (),
                            index: GraphIndex | None = None) -> list[list[dict[str, Any]]]:
    """:func:`isolated_gps` for each ``(attendance_threshold, missed_meetings)`` in ``cutoffs``.

    The same rows as calling :func:`isolated_gps` once per pair; what does not
    depend on the cut-offs (each GP's ties, the sectors they reach, the single
    points of failure) is worked out once for all of them.

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    idx = index_of(G, index)
    P = network if network is not None else person_network(G, index=idx)
    excluded = set(top_brokers)
    places = _places(idx, GP)
    gps = places.people
    homes = {person: idx.sector(person) or PRIMARY_CARE for person in gps}
    table = None if P.is_directed() else _read_ties(P, set(homes.values()), set(gps))
    tie_sectors = cutpoints.neighbour_values(table, gps) if table is not None else {
        person: (len(P.adj[person]), {P.nodes[n].get(SECTOR_P) for n in P.adj[person]})
        for person in gps if person in P}
    cache: dict[str, dict[Any, list[Any]]] = {}

    def separators(home: str) -> dict[Any, list[Any]]:
        if home not in cache:
            targets = [g for g in gps if g in P]
            fast = None if table is None else _separators_fast(table, home, targets)
            cache[home] = fast if fast is not None else _separators(
                _cross_sector_graph(P, home), _SINK, targets)
        return cache[home]

    liaising = {end for src, dst, _ in idx.liaisons for end in (src, dst)}
    positions = [_position(idx, places, k, homes[person], tie_sectors, separators, liaising)
                 for k, person in enumerate(gps) if person not in excluded]
    across: dict[str, bool] = {}

    def works_across(position: _Position) -> bool:
        if position.id not in across:
            across[position.id] = _works_across(P, position.id, position.home)
        return across[position.id]

    return [_judged(places, positions, works_across, attendance_threshold, missed_meetings)
            for attendance_threshold, missed_meetings in cutoffs]


@dataclass(frozen=True)
class _Position:
    """What :func:`isolated_gps` says of one GP whatever the attendance cut-offs:
    ``number`` (the GP's place in :class:`_Places`), their groups, ties and the
    sectors they reach, and the reasons that do not depend on attendance
    (``reasons`` in :data:`REASONS` order, with ``phrases`` at the same places)."""

    id: str
    number: int
    name: str
    agency: str | None
    home: str
    groups: list[str]
    ties: int
    sectors: set[Any]
    crosses: bool
    reasons: list[str]
    phrases: list[str]
    broker: str | None
    brokers: list[str]


def _position(idx: GraphIndex, places: _Places, number: int, home: str,
              tie_sectors: dict[Any, tuple[int, set[Any]]],
              separators: Callable[[str], dict[Any, list[Any]]],
              liaising: set[str]) -> _Position:
    """The :class:`_Position` of ``places.people[number]``: ``unconnected``,
    ``single_sector`` and ``broker_dependent`` (see :func:`isolated_gps`)."""
    person = places.people[number]
    name = places.names[number]
    groups = places.group[places.first[number]:places.first[number + 1]]
    ties, sectors = tie_sectors.get(person, (0, set()))
    crosses = any(s is not None and s != home for s in sectors)
    own_links = bool(groups) or bool(idx.sites.get(person)) or person in liaising
    reasons: list[str] = []
    phrases: list[str] = []

    if not own_links and not ties:
        reasons.append(UNCONNECTED)
        phrases.append("sits on and attends no group, has no liaison or co-location "
                       "arrangement, and has no tie to anyone")

    if ties and all(s == home for s in sectors):
        reasons.append(SINGLE_SECTOR)
        where = home.replace("_", " ")
        phrases.append(f"their only tie is to a {where} colleague" if ties == 1
                       else f"all {ties} of their ties are to {where} colleagues")

    broker = None
    brokers: list[str] = []
    if ties and not crosses:
        brokers = list(separators(home).get(person, []))
        if brokers:
            broker = brokers[-1]
            reasons.append(BROKER_DEPENDENT)
            who = idx.name(broker)
            who = who if who == broker else f"{who} ({broker})"
            phrases.append(f"reaches other sectors only through {who}")
    return _Position(person, number, name, idx.employer(person), home, groups, ties,
                     sectors, crosses, reasons, phrases, broker, brokers)


def _judged(places: _Places, positions: list[_Position],
            works_across: Callable[[_Position], bool],
            attendance_threshold: float, missed_meetings: int) -> list[dict[str, Any]]:
    """The rows of :func:`isolated_gps` at one pair of cut-offs, from the GPs' positions:
    ``invited_not_attending`` when none of a GP's places is taken up and they do not
    work across sectors, with the reasons that do not depend on the cut-offs."""
    flags = _not_taken_up(places, attendance_threshold, missed_meetings)
    not_taken_up = np.logical_or.reduce(flags)
    flagged_count = np.bincount(places.owner[not_taken_up],
                                minlength=len(places.people)).tolist()
    rows: list[dict[str, Any]] = []
    for pos in positions:
        taken_up = len(pos.groups) - flagged_count[pos.number]
        invited_not_attending = bool(pos.groups) and not taken_up and not (
            pos.crosses and works_across(pos))
        if not (pos.reasons or invited_not_attending):
            continue
        first, last = places.first[pos.number], places.first[pos.number + 1]
        flagged = [_place_record(places, i, flags) for i in range(first, last)
                   if not_taken_up[i]]
        reasons, phrases = list(pos.reasons), list(pos.phrases)
        if invited_not_attending:  # after unconnected, before the rest
            at = 1 if pos.reasons[:1] == [UNCONNECTED] else 0
            words = [_attendance_phrase(r, attendance_threshold, missed_meetings)
                     for r in flagged]
            if len(flagged) > 1:
                words.append(f"takes up none of {len(flagged)} places")
            reasons.insert(at, INVITED_NOT_ATTENDING)
            phrases[at:at] = words
        rows.append({
            "id": pos.id, "name": pos.name, "agency": pos.agency,
            "groups": list(pos.groups), "reasons": reasons,
            "why": f"{pos.name}: " + "; ".join(phrases) + ".",
            "attendance": flagged, "places": len(pos.groups), "places_taken_up": taken_up,
            "ties": pos.ties, "tie_sectors": sorted({s or "unknown" for s in pos.sectors}),
            "broker": pos.broker, "brokers": list(pos.brokers),
        })
    return rows


def _works_across(P: nx.Graph, person: str, home: str) -> bool:
    """A tie to another (known) sector through liaison or co-location."""
    for other, data in P.adj[person].items():
        sector = P.nodes[other].get(SECTOR_P)
        if sector is not None and sector != home and (
                set(data.get("layers", ())) & {LAYER_LIAISON, LAYER_COLOCATION}):
            return True
    return False


def _holds_place(idx: GraphIndex, person: str, group: str) -> bool:
    """A member in any role but ``invited``, or someone attending (register or ATTENDS)."""
    role = idx.membership_role(person, group)
    if role is not NOT_MEMBER and role != INVITED:
        return True
    return bool(idx.attendance(person, group).attends)


def _liaison_ends(idx: GraphIndex) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``LIAISES_WITH`` indexed both ways: target -> sources and source -> targets."""
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[str]] = defaultdict(list)
    for src, dst, _ in idx.liaisons:
        incoming[dst].append(src)
        outgoing[src].append(dst)
    return incoming, outgoing


def _has_link_worker(idx: GraphIndex, agency: str, home: str,
                     ends: tuple[dict[str, list[str]], dict[str, list[str]]]) -> bool:
    """Condition 2 of :func:`unlinked_practices` fails: the practice has a link."""
    staff = idx.staff.get(agency, set())
    if any(idx.people[p].get(ROLE) == LINK_WORKER
           for p in staff | idx.colocated.get(agency, set())):
        return True

    def other(sector: str | None) -> bool:
        return sector is not None and sector != home

    incoming, outgoing = ends
    for node in (agency, *sorted(staff)):
        if any(other(idx.sector(src)) for src in incoming.get(node, ())):
            return True
    for person in sorted(staff):
        for dst in outgoing.get(person, ()):
            if dst in idx.people and other(idx.sector(dst)):
                return True
            if dst in idx.agencies and other(as_text(idx.agencies[dst].get(SECTOR_P))):
                return True
    return False


def unlinked_practices(G: nx.MultiDiGraph,
                       *, index: GraphIndex | None = None) -> list[dict[str, Any]]:
    """Practices with no GP in any group, no link worker and no co-located social care.

    A practice is an ``Agency`` at level ``practice`` (or of kind
    ``gp_practice`` with no level). It is listed when all three hold:

    1. **no GP in a group**: no person with role ``gp`` employed there is a
       member (in any role but ``invited``) of a group, or takes part in one
       (present at a register meeting, or ``ATTENDS`` with attendance above 0);
    2. **no link worker**: nobody with role ``link_worker`` is employed or
       co-located there, and there is no ``LIAISES_WITH`` -- in either
       direction -- between someone of another sector and the practice or one
       of its employees, nor from an employee to an agency of another sector.
       "Another sector" is a known sector other than the practice's own
       (default ``primary_care``);
    3. **no co-located social care staff**: nobody of sector ``social_care`` is
       ``CO_LOCATED_AT`` the practice or employed there.

    Returns
    -------
    list of dict, by practice id: ``id``, ``name``, ``area``, ``gps`` (ids of
    GPs employed there), ``gp_groups`` (groups where those GPs hold only an
    invited or non-attending place), ``why`` (plain English).

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    idx = index_of(G, index)
    ends = _liaison_ends(idx)
    rows: list[dict[str, Any]] = []
    for agency in sorted(a for a in idx.agencies if idx.is_practice(a)):
        data = idx.agencies[agency]
        home = as_text(data.get(SECTOR_P)) or PRIMARY_CARE
        staff = idx.staff.get(agency, set())
        gps = sorted(p for p in staff if idx.people[p].get(ROLE) == GP)
        if (any(_holds_place(idx, gp, g) for gp in gps for g in idx.groups_of(gp))
                or _has_link_worker(idx, agency, home, ends)
                or any(idx.sector(p) == SOCIAL_CARE
                       for p in staff | idx.colocated.get(agency, set()))):
            continue

        name = as_text(data.get(NAME)) or agency
        gp_groups = sorted({g for gp in gps for g in idx.groups_of(gp)})
        if not gps:
            gp_part = "no GP is recorded there"
        elif gp_groups:
            gp_part = (f"none of its {len(gps)} GP(s) ({', '.join(gps)}) takes part in a group "
                       f"(invited or non-attending places only: {', '.join(gp_groups)})")
        else:
            gp_part = f"none of its {len(gps)} GP(s) ({', '.join(gps)}) is on any group"
        rows.append({
            "id": agency, "name": name, "area": as_text(data.get(AREA)), "gps": gps,
            "gp_groups": gp_groups,
            "why": f"{name}: {gp_part}; no link worker or cross-sector liaison reaches it; "
                   "no social care staff are co-located there.",
        })
    return rows
