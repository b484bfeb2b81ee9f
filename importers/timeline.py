"""Time in the input: start and end dates, successors, and a ``wave`` column.

* ``start_date`` / ``end_date`` (headers ``start`` / ``end`` also accepted) on
  the node tables and the relationship tables: parsed as dates like any date
  column; a row whose end is before its start is an error.
* ``succeeded_by`` (on the predecessor's row) and ``succeeds`` (on the
  successor's row) in ``agencies`` and ``groups``, each one id or several
  separated by ``;`` (a merger, a split), make ``SUCCEEDED_BY`` from the
  predecessor to the successor. Either may name an id that is not in this
  import but in another wave (of the store, or of the source's ``wave``
  column): the caller passes those as ``known`` ids.
* A ``wave`` column in any table splits the source into one source per wave
  (:func:`split_by_wave`): each wave's rows plus the rows with a blank wave. The
  caller validates each on its own and stamps it with its wave.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from netan.graphdb.schema import (
    AGENCY,
    END_DATE,
    GROUP,
    INPUT_TABLES,
    KEY,
    PERSON,
    START_DATE,
    SUCCEEDED_BY,
    WAVE_COLUMN,
    WAVE_SEPARATOR,
    normalise_token,
)

from .frames import rel_frame
from .ids import NodeIds, check_references, check_self_loops
from .problems import Cause, ProblemLog
from .readers import RawTable, Source
from .tables import Table

Parsed = dict[str, pd.Series]
SUCCESSION_TABLES: dict[str, str] = {"agencies": AGENCY, "groups": GROUP}
NODE_TABLES: dict[str, str] = {**SUCCESSION_TABLES, "people": PERSON}


def _column(parsed: Parsed, name: str, n: int) -> pd.Series:
    if name in parsed:
        return parsed[name]
    return pd.Series(np.full(n, None, dtype=object), index=pd.RangeIndex(n), dtype=object)


def dates(parsed: Parsed, n: int) -> dict[str, pd.Series]:
    """The ``start_date`` and ``end_date`` of a table's rows, for its relationships."""
    return {START_DATE: _column(parsed, START_DATE, n), END_DATE: _column(parsed, END_DATE, n)}


def check_date_order(table: Table, parsed: Parsed, log: ProblemLog) -> None:
    """Rows whose ``end_date`` is before their ``start_date`` are errors."""
    if START_DATE not in parsed or END_DATE not in parsed:
        return
    start = parsed[START_DATE].to_numpy(dtype=object)
    end = parsed[END_DATE].to_numpy(dtype=object)
    both = pd.notna(start) & pd.notna(end)
    wrong = np.zeros(len(start), dtype=bool)
    wrong[both] = end[both].astype(str) < start[both].astype(str)
    if wrong.any():
        items = list(zip(start[wrong], end[wrong], strict=True))
        log.add_rows("error", table.where, table.rows[parsed[END_DATE].index.to_numpy()[wrong]],
                     items, lambda item: f"the end {item[1]} is before the start {item[0]}",
                     column=table.header(END_DATE), kind="end before start")


def with_known(ids: NodeIds, known: Mapping[str, str]) -> NodeIds:
    """``ids`` plus ``known`` ids (id -> label, e.g. from the store) it does not define."""
    extra = [(node, label) for node, label in known.items() if node not in ids.index]
    if not extra:
        return ids
    index = pd.Index([*ids.index.tolist(), *(node for node, _ in extra)], dtype=object)
    labels = np.array([*ids.labels.tolist(), *(label for _, label in extra)], dtype=object)
    return NodeIds(index=index, labels=labels, origins=dict(ids.origins),
                   present=ids.present | {label for _, label in extra})


def _exploded(values: pd.Series) -> pd.Series:
    """One entry per id of a ``;``-separated cell, indexed by the cell's row position."""
    filled = values.dropna()
    pieces = filled.astype(str).str.split(WAVE_SEPARATOR).explode().str.strip()
    return pieces[pieces != ""].astype(object)


