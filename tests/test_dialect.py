"""Neo4j Cypher -> LadybugDB Cypher: what the translation guarantees, and answers on a real store.

The graph used for the answers (drawn by hand)::

    people p1 Ann, p2 Bob, p3 Cat, p4 Dan; groups g1 (locality), g2 (area)

    ATTENDS       p1 -> g1, p2 -> g1, p3 -> g1, p3 -> g2, p4 -> g2
    LIAISES_WITH  p1 -> p2, p2 -> p3, p3 -> p1, p3 -> p4   (a triangle and a tail)

Neo4j's answers below are worked by hand from this drawing (the corpus in
tests/test_cypher_parity.py checks the translation against a real Neo4j).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import ladybug
import pytest

from netan.graphdb import dialect_functions, schema
from netan.graphdb.dialect import DialectError, engine_error, tokenise, translate, write_clauses

PERSON = schema.PERSON
GROUP = schema.GROUP
ATTENDS = schema.ATTENDS
LIAISES_WITH = schema.LIAISES_WITH

PEOPLE = [
    ("p1", "Ann", "gp", "primary_care"),
    ("p2", "Bob", "nurse", "secondary_care"),
    ("p3", "Cat", "social_worker", "social_care"),
    ("p4", "Dan", "manager", "voluntary"),
]
GROUPS = [("g1", "locality"), ("g2", "area")]
ATTENDANCE = [("p1", "g1"), ("p2", "g1"), ("p3", "g1"), ("p3", "g2"), ("p4", "g2")]
LIAISONS = [("p1", "p2"), ("p2", "p3"), ("p3", "p1"), ("p3", "p4")]


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> ladybug.Connection:
    db = ladybug.Database(str(tmp_path_factory.mktemp("dialect") / "graph.lbug"))
    c = ladybug.Connection(db)
    c.execute(
        f"CREATE NODE TABLE `{PERSON}`(id STRING, name STRING, role STRING, sector STRING, "
        "PRIMARY KEY(id))"
    )
    c.execute(f"CREATE NODE TABLE `{GROUP}`(id STRING, level STRING, PRIMARY KEY(id))")
    c.execute(f"CREATE REL TABLE `{ATTENDS}`(FROM `{PERSON}` TO `{GROUP}`)")
    c.execute(f"CREATE REL TABLE `{LIAISES_WITH}`(FROM `{PERSON}` TO `{PERSON}`)")
    for pid, name, role, sector in PEOPLE:
        c.execute(
            f"CREATE (:`{PERSON}` {{id: $id, name: $name, role: $role, sector: $sector}})",
            {"id": pid, "name": name, "role": role, "sector": sector},
        )
    for gid, level in GROUPS:
        c.execute(f"CREATE (:`{GROUP}` {{id: $id, level: $level}})", {"id": gid, "level": level})
    for rel, pairs, target in ((ATTENDS, ATTENDANCE, GROUP), (LIAISES_WITH, LIAISONS, PERSON)):
        for a, b in pairs:
            c.execute(
                f"MATCH (a:`{PERSON}` {{id: $a}}), (b:`{target}` {{id: $b}}) "
                f"CREATE (a)-[:`{rel}`]->(b)",
                {"a": a, "b": b},
            )
    dialect_functions.register(c)
    return c


def run(conn: ladybug.Connection, neo4j_cypher: str) -> list[list[Any]]:
    """Rows of the translated query on the embedded store."""
    translation = translate(neo4j_cypher)
    result = conn.execute(translation.cypher, translation.parameters)
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def scalar(conn: ladybug.Connection, neo4j_cypher: str) -> Any:
    rows = run(conn, neo4j_cypher)
    assert len(rows) == 1 and len(rows[0]) == 1, rows
    return rows[0][0]


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


def test_tokens_join_back_to_the_query() -> None:
    query = "MATCH (n:`Group`) // it's a comment\nWHERE n.name = 'O\\'Neil' /* x */ RETURN $p"
    tokens = tokenise(query)
    assert "".join(t.text for t in tokens) == query
    kinds = {t.text: t.kind for t in tokens}
    assert kinds["'O\\'Neil'"] == "string"
    assert kinds["// it's a comment"] == "comment"
    assert kinds["`Group`"] == "quoted"
    assert kinds["$p"] == "param"


def test_range_reads_as_two_numbers() -> None:
    texts = [t.text for t in tokenise("[*1..3]")]
    assert texts == ["[", "*", "1", "..", "3", "]"]


# ---------------------------------------------------------------------------
# What the translation guarantees
# ---------------------------------------------------------------------------

HOSTILE = ["O'Neil", 'say "hi"', "back\\slash", "`tick`", "$param", "line\nbreak",
           "MATCH (n) DETACH DELETE n", "Robert'); DROP TABLE Students;--", "\\u0041",
           "tab\tand \U0001f600 and \x01"]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_strings_travel_as_parameters_never_as_query_text(text: str) -> None:
    literal = "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    translation = translate(f"MATCH (p:Person) WHERE p.name = {literal} RETURN p.name, $x",
                            {"x": text})
    assert text not in translation.cypher
    assert sorted(translation.parameters.values(), key=str) == sorted([text, text], key=str)


@pytest.mark.parametrize("text", HOSTILE)
def test_strings_written_inside_a_lambda_come_back_unchanged(conn, text: str) -> None:
    # LadybugDB reads no parameters inside a lambda: there literals are written escaped
    literal = "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    query = f"RETURN [x IN ['a'] | {literal}] AS xs"
    assert "list_transform" in translate(query).cypher
    assert scalar(conn, query) == [text]


def test_labels_types_and_variables_are_backquoted() -> None:
    text = translate("MATCH (group:Group)<-[r:ATTENDS]-(p:Person) RETURN group").cypher
    assert "(`group`:`Group`)<-[`r`:`ATTENDS`]-(`p`:`Person`)" in text


def test_columns_are_named_as_neo4j_names_them() -> None:
    translation = translate("MATCH (p:Person) RETURN count(p), p.name, count( * ), "
                            "p {.id}, p.role AS role")
    assert translation.columns == ["count(p)", "p.name", "count( * )", "p", "role"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("MATCH (p:Persn) RETURN p", "no label `Persn`.*did you mean `Person`"),
        ("MATCH (g:group) RETURN g", "no label `group`.*did you mean `Group`.*case-sensitive"),
        ("MATCH ()-[r:member_of]->() RETURN r", "no relationship type `member_of`.*`MEMBER_OF`"),
        ("MATCH (p:Person) RETURN p.nmae", "Person has no property `nmae`.*did you mean `name`"),
        ("MATCH (p:Person) WHERE p.id = $who RETURN p", r"parameter \$who.*--param who="),
        ("MATHC (p:Person) RETURN p", "found 'MATHC' \\(did you mean MATCH\\?\\)"),
        ("MATCH (p:Person) RETRUN p", "found 'RETRUN' \\(did you mean RETURN\\?\\)"),
        ("MATCH (p:Person) WHERE p.role != 'gp' RETURN p", "'not equal' as <>"),
        ("CALL db.labels()", "CALL.*not supported.*netan schema"),
        ("MATCH (p:Person) RETURN id(p)", "id\\(\\).*use netan's id, n.id"),
        ("RETURN [1, 2.5]", "mixing integers and floats.*1.0"),
    ],
)
def test_refusals_are_one_line_with_what_to_write_instead(query: str, message: str) -> None:
    with pytest.raises(DialectError, match=message) as refused:
        translate(query)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(("query", "position"), [
    ("MATHC (p:Person) RETURN p", 1), ("MATCH (p:Person) RETRUN p", 18),
    ("MATCH (p:Person)\nWHERE p.role != 'gp' RETURN p", 31), ("RETURN 1 +", 11)])
def test_syntax_errors_give_the_position(query: str, position: int) -> None:
    with pytest.raises(DialectError) as refused:
        translate(query)
    assert refused.value.position == position
    assert "every keyword" not in str(refused.value) and str(refused.value).count(",") < 6


def test_engine_errors_are_one_line_without_translated_text() -> None:
    raw = ("Binder exception: Cannot match a built-in function for given function "
           "+(STRING,INT64). Supported inputs are\n(INT64,INT64) -> INT64")
    assert "\n" not in engine_error(raw) and "(STRING" not in engine_error(raw)
    assert engine_error("Runtime exception: Divide by zero.") == "division by zero"
    hidden = "Binder exception: Variable `_r1` is not in scope."
    assert "`" not in engine_error(hidden) and "_r1" not in engine_error(hidden)


# ---------------------------------------------------------------------------
# write_clauses
# ---------------------------------------------------------------------------


def test_write_clauses_in_order() -> None:
    query = "MATCH (n) SET n.x = 1 MERGE (m {id: 1}) ON CREATE SET m.y = 2 DETACH DELETE n"
    assert write_clauses(query) == ["SET", "MERGE", "SET", "DETACH DELETE"]


def test_write_words_in_strings_properties_and_keys_are_not_clauses() -> None:
    query = (
        "MATCH (n:Person) WHERE n.created > 0 AND n.`delete` = 'CREATE (x)' "
        "RETURN {set: 1, merge: n.remove} AS m, $create /* DROP TABLE */ // DELETE"
    )
    assert write_clauses(query) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("CREATE (:Person {id: 'x'})", ["CREATE"]),
        ("create (:Person)", ["CREATE"]),
        ("MATCH (n) REMOVE n.name", ["REMOVE"]),
        ("DROP TABLE Person", ["DROP"]),
        ("ALTER TABLE Person ADD x INT64", ["ALTER"]),
        ("COPY Person FROM 'people.csv'", ["COPY"]),
        ("INSTALL json", ["INSTALL"]),
        ("LOAD json", ["LOAD"]),
        ("LOAD FROM 'x.csv' RETURN *", []),
        ("CALL show_tables() RETURN *", []),
        ("CALL apoc.create.node(['X'], {})", ["CALL apoc.create.node"]),
        ("CALL drop_fts_index('Person', 'idx')", ["CALL drop_fts_index"]),
        ("MATCH (n) RETURN n.set, n.created", []),
    ],
)
def test_write_clause_cases(query: str, expected: list[str]) -> None:
    assert write_clauses(query) == expected


# ---------------------------------------------------------------------------
# Answers on a real embedded store match Neo4j's (worked by hand)
# ---------------------------------------------------------------------------


def test_raw_ladybug_pairs_a_person_with_themselves(conn: ladybug.Connection) -> None:
    # the reason for the isomorphism rewrite: 3*3 + 2*2 walks through g1 and g2
    raw = "MATCH (a)-[r1:ATTENDS]->(g:`Group`)<-[r2:ATTENDS]-(b) RETURN count(*)"
    assert conn.execute(raw).get_next()[0] == 13


def test_co_attendance_pairs_without_self_pairs(conn: ladybug.Connection) -> None:
    # g1: 3 attendees -> 6 ordered pairs; g2: 2 -> 2 ordered pairs
    query = "MATCH (a:Person)-[:ATTENDS]->(g:Group)<-[:ATTENDS]-(b:Person) RETURN count(*)"
    assert scalar(conn, query) == 8
    named = "MATCH (a)-[r1:ATTENDS]->(g)<-[r2:ATTENDS]-(b) WHERE a.id < b.id RETURN count(*)"
    assert scalar(conn, named) == 4  # {p1,p2}, {p1,p3}, {p2,p3}, {p3,p4}


def test_bare_pattern_pairs_without_self_pairs(conn: ladybug.Connection) -> None:
    # through groups: 8 ordered pairs; through liaisons p1-p2-p3-p4 chain of arrows:
    # a->m->b: p1->p2->p3, p2->p3->p1, p2->p3->p4, p3->p1->p2 = 4
    assert scalar(conn, "MATCH (a:Person)-->(g:Group)<--(b:Person) RETURN count(*)") == 8
    assert scalar(conn, "MATCH (a:Person)-->(m:Person)-->(b:Person) RETURN count(*)") == 4


def test_co_attendance_across_two_patterns_in_one_match(conn: ladybug.Connection) -> None:
    query = "MATCH (a)-[:ATTENDS]->(g), (b)-[:ATTENDS]->(g) RETURN count(*)"
    assert scalar(conn, query) == 8


def test_variable_length_paths_do_not_reuse_relationships(conn: ladybug.Connection) -> None:
    # trails from p1: length 1: 2, length 2: 3, length 3: 3 (see module docstring)
    query = "MATCH (a:Person {id: 'p1'})-[:LIAISES_WITH*1..3]-(b) RETURN count(*)"
    assert scalar(conn, query) == 8
    exactly_two = "MATCH (a:Person {id: 'p1'})-[:LIAISES_WITH*2]-(b) RETURN count(*)"
    assert scalar(conn, exactly_two) == 3
    unbounded = "MATCH (a:Person {id: 'p1'})-[:LIAISES_WITH*]-(b) RETURN count(*)"
    assert scalar(conn, unbounded) == 8  # no trail from p1 is longer than 3
    named = "MATCH (a:Person {id: 'p1'})-[r:LIAISES_WITH*3]-(b) RETURN count(*), max(size(r))"
    assert run(conn, named) == [[3, 3]]


def test_directed_variable_length(conn: ladybug.Connection) -> None:
    # p1 -> p2 -> p3 -> {p1, p4}: lengths 1, 2, 3, 3
    query = "MATCH (a:Person {id: 'p1'})-[:LIAISES_WITH*1..5]->(b) RETURN count(*)"
    assert scalar(conn, query) == 4


def test_shortest_path_length(conn: ladybug.Connection) -> None:
    query = (
        "MATCH p = shortestPath((a:Person {id: 'p1'})-[:LIAISES_WITH*..5]-(b:Person {id: 'p4'})) "
        "RETURN length(p)"
    )
    assert scalar(conn, query) == 2
    all_shortest = (
        "MATCH p = allShortestPaths((a:Person {id: 'p2'})-[*..5]-(b:Person {id: 'p4'})) "
        "RETURN count(*), min(length(p))"
    )
    # p2-p3-p4 through LIAISES_WITH, and p2-g1-p3 is not shorter to p4
    rows = run(conn, all_shortest)
    assert rows == [[1, 2]]


def test_optional_match_and_with_keep_isomorphism(conn: ladybug.Connection) -> None:
    query = (
        "MATCH (a:Person {id: 'p4'}) WITH a "
        "OPTIONAL MATCH (a)-[:ATTENDS]->(g)<-[:ATTENDS]-(b) RETURN count(b)"
    )
    assert scalar(conn, query) == 1  # only p3 shares g2 with p4


def test_type_of_relationship(conn: ladybug.Connection) -> None:
    query = "MATCH (:Person {id: 'p3'})-[r]->() RETURN type(r) AS t ORDER BY t"
    # p3 attends g1 and g2, liaises with p1 and p4
    assert [row[0] for row in run(conn, query)] == [
        "ATTENDS",
        "ATTENDS",
        "LIAISES_WITH",
        "LIAISES_WITH",
    ]


def test_labels_of_node(conn: ladybug.Connection) -> None:
    assert scalar(conn, "MATCH (n:Group {id: 'g1'}) RETURN labels(n)") == ["Group"]
    assert scalar(conn, "MATCH (n:Group {id: 'g1'}) RETURN labels(n)[0]") == "Group"
    assert scalar(conn, "MATCH (n:Group {id: 'g1'}) RETURN head(labels(n))") == "Group"
    assert scalar(conn, "MATCH (n) WHERE 'Person' IN labels(n) RETURN count(*)") == 4
    assert scalar(conn, "MATCH (n) WHERE n:Group RETURN count(*)") == 2
    assert scalar(conn, "MATCH (n) WHERE n:Group|Person RETURN count(*)") == 6


def test_unquoted_group_label(conn: ladybug.Connection) -> None:
    assert scalar(conn, "MATCH (g:Group) RETURN count(g)") == 2
    assert scalar(conn, "MATCH (n:Person|Group) RETURN count(n)") == 6


def test_string_literals_survive_a_round_trip(conn: ladybug.Connection) -> None:
    text = "type(r) Group CREATE labels(n)[0]"
    assert scalar(conn, f"RETURN '{text}' AS s") == text


def test_property_called_created_is_read_not_written(conn: ladybug.Connection) -> None:
    query = "MATCH (g:Group) WHERE g.level <> 'created' RETURN count(*) AS created"
    assert write_clauses(query) == []
    assert scalar(conn, query) == 2


def test_list_functions_and_indexes(conn: ladybug.Connection) -> None:
    rows = run(
        conn,
        "WITH [10, 20, 30] AS xs RETURN xs[0], xs[-1], xs[1..2], xs[..-1], xs[1..], "
        "head(xs), last(xs), tail(xs), size(xs)",
    )
    assert rows == [[10, 30, [20], [10, 20], [20, 30], 10, 30, [20, 30], 3]]


def test_conversions_and_common_functions(conn: ladybug.Connection) -> None:
    rows = run(
        conn,
        "RETURN toInteger('42'), toFloat('2.5'), toString(7), round(2.5), "
        "split('a,b', ','), coalesce(null, 'x'), toLower('AB'), toBoolean('true')",
    )
    assert rows == [[42, 2.5, "7", 3.0, ["a", "b"], "x", "ab", True]]


def test_aggregates_and_exists_subquery(conn: ladybug.Connection) -> None:
    assert scalar(conn, "MATCH (p:Person) RETURN count(DISTINCT p.sector)") == 4
    assert sorted(scalar(conn, "MATCH (g:Group) RETURN collect(g.id)")) == ["g1", "g2"]
    query = (
        "MATCH (p:Person) WHERE exists { MATCH (p)-[:ATTENDS]->(:Group {level: 'area'}) } "
        "RETURN count(p)"
    )
    assert scalar(conn, query) == 2  # p3, p4


# ---------------------------------------------------------------------------
# docs/cypher-dialects.md lists the refusals; each is checked here
# ---------------------------------------------------------------------------


def documented_refusals() -> list[tuple[str, str]]:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "cypher-dialects.md").read_text(
        encoding="utf-8")
    table = docs.split("| You write | netan says: instead |", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in table.splitlines()[2:]:
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        query, instead = (cell.strip().replace("\\|", "|") for cell in cells)
        rows.append((query.strip("`"), instead))
    return rows


@pytest.mark.parametrize(("query", "instead"), documented_refusals())
def test_documented_refusals(query: str, instead: str) -> None:
    with pytest.raises(DialectError) as refused:
        translate(query, {"key": "name", "props": {"id": "x"}})
    assert instead in str(refused.value)
    assert "\n" not in str(refused.value)


def test_the_docs_list_many_refusals() -> None:
    assert len(documented_refusals()) >= 40


def readme_examples() -> list[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| Cypher | example |", 1)[1].split("\n\n", 1)[0]
    return [re.search(r"`((?:[^`\\]|\\.)+)`", re.split(r"(?<!\\)\|", line)[2]).group(1)
            .replace("\\|", "|") for line in table.strip().splitlines()[1:]]


def test_every_readme_example_runs_on_the_embedded_store(tmp_path) -> None:
    from netan import api

    db = str(tmp_path / "netan.db")
    api.import_data(Path(__file__).resolve().parents[1] / "examples" / "kingsfund-1998", db=db)
    params = {"from": "kf-jcm", "to": "kf-p002", "roles": ["gp", "cpn"], "n": 3}
    examples = readme_examples()
    assert len(examples) >= 12
    for query in examples:
        result = api.query(query, params, db=db)
        assert result.columns, query
