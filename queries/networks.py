"""Derived networks: who is tied to whom, and in which direction.

The store hands the analyses a typed :class:`networkx.MultiDiGraph` (see
``GraphStore.to_networkx``): ``Agency``, ``Group``, ``Person`` and ``Meeting``
nodes with their schema properties, and typed edges (``MEMBER_OF``,
``ATTENDED``, ``ATTENDS``, ``LIAISES_WITH``, ...). This module derives the two
one-mode networks of ``docs/design.md`` ("Derived networks") from it and measures
how ties run across sectors and levels:

* :func:`person_network` -- people tied by co-attendance, liaison and co-location;
* :func:`organisation_network` -- agencies tied through their staff's shared
  groups, partnerships, funding and liaison;
* :func:`tie_direction` -- horizontal / vertical / within, as docs/design.md defines it;
* :func:`tie_density_by_direction` -- observed against possible ties of each direction;
* :func:`integration_density` -- Woods & McCollam's (2002) horizontal (trust <-> social work)
  against vertical (primary <-> secondary care) integration;
* :func:`sector_level_density` -- the block density matrix over (sector, level).

It also holds the reading of the raw graph shared by the analyses built on it
(:func:`index_graph`, :class:`GraphIndex`, :class:`Attendance`), so that every
analysis applies one rule for "who takes part in a group":

    A person takes part in group ``g`` when
    (1) ``g`` has a register (``Meeting`` nodes ``HELD_BY`` it): they were
        ``present`` at one or more of its meetings;
    (2) otherwise, they have an ``ATTENDS`` row for ``g``: its ``attended``
        count (or ``rate``) is above zero;
    (3) otherwise (no attendance data for them): they are a ``MEMBER_OF`` ``g``
        in any role but ``invited``.

"A member who never attends brings no tie" (docs/design.md): an invited member with
no attendance, or any member whose attendance data shows none, takes no part.

Names of labels, relationship types, properties, layers and vocabulary values
come from :mod:`netan.graphdb.schema`; :func:`term` and :func:`prop` check the
few spelled here against it when the module is imported.

References: ``docs/design.md`` ("Derived networks", "Analyses" 1-2); Woods & McCollam 2002
(Scottish PCTs: horizontal against vertical integration); King's
Fund joint commissioning: weak vertical links.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Literal, TypeVar

import networkx as nx
import numpy as np
import scipy.sparse as sp
from pandas import NA as _PD_NA

from netan.graphdb.graph_data import collector_paused
from netan.graphdb.schema import (
    AGENCY,
    AGENCY_KIND,
    ATTENDANCE_STATUS,
    ATTENDED,
    ATTENDS,
    CO_LOCATED_AT,
    EMPLOYED_BY,
    FUNDS,
    GROUP,
    HELD_BY,
    LEVEL,
    LIAISES_WITH,
    MEETING,
    MEMBER_OF,
    MEMBERSHIP_ROLE,
    NODE_LABELS,
    PART_OF,
    PARTNERS_WITH,
    PERSON,
    PERSON_ROLE,
    REL_TYPES,
    SECTOR,
    Vocabulary,
)

__all__ = [
    "Attendance",
    "GraphIndex",
    "NOT_MEMBER",
    "as_text",
    "index_graph",
    "integration_density",
    "organisation_directed_ties",
    "organisation_network",
    "person_liaison_ties",
    "person_network",
    "sector_level_density",
    "term",
    "prop",
    "tie_density_by_direction",
    "tie_direction",
]

# ---------------------------------------------------------------------------
# Names, checked against the schema
# ---------------------------------------------------------------------------


def term(vocabulary: Vocabulary, value: str) -> str:
    """``value``, checked to be a canonical value of the schema ``vocabulary``.

    Raises ValueError (at import time of the module that asks) when the schema
    no longer has it, so a renamed vocabulary value cannot silently match nothing.
    """
    if value not in vocabulary.values:
        raise ValueError(f"{value!r} is not a value of the {vocabulary.name} vocabulary")
    return value


def prop(owner: str, name: str) -> str:
    """The property ``name`` of a node label or relationship type, checked in the schema."""
    spec = NODE_LABELS.get(owner) or REL_TYPES.get(owner)
    if spec is None or name not in spec.property_names:
        raise ValueError(f"{owner} has no property {name!r} in the schema")
    return name


_T = TypeVar("_T")

#: Keys that ``to_networkx`` puts on every node / edge (export convention, not schema).
LABEL_KEY = "label"
TYPE_KEY = "type"

PRIMARY_CARE = term(SECTOR, "primary_care")
SECONDARY_CARE = term(SECTOR, "secondary_care")
SOCIAL_CARE = term(SECTOR, "social_care")
PRACTICE = term(LEVEL, "practice")
GP_PRACTICE = term(AGENCY_KIND, "gp_practice")
GP = term(PERSON_ROLE, "gp")
LINK_WORKER = term(PERSON_ROLE, "link_worker")
INVITED = term(MEMBERSHIP_ROLE, "invited")
PRESENT = term(ATTENDANCE_STATUS, "present")
APOLOGIES = term(ATTENDANCE_STATUS, "apologies")
ABSENT = term(ATTENDANCE_STATUS, "absent")

NAME = prop(PERSON, "name")
ROLE = prop(PERSON, "role")
SECTOR_P = prop(PERSON, "sector")
LEVEL_P = prop(AGENCY, "level")
KIND = prop(AGENCY, "kind")
AREA = prop(AGENCY, "area")
DATE = prop(MEETING, "date")
MEMBERSHIP_ROLE_P = prop(MEMBER_OF, "role")
STATUS = prop(ATTENDED, "status")
ATTENDED_P = prop(ATTENDS, "attended")
HELD = prop(ATTENDS, "held")
RATE = prop(ATTENDS, "rate")
LAST_ATTENDED = prop(ATTENDS, "last_attended")
FREQUENCY = prop(LIAISES_WITH, "frequency")

LAYER_ATTENDANCE = REL_TYPES[ATTENDS].layer
LAYER_MEMBERSHIP = REL_TYPES[MEMBER_OF].layer
LAYER_LIAISON = REL_TYPES[LIAISES_WITH].layer
LAYER_COLOCATION = REL_TYPES[CO_LOCATED_AT].layer
LAYER_PARTNERSHIP = REL_TYPES[PARTNERS_WITH].layer
LAYER_FUNDS = REL_TYPES[FUNDS].layer

Weighting = Literal["attendance", "membership"]
Direction = Literal["horizontal", "vertical", "within", "unknown"]
HORIZONTAL: Direction = "horizontal"
VERTICAL: Direction = "vertical"
WITHIN: Direction = "within"
UNKNOWN: Direction = "unknown"

_STATUS_RANK = {PRESENT: 2, APOLOGIES: 1, ABSENT: 0}

#: What :meth:`GraphIndex.membership_role` returns for someone who is not a member.
NOT_MEMBER: Any = object()

# ---------------------------------------------------------------------------
# Reading the raw graph
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    """One person's attendance at one group, from the best data there is.

    ``source`` is ``"register"`` when the group has meetings (``HELD_BY``), then
    ``attended`` = meetings the person was ``present`` at, ``held`` = meetings
    of the group on the register, ``rate`` = attended / held, ``missed_recent`` =
    how many of the group's most recent meetings in a row the person was not
    present at (absent, apologies or no register line), ``last_attended`` = date
    of the last meeting they were present at. ``source`` is ``"aggregate"`` when
    only an ``ATTENDS`` row exists (``missed_recent`` is then None), and None when
    there is no attendance data for the person at the group.
    """

    source: Literal["register", "aggregate"] | None = None
    attended: int | None = None
    held: int | None = None
    rate: float | None = None
    last_attended: str | None = None
    missed_recent: int | None = None

    @property
    def attends(self) -> bool | None:
        """True / False from the data; None when the data cannot say."""
        if self.attended is not None:
            return self.attended > 0
        if self.rate is not None:
            return self.rate > 0
        return None


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool) or value is _PD_NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN -> None


def as_text(value: Any) -> str | None:
    """``value`` as a string; None for None, NaN and pandas' NA / NaT."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        if value != value or value is _PD_NA:  # NaN-like (numpy NaN, NaT)
            return None
    except (TypeError, ValueError):  # pd.NA refuses a truth value
        return None
    return str(value)


