"""Benchmark: `netan import` of a national-scale network into the embedded store.

Generates the synthetic canonical folder (:mod:`synthetic`, about 100k nodes and
1M relationships), then runs the real CLI (``netan import``) in a fresh
process, so the figures include start-up, validation, the stage-and-swap write
and the final rename -- everything a user waits for. Peak memory is the child's
maximum resident set size. Target (issue 5): under 60 s and 2 GB on 2 cores.

    python benchmarks/bench_import.py [--nodes 100000] [--relationships 1000000]

Prints one Markdown table row for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402


def run_timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's peak RSS (MB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak_kb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return elapsed, peak_kb / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)
    netan = str(Path(sys.executable).with_name("netan"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "national"
        start = time.perf_counter()
        generate(folder, options.nodes, options.relationships, seed=options.seed)
        generated = time.perf_counter() - start
        db = Path(tmp) / "national.db"
        seconds, peak_mb = run_timed([netan, "import", str(folder), "--db", str(db)])
        size_mb = db.stat().st_size / 2**20
        again, again_mb = run_timed([netan, "import", str(folder), "--db", str(db),
                                     "--append"])
    load = os.getloadavg()[0]
    print(f"generated {options.nodes:,} nodes / ~{options.relationships:,} relationships "
          f"in {generated:.1f} s")
    print("| date | machine | nodes | relationships | import (s) | peak RSS (MB) | "
          "store (MB) | re-import --append (s) | load avg |")
    print(f"| {date.today()} | {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()} | {options.nodes:,} | {options.relationships:,} | "
          f"{seconds:.1f} | {peak_mb:.0f} | {size_mb:.0f} | {again:.1f} ({again_mb:.0f} MB) "
          f"| {load:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
