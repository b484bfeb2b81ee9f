"""Renderers of the report document and pseudonymisation, on hand-made documents."""

from __future__ import annotations

import csv
import io
import json
import random
from typing import Any

import networkx as nx
import pytest

from netan.graphdb.schema import AGENCY, EMPLOYED_BY, LIAISES_WITH, PERSON
from netan.queries.pseudonyms import pseudonym, pseudonymise_graph
from netan.reporting import charts, html
from netan.reporting.html import render_html
from netan.reporting.markdown import markdown_table, render_markdown
from netan.reporting.tables import render_csv, render_csvs, render_json

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


def test_json_is_strict() -> None:
    assert json.loads(render_json(document()))["sections"][0]["tables"][0]["rows"][1][2] is None
    broken = document()
    broken["headlines"] = [float("nan")]
    with pytest.raises(ValueError):
        render_json(broken)  # NaN is not JSON: the report turns it into null first


def test_histogram_counts_each_bin() -> None:
    svg = charts.histogram([0.0, 0.05, 0.5, 1.0, 1.0], bins=10)
    assert svg.count("<rect") == 10
    assert "0.0–0.1: 2</title>" in svg and "0.9–1.0: 2</title>" in svg


def test_sankey_band_widths_follow_amounts() -> None:
    svg = charts.sankey([{"source": "health", "target": XSS, "amount": 300.0},
                         {"source": "social care", "target": XSS, "amount": 100.0}])
    assert XSS not in svg and "(400)" in svg  # the target receives both flows
    assert charts.sankey([]).startswith('<p class="empty">')


def test_heatmap_cells_show_density() -> None:
    cells = [{"sector_a": "social_care", "level_a": "area", "sector_b": "social_care",
              "level_b": "area", "n_a": 3, "n_b": 3, "observed": 3, "possible": 3,
              "density": 1.0}]
    svg = charts.heatmap(cells)
    assert ">1.00</text>" in svg and "social care / area" in svg


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


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """Scalars, tables of rows, and nested lists and dicts, with awkward strings."""
    def scalar() -> Any:
        return rng.choice([rng.choice(AWKWARD), rng.randint(-5, 10**20), True, False, None,
                           rng.random() * 10 ** rng.randint(-20, 20), -0.0])

    r = rng.random()
    if depth > 3 or r < 0.4:
        return scalar()
    if r < 0.6:
        return [[scalar() for _ in range(rng.randint(0, 3))] for _ in range(rng.randint(0, 4))]
    if r < 0.8:
        items = [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
        return tuple(items) if rng.random() < 0.2 else items
    return {rng.choice([*AWKWARD, 1, 2.5, None, True]): random_value(rng, depth + 1)
            for _ in range(rng.randint(0, 4))}


def test_json_is_the_standard_indented_text() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        value = random_value(rng)
        assert render_json(value) == json.dumps(value, indent=2, ensure_ascii=False,
                                                allow_nan=False) + "\n"
    cycle: list = [1]
    cycle.append([cycle])
    for bad in ([[float("nan")]], {"a": [1, {"b": float("inf")}]}, [object()], {(1,): 1}, cycle):
        with pytest.raises((ValueError, TypeError)):
            render_json(bad)


def test_html_table_body_is_every_cell_escaped() -> None:
    rng = random.Random(3)
    for _ in range(500):
        pool = [v for v in AWKWARD if rng.random() < 0.3 or v.isprintable()]
        rows = [[rng.choice([*pool, 1, 0.123456, None, True, float("nan")])
                 for _ in range(rng.randint(0, 4) if rng.random() < 0.1 else 3)]
                for _ in range(rng.randint(0, 5))]
        plain = "".join("<tr>" + "".join(f"<td>{html._value(v)}</td>" for v in row) + "</tr>"
                        for row in rows)
        assert html._body(rows) == plain


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
