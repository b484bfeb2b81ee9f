"""`netan report` on the bundled examples: the papers' findings, the schema, --anonymise.

Real stores (each example imported into an embedded store), the real report
pipeline and CLI, real files; the HTML is opened in a real headless Chromium
with the network cut off.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import numpy
import pytest
from browser import ARTIFACTS, Browser, skip_reason
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.reporting.report import ReportOptions

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))


def rows(report: dict[str, Any], section: str, table: str) -> list[dict[str, Any]]:
    """The rows of one report table as dicts."""
    sec = next(s for s in report["sections"] if s["id"] == section)
    tab = next(t for t in sec["tables"] if t["id"] == table)
    return [dict(zip(tab["columns"], row, strict=True)) for row in tab["rows"]]


def summary(report: dict[str, Any], section: str) -> dict[str, Any]:
    return next(s for s in report["sections"] if s["id"] == section)["summary"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    """Each example imported and reported once: ``{name: (out folder, report.json)}``."""
    made = {}
    for name in ("wales-1998", "scotland-2001", "kingsfund-1998"):
        folder = tmp_path_factory.mktemp(name)
        db = folder / "store.db"
        api.import_data(EXAMPLES / name, db=db)
        out = folder / "report"
        api.report(db=db, out=out, options=ReportOptions(seed=1))
        made[name] = (out, json.loads((out / "report.json").read_text(encoding="utf-8")))
    return made


def test_every_report_matches_the_committed_json_schema(reports: dict) -> None:
    for _, report in reports.values():
        jsonschema.validate(report, SCHEMA)
        assert report["provenance"]["netan"]
        assert len(report["provenance"]["input_sha256"]) == 64
        # the default betweenness is "auto": exact for a partnership this size
        assert report["provenance"]["parameters"]["betweenness"] == "auto"
        assert summary(report, "brokerage")["betweenness"]["method"] == "exact"


def test_every_table_has_its_csv_twin(reports: dict) -> None:
    out, report = reports["wales-1998"]
    for section in report["sections"]:
        for table in section["tables"]:
            twin = read_csv(out / "csv" / f"{table['id']}.csv")
            assert len(twin) == len(table["rows"]), table["id"]
    assert "## Headline findings" in (out / "report.md").read_text(encoding="utf-8")


def test_wales_reproduces_seed_000(reports: dict) -> None:
    _, report = reports["wales-1998"]
    iso = summary(report, "isolated_gps")
    assert (iso["area_groups_with_gp_member"], iso["area_groups"]) == (9, 20)
    assert iso["area_groups_with_only_invited_gps"] == 8
    assert report["headlines"][0].startswith("9 of 20 area planning groups have a GP member")

    # the GPs of the 8 groups where GPs were invited and never came are all flagged
    groups = {r["id"]: r for r in read_csv(EXAMPLES / "wales-1998" / "groups.csv")}
    invited = {m["person"] for m in read_csv(EXAMPLES / "wales-1998" / "memberships.csv")
               if m["role"] == "invited" and groups[m["group"]]["level"] == "area"}
    assert len(invited) == 8
    flagged = {r["id"]: r for r in rows(report, "isolated_gps", "isolated_gps")}
    for gp in invited:
        assert "invited_not_attending" in flagged[gp]["reasons"], gp
    # the valleys GP: attended 2 of 10, missed the last 8
    assert "invited_not_attending" in flagged["p-130"]["reasons"]
    valleys = [r for r in rows(report, "isolated_gps", "gp_places_not_taken_up")
               if r["person"] == "p-130"]
    assert valleys and valleys[0]["attended"] == 2 and valleys[0]["held"] == 10

    rep = summary(report, "representation")
    assert rep["area_groups"] == 20 and rep["area_by_sector"]["social_care"] == 20
    stages = {r["stage"]: r for r in summary(report, "budgets")["stages"]}
    assert stages["service_purchased"]["reached"] == 0  # no group purchased a service
    # Table 1 (the nine area groups with a GP): needs assessment 7, strategy 8, plan 5, ...
    area = {r["stage"]: r["reached"] for r in summary(report, "budgets")["stages_by_level"]["area"]}
    assert (area["needs_assessment"], area["strategy"], area["plan"],
            area["priorities_agreed"], area["service_purchased"]) == (7, 8, 5, 4, 0)


def test_scotland_reproduces_seed_001(reports: dict) -> None:
    _, report = reports["scotland-2001"]
    integration = summary(report, "vertical_links")["integration"]
    assert integration["horizontal"]["density"] > integration["vertical"]["density"] > 0
    test = summary(report, "vertical_links")["density_test"]
    assert test["supported"] and test["p_value"] < 0.05 and test["permutations"] == 2000
    assert any("Horizontal integration" in line and "ahead of" in line and "p = " in line
               for line in report["headlines"])

    shetland = {a["id"] for a in read_csv(EXAMPLES / "scotland-2001" / "agencies.csv")
                if a["area"] == "Shetland" and a["level"] == "practice"}
    assert len(shetland) == 20
    units = {r["unit"]: r for r in rows(report, "vertical_links", "vertical_links")}
    for practice in shetland:
        assert units[practice]["status"] == "linked", practice
    unlinked = {r["id"] for r in rows(report, "isolated_gps", "unlinked_practices")}
    assert not unlinked & shetland
    # ...while elsewhere the paper's weak vertical links show
    assert summary(report, "vertical_links")["disconnected"] > 0
    # the paper's positive cases: Highland's joint lead, Lothian's psychiatrist's practices
    assert units["grp-highland-west-mh-dev"]["status"] == "linked"
    assert "liaison" in units["grp-highland-west-mh-dev"]["route_kinds"]
    for i in (1, 2, 3):
        row = units[f"gp-mid-east-lothian-{i:02d}"]
        assert row["status"] == "linked" and "liaison" in row["route_kinds"], row
    # Tables 2 and 3 as published
    spectrum = {(r["relationship"], r["function"]): (r["lowest"], r["highest"])
                for r in rows(report, "integration", "integration_spectrum")}
    assert spectrum == {
        ("horizontal", "direct_care"): ("federation (7)", "federation (7)"),
        ("horizontal", "management"): ("satellite (5)", "strategic alliance (6)"),
        ("horizontal", "strategic_planning"): ("strategic alliance (6)",
                                               "strategic alliance (6)"),
        ("vertical", "direct_care"): ("dialogue (2)", "strategic alliance (6)"),
        ("vertical", "management"): ("dialogue (2)", "joint venture (4)"),
        ("vertical", "strategic_planning"): ("joint venture (4)", "strategic alliance (6)"),
    }
    # the Reference Group (the researchers' sounding board) is not in the partnership
    groups = {g["kind"] for g in read_csv(EXAMPLES / "scotland-2001" / "groups.csv")}
    assert "reference_group" not in groups
    # amounts are illustrative: no money total among the headlines
    assert not any("flows through" in line for line in report["headlines"])
    assert any("illustrative" in line and "budget" in line for line in report["headlines"])


def test_kingsfund_joint_commissioning_manager_is_the_top_liaison(reports: dict) -> None:
    _, report = reports["kingsfund-1998"]
    brokers = rows(report, "brokerage", "brokerage_people")
    top = max(brokers, key=lambda r: r["b_O"])
    assert top["id"] == "kf-jcm"
    assert sorted(r["b_O"] for r in brokers)[-2] < top["b_O"]
    what_if = {r["broker"]: r for r in rows(report, "brokerage", "broker_what_if")}
    assert what_if["kf-jcm"]["cross_pairs_cut"] > 0
    assert "kf-jcm" in {r["id"] for r in rows(report, "brokerage", "articulation_points")}
    # the GP group with the health authority's director of commissioning is linked
    units = {r["unit"]: r for r in rows(report, "vertical_links", "vertical_links")}
    assert units["grp-du-gpcg"]["status"] == "linked"
    assert "employment" in units["grp-du-gpcg"]["route_kinds"]


def test_no_wales_sentence_on_the_kings_fund_data(reports: dict) -> None:
    _, report = reports["kingsfund-1998"]
    text = " ".join(report["headlines"])
    assert "area planning groups" not in text and "area groups" not in text
    assert "Horizontal integration" not in text  # Woods & McCollam's question is not Poxton's
    assert "primary care <-> social care" in text  # Poxton's is, chosen from the data
    assert "flows through" not in text  # no total of illustrative amounts


def test_wales_findings_hold_and_the_misleading_ones_are_gone(reports: dict) -> None:
    _, report = reports["wales-1998"]
    # the practice of the only GP who chairs a group is linked, by the chair route
    units = {r["unit"]: r for r in rows(report, "vertical_links", "vertical_links")}
    chair = next(m for m in read_csv(EXAMPLES / "wales-1998" / "memberships.csv")
                 if m["role"] == "chair" and m["person"] == "p-110")
    assert chair["group"] == "grp-llanwenlli-mh-planning"
    practice = next(p["employer"] for p in read_csv(EXAMPLES / "wales-1998" / "people.csv")
                    if p["id"] == "p-110")
    assert units[practice]["status"] != "disconnected"
    assert {"chair", "level_skipping"} <= set(units[practice]["route_kinds"].split("; "))
    # every GP counted comes from the paper: no filler GP remains
    people = read_csv(EXAMPLES / "wales-1998" / "people.csv")
    gps = [p for p in people if p["role"] == "gp"]
    assert len(gps) == 23 and {p["provenance"] for p in gps} == {"published"}
    assert summary(report, "isolated_gps")["isolated_gps"] == 9


def test_nobody_is_both_an_isolated_gp_and_a_top_broker(reports: dict) -> None:
    for name, (_, report) in reports.items():
        isolated = {r["id"] for r in rows(report, "isolated_gps", "isolated_gps")}
        top = set(summary(report, "brokerage")["top_brokers"])
        assert not isolated & top, name


def test_every_finding_names_its_table_and_definition(reports: dict) -> None:
    for name, (_, report) in reports.items():
        tables = {t["id"] for s in report["sections"] for t in s["tables"]}
        assert [f["text"] for f in report["findings"]] == report["headlines"]
        for finding in report["findings"]:
            assert finding["table"] in tables, (name, finding)
            assert finding["definition"].startswith("docs/design.md#")


def test_sensitivity_table_moves_with_the_cut_offs(reports: dict) -> None:
    _, report = reports["wales-1998"]
    grid = rows(report, "isolated_gps", "periphery_sensitivity")
    chosen = [r for r in grid if r["chosen"]]
    assert len(chosen) == 1 and (chosen[0]["attendance_threshold"],
                                 chosen[0]["missed_meetings"]) == (0.25, 3)
    assert chosen[0]["gps_on_periphery"] == summary(report, "isolated_gps")["isolated_gps"]
    # the valleys GP (2 of 10, missed the last 8) stays at every cut-off tried
    assert min(r["gp_places_not_taken_up"] for r in grid) >= 8
    assert max(r["gp_places_not_taken_up"] for r in grid) > 9  # a strict cut-off adds more


def test_bad_options_are_one_clear_line(tmp_path: Path, reports: dict) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no store" in result.output
    out, _ = reports["wales-1998"]
    db = out.parent / "store.db"
    for args in (["--betweenness", "sometimes"], ["--format", "docx"], ["--group-by", "x"],
                 ["--compare", "primary:socail"], ["--compare", "primary_care"]):
        result = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path), *args])
        assert result.exit_code == 1 and "Traceback" not in result.output, args
        assert "error" in result.output


def test_anonymise_leaves_no_name_in_any_output(tmp_path: Path, reports: dict,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETAN_SALT_FILE", str(tmp_path / "salt"))
    out, _ = reports["wales-1998"]
    db = out.parent / "store.db"
    anonymous = tmp_path / "anonymous"
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(anonymous),
                                      "--anonymise"])
    assert result.exit_code == 0, result.output
    names = [p["name"] for p in read_csv(EXAMPLES / "wales-1998" / "people.csv")]
    files = [p for p in anonymous.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"report.html", "report.md", "report.json",
                                       "network.html", "isolated_gps.csv"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        leaked = [n for n in names if n in text]
        assert not leaked, f"{path.name} names {leaked[:3]}"
    report = json.loads((anonymous / "report.json").read_text(encoding="utf-8"))
    assert report["provenance"]["anonymised"] is True
    codes = {r["id"] for r in rows(report, "isolated_gps", "isolated_gps")}
    assert codes and all(c.startswith("P-") for c in codes)
    # the salt stays local and the codes are stable between runs
    assert (tmp_path / "salt").exists()
    again = tmp_path / "again"
    CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(again), "--anonymise",
                             "--format", "json"])
    report_again = json.loads((again / "report.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in rows(report_again, "isolated_gps", "isolated_gps")} == codes


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = skip_reason()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    chromium = Browser()
    yield chromium
    chromium.close()


def test_report_html_opens_offline_and_sorts(browser: Browser, reports: dict) -> None:
    out, report = reports["wales-1998"]
    with browser.open(out / "report.html", wait_ready=False) as (page, log):
        page.wait_for_selector("table.sortable")
        assert page.locator("ul.headlines li").first.inner_text().startswith("9 of 20")
        assert page.locator("svg.chart").count() >= 2  # heatmap and histogram at least
        table = page.locator('table[data-table="betweenness"]')
        cells = table.locator("tbody tr td:nth-child(4)")
        header = table.locator("th", has_text="betweenness")
        header.click()
        ascending = [float(x) for x in cells.all_inner_texts()]
        assert ascending == sorted(ascending)
        header.click()
        descending = [float(x) for x in cells.all_inner_texts()]
        assert descending == sorted(descending, reverse=True)
        page.screenshot(path=str(out / "report.png"))
        assert page.locator('a[href="network.html"]').count() == 1
    assert log.blocked == [] and log.dialogs == [] and log.errors == []


def test_report_view_reuses_the_report_analyses(reports: dict) -> None:
    """The view written with the report rings the same people the analyses find."""
    out, report = reports["kingsfund-1998"]
    graph = api.read_graph(out.parent / "store.db")
    from_report = api.view_analyses_of_report(report)
    computed = api.view_analyses(graph, ReportOptions(seed=1), network="full")
    assert from_report[0] == computed[0]
    assert from_report[0]["brokers"], "the King's Fund sites have brokers"
    assert from_report[1]["brokerage"] == computed[1]["brokerage"]
    assert from_report[1]["betweenness"] == pytest.approx(computed[1]["betweenness"])


def test_input_digest_ignores_read_order_and_sees_every_property(reports: dict) -> None:
    out, report = reports["wales-1998"]
    graph = api.read_graph(out.parent / "store.db")
    assert api.graph_digest(graph) == report["provenance"]["input_sha256"]
    reordered = type(graph)()
    reordered.add_nodes_from(reversed(list(graph.nodes(data=True))))
    reordered.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    assert api.graph_digest(reordered) == api.graph_digest(graph)
    u, v, key = next(iter(graph.edges(keys=True)))
    with pytest.raises(TypeError, match="read-only"):  # the store's records are shared
        graph.edges[u, v, key]["changed"] = 1
    reordered.edges[u, v, key]["changed"] = numpy.float64(1.5)  # not marshallable: its repr
    assert api.graph_digest(reordered) != report["provenance"]["input_sha256"]


# ---------------------------------------------------------------------------
# How the report reads: tables, charts, print, PDF
# ---------------------------------------------------------------------------


def test_tables_read_well_in_every_format(reports: dict) -> None:
    from netan.reporting.report import table_columns

    out, report = reports["wales-1998"]
    # an empty table keeps its header row (Wales records no budgets)
    assert (out / "csv" / "funding_flows.csv").read_text(encoding="utf-8").splitlines() == [
        ",".join(table_columns("funding_flows", "sector"))]
    # names beside ids, and the partition named for what it is
    people = rows(report, "brokerage", "brokerage_people")
    assert list(people[0])[:3] == ["id", "name", "sector"]
    assert people[0]["name"] == "Owain Madoc" and "group" not in people[0]
    assert list(rows(report, "brokerage", "brokerage_organisations")[0])[:3] == [
        "id", "name", "sector"]
    # booleans true/false in the CSV twins, HTML and Markdown; never Python's True
    assert "true" in (out / "csv" / "tie_density.csv").read_text(encoding="utf-8")
    for name in ("report.html", "report.md", "csv/tie_density.csv", "csv/bridges.csv"):
        text = (out / name).read_text(encoding="utf-8")
        assert not re.search(r"\b(True|False)\b", text), name
    # floats rounded for reading in HTML and Markdown; the CSV keeps every digit
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "0.04671236354404671" not in md and "| 0.0467 |" in md
    assert "0.04671236354404671" in (out / "csv" / "tie_density.csv").read_text("utf-8")
    # money with its currency (Scotland records budgets)
    scotland = (reports["scotland-2001"][0] / "report.md").read_text(encoding="utf-8")
    assert re.search(r"\| £[0-9]{1,3}(,[0-9]{3})* \|", scotland)


def test_declared_columns_are_the_columns_tables_have(reports: dict) -> None:
    """TABLE_COLUMNS (the header of a table with no rows) matches every table with rows."""
    from netan.reporting.report import TABLE_COLUMNS, table_columns

    checked = set()
    for _, report in reports.values():
        for section in report["sections"]:
            for table in section["tables"]:
                if table["rows"] and table["id"] in TABLE_COLUMNS:
                    assert table["columns"] == table_columns(table["id"], "sector"), table["id"]
                    checked.add(table["id"])
    assert len(checked) >= len(TABLE_COLUMNS) - 1  # all but funding flows seen with rows


def test_references_by_author_and_year_with_a_bibliography(reports: dict) -> None:
    for out, _ in reports.values():
        for name in ("report.html", "report.md"):
            text = html.unescape((out / name).read_text(encoding="utf-8"))
            for never in ("DOMAIN.md", "seed 0", "seeds/", "000_", "001_"):
                assert never not in text, (out, name, never)
            assert "References" in text
            # cited in the text (Woods & McCollam on tie density), listed in full
            assert "Woods & McCollam 2002" in text
            assert "Woods, K. & McCollam, A. (2002)" in text
            assert "Gould, R. V. & Fernandez, R. M. (1989)" in text  # the brokerage roles
    from netan.reporting.references import document_texts, uncited

    for _, report in reports.values():  # every work the text cites is in the bibliography
        assert uncited(document_texts(report)) == []


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg class=\"chart.*?</svg>", html, re.S)


def test_heatmap_text_contrasts_with_its_cell(reports: dict) -> None:
    from netan.reporting.charts import contrast

    html = (reports["wales-1998"][0] / "report.html").read_text(encoding="utf-8")
    [heatmap] = [s for s in _svgs(html) if "heatmap" in s[:40]]
    cells = re.findall(r'<rect [^>]*fill="([^"]+)"><title>[^<]*</title></rect><text [^>]*'
                       r'fill="([^"]+)"', heatmap)
    assert len(cells) >= 20  # the values are written in the cells
    worst = min(contrast(fill, ink) for fill, ink in cells)
    assert worst >= 4.5, worst  # WCAG AA for normal text
    assert "tie density" in heatmap and "no pairs possible" in heatmap  # a colour key


def test_chart_text_lies_inside_its_image(browser: Browser, reports: dict) -> None:
    """In the real browser: every label's box inside its chart, every chart page-sized."""
    from netan.reporting.charts import PAGE_WIDTH

    ARTIFACTS.mkdir(exist_ok=True)
    seen = 0
    for name in ("wales-1998", "scotland-2001", "kingsfund-1998"):
        out, _ = reports[name]
        with browser.open(out / "report.html", width=1400, wait_ready=False) as (page, log):
            outside = page.evaluate("""() => [...document.querySelectorAll("svg.chart")]
              .map(svg => {
                const box = svg.getBoundingClientRect();
                const bad = [...svg.querySelectorAll("text")].filter(t => {
                  const r = t.getBoundingClientRect();
                  return r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
                         r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
                }).map(t => t.textContent);
                return {kind: svg.getAttribute("class"), width: box.width,
                        texts: svg.querySelectorAll("text").length, bad: bad};
              })""")
            for figure in page.locator("figure").all():
                figure.screenshot(path=str(ARTIFACTS / f"report-{name}-"
                                           f"{figure.get_attribute('id')}.png"))
        for chart in outside:
            seen += 1
            assert chart["texts"] > 0
            assert chart["bad"] == [], (name, chart["kind"], chart["bad"][:5])
            assert chart["width"] <= PAGE_WIDTH, (name, chart["kind"], chart["width"])
        assert log.errors == []
    assert seen >= 6  # heatmap and histogram of each, Sankeys where there are budgets


