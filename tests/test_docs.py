"""The docs run: every example in `netan --help` and in README.md, as sqlite-utils tests its docs.

Every example of every command's ``--help`` is also in README.md (tested), and
README.md's blocks run in document order in one folder holding what they name
(see :func:`sandbox`): lines starting ``netan`` must succeed, ``$ netan ...``
blocks must print exactly the output the README shows, and the Python block
must run. Commands against a Neo4j server are skipped (no server in the suite).
To regenerate the README's outputs after a deliberate change:
``python tests/test_docs.py``.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from netan.cli.main import app

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
runner = CliRunner()


# ---------------------------------------------------------------------------
# The folder the examples assume
# ---------------------------------------------------------------------------


def sandbox(folder: Path) -> Path:
    """``folder`` filled with what the examples name.

    examples/ (the bundled examples); partnership.xlsx and more/ (the templates of
    ``netan init``, filled in as they come); data.json (the template as a JSON
    document); survey/ (the template with a typo in people.csv, row 3, sector);
    q.cypher (a query with ``$area``); returned/ (two returned roster-survey
    workbooks of the trowbridge-survey roster, one rating filled in each);
    old-export/ (the template with people.csv saved as Windows-1252).
    """
    import openpyxl

    from netan.api import init_survey
    from netan.importers.templates import template_rows, write_templates, write_workbook

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "examples").symlink_to(REPO / "examples")
    write_workbook(folder / "partnership.xlsx")
    write_templates(folder / "more")
    tables = [p.stem for p in (folder / "more").glob("*.csv")]
    (folder / "data.json").write_text(json.dumps({t: template_rows(t) for t in tables}),
                                      encoding="utf-8")
    write_templates(folder / "survey")
    people = folder / "survey" / "people.csv"
    lines = people.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[3] = "socail care"  # row 3, column 'sector'
    lines[2] = ",".join(cells)
    people.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "q.cypher").write_text("MATCH (a:Agency) WHERE a.area = $area RETURN a.name\n",
                                     encoding="utf-8")
    write_templates(folder / "old-export")  # saved by an old spreadsheet as Windows-1252
    old = folder / "old-export" / "people.csv"
    old.write_bytes(old.read_text(encoding="utf-8").replace("Rhian", "Siân").encode("cp1252"))
    (folder / "returned").mkdir()
    [blank] = init_survey(folder / "returned" / "blank.xlsx", REPO / "examples" /
                          "trowbridge-survey")
    for k, name in enumerate(("a.xlsx", "b.xlsx")):
        book = openpyxl.load_workbook(blank)
        sheet = book.worksheets[2 + k]  # README, roster, then one sheet per respondent
        header = [c.value for c in sheet[1]]
        sheet.cell(2, header.index("collaboration") + 1, 3)
        book.save(folder / "returned" / name)
    blank.unlink()
    return folder


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    import os

    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run_line(line: str, folder: Path) -> tuple[int, str]:
    """Run one shell line of ``netan`` (a trailing ``> file`` is honoured) in ``folder``."""
    words = shlex.split(line.replace("\\$", "$"), comments=True)  # shlex keeps "\\$" as is
    assert words[0] == "netan", line
    words = [found for word in words[1:]  # the shell's globbing: returned/*.xlsx
             for found in (sorted(str(p.relative_to(folder)) for p in folder.glob(word))
                           if "*" in word else [word])]
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    with inside(folder):
        result = runner.invoke(app, words)
        if target is not None:
            Path(target).write_text(result.stdout, encoding="utf-8")
    return result.exit_code, result.output


# ---------------------------------------------------------------------------
# --help examples
# ---------------------------------------------------------------------------


def help_examples(command: str | None) -> list[str]:
    """The example lines of ``netan [command] --help`` (its epilog's fenced block)."""
    click_app = get_command(app)
    target = click_app if command is None else click_app.commands[command]  # type: ignore
    epilog = target.epilog or ""
    match = re.search(r"```\n(.*?)```", epilog, re.S)
    assert match, f"netan {command or ''} --help has no examples block"
    return [line for line in match.group(1).splitlines() if line.strip()]


COMMANDS = [None, "import", "query", "report", "view", "schema", "init"]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c or "netan")
def test_help_shows_each_example_on_its_own_line(command: str | None) -> None:
    args = [command, "--help"] if command else ["--help"]
    for columns in ("80", "200"):
        result = runner.invoke(app, args, env={"COLUMNS": columns})
        assert result.exit_code == 0
        shown = [line.strip() for line in result.output.splitlines()]
        for example in help_examples(command):
            assert example in shown, f"at {columns} columns, {example!r} is not one line"
        assert not re.search(r"<(bool|str|int|float|path|list\[str\])", result.output), \
            result.output  # values are named for what they are, never by Python type


