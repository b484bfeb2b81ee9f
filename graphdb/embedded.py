"""The embedded graph store: LadybugDB (the maintained fork of Kuzu) in one file.

The store is the file at ``location`` (``netan.db``); LadybugDB keeps a
``<location>.wal`` beside it while writing. Tables come from
:mod:`netan.graphdb.schema` only: one node table per label (primary key ``id``)
and one relationship table per type with all its endpoint pairs. Dates are
stored as ISO ``YYYY-MM-DD`` strings, ``attributes`` as a JSON string.

An import is all or nothing, also when the process is killed: it builds a
complete new database at ``<location>.staging`` and swaps it in with one
``os.replace``. Until that rename the old file is untouched. Writers take an
exclusive ``flock`` on ``<location>.lock`` (the kernel drops it when a process
dies, so a killed import leaves nothing to clean up but a staging file, which
the next import removes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import fcntl
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import ladybug
import networkx as nx
import numpy as np
import pandas as pd

from netan.graphdb import graph_data
from netan.graphdb.dialect import DialectError, to_embedded, write_clauses
from netan.graphdb.graph_data import GraphData
from netan.graphdb.schema import KEY, NODE_LABELS, REL_TYPES, Property
from netan.graphdb.store import (
    ImportMode,
    Progress,
    QueryError,
    QueryResult,
    ReadOnlyError,
    StoreError,
    WriteSummary,
)

#: Schema property types as LadybugDB column types (dates as ISO strings).
COLUMN_TYPES: dict[str, str] = {
    "string": "STRING", "int": "INT64", "float": "DOUBLE", "date": "STRING", "bool": "BOOLEAN",
}

_LOCK_PID = re.compile(r"Lock is held by PID (\d+)")
_POSITION = re.compile(r"line:\s*(\d+),\s*offset:\s*(\d+)")


def quoted(name: str) -> str:
    """A schema label or type as a Cypher identifier (``Group`` is a reserved word)."""
    return f"`{name}`"


def schema_statements() -> list[str]:
    """The DDL creating one node table per label and one rel table per type."""
    statements = []
    for label in NODE_LABELS.values():
        columns = [f"{quoted(p.name)} {COLUMN_TYPES[p.type]}" for p in label.properties]
        statements.append(f"CREATE NODE TABLE {quoted(label.name)}"
                          f"({', '.join(columns)}, PRIMARY KEY ({quoted(label.key)}))")
    for rel in REL_TYPES.values():
        pairs = [f"FROM {quoted(a)} TO {quoted(b)}" for a, b in rel.endpoints]
        columns = [f"{quoted(p.name)} {COLUMN_TYPES[p.type]}" for p in rel.properties]
        statements.append(f"CREATE REL TABLE {quoted(rel.name)}({', '.join(pairs + columns)})")
    return statements


# ---------------------------------------------------------------------------
# Frames in and out of the database
# ---------------------------------------------------------------------------


def _column_for_copy(column: pd.Series, kind: str) -> pd.Series:
    """A column LadybugDB's pandas scan reads: objects with None, or float64 with NaN."""
    if kind == "float":
        return pd.to_numeric(column, errors="raise").astype("float64")
    return pd.Series(graph_data.python_values(column), index=column.index, dtype=object)


