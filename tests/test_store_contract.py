"""The GraphStore contract, run on both stores: the embedded one and a real Neo4j.

The Neo4j half uses the session's server (``neo4j_database`` in conftest: one that
``make test`` starts, or the one ``NETAN_TEST_NEO4J_URI`` names). The tests clear it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator

import networkx as nx
import pytest
from conftest import graph_data, sample_rows

from netan.graphdb import graph_data as gd
from netan.graphdb.embedded import EmbeddedStore
from netan.graphdb.schema import (
    AGENCY,
    FUNDS,
    GROUP,
    LIAISES_WITH,
    MEMBER_OF,
    NODE_LABELS,
    PERSON,
    REL_TYPES,
)
from netan.graphdb.store import GraphStore, QueryError, ReadOnlyError, StoreError


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_store(request, tmp_path) -> Iterator[GraphStore]:
    """Each store in turn, empty (Neo4j writes in batches of 2, to cross batch edges)."""
    if request.param == "embedded":
        opened: GraphStore = EmbeddedStore(tmp_path / "netan.db")
    else:
        opened = request.getfixturevalue("neo4j_database").empty(batch_size=2)
    try:
        yield opened
    finally:
        opened.close()


def edges(graph: nx.MultiDiGraph) -> Counter:
    return Counter((u, v, json.dumps(d, sort_keys=True)) for u, v, d in graph.edges(data=True))


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert edges(a) == edges(b)


def test_round_trip_equals_the_pure_conversion(any_store, sample_data) -> None:
    any_store.write_import(sample_data, "replace")
    same_graph(any_store.to_networkx(), gd.to_networkx(sample_data))
    for layers in (["membership"], ["funds", "liaison"]):
        same_graph(any_store.to_networkx(layers), gd.to_networkx(sample_data, layers))


def test_counts_include_zeros_and_match_the_data(any_store, sample_data) -> None:
    summary = any_store.write_import(sample_data, "replace")
    counted = any_store.counts()
    assert set(counted["nodes"]) == set(NODE_LABELS)
    assert set(counted["relationships"]) == set(REL_TYPES)
    assert counted["nodes"] == {label: len(sample_data.nodes.get(label, ()))
                                for label in NODE_LABELS}
    _, rows = sample_rows()
    assert counted["relationships"] == {rel: len(rows.get(rel, ())) for rel in REL_TYPES}
    assert summary.nodes == counted["nodes"] and summary.mode == "replace"
    assert summary.relationships == counted["relationships"]
    any_store.write_import(sample_data, "append")
    assert any_store.counts() == counted  # an identical append adds nothing


def test_append_is_idempotent_and_updates_by_key(any_store, sample_data,
                                                 build_graph_data) -> None:
    any_store.write_import(sample_data, "replace")
    before = any_store.to_networkx()
    any_store.write_import(sample_data, "append")
    same_graph(any_store.to_networkx(), before)
    change = build_graph_data(
        {AGENCY: [{"id": "ha", "name": "Gwent HA (renamed)"}], GROUP: [{"id": "grp"}]},
        {FUNDS: [{"source": "ha", "target": "grp", "amount": 1.0, "year": 1998,
                  "mechanism": "aligned"},
                 {"source": "ha", "target": "grp", "amount": 7.0, "year": 2001,
                  "mechanism": "pooled"}]})
    any_store.write_import(change, "append")
    after = any_store.to_networkx()
    assert after.nodes["ha"] == {"label": AGENCY, "id": "ha", "name": "Gwent HA (renamed)",
                                 "kind": "health_authority", "sector": "commissioner",
                                 "level": "region", "area": "Gwent"}  # merged, never nulled
    funds = sorted((d["year"], d["amount"]) for _, _, d in after.edges(data=True)
                   if d["type"] == FUNDS and d.get("year"))
    assert funds == [(1998, 1.0), (1999, 130000.0), (2001, 7.0)]
    assert any_store.counts()["nodes"][PERSON] == 3


def test_replace_drops_the_old_graph(any_store, sample_data, build_graph_data) -> None:
    any_store.write_import(sample_data, "replace")
    any_store.write_import(build_graph_data({PERSON: [{"id": "solo"}]}), "replace")
    assert list(any_store.to_networkx().nodes) == ["solo"]


def test_a_failed_import_leaves_the_old_graph(any_store, sample_data,
                                              build_graph_data) -> None:
    any_store.write_import(sample_data, "replace")
    before = any_store.to_networkx()
    broken = build_graph_data(
        {PERSON: [{"id": "p9"}]},
        {MEMBER_OF: [{"source": "p9", "target": "nowhere", "target_label": GROUP}]})
    for mode in ("replace", "append"):
        with pytest.raises(StoreError):
            any_store.write_import(broken, mode)
        same_graph(any_store.to_networkx(), before)


def test_write_clauses_are_refused_without_write(any_store, sample_data) -> None:
    any_store.write_import(sample_data, "replace")
    with pytest.raises(ReadOnlyError, match="--write"):
        any_store.query("MATCH (p:Person {id: 'p1'}) SET p.name = 'x' RETURN p")
    assert any_store.query("MATCH (p:Person {id: 'p1'}) RETURN p.name").rows == [["Dr A"]]
    any_store.query("MATCH (p:Person {id: 'p1'}) SET p.name = $n", {"n": "y"}, write=True)
    assert any_store.query("MATCH (p:Person {id: 'p1'}) RETURN p.name").rows == [["y"]]


def test_bad_cypher_is_a_one_line_query_error(any_store, sample_data) -> None:
    any_store.write_import(sample_data, "replace")
    with pytest.raises(QueryError) as caught:
        any_store.query("MATCH (n:Person RETURN n")
    assert "\n" not in str(caught.value)


def test_user_values_come_back_verbatim(any_store, build_graph_data) -> None:
    hostile = ["it's", 'say "hi"', "back\\slash", "brace}", "{open", "`tick`", "$x",
               "line\nbreak", "MATCH (n) DETACH DELETE n", "üñí©ødé", "\\'", "'\\",
               "RETURN", "null", "NULL", "true", "group", "Person", "id", "WHERE 1=1 //"]
    people = [{"id": f"p{i}-{text}", "name": text,
               "attributes": json.dumps({"note": text})} for i, text in enumerate(hostile)]
    data = build_graph_data({PERSON: people},
                            {LIAISES_WITH: [{"source": people[0]["id"],
                                             "target": people[1]["id"],
                                             "attributes": json.dumps({"why": "}'\"\\"})}]})
    any_store.write_import(data, "replace")
    graph = any_store.to_networkx()
    assert sorted(graph.nodes) == sorted(p["id"] for p in people)
    for person in people:
        node = graph.nodes[person["id"]]
        assert node["name"] == person["name"] and node["note"] == person["name"]
    (_, _, edge), = graph.edges(data=True)
    assert edge["why"] == "}'\"\\"
    rows = any_store.query("MATCH (p:Person) WHERE p.name = $n RETURN p.id",
                           {"n": "brace}"}).rows
    assert rows == [["p3-brace}"]]
    for person in people:  # every id finds its own node, and only it
        found = any_store.query("MATCH (p:Person {id: $id}) RETURN p.name", {"id": person["id"]})
        assert found.rows == [[person["name"]]]
    assert any_store.query("MATCH (p:Person {id: 'null'}) RETURN p").rows == []


def test_parameters_in_each_place_and_of_each_type(any_store, sample_data) -> None:
    any_store.write_import(sample_data, "replace")
    ask = any_store.query
    assert ask("MATCH (p:Person) WHERE p.id IN $ids RETURN p.id ORDER BY p.id",
               {"ids": ["p3", "p1", "nobody"]}).rows == [["p1"], ["p3"]]
    assert ask("MATCH (p:Person {sector: $sector}) RETURN p.id",
               {"sector": "social_care"}).rows == [["p2"]]
    assert ask("MATCH (:Agency)-[f:FUNDS]->(g:Group) WHERE f.amount > $least AND f.year = $year "
               "RETURN g.id, f.amount", {"least": 1000.5, "year": 1999}).rows == [
        ["grp", 130000.0]]
    assert ask("RETURN $text AS t, $n + 1 AS n, $x * 2 AS x, $flag AS f, $nothing IS NULL AS z",
               {"text": "it's \\ \"ok\"", "n": 41, "x": 1.25, "flag": False,
                "nothing": None}).rows == [["it's \\ \"ok\"", 42, 2.5, False, True]]
    assert ask("MATCH (p:Person) WHERE p.name = $name RETURN count(p) AS n",
               {"name": "x' OR '1'='1"}).rows == [[0]]


def test_constraints_keep_ids_unique(any_store, sample_data) -> None:
    """A second node with a used id is refused by the store itself, not only by netan."""
    any_store.write_import(sample_data, "replace")
    with pytest.raises(StoreError):
        any_store.query("CREATE (:Person {id: $id, name: 'twin'})", {"id": "p1"}, write=True)
    assert any_store.query("MATCH (p:Person {id: 'p1'}) RETURN p.name").rows == [["Dr A"]]
    assert any_store.counts()["nodes"][PERSON] == 3


def test_a_read_only_store_refuses_every_write(any_store, sample_data, request) -> None:
    any_store.write_import(sample_data, "replace")
    if isinstance(any_store, EmbeddedStore):
        reader: GraphStore = EmbeddedStore(any_store.location, read_only=True)
    else:
        reader = request.getfixturevalue("neo4j_database").store(read_only=True)
    with reader:
        with pytest.raises(ReadOnlyError):
            reader.write_import(sample_data, "append")
        with pytest.raises(ReadOnlyError):
            reader.query("MATCH (p:Person {id: 'p1'}) SET p.name = 'x'", write=True)
        assert reader.query("MATCH (p:Person {id: 'p1'}) RETURN p.name").rows == [["Dr A"]]


KILLED_IMPORT = """
import sys, time
import numpy as np, pandas as pd
from netan.graphdb.graph_data import ENDPOINT_COLUMNS, GraphData
from netan.graphdb.schema import NODE_LABELS, REL_TYPES
n, m = 2_000, 40_000
ids = pd.Series([f"big{i}" for i in range(n)], dtype=object)
people = pd.DataFrame({name: pd.Series([None] * n, dtype=object)
                       for name in NODE_LABELS["Person"].property_names})
