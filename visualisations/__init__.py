"""netan.visualisations: offline HTML network views and their static twins.

    from netan.visualisations import build_view, render_html, render_static, write_view

    view = build_view(G, network="people", size_by="betweenness", metrics={...})
    html = render_html(view)          # one self-contained page, no network access
    render_static(view, "view.png")   # the same layout with matplotlib

:func:`write_view` is the one call behind ``netan view``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from .aggregate import MAX_NODES
from .build import HIGHLIGHTS, LAYOUTS, SIZE_BY, build_view
from .html import render_html, write_html
from .model import ViewModel
from .networks import NETWORKS

if TYPE_CHECKING:
    from netan.queries.participation import GraphIndex
from .static import render_static

__all__ = [
    "HIGHLIGHTS", "LAYOUTS", "MAX_NODES", "NETWORKS", "SIZE_BY", "ViewModel", "build_view",
    "render_html", "render_static", "write_html", "write_view",
]


def write_view(
    G: nx.MultiDiGraph,
    out: str | Path = "network.html",
    *,
    network: str = "people",
    colour_by: str = "sector",
    size_by: str = "degree",
    layout: str = "levels",
    focus: Hashable | None = None,
    depth: int = 2,
    layers: Iterable[str] | None = None,
    highlight: Sequence[str] = HIGHLIGHTS,
    highlights: Mapping[str, Sequence[Hashable]] | None = None,
    metrics: Mapping[str, Mapping[Hashable, float]] | None = None,
    static: str | Path | None = None,
    index: GraphIndex | None = None,
) -> ViewModel:
    """Build the view of ``G``, write it to ``out`` (HTML) and, if given, ``static``
    (PNG/SVG by suffix); returns the :class:`ViewModel` (its ``notes`` say what was done).
    ``index``: ``G``'s graph index, when already read (see :func:`build_view`)."""
    view = build_view(G, network=network, colour_by=colour_by, size_by=size_by,
                      metrics=metrics, layout_name=layout, focus=focus, depth=depth,
                      layers=layers, highlight=highlight, highlights=highlights,
                      index=index)
    write_html(view, out)
    if static is not None:
        render_static(view, static)
    return view
