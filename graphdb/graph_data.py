"""The validated graph an importer hands to a store.

Importers turn files into a :class:`GraphData`; stores write a ``GraphData``.
Neither side needs to know the other: this module is the contract.

* ``nodes[label]`` is a DataFrame whose columns are exactly the label's
  properties from :mod:`netan.graphdb.schema` (``id`` first), one row a node.
* ``relationships[type]`` is a DataFrame with columns ``source``,
  ``source_label``, ``target``, ``target_label`` and then exactly the type's
  properties, one row a relationship.

Values are already canonical: vocabulary values canonical, ints as pandas
``Int64``, floats as ``float64``, dates as ISO ``YYYY-MM-DD`` strings, missing
values as ``None``/``NA``, ``attributes`` as a JSON object string or ``None``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from netan.graphdb.lazy import lazy_module
from netan.graphdb.schema import KEY, LAYERS, NODE_LABELS, REL_TYPES, Property
from netan.kernels.collector import collector_paused
from netan.kernels.records import FrozenDict

__all__ = ["ENDPOINT_COLUMNS", "GraphData", "collector_paused", "empty_nodes",
           "empty_relationships", "frame_of_rows", "in_read_order", "layer_types",
           "nodes_in_read_order", "python_values", "relationships_in_read_order",
           "to_networkx", "typed_column"]

# Loaded on first use: `netan query` reaches this module but needs none of them.
nx = lazy_module("networkx")
np = lazy_module("numpy")
pd = lazy_module("pandas")
nxgraph = lazy_module("netan.kernels.nxgraph")  # networkx and numpy

ENDPOINT_COLUMNS: tuple[str, ...] = ("source", "source_label", "target", "target_label")


def empty_nodes(label: str) -> pd.DataFrame:
    """An empty node frame with the columns of ``label``."""
    return pd.DataFrame(columns=list(NODE_LABELS[label].property_names))


def empty_relationships(rel_type: str) -> pd.DataFrame:
    """An empty relationship frame with the columns of ``rel_type``."""
    return pd.DataFrame(columns=[*ENDPOINT_COLUMNS, *REL_TYPES[rel_type].property_names])


@dataclass
class GraphData:
    """Nodes per label and relationships per type, ready to write.

    ``given[name]`` lists the properties of label or type ``name`` that the
    input provided (a name not listed: all of them). An append changes only
    given properties of stored nodes and relationships, and never to a missing
    value (see :func:`netan.graphdb.embedded.merge_graphs`).
    """

    nodes: dict[str, pd.DataFrame] = field(default_factory=dict)
    relationships: dict[str, pd.DataFrame] = field(default_factory=dict)
    given: dict[str, frozenset[str]] = field(default_factory=dict)

    def given_properties(self, name: str, properties: Iterable[str]) -> list[str]:
        """Those of ``properties`` (of label or type ``name``) that the input provided."""
        given = self.given.get(name)
        return [p for p in properties if given is None or p in given]

    def node_counts(self) -> dict[str, int]:
        return {label: len(frame) for label, frame in self.nodes.items() if len(frame)}

    def relationship_counts(self) -> dict[str, int]:
        return {t: len(frame) for t, frame in self.relationships.items() if len(frame)}

    def check_columns(self) -> None:
        """Raise ValueError if a frame's columns differ from the schema's."""
        for label, frame in self.nodes.items():
            expected = list(NODE_LABELS[label].property_names)
            if list(frame.columns) != expected:
                raise ValueError(f"{label} columns {list(frame.columns)} != {expected}")
        for rel, frame in self.relationships.items():
            expected = [*ENDPOINT_COLUMNS, *REL_TYPES[rel].property_names]
            if list(frame.columns) != expected:
                raise ValueError(f"{rel} columns {list(frame.columns)} != {expected}")


def typed_column(prop: Property, values: Sequence[Any]) -> pd.Series:
    """Plain Python ``values`` (None missing) as ``prop``'s canonical column."""
    if prop.type == "int":
        return pd.Series(pd.array([None if v is None else int(v) for v in values],
                                  dtype="Int64"))
    if prop.type == "float":
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    return pd.Series([None if v is None else str(v) for v in values], dtype=object)


