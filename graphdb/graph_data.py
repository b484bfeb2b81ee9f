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

import contextlib
import functools
import gc
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from netan.graphdb.lazy import lazy_module
from netan.graphdb.schema import KEY, LAYERS, NODE_LABELS, REL_TYPES

# Loaded on first use: `netan query` reaches this module but needs none of them.
nx = lazy_module("networkx")
np = lazy_module("numpy")
pd = lazy_module("pandas")

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


@functools.lru_cache(maxsize=256)
def _record_maker(keys: tuple[str, ...]) -> Callable[..., dict[str, Any]]:
    """A function of ``len(keys)`` values returning ``{keys[0]: value0, ...}``.

    It is compiled to a dict display, the fastest way CPython builds a small
    dict (about three times faster than ``dict(zip(keys, values))``). The keys
    are bound as constants of the function, never spliced into its source.
    """
    values = [f"v{i}" for i in range(len(keys))]
    items = ", ".join(f"k{i}: v{i}" for i in range(len(keys)))
    constants = {f"k{i}": key for i, key in enumerate(keys)}
    maker: Callable[..., dict[str, Any]] = eval(  # noqa: S307 (generated names only)
        f"lambda {', '.join(values)}: {{{items}}}", constants)
    return maker


def _records(frame: pd.DataFrame, columns: Sequence[str], reserved: Iterable[str],
             lead: tuple[str, Any]) -> list[dict[str, Any]]:
    """One dict per row: ``lead`` first, then the row's non-missing values, ``attributes`` expanded.

    Rows are grouped by which columns they have, and each group's dicts are
    built in one pass (no per-value test); rows keep their order.
    """
    reserved = (*reserved, *columns)
    size = len(frame)
    present = {name: mask for name in columns
               if (mask := frame[name].notna().to_numpy(dtype=bool)).any()}
    values = {name: python_values(frame[name], ~mask) for name, mask in present.items()}
    records = _records_by_pattern(size, present, values, lead)
    if "attributes" in present:
        for position in np.flatnonzero(present["attributes"]).tolist():
            records[position] = _expand_attributes(records[position], reserved)
    return records


def _records_by_pattern(size: int, present: dict[str, np.ndarray],
                        values: dict[str, list[Any]],
                        lead: tuple[str, Any]) -> list[dict[str, Any]]:
    """The row dicts of :func:`_records`, before ``attributes`` is expanded."""
    names = list(present)
    if all(mask.all() for mask in present.values()):
        maker = _record_maker((lead[0], *names))
        return list(map(maker, itertools.repeat(lead[1], size), *(values[n] for n in names)))
    if len(names) > 62:
        raise ValueError("more than 62 properties in one frame")
    code = np.zeros(size, dtype=np.int64)  # bit i set: the row has names[i]
    for bit, name in enumerate(names):
        code |= present[name].astype(np.int64) << bit
    records: list[dict[str, Any]] = [{}] * size
    for pattern in np.unique(code).tolist():
        rows = np.flatnonzero(code == pattern).tolist()
        chosen = [name for bit, name in enumerate(names) if pattern >> bit & 1]
        maker = _record_maker((lead[0], *chosen))
        columns = ([values[name][row] for row in rows] for name in chosen)
        for row, record in zip(rows, map(maker, itertools.repeat(lead[1], len(rows)), *columns),
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

    The result is exactly what ``add_nodes_from`` per label and then
    ``add_edges_from`` per type (in schema order) would build, node and edge
    insertion order and edge keys included, but is filled in directly
    (:func:`_add_nodes`, :func:`_add_edges`), about ten times faster.
    """
    graph = nx.MultiDiGraph()
    with collector_paused():
        for label, frame in data.nodes.items():
            names = NODE_LABELS[label].property_names
            records = _records(frame, names, ("label",), ("label", label))
            _add_nodes(graph, [record[KEY] for record in records], records)
        for rel in layer_types(layers):
            frame = data.relationships.get(rel)
            if frame is None or not len(frame):
                continue
            names = REL_TYPES[rel].property_names
            _add_edges(graph, python_values(frame["source"]), python_values(frame["target"]),
                       _records(frame, names, ("type",), ("type", rel)))
    nx._clear_cache(graph)
    return graph


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if on) for the duration; also a
    decorator (``@collector_paused()``).

    Building a graph, an index or a network makes millions of small dicts and no
    reference cycles; each few hundred new dicts would otherwise trigger a
    collection that walks the ones already made (about 40% of the build time at
    a million edges, half of the person network's).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _new_node(graph: nx.MultiDiGraph, node: Any, attributes: dict[str, Any]) -> None:
    """Add ``node`` (not yet in ``graph``) with ``attributes`` as its own data dict."""
    if node is None:
        raise ValueError("None cannot be a node")
    graph._succ[node] = {}
    graph._pred[node] = {}
    graph._node[node] = attributes


def _add_nodes(graph: nx.MultiDiGraph, nodes: Sequence[Any],
               records: Sequence[dict[str, Any]]) -> None:
    """``graph.add_nodes_from(zip(nodes, records))``, fast: a known node gets its data updated."""
    known = graph._node
    for node, record in zip(nodes, records, strict=True):
        if node in known:
            known[node].update(record)
        else:
            _new_node(graph, node, record)


def _add_edges(graph: nx.MultiDiGraph, sources: Sequence[Any], targets: Sequence[Any],
               records: Sequence[dict[str, Any]]) -> None:
    """``graph.add_edges_from(zip(sources, targets, records))``, fast.

    Each edge gets the lowest unused integer key between its endpoints (keys
    there are always ``0 .. n-1``, so that is ``n``) and its record as its own
    data dict; a missing endpoint is added with no data, source first.
    """
    succ, pred = graph._succ, graph._pred
    for source, target, record in zip(sources, targets, records, strict=True):
        try:
            out = succ[source]
        except KeyError:
            _new_node(graph, source, {})
            out = succ[source]
        if target in out:
            keys = out[target]
            keys[len(keys)] = record
            continue
        try:
            into = pred[target]
        except KeyError:
            _new_node(graph, target, {})
            into = pred[target]
        out[target] = into[source] = {0: record}
