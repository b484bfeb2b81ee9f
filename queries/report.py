"""The report: the five analyses of DOMAIN.md on one graph, as plain data.

:func:`build_report` runs every analysis of :mod:`netan.queries` on the typed
graph a store returns and arranges the results in one JSON-ready document that
the renderers (:mod:`netan.reporting`) turn into HTML, Markdown, JSON and CSV.
The document's shape is described by ``docs/report.schema.json``:

* ``headlines`` -- the findings in plain English, first;
* ``sections`` -- one per analysis, each with a ``summary`` (numbers), its
  ``tables`` (each ``id``, ``title``, ``columns``, ``rows``; every table has a
  CSV twin) and ``charts`` (data for the budget Sankey, the sector x level
  heatmap and the attendance-rate histogram);
* ``parameters`` -- the options the analyses ran with.

The caller adds ``provenance`` (versions, input hash), which depends on where
the graph came from (see :func:`netan.api.report`).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from netan.graphdb.schema import (
    ATTENDS,
    CORE_SECTORS,
    GROUP,
    LEVEL,
    MEMBER_OF,
    MEMBERSHIP_ROLE,
    PERSON,
    PERSON_ROLE,
    SECTOR,
    STAGE,
)
from netan.graphdb.store import Progress
from netan.queries import (
    brokerage,
    budgets,
    centrality,
    isolation,
    networks,
    representation,
    vertical,
)

#: The sections of a report, in the order they are presented.
SECTION_IDS: tuple[str, ...] = (
    "isolated_gps", "vertical_links", "brokerage", "representation", "budgets",
)

#: How many top brokers the what-if removes, and how many rows the broker tables show.
TOP_BROKERS = 10


@dataclass(frozen=True)
class ReportOptions:
    """The options of ``netan report`` (defaults as documented there)."""

    group_by: str = "sector"
    attendance_threshold: float = 0.25
    missed_meetings: int = 3
    betweenness: str = "auto"
    seed: int = 0

    def betweenness_mode(self) -> tuple[str, int | None]:
        """``("auto", None)``, ``("exact", None)`` or ``("sampled", K)`` from ``auto``
        (exact up to :data:`netan.queries.centrality.EXACT_LIMIT` people, sampled
        beyond), ``exact`` or ``sample:K``."""
        if self.betweenness in ("auto", "exact"):
            return self.betweenness, None
        kind, _, size = self.betweenness.partition(":")
        if kind != "sample" or not size.isdigit() or int(size) < 1:
            raise ValueError(
                f"--betweenness {self.betweenness!r}: write 'auto', 'exact' or 'sample:K' "
                "(K >= 1)"
            )
        return "sampled", int(size)


# ---------------------------------------------------------------------------
# Plain-data helpers
# ---------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """``value`` with numpy scalars, sets, tuples and NaN made JSON-ready (NaN -> None)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # most cells
        return value
    if kind is float:
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [plain(v) for v in items]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def table(table_id: str, title: str, rows: Iterable[dict[str, Any]],
          columns: list[str] | None = None, description: str = "") -> dict[str, Any]:
    """A report table: rows of flat values (lists joined with ``; ``) under named columns."""
    rows = list(rows)
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    return {"id": table_id, "title": title, "description": description,
            "columns": columns, "rows": [[_cell(row.get(c)) for c in columns] for row in rows]}


def table_rows(document: dict[str, Any], table_id: str) -> list[dict[str, Any]]:
    """The rows of the document's table ``table_id`` as dicts (column -> value)."""
    found = next(t for section in document["sections"] for t in section["tables"]
                 if t["id"] == table_id)
    return [dict(zip(found["columns"], row, strict=True)) for row in found["rows"]]


def _cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, list):
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return value


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _verb(n: int, one: str, many: str) -> str:
    """``one`` when ``n`` is 1, else ``many`` (agreement in the headlines)."""
    return one if n == 1 else many


def _words(value: str | None) -> str:
    return (value or "unknown").replace("_", " ")


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


