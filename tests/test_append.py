"""``--append`` merges and never nulls: one test per table type, real files, the real store.

A partnership is imported from CSVs; then a file of one table type is appended
that gives only some columns (and leaves some cells blank). What the file gave
changes; every other stored value stays, including the stored properties of the
nodes the appended rows only refer to.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_inputs_make import AGGREGATE, BASE

from netan import api

#: The partnership of the bad-input corpus, with an aggregate attendance table.
PARTNERSHIP = {**BASE, "attendance.csv": AGGREGATE}

#: What every append must leave as it was (unless the case's own query says otherwise).
PEOPLE = "MATCH (p:Person) RETURN p.id, p.name, p.role, p.sector ORDER BY p.id"
STORED_PEOPLE = [["p1", "Dr Ann Jones", "gp", "primary_care"],
                 ["p2", "Bob Evans", "social_worker", "social_care"]]
NAMES = {"people.csv": "id,name\np1,Dr Ann Jones\np2,Bob Evans\n",
         "groups.csv": "id,name\ngrp,Mental health planning group\n",
         "agencies.csv": "id,name\nha,Gwent Health Authority\ngp1,Lovemead Surgery\n"
                         "ssd,Newport Social Services\n"}

CASES = {
    "agencies": ({"agencies.csv": "id,name,sector\nha,Gwent HA (renamed),\n"},
                 "MATCH (a:Agency {id: 'ha'}) RETURN a.name, a.kind, a.sector, a.level, a.area",
                 [["Gwent HA (renamed)", "health_authority", "commissioner", "region", "Gwent"]]),
    "groups": ({"people.csv": NAMES["people.csv"],
                "groups.csv": "id,name,stage\ngrp,Mental health planning group,plan\n"},
               "MATCH (g:Group) RETURN g.kind, g.level, g.area, g.stage",
               [["planning_group", "area", "Newport", "plan"]]),
    "people": ({"people.csv": "id,name,role\np1,Dr A. Jones,\n"},
               "MATCH (p:Person {id: 'p1'})-[:EMPLOYED_BY]->(a) RETURN p.name, p.role, "
               "p.sector, a.id",
               [["Dr A. Jones", "gp", "primary_care", "gp1"]]),
    "memberships": ({**NAMES, "memberships.csv": "person,group,represents\np1,grp,\n"},
                    "MATCH (p)-[m:MEMBER_OF]->(g) RETURN p.id, g.id, m.role, m.represents "
                    "ORDER BY p.id",
                    [["p1", "grp", "chair", "gp1"], ["p2", "grp", "member", "ssd"]]),
    "attendance": ({**NAMES, "attendance.csv": "person,group,attended,held\np1,grp,4,5\n"},
                   "MATCH ()-[a:ATTENDS]->() RETURN a.attended, a.held, a.rate, "
                   "a.last_attended",
                   [[4, 5, 0.8, "1998-03-12"]]),
    "liaison": ({**NAMES, "liaison.csv": "person,with,frequency\np2,p1,6\n"},
                "MATCH ()-[l:LIAISES_WITH]->() RETURN l.model, l.frequency",
                [["link_worker", 6.0]]),
    "colocation": ({**NAMES, "colocation.csv": "person,agency\np2,gp1\n"},
                   "MATCH ()-[c:CO_LOCATED_AT]->(a) RETURN c.days_per_week, a.kind, a.level",
                   [[2.5, "gp_practice", "practice"]]),
    "budgets": ({**NAMES, "budgets.csv": "source,target,amount,year,mechanism\n"
                                         "ha,grp,126000,1998,aligned\n"},
                "MATCH ()-[f:FUNDS]->() RETURN f.amount, f.year, f.mechanism",
                [[126000.0, 1998, "aligned"]]),
    "partnerships": ({**NAMES, "partnerships.csv": "source,target,function\n"
                                                   "ha,ssd,strategic_planning\n"},
                     "MATCH ()-[r:PARTNERS_WITH]->() RETURN r.spectrum, r.function",
                     [[5, "strategic_planning"]]),
    "generic-nodes": ({"nodes.csv": "id,type,name\np2,person,Bob Evans\n"},
                      "MATCH (p:Person {id: 'p2'}) RETURN p.role, p.sector",
                      [["social_worker", "social_care"]]),
    "generic-edges": ({"edges.csv": "source,target,type,frequency\np2,p1,liaises with,\n"},
                      "MATCH ()-[l:LIAISES_WITH]->() RETURN l.model, l.frequency",
                      [["link_worker", 4.0]]),
}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The partnership imported once; each test appends to a copy of it."""
    root = tmp_path_factory.mktemp("partnership")
    db = root / "netan.db"
    api.import_data(write(root / "data", PARTNERSHIP), db=db, mode="replace")
    return db


@pytest.mark.parametrize("table", list(CASES))
def test_append_changes_what_the_file_gives_and_nothing_else(table: str, stored: Path,
                                                             tmp_path: Path) -> None:
    db = tmp_path / "netan.db"
    db.write_bytes(stored.read_bytes())
    files, cypher, expected = CASES[table]
    report = api.import_data(write(tmp_path / "append", files), db=db, mode="append")
    assert report.written is not None
    assert api.query(cypher, db=db).rows == expected
    people = STORED_PEOPLE if table != "people" else [
        ["p1", "Dr A. Jones", "gp", "primary_care"], STORED_PEOPLE[1]]
    assert api.query(PEOPLE, db=db).rows == people
    counts = api.counts(db=db)
    assert counts["nodes"] == {"Agency": 3, "Group": 1, "Person": 2, "Meeting": 0}


def test_appending_the_same_files_twice_changes_nothing(stored: Path, tmp_path: Path) -> None:
    db = tmp_path / "netan.db"
    db.write_bytes(stored.read_bytes())
    before = api.graph_digest(api.read_graph(db))
    api.import_data(write(tmp_path / "again", PARTNERSHIP), db=db, mode="append")
    assert api.graph_digest(api.read_graph(db)) == before