@dataclass
class GraphIndex:
    """The typed graph read once into look-up tables (see :func:`index_graph`).

    It holds its graph by a weak reference, so that the cache of indexes (keyed
    weakly by graph) lets a graph and its index go together.
    """

    graph_ref: weakref.ReferenceType[nx.MultiDiGraph]
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    agencies: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    meetings_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: person -> employer ids (sorted)
    employers: dict[str, list[str]] = field(default_factory=dict)
    #: agency -> people employed there
    staff: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: agency -> people co-located there; person -> sites
    colocated: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sites: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: group -> {person: membership role (None when not given)}
    members: dict[str, dict[str, str | None]] = field(default_factory=lambda: defaultdict(dict))
    #: group -> meeting ids, oldest first (undated first, then by date, then id)
    meetings: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: meeting -> {person: status}
    register: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    #: (person, group) -> ATTENDS properties
    aggregate: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    #: (person, target, LIAISES_WITH properties)
    liaisons: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    #: PART_OF child -> parents
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    partnerships: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    funds: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    #: group -> people with a membership, register line or ATTENDS row; and back
    people_of_group: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    groups_of_person: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: group with a register -> {person present at least once: Attendance}, filled on first use
    _register_attendance: dict[str, dict[str, Attendance]] = field(
        default_factory=dict, repr=False, compare=False)
    #: what analyses derive from the index, built once (see :meth:`derived`)
    _derived: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    def derived(self, key: Hashable, build: Callable[[], _T]) -> _T:
        """``build()``, kept under ``key`` and reused as long as this index is: the
        group ties, the person and organisation networks, the budget lines. Shared
        by every caller: treat the value as read-only."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The indexed graph (alive as long as its owner holds it)."""
        graph = self.graph_ref()
        if graph is None:
            raise ReferenceError("the graph of this index no longer exists")
        return graph

    # -- people -----------------------------------------------------------
    def employer(self, person: str) -> str | None:
        """The person's employer (the first by id when there are several), or None."""
        found = self.employers.get(person)
        return found[0] if found else None

    def sector(self, person: str) -> str | None:
        """The person's sector; docs/design.md: it defaults to their employer's."""
        own = as_text(self.people.get(person, {}).get(SECTOR_P))
        if own:
            return own
        for agency in self.employers.get(person, ()):
            sector = as_text(self.agencies.get(agency, {}).get(SECTOR_P))
            if sector:
                return sector
        return None

    def person_level(self, person: str) -> str | None:
        """The level of the person's employer, or None."""
        agency = self.employer(person)
        return as_text(self.agencies.get(agency, {}).get(LEVEL_P)) if agency else None

    def name(self, node: str) -> str:
        """The node's name, or its id when it has none."""
        data = self.graph.nodes[node] if node in self.graph else {}
        return as_text(data.get(NAME)) or str(node)

    # -- groups -----------------------------------------------------------
    def has_register(self, group: str) -> bool:
        return bool(self.meetings.get(group))

    def present_at(self, person: str, group: str) -> set[str]:
        """Meetings of ``group`` the person was present at."""
        return {m for m in self.meetings.get(group, ()) if self.register[m].get(person) == PRESENT}

    def attendance(self, person: str, group: str) -> Attendance:
        """The person's :class:`Attendance` at ``group``: register first, then ATTENDS."""
        meetings = self.meetings.get(group)
        if meetings:
            found = self.register_attendance(group).get(person)
            if found is not None:
                return found
            held = len(meetings)  # never present: every meeting missed
            return Attendance("register", 0, held, 0 / held, None, held)
        row = self.aggregate.get((person, group))
        if row is None:
            return Attendance()
        attended = _number(row.get(ATTENDED_P))
        held = _number(row.get(HELD))
        rate = _number(row.get(RATE))
        if rate is None and attended is not None and held:
            rate = attended / held
        if attended is None and rate is not None and held is not None:
            attended = round(rate * held)
        return Attendance("aggregate", None if attended is None else int(attended),
                          None if held is None else int(held), rate,
                          as_text(row.get(LAST_ATTENDED)), None)

    def register_attendance(self, group: str) -> dict[str, Attendance]:
        """``{person: Attendance}`` for everyone ``present`` at one or more meetings of
        ``group`` (a group with a register), read from the register once and cached.

        ``attended`` = meetings present at, ``rate`` = attended / held,
        ``last_attended`` = the latest date among them, ``missed_recent`` = meetings
        after the last one present at (the same values :meth:`attendance` documents).
        """
        table = self._register_attendance.get(group)
        if table is not None:
            return table
        meetings = self.meetings.get(group, [])
        held = len(meetings)
        count: dict[str, int] = {}
        last: dict[str, int] = {}
        latest: dict[str, str] = {}
        for k, meeting in enumerate(meetings):
            date = as_text(self.meetings_info[meeting].get(DATE))
            for person, status in self.register.get(meeting, {}).items():
                if status != PRESENT:
                    continue
                count[person] = count.get(person, 0) + 1
                last[person] = k
                if date and (person not in latest or date > latest[person]):
                    latest[person] = date
        table = {p: Attendance("register", n, held, n / held, latest.get(p), held - 1 - last[p])
                 for p, n in count.items()}
        self._register_attendance[group] = table
        return table

    def membership_role(self, person: str, group: str) -> Any:
        """The person's ``MEMBER_OF`` role at ``group`` (None when not given), or
        :data:`NOT_MEMBER`."""
        return self.members.get(group, {}).get(person, NOT_MEMBER)

    def takes_part(self, person: str, group: str, weighting: Weighting = "attendance") -> bool:
        """The module's participation rule (see the module docstring).

        With ``weighting="membership"`` it is simply: a member not ``invited``.
        """
        role = self.membership_role(person, group)
        if weighting == "membership":
            return role is not NOT_MEMBER and role != INVITED
        attendance = self.attendance(person, group)
        if attendance.source is not None and attendance.attends is not None:
            return attendance.attends
        return role is not NOT_MEMBER and role != INVITED

    def participants(self, group: str,
                     weighting: Weighting = "attendance") -> dict[str, Attendance]:
        """The people taking part in ``group``, each with their :class:`Attendance`."""
        found: dict[str, Attendance] = {}
        for person in sorted(self.people_of_group.get(group, ())):
            attendance = self.attendance(person, group)
            if weighting != "membership" and attendance.source is not None:
                attends = attendance.attends
                if attends is not None:
                    if attends:
                        found[person] = attendance
                    continue
            role = self.members.get(group, {}).get(person, NOT_MEMBER)
            if role is not NOT_MEMBER and role != INVITED:
                found[person] = attendance
        return found

    def groups_of(self, person: str) -> set[str]:
        """Groups where the person has a membership, a register line or an ATTENDS row."""
        return set(self.groups_of_person.get(person, ()))

    def all_groups(self) -> list[str]:
        """Ids of all groups: Group nodes and anything used as one by the edges."""
        return sorted(set(self.groups) | set(self.people_of_group))

    # -- structure --------------------------------------------------------
    def ancestors(self, node: str) -> set[str]:
        """Everything ``node`` is PART_OF, transitively."""
        seen: set[str] = set()
        stack = list(self.parents.get(node, ()))
        while stack:
            n = stack.pop()
            if n not in seen:
                seen.add(n)
                stack.extend(self.parents.get(n, ()))
        return seen

    def is_practice(self, agency: str) -> bool:
        """An agency at level ``practice``, or of kind ``gp_practice`` with no level."""
        data = self.agencies.get(agency, {})
        level = as_text(data.get(LEVEL_P))
        return level == PRACTICE or (level is None and data.get(KIND) == GP_PRACTICE)


