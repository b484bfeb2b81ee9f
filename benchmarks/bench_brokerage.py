"""Time Gould-Fernandez brokerage on a national-size random network.

Usage::

    .venv/bin/python benchmarks/bench_brokerage.py [--nodes 100000] [--arcs 1000000]
        [--groups 8] [--seed 1] [--arrays-only] [--check-naive 0]

Draws a random directed graph (uniform random distinct arcs, no loops, each node in
one of ``--groups`` groups), then times the vectorised role count on the arc arrays
(the core of :func:`netan.queries.brokerage.brokerage`) and, unless
``--arrays-only``, the whole :func:`~netan.queries.brokerage.brokerage` call on a
NetworkX ``DiGraph`` and :func:`~netan.queries.brokerage.brokerage_table`. Prints
the times and the peak resident memory of the process (which includes the NetworkX
graph; run with ``--arrays-only`` for the memory of the count alone).
``--check-naive K`` also counts the two-paths of ``K`` random brokers with a plain
Python loop and checks them. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import resource
import time

import networkx as nx
import numpy as np

from netan.queries import brokerage as br


def random_arcs(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``m`` distinct random arcs without loops, sorted by (source, target)."""
    rng = np.random.default_rng(seed)
    keys = np.empty(0, dtype=np.int64)
    while keys.size < m:
        more = rng.integers(0, n * n, size=int((m - keys.size) * 1.1) + 10, dtype=np.int64)
        more = more[more // n != more % n]
        keys = np.unique(np.concatenate([keys, more]))
    keys = np.sort(rng.choice(keys, size=m, replace=False))
    return keys // n, keys % n


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    dt = time.perf_counter() - t0
    print(f"{label:<48} {dt:8.2f} s   peak RSS {peak_rss_mb():8.0f} MB")
    return out, dt


def naive_broker(succ: list[set[int]], pred: list[set[int]], cl: np.ndarray,
                 j: int) -> list[int]:
    counts = [0] * 5
    for i in pred[j]:
        for k in succ[j]:
            if k == i or k in succ[i]:
                continue
            if cl[i] == cl[j]:
                counts[0 if cl[j] == cl[k] else 2] += 1
            elif cl[j] == cl[k]:
                counts[3] += 1
            elif cl[i] == cl[k]:
                counts[1] += 1
            else:
                counts[4] += 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--arcs", type=int, default=1_000_000)
    ap.add_argument("--groups", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--arrays-only", action="store_true",
                    help="time only the vectorised count on arc arrays")
    ap.add_argument("--check-naive", type=int, default=0, metavar="K",
                    help="check K random brokers against a plain Python loop")
    args = ap.parse_args()
    print(f"start{'':<43} {'':8}     peak RSS {peak_rss_mb():8.0f} MB")

    (src, dst), _ = timed(f"draw arcs ({args.nodes} nodes, {args.arcs} arcs)",
                          random_arcs, args.nodes, args.arcs, args.seed)
    cl = np.random.default_rng(args.seed + 1).integers(0, args.groups, size=args.nodes)
    counts, dt = timed("role counts (vectorised, arc arrays)", br._role_counts,
                       src, dst, cl, args.nodes)
    total = counts.sum(axis=0)
    print("  network totals: " + ", ".join(
        f"{code} {name}={int(v)}" for (code, name), v in zip(br.ROLES.items(), total,
                                                              strict=True)))
    _, dt = timed(f"moments ({args.groups} groups)", br._moments,
                  np.bincount(cl, minlength=args.groups).tolist(), args.nodes,
                  args.arcs / (args.nodes * (args.nodes - 1)))

    if args.check_naive:
        succ: list[set[int]] = [set() for _ in range(args.nodes)]
        pred: list[set[int]] = [set() for _ in range(args.nodes)]
        for a, b in zip(src.tolist(), dst.tolist(), strict=True):
            succ[a].add(b)
            pred[b].add(a)
        brokers = np.random.default_rng(args.seed + 2).choice(args.nodes, args.check_naive,
                                                              replace=False)
        for j in brokers.tolist():
            assert naive_broker(succ, pred, cl, j) == counts[j].tolist(), j
        print(f"  naive check of {args.check_naive} brokers: OK")
        del succ, pred

    if args.arrays_only:
        return
    sectors = [f"g{c}" for c in cl.tolist()]

    def build() -> nx.DiGraph:
        G = nx.DiGraph()
        G.add_nodes_from((i, {"sector": s}) for i, s in enumerate(sectors))
        G.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
        return G

    G, _ = timed("build networkx DiGraph", build)
    result, dt_full = timed("brokerage(G) (graph -> result dicts)", br.brokerage, G)
    assert [result.raw_network[c] for c in br.ROLES] == total.tolist()
    rows, dt_table = timed("brokerage_table(result)", br.brokerage_table, result)
    print(f"  top broker: {rows[0]}")
    print(f"  network z: { {k: round(v, 2) for k, v in result.z_network.items()} }")


if __name__ == "__main__":
    main()
