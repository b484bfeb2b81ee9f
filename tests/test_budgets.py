"""Tests of netan.queries.budgets on hand-built typed graphs."""

from __future__ import annotations

import json
import math
import random

import networkx as nx
import pytest
from graphs import GraphBuilder

from netan.graphdb.schema import STAGE
from netan.queries import budgets as b


def money() -> nx.MultiDiGraph:
    """Funding between a health authority, social services, a trust and groups.

    ===========  ==============  ========  ======  ===================
    source       target          amount    year    mechanism
    ===========  ==============  ========  ======  ===================
    ha (comm.,   ssd (social,    100       1998    pooled
    region)      area)
    ha           trust (sec.,    300       1998    contract
                 area)
    ha           g-plan (area)   50        1999    aligned
    ssd          g-plan          50        1998    pooled
    ssd          trust           0         1998    grant
    ha           g-sub           (none)    1998    (none)
    ===========  ==============  ========  ======  ===================

    Total 500; pooled 150 -> pooled share 0.3. Groups: g-struct (structure),
    g-strategy (strategy), g-plan (plan, funded), g-prio (priorities_agreed,
    unfunded), g-bought (service_purchased, unfunded), g-sub (plan, no amount ->
    funded), g-none (no stage).
    """
    g = GraphBuilder()
    g.agency("ha", sector="commissioner", level="region")
    g.agency("ssd", sector="social_care", level="area")
    g.agency("trust", sector="secondary_care", level="area")
    for gid, stage in [("g-struct", "structure"), ("g-strategy", "strategy"),
                       ("g-plan", "plan"), ("g-prio", "priorities_agreed"),
                       ("g-bought", "service_purchased"), ("g-sub", "plan"),
                       ("g-none", None)]:
        g.group(gid, level="area")
        if stage:
            g.G.nodes[gid]["stage"] = stage
    g.edge("ha", "ssd", "FUNDS", amount=100.0, year=1998, mechanism="pooled")
    g.edge("ha", "trust", "FUNDS", amount=300.0, year=1998, mechanism="contract")
    g.edge("ha", "g-plan", "FUNDS", amount=50.0, year=1999, mechanism="aligned")
    g.edge("ssd", "g-plan", "FUNDS", amount=50.0, year=1998, mechanism="pooled")
    g.edge("ssd", "trust", "FUNDS", amount=0.0, year=1998, mechanism="grant")
    g.edge("ha", "g-sub", "FUNDS", year=1998)
    return g.G


def by(rows: list[dict], key: str) -> dict:
    return {r[key]: r["amount"] for r in rows}


def test_funding_flows_rows() -> None:
    flows = b.funding_flows(money())
    assert len(flows) == 6
    first = flows[0]
    assert (first["source"], first["target"]) == ("ha", "g-plan")
    assert first["target_label"] == "Group" and first["target_sector"] is None
    assert first["source_sector"] == "commissioner" and first["source_level"] == "region"
    assert [f["amount"] for f in flows if f["target"] == "g-sub"] == [None]
    assert len(b.funding_flows(money(), year=1999)) == 1
    json.dumps(flows)


def test_funding_totals_hand_worked() -> None:
    t = b.funding_totals(money())
    assert t["total"] == 500.0 and t["flows"] == 6 and t["flows_without_amount"] == 1
    assert t["pooled"] == 150.0 and t["pooled_share"] == pytest.approx(0.3)
    assert by(t["by_mechanism"], "mechanism") == {"pooled": 150.0, "aligned": 50.0,
                                                  "grant": 0.0, "contract": 300.0, None: 0.0}
    # vocabulary order, None last
    assert [r["mechanism"] for r in t["by_mechanism"]] == [
        "pooled", "aligned", "grant", "contract", None]
    assert by(t["by_source_sector"], "sector") == {"commissioner": 450.0, "social_care": 50.0}
    assert by(t["by_target_sector"], "sector") == {"secondary_care": 300.0,
                                                   "social_care": 100.0, None: 100.0}
    assert by(t["by_source_level"], "level") == {"area": 50.0, "region": 450.0}
    assert by(t["by_target_level"], "level") == {"area": 500.0}
    contract = next(r for r in t["by_mechanism"] if r["mechanism"] == "contract")
    assert contract["share"] == pytest.approx(0.6) and contract["flows"] == 1
    json.dumps(t)


def test_funding_totals_year_and_custom_pooled() -> None:
    t = b.funding_totals(money(), year=1998)
    assert t["total"] == 450.0 and t["pooled_share"] == pytest.approx(150 / 450)
    wider = b.funding_totals(money(), pooled_mechanisms=("pooled", "aligned"))
    assert wider["pooled_share"] == pytest.approx(0.4)


