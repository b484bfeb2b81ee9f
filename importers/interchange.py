"""Network files from other tools, read into netan's generic form.

``netan import`` reads a network file as if it were a ``nodes`` and an
``edges`` table (see :mod:`netan.importers.generic`), so every check and every
rule of the generic form applies to it:

=============  ============================================================
suffix         read with
=============  ============================================================
``.graphml``   :func:`networkx.read_graphml` (igraph, Gephi, yEd, netan)
``.gexf``      :func:`networkx.read_gexf` (Gephi; GEXF 1.1, 1.2 and 1.3)
``.net``       :func:`parse_pajek` below (Pajek ``.net``; also ``.paj``)
``.dl``        :func:`parse_dl` below (UCINET DL)
=============  ============================================================

Conventions, the same for every format:

* A node's id is its id in the file (for Pajek and DL, its label when it has
  one, else its number). Its ``name`` is the ``name`` attribute, else the
  ``label`` (GEXF, Pajek, DL labels); its ``type`` attribute (Person, Agency,
  organisation, ...) is its label as in the generic form (default Person).
  Every other attribute is a column: a schema property (``sector``, ``level``
  ...) is typed, the rest kept in ``attributes``.
* A tie's ``direction`` is the file's: ``directed`` in a directed GraphML or
  GEXF graph and in Pajek ``*Arcs``, ``undirected`` in an undirected graph and
  in Pajek ``*Edges``; a DL matrix (which cannot say) is undirected when it is
  symmetric and directed otherwise. A ``relationship`` attribute (as netan
  writes it) is the relationship type; without one a tie is ``LIAISES_WITH``
  (or ``PARTNERS_WITH`` between two agencies). ``weight`` and other tie
  values are columns (used only when named: ``--weight weight``).
* Self-loops mean nothing in netan: they are left out, with a warning.
* A file that cannot be parsed is one error naming the file (and the line, for
  Pajek and DL); nothing is written.

networkx's own Pajek reader is not used: it takes the line after ``*Vertices
n`` for a vertex even when the file lists none (as igraph writes it), and reads
a second ``*Arcs`` / ``*Edges`` section as ties of the first. UCINET's DL has no
reader in networkx; :func:`parse_dl` reads the forms UCINET documents for one-mode
data: ``fullmatrix`` (also ``upperhalf``/``lowerhalf``), ``edgelist1`` and
``nodelist1``, with ``labels:``, ``row labels:``/``col labels:`` or ``labels
embedded``, several matrices (``nm``, with ``matrix labels:``) and
``diagonal = absent``.
"""

from __future__ import annotations

import re
import shlex
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .problems import Location, ProblemLog
from .readers import RawTable, Source, cell_text, make_table

__all__ = ["NETWORK_SUFFIXES", "parse_dl", "parse_pajek", "read_network_file"]

#: File suffixes read as network files, and their format.
NETWORK_SUFFIXES: dict[str, str] = {".graphml": "graphml", ".gexf": "gexf", ".net": "pajek",
                                    ".paj": "pajek", ".dl": "dl"}


