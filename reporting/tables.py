"""The report as JSON, and a CSV twin of every table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netan.reporting.cells import csv_value


def write_json(report: dict[str, Any], path: Path) -> Path:
    """Write the report document to ``path`` as indented JSON (NaN already turned into
    null; a NaN left is refused), piece by piece, never holding the whole text (137 MB
    on the national benchmark, and its millions of pieces before they are joined).

    The standard library's text (``json.dumps(report, indent=2, ensure_ascii=False)``
    and a newline): its pure-Python indenting costs 0.3-0.9 s more than a hand-written
    encoder on the national document (``benchmarks/RESULTS.md``), not worth a second
    JSON writer."""
    with path.open("w", encoding="utf-8") as handle:
        pieces: list[str] = []
        for piece in _json_pieces(report):
            pieces.append(piece)
            if len(pieces) == _PIECES_PER_WRITE:
                handle.write("".join(pieces))
                pieces.clear()
        handle.write("".join(pieces))
    return path


_PIECES_PER_WRITE = 65_536


def _json_pieces(report: dict[str, Any]) -> Iterator[str]:
    """The pieces of :func:`json.dumps`'s text of ``report`` (indent 2, UTF-8 as is, NaN
    refused), and the closing newline."""
    yield from json.JSONEncoder(indent=2, ensure_ascii=False, allow_nan=False).iterencode(report)
    yield "\n"


def all_tables(report: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (section, table) of the report, in order."""
    for section in report["sections"]:
        for table in section["tables"]:
            yield section, table


def csv_name(table: dict[str, Any]) -> str:
    """The file name of a table's CSV twin (table ids are fixed names, never user text)."""
    return f"{table['id']}.csv"


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet runs as a formula.

    The rule (OWASP's): a *text* value that starts with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return gets a leading apostrophe, so Excel and LibreOffice
    show it as text. Numbers, booleans and empty cells are never changed: ``-3``
    stays the number -3; only text that starts like a formula (``-3`` typed as a
    name, ``=HYPERLINK(...)``) is marked.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _spreadsheet_rows(rows: list[list[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        if any(isinstance(v, str) and v.startswith(FORMULA_START) for v in row):
            yield [spreadsheet_cell(v) for v in row]
        else:
            yield row


def render_csv(table: dict[str, Any]) -> str:
    """One table as CSV: a header of its columns (also when it has no rows), then its
    rows, booleans as ``true`` / ``false``; every other value as it is (full precision),
    but text that starts like a formula marked by :func:`spreadsheet_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table["columns"])
    rows = table["rows"]
    if any(type(v) is bool for row in rows for v in row):
        rows = [[csv_value(v) for v in row] for row in rows]
    writer.writerows(_spreadsheet_rows(rows))  # the csv module writes None as an empty field
    return out.getvalue()


def render_csvs(report: dict[str, Any]) -> dict[str, str]:
    """``{file name: CSV text}`` for every table of the report."""
    return {csv_name(t): render_csv(t) for _, t in all_tables(report)}
