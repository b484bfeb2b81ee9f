"""Two-mode (affiliation) data: people by the groups or meetings they take part in.

Membership lists and attendance registers are two-mode networks: people on one
side, groups (or meetings) on the other, a tie when a person takes part
(Breiger 1974; Davis, Gardner & Gardner's 1941 Southern Women are the classic
case). netan's person network is one *projection* of them. This module gives
the others, and the two-mode degrees:

* :func:`participation` -- the two-mode graph of the typed graph: people x
  groups (taking part, by :mod:`netan.queries.networks`' rule) or people x
  meetings (present on a register);
* :func:`projection` -- one side's weighted one-mode network: two nodes are
  tied when they share a neighbour, weighted by how many they share;
* :func:`two_mode_degree` -- each node's number of ties to the other side.

Conventions: a two-mode graph is an undirected networkx graph whose nodes
carry ``bipartite`` = 0 (people) or 1 (groups, meetings), as networkx's
bipartite module expects; parallel edges count once; self-loops cannot occur.
The tests check the projections and degrees against R's igraph
(``bipartite_projection(multiplicity = TRUE)``) and networkx
(``bipartite.weighted_projected_graph``) on the Southern Women.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Literal

import networkx as nx
import numpy as np
import scipy.sparse as sp

from netan.queries import networks

__all__ = ["participation", "participation_degree", "projection", "two_mode_degree"]

Mode = Literal["groups", "meetings"]


def participation(G: nx.MultiDiGraph, mode: Mode = "groups",
                  *, index: networks.GraphIndex | None = None) -> nx.Graph:
    """The two-mode graph of who takes part in what.

    * ``mode="groups"``: people (``bipartite`` 0) and groups (``bipartite`` 1),
      tied when the person takes part in the group by the rule of
      :mod:`netan.queries.networks` (present at a meeting of a group with a
      register; else an ``ATTENDS`` row with attendance above zero; else a
      ``MEMBER_OF`` membership other than ``invited``);
    * ``mode="meetings"``: people and meetings, tied when the person was
      ``present`` at the meeting.

    Every person, and every group (or meeting), is a node, with its attributes
    and ``bipartite`` set.

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    if mode not in ("groups", "meetings"):
        raise ValueError(f"mode must be 'groups' or 'meetings', not {mode!r}")
    idx = networks.index_of(G, index)
    B = nx.Graph()
    B.add_nodes_from((p, {**data, "bipartite": 0}) for p, data in idx.people.items())
    if mode == "groups":
        B.add_nodes_from((g, {**idx.groups.get(g, {}), "bipartite": 1})
                         for g in idx.all_groups())
        for group in idx.all_groups():
            for person in idx.participants(group):
                if person in idx.people:
                    B.add_edge(person, group)
        return B
    B.add_nodes_from((m, {**data, "bipartite": 1}) for m, data in idx.meetings_info.items())
    for meeting, lines in idx.register.items():
        for person, status in lines.items():
            if status == networks.PRESENT and person in idx.people and meeting in B:
                B.add_edge(person, meeting)
    return B


def _side(B: nx.Graph, nodes: Iterable[Hashable]) -> tuple[list[Hashable], list[Hashable]]:
    chosen = list(dict.fromkeys(nodes))
    members = set(chosen)
    others = [v for v in B if v not in members]
    return chosen, others


def projection(B: nx.Graph, nodes: Iterable[Hashable]) -> nx.Graph:
    r"""The weighted projection of the two-mode graph ``B`` onto ``nodes``.

    **Definition.** With :math:`A` the ``nodes`` x others incidence matrix
    (1 when tied), the projection is :math:`P = A A^T` off the diagonal: ``u``
    and ``v`` are tied when they share at least one neighbour, and the tie's
    ``weight`` is the number they share (Breiger 1974; for people and
    meetings, the meetings both attended). Every node of ``nodes`` is kept,
    isolates included; there are no self-loops.

    Equal to igraph's ``bipartite_projection(multiplicity = TRUE)`` and to
    :func:`networkx.algorithms.bipartite.weighted_projected_graph` (tested),
    computed as one sparse product.

    Reference: Breiger, R. L. (1974). The duality of persons and groups.
    *Social Forces* 53(2), 181-190.
    """
    chosen, others = _side(B, nodes)
    row = {v: i for i, v in enumerate(chosen)}
    col = {v: j for j, v in enumerate(others)}
    r, c = [], []
    for v in chosen:
        for w in B[v]:
            if w in col:
                r.append(row[v])
                c.append(col[w])
    incidence = sp.csr_array((np.ones(len(r)), (r, c)), shape=(len(chosen), len(others)))
    incidence.sum_duplicates()
    incidence.data[:] = 1.0
    shared = sp.triu(incidence @ incidence.T, k=1).tocoo()
    P = nx.Graph()
    P.add_nodes_from((v, B.nodes[v]) for v in chosen)
    P.add_weighted_edges_from(
        (chosen[i], chosen[j], int(w)) for i, j, w in
        zip(shared.row.tolist(), shared.col.tolist(), shared.data.tolist(), strict=True)
        if w > 0)
    return P


def two_mode_degree(B: nx.Graph) -> dict[Hashable, dict[str, Any]]:
    """Each node's two-mode degree: how many nodes of the other side it is tied to.

    For a person, the groups (or meetings) they take part in; for a group or
    meeting, the people taking part. Returns ``{node: {"side": 0 or 1,
    "degree": d}}`` in ``B``'s node order (``side`` from ``bipartite``).

    Reference: Borgatti, S. P. & Everett, M. G. (1997). Network analysis of
    2-mode data. *Social Networks* 19(3), 243-269 (degree of a mode).
    """
    return {v: {"side": B.nodes[v].get("bipartite"), "degree": B.degree(v)} for v in B}


def participation_degree(G: nx.MultiDiGraph, mode: Mode = "groups",
                         *, index: networks.GraphIndex | None = None) -> dict[Hashable, int]:
    """``{node: two-mode degree}`` of :func:`participation` (``G``, ``mode``), counted
    from the index without building the two-mode graph (the same numbers as
    ``two_mode_degree(participation(G, mode))``, tested; every person and every
    group or meeting is a key, in that graph's node order).

    ``index``: ``G``'s graph index (:class:`~netan.queries.participation.GraphIndex`),
    when already read (default: read here).
    """
    if mode not in ("groups", "meetings"):
        raise ValueError(f"mode must be 'groups' or 'meetings', not {mode!r}")
    idx = networks.index_of(G, index)
    degree: dict[Hashable, int] = dict.fromkeys(idx.people, 0)
    if mode == "groups":
        for group in idx.all_groups():
            people = [p for p in idx.participants(group) if p in idx.people]
            degree[group] = degree.get(group, 0) + len(people)
            for person in people:
                degree[person] += 1
        return degree
    degree.update(dict.fromkeys(idx.meetings_info, 0))
    for meeting, lines in idx.register.items():
        if meeting not in idx.meetings_info:
            continue
        for person, status in lines.items():
            if status == networks.PRESENT and person in idx.people:
                degree[person] += 1
                degree[meeting] += 1
    return degree
