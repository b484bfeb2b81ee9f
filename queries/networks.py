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

Who takes part in a group, and the names checked against the schema, are
:mod:`netan.queries.participation`'s (its names are re-exported here, where the
analyses have always found them). Each network is defined here as plain loops over
people, groups and ties (:func:`group_ties` and the rules of :func:`person_network`);
the pairs of a national partnership are produced by the array kernels of
:mod:`netan.kernels.pairs`, in the same order, so the networks are identical
(``tests/test_speed_paths.py``).

References: ``docs/design.md`` ("Derived networks", "Analyses" 1-2); Woods & McCollam 2002
(Scottish PCTs: horizontal against vertical integration); King's
Fund joint commissioning: weak vertical links.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, combinations
from typing import Any, Literal

import networkx as nx
import numpy as np

from netan.graphdb.schema import (
    ATTENDS,
    CO_LOCATED_AT,
    FUNDS,
    LEVEL,
    LIAISES_WITH,
    MEMBER_OF,
    PARTNERS_WITH,
    REL_TYPES,
    SECTOR,
    Vocabulary,
)
from netan.kernels.collector import collector_paused
from netan.kernels.nxgraph import (
    add_ties,
    adjacency_entries,
    node_values,
    set_tie,
    tie_data,
)
from netan.kernels.pairs import (
    blocks,
    cross_pairs,
    distinct_pairs,
    pairs_between_blocks,
    read_only,
    shared_columns,
    ties_summed,
)
from netan.kernels.records import TieRecords
from netan.queries.participation import (
    FREQUENCY,
    LEVEL_P,
    NOT_MEMBER,
    PRESENT,
    PRIMARY_CARE,
    SECONDARY_CARE,
    SECTOR_P,
    SOCIAL_CARE,
    Attendance,
    GraphIndex,
    Weighting,
    _number,
    as_text,
    index_graph,
    index_of,
    prop,
    term,
)

__all__ = [
    "integration_density",
    "organisation_directed_ties",
    "group_ties",
    "organisation_network",
    "person_liaison_ties",
    "person_network",
    "sector_level_density",
    "tie_density_by_direction",
    "tie_direction",
    # the participation rule's names, re-exported where the analyses have found them
    "Attendance",
    "GraphIndex",
    "NOT_MEMBER",
    "PRESENT",
    "as_text",
    "TiedPairs",
    "index_of",
    "pairs_of",
    "tied_pairs",
    "index_graph",
    "prop",
    "term",
]

LAYER_ATTENDANCE = REL_TYPES[ATTENDS].layer
LAYER_MEMBERSHIP = REL_TYPES[MEMBER_OF].layer
LAYER_LIAISON = REL_TYPES[LIAISES_WITH].layer
LAYER_COLOCATION = REL_TYPES[CO_LOCATED_AT].layer
LAYER_PARTNERSHIP = REL_TYPES[PARTNERS_WITH].layer
LAYER_FUNDS = REL_TYPES[FUNDS].layer

Direction = Literal["horizontal", "vertical", "within", "unknown"]
HORIZONTAL: Direction = "horizontal"
VERTICAL: Direction = "vertical"
WITHIN: Direction = "within"
UNKNOWN: Direction = "unknown"

# ---------------------------------------------------------------------------
# Ties
# ---------------------------------------------------------------------------


def _frequency(data: dict[str, Any]) -> float:
    """A liaison's weight: its frequency (contacts per month) when positive, else 1."""
    frequency = _number(data.get(FREQUENCY))
    return frequency if frequency is not None and frequency > 0 else 1


def _add_tie(H: nx.Graph, u: Any, v: Any, weight: float, layer: str,
             records: TieRecords) -> None:
    """Add ``weight`` to the tie ``u - v`` and to its ``layer_weights[layer]``, with
    ``layers`` the sorted layer names. A tie's record is read-only and may be shared
    (``records``: the network's), so the tie gets a new record rather than a change."""
    if u == v:
        return
    data = tie_data(H, u, v)
    if data is None:
        set_tie(H, u, v, records.tie(weight, {layer: weight}))
        return
    layer_weights = dict(data["layer_weights"])
    if layer in layer_weights:
        layer_weights[layer] += weight
    else:
        layer_weights[layer] = weight
    set_tie(H, u, v, records.tie(data["weight"] + weight, layer_weights))


