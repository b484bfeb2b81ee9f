"""Time in the model: waves side by side in one store, --as-of, successors, dates.

On the real embedded store and real CSV folders (tests/fixtures/waves: a pair of waves
where every change is known, see its README).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.graphdb import graph_data as gd
from netan.graphdb import open_store, timeline
from netan.graphdb.schema import (
    AGENCY_KIND,
    ATTENDS,
    GROUP_KIND,
    LEVEL,
    LIAISES_WITH,
    MEMBER_OF,
    MEMBERSHIP_ROLE,
    PART_OF,
    PERSON_ROLE,
    SECTOR,
    SUCCEEDED_BY,
    WAVE,
    WAVES,
)
from netan.importers import load_import

FIXTURES = Path(__file__).parent / "fixtures" / "waves"
W2000, W2003 = FIXTURES / "2000", FIXTURES / "2003"
runner = CliRunner()


def netan(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def without_waves(G: nx.MultiDiGraph) -> tuple[dict, list]:
    """Nodes and edges of ``G`` with the wave bookkeeping left out (to compare content)."""
    nodes = {n: {k: v for k, v in d.items() if k != WAVES} for n, d in G.nodes(data=True)}
    edges = sorted((u, v, json.dumps({k: x for k, x in d.items() if k != WAVE},
                                     sort_keys=True)) for u, v, d in G.edges(data=True))
    return nodes, edges


def alone(folder: Path) -> nx.MultiDiGraph:
    """The folder imported on its own (2003's ``succeeds: pcg`` names an id of 2000, whose
    succession is then not in the wave: the predecessor is not part of it)."""
    data = load_import(folder, wave=folder.name, known={"pcg": "Agency"}).data
    G = gd.to_networkx(data).copy()  # its edges are read-only: a copy to change
    G.remove_edges_from([(u, v, k) for u, v, k, t in G.edges(keys=True, data="type")
                         if t == SUCCEEDED_BY])
    G.remove_nodes_from([n for n, d in G.nodes(data=True) if not d])
    return G


@pytest.fixture(scope="module")
def waved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store holding both waves, imported with --wave (2000 first)."""
    db = tmp_path_factory.mktemp("waves") / "netan.db"
    api.import_data(W2000, db=db, wave="2000")
    api.import_data(W2003, db=db, wave="2003")
    return db


# -- keeping waves side by side -------------------------------------------------------


def test_each_wave_is_exactly_its_own_import(waved: Path) -> None:
    whole = api._whole_graph(waved)
    assert timeline.waves_of(whole) == ["2000", "2003"]
    for wave, folder in (("2000", W2000), ("2003", W2003)):
        assert without_waves(api.read_graph(waved, wave=wave)) == without_waves(
            alone(folder)), wave


def test_shared_nodes_remember_every_wave_and_relationships_their_own(waved: Path) -> None:
    G = api._whole_graph(waved)
    assert G.nodes["p-gpa"][WAVES] == "2000;2003"
    assert G.nodes["pcg"][WAVES] == "2000" and G.nodes["pct"][WAVES] == "2003"
    liaison = [d for _, _, d in G.edges(data=True) if d["type"] == LIAISES_WITH]
    assert [d[WAVE] for d in liaison] == ["2000"]
    members = [d[WAVE] for _, _, d in G.edges(data=True) if d["type"] == MEMBER_OF]
    assert sorted(members) == ["2000"] * 7 + ["2003"] * 7


def test_succeeds_may_name_an_earlier_wave_in_the_store(waved: Path) -> None:
    G = api._whole_graph(waved)
    succession = [(u, v, d) for u, v, d in G.edges(data=True) if d["type"] == SUCCEEDED_BY]
    assert [(u, v, d[WAVE]) for u, v, d in succession] == [("pcg", "pct", "2003")]
    assert G.nodes["pcg"]["end_date"] == "2002-03-31"
    assert G.nodes["pct"]["start_date"] == "2002-04-01"


