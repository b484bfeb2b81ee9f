"""Weighted survey measures: ``netan report --weight collaboration`` (trust, value, frequency).

The truth is computed here from the example's raw CSV (the csv module, not netan's
importer) as a weight matrix per non-response policy, and measured with igraph's and
networkx's ``strength``/``degree`` and numpy; netan's answers come through the real
CLI (CliRunner at 80 and 200 columns) and its API twin on a real store. A case
small enough to work by hand covers ties with no value and the merging policies.
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Callable
from pathlib import Path

import igraph
import jsonschema
import networkx as nx
import numpy as np
import pytest
from test_survey import hand_case
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.queries import survey
from netan.reporting.references import document_texts, uncited
from netan.reporting.report import ReportOptions, table_rows

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "trowbridge-survey"
runner = CliRunner()

FREQUENCY = ("never", "yearly", "quarterly", "monthly", "weekly", "daily")
TRUST = ("trust_reliability", "trust_mission", "trust_openness")
VALUE = ("value_power", "value_involvement", "value_resources")


def mean_of(items: tuple[str, ...]) -> Callable[[dict[str, str]], float | None]:
    def score(row: dict[str, str]) -> float | None:
        given = [float(row[i]) for i in items if row[i]]
        return sum(given) / len(given) if given else None
    return score


#: Each weight read off a raw survey.csv row, as the docs define it.
RAW_WEIGHTS: dict[str, Callable[[dict[str, str]], float | None]] = {
    "collaboration": lambda row: float(row["collaboration"]),
    "frequency": lambda row: float(FREQUENCY.index(row["frequency"])),
    "trust": mean_of(TRUST),
    "value": mean_of(VALUE),
}


def raw(name: str) -> list[dict[str, str]]:
    with (EXAMPLE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def truth(policy: str, weight: str) -> tuple[list[str], np.ndarray]:
    """The members and weight matrix ``W[i, j]`` (tie i -> j) of a policy, from the raw
    files: a tie is a row with collaboration >= 1 (every row of the example has one)."""
    rows = raw("survey.csv")
    responded = {r["respondent"] for r in rows}
    tie = {(r["respondent"], r["alter"]): RAW_WEIGHTS[weight](r) for r in rows
           if int(r["collaboration"]) >= 1}
    assert all(v is not None for v in tie.values())  # the example has no unvalued tie
    members = sorted(r["id"] for r in raw("roster.csv"))
    if policy == "complete-case":
        members = [m for m in members if m in responded]
    W = np.zeros((len(members), len(members)))
    for a, i in enumerate(members):
        for b, j in enumerate(members):
            reports = [tie[p] for p in ((i, j), (j, i)) if p in tie]
            if policy == "complete-case":
                W[a, b] = tie.get((i, j), 0)
            elif policy == "reconstruct":
                W[a, b] = tie.get((i, j), 0) if i in responded else tie.get((j, i), 0)
            elif policy == "either":
                W[a, b] = max(reports, default=0)
            else:
                W[a, b] = min(reports) if len(reports) == 2 else 0
    return members, W


def directed(policy: str) -> bool:
    return policy in ("complete-case", "reconstruct")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("trowbridge") / "t.db"
    result = runner.invoke(app, ["import", str(EXAMPLE), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


# ---------------------------------------------------------------------------
# The measures against igraph, networkx and numpy on the example
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("weight", list(RAW_WEIGHTS))
@pytest.mark.parametrize("policy", survey.MISSING_POLICIES)
def test_strength_density_and_reciprocity_match_igraph_networkx_numpy(
        store: Path, policy: str, weight: str) -> None:
    surveyed = survey.read_survey(api.read_graph(store))
    N = survey.survey_network(surveyed, policy, weight)  # type: ignore[arg-type]
    members, W = truth(policy, weight)
    mode = "directed" if directed(policy) else "undirected"
    g = igraph.Graph.Weighted_Adjacency(W.tolist(), mode=mode if directed(policy) else "upper")
    g.vs["name"] = members
    rows = {r["id"]: r for r in survey.member_degrees(surveyed, N, weighted=True)}
    assert sorted(rows) == members
    s_in = g.strength(mode="in", weights="weight")
    s_out = g.strength(mode="out", weights="weight")
    s_all = g.strength(mode="all", weights="weight")
    for k, member in enumerate(members):
        assert rows[member]["in_strength"] == pytest.approx(s_in[k]), member
        assert rows[member]["out_strength"] == pytest.approx(s_out[k]), member
        assert rows[member]["strength"] == pytest.approx(s_all[k]), member
        assert rows[member]["degree"] == g.degree(k, mode="all")
    T = nx.from_numpy_array(W, create_using=nx.DiGraph if directed(policy) else nx.Graph)
    n = len(members)
    expected_density = W.sum() / (n * (n - 1))  # undirected: both halves over both halves
    summary = survey.weighted_summary(N)
    assert summary["weighted_density"] == pytest.approx(expected_density)
    assert summary["total_weight"] == pytest.approx(T.size(weight="weight"))
    assert summary["mean_tie_weight"] == pytest.approx(T.size(weight="weight") / T.size())
    assert summary["unvalued_ties"] == 0
    if policy == "complete-case":
        mutual = np.minimum(W, W.T).sum() / W.sum()  # Squartini et al. 2013
        assert survey.reciprocity(N, weighted=True)["weighted_reciprocity"] == pytest.approx(
            mutual)


def test_an_unweighted_network_has_degree_as_igraph_counts_it(store: Path) -> None:
    surveyed = survey.read_survey(api.read_graph(store))
    members, W = truth("reconstruct", "collaboration")
    g = igraph.Graph.Adjacency((W > 0).astype(int).tolist(), mode="directed")
    rows = {r["id"]: r for r in survey.member_degrees(
        surveyed, survey.survey_network(surveyed, "reconstruct"))}
    assert "strength" not in rows[members[0]]
    for k, member in enumerate(members):
        assert (rows[member]["in_degree"], rows[member]["out_degree"]) == (
            g.degree(k, mode="in"), g.degree(k, mode="out"))


# ---------------------------------------------------------------------------
# A case worked by hand (tests/test_survey.py's hand_case)
# ---------------------------------------------------------------------------
#
# Answers (collaboration; trust composite): A->B 3; (4+3+2)/3 = 3.  B->A 1; 1.
#   A->D 2; 3.  C->D 4; 4.  C->A 0 (no tie).  B->C 2; no trust item -> weighs 1.
# collaboration, complete-case: A->B 3, B->A 1, B->C 2     W = 6, 6 dyads -> 1
#   weighted reciprocity (min(3,1) + min(1,3)) / 6 = 1/3; A: in 1 out 3; C: in 2 out 0
# collaboration, reconstruct: + A->D 2, C->D 4, D->A 2, D->C 4   W = 18 / 12 = 1.5
# collaboration, either: AB max 3, BC 2, AD 2, CD 4 -> W = 11 over 6 pairs: 11/6
# collaboration, both: AB min 1 -> 1/6
# trust, complete-case: A->B 3, B->A 1, B->C 1 (no value)  W = 5, 1 unvalued
#   weighted reciprocity 2 / 5; either: AB 3, BC 1 (unvalued), AD 3, CD 4 -> 11


def test_weighted_measures_by_hand() -> None:
    surveyed = survey.read_survey(hand_case())
    offered = survey.weight_names(surveyed)
    assert offered == ["collaboration", "trust", "value", "trust_reliability",
                       "trust_mission", "trust_openness", "value_power", "value_involvement"]
    assert survey.check_weight(offered, "Collaboration") == "collaboration"
    assert survey.check_weight(offered, "trust reliability") == "trust_reliability"
    assert survey.check_weight(offered, "frequency") is None  # no answer gives one
    expected = {"complete-case": (6, 1.0), "reconstruct": (18, 1.5), "either": (11, 11 / 6),
                "both": (1, 1 / 6)}
    networks = survey.policy_networks(surveyed, "collaboration")
    for policy, (total, density) in expected.items():
        found = survey.weighted_summary(networks[policy])  # type: ignore[index]
        assert (found["total_weight"], found["weighted_density"]) == pytest.approx(
            (total, density)), policy
    respondents = networks["complete-case"]
    assert survey.reciprocity(respondents, weighted=True)["weighted_reciprocity"] == \
        pytest.approx(1 / 3)
    rows = {r["id"]: r for r in survey.member_degrees(surveyed, respondents, weighted=True)}
    assert (rows["A"]["in_strength"], rows["A"]["out_strength"]) == (1, 3)
    assert (rows["C"]["in_strength"], rows["C"]["out_strength"], rows["C"]["strength"]) == (
        2, 0, 2)
    trusted = survey.policy_networks(surveyed, "trust")
    trust = survey.weighted_summary(trusted["complete-case"])
    assert (trust["total_weight"], trust["unvalued_ties"]) == (5, 1)
    assert survey.reciprocity(trusted["complete-case"], weighted=True)[
        "weighted_reciprocity"] == pytest.approx(2 / 5)
    assert trusted["either"]["B"]["C"] == {"collaboration": 2, "weight": 1.0, "valued": False}
    assert survey.weighted_summary(trusted["either"])["total_weight"] == 11


def test_weighted_reciprocity_with_every_weight_one_is_networkx_arc_reciprocity() -> None:
    G = hand_case()
    for _, _, data in G.edges(data=True):
        if data["collaboration"]:
            data["collaboration"] = 1
    D = survey.survey_network(survey.read_survey(G), "complete-case", "collaboration")
    assert survey.reciprocity(D, weighted=True)["weighted_reciprocity"] == pytest.approx(
        nx.reciprocity(D))  # 2 of the 3 arcs reciprocated
    assert nx.reciprocity(D) == pytest.approx(2 / 3)


# ---------------------------------------------------------------------------
# The report: CLI at two widths, its API twin, every format states the weight
# ---------------------------------------------------------------------------

SCALE = "0 none, 1 networking ... 5 collaboration; Frey et al. 2006"


@pytest.mark.parametrize("columns", ["80", "200"])
def test_report_weight_collaboration_states_weight_and_scale_everywhere(
        store: Path, tmp_path: Path, columns: str) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", "--db", str(store), "--out", str(out),
                                 "--weight", "collaboration"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    headline = next(line for line in result.output.splitlines()
                    if line.startswith("- Roster survey:"))  # one line at any width
    members, W = truth("reconstruct", "collaboration")
    assert (f"Survey measures weighted by collaboration ({SCALE}; the person and "
            "organisation networks are not): weighted density "
            f"{W.sum() / (len(members) * (len(members) - 1)):.3g}") in headline
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(
        (REPO / "docs" / "report.schema.json").read_text(encoding="utf-8")))
    section = next(s for s in document["sections"] if s["id"] == "survey")
    assert section["summary"]["weight"] == "collaboration"
    assert section["summary"]["weight_scale"] == SCALE
    assert document["parameters"]["weight"] == "collaboration"
    degree = {r["id"]: r for r in csv.DictReader(
        (out / "csv" / "survey_degree.csv").open(encoding="utf-8"))}
    for k, member in enumerate(members):
        assert float(degree[member]["in_strength"]) == W[:, k].sum()
        assert float(degree[member]["out_strength"]) == W[k].sum()
    settings = {r["table"]: r for r in csv.DictReader(
        (out / "csv" / "survey_settings.csv").open(encoding="utf-8"))}
    assert settings["survey_degree"]["weight"] == "collaboration"
    assert SCALE in settings["survey_degree"]["weights"]
    assert settings["survey_collaboration"]["weighted"] == "false"
    policies = {r["policy"]: r for r in csv.DictReader(
        (out / "csv" / "survey_policies.csv").open(encoding="utf-8"))}
    for policy in survey.MISSING_POLICIES:
        members, W = truth(policy, "collaboration")
        n = len(members)
        assert float(policies[policy]["weighted_density"]) == pytest.approx(
            W.sum() / (n * (n - 1)))
    for page in ("report.html", "report.md"):
        text = html.unescape((out / page).read_text(encoding="utf-8"))
        assert f"weighted by collaboration ({SCALE})" in text, page
        assert "Squartini" in text, page
    assert uncited(document_texts(document)) == []  # every work cited is listed in full
    assert "Squartini, T., Picciolo, F., Ruzzenenti, F. & Garlaschelli, D. (2013)" in text
    # the person and organisation networks stayed unweighted, and say so
    measures = {r["table"]: r for r in csv.DictReader(
        (out / "csv" / "measure_settings.csv").open(encoding="utf-8"))}
    assert measures["structural_holes_organisations"]["weighted"] == "false"
    # the API twin writes the same document
    twin = api.report(store, tmp_path / "twin", options=ReportOptions(weight="collaboration"))
    assert twin.document["sections"] == document["sections"]
    assert twin.document["headlines"] == document["headlines"]
    assert table_rows(twin.document, "survey_degree") == table_rows(document, "survey_degree")


def test_report_weight_trust_states_the_composite(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "trust"
    written = api.report(store, out, formats=("json",),
                         options=ReportOptions(weight="Trust", missing="complete-case"))
    summary = next(s for s in written.document["sections"] if s["id"] == "survey")["summary"]
    assert summary["weight"] == "trust"
    assert "mean of the trust items answered" in summary["weight_scale"]
    members, W = truth("complete-case", "trust")
    assert summary["weighted_reciprocity"] == pytest.approx(np.minimum(W, W.T).sum() / W.sum())


def test_unknown_weight_is_one_line_listing_the_weights_of_this_store(
        store: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", "--db", str(store), "--out", str(out),
                                 "--weight", "closeness"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith("error: --weight 'closeness': ")
    assert "survey ratings: collaboration, frequency, trust, value, trust_reliability" in lines[0]
    assert "tie_strength" in lines[0]
    assert not out.exists() or not any(out.iterdir())  # nothing written


def test_a_survey_weight_has_no_descending_scale(store: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--db", str(store), "--out", str(tmp_path / "r"),
                                 "--weight", "collaboration", "--weight-scale", "descending"])
    assert result.exit_code == 1
    assert "--weight-scale 'descending': the survey's collaboration runs one way" in (
        result.output)


def test_a_tie_column_leaves_the_survey_unweighted_and_says_so(tmp_path: Path) -> None:
    """A store with a survey and liaisons: --weight frequency is both a liaison column
    (contacts a month) and a survey rating, and weights both; a name that is only a tie
    column leaves the survey unweighted, and its settings say why."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "agencies.csv").write_text("id,name,sector\nha,Alder HA,commissioner\n"
                                         "ssd,Birch SSD,social_care\n", encoding="utf-8")
    (folder / "people.csv").write_text("id,name,employer\np1,Ann,ha\np2,Bo,ssd\n",
                                       encoding="utf-8")
    (folder / "liaison.csv").write_text("person,with,frequency,hours\np1,p2,4,2\n",
                                        encoding="utf-8")
    (folder / "roster.csv").write_text("id,type\nha,organisation\nssd,organisation\n",
                                       encoding="utf-8")
    (folder / "survey.csv").write_text("respondent,alter,frequency,collaboration\n"
                                       "ha,ssd,weekly,3\nssd,ha,monthly,4\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["import", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    both = api.report(db, tmp_path / "both", formats=("json",),
                      options=ReportOptions(weight="frequency"))
    summary = next(s for s in both.document["sections"] if s["id"] == "survey")["summary"]
    assert summary["weight"] == "frequency" and summary["weights_ties"] is True
    assert summary["total_weight"] == 4 + 3  # weekly + monthly, both reported
    assert summary["weighted_reciprocity"] == pytest.approx(2 * 3 / 7)
    ties_only = api.report(db, tmp_path / "ties", formats=("json",),
                           options=ReportOptions(weight="hours"))
    section = next(s for s in ties_only.document["sections"] if s["id"] == "survey")
    assert section["summary"]["weight"] is None
    settings = {r["table"]: r for r in table_rows(ties_only.document, "survey_settings")}
    assert settings["survey_degree"]["weights"] == (
        "unweighted (--weight hours is not a rating of this survey; its ratings are: "
        "collaboration, frequency)")


def test_the_example_readme_gives_the_weighted_figures_netan_computes(store: Path) -> None:
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    members, W = truth("reconstruct", "collaboration")
    pairs = len(members) * (len(members) - 1)
    assert f"({W.sum() / pairs:.3g} under `reconstruct`" in readme
    assert f"all {pairs} ordered" in readme
    _, R = truth("complete-case", "collaboration")
    assert f"({np.minimum(R, R.T).sum() / R.sum():.3g})" in readme
    N = survey.survey_network(survey.read_survey(api.read_graph(store)), "reconstruct",
                              "collaboration")
    assert f"{survey.weighted_summary(N)['weighted_density']:.3g}" in readme
