"""The openCypher TCK's scenarios, read from its Gherkin feature files, run on the embedded store.

``make test`` has Maven unpack ``org.opencypher:tck`` (Apache-2.0) into
``tests/tck/target/features`` (see ``tests/tck/pom.xml``). :func:`scenarios` reads
the features netan's graph can hold: scenarios on an empty graph or any graph,
with no ``having executed`` setup, no procedures and no side effects, from the
feature folders in :data:`FOLDERS` (expressions, functions, literals, lists,
null semantics, aggregation, ``UNWIND``, ``WITH``, ordering). Each is run through
the store ``netan query`` opens on an empty embedded store and judged by
:func:`judge`: ``passed``, ``refused`` (netan refused it before it ran, with a
message) or a failure. The tests allow no silent difference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from differential import same_answer

HERE = Path(__file__).resolve().parent
FEATURES = HERE / "tck" / "target" / "features"

#: Feature folders (under features/) whose scenarios can run on netan's graph.
FOLDERS = (
    "expressions/aggregation", "expressions/boolean", "expressions/comparison",
    "expressions/conditional", "expressions/list", "expressions/literals", "expressions/map",
    "expressions/mathematical", "expressions/null", "expressions/precedence",
    "expressions/quantifier", "expressions/string", "expressions/typeConversion",
    "clauses/return", "clauses/return-orderby", "clauses/return-skip-limit", "clauses/unwind",
    "clauses/with", "clauses/with-orderBy", "clauses/with-skip-limit", "clauses/with-where",
    "clauses/union",
)


@dataclass
class Scenario:
    feature: str
    name: str
    query: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    graph: str = ""  # "empty", "any", or why it does not apply
    expected: tuple[list[str], list[list[Any]]] | None = None
    order: str = "any"  # any, in order, lists unordered
    error: str | None = None  # the error the TCK expects, e.g. "SyntaxError"
    side_effects: bool = False

    @property
    def applicable(self) -> str | None:
        """None when netan can run this scenario, else why not."""
        if self.graph not in ("empty", "any"):
            return self.graph or "needs a graph"
        if self.side_effects:
            return "changes the graph"
        if not self.query:
            return "no query"
        return None

    def __str__(self) -> str:
        return f"{self.feature} {self.name}: {' '.join(self.query.split())}"


# ---------------------------------------------------------------------------
# TCK values: 1, 1.5, 'text', [..], {k: v}, null, true, (:Label), [:TYPE], <path>
# ---------------------------------------------------------------------------


class Unreadable(ValueError):
    """A TCK value netan's results cannot hold (a node, relationship or path)."""


def parse_value(text: str) -> Any:
    value, end = _value(text.strip(), 0)
    if text.strip()[end:].strip():
        raise ValueError(f"trailing text in TCK value {text!r}")
    return value


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _value(text: str, i: int) -> tuple[Any, int]:
    i = _skip(text, i)
    ch = text[i]
    if ch == "'":
        j = i + 1
        out = []
        while text[j] != "'":
            if text[j] == "\\":
                out.append({"n": "\n", "t": "\t", "'": "'", "\\": "\\", '"': '"'}.get(
                    text[j + 1], text[j + 1]))
                j += 2
            else:
                out.append(text[j])
                j += 1
        return "".join(out), j + 1
    if ch == "[":
        if text[i + 1] == ":":
            raise Unreadable("a relationship")
        items = []
        i = _skip(text, i + 1)
        while text[i] != "]":
            item, i = _value(text, i)
            items.append(item)
            i = _skip(text, i)
            if text[i] == ",":
                i = _skip(text, i + 1)
        return items, i + 1
    if ch == "{":
        items: dict[str, Any] = {}
        i = _skip(text, i + 1)
        while text[i] != "}":
            key = re.match(r"`[^`]*`|[^:\s]+", text[i:]).group()  # type: ignore[union-attr]
            i = _skip(text, i + len(key))
            assert text[i] == ":", text
            value, i = _value(text, i + 1)
            items[key.strip("`")] = value
            i = _skip(text, i)
            if text[i] == ",":
                i = _skip(text, i + 1)
        return items, i + 1
    if ch in "(<":
        raise Unreadable("a node or a path")
    word = re.match(r"-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?(?![\w.])|-?\w+", text[i:])
    if not word:
        raise ValueError(f"unreadable TCK value {text[i:]!r}")
    token = word.group()
    end = i + len(token)
    if token == "null":
        return None, end
    if token in ("true", "false"):
        return token == "true", end
    if re.fullmatch(r"-?\d+", token):
        return int(token), end
    if token in ("NaN", "Inf", "-Inf", "Infinity", "-Infinity"):
        return float(token.replace("Inf", "inf").replace("infinity", "inf")), end
    return float(token), end


def _table(lines: list[str]) -> list[list[str]]:
    """The cells of a Gherkin table (``\\|`` is a bar and ``\\\\`` a backslash in a cell)."""
    rows = []
    for line in lines:
        cells = re.findall(r"((?:[^|\\]|\\.)*)\|", line.strip()[1:])
        rows.append([re.sub(r"\\([|\\])", r"\1", cell).strip() for cell in cells])
    return rows


# ---------------------------------------------------------------------------
# Feature files
# ---------------------------------------------------------------------------