def test_a_wave_is_not_overwritten_by_accident_and_replaces_only_itself(tmp_path: Path) -> None:
    db = tmp_path / "netan.db"
    api.import_data(W2000, db=db, wave="2000")
    api.import_data(W2003, db=db, wave="2003")
    with pytest.raises(api.ImportRefused, match="wave 2003 is already in the store"):
        api.import_data(W2003, db=db, wave="2003")
    before = without_waves(api.read_graph(db, wave="2000"))
    report = api.import_data(W2000, db=db, wave="2003", mode="replace")  # 2003 := 2000's data
    assert report.waves == ["2003"] and report.mode == "replace"
    assert without_waves(api.read_graph(db, wave="2000")) == before
    assert without_waves(api.read_graph(db, wave="2003")) == before
    assert "pct" not in api._whole_graph(db)  # only wave 2003 had it


def test_append_upserts_inside_the_wave(tmp_path: Path) -> None:
    db = tmp_path / "netan.db"
    api.import_data(W2000, db=db, wave="2000")
    api.import_data(W2000, db=db, wave="2000", mode="append")
    assert without_waves(api.read_graph(db, wave="2000")) == without_waves(alone(W2000))


def test_a_store_without_waves_is_not_mixed_with_waves(tmp_path: Path) -> None:
    db = tmp_path / "netan.db"
    api.import_data(W2000, db=db)
    with pytest.raises(api.ImportRefused, match="imported without --wave"):
        api.import_data(W2003, db=db, wave="2003")
    api.import_data(W2000, db=db, wave="2000", mode="replace")
    assert timeline.waves_of(api._whole_graph(db)) == ["2000"]


def test_a_wave_column_gives_the_same_store_as_two_imports(tmp_path: Path, waved: Path) -> None:
    """One folder with a wave column (shared rows blank) = the two waves imported apart."""
    folder = tmp_path / "both"
    folder.mkdir()
    for name in sorted(p.name for p in W2000.glob("*.csv")):
        tables = {}
        for wave, base in (("2000", W2000), ("2003", W2003)):
            if (base / name).exists():  # 2003 has no liaison.csv
                with (base / name).open(encoding="utf-8") as handle:
                    tables[wave] = list(csv.DictReader(handle))
        header = list(dict.fromkeys(k for rows in tables.values() for k in rows[0]))
        seen: dict[tuple[str, ...], list[str]] = {}
        for wave, rows in tables.items():
            for row in rows:
                seen.setdefault(tuple(row.get(k, "") for k in header), []).append(wave)
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([*header, "wave"])
            for values, waves in seen.items():
                writer.writerow([*values, "" if len(waves) == 2 else waves[0]])
        assert name != "agencies.csv" or any(v[0] == "pct" for v in seen)
    db = tmp_path / "netan.db"
    report = api.import_data(folder, db=db)
    assert report.waves == ["2000", "2003"]
    for wave in ("2000", "2003"):
        assert without_waves(api.read_graph(db, wave=wave)) == without_waves(
            api.read_graph(waved, wave=wave)), wave


# -- selecting a wave and a date ------------------------------------------------------


def test_several_waves_need_a_wave(waved: Path) -> None:
    with pytest.raises(timeline.WaveError, match=r"2 waves \(2000, 2003\): choose one"):
        api.read_graph(waved)
    with pytest.raises(timeline.WaveError, match="no wave '1999'.*2000, 2003"):
        api.read_graph(waved, wave="1999")


def test_as_of_recounts_attendance_from_the_register(waved: Path) -> None:
    def attends(G: nx.MultiDiGraph, person: str) -> tuple:
        d = next(d for u, _, d in G.edges(data=True) if u == person and d["type"] == ATTENDS)
        return d["attended"], d["held"], d.get("last_attended")

    assert attends(api.read_graph(waved, wave="2003"), "p-gpb") == (3, 4, "2003-07-14")
    assert attends(api.read_graph(waved, wave="2003", as_of="2003-02-01"), "p-gpb") == (
        0, 1, None)
    assert attends(api.read_graph(waved, wave="2003", as_of="2003-05-12"), "p-gpb") == (
        2, 3, "2003-05-12")
    early = api.read_graph(waved, wave="2003", as_of="2002-12-31")  # no meeting yet
    assert not [d for _, _, d in early.edges(data=True) if d["type"] == ATTENDS]


