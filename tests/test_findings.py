"""Findings that hold up: the periphery judged on the person, core-periphery fits against
their definitions, and the permutation test of a density difference against exact enumeration."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from graphs import DATES5, GraphBuilder

from netan.queries import periphery
from netan.queries.isolation import isolated_gps, places_not_taken_up
from netan.queries.networks import person_network
from netan.queries.significance import density_difference_test, parse_compare


def active_gp_partnership() -> nx.MultiDiGraph:
    """Dr Active chairs her practice team, attends the locality group every time and
    liaises with the CMHT, but missed the last three meetings of the area board."""
    b = GraphBuilder()
    b.agency("pr", sector="primary_care", level="practice")
    b.agency("cmht", sector="secondary_care", level="locality")
    b.agency("ssd", sector="social_care", level="area")
    b.group("team", level="practice").group("loc", level="locality").group("board", level="area")
    b.person("active", role="gp", employer="pr").person("nurse", role="practice_nurse",
                                                         employer="pr")
    b.person("cpn", role="cpn", employer="cmht").person("sw", role="social_worker",
                                                         employer="ssd")
    b.person("chair", role="manager", employer="ssd").person("absent", role="gp", employer="pr")
    b.member("active", "team", "chair").members("team", "nurse")
    b.members("loc", "active", "cpn", "sw")
    b.register("loc", DATES5, {"active": "PPPPP", "cpn": "PPPAP", "sw": "PPPPP"})
    b.members("board", "active", "chair", "sw").member("absent", "board", "invited")
    b.register("board", DATES5, {"active": "PPAAA", "chair": "PPPPP", "sw": "PPPPP",
                                 "absent": "AAAAA"})
    b.liaison("cpn", "active")
    return b.G


def test_a_very_active_gp_who_misses_three_board_meetings_is_not_on_the_periphery() -> None:
    G = active_gp_partnership()
    isolated = {r["id"]: r for r in isolated_gps(G)}
    assert "active" not in isolated
    assert isolated["absent"]["reasons"] == ["invited_not_attending"]  # never came anywhere
    places = {(r["person"], r["group"]): r for r in places_not_taken_up(G)}
    assert sorted(places) == [("absent", "board"), ("active", "board")]
    assert places[("active", "board")]["triggers"] == ["missed_recent"]
    assert (places[("active", "board")]["attended"], places[("active", "board")]["held"]) == (2, 5)


def test_a_top_broker_is_never_an_isolated_gp() -> None:
    b = GraphBuilder()
    b.person("gp", role="gp", sector="primary_care")
    for other in ("a", "b", "c"):
        b.person(other, role="gp", sector="primary_care").liaison("gp", other)
    assert "gp" in {r["id"] for r in isolated_gps(b.G)}  # single sector by the rule
    assert "gp" not in {r["id"] for r in isolated_gps(b.G, top_brokers=["gp"])}


# ---------------------------------------------------------------------------
# Core-periphery: the fits against their definitions
# ---------------------------------------------------------------------------


def _brute_force_discrete(G: nx.Graph) -> float:
    """Borgatti & Everett's discrete fit, every split tried, correlation by numpy."""
    nodes = list(G)
    A = nx.to_numpy_array(G, nodelist=nodes) > 0
    iu = np.triu_indices(len(nodes), 1)
    best = -np.inf
    for split in itertools.product((False, True), repeat=len(nodes)):
        core = np.array(split)
        cc = core[iu[0]] & core[iu[1]]
        pp = ~core[iu[0]] & ~core[iu[1]]
        keep = cc | pp
        ties, ideal = A[iu][keep].astype(float), cc[keep].astype(float)
        if ties.std() == 0 or ideal.std() == 0:
            continue
        best = max(best, np.corrcoef(ties, ideal)[0, 1])
    return best


