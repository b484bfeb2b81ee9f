"""Read-only tie records, one per distinct combination of values, shared by the ties.

Every tie of a derived network carries ``{"weight", "layer_weights": {layer: weight},
"layers": [layer, ...]}``. Held tie by tie that is three objects (~430 bytes) per tie,
about 550 MB for the 1.3 million ties of a national partnership's two networks -- yet
those ties carry only a few hundred distinct combinations of values. Here ties with
identical values share one record.

A shared record must not change through one tie and so for all the others: records
are :class:`FrozenDict` and :class:`FrozenList`, a ``dict`` and a ``list`` (equal to,
read, serialised and type-checked as the plain ones) whose every changing method
raises ``TypeError``. ``dict(record)``, ``record.copy()`` or ``graph.copy()`` give
plain, changeable copies; pickling and ``copy.deepcopy`` give frozen ones.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any, NoReturn

__all__ = ["FrozenDict", "FrozenList", "TieRecords"]


def _refuse(self: object, *args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError(f"a {type(self).__name__} is shared and read-only; change a copy "
                    "(dict(...) or list(...)) instead")


class FrozenDict(dict):  # type: ignore[type-arg]
    """A ``dict`` that cannot be changed after it is made."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[type, tuple[dict[Any, Any]]]:
        return type(self), (dict(self),)


class FrozenList(list):  # type: ignore[type-arg]
    """A ``list`` that cannot be changed after it is made."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __reduce__(self) -> tuple[type, tuple[list[Any]]]:
        return type(self), (list(self),)


_SAME_WHEN_EQUAL = (int, str, bool)


def _exact_key(values: Iterable[Any]) -> tuple[Any, ...] | None:
    """``values`` as a key that only identical values share: each with its type (``1``,
    ``1.0`` and ``True`` are equal but print differently), a float by its exact bits
    (``0.0`` and ``-0.0`` are equal too); None when a value is of another type."""
    key = []
    for value in values:
        kind = type(value)
        if kind is float:
            key.append((kind, value.hex()))
        elif kind in _SAME_WHEN_EQUAL:
            key.append((kind, value))
        else:
            return None
    return tuple(key)


class TieRecords:
    """The records of one network's ties, each combination of values made once."""

    def __init__(self) -> None:
        self._records: dict[tuple[Any, ...], FrozenDict] = {}
        self._layers: dict[tuple[Hashable, ...], FrozenList] = {}

    def tie(self, weight: Any, layer_weights: Mapping[str, Any]) -> FrozenDict:
        """The record ``{"weight": weight, "layer_weights": layer_weights (in its order),
        "layers": sorted layer names}``, shared with every tie of identical values
        (numbers of the same type and bits); a record of its own when a value is
        neither a number nor a string."""
        key = _exact_key((weight, *layer_weights.keys(), *layer_weights.values()))
        if key is not None:
            found = self._records.get(key)
            if found is not None:
                return found
        names = tuple(sorted(layer_weights))
        layers = self._layers.get(names)
        if layers is None:
            layers = self._layers[names] = FrozenList(names)
        record = FrozenDict(weight=weight, layer_weights=FrozenDict(layer_weights),
                            layers=layers)
        if key is not None:
            self._records[key] = record
        return record
