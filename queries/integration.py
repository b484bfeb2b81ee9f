"""Where partnerships sit on the spectrum of partnership relationships, by function.

Woods & McCollam (2002) place the partnerships of Scotland's Primary Care
Trusts on a spectrum of eight relationships (Figure 2, after Perri 6 et al.
1999): 1 taking into account, 2 dialogue, 3 joint project, 4 joint venture,
5 satellite, 6 strategic alliance, 7 federation, 8 merger -- separately for
each functional activity (direct care, management processes, strategic
planning) and for horizontal (PCT <-> social work, their Table 2) and vertical
(primary <-> secondary care, Table 3) integration. netan stores each
partnership as ``PARTNERS_WITH`` (``spectrum`` 1-8, ``function``) between two
agencies; this module reads them back per site and as the two tables.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from netan.graphdb.schema import PARTNERSHIP_FUNCTION, PARTNERSHIP_SPECTRUM
from netan.queries.participation import (
    PRIMARY_CARE,
    SECONDARY_CARE,
    SECTOR_P,
    SOCIAL_CARE,
    GraphIndex,
    as_text,
    index_of,
)

__all__ = ["partnership_rows", "relationship_kind", "spectrum_name", "spectrum_summary"]


def spectrum_name(value: Any) -> str | None:
    """``6`` -> ``"strategic alliance"`` (None outside 1-8)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if 1 <= number <= len(PARTNERSHIP_SPECTRUM.values):
        return PARTNERSHIP_SPECTRUM.values[number - 1].replace("_", " ")
    return None


def relationship_kind(sector_a: str | None, sector_b: str | None) -> str:
    """``horizontal`` for secondary <-> social care, ``vertical`` for primary <->
    secondary care (Woods & McCollam 2002), else the two sectors joined by ``<->``."""
    pair = {sector_a, sector_b}
    if pair == {SECONDARY_CARE, SOCIAL_CARE}:
        return "horizontal"
    if pair == {PRIMARY_CARE, SECONDARY_CARE}:
        return "vertical"
    return " <-> ".join(str(s or "unknown") for s in sorted(pair, key=str)) if len(pair) > 1 \
        else f"within {sector_a or 'unknown'}"


def partnership_rows(G: nx.MultiDiGraph,
                     *, index: GraphIndex | None = None) -> list[dict[str, Any]]:
    """One row per ``PARTNERS_WITH``: the site (the agencies' ``area``), the two
    agencies and their sectors and care tiers, the relationship kind, the
    function and the spectrum (number and name), and the row's provenance.

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    idx = index_of(G, index)
    rows = []
    for source, target, data in idx.partnerships:
        a, b = idx.agencies.get(source, {}), idx.agencies.get(target, {})
        sa, sb = as_text(a.get(SECTOR_P)), as_text(b.get(SECTOR_P))
        areas = sorted({x for x in (as_text(a.get("area")), as_text(b.get("area"))) if x})
        rows.append({
            "site": " / ".join(areas) or None, "source": source, "target": target,
            "source_sector": sa, "target_sector": sb,
            "relationship": relationship_kind(sa, sb),
            "function": as_text(data.get("function")),
            "spectrum": data.get("spectrum"), "spectrum_name": spectrum_name(data.get("spectrum")),
            "source_tier": as_text(a.get("care_tier")), "target_tier": as_text(b.get("care_tier")),
            "provenance": as_text(data.get("provenance")),
            "provenance_note": as_text(data.get("provenance_note")),
        })
    rows.sort(key=lambda r: (r["relationship"], str(r["function"]), str(r["site"]),
                             r["source"], r["target"]))
    return rows


def spectrum_summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per relationship kind and function: how many partnerships, and where they sit.

    ``lowest`` and ``highest`` name the range of the spectrum found ("dialogue
    (2)"), ``types`` every type found with its count, most common first
    ("joint venture (4) x3; strategic alliance (6) x1") -- the reading of
    Woods & McCollam's Tables 2 and 3 ("joint venture moving in some areas into
    alliances").
    """
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in rows:
        value = row["spectrum"]
        if value is None or spectrum_name(value) is None:
            continue
        groups[(row["relationship"], row["function"] or "unknown")].append(int(value))
    order = {f: i for i, f in enumerate(PARTNERSHIP_FUNCTION.values)}
    out = []
    for (kind, function), values in sorted(groups.items(), key=lambda kv: (
            kv[0][0], order.get(kv[0][1], len(order)), kv[0][1])):
        counts = defaultdict(int)
        for v in values:
            counts[v] += 1
        types = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append({
            "relationship": kind, "function": function, "partnerships": len(values),
            "lowest": f"{spectrum_name(min(values))} ({min(values)})",
            "highest": f"{spectrum_name(max(values))} ({max(values)})",
            "types": "; ".join(f"{spectrum_name(v)} ({v}) x{n}" for v, n in types),
        })
    return out
