"""The report: the five analyses of ``docs/design.md`` on one graph, as plain data.

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

import dataclasses
import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

import networkx as nx

from netan.graphdb.schema import (
    ATTENDS,
    CORE_SECTORS,
    FUNDS,
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
from netan.kernels import parallel
from netan.kernels.blas import one_blas_thread
from netan.queries import (
    analysed,
    brokerage,
    budgets,
    centrality,
    integration,
    isolation,
    mixing,
    networks,
    periphery,
    policy,
    provenance,
    representation,
    significance,
    stability,
    structure,
    survey,
    twomode,
    vertical,
)
from netan.queries.analysed import AnalysedNetwork
from netan.queries.choices import ChoiceError

#: The parts of a report that need only the graph and its index, the derived networks
#: first (the parent's), then the longest first: :func:`build_report`'s first round.
_GRAPH_PARTS: tuple[str, ...] = (
    "derived networks", "provenance", "integration", "representation", "budgets",
    "attendance_rates",
)
#: The parts that need the derived networks: the second round, in an order that keeps
#: both processes busy to the end on the national benchmark (CPU seconds there: people's
#: brokers 3.7, vertical links 4.8, organisations' brokers 3.4, networks 3.5, isolated
#: GPs 2.2; the people's brokers first, so their betweenness can fork).
_NETWORK_PARTS: tuple[str, ...] = (
    "person_brokers", "vertical_links", "organisation_brokers", "networks", "isolated_gps",
    "survey",
)

#: The sections of a report, in the order they are presented.
SECTION_IDS: tuple[str, ...] = (
    "isolated_gps", "vertical_links", "brokerage", "representation", "budgets", "integration",
    "networks",
)


#: The columns of each table, for a table with no rows (its CSV twin keeps its header).
#: ``{partition}`` is the ``--group-by`` attribute. A table with rows takes its columns
#: from its rows; tests/test_report.py checks that they match these.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "isolated_gps": ("id", "name", "agency", "reasons", "why", "places", "places_taken_up",
                     "ties", "broker", "groups"),
    "gp_places_not_taken_up": ("group", "group_name", "person", "name", "membership_role",
                               "attended", "held", "rate", "missed_recent", "last_attended",
                               "triggers"),
    "gp_positions": ("id", "name", "k_core", "coreness", "core", "on_periphery"),
    "periphery_sensitivity": ("attendance_threshold", "missed_meetings", "chosen",
                              "gps_on_periphery", "invited_not_attending",
                              "gp_places_not_taken_up"),
    "unlinked_practices": ("id", "name", "area", "gps", "gp_groups", "why"),
    "vertical_link_summary": ("level", "next_level", "units", "linked_units", "coverage",
                              "mean_links", "single_threads", "disconnected", "linked"),
    "vertical_links": ("unit", "name", "label", "level", "next_level", "area", "links",
                       "n_links", "status", "route_kinds", "routes", "reached",
                       "levels_reached"),
    "density_test": ("first", "second", "first_observed", "first_possible", "first_density",
                     "second_observed", "second_possible", "second_density", "difference",
                     "p_value", "permutations", "seed", "supported", "chosen_by", "null"),
    "tie_density": ("network", "reading", "horizontal_observed", "horizontal_possible",
                    "horizontal_density", "vertical_observed", "vertical_possible",
                    "vertical_density", "horizontal_ahead"),
    "strategic_routes": ("practice", "name", "area", "routes", "status", "cut",
                         "strategic_level"),
    "sector_level_density": ("sector_a", "level_a", "sector_b", "level_b", "n_a", "n_b",
                             "observed", "possible", "density"),
    "brokerage_roles": ("code", "role", "meaning"),
    **{name: ("id", "name", "{partition}", "w_I", "w_I_z", "w_O", "w_O_z", "b_IO", "b_IO_z",
              "b_OI", "b_OI_z", "b_O", "b_O_z", "total", "total_z")
       for name in ("brokerage_people", "brokerage_organisations")},
    "betweenness": ("id", "name", "{partition}", "betweenness"),
    "structural_holes": ("id", "name", "sector", "degree", "constraint", "effective_size",
                         "efficiency"),
    "articulation_points": ("id", "name", "{partition}", "sector", "degree", "component_size",
                            "pieces", "split_off", "pairs_disconnected", "cross_pairs_cut"),
    "bridges": ("source", "target", "source_name", "target_name", "source_sector",
                "target_sector", "cross_partition", "source_side", "target_side",
                "split_off", "pairs_disconnected"),
    "broker_what_if": ("broker", "name", "sector", "component_size", "pieces",
                       "pairs_disconnected", "cross_pairs_before", "cross_pairs_cut",
                       "share_cut"),
    "representation_gaps": ("id", "name", "kind", "level", "area", "stage", "members",
                            "invited", "attenders", "member_sectors", "invited_sectors",
                            "attender_sectors", "unknown_sector_members",
                            "unknown_sector_attenders", "missing_core_members",
                            "missing_core_attenders", "invited_only_sectors",
                            "primary_care_member", "primary_care_attender", "chairs",
                            "chair_sector"),
    "core_sector_presence": ("groups", "sector", "members", "members_share", "attenders",
                             "attenders_share", "invited_only"),
    "planning_without_purchasing": ("id", "name", "level", "stage"),
    "commissioning_stages": ("groups", "stage", "reached", "not_reached", "share",
                             "from_column"),
    "funding_flows": ("source", "target", "source_name", "target_name", "source_sector",
                      "source_level", "target_label", "target_sector", "target_level",
                      "amount", "year", "mechanism", "pooled"),
    "funding_totals": ("by", "value", "amount", "flows", "share"),
    "integration_spectrum": ("relationship", "function", "partnerships", "lowest", "highest",
                             "types"),
    "partnerships": ("site", "source", "target", "source_sector", "target_sector",
                     "relationship", "function", "spectrum", "spectrum_name", "source_tier",
                     "target_tier", "provenance", "provenance_note"),
    # the generic tables (issue 12); nodes_* add strength columns when weighted
    **{f"brokerage_groups_{kind}": ("group", "size", "role", "name", "expected", "sd")
       for kind in ("people", "organisations")},
    **{f"brokerage_network_{kind}": ("role", "name", "raw", "expected", "sd", "z")
       for kind in ("people", "organisations")},
    "betweenness_organisations": ("id", "name", "{partition}", "betweenness"),
    "structural_holes_organisations": ("id", "name", "sector", "degree", "constraint",
                                       "effective_size", "efficiency"),
    **{f"nodes_{kind}": ("id", "name", "{partition}", "in_degree", "out_degree", "degree",
                         "weak_component", "strong_component", "ei_index")
       for kind in ("people", "organisations")},
    **{f"ei_index_{kind}": ("scope", "group", "size", "external", "internal", "ei",
                            "expected", "sd", "p_greater", "p_less")
       for kind in ("people", "organisations")},
    **{f"mixing_{kind}": ("group_a", "group_b", "n_a", "n_b", "ties", "possible", "density")
       for kind in ("people", "organisations")},
    "two_mode_degree": ("id", "name", "side", "groups", "meetings", "participants"),
    "group_projection": ("group_a", "group_b", "name_a", "name_b", "shared_people"),
}


#: How betweenness is computed: ``"auto"`` (exact while its work is at most
#: :data:`netan.queries.policy.EXACT_BETWEENNESS_WORK`, sampled beyond),
#: ``"exact"``, or a number K: estimated from K source people.
BetweennessChoice = Literal["auto", "exact"] | int


@dataclass(frozen=True)
class ReportOptions:
    """The choices a report is run with, typed (defaults as documented for ``netan
    report``). Text such as ``sample:K`` or ``A:B,C:D`` is parsed before this is built
    (by the CLI: :mod:`netan.cli.options`); a value no analysis can use raises
    :class:`~netan.queries.choices.ChoiceError` naming the field.

    ``betweenness`` is a :data:`BetweennessChoice`; ``compare`` two sector pairs
    (None: chosen from the data); ``direction`` None (as the data has it),
    ``"directed"`` or ``"undirected"``; ``missing`` a non-response policy of
    :data:`netan.queries.survey.MISSING_POLICIES`.
    """

    group_by: str = "sector"
    attendance_threshold: float = 0.25
    missed_meetings: int = 3
    betweenness: BetweennessChoice = "auto"
    seed: int = 0
    compare: tuple[significance.SectorPair, significance.SectorPair] | None = None
    permutations: int = significance.PERMUTATIONS
    missing: survey.MissingPolicy = "reconstruct"
    direction: Literal["directed", "undirected"] | None = None
    weight: str | None = None
    weight_scale: Literal["ascending", "descending"] = "ascending"

    def __post_init__(self) -> None:
        if self.missing not in survey.MISSING_POLICIES:
            raise ChoiceError("missing", self.missing,
                              f"choose {', '.join(survey.MISSING_POLICIES)}")
        chosen = self.betweenness
        if chosen not in ("auto", "exact") and (
                isinstance(chosen, bool) or not isinstance(chosen, int) or chosen < 1):
            raise ChoiceError("betweenness", chosen,
                              "'auto', 'exact' or a number of source people (at least 1)")
        if self.permutations < 1:
            raise ChoiceError("permutations", self.permutations, "must be at least 1")

    def parameters(self) -> dict[str, Any]:
        """The options as the report records them (``docs/report.schema.json``): as
        written for ``netan report`` -- ``betweenness`` as ``"sample:K"``, ``compare``
        as ``"A:B,C:D"`` -- the rest as they are."""
        written = asdict(self)
        if not isinstance(self.betweenness, str):
            written["betweenness"] = f"sample:{self.betweenness}"
        if self.compare is not None:
            written["compare"] = ",".join(f"{a}:{b}" for a, b in self.compare)
        return written

    def betweenness_mode(self) -> tuple[Literal["auto", "exact", "sampled"], int | None]:
        """``(mode, k)`` for :func:`netan.queries.centrality.betweenness`:
        ``("auto", None)``, ``("exact", None)`` or ``("sampled", K)``."""
        if self.betweenness == "auto" or self.betweenness == "exact":
            return self.betweenness, None
        return "sampled", int(self.betweenness)


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
                         options: ReportOptions, top_brokers: list[Any] = (), *,
                         index: networks.GraphIndex | None = None,
                         pairs: networks.TiedPairs | None = None) -> dict[str, Any]:
    """Analysis 1: GPs on the periphery (the person), places not taken up (one group),
    unlinked practices, where GPs sit between core and periphery, and how the counts
    move with the attendance cut-offs. ``index``: ``G``'s graph index; ``pairs``:
    ``people``'s tied pairs (each read here when not given)."""
    index = networks.index_of(G, index)
    cutoffs = _cutoff_grid(options)  # the chosen pair among them: every GP judged once
    grid = isolation.isolated_gps_by_cutoffs(G, cutoffs, network=people,
                                             top_brokers=top_brokers, index=index)
    gps = grid[cutoffs.index((options.attendance_threshold, options.missed_meetings))]
    places = isolation.places_not_taken_up(G, options.attendance_threshold,
                                           options.missed_meetings, index=index)
    practices = isolation.unlinked_practices(G, index=index)
    gp = PERSON_ROLE.canonical("gp")
    gp_ids = [n for n, d in G.nodes(data=True) if d.get("label") == PERSON and d.get("role") == gp]
    by_reason = {reason: sum(reason in row["reasons"] for row in gps)
                 for reason in isolation.REASONS}
    gp_rows = [{"id": r["id"], "name": r["name"], "agency": r.get("agency"),
                "reasons": r["reasons"], "why": r["why"], "places": r["places"],
                "places_taken_up": r["places_taken_up"], "ties": r.get("ties"),
                "broker": r.get("broker"), "groups": r.get("groups")} for r in gps]
    place_rows = [{k: r[k] for k in ("group", "group_name", "person", "name",
                                     "membership_role", "attended", "held", "rate",
                                     "missed_recent", "last_attended", "triggers")}
                  for r in places]
    positions, fit = periphery.core_periphery_table(people, seed=options.seed, pairs=pairs)
    flagged = {r["id"] for r in gps}
    gp_set = set(gp_ids)
    gp_positions = [{**row, "name": people.nodes[row["id"]].get("name"),
                     "on_periphery": row["id"] in flagged} for row in positions
                    if row["id"] in gp_set]
    core_gps = sum(1 for r in gp_positions if r["core"])
    sensitivity = periphery_sensitivity(G, people, options, top_brokers, index=index,
                                        grid=grid)
    return {
        "id": "isolated_gps",
        "title": "Isolated GPs",
        "summary": {"gps": len(gp_ids), "isolated_gps": len(gps), "by_reason": by_reason,
                    "places_not_taken_up": len(places),
                    "groups_with_places_not_taken_up": len({r["group"] for r in places}),
                    "invitations_never_taken_up": sum(
                        "invited_no_attendance" in r["triggers"] for r in places),
                    "unlinked_practices": len(practices),
                    **gp_presence_in_area_groups(G, index=index),
                    "core_periphery": {**fit, "gps_in_core": core_gps},
                    "illustrative_gps": provenance.illustrative(G, gp_ids)},
        "tables": [
            table("isolated_gps", "GPs on the periphery, judged on their whole position, "
                  "and why", gp_rows),
            table("gp_places_not_taken_up", "GP places not taken up (one group at a time: "
                  "not a judgement of the person)", place_rows),
            table("unlinked_practices",
                  "Practices with no GP in any group, no link worker, no co-located social care",
                  practices),
            table("gp_positions", "Where GPs sit: k-core, continuous coreness and the "
                  "discrete core (Borgatti & Everett 1999)", gp_positions,
                  ["id", "name", "k_core", "coreness", "core", "on_periphery"]),
            table("periphery_sensitivity", "How the headline counts move with "
                  "--attendance-threshold and --missed-meetings", sensitivity),
        ],
        "charts": [],
    }