def frame_of_rows(rows: Sequence[Sequence[Any]], properties: Sequence[Property],
                  lead: Sequence[str] = ()) -> pd.DataFrame:
    """Rows of plain Python values as a canonical frame: the ``lead`` columns (e.g. the
    endpoints, :data:`ENDPOINT_COLUMNS`) kept as they are, then ``properties`` typed
    by :func:`typed_column`."""
    names = [*lead, *(p.name for p in properties)]
    columns = list(zip(*rows, strict=True)) or [()] * len(names)
    frame = {name: pd.Series(list(column), dtype=object)
             for name, column in zip(lead, columns, strict=False)}
    frame.update({p.name: typed_column(p, list(column))
                  for p, column in zip(properties, columns[len(lead):], strict=True)})
    return pd.DataFrame(frame, columns=names)


# ---------------------------------------------------------------------------
# The read order: one order for every store, whatever order its engine returns
# ---------------------------------------------------------------------------
#
# Every store's graph reaches the analyses through :func:`to_networkx`, which
# puts it in this order first (docs/design.md, "Read order"):
#
# * nodes by label, in schema order (``NODE_LABELS``), then by ``id``;
# * relationships by type, in schema order (``REL_TYPES``), then by source id,
#   target id and then every property in schema order (``attributes`` last).
#
# Each column sorts ascending with missing values last; strings by code point,
# numbers by value. Ids are unique across labels, so the endpoint labels follow
# from the ids. Two parallel relationships of one type (two FUNDS rows for
# different years, two ATTENDED lines of one register) differ in some property
# unless they are identical, and identical rows can be read in either order
# without any output noticing: the order is total on what a store holds. No
# per-row key survives an import (the stores keep none), which is why the
# properties break the ties.


def _sort_codes(column: pd.Series) -> np.ndarray | None:
    """Each row's rank in ``column`` (ascending, missing last); None if all are equal."""
    codes, uniques = pd.factorize(column, sort=True, use_na_sentinel=True)
    if len(uniques) == 0 or (len(uniques) == 1 and bool((codes >= 0).all())):
        return None
    return np.where(codes < 0, len(uniques), codes)