def test_option_values_are_never_folded_at_80_columns() -> None:
    """Each option's value name (``PATH``, ``sector|level|…``) shows whole on one line."""
    click_app = get_command(app)
    for name, command in click_app.commands.items():  # type: ignore[attr-defined]
        shown = runner.invoke(app, [name, "--help"], env={"COLUMNS": "80"}).output
        for param in command.params:
            if param.metavar:
                assert param.metavar in shown, (name, param.name, param.metavar)


def test_every_help_example_is_in_the_readme() -> None:
    readme = {line.split("#")[0].strip() for line in README.read_text("utf-8").splitlines()}
    for command in COMMANDS:
        for example in help_examples(command):
            assert example in readme, f"{example!r} (netan {command} --help) not in README"


# ---------------------------------------------------------------------------
# README.md
# ---------------------------------------------------------------------------


def readme_blocks() -> list[tuple[str, str]]:
    """Each fenced block of the README as (language, text)."""
    return re.findall(r"^```(\w*)\n(.*?)^```", README.read_text("utf-8"), re.M | re.S)


def session(text: str) -> list[tuple[str, str]]:
    """A ``$ command`` block as (command, the output shown under it)."""
    parts = re.split(r"^\$ (.*)\n", text, flags=re.M)
    return [(parts[i], parts[i + 1].rstrip("\n")) for i in range(1, len(parts), 2)]


def run_readme(folder: Path, update: bool = False) -> str:
    """Run the README's examples in ``folder``; return the README with outputs as printed."""
    text = README.read_text("utf-8")
    done: set[str] = set()  # a line shown twice (quick start, then its section) runs once
    for language, block in readme_blocks():
        if language == "python":
            with inside(folder):
                exec(compile(block, "README.md", "exec"), {})
            continue
        if block.startswith("$ "):
            for command, shown in session(block):
                code, out = run_line(command, folder)
                out = "\n".join(line.rstrip() for line in out.rstrip("\n").splitlines())
                assert code == (1 if out.startswith("error") else 0), f"{command}\n{out}"
                if update:
                    text = text.replace(f"$ {command}\n{shown}\n", f"$ {command}\n{out}\n")
                else:
                    assert out == shown, f"{command}: README shows\n{shown}\nnetan prints\n{out}"
            continue
        for line in block.splitlines():
            if not line.startswith("netan ") or "neo4j" in line or line in done:
                continue  # make, export, and commands for a Neo4j server
            if "--format pdf" in line and not shutil.which("chromium"):
                continue  # tested with a browser in tests/test_report.py
            done.add(line)
            code, out = run_line(line, folder)
            assert code == 0, f"{line}\n{out}"
    return text


def test_readme_examples_run_and_show_real_output(tmp_path: Path) -> None:
    run_readme(sandbox(tmp_path / "work"))


if __name__ == "__main__":  # regenerate the README's `$ netan` outputs
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        README.write_text(run_readme(sandbox(Path(scratch) / "work"), update=True), "utf-8")
    sys.exit(0)