#: The cut-offs the sensitivity table tries (the chosen ones are added).
THRESHOLDS = (0.1, 0.25, 0.5)
MISSED = (2, 3, 4, 6)


def _cutoff_grid(options: ReportOptions) -> list[tuple[float, int]]:
    """Every ``(attendance_threshold, missed_meetings)`` of :func:`periphery_sensitivity`."""
    thresholds = sorted({*THRESHOLDS, options.attendance_threshold})
    missed = sorted({*MISSED, options.missed_meetings})
    return [(threshold, n) for threshold in thresholds for n in missed]


def periphery_sensitivity(G: nx.MultiDiGraph, people: nx.Graph, options: ReportOptions,
                          top_brokers: list[Any] = (), *,
                          index: networks.GraphIndex | None = None,
                          grid: list[list[dict[str, Any]]] | None = None
                          ) -> list[dict[str, Any]]:
    """The periphery counts for each pair of cut-offs in a small grid around the chosen ones.

    For every ``attendance_threshold`` in :data:`THRESHOLDS` and ``missed_meetings``
    in :data:`MISSED` (plus the chosen values): GPs on the periphery, of them
    ``invited_not_attending``, and GP places not taken up. ``chosen`` marks the
    report's own pair, so a reader sees whether a finding depends on a cut-off.
    ``index``: ``G``'s graph index, when already read; ``grid``: the isolated GPs at
    each pair (:func:`~netan.queries.isolation.isolated_gps_by_cutoffs`), when
    already judged.
    """
    index = networks.index_of(G, index)
    cutoffs = _cutoff_grid(options)
    flagged = grid if grid is not None else isolation.isolated_gps_by_cutoffs(
        G, cutoffs, network=people, top_brokers=top_brokers, index=index)
    rows = []
    for (threshold, n), gps in zip(cutoffs, flagged, strict=True):
        places = isolation.places_not_taken_up(G, threshold, n, index=index)
        rows.append({
            "attendance_threshold": threshold, "missed_meetings": n,
            "chosen": (threshold, n) == (options.attendance_threshold,
                                         options.missed_meetings),
            "gps_on_periphery": len(gps),
            "invited_not_attending": sum("invited_not_attending" in r["reasons"]
                                         for r in gps),
            "gp_places_not_taken_up": len(places)})
    return rows


def vertical_links_section(G: nx.MultiDiGraph, people: nx.Graph,
                           organisations: nx.Graph, options: ReportOptions, *,
                           index: networks.GraphIndex | None = None,
                           pairs: networks.TiedPairs | None = None) -> dict[str, Any]:
    """Analysis 2: weak vertical links, and tie densities compared with a permutation test.
    ``index``: ``G``'s graph index; ``pairs``: ``people``'s tied pairs (each read here
    when not given)."""
    index = networks.index_of(G, index)
    pairs = networks.pairs_of(people, pairs)
    units = vertical.vertical_links(G, index=index)
    summary = vertical.vertical_link_summary(units)
    routes = vertical.strategic_routes(G, index=index)
    by_direction = networks.tie_density_by_direction(people, pairs=pairs)
    integration_ = networks.integration_density(people, pairs=pairs)
    heatmap = networks.sector_level_density(people, pairs=pairs)
    density_rows = vertical.horizontal_vertical_density(G, people=people,
                                                        organisations=organisations,
                                                        people_pairs=pairs, index=index)
    if options.compare:
        first, second = options.compare
        chosen_by = "--compare"
    else:
        (first, second), chosen_by = significance.default_comparison(G, index=index)
    test = significance.density_difference_test(people, first, second,
                                                permutations=options.permutations,
                                                seed=options.seed, pairs=pairs)
    test["chosen_by"] = chosen_by
    test_row = {"first": significance.sector_pair_words(first),
                "second": significance.sector_pair_words(second),
                **{k: test[k] for k in ("first_observed", "first_possible", "first_density",
                                        "second_observed", "second_possible",
                                        "second_density", "difference", "p_value",
                                        "permutations", "seed", "supported", "chosen_by",
                                        "null")}}
    return {
        "id": "vertical_links",
        "title": "Weak vertical links",
        "summary": {
            "units": len(units),
            "disconnected": sum(u["status"] == vertical.DISCONNECTED for u in units),
            "single_thread": sum(u["status"] == vertical.SINGLE_THREAD for u in units),
            "levels": summary,
            "tie_density": by_direction,
            "integration": integration_,
            "density_test": test,
            "illustrative_units": provenance.illustrative(G, [u["unit"] for u in units]),
        },
        "tables": [
            table("vertical_link_summary", "Coverage per level (links to any level above)",
                  summary),
            table("vertical_links", "Distinct people linking each unit to any level above, "
                  "and their routes", units),
            table("density_test", "Tie densities compared: a permutation test of the "
                  "difference (sector labels shuffled, seeded)", [test_row]),
            table("tie_density", "Horizontal against vertical tie density (by level as in "
                  "netan's design; by care sector as in Woods & McCollam 2002), "
                  "people and organisations",
                  density_rows),
            table("strategic_routes", "Node-disjoint routes from each practice to the "
                  "strategic level", routes),
            table("sector_level_density", "Tie density between sector x level blocks",
                  heatmap),
        ],
        "charts": [{"id": "sector_level_heatmap", "kind": "heatmap",
                    "title": "Tie density by sector and level", "data": plain(heatmap)}],
    }


