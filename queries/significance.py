"""Is one tie density really above another? A permutation test for density comparisons.

Woods & McCollam (2002) report that "faster progress is being made in the
horizontal integration of services between health and social care
organisations than is the case for vertical integration between primary health
care and specialist mental health care services". netan measures it as two tie
densities (:func:`netan.queries.networks.integration_density`); this module
says whether the difference between two such densities is larger than the
sector labels alone would give, so a headline states a difference only when a
test supports it.

* :func:`parse_compare` -- ``"secondary_care:social_care,primary_care:secondary_care"``
  into two sector pairs (``--compare``);
* :func:`density_difference_test` -- the densities of ties between two pairs of
  sectors, their difference and its permutation p-value.

References: Krackhardt D (1988). Predicting with networks: nonparametric multiple
regression analysis of dyadic data. Social Networks 10: 359-381 (node-label
permutation, QAP). Phipson B, Smyth GK (2010). Permutation p-values should never
be zero. Statistical Applications in Genetics and Molecular Biology 9(1): 39.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np

from netan.graphdb.schema import SECTOR
from netan.kernels.nxgraph import node_values
from netan.kernels.shuffles import shuffled_pair_ties
from netan.queries.choices import NO_VALUE, ChoiceError
from netan.queries.networks import TiedPairs, pairs_of
from netan.queries.participation import (
    PRIMARY_CARE,
    SECONDARY_CARE,
    SECTOR_P,
    SOCIAL_CARE,
    GraphIndex,
    as_text,
    index_of,
)

__all__ = [
    "PERMUTATIONS",
    "SectorPair",
    "default_comparison",
    "density_difference_test",
    "parse_compare",
    "working_arrangements",
]

#: Default number of permutations.
PERMUTATIONS = 2000
#: Significance level a headline uses.
ALPHA = 0.05

SectorPair = tuple[str, str]


def parse_compare(text: str) -> tuple[SectorPair, SectorPair]:
    """``"A:B,C:D"`` as two sector pairs, each sector checked against the vocabulary.

    Sector spellings go through the schema's aliases ("social services" is
    ``social_care``). Raises ValueError with one clear line otherwise.
    """
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or any(p.count(":") != 1 for p in parts):
        raise ChoiceError("compare", text, "write two sector pairs as A:B,C:D "
                          "(e.g. secondary_care:social_care,primary_care:secondary_care)")
    pairs = []
    for part in parts:
        pair = []
        for raw in part.split(":"):
            sector = SECTOR.canonical(raw)
            if sector is None:
                hint = SECTOR.suggest(raw)
                raise ChoiceError("compare", NO_VALUE, f"unknown sector {raw.strip()!r}"
                                  + (f"; did you mean {hint!r}?" if hint else
                                     f" (sectors: {', '.join(SECTOR.values)})"))
            pair.append(sector)
        pairs.append((pair[0], pair[1]))
    return pairs[0], pairs[1]


def _pair_counts(codes_u: np.ndarray, codes_v: np.ndarray, key: int, k: int) -> np.ndarray:
    """How many tied pairs join the two codes of ``key`` (= low * k + high), per row."""
    low = np.minimum(codes_u, codes_v)
    high = np.maximum(codes_u, codes_v)
    return np.count_nonzero(low * k + high == key, axis=-1)


def density_difference_test(network: nx.Graph, first: SectorPair, second: SectorPair, *,
                            sector_attr: str = SECTOR_P, permutations: int = PERMUTATIONS,
                            seed: int = 0, pairs: TiedPairs | None = None) -> dict[str, Any]:
    """Compare the density of ties between the sectors of ``first`` with that of ``second``.

    For a pair of sectors ``(A, B)`` (``A != B``)::

        density(A, B) = tied pairs with one end in A and one in B / (n_A n_B)

    (``n_A (n_A - 1) / 2`` possible pairs when ``A == B``); a pair is tied or
    not (weights, direction, parallel edges and self-loops ignored; isolates
    count in ``n``), as in :func:`netan.queries.networks.integration_density`.
    The statistic is ``d = density(first) - density(second)``.

    **Permutation test** (node-label permutation, Krackhardt 1988): the
    network is kept as it is and the sector labels of the people in the
    sectors named in ``first`` and ``second`` are shuffled among them
    (``permutations`` times, ``numpy.random.default_rng(seed)``); people of
    other sectors keep theirs. Under the null hypothesis that which of those
    sectors a person is in has nothing to do with whom they are tied to, every
    shuffle is as likely as the data, so::

        p = (1 + #{shuffles with |d*| >= |d|}) / (1 + permutations)

    two-sided, never 0 (Phipson & Smyth 2010); the ties of every shuffle are
    counted by :func:`netan.kernels.shuffles.shuffled_pair_ties`. The shuffle keeps each
    sector's size, every person's degree and the whole tie structure, so the
    test allows for the dependence between ties that a test counting pairs as
    independent would ignore. ``supported`` is True when ``p < 0.05`` and both
    densities exist: only then does a headline call one density higher.

    Returns a dict: ``first``, ``second`` (the pairs), ``first_density``,
    ``second_density``, ``first_observed``, ``first_possible``,
    ``second_observed``, ``second_possible``, ``difference``, ``p_value``
    (None when a density is undefined), ``permutations``, ``seed``,
    ``null`` (plain words), ``supported``. ``pairs``: the network's
    :class:`~netan.queries.networks.TiedPairs`, when already read.
    """
    if permutations < 1:
        raise ValueError("permutations must be at least 1")
    sectors = node_values(network, sector_attr)
    named = sorted({*first, *second})
    k = len(named) + 1  # code 0: any other sector (or none)
    code_of = {s: i + 1 for i, s in enumerate(named)}
    codes = np.fromiter((code_of.get(s, 0) for s in sectors), dtype=np.int64, count=len(sectors))
    sizes = {s: int(np.count_nonzero(codes == code_of[s])) for s in named}

    def possible(pair: SectorPair) -> int:
        a, b = pair
        return sizes[a] * (sizes[a] - 1) // 2 if a == b else sizes[a] * sizes[b]

    def key(pair: SectorPair) -> int:
        a, b = sorted((code_of[pair[0]], code_of[pair[1]]))
        return a * k + b

    u, v = pairs_of(network, pairs)
    relevant = (codes[u] > 0) & (codes[v] > 0)  # ties the shuffle can change
    u, v = u[relevant], v[relevant]
    result: dict[str, Any] = {"first": list(first), "second": list(second),
                              "permutations": permutations, "seed": seed,
                              "null": "sector labels shuffled among the people of "
                                      + ", ".join(named)}
    observed = {}
    for name, pair in (("first", first), ("second", second)):
        n = possible(pair)
        count = int(_pair_counts(codes[u], codes[v], key(pair), k))
        observed[name] = count
        result[f"{name}_observed"] = count
        result[f"{name}_possible"] = n
        result[f"{name}_density"] = count / n if n else None
    if result["first_density"] is None or result["second_density"] is None:
        return {**result, "difference": None, "p_value": None, "supported": False}
    difference = result["first_density"] - result["second_density"]
    movable = np.flatnonzero(codes > 0)
    local = np.full(len(codes), -1, dtype=np.int64)
    local[movable] = np.arange(len(movable))
    n1, n2 = result["first_possible"], result["second_possible"]
    compared = [tuple(sorted((code_of[a], code_of[b]))) for a, b in (first, second)]
    extreme = 0
    for ties in shuffled_pair_ties(codes[movable], local[u], local[v], compared, permutations,
                                   np.random.default_rng(seed)):
        d = ties[0] / n1 - ties[1] / n2
        extreme += int(np.count_nonzero(np.abs(d) >= abs(difference) - 1e-12))
    p_value = (1 + extreme) / (1 + permutations)
    return {**result, "difference": difference, "p_value": p_value,
            "supported": bool(p_value < ALPHA)}


def sector_pair_words(pair: Sequence[str]) -> str:
    """``("secondary_care", "social_care")`` as ``"secondary care <-> social care"``."""
    return " <-> ".join(s.replace("_", " ") for s in pair)


#: Woods & McCollam's (2002) comparison: horizontal (secondary <-> social care)
#: against vertical (primary <-> secondary care) integration.
WOODS_MCCOLLAM: tuple[SectorPair, SectorPair] = (
    (SECONDARY_CARE, SOCIAL_CARE), (PRIMARY_CARE, SECONDARY_CARE))
_CARE = (PRIMARY_CARE, SECONDARY_CARE, SOCIAL_CARE)


def working_arrangements(G: nx.MultiDiGraph, *, index: GraphIndex | None = None
                         ) -> dict[SectorPair, int]:
    """Cross-sector working arrangements between the three care sectors, per sector pair.

    Counted: each ``PARTNERS_WITH`` (the two agencies' sectors), each
    ``CO_LOCATED_AT`` (the person's sector and the site's) and each
    ``LIAISES_WITH`` to a person or an agency (the two ends' sectors); pairs are
    sorted tuples of two different sectors among primary, secondary and social
    care. ``index``: ``G``'s :class:`~netan.queries.participation.GraphIndex`, when
    already read.
    """
    idx = index_of(G, index)

    def agency_sector(agency: str) -> str | None:
        return as_text(idx.agencies.get(agency, {}).get(SECTOR_P))

    ends: list[tuple[str | None, str | None]] = []
    ends += [(agency_sector(a), agency_sector(b)) for a, b, _ in idx.partnerships]
    ends += [(idx.sector(p), agency_sector(site)) for site, people in idx.colocated.items()
             for p in people]
    for person, target, _ in idx.liaisons:
        other = (idx.sector(target) if target in idx.people
                 else agency_sector(target) if target in idx.agencies else None)
        ends.append((idx.sector(person), other))
    counts: dict[SectorPair, int] = {}
    for a, b in ends:
        if a in _CARE and b in _CARE and a != b:
            pair = tuple(sorted((a, b)))
            counts[pair] = counts.get(pair, 0) + 1  # type: ignore[index]
    return counts


def default_comparison(G: nx.MultiDiGraph, *, index: GraphIndex | None = None
                       ) -> tuple[tuple[SectorPair, SectorPair], str]:
    """The density comparison a report makes when ``--compare`` is not given.

    It follows the working arrangements the data records
    (:func:`working_arrangements`): the sector pair most of them join (ties
    broken by Woods & McCollam's order) is compared with Woods & McCollam's
    vertical pair (primary <-> secondary care), or -- when it is that pair --
    with their horizontal pair (secondary <-> social care). With no such
    arrangement it is Woods & McCollam's own comparison. So a data set of
    primary and social care partnerships (Poxton 1999) is asked about primary
    <-> social care, and one of trusts and social work (Woods & McCollam 2002)
    about horizontal against vertical integration. Returns the two pairs and a
    phrase saying why (``index``: ``G``'s graph index, when already read).
    """
    counts = working_arrangements(G, index=index)
    if not counts:
        return WOODS_MCCOLLAM, "Woods & McCollam (2002), no working arrangements recorded"
    order = [tuple(sorted(p)) for p in (*WOODS_MCCOLLAM, (PRIMARY_CARE, SOCIAL_CARE))]
    focus = max(counts, key=lambda p: (counts[p], -order.index(p)))
    vertical = tuple(sorted(WOODS_MCCOLLAM[1]))
    why = (f"most working arrangements in the data join {sector_pair_words(focus)} "
           f"({counts[focus]} of {sum(counts.values())})")
    if focus == vertical:
        return WOODS_MCCOLLAM, why
    first = WOODS_MCCOLLAM[0] if focus == tuple(sorted(WOODS_MCCOLLAM[0])) else focus
    return (first, WOODS_MCCOLLAM[1]), why
