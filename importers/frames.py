"""Building the GraphData frames: exact schema columns, canonical dtypes.

Strings, vocabulary values and dates are ``object`` columns holding ``str`` or
``None``; ints are pandas ``Int64``; floats ``float64``; ``attributes`` a JSON
object string or ``None``. Column order is the schema's, so
:meth:`~netan.graphdb.graph_data.GraphData.check_columns` holds by
construction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from netan.graphdb.graph_data import ENDPOINT_COLUMNS, GraphData
from netan.graphdb.schema import NODE_LABELS, REL_TYPES, Property


def as_object(values: Any, n: int) -> np.ndarray:
    """An object array of ``n`` values with every missing value as ``None``."""
    if values is None:
        return np.full(n, None, dtype=object)
    if np.isscalar(values):
        return np.full(n, values, dtype=object)
    array = np.asarray(values.to_numpy(dtype=object) if isinstance(values, pd.Series | pd.Index)
                       else values, dtype=object)
    missing = pd.isna(array)
    if missing.any():
        array = array.copy()
        array[missing] = None
    return array


def typed_column(prop: Property, values: Any, n: int) -> pd.Series:
    """``values`` as the dtype the property's type asks for."""
    if prop.type == "int":
        if values is None:
            return pd.Series(pd.array([pd.NA] * n, dtype="Int64"))
        series = pd.Series(values if not isinstance(values, pd.Series) else values.to_numpy())
        return series.astype("Int64").reset_index(drop=True)
    if prop.type == "float":
        if values is None:
            return pd.Series(np.full(n, np.nan, dtype="float64"))
        array = values.to_numpy(dtype="float64", na_value=np.nan) if isinstance(
            values, pd.Series) else np.asarray(values, dtype="float64")
        return pd.Series(array, dtype="float64")
    return pd.Series(as_object(values, n), dtype=object)


def node_frame(label: str, n: int, values: Mapping[str, Any]) -> pd.DataFrame:
    """A node frame of ``label`` with ``n`` rows; properties not given are missing."""
    props = NODE_LABELS[label].properties
    return pd.DataFrame({p.name: typed_column(p, values.get(p.name), n) for p in props},
                        index=pd.RangeIndex(n))


def rel_frame(rel: str, n: int, source: Any, source_label: Any, target: Any, target_label: Any,
              values: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """A relationship frame of type ``rel`` with ``n`` rows."""
    values = values or {}
    columns: dict[str, pd.Series] = {}
    for name, column in zip(ENDPOINT_COLUMNS, (source, source_label, target, target_label),
                            strict=True):
        columns[name] = pd.Series(as_object(column, n), dtype=object)
    for prop in REL_TYPES[rel].properties:
        columns[prop.name] = typed_column(prop, values.get(prop.name), n)
    return pd.DataFrame(columns, index=pd.RangeIndex(n))


def empty_graph() -> GraphData:
    """A GraphData with an empty frame for every label and relationship type."""
    return GraphData(
        nodes={label: node_frame(label, 0, {}) for label in NODE_LABELS},
        relationships={rel: rel_frame(rel, 0, None, None, None, None) for rel in REL_TYPES},
    )


def _json_pieces(key: str, values: np.ndarray) -> np.ndarray:
    """``"key": "value"`` for each filled cell (None for blank), encoded once per value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    prefix = json.dumps(key, ensure_ascii=False) + ": "
    encoded = np.array([prefix + json.dumps(u, ensure_ascii=False) for u in uniques]
                       + [None], dtype=object)
    return encoded[codes]


def attributes_json(extras: Mapping[str, pd.Series], positions: np.ndarray | None = None,
                    n: int | None = None) -> np.ndarray:
    """The ``attributes`` JSON object of each row from its extra columns (None if none).

    ``positions`` picks (and orders) the rows of the extra columns to use.
    """
    if n is None:
        n = len(positions) if positions is not None else (
            len(next(iter(extras.values()))) if extras else 0)
    result = np.full(n, None, dtype=object)
    for key, column in extras.items():
        values = column.to_numpy(dtype=object)
        if positions is not None:
            values = values[positions]
        pieces = _json_pieces(key, values)
        filled = pd.notna(pieces)
        both = filled & pd.notna(result)
        only = filled & ~both
        result[only] = pieces[only]
        if both.any():
            result[both] = result[both] + ", " + pieces[both]
    filled = pd.notna(result)
    result[filled] = "{" + result[filled] + "}"
    return result
