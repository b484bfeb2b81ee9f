"""The generic form: any published network as ``nodes`` and ``edges`` tables.

* ``nodes``: ``id`` (required), ``type`` (or ``label``) and any attribute
  columns. The type is read through
  :func:`~netan.graphdb.schema.canonical_label` (``organisation`` is
  ``Agency``); a blank or unknown type is read as ``Person`` with a warning.
  Without a ``nodes`` table every id named in ``edges`` becomes a ``Person``
  (with a warning).
* ``edges``: ``source``, ``target`` (required), ``type`` (or ``label``,
  ``relationship``) and any attribute columns. The type is read through
  :func:`~netan.graphdb.schema.canonical_rel_type` (``member of`` is
  ``MEMBER_OF``); blank means ``LIAISES_WITH``; an unknown type is an error
  listing the valid ones (the schema has no catch-all type). The endpoints'
  labels must be ones the type allows.
* A blank edge type between two agencies means ``PARTNERS_WITH`` (an
  organisation-only network loads without a type column).
* **Gephi's spreadsheet form** is read as Gephi writes it: an edges ``Type``
  column holding only ``Directed`` / ``Undirected`` is each tie's
  ``direction`` (not its relationship type), the edges' ``Label`` and ``Id``
  are kept in attributes (``edge_label``, ``edge_id``), and a nodes ``Label``
  column whose values are not node types is the node's ``name``. ``Weight``
  is kept in attributes as ``weight`` (used only when named: ``--weight weight``).
* An attribute column whose name (normalised) is a property of the node's
  label or the edge's type is parsed as that property (``sector`` as a
  sector, ``frequency`` as a number); every other column is kept in the
  ``attributes`` JSON under its normalised header, with one warning per
  column. Ids are unique across all nodes; an edge from a node to itself is
  an error.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from netan.graphdb.graph_data import GraphData
from netan.graphdb.schema import (
    AGENCY,
    GENERIC_TABLES,
    LIAISES_WITH,
    NODE_LABELS,
    PARTNERS_WITH,
    PERSON,
    REL_TYPES,
    Property,
    canonical_label,
    canonical_rel_type,
    normalise_token,
)

from .frames import attributes_json, empty_graph, node_frame, rel_frame
from .ids import NodeIds, check_references, collect_ids
from .problems import Location, ProblemLog
from .readers import RawTable, Source
from .tables import Table, resolve_columns
from .values import cells_of, parse_field, parse_table

#: What a blank or unknown node type is read as, and a blank edge type.
DEFAULT_LABEL = PERSON
DEFAULT_REL_TYPE = LIAISES_WITH
#: What a blank edge type between two agencies is read as.
BETWEEN_AGENCIES = PARTNERS_WITH
#: Generic columns that are not properties (they say what a row is).
STRUCTURAL = ("id", "type", "source", "target")


def _node_labels(table: Table, parsed: dict[str, pd.Series], log: ProblemLog) -> np.ndarray:
    """The label of each node row: its type through the label aliases, else Person."""
    n = len(table)
    if "type" not in parsed:
        if n:
            log.warning(table.where, f"there is no type column, so every node is read as "
                        f"{DEFAULT_LABEL}")
        return np.full(n, DEFAULT_LABEL, dtype=object)
    raw = parsed["type"].to_numpy(dtype=object)
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    mapped = np.array([canonical_label(str(u)) for u in uniques] + [None], dtype=object)
    labels = mapped[codes]
    unknown = pd.notna(raw) & pd.isna(labels)
    if unknown.any():
        known = ", ".join(NODE_LABELS)
        log.add_rows("warning", table.where, table.rows[unknown], raw[unknown],
                     lambda value: f"unknown node type '{value}', read as {DEFAULT_LABEL} "
                     f"(known: {known})", column=table.header("type"),
                     kind="unknown node type")
    blank = pd.isna(raw)
    if blank.any() and n:
        log.warning(table.where, f"{int(blank.sum())} node(s) have no type and were read as "
                    f"{DEFAULT_LABEL}", column=table.header("type"))
    labels[pd.isna(labels)] = DEFAULT_LABEL
    return labels


def _typed_properties(table: Table, positions: np.ndarray, props: tuple[Property, ...],
                      log: ProblemLog) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    """Extra columns that are properties of ``props`` typed (rows ``positions``), the rest."""
    by_name = {p.name: p for p in props if p.name not in ("attributes", "id")}
    typed: dict[str, pd.Series] = {}
    rest: dict[str, pd.Series] = {}
    columns = {**{k: v for k, v in table.columns.items() if k not in STRUCTURAL},
               **table.extras}
    for key, values in columns.items():
        subset = values.iloc[positions]
        if key in by_name:
            cells = cells_of(table, key, log, values=subset)
            cells.header = table.header(key) if key in table.headers else \
                table.extra_headers.get(key, key)
            typed[key] = parse_field(cells, by_name[key]).reset_index(drop=True)
        else:
            rest[key] = subset.reset_index(drop=True)
    return typed, rest


def _warn_attribute_columns(table: Table, props: set[str], log: ProblemLog, thing: str) -> None:
    for key, header in table.extra_headers.items():
        if key not in props:
            log.warning(table.where, f"not a property of any {thing} here; its values are kept "
                        f"in attributes as '{key}'", column=header)


def _nodes(table: Table, log: ProblemLog, graph: GraphData) -> NodeIds:
    parsed = parse_table(table, GENERIC_TABLES["nodes"].columns[:2], log)
    labels = _node_labels(table, parsed, log)
    ids = parsed.get("id")
    entries = []
    used: set[str] = set()
    for label in NODE_LABELS:
        positions = np.flatnonzero(labels == label)
        if not len(positions) or ids is None:
            continue
        entries.append((label, table, ids.iloc[positions]))
        props = NODE_LABELS[label].properties
        used |= {p.name for p in props}
        typed, rest = _typed_properties(table, positions, props, log)
        values: dict[str, object] = {"id": ids.iloc[positions].reset_index(drop=True), **typed}
        values["attributes"] = attributes_json(rest, n=len(positions))
        graph.nodes[label] = node_frame(label, len(positions), values)
        graph.given[label] = frozenset({"id", *typed, *(["attributes"] if rest else [])})
    _warn_attribute_columns(table, used, log, "node type")
    return collect_ids(entries, log)


def _edge_types(table: Table, parsed: dict[str, pd.Series], log: ProblemLog) -> np.ndarray:
    n = len(table)
    if "type" not in parsed:
        return np.full(n, DEFAULT_REL_TYPE, dtype=object)
    raw = parsed["type"].to_numpy(dtype=object)
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    mapped = np.array([canonical_rel_type(str(u)) for u in uniques] + [DEFAULT_REL_TYPE],
                      dtype=object)
    types = mapped[codes]
    unknown = pd.notna(raw) & pd.isna(types)
    if unknown.any():
        known = ", ".join(REL_TYPES)
        log.add_rows("error", table.where, table.rows[unknown], raw[unknown],
                     lambda value: f"unknown relationship type '{value}'; valid types: {known}",
                     column=table.header("type"), kind="unknown relationship type")
    return types


def _edges(table: Table, ids: NodeIds, log: ProblemLog, graph: GraphData) -> None:
    parsed = parse_table(table, GENERIC_TABLES["edges"].columns, log)
    types = _edge_types(table, parsed, log)
    every = tuple(NODE_LABELS)
    source_labels = check_references(table, "source", every, ids, log)
    target_labels = check_references(table, "target", every, ids, log)
    source, target = parsed.get("source"), parsed.get("target")
    if source is None or target is None:
        return
    blank = (np.ones(len(table), dtype=bool) if "type" not in parsed
             else pd.isna(parsed["type"].to_numpy(dtype=object)))
    between_agencies = blank & (source_labels == AGENCY) & (target_labels == AGENCY)
    types[between_agencies] = BETWEEN_AGENCIES
    same = (source.notna() & (source == target)).to_numpy()
    if same.any():
        log.add_rows("error", table.where, table.rows[same], source[same].to_numpy(dtype=object),
                     lambda v: f"an edge from '{v}' to itself means nothing here; remove it",
                     column=table.header("target"), kind="self-loop")
    type_header = table.header("type") if "type" in table.columns else None
    used: set[str] = set()
    for rel in REL_TYPES.values():
        rows = types == rel.name
        if not rows.any():
            continue
        used |= set(rel.property_names)
        known = pd.notna(source_labels) & pd.notna(target_labels)
        allowed = np.array([rel.allows(s, t) for s, t in zip(source_labels, target_labels,
                                                              strict=True)], dtype=bool)
        wrong = rows & known & ~allowed
        if wrong.any():
            pairs = " or ".join(f"{s}→{t}" for s, t in rel.endpoints)
            items = list(zip(source_labels[wrong], target_labels[wrong], strict=True))
            log.add_rows("error", table.where, table.rows[wrong], items,
                         lambda item, rel=rel, pairs=pairs: f"{rel.name} cannot go from "
                         f"{item[0]} to {item[1]} (it goes {pairs})",
                         column=type_header or table.header("source"),
                         kind=f"wrong endpoints for {rel.name}")
        positions = np.flatnonzero(rows)
        typed, rest = _typed_properties(table, positions, rel.properties, log)
        rest.pop("direction", None)  # a type without one runs source -> target by definition
        graph.given[rel.name] = frozenset({*typed, *(["attributes"] if rest else [])})
        typed["attributes"] = attributes_json(rest, n=len(positions))
        graph.relationships[rel.name] = rel_frame(
            rel.name, len(positions), source.iloc[positions], source_labels[positions],
            target.iloc[positions], target_labels[positions], typed)
    # a direction on a relationship type that has none (membership, employment, ...)
    # says nothing new: it is left out, without a warning
    _warn_attribute_columns(table, used | {"direction"}, log, "edge type")


def _nodes_from_edges(edges: Table, log: ProblemLog, graph: GraphData) -> NodeIds:
    """Without a nodes table: every id named in edges as a Person."""
    log.warning(edges.where, f"there is no nodes table, so every id in the edges is read as "
                f"{DEFAULT_LABEL}")
    named = [edges.get(c) for c in ("source", "target") if edges.get(c) is not None]
    ids = pd.unique(pd.concat(named).dropna().to_numpy(dtype=object)) if named else []
    graph.nodes[DEFAULT_LABEL] = node_frame(DEFAULT_LABEL, len(ids), {"id": ids})
    graph.given[DEFAULT_LABEL] = frozenset({"id"})  # an append keeps what is stored of them
    result = NodeIds(index=pd.Index(ids, dtype=object),
                     labels=np.full(len(ids), DEFAULT_LABEL, dtype=object))
    result.present.add(DEFAULT_LABEL)
    return result


#: Values of Gephi's edges ``Type`` column (a direction, not a relationship type).
GEPHI_DIRECTIONS = frozenset({"directed", "undirected"})


def _renamed(raw: RawTable, renames: dict[int, str]) -> RawTable:
    headers = list(raw.headers)
    for position, header in renames.items():
        headers[position] = header
    return dataclasses.replace(raw, headers=headers)


def _header_positions(raw: RawTable) -> dict[str, int]:
    """Normalised header -> its first position."""
    found: dict[str, int] = {}
    for position, header in enumerate(raw.headers):
        found.setdefault(normalise_token(header), position)
    return found


def gephi_edges(raw: RawTable) -> RawTable:
    """Gephi's edges table read as Gephi means it (module docstring): a ``Type`` of
    only Directed / Undirected is the ``direction``; ``Label`` and ``Id`` go to
    attributes. Any other table is returned as it is."""
    headers = _header_positions(raw)
    position = headers.get("type")
    if position is None:
        return raw
    values = {normalise_token(str(v)) for v in raw.frame[position].dropna().unique()}
    if not values or not values <= GEPHI_DIRECTIONS:
        return raw
    renames = {position: "direction"}
    for token, new in (("label", "edge_label"), ("id", "edge_id")):
        if token in headers:
            renames[headers[token]] = new
    return _renamed(raw, renames)


def gephi_nodes(raw: RawTable) -> RawTable:
    """Gephi's nodes table: a ``Label`` column (with no ``Type``) whose values are not
    all node types is the node's ``name`` (``node_label`` when there is a name too)."""
    headers = _header_positions(raw)
    position = headers.get("label")
    if position is None or "type" in headers:
        return raw
    values = raw.frame[position].dropna().unique()
    if all(canonical_label(str(v)) for v in values):
        return raw
    return _renamed(raw, {position: "node_label" if "name" in headers else "name"})