class NetworkFileError(ValueError):
    """A network file that cannot be read; ``line`` is its 1-based line when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


# ---------------------------------------------------------------------------
# Pajek
# ---------------------------------------------------------------------------


def _tokens(line: str, number: int) -> list[str]:
    try:
        return shlex.split(line, comments=False, posix=True)
    except ValueError as problem:  # an unclosed quote
        raise NetworkFileError(f"cannot split the line ({problem})", number) from None


def parse_pajek(text: str) -> nx.MultiDiGraph:
    """A Pajek ``.net`` network as a MultiDiGraph whose ties carry ``direction``.

    Reads ``*Vertices n`` (each vertex line ``number "label" [x y ...]``; vertices
    not listed get their number as label), any number of ``*Arcs`` (directed),
    ``*Edges`` (undirected), ``*Arcslist`` and ``*Edgeslist`` sections (tie lines
    ``i j [weight]``, list lines ``i j k ...``), and ignores ``%`` comments and
    ``*Network``. Node keys are the labels (the numbers when unlabelled, or when a
    label repeats); each node keeps its ``number``. Raises :class:`NetworkFileError`
    for anything else.
    """
    G = nx.MultiDiGraph()
    names: dict[str, str] = {}  # vertex number -> node key
    section: str | None = None
    declared = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if line.startswith("*"):
            word = line.split()[0].lower()
            if word == "*network":
                section = None
                continue
            if word == "*vertices":
                parts = line.split()
                if len(parts) < 2 or not parts[1].isdigit():
                    raise NetworkFileError("*Vertices needs the number of vertices", number)
                declared = int(parts[1])
                for k in range(1, declared + 1):
                    names[str(k)] = str(k)
                    G.add_node(str(k), number=k)
                section = "vertices"
                continue
            if word in ("*arcs", "*edges", "*arcslist", "*edgeslist"):
                if not declared:
                    raise NetworkFileError(f"{line.split()[0]} before *Vertices", number)
                section = word[1:]
                continue
            raise NetworkFileError(f"netan cannot read the Pajek section {line.split()[0]} "
                                   "(only *Vertices, *Arcs, *Edges, *Arcslist, *Edgeslist)",
                                   number)
        tokens = _tokens(line, number)
        if section == "vertices":
            vertex = tokens[0]
            if vertex not in names:
                raise NetworkFileError(f"vertex {vertex} is not between 1 and {declared}",
                                       number)
            if len(tokens) > 1:
                label = tokens[1]
                key = label if label not in G or label == vertex else vertex
                if key != vertex:
                    nx.relabel_nodes(G, {vertex: key}, copy=False)
                    names[vertex] = key
                G.nodes[key]["label"] = label
        elif section in ("arcs", "edges", "arcslist", "edgeslist"):
            direction = "directed" if section.startswith("arcs") else "undirected"
            for vertex in tokens[:2] if section in ("arcs", "edges") else tokens:
                if vertex not in names:
                    raise NetworkFileError(f"vertex {vertex} is not between 1 and {declared}",
                                           number)
            if section in ("arcs", "edges"):
                if len(tokens) < 2:
                    raise NetworkFileError("a tie needs two vertex numbers", number)
                data: dict[str, Any] = {"direction": direction}
                if len(tokens) > 2:
                    try:
                        data["weight"] = float(tokens[2])
                    except ValueError:
                        raise NetworkFileError(f"the weight {tokens[2]!r} is not a number",
                                               number) from None
                G.add_edge(names[tokens[0]], names[tokens[1]], **data)
            else:
                for other in tokens[1:]:
                    G.add_edge(names[tokens[0]], names[other], direction=direction)
        else:
            raise NetworkFileError("a line outside any *Vertices, *Arcs or *Edges section",
                                   number)
    if not declared:
        raise NetworkFileError("no *Vertices line: not a Pajek network")
    return G


# ---------------------------------------------------------------------------
# UCINET DL
# ---------------------------------------------------------------------------

_DL_KEYWORD = re.compile(r"(\w+)\s*=\s*([^\s,]+)")
_DL_SECTION = re.compile(r"^(row labels|col labels|column labels|labels embedded|labels|"
                         r"matrix labels|data)\s*:?\s*(.*)$", re.IGNORECASE)


def _dl_items(text: str) -> list[str]:
    """Labels or values separated by commas, spaces or new lines; quotes kept together."""
    items = []
    for token in re.findall(r'"[^"]*"|\'[^\']*\'|[^\s,]+', text):
        items.append(token[1:-1] if token[:1] in "\"'" and len(token) > 1 else token)
    return items


def parse_dl(text: str) -> nx.MultiDiGraph:
    """A UCINET DL file (one-mode) as a MultiDiGraph (see the module docstring).

    A tie is each non-zero cell (fullmatrix, upperhalf, lowerhalf) or each line
    (edgelist1: ``i j [value]``; nodelist1: ``i j k ...``), with ``value`` as
    ``weight`` when it is not 1 and the matrix label as ``relation`` when there
    are several matrices. ``direction`` is ``undirected`` when the whole network
    is symmetric (and for upperhalf/lowerhalf), else ``directed``, each
    symmetric pair then read as one undirected tie. Node keys are the labels, or
    the numbers 1..n without labels.
    """
    lines = text.splitlines()
    position = 0
    while position < len(lines) and not _DL_SECTION.match(lines[position].strip()):
        position += 1
    header = " ".join(lines[:position])
    if not header.strip().lower().startswith("dl"):
        raise NetworkFileError("a DL file starts with 'dl'", 1)
    keys = {k.lower(): v.lower() for k, v in _DL_KEYWORD.findall(header)}
    if "nr" in keys or "nc" in keys:
        if keys.get("nr") != keys.get("nc"):
            raise NetworkFileError("two-mode DL data (nr differs from nc) is not read; give "
                                   "people and groups as people.csv and memberships.csv", 1)
        keys.setdefault("n", keys["nr"])
    if not keys.get("n", "").isdigit():
        raise NetworkFileError("the DL header needs n = the number of nodes", 1)
    n = int(keys["n"])
    matrices = int(keys["nm"]) if keys.get("nm", "").isdigit() else 1
    form = keys.get("format", "fullmatrix")
    diagonal = keys.get("diagonal", "present") != "absent"
    embedded = "labels embedded" in header.lower()
    labels: list[str] | None = None
    matrix_labels: list[str] = []
    data_text: list[str] = []
    data_line = len(lines)
    section: str | None = None
    for number in range(position, len(lines)):
        line = lines[number].strip()
        found = _DL_SECTION.match(line) if section != "data" else None
        if found:
            section, line = found.group(1).lower(), found.group(2)
            if section == "labels embedded":
                embedded, section = True, None
                continue
            if section == "data":
                data_line = number + 1
        if not line:
            continue
        if section == "data":
            data_text.append(line)
        elif section in ("labels", "row labels"):
            labels = [*(labels or []), *_dl_items(line)]
        elif section == "matrix labels":
            matrix_labels += _dl_items(line)
    if section != "data":
        raise NetworkFileError("no 'data:' line")
    if labels is not None and len(labels) != n:
        raise NetworkFileError(f"{len(labels)} labels for n = {n} nodes", 1)
    if embedded and form == "fullmatrix":
        labels, data_text = _embedded_matrix(data_text, n, matrices, labels, data_line)
        embedded = False
    ties = list(_dl_ties(form, data_text, n, matrices, diagonal, embedded, labels, data_line))
    nodes = labels or [str(k) for k in range(1, n + 1)]
    if embedded and labels is None:  # labels met in an embedded edge or node list
        nodes = list(dict.fromkeys(_embedded_labels(form, data_text)))
        nodes += [str(k) for k in range(len(nodes) + 1, n + 1)]
    return _dl_graph(nodes, ties, matrix_labels, symmetric_form=form in ("upperhalf",
                                                                         "lowerhalf"))


def _embedded_matrix(data: list[str], n: int, matrices: int, labels: list[str] | None,
                     line: int) -> tuple[list[str], list[str]]:
    """Column labels, then rows each led by its label, per matrix: the labels and the
    bare values (in the labels' order)."""
    items = _dl_items(" ".join(data))
    values: list[str] = []
    width = n * (n + 1) + n
    for m in range(matrices):
        block = items[m * width:(m + 1) * width]
        if len(block) < width:
            raise NetworkFileError(f"matrix {m + 1}: expected {n} column labels and {n} rows "
                                   f"of a label and {n} values", line)
        columns = block[:n]
        if labels is None:
            labels = columns
        order = {label: k for k, label in enumerate(columns)}
        rows = {block[n + r * (n + 1)]: block[n + r * (n + 1) + 1:n + (r + 1) * (n + 1)]
                for r in range(n)}
        if set(rows) != set(labels) or set(order) != set(labels):
            raise NetworkFileError(f"matrix {m + 1}: row and column labels differ", line)
        for row in labels:
            values += [rows[row][order[column]] for column in labels]
    return labels or [], [" ".join(values)]


def _embedded_labels(form: str, data: list[str]) -> Iterator[str]:
    for text in data:
        items = _dl_items(text)
        if items and items != ["!"]:
            yield from items[:2] if form == "edgelist1" else items


def _number(token: str, line: int) -> float:
    try:
        return float(token)
    except ValueError:
        raise NetworkFileError(f"{token!r} is not a number", line) from None


def _dl_ties(form: str, data: list[str], n: int, matrices: int, diagonal: bool,
             embedded: bool, labels: list[str] | None, line: int
             ) -> Iterator[tuple[int, int, float, int]]:
    """``(i, j, value, matrix)`` for every tie (0-based i, j), matrix by matrix."""
    index = {label: k for k, label in enumerate(labels or [])}

    def vertex(token: str) -> int:
        if embedded or (labels and token in index):
            if token not in index:
                if len(index) == n:
                    raise NetworkFileError(f"more than n = {n} different labels in the data",
                                           line)
                index[token] = len(index)
            return index[token]
        k = int(_number(token, line))
        if not 1 <= k <= n:
            raise NetworkFileError(f"node {token} is not between 1 and {n}", line)
        return k - 1

    if form in ("fullmatrix", "upperhalf", "lowerhalf"):
        values = _dl_items(" ".join(data))
        per_matrix = _cells(form, n, diagonal)
        for m in range(matrices):
            chunk = values[m * per_matrix:(m + 1) * per_matrix]
            if len(chunk) < per_matrix:
                raise NetworkFileError(f"matrix {m + 1} has {len(chunk)} values; "
                                       f"{per_matrix} expected for n = {n}", line)
            for (i, j), token in zip(_positions(form, n, diagonal), chunk, strict=True):
                value = _number(token, line)
                if value and i != j:
                    yield (i, j, value, m)
        return
    if form in ("edgelist1", "nodelist1"):
        m = 0
        for offset, text in enumerate(data):
            items = _dl_items(text)
            if not items:
                continue
            if items == ["!"]:  # UCINET's separator between matrices
                m += 1
                continue
            where = line + offset
            if form == "edgelist1":
                if len(items) < 2:
                    raise NetworkFileError("an edge list line needs two nodes", where)
                value = _number(items[2], where) if len(items) > 2 else 1.0
                i, j = vertex(items[0]), vertex(items[1])
                if value and i != j:
                    yield (i, j, value, m)
            else:
                i = vertex(items[0])
                for other in items[1:]:
                    j = vertex(other)
                    if i != j:
                        yield (i, j, 1.0, m)
        return
    raise NetworkFileError(f"netan cannot read DL format {form!r} (fullmatrix, upperhalf, "
                           "lowerhalf, edgelist1, nodelist1)", 1)


def _positions(form: str, n: int, diagonal: bool) -> Iterator[tuple[int, int]]:
    for i in range(n):
        if form == "fullmatrix":
            columns = range(n)
        elif form == "upperhalf":
            columns = range(i if diagonal else i + 1, n)
        else:
            columns = range(0, i + 1 if diagonal else i)
        for j in columns:
            yield i, j


def _cells(form: str, n: int, diagonal: bool) -> int:
    return sum(1 for _ in _positions(form, n, diagonal))


def _dl_graph(nodes: list[str], ties: list[tuple[int, int, float, int]],
              matrix_labels: list[str], symmetric_form: bool) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes)
    arcs = {(i, j, m): value for i, j, value, m in ties}
    symmetric = symmetric_form or all(arcs.get((j, i, m)) == value
                                      for (i, j, m), value in arcs.items())
    for (i, j, m), value in arcs.items():
        if symmetric and not symmetric_form and (j, i, m) in arcs and j < i:
            continue  # the pair is read once, as an undirected tie
        data: dict[str, Any] = {"direction": "undirected" if symmetric else "directed"}
        if value != 1:
            data["weight"] = value
        if len(matrix_labels) > 1 or (matrix_labels and m):
            data["relation"] = matrix_labels[m] if m < len(matrix_labels) else str(m + 1)
        G.add_edge(nodes[i], nodes[j], **data)
    return G


