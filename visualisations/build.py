"""``build_view``: from the store's typed graph to a :class:`ViewModel` ready to draw.

The steps, each a small function of its own module:

1. note a pseudonymised graph (``netan.api`` pseudonymises as it reads the store, once
   for the report and the view alike; nothing here maps ids);
2. read the chosen network (:mod:`.networks`) and keep the chosen layers;
3. narrow to the ego network of ``focus`` (``depth`` steps, direction ignored);
4. fold into organisations or (sector, level) blocks beyond ``max_nodes`` (:mod:`.aggregate`);
5. size nodes by a metric, lay them out (:mod:`.layout`), colour and shape them
   (:mod:`.style`), mark highlighted nodes and write the legend.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Iterable, Mapping, Sequence

import networkx as nx

from netan.graphdb.schema import LAYERS, PERSON, PERSON_ROLE
from netan.queries import centrality, policy
from netan.queries.networks import organisation_network, person_network
from netan.queries.participation import GraphIndex, index_of
from netan.queries.pseudonyms import MARK as PSEUDONYMISED
from netan.queries.survey import quality_received, read_survey

from . import aggregate, layout, style
from .model import Highlight, ViewEdge, ViewModel, ViewNode
from .networks import NETWORKS, check_layers, keep_layers, view_network

SIZE_BY = ("degree", "betweenness", "brokerage", "trust", "value")
#: Sizes read from a roster survey: mean trust or value received (PARTNER composites).
SURVEY_SIZES = ("trust", "value")
LAYOUTS = ("levels", "force")
HIGHLIGHTS = tuple(style.HIGHLIGHT_STYLES)
GP = PERSON_ROLE.values[0]


def _degree(V: nx.Graph) -> dict[Hashable, float]:
    return {n: float(d) for n, d in V.degree()}


def _betweenness(V: nx.Graph) -> tuple[dict[Hashable, float], str]:
    """Betweenness as the report computes it (exact up to the policy's bound, sampled
    beyond: :mod:`netan.queries.policy`), with a note when sampled."""
    found = centrality.betweenness(V, seed=layout.SEED)
    if found.method == "exact":
        return found.values, ""
    return found.values, (f"Betweenness estimated from a sample of {found.sample_size} of "
                          f"{found.n} nodes.")


def _resolve(node: Hashable, V: nx.Graph) -> str | None:
    """The view id of a node id given with the graph (None when it is not drawn)."""
    text = str(node)
    return text if text in V else None


def resolve_focus(focus: Hashable, V: nx.Graph, network: str) -> str:
    """The node ``focus`` means: its id, else its name (any case); ValueError with the
    closest names ("did you mean") when nothing matches, or the ids when a name is shared."""
    found = _resolve(focus, V)
    if found is not None:
        return found
    wanted = " ".join(str(focus).split()).casefold()
    named = sorted(n for n, d in V.nodes(data=True)
                   if " ".join(str(d.get("name") or "").split()).casefold() == wanted)
    if len(named) == 1:
        return named[0]
    if named:
        raise ValueError(f"focus {focus!r} names {len(named)} nodes of the {network} network "
                         f"({', '.join(named[:5])}); give one of their ids")
    names = {str(d.get("name") or n): n for n, d in V.nodes(data=True)}
    by_fold = {name.casefold(): name for name in names}
    close = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.6)
    hint = ("; did you mean " + ", ".join(f"'{by_fold[c]}' ({names[by_fold[c]]})"
                                           for c in close) + "?") if close else ""
    raise ValueError(f"focus {focus!r} is not a node of the {network} network "
                     f"(give an id or a name){hint}")


def _fallback_highlights(tag: str, V: nx.Graph, G: nx.MultiDiGraph, network: str,
                         index: GraphIndex | None = None) -> tuple[list[str], str]:
    if tag == "unlinked-practices":
        if network == "people":
            return [], ""  # practices are not nodes of the person network
        return [], ("Unlinked practices are marked only from the report's analyses "
                    "(netan view and netan report supply them).")
    if tag == "isolated-gps":
        P = V if network == "people" else view_network(G, "people", index=index)
        ids = [n for n, d in P.nodes(data=True)
               if d.get("role") == GP and P.degree(n) == 0]
        return sorted(ids), ("Isolated GPs marked here are GPs with no tie in the person "
                             "network; run netan report for the full isolation analysis.")
    # the report's ranking (policy.top_brokers): people, then organisations
    derived = {"people": [person_network], "survey": [person_network],
               "organisations": [organisation_network],
               "full": [person_network, organisation_network]}[network]
    found = [_resolve(n, V) for derive in derived
             for n in policy.top_brokers(policy.broker_ranking(derive(G, index=index)))]
    return [n for n in found if n is not None], (
        f"Brokers marked here are the report's top brokers (at most {policy.TOP_BROKERS} "
        "per network, by total brokerage across sectors).")


def _fmt(value: float) -> str:
    return f"{value:.3g}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


def build_view(
    G: nx.MultiDiGraph,
    network: str = "people",
    colour_by: str = "sector",
    size_by: str = "degree",
    metrics: Mapping[str, Mapping[Hashable, float]] | None = None,
    layout_name: str = "levels",
    focus: Hashable | None = None,
    depth: int = 2,
    layers: Iterable[str] | None = None,
    highlight: Sequence[str] = HIGHLIGHTS,
    highlights: Mapping[str, Sequence[Hashable]] | None = None,
    max_nodes: int = aggregate.MAX_NODES,
    title: str | None = None,
    index: GraphIndex | None = None,
) -> ViewModel:
    """The view of ``G`` (the store's typed MultiDiGraph) described by the options.

    Parameters
    ----------
    network : ``people``, ``organisations`` or ``full`` (see :mod:`.networks`).
    colour_by : node attribute coloured by (``sector``, ``level``, ``role``).
    size_by : ``degree``, ``betweenness`` or ``brokerage``; the values come from
        ``metrics[size_by]`` (node -> value) when given, otherwise degree and
        betweenness are computed here (betweenness as the report computes it, under
        :mod:`netan.queries.policy`) and brokerage, which only the report computes,
        falls back to degree with a note.
        Aggregated nodes are sized by the number of nodes they stand for.
    metrics : extra per-node measures (name -> node -> value), shown in tooltips.
    layout_name : ``levels`` (LEVEL bands, practice at the bottom) or ``force``.
    focus, depth : draw only the nodes within ``depth`` ties of ``focus``.
    layers : keep only ties of these schema layers (None: all).
    highlight : highlight tags to show (``isolated-gps``, ``brokers``).
    highlights : tag -> node ids (from the report's analyses); a requested tag with
        no list is computed simply here (GPs with no tie; top-5 betweenness) and the
        page says so.
    max_nodes : beyond this many nodes the view is aggregated (see :mod:`.aggregate`).
    index : ``G``'s graph index (:func:`~netan.queries.participation.index_graph`), when
        already read (default: read here, once).

    Returns
    -------
    ViewModel

    Raises ValueError for an unknown network, layout, size metric, layer,
    highlight tag, or a focus node that is not in the network.
    """
    if network not in NETWORKS:
        raise ValueError(f"unknown network {network!r}; choose one of {', '.join(NETWORKS)}")
    if layout_name not in LAYOUTS:
        raise ValueError(f"unknown layout {layout_name!r}; choose one of {', '.join(LAYOUTS)}")
    if size_by not in SIZE_BY:
        raise ValueError(f"unknown size metric {size_by!r}; choose one of {', '.join(SIZE_BY)}")
    unknown_tags = [t for t in highlight if t not in HIGHLIGHTS]
    if unknown_tags:
        raise ValueError(f"unknown highlight {', '.join(unknown_tags)}; "
                         f"choose from {', '.join(HIGHLIGHTS)}")
    chosen_layers = check_layers(layers)
    notes: list[str] = []
    if G.graph.get(PSEUDONYMISED):
        notes.append("People are pseudonymised (names replaced by stable codes).")

    if network in ("people", "organisations", "survey"):
        index = index_of(G, index)  # read once for the network and the highlights
    V = keep_layers(view_network(G, network, index=index), chosen_layers)
    source_nodes, source_edges = V.number_of_nodes(), V.number_of_edges()
    if layout_name == "levels" and not any(d.get("level") for _, d in V.nodes(data=True)):
        layout_name = "force"  # one band would put every node on a single line
        notes.append("No node has a level, so the view uses the force layout.")
    if chosen_layers is not None:
        notes.append(f"Ties shown: {', '.join(chosen_layers)}.")

    if focus is not None:
        centre = resolve_focus(focus, V, network)
        V = nx.ego_graph(V, centre, radius=depth)
        notes.append(f"Focus: {V.nodes[centre]['name']} and everything within {depth} "
                     f"tie(s): {V.number_of_nodes()} of {source_nodes} nodes.")

    # metrics and highlights are read on the unfolded network
    metric_values: dict[str, dict[Hashable, float]] = {
        name: {str(k): float(v) for k, v in values.items()}
        for name, values in (metrics or {}).items()}
    if size_by in metric_values and not any(n in metric_values[size_by] for n in V):
        del metric_values[size_by]  # given for other nodes (people, not organisations)
    if size_by in SURVEY_SIZES and size_by not in metric_values:
        received = {str(row["id"]): row[size_by] for row in quality_received(read_survey(G))
                    if row[size_by] is not None}
        if received:
            metric_values[size_by] = received
            notes.append(f"Size: mean {size_by} received in the roster survey (1-4, PARTNER "
                         "composite); members nobody rated are drawn smallest.")
        else:
            notes.append(f"No {size_by} ratings in this store: nodes are sized by degree.")
    if network == "survey":
        notes.append("Survey ties: a line where either member reports working with the "
                     "other; its width is the collaboration level (0-5, the stronger of the "
                     "two ratings; Frey et al. 2006).")
    if size_by not in metric_values:
        if size_by == "betweenness":
            metric_values[size_by], note = _betweenness(V)
            if note:
                notes.append(note)
        else:
            if size_by == "brokerage":
                notes.append("Brokerage scores were not supplied: nodes are sized by degree.")
            metric_values["degree"] = _degree(V)
    size_metric = size_by if size_by in metric_values else "degree"
    metric_values.setdefault("degree", _degree(V))

    tags: dict[Hashable, list[str]] = {}
    highlight_list: list[tuple[str, str]] = []
    for tag in highlight:
        given = (highlights or {}).get(tag)
        if given is None:
            ids, note = _fallback_highlights(tag, V, G, network, index)
            if note:
                notes.append(note)
        else:
            ids = [r for r in (_resolve(n, V) for n in given) if r is not None]
        for node in dict.fromkeys(ids):  # each node once per tag
            tags.setdefault(node, []).append(tag)
            highlight_list.append((tag, node))

    names = {n: V.nodes[n]["name"] for n in V.nodes}
    shown, where, how = aggregate.shrink(V, max_nodes)
    if how:
        what = ("the organisation that employs them" if how == "organisations"
                else "blocks of one sector at one level")
        notes.insert(0, f"This network has {V.number_of_nodes():,} nodes, more than the "
                        f"{max_nodes:,} a view draws smoothly: it is aggregated, each node "
                        f"standing for {what} (size = number of nodes). Use --focus ID "
                        f"--depth 2 to see individual nodes.")
        shown, dropped = aggregate.strongest_ties(shown)
        if dropped:
            notes.insert(1, f"Only the {shown.number_of_edges():,} strongest ties between "
                            f"aggregates are drawn ({dropped:,} weaker ones are not).")
    return _assemble(
        shown, where, how, network, colour_by, size_metric, size_by, layout_name,
        metric_values, tags, highlight_list, names, notes, source_nodes, source_edges,
        title or f"netan view: {network} network")


def _assemble(V: nx.Graph, where: dict[Hashable, str], how: str, network: str,
              colour_by: str, size_metric: str, size_by: str, layout_name: str,
              metric_values: dict[str, dict[Hashable, float]],
              tags: dict[Hashable, list[str]], highlight_list: list[tuple[str, str]],
              names: dict[Hashable, str], notes: list[str], source_nodes: int,
              source_edges: int, title: str) -> ViewModel:
    if how:
        size_source = {n: float(d.get("members", 1)) for n, d in V.nodes(data=True)}
        size_label = "number of nodes it stands for"
    else:
        size_source = {n: metric_values[size_metric].get(n, 0.0) for n in V.nodes}
        size_label = size_metric
    node_sizes = style.sizes(size_source)
    colours = style.colour_map(colour_by, (d.get(colour_by) for _, d in V.nodes(data=True)))

    def level_of(n: Hashable) -> str | None:
        return V.nodes[n].get("level")

    def sector_of(n: Hashable) -> str | None:
        return V.nodes[n].get("sector")

    def organisation_of(n: Hashable) -> str | None:
        return V.nodes[n].get("agency")

    bands: list[tuple[str, float]] = []
    if layout_name == "levels":
        positions, bands = layout.levels_layout(
            V, level_of, sector_of, organisation_of,
            lambda n: node_sizes.get(n, style.MIN_SIZE))
    else:
        positions = layout.force_layout(V)

    shown_tags: dict[str, list[str]] = {}
    for node, node_tags in tags.items():
        target = where.get(node)
        if target is not None:
            for tag in node_tags:
                if tag not in shown_tags.setdefault(target, []):
                    shown_tags[target].append(tag)

    nodes: list[ViewNode] = []
    for node in sorted(V.nodes, key=str):
        data = V.nodes[node]
        label = data.get("label") or PERSON
        details: list[tuple[str, str]] = [("name", str(data.get("name") or node))]
        details.append(("type", str(data.get("kind") or label)))
        for key in ("role", "sector", "level"):
            if data.get(key):
                details.append((key, str(data[key])))
        if data.get("agency"):
            details.append(("agency", str(names.get(data["agency"], data["agency"]))))
        if how:
            details.append(("nodes", str(data.get("members", 1))))
            details.append(("ties inside", str(data.get("internal", 0))))
        else:
            for name, values in metric_values.items():
                if node in values:
                    details.append((name, _fmt(values[node])))
        for tag in shown_tags.get(node, []):
            details.append(("highlight", style.HIGHLIGHT_STYLES[tag][1]))
        x, y = positions[node]
        nodes.append(ViewNode(
            id=str(node), name=str(data.get("name") or node), label=label, x=round(x, 2),
            y=round(y, 2), size=round(node_sizes.get(node, style.MIN_SIZE), 2),
            colour=colours.get(data.get(colour_by) or style.UNKNOWN, style.UNKNOWN_COLOUR),
            shape=style.SHAPES.get(label, "dot"), sector=data.get("sector"),
            level=data.get("level"), role=data.get("role"), agency=data.get("agency"),
            metric=None if how else size_source.get(node), highlights=shown_tags.get(node, []),
            details=details, members=int(data.get("members", 1))))

    max_weight = max((sum(d["layer_weights"].values()) for _, _, d in V.edges(data=True)),
                     default=1.0)
    edges: list[ViewEdge] = []
    for u, v, data in sorted(V.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        weights = data["layer_weights"]
        main = max(sorted(weights), key=lambda k: weights[k]) if weights else ""
        colour, dashes = style.layer_style(main)
        weight = float(sum(weights.values()))
        types = data.get("types") or []
        edges.append(ViewEdge(
            source=str(u), target=str(v), layer=main, layers=sorted(weights),
            type=", ".join(types) or None, weight=weight, colour=colour,
            width=round(style.edge_width(weight, max_weight), 2), dashes=dashes,
            arrows=bool(data.get("directed"))))

    layers_present = sorted({layer for e in edges for layer in e.layers},
                            key=lambda k: (list(LAYERS).index(k) if k in LAYERS else 99, k))
    labels_present = sorted({n.label for n in nodes})
    highlight_tags = [t for t in HIGHLIGHTS if any(tag == t for tag, _ in highlight_list)]
    legend = style.legend(colour_by, colours, labels_present, layers_present, size_label,
                          highlight_tags)
    filters = {
        "sector": style.values_in_order("sector", (n.sector for n in nodes)),
        "level": style.values_in_order("level", (n.level for n in nodes)),
        "layer": layers_present,
        "role": style.values_in_order("role", (n.role for n in nodes if n.label == PERSON)),
    }
    def why(node: Hashable) -> str:
        if node in V:
            return ""
        if node in where:
            return f"inside {V.nodes[where[node]].get('name') or where[node]}"
        return "not in this view"

    highlight_rows = [Highlight(tag, str(where.get(node, node)), str(names.get(node, node)),
                                why(node)) for tag, node in highlight_list]
    sections = [(tag, style.HIGHLIGHT_HEADINGS[tag]) for tag in highlight_tags]
    return ViewModel(
        title=title, network=network, layout=layout_name, colour_by=colour_by,
        size_by=size_by, nodes=nodes, edges=edges, legend=legend, highlights=highlight_rows,
        highlight_sections=sections,
        notes=notes, filters=filters, bands=bands, aggregated=bool(how),
        source_nodes=source_nodes, source_edges=source_edges)
