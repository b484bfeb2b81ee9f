"""The view model: everything a network view shows, as plain data.

:func:`netan.visualisations.build.build_view` makes a :class:`ViewModel` from
the store's typed graph; :func:`netan.visualisations.html.render_html` and
:func:`netan.visualisations.static.render_static` draw the same model, so the
interactive page and its PNG/SVG twin share one layout, one palette and one
legend. Positions are in layout units with ``y`` pointing *up* (strategic
levels have larger ``y``); the HTML renderer flips them for the canvas.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class ViewNode:
    """One drawn node. ``label`` is the node label (Person, Agency, Group) or ``aggregate``."""

    id: str
    name: str
    label: str
    x: float
    y: float
    size: float
    colour: str
    shape: str
    sector: str | None = None
    level: str | None = None
    role: str | None = None
    agency: str | None = None
    metric: float | None = None
    #: highlight tags: "isolated-gps", "brokers", "unlinked-practices"
    highlights: list[str] = field(default_factory=list)
    #: tooltip lines (field name, value), shown as text
    details: list[tuple[str, str]] = field(default_factory=list)
    #: number of underlying nodes when this node is an aggregate
    members: int = 1


@dataclass
class ViewEdge:
    """One drawn edge; ``layers`` are the schema layers it belongs to, ``layer`` the main one."""

    source: str
    target: str
    layer: str
    layers: list[str]
    type: str | None
    weight: float
    colour: str
    width: float
    dashes: bool | list[int]
    arrows: bool = False


@dataclass
class LegendEntry:
    """A legend line: ``kind`` is colour, shape, size, edge or highlight."""

    kind: str
    text: str
    colour: str = "#666666"
    shape: str = "dot"
    dashes: bool | list[int] = False


@dataclass
class Highlight:
    """A highlighted node listed in the side panel."""

    tag: str
    id: str
    name: str
    why: str = ""


@dataclass
class ViewModel:
    """A network view ready to draw (see the module docstring)."""

    title: str
    network: str
    layout: str
    colour_by: str
    size_by: str
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    legend: list[LegendEntry]
    highlights: list[Highlight] = field(default_factory=list)
    #: the side panel's sections: (highlight tag, heading), in order
    highlight_sections: list[tuple[str, str]] = field(default_factory=list)
    #: sentences shown at the top of the page (aggregation, fallbacks, focus)
    notes: list[str] = field(default_factory=list)
    #: filter name -> values present, in vocabulary order
    filters: dict[str, list[str]] = field(default_factory=dict)
    #: level bands for the ``levels`` layout: (level, y)
    bands: list[tuple[str, float]] = field(default_factory=list)
    #: True when the nodes stand for groups of the original nodes
    aggregated: bool = False
    #: node count of the network before aggregation / focus
    source_nodes: int = 0
    source_edges: int = 0

    def to_data(self) -> dict[str, Any]:
        """The model as JSON-ready plain data (what the page's script reads).

        Shallow copies of the flat records (``dataclasses.asdict`` is ~20x slower
        on a 20,000-edge view).
        """
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("nodes", "edges", "legend", "highlights"):
            data[key] = [dict(vars(item)) for item in data[key]]
        return data