def _copy_frame(frame: pd.DataFrame, columns: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """``frame``'s ``columns`` (name, schema type), in order, ready for ``COPY``."""
    return pd.DataFrame({name: _column_for_copy(frame[name], kind) for name, kind in columns})


def _canonical_column(column: pd.Series, kind: str) -> pd.Series:
    """A column read from the database in :mod:`graph_data`'s canonical form."""
    if kind == "int":
        return pd.to_numeric(column).astype("Int64")
    if kind == "float":
        return pd.to_numeric(column).astype("float64")
    return pd.Series(graph_data.python_values(column), index=column.index, dtype=object)


def plain(value: Any) -> Any:
    """A LadybugDB result value as plain Python (nodes and rels as dicts of properties)."""
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            return {"nodes": [plain(n) for n in value["_NODES"]],
                    "relationships": [plain(r) for r in value["_RELS"]]}
        if "_LABEL" in value and "_ID" in value:
            props = {k: plain(v) for k, v in value.items()
                     if not k.startswith("_") and v is not None}
            key = "_type" if "_SRC" in value else "_label"
            return {key: value["_LABEL"], **props}
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _query_error(error: Exception) -> QueryError:
    """The engine's complaint as a QueryError: first line, 1-based column if given."""
    text = str(error).strip()
    first = text.splitlines()[0] if text else type(error).__name__
    found = _POSITION.search(text)
    position = int(found.group(2)) + 1 if found else None
    return QueryError(first, position)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


# ---------------------------------------------------------------------------
# Reading and writing one open database
# ---------------------------------------------------------------------------


def _execute(conn: ladybug.Connection, cypher: str,
             params: dict[str, Any] | None = None) -> Any:
    try:
        return conn.execute(cypher, params or {})
    except RuntimeError as error:
        raise _query_error(error) from error


def _count(conn: ladybug.Connection, cypher: str) -> int:
    return int(_execute(conn, cypher).get_next()[0])


def stored_tables(conn: ladybug.Connection) -> dict[str, set[str]]:
    """The database's tables and each one's columns.

    A store written by an earlier netan may lack a label, type or property the
    schema has since gained (``SUCCEEDED_BY``, ``start_date``): readers take a
    missing table as empty and a missing column as blank, and the next import
    writes the whole schema.
    """
    names = _execute(conn, "CALL show_tables() RETURN name").get_as_df()["name"].tolist()
    return {name: set(_execute(conn, f"CALL table_info({quoted_string(name)}) RETURN name")
                      .get_as_df()["name"].tolist())
            for name in names if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name)}


def _read_column(variable: str, name: str, stored: set[str]) -> str:
    """``n.`name``` when the table has the column, else a blank of that name."""
    return f"{variable}.{quoted(name)}" if name in stored else f"NULL AS {quoted(name)}"


