"""The ``netan`` command line: a thin layer over :mod:`netan.api`.

Each command parses its options, calls its Python twin, and prints the result
through :mod:`netan.cli.output`. Errors a user can fix are one clear line and
a non-zero exit code, never a traceback.

Help reads like the README: every command's examples one per line (a fenced
block in its epilog, run by tests/test_docs.py), and each option's value named
for what it is (``PATH``, ``N``, ``sector|level|role|agency``), never as a
Python type. The API (and with it pandas, networkx and the analyses) is
imported inside each command, so ``netan --help`` and ``netan query`` start fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from netan.cli import output
from netan.cli.options import said

if TYPE_CHECKING:
    from netan.api import ImportReport


def examples(*lines: str) -> str:
    """A command's epilog: its examples, one per line, as they would be typed."""
    return "**Examples**\n\n```\n" + "\n".join(lines) + "\n```\n"


def _no_type(ctx: Any) -> None:
    return None


class Command(TyperCommand):
    """A command whose help shows no Python types: an argument is named by its metavar
    (``PATH``, ``CYPHER``) and ``--help``, a flag, takes no value."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperArgument):
                param.display_type_rich = _no_type  # type: ignore[method-assign]
        return params

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option


class Group(TyperGroup):
    """The ``netan`` group, with the same ``--help`` line as its commands."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option


app = typer.Typer(
    name="netan",
    cls=Group,
    help="Network analyser for health and social care partnerships.\n\n"
    "Load who sits on which groups, who attends, who liaises with whom, who is "
    "co-located where and where the money flows; then query and report on it.",
    epilog=examples(
        "netan init my-partnership/",
        "netan import my-partnership/ --db my-partnership.db",
        "netan report --db my-partnership.db",
        "netan view --db my-partnership.db",
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
    add_completion=False,
)

#: A flag: the help shows no value after it.
FLAG = ""

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="NETAN_DB", metavar="PATH|URI",
                 help="Store: a path to an embedded store (default ./netan.db) "
                 "or a neo4j:// / bolt:// URI."),
]

DirectionOption = Annotated[
    str | None,
    typer.Option("--direction", metavar="directed|undirected",
                 help="Default: as the data has it (directed when any tie is declared "
                 "directed)."),
]
WeightScaleOption = Annotated[
    str,
    typer.Option("--weight-scale", metavar="ascending|descending",
                 help="ascending: larger is stronger; descending: 1 = most (a frequency "
                 "code)."),
]


WaveOption = Annotated[
    str | None,
    typer.Option("--wave", metavar="NAME",
                 help="Only this survey wave of the store (see `netan import --wave`); "
                 "needed when the store holds several."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE",
                 help="The partnership as it stood on this date (YYYY-MM-DD, or a year = "
                 "its last day): what had started and not yet ended; attendance recounted "
                 "from the register up to then."),
]
AttendanceThresholdOption = Annotated[float, typer.Option(
    "--attendance-threshold", min=0.0, max=1.0, metavar="RATE",
    help="Attendance rate below which a GP member counts as not attending.")]
MissedMeetingsOption = Annotated[int, typer.Option(
    "--missed-meetings", min=1, metavar="N",
    help="A GP who missed this many most recent meetings counts as not attending.")]


def version_callback(value: bool) -> None:
    if value:
        from netan import __version__

        typer.echo(f"netan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=version_callback,
                                          is_eager=True, metavar=FLAG,
                                          help="Show the version.")] = False,
) -> None:
    """Network analyser for health and social care partnerships."""


# ---------------------------------------------------------------------------
# netan import
# ---------------------------------------------------------------------------


