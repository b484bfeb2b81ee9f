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
from collections.abc import Callable, Sequence
from contextlib import nullcontext
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
from netan.outputs import (
    PICTURE_SUFFIXES,
    VIEW_SUFFIXES,
    check_file,
    check_folder,
    protected_paths,
    staged_files,
)

# The importers, analyses, report and views (and with them pandas, networkx and
# scipy) are imported inside the functions that use them, so that `netan --help`
# and `netan query` start fast.
if TYPE_CHECKING:
    import networkx as nx

    from netan.graphdb.graph_data import GraphData
    from netan.importers import ImportResult, Problem
    from netan.queries.compare import CompareOptions
    from netan.queries.participation import GraphIndex
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
    waves: list[str] = field(default_factory=list)

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
    wave: str | None = None,
) -> ImportReport:
    """Validate ``source`` and write it to the store ``db``, all or nothing.

    Raises :class:`ImportRefused` (with every problem found) when the input has
    errors; the store is then untouched. ``dry_run`` validates and reports what
    would be written without opening the store for writing. ``encoding`` (such as
    ``cp1252``) reads the files that are not valid UTF-8; without it they are errors.
    An ``append`` merges: stored values the input does not give, or leaves blank,
    stay as they are.

    ``wave`` (or a ``wave`` column in the source) keeps the import as a survey
    wave beside the store's other waves: a new wave is added; a wave already in
    the store needs ``replace`` (that wave only is replaced) or ``append``
    (upserted into that wave). See :func:`netan.graphdb.timeline.merge_waves`.
    """
    from netan.graphdb.timeline import check_wave_name, waves_of_data
    from netan.importers import load_import

    location = resolve_location(db)
    if wave is not None:
        wave = check_wave_name(wave)
        return _import_waves(source, location, mode, dry_run, progress, wave,
                             encoding=encoding)
    chosen = choose_mode(location, mode)
    validation = load_import(source, encoding=encoding, known=_StoredGraph(location).ids)
    if validation.data is not None and waves_of_data(validation.data):
        return _import_waves(source, location, mode, dry_run, progress, None, validation,
                             encoding)
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
    wave: str | None = None,
    as_of: str | None = None,
) -> QueryResult:
    """Run Cypher against the store; read-only unless ``write``.

    On the embedded store Neo4j spellings (``type(r)``, ``labels(n)``,
    ``shortestPath``, an unquoted ``Group`` label) are translated first.
    ``wave`` and/or ``as_of`` run the query on that selection instead (a
    temporary embedded copy, read-only; see :func:`select_graph`); without them
    the query sees every wave and every date.
    """
    if wave is not None or as_of is not None:
        return _query_selection(cypher, params or {}, db, write, wave, as_of)
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
    edges = ((u, v, data if type(data) is dict else dict(data))  # marshal takes no subclass
             for u, v, data in G.edges(data=True))
    for items in (G.nodes(data=True), edges):
        encoded = sorted(map(_encoded, items))
        digest.update(len(encoded).to_bytes(8, "little"))
        for start in range(0, len(encoded), 10_000):  # a chunk at a time: bounded memory
            digest.update(b"".join(len(e).to_bytes(4, "little") + e
                                   for e in encoded[start:start + 10_000]))
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
        "parameters": options.parameters(),
        "seed": options.seed,
        "anonymised": anonymised,
    }


def _version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def read_graph(db: str | os.PathLike[str] | None = None, anonymise: bool = False,
               wave: str | None = None, as_of: str | None = None) -> nx.MultiDiGraph:
    """The graph of the store as a typed MultiDiGraph: all of it, or the selection of
    ``wave`` and ``as_of`` (see :func:`select_graph`).

    With ``anonymise`` it is pseudonymised here, as it is read: this is where the
    report, the view and every export get their graph, so they share one mapping
    (:mod:`netan.queries.pseudonyms`) and nothing after it sees a name.

    The edges of the whole store's graph are read-only (relationships with the same
    properties share one record, :func:`netan.graphdb.graph_data.graph_of`): changing
    one raises TypeError, and ``G.copy()`` gives a graph that can be changed.
    """
    return _read_graph(db, anonymise, wave, as_of)[0]


