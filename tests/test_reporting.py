"""Renderers of the report document and pseudonymisation, on hand-made documents."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from netan.graphdb.schema import AGENCY, EMPLOYED_BY, LIAISES_WITH, PERSON
from netan.queries.pseudonyms import pseudonym, pseudonymise_graph
from netan.reporting import charts, html
from netan.reporting.html import render_html
from netan.reporting.markdown import markdown_table, render_markdown
from netan.reporting.tables import render_csv, render_csvs, write_json

XSS = "<img src=x onerror=alert(1)>"


def document() -> dict:
    table = {"id": "people", "title": "People", "description": "",
             "columns": ["id", "name", "score"],
             "rows": [["p1", XSS, 0.5], ["p2", "O'Brien | \"Ann\", Jr", None]]}
    return {
        "title": "test report", "parameters": {}, "graph": {},
        "headlines": [f"{XSS} is isolated"],
        "sections": [{"id": "isolated_gps", "title": "Isolated GPs", "summary": {"gps": 2},
                      "tables": [table],
                      "charts": [{"id": "h", "kind": "histogram", "title": "rates",
                                  "data": [0.0, 0.1, 0.95, 1.0]}]}],
        "provenance": {"netan": "0.1.0"},
    }


def test_html_escapes_every_user_string_and_needs_no_network() -> None:
    page = render_html(document())
    assert XSS not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert "default-src 'none'" in page  # the page may not fetch anything
    assert 'href="csv/people.csv"' in page
    assert page.index("Headline findings") < page.index("Isolated GPs</h2>")


def test_csv_twin_round_trips_awkward_values() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(document()["sections"][0]["tables"][0]))))
    assert rows[0] == ["id", "name", "score"]
    assert rows[2] == ["p2", "O'Brien | \"Ann\", Jr", ""]
    assert set(render_csvs(document())) == {"people.csv"}


def test_markdown_escapes_pipes_and_cuts_long_tables() -> None:
    text = render_markdown(document())
    assert "O'Brien \\| \"Ann\", Jr" in text
    long = {"id": "t", "title": "t", "columns": ["n"], "rows": [[i] for i in range(60)]}
    cut = markdown_table(long, max_rows=50)
    assert "| 49 |" in cut and "| 50 |" not in cut and "10 more rows in t.csv" in cut


def render_json(report: Any, folder: Path) -> str:
    """The report's JSON file as :func:`write_json` writes it."""
    return write_json(report, folder / "report.json").read_text(encoding="utf-8")


def test_json_is_strict(tmp_path: Path) -> None:
    text = render_json(document(), tmp_path)
    assert json.loads(text)["sections"][0]["tables"][0]["rows"][1][2] is None
    broken = document()
    broken["headlines"] = [float("nan")]
    with pytest.raises(ValueError):
        render_json(broken, tmp_path)  # NaN is not JSON: the report turns it into null first


