"""Parity: the same example gives the same report and view from the embedded store and Neo4j.

Each example is imported with the real CLI (typer's CliRunner) into an embedded store
and into the session's real Neo4j; `netan report --format json,csv` and `netan view`
must then write byte-identical files, except the provenance's ``store`` (and the
clock's ``generated_at``). The examples go into Neo4j one after another, each
replacing the last, as a user's would, so Neo4j's internal ids (handed out in ranges
per transaction, freed ones reused) are not import order: the files are the same
because both stores put what they read in one read order (docs/design.md, "Read
order"), not because the engines happen to return the same order. The second test
shows that order is what counts: the same example imported with every file's rows
reversed gives the same bytes.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from netan.cli.main import app
from netan.importers import load_import
from netan.reporting.report import build_report

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = ["wales-1998", "kingsfund-1998", "scotland-2001"]
#: name -> (imports: (example folder, extra import options) in order, selection options)
CASES: dict[str, tuple[list[tuple[str, tuple[str, ...]]], tuple[str, ...]]] = {
    **{example: ([(example, ())], ()) for example in EXAMPLES},
    "trowbridge-survey": ([("trowbridge-survey", ())], ()),
    "wales-waves": ([("wales-1998", ("--wave", "1998")), ("wales-2011", ("--wave", "2011"))],
                    ("--wave", "2011")),
}


def netan(env: dict[str, str], *args: str) -> None:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output


def outputs(env: dict[str, str], db: str, out: Path,
            selection: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file `netan report --format json,csv` and `netan view` write, by name."""
    netan(env, "report", "--db", db, "--out", str(out / "report"), "--format", "json,csv",
          *selection)
    for network in ("people", "full"):
        netan(env, "view", "--db", db, "--out", str(out / f"{network}.html"),
              "--network", network, *selection)
    return {str(path.relative_to(out)): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file()}


def without_clock_and_store(report: bytes) -> tuple[dict, str]:
    document = json.loads(report)
    provenance = document["provenance"]
    del provenance["generated_at"]
    return document, provenance.pop("store")


def import_case(env: dict[str, str], case: str, db: str, folders: Path = REPO / "examples",
                first: tuple[str, ...] = ()) -> None:
    """Import ``case``'s examples from ``folders`` into ``db`` (``first``: options of the
    first import, e.g. ``--replace``)."""
    imports, _ = CASES[case]
    for position, (example, options) in enumerate(imports):
        extra = first if position == 0 else ()
        netan(env, "import", str(folders / example), "--db", db, *options, *extra)


def assert_same_files(here: dict[str, bytes], there: dict[str, bytes],
                      stores: tuple[str, str]) -> None:
    """Every file byte-identical, ``report.json`` but for its provenance's store and clock."""
    assert sorted(here) == sorted(there)
    assert "report/report.json" in here and "full.html" in here
    assert sum(name.endswith(".csv") for name in here) >= 5
    (mine, my_store), (theirs, their_store) = map(without_clock_and_store,
                                                  (here["report/report.json"],
                                                   there["report/report.json"]))
    assert (my_store, their_store) == stores
    assert mine["provenance"]["nodes"] > 0
    assert mine == theirs
    for name in here:
        if not name.endswith("report.json"):
            assert here[name] == there[name], f"{name} differs"


@pytest.mark.parametrize("case", CASES)
def test_report_and_view_are_the_same_from_both_stores(case, neo4j_database,
                                                       tmp_path) -> None:
    env = neo4j_database.server.environment()
    embedded = str(tmp_path / "netan.db")
    import_case(env, case, embedded)

    def load(store) -> None:
        store.clear()  # a waved import adds to what is there
        import_case(env, case, store.location, first=("--replace",))

    neo4j_database.holding(case, load).close()
    selection = CASES[case][1]
    here = outputs(env, embedded, tmp_path / "embedded", selection)
    there = outputs(env, neo4j_database.server.uri, tmp_path / "neo4j", selection)
    assert_same_files(here, there, ("embedded", "neo4j"))


def rows_reversed(example: str, into: Path) -> Path:
    """A copy of ``example`` with the data rows of every CSV file in the opposite order."""
    folder = into / example
    shutil.copytree(REPO / "examples" / example, folder)
    for path in folder.glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            header, *rows = list(csv.reader(handle))
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows([header, *rows[::-1]])
    return folder


@pytest.mark.parametrize("case", ["wales-1998", "scotland-2001", "wales-waves"])
def test_the_report_does_not_depend_on_the_order_rows_were_imported_in(case,
                                                                       tmp_path) -> None:
    """The stores keep no import order that outputs could see (main's embedded store did)."""
    env: dict[str, str] = {}
    as_given, reversed_rows = str(tmp_path / "given.db"), str(tmp_path / "reversed.db")
    import_case(env, case, as_given)
    for example, _ in CASES[case][0]:
        rows_reversed(example, tmp_path / "reversed")
    import_case(env, case, reversed_rows, folders=tmp_path / "reversed")
    selection = CASES[case][1]
    here = outputs(env, as_given, tmp_path / "given", selection)
    there = outputs(env, reversed_rows, tmp_path / "reversed-out", selection)
    assert_same_files(here, there, ("embedded", "embedded"))


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