def test_as_of_drops_what_had_not_started_or_had_ended(waved: Path) -> None:
    G = api.read_graph(waved, wave="2003", as_of="2001-06-30")
    assert "pct" not in G and "p-gpa" in G  # the PCT starts 2002-04-01
    assert not any(d["type"] == PART_OF and v == "pct" for _, v, d in G.edges(data=True))
    H = api.read_graph(waved, wave="2000", as_of="2002-04-01")
    assert "pcg" not in H  # ended 2002-03-31 (end dates are inclusive)
    assert "pcg" in api.read_graph(waved, wave="2000", as_of="2002-03-31")
    assert "ha" not in api.read_graph(waved, wave="2000", as_of="1996-03-31")


def test_dated_relationships_hold_between_their_dates(tmp_path: Path) -> None:
    folder = tmp_path / "dated"
    folder.mkdir()
    (folder / "people.csv").write_text("id,name,role\na,A,gp\nb,B,cpn\n", encoding="utf-8")
    (folder / "groups.csv").write_text("id,name,start\ng,G,2000-01-01\n", encoding="utf-8")
    (folder / "memberships.csv").write_text(
        "person,group,start,end\na,g,,2000-06-30\nb,g,2000-03-01,\n", encoding="utf-8")
    (folder / "liaison.csv").write_text("person,with,valid_from,until\na,b,1999-01-01,"
                                        "1999-12-31\n", encoding="utf-8")
    db = tmp_path / "netan.db"
    api.import_data(folder, db=db)

    def ties(day: str) -> list[tuple[str, str, str]]:
        G = api.read_graph(db, as_of=day)
        return sorted((u, v, d["type"]) for u, v, d in G.edges(data=True))

    assert ties("1999-06-01") == [("a", "b", LIAISES_WITH)]  # the group has not started
    assert ties("2000-04-01") == [("a", "g", MEMBER_OF), ("b", "g", MEMBER_OF)]
    assert ties("2000-07-01") == [("b", "g", MEMBER_OF)]


def test_query_sees_the_selection_and_refuses_writes_there(waved: Path) -> None:
    count = "MATCH (a:Agency) RETURN count(a) AS n"
    assert api.query(count, db=waved).rows == [[7]]
    assert api.query(count, db=waved, wave="2000").rows == [[6]]
    assert api.query(count, db=waved, wave="2003", as_of="2001-01-01").rows == [[5]]
    with pytest.raises(api.StoreError, match="--write cannot be combined"):
        api.query("MATCH (a:Agency) SET a.x = 1", db=waved, write=True, wave="2000")


# -- round trips ----------------------------------------------------------------------


def test_dated_and_succeeded_data_survive_the_store_and_back(waved: Path) -> None:
    whole = api._whole_graph(waved)
    store = open_store(waved, read_only=True)
    try:
        data = store.read_data()
    finally:
        store.close()
    assert without_waves(gd.to_networkx(timeline.data_of(whole))) == without_waves(whole)
    back = gd.to_networkx(timeline.data_of(gd.to_networkx(data)))
    assert dict(back.nodes(data=True)) == dict(whole.nodes(data=True))
    assert sorted(map(str, back.edges(data=True))) == sorted(map(str, whole.edges(data=True)))


# -- the CLI ---------------------------------------------------------------------------


def test_cli_waves_and_selections(tmp_path: Path) -> None:
    db = tmp_path / "netan.db"
    code, out = netan("import", W2000, "--db", db, "--wave", "2000")
    assert code == 0 and "(replace, wave 2000)" in out
    code, out = netan("import", W2003, "--db", db, "--wave", "2003")
    assert code == 0 and "(append, wave 2003)" in out
    code, out = netan("report", "--db", db, "--out", tmp_path / "r")
    assert code == 1 and out.count("\n") == 1 and "choose one with --wave" in out
    code, out = netan("report", "--db", db, "--wave", "2000", "--out", tmp_path / "r",
                      "--format", "json")
    assert code == 0, out
    document = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert document["provenance"]["selection"] == {"wave": "2000"}
    isolated = next(s for s in document["sections"] if s["id"] == "isolated_gps")["summary"]
    assert (isolated["gps"], isolated["isolated_gps"]) == (2, 1)  # Dr B, invited, never came
    code, out = netan("report", "--db", db, "--wave", "2003", "--as-of", "2003-02-01",
                      "--out", tmp_path / "r2", "--format", "json")
    assert code == 0, out
    code, out = netan("view", "--db", db, "--wave", "2003", "--out", tmp_path / "v.html")
    assert code == 0 and (tmp_path / "v.html").exists()
    for bad, message in ((["--as-of", "31/12/2003"], "write YYYY-MM-DD"),
                         (["--wave", "1999"], "no wave '1999'")):
        code, out = netan("report", "--db", db, *bad, "--out", tmp_path / "r3")
        assert code == 1 and message in out and "Traceback" not in out
    code, out = netan("import", W2003, "--db", db, "--wave", "a;b")
    assert code == 1 and "wave name 'a;b'" in out