def test_json_file_is_the_standard_librarys_text(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Written piece by piece (a few pieces a write here), the file is ``json.dumps``'s
    indented UTF-8 text and a newline, byte for byte."""
    from netan.reporting import tables

    monkeypatch.setattr(tables, "_PIECES_PER_WRITE", 3)
    report = {**document(), "headlines": ["Café – “quoted” ✓", XSS, "line\nbreak"],
              "numbers": [0.1, 1e-300, -0.0, 12345678901234567890, True, None]}
    expected = json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    assert write_json(report, tmp_path / "r.json").read_bytes() == expected.encode("utf-8")


def test_histogram_counts_each_bin() -> None:
    svg = charts.histogram([0.0, 0.05, 0.5, 1.0, 1.0], bins=10)
    assert svg.count("<rect") == 10
    assert "0–10%: 2</title>" in svg and "90–100%: 2</title>" in svg


def test_sankey_band_widths_follow_amounts() -> None:
    svg = charts.sankey([{"source": "health", "target": XSS, "amount": 300.0},
                         {"source": "social care", "target": XSS, "amount": 100.0}])
    assert XSS not in svg and "(£400)" in svg  # the target receives both flows
    assert charts.sankey([]).startswith('<p class="empty">')


def test_heatmap_cells_show_density() -> None:
    cells = [{"sector_a": "social_care", "level_a": "area", "sector_b": "social_care",
              "level_b": "area", "n_a": 3, "n_b": 3, "observed": 3, "possible": 3,
              "density": 1.0}]
    svg = charts.heatmap(cells)
    assert ">1.00</text>" in svg and "social care, area" in svg


def graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("a1", label=AGENCY, name="Valleys Practice", sector="primary_care")
    G.add_node("dr-jones", label=PERSON, name="Dr Gwen Jones", role="gp", sector="primary_care",
               notes="lives in Pontypridd")
    G.add_node("sw-1", label=PERSON, name="Huw Evans", role="social_worker",
               sector="social_care")
    G.add_edge("dr-jones", "a1", type=EMPLOYED_BY)
    G.add_edge("sw-1", "dr-jones", type=LIAISES_WITH, frequency=2.0, comment="Huw's note")
    return G


def test_pseudonyms_are_stable_salted_and_hide_names() -> None:
    salt = bytes(range(32))
    assert pseudonym("dr-jones", salt) == pseudonym("dr-jones", salt)
    assert pseudonym("dr-jones", salt) != pseudonym("dr-jones", bytes(range(1, 33)))
    H = pseudonymise_graph(graph(), salt)
    text = repr(list(H.nodes(data=True))) + repr(list(H.edges(data=True)))
    for secret in ("Gwen", "Jones", "jones", "Huw", "Evans", "Pontypridd"):
        assert secret not in text
    code = pseudonym("dr-jones", salt)
    assert H.nodes[code]["name"] == code and H.nodes[code]["role"] == "gp"
    assert H.has_edge(code, "a1") and H.nodes["a1"]["name"] == "Valleys Practice"
    assert H.number_of_edges() == 2


# ---------------------------------------------------------------------------
# The fast writers against the plain ones, on random documents
# ---------------------------------------------------------------------------

AWKWARD = ["", "a", "],\x1e[", "]", "[", "\x1e", "\x1f", "é\n\"\\</", "x, y", "k: v", "\u2028",
           XSS, "a & b", "'q'"]


def test_json_refuses_what_is_not_json(tmp_path: Path) -> None:
    """The JSON file is the standard library's indented text; what JSON cannot hold
    (NaN, infinity, objects, tuple keys, cycles) is refused with an error (the report's
    files are moved into place only when all are written)."""
    cycle: list = [1]
    cycle.append([cycle])
    for bad in ([[float("nan")]], {"a": [1, {"b": float("inf")}]}, [object()], {(1,): 1}, cycle):
        with pytest.raises((ValueError, TypeError)):
            render_json(bad, tmp_path)


def test_html_table_body_is_every_cell_escaped() -> None:
    rng = random.Random(3)
    for _ in range(500):
        pool = [v for v in AWKWARD if rng.random() < 0.3 or v.isprintable()]
        rows = [[rng.choice([*pool, 1, 0.123456, None, True, float("nan")])
                 for _ in range(rng.randint(0, 4) if rng.random() < 0.1 else 3)]
                for _ in range(rng.randint(0, 5))]
        columns = ["id", "amount", "share", "x"][:max(map(len, rows), default=0)]

        def td(column: tuple, value: object) -> str:
            numeric = any(type(v) in (int, float) for v in column) and all(
                type(v) in (int, float) or v is None for v in column)
            return "<td class=n>" if numeric else "<td>"

        width = len(rows[0]) if rows else 0
        regular = bool(rows) and width == len(columns) and set(map(len, rows)) == {width}
        by_column = list(zip(*rows, strict=True)) if regular else []
        plain = "".join(
            "<tr>" + "".join((td(by_column[i], v) if regular else "<td>")
                             + f"{html._value(columns[i] if i < len(columns) else '', v)}</td>"
                             for i, v in enumerate(row)) + "</tr>"
            for row in rows)
        assert html._body(columns, rows) == plain


def test_html_shows_the_first_rows_of_a_long_table_and_points_to_its_csv() -> None:
    table = {"id": "betweenness", "title": "Betweenness", "columns": ["id", "betweenness"],
             "rows": [[f"p{i}", 1 / (i + 1)] for i in range(1205)]}
    page = html.html_table(table, csv_href="csv/betweenness.csv")
    assert page.count("<tr>") == 1 + html.MAX_HTML_ROWS  # the header and the first rows
    assert ">p999<" in page and ">p1000<" not in page
    assert "Showing the first 1,000 of 1,205 rows" in page
    assert 'href="csv/betweenness.csv"' in page
    short = {**table, "rows": table["rows"][:10]}
    assert "Showing" not in html.html_table(short, csv_href="csv/betweenness.csv")


def test_cells_read_as_a_reader_expects() -> None:
    from netan.reporting.cells import cell_text

    assert cell_text("pooled", True) == "true" and cell_text("x", False) == "false"
    assert cell_text("amount", 125000.0) == "£125,000"
    assert cell_text("total_amount", 12.5) == "£12.50"
    assert cell_text("amount", 40000) == "£40,000"
    assert cell_text("share", 0.6543778801843319) == "65%"
    assert cell_text("share_with_primary_care", 0.047) == "4.7%"
    assert cell_text("rate", 0.0) == "0%"
    assert cell_text("density", 0.04671236354404671) == "0.0467"
    assert cell_text("z", -0.429570553524786) == "-0.430"
    assert cell_text("z", 10.477843173386434) == "10.5"
    assert cell_text("size", 12345.678) == "12,346"
    assert cell_text("mean_links", 2.0) == "2"
    assert cell_text("year", 1998) == "1998"  # integers as they are (no separator)
    assert cell_text("rate", None) == ""


def test_charts_fit_their_labels_and_pick_readable_ink() -> None:
    heat = charts.heatmap([{"sector_a": "primary_care", "level_a": "practice",
                            "sector_b": XSS, "level_b": "area", "density": 0.5,
                            "observed": 1, "possible": 2}])
    assert XSS not in heat and 'width="' in heat[:120]
    for fill in ("#ffffff", "rgb(8,48,107)", charts.blue(0.5), charts.NO_DATA):
        assert charts.contrast(charts.ink_on(fill), fill) >= 4.5
    long = "a very long organisation name " * 5
    assert charts.text_width(charts.fitted(long, 120)) <= 120
    flows = [{"source": "x", "target": "y", "source_sector": "social_care",
              "source_level": "area", "target_sector": None, "target_level": "area",
              "target_label": "Group", "amount": 125000.0}]
    sankey = charts.sankey(flows)
    assert "Social care, area (£125,000)" in sankey and "Groups, area (£125,000)" in sankey
    assert "@" not in sankey
