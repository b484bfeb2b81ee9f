"""The Neo4j store without a server: its statements, its safety, its connection errors.

The statements the store sends are built by pure functions; here they are parsed
with a real Neo4j Cypher parser (graphglot, ``neo4j`` dialect) and searched for
user values, which must only ever travel as parameters. Behaviour against a real
server is in ``test_store_contract.py``, and here for what only Neo4j has (its
login, the sector labels), on the session's real server (conftest's ``neo4j_server``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from conftest import graph_data, sample_rows

from netan.graphdb import neo4j_store as ns
from netan.graphdb import open_store
from netan.graphdb.schema import (
    AGENCY,
    FUNDS,
    GROUP,
    LIAISES_WITH,
    MEMBER_OF,
    NODE_LABELS,
    PERSON,
    REL_TYPES,
    SECTOR,
)
from netan.graphdb.store import StoreError
from netan.visualisations.style import PALETTE

HOSTILE = [
    "x'}) DETACH DELETE n //",
    'q"uote',
    "back\\slash",
    "brace}",
    "`tick`",
    "$param",
    "line\nbreak",
    "MATCH (n) DETACH DELETE n",
    "Robert'); DROP TABLE Students;--",
]


@cache
def neo4j_dialect():
    dialect = pytest.importorskip("graphglot.dialect", reason="graphglot (Cypher parser) "
                                  "not installed: pip install graphglot")
    return dialect.Dialect.get_or_raise("neo4j")


def assert_parses(cypher: str) -> None:
    result = neo4j_dialect().validate(cypher)
    assert result.success, f"not valid Neo4j Cypher: {cypher}\n{result.error}"


def hostile_data():
    """Every label and type, every free-text value a hostile string."""
    values = iter(HOSTILE * 10)
    nodes = {
        AGENCY: [{"id": next(values), "name": next(values), "area": next(values),
                  "attributes": json.dumps({next(values): next(values)})}],
        GROUP: [{"id": next(values), "name": next(values), "area": next(values)}],
        PERSON: [{"id": next(values), "name": next(values)},
                 {"id": "p-plain", "name": next(values)}],
    }
    agency, group = nodes[AGENCY][0]["id"], nodes[GROUP][0]["id"]
    person = nodes[PERSON][0]["id"]
    rels = {
        MEMBER_OF: [{"source": person, "target": group, "represents": next(values)}],
        LIAISES_WITH: [{"source": person, "target": "p-plain",
                        "attributes": json.dumps({"note": next(values)})}],
        FUNDS: [{"source": agency, "target": group, "amount": 1.0, "year": 1998}],
    }
    return graph_data(nodes, rels)


# -- statements are Neo4j 5 Cypher --------------------------------------------------


def test_parser_rejects_broken_cypher() -> None:
    """The check below means something: the parser does refuse bad statements."""
    for bad in ("MATCH (n RETURN n", "CREATE CONSTRAINT FOR REQUIRE", "RETURN 1 +"):
        assert not neo4j_dialect().validate(bad).success


def test_schema_statements_are_constraints_and_indexes() -> None:
    ddl = ns.schema_statements()
    for label in NODE_LABELS:
        assert (f"CREATE CONSTRAINT netan_{label.lower()}_id IF NOT EXISTS FOR "
                f"(n:`{label}`) REQUIRE n.`id` IS UNIQUE") in ddl
    assert any("FOR (n:`Person`) ON (n.`sector`)" in s for s in ddl)
    assert any(f"FOR (n:`{ns.STAGING}`) ON (n._netan_run, n.id)" in s for s in ddl)
    assert len(set(s.split()[2] for s in ddl)) == len(ddl)  # unique names


def test_every_statement_the_store_sends_parses_as_neo4j_cypher() -> None:
    data = graph_data(*sample_rows())
    texts = {s.cypher for mode in ("replace", "append")
             for s in ns.statements_for_import(data, mode, batch_size=2, run="r1")}
    texts |= {c for cs in ns.count_statements().values() for c in cs}
    texts |= {ns.read_node_statement(label) for label in NODE_LABELS}
    texts |= {c for rel in REL_TYPES for _, _, c in ns.read_relationship_statements(rel)}
    texts |= {s.cypher for s in ns.cleanup_statements("r1")}
    assert len(texts) > 50
    for cypher in sorted(texts):
        assert_parses(cypher)


# -- user values only as parameters --------------------------------------------------


def test_user_values_never_appear_in_statement_text() -> None:
    data = hostile_data()
    for mode in ("replace", "append"):
        statements = list(ns.statements_for_import(data, mode, batch_size=1, run="r1"))
        sent = [value for s in statements for value in _strings(s.params)]
        for hostile in HOSTILE:
            assert any(hostile in value for value in sent), hostile  # it did travel...
            for statement in statements:  # ...but only as a parameter
                assert hostile not in statement.cypher
                assert "Robert" not in statement.cypher and "DROP" not in statement.cypher


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_names_that_are_not_schema_names_are_refused() -> None:
    with pytest.raises(ValueError):
        ns.quoted("Person` DETACH DELETE n //")


# -- batching and the all-or-nothing plan -------------------------------------------


def test_batches_cover_every_row_once_and_report_what_they_must_write() -> None:
    data = graph_data(*sample_rows())
    staged = list(ns.staging_statements(data, "replace", "r1", batch_size=2))
    people = [s for s in staged if s.step == PERSON]
    assert [len(s.params["rows"]) for s in people] == [2, 1]
    assert [r["id"] for s in people for r in s.params["rows"]] == ["p1", "p2", "p3"]
    assert all(s.expect == len(s.params["rows"]) for s in staged)
    liaison = [s for s in staged if s.step == LIAISES_WITH]
    # one statement per endpoint-label pair: Person->Person, Person->Agency, Person->Group
    assert sorted((s.params["source_label"], s.params["target_label"]) for s in liaison) == [
        (PERSON, AGENCY), (PERSON, GROUP), (PERSON, PERSON)]
    assert all("UNWIND $rows AS row" in s.cypher and "MERGE" in s.cypher for s in people)
    for mode in ("replace", "append"):
        for size in (1, 2, 1000):
            assert ns.staging_batches(data, mode, size) == len(
                list(ns.staging_statements(data, mode, "r1", size)))


def test_missing_values_are_not_sent_and_types_are_plain_python() -> None:
    data = graph_data(*sample_rows())
    staged = list(ns.staging_statements(data, "replace", "r1", batch_size=100))
    p3 = next(r for s in staged if s.step == PERSON for r in s.params["rows"] if r["id"] == "p3")
    assert p3["properties"] == {"id": "p3"}
    years = [r["properties"].get("year") for s in staged if s.step == FUNDS
             for r in s.params["rows"]]
    assert sorted(years, key=lambda y: (y is None, y)) == [1998, 1999, None]
    assert all(type(y) is int for y in years if y is not None)


def test_replace_switch_deletes_the_old_graph_then_relabels_the_staged_one() -> None:
    data = graph_data(*sample_rows())
    switch = ns.switch_statements(data, "replace", "r1")
    deletes = [s for s in switch if "DETACH DELETE" in s.cypher]
    relabels = [s for s in switch if "REMOVE n:`NetanStaging`" in s.cypher]
    assert len(deletes) == len(NODE_LABELS)
    assert switch.index(deletes[-1]) < switch.index(relabels[0])
    assert {s.params["label"]: s.expect for s in relabels} == {
        label: len(frame) for label, frame in data.nodes.items()}


def test_append_keeps_the_last_row_per_identity_and_null_identities_match() -> None:
    data = graph_data(
        {AGENCY: [{"id": "a"}, {"id": "b"}]},
        {FUNDS: [{"source": "a", "target": "b", "amount": 1.0, "year": None},
                 {"source": "a", "target": "b", "amount": 2.0, "year": None},
                 {"source": "a", "target": "b", "amount": 3.0, "year": 1999}]})
    staged = [s for s in ns.staging_statements(data, "append", "r1") if s.step == FUNDS]
    amounts = [r["properties"]["amount"] for s in staged for r in s.params["rows"]]
    assert amounts == [2.0, 3.0]
    switch = next(s for s in ns.switch_statements(data, "append", "r1") if s.step == FUNDS)
    assert "(old.`year` IS NULL) = (s.`year` IS NULL)" in switch.cypher
    assert switch.expect == 2


def test_check_graph_refuses_twice_used_ids_and_disallowed_endpoints() -> None:
    twice = graph_data({AGENCY: [{"id": "x"}], PERSON: [{"id": "x"}]})
    with pytest.raises(StoreError, match="used twice"):
        ns.check_graph(twice)
    wrong = graph_data({AGENCY: [{"id": "a"}], GROUP: [{"id": "g"}]},
                       {MEMBER_OF: [{"source": "a", "target": "g"}]})
    with pytest.raises(StoreError, match="cannot go from Agency to Group"):
        ns.check_graph(wrong)


# -- connection settings and errors -------------------------------------------------


def test_settings_come_from_neo4j_environment_variables_and_hide_the_password() -> None:
    env = {"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io", "NEO4J_USERNAME": "ana",
           "NEO4J_PASSWORD": "s3cret-pw", "NEO4J_DATABASE": "netan"}
    settings = ns.Settings.from_environment(None, env)
    assert (settings.uri, settings.user, settings.database) == (
        "neo4j+s://abc.databases.neo4j.io", "ana", "netan")
    assert settings.password == "s3cret-pw" and "s3cret-pw" not in repr(settings)
    assert ns.Settings.from_environment("bolt://h:7687", env).uri == "bolt://h:7687"
    with pytest.raises(StoreError, match="NEO4J_URI"):
        ns.Settings.from_environment(None, {})


def test_an_unreachable_server_is_one_clear_line_without_the_password(monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2-secret")
    with pytest.raises(StoreError) as caught:
        ns.Neo4jStore("bolt://127.0.0.1:1", connection_timeout=3)
    message = str(caught.value)
    assert message.startswith("cannot connect to Neo4j at bolt://127.0.0.1:1")
    assert "\n" not in message and "hunter2-secret" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_open_store_routes_neo4j_uris_here() -> None:
    with pytest.raises(StoreError, match="cannot connect to Neo4j at neo4j://127.0.0.1:1"):
        open_store("neo4j://127.0.0.1:1")


def test_the_cli_prints_one_line_for_an_unreachable_server() -> None:
    """The real CLI: one error line, no traceback, no driver warning, no password."""
    env = {**os.environ, "NEO4J_PASSWORD": "hunter2-secret", "COLUMNS": "250"}
    done = subprocess.run([sys.executable, "-m", "netan", "query", "--db",
                           "neo4j://127.0.0.1:1", "RETURN 1"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode != 0
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "cannot connect to Neo4j at neo4j://127.0.0.1:1" in lines[0]
    assert "hunter2-secret" not in lines[0] and "Traceback" not in lines[0]


def test_a_wrong_password_on_a_real_server_is_one_line_in_the_cli(neo4j_server) -> None:
    """A real Bolt login refused: one line naming the user, never the password."""
    env = {**os.environ, **neo4j_server.environment(), "NEO4J_USERNAME": "analyst",
           "NEO4J_PASSWORD": "hunter2-secret", "COLUMNS": "250"}  # a user of its own:
    done = subprocess.run([sys.executable, "-m", "netan", "query", "--db",  # neo4j is
                           neo4j_server.uri, "RETURN 1"],  # never locked out by it
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode != 0
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert lines == [f"error: cannot connect to Neo4j at {neo4j_server.uri}: authentication "
                     "failed for user 'analyst' (check NEO4J_PASSWORD)"]
    assert "hunter2-secret" not in done.stdout + done.stderr


def test_sector_labels_follow_the_sector_on_a_real_server(neo4j_database) -> None:
    """Browser colours by label: each node with a sector carries exactly its Sector_ label."""
    store = neo4j_database.empty()
    with store:
        store.write_import(graph_data(*sample_rows()), "replace")

        def labels(node: str) -> list[str]:
            rows = store.query("MATCH (n {id: $id}) RETURN labels(n)", {"id": node}).rows
            return sorted(rows[0][0])

        assert labels("p2") == ["Person", "Sector_social_care"]
        assert labels("p3") == ["Person"] and labels("grp") == ["Group"]
        store.write_import(graph_data({PERSON: [{"id": "p2", "sector": "primary_care"}]}),
                           "append")
        assert labels("p2") == ["Person", "Sector_primary_care"]
        (node,), = store.query("MATCH (p:Person {id: 'p2'}) RETURN p").rows
        assert node["_label"] == "Person" and node["sector"] == "primary_care"


def test_sector_labels_come_from_the_vocabulary_only() -> None:
    assert ns.sector_label("social_care") == "Sector_social_care"
    with pytest.raises(ValueError):
        ns.sector_label("x` DETACH DELETE n //")
    statements = ns.sector_label_statements()
    assert any("SET n:`Sector_primary_care`" in s.cypher for s in statements)
    assert all(s.params["sector"] in SECTOR.values for s in statements)
    data = graph_data(*sample_rows())
    assert ns.switch_statements(data, "replace", "r1")[-len(statements):] == statements
    without = ns.switch_statements(data, "append", "r1", sector_labels=False)
    assert not any("Sector_" in s.cypher for s in without)


# -- the Browser style file ------------------------------------------------------------


def grass_rules() -> dict[str, dict[str, str]]:
    text = (Path(ns.__file__).with_name("neo4j_style.grass")).read_text(encoding="utf-8")
    rules = {}
    for selector, body in re.findall(r"^(\S+) \{\n(.*?)\n\}", text, re.MULTILINE | re.DOTALL):
        rules[selector] = dict(line.strip().rstrip(";").split(": ", 1)
                               for line in body.splitlines())
    return rules


def test_style_file_styles_every_label_type_and_sector_in_the_view_palette() -> None:
    rules = grass_rules()
    assert {f"node.{label}" for label in NODE_LABELS} <= set(rules)
    assert {f"relationship.{rel}" for rel in REL_TYPES} <= set(rules)
    for i, sector in enumerate(SECTOR.values):
        assert rules[f"node.{ns.sector_label(sector)}"]["color"] == PALETTE[i]
    order = list(rules)
    assert order.index(f"node.{PERSON}") < min(order.index(f"node.{ns.sector_label(s)}")
                                               for s in SECTOR.values)  # sector rules win
    assert rules[f"node.{PERSON}"]["caption"] == "'{name}'"
