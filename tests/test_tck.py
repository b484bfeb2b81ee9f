"""The openCypher TCK on the embedded store: every scenario passes or is refused, none differs.

``make test`` fetches ``org.opencypher:tck`` through Maven (``tests/tck/pom.xml``);
:mod:`tck` reads the scenarios netan's graph can hold (see ``tck.FOLDERS``) and
each runs through the store ``netan query`` opens, on an empty embedded store.
A scenario passes when netan gives the TCK's expected result (columns, rows,
order where it says so, types), or raises an error where the TCK expects one. It
may instead be refused before it runs, with a one-line message. An answer that
differs, or an engine error where the TCK expects a result, fails the test. The
counts are recorded in ``docs/cypher-dialects.md``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
from tck import FEATURES, judge, scenarios

from netan.graphdb import open_store
from netan.graphdb.embedded import EmbeddedStore
from netan.graphdb.graph_data import GraphData
from netan.graphdb.store import StoreError, UnsupportedQuery

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    if not FEATURES.is_dir():
        why = ("the openCypher TCK is not unpacked: run `make test` (Maven fetches "
               "org.opencypher:tck into tests/tck/target)")
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(why)
        pytest.skip(why)
    location = tmp_path_factory.mktemp("tck") / "empty.db"
    with EmbeddedStore(location) as store:
        store.write_import(GraphData())  # netan's tables, no rows: "an empty graph"
    found: dict[str, list[str]] = {"not applicable": [], "passed": [], "refused": [],
                                   "failed": []}
    store = open_store(location, read_only=True)
    try:
        for scenario in scenarios():
            if scenario.applicable:
                found["not applicable"].append(str(scenario))
                continue
            try:
                result = store.query(scenario.query, scenario.params)
                answer: object = (result.columns, result.rows)
            except StoreError as problem:
                answer = problem
            verdict = judge(scenario, answer, UnsupportedQuery, StoreError)
            if verdict in ("passed", "refused"):
                found[verdict].append(str(scenario))
            else:
                found["failed"].append(f"{scenario}\n    {verdict}")
    finally:
        store.close()
    return found


def test_no_tck_scenario_differs_or_fails(outcomes) -> None:
    assert not outcomes["failed"], (f"{len(outcomes['failed'])} TCK scenarios:\n"
                                    + "\n".join(outcomes["failed"]))
    assert len(outcomes["passed"]) > 1000  # most of what netan's graph can hold runs


def test_the_tck_counts_are_those_in_the_docs(outcomes) -> None:
    docs = (REPO / "docs" / "cypher-dialects.md").read_text(encoding="utf-8")
    line = re.search(r"TCK [^:]*: (\d+) scenarios, (\d+) passed, (\d+) refused, "
                     r"(\d+) not applicable", " ".join(docs.split()))
    counts = Counter({k: len(v) for k, v in outcomes.items()})
    measured = [sum(counts.values()), counts["passed"], counts["refused"],
                counts["not applicable"]]
    assert line, f"docs/cypher-dialects.md should state the TCK counts: {measured}"
    assert [int(n) for n in line.groups()] == measured


def test_scenarios_are_read_as_written() -> None:
    if not FEATURES.is_dir():
        pytest.skip("the openCypher TCK is not unpacked (run `make test`)")
    by_name = {f"{s.feature} {s.name}": s for s in scenarios()}
    first = by_name["List1 [1] Indexing into literal list"]
    assert (first.query, first.graph, first.expected) == (
        "RETURN [1, 2, 3][0] AS value", "any", (["value"], [[1]]))
    escaped = by_name["Literals6 [5] Return a single-quoted string with escaped characters"]
    assert escaped.expected == (["literal"], [["a\\bcn5t'\"\\//\\\"'"]])
    outline = [s for s in by_name.values() if s.feature == "Comparison1" and "[6]" in s.name]
    assert len(outline) > 3 and all(s.query.startswith("RETURN") for s in outline)
    assert all(s.applicable for s in by_name.values() if s.graph.startswith("needs"))
