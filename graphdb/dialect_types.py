"""Types of Cypher values, as :mod:`netan.graphdb.dialect` follows them through a query.

LadybugDB is statically typed where Neo4j is not: a list holds one type, a CASE
gives one type, ``toString(2.0)`` must know it has a float. The translator
therefore works out each expression's :class:`Type` (from literals, parameter
values and the schema's property types) and refuses what the embedded store
would answer differently, such as a list mixing integers and floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class DialectError(ValueError):
    """A query netan will not run on the embedded store; the message says why and what instead.

    ``position`` is the 1-based column in the query, when known.
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


def refuse(construct: str, instead: str) -> DialectError:
    return DialectError(f"{construct} is not supported on the embedded store; {instead}")


# ---------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Type:
    """What netan knows of a value's type: ``kind`` and, for lists, maps, nodes, the rest.

    ``kind`` is any, null, bool, int, float, string, date, list, map, node, rel or path.
    ``names`` are the labels (node) or types (rel) it may have (None: any);
    ``fields`` the keys of a map (None: unknown).
    """

    kind: str
    of: Type | None = None
    names: frozenset[str] | None = None
    fields: tuple[tuple[str, Type], ...] | None = None
    zero: bool = field(default=False, compare=False)  # a float sum: null means Neo4j's 0

    def __str__(self) -> str:
        if self.kind == "list":
            return f"list of {self.of}" if self.of and self.of.kind != "any" else "list"
        return {"int": "integer", "bool": "boolean"}.get(self.kind, self.kind)


ANY, NULL, BOOL, INT, FLOAT, STRING, PATH, DATE = (Type(k) for k in (
    "any", "null", "bool", "int", "float", "string", "path", "date"))
NUMBERS = ("int", "float")


def list_of(item: Type) -> Type:
    return Type("list", of=item)


def node_type(labels: frozenset[str] | None = None) -> Type:
    return Type("node", names=labels)


def rel_type(types: frozenset[str] | None = None) -> Type:
    return Type("rel", names=types)


def unify(types: list[Type], what: str) -> Type:
    """The one type of values that may be any of ``types`` (nulls aside)."""
    kinds = {t.kind for t in types if t.kind != "null"}
    if not kinds:
        return NULL
    if kinds == {"int", "float"}:
        raise refuse(f"{what} mixing integers and floats",
                      "the embedded store would turn the integers into floats; write the "
                      "integers as floats (1.0) or convert with toFloat()")
    if len(kinds) > 1:
        if "any" in kinds:
            return ANY
        raise refuse(f"{what} mixing {' and '.join(sorted(kinds))} values",
                      "the embedded store holds one type per list or column; "
                      "convert them to one type (toString(), toFloat())")
    kind = kinds.pop()
    same = [t for t in types if t.kind == kind]
    if kind == "list":
        return list_of(unify([t.of or ANY for t in same], what))
    if kind == "map":
        shapes = {tuple(k for k, _ in t.fields) if t.fields is not None else None for t in same}
        if len(shapes) > 1:
            raise refuse(f"{what} of maps with different keys",
                         "give every map the same keys (null where there is no value)")
    if kind in ("node", "rel"):
        names: set[str] = set()
        for t in same:
            if t.names is None:
                return Type(kind)
            names |= t.names
        return Type(kind, names=frozenset(names))
    return same[0]


def value_type(value: Any, name: str) -> Type:
    """The type of a parameter value (as the Python driver would send it)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, str):
        return STRING
    if isinstance(value, list | tuple):
        return list_of(unify([value_type(v, name) for v in value], f"the parameter ${name}"))
    if isinstance(value, dict):
        keys = [str(k).lower() for k in value]
        if not value or len(set(keys)) < len(keys):
            raise refuse(f"the parameter ${name}: an empty map, or keys that differ only in case",
                         "give it keys the embedded store can tell apart")
        return Type("map", fields=tuple((str(k), value_type(v, name)) for k, v in value.items()))
    raise DialectError(f"the parameter ${name} has a value netan cannot send "
                       f"({type(value).__name__}); use text, numbers, true/false or lists")


@dataclass(frozen=True)
class Out:
    """An expression written for LadybugDB, with its type."""

    text: str
    type: Type
