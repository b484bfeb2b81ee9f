"""Structural checks on the bundled examples' CSVs, and that each imports without errors.

The CSVs are read with pandas and checked against ``netan.graphdb.schema`` (tables,
columns, vocabularies); the published facts the examples carry (Woods & McCollam's (2002) Shetland
link-worker model, Poxton's (1999) joint commissioning manager) are checked on the data.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from netan.graphdb.schema import AGENCY, GROUP, INPUT_TABLES, PERSON, VOCABULARIES
from netan.importers import load_import

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BUNDLED = ["wales-1998", "scotland-2001", "kingsfund-1998"]
NEW = ["scotland-2001", "kingsfund-1998"]


def read(example: str, table: str) -> pd.DataFrame:
    path = EXAMPLES / example / f"{table}.csv"
    if not path.exists():
        return pd.DataFrame(columns=[c.name for c in INPUT_TABLES[table].columns])
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def ids_by_label(example: str) -> dict[str, set[str]]:
    return {AGENCY: set(read(example, "agencies")["id"]), GROUP: set(read(example, "groups")["id"]),
            PERSON: set(read(example, "people")["id"])}


def sector_of_people(example: str) -> dict[str, str]:
    agency_sector = dict(zip(read(example, "agencies")["id"], read(example, "agencies")["sector"],
                             strict=True))
    people = read(example, "people")
    return {p.id: p.sector or agency_sector[p.employer] for p in people.itertuples()}


@pytest.mark.parametrize("example", NEW)
def test_ids_are_unique_across_labels(example: str) -> None:
    ids = ids_by_label(example)
    every = [i for label in ids.values() for i in label]
    assert len(every) == len(set(every))
    for table in ("agencies", "groups", "people"):
        assert not read(example, table)["id"].duplicated().any(), table


@pytest.mark.parametrize("example", NEW)
def test_every_reference_resolves(example: str) -> None:
    ids = ids_by_label(example)
    for name, table in INPUT_TABLES.items():
        frame = read(example, name)
        for column in table.columns:
            if not column.refers_to or column.name not in frame:
                continue
            allowed = set().union(*(ids[label] for label in column.refers_to))
            values = {v for v in frame[column.name] if v}
            assert values <= allowed, f"{name}.{column.name}: {sorted(values - allowed)[:5]}"


@pytest.mark.parametrize("example", NEW)
def test_vocabulary_values_are_canonical(example: str) -> None:
    checked = 0
    for name, table in INPUT_TABLES.items():
        frame = read(example, name)
        for column in table.columns:
            if column.vocabulary is None or column.name not in frame:
                continue
            canonical = set(VOCABULARIES[column.vocabulary].values)
            values = {v for v in frame[column.name] if v}
            assert values <= canonical, f"{name}.{column.name}: {sorted(values - canonical)}"
            checked += len(values)
    assert checked > 20


@pytest.mark.parametrize("example", NEW)
def test_people_sector_matches_employer_or_is_explained(example: str) -> None:
    """A person's own sector, when given, differs from the employer's only for district nurses."""
    agencies = read(example, "agencies").set_index("id")
    for p in read(example, "people").itertuples():
        if p.sector and p.sector != agencies.loc[p.employer, "sector"]:
            assert "district nurse" in p.post, p.id


def test_shetland_twenty_practices_each_with_gp_lead_and_link_worker() -> None:
    agencies = read("scotland-2001", "agencies")
    people = read("scotland-2001", "people")
    liaison = read("scotland-2001", "liaison")
    memberships = read("scotland-2001", "memberships")
    practices = agencies[(agencies["area"] == "Shetland") & (agencies["kind"] == "gp_practice")]
    assert len(practices) == 20
    role = dict(zip(people["id"], people["role"], strict=True))
    employer = dict(zip(people["id"], people["employer"], strict=True))
    cmht = set(agencies[(agencies["area"] == "Shetland") & (agencies["kind"] == "cmht")]["id"])
    in_groups = set(memberships[memberships["role"] != "invited"]["person"])
    for practice in practices["id"]:
        leads = people[(people["employer"] == practice) & (people["role"] == "gp")
                       & (people["post"] == "practice mental health lead")]
        assert len(leads) == 1, practice
        lead = leads["id"].iloc[0]
        assert lead in in_groups
        workers = liaison[(liaison["with"] == lead) & (liaison["model"] == "link_worker")]
        assert len(workers) == 1, practice
        worker = workers["person"].iloc[0]
        assert role[worker] == "link_worker" and employer[worker] in cmht


def test_shetland_leads_meeting_register_covers_every_member() -> None:
    attendance = read("scotland-2001", "attendance")
    memberships = read("scotland-2001", "memberships")
    group = "grp-shetland-leads"
    members = set(memberships[memberships["group"] == group]["person"])
    register = attendance[attendance["group"] == group]
    assert set(register["person"]) == members
    assert register.groupby("date")["person"].nunique().eq(len(members)).all()
    present = register[register["status"] == "present"].groupby("person").size()
    assert present.reindex(sorted(members), fill_value=0).min() >= 1


def test_scotland_reference_group_is_not_part_of_the_partnership() -> None:
    """The Reference Group was the researchers' sounding board (Methods): not encoded."""
    assert "reference_group" not in set(read("scotland-2001", "groups")["kind"])
    assert not read("scotland-2001", "attendance")["group"].str.contains("reference").any()


@pytest.mark.parametrize("example", BUNDLED)
def test_every_row_has_its_provenance(example: str) -> None:
    for name in INPUT_TABLES:
        frame = read(example, name)
        if not len(frame):
            continue
        assert set(frame["provenance"]) <= {"published", "inferred", "illustrative"}, name
        assert frame["provenance"].ne("").all(), name
        notes = frame[frame["provenance"] != "illustrative"]["provenance_note"]
        assert notes.ne("").all(), f"{name}: a published or inferred row without its note"


