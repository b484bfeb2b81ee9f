"""Roster surveys: template -> returned workbooks -> import -> analyses -> report.

The real CLI, the real embedded store and real .xlsx files (openpyxl) throughout;
every measure is checked against a small case worked by hand in the comments.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.queries import survey
from netan.reporting import report

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()

ROSTER = [
    {"id": "org-a", "name": "Alder Health Authority", "type": "organisation",
     "sector": "commissioner"},
    {"id": "org-b", "name": "Birch Social Services", "type": "organisation",
     "sector": "social_care"},
    {"id": "org-c", "name": "Cedar Practice", "type": "organisation", "sector": "primary_care"},
]


def netan(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def fill(template: Path, returned: Path, respondent_name: str,
         answers: dict[str, dict[str, object]]) -> Path:
    """A respondent's returned copy of the survey workbook: their sheet filled in."""
    book = openpyxl.load_workbook(template)
    sheet = book[respondent_name]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        alter = row[header.index("alter")].value
        for column, value in answers.get(alter, {}).items():
            row[header.index(column)].value = value
    book.save(returned)
    return returned


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture()
def template(tmp_path: Path) -> Path:
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "roster.csv").write_text(
        "id,name,type,sector\n" + "".join(f"{r['id']},{r['name']},{r['type']},{r['sector']}\n"
                                          for r in ROSTER), encoding="utf-8")
    code, out = netan("init", "--survey", str(tmp_path / "survey.xlsx"), "--roster", str(roster))
    assert code == 0, out
    return tmp_path / "survey.xlsx"


