"""The report as JSON, and a CSV twin of every table."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterator
from typing import Any

from netan.reporting.cells import csv_value


def render_json(report: dict[str, Any]) -> str:
    """The report document as indented JSON (NaN already turned into null).

    The text of ``json.dumps(report, indent=2, ensure_ascii=False,
    allow_nan=False)``, made faster: the standard library writes indented JSON in
    pure Python, so the containers that hold only scalars (nearly all of a
    report: table rows) are written by its C encoder with the indentation as the
    item separator (see :class:`_IndentedJSON`).
    """
    return _IndentedJSON().encode(report) + "\n"


#: Values the C encoder writes the same way at any depth (exact types: subclasses
#: go through the general path, which gives them the same treatment as json.dumps).
_SCALARS = frozenset({str, int, float, bool, type(None)})


class _IndentedJSON:
    """``json.dumps(o, indent=2, ensure_ascii=False, allow_nan=False)``, byte for byte.

    An empty container is ``[]`` / ``{}``; otherwise each item goes on its own
    line, indented two spaces per level, with ``,`` after every item but the last
    and ``": "`` between key and value. A container of scalars at level ``n`` is
    then the C encoder's output with item separator ``",\n" + "  " * (n + 1)``,
    opened and closed on lines of their own.
    """

    def __init__(self, indent: str = "  ") -> None:
        self.indent = indent
        self._flat: dict[int, json.JSONEncoder] = {}
        self._open: set[int] = set()  # containers being written (circular reference check)

    def _encoder(self, level: int) -> json.JSONEncoder:
        found = self._flat.get(level)
        if found is None:
            found = self._flat[level] = json.JSONEncoder(
                ensure_ascii=False, allow_nan=False,
                separators=(",\n" + self.indent * (level + 1), ": "))
        return found

    def encode(self, o: Any, level: int = 0) -> str:
        """``o`` written at nesting ``level`` (its first line not indented)."""
        if isinstance(o, list | tuple):
            items: Any = o
        elif isinstance(o, dict):
            items = o.values()
        else:
            return self._encoder(level).encode(o)
        if not o:
            return "[]" if isinstance(o, list | tuple) else "{}"
        inner, outer = "\n" + self.indent * (level + 1), "\n" + self.indent * level
        if _SCALARS.issuperset(map(type, items)):
            text = self._encoder(level).encode(o)
            return f"{text[0]}{inner}{text[1:-1]}{outer}{text[-1]}"
        if isinstance(o, list | tuple) and all(_is_row(v) for v in o):
            return self._rows(o, inner, outer)
        if id(o) in self._open:
            raise ValueError("Circular reference detected")
        self._open.add(id(o))
        try:
            if isinstance(o, dict):
                encoder = self._encoder(level)  # a key as json writes it: '{"k": null}'
                parts = [f"{encoder.encode({k: None})[1:-7]}: {self.encode(v, level + 1)}"
                         for k, v in o.items()]
                return "{" + inner + ("," + inner).join(parts) + outer + "}"
            parts = [self.encode(v, level + 1) for v in o]
            return "[" + inner + ("," + inner).join(parts) + outer + "]"
        finally:
            self._open.discard(id(o))

    def _rows(self, rows: list[Any] | tuple[Any, ...], inner: str, outer: str) -> str:
        """A list of rows (non-empty lists of scalars), in one pass of the C encoder.

        Written with item separator ``",\x1e"``: a control character never occurs in
        JSON text (strings escape it), and ``"],\x1e["`` only between two rows (a
        scalar never ends in ``]``), so the separators can then be indented.
        """
        cell = inner + self.indent
        text = self._marked.encode(rows)
        text = text.replace("],\x1e[", f"{inner}],{inner}[{cell}").replace("\x1e", cell)
        return f"[{inner}[{cell}{text[2:-2]}{inner}]{outer}]"

    @functools.cached_property
    def _marked(self) -> json.JSONEncoder:
        return json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",\x1e", ": "))


def _is_row(value: Any) -> bool:
    """A non-empty list (or tuple) of scalars: a table row."""
    return (type(value) is list or type(value) is tuple) and bool(value) and (
        _SCALARS.issuperset(map(type, value)))


def all_tables(report: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (section, table) of the report, in order."""
    for section in report["sections"]:
        for table in section["tables"]:
            yield section, table


def csv_name(table: dict[str, Any]) -> str:
    """The file name of a table's CSV twin (table ids are fixed names, never user text)."""
    return f"{table['id']}.csv"


def render_csv(table: dict[str, Any]) -> str:
    """One table as CSV: a header of its columns (also when it has no rows), then its
    rows, booleans as ``true`` / ``false``; every other value as it is (full precision)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table["columns"])
    rows = table["rows"]
    if any(type(v) is bool for row in rows for v in row):
        rows = [[csv_value(v) for v in row] for row in rows]
    writer.writerows(rows)  # the csv module writes None as an empty field
    return out.getvalue()


def render_csvs(report: dict[str, Any]) -> dict[str, str]:
    """``{file name: CSV text}`` for every table of the report."""
    return {csv_name(t): render_csv(t) for _, t in all_tables(report)}
