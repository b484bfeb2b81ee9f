"""The report as JSON, and a CSV twin of every table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from itertools import islice
from typing import Any

from netan.reporting.cells import csv_value


def render_json(report: dict[str, Any]) -> str:
    """The report document as indented JSON (NaN already turned into null; a NaN left
    is refused). The standard library's text: its pure-Python indenting costs 0.3-0.9 s
    more than a hand-written encoder on the national benchmark's 137 MB document
    (``benchmarks/RESULTS.md``), not worth a second JSON writer. ``json.dumps`` would
    hold every piece of that text (~15 million small strings) before joining them;
    here they are joined :data:`_JSON_PIECES` at a time, the same text in a third of
    the memory (+160-220 MB instead of +410-510 MB nationally)."""
    pieces = json.JSONEncoder(indent=2, ensure_ascii=False,
                              allow_nan=False).iterencode(report)
    parts = []
    while part := "".join(islice(pieces, _JSON_PIECES)):
        parts.append(part)
    parts.append("\n")
    return "".join(parts)


#: Pieces of the JSON text joined at once by :func:`render_json`.
_JSON_PIECES = 65_536


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
