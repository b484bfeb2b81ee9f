"""Pseudonymising people: stable codes instead of staff names (``--anonymise``).

Names of staff are personal data. A pseudonymised graph has every ``Person``
node renamed to a code ``P-xxxxxxxx`` -- the first 8 hex digits of
HMAC-SHA256(salt, person id) -- used both as its id and as its name, and keeps
only the schema's properties on people and on relationships (extra input
columns, which may hold free text about a person, are dropped). Agencies,
groups and meetings keep their names: they are organisations, not people.

The same salt gives the same codes in every run, so reports over time can be
compared; the salt is kept only on the analyst's machine (see
:func:`netan.api.local_salt`), so nobody holding a report can reverse a code by
hashing a list of staff.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Hashable

import networkx as nx

from netan.graphdb.schema import NODE_LABELS, PERSON, REL_TYPES

PREFIX = "P-"


def pseudonym(person_id: Hashable, salt: bytes) -> str:
    """The stable code of ``person_id`` under ``salt``: ``P-`` and 8 hex digits."""
    digest = hmac.new(salt, str(person_id).encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:8]


def pseudonymise_graph(G: nx.MultiDiGraph, salt: bytes) -> nx.MultiDiGraph:
    """A copy of the typed graph ``G`` with every person pseudonymised (see module doc).

    Two people whose codes would collide (probability ~ n^2 / 2^33) get a
    ``-2``, ``-3``, ... suffix in id order, so the mapping stays one to one.
    """
    person_props = set(NODE_LABELS[PERSON].property_names) - {"attributes"}
    codes: dict[Hashable, str] = {}
    used: set[str] = set()
    for node in sorted((n for n, d in G.nodes(data=True) if d.get("label") == PERSON), key=str):
        code, n = pseudonym(node, salt), 1
        while code in used:
            n += 1
            code = f"{pseudonym(node, salt)}-{n}"
        used.add(code)
        codes[node] = code
    person_props.add("label")
    H = nx.MultiDiGraph()
    H.add_nodes_from(
        (codes[node], {**{k: v for k, v in data.items() if k in person_props},
                       "id": codes[node], "name": codes[node]})
        if node in codes else (node, data)
        for node, data in G.nodes(data=True))
    allowed = {name: set(rel.property_names) - {"attributes"} | {"type"}
               for name, rel in REL_TYPES.items()}
    H.add_edges_from(
        (codes.get(u, u), codes.get(v, v),
         {k: x for k, x in data.items() if k in allowed.get(data.get("type", ""), {"type"})})
        for u, v, data in G.edges(data=True))
    return H
