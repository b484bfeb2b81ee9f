"""netan view: the view model, the offline page and its static twin.

Graphs are built by hand in the store's ``to_networkx`` form; browser tests run
the real page in Debian's headless Chromium (skipped, with the reason, when it
is missing) with every non-file request aborted and counted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from browser import ARTIFACTS, Browser, skip_reason, synthetic_graph

from netan.graphdb.schema import (
    AGENCY,
    EMPLOYED_BY,
    GROUP,
    LIAISES_WITH,
    MEMBER_OF,
    PERSON,
)
from netan.queries.pseudonyms import pseudonymise_graph
from netan.visualisations import build_view, render_html, render_static, write_html
from netan.visualisations.html import script_json

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"


def partnership() -> nx.MultiDiGraph:
    """Five people in four agencies at three levels; one GP with no tie; XSS names."""
    G = nx.MultiDiGraph()
    for aid, name, sector, level in [
        ("ha", "Gwent HA", "commissioner", "region"),
        ("lhg", "Newport LHG", "commissioner", "area"),
        ("gp1", "Lovemead Surgery", "primary_care", "practice"),
        ("ssd", "Newport SSD", "social_care", "locality"),
    ]:
        G.add_node(aid, label=AGENCY, id=aid, name=name, sector=sector, level=level)
    G.add_node("grp", label=GROUP, id="grp", name="MH planning group", level="area")
    for pid, name, role, employer in [
        ("p1", IMG, "gp", "gp1"), ("p2", SCRIPT, "social_worker", "ssd"),
        ("p3", "Jo Commissioner", "commissioner", "ha"), ("p4", "Dr Alone", "gp", "gp1"),
        ("p5", "Sam Planner", "manager", "lhg"),
    ]:
        G.add_node(pid, label=PERSON, id=pid, name=name, role=role)
        G.add_edge(pid, employer, type=EMPLOYED_BY)
    for pid in ("p1", "p2", "p3"):
        G.add_edge(pid, "grp", type=MEMBER_OF, role="member")
    G.add_edge("p3", "p5", type=LIAISES_WITH, frequency=2)
    return G


# ---------------------------------------------------------------------------
# The view model (no browser)
# ---------------------------------------------------------------------------


def test_people_view_counts_layers_and_hand_worked_ties() -> None:
    view = build_view(partnership())
    assert {n.id for n in view.nodes} == {"p1", "p2", "p3", "p4", "p5"}
    ties = {(e.source, e.target): e.layers for e in view.edges}
    # triangle of co-members p1-p2-p3 plus the p3-p5 liaison
    assert ties == {("p1", "p2"): ["membership"], ("p1", "p3"): ["membership"],
                    ("p2", "p3"): ["membership"], ("p3", "p5"): ["liaison"]}
    assert view.filters["layer"] == ["membership", "liaison"]


def test_levels_layout_practice_bottom_strategic_top_and_stable() -> None:
    view = build_view(partnership())
    y = {n.id: n.y for n in view.nodes}
    # p1/p4 practice < p2 locality < p5 area < p3 region
    assert y["p1"] == y["p4"] < y["p2"] < y["p5"] < y["p3"]
    again = build_view(partnership())
    assert [(n.x, n.y) for n in again.nodes] == [(n.x, n.y) for n in view.nodes]
    assert [b[0] for b in view.bands] == ["practice", "locality", "area", "region"]


def test_force_layout_is_seeded() -> None:
    a = build_view(partnership(), layout_name="force")
    b = build_view(partnership(), layout_name="force")
    assert [(n.x, n.y) for n in a.nodes] == [(n.x, n.y) for n in b.nodes]
    assert len({(n.x, n.y) for n in a.nodes}) == 5


def test_default_highlights_and_supplied_ones() -> None:
    view = build_view(partnership())
    marked = {n.id: n.highlights for n in view.nodes if n.highlights}
    assert marked["p4"] == ["isolated-gps"]           # the GP with no tie
    assert "brokers" in marked["p3"]                   # p3 is the only cut point
    given = build_view(partnership(), highlights={"isolated-gps": ["p1"], "brokers": []})
    assert {n.id: n.highlights for n in given.nodes if n.highlights} == {"p1": ["isolated-gps"]}
    assert [h.name for h in given.highlights] == [IMG]


def test_size_by_supplied_metric() -> None:
    view = build_view(partnership(), size_by="brokerage",
                      metrics={"brokerage": {"p5": 9.0, "p1": 1.0}})
    size = {n.id: n.size for n in view.nodes}
    assert size["p5"] > size["p1"] > size["p4"]
    tooltip = dict(next(n for n in view.nodes if n.id == "p5").details)
    assert tooltip["brokerage"] == "9"


def test_focus_layers_and_errors() -> None:
    focused = build_view(partnership(), focus="p5", depth=1)
    assert {n.id for n in focused.nodes} == {"p3", "p5"}
    liaison = build_view(partnership(), layers=["liaison"])
    assert [(e.source, e.target) for e in liaison.edges] == [("p3", "p5")]
    with pytest.raises(ValueError, match="known"):
        build_view(partnership(), layers=["gossip"])
    with pytest.raises(ValueError, match="not a node"):
        build_view(partnership(), focus="nobody")


def test_organisation_and_full_networks() -> None:
    orgs = build_view(partnership(), network="organisations")
    assert {n.id for n in orgs.nodes} == {"ha", "lhg", "gp1", "ssd"}
    assert all(n.shape == "square" for n in orgs.nodes)
    full = build_view(partnership(), network="full")
    assert len(full.nodes) == 10
    assert {n.shape for n in full.nodes} == {"dot", "square", "diamond"}
    # 5 EMPLOYED_BY + 3 MEMBER_OF + 1 LIAISES_WITH
    assert len(full.edges) == 9 and all(e.arrows for e in full.edges)


def test_anonymise_replaces_names_of_people_only() -> None:
    view = build_view(pseudonymise_graph(partnership(), bytes(range(32))), network="full")
    people = [n for n in view.nodes if n.label == PERSON]
    assert all(re.fullmatch(r"P-[0-9a-f]{12}", n.name) for n in people)
    assert "People are pseudonymised (names replaced by stable codes)." in view.notes
    assert "Lovemead Surgery" in {n.name for n in view.nodes}
    assert IMG not in render_html(view)


def test_twenty_thousand_nodes_aggregate_and_say_so() -> None:
    view = build_view(synthetic_graph(20_000), highlight=())
    assert view.aggregated and view.source_nodes == 20_000
    assert len(view.nodes) == 2000                     # one per employing agency
    assert sum(n.members for n in view.nodes) == 20_000
    assert "aggregated" in view.notes[0]
    assert len(view.edges) == 4000 and "strongest" in view.notes[1]   # ties capped too


def test_script_json_cannot_close_the_script() -> None:
    text = script_json({"name": SCRIPT + "\u2028&"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["name"] == SCRIPT + "\u2028&"


def test_page_is_self_contained() -> None:
    page = render_html(build_view(partnership()))
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "sourceMappingURL" not in page
    for host in ("unpkg", "jsdelivr", "cdnjs", "cloudflare", "googleapis"):
        assert host not in page                          # pyvis' CDN links are gone
    assert IMG not in page and "<img" not in page and page.count("</script>") == 3


def test_static_twin_png_and_svg(tmp_path: Path) -> None:
    view = build_view(partnership())
    png = render_static(view, tmp_path / "view.png")
    svg = render_static(view, tmp_path / "view.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text()
    assert "<svg" in text and "practice" in text and "sector: primary_care" in text


# ---------------------------------------------------------------------------
# In a real browser
# ---------------------------------------------------------------------------

browser_test = pytest.mark.skipif(skip_reason() is not None, reason=str(skip_reason()))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if skip_reason():
        pytest.skip(str(skip_reason()))
    b = Browser()
    yield b
    b.close()


@browser_test
def test_page_loads_offline_and_draws_every_node(browser: Browser, tmp_path: Path) -> None:
    view = build_view(partnership(), network="full")
    path = write_html(view, tmp_path / "full.html")
    with browser.open(path) as (page, log):
        counts = page.evaluate("""[netan.nodes.length, netan.edges.length,
            netan.network.body.nodeIndices.length, netan.network.body.edgeIndices.length]""")
        assert counts == [10, 9, 10, 9]
        legend = page.locator("#netan-legend-list li").all_inner_texts()
        assert "sector: primary_care" in legend and "tie: liaison" in legend
        assert "Group" in legend
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "view-full.png"))
    assert log.blocked == [] and log.requests == [path.resolve().as_uri()]
    assert log.errors == [] and log.console_errors == []
    assert (ARTIFACTS / "view-full.png").stat().st_size > 10_000


@browser_test
def test_xss_payloads_show_as_text_and_run_nothing(browser: Browser, tmp_path: Path) -> None:
    view = build_view(partnership(), highlights={"isolated-gps": ["p1", "p2"], "brokers": []})
    path = write_html(view, tmp_path / "xss.html")
    with browser.open(path) as (page, log):
        listed = page.locator("#netan-highlights-list li").all_inner_texts()
        assert listed == [IMG, SCRIPT]
        assert page.locator("img").count() == 0
        # the tooltip is an Element built with textContent: payload as text
        tip = page.evaluate("netan.nodes.get('p1').title.textContent")
        assert IMG in tip
        page.mouse.move(10, 10)
    assert log.dialogs == [] and log.errors == []


@browser_test
def test_filters_hide_nodes_and_edges(browser: Browser, tmp_path: Path) -> None:
    path = write_html(build_view(partnership()), tmp_path / "filters.html")
    with browser.open(path) as (page, _):
        shown = "[netan.nodesView.length, netan.edgesView.length]"
        assert page.evaluate(shown) == [5, 4]
        page.locator("input[data-filter='sector'][value='primary_care']").uncheck()
        assert page.evaluate(shown) == [3, 2]           # p1, p4 and p1's two ties gone
        assert page.evaluate("netan.network.body.nodeIndices.length") == 3
        page.locator("input[data-filter='layer'][value='membership']").uncheck()
        assert page.evaluate(shown) == [3, 1]           # only the liaison is left
        page.locator("input[data-filter='role'][value='manager']").uncheck()
        assert page.evaluate(shown) == [2, 0]


@browser_test
def test_two_thousand_node_view_is_interactive(browser: Browser, tmp_path: Path) -> None:
    view = build_view(synthetic_graph(2000), highlight=())
    path = write_html(view, tmp_path / "big.html")
    with browser.open(path) as (page, log):
        assert page.evaluate("netan.network.body.nodeIndices.length") == 2000
        assert page.evaluate("netan.edges.length") == len(view.edges)
        page.mouse.move(600, 400)
        page.mouse.wheel(0, -300)                       # zoom responds
        page.evaluate("netan.network.redraw()")
        draw_ms = page.evaluate("netan.drawMs")
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "view-2000-timing.json").write_text(json.dumps({"draw_ms": draw_ms}))
        page.screenshot(path=str(ARTIFACTS / "view-2000.png"))
    assert log.blocked == [] and log.errors == []


@browser_test
def test_aggregated_view_says_so_on_the_page(browser: Browser, tmp_path: Path) -> None:
    view = build_view(synthetic_graph(3000), highlight=(), max_nodes=1000)
    path = write_html(view, tmp_path / "agg.html")
    with browser.open(path) as (page, _):
        assert "aggregated" in page.inner_text("#netan-notes")
        assert page.evaluate("netan.nodes.length") == 300


@browser_test
def test_wales_1998_view(browser: Browser, tmp_path: Path) -> None:
    from netan.graphdb.graph_data import to_networkx
    from netan.importers import load_import

    example = Path(__file__).resolve().parent.parent / "examples" / "wales-1998"
    G = to_networkx(load_import(example).data)
    people = sum(1 for _, d in G.nodes(data=True) if d.get("label") == PERSON)
    view = build_view(G)
    assert len(view.nodes) == people and not view.aggregated
    gps = {n.id for n in view.nodes if "isolated-gps" in n.highlights}
    assert gps and all(n.role == "gp" for n in view.nodes if n.id in gps)
    path = write_html(view, tmp_path / "wales.html")
    with browser.open(path) as (page, log):
        assert page.evaluate("netan.network.body.nodeIndices.length") == people
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "view-wales-1998.png"))
    assert log.blocked == [] and log.errors == []


def test_folding_people_into_employers_sums_their_ties_by_hand() -> None:
    """Two practices and a trust; four people. Worked by hand: the practice A - trust
    aggregate tie carries attendance 2 + 1 and liaison 4; the tie inside A is internal."""
    from netan.visualisations import aggregate

    V = nx.Graph()
    for agency, sector in (("A", "primary_care"), ("B", "primary_care"),
                           ("T", "secondary_care")):
        V.add_node(agency, label="Agency", name=f"Agency {agency}", sector=sector,
                   level="practice")
    for person, agency in (("a1", "A"), ("a2", "A"), ("b1", "B"), ("t1", "T")):
        V.add_node(person, label="Person", name=person, agency=agency,
                   sector=V.nodes[agency]["sector"], level="practice")
    for u, v, weights in (("a1", "a2", {"attendance": 3}), ("a1", "t1", {"attendance": 2}),
                          ("t1", "a2", {"attendance": 1, "liaison": 4}),
                          ("b1", "t1", {"liaison": 1})):
        V.add_edge(u, v, layer_weights=weights, types=[], directed=False)
    W, where = aggregate.by_employer(V)
    assert where["a1"] == where["a2"] == "org:A" and where["t1"] == "org:T"
    assert W.nodes["org:A"]["members"] == 3 and W.nodes["org:A"]["internal"] == 1
    assert W.nodes["org:A"]["sector"] == "primary_care"
    assert W["org:A"]["org:T"]["layer_weights"] == {"attendance": 3, "liaison": 4}
    assert W["org:B"]["org:T"]["layer_weights"] == {"liaison": 1}
    assert W.number_of_edges() == 2
    shown, _, how = aggregate.shrink(V, max_nodes=3)  # 3 organisations fit: no blocks
    assert how == "organisations" and shown.number_of_nodes() == 3
    shown, where, how = aggregate.shrink(V, max_nodes=2)  # too many: sector x level blocks
    assert how == "blocks" and where["a1"] == where["b1"] != where["t1"]


# ---------------------------------------------------------------------------
# Reading the view: layout spacing, focus by name, rings, labels, highlights
# ---------------------------------------------------------------------------


def wales_graph() -> nx.MultiDiGraph:
    from netan.graphdb.graph_data import to_networkx
    from netan.importers import load_import

    example = Path(__file__).resolve().parent.parent / "examples" / "wales-1998"
    return to_networkx(load_import(example).data)


def test_levels_layout_keeps_nodes_apart_and_colleagues_together() -> None:
    from netan.visualisations.layout import NODE_GAP

    view = build_view(wales_graph())
    by_row: dict[float, list] = {}
    for node in view.nodes:
        by_row.setdefault(node.y, []).append(node)
    for row in by_row.values():
        row.sort(key=lambda n: n.x)
        for a, b in zip(row, row[1:], strict=False):
            assert b.x - a.x >= a.size + b.size + NODE_GAP - 0.02, (a.name, b.name)
    rows = sorted(by_row)
    for low, high in zip(rows, rows[1:], strict=False):  # rows never overlap
        assert high - low >= 2 * max(n.size for n in by_row[low] + by_row[high]) - 0.02
    # within a row, the people of one employer sit side by side
    for row in by_row.values():
        employers = [n.agency for n in row if n.agency]
        runs = [a for i, a in enumerate(employers) if i == 0 or employers[i - 1] != a]
        assert len(runs) == len(set(runs)), "an employer's people are split up"


def test_focus_takes_a_name_and_suggests_close_ones() -> None:
    view = build_view(partnership(), focus="jo commissioner", depth=1)
    assert "p3" in {n.id for n in view.nodes}
    assert any(note.startswith("Focus: Jo Commissioner") for note in view.notes)
    with pytest.raises(ValueError, match=r"did you mean 'Jo Commissioner' \(p3\)"):
        build_view(partnership(), focus="Jo Comissioner")
    twins = partnership()
    twins.add_node("p6", label=PERSON, id="p6", name="Jo Commissioner", role="manager")
    with pytest.raises(ValueError, match="names 2 nodes.*p3, p6"):
        build_view(twins, focus="Jo Commissioner")


def test_each_highlight_once_in_its_own_section() -> None:
    view = build_view(partnership(), highlights={"isolated-gps": ["p4", "p4"],
                                                 "brokers": ["p3", "p4"],
                                                 "unlinked-practices": ["gp1"]})
    assert [(h.tag, h.id) for h in view.highlights] == [
        ("isolated-gps", "p4"), ("brokers", "p3"), ("brokers", "p4")]  # gp1: not a person
    assert view.highlight_sections == [("isolated-gps", "Isolated GPs"),
                                       ("brokers", "Top brokers")]
    orgs = build_view(partnership(), network="organisations",
                      highlights={"isolated-gps": ["p4"], "brokers": ["ha", "p3"],
                                  "unlinked-practices": ["gp1"]})
    assert [(h.tag, h.id) for h in orgs.highlights] == [("brokers", "ha"),
                                                         ("unlinked-practices", "gp1")]


@pytest.fixture(scope="module")
def wales_views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Wales report (with its people view) and the organisations view, as a user
    makes them: `netan import`, `netan report`, `netan view --network organisations`."""
    from netan import api

    folder = tmp_path_factory.mktemp("wales-views")
    example = Path(__file__).resolve().parent.parent / "examples" / "wales-1998"
    db = folder / "netan.db"
    api.import_data(example, db=db)
    written = api.report(db=db, out=folder / "report", formats=("html", "json"))
    api.view(db, folder / "organisations.html", network="organisations")
    return {"people": written.files["view"], "organisations": folder / "organisations.html",
            "json": written.files["json"]}


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if not (a["right"] <= b["left"] or b["right"] <= a["left"]
                    or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]):
                found.append((a["text"], b["text"]))
    return found


