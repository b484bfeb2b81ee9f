"""How a view looks: colours, shapes, sizes and edge styles, and the legend.

* **Colour** by a vocabulary attribute (default ``sector``): a fixed,
  colour-blind-safe palette (Okabe-Ito, then Tableau) given to the vocabulary's
  values in schema order, so ``primary_care`` is the same blue in every view;
  unknown values are grey.
* **Shape** by node label: Person dot, Agency square, Group diamond; an
  aggregate (a set of nodes drawn as one) is a hexagon.
* **Size** by a metric, on a square-root scale between :data:`MIN_SIZE` and
  :data:`MAX_SIZE` (area grows with the value).
* **Edge style** by layer (the schema groups relationship types into layers):
  colour plus a dash pattern, so the styles read in black and white too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from netan.graphdb.schema import (
    AGENCY,
    ATTENDS,
    CO_LOCATED_AT,
    EMPLOYED_BY,
    FUNDS,
    GROUP,
    LIAISES_WITH,
    MEETING,
    MEMBER_OF,
    PART_OF,
    PARTNERS_WITH,
    PERSON,
    RATES,
    REL_TYPES,
    VOCABULARIES,
)

from .model import LegendEntry

AGGREGATE = "aggregate"

#: Okabe-Ito (colour-blind safe) then Tableau 10 for longer vocabularies.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#8C564B", "#7F7F7F", "#17BECF", "#BCBD22", "#9467BD", "#1F77B4", "#FF7F0E",
    "#2CA02C", "#D62728", "#E377C2",
)
UNKNOWN_COLOUR = "#BBBBBB"
UNKNOWN = "unknown"

SHAPES: dict[str, str] = {PERSON: "dot", AGENCY: "square", GROUP: "diamond",
                          MEETING: "triangle", AGGREGATE: "hexagon"}

MIN_SIZE, MAX_SIZE = 8.0, 36.0

#: Highlight tags: ring colour and legend text. A ring is drawn around the node, so
#: the node keeps its own (sector) colour.
HIGHLIGHT_STYLES: dict[str, tuple[str, str]] = {
    "isolated-gps": ("#D00000", "isolated GP (red ring)"),
    "brokers": ("#111111", "top broker (black ring)"),
    "unlinked-practices": ("#D00000", "unlinked practice (red ring)"),
}
#: The side panel's heading for each highlight tag.
HIGHLIGHT_HEADINGS: dict[str, str] = {
    "isolated-gps": "Isolated GPs",
    "brokers": "Top brokers",
    "unlinked-practices": "Unlinked practices",
}

_LAYER_OF = {name: rel.layer for name, rel in REL_TYPES.items()}
#: layer -> (colour, dashes); dashes as vis-network dash arrays.
LAYER_STYLES: dict[str, tuple[str, bool | list[int]]] = {
    _LAYER_OF[ATTENDS]: ("#4D4D4D", False),
    _LAYER_OF[MEMBER_OF]: ("#9A9A9A", [2, 4]),
    _LAYER_OF[LIAISES_WITH]: ("#D55E00", [10, 6]),
    _LAYER_OF[CO_LOCATED_AT]: ("#009E73", [4, 3, 1, 3]),
    _LAYER_OF[FUNDS]: ("#B8860B", False),
    _LAYER_OF[PARTNERS_WITH]: ("#CC79A7", [12, 3]),
    _LAYER_OF[EMPLOYED_BY]: ("#56B4E9", [1, 3]),
    _LAYER_OF[PART_OF]: ("#444444", [6, 2]),
    _LAYER_OF[RATES]: ("#0072B2", False),
}


def values_in_order(attribute: str, present: Iterable[str | None]) -> list[str]:
    """The values of ``attribute`` seen in ``present``, in vocabulary order when it has one.

    Values outside the vocabulary follow in sorted order; None becomes ``unknown`` (last).
    """
    seen = {v if v not in (None, "") else UNKNOWN for v in present}
    vocabulary = VOCABULARIES.get(attribute) or VOCABULARIES.get(f"person_{attribute}")
    ordered = [v for v in vocabulary.values if v in seen] if vocabulary else []
    rest = sorted(v for v in seen if v not in ordered and v != UNKNOWN)
    return ordered + rest + ([UNKNOWN] if UNKNOWN in seen else [])


def colour_map(attribute: str, present: Iterable[str | None]) -> dict[str, str]:
    """A colour for each value of ``attribute``; stable per vocabulary value."""
    vocabulary = VOCABULARIES.get(attribute) or VOCABULARIES.get(f"person_{attribute}")
    fixed = list(vocabulary.values) if vocabulary else []
    colours: dict[str, str] = {}
    extra = 0
    for value in values_in_order(attribute, present):
        if value == UNKNOWN:
            colours[value] = UNKNOWN_COLOUR
        elif value in fixed:
            colours[value] = PALETTE[fixed.index(value) % len(PALETTE)]
        else:
            colours[value] = PALETTE[(len(fixed) + extra) % len(PALETTE)]
            extra += 1
    return colours


def sizes(values: dict[str, float]) -> dict[str, float]:
    """Node sizes for metric ``values``: sqrt scale onto [MIN_SIZE, MAX_SIZE].

    Missing or negative values get MIN_SIZE; when every value is equal all get
    the midpoint.
    """
    clean = {k: math.sqrt(max(float(v), 0.0)) for k, v in values.items()}
    if not clean:
        return {}
    low, high = min(clean.values()), max(clean.values())
    if high == low:
        return dict.fromkeys(clean, (MIN_SIZE + MAX_SIZE) / 2)
    return {k: MIN_SIZE + (v - low) / (high - low) * (MAX_SIZE - MIN_SIZE)
            for k, v in clean.items()}


def edge_width(weight: float, max_weight: float) -> float:
    """Edge width 1-6 on a log scale of ``weight`` against the view's largest weight."""
    if max_weight <= 1 or weight <= 1:
        return 1.0
    return 1.0 + 5.0 * math.log(weight) / math.log(max_weight)


def layer_style(layer: str) -> tuple[str, bool | list[int]]:
    """(colour, dashes) of a layer; unknown layers are grey and solid."""
    return LAYER_STYLES.get(layer, ("#777777", False))


def legend(colour_by: str, colours: dict[str, str], labels: Sequence[str],
           layers: Sequence[str], size_by: str, highlight_tags: Sequence[str]
           ) -> list[LegendEntry]:
    """The legend of a view: colours, shapes, size, edge layers and highlight rings."""
    entries = [LegendEntry("colour", f"{colour_by}: {value}", colour=colour)
               for value, colour in colours.items()]
    entries += [LegendEntry("shape", label, shape=SHAPES.get(label, "dot")) for label in labels]
    entries.append(LegendEntry("size", f"size: {size_by}"))
    for layer in layers:
        colour, dashes = layer_style(layer)
        entries.append(LegendEntry("edge", f"tie: {layer}", colour=colour, dashes=dashes))
    for tag in highlight_tags:
        colour, text = HIGHLIGHT_STYLES[tag]
        entries.append(LegendEntry("highlight", text, colour=colour))
    return entries
