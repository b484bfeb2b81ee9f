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
* **Weights** are declared, never guessed (``--weight``, :data:`SURVEY_WEIGHTS`):
  ``collaboration`` (0-5), ``frequency`` (coded 0 never ... 5 daily), the
  ``trust`` and ``value`` composites (1-4) or one trust or value item (1-4); all
  ascending (larger = more). A tie's weight is its rating's value; where a
  policy merges two reports (``either``, ``both``) it takes the larger or the
  smaller value, as it does the level. A reported tie with no value in the
  weight (a tie reported by its frequency, rated on no trust item) weighs
  :data:`UNVALUED_WEIGHT` = 1, the lowest value of a working tie on every one of
  these scales; the outputs say how many ties did.
* **Weighted measures** on the network of a policy, with ``w_ij`` the weight of
  the tie ``i -> j`` (0 where there is none), ``n`` members and ``D`` possible
  dyads (``n(n-1)`` directed, ``n(n-1)/2`` undirected):

  - strength in ``s_in(i) = sum_j w_ji``, out ``s_out(i) = sum_j w_ij``, and
    total ``s_in + s_out`` when directed, ``sum_j w_ij`` when undirected
    (Barrat et al. 2004; networkx's and igraph's ``strength``);
  - weighted density ``sum w / D``: the mean tie weight over all possible
    dyads, non-ties counting 0 (Wasserman & Faust 1994, 4.5, for valued
    relations), and the mean weight of the ties present ``sum w / ties``;
  - weighted reciprocity among respondents (Squartini, Picciolo, Ruzzenenti &
    Garlaschelli 2013): ``r = sum_{i != j} min(w_ij, w_ji) / sum_{i != j} w_ij``,
    the share of the total weight that is reciprocated. With every weight 1 it
    is the share of *arcs* reciprocated, ``2M / (2M + A)`` (networkx's
    ``reciprocity``), not the dyad share ``M / (M + A)`` above.

  Collaboration levels (a count per level), composites and disagreements are
  about the ratings themselves and do not change with the weight.

Each measure takes what it is defined on, read or built once and passed along: the
survey as the graph holds it (:class:`RosterSurvey`, :func:`read_survey`) and the
network of a policy (:func:`survey_network`; :func:`policy_networks` for all four).

References: Frey, Lohmeier, Lee & Tollefson (2006), Measuring collaboration
among grant partners, *American Journal of Evaluation* 27(3); Varda, Chandra,
Stern & Lurie (2008), Core dimensions of connectivity in public health
collaboratives, *J Public Health Manag Pract* 14(5); Stork & Richards (1992),
Nonrespondents in communication network studies, *Group & Organization
Management* 17(2); Huisman (2009), Imputation of missing network data,
*Journal of Social Structure* 10; Squartini, Picciolo, Ruzzenenti & Garlaschelli
(2013), Reciprocity of weighted networks, *Scientific Reports* 3, 2729; Barrat,
Barthelemy, Pastor-Satorras & Vespignani (2004), The architecture of complex
weighted networks, *PNAS* 101(11).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any, Literal

import networkx as nx

from netan.graphdb.schema import (
    COLLABORATION,
    RATES,
    SURVEY_FREQUENCY,
    TRUST_ITEMS,
    VALUE_ITEMS,
    normalise_token,
)
from netan.queries import structure
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

#: The ratings ``--weight`` can name on a survey, and their scales (all ascending).
SURVEY_WEIGHTS: dict[str, str] = {
    "collaboration": "0 none, 1 networking ... 5 collaboration; Frey et al. 2006",
    "frequency": "0 never, 1 yearly, 2 quarterly, 3 monthly, 4 weekly, 5 daily; the answers "
                 "coded in order",
    "trust": "1 not at all ... 4 a great deal, the mean of the trust items answered: "
             "reliability, shared mission, openness to discussion; PARTNER, Varda et al. 2008",
    "value": "1 not at all ... 4 a great deal, the mean of the value items answered: power "
             "and influence, involvement, resource contribution; PARTNER, Varda et al. 2008",
    **{item: f"1 not at all ... 4 a great deal, one PARTNER {item.split('_')[0]} item; "
             "Varda et al. 2008" for item in (*TRUST_ITEMS, *VALUE_ITEMS)},
}
#: The weight of a reported tie with no value in the weight (see the module doc).
UNVALUED_WEIGHT = 1.0