@app.command("import", cls=Command, epilog=examples(
    "netan import examples/wales-1998",
    "netan import partnership.xlsx --db partnership.db --replace",
    "netan import data.json --db partnership.db --replace",
    "netan import more/ --db partnership.db --append",
    "netan import more/ --db partnership.db --append --dry-run",
    "netan import returned/*.xlsx --db survey.db",
    "netan import old-export/ --db old.db --encoding cp1252",
    "netan import examples/wales-1998 --db wales.db --wave 1998",
    "netan import examples/wales-2011 --db wales.db --wave 2011",
    "netan import network.graphml --db published.db",
    "netan import gephi-export/ --db gephi.db",
))
def import_command(
    sources: Annotated[list[Path], typer.Argument(
        help="A folder of CSVs, an .xlsx workbook, a .json document or a network file "
        "(.graphml, .gexf, .net, .dl); several files (returned survey workbooks) are read "
        "as one import.", metavar="PATH...")],
    db: DbOption = None,
    append: Annotated[bool, typer.Option("--append", metavar=FLAG,
                                         help="Merge into the existing store by "
                                         "id: only the columns given, and only non-blank cells, "
                                         "change stored values; re-importing the same data "
                                         "changes nothing.")]
    = False,
    replace: Annotated[bool, typer.Option("--replace", metavar=FLAG,
                                          help="Replace the store's graph "
                                          "(the default for a new store).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", metavar=FLAG,
                                          help="Validate and show what would be "
                                          "written; write nothing.")] = False,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", metavar="NAME",
        help="Read files that are not valid UTF-8 with this encoding (such as "
        "cp1252); without it such a file is an error naming its first bad byte.")] = None,
    wave: Annotated[str | None, typer.Option(
        "--wave", metavar="NAME",
        help="Keep this import as a survey wave beside the store's other waves (a new "
        "wave is added; --replace or --append act on this wave only).")] = None,
) -> None:
    """Validate input files and load them into the store, **all or nothing**.

    Every problem is reported at once with its file, row and column; if any is
    an error nothing is written and the store stays as it was.
    """
    from netan import api
    from netan.graphdb.store import StoreError

    if append and replace:
        output.fail("choose one of --append and --replace")
    for path in sources:
        if not os.path.lexists(path):
            output.fail(f"{path}: no such file or folder")
    source: Path | list[Path] = sources[0] if len(sources) == 1 else sources
    mode = "append" if append else "replace" if replace else None
    report: ImportReport
    try:
        with output.progress_after(1.0) as progress:
            report = api.import_data(source, db=db, mode=mode, dry_run=dry_run,
                                     progress=progress, encoding=encoding, wave=wave)
    except api.ImportRefused as refused:
        output.print_problems(refused.problems)
        output.fail(str(refused))
    except (StoreError, ValueError) as problem:
        output.fail(said(problem))
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
    waves = f", wave {', '.join(report.waves)}" if report.waves else ""
    output.print_counts(f"Imported {report.source} into {report.store} ({report.mode}{waves})",
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
    except RecursionError:
        raise typer.BadParameter(f"{name}: the value is nested too deeply") from None
    except ValueError:  # Python reads integers of at most 4,300 digits
        raise typer.BadParameter(f"{name}: the number has too many digits") from None
    if isinstance(value, dict):
        value = raw
    return name, value


def read_query_file(file: Path) -> str:
    """The query in ``file`` (UTF-8 text, at most four times the gate's size limit)."""
    from netan.graphdb.gate import MAX_CHARS

    limit = 4 * MAX_CHARS
    try:
        with file.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        output.fail(f"{file}: no such file", code=2)
    except IsADirectoryError:
        output.fail(f"{file} is a folder; give a file holding one query", code=2)
    except OSError as problem:
        output.fail(f"{file}: cannot be read ({problem.strerror or problem})", code=2)
    if len(data) > limit:
        output.fail(f"{file} is longer than {limit:,} bytes; a query file holds one query",
                    code=2)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        output.fail(f"{file}: not UTF-8 text (byte 0x{data[problem.start]:02x} on line {line}); "
                    "save the query as UTF-8", code=2)


def _probe_store(db: str | None) -> None:
    """Start the embedded store's safety probe (:mod:`netan.graphdb.probe`) now, so it
    runs beside the loading of the analyses' code instead of after it."""
    from netan.graphdb.probe import start_probe
    from netan.graphdb.store import is_neo4j_uri, resolve_location

    location = resolve_location(db)
    if not is_neo4j_uri(location):
        start_probe(location)


@app.command("query", cls=Command, epilog=examples(
    "netan query \"MATCH (p:Person {role: 'gp'}) RETURN p.name, p.sector\"",
    "netan query --file q.cypher --param area=Gwent --format csv",
    "netan query \"MATCH (g:Group {level: \\$level}) RETURN g.name\" -p level=area",
    "netan query \"MATCH (p:Person {id:\\$id}) SET p.role='gp'\" -p id=p-130 --write",
    "netan query \"RETURN substring('hello', 1, 2), split('a,,b', ',')\"",
    "netan query \"MATCH (p:Person) WHERE p.role IN \\$r RETURN p.id\" -p 'r=[\"gp\"]'",
    "netan query \"MATCH (g:Group) RETURN count(g)\" --db wales.db --wave 1998",
))
def query_command(
    cypher: Annotated[str | None, typer.Argument(metavar="CYPHER",
                                                 help="A Cypher query.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", metavar="PATH",
                                              help="Read the query from a file.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", metavar="NAME=VALUE",
                                                    help="A parameter (repeatable); values "
                                                    "are typed: 3, 2.5, true, [1,2], else "
                                                    "text.")]
    = None,
    fmt: Annotated[output.OutputFormat, typer.Option("--format", metavar="table|csv|json",
                                                     help="How to print the rows.")]
    = "table",
    write: Annotated[bool, typer.Option("--write", metavar=FLAG,
                                        help="Allow CREATE, MERGE, SET, DELETE, "
                                        "REMOVE.")] = False,
    db: DbOption = None,
    wave: WaveOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Run an ad-hoc Cypher query, **read-only** unless `--write`.

    Values belong in parameters (`$name` with `--param name=value`). Type Neo4j
    Cypher: on the embedded store netan gives Neo4j's answer, or refuses the query
    before it runs and says what to write instead (see docs/cypher-dialects.md).
    Without `--wave`/`--as-of` the query sees every wave and date in the store;
    with them it runs on a read-only copy of that selection.
    """
    if (cypher is None) == (file is None):
        output.fail("give a query or --file, not both and not neither", code=2)
    _probe_store(db)  # the store opened in a child while the rest of netan loads
    text = read_query_file(file) if file is not None else cypher
    assert text is not None
    try:
        params = dict(parse_param(p) for p in param or [])
    except typer.BadParameter as problem:
        output.fail(f"--param {problem}", code=2)
    from netan import api
    from netan.graphdb.store import StoreError

    try:
        result = api.query(text, params, db=db, write=write, wave=wave, as_of=as_of)
    except (StoreError, ValueError) as problem:
        position = getattr(problem, "position", None)
        where = f" (at position {position})" if position else ""
        output.fail(f"{problem}{where}")
    output.print_rows(result.columns, result.rows, fmt)


# ---------------------------------------------------------------------------
# netan report
# ---------------------------------------------------------------------------


@app.command("report", cls=Command, epilog=examples(
    "netan report",
    "netan report --db partnership.db --out partnership-report --format html,json",
    "netan report --anonymise --group-by level",
    "netan report --betweenness sample:500 --seed 7",
    "netan report --db survey.db --missing complete-case",
    "netan report --db survey.db --weight collaboration",
    "netan report --compare primary_care:social_care,primary_care:secondary_care",
    "netan report --format pdf --out board-pack",
    "netan report --db wales.db --wave 2011 --out wales-2011",
    "netan report --db wales.db --wave 1998 --as-of 1998-03-31 --out wales-march",
    "netan report --db kf.db --by site --out kf-sites",
    "netan report --db published.db --out emon --group-by Sponsorship",
    "netan report --db published.db --out emon --direction directed",
    "netan report --db published.db --weight Frequency --weight-scale descending",
))
def report_command(
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", metavar="FOLDER",
                                      help="Folder for report.html, report.md, "
                                      "report.json and csv/.")] = Path("report"),
    fmt: Annotated[str, typer.Option("--format", metavar="html,md,json,csv,pdf",
                                     help="The formats to write, comma-separated; pdf "
                                     "(a board pack printed by Chromium) only when asked.")]
    = "html,md,json,csv",
    group_by: Annotated[str, typer.Option("--group-by", metavar="sector|level|…",
                                          help="Partition for brokerage, E-I and mixing: any "
                                          "node attribute (sector, level, role, agency or a "
                                          "column of your data).")] = "sector",
    direction: DirectionOption = None,
    weight: Annotated[str | None, typer.Option(
        "--weight", metavar="COLUMN", help="Tie column that weights constraint and "
        "strength (e.g. frequency), or a survey rating that weights the survey's "
        "strength, density and reciprocity (collaboration, trust, value, frequency); "
        "default: unweighted.")] = None,
    weight_scale: WeightScaleOption = "ascending",
    anonymise: Annotated[bool, typer.Option("--anonymise", metavar=FLAG,
                                            help="Replace every person's "
                                            "name and id by a stable code (salted hash; the "
                                            "salt stays in ./.netan-salt).")] = False,
    attendance_threshold: AttendanceThresholdOption = 0.25,
    missed_meetings: MissedMeetingsOption = 3,
    betweenness: Annotated[str, typer.Option(
        "--betweenness", metavar="auto|exact|sample:K",
        help="auto (exact up to a bound on its work, about 10,000 people at a "
        "partnership's density; estimated from 500 source people beyond), exact, or "
        "sample:K to estimate from K source people.")]
    = "auto",
    seed: Annotated[int, typer.Option("--seed", metavar="N",
                                      help="Seed for sampled betweenness, the "
                                      "core-periphery search and the permutation test.")] = 0,
    compare: Annotated[str | None, typer.Option(
        "--compare", metavar="A:B,C:D",
        help="Two sector pairs A:B,C:D whose tie densities are compared with a "
        "permutation test (default: chosen from the data's working arrangements).")] = None,
    missing: Annotated[str, typer.Option(
        "--missing", metavar="POLICY",
        help="Roster surveys: how non-respondents are treated: complete-case, "
        "reconstruct, either or both (every survey table says "
        "which; the survey section also shows each policy side by side).")]
    = "reconstruct",
    wave: WaveOption = None,
    as_of: AsOfOption = None,
    by: Annotated[str | None, typer.Option(
        "--by", metavar="ATTRIBUTE",
        help="Sites side by side: one row of headline measures per value of this "
        "attribute (site, area, ...); writes sites.html, sites.md, sites.json, csv/.")]
    = None,
) -> None:
    """Run the five analyses and write the report: **isolated GPs, weak vertical links,
    brokers, representation gaps and budget flows**.

    The HTML opens offline (one file, no external request) and prints as a board
    pack; every table has a CSV twin; report.json is described by
    docs/report.schema.json; report.pdf is the page printed by headless Chromium.
    """
    from netan import api
    from netan.cli import options as parse
    from netan.graphdb.store import StoreError
    from netan.reporting.pdf import PdfError
    from netan.reporting.report import ReportOptions

    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    try:
        options = ReportOptions(group_by=group_by, attendance_threshold=attendance_threshold,
                                missed_meetings=missed_meetings,
                                betweenness=parse.betweenness(betweenness), seed=seed,
                                compare=parse.compare(compare), missing=missing,  # type: ignore[arg-type]
                                direction=direction, weight=weight, weight_scale=weight_scale)
        if by is not None:
            written = api.report_by(by, db=db, out=out, formats=formats, options=options,
                                    anonymise=anonymise, wave=wave, as_of=as_of)
        else:
            with output.progress_after(1.0) as progress:
                written = api.report(db=db, out=out, formats=formats, options=options,
                                     anonymise=anonymise, progress=progress, wave=wave,
                                     as_of=as_of)
    except (StoreError, ValueError, PdfError) as problem:
        output.fail(said(problem))
    for line in written.document["headlines"]:
        output.say(f"- {line}")
    for fmt_name, path in written.files.items():
        output.say(f"{fmt_name:>4}: {path}")


# ---------------------------------------------------------------------------
# netan compare
# ---------------------------------------------------------------------------


@app.command("compare", cls=Command, epilog=examples(
    "netan compare \"wales.db#wave=1998\" \"wales.db#wave=2011\" --out wales-change",
    "netan compare \"kf.db#site=Dudley\" \"kf.db#site=Trowbridge\" --out kf-change",
    "netan compare \"kf.db#site=Dudley\" \"kf.db#site=Sutton\" --reps 5000 --seed 7",
))
def compare_command(
    before: Annotated[str, typer.Argument(
        metavar="BEFORE", help="A store, optionally cut: STORE#wave=NAME, STORE#as_of=DATE, "
        "STORE#site=NAME (joined by &).")],
    after: Annotated[str, typer.Argument(metavar="AFTER",
                                         help="The other side, written the same way.")],
    out: Annotated[Path, typer.Option("--out", metavar="FOLDER",
                                      help="Folder for compare.html, compare.md, "
                                      "compare.json and csv/.")] = Path("compare"),
    fmt: Annotated[str, typer.Option("--format", metavar="html,md,json,csv",
                                     help="The formats to write, comma-separated.")]
    = "html,md,json,csv",
    group_by: Annotated[str, typer.Option("--group-by", metavar="sector|level|…",
                                          help="Partition for brokers and the E-I index.")]
    = "sector",
    reps: Annotated[int, typer.Option("--reps", min=1, metavar="N",
                                      help="Random draws of each permutation test (exact "
                                      "when fewer suffice).")] = 2000,
    seed: Annotated[int, typer.Option("--seed", metavar="N",
                                      help="Seed of the permutation tests.")] = 0,
    anonymise: Annotated[bool, typer.Option("--anonymise", metavar=FLAG,
                                            help="Replace people's names and ids by stable "
                                            "codes (the same on both sides).")] = False,
    attendance_threshold: AttendanceThresholdOption = 0.25,
    missed_meetings: MissedMeetingsOption = 3,
) -> None:
    """Compare two waves, dates, sites or stores: **who became or stopped being an isolated
    GP, vertical links and brokers gained and lost, representation, money, and whether the
    whole network changed more than chance** (seeded permutation tests).

    People, organisations and groups are matched by id, then through their successors
    (`succeeded_by`/`succeeds` on import); what matches nothing is listed.
    """
    from netan import api
    from netan.graphdb.store import StoreError
    from netan.queries.compare import CompareOptions

    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    options = CompareOptions(group_by=group_by, attendance_threshold=attendance_threshold,
                             missed_meetings=missed_meetings, reps=reps, seed=seed)
    try:
        written = api.compare(before, after, out=out, formats=formats, options=options,
                              anonymise=anonymise)
    except (StoreError, ValueError) as problem:
        output.fail(said(problem))
    for line in written.document["headlines"]:
        output.console.print(f"- {line}", markup=False)
    for fmt_name, path in written.files.items():
        output.say(f"{fmt_name:>4}: {path}")


# ---------------------------------------------------------------------------
# netan view
# ---------------------------------------------------------------------------


def split_list(text: str | None) -> list[str] | None:
    """``"a,b"`` -> ``["a", "b"]``; None or blank -> None."""
    items = [t.strip() for t in (text or "").split(",") if t.strip()]
    return items or None


@app.command("view", cls=Command, epilog=examples(
    "netan view",
    "netan view --network organisations --out orgs.html",
    "netan view --layout force --size-by brokerage --layers attendance,liaison",
    "netan view --focus p-130 --depth 2 --png valleys-gp.png",
    "netan view --focus \"Owain Madoc\" --depth 1",
    "netan view --anonymise --out board-pack.html --svg board-pack.svg",
    "netan view --db survey.db --network survey --size-by trust",
    "netan view --db wales.db --wave 1998 --out wales-1998.html",
    "netan view --db wales.db --wave 2011 --compare \"wales.db#wave=1998\"",
))
def view_command(
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", metavar="PATH",
                                      help="The HTML file to write.")]
    = Path("network.html"),
    network: Annotated[str, typer.Option("--network", metavar="NETWORK",
                                         help="Which network to draw: people, "
                                         "organisations, full, or survey (a roster "
                                         "survey's answers).")]
    = "people",
    colour_by: Annotated[str, typer.Option("--colour-by", metavar="sector|level|role",
                                           help="Node attribute for colour.")] = "sector",
    size_by: Annotated[str, typer.Option("--size-by", metavar="METRIC",
                                         help="Node size: betweenness, brokerage, "
                                         "degree, or (surveys) trust or value received.")]
    = "betweenness",
    layout: Annotated[str, typer.Option("--layout", metavar="levels|force",
                                        help="levels: practice at the bottom, "
                                        "strategic at the top.")] = "levels",
    focus: Annotated[str | None, typer.Option("--focus", metavar="ID|NAME",
                                              help="Show only the network around this "
                                              "person or organisation (an id, or a name "
                                              "as written).")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, metavar="N",
                                       help="Ties from --focus.")] = 2,
    layers: Annotated[str | None, typer.Option("--layers", metavar="LIST",
                                               help="Comma-separated: "
                                               "attendance, liaison, colocation, funds, "
                                               "membership, ...")] = None,
    highlight: Annotated[str, typer.Option(
        "--highlight", metavar="LIST",
        help="Comma-separated: isolated-gps, brokers, unlinked-practices.")]
    = "isolated-gps,brokers,unlinked-practices",
    anonymise: Annotated[bool, typer.Option("--anonymise", metavar=FLAG,
                                            help="Replace people's names and "
                                            "ids by stable codes.")] = False,
    png: Annotated[Path | None, typer.Option("--png", metavar="PATH",
                                             help="Also write a PNG of the same "
                                             "layout.")] = None,
    svg: Annotated[Path | None, typer.Option("--svg", metavar="PATH",
                                             help="Also write an SVG of the same "
                                             "layout.")] = None,
    wave: WaveOption = None,
    as_of: AsOfOption = None,
    compare: Annotated[str | None, typer.Option(
        "--compare", metavar="SIDE",
        help="Draw ties added since this side (STORE#wave=NAME, ...; see `netan compare`) "
        "in green, removed ones in red dashes, kept ones in grey.")] = None,
) -> None:
    """Write an **interactive network view** (one HTML file that works offline).

    Colour by sector, shape by node type, size by a metric; isolated GPs and
    top brokers ringed and listed; filters by sector, level, layer and role.
    """
    from netan import api
    from netan.graphdb.store import StoreError

    if png is not None and svg is not None:
        output.fail("choose one of --png and --svg")
    try:
        result = api.view(db, out, network=network, colour_by=colour_by, size_by=size_by,
                          layout=layout, focus=focus, depth=depth, layers=split_list(layers),
                          highlight=tuple(split_list(highlight) or ()), anonymise=anonymise,
                          static=png or svg, wave=wave, as_of=as_of, compare=compare)
    except (StoreError, ValueError) as problem:
        output.fail(said(problem))
    for note in result.notes:
        output.say(f"note: {note}")
    output.say(f"wrote {out}" + (f" and {png or svg}" if png or svg else ""))


# ---------------------------------------------------------------------------
# netan export
# ---------------------------------------------------------------------------


@app.command("export", cls=Command, epilog=examples(
    "netan export partnership.graphml",
    "netan export partnership.gexf --network organisations",
    "netan export people.net --network people --direction directed",
    "netan export board.dl --network people --anonymise",
    "netan export gephi/ --db published.db --network people --weight Frequency",
))
def export_command(
    out: Annotated[Path, typer.Argument(metavar="PATH",
                                        help="The file to write (.graphml, .gexf, .net, "
                                        ".dl) or a folder for nodes.csv and edges.csv.")],
    db: DbOption = None,
    fmt: Annotated[str | None, typer.Option("--format", metavar="graphml|gexf|pajek|dl|csv",
                                            help="The file format; default: from the "
                                            "file's suffix.")] = None,
    network: Annotated[str, typer.Option("--network", metavar="NETWORK",
                                         help="full (every node and relationship), people, "
                                         "organisations, groups or meetings.")] = "full",
    anonymise: Annotated[bool, typer.Option("--anonymise", metavar=FLAG,
                                            help="Replace people's names and ids by stable "
                                            "codes, as the report does.")] = False,
    direction: DirectionOption = None,
    weight: Annotated[str | None, typer.Option(
        "--weight", metavar="COLUMN", help="people/organisations: the tie column written as "
        "weight; default: netan's tie strength.")] = None,
    weight_scale: WeightScaleOption = "ascending",
    wave: WaveOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Write the graph, or a derived network, for **Gephi, igraph, Pajek, UCINET** and
    spreadsheets: GraphML, GEXF (sector colours, level positions), Pajek .net,
    UCINET DL, or Gephi's nodes/edges CSV."""
    from netan import api
    from netan.graphdb.store import StoreError

    try:
        result = api.export(db, out, fmt=fmt, network=network, anonymise=anonymise,
                            direction=direction, weight=weight, weight_scale=weight_scale,
                            wave=wave, as_of=as_of)
    except (StoreError, ValueError, OSError) as problem:
        output.fail(said(problem))
    for note in result.notes:
        output.console.print(f"note: {note}")
    unit = "arcs" if result.directed else "ties"
    output.console.print(f"wrote {', '.join(str(p) for p in result.files)} ({result.format}: "
                         f"{result.network}, {result.nodes:,} nodes, {result.ties:,} {unit})")


# ---------------------------------------------------------------------------
# netan schema, netan init
# ---------------------------------------------------------------------------


@app.command("schema", cls=Command, epilog=examples(
    "netan schema",
    "netan schema --json > schema.json",
))
def schema_command(
    as_json: Annotated[bool, typer.Option("--json", metavar=FLAG,
                                          help="Print the model as JSON.")] = False,
) -> None:
    """Print the model: labels, relationship types, properties, vocabularies, input columns."""
    from netan.graphdb import schema

    model = schema.describe()
    if as_json:
        typer.echo(json.dumps(model, indent=2))
        return
    from netan.cli.schema_text import print_schema

    print_schema(model)


@app.command("init", cls=Command, epilog=examples(
    "netan init my-partnership/",
    "netan import my-partnership/ --db my-partnership.db",
    "netan init data-collection.xlsx",
    "netan import data-collection.xlsx --db data-collection.db",
    "netan init --survey survey.xlsx --roster examples/kingsfund-1998",
    "netan import returned/*.xlsx --db survey.db",
))
def init_command(
    target: Annotated[Path, typer.Argument(metavar="FOLDER|FILE.xlsx",
                                           help="A new (or empty) folder for CSV templates, "
                                           "or a new .xlsx workbook.")],
    survey_template: Annotated[bool, typer.Option(
        "--survey", metavar=FLAG,
        help="Write a roster-survey template: roster and survey sheets, one "
        "sheet per respondent with drop-down ratings.")] = False,
    roster: Annotated[Path | None, typer.Option(
        "--roster", metavar="PATH", help="With --survey: take the roster from this import "
        "source (its roster, else its agencies).")] = None,
) -> None:
    """Write **templates for data collection**: a folder with one CSV per table, or
    one workbook with a sheet per table, drop-down lists and a README sheet.

    Each holds every table's header and a small example partnership that imports
    as it is; replace the example rows with your own. Nothing is overwritten.
    `--survey` writes a roster survey instead (one sheet per respondent).
    """
    from netan import api

    if roster is not None and not survey_template:
        output.fail("--roster goes with --survey")
    try:
        written = (api.init_survey(target, roster) if survey_template
                   else api.init_templates(target))
    except api.ImportRefused as refused:
        output.print_problems(refused.problems)
        output.fail(str(refused))
    except (FileExistsError, ValueError) as problem:
        output.fail(said(problem))
    except OSError as problem:
        output.fail(f"{target}: cannot write the templates: {problem.strerror or problem}")
    for path in written:
        output.say(f"wrote {path}")


def run() -> None:
    """The ``netan`` console script: run the command, then leave without the
    collector's last walk.

    A report on a national network leaves millions of objects behind, and the
    collections the interpreter makes as it exits walk all of them: 11.8 s after the
    national report (``benchmarks/bench_teardown.py``, ``benchmarks/RESULTS.md``).
    Freezing the objects alive at the end (:func:`netan.kernels.collector.
    spare_at_exit`, ``gc.freeze``) keeps them out of those collections and the
    process is gone 0.3 s after the report (``os._exit``, which skips the whole
    teardown: 0.2 s), while the exit stays a normal one: exit codes, ``atexit``
    handlers and flushed output as Python makes them. In-process callers (tests,
    notebooks) use ``app`` and are not affected.
    """
    import warnings

    from netan.kernels.collector import spare_at_exit  # gc only: cheap

    warnings.showwarning = output.show_warning  # e.g. a worker process that failed
    try:
        app(prog_name="netan")
    finally:
        spare_at_exit()


if __name__ == "__main__":  # pragma: no cover
    run()
