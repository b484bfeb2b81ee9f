"""The query gate (graphdb/gate.py) on a real embedded store.

The hostile-query corpus (tests/hostile_queries.py) runs in a child process (a query
that got past the gate could crash the engine): every case gives its one-line
message, leaves the store byte-for-byte as it was and creates or changes no file
in the sandbox around the store. Then each line of the gate is tested on its own:
the engine's plan check with the token screen and netan's parser switched off,
the engine's own single-statement rule, string literals against the engine's reader,
and a Hypothesis fuzz of mutated hostile queries.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import ladybug
import pytest
from conftest import graph_data, sample_rows
from hostile_queries import CASES, OK

from netan.graphdb import embedded, gate
from netan.graphdb.cypher import tokenise
from netan.graphdb.dialect import string_literal
from netan.graphdb.embedded import EmbeddedStore
from netan.graphdb.store import QueryError, StoreError

TESTS = Path(__file__).resolve().parent


def make_sandbox(root: Path) -> Path:
    """A folder holding a store (store/netan.db) and an input CSV an attack would target."""
    sandbox = root / "sandbox"
    (sandbox / "store").mkdir(parents=True)
    (sandbox / "input.csv").write_text("id,name\np1,Dr A\n", encoding="utf-8")
    with EmbeddedStore(sandbox / "store" / "netan.db") as store:
        store.write_import(graph_data(*sample_rows()))
    return sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_sandbox(tmp_path_factory.mktemp("gate"))


@pytest.fixture(scope="module")
def corpus_results(sandbox: Path) -> dict[str, dict]:
    job = {"store": str(sandbox / "store" / "netan.db"), "sandbox": str(sandbox),
           "ids": [case[0] for case in CASES]}
    done = subprocess.run([sys.executable, str(TESTS / "gate_worker.py")], input=json.dumps(job),
                          capture_output=True, text=True, timeout=600, cwd=sandbox)
    results = {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}
    assert done.returncode == 0, (f"the worker died (exit {done.returncode}) after "
                                  f"{len(results)} cases: {done.stderr[-2000:]}")
    return results


def test_the_corpus_is_large_and_names_are_unique() -> None:
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 120
    assert sum(expect != OK for _, _, expect, _ in CASES) >= 100


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_hostile_query(case, corpus_results: dict[str, dict]) -> None:
    case_id, _, expect, _ = case
    result = corpus_results[case_id]
    assert result["store_changed"] == [], "the store changed"
    assert result["outside_changed"] == [], "a file outside the store was created or changed"
    if expect == OK:
        assert result["outcome"] == "ok", result["message"]
        return
    assert result["outcome"] == "refused"
    assert "\n" not in result["message"]
    assert re.search(expect, result["message"]), result["message"]


def test_the_store_is_readable_after_the_corpus(sandbox: Path, corpus_results) -> None:
    with EmbeddedStore(sandbox / "store" / "netan.db", read_only=True) as store:
        assert store.counts()["nodes"]["Person"] == 3
    assert not (sandbox / "leak.csv").exists()
    assert (sandbox / "input.csv").read_text(encoding="utf-8") == "id,name\np1,Dr A\n"


# -- the engine's own lines, with the token screen switched off ----------------------


@pytest.mark.parametrize(("cypher", "refusal"), [
    ("COPY (MATCH (p:Person) RETURN p.name) TO '{sandbox}/leak.csv'",
     "the engine would run COPY_TO"),
    ("CHECKPOINT", "the engine would run TRANSACTION"),
    ("RETURN 1; CHECKPOINT", "do not support prepare multiple"),
    ("CALL show_official_extensions() RETURN *",
     "would call the table function SHOW_OFFICIAL_EXTENSIONS"),
])
def test_the_engine_plan_refuses_what_the_screen_missed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cypher: str, refusal: str) -> None:
    sandbox = make_sandbox(tmp_path)
    store_path = sandbox / "store" / "netan.db"
    before = store_path.read_bytes()
    monkeypatch.setattr(gate, "screen", lambda text, write=False, translated=False: text)
    monkeypatch.setattr(embedded, "translate", lambda text, params, **_: SimpleNamespace(
        cypher=text, parameters={}, columns=[], max_depth=0, single_thread=False,
        zero_columns=[], unbounded=False))  # netan's parser would refuse these first
    with EmbeddedStore(store_path, read_only=True) as store, pytest.raises(StoreError) as caught:
        store.query(cypher.replace("{sandbox}", str(sandbox)))
    assert refusal in str(caught.value)
    assert not (sandbox / "leak.csv").exists()
    assert store_path.read_bytes() == before


def test_write_operators_need_write_in_the_plan_too(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    sandbox = make_sandbox(tmp_path)
    monkeypatch.setattr(gate, "screen", lambda text, write=False: text)
    monkeypatch.setattr(gate, "write_clauses", lambda text: [])
    with EmbeddedStore(sandbox / "store" / "netan.db") as store:
        conn = store._connection(write=True)  # a writable store: only the plan can refuse
        plan = conn.execute("EXPLAIN CREATE (:Person {id: 'zz'})").get_next()[0]
        with pytest.raises(StoreError, match="the engine would run INSERT; pass --write"):
            gate.check_plan(plan)
        gate.check_plan(plan, write=True)
        assert store.counts()["nodes"]["Person"] == 3


def test_read_plans_of_the_canned_queries_pass_the_plan_check(sandbox: Path) -> None:
    from netan.queries.canned import canned_queries

    with EmbeddedStore(sandbox / "store" / "netan.db", read_only=True) as store:
        for query in canned_queries().values():
            params = {p.name: "p1" if p.default is None else p.default
                      for p in query.parameters}
            try:
                store.query(query.text("embedded"), params)
            except QueryError as problem:  # engine errors are fine; a refusal is not
                assert "netan query refused" not in str(problem), query.name


# -- label quoting, checked against the engine's own string reader --------------------

HOSTILE_LABELS = ["x\\'", "a\\\\' OR true OR '", "O'Neil", "'; CHECKPOINT; '", "\\u0027",
                  "line\nbreak", "tab\there", "`", "a``b", "Gr\u00f6up\U0001f600", "\\", "",
                  "$param", "/* not a comment */", "// nor this", "\x7f\x01"]


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_string_literal_reads_back_as_itself(sandbox: Path, label: str) -> None:
    literal = string_literal(label)
    assert [t.kind for t in tokenise(literal)] == ["string"]
    db = ladybug.Database(str(sandbox / "store" / "netan.db"), read_only=True)
    try:
        result = ladybug.Connection(db).execute(f"RETURN {literal} AS x")
        assert result.get_next()[0] == label
    finally:
        db.close()


# -- bounds and parameters through the real CLI ----------------------------------------


def test_deep_query_files_are_refused_before_the_engine(sandbox: Path, tmp_path: Path) -> None:
    """Each of these crashed the process (SIGSEGV) before the gate."""
    shapes = {"lists": "RETURN " + "[" * 1000 + "1" + "]" * 1000,
              "parentheses": "RETURN " + "(" * 4000 + "1" + ")" * 4000,
              "sum": "RETURN " + "+".join(["1"] * 16000),
              "reader": "CALL READ_CSV_SERIAL('/etc/passwd') RETURN *"}
    netan = str(Path(sys.executable).with_name("netan"))
    for name, text in shapes.items():
        file = tmp_path / f"{name}.cypher"
        file.write_text(text, encoding="utf-8")
        done = subprocess.run([netan, "query", "--file", str(file), "--db",
                               str(sandbox / "store" / "netan.db")],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, (name, done.returncode, done.stderr)
        assert done.stderr.startswith("error: netan query refused this query") or (
            name == "reader" and "a CALL (procedures" in done.stderr), done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--param", "x=" + "[" * 5000 + "]" * 5000], "--param x: the value is nested too deeply"),
    (["--param", "x=" + "1" * 5000], "--param x: the number has too many digits"),
    (["--param", "x=123456789012345678901234567890"], "holds an integer beyond 64 bits"),
    (["--param", "x=[1, \"a\"]"], "mixes numbers and text"),
])
def test_hostile_params_give_one_line(sandbox: Path, args: list[str], message: str) -> None:
    from typer.testing import CliRunner

    from netan.cli.main import app

    result = CliRunner().invoke(app, ["query", "RETURN $x AS v", "--db",
                                      str(sandbox / "store" / "netan.db"), *args])
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert "Traceback" not in result.output


def test_unreadable_query_files_give_one_line(sandbox: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from netan.cli.main import app

    (tmp_path / "latin1.cypher").write_bytes("RETURN 'Glyndŵr'".encode("utf-16"))
    cases = {str(tmp_path / "absent.cypher"): "no such file",
             str(tmp_path): "is a folder; give a file holding one query",
             str(tmp_path / "latin1.cypher"): "not UTF-8 text (byte 0xff on line 1)",
             "/dev/zero": "is longer than 400,000 bytes"}
    for file, message in cases.items():
        result = CliRunner().invoke(app, ["query", "--file", file, "--db",
                                          str(sandbox / "store" / "netan.db")])
        assert result.exit_code == 2, result.output
        assert message in result.output
        assert len(result.output.strip().splitlines()) == 1


# -- fuzz ------------------------------------------------------------------------------


def test_fuzzed_hostile_queries_hold(tmp_path: Path) -> None:
    """Hypothesis mutations of the corpus (tests/gate_fuzz.py), in a child process: no
    file created or changed around the store, the read-only store unchanged and both
    stores readable. NETAN_FUZZ_EXAMPLES sets the number of examples (default 300)."""
    pytest.importorskip("hypothesis")
    sandbox = make_sandbox(tmp_path)
    shutil.copytree(sandbox / "store", sandbox / "writable")
    examples = os.environ.get("NETAN_FUZZ_EXAMPLES", "300")
    env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp_path / ".hypothesis")}
    done = subprocess.run([sys.executable, str(TESTS / "gate_fuzz.py"), str(sandbox), examples],
                          capture_output=True, text=True, timeout=900, cwd=sandbox, env=env)
    assert done.returncode == 0, (done.returncode, done.stdout[-3000:], done.stderr[-3000:])
    assert "gate held" in done.stdout
    assert not list(sandbox.glob("fuzz*"))