def build_generic(source: Source, log: ProblemLog) -> GraphData | None:
    """Validate the ``nodes``/``edges`` tables of ``source``; None on any error."""
    graph = empty_graph()
    nodes_raw, edges_raw = source.tables.get("nodes"), source.tables.get("edges")
    nodes_raw = gephi_nodes(nodes_raw) if nodes_raw is not None else None
    edges_raw = gephi_edges(edges_raw) if edges_raw is not None else None
    if nodes_raw is None and edges_raw is None:
        return None
    nodes = edges = None
    if nodes_raw is not None:
        nodes = resolve_columns(nodes_raw, GENERIC_TABLES["nodes"].columns, log,
                                warn_extras=False)
    if edges_raw is not None:
        edges = resolve_columns(edges_raw, GENERIC_TABLES["edges"].columns, log,
                                warn_extras=False)
    if nodes is not None:
        if len(nodes) == 0:
            log.error(nodes.where, "the nodes table has a header but no rows")
        ids = _nodes(nodes, log, graph)
    elif edges is not None:
        ids = _nodes_from_edges(edges, log, graph)
    else:  # pragma: no cover - one of the two is present
        log.error(Location("nodes"), "no nodes table")
        return None
    if edges is not None:
        _edges(edges, ids, log, graph)
    if log.has_errors:
        return None
    graph.check_columns()
    return graph
