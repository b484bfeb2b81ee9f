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

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from netan.graphdb.schema import KEY, LAYERS, NODE_LABELS, REL_TYPES

ENDPOINT_COLUMNS: tuple[str, ...] = ("source", "source_label", "target", "target_label")


def empty_nodes(label: str) -> pd.DataFrame:
    """An empty node frame with the columns of ``label``."""
    return pd.DataFrame(columns=list(NODE_LABELS[label].property_names))


def empty_relationships(rel_type: str) -> pd.DataFrame:
    """An empty relationship frame with the columns of ``rel_type``."""
    return pd.DataFrame(columns=[*ENDPOINT_COLUMNS, *REL_TYPES[rel_type].property_names])


@dataclass
class GraphData:
    """Nodes per label and relationships per type, ready to write."""

    nodes: dict[str, pd.DataFrame] = field(default_factory=dict)
    relationships: dict[str, pd.DataFrame] = field(default_factory=dict)

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


def python_values(column: pd.Series) -> list[Any]:
    """The column as plain Python values (``int``, ``float``, ``str``), missing as None."""
    values = column.astype(object).tolist()
    missing = column.isna().tolist()
    return [None if gone else v for v, gone in zip(values, missing, strict=True)]


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


def _records(frame: pd.DataFrame, columns: Sequence[str],
             reserved: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One dict of non-missing values per row, ``attributes`` expanded."""
    reserved = (*reserved, *columns)
    present = [name for name in columns if frame[name].notna().any()]
    values = [python_values(frame[name]) for name in present]
    expand = "attributes" in present
    for row in zip(*values, strict=True) if present else ((),) * len(frame):
        record = {name: value for name, value in zip(present, row, strict=True)
                  if value is not None}
        yield _expand_attributes(record, reserved) if expand else record


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
    """
    graph = nx.MultiDiGraph()
    for label, frame in data.nodes.items():
        names = NODE_LABELS[label].property_names
        graph.add_nodes_from(
            (record[KEY], {"label": label, **record})
            for record in _records(frame, names, ("label",))
        )
    for rel in layer_types(layers):
        frame = data.relationships.get(rel)
        if frame is None or not len(frame):
            continue
        names = REL_TYPES[rel].property_names
        sources = python_values(frame["source"])
        targets = python_values(frame["target"])
        graph.add_edges_from(
            (source, target, {"type": rel, **record})
            for source, target, record in zip(
                sources, targets, _records(frame, names, ("type",)), strict=True)
        )
    return graph