def _read_graph(db: str | os.PathLike[str] | None, anonymise: bool, wave: str | None = None,
                as_of: str | None = None) -> tuple[nx.MultiDiGraph, Pseudonyms | None]:
    """The graph of the store (or its selection) and, with ``anonymise``, the mapping
    applied to it."""
    from netan.graphdb.timeline import check_date, check_wave_name

    salt = local_salt() if anonymise else None  # a bad salt stops us before the read
    if as_of is not None:
        as_of = check_date(as_of)  # a bad date is refused before the store is read
    if wave is not None:
        wave = check_wave_name(wave)
    graph = select_graph(_whole_graph(db), wave, as_of)
    if salt is None:
        return graph, None
    from netan.queries.pseudonyms import pseudonyms

    mapping = pseudonyms(graph, salt)
    return mapping.apply(graph), mapping


def _whole_graph(db: str | os.PathLike[str] | None) -> nx.MultiDiGraph:
    """Every node and relationship of the store, every wave and date."""
    store = open_store(db, read_only=True)
    try:
        return store.to_networkx()
    finally:
        store.close()


def _document(G: nx.MultiDiGraph, options: ReportOptions, location: str, anonymised: bool,
              progress: Progress | None, index: GraphIndex | None = None) -> dict[str, Any]:
    """The report document with its provenance (taken side by side with the analyses:
    the input's digest reads the whole graph)."""
    from netan.reporting.report import build_report

    return build_report(G, options, progress=progress, index=index,
                        provenance=lambda: provenance(G, location, options, anonymised))


