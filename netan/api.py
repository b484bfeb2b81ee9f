"""The Python twins of the ``netan`` commands.

Every command is a thin layer over a function here, so anything the CLI does
a script or notebook can do too::

    from netan.api import import_data, query

    report = import_data("examples/wales-1998", db="netan.db", mode="replace")
    rows = query("MATCH (p:Person {role: $role}) RETURN p.name", {"role": "gp"}, db="netan.db")

The functions take and return data; the CLI decides how to print it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import platform
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netan.graphdb import open_store
from netan.graphdb.store import (
    ImportMode,
    Progress,
    QueryResult,
    StoreError,
    WriteSummary,
    is_neo4j_uri,
    resolve_location,
)
from netan.kernels.collector import collector_spared  # gc and contextlib only: cheap

# The importers, analyses, report and views (and with them pandas, networkx and
# scipy) are imported inside the functions that use them, so that `netan --help`
# and `netan query` start fast.
if TYPE_CHECKING:
    import networkx as nx

    from netan.importers import ImportResult, Problem
    from netan.queries.pseudonyms import Pseudonyms
    from netan.reporting.report import ReportOptions
    from netan.visualisations import ViewModel


class ImportRefused(StoreError):
    """The import was not written: validation errors, or no mode for an existing store."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ImportReport:
    """What an import read, found and (unless a dry run) wrote."""

    source: str
    store: str
    mode: ImportMode
    dry_run: bool
    validation: ImportResult
    written: WriteSummary | None = None
    would_write: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.validation.problems if p.severity == "warning"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.validation.problems if p.severity == "error"]

    @property
    def survey_response(self) -> dict[str, Any] | None:
        """A roster survey's response in this import (None when it has no roster)."""
        from netan.importers.survey import response_of

        data = self.validation.data
        return response_of(data) if data is not None else None


def store_exists(location: str) -> bool:
    """True when an embedded store file exists at ``location`` (Neo4j: always True)."""
    return is_neo4j_uri(location) or Path(location).exists()


def choose_mode(location: str, mode: ImportMode | None) -> ImportMode:
    """The import mode: as asked, ``replace`` for a new store, refused otherwise.

    An existing store is never overwritten by accident: the user must say
    ``--replace`` or ``--append``.
    """
    if mode is not None:
        return mode
    if not store_exists(location):
        return "replace"
    raise ImportRefused(
        f"the store {location} already holds a graph: pass --replace to overwrite it "
        "or --append to add to it"
    )


def import_data(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    db: str | os.PathLike[str] | None = None,
    mode: ImportMode | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    encoding: str | None = None,
) -> ImportReport:
    """Validate ``source`` and write it to the store ``db``, all or nothing.

    Raises :class:`ImportRefused` (with every problem found) when the input has
    errors; the store is then untouched. ``dry_run`` validates and reports what
    would be written without opening the store for writing. ``encoding`` (such as
    ``cp1252``) reads the files that are not valid UTF-8; without it they are errors.
    An ``append`` merges: stored values the input does not give, or leaves blank,
    stay as they are.
    """
    location = resolve_location(db)
    chosen = choose_mode(location, mode)
    from netan.importers import load_import

    validation = load_import(source, encoding=encoding)
    named = (str(source) if isinstance(source, str | os.PathLike)
             else ", ".join(str(s) for s in source))
    report = ImportReport(named, location, chosen, dry_run, validation)
    if validation.data is None:
        count = len(report.errors)
        raise ImportRefused(
            f"{named}: {count} error{'s' if count != 1 else ''} found; nothing was written",
            validation.problems,
        )
    report.would_write = {
        "nodes": validation.data.node_counts(),
        "relationships": validation.data.relationship_counts(),
    }
    if dry_run:
        return report
    store = open_store(location)
    try:
        report.written = store.write_import(validation.data, chosen, progress=progress)
    finally:
        store.close()
    return report


def query(
    cypher: str,
    params: dict[str, Any] | None = None,
    db: str | os.PathLike[str] | None = None,
    write: bool = False,
) -> QueryResult:
    """Run Cypher against the store; read-only unless ``write``.

    On the embedded store Neo4j spellings (``type(r)``, ``labels(n)``,
    ``shortestPath``, an unquoted ``Group`` label) are translated first.
    """
    store = open_store(db, read_only=not write)
    try:
        return store.query(cypher, params or {}, write=write)
    finally:
        store.close()


