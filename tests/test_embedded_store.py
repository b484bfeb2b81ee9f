"""The embedded LadybugDB store, on real files in ``tmp_path``."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from conftest import graph_data

from netan.graphdb import graph_data as gd
from netan.graphdb import open_store
from netan.graphdb.embedded import EmbeddedStore, schema_statements
from netan.graphdb.schema import (
    AGENCY,
    FUNDS,
    GROUP,
    LIAISES_WITH,
    MEETING,
    MEMBER_OF,
    NODE_LABELS,
    PART_OF,
    PERSON,
    REL_TYPES,
)
from netan.graphdb.store import QueryError, ReadOnlyError, StoreError

ROOT = Path(__file__).resolve().parents[1]


def rows_of(frame: pd.DataFrame, keys: list[str]) -> list[tuple]:
    """The frame's rows as plain tuples, sorted (missing values as None)."""
    columns = [gd.python_values(frame[c]) for c in frame.columns]
    rows = list(zip(*columns, strict=True))
    position = [list(frame.columns).index(k) for k in keys]
    return sorted(rows, key=lambda r: tuple(repr(r[i]) for i in position))


def edge_multiset(graph: nx.MultiDiGraph) -> Counter:
    return Counter((u, v, json.dumps(d, sort_keys=True)) for u, v, d in graph.edges(data=True))


# -- schema and round trip ----------------------------------------------------------


def test_schema_quotes_every_name_and_gives_multi_pair_rel_tables() -> None:
    ddl = schema_statements()
    assert len(ddl) == len(NODE_LABELS) + len(REL_TYPES)
    assert any(s.startswith("CREATE NODE TABLE `Group`(") for s in ddl)
    funds = next(s for s in ddl if s.startswith(f"CREATE REL TABLE `{FUNDS}`"))
    assert "FROM `Agency` TO `Agency`, FROM `Agency` TO `Group`" in funds
    assert "`year` INT64" in funds and "`amount` DOUBLE" in funds


def test_round_trip_of_every_label_and_type(store: EmbeddedStore, sample_data) -> None:
    summary = store.write_import(sample_data)
    assert summary.mode == "replace"
    assert summary.nodes == {AGENCY: 3, GROUP: 2, PERSON: 3, MEETING: 2}
    assert summary.relationships[FUNDS] == 3
    back = store.read_data()
    for label in NODE_LABELS:
        assert rows_of(back.nodes[label], ["id"]) == rows_of(sample_data.nodes[label], ["id"])
    for rel, rel_type in REL_TYPES.items():
        keys = ["source", "target", *rel_type.property_names]
        assert rows_of(back.relationships[rel], keys) == rows_of(
            sample_data.relationships[rel], keys), rel
    # dtypes are the canonical ones again
    assert str(back.relationships[FUNDS]["year"].dtype) == "Int64"
    assert back.relationships[FUNDS]["amount"].dtype == "float64"


def test_values_keep_their_types_and_missing_values(store: EmbeddedStore, sample_data) -> None:
    store.write_import(sample_data)
    result = store.query(
        "MATCH (a:`Agency`)-[r:`FUNDS`]->(b) RETURN b.id, r.year, r.amount, r.mechanism "
        "ORDER BY r.amount")
    assert result.columns == ["b.id", "r.year", "r.amount", "r.mechanism"]
    assert result.rows == [["ssd", None, 5000.5, "grant"], ["grp", 1998, 125000.0, "aligned"],
                           ["grp", 1999, 130000.0, "aligned"]]
    meeting = store.query("MATCH (m:`Meeting`) RETURN m ORDER BY m.id").rows
    assert meeting == [[{"_label": MEETING, "id": "m1", "date": "1998-03-12"}],
                       [{"_label": MEETING, "id": "m2"}]]
    ssd = store.query("MATCH (a:`Agency` {id: $id}) RETURN a.attributes", {"id": "ssd"})
    assert json.loads(ssd.rows[0][0]) == {"budget_code": "SS-7", "staff": 40}
    rel = store.query("MATCH (:`Person`)-[r:`MEMBER_OF`]->(:`Group`) WHERE r.role = 'chair' "
                      "RETURN r").rows[0][0]
    assert rel == {"_type": MEMBER_OF, "role": "chair", "represents": "gp1"}
    assert store.query("RETURN date('1998-03-12') AS d").rows == [["1998-03-12"]]


