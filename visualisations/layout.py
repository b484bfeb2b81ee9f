"""Node positions, computed in Python so the browser never runs a physics simulation.

Both layouts are deterministic: the same graph gives the same picture in every
run (node order is sorted by id first, random seeds are fixed).

* :func:`levels_layout` -- one horizontal band per level of the ordered schema
  ``LEVEL`` vocabulary, ``practice`` at the bottom and ``national`` at the top
  (nodes with no level sit in a band of their own below ``practice``). Inside a
  band nodes are grouped by sector (vocabulary order) and, within a sector, by
  organisation (a person's employer), so colleagues sit together; groups are
  ordered by a few sweeps of the barycentre heuristic (mean x of their
  neighbours in the other bands) to reduce crossings. Neighbours are spaced by
  their sizes plus a gap, with a wider gap between organisations and wider
  still between sectors; a full band wraps into rows far enough apart that the
  largest nodes do not touch.
* :func:`force_layout` -- Fruchterman-Reingold (:func:`networkx.spring_layout`)
  with a fixed seed, for networks without a level structure.

Coordinates are in layout units with ``y`` up; a node's size is its radius in
the same units.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable

import networkx as nx

from netan.graphdb.schema import LEVEL, SECTOR

SPACING = 60.0
#: Space between the edges of two neighbours in a band, and the extra space
#: between two organisations and between two sectors.
NODE_GAP, ORGANISATION_GAP, SECTOR_GAP = 14.0, 30.0, 70.0
#: Distance between the rows of a wrapped band (room for two of the largest nodes).
ROW_GAP = 96.0
#: Distance between the top row of one band and the bottom row of the next.
BAND_GAP = 260.0
DEFAULT_RADIUS = 10.0
SEED = 1998
UNKNOWN_LEVEL = "unknown"


def level_rank(level: str | None) -> int:
    """Band index: -1 for no / unknown level, else the LEVEL vocabulary rank (practice = 0)."""
    if level in LEVEL.values:
        return LEVEL.rank(level)  # type: ignore[arg-type]
    return -1


def _sector_rank(sector: str | None) -> int:
    return SECTOR.values.index(sector) if sector in SECTOR.values else len(SECTOR.values)


Reader = Callable[[Hashable], str | None]


def levels_layout(graph: nx.Graph, level_of: Reader, sector_of: Reader,
                  organisation_of: Reader | None = None,
                  size_of: Callable[[Hashable], float] | None = None, sweeps: int = 4
                  ) -> tuple[dict[Hashable, tuple[float, float]], list[tuple[str, float]]]:
    """Positions in level bands, and the bands used as ``(level, y)`` (bottom first).

    ``level_of`` / ``sector_of`` / ``organisation_of`` read a node's level, sector
    and organisation (None: a group of its own); ``size_of`` its radius. Direction,
    weights and parallel edges are ignored. A band of ``n`` nodes wraps into rows
    of at most ``ceil(sqrt(n) * 4)`` nodes, each row centred on x = 0.
    """
    organisation_of = organisation_of or (lambda node: None)
    size_of = size_of or (lambda node: DEFAULT_RADIUS)
    bands: dict[int, list[Hashable]] = defaultdict(list)
    for node in sorted(graph.nodes, key=str):
        bands[level_rank(level_of(node))].append(node)
    sector = {n: _sector_rank(sector_of(n)) for n in graph.nodes}
    group = {n: organisation_of(n) or f"\x00{n}" for n in graph.nodes}
    x: dict[Hashable, float] = {}

    def ordered(nodes: list[Hashable], centre: dict[Hashable, float]) -> list[Hashable]:
        """By sector, then organisation (at its members' mean centre), then own centre."""
        members: dict[tuple[int, str], list[float]] = defaultdict(list)
        for n in nodes:
            members[(sector[n], str(group[n]))].append(centre[n])
        mean = {key: sum(v) / len(v) for key, v in members.items()}
        return sorted(nodes, key=lambda n: (sector[n], mean[(sector[n], str(group[n]))],
                                            str(group[n]), centre[n], str(n)))

    def row_x(row: list[Hashable]) -> dict[Hashable, float]:
        """x of each node of a row: neighbours a gap apart, centred on 0."""
        at, placed, previous = 0.0, {}, None
        for n in row:
            if previous is not None:
                gap = (SECTOR_GAP if sector[n] != sector[previous] else
                       ORGANISATION_GAP if group[n] != group[previous] else 0.0)
                at += size_of(previous) + NODE_GAP + gap + size_of(n)
            placed[n] = at
            previous = n
        middle = at / 2
        return {n: v - middle for n, v in placed.items()}

    for rank in bands:
        bands[rank] = ordered(bands[rank], dict.fromkeys(bands[rank], 0.0))
        x.update(row_x(bands[rank]))
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    for _ in range(sweeps):
        for rank in sorted(bands):
            def barycentre(node: Hashable, rank: int = rank) -> float:
                others = [x[m] for m in undirected.neighbors(node)
                          if m != node and level_rank(level_of(m)) != rank]
                return sum(others) / len(others) if others else x[node]

            bands[rank] = ordered(bands[rank], {n: barycentre(n) for n in bands[rank]})
            x.update(row_x(bands[rank]))

    positions: dict[Hashable, tuple[float, float]] = {}
    used: list[tuple[str, float]] = []
    bottom = 0.0
    for rank in sorted(bands):
        nodes = bands[rank]
        per_row = max(1, math.ceil(math.sqrt(len(nodes)) * 4))
        rows = [nodes[i:i + per_row] for i in range(0, len(nodes), per_row)]
        top = bottom + (len(rows) - 1) * ROW_GAP
        for i, row in enumerate(rows):  # the first row at the top of the band
            for node, xx in (row_x(row) if len(rows) > 1 else {n: x[n] for n in row}).items():
                positions[node] = (xx, top - i * ROW_GAP)
        used.append((UNKNOWN_LEVEL if rank < 0 else LEVEL.values[rank], (bottom + top) / 2))
        bottom = top + BAND_GAP
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
