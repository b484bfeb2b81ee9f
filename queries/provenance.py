"""Where the rows of a data set come from: published, inferred or illustrative.

Every node and relationship may carry ``provenance`` (``published``: stated by
the source, ``provenance_note`` gives the page or section; ``inferred``: read
from the source, the note gives the reasoning; ``illustrative``: made up to
complete an example) -- see :data:`netan.graphdb.schema.PROVENANCE`. The report
shows the counts, and a headline that rests on illustrative rows says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from netan.graphdb.schema import PROVENANCE

__all__ = ["ILLUSTRATIVE", "illustrative", "illustrative_edges", "provenance_counts"]

ILLUSTRATIVE = PROVENANCE.canonical("illustrative")
NOT_GIVEN = "not given"


def illustrative(G: nx.MultiDiGraph, nodes: Iterable[Any]) -> int:
    """How many of ``nodes`` are marked ``illustrative``."""
    graph_nodes = G.nodes
    return sum(1 for n in nodes if n in graph_nodes
               and graph_nodes[n].get("provenance") == ILLUSTRATIVE)


def illustrative_edges(G: nx.MultiDiGraph, kind: str) -> tuple[int, int]:
    """``(illustrative, all)`` relationships of type ``kind``."""
    found = [d.get("provenance") for _, _, d in G.edges(data=True) if d.get("type") == kind]
    return sum(p == ILLUSTRATIVE for p in found), len(found)


def provenance_counts(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Rows per label or relationship type and provenance (``not given`` when blank).

    Returns a list of dict: ``kind`` (``node`` / ``relationship``), ``name``
    (label or type), one count per provenance value and ``not given``, ``rows``.
    """
    counts: dict[tuple[str, str], Counter[str]] = {}
    for _, data in G.nodes(data=True):
        key = ("node", str(data.get("label")))
        counts.setdefault(key, Counter())[data.get("provenance") or NOT_GIVEN] += 1
    for _, _, data in G.edges(data=True):
        key = ("relationship", str(data.get("type")))
        counts.setdefault(key, Counter())[data.get("provenance") or NOT_GIVEN] += 1
    rows = []
    for (kind, name), counter in sorted(counts.items()):
        rows.append({"kind": kind, "name": name,
                     **{value: counter.get(value, 0) for value in PROVENANCE.values},
                     NOT_GIVEN: counter.get(NOT_GIVEN, 0), "rows": sum(counter.values())})
    return rows