def test_counts_include_every_label_and_type(store: EmbeddedStore, build_graph_data) -> None:
    store.write_import(build_graph_data({AGENCY: [{"id": "a"}, {"id": "b"}]},
                                        {PART_OF: [{"source": "a", "target": "b"}]}))
    counts = store.counts()
    assert counts["nodes"] == {AGENCY: 2, GROUP: 0, PERSON: 0, MEETING: 0}
    assert counts["relationships"] == {rel: int(rel == PART_OF) for rel in REL_TYPES}


# -- to_networkx ------------------------------------------------------------------


def test_store_graph_agrees_with_the_pure_conversion(store: EmbeddedStore, sample_data) -> None:
    store.write_import(sample_data)
    stored, pure = store.to_networkx(), gd.to_networkx(sample_data)
    assert dict(stored.nodes(data=True)) == dict(pure.nodes(data=True))
    assert edge_multiset(stored) == edge_multiset(pure)
    assert stored.number_of_nodes() == 10 and stored.number_of_edges() == 23


def test_to_networkx_attributes_and_layers(store: EmbeddedStore, sample_data) -> None:
    store.write_import(sample_data)
    graph = store.to_networkx()
    # attributes expanded, never over a schema property, label or type
    assert graph.nodes["p2"] == {"label": PERSON, "id": "p2", "name": "B",
                                 "role": "social_worker", "sector": "social_care",
                                 "grade": "senior"}
    assert graph.nodes["ssd"]["staff"] == 40
    assert graph.nodes["p3"] == {"label": PERSON, "id": "p3"}
    assert graph.nodes["m1"]["date"] == "1998-03-12"
    assert list(graph.get_edge_data("p3", "grp").values()) == [
        {"type": LIAISES_WITH, "note": "ad hoc"}]
    # FUNDS: two relationships between the same endpoints, different years
    assert sorted(d["year"] for d in graph.get_edge_data("ha", "grp").values()
                  if d["type"] == FUNDS) == [1998, 1999]

    funds = store.to_networkx(layers=["funds"])
    assert funds.number_of_nodes() == 10  # nodes: all of them
    assert {d["type"] for _, _, d in funds.edges(data=True)} == {FUNDS}
    assert funds.number_of_edges() == 3
    assert funds.get_edge_data("ha", "ssd")[0] == {"type": FUNDS, "amount": 5000.5,
                                                    "mechanism": "grant"}
    two = store.to_networkx(layers=["membership", "structure"])
    assert Counter(d["type"] for _, _, d in two.edges(data=True)) == {PART_OF: 3, MEMBER_OF: 2}
    with pytest.raises(ValueError, match="unknown layer 'nope'"):
        store.to_networkx(layers=["nope"])


# -- append and replace ------------------------------------------------------------


def test_append_is_idempotent(store: EmbeddedStore, sample_data) -> None:
    first = store.write_import(sample_data)
    before = store.read_data()
    again = store.write_import(sample_data, "append")
    assert again.mode == "append"
    assert (again.nodes, again.relationships) == (first.nodes, first.relationships)
    after = store.read_data()
    for label in NODE_LABELS:
        assert rows_of(after.nodes[label], ["id"]) == rows_of(before.nodes[label], ["id"])
    for rel, rel_type in REL_TYPES.items():
        keys = ["source", "target", *rel_type.property_names]
        assert rows_of(after.relationships[rel], keys) == rows_of(
            before.relationships[rel], keys)


def test_append_updates_changed_properties_and_adds_new(store: EmbeddedStore,
                                                         sample_data) -> None:
    store.write_import(sample_data)
    update = graph_data(
        {AGENCY: [{"id": "ha", "name": "Gwent HA (renamed)", "sector": "commissioner"},
                  {"id": "new-agency", "name": "New"}],
         GROUP: [{"id": "grp"}]},
        {FUNDS: [{"source": "ha", "target": "grp", "amount": 1.0, "year": 1998,
                  "mechanism": "aligned"},
                 {"source": "ha", "target": "grp", "amount": 2.0, "year": 2000,
                  "mechanism": "aligned"},
                 {"source": "ha", "target": "ssd", "target_label": AGENCY, "amount": 6.0,
                  "year": None, "mechanism": "grant"}]},
    )
    summary = store.write_import(update, "append")
    assert summary.nodes[AGENCY] == 4 and summary.nodes[PERSON] == 3
    assert summary.relationships[FUNDS] == 4
    assert summary.relationships[MEMBER_OF] == 2  # untouched types survive
    ha = store.query("MATCH (a:`Agency` {id: 'ha'}) RETURN a.name, a.level").rows
    assert ha == [["Gwent HA (renamed)", "region"]]  # a missing value never wipes one
    amounts = store.query("MATCH (:`Agency`)-[r:`FUNDS`]->(b) "
                          "RETURN b.id, r.year, r.amount ORDER BY r.amount").rows
    assert amounts == [["grp", 1998, 1.0], ["grp", 2000, 2.0], ["ssd", None, 6.0],
                       ["grp", 1999, 130000.0]]