@browser_test
@pytest.mark.parametrize("network", ["people", "organisations"])
def test_wales_labels_never_overlap_and_rings_keep_the_fill(
        browser: Browser, wales_views: dict[str, Path], network: str) -> None:
    with browser.open(wales_views[network]) as (page, log):
        page.wait_for_function("netan.labelBoxes !== undefined")
        boxes = page.evaluate("netan.labelBoxes")
        frame = page.evaluate("""(() => { const r = document.getElementById("netan-graph")
                                 .getBoundingClientRect(); return [r.width, r.height]; })()""")
        rings = page.evaluate("""netan.model.nodes.filter(n => n.highlights.length)
            .map(n => [n.colour, netan.nodes.get(n.id).color.background,
                       netan.nodes.get(n.id).borderWidth])""")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"view-wales-{network}.png"))
        page.mouse.move(300, 300)
        page.mouse.wheel(0, -600)  # zoomed in: more names fit, still none overlapping
        page.wait_for_timeout(200)
        zoomed = page.evaluate("netan.labelBoxes")
        page.screenshot(path=str(ARTIFACTS / f"view-wales-{network}-zoomed.png"))
    names = [b for b in boxes if b["kind"] == "node"]
    bands = {b["text"] for b in boxes if b["kind"] == "band"}
    assert bands == {"practice", "locality", "area", "region"}  # whole, on screen
    assert len(names) >= 10 and _overlaps(boxes) == [], _overlaps(boxes)[:5]
    assert all(0 <= b["left"] and b["right"] <= frame[0] and 0 <= b["top"]
               and b["bottom"] <= frame[1] for b in boxes)
    assert _overlaps(zoomed) == [] and len([b for b in zoomed if b["kind"] == "node"]) > 0
    assert rings and all(fill == own and width == 1 for own, fill, width in rings)
    assert log.errors == [] and log.console_errors == []


