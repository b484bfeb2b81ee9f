"""Import throughput of the Neo4j store against a real server.

Usage::

    NETAN_TEST_NEO4J_URI=bolt://localhost:7687 NETAN_TEST_NEO4J_USER=neo4j \\
    NETAN_TEST_NEO4J_PASSWORD=... .venv/bin/python benchmarks/bench_neo4j.py \\
        [--nodes 20000] [--relationships 200000] [--batch-size 5000] [--seed 0]

Generates a synthetic partnership (``benchmarks/synthetic.py``), validates it,
then times a ``replace`` import, an ``append`` of the same data (every row
matched, nothing added), ``counts()`` and ``to_networkx()`` on the database
named by ``NETAN_TEST_NEO4J_DATABASE`` (default: the server's default), which
it **replaces**. It also times building the statements alone, which needs no
server. Without ``NETAN_TEST_NEO4J_URI`` it says it skipped the server part and
exits 0. Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate, peak_rss_mb  # noqa: E402

from netan.graphdb.neo4j_store import Neo4jStore, statements_for_import  # noqa: E402
from netan.importers import load_import  # noqa: E402


def timed(label: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """Run ``fn``; print and return wall-clock seconds."""
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    elapsed = time.perf_counter() - started
    print(f"{label:<40} {elapsed:8.2f} s", flush=True)
    return out, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        generate(folder, args.nodes, args.relationships, args.seed)
        result, _ = timed("load_import (validate)", load_import, folder)
    data = result.data
    if data is None:
        print("the synthetic data did not validate", file=sys.stderr)
        return 1
    n_nodes = sum(data.node_counts().values())
    n_rels = sum(data.relationship_counts().values())
    print(f"graph: {n_nodes:,} nodes, {n_rels:,} relationships, batch size {args.batch_size:,}")
    statements, _ = timed("build every statement (no server)", lambda: sum(
        1 for _ in statements_for_import(data, "replace", args.batch_size)))
    print(f"statements: {statements:,}")

    uri = os.environ.get("NETAN_TEST_NEO4J_URI")
    if not uri:
        print("SKIPPED the server part: no Neo4j server configured "
              "(set NETAN_TEST_NEO4J_URI, NETAN_TEST_NEO4J_USER, NETAN_TEST_NEO4J_PASSWORD)")
        return 0
    store = Neo4jStore(uri, user=os.environ.get("NETAN_TEST_NEO4J_USER", "neo4j"),
                       password=os.environ.get("NETAN_TEST_NEO4J_PASSWORD", ""),
                       database=os.environ.get("NETAN_TEST_NEO4J_DATABASE") or None,
                       batch_size=args.batch_size)
    try:
        _, seconds = timed("write_import replace", store.write_import, data, "replace")
        print(f"  {(n_nodes + n_rels) / seconds:,.0f} rows/s")
        _, seconds = timed("write_import append (same data)", store.write_import, data, "append")
        print(f"  {(n_nodes + n_rels) / seconds:,.0f} rows/s")
        counted, _ = timed("counts", store.counts)
        assert sum(counted["nodes"].values()) == n_nodes, counted
        assert sum(counted["relationships"].values()) == n_rels, counted
        graph, _ = timed("to_networkx", store.to_networkx)
        print(f"  {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges; "
              f"peak RSS {peak_rss_mb():.0f} MB")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
