"""The store API: what every graph store (embedded LadybugDB, Neo4j) provides.

The CLI, the report and the views talk to a :class:`GraphStore` and never to a
database driver. :func:`netan.graphdb.open_store` picks the store from a location: a
``neo4j://``, ``bolt://`` or ``neo4j+s://`` URI means Neo4j, anything else is a
path to an embedded store (default ``./netan.db``, or ``$NETAN_DB``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from netan.graphdb.graph_data import GraphData

if TYPE_CHECKING:
    import networkx as nx

#: A progress callback: (stage, done, total), called as long work goes on.
Progress = Callable[[str, int, int], None]
DEFAULT_DB = "netan.db"
ImportMode = Literal["replace", "append"]


class StoreError(RuntimeError):
    """A store problem worth one clear line to the user (no traceback)."""


class QueryError(StoreError):
    """The database rejected a query; ``position`` is the 1-based column if known."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class UnsupportedQuery(QueryError):
    """The embedded store refused a query before running it (the message says what instead)."""


class ReadOnlyError(StoreError):
    """A write clause was sent without ``write=True``."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class WriteSummary:
    nodes: dict[str, int]
    relationships: dict[str, int]
    mode: ImportMode


class GraphStore(Protocol):
    location: str

    def write_import(self, data: GraphData, mode: ImportMode = "replace",
                     progress: Any | None = None) -> WriteSummary:
        """Write a validated import atomically: all of it, or (on any error or kill) nothing."""
        ...

    def query(self, cypher: str, params: dict[str, Any] | None = None,
              write: bool = False) -> QueryResult:
        """Run Cypher with parameters; refuse write clauses unless ``write``."""
        ...

    def to_networkx(self, layers: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The graph (or the relationship layers named) as a MultiDiGraph.

        Nodes are keyed by id with ``label`` and their properties; edges carry
        ``type`` and their properties (``attributes`` JSON expanded into keys).
        """
        ...

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` (zero counts included)."""
        ...

    def clear(self) -> None:
        """Remove every node and relationship."""
        ...

    def close(self) -> None: ...


def is_neo4j_uri(location: str) -> bool:
    return location.split("://", 1)[0].lower() in {
        "neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc",
    } and "://" in location


def resolve_location(location: str | os.PathLike[str] | None) -> str:
    """The store location: the argument, else $NETAN_DB, else $NEO4J_URI, else netan.db."""
    if location:
        return os.fspath(location)
    return os.environ.get("NETAN_DB") or os.environ.get("NEO4J_URI") or DEFAULT_DB
