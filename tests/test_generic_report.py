"""Published networks end to end: `netan import` then `netan report --format json,csv`,
compared with R's sna and igraph (values in tests/reference/r_reference.json, made by
tests/reference/make_reference.R) and with sna's answers to twelve hand-made cases.

Real CLI (typer's CliRunner), real embedded store, real CSV and JSON files.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from netan.cli.main import app

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "tests" / "reference"
R = json.loads((REFERENCE / "r_reference.json").read_text(encoding="utf-8"))
SNA_CASES = json.loads((REFERENCE / "brokerage_sna_cases.json").read_text())["cases"]
SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))
ROLES = ("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")
runner = CliRunner()


def netan(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def number(value: Any) -> float:
    """A CSV cell or an R value as a float (blank, None and "NaN" are NaN)."""
    if value in ("", None, "NaN", "NA"):
        return math.nan
    return float(value)


def same(x: Any, y: Any, tol: float = 1e-9) -> bool:
    a, b = number(x), number(y)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def import_and_report(tmp: Path, source: Path, *options: str) -> tuple[Path, dict]:
    db = tmp / "store.db"
    netan("import", str(source), "--db", str(db), "--replace")
    out = tmp / "report"
    netan("report", "--db", str(db), "--out", str(out), "--format", "json,csv", *options)
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    return out / "csv", document


def as_organisations(source: Path, tmp: Path) -> Path:
    """A copy of a generic folder with every node typed ``organisation``."""
    folder = tmp / f"{source.name}-organisations"
    nodes = read_csv(source / "nodes.csv")
    write_csv(folder / "nodes.csv", [*nodes[0], "type"],
              [[*row.values(), "organisation"] for row in nodes])
    (folder / "edges.csv").write_bytes((source / "edges.csv").read_bytes())
    return folder


# ---------------------------------------------------------------------------
# sna::brokerage, by any partition, directed and undirected
# ---------------------------------------------------------------------------


def check_brokerage(csv_folder: Path, kind: str, reference: dict, ids: list[str]) -> None:
    """The report's three brokerage tables against sna's raw/exp/sd/z (nli, grp, gli)."""
    people = {row["id"]: row for row in read_csv(csv_folder / f"brokerage_{kind}.csv")}
    assert set(people) == set(ids)
    for i, node in enumerate(ids):
        row = people[node]
        for role in ROLES:
            column = "total" if role == "t" else role
            assert int(row[column]) == reference["raw_nli"][i][role], (node, role)
            assert same(row[f"{column}_z"], reference["z_nli"][i][role]), (node, role)
    groups = read_csv(csv_folder / f"brokerage_groups_{kind}.csv")
    expected = {(r["group"], r["role"]): r for r in groups}
    for g, group in enumerate(reference["clid"]):
        for role in ROLES:
            row = expected[(group, role)]
            assert int(row["size"]) == reference["n"][g]
            assert same(row["expected"], reference["exp_grp"][g][role]), (group, role)
            assert same(row["sd"], reference["sd_grp"][g][role]), (group, role)
    network = {r["role"]: r for r in read_csv(csv_folder / f"brokerage_network_{kind}.csv")}
    for role in ROLES:
        assert int(network[role]["raw"]) == reference["raw_gli"][role]
        for ours, theirs in (("expected", "exp_gli"), ("sd", "sd_gli"), ("z", "z_gli")):
            assert same(network[role][ours], reference[theirs][role]), (role, ours)


def check_igraph(csv_folder: Path, document: dict, kind: str, reference: dict,
                 ids: list[str], partition: str) -> None:
    """Degree, components, betweenness, constraint, E-I, mixing and assortativity."""
    nodes = {row["id"]: row for row in read_csv(csv_folder / f"nodes_{kind}.csv")}
    for i, node in enumerate(ids):
        assert int(nodes[node]["in_degree"]) == reference["degree_in"][i]
        assert int(nodes[node]["out_degree"]) == reference["degree_out"][i]
        assert int(nodes[node]["degree"]) == reference["degree_total"][i]
    for mode in ("weak", "strong"):  # the same partition of the nodes, up to numbering
        ours = {(nodes[n][f"{mode}_component"]) for n in ids}
        assert len(ours) == reference[mode]["count"]
        pairs = {(nodes[n][f"{mode}_component"], reference[mode]["membership"][i])
                 for i, n in enumerate(ids)}
        assert len(pairs) == reference[mode]["count"]
    between_table = "betweenness" if kind == "people" else "betweenness_organisations"
    between = {r["id"]: r["betweenness"] for r in read_csv(csv_folder / f"{between_table}.csv")}
    holes_table = "structural_holes" if kind == "people" else "structural_holes_organisations"
    holes = {r["id"]: r["constraint"] for r in read_csv(csv_folder / f"{holes_table}.csv")}
    for i, node in enumerate(ids):
        assert same(between[node], reference["betweenness"][i], 1e-9), node
        assert same(holes[node], reference["constraint"][i], 1e-9), node
    r_partition = reference["partitions"][partition]
    ei = read_csv(csv_folder / f"ei_index_{kind}.csv")
    network = next(r for r in ei if r["scope"] == "network")
    assert int(network["external"]) == r_partition["ei"]["external"]
    assert int(network["internal"]) == r_partition["ei"]["internal"]
    assert same(network["ei"], r_partition["ei"]["ei"])
    by_group = {r["group"]: r for r in ei if r["scope"] == "group"}
    for group in r_partition["ei"]["groups"]:
        assert int(by_group[group["group"]]["external"]) == group["external"]
        assert int(by_group[group["group"]]["internal"]) == group["internal"]
    for i, node in enumerate(ids):
        assert same(nodes[node]["ei_index"], r_partition["ei"]["nodes"][i]), node
    cells = {(r["group_a"], r["group_b"]): int(r["ties"])
             for r in read_csv(csv_folder / f"mixing_{kind}.csv")}
    directed = reference["directed"]
    for cell in r_partition["mixing"]:
        key = (cell["from"], cell["to"])
        if not directed and key not in cells:
            key = key[::-1]
        assert cells[key] == cell["ties"], key
    assert sum(cells.values()) == reference["m"]
    analysed = next(r for r in read_csv(csv_folder / "networks_analysed.csv")
                    if r["network"] == kind)
    assert same(analysed["assortativity"], r_partition["assortativity"], 1e-9)
    assert analysed["direction"] == ("directed" if directed else "undirected")
    assert int(analysed["ties"]) == reference["m"]


EMON = ["emon_cheyenne", "emon_texas"]


@pytest.mark.slow
@pytest.mark.parametrize("site", EMON)
@pytest.mark.parametrize("kind", ["people", "organisations"])
def test_emon_directed_matches_sna_and_igraph(tmp_path: Path, site: str, kind: str) -> None:
    """Drabek et al.'s EMONs, directed, by Sponsorship (an extra column, any case)."""
    source = REFERENCE / site
    if kind == "organisations":
        source = as_organisations(source, tmp_path)
    csv_folder, document = import_and_report(tmp_path, source, "--group-by", "Sponsorship",
                                             "--direction", "directed")
    reference = R["networks"][site]
    ids = [name.strip() for name in reference["names"]]
    assert document["parameters"]["group_by"] == "sponsorship"
    check_brokerage(csv_folder, kind, reference["partitions"]["Sponsorship"]["brokerage"], ids)
    check_igraph(csv_folder, document, kind, reference, ids, "Sponsorship")
    other = "organisations" if kind == "people" else "people"
    assert any(f"has no {other}" in line for line in document["headlines"])