@dataclass(frozen=True)
class Brokers:
    """One network's brokers, measured: the Gould-Fernandez roles (and their rows, busiest
    first, named), betweenness with the stability of its top, and Burt's structural
    holes."""

    roles: brokerage.BrokerageResult
    role_rows: list[dict[str, Any]]
    betweenness: centrality.BetweennessResult
    stable: stability.RankingStability | None
    betweenness_rows: list[dict[str, Any]]
    holes: list[dict[str, Any]]

    def betweenness_summary(self) -> dict[str, Any]:
        """How betweenness was computed (method, sample, seed, ...; not the values or
        the sources drawn), and the stability of its top (None when exact)."""
        summary = {k: v for k, v in asdict(self.betweenness).items()
                   if k not in ("values", "sources")}
        summary["top_agreement"] = asdict(self.stable) if self.stable else None
        return summary


@dataclass(frozen=True)
class PersonBrokers(Brokers):
    """The people's brokers, and what only the person network is asked: the top
    brokers, the people and ties whose loss splits it, and the top brokers' what-if."""

    top: list[Any]
    cut_people: list[dict[str, Any]]
    cut_ties: list[dict[str, Any]]
    impacts: list[dict[str, Any]]


def network_brokers(net: AnalysedNetwork, options: ReportOptions,
                    roles: brokerage.BrokerageResult | None = None,
                    ties: centrality.Ties | None = None) -> Brokers:
    """:class:`Brokers` of the network ``net`` by ``options.group_by`` (``roles``, ``ties``:
    when already read)."""
    mode, sample = options.betweenness_mode()
    if roles is None:
        roles = brokerage.brokerage(net.graph, options.group_by)
    between, stable = stability.betweenness_with_stability(net.graph, mode=mode, k=sample,
                                                           seed=options.seed, ties=ties)
    return Brokers(roles, named_roles(brokerage.brokerage_table(roles), net.graph,
                                      options.group_by),
                   between, stable, _betweenness_rows(net.graph, between, options.group_by),
                   centrality.structural_holes(net.graph, weight=net.weight_key))


def person_brokers(people: AnalysedNetwork, options: ReportOptions,
                   roles: brokerage.BrokerageResult | None = None) -> PersonBrokers:
    """:class:`PersonBrokers` of the person network (``roles``: when already counted)."""
    group_by = options.group_by
    ties = centrality.read_ties(people.graph)  # read once for the measures below
    measured = network_brokers(people, options, roles, ties)
    top = top_brokers_of(measured.roles)
    return PersonBrokers(
        **{f.name: getattr(measured, f.name) for f in dataclasses.fields(Brokers)}, top=top,
        cut_people=centrality.articulation_points(people.graph, group_by, ties=ties),
        cut_ties=centrality.bridges(people.graph, group_by, ties=ties),
        impacts=centrality.top_broker_impacts(people.graph, top, group_by, ties=ties))


def top_brokers_of(roles: brokerage.BrokerageResult) -> list[Any]:
    """The top brokers (:func:`netan.queries.policy.top_brokers`) among ``roles``: only
    the head of the broker ranking is read."""
    return policy.top_brokers(brokerage.brokerage_table(roles, top=policy.TOP_BROKERS))


def brokerage_section(people: AnalysedNetwork, organisations: AnalysedNetwork,
                      options: ReportOptions, *, measured: tuple[PersonBrokers, Brokers]
                      | None = None) -> dict[str, Any]:
    """Analysis 3: brokerage roles, betweenness, structural holes, cut points, what-if.

    The measures run on the networks as analysed (:mod:`netan.queries.analysed`):
    directed when the data (or ``--direction``) says so, weighted only by a
    named ``--weight`` column; the roles' expected counts and standard
    deviations are in the group and network tables. ``measured``: the people's and the
    organisations' brokers (:func:`person_brokers`, :func:`network_brokers`), when
    already measured.
    """
    group_by = options.group_by
    p, o = measured or (person_brokers(people, options),
                        network_brokers(organisations, options))
    return {
        "id": "brokerage",
        "title": "Brokers",
        "summary": {
            "partition": group_by,
            "roles": brokerage.ROLES,
            "direction": people.direction,
            "organisation_direction": organisations.direction,
            "betweenness": p.betweenness_summary(),
            "organisation_betweenness": o.betweenness_summary(),
            "articulation_points": len(p.cut_people),
            "bridges": len(p.cut_ties),
            "top_brokers": p.top,
        },
        "tables": [
            table("brokerage_roles", "The five Gould-Fernandez roles (two-path i -> j -> k "
                  "with no tie i -> k; j brokers)",
                  [{"code": code, "role": name, "meaning": brokerage.ROLE_DESCRIPTIONS[code]}
                   for code, name in brokerage.ROLES.items()]),
            table("brokerage_people", f"Gould-Fernandez brokerage roles by {group_by} "
                  "(people): raw counts and z-scores against the density-conditional null "
                  "(identical to sna::brokerage)", p.role_rows,
                  description=_brokerage_note(people, "brokerage_groups_people")),
            table("brokerage_organisations", f"Gould-Fernandez brokerage roles by "
                  f"{group_by} (organisations)", o.role_rows,
                  description=_brokerage_note(organisations,
                                              "brokerage_groups_organisations")),
            table("betweenness", "Betweenness centrality", p.betweenness_rows,
                  description=_betweenness_note(people, p.betweenness, p.stable)),
            table("structural_holes", "Burt's constraint, effective size and efficiency",
                  p.holes, description=_holes_note(people)),
            table("articulation_points", "People whose departure splits the network",
                  p.cut_people),
            table("bridges", "Ties whose loss splits the network", p.cut_ties),
            table("broker_what_if", "If a top broker leaves: cross-sector pairs cut off",
                  p.impacts),
            *brokerage_detail_tables(p.roles, "people", people),
            *brokerage_detail_tables(o.roles, "organisations", organisations),
            table("betweenness_organisations", "Betweenness centrality (organisations)",
                  o.betweenness_rows,
                  description=_betweenness_note(organisations, o.betweenness, o.stable)),
            table("structural_holes_organisations", "Burt's constraint, effective size and "
                  "efficiency (organisations)", o.holes,
                  description=_holes_note(organisations)),
        ],
        "charts": [],
    }


def _betweenness_rows(network: nx.Graph, between: centrality.BetweennessResult,
                      group_by: str) -> list[dict[str, Any]]:
    nodes = network.nodes
    return sorted(({"id": node, "name": nodes[node].get("name"),
                    group_by: nodes[node].get(group_by), "betweenness": value}
                   for node, value in between.values.items()),
                  key=lambda r: (-r["betweenness"], str(r["id"])))  # ties by id, not store order


def _brokerage_note(net: AnalysedNetwork, groups_table: str) -> str:
    return (f"{net.direction.capitalize()} network ({net.direction_reason}); unweighted: "
            "brokerage counts ties, not their values, as sna::brokerage does. The expected "
            f"count and sd of each role depend only on the broker's group: see {groups_table}.")


def _betweenness_note(net: AnalysedNetwork, between: centrality.BetweennessResult,
                      stable: stability.RankingStability | None) -> str:
    how = (f"exact (every one of the {between.n} nodes a source)" if between.method == "exact"
           else f"SAMPLED: estimated from {between.sample_size} of {between.n} source nodes "
                f"drawn with seed {between.seed}")
    note = (f"{how}; {net.direction} shortest paths; unweighted (paths count ties); "
            "normalised to [0, 1].")
    if stable is not None:
        note += (f" Stability of the top {stable.top}: {stable.shared} of {stable.top} "
                 f"({stable.agreement:.0%}) shared by two independent halves of the sample "
                 f"({stable.half_size} sources each), a lower bound for the full estimate"
                 + ("; the top of this ranking is NOT stable: rank brokers by brokerage "
                    "(exact), or use --betweenness exact (slow on large networks)."
                    if stable.agreement < 0.8 else "."))
    return note