def test_print_stylesheet_makes_a_board_pack(browser: Browser, reports: dict) -> None:
    out, _ = reports["wales-1998"]
    with browser.open(out / "report.html", wait_ready=False) as (page, _log):
        page.emulate_media(media="print")
        shown = page.evaluate("""() => ({
          nav: getComputedStyle(document.querySelector("nav")).display,
          csv: [...document.querySelectorAll("a.csv")].every(
                 a => getComputedStyle(a).display === "none"),
          breaks: [...document.querySelectorAll("main > section")].map(
                 s => [s.id, getComputedStyle(s).breakBefore]),
          beyond: getComputedStyle(document.querySelector("tbody.beyond")).display,
        })""")
    assert shown["nav"] == "none" and shown["csv"] and shown["beyond"] == "none"
    breaks = dict(shown["breaks"])
    assert breaks.pop("headlines") != "page"
    assert set(breaks.values()) == {"page"}, breaks  # each analysis starts a page


def test_report_as_pdf(tmp_path: Path, reports: dict) -> None:
    """`--format pdf`: a real PDF whose pages are not blank and hold the headlines."""
    import shutil
    import subprocess

    from PIL import Image, ImageStat

    from netan.reporting.pdf import PdfError, find_browser

    try:
        find_browser()
    except PdfError as missing:
        pytest.skip(str(missing))
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils (pdftoppm, pdftotext) missing: make test installs them")
    out, report = reports["kingsfund-1998"]
    result = CliRunner().invoke(app, ["report", "--db", str(out.parent / "store.db"),
                                      "--out", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    for headline in report["headlines"][:3]:
        assert " ".join(headline.split()) in flat, headline
    assert "References" in flat and "CSV" not in flat.replace("CSV twin", "")
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 5  # a page per section at least
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pages[0], ARTIFACTS / "report-pdf-page-1.png")
    for page in pages:
        grey = Image.open(page).convert("L")
        inked = sum(grey.histogram()[:200])  # pixels darker than light grey
        assert inked > 200, f"{page.name} is blank"
        assert ImageStat.Stat(grey).stddev[0] > 5, page.name


#: Run by the test below in a fresh interpreter (no test's threads, which stop forking):
#: ``api.report`` with three parts, the view and the JSON writer noting the process
#: that ran them; the parent's first items (the people's brokers, the view) are slowed,
#: so a worker is sure to have started and claimed the next.
NOTED_REPORT = """
import os, sys, time
from netan import api
from netan.reporting import report as reporting, tables
from netan.reporting.report import ReportOptions

db, out, noted = sys.argv[1:]
parent = os.getpid()

def noting(name, work, pause=0.0):
    def noted_work(*args, **kwargs):
        with open(noted, "a") as f:
            f.write(f"{name} {os.getpid()} {parent}\\n")
        if os.getpid() == parent:
            time.sleep(pause)
        return work(*args, **kwargs)
    return noted_work

for name in ("person_brokers", "vertical_links_section", "networks_section"):
    pause = 1.0 if name == "person_brokers" else 0.0
    setattr(reporting, name, noting(name, getattr(reporting, name), pause))
tables.write_json = noting("write_json", tables.write_json)
api.view = noting("view", api.view, 1.0)
api.report(db=db, out=out, options=ReportOptions(seed=1))
"""


def test_the_report_is_the_same_on_one_core_and_on_two(tmp_path: Path, reports: dict) -> None:
    """The sections and the files are computed side by side in forked worker processes
    (``netan.kernels.parallel``); the files must be the bytes one process writes, and
    the workers must really have run (:data:`NOTED_REPORT`)."""
    import os
    import subprocess
    import sys

    db = reports["wales-1998"][0].parent / "store.db"
    ran: dict[str, dict[str, bool]] = {}  # workers -> {step: ran in the parent}
    for workers in ("1", "2"):
        noted = tmp_path / f"noted-{workers}"
        subprocess.run([sys.executable, "-c", NOTED_REPORT, str(db), str(tmp_path / workers),
                        str(noted)], check=True, env={**os.environ, "NETAN_WORKERS": workers})
        lines = [line.split() for line in noted.read_text().splitlines()]
        ran[workers] = {name: pid == parent for name, pid, parent in lines}
    steps = {"person_brokers", "vertical_links_section", "networks_section", "write_json",
             "view"}
    assert set(ran["1"]) == set(ran["2"]) == steps
    assert all(ran["1"].values())  # one process
    assert ran["2"]["person_brokers"] and ran["2"]["view"]  # the first items: the parent's
    assert not (ran["2"]["vertical_links_section"] and ran["2"]["networks_section"])
    assert not ran["2"]["write_json"]
    one, two = tmp_path / "1", tmp_path / "2"
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert "network.html" in map(str, files) and len(files) > 40
    for name in files:
        a, b = (one / name).read_bytes(), (two / name).read_bytes()
        if name.suffix in (".json", ".md", ".html") and name.name != "network.html":
            a, b = (re.sub(rb"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"", x) for x in (a, b))
        assert a == b, name
