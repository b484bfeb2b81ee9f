"""Typing cells: vocabularies, numbers and dates, strictly and all at once.

Every parser works on the distinct values of a column (a million-row register
has a few hundred distinct dates), decides each one once, and maps the result
back onto the rows; problems are reported per row through the capped
:class:`~netan.importers.problems.ProblemLog`.

The rules (they are the documented input format):

* **Blank** cells are missing values. A required column's blank cell is an error.
* **Vocabulary** values are matched through
  :meth:`~netan.graphdb.schema.Vocabulary.canonical` (case, spaces,
  punctuation and aliases ignored: "Social Services" is ``social_care``); an
  unknown value is an error with a "did you mean" when one is close.
* **Numbers** are plain decimals: ``12``, ``-3``, ``0.5``, ``1e3``; whole numbers up
  to 2**53 (exact in a float), others up to float range. Thousands
  separators (``1,000``), currency signs and units are rejected with a message
  saying how to write the number; ``inf``/``nan`` are rejected. An ``int``
  column takes whole numbers only (``12.0`` is accepted as 12, ``12.5`` is
  not). Minimum and maximum come from the schema column (an amount below 0 is
  an error).
* ``spectrum`` takes 1-8 or a partnership-spectrum name ("dialogue" is 2).
* **Dates** are ISO ``YYYY-MM-DD`` or UK ``DD/MM/YYYY`` (day first; one-digit
  day and month allowed, as spreadsheets write them); anything else, and
  impossible dates such as 1998-02-30, are errors. Dates come out as ISO
  strings. Workbook date cells are taken as dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from netan.graphdb.schema import (
    PARTNERSHIP_SPECTRUM,
    VOCABULARIES,
    Column,
    Vocabulary,
    normalise_token,
)

from .problems import Location, ProblemLog
from .tables import Table

#: Integer properties that also accept the names of an ordered vocabulary (1-based rank).
ORDINAL_NAMES: dict[str, Vocabulary] = {"spectrum": PARTNERSHIP_SPECTRUM}

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UK = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_CURRENCY = re.compile(r"[£$€]\s*[\d.,]+|[\d.,]+\s*[£$€]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
#: Whole numbers are exact up to here (they pass through float64 on the way in).
LARGEST_WHOLE = 2**53


class FieldSpec(Protocol):
    """What a parser needs from a schema Column or Property."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def vocabulary(self) -> str | None: ...
    @property
    def minimum(self) -> float | None: ...
    @property
    def maximum(self) -> float | None: ...


class Cells:
    """A column's cells with what is needed to report on them.

    ``values`` is indexed by position in the raw table, so a subset of rows
    (one label's rows in the generic form) still maps back to row numbers.
    """

    def __init__(self, values: pd.Series, where: Location, rows: np.ndarray, header: str,
                 log: ProblemLog) -> None:
        self.values = values
        self.where = where
        self.rows = rows
        self.header = header
        self.log = log

    def report(self, mask: np.ndarray, messages: np.ndarray, kind: str,
               severity: str = "error") -> None:
        """Report the rows where ``mask`` holds, each with its message."""
        if not mask.any():
            return
        positions = self.values.index.to_numpy()[mask]
        self.log.add_rows(severity, self.where, self.rows[positions],  # type: ignore[arg-type]
                          messages[mask], str, column=self.header, kind=kind)


