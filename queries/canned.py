"""Canned Cypher: ready-made questions about a partnership network, for either store.

Each question is a file ``queries/cypher/<name>.cypher`` in Neo4j Cypher. Its
header comment says what it answers and names its parameters::

    // Groups at a level with a GP who sits on them ...     (the first line: the title)
    // Answers: "primary care was represented in only 9 ..."
    // param $level (default "area"): the group level

Where the two stores agree the file has one text: the embedded store runs it
through :func:`netan.graphdb.dialect.translate` like any ``netan query``.
Where they do not, the file continues with clearly marked sections; the text
before the first marker is shared and the matching section is appended::

    MATCH (a:Person {id: $from}), (b:Person {id: $to})
    // dialect: neo4j
    RETURN [n IN nodes(path) | n.id] AS ids
    // dialect: embedded
    RETURN properties(nodes(path), 'id') AS ids

Parameters travel as parameters, never spliced into the text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from netan.graphdb.store import GraphStore, QueryResult, is_neo4j_uri

Dialect = Literal["neo4j", "embedded"]
DIALECTS: tuple[Dialect, ...] = ("neo4j", "embedded")

_MARKER = re.compile(r"^//\s*dialect:\s*(\w+)\s*$", re.MULTILINE)
_PARAM = re.compile(r"^//\s*param\s+\$(\w+)(?:\s*\(default\s+(.+?)\))?\s*:\s*(.*)$")


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    default: Any = None


@dataclass(frozen=True)
class CannedQuery:
    """One canned question: its name, what it answers, its parameters and its text(s)."""

    name: str
    title: str
    answers: str
    parameters: tuple[Parameter, ...]
    shared: str
    variants: dict[str, str] = field(default_factory=dict)

    def text(self, dialect: Dialect = "neo4j") -> str:
        """The Cypher to send to a store of ``dialect`` (shared text + its variant)."""
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r}; known: {', '.join(DIALECTS)}")
        if not self.variants:
            return self.shared
        return f"{self.shared.rstrip()}\n{self.variants[dialect].strip()}\n"

    def params(self, given: dict[str, Any] | None = None) -> dict[str, Any]:
        """The parameters to send: the defaults, updated by ``given``.

        Raises ValueError for a parameter the query does not take, or a
        parameter without a default that was not given.
        """
        given = dict(given or {})
        known = {p.name for p in self.parameters}
        unknown = sorted(set(given) - known)
        if unknown:
            raise ValueError(f"{self.name} takes no parameter {', '.join(unknown)}; "
                             f"it takes: {', '.join(sorted(known)) or 'none'}")
        values = {p.name: p.default for p in self.parameters} | given
        missing = [name for name, value in values.items() if value is None]
        if missing:
            raise ValueError(f"{self.name} needs {', '.join('$' + m for m in missing)}")
        return values


def parse_canned(name: str, source: str) -> CannedQuery:
    """A :class:`CannedQuery` from the text of a ``.cypher`` file (see module docstring)."""
    pieces = _MARKER.split(source)
    shared, variants = pieces[0], dict(zip(pieces[1::2], pieces[2::2], strict=True))
    if variants and set(variants) != set(DIALECTS):
        raise ValueError(f"{name}: a file with dialect sections needs exactly "
                         f"{' and '.join(DIALECTS)}, not {', '.join(variants)}")
    header = []
    for line in shared.splitlines():
        if not line.startswith("//"):
            break
        header.append(line)
    if not header:
        raise ValueError(f"{name}: the file must start with a // comment saying what it answers")
    title = header[0].lstrip("/ ").strip()
    answers = " ".join(line.lstrip("/ ").removeprefix("Answers:").strip()
                       for line in header[1:] if line.lstrip("/ ").startswith("Answers:"))
    parameters = []
    for line in header:
        found = _PARAM.match(line)
        if found:
            default = json.loads(found.group(2)) if found.group(2) else None
            parameters.append(Parameter(found.group(1), found.group(3).strip(), default))
    return CannedQuery(name, title, answers, tuple(parameters), shared, variants)


def canned_queries() -> dict[str, CannedQuery]:
    """Every canned query by name, in name order."""
    folder = resources.files("netan.queries") / "cypher"
    found = sorted((entry.name.removesuffix(".cypher"), entry) for entry in folder.iterdir()
                   if entry.name.endswith(".cypher"))
    return {name: parse_canned(name, entry.read_text(encoding="utf-8")) for name, entry in found}


def canned_query(name: str) -> CannedQuery:
    """The canned query ``name``; KeyError naming the known ones otherwise."""
    queries = canned_queries()
    try:
        return queries[name]
    except KeyError:
        raise KeyError(f"no canned query {name!r}; known: {', '.join(queries)}") from None


def dialect_of(store: GraphStore) -> Dialect:
    """``neo4j`` for a Neo4j store, ``embedded`` otherwise."""
    return "neo4j" if is_neo4j_uri(str(store.location)) else "embedded"


def run_canned(store: GraphStore, name: str,
               params: dict[str, Any] | None = None) -> QueryResult:
    """Run the canned query ``name`` on ``store`` (read-only) with its default parameters
    updated by ``params``."""
    query = canned_query(name)
    return store.query(query.text(dialect_of(store)), query.params(params))
