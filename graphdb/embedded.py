"""The embedded graph store: LadybugDB (the maintained fork of Kuzu) in one file.

The store is the file at ``location`` (``netan.db``); LadybugDB keeps a
``<location>.wal`` beside it while writing. Tables come from
:mod:`netan.graphdb.schema` only: one node table per label (primary key ``id``)
and one relationship table per type with all its endpoint pairs. Dates are
stored as ISO ``YYYY-MM-DD`` strings, ``attributes`` as a JSON string.

An import is all or nothing, also when the process is killed or the disk fills:
it builds a complete new database in a fresh folder ``<location>.staging-<random>``
and swaps it in with one ``os.replace``, journalled in ``<location>.swap`` (see
:class:`EmbeddedStore`). Until that rename the store is only read (an append reads
the old graph), never written: no checkpoint, no WAL. Writers take an exclusive
``flock`` on ``<location>.lock`` (the kernel drops it when a process dies). A kill
at any point leaves a store that opens as it is: the next reader or import
finishes an interrupted swap, and the next import removes staging folders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import errno
import fcntl
import os
import re
import shutil
import struct
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import ladybug

from netan.graphdb import dialect_functions, gate, graph_data, probe
from netan.graphdb.dialect import (
    DEFAULT_MAX_DEPTH,
    DialectError,
    Translation,
    engine_error,
    translate,
)
from netan.graphdb.graph_data import GraphData
from netan.graphdb.lazy import lazy_module
from netan.graphdb.schema import KEY, NODE_LABELS, REL_TYPES, Property
from netan.graphdb.store import (
    ImportMode,
    Progress,
    QueryError,
    QueryResult,
    ReadOnlyError,
    StoreError,
    UnsupportedQuery,
    WriteSummary,
)
from netan.kernels.collector import collect_now

# Loaded on first use: a query needs none of them (graphdb/lazy.py).
nx = lazy_module("networkx")
np = lazy_module("numpy")
pd = lazy_module("pandas")

_T = TypeVar("_T")

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


def _run_statement(conn: ladybug.Connection, cypher: str, params: dict[str, Any],
                   prefix: str = "") -> Any:
    """Run ``prefix + cypher`` as exactly one statement (prepared: the engine refuses
    two); errors as QueryError with the position in ``cypher``.

    A prepared statement also bypasses the driver's own rewriting of query text
    (its ``LOAD FROM <python variable>`` and ``to_json`` rewrites).
    """
    try:
        conn.init_connection()
        prepared = ladybug.PreparedStatement(conn, prefix + cypher, params)
        if not prepared.is_success():
            raise RuntimeError(prepared.get_error_message())
        return conn.execute(prepared, params)
    except Exception as error:  # RuntimeError from the engine, TypeError/ValueError from
        position = _query_error(error).position  # the driver's conversion of parameters
        if position is not None:
            position = max(1, position - len(prefix))
        raise QueryError(engine_error(str(error) or type(error).__name__), position) from None


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


def read_nodes(conn: ladybug.Connection, label: str,
               stored: set[str] | None = None) -> pd.DataFrame:
    """Every node of ``label`` as a canonical :class:`GraphData` node frame.

    In the order the engine's parallel scan returns them, which varies:
    :func:`netan.graphdb.graph_data.in_read_order` sorts them for every reader.
    """
    props = NODE_LABELS[label].properties
    stored = stored if stored is not None else stored_tables(conn).get(label)
    if stored is None:
        return graph_data.empty_nodes(label)
    columns = ", ".join(_read_column("n", p.name, stored) for p in props)
    raw = _execute(conn, f"MATCH (n:{quoted(label)}) RETURN {columns}").get_as_df()
    raw.columns = [p.name for p in props]
    return pd.DataFrame({p.name: _canonical_column(raw[p.name], p.type) for p in props})


def read_relationships(conn: ladybug.Connection, rel: str,
                       stored: set[str] | None = None) -> pd.DataFrame:
    """Every relationship of type ``rel`` as a canonical :class:`GraphData` frame.

    Rows come per endpoint pair (in schema order), each pair's rows in the
    varying order of the engine's parallel scan (sorted for every reader by
    :func:`netan.graphdb.graph_data.in_read_order`).
    """
    props = REL_TYPES[rel].properties
    stored = stored if stored is not None else stored_tables(conn).get(rel)
    if stored is None:
        return graph_data.empty_relationships(rel)
    columns = ", ".join(["a.id", "b.id", *(_read_column("r", p.name, stored) for p in props)])
    parts = []
    for source_label, target_label in REL_TYPES[rel].endpoints:
        cypher = (f"MATCH (a:{quoted(source_label)})-[r:{quoted(rel)}]->"
                  f"(b:{quoted(target_label)}) RETURN {columns}")
        raw = _execute(conn, cypher).get_as_df()
        raw.columns = ["source", "target", *(p.name for p in props)]
        frame = {"source": _canonical_column(raw["source"], "string"),
                 "source_label": pd.Series(source_label, index=raw.index, dtype=object),
                 "target": _canonical_column(raw["target"], "string"),
                 "target_label": pd.Series(target_label, index=raw.index, dtype=object)}
        frame.update({p.name: _canonical_column(raw[p.name], p.type) for p in props})
        parts.append(pd.DataFrame(frame))
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


def _upsert(old: pd.DataFrame, new: pd.DataFrame, key: list[str],
            given: list[str]) -> pd.DataFrame:
    """``old`` rows not keyed in ``new``, then ``new`` merged onto the old row of its key.

    A new row whose key is stored takes its ``given`` columns from the new row
    where that has a value, and every other column from the stored row (the
    last one of that key); a new key is added as it is. Of rows repeating a key
    in ``new`` the last wins.
    """
    if not len(new):
        return old
    new_keys = _keys(new, key)
    last = ~new_keys.duplicated(keep="last").to_numpy()
    new, new_keys = new[last].reset_index(drop=True), new_keys[last].reset_index(drop=True)
    if not len(old):
        return new
    old_keys = _keys(old, key)
    stored = pd.Series(np.arange(len(old)), index=pd.Index(old_keys.to_numpy(dtype=object)))
    stored = stored[~stored.index.duplicated(keep="last")]
    found = stored.reindex(pd.Index(new_keys.to_numpy(dtype=object))).to_numpy()
    matched = ~np.isnan(found)
    if matched.any():
        previous = old.iloc[np.where(matched, found, 0).astype(np.int64)].reset_index(drop=True)
        for column in new.columns:
            if column in key or column in graph_data.ENDPOINT_COLUMNS:
                continue
            keep = matched if column not in given else matched & new[column].isna().to_numpy()
            if keep.any():
                new[column] = new[column].mask(keep, previous[column])
    kept = old[~old_keys.isin(set(new_keys)).to_numpy()]
    parts = [frame for frame in (kept, new) if len(frame)]
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(
        drop=True)


def merge_graphs(old: GraphData, new: GraphData) -> GraphData:
    """``old`` updated by ``new``: nodes by id, relationships by endpoints and identity.

    A merge, never a wipe: a stored node or relationship takes from the new row
    only the properties the input provided (``new.given``) and only where the new
    row has a value; its other properties stay as stored (``attributes`` counts as
    one property). Anything else is added. Writing the same data twice changes
    nothing.
    """
    nodes = {}
    for label, spec in NODE_LABELS.items():
        frames = [f for f in (old.nodes.get(label), new.nodes.get(label)) if f is not None]
        given = new.given_properties(label, spec.property_names)
        nodes[label] = _upsert(frames[0], frames[-1], [KEY], given) if len(frames) == 2 else (
            frames[0] if frames else graph_data.empty_nodes(label))
    rels = {}
    for rel, rel_type in REL_TYPES.items():
        frames = [f for f in (old.relationships.get(rel), new.relationships.get(rel))
                  if f is not None]
        key = ["source", "target", *rel_type.identity]
        given = new.given_properties(rel, rel_type.property_names)
        rels[rel] = _upsert(frames[0], frames[-1], key, given) if len(frames) == 2 else (
            frames[0] if frames else graph_data.empty_relationships(rel))
    return GraphData(nodes=nodes, relationships=rels)


# ---------------------------------------------------------------------------
# Files beside the store
# ---------------------------------------------------------------------------

#: The engine's own files beside a database file ``<name>``: its write-ahead log,
#: shadow pages, checkpoint markers and locks, temporary files. They belong to the
#: database file they were written for; once another file is swapped in they are stale.
ENGINE_FILES = r"\.(?:wal|shadow|checkpoint|pinned|tmp)(?:\..*)?"
#: What an import leaves while it builds: a ``<name>.staging-<random>`` folder (and,
#: from netan 0.1's imports, ``<name>.staging`` with its engine files).
STAGING_FILES = r"\.staging(?:[-.].*)?"
#: The engine's refusal to open a store read-only while a checkpoint awaits recovery.
RECOVERY_PENDING = "checkpoint recovery is pending"
#: How long a reader waits for another process's swap (a rename and a few deletions).
SWAP_WAIT_SECONDS = 10.0


def files_beside(path: Path, suffixes: str) -> list[Path]:
    """The files and folders next to ``path`` named ``path.name`` + a match of ``suffixes``."""
    pattern = re.compile(re.escape(path.name) + suffixes)
    try:
        return sorted(p for p in path.parent.iterdir() if pattern.fullmatch(p.name))
    except FileNotFoundError:
        return []


def engine_writer(path: Path) -> int | None:
    """The PID of another process that has the database at ``path`` open for writing.

    The engine holds a POSIX write lock on the whole file while it is open
    read-write; ``F_GETLK`` asks who holds it without taking any lock. (Closing
    the probe's descriptor drops this process's own POSIX locks on the file, so
    call it when this process has the file closed.)
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        kind, _, _, _, pid = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, probe))
    finally:
        os.close(fd)
    return pid if kind != fcntl.F_UNLCK else None