Pair = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class RosterSurvey:
    """A roster survey as the typed graph holds it, read once (:func:`read_survey`) and
    passed along to each measure below."""

    #: the members the survey asked: nodes with a ``survey`` property, in id order
    members: list[Hashable]
    #: every answer, ``(respondent, rated) -> the RATES properties``
    answers: dict[Pair, Rating]
    #: members who gave at least one answer (a tie or not)
    respondents: set[Hashable]
    #: the answers that report a working tie (:func:`reports_tie`)
    ties: dict[Pair, Rating]
    #: every node's attributes (``name``, ``sector``, ...), as ``G.nodes``
    nodes: Mapping[Hashable, Mapping[str, Any]]


def read_survey(G: nx.MultiDiGraph) -> RosterSurvey:
    """``G``'s roster survey: its members, answers, respondents and reported ties
    (module conventions). A graph with no member asked holds no survey (every answer
    is a member's, :mod:`netan.importers.survey`), and its ties are not read."""
    members = sorted((n for n, d in G.nodes(data=True) if d.get("survey")), key=str)
    answers = ({(u, v): d for u, v, d in G.edges(data=True) if d.get("type") == RATES}
               if members else {})
    return RosterSurvey(members=members, answers=answers,
                        respondents={u for u, _ in answers},
                        ties={pair: r for pair, r in answers.items() if reports_tie(r)},
                        nodes=G.nodes)


def reports_tie(rating: Rating) -> bool:
    """Whether a rating reports a working tie (see module conventions)."""
    level = rating.get("collaboration")
    if level is not None:
        return level >= 1
    frequency = rating.get("frequency")
    if frequency is not None:
        return frequency != "never"
    return any(rating.get(item) is not None for item in (*TRUST_ITEMS, *VALUE_ITEMS))


def rating_weight(rating: Rating, weight: str) -> float | None:
    """The value of the survey weight ``weight`` (a key of :data:`SURVEY_WEIGHTS`) in
    one answer, on its scale; None when the answer does not give it."""
    if weight == "trust":
        return composite(rating, TRUST_ITEMS)
    if weight == "value":
        return composite(rating, VALUE_ITEMS)
    value = rating.get(weight)
    if value is None:
        return None
    if weight == "frequency":
        return float(SURVEY_FREQUENCY.values.index(value))
    return float(value)


def weight_names(surveyed: RosterSurvey) -> list[str]:
    """The survey weights that at least one answer gives, in :data:`SURVEY_WEIGHTS`
    order: the survey's candidates for ``--weight``."""
    return [name for name in SURVEY_WEIGHTS
            if any(rating_weight(r, name) is not None for r in surveyed.answers.values())]


def check_weight(offered: list[str], weight: str | None) -> str | None:
    """The survey weight among ``offered`` (a survey's :func:`weight_names`) that
    ``weight`` names, matched as headers are (``Collaboration``, ``trust
    reliability``); None when none is."""
    if weight is None:
        return None
    wanted = normalise_token(weight)
    return next((name for name in offered if normalise_token(name) == wanted), None)


def weight_scale(weight: str) -> str:
    """The scale of a survey weight, in words, for every output that uses it."""
    return SURVEY_WEIGHTS[weight]


def response(surveyed: RosterSurvey) -> dict[str, Any]:
    """Who was asked and who answered: counts, the rate and the non-respondents."""
    asked = surveyed.members
    missing = [n for n in asked if n not in surveyed.respondents]
    return {"asked": len(asked), "responded": len(asked) - len(missing),
            "rate": (len(asked) - len(missing)) / len(asked) if asked else None,
            "non_respondents": missing}


def survey_network(surveyed: RosterSurvey, missing: MissingPolicy = "reconstruct",
                   weight: str | None = None) -> nx.Graph:
    """The network of reported ties under a non-response policy (module conventions).

    Ties carry ``collaboration`` (the level, None when not rated on that scale)
    and, with a survey ``weight`` (a key of :data:`SURVEY_WEIGHTS`), ``weight``
    (its value, :data:`UNVALUED_WEIGHT` when the answer gives none) and
    ``valued`` (whether it gave one). Directed (``nx.DiGraph``) for
    ``complete-case`` and ``reconstruct``, undirected (``nx.Graph``) for
    ``either`` and ``both``.
    """
    if missing not in MISSING_POLICIES:
        raise ChoiceError("missing", missing, f"choose {', '.join(MISSING_POLICIES)}")
    if weight is not None and weight not in SURVEY_WEIGHTS:
        raise ChoiceError("weight", weight,
                          f"not a survey rating; choose {', '.join(SURVEY_WEIGHTS)}")
    members, answered, ties = surveyed.members, surveyed.respondents, surveyed.ties
    if missing in ("complete-case", "reconstruct"):
        D = nx.DiGraph()
        D.add_nodes_from(n for n in members if missing == "reconstruct" or n in answered)
        for (i, j), rating in ties.items():
            if i in D and j in D:
                D.add_edge(i, j, **_tie([rating], max, weight))
        if missing == "reconstruct":
            for (j, i), rating in ties.items():
                if i not in answered and i in D and j in D:
                    D.add_edge(i, j, **_tie([rating], max, weight))
        return D
    U = nx.Graph()
    U.add_nodes_from(members)
    pick = max if missing == "either" else min
    for (i, j), rating in ties.items():
        if i not in U or j not in U:
            continue
        other = ties.get((j, i))
        if missing == "both" and other is None:
            continue
        U.add_edge(i, j, **_tie([rating] if other is None else [rating, other], pick, weight))
    return U


