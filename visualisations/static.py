"""``render_static``: the PNG / SVG twin of a view, drawn with matplotlib.

Same positions, colours, shapes, edge styles, highlight rings and legend as the
interactive page (both draw one :class:`ViewModel`), for reports and print.
Labels are drawn for views of at most :data:`LABEL_LIMIT` nodes. The format
follows the file suffix (``.png``, ``.svg``, ``.pdf``).
"""

from __future__ import annotations

from pathlib import Path

from .model import ViewModel
from .style import HIGHLIGHT_STYLES

LABEL_LIMIT = 150
_MARKERS = {"dot": "o", "square": "s", "diamond": "D", "hexagon": "h", "triangle": "^"}


def _dashes(dashes: bool | list[int]) -> str | tuple[int, tuple[int, ...]]:
    if dashes is True:
        return "--"
    if isinstance(dashes, list) and dashes:
        return (0, tuple(max(1, d // 2) for d in dashes))
    return "-"


def render_static(view: ViewModel, path: str | Path, dpi: int = 150) -> Path:
    """Draw ``view`` to ``path`` (PNG, SVG or PDF by suffix); returns the path."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = len(view.nodes)
    side = min(24.0, 8.0 + n ** 0.5 / 3)
    fig, ax = plt.subplots(figsize=(side * 1.35, side))
    where = {node.id: (node.x, node.y) for node in view.nodes}
    by_style: dict[tuple[str, str], list] = {}
    widths: dict[tuple[str, str], list[float]] = {}
    for edge in view.edges:
        key = (edge.colour, repr(_dashes(edge.dashes)))
        by_style.setdefault(key, []).append([where[edge.source], where[edge.target]])
        widths.setdefault(key, []).append(edge.width * 0.6)
    for (colour, style_key), segments in by_style.items():
        style = next(_dashes(e.dashes) for e in view.edges
                     if (e.colour, repr(_dashes(e.dashes))) == (colour, style_key))
        ax.add_collection(LineCollection(segments, colors=colour, linewidths=widths[
            (colour, style_key)], linestyles=[style], alpha=0.6, zorder=1))
    scale = 4.0 if n < 500 else 1.5
    for shape in sorted({node.shape for node in view.nodes}):
        group = [node for node in view.nodes if node.shape == shape]
        ax.scatter([g.x for g in group], [g.y for g in group],
                   s=[(g.size * scale / 2) ** 2 / 4 for g in group],
                   c=[g.colour for g in group], marker=_MARKERS.get(shape, "o"),
                   edgecolors="#333333", linewidths=0.5, zorder=2)
        ringed = [g for g in group if g.highlights]  # a ring around: the fill stays
        if ringed:
            ax.scatter([g.x for g in ringed], [g.y for g in ringed],
                       s=[(g.size * scale / 2 + 4) ** 2 / 4 for g in ringed],
                       facecolors="none", marker=_MARKERS.get(shape, "o"),
                       edgecolors=[HIGHLIGHT_STYLES[g.highlights[0]][0] for g in ringed],
                       linewidths=2.0, zorder=3)
    if n <= LABEL_LIMIT:
        for node in view.nodes:
            ax.annotate(node.name, (node.x, node.y), xytext=(0, -9), textcoords="offset points",
                        ha="center", va="top", fontsize=7, zorder=3)
    if view.bands:
        left = min((node.x for node in view.nodes), default=0.0)
        for level, y in view.bands:
            ax.text(left - 60, y, level, ha="right", va="center", fontsize=10,
                    color="#9a9a9a", fontweight="bold")
    handles = []
    for entry in view.legend:
        if entry.kind == "colour":
            handles.append(Line2D([], [], marker="o", ls="", color=entry.colour,
                                  label=entry.text))
        elif entry.kind == "shape":
            handles.append(Line2D([], [], marker=_MARKERS.get(entry.shape, "o"), ls="",
                                  color="#999999", label=entry.text))
        elif entry.kind == "edge":
            handles.append(Line2D([], [], color=entry.colour, ls=_dashes(entry.dashes),
                                  label=entry.text))
        elif entry.kind == "highlight":
            handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white",
                                  markeredgecolor=entry.colour, markeredgewidth=2.5,
                                  label=entry.text))
        else:
            handles.append(Line2D([], [], ls="", label=entry.text))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              frameon=False)
    title = view.title + ("\n" + "\n".join(view.notes[:2]) if view.notes else "")
    ax.set_title(title, fontsize=10, loc="left")
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale()
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(out, dpi=dpi if n < 3000 else 100)
    plt.close(fig)
    return out
