"""Shared fixtures: GraphData built by hand, a real embedded store in ``tmp_path``, and a
real Neo4j server for the session (``neo4j_server``, ``neo4j_database``)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import neo4j_server as neo4j_server_module
import pandas as pd
import pytest
from neo4j_server import Neo4jServer

from netan.graphdb.embedded import EmbeddedStore
from netan.graphdb.graph_data import ENDPOINT_COLUMNS, GraphData
from netan.graphdb.schema import (
    AGENCY,
    ATTENDED,
    ATTENDS,
    CO_LOCATED_AT,
    EMPLOYED_BY,
    FUNDS,
    GROUP,
    HELD_BY,
    LIAISES_WITH,
    MEETING,
    MEMBER_OF,
    NODE_LABELS,
    PART_OF,
    PARTNERS_WITH,
    PERSON,
    RATES,
    REL_TYPES,
    SUCCEEDED_BY,
    Property,
)

if TYPE_CHECKING:
    from netan.graphdb.neo4j_store import Neo4jStore

Rows = dict[str, list[dict[str, Any]]]


def _column(rows: list[dict[str, Any]], prop: Property) -> pd.Series:
    values = [row.get(prop.name) for row in rows]
    if prop.type == "int":
        return pd.Series(values, dtype="Int64")
    if prop.type == "float":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    return pd.Series(values, dtype=object)


def graph_data(nodes: Rows, relationships: Rows | None = None) -> GraphData:
    """GraphData in the canonical form from rows of plain dicts (missing keys are None).

    Node rows are keyed by property name; relationship rows by ``source``,
    ``target`` and property names; endpoint labels are looked up from the nodes
    unless a row gives ``source_label``/``target_label``.
    """
    labels = {row["id"]: label for label, rows in nodes.items() for row in rows}
    data = GraphData()
    for label, rows in nodes.items():
        props = NODE_LABELS[label].properties
        data.nodes[label] = pd.DataFrame({p.name: _column(rows, p) for p in props})
    for rel, rows in (relationships or {}).items():
        props = REL_TYPES[rel].properties
        frame = {
            "source": pd.Series([r["source"] for r in rows], dtype=object),
            "source_label": pd.Series([r.get("source_label") or labels[r["source"]]
                                       for r in rows], dtype=object),
            "target": pd.Series([r["target"] for r in rows], dtype=object),
            "target_label": pd.Series([r.get("target_label") or labels[r["target"]]
                                       for r in rows], dtype=object),
        }
        frame.update({p.name: _column(rows, p) for p in props})
        data.relationships[rel] = pd.DataFrame(frame, columns=[*ENDPOINT_COLUMNS,
                                                               *(p.name for p in props)])
    data.check_columns()
    return data


@pytest.fixture
def build_graph_data() -> Callable[..., GraphData]:
    return graph_data


def sample_rows() -> tuple[Rows, Rows]:
    """A small partnership using every label and every relationship type."""
    nodes: Rows = {
        AGENCY: [
            {"id": "ha", "name": "Gwent Health Authority", "kind": "health_authority",
             "sector": "commissioner", "level": "region", "area": "Gwent"},
            {"id": "ssd", "name": "Newport Social Services", "kind": "social_services",
             "sector": "social_care", "level": "area",
             "attributes": json.dumps({"budget_code": "SS-7", "staff": 40})},
            {"id": "gp1", "name": "Lovemead Surgery", "kind": "gp_practice",
             "sector": "primary_care", "level": "practice", "care_tier": "extended_primary"},
        ],
        GROUP: [
            {"id": "grp", "name": "Mental health planning group", "kind": "planning_group",
             "level": "area", "stage": "strategy"},
            {"id": "sub", "name": "Carers subgroup", "kind": "subgroup",
             "start_date": "1996-04-01", "end_date": "2003-03-31"},
        ],
        PERSON: [
            {"id": "p1", "name": "Dr A", "role": "gp", "sector": "primary_care",
             "waves": "1998", "survey": "2024 survey"},
            {"id": "p2", "name": "B", "role": "social_worker", "sector": "social_care",
             "attributes": json.dumps({"grade": "senior", "name": "not the name"})},
            {"id": "p3", "name": None, "role": None, "sector": None},
        ],
        MEETING: [
            {"id": "m1", "date": "1998-03-12"},
            {"id": "m2", "date": None},
        ],
    }
    rels: Rows = {
        EMPLOYED_BY: [{"source": "p1", "target": "gp1"}, {"source": "p2", "target": "ssd"}],
        PART_OF: [{"source": "sub", "target": "grp"}, {"source": "grp", "target": "ha"},
                  {"source": "gp1", "target": "ha"}],
        MEMBER_OF: [{"source": "p1", "target": "grp", "role": "chair", "represents": "gp1"},
                    {"source": "p2", "target": "grp", "role": "member",
                     "start_date": "1997-01-01", "wave": "1998"}],
        ATTENDED: [{"source": "p1", "target": "m1", "status": "present"},
                   {"source": "p2", "target": "m1", "status": "apologies"}],
        HELD_BY: [{"source": "m1", "target": "grp"}, {"source": "m2", "target": "grp"}],
        ATTENDS: [{"source": "p1", "target": "grp", "attended": 3, "held": 4, "rate": 0.75,
                   "last_attended": "1998-03-12"}],
        CO_LOCATED_AT: [{"source": "p2", "target": "gp1", "days_per_week": 2.5}],
        LIAISES_WITH: [{"source": "p2", "target": "p1", "model": "link_worker",
                        "frequency": 4.0},
                       {"source": "p3", "target": "ssd", "model": "informal"},
                       {"source": "p3", "target": "grp",
                        "attributes": json.dumps({"note": "ad hoc", "type": "not the type"})}],
        FUNDS: [{"source": "ha", "target": "grp", "amount": 125000.0, "year": 1998,
                 "mechanism": "aligned"},
                {"source": "ha", "target": "grp", "amount": 130000.0, "year": 1999,
                 "mechanism": "aligned"},
                {"source": "ha", "target": "ssd", "amount": 5000.5, "year": None,
                 "mechanism": "grant"}],
        PARTNERS_WITH: [{"source": "ha", "target": "ssd", "spectrum": 5,
                         "function": "strategic_planning"}],
        SUCCEEDED_BY: [{"source": "sub", "target": "grp", "wave": "1998"}],
        RATES: [{"source": "p1", "target": "ssd", "frequency": "monthly", "collaboration": 3,
                 "trust_reliability": 4, "value_power": 2},
                {"source": "p2", "target": "p1", "collaboration": 0}],
    }
    return nodes, rels


@pytest.fixture
def sample_data() -> GraphData:
    """:func:`sample_rows` as GraphData."""
    return graph_data(*sample_rows())


@pytest.fixture
def store(tmp_path) -> Iterator[EmbeddedStore]:
    """An embedded store at ``tmp_path/netan.db`` (not yet created), closed afterwards."""
    with EmbeddedStore(tmp_path / "netan.db") as opened:
        yield opened


# -- a real Neo4j, one per test session -----------------------------------------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """The Neo4j the tests use: ``NETAN_TEST_NEO4J_URI``'s, else one started for the session.

    Started only when a test asks for it, stopped when the session ends (also on failure).
    Skips when no server can be had, which fails the test under ``CI=true``.
    """
    server = neo4j_server_module.configured()
    if server is not None:
        yield server
        return
    why = neo4j_server_module.cannot_launch()
    if why:
        pytest.skip(why)
    with neo4j_server_module.LaunchedNeo4j() as launched:
        os.environ.update({"NETAN_TEST_NEO4J_URI": launched.uri,
                           "NETAN_TEST_NEO4J_USER": launched.user,
                           "NETAN_TEST_NEO4J_PASSWORD": launched.password})
        try:
            yield launched
        finally:
            for name in ("URI", "USER", "PASSWORD"):
                os.environ.pop(f"NETAN_TEST_NEO4J_{name}", None)


class Neo4jDatabase:
    """The session's Neo4j database, shared by the tests one after another.

    :meth:`empty` clears it (the constraints stay); :meth:`holding` loads a named graph
    once and reloads it only when another test has changed the database since.
    """

    def __init__(self, server: Neo4jServer) -> None:
        self.server = server
        self.loaded: str | None = None

    def store(self, **options: Any) -> Neo4jStore:
        from netan.graphdb.neo4j_store import Neo4jStore

        return Neo4jStore(self.server.uri, user=self.server.user,
                          password=self.server.password, database=self.server.database,
                          **options)

    def empty(self, **options: Any) -> Neo4jStore:
        """A store on the database, cleared of every node and relationship."""
        self.loaded = None
        opened = self.store(**options)
        opened.query("MATCH (n) DETACH DELETE n", write=True)
        return opened

    def holding(self, name: str, load: Callable[[Neo4jStore], object],
                **options: Any) -> Neo4jStore:
        """A store holding the graph ``load`` writes with a ``replace`` import (``name`` says
        which; loaded once, and again only when another test has changed the database).

        Not emptied first: a replace deletes the old graph itself, as a user's does.
        """
        opened = self.store(**options)
        if self.loaded != name:
            self.loaded = None
            load(opened)
            self.loaded = name
        return opened


@pytest.fixture(scope="session")
def neo4j_database(neo4j_server: Neo4jServer) -> Neo4jDatabase:
    return Neo4jDatabase(neo4j_server)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses the Neo4j server is marked ``neo4j``."""
    for item in items:
        if {"neo4j_server", "neo4j_database"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Under ``CI=true`` a skipped Neo4j test is a failure: CI always has a real server."""
    outcome = yield
    report = outcome.get_result()
    expected_failure = hasattr(report, "wasxfail")  # a stated, known limit: not a skip
    if report.skipped and not expected_failure and _in_ci() and item.get_closest_marker("neo4j"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"a Neo4j test may not be skipped in CI: {reason}"


@pytest.fixture
def disk_fills_while_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing the JSON report fails part-way, as on a full disk: what was there must stay."""
    from netan.reporting import tables

    def broken(document: dict, path: Path) -> Path:
        path.write_text('{"title": "netan')
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(tables, "write_json", broken)