#: Indexes already built, per graph object, with the graph's size when built.
_INDEXES: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[Hashable, GraphIndex]] = (
    weakref.WeakKeyDictionary())
#: Key of the token netan leaves in a graph's ``__networkx_cache__`` (see :func:`_version`).
_TOKEN = "netan.index_token"


def index_graph(G: nx.MultiDiGraph) -> GraphIndex:
    """Read the typed graph ``G`` (as ``to_networkx`` returns it) into a :class:`GraphIndex`.

    Edges whose endpoint labels do not fit their type are ignored. Of several
    ``MEMBER_OF`` edges between one person and one group the one that is not
    ``invited`` wins; of several register lines for one person and meeting the
    best status wins (present > apologies > absent).

    Every analysis starts here, so the index is built once per graph and reused
    while the graph's nodes and edges stay as they are (analyses never change
    the graph they are given; a caller who edits properties in place should pass
    a copy).
    """
    version = _version(G)
    cached = _INDEXES.get(G)
    if cached is not None and cached[0] == version:
        return cached[1]
    idx = _build_index(G)
    _INDEXES[G] = (version, idx)
    return idx


def _version(G: nx.MultiDiGraph) -> Hashable:
    """Something that changes when nodes or edges are added or removed, cheaply.

    networkx empties a graph's ``__networkx_cache__`` on every such change, so a
    token left there marks the graph as unchanged since (checked in O(1), with
    the node count as a second guard); graphs without that cache (frozen views)
    are counted instead.
    """
    cache = getattr(G, "__networkx_cache__", None)
    if cache is None:
        return _graph_size(G)
    token = cache.setdefault(_TOKEN, object())  # kept alive by the cached version
    return (token, len(G))


def _graph_size(G: nx.MultiDiGraph) -> tuple[int, int]:
    """``(G.number_of_nodes(), G.number_of_edges())``, counting a MultiDiGraph's keyed
    edges without networkx's per-node degree view (the same numbers, ~5x faster)."""
    if G.is_directed() and G.is_multigraph():
        return len(G), sum(map(len, chain.from_iterable(map(dict.values, G._adj.values()))))
    return G.number_of_nodes(), G.number_of_edges()


@collector_paused()
def _build_index(G: nx.MultiDiGraph) -> GraphIndex:
    idx = GraphIndex(weakref.ref(G))
    by_label = {PERSON: idx.people, AGENCY: idx.agencies, GROUP: idx.groups,
                MEETING: idx.meetings_info}
    for node, data in G.nodes(data=True):
        table = by_label.get(data.get(LABEL_KEY))
        if table is not None:
            table[node] = data

    labels = {node: data.get(LABEL_KEY) for node, data in G.nodes(data=True)}
    employers: dict[str, set[str]] = defaultdict(set)
    meeting_group: dict[str, str] = {}
    register, rank = idx.register, _STATUS_RANK
    for u, nbrs in _keyed_adjacency(G).items():  # = G.edges(data=True), in its order
        lu = labels[u]
        for v, keyed in nbrs.items():
            lv = labels[v]
            for data in keyed.values():
                kind = data.get(TYPE_KEY)
                if kind != ATTENDED:
                    _read_edge(idx, employers, meeting_group, kind, u, v, lu, lv, data)
                elif lu == PERSON and lv == MEETING:  # most edges: register lines, inline
                    status = data.get(STATUS)
                    status = (status if type(status) is str else as_text(status)) or ABSENT
                    lines = register[v]
                    previous = lines.get(u)
                    if previous is None or rank.get(status, -1) > rank.get(previous, -1):
                        lines[u] = status
    idx.employers = {p: sorted(a) for p, a in employers.items()}
    for meeting, group in meeting_group.items():
        idx.meetings[group].append(meeting)
    for meetings in idx.meetings.values():
        meetings.sort(key=lambda m: (as_text(idx.meetings_info[m].get(DATE)) is not None,
                                     as_text(idx.meetings_info[m].get(DATE)) or "", m))
    on_register = ((g, set().union(*(register[m] for m in ms))) for g, ms in idx.meetings.items())
    links = chain(((p, g) for g, ms in idx.members.items() for p in ms),
                  ((p, g) for g, people in on_register for p in people), idx.aggregate)
    people, by_group, by_person = idx.people, idx.people_of_group, idx.groups_of_person
    for person, group in links:
        if person in people:
            by_group[group].add(person)
            by_person[person].add(group)
    return idx