def test_append_changes_only_the_properties_the_input_gave(store: EmbeddedStore,
                                                            sample_data) -> None:
    store.write_import(sample_data)
    update = graph_data(
        {AGENCY: [{"id": "ha", "name": "Gwent HA (renamed)", "sector": "voluntary",
                   "attributes": json.dumps({"note": "new"})}],
         PERSON: [{"id": "p1", "name": None, "role": None, "sector": "social_care"},
                  {"id": "p9", "name": "New", "role": "gp", "sector": "primary_care"}],
         GROUP: [{"id": "grp"}]},
        {MEMBER_OF: [{"source": "p1", "target": "grp", "role": None, "represents": "ha",
                      "source_label": PERSON, "target_label": GROUP},
                     {"source": "p9", "target": "grp", "role": None, "represents": "ha",
                      "source_label": PERSON, "target_label": GROUP}]})
    update.given = {AGENCY: frozenset({"id", "name", "attributes"}),  # no sector column
                    PERSON: frozenset({"id", "name", "role"}),
                    GROUP: frozenset({"id"}),
                    MEMBER_OF: frozenset({"role"})}
    store.write_import(update, "append")
    rows = store.query("MATCH (a:`Agency` {id: 'ha'}) RETURN a.name, a.sector, a.level, "
                       "a.attributes").rows
    assert rows == [["Gwent HA (renamed)", "commissioner", "region", '{"note": "new"}']]
    people = store.query("MATCH (p:`Person`) WHERE p.id IN ['p1', 'p9'] "
                         "RETURN p.id, p.name, p.role, p.sector ORDER BY p.id").rows
    assert people == [["p1", "Dr A", "gp", "primary_care"],  # blanks and ungiven kept
                      ["p9", "New", "gp", "primary_care"]]  # a new node comes whole
    group = store.query("MATCH (g:`Group` {id: 'grp'}) RETURN g.name, g.stage").rows
    assert group == [["Mental health planning group", "strategy"]]
    members = store.query("MATCH (p)-[m:`MEMBER_OF`]->() RETURN p.id, m.role, m.represents "
                          "ORDER BY p.id").rows
    assert members == [["p1", "chair", "gp1"], ["p2", "member", None], ["p9", None, "ha"]]


def test_replace_drops_the_old_graph(store: EmbeddedStore, sample_data,
                                     build_graph_data) -> None:
    store.write_import(sample_data)
    store.write_import(build_graph_data({PERSON: [{"id": "solo", "name": "Solo"}]}), "replace")
    counts = store.counts()
    assert counts["nodes"] == {AGENCY: 0, GROUP: 0, PERSON: 1, MEETING: 0}
    assert sum(counts["relationships"].values()) == 0
    store.clear()
    assert sum(store.counts()["nodes"].values()) == 0


def test_progress_is_reported_after_each_table(store: EmbeddedStore, sample_data) -> None:
    steps: list[tuple[str, int, int]] = []
    store.write_import(sample_data, progress=lambda step, done, total: steps.append(
        (step, done, total)))
    total = len(NODE_LABELS) + len(REL_TYPES)
    assert steps[0] == (AGENCY, 1, total)
    assert steps[-1] == (list(REL_TYPES)[-1], total, total)
    assert [done for _, done, _ in steps] == list(range(1, total + 1))


HOSTILE = ["it's", 'say "hi"', "back\\slash", "brace}{", "MATCH (n) DETACH DELETE n",
           "'; DROP TABLE Person; --", "`Group`", "tab\there", "ünïcødé ✓"]


