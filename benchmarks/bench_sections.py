"""Benchmark: CPU seconds of the isolated-GP and vertical-link sections and their parts.

Reads a store (default: the national synthetic one of ``bench_report.py``), builds what
the report builds before the sections (graph index, person and organisation networks,
tied pairs, top brokers), freezes the collector as the report does, then times each
function ``--repeat`` times by ``time.process_time`` (CPU seconds of this process: a
shared machine's load moves them less than wall time). ``--before PYTHON`` runs the same
measurement by that interpreter's netan and by this checkout's alternately, ``--rounds``
times each, and prints both side by side (medians and minima) for ``RESULTS.md``.

    python benchmarks/bench_sections.py [--db STORE] [--repeat 3]
        [--before /path/to/main/.venv/bin/python --rounds 2]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_DB = (Path(__file__).resolve().parent / "out" / "report-bench"
              / "national-100000-1000000-0.db")


def measure(db: str, repeat: int) -> dict[str, Any]:
    """``{function: [cpu seconds per run]}`` with this interpreter's netan."""
    import netan
    from netan.api import read_graph
    from netan.queries import (
        brokerage,
        isolation,
        networks,
        participation,
        periphery,
        policy,
        significance,
        vertical,
    )
    from netan.reporting import report

    G = read_graph(db)
    index = participation.index_graph(G)
    people = networks.person_network(G, index=index)
    organisations = networks.organisation_network(G, index=index)
    pairs = networks.tied_pairs(people)
    options = report.ReportOptions()
    nets = report.analysed_networks(G, options, index=index)
    roles = brokerage.brokerage(nets["people"].graph, options.group_by)
    top = policy.top_brokers(brokerage.brokerage_table(roles, top=policy.TOP_BROKERS))
    (first, second), _ = significance.default_comparison(G, index=index)
    grid = [(t, n) for t in report.THRESHOLDS for n in report.MISSED]
    gc.collect()
    gc.freeze()  # as the report does: the collector never walks what was read above
    parts: dict[str, Callable[[], Any]] = {
        "isolated_gps_section": lambda: report.isolated_gps_section(
            G, people, options, top, index=index, pairs=pairs),
        "isolation.isolated_gps_by_cutoffs (grid)": lambda: isolation.isolated_gps_by_cutoffs(
            G, grid, network=people, top_brokers=top, index=index),
        "isolation.places_not_taken_up (grid)": lambda: [
            isolation.places_not_taken_up(G, t, n, index=index) for t, n in grid],
        "periphery.core_periphery_table": lambda: periphery.core_periphery_table(
            people, pairs=pairs),
        "vertical_links_section": lambda: report.vertical_links_section(
            G, people, organisations, options, index=index, pairs=pairs),
        "vertical.vertical_links": lambda: vertical.vertical_links(G, index=index),
        "significance.density_difference_test": lambda: significance.density_difference_test(
            people, first, second, pairs=pairs),
    }
    cpu: dict[str, list[float]] = {}
    for name, part in parts.items():
        for _ in range(repeat):
            start = time.process_time()
            part()
            cpu.setdefault(name, []).append(time.process_time() - start)
    return {"netan": str(Path(netan.__file__).parent.parent), "load": os.getloadavg(),
            "cpu": cpu}


def side_by_side(before: str, db: str, repeat: int, rounds: int) -> str:
    """Both codes' measurements, alternately, as a Markdown table."""
    runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    for _ in range(rounds):
        for code, python in (("before", before), ("after", sys.executable)):
            out = subprocess.run([python, "-P", __file__, "--child", "--db", db,
                                  "--repeat", str(repeat)],
                                 check=True, capture_output=True, text=True).stdout
            runs[code].append(json.loads(out))
    lines = ["| function | before: median (min) | after: median (min) |", "|---|---:|---:|"]
    for name in runs["before"][0]["cpu"]:
        cells = []
        for code in ("before", "after"):
            values = [x for run in runs[code] for x in run["cpu"][name]]
            cells.append(f"{statistics.median(values):.2f} ({min(values):.2f})")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    loads = ", ".join(f"{code} {run['load'][0]:.1f}" for code in runs for run in runs[code])
    return "\n".join(lines) + f"\n\nLoad average (1 min) at the end of each run: {loads}.\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=str(DEFAULT_DB))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", default=None, help="another interpreter's netan")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.before:
        print(side_by_side(args.before, args.db, args.repeat, args.rounds))
    else:
        print(json.dumps(measure(args.db, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
