"""Differential Cypher: one query on Neo4j and on the embedded store, answers compared.

The corpus (``tests/cypher/corpus.cypher``) holds the queries Neo4j users write,
grouped in sections (``// == name ==``). Each query ends with ``;`` at the end of
a line. Comment lines just above a query may say::

    // params: {"level": "area"}      its parameters (JSON)
    // refused                         the embedded store must refuse it before it runs

:func:`same_answer` compares two results the way a user reads them: the same
columns, the same rows (in the same order when the query ends with ORDER BY),
and the same types: an integer is not a float, even when equal.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "cypher" / "corpus.cypher"


@dataclass(frozen=True)
class CorpusQuery:
    section: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)
    refused: bool = False
    line: int = 0

    @property
    def ordered(self) -> bool:
        """Whether the final RETURN orders its rows (then the order must agree too)."""
        tail = re.split(r"\bRETURN\b", self.text, flags=re.IGNORECASE)[-1]
        return re.search(r"\bORDER\s+BY\b", tail, flags=re.IGNORECASE) is not None

    def __str__(self) -> str:
        return f"corpus.cypher:{self.line} [{self.section}] {' '.join(self.text.split())}"


def read_corpus(path: Path = CORPUS) -> list[CorpusQuery]:
    """The corpus's queries, in file order."""
    queries: list[CorpusQuery] = []
    section = ""
    params: dict[str, Any] = {}
    refused = False
    lines: list[str] = []
    start = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if not lines:
            heading = re.fullmatch(r"//\s*==\s*(.+?)\s*==", stripped)
            if heading:
                section = heading.group(1)
                continue
            if stripped.startswith("// params:"):
                params = json.loads(stripped.removeprefix("// params:"))
                continue
            if stripped == "// refused":
                refused = True
                continue
            if not stripped or stripped.startswith("//"):
                continue
            start = number
        lines.append(line)
        if stripped.endswith(";"):
            text = "\n".join(lines).rstrip()[:-1].rstrip()
            queries.append(CorpusQuery(section, text, params, refused, start))
            lines, params, refused = [], {}, False
    if lines:
        raise ValueError(f"corpus.cypher:{start}: a query without its closing ';'")
    return queries


# ---------------------------------------------------------------------------
# Comparing answers
# ---------------------------------------------------------------------------


def same_value(a: Any, b: Any) -> bool:
    """Equal as Neo4j means it, and of the same type (1 is not 1.0, True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    return a == b


def _sort_key(value: Any) -> str:
    """A text that sorts equal rows together (floats to 9 significant digits)."""
    if isinstance(value, float):
        return "f" + (f"{value:.9g}" if not math.isnan(value) else "nan")
    if isinstance(value, list):
        return "[" + ",".join(_sort_key(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{_sort_key(value[k])}" for k in sorted(value)) + "}"
    return type(value).__name__[0] + repr(value)


def same_answer(expected: tuple[list[str], list[list[Any]]],
                actual: tuple[list[str], list[list[Any]]], ordered: bool) -> str | None:
    """None when the answers agree, else one line saying how they differ."""
    (columns_a, rows_a), (columns_b, rows_b) = expected, actual
    if columns_a != columns_b:
        return f"columns {columns_a} != {columns_b}"
    if len(rows_a) != len(rows_b):
        return f"{len(rows_a)} rows != {len(rows_b)} rows"
    if not ordered:
        rows_a = sorted(rows_a, key=_sort_key)
        rows_b = sorted(rows_b, key=_sort_key)
    for k, (row_a, row_b) in enumerate(zip(rows_a, rows_b, strict=True)):
        if not same_value(row_a, row_b):
            return f"row {k}: {row_a!r} != {row_b!r}"
    return None