def isolated_gps_section(G: nx.MultiDiGraph, people: nx.Graph,
                         options: ReportOptions) -> dict[str, Any]:
    """Analysis 1: isolated GPs and unlinked practices."""
    gps = isolation.isolated_gps(G, options.attendance_threshold, options.missed_meetings,
                                 network=people)
    practices = isolation.unlinked_practices(G)
    gp = PERSON_ROLE.canonical("gp")
    n_gps = sum(1 for _, d in G.nodes(data=True)
                if d.get("label") == PERSON and d.get("role") == gp)
    by_reason = {reason: sum(reason in row["reasons"] for row in gps)
                 for reason in isolation.REASONS}
    gp_rows = [{"id": r["id"], "name": r["name"], "agency": r.get("agency"),
                "reasons": r["reasons"], "why": r["why"], "ties": r.get("ties"),
                "broker": r.get("broker"), "groups": r.get("groups")} for r in gps]
    attendance_rows = [{"gp": r["id"], "name": r["name"], **a}
                       for r in gps for a in r.get("attendance") or []]
    return {
        "id": "isolated_gps",
        "title": "Isolated GPs",
        "summary": {"gps": n_gps, "isolated_gps": len(gps), "by_reason": by_reason,
                    "unlinked_practices": len(practices), **gp_presence_in_area_groups(G)},
        "tables": [
            table("isolated_gps", "GPs on the periphery, and why", gp_rows),
            table("gp_attendance", "Attendance behind invited_not_attending", attendance_rows),
            table("unlinked_practices",
                  "Practices with no GP in any group, no link worker, no co-located social care",
                  practices),
        ],
        "charts": [],
    }


def vertical_links_section(G: nx.MultiDiGraph, people: nx.Graph,
                           organisations: nx.Graph) -> dict[str, Any]:
    """Analysis 2: weak vertical links, and horizontal against vertical density."""
    units = vertical.vertical_links(G)
    summary = vertical.vertical_link_summary(units)
    routes = vertical.strategic_routes(G)
    by_direction = networks.tie_density_by_direction(people)
    integration = networks.integration_density(people)
    heatmap = networks.sector_level_density(people)
    density_rows = vertical.horizontal_vertical_density(G, people=people,
                                                        organisations=organisations)
    return {
        "id": "vertical_links",
        "title": "Weak vertical links",
        "summary": {
            "units": len(units),
            "disconnected": sum(u["status"] == vertical.DISCONNECTED for u in units),
            "single_thread": sum(u["status"] == vertical.SINGLE_THREAD for u in units),
            "levels": summary,
            "tie_density": by_direction,
            "integration": integration,
        },
        "tables": [
            table("vertical_link_summary", "Coverage per adjacent level pair", summary),
            table("vertical_links", "Distinct people linking each unit one level up", units),
            table("tie_density", "Horizontal against vertical tie density (by level as in "
                  "DOMAIN.md; by care sector as in seed 001), people and organisations",
                  density_rows),
            table("strategic_routes", "Node-disjoint routes from each practice to the "
                  "strategic level", routes),
            table("sector_level_density", "Tie density between sector x level blocks",
                  heatmap),
        ],
        "charts": [{"id": "sector_level_heatmap", "kind": "heatmap",
                    "title": "Tie density by sector and level", "data": plain(heatmap)}],
    }


