"""Budget flows and the commissioning cycle (Analysis 5).

Seed 000 found joint commissioning in Wales "focused on planning rather than on
purchasing": no group involving both primary and social care had yet bought a
service, and budgets were not pooled. This module measures that from the typed
graph the store returns:

* :func:`funding_flows` -- every ``FUNDS`` relationship as a plain row, with the
  sector and level of both ends;
* :func:`funding_totals` -- money by mechanism, by source and target sector and
  level, and the pooled share;
* :func:`sankey_flows` -- flows aggregated from (sector, level) to (sector, level),
  ready for a Sankey diagram;
* :func:`planning_without_purchasing` -- groups at stage ``plan`` or later that
  receive no funds;
* :func:`stage_table` -- Secker, Davies & Howell's (2000) Table 1: for each
  commissioning-cycle stage, how many groups have reached it.

A ``FUNDS`` relationship runs from an agency to an agency or a group and has
``amount``, ``year`` and ``mechanism`` (schema vocabulary ``funding_mechanism``).
A group has no sector: a group target is reported with sector None and label
``Group``. Results are plain JSON-serialisable data.

Reference: docs/design.md, "Analyses" 5; Secker, Davies & Howell 2000,
Table 1.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from netan.graphdb.schema import (
    AGENCY,
    ATTRIBUTES,
    FUNDING_MECHANISM,
    FUNDS,
    GROUP,
    LEVEL,
    SECTOR,
    STAGE,
)
from netan.queries.participation import GraphIndex, as_text, index_of, prop, term

__all__ = [
    "NEEDS_ASSESSMENT_COMPLETED",
    "POOLED_MECHANISMS",
    "funding_flows",
    "funding_totals",
    "planning_without_purchasing",
    "sankey_flows",
    "stage_table",
]

AMOUNT = prop(FUNDS, "amount")
YEAR = prop(FUNDS, "year")
MECHANISM = prop(FUNDS, "mechanism")
NAME = prop(GROUP, "name")
STAGE_P = prop(GROUP, "stage")
LEVEL_P = prop(GROUP, "level")
SECTOR_P = prop(AGENCY, "sector")

#: Mechanisms whose money is in a pooled budget (section 31 agreements read as pooled).
POOLED_MECHANISMS: tuple[str, ...] = (term(FUNDING_MECHANISM, "pooled"),)

#: The stage from which a group is "planning" (Secker, Davies & Howell 2000: "plan produced").
PLAN = term(STAGE, "plan")
NEEDS_ASSESSMENT = term(STAGE, "needs_assessment")

#: Extra group column (kept in ``attributes``) that says whether a needs assessment
#: was completed, which one ordered stage cannot express (examples/wales-1998).
NEEDS_ASSESSMENT_COMPLETED = "needs_assessment_completed"

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _amount(data: Mapping[str, Any]) -> float | None:
    value = data.get(AMOUNT)
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _year(data: Mapping[str, Any]) -> int | None:
    value = data.get(YEAR)
    try:
        return None if value is None or value != value else int(value)
    except (TypeError, ValueError):
        return None


def _end(idx: GraphIndex, node: str) -> dict[str, Any]:
    if node in idx.groups:
        data = idx.groups[node]
        return {"label": GROUP, "sector": None, "level": as_text(data.get(LEVEL_P)),
                "name": as_text(data.get(NAME)) or node}
    data = idx.agencies.get(node, {})
    return {"label": AGENCY, "sector": as_text(data.get(SECTOR_P)),
            "level": as_text(data.get(LEVEL_P)), "name": as_text(data.get(NAME)) or node}


def _read_flows(idx: GraphIndex) -> list[dict[str, Any]]:
    """Every ``FUNDS`` relationship of the index as a row of :func:`funding_flows`, in
    row order (each end is described once, however many flows it has)."""
    ends: dict[str, dict[str, Any]] = {}

    def end(node: str) -> dict[str, Any]:
        found = ends.get(node)
        if found is None:
            found = ends[node] = _end(idx, node)
        return found

    rows = []
    for u, v, data in idx.funds:
        src, dst = end(u), end(v)
        mechanism = as_text(data.get(MECHANISM))
        rows.append({
            "source": u, "target": v, "source_name": src["name"], "target_name": dst["name"],
            "source_sector": src["sector"], "source_level": src["level"],
            "target_label": dst["label"], "target_sector": dst["sector"],
            "target_level": dst["level"], "amount": _amount(data), "year": _year(data),
            "mechanism": mechanism, "pooled": mechanism in POOLED_MECHANISMS,
        })
    rows.sort(key=lambda r: (str(r["source"]), str(r["target"]), r["year"] or 0,
                             r["mechanism"] or ""))
    return rows


def _flows(idx: GraphIndex, year: int | None = None) -> list[dict[str, Any]]:
    """The rows of :func:`funding_flows` (shared: callers must not modify them).

    Read once per graph index and reused (:meth:`GraphIndex.derived`), so the
    functions here share one pass over the ``FUNDS`` relationships. Filtering by
    ``year`` keeps the row order.
    """
    rows = idx.derived("budget lines", lambda: _read_flows(idx))
    return rows if year is None else [r for r in rows if r["year"] == year]


def funding_flows(G: nx.MultiDiGraph, year: int | None = None,
                  *, index: GraphIndex | None = None) -> list[dict[str, Any]]:
    """Every ``FUNDS`` relationship as a row (the raw material of the other functions).

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    year : only flows of this year (None: all; flows with no year are then kept).

    Returns
    -------
    list of dict sorted by source, target, year, mechanism: ``source``,
    ``target``, ``source_name``, ``target_name``, ``source_sector``,
    ``source_level``, ``target_label`` (``Agency`` or ``Group``),
    ``target_sector`` (None for a group), ``target_level``, ``amount`` (float;
    None when not given), ``year``, ``mechanism`` (None when not given),
    ``pooled`` (mechanism in :data:`POOLED_MECHANISMS`).

    Direction: money runs source -> target. Parallel flows (one per year and
    mechanism) are separate rows.

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    return list(map(dict.copy, _flows(index_of(G, index), year)))


