"""Time in the graph: waves kept side by side, and the graph as it stood on a date.

The schema dates organisations, groups, people and the arrangements between
them (``start_date`` / ``end_date``, both inclusive, blank = open), records the
survey ``wave`` of every relationship and the ``waves`` every node was seen in
(blank = standing data, part of every wave), and links an organisation or group
to its successor with ``SUCCEEDED_BY``. This module is what the store, the
report, the view and ``compare`` do with that:

* :func:`with_wave` stamps an import with its wave; :func:`merge_waves` puts it
  into a store's graph beside the waves already there (replacing or upserting
  that wave only);
* :func:`waves_of` names the waves of a graph; :func:`select` cuts the typed
  graph down to one wave and/or the state on one date, and recounts attendance
  from the register up to that date;
* :func:`data_of` is the inverse of :func:`netan.graphdb.graph_data.to_networkx`:
  a typed graph back to :class:`GraphData` (to write a selection, or to merge a
  wave into a Neo4j store, which has no frame reader of its own).

Everything here is pure: GraphData or a networkx graph in, a new one out.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netan.graphdb import graph_data
from netan.graphdb.graph_data import ENDPOINT_COLUMNS, GraphData
from netan.graphdb.schema import (
    ATTENDED,
    ATTENDS,
    DATED_LABELS,
    DATED_TYPES,
    END_DATE,
    HELD_BY,
    KEY,
    MEETING,
    NODE_LABELS,
    REL_TYPES,
    START_DATE,
    WAVE,
    WAVE_SEPARATOR,
    WAVES,
)

LABEL_KEY, TYPE_KEY = "label", "type"
PRESENT = "present"


class WaveError(ValueError):
    """A wave or date selection that cannot be made (one clear line for the user)."""


# ---------------------------------------------------------------------------
# Names of waves
# ---------------------------------------------------------------------------


def split_waves(value: Any) -> list[str]:
    """The wave names in a node's ``waves`` (``"1998;2001"`` -> ``["1998", "2001"]``)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [w.strip() for w in str(value).split(WAVE_SEPARATOR) if w.strip()]


def join_waves(names: Iterable[str]) -> str | None:
    """Wave names as a node's ``waves`` (first-seen order, no repeats; None when empty)."""
    unique = list(dict.fromkeys(n for n in names if n))
    return WAVE_SEPARATOR.join(unique) if unique else None


def check_wave_name(name: str) -> str:
    """``name`` stripped, or WaveError when it is blank or holds the separator."""
    name = name.strip()
    if not name or WAVE_SEPARATOR in name or "#" in name or "=" in name:
        raise WaveError(f"wave name {name!r}: give a non-empty name without "
                        f"'{WAVE_SEPARATOR}', '#' or '='")
    return name


def waves_of_data(data: GraphData) -> list[str]:
    """The waves named anywhere in ``data``, in first-seen order."""
    found: list[str] = []
    for frame in data.nodes.values():
        if WAVES in frame:
            for value in frame[WAVES].dropna().unique().tolist():
                found.extend(split_waves(value))
    for frame in data.relationships.values():
        if WAVE in frame:
            found.extend(str(v) for v in frame[WAVE].dropna().unique().tolist())
    return list(dict.fromkeys(found))


def waves_of(G: nx.MultiDiGraph) -> list[str]:
    """The waves of the typed graph ``G``, sorted (years sort by time).

    Read from the nodes only: an import stamps every node it brings with its wave
    (:func:`with_wave`), so a relationship's wave is always one of its ends'.
    """
    found: set[str] = set()
    for value in set(dict(G.nodes(data=WAVES)).values()):
        found.update(split_waves(value))
    return sorted(found, key=wave_order)


def wave_order(name: str) -> tuple[Any, ...]:
    """Sort key for wave names: numbers by value ("2" before "10"), then text."""
    parts = []
    for token in _tokens(name):
        parts.append((0, int(token), "") if token.isdigit() else (1, 0, token))
    return tuple(parts)


