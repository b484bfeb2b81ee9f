"""The ``netan`` command line: a thin layer over :mod:`netan.api`.

Each command parses its options, calls its Python twin, and prints the result
through :mod:`netan.cli.output`. Errors a user can fix are one clear line and
a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from netan import __version__, api
from netan.cli import output
from netan.graphdb import schema
from netan.graphdb.store import StoreError
from netan.reporting.report import ReportOptions

app = typer.Typer(
    name="netan",
    help="Network analyser for health and social care partnerships.\n\n"
    "Load who sits on which groups, who attends, who liaises with whom, who is "
    "co-located where and where the money flows; then query and report on it.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    add_completion=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="NETAN_DB",
                 help="Store: a path to an embedded store (default ./netan.db) "
                 "or a neo4j:// / bolt:// URI."),
]

DirectionOption = Annotated[
    str | None,
    typer.Option("--direction", help="directed or undirected; default: as the data has it "
                 "(directed when any tie is declared directed)."),
]
WeightScaleOption = Annotated[
    str,
    typer.Option("--weight-scale", help="ascending (larger = stronger) or descending "
                 "(1 = most, e.g. a frequency code)."),
]


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"netan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=version_callback,
                                          is_eager=True, help="Show the version.")] = False,
) -> None:
    """Network analyser for health and social care partnerships."""


# ---------------------------------------------------------------------------
# netan import
# ---------------------------------------------------------------------------


@app.command("import", epilog="""**Examples**

    netan import examples/wales-1998
    netan import survey.xlsx --db partnership.db --replace
    netan import data/ --db partnership.db --append
    netan import data/ --dry-run
    netan import returned/*.xlsx --db survey.db
    netan import network.graphml --db published.db
    netan import gephi-export/ --db published.db
""")
def import_command(
    sources: Annotated[list[Path], typer.Argument(
        help="A folder of CSVs, an .xlsx workbook, a .json document or a network file "
        "(.graphml, .gexf, .net, .dl); several files (returned survey workbooks) are read "
        "as one import.", metavar="PATH...")],
    db: DbOption = None,
    append: Annotated[bool, typer.Option("--append", help="Upsert by id into the existing "
                                         "store; re-importing the same data changes nothing.")]
    = False,
    replace: Annotated[bool, typer.Option("--replace", help="Replace the store's graph "
                                          "(the default for a new store).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and show what would be "
                                          "written; write nothing.")] = False,
) -> None:
    """Validate input files and load them into the store, **all or nothing**.

    Every problem is reported at once with its file, row and column; if any is
    an error nothing is written and the store stays as it was.
    """
    if append and replace:
        output.fail("choose one of --append and --replace")
    for path in sources:
        if not path.exists():
            output.fail(f"{path}: no such file or folder")
    source: Path | list[Path] = sources[0] if len(sources) == 1 else sources
    mode = "append" if append else "replace" if replace else None
    try:
        with output.progress_after(1.0) as progress:
            report = api.import_data(source, db=db, mode=mode, dry_run=dry_run,
                                     progress=progress)
    except api.ImportRefused as refused:
        output.print_problems(refused.problems)
        output.fail(str(refused))
    except StoreError as problem:
        output.fail(str(problem))
    output.print_problems(report.warnings)
    answered = report.survey_response
    if answered is not None:
        missing = answered["non_respondents"]
        output.console.print(
            f"survey: {answered['responded']} of {answered['asked']} on the roster responded"
            + ("; no response from " + ", ".join(f"{name} ({code})" for code, name in missing)
               if missing else ""), markup=False)
    if dry_run:
        output.print_counts(f"{report.source} would write ({report.mode}) to {report.store}",
                            report.would_write)
        output.console.print("dry run: nothing was written")
        return
    assert report.written is not None
    output.print_counts(f"Imported {report.source} into {report.store} ({report.mode})",
                        {"nodes": report.written.nodes,
                         "relationships": report.written.relationships})


# ---------------------------------------------------------------------------
# netan query
# ---------------------------------------------------------------------------


def parse_param(text: str) -> tuple[str, Any]:
    """``k=v`` with a typed value: JSON numbers, booleans, null and lists; else a string."""
    if "=" not in text:
        raise typer.BadParameter(f"{text!r}: write parameters as name=value")
    name, raw = text.split("=", 1)
    name = name.strip()
    if not name.isidentifier():
        raise typer.BadParameter(f"{name!r} is not a valid parameter name")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    if isinstance(value, dict):
        value = raw
    return name, value


@app.command("query", epilog="""**Examples**

    netan query "MATCH (p:Person {role: 'gp'}) RETURN p.name, p.sector"
    netan query --file q.cypher --param area=Gwent --format csv
    netan query "MATCH (g:Group) WHERE g.level = \\$level RETURN g.name" --param level=area
    netan query "MATCH (p:Person) SET p.checked = true" --write
""")
def query_command(
    cypher: Annotated[str | None, typer.Argument(help="A Cypher query.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a "
                                              "file.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="A parameter "
                                                    "name=value (repeatable); values are "
                                                    "typed: 3, 2.5, true, [1,2], else text.")]
    = None,
    fmt: Annotated[output.OutputFormat, typer.Option("--format", help="table, csv or json.")]
    = "table",
    write: Annotated[bool, typer.Option("--write", help="Allow CREATE, MERGE, SET, DELETE, "
                                        "REMOVE.")] = False,
    db: DbOption = None,
) -> None:
    """Run an ad-hoc Cypher query, **read-only** unless `--write`.

    Values belong in parameters (`$name` with `--param name=value`). On the
    embedded store Neo4j spellings such as `type(r)`, `labels(n)`,
    `shortestPath(...)` and an unquoted `Group` label are translated.
    """
    if (cypher is None) == (file is None):
        output.fail("give a query or --file, not both and not neither", code=2)
    text = file.read_text(encoding="utf-8") if file is not None else cypher
    assert text is not None
    params = dict(parse_param(p) for p in param or [])
    try:
        result = api.query(text, params, db=db, write=write)
    except StoreError as problem:
        position = getattr(problem, "position", None)
        where = f" (at position {position})" if position else ""
        output.fail(f"{problem}{where}")
    output.print_rows(result.columns, result.rows, fmt)


# ---------------------------------------------------------------------------
# netan report
# ---------------------------------------------------------------------------


@app.command("report", epilog="""**Examples**

    netan report
    netan report --db wales.db --out wales-report --format html,json
    netan report --anonymise --group-by level
    netan report --betweenness sample:500 --seed 7
    netan report --group-by Sponsorship --direction directed
    netan report --weight Frequency --weight-scale descending
    netan report --db survey.db --missing complete-case
    netan report --compare primary_care:social_care,primary_care:secondary_care
""")
def report_command(
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for report.html, report.md, "
                                      "report.json and csv/.")] = Path("report"),
    fmt: Annotated[str, typer.Option("--format", help="Comma-separated: html, md, json, "
                                     "csv.")] = "html,md,json,csv",
    group_by: Annotated[str, typer.Option("--group-by", help="Partition for brokerage, E-I "
                                          "and mixing: any node attribute (sector, level, "
                                          "role, agency or a column of your data).")]
    = "sector",
    direction: DirectionOption = None,
    weight: Annotated[str | None, typer.Option(
        "--weight", help="Tie column that weights constraint and strength (e.g. "
        "frequency); default: unweighted.")] = None,
    weight_scale: WeightScaleOption = "ascending",
    anonymise: Annotated[bool, typer.Option("--anonymise", help="Replace every person's "
                                            "name and id by a stable code (salted hash; the "
                                            "salt stays in ./.netan-salt).")] = False,
    attendance_threshold: Annotated[float, typer.Option(
        "--attendance-threshold", min=0.0, max=1.0,
        help="Attendance rate below which a GP member counts as not attending.")] = 0.25,
    missed_meetings: Annotated[int, typer.Option(
        "--missed-meetings", min=1,
        help="A GP who missed this many most recent meetings counts as not attending.")] = 3,
    betweenness: Annotated[str, typer.Option(
        "--betweenness", help="auto (exact up to 5,000 people, estimated from 500 "
        "source people beyond), exact, or sample:K to estimate from K source people.")]
    = "auto",
    seed: Annotated[int, typer.Option("--seed", help="Seed for sampled betweenness, the "
                                      "core-periphery search and the permutation test.")] = 0,
    compare: Annotated[str | None, typer.Option(
        "--compare", help="Two sector pairs A:B,C:D whose tie densities are compared with a "
        "permutation test (default: chosen from the data's working arrangements).")] = None,
    missing: Annotated[str, typer.Option(
        "--missing", metavar="complete-case|reconstruct|either|both",
        help="Roster surveys: how non-respondents are treated (every survey table says "
        "which; the survey section also shows each policy side by side).")]
    = "reconstruct",
) -> None:
    """Run the five analyses and write the report: **isolated GPs, weak vertical links,
    brokers, representation gaps and budget flows**.

    The HTML opens offline (one file, no external request); every table has a CSV
    twin; report.json is described by docs/report.schema.json.
    """
    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    try:
        options = ReportOptions(group_by=group_by, attendance_threshold=attendance_threshold,
                                missed_meetings=missed_meetings, betweenness=betweenness,
                                seed=seed, compare=compare, missing=missing,
                                direction=direction, weight=weight, weight_scale=weight_scale)
        with output.progress_after(1.0) as progress:
            written = api.report(db=db, out=out, formats=formats, options=options,
                                 anonymise=anonymise, progress=progress)
    except (StoreError, ValueError) as problem:
        output.fail(str(problem))
    for line in written.document["headlines"]:
        output.console.print(f"- {line}")
    for fmt_name, path in written.files.items():
        output.console.print(f"{fmt_name:>4}: {path}")


# ---------------------------------------------------------------------------
# netan view
# ---------------------------------------------------------------------------


def split_list(text: str | None) -> list[str] | None:
    """``"a,b"`` -> ``["a", "b"]``; None or blank -> None."""
    items = [t.strip() for t in (text or "").split(",") if t.strip()]
    return items or None


@app.command("view", epilog="""**Examples**

    netan view
    netan view --network organisations --out orgs.html
    netan view --layout force --size-by brokerage --layers attendance,liaison
    netan view --focus p-130 --depth 2 --png valleys-gp.png
    netan view --anonymise --out board-pack.html --svg board-pack.svg
""")
def view_command(
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")]
    = Path("network.html"),
    network: Annotated[str, typer.Option("--network", help="people, organisations or full.")]
    = "people",
    colour_by: Annotated[str, typer.Option("--colour-by", help="Node attribute for colour: "
                                           "sector, level or role.")] = "sector",
    size_by: Annotated[str, typer.Option("--size-by", help="betweenness, brokerage or "
                                         "degree.")] = "betweenness",
    layout: Annotated[str, typer.Option("--layout", help="levels (practice at the bottom, "
                                        "strategic at the top) or force.")] = "levels",
    focus: Annotated[str | None, typer.Option("--focus", help="Show only the network "
                                              "around this id.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, help="Ties from --focus.")] = 2,
    layers: Annotated[str | None, typer.Option("--layers", help="Comma-separated: "
                                               "attendance, liaison, colocation, funds, "
                                               "membership, ...")] = None,
    highlight: Annotated[str, typer.Option("--highlight", help="Comma-separated: "
                                           "isolated-gps, brokers.")] = "isolated-gps,brokers",
    anonymise: Annotated[bool, typer.Option("--anonymise", help="Replace people's names and "
                                            "ids by stable codes.")] = False,
    png: Annotated[Path | None, typer.Option("--png", help="Also write a PNG of the same "
                                             "layout.")] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Also write an SVG of the same "
                                             "layout.")] = None,
) -> None:
    """Write an **interactive network view** (one HTML file that works offline).

    Colour by sector, shape by node type, size by a metric; isolated GPs and
    top brokers ringed and listed; filters by sector, level, layer and role.
    """
    if png is not None and svg is not None:
        output.fail("choose one of --png and --svg")
    try:
        result = api.view(db, out, network=network, colour_by=colour_by, size_by=size_by,
                          layout=layout, focus=focus, depth=depth, layers=split_list(layers),
                          highlight=tuple(split_list(highlight) or ()), anonymise=anonymise,
                          static=png or svg)
    except (StoreError, ValueError) as problem:
        output.fail(str(problem))
    for note in result.notes:
        output.console.print(f"note: {note}")
    output.console.print(f"wrote {out}" + (f" and {png or svg}" if png or svg else ""))


# ---------------------------------------------------------------------------
# netan export
# ---------------------------------------------------------------------------


@app.command("export", epilog="""**Examples**

    netan export network.graphml
    netan export partnership.gexf --network organisations
    netan export people.net --network people --direction directed
    netan export board.dl --network people --anonymise
    netan export gephi-tables/ --network people --weight frequency
""")
def export_command(
    out: Annotated[Path, typer.Argument(help="The file to write (.graphml, .gexf, .net, "
                                        ".dl) or a folder for nodes.csv and edges.csv.")],
    db: DbOption = None,
    fmt: Annotated[str | None, typer.Option("--format", help="graphml, gexf, pajek, dl or "
                                            "csv; default: from the file's suffix.")] = None,
    network: Annotated[str, typer.Option("--network", help="full (every node and "
                                         "relationship), people, organisations, groups or "
                                         "meetings.")] = "full",
    anonymise: Annotated[bool, typer.Option("--anonymise", help="Replace people's names and "
                                            "ids by stable codes, as the report does.")]
    = False,
    direction: DirectionOption = None,
    weight: Annotated[str | None, typer.Option(
        "--weight", help="people/organisations: the tie column written as weight; default: "
        "netan's tie strength.")] = None,
    weight_scale: WeightScaleOption = "ascending",
) -> None:
    """Write the graph, or a derived network, for **Gephi, igraph, Pajek, UCINET** and
    spreadsheets: GraphML, GEXF (sector colours, level positions), Pajek .net,
    UCINET DL, or Gephi's nodes/edges CSV."""
    try:
        result = api.export(db, out, fmt=fmt, network=network, anonymise=anonymise,
                            direction=direction, weight=weight, weight_scale=weight_scale)
    except (StoreError, ValueError, OSError) as problem:
        output.fail(str(problem))
    for note in result.notes:
        output.console.print(f"note: {note}")
    unit = "arcs" if result.directed else "ties"
    output.console.print(f"wrote {', '.join(str(p) for p in result.files)} ({result.format}: "
                         f"{result.network}, {result.nodes:,} nodes, {result.ties:,} {unit})")


# ---------------------------------------------------------------------------
# netan schema, netan init
# ---------------------------------------------------------------------------


@app.command("schema", epilog="""**Examples**

    netan schema
    netan schema --json > schema.json
""")
def schema_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the model as JSON.")] = False,
) -> None:
    """Print the model: labels, relationship types, properties, vocabularies, input columns."""
    model = schema.describe()
    if as_json:
        typer.echo(json.dumps(model, indent=2))
        return
    from netan.cli.schema_text import print_schema

    print_schema(model)


@app.command("init", epilog="""**Example**

    netan init my-partnership/
    # fill in the CSVs, then:
    netan import my-partnership/
    netan init --survey survey.xlsx --roster examples/kingsfund-1998
    netan import returned/*.xlsx --db survey.db
""")
def init_command(
    folder: Annotated[Path, typer.Argument(help="A new (or empty) folder for the templates; "
                                           "with --survey, a folder or a new FILE.xlsx.",
                                           metavar="PATH")],
    survey_template: Annotated[bool, typer.Option(
        "--survey", help="Write a roster-survey template: roster and survey sheets, one "
        "sheet per respondent with drop-down ratings.")] = False,
    roster: Annotated[Path | None, typer.Option(
        "--roster", metavar="PATH", help="With --survey: take the roster from this import "
        "source (its roster, else its agencies).")] = None,
) -> None:
    """Write template CSVs (header and one example row each) for data collection."""
    if roster is not None and not survey_template:
        output.fail("--roster goes with --survey")
    try:
        written = (api.init_survey(folder, roster) if survey_template
                   else api.init_templates(folder))
    except api.ImportRefused as refused:
        output.print_problems(refused.problems)
        output.fail(str(refused))
    except FileExistsError as problem:
        output.fail(str(problem))
    for path in written:
        output.console.print(f"wrote {path}")


def run() -> None:
    """The ``netan`` console script: run the command, then leave at once.

    A report on a national network leaves millions of objects behind; letting the
    interpreter free them one by one at exit takes seconds (9 s measured on 1M
    relationships) for nothing. The command's output is flushed first and its
    exit code kept; in-process callers (tests, notebooks) use ``app`` and are not
    affected.
    """
    try:
        app(prog_name="netan")
        code = 0
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:  # a message instead of a number: print it as sys.exit would
            print(stop.code, file=sys.stderr)
            code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