def count_graph(conn: ladybug.Connection) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type in the open database (zeros included)."""
    tables = stored_tables(conn)
    return {
        "nodes": {label: _count(conn, f"MATCH (n:{quoted(label)}) RETURN count(n)")
                  if label in tables else 0 for label in NODE_LABELS},
        "relationships": {rel: _count(conn, f"MATCH ()-[r:{quoted(rel)}]->() RETURN count(r)")
                          if rel in tables else 0 for rel in REL_TYPES},
    }


def _in_stored_order(frame: pd.DataFrame, offsets: np.ndarray) -> pd.DataFrame:
    """``frame``'s rows sorted by ``offsets`` (the engine's internal row offsets)."""
    if len(offsets) < 2 or bool((offsets[1:] > offsets[:-1]).all()):
        return frame
    return frame.take(np.argsort(offsets, kind="stable")).reset_index(drop=True)


def read_nodes(conn: ladybug.Connection, label: str,
               stored: set[str] | None = None) -> pd.DataFrame:
    """Every node of ``label`` as a canonical :class:`GraphData` node frame.

    Rows are in the order the nodes were stored (imported): the engine's
    parallel scan may return them in another order, so they are sorted by
    their internal offset (see :func:`read_relationships`).
    """
    props = NODE_LABELS[label].properties
    stored = stored if stored is not None else stored_tables(conn).get(label)
    if stored is None:
        return graph_data.empty_nodes(label)
    columns = ", ".join([*(_read_column("n", p.name, stored) for p in props),
                         "offset(id(n)) AS stored"])
    raw = _execute(conn, f"MATCH (n:{quoted(label)}) RETURN {columns}").get_as_df()
    offsets = raw.pop("stored").to_numpy()
    raw.columns = [p.name for p in props]
    frame = pd.DataFrame({p.name: _canonical_column(raw[p.name], p.type) for p in props})
    return _in_stored_order(frame, offsets)


def read_relationships(conn: ladybug.Connection, rel: str,
                       stored: set[str] | None = None) -> pd.DataFrame:
    """Every relationship of type ``rel`` as a canonical :class:`GraphData` frame.

    Rows come per endpoint pair (in schema order), each pair's rows in the
    order they were stored, which is the order they were imported: the engine
    scans in parallel and returns rows in a varying order, so they are sorted
    by their internal offset here (the graph, and every analysis's row order,
    is then the same on every read).
    """
    props = REL_TYPES[rel].properties
    stored = stored if stored is not None else stored_tables(conn).get(rel)
    if stored is None:
        return graph_data.empty_relationships(rel)
    columns = ", ".join(["a.id", "b.id", *(_read_column("r", p.name, stored) for p in props),
                         "offset(id(r)) AS stored"])
    parts = []
    for source_label, target_label in REL_TYPES[rel].endpoints:
        cypher = (f"MATCH (a:{quoted(source_label)})-[r:{quoted(rel)}]->"
                  f"(b:{quoted(target_label)}) RETURN {columns}")
        raw = _execute(conn, cypher).get_as_df()
        offsets = raw.pop("stored").to_numpy()
        raw.columns = ["source", "target", *(p.name for p in props)]
        frame = {"source": _canonical_column(raw["source"], "string"),
                 "source_label": pd.Series(source_label, index=raw.index, dtype=object),
                 "target": _canonical_column(raw["target"], "string"),
                 "target_label": pd.Series(target_label, index=raw.index, dtype=object)}
        frame.update({p.name: _canonical_column(raw[p.name], p.type) for p in props})
        parts.append(_in_stored_order(pd.DataFrame(frame), offsets))
    filled = [part for part in parts if len(part)]
    if not filled:
        return parts[0]
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0]


def read_graph(conn: ladybug.Connection, rel_types: Iterable[str] | None = None) -> GraphData:
    """The open database as :class:`GraphData` (every label; ``rel_types`` or all types)."""
    tables = stored_tables(conn)
    return GraphData(
        nodes={label: read_nodes(conn, label, tables.get(label)) if label in tables
               else graph_data.empty_nodes(label) for label in NODE_LABELS},
        relationships={rel: read_relationships(conn, rel, tables.get(rel)) if rel in tables
                       else graph_data.empty_relationships(rel)
                       for rel in (REL_TYPES if rel_types is None else rel_types)},
    )


def _check_ids(data: GraphData) -> None:
    """Raise StoreError when an id is missing or used twice (ids are unique across labels)."""
    frames = [frame[[KEY]].assign(label=label) for label, frame in data.nodes.items() if len(frame)]
    if not frames:
        return
    ids = pd.concat(frames, ignore_index=True)
    if ids[KEY].isna().any():
        raise StoreError("a node has no id")
    twice = ids[ids[KEY].duplicated(keep=False)]
    if len(twice):
        first = twice.iloc[0][KEY]
        labels = " and ".join(sorted(set(twice.loc[twice[KEY] == first, "label"])))
        raise StoreError(f"the id {first!r} is used twice ({labels}); ids must be unique")


#: Frames up to this many rows go in with ``LOAD FROM ... CREATE`` (COPY has a large
#: fixed cost per statement); bigger frames with ``COPY`` (fast per row).
COPY_THRESHOLD = 5_000


def load_graph(conn: ladybug.Connection, data: GraphData,
               progress: Progress | None = None) -> dict[str, dict[str, int]]:
    """Create the schema in an empty database and bulk-load every frame of ``data``.

    Returns :func:`count_graph` of the loaded database. Raises StoreError when a
    relationship's endpoint labels are not allowed for its type, or when fewer
    rows arrived than were given (a missing endpoint).
    """
    data.check_columns()
    _check_ids(data)
    for statement in schema_statements():
        _execute(conn, statement)
    labels = [label for label in NODE_LABELS if label in data.nodes]
    rels = [rel for rel in REL_TYPES if rel in data.relationships]
    total, done = len(labels) + len(rels), 0
    for label in labels:
        _load_nodes(conn, label, data.nodes[label])
        done += 1
        if progress:
            progress(label, done, total)
    for rel in rels:
        _load_relationships(conn, rel, data.relationships[rel])
        done += 1
        if progress:
            progress(rel, done, total)
    counted = count_graph(conn)
    for kind, given in (("nodes", data.nodes), ("relationships", data.relationships)):
        for name, frame in given.items():
            if counted[kind][name] != len(frame):
                raise StoreError(f"{len(frame)} {name} given but {counted[kind][name]} "
                                 "could be written (an endpoint is missing?)")
    return counted


def _assignments(props: Iterable[Property]) -> str:
    """``{name: CAST(name AS TYPE), ...}`` for ``LOAD FROM`` (the scan guesses column types)."""
    return ", ".join(f"{quoted(p.name)}: CAST({quoted(p.name)} AS {COLUMN_TYPES[p.type]})"
                     for p in props)


def _load_nodes(conn: ladybug.Connection, label: str, rows: pd.DataFrame) -> None:
    props = NODE_LABELS[label].properties
    frame = _copy_frame(rows, [(p.name, p.type) for p in props])
    if not len(frame):
        return
    if len(frame) > COPY_THRESHOLD:
        conn.execute(f"COPY {quoted(label)} FROM $frame", {"frame": frame})
    else:
        conn.execute(f"LOAD FROM $frame CREATE (:{quoted(label)} {{{_assignments(props)}}})",
                     {"frame": frame})


def _load_relationships(conn: ladybug.Connection, rel: str, rows: pd.DataFrame) -> None:
    rel_type = REL_TYPES[rel]
    pairs = rows[["source_label", "target_label"]].drop_duplicates().itertuples(index=False)
    for source_label, target_label in pairs:
        if not rel_type.allows(source_label, target_label):
            raise StoreError(f"{rel} cannot go from {source_label} to {target_label}")
    columns = [("source", "string"), ("target", "string"),
               *((p.name, p.type) for p in rel_type.properties)]
    for source_label, target_label in rel_type.endpoints:
        chosen = rows[(rows["source_label"] == source_label)
                      & (rows["target_label"] == target_label)]
        if not len(chosen):
            continue
        frame = _copy_frame(chosen, columns).rename(columns={"source": "from", "target": "to"})
        if len(frame) > COPY_THRESHOLD:
            conn.execute(f"COPY {quoted(rel)} FROM $frame (from={quoted_string(source_label)}, "
                         f"to={quoted_string(target_label)})", {"frame": frame})
        else:
            props = _assignments(rel_type.properties)
            conn.execute(f"LOAD FROM $frame "
                         f"MATCH (a:{quoted(source_label)} {{id: `from`}}) "
                         f"MATCH (b:{quoted(target_label)} {{id: `to`}}) "
                         f"CREATE (a)-[:{quoted(rel)} {{{props}}}]->(b)", {"frame": frame})


def quoted_string(name: str) -> str:
    """A schema name as a Cypher string literal (names are plain identifiers)."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not a schema name: {name!r}")
    return f"'{name}'"


