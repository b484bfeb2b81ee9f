"""Values read once and passed along: the graph index and a network's tied pairs.

The report, the view and the API read the typed graph once into a
:class:`~netan.queries.participation.GraphIndex` and the person network once into
:class:`~netan.queries.networks.TiedPairs`, and give them (``index=``, ``pairs=``) to
each analysis. Here: the tied pairs against networkx's own edges on random graphs;
every analysis given the values gives what it gives when it reads its own; and an
analysis given a value read from another graph or network refuses it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest
from graphs import isolation_graph, synthetic_graph, vertical_graph
from test_speed_paths import random_partnership

from netan.queries import (
    analysed,
    budgets,
    integration,
    isolation,
    networks,
    periphery,
    representation,
    significance,
    twomode,
    vertical,
)
from netan.queries.choices import ChoiceError
from netan.queries.networks import tied_pairs
from netan.queries.participation import index_graph
from netan.reporting.report import build_report

# ---------------------------------------------------------------------------
# Tied pairs
# ---------------------------------------------------------------------------


def random_network(seed: int, directed: bool, multi: bool) -> nx.Graph:
    """A random network with isolates, self-loops, both directions of a tie and (for a
    multigraph) parallel edges, and sectors and levels on the nodes."""
    rnd = random.Random(seed)
    kind = {(False, False): nx.Graph, (True, False): nx.DiGraph,
            (False, True): nx.MultiGraph, (True, True): nx.MultiDiGraph}[directed, multi]
    G = kind()
    n = rnd.randint(1, 30)
    for k in range(n):
        G.add_node(f"n{k:02d}", sector=rnd.choice(["primary_care", "secondary_care",
                                                   "social_care", None]),
                   level=rnd.choice(["practice", "area", None]))
    nodes = list(G)
    for _ in range(rnd.randint(0, 3 * n)):
        G.add_edge(rnd.choice(nodes), rnd.choice(nodes))
    return G


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("multi", [False, True])
def test_tied_pairs_are_the_distinct_pairs_networkx_lists(seed: int, directed: bool,
                                                          multi: bool) -> None:
    G = random_network(seed, directed, multi)
    pairs = tied_pairs(G)
    nodes = list(G)
    found = [(nodes[u], nodes[v]) for u, v in zip(pairs.u.tolist(), pairs.v.tolist(),
                                                  strict=True)]
    position = {node: k for k, node in enumerate(nodes)}
    expected = {tuple(sorted((a, b), key=position.__getitem__))
                for a, b in G.edges() if a != b}
    assert len(found) == len(set(found))  # each pair once
    assert set(found) == expected
    assert all(position[a] < position[b] for a, b in found)
    assert not pairs.u.flags.writeable and not pairs.v.flags.writeable
    u, v = pairs  # unpacks as the arrays
    assert u is pairs.u and v is pairs.v


PAIR_ANALYSES: dict[str, Callable[..., Any]] = {
    "tie_density_by_direction": networks.tie_density_by_direction,
    "integration_density": networks.integration_density,
    "sector_level_density": networks.sector_level_density,
    "density_difference_test": lambda P, **kw: significance.density_difference_test(
        P, ("primary_care", "social_care"), ("primary_care", "secondary_care"),
        permutations=50, seed=3, **kw),
    "coreness": periphery.coreness,
    "continuous_core_periphery": periphery.continuous_core_periphery,
    "discrete_core_periphery": lambda P, **kw: periphery.discrete_core_periphery(
        P, seed=2, **kw),
    "core_periphery_table": lambda P, **kw: periphery.core_periphery_table(P, seed=2, **kw),
}


@pytest.mark.parametrize("name", PAIR_ANALYSES)
@pytest.mark.parametrize("seed", range(6))
def test_an_analysis_given_the_pairs_gives_what_it_reads_itself(name: str, seed: int) -> None:
    P = networks.person_network(random_partnership(seed))
    analysis = PAIR_ANALYSES[name]
    assert analysis(P, pairs=tied_pairs(P)) == analysis(P)


@pytest.mark.parametrize("name", PAIR_ANALYSES)
def test_an_analysis_refuses_pairs_read_from_another_network(name: str) -> None:
    P = networks.person_network(isolation_graph())
    for other in (networks.person_network(vertical_graph()), P.copy()):
        with pytest.raises(ValueError, match="tied pairs given were read from another network"):
            PAIR_ANALYSES[name](P, pairs=tied_pairs(other))


# ---------------------------------------------------------------------------
# The graph index
# ---------------------------------------------------------------------------

def _or_choice_error(analysis: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    """What ``analysis`` returns, or the one line it refuses a choice with."""
    try:
        return analysis(*args, **kw)
    except ChoiceError as problem:
        return str(problem)


INDEX_ANALYSES: dict[str, Callable[..., Any]] = {
    "person_network": lambda G, **kw: nx.to_dict_of_dicts(networks.person_network(G, **kw)),
    "person_network_membership": lambda G, **kw: nx.to_dict_of_dicts(
        networks.person_network(G, "membership", **kw)),
    "organisation_network": lambda G, **kw: nx.to_dict_of_dicts(
        networks.organisation_network(G, **kw)),
    "analysed_network": lambda G, **kw: nx.to_dict_of_dicts(
        analysed.analysed_network(G, "people", "directed", **kw).graph),
    "weight_columns": analysed.weight_columns,
    "check_weight": lambda G, **kw: _or_choice_error(analysed.check_weight, G, "frequency",
                                                     **kw),
    "funding_flows": budgets.funding_flows,
    "funding_totals": budgets.funding_totals,
    "sankey_flows": budgets.sankey_flows,
    "planning_without_purchasing": budgets.planning_without_purchasing,
    "stage_table": budgets.stage_table,
    "partnership_rows": integration.partnership_rows,
    "places_not_taken_up": isolation.places_not_taken_up,
    "isolated_gps": isolation.isolated_gps,
    "isolated_gps_by_cutoffs": lambda G, **kw: isolation.isolated_gps_by_cutoffs(
        G, [(0.25, 3), (0.5, 2)], **kw),
    "unlinked_practices": isolation.unlinked_practices,
    "representation_gaps": representation.representation_gaps,
    "working_arrangements": significance.working_arrangements,
    "default_comparison": significance.default_comparison,
    "participation": lambda G, **kw: nx.to_dict_of_dicts(twomode.participation(G, **kw)),
    "participation_degree": twomode.participation_degree,
    "vertical_links": vertical.vertical_links,
    "strategic_routes": vertical.strategic_routes,
    "horizontal_vertical_density": vertical.horizontal_vertical_density,
}


@pytest.mark.parametrize("name", INDEX_ANALYSES)
@pytest.mark.parametrize("make", [isolation_graph, vertical_graph,
                                  lambda: random_partnership(4),
                                  lambda: synthetic_graph(40, seed=2)])
def test_an_analysis_given_the_index_gives_what_it_reads_itself(name: str, make) -> None:
    G = make()
    analysis = INDEX_ANALYSES[name]
    assert analysis(G, index=index_graph(G)) == analysis(G)


@pytest.mark.parametrize("name", INDEX_ANALYSES)
def test_an_analysis_refuses_an_index_read_from_another_graph(name: str) -> None:
    G = vertical_graph()
    for other in (isolation_graph(), G.copy()):
        with pytest.raises(ValueError, match="graph index given was read from another graph"):
            INDEX_ANALYSES[name](G, index=index_graph(other))


def test_the_derived_networks_are_built_once_per_index() -> None:
    G = vertical_graph()
    index = index_graph(G)
    assert networks.person_network(G, index=index) is networks.person_network(G, index=index)
    assert (networks.organisation_network(G, index=index)
            is networks.organisation_network(G, index=index))
    assert networks.person_network(G) is not networks.person_network(G)  # each reads its own
    assert index_graph(G) is not index


def test_the_report_given_the_index_is_the_report() -> None:
    G = synthetic_graph(40, seed=5)
    assert build_report(G, index=index_graph(G)) == build_report(G)
    with pytest.raises(ValueError, match="graph index given was read from another graph"):
        build_report(G, index=index_graph(synthetic_graph(40, seed=5)))
