"""netan compare on pairs where every change is known (tests/fixtures/waves, see its README).

Between the waves exactly three things change: Dr B starts attending, the CPN's liaison
with Dr A is cut, the PCG is succeeded by the PCT. The comparison must find those and
nothing else; the reverse comparison must find their mirror image.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from netan import api
from netan.graphdb.schema import AGENCY, LIAISES_WITH, SUCCEEDED_BY
from netan.queries import compare as cmp

FIXTURES = Path(__file__).parent / "fixtures" / "waves"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("compare") / "netan.db"
    api.import_data(FIXTURES / "2000", db=db, wave="2000")
    api.import_data(FIXTURES / "2003", db=db, wave="2003")
    return db


@pytest.fixture(scope="module")
def forward(store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("forward")
    return api.compare(f"{store}#wave=2000", f"{store}#wave=2003", out=out).document


def rows(document: dict, table_id: str) -> list[dict]:
    return [dict(zip(t["columns"], r, strict=True)) for s in document["sections"]
            for t in s["tables"] if t["id"] == table_id for r in t["rows"]]


def test_the_three_known_changes_are_found(forward: dict) -> None:
    assert [(r["id"], r["change"], r["now"]) for r in rows(forward, "compare_who")] == [
        ("pcg", "succeeded", "pct")]
    assert [(r["id"], r["change"], r["reasons_before"], r["reasons_after"])
            for r in rows(forward, "compare_isolated_gps")] == [
        ("p-gpb", "no longer isolated", "invited_not_attending", "")]
    assert [(r["change"], r["type"], r["source"], r["target"])
            for r in rows(forward, "compare_relationships")] == [
        ("lost", LIAISES_WITH, "p-cpn", "p-gpa")]
    assert [(r["person"], r["group"], r["attended_before"], r["held_before"],
             r["attended_after"], r["held_after"])
            for r in rows(forward, "compare_attendance")] == [("p-gpb", "grp-area", 0, 4, 3, 4)]
    assert [(r["group"], r["attenders_gained"], r["members_gained"])
            for r in rows(forward, "compare_representation")] == [
        ("grp-area", "primary_care", "")]


def test_vertical_links_follow_the_liaison_cut_and_the_new_attender(forward: dict) -> None:
    """Vertical links run over every route (docs/design.md): the CPN linked Alpha Surgery
    and the locality group up through the liaison with Dr A; Dr B, now at the area group,
    links Beta Surgery up. The PCT's succession changes no unit's links."""
    assert [(r["unit"], r["links_before"], r["links_after"], r["gained"], r["lost"])
            for r in rows(forward, "compare_vertical_links")] == [
        ("gp1", 3, 2, "", "p-cpn"), ("gp2", 0, 1, "p-gpb", ""), ("grp-loc", 2, 1, "", "p-cpn")]


def test_and_nothing_else(forward: dict) -> None:
    assert rows(forward, "compare_money") == []
    summary = next(s for s in forward["sections"] if s["id"] == "who")["summary"]
    assert summary == {"by_id": 13, "by_successor": 1, "left": 0, "appeared": 0}
    assert not any("Not matched" in line for line in forward["headlines"])


def test_the_whole_network_change_and_its_test(forward: dict) -> None:
    """Person ties: 3 gained (Dr B with the three attenders), 1 lost (the liaison).

    Density 7/15 -> 9/15; McNemar exact p = P(|2X - 4| >= 2), X ~ Bin(4, 1/2) = 10/16,
    which is R's binom.test(3, 4)$p.value.
    """
    network = {r["measure"]: r for r in rows(forward, "compare_network")}
    density = network["density"]
    assert (density["before"], density["after"]) == (7 / 15, 9 / 15)
    assert density["changed_pairs"] == 4 and density["p_value"] == 0.625
    assert math.isclose(density["p_value"], sum(math.comb(4, k) for k in (0, 1, 3, 4)) / 16)
    assert "could be noise" in next(h for h in forward["headlines"] if h.startswith("Density"))
    qap = rows(forward, "compare_qap")[0]
    assert qap["exact"] is True and qap["relabellings"] == math.factorial(6)


def test_the_reverse_comparison_mirrors_it(store: Path, tmp_path: Path) -> None:
    document = api.compare(f"{store}#wave=2003", f"{store}#wave=2000", out=tmp_path).document
    assert [(r["id"], r["change"]) for r in rows(document, "compare_isolated_gps")] == [
        ("p-gpb", "became isolated")]
    assert [(r["change"], r["source"], r["target"])
            for r in rows(document, "compare_relationships")] == [("gained", "p-cpn", "p-gpa")]
    # the PCT has no successor in 2000: it matches its predecessor there
    assert [(r["id"], r["change"], r["now"]) for r in rows(document, "compare_who")] == [
        ("pct", "was the successor", "pcg")]
    assert "Succeeded: Newport Primary Care Group by Newport Primary Care Trust." in \
        document["headlines"]


def test_a_wave_compared_with_itself_has_no_changes(store: Path, tmp_path: Path) -> None:
    document = api.compare(f"{store}#wave=2003", f"{store}#wave=2003", out=tmp_path).document
    for table_id in ("compare_who", "compare_isolated_gps", "compare_vertical_links",
                     "compare_representation", "compare_relationships",
                     "compare_attendance"):
        assert rows(document, table_id) == [], table_id
    assert {r["p_value"] for r in rows(document, "compare_network")} == {1.0}
    assert rows(document, "compare_qap")[0]["r"] == 1.0


def test_dates_compare_like_waves(store: Path, tmp_path: Path) -> None:
    """Wave 2003 in February (one meeting held, Dr B absent) against July (3 of 4)."""
    document = api.compare(f"{store}#wave=2003&as_of=2003-02-01",
                           f"{store}#wave=2003&as-of=2003-12-31", out=tmp_path).document
    assert [(r["id"], r["change"]) for r in rows(document, "compare_isolated_gps")] == [
        ("p-gpb", "no longer isolated")]
    assert {r["person"]: (r["attended_before"], r["held_before"], r["attended_after"],
                          r["held_after"]) for r in rows(document, "compare_attendance")} == {
        "p-gpb": (0, 1, 3, 4), "p-mgr": (1, 1, 4, 4), "p-sw": (1, 1, 4, 4),
        "p-cpn": (1, 1, 4, 4)}


# -- matching ---------------------------------------------------------------------------


def graph(*nodes: str, succession: tuple[tuple[str, str], ...] = ()) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for node in nodes:
        G.add_node(node, label=AGENCY, name=node.upper())
    for a, b in succession:
        G.add_edge(a, b, type=SUCCEEDED_BY)
    return G


def test_matching_follows_mergers_splits_and_missing_links() -> None:
    chain = {"pcg-a": ["pct"], "pcg-b": ["pct"], "pct": ["ccg"], "lhcc": ["chp-1", "chp-2"]}
    before = graph("pcg-a", "pcg-b", "lhcc", "ha", "gone")
    after = graph("ccg", "chp-1", "chp-2", "ha", "new")
    found = cmp.match(before, after, chain)
    assert found.to_after == {"pcg-a": ["ccg"], "pcg-b": ["ccg"], "lhcc": ["chp-1", "chp-2"],
                              "ha": ["ha"]}
    assert found.how["pcg-a"] == "successor" and found.how["ha"] == "id"
    assert found.left == ["gone"] and found.appeared == ["new"]
    assert found.translate("gone") == ["gone"]


def test_successions_recorded_in_either_graph_are_used() -> None:
    before = graph("pcg", succession=())
    after = graph("pct", "pcg", succession=(("pcg", "pct"),))
    after.remove_node("pcg")
    assert cmp.match(before, after).left == ["pcg"]  # the edge went with the node
    assert cmp.match(before, after, {"pcg": ["pct"]}).to_after == {"pcg": ["pct"]}


# -- the CLI, privacy and escaping ----------------------------------------------------------


def _netan(columns: int, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "netan", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 200])
def test_console_script_compare(store: Path, tmp_path: Path, columns: int) -> None:
    done = _netan(columns, "compare", f"{store}#wave=2000", f"{store}#wave=2003", "--out",
                  str(tmp_path / "out"), "--format", "md,csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1] == ("- 1 of 2 GPs were on the periphery before and 0 of 2 after; 1 "
                        "stopped being isolated (Dr B).")  # one line however wide
    assert (tmp_path / "out" / "compare.md").exists()
    assert (tmp_path / "out" / "csv" / "compare_relationships.csv").read_text(
        encoding="utf-8").splitlines()[1].startswith("lost,LIAISES_WITH,p-cpn")
    bad = _netan(columns, "compare", f"{store}#wave", f"{store}#wave=2003", cwd=tmp_path)
    assert bad.returncode == 1 and bad.stderr.count("\n") + bad.stdout.count("\n") == 1
    assert "key=value" in bad.stdout + bad.stderr and "Traceback" not in bad.stderr


def test_names_are_escaped_and_anonymised_everywhere(tmp_path: Path) -> None:
    folders = {}
    for wave in ("2000", "2003"):
        folders[wave] = tmp_path / wave
        shutil.copytree(FIXTURES / wave, folders[wave])
        people = folders[wave] / "people.csv"
        people.write_text(people.read_text(encoding="utf-8").replace(
            "Dr B", "<b>Dr [red]B</b>"), encoding="utf-8")
    db = tmp_path / "netan.db"
    for wave, folder in folders.items():
        api.import_data(folder, db=db, wave=wave)
    plain = api.compare(f"{db}#wave=2000", f"{db}#wave=2003", out=tmp_path / "plain")
    html = plain.files["html"].read_text(encoding="utf-8")
    assert "&lt;b&gt;Dr [red]B&lt;/b&gt;" in html and "<b>Dr" not in html
    os.environ["NETAN_SALT_FILE"] = str(tmp_path / "salt")
    try:
        hidden = api.compare(f"{db}#wave=2000", f"{db}#wave=2003", out=tmp_path / "hidden",
                             anonymise=True)
    finally:
        del os.environ["NETAN_SALT_FILE"]
    text = json.dumps(hidden.document) + "".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "hidden" / "csv").iterdir())
    for secret in ("Dr B", "Dr A", "p-gpb", "Chris Nurse", "p-cpn"):
        assert secret not in text, secret
    changed = rows(hidden.document, "compare_isolated_gps")
    assert len(changed) == 1 and changed[0]["change"] == "no longer isolated"  # same code


# -- netan view --compare ---------------------------------------------------------------


def test_compare_view_marks_added_removed_and_kept_ties(store: Path, tmp_path: Path) -> None:
    model = api.view(store, tmp_path / "change.html", wave="2003",
                     compare=f"{store}#wave=2000", layout="force")
    states = {}
    for edge in model.edges:
        states.setdefault(edge.type.split(":")[0], set()).add(
            frozenset((edge.source, edge.target)))
    assert states["added"] == {frozenset(("p-gpb", p)) for p in ("p-mgr", "p-sw", "p-cpn")}
    assert states["removed"] == {frozenset(("p-cpn", "p-gpa"))}
    assert len(states["kept"]) == 6
    removed = next(e for e in model.edges if e.type.startswith("removed"))
    assert (removed.colour, removed.dashes) == ("#D73027", [6, 4])
    assert model.notes[0].startswith("Comparing") and "3 ties added" in model.notes[0]


@pytest.mark.slow
def test_compare_view_opens_offline_in_a_real_browser(store: Path, tmp_path: Path) -> None:
    from browser import Browser, skip_reason

    if skip_reason():
        pytest.skip(str(skip_reason()))
    path = tmp_path / "change.html"
    api.view(store, path, wave="2003", compare=f"{store}#wave=2000")
    browser = Browser()
    try:
        with browser.open(path) as (page, log):
            legend = page.inner_text("body")
            drawn = page.evaluate("window.netan.network.body.data.edges.get()"
                                  ".filter(e => e.dashes).length")
        assert not (log.errors or log.console_errors or log.blocked or log.dialogs)
        assert "tie removed (only before)" in legend and "tie added (only after)" in legend
        assert drawn == 1  # the one removed tie is the one dashed line
    finally:
        browser.close()


# -- where compare writes ---------------------------------------------------------------


def test_compare_out_refuses_the_stores_and_the_salt(store: Path, tmp_path: Path,
                                                    request: pytest.FixtureRequest) -> None:
    """--out goes through netan's safe writer: no output over either store (or its
    WAL/lock files) or the salt, checked before any work; nothing half-written."""
    from typer.testing import CliRunner

    from netan.cli.main import app

    folder = tmp_path / "out"
    folder.mkdir()
    after = folder / "compare.json"  # the second store, where compare.json would go
    shutil.copy(store, after)
    before_bytes, store_bytes = after.read_bytes(), store.read_bytes()
    salted = tmp_path / "salted"
    salted.mkdir()
    (salted / "compare.md").write_bytes(b"salt")
    cases = [([f"{store}#wave=2000", f"{after}#wave=2003", "--out", str(folder)],
              {}, f"would overwrite {after.resolve()}, which netan reads"),
             ([f"{store}#wave=2000", f"{store}#wave=2003", "--out", str(store)],
              {}, "is a file; give a folder"),
             ([f"{store}#wave=2000", f"{store}#wave=2003", "--out", str(salted),
               "--anonymise"], {"NETAN_SALT_FILE": str(salted / "compare.md")},
              "would overwrite")]
    for args, env, message in cases:
        result = CliRunner().invoke(app, ["compare", *args], env=env)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert after.read_bytes() == before_bytes and store.read_bytes() == store_bytes
    assert (salted / "compare.md").read_bytes() == b"salt"
    assert sorted(p.name for p in folder.iterdir()) == ["compare.json"]
    # a failure while writing leaves the old comparison, and no temporary folder
    old = tmp_path / "old"
    old.mkdir()
    (old / "compare.md").write_text("the old comparison\n", encoding="utf-8")

    request.getfixturevalue("disk_fills_while_writing")
    with pytest.raises(RuntimeError, match="disk filled up"):
        api.compare(f"{store}#wave=2000", f"{store}#wave=2003", out=old,
                    formats=("md", "json"))
    assert sorted(p.name for p in old.iterdir()) == ["compare.md"]
    assert (old / "compare.md").read_text(encoding="utf-8") == "the old comparison\n"
