"""`netan export` and `netan import` of network files: GraphML, GEXF, Pajek, UCINET DL and
Gephi's nodes/edges CSV.

Files written by R (igraph's write_graph, sna's write.dl; tests/reference/r_written, made by
tests/reference/make_reference.R) import with R's node and tie counts and sna's numbers;
netan's own exports round-trip to the same report; the GEXF is checked by networkx's reader
and structurally (GEXF 1.3 namespace, viz:color and viz:position on every node) -- the
GEXF 1.3 XSD is not shipped by any package this project can install, so it is not
validated against the schema itself.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.importers import load_import
from netan.importers.interchange import NetworkFileError, parse_dl, parse_pajek
from netan.queries.analysed import analysed_network
from netan.queries.brokerage import brokerage
from netan.reporting.report import ReportOptions

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "tests" / "reference"
WRITTEN = REFERENCE / "r_written"
R = json.loads((REFERENCE / "r_reference.json").read_text(encoding="utf-8"))["networks"]
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
runner = CliRunner()


def netan(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def imported(path: Path, tmp: Path, name: str = "store.db") -> Path:
    db = tmp / name
    netan("import", str(path), "--db", str(db), "--replace")
    return db


def counts(db: Path) -> tuple[dict[str, int], dict[str, int]]:
    found = api.counts(db)
    return ({k: v for k, v in found["nodes"].items() if v},
            {k: v for k, v in found["relationships"].items() if v})


# ---------------------------------------------------------------------------
# Files written by R
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("file", "network"), [
    ("emon_cheyenne.graphml", "emon_cheyenne"), ("emon_cheyenne.net", "emon_cheyenne"),
    ("emon_cheyenne.dl", "emon_cheyenne"), ("flo.graphml", "flo"), ("flo.net", "flo")])
def test_files_written_by_r_import_with_their_counts(tmp_path: Path, file: str,
                                                     network: str) -> None:
    nodes, ties = counts(imported(WRITTEN / file, tmp_path))
    reference = R[network]
    assert nodes == {"Person": reference["n"]}
    assert ties == {"LIAISES_WITH": reference["m"]}


@pytest.mark.parametrize("file", ["emon_cheyenne.graphml", "emon_cheyenne.net",
                                  "emon_cheyenne.dl"])
def test_directed_r_files_are_analysed_directed_like_sna(tmp_path: Path, file: str) -> None:
    """igraph's GraphML (edgedefault directed), its Pajek *Arcs and sna's asymmetric DL are
    read as declared directed, so the default analysis is sna's on the directed graph."""
    G = api.read_graph(imported(WRITTEN / file, tmp_path))
    net = analysed_network(G)
    assert net.directed and net.direction_reason.startswith("as the data has it")
    reference = R["emon_cheyenne"]
    by_name = {(d.get("name") or v).strip(): v for v, d in net.graph.nodes(data=True)}
    if file.endswith(".graphml"):  # the only one of the three that carries the attributes
        result = brokerage(net.graph, "sponsorship")
        want = reference["partitions"]["Sponsorship"]["brokerage"]["raw_nli"]
        for i, name in enumerate(reference["names"]):
            assert result.raw[by_name[name.strip()]] == want[i]
    degree = dict(net.graph.out_degree())
    node = [by_name.get(name.strip(), str(i + 1))  # igraph's Pajek has numbers, no labels
            for i, name in enumerate(reference["names"])]
    assert [degree[v] for v in node] == reference["degree_out"]
    assert [net.graph.in_degree(v) for v in node] == reference["degree_in"]


def test_undirected_r_file_is_analysed_undirected(tmp_path: Path) -> None:
    G = api.read_graph(imported(WRITTEN / "flo.net", tmp_path))
    net = analysed_network(G)
    assert not net.directed
    assert net.graph.number_of_edges() == R["flo"]["m"]


# ---------------------------------------------------------------------------
# Round trips through netan's own exports
# ---------------------------------------------------------------------------


def tables(document: dict) -> dict[str, dict]:
    return {t["id"]: t for s in document["sections"] for t in s["tables"]}


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["full.graphml", "full.gexf", "full-csv"])
def test_full_graph_round_trip_gives_the_same_report(tmp_path: Path, suffix: str) -> None:
    """Every node, relationship and property survives: the re-imported King's Fund
    example (liaison, co-location, budgets, partnerships) reports exactly the same."""
    db = imported(REPO / "examples" / "kingsfund-1998", tmp_path, "first.db")
    out = tmp_path / suffix
    netan("export", str(out), "--db", str(db))
    again = imported(out, tmp_path, "again.db")
    assert counts(again) == counts(db)
    options = ReportOptions(seed=1)
    first = api.report(db=db, out=tmp_path / "a", formats=("json",), options=options).document
    second = api.report(db=again, out=tmp_path / "b", formats=("json",),
                        options=options).document
    assert first["headlines"] == second["headlines"]
    assert tables(first) == tables(second)


