"""Reading input: a folder of CSVs, an ``.xlsx`` workbook or a ``.json`` document.

Every form becomes the same thing, a :class:`RawTable` per table: the user's
headers, the cells as stripped strings (``None`` when blank) and, for each
row, the row number the user sees (header = row 1, first data row = row 2; in
JSON the 1-based item of the table's list). Fully blank rows are dropped
without disturbing the numbering. Nothing is typed or validated here beyond
"can this be read at all".

Encoding is decided per file (:mod:`.encoding`): UTF-8, or an error naming the
first bad byte, unless an encoding was given for files that are not UTF-8. A
CSV whose header has no comma but has semicolons (or tabs) is read with that
separator. A CSV row with fewer cells than the header is an error naming the
first missing column (a spreadsheet writes every comma, even for blank cells;
a row that lost some must not be read as blanks).

Table names are matched like headers (case, spaces and punctuation ignored):
``People.csv`` and a sheet called ``People`` are the ``people`` table.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import io
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from netan.graphdb.schema import GENERIC_TABLES, INPUT_TABLES, normalise_token

from .encoding import csv_locator, decode, json_locator
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
    unread: list[str] = field(default_factory=list)  # files, sheets, tables that failed


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


def unknown_table(log: ProblemLog, where: Location, raw: str, what: str) -> None:
    """Warn that ``raw`` names no known table, with a "did you mean" when it is close to one
    ("Planning groups" -> groups); if errors then follow from that table's absence, this
    is their root cause and shown first as an error (see :class:`.problems.Cause`)."""
    token = normalise_token(raw)
    close = [name for name in KNOWN_TABLES if name in token.split("_")] or \
        difflib.get_close_matches(token, KNOWN_TABLES, n=1, cutoff=0.75)
    if not close:
        log.warning(where, f"not a known table, so {what} was not read; known tables: "
                    f"{', '.join(KNOWN_TABLES)}")
        return
    log.warning(where, f"not a known table, so {what} was not read (did you mean "
                f"'{close[0]}'? rename it '{close[0]}')", explains=f"missing table {close[0]}")


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")


def separator(first_line: str) -> str:
    """The CSV's separator: a comma, unless the header has none but has ``;`` or a tab."""
    if "," not in first_line:
        for candidate in (";", "\t"):
            if candidate in first_line:
                return candidate
    return ","


def read_bytes(path: Path, where: Location, log: ProblemLog) -> bytes | None:
    """The file's bytes; None, with an error naming why, when it cannot be read."""
    try:
        if not path.is_file():
            log.error(where, "not a regular file; give a CSV, .xlsx or .json file or a folder")
            return None
        return path.read_bytes()
    except OSError as problem:
        log.error(where, f"cannot be read: {problem.strerror or problem}")
        return None


def short_rows(text: str, sep: str, width: int) -> list[tuple[int, int]]:
    """``(row, cells)`` of every row with fewer cells than the header's ``width``.

    Rows are counted as a spreadsheet counts them (header = row 1); blank rows
    (no cell filled in) are not short, they are skipped. Without quotes a row is
    a line and its cells are counted by separators; with quotes, ``csv`` splits it.
    """
    if '"' not in text:
        short = []
        for number, line in enumerate(text.split("\n")[1:], start=2):
            cells = line.count(sep) + 1
            if cells < width and line.strip().strip(sep).strip():
                short.append((number, cells))
        return short
    records = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    return [(number, len(record)) for number, record in enumerate(records, start=1)
            if number > 1 and len(record) < width and any(cell.strip() for cell in record)]


def read_csv_table(path: Path, name: str, log: ProblemLog,
                   encoding: str | None = None) -> RawTable | None:
    """One CSV file as a :class:`RawTable`; None (with an error) when it cannot be read."""
    where = Location(path.name)
    data = read_bytes(path, where, log)
    if data is None:
        return None
    if not data:
        log.error(where, "the file is empty (0 bytes); it needs at least a header row")
        return None
    text = decode(data, where, log, encoding, csv_locator(separator))
    if text is None:
        return None
    sep = separator(text.split("\n", 1)[0])
    try:
        frame = pd.read_csv(
            io.StringIO(text), header=None, dtype=object, keep_default_na=False,
            na_values=[""], skip_blank_lines=False, sep=sep, quotechar='"', engine="c",
            low_memory=False)
    except pd.errors.EmptyDataError:
        log.error(where, "the file is empty; it needs at least a header row")
        return None
    except pd.errors.ParserError as problem:
        counted, quoted = _LINE.search(str(problem)), _OPEN_QUOTE.search(str(problem))
        if counted:
            expected, line, saw = (int(g) for g in counted.groups())
            log.error(where, f"this row has {saw} cells but the header has {expected} "
                      "(a value with an unquoted comma?)", row=line)
        elif quoted:
            log.error(where, 'a quoted cell starting in this row never ends (a missing '
                      'closing ")', row=int(quoted.group(1)) + 1)
        else:
            log.error(where, f"cannot be read as CSV: {str(problem).strip().splitlines()[-1]}")
        return None
    if frame.empty:
        log.error(where, "the file is empty; it needs at least a header row")
        return None
    headers = list(frame.iloc[0])
    body = frame.iloc[1:]
    rows = np.arange(2, len(frame) + 1, dtype=np.int64)
    short = short_rows(text, sep, len(headers))
    if short:
        names = [(cell_text(h) or "").strip() or f"column {i + 1}" for i, h in enumerate(headers)]
        for row, cells in short:
            log.error(where, f"this row has {cells} cells but the header has {len(headers)}; "
                      "this cell and those after it are missing (write every comma, even for "
                      "blank cells)", row=row, column=names[cells], kind="row with missing cells")
    return make_table(name, where, headers, body, rows, str(path))