def successions(tables: Mapping[str, Table], parsed: Mapping[str, Parsed], ids: NodeIds,
                known: Mapping[str, str], log: ProblemLog) -> pd.DataFrame:
    """``SUCCEEDED_BY`` rows from the ``succeeded_by`` and ``succeeds`` columns.

    References are checked against the import's ids and ``known`` (ids already
    in the store, or in another wave of the source). An organisation cannot
    succeed itself.
    """
    frames = []
    wider = with_known(ids, known)
    for name, label in SUCCESSION_TABLES.items():
        if name not in tables or "id" not in parsed[name]:
            continue
        table, own = tables[name], parsed[name]["id"]
        allowed = INPUT_TABLES[name].column("succeeded_by").refers_to
        for column, forward in (("succeeded_by", True), ("succeeds", False)):
            if column not in parsed[name]:
                continue
            check_self_loops(table, "id", column, "'{id}' cannot succeed itself", log)
            others = _exploded(parsed[name][column])
            named = wider.index.get_indexer(others.to_numpy(dtype=object))
            none_found = not known and len(named) and not (named >= 0).any()
            labels = check_references(table, column, allowed, wider, log, values=others,
                                      unknown_because=_no_earlier_wave(table, column)
                                      if none_found else None)
            ok = pd.notna(labels) & own.reindex(others.index).notna().to_numpy()
            mine = own.reindex(others.index).to_numpy(dtype=object)[ok]
            theirs, their_labels = others.to_numpy(dtype=object)[ok], labels[ok]
            n = int(ok.sum())
            if forward:
                frames.append(rel_frame(SUCCEEDED_BY, n, mine, label, theirs, their_labels))
            else:
                frames.append(rel_frame(SUCCEEDED_BY, n, theirs, their_labels, mine, label))
    if not frames:
        return rel_frame(SUCCEEDED_BY, 0, None, None, None, None)
    both = pd.concat(frames, ignore_index=True)
    return both.drop_duplicates(["source", "target"]).reset_index(drop=True)


def _no_earlier_wave(table: Table, column: str) -> Cause:
    """Why a succession column none of whose ids can be found, in an import into a
    store with no earlier wave, fails: the usual slip of importing a later wave first,
    or on its own. (One unknown id among found ones is a typo, listed by row.)"""
    return Cause(f"no earlier wave {table.where.file} {column}",
                 type(table.where)(table.where.file),
                 f"column '{table.header(column)}' names predecessors that are neither in "
                 "this import nor in the store, which holds no earlier wave: import the "
                 "earlier wave first (netan import EARLIER --db DB --wave W1), then this "
                 "one with --wave W2")


# ---------------------------------------------------------------------------
# A wave column: one source per wave
# ---------------------------------------------------------------------------


def _wave_position(raw: RawTable) -> int | None:
    """The position of ``raw``'s wave column (by name or alias), or None."""
    names = {normalise_token(n) for n in (WAVE_COLUMN.name, *WAVE_COLUMN.aliases)}
    return next((i for i, h in enumerate(raw.headers) if normalise_token(h) in names), None)


def source_waves(source: Source) -> list[str]:
    """The waves named in the ``wave`` column of any table of ``source``, first seen first."""
    found: list[str] = []
    for raw in source.tables.values():
        position = _wave_position(raw)
        if position is not None:
            found.extend(v for v in raw.frame[position].dropna().tolist())
    return list(dict.fromkeys(found))


def source_ids(source: Source) -> dict[str, str]:
    """Every id in the node tables of ``source`` (any wave) with its label, unvalidated."""
    found: dict[str, str] = {}
    for name, label in NODE_TABLES.items():
        raw = source.tables.get(name)
        if raw is None:
            continue
        position = next((i for i, h in enumerate(raw.headers) if normalise_token(h) == KEY),
                        None)
        if position is not None:
            for node in raw.frame[position].dropna().tolist():
                found.setdefault(node, label)
    return found


def split_by_wave(source: Source, waves: list[str]) -> dict[str, Source]:
    """One source per wave: each table's rows of that wave and its rows with no wave.

    The wave column itself is left out; row numbers stay those of the file.
    """
    out: dict[str, Source] = {}
    for wave in waves:
        tables = {}
        for name, raw in source.tables.items():
            position = _wave_position(raw)
            if position is None:
                tables[name] = raw
                continue
            cells = raw.frame[position]
            keep = (cells.isna() | (cells == wave)).to_numpy(dtype=bool)
            columns = [i for i in range(len(raw.headers)) if i != position]
            frame = raw.frame.loc[keep, columns].reset_index(drop=True)
            frame.columns = range(len(columns))
            tables[name] = RawTable(raw.name, raw.where, [raw.headers[i] for i in columns],
                                    frame, raw.rows[keep], raw.path)
        out[wave] = Source(source.kind, tables, list(source.files), dict(source.parts))
    return out