def _read_edge(idx: GraphIndex, employers: dict[str, set[str]], meeting_group: dict[str, str],
               kind: Any, u: Any, v: Any, lu: Any, lv: Any, data: dict[str, Any]) -> None:
    """File one edge (not a register line) of the typed graph into the index."""
    if kind == EMPLOYED_BY and (lu, lv) == (PERSON, AGENCY):
        employers[u].add(v)
        idx.staff[v].add(u)
    elif kind == CO_LOCATED_AT and (lu, lv) == (PERSON, AGENCY):
        idx.colocated[v].add(u)
        idx.sites[u].add(v)
    elif kind == MEMBER_OF and (lu, lv) == (PERSON, GROUP):
        role = as_text(data.get(MEMBERSHIP_ROLE_P))
        previous = idx.members[v].get(u, NOT_MEMBER)
        if previous is NOT_MEMBER or previous == INVITED:
            idx.members[v][u] = role
    elif kind == HELD_BY and (lu, lv) == (MEETING, GROUP):
        meeting_group[u] = v
    elif kind == ATTENDS and (lu, lv) == (PERSON, GROUP):
        idx.aggregate[(u, v)] = dict(data)
    elif kind == LIAISES_WITH and lu == PERSON and lv in (PERSON, AGENCY, GROUP):
        idx.liaisons.append((u, v, dict(data)))
    elif kind == PART_OF and lu in (AGENCY, GROUP) and lv in (AGENCY, GROUP):
        idx.parents[u].add(v)
    elif kind == PARTNERS_WITH and (lu, lv) == (AGENCY, AGENCY):
        idx.partnerships.append((u, v, dict(data)))
    elif kind == FUNDS and lu == AGENCY and lv in (AGENCY, GROUP):
        idx.funds.append((u, v, dict(data)))


def _keyed_adjacency(G: nx.MultiDiGraph) -> dict[Any, dict[Any, dict[Any, dict[str, Any]]]]:
    """``{u: {v: {key: data}}}`` whose walk gives ``G.edges(data=True)`` in its order: a
    MultiDiGraph's own adjacency (read directly, without the edge view's per-edge cost),
    else one built from the edge view."""
    if G.is_directed() and G.is_multigraph():
        return G._adj
    keyed: dict[Any, dict[Any, dict[Any, dict[str, Any]]]] = {}
    for u, v, data in G.edges(data=True):
        found = keyed.setdefault(u, {}).setdefault(v, {})
        found[len(found)] = data
    return keyed


def _frequency(data: dict[str, Any]) -> float:
    """A liaison's weight: its frequency (contacts per month) when positive, else 1."""
    frequency = _number(data.get(FREQUENCY))
    return frequency if frequency is not None and frequency > 0 else 1


def _add_tie(H: nx.Graph, u: Any, v: Any, weight: float, layer: str) -> None:
    """Add ``weight`` to the tie ``u - v`` and to its ``layer_weights[layer]``, keeping
    ``layers`` (sorted layer names) up to date."""
    if u == v:
        return
    adj = H._adj  # read and written directly: the same structure as has_edge / add_edge
    data = adj[u].get(v) if u in adj else None
    if data is not None:
        data["weight"] += weight
        layer_weights = data["layer_weights"]
        if layer in layer_weights:
            layer_weights[layer] += weight
        else:
            layer_weights[layer] = weight
            data["layers"] = sorted(layer_weights)
    elif v in adj:
        data = {"weight": weight, "layer_weights": {layer: weight}, "layers": [layer]}
        adj[u][v] = data
        adj[v][u] = data
    else:
        H.add_edge(u, v, weight=weight, layer_weights={layer: weight}, layers=[layer])


_LAYER_CODES = (LAYER_ATTENDANCE, LAYER_MEMBERSHIP)


@dataclass
class _GroupPairs:
    """Every ``(person_a, person_b, weight, layer)`` tie a group gives (rule (a) of
    :func:`person_network`), as arrays.

    ``a`` and ``b`` index ``names`` (sorted ids, so ``a < b``), ``layer`` indexes
    :data:`_LAYER_CODES`; rows run by group id, each group's pairs as
    ``itertools.combinations`` of its sorted participants.
    """

    names: list[str]
    a: np.ndarray
    b: np.ndarray
    weight: np.ndarray
    layer: np.ndarray


def _group_pairs(idx: GraphIndex, weighting: Weighting) -> _GroupPairs:
    """The group ties of the person network (:class:`_GroupPairs`), cached on the index.

    Groups with a register (attendance weighting) are done together, by
    :func:`_register_pairs`; every other group by :func:`_participant_pairs`.
    ``names`` are the sorted ids of all people.
    """
    return idx.derived(("group pairs", weighting), lambda: _all_group_pairs(idx, weighting))


def _all_group_pairs(idx: GraphIndex, weighting: Weighting) -> _GroupPairs:
    names = sorted(idx.people)
    where = {p: k for k, p in enumerate(names)}
    groups = idx.all_groups()
    by_register = [g for g in groups
                   if weighting != "membership" and idx.has_register(g)]
    rank = {g: r for r, g in enumerate(groups)}
    blocks = [_register_pairs(idx, by_register, where, rank)]
    registered = set(by_register)
    for group in groups:
        if group not in registered:
            found = _participant_pairs(idx, group, weighting, where)
            if found is not None:
                blocks.append((np.full(len(found[0]), rank[group], np.int64), *found))
    ranks, a, b, weight, layer = (np.concatenate(parts) for parts in zip(*blocks, strict=True))
    order = np.argsort(ranks, kind="stable")  # groups by id; each group's rows keep their order
    return _GroupPairs(names, a[order].astype(np.int64), b[order].astype(np.int64),
                       weight[order].astype(np.int64), layer[order].astype(np.int8))


def _register_pairs(idx: GraphIndex, groups: list[str], where: dict[str, int],
                    rank: dict[str, int]) -> tuple[np.ndarray, ...]:
    """``(group rank, a, b, shared meetings, layer)`` of the groups with a register.

    The participants are the people present at one or more meetings; one sparse
    product ``B @ B.T`` of the (group, participant) x meeting "present" matrix
    counts every pair's shared meetings. It is block-diagonal (a meeting is held
    by one group) and its rows run by group, then person id, so its upper triangle
    read row by row is the order of ``combinations`` of the sorted participants.
    """
    row_code: list[int] = []
    row_rank: list[int] = []
    lines_row: list[int] = []
    lines_col: list[int] = []
    column = 0
    for group in groups:
        people = sorted(p for p in idx.register_attendance(group) if p in idx.people)
        local = {p: len(row_code) + k for k, p in enumerate(people)}
        row_code.extend(where[p] for p in people)
        row_rank.extend([rank[group]] * len(people))
        for meeting in idx.meetings[group]:
            for person, status in idx.register.get(meeting, {}).items():
                if status == PRESENT and person in local:
                    lines_row.append(local[person])
                    lines_col.append(column)
            column += 1
    present = sp.csr_matrix((np.ones(len(lines_row), np.int64), (lines_row, lines_col)),
                            shape=(len(row_code), column))
    shared = sp.triu(present @ present.T, k=1, format="csr")
    shared.sum_duplicates()
    shared.sort_indices()
    i = np.repeat(np.arange(len(row_code)), np.diff(shared.indptr))
    j, weight = shared.indices, np.asarray(shared.data, np.int64)
    keep = weight > 0
    codes, ranks = np.asarray(row_code, np.int64), np.asarray(row_rank, np.int64)
    i, j, weight = i[keep], j[keep], weight[keep]
    return (ranks[i], codes[i], codes[j], weight,
            np.full(len(i), _LAYER_CODES.index(LAYER_ATTENDANCE), np.int8))