# ---------------------------------------------------------------------------
# Append: the existing graph with the new rows merged in by key
# ---------------------------------------------------------------------------


def _keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One string per row identifying it by ``columns`` (missing values equal each other)."""
    parts = [pd.Series(["\x00" if v is None else repr(v) for v in
                        graph_data.python_values(frame[c])], index=frame.index, dtype=object)
             for c in columns]
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    return key


def _upsert(old: pd.DataFrame, new: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``old`` rows not keyed in ``new``, then ``new`` (last row per key wins)."""
    if not len(new):
        return old
    new_keys = _keys(new, columns)
    new = new[~new_keys.duplicated(keep="last")]
    kept = old[~_keys(old, columns).isin(set(new_keys))] if len(old) else old
    parts = [frame for frame in (kept, new) if len(frame)]
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(
        drop=True)


def merge_graphs(old: GraphData, new: GraphData) -> GraphData:
    """``old`` updated by ``new``: nodes by id, relationships by endpoints and identity.

    This is MERGE-then-SET semantics: a node whose id is already stored takes
    every property of the new row; a relationship with the same source, target
    and identity properties (``REL_TYPES[t].identity``) takes the new row's
    properties; anything else is added. Writing the same data twice changes nothing.
    """
    nodes = {}
    for label in NODE_LABELS:
        frames = [f for f in (old.nodes.get(label), new.nodes.get(label)) if f is not None]
        nodes[label] = _upsert(frames[0], frames[-1], [KEY]) if len(frames) == 2 else (
            frames[0] if frames else graph_data.empty_nodes(label))
    rels = {}
    for rel, rel_type in REL_TYPES.items():
        frames = [f for f in (old.relationships.get(rel), new.relationships.get(rel))
                  if f is not None]
        key = ["source", "target", *rel_type.identity]
        rels[rel] = _upsert(frames[0], frames[-1], key) if len(frames) == 2 else (
            frames[0] if frames else graph_data.empty_relationships(rel))
    return GraphData(nodes=nodes, relationships=rels)


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------


