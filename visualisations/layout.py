"""Node positions, computed in Python so the browser never runs a physics simulation.

Both layouts are deterministic: the same graph gives the same picture in every
run (node order is sorted by id first, random seeds are fixed).

* :func:`levels_layout` -- one horizontal band per level of the ordered schema
  ``LEVEL`` vocabulary, ``practice`` at the bottom and ``national`` at the top
  (nodes with no level sit in a band of their own below ``practice``). Inside a
  band nodes are grouped by sector (vocabulary order), then ordered by a few
  sweeps of the barycentre heuristic (mean x of their neighbours in the other
  bands) to reduce crossings, and spread evenly.
* :func:`force_layout` -- Fruchterman-Reingold (:func:`networkx.spring_layout`)
  with a fixed seed, for networks without a level structure.

Coordinates are in layout units with ``y`` up; sizes are roughly ``SPACING``
per node so labels have room.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable

import networkx as nx

from netan.graphdb.schema import LEVEL, SECTOR

SPACING = 60.0
BAND_GAP = 260.0
SEED = 1998
UNKNOWN_LEVEL = "unknown"


def level_rank(level: str | None) -> int:
    """Band index: -1 for no / unknown level, else the LEVEL vocabulary rank (practice = 0)."""
    if level in LEVEL.values:
        return LEVEL.rank(level)  # type: ignore[arg-type]
    return -1


def band_y(rank: int) -> float:
    """The y of a band (y up): practice at 0, higher levels above, unknown below."""
    return rank * BAND_GAP


def _sector_rank(sector: str | None) -> int:
    return SECTOR.values.index(sector) if sector in SECTOR.values else len(SECTOR.values)


def levels_layout(graph: nx.Graph, level_of: Callable[[Hashable], str | None],
                  sector_of: Callable[[Hashable], str | None], sweeps: int = 4
                  ) -> tuple[dict[Hashable, tuple[float, float]], list[tuple[str, float]]]:
    """Positions in level bands, and the bands used as ``(level, y)`` (bottom first).

    ``level_of`` / ``sector_of`` read a node's level and sector. Direction,
    weights and parallel edges are ignored. Width of a band = its node count x
    ``SPACING``, centred on x = 0 (for very full bands the band wraps into rows
    of at most ``ceil(sqrt(n) * 4)`` nodes so a 2,000-node band stays readable).
    """
    bands: dict[int, list[Hashable]] = defaultdict(list)
    for node in sorted(graph.nodes, key=str):
        bands[level_rank(level_of(node))].append(node)
    x: dict[Hashable, float] = {}

    def spread(nodes: list[Hashable]) -> None:
        width = (len(nodes) - 1) * SPACING
        for i, node in enumerate(nodes):
            x[node] = i * SPACING - width / 2

    for rank in bands:
        bands[rank].sort(key=lambda n: (_sector_rank(sector_of(n)), str(n)))
        spread(bands[rank])
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    for _ in range(sweeps):
        for rank in sorted(bands):
            def barycentre(node: Hashable, rank: int = rank) -> float:
                others = [x[m] for m in undirected.neighbors(node)
                          if m != node and level_rank(level_of(m)) != rank]
                return sum(others) / len(others) if others else x[node]

            centres = {n: barycentre(n) for n in bands[rank]}
            bands[rank].sort(key=lambda n: (_sector_rank(sector_of(n)), centres[n], str(n)))
            spread(bands[rank])

    positions: dict[Hashable, tuple[float, float]] = {}
    for rank, nodes in bands.items():
        per_row = max(1, math.ceil(math.sqrt(len(nodes)) * 4))
        rows = math.ceil(len(nodes) / per_row)
        for i, node in enumerate(nodes):
            row, col = divmod(i, per_row)
            in_row = min(per_row, len(nodes) - row * per_row)
            xx = (col - (in_row - 1) / 2) * SPACING if rows > 1 else x[node]
            yy = band_y(rank) + (rows - 1 - 2 * row) * SPACING / 3 if rows > 1 else band_y(rank)
            positions[node] = (xx, yy)
    used = [(UNKNOWN_LEVEL if r < 0 else LEVEL.values[r], band_y(r)) for r in sorted(bands)]
    return positions, used


def force_layout(graph: nx.Graph, weight: str | None = None
                 ) -> dict[Hashable, tuple[float, float]]:
    """Seeded Fruchterman-Reingold positions scaled to about ``SPACING`` per node.

    Edge direction is ignored; ``weight`` (default None: unweighted) pulls
    heavier ties closer. Isolates are placed by the algorithm like other nodes.
    """
    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes, key=str))
    for u, v, data in graph.edges(data=True):
        if u != v:
            simple.add_edge(u, v, weight=float(data.get(weight, 1) or 1) if weight else 1.0)
    n = simple.number_of_nodes()
    iterations = 50 if n <= 3000 else 20
    raw = nx.spring_layout(simple, seed=SEED, iterations=iterations,
                           weight="weight" if weight else None)
    scale = SPACING * math.sqrt(n) * 1.5
    return {node: (float(p[0]) * scale, float(p[1]) * scale) for node, p in raw.items()}
