"""The network each measure runs on: as directed and as weighted as the data says.

The derived networks of :mod:`netan.queries.networks` are undirected and carry
netan's own tie strength (shared meetings, contacts a month). A published
network brought in through the generic form, GraphML, GEXF, Pajek or UCINET
has its own direction and its own tie values, and an analyst expects the
measures to follow them. :func:`analysed_network` builds, from the typed graph,
the person or organisation network *as analysed*:

**Direction** (``direction=None``: as the data has it).

* Ties that come from co-attendance, co-membership, co-location and shared
  groups run both ways: they are mutual by nature.
* Ties that come from one relationship -- ``LIAISES_WITH``, ``PARTNERS_WITH``,
  ``FUNDS`` -- run from the relationship's source to its target, unless the
  relationship's ``direction`` property says ``undirected`` (then both ways).
* The network is **directed** when at least one of its relationships is
  declared ``directed`` (Gephi's Type = Directed, Pajek's ``*Arcs``, GraphML's
  ``edgedefault="directed"``, a ``direction`` column), and **undirected** when
  none is: a plain edge list does not say, and netan then reads it as
  undirected (each tie both ways), as it always has.
* ``direction="directed"`` reads every relationship not declared undirected
  as source -> target; ``direction="undirected"`` makes every tie mutual.

A directed network is a :class:`networkx.DiGraph` whose mutual ties are two
arcs; sna, igraph and networkx all read it the same way.

**Weights** (``weight=None``: unweighted). Only a named column weights a
measure: ``weight="frequency"`` reads that property (or extra input column,
matched as netan matches headers) of each relationship behind a tie. With
``weight_scale="descending"`` the codes are reversed, ``w' = max + min - w``
over the network's values, for codes where 1 means *most* (Drabek et al.'s
emergency networks code Frequency 1 = continuous contact ... 4 = about once a
day). A tie's weight is the sum over the relationships behind it (in a
directed network, behind that arc); a tie with no value in the column (a
co-attendance tie, a relationship whose cell is blank) weighs 1 -- the note
says how many. ``weight="tie_strength"`` uses netan's own tie strength
(the ``weight`` of :func:`~netan.queries.networks.person_network`).

Every :class:`AnalysedNetwork` carries sentences saying which direction and
which weights were used and why, for the report to print beside each table.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from netan.graphdb.schema import TIE_DIRECTION, normalise_token
from netan.queries import networks
from netan.queries.choices import ChoiceError

__all__ = [
    "DIRECTIONS",
    "NETWORK_KINDS",
    "TIE_STRENGTH",
    "WEIGHT_SCALES",
    "AnalysedNetwork",
    "analysed_network",
    "check_weight",
    "node_attributes",
    "resolve_attribute",
    "weight_columns",
]

NetworkKind = Literal["people", "organisations"]
NETWORK_KINDS: tuple[NetworkKind, ...] = ("people", "organisations")
DIRECTIONS = ("directed", "undirected")
WEIGHT_SCALES = ("ascending", "descending")
#: ``--weight`` value naming netan's own tie strength (shared meetings, contacts a month).
TIE_STRENGTH = "tie_strength"
#: Edge attribute of an analysed network holding the analysed weight.
WEIGHT = "weight"

DIRECTED = TIE_DIRECTION.canonical("directed")
UNDIRECTED = TIE_DIRECTION.canonical("undirected")
#: Layers whose ties come from one directed relationship (the rest are mutual).
DIRECTIONAL_LAYERS = frozenset({networks.LAYER_LIAISON, networks.LAYER_PARTNERSHIP,
                                networks.LAYER_FUNDS})
#: Node attributes that are not partitions (bookkeeping, or unique per node).
_NOT_PARTITIONS = frozenset({"id", "label", "name", "attributes"})


@dataclass(frozen=True)
class AnalysedNetwork:
    """A derived network as the measures see it (see the module docstring).

    ``graph`` is a :class:`networkx.Graph` or :class:`networkx.DiGraph` with the
    derived network's nodes and their attributes; when ``weighted``, each tie's
    ``weight`` is the analysed weight. ``declared`` counts the directional
    relationships behind the network by their declared direction (``directed``,
    ``undirected``, ``undeclared``); ``unvalued`` counts the ties (arcs) with no
    value in the weight column.
    """

    kind: NetworkKind
    graph: nx.Graph
    directed: bool
    direction_reason: str
    weight: str | None = None
    weight_scale: str = "ascending"
    declared: dict[str, int] = field(default_factory=dict)
    unvalued: int = 0

    @property
    def weighted(self) -> bool:
        return self.weight is not None

    @property
    def weight_key(self) -> str | None:
        """The edge attribute a weighted measure reads (None: unweighted)."""
        return WEIGHT if self.weighted else None

    @property
    def direction(self) -> str:
        return "directed" if self.directed else "undirected"

    @property
    def n_ties(self) -> int:
        """Ties (arcs in a directed network)."""
        return self.graph.number_of_edges()

    def weight_note(self) -> str:
        """One sentence: which weights the weighted measures used."""
        if not self.weighted:
            return "unweighted (every tie counts 1; name a column with --weight to weigh ties)"
        if self.weight == TIE_STRENGTH:
            return "weighted by netan's tie strength (shared meetings, contacts a month)"
        scale = (f"{self.weight_scale} (1 = most, reversed as max + min - value)"
                 if self.weight_scale == "descending" else "ascending")
        note = f"weighted by {self.weight}, {scale}"
        if self.unvalued:
            unit = "arcs" if self.directed else "ties"
            note += f"; {self.unvalued} {unit} with no {self.weight} value weigh 1"
        return note

    def describe(self) -> str:
        """One sentence: direction (and why) and weights."""
        return f"{self.direction} ({self.direction_reason}); {self.weight_note()}"


# ---------------------------------------------------------------------------
# Attributes
# ---------------------------------------------------------------------------


def node_attributes(graphs: Iterable[nx.Graph]) -> list[str]:
    """The node attributes present in ``graphs`` that can partition them, sorted."""
    found: set[str] = set()
    for graph in graphs:
        for _, data in graph.nodes(data=True):
            found.update(k for k, v in data.items() if v is not None)
    return sorted(found - _NOT_PARTITIONS)


def resolve_attribute(name: str, graphs: Iterable[nx.Graph]) -> str:
    """The node attribute ``name`` stands for in ``graphs`` (exactly, else matched as
    netan matches column headers: ``"Sponsorship"`` is ``sponsorship``).

    Raises ValueError naming the attributes present when none matches.
    """
    graphs = list(graphs)
    present = node_attributes(graphs)
    if name in present:
        return name
    wanted = normalise_token(name)
    for attribute in present:
        if normalise_token(attribute) == wanted:
            return attribute
    listed = ", ".join(present) if present else "none"
    raise ChoiceError("group_by", name, "no node has this attribute; the attributes "
                      f"present are: {listed}")


# ---------------------------------------------------------------------------
# Building the analysed network
# ---------------------------------------------------------------------------


def _directional_ties(idx: networks.GraphIndex, kind: NetworkKind
                      ) -> Iterator[tuple[Hashable, Hashable, dict[str, Any]]]:
    """``(source, target, relationship properties)`` of the network's directed ties."""
    if kind == "people":
        yield from networks.person_liaison_ties(idx)
    else:
        for u, v, _, data in networks.organisation_directed_ties(idx):
            yield u, v, data