# -- bad input -------------------------------------------------------------------------


def test_bad_dates_and_successors_are_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "agencies.csv").write_text(
        "id,name,start,end,succeeded_by\nx,X,2002-01-01,2001-01-01,\ny,Y,,,y\n"
        "z,Z,,,nobody\n", encoding="utf-8")
    result = load_import(folder)
    assert result.data is None
    messages = [str(p) for p in result.errors]
    assert "agencies.csv, row 2, column 'end': the end 2001-01-01 is before the start " \
           "2002-01-01" in messages
    assert "agencies.csv, row 3, column 'succeeded_by': 'y' cannot succeed itself" in messages
    assert any(m.startswith("agencies.csv, row 4, column 'succeeded_by': 'nobody' is not")
               for m in messages)


# -- the vocabulary of the seeds and of today -------------------------------------------


@pytest.mark.parametrize(("vocabulary", "raw", "canonical"), [
    (AGENCY_KIND, "GP consortium", "clinical_commissioning_group"),
    (AGENCY_KIND, "CCG", "clinical_commissioning_group"),
    (AGENCY_KIND, "ICB", "integrated_care_board"),
    (AGENCY_KIND, "PCG", "primary_care_group"),
    (AGENCY_KIND, "Community Health Partnership", "chp"),
    (AGENCY_KIND, "NHS England region", "nhs_commissioning_board"),
    (AGENCY_KIND, "CSU", "commissioning_support_unit"),
    (AGENCY_KIND, "Care Trust", "care_trust"),
    (AGENCY_KIND, "CHC", "community_health_council"),
    (AGENCY_KIND, "Local Healthwatch", "healthwatch"),
    (AGENCY_KIND, "Integrated provider", "integrated_provider"),
    (GROUP_KIND, "Health and Wellbeing Board", "health_and_wellbeing_board"),
    (LEVEL, "Neighbourhood", "locality"),
    (LEVEL, "Place", "area"),
    (LEVEL, "System", "region"),
    (MEMBERSHIP_ROLE, "Co-opted", "co_opted"),
    (PERSON_ROLE, "District Nurse", "district_nurse"),
    (PERSON_ROLE, "OT", "occupational_therapist"),
    (PERSON_ROLE, "Consultant geriatrician", "geriatrician"),
    (PERSON_ROLE, "Counselor", "counsellor"),
    (PERSON_ROLE, "Support worker", "support_worker"),
    (PERSON_ROLE, "Director of Social Services", "director"),
    (PERSON_ROLE, "Councillor", "councillor"),
    (PERSON_ROLE, "Practice manager", "practice_manager"),
    (PERSON_ROLE, "Link worker", "link_worker"),
    (PERSON_ROLE, "JCM", "joint_commissioning_manager"),
    (SECTOR, "Independent sector", "independent"),
    (SECTOR, "Jobcentre Plus", "employment_welfare"),
])
def test_vocabulary_of_the_seeds_and_of_today(vocabulary, raw: str, canonical: str) -> None:
    assert vocabulary.canonical(raw) == canonical


def test_ics_tiers_sit_on_the_rungs_of_the_level_ladder() -> None:
    """Neighbourhood, place and system are the locality, area and region rungs: a tie
    between a place board and a local authority area group is horizontal, not vertical."""
    assert LEVEL.values == ("practice", "locality", "area", "region", "national")
    ranks = [LEVEL.rank(LEVEL.canonical(t)) for t in ("practice", "neighbourhood", "place",
                                                      "system", "national")]
    assert ranks == [0, 1, 2, 3, 4]