def brokerage_section(people: nx.Graph, organisations: nx.Graph,
                      options: ReportOptions) -> dict[str, Any]:
    """Analysis 3: brokerage roles, betweenness, structural holes, cut points, what-if."""
    mode, sample = options.betweenness_mode()
    roles = brokerage.brokerage(people, options.group_by)
    role_rows = brokerage.brokerage_table(roles)
    org_rows = brokerage.brokerage_table(brokerage.brokerage(organisations, options.group_by))
    between = centrality.betweenness(people, mode=mode, k=sample, seed=options.seed)
    holes = centrality.structural_holes(people)
    cut_people = centrality.articulation_points(people, options.group_by)
    cut_ties = centrality.bridges(people, options.group_by)
    top = [row["node"] for row in role_rows[:TOP_BROKERS] if row.get("total")]
    impacts = centrality.top_broker_impacts(people, top, options.group_by)
    between_rows = sorted(
        ({"id": node, "name": people.nodes[node].get("name"),
          options.group_by: people.nodes[node].get(options.group_by),
          "betweenness": value} for node, value in between.values.items()),
        key=lambda r: (-r["betweenness"], str(r["id"])))  # ties by id, not by store order
    return {
        "id": "brokerage",
        "title": "Brokers",
        "summary": {
            "partition": options.group_by,
            "roles": brokerage.ROLES,
            "betweenness": {k: v for k, v in asdict(between).items() if k != "values"},
            "articulation_points": len(cut_people),
            "bridges": len(cut_ties),
            "top_brokers": top,
        },
        "tables": [
            table("brokerage_roles", "The five Gould-Fernandez roles (two-path i -> j -> k "
                  "with no tie i -> k; j brokers)",
                  [{"code": code, "role": name, "meaning": brokerage.ROLE_DESCRIPTIONS[code]}
                   for code, name in brokerage.ROLES.items()]),
            table("brokerage_people", f"Gould-Fernandez brokerage roles by {options.group_by} "
                  "(people): raw counts and z-scores against the density-conditional null "
                  "(identical to sna::brokerage)", role_rows),
            table("brokerage_organisations", f"Gould-Fernandez brokerage roles by "
                  f"{options.group_by} (organisations)", org_rows),
            table("betweenness", "Betweenness centrality", between_rows),
            table("structural_holes", "Burt's constraint, effective size and efficiency",
                  holes),
            table("articulation_points", "People whose departure splits the network",
                  cut_people),
            table("bridges", "Ties whose loss splits the network", cut_ties),
            table("broker_what_if", "If a top broker leaves: cross-sector pairs cut off",
                  impacts),
        ],
        "charts": [],
    }