def _discard(path: Path) -> None:
    """Remove a file or folder if possible; one that cannot be removed is left (and ignored)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _write_durably(path: Path, text: str) -> None:
    """Write ``path`` all or nothing (a temporary file renamed over it), synced to disk."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise
    _fsync(path.parent)


#: errno values that mean the disk (or the user's share of it) is full.
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_FULL_TEXT = ("No space left on device", "Disk quota exceeded", "File too large")


#: Below this much free space a failed write is put down to a full disk: the engine does
#: not always say so (a write that found no room can surface as a failed read).
FULL_MARGIN = 1 << 20


def disk_full(error: BaseException, folder: Path | None = None) -> bool:
    """True when ``error`` says the disk is full, or ``folder``'s disk has (almost) no room."""
    if isinstance(error, OSError) and error.errno in _FULL:
        return True
    if any(text in str(error) for text in _FULL_TEXT):
        return True
    if folder is None:
        return False
    try:
        free = os.statvfs(folder)
    except OSError:
        return False
    return free.f_bavail * free.f_frsize < FULL_MARGIN


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------


class EmbeddedStore:
    """A :class:`netan.graphdb.store.GraphStore` on a LadybugDB file.

    How an import replaces the file without ever writing to it (see the module
    docstring): the new database is built and checkpointed in a fresh folder
    ``<location>.staging-<random>``; a journal ``<location>.swap`` naming that
    folder is written and synced; the new file is renamed over ``<location>``;
    the old file's engine files (``<location>.wal`` ...) are deleted; the journal
    is deleted. Whoever opens the store next (a reader or the next import) and
    finds a journal finishes the swap: if the new file is still in its folder the
    rename never happened and the old store stands; otherwise the new store
    stands and the old engine files are deleted. Staging folders are removed by
    the next import; every reader ignores them.
    """

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
    def lock_path(self) -> Path:
        return self._path.with_name(self._path.name + ".lock")

    @property
    def journal_path(self) -> Path:
        """The swap journal: present only between the decision to swap and its end."""
        return self._path.with_name(self._path.name + ".swap")

    def leftovers(self) -> list[Path]:
        """Staging folders and swap journals an interrupted import left (none when settled)."""
        journal = [self.journal_path] if self.journal_path.exists() else []
        return files_beside(self._path, STAGING_FILES) + journal

    def _reached(self, step: str) -> None:
        """Called at each step of an import (``read``, ``checkpoint``, ``built``, ``swap``,
        ``swapped``); does nothing. Tests replace it in a child process to kill it there."""

    def _in_use(self, pid: str | int | None) -> StoreError:
        who = f" (PID {pid})" if pid else ""
        return StoreError(f"the store {self.location} is in use by another netan process{who}; "
                          "wait for it to finish")

    def _take_lock(self) -> None:
        """Hold the writers' lock on ``<location>.lock`` (StoreError if another holds it)."""
        if self._lock is not None:
            return
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise StoreError(f"cannot lock the store {self.location} for writing "
                             f"({self.lock_path}: {error.strerror or error})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            raise self._in_use(holder if holder.isdigit() else None) from None
        with contextlib.suppress(OSError):  # the PID is a courtesy (a full disk refuses it)
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
        if path == self._path:
            signal_number = probe.crashes_on_open(path)
            if signal_number is not None:
                raise self._damaged(RuntimeError(
                    f"the database engine crashed opening it (signal {signal_number})"))
        try:
            return ladybug.Database(str(path), read_only=read_only)
        except RuntimeError as error:
            text = str(error)
            held = _LOCK_PID.search(text)
            if held or "Could not set lock" in text:
                raise self._in_use(held.group(1) if held else None) from error
            if path != self._path:
                raise StoreError(f"cannot open the store {path}: {text.splitlines()[0]}") \
                    from error
            raise self._damaged(error) from None
        except Exception as error:  # MemoryError, UnicodeDecodeError ... from a damaged file
            raise self._damaged(error) from None

    def _damaged(self, error: BaseException) -> StoreError:
        """The one line for a store that cannot be read: what failed and how to restore."""
        text = str(error).strip()
        what = text.splitlines()[0] if text else type(error).__name__
        return StoreError(f"the store {self.location} cannot be read and may be damaged "
                          f"({what}); restore it by importing your data again: netan import "
                          f"<your files> --db {self.location} --replace")

    def _reading(self, read: Callable[[ladybug.Connection], _T]) -> _T:
        """``read(connection)``; any failure of netan's own read means a damaged store."""
        try:
            return read(self._connection(write=False))
        except StoreError as error:
            if isinstance(error, QueryError):  # netan's own query failed: not the schema
                raise self._damaged(error) from None
            raise
        except Exception as error:  # MemoryError, UnicodeDecodeError, ... from the engine
            raise self._damaged(error) from None

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
            self._settle()
            try:
                self._db = self._open_database(self._path, read_only=not write)
            except StoreError as error:
                if write or RECOVERY_PENDING not in str(error):
                    raise
                self._recover_checkpoint()
                self._db = self._open_database(self._path, read_only=True)
            self._conn = ladybug.Connection(self._db)
            dialect_functions.register(self._conn)  # Neo4j's functions the dialect calls
        except BaseException:
            self.close()
            raise
        self._writable = write
        return self._conn

    # -- interrupted imports and writes -------------------------------------

    def _settle(self) -> None:
        """Finish a swap a killed import left half done, before the store is opened.

        Anyone may do it who can take the writers' lock; while another process
        holds it, its swap is under way and takes a moment: wait for its journal
        to go.
        """
        if not self.journal_path.exists():
            return
        if self._lock is not None:
            self._finish_swap()
            return
        try:
            self._take_lock()
        except StoreError:
            waited = time.monotonic() + SWAP_WAIT_SECONDS
            while self.journal_path.exists() and time.monotonic() < waited:
                time.sleep(0.05)
            if self.journal_path.exists():
                raise
            return
        try:
            self._finish_swap()
        finally:
            self._release_lock()

    def _finish_swap(self) -> None:
        """With the lock held: settle the swap the journal describes, then delete it."""
        journal = self.journal_path
        try:
            folder = journal.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError):
            folder = ""  # not a journal netan wrote: said so below
        if not re.fullmatch(re.escape(self._path.name) + STAGING_FILES, folder):
            raise StoreError(f"the swap journal {journal} is not netan's; move it away "
                             "and try again")
        if (self._path.parent / folder / self._path.name).exists():
            _remove(journal)  # the rename never happened: the old store stands
        else:
            for stale in files_beside(self._path, ENGINE_FILES):
                _discard(stale)  # the new store stands: the old file's engine files go
            _fsync(self._path.parent)
            _remove(journal)
        _fsync(self._path.parent)

    def _recover_checkpoint(self) -> None:
        """Let the engine finish a checkpoint a killed writer left (it needs write access).

        Only a killed ``netan query --write`` leaves one: imports never write to
        the store they replace.
        """
        self._take_lock()
        try:
            self._open_database(self._path, read_only=False).close()
        finally:
            self._release_lock()

    # -- the GraphStore API ---------------------------------------------

    def query(self, cypher: str, params: dict[str, Any] | None = None,
              write: bool = False) -> QueryResult:
        """Run one Cypher statement with parameters through :mod:`netan.graphdb.gate`.

        Read-only unless ``write`` (then CREATE, MERGE, SET, DELETE and REMOVE too;
        never files, extensions, other databases, transactions or the schema).
        The query is Neo4j Cypher, translated by :func:`netan.graphdb.dialect.translate`
        (or refused with what to write instead). Nodes come back as dicts of
        their properties with ``_label``, relationships with ``_type``, paths as
        ``{"nodes": [...], "relationships": [...]}``, dates as ISO strings.
        """
        text = gate.bounds(cypher)  # before any parser, netan's own included
        gate.check_writes(text, write=write)
        checked = gate.check_params(params)
        translation = self._translate(lambda: self._connection(write=write), text, checked)
        gate.screen(text, write=write)
        translated = gate.screen(translation.cypher, write=write, translated=True)
        conn = self._connection(write=write)
        try:
            if translation.max_depth > DEFAULT_MAX_DEPTH:
                conn.execute(f"CALL var_length_extend_max_depth={int(translation.max_depth)}")
            if translation.single_thread:
                conn.set_max_threads_for_exec(1)
            plan = _run_statement(conn, translated, translation.parameters, prefix="EXPLAIN ")
            gate.check_plan(str(plan.get_next()[0]) if plan.has_next() else "", write=write)
            result = _run_statement(conn, translated, translation.parameters)
            rows = []
            while result.has_next():
                rows.append([plain(v) for v in result.get_next()])
            for row in rows:  # Neo4j's sum() of no floats is the integer 0
                for k in translation.zero_columns:
                    if row[k] is None:
                        row[k] = 0
        except RuntimeError as error:
            raise QueryError(engine_error(str(error))) from None
        finally:
            if translation.single_thread:
                conn.set_max_threads_for_exec(0)
        return QueryResult(translation.columns, rows)

    @staticmethod
    def _translate(connect: Callable[[], ladybug.Connection], cypher: str,
                   params: dict[str, Any]) -> Translation:
        """The query in LadybugDB's dialect (an unbounded ``[*]`` may be as long as a trail)."""
        try:
            translation = translate(cypher, params)
            if translation.unbounded:
                longest = _count(connect(), "MATCH ()-[r]->() RETURN count(r)")
                translation = translate(cypher, params, max_depth=max(longest, 1))
        except DialectError as problem:
            one_line = str(problem).replace("\r", "\\r").replace("\n", "\\n")
            raise UnsupportedQuery(one_line, problem.position) from None
        except RecursionError:  # the gate's bounds keep queries below this; a safety net
            raise gate.GateRefusal("netan query refused this query: it is nested too deeply "
                                   "to translate") from None
        return translation

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` (zero counts included)."""
        return self._reading(count_graph)

    def read_data(self, layers: Iterable[str] | None = None) -> GraphData:
        """The stored graph as :class:`GraphData` (every node; the types of ``layers``).

        In the read order (:func:`netan.graphdb.graph_data.in_read_order`).
        """
        return graph_data.in_read_order(self._read_raw(layers))

    def _read_raw(self, layers: Iterable[str] | None) -> GraphData:
        """The stored graph in the order the engine returns it."""
        types = graph_data.layer_types(layers)
        return self._reading(lambda conn: read_graph(conn, types))

    def to_networkx(self, layers: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The graph (or the relationship layers named) as a MultiDiGraph.

        Same output as :func:`netan.graphdb.graph_data.to_networkx` on the data
        that was imported: nodes keyed by id with ``label`` and their non-null
        properties, edges with ``type`` and theirs, ``attributes`` expanded; nodes
        and edges in the read order.
        """
        tables = self._reading(stored_tables)
        return graph_data.graph_of(  # a frame in memory at a time
            self._frames(read_nodes, NODE_LABELS, tables),
            self._frames(read_relationships, graph_data.layer_types(layers), tables))

    def _frames(self, read: Callable[[ladybug.Connection, str, set[str]], pd.DataFrame],
                names: Iterable[str], tables: dict[str, set[str]]
                ) -> Iterator[tuple[str, pd.DataFrame]]:
        """``(name, frame)`` for each of ``names`` the store has a table of, each frame
        read only when it is wanted."""
        for name in names:
            if name in tables:
                yield name, self._reading(lambda conn, name=name: read(conn, name, tables[name]))

    def clear(self) -> None:
        """Remove every node and relationship (atomically: an empty import)."""
        self.write_import(GraphData(), "replace")

    def write_import(self, data: GraphData, mode: ImportMode = "replace",
                     progress: Progress | None = None) -> WriteSummary:
        """Write a validated import atomically: all of it, or (on any error or kill) nothing.

        ``replace`` builds a fresh database from ``data``; ``append`` builds one
        from the stored graph merged with ``data`` (:func:`merge_graphs`). Either
        is built in a staging folder and renamed over the store (see the class
        docstring); the store itself is only read, never written, until that
        rename. ``progress(step, done, total)`` is called after each table.
        """
        if self.read_only:
            raise ReadOnlyError(f"the store {self.location} was opened read-only")
        if mode not in ("replace", "append"):
            raise ValueError(f"unknown import mode {mode!r}")
        self.close()
        self._take_lock()
        try:
            self._check_no_engine_writer()
            self._finish_swap()
            for leftover in files_beside(self._path, STAGING_FILES):
                _discard(leftover)
            if mode == "append" and self._path.exists():
                data = merge_graphs(self._stored_graph(), data)
                self._reached("read")
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=self._path.name + ".staging-",
                                                dir=self._path.parent))
            except OSError as error:
                raise self._not_written(error) from None
            try:
                summary = self._build(staging / self._path.name, data, mode, progress)
                self._swap(staging / self._path.name)
            finally:
                _discard(staging)
            return summary
        finally:
            self._release_lock()

    def _check_no_engine_writer(self) -> None:
        """Refuse to swap while another program has the store open for writing."""
        holder = engine_writer(self._path)
        if holder is not None:
            raise self._in_use(holder)

    def _not_written(self, error: BaseException) -> StoreError:
        """The true message for an import that failed before its swap."""
        unchanged = f"nothing was written: the store {self.location} is as it was"
        if disk_full(error, self._path.parent):
            return StoreError(f"the disk is full: there is no room beside {self.location} "
                              f"for the new store; {unchanged}. Free some space and import "
                              "again")
        text = str(error).strip().splitlines()
        reason = text[0] if text else type(error).__name__
        return StoreError(f"the import could not be written ({reason}); {unchanged}")

    def _stored_graph(self) -> GraphData:
        """The stored graph, read without writing to the store (for an append)."""
        try:
            db = self._open_database(self._path, read_only=True)
        except StoreError as error:
            if RECOVERY_PENDING in str(error):
                return self._recovered_copy()
            if "in use" in str(error):
                raise
            raise self._unreadable(error) from None
        try:
            return read_graph(ladybug.Connection(db))
        except Exception as error:
            raise self._unreadable(error) from None
        finally:
            db.close()

    def _unreadable(self, error: BaseException) -> StoreError:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return StoreError(f"cannot read the store {self.location} to append to it ({reason}); "
                          "if it is damaged, import all your data again with --replace")

    def _recovered_copy(self) -> GraphData:
        """The stored graph when the engine must first finish a checkpoint a killed writer
        left: the store and its engine files are copied to a staging folder and the
        copy is recovered and read, so the store itself is not written."""
        folder = Path(tempfile.mkdtemp(prefix=self._path.name + ".staging-",
                                       dir=self._path.parent))
        try:
            copy = folder / self._path.name
            try:
                for source in (self._path, *files_beside(self._path, ENGINE_FILES)):
                    if source.is_file():
                        shutil.copyfile(source, folder / source.name)
            except OSError as error:
                raise self._not_written(error) from None
            try:
                db = self._open_database(copy, read_only=False)
            except StoreError as error:
                raise self._unreadable(error) from None
            try:
                return read_graph(ladybug.Connection(db))
            finally:
                db.close()
        finally:
            _discard(folder)

    def _build(self, staged: Path, data: GraphData, mode: ImportMode,
               progress: Progress | None) -> WriteSummary:
        """Build, checkpoint and close the new database at ``staged``; sync it to disk."""
        try:
            db = self._open_database(staged, read_only=False)
        except StoreError as error:
            raise self._not_written(error.__cause__ or error) from None
        conn = ladybug.Connection(db)
        problem: StoreError | None = None
        try:
            counted = load_graph(conn, data, progress)
            self._reached("checkpoint")
            conn.execute("CHECKPOINT")
        except StoreError as error:
            if not disk_full(error, staged.parent):
                raise
            problem = self._not_written(error)
        except (RuntimeError, OSError) as error:
            problem = self._not_written(error)
        finally:
            for opened in (conn, db):
                with contextlib.suppress(Exception):
                    opened.close()
        if problem is not None:
            # Raised here, with no engine error attached: the failed database's objects
            # (and their open files) go with this frame, and a full disk gets its space
            # back as soon as the staging folder is removed.
            del conn, db
            collect_now()
            raise problem
        left = files_beside(staged, ENGINE_FILES)
        if left:
            raise StoreError(f"the new store was not closed cleanly ({left[0].name} is left); "
                             f"nothing was written: the store {self.location} is as it was")
        try:
            _fsync(staged)
        except OSError as error:
            raise self._not_written(error) from None
        self._reached("built")
        return WriteSummary(counted["nodes"], counted["relationships"], mode)

    def _swap(self, staged: Path) -> None:
        """Rename ``staged`` over the store, journalled so a kill at any point is settled."""
        self._check_no_engine_writer()
        try:
            _write_durably(self.journal_path, staged.parent.name)
        except OSError as error:
            raise self._not_written(error) from None
        self._reached("swap")
        try:
            os.replace(staged, self._path)
        except OSError as error:
            self._finish_swap()  # the rename did not happen: the journal goes
            raise self._not_written(error) from None
        self._reached("swapped")
        self._finish_swap()

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
