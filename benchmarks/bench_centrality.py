"""Time the person-network centrality measures on a large random network.

Usage::

    .venv/bin/python benchmarks/bench_centrality.py [--nodes 100000] [--edges 1000000]
        [--k 500] [--seed 1] [--check]

Builds a random undirected weighted network (uniform random pairs, weights
1-10, a sector per node), then times :func:`netan.queries.centrality.betweenness`
(sampled), :func:`~netan.queries.centrality.burt_constraint`,
:func:`~netan.queries.centrality.effective_size`,
:func:`~netan.queries.centrality.articulation_points`,
:func:`~netan.queries.centrality.bridges` and
:func:`~netan.queries.centrality.top_broker_impacts`. ``--check`` also times
NetworkX's sampled betweenness on a few pivots and extrapolates, for comparison.
Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np

from netan.graphdb import schema
from netan.queries import centrality


def random_network(n: int, m: int, seed: int) -> nx.Graph:
    rng = np.random.default_rng(seed)
    g = nx.Graph()
    sectors = list(schema.SECTOR.values)
    g.add_nodes_from(
        (f"p{i}", {"sector": sectors[s]}) for i, s in enumerate(rng.integers(len(sectors), size=n))
    )
    edges: set[tuple[int, int]] = set()
    while len(edges) < m:
        u = rng.integers(n, size=m)
        v = rng.integers(n, size=m)
        for a, b in zip(u.tolist(), v.tolist(), strict=True):
            if a != b:
                edges.add((min(a, b), max(a, b)))
                if len(edges) == m:
                    break
    weights = rng.integers(1, 11, size=m)
    g.add_edges_from(
        (f"p{a}", f"p{b}", {"weight": int(w)}) for (a, b), w in zip(edges, weights, strict=True)
    )
    return g


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run ``fn``; print wall-clock and CPU seconds (CPU time is the fairer figure
    on a shared machine, where other processes take turns on the cores)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    print(f"{label:<44} {dt:8.2f} s wall {ct:8.2f} s cpu", flush=True)
    return out, dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--edges", type=int, default=1_000_000)
    ap.add_argument("--k", type=int, default=centrality.DEFAULT_SAMPLE_SIZE)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", action="store_true", help="also time NetworkX for comparison")
    args = ap.parse_args()

    g, _ = timed(f"build network ({args.nodes} nodes, {args.edges} edges)",
                 random_network, args.nodes, args.edges, args.seed)
    total = 0.0
    res, dt = timed(f"betweenness sampled (k={args.k})", centrality.betweenness, g,
                    mode="sampled", k=args.k, seed=args.seed)
    total += dt
    print(f"  method={res.method} sample_size={res.sample_size} seed={res.seed} "
          f"top={res.top(3)}")
    _, dt = timed("burt_constraint (weighted)", centrality.burt_constraint, g)
    total += dt
    _, dt = timed("effective_size (weighted)", centrality.effective_size, g)
    total += dt
    aps, dt = timed("articulation_points", centrality.articulation_points, g)
    total += dt
    print(f"  {len(aps)} articulation points")
    br, dt = timed("bridges", centrality.bridges, g)
    total += dt
    print(f"  {len(br)} bridges")
    top, dt = timed("top_broker_impacts (every node)", centrality.top_broker_impacts, g, top=3)
    total += dt
    print(f"  top: {[(r['broker'], r['cross_pairs_cut']) for r in top]}")
    print(f"{'total (excluding build)':<44} {total:8.2f} s")

    if args.check:
        pivots = 5
        t0 = time.perf_counter()
        nx.betweenness_centrality(g, k=pivots, seed=args.seed)
        dt = time.perf_counter() - t0
        print(f"networkx betweenness k={pivots}: {dt:.2f} s -> k={args.k} "
              f"extrapolated {dt / pivots * args.k:.0f} s")


if __name__ == "__main__":
    main()