def test_hostile_ids_and_names_are_stored_verbatim(store: EmbeddedStore) -> None:
    people = [{"id": f"p{i}{text}", "name": text, "attributes": json.dumps({"note": text})}
              for i, text in enumerate(HOSTILE)]
    links = [{"source": people[i]["id"], "target": people[i + 1]["id"], "model": "informal"}
             for i in range(len(people) - 1)]
    data = graph_data({PERSON: people}, {LIAISES_WITH: links})
    store.write_import(data)
    store.write_import(data, "append")
    names = store.query("MATCH (p:`Person`) RETURN p.id, p.name ORDER BY p.id").rows
    assert names == sorted([[p["id"], p["name"]] for p in people])
    for person in people:
        found = store.query("MATCH (p:`Person` {id: $id}) RETURN p.name", {"id": person["id"]})
        assert found.rows == [[person["name"]]]
    graph = store.to_networkx()
    assert graph.nodes[people[5]["id"]]["note"] == HOSTILE[5]
    assert graph.number_of_edges() == len(HOSTILE) - 1


# -- queries -----------------------------------------------------------------------


@pytest.mark.parametrize("cypher", [
    "CREATE (:`Person` {id: 'x'})",
    "MATCH (n:`Person`) DETACH DELETE n",
    "MATCH (n:`Person`) SET n.name = 'x'",
    "MERGE (:`Person` {id: 'x'})",
])
def test_write_clauses_are_refused_without_write(store: EmbeddedStore, sample_data,
                                                 cypher: str) -> None:
    store.write_import(sample_data)
    with pytest.raises(ReadOnlyError, match="read-only.*pass --write"):
        store.query(cypher)
    assert store.counts()["nodes"][PERSON] == 3
    assert store.query("MATCH (p:`Person` {id: 'p1'}) RETURN p.name").rows == [["Dr A"]]


def test_write_query_with_write_changes_the_store(store: EmbeddedStore, sample_data) -> None:
    store.write_import(sample_data)
    store.query("CREATE (:`Person` {id: $id, name: $name})", {"id": "new", "name": "N"},
                write=True)
    store.close()
    with EmbeddedStore(store.location, read_only=True) as reader:
        assert reader.counts()["nodes"][PERSON] == 4
        with pytest.raises(ReadOnlyError):
            reader.query("MATCH (n:`Person` {id: 'new'}) DETACH DELETE n", write=True)


def test_engine_errors_become_query_errors_with_a_position(store: EmbeddedStore,
                                                          sample_data) -> None:
    store.write_import(sample_data)
    with pytest.raises(QueryError) as caught:
        store.query("MATCH (n:`Person`) RETRN n")
    assert caught.value.position == 20  # the R of RETRN, 1-based
    assert "\n" not in str(caught.value)
    with pytest.raises(QueryError, match="Person has no property `nope`"):
        store.query("MATCH (n:`Person`) RETURN n.nope")


def test_a_missing_store_is_not_created(tmp_path: Path) -> None:
    where = tmp_path / "absent.db"
    store = open_store(where, read_only=True)
    with pytest.raises(StoreError, match=r"no store at .*absent\.db: run `netan import` first"):
        store.counts()
    with pytest.raises(StoreError, match="no store at"):
        store.query("MATCH (n) RETURN n")
    assert not where.exists()


def test_write_time_violations_leave_the_old_store(store: EmbeddedStore, sample_data,
                                                   build_graph_data) -> None:
    store.write_import(sample_data)
    dangling = build_graph_data({PERSON: [{"id": "p1"}], AGENCY: [{"id": "gone"}]},
                                {MEMBER_OF: []})
    dangling.relationships[MEMBER_OF] = pd.concat([dangling.relationships[MEMBER_OF],
                                                   pd.DataFrame([{
                                                       "source": "p1", "source_label": PERSON,
                                                       "target": "nowhere",
                                                       "target_label": GROUP}])],
                                                  ignore_index=True)
    with pytest.raises(StoreError):
        store.write_import(dangling)
    twice = build_graph_data({PERSON: [{"id": "x"}], AGENCY: [{"id": "x"}]})
    with pytest.raises(StoreError, match="'x' is used twice"):
        store.write_import(twice)
    assert store.counts()["nodes"] == {AGENCY: 3, GROUP: 2, PERSON: 3, MEETING: 2}
    assert store.leftovers() == []


# -- processes: locks and kill -9 ----------------------------------------------------


def _child(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "tests")})