def _participant_pairs(idx: GraphIndex, group: str, weighting: Weighting,
                       where: dict[str, int]) -> tuple[np.ndarray, ...] | None:
    """``(a, b, weight, layer)`` for every pair of participants of a group without a
    register (or of any group, by membership): co-members weigh 1 (layer membership);
    co-attenders the fewer meetings attended of the two, 1 when unknown (layer
    attendance), or 1 with layer membership when either has no attendance data."""
    parts = idx.participants(group, "membership" if weighting == "membership"
                             else "attendance")
    people = sorted(parts)
    m = len(people)
    if m < 2:
        return None
    codes = np.fromiter((where[p] for p in people), np.int64, m)
    i, j = np.triu_indices(m, 1)
    if weighting == "membership":
        return codes[i], codes[j], np.ones(len(i), np.int64), np.full(len(i), 1, np.int8)
    att = [parts[p] for p in people]
    source = np.fromiter((x.source is not None and x.source != "" for x in att), bool, m)
    known = np.fromiter((x.attended is not None for x in att), bool, m)
    count = np.fromiter((x.attended if x.attended is not None else 0 for x in att),
                        np.int64, m)
    both = source[i] & source[j]
    weight = np.where(both & known[i] & known[j], np.minimum(count[i], count[j]), 1)
    return (codes[i], codes[j], weight.astype(np.int64),
            np.where(both, 0, 1).astype(np.int8))


def _aggregate_ties(a: np.ndarray, b: np.ndarray, weight: np.ndarray, layer: np.ndarray,
                    n: int, names: list[Any] | None = None
                    ) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    """Rows ``(a, b, weight, layer)`` summed per pair as :func:`_add_tie` would, yielding
    ``(a, b, {"weight", "layer_weights", "layers"})`` in order of each pair's first row
    (``a`` and ``b`` as ``names[a]``, ``names[b]`` when ``names`` are given)."""
    if len(a) == 0:
        return
    key = a * n + b
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    pairs = len(first)
    total = np.bincount(inverse, weights=weight, minlength=pairs)
    by_layer = []
    for code in range(len(_LAYER_CODES)):
        rows = np.flatnonzero(layer == code)
        seen = np.full(pairs, len(key), np.int64)
        in_layer, earliest = np.unique(inverse[rows], return_index=True)
        seen[in_layer] = rows[earliest]  # each pair's first row in this layer
        by_layer.append((np.bincount(inverse[rows], weights=weight[rows], minlength=pairs),
                         seen))
    att_w, att_first = by_layer[0]
    mem_w, mem_first = by_layer[1]
    none = len(key)
    order = np.argsort(first, kind="stable")
    rows = first[order]
    has_att = (att_first[order] != none).tolist()
    has_mem = (mem_first[order] != none).tolist()
    att_leads = (att_first[order] < mem_first[order]).tolist()
    us, vs = a[rows], b[rows]
    if names is not None:
        lookup = np.empty(len(names), dtype=object)
        lookup[:] = names
        us, vs = lookup[us], lookup[vs]
    both = sorted((LAYER_ATTENDANCE, LAYER_MEMBERSHIP))
    for u, v, w, aw, mw, ha, hm, lead in zip(
            us.tolist(), vs.tolist(), total[order].astype(np.int64).tolist(),
            att_w[order].astype(np.int64).tolist(), mem_w[order].astype(np.int64).tolist(),
            has_att, has_mem, att_leads, strict=True):
        if ha and hm:  # both layers: keys in order of first occurrence, as _add_tie adds them
            layer_weights = ({LAYER_ATTENDANCE: aw, LAYER_MEMBERSHIP: mw} if lead
                             else {LAYER_MEMBERSHIP: mw, LAYER_ATTENDANCE: aw})
            layers = both.copy()
        elif ha:
            layer_weights, layers = {LAYER_ATTENDANCE: aw}, [LAYER_ATTENDANCE]
        else:
            layer_weights, layers = {LAYER_MEMBERSHIP: mw}, [LAYER_MEMBERSHIP]
        yield u, v, {"weight": w, "layer_weights": layer_weights, "layers": layers}


def _add_ties_fast(H: nx.Graph, ties: Iterable[tuple[Hashable, Hashable, dict[str, Any]]]
                   ) -> None:
    """``H.add_edges_from(ties)`` for new edges between nodes already in ``H``, writing the
    adjacency directly (the same structure, without the per-edge ``update`` calls)."""
    adj = H._adj
    for u, v, data in ties:
        adj[u][v] = data
        adj[v][u] = data


# ---------------------------------------------------------------------------
# Person network
# ---------------------------------------------------------------------------


