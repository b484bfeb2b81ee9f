"""Parity: the same example gives the same report and view from the embedded store and Neo4j.

Each example is imported with the real CLI (typer's CliRunner) into an embedded store
and into the session's real Neo4j; `netan report --format json,csv` and `netan view`
must then write the same files, except the provenance's ``store`` (and the clock's
``generated_at``). ``input_sha256`` in the provenance hashes every node and edge with
its properties, so equal reports also mean the two stores returned the same graph.
The examples go into Neo4j one after another, each replacing the last, as a user's
would. Neo4j returns nodes in id order, and its ids are not always import order (it
hands them out in ranges per transaction and reuses freed ones): when the two stores
return the graph in different orders, betweenness and constraint are summed in another
order and the files may differ in last digits and tied rows (the known limit in
docs/neo4j.md). The test then still checks that both stores hold the same graph
(``input_sha256``) and reports itself as an expected failure; otherwise every file
must be byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from netan.cli.main import app
from netan.graphdb.embedded import EmbeddedStore
from netan.importers import load_import
from netan.reporting.report import build_report

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = ["wales-1998", "kingsfund-1998", "scotland-2001"]


def netan(env: dict[str, str], *args: str) -> None:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output


def outputs(env: dict[str, str], db: str, out: Path) -> dict[str, bytes]:
    """Every file `netan report --format json,csv` and `netan view` write, by name."""
    netan(env, "report", "--db", db, "--out", str(out / "report"), "--format", "json,csv")
    for network in ("people", "full"):
        netan(env, "view", "--db", db, "--out", str(out / f"{network}.html"),
              "--network", network)
    return {str(path.relative_to(out)): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file()}


def read_order(store) -> tuple[list, list]:
    """The order a store returns the graph's nodes and edges in (the store is closed)."""
    with store:
        graph = store.to_networkx()
    return list(graph.nodes), list(graph.edges(keys=True))


def without_clock_and_store(report: bytes) -> tuple[dict, str]:
    document = json.loads(report)
    provenance = document["provenance"]
    del provenance["generated_at"]
    return document, provenance.pop("store")


@pytest.mark.parametrize("example", EXAMPLES)
def test_report_and_view_are_the_same_from_both_stores(example, neo4j_database,
                                                       tmp_path) -> None:
    env = neo4j_database.server.environment()
    embedded = str(tmp_path / "netan.db")
    netan(env, "import", str(REPO / "examples" / example), "--db", embedded)

    def load(store) -> None:
        netan(env, "import", str(REPO / "examples" / example), "--db", store.location,
              "--replace")

    neo4j_database.holding(example, load).close()
    same_order = read_order(neo4j_database.store()) == read_order(EmbeddedStore(embedded))
    here = outputs(env, embedded, tmp_path / "embedded")
    there = outputs(env, neo4j_database.server.uri, tmp_path / "neo4j")

    assert sorted(here) == sorted(there)
    assert "report/report.json" in here and "full.html" in here
    assert sum(name.endswith(".csv") for name in here) >= 5
    (mine, my_store), (theirs, their_store) = map(without_clock_and_store,
                                                  (here["report/report.json"],
                                                   there["report/report.json"]))
    assert (my_store, their_store) == ("embedded", "neo4j")
    assert mine["provenance"]["nodes"] > 0  # the same graph, in whatever order:
    assert mine["provenance"]["input_sha256"] == theirs["provenance"]["input_sha256"]
    if not same_order:
        pytest.xfail("Neo4j returned the graph in another order than the embedded store "
                     "(ids are not import order: the known limit in docs/neo4j.md); "
                     "byte parity is only asserted for the same order")
    assert mine == theirs
    for name in here:
        if not name.endswith("report.json"):
            assert here[name] == there[name], f"{name} differs between the stores"


def edges_reversed(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` with its edges inserted in the opposite order (its nodes as they were)."""
    H = nx.MultiDiGraph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    return H


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_report_does_not_depend_on_the_order_relationships_are_read_in(example) -> None:
    """Neo4j keeps a node's relationships newest first; the report must not notice."""
    from netan.graphdb import graph_data as gd

    G = gd.to_networkx(load_import(REPO / "examples" / example).data)
    H = edges_reversed(G)
    assert list(G.edges) != list(H.edges)
    assert build_report(G) == build_report(H)