def _tokens(name: str) -> list[str]:
    out, current = [], ""
    for char in name:
        if current and char.isdigit() != current[-1].isdigit():
            out.append(current)
            current = ""
        current += char
    return out + ([current] if current else [])


def has_standing_data(data: GraphData) -> bool:
    """True when ``data`` has a node or relationship with no wave (standing data)."""
    nodes = any(len(f) and f[WAVES].isna().any() for f in data.nodes.values())
    return nodes or any(len(f) and f[WAVE].isna().any() for f in data.relationships.values())


# ---------------------------------------------------------------------------
# Waves in GraphData: stamping an import, merging it into a store's graph
# ---------------------------------------------------------------------------


def with_wave(data: GraphData, wave: str) -> GraphData:
    """``data`` with every node's ``waves`` and every relationship's ``wave`` set to ``wave``."""
    wave = check_wave_name(wave)
    nodes = {label: frame.assign(**{WAVES: pd.Series([wave] * len(frame), index=frame.index,
                                                     dtype=object)})
             for label, frame in data.nodes.items()}
    rels = {rel: frame.assign(**{WAVE: pd.Series([wave] * len(frame), index=frame.index,
                                                 dtype=object)})
            for rel, frame in data.relationships.items()}
    return dataclasses.replace(data, nodes=nodes, relationships=rels)


def without_waves(data: GraphData, waves: Iterable[str]) -> GraphData:
    """``data`` with the named waves taken out.

    Relationships recorded in those waves go; each node loses those waves, and a
    node left in no wave goes (a standing node, with no waves at all, stays), as
    does any relationship that loses an end.
    """
    dropped = set(waves)
    nodes: dict[str, pd.DataFrame] = {}
    for label, frame in data.nodes.items():
        before = [split_waves(v) for v in graph_data.python_values(frame[WAVES])]
        after = [[w for w in names if w not in dropped] for names in before]
        keep = np.array([not names or bool(rest) for names, rest in zip(before, after,
                                                                           strict=True)],
                        dtype=bool)
        kept = frame.assign(**{WAVES: pd.Series([join_waves(rest) for rest in after],
                                                index=frame.index, dtype=object)})
        nodes[label] = kept[keep].reset_index(drop=True)
    ids = {value for frame in nodes.values() for value in frame[KEY].tolist()}
    rels: dict[str, pd.DataFrame] = {}
    for rel, frame in data.relationships.items():
        keep = (~frame[WAVE].isin(dropped) & frame["source"].isin(ids)
                & frame["target"].isin(ids)).to_numpy(dtype=bool)
        rels[rel] = frame[keep].reset_index(drop=True)
    return GraphData(nodes=nodes, relationships=rels)


def merge_waves(old: GraphData, new: GraphData, replace: bool = True) -> GraphData:
    """``old`` (a store's graph) with the waves of ``new`` put in beside its other waves.

    ``replace``: the waves ``new`` names are first taken out of ``old``
    (:func:`without_waves`), so re-importing a wave replaces it; otherwise the
    rows are upserted into it. Nodes are matched by id: a node seen before takes
    the new row's properties and keeps the waves it was seen in (its ``waves``
    is the union); relationships are matched by endpoints and identity, which
    includes ``wave``, so another wave's rows are never touched.
    """
    from netan.graphdb.embedded import merge_graphs  # pure pandas; no database opened

    incoming = waves_of_data(new)
    base = without_waves(old, incoming) if replace else old
    seen: dict[str, list[str]] = defaultdict(list)
    for frame in (*base.nodes.values(), *new.nodes.values()):
        for node, waves in zip(graph_data.python_values(frame[KEY]),
                               graph_data.python_values(frame[WAVES]), strict=True):
            seen[node].extend(split_waves(waves))
    merged = merge_graphs(base, new)
    for label, frame in merged.nodes.items():
        merged.nodes[label] = frame.assign(**{WAVES: pd.Series(
            [join_waves(seen.get(node, [])) for node in graph_data.python_values(frame[KEY])],
            index=frame.index, dtype=object)})
    return merged