def _directional_relationships(idx: networks.GraphIndex, kind: NetworkKind
                               ) -> Iterator[dict[str, Any]]:
    """The properties of each stored relationship behind the network's directed ties
    (one per relationship, however many ties it makes): what ``declared`` counts."""
    if kind == "people":
        yield from (data for person, _, data in idx.liaisons if person in idx.people)
        return
    yield from (data for u, v, data in idx.partnerships if u in idx.agencies)
    yield from (data for u, v, data in idx.funds if v in idx.agencies)
    yield from (data for person, target, data in idx.liaisons if idx.employers.get(person)
                and (target in idx.agencies or idx.employers.get(target)))


def _declared(data: dict[str, Any]) -> str:
    value = data.get("direction")
    if value is None:
        return "undeclared"
    return TIE_DIRECTION.canonical(str(value)) or "undeclared"


def _column_value(data: dict[str, Any], column: str) -> Any:
    """The relationship's value in ``column`` (matched as headers are), else None."""
    if column in data:
        return data[column]
    wanted = normalise_token(column)
    for key, value in data.items():
        if normalise_token(str(key)) == wanted:
            return value
    return None


def _number(value: Any, column: str, u: Hashable, v: Hashable) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise ChoiceError("weight", column, f"the tie {u} -> {v} has {value!r}, not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ChoiceError("weight", column,
                          f"the tie {u} -> {v} has {value!r}, not a number") from None
    if math.isnan(number):
        return None
    if number < 0:
        raise ChoiceError("weight", column, f"the tie {u} -> {v} has {number:g}; weights "
                          "must not be negative")
    return number