@browser_test
def test_wales_highlights_are_the_reports_tables(browser: Browser,
                                                 wales_views: dict[str, Path]) -> None:
    from netan.queries.policy import TOP_BROKERS as VIEW_TOP_BROKERS

    report = json.loads(wales_views["json"].read_text(encoding="utf-8"))

    def ids(table: str) -> list[str]:
        found = next(t for s in report["sections"] for t in s["tables"] if t["id"] == table)
        return [row[0] for row in found["rows"]]

    def top(table: str) -> list[str]:
        found = next(t for s in report["sections"] for t in s["tables"] if t["id"] == table)
        total = found["columns"].index("total")
        return [row[0] for row in found["rows"][:VIEW_TOP_BROKERS] if row[total]]

    listed: dict[str, dict[str, list[str]]] = {}
    for network in ("people", "organisations"):
        with browser.open(wales_views[network]) as (page, _):
            listed[network] = page.evaluate("""(() => {
              const out = {};
              document.querySelectorAll("#netan-highlights-list section").forEach(s => {
                out[s.dataset.tag] = [s.querySelector("h3").textContent,
                  ...[...s.querySelectorAll("li")].map(li => li.dataset.id)];
              });
              return out; })()""")
    people, organisations = listed["people"], listed["organisations"]
    assert people["isolated-gps"][1:] == ids("isolated_gps")
    assert people["isolated-gps"][0] == f"Isolated GPs ({len(ids('isolated_gps'))})"
    assert people["brokers"][1:] == top("brokerage_people")
    assert organisations["unlinked-practices"][1:] == ids("unlinked_practices")
    assert organisations["unlinked-practices"][0] == "Unlinked practices (8)"
    assert organisations["brokers"][1:] == top("brokerage_organisations")
    assert set(people) == {"isolated-gps", "brokers"}  # no practice is a person


