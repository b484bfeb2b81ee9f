"""How stable is the top of a sampled betweenness ranking on the national benchmark?

Usage::

    .venv/bin/python benchmarks/bench_sampling.py [--nodes 100000] [--relationships 1000000]
        [--k 500,1000,2000] [--seeds 0,1,2]

Builds (once) the synthetic national partnership of ``benchmarks/synthetic.py``,
derives its person network, computes betweenness **exactly** (every person a
source; cached in ``benchmarks/out/``), then for each sample size ``k`` and seed
the sampled estimate :func:`netan.queries.stability.betweenness_with_stability`
gives, and prints, as a Markdown table: the share of the exact top 10 and top 20
found in the estimate's top 10 / top 20, the half-sample agreement the report
prints (a lower bound), and the seconds taken. Figures go to
``benchmarks/RESULTS.md`` by hand, with the machine and date. Not collected by
pytest.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from bench_report import OUT, prepared  # noqa: E402

from netan.api import read_graph  # noqa: E402
from netan.queries.centrality import betweenness  # noqa: E402
from netan.queries.networks import person_network  # noqa: E402
from netan.queries.stability import betweenness_with_stability, top_agreement  # noqa: E402


def exact_values(network, cache: Path) -> dict:
    nodes = list(network)
    if cache.exists():
        stored = np.load(cache, allow_pickle=False)
        if "nodes" not in stored and len(stored["values"]) == len(nodes):  # an older cache,
            return dict(zip(nodes, stored["values"].tolist(), strict=True))  # in node order
        found = dict(zip(stored["nodes"].tolist(), stored["values"].tolist(), strict=True))
        if set(found) == set(map(str, nodes)):
            return {v: found[str(v)] for v in nodes}
    start = time.perf_counter()
    result = betweenness(network, mode="exact")
    print(f"exact betweenness of {len(nodes):,} people: {time.perf_counter() - start:.0f} s",
          flush=True)
    np.savez(cache, nodes=np.array([str(v) for v in nodes]),
             values=np.array([result.values[v] for v in nodes]))
    return result.values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--k", default="500,1000,2000")
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args(argv)
    db, _ = prepared(args.nodes, args.relationships)
    people = person_network(read_graph(db))
    print(f"person network: {people.number_of_nodes():,} people, "
          f"{people.number_of_edges():,} ties", flush=True)
    exact = exact_values(people, OUT / f"exact-betweenness-{args.nodes}-{args.relationships}.npz")
    ranked = sorted(exact.values(), reverse=True)
    print(f"exact top 10: {ranked[0]:.3g} .. {ranked[9]:.3g}; 20th {ranked[19]:.3g}; "
          f"100th {ranked[99]:.3g}", flush=True)
    top10 = sorted(exact, key=exact.__getitem__, reverse=True)[:10]
    print("| k | seed | top-10 of exact found | top-20 of exact found | half-sample top-20 "
          "agreement (reported) | largest error on the exact top 10 | seconds |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for k in (int(x) for x in args.k.split(",")):
        for seed in (int(x) for x in args.seeds.split(",")):
            start = time.perf_counter()
            result, stable = betweenness_with_stability(people, mode="sampled", k=k, seed=seed)
            seconds = time.perf_counter() - start
            error = max(abs(result.values[v] - exact[v]) / exact[v] for v in top10)
            a = np.array([exact[v] for v in people])
            b = np.array([result.values[v] for v in people])
            print(f"  (check: correlation of estimate and exact {np.corrcoef(a, b)[0, 1]:.3f})",
                  flush=True)
            print(f"| {k} | {seed} | {top_agreement(exact, result.values, 10):.0%} | "
                  f"{top_agreement(exact, result.values, 20):.0%} | "
                  f"{stable.agreement:.0%} | {error:.0%} | {seconds:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