people["id"], people["name"] = ids, "x"
ends = np.arange(m)
links = pd.DataFrame({name: pd.Series([None] * m, dtype=object)
                      for name in (*ENDPOINT_COLUMNS, *REL_TYPES["LIAISES_WITH"].property_names)})
links["source"], links["target"] = ids[ends % n].to_numpy(), ids[(ends * 7 + 1) % n].to_numpy()
links["source_label"] = links["target_label"] = "Person"
links["frequency"] = 1.0
data = GraphData({"Person": people}, {"LIAISES_WITH": links})
def progress(step, done, total):
    print(step, flush=True)
    time.sleep(60)
from netan.graphdb import open_store
open_store(sys.argv[1]).write_import(data, sys.argv[2], progress)
print("finished", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["replace", "append"])
def test_a_killed_import_leaves_the_old_graph(any_store, sample_data, mode, request) -> None:
    any_store.write_import(sample_data, "replace")
    before = any_store.to_networkx()
    env = dict(os.environ)
    if isinstance(any_store, EmbeddedStore):
        any_store.close()
    else:
        env |= request.getfixturevalue("neo4j_server").environment()
    child = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, any_store.location, mode],
                             stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().strip() in NODE_LABELS  # mid-import: a batch written
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    if isinstance(any_store, EmbeddedStore):
        assert any_store.leftovers()  # the kill left a half-built staging store
    else:  # ... and here a half-written staging area
        assert any_store.query("MATCH (s:NetanStaging) RETURN count(s)").rows[0][0] > 0
    same_graph(any_store.to_networkx(), before)
    assert any_store.counts()["nodes"][PERSON] == 3
    after = any_store.write_import(graph_data({PERSON: [{"id": "next"}]}), mode)
    assert after.nodes[PERSON] == (1 if mode == "replace" else 4)
    assert any_store.query("MATCH (n) RETURN count(n) AS n").rows == [
        [sum(after.nodes.values())]]  # nothing staged is left anywhere
    assert dict(any_store.to_networkx().nodes(data=True))["next"] == {"label": PERSON,
                                                                      "id": "next"}


def test_clear_removes_everything(any_store, sample_data) -> None:
    any_store.write_import(sample_data, "replace")
    any_store.clear()
    counted = any_store.counts()
    assert not any(counted["nodes"].values()) and not any(counted["relationships"].values())


def test_fixture_graph_data_is_what_the_contract_uses() -> None:
    """The shared hand-built data really uses every label (so the tests above cover them)."""
    data = graph_data({AGENCY: [{"id": "a"}]})
    assert list(data.nodes[AGENCY].columns) == list(NODE_LABELS[AGENCY].property_names)
