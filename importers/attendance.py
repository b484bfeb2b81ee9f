"""The attendance table: a meeting register or an aggregate, to the attendance layer.

Two forms, told apart by which columns hold values:

* **Register** (``person``, ``group``, ``date``, ``status``), one row per
  person and meeting. Each distinct (group, date) is one ``Meeting`` node with
  id ``"<group>@<date>"`` (deterministic, so re-importing the same register
  gives the same ids) and ``HELD_BY`` to its group; each row is an
  ``ATTENDED`` (status) from the person to the meeting. The register is also
  aggregated to ``ATTENDS`` person→group for every (person, group) in it:

  - ``attended`` = meetings of that group the person was ``present`` at;
  - ``held`` = meetings of that group in the register (all of them: a
    register lists the whole group at every meeting);
  - ``rate`` = attended / held;
  - ``last_attended`` = the latest date the person was present (blank if never).

* **Aggregate** (``person``, ``group``, ``attended``, ``held``, optional
  ``last_attended``), one row per person and group → ``ATTENDS`` directly with
  ``rate = attended / held`` (blank when ``held`` is 0). ``attended > held``
  is an error.

A table with values in both forms' columns is an error; one person and
group (register: and date) must not have two rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from netan.graphdb.graph_data import GraphData
from netan.graphdb.schema import (
    ATTENDED,
    ATTENDS,
    GROUP,
    HELD_BY,
    INPUT_TABLES,
    MEETING,
    PERSON,
)

from .frames import attributes_json, node_frame, rel_frame
from .ids import NodeIds, check_duplicates, check_references
from .problems import ProblemLog
from .tables import Table
from .timeline import check_date_order, dates
from .values import parse_table

#: Columns that make a register, and an aggregate.
REGISTER_COLUMNS: tuple[str, ...] = ("date", "status")
AGGREGATE_COLUMNS: tuple[str, ...] = ("attended", "held")
#: Columns every row of each form needs.
REGISTER_REQUIRED: tuple[str, ...] = ("person", "group", "date", "status")
AGGREGATE_REQUIRED: tuple[str, ...] = ("person", "group", "attended", "held")


def meeting_id(group: str, date: str) -> str:
    """The id of the meeting of ``group`` on ``date`` (ISO): ``"<group>@<date>"``."""
    return f"{group}@{date}"


def attendance_form(table: Table, log: ProblemLog) -> str | None:
    """``"register"``, ``"aggregate"``, or None (with an error) when it cannot be told."""
    register = [c for c in REGISTER_COLUMNS if table.has_values(c)]
    aggregate = [c for c in AGGREGATE_COLUMNS if table.has_values(c)]
    if register and aggregate:
        log.error(table.where, "the table mixes a register (date, status) with an aggregate "
                  "(attended, held); give one form per table",
                  column=table.header(aggregate[0]))
        return None
    if aggregate:
        form, needed = "aggregate", AGGREGATE_COLUMNS
    elif register:
        form, needed = "register", REGISTER_COLUMNS
    else:
        if len(table):
            log.error(table.where, "attendance needs either a register (columns date and "
                      "status) or an aggregate (columns attended and held)")
        return None
    for name in needed:
        if name not in table.columns:
            log.error(table.where, f"the required column '{name}' is missing (a {form} has "
                      f"columns {', '.join(needed)})", column=name)
            return None
    return form


def _register(table: Table, parsed: dict[str, pd.Series], graph: GraphData) -> None:
    person = parsed["person"].to_numpy(dtype=object)
    group = parsed["group"].to_numpy(dtype=object)
    date = parsed["date"].to_numpy(dtype=object)
    status = parsed["status"].to_numpy(dtype=object)
    ok = pd.notna(person) & pd.notna(group) & pd.notna(date) & pd.notna(status)
    positions = np.flatnonzero(ok)
    person, group, date, status = person[ok], group[ok], date[ok], status[ok]
    meeting = np.array([meeting_id(g, d) for g, d in zip(group, date, strict=True)],
                       dtype=object)
    meetings = pd.DataFrame({"id": meeting, "date": date, "group": group}).drop_duplicates("id")
    meetings = meetings.sort_values("id", kind="stable").reset_index(drop=True)
    graph.nodes[MEETING] = node_frame(MEETING, len(meetings), {
        "id": meetings["id"], "date": meetings["date"]})
    graph.relationships[HELD_BY] = rel_frame(HELD_BY, len(meetings), meetings["id"], MEETING,
                                             meetings["group"], GROUP)
    graph.given[ATTENDED] = table.provides(("status", "attributes"))
    graph.relationships[ATTENDED] = rel_frame(ATTENDED, len(meeting), person, PERSON, meeting,
                                              MEETING, {
                                                  "status": status,
                                                  "attributes": attributes_json(
                                                      table.extras, positions=positions),
                                                  **_provenance(parsed, ok)})
    held = meetings.groupby("group").size()
    rows = pd.DataFrame({"person": person, "group": group, "date": date,
                         "present": status == "present"})
    present = rows[rows["present"]]
    pairs = rows[["person", "group"]].drop_duplicates().reset_index(drop=True)
    attended = present.groupby(["person", "group"]).size()
    last = present.groupby(["person", "group"])["date"].max()
    key = pd.MultiIndex.from_frame(pairs)
    n_attended = attended.reindex(key, fill_value=0).to_numpy(dtype=np.int64)
    n_held = held.reindex(pairs["group"]).to_numpy(dtype=np.int64)
    graph.relationships[ATTENDS] = rel_frame(ATTENDS, len(pairs), pairs["person"], PERSON,
                                             pairs["group"], GROUP, {
                                                 "attended": n_attended,
                                                 "held": n_held,
                                                 "rate": n_attended / n_held,
                                                 "last_attended": last.reindex(key).to_numpy(
                                                     dtype=object)})


def _aggregate(table: Table, parsed: dict[str, pd.Series], log: ProblemLog,
               graph: GraphData) -> None:
    attended, held = parsed["attended"], parsed["held"]
    over = (attended.notna() & held.notna()).to_numpy() & (
        attended.fillna(0) > held.fillna(0)).to_numpy()
    if over.any():
        items = list(zip(attended[over], held[over], strict=True))
        log.add_rows("error", table.where, table.rows[over], items,
                     lambda item: f"attended ({item[0]}) is more than held ({item[1]}); "
                     "nobody attends more meetings than were held",
                     column=table.header("attended"), kind="attended more than held")
    n = len(table)
    a = attended.to_numpy(dtype="float64", na_value=np.nan)
    h = held.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(h > 0, a / h, np.nan)
    last = parsed.get("last_attended")
    graph.given[ATTENDS] = table.provides(("attended", "held", "last_attended", "attributes")) | {
        "rate"}
    graph.relationships[ATTENDS] = rel_frame(ATTENDS, n, parsed["person"], PERSON,
                                             parsed["group"], GROUP, {
                                                 "attended": attended, "held": held,
                                                 "rate": rate,
                                                 "last_attended": last,
                                                 **dates(parsed, n),
                                                 "attributes": attributes_json(table.extras,
                                                                               n=n),
                                                 **_provenance(parsed, None)})


def _provenance(parsed: dict[str, pd.Series], rows: np.ndarray | None) -> dict[str, Any]:
    """The optional provenance columns, for the rows kept (``rows``: a mask, or None for all)."""
    found: dict[str, Any] = {}
    for name in ("provenance", "provenance_note"):
        column = parsed.get(name)
        if column is not None:
            values = column.to_numpy(dtype=object)
            found[name] = values if rows is None else values[rows]
    return found


def build_attendance(table: Table, ids: NodeIds, log: ProblemLog, graph: GraphData) -> None:
    """Validate the attendance table and add its nodes and relationships to ``graph``."""
    form = attendance_form(table, log)
    if form is None:
        return
    required = REGISTER_REQUIRED if form == "register" else AGGREGATE_REQUIRED
    parsed = parse_table(table, INPUT_TABLES["attendance"].columns, log, required=required)
    check_references(table, "person", (PERSON,), ids, log)
    check_references(table, "group", (GROUP,), ids, log)
    if form == "register":
        check_duplicates(table, [parsed["person"], parsed["group"], parsed["date"]], "date",
                         lambda key, first: f"{key[0]} already has a row for the meeting of "
                         f"{key[1]} on {key[2]} ({first}); give each person one row per "
                         "meeting", log)
        for name in AGGREGATE_COLUMNS + ("last_attended",):
            if table.has_values(name):
                log.warning(table.where, "a register's attended/held are counted from its "
                            "rows, so this column was ignored", column=table.header(name))
        _register(table, parsed, graph)
    else:
        check_duplicates(table, [parsed["person"], parsed["group"]], "group",
                         lambda key, first: f"{key[0]} already has an attendance row for "
                         f"{key[1]} ({first}); give each person and group one row", log)
        check_date_order(table, parsed, log)
        _aggregate(table, parsed, log, graph)