def _holes_note(net: AnalysedNetwork) -> str:
    direction = ("a directed tie counts in both directions' proportions (a_ij + a_ji), as "
                 "Burt, igraph and networkx define it" if net.directed else "undirected")
    return f"{net.weight_note().capitalize()}; {direction}."


def brokerage_detail_tables(result: brokerage.BrokerageResult, kind: str,
                            net: AnalysedNetwork) -> list[dict[str, Any]]:
    """The group and network tables of ``sna::brokerage`` (``exp.grp``, ``sd.grp``;
    ``raw.gli`` ... ``z.gli``) for the ``kind`` network, one row per group and role."""
    group_rows = [{"group": group, "size": result.group_sizes[group], "role": code,
                   "name": brokerage.ROLES.get(code, "total"),
                   "expected": result.expected_group[group][code],
                   "sd": result.sd_group[group][code]}
                  for group in result.groups for code in (*brokerage.ROLES, brokerage.TOTAL)]
    network_rows = [{"role": code, "name": brokerage.ROLES.get(code, "total"),
                     "raw": result.raw_network[code], "expected": result.expected_network[code],
                     "sd": result.sd_network[code], "z": result.z_network[code]}
                    for code in (*brokerage.ROLES, brokerage.TOTAL)]
    where = f"{result.n_nodes} nodes, {result.n_arcs} arcs"
    if result.n_nodes > 1:  # density is 0/0 below two nodes: not printed as "nan"
        where += f", density {result.density:.4g}"
    return [
        table(f"brokerage_groups_{kind}", f"Brokerage by {result.partition} ({kind}): "
              "expected count and sd of each role for a broker of each group (sna exp.grp, "
              "sd.grp)", group_rows,
              description=f"{net.direction.capitalize()}; {where}."),
        table(f"brokerage_network_{kind}", f"Brokerage by {result.partition} ({kind}): the "
              "whole network's counts, expected counts, sd and z (sna raw.gli ... z.gli)",
              network_rows, description=f"{net.direction.capitalize()}; {where}."),
    ]


def table_columns(table_id: str, partition: str) -> list[str]:
    """The declared columns of table ``table_id`` (see :data:`TABLE_COLUMNS`)."""
    return list(dict.fromkeys(c.format(partition=partition)
                              for c in TABLE_COLUMNS.get(table_id, ())))


def named_roles(rows: list[dict[str, Any]], network: nx.Graph,
                partition: str) -> list[dict[str, Any]]:
    """Brokerage rows with each node's id and name first, and its block under the
    partition's own name (``sector``, not ``group``)."""
    nodes = network.nodes
    return [{"id": row["node"], "name": nodes[row["node"]].get("name"),
             partition: row["group"],
             **{k: v for k, v in row.items() if k not in ("node", "group")}} for row in rows]


def representation_section(G: nx.MultiDiGraph, *,
                           index: networks.GraphIndex | None = None) -> dict[str, Any]:
    """Analysis 4: representation gaps per group (all groups, and area groups apart).
    ``index``: ``G``'s graph index, when already read."""
    rows = representation.representation_gaps(G, index=index)
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


def budgets_section(G: nx.MultiDiGraph, *,
                    index: networks.GraphIndex | None = None) -> dict[str, Any]:
    """Analysis 5: budget flows, planning without purchasing, the commissioning cycle.
    ``index``: ``G``'s graph index, when already read."""
    index = networks.index_of(G, index)
    totals = budgets.funding_totals(G, index=index)
    sankey = budgets.sankey_flows(G, index=index)
    unfunded = budgets.planning_without_purchasing(G, index=index)
    stages = budgets.stage_table(G, index=index)
    levels = sorted({d.get("level") for _, d in G.nodes(data=True)
                     if d.get("label") == GROUP and d.get("stage") and d.get("level")},
                    key=LEVEL.rank)
    by_level = {level: budgets.stage_table(G, [n for n, d in G.nodes(data=True)
                                               if d.get("label") == GROUP
                                               and d.get("level") == level],
                                             index=index)
                for level in levels}
    stage_rows = [{"groups": "all", **row} for row in stages["stages"]]
    stage_rows += [{"groups": f"level {level}", **row}
                   for level, table_ in by_level.items() for row in table_["stages"]]
    no_stages = ""
    if not stages["groups"]:  # rows of 0 of 0 would read as a finding: say what is missing
        stage_rows = []
        no_stages = ("No group in the data has a known stage (a 'stage' column in "
                     "groups.csv), so the commissioning cycle cannot be counted.")
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
            table("funding_flows", "Every budget line", budgets.funding_flows(G, index=index)),
            table("funding_totals", "Totals by mechanism, sector and level", breakdowns,
                  ["by", "value", "amount", "flows", "share"]),
            table("planning_without_purchasing", "Groups at stage 'plan' or later that "
                  "receive no funds", unfunded["unfunded_groups"]),
            table("commissioning_stages", "The commissioning cycle: groups (with a known "
                  "stage) that reached each stage, in all and per level", stage_rows,
                  description=no_stages),
        ],
        "charts": [{"id": "budget_sankey", "kind": "sankey",
                    "title": "Where the money flows (by sector and level)",
                    "data": plain(sankey)}],
    }


def integration_section(G: nx.MultiDiGraph, *,
                        index: networks.GraphIndex | None = None) -> dict[str, Any]:
    """Where partnerships sit on Woods & McCollam's (2002) spectrum, by function, and
    which rows of the data are published, inferred or illustrative (``index``: ``G``'s
    graph index, when already read)."""
    rows = integration.partnership_rows(G, index=index)
    summary = integration.spectrum_summary(rows)
    counts = provenance.provenance_counts(G)
    return {
        "id": "integration",
        "title": "Integration spectrum and provenance",
        "summary": {"partnerships": len(rows), "by_relationship": summary,
                    "provenance": counts},
        "tables": [
            table("integration_spectrum", "Partnerships by relationship and function on the "
                  "spectrum 1-8 (Woods & McCollam 2002, Figure 2; Tables 2 and 3)", summary),
            table("partnerships", "Every partnership: site, function, spectrum, care tiers",
                  rows),
            table("provenance", "Rows of the data by provenance (published, inferred, "
                  "illustrative, not given)", counts),
        ],
        "charts": [],
    }


# ---------------------------------------------------------------------------
# Networks analysed: direction, weights, partition, degree, components, mixing
# ---------------------------------------------------------------------------

#: Work budget (ties x permutations) of the E-I permutation test in a report.
EI_WORK = 100_000_000


def analysed_networks(G: nx.MultiDiGraph, options: ReportOptions, *,
                      index: networks.GraphIndex | None = None
                      ) -> dict[str, AnalysedNetwork]:
    """The person and organisation networks as the measures see them (direction and
    weights as the data and the options say; see :mod:`netan.queries.analysed`).
    ``index``: ``G``'s graph index, when already read."""
    index = networks.index_of(G, index)
    weight, _ = resolve_weights(G, options, index=index)
    return {kind: analysed.analysed_network(G, kind, options.direction, weight,
                                            options.weight_scale, index=index)
            for kind in analysed.NETWORK_KINDS}


def resolve_weights(G: nx.MultiDiGraph, options: ReportOptions, *,
                    index: networks.GraphIndex | None = None,
                    surveyed: survey.RosterSurvey | None = None
                    ) -> tuple[str | None, str | None]:
    """``--weight`` as (the tie column, or ``tie_strength``, that weights the person and
    organisation networks; the survey rating that weights the survey section), either
    None where the name does not apply. A name can be both (a liaison's ``frequency``
    and a survey's): it weights wherever it is found.

    Raises :class:`~netan.queries.choices.ChoiceError`, one line listing the weights
    this store has, for a name that is neither; and for a descending ``weight_scale``
    with a survey rating only (the survey's scales are fixed, larger = more).
    ``index``: ``G``'s graph index, ``surveyed``: its survey, when already read.
    """
    wanted = options.weight
    if wanted in (None, analysed.TIE_STRENGTH):
        offered = []
    else:
        offered = survey.weight_names(survey.read_survey(G) if surveyed is None else surveyed)
    rated = survey.check_weight(offered, wanted)
    try:
        column = analysed.check_weight(G, wanted, index=index)
    except ValueError:
        if not offered:
            raise
        if rated is None:
            ties = ", ".join(analysed.weight_columns(G, index=index)) or "none"
            raise ChoiceError(
                "weight", wanted, "no survey answer or tie has it; the weights in this "
                f"store are the survey ratings: {', '.join(offered)}; the numeric tie "
                f"columns: {ties}; or {analysed.TIE_STRENGTH} (netan's own tie strength)"
            ) from None
        column = None
    if rated is not None and column is None and options.weight_scale == "descending":
        raise ChoiceError("weight_scale", "descending", f"the survey's {rated} runs one way "
                          f"({survey.weight_scale(rated)}); a survey rating keeps its own "
                          "scale")
    return column, rated


