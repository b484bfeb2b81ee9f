"""The Neo4j store: the netan graph in a Neo4j 5 database (Desktop, server or Aura).

Selected by a URI (``neo4j://host:7687``, ``bolt://...``, ``neo4j+s://...`` for
Aura) or by Neo4j's own environment variables ``NEO4J_URI``, ``NEO4J_USERNAME``
(default ``neo4j``), ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` (default: the
server's default database). The password goes to the driver and nowhere else:
not into ``repr``, log lines or error messages.

Every statement this store sends is built by a pure function of this module
(:func:`schema_statements`, :func:`statements_for_import`, ...) from schema
names and ``$parameters``; user values only ever travel as parameters. The
class only executes them, so the statements can be checked without a server.

How an import stays all or nothing
----------------------------------
An import runs in three phases, each batch of a phase in its own write
transaction (``session.execute_write``, so the driver retries transient errors
with exponential backoff; a batch either commits whole or not at all):

1. **Schema.** ``CREATE CONSTRAINT ... IF NOT EXISTS`` makes ``id`` unique per
   label; ``CREATE INDEX ... IF NOT EXISTS`` indexes the vocabulary properties
   the queries filter on and the staging keys below.
2. **Stage.** The rows are written, ``batch_size`` at a time with
   ``UNWIND $rows AS row MERGE ...``, into a *staging area* invisible to every
   netan read: nodes get only the label ``NetanStaging`` (plus ``_netan_run``,
   the run's random tag, and ``_netan_label``, the label they will get).
   ``replace`` creates the relationships between the staged nodes (netan reads
   relationships between schema-labelled nodes only, so they stay invisible);
   ``append`` stages each relationship as a ``NetanStagedRel`` node holding its
   endpoints' ids, since its endpoints may be nodes that are already live. Every
   batch reports how many rows it wrote; fewer than given (an endpoint missing)
   stops the import.
3. **Switch.** One final write transaction makes the run live:
   ``replace`` deletes the old graph and relabels the staged nodes (``SET
   n:Person REMOVE n:NetanStaging``), so their relationships come with them;
   ``append`` merges the staged nodes into the live graph by ``id`` (``SET n +=``:
   the properties the input gave, where it has values, over the stored ones),
   replaces each live relationship with the same endpoints and identity
   properties (``REL_TYPES[t].identity``; missing values equal each other) by
   one holding the stored properties with the staged ones over them; the staging
   nodes, merged copies now, are deleted in batches once it has committed. Only
   the properties the input gave (``GraphData.given``) are staged in an append.
   This is the embedded store's merge (a missing value never wipes a stored
   one); importing the same data twice changes nothing.

If a batch or the switch fails, the switch has not committed, so the live graph
is exactly as before; the run's staging nodes are then deleted in batches and
the error is raised as one :class:`StoreError` line. If the process is killed,
the server rolls back the open transaction, and the next import deletes the
staging area left behind once its own switch has committed (imports into one
database should therefore not run concurrently; a concurrent import fails its
count checks rather than mixing).
The switch transaction holds the whole import, so a very large import needs
``db.memory.transaction.total.max`` large enough for it. Measured on the national
synthetic network (100,000 nodes, 1,000,000 relationships): both a ``replace`` and
an ``append`` of it fit a 6 GB heap (limit 4.2 GB); the ``append`` did not while
its switch also deleted the staging copies (see ``benchmarks/RESULTS.md``).

Sector labels
-------------
Neo4j Browser styles (``neo4j_style.grass``) choose colours by label, never by
property value. So the switch transaction also gives every node with a
``sector`` the secondary label ``Sector_<sector>`` (``Sector_social_care``),
from the schema's SECTOR vocabulary only, and removes stale ones (an append can
change a sector). netan itself never reads these labels; pass
``sector_labels=False`` to leave them out. On Neo4j ``labels(n)`` therefore
lists two labels for such nodes, where the embedded store has one.

Reading
-------
``query`` runs in a read transaction unless ``write=True`` (write clauses are
refused as :class:`ReadOnlyError` before anything is sent). ``to_networkx``
streams records into the graph one at a time: the result is never held as a
list beside the graph.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import networkx as nx
import pandas as pd

from netan.graphdb import graph_data
from netan.graphdb.dialect import write_clauses
from netan.graphdb.graph_data import GraphData
from netan.graphdb.schema import KEY, NODE_LABELS, REL_TYPES, SECTOR
from netan.graphdb.store import (
    ImportMode,
    Progress,
    QueryError,
    QueryResult,
    ReadOnlyError,
    StoreError,
    WriteSummary,
)

# The driver logs connection failures as warnings; without a handler Python would
# print them to stderr beside netan's own one line. Configured handlers still see them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

DEFAULT_BATCH_SIZE = 5_000
DEFAULT_USER = "neo4j"
STAGING = "NetanStaging"
STAGED_REL = "NetanStagedRel"
RUN = "_netan_run"
AS_LABEL = "_netan_label"
#: Keys of a staged relationship node that are not the relationship's properties.
STAGED_KEYS: tuple[str, ...] = (RUN, "_netan_type", "_netan_source", "_netan_source_label",
                                "_netan_target", "_netan_target_label")

#: Neo4j Browser colours nodes by label only, so each node with a sector also gets
#: the label ``Sector_<sector>`` (values from the schema's SECTOR vocabulary only).
SECTOR_LABEL_PREFIX = "Sector_"

#: Wait (up to 5 minutes) until the constraints' and indexes' backing indexes are online.
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_POSITION = re.compile(r"column (\d+)")


def quoted(name: str) -> str:
    """A schema name as a backquoted Cypher identifier (refuses anything else)."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a schema name: {name!r}")
    return f"`{name}`"


