"""Reading the typed graph once, and the rule for who takes part in a group.

The store hands the analyses a typed :class:`networkx.MultiDiGraph` (see
``GraphStore.to_networkx``): ``Agency``, ``Group``, ``Person`` and ``Meeting``
nodes with their schema properties, and typed edges (``MEMBER_OF``,
``ATTENDED``, ``ATTENDS``, ``LIAISES_WITH``, ...). :func:`index_graph` reads it
once into look-up tables (:class:`GraphIndex`, :class:`Attendance`), so that every
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

References: ``docs/design.md`` ("Derived networks"); Secker, Davies & Howell (2000)
on GPs invited who never came.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Literal, TypeVar

import networkx as nx
from pandas import NA as _PD_NA

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
from netan.kernels.collector import collector_paused
from netan.kernels.nxgraph import keyed_adjacency

__all__ = [
    "Attendance",
    "GraphIndex",
    "NOT_MEMBER",
    "Weighting",
    "as_text",
    "index_graph",
    "index_of",
    "prop",
    "term",
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

Weighting = Literal["attendance", "membership"]

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


@dataclass(frozen=True, eq=False)
class GraphIndex:
    """The typed graph read once into look-up tables (see :func:`index_graph`).

    Read once per graph and passed along (``index=``) to each analysis, which checks
    that it was read from the graph it is given (:func:`index_of`). It holds its graph
    by a weak reference, so that an index kept does not keep its graph alive. What
    analyses derive from it (the person and organisation networks, the group ties,
    the budget lines) is built on first use and kept with it (:meth:`derived`).
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


def index_graph(G: nx.MultiDiGraph) -> GraphIndex:
    """Read the typed graph ``G`` (as ``to_networkx`` returns it) into a :class:`GraphIndex`.

    Edges whose endpoint labels do not fit their type are ignored. Of several
    ``MEMBER_OF`` edges between one person and one group the one that is not
    ``invited`` wins; of several register lines for one person and meeting the
    best status wins (present > apologies > absent).

    Every analysis starts here. The report, the view and the API read the index
    once and pass it along (``index=``) to each analysis of the same, unchanged
    graph; an analysis given none reads its own (:func:`index_of`).
    """
    return _build_index(G)


def index_of(G: nx.MultiDiGraph, index: GraphIndex | None) -> GraphIndex:
    """``index`` when given (checked to be read from ``G`` itself), else ``G`` read now.

    Raises ValueError when ``index`` was read from another graph: its tables would
    describe other people, groups and ties than ``G``'s.
    """
    if index is None:
        return index_graph(G)
    if index.graph_ref() is not G:
        raise ValueError("the graph index given was read from another graph")
    return index


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
    for u, nbrs in keyed_adjacency(G).items():  # = G.edges(data=True), in its order
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
    idx.employers.update((p, sorted(a)) for p, a in employers.items())
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