def test_template_has_a_sheet_per_respondent_with_drop_downs(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["README", "roster", *[r["name"] for r in ROSTER]]
    sheet = book["Birch Social Services"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["respondent", "alter", "alter_name"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[:2] for r in rows] == [["org-b", "org-a"], ["org-b", "org-c"]]
    lists = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"0,1,2,3,4,5"' in lists and '"1,2,3,4"' in lists
    assert any("monthly" in f for f in lists)


def test_init_survey_refuses_to_overwrite(template: Path) -> None:
    before = template.read_bytes()
    code, out = netan("init", "--survey", str(template))
    assert code == 1 and "exists" in out
    assert template.read_bytes() == before


def test_returned_workbooks_import_together_and_name_who_did_not_respond(
        template: Path, tmp_path: Path) -> None:
    a = fill(template, tmp_path / "a.xlsx", "Alder Health Authority",
             {"org-b": {"frequency": "weekly", "collaboration": 4, "trust_reliability": 4},
              "org-c": {"collaboration": 0}})
    b = fill(template, tmp_path / "b.xlsx", "Birch Social Services",
             {"org-a": {"frequency": "monthly", "collaboration": 2, "trust_reliability": 2,
                        "trust_mission": 3}})
    db = tmp_path / "survey.db"
    code, out = netan("import", str(a), str(b), "--db", str(db))
    assert code == 0, out
    assert "survey: 2 of 3 on the roster responded; no response from Cedar Practice (org-c)" \
        in out
    surveyed = survey.read_survey(api.read_graph(db))
    assert survey.response(surveyed) == {"asked": 3, "responded": 2, "rate": 2 / 3,
                                         "non_respondents": ["org-c"]}
    answers = surveyed.answers
    assert set(answers) == {("org-a", "org-b"), ("org-a", "org-c"), ("org-b", "org-a")}
    assert answers[("org-a", "org-c")]["collaboration"] == 0  # an answer of no tie
    assert not survey.reports_tie(answers[("org-a", "org-c")])
    assert survey.disagreements(surveyed) == [
        {"member": "org-a", "member_name": "Alder Health Authority", "says": 4,
         "other": "org-b", "other_name": "Birch Social Services", "other_says": 2, "gap": 2}]


def test_an_invalid_rating_names_file_sheet_row_and_column_and_writes_nothing(
        template: Path, tmp_path: Path) -> None:
    good = fill(template, tmp_path / "good.xlsx", "Alder Health Authority",
                {"org-b": {"collaboration": 3}})
    db = tmp_path / "survey.db"
    assert netan("import", str(good), "--db", str(db))[0] == 0
    before = digest(tmp_path / "survey.db") if db.is_dir() else db.read_bytes()
    bad = fill(template, tmp_path / "bad.xlsx", "Cedar Practice",
               {"org-a": {"collaboration": 7}})
    code, out = netan("import", str(good), str(bad), "--db", str(db), "--replace")
    assert code == 1
    line = next(line for line in out.splitlines() if "'7'" in line)
    assert "bad.xlsx" in line and "Cedar Practice" in line and "row 2" in line
    assert "collaboration" in line and "above the maximum 5" in line
    after = digest(tmp_path / "survey.db") if db.is_dir() else db.read_bytes()
    assert after == before


def test_a_respondent_off_the_roster_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "roster.csv").write_text("id,name\norg-a,A\norg-b,B\n", encoding="utf-8")
    (folder / "agencies.csv").write_text("id,name\norg-x,X\n", encoding="utf-8")
    (folder / "survey.csv").write_text("respondent,alter,collaboration\norg-x,org-a,2\n",
                                       encoding="utf-8")
    code, out = netan("import", str(folder), "--db", str(tmp_path / "s.db"), "--dry-run")
    assert code == 1
    assert "survey.csv, row 2, column 'respondent': 'org-x' is not on the roster" in out


# ---------------------------------------------------------------------------
# The measures, on a case worked by hand
# ---------------------------------------------------------------------------
#
# Roster A, B, C, D; A, B and C respond, D does not.  Answers (collaboration):
#   A->B 3, B->A 1, A->D 2, C->D 4, C->A 0 (no tie), B->C 2.
# complete-case: A, B, C; ties A->B, B->A, B->C            3 of 6 possible   density 1/2
# reconstruct:   A..D; those 3 + A->D, C->D + D->A, D->C   7 of 12           density 7/12
# either:        {A,B} {B,C} {A,D} {C,D}                   4 of 6            density 2/3
# both:          {A,B}                                     1 of 6            density 1/6
# reciprocity among respondents: mutual A-B, asymmetric B->C -> 1 / 2
# disagreement: A says 3 of B, B says 1 of A -> gap 2


def hand_case() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for node, sector in zip("ABCD", ["commissioner", "social_care", "primary_care",
                                     "social_care"], strict=True):
        G.add_node(node, label="Agency", name=f"Org {node}", sector=sector, survey="s")
    G.add_node("E", label="Agency", name="Not asked")
    answers = {("A", "B"): {"collaboration": 3, "trust_reliability": 4, "trust_mission": 3,
                            "trust_openness": 2, "value_power": 4},
               ("B", "A"): {"collaboration": 1, "trust_reliability": 1},
               ("A", "D"): {"collaboration": 2, "trust_mission": 3, "value_power": 2,
                            "value_involvement": 3},
               ("C", "D"): {"collaboration": 4, "trust_reliability": 4},
               ("C", "A"): {"collaboration": 0},
               ("B", "C"): {"collaboration": 2}}
    for (u, v), data in answers.items():
        G.add_edge(u, v, type="RATES", **data)
    return G


def test_policies_on_the_hand_worked_case() -> None:
    surveyed = survey.read_survey(hand_case())
    networks = survey.policy_networks(surveyed)
    rows = {r["policy"]: r for r in survey.policy_comparison(networks)}
    assert {p: (r["members"], r["ties"]) for p, r in rows.items()} == {
        "complete-case": (3, 3), "reconstruct": (4, 7), "either": (4, 4), "both": (4, 1)}
    assert rows["complete-case"]["density"] == pytest.approx(1 / 2)
    assert rows["reconstruct"]["density"] == pytest.approx(7 / 12)
    assert rows["either"]["density"] == pytest.approx(2 / 3)
    assert rows["both"]["density"] == pytest.approx(1 / 6)
    assert rows["both"]["isolates"] == 2  # C and D
    reconstructed = survey.survey_network(surveyed, "reconstruct")
    assert reconstructed.has_edge("D", "A") and reconstructed["D"]["A"]["collaboration"] == 2
    assert not reconstructed.has_edge("A", "C")  # C->A was an answer of no tie
    either, both = networks["either"], networks["both"]
    assert either["A"]["B"]["collaboration"] == 3 and both["A"]["B"]["collaboration"] == 1


def test_reciprocity_composites_and_disagreements_by_hand() -> None:
    surveyed = survey.read_survey(hand_case())
    respondents = survey.survey_network(surveyed, "complete-case")
    assert survey.reciprocity(respondents) == {"mutual": 1, "asymmetric": 1,
                                               "reciprocity": 0.5}
    quality = {r["id"]: r for r in survey.quality_received(surveyed)}
    assert quality["B"]["trust"] == pytest.approx(3.0)  # (4 + 3 + 2) / 3 from A
    assert quality["D"]["trust"] == pytest.approx(3.5)  # A's 3 and C's 4
    assert quality["D"]["value"] == pytest.approx(2.5)  # A's (2 + 3) / 2; C gave none
    assert quality["D"]["ratings"] == 2 and quality["D"]["value_ratings"] == 1
    assert quality["A"]["trust"] == pytest.approx(1.0) and quality["A"]["ratings"] == 2
    by_sector = {r["sector"]: r for r in survey.quality_received(surveyed, by="sector")}
    assert by_sector["social_care"]["trust"] == pytest.approx((3.0 + 3 + 4) / 3)
    assert [(d["member"], d["other"], d["gap"]) for d in survey.disagreements(surveyed)] == [
        ("A", "B", 2)]
    levels = {r["level"]: r for r in survey.collaboration_levels(surveyed, respondents)}
    assert levels[0]["answers"] == 1 and levels[3]["ties"] == 1
    assert levels[2]["density_at_or_above"] == pytest.approx(2 / 6)  # A->B and B->C


# ---------------------------------------------------------------------------
# The report: the survey section, policy stated, names kept out when anonymised
# ---------------------------------------------------------------------------

PARTNERSHIP = {
    "agencies.csv": "id,name,kind,sector,level\nha,Alder HA,health_authority,commissioner,"
                    "region\nssd,Birch SSD,social_services,social_care,area\n"
                    "gp-c,Cedar Practice,gp_practice,primary_care,practice\n",
    "groups.csv": "id,name,kind,level\nboard,Joint board,board,area\n",
    "people.csv": "id,name,role,employer\np1,Gwen Ellis-Roberts,gp,gp-c\n"
                  "p2,Tomasz Wojcik,social_worker,ssd\np3,Ruth Okafor,commissioner,ha\n",
    "memberships.csv": "person,group\np1,board\np2,board\np3,board\n",
    "roster.csv": "id,type\np1,person\np2,person\np3,person\n",
    "survey.csv": "respondent,alter,collaboration,trust_reliability\np1,p2,4,4\np2,p1,1,2\n"
                  "p2,p3,3,3\n",
}


@pytest.mark.parametrize(("policy", "weight"), [("reconstruct", None),
                                                ("complete-case", "collaboration")])
def test_report_has_a_survey_section_that_states_its_policy(tmp_path: Path, policy: str,
                                                             weight: str | None) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    for name, text in PARTNERSHIP.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "p.db"
    assert netan("import", str(folder), "--db", str(db))[0] == 0
    out = tmp_path / "report"
    code, printed = netan("report", "--db", str(db), "--out", str(out), "--missing", policy,
                          "--anonymise", *(["--weight", weight] if weight else []))
    assert code == 0, printed
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    section = next(s for s in document["sections"] if s["id"] == "survey")
    assert section["summary"]["missing_policy"] == policy
    assert section["summary"]["weight"] == weight
    assert section["summary"]["responded"] == 2 and section["summary"]["asked"] == 3
    assert any(h.startswith("Roster survey: 2 of 3 members responded (67%)") and policy in h
               for h in document["headlines"])
    assert f"'{policy}'" in printed
    policies = [row[0] for t in section["tables"] if t["id"] == "survey_policies"
                for row in t["rows"]]
    assert policies == list(survey.MISSING_POLICIES)
    texts = [p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()]
    assert (out / "csv" / "survey_disagreements.csv").exists()
    for name in ("Gwen", "Ellis-Roberts", "Tomasz", "Wojcik", "Ruth", "Okafor"):
        assert not any(name in text for text in texts), name


def test_unknown_missing_policy_is_one_clear_line(tmp_path: Path) -> None:
    code, out = netan("report", "--db", str(tmp_path / "none.db"), "--missing", "guess")
    assert code != 0
    assert "guess" in out


def test_bundled_survey_example_says_what_its_readme_says(tmp_path: Path) -> None:
    example = REPO / "examples" / "trowbridge-survey"
    readme = (example / "README.md").read_text(encoding="utf-8")
    db = tmp_path / "t.db"
    code, out = netan("import", str(example), "--db", str(db))
    assert code == 0, out
    G = api.read_graph(db)
    surveyed = survey.read_survey(G)
    answers = surveyed.answers
    assert f"| {len(answers)} answers |" in readme
    section = report.survey_section(G, report.ReportOptions())
    assert section is not None
    headline = report.survey_finding(section["summary"])["text"]
    assert headline.startswith("Roster survey: 5 of 7 members responded (71%)")
    assert "all 30 answers are illustrative rows" in headline
    assert {d["provenance"] for d in answers.values()} == {
        "illustrative"}
    seen = survey.response(surveyed)
    assert f"{seen['responded']} of {seen['asked']} members responded ({seen['rate']:.0%})" \
        in readme
    assert {G.nodes[n]["name"] for n in seen["non_respondents"]} == {
        "West Wiltshire District Council housing department",
        "Wiltshire users and carers network"}
    assert [(d["member"], d["says"], d["other"], d["other_says"])
            for d in survey.disagreements(surveyed)] == [
        ("alliance-trowbridge", 2, "gp-lovemead", 4),
        ("ssd-wiltshire", 3, "tpp-trowbridge", 1)]


def test_survey_view_sizes_by_trust_and_draws_ties_by_collaboration_level(
        tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert netan("import", str(REPO / "examples" / "trowbridge-survey"), "--db", str(db))[0] == 0
    out = tmp_path / "survey.html"
    code, printed = netan("view", "--db", str(db), "--network", "survey", "--size-by", "trust",
                          "--out", str(out))
    assert code == 0, printed
    model = api.view(db, out, network="survey", size_by="trust")
    surveyed = survey.read_survey(api.read_graph(db))
    either = survey.survey_network(surveyed, "either")
    assert {frozenset((e.source, e.target)) for e in model.edges} == {
        frozenset(pair) for pair in either.edges()}
    for edge in model.edges:  # the width follows the collaboration level
        assert edge.weight == either[edge.source][edge.target]["collaboration"]
    widths = {e.weight: e.width for e in model.edges}
    assert widths[5] > widths[3] > widths[1]
    trust = {row["id"]: row["trust"] for row in survey.quality_received(surveyed)}
    size = {n.id: n.size for n in model.nodes}
    most, least = max(trust, key=trust.get), min(trust, key=trust.get)
    assert size[most] > size[least]
    assert any("either member reports" in note for note in model.notes)
    assert "Wiltshire Health Authority" in out.read_text(encoding="utf-8")
