"""Reading input: a folder of CSVs, an ``.xlsx`` workbook or a ``.json`` document.

Every form becomes the same thing, a :class:`RawTable` per table: the user's
headers, the cells as stripped strings (``None`` when blank) and, for each
row, the row number the user sees (header = row 1, first data row = row 2; in
JSON the 1-based item of the table's list). Fully blank rows are dropped
without disturbing the numbering. Nothing is typed or validated here beyond
"can this be read at all".

Encoding: CSV and JSON are read as UTF-8, with or without a byte-order mark
(UTF-16 when it has a UTF-16 mark); if they are not valid UTF-8 they are read
as Windows-1252 with a warning naming the file. A CSV whose header has no
comma but has semicolons (or tabs) is read with that separator.

Table names are matched like headers (case, spaces and punctuation ignored):
``People.csv`` and a sheet called ``People`` are the ``people`` table.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from netan.graphdb.schema import GENERIC_TABLES, INPUT_TABLES, normalise_token

from .problems import Location, ProblemLog
from .survey_sheets import README_SHEETS, is_survey_sheet

SourceKind = Literal["folder", "xlsx", "json", "csv"]

#: Every table name a source may hold: the canonical tables and the generic ones.
KNOWN_TABLES: tuple[str, ...] = (*INPUT_TABLES, *GENERIC_TABLES)


@dataclass
class RawTable:
    """One table as read: headers, cells as stripped strings or None, row numbers."""

    name: str
    where: Location
    headers: list[str]
    frame: pd.DataFrame  # columns 0..len(headers)-1, object dtype, None when blank
    rows: np.ndarray  # the user's row (or item) number of each frame row
    path: str = ""

    @property
    def display(self) -> str:
        """How to name this table in a message: ``people.csv`` or ``sheet 'people'``."""
        if self.where.table is None:
            return self.where.file
        kind = "sheet" if self.where.unit == "row" else "table"
        return f"{kind} '{self.where.table}' of {self.where.file}"

    def __len__(self) -> int:
        return len(self.frame)


@dataclass
class Source:
    """What a path held: its tables by canonical name and the files read."""

    kind: SourceKind
    tables: dict[str, RawTable] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: Tables given in several parts (a survey workbook's sheet per respondent).
    parts: dict[str, list[RawTable]] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------


def clean_column(values: pd.Series | np.ndarray) -> np.ndarray:
    """Cells as stripped strings, ``None`` when blank; works on unique values only."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    stripped = pd.Series(uniques, dtype=object).str.strip()  # NaN where not a string
    cleaned = np.empty(len(uniques) + 1, dtype=object)
    cleaned[:-1] = stripped.to_numpy(dtype=object)
    for i in np.flatnonzero(stripped.isna().to_numpy()):
        text = cell_text(uniques[i])
        cleaned[i] = text.strip() if text else None
    cleaned[:-1][cleaned[:-1] == ""] = None
    cleaned[-1] = None
    return cleaned[codes]  # code -1 picks the trailing None


