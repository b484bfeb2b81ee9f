"""netan.importers on real files: every table, every source form, attendance, generic form."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from netan.graphdb.graph_data import ENDPOINT_COLUMNS
from netan.graphdb.schema import (
    AGENCY,
    ATTENDED,
    ATTENDS,
    CO_LOCATED_AT,
    EMPLOYED_BY,
    FUNDS,
    GROUP,
    HELD_BY,
    INPUT_TABLES,
    LIAISES_WITH,
    MEETING,
    MEMBER_OF,
    NODE_LABELS,
    PART_OF,
    PARTNERS_WITH,
    PERSON,
    RATES,
    REL_TYPES,
    SURVEY_TABLES,
    VOCABULARIES,
)
from netan.importers import ImportResult, Problem, load_import, write_templates

REPO = Path(__file__).resolve().parents[1]
WALES = REPO / "examples" / "wales-1998"

#: A small partnership using every canonical table, with aliases, extras and blanks.
TABLES: dict[str, str] = {
    "agencies": (
        "ID,Name,Kind,Sector,Level,Area,Parent,gp_partners\n"
        "ha-1,Gwent HA,HA,Health Authority,Health Authority,Gwent,,\n"
        "ssd-1,Newport SSD,SSD,Social Services,LA,Newport,ha-1,\n"
        "gp-1,Lovemead Surgery,surgery,primary,practice,Newport,,3\n"
    ),
    "groups": (
        "id,name,kind,level,area,stage,part_of\n"
        "g-1,Newport MH planning,planning team,area,Newport,Plan developed,ha-1\n"
        "g-2,Newport subgroup,sub group,,Newport,,g-1\n"
    ),
    "people": (
        "id,name,role,sector,employer\n"
        "p-1,Ann Jones,General Practitioner,,gp-1\n"
        "p-2,Bob Evans,Care Manager,,ssd-1\n"
        "p-3,Cat Price,JCM,commissioner,\n"
    ),
    "memberships": (
        "person,group,role,represents,participation\n"
        "p-1,g-1,chairman,gp-1,active\n"
        "p-2,g-1,,ssd-1,\n"
        "p-3,g-2,invited,,\n"
    ),
    "liaison": (
        "person,with,model,frequency\n"
        "p-2,p-1,link,4\n"
        "p-3,gp-1,consultation,0.5\n"
        "p-1,g-2,,\n"
    ),
    "colocation": "person,site,days_per_week\np-2,gp-1,2.5\n",
    "budgets": (
        "from,to,amount,year,mechanism\n"
        "ha-1,g-1,125000,1998,pooled budget\n"
        "ssd-1,gp-1,1e3,,\n"
    ),
    "partnerships": (
        "agency_a,agency_b,spectrum,function\n"
        "ha-1,ssd-1,dialogue,planning\n"
        "ssd-1,gp-1,5,\n"
    ),
    "attendance": (
        "person,group,Meeting Date,status\n"
        "p-1,g-1,1998-01-14,present\n"
        "p-2,g-1,1998-01-14,apologies\n"
        "p-1,g-1,11/02/1998,absent\n"
        "p-2,g-1,11/02/1998,Attended\n"
        "p-1,g-1,1998-03-11,present\n"
        "p-3,g-2,1998-03-20,DNA\n"
    ),
}


def write_folder(folder: Path, tables: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def loaded(path: Path) -> ImportResult:
    result = load_import(path)
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert not errors, errors
    assert result.data is not None
    return result


def records(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return sorted(frame[list(columns)].astype(object).where(frame[list(columns)].notna(), None)
                  .itertuples(index=False, name=None), key=repr)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> ImportResult:
    return loaded(write_folder(tmp_path_factory.mktemp("full"), TABLES))


# ---------------------------------------------------------------------------
# Canonical tables
# ---------------------------------------------------------------------------


def test_columns_and_dtypes_follow_the_schema(full: ImportResult) -> None:
    data = full.data
    assert data is not None
    data.check_columns()
    assert set(data.nodes) == set(NODE_LABELS) and set(data.relationships) == set(REL_TYPES)
    assert full.form == "canonical"
    assert sorted(full.sources) == sorted(f"{name}.csv" for name in TABLES)
    attends = data.relationships[ATTENDS]
    assert str(attends["attended"].dtype) == "Int64" and str(attends["held"].dtype) == "Int64"
    assert attends["rate"].dtype == np.float64
    assert str(data.relationships[PARTNERS_WITH]["spectrum"].dtype) == "Int64"
    assert str(data.relationships[FUNDS]["year"].dtype) == "Int64"
    assert data.relationships[FUNDS]["amount"].dtype == np.float64
    assert data.relationships[CO_LOCATED_AT]["days_per_week"].dtype == np.float64
    for frame in data.nodes.values():
        assert frame["id"].dtype == object


def test_agencies_and_groups(full: ImportResult) -> None:
    data = full.data
    assert data is not None
    assert records(data.nodes[AGENCY], "id", "kind", "sector", "level", "attributes") == sorted([
        ("ha-1", "health_authority", "commissioner", "region", None),
        ("ssd-1", "social_services", "social_care", "area", None),
        ("gp-1", "gp_practice", "primary_care", "practice", '{"gp_partners": "3"}'),
    ], key=repr)
    assert records(data.nodes[GROUP], "id", "kind", "level", "stage") == sorted([
        ("g-1", "planning_group", "area", "plan"),
        ("g-2", "subgroup", None, None),
    ], key=repr)
    assert records(data.relationships[PART_OF], *ENDPOINT_COLUMNS) == sorted([
        ("ssd-1", AGENCY, "ha-1", AGENCY),
        ("g-1", GROUP, "ha-1", AGENCY),
        ("g-2", GROUP, "g-1", GROUP),
    ], key=repr)
    warnings = [p for p in full.problems if p.severity == "warning"]
    assert [(p.file, p.column) for p in warnings] == [("agencies.csv", "gp_partners"),
                                                      ("memberships.csv", "participation")]


def test_people_take_their_employers_sector(full: ImportResult) -> None:
    data = full.data
    assert data is not None
    assert records(data.nodes[PERSON], "id", "role", "sector") == sorted([
        ("p-1", "gp", "primary_care"),
        ("p-2", "social_worker", "social_care"),
        ("p-3", "joint_commissioning_manager", "commissioner"),
    ], key=repr)
    assert records(data.relationships[EMPLOYED_BY], "source", "target") == [
        ("p-1", "gp-1"), ("p-2", "ssd-1")]


def test_memberships_liaison_colocation(full: ImportResult) -> None:
    data = full.data
    assert data is not None
    assert records(data.relationships[MEMBER_OF], "source", "target", "role", "represents",
                   "attributes") == sorted([
        ("p-1", "g-1", "chair", "gp-1", '{"participation": "active"}'),
        ("p-2", "g-1", "member", "ssd-1", None),
        ("p-3", "g-2", "invited", None, None),
    ], key=repr)
    assert records(data.relationships[LIAISES_WITH], "source", "target", "target_label",
                   "model", "frequency") == sorted([
        ("p-2", "p-1", PERSON, "link_worker", 4.0),
        ("p-3", "gp-1", AGENCY, "consultation", 0.5),
        ("p-1", "g-2", GROUP, None, None),
    ], key=repr)
    assert records(data.relationships[CO_LOCATED_AT], "source", "target",
                   "days_per_week") == [("p-2", "gp-1", 2.5)]


def test_budgets_and_partnerships(full: ImportResult) -> None:
    data = full.data
    assert data is not None
    funds = data.relationships[FUNDS]
    assert records(funds, "source", "target", "target_label", "amount", "mechanism") == sorted([
        ("ha-1", "g-1", GROUP, 125000.0, "pooled"),
        ("ssd-1", "gp-1", AGENCY, 1000.0, None),
    ], key=repr)
    assert funds.set_index("source").loc["ha-1", "year"] == 1998
    assert funds["year"].isna().sum() == 1
    assert records(data.relationships[PARTNERS_WITH], "source", "target", "spectrum",
                   "function") == sorted([
        ("ha-1", "ssd-1", 2, "strategic_planning"),
        ("ssd-1", "gp-1", 5, None),
    ], key=repr)


def test_register_attendance_is_aggregated_by_hand(full: ImportResult) -> None:
    data = full.data
    assert data is not None
    # g-1 met on 14 Jan, 11 Feb and 11 Mar 1998; g-2 on 20 Mar.
    assert records(data.nodes[MEETING], "id", "date") == [
        ("g-1@1998-01-14", "1998-01-14"), ("g-1@1998-02-11", "1998-02-11"),
        ("g-1@1998-03-11", "1998-03-11"), ("g-2@1998-03-20", "1998-03-20")]
    assert records(data.relationships[HELD_BY], "source", "target") == [
        ("g-1@1998-01-14", "g-1"), ("g-1@1998-02-11", "g-1"), ("g-1@1998-03-11", "g-1"),
        ("g-2@1998-03-20", "g-2")]
    attended = data.relationships[ATTENDED]
    assert len(attended) == 6
    assert records(attended[attended["source"] == "p-2"], "target", "status") == [
        ("g-1@1998-01-14", "apologies"), ("g-1@1998-02-11", "present")]
    # p-1: present 14 Jan and 11 Mar of 3 -> 2/3; p-2: present 11 Feb -> 1/3; p-3: 0/1.
    assert records(data.relationships[ATTENDS], "source", "target", "attended", "held",
                   "last_attended") == [
        ("p-1", "g-1", 2, 3, "1998-03-11"),
        ("p-2", "g-1", 1, 3, "1998-02-11"),
        ("p-3", "g-2", 0, 1, None)]
    rate = data.relationships[ATTENDS].set_index("source")["rate"]
    assert rate.to_dict() == pytest.approx({"p-1": 2 / 3, "p-2": 1 / 3, "p-3": 0.0})


def test_aggregate_attendance(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {
        "people": "id,name\np-1,Ann\np-2,Bob\np-3,Cat\n",
        "groups": "id,name\ng-1,Board\n",
        "attendance": ("person,group,attended,held,last_attended,note\n"
                       "p-1,g-1,3,4,1998-06-01,keen\n"
                       "p-2,g-1,0,4,,\n"
                       "p-3,g-1,0,0,,new\n"),
    })
    data = loaded(folder).data
    assert data is not None
    attends = data.relationships[ATTENDS]
    assert records(attends, "source", "attended", "held", "last_attended", "attributes") == [
        ("p-1", 3, 4, "1998-06-01", '{"note": "keen"}'),
        ("p-2", 0, 4, None, None),
        ("p-3", 0, 0, None, '{"note": "new"}')]
    rate = attends.set_index("source")["rate"]
    assert rate["p-1"] == pytest.approx(0.75) and rate["p-2"] == 0.0
    assert np.isnan(rate["p-3"])  # no meetings held: no rate
    assert len(data.nodes[MEETING]) == 0 and len(data.relationships[ATTENDED]) == 0


# ---------------------------------------------------------------------------
# Source forms
# ---------------------------------------------------------------------------


def table_rows(text: str) -> tuple[list[str], list[list[str]]]:
    lines = [line.split(",") for line in text.strip("\n").split("\n")]
    return lines[0], lines[1:]


def assert_same_graph(a: ImportResult, b: ImportResult) -> None:
    assert a.data is not None and b.data is not None
    for label in NODE_LABELS:
        pd.testing.assert_frame_equal(a.data.nodes[label], b.data.nodes[label])
    for rel in REL_TYPES:
        pd.testing.assert_frame_equal(a.data.relationships[rel], b.data.relationships[rel])


def test_xlsx_gives_the_same_graph(full: ImportResult, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in TABLES.items():
        sheet = book.create_sheet(name.capitalize())
        header, rows = table_rows(text)
        sheet.append(header)
        for row in rows:
            cells: list[object] = [None if c == "" else c for c in row]
            if name == "budgets":  # numbers as workbook numbers
                cells[2] = float(row[2])
            sheet.append(cells)
    path = tmp_path / "partnership.xlsx"
    book.save(path)
    result = loaded(path)
    assert result.sources == ["partnership.xlsx"]
    assert_same_graph(full, result)


def test_json_gives_the_same_graph(full: ImportResult, tmp_path: Path) -> None:
    document: dict[str, list[dict[str, object]]] = {}
    for name, text in TABLES.items():
        header, rows = table_rows(text)
        document[name] = [{h: c for h, c in zip(header, row, strict=True) if c != ""}
                          for row in rows]
    document["budgets"][0]["amount"] = 125000  # a JSON number
    path = tmp_path / "partnership.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert_same_graph(full, loaded(path))


def test_single_csv_and_empty_optional_table(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("id,name\np-1,Ann\n", encoding="utf-8")
    result = loaded(people)
    assert result.data is not None and result.data.node_counts() == {PERSON: 1}
    folder = write_folder(tmp_path / "folder", {"people": "id,name\np-1,Ann\n",
                                                 "budgets": "source,target,amount\n"})
    result = loaded(folder)
    assert result.data is not None and len(result.data.relationships[FUNDS]) == 0


def test_utf8_bom_header(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes("\ufeffid,name\np-1,Siân\n".encode())
    result = loaded(tmp_path)
    assert result.problems == []
    assert result.data is not None
    assert result.data.nodes[PERSON][["id", "name"]].values.tolist() == [["p-1", "Siân"]]


def test_semicolon_separated_csv(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("id;name;role\np-1;Ann;GP\n", encoding="utf-8")
    result = loaded(tmp_path)
    assert result.data is not None
    assert result.data.nodes[PERSON]["role"].tolist() == ["gp"]


# ---------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------


def test_problem_text_names_file_row_and_column(tmp_path: Path) -> None:
    write_folder(tmp_path, {"people": "id,name,sector\np-1,Ann,primary care\n"
                                      "p-2,Bob,socail care\n"})
    result = load_import(tmp_path)
    assert result.data is None
    [problem] = result.problems
    assert isinstance(problem, Problem)
    assert str(problem) == ("people.csv, row 3, column 'sector': unknown sector 'socail care'; "
                            "did you mean 'social_care'?")


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    write_folder(tmp_path, {
        "people": "id,name,sector\np-1,Ann,socail care\np-1,Bob,\n",
        "memberships": "person,group\np-1,g-9\n",
        "budgets": "source,target,amount\np-1,p-1,-3\n",
    })
    result = load_import(tmp_path)
    assert result.data is None
    found = {(p.file, p.row, p.column) for p in result.problems if p.severity == "error"}
    assert {("people.csv", 2, "sector"), ("people.csv", 3, "id"),
            ("memberships.csv", None, None), ("budgets.csv", 2, "amount"),
            ("budgets.csv", 2, "source")} <= found
    # g-9 is missing because there is no groups table: the root cause, then the fold
    root, fold = [p for p in result.problems if p.file == "memberships.csv"]
    assert "there is no groups table" in root.message
    assert "1 error that follows from it" in fold.message
    assert "memberships.csv, row 2, column 'group': 'g-9'" in fold.message


def test_problems_are_capped_per_kind(tmp_path: Path) -> None:
    rows = "".join(f"p-{i},Person {i},nonsense\n" for i in range(50))
    write_folder(tmp_path, {"people": "id,name,role\n" + rows})
    result = load_import(tmp_path)
    assert result.data is None
    assert len(result.problems) == 21
    assert [p.row for p in result.problems[:20]] == list(range(2, 22))
    assert "and 30 more rows" in result.problems[-1].message


def test_generic_and_canonical_tables_do_not_mix(tmp_path: Path) -> None:
    write_folder(tmp_path, {"people": "id,name\np-1,Ann\n", "nodes": "id\nn1\n"})
    result = load_import(tmp_path)
    assert result.data is None
    assert any("mixes the generic form" in p.message for p in result.problems)


# ---------------------------------------------------------------------------
# Generic form
# ---------------------------------------------------------------------------


def test_generic_form(tmp_path: Path) -> None:
    write_folder(tmp_path, {
        "nodes": ("id,type,name,sector,weight\n"
                  "n1,person,Ann,Social Services,0.5\n"
                  "n2,,Bob,,\n"
                  "n3,Organisation,Gwent HA,commissioner,\n"
                  "n4,committee,Planning group,,\n"
                  "n5,robot,Robo,,\n"),
        "edges": ("source,target,type,frequency,strength\n"
                  "n1,n2,,4,strong\n"
                  "n1,n4,member of,,\n"
                  "n3,n4,funds,,\n"
                  "n5,n3,EMPLOYED_BY,,\n"),
    })
    result = loaded(tmp_path)
    data = result.data
    assert result.form == "generic" and data is not None
    assert data.node_counts() == {AGENCY: 1, GROUP: 1, PERSON: 3}
    assert records(data.nodes[PERSON], "id", "sector", "attributes") == [
        ("n1", "social_care", '{"weight": "0.5"}'), ("n2", None, None), ("n5", None, None)]
    assert records(data.nodes[AGENCY], "id", "name", "sector") == [
        ("n3", "Gwent HA", "commissioner")]
    assert data.relationship_counts() == {LIAISES_WITH: 1, MEMBER_OF: 1, FUNDS: 1,
                                          EMPLOYED_BY: 1}
    assert records(data.relationships[LIAISES_WITH], "source", "target", "frequency",
                   "attributes") == [("n1", "n2", 4.0, '{"strength": "strong"}')]
    assert records(data.relationships[FUNDS], *ENDPOINT_COLUMNS) == [
        ("n3", AGENCY, "n4", GROUP)]
    warnings = {(p.row, p.column): p.message for p in result.problems}
    assert "read as Person" in warnings[(None, "type")]  # the blank type
    assert "unknown node type 'robot'" in warnings[(6, "type")]
    assert (None, "weight") in warnings and (None, "strength") in warnings


def test_generic_edges_without_nodes(tmp_path: Path) -> None:
    write_folder(tmp_path, {"edges": "from,to\na,b\nb,c\n"})
    result = loaded(tmp_path)
    assert result.data is not None
    assert sorted(result.data.nodes[PERSON]["id"]) == ["a", "b", "c"]
    assert len(result.data.relationships[LIAISES_WITH]) == 2


# ---------------------------------------------------------------------------
# Templates and the Wales example
# ---------------------------------------------------------------------------


def test_templates_load_cleanly(tmp_path: Path) -> None:
    written = write_templates(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{t}.csv" for t in INPUT_TABLES
                                                     if t not in SURVEY_TABLES)
    header = (tmp_path / "people.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(c.name for c in INPUT_TABLES["people"].columns)
    result = load_import(tmp_path)
    assert result.problems == []
    assert result.data is not None
    counts = result.data.relationship_counts()
    # every type, but the survey's answers: `netan init --survey` writes those
    assert set(counts) == set(REL_TYPES) - {RATES} and min(counts.values()) >= 1
    # the template GP works at a practice, not at the health authority
    people = result.data.nodes[PERSON].set_index("id")
    employed = result.data.relationships[EMPLOYED_BY].set_index("source")["target"]
    agencies = result.data.nodes[AGENCY].set_index("id")
    [gp] = people.index[people["role"] == "gp"]
    assert agencies.loc[employed[gp], "kind"] == "gp_practice"


def test_template_workbook_has_sheets_drop_downs_and_a_readme(tmp_path: Path) -> None:
    from netan.importers.templates import write_workbook

    path = write_workbook(tmp_path / "survey.xlsx")
    book = openpyxl.load_workbook(path)
    tables = {name: t for name, t in INPUT_TABLES.items() if name not in SURVEY_TABLES}
    assert book.sheetnames == ["README", *tables]
    readme = book["README"]
    assert "netan import" in " ".join(str(c.value) for c in readme["A"] if c.value)
    people = book["people"]
    assert [c.value for c in people[1]] == [c.name for c in INPUT_TABLES["people"].columns]
    assert people.max_row >= 2  # an example row under the header
    # every vocabulary column has a drop-down pointing at that vocabulary's listed values
    for name, table in tables.items():
        sheet = book[name]
        lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1
                 for v in sheet.data_validations.dataValidation}
        for position, column in enumerate(table.columns, start=1):
            if column.vocabulary is None:
                continue
            letter = openpyxl.utils.get_column_letter(position)
            assert letter in lists, f"{name}.{column.name} has no drop-down"
            first, last = lists[letter].split("!")[1].replace("$", "").split(":")
            values = [readme[f"{first[0]}{row}"].value
                      for row in range(int(first[1:]), int(last[1:]) + 1)]
            assert values == list(VOCABULARIES[column.vocabulary].values)
    result = load_import(path)
    assert result.problems == [] and result.data is not None  # README sheet not read


# ---------------------------------------------------------------------------
# Problems that follow from another: the root cause first, the rest folded
# ---------------------------------------------------------------------------


def test_a_misspelt_header_of_a_missing_column_is_an_error(tmp_path: Path) -> None:
    write_folder(tmp_path, {"groups": "id,name,levle\ng-1,Newport,area\n",
                            "people": "id,name,nickname\np-1,Ann,Annie\n"})
    result = load_import(tmp_path)
    assert result.data is None
    [error] = result.errors
    assert (error.file, error.column) == ("groups.csv", "levle")
    assert "did you mean 'level'?" in error.message
    # a header that is near no column is kept as an attribute, with a warning
    [warning] = result.warnings
    assert warning.column == "nickname" and "attributes" in warning.message


def test_a_renamed_sheet_is_the_root_cause_of_what_follows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "people"
    book.active.append(["id", "name"])
    for i in range(30):
        book.active.append([f"p-{i}", f"Person {i}"])
    groups = book.create_sheet("Planning groups")
    groups.append(["id", "name"])
    groups.append(["g-1", "Newport planning group"])
    members = book.create_sheet("memberships")
    members.append(["person", "group"])
    for i in range(30):
        members.append([f"p-{i}", "g-1"])
    book.save(tmp_path / "survey.xlsx")
    result = load_import(tmp_path / "survey.xlsx")
    assert result.data is None
    root, fold = result.problems[:2]
    assert root.severity == "error" and root.table == "Planning groups"
    assert "did you mean 'groups'?" in root.message
    assert fold.message.startswith("... and 30 errors that follow from it")
    assert "sheet 'memberships' column 'group' (30 rows)" in fold.message
    assert len(result.errors) == 2  # not 30, nor 20 and a cap line


def test_one_table_alone_gives_one_root_cause(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(
        "id,name,employer\n" + "".join(f"p-{i},Person {i},ha-{i % 3}\n" for i in range(25)),
        encoding="utf-8")
    result = load_import(tmp_path / "people.csv")
    root, fold = result.errors
    assert (root.file, root.row, root.column) == ("people.csv", None, None)
    assert "there is no agencies table" in root.message
    assert "25 errors that follow from it" in fold.message
    assert "people.csv, row 2, column 'employer': 'ha-0'" in fold.message


def test_wales_1998_loads_with_the_documented_counts() -> None:
    result = loaded(WALES)
    data = result.data
    assert data is not None
    assert data.node_counts() == {AGENCY: 95, GROUP: 46, PERSON: 155, MEETING: 175}
    counts = data.relationship_counts()
    assert counts[ATTENDED] == 1202 and counts[MEMBER_OF] == 187 and counts[HELD_BY] == 175
    assert counts[EMPLOYED_BY] == 155 and FUNDS not in counts
    assert all(p.severity == "warning" for p in result.problems)
    attends = data.relationships[ATTENDS].set_index("source")
    valleys_gp = attends.loc["p-130"]
    assert (valleys_gp["attended"], valleys_gp["held"], valleys_gp["last_attended"]) == (
        2, 10, "1998-01-14")
    assert valleys_gp["rate"] == pytest.approx(0.2)


def test_synthetic_generator_writes_a_valid_national_folder(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" /
                                                  "synthetic.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    rows = synthetic.generate(tmp_path, n_nodes=3000, n_relationships=30_000, seed=1)
    meetings = rows["groups"] * synthetic.MEETINGS_PER_GROUP
    assert rows["agencies"] + rows["groups"] + rows["people"] + meetings == 3000
    result = loaded(tmp_path)
    data = result.data
    assert data is not None
    assert sum(data.node_counts().values()) == 3000
    assert 0.95 * 30_000 <= sum(data.relationship_counts().values()) <= 30_000
    assert set(data.nodes[AGENCY]["level"]) == {"practice", "locality", "area", "region"}
    assert set(data.nodes[GROUP]["level"]) == {"practice", "locality", "area", "region"}
    assert data.nodes[PERSON]["sector"].notna().all()  # inherited from the employers
    assert len(data.nodes[MEETING]) == meetings
    group_sizes = data.relationships[MEMBER_OF].groupby("target").size()
    assert 10 <= group_sizes.mean() <= 25  # planning groups as the papers describe them
    same = synthetic.generate(tmp_path / "again", n_nodes=3000, n_relationships=30_000, seed=1)
    assert same == rows
    assert (tmp_path / "again" / "liaison.csv").read_bytes() == (
        tmp_path / "liaison.csv").read_bytes()


def test_workbook_rows_beyond_the_stored_dimension_are_read(tmp_path: Path) -> None:
    """A sheet whose stored dimension says A1:B2 but holds six rows (as some programs
    write it): openpyxl alone stops at row 2; every row is imported."""
    from bad_inputs_make import with_dimension, workbook

    rows = [["id", "name"], *([f"p{i}", f"Person {i}"] for i in range(1, 6))]
    path = tmp_path / "people.xlsx"
    path.write_bytes(with_dimension(workbook({"people": rows}), 1, "A1:B2"))
    import openpyxl

    assert len(list(openpyxl.load_workbook(path, read_only=True)["people"].iter_rows())) == 2
    result = loaded(path)
    assert result.data.nodes[PERSON]["id"].tolist() == ["p1", "p2", "p3", "p4", "p5"]