def _tie(reports: list[Rating], pick: Any, weight: str | None) -> dict[str, Any]:
    """A tie's attributes from the one or two reports behind it: the level and the
    weight each ``pick`` (max or min) of the values the reports give."""
    levels = [r["collaboration"] for r in reports if r.get("collaboration") is not None]
    tie: dict[str, Any] = {"collaboration": pick(levels) if levels else None}
    if weight is not None:
        values = [v for v in (rating_weight(r, weight) for r in reports) if v is not None]
        tie.update(weight=pick(values) if values else UNVALUED_WEIGHT, valued=bool(values))
    return tie


def policy_networks(surveyed: RosterSurvey, weight: str | None = None
                    ) -> dict[MissingPolicy, nx.Graph]:
    """The network under every policy (:func:`survey_network`), each built once."""
    return {policy: survey_network(surveyed, policy, weight) for policy in MISSING_POLICIES}


def policy_comparison(networks: Mapping[MissingPolicy, nx.Graph], weighted: bool = False
                      ) -> list[dict[str, Any]]:
    """The key measures under every policy, side by side (one row per policy), from
    the :func:`policy_networks`.

    ``density`` is networkx's (ties over possible ties, directed or not);
    ``mean_degree`` counts ties in and out; ``isolates`` members with no tie.
    ``weighted`` (the networks built with a survey weight): also the weighted
    density, mean strength and mean tie weight of :func:`weighted_summary`.
    """
    rows = []
    for policy in MISSING_POLICIES:
        N = networks[policy]
        n = N.number_of_nodes()
        degree = [d for _, d in N.degree()]
        row = {"policy": policy, "directed": N.is_directed(), "members": n,
               "ties": N.number_of_edges(), "density": nx.density(N) if n > 1 else None,
               "mean_degree": fmean(degree) if degree else None,
               "isolates": sum(1 for d in degree if d == 0)}
        if weighted:
            row.update({k: v for k, v in weighted_summary(N).items() if k != "ties"})
        rows.append({**row, "what": POLICY_WORDS[policy]})
    return rows


def weighted_summary(N: nx.Graph) -> dict[str, Any]:
    """The weighted measures of a policy's network ``N`` built with a survey weight
    (module doc): total weight, weighted density (mean weight over possible dyads),
    mean strength, mean weight of the ties present, and how many ties had no value
    and weighed 1."""
    n, ties = N.number_of_nodes(), N.number_of_edges()
    dyads = n * (n - 1) if N.is_directed() else n * (n - 1) // 2
    total = float(sum(w for _, _, w in N.edges(data="weight")))
    return {"ties": ties, "total_weight": total,
            "weighted_density": total / dyads if dyads else None,
            "mean_strength": 2 * total / n if n else None,
            "mean_tie_weight": total / ties if ties else None,
            "unvalued_ties": sum(1 for _, _, valued in N.edges(data="valued") if not valued)}


def member_degrees(surveyed: RosterSurvey, N: nx.Graph, weighted: bool = False
                   ) -> list[dict[str, Any]]:
    """Each member's degree in, out and in all in a policy's network ``N`` and,
    ``weighted`` (``N`` built with a survey weight), strength in, out and in all
    (module doc; :func:`netan.queries.structure.degrees`), most ties first. A member
    the policy leaves out (a non-respondent under ``complete-case``) has no row."""
    nodes = surveyed.nodes
    rows = [{"id": node, "name": nodes[node].get("name"), "sector": nodes[node].get("sector"),
             "responded": node in surveyed.respondents, **measures}
            for node, measures in structure.degrees(N, weight="weight" if weighted else None
                                                    ).items()]
    return sorted(rows, key=lambda r: (-r.get("strength", 0), -r["degree"], str(r["id"])))


def composite(rating: Rating, items: tuple[str, ...]) -> float | None:
    """The mean of the items a rating answers (None when it answers none)."""
    given = [rating[i] for i in items if rating.get(i) is not None]
    return fmean(given) if given else None