def cell_text(value: Any) -> str | None:
    """A workbook or JSON cell as the text a CSV would have held."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def make_table(name: str, where: Location, headers: list[Any], body: pd.DataFrame,
               rows: np.ndarray, path: str) -> RawTable:
    """Clean cells, drop fully blank rows and build the :class:`RawTable`."""
    header_text = [(cell_text(h) or "").strip() for h in headers]
    width = len(header_text)
    columns = {}
    for i in range(width):
        columns[i] = clean_column(body.iloc[:, i]) if i < body.shape[1] else np.full(
            len(body), None, dtype=object)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(body)), dtype=object)
    if width and len(frame):
        keep = frame.notna().any(axis=1).to_numpy()
        if not keep.all():
            frame = frame.loc[keep].reset_index(drop=True)
            rows = rows[keep]
    elif not width:
        frame = pd.DataFrame(index=pd.RangeIndex(0), dtype=object)
        rows = rows[:0]
    return RawTable(name, where, header_text, frame, np.asarray(rows, dtype=np.int64), path)


def table_name(raw: str) -> str | None:
    """The known table a file stem, sheet name or JSON key stands for."""
    token = normalise_token(raw)
    return token if token in KNOWN_TABLES else None


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def _separator(path: Path, encoding: str) -> str:
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        first = handle.readline()
    if "," not in first:
        for candidate in (";", "\t"):
            if candidate in first:
                return candidate
    return ","


def _read_csv_frame(path: Path, encoding: str, sep: str) -> pd.DataFrame:
    return pd.read_csv(
        path, header=None, dtype=object, keep_default_na=False, na_values=[""],
        skip_blank_lines=False, encoding=encoding, encoding_errors="strict", sep=sep,
        quotechar='"', engine="c", low_memory=False,
    )


def read_csv_table(path: Path, name: str, log: ProblemLog) -> RawTable | None:
    """One CSV file as a :class:`RawTable`; None (with an error) when it cannot be read."""
    where = Location(path.name)
    if path.stat().st_size == 0:
        log.error(where, "the file is empty (0 bytes); it needs at least a header row")
        return None
    encoding = _encoding(path)
    sep = _separator(path, encoding)
    try:
        try:
            frame = _read_csv_frame(path, encoding, sep)
        except UnicodeDecodeError:
            log.warning(where, "the file is not valid UTF-8; it was read as Windows-1252 "
                        "(save it as CSV UTF-8 to avoid this warning)")
            sep = _separator(path, "cp1252")
            frame = pd.read_csv(
                path, header=None, dtype=object, keep_default_na=False, na_values=[""],
                skip_blank_lines=False, encoding="cp1252", encoding_errors="replace", sep=sep,
                engine="c", low_memory=False,
            )
    except pd.errors.EmptyDataError:
        log.error(where, "the file is empty; it needs at least a header row")
        return None
    except pd.errors.ParserError as problem:
        match = _LINE.search(str(problem))
        if match:
            expected, line, saw = (int(g) for g in match.groups())
            log.error(where, f"this row has {saw} cells but the header has {expected} "
                      "(a value with an unquoted comma?)", row=line)
        else:
            log.error(where, f"cannot be read as CSV: {problem}")
        return None
    if frame.empty:
        log.error(where, "the file is empty; it needs at least a header row")
        return None
    headers = list(frame.iloc[0])
    body = frame.iloc[1:]
    rows = np.arange(2, len(frame) + 1, dtype=np.int64)
    return make_table(name, where, headers, body, rows, str(path))


def read_folder(folder: Path, log: ProblemLog) -> Source:
    """Every CSV in ``folder`` named after a known table; other CSVs draw a warning."""
    source = Source("folder")
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        if path.suffix.lower() != ".csv":
            continue
        name = table_name(path.stem)
        if name is None:
            log.warning(Location(path.name), "not a known table, so it was not read; known "
                        f"tables: {', '.join(t + '.csv' for t in KNOWN_TABLES)}")
            continue
        if name in source.tables:
            log.error(Location(path.name), f"both {source.tables[name].where.file} and "
                      f"{path.name} hold the {name} table; keep one")
            continue
        source.files.append(str(path))
        table = read_csv_table(path, name, log)
        if table is not None:
            source.tables[name] = table
    return source


def read_csv_file(path: Path, log: ProblemLog) -> Source:
    """A single CSV named after a known table (``people.csv``)."""
    source = Source("csv")
    name = table_name(path.stem)
    if name is None:
        log.error(Location(path.name), "a single CSV must be named after a table "
                  f"({', '.join(t + '.csv' for t in KNOWN_TABLES)}); or give the folder")
        return source
    source.files.append(str(path))
    table = read_csv_table(path, name, log)
    if table is not None:
        source.tables[name] = table
    return source


# ---------------------------------------------------------------------------
# Workbook
# ---------------------------------------------------------------------------


def _sheet_rows(values: Iterable[tuple[Any, ...]]) -> tuple[list[Any], list[list[Any]], list[int]]:
    """Header (first non-blank row), the data rows and their worksheet row numbers."""
    header: list[Any] | None = None
    body: list[list[Any]] = []
    numbers: list[int] = []
    for number, row in enumerate(values, start=1):
        cells = list(row)
        if header is None:
            if any(cell_text(c) not in (None, "") and str(cell_text(c)).strip() for c in cells):
                header = cells
            continue
        body.append(cells)
        numbers.append(number)
    return header or [], body, numbers


def read_workbook(path: Path, log: ProblemLog) -> Source:
    """Each sheet of an ``.xlsx`` workbook named after a known table."""
    import openpyxl  # imported here: only workbooks need it

    source = Source("xlsx", files=[str(path)])
    where = Location(path.name)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises many kinds for a broken file
        log.error(where, f"cannot be read as an .xlsx workbook: {problem}")
        return source
    try:
        for sheet in book.worksheets:
            name = table_name(sheet.title)
            sheet_where = Location(path.name, sheet.title, "row")
            header, body, numbers = _sheet_rows(sheet.iter_rows(values_only=True))
            if normalise_token(sheet.title) in README_SHEETS:
                continue
            part = name is None and is_survey_sheet(header)  # a respondent's sheet
            if name is None and not part:
                if header:
                    log.warning(sheet_where, "not a known table, so the sheet was not read; "
                                f"known tables: {', '.join(KNOWN_TABLES)}")
                continue
            if name is not None and name in source.tables:
                log.error(sheet_where, f"two sheets hold the {name} table; keep one")
                continue
            if not header:
                log.error(sheet_where, "the sheet is empty; it needs at least a header row")
                continue
            width = max([len(header), *(len(r) for r in body)]) if body else len(header)
            header = header + [None] * (width - len(header))
            frame = pd.DataFrame([[cell_text(c) for c in r] + [None] * (width - len(r))
                                  for r in body],
                                 columns=range(width), dtype=object)
            if not body:
                frame = pd.DataFrame(columns=range(width), dtype=object)
            table = make_table(name or "survey", sheet_where, header, frame,
                               np.asarray(numbers, dtype=np.int64), str(path))
            if part:
                source.parts.setdefault("survey", []).append(table)
            else:
                source.tables[name] = table
    finally:
        book.close()
    return source


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------


def _json_text(path: Path, where: Location, log: ProblemLog) -> str:
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning(where, "the file is not valid UTF-8; it was read as Windows-1252 "
                    "(save it as UTF-8 to avoid this warning)")
        return data.decode("cp1252", errors="replace")


def read_json(path: Path, log: ProblemLog) -> Source:
    """A JSON document ``{"people": [{...}, ...], ...}``; rows are counted as items."""
    source = Source("json", files=[str(path)])
    where = Location(path.name)
    if path.stat().st_size == 0:
        log.error(where, "the file is empty (0 bytes)")
        return source
    text = _json_text(path, where, log)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as problem:
        log.error(where, f"not valid JSON: {problem.msg} at line {problem.lineno}, "
                  f"column {problem.colno}")
        return source
    if not isinstance(document, dict):
        log.error(where, "the document must be an object of tables, such as "
                  '{"agencies": [...], "people": [...]}')
        return source
    for key, items in document.items():
        name = table_name(str(key))
        table_where = Location(path.name, str(key), "item")
        if name is None:
            log.warning(table_where, "not a known table, so it was not read; known tables: "
                        f"{', '.join(KNOWN_TABLES)}")
            continue
        if name in source.tables:
            log.error(table_where, f"two entries hold the {name} table; keep one")
            continue
        if not isinstance(items, list):
            log.error(table_where, "a table must be a list of objects, one per row")
            continue
        headers: dict[str, None] = {}
        records: list[dict[str, Any]] = []
        numbers: list[int] = []
        bad = False
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                log.error(table_where, "each item must be an object such as "
                          '{"id": "p-001", "name": "..."}', row=number, kind="item not an object")
                bad = True
                continue
            for k in item:
                headers.setdefault(str(k), None)
            records.append(item)
            numbers.append(number)
        if bad:
            continue
        columns = list(headers)
        body = pd.DataFrame(
            {i: [cell_text(r.get(c)) for r in records] for i, c in enumerate(columns)},
            index=pd.RangeIndex(len(records)), columns=range(len(columns)), dtype=object,
        )
        source.tables[name] = make_table(name, table_where, columns, body,
                                         np.asarray(numbers, dtype=np.int64), str(path))
    return source


# ---------------------------------------------------------------------------
# Any source
# ---------------------------------------------------------------------------


def read_source(path: Path, log: ProblemLog) -> Source:
    """Read a folder, workbook, JSON document or single table CSV."""
    if not path.exists():
        log.error(Location(str(path)), "no such file or folder")
        return Source("folder")
    if path.is_dir():
        return read_folder(path, log)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path, log)
    if suffix == ".json":
        return read_json(path, log)
    if suffix == ".csv":
        return read_csv_file(path, log)
    from .interchange import NETWORK_SUFFIXES, read_network_file  # it builds on this module

    if suffix in NETWORK_SUFFIXES:
        return read_network_file(path, log)
    if suffix == ".xls":
        log.error(Location(path.name), "old .xls workbooks cannot be read; save it as .xlsx")
    else:
        log.error(Location(path.name), "give a folder of CSV files, an .xlsx workbook, a "
                  ".json document or a network file (.graphml, .gexf, .net, .dl)")
    return Source("folder")


__all__ = ["KNOWN_TABLES", "RawTable", "Source", "cell_text", "read_source", "table_name"]
