"""Representation gaps: which sectors sit on, and come to, each group (Analysis 4).

Seed 000 (Wales 1998) found social services on all 20 local-authority mental
health planning groups but GPs on only 9, with 8 more groups inviting GPs who
never came. This module makes that count from the typed graph the store returns:

* :func:`representation_gaps` -- one row per group: the sectors among its
  members and among its attenders, the core sectors missing from each, the
  chair's sector;
* :func:`representation_summary` -- over those rows: how many groups (and what
  share) have each core sector present, primary care first.

"Attender" follows the participation rule of :mod:`netan.queries.networks`
(:meth:`~netan.queries.networks.GraphIndex.takes_part`): present at one or more
meetings of the group's register; else an ``ATTENDS`` row with attendance above
zero; else (no attendance data) a member in any role but ``invited``.

A person's sector is their own, or their employer's (docs/design.md). Results are
plain JSON-serialisable data (lists, dicts with string keys, ints, floats, None).

Reference: docs/design.md, "Analyses" 4; Secker, Davies & Howell 2000.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from netan.graphdb.schema import CORE_SECTORS, GROUP, LEVEL, MEMBERSHIP_ROLE, SECTOR
from netan.queries.participation import (
    INVITED,
    PRIMARY_CARE,
    GraphIndex,
    Weighting,
    as_text,
    index_of,
    prop,
    term,
)

__all__ = ["group_descendants", "representation_gaps", "representation_summary"]

CHAIR = term(MEMBERSHIP_ROLE, "chair")
NAME = prop(GROUP, "name")
KIND = prop(GROUP, "kind")
LEVEL_P = prop(GROUP, "level")
STAGE_P = prop(GROUP, "stage")
AREA = prop(GROUP, "area")


@functools.lru_cache(maxsize=256)
def _sector_order(sector: str) -> tuple[int, str]:
    if sector in SECTOR.values:
        return (SECTOR.values.index(sector), "")
    return (len(SECTOR.values), sector)


class _Sectors(dict[str, str | None]):
    """``{person: sector}`` (:meth:`GraphIndex.sector`), filled as people are looked up."""

    def __init__(self, idx: GraphIndex) -> None:
        super().__init__()
        self.idx = idx

    def __missing__(self, person: str) -> str | None:
        sector = self[person] = self.idx.sector(person)
        return sector


def _sector_counts(people: Iterable[str], sectors: _Sectors) -> tuple[dict[str, int], int]:
    """``{sector: people}`` in vocabulary order, and how many have no known sector."""
    counts: Counter[Any] = Counter(map(sectors.__getitem__, people))
    unknown = counts.pop(None, 0)
    return {s: counts[s] for s in sorted(counts, key=_sector_order)}, unknown


def _attenders(idx: GraphIndex, group: str, weighting: Weighting) -> set[str]:
    """The ``Person`` nodes among :meth:`GraphIndex.participants` of ``group``.

    The same set, without building an :class:`~netan.queries.networks.Attendance`
    per person where the rule needs none: with ``"membership"`` weighting it is
    the members not ``invited``; at a group with a register, everyone present at
    one or more of its meetings (whatever their membership).
    """
    people = idx.people
    if weighting == "membership":
        return {p for p, role in idx.members.get(group, {}).items()
                if role != INVITED and p in people}
    if idx.has_register(group):
        return {p for p in idx.register_attendance(group) if p in people}
    return {p for p in idx.participants(group, weighting) if p in people}


def group_descendants(idx: GraphIndex) -> dict[str, set[str]]:
    """For every group, the groups ``PART_OF`` it, directly or through other groups."""
    children: dict[str, set[str]] = defaultdict(set)
    for child, parents in idx.parents.items():
        if child in idx.groups:
            for parent in parents:
                children[parent].add(child)
    out: dict[str, set[str]] = {}
    for group in idx.groups:
        seen: set[str] = set()
        stack = list(children.get(group, ()))
        while stack:
            g = stack.pop()
            if g not in seen and g != group:
                seen.add(g)
                stack.extend(children.get(g, ()))
        out[group] = seen
    return out


def representation_gaps(
    G: nx.MultiDiGraph,
    core_sectors: Sequence[str] = CORE_SECTORS,
    include_subgroups: bool = False,
    weighting: Weighting = "attendance", *, index: GraphIndex | None = None
) -> list[dict[str, Any]]:
    r"""Per group: the sectors among its members and its attenders, and the gaps.

    For a group :math:`g` with members :math:`M_g` (``MEMBER_OF`` in any role but
    ``invited``), invitees :math:`I_g` (role ``invited``) and attenders
    :math:`A_g` (the participation rule of the module docstring)::

        member_sectors(g)   = { sector(p) : p in M_g }
        attender_sectors(g) = { sector(p) : p in A_g }
        missing_core_members(g)   = CORE \ member_sectors(g)
        missing_core_attenders(g) = CORE \ attender_sectors(g)

    where ``CORE`` is ``core_sectors`` (default :data:`~netan.graphdb.schema.CORE_SECTORS`:
    primary care, social care, secondary care, user/carer). A sector is *present*
    when at least one person of it is there; counts per sector are given too.

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    core_sectors : the sectors whose absence is a gap.
    include_subgroups : when True, a group's members and attenders include those
        of every group ``PART_OF`` it, directly or not (Secker, Davies & Howell's (2000)
        urban GP group has social services only on its mental health subgroup).
    weighting : ``"attendance"`` (default) or ``"membership"`` -- with
        ``"membership"`` attenders are simply the non-invited members.

    Returns
    -------
    list of dict, one per ``Group`` node, sorted by level (vocabulary order,
    unknown last) then id, each with: ``id``, ``name``, ``kind``, ``level``,
    ``area``, ``stage``; ``members``, ``invited``, ``attenders`` (head counts);
    ``member_sectors``, ``invited_sectors``, ``attender_sectors`` (``{sector:
    people}`` in vocabulary order); ``unknown_sector_members`` and
    ``unknown_sector_attenders`` (people with no known sector);
    ``missing_core_members``, ``missing_core_attenders`` (lists in ``core_sectors``
    order); ``invited_only_sectors`` (core sectors present only as invitees who
    do not attend -- Secker, Davies & Howell's (2000) "invited GPs who never
    came"); ``primary_care_member``,
    ``primary_care_attender`` (bools); ``chairs`` (ids, sorted) and
    ``chair_sector`` (the sector of the first chair by id; None when there is no
    chair or it is unknown).

    Notes
    -----
    Isolated groups (no members) get empty sector tables and every core sector
    missing. A person with several memberships of one group counts once. Ties,
    direction and weights play no part: this counts heads. A person in a
    subgroup and its parent counts once for the parent.

    Reference: docs/design.md, "Analyses" 4; Secker, Davies & Howell 2000,
    "The local authority area".

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    idx = index_of(G, index)
    below = group_descendants(idx) if include_subgroups else {}
    sectors = _Sectors(idx)
    rows = []
    for group, data in idx.groups.items():
        scope = [group, *sorted(below.get(group, ()))]
        members: set[str] = set()
        invited: set[str] = set()
        attenders: set[str] = set()
        chairs: set[str] = set()
        for g in scope:
            for person, role in idx.members.get(g, {}).items():
                if person not in idx.people:
                    continue
                if role == INVITED:
                    invited.add(person)
                else:
                    members.add(person)
                if role == CHAIR and g == group:
                    chairs.add(person)
            attenders |= _attenders(idx, g, weighting)
        invited -= members
        member_sectors, unknown_members = _sector_counts(members, sectors)
        invited_sectors, _ = _sector_counts(invited, sectors)
        attender_sectors, unknown_attenders = _sector_counts(attenders, sectors)
        chair_list = sorted(chairs)
        rows.append({
            "id": group,
            "name": as_text(data.get(NAME)) or group,
            "kind": as_text(data.get(KIND)),
            "level": as_text(data.get(LEVEL_P)),
            "area": as_text(data.get(AREA)),
            "stage": as_text(data.get(STAGE_P)),
            "members": len(members),
            "invited": len(invited),
            "attenders": len(attenders),
            "member_sectors": member_sectors,
            "invited_sectors": invited_sectors,
            "attender_sectors": attender_sectors,
            "unknown_sector_members": unknown_members,
            "unknown_sector_attenders": unknown_attenders,
            "missing_core_members": [s for s in core_sectors if s not in member_sectors],
            "missing_core_attenders": [s for s in core_sectors if s not in attender_sectors],
            "invited_only_sectors": [s for s in core_sectors if s in invited_sectors
                                     and s not in member_sectors
                                     and s not in attender_sectors],
            "primary_care_member": PRIMARY_CARE in member_sectors,
            "primary_care_attender": PRIMARY_CARE in attender_sectors,
            "chairs": chair_list,
            "chair_sector": sectors[chair_list[0]] if chair_list else None,
        })

    def order(row: Mapping[str, Any]) -> tuple[int, str]:
        level = row["level"]
        rank = LEVEL.values.index(level) if level in LEVEL.values else len(LEVEL.values)
        return (rank, row["id"])

    rows.sort(key=order)
    return rows


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def representation_summary(
    rows: Sequence[Mapping[str, Any]],
    core_sectors: Sequence[str] = CORE_SECTORS,
    level: str | None = None,
) -> dict[str, Any]:
    r"""Over the rows of :func:`representation_gaps`: how often each core sector is there.

    For the groups :math:`\mathcal{G}` (all rows, or those at ``level``) and a
    sector ``s``::

        present_members(s)   = |{g : s in member_sectors(g)}|
        present_attenders(s) = |{g : s in attender_sectors(g)}|
        share = present / |G|          (None when there are no groups)

    The headline is ``primary_care``: the share of groups with primary care
    among their members (Secker, Davies & Howell 2000: 9 of 20 area groups) and among their
    attenders.

    Parameters
    ----------
    rows : output of :func:`representation_gaps`.
    core_sectors : sectors to report (default the schema's ``CORE_SECTORS``).
    level : only groups at this level (None: all groups).

    Returns
    -------
    dict with ``groups`` (count), ``level``; ``primary_care`` ->
    ``{"members", "members_share", "attenders", "attenders_share",
    "invited_only"}``; ``by_sector`` -> list of the same per core sector (with
    ``sector``); ``complete_members`` / ``complete_attenders`` (groups missing no
    core sector); ``chair_sectors`` (``{sector: groups}``, ``"unknown"`` for a
    chair of no known sector, ``"none"`` for no chair).

    Groups with no members count in the denominator (they miss every sector).
    """
    chosen = [r for r in rows if level is None or r.get("level") == level]
    n = len(chosen)

    def presence(sector: str) -> dict[str, Any]:
        members = sum(1 for r in chosen if sector in r["member_sectors"])
        attenders = sum(1 for r in chosen if sector in r["attender_sectors"])
        invited_only = sum(1 for r in chosen if sector in r["invited_only_sectors"])
        return {"sector": sector, "members": members, "members_share": _share(members, n),
                "attenders": attenders, "attenders_share": _share(attenders, n),
                "invited_only": invited_only}

    by_sector = [presence(s) for s in core_sectors]
    primary = presence(PRIMARY_CARE)
    primary.pop("sector")
    chair_sectors: Counter[str] = Counter()
    for r in chosen:
        if not r["chairs"]:
            chair_sectors["none"] += 1
        else:
            chair_sectors[r["chair_sector"] or "unknown"] += 1
    complete_m = sum(1 for r in chosen if not r["missing_core_members"])
    complete_a = sum(1 for r in chosen if not r["missing_core_attenders"])
    return {
        "groups": n,
        "level": level,
        "primary_care": primary,
        "by_sector": by_sector,
        "complete_members": complete_m,
        "complete_members_share": _share(complete_m, n),
        "complete_attenders": complete_a,
        "complete_attenders_share": _share(complete_a, n),
        "chair_sectors": {s: chair_sectors[s] for s in sorted(chair_sectors, key=_sector_order)},
    }

