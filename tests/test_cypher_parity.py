"""Differential Cypher: the embedded store gives Neo4j's answer, or refuses before it runs.

Every query of ``tests/cypher/corpus.cypher`` (queries Neo4j users write) runs on
the session's real Neo4j and on the embedded store through the store ``netan query``
opens (``open_store(db).query``, what ``netan.api.query`` calls; opened once per
example), for each bundled example imported into both. The
answers must be the same: columns, rows, their order where the query orders them,
and their types (an integer sum stays an integer). A query marked ``// refused``
must instead be refused before it runs, with one line naming the construct and
what to write instead. Any other outcome, a silent difference above all, fails.
The counts are those in ``docs/cypher-dialects.md``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from differential import CorpusQuery, read_corpus, same_answer
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.graphdb import open_store
from netan.graphdb.store import QueryError, StoreError, UnsupportedQuery

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = ["wales-1998", "kingsfund-1998", "scotland-2001"]
CORPUS = read_corpus()
OUTCOMES: dict[str, dict[int, str]] = {}  # example -> corpus line -> outcome

pytestmark = pytest.mark.neo4j


def test_the_corpus_is_large_and_covers_every_class() -> None:
    assert len(CORPUS) >= 300
    sections = Counter(q.section for q in CORPUS)
    assert set(sections) >= {
        "patterns", "optional-match", "paths", "subqueries", "comprehensions", "maps",
        "null-case-in", "aggregation", "strings", "numbers", "lists", "names", "parameters",
        "clauses", "syntax", "idioms"}
    assert all(n >= 10 for n in sections.values()), sections
    texts = [" ".join(q.text.split()) for q in CORPUS]
    assert len(set(texts)) == len(texts), "a query is in the corpus twice"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"on {len(CORPUS)} ordinary queries" in " ".join(readme.split())


def answer(run: Any) -> tuple[list[str], list[list[Any]]] | StoreError:
    try:
        result = run()
    except StoreError as problem:
        return problem
    return result.columns, result.rows


def outcome(query: CorpusQuery, expected: Any, actual: Any) -> str:
    """agree, refused or both-error; anything else is a failure described in one line."""
    if isinstance(actual, UnsupportedQuery):
        message = str(actual)
        assert "\n" not in message and "_netan" not in message and "$_" not in message
        if isinstance(expected, StoreError) and not query.refused:
            return "both-error"
        if not query.refused:
            return f"refused but Neo4j answers: {message}"
        return "refused"
    if query.refused:
        return f"not refused: {actual if isinstance(actual, Exception) else 'answered'}"
    if isinstance(expected, StoreError):
        return "both-error" if isinstance(actual, StoreError) else (
            f"Neo4j fails ({expected}) but the embedded store answers")
    if isinstance(actual, StoreError):
        return f"the embedded store fails: {actual}"
    difference = same_answer(expected, actual, query.ordered)
    return "agree" if difference is None else f"DIFFERENT ANSWER: {difference}"


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_corpus_query_gives_neo4js_answer_or_is_refused(example, neo4j_database,
                                                              tmp_path) -> None:
    env = neo4j_database.server.environment()
    embedded = str(tmp_path / "netan.db")
    api.import_data(REPO / "examples" / example, db=embedded, mode="replace")

    def load(store: Any) -> None:
        result = CliRunner().invoke(app, ["import", str(REPO / "examples" / example),
                                          "--db", store.location, "--replace"], env=env)
        assert result.exit_code == 0, result.output

    neo4j = neo4j_database.holding(example, load)
    store = open_store(embedded, read_only=True)
    outcomes: dict[int, str] = {}
    try:
        for query in CORPUS:
            expected = answer(lambda q=query: neo4j.query(q.text, q.params))
            actual = answer(lambda q=query: store.query(q.text, q.params))
            outcomes[query.line] = outcome(query, expected, actual)
    finally:
        neo4j.close()
        store.close()
    OUTCOMES[example] = outcomes
    failures = [f"{query}\n    {outcomes[query.line]}" for query in CORPUS
                if outcomes[query.line] not in ("agree", "refused", "both-error")]
    assert not failures, f"{len(failures)} of {len(CORPUS)} queries:\n" + "\n".join(failures)


def test_the_counts_are_those_in_the_docs() -> None:
    if set(OUTCOMES) != set(EXAMPLES):
        pytest.fail("the differential tests above did not all run")
    per_query = Counter()
    for query in CORPUS:
        results = {OUTCOMES[example][query.line] for example in EXAMPLES}
        if len(results) > 1:  # e.g. a division by zero only where an example has no data
            assert results == {"agree", "both-error"}, (str(query), results)
        per_query[results.pop() if len(results) == 1 else "mixed"] += 1
    docs = (REPO / "docs" / "cypher-dialects.md").read_text(encoding="utf-8")
    line = re.search(r"corpus: (\d+) queries, (\d+) give Neo4j's answer on all three examples, "
                     r"(\d+) are refused, (\d+) are errors on Neo4j too, (\d+) give Neo4j's "
                     r"answer on some examples and fail on Neo4j too on the others; (\d+) differ",
                     " ".join(docs.split()))
    measured = [len(CORPUS), per_query["agree"], per_query["refused"], per_query["both-error"],
                per_query["mixed"], 0]
    assert line, f"docs/cypher-dialects.md should state the corpus counts: {measured}"
    assert [int(n) for n in line.groups()] == measured, dict(per_query)


def test_refusals_are_one_line_and_say_what_to_write_instead(tmp_path) -> None:
    db = str(tmp_path / "netan.db")
    api.import_data(REPO / "examples" / "kingsfund-1998", db=db, mode="replace")
    for query in (q for q in CORPUS if q.refused):
        with pytest.raises(QueryError) as refused:
            api.query(query.text, query.params, db=db)
        message = str(refused.value)
        assert isinstance(refused.value, UnsupportedQuery), (str(query), message)
        assert "\n" not in message and "`_" not in message
        assert re.search(r"not supported on the embedded store; \w|did you mean|has no value"
                         r"|netan schema|kept as JSON text in `attributes`", message), (
            str(query), message)
