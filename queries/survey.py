"""Roster surveys: response, non-response policies and the quality of ties.

A roster survey (see :mod:`netan.importers.survey`) asks each member of a
partnership to rate every other member; its answers are the ``RATES``
relationships of the typed graph, from respondent to the one rated, and the
members asked are the agencies and people with a ``survey`` property.

Conventions
-----------
* **Reported tie.** ``i`` reports a tie to ``j`` when ``i`` rated ``j`` with
  ``collaboration`` 1 or more; where ``collaboration`` is blank, when
  ``frequency`` is given and is not ``never``; where both are blank, when any
  trust or value item is given (people rate only those they work with).
  ``collaboration`` 0 and ``frequency`` never are answers of *no* tie.
* **Respondent.** A member asked who gave at least one answer (a ``RATES``
  relationship, tie or not). Everyone else asked is a non-respondent.
* **Non-response policies** (``--missing``), after Stork & Richards (1992) and
  Huisman (2009):

  - ``complete-case``: only respondents, and the ties they report among
    themselves (directed);
  - ``reconstruct``: every member; a non-respondent ``i`` is given the tie
    ``i -> j`` whenever ``j`` reported ``j -> i``, with ``j``'s rating
    (directed);
  - ``either``: every member; ``i -- j`` when either reports it (undirected,
    the stronger of the two levels);
  - ``both``: every member; ``i -- j`` only when both report it (undirected,
    the weaker level; a non-respondent has no ties).

* **Composites** (PARTNER, Varda et al. 2008): a rating's trust score is the
  mean of the trust items it answers (reliability, shared mission, openness to
  discussion), its value score the mean of the value items (power/influence,
  involvement, resource contribution), each 1 (not at all) to 4 (a great
  deal). A member's trust *received* is the mean over the ratings they
  received that have a trust score.
* **Reciprocity** (Wasserman & Faust 1994, 13.2): among pairs of respondents
  with a tie either way, the share with ties both ways (mutual / (mutual +
  asymmetric) dyads).
* **Disagreement** (Frey et al. 2006 recommend discussing them): pairs who
  rated each other whose collaboration levels differ by ``gap`` (2) or more.

References: Frey, Lohmeier, Lee & Tollefson (2006), Measuring collaboration
among grant partners, *American Journal of Evaluation* 27(3); Varda, Chandra,
Stern & Lurie (2008), Core dimensions of connectivity in public health
collaboratives, *J Public Health Manag Pract* 14(5); Stork & Richards (1992),
Nonrespondents in communication network studies, *Group & Organization
Management* 17(2); Huisman (2009), Imputation of missing network data,
*Journal of Social Structure* 10.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from statistics import fmean
from typing import Any, Literal

import networkx as nx

from netan.graphdb.schema import COLLABORATION, RATES, TRUST_ITEMS, VALUE_ITEMS
from netan.queries.choices import ChoiceError

MissingPolicy = Literal["complete-case", "reconstruct", "either", "both"]
MISSING_POLICIES: tuple[MissingPolicy, ...] = ("complete-case", "reconstruct", "either", "both")

#: What each policy does, in a sentence for every output that uses it.
POLICY_WORDS: dict[str, str] = {
    "complete-case": "respondents only, with the ties they report among themselves",
    "reconstruct": "non-respondents' ties filled in from what others report about them",
    "either": "a tie where either of the two reports it (undirected)",
    "both": "a tie only where both report it (undirected)",
}

Rating = dict[str, Any]


def roster(G: nx.MultiDiGraph) -> list[Hashable]:
    """The members the survey asked: nodes with a ``survey`` property, in id order."""
    return sorted((n for n, d in G.nodes(data=True) if d.get("survey")), key=str)


def ratings(G: nx.MultiDiGraph) -> dict[tuple[Hashable, Hashable], Rating]:
    """Every answer, ``(respondent, rated) -> the RATES properties``."""
    return {(u, v): d for u, v, d in G.edges(data=True) if d.get("type") == RATES}


def reports_tie(rating: Rating) -> bool:
    """Whether a rating reports a working tie (see module conventions)."""
    level = rating.get("collaboration")
    if level is not None:
        return level >= 1
    frequency = rating.get("frequency")
    if frequency is not None:
        return frequency != "never"
    return any(rating.get(item) is not None for item in (*TRUST_ITEMS, *VALUE_ITEMS))


def respondents(G: nx.MultiDiGraph) -> set[Hashable]:
    """Members who gave at least one answer."""
    return {u for u, _ in ratings(G)}


def response(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Who was asked and who answered: counts, the rate and the non-respondents."""
    asked = roster(G)
    answered = respondents(G)
    missing = [n for n in asked if n not in answered]
    return {"asked": len(asked), "responded": len(asked) - len(missing),
            "rate": (len(asked) - len(missing)) / len(asked) if asked else None,
            "non_respondents": missing}


