"""The canonical tables (agencies, groups, people, ...) to a GraphData.

Each table is resolved against its schema columns, typed, and checked; every
problem is logged and the graph is only returned when there is no error.

* ``agencies`` / ``groups`` / ``people`` make ``Agency`` / ``Group`` /
  ``Person`` nodes; ids must be unique within and across the three tables.
* ``part_of`` makes ``PART_OF`` (its target's label is decided by the id);
  ``employer`` makes ``EMPLOYED_BY``. A person whose ``sector`` is blank
  takes the sector of their employer.
* ``memberships`` → ``MEMBER_OF`` (role ``member`` when blank; one row per
  person and group); ``attendance`` → see :mod:`.attendance`; ``liaison`` →
  ``LIAISES_WITH``; ``colocation`` → ``CO_LOCATED_AT``; ``budgets`` →
  ``FUNDS``; ``partnerships`` → ``PARTNERS_WITH``; ``roster`` and ``survey`` →
  see :mod:`.survey`.
* Self-loops are errors where they mean nothing: an agency or group part of
  itself, a person liaising with themself, an agency funding or partnering
  with itself.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from netan.graphdb.graph_data import GraphData
from netan.graphdb.schema import (
    AGENCY,
    CO_LOCATED_AT,
    EMPLOYED_BY,
    FUNDS,
    GROUP,
    INPUT_TABLES,
    LIAISES_WITH,
    MEMBER_OF,
    NODE_LABELS,
    PART_OF,
    PARTNERS_WITH,
    PERSON,
    RATES,
    REL_TYPES,
    REQUIRED_ONE_OF,
    SUCCEEDED_BY,
)

from .attendance import build_attendance
from .frames import attributes_json, empty_graph, node_frame, rel_frame
from .ids import NodeIds, check_duplicates, check_references, check_self_loops, collect_ids
from .problems import Location, ProblemLog
from .readers import Source
from .survey import build_survey, roster_ids, roster_nodes
from .tables import Table, resolve_columns
from .timeline import check_date_order, dates, successions
from .values import parse_table

#: The node tables and the label of their rows, in the order ids are claimed.
NODE_TABLES: dict[str, str] = {"agencies": AGENCY, "groups": GROUP, "people": PERSON}

#: What the rows of each table become, for "kept in the attributes of each ..." warnings.
ROW_THINGS: dict[str, str] = {
    "agencies": "agency",
    "groups": "group",
    "people": "person",
    "memberships": "MEMBER_OF relationship",
    "attendance": "ATTENDED (register) or ATTENDS (aggregate) relationship",
    "liaison": "LIAISES_WITH relationship",
    "colocation": "CO_LOCATED_AT relationship",
    "budgets": "FUNDS relationship",
    "partnerships": "PARTNERS_WITH relationship",
    "roster": "roster entry",
    "survey": "RATES relationship",
}

Parsed = dict[str, pd.Series]


def _column(parsed: Parsed, name: str, n: int) -> pd.Series:
    """A parsed column, or an all-missing one when the table does not have it."""
    if name in parsed:
        return parsed[name]
    return pd.Series(np.full(n, None, dtype=object), index=pd.RangeIndex(n), dtype=object)


def check_required_tables(tables: dict[str, Table], source_name: str, log: ProblemLog) -> None:
    """At least one of agencies/people must be given, with rows."""
    given = [tables[name] for name in REQUIRED_ONE_OF if name in tables]
    wanted = " or ".join(f"{name}.csv" for name in REQUIRED_ONE_OF)
    if not given:
        log.error(Location(source_name), f"no {' or '.join(REQUIRED_ONE_OF)} table: a canonical "
                  f"import needs at least one of {wanted} (or sheets of those names)")
        return
    if all(len(table) == 0 for table in given):
        for table in given:
            log.error(table.where, "the table has a header but no rows; at least one of "
                      f"{wanted} must have rows")


def _nodes_and_structure(
    name: str, table: Table, parsed: Parsed, ids: NodeIds, log: ProblemLog,
    graph: GraphData, agency_sector: pd.Series | None,
) -> None:
    """Nodes of one node table, with its PART_OF or EMPLOYED_BY relationships."""
    label = NODE_TABLES[name]
    n = len(table)
    node_ids = _column(parsed, "id", n)
    values: dict[str, object] = {p: parsed[p] for p in parsed}
    values["attributes"] = attributes_json(table.extras, n=n)
    if name in ("agencies", "groups"):
        allowed = INPUT_TABLES[name].column("part_of").refers_to
        labels = check_references(table, "part_of", allowed, ids, log)
        check_self_loops(table, "id", "part_of", "'{id}' cannot be part of itself", log)
        parent = _column(parsed, "part_of", n)
        has = parent.notna().to_numpy()
        graph.relationships[PART_OF] = pd.concat([
            graph.relationships[PART_OF],
            rel_frame(PART_OF, int(has.sum()), node_ids[has], label, parent[has], labels[has]),
        ], ignore_index=True)
    if name == "people":
        check_references(table, "employer", (AGENCY,), ids, log)
        employer = _column(parsed, "employer", n)
        sector = _column(parsed, "sector", n)
        if agency_sector is not None and len(agency_sector):
            blank = sector.isna().to_numpy() & employer.notna().to_numpy()
            if blank.any():
                found = agency_sector.index.get_indexer(employer[blank].to_numpy(dtype=object))
                inherited = np.append(agency_sector.to_numpy(dtype=object), None)[found]
                sector = sector.copy()
                sector[blank] = inherited
        values["sector"] = sector
        has = employer.notna().to_numpy()
        graph.relationships[EMPLOYED_BY] = rel_frame(
            EMPLOYED_BY, int(has.sum()), node_ids[has], PERSON, employer[has], AGENCY)
        graph.given[EMPLOYED_BY] = frozenset()
    if name in ("agencies", "groups"):
        graph.given[PART_OF] = frozenset()
    graph.nodes[label] = node_frame(label, n, values)
    graph.given[label] = table.provides(NODE_LABELS[label].property_names)


def _provenance(parsed: Parsed, n: int) -> dict[str, pd.Series]:
    """The optional ``provenance`` and ``provenance_note`` columns of a relationship table."""
    return {name: _column(parsed, name, n) for name in ("provenance", "provenance_note")}


def _memberships(table: Table, parsed: Parsed, ids: NodeIds, log: ProblemLog) -> pd.DataFrame:
    n = len(table)
    check_references(table, "person", (PERSON,), ids, log)
    check_references(table, "group", (GROUP,), ids, log)
    check_references(table, "represents", (AGENCY,), ids, log)
    person, group = _column(parsed, "person", n), _column(parsed, "group", n)
    check_duplicates(table, [person, group], "group",
                     lambda key, first: f"{key[0]} is already a member of {key[1]} ({first}); "
                     "give each person and group one row", log)
    role = _column(parsed, "role", n).fillna("member")
    return rel_frame(MEMBER_OF, n, person, PERSON, group, GROUP, {
        "role": role, "represents": _column(parsed, "represents", n), **dates(parsed, n),
        "attributes": attributes_json(table.extras, n=n), **_provenance(parsed, n)})


def _liaison(table: Table, parsed: Parsed, ids: NodeIds, log: ProblemLog) -> pd.DataFrame:
    n = len(table)
    check_references(table, "person", (PERSON,), ids, log)
    labels = check_references(table, "with", INPUT_TABLES["liaison"].column("with").refers_to,
                              ids, log)
    check_self_loops(table, "person", "with", "'{id}' cannot liaise with themself", log)
    return rel_frame(LIAISES_WITH, n, _column(parsed, "person", n), PERSON,
                     _column(parsed, "with", n), labels, {
                         "model": _column(parsed, "model", n),
                         "frequency": parsed.get("frequency"), **dates(parsed, n),
                         "direction": parsed.get("direction"),
                         "attributes": attributes_json(table.extras, n=n),
                         **_provenance(parsed, n)})


def _colocation(table: Table, parsed: Parsed, ids: NodeIds, log: ProblemLog) -> pd.DataFrame:
    n = len(table)
    check_references(table, "person", (PERSON,), ids, log)
    check_references(table, "agency", (AGENCY,), ids, log)
    return rel_frame(CO_LOCATED_AT, n, _column(parsed, "person", n), PERSON,
                     _column(parsed, "agency", n), AGENCY, {
                         "days_per_week": parsed.get("days_per_week"), **dates(parsed, n),
                         "attributes": attributes_json(table.extras, n=n),
                         **_provenance(parsed, n)})


def _budgets(table: Table, parsed: Parsed, ids: NodeIds, log: ProblemLog) -> pd.DataFrame:
    n = len(table)
    check_references(table, "source", (AGENCY,), ids, log)
    labels = check_references(table, "target", INPUT_TABLES["budgets"].column("target")
                              .refers_to, ids, log)
    check_self_loops(table, "source", "target", "agency '{id}' cannot fund itself", log)
    return rel_frame(FUNDS, n, _column(parsed, "source", n), AGENCY,
                     _column(parsed, "target", n), labels, {
                         "amount": parsed.get("amount"), "year": parsed.get("year"),
                         "mechanism": _column(parsed, "mechanism", n), **dates(parsed, n),
                         "attributes": attributes_json(table.extras, n=n),
                         **_provenance(parsed, n)})


def _partnerships(table: Table, parsed: Parsed, ids: NodeIds, log: ProblemLog) -> pd.DataFrame:
    n = len(table)
    check_references(table, "source", (AGENCY,), ids, log)
    check_references(table, "target", (AGENCY,), ids, log)
    check_self_loops(table, "source", "target", "agency '{id}' cannot partner with itself", log)
    return rel_frame(PARTNERS_WITH, n, _column(parsed, "source", n), AGENCY,
                     _column(parsed, "target", n), AGENCY, {
                         "spectrum": parsed.get("spectrum"),
                         "function": _column(parsed, "function", n), **dates(parsed, n),
                         "direction": parsed.get("direction"),
                         "attributes": attributes_json(table.extras, n=n),
                         **_provenance(parsed, n)})


RELATIONSHIP_TABLES = {
    "memberships": (MEMBER_OF, _memberships),
    "liaison": (LIAISES_WITH, _liaison),
    "colocation": (CO_LOCATED_AT, _colocation),
    "budgets": (FUNDS, _budgets),
    "partnerships": (PARTNERS_WITH, _partnerships),
}


def build_canonical(source: Source, source_name: str, log: ProblemLog,
                    known: Mapping[str, str] | None = None) -> GraphData | None:
    """Validate the canonical tables of ``source``; the GraphData, or None on any error.

    ``known`` (id -> label) are ids outside this source that a successor column
    may name (an earlier wave in the store).
    """
    tables = {name: resolve_columns(raw, INPUT_TABLES[name].columns, log,
                                    thing=ROW_THINGS[name])
              for name, raw in source.tables.items()}
    check_required_tables(tables, source_name, log)
    parsed = {name: parse_table(table, INPUT_TABLES[name].columns, log)
              for name, table in tables.items() if name != "attendance"}
    entries = [(label, tables[name], parsed[name]["id"])
               for name, label in NODE_TABLES.items() if name in tables and "id" in parsed[name]]
    if "roster" in tables:
        entries += roster_ids(tables["roster"], parsed["roster"], entries)
    ids = collect_ids(entries, log)
    graph = empty_graph()
    agency_sector: pd.Series | None = None
    if "agencies" in parsed and "id" in parsed["agencies"]:
        agencies = parsed["agencies"]
        frame = pd.DataFrame({"id": agencies["id"].to_numpy(dtype=object),
                              "sector": _column(agencies, "sector", len(tables["agencies"]))
                              .to_numpy(dtype=object)})
        frame = frame[frame["id"].notna()].drop_duplicates("id")
        agency_sector = pd.Series(frame["sector"].to_numpy(dtype=object),
                                  index=pd.Index(frame["id"], dtype=object))
    for name in NODE_TABLES:
        if name in tables:
            _nodes_and_structure(name, tables[name], parsed[name], ids, log, graph,
                                 agency_sector)
    for name, (rel, build) in RELATIONSHIP_TABLES.items():
        if name in tables:
            graph.relationships[rel] = build(tables[name], parsed[name], ids, log)
            graph.given[rel] = tables[name].provides(REL_TYPES[rel].property_names)
    if "attendance" in tables:
        build_attendance(tables["attendance"], ids, log, graph)
    if "roster" in tables:
        roster_nodes(tables["roster"], parsed["roster"], graph, ids, log)
    surveys = [(tables["survey"], parsed["survey"])] if "survey" in tables else []
    surveys += [(table, parse_table(table, INPUT_TABLES["survey"].columns, log))
                for table in (resolve_columns(raw, INPUT_TABLES["survey"].columns, log,
                                              thing=ROW_THINGS["survey"])
                              for raw in source.parts.get("survey", []))]
    if surveys:
        graph.relationships[RATES] = build_survey(surveys, ids, tables.get("roster"),
                                                  parsed.get("roster"), log)
    for name in parsed:
        check_date_order(tables[name], parsed[name], log)
    graph.relationships[SUCCEEDED_BY] = successions(tables, parsed, ids, known or {}, log)
    if log.has_errors:
        return None
    graph.check_columns()
    return graph