def _blocks(lines: list[str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """(step line, its table lines, its doc-string lines) for each step."""
    i = 0
    while i < len(lines):
        step = lines[i].strip()
        i += 1
        table: list[str] = []
        doc: list[str] = []
        if i < len(lines) and lines[i].strip() == '"""':
            i += 1
            while lines[i].strip() != '"""':
                doc.append(lines[i])
                i += 1
            i += 1
        while i < len(lines) and lines[i].strip().startswith("|"):
            table.append(lines[i])
            i += 1
        yield step, table, doc


def _read_steps(scenario: Scenario, lines: list[str]) -> None:
    for step, table, doc in _blocks(lines):
        words = re.sub(r"^(Given|And|When|Then|But)\s+", "", step)
        if words.startswith("an empty graph"):
            scenario.graph = "empty"
        elif words.startswith("any graph"):
            scenario.graph = "any"
        elif words.startswith("the ") and words.endswith(" graph"):
            scenario.graph = "needs a named graph"
        elif words.startswith("having executed"):
            scenario.graph = "needs a graph created by CREATE"
        elif words.startswith("there exists a procedure"):
            scenario.graph = "needs a procedure"
        elif words.startswith("parameters are"):
            for name, value in _table(table):
                scenario.params[name] = parse_value(value)
        elif words.startswith("executing query"):
            scenario.query = "\n".join(line.strip() for line in doc)
        elif words.startswith("executing control query"):
            scenario.graph = "needs a control query"
        elif words.startswith("the result should be empty"):
            scenario.expected = ([], [])
        elif words.startswith("the result should be"):
            rows = _table(table)
            scenario.order = ("in order" if "in order" in words else "any") + (
                ", lists unordered" if "ignoring element order" in words else "")
            try:
                scenario.expected = (rows[0], [[parse_value(c) for c in row] for row in rows[1:]])
            except Unreadable as why:
                scenario.graph = f"expects {why} in its result"
        elif re.match(r"an? \w+ should be raised", words):
            scenario.error = words.split()[1]
        elif words.startswith("the side effects should be"):
            scenario.side_effects = any("+" in line for line in table)
        elif words.startswith("no side effects"):
            pass
        else:
            raise ValueError(f"unknown TCK step: {step}")


def read_feature(path: Path) -> list[Scenario]:
    """The scenarios of one feature file (a Scenario Outline gives one per Examples row)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Scenario] = []
    background: list[str] = []
    outline: tuple[str, list[str]] | None = None
    heads = [k for k, line in enumerate(lines)
             if re.match(r"\s*(Scenario|Scenario Outline|Background|Examples):", line)]
    for start, end in zip(heads, [*heads[1:], len(lines)][: len(heads)], strict=True):
        head = lines[start].strip()
        body = [line for line in lines[start + 1 : end]
                if line.strip() and not line.strip().startswith(("#", "@"))]
        name = head.split(":", 1)[1].strip()
        if head.startswith("Background:"):
            background = body
        elif head.startswith("Scenario Outline:"):
            outline = (name, background + body)
        elif head.startswith("Examples:") and outline is not None:
            rows = _table(body)
            for row in rows[1:]:
                text = "\n".join(outline[1])
                for key, value in zip(rows[0], row, strict=True):
                    text = text.replace(f"<{key}>", value)
                scenario = Scenario(path.stem, f"{outline[0]} ({', '.join(row)})")
                _read_steps(scenario, text.splitlines())
                found.append(scenario)
        elif head.startswith("Scenario:"):
            outline = None
            scenario = Scenario(path.stem, name)
            _read_steps(scenario, background + body)
            found.append(scenario)
    return found


def scenarios(root: Path = FEATURES) -> list[Scenario]:
    """Every scenario of :data:`FOLDERS`, applicable or not, in file order."""
    found: list[Scenario] = []
    for folder in FOLDERS:
        for path in sorted((root / folder).glob("*.feature"),
                           key=lambda p: [int(n) if n.isdigit() else n
                                          for n in re.split(r"(\d+)", p.name)]):
            found.extend(read_feature(path))
    return found


# ---------------------------------------------------------------------------
# Judging an outcome
# ---------------------------------------------------------------------------


def _sorted_lists(value: Any) -> Any:
    if isinstance(value, list):
        return sorted((_sorted_lists(v) for v in value), key=repr)
    if isinstance(value, dict):
        return {k: _sorted_lists(v) for k, v in value.items()}
    return value


def judge(scenario: Scenario, result: Any, refused: type[Exception],
          failed: type[Exception]) -> str:
    """passed, refused, or (a failure) what went wrong, in one line."""
    if scenario.error is not None and isinstance(result, failed):
        return "passed"  # the TCK expects an error; netan raised one (a refusal is one)
    if isinstance(result, refused):
        return "refused"
    if scenario.error is not None:
        if isinstance(result, failed):
            return "passed"
        return f"expected a {scenario.error} but got an answer"
    if isinstance(result, failed):
        return f"error: {result}"
    assert scenario.expected is not None
    columns, rows = result
    expected_columns, expected_rows = scenario.expected
    if not expected_columns and not expected_rows:
        return "passed" if not rows else f"expected no rows, got {len(rows)}"
    if "lists unordered" in scenario.order:
        rows = [[_sorted_lists(v) for v in row] for row in rows]
        expected_rows = [[_sorted_lists(v) for v in row] for row in expected_rows]
    difference = same_answer((expected_columns, expected_rows), (columns, rows),
                             ordered=scenario.order.startswith("in order"))
    return "passed" if difference is None else f"DIFFERENT ANSWER: {difference}"


__all__ = ["FEATURES", "Scenario", "judge", "scenarios"]
