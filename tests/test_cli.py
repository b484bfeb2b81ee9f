"""The real `netan` CLI (typer's CliRunner) on the real embedded store and real files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netan.cli.main import app

REPO = Path(__file__).resolve().parents[1]
WALES = REPO / "examples" / "wales-1998"

runner = CliRunner()

AREA_GROUPS_WITH_GP_MEMBER = (
    "MATCH (p:Person {role: 'gp'})-[m:MEMBER_OF]->(g:Group {level: 'area'}) "
    "WHERE m.role <> 'invited' RETURN count(DISTINCT g.id) AS n"
)
AREA_GROUPS_WITH_ONLY_INVITED_GP = (
    "MATCH (p:Person {role: 'gp'})-[m:MEMBER_OF]->(g:Group {level: 'area'}) "
    "WITH g, collect(m.role) AS roles "
    "WHERE all(r IN roles WHERE r = 'invited') RETURN count(g) AS n"
)


def netan(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def query_json(db: Path, cypher: str, *params: str) -> list[dict]:
    args = ["query", cypher, "--db", str(db), "--format", "json"]
    for p in params:
        args += ["--param", p]
    code, out = netan(*args)
    assert code == 0, out
    return json.loads(out)


@pytest.fixture(scope="module")
def wales_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("wales") / "netan.db"
    code, out = netan("import", str(WALES), "--db", str(db))
    assert code == 0, out
    return db


def test_version() -> None:
    code, out = netan("--version")
    assert code == 0
    assert out.startswith("netan ")


def test_every_command_has_help_with_examples() -> None:
    for command in ("import", "query", "schema", "init"):
        code, out = netan(command, "--help")
        assert code == 0, out
        assert "Example" in out, f"netan {command} --help shows no example"


def test_wales_import_finds_the_papers_gp_counts(wales_db: Path) -> None:
    assert query_json(wales_db, AREA_GROUPS_WITH_GP_MEMBER) == [{"n": 9}]
    assert query_json(wales_db, AREA_GROUPS_WITH_ONLY_INVITED_GP) == [{"n": 8}]


def test_query_formats_and_typed_params(wales_db: Path) -> None:
    cypher = "MATCH (g:Group) WHERE g.level = $level RETURN count(*) AS n"
    as_json = query_json(wales_db, cypher, "level=area")
    code, as_csv = netan("query", cypher, "--db", str(wales_db), "--param", "level=area",
                         "--format", "csv")
    assert code == 0, as_csv
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert rows == [{"n": str(as_json[0]["n"])}]
    code, table = netan("query", cypher, "--db", str(wales_db), "--param", "level=area")
    assert code == 0 and str(as_json[0]["n"]) in table
    # numbers and lists arrive typed, not as text
    assert query_json(wales_db, "RETURN $n + 1 AS m, size($xs) AS k", "n=41", "xs=[1,2,3]") == [
        {"m": 42, "k": 3}
    ]


def test_query_from_file(wales_db: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.cypher"
    q.write_text(AREA_GROUPS_WITH_GP_MEMBER, encoding="utf-8")
    code, out = netan("query", "--file", str(q), "--db", str(wales_db), "--format", "json")
    assert code == 0, out
    assert json.loads(out) == [{"n": 9}]


@pytest.mark.parametrize(
    "cypher",
    [
        "CREATE (:Person {id: 'x', name: 'X'})",
        "MATCH (p:Person) DETACH DELETE p",
        "MATCH (p:Person) SET p.name = 'changed'",
        "MERGE (:Person {id: 'y'})",
    ],
)
def test_query_refuses_writes_without_flag(wales_db: Path, cypher: str) -> None:
    before = query_json(wales_db, "MATCH (p:Person) RETURN count(*) AS n, min(p.name) AS first")
    code, out = netan("query", cypher, "--db", str(wales_db))
    assert code != 0
    assert "--write" in out
    assert "Traceback" not in out
    after = query_json(wales_db, "MATCH (p:Person) RETURN count(*) AS n, min(p.name) AS first")
    assert before == after


def test_query_write_flag_writes(tmp_path: Path, wales_db: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copyfile(wales_db, db)
    code, out = netan("query", "CREATE (:Person {id: 'new-person', name: 'New'})",
                      "--db", str(db), "--write")
    assert code == 0, out
    assert query_json(db, "MATCH (p:Person {id: 'new-person'}) RETURN p.name AS name") == [
        {"name": "New"}
    ]


def test_query_error_is_one_clear_line(wales_db: Path) -> None:
    code, out = netan("query", "MATCH (p:Person RETURN p", "--db", str(wales_db))
    assert code != 0
    assert "Traceback" not in out
    assert "error" in out.lower()


def test_query_on_missing_store_says_so(tmp_path: Path) -> None:
    code, out = netan("query", "MATCH (n) RETURN n", "--db", str(tmp_path / "none.db"))
    assert code != 0
    assert "netan import" in out


def test_neo4j_spellings_give_hand_counted_answers(wales_db: Path) -> None:
    # unquoted Group label and type(r): every MEMBER_OF is counted once
    via_neo4j = query_json(
        wales_db,
        "MATCH (:Person)-[r]->(:Group) WHERE type(r) = 'MEMBER_OF' RETURN count(*) AS n",
    )
    native = query_json(
        wales_db, "MATCH (:Person)-[r:MEMBER_OF]->(:`Group`) RETURN count(*) AS n"
    )
    assert via_neo4j == native and native[0]["n"] > 0
    labels = query_json(wales_db, "MATCH (n:Person) RETURN labels(n)[0] AS l LIMIT 1")
    assert labels == [{"l": "Person"}]


def test_existing_store_needs_a_mode(tmp_path: Path, wales_db: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copyfile(wales_db, db)
    code, out = netan("import", str(WALES), "--db", str(db))
    assert code != 0
    assert "--append" in out and "--replace" in out


def test_append_is_idempotent(tmp_path: Path, wales_db: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copyfile(wales_db, db)
    snapshot = "MATCH (n) RETURN count(*) AS n"
    rels = "MATCH ()-[r]->() RETURN count(*) AS n"
    before = query_json(db, snapshot), query_json(db, rels)
    code, out = netan("import", str(WALES), "--db", str(db), "--append")
    assert code == 0, out
    assert (query_json(db, snapshot), query_json(db, rels)) == before


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "dry.db"
    code, out = netan("import", str(WALES), "--db", str(db), "--dry-run")
    assert code == 0, out
    assert "nothing was written" in out
    assert not db.exists()


def test_schema_prints_the_model() -> None:
    code, out = netan("schema", "--json")
    assert code == 0
    model = json.loads(out)
    assert "MEMBER_OF" in model["relationship_types"]
    assert "primary_care" in model["vocabularies"]["sector"]["values"]
    code, text = netan("schema")
    assert code == 0 and "LIAISES_WITH" in text


def test_init_templates_import_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "my-partnership"
    code, out = netan("init", str(folder))
    assert code == 0, out
    assert (folder / "people.csv").exists()
    code, out = netan("import", str(folder), "--db", str(tmp_path / "t.db"))
    assert code == 0, out
    code, out = netan("init", str(folder))
    assert code != 0 and "not empty" in out


# ---------------------------------------------------------------------------
# netan view (the page itself is tested in a real browser in test_view.py)
# ---------------------------------------------------------------------------


def test_view_writes_page_and_static_twin(tmp_path: Path, wales_db: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    page, png = tmp_path / "wales.html", tmp_path / "wales.png"
    code, out = netan("view", "--db", str(wales_db), "--out", str(page), "--png", str(png))
    assert code == 0, out
    html = page.read_text(encoding="utf-8")
    assert "Dr Dilys Humphreys" in html  # an invited GP who never attended, listed
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    monkeypatch.setenv("NETAN_SALT_FILE", str(tmp_path / "salt"))
    anonymous = tmp_path / "anonymous.html"
    code, out = netan("view", "--db", str(wales_db), "--out", str(anonymous), "--anonymise")
    assert code == 0, out
    text = anonymous.read_text(encoding="utf-8")
    with (WALES / "people.csv").open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert not [n for n in names if n in text]


def test_view_bad_option_is_one_clear_line(wales_db: Path, tmp_path: Path) -> None:
    code, out = netan("view", "--db", str(wales_db), "--out", str(tmp_path / "v.html"),
                      "--network", "galaxies")
    assert code == 1 and "Traceback" not in out
    assert "people" in out  # names the valid choices
    code, out = netan("view", "--db", str(wales_db), "--focus", "nobody",
                      "--out", str(tmp_path / "v.html"))
    assert code == 1 and "nobody" in out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _piped_netan(columns: int, *args: str) -> subprocess.CompletedProcess[str]:
    """The real console script with its output piped, in a terminal COLUMNS wide."""
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "netan", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.parametrize("columns", [80, 200])
def test_error_line_is_one_line_at_any_width(tmp_path: Path, columns: int) -> None:
    missing = tmp_path / ("a-store-with-a-long-name-" * 4 + ".db")
    done = _piped_netan(columns, "query", "MATCH (n) RETURN n", "--db", str(missing))
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and "netan import" in lines[0]
    assert len(lines[0]) > 80  # long enough that a hard wrap at 80 would have split it


@pytest.mark.parametrize("columns", [80, 200])
def test_piped_query_table_rows_are_not_split(wales_db: Path, columns: int) -> None:
    cypher = ("MATCH (p:Person)-[:MEMBER_OF]->(g:Group) "
              "RETURN p.id AS person, p.name AS name, g.name AS group_name, g.level AS level "
              "ORDER BY person, group_name")
    done = _piped_netan(columns, "query", cypher, "--db", str(wales_db))
    assert done.returncode == 0, done.stderr
    expected = query_json(wales_db, cypher)
    body = [line for line in done.stdout.splitlines() if line.startswith("│")]
    assert len(body) == len(expected)  # one line per row, none split
    assert max(len(line) for line in body) > 80  # the rows really are wider than 80
    for line, row in zip(body, expected, strict=True):
        assert row["person"] in line and row["group_name"] in line


# ---------------------------------------------------------------------------
# netan init: a folder or a workbook, never overwriting; import messages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 200])
def test_init_workbook_and_refusals(tmp_path: Path, columns: int) -> None:
    book = tmp_path / "data-collection.xlsx"
    done = _piped_netan(columns, "init", str(book))
    assert done.returncode == 0, done.stderr
    assert book.is_file() and done.stdout.strip() == f"wrote {book}"
    before = sha256(book)
    again = _piped_netan(columns, "init", str(book))  # an existing workbook: refused
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert again.stderr.strip().splitlines() == [
        f"error: {book} already exists; choose a new name (netan init never overwrites a file)"]
    assert sha256(book) == before
    wrong = _piped_netan(columns, "init", str(tmp_path / "x.csv"))
    assert wrong.returncode == 1 and len(wrong.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()
    imported = _piped_netan(columns, "import", str(book), "--db", str(tmp_path / "t.db"))
    assert imported.returncode == 0, imported.stderr
    assert "warning" not in imported.stderr  # the README sheet is not data


def test_renamed_sheet_is_reported_first_and_folded(tmp_path: Path) -> None:
    """The workbook of the Wales example with its groups sheet renamed "Planning groups"."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for path in sorted(WALES.glob("*.csv")):
        sheet = book.create_sheet("Planning groups" if path.stem == "groups" else path.stem)
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
    book.save(tmp_path / "wales.xlsx")
    done = _piped_netan(80, "import", str(tmp_path / "wales.xlsx"), "--db",
                        str(tmp_path / "w.db"))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("error: wales.xlsx, sheet 'Planning groups': not a known table")
    assert "did you mean 'groups'?" in lines[0]
    naming_groups = sum(len(list(csv.DictReader((WALES / f"{t}.csv").open(encoding="utf-8"))))
                        for t in ("memberships", "attendance"))  # every row names a group
    assert lines[1].startswith(f"error: wales.xlsx, sheet 'Planning groups': ... and "
                               f"{naming_groups} errors that follow from it")
    assert sum(line.startswith("error") for line in lines) == 3  # cause, fold, summary
    assert not (tmp_path / "w.db").exists()