def test_a_store_from_before_waves_reads_and_upgrades(tmp_path: Path) -> None:
    """A store written before a table or property existed (no SUCCEEDED_BY, no dates):
    missing tables read as empty, missing columns as blank; the next import upgrades it."""
    import ladybug

    path = tmp_path / "old.db"
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE `Person`(`id` STRING, `name` STRING, `role` STRING, "
                 "`sector` STRING, `attributes` STRING, PRIMARY KEY (`id`))")
    conn.execute("CREATE NODE TABLE `Group`(`id` STRING, `name` STRING, PRIMARY KEY (`id`))")
    conn.execute("CREATE REL TABLE `MEMBER_OF`(FROM `Person` TO `Group`, `role` STRING)")
    conn.execute("CREATE (:`Person` {id: 'p-gpb', name: 'Dr B', role: 'gp'})")
    conn.execute("CREATE (:`Group` {id: 'grp-area', name: 'Area group'})")
    conn.execute("MATCH (p:`Person`), (g:`Group`) CREATE (p)-[:`MEMBER_OF` {role: 'invited'}]"
                 "->(g)")
    conn.close()
    db.close()
    G = api.read_graph(path)
    assert dict(G.nodes(data=True))["p-gpb"] == {"label": "Person", "id": "p-gpb",
                                                "name": "Dr B", "role": "gp"}
    assert [d for _, _, d in G.edges(data=True)] == [{"type": MEMBER_OF, "role": "invited"}]
    assert api.counts(path)["relationships"][SUCCEEDED_BY] == 0
    api.import_data(W2000, db=path, mode="append")
    assert api.counts(path)["nodes"]["Agency"] == 6
    assert api.read_graph(path).nodes["pcg"]["end_date"] == "2002-03-31"


# -- the same on a real Neo4j -----------------------------------------------------------


def test_waves_on_neo4j_are_the_waves_of_the_embedded_store(
        waved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, neo4j_database) -> None:
    """Both waves imported into a real Neo4j (the session's database, emptied first) read
    back, select and compare exactly as on the embedded store."""
    server = neo4j_database.server
    neo4j_database.empty().close()
    monkeypatch.setenv("NEO4J_USERNAME", server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", server.password)
    if server.database:
        monkeypatch.setenv("NEO4J_DATABASE", server.database)
    uri = server.uri
    api.import_data(W2000, db=uri, wave="2000")
    report = api.import_data(W2003, db=uri, wave="2003")
    assert report.waves == ["2003"]
    with pytest.raises(api.ImportRefused, match="already in the store"):
        api.import_data(W2003, db=uri, wave="2003")
    for wave, day in (("2000", None), ("2003", None), ("2003", "2003-05-12"),
                      ("2003", "2001-06-30")):
        assert without_waves(api.read_graph(uri, wave=wave, as_of=day)) == \
            without_waves(api.read_graph(waved, wave=wave, as_of=day)), (wave, day)
    ours = api.compare(f"{waved}#wave=2000", f"{waved}#wave=2003", out=tmp_path / "a")
    theirs = api.compare(f"{uri}#wave=2000", f"{uri}#wave=2003", out=tmp_path / "b")
    for section in ("who", "isolated_gps", "relationships", "network"):
        assert next(s for s in ours.document["sections"] if s["id"] == section) == next(
            s for s in theirs.document["sections"] if s["id"] == section), section
    count = "MATCH (a:Agency) RETURN count(a) AS n"
    assert api.query(count, db=uri, wave="2000").rows == [[6]]


def test_export_sees_only_the_wave_chosen(waved: Path, tmp_path: Path) -> None:
    """`netan export --wave` writes what the report of that wave reads, and no other."""
    for wave in ("2000", "2003"):
        out = tmp_path / f"wave-{wave}.graphml"
        code, printed = netan("export", out, "--db", waved, "--wave", wave)
        assert code == 0, printed
        written = nx.read_graphml(out)
        chosen = api.read_graph(waved, wave=wave)
        assert set(written.nodes) == {str(n) for n in chosen.nodes}
        assert written.number_of_edges() == chosen.number_of_edges()
    assert "pcg" in nx.read_graphml(tmp_path / "wave-2000.graphml")
    assert "pcg" not in nx.read_graphml(tmp_path / "wave-2003.graphml")
    code, printed = netan("export", tmp_path / "both.graphml", "--db", waved)
    assert code != 0 and "--wave" in printed
