"""Matching a table's headers to the schema's columns.

Headers are matched case-, space- and punctuation-insensitively
(:func:`~netan.graphdb.schema.normalise_token`) against each column's name and
aliases: ``Meeting Date`` is the ``date`` column of ``attendance``. A header
that matches no column is kept: its values go, as JSON, into the
``attributes`` of the node or relationship the row makes, under the header's
normalised name, and a warning says so -- unless it is a near miss of a column
the table lacks (``levle`` for ``level``): that is an error with "did you mean",
because the misspelt column would silently read as no data. A required column
that is missing is an error; two headers meaning the same column are an error.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from netan.graphdb.schema import Column, normalise_token

from .problems import Location, ProblemLog
from .readers import RawTable


@dataclass
class Table:
    """A raw table with its headers resolved: canonical columns and extra columns."""

    raw: RawTable
    columns: dict[str, pd.Series] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    extras: dict[str, pd.Series] = field(default_factory=dict)
    extra_headers: dict[str, str] = field(default_factory=dict)
    missing_required: list[str] = field(default_factory=list)

    @property
    def where(self) -> Location:
        return self.raw.where

    @property
    def rows(self) -> np.ndarray:
        return self.raw.rows

    @property
    def name(self) -> str:
        return self.raw.name

    def __len__(self) -> int:
        return len(self.raw.frame)

    def header(self, name: str) -> str:
        """The header as the user wrote it (the column's own name when absent)."""
        return self.headers.get(name, name)

    def get(self, name: str) -> pd.Series | None:
        return self.columns.get(name)

    def provides(self, properties: Sequence[str]) -> frozenset[str]:
        """Which of ``properties`` this table has a column for (``attributes``: when it has
        extra columns); an append changes only these on what is already stored."""
        names = {name for name in properties if name in self.columns}
        if self.extras:
            names.add("attributes")
        return frozenset(names)

    def has_values(self, name: str) -> bool:
        """True when the column is present and at least one cell is filled in."""
        values = self.columns.get(name)
        return values is not None and bool(values.notna().any())


def _lookup(columns: Sequence[Column]) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in columns:
        table.setdefault(normalise_token(column.name), column.name)
    for column in columns:
        for alias in column.aliases:
            table.setdefault(normalise_token(alias), column.name)
    return table


def resolve_columns(raw: RawTable, columns: Sequence[Column], log: ProblemLog, *,
                    thing: str | None = "row", warn_extras: bool = True) -> Table:
    """Match ``raw``'s headers to ``columns``; report unknown, duplicate and missing ones.

    ``thing`` names what an extra column's values are kept on ("agency",
    "membership") in the warning; ``warn_extras=False`` leaves the extras
    for the caller to judge (the generic form types some of them).
    """
    lookup = _lookup(columns)
    table = Table(raw)
    for position, header in enumerate(raw.headers):
        values = raw.frame[position]
        if not header:
            if values.notna().any():
                log.warning(raw.where, f"column {position + 1} has no header, so its values "
                            "were ignored; give it a header to keep them")
            continue
        token = normalise_token(header)
        name = lookup.get(token)
        if name is not None:
            if name in table.columns:
                log.error(raw.where, f"the headers '{table.headers[name]}' and '{header}' both "
                          f"mean the column '{name}'; keep one", column=header)
                continue
            table.columns[name] = values
            table.headers[name] = header
            continue
        key = token or f"column_{position + 1}"
        if key in table.extras:
            log.warning(raw.where, f"the headers '{table.extra_headers[key]}' and '{header}' "
                        "are the same column; only the first was kept", column=header)
            continue
        table.extras[key] = values
        table.extra_headers[key] = header
        if warn_extras:
            close = difflib.get_close_matches(token, list(lookup), n=1, cutoff=0.75)
            meant = lookup[close[0]] if close else None
            if meant is not None and meant not in table.columns and not any(
                    lookup.get(normalise_token(h)) == meant for h in raw.headers):
                log.error(raw.where, f"unknown column; did you mean '{meant}'? Rename the "
                          "header (a misspelt column would be read as no data)", column=header)
            else:
                log.warning(raw.where, f"unknown column; its values are kept in the "
                            f"attributes of each {thing or 'row'} as '{key}'", column=header)
    for column in columns:
        if column.required and column.name not in table.columns:
            table.missing_required.append(column.name)
            log.error(raw.where, f"the required column '{column.name}' is missing",
                      column=column.name)
    return table
