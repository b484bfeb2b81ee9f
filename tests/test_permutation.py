"""Whole-network change tests against R's sna (tests/fixtures/qap_sna.R and its output).

The fixture holds, per small case, sna 2.7's gden, centralization(degree), gcor, the
exact QAP distribution (every relabelling, enumerated in R), qaptest's Monte Carlo
p-values (20,000 draws), binom.test for the density change, and the dyad-swap
enumeration of the centralisation and E-I changes (computed with sna's statistics).
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from netan.queries import permutation as pm

FIXTURES = Path(__file__).parent / "fixtures"
CASES = json.loads((FIXTURES / "qap_sna.json").read_text(encoding="utf-8"))["cases"]


def ties(case: dict, key: str) -> pm.Ties:
    pairs = sorted((min(a, b) - 1, max(a, b) - 1) for a, b in case[key])
    return pm.Ties(case["n"], np.array([a for a, _ in pairs]), np.array([b for _, b in pairs]))


def groups(case: dict) -> np.ndarray:
    return pm.group_codes(case["groups"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_statistics_match_sna(case: dict) -> None:
    for side, key in enumerate(("before", "after")):
        t = ties(case, key)
        assert pm.density(t.n, t.i, t.j) == pytest.approx(case["density"][side], abs=1e-12)
        assert pm.degree_centralisation(t.n, t.i, t.j) == pytest.approx(
            case["centralisation"][side], abs=1e-12)
        assert pm.ei_index(t.n, t.i, t.j, groups(case)) == pytest.approx(
            case["ei_index"][side], abs=1e-12)
    assert pm.gcor(ties(case, "before"), ties(case, "after")) == pytest.approx(
        case["gcor"], abs=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_exact_qap_matches_the_enumeration_in_r(case: dict) -> None:
    a, b = ties(case, "before"), ties(case, "after")
    result = pm.qap_test(a, b, reps=math.factorial(case["n"]))
    assert result.exact and result.draws == case["qap_exact"]["permutations"]
    assert result.pgreq == pytest.approx(case["qap_exact"]["pgreq"], abs=1e-12)
    assert result.pleeq == pytest.approx(case["qap_exact"]["pleeq"], abs=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_monte_carlo_qap_agrees_with_qaptest(case: dict) -> None:
    """Seeded draws (ours) and sna::qaptest's (R's) estimate the same p within noise."""
    a, b = ties(case, "before"), ties(case, "after")
    ours = pm.qap_test(a, b, reps=4000, seed=3, exact=False)
    assert not ours.exact and ours.seed == 3 and ours.draws == 4000
    assert pm.qap_test(a, b, reps=4000, seed=3, exact=False) == ours  # the seed fixes it
    theirs = case["qaptest"]
    if case["qap_exact"]["pgreq"] == case["qap_exact"]["pleeq"] == 1:
        # Every relabelling gives the observed r (a star against a ring: overlap 2 in
        # every case). sna compares without a tolerance, so rounding noise around 0
        # splits these exact ties at random (0.47 / 0.80); we count them as ties.
        assert (ours.pgreq, ours.pleeq) == (1.0, 1.0)
        assert theirs["pgreq"] < 1 or theirs["pleeq"] < 1
        return
    for key in ("pgreq", "pleeq"):
        p = case["qap_exact"][key]
        noise = 4 * math.sqrt(p * (1 - p) / 4000 + p * (1 - p) / theirs["reps"]) + 1e-9
        assert abs(getattr(ours, key) - theirs[key]) <= noise, key


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_dyad_swap_tests_match_r(case: dict) -> None:
    a, b = ties(case, "before"), ties(case, "after")
    density = pm.dyad_swap_test(a, b, "density")
    assert density.change == pytest.approx(case["density_change"]["change"], abs=1e-12)
    assert density.p_value == pytest.approx(case["density_change"]["p"], abs=1e-12)
    for measure, key in (("degree_centralisation", "centralisation_change"),
                         ("ei_index", "ei_change")):
        result = pm.dyad_swap_test(a, b, measure, groups(case), reps=1 << 16)
        assert result.change == pytest.approx(case[key]["change"], abs=1e-12)
        if case[key]["change"] == 0 and result.changed_pairs == 0:
            assert result.p_value == 1.0
            continue
        assert result.exact and result.draws == case[key]["swaps"]
        assert result.p_value == pytest.approx(case[key]["p"], abs=1e-12), measure


def test_monte_carlo_swaps_estimate_the_exact_p() -> None:
    case = CASES[1]  # nine changed pairs: 512 swaps
    a, b = ties(case, "before"), ties(case, "after")
    exact = case["centralisation_change"]["p"]
    sampled = pm.dyad_swap_test(a, b, "degree_centralisation", reps=300, seed=11)
    assert not sampled.exact and sampled.draws == 300
    assert abs(sampled.p_value - exact) <= 4 * math.sqrt(exact * (1 - exact) / 300)


def test_a_large_real_change_is_significant_and_no_change_is_not() -> None:
    """A dense network that loses most ties: density p tiny; identical networks: p = 1."""
    before = nx.complete_graph(12)
    after = nx.Graph(list(before.edges())[:10])
    people = list(range(12))
    a, b = pm.ties_of(before, people), pm.ties_of(after, people)
    assert pm.dyad_swap_test(a, b, "density").p_value < 1e-10
    same = pm.dyad_swap_test(a, a, "density")
    assert same.change == 0 and same.p_value == 1.0


@pytest.mark.reference
def test_fixture_is_what_sna_computes_today() -> None:
    """Rerun the R script: the committed fixture is sna's output, not hand-edited."""
    check = subprocess.run(["Rscript", "-e", "library(sna); library(jsonlite)"],
                           capture_output=True, text=True)
    if check.returncode:
        pytest.fail("R's sna or jsonlite is not installed: make reference installs them")
    fresh = subprocess.run(["Rscript", str(FIXTURES / "qap_sna.R")], capture_output=True,
                           text=True, check=True, timeout=300)
    assert json.loads(fresh.stdout)["cases"] == CASES
