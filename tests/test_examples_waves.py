"""The bundled examples over time and across sites.

* wales-1998 and wales-2011 (built from the 2011 commissioning briefing) as two waves of
  one store: ``netan compare`` shows what the briefing describes changing.
* kingsfund-1998 split by ``site``: ``netan report --by site`` shows what Poxton (1999)
  says distinguishes the five development sites.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.graphdb.schema import PROVENANCE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
W1998, W2011, KF = EXAMPLES / "wales-1998", EXAMPLES / "wales-2011", EXAMPLES / "kingsfund-1998"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def rows(document: dict, table_id: str) -> list[dict]:
    return [dict(zip(t["columns"], r, strict=True)) for s in document["sections"]
            for t in s["tables"] if t["id"] == table_id for r in t["rows"]]


@pytest.fixture(scope="module")
def wales(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("wales")
    db = folder / "wales.db"
    api.import_data(W1998, db=db, wave="1998")
    api.import_data(W2011, db=db, wave="2011")
    return api.compare(f"{db}#wave=1998", f"{db}#wave=2011", out=folder / "out").document


def test_the_2011_wave_is_what_its_build_script_makes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("wales_2011_build", W2011 / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path)
    for path in sorted(W2011.glob("*.csv")):
        assert (tmp_path / path.name).read_text(encoding="utf-8") == path.read_text(
            encoding="utf-8"), path.name


def test_every_2011_row_says_where_it_comes_from() -> None:
    for path in sorted(W2011.glob("*.csv")):
        for row in read(path):
            assert PROVENANCE.canonical(row["provenance"]), (path.name, row)
            assert row["provenance_note"], (path.name, row)


def test_the_2011_wave_names_1998_ids_so_it_needs_that_wave(tmp_path: Path) -> None:
    with pytest.raises(api.ImportRefused) as refused:
        api.import_data(W2011, db=tmp_path / "alone.db", wave="2011")
    problems = refused.value.problems  # the cause per file, then what follows from it
    assert problems and all("column 'succeeds'" in str(p) for p in problems)
    assert {p.column for p in problems} <= {"succeeds", None}


def test_commissioning_moves_to_gp_consortia_and_the_board(wales: dict) -> None:
    who = {r["id"]: r for r in rows(wales, "compare_who")}
    health_authorities = [a["id"] for a in read(W1998 / "agencies.csv")
                          if a["kind"] == "health_authority"]
    for ha in health_authorities:
        assert who[ha]["change"] == "succeeded"
        assert who[ha]["now"] == f"gpc-{ha.removeprefix('ha-')}; nhs-cb"
    forerunners = [g["id"] for g in read(W1998 / "groups.csv")
                   if g["level"] in ("region", "locality")]
    assert len(forerunners) == 23
    assert all(who[g]["now"].startswith("grp-gpc-") for g in forerunners)


def test_health_authority_staff_leave_but_one_commissioner_each_moves(wales: dict) -> None:
    ha_staff = {p["id"] for p in read(W1998 / "people.csv") if p["employer"].startswith("ha-")}
    movers = {p["id"] for p in read(W2011 / "people.csv") if p["employer"].startswith("gpc-")}
    assert len(movers) == 5 and movers < ha_staff
    left = {r["id"] for r in rows(wales, "compare_who") if r["change"] == "left (no match)"
            and r["label"] == "Person"}
    assert left == ha_staff - movers


def test_gp_led_commissioning_puts_gps_at_the_centre(wales: dict) -> None:
    isolated = rows(wales, "compare_isolated_gps")
    became = [r for r in isolated if r["change"] == "became isolated"]
    stopped = [r for r in isolated if r["change"] == "no longer isolated"]
    assert stopped and not became
    board = {m["person"] for m in read(W2011 / "memberships.csv")
             if m["group"].startswith("grp-gpc-")}
    assert {r["id"] for r in stopped} <= board
    assert any(h.startswith("Caution: attendance registers before") for h in wales["headlines"])
    entered = [r for r in rows(wales, "compare_brokers") if r["change"] == "entered the top"]
    assert sum(r["name"].startswith("Dr ") for r in entered) >= 4


def test_partners_and_money_of_the_new_system_appear(wales: dict) -> None:
    new_groups = [r for r in rows(wales, "compare_representation") if r["status"] == "new"]
    assert len(new_groups) == 22  # one health and wellbeing board per council
    assert all("employment_welfare" in r["members_gained"] for r in new_groups)
    money = {r["mechanism"]: r for r in rows(wales, "compare_money")}
    assert set(money) == {"delegated", "contract"}
    assert all(r["amount_before"] == 0 and r["amount_after"] > 0 for r in money.values())
    gained = {r["type"] for r in rows(wales, "compare_relationships") if r["change"] == "gained"}
    assert "PARTNERS_WITH" in gained


# -- the King's Fund sites ----------------------------------------------------------------


@pytest.fixture(scope="module")
def kf_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("kf")
    db = folder / "kf.db"
    api.import_data(KF, db=db)
    document = api.report_by("site", db=db, out=folder / "out").document
    return {r["site"]: r for r in rows(document, "sites")}


def test_five_sites(kf_sites: dict[str, dict]) -> None:
    assert sorted(kf_sites) == ["Dartford and Gravesham", "Dudley", "Huyton", "Sutton",
                                "Trowbridge"]


def test_dartford_and_gravesham_rests_on_one_person(kf_sites: dict[str, dict]) -> None:
    """Poxton 1999: sites with several boundary spanners did better than those where one or
    two isolated individuals struggled; D&G's joint commissioning manager is its bridge."""
    dg = kf_sites["Dartford and Gravesham"]
    assert dg["top_broker"] == next(p["name"] for p in read(KF / "people.csv")
                                    if p["id"] == "kf-jcm")
    assert dg["share_cut"] > 0.75
    assert all(r["pairs_cut"] < dg["pairs_cut"] for s, r in kf_sites.items() if s != dg["site"])