def _in_order_of(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``frame`` sorted by ``columns`` (first most significant), stably, index reset."""
    keys = [codes for name in columns if (codes := _sort_codes(frame[name])) is not None]
    if len(frame) < 2 or not keys:
        return frame.reset_index(drop=True)
    order = np.lexsort(keys[::-1])  # lexsort: last key most significant
    if bool((order[1:] > order[:-1]).all()):
        return frame.reset_index(drop=True)
    return frame.take(order).reset_index(drop=True)


def nodes_in_read_order(frame: pd.DataFrame) -> pd.DataFrame:
    """A label's node frame sorted by ``id`` (the read order)."""
    return _in_order_of(frame, (KEY,))


def relationships_in_read_order(frame: pd.DataFrame, rel: str) -> pd.DataFrame:
    """A type's relationship frame sorted by source, target, then its properties in order."""
    return _in_order_of(frame, ("source", "target", *REL_TYPES[rel].property_names))


def in_read_order(data: GraphData) -> GraphData:
    """``data`` in the read order: labels and types in schema order, rows sorted."""
    nodes = {label: nodes_in_read_order(data.nodes[label])
             for label in NODE_LABELS if label in data.nodes}
    relationships = {rel: relationships_in_read_order(data.relationships[rel], rel)
                     for rel in REL_TYPES if rel in data.relationships}
    return GraphData(nodes, relationships, dict(data.given))


# ---------------------------------------------------------------------------
# The graph as networkx (the same shape every store's ``to_networkx`` returns)
# ---------------------------------------------------------------------------


def python_values(column: pd.Series, missing: np.ndarray | None = None) -> list[Any]:
    """The column as plain Python values (``int``, ``float``, ``str``), missing as None.

    ``missing`` is ``column.isna()`` as a bool array, when the caller has it already.
    """
    values = column.astype(object).tolist()
    if missing is None:
        missing = column.isna().to_numpy(dtype=bool)
    for position in np.flatnonzero(missing).tolist():
        values[position] = None
    return values


def _expand_attributes(record: dict[str, Any], reserved: Iterable[str]) -> dict[str, Any]:
    """``record`` with its ``attributes`` JSON object merged in (never over ``reserved`` keys)."""
    raw = record.pop("attributes", None)
    if raw is None:
        return record
    try:
        extra = json.loads(raw)
    except (TypeError, ValueError):
        record["attributes"] = raw
        return record
    if not isinstance(extra, dict):
        record["attributes"] = raw
        return record
    taken = set(reserved)
    for key, value in extra.items():
        if key not in taken and key not in record and value is not None:
            record[key] = value
    return record


def _dicts(keys: Sequence[str], columns: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """``[{keys[0]: column0[i], keys[1]: column1[i], ...} for each row i]``, keys in order."""
    rows = zip(*columns, strict=False)  # the lead column is an endless repeat
    return list(map(dict, map(zip, itertools.repeat(keys), rows)))


def _values(column: pd.Series, strings: dict[str, str],
            missing: np.ndarray | None = None) -> list[Any]:
    """:func:`python_values`, with each distinct string of a column of strings as the one
    object ``strings`` holds for it (added when new).

    A store returns each row's strings as new objects (650,000 copies of ``"present"``
    in a national register, two million node ids at the ends of the relationships);
    strings cannot change, so sharing one object per value changes nothing but memory.
    """
    if column.dtype != object or pd.api.types.infer_dtype(column, skipna=True) != "string":
        return python_values(column, missing)
    codes, distinct = pd.factorize(column)  # a missing value is code -1
    table = np.empty(len(distinct) + 1, dtype=object)
    table[:-1] = [strings.setdefault(value, value) for value in distinct.tolist()]
    table[-1] = None
    return table[codes].tolist()


def _records(frame: pd.DataFrame, columns: Sequence[str], reserved: Iterable[str],
             lead: tuple[str, Any], strings: dict[str, str]) -> list[dict[str, Any]]:
    """One dict per row: ``lead`` first, then the row's non-missing values, ``attributes`` expanded.

    Rows are grouped by which columns they have, and each group's dicts are
    built in one pass (no per-value test); rows keep their order. Equal strings are
    one object (:func:`_values`).
    """
    reserved = (*reserved, *columns)
    size = len(frame)
    present = {name: mask for name in columns
               if (mask := frame[name].notna().to_numpy(dtype=bool)).any()}
    values = {name: _values(frame[name], strings, ~mask) for name, mask in present.items()}
    records = _records_by_pattern(size, present, values, lead)
    if "attributes" in present:
        for position in np.flatnonzero(present["attributes"]).tolist():
            records[position] = _expand_attributes(records[position], reserved)
    return records


def _row_groups(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group and each group's first row, groups in order of first row: two
    rows share a group when every column holds the same value for both, of the same
    type (a float by its bits: ``0.0`` and ``-0.0`` apart), or is missing in both."""
    group = np.zeros(len(frame), dtype=np.int64)
    for name in columns:
        column = frame[name]
        if column.dtype == np.float64:
            values = column.to_numpy()
            codes, distinct = pd.factorize(values.view(np.int64))
            codes[np.isnan(values)] = -1
        elif column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) not in (
                "string", "empty"):
            # 1, 1.0 and True are equal: tell them apart by type
            typed = [None if value is None else (type(value).__name__, value)
                     for value in column.tolist()]
            codes, distinct = pd.factorize(pd.Series(typed, dtype=object))
        else:
            codes, distinct = pd.factorize(column)  # a missing value is code -1
        group, _ = pd.factorize(group * (len(distinct) + 1) + (codes + 1))
    _, first = np.unique(group, return_index=True)
    return group, first


def _shared_records(frame: pd.DataFrame, columns: Sequence[str], reserved: Iterable[str],
                    lead: tuple[str, Any], strings: dict[str, str]) -> list[FrozenDict]:
    """:func:`_records`, each distinct record made once, read-only
    (:class:`~netan.kernels.records.FrozenDict`) and shared by its rows.

    A national register's 650,000 attendances carry three distinct records
    (``{"type": "ATTENDED", "status": ...}``); one dict per row would hold ~200 MB.
    """
    group, first = _row_groups(frame, columns)
    distinct = _records(frame.iloc[first], columns, reserved, lead, strings)
    table = np.empty(len(distinct), dtype=object)
    table[:] = [FrozenDict(record) for record in distinct]
    return table[group].tolist()


def _records_by_pattern(size: int, present: dict[str, np.ndarray],
                        values: dict[str, list[Any]],
                        lead: tuple[str, Any]) -> list[dict[str, Any]]:
    """The row dicts of :func:`_records`, before ``attributes`` is expanded."""
    names = list(present)
    if all(mask.all() for mask in present.values()):
        return _dicts((lead[0], *names),
                      (itertools.repeat(lead[1], size), *(values[n] for n in names)))
    if len(names) > 62:
        raise ValueError("more than 62 properties in one frame")
    code = np.zeros(size, dtype=np.int64)  # bit i set: the row has names[i]
    for bit, name in enumerate(names):
        code |= present[name].astype(np.int64) << bit
    records: list[dict[str, Any]] = [{}] * size
    for pattern in np.unique(code).tolist():
        rows = np.flatnonzero(code == pattern).tolist()
        chosen = [name for bit, name in enumerate(names) if pattern >> bit & 1]
        columns = ([values[name][row] for row in rows] for name in chosen)
        for row, record in zip(rows, _dicts((lead[0], *chosen),
                                            (itertools.repeat(lead[1], len(rows)), *columns)),
                               strict=True):
            records[row] = record
    return records


def layer_types(layers: Iterable[str] | None) -> tuple[str, ...]:
    """The relationship types of the named layers (every type when ``layers`` is None)."""
    if layers is None:
        return tuple(REL_TYPES)
    chosen: list[str] = []
    for layer in layers:
        if layer not in LAYERS:
            raise ValueError(f"unknown layer {layer!r}; known: {', '.join(LAYERS)}")
        chosen.extend(t for t in LAYERS[layer] if t not in chosen)
    return tuple(t for t in REL_TYPES if t in chosen)


def to_networkx(data: GraphData, layers: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The graph as a MultiDiGraph, every node and the relationships of ``layers``.

    Nodes are keyed by ``id`` and carry ``label`` plus their non-missing
    properties; edges carry ``type`` plus their non-missing properties. The
    ``attributes`` JSON object is expanded into keys that never override a
    schema property, ``label`` or ``type``. ``layers`` names entries of
    :data:`netan.graphdb.schema.LAYERS` (None: all); nodes are always all kept.
    See :func:`graph_of` for the order and the read-only edge records.
    """
    return graph_of(((label, data.nodes[label]) for label in NODE_LABELS if label in data.nodes),
                    ((rel, data.relationships[rel]) for rel in layer_types(layers)
                     if rel in data.relationships))


def graph_of(node_frames: Iterable[tuple[str, pd.DataFrame]],
             relationship_frames: Iterable[tuple[str, pd.DataFrame]]) -> nx.MultiDiGraph:
    """The MultiDiGraph of :func:`to_networkx` from ``(label, frame)`` and ``(type, frame)``
    pairs in schema order, taken one frame at a time (a store reads each when it is
    wanted, and it is dropped once its rows are in the graph).

    Nodes and edges are inserted in the read order (:func:`in_read_order`), so the
    graph, every analysis's ties and every output are the same whichever order a
    store returned the rows in. The result is what ``add_nodes_from`` per label and
    then ``add_edges_from`` per type on the sorted frames would build, node and edge
    insertion order and edge keys included, but filled in directly
    (:mod:`netan.kernels.nxgraph`), about ten times faster and in about half the
    memory: edges with identical properties share one read-only record, and a pair
    of nodes joined once shares its key dict ``{0: record}``
    (:func:`~netan.kernels.nxgraph.add_edges`). Changing an edge of this graph
    raises TypeError; ``graph.copy()`` gives one that can be changed.
    """
    graph = nx.MultiDiGraph()
    strings: dict[str, str] = {}  # one object per distinct string, node ids first
    with collector_paused():
        for label, frame in node_frames:
            frame = nodes_in_read_order(frame)
            names = NODE_LABELS[label].property_names
            records = _records(frame, names, ("label",), ("label", label), strings)
            nxgraph.add_nodes(graph, [record[KEY] for record in records], records)
            del frame, records
        for rel, frame in relationship_frames:
            if not len(frame):
                continue
            frame = relationships_in_read_order(frame, rel)
            names = REL_TYPES[rel].property_names
            nxgraph.add_edges(graph, _values(frame["source"], strings),
                              _values(frame["target"], strings),
                              _shared_records(frame, names, ("type",), ("type", rel), strings))
            del frame
    nxgraph.forget_cached(graph)
    return graph
