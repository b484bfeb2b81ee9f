"""Benchmark how fast the ``netan`` command starts: ``netan --help`` and ``netan query``.

    .venv/bin/python benchmarks/bench_startup.py [--runs 15]

Each run is a new process of the installed console script (``.venv/bin/netan``),
so every import is paid again ("cold" for Python; the operating system's file
cache is warm after the first run, as it is for a user typing commands). The
query is a count on the Wales example store, imported first into a temporary
folder. Prints the minimum and median wall time and the median CPU time (user +
system, which a busy machine does not inflate) of each, and the modules of
pandas, numpy, networkx and scipy that were loaded (there should be none).
Targets (issue 16): ``netan --help`` under 0.2 s, ``netan query`` under 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NETAN = Path(sys.executable).with_name("netan")
WALES = HERE.parent / "examples" / "wales-1998"
QUERY = "MATCH (p:Person {role: 'gp'}) RETURN count(p) AS gps"


def timed(args: list[str], runs: int) -> dict[str, float]:
    """Wall and CPU seconds of ``netan args`` over ``runs`` new processes."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([str(NETAN), *args], check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"min_s": min(walls), "median_s": statistics.median(walls),
            "cpu_median_s": statistics.median(cpus)}


def heavy_modules(db: Path) -> list[str]:
    """The analysis libraries a query loads (run in-process, as the console script does)."""
    probe = (
        "import sys\n"
        "from netan.cli.main import app\n"
        f"try:\n    app(['query', {QUERY!r}, '--db', {str(db)!r}], prog_name='netan')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas.core.frame', 'numpy.linalg', 'networkx.classes',"
        " 'scipy.sparse') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    return eval(done.stdout.strip().splitlines()[-1])  # a list literal we printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "wales.db"
        subprocess.run([str(NETAN), "import", str(WALES), "--db", str(db)], check=True,
                       capture_output=True)
        results = {"netan --help": timed(["--help"], runs),
                   "netan query (Wales)": timed(["query", QUERY, "--db", str(db)], runs)}
        loaded = heavy_modules(db)
    load = os.getloadavg()[0]
    print(f"{runs} runs each; load average {load:.1f}")
    print("| command | min wall (s) | median wall (s) | median CPU (s) |")
    print("|---|---:|---:|---:|")
    for name, r in results.items():
        print(f"| `{name}` | {r['min_s']:.3f} | {r['median_s']:.3f} | {r['cpu_median_s']:.3f} |")
    print(f"analysis libraries loaded by the query: {loaded or 'none'}")


if __name__ == "__main__":
    main()