def read_folder(folder: Path, log: ProblemLog, encoding: str | None = None) -> Source:
    """Every CSV in ``folder`` named after a known table; other CSVs draw a warning."""
    source = Source("folder")
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        if path.suffix.lower() != ".csv":
            continue
        name = table_name(path.stem)
        if name is None:
            unknown_table(log, Location(path.name), path.stem, "the file")
            continue
        if name in source.tables:
            log.error(Location(path.name), f"both {source.tables[name].where.file} and "
                      f"{path.name} hold the {name} table; keep one")
            continue
        _add_csv_table(source, path, name, log, encoding)
    return source


def read_csv_file(path: Path, log: ProblemLog, encoding: str | None = None) -> Source:
    """A single CSV named after a known table (``people.csv``)."""
    source = Source("csv")
    name = table_name(path.stem)
    if name is None:
        log.error(Location(path.name), "a single CSV must be named after a table "
                  f"({', '.join(t + '.csv' for t in KNOWN_TABLES)}); or give the folder")
        return source
    _add_csv_table(source, path, name, log, encoding)
    return source


def _add_csv_table(source: Source, path: Path, name: str, log: ProblemLog,
                   encoding: str | None) -> None:
    """The CSV at ``path`` read into ``source`` as its table ``name`` (or listed as
    unread when it cannot be read; the log says why)."""
    source.files.append(str(path))
    table = read_csv_table(path, name, log, encoding)
    if table is not None:
        source.tables[name] = table
    else:
        source.unread.append(path.name)


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


def _first_line(problem: BaseException) -> str:
    text = str(problem).strip()
    return text.splitlines()[0] if text else type(problem).__name__


def read_workbook(path: Path, log: ProblemLog) -> Source:
    """Each sheet of an ``.xlsx`` workbook named after a known table."""
    import openpyxl  # imported here: only workbooks need it

    source = Source("xlsx", files=[str(path)])
    where = Location(path.name)
    if read_bytes(path, where, log) is None:
        source.unread.append(path.name)
        return source
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises many kinds for a broken file
        log.error(where, f"cannot be read as an .xlsx workbook: {_first_line(problem)}")
        source.unread.append(path.name)
        return source
    try:
        for sheet in book.worksheets:
            name = table_name(sheet.title)
            sheet_where = Location(path.name, sheet.title, "row")
            if normalise_token(sheet.title) in README_SHEETS:
                continue
            try:
                # The sheet's stored dimension may be smaller than its rows (files other
                # programs wrote): forget it, or openpyxl stops reading at its last row.
                sheet.reset_dimensions()
                header, body, numbers = _sheet_rows(sheet.iter_rows(values_only=True))
            except Exception as problem:  # a broken sheet inside a readable workbook
                log.error(sheet_where, f"the sheet cannot be read: {_first_line(problem)}")
                source.unread.append(sheet.title)
                continue
            part = name is None and is_survey_sheet(header)  # a respondent's sheet
            if name is None and not part:
                if header:
                    unknown_table(log, sheet_where, sheet.title, "the sheet")
                continue
            if name is not None and name in source.tables:
                log.error(sheet_where, f"two sheets hold the {name} table; keep one")
                continue
            if not header:
                log.error(sheet_where, "the sheet is empty; it needs at least a header row")
                source.unread.append(sheet.title)
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


#: A JSON string escape of a UTF-16 surrogate: only a pair of them makes a character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: How deeply a cell's value (a JSON list or object, kept as JSON text) may nest.
MAX_CELL_DEPTH = 64


def _json_int(text: str) -> int | str:
    """A JSON integer; one too long to be any count or amount stays text (its digits kept)."""
    return int(text) if len(text) <= 20 else text