def person_network(G: nx.MultiDiGraph, weighting: Weighting = "attendance") -> nx.Graph:
    """The undirected, weighted network of people (docs/design.md, "Derived networks").

    Nodes are all ``Person`` nodes (isolates included) with their attributes,
    plus ``agency`` (employer id; the first by id if several; None if none),
    ``level`` (that employer's level, or None) and ``sector`` (their own, or
    their employer's when they have none, as docs/design.md defaults it).

    Ties, each adding to the edge's ``weight`` and to ``layer_weights[layer]``:

    (a) **Groups.** With ``weighting="attendance"`` (default), only people who
        take part (module docstring) are tied, and for a pair ``a, b`` of them in
        group ``g``:

        * ``g`` has a register: ``w = |P_a ∩ P_b|``, the meetings of ``g`` both
          were ``present`` at (no tie when 0); layer ``attendance``;
        * no register, both have ``ATTENDS`` rows: ``w = min(attended_a,
          attended_b)`` -- the most meetings they can both have been at, an upper
          bound on co-attendance (1 when a count is unknown but a rate is > 0);
          layer ``attendance``;
        * no register and one or both have no attendance data: ``w = 1``
          (co-membership); layer ``membership``.

        A member who is ``invited`` and has no attendance, or whose data shows
        zero attendance, brings no tie. With ``weighting="membership"`` every
        pair of non-invited ``MEMBER_OF`` members is tied with ``w = 1`` per
        group (layer ``membership``), whatever the attendance.
    (b) **Liaison** (layer ``liaison``), weight ``f`` = the edge's ``frequency``
        (contacts per month) when positive, else 1: person -> person ties the two;
        person -> agency ties the person to everyone employed by or co-located
        at the agency; person -> group ties the person to the group's
        participants (under the same ``weighting``). ``LIAISES_WITH`` is
        directed in the data; the tie is not.
    (c) **Co-location** (layer ``colocation``), weight 1 per site: everyone
        ``CO_LOCATED_AT`` an agency is tied to its employees and to each other.
        Co-employment alone is not a tie.

    Each edge carries ``weight`` (the sum over all reasons), ``layer_weights``
    (``{layer: weight}``) and ``layers`` (sorted layer names). No self-loops.

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    weighting : ``"attendance"`` (default) or ``"membership"``.

    Returns
    -------
    nx.Graph, built once per graph and weighting (:func:`index_graph` keeps it):
    treat it as read-only, and copy it before changing it.
    """
    if weighting not in ("attendance", "membership"):
        raise ValueError(f"weighting must be 'attendance' or 'membership', not {weighting!r}")
    idx = index_graph(G)
    return idx.derived(("person network", weighting),
                       lambda: _person_network(idx, weighting))


@collector_paused()
def _person_network(idx: GraphIndex, weighting: Weighting) -> nx.Graph:
    H = nx.Graph()
    for person, data in idx.people.items():
        attrs = dict(data)
        attrs["agency"] = idx.employer(person)
        attrs["level"] = idx.person_level(person)
        attrs[SECTOR_P] = idx.sector(person)
        H.add_node(person, **attrs)

    pairs = _group_pairs(idx, weighting)  # rule (a), summed per pair with numpy
    _add_ties_fast(H, _aggregate_ties(pairs.a, pairs.b, pairs.weight, pairs.layer,
                                      len(pairs.names), pairs.names))

    for person, other, data in person_liaison_ties(idx, weighting):
        _add_tie(H, person, other, _frequency(data), LAYER_LIAISON)

    for agency, visitors in idx.colocated.items():
        site = sorted(visitors | idx.staff.get(agency, set()))
        pairs = {tuple(sorted((v, o))) for v in visitors for o in site if o != v}
        for a, b in sorted(pairs):
            _add_tie(H, a, b, 1, LAYER_COLOCATION)

    return H  # every tie's ``layers`` is kept up to date as it is added