def test_only_wiltshire_involves_users_and_carers(kf_sites: dict[str, dict]) -> None:
    assert {s: r["groups_with_users_or_carers"] for s, r in kf_sites.items()} == {
        "Dartford and Gravesham": 0, "Dudley": 0, "Huyton": 0, "Sutton": 0, "Trowbridge": 1}


def test_no_site_pools_money_or_purchases(kf_sites: dict[str, dict]) -> None:
    assert {r["pooled_share"] for r in kf_sites.values()} == {0}
    assert {r["purchased"] for r in kf_sites.values()} == {0}


def test_report_by_an_attribute_nobody_has_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "kf.db"
    api.import_data(KF, db=db)
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--by", "region_code",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "no node has a value for 'region_code'" in result.output
    done = CliRunner().invoke(app, ["report", "--db", str(db), "--by", "site", "--out",
                                    str(tmp_path / "out"), "--format", "html,csv"])
    assert done.exit_code == 0, done.output
    html = (tmp_path / "out" / "sites.html").read_text(encoding="utf-8")
    assert "small-multiples" in html and "<script src" not in html
    assert (tmp_path / "out" / "csv" / "sites.csv").exists()


def test_a_later_wave_imported_on_its_own_says_to_import_the_earlier_one(
        tmp_path: Path) -> None:
    """wales-2011 names its predecessors in wales-1998. Imported alone (the usual slip),
    the cause comes first, once per file, and the rest folds into it: no flood of
    'did you mean' lines, nothing written. A typo among found predecessors is still
    listed by row (test_waves.test_bad_dates_and_successors_are_one_line_each)."""
    db = tmp_path / "alone.db"
    result = CliRunner().invoke(app, ["import", str(W2011), "--db", str(db)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    causes = [ln for ln in lines if "import the earlier wave first" in ln]
    assert [ln.split(":")[1].strip() for ln in causes] == ["agencies.csv", "groups.csv"]
    assert sum("errors that follow from it" in ln for ln in lines) == 2
    assert len(lines) == 5 and "nothing was written" in lines[-1]
    assert not db.exists()
