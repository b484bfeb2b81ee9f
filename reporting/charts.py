"""Inline SVG charts for the HTML report: no script, no external request.

Every function takes the chart data of the report document and returns an
``<svg>`` element as text, sized for a printed page (at most :data:`PAGE_WIDTH`
CSS pixels wide, about the width of A4 inside its margins) and drawn at that
size, never stretched. Labels are measured (:func:`text_width`, a deliberately
generous estimate) so that they fit inside the image; a label too long for its
place is shortened with an ellipsis and shown whole in the tooltip. Colours come
from the colour-blind-safe Okabe-Ito palette and a sequential blue scale with a
colour key; text on a coloured cell is black or white, whichever contrasts more
(WCAG contrast of at least 4.5:1, :func:`contrast`). Labels are escaped, so a
sector or group name typed by a user is shown as text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from html import escape
from typing import Any

from netan.reporting.cells import money

#: The widest a chart is drawn, in CSS pixels (A4 portrait inside 15 mm margins).
PAGE_WIDTH = 680
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
FONT_SIZE = 11

#: Okabe & Ito's colour-blind-safe qualitative palette (black left out).
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")
#: The sequential scale of the heatmap: white to dark blue (ColorBrewer Blues).
BLUES = ((247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107))
NO_DATA = "#e0e0e0"
INK, PAPER = "#1a1a1a", "#ffffff"


# ---------------------------------------------------------------------------
# Text and colour
# ---------------------------------------------------------------------------

_NARROW = set("fijlrtI.,:;'|!()[] ")
_WIDE = set("mwMW@%—")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of ``text``'s width in pixels at font ``size`` (sans-serif).

    Per character: 0.35 em for narrow ones, 0.9 em for wide ones and capitals
    of the M/W kind, 0.62 em otherwise (real sans-serif faces average ~0.52 em).
    """
    em = sum(0.35 if c in _NARROW else 0.9 if c in _WIDE else
             0.7 if c.isupper() else 0.62 for c in text)
    return em * size