@pytest.mark.parametrize("suffix", ["p.graphml", "p.gexf", "p.net", "p.dl", "p-csv"])
def test_people_network_round_trip_keeps_ties_and_direction(tmp_path: Path,
                                                            suffix: str) -> None:
    db = imported(REFERENCE / "emon_texas", tmp_path)
    out = tmp_path / suffix
    netan("export", str(out), "--db", str(db), "--network", "people", "--direction",
          "directed")
    again = analysed_network(api.read_graph(imported(out, tmp_path, "again.db")))
    first = analysed_network(api.read_graph(db), direction="directed")
    assert again.directed
    name_of = {v: d.get("name") or v for v, d in first.graph.nodes(data=True)}
    arcs = {(name_of[u], name_of[v]) for u, v in first.graph.edges()}
    again_names = {v: d.get("name") or v for v, d in again.graph.nodes(data=True)}
    assert {(again_names[u], again_names[v]) for u, v in again.graph.edges()} == arcs


def test_exported_weights_are_the_named_column(tmp_path: Path) -> None:
    db = imported(REFERENCE / "emon_cheyenne", tmp_path)
    out = tmp_path / "w.graphml"
    netan("export", str(out), "--db", str(db), "--network", "people", "--direction",
          "directed", "--weight", "Frequency", "--weight-scale", "descending")
    H = nx.read_graphml(out)
    frequencies = {(e["source"], e["target"]): float(e["Frequency"])
                   for e in _csv(REFERENCE / "emon_cheyenne" / "edges.csv")}
    top, bottom = max(frequencies.values()), min(frequencies.values())
    names = {v: d["name"] for v, d in H.nodes(data=True)}
    for u, v, data in H.edges(data=True):
        want = top + bottom - frequencies[(names[u], names[v])]
        assert data["weight"] == pytest.approx(want)