@dataclass(frozen=True)
class Statement:
    """One Cypher statement with its parameters.

    ``expect`` is the number the statement's single ``written`` column must
    return (rows written), or None when the statement returns nothing to check.
    ``step`` names the label or type it writes, for progress and messages.
    """

    cypher: str
    params: dict[str, Any] = field(default_factory=dict)
    expect: int | None = None
    step: str = ""


# ---------------------------------------------------------------------------
# Statements (pure functions: data in, Cypher and parameters out)
# ---------------------------------------------------------------------------


def schema_statements() -> list[str]:
    """Uniqueness constraints on each label's key and the indexes netan's queries use."""
    statements = []
    for label in NODE_LABELS.values():
        statements.append(
            f"CREATE CONSTRAINT netan_{label.name.lower()}_{label.key} IF NOT EXISTS "
            f"FOR (n:{quoted(label.name)}) REQUIRE n.{quoted(label.key)} IS UNIQUE")
        for prop in label.properties:
            if prop.vocabulary or prop.name == "area":
                statements.append(
                    f"CREATE INDEX netan_{label.name.lower()}_{prop.name} IF NOT EXISTS "
                    f"FOR (n:{quoted(label.name)}) ON (n.{quoted(prop.name)})")
    statements += [
        f"CREATE INDEX netan_staging_run_id IF NOT EXISTS "
        f"FOR (n:{quoted(STAGING)}) ON (n.{RUN}, n.{KEY})",
        f"CREATE INDEX netan_staging_run_label IF NOT EXISTS "
        f"FOR (n:{quoted(STAGING)}) ON (n.{RUN}, n.{AS_LABEL})",
        f"CREATE INDEX netan_staged_rel_run IF NOT EXISTS "
        f"FOR (n:{quoted(STAGED_REL)}) ON (n.{RUN}, n._netan_type)",
    ]
    return statements


def _present(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}