@pytest.mark.slow
def test_emon_undirected_by_location_matches_sna(tmp_path: Path) -> None:
    """The same data as undirected (each tie both ways), by another partition."""
    csv_folder, document = import_and_report(tmp_path, REFERENCE / "emon_texas",
                                             "--group-by", "location")
    reference = R["networks"]["emon_texas_undirected"]
    ids = [name.strip() for name in reference["names"]]
    check_brokerage(csv_folder, "people", reference["partitions"]["Location"]["brokerage"], ids)
    check_igraph(csv_folder, document, "people", reference, ids, "Location")
    analysed = read_csv(csv_folder / "networks_analysed.csv")[0]
    assert analysed["direction_reason"] == "as the data has it: no tie is declared directed"


@pytest.mark.slow
def test_karate_club_undirected_matches_sna_and_igraph(tmp_path: Path) -> None:
    csv_folder, _ = import_and_report(tmp_path, REFERENCE / "karate", "--group-by", "club")
    reference = R["networks"]["karate"]
    ids = reference["names"]
    check_brokerage(csv_folder, "people", reference["partitions"]["club"]["brokerage"], ids)
    check_igraph(csv_folder, {}, "people", reference, ids, "club")


@pytest.mark.slow
def test_weighted_constraint_matches_igraph(tmp_path: Path) -> None:
    """--weight Frequency, ascending and descending (1 = most frequent), directed."""
    reference = R["networks"]["emon_cheyenne"]
    ids = [name.strip() for name in reference["names"]]
    for scale, key in (("ascending", "constraint_weighted"),
                       ("descending", "constraint_weighted_descending")):
        folder = tmp_path / scale
        folder.mkdir()
        csv_folder, document = import_and_report(
            folder, REFERENCE / "emon_cheyenne", "--direction", "directed",
            "--weight", "Frequency", "--weight-scale", scale)
        holes = {r["id"]: r["constraint"] for r in read_csv(csv_folder / "structural_holes.csv")}
        for i, node in enumerate(ids):
            assert same(holes[node], reference[key][i], 1e-9), (scale, node)
        strength = {r["id"]: r["strength"] for r in read_csv(csv_folder / "nodes_people.csv")}
        for i, node in enumerate(ids):
            assert same(strength[node], reference[f"strength_{key[11:]}"][i]), (scale, node)
        settings = {r["table"]: r for r in read_csv(csv_folder / "measure_settings.csv")}
        assert settings["structural_holes"]["weighted"] == "true"
        assert f"weighted by frequency, {scale}" in settings["structural_holes"]["weights"]
        assert settings["brokerage_people"]["weighted"] == "false"
        assert settings["betweenness"]["weighted"] == "false"
        assert document["parameters"]["weight"] == "Frequency"


