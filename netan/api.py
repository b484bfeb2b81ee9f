"""The Python twins of the ``netan`` commands.

Every command is a thin layer over a function here, so anything the CLI does
a script or notebook can do too::

    from netan.api import import_data, query

    report = import_data("examples/wales-1998", db="netan.db", mode="replace")
    rows = query("MATCH (p:Person {role: $role}) RETURN p.name", {"role": "gp"}, db="netan.db")

The functions take and return data; the CLI decides how to print it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netan.graphdb.store import (
    ImportMode,
    QueryResult,
    StoreError,
    WriteSummary,
    is_neo4j_uri,
    open_store,
    resolve_location,
)
from netan.importers import ImportResult, Problem, load_import, write_templates

Progress = Callable[[str, int, int], None]


class ImportRefused(StoreError):
    """The import was not written: validation errors, or no mode for an existing store."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ImportReport:
    """What an import read, found and (unless a dry run) wrote."""

    source: str
    store: str
    mode: ImportMode
    dry_run: bool
    validation: ImportResult
    written: WriteSummary | None = None
    would_write: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.validation.problems if p.severity == "warning"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.validation.problems if p.severity == "error"]


def store_exists(location: str) -> bool:
    """True when an embedded store file exists at ``location`` (Neo4j: always True)."""
    return is_neo4j_uri(location) or Path(location).exists()


def choose_mode(location: str, mode: ImportMode | None) -> ImportMode:
    """The import mode: as asked, ``replace`` for a new store, refused otherwise.

    An existing store is never overwritten by accident: the user must say
    ``--replace`` or ``--append``.
    """
    if mode is not None:
        return mode
    if not store_exists(location):
        return "replace"
    raise ImportRefused(
        f"the store {location} already holds a graph: pass --replace to overwrite it "
        "or --append to add to it"
    )


def import_data(
    source: str | os.PathLike[str],
    db: str | os.PathLike[str] | None = None,
    mode: ImportMode | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate ``source`` and write it to the store ``db``, all or nothing.

    Raises :class:`ImportRefused` (with every problem found) when the input has
    errors; the store is then untouched. ``dry_run`` validates and reports what
    would be written without opening the store for writing.
    """
    location = resolve_location(db)
    chosen = choose_mode(location, mode)
    validation = load_import(source)
    report = ImportReport(str(source), location, chosen, dry_run, validation)
    if validation.data is None:
        count = len(report.errors)
        raise ImportRefused(
            f"{source}: {count} error{'s' if count != 1 else ''} found; nothing was written",
            validation.problems,
        )
    report.would_write = {
        "nodes": validation.data.node_counts(),
        "relationships": validation.data.relationship_counts(),
    }
    if dry_run:
        return report
    store = open_store(location)
    try:
        report.written = store.write_import(validation.data, chosen, progress=progress)
    finally:
        store.close()
    return report


def query(
    cypher: str,
    params: dict[str, Any] | None = None,
    db: str | os.PathLike[str] | None = None,
    write: bool = False,
) -> QueryResult:
    """Run Cypher against the store; read-only unless ``write``.

    On the embedded store Neo4j spellings (``type(r)``, ``labels(n)``,
    ``shortestPath``, an unquoted ``Group`` label) are translated first.
    """
    store = open_store(db, read_only=not write)
    try:
        return store.query(cypher, params or {}, write=write)
    finally:
        store.close()


def counts(db: str | os.PathLike[str] | None = None) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type in the store."""
    store = open_store(db, read_only=True)
    try:
        return store.counts()
    finally:
        store.close()


def init_templates(folder: str | os.PathLike[str]) -> list[Path]:
    """Write template CSVs (header and one example row each) for data collection."""
    target = Path(folder)
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty; choose a new folder")
    target.mkdir(parents=True, exist_ok=True)
    return write_templates(target)

