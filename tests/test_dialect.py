"""Neo4j Cypher -> LadybugDB Cypher: text rewrites and answers on a real embedded store.

The graph used for the answers (drawn by hand)::

    people p1 Ann, p2 Bob, p3 Cat, p4 Dan; groups g1 (locality), g2 (area)

    ATTENDS       p1 -> g1, p2 -> g1, p3 -> g1, p3 -> g2, p4 -> g2
    LIAISES_WITH  p1 -> p2, p2 -> p3, p3 -> p1, p3 -> p4   (a triangle and a tail)

Neo4j's answers below are worked by hand from this drawing.
"""

from __future__ import annotations

from typing import Any

import ladybug
import pytest

from netan.graphdb import schema
from netan.graphdb.dialect import DialectError, to_embedded, tokenise, write_clauses

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
    return c


def run(conn: ladybug.Connection, neo4j_cypher: str) -> list[list[Any]]:
    """Rows of the translated query on the embedded store."""
    result = conn.execute(to_embedded(neo4j_cypher))
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
# Text rewrites
# ---------------------------------------------------------------------------


def test_labels_and_types_are_backquoted() -> None:
    assert to_embedded("MATCH (g:Group)<-[:ATTENDS]-(p:Person) RETURN g") == (
        "MATCH (g:`Group`)<-[:`ATTENDS`]-(p:`Person`) RETURN g"
    )


def test_map_keys_are_not_labels() -> None:
    assert to_embedded("MATCH (g:Group {level: 'area'}) RETURN {n: g.id}") == (
        "MATCH (g:`Group` {level: 'area'}) RETURN {n: g.id}"
    )


def test_function_renames() -> None:
    assert to_embedded("RETURN type(r), toInteger('1'), toFloat('2'), toString(3)") == (
        "RETURN label(r), to_int64('1'), to_double('2'), to_string(3)"
    )


def test_labels_becomes_a_one_item_list_indexed_from_one() -> None:
    assert to_embedded("RETURN labels(n)[0], head(labels(n))") == (
        "RETURN [label(n)][1], list_extract([label(n)], 1)"
    )


def test_subscripts_and_slices_shift_to_one_based() -> None:
    assert to_embedded("RETURN xs[0], xs[-1], xs[1..3], xs[..-1], m['k'], xs[$i]") == (
        "RETURN xs[1], xs[-1], xs[2..3], xs[..-2], m['k'], xs[($i) + 1]"
    )


def test_list_literals_are_not_subscripts() -> None:
    query = "UNWIND [0, 1] AS x WITH x WHERE x IN [0] RETURN [x, 0]"
    assert to_embedded(query) == query


def test_shortest_path_syntax() -> None:
    assert to_embedded("MATCH p = shortestPath((a)-[*..5]-(b)) RETURN p") == (
        "MATCH p = (a)-[* SHORTEST ..5]-(b) RETURN p"
    )
    assert to_embedded("MATCH p = allShortestPaths((a)-[:LIAISES_WITH*]-(b)) RETURN p") == (
        "MATCH p = (a)-[:`LIAISES_WITH`* ALL SHORTEST]-(b) RETURN p"
    )


def test_variable_length_becomes_trail() -> None:
    assert to_embedded("MATCH (a)-[r:LIAISES_WITH*1..2]->(b) RETURN b") == (
        "MATCH (a)-[r:`LIAISES_WITH`* TRAIL 1..2]->(b) RETURN b"
    )
    assert to_embedded("MATCH (a)-[*]-(b) RETURN b") == "MATCH (a)-[* TRAIL]-(b) RETURN b"


def test_relationship_isomorphism_added_to_match() -> None:
    assert to_embedded("MATCH (a)-[r1:ATTENDS]->(g)<-[r2:ATTENDS]-(b) RETURN a, b") == (
        "MATCH (a)-[r1:`ATTENDS`]->(g)<-[r2:`ATTENDS`]-(b) WHERE id(r1) <> id(r2) RETURN a, b"
    )


def test_relationship_isomorphism_anded_into_existing_where() -> None:
    out = to_embedded("MATCH (a)-[:ATTENDS]->(g)<-[:ATTENDS]-(b) WHERE a.id < b.id RETURN a")
    assert out == (
        "MATCH (a)-[_netan_r0_1:`ATTENDS`]->(g)<-[_netan_r0_2:`ATTENDS`]-(b) "
        "WHERE (a.id < b.id) AND id(_netan_r0_1) <> id(_netan_r0_2) RETURN a"
    )


def test_line_comment_in_where_does_not_swallow_the_condition() -> None:
    out = to_embedded("MATCH (a)-[r:T]->()<-[s:T]-(b)\nWHERE a.x = 1 // note\nRETURN a")
    assert out == (
        "MATCH (a)-[r:`T`]->()<-[s:`T`]-(b)\nWHERE (a.x = 1 // note\n) AND id(r) <> id(s)\n"
        "RETURN a"
    )


def test_bare_relationships_are_named_for_isomorphism() -> None:
    assert to_embedded("MATCH (a)-->(g)<--(b) RETURN a") == (
        "MATCH (a)-[_netan_r0_1]->(g)<-[_netan_r0_2]-(b) "
        "WHERE id(_netan_r0_1) <> id(_netan_r0_2) RETURN a"
    )


def test_no_isomorphism_condition_for_different_types_or_separate_matches() -> None:
    query = "MATCH (a)-[:ATTENDS]->(g) MATCH (a)-[:LIAISES_WITH]->(b) RETURN a"
    assert "id(" not in to_embedded(query)
    mixed = "MATCH (g)<-[:ATTENDS]-(a)-[:LIAISES_WITH]->(b) RETURN a"
    assert "id(" not in to_embedded(mixed)


def test_label_predicate_in_where() -> None:
    assert to_embedded("MATCH (n) WHERE n:Group RETURN n") == (
        "MATCH (n) WHERE label(n) = 'Group' RETURN n"
    )


def test_set_label_is_not_a_label_test() -> None:
    assert to_embedded("MATCH (n) WHERE n:Person SET n:Agency") == (
        "MATCH (n) WHERE label(n) = 'Person' SET n:`Agency`"
    )


def test_strings_comments_and_backquotes_untouched() -> None:
    query = (
        "MATCH (n:`Group`) RETURN 'type(r) Group CREATE labels(n)[0] (a)-[*]-(b)' AS s, "
        '"shortestPath((a)-[*]-(b))" AS t /* type(r) :Group */ // labels(n)[0]'
    )
    out = to_embedded(query)
    assert "'type(r) Group CREATE labels(n)[0] (a)-[*]-(b)'" in out
    assert '"shortestPath((a)-[*]-(b))"' in out
    assert out.endswith("/* type(r) :Group */ // labels(n)[0]")


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("CALL db.labels()", "show_tables"),
        ("CALL apoc.meta.schema() YIELD value RETURN value", "show_tables"),
        ("LOAD CSV WITH HEADERS FROM 'file:///x.csv' AS row RETURN row", "LOAD FROM"),
        ("MATCH (n:Person:Group) RETURN n", ":A|B"),
    ],
)
def test_unsupported_neo4j_features_raise_with_a_hint(query: str, hint: str) -> None:
    with pytest.raises(DialectError, match=hint.replace("|", r"\|")):
        to_embedded(query)


def test_embedded_table_functions_pass() -> None:
    assert to_embedded("CALL show_tables() RETURN *") == "CALL show_tables() RETURN *"


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
    named = "MATCH (a:Person {id: 'p1'})-[r:LIAISES_WITH*3]-(b) RETURN count(*), max(length(r))"
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