def test_no_money_means_nothing_pooled() -> None:
    empty = GraphBuilder().agency("ha", sector="commissioner").G
    t = b.funding_totals(empty)
    assert t["total"] == 0 and t["pooled_share"] == 0.0 and t["by_mechanism"] == []
    assert b.sankey_flows(empty) == []


def test_sankey_flows() -> None:
    rows = b.sankey_flows(money())
    assert [(r["source"], r["target"], r["amount"], r["flows"]) for r in rows] == [
        ("commissioner @ region", "secondary_care @ area", 300.0, 1),
        ("commissioner @ region", "social_care @ area", 100.0, 1),
        ("commissioner @ region", "group @ area", 50.0, 2),
        ("social_care @ area", "group @ area", 50.0, 1),
        ("social_care @ area", "secondary_care @ area", 0.0, 1),
    ]
    assert sum(r["amount"] for r in rows) == b.funding_totals(money())["total"]


def test_planning_without_purchasing() -> None:
    result = b.planning_without_purchasing(money())
    # at plan or later: g-plan, g-prio, g-bought, g-sub; funded: g-plan, g-sub
    assert result["groups"] == 4 and result["funded"] == 2 and result["unfunded"] == 2
    assert [r["id"] for r in result["unfunded_groups"]] == ["g-bought", "g-prio"]
    assert result["unfunded_share"] == 0.5
    # counting only 1999 money, g-sub (1998) is unfunded too
    assert b.planning_without_purchasing(money(), year=1999)["unfunded"] == 3
    from_strategy = b.planning_without_purchasing(money(), from_stage="strategy")
    assert from_strategy["groups"] == 5 and from_strategy["unfunded"] == 3
    json.dumps(result)


def wales_table1() -> nx.MultiDiGraph:
    """Seed 000's Table 1 encoded as in examples/wales-1998: nine groups whose
    stages are 4 x priorities_agreed, 1 x plan, 3 x strategy, 1 x
    resources_identified; needs_assessment_completed = no on one strategy group
    and on the resources group."""
    g = GraphBuilder()
    stages = ["priorities_agreed"] * 4 + ["plan"] + ["strategy"] * 3 + ["resources_identified"]
    needs = ["yes"] * 5 + ["no", "yes", "yes", "no"]
    for i, (stage, done) in enumerate(zip(stages, needs, strict=True)):
        g.group(f"g{i}", level="area")
        g.G.nodes[f"g{i}"].update(stage=stage, needs_assessment_completed=done)
    g.group("g-blank", level="area")
    return g.G


def test_stage_table_reproduces_seed_table_1() -> None:
    table = b.stage_table(wales_table1())
    assert table["groups"] == 9 and table["stage_unknown"] == 1
    assert [r["stage"] for r in table["stages"]] == list(STAGE.values)
    assert [r["reached"] for r in table["stages"]] == [9, 7, 9, 8, 5, 4, 0, 0]
    assert [r["not_reached"] for r in table["stages"]] == [0, 2, 0, 1, 4, 5, 9, 9]
    assert table["stages"][1]["from_column"] == 9
    json.dumps(table)


def test_stage_table_is_cumulative_without_the_column_and_reads_attributes_json() -> None:
    g = wales_table1()
    for i in range(9):
        del g.nodes[f"g{i}"]["needs_assessment_completed"]
    g.nodes["g0"]["attributes"] = json.dumps({"needs_assessment_completed": "no"})
    table = b.stage_table(g)
    assert [r["reached"] for r in table["stages"]] == [9, 8, 9, 8, 5, 4, 0, 0]
    assert table["stages"][1]["from_column"] == 1
    subset = b.stage_table(g, groups=["g4", "g8", "not-a-group"])
    assert subset["groups"] == 2
    assert [r["reached"] for r in subset["stages"]][:5] == [2, 2, 2, 1, 1]
    none = b.stage_table(g, groups=[])
    assert none["groups"] == 0 and none["stages"][0]["share"] is None


# ---------------------------------------------------------------------------
# The shared flow rows against a plain reading of the graph, on random graphs
# ---------------------------------------------------------------------------

MECHANISMS = ("pooled", "aligned", "grant", "contract", "section 31", "barter", None)