def test_future_tense_pilot_has_not_purchased_and_invited_to_help_is_a_member() -> None:
    groups = read("scotland-2001", "groups").set_index("id")
    assert groups.loc["grp-ayr-pc-mh-pilot", "stage"] == "plan"  # "This will involve ..."
    kf = read("kingsfund-1998", "memberships")
    geriatrician = kf[(kf["group"] == "grp-dg-pilot-01") & (kf["role"] == "invited")]
    assert geriatrician.empty
    budgets = read("kingsfund-1998", "budgets")
    assert set(budgets["provenance"]) == {"illustrative"}
    stated = budgets["provenance_note"].str.startswith("the flow is the paper's")
    assert stated.sum() == 2  # only the shared home bath is stated


def _quick_person_network(example: str) -> nx.Graph:
    """Ties = co-presence at a registered meeting, else co-membership; liaison; co-location."""
    people = read(example, "people")
    memberships = read(example, "memberships")
    attendance = read(example, "attendance")
    G = nx.Graph()
    G.add_nodes_from(people["id"])
    for group, rows in memberships.groupby("group"):
        register = attendance[attendance["group"] == group]
        if len(register):
            present = register[register["status"] == "present"].groupby("person")["date"]
            dates = {p: set(d) for p, d in present}
            G.add_edges_from((a, b) for a, b in combinations(sorted(dates), 2)
                             if dates[a] & dates[b])
        else:
            G.add_edges_from(combinations(sorted(rows[rows["role"] != "invited"]["person"]), 2))
    staff = people.groupby("employer")["id"].apply(set).to_dict()
    participants = memberships[memberships["role"] != "invited"].groupby("group")["person"]
    members = participants.apply(set).to_dict()
    for row in read(example, "liaison").itertuples():
        target = row._2  # the 'with' column
        others = {target} if target in G else staff.get(target) or members.get(target, set())
        G.add_edges_from((row.person, o) for o in others if o != row.person)
    for site, rows in read(example, "colocation").groupby("agency"):
        site_people = staff.get(site, set()) | set(rows["person"])
        G.add_edges_from((v, o) for v in rows["person"] for o in site_people if o != v)
    nx.set_node_attributes(G, sector_of_people(example), "sector")
    return G


def _density(G: nx.Graph, a: str, b: str) -> float:
    sectors = nx.get_node_attributes(G, "sector")
    n_a = sum(s == a for s in sectors.values())
    n_b = sum(s == b for s in sectors.values())
    ties = sum({sectors[u], sectors[v]} == {a, b} for u, v in G.edges)
    return ties / (n_a * n_b)


def test_scotland_horizontal_density_above_vertical() -> None:
    G = _quick_person_network("scotland-2001")
    horizontal = _density(G, "secondary_care", "social_care")
    vertical = _density(G, "primary_care", "secondary_care")
    assert horizontal > 2 * vertical > 0


def _liaison_brokerage(G: nx.Graph) -> dict[str, int]:
    """Gould-Fernandez b_O by hand: ordered open two-paths i-j-k, three different sectors."""
    sector = nx.get_node_attributes(G, "sector")
    counts = {}
    for j in G:
        near = list(G[j])
        counts[j] = sum(1 for i in near for k in near
                        if i != k and not G.has_edge(i, k)
                        and len({sector[i], sector[j], sector[k]}) == 3)
    return counts


def test_kingsfund_jcm_liaises_with_three_sectors() -> None:
    liaison = read("kingsfund-1998", "liaison")
    sectors = sector_of_people("kingsfund-1998")
    memberships = read("kingsfund-1998", "memberships")
    reached = set()
    for target in liaison[liaison["person"] == "kf-jcm"]["with"]:
        if target in sectors:
            reached.add(sectors[target])
        else:
            reached |= {sectors[p] for p in memberships[memberships["group"] == target]["person"]}
    reached.discard(sectors["kf-jcm"])
    assert {"primary_care", "social_care", "secondary_care"} <= reached


def test_kingsfund_jcm_is_top_liaison_broker_and_a_cut_point() -> None:
    G = _quick_person_network("kingsfund-1998")
    b_o = _liaison_brokerage(G)
    ranked = sorted(b_o, key=b_o.get, reverse=True)
    assert ranked[0] == "kf-jcm"
    assert b_o["kf-jcm"] > 2 * b_o[ranked[1]]
    assert "kf-jcm" in set(nx.articulation_points(G))
    sector = nx.get_node_attributes(G, "sector")
    before = nx.node_connected_component(G, "kf-jcm") - {"kf-jcm"}
    H = G.subgraph(before)
    pieces = list(nx.connected_components(H))
    assert len(pieces) >= 2
    cut = sum(1 for p, q in combinations(pieces, 2) for u in p for v in q
              if sector[u] != sector[v])
    assert cut > 50


def test_kingsfund_little_joint_purchasing() -> None:
    budgets = read("kingsfund-1998", "budgets")
    assert 0 < len(budgets) <= 6
    assert set(budgets["mechanism"]).isdisjoint({"pooled", "aligned"})
    assert budgets["amount"].astype(float).max() < 50_000
    stages = VOCABULARIES["stage"].values
    reached = {stages.index(s) for s in read("kingsfund-1998", "groups")["stage"] if s}
    assert max(reached) < stages.index("service_purchased")


@pytest.mark.parametrize("example", BUNDLED)
def test_example_imports_without_errors(example: str) -> None:
    result = load_import(EXAMPLES / example)
    assert result.errors == []
    assert result.data is not None
    people = read(example, "people")
    assert result.data.node_counts()[PERSON] == len(people)