def counts(db: str | os.PathLike[str] | None = None) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type in the store."""
    store = open_store(db, read_only=True)
    try:
        return store.counts()
    finally:
        store.close()


def init_templates(target: str | os.PathLike[str]) -> list[Path]:
    """Write data-collection templates: a folder of CSVs, or one workbook for a ``.xlsx``.

    Each template has every input table's header and a small example partnership
    that imports cleanly; a workbook adds drop-down lists for the vocabularies and
    a README sheet. Raises FileExistsError rather than overwrite anything, and
    ValueError for a file that is not ``.xlsx``.
    """
    from netan.importers.templates import check_new_target, write_templates, write_workbook

    path = Path(target)
    check_new_target(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return [write_workbook(path)]
    if suffix in (".xls", ".xlsm", ".csv", ".json", ".ods") and not path.is_dir():
        raise ValueError(f"{path}: netan init writes a folder of CSVs or an .xlsx workbook; "
                         "give a folder name or a name ending in .xlsx")
    return write_templates(path)


def init_survey(target: str | os.PathLike[str],
                roster_from: str | os.PathLike[str] | None = None) -> list[Path]:
    """Write a roster-survey template: ``FILE.xlsx`` (README, roster and one sheet per
    respondent, with drop-down lists) or a folder with ``roster.csv`` and ``survey.csv``.

    ``roster_from`` is any import source (folder, workbook, JSON): its roster if it
    has one, else its agencies (an organisation survey). Without it the template
    lists three example organisations. Refuses to overwrite anything.
    """
    from netan.importers.survey import write_survey_csvs, write_survey_workbook

    path = Path(target)
    roster = survey_roster(roster_from) if roster_from is not None else None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        if path.exists():
            raise FileExistsError(f"{path} exists; choose a new file name")
        path.parent.mkdir(parents=True, exist_ok=True)
        return [write_survey_workbook(path, *([roster] if roster else []))]
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FileExistsError(f"{path} is not an empty folder; choose a new folder or a "
                              "new .xlsx file name")
    return write_survey_csvs(path, *([roster] if roster else []))


def survey_roster(source: str | os.PathLike[str]) -> list[dict[str, str]]:
    """The roster entries (id, name, type, sector) an import source defines (see
    :func:`init_survey`); raises :class:`ImportRefused` when the source has errors."""
    from netan.importers import load_import

    validation = load_import(source)
    if validation.data is None:
        raise ImportRefused(f"{source}: {len(validation.errors)} errors found; fix them "
                            "before building a survey from it", validation.problems)
    rows: list[dict[str, str]] = []
    marked = any(frame["survey"].notna().any() for label, frame in
                 validation.data.nodes.items() if "survey" in frame)
    for label, kind in (("Agency", "organisation"), ("Person", "person")):
        frame = validation.data.nodes[label]
        chosen = frame[frame["survey"].notna()] if marked else (
            frame if label == "Agency" else frame.iloc[0:0])
        for record in chosen.to_dict("records"):
            rows.append({"id": record["id"], "name": record.get("name") or record["id"],
                         "type": kind, "sector": record.get("sector") or ""})
    if len(rows) < 2:
        raise ImportRefused(f"{source}: a roster needs at least two agencies or people")
    return rows



# ---------------------------------------------------------------------------
# netan report
# ---------------------------------------------------------------------------

REPORT_FORMATS = ("html", "md", "json", "csv")
#: Formats written only when asked for (``pdf`` needs Chromium).
EXTRA_REPORT_FORMATS = ("pdf",)
#: Where the local pseudonymisation salt lives unless $NETAN_SALT_FILE says otherwise.
DEFAULT_SALT_FILE = ".netan-salt"


@dataclass(frozen=True)
class WrittenReport:
    """A report as data (``document``, see docs/report.schema.json) and the files written."""

    document: dict[str, Any]
    files: dict[str, Path]


def local_salt(path: str | os.PathLike[str] | None = None) -> bytes:
    """The analyst's local salt for ``--anonymise``, created (32 random bytes) on first use.

    Kept in ``$NETAN_SALT_FILE`` or ``./.netan-salt``, readable by its owner
    only; it is never written into a report, so codes cannot be reversed by
    anyone who has a report but not this machine. A salt file that is empty,
    shorter than 32 bytes or not random is refused (ValueError): codes made with
    it could be reversed by hashing a list of staff.
    """
    from netan.queries.pseudonyms import MIN_SALT_BYTES, check_salt

    salt_file = Path(path or os.environ.get("NETAN_SALT_FILE") or DEFAULT_SALT_FILE)
    try:
        if not salt_file.exists():
            descriptor = os.open(salt_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(MIN_SALT_BYTES))
        salt = salt_file.read_bytes()
    except OSError as problem:
        raise ValueError(f"cannot use the salt file {salt_file}: "
                         f"{problem.strerror or problem}") from None
    check_salt(salt, f"the salt file {salt_file}")
    return salt


def graph_digest(G: nx.MultiDiGraph) -> str:
    """SHA-256 of the graph's content, independent of the order the store returned it in.

    Every node ``(id, properties)`` and edge ``(source, target, properties)`` is
    encoded on its own -- with :mod:`marshal` format 2, which has no object
    references and so depends only on the values (properties in the order the
    store gives them: the schema's) -- the encodings are sorted, and the sorted
    lists are hashed, nodes first. A value marshal cannot encode is written as
    its ``repr``.
    """
    digest = hashlib.sha256()
    for items in (G.nodes(data=True), G.edges(data=True)):
        encoded = sorted(map(_encoded, items))
        digest.update(len(encoded).to_bytes(8, "little"))
        digest.update(b"".join(len(e).to_bytes(4, "little") + e for e in encoded))
    return digest.hexdigest()


def _encoded(item: tuple[Any, ...]) -> bytes:
    try:
        return marshal.dumps(item, 2)
    except ValueError:  # e.g. a numpy scalar or a date object among the properties
        return repr(item).encode()


def provenance(G: nx.MultiDiGraph, location: str, options: ReportOptions,
               anonymised: bool) -> dict[str, Any]:
    """Who made the report, from what, with which versions and parameters."""
    from netan import __version__
    libraries = {name: _version(name) for name in
                 ("networkx", "numpy", "scipy", "pandas", "ladybug", "neo4j")}
    return {
        "netan": __version__,
        "python": platform.python_version(),
        "libraries": libraries,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "store": "neo4j" if is_neo4j_uri(location) else "embedded",
        "input_sha256": graph_digest(G),
        "nodes": G.number_of_nodes(),
        "relationships": G.number_of_edges(),
        "parameters": asdict(options),
        "seed": options.seed,
        "anonymised": anonymised,
    }


def _version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def read_graph(db: str | os.PathLike[str] | None = None,
               anonymise: bool = False) -> nx.MultiDiGraph:
    """The whole graph of the store as a typed MultiDiGraph.

    With ``anonymise`` it is pseudonymised here, as it is read: this is where the
    report, the view and every export get their graph, so they share one mapping
    (:mod:`netan.queries.pseudonyms`) and nothing after it sees a name.
    """
    return _read_graph(db, anonymise)[0]


def _read_graph(db: str | os.PathLike[str] | None, anonymise: bool
                ) -> tuple[nx.MultiDiGraph, Pseudonyms | None]:
    """The graph of the store and, with ``anonymise``, the mapping applied to it."""
    salt = local_salt() if anonymise else None  # a bad salt stops us before the read
    store = open_store(db, read_only=True)
    try:
        graph = store.to_networkx()
    finally:
        store.close()
    if salt is None:
        return graph, None
    from netan.queries.pseudonyms import pseudonyms

    mapping = pseudonyms(graph, salt)
    return mapping.apply(graph), mapping


def _document(G: nx.MultiDiGraph, options: ReportOptions, location: str, anonymised: bool,
              progress: Progress | None) -> dict[str, Any]:
    from netan.reporting.report import build_report

    document = build_report(G, options, progress=progress)
    document["provenance"] = provenance(G, location, options, anonymised)
    return document


def report(
    db: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] = "report",
    formats: tuple[str, ...] = REPORT_FORMATS,
    options: ReportOptions | None = None,
    anonymise: bool = False,
    progress: Progress | None = None,
    with_view: bool = True,
) -> WrittenReport:
    """Run every analysis on the store ``db`` and write the report into folder ``out``.

    Returns the document and ``files``, ``{format: path}``: ``report.html``,
    ``report.md``, ``report.json``, the folder ``csv/`` with one CSV per table
    and, with the HTML unless ``with_view`` is False, the interactive network
    view ``network.html``; ``report.pdf`` (the page printed by headless Chromium,
    :mod:`netan.reporting.pdf`) only when ``formats`` has ``pdf``.
    """
    from netan.reporting.report import ReportOptions

    unknown = set(formats) - set(REPORT_FORMATS) - set(EXTRA_REPORT_FORMATS)
    if unknown:
        raise ValueError(f"unknown report format(s) {', '.join(sorted(unknown))}; "
                         f"choose from {', '.join(REPORT_FORMATS + EXTRA_REPORT_FORMATS)}")
    location = resolve_location(db)
    options = options or ReportOptions()
    graph = read_graph(location, anonymise)
    with collector_spared():  # the graph's millions of objects live until the end
        return _write_report(graph, location, Path(out), formats, options, anonymise,
                             progress, with_view)


def _write_report(graph: nx.MultiDiGraph, location: str, folder: Path,
                  formats: tuple[str, ...], options: ReportOptions, anonymise: bool,
                  progress: Progress | None, with_view: bool) -> WrittenReport:
    from netan.reporting.html import render_html
    from netan.reporting.markdown import render_markdown
    from netan.reporting.tables import render_csvs, render_json

    document = _document(graph, options, location, anonymise, progress)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    view_href = None
    if "html" in formats and with_view:
        view(out=folder / "network.html", G=graph, analyses=view_analyses_of_report(document))
        written["view"] = folder / "network.html"
        view_href = "network.html"
    if "csv" in formats or "html" in formats:
        csv_folder = folder / "csv"
        csv_folder.mkdir(exist_ok=True)
        for name, text in render_csvs(document).items():
            (csv_folder / name).write_text(text, encoding="utf-8")
        written["csv"] = csv_folder
    renderers = {"html": ("report.html",
                          lambda d: render_html(d, csv_folder="csv", view_href=view_href)),
                 "md": ("report.md", render_markdown), "json": ("report.json", render_json)}
    for fmt, (name, render) in renderers.items():
        if fmt in formats:
            path = folder / name
            path.write_text(render(document), encoding="utf-8")
            written[fmt] = path
    if "pdf" in formats:  # the same page, printed: no links to files the PDF lacks
        from netan.reporting.pdf import print_to_pdf

        written["pdf"] = print_to_pdf(render_html(document, csv_folder=None),
                                      folder / "report.pdf")
    return WrittenReport(document, written)


# ---------------------------------------------------------------------------
# netan view
# ---------------------------------------------------------------------------

#: How many top brokers (by total brokerage) a view rings.
VIEW_TOP_BROKERS = 10


ViewAnalyses = tuple[dict[str, list[Any]], dict[str, dict[Any, float]]]


def view_analyses(G: nx.MultiDiGraph, options: ReportOptions | None = None,
                  network: str = "people") -> ViewAnalyses:
    """The highlights (isolated GPs, top brokers, unlinked practices) and metrics a view
    shows, from the analyses: the person-level ones for the ``people`` and ``full``
    networks, the organisation-level ones (unlinked practices, top broker organisations)
    for ``organisations`` and ``full``."""
    from netan.queries.brokerage import brokerage, brokerage_table
    from netan.queries.centrality import betweenness
    from netan.queries.isolation import isolated_gps, unlinked_practices
    from netan.queries.networks import organisation_network, person_network
    from netan.reporting.report import ReportOptions

    options = options or ReportOptions()
    highlights: dict[str, list[Any]] = {"isolated-gps": [], "brokers": [],
                                        "unlinked-practices": []}
    metrics: dict[str, dict[Any, float]] = {"betweenness": {}, "brokerage": {}}
    if network in ("people", "full"):
        people = person_network(G)
        gps = isolated_gps(G, options.attendance_threshold, options.missed_meetings,
                           network=people)
        roles = brokerage_table(brokerage(people, options.group_by))
        mode, sample = options.betweenness_mode()
        between = betweenness(people, mode=mode, k=sample, seed=options.seed)
        highlights["isolated-gps"] = [row["id"] for row in gps]
        highlights["brokers"] += [row["node"] for row in roles[:VIEW_TOP_BROKERS]
                                  if row["total"]]
        metrics["betweenness"].update(between.values)
        metrics["brokerage"].update({row["node"]: row["total"] for row in roles})
    if network in ("organisations", "full"):
        roles = brokerage_table(brokerage(organisation_network(G), options.group_by))
        highlights["unlinked-practices"] = [row["id"] for row in unlinked_practices(G)]
        highlights["brokers"] += [row["node"] for row in roles[:VIEW_TOP_BROKERS]
                                  if row["total"]]
        metrics["brokerage"].update({row["node"]: row["total"] for row in roles})
    return highlights, metrics


def view_analyses_of_report(document: dict[str, Any]) -> ViewAnalyses:
    """The same highlights and metrics as :func:`view_analyses` (``full``), read from a
    report document of the same graph instead of computed again."""
    from netan.reporting.report import table_rows

    roles = table_rows(document, "brokerage_people")
    organisations = table_rows(document, "brokerage_organisations")
    between = table_rows(document, "betweenness")
    top = [row["id"] for rows in (roles, organisations)
           for row in rows[:VIEW_TOP_BROKERS] if row["total"]]
    highlights = {"isolated-gps": [row["id"] for row in table_rows(document, "isolated_gps")],
                  "brokers": top,
                  "unlinked-practices": [row["id"] for row in
                                         table_rows(document, "unlinked_practices")]}
    metrics = {"betweenness": {row["id"]: row["betweenness"] for row in between},
               "brokerage": {row["id"]: row["total"] for row in (*roles, *organisations)}}
    return highlights, metrics


def view(
    db: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] = "network.html",
    *,
    network: str = "people",
    colour_by: str = "sector",
    size_by: str = "betweenness",
    layout: str = "levels",
    focus: str | None = None,
    depth: int = 2,
    layers: list[str] | None = None,
    highlight: tuple[str, ...] = ("isolated-gps", "brokers", "unlinked-practices"),
    anonymise: bool = False,
    static: str | os.PathLike[str] | None = None,
    G: nx.MultiDiGraph | None = None,
    analyses: ViewAnalyses | None = None,
) -> ViewModel:
    """Write the interactive network view of the store ``db`` (or of ``G``) to ``out``.

    Isolated GPs, top brokers and unlinked practices come from the report's analyses (computed here,
    or ``analyses`` as :func:`view_analyses` returns them, e.g. read from a report
    by :func:`view_analyses_of_report`); the page opens offline. ``static`` also
    writes a PNG/SVG twin of the same layout.
    Returns the view model; its ``notes`` say what was simplified (aggregation).
    """
    from netan.queries.pseudonyms import MARK as PSEUDONYMISED
    from netan.queries.pseudonyms import pseudonyms
    from netan.visualisations import write_view

    if G is None:
        graph, mapping = _read_graph(db, anonymise)
    elif anonymise and not G.graph.get(PSEUDONYMISED):
        mapping = pseudonyms(G, local_salt())
        graph = mapping.apply(G)
    else:
        graph, mapping = G, None
    if mapping is not None and focus is not None:
        focus = str(mapping.shown(focus))  # the user names a person by their own id
    with collector_spared():
        highlights, metrics = (analyses if analyses is not None
                               else view_analyses(graph, network=network))
        return write_view(graph, out, network=network, colour_by=colour_by, size_by=size_by,
                          layout=layout, focus=focus, depth=depth, layers=layers,
                          highlight=highlight, highlights=highlights, metrics=metrics,
                          static=static)