def random_money(seed: int) -> nx.MultiDiGraph:
    """Agencies and groups funding each other at random: parallel flows, missing,
    zero, negative and NaN amounts, missing years and mechanisms, unknown
    vocabulary, FUNDS edges the index ignores (from a group, to a person)."""
    rng = random.Random(seed)
    g = GraphBuilder()
    agencies = [f"ag{i}" for i in range(5)]
    groups = [f"gr{i}" for i in range(4)]
    for a in agencies:
        g.agency(a, sector=rng.choice(("commissioner", "social_care", "surgery", None)),
                 level=rng.choice(("area", "region", "moon", None)))
    for gid in groups:
        g.group(gid, level=rng.choice(("area", None)))
        stage = rng.choice((*STAGE.values, "plan produced", None))
        if stage:
            g.G.nodes[gid]["stage"] = stage
    g.person("someone")
    for _ in range(rng.randint(0, 14)):
        amount = rng.choice((None, 0.0, -5.0, float("nan"), 0.1, 0.2, 7.0, 1e6 / 3))
        g.edge(rng.choice(agencies), rng.choice([*agencies, *groups]), "FUNDS",
               amount=amount, year=rng.choice((None, 1998, 1999)),
               mechanism=rng.choice(MECHANISMS))
    if rng.random() < 0.3:
        g.edge(rng.choice(groups), rng.choice(agencies), "FUNDS", amount=1.0)
        g.edge(rng.choice(agencies), "someone", "FUNDS", amount=1.0)
    return g.G


def reference_flows(G: nx.MultiDiGraph, year: int | None = None) -> list[dict]:
    """:func:`funding_flows` as its docstring reads, straight from the edges."""
    def end(n: str) -> dict:
        d = G.nodes[n]
        level = d.get("level")
        if d["label"] == "Group":
            return {"label": "Group", "sector": None, "level": level, "name": d["name"]}
        return {"label": "Agency", "sector": d.get("sector"), "level": level,
                "name": d["name"]}

    rows = []
    for u, v, d in G.edges(data=True):
        if d["type"] != "FUNDS" or G.nodes[u]["label"] != "Agency" or \
                G.nodes[v]["label"] not in ("Agency", "Group"):
            continue
        amount = d.get("amount")
        amount = None if amount is None or math.isnan(amount) else amount
        if year is not None and d.get("year") != year:
            continue
        s, t = end(u), end(v)
        rows.append({"source": u, "target": v, "source_name": s["name"],
                     "target_name": t["name"], "source_sector": s["sector"],
                     "source_level": s["level"], "target_label": t["label"],
                     "target_sector": t["sector"], "target_level": t["level"],
                     "amount": amount, "year": d.get("year"),
                     "mechanism": d.get("mechanism"),
                     "pooled": d.get("mechanism") in b.POOLED_MECHANISMS})
    return sorted(rows, key=lambda r: (r["source"], r["target"], r["year"] or 0,
                                       r["mechanism"] or ""))


@pytest.mark.parametrize("seed", range(40))
def test_shared_flows_match_a_plain_reading(seed: int) -> None:
    G = random_money(seed)
    for year in (None, 1998, 2000):
        flows = reference_flows(G, year)
        assert b.funding_flows(G, year) == flows
        t = b.funding_totals(G, year)
        assert t["total"] == sum(f["amount"] or 0.0 for f in flows)
        assert t["flows"] == len(flows)
        assert t["flows_without_amount"] == sum(f["amount"] is None for f in flows)
        for key, field in (("by_mechanism", "mechanism"), ("by_source_sector", "source_sector"),
                           ("by_target_level", "target_level")):
            assert {r[field if key == "by_mechanism" else key.split("_")[-1]]: r["flows"]
                    for r in t[key]} == {k: sum(f[field] == k for f in flows)
                                         for k in {f[field] for f in flows}}
        assert sum(r["flows"] for r in b.sankey_flows(G, year)) == len(flows)
        funded = {f["target"] for f in flows if f["target_label"] == "Group"
                  and (f["amount"] is None or f["amount"] > 0)}
        unfunded = b.planning_without_purchasing(G, year=year)["unfunded_groups"]
        assert not funded & {r["id"] for r in unfunded}


def test_flow_rows_are_fresh_and_follow_the_graph() -> None:
    G = money()
    rows = b.funding_flows(G)
    rows[0]["amount"] = 1e9
    rows.pop()
    assert b.funding_flows(G) == b.funding_flows(money())
    assert b.funding_totals(G)["total"] == 500.0
    G.add_edge("ssd", "g-prio", type="FUNDS", amount=25.0, year=1999, mechanism="grant")
    assert b.funding_totals(G)["total"] == 525.0
    assert "g-prio" not in {r["id"] for r in
                            b.planning_without_purchasing(G)["unfunded_groups"]}