def _factorize(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def _spread(per_unique: np.ndarray, codes: np.ndarray, missing: object) -> np.ndarray:
    """Map per-unique results back onto rows (code -1, a blank cell, gives ``missing``)."""
    extended = np.empty(len(per_unique) + 1, dtype=per_unique.dtype)
    extended[:-1] = per_unique
    extended[-1] = missing
    return extended[codes]


def require(cells: Cells, what: str = "a value is required") -> None:
    """Report blank cells of a column whose every row needs a value."""
    mask = cells.values.isna().to_numpy()
    cells.report(mask, np.full(mask.shape, what, dtype=object), "missing value")


# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------


def vocabulary_message(vocab: Vocabulary, noun: str, raw: str) -> str:
    suggestion = vocab.suggest(raw)
    if suggestion is not None:
        return f"unknown {noun} '{raw}'; did you mean '{suggestion}'?"
    return f"unknown {noun} '{raw}'; expected one of: {', '.join(vocab.values)}"


def parse_vocabulary(cells: Cells, vocab: Vocabulary, noun: str) -> pd.Series:
    """Canonical vocabulary values; unknown ones are errors with a suggestion."""
    codes, uniques = _factorize(cells.values)
    lookup = vocab.lookup()
    canonical = np.array([lookup.get(normalise_token(u)) for u in uniques], dtype=object)
    messages = np.array([None if c is not None else vocabulary_message(vocab, noun, u)
                         for u, c in zip(uniques, canonical, strict=True)], dtype=object)
    row_messages = _spread(messages, codes, None)
    cells.report(pd.notna(row_messages), row_messages, f"unknown {noun}")
    return pd.Series(_spread(canonical, codes, None), index=cells.values.index, dtype=object)


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def _number_problem(raw: str) -> str:
    if _PLAIN_NUMBER.fullmatch(raw):
        return f"'{raw}' is too large a number"
    if _THOUSANDS.fullmatch(raw):
        return (f"'{raw}' has a thousands separator; write the number without commas "
                f"({raw.replace(',', '')})")
    if _CURRENCY.fullmatch(raw):
        return f"'{raw}' is not a plain number; leave out the currency sign"
    return f"'{raw}' is not a number"


def _format_limit(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_number(cells: Cells, spec: FieldSpec) -> pd.Series:
    """Ints (pandas Int64) or floats (float64), strictly, within the column's limits."""
    codes, uniques = _factorize(cells.values)
    numbers = np.array(pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce")
                       .to_numpy(dtype=float, na_value=np.nan), dtype=float)  # writable copy
    messages = np.full(len(uniques), None, dtype=object)
    ordinal = ORDINAL_NAMES.get(spec.name)
    for i in np.flatnonzero(~np.isfinite(numbers)):
        raw = uniques[i]
        if ordinal is not None:
            value = ordinal.canonical(raw)
            if value is not None:
                numbers[i] = ordinal.rank(value) + 1
                continue
            numbers[i] = np.nan
            suggestion = ordinal.suggest(raw)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            messages[i] = (f"'{raw}' is neither a number "
                           f"{_format_limit(spec.minimum or 1)}-{_format_limit(spec.maximum or 8)}"
                           f" nor a {ordinal.name.replace('_', ' ')} name{hint}")
            continue
        numbers[i] = np.nan
        messages[i] = _number_problem(raw)
    finite = np.isfinite(numbers)
    if spec.type == "int":
        huge = finite & (np.abs(numbers) > LARGEST_WHOLE)
        for i in np.flatnonzero(huge):
            messages[i] = f"'{uniques[i]}' is too large for a whole number here"
        fractional = finite & ~huge & (np.mod(numbers, 1) != 0)
        for i in np.flatnonzero(fractional):
            messages[i] = f"'{uniques[i]}' is not a whole number"
        numbers[fractional | huge] = np.nan
        finite &= ~(fractional | huge)
    if spec.minimum is not None:
        low = finite & (numbers < spec.minimum)
        for i in np.flatnonzero(low):
            messages[i] = (f"'{uniques[i]}' is negative; it must be 0 or more"
                           if spec.minimum == 0 else
                           f"'{uniques[i]}' is below the minimum {_format_limit(spec.minimum)}")
    if spec.maximum is not None:
        high = finite & (numbers > spec.maximum)
        for i in np.flatnonzero(high):
            messages[i] = f"'{uniques[i]}' is above the maximum {_format_limit(spec.maximum)}"
    row_messages = _spread(messages, codes, None)
    cells.report(pd.notna(row_messages), row_messages, f"bad {spec.type} value")
    values = _spread(numbers, codes, np.nan)
    values[pd.notna(row_messages)] = np.nan
    series = pd.Series(values, index=cells.values.index, dtype="float64")
    return series.astype("Int64") if spec.type == "int" else series


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def parse_date_text(raw: str) -> tuple[str | None, str | None]:
    """(ISO date, None) or (None, the problem) for one cell."""
    match = _ISO.fullmatch(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _UK.fullmatch(raw)
        if not match:
            return None, f"'{raw}' is not a date; write dates as YYYY-MM-DD (or DD/MM/YYYY)"
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat(), None
    except ValueError:
        return None, f"'{raw}' is not a real date"


def parse_date(cells: Cells) -> pd.Series:
    """ISO ``YYYY-MM-DD`` strings from ISO or UK day-first dates."""
    codes, uniques = _factorize(cells.values)
    parsed = [parse_date_text(u) for u in uniques]
    iso = np.array([p[0] for p in parsed], dtype=object)
    messages = np.array([p[1] for p in parsed], dtype=object)
    row_messages = _spread(messages, codes, None)
    cells.report(pd.notna(row_messages), row_messages, "bad date")
    return pd.Series(_spread(iso, codes, None), index=cells.values.index, dtype=object)


# ---------------------------------------------------------------------------
# Any typed column
# ---------------------------------------------------------------------------


def parse_field(cells: Cells, spec: FieldSpec, *, required: bool = False) -> pd.Series:
    """Parse ``cells`` as ``spec`` says (string, vocabulary, int, float or date)."""
    if required:
        require(cells)
    if spec.vocabulary is not None:
        return parse_vocabulary(cells, VOCABULARIES[spec.vocabulary],
                                spec.name.replace("_", " "))
    if spec.type in ("int", "float"):
        return parse_number(cells, spec)
    if spec.type == "date":
        return parse_date(cells)
    return cells.values.astype(object)


def cells_of(table: Table, name: str, log: ProblemLog,
             values: pd.Series | None = None) -> Cells:
    """The cells of column ``name`` of ``table`` (or ``values``, a subset of its rows)."""
    column = table.get(name) if values is None else values
    assert column is not None, name
    return Cells(column, table.where, table.rows, table.header(name), log)


def parse_table(table: Table, columns: Sequence[Column], log: ProblemLog, *,
                required: Collection[str] | None = None) -> dict[str, pd.Series]:
    """Every present column of ``columns`` parsed; ``required`` overrides the schema's flags."""
    parsed: dict[str, pd.Series] = {}
    for column in columns:
        if column.name not in table.columns:
            continue
        needed = column.required if required is None else column.name in required
        parsed[column.name] = parse_field(cells_of(table, column.name, log), column,
                                          required=needed)
    return parsed
