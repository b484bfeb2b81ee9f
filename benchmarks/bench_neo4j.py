"""The Neo4j store at national scale: import the synthetic network, report from it.

Usage::

    .venv/bin/python benchmarks/bench_neo4j.py [--nodes 100000] [--relationships 1000000]
        [--heap 8g] [--skip-append] [--seed 0]

Generates the synthetic partnership (``benchmarks/synthetic.py``) into
``benchmarks/out/``, starts a real Neo4j 5.26 Community (``tests/neo4j_server.py``;
build it first with ``make test`` or ``make neo4j``) -- or uses the server
``NETAN_TEST_NEO4J_URI`` names, whose database it **replaces** -- and times, each
in a fresh process like a user would run it:

1. ``netan import FOLDER --db URI --replace``;
2. ``netan report --db URI --format html,md,json,csv`` (with the view);
3. the same report from the embedded store of the same folder, as a check: the two
   ``report.json`` must be equal but for the provenance's ``store`` and clock;
4. ``netan import FOLDER --db URI --append`` of the same data (every row matched;
   ``--skip-append`` leaves it out). Last, because an append keeps one row per key
   where the synthetic data repeats a few liaison and co-location rows.

It prints one Markdown row for ``benchmarks/RESULTS.md``, with the server's peak
resident memory. Not collected by pytest (the name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from bench_report import FORMATS, run_child  # noqa: E402
from neo4j_server import LaunchedNeo4j, Neo4jServer, configured  # noqa: E402
from synthetic import generate  # noqa: E402

from netan.graphdb.neo4j_store import Neo4jStore  # noqa: E402

OUT = HERE / "out"
NETAN = str(Path(sys.executable).with_name("netan"))


def timed_netan(server: Neo4jServer, *args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one ``netan`` child talking to ``server``."""
    os.environ.update(server.environment())
    seconds, peak, _ = run_child([NETAN, *args])
    print(f"netan {' '.join(args)}: {seconds:.1f} s, {peak:.0f} MB", flush=True)
    return seconds, peak


def server_peak_mb(launched: LaunchedNeo4j | None) -> str:
    """The Neo4j JVM's peak resident memory (VmHWM), when this benchmark started it."""
    process = getattr(launched, "_process", None)
    if process is None:
        return "-"
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return f"{int(line.split()[1]) / 1024:.0f}"
    return "-"


def same_report(embedded: Path, neo4j: Path) -> bool:
    documents = []
    for folder in (embedded, neo4j):
        document = json.loads((folder / "report.json").read_text())
        document["provenance"].pop("generated_at")
        document["provenance"].pop("store")
        documents.append(document)
    return documents[0] == documents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--heap", default="8g", help="the Neo4j JVM's -Xmx (default 8g)")
    parser.add_argument("--skip-append", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    folder = OUT / f"national-{args.nodes}-{args.relationships}-{args.seed}"
    if not folder.exists():
        generate(folder, args.nodes, args.relationships, seed=args.seed)
    embedded = folder.with_suffix(".db")
    if not embedded.exists():
        run_child([NETAN, "import", str(folder), "--db", str(embedded)])

    launched = None
    server = configured()
    if server is None:  # full JIT: the quick one of the tests is slower on big imports
        launched = LaunchedNeo4j(heap=args.heap, jvm_options=())
        started = time.perf_counter()
        server = launched.start()
        print(f"Neo4j started in {time.perf_counter() - started:.1f} s at {server.uri}")
    try:
        uri = server.uri
        replace = timed_netan(server, "import", str(folder), "--db", uri, "--replace")
        with Neo4jStore(uri, user=server.user, password=server.password,
                        database=server.database) as store:
            counted = store.counts()
        n_nodes = sum(counted["nodes"].values())
        n_rels = sum(counted["relationships"].values())
        report = timed_netan(server, "report", "--db", uri, "--out", str(OUT / "neo4j-report"),
                             "--format", FORMATS)
        embedded_report = timed_netan(server, "report", "--db", str(embedded), "--out",
                                      str(OUT / "embedded-report"), "--format", FORMATS)
        same = same_report(OUT / "embedded-report", OUT / "neo4j-report")
        append: tuple[float, float] | str | None = None
        if not args.skip_append:  # last: it merges rows with the same key
            try:
                append = timed_netan(server, "import", str(folder), "--db", uri, "--append")
            except subprocess.CalledProcessError as failed:  # e.g. transaction memory
                append = "failed"
                print(f"--append failed: {failed.output.strip() or 'see above'}")
        jvm = server_peak_mb(launched)
    finally:
        if launched is not None:
            launched.stop()

    append_cell = f"{append[0]:.1f}" if isinstance(append, tuple) else append or "not run"
    print(f"\nreport.json equal from both stores (but store and clock): {same}")
    print("| date | machine | nodes | relationships | Neo4j import --replace (s, MB) | "
          "--append same data (s) | netan report from Neo4j (s, MB) | same report from "
          "embedded (s, MB) | Neo4j JVM peak RSS (MB) | load avg |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {date.today()} | {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()} | {n_nodes:,} | {n_rels:,} | "
          f"{replace[0]:.1f} ({replace[1]:.0f}) | {append_cell} | "
          f"{report[0]:.1f} ({report[1]:.0f}) | {embedded_report[0]:.1f} "
          f"({embedded_report[1]:.0f}) | {jvm} | {os.getloadavg()[0]:.1f} |")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