# ---------------------------------------------------------------------------
# Any network file as the generic form's tables
# ---------------------------------------------------------------------------

#: Node attributes that are bookkeeping of a file format, not data.
_NODE_SKIP = frozenset({"id", "number", "x", "y", "shape", "viz", "pid", "start", "end"})
_EDGE_SKIP = frozenset({"id", "key", "start", "end", "viz"})


def _read(path: Path, kind: str) -> nx.Graph:
    if kind == "graphml":
        return nx.read_graphml(path)
    if kind == "gexf":
        return nx.read_gexf(path)
    text = path.read_text(encoding="utf-8-sig", errors="strict")
    return parse_pajek(text) if kind == "pajek" else parse_dl(text)


def _cell(value: Any) -> str | None:
    return cell_text(value)


def _tables(G: nx.Graph, path: Path, log: ProblemLog) -> dict[str, RawTable]:
    """The ``nodes`` and ``edges`` tables of a network read from ``path``."""
    directed = G.is_directed()
    node_columns: dict[str, list[Any]] = {"id": [], "name": []}
    nodes = list(G.nodes(data=True))
    for k, (node, data) in enumerate(nodes):
        node_columns["id"].append(str(node))
        name = data.get("name", data.get("label"))
        node_columns["name"].append(None if name in (None, str(node)) and "name" not in data
                                    else name)
        for key, value in data.items():
            if key in _NODE_SKIP or key in ("name", "label") or not isinstance(key, str):
                continue
            node_columns.setdefault(key, [None] * len(nodes))[k] = value
    for key in list(node_columns):
        if len(node_columns[key]) < len(nodes):  # id and name are appended per node
            node_columns[key] += [None] * (len(nodes) - len(node_columns[key]))
    edge_rows = []
    loops = 0
    for u, v, data in G.edges(data=True):
        if u == v:
            loops += 1
            continue
        edge_rows.append((u, v, data))
    if loops:
        log.warning(Location(path.name), f"{loops} tie(s) from a node to itself were left "
                    "out (a self-loop means nothing in netan)")
    edge_columns: dict[str, list[Any]] = {"source": [], "target": [], "direction": []}
    for k, (u, v, data) in enumerate(edge_rows):
        edge_columns["source"].append(str(u))
        edge_columns["target"].append(str(v))
        if "direction" in data:  # as netan writes it; blank = not declared
            edge_columns["direction"].append(data["direction"] or None)
        else:
            edge_columns["direction"].append("directed" if directed else "undirected")
        for key, value in data.items():
            if key in _EDGE_SKIP or key == "direction" or not isinstance(key, str):
                continue
            edge_columns.setdefault(key, [None] * len(edge_rows))[k] = value
    return {"nodes": _frame_table("nodes", path, node_columns, len(nodes)),
            "edges": _frame_table("edges", path, edge_columns, len(edge_rows))}