# ---------------------------------------------------------------------------
# Selecting a wave and a date from the typed graph
# ---------------------------------------------------------------------------


def check_date(text: str) -> str:
    """An ``--as-of`` date as ISO ``YYYY-MM-DD`` (a year alone means its last day)."""
    text = text.strip()
    if len(text) == 4 and text.isdigit():
        text = f"{text}-12-31"
    try:
        return pd.Timestamp(text).strftime("%Y-%m-%d") if _iso(text) else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _iso(text: str) -> bool:
    parts = text.split("-")
    return len(parts) == 3 and [len(p) for p in parts] == [4, 2, 2] and all(
        p.isdigit() for p in parts)


def _bad_date(text: str) -> str:
    raise WaveError(f"date {text!r}: write YYYY-MM-DD (e.g. 2001-04-01) or a year")


def holds_on(data: dict[str, Any], day: str) -> bool:
    """True when ``data``'s ``start_date``..``end_date`` (inclusive, blank = open) holds ``day``."""
    start, end = data.get(START_DATE), data.get(END_DATE)
    return (start is None or str(start) <= day) and (end is None or day <= str(end))


def in_wave(data: dict[str, Any], wave: str, node: bool) -> bool:
    """True when a node (``waves``) or relationship (``wave``) is part of ``wave``."""
    if node:
        names = split_waves(data.get(WAVES))
        return not names or wave in names
    found = data.get(WAVE)
    return found is None or str(found) == wave


def select(G: nx.MultiDiGraph, wave: str | None = None,
           as_of: str | None = None) -> nx.MultiDiGraph:
    """The typed graph of one ``wave`` and/or as it stood on the date ``as_of``.

    * A node is kept when it is in the wave (or standing) and, for a dated label,
      when its dates hold on ``as_of``; a meeting when it was held on or before
      ``as_of`` by a group that is kept.
    * A relationship is kept when both ends are, it is in the wave (or standing)
      and, for a dated type, its own dates hold on ``as_of``. ``SUCCEEDED_BY`` is
      kept whenever both ends are.
    * With ``as_of``, attendance aggregated from a register (``ATTENDS`` of a
      group whose meetings are in the graph) is counted again from the meetings
      held by then: ``attended``, ``held``, ``rate`` and ``last_attended`` are
      those of the register up to that date (a pair with no meeting yet loses its
      ``ATTENDS``). Aggregates imported as numbers are kept as they are.

    Raises WaveError when ``wave`` is not a wave of ``G``.
    """
    if wave is not None:
        known = waves_of(G)
        if wave not in known:
            shown = ", ".join(known) if known else "none (it was imported without --wave)"
            raise WaveError(f"no wave {wave!r} in the store; its waves: {shown}")
    day = check_date(as_of) if as_of is not None else None

    def node_kept(data: dict[str, Any]) -> bool:
        if wave is not None and not in_wave(data, wave, node=True):
            return False
        return day is None or data.get(LABEL_KEY) not in DATED_LABELS or holds_on(data, day)

    keep = {node for node, data in G.nodes(data=True) if node_kept(data)}
    meeting_group = {u: v for u, v, t in G.edges(data=TYPE_KEY) if t == HELD_BY}
    for node, data in G.nodes(data=True):
        if node in keep and data.get(LABEL_KEY) == MEETING:
            held = data.get("date")
            late = day is not None and held is not None and str(held) > day
            if late or (node in meeting_group and meeting_group[node] not in keep):
                keep.discard(node)

    H = nx.MultiDiGraph()
    H.add_nodes_from((node, dict(data)) for node, data in G.nodes(data=True) if node in keep)
    for u, v, data in G.edges(data=True):
        if u not in keep or v not in keep:
            continue
        if wave is not None and not in_wave(data, wave, node=False):
            continue
        if day is not None and data.get(TYPE_KEY) in DATED_TYPES and not holds_on(data, day):
            continue
        H.add_edge(u, v, **data)
    if day is not None:
        _recount_attendance(G, H, meeting_group)
    return H


