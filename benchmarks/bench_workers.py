"""Exact betweenness with one worker process and with every core, side by side.

Usage::

    .venv/bin/python benchmarks/bench_workers.py [--nodes 10000 22222 48889]
        [--workers 1,2] [--repeats 1] [--threshold] [--no-exact]

On the person networks of the synthetic partnership (``benchmarks/synthetic.py``,
seed 0; 10,000 nodes give 4,500 people, 22,222 give 10,000 and 48,889 give 22,000)
it computes :func:`netan.queries.centrality.betweenness` exactly with each number of
workers (``NETAN_WORKERS``) in turn, in one process, alternating so that the load
of a shared machine falls on each alike, and checks that every run gives exactly
the same floats as the one-process run. It prints wall seconds, CPU seconds (this
process and its workers apart: on a quiet machine the wall time would be about the
larger of the two) and the load average before and after each run.

``--threshold`` times sampled betweenness from few sources on the smallest network
while the largest graph is held in memory (a fork copies the page tables of the
whole process), one worker against all: where the two cross is
:data:`netan.kernels.brandes.PARALLEL_WORK`. Figures go to ``benchmarks/RESULTS.md``
by hand, with the machine and date. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_kernels import OUT, machine, typed_graph  # noqa: E402

from netan.kernels import brandes  # noqa: E402
from netan.queries.centrality import betweenness  # noqa: E402
from netan.queries.networks import person_network  # noqa: E402


def cpu_seconds() -> np.ndarray:
    """CPU seconds of this process and of its reaped workers."""
    return np.array([sum(resource.getrusage(who)[:2])
                     for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)])


def run(P: nx.Graph, workers: int, **options: object) -> tuple[np.ndarray, float, np.ndarray]:
    """Betweenness of ``P`` with ``workers`` processes: values, wall seconds and CPU
    seconds (this process, its workers)."""
    os.environ["NETAN_WORKERS"] = str(workers)
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = betweenness(P, **options)  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    return np.array([result.values[v] for v in P]), wall, cpu


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def side_by_side(P: nx.Graph, counts: list[int], repeats: int, label: str,
                 **options: object) -> None:
    """Time ``betweenness(P, **options)`` with each worker count, alternating."""
    first: np.ndarray | None = None
    for _ in range(repeats):
        for workers in counts:
            before = load()
            values, wall, cpu = run(P, workers, **options)
            if first is None:
                first = values
            same = "identical" if np.array_equal(values, first) else (
                f"DIFFERENT (max {np.abs(values - first).max():.2e})")
            print(f"| {label} | {len(P):,} | {P.number_of_edges():,} | {workers} | "
                  f"{wall:.2f} | {cpu[0]:.2f} + {cpu[1]:.2f} | {before} -> {load()} | "
                  f"{same} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, nargs="+", default=[10_000, 22_222, 48_889])
    ap.add_argument("--workers", default=f"1,{len(os.sched_getaffinity(0))}")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--threshold", action="store_true")
    ap.add_argument("--no-exact", action="store_true", help="only the --threshold runs")
    args = ap.parse_args(argv)
    counts = [int(x) for x in args.workers.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"# {date.today()} {machine()}; load average {load()}")
    graphs = {n_nodes: typed_graph(n_nodes) for n_nodes in args.nodes}  # held: a big process
    networks = {n_nodes: person_network(G) for n_nodes, G in graphs.items()}
    print("| betweenness | people | ties | workers | seconds (wall) | cpu seconds (parent "
          "+ workers) | "
          "load before -> after | values |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for P in () if args.no_exact else networks.values():
        side_by_side(P, counts, args.repeats, "exact", mode="exact")
    if args.threshold:  # the workers forced on, to see where they start to pay
        threshold, brandes.PARALLEL_WORK = brandes.PARALLEL_WORK, 0
        P = networks[min(networks)]
        for k in (25, 100, 200, 400, 800, 1600):
            nnz = 2 * P.number_of_edges()
            side_by_side(P, counts, max(args.repeats, 3),
                         f"{k} sources (work {k * (nnz + len(P)):.1e})",
                         mode="sampled", k=k, seed=0)
        brandes.PARALLEL_WORK = threshold
    print(f"# brandes.PARALLEL_WORK = {brandes.PARALLEL_WORK:.0e}; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"load average {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