def node_rows(frame: pd.DataFrame, label: str,
              names: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """``{"id": ..., "properties": {...}}`` per node, missing values left out.

    ``names``: only these properties (an append sends only what the input gave).
    """
    names = tuple(names) if names is not None else NODE_LABELS[label].property_names
    if KEY not in names:
        names = (KEY, *names)
    columns = [graph_data.python_values(frame[name]) for name in names]
    key = names.index(KEY)
    return [{KEY: row[key], "properties": _present(dict(zip(names, row, strict=True)))}
            for row in zip(*columns, strict=True)]


def relationship_rows(frame: pd.DataFrame, rel: str,
                      names: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """``{"source", "target", "properties": {...}}`` per relationship, missing values left out.

    ``names``: only these properties and the identity ones (an append sends only what
    the input gave).
    """
    rel_type = REL_TYPES[rel]
    names = rel_type.property_names if names is None else tuple(
        p for p in rel_type.property_names if p in names or p in rel_type.identity)
    columns = [graph_data.python_values(frame[name]) for name in ("source", "target", *names)]
    return [{"source": source, "target": target,
             "properties": _present(dict(zip(names, values, strict=True)))}
            for source, target, *values in zip(*columns, strict=True)]


def endpoint_pairs(frame: pd.DataFrame, rel: str) -> Iterator[tuple[str, str, pd.DataFrame]]:
    """``(source label, target label, rows)`` for each allowed pair present, in schema order."""
    for source_label, target_label in REL_TYPES[rel].endpoints:
        chosen = frame[(frame["source_label"] == source_label)
                       & (frame["target_label"] == target_label)]
        if len(chosen):
            yield source_label, target_label, chosen


def _slices(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start:start + size]


def last_per_key(frame: pd.DataFrame, rel: str) -> pd.DataFrame:
    """The rows of ``frame`` that an append keeps: the last per endpoints and identity."""
    if not len(frame):
        return frame
    columns = ["source", "target", *REL_TYPES[rel].identity]
    keys = [tuple(("\x00" if v is None else repr(v)) for v in row)
            for row in zip(*(graph_data.python_values(frame[c]) for c in columns), strict=True)]
    keep = ~pd.Series(keys, index=frame.index).duplicated(keep="last")
    return frame[keep.to_numpy()]


def check_graph(data: GraphData) -> None:
    """Raise StoreError for what the store cannot write: bad columns, twice-used ids,
    relationship endpoint labels the schema does not allow."""
    try:
        data.check_columns()
    except ValueError as error:
        raise StoreError(str(error)) from error
    seen: dict[Any, str] = {}
    for label, frame in data.nodes.items():
        for value in graph_data.python_values(frame[KEY]):
            if value is None:
                raise StoreError(f"a {label} node has no id")
            if value in seen:
                raise StoreError(f"the id {value!r} is used twice ({seen[value]} and {label}); "
                                 "ids must be unique")
            seen[value] = label
    for rel, frame in data.relationships.items():
        pairs = frame[["source_label", "target_label"]].drop_duplicates()
        for source_label, target_label in pairs.itertuples(index=False):
            if not REL_TYPES[rel].allows(source_label, target_label):
                raise StoreError(f"{rel} cannot go from {source_label} to {target_label}")


def staging_statements(data: GraphData, mode: ImportMode, run: str,
                       batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Statement]:
    """Phase 2: write ``data`` into the run's staging area, ``batch_size`` rows a statement."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    for label in NODE_LABELS:
        frame = data.nodes.get(label)
        if frame is None or not len(frame):
            continue
        cypher = (f"UNWIND $rows AS row "
                  f"MERGE (n:{quoted(STAGING)} {{{RUN}: $run, {KEY}: row.{KEY}}}) "
                  f"SET n += row.properties, n.{AS_LABEL} = $label "
                  f"RETURN count(n) AS written")
        given = data.given_properties(label, NODE_LABELS[label].property_names)
        for part in _slices(frame, batch_size):
            rows = node_rows(part, label, given if mode == "append" else None)
            yield Statement(cypher, {"rows": rows, "run": run, "label": label}, len(rows), label)
    for rel in REL_TYPES:
        frame = data.relationships.get(rel)
        if frame is None or not len(frame):
            continue
        if mode == "append":
            frame = last_per_key(frame, rel)
        for source_label, target_label, chosen in endpoint_pairs(frame, rel):
            if mode == "replace":
                cypher = (
                    f"UNWIND $rows AS row "
                    f"MATCH (a:{quoted(STAGING)} {{{RUN}: $run, {KEY}: row.source}}) "
                    f"WHERE a.{AS_LABEL} = $source_label "
                    f"MATCH (b:{quoted(STAGING)} {{{RUN}: $run, {KEY}: row.target}}) "
                    f"WHERE b.{AS_LABEL} = $target_label "
                    f"CREATE (a)-[r:{quoted(rel)}]->(b) SET r = row.properties "
                    f"RETURN count(r) AS written")
            else:
                cypher = (
                    f"UNWIND $rows AS row CREATE (s:{quoted(STAGED_REL)}) "
                    f"SET s = row.properties, s.{RUN} = $run, s._netan_type = $type, "
                    f"s._netan_source = row.source, s._netan_source_label = $source_label, "
                    f"s._netan_target = row.target, s._netan_target_label = $target_label "
                    f"RETURN count(s) AS written")
            given = data.given_properties(rel, REL_TYPES[rel].property_names)
            for part in _slices(chosen, batch_size):
                rows = relationship_rows(part, rel, given if mode == "append" else None)
                yield Statement(cypher, {"rows": rows, "run": run, "type": rel,
                                         "source_label": source_label,
                                         "target_label": target_label}, len(rows), rel)


def staging_batches(data: GraphData, mode: ImportMode,
                    batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """How many statements :func:`staging_statements` yields (without building them)."""
    total = sum(-(-len(frame) // batch_size) for frame in data.nodes.values())
    for rel, frame in data.relationships.items():
        if mode == "append":
            frame = last_per_key(frame, rel)
        total += sum(-(-len(rows) // batch_size) for _, _, rows in endpoint_pairs(frame, rel))
    return total


def _null_equal(a: str, b: str) -> str:
    """``a`` equals ``b``, two missing values counting as equal."""
    return f"({a} IS NULL) = ({b} IS NULL) AND coalesce({a} = {b}, true)"


def sector_label(sector: str) -> str:
    """The secondary label carrying ``sector`` (a SECTOR vocabulary value) for Browser styles."""
    if sector not in SECTOR.values:
        raise ValueError(f"not a sector: {sector!r}")
    return SECTOR_LABEL_PREFIX + sector


def sector_label_statements() -> list[Statement]:
    """Give every node with a ``sector`` its ``Sector_<sector>`` label, and only that one."""
    labels = [label.name for label in NODE_LABELS.values() if "sector" in label.property_names]
    statements = []
    for sector in SECTOR.values:
        name = quoted(sector_label(sector))
        statements.append(Statement(
            f"MATCH (n:{name}) WHERE n.sector IS NULL OR n.sector <> $sector REMOVE n:{name}",
            {"sector": sector}))
        statements += [Statement(f"MATCH (n:{quoted(label)}) WHERE n.sector = $sector "
                                 f"SET n:{name}", {"sector": sector}) for label in labels]
    return statements


def switch_statements(data: GraphData, mode: ImportMode, run: str,
                      sector_labels: bool = True) -> list[Statement]:
    """Phase 3: the statements of the one transaction that makes the run live.

    ``sector_labels`` adds the ``Sector_<sector>`` labels (:func:`sector_label_statements`).
    """
    extra = sector_label_statements() if sector_labels else []
    statements: list[Statement] = []
    given = {label: len(f) for label, f in data.nodes.items() if len(f)}
    if mode == "replace":
        for label in NODE_LABELS:
            statements.append(Statement(f"MATCH (n:{quoted(label)}) DETACH DELETE n",
                                        step=label))
        for label, count in given.items():
            statements.append(Statement(
                f"MATCH (n:{quoted(STAGING)} {{{RUN}: $run, {AS_LABEL}: $label}}) "
                f"SET n:{quoted(label)} REMOVE n:{quoted(STAGING)}, n.{RUN}, n.{AS_LABEL} "
                f"RETURN count(n) AS written", {"run": run, "label": label}, count, label))
        return statements + extra
    for label in given:
        for other in NODE_LABELS:
            if other == label:
                continue
            statements.append(Statement(
                f"MATCH (s:{quoted(STAGING)} {{{RUN}: $run, {AS_LABEL}: $label}}) "
                f"MATCH (n:{quoted(other)} {{{KEY}: s.{KEY}}}) "
                f"RETURN count(n) AS written", {"run": run, "label": label}, 0, label))
        statements.append(Statement(
            f"MATCH (s:{quoted(STAGING)} {{{RUN}: $run, {AS_LABEL}: $label}}) "
            f"MERGE (n:{quoted(label)} {{{KEY}: s.{KEY}}}) "
            f"SET n += properties(s) REMOVE n.{RUN}, n.{AS_LABEL} "
            f"RETURN count(n) AS written", {"run": run, "label": label}, given[label], label))
    for rel, rel_type in REL_TYPES.items():
        frame = data.relationships.get(rel)
        if frame is None or not len(frame):
            continue
        kept = last_per_key(frame, rel)
        for source_label, target_label, rows in endpoint_pairs(kept, rel):
            same = " AND ".join(_null_equal(f"old.{quoted(p)}", f"s.{quoted(p)}")
                                for p in rel_type.identity) or "true"
            removed = ", ".join(f"r.{key}" for key in STAGED_KEYS)
            statements.append(Statement(
                f"MATCH (s:{quoted(STAGED_REL)} {{{RUN}: $run, _netan_type: $type}}) "
                f"WHERE s._netan_source_label = $source_label "
                f"AND s._netan_target_label = $target_label "
                f"MATCH (a:{quoted(source_label)} {{{KEY}: s._netan_source}}) "
                f"MATCH (b:{quoted(target_label)} {{{KEY}: s._netan_target}}) "
                f"OPTIONAL MATCH (a)-[old:{quoted(rel)}]->(b) WHERE {same} "
                f"WITH a, b, s, collect(old) AS olds "
                f"WITH a, b, s, olds, "
                f"CASE size(olds) WHEN 0 THEN {{}} ELSE properties(olds[-1]) END AS stored "
                f"CREATE (a)-[r:{quoted(rel)}]->(b) SET r = stored, r += properties(s) "
                f"REMOVE {removed} "
                f"WITH r, olds UNWIND CASE size(olds) WHEN 0 THEN [null] ELSE olds END AS o "
                f"DELETE o "
                f"RETURN count(DISTINCT r) AS written",
                {"run": run, "type": rel, "source_label": source_label,
                 "target_label": target_label}, len(rows), rel))
    # The run's staging nodes are deleted after the switch commits (cleanup_statements):
    # they are invisible to netan either way, and deleting a million of them inside the
    # switch took it over its memory limit at national scale (benchmarks/RESULTS.md).
    return statements + extra


def cleanup_statements(run: str | None, batch_size: int = DEFAULT_BATCH_SIZE) -> list[Statement]:
    """Delete a run's staging area (``run`` None: every run's), ``batch_size`` nodes a go.

    Each statement returns how many nodes it deleted; repeat it until that is 0.
    """
    where = f" WHERE s.{RUN} = $run" if run is not None else ""
    params: dict[str, Any] = {"batch": batch_size} | ({"run": run} if run is not None else {})
    return [Statement(f"MATCH (s:{quoted(name)}){where} WITH s LIMIT $batch "
                      f"DETACH DELETE s RETURN count(*) AS written", params)
            for name in (STAGED_REL, STAGING)]


def statements_for_import(data: GraphData, mode: ImportMode = "replace",
                          batch_size: int = DEFAULT_BATCH_SIZE,
                          run: str = "run") -> Iterator[Statement]:
    """Every statement an import sends, in order (schema, staging, switch, cleanup)."""
    for cypher in [*schema_statements(), AWAIT_INDEXES]:
        yield Statement(cypher)
    yield from staging_statements(data, mode, run, batch_size)
    yield from switch_statements(data, mode, run)
    yield from cleanup_statements(None, batch_size)


def count_statements() -> dict[tuple[str, str], list[str]]:
    """``{("nodes", label) | ("relationships", type): [cypher, ...]}``; sum each list's counts.

    Relationships are counted per allowed endpoint pair, between schema labels
    only, so staged relationships of a running import are never counted.
    """
    out = {("nodes", label): [f"MATCH (n:{quoted(label)}) RETURN count(n) AS n"]
           for label in NODE_LABELS}
    for rel, rel_type in REL_TYPES.items():
        out[("relationships", rel)] = [
            f"MATCH (:{quoted(a)})-[r:{quoted(rel)}]->(:{quoted(b)}) RETURN count(r) AS n"
            for a, b in rel_type.endpoints]
    return out


def read_node_statement(label: str) -> str:
    """Every live node of ``label``: its schema properties, in schema order.

    In no particular order: :func:`netan.graphdb.graph_data.to_networkx` puts the
    rows in the read order every store shares (Neo4j's ids are not import order).
    """
    columns = ", ".join(f"n.{quoted(p)} AS {quoted(p)}" for p in NODE_LABELS[label].property_names)
    return f"MATCH (n:{quoted(label)}) RETURN {columns}"


def read_relationship_statements(rel: str) -> list[tuple[str, str, str]]:
    """``(source label, target label, cypher)`` reading every live ``rel`` relationship.

    In no particular order, like the nodes (:func:`read_node_statement`).
    """
    props = REL_TYPES[rel].property_names
    columns = ", ".join(["a.id AS source", "b.id AS target",
                         *(f"r.{quoted(p)} AS {quoted(p)}" for p in props)])
    return [(a, b, f"MATCH (a:{quoted(a)})-[r:{quoted(rel)}]->(b:{quoted(b)}) RETURN {columns}")
            for a, b in REL_TYPES[rel].endpoints]


# ---------------------------------------------------------------------------
# Values and errors
# ---------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A driver value as plain Python, shaped like the embedded store's results."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        labels = [label for label in NODE_LABELS if label in value.labels] or sorted(value.labels)
        return {"_label": labels[0] if labels else None,
                **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def first_line(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return str(message).strip().splitlines()[0]


def _query_error(error: BaseException) -> QueryError:
    message = getattr(error, "message", None) or str(error)
    found = _POSITION.search(str(message))
    return QueryError(first_line(error), int(found.group(1)) if found else None)


@dataclass(frozen=True)
class Settings:
    """Where and as whom to connect; ``password`` is never shown."""

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None = None

    @classmethod
    def from_environment(cls, uri: str | None = None,
                         environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        where = uri or env.get("NEO4J_URI")
        if not where:
            raise StoreError("no Neo4j URI: pass --db neo4j://host:7687 or set NEO4J_URI")
        return cls(where, env.get("NEO4J_USERNAME") or DEFAULT_USER,
                   env.get("NEO4J_PASSWORD", ""), env.get("NEO4J_DATABASE") or None)


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------


class Neo4jStore:
    """A :class:`netan.graphdb.store.GraphStore` on a Neo4j 5 database."""

    def __init__(self, location: str | None = None, *, user: str | None = None,
                 password: str | None = None, database: str | None = None,
                 batch_size: int = DEFAULT_BATCH_SIZE, read_only: bool = False,
                 sector_labels: bool = True,
                 connection_timeout: float = 10.0, retry_time: float = 30.0) -> None:
        import neo4j

        settings = Settings.from_environment(location)
        self.location = settings.uri
        self.user = user or settings.user
        self.database = database or settings.database
        self.batch_size = batch_size
        self.read_only = read_only
        self.sector_labels = sector_labels
        secret = settings.password if password is None else password
        try:
            self._driver = neo4j.GraphDatabase.driver(
                self.location, auth=(self.user, secret),
                connection_timeout=connection_timeout, max_transaction_retry_time=retry_time)
            self._driver.verify_connectivity()
        except Exception as error:  # driver errors: one clear line, never the password
            with contextlib.suppress(Exception):
                self._driver.close()
            raise StoreError(self._connect_message(error, secret)) from None

    def __repr__(self) -> str:
        return (f"Neo4jStore(location={self.location!r}, user={self.user!r}, "
                f"database={self.database!r})")

    def _connect_message(self, error: BaseException, secret: str) -> str:
        import neo4j.exceptions as ne

        if isinstance(error, ne.AuthError):
            reason = f"authentication failed for user {self.user!r} (check NEO4J_PASSWORD)"
        elif isinstance(error, ne.ServiceUnavailable):
            reason = "the server cannot be reached (is it running? is the URI right?)"
        else:
            reason = first_line(error)
        text = f"cannot connect to Neo4j at {self.location}: {reason}"
        return text.replace(secret, "***") if secret else text

    # -- running statements ---------------------------------------------

    def _session(self) -> Any:
        return self._driver.session(database=self.database)

    def _wrap(self, error: Exception, what: str) -> StoreError:
        import neo4j.exceptions as ne

        if isinstance(error, StoreError):
            return error
        if isinstance(error, ne.ServiceUnavailable | ne.SessionExpired):
            return StoreError(f"{what}: lost the connection to Neo4j at {self.location}")
        if isinstance(error, ne.IncompleteCommit):
            return StoreError(f"{what}: the connection dropped while committing; "
                              "run the import again")
        return StoreError(f"{what}: {first_line(error)}")

    def _write(self, statements: Iterable[Statement]) -> None:
        """Run ``statements`` in one write transaction, checking each one's ``expect``."""
        chosen = list(statements)

        def work(tx: Any) -> None:
            for statement in chosen:
                record = tx.run(statement.cypher, statement.params).single()
                if statement.expect is not None:
                    written = record["written"] if record is not None else 0
                    if written != statement.expect:
                        raise StoreError(_shortfall(statement, written))

        with self._session() as session:
            session.execute_write(work)

    def _drain(self, statement: Statement) -> None:
        """Repeat a deleting statement until it deletes nothing."""
        def work(tx: Any) -> int:
            record = tx.run(statement.cypher, statement.params).single()
            return int(record["written"]) if record is not None else 0

        with self._session() as session:
            while session.execute_write(work):
                pass

    # -- the GraphStore API ---------------------------------------------

    def write_import(self, data: GraphData, mode: ImportMode = "replace",
                     progress: Progress | None = None) -> WriteSummary:
        """Write a validated import all or nothing (see the module docstring)."""
        if self.read_only:
            raise ReadOnlyError(f"the store {self.location} was opened read-only")
        if mode not in ("replace", "append"):
            raise ValueError(f"unknown import mode {mode!r}")
        check_graph(data)
        run = uuid.uuid4().hex
        try:
            with self._session() as session:
                for cypher in schema_statements():
                    session.run(cypher).consume()
                session.run(AWAIT_INDEXES).consume()
        except Exception as error:
            raise self._wrap(error, "the import could not start") from None
        total = staging_batches(data, mode, self.batch_size) + 1
        try:  # one batch of rows in memory at a time
            staged = staging_statements(data, mode, run, self.batch_size)
            for done, statement in enumerate(staged, start=1):
                self._write([statement])
                if progress:
                    progress(statement.step, done, total)
            self._write(switch_statements(data, mode, run, self.sector_labels))
            if progress:
                progress("switch", total, total)
            # Live now. Delete what is still staged (an append's merged copies, a killed
            # run's leftovers) only after: not in the switch, whose memory it would
            # crowd, and not before staging, whose nodes would take the freed ids.
            self._remove_run(None)
        except BaseException as error:  # Ctrl-C too: remove what the run staged
            self._remove_run(run)
            if not isinstance(error, Exception):
                raise
            raise self._wrap(error, "the import was not written") from None
        counted = self.counts()
        return WriteSummary(counted["nodes"], counted["relationships"], mode)

    def _remove_run(self, run: str | None) -> None:
        """Delete ``run``'s staging nodes (None: every run's), best effort."""
        with contextlib.suppress(Exception):  # best effort: the next import removes leftovers
            for statement in cleanup_statements(run, self.batch_size):
                self._drain(statement)

    def query(self, cypher: str, params: dict[str, Any] | None = None,
              write: bool = False) -> QueryResult:
        """Run Cypher with parameters in a read transaction (write: a write transaction).

        Nodes come back as dicts of their properties with ``_label``,
        relationships with ``_type``, paths as ``{"nodes", "relationships"}``,
        temporal values as ISO strings (as on the embedded store).
        """
        import neo4j.exceptions as ne

        if not write:
            found = write_clauses(cypher)
            if found:
                raise ReadOnlyError(
                    f"`netan query` is read-only: this query has {', '.join(found)}; "
                    "pass --write to allow it")
        elif self.read_only:
            raise ReadOnlyError(f"the store {self.location} was opened read-only")

        def work(tx: Any) -> QueryResult:
            result = tx.run(cypher, params or {})
            columns = list(result.keys())
            return QueryResult(columns, [[plain(v) for v in record.values()]
                                         for record in result])

        try:
            with self._session() as session:
                run = session.execute_write if write else session.execute_read
                return run(work)
        except (ne.ClientError, ne.DatabaseError) as error:
            raise _query_error(error) from None
        except Exception as error:
            raise self._wrap(error, "the query failed") from None

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` (zero counts included)."""
        out: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}

        def work(tx: Any) -> None:
            for (kind, name), statements in count_statements().items():
                out[kind][name] = sum(int(tx.run(c).single()["n"]) for c in statements)

        try:
            with self._session() as session:
                session.execute_read(work)
        except Exception as error:
            raise self._wrap(error, "cannot count the graph") from None
        return out

    def read_data(self, layers: Iterable[str] | None = None) -> GraphData:
        """The stored graph as :class:`GraphData` (every node; the types of ``layers``).

        In the read order (:func:`netan.graphdb.graph_data.in_read_order`), as the
        embedded store's ``read_data``.
        """
        return graph_data.in_read_order(self._read_raw(graph_data.layer_types(layers)))

    def _read_raw(self, types: Iterable[str]) -> GraphData:
        """Every node and the relationships of ``types``, in the order Neo4j returns them."""
        types = tuple(types)

        def work(tx: Any) -> GraphData:
            data = GraphData()  # built afresh if the driver retries
            for label, spec in NODE_LABELS.items():
                rows = [record.values() for record in tx.run(read_node_statement(label))]
                data.nodes[label] = graph_data.frame_of_rows(rows, spec.properties)
            for rel in types:
                spec = REL_TYPES[rel]
                frames = []
                for a, b, cypher in read_relationship_statements(rel):
                    rows = [[record["source"], a, record["target"], b,
                             *(record[p] for p in spec.property_names)]
                            for record in tx.run(cypher)]
                    frames.append(graph_data.frame_of_rows(rows, spec.properties,
                                                           graph_data.ENDPOINT_COLUMNS))
                filled = [frame for frame in frames if len(frame)]
                data.relationships[rel] = (pd.concat(filled, ignore_index=True) if filled
                                           else graph_data.empty_relationships(rel))
            return data

        try:
            with self._session() as session:
                return session.execute_read(work)
        except Exception as error:
            raise self._wrap(error, "cannot read the graph") from None

    def to_networkx(self, layers: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The graph (or the relationship layers named) as a MultiDiGraph.

        The same output as :func:`netan.graphdb.graph_data.to_networkx` on the
        imported data, nodes and edges in the read order whatever order Neo4j
        returned them in.
        """
        return graph_data.to_networkx(self._read_raw(graph_data.layer_types(layers)), layers)

    def clear(self) -> None:
        """Remove every node and relationship netan wrote (atomically: an empty replace)."""
        self.write_import(GraphData(), "replace")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _shortfall(statement: Statement, written: int) -> str:
    if statement.cypher.startswith("MATCH (s:") and statement.expect == 0:
        return (f"{statement.step}: an id in this import is already used by another label; "
                "ids must be unique")
    return (f"{statement.step}: {statement.expect} rows given but {written} could be written "
            "(an endpoint is missing?)")
