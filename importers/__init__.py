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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from netan.graphdb.graph_data import GraphData
from netan.graphdb.schema import GENERIC_TABLES, INPUT_TABLES
from netan.graphdb.timeline import WaveError, check_wave_name, merge_waves, with_wave

from .canonical import build_canonical
from .encoding import check_encoding
from .generic import build_generic
from .problems import Location, Problem, ProblemLog
from .readers import RawTable, Source, read_source
from .templates import write_templates
from .timeline import source_ids, source_waves, split_by_wave

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


Known = Mapping[str, str] | Callable[[], Mapping[str, str]]


def load_import(path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
                encoding: str | None = None, wave: str | None = None,
                known: Known | None = None) -> ImportResult:
    """Read and validate ``path`` (or several paths read as one import, such as returned
    survey workbooks); see the module docstring for the forms accepted.

    ``encoding`` (``cp1252``, ``latin-1`` ...) reads the CSV and JSON files that are
    not valid UTF-8; without it such a file is an error (see :mod:`.encoding`).

    ``wave`` stamps every node and relationship with that survey wave. A source
    with a ``wave`` column is validated once per wave it names (each wave's rows
    and the rows with a blank wave) and the waves are kept side by side; with
    ``wave`` as well, only that wave's rows are read. ``known`` (id -> label, or a
    function returning them, called only for an import with waves) are ids of the
    store's other waves that a successor column may name.
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
    named = source_waves(source)
    if not named and wave is None:
        return _load_one(where, source, log, None)
    ids = dict((known() if callable(known) else known) or {})
    if named:
        return _load_waves(where, source, named, wave, ids, log)
    result = _load_one(where, source, log, ids)
    if result.data is not None:
        result.data = with_wave(result.data, wave)
    return result


def _load_waves(where: Path, source: Source, named: list[str], wave: str | None,
                known: Mapping[str, str], log: ProblemLog) -> ImportResult:
    """A source with a ``wave`` column: each wave validated on its own, then merged."""
    if wave is not None and wave not in named:
        log.error(Location(where.name or str(where)), f"--wave {wave!r} is not in the source's "
                  f"wave column (its waves: {', '.join(named)})")
        return ImportResult(None, log.finish(), [Path(f).name for f in source.files])
    chosen = [wave] if wave is not None else named
    for name in chosen:
        try:
            check_wave_name(name)
        except WaveError as problem:
            log.error(Location(where.name or str(where)), f"the wave column: {problem}",
                      column="wave")
    if log.has_errors:
        return ImportResult(None, log.finish(), [Path(f).name for f in source.files])
    everywhere = {**known, **source_ids(source)}
    merged, form = None, "canonical"
    for name, part in split_by_wave(source, chosen).items():
        result = _load_one(where, part, log, everywhere, finish=False)
        form = result.form
        if result.data is not None:
            stamped = with_wave(result.data, name)
            merged = stamped if merged is None else merge_waves(merged, stamped)
    problems = list(dict.fromkeys(log.finish()))  # a blank-wave row is read once per wave
    data = None if log.has_errors else merged
    return ImportResult(data, problems, [Path(f).name for f in source.files], form)


def _load_one(where: Path, source: Source, log: ProblemLog, known: Mapping[str, str] | None,
              finish: bool = True) -> ImportResult:
    """Validate one source (one wave, or all of an unwaved source)."""
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
        data = build_canonical(source, where.name or str(where), log, known)
    if log.has_errors:
        data = None
    return ImportResult(data, log.finish() if finish else [],
                        [Path(f).name for f in source.files], form)


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