def _csv(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


# ---------------------------------------------------------------------------
# GEXF for Gephi, anonymised exports, Gephi's CSV
# ---------------------------------------------------------------------------


def test_gexf_has_sector_colours_and_level_positions(tmp_path: Path) -> None:
    db = imported(REPO / "examples" / "scotland-2001", tmp_path)
    out = tmp_path / "orgs.gexf"
    netan("export", str(out), "--db", str(db), "--network", "organisations")
    root = ET.parse(out).getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
    assert root.get(xsi) == "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    G = api.read_graph(db)
    colour_of_sector: dict[str, tuple[str, str, str]] = {}
    y_of_level: dict[str, set[float]] = {}
    nodes = root.iter(f"{GEXF}node")
    seen = 0
    for node in nodes:
        seen += 1
        colour, position = node.find(f"{VIZ}color"), node.find(f"{VIZ}position")
        assert colour is not None and position is not None
        data = G.nodes[node.get("id")]
        rgb = (colour.get("r"), colour.get("g"), colour.get("b"))
        assert colour_of_sector.setdefault(data.get("sector"), rgb) == rgb
        y_of_level.setdefault(data.get("level"), set()).add(float(position.get("y")))
    assert seen == sum(1 for _, d in G.nodes(data=True) if d["label"] == "Agency")
    assert len(set(colour_of_sector.values())) == len(colour_of_sector)  # one per sector
    bands = {level: min(ys) for level, ys in y_of_level.items() if level}
    assert bands["practice"] < bands["locality"] < bands["area"]
    read = nx.read_gexf(out)
    assert read.number_of_nodes() == seen


@pytest.mark.parametrize("suffix", ["a.graphml", "a.gexf", "a.net", "a.dl", "a-csv"])
def test_anonymised_exports_hold_no_staff_name(tmp_path: Path, suffix: str) -> None:
    db = imported(REPO / "examples" / "kingsfund-1998", tmp_path)
    out = tmp_path / suffix
    netan("export", str(out), "--db", str(db), "--network", "full", "--anonymise")
    names = {row["name"] for row in _csv(REPO / "examples" / "kingsfund-1998" / "people.csv")}
    ids = {row["id"] for row in _csv(REPO / "examples" / "kingsfund-1998" / "people.csv")}
    text = "".join(p.read_text(encoding="utf-8") for p in
                   ([out] if out.is_file() else sorted(out.iterdir())))
    assert "P-" in text
    assert not [n for n in names if n in text]
    assert not [i for i in ids if f'"{i}"' in text or f">{i}<" in text or f"\n{i}," in text]


def test_gephi_spreadsheet_form_imports(tmp_path: Path) -> None:
    """Gephi's Data Laboratory export: Id/Label nodes, Source/Target/Type/Id/Label/Weight."""
    folder = tmp_path / "gephi"
    folder.mkdir()
    (folder / "nodes.csv").write_text("Id,Label,club\n1,Ann,A\n2,Bob,A\n3,Cy,B\n",
                                      encoding="utf-8")
    (folder / "edges.csv").write_text("Source,Target,Type,Id,Label,Weight\n"
                                      "1,2,Undirected,0,,2.0\n2,3,Directed,1,x,1.0\n",
                                      encoding="utf-8")
    result = load_import(folder)
    assert result.data is not None, [str(p) for p in result.problems]
    G = api.read_graph(imported(folder, tmp_path))
    assert {d["name"] for _, d in G.nodes(data=True)} == {"Ann", "Bob", "Cy"}
    directions = {(u, v): d.get("direction") for u, v, d in G.edges(data=True)}
    assert directions == {("1", "2"): "undirected", ("2", "3"): "directed"}
    net = analysed_network(G, weight="weight")
    assert net.directed  # one tie is declared directed
    assert sorted(net.graph.edges()) == [("1", "2"), ("2", "1"), ("2", "3")]
    assert net.graph["1"]["2"]["weight"] == 2.0


def test_gexf_written_by_the_spec_imports(tmp_path: Path) -> None:
    """A GEXF 1.3 file as Gephi writes one: attributes, viz, undirected default, weights."""
    path = tmp_path / "gephi.gexf"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <meta><creator>Gephi 0.10</creator></meta>
  <graph defaultedgetype="undirected" mode="static">
    <attributes class="node" mode="static">
      <attribute id="sector" title="sector" type="string"/>
      <attribute id="modularity_class" title="Modularity Class" type="integer"/>
    </attributes>
    <nodes>
      <node id="n0" label="Practice nurse"><attvalues><attvalue for="sector" value="primary care"/>
        <attvalue for="modularity_class" value="0"/></attvalues>
        <viz:size value="10.0"/><viz:position x="1.0" y="2.0"/><viz:color r="1" g="2" b="3"/></node>
      <node id="n1" label="Care manager"><attvalues><attvalue for="sector" value="Social Services"/>
        <attvalue for="modularity_class" value="1"/></attvalues></node>
      <node id="n2" label="CPN"/>
    </nodes>
    <edges>
      <edge id="0" source="n0" target="n1" weight="3.0"/>
      <edge id="1" source="n1" target="n2"/>
      <edge id="2" source="n2" target="n2"/>
    </edges>
  </graph>
</gexf>
""", encoding="utf-8")
    result = load_import(path)
    assert result.data is not None, [str(p) for p in result.problems]
    assert any("left out" in p.message for p in result.warnings)  # the self-loop
    G = api.read_graph(imported(path, tmp_path))
    assert G.nodes["n0"]["sector"] == "primary_care" and G.nodes["n1"]["sector"] == "social_care"
    assert G.nodes["n2"]["name"] == "CPN"
    assert sorted((u, v) for u, v in G.edges()) == [("n0", "n1"), ("n1", "n2")]
    assert not analysed_network(G).directed


# ---------------------------------------------------------------------------
# The Pajek and DL readers
# ---------------------------------------------------------------------------


def test_pajek_reader_handles_what_networkx_misreads() -> None:
    """igraph lists no vertex lines; a file may hold *Arcs and *Edges sections."""
    G = parse_pajek("% a comment\n*Network test\n*Vertices 4\n1 \"Ann\" 0.1 0.2 0.5\n"
                    "*Arcs\n1 2 2.5\n*Edges\n3 4\n*Arcslist\n4 1 2\n")
    assert set(G) == {"Ann", "2", "3", "4"}
    edges = sorted((u, v, d["direction"], d.get("weight")) for u, v, d in G.edges(data=True))
    assert edges == [("3", "4", "undirected", None), ("4", "2", "directed", None),
                     ("4", "Ann", "directed", None), ("Ann", "2", "directed", 2.5)]


@pytest.mark.parametrize(("text", "message", "line"), [
    ("*Arcs\n1 2\n", "before *Vertices", 1),
    ("*Vertices 2\n*Arcs\n1 3\n", "not between 1 and 2", 3),
    ("*Vertices 2\n*Matrix\n0 1\n", "cannot read the Pajek section", 2),
    ("*Vertices 2\n*Arcs\n1 2 heavy\n", "not a number", 3),
])
def test_pajek_errors_name_the_line(text: str, message: str, line: int) -> None:
    with pytest.raises(NetworkFileError, match=re.escape(message)) as raised:
        parse_pajek(text)
    assert raised.value.line == line


def test_dl_forms() -> None:
    full = parse_dl("DL N=3\nformat = fullmatrix\nlabels:\nA,B,C\ndata:\n0 1 0\n1 0 1\n0 1 0\n")
    assert sorted(full.edges()) == [("A", "B"), ("B", "C")]  # symmetric: one tie per pair
    assert {d["direction"] for *_, d in full.edges(data=True)} == {"undirected"}
    embedded = parse_dl("dl n=3 format=fullmatrix\nlabels embedded\ndata:\n"
                        "  x y z\nx 0 1 0\ny 0 0 2\nz 0 0 0\n")
    assert sorted((u, v, d.get("weight")) for u, v, d in embedded.edges(data=True)) == [
        ("x", "y", None), ("y", "z", 2.0)]
    assert {d["direction"] for *_, d in embedded.edges(data=True)} == {"directed"}
    upper = parse_dl("dl n=3 format=upperhalf diagonal=absent\ndata:\n1 0\n1\n")
    assert sorted(upper.edges()) == [("1", "2"), ("2", "3")]
    nodes = parse_dl("dl n=3 format=nodelist1\nlabels embedded\ndata:\nann bob cy\nbob ann\n")
    assert sorted(nodes.edges()) == [("ann", "bob"), ("ann", "cy"), ("bob", "ann")]
    several = parse_dl("dl n=2 nm=2 format=edgelist1\nmatrix labels:\nadvice,friend\n"
                       "data:\n1 2\n!\n2 1 3\n")
    assert sorted((u, v, d["relation"]) for u, v, d in several.edges(data=True)) == [
        ("1", "2", "advice"), ("2", "1", "friend")]


@pytest.mark.parametrize(("text", "message"), [
    ("graph\n", "starts with 'dl'"),
    ("dl nr=2 nc=3\ndata:\n0 1 0\n1 0 0\n", "two-mode"),
    ("dl n=2\nlabels:\na,b,c\ndata:\n0 1\n1 0\n", "3 labels for n = 2"),
    ("dl n=2\ndata:\n0 1\n", "has 2 values; 4 expected"),
    ("dl n=2 format=edgelist1\ndata:\n1 5\n", "not between 1 and 2"),
])
def test_dl_errors(text: str, message: str) -> None:
    with pytest.raises(NetworkFileError, match=message):
        parse_dl(text)


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".net", ".dl"])
def test_a_broken_file_is_one_line_and_leaves_the_store(tmp_path: Path, suffix: str) -> None:
    db = imported(REFERENCE / "karate", tmp_path)
    before = counts(db)
    bad = tmp_path / f"bad{suffix}"
    bad.write_text("<graphml><graph><node id=" if suffix in (".graphml", ".gexf")
                   else "*Vertices x\n" if suffix == ".net" else "dl n=\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "--db", str(db), "--replace"])
    assert result.exit_code == 1
    assert f"bad{suffix}: cannot read this" in result.output
    assert "Traceback" not in result.output
    assert counts(db) == before


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 200])
def test_export_through_the_console_script_at_any_width(tmp_path: Path, columns: int) -> None:
    """The real console script, piped: the note and the 'wrote' line are one line each,
    and a bad --network is one error line naming the choices."""
    import os
    import subprocess
    import sys

    db = imported(REFERENCE / "emon_cheyenne", tmp_path)
    env = {**os.environ, "COLUMNS": str(columns)}
    out = tmp_path / ("a-long-folder-name-" * 3) / "people.gexf"
    done = subprocess.run([sys.executable, "-m", "netan", "export", str(out), "--db", str(db),
                           "--network", "people", "--weight", "Frequency"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2, done.stdout
    assert lines[0].startswith("note: undirected") and "weighted by frequency" in lines[0]
    assert lines[1].startswith(f"wrote {out} (gexf: people, 14 nodes, 59 ties)")
    assert out.exists()
    done = subprocess.run([sys.executable, "-m", "netan", "export", str(tmp_path / "x.net"),
                           "--db", str(db), "--network", "staff"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: --network 'staff': choose full, people, organisations, groups, meetings"]
