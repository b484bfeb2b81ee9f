"""The bad-input corpus: each case has one fault, reported once with file, row and column.

``tests/bad_inputs/expected.json`` lists ``{"case", "file", "row", "column",
"message"}``; a case is a folder or a single ``<case>.xlsx`` / ``<case>.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netan.importers import load_import

BAD = Path(__file__).resolve().parent / "bad_inputs"
CASES: list[dict] = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))


def case_path(name: str) -> Path:
    folder = BAD / name
    return folder if folder.exists() else next(BAD.glob(name + ".*"))


def test_corpus_is_large_and_every_case_exists() -> None:
    assert len(CASES) >= 28
    names = [c["case"] for c in CASES]
    assert len(set(names)) == len(names)
    on_disk = {p.name if p.is_dir() else p.stem for p in BAD.iterdir()} - {"expected"}
    assert on_disk == set(names)


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
