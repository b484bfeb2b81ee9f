"""Sites side by side (``netan report --by site``): one row of headline measures per site.

Each site's graph (:func:`netan.queries.sites.site_graph`) gets the full report
(:func:`netan.reporting.report.build_report`); :data:`MEASURES` picks the numbers
its headlines rest on. The document has the report's shape, so the report's
renderers write it; its chart is a small multiple per measure (one bar per site).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from netan.graphdb.schema import SECTOR
from netan.queries import sites
from netan.queries.choices import ChoiceError
from netan.reporting.report import ReportOptions, build_report, plain, table, table_rows

Summary = dict[str, dict[str, Any]]


def _summary(document: dict[str, Any]) -> Summary:
    return {s["id"]: s["summary"] for s in document["sections"]}


def _share(part: float | None, whole: float | None) -> float | None:
    return part / whole if part is not None and whole else None


def _whole(value: float | None) -> float | int | None:
    """``value`` as an int when it is a whole number (money shown without exponents)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _top_broker(document: dict[str, Any]) -> dict[str, Any]:
    impacts = table_rows(document, "broker_what_if")
    return max(impacts, key=lambda r: r.get("cross_pairs_cut") or 0, default={})


#: The measures of a site row: (column, what it is, how it is read from a site's report).
MEASURES: tuple[tuple[str, str, Callable[[dict[str, Any], Summary], Any]], ...] = (
    ("people", "people in the person network", lambda d, s: d["graph"]["people"]),
    ("gps", "GPs", lambda d, s: s["isolated_gps"]["gps"]),
    ("isolated_gps", "GPs on the periphery", lambda d, s: s["isolated_gps"]["isolated_gps"]),
    ("isolated_share", "share of GPs on the periphery",
     lambda d, s: _share(s["isolated_gps"]["isolated_gps"], s["isolated_gps"]["gps"])),
    ("units", "units below the top level", lambda d, s: s["vertical_links"]["units"]),
    ("disconnected_units", "units with no one linking them up",
     lambda d, s: s["vertical_links"]["disconnected"]),
    ("single_thread_units", "units linked up by one person",
     lambda d, s: s["vertical_links"]["single_thread"]),
    ("horizontal_density", "trust <-> social care tie density",
     lambda d, s: s["vertical_links"]["integration"]["horizontal"]["density"]),
    ("vertical_density", "primary <-> secondary care tie density",
     lambda d, s: s["vertical_links"]["integration"]["vertical"]["density"]),
    ("top_broker", "broker whose departure cuts most pairs",
     lambda d, s: _top_broker(d).get("name") or _top_broker(d).get("broker")),
    ("pairs_cut", "pairs in different groups cut off if that broker left",
     lambda d, s: _top_broker(d).get("cross_pairs_cut")),
    ("share_cut", "share of that broker's cross-group pairs cut off",
     lambda d, s: _top_broker(d).get("share_cut")),
    ("groups", "groups", lambda d, s: s["representation"]["groups"]),
    ("primary_care_share", "share of groups with a primary care member",
     lambda d, s: s["representation"]["share_with_primary_care"]),
    ("groups_with_users_or_carers", "groups with a user or carer member",
     lambda d, s: _sector_groups(d, SECTOR.canonical("user_carer"))),
    ("amount", "money in budget lines",
     lambda d, s: _whole(s["budgets"]["total_amount"])),
    ("pooled_share", "share of that money pooled", lambda d, s: s["budgets"]["pooled_share"]),
    ("purchased", "groups that have purchased a service",
     lambda d, s: next((r["reached"] for r in s["budgets"]["stages"]
                        if r["stage"] == "service_purchased"), None)),
)

#: The measures drawn as small multiples (numbers only).
CHARTED: tuple[str, ...] = ("isolated_share", "disconnected_units", "single_thread_units",
                            "pairs_cut", "primary_care_share", "groups_with_users_or_carers",
                            "pooled_share")