@pytest.mark.slow
@pytest.mark.parametrize("holder", ["netan", "ladybug"])
def test_a_second_writer_gets_a_clear_lock_error(store: EmbeddedStore, sample_data,
                                                 holder: str) -> None:
    store.write_import(sample_data)
    hold = ("store.query('MATCH (n) RETURN count(n)', write=True)" if holder == "netan"
            else "import ladybug; db = ladybug.Database(LOCATION)")
    child = _child(f"""
        import sys
        from netan.graphdb.embedded import EmbeddedStore
        LOCATION = {store.location!r}
        store = EmbeddedStore(LOCATION)
        {hold}
        print("holding", flush=True)
        sys.stdin.readline()
    """)
    try:
        assert child.stdout.readline().strip() == "holding"
        message = rf"in use by another netan process \(PID {child.pid}\); wait for it to finish"
        with pytest.raises(StoreError, match=message):
            store.write_import(sample_data)
        with pytest.raises(StoreError, match=message):
            store.query("CREATE (:`Person` {id: 'late'})", write=True)
        assert store.counts()["nodes"][PERSON] == 3  # readers still read
    finally:
        child.communicate("done\n", timeout=30)
    store.write_import(sample_data, "append")  # the lock went with the process
    assert store.counts()["nodes"][PERSON] == 3


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["replace", "append"])
def test_kill_9_during_an_import_leaves_the_old_graph(store: EmbeddedStore, sample_data,
                                                      mode: str) -> None:
    store.write_import(sample_data)
    store.close()
    child = _child(f"""
        import time
        import numpy as np
        import pandas as pd
        from netan.graphdb.embedded import EmbeddedStore
        from netan.graphdb.graph_data import GraphData
        n, m = 2_000, 200_000
        ids = pd.Series([f"big{{i}}" for i in range(n)], dtype=object)
        from netan.graphdb.schema import NODE_LABELS, REL_TYPES
        blank = dict.fromkeys(NODE_LABELS["Person"].property_names)
        people = pd.DataFrame({{**blank, "id": ids, "name": "x"}})
        ends = np.arange(m)
        links = pd.DataFrame({{"source": ids[ends % n].to_numpy(), "source_label": "Person",
                               "target": ids[(ends * 7 + 1) % n].to_numpy(),
                               "target_label": "Person",
                               **dict.fromkeys(REL_TYPES["LIAISES_WITH"].property_names),
                               "frequency": 1.0}})
        data = GraphData({{"Person": people}}, {{"LIAISES_WITH": links}})
        def progress(step, done, total):
            print(step, flush=True)
            time.sleep(5)
        EmbeddedStore({store.location!r}).write_import(data, {mode!r}, progress)
        print("finished", flush=True)
    """)
    try:
        first_step = child.stdout.readline().strip()
        assert first_step in NODE_LABELS  # mid-import: staging being built
        assert store.leftovers()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert store.counts()["nodes"] == {AGENCY: 3, GROUP: 2, PERSON: 3, MEETING: 2}
    assert store.counts()["relationships"][LIAISES_WITH] == 3
    assert store.query("MATCH (p:`Person` {id: 'p1'}) RETURN p.name").rows == [["Dr A"]]
    store.close()
    started = time.monotonic()
    after = store.write_import(graph_data({PERSON: [{"id": "next"}]}), mode)
    assert time.monotonic() - started < 10
    assert after.nodes[PERSON] == (1 if mode == "replace" else 4)
    assert store.leftovers() == []


# -- the fast conversion against a plain networkx one ------------------------------


def _reference_networkx(data: gd.GraphData) -> nx.MultiDiGraph:
    """``graph_data.to_networkx`` written plainly: one dict per row, networkx's own adders.

    Rows in the read order, sorted here with Python's ``sorted``: labels and types in
    schema order, nodes by id, relationships by source, target and every property in
    schema order, each ascending with missing values last.
    """
    graph = nx.MultiDiGraph()

    def record(row: dict, names: tuple[str, ...], reserved: tuple[str, ...]) -> dict:
        kept = {name: row[name] for name in names if row[name] is not None}
        return gd._expand_attributes(kept, (*reserved, *names))

    def rows(frame: pd.DataFrame, names: tuple[str, ...], order: tuple[str, ...]) -> list[dict]:
        columns = {name: gd.python_values(frame[name]) for name in names}
        unsorted = [{name: columns[name][i] for name in names} for i in range(len(frame))]
        return sorted(unsorted, key=lambda row: [(1,) if row[name] is None else (0, row[name])
                                                 for name in order])

    for label in NODE_LABELS:
        if label not in data.nodes:
            continue
        names = NODE_LABELS[label].property_names
        graph.add_nodes_from((row["id"], {"label": label, **record(row, names, ("label",))})
                             for row in rows(data.nodes[label], names, ("id",)))
    for rel in REL_TYPES:  # schema order, as the layers are read
        frame = data.relationships.get(rel, gd.empty_relationships(rel))
        names = REL_TYPES[rel].property_names
        graph.add_edges_from(
            (row["source"], row["target"], {"type": rel, **record(row, names, ("type",))})
            for row in rows(frame, ("source", "target", *names), ("source", "target", *names)))
    return graph


