"""Benchmark ``netan view``: build, render and time-to-interactive in headless Chromium.

    .venv/bin/python benchmarks/bench_view.py [--sizes 500,2000,20000]

For each size a synthetic partnership (``tests/browser.py: synthetic_graph``)
is built, turned into a view (``build_view``), written (``render_html``), and
opened offline in /usr/bin/chromium; "interactive" is the first
``afterDrawing`` of vis-network after the page loads, plus one zoom and redraw.
Results are printed and written to ``benchmarks/out/bench_view.json``.
Target: a 2,000-node view interactive within 3 s; 20,000 nodes open (aggregated).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import Browser, skip_reason, synthetic_graph  # noqa: E402

from netan.visualisations import build_view, write_html  # noqa: E402


def bench(sizes: list[int]) -> list[dict[str, object]]:
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    browser = None if skip_reason() else Browser()
    rows: list[dict[str, object]] = []
    try:
        for n in sizes:
            G = synthetic_graph(n)
            t0 = time.perf_counter()
            view = build_view(G)
            t1 = time.perf_counter()
            path = write_html(view, out / f"view-{n}.html")
            t2 = time.perf_counter()
            row: dict[str, object] = {
                "people": n, "drawn_nodes": len(view.nodes), "drawn_edges": len(view.edges),
                "aggregated": view.aggregated, "build_s": round(t1 - t0, 2),
                "render_s": round(t2 - t1, 2), "html_mb": round(path.stat().st_size / 1e6, 2)}
            if browser is not None:
                t3 = time.perf_counter()
                with browser.open(path) as (page, log):
                    t4 = time.perf_counter()
                    page.mouse.move(600, 400)
                    page.mouse.wheel(0, -300)
                    z0 = time.perf_counter()
                    page.evaluate("netan.network.redraw()")
                    row.update({
                        "open_to_interactive_s": round(t4 - t3, 2),
                        "script_draw_ms": round(page.evaluate("netan.drawMs")),
                        "zoom_redraw_ms": round((time.perf_counter() - z0) * 1000),
                        "blocked_requests": len(log.blocked)})
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        if browser is not None:
            browser.close()
    (out / "bench_view.json").write_text(json.dumps(rows, indent=2))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,20000")
    args = parser.parse_args()
    bench([int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    main()
