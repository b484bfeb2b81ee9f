"""Pseudonyms that hold: names inside other names, a salt that must be random, one mapping
for the report and the view, and no collision that puts one person's data on another."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.graphdb.schema import AGENCY, EMPLOYED_BY, GROUP, MEMBER_OF, PERSON
from netan.queries import pseudonyms as ps
from netan.reporting.report import table_rows

SALT = bytes(range(7, 39))
runner = CliRunner()


def graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("dr-jones", label=PERSON, id="dr-jones", name="Dr Gwen Jones", role="gp")
    G.add_node("p2", label=PERSON, id="p2", name="Huw Evans", role="social_worker")
    G.add_node("gp-jones-01", label=AGENCY, id="gp-jones-01", name="Dr Jones's Practice",
               area="Pontypridd", kind="gp_practice", contact="ask Gwen Jones")
    G.add_node("gp2", label=AGENCY, id="gp2", name="Jones Street Surgery", area="Evanstown")
    G.add_node("grp", label=GROUP, id="grp", name="Huw Evans liaison group", level="area")
    G.add_edge("dr-jones", "gp-jones-01", type=EMPLOYED_BY)
    G.add_edge("dr-jones", "grp", type=MEMBER_OF, role="chair", represents="gp-jones-01")
    G.add_edge("p2", "grp", type=MEMBER_OF, role="member", represents="gp2")
    return G


def test_names_inside_organisation_and_group_names_are_replaced() -> None:
    mapping = ps.pseudonyms(graph(), SALT)
    H = mapping.apply(graph())
    jones, evans = mapping.shown("dr-jones"), mapping.shown("p2")
    practice = mapping.shown("gp-jones-01")
    assert re.fullmatch(r"A-[0-9a-f]{12}", practice)  # its id held a name too
    assert H.nodes[practice]["name"] == "Dr [person]'s Practice"
    assert H.nodes[practice]["contact"] == f"ask {jones}"  # a whole name: the code
    assert H.nodes[practice]["area"] == "Pontypridd" and H.nodes[practice]["kind"] == "gp_practice"
    assert H.nodes["gp2"]["name"] == "[person] Street Surgery"
    assert H.nodes["gp2"]["area"] == "Evanstown"  # a word that is no name stays
    assert H.nodes["grp"]["name"] == f"{evans} liaison group"
    represents = {u: d["represents"] for u, _, d in H.edges(data=True) if d["type"] == MEMBER_OF}
    assert represents == {jones: practice, evans: "gp2"}
    text = json.dumps([list(H.nodes(data=True)), list(H.edges(data=True))])
    for word in ("Gwen", "Jones", "jones", "Huw", "Evans "):
        assert word not in text


def test_codes_are_one_to_one_and_a_code_once_held_is_never_given_to_another(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ps, "CODE_DIGITS", 1)  # 16 codes for 60 people: collisions galore
    people = {f"p{i}": ps.PREFIX for i in range(60)}
    codes = ps.unique_codes(people, SALT, taken=["P-0", "P-a1"])
    assert len(set(codes.values())) == 60 and not {"P-0", "P-a1"} & set(codes.values())
    for node, code in codes.items():  # each code is the start of the person's own HMAC
        assert ps._digest(node, SALT).startswith(code[2:])
    more = ps.unique_codes({**people, "p60": ps.PREFIX, "p61": ps.PREFIX}, SALT)
    owner = {code: node for node, code in more.items()}
    for node, code in codes.items():
        assert owner.get(code, node) == node  # nobody else ever gets p's old code


def test_a_code_never_lands_on_an_organisation(monkeypatch: pytest.MonkeyPatch) -> None:
    G = graph()
    taken = ps.pseudonym("p2", SALT)
    G.add_node(taken, label=AGENCY, id=taken, name="An agency with an unlucky id")
    H = ps.pseudonymise_graph(G, SALT)
    assert H.nodes[taken]["label"] == AGENCY
    code = ps.pseudonyms(G, SALT).shown("p2")
    assert code != taken and code.startswith(taken) and H.nodes[code]["role"] == "social_worker"


@pytest.mark.parametrize(("salt", "problem"), [
    (b"", "holds 0 bytes"), (bytes(range(31)), "holds 31 bytes"),
    (b"ab" * 16, "does not look random")])
def test_an_empty_short_or_repeated_salt_is_refused(salt: bytes, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        ps.pseudonyms(graph(), salt)


def test_the_local_salt_is_made_random_private_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "salt"
    salt = api.local_salt(path)
    assert len(salt) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert api.local_salt(path) == salt
    path.write_bytes(b"")
    with pytest.raises(ValueError, match=f"the salt file {path} holds 0 bytes"):
        api.local_salt(path)


# -- through the store: report and view share one mapping --------------------------------

PEOPLE = [(f"p{i:02d}", f"Person{i:02d} Surname{i % 7}", "gp" if i % 3 == 0 else "social_worker")
          for i in range(30)]


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "agencies.csv").write_text(
        "id,name,sector,level\ngp-surname1,Surname1 and Partners,primary_care,practice\n"
        "ssd,Social services,social_care,area\n", encoding="utf-8")
    (data / "groups.csv").write_text("id,name,level\ng1,Person01 Surname1 network,area\n"
                                     "g2,Locality group,locality\n", encoding="utf-8")
    (data / "people.csv").write_text("id,name,role,employer\n" + "".join(
        f"{pid},{name},{role},{'gp-surname1' if role == 'gp' else 'ssd'}\n"
        for pid, name, role in PEOPLE), encoding="utf-8")
    (data / "memberships.csv").write_text("person,group\n" + "".join(  # every 6th: none
        f"{pid},{'g1' if i % 2 else 'g2'}\n" for i, (pid, _, _) in enumerate(PEOPLE) if i % 6),
        encoding="utf-8")
    db = tmp_path / "netan.db"
    api.import_data(data, db=db, mode="replace")
    return db


def test_report_and_view_show_the_same_codes_even_when_codes_collide(
        stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETAN_SALT_FILE", str(tmp_path / "salt"))
    monkeypatch.setattr(ps, "CODE_DIGITS", 1)  # codes collide: lengthened ones are used
    written = api.report(db=stored, out=tmp_path / "report", formats=("html", "json"),
                         anonymise=True)
    mapping = ps.pseudonyms(api.read_graph(stored), api.local_salt())
    assert len({len(code) for code in mapping.codes.values()}) > 1  # some were lengthened
    real = {pid: role for pid, _, role in PEOPLE}
    betweenness = {row["id"]: row for row in table_rows(written.document, "betweenness")}
    assert set(betweenness) == {mapping.shown(pid) for pid in real}
    page = (tmp_path / "report" / "network.html").read_text(encoding="utf-8")
    for pid, role in real.items():  # each code carries its own person's data
        code = mapping.shown(pid)
        assert f'"{code}"' in page
        assert api.read_graph(stored, anonymise=True).nodes[code]["role"] == role
    everything = page + json.dumps(written.document)
    assert not re.search(r"Person\d\d|Surname\d", everything)
    assert "[person] and Partners" in everything
    # the view on its own computes its highlights on the same pseudonymised graph
    model = api.view(stored, out=tmp_path / "alone.html", anonymise=True)
    marked = {(h.tag, h.id) for h in model.highlights}
    from_report = {("isolated-gps", row["id"])
                   for row in table_rows(written.document, "isolated_gps")}
    assert {m for m in marked if m[0] == "isolated-gps"} == from_report and from_report


def test_view_focus_takes_the_persons_own_id(stored: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETAN_SALT_FILE", str(tmp_path / "salt"))
    model = api.view(stored, out=tmp_path / "v.html", focus="p03", depth=1, anonymise=True,
                     size_by="degree")
    code = ps.pseudonyms(api.read_graph(stored), api.local_salt()).shown("p03")
    assert code in {n.id for n in model.nodes}
    assert not any("p03" == n.id or "Person03" in n.name for n in model.nodes)


def test_the_cli_refuses_an_empty_salt_in_one_line(stored: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "salt").write_bytes(b"")
    monkeypatch.setenv("NETAN_SALT_FILE", str(tmp_path / "salt"))
    for command in (["report", "--out", str(tmp_path / "r")], ["view", "--out",
                                                                str(tmp_path / "v.html")]):
        result = CliRunner().invoke(app, [*command, "--db", str(stored), "--anonymise"])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.output.strip().splitlines() == [
            f"error: --anonymise: the salt file {tmp_path / 'salt'} holds 0 bytes; pseudonyms "
            "need a salt of at least 32 random bytes"]
    assert not (tmp_path / "r").exists() and not (tmp_path / "v.html").exists()


# -- people's extra columns: kept unless they could identify someone ----------------------

TEAM_PEOPLE = {
    "agencies.csv": "id,name,kind,sector,level\nha,Alder HA,health_authority,commissioner,"
                    "region\nssd,Birch SSD,social_services,social_care,area\n"
                    "gp-c,Cedar Practice,gp_practice,primary_care,practice\n",
    "groups.csv": "id,name,kind,level\nboard,Joint board,board,area\n"
                  "north-forum,North forum,locality_group,locality\n",
    "people.csv": "id,name,role,employer,team,band,email,staff_no,manager,remark,ward\n"
                  "p1,Dr Gwen Ellis-Roberts,gp,gp-c,north,7,gwen@cedar.nhs.uk,S-104,p3,,north\n"
                  "p2,Tomasz Wojcik,social_worker,ssd,north,6,tw@birch.gov.uk,S-221,p3,"
                  "is off sick since the spring and rarely attends,north\n"
                  "p3,Ruth Okafor,commissioner,ha,south,8,ro@alder.nhs.uk,S-007,,,Okafor ward\n"
                  "p4,Sam Ng,gp,gp-c,south,7,sn@cedar.nhs.uk,S-310,p3,,south\n",
    "memberships.csv": "person,group\np1,board\np2,board\np3,board\np4,board\n"
                       "p1,north-forum\np2,north-forum\n",
}
SECRETS = ("Gwen", "Ellis", "Roberts", "Tomasz", "Wojcik", "Ruth", "Okafor", "Sam Ng",
           "gwen@", "tw@", "ro@", "sn@", "S-104", "S-221", "S-007", "S-310", "off sick")


@pytest.fixture()
def team_store(tmp_path: Path) -> Path:
    """A store of TEAM_PEOPLE, imported by the CLI."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name, text in TEAM_PEOPLE.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "team.db"
    assert runner.invoke(app, ["import", str(folder), "--db", str(db)]).exit_code == 0
    return db