def _frame_table(name: str, path: Path, columns: dict[str, list[Any]], n: int) -> RawTable:
    headers = list(columns)
    body = pd.DataFrame({i: pd.Series([_cell(x) for x in columns[h]], dtype=object)
                         for i, h in enumerate(headers)}, index=pd.RangeIndex(n))
    where = Location(path.name, table=name, unit="item")
    return make_table(name, where, headers, body, np.arange(1, n + 1), str(path))


def read_network_file(path: Path, log: ProblemLog) -> Source:
    """A GraphML, GEXF, Pajek or DL file as a :class:`Source` holding the generic form's
    ``nodes`` and ``edges`` tables (empty, with an error logged, when it cannot be read)."""
    kind = NETWORK_SUFFIXES[path.suffix.lower()]
    try:
        G = _read(path, kind)
    except NetworkFileError as problem:
        where = f" (line {problem.line})" if problem.line else ""
        log.error(Location(path.name), f"cannot read this {kind} file{where}: {problem}")
        return Source("csv", files=[str(path)])
    except (ET.ParseError, nx.NetworkXError, UnicodeDecodeError, ValueError, KeyError,
            TypeError, IndexError) as problem:
        log.error(Location(path.name), f"cannot read this {kind} file: {problem}")
        return Source("csv", files=[str(path)])
    return Source("csv", tables=_tables(G, path, log), files=[str(path)])