def report(
    db: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] = "report",
    formats: tuple[str, ...] = REPORT_FORMATS,
    options: ReportOptions | None = None,
    anonymise: bool = False,
    progress: Progress | None = None,
    with_view: bool = True,
    wave: str | None = None,
    as_of: str | None = None,
) -> WrittenReport:
    """Run every analysis on the store ``db`` and write the report into folder ``out``.

    ``wave`` and ``as_of`` report on one wave and/or the partnership as it stood
    on that date (:func:`select_graph`); both are recorded in the provenance.

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
    folder = check_folder(out, REPORT_FILES, protected_paths(location, _salt_file()))
    graph = read_graph(location, anonymise, wave=wave, as_of=as_of)
    with collector_spared(), staged_files(folder) as staging:  # moved in when all is written
        written = _write_report(graph, location, staging, formats, options, anonymise,
                                progress, with_view, selection(wave, as_of))
    return WrittenReport(written.document, {fmt: folder / path.relative_to(staging)
                                            for fmt, path in written.files.items()})


#: What a report writes into its folder (checked against the store before writing).
REPORT_FILES = ("report.html", "report.md", "report.json", "network.html", "csv")


def _salt_file() -> Path:
    """Where :func:`local_salt` keeps the salt (an input no output may overwrite)."""
    return Path(os.environ.get("NETAN_SALT_FILE") or DEFAULT_SALT_FILE)


def _write_report(graph: nx.MultiDiGraph, location: str, folder: Path,
                  formats: tuple[str, ...], options: ReportOptions, anonymise: bool,
                  progress: Progress | None, with_view: bool,
                  chosen: dict[str, str] | None = None) -> WrittenReport:
    from netan.queries.choices import ChoiceError
    from netan.queries.participation import index_graph
    from netan.reporting.html import render_html

    index = index_graph(graph)  # read once, for the report and its view
    try:
        document = _document(graph, options, location, anonymise, progress, index)
    except ChoiceError as problem:
        if anonymise and problem.choice in ("group_by", "weight"):
            raise ChoiceError(problem.choice, problem.value,
                              f"{problem.problem} ({_withheld_words(graph)})") from None
        raise
    if chosen:
        document["provenance"]["selection"] = chosen
    folder.mkdir(parents=True, exist_ok=True)
    with_view = with_view and "html" in formats
    page = folder / "network.html"

    def write_view() -> Path:
        view(out=page, G=graph, analyses=view_analyses_of_report(document), index=index)
        return page
    written = write_document(document, folder, formats, "report",
                             page.name if with_view else None,
                             alongside={"view": write_view} if with_view else None)
    if "pdf" in formats:  # the same page, printed: no links to files the PDF lacks
        from netan.reporting.pdf import print_to_pdf

        written["pdf"] = print_to_pdf(render_html(document, csv_folder=None),
                                      folder / "report.pdf")
    return WrittenReport(document, written)


def _withheld_words(graph: nx.MultiDiGraph) -> str:
    """What --anonymise left out of ``graph``, in words, for an error it explains."""
    from netan.queries.pseudonyms import WITHHELD_COLUMNS

    left_out = graph.graph.get(WITHHELD_COLUMNS) or {}
    named = "; ".join(f"{column}: {why}" for column, why in left_out.items())
    return ("--anonymise leaves out the extra columns of people that could identify them"
            + (f" ({named})" if named else "") + ", and the extra columns of ties, which "
            "may hold personal data; see docs/design.md#privacy---anonymise")


# ---------------------------------------------------------------------------
# netan view
# ---------------------------------------------------------------------------

ViewAnalyses = tuple[dict[str, list[Any]], dict[str, dict[Any, float]]]


def view_analyses(G: nx.MultiDiGraph, options: ReportOptions | None = None,
                  network: str = "people", *, index: GraphIndex | None = None
                  ) -> ViewAnalyses:
    """The highlights (isolated GPs, top brokers, unlinked practices) and metrics a view
    shows, from the analyses: the person-level ones for the ``people`` and ``full``
    networks, the organisation-level ones (unlinked practices, top broker organisations)
    for ``organisations`` and ``full``. ``index``: ``G``'s graph index
    (:func:`~netan.queries.participation.index_graph`), when already read."""
    from netan.queries.centrality import betweenness
    from netan.queries.isolation import isolated_gps, unlinked_practices
    from netan.queries.networks import organisation_network, person_network
    from netan.queries.participation import index_of
    from netan.queries.policy import broker_ranking, top_brokers
    from netan.reporting.report import ReportOptions

    options = options or ReportOptions()
    index = index_of(G, index)  # read once for the analyses below
    highlights: dict[str, list[Any]] = {"isolated-gps": [], "brokers": [],
                                        "unlinked-practices": []}
    metrics: dict[str, dict[Any, float]] = {"betweenness": {}, "brokerage": {}}
    if network in ("people", "full"):
        people = person_network(G, index=index)
        gps = isolated_gps(G, options.attendance_threshold, options.missed_meetings,
                           network=people, index=index)
        roles = broker_ranking(people, options.group_by)
        mode, sample = options.betweenness_mode()
        between = betweenness(people, mode=mode, k=sample, seed=options.seed)
        highlights["isolated-gps"] = [row["id"] for row in gps]
        highlights["brokers"] += top_brokers(roles)
        metrics["betweenness"].update(between.values)
        metrics["brokerage"].update({row["node"]: row["total"] for row in roles})
    if network in ("organisations", "full"):
        roles = broker_ranking(organisation_network(G, index=index), options.group_by)
        highlights["unlinked-practices"] = [row["id"] for row in
                                            unlinked_practices(G, index=index)]
        highlights["brokers"] += top_brokers(roles)
        metrics["brokerage"].update({row["node"]: row["total"] for row in roles})
    return highlights, metrics


def view_analyses_of_report(document: dict[str, Any]) -> ViewAnalyses:
    """The same highlights and metrics as :func:`view_analyses` (``full``), read from a
    report document of the same graph instead of computed again."""
    from netan.queries.policy import top_brokers
    from netan.reporting.report import table_rows

    roles = table_rows(document, "brokerage_people")
    organisations = table_rows(document, "brokerage_organisations")
    between = table_rows(document, "betweenness")
    top = [*top_brokers(roles, key="id"), *top_brokers(organisations, key="id")]
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
    wave: str | None = None,
    as_of: str | None = None,
    compare: str | None = None,
    index: GraphIndex | None = None,
) -> ViewModel:
    """Write the interactive network view of the store ``db`` (or of ``G``) to ``out``.

    Isolated GPs, top brokers and unlinked practices come from the report's analyses (computed here,
    or ``analyses`` as :func:`view_analyses` returns them, e.g. read from a report
    by :func:`view_analyses_of_report`); the page opens offline. ``static`` also
    writes a PNG/SVG twin of the same layout. ``index``: ``G``'s graph index
    (:func:`~netan.queries.participation.index_graph`), when already read (used only
    when ``G`` is drawn as given).
    Returns the view model; its ``notes`` say what was simplified (aggregation).
    """
    protected = protected_paths(resolve_location(db), _salt_file())
    page = check_file(out, VIEW_SUFFIXES, protected)
    picture = None if static is None else check_file(
        static, PICTURE_SUFFIXES, [*protected, page.resolve()], "--png/--svg")
    from netan.queries.pseudonyms import MARK as PSEUDONYMISED
    from netan.queries.pseudonyms import pseudonyms
    from netan.visualisations import write_view

    if compare is not None:
        graph = G if G is not None else read_graph(db, wave=wave, as_of=as_of)
        return _compare_view(compare, graph, db, wave, as_of, out, network=network,
                             colour_by=colour_by, size_by=size_by, layout_name=layout,
                             focus=focus, depth=depth, layers=layers, anonymise=anonymise,
                             static=static)
    if G is None:
        graph, mapping = _read_graph(db, anonymise, wave, as_of)
    elif anonymise and not G.graph.get(PSEUDONYMISED):
        mapping = pseudonyms(G, local_salt())
        graph = mapping.apply(G)
    else:
        graph, mapping = G, None
    if graph is not G:
        index = None  # read from G, not from the graph drawn
    if mapping is not None and focus is not None:
        focus = str(mapping.shown(focus))  # the user names a person by their own id
    with collector_spared(), staged_files(page.parent) as staging, (
            staged_files(picture.parent) if picture else nullcontext()) as drawing:
        highlights, metrics = (analyses if analyses is not None
                               else view_analyses(graph, network=network, index=index))
        return write_view(graph, staging / page.name, network=network, colour_by=colour_by,
                          size_by=size_by, layout=layout, focus=focus, depth=depth,
                          layers=layers, highlight=highlight, highlights=highlights,
                          metrics=metrics, static=drawing / picture.name if picture else None,
                          index=index)



# ---------------------------------------------------------------------------
# Waves and selections (netan import --wave, --wave / --as-of elsewhere)
# ---------------------------------------------------------------------------


class _StoredGraph:
    """The store's graph as GraphData, read once and only when asked for."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._data: GraphData | None = None
        self._read = False

    @property
    def data(self) -> GraphData | None:
        """The stored graph (None when there is no store yet)."""
        from netan.graphdb.timeline import data_of

        if not self._read:
            self._read = True
            if store_exists(self.location):
                store = open_store(self.location, read_only=True)
                try:
                    read = getattr(store, "read_data", None)  # exact frames (both stores)
                    self._data = read() if read is not None else data_of(store.to_networkx())
                finally:
                    store.close()
        return self._data

    def ids(self) -> dict[str, str]:
        """Every stored node id with its label (for successor columns)."""
        data = self.data
        if data is None:
            return {}
        return {node: label for label, frame in data.nodes.items()
                for node in frame["id"].tolist()}


