"""Every canned query, run on a real store loaded with ``examples/wales-1998``.

Answers are the paper's counts (README "What netan should find") or recomputed
here from the CSV files with pandas. Both stores run them: the embedded one and the
session's real Neo4j (conftest's ``neo4j_database``; its database is replaced).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import graph_data, sample_rows

from netan.api import import_data
from netan.graphdb.embedded import EmbeddedStore
from netan.graphdb.store import GraphStore
from netan.queries.canned import (
    DIALECTS,
    canned_queries,
    canned_query,
    dialect_of,
    parse_canned,
    run_canned,
)

ROOT = Path(__file__).resolve().parents[1]
WALES = ROOT / "examples" / "wales-1998"

AREA_GP = ["Aberceri", "Llanfeiriol", "Cantref Eilir", "Maes Teifryn", "Cwm Garwen",
           "Blaen Eurwg", "Morfa Tawelan", "Llanwenlli", "Abermorlo"]
AREA_INVITED = ["Porth Gwenlli", "Rhosyrafon", "Llanhelyg", "Nant Cerwyn", "Porth Eirian",
                "Caerlindys", "Coed Bythol", "Pontywennol"]


@pytest.fixture(scope="module")
def wales_embedded(tmp_path_factory) -> Iterator[GraphStore]:
    location = tmp_path_factory.mktemp("wales") / "netan.db"
    import_data(WALES, db=location, mode="replace")
    with EmbeddedStore(location, read_only=True) as store:
        yield store


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def wales(request) -> Iterator[GraphStore]:
    """A store holding the Wales 1998 example (Neo4j: loaded once, reloaded if changed)."""
    if request.param == "embedded":
        yield request.getfixturevalue("wales_embedded")
        return
    from netan.importers import load_import

    def load(store: GraphStore) -> None:
        store.write_import(load_import(WALES).data, "replace")

    with request.getfixturevalue("neo4j_database").holding("wales-1998", load) as store:
        yield store


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def sample(request, tmp_path) -> Iterator[GraphStore]:
    """A store holding the hand-built sample (it has liaison ties and budgets)."""
    if request.param == "embedded":
        store: GraphStore = EmbeddedStore(tmp_path / "netan.db")
    else:
        store = request.getfixturevalue("neo4j_database").empty()
    store.write_import(graph_data(*sample_rows()), "replace")
    yield store
    store.close()


def names(rows: list[list]) -> list[str]:
    """The area names of groups called "<area> mental health planning group/team"."""
    return sorted(row[1].split(" mental health")[0] for row in rows)


# -- the paper's answers ----------------------------------------------------------


def test_nine_area_groups_have_a_gp_member(wales) -> None:
    rows = run_canned(wales, "area_groups_with_gp").rows
    assert names(rows) == sorted(AREA_GP)


def test_eight_area_groups_have_only_invited_gps(wales) -> None:
    rows = run_canned(wales, "groups_with_only_invited_gps").rows
    assert names(rows) == sorted(AREA_INVITED)


def test_three_region_groups_have_a_gp(wales) -> None:
    rows = run_canned(wales, "area_groups_with_gp", {"level": "region"}).rows
    assert len(rows) == 3
    assert names(rows) == sorted({
        "Bro Aerwen", "Cymoedd Garwen", "Dyffryn Meirwen"})


def test_people_per_sector_matches_the_csv(wales) -> None:
    people = pd.read_csv(WALES / "people.csv")
    expected = people["sector"].fillna("unknown").value_counts()
    rows = run_canned(wales, "people_per_sector").rows
    assert {sector: n for sector, n in rows} == expected.to_dict()
    assert sum(n for _, n in rows) == 155  # the 35 filler GPs are gone
    assert [n for _, n in rows] == sorted((n for _, n in rows), reverse=True)


def test_co_attendance_pairs_match_the_registers(wales) -> None:
    present = pd.read_csv(WALES / "attendance.csv").query("status == 'present'")
    pairs = present.merge(present, on=["group", "date"])
    pairs = pairs[pairs["person_x"] < pairs["person_y"]]
    counted = (pairs.groupby(["person_x", "person_y"]).size().reset_index(name="n")
               .sort_values(["n", "person_x", "person_y"], ascending=[False, True, True]))
    expected = [list(row) for row in counted.head(10).itertuples(index=False)]
    rows = run_canned(wales, "co_attendance_pairs", {"top": 10}).rows
    assert rows == expected
    strong = run_canned(wales, "co_attendance_pairs", {"min_meetings": 10, "top": 1000}).rows
    assert len(strong) == int((counted["n"] >= 10).sum()) and strong


def test_wales_has_no_liaison_ties_and_no_budgets(wales) -> None:
    assert run_canned(wales, "liaison_across_sectors").rows == []
    assert run_canned(wales, "budget_totals_by_mechanism").rows == []


def test_shortest_path_between_two_commissioners(wales) -> None:
    (ids, hops), = run_canned(wales, "shortest_path", {"from": "p-001", "to": "p-018"}).rows
    assert hops == 2 and len(ids) == 3 and (ids[0], ids[-1]) == ("p-001", "p-018")


def test_liaison_and_budgets_on_the_sample(sample) -> None:
    assert run_canned(sample, "liaison_across_sectors").rows == [
        ["p2", "social_care", "p1", "primary_care", "link_worker"]]
    assert run_canned(sample, "budget_totals_by_mechanism").rows == [
        ["aligned", 2, 255000.0], ["grant", 1, 5000.5]]


# -- the files and the loader ---------------------------------------------------------


def test_every_file_documents_what_it_answers_and_its_parameters() -> None:
    queries = canned_queries()
    assert {"area_groups_with_gp", "groups_with_only_invited_gps", "people_per_sector",
            "co_attendance_pairs", "liaison_across_sectors", "budget_totals_by_mechanism",
            "shortest_path"} <= set(queries)
    for query in queries.values():
        assert query.title and query.answers, query.name
        for dialect in DIALECTS:
            text = query.text(dialect)
            used = set(re.findall(r"\$(\w+)", text.split("\nMATCH", 1)[-1]))
            assert used <= {p.name for p in query.parameters}, query.name


def test_variants_are_marked_and_differ_only_where_needed() -> None:
    split = parse_canned("x", "// Title\n// Answers: y\nMATCH (n:Person)\n// dialect: neo4j\n"
                              "RETURN n.id\n// dialect: embedded\nRETURN n.name\n")
    assert set(split.variants) == set(DIALECTS)
    assert split.text("neo4j").endswith("RETURN n.id\n")
    assert split.text("embedded").endswith("RETURN n.name\n")
    assert "// dialect" not in split.text("neo4j")
    path = canned_query("shortest_path")  # the translation now reads Neo4j's text as it is
    assert path.text("neo4j") == path.text("embedded")
    assert "[n IN nodes(path) | n.id]" in path.text("embedded")
    same = canned_query("people_per_sector")
    assert same.text("neo4j") == same.text("embedded")
    with pytest.raises(ValueError, match="unknown dialect"):
        same.text("sparql")  # type: ignore[arg-type]


def test_the_neo4j_texts_parse_as_neo4j_cypher() -> None:
    dialect = pytest.importorskip("graphglot.dialect").Dialect.get_or_raise("neo4j")
    for query in canned_queries().values():
        text = query.text("neo4j")
        if "shortestPath(" in text:
            continue  # graphglot 0.14 does not parse shortestPath(); Neo4j 5 does
        result = dialect.validate(text)
        assert result.success, f"{query.name}: {result.error}"


def test_parameters_are_checked() -> None:
    query = canned_query("co_attendance_pairs")
    assert query.params({"top": 3}) == {"min_meetings": 1, "top": 3}
    with pytest.raises(ValueError, match="takes no parameter colour"):
        query.params({"colour": "red"})
    with pytest.raises(KeyError, match="known: "):
        canned_query("nope")


def test_a_file_with_one_dialect_section_is_refused() -> None:
    with pytest.raises(ValueError, match="needs exactly neo4j and embedded"):
        parse_canned("x", "// Title\nMATCH (n)\n// dialect: neo4j\nRETURN n\n")
    with pytest.raises(ValueError, match="must start with a // comment"):
        parse_canned("x", "MATCH (n) RETURN n\n")


def test_dialect_follows_the_store_location(tmp_path) -> None:
    assert dialect_of(EmbeddedStore(tmp_path / "x.db")) == "embedded"

    class Located:
        location = "neo4j+s://abc.databases.neo4j.io"

    assert dialect_of(Located()) == "neo4j"  # type: ignore[arg-type]