def quality_received(surveyed: RosterSurvey, by: str | None = None) -> list[dict[str, Any]]:
    """Mean trust and value received per member (``by=None``) or per value of node
    attribute ``by`` (e.g. ``"sector"``), with the number of ratings behind each."""
    nodes = surveyed.nodes
    received: dict[Any, dict[str, list[float]]] = {}
    for (_, rated), rating in surveyed.answers.items():
        key = rated if by is None else nodes[rated].get(by)
        scores = received.setdefault(key, {"trust": [], "value": [], "ratings": []})
        scores["ratings"].append(1.0)
        for name, items in (("trust", TRUST_ITEMS), ("value", VALUE_ITEMS)):
            score = composite(rating, items)
            if score is not None:
                scores[name].append(score)
    rows = []
    for key in sorted(received, key=lambda k: (k is None, str(k))):
        scores = received[key]
        row: dict[str, Any] = ({"id": key, "name": nodes[key].get("name"),
                                "sector": nodes[key].get("sector")} if by is None
                               else {by: key})
        row.update({"ratings": len(scores["ratings"]),
                    "trust": fmean(scores["trust"]) if scores["trust"] else None,
                    "trust_ratings": len(scores["trust"]),
                    "value": fmean(scores["value"]) if scores["value"] else None,
                    "value_ratings": len(scores["value"])})
        rows.append(row)
    return rows


def collaboration_levels(surveyed: RosterSurvey, N: nx.Graph) -> list[dict[str, Any]]:
    """Answers and ties at each collaboration level in a policy's network ``N``, and
    the density of ties at that level or above.

    The density at level ``k`` is that of ``N`` kept to ties rated ``k`` or more:
    how far the partnership gets at each depth of working together.
    """
    answers = Counter(r.get("collaboration") for r in surveyed.answers.values())
    ties_at: dict[int, list[Pair]] = {level: [] for level in range(0, 6)}
    for u, v, level in N.edges(data="collaboration"):
        ties_at[level or 0].append((u, v))
    at_least = nx.DiGraph() if N.is_directed() else nx.Graph()  # N's members with the ties
    at_least.add_nodes_from(N)  # rated `level` or more: each level's added, from 5 down
    density: dict[int, float] = {}
    for level in range(5, 0, -1):
        at_least.add_edges_from(ties_at[level])
        density[level] = nx.density(at_least)
    return [{"level": level, "name": "none" if level == 0 else COLLABORATION.values[level - 1],
             "answers": answers.get(level, 0),
             "ties": len(ties_at[level]) if level else None,
             "density_at_or_above": density[level] if level and len(N) > 1 else None}
            for level in range(0, 6)]


def reciprocity(D: nx.DiGraph, weighted: bool = False) -> dict[str, Any]:
    """Mutual and asymmetric dyads among respondents, and their ratio (module doc), in
    the ``complete-case`` network ``D``; ``weighted`` (``D`` built with a survey
    weight), also the weighted reciprocity of Squartini et al. (2013),
    ``sum min(w_ij, w_ji) / sum w_ij`` over the respondents' ties."""
    mutual = sum(1 for u, v in D.edges() if D.has_edge(v, u)) // 2
    asymmetric = sum(1 for u, v in D.edges() if not D.has_edge(v, u))
    found: dict[str, Any] = {
        "mutual": mutual, "asymmetric": asymmetric,
        "reciprocity": mutual / (mutual + asymmetric) if mutual + asymmetric else None}
    if weighted:
        total = sum(w for _, _, w in D.edges(data="weight"))
        both_ways = sum(min(w, D[v][u]["weight"]) for u, v, w in D.edges(data="weight")
                        if D.has_edge(v, u))
        found["weighted_reciprocity"] = both_ways / total if total else None
    return found


def disagreements(surveyed: RosterSurvey, gap: int = 2) -> list[dict[str, Any]]:
    """Pairs who rated each other with collaboration levels ``gap`` or more apart."""
    answers, nodes = surveyed.answers, surveyed.nodes
    rows = []
    for (i, j), rating in answers.items():
        back = answers.get((j, i))
        if back is None or str(i) > str(j):
            continue
        a, b = rating.get("collaboration"), back.get("collaboration")
        if a is not None and b is not None and abs(a - b) >= gap:
            rows.append({"member": i, "member_name": nodes[i].get("name"), "says": a,
                         "other": j, "other_name": nodes[j].get("name"), "other_says": b,
                         "gap": abs(a - b)})
    return sorted(rows, key=lambda r: (-r["gap"], str(r["member"]), str(r["other"])))
