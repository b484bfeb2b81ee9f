"""Benchmark: what the read order costs on the national synthetic network.

Both stores put what they read in one order (docs/design.md, "Read order"):
nodes by label and id, relationships by type, source, target and their
properties. This times, on the store :mod:`bench_report` builds (the synthetic
national network, about 100k nodes and 1M relationships, cached under
``benchmarks/out/report-bench``), in this process, each the median of
``--repeat`` runs:

1. reading the embedded store as the engine returns it (``EmbeddedStore._read_raw``);
2. sorting what was read into the read order (``graph_data.in_read_order``);
3. building the MultiDiGraph without the sort (``graph_data.to_networkx`` with its
   two ordering functions replaced by the identity: the conversion alone);
4. the whole ``EmbeddedStore.to_networkx`` (read, sort, build), as the report reads.

    python benchmarks/bench_read_order.py [--nodes 100000] [--relationships 1000000]
        [--repeat 3]

Prints the Markdown rows for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import prepared  # noqa: E402

from netan.graphdb import graph_data  # noqa: E402
from netan.graphdb.embedded import EmbeddedStore  # noqa: E402


def median_seconds(work: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median wall time of ``repeat`` runs of ``work``, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def unsorted_networkx(data: graph_data.GraphData) -> Any:
    """``graph_data.to_networkx`` without the read order (rows as the engine gave them)."""
    kept = graph_data.nodes_in_read_order, graph_data.relationships_in_read_order
    graph_data.nodes_in_read_order = lambda frame: frame
    graph_data.relationships_in_read_order = lambda frame, rel: frame
    try:
        return graph_data.to_networkx(data)
    finally:
        graph_data.nodes_in_read_order, graph_data.relationships_in_read_order = kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)

    db, _ = prepared(options.nodes, options.relationships)
    with EmbeddedStore(db, read_only=True) as store:
        read, raw = median_seconds(lambda: store._read_raw(None), options.repeat)
        sort, _ = median_seconds(lambda: graph_data.in_read_order(raw), options.repeat)
        build, _ = median_seconds(lambda: unsorted_networkx(raw), options.repeat)
        whole, graph = median_seconds(store.to_networkx, options.repeat)
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    load = os.getloadavg()[0]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print("| date | machine | nodes | relationships | read store (s) | sort into read order (s) "
          "| build MultiDiGraph (s) | to_networkx in all (s) | sort's share | load avg |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {date.today()} | {machine} | {nodes:,} | {edges:,} | {read:.2f} | {sort:.2f} "
          f"| {build:.2f} | {whole:.2f} | {sort / whole:.0%} | {load:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