def person_liaison_ties(idx: GraphIndex, weighting: Weighting = "attendance"
                        ) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Rule (b) of :func:`person_network`: ``(person, other, liaison properties)`` for
    every pair of people a ``LIAISES_WITH`` relationship ties, in the relationship's
    direction (source person first); the other end is the target person, the
    agency's staff and co-located people, or the group's participants."""
    for person, target, data in idx.liaisons:
        if person not in idx.people:
            continue
        if target in idx.people:
            others: Iterable[str] = [target]
        elif target in idx.agencies:
            others = sorted(idx.staff.get(target, set()) | idx.colocated.get(target, set()))
        elif target in idx.groups:
            others = sorted(idx.participants(target, weighting))
        else:
            others = []
        for other in others:
            if other != person:
                yield person, other, data


def organisation_directed_ties(idx: GraphIndex
                               ) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """The ties of :func:`organisation_network` that have a direction in the data, as
    ``(source agency, target agency, layer, relationship properties)``: partnerships,
    funding between agencies, and liaison from a person's employer(s) to the agency
    (or to the employer(s) of the person) liaised with."""
    for u, v, data in idx.partnerships:
        if u in idx.agencies and v in idx.agencies and u != v:
            yield u, v, LAYER_PARTNERSHIP, data
    for u, v, data in idx.funds:
        if u in idx.agencies and v in idx.agencies and u != v:
            yield u, v, LAYER_FUNDS, data
    for person, target, data in idx.liaisons:
        if target in idx.agencies:
            targets = [target]
        elif target in idx.people:
            targets = idx.employers.get(target, [])
        else:
            continue
        for source in idx.employers.get(person, ()):
            for other in targets:
                if source in idx.agencies and other in idx.agencies and source != other:
                    yield source, other, LAYER_LIAISON, data


# ---------------------------------------------------------------------------
# Organisation network
# ---------------------------------------------------------------------------


def organisation_network(G: nx.MultiDiGraph) -> nx.Graph:
    """The undirected, weighted network of agencies (docs/design.md, "Derived networks").

    Nodes are all ``Agency`` nodes with their attributes. Ties, each adding to
    ``weight`` and ``layer_weights[layer]``:

    * **Shared groups**: for every distinct pair of people tied through a group
      in the attendance-weighted :func:`person_network` rule (co-attenders, or
      co-members where there is no attendance data), their employers ``A != B``
      gain 1. ``weight`` therefore counts distinct staff pairs (a pair sharing
      three groups counts once); the layer is ``attendance`` when any of the
      pair's shared groups had attendance data for both, else ``membership``.
      A person with several employers ties each of them.
    * ``PARTNERS_WITH``: +1 per relationship, layer ``partnership``.
    * ``FUNDS`` agency -> agency: +1 per relationship, layer ``funds`` (funding
      of a group is not an agency-agency tie and is left out).
    * ``LIAISES_WITH`` person -> agency: the person's employer(s) to the agency;
      person -> person: employer(s) to employer(s); +1 each, layer ``liaison``.
      Liaison with a group is left out.

    No self-loops (ties inside one agency are dropped). Each edge has
    ``weight``, ``layer_weights`` and ``layers`` (sorted).

    Like :func:`person_network`, built once per graph: treat it as read-only.
    """
    idx = index_graph(G)
    return idx.derived("organisation network", lambda: _organisation_network(idx))


@collector_paused()
def _organisation_network(idx: GraphIndex) -> nx.Graph:
    H = nx.Graph()
    for agency, data in idx.agencies.items():
        H.add_node(agency, **dict(data))

    agencies = sorted(idx.agencies)
    x, y, layer = _employer_ties(idx, agencies)
    _add_ties_fast(H, _aggregate_ties(x, y, np.ones(len(x), np.int64), layer, len(agencies),
                                      agencies))

    for u, v, layer, _ in organisation_directed_ties(idx):
        _add_tie(H, u, v, 1, layer)
    return H  # every tie's ``layers`` is kept up to date as it is added


def _employer_ties(idx: GraphIndex, agencies: list[str]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shared-group ties of :func:`organisation_network` as rows ``(x, y, layer)``
    (``x < y`` index ``agencies``; ``layer`` indexes :data:`_LAYER_CODES`), in the order
    the plain loop adds them: distinct person pairs of the attendance-weighted
    :func:`_group_pairs` sorted by id, and for each the distinct employer pairs
    ``x != y`` of the two, sorted."""
    pairs = _group_pairs(idx, "attendance")
    n = len(pairs.names)
    key, inverse = np.unique(pairs.a * n + pairs.b, return_inverse=True)
    attended = np.zeros(len(key), bool)
    attended[inverse.ravel()[pairs.layer == _LAYER_CODES.index(LAYER_ATTENDANCE)]] = True
    layer_of_pair = np.where(attended, _LAYER_CODES.index(LAYER_ATTENDANCE),
                             _LAYER_CODES.index(LAYER_MEMBERSHIP)).astype(np.int8)
    # each person's employers (sorted ids) as slices of one array
    where = {agency: k for k, agency in enumerate(agencies)}
    employed = [[where[e] for e in idx.employers.get(p, ()) if e in where] for p in pairs.names]
    count = np.fromiter(map(len, employed), np.int64, n)
    start = np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64)
    flat = np.fromiter(chain.from_iterable(employed), np.int64, int(count.sum()))
    # every (employer of a) x (employer of b) per person pair
    a, b = key // n, key % n
    na, nb = count[a], count[b]
    pair = np.repeat(np.arange(len(key)), na * nb)
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(na * nb) - na * nb, na * nb)
    x = flat[start[a[pair]] + offset // nb[pair]]
    y = flat[start[b[pair]] + offset % nb[pair]]
    keep = x != y
    pair, x, y = pair[keep], x[keep], y[keep]
    low, high = np.minimum(x, y), np.maximum(x, y)
    order = np.lexsort((high, low, pair))
    pair, low, high = pair[order], low[order], high[order]
    new = np.ones(len(pair), bool)  # drop repeats of one employer pair within a person pair
    new[1:] = (pair[1:] != pair[:-1]) | (low[1:] != low[:-1]) | (high[1:] != high[:-1])
    return low[new], high[new], layer_of_pair[pair[new]]


# ---------------------------------------------------------------------------
# Direction and density
# ---------------------------------------------------------------------------


def tie_direction(level_a: str | None, sector_a: str | None,
                  level_b: str | None, sector_b: str | None) -> Direction:
    """The direction of a tie between ``a`` and ``b`` (docs/design.md, "Derived networks").

    * ``"vertical"`` when the levels differ;
    * ``"horizontal"`` when the levels are the same and the sectors differ;
    * ``"within"`` when level and sector are both the same;
    * ``"unknown"`` when either level is None, or the levels are equal and
      either sector is None.

    Symmetric in ``a`` and ``b``.
    """
    if level_a is None or level_b is None:
        return UNKNOWN
    if level_a != level_b:
        return VERTICAL
    if sector_a is None or sector_b is None:
        return UNKNOWN
    return HORIZONTAL if sector_a != sector_b else WITHIN


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def cached_on_graph(network: nx.Graph, key: str, build: Callable[[], _T]) -> _T:
    """``build()``, kept in ``network.__networkx_cache__`` under ``key`` and reused.

    networkx empties that per-graph cache whenever a node or edge is added or
    removed through its methods, so a kept value never outlives the structure it
    was computed from. Not kept for frozen views (whose underlying graph may
    change) or when the cache is disabled (None). Values must not depend on
    attributes that a caller might edit in place, and are shared: never change one.
    """
    cache = None if nx.is_frozen(network) else getattr(network, "__networkx_cache__", None)
    if cache is None:
        return build()
    if key not in cache:
        cache[key] = build()
    return cache[key]


def _tied_pairs(network: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """Distinct unordered pairs of distinct nodes joined by at least one edge.

    Two read-only integer arrays ``(u, v)`` of node positions (in ``network``'s
    node order), ``u < v``: each tied pair once, whatever the edges' direction,
    multiplicity and self-loops. Found once per graph (:func:`cached_on_graph`).
    """
    return cached_on_graph(network, "netan.tied_pairs", lambda: _read_only(
        _find_tied_pairs(network)))


def _read_only(arrays: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    for array in arrays:
        array.setflags(write=False)
    return arrays


def _find_tied_pairs(network: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_tied_pairs`, uncached."""
    position = {node: i for i, node in enumerate(network)}
    adj = network._adj  # {node: {neighbour: ...}}; successors only when directed
    n = len(position)
    degree = np.fromiter(map(len, adj.values()), dtype=np.int64, count=len(adj))
    u = np.repeat(np.fromiter(map(position.__getitem__, adj), dtype=np.int64, count=len(adj)),
                  degree)
    v = np.fromiter(map(position.__getitem__, chain.from_iterable(adj.values())),
                    dtype=np.int64, count=int(degree.sum()))
    if not network.is_directed():
        keep = u < v  # an undirected edge is listed from both ends
        return u[keep], v[keep]
    low, high = np.minimum(u, v), np.maximum(u, v)
    pair = np.unique((low * n + high)[low < high])
    return pair // n, pair % n


def _block_ties(network: nx.Graph, attrs: tuple[str, ...]
                ) -> tuple[list[tuple[Any, ...]], list[int], dict[tuple[int, int], int]]:
    """Nodes grouped into blocks by the values of ``attrs`` (None when missing).

    Returns the blocks' keys (tuples of values, in order of first appearance),
    their sizes, and ``{(i, j): n}`` (``i <= j``, non-zero only): the number of
    tied pairs (:func:`_tied_pairs`) with one end in block ``i`` and the other in ``j``.
    """
    data = network._node.values()  # node attribute dicts, in node order
    columns = [[d.get(a) for d in data] for a in attrs]
    combined = np.zeros(len(network), dtype=np.int64)  # one number per distinct key
    for column in columns:
        number = {value: i for i, value in enumerate(dict.fromkeys(column))}
        combined = combined * len(number) + np.fromiter(
            map(number.__getitem__, column), dtype=np.int64, count=len(column))
    _, first, block = np.unique(combined, return_index=True, return_inverse=True)
    by_appearance = np.argsort(first)
    rank = np.empty_like(by_appearance)
    rank[by_appearance] = np.arange(len(by_appearance))
    block = rank[block.reshape(-1)]
    keys = [tuple(column[i] for column in columns) for i in first[by_appearance].tolist()]
    k = len(keys)
    u, v = _tied_pairs(network)
    a, b = block[u], block[v]
    cell = np.minimum(a, b) * k + np.maximum(a, b)
    if k * k <= 4 * len(cell) + 1024:
        counts = np.bincount(cell, minlength=k * k)
        cells = np.flatnonzero(counts)
        counts = counts[cells]
    else:  # many blocks: count only the cells that occur
        cells, counts = np.unique(cell, return_counts=True)
    observed = {divmod(c, k): n for c, n in zip(cells.tolist(), counts.tolist(), strict=True)}
    return keys, np.bincount(block, minlength=k).tolist(), observed


def _density(observed: int, possible: int) -> dict[str, Any]:
    return {"observed": observed, "possible": possible,
            "density": observed / possible if possible else None}


def tie_density_by_direction(network: nx.Graph, level_attr: str = LEVEL_P,
                             sector_attr: str = SECTOR_P) -> dict[str, dict[str, Any]]:
    """Observed against possible ties of each direction (:func:`tie_direction`).

    For each class ``c`` in horizontal, vertical, within, unknown::

        possible_c = number of unordered node pairs {i, j}, i != j, whose
                     (level, sector) make a tie of class c
        observed_c = number of those pairs joined by an edge
        density_c  = observed_c / possible_c   (None when possible_c = 0)

    Possible pairs are counted from the (level, sector) blocks: n_B (n_B - 1) / 2
    inside a block, n_B n_C between two blocks; observed pairs are counted per
    pair of blocks too (one pass over the tied pairs), and each pair of blocks
    is classed once. Isolates count in the possible
    pairs; self-loops, edge direction, parallel edges and weights are ignored
    (a pair is tied or not). Works on :func:`person_network` (level = the
    employer's level) and :func:`organisation_network`.

    Returns ``{class: {"observed", "possible", "density"}}``.
    """
    keys, sizes, tied = _block_ties(network, (level_attr, sector_attr))
    possible: dict[str, int] = dict.fromkeys((HORIZONTAL, VERTICAL, WITHIN, UNKNOWN), 0)
    for i, a in enumerate(keys):
        for j in range(i, len(keys)):
            b = keys[j]
            n = _pairs(sizes[i]) if i == j else sizes[i] * sizes[j]
            possible[tie_direction(a[0], a[1], b[0], b[1])] += n
    observed = dict.fromkeys(possible, 0)
    for (i, j), n in tied.items():
        observed[tie_direction(keys[i][0], keys[i][1], keys[j][0], keys[j][1])] += n
    return {c: _density(observed[c], possible[c]) for c in possible}


def _between(keys: list[tuple[Any, ...]], sizes: list[int], tied: dict[tuple[int, int], int],
             value_a: Any, value_b: Any) -> dict[str, Any]:
    """Density of ties between nodes valued ``value_a`` and ``value_b``, from the
    one-attribute blocks of :func:`_block_ties`."""
    n_a = sum(n for (value,), n in zip(keys, sizes, strict=True) if value == value_a)
    n_b = sum(n for (value,), n in zip(keys, sizes, strict=True) if value == value_b)
    ends = {value_a, value_b}
    observed = sum(n for (i, j), n in tied.items() if {keys[i][0], keys[j][0]} == ends)
    possible = _pairs(n_a) if value_a == value_b else n_a * n_b
    return {**_density(observed, possible), "sectors": [value_a, value_b],
            "n": [n_a, n_b]}


def integration_density(network: nx.Graph, sector_attr: str = SECTOR_P) -> dict[str, Any]:
    """Horizontal against vertical integration in Woods & McCollam's (2002) sense.

    Seed 001 (Scottish PCTs) found "faster progress ... in the horizontal
    integration of services between health and social care organisations than
    ... for vertical integration between primary health care and specialist
    mental health care services". It uses the words for *care relationships*:

    * horizontal integration = ties between ``secondary_care`` and
      ``social_care`` nodes: ``observed / (n_secondary * n_social)``;
    * vertical integration = ties between ``primary_care`` and
      ``secondary_care`` nodes: ``observed / (n_primary * n_secondary)``.

    This is not docs/design.md's level-based direction (:func:`tie_direction`,
    :func:`tie_density_by_direction`), where a practice-to-trust tie is vertical
    only because the two sit at different levels. Both are reported side by side
    in the vertical-links analysis.

    Ties are counted once per unordered pair; weights, direction and self-loops
    are ignored; nodes of other sectors and isolates play no part except that
    isolates of the two sectors count in ``n``.

    Returns ``{"horizontal": {...}, "vertical": {...}, "ratio": h / v}`` where each
    entry has ``observed``, ``possible``, ``density`` (None when possible is 0),
    ``sectors`` and ``n`` (node counts of the two sectors); ``ratio`` is None
    unless both densities exist and the vertical one is above zero.
    """
    blocks = _block_ties(network, (sector_attr,))
    horizontal = _between(*blocks, SECONDARY_CARE, SOCIAL_CARE)
    vertical = _between(*blocks, PRIMARY_CARE, SECONDARY_CARE)
    h, v = horizontal["density"], vertical["density"]
    return {"horizontal": horizontal, "vertical": vertical,
            "ratio": h / v if h is not None and v else None}


def _order(vocabulary: Vocabulary, value: Any) -> tuple[int, str]:
    if value is None:
        return (len(vocabulary.values) + 1, "")
    if value in vocabulary.values:
        return (vocabulary.values.index(value), "")
    return (len(vocabulary.values), str(value))


def sector_level_density(network: nx.Graph, sector_attr: str = SECTOR_P,
                         level_attr: str = LEVEL_P) -> list[dict[str, Any]]:
    """The block density matrix over (sector, level) blocks, for a heatmap.

    Nodes are grouped into blocks ``B = (sector, level)`` (None when missing).
    For blocks ``B`` and ``C``::

        possible(B, B) = n_B (n_B - 1) / 2
        possible(B, C) = n_B n_C                     (B != C)
        density(B, C)  = observed(B, C) / possible(B, C)   (None when possible = 0)

    where ``observed`` counts unordered tied pairs with one end in each block
    (weights, direction, parallel edges and self-loops ignored). The matrix is
    symmetric and returned in full -- a record for every ordered pair of blocks,
    so it pivots straight into a heatmap -- with blocks ordered by the sector
    then the level vocabulary (unknown values after, None last).

    Returns a list of dicts: ``sector_a, level_a, sector_b, level_b, n_a, n_b,
    observed, possible, density``.
    """
    blocks, sizes, tied = _block_ties(network, (sector_attr, level_attr))
    size = dict(zip(blocks, sizes, strict=True))
    number = {b: i for i, b in enumerate(blocks)}
    keys = sorted(blocks, key=lambda b: (_order(SECTOR, b[0]), _order(LEVEL, b[1])))
    records = []
    for a in keys:
        for b in keys:
            i, j = number[a], number[b]
            possible = _pairs(size[a]) if a == b else size[a] * size[b]
            records.append({"sector_a": a[0], "level_a": a[1], "sector_b": b[0],
                            "level_b": b[1], "n_a": size[a], "n_b": size[b],
                            **_density(tied.get((min(i, j), max(i, j)), 0), possible)})
    return records