def _recount_attendance(G: nx.MultiDiGraph, H: nx.MultiDiGraph,
                        meeting_group: dict[Any, Any]) -> None:
    """Recount ``H``'s register-based ``ATTENDS`` from the meetings ``H`` kept."""
    registered = set(meeting_group.values())  # groups with a register in the full graph
    held: dict[Any, list[str]] = defaultdict(list)
    for meeting, group in meeting_group.items():
        if meeting in H:
            held[group].append(str(H.nodes[meeting].get("date") or ""))
    present: dict[tuple[Any, Any], list[str]] = defaultdict(list)
    for person, meeting, data in H.edges(data=True):
        if data.get(TYPE_KEY) == ATTENDED and data.get("status") == PRESENT:
            present[(person, meeting_group.get(meeting))].append(
                str(H.nodes[meeting].get("date") or ""))
    stale = []
    for person, group, key, data in H.edges(keys=True, data=True):
        if data.get(TYPE_KEY) != ATTENDS or group not in registered:
            continue
        n_held = len(held.get(group, ()))
        if not n_held:
            stale.append((person, group, key))
            continue
        dates = present.get((person, group), [])
        data["attended"], data["held"] = len(dates), n_held
        data["rate"] = len(dates) / n_held
        if dates:
            data["last_attended"] = max(dates)
        else:
            data.pop("last_attended", None)
    H.remove_edges_from(stale)


# ---------------------------------------------------------------------------
# The typed graph back to GraphData
# ---------------------------------------------------------------------------


def _row(data: dict[str, Any], names: tuple[str, ...], reserved: str) -> list[Any]:
    """A node's or edge's schema values, extra keys packed back into ``attributes``."""
    values = [data.get(name) for name in names]
    extra = {k: v for k, v in data.items() if k not in names and k != reserved}
    at = names.index("attributes")
    if extra:
        packed = json.loads(values[at]) if isinstance(values[at], str) and values[at].startswith(
            "{") else {}
        packed.update(extra)
        values[at] = json.dumps(packed, ensure_ascii=False)
    return values


def data_of(G: nx.MultiDiGraph) -> GraphData:
    """The typed graph ``G`` (as ``to_networkx`` returns it) as :class:`GraphData`.

    Keys that are not schema properties (the expanded ``attributes``) are packed
    back into ``attributes``; ``data_of(to_networkx(d))`` holds what ``d`` held.
    """
    node_rows: dict[str, list[list[Any]]] = defaultdict(list)
    for node, data in G.nodes(data=True):
        label = data.get(LABEL_KEY)
        if label in NODE_LABELS:
            node_rows[label].append(_row({**data, KEY: node},
                                         NODE_LABELS[label].property_names, LABEL_KEY))
    nodes = {label: graph_data.frame_of_rows(node_rows[label], spec.properties)
             for label, spec in NODE_LABELS.items()}
    labels = dict(G.nodes(data=LABEL_KEY))
    edge_rows: dict[str, list[list[Any]]] = defaultdict(list)
    for u, v, data in G.edges(data=True):
        rel = data.get(TYPE_KEY)
        if rel in REL_TYPES:
            edge_rows[rel].append([u, labels.get(u), v, labels.get(v),
                                   *_row(data, REL_TYPES[rel].property_names, TYPE_KEY)])
    rels = {rel: graph_data.frame_of_rows(edge_rows[rel], spec.properties, ENDPOINT_COLUMNS)
            for rel, spec in REL_TYPES.items()}
    data = GraphData(nodes=nodes, relationships=rels)
    data.check_columns()
    return data