def _random_graph_data(seed: int) -> gd.GraphData:
    """Small random GraphData: missing values, parallel edges and self-loops, every kind of
    ``attributes`` (object, invalid JSON, not an object, clashing keys), an id under two
    labels and edges to ids that are no node."""
    rng = random.Random(seed)
    ids = [f"n{i}" for i in range(12)]
    attributes = [None, None, '{"x": 1, "id": "no", "type": "no", "label": "no"}',
                  "not json", "[1, 2]", '{"y": null, "z": "zz"}']

    def value(kind: str):
        if rng.random() < 0.3:
            return None
        return {"int": rng.randint(0, 9), "float": rng.choice([0.5, 1.25, -3.0]),
                "date": "2024-01-0" + str(rng.randint(1, 9))}.get(kind, rng.choice("ab"))

    def props(properties) -> dict:
        return {p.name: rng.choice(attributes) if p.name == "attributes" else value(p.type)
                for p in properties}

    nodes = {label: [{**props(NODE_LABELS[label].properties), "id": node}
                     for node in rng.sample(ids, 4)] for label in (AGENCY, PERSON, GROUP)}
    rels = {}
    for rel in (MEMBER_OF, LIAISES_WITH, FUNDS, PART_OF):
        rels[rel] = [{"source": rng.choice(ids + ["ghost"]), "target": rng.choice(ids[:5]),
                      "source_label": PERSON, "target_label": GROUP,
                      **props(REL_TYPES[rel].properties)} for _ in range(rng.randint(0, 25))]
    return graph_data(nodes, rels)


@pytest.mark.parametrize("seed", range(40))
def test_fast_conversion_equals_the_plain_one(seed: int) -> None:
    data = _random_graph_data(seed)
    fast, plain = gd.to_networkx(data), _reference_networkx(data)
    assert list(fast.nodes(data=True)) == list(plain.nodes(data=True))
    assert list(fast.edges(keys=True, data=True)) == list(plain.edges(keys=True, data=True))
    assert all(list(fast.pred[n].items()) == list(plain.pred[n].items()) for n in plain)
    assert all(fast._succ[u][v] is fast._pred[v][u] for u, v in fast.edges())


def test_reads_come_back_in_the_read_order(tmp_path, build_graph_data) -> None:
    """Nodes by label (schema order) and id, relationships by type, source, target and
    properties, whatever order they were imported in (docs/design.md, "Read order").

    Replaces the old contract (reads in import order): Neo4j cannot keep import order
    (its ids are handed out in ranges and reused), so both stores sort instead.
    """
    people = [{"id": f"p{i:03d}", "name": f"n{i}"} for i in range(300)]
    groups = [{"id": f"g{i}"} for i in range(7)]
    order = list(range(300 * 7))
    random.Random(1).shuffle(order)
    # three seats per person and group, told apart only by role (parallel relationships)
    members = [{"source": f"p{i % 300:03d}", "target": f"g{i // 300}", "role": role}
               for i in order for role in ("chair", "member", None)]
    reads = []
    for name, rows in (("shuffled", members), ("reversed", members[::-1])):
        with EmbeddedStore(tmp_path / f"{name}.db") as store:
            data = build_graph_data({GROUP: groups, PERSON: people[::-1]}, {MEMBER_OF: rows})
            store.write_import(data)
            read = store.to_networkx()
            assert list(store.to_networkx().edges(keys=True, data=True)) == list(
                read.edges(keys=True, data=True))
            frame = store.read_data().relationships[MEMBER_OF]
            reads.append(read)
    first, second = reads
    assert list(first.nodes) == [f"g{i}" for i in range(7)] + [p["id"] for p in people]
    roles = ["chair", "member", None]
    expected = sorted(((m["source"], m["target"], m["role"]) for m in members),
                      key=lambda e: (e[0], e[1], roles.index(e[2])))
    assert [(u, v, d.get("role")) for u, v, d in first.edges(data=True)] == expected
    assert list(frame[["source", "target"]].itertuples(index=False, name=None)) == [
        (u, v) for u, v, _ in expected]
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))