def test_help_and_query_do_not_load_the_analysis_libraries(wales_db: Path) -> None:
    """`netan --help` and `netan query` never import pandas, numpy, networkx or scipy
    (their cost is most of a second; timings are in benchmarks/RESULTS.md)."""
    probe = (
        "import sys\n"
        "from netan.cli.main import app\n"
        "for args in (['--help'], ['query', 'MATCH (p:Person) RETURN count(p)', '--db', "
        f"{str(wales_db)!r}]):\n"
        "    try:\n"
        "        app(args, prog_name='netan')\n"
        "    except SystemExit as stop:\n"
        "        assert not stop.code, stop.code\n"
        "heavy = ('pandas.core.frame', 'numpy.linalg', 'networkx.classes', 'scipy.sparse',\n"
        "         'netan.queries', 'netan.reporting', 'matplotlib')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(("flags", "said"), [
    (["--betweenness", "sample:x"],
     "error: --betweenness 'sample:x': write 'auto', 'exact' or 'sample:K' (K >= 1)"),
    (["--betweenness", "sample:0"],
     "error: --betweenness 'sample:0': write 'auto', 'exact' or 'sample:K' (K >= 1)"),
    (["--missing", "ignore"],  # refused by the report's typed options, said with the flag
     "error: --missing 'ignore': choose complete-case, reconstruct, either, both"),
    (["--compare", "primary_care"],
     "error: --compare 'primary_care': write two sector pairs as A:B,C:D (e.g. "
     "secondary_care:social_care,primary_care:secondary_care)"),
])
def test_report_bad_option_is_one_line_naming_the_flag(wales_db: Path, tmp_path: Path,
                                                        flags: list[str], said: str) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["report", "--db", str(wales_db), "--out", str(out),
                                      *flags], env={"COLUMNS": "400"})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [said]
    assert not out.exists()