_LAYER_CODES = (LAYER_ATTENDANCE, LAYER_MEMBERSHIP)


def group_ties(idx: GraphIndex, weighting: Weighting = "attendance"
               ) -> Iterator[tuple[str, str, str, int, str]]:
    """Rule (a) of :func:`person_network`, by its definition: ``(group, a, b, weight,
    layer)`` for every pair ``a < b`` of people taking part in each group (groups by id).

    * a group with a register: ``weight`` = the meetings both were ``present`` at
      (no tie when none), layer ``attendance``;
    * no register, both with attendance data: ``weight`` = the fewer meetings
      attended of the two (1 when a count is unknown), layer ``attendance``;
    * otherwise ``weight`` = 1, layer ``membership`` (co-membership);
    * ``weighting="membership"``: every pair of non-invited members, 1, ``membership``.

    :func:`person_network` takes the same ties, in the same order, as arrays
    (:func:`_group_pairs`, through :func:`netan.kernels.pairs.shared_columns`).
    """
    for group in idx.all_groups():
        if weighting == "membership":
            for a, b in combinations(sorted(idx.participants(group, "membership")), 2):
                yield group, a, b, 1, LAYER_MEMBERSHIP
            continue
        parts = idx.participants(group, "attendance")
        if idx.has_register(group):
            present = {p: idx.present_at(p, group) for p in parts}
            for a, b in combinations(sorted(parts), 2):
                both = len(present[a] & present[b])
                if both:
                    yield group, a, b, both, LAYER_ATTENDANCE
            continue
        for a, b in combinations(sorted(parts), 2):
            att_a, att_b = parts[a], parts[b]
            if att_a.source and att_b.source:
                if att_a.attended is None or att_b.attended is None:
                    yield group, a, b, 1, LAYER_ATTENDANCE
                else:
                    yield group, a, b, min(att_a.attended, att_b.attended), LAYER_ATTENDANCE
            else:
                yield group, a, b, 1, LAYER_MEMBERSHIP


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
    i, j, weight = shared_columns(lines_row, lines_col, len(row_code), column)
    codes, ranks = np.asarray(row_code, np.int64), np.asarray(row_rank, np.int64)
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


# ---------------------------------------------------------------------------
# Person network
# ---------------------------------------------------------------------------


def person_network(G: nx.MultiDiGraph, weighting: Weighting = "attendance", *,
                   index: GraphIndex | None = None) -> nx.Graph:
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
    index : ``G``'s :class:`GraphIndex`, when already read (default: read here).

    Returns
    -------
    nx.Graph, built once per graph index and weighting (the index keeps it): treat
    it as read-only, and copy it before changing it.
    """
    if weighting not in ("attendance", "membership"):
        raise ValueError(f"weighting must be 'attendance' or 'membership', not {weighting!r}")
    idx = index_of(G, index)
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

    records = TieRecords()  # ties with equal values share one read-only record
    pairs = _group_pairs(idx, weighting)  # rule (a), summed per pair with numpy
    add_ties(H, ties_summed(pairs.a, pairs.b, pairs.weight, pairs.layer, len(pairs.names),
                            _LAYER_CODES, pairs.names, records))

    for person, other, data in person_liaison_ties(idx, weighting):
        _add_tie(H, person, other, _frequency(data), LAYER_LIAISON, records)

    for agency, visitors in idx.colocated.items():
        site = sorted(visitors | idx.staff.get(agency, set()))
        pairs = {tuple(sorted((v, o))) for v in visitors for o in site if o != v}
        for a, b in sorted(pairs):
            _add_tie(H, a, b, 1, LAYER_COLOCATION, records)

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


def organisation_network(G: nx.MultiDiGraph, *, index: GraphIndex | None = None) -> nx.Graph:
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

    Like :func:`person_network`, built once per graph index (``index``, read here
    when not given): treat it as read-only.
    """
    idx = index_of(G, index)
    return idx.derived("organisation network", lambda: _organisation_network(idx))


