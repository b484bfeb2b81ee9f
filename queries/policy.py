"""One policy for how far the analyses go, shared by the report, the view and compare.

* **Betweenness, exact or sampled.** ``auto`` computes betweenness exactly for a
  network of at most :data:`EXACT_BETWEENNESS_LIMIT` people and estimates it from
  :data:`BETWEENNESS_SAMPLE` seeded source people beyond
  (:func:`netan.queries.centrality.betweenness`); the report, ``netan view`` and a
  view drawn on its own all use these two numbers.
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

__all__ = ["BETWEENNESS_SAMPLE", "EXACT_BETWEENNESS_LIMIT", "TOP_BROKERS", "broker_ranking",
           "top_brokers"]

#: Largest network (people) whose betweenness ``auto`` computes exactly: at 10,000
#: people exact betweenness takes about 4.5 s with two worker processes (8.7 s in
#: one), some 4 s more than the 500-source sample there (``benchmarks/RESULTS.md``,
#: "Betweenness on every core"); at 22,000 people it would take 23-45 s.
EXACT_BETWEENNESS_LIMIT = 10_000
#: Source people of a sampled betweenness estimate (``auto`` beyond the limit).
BETWEENNESS_SAMPLE = 500
#: How many of the broker ranking are the top brokers.
TOP_BROKERS = 10


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