def _sector_groups(document: dict[str, Any], sector: str | None) -> int | None:
    rows = [r for r in table_rows(document, "core_sector_presence") if r.get("groups") == "all"]
    found = next((r for r in rows if r.get("sector") == sector), None)
    return found.get("members") if found else None


def site_rows(G: nx.MultiDiGraph, by: str, options: ReportOptions | None = None
              ) -> list[dict[str, Any]]:
    """One row of :data:`MEASURES` per site (value of ``by``), sites in sorted order."""
    options = options or ReportOptions()
    values = sites.site_values(G, by)
    rows = []
    for site in sites.sites(G, by):
        document = build_report(sites.site_graph(G, by, site, values), options)
        summary = _summary(document)
        rows.append({by: site, **{name: read(document, summary)
                                  for name, _, read in MEASURES}})
    return rows


def _extremes(rows: list[dict[str, Any]], by: str, column: str, what: str,
              high_is: str) -> str | None:
    """"<what>: highest in A (x), lowest in B and C (y)" when the sites differ."""
    known = [r for r in rows if isinstance(r.get(column), int | float)]
    if len(known) < 2:
        return None
    top = max(r[column] for r in known)
    low = min(r[column] for r in known)
    if top == low:
        return f"{what}: the same in every {by} ({_fmt(top)})."

    def where(value: float) -> str:
        names = [str(r[by]) for r in known if r[column] == value]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    return (f"{what}: highest in {where(top)} ({_fmt(top)}){high_is}, lowest in {where(low)} "
            f"({_fmt(low)}).")


def _fmt(value: Any) -> str:
    return f"{value:.2g}" if isinstance(value, float) else str(value)


def site_headlines(rows: list[dict[str, Any]], by: str) -> list[str]:
    """Which site stands out on each headline measure."""
    lines = [f"{len(rows)} {by}s compared: {', '.join(str(r[by]) for r in rows)}."]
    checks = (("isolated_share", "Share of GPs on the periphery", ""),
              ("disconnected_units", "Units with no one linking them up", ""),
              ("pairs_cut", "Pairs cut off if the top broker left", " (rests most on one "
               "person)"),
              ("primary_care_share", "Share of groups with primary care", ""),
              ("groups_with_users_or_carers", "Groups with users or carers", ""),
              ("pooled_share", "Share of money pooled", ""))
    for column, what, note in checks:
        line = _extremes(rows, by, column, what, note)
        if line:
            lines.append(line)
    return lines


def sites_document(G: nx.MultiDiGraph, by: str, options: ReportOptions | None = None
                   ) -> dict[str, Any]:
    """The side-by-side document (report-shaped) for the sites under ``by``."""
    options = options or ReportOptions()
    rows = site_rows(G, by, options)
    if not rows:
        raise ChoiceError("by", by, f"no node has a value for {by!r} (give it as a column "
                          "of agencies.csv or groups.csv, e.g. site)")
    crossing = sites.cross_site_relationships(G, by)
    columns = [by, *(name for name, _, _ in MEASURES)]
    meanings = [{"measure": name, "meaning": meaning} for name, meaning, _ in MEASURES]
    chart = {"id": "site_small_multiples", "kind": "small_multiples",
             "title": f"Headline measures by {by}",
             "data": {"by": by, "sites": [r[by] for r in rows],
                      "measures": [{"name": c, "values": [r[c] for r in rows]}
                                   for c in CHARTED]}}
    section = {"id": "sites", "title": f"By {by}",
               "summary": {"sites": len(rows), "relationships_between_sites": crossing},
               "tables": [table("sites", f"Headline measures, one row per {by}", rows, columns),
                          table("site_measures", "What each column measures", meanings)],
               "charts": [chart]}
    headlines = site_headlines(rows, by)
    if crossing:
        headlines.append(f"{crossing} relationship{'s' if crossing != 1 else ''} link two "
                         f"{by}s and count in neither.")
    return plain({"title": f"netan report by {by}", "parameters": {"by": by},
                  "headlines": headlines, "sections": [section]})
