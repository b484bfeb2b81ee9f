"""One policy for how far the analyses go, shared by the report, the view and compare.

* **Betweenness, exact or sampled.** ``auto`` computes betweenness exactly when its
  work -- every node a source, each searching every stored tie and node, ``n (s + n)``
  (:func:`betweenness_work`) -- is at most :data:`EXACT_BETWEENNESS_WORK`, and estimates
  it from :data:`BETWEENNESS_SAMPLE` seeded source people beyond
  (:func:`netan.queries.centrality.betweenness`); the report, ``netan view`` and a
  view drawn on its own all use these two numbers. The bound is on the work, not the
  head count, because the work is what the reader waits for: 10,000 people with the
  national benchmark's density are exact, 10,000 agencies tied ten times as densely
  are not.
* **Top brokers.** The brokers are ranked once, as the report ranks them: by total
  Gould-Fernandez brokerage (:func:`netan.queries.brokerage.brokerage_table`, busiest
  first, ties by id). The first :data:`TOP_BROKERS` who broker at all are the top
  brokers: the report's what-if removes them, the view rings them, compare follows
  them. A reader may show fewer, but only from the head of this ranking
  (:func:`top_brokers`). See "One policy" in ``docs/design.md``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from itertools import islice
from typing import Any

import networkx as nx

__all__ = ["BETWEENNESS_SAMPLE", "EXACT_BETWEENNESS_WORK", "TOP_BROKERS", "betweenness_work",
           "betweenness_sampled", "broker_ranking", "top_brokers"]

#: Most work (:func:`betweenness_work`) for which ``auto`` computes betweenness
#: exactly. The synthetic network of 10,001 people and 167,399 ties (work 3.4e9)
#: takes about 4.5 s with two worker processes (8.7 s in one), some 4 s more than the
#: 500-source sample there (``benchmarks/RESULTS.md``, "Betweenness on every core"); the
#: national benchmark's 10,000 agencies with 525,515 ties (work 1.1e10) would take
#: 12-25 s, and its 45,000 people (7.0e10) some 15 minutes.
EXACT_BETWEENNESS_WORK = 4 * 10**9
#: Source people of a sampled betweenness estimate (``auto`` beyond the limit).
BETWEENNESS_SAMPLE = 500
#: How many of the broker ranking are the top brokers.
TOP_BROKERS = 10


def betweenness_work(network: nx.Graph) -> int:
    """The work of exact betweenness on ``network``, as :mod:`netan.kernels.brandes`
    measures it: sources times (stored ties + nodes), ``n (s + n)``, where ``s`` is ``2m``
    for ``m`` undirected ties (each stored both ways) and ``m`` for arcs."""
    n, m = network.number_of_nodes(), network.number_of_edges()
    return n * ((m if network.is_directed() else 2 * m) + n)


def betweenness_sampled(network: nx.Graph, mode: str = "auto",
                        most_work: int = EXACT_BETWEENNESS_WORK) -> bool:
    """Whether betweenness in ``mode`` is estimated from a sample on ``network``: always
    for ``"sampled"``, never for ``"exact"``, and for ``"auto"`` when its
    :func:`betweenness_work` is more than ``most_work``."""
    return mode == "sampled" or (mode == "auto" and betweenness_work(network) > most_work)


def broker_ranking(network: nx.Graph, group_by: str = "sector") -> list[dict[str, Any]]:
    """Every node of ``network`` ranked as a broker: the rows of
    :func:`~netan.queries.brokerage.brokerage_table` by ``group_by``, busiest first."""
    from netan.queries.brokerage import brokerage, brokerage_table

    return brokerage_table(brokerage(network, group_by))


def top_brokers(ranking: Iterable[Mapping[str, Any]], key: str = "node",
                shown: int = TOP_BROKERS) -> list[Hashable]:
    """The top brokers of ``ranking`` (rows busiest first, each with ``total`` and the
    node under ``key``): the first ``shown`` (at most :data:`TOP_BROKERS`) who broker at
    all (total above 0)."""
    return [row[key] for row in islice(ranking, min(shown, TOP_BROKERS)) if row.get("total")]