def _import_waves(source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
                  location: str, mode: ImportMode | None, dry_run: bool,
                  progress: Progress | None, wave: str | None,
                  validation: ImportResult | None = None,
                  encoding: str | None = None) -> ImportReport:
    """An import with waves: put its waves beside the store's other waves (all or nothing)."""
    from netan.graphdb.timeline import waves_of_data
    from netan.importers import load_import

    stored = _StoredGraph(location)
    named = (str(source) if isinstance(source, str | os.PathLike)
             else ", ".join(str(s) for s in source))
    if validation is None:
        validation = load_import(source, encoding=encoding, wave=wave, known=stored.ids)
    if validation.data is None:
        count = len([p for p in validation.problems if p.severity == "error"])
        raise ImportRefused(
            f"{named}: {count} error{'s' if count != 1 else ''} found; nothing was written",
            validation.problems)
    incoming = waves_of_data(validation.data)
    chosen, combined = _wave_plan(location, stored.data, validation.data, incoming, mode)
    report = ImportReport(named, location, chosen, dry_run, validation, waves=incoming)
    report.would_write = {"nodes": validation.data.node_counts(),
                          "relationships": validation.data.relationship_counts()}
    if dry_run:
        return report
    store = open_store(location)
    try:
        written = store.write_import(combined, "replace", progress=progress)
    finally:
        store.close()
    report.written = WriteSummary(written.nodes, written.relationships, chosen)
    return report