class EmbeddedStore:
    """A :class:`netan.graphdb.store.GraphStore` on a LadybugDB file."""

    def __init__(self, location: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.location = os.fspath(location)
        self.read_only = read_only
        self._path = Path(self.location)
        self._db: ladybug.Database | None = None
        self._conn: ladybug.Connection | None = None
        self._writable = False
        self._lock: int | None = None

    # -- files and locks -------------------------------------------------

    @property
    def staging_path(self) -> Path:
        return self._path.with_name(self._path.name + ".staging")

    @property
    def lock_path(self) -> Path:
        return self._path.with_name(self._path.name + ".lock")

    def _wal(self, path: Path) -> Path:
        return path.with_name(path.name + ".wal")

    def _in_use(self, pid: str | int | None) -> StoreError:
        who = f" (PID {pid})" if pid else ""
        return StoreError(f"the store {self.location} is in use by another netan process{who}; "
                          "wait for it to finish")

    def _take_lock(self) -> None:
        """Hold the writers' lock on ``<location>.lock`` (StoreError if another holds it)."""
        if self._lock is not None:
            return
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            raise self._in_use(holder if holder.isdigit() else None) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock = fd

    def _release_lock(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._lock, 0)
            os.close(self._lock)  # closing the only descriptor releases the flock
            self._lock = None

    def _open_database(self, path: Path, *, read_only: bool) -> ladybug.Database:
        try:
            return ladybug.Database(str(path), read_only=read_only)
        except RuntimeError as error:
            text = str(error)
            held = _LOCK_PID.search(text)
            if held or "Could not set lock" in text:
                raise self._in_use(held.group(1) if held else None) from error
            raise StoreError(f"cannot open the store {path}: {text.splitlines()[0]}") from error

    def _connection(self, write: bool) -> ladybug.Connection:
        """An open connection: read-only unless ``write`` (writes take the writers' lock)."""
        if self._conn is not None and (self._writable or not write):
            return self._conn
        self.close()
        if not self._path.exists():
            raise StoreError(f"no store at {self.location}: run `netan import` first")
        if write:
            if self.read_only:
                raise ReadOnlyError(f"the store {self.location} was opened read-only")
            self._take_lock()
        try:
            self._db = self._open_database(self._path, read_only=not write)
            self._conn = ladybug.Connection(self._db)
        except BaseException:
            self.close()
            raise
        self._writable = write
        return self._conn

    # -- the GraphStore API ---------------------------------------------

    def query(self, cypher: str, params: dict[str, Any] | None = None,
              write: bool = False) -> QueryResult:
        """Run Cypher with parameters; refuse write clauses unless ``write``.

        The query is translated from Neo4j spellings by
        :func:`netan.graphdb.dialect.to_embedded`. Nodes come back as dicts of
        their properties with ``_label``, relationships with ``_type``, paths as
        ``{"nodes": [...], "relationships": [...]}``, dates as ISO strings.
        """
        if not write:
            found = write_clauses(cypher)
            if found:
                raise ReadOnlyError(
                    f"`netan query` is read-only: this query has {', '.join(found)}; "
                    "pass --write to allow it")
        try:
            translated = to_embedded(cypher)
        except DialectError as problem:
            raise QueryError(f"error in the query: {problem}") from None
        conn = self._connection(write=write)
        result = _execute(conn, translated, params)
        columns = list(result.get_column_names())
        rows = []
        while result.has_next():
            rows.append([plain(v) for v in result.get_next()])
        return QueryResult(columns, rows)

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` (zero counts included)."""
        return count_graph(self._connection(write=False))

    def read_data(self, layers: Iterable[str] | None = None) -> GraphData:
        """The stored graph as :class:`GraphData` (every node; the types of ``layers``)."""
        return read_graph(self._connection(write=False), graph_data.layer_types(layers))

    def to_networkx(self, layers: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The graph (or the relationship layers named) as a MultiDiGraph.

        Same output as :func:`netan.graphdb.graph_data.to_networkx` on the data
        that was imported: nodes keyed by id with ``label`` and their non-null
        properties, edges with ``type`` and theirs, ``attributes`` expanded.
        """
        return graph_data.to_networkx(self.read_data(layers), layers)

    def clear(self) -> None:
        """Remove every node and relationship (atomically: an empty import)."""
        self.write_import(GraphData(), "replace")

    def write_import(self, data: GraphData, mode: ImportMode = "replace",
                     progress: Progress | None = None) -> WriteSummary:
        """Write a validated import atomically: all of it, or (on any error or kill) nothing.

        ``replace`` builds a fresh database from ``data``; ``append`` builds one
        from the stored graph merged with ``data`` (:func:`merge_graphs`). Either
        is built at ``<location>.staging`` and renamed over the store.
        ``progress(step, done, total)`` is called after each table.
        """
        if self.read_only:
            raise ReadOnlyError(f"the store {self.location} was opened read-only")
        if mode not in ("replace", "append"):
            raise ValueError(f"unknown import mode {mode!r}")
        self.close()
        self._take_lock()
        staging = self.staging_path
        try:
            for leftover in (staging, self._wal(staging)):
                _remove(leftover)
            if self._path.exists():
                old = self._settle_existing(read=mode == "append")
                if old is not None:
                    data = merge_graphs(old, data)
            self._path.parent.mkdir(parents=True, exist_ok=True)
            try:
                summary = self._build(staging, data, mode, progress)
            except BaseException:
                for leftover in (staging, self._wal(staging)):
                    _remove(leftover)
                raise
            _remove(self._wal(self._path))
            os.replace(staging, self._path)
            _fsync(self._path.parent)
            return summary
        finally:
            self._release_lock()

    def _settle_existing(self, read: bool) -> GraphData | None:
        """Checkpoint the existing store (so no WAL of it survives the swap); read it if asked."""
        try:
            db = self._open_database(self._path, read_only=False)
        except StoreError as error:
            if read or "in use" in str(error):
                raise
            _remove(self._wal(self._path))  # replacing an unreadable store: nothing to keep
            return None
        try:
            conn = ladybug.Connection(db)
            old = read_graph(conn) if read else None
            with contextlib.suppress(RuntimeError):
                conn.execute("CHECKPOINT")
            conn.close()
        finally:
            db.close()
        return old

    def _build(self, staging: Path, data: GraphData, mode: ImportMode,
               progress: Progress | None) -> WriteSummary:
        db = self._open_database(staging, read_only=False)
        try:
            conn = ladybug.Connection(db)
            try:
                counted = load_graph(conn, data, progress)
            except RuntimeError as error:
                raise StoreError(f"the import could not be written: "
                                 f"{str(error).splitlines()[0]}") from error
            conn.execute("CHECKPOINT")
            conn.close()
        finally:
            db.close()
        if self._wal(staging).exists():
            raise StoreError(f"the staging store {staging} was not closed cleanly")
        _fsync(staging)
        return WriteSummary(counted["nodes"], counted["relationships"], mode)

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        if self._db is not None:
            with contextlib.suppress(Exception):
                self._db.close()
        self._conn = self._db = None
        self._writable = False
        self._release_lock()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
