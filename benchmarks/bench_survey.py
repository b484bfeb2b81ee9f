"""Benchmark: the report's survey section, unweighted and weighted (issue 15).

A synthetic roster survey of ``--members`` organisations (default 300: a large
integrated care system's partnership), ``--response`` of them responding (default
0.8), each respondent rating every other member (collaboration 0-5, frequency, the
three trust and three value items; seeded), built directly as netan's typed graph.
Times :func:`netan.reporting.report.survey_section` under each non-response policy,
unweighted and with ``--weight collaboration`` and ``trust``, best of ``--repeat``.

    python benchmarks/bench_survey.py [--members 300] [--response 0.8] [--repeat 3]

Prints the Markdown for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time

import networkx as nx

from netan.graphdb.schema import SURVEY_FREQUENCY, TRUST_ITEMS, VALUE_ITEMS
from netan.reporting.report import ReportOptions, survey_section


def synthetic_survey(members: int, response: float, seed: int = 0) -> nx.MultiDiGraph:
    """A roster of ``members`` agencies; a share ``response`` rate everyone else."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    ids = [f"org-{i:04d}" for i in range(members)]
    for i, node in enumerate(ids):
        G.add_node(node, label="Agency", id=node, name=f"Organisation {i}",
                   sector=rng.choice(("commissioner", "social_care", "primary_care",
                                      "voluntary", "housing")), survey="bench")
    for node in rng.sample(ids, round(members * response)):
        for other in ids:
            if other == node:
                continue
            level = rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 5))
            rating: dict[str, object] = {"type": "RATES", "collaboration": level,
                                         "frequency": SURVEY_FREQUENCY.values[level]}
            if level:
                rating.update({item: rng.randint(1, 4) for item in (*TRUST_ITEMS,
                                                                     *VALUE_ITEMS)})
            G.add_edge(node, other, **rating)
    return G


def best(seconds: list[float]) -> float:
    return min(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--response", type=float, default=0.8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    G = synthetic_survey(args.members, args.response)
    answers = G.number_of_edges()
    print(f"{args.members} members, {answers:,} answers; {platform.processor() or 'cpu'}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}\n")
    print("| policy | unweighted s | collaboration s | trust s |")
    print("|---|---:|---:|---:|")
    for policy in ("reconstruct", "complete-case", "either", "both"):
        cells = []
        for weight in (None, "collaboration", "trust"):
            options = ReportOptions(missing=policy, weight=weight)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                survey_section(G, options)
                times.append(time.perf_counter() - start)
            cells.append(f"{best(times):.2f}")
        print(f"| {policy} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