# ---------------------------------------------------------------------------
# sna's twelve hand-made cases, through import and report
# ---------------------------------------------------------------------------


def case_folder(case: dict, tmp: Path) -> Path:
    folder = tmp / case["id"]
    n = case["n"]
    write_csv(folder / "nodes.csv", ["id", "team"],
              [[f"v{i + 1}", g] for i, g in enumerate(case["groups"])])
    direction = "directed" if case["directed"] else "undirected"
    if "value_matrix" in case:
        edges = [[f"v{i + 1}", f"v{j + 1}", direction, value]
                 for i, row in enumerate(case["value_matrix"]) for j, value in enumerate(row)
                 if value]
    else:
        edges = [[f"v{a}", f"v{b}", direction, 1] for a, b in case["edges"]]
    write_csv(folder / "edges.csv", ["source", "target", "direction", "value"], edges)
    assert n == len(case["groups"])
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("case", SNA_CASES, ids=[c["id"] for c in SNA_CASES])
def test_sna_cases_end_to_end(tmp_path: Path, case: dict) -> None:
    """Direction declared in the data (no --direction): directed cases stay directed."""
    options = ["--group-by", "team"]
    if "value_matrix" in case:
        options += ["--weight", "value"]  # a weight must not change the counts
    csv_folder, _ = import_and_report(tmp_path, case_folder(case, tmp_path), *options)
    ids = [f"v{i + 1}" for i in range(case["n"])]
    people = {r["id"]: r for r in read_csv(csv_folder / "brokerage_people.csv")}
    for i, node in enumerate(ids):
        for role in ROLES:
            column = "total" if role == "t" else role
            assert int(people[node][column]) == case["raw_nli"][i][role], (node, role)
            if "z_nli" in case:
                assert same(people[node][f"{column}_z"], case["z_nli"][i][role], 1e-6)
    if "raw_gli" in case:
        network = {r["role"]: r for r in read_csv(csv_folder / "brokerage_network_people.csv")}
        for role in ROLES:
            assert int(network[role]["raw"]) == case["raw_gli"][role]
            assert same(network[role]["expected"], case["exp_gli"][role], 1e-9)
            assert same(network[role]["z"], case["z_gli"][role], 1e-6)
    analysed = read_csv(csv_folder / "networks_analysed.csv")[0]
    assert analysed["direction"] == ("directed" if case["directed"] else "undirected")