def resolve_group_by(options: ReportOptions, nets: dict[str, AnalysedNetwork]
                     ) -> tuple[ReportOptions, list[str]]:
    """``options`` with ``group_by`` as the attribute it names (``Sponsorship`` is the
    imported column ``sponsorship``), and notes for the reader.

    An unknown attribute is an error naming those present, except the default
    ``sector`` on data without sectors: everyone is then in one group, and a note
    says so and lists the attributes that could partition the data instead.
    """
    graphs = [net.graph for net in nets.values()]
    try:
        name = analysed.resolve_attribute(options.group_by, graphs)
    except ValueError:
        if options.group_by != "sector":
            raise
        present = analysed.node_attributes(graphs)
        if not any(len(g) for g in graphs):
            return options, []
        note = (f"No node has a sector, so the brokerage roles and mixing by sector put "
                f"everyone in one group '{brokerage.MISSING_GROUP}'")
        note += (f"; partition by another attribute with --group-by ({', '.join(present)})."
                 if present else ".")
        return options, [note]
    return dataclasses.replace(options, group_by=name), []


def network_notes(nets: dict[str, AnalysedNetwork]) -> list[str]:
    """Sentences for data that is not a whole partnership: a missing kind of node,
    no ties, a single node (the report is complete; these say why tables are empty)."""
    nouns = {"people": ("people", "person", "person"),
             "organisations": ("organisations", "organisation", "organisation")}
    present = {kind: net.graph.number_of_nodes() for kind, net in nets.items()}
    notes = []
    for kind, net in nets.items():
        many, one, adjective = nouns[kind]
        n, ties = present[kind], net.n_ties
        if n == 0:
            if any(present.values()):
                notes.append(f"The data has no {many}: the {adjective} network is empty, so "
                             f"its tables are empty.")
            continue
        if n == 1:
            notes.append(f"The {adjective} network has a single {one}: there is no pair to "
                         "tie, so its brokerage, betweenness and mixing are zero or undefined.")
        elif ties == 0:
            notes.append(f"The {adjective} network has {n} {many} and no ties (only "
                         "isolates): brokerage and betweenness are zero, constraint and "
                         "the E-I index undefined.")
    if not any(present.values()):
        notes.append("The data has neither people nor organisations: every network table "
                     "is empty.")
    return notes


