"""The report as JSON, and a CSV twin of every table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any


def render_json(report: dict[str, Any]) -> str:
    """The report document as indented JSON (NaN already turned into null)."""
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def all_tables(report: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (section, table) of the report, in order."""
    for section in report["sections"]:
        for table in section["tables"]:
            yield section, table


def csv_name(table: dict[str, Any]) -> str:
    """The file name of a table's CSV twin (table ids are fixed names, never user text)."""
    return f"{table['id']}.csv"


def render_csv(table: dict[str, Any]) -> str:
    """One table as CSV: a header of its columns, then its rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table["columns"])
    writer.writerows(["" if v is None else v for v in row] for row in table["rows"])
    return out.getvalue()


def render_csvs(report: dict[str, Any]) -> dict[str, str]:
    """``{file name: CSV text}`` for every table of the report."""
    return {csv_name(t): render_csv(t) for _, t in all_tables(report)}