def test_identifying_columns_follow_the_documented_rule(team_store: Path) -> None:
    G = api.read_graph(team_store)
    assert ps.identifying_columns(G) == {
        "email": "its header names, contacts or describes a person",
        "manager": "a value is a person's id",
        "remark": "free text",
        "staff_no": "each value belongs to one person alone",
        "ward": "a value holds a word of a person's name or id"}  # 'Okafor ward'
    H = ps.pseudonymise_graph(G, SALT)
    people = [d for _, d in H.nodes(data=True) if d["label"] == PERSON]
    assert sorted((d["team"], d["band"]) for d in people) == [
        ("north", "6"), ("north", "7"), ("south", "7"), ("south", "8")]
    assert not any(set(d) & {"email", "manager", "remark", "staff_no", "ward"}
                   for d in people)


def test_anonymised_report_groups_people_by_a_kept_column_and_leaks_no_name(
        team_store: Path, tmp_path: Path) -> None:
    db = team_store
    out = tmp_path / "report"
    env = {"NETAN_SALT_FILE": str(tmp_path / "salt")}
    result = runner.invoke(app, ["report", "--db", str(db), "--out", str(out), "--group-by",
                                 "team", "--anonymise"], env=env)
    assert result.exit_code == 0, result.output
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    nodes = table_rows(document, "nodes_people")
    assert sorted(r["team"] for r in nodes) == ["north", "north", "south", "south"]
    assert all(re.fullmatch(r"P-[0-9a-f]{12}", r["id"]) for r in nodes)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"report.html", "report.md", "report.json",
                                       "network.html", "nodes_people.csv"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for secret in SECRETS:
            assert secret not in text, (path.name, secret)
    refused = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r2"),
                                  "--group-by", "email", "--anonymise"], env=env)
    assert refused.exit_code == 1
    line = refused.output.strip()
    assert len(line.splitlines()) == 1 and line.startswith("error: --group-by 'email'")
    assert "email: its header names, contacts or describes a person" in line
    assert "gwen@" not in line