@pytest.mark.parametrize("seed", range(6))
def test_discrete_core_periphery_is_the_best_split(seed: int) -> None:
    G = nx.gnp_random_graph(11, 0.35, seed=seed)
    fit = periphery.discrete_core_periphery(G)
    assert fit.method == "exhaustive"
    assert fit.fit == pytest.approx(_brute_force_discrete(G), abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_local_search_finds_a_planted_core(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, core = 40, 8
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for i, j in itertools.combinations(range(n), 2):
        p = 0.9 if j < core else 0.3 if i < core else 0.02
        if rng.random() < p:
            G.add_edge(i, j)
    fit = periphery.discrete_core_periphery(G, seed=seed)
    assert fit.method == "local search"
    assert frozenset(range(core)) <= fit.core and len(fit.core) <= core + 2


def test_continuous_coreness_minimises_the_residuals_and_reports_its_correlation() -> None:
    G = nx.karate_club_graph()
    fit = periphery.continuous_core_periphery(G)
    nodes = list(G)
    A = nx.to_numpy_array(G, nodelist=nodes) > 0
    c = np.array([fit.coreness[v] for v in nodes])
    off = ~np.eye(len(nodes), dtype=bool)
    assert fit.fit == pytest.approx(np.corrcoef(A[off], np.outer(c, c)[off])[0, 1], abs=1e-9)
    # the stationary condition of min sum_{i != j} (a_ij - c_i c_j)^2, up to the scale of c
    from scipy.optimize import minimize

    def f(x: np.ndarray) -> float:
        return float(np.sum((A - np.outer(x, x))[off] ** 2))

    scale = minimize(lambda s: f(s[0] * c), [1.0]).x[0]
    best = minimize(f, np.asarray(A.sum(axis=1), float) / np.sqrt(A.sum()), method="BFGS")
    assert f(scale * c) == pytest.approx(best.fun, rel=1e-6)
    assert max(fit.coreness, key=fit.coreness.get) in {0, 33}  # the two leaders
    assert periphery.coreness(G) == nx.core_number(G)


# ---------------------------------------------------------------------------
# The permutation test against exact enumeration
# ---------------------------------------------------------------------------


def _exact_p(P: nx.Graph, first: tuple[str, str], second: tuple[str, str]) -> float:
    """Two-sided p-value over every distinct relabelling of the named sectors."""
    named = {*first, *second}
    movable = [v for v in P if P.nodes[v].get("sector") in named]
    labels = [P.nodes[v]["sector"] for v in movable]

    def diff(assign: dict) -> float:
        def density(pair: tuple[str, str]) -> float:
            a = [v for v in P if assign.get(v, P.nodes[v].get("sector")) == pair[0]]
            b = [v for v in P if assign.get(v, P.nodes[v].get("sector")) == pair[1]]
            ties = sum(1 for u in a for w in b if P.has_edge(u, w))
            return ties / (len(a) * len(b))
        return density(first) - density(second)

    observed = diff({})
    orders = set(itertools.permutations(labels))
    hits = sum(abs(diff(dict(zip(movable, order, strict=True)))) >= abs(observed) - 1e-12
               for order in orders)
    return hits / len(orders)


def test_permutation_p_value_agrees_with_exact_enumeration() -> None:
    P = nx.Graph()
    sectors = ["primary_care"] * 3 + ["secondary_care"] * 3 + ["social_care"] * 3
    for i, s in enumerate(sectors):
        P.add_node(i, sector=s)
    P.add_edges_from([(3, 6), (3, 7), (4, 7), (4, 8), (5, 6), (5, 8), (0, 3), (1, 2), (0, 1)])
    first, second = ("secondary_care", "social_care"), ("primary_care", "secondary_care")
    exact = _exact_p(P, first, second)
    found = density_difference_test(P, first, second, permutations=20_000, seed=3)
    assert found["first_density"] == 6 / 9 and found["second_density"] == 1 / 9
    assert found["p_value"] == pytest.approx(exact, abs=4 * np.sqrt(exact * (1 - exact) / 2e4))
    again = density_difference_test(P, first, second, permutations=20_000, seed=3)
    assert again["p_value"] == found["p_value"]  # seeded


def test_no_difference_is_claimed_when_the_test_does_not_support_it() -> None:
    P = nx.cycle_graph(12)
    for i in P:
        P.nodes[i]["sector"] = ("primary_care", "secondary_care", "social_care")[i % 3]
    found = density_difference_test(P, ("secondary_care", "social_care"),
                                    ("primary_care", "secondary_care"), permutations=500)
    assert found["supported"] is False and found["p_value"] > 0.05


def test_compare_option_is_parsed_and_checked() -> None:
    assert parse_compare("primary:social services,primary care:trust") == (
        ("primary_care", "social_care"), ("primary_care", "secondary_care"))
    with pytest.raises(ValueError, match="did you mean 'social_care'"):
        parse_compare("primary_care:socail care,a:b")
    with pytest.raises(ValueError, match="A:B,C:D"):
        parse_compare("primary_care")


def test_active_gp_partnership_person_network_has_her_ties() -> None:
    P = person_network(active_gp_partnership())
    assert {"cpn", "sw", "chair"} <= set(P["active"])
