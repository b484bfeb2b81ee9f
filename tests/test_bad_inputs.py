"""The bad-input corpus: each case has one fault, reported once with file, row and column,
and the real CLI refuses it in one line per problem, leaving the store byte for byte as it was.

``tests/bad_inputs/expected.json`` lists ``{"case", "file", "row", "column",
"message"}``; a case is a folder or a single ``<case>.<suffix>`` file (CSV, xlsx,
JSON, the generic nodes/edges form). Most are written by
``tests/bad_inputs_make.py`` (see there to add one); the expectations are written
by hand.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netan import api
from netan.cli.main import app
from netan.importers import load_import

BAD = Path(__file__).resolve().parent / "bad_inputs"
CASES: list[dict] = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
WALES = Path(__file__).resolve().parents[1] / "examples" / "wales-1998"


def case_path(name: str) -> Path:
    folder = BAD / name
    return folder if folder.exists() else next(BAD.glob(name + ".*"))


def test_corpus_is_large_and_every_case_exists() -> None:
    assert len(CASES) >= 120
    names = [c["case"] for c in CASES]
    assert len(set(names)) == len(names)
    on_disk = {p.name if p.is_dir() else p.stem for p in BAD.iterdir()} - {"expected"}
    assert on_disk == set(names)
    kinds = {"xlsx": 0, "json": 0, "generic": 0, "csv": 0}
    for name in names:
        path = case_path(name)
        kind = path.suffix[1:] if path.suffix in (".xlsx", ".json") else (
            "generic" if (path / "nodes.csv").exists() or (path / "edges.csv").exists()
            else "csv")
        kinds[kind] = kinds.get(kind, 0) + 1
    assert min(kinds.values()) >= 15, kinds


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["case"])
def test_bad_input_is_reported_where_it_is(case: dict) -> None:
    result = load_import(case_path(case["case"]))
    assert result.data is None
    errors = [p for p in result.problems if p.severity == "error"]
    assert len(errors) == 1, "\n".join(map(str, errors))  # one fault, one error
    error = errors[0]
    assert (error.file, error.row, error.column) == (case["file"], case["row"], case["column"]), \
        str(error)
    assert case["message"] in error.message
    text = str(error)
    assert text.startswith(case["file"])
    if case["column"] is not None:
        assert f"column '{case['column']}'" in text


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the Wales example, in a folder of its own."""
    db = tmp_path_factory.mktemp("store") / "netan.db"
    api.import_data(WALES, db=db, mode="replace")
    return db


def folder_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in ``folder`` (the store and anything beside it)."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["case"])
def test_the_cli_refuses_it_in_clear_lines_and_leaves_the_store(case: dict,
                                                                 store: Path) -> None:
    before = folder_digest(store.parent)
    mode = "--append" if CASES.index(case) % 2 else "--replace"
    result = CliRunner().invoke(app, ["import", str(case_path(case["case"])), "--db",
                                      str(store), mode], env={**os.environ, "COLUMNS": "80"})
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    *problems, summary = result.output.splitlines()
    assert summary.endswith("1 error found; nothing was written")
    [problem] = [line for line in problems if line.startswith("error: ")]
    assert case["message"] in problem
    assert problem.startswith(f"error: {case['file']}")  # the whole problem on one line
    if case["row"] is not None:
        assert f" {case['row']}" in problem
    assert folder_digest(store.parent) == before