def representation_section(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Analysis 4: representation gaps per group (all groups, and area groups apart)."""
    rows = representation.representation_gaps(G)
    area = LEVEL.canonical("area")
    summary = representation.representation_summary(rows)
    area_summary = representation.representation_summary(rows, level=area)
    by_sector = [{"groups": "all", **r} for r in summary["by_sector"]]
    by_sector += [{"groups": f"level {area}", **r} for r in area_summary["by_sector"]]
    return {
        "id": "representation",
        "title": "Representation gaps",
        "summary": {
            "groups": summary["groups"],
            "core_sectors": list(CORE_SECTORS),
            "share_with_primary_care": summary["primary_care"]["members_share"],
            "primary_care": summary["primary_care"],
            "area_groups": area_summary["groups"],
            "area_primary_care": area_summary["primary_care"],
            "area_by_sector": {r["sector"]: r["members"] for r in area_summary["by_sector"]},
            "chair_sectors": summary["chair_sectors"],
        },
        "tables": [
            table("representation_gaps", "Sectors among members and attenders, and the core "
                  "sectors missing", rows),
            table("core_sector_presence", "Groups where each core sector is present",
                  by_sector),
        ],
        "charts": [],
    }


def budgets_section(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Analysis 5: budget flows, planning without purchasing, the commissioning cycle."""
    totals = budgets.funding_totals(G)
    sankey = budgets.sankey_flows(G)
    unfunded = budgets.planning_without_purchasing(G)
    stages = budgets.stage_table(G)
    levels = sorted({d.get("level") for _, d in G.nodes(data=True)
                     if d.get("label") == GROUP and d.get("stage") and d.get("level")},
                    key=LEVEL.rank)
    by_level = {level: budgets.stage_table(G, [n for n, d in G.nodes(data=True)
                                               if d.get("label") == GROUP
                                               and d.get("level") == level])
                for level in levels}
    stage_rows = [{"groups": "all", **row} for row in stages["stages"]]
    stage_rows += [{"groups": f"level {level}", **row}
                   for level, table_ in by_level.items() for row in table_["stages"]]
    breakdowns = [{"by": key.removeprefix("by_"), **row}
                  for key in ("by_mechanism", "by_source_sector", "by_target_sector",
                              "by_source_level", "by_target_level")
                  for row in totals[key]]
    for row in breakdowns:
        row["value"] = next((row.pop(k) for k in list(row)
                             if k not in ("by", "amount", "flows", "share")), None)
    return {
        "id": "budgets",
        "title": "Budget flows",
        "summary": {
            "total_amount": totals["total"], "flows": totals["flows"],
            "pooled_amount": totals["pooled"], "pooled_share": totals["pooled_share"],
            "planning_without_purchasing": unfunded["unfunded"],
            "groups_at_plan_or_later": unfunded["groups"],
            "stages": stages["stages"],
            "stages_by_level": {level: t["stages"] for level, t in by_level.items()},
        },
        "tables": [
            table("funding_flows", "Every budget line", budgets.funding_flows(G)),
            table("funding_totals", "Totals by mechanism, sector and level", breakdowns,
                  ["by", "value", "amount", "flows", "share"]),
            table("planning_without_purchasing", "Groups at stage 'plan' or later that "
                  "receive no funds", unfunded["unfunded_groups"]),
            table("commissioning_stages", "The commissioning cycle: groups (with a known "
                  "stage) that reached each stage, in all and per level", stage_rows),
        ],
        "charts": [{"id": "budget_sankey", "kind": "sankey",
                    "title": "Where the money flows (by sector and level)",
                    "data": plain(sankey)}],
    }


def attendance_rates(G: nx.MultiDiGraph) -> list[float]:
    """Every ``ATTENDS`` rate in ``G`` (attended / held), for the distribution chart.

    Sorted: a distribution has no order, and the report must not take one from the
    order a store happens to return edges in (Neo4j's differs from the embedded one's).
    """
    rates = []
    for _, _, data in G.edges(data=True):
        if data.get("type") != ATTENDS:
            continue
        rate = data.get("rate")
        if rate is None and data.get("held"):
            rate = (data.get("attended") or 0) / data["held"]
        if rate is not None and not (isinstance(rate, float) and math.isnan(rate)):
            rates.append(float(rate))
    return sorted(rates)


# ---------------------------------------------------------------------------
# Headlines and the whole report
# ---------------------------------------------------------------------------


def gp_presence_in_area_groups(G: nx.MultiDiGraph) -> dict[str, int]:
    """Area groups with a GP member (role not ``invited``) and with only invited GPs.

    Seed 000's headline counts: of the area planning groups, how many have a
    GP as a member, and in how many GPs were only ever invited.
    """
    gp, area = PERSON_ROLE.canonical("gp"), LEVEL.canonical("area")
    invited = MEMBERSHIP_ROLE.canonical("invited")
    nodes = G.nodes
    roles: dict[Hashable, list[str | None]] = {  # the MEMBER_OF edges into each group
        group: [data.get("role")
                for person, keyed in G.pred[group].items() if nodes[person].get("role") == gp
                for data in keyed.values() if data.get("type") == MEMBER_OF]
        for group, d in networks.index_graph(G).groups.items() if d.get("level") == area
    }
    return {
        "area_groups": len(roles),
        "area_groups_with_gp_member": sum(any(r != invited for r in rs) for rs in roles.values()),
        "area_groups_with_only_invited_gps": sum(
            bool(rs) and all(r == invited for r in rs) for rs in roles.values()),
    }


def money_groups(money: dict[str, Any]) -> int:
    """Groups with a known stage (the denominator of the stage table)."""
    return max((row["reached"] + row["not_reached"] for row in money["stages"]), default=0)


def headlines(G: nx.MultiDiGraph, sections: dict[str, dict[str, Any]]) -> list[str]:
    """The findings in plain English, most telling first."""
    lines: list[str] = []
    rep = sections["representation"]["summary"]
    iso = sections["isolated_gps"]["summary"]
    if iso["area_groups"]:
        line = (f"{iso['area_groups_with_gp_member']} of {iso['area_groups']} area planning "
                "groups have a GP member")
        invited_only = iso["area_groups_with_only_invited_gps"]
        if invited_only:
            line += f"; in {invited_only} more, GPs were invited but never took part"
        lines.append(line + ".")
    invited = iso["by_reason"].get("invited_not_attending", 0)
    who = _verb(invited, "is a member or invitee who does", "are members or invitees who do")
    lines.append(f"{iso['isolated_gps']} of {iso['gps']} GPs are on the periphery; "
                 f"{invited} {who} not attend.")
    phrases = {"unconnected": ("has", "have", "no membership, attendance, liaison or "
                               "co-location at all"),
               "single_sector": ("has", "have", "ties only inside their own sector"),
               "broker_dependent": ("reaches", "reach", "other sectors only through one "
                                    "person")}
    for reason, (one, many, rest) in phrases.items():
        n = iso["by_reason"].get(reason, 0)
        if n:
            lines.append(f"{n} GP{'s' if n != 1 else ''} {_verb(n, one, many)} {rest}.")
    vert = sections["vertical_links"]["summary"]
    lines.append(f"{vert['disconnected']} of {vert['units']} units have no one linking them "
                 f"to the level above; {vert['single_thread']} hang by a single person.")
    integ = vert["integration"]
    h, v = integ["horizontal"]["density"], integ["vertical"]["density"]
    if h is not None and v is not None:
        ahead = "ahead of" if h > v else "behind" if h < v else "level with"
        lines.append(f"Horizontal integration (trust <-> social care, density {h:.2g}) runs "
                     f"{ahead} vertical integration (primary <-> secondary care, {v:.2g}).")
    what_if = table_rows({"sections": list(sections.values())}, "broker_what_if")
    worst = max(what_if, key=lambda r: r.get("cross_pairs_cut") or 0, default=None)
    if worst and worst.get("cross_pairs_cut"):
        lines.append(f"If {worst.get('name') or worst.get('broker')} left, "
                     f"{worst['cross_pairs_cut']} pairs of people in different "
                     f"{_words(sections['brokerage']['summary']['partition'])}s would lose "
                     "every path between them.")
    if rep.get("area_groups"):
        social = rep["area_by_sector"].get(SECTOR.canonical("social_care") or "", 0)
        lines.append(f"Social care sits on {social} of {rep['area_groups']} area groups.")
    if rep.get("groups") and rep.get("share_with_primary_care") is not None:
        lines.append(f"Primary care is present in {round(100 * rep['share_with_primary_care'])}"
                     f"% of {rep['groups']} groups.")
    money = sections["budgets"]["summary"]
    if money.get("total_amount"):
        lines.append(f"{money['total_amount']:,.0f} flows through {money.get('flows', 0)} "
                     f"budget lines; {round(100 * (money.get('pooled_share') or 0))}% is "
                     "pooled.")
    purchased = next((row for row in money["stages"]
                      if row["stage"] == STAGE.canonical("purchased")), None)
    if purchased is not None:
        lines.append(f"{purchased['reached']} of {money_groups(money)} groups with a known "
                     "stage have purchased a service.")
    unfunded = money.get("planning_without_purchasing")
    if unfunded:
        lines.append(f"{unfunded} group{'s' if unfunded != 1 else ''} at stage 'plan' or "
                     f"later {_verb(unfunded, 'receives', 'receive')} no funds.")
    return lines


def build_report(G: nx.MultiDiGraph, options: ReportOptions | None = None,
                 progress: Progress | None = None) -> dict[str, Any]:
    """Run every analysis on ``G`` and return the report document (see module docstring).

    ``progress(step, done, total)`` is called before each analysis.
    """
    options = options or ReportOptions()
    options.betweenness_mode()  # reject a bad --betweenness before any work
    if options.group_by not in ("sector", "level", "role", "agency"):
        raise ValueError(f"--group-by {options.group_by!r}: choose sector, level, role "
                         "or agency")
    steps = ["networks", *SECTION_IDS]

    def step(name: str) -> None:
        if progress is not None:
            progress(name, steps.index(name), len(steps))

    step("networks")
    people = networks.person_network(G)
    organisations = networks.organisation_network(G)
    sections: dict[str, dict[str, Any]] = {}
    step("isolated_gps")
    sections["isolated_gps"] = isolated_gps_section(G, people, options)
    step("vertical_links")
    sections["vertical_links"] = vertical_links_section(G, people, organisations)
    step("brokerage")
    sections["brokerage"] = brokerage_section(people, organisations, options)
    step("representation")
    sections["representation"] = representation_section(G)
    step("budgets")
    sections["budgets"] = budgets_section(G)
    rates = attendance_rates(G)
    sections["representation"]["charts"].append(
        {"id": "attendance_rates", "kind": "histogram",
         "title": "Attendance rates (member x group)", "data": rates})
    if progress is not None:
        progress("done", len(steps), len(steps))
    return plain({
        "title": "netan partnership report",
        "parameters": asdict(options),
        "graph": {"people": people.number_of_nodes(), "person_ties": people.number_of_edges(),
                  "organisations": organisations.number_of_nodes(),
                  "organisation_ties": organisations.number_of_edges(),
                  "sectors": sorted({d.get("sector") for _, d in G.nodes(data=True)
                                     if d.get("sector") in SECTOR.values})},
        "headlines": headlines(G, sections),
        "sections": [sections[s] for s in SECTION_IDS],
    })
