"""The hostile-query corpus: what an attacker or a careless user types into `netan query`.

Each case is ``(id, query, expect, options)``. ``expect`` is a regular expression the
one-line refusal must match, or ``OK`` when the query must run (the look-alikes: a
keyword inside a string, a comment or backquotes is text, not a command; a hostile
label is only a label). ``{sandbox}`` in a query is the folder around the store, where
a successful attack would leave a file. Options: ``write`` (pass --write: the
refusals must hold anyway) and ``params``.

tests/test_query_gate.py runs every case in a child process against a real store and
asserts the message, that the store is byte-for-byte unchanged and that no file
appeared or changed anywhere in the sandbox.
"""

from __future__ import annotations

from typing import Any

OK = "OK"
Case = tuple[str, str, str, dict[str, Any]]

ONE_STATEMENT = r"more than one statement \(';' at line \d+, column \d+\)"
READ_ONLY = r"read-only: this query has .*; pass --write"


def _nest(opening: str, middle: str, closing: str, depth: int) -> str:
    return "RETURN " + opening * depth + middle + closing * depth


CASES: list[Case] = [
    # -- several statements --------------------------------------------------
    ("two-reads", "MATCH (n) RETURN count(n); MATCH (m) RETURN count(m)", ONE_STATEMENT, {}),
    ("read-then-checkpoint", "MATCH (n) RETURN n;CHECKPOINT", ONE_STATEMENT, {}),
    ("read-then-copy", "RETURN 1; COPY (MATCH (p:Person) RETURN p.name) TO "
     "'{sandbox}/leak.csv'", ONE_STATEMENT, {}),
    ("semicolon-after-comment", "RETURN 1 /* ; */ ; RETURN 2", ONE_STATEMENT, {}),
    ("semicolon-after-string", "RETURN 'a;b';RETURN 2", ONE_STATEMENT, {}),
    ("semicolon-newline", "RETURN 1\n;\nRETURN 2", ONE_STATEMENT, {}),
    ("three-statements", "RETURN 1; RETURN 2; RETURN 3", ONE_STATEMENT, {}),
    ("write-then-checkpoint", "CREATE (:Person {id: 'zz'}); CHECKPOINT", ONE_STATEMENT,
     {"write": True}),
    ("trailing-semicolon-ok", "RETURN 1 AS one;", OK, {}),
    ("semicolon-in-string-ok", "RETURN 'a; CHECKPOINT; b' AS text", OK, {}),
    ("semicolon-in-comment-ok", "RETURN 1 AS one // ; CHECKPOINT", OK, {}),
    # -- files ----------------------------------------------------------------
    ("copy-query-to", "COPY (MATCH (p:Person) RETURN p.id, p.name) TO '{sandbox}/leak.csv'",
     "COPY at line 1, column 1: COPY reads and writes files", {}),
    ("copy-table-to", "COPY Person TO '{sandbox}/people.csv'", "COPY at", {}),
    ("copy-over-input", "COPY (RETURN 'x' AS x) TO '{sandbox}/input.csv'", "COPY at", {}),
    ("copy-from", "COPY Person FROM '{sandbox}/input.csv'", "COPY at", {}),
    ("copy-lower-case", "copy (match (p:Person) return p.name) to '{sandbox}/leak.csv'",
     "COPY at", {}),
    ("copy-after-comment", "/* harmless */ COPY Person TO '{sandbox}/leak.parquet'",
     "COPY at", {}),
    ("copy-after-line-comment", "// note\nCOPY Person TO '{sandbox}/leak.csv'",
     r"COPY at line 2, column 1", {}),
    ("copy-with-write", "COPY (MATCH (p:Person) RETURN p.name) TO '{sandbox}/leak.csv'",
     "COPY at", {"write": True}),
    ("load-from-csv", "LOAD FROM '{sandbox}/input.csv' RETURN *", "LOAD at", {}),
    ("load-from-passwd", "LOAD FROM '/etc/passwd' (header=false) RETURN *", "LOAD at", {}),
    ("load-with-headers", "LOAD WITH HEADERS (a STRING) FROM '{sandbox}/input.csv' RETURN *",
     "LOAD at", {}),
    ("load-csv-neo4j", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD at", {}),
    ("load-from-function", "LOAD FROM read_csv('{sandbox}/input.csv') RETURN *", "LOAD at", {}),
    ("call-read-csv-serial", "CALL READ_CSV_SERIAL('/etc/passwd') RETURN *",
     "CALL READ_CSV_SERIAL at line 1, column 1: netan query calls only", {}),
    ("call-read-csv-parallel", "CALL read_csv_parallel('{sandbox}/input.csv') RETURN *",
     "CALL read_csv_parallel at", {}),
    ("call-read-parquet", "CALL READ_PARQUET('/etc/passwd') RETURN *", "CALL READ_PARQUET at",
     {}),
    ("call-read-parquet-store", "CALL READ_PARQUET('{sandbox}/store/netan.db') RETURN *",
     "CALL READ_PARQUET at", {}),
    ("call-read-npy", "CALL read_npy('/etc/passwd') RETURN *", "CALL read_npy at", {}),
    ("call-read-pandas", "CALL read_pandas('frame') RETURN *", "CALL read_pandas at", {}),
    ("call-file-info", "CALL file_info('{sandbox}/input.csv') RETURN *", "CALL file_info at",
     {}),
    ("call-storage-info", "CALL storage_info('Person') RETURN *", "CALL storage_info at", {}),
    ("call-quoted-reader", "CALL `READ_CSV_SERIAL`('/etc/passwd') RETURN *",
     "CALL `READ_CSV_SERIAL` at", {}),
    ("call-reader-in-subquery", "MATCH (n) CALL READ_CSV_SERIAL('/etc/passwd') RETURN *",
     "CALL READ_CSV_SERIAL at line 1, column 11", {}),
    ("call-reader-with-write", "CALL READ_CSV_SERIAL('/etc/passwd') RETURN *",
     "CALL READ_CSV_SERIAL at", {"write": True}),
    ("reader-as-function", "RETURN read_csv('/etc/passwd')",
     r"the function read_csv\(\) is not one netan query allows", {}),
    ("reader-as-quoted-function", "RETURN `read_parquet`('/etc/passwd')",
     r"the function read_parquet\(\)", {}),
    ("reader-in-map-value", "RETURN {rows: read_csv_serial('/etc/passwd')}",
     r"the function read_csv_serial\(\)", {}),
    # -- other databases, extensions, transactions, the schema ---------------------
    ("attach", "ATTACH '{sandbox}/other.db' AS other (dbtype lbug)", "ATTACH at", {}),
    ("attach-with-write", "ATTACH '{sandbox}/other.db' AS other", "ATTACH at",
     {"write": True}),
    ("detach-database", "DETACH other", "DETACH at", {}),
    ("use-database", "USE other", "USE at", {}),
    ("export-database", "EXPORT DATABASE '{sandbox}/dump'", "EXPORT at", {}),
    ("import-database", "IMPORT DATABASE '{sandbox}/dump'", "IMPORT at", {"write": True}),
    ("install-extension", "INSTALL httpfs", "INSTALL at", {}),
    ("load-extension", "LOAD EXTENSION httpfs", "LOAD at", {}),
    ("load-extension-short", "LOAD httpfs", "LOAD at", {}),
    ("update-extension", "UPDATE httpfs", "UPDATE at", {}),
    ("uninstall-extension", "UNINSTALL json", "UNINSTALL at", {"write": True}),
    ("show-extensions", "CALL show_official_extensions() RETURN *",
     "CALL show_official_extensions at", {}),
    ("checkpoint", "CHECKPOINT", "CHECKPOINT at line 1, column 1: CHECKPOINT writes the store",
     {}),
    ("checkpoint-with-write", "CHECKPOINT", "CHECKPOINT at", {"write": True}),
    ("checkpoint-lower", "checkpoint", "CHECKPOINT at", {}),
    ("begin-transaction", "BEGIN TRANSACTION", "BEGIN at", {}),
    ("begin-read-only", "BEGIN TRANSACTION READ ONLY", "BEGIN at", {}),
    ("commit", "COMMIT", "COMMIT at", {"write": True}),
    ("commit-skip-checkpoint", "COMMIT_SKIP_CHECKPOINT", "COMMIT_SKIP_CHECKPOINT at",
     {"write": True}),
    ("rollback", "ROLLBACK", "ROLLBACK at", {}),
    ("create-node-table", "CREATE NODE TABLE Spy(id STRING, PRIMARY KEY(id))",
     "CREATE NODE at line 1, column 1 changes the schema", {"write": True}),
    ("create-rel-table", "CREATE REL TABLE Spies(FROM Person TO Person)", "CREATE REL at",
     {"write": True}),
    ("create-sequence", "CREATE SEQUENCE s", "CREATE SEQUENCE at", {"write": True}),
    ("create-macro", "CREATE MACRO m(x) AS x + 1", "CREATE MACRO at", {"write": True}),
    ("drop-table", "DROP TABLE Person", "DROP at", {"write": True}),
    ("drop-if-exists", "DROP TABLE IF EXISTS Person", "DROP at", {}),
    ("alter-table", "ALTER TABLE Person ADD spy INT64", "ALTER at", {"write": True}),
    ("comment-on", "COMMENT ON TABLE Person IS 'x'", "COMMENT at", {"write": True}),
    ("call-setting", "CALL threads = 1", "CALL threads at", {}),
    ("call-timeout", "CALL timeout=1", "CALL timeout at", {}),
    ("call-current-setting", "CALL current_setting('threads') RETURN *",
     "CALL current_setting at", {}),
    ("call-project-graph", "CALL project_graph('g', ['Person'], ['LIAISES_WITH'])",
     "CALL project_graph at", {}),
    ("profile", "PROFILE MATCH (n) RETURN count(n)", "PROFILE at", {}),
    ("explain", "EXPLAIN COPY Person TO '{sandbox}/leak.csv'", "EXPLAIN at", {}),
    ("foreach-write", "FOREACH (x IN [1] | CREATE (:Person {id: 'zz'}))", "FOREACH at",
     {"write": True}),
    # -- writes without --write ---------------------------------------------------
    ("create", "CREATE (:Person {id: 'zz'})", READ_ONLY, {}),
    ("merge", "MERGE (:Person {id: 'zz'})", READ_ONLY, {}),
    ("set", "MATCH (p:Person) SET p.name = 'x'", READ_ONLY, {}),
    ("delete", "MATCH (p:Person) DELETE p", READ_ONLY, {}),
    ("detach-delete", "MATCH (n) DETACH DELETE n", READ_ONLY, {}),
    ("remove", "MATCH (p:Person) REMOVE p.name", READ_ONLY, {}),
    ("create-lower-case", "match (a:Person) create (a)-[:LIAISES_WITH]->(a)", READ_ONLY, {}),
    ("write-after-comment", "MATCH (p:Person) /* read */ SET p.name = 'x'", READ_ONLY, {}),
    # -- procedures and functions ------------------------------------------------
    ("neo4j-procedure", "CALL db.labels()", r"CALL db\.labels at line 1, column 1: the "
     "embedded store has no Neo4j procedures", {}),
    ("apoc-export", "CALL apoc.export.csv.all('{sandbox}/leak.csv', {})",
     r"CALL apoc\.export\.csv\.all at", {}),
    ("apoc-load", "CALL apoc.load.csv('file:///etc/passwd') YIELD map RETURN map",
     r"CALL apoc\.load\.csv at", {}),
    ("gds-drop", "CALL gds.graph.drop('g')", r"CALL gds\.graph\.drop at", {}),
    ("apoc-function", "RETURN apoc.text.join(['a'], ',')",
     r"join\(\) after '\.': namespaced functions", {}),
    ("nextval", "RETURN nextval('s')", r"the function nextval\(\)", {}),
    ("currval", "RETURN currval('s')", r"the function currval\(\)", {}),
    ("setseed", "RETURN setseed(0.5)", r"the function setseed\(\)", {}),
    ("error-function", "RETURN error('boom')", r"the function error\(\)", {}),
    ("unknown-function", "MATCH (p:Person) RETURN spy(p)", r"the function spy\(\)", {}),
    ("function-in-where", "MATCH (p:Person) WHERE nextval('s') > 0 RETURN p",
     r"the function nextval\(\)", {}),
    ("catalogue-call-ok", "CALL show_tables() RETURN count(*) AS tables", OK, {}),
    ("table-info-ok", "CALL table_info('Person') RETURN count(*) AS columns", OK, {}),
    # -- hostile labels: a label is a label, whatever it holds ---------------------
    ("label-escapes-string", "MATCH (n) WHERE n:`x\\' ; COPY (MATCH (p:Person) RETURN p.id, "
     "p.name) TO '{sandbox}/leak.csv' // ` RETURN n", OK, {}),
    ("label-double-backslash", "MATCH (n) WHERE n:`a\\\\' OR true OR '` RETURN n", OK, {}),
    ("label-quote", "MATCH (n) WHERE n:`O'Neil` RETURN n", OK, {}),
    ("label-checkpoint", "MATCH (n) WHERE n:`'; CHECKPOINT; '` RETURN n", OK, {}),
    ("label-unicode-escape", "MATCH (n) WHERE n:`\\u0027 OR 1=1 //` RETURN n", OK, {}),
    ("label-newline", "MATCH (n) WHERE n:`a\nCHECKPOINT\n` RETURN n", OK, {}),
    ("label-doubled-backquote", "MATCH (n) WHERE n:`a``b' OR true //` RETURN n", OK, {}),
    ("label-alternatives", "MATCH (n) WHERE n:`x\\'`|`y\\\\'` RETURN n", OK, {}),
    ("label-unclosed", "MATCH (n) WHERE n:`x\\' RETURN n", "not closed|Parser exception", {}),
    ("label-emoji", "MATCH (n) WHERE n:`Gr\u00f6up\U0001f600` RETURN n", OK, {}),
    # -- look-alikes that must run ---------------------------------------------------
    ("keywords-in-strings-ok", "RETURN 'COPY x TO y; CHECKPOINT; LOAD FROM z' AS text", OK, {}),
    ("keywords-in-comments-ok", "MATCH (p:Person) /* COPY CHECKPOINT */ RETURN count(p) AS n "
     "// ATTACH", OK, {}),
    ("keywords-as-properties-ok", "MATCH (p:Person) RETURN p.name AS copy", OK, {}),
    ("keyword-as-variable", "MATCH (checkpoint:Person) RETURN count(checkpoint) AS n",
     r"CHECKPOINT at line 1, column 40: .*goes in backquotes", {}),
    ("keywords-backquoted-ok", "MATCH (`checkpoint`:Person) RETURN count(`checkpoint`) AS n",
     OK, {}),
    ("map-keys-ok", "RETURN {copy: 1, load: 2, attach: 3} AS m", OK, {}),
    # -- bounds: the engine's parser crashes on deep text, the gate refuses it first ---
    ("list-40-deep-ok", _nest("[", "1", "]", 40), OK, {}),
    ("list-41-deep", _nest("[", "1", "]", 41), r"brackets nested more than 40 deep", {}),
    ("list-1000-deep", _nest("[", "1", "]", 1000), r"nested more than 40 deep", {}),
    ("parentheses-4000-deep", _nest("(", "1", ")", 4000), r"tokens; the limit is 5,000|"
     "nested more than 40", {}),
    ("parentheses-100-deep", _nest("(", "1", ")", 100), r"nested more than 40 deep", {}),
    ("maps-100-deep", _nest("{a: ", "1", "}", 100), r"nested more than 40 deep", {}),
    ("case-100-deep", _nest("CASE WHEN true THEN ", "1", " END", 100),
     r"nested more than 40 deep", {}),
    ("sum-16000-terms", "RETURN " + "+".join(["1"] * 16000), r"tokens; the limit is 5,000",
     {}),
    ("sum-600-terms", "RETURN " + "+".join(["1"] * 600),
     r"more than 500 operators in one expression", {}),
    ("sum-500-terms-ok", "RETURN " + "+".join(["1"] * 500) + " AS total", OK, {}),
    ("and-600", "RETURN " + " AND ".join(["true"] * 600), r"more than 500 operators", {}),
    ("not-600", "RETURN " + "NOT " * 600 + "true", r"more than 500 operators", {}),
    ("subscripts-600", "RETURN [1]" + "[0]" * 600, r"more than 500 operators", {}),
    ("properties-600", "WITH {a: 1} AS m RETURN m" + ".a" * 600, r"more than 500 operators", {}),
    ("unions-2000", " UNION ".join(["RETURN 1 AS x"] * 2000), r"tokens; the limit is 5,000",
     {}),
    ("long-text", "RETURN '" + "x" * 100_001 + "'", r"characters long; the limit is 100,000",
     {}),
    ("nul-character", "RETURN 1\x00; CHECKPOINT", r"NUL character", {}),
    # -- parameters -----------------------------------------------------------------
    ("param-deep", "RETURN $x AS v", r"parameter x nests more than 8 deep",
     {"params": {"x": [[[[[[[[[[1]]]]]]]]]]}}),
    ("param-big-int", "RETURN $x AS v", r"parameter x holds an integer beyond 64 bits",
     {"params": {"x": 10**30}}),
    ("param-nan", "RETURN $x AS v", r"parameter x is NaN", {"params": {"x": float("nan")}}),
    ("param-mixed-list", "RETURN $x AS v", r"list parameter x mixes numbers and text",
     {"params": {"x": [1, "a"]}}),
    ("param-bad-name", "RETURN 1 AS v", r"parameter name 'a b' is not a valid name",
     {"params": {"a b": 1}}),
    ("param-object", "RETURN $x AS v", r"parameter x is a set", {"params": {"x": {1, 2}}}),
    ("param-hostile-string-ok", "RETURN $x AS v", OK,
     {"params": {"x": "'; CHECKPOINT; COPY Person TO '/tmp/x.csv' //"}}),
    ("param-to-json-not-json", "RETURN to_json($x) AS v", r"the function to_json\(\)",
     {"params": {"x": "not json"}}),
]