def analysed_network(
    G: nx.MultiDiGraph,
    kind: NetworkKind = "people",
    direction: str | None = None,
    weight: str | None = None,
    weight_scale: str = "ascending",
    *,
    index: networks.GraphIndex | None = None,
) -> AnalysedNetwork:
    """The person or organisation network of ``G`` as analysed (module docstring).

    Parameters
    ----------
    G : the typed graph from the store.
    kind : ``"people"`` (:func:`~netan.queries.networks.person_network`) or
        ``"organisations"`` (:func:`~netan.queries.networks.organisation_network`).
    direction : None (as the data has it), ``"directed"`` or ``"undirected"``.
    weight : None (unweighted), a relationship column, or :data:`TIE_STRENGTH`.
    weight_scale : ``"ascending"`` (larger is stronger) or ``"descending"``.
    index : ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
        when already read (default: read here).

    Raises ValueError for an unknown direction or scale, a weight column no
    relationship behind the network has (naming those present is the caller's
    job: see :func:`weight_columns`), or a value that is not a non-negative number.
    """
    if kind not in NETWORK_KINDS:
        raise ValueError(f"network must be one of {', '.join(NETWORK_KINDS)}, not {kind!r}")
    if direction is not None and direction not in DIRECTIONS:
        raise ChoiceError("direction", direction, "choose directed or undirected")
    if weight_scale not in WEIGHT_SCALES:
        raise ChoiceError("weight_scale", weight_scale, "choose ascending or descending")
    idx = networks.index_of(G, index)
    base = (networks.person_network(G, index=idx) if kind == "people"
            else networks.organisation_network(G, index=idx))
    declared = Counter(_declared(data) for data in _directional_relationships(idx, kind))
    declared_counts = {k: declared.get(k, 0) for k in ("directed", "undirected", "undeclared")}
    if direction is None:
        directed = declared["directed"] > 0
        reason = (f"as the data has it: {declared['directed']} tie(s) declared directed"
                  if directed else "as the data has it: no tie is declared directed")
    else:
        directed = direction == "directed"
        reason = f"--direction {direction}"
    if not directed and weight in (None, TIE_STRENGTH):
        return AnalysedNetwork(kind, base, False, reason, weight, weight_scale,
                               declared_counts)
    ties = list(_directional_ties(idx, kind))
    values = _scaled_values(ties, weight, weight_scale)
    graph, unvalued = (_directed_graph(base, ties, values) if directed
                       else _undirected_graph(base, ties, values))
    if weight == TIE_STRENGTH:
        unvalued = 0
        for *_, data in graph.edges(data=True):
            data[WEIGHT] = data["tie_strength"]
    return AnalysedNetwork(kind, graph, directed, reason, weight, weight_scale,
                           declared_counts, unvalued)


def _scaled_values(ties: list[tuple[Hashable, Hashable, dict[str, Any]]], weight: str | None,
                   scale: str) -> list[float | None]:
    """Each directional tie's weight on the chosen scale (None: no value)."""
    if weight is None or weight == TIE_STRENGTH:
        return [None] * len(ties)
    raw = [_number(_column_value(data, weight), weight, u, v) for u, v, data in ties]
    known = [x for x in raw if x is not None]
    if scale == "descending" and known:
        top, bottom = max(known), min(known)
        return [None if x is None else top + bottom - x for x in raw]
    return raw


def _strength(data: dict[str, Any], layers: Iterable[str]) -> float:
    """netan's tie strength of ``layers`` of a derived tie."""
    layer_weights = data.get("layer_weights") or {}
    return float(sum(layer_weights.get(layer, 0) for layer in layers))


def _directed_graph(base: nx.Graph, ties: list[tuple[Hashable, Hashable, dict[str, Any]]],
                    values: list[float | None]) -> tuple[nx.DiGraph, int]:
    """Mutual layers both ways, directional relationships as declared (module doc)."""
    D = nx.DiGraph()
    D.add_nodes_from(base.nodes(data=True))
    unvalued: set[tuple[Hashable, Hashable]] = set()
    strength: dict[tuple[Hashable, Hashable], float] = {}
    for u, v, data in base.edges(data=True):
        mutual = [layer for layer in data.get("layers", ()) if layer not in DIRECTIONAL_LAYERS]
        if mutual:
            for arc in ((u, v), (v, u)):
                _add_arc(D, *arc, None)
                unvalued.add(arc)
                strength[arc] = strength.get(arc, 0.0) + _strength(data, mutual)
    for (u, v, data), value in zip(ties, values, strict=True):
        arcs = [(u, v), (v, u)] if _declared(data) == UNDIRECTED else [(u, v)]
        for arc in arcs:
            _add_arc(D, *arc, value)
            if value is None:
                unvalued.add(arc)
            strength[arc] = strength.get(arc, 0.0) + networks._frequency(data)
    _finish_weights(D, unvalued, strength)
    return D, len(unvalued)


