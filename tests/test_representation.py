"""Tests of netan.queries.representation on hand-built typed graphs."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from graphs import DATES5, GraphBuilder

from netan.graphdb.schema import CORE_SECTORS
from netan.queries.participation import index_graph
from netan.queries.representation import (
    _attenders,
    _sector_order,
    group_descendants,
    representation_gaps,
    representation_summary,
)

PRIMARY, SOCIAL, SECONDARY, USER = "primary_care", "social_care", "secondary_care", "user_carer"


def partnership() -> nx.MultiDiGraph:
    """Three area groups and a subgroup.

    * ``g-full``: chair ``hac`` (commissioner, via employer ``ha``), ``gp`` (primary),
      ``sw`` (social), ``cpn`` (secondary), ``carer`` (user_carer, own sector, no
      employer). No register: every non-invited member attends. Complete.
    * ``g-gp-absent``: register of 5 meetings; ``sw`` PPPPP, ``cpn`` PPAPP, ``gp2``
      invited AAAAA (never came), ``gp3`` member AAAAA (a member who never came).
      Members (not invited): sw, cpn, gp3 -> primary among members, not attenders;
      invited only: none for primary (gp3 is a member). Chair: none.
    * ``g-social``: ``sw`` and ``sw2`` members; ``gp4`` invited with no data.
      Chair ``sw2``. Primary care is invited only.
    * ``g-sub``: subgroup PART_OF ``g-social``; member ``cpn``.
    * ``anon``: member of ``g-full`` with no sector and no employer.
    """
    b = GraphBuilder()
    b.agency("pr", sector=PRIMARY, level="practice")
    b.agency("ssd", sector=SOCIAL, level="area")
    b.agency("trust", sector=SECONDARY, level="area")
    b.agency("ha", sector="commissioner", level="region")
    b.group("g-full", level="area", name="Full group")
    b.group("g-gp-absent", level="area")
    b.group("g-social", level="area")
    b.group("g-sub", part_of="g-social")
    b.group("g-region", level="region")
    b.person("hac", role="commissioner", employer="ha")
    for p in ("gp", "gp2", "gp3", "gp4"):
        b.person(p, role="gp", employer="pr")
    b.person("sw", role="social_worker", employer="ssd")
    b.person("sw2", role="manager", employer="ssd")
    b.person("cpn", role="cpn", employer="trust")
    b.person("carer", role="carer_rep", sector=USER)
    b.person("anon")
    b.member("hac", "g-full", "chair").members("g-full", "gp", "sw", "cpn", "carer", "anon")
    b.members("g-gp-absent", "sw", "cpn", "gp3").member("gp2", "g-gp-absent", "invited")
    b.register("g-gp-absent", DATES5, {"sw": "PPPPP", "cpn": "PPAPP", "gp2": "AAAAA",
                                       "gp3": "AAAAA"})
    b.member("sw2", "g-social", "chair").member("sw", "g-social")
    b.member("gp4", "g-social", "invited")
    b.member("cpn", "g-sub")
    return b.G


@pytest.fixture(scope="module")
def rows() -> dict[str, dict]:
    return {r["id"]: r for r in representation_gaps(partnership())}


def test_complete_group(rows: dict[str, dict]) -> None:
    full = rows["g-full"]
    assert full["name"] == "Full group" and full["level"] == "area"
    assert full["members"] == 6 and full["attenders"] == 6
    assert full["member_sectors"] == {PRIMARY: 1, SECONDARY: 1, "commissioner": 1,
                                      SOCIAL: 1, USER: 1}
    assert list(full["member_sectors"]) == [PRIMARY, SECONDARY, "commissioner", SOCIAL, USER]
    assert full["unknown_sector_members"] == 1
    assert full["missing_core_members"] == [] and full["missing_core_attenders"] == []
    assert full["chairs"] == ["hac"] and full["chair_sector"] == "commissioner"
    assert full["primary_care_member"] and full["primary_care_attender"]


def test_member_who_never_attends_is_a_gap_among_attenders(rows: dict[str, dict]) -> None:
    g = rows["g-gp-absent"]
    assert g["members"] == 3 and g["invited"] == 1 and g["attenders"] == 2
    assert g["member_sectors"] == {PRIMARY: 1, SECONDARY: 1, SOCIAL: 1}
    assert g["invited_sectors"] == {PRIMARY: 1}
    assert g["attender_sectors"] == {SECONDARY: 1, SOCIAL: 1}
    assert g["missing_core_members"] == [USER]
    assert g["missing_core_attenders"] == [PRIMARY, USER]
    assert g["invited_only_sectors"] == []  # gp3 holds a seat
    assert g["primary_care_member"] and not g["primary_care_attender"]
    assert g["chairs"] == [] and g["chair_sector"] is None


def test_invited_only_sector_and_chair(rows: dict[str, dict]) -> None:
    g = rows["g-social"]
    assert g["member_sectors"] == {SOCIAL: 2}
    assert g["invited_only_sectors"] == [PRIMARY]
    assert g["missing_core_members"] == [PRIMARY, SECONDARY, USER]
    assert g["chair_sector"] == SOCIAL
    empty = rows["g-region"]
    assert empty["members"] == 0 and empty["member_sectors"] == {}
    assert empty["missing_core_members"] == list(CORE_SECTORS)


def test_rows_sorted_by_level_then_id() -> None:
    ids = [r["id"] for r in representation_gaps(partnership())]
    assert ids == ["g-full", "g-gp-absent", "g-social", "g-region", "g-sub"]


def test_subgroups_count_for_their_parent_when_asked() -> None:
    direct = {r["id"]: r for r in representation_gaps(partnership())}
    assert SECONDARY not in direct["g-social"]["member_sectors"]
    rolled = {r["id"]: r for r in representation_gaps(partnership(), include_subgroups=True)}
    assert rolled["g-social"]["member_sectors"] == {SECONDARY: 1, SOCIAL: 2}
    assert rolled["g-social"]["members"] == 3
    assert rolled["g-sub"]["members"] == 1
    assert rolled["g-social"]["chairs"] == ["sw2"]  # chairs of the group itself only


def test_membership_weighting_counts_members_as_attenders() -> None:
    rows = {r["id"]: r for r in representation_gaps(partnership(), weighting="membership")}
    assert rows["g-gp-absent"]["attender_sectors"] == {PRIMARY: 1, SECONDARY: 1, SOCIAL: 1}


def test_custom_core_sectors() -> None:
    rows = {r["id"]: r for r in representation_gaps(partnership(), core_sectors=(PRIMARY,))}
    assert rows["g-social"]["missing_core_members"] == [PRIMARY]
    assert rows["g-full"]["missing_core_members"] == []


def test_summary_hand_worked() -> None:
    rows = representation_gaps(partnership())
    json.dumps(rows)
    area = representation_summary(rows, level="area")
    assert area["groups"] == 3
    # primary care: members in g-full and g-gp-absent; attenders only in g-full;
    # invited only in g-social
    assert area["primary_care"] == {"members": 2, "members_share": pytest.approx(2 / 3),
                                    "attenders": 1, "attenders_share": pytest.approx(1 / 3),
                                    "invited_only": 1}
    social = next(s for s in area["by_sector"] if s["sector"] == SOCIAL)
    assert social["members"] == 3 and social["members_share"] == 1.0
    assert area["complete_members"] == 1 and area["complete_attenders"] == 1
    assert area["chair_sectors"] == {"commissioner": 1, SOCIAL: 1, "none": 1}
    everything = representation_summary(rows)
    assert everything["groups"] == 5
    assert everything["primary_care"]["members"] == 2
    json.dumps(everything)
    nothing = representation_summary(rows, level="national")
    assert nothing["groups"] == 0 and nothing["primary_care"]["members_share"] is None


# ---------------------------------------------------------------------------
# The fast paths against the plain rule, on small random graphs
# ---------------------------------------------------------------------------

SECTORS = (PRIMARY, SOCIAL, SECONDARY, USER, "commissioner", "other", None)
ROLES = ("member", "member", "chair", "invited", None)


def random_partnership(seed: int) -> nx.MultiDiGraph:
    """Agencies, people and groups drawn at random: groups with a register, with
    ``ATTENDS`` rows only, or with memberships only; duplicate memberships, an
    agency given a membership, people of no known sector, nested groups."""
    rng = random.Random(seed)
    b = GraphBuilder()
    agencies = [f"a{i}" for i in range(4)]
    for a in agencies:
        b.agency(a, sector=rng.choice(SECTORS), level=rng.choice(("practice", "area")))
    people = [f"p{i:02d}" for i in range(14)]
    for p in people:
        b.person(p, sector=rng.choice(SECTORS) if rng.random() < 0.3 else None,
                 employer=rng.choice([*agencies, None]))
        if rng.random() < 0.2:
            b.edge(p, rng.choice(agencies), "EMPLOYED_BY")
    groups = [f"g{i}" for i in range(6)]
    for i, g in enumerate(groups):
        b.group(g, level=rng.choice(("area", "region", None)),
                part_of=rng.choice(groups[:i]) if i and rng.random() < 0.5 else None)
        for p in rng.sample(people, rng.randint(0, 7)):
            b.member(p, g, rng.choice(ROLES))
            if rng.random() < 0.2:
                b.member(p, g, rng.choice(ROLES))
        if rng.random() < 0.2:
            b.member(rng.choice(agencies), g)
        kind = rng.choice(("register", "aggregate", "none"))
        if kind == "register":
            b.register(g, DATES5[:rng.randint(1, 5)] if rng.random() < 0.8 else DATES5,
                       {p: "".join(rng.choice("PAS-") for _ in DATES5)
                        for p in rng.sample(people, rng.randint(0, 6))})
        elif kind == "aggregate":
            for p in rng.sample(people, rng.randint(0, 6)):
                held = rng.choice((None, 0, 4))
                b.attends(p, g, rng.choice((None, 0, 1, 3)), held,
                          rate=rng.choice((None, 0.0, 0.1, 0.5)))
    return b.G


def reference_gaps(G: nx.MultiDiGraph, include_subgroups: bool,
                   weighting: str) -> list[dict]:
    """:func:`representation_gaps` as its docstring reads, one person at a time."""
    idx = index_graph(G)
    below = group_descendants(idx) if include_subgroups else {}
    rows = []
    for group in idx.groups:
        members, invited, attenders, chairs = set(), set(), set(), set()
        for g in [group, *below.get(group, ())]:
            for person, role in idx.members.get(g, {}).items():
                if person in idx.people:
                    (invited if role == "invited" else members).add(person)
                    if role == "chair" and g == group:
                        chairs.add(person)
            attenders |= {p for p in idx.people if idx.takes_part(p, g, weighting)}
        invited -= members

        def sectors(people: set[str]) -> dict[str, int]:
            found = [idx.sector(p) for p in people if idx.sector(p) is not None]
            return {s: found.count(s) for s in sorted(set(found), key=_sector_order)}

        chair = min(chairs) if chairs else None
        rows.append({"id": group, "members": len(members), "invited": len(invited),
                     "attenders": len(attenders), "member_sectors": sectors(members),
                     "invited_sectors": sectors(invited), "attender_sectors": sectors(attenders),
                     "unknown_sector_members": sum(idx.sector(p) is None for p in members),
                     "unknown_sector_attenders": sum(idx.sector(p) is None for p in attenders),
                     "chairs": sorted(chairs),
                     "chair_sector": idx.sector(chair) if chair else None})
    return sorted(rows, key=lambda r: r["id"])


@pytest.mark.parametrize("seed", range(40))
def test_fast_paths_match_the_plain_rule(seed: int) -> None:
    G = random_partnership(seed)
    idx = index_graph(G)
    for weighting in ("attendance", "membership"):
        for group in idx.groups:
            expected = {p for p in idx.participants(group, weighting) if p in idx.people}
            assert _attenders(idx, group, weighting) == expected
        for include_subgroups in (False, True):
            rows = representation_gaps(G, include_subgroups=include_subgroups,
                                       weighting=weighting)  # type: ignore[arg-type]
            got = sorted(({k: r[k] for k in ("id", "members", "invited", "attenders",
                                             "member_sectors", "invited_sectors",
                                             "attender_sectors", "unknown_sector_members",
                                             "unknown_sector_attenders", "chairs",
                                             "chair_sector")} for r in rows),
                         key=lambda r: r["id"])
            assert ordered(got) == ordered(reference_gaps(G, include_subgroups, weighting))


def ordered(rows: list[dict]) -> list[dict]:
    """The rows with their sector tables as item lists (so their order is compared)."""
    return [{k: list(v.items()) if isinstance(v, dict) else v for k, v in r.items()}
            for r in rows]