def _wave_plan(location: str, stored: GraphData | None, new: GraphData, incoming: list[str],
               mode: ImportMode | None) -> tuple[ImportMode, GraphData]:
    """How a waved import meets the store: the mode it amounts to and the graph to write.

    A new wave is added; a wave already stored needs ``replace`` (that wave is
    replaced) or ``append`` (upserted). A store imported without waves is only
    replaced (``replace``) by a waved import, never mixed with it.
    """
    from netan.graphdb.timeline import merge_waves, waves_of_data

    if stored is None or not any(len(f) for f in stored.nodes.values()):
        return mode or "replace", new
    present = waves_of_data(stored)
    if not present:
        if mode == "replace":
            return mode, new
        raise ImportRefused(
            f"the store {location} holds a graph imported without --wave; to keep waves side "
            f"by side import each wave with --wave (first one: --wave NAME --replace)")
    clash = [w for w in incoming if w in present]
    if clash and mode is None:
        names = ", ".join(clash)
        raise ImportRefused(
            f"wave {names} is already in the store {location}: pass --replace to replace "
            f"that wave (the others stay) or --append to add to it")
    return mode or "append", merge_waves(stored, new, replace=mode != "append")


def select_graph(G: nx.MultiDiGraph, wave: str | None = None,
                 as_of: str | None = None) -> nx.MultiDiGraph:
    """``G`` cut down to ``wave`` and/or the date ``as_of`` (see
    :func:`netan.graphdb.timeline.select`); ``G`` itself when neither is given.

    A graph holding several waves must be given a ``wave``: the analyses would
    otherwise count the same partnership twice. Raises WaveError (a ValueError).
    """
    from netan.graphdb.timeline import WaveError, select, waves_of

    if wave is None:
        found = waves_of(G)
        if len(found) > 1:
            raise WaveError(f"the store holds {len(found)} waves ({', '.join(found)}): "
                            f"choose one with --wave (e.g. --wave {found[-1]})")
    if wave is None and as_of is None:
        return G
    return select(G, wave, as_of)


def selection(wave: str | None, as_of: str | None) -> dict[str, str]:
    """The selection as the report's provenance records it."""
    from netan.graphdb.timeline import check_date

    chosen = {"wave": wave, "as_of": check_date(as_of) if as_of is not None else None}
    return {k: v for k, v in chosen.items() if v is not None}


def _query_selection(cypher: str, params: dict[str, Any], db: str | os.PathLike[str] | None,
                     write: bool, wave: str | None, as_of: str | None) -> QueryResult:
    """Run a read-only query on a temporary embedded copy of the selection."""
    import tempfile

    from netan.graphdb.timeline import data_of

    if write:
        raise StoreError("--write cannot be combined with --wave or --as-of: they select a "
                         "read-only copy of the store")
    chosen = data_of(read_graph(db, wave=wave, as_of=as_of))
    with tempfile.TemporaryDirectory(prefix="netan-selection-") as folder:
        copy = open_store(Path(folder) / "selection.db")
        try:
            copy.write_import(chosen, "replace")
            return copy.query(cypher, params, write=False)
        finally:
            copy.close()