def _vocab_order(values: Sequence[str]) -> Callable[[Any], tuple[int, str]]:
    def key(value: Any) -> tuple[int, str]:
        if value is None:
            return (len(values) + 1, "")
        if value in values:
            return (values.index(value), "")
        return (len(values), str(value))
    return key


def _totals(flows: Iterable[Mapping[str, Any]], field: str, name: str,
            order: Sequence[str], total: float) -> list[dict[str, Any]]:
    amounts: dict[Any, float] = defaultdict(float)
    counts: dict[Any, int] = defaultdict(int)
    for f in flows:
        amounts[f[field]] += f["amount"] or 0.0
        counts[f[field]] += 1
    return [{name: k, "amount": amounts[k], "flows": counts[k],
             "share": amounts[k] / total if total else None}
            for k in sorted(amounts, key=_vocab_order(order))]


def funding_totals(G: nx.MultiDiGraph, year: int | None = None,
                   pooled_mechanisms: Sequence[str] = POOLED_MECHANISMS,
                   *, index: GraphIndex | None = None) -> dict[str, Any]:
    r"""Money by mechanism, by source and target sector and level, and the pooled share.

    With flows :math:`f` of amount :math:`a_f` (a missing amount counts 0 and is
    reported in ``flows_without_amount``)::

        total             = sum_f a_f
        by_X[x]           = sum_{f : X(f) = x} a_f     (X = mechanism, source sector, ...)
        share of x        = by_X[x] / total            (None when total = 0)
        pooled_share      = sum_{f : mechanism(f) in POOLED} a_f / total

    ``POOLED`` is ``pooled_mechanisms`` (default :data:`POOLED_MECHANISMS`:
    ``pooled``, which "section 31" agreements map to; ``aligned`` budgets stay
    with their owners and are not pooled). With no money at all the pooled share
    is 0.0: nothing is pooled (Secker, Davies & Howell's (2000) Wales has no budgets, and "no pooled
    budgets").

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    year : only flows of this year (None: all).
    pooled_mechanisms : the mechanisms counted as pooled.

    Returns
    -------
    dict: ``total``, ``flows`` (count), ``flows_without_amount``, ``pooled``
    (amount), ``pooled_share``; ``by_mechanism``, ``by_source_sector``,
    ``by_target_sector``, ``by_source_level``, ``by_target_level``: lists of
    ``{<key>, "amount", "flows", "share"}`` in vocabulary order (unknown values
    after, None -- not given, or a group's sector -- last). Every flow counts
    once in each breakdown (no direction is folded; self-funding counts).

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    flows = _flows(index_of(G, index), year)
    total = sum(f["amount"] or 0.0 for f in flows)
    pooled = sum(f["amount"] or 0.0 for f in flows if f["mechanism"] in pooled_mechanisms)
    return {
        "year": year,
        "total": total,
        "flows": len(flows),
        "flows_without_amount": sum(1 for f in flows if f["amount"] is None),
        "pooled": pooled,
        "pooled_share": pooled / total if total else 0.0,
        "pooled_mechanisms": list(pooled_mechanisms),
        "by_mechanism": _totals(flows, "mechanism", "mechanism",
                                FUNDING_MECHANISM.values, total),
        "by_source_sector": _totals(flows, "source_sector", "sector", SECTOR.values, total),
        "by_target_sector": _totals(flows, "target_sector", "sector", SECTOR.values, total),
        "by_source_level": _totals(flows, "source_level", "level", LEVEL.values, total),
        "by_target_level": _totals(flows, "target_level", "level", LEVEL.values, total),
    }


def _node_name(sector: str | None, level: str | None, label: str) -> str:
    who = sector if sector is not None else ("group" if label == GROUP else "unknown")
    return f"{who} @ {level or 'unknown'}"


def sankey_flows(G: nx.MultiDiGraph, year: int | None = None,
                 *, index: GraphIndex | None = None) -> list[dict[str, Any]]:
    """Flows aggregated by (source sector, level) -> (target sector, level), for a Sankey.

    ``amount(B -> C) = sum of a_f over flows f from a body in block B to one in
    block C``, where a block is a (sector, level) pair; a group target has sector
    None and is named ``group @ <level>``. Missing amounts count 0.

    Returns a list of dict sorted by amount descending (ties by names):
    ``source`` and ``target`` (display names ``"<sector> @ <level>"``,
    ``"unknown"`` for a missing value), ``source_sector``, ``source_level``,
    ``target_sector``, ``target_level``, ``target_label``, ``amount``, ``flows``.
    A Sankey draws the sources in one column and the targets in the next, so a
    block that both funds and is funded appears on both sides.

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    amounts: dict[tuple[Any, ...], float] = defaultdict(float)
    counts: dict[tuple[Any, ...], int] = defaultdict(int)
    for f in _flows(index_of(G, index), year):
        key = (f["source_sector"], f["source_level"], f["target_sector"], f["target_level"],
               f["target_label"])
        amounts[key] += f["amount"] or 0.0
        counts[key] += 1
    rows = []
    for key, amount in amounts.items():
        ss, sl, ts, tl, label = key
        rows.append({"source": _node_name(ss, sl, AGENCY), "target": _node_name(ts, tl, label),
                     "source_sector": ss, "source_level": sl, "target_sector": ts,
                     "target_level": tl, "target_label": label, "amount": amount,
                     "flows": counts[key]})
    rows.sort(key=lambda r: (-r["amount"], r["source"], r["target"]))
    return rows