def survey_network(G: nx.MultiDiGraph, missing: MissingPolicy = "reconstruct") -> nx.Graph:
    """The network of reported ties under a non-response policy (module conventions).

    Ties carry ``collaboration`` (the level, None when not rated on that scale).
    Directed (``nx.DiGraph``) for ``complete-case`` and ``reconstruct``,
    undirected (``nx.Graph``) for ``either`` and ``both``.
    """
    if missing not in MISSING_POLICIES:
        raise ChoiceError("missing", missing, f"choose {', '.join(MISSING_POLICIES)}")
    members = roster(G)
    answered = respondents(G)
    ties = {pair: r.get("collaboration") for pair, r in ratings(G).items() if reports_tie(r)}
    if missing in ("complete-case", "reconstruct"):
        D = nx.DiGraph()
        D.add_nodes_from(n for n in members if missing == "reconstruct" or n in answered)
        for (i, j), level in ties.items():
            if i in D and j in D:
                D.add_edge(i, j, collaboration=level)
        if missing == "reconstruct":
            for (j, i), level in ties.items():
                if i not in answered and i in D and j in D:
                    D.add_edge(i, j, collaboration=level)
        return D
    U = nx.Graph()
    U.add_nodes_from(members)
    for (i, j), level in ties.items():
        if i not in U or j not in U:
            continue
        other = ties.get((j, i), _NO_TIE)
        if missing == "both" and other is _NO_TIE:
            continue
        levels = [x for x in (level, None if other is _NO_TIE else other) if x is not None]
        pick = max if missing == "either" else min
        U.add_edge(i, j, collaboration=pick(levels) if levels else None)
    return U


_NO_TIE = object()


def policy_comparison(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """The key measures under every policy, side by side (one row per policy).

    ``density`` is networkx's (ties over possible ties, directed or not);
    ``mean_degree`` counts ties in and out; ``isolates`` members with no tie.
    """
    rows = []
    for policy in MISSING_POLICIES:
        N = survey_network(G, policy)
        n = N.number_of_nodes()
        degree = [d for _, d in N.degree()]
        rows.append({"policy": policy, "directed": N.is_directed(), "members": n,
                     "ties": N.number_of_edges(), "density": nx.density(N) if n > 1 else None,
                     "mean_degree": fmean(degree) if degree else None,
                     "isolates": sum(1 for d in degree if d == 0),
                     "what": POLICY_WORDS[policy]})
    return rows


def composite(rating: Rating, items: tuple[str, ...]) -> float | None:
    """The mean of the items a rating answers (None when it answers none)."""
    given = [rating[i] for i in items if rating.get(i) is not None]
    return fmean(given) if given else None


def quality_received(G: nx.MultiDiGraph, by: str | None = None) -> list[dict[str, Any]]:
    """Mean trust and value received per member (``by=None``) or per value of node
    attribute ``by`` (e.g. ``"sector"``), with the number of ratings behind each."""
    received: dict[Any, dict[str, list[float]]] = {}
    for (_, rated), rating in ratings(G).items():
        key = rated if by is None else G.nodes[rated].get(by)
        scores = received.setdefault(key, {"trust": [], "value": [], "ratings": []})
        scores["ratings"].append(1.0)
        for name, items in (("trust", TRUST_ITEMS), ("value", VALUE_ITEMS)):
            score = composite(rating, items)
            if score is not None:
                scores[name].append(score)
    rows = []
    for key in sorted(received, key=lambda k: (k is None, str(k))):
        scores = received[key]
        row: dict[str, Any] = ({"id": key, "name": G.nodes[key].get("name"),
                                "sector": G.nodes[key].get("sector")} if by is None
                               else {by: key})
        row.update({"ratings": len(scores["ratings"]),
                    "trust": fmean(scores["trust"]) if scores["trust"] else None,
                    "trust_ratings": len(scores["trust"]),
                    "value": fmean(scores["value"]) if scores["value"] else None,
                    "value_ratings": len(scores["value"])})
        rows.append(row)
    return rows


def collaboration_levels(G: nx.MultiDiGraph, missing: MissingPolicy = "reconstruct"
                         ) -> list[dict[str, Any]]:
    """Ties at each collaboration level and the density of ties at that level or above.

    The density at level ``k`` is that of the network (under ``missing``) kept to
    ties rated ``k`` or more: how far the partnership gets at each depth of
    working together.
    """
    N = survey_network(G, missing)
    counts = Counter(d.get("collaboration") for _, _, d in N.edges(data=True))
    answers = Counter(r.get("collaboration") for r in ratings(G).values())
    rows = []
    for level in range(0, 6):
        at_least = N.edge_subgraph([(u, v) for u, v, d in N.edges(data=True)
                                    if (d.get("collaboration") or 0) >= level]).copy()
        at_least.add_nodes_from(N)
        rows.append({"level": level,
                     "name": "none" if level == 0 else COLLABORATION.values[level - 1],
                     "answers": answers.get(level, 0),
                     "ties": counts.get(level, 0) if level else None,
                     "density_at_or_above": (nx.density(at_least) if level and len(N) > 1
                                             else None)})
    return rows


def reciprocity(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Mutual and asymmetric dyads among respondents, and their ratio (module doc)."""
    D = survey_network(G, "complete-case")
    mutual = sum(1 for u, v in D.edges() if D.has_edge(v, u)) // 2
    asymmetric = sum(1 for u, v in D.edges() if not D.has_edge(v, u))
    return {"mutual": mutual, "asymmetric": asymmetric,
            "reciprocity": mutual / (mutual + asymmetric) if mutual + asymmetric else None}


def disagreements(G: nx.MultiDiGraph, gap: int = 2) -> list[dict[str, Any]]:
    """Pairs who rated each other with collaboration levels ``gap`` or more apart."""
    answers = ratings(G)
    rows = []
    for (i, j), rating in answers.items():
        back = answers.get((j, i))
        if back is None or str(i) > str(j):
            continue
        a, b = rating.get("collaboration"), back.get("collaboration")
        if a is not None and b is not None and abs(a - b) >= gap:
            rows.append({"member": i, "member_name": G.nodes[i].get("name"), "says": a,
                         "other": j, "other_name": G.nodes[j].get("name"), "other_says": b,
                         "gap": abs(a - b)})
    return sorted(rows, key=lambda r: (-r["gap"], str(r["member"]), str(r["other"])))
