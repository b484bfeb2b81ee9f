"""Small hand-built graphs for the analysis tests.

Every graph is built in the format ``GraphStore.to_networkx`` returns: a
:class:`networkx.MultiDiGraph` keyed by id, nodes with ``label`` (a schema label)
and their properties, edges with ``type`` (a schema relationship type) and their
properties. Names come from :mod:`netan.graphdb.schema`.

:class:`GraphBuilder` makes the graphs; the functions below build the named
fixtures the tests work by hand (each docstring draws the graph and gives the
numbers the tests expect). Other analysis tests may import this module read-only
(``from graphs import GraphBuilder``; ``tests/`` is on ``sys.path`` under pytest).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from netan.graphdb.schema import (
    AGENCY,
    ATTENDED,
    ATTENDS,
    CO_LOCATED_AT,
    EMPLOYED_BY,
    FUNDS,
    GROUP,
    HELD_BY,
    LIAISES_WITH,
    MEETING,
    MEMBER_OF,
    PART_OF,
    PARTNERS_WITH,
    PERSON,
)

LABEL = "label"
TYPE = "type"


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


class GraphBuilder:
    """Build a typed MultiDiGraph node by node and edge by edge."""

    def __init__(self) -> None:
        self.G = nx.MultiDiGraph()

    # -- nodes ----------------------------------------------------------------
    def agency(self, id: str, *, sector: str | None = None, level: str | None = None,
               kind: str | None = None, area: str | None = None,
               name: str | None = None) -> GraphBuilder:
        self.G.add_node(id, **{LABEL: AGENCY}, **_clean(
            {"id": id, "name": name or id, "sector": sector, "level": level, "kind": kind,
             "area": area}))
        return self

    def group(self, id: str, *, level: str | None = None, area: str | None = None,
              kind: str | None = None, name: str | None = None,
              part_of: str | None = None) -> GraphBuilder:
        self.G.add_node(id, **{LABEL: GROUP}, **_clean(
            {"id": id, "name": name or id, "level": level, "area": area, "kind": kind}))
        if part_of:
            self.part_of(id, part_of)
        return self

    def person(self, id: str, *, role: str | None = None, sector: str | None = None,
               employer: str | None = None, name: str | None = None) -> GraphBuilder:
        self.G.add_node(id, **{LABEL: PERSON}, **_clean(
            {"id": id, "name": name or id, "role": role, "sector": sector}))
        if employer:
            self.edge(id, employer, EMPLOYED_BY)
        return self

    # -- edges ----------------------------------------------------------------
    def edge(self, u: str, v: str, rel: str, **props: Any) -> GraphBuilder:
        self.G.add_edge(u, v, **{TYPE: rel}, **_clean(props))
        return self

    def part_of(self, child: str, parent: str) -> GraphBuilder:
        return self.edge(child, parent, PART_OF)

    def member(self, person: str, group: str, role: str | None = "member") -> GraphBuilder:
        return self.edge(person, group, MEMBER_OF, role=role)

    def members(self, group: str, *people: str, role: str | None = "member") -> GraphBuilder:
        for person in people:
            self.member(person, group, role)
        return self

    def register(self, group: str, dates: list[str],
                 lines: dict[str, str]) -> GraphBuilder:
        """An attendance register: ``lines[person]`` is one letter per meeting, in
        date order: ``P`` present, ``A`` absent, ``S`` apologies (sent), ``-`` no line."""
        status = {"P": "present", "A": "absent", "S": "apologies"}
        for i, date in enumerate(dates):
            meeting = f"{group}@{date}"
            self.G.add_node(meeting, **{LABEL: MEETING}, id=meeting, date=date)
            self.edge(meeting, group, HELD_BY)
            for person, marks in lines.items():
                if marks[i] != "-":
                    self.edge(person, meeting, ATTENDED, status=status[marks[i]])
        return self

    def attends(self, person: str, group: str, attended: int | None, held: int | None,
                rate: float | None = None, last_attended: str | None = None) -> GraphBuilder:
        return self.edge(person, group, ATTENDS, attended=attended, held=held, rate=rate,
                         last_attended=last_attended)

    def liaison(self, person: str, target: str, model: str | None = None,
                frequency: float | None = None) -> GraphBuilder:
        return self.edge(person, target, LIAISES_WITH, model=model, frequency=frequency)

    def colocate(self, person: str, agency: str, days: float | None = None) -> GraphBuilder:
        return self.edge(person, agency, CO_LOCATED_AT, days_per_week=days)

    def funds(self, source: str, target: str, amount: float,
              mechanism: str | None = None) -> GraphBuilder:
        return self.edge(source, target, FUNDS, amount=amount, mechanism=mechanism)

    def partners(self, a: str, b: str, spectrum: int | None = None) -> GraphBuilder:
        return self.edge(a, b, PARTNERS_WITH, spectrum=spectrum)


DATES5 = ["1998-01-10", "1998-02-10", "1998-03-10", "1998-04-10", "1998-05-10"]


def isolation_graph() -> nx.MultiDiGraph:
    """One GP (or more) per category of ``isolated_gps``, and practices to test
    ``unlinked_practices``.

    Agencies: practices ``pr-a`` .. ``pr-f`` (primary_care, practice), social
    services ``ssd`` (social_care, area), trust ``trust`` (secondary_care, area).

    People and what makes them (un)isolated:

    * ``gp-alone`` (pr-a): employed, nothing else -> ``unconnected``.
    * ``gp-invited`` (pr-b): ``invited`` to ``g-area`` (register of 5 meetings),
      absent at all 5 -> ``invited_not_attending`` (rate 0/5, missed last 5, invited
      with no attendance); no ties -> also ``unconnected`` is NOT given (has a
      membership).
    * ``gp-lapsed`` (pr-c): member of ``g-area``, ``PPSAA`` -> rate 2/5 = 0.4 (not low)
      but missed the last 3 -> ``invited_not_attending`` (missed_recent only).
      Co-attended with ``sw`` (social care) at meetings 1-2 -> tie, not single sector.
    * ``gp-low`` (pr-c): ``ATTENDS`` ``g-loc`` attended 1 of 5 (rate 0.2) ->
      ``invited_not_attending`` (low_rate); tie to ``gp-ok`` (member of ``g-loc``, no
      data) and ``cpn`` (secondary care, member of ``g-loc``).
    * ``gp-single`` (pr-d): member of ``g-gps`` with ``gp-ok`` only (both primary
      care, no attendance data) -> ``single_sector``; reaches other sectors via
      ``gp-ok`` (who sits on ``g-loc`` with ``cpn``) and via nobody else ->
      ``broker_dependent`` with broker ``gp-ok``.
    * ``gp-two`` (pr-e): liaises with ``pm`` (practice manager, pr-e) and with
      ``gp-ok``; ``pm`` liaises with ``sw``: two disjoint ways out ->
      ``single_sector`` only.
    * ``gp-ok`` (pr-e): member of ``g-gps`` and ``g-loc`` with ``cpn`` -> not listed.
    * ``gp-linked`` (pr-f): liaises with ``sw`` directly -> not listed.

    Practices: ``pr-a`` (gp-alone only) and ``pr-b`` (gp-invited only) are
    unlinked; ``pr-c`` has gp-lapsed, a member; ``pr-d`` has gp-single, a member;
    ``pr-e`` has GP members; ``pr-f`` has a link worker ``lw`` employed; ``pr-g`` has
    no staff and ``cpn`` liaises with it; ``pr-i`` has no staff and ``sw2`` (social
    care) co-located. ``pr-h`` has no staff and nothing else -> unlinked.
    """
    b = GraphBuilder()
    for p in "abcdefghi":
        b.agency(f"pr-{p}", sector="primary_care", level="practice", kind="gp_practice",
                 area="X")
    b.agency("ssd", sector="social_care", level="area", kind="social_services", area="X")
    b.agency("trust", sector="secondary_care", level="area", kind="nhs_trust", area="X")
    b.group("g-area", level="area", area="X")
    b.group("g-loc", level="locality", area="X")
    b.group("g-gps", level="locality", area="X")
    b.person("gp-alone", role="gp", sector="primary_care", employer="pr-a")
    b.person("gp-invited", role="gp", sector="primary_care", employer="pr-b")
    b.person("gp-lapsed", role="gp", sector="primary_care", employer="pr-c")
    b.person("gp-low", role="gp", sector="primary_care", employer="pr-c")
    b.person("gp-single", role="gp", sector="primary_care", employer="pr-d")
    b.person("gp-two", role="gp", sector="primary_care", employer="pr-e")
    b.person("gp-ok", role="gp", sector="primary_care", employer="pr-e")
    b.person("gp-linked", role="gp", sector="primary_care", employer="pr-f")
    b.person("pm", role="practice_manager", sector="primary_care", employer="pr-e")
    b.person("lw", role="link_worker", sector="secondary_care", employer="pr-f")
    b.person("sw", role="social_worker", sector="social_care", employer="ssd")
    b.person("sw2", role="social_worker", sector="social_care", employer="ssd")
    b.person("cpn", role="cpn", sector="secondary_care", employer="trust")
    b.member("gp-invited", "g-area", "invited").member("gp-lapsed", "g-area")
    b.member("sw", "g-area")
    b.register("g-area", DATES5, {"gp-invited": "AAAAA", "gp-lapsed": "PPSAA",
                                  "sw": "PPPPP"})
    b.member("gp-low", "g-loc").attends("gp-low", "g-loc", 1, 5, last_attended="1998-01-10")
    b.members("g-loc", "gp-ok", "cpn")
    b.members("g-gps", "gp-single", "gp-ok")
    b.liaison("gp-two", "pm").liaison("gp-two", "gp-ok").liaison("pm", "sw")
    b.liaison("gp-linked", "sw")
    b.colocate("sw2", "pr-i", 2)
    b.liaison("cpn", "pr-g")
    return b.G


def vertical_graph() -> nx.MultiDiGraph:
    """Practices, locality, area and region groups, for ``vertical_links`` and
    ``strategic_routes``.

    Structure (``PART_OF``)::

        rg (region)
        ├── ag1 (area X) ── lg1, lg2 (locality X)
        └── ag2 (area Y) ── lg3 (locality Y)

    Practices (level practice): ``p1``, ``p2``, ``p5`` (area X), ``p3``, ``p4``
    (area Y); ``ha`` (commissioner, region) employs the commissioners ``c1``,
    ``c2``, ``c3``; ``ssd`` (no level, so not a unit) employs ``sw1``.

    Membership (no registers unless said)::

        lg1: gp1, gp2, gp3, c1        ag1: c1, gp1, sw1, gp6
        lg2: gp2, gp3                 ag2: c2; gp4 invited (register: absent x2)
        lg3: c2, gp5                  rg:  c1, c3
        gp7 liaises with c3

    Vertical links (next level up; scope):

    * p1 -> locality (area): {gp1} single_thread; p2: {gp2, gp3} linked;
      p3: {} disconnected (gp4 only invited to ag2); p4: {gp5} single_thread;
      p5: {} disconnected (its GPs reach the area, not a locality group)
    * lg1 -> area (part_of ag1): {c1, gp1} linked; lg2: {} disconnected;
      lg3 -> ag2: {c2} single_thread
    * ag1 -> region (part_of rg): {c1} single_thread; ag2: {} disconnected
    * region is the top level: no rows. ``ha`` is a region-level agency unit.

    Strategic routes (strategic level area; routes carried by people):

    * p1: every route passes gp1 -> 1
    * p2: gp2 and gp3 both reach only lg1/lg2; lg2 leads nowhere else -> every
      route passes lg1 -> 1
    * p3: 0 (an invited member who never came is no route)
    * p4: p4-gp5-lg3-c2-(ha, ag2) -> 1
    * p5: p5-gp6-ag1 and p5-gp7-c3-(ha, rg) -> 2
    """
    b = GraphBuilder()
    b.agency("ha", sector="commissioner", level="region", kind="health_authority")
    b.agency("ssd", sector="social_care", area="X", kind="social_services")
    for p, area in (("p1", "X"), ("p2", "X"), ("p3", "Y"), ("p4", "Y"), ("p5", "X")):
        b.agency(p, sector="primary_care", level="practice", kind="gp_practice", area=area)
    b.group("rg", level="region")
    b.group("ag1", level="area", area="X", part_of="rg")
    b.group("ag2", level="area", area="Y", part_of="rg")
    b.group("lg1", level="locality", area="X", part_of="ag1")
    b.group("lg2", level="locality", area="X", part_of="ag1")
    b.group("lg3", level="locality", area="Y", part_of="ag2")
    for c in ("c1", "c2", "c3"):
        b.person(c, role="commissioner", employer="ha")
    b.person("sw1", role="social_worker", employer="ssd")
    b.person("gp1", role="gp", employer="p1")
    b.person("gp2", role="gp", employer="p2")
    b.person("gp3", role="gp", employer="p2")
    b.person("gp4", role="gp", employer="p3")
    b.person("gp5", role="gp", employer="p4")
    b.person("gp6", role="gp", employer="p5")
    b.person("gp7", role="gp", employer="p5")
    b.members("lg1", "gp1", "gp2", "gp3", "c1")
    b.members("lg2", "gp2", "gp3")
    b.members("lg3", "c2", "gp5")
    b.members("ag1", "c1", "gp1", "sw1")
    b.members("ag2", "c2").member("gp4", "ag2", "invited")
    b.register("ag2", DATES5[:2], {"c2": "PP", "gp4": "AA"})
    b.members("rg", "c1", "c3")
    b.member("gp6", "ag1").liaison("gp7", "c3")
    return b.G


def synthetic_graph(practices: int = 1000, seed: int = 1) -> nx.MultiDiGraph:
    """A random partnership of about ``13 * practices`` nodes, for timing.

    Per practice 3 GPs and a practice manager; one locality group per 10
    practices, one area group per 50 (with a register of 10 meetings); trusts,
    social services and HAs with staff; GPs on locality groups, some on area
    groups (some invited); liaison and co-location scattered.
    """
    import random

    rnd = random.Random(seed)
    b = GraphBuilder()
    areas = max(1, practices // 50)
    people: dict[str, list[str]] = {"primary": [], "other": []}
    for a in range(areas):
        b.agency(f"ha{a}", sector="commissioner", level="region", area=f"A{a}")
        b.agency(f"tr{a}", sector="secondary_care", level="area", area=f"A{a}")
        b.agency(f"ss{a}", sector="social_care", level="area", area=f"A{a}")
        b.group(f"ag{a}", level="area", area=f"A{a}")
        for k in range(3 * 50):
            emp = (f"ha{a}", f"tr{a}", f"ss{a}")[k % 3]
            b.person(f"s{a}-{k}", role="manager", employer=emp)
            people["other"].append(f"s{a}-{k}")
    for loc in range(max(1, practices // 10)):
        b.group(f"lg{loc}", level="locality", area=f"A{loc * 10 // 50 % areas}")
    for p in range(practices):
        area = f"A{p // 50 % areas}"
        b.agency(f"pr{p}", sector="primary_care", level="practice", area=area)
        for k in range(4):
            b.person(f"gp{p}-{k}", role="gp" if k < 3 else "practice_manager",
                     employer=f"pr{p}")
            people["primary"].append(f"gp{p}-{k}")
    dates = [f"1998-{m:02d}-01" for m in range(1, 11)]
    for a in range(areas):
        members = rnd.sample(people["other"], 20) + rnd.sample(people["primary"], 5)
        roles = {m: ("invited" if i >= 23 else "member") for i, m in enumerate(members)}
        for m, role in roles.items():
            b.member(m, f"ag{a}", role)
        b.register(f"ag{a}", dates, {m: "".join(rnd.choice("PPPA") if roles[m] == "member"
                                                 else "A" for _ in dates) for m in members})
    for loc in range(max(1, practices // 10)):
        members = rnd.sample(people["primary"], 12) + rnd.sample(people["other"], 3)
        b.members(f"lg{loc}", *members)
    for _ in range(practices):
        b.liaison(rnd.choice(people["primary"]), rnd.choice(people["other"]), frequency=2)
        b.colocate(rnd.choice(people["other"]), f"pr{rnd.randrange(practices)}", 1)
    return b.G