def fitted(text: str, room: float, size: float = FONT_SIZE) -> str:
    """``text``, shortened with an ellipsis until it fits in ``room`` pixels."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def words(value: Any) -> str:
    """A vocabulary value as words: ``primary_care`` -> ``primary care``."""
    return "unknown" if value is None else str(value).replace("_", " ")


def _rgb(colour: str) -> tuple[int, int, int]:
    if colour.startswith("#"):
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
    r, g, b = (int(v) for v in colour[colour.index("(") + 1:-1].split(","))
    return r, g, b


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb`` or ``rgb(r,g,b)``."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21; text needs 4.5)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on(fill: str) -> str:
    """Black or white text, whichever contrasts more with ``fill``."""
    return INK if contrast(INK, fill) >= contrast(PAPER, fill) else PAPER


def blue(share: float | None) -> str:
    """The heatmap colour of ``share`` in [0, 1] (None: no data)."""
    if share is None:
        return NO_DATA
    x = max(0.0, min(1.0, share)) * (len(BLUES) - 1)
    i = min(int(x), len(BLUES) - 2)
    t = x - i
    r, g, b = (round(a + (c - a) * t) for a, c in zip(BLUES[i], BLUES[i + 1], strict=True))
    return f"rgb({r},{g},{b})"


def _svg(kind: str, label: str, width: float, height: float) -> str:
    w, h = round(width), round(height)
    return (f'<svg class="chart {kind}" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'role="img" aria-label="{escape(label)}" font-family="{escape(FONT)}" '
            f'font-size="{FONT_SIZE}" fill="{INK}" xmlns="http://www.w3.org/2000/svg">')


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
            f'dominant-baseline="middle"{extra}>{escape(text)}</text>')


def empty(message: str) -> str:
    return f'<p class="empty">{escape(message)}</p>'


# ---------------------------------------------------------------------------
# Budget Sankey
# ---------------------------------------------------------------------------


def block_name(sector: Any, level: Any, label: Any = None) -> str:
    """A (sector, level) block as a reader names it: ``Social care, area``;
    a group target: ``Groups, area``."""
    if label == "Group":
        head = "Groups"
    else:
        head = words(sector).capitalize()
    return head if level is None else f"{head}, {words(level)}"


def sankey(flows: Sequence[dict[str, Any]], width: int = PAGE_WIDTH) -> str:
    """A two-column Sankey: funders left, recipients right, bands as wide as the amounts.

    ``flows`` are rows of :func:`netan.queries.budgets.sankey_flows` (each with
    ``amount`` >= 0 and its source and target sector, level and label).
    """
    flows = [f for f in flows if (f.get("amount") or 0) > 0]
    if not flows:
        return empty("No budget flows recorded.")

    def side(f: dict[str, Any], end: str) -> str:
        if f"{end}_sector" in f or f"{end}_level" in f:
            return block_name(f.get(f"{end}_sector"), f.get(f"{end}_level"),
                              f.get(f"{end}_label", "Agency"))
        return words(f.get(end))

    sources: dict[str, float] = defaultdict(float)
    targets: dict[str, float] = defaultdict(float)
    for f in flows:
        sources[side(f, "source")] += f["amount"]
        targets[side(f, "target")] += f["amount"]
    total = sum(sources.values())
    rows = max(len(sources), len(targets))
    gap, bar, pad = 16, 14, 6  # gap: labels of thin bands stay a line apart
    height = max(120, rows * 40 + 40)
    usable = height - 20 - gap * (rows + 1)
    scale = usable / total

    def labels(sides: dict[str, float]) -> dict[str, str]:
        return {name: f"{name} ({money(amount)})" for name, amount in sides.items()}

    left_text, right_text = labels(sources), labels(targets)
    room = (width - 220 - 2 * bar) / 2  # each label column, leaving 220 px for the bands
    left_w = min(room, max(text_width(t) for t in left_text.values()))
    right_w = min(room, max(text_width(t) for t in right_text.values()))
    x0 = pad + left_w + 6
    x1 = width - pad - right_w - 6 - bar

    def positions(sides: dict[str, float]) -> dict[str, list[float]]:
        y, out = 20.0 + gap, {}
        for name, amount in sorted(sides.items(), key=lambda kv: -kv[1]):
            out[name] = [y, y]  # top, next free offset for bands
            y += amount * scale + gap
        return out

    left, right = positions(sources), positions(targets)
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(left)}
    parts = [_svg("sankey", "Budget flows", width, height),
             _text(x0 + bar, 8, "from", "end", ' font-weight="600"'),
             _text(x1, 8, "to", "start", ' font-weight="600"')]
    bands: dict[tuple[str, str], float] = defaultdict(float)
    for f in flows:
        bands[(side(f, "source"), side(f, "target"))] += f["amount"]
    mid = (x0 + bar + x1) / 2
    for (source, target), amount in sorted(bands.items(), key=lambda kv: -kv[1]):
        h = amount * scale
        s, t = left[source], right[target]
        ya, yb = s[1], t[1]
        s[1] += h
        t[1] += h
        parts.append(
            f'<path d="M{x0 + bar:.1f},{ya:.1f} C{mid:.1f},{ya:.1f} {mid:.1f},{yb:.1f} '
            f'{x1:.1f},{yb:.1f} L{x1:.1f},{yb + h:.1f} C{mid:.1f},{yb + h:.1f} {mid:.1f},'
            f'{ya + h:.1f} {x0 + bar:.1f},{ya + h:.1f} Z" fill="{colour[source]}" '
            f'fill-opacity="0.5"><title>{escape(source)} → {escape(target)}: '
            f'{escape(money(amount))}</title></path>')
    for name, (top, _) in left.items():
        h = sources[name] * scale
        parts.append(f'<rect x="{x0:.1f}" y="{top:.1f}" width="{bar}" height="{max(h, 1):.1f}" '
                     f'fill="{colour[name]}"><title>{escape(left_text[name])}</title></rect>')
        parts.append(_text(x0 - 6, top + h / 2, fitted(left_text[name], left_w), "end"))
    for name, (top, _) in right.items():
        h = targets[name] * scale
        parts.append(f'<rect x="{x1:.1f}" y="{top:.1f}" width="{bar}" height="{max(h, 1):.1f}" '
                     f'fill="#6b6b6b"><title>{escape(right_text[name])}</title></rect>')
        parts.append(_text(x1 + bar + 6, top + h / 2, fitted(right_text[name], right_w)))
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------
# Sector x level heatmap
# ---------------------------------------------------------------------------


def heatmap(cells: Sequence[dict[str, Any]], width: int = PAGE_WIDTH) -> str:
    """A symmetric block-density matrix over (sector, level) blocks, with a colour key.

    ``cells`` are the rows of :func:`netan.queries.networks.sector_level_density`.
    The scale runs from 0 to the largest density seen; a block pair with no
    possible pairs is grey. Densities are written in the cells when they fit.
    """
    blocks: list[tuple[Any, Any]] = []
    for c in cells:
        for key in ((c["sector_a"], c["level_a"]), (c["sector_b"], c["level_b"])):
            if key not in blocks:
                blocks.append(key)
    if not blocks:
        return empty("No people to compare.")
    index = {b: i for i, b in enumerate(blocks)}
    names = {b: f"{words(b[0])}, {words(b[1])}" for b in blocks}
    n = len(blocks)
    label_w = min(190.0, max(text_width(t) for t in names.values())) + 8
    cell = max(14.0, min(34.0, (width - label_w - 10) / n))
    show_values = cell >= 28
    value_size = 9 if cell < 32 else 10
    top = label_w
    key_h = 46
    key_length = min(220.0, cell * n)
    size_w = max(label_w + cell * n + 10, label_w + _key_width(key_length) + 10)
    height = top + cell * n + key_h
    densities = [c.get("density") for c in cells if c.get("density") is not None]
    vmax = max(densities, default=0.0) or 1.0
    parts = [_svg("heatmap", "Tie density by sector and level", size_w, height)]
    for b, i in index.items():
        text = fitted(names[b], label_w - 8)
        tip = f"<title>{escape(names[b])}</title>" if text != names[b] else ""
        parts.append(f'<text x="{label_w - 6:.1f}" y="{top + i * cell + cell / 2:.1f}" '
                     f'text-anchor="end" dominant-baseline="middle">{escape(text)}{tip}</text>')
        x = label_w + i * cell + cell / 2
        parts.append(f'<text transform="translate({x:.1f},{top - 6:.1f}) rotate(-90)" '
                     f'dominant-baseline="middle">{escape(text)}{tip}</text>')
    for c in cells:
        i = index[(c["sector_a"], c["level_a"])]
        j = index[(c["sector_b"], c["level_b"])]
        d = c.get("density")
        fill = blue(None if d is None else d / vmax)
        x, y = label_w + j * cell, top + i * cell
        tip = (f'{names[blocks[i]]} × {names[blocks[j]]}: {c.get("observed")} of '
               f'{c.get("possible")} pairs tied')
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell - 1:.1f}" '
                     f'height="{cell - 1:.1f}" fill="{fill}"><title>{escape(tip)}</title></rect>')
        if show_values:
            text = "–" if d is None else f"{d:.2f}"
            parts.append(_text(x + (cell - 1) / 2, y + (cell - 1) / 2, text, "middle",
                               f' font-size="{value_size}" fill="{ink_on(fill)}"'))
    parts.append(_colour_key(label_w, top + cell * n + 14, key_length, vmax))
    parts.append("</svg>")
    return "".join(parts)


def _key_width(length: float) -> float:
    """How wide :func:`_colour_key` draws with a scale ``length`` long."""
    return text_width("tie density") + 10 + length + 16 + 14 + text_width("no pairs possible")


def _colour_key(x: float, y: float, length: float, vmax: float) -> str:
    """A horizontal key: the blue scale from 0 to ``vmax``, and the no-data grey."""
    steps = 20
    parts = [_text(x, y + 5, "tie density", "start", ' font-weight="600"')]
    x0 = x + text_width("tie density") + 10
    step = length / steps
    for k in range(steps):
        parts.append(f'<rect x="{x0 + k * step:.1f}" y="{y:.1f}" width="{step + 0.5:.1f}" '
                     f'height="10" fill="{blue(k / (steps - 1))}"/>')
    parts.append(_text(x0, y + 22, "0", "start"))
    parts.append(_text(x0 + length, y + 22, f"{vmax:.2g}", "end"))
    gx = x0 + length + 16
    parts.append(f'<rect x="{gx:.1f}" y="{y:.1f}" width="10" height="10" fill="{NO_DATA}"/>')
    parts.append(_text(gx + 14, y + 5, "no pairs possible"))
    return "".join(parts)


# ---------------------------------------------------------------------------
# Attendance-rate histogram
# ---------------------------------------------------------------------------


def histogram(values: Sequence[float], bins: int = 10, width: int = 520,
              height: int = 230) -> str:
    """Counts of ``values`` in [0, 1] in ``bins`` equal bins (1.0 in the last)."""
    if not values:
        return empty("No attendance recorded.")
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v * bins)))] += 1
    most = max(counts)
    left, right, top, bottom = 48, 24, 18, height - 40
    bar = (width - left - right) / bins
    parts = [_svg("histogram", "Attendance-rate distribution", width, height)]
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}" '
                 f'stroke="{INK}"/>')
    for i, n in enumerate(counts):
        h = (bottom - top) * n / most
        x = left + i * bar
        parts.append(f'<rect x="{x + 1:.1f}" y="{bottom - h:.1f}" width="{bar - 2:.1f}" '
                     f'height="{h:.1f}" fill="{PALETTE[0]}"><title>{i * 100 // bins}–'
                     f'{(i + 1) * 100 // bins}%: {n}</title></rect>')
        if n:
            parts.append(_text(x + bar / 2, bottom - h - 7, str(n), "middle"))
    for i in range(0, bins + 1, 2):
        parts.append(_text(left + i * bar, bottom + 10, f"{i * 100 // bins}%", "middle"))
    parts.append(_text(left + (width - left - right) / 2, height - 10,
                       "attendance rate (meetings attended of those held)", "middle"))
    parts.append(f'<text transform="translate(12,{(top + bottom) / 2:.1f}) rotate(-90)" '
                 f'text-anchor="middle" dominant-baseline="middle">members</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(chart: dict[str, Any]) -> str:
    """The SVG of one report chart, chosen by its ``kind``."""
    kinds = {"sankey": sankey, "heatmap": heatmap, "histogram": histogram}
    return kinds[chart["kind"]](chart["data"])
