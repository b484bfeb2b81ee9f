"""netan.importers: files an analyst fills in, validated, to a :class:`GraphData`.

::

    from netan.importers import load_import

    result = load_import("examples/wales-1998")
    if result.data is None:
        for problem in result.problems:
            print(problem)      # people.csv, row 7, column 'sector': unknown sector ...

A source is a folder of CSVs, one ``.csv`` named after a table, an ``.xlsx``
workbook (one sheet per table) or a ``.json`` document (one list per table),
in the **canonical** form (``agencies``, ``groups``, ``people``,
``memberships``, ``attendance``, ``liaison``, ``colocation``, ``budgets``,
``partnerships``) or the **generic** form (``nodes`` and ``edges``).
Everything is validated before anything is returned, and every problem is
reported at once; ``data`` is None when there is any error.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from netan.graphdb.graph_data import GraphData
from netan.graphdb.schema import GENERIC_TABLES, INPUT_TABLES

from .canonical import build_canonical
from .encoding import check_encoding
from .generic import build_generic
from .problems import Location, Problem, ProblemLog
from .readers import RawTable, Source, read_source
from .templates import write_templates

Form = Literal["canonical", "generic"]


@dataclass
class ImportResult:
    """What an import found: the graph (None on any error), problems, files read, form."""

    data: GraphData | None
    problems: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    form: Form = "canonical"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_import(path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
                encoding: str | None = None) -> ImportResult:
    """Read and validate ``path`` (or several paths read as one import, such as returned
    survey workbooks); see the module docstring for the forms accepted.

    ``encoding`` (``cp1252``, ``latin-1`` ...) reads the CSV and JSON files that are
    not valid UTF-8; without it such a file is an error (see :mod:`.encoding`).
    """
    log = ProblemLog()
    paths = [Path(path)] if isinstance(path, str | os.PathLike) else [Path(p) for p in path]
    where = paths[0] if len(paths) == 1 else Path(paths[0].parent)
    try:
        codec = check_encoding(encoding)
    except ValueError as problem:
        log.error(Location(where.name or str(where)), str(problem))
        return ImportResult(None, log.finish())
    if len(paths) == 1:
        source = read_source(where, log, codec)
    else:
        source = merge_sources([read_source(p, log, codec) for p in paths], log)
    if source.unread:  # a table that could not be read: its ids and rows are unknown
        return ImportResult(None, log.finish(), [Path(f).name for f in source.files])
    canonical = [name for name in source.tables if name in INPUT_TABLES]
    generic = [name for name in source.tables if name in GENERIC_TABLES]
    form: Form = "generic" if generic and not canonical else "canonical"
    data: GraphData | None = None
    if generic and canonical:
        log.error(Location(where.name or str(where)), "the source mixes the generic form "
                  f"({', '.join(generic)}) with canonical tables ({', '.join(canonical)}); "
                  "use one form")
    elif form == "generic":
        data = build_generic(source, log)
    elif source.tables or not log.has_errors:
        data = build_canonical(source, where.name or str(where), log)
    if log.has_errors:
        data = None
    return ImportResult(data, log.finish(), [Path(f).name for f in source.files], form)


def merge_sources(sources: list[Source], log: ProblemLog) -> Source:
    """Several sources as one: each table from one of them, parts from all.

    The same roster may come with every returned survey workbook: later copies
    must list the same ids as the first, and are not read again.
    """
    merged = Source(sources[0].kind if sources else "folder")
    for source in sources:
        merged.files += source.files
        merged.unread += source.unread
        for name, parts in source.parts.items():
            merged.parts.setdefault(name, []).extend(parts)
        for name, table in source.tables.items():
            first = merged.tables.get(name)
            if first is None:
                merged.tables[name] = table
            elif name != "roster":
                log.error(table.where, f"the {name} table is also in {first.display}; "
                          "give each table once")
            elif set(_ids(first)) != set(_ids(table)):
                log.error(table.where, f"this roster differs from the one in {first.display}; "
                          "every returned survey must carry the same roster")
    return merged


def _ids(table: RawTable) -> list[object]:
    """The id cells of a raw roster table (first column named like ``id``)."""
    from netan.graphdb.schema import normalise_token

    for position, header in enumerate(table.headers):
        if normalise_token(header) == "id":
            return [v for v in table.frame[position] if v is not None]
    return []


__all__ = ["ImportResult", "Problem", "load_import", "write_templates"]