def _undirected_graph(base: nx.Graph, ties: list[tuple[Hashable, Hashable, dict[str, Any]]],
                      values: list[float | None]) -> tuple[nx.Graph, int]:
    """The derived (undirected) ties, weighted by the column (module doc)."""
    H = nx.Graph()
    H.add_nodes_from(base.nodes(data=True))
    unvalued: set[tuple[Hashable, Hashable]] = set()
    strength: dict[tuple[Hashable, Hashable], float] = {}
    for u, v, data in base.edges(data=True):
        key = _pair(u, v)
        strength[key] = float(data.get("weight", 1))
        if any(layer not in DIRECTIONAL_LAYERS for layer in data.get("layers", ())):
            _add_arc(H, u, v, None)
            unvalued.add(key)
    for (u, v, _), value in zip(ties, values, strict=True):
        _add_arc(H, u, v, value)
        if value is None:
            unvalued.add(_pair(u, v))
    _finish_weights(H, unvalued, strength, pair=True)
    return H, len(unvalued)


def _pair(u: Hashable, v: Hashable) -> tuple[Hashable, Hashable]:
    return (u, v) if str(u) <= str(v) else (v, u)


def _add_arc(graph: nx.Graph, u: Hashable, v: Hashable, value: float | None) -> None:
    """Add ``value`` (when known) to the tie ``u - v`` / arc ``u -> v``."""
    if u == v:
        return
    data = graph.get_edge_data(u, v)
    if data is None:
        graph.add_edge(u, v, **{WEIGHT: 0.0, "_values": 0})
        data = graph.get_edge_data(u, v)
    if value is not None:
        data[WEIGHT] += value
        data["_values"] += 1


def _finish_weights(graph: nx.Graph, unvalued: set[tuple[Hashable, Hashable]],
                    strength: dict[tuple[Hashable, Hashable], float], pair: bool = False
                    ) -> None:
    """Ties with no value weigh 1 (plus any values they have); keep netan's strength.

    ``unvalued`` is reduced to the ties (arcs) that have no value at all."""
    for u, v, data in graph.edges(data=True):
        key = _pair(u, v) if pair else (u, v)
        counted = data.pop("_values")
        if counted and key in unvalued:
            unvalued.discard(key)  # a valued relationship beside a mutual layer
            data[WEIGHT] += 1.0
        elif not counted:
            data[WEIGHT] = 1.0
        data["tie_strength"] = strength.get(key, 1.0)
    stale = [key for key in unvalued if not graph.has_edge(*key)]
    for key in stale:
        unvalued.discard(key)


def weight_columns(G: nx.MultiDiGraph, *, index: networks.GraphIndex | None = None) -> list[str]:
    """The columns with a number on at least one directional relationship
    (liaison, partnership, funding) of ``G``: the candidates for ``--weight``.

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    idx = networks.index_of(G, index)
    found: set[str] = set()
    for _, _, data in (*idx.liaisons, *idx.partnerships, *idx.funds):
        for key, value in data.items():
            if key in ("type", "direction", "id") or isinstance(value, bool):
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            if not math.isnan(number):
                found.add(str(key))
    return sorted(found)


def check_weight(G: nx.MultiDiGraph, weight: str | None, *,
                 index: networks.GraphIndex | None = None) -> str | None:
    """``weight`` as the column it names on ``G``'s ties (matched as headers are), or
    None / :data:`TIE_STRENGTH`; ValueError listing the numeric columns otherwise.

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    if weight is None or weight == TIE_STRENGTH:
        return weight
    present = weight_columns(G, index=index)
    wanted = normalise_token(weight)
    for column in present:
        if column == weight or normalise_token(column) == wanted:
            return column
    listed = ", ".join(present) if present else "none"
    raise ChoiceError("weight", weight, "no tie has a number in this column; the numeric "
                      f"columns on the ties are: {listed} (or {TIE_STRENGTH} for netan's "
                      "own tie strength)")