@pytest.mark.parametrize("seed", range(10))
def test_conversion_keeps_one_object_per_distinct_string(seed: int) -> None:
    """Equal strings read are one object (node ids, the ends of the relationships and
    every string property alike); values, their types and their order are unchanged."""
    data = _random_graph_data(seed)
    fast, plain = gd.to_networkx(data), _reference_networkx(data)
    assert repr(list(fast.nodes(data=True))) == repr(list(plain.nodes(data=True)))
    assert repr(list(fast.edges(keys=True, data=True))) == repr(
        list(plain.edges(keys=True, data=True)))
    one: dict[str, str] = {}
    nodes = {node: node for node in fast}
    for u, neighbours in fast._succ.items():
        for v in neighbours:
            assert nodes[v] is v and nodes[u] is u  # an end is the node's own id object
    # the properties read from columns, not the keys that attributes' JSON adds
    strings = [x for _, d in fast.nodes(data=True) for k, x in d.items()
               if type(x) is str and k in NODE_LABELS[d["label"]].property_names]
    strings += [x for *_, d in fast.edges(keys=True, data=True) for k, x in d.items()
                if type(x) is str and k in REL_TYPES[d["type"]].property_names]
    assert len(strings) > len(set(strings))
    assert all(one.setdefault(x, x) is x for x in strings)


def test_conversion_shares_one_record_per_distinct_properties() -> None:
    """Edges with identical properties share one read-only record; any difference of
    value or of type (1, 1.0 and True in ``attributes``; 0.0 and -0.0) keeps them
    apart, so every value reads back as the plain conversion gives it."""
    kinds = [{"amount": 0.0}, {"amount": -0.0}, {"amount": 1.0, "year": 1},
             {"attributes": '{"x": 1}'}, {"attributes": '{"x": 1.0}'},
             {"attributes": '{"x": true}'}, {"mechanism": "pooled"}, {}]
    rows = [{"source": f"a{i}", "target": "b", "source_label": AGENCY, "target_label": AGENCY,
             **kind} for i, kind in enumerate(kinds * 3)]
    data = graph_data({AGENCY: [{"id": "b"}] + [{"id": r["source"]} for r in rows]},
                      {FUNDS: rows})
    fast, plain = gd.to_networkx(data), _reference_networkx(data)
    assert repr(list(fast.edges(keys=True, data=True))) == repr(
        list(plain.edges(keys=True, data=True)))
    records = {id(d): repr(d) for *_, d in fast.edges(keys=True, data=True)}
    assert len(records) == len(set(records.values())) == len(kinds)
    u, v, key = next(iter(fast.edges(keys=True)))
    with pytest.raises(TypeError, match="read-only"):
        fast.edges[u, v, key]["amount"] = 2.0


def test_the_probe_started_early_is_the_one_the_open_collects(
        store: EmbeddedStore, sample_data, monkeypatch: pytest.MonkeyPatch) -> None:
    """``netan query`` starts the store's crash probe as it starts (graphdb.probe); the
    first open collects that child's answer instead of forking another, and a probe
    is never started while another thread runs."""
    import threading

    from netan.graphdb import probe

    store.write_import(sample_data)
    path = Path(store.location)
    forked: list[int] = []
    real_fork = probe._fork_probe
    monkeypatch.setattr(probe, "_fork_probe", lambda p: forked.append(1) or real_fork(p))
    monkeypatch.setattr(probe, "_PROBED", {})
    monkeypatch.setattr(probe, "_PROBING", {})
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        probe.start_probe(path)
    finally:
        release.set()
        other.join()
    assert forked == [] and probe._PROBING == {}
    probe.start_probe(path)
    probe.start_probe(path)  # once per version of the file
    assert len(forked) == 1 and len(probe._PROBING) == 1
    with EmbeddedStore(path, read_only=True) as reader:
        assert reader.counts()["nodes"][PERSON] > 0
    assert len(forked) == 1 and probe._PROBING == {}
    assert list(probe._PROBED.values()) == [None]  # the child opened it and left