def test_view_rings_the_reports_top_brokers(tmp_path: Path) -> None:
    """One broker policy (netan.queries.policy): the people the Wales report names as
    its top brokers are the ones the view rings -- whether `netan view` computes the
    analyses, the report's own network.html reads them from the report, or a view is
    built with no analyses at all."""
    from netan import api
    from netan.queries import policy

    example = Path(__file__).resolve().parent.parent / "examples" / "wales-1998"
    db = tmp_path / "netan.db"
    api.import_data(example, db=db)
    written = api.report(db=db, out=tmp_path / "report", formats=("json",))
    brokers = next(s for s in written.document["sections"] if s["id"] == "brokerage")
    reported = brokers["summary"]["top_brokers"]
    assert 0 < len(reported) <= policy.TOP_BROKERS

    def ringed(view: object) -> list[str]:
        return sorted(n.id for n in view.nodes if "brokers" in n.highlights)  # type: ignore[attr-defined]

    assert ringed(api.view(db, tmp_path / "v.html", network="people")) == sorted(reported)
    assert ringed(api.view(db, tmp_path / "r.html", network="people",
                           analyses=api.view_analyses_of_report(written.document))
                  ) == sorted(reported)
    assert ringed(build_view(api.read_graph(db), network="people")) == sorted(reported)
