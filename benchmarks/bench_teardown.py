"""Benchmark: what the JSON writer and leaving with ``os._exit`` save (issue 16).

On the national synthetic network (:func:`bench_report.prepared`, 100k nodes and 1M
relationships):

1. ``--json``: the report document written by ``json.dumps(indent=2)`` (what
   :func:`netan.reporting.tables.render_json` is) and, for comparison, by the
   hand-written indenting encoder netan used before (kept here, not in netan),
   five times each in one process; the two texts are checked equal;
2. ``--exit``: ``netan report --format json,csv`` as the console script runs it, in a
   fresh process per way of leaving -- ``os._exit`` (what :func:`netan.cli.main.run`
   does), a normal exit, and ``gc.freeze()`` then a normal exit -- timing the report
   and, separately, the seconds from the report's end until the process is gone.

    python benchmarks/bench_teardown.py [--json] [--exit] [--nodes 100000]
        [--relationships 1000000]

Prints the figures for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import OUT, prepared  # noqa: E402

_SCALARS = frozenset({str, int, float, bool, type(None)})


class IndentedJSON:
    """The encoder netan used before: ``json.dumps(o, indent=2, ensure_ascii=False,
    allow_nan=False)`` byte for byte, with containers of scalars written by the C
    encoder and the indentation as its item separator."""

    def __init__(self, indent: str = "  ") -> None:
        self.indent = indent
        self._flat: dict[int, json.JSONEncoder] = {}
        self._marked = json.JSONEncoder(ensure_ascii=False, allow_nan=False,
                                        separators=(",\x1e", ": "))

    def _encoder(self, level: int) -> json.JSONEncoder:
        if level not in self._flat:
            self._flat[level] = json.JSONEncoder(
                ensure_ascii=False, allow_nan=False,
                separators=(",\n" + self.indent * (level + 1), ": "))
        return self._flat[level]

    def encode(self, o: Any, level: int = 0) -> str:
        if isinstance(o, list | tuple):
            items: Any = o
        elif isinstance(o, dict):
            items = o.values()
        else:
            return self._encoder(level).encode(o)
        if not o:
            return "[]" if isinstance(o, list | tuple) else "{}"
        inner, outer = "\n" + self.indent * (level + 1), "\n" + self.indent * level
        if _SCALARS.issuperset(map(type, items)):
            text = self._encoder(level).encode(o)
            return f"{text[0]}{inner}{text[1:-1]}{outer}{text[-1]}"
        if isinstance(o, list | tuple) and all(
                type(v) in (list, tuple) and v and _SCALARS.issuperset(map(type, v))
                for v in o):
            cell = inner + self.indent
            text = self._marked.encode(o)
            text = text.replace("],\x1e[", f"{inner}],{inner}[{cell}").replace("\x1e", cell)
            return f"[{inner}[{cell}{text[2:-2]}{inner}]{outer}]"
        if isinstance(o, dict):
            encoder = self._encoder(level)
            parts = [f"{encoder.encode({k: None})[1:-7]}: {self.encode(v, level + 1)}"
                     for k, v in o.items()]
            return "{" + inner + ("," + inner).join(parts) + outer + "}"
        parts = [self.encode(v, level + 1) for v in o]
        return "[" + inner + ("," + inner).join(parts) + outer + "]"


def json_child(db: str, out: str) -> None:
    from netan import api
    from netan.reporting.tables import render_json

    document = api.report(db=db, out=out, formats=("json",)).document
    plain = render_json(document)
    print(f"document: {len(plain.encode()) / 1e6:.0f} MB of JSON; the two texts equal: "
          f"{IndentedJSON().encode(document) + chr(10) == plain}")
    for name, write in (("json.dumps(indent=2) (netan now)", lambda: render_json(document)),
                        ("hand-written encoder (before)",
                         lambda: IndentedJSON().encode(document))):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            write()
            times.append(time.perf_counter() - start)
        print(f"{name}: min {min(times):.2f} s, median {sorted(times)[2]:.2f} s")
    print(f"load average {os.getloadavg()[0]:.1f}")


def exit_child(db: str, out: str, mode: str) -> None:
    import gc

    from netan.cli.main import app

    try:
        app(["report", "--db", db, "--out", out, "--format", "json,csv"], prog_name="netan")
    except SystemExit:
        pass
    sys.stdout.flush()
    sys.stderr.flush()
    if mode == "freeze":
        gc.freeze()
    print(f"LEAVING {time.time():.6f}", file=sys.stderr, flush=True)
    if mode == "os._exit":
        os._exit(0)
    sys.exit(0)


def exits(db: Path) -> None:
    for mode in ("os._exit", "normal", "freeze"):
        start = time.time()
        done = subprocess.run([sys.executable, __file__, "--child", mode, str(db),
                               str(OUT / f"teardown-{mode}")], capture_output=True, text=True)
        gone = time.time()
        found = re.search(r"LEAVING (\S+)", done.stderr)
        if not found:
            raise SystemExit(done.stderr[-2000:])
        left = float(found.group(1))
        print(f"| {mode} | {left - start:.1f} | {gone - left:.2f} | "
              f"{os.getloadavg()[0]:.1f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--exit", action="store_true")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, db, out = args.child
        if mode == "json":
            json_child(db, out)
        else:
            exit_child(db, out, mode)
        return
    db, _ = prepared(args.nodes, args.relationships)
    if args.json:
        subprocess.run([sys.executable, __file__, "--child", "json", str(db),
                        str(OUT / "teardown-json")], check=True)
    if args.exit:
        print("| leaving by | report (s) | report's end to process gone (s) | load |")
        print("| --- | ---: | ---: | ---: |")
        exits(db)


if __name__ == "__main__":
    main()
