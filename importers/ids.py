"""Node ids: uniqueness across tables and the checking of references.

Ids are case-sensitive text. They must be unique within a table *and* across
agencies, groups and people, because ``liaison.with`` and ``budgets.target``
may name a node of more than one label and the id alone must say which. A
reference to an id that does not exist, or to an id of a label the column
does not allow, is an error naming what the id is.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from netan.graphdb.schema import AGENCY, GROUP, MEETING, PERSON

from .problems import Cause, ProblemLog
from .tables import Table

#: How each label is named in messages.
NOUNS: dict[str, str] = {AGENCY: "agency", GROUP: "group", PERSON: "person",
                         MEETING: "meeting"}

#: The table that defines the ids of each label (the generic form: nodes).
TABLES: dict[str, str] = {AGENCY: "agencies", GROUP: "groups", PERSON: "people"}

#: Above this many candidate ids no "did you mean" is computed (it would be slow).
SUGGEST_LIMIT = 20_000


def article(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def nouns(labels: tuple[str, ...]) -> str:
    """"person", "agency or group", "person, agency or group"."""
    words = [NOUNS.get(label, label.lower()) for label in labels]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


@dataclass
class NodeIds:
    """Every node id of an import with its label and where it was defined."""

    index: pd.Index = field(default_factory=lambda: pd.Index([], dtype=object))
    labels: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    origins: dict[str, str] = field(default_factory=dict)  # label -> table display name
    present: set[str] = field(default_factory=set)  # labels that had a table
    _candidates: dict[tuple[str, ...], list[str]] = field(default_factory=dict)

    def allowed(self, allowed: tuple[str, ...]) -> np.ndarray:
        """For each indexed id, whether its label is one of ``allowed``."""
        return np.isin(self.labels, list(allowed))

    def suggest(self, raw: str, allowed: tuple[str, ...]) -> str | None:
        if allowed not in self._candidates:
            mask = np.isin(self.labels, list(allowed))
            ids = self.index.to_numpy(dtype=object)[mask]
            self._candidates[allowed] = list(ids) if len(ids) <= SUGGEST_LIMIT else []
        close = difflib.get_close_matches(raw, self._candidates[allowed], n=1, cutoff=0.75)
        return close[0] if close else None


def collect_ids(entries: list[tuple[str, Table, pd.Series]], log: ProblemLog) -> NodeIds:
    """Check ids are unique within and across ``entries`` (label, table, ids); index them.

    ``ids`` may be indexed by a subset of the table's positions (the generic
    form has one table for every label); the first definition of an id wins.
    """
    seen_ids: list[np.ndarray] = []
    seen_labels: list[np.ndarray] = []
    seen_rows: list[np.ndarray] = []
    seen_tables: list[np.ndarray] = []
    result = NodeIds()
    for label, table, ids in entries:
        result.present.add(label)
        result.origins.setdefault(label, table.raw.display)
        values = ids.to_numpy(dtype=object)
        positions = ids.index.to_numpy()
        filled = pd.notna(values)
        rows = table.rows[positions]
        header = table.header("id")
        # within this table
        dup = filled & pd.Series(values).duplicated(keep="first").to_numpy()
        if dup.any():
            first = pd.Series(rows[filled & ~dup], index=values[filled & ~dup])
            unit = table.where.unit
            table_log_items = [(v, first.get(v)) for v in values[dup][: log.cap]]
            items = np.empty(dup.sum(), dtype=object)
            items[: len(table_log_items)] = table_log_items
            log.add_rows("error", table.where, rows[dup], items,
                         lambda item, unit=unit: f"duplicate id '{item[0]}': already used on "
                         f"{unit} {item[1]}",
                         column=header, kind="duplicate id")
        # across tables already seen
        if seen_ids:
            earlier = pd.Index(np.concatenate(seen_ids))
            hit = filled & ~dup & np.asarray(pd.Index(values, dtype=object).isin(earlier))
            if hit.any():
                where_of = earlier.get_indexer(values[hit])
                all_labels = np.concatenate(seen_labels)
                all_rows = np.concatenate(seen_rows)
                all_tables = np.concatenate(seen_tables)
                items = np.empty(hit.sum(), dtype=object)
                for k, (v, j) in enumerate(zip(values[hit][: log.cap], where_of[: log.cap],
                                               strict=False)):
                    items[k] = (v, all_labels[j], all_tables[j], all_rows[j])
                unit = table.where.unit
                log.add_rows(
                    "error", table.where, rows[hit], items,
                    lambda item, unit=unit: (
                        f"id '{item[0]}' is already the id of {article(NOUNS[item[1]])} "
                        f"({item[2]}, {unit} {item[3]}); ids must be unique across agencies, "
                        "groups and people"),
                    column=header, kind="id used by another table")
                dup = dup | hit
        keep = filled & ~dup
        seen_ids.append(values[keep])
        seen_labels.append(np.full(keep.sum(), label, dtype=object))
        seen_rows.append(rows[keep])
        seen_tables.append(np.full(keep.sum(), table.raw.display, dtype=object))
    if seen_ids:
        result.index = pd.Index(np.concatenate(seen_ids), dtype=object)
        result.labels = np.concatenate(seen_labels).astype(object)
    return result


def check_references(table: Table, name: str, allowed: tuple[str, ...], ids: NodeIds,
                     log: ProblemLog, values: pd.Series | None = None,
                     unknown_because: Cause | None = None) -> np.ndarray:
    """Labels of the nodes the column ``name`` refers to; bad references are errors.

    Returns an object array (None where the cell is blank or the reference is
    bad), aligned with ``values`` (default: the whole column). Unknown ids are
    counted as following from ``unknown_because`` when it is given (the root
    cause shown first), else listed one per row with a "did you mean".
    """
    if values is None:
        values = table.get(name)
    if values is None:
        return np.full(len(table), None, dtype=object)
    found = ids.index.get_indexer(values.to_numpy(dtype=object))
    filled = values.notna().to_numpy()
    known = found >= 0
    unknown = filled & ~known
    fits = np.zeros(len(found), dtype=bool)
    fits[known] = ids.allowed(allowed)[found[known]]
    wrong = filled & known & ~fits
    labels = np.append(ids.labels, None).astype(object)[found]
    header = table.header(name)
    positions = values.index.to_numpy()
    what = nouns(allowed)
    if unknown.any():
        missing_tables = not any(label in ids.present for label in allowed)
        because = missing_table(table, allowed) if missing_tables else unknown_because

        def unknown_message(raw: object) -> str:
            if missing_tables:
                return f"'{raw}' is not the id of any {what}: there is no table of them"
            suggestion = ids.suggest(str(raw), allowed)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            return f"'{raw}' is not the id of any {what}{hint}"

        log.add_rows("error", table.where, table.rows[positions[unknown]],
                     values.to_numpy(dtype=object)[unknown], unknown_message,
                     column=header, kind=f"unknown {what}", because=because)
    if wrong.any():
        items = list(zip(values.to_numpy(dtype=object)[wrong], labels[wrong], strict=True))
        log.add_rows("error", table.where, table.rows[positions[wrong]], items,
                     lambda item: f"'{item[0]}' is {article(NOUNS.get(item[1], item[1]))}, "
                     f"not {article(what)}",
                     column=header, kind=f"not {article(what)}")
    labels = labels.copy()
    labels[unknown | wrong] = None
    return labels


def missing_table(table: Table, allowed: tuple[str, ...]) -> Cause:
    """The root cause of references to ``allowed`` labels when no table defines any."""
    names = sorted(dict.fromkeys(TABLES.get(label, "nodes") for label in allowed))
    either = " or ".join(names)
    files = " or ".join(f"{name}.csv (or a sheet named '{name}')" for name in names)
    return Cause(f"missing table {', '.join(names)}", type(table.where)(table.where.file),
                 f"there is no {either} table to find {nouns(allowed)} ids in: add {files}, "
                 f"or leave the cells that name {article(nouns(allowed))} blank")


def check_self_loops(table: Table, first: str, second: str, message: str,
                     log: ProblemLog) -> None:
    """Rows whose ``first`` and ``second`` cells are the same id are errors (``{id}``)."""
    a, b = table.get(first), table.get(second)
    if a is None or b is None:
        return
    same = (a.notna() & (a == b)).to_numpy()
    if same.any():
        log.add_rows("error", table.where, table.rows[same], a.to_numpy(dtype=object)[same],
                     lambda v: message.format(id=v), column=table.header(second),
                     kind="self-loop")


def check_duplicates(table: Table, keys: list[pd.Series], column: str,
                     describe: Callable[[tuple[object, ...], str], str], log: ProblemLog) -> None:
    """Rows repeating an earlier row's ``keys`` are errors naming the first such row.

    ``describe(key, first)`` words the problem from the repeated key values and
    where the first row is ("row 3").
    """
    frame = pd.DataFrame({i: k.to_numpy(dtype=object) for i, k in enumerate(keys)})
    complete = frame.notna().all(axis=1).to_numpy()
    dup = complete & frame.duplicated(keep="first").to_numpy()
    if not dup.any():
        return
    firsts = frame[complete & ~dup]
    first_rows = pd.Series(table.rows[complete & ~dup],
                           index=pd.MultiIndex.from_frame(firsts) if len(keys) > 1
                           else pd.Index(firsts[0]))
    shown = frame[dup].head(log.cap)
    items = np.empty(dup.sum(), dtype=object)
    for k, key in enumerate(shown.itertuples(index=False, name=None)):
        items[k] = (key, first_rows.get(key if len(keys) > 1 else key[0]))
    unit = table.where.unit
    log.add_rows("error", table.where, table.rows[dup], items,
                 lambda item: describe(item[0], f"{unit} {item[1]}"),
                 column=table.header(column), kind="duplicate row")