@collector_paused()
def _organisation_network(idx: GraphIndex) -> nx.Graph:
    H = nx.Graph()
    for agency, data in idx.agencies.items():
        H.add_node(agency, **dict(data))

    agencies = sorted(idx.agencies)
    x, y, layer = _employer_ties(idx, agencies)
    records = TieRecords()  # ties with equal values share one read-only record
    add_ties(H, ties_summed(x, y, np.ones(len(x), np.int64), layer, len(agencies),
                            _LAYER_CODES, agencies, records))

    for u, v, layer, _ in organisation_directed_ties(idx):
        _add_tie(H, u, v, 1, layer, records)
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
    pair, low, high = cross_pairs(key // n, key % n, start, count, flat)
    return low, high, layer_of_pair[pair]


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


@dataclass(frozen=True, eq=False)
class TiedPairs:
    """The distinct tied pairs of a network, read once for the densities and tests to share.

    ``u`` and ``v`` are read-only integer arrays of node positions (in the
    network's node order), ``u < v``: each unordered pair of distinct nodes joined
    by at least one edge, once, whatever the edges' direction, multiplicity and
    self-loops. Read them with :func:`tied_pairs` and pass them (``pairs=``) to each
    analysis of the same, unchanged network; an analysis given none reads its own,
    and refuses pairs read from another network (:func:`pairs_of`).
    """

    network: weakref.ReferenceType[nx.Graph]
    u: np.ndarray
    v: np.ndarray

    def __iter__(self) -> Iterator[np.ndarray]:
        """``u, v = pairs``."""
        return iter((self.u, self.v))


def tied_pairs(network: nx.Graph) -> TiedPairs:
    """The :class:`TiedPairs` of ``network``."""
    position, u, v = adjacency_entries(network)
    u, v = read_only(*distinct_pairs(u, v, len(position), not network.is_directed()))
    return TiedPairs(weakref.ref(network), u, v)


def pairs_of(network: nx.Graph, pairs: TiedPairs | None) -> TiedPairs:
    """``pairs`` when given (checked to be read from ``network`` itself), else read now."""
    if pairs is None:
        return tied_pairs(network)
    if pairs.network() is not network:
        raise ValueError("the tied pairs given were read from another network")
    return pairs


def _block_ties(network: nx.Graph, attrs: tuple[str, ...], pairs: TiedPairs | None = None
                ) -> tuple[list[tuple[Any, ...]], list[int], dict[tuple[int, int], int]]:
    """Nodes grouped into blocks by the values of ``attrs`` (None when missing).

    Returns the blocks' keys (tuples of values, in order of first appearance),
    their sizes, and ``{(i, j): n}`` (``i <= j``, non-zero only): the number of
    tied pairs (:class:`TiedPairs`) with one end in block ``i`` and the other in ``j``.
    """
    columns = [node_values(network, a) for a in attrs]
    block, first = blocks(columns)
    keys = [tuple(column[i] for column in columns) for i in first]
    k = len(keys)
    observed = pairs_between_blocks(block, *pairs_of(network, pairs), k)
    return keys, np.bincount(block, minlength=k).tolist(), observed


def _density(observed: int, possible: int) -> dict[str, Any]:
    return {"observed": observed, "possible": possible,
            "density": observed / possible if possible else None}


def tie_density_by_direction(network: nx.Graph, level_attr: str = LEVEL_P,
                             sector_attr: str = SECTOR_P, *, pairs: TiedPairs | None = None
                             ) -> dict[str, dict[str, Any]]:
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
    keys, sizes, tied = _block_ties(network, (level_attr, sector_attr), pairs)
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


def integration_density(network: nx.Graph, sector_attr: str = SECTOR_P, *,
                        pairs: TiedPairs | None = None) -> dict[str, Any]:
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
    blocks = _block_ties(network, (sector_attr,), pairs)
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
                         level_attr: str = LEVEL_P, *, pairs: TiedPairs | None = None
                         ) -> list[dict[str, Any]]:
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
    blocks, sizes, tied = _block_ties(network, (sector_attr, level_attr), pairs)
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
