"""Tie records shared by the ties of a derived network, and why sharing them is safe.

Ties with equal values share one record (:mod:`netan.kernels.records`); a change made
through one tie would reach all the others, so every attempt must fail loudly, while
reading, comparing, serialising and copying behave as for plain dicts and lists.
"""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import networkx as nx
import pytest
from graphs import GraphBuilder, synthetic_graph

from netan.kernels.records import FrozenDict, FrozenList, TieRecords
from netan.queries.networks import organisation_network, person_network

DICT_CHANGES: list[Callable[[dict[str, Any]], Any]] = [
    lambda d: d.__setitem__("weight", 9),
    lambda d: d.__delitem__("weight"),
    lambda d: d.update(weight=9),
    lambda d: d.setdefault("new", 1),
    lambda d: d.pop("weight"),
    lambda d: d.popitem(),
    lambda d: d.clear(),
    lambda d: d.__ior__({"weight": 9}),
]
LIST_CHANGES: list[Callable[[list[Any]], Any]] = [
    lambda x: x.append("z"), lambda x: x.extend(["z"]), lambda x: x.insert(0, "z"),
    lambda x: x.pop(), lambda x: x.remove(x[0]), lambda x: x.clear(),
    lambda x: x.sort(), lambda x: x.reverse(), lambda x: x.__setitem__(0, "z"),
    lambda x: x.__delitem__(0), lambda x: x.__iadd__(["z"]), lambda x: x.__imul__(2),
]


def tie_with_two_layers() -> FrozenDict:
    return TieRecords().tie(5, {"membership": 2, "attendance": 3})


@pytest.mark.parametrize("change", DICT_CHANGES)
def test_a_record_refuses_every_change(change: Callable[[dict[str, Any]], Any]) -> None:
    record = tie_with_two_layers()
    for part in (record, record["layer_weights"]):
        before = dict(part)
        with pytest.raises(TypeError, match="shared and read-only"):
            change(part)
        assert part == before


@pytest.mark.parametrize("change", LIST_CHANGES)
def test_a_record_s_layers_refuse_every_change(change: Callable[[list[Any]], Any]) -> None:
    layers = tie_with_two_layers()["layers"]
    with pytest.raises(TypeError, match="shared and read-only"):
        change(layers)
    assert layers == ["attendance", "membership"]


def test_a_record_reads_and_serialises_as_plain_values() -> None:
    record = tie_with_two_layers()
    plain = {"weight": 5, "layer_weights": {"membership": 2, "attendance": 3},
             "layers": ["attendance", "membership"]}
    assert record == plain and isinstance(record, dict)
    assert isinstance(record["layers"], list)
    assert list(record["layer_weights"]) == ["membership", "attendance"]  # order kept
    assert json.dumps(record) == json.dumps(plain)
    mutable = dict(record)
    mutable["weight"] = 6  # a copy is the user's own
    assert record["weight"] == 5 and type(record.copy()) is dict
    for again in (pickle.loads(pickle.dumps(record)), copy.deepcopy(record),
                  copy.copy(record)):
        assert again == record and type(again) is FrozenDict
        assert type(again["layers"]) is FrozenList
        with pytest.raises(TypeError):
            again["weight"] = 1


def test_equal_integer_ties_share_a_record_and_other_values_do_not() -> None:
    records = TieRecords()
    one = records.tie(2, {"attendance": 2})
    assert records.tie(2, {"attendance": 2}) is one
    assert records.tie(2, {"liaison": 2}) is not one
    # equal but printed differently: never shared, each keeps its own type and sign
    as_float = records.tie(2.0, {"attendance": 2.0})
    assert as_float is not one and type(as_float["weight"]) is float
    assert records.tie(2.0, {"attendance": 2.0}) is as_float
    assert type(records.tie(2, {"attendance": 2})["weight"]) is int
    assert records.tie(True, {"attendance": True})["weight"] is True
    assert repr(records.tie(0.0, {"liaison": -0.0})["layer_weights"]["liaison"]) == "-0.0"
    assert repr(records.tie(0.0, {"liaison": 0.0})["layer_weights"]["liaison"]) == "0.0"
    odd = records.tie(1, {"liaison": Fraction(1)})  # no exact key: a record of its own
    assert odd is not records.tie(1, {"liaison": Fraction(1)})
    assert odd == {"weight": 1, "layer_weights": {"liaison": 1}, "layers": ["liaison"]}
    # the order of the layers is part of the value
    ab = records.tie(3, {"attendance": 1, "liaison": 2})
    ba = records.tie(3, {"liaison": 2, "attendance": 1})
    assert ab is not ba and list(ba["layer_weights"]) == ["liaison", "attendance"]
    assert ab["layers"] is ba["layers"]


def liaising_partnership() -> nx.MultiDiGraph:
    """Ties by co-attendance, by liaison (one at frequency 1.5) and by co-location."""
    b = GraphBuilder()
    b.agency("X", sector="social_care", level="area")
    b.agency("Y", sector="primary_care", level="practice")
    b.group("g")
    for p in "abcd":
        b.person(p, employer="Y")
    b.person("x1", employer="X").person("x2", sector="secondary_care")
    b.members("g", "a", "b", "c", "d").attends("a", "g", 2, 3).attends("b", "g", 2, 3)
    b.attends("c", "g", 2, 3).attends("d", "g", 1, 3)
    b.liaison("a", "X", frequency=1.5).liaison("b", "c").colocate("x2", "X")
    b.partners("X", "Y")
    return b.G


@pytest.mark.parametrize("make", [liaising_partnership, lambda: synthetic_graph(40, seed=5)])
def test_a_derived_network_s_ties_cannot_be_changed_through_the_graph(make) -> None:
    G = make()
    for H in (person_network(G), organisation_network(G)):
        assert H.number_of_edges()
        u, v, data = next(iter(H.edges(data=True)))
        before = dict(data)
        with pytest.raises(TypeError):
            H[u][v]["weight"] = 99
        with pytest.raises(TypeError):
            H.add_edge(u, v, weight=99)  # networkx updates the tie's dict
        with pytest.raises(TypeError):
            nx.set_edge_attributes(H, 99, "weight")
        with pytest.raises(TypeError):
            H[u][v]["layer_weights"]["liaison"] = 99
        assert H[u][v] == before
        # a copy's ties are the copier's own
        C = H.copy()
        C[u][v]["weight"] = 99
        assert H[u][v]["weight"] == before["weight"]
        D = nx.Graph(H)
        D.add_edge(u, v, weight=98)
        assert H[u][v]["weight"] == before["weight"]


def test_ties_of_equal_value_share_one_record() -> None:
    H = person_network(synthetic_graph(60, seed=3))
    records = {id(data) for _, _, data in H.edges(data=True)}
    assert len(records) < H.number_of_edges() / 4
    values = {json.dumps(data) for _, _, data in H.edges(data=True)}
    assert len(records) == len(values)  # one record per distinct value, floats included
    G = liaising_partnership()
    P = person_network(G)
    assert P["a"]["x1"] == {"weight": 1.5, "layer_weights": {"liaison": 1.5},
                            "layers": ["liaison"]}
    assert P["b"]["c"]["layers"] == ["attendance", "liaison"]