def _ei_permutations(net: AnalysedNetwork) -> int:
    """Permutations for the E-I test: 1,000, fewer (not under 100) on very large networks."""
    ties = max(net.n_ties, 1)
    return int(min(mixing.DEFAULT_PERMUTATIONS, max(100, EI_WORK // ties)))


def _network_row(kind: str, net: AnalysedNetwork, group_by: str,
                 ei: mixing.EIResult, assortativity: float,
                 weak: list[set[Hashable]], strong: list[set[Hashable]]) -> dict[str, Any]:
    graph = net.graph
    n = graph.number_of_nodes()
    pairs = n * (n - 1) if net.directed else n * (n - 1) // 2
    isolates = sum(1 for v in graph if graph.degree(v) == 0)
    return {"network": kind, "nodes": n, "ties": net.n_ties,
            "tie_unit": "arcs" if net.directed else "ties",
            "density": net.n_ties / pairs if pairs else None, "isolates": isolates,
            "direction": net.direction, "direction_reason": net.direction_reason,
            "weights": net.weight_note(),
            "declared_directed": net.declared.get("directed", 0),
            "declared_undirected": net.declared.get("undirected", 0),
            "undeclared": net.declared.get("undeclared", 0),
            "weak_components": len(weak), "strong_components": len(strong),
            "largest_weak_component": len(weak[0]) if weak else 0,
            "partition": group_by, "groups": len(ei.groups),
            "ei_index": ei.network["ei"], "ei_expected": ei.network["expected"],
            "ei_p_less": ei.network["p_less"], "ei_p_greater": ei.network["p_greater"],
            "assortativity": assortativity}


def _node_rows(net: AnalysedNetwork, group_by: str, ei: mixing.EIResult,
               weak: list[set[Hashable]], strong: list[set[Hashable]]) -> list[dict[str, Any]]:
    graph = net.graph
    degree = structure.degrees(graph, weight=net.weight_key)
    weak_of = structure.component_membership(weak)
    strong_of = structure.component_membership(strong)
    rows = []
    for node, data in graph.nodes(data=True):
        row = {"id": node, "name": data.get("name"), group_by: ei.membership.get(node),
               **degree[node], "weak_component": weak_of.get(node),
               "strong_component": strong_of.get(node), "ei_index": ei.nodes.get(node)}
        rows.append(row)
    rows.sort(key=lambda r: (-r["degree"], str(r["id"])))
    return rows


def _two_mode_tables(G: nx.MultiDiGraph, index: networks.GraphIndex | None = None
                     ) -> list[dict[str, Any]]:
    """Two-mode degree (people x groups, people x meetings) and the group projection."""
    index = networks.index_of(G, index)
    by_group = twomode.participation(G, "groups", index=index)
    group_degree = twomode.participation_degree(G, "groups", index=index)
    meeting_degree = twomode.participation_degree(G, "meetings", index=index)
    rows = []
    for node, data in by_group.nodes(data=True):
        side = "person" if data["bipartite"] == 0 else "group"
        rows.append({"id": node, "name": data.get("name"), "side": side,
                     "groups": group_degree[node] if side == "person" else None,
                     "meetings": meeting_degree.get(node) if side == "person" else None,
                     "participants": group_degree[node] if side == "group" else None})
    groups = [v for v, d in by_group.nodes(data=True) if d["bipartite"] == 1]
    projected = twomode.projection(by_group, groups)
    projection_rows = sorted(
        ({"group_a": u, "group_b": v, "name_a": projected.nodes[u].get("name"),
          "name_b": projected.nodes[v].get("name"), "shared_people": d["weight"]}
         for u, v, d in projected.edges(data=True)),
        key=lambda r: (-r["shared_people"], str(r["group_a"]), str(r["group_b"])))
    return [
        table("two_mode_degree", "Two-mode degree: groups and meetings each person takes "
              "part in, people taking part in each group", rows,
              description="People x groups by netan's participation rule (present at a "
              "meeting; else attendance above zero; else a membership other than invited); "
              "people x meetings from the registers (present)."),
        table("group_projection", "Groups tied by the people they share (the groups' "
              "projection of the two-mode data)", projection_rows),
    ]


def networks_section(G: nx.MultiDiGraph, nets: dict[str, AnalysedNetwork],
                     options: ReportOptions, notes: list[str], *,
                     index: networks.GraphIndex | None = None) -> dict[str, Any]:
    """The networks as analysed (direction, weights, why), and the measures that any
    network has: degree, components, E-I index, assortativity, mixing by the partition,
    and the two-mode degrees and projection (``index``: ``G``'s graph index, when
    already read). The ``measure_settings`` table, which needs the brokerage section, is
    added by :func:`add_measure_settings`."""
    group_by = options.group_by
    network_rows, tables = [], []
    for kind, net in nets.items():
        ties = mixing.tie_positions(net.graph)  # read once for the three measures
        ei = mixing.ei_index(net.graph, group_by, permutations=_ei_permutations(net),
                             seed=options.seed, ties=ties)
        weak = structure.weak_components(net.graph)
        strong = structure.strong_components(net.graph)
        network_rows.append(_network_row(kind, net, group_by, ei,
                                         mixing.nominal_assortativity(net.graph, group_by,
                                                                      ties=ties),
                                         weak, strong))
        direction = f"{net.direction} ({net.direction_reason})"
        tables.append(table(f"nodes_{kind}", f"Degree, components and E-I index of each node "
                            f"({kind})", _node_rows(net, group_by, ei, weak, strong),
                            description=f"{direction.capitalize()}; degree counts distinct "
                            f"neighbours (total = in + out when directed); "
                            f"{net.weight_note()}; E-I index by {group_by}, unweighted."))
        ei_rows = [{"scope": "network", "group": None, "size": net.graph.number_of_nodes(),
                    **ei.network}]
        ei_rows += [{"scope": "group", "group": group, **row} for group, row in ei.groups.items()]
        tables.append(table(f"ei_index_{kind}", f"E-I index by {group_by} ({kind}): "
                            "external against internal ties, with a permutation test",
                            ei_rows, description=f"(E - I) / (E + I) (Krackhardt & Stern "
                            f"1988); {direction}; unweighted. Test: {ei.permutations} "
                            f"permutations of the {group_by} labels, seed {ei.seed}; "
                            "p_less small = ties stay inside groups more than by chance."))
        tables.append(table(f"mixing_{kind}", f"Ties between and within each {group_by} "
                            f"({kind})", mixing.mixing_matrix(net.graph, group_by, ties=ties),
                            description=f"{direction.capitalize()}; unweighted; "
                            "density = ties / possible pairs."))
    notes_rows = [{"note": note} for note in notes]
    return {
        "id": "networks",
        "title": "Networks analysed, partitions and mixing",
        "summary": {"partition": group_by, "notes": notes,
                    "networks": {row["network"]: {k: row[k] for k in
                                                  ("nodes", "ties", "direction", "weights")}
                                 for row in network_rows}},
        "tables": [
            table("networks_analysed", "The networks the measures ran on: direction, "
                  "weights, components and mixing by the partition", network_rows),
            table("data_notes", "What the data lacks (a report on partial data is complete; "
                  "these say why tables are empty)", notes_rows, ["note"]),
            *tables,
            *_two_mode_tables(G, index),
        ],
        "charts": [],
    }


def add_measure_settings(section: dict[str, Any], nets: dict[str, AnalysedNetwork],
                         betweenness: dict[str, dict[str, Any]]) -> None:
    """Put the ``measure_settings`` table -- how each table of the report was computed:
    network, direction, weights, and betweenness's sampling from the brokerage
    section's summaries (``betweenness``, by network) -- third in the networks
    ``section``."""
    settings = [row for kind, net in nets.items()
                for row in _settings_rows(kind, net, betweenness.get(kind))]
    section["tables"].insert(2, table("measure_settings", "How each table was computed: "
                                      "network, direction, weights, sampling", settings))


def _sampling(between: dict[str, Any] | None) -> str:
    """How betweenness was computed, in words (from the brokerage section's summary)."""
    if not between:
        return "exact"
    if between.get("method") != "sampled":
        return f"exact (every one of the {between.get('n')} nodes a source)"
    text = (f"sampled: {between.get('sample_size')} of {between.get('n')} source nodes, "
            f"seed {between.get('seed')}")
    stable = between.get("top_agreement")
    if stable:
        text += (f"; top {stable['top']}: {stable['shared']} shared by two independent "
                 f"halves of the sample ({stable['half_size']} sources each)")
    return text


def _settings_rows(kind: str, net: AnalysedNetwork,
                   between: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    suffix = "people" if kind == "people" else "organisations"
    weighted = net.weight_note()
    unweighted = "unweighted"
    rows = [("brokerage_" + suffix, unweighted + " (sna counts ties, not values)"),
            (f"brokerage_groups_{suffix}", unweighted),
            (f"brokerage_network_{suffix}", unweighted),
            ("betweenness" if kind == "people" else "betweenness_organisations",
             unweighted + " (shortest paths count ties)"),
            ("structural_holes" if kind == "people" else "structural_holes_organisations",
             weighted),
            (f"nodes_{kind}", weighted if net.weighted else unweighted),
            (f"ei_index_{kind}", unweighted), (f"mixing_{kind}", unweighted)]
    return [{"table": name, "network": kind, "direction": net.direction,
             "direction_reason": net.direction_reason, "weighted": note != unweighted
             and not note.startswith(unweighted), "weights": note,
             "method": _sampling(between) if name.startswith("betweenness") else "exact"}
            for name, note in rows]


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


def gp_presence_in_area_groups(G: nx.MultiDiGraph, *,
                               index: networks.GraphIndex | None = None) -> dict[str, int]:
    """Area groups with a GP member (role not ``invited``) and with only invited GPs.

    Seed 000's headline counts: of the area planning groups, how many have a
    GP as a member, and in how many GPs were only ever invited (``index``: ``G``'s
    graph index, when already read).
    """
    gp, area = PERSON_ROLE.canonical("gp"), LEVEL.canonical("area")
    invited = MEMBERSHIP_ROLE.canonical("invited")
    nodes = G.nodes
    roles: dict[Hashable, list[str | None]] = {  # the MEMBER_OF edges into each group
        group: [data.get("role")
                for person, keyed in G.pred[group].items() if nodes[person].get("role") == gp
                for data in keyed.values() if data.get("type") == MEMBER_OF]
        for group, d in networks.index_of(G, index).groups.items() if d.get("level") == area
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


def survey_section(G: nx.MultiDiGraph, options: ReportOptions, *,
                   index: networks.GraphIndex | None = None) -> dict[str, Any] | None:
    """Roster survey: response, what non-response does, tie quality, disagreements,
    each member's degree (and strength, with a survey ``--weight``).

    None when the graph holds no roster survey. ``options.weight`` weights the
    survey's measures when it names a survey rating (:data:`netan.queries.survey.
    SURVEY_WEIGHTS`); every table that a weight could change says whether it did
    (``survey_settings``). The survey is read once and the network of each
    non-response policy built once; each table is given the one it is defined on.
    ``index``: ``G``'s graph index, when already read.
    """
    surveyed = survey.read_survey(G)
    if not surveyed.members:
        return None
    policy = options.missing
    column, weight = resolve_weights(G, options, index=index, surveyed=surveyed)
    weighted = weight is not None
    networks = survey.policy_networks(surveyed, weight)
    offered = survey.weight_names(surveyed)
    answered = survey.response(surveyed)
    disagreeing = survey.disagreements(surveyed)
    response_rows = [{"id": n, "name": G.nodes[n].get("name"), "sector": G.nodes[n].get("sector"),
                      "responded": n not in answered["non_respondents"]}
                     for n in surveyed.members]
    answers = surveyed.answers
    summary: dict[str, Any] = {
        **{k: v for k, v in answered.items() if k != "non_respondents"},
        "non_respondents": len(answered["non_respondents"]),
        "missing_policy": policy, "policy_means": survey.POLICY_WORDS[policy],
        **survey.reciprocity(networks["complete-case"], weighted),
        "disagreements": len(disagreeing), "answers": len(answers),
        "illustrative_answers": sum(a.get("provenance") == "illustrative"
                                    for a in answers.values()),
        "weight": weight, "weights_available": "; ".join(offered)}
    weighting = _survey_weighting(weight, options.weight, offered)
    if weight is not None:
        summary.update({"weight_scale": survey.weight_scale(weight),
                        "weights_ties": column is not None})
        summary.update({k: v for k, v in survey.weighted_summary(networks[policy]).items()
                        if k != "ties"})
    degree_columns = ["id", "name", "sector", "responded", "in_degree", "out_degree",
                      "degree"] + (["in_strength", "out_strength", "strength"] if weight else [])
    return {
        "id": "survey",
        "title": "Roster survey",
        "summary": summary,
        "tables": [
            table("survey_response", "Who was asked and who responded", response_rows,
                  ["id", "name", "sector", "responded"]),
            table("survey_settings", "How each survey table was computed: non-response "
                  "policy and weight", _survey_settings(policy, weight, weighting),
                  description="Reciprocity (in the summary) is the share of respondent "
                  "pairs with a tie who report it both ways; weighted, the share of the "
                  "respondents' tie weight that is reciprocated, sum min(w_ij, w_ji) / "
                  "sum w_ij (Squartini et al. 2013)."),
            table("survey_policies", "Key measures under each non-response policy "
                  "(--missing)", survey.policy_comparison(networks, weighted),
                  description="Density = ties / possible ties; " + (
                      f"{weighting}: weighted density = total weight / possible dyads (the "
                      "mean tie weight over all pairs, 0 where there is no tie), mean "
                      "strength = 2 x total weight / members, mean tie weight = total "
                      "weight / ties." if weight else f"{weighting}.")),
            table("survey_degree", f"Each member's ties in and out, missing data: {policy}"
                  + (f", weighted by {weight}" if weight else ""),
                  survey.member_degrees(surveyed, networks[policy], weighted),
                  degree_columns,
                  description="Degree counts the other members tied to (total = in + out "
                  "when the policy's network is directed); " + (
                      f"strength sums the tie weights (Barrat et al. 2004); {weighting}."
                      if weight else f"{weighting}.")),
            table("survey_collaboration", "Ties by collaboration level (Frey et al. 2006), "
                  f"missing data: {policy}",
                  survey.collaboration_levels(surveyed, networks[policy]),
                  description="Counts of answers and ties at each level, and the density "
                  "of the ties at that level or above; unweighted (the levels are the "
                  "ratings)."),
            table("survey_quality", "Trust and value received (PARTNER composites, 1-4)",
                  survey.quality_received(surveyed)),
            table("survey_quality_by_sector", "Trust and value received by sector",
                  survey.quality_received(surveyed, by="sector")),
            table("survey_disagreements", "Pairs whose collaboration ratings of each other "
                  "differ by 2 or more levels (to discuss)", disagreeing,
                  ["member", "member_name", "says", "other", "other_name", "other_says",
                   "gap"]),
        ],
        "charts": [],
    }


def _survey_weighting(weight: str | None, asked: str | None, offered: list[str]) -> str:
    """The survey's weights in words: the rating and its scale, or why unweighted."""
    if weight is not None:
        return (f"weighted by {weight} ({survey.weight_scale(weight)}); a tie with no "
                f"{weight} value weighs {survey.UNVALUED_WEIGHT:g}")
    if asked is not None:
        return (f"unweighted (--weight {asked} is not a rating of this survey; its ratings "
                f"are: {', '.join(offered) or 'none'})")
    return "unweighted (every tie counts 1; name a survey rating with --weight to weigh ties)"


def _survey_settings(policy: str, weight: str | None, weighting: str
                     ) -> list[dict[str, Any]]:
    """One row per survey table: the non-response policy it used and its weights."""
    fixed = "unweighted (the ratings themselves)"
    rows = [("survey_response", "none (who answered)", "unweighted (counts)"),
            ("survey_policies", "each, side by side", weighting),
            ("survey_degree", policy, weighting),
            ("survey_collaboration", policy, "unweighted (ties at each level)"),
            ("survey_quality", "none (the answers given)", fixed),
            ("survey_quality_by_sector", "none (the answers given)", fixed),
            ("survey_disagreements", "none (pairs who rated each other)", fixed),
            ("reciprocity (summary)", "complete-case (respondents only)",
             weighting.replace("weighted by", "weighted (Squartini et al. 2013) by", 1)
             if weight else weighting)]
    return [{"table": name, "missing_policy": used, "weighted": note.startswith("weighted"),
             "weight": weight if note.startswith("weighted") else None, "weights": note}
            for name, used, note in rows]


def survey_finding(summary: dict[str, Any]) -> dict[str, Any]:
    """The survey's headline: response, the policy and the weight every survey measure
    used."""
    rate = summary["rate"]
    line = (f"Roster survey: {summary['responded']} of {summary['asked']} members responded"
            f" ({rate:.0%}); survey measures treat non-response by '{summary['missing_policy']}'"
            f" ({summary['policy_means']}).")
    if summary["reciprocity"] is not None:
        line += (f" {summary['mutual']} of {summary['mutual'] + summary['asymmetric']} "
                 "pairs of respondents with a tie report it both ways.")
    weight = summary.get("weight")
    if weight is not None:
        only = "" if summary.get("weights_ties") else (
            "; the person and organisation networks are not")
        line += (f" Survey measures weighted by {weight} ({summary['weight_scale']}{only}): "
                 f"weighted density {_number_text(summary['weighted_density'])}, mean tie "
                 f"weight {_number_text(summary['mean_tie_weight'])}")
        if summary.get("weighted_reciprocity") is not None:
            line += (", weighted reciprocity "
                     f"{_number_text(summary['weighted_reciprocity'])}")
        unvalued = summary["unvalued_ties"]
        if unvalued:
            line += (f"; {unvalued} {_verb(unvalued, 'tie', 'ties')} with no {weight} value "
                     f"{_verb(unvalued, 'weighs', 'weigh')} {survey.UNVALUED_WEIGHT:g}")
        line += "."
    return _finding(line, "survey", "survey_policies", illustrative=_rests_on(
        summary["illustrative_answers"], summary["answers"], "answers"))


def _number_text(value: float | None) -> str:
    """A measure in a headline: three significant figures, '-' when undefined."""
    return "-" if value is None else f"{value:.3g}"


#: Where each finding's definition is written down.
DEFINITIONS = {
    "isolated_gps": "docs/design.md#analyses (1. Isolated GPs)",
    "vertical_links": "docs/design.md#analyses (2. Weak vertical links)",
    "brokerage": "docs/design.md#analyses (3. Brokerage roles)",
    "representation": "docs/design.md#analyses (4. Representation gaps)",
    "budgets": "docs/design.md#analyses (5. Budget flows)",
    "integration": "docs/design.md#analyses (6. Integration spectrum)",
    "survey": "docs/design.md#roster-surveys",
}


def _finding(text: str, section: str, table_id: str, *, test: str | None = None,
             illustrative: str | None = None) -> dict[str, Any]:
    """A headline: its sentence, the table and definition behind it, its test, and a
    note when it rests on illustrative rows (added to the sentence)."""
    if illustrative:
        text = f"{text.rstrip('.')} ({illustrative})."
    return {"text": text, "section": section, "table": table_id,
            "definition": DEFINITIONS[section], "test": test, "illustrative": illustrative}


def _rests_on(n: int, of: int, what: str) -> str | None:
    """The note for a headline counting ``of`` things, ``n`` of them illustrative."""
    if not n:
        return None
    if n == of:
        return f"all {of} {what} are illustrative rows"
    return f"{n} of these {of} {what} are illustrative rows"


def _p(value: float | None) -> str:
    return "p n/a" if value is None else f"p = {value:.3f}" if value >= 0.001 else "p < 0.001"


def findings(G: nx.MultiDiGraph, sections: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The headlines, each produced by its analysis only where it applies.

    A finding is made only when the data holds what it speaks of (no sentence
    about area planning groups without GP places in area groups; no money total
    when the amounts are illustrative); every one names its table and
    definition, a density comparison states its permutation test and calls a
    difference only when the test supports it, and a count resting on
    illustrative rows says so.
    """
    found: list[dict[str, Any]] = []




    rep = sections["representation"]["summary"]
    iso = sections["isolated_gps"]["summary"]
    if iso["area_groups"] >= 2 and (iso["area_groups_with_gp_member"]
                                    or iso["area_groups_with_only_invited_gps"]):
        line = (f"{iso['area_groups_with_gp_member']} of {iso['area_groups']} area planning "
                "groups have a GP member")
        invited_only = iso["area_groups_with_only_invited_gps"]
        if invited_only:
            line += f"; in {invited_only} more, GPs were invited but never took part"
        found.append(_finding(line + ".", "representation", "representation_gaps"))
    if iso["gps"]:
        reasons = iso["by_reason"]
        parts = [f"{reasons[r]} {w}" for r, w in (
            ("unconnected", "with no link at all"),
            ("invited_not_attending", "taking up none of their places"),
            ("single_sector", "tied only inside their own sector"),
            ("broker_dependent", "reaching other sectors through one person"))
            if reasons.get(r)]
        line = f"{iso['isolated_gps']} of {iso['gps']} GPs are on the periphery"
        line += (": " + ", ".join(parts) + " (a GP can be in several)") if parts else ""
        found.append(_finding(line + ".", "isolated_gps", "isolated_gps",
                              illustrative=_rests_on(iso["illustrative_gps"], iso["gps"],
                                                     "GPs")))
        cp = iso["core_periphery"]
        if cp.get("discrete_fit") is not None:
            found.append(_finding(
                f"{cp['gps_in_core']} of {iso['gps']} GPs are in the core of the person "
                f"network ({cp['core_size']} people; Borgatti & Everett fit "
                f"{cp['discrete_fit']:.2f}, {cp['method']}).", "isolated_gps", "gp_positions"))
    if iso["places_not_taken_up"]:
        n, groups = iso["places_not_taken_up"], iso["groups_with_places_not_taken_up"]
        invited = iso["invitations_never_taken_up"]
        line = (f"{n} GP place{'s' if n != 1 else ''} in {groups} group"
                f"{'s' if groups != 1 else ''} {_verb(n, 'is', 'are')} not taken up")
        if invited:
            line += f" ({invited} {_verb(invited, 'is an invitation', 'are invitations')} "
            line += "never taken up)"
        found.append(_finding(line + ".", "isolated_gps", "gp_places_not_taken_up"))
    vert = sections["vertical_links"]["summary"]
    if vert["units"]:
        found.append(_finding(
            f"{vert['disconnected']} of {vert['units']} units have no one linking them to "
            f"any level above; {vert['single_thread']} hang by a single person.",
            "vertical_links", "vertical_links",
            illustrative=_rests_on(vert["illustrative_units"], vert["units"], "units")))
    test = vert["density_test"]
    if test["p_value"] is not None:
        first = significance.sector_pair_words(test["first"])
        second = significance.sector_pair_words(test["second"])
        h, v = test["first_density"], test["second_density"]
        how = (f"permutation test, {test['permutations']:,} shuffles of the sector labels, "
               f"seed {test['seed']}: {_p(test['p_value'])}")
        wm = [list(p) for p in significance.WOODS_MCCOLLAM] == [test["first"], test["second"]]
        if test["supported"]:
            if wm:
                word = "ahead of" if h > v else "behind"
                line = (f"Horizontal integration ({first}, density {h:.2g}) runs {word} "
                        f"vertical integration ({second}, {v:.2g}); {how}.")
            else:
                word = "denser" if h > v else "sparser"
                line = (f"Ties between {first} (density {h:.2g}) are {word} than between "
                        f"{second} ({v:.2g}); {how}.")
        else:
            line = (f"Ties between {first} (density {h:.2g}) and between {second} "
                    f"({v:.2g}) do not differ beyond what the sector labels alone give "
                    f"({how}); no difference is claimed.")
        found.append(_finding(line, "vertical_links", "density_test", test=how))
    what_if = table_rows({"sections": list(sections.values())}, "broker_what_if")
    worst = max(what_if, key=lambda r: r.get("cross_pairs_cut") or 0, default=None)
    if worst and worst.get("cross_pairs_cut"):
        found.append(_finding(
            f"If {worst.get('name') or worst.get('broker')} left, "
            f"{worst['cross_pairs_cut']} pairs of people in different "
            f"{_words(sections['brokerage']['summary']['partition'])}s would lose "
            "every path between them.", "brokerage", "broker_what_if",
            illustrative=_rests_on(provenance.illustrative(G, [worst.get("broker")]), 1,
                                   "broker")))
    if rep.get("area_groups", 0) >= 2:
        social = rep["area_by_sector"].get(SECTOR.canonical("social_care") or "", 0)
        found.append(_finding(f"Social care sits on {social} of {rep['area_groups']} area "
                              "groups.", "representation", "core_sector_presence"))
    if rep.get("groups") and rep.get("share_with_primary_care") is not None:
        found.append(_finding(
            f"Primary care is present in {round(100 * rep['share_with_primary_care'])}% of "
            f"{rep['groups']} groups.", "representation", "core_sector_presence"))
    money = sections["budgets"]["summary"]
    shown, flows = provenance.illustrative_edges(G, FUNDS)
    if money.get("total_amount") and shown < flows:
        if shown:
            found.append(_finding(
                f"{flows} budget lines, {shown} of them with illustrative amounts: no total "
                "is given.", "budgets", "funding_flows"))
        else:
            found.append(_finding(
                f"{money['total_amount']:,.0f} flows through {money.get('flows', 0)} budget "
                f"lines; {round(100 * (money.get('pooled_share') or 0))}% is pooled.",
                "budgets", "funding_totals"))
    elif flows:
        pooled = sum(1 for _, _, d in G.edges(data=True)
                     if d.get("type") == FUNDS and d.get("mechanism") == "pooled")
        found.append(_finding(
            f"{flows} budget line{'s' if flows != 1 else ''} ({pooled} pooled); the amounts "
            "are illustrative, so none is totalled.", "budgets", "funding_flows"))
    purchased = next((row for row in money["stages"]
                      if row["stage"] == STAGE.canonical("purchased")), None)
    if purchased is not None and money_groups(money):  # never "0 of 0 groups"
        found.append(_finding(f"{purchased['reached']} of {money_groups(money)} groups with "
                              "a known stage have purchased a service.", "budgets",
                              "commissioning_stages"))
    unfunded = money.get("planning_without_purchasing")
    if unfunded:
        found.append(_finding(f"{unfunded} group{'s' if unfunded != 1 else ''} at stage "
                              f"'plan' or later {_verb(unfunded, 'receives', 'receive')} no "
                              "funds.", "budgets", "planning_without_purchasing"))
    spectrum = sections["integration"]["summary"]["by_relationship"]
    for kind in ("horizontal", "vertical"):
        rows_ = [r for r in spectrum if r["relationship"] == kind]
        if rows_:
            parts = [f"{_words(r['function'])} {r['lowest']}" + (
                f" to {r['highest']}" if r["lowest"] != r["highest"] else "") for r in rows_]
            found.append(_finding(
                f"{kind.capitalize()} partnerships sit at: " + "; ".join(parts) + ".",
                "integration", "integration_spectrum"))
    return found


@dataclass(frozen=True)
class _Derived:
    """What the report derives from the graph before the analyses of its networks: the
    options with the partition chosen, the data notes, the person and organisation
    networks, the person network's tied pairs, the networks as analysed, the people's
    brokerage roles and the top brokers."""

    options: ReportOptions
    notes: list[str]
    people: nx.Graph
    organisations: nx.Graph
    people_pairs: networks.TiedPairs
    nets: dict[str, AnalysedNetwork]
    person_roles: brokerage.BrokerageResult
    top_brokers: list[Any]


def _run_side_by_side(parts: dict[str, Callable[[], Any]], order: tuple[str, ...],
                      progress: Progress | None, before: int, total: int) -> dict[str, Any]:
    """Each of ``parts`` run once, in ``order`` over every core
    (:func:`netan.kernels.parallel.side_by_side`: the first in this process), reporting
    ``progress("analyses", done, total)`` (``before`` done already) as each is done."""
    done: dict[str, Any] = {}
    for name, value in parallel.side_by_side({name: parts[name] for name in order},
                                             "the report's analyses"):
        done[name] = value
        if progress is not None:
            progress("analyses", before + len(done), total)
    return done


@one_blas_thread()  # the same floats on every machine; the workers use the cores
def build_report(G: nx.MultiDiGraph, options: ReportOptions | None = None,
                 progress: Progress | None = None, *,
                 index: networks.GraphIndex | None = None,
                 provenance: Callable[[], dict[str, Any]] | None = None) -> dict[str, Any]:
    """Run every analysis on ``G`` and return the report document (see module docstring).

    ``progress("analyses", done, total)`` is called as the parts are done. The parts run
    side by side in two rounds, one process per core (:func:`netan.kernels.parallel.
    ordered_map`: forked workers, the results sent back, the same document with any
    number of workers): the derived networks beside the parts that need only the graph,
    then the analyses of the networks. ``index``: ``G``'s
    graph index (:func:`~netan.queries.participation.index_graph`), when already read;
    read here otherwise, once, and given to every analysis with the derived networks
    and the person network's tied pairs (:func:`~netan.queries.networks.tied_pairs`).
    ``provenance()``: the document's ``provenance`` (who made it, from what input),
    taken side by side with the sections.
    """
    options = options or ReportOptions()
    index = networks.index_of(G, index)  # read once: every analysis below is given it
    total = len(_GRAPH_PARTS) + len(_NETWORK_PARTS)

    def derive() -> _Derived:
        people = networks.person_network(G, index=index)
        nets = analysed_networks(G, options, index=index)
        chosen, notes = resolve_group_by(options, nets)
        # the top brokers first: nobody among them is an isolated GP
        roles = brokerage.brokerage(nets["people"].graph, chosen.group_by)
        return _Derived(chosen, notes + network_notes(nets), people,
                        networks.organisation_network(G, index=index),
                        networks.tied_pairs(people), nets, roles, top_brokers_of(roles))

    # Two rounds of independent parts, each shared out among worker processes (forked
    # with everything read before it, the results sent back), the longest first. First
    # the derived networks (the parent's: they stay here, for the second round) beside
    # the parts that need only the graph and its index.
    graph_parts: dict[str, Callable[[], Any]] = {
        "derived networks": derive,
        "provenance": provenance or (lambda: None),
        "integration": lambda: integration_section(G, index=index),
        "representation": lambda: representation_section(G, index=index),
        "budgets": lambda: budgets_section(G, index=index),
        "attendance_rates": lambda: attendance_rates(G),
    }
    done = _run_side_by_side(graph_parts, _GRAPH_PARTS, progress, 0, total)
    d: _Derived = done["derived networks"]
    options = d.options
    network_parts: dict[str, Callable[[], Any]] = {
        "person_brokers": lambda: person_brokers(d.nets["people"], options, d.person_roles),
        "organisation_brokers": lambda: network_brokers(d.nets["organisations"], options),
        "isolated_gps": lambda: isolated_gps_section(G, d.people, options, d.top_brokers,
                                                     index=index, pairs=d.people_pairs),
        "vertical_links": lambda: vertical_links_section(G, d.people, d.organisations, options,
                                                         index=index, pairs=d.people_pairs),
        "networks": lambda: networks_section(G, d.nets, options, d.notes, index=index),
        "survey": lambda: survey_section(G, options, index=index),
    }
    done |= _run_side_by_side(network_parts, _NETWORK_PARTS, progress, len(_GRAPH_PARTS),
                              total)
    people, organisations, nets = d.people, d.organisations, d.nets
    done["brokerage"] = brokerage_section(
        nets["people"], nets["organisations"], options,
        measured=(done["person_brokers"], done["organisation_brokers"]))
    sections: dict[str, dict[str, Any]] = {name: done[name] for name in SECTION_IDS}
    between = sections["brokerage"]["summary"]
    add_measure_settings(sections["networks"], nets, {
        "people": between["betweenness"], "organisations": between["organisation_betweenness"]})
    sections["representation"]["charts"].append(
        {"id": "attendance_rates", "kind": "histogram",
         "title": "Attendance rates (member x group)", "data": done["attendance_rates"]})
    surveyed = done["survey"]
    extra = [surveyed] if surveyed is not None else []
    for section in [*sections.values(), *extra]:
        for entry in section["tables"]:
            if not entry["columns"] and not entry["rows"]:
                entry["columns"] = table_columns(entry["id"], options.group_by)
    found = findings(G, sections) + [survey_finding(s["summary"]) for s in extra]
    document = plain({
        "title": "netan partnership report",
        "parameters": options.parameters(),
        "graph": {"people": people.number_of_nodes(), "person_ties": people.number_of_edges(),
                  "organisations": organisations.number_of_nodes(),
                  "organisation_ties": organisations.number_of_edges(),
                  "sectors": sorted({d.get("sector") for _, d in G.nodes(data=True)
                                     if d.get("sector") in SECTOR.values})},
        "headlines": d.notes + [f["text"] for f in found],
        "findings": found,
        "sections": [sections[s] for s in SECTION_IDS] + extra,
    })
    if provenance is not None:
        document["provenance"] = done["provenance"]
    return document
