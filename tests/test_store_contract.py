"""The GraphStore contract, run on every store: embedded always, Neo4j when configured.

The Neo4j half needs a real server: set ``NETAN_TEST_NEO4J_URI`` (and
``NETAN_TEST_NEO4J_USER`` / ``NETAN_TEST_NEO4J_PASSWORD``, optionally
``NETAN_TEST_NEO4J_DATABASE``). The tests clear that database.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator

import networkx as nx
import pytest
from conftest import graph_data

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

NEO4J_URI = os.environ.get("NETAN_TEST_NEO4J_URI")
NO_SERVER = "no Neo4j server configured: set NETAN_TEST_NEO4J_URI (and _USER, _PASSWORD)"


def neo4j_store() -> GraphStore:
    from netan.graphdb.neo4j_store import Neo4jStore

    return Neo4jStore(NEO4J_URI, user=os.environ.get("NETAN_TEST_NEO4J_USER", "neo4j"),
                      password=os.environ.get("NETAN_TEST_NEO4J_PASSWORD", ""),
                      database=os.environ.get("NETAN_TEST_NEO4J_DATABASE") or None,
                      batch_size=2)


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_store(request, tmp_path) -> Iterator[GraphStore]:
    """Each store in turn, empty."""
    if request.param == "embedded":
        opened: GraphStore = EmbeddedStore(tmp_path / "netan.db")
    else:
        if not NEO4J_URI:
            pytest.skip(NO_SERVER)
        opened = neo4j_store()
        opened.clear()
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
    assert counted["relationships"][FUNDS] == 3 and counted["relationships"][LIAISES_WITH] == 3
    assert summary.nodes == counted["nodes"] and summary.mode == "replace"


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
               "line\nbreak", "MATCH (n) DETACH DELETE n", "üñí©ødé"]
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


def test_clear_removes_everything(any_store, sample_data) -> None:
    any_store.write_import(sample_data, "replace")
    any_store.clear()
    counted = any_store.counts()
    assert not any(counted["nodes"].values()) and not any(counted["relationships"].values())


def test_fixture_graph_data_is_what_the_contract_uses() -> None:
    """The shared hand-built data really uses every label (so the tests above cover them)."""
    data = graph_data({AGENCY: [{"id": "a"}]})
    assert list(data.nodes[AGENCY].columns) == list(NODE_LABELS[AGENCY].property_names)
