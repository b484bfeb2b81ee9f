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

from dataclasses import dataclass, field

import pandas as pd

from netan.graphdb.schema import NODE_LABELS, REL_TYPES

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