# ---------------------------------------------------------------------------
# Degenerate data: a full report, a sentence saying why, never a traceback
# ---------------------------------------------------------------------------


DEGENERATE = {
    "no ties": (["a", "b", "c"], [], "and no ties"),
    "one node": (["a"], [], "a single person"),
    "only isolates and one organisation": (["a", "b"], [], "and no ties"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", DEGENERATE)
def test_degenerate_networks_report_fully(tmp_path: Path, name: str) -> None:
    nodes, edges, sentence = DEGENERATE[name]
    folder = tmp_path / "data"
    rows = [[v, "A"] for v in nodes]
    if name.startswith("only isolates"):
        rows.append(["org", "B"])
        write_csv(folder / "nodes.csv", ["id", "team", "type"],
                  [[*r, "person"] for r in rows[:-1]] + [[*rows[-1], "organisation"]])
    else:
        write_csv(folder / "nodes.csv", ["id", "team"], rows)
    db = tmp_path / "store.db"
    netan("import", str(folder), "--db", str(db))
    out = tmp_path / "report"
    printed = netan("report", "--db", str(db), "--out", str(out), "--group-by", "team")
    assert sentence in printed
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    notes = read_csv(out / "csv" / "data_notes.csv")
    assert any(sentence in row["note"] for row in notes)
    assert sentence in (out / "report.md").read_text(encoding="utf-8")
    assert sentence in (out / "report.html").read_text(encoding="utf-8")
    between = read_csv(out / "csv" / "betweenness.csv")
    assert all(float(r["betweenness"]) == 0 for r in between)
    assert len(between) == len(nodes)


@pytest.mark.slow
def test_data_without_sector_says_so(tmp_path: Path) -> None:
    """The default partition on data without sectors: one 'unknown' group, and a note
    naming the attributes that could partition it instead."""
    _, document = import_and_report(tmp_path, REFERENCE / "emon_cheyenne")
    note = document["headlines"][0]
    assert "No node has a sector" in note and "sponsorship" in note


def test_unknown_partition_lists_those_present(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    netan("import", str(REFERENCE / "karate"), "--db", str(db))
    result = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r"),
                                 "--group-by", "klub"])
    assert result.exit_code == 1
    assert "--group-by 'klub': no node has this attribute; the attributes present are: " \
        "agency" not in result.output  # agency is None for everyone: not a partition
    assert "club" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r"),
                                 "--weight", "strength"])
    assert result.exit_code == 1
    assert "numeric columns on the ties are: weight" in result.output


@pytest.mark.slow
def test_southern_women_two_mode_through_report_and_export(tmp_path: Path) -> None:
    """Davis's Southern Women as people at the meetings of one group: the two-mode
    degrees in the report and the exported projections equal igraph's."""
    davis = R["davis"]
    csv_folder, _ = import_and_report(tmp_path, REFERENCE / "davis")
    degree = {r["id"]: r for r in read_csv(csv_folder / "two_mode_degree.csv")}
    assert [int(degree[p]["meetings"]) for p in davis["people"]] == davis["person_degree"]
    db = tmp_path / "store.db"
    for network, key in (("people", "people_projection"), ("meetings", "event_projection")):
        out = tmp_path / f"{network}-csv"
        netan("export", str(out), "--db", str(db), "--network", network)
        nodes = {r["Id"]: r for r in read_csv(out / "nodes.csv")}
        label = ({r["Id"]: r["Id"] for r in nodes.values()} if network == "people" else
                 {r["Id"]: r["date"] for r in nodes.values()})
        ties = {frozenset((label[r["Source"]], label[r["Target"]])): float(r["Weight"])
                for r in read_csv(out / "edges.csv")}
        assert ties == {frozenset((a, b)): w for a, b, w in davis[key]}


