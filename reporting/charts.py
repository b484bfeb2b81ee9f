"""Inline SVG charts for the HTML report: no script, no external request.

Every function takes the chart data of the report document and returns an
``<svg>`` element as text. Labels are escaped, so a sector or group name typed
by a user is shown as text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from html import escape
from typing import Any

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")


def _label(value: Any) -> str:
    return escape("unknown" if value is None else str(value).replace("_", " "))


def empty(message: str) -> str:
    return f'<p class="empty">{escape(message)}</p>'


def sankey(flows: Sequence[dict[str, Any]], width: int = 760, row_height: int = 22) -> str:
    """A two-column Sankey: sources left, targets right, bands as wide as the amounts.

    ``flows`` are ``{"source", "target", "amount"}`` rows (amounts >= 0).
    """
    flows = [f for f in flows if (f.get("amount") or 0) > 0]
    if not flows:
        return empty("No budget flows recorded.")
    sources: dict[str, float] = defaultdict(float)
    targets: dict[str, float] = defaultdict(float)
    for f in flows:
        sources[str(f["source"])] += f["amount"]
        targets[str(f["target"])] += f["amount"]
    total = sum(sources.values())
    gap = 8
    height = max(len(sources), len(targets)) * (row_height + gap) + 2 * row_height
    usable = height - gap * (max(len(sources), len(targets)) + 1)
    scale = usable / total

    def positions(sides: dict[str, float]) -> dict[str, list[float]]:
        y, out = float(gap), {}
        for name, amount in sorted(sides.items(), key=lambda kv: -kv[1]):
            out[name] = [y, y]  # top, next free offset for bands
            y += amount * scale + gap
        return out

    left, right = positions(sources), positions(targets)
    x0, x1, bar = 170, width - 170, 14
    parts = [f'<svg class="chart sankey" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Budget flows" xmlns="http://www.w3.org/2000/svg">']
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(left)}
    for f in sorted(flows, key=lambda f: -f["amount"]):
        h = f["amount"] * scale
        s, t = left[str(f["source"])], right[str(f["target"])]
        ya, yb = s[1], t[1]
        s[1] += h
        t[1] += h
        mid = (x0 + bar + x1) / 2
        fill = colour[str(f["source"])]
        parts.append(
            f'<path d="M{x0 + bar},{ya} C{mid},{ya} {mid},{yb} {x1},{yb} L{x1},{yb + h} '
            f'C{mid},{yb + h} {mid},{ya + h} {x0 + bar},{ya + h} Z" '
            f'fill="{fill}" fill-opacity="0.45"><title>{_label(f["source"])} → '
            f'{_label(f["target"])}: '
            f'{f["amount"]:,.0f}</title></path>')
    for name, (top, _) in left.items():
        h = sources[name] * scale
        parts.append(f'<rect x="{x0}" y="{top}" width="{bar}" height="{max(h, 1)}" '
                     f'fill="{colour[name]}"/><text x="{x0 - 6}" y="{top + h / 2}" '
                     f'text-anchor="end" dominant-baseline="middle">{_label(name)} '
                     f'({sources[name]:,.0f})</text>')
    for name, (top, _) in right.items():
        h = targets[name] * scale
        parts.append(f'<rect x="{x1}" y="{top}" width="{bar}" height="{max(h, 1)}" '
                     f'fill="#888"/><text x="{x1 + bar + 6}" y="{top + h / 2}" '
                     f'dominant-baseline="middle">{_label(name)} ({targets[name]:,.0f})</text>')
    parts.append("</svg>")
    return "".join(parts)


def _blue(value: float | None) -> str:
    if value is None:
        return "#eee"
    shade = round(255 - 200 * max(0.0, min(1.0, value)))
    return f"rgb({shade},{shade},255)"


def heatmap(cells: Sequence[dict[str, Any]], cell: int = 34) -> str:
    """A symmetric block-density matrix over (sector, level) blocks.

    ``cells`` are the rows of :func:`netan.queries.networks.sector_level_density`.
    """
    blocks: list[tuple[Any, Any]] = []
    for c in cells:
        for key in ((c["sector_a"], c["level_a"]), (c["sector_b"], c["level_b"])):
            if key not in blocks:
                blocks.append(key)
    if not blocks:
        return empty("No people to compare.")
    index = {b: i for i, b in enumerate(blocks)}
    margin = 200
    size = margin + cell * len(blocks) + 10
    parts = [f'<svg class="chart heatmap" viewBox="0 0 {size} {size}" role="img" '
             f'aria-label="Tie density by sector and level" xmlns="http://www.w3.org/2000/svg">']
    for b, i in index.items():
        name = f"{_label(b[0])} / {_label(b[1])}"
        parts.append(f'<text x="{margin - 6}" y="{margin + i * cell + cell / 2}" '
                     f'text-anchor="end" dominant-baseline="middle">{name}</text>')
        parts.append(f'<text transform="translate({margin + i * cell + cell / 2},{margin - 6}) '
                     f'rotate(-60)">{name}</text>')
    for c in cells:
        i = index[(c["sector_a"], c["level_a"])]
        j = index[(c["sector_b"], c["level_b"])]
        d = c.get("density")
        text = "–" if d is None else f"{d:.2f}"
        parts.append(
            f'<rect x="{margin + j * cell}" y="{margin + i * cell}" width="{cell - 1}" '
            f'height="{cell - 1}" fill="{_blue(d)}"><title>{_label(c["sector_a"])} '
            f'{_label(c["level_a"])} × {_label(c["sector_b"])} {_label(c["level_b"])}: '
            f'{c.get("observed")} of {c.get("possible")} pairs tied</title></rect>'
            f'<text x="{margin + j * cell + cell / 2}" y="{margin + i * cell + cell / 2}" '
            f'text-anchor="middle" dominant-baseline="middle" font-size="10">{text}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(values: Sequence[float], bins: int = 10, width: int = 520,
              height: int = 220) -> str:
    """Counts of ``values`` in [0, 1] in ``bins`` equal bins (1.0 in the last)."""
    if not values:
        return empty("No attendance recorded.")
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v * bins)))] += 1
    top = max(counts)
    left, bottom, bar = 40, height - 30, (width - 50) / bins
    parts = [f'<svg class="chart histogram" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Attendance-rate distribution" xmlns="http://www.w3.org/2000/svg">']
    for i, n in enumerate(counts):
        h = (bottom - 10) * n / top
        parts.append(f'<rect x="{left + i * bar}" y="{bottom - h}" width="{bar - 2}" '
                     f'height="{h}" fill="{PALETTE[0]}"><title>{i / bins:.1f}–'
                     f'{(i + 1) / bins:.1f}: {n}</title></rect>'
                     f'<text x="{left + i * bar + bar / 2}" y="{bottom - h - 3}" '
                     f'text-anchor="middle" font-size="10">{n}</text>')
    for i in range(0, bins + 1, 2):
        parts.append(f'<text x="{left + i * bar}" y="{bottom + 15}" text-anchor="middle" '
                     f'font-size="10">{i / bins:.1f}</text>')
    parts.append(f'<text x="{width / 2}" y="{height - 2}" text-anchor="middle" '
                 f'font-size="11">attendance rate</text></svg>')
    return "".join(parts)


def render(chart: dict[str, Any]) -> str:
    """The SVG of one report chart, chosen by its ``kind``."""
    kinds = {"sankey": sankey, "heatmap": heatmap, "histogram": histogram,
             "small_multiples": small_multiples}
    return kinds[chart["kind"]](chart["data"])


def small_multiples(data: dict[str, Any], panel: int = 230, bar: int = 16) -> str:
    """One small bar chart per measure, a bar per site, each panel on its own scale."""
    names = [str(s) for s in data["sites"]]
    measures = data["measures"]
    if not names or not measures:
        return '<p class="empty">No sites.</p>'
    label_w, gap = 110, 24
    height = len(names) * (bar + 4) + 36
    columns = 3
    rows = -(-len(measures) // columns)
    width = columns * (panel + gap)
    parts = [f'<svg class="chart small-multiples" viewBox="0 0 {width} {rows * (height + gap)}"'
             f' role="img" aria-label="Headline measures by site" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for k, measure in enumerate(measures):
        x0, y0 = (k % columns) * (panel + gap), (k // columns) * (height + gap)
        values = [v if isinstance(v, int | float) else None for v in measure["values"]]
        top = max((v for v in values if v is not None), default=0) or 1
        parts.append(f'<text x="{x0}" y="{y0 + 14}" font-weight="600">'
                     f'{escape(measure["name"].replace("_", " "))}</text>')
        for i, (site, value) in enumerate(zip(names, values, strict=True)):
            y = y0 + 24 + i * (bar + 4)
            shown = site if len(site) <= 16 else site[:15] + "\u2026"
            parts.append(f'<text x="{x0}" y="{y + bar - 4}"><title>{escape(site)}</title>'
                         f"{escape(shown)}</text>")
            if value is None:
                parts.append(f'<text x="{x0 + label_w}" y="{y + bar - 4}" fill="#777">'
                             "n/a</text>")
                continue
            w = (panel - label_w - 40) * max(value, 0) / top
            parts.append(f'<rect x="{x0 + label_w}" y="{y}" width="{w:.1f}" height="{bar}" '
                         f'fill="#4e79a7"><title>{escape(site)}: {_number(value)}</title></rect>'
                         f'<text x="{x0 + label_w + w + 4:.1f}" y="{y + bar - 4}">'
                         f"{escape(_number(value))}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float) -> str:
    return f"{value:.2g}" if isinstance(value, float) else str(value)