# ---------------------------------------------------------------------------
# netan compare, netan report --by
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a store, cut to a wave, a date and/or a site.

    Written ``LOCATION[#key=value&...]``: ``wales.db``, ``wales.db#wave=2001``,
    ``kf.db#site=Trowbridge``, ``wales.db#wave=2011&as_of=2011-06-30``. Keys other
    than ``wave`` and ``as_of`` name the attribute a site is read from
    (:mod:`netan.queries.sites`).
    """

    text: str
    location: str
    wave: str | None = None
    as_of: str | None = None
    sites: tuple[tuple[str, str], ...] = ()


def parse_side(text: str) -> Side:
    """A :class:`Side` from its written form (ValueError naming what is wrong)."""
    from netan.graphdb.timeline import check_date, check_wave_name

    location, _, rest = text.partition("#")
    if not location:
        raise ValueError(f"{text!r}: give a store before '#' (e.g. wales.db#wave=2001)")
    wave = as_of = None
    found: list[tuple[str, str]] = []
    for part in filter(None, rest.split("&")):
        key, eq, value = part.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not eq or not value.strip() or not key.isidentifier():
            raise ValueError(f"{text!r}: write what follows '#' as key=value "
                             "(wave=2001, as_of=2001-04-01, site=Dudley)")
        if key == "wave":
            wave = check_wave_name(value)
        elif key == "as_of":
            as_of = check_date(value)
        else:
            found.append((key, value.strip()))
    return Side(text, location, wave, as_of, tuple(found))


def read_side(side: Side, graphs: dict[str, nx.MultiDiGraph] | None = None) -> nx.MultiDiGraph:
    """The typed graph of ``side`` (stores read once per location when ``graphs`` is kept)."""
    from netan.queries import sites

    graphs = graphs if graphs is not None else {}
    location = resolve_location(side.location)
    if location not in graphs:
        if not store_exists(location):
            raise StoreError(f"no store at {location}: run `netan import` first")
        graphs[location] = _whole_graph(location)
    graph = select_graph(graphs[location], side.wave, side.as_of)
    for attribute, value in side.sites:
        known = sites.sites(graph, attribute)
        if value not in known:
            shown = ", ".join(known) if known else "none (no node has it)"
            raise ValueError(f"{side.text}: no {attribute} {value!r}; its values: {shown}")
        graph = sites.site_graph(graph, attribute, value)
    return graph


def compare(
    before: str,
    after: str,
    out: str | os.PathLike[str] = "compare",
    formats: tuple[str, ...] = REPORT_FORMATS,
    options: CompareOptions | None = None,
    anonymise: bool = False,
) -> WrittenReport:
    """Compare two sides (stores, waves, dates or sites; see :class:`Side`) and write the
    comparison into folder ``out`` (``compare.html``, ``compare.md``, ``compare.json``,
    ``csv/``).

    People, organisations and groups are matched by id, then through
    ``SUCCEEDED_BY`` recorded anywhere in the stores read; what matches nothing
    is listed. Whole-network changes carry seeded permutation tests.
    """
    from netan import __version__
    from netan.queries.compare import CompareOptions, successors
    from netan.queries.compare import compare as compare_graphs
    from netan.reporting.compare import compare_document

    _check_formats(formats)
    options = options or CompareOptions()
    sides = parse_side(before), parse_side(after)
    folder = _output_folder(out, "compare", [resolve_location(side.location) for side in sides])
    graphs: dict[str, nx.MultiDiGraph] = {}
    old, new = (read_side(side, graphs) for side in sides)
    chain = successors(*graphs.values())
    if anonymise:
        old, new = _one_mapping(old, new)
        chain = _one_mapping(*graphs.values(), chain_of=chain)
    with collector_spared():
        result = compare_graphs(old, new, options, chain)
        document = compare_document(result, before, after, asdict(options))
    document["provenance"] = {
        "netan": __version__, "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "before": before, "after": after,
        "before_sha256": graph_digest(old), "after_sha256": graph_digest(new),
        "parameters": asdict(options), "seed": options.seed, "anonymised": anonymise,
    }
    return _write_staged(document, folder, formats, "compare")


def _check_formats(formats: tuple[str, ...]) -> None:
    unknown = set(formats) - set(REPORT_FORMATS)
    if unknown:
        raise ValueError(f"unknown report format(s) {', '.join(sorted(unknown))}; "
                         f"choose from {', '.join(REPORT_FORMATS)}")


def write_document(document: dict[str, Any], folder: Path, formats: tuple[str, ...],
                   stem: str, view_href: str | None = None, *,
                   alongside: dict[str, Callable[[], Path]] | None = None) -> dict[str, Path]:
    """Write a report-shaped document as ``<stem>.html/.md/.json`` and ``csv/`` (the
    HTML linking the network view at ``view_href`` when there is one).

    The files are written side by side, one per core (each renderer reads the same
    document: :func:`netan.kernels.parallel.side_by_side`), with ``alongside``'s writers
    (``{name: write() -> path}``, e.g. the network view) among them, first.
    """
    from netan.kernels import parallel
    from netan.reporting.html import render_html
    from netan.reporting.markdown import render_markdown
    from netan.reporting.tables import render_csvs, write_json

    folder.mkdir(parents=True, exist_ok=True)

    def write_csvs() -> Path:
        csv_folder = folder / "csv"
        csv_folder.mkdir(exist_ok=True)
        for name, text in render_csvs(document).items():
            (csv_folder / name).write_text(text, encoding="utf-8")
        return csv_folder

    def writer(name: str, render: Callable[[dict[str, Any]], str]) -> Callable[[], Path]:
        def write() -> Path:
            path = folder / name
            path.write_text(render(document), encoding="utf-8")
            return path
        return write

    jobs: dict[str, Callable[[], Path]] = dict(alongside or {})
    if "csv" in formats or "html" in formats:
        jobs["csv"] = write_csvs
    renderers = {"html": writer(f"{stem}.html", lambda d: render_html(
                     d, csv_folder="csv", view_href=view_href)),
                 "md": writer(f"{stem}.md", render_markdown),
                 "json": lambda: write_json(document, folder / f"{stem}.json")}
    jobs.update((fmt, write) for fmt, write in renderers.items() if fmt in formats)
    longest_first = sorted(jobs, key=lambda name: _WRITING_ORDER.index(name)
                           if name in _WRITING_ORDER else -1)
    paths = dict(parallel.side_by_side({name: jobs[name] for name in longest_first},
                                       "writing the report"))
    return {name: paths[name] for name in jobs}


#: The report's own files, the longest to write first (the ``alongside`` writers go
#: before them).
_WRITING_ORDER = ("json", "html", "csv", "md")


def report_by(
    by: str,
    db: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] = "report",
    formats: tuple[str, ...] = REPORT_FORMATS,
    options: ReportOptions | None = None,
    anonymise: bool = False,
    wave: str | None = None,
    as_of: str | None = None,
) -> WrittenReport:
    """Headline measures side by side, one row per site (the values of attribute ``by``),
    written as ``sites.html/.md/.json`` and ``csv/`` into folder ``out``.

    Each site is analysed on its own graph (:func:`netan.queries.sites.site_graph`)
    with the report's analyses; see :mod:`netan.reporting.sites` for the measures.
    """
    from netan.reporting.report import ReportOptions
    from netan.reporting.sites import sites_document

    _check_formats(formats)
    options = options or ReportOptions()
    location = resolve_location(db)
    folder = _output_folder(out, "sites", [location])
    graph = read_graph(location, anonymise, wave=wave, as_of=as_of)
    with collector_spared():
        document = sites_document(graph, by, options)
    document["provenance"] = provenance(graph, location, options, anonymise)
    document["provenance"]["by"] = by
    chosen = selection(wave, as_of)
    if chosen:
        document["provenance"]["selection"] = chosen
    return _write_staged(document, folder, formats, "sites")


def _output_folder(out: str | os.PathLike[str], stem: str, locations: Sequence[str]) -> Path:
    """``out`` as a folder for ``<stem>.html/.md/.json`` and ``csv/`` that overwrites no
    input: none of the stores ``locations`` (nor their WAL, lock, staging files) and not
    the salt (:func:`netan.outputs.check_folder`; checked before any work is done)."""
    protected = [path for k, location in enumerate(locations)
                 for path in protected_paths(location, None if k else _salt_file())]
    return check_folder(out, (f"{stem}.html", f"{stem}.md", f"{stem}.json", "csv"), protected)


def _write_staged(document: dict[str, Any], folder: Path, formats: tuple[str, ...],
                  stem: str) -> WrittenReport:
    """Write a report-shaped document into a temporary folder inside ``folder`` and move
    the files into place when all are written (:func:`netan.outputs.staged_files`)."""
    with staged_files(folder) as staging:
        files = write_document(document, staging, formats, stem)
    return WrittenReport(document, {fmt: folder / path.relative_to(staging)
                                    for fmt, path in files.items()})


def _compare_view(before: str, after: nx.MultiDiGraph, db: str | os.PathLike[str] | None,
                  wave: str | None, as_of: str | None, out: str | os.PathLike[str], *,
                  anonymise: bool, static: str | os.PathLike[str] | None,
                  **options: Any) -> ViewModel:
    """``netan view --compare BEFORE``: the view's network against side ``BEFORE``, ties
    marked added, removed or kept (:mod:`netan.visualisations.compare`)."""
    from netan.visualisations import render_static, write_html
    from netan.visualisations.compare import build_compare_view

    earlier = read_side(parse_side(before))
    if anonymise:
        earlier, after = _one_mapping(earlier, after)
    here = resolve_location(db) + "".join(f"#{k}={v}" for k, v in selection(wave, as_of).items())
    with collector_spared():
        model = build_compare_view(earlier, after, labels=(before, here), highlight=(),
                                   **options)
    if anonymise:
        model.notes.append("People are pseudonymised (names replaced by stable codes).")
    write_html(model, out)
    if static is not None:
        render_static(model, static)
    return model


def _one_mapping(*graphs: nx.MultiDiGraph, chain_of: Any = None) -> Any:
    """The graphs pseudonymised with one mapping, made from all of them, so a person has
    the same code on every side (a mapping made per graph could differ where codes
    collide). With ``chain_of`` (a succession map), that map with its ids replaced."""
    import networkx as nx

    from netan.queries.pseudonyms import pseudonyms

    mapping = pseudonyms(nx.compose_all(graphs), local_salt())
    if chain_of is not None:
        return {mapping.shown(u): [mapping.shown(v) for v in vs] for u, vs in chain_of.items()}
    return [mapping.apply(G) for G in graphs]


# ---------------------------------------------------------------------------
# netan export
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    """What ``netan export`` wrote: the files, the format, the network and its size."""

    files: list[Path]
    format: str
    network: str
    nodes: int
    ties: int
    directed: bool
    notes: list[str]


def export(
    db: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] = "network.graphml",
    fmt: str | None = None,
    network: str = "full",
    anonymise: bool = False,
    direction: str | None = None,
    weight: str | None = None,
    weight_scale: str = "ascending",
    wave: str | None = None,
    as_of: str | None = None,
) -> ExportResult:
    """Write the store's graph, or a derived network, as a file other tools open.

    ``fmt`` is ``graphml``, ``gexf`` (Gephi: sector colours, level positions),
    ``pajek``, ``dl`` (UCINET) or ``csv`` (a folder with Gephi's nodes.csv and
    edges.csv); by default it follows ``out``'s suffix. ``network`` is ``full``
    (every node and relationship), ``people``, ``organisations`` (as analysed:
    ``direction``, ``weight`` and ``weight_scale`` as for ``netan report``),
    ``groups`` or ``meetings`` (the two-mode projections). ``anonymise``
    pseudonymises people exactly as the report does; ``wave`` and ``as_of`` select
    what is exported as they do for the report.
    """
    from netan.visualisations.interchange import export_graph, format_of, write_network

    kind = format_of(out, fmt)
    graph = read_graph(db, anonymise, wave=wave, as_of=as_of)  # as the report reads it
    with collector_spared():
        exported = export_graph(graph, network, direction, weight, weight_scale)
        files = write_network(exported, out, kind)
    return ExportResult(files, kind, network, exported.graph.number_of_nodes(),
                        exported.graph.number_of_edges(), exported.directed, exported.notes)