@pytest.mark.slow
def test_sampled_betweenness_is_said_in_every_format(tmp_path: Path) -> None:
    """--betweenness sample:K: the sample size, seed and top-20 stability in the HTML,
    Markdown and JSON descriptions and in measure_settings.csv."""
    db = tmp_path / "store.db"
    netan("import", str(REFERENCE / "emon_texas"), "--db", str(db))
    out = tmp_path / "report"
    netan("report", "--db", str(db), "--out", str(out), "--betweenness", "sample:10",
          "--seed", "4")
    said = "SAMPLED: estimated from 10 of 25 source nodes drawn with seed 4"
    assert said in (out / "report.html").read_text(encoding="utf-8")
    assert said in (out / "report.md").read_text(encoding="utf-8")
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    brokers = next(s for s in document["sections"] if s["id"] == "brokerage")
    assert brokers["summary"]["betweenness"]["sample_size"] == 10
    assert brokers["summary"]["betweenness"]["top_agreement"]["half_size"] == 5
    settings = {r["table"]: r for r in read_csv(out / "csv" / "measure_settings.csv")}
    assert settings["betweenness"]["method"].startswith(
        "sampled: 10 of 25 source nodes, seed 4; top 20: ")
    assert settings["brokerage_people"]["method"] == "exact"


def test_anonymised_partition_by_a_dropped_column_says_why(tmp_path: Path) -> None:
    """--anonymise drops people's identifying extra columns, so partitioning people by
    one is an error that says which and why (Drabek's 'people' are organisations whose
    ids are their names: 'State' is a word of 'Wyoming State Highway Patrol');
    organisations keep theirs: an organisation partition works."""
    db = tmp_path / "store.db"
    netan("import", str(REFERENCE / "emon_cheyenne"), "--db", str(db))
    result = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r"),
                                 "--format", "json", "--anonymise", "--group-by",
                                 "Sponsorship"], env={"NETAN_SALT_FILE": str(tmp_path / "s")})
    assert result.exit_code == 1
    assert "--anonymise leaves out the extra columns of people" in result.output
    assert "sponsorship: a value holds a word of a person's name or id" in result.output
    organisations = as_organisations(REFERENCE / "emon_cheyenne", tmp_path)
    netan("import", str(organisations), "--db", str(db), "--replace")
    result = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r"),
                                 "--format", "json", "--anonymise", "--group-by",
                                 "Sponsorship"], env={"NETAN_SALT_FILE": str(tmp_path / "s")})
    assert result.exit_code == 0, result.output


def test_findings_with_nothing_to_count_are_not_headlines(tmp_path: Path) -> None:
    """A finding whose denominator is 0 ("0 of 0 groups ...") is no finding: on a generic
    network the stage table says instead, once, that no group has a stage; on Wales 1998
    (15 groups with a stage) the finding and the table stay."""
    db, out = tmp_path / "generic.db", tmp_path / "generic"
    netan("import", str(REFERENCE / "emon_cheyenne"), "--db", str(db))
    printed = netan("report", "--db", str(db), "--out", str(out), "--format", "md,json,csv")
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert not any(" of 0 " in line or "known stage" in line for line in document["headlines"])
    assert "0 of 0" not in printed and "0 of 0" not in markdown
    assert "density nan" not in markdown  # an empty network has no density to print
    stages = next(t for s in document["sections"] for t in s["tables"]
                  if t["id"] == "commissioning_stages")
    assert stages["rows"] == []
    assert stages["description"].startswith("No group in the data has a known stage")
    assert markdown.count("No group in the data has a known stage") == 1
    assert read_csv(out / "csv" / "commissioning_stages.csv") == []

    db, out = tmp_path / "wales.db", tmp_path / "wales"
    netan("import", str(REPO / "examples" / "wales-1998"), "--db", str(db))
    printed = netan("report", "--db", str(db), "--out", str(out), "--format", "json")
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert ("0 of 15 groups with a known stage have purchased a service."
            in document["headlines"])
    assert "0 of 15 groups with a known stage" in printed
    stages = next(t for s in document["sections"] for t in s["tables"]
                  if t["id"] == "commissioning_stages")
    assert len(stages["rows"]) >= 8 and stages["description"] == ""