def _json_float(text: str) -> float | str:
    """A JSON number with a fraction or exponent; one beyond float range stays text."""
    value = float(text)
    return value if math.isfinite(value) else text


def _depth_over(value: Any, limit: int) -> bool:
    """True when ``value`` (JSON lists and objects) nests deeper than ``limit``."""
    level = [value]
    for _ in range(limit):
        level = [v for x in level
                 for v in (x.values() if isinstance(x, dict) else x if isinstance(x, list) else ())
                 if isinstance(v, dict | list)]
        if not level:
            return False
    return True


def printable(text: str) -> str:
    """``text`` with any lone surrogate written as its escape (it cannot be printed)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _lone_surrogate(document: dict[str, Any]) -> tuple[str, int | None, str | None, str] | None:
    """(table key, item number, field, the escape) of the first text holding a lone surrogate."""
    def bad(text: str) -> str | None:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            return f"\\u{ord(text[error.start]):04x}"
        return None

    for key, items in document.items():
        if (found := bad(key)) is not None:
            return key, None, None, found
        for number, item in enumerate(items if isinstance(items, list) else [], start=1):
            for column, value in (item.items() if isinstance(item, dict) else []):
                texts = [column]
                if isinstance(value, str):
                    texts.append(value)
                elif isinstance(value, dict | list):
                    with contextlib.suppress(RecursionError):  # too deep: reported later
                        texts.append(json.dumps(value, ensure_ascii=False))
                for text in texts:
                    if (found := bad(text)) is not None:
                        return key, number, column, found
    return None


def read_json(path: Path, log: ProblemLog, encoding: str | None = None) -> Source:
    """A JSON document ``{"people": [{...}, ...], ...}``; rows are counted as items."""
    source = Source("json", files=[str(path)])
    where = Location(path.name)
    source.unread.append(path.name)  # until the document is read
    data = read_bytes(path, where, log)
    if data is None:
        return source
    if not data:
        log.error(where, "the file is empty (0 bytes)")
        return source
    text = decode(data, where, log, encoding, json_locator)
    if text is None:
        return source
    try:
        document = json.loads(text, parse_int=_json_int, parse_float=_json_float,
                              parse_constant=str)
    except json.JSONDecodeError as problem:
        log.error(where, f"not valid JSON: {problem.msg} at line {problem.lineno}, "
                  f"column {problem.colno}")
        return source
    except RecursionError:
        log.error(where, "the document nests lists or objects too deeply to be tables of rows")
        return source
    if not isinstance(document, dict):
        log.error(where, "the document must be an object of tables, such as "
                  '{"agencies": [...], "people": [...]}')
        return source
    if _SURROGATE_ESCAPE.search(text):
        found = _lone_surrogate(document)
        if found is not None:
            key, number, field, escape = found
            log.error(Location(path.name, printable(key), "item"), f"the text holds {escape}, "
                      "half of a UTF-16 surrogate pair and no character by itself; fix or "
                      "remove it", row=number, column=None if field is None else printable(field))
            return source
    source.unread.clear()
    for key, items in document.items():
        name = table_name(str(key))
        table_where = Location(path.name, str(key), "item")
        if name is None:
            unknown_table(log, table_where, str(key), "the table")
            continue
        if name in source.tables:
            log.error(table_where, f"two entries hold the {name} table; keep one")
            continue
        if not isinstance(items, list):
            log.error(table_where, "a table must be a list of objects, one per row")
            source.unread.append(str(key))
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
            for k, v in item.items():
                headers.setdefault(str(k), None)
                if isinstance(v, dict | list) and _depth_over(v, MAX_CELL_DEPTH):
                    log.error(table_where, f"the value nests lists or objects more than "
                              f"{MAX_CELL_DEPTH} deep; give a plain value", row=number,
                              column=str(k), kind="value nested too deeply")
                    bad = True
            records.append(item)
            numbers.append(number)
        if bad:
            source.unread.append(str(key))
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


def read_source(path: Path, log: ProblemLog, encoding: str | None = None) -> Source:
    """Read a folder, workbook, JSON document or single table CSV.

    ``encoding``: the codec for CSV and JSON files that are not valid UTF-8
    (see :mod:`.encoding`); without one such a file is an error.
    """
    try:
        if not path.exists():
            log.error(Location(str(path)), "no such file or folder")
            return Source("folder")
        if path.is_dir():
            return read_folder(path, log, encoding)
    except OSError as problem:
        log.error(Location(str(path)), f"cannot be read: {problem.strerror or problem}")
        return Source("folder")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path, log)
    if suffix == ".json":
        return read_json(path, log, encoding)
    if suffix == ".csv":
        return read_csv_file(path, log, encoding)
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