def _stage_rank(value: Any) -> int | None:
    text = as_text(value)
    if text is None:
        return None
    canonical = text if text in STAGE.values else STAGE.canonical(text)
    return STAGE.rank(canonical) if canonical else None


def planning_without_purchasing(G: nx.MultiDiGraph, from_stage: str = PLAN,
                                year: int | None = None,
                                *, index: GraphIndex | None = None) -> dict[str, Any]:
    """Groups at ``from_stage`` or later that receive no funds ("planning without purchasing").

    A group *receives funds* when some ``FUNDS`` relationship into it (of
    ``year``, when given) has a positive amount, or no amount (money promised of
    unknown size counts as funding). Stages are compared in the schema's
    ordered ``STAGE`` vocabulary: structure < needs_assessment <
    resources_identified < strategy < plan < priorities_agreed <
    service_purchased < service_evaluated. Groups with no stage are left out.
    Funding of a subgroup is not funding of its parent.

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    from_stage : the first stage counted as planning (default ``plan``).
    year : only flows of this year count (None: all).

    Returns
    -------
    dict: ``from_stage``, ``groups`` (at or beyond it), ``funded``, ``unfunded``
    (counts), ``unfunded_share`` (None when no group is there) and
    ``unfunded_groups``: rows ``{id, name, level, stage}`` sorted by stage
    (furthest first) then id.

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    threshold = STAGE.rank(from_stage)
    idx = index_of(G, index)
    funded_ids = {f["target"] for f in _flows(idx, year)
                  if f["target_label"] == GROUP and (f["amount"] is None or f["amount"] > 0)}
    at_or_beyond = []
    for group, data in idx.groups.items():
        rank = _stage_rank(data.get(STAGE_P))
        if rank is not None and rank >= threshold:
            at_or_beyond.append((rank, group, data))
    unfunded = [
        {"id": g, "name": as_text(d.get(NAME)) or g, "level": as_text(d.get(LEVEL_P)),
         "stage": STAGE.values[rank]}
        for rank, g, d in sorted(at_or_beyond, key=lambda t: (-t[0], t[1]))
        if g not in funded_ids
    ]
    n = len(at_or_beyond)
    return {"from_stage": from_stage, "groups": n, "funded": n - len(unfunded),
            "unfunded": len(unfunded), "unfunded_share": len(unfunded) / n if n else None,
            "unfunded_groups": unfunded}


def _extra(data: Mapping[str, Any], name: str) -> Any:
    """An extra input column: a key of the node (store expands ``attributes``) or
    inside its ``attributes`` JSON."""
    if name in data:
        return data[name]
    extra = data.get(ATTRIBUTES.name)
    if isinstance(extra, str):
        try:
            extra = json.loads(extra)
        except ValueError:
            return None
    return extra.get(name) if isinstance(extra, Mapping) else None


def _needs_assessed(data: Mapping[str, Any]) -> bool | None:
    value = as_text(_extra(data, NEEDS_ASSESSMENT_COMPLETED))
    if value is None:
        return None
    text = value.strip().lower()
    return True if text in _YES else False if text in _NO else None


def stage_table(G: nx.MultiDiGraph, groups: Iterable[str] | None = None,
                *, index: GraphIndex | None = None) -> dict[str, Any]:
    """Seed 000's Table 1: for each commissioning-cycle stage, how many groups reached it.

    For the chosen groups with a known stage :math:`\\mathcal{G}` and each stage
    ``s`` of the ordered ``STAGE`` vocabulary::

        reached(s)     = |{g in G : rank(stage(g)) >= rank(s)}|   (cumulative)
        not_reached(s) = |G| - reached(s)

    One exception, as in the paper: a group's ``needs_assessment_completed``
    (an extra ``groups.csv`` column, ``yes`` / ``no``; see
    ``examples/wales-1998/README.md``) decides the ``needs_assessment`` row when
    given, because a needs assessment can be skipped while later stages are
    reached (Table 1: needs assessment 7 of 9, resources identified 9 of 9).
    That row is then not cumulative.

    Parameters
    ----------
    G : the typed MultiDiGraph from the store.
    groups : the group ids to tabulate (default: every group). Ids that are not
        groups are ignored.

    Returns
    -------
    dict: ``groups`` (|G|), ``stage_unknown`` (chosen groups with no stage, left
    out) and ``stages``: one row per stage in order, ``{stage, reached,
    not_reached, share}`` (share None when |G| = 0) and, on the needs
    assessment row, ``from_column`` (how many groups the column decided).

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    idx = index_of(G, index)
    chosen = sorted(idx.groups) if groups is None else sorted(set(groups) & set(idx.groups))
    ranked: list[tuple[int, Mapping[str, Any]]] = []
    unknown = 0
    for g in chosen:
        data = idx.groups[g]
        rank = _stage_rank(data.get(STAGE_P))
        if rank is None:
            unknown += 1
        else:
            ranked.append((rank, data))
    n = len(ranked)
    needs_rank = STAGE.rank(NEEDS_ASSESSMENT)
    rows = []
    for i, stage in enumerate(STAGE.values):
        row: dict[str, Any] = {"stage": stage}
        if i == needs_rank:
            decided = [(rank, _needs_assessed(data)) for rank, data in ranked]
            reached = sum(1 for rank, done in decided
                          if (done if done is not None else rank >= i))
            row["from_column"] = sum(1 for _, done in decided if done is not None)
        else:
            reached = sum(1 for rank, _ in ranked if rank >= i)
        row.update(reached=reached, not_reached=n - reached,
                   share=reached / n if n else None)
        rows.append(row)
    return {"groups": n, "stage_unknown": unknown, "stages": rows}
