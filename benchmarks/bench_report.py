"""Benchmark: the full `netan report` on a national-scale network (issue 2, "Speed").

Generates the synthetic canonical folder (:mod:`synthetic`, about 100k nodes and
1M relationships) and imports it once (cached under ``benchmarks/out/report-bench``;
the import is timed but not counted in the report time), then:

1. runs the real CLI, ``netan report --format html,md,json,csv``, in a fresh
   process -- which includes the interactive view ``network.html`` (aggregated
   above 2,500 nodes) -- and measures wall time and the child's peak RSS;
2. runs the same report without the view (``netan.api.report(with_view=False)``,
   also in a fresh process), to show what the view costs;
3. times each analysis in-process (reading the store, the two networks, every
   query function of :func:`netan.reporting.report.build_report`, the renderers);
4. runs a plain networkx implementation of the same analyses (:func:`plain_report`,
   straightforward loops and library calls) for the speed ratio: in full at the
   ratio scale (default 10k nodes / 100k relationships, where both finish), and
   at national scale with every analysis capped at ``--cap`` seconds (a capped
   analysis is reported as ``> cap``; its ratio is a lower bound).

Target (issue 2): the full report in under 60 s and 4 GB on 2 cores; (issue 16) under
25 s and 2 GB. ``--before PYTHON`` or ``--before-ref COMMIT`` (``make bench BEFORE=COMMIT``)
instead runs ``netan report`` by that code and by this checkout alternately, side by
side in one run, and compares every output file.

    python benchmarks/bench_report.py [--nodes 100000] [--relationships 1000000]
        [--ratio-nodes 10000] [--betweenness auto] [--cap 60] [--skip-plain]

Prints the Markdown for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

from netan.graphdb.schema import (  # noqa: E402
    ATTENDS,
    CO_LOCATED_AT,
    EMPLOYED_BY,
    FUNDS,
    GROUP,
    LIAISES_WITH,
    MEMBER_OF,
    PART_OF,
    PERSON,
    PERSON_ROLE,
)
from netan.queries.centrality import DEFAULT_SAMPLE_SIZE  # noqa: E402
from netan.queries.policy import betweenness_sampled  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "report-bench"
FORMATS = "html,md,json,csv"


# ---------------------------------------------------------------------------
# Data: generate and import once
# ---------------------------------------------------------------------------


def run_child(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of one child process (its own rusage)."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, args, out)
    return elapsed, usage.ru_maxrss / 1024, out


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux's /proc children lists)."""
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [p for child in f.read().split() for p in _process_tree(int(child))]
    except OSError:
        pass
    return found


def _pss_mb(pid: int) -> float:
    """The proportional set size of one process (its private pages, plus its share of
    the pages it shares with its forked workers), in MB; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(line.split()[1]) / 1024 for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0.0


def memory_group(limit: int) -> Path | None:
    """A new memory control group limited to ``limit`` bytes, inside this process's own
    (cgroup v1's memory controller, or v2); None when it cannot be made (not root, no
    memory controller). Processes written to its ``cgroup.procs`` are held to it by the
    kernel."""
    from netan.kernels.parallel import cgroup_limit_files

    for limit_file in cgroup_limit_files(Path("/proc/self/cgroup").read_text()):
        if not limit_file.parent.is_dir():
            continue
        group = limit_file.parent / f"netan-bench-{os.getpid()}"
        try:
            group.mkdir()
            (group / limit_file.name).write_text(str(limit))
        except OSError:
            with contextlib.suppress(OSError):
                group.rmdir()
            continue
        return group
    return None


def run_limited(args: list[str], size: str) -> str:
    """``args`` run once under a memory limit of ``size`` (``8G``): in a control group of
    that size when one can be made (the kernel stops the run if it needs more), and with
    ``NETAN_MEMORY`` set either way. A Markdown cell: seconds and peak PSS, or how it
    failed."""
    from netan.kernels.parallel import MEMORY_VARIABLE, memory_size

    limit = memory_size(size)
    if limit is None:
        raise SystemExit(f"--memory-limit: not a size: {size!r}")
    group = memory_group(limit)
    environment = {**os.environ, MEMORY_VARIABLE: size}
    where = (f"control group of {size}" if group
             else f"{MEMORY_VARIABLE}={size} only (no control group)")

    def enter() -> None:
        if group is not None:
            (group / "cgroup.procs").write_text(str(os.getpid()))
    try:
        seconds, _, peak_all, _ = run_sampled(args, environment=environment, before=enter)
    except subprocess.CalledProcessError as failed:
        return f"failed ({where}): exit {failed.returncode}"
    finally:
        if group is not None:
            with contextlib.suppress(OSError):
                group.rmdir()
    return f"{seconds:.1f} s, {peak_all:.0f} MB ({where})"


def run_sampled(args: list[str], sample: bool = True, environment: dict[str, str] | None = None,
                before: Callable[[], None] | None = None) -> tuple[float, float, float, float]:
    """One child process run to the end: wall seconds, its peak RSS (MB), the peak of
    the summed PSS of it and its worker processes (MB, sampled every 0.1 s: what the
    report really holds when it forks; 0 when not ``sample``) and the CPU seconds of all
    of them. Sampling reads /proc/PID/smaps_rollup, which walks the process's page
    tables and slows a large process (about 10 % nationally), so time it unsampled."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=environment, preexec_fn=before)
    peak_all = 0.0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG if sample else 0)
        if pid:  # its own rusage, with its workers' CPU (they are its reaped children)
            break
        peak_all = max(peak_all, sum(map(_pss_mb, _process_tree(child.pid))))
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, args)
    return elapsed, usage.ru_maxrss / 1024, peak_all, usage.ru_utime + usage.ru_stime


def prepared(n_nodes: int, n_relationships: int, seed: int = 0) -> tuple[Path, float | None]:
    """The store of the synthetic network (built once), and the import seconds if built now."""
    folder = OUT / f"national-{n_nodes}-{n_relationships}-{seed}"
    db = folder.with_suffix(".db")
    if db.exists():
        return db, None
    generate(folder, n_nodes, n_relationships, seed=seed)
    netan = str(Path(sys.executable).with_name("netan"))
    seconds, _, _ = run_child([netan, "import", str(folder), "--db", str(db)])
    return db, seconds


# ---------------------------------------------------------------------------
# The full report, in a fresh process
# ---------------------------------------------------------------------------


def cli_report(db: Path, out: Path, betweenness: str, seed: int) -> tuple[float, float]:
    """``netan report`` (with the view) in a child: seconds and peak RSS (MB)."""
    netan = str(Path(sys.executable).with_name("netan"))
    seconds, peak, _ = run_child([netan, "report", "--db", str(db), "--out", str(out),
                                  "--format", FORMATS, "--betweenness", betweenness,
                                  "--seed", str(seed)])
    return seconds, peak


def api_report_without_view(db: Path, out: Path, betweenness: str, seed: int,
                            python: str = sys.executable) -> tuple[float, float]:
    """``netan.api.report(with_view=False)`` in a child: seconds and peak RSS (MB).

    ``python``: the interpreter of the checkout to run (another venv: main's code)."""
    code = ("import sys; from netan import api; from netan.reporting.report import ReportOptions;"
            "from netan.cli.options import betweenness;"
            "api.report(db=sys.argv[1], out=sys.argv[2], formats=tuple(sys.argv[3].split(',')),"
            "options=ReportOptions(betweenness=betweenness(sys.argv[4]), seed=int(sys.argv[5])),"
            "with_view=False)")
    # -P: not the current folder first on the path, so ``python`` runs its own checkout's
    # netan even when started from another checkout
    seconds, peak, _ = run_child([python, "-P", "-c", code, str(db), str(out), FORMATS,
                                  betweenness, str(seed)])
    return seconds, peak


def growth(sizes: list[int], betweenness: str, seed: int,
           memory_limit: str | None = None) -> list[str]:
    """``netan report`` (all formats and the view) on the synthetic network at each of
    ``sizes`` nodes (ten relationships a node), one fresh process each: Markdown lines
    with wall and CPU seconds, the report process's peak RSS and (from a second,
    sampled run) the peak PSS of it and its workers together -- how time and memory
    grow with the network. With ``memory_limit``, a third run under that limit
    (:func:`run_limited`)."""
    lines = ["| nodes | relationships | people | s | CPU s (all processes) | peak RSS of the "
             "report process (MB) | peak PSS of it and its workers (MB) | load avg |"
             + (f" under {memory_limit} |" if memory_limit else ""),
             "|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---|" if memory_limit else "")]
    for n in sizes:
        db, _ = prepared(n, 10 * n, seed)
        out = OUT / f"report-growth-{n}"
        shutil.rmtree(out, ignore_errors=True)
        load = os.getloadavg()[0]
        args = [str(Path(sys.executable).with_name("netan")), "report", "--db", str(db),
                "--out", str(out), "--format", FORMATS, "--betweenness", betweenness,
                "--seed", str(seed)]
        seconds, peak, _, cpu = run_sampled(args, sample=False)
        peak_all = run_sampled(args)[2]  # a second run, sampled, for the memory
        people = json.loads((out / "report.json").read_text(encoding="utf-8"))["graph"]["people"]
        lines.append(f"| {n:,} | {10 * n:,} | {people:,} | {seconds:.1f} | {cpu:.1f} | "
                     f"{peak:.0f} | {peak_all:.0f} | {load:.1f} |"
                     + (f" {run_limited(args, memory_limit)} |" if memory_limit else ""))
        print(lines[-1], file=sys.stderr, flush=True)
    return lines


def checkout_of(ref: str) -> str:
    """The python of ``ref`` (a commit or branch of this repository) checked out with its
    own venv under ``OUT`` (made once): the "before" of a side-by-side run."""
    repo = Path(__file__).resolve().parents[1]
    sha = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", ref], check=True,
                         capture_output=True, text=True).stdout.strip()
    folder = OUT / f"before-{sha}"
    python = folder / ".venv" / "bin" / "python"
    if not python.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(repo), "archive", sha], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        subprocess.run([sys.executable, "-m", "venv", str(folder / ".venv")], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(folder)],
                       check=True)
    return str(python)


def before_and_after(db: Path, before: str, runs: int, betweenness: str, seed: int
                     ) -> list[str]:
    """``netan report`` (html, md, json, csv and the view: what a user runs) by
    ``before`` (the python of another checkout) and by this checkout, alternating,
    ``runs`` times each, in one run: Markdown lines with the medians (wall, CPU of the
    report and its workers, peak RSS of the report process, peak PSS of it and its
    workers together), the load average at each run, and whether every output file is
    the same (bar the time stamp)."""
    pythons = {"before": before, "after": sys.executable}
    figures: dict[str, list[tuple[float, ...]]] = {"before": [], "after": []}
    pss: dict[str, float] = {}

    def run(name: str, sample: bool) -> tuple[float, float, float, float]:
        shutil.rmtree(OUT / f"report-{name}", ignore_errors=True)
        return run_sampled([str(Path(pythons[name]).with_name("netan")), "report", "--db",
                            str(db), "--out", str(OUT / f"report-{name}"), "--format",
                            FORMATS, "--betweenness", betweenness, "--seed", str(seed)],
                           sample)

    for _ in range(runs):  # timed, unsampled
        for name in pythons:
            load = os.getloadavg()[0]
            figures[name].append((*run(name, sample=False), load))
    for name in pythons:  # then once each for the memory of the report and its workers
        pss[name] = run(name, sample=True)[2]

    def files(name: str) -> dict[str, bytes]:
        folder = OUT / f"report-{name}"
        return {str(p.relative_to(folder)): re.sub(rb"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                                                   b"", p.read_bytes())
                for p in folder.rglob("*") if p.is_file()}

    same = files("before") == files("after")
    lines = ["| code | runs | median s | median CPU s (all processes) | median peak RSS of "
             "the report process (MB) | peak PSS of it and its workers (MB, one more run) | "
             "load avg at each run |", "|---|---:|---:|---:|---:|---:|---|"]
    for name, rows in figures.items():
        seconds, peak, _, cpu = (statistics.median(r[i] for r in rows) for i in range(4))
        lines.append(f"| {name} | {len(rows)} | {seconds:.1f} | {cpu:.1f} | {peak:.0f} | "
                     f"{pss[name]:.0f} | {', '.join(f'{r[4]:.1f}' for r in rows)} |")
    lines.append(f"outputs (every file: report.json, .md, .html bar the time stamp; every "
                 f"csv; network.html): {'identical' if same else 'DIFFERENT'}")
    return lines


# ---------------------------------------------------------------------------
# Per-analysis breakdown, in-process
# ---------------------------------------------------------------------------


def breakdown(db: Path, out: Path, betweenness: str, seed: int, view: bool = True
              ) -> dict[str, float]:
    """Seconds of each step of the report, run one after another in this process."""
    from netan import api
    from netan.cli.options import betweenness as parse_betweenness
    from netan.queries import (
        brokerage,
        budgets,
        centrality,
        isolation,
        networks,
        policy,
        representation,
        vertical,
    )
    from netan.reporting import report as rep
    from netan.reporting.html import render_html
    from netan.reporting.markdown import render_markdown
    from netan.reporting.tables import render_csvs, render_json

    options = rep.ReportOptions(betweenness=parse_betweenness(betweenness), seed=seed)
    mode, k = options.betweenness_mode()
    out.mkdir(parents=True, exist_ok=True)
    times: dict[str, float] = {}
    results: dict[str, Any] = {}

    def timed(name: str, call: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        value = call()
        times[name] = time.perf_counter() - start
        results[name] = value
        print(f"  {times[name]:7.2f} s  {name}", file=sys.stderr, flush=True)
        return value

    G = timed("read store (to_networkx)", lambda: api.read_graph(db))
    people = timed("person_network", lambda: networks.person_network(G))
    orgs = timed("organisation_network", lambda: networks.organisation_network(G))
    timed("isolated_gps", lambda: isolation.isolated_gps(
        G, options.attendance_threshold, options.missed_meetings, network=people))
    timed("unlinked_practices", lambda: isolation.unlinked_practices(G))
    timed("gp_presence_in_area_groups", lambda: rep.gp_presence_in_area_groups(G))
    units = timed("vertical_links", lambda: vertical.vertical_links(G))
    timed("vertical_link_summary", lambda: vertical.vertical_link_summary(units))
    timed("strategic_routes", lambda: vertical.strategic_routes(G))
    timed("tie densities (direction, integration, sector x level)", lambda: (
        networks.tie_density_by_direction(people), networks.integration_density(people),
        networks.sector_level_density(people)))
    timed("horizontal_vertical_density", lambda: vertical.horizontal_vertical_density(
        G, people=people, organisations=orgs))
    roles = timed("brokerage (people)", lambda: brokerage.brokerage(people, "sector"))
    rows = timed("brokerage_table", lambda: brokerage.brokerage_table(roles))
    timed("brokerage (organisations)", lambda: brokerage.brokerage_table(
        brokerage.brokerage(orgs, "sector")))
    timed(f"betweenness ({betweenness})", lambda: centrality.betweenness(
        people, mode=mode, k=k, seed=seed))
    timed("structural_holes", lambda: centrality.structural_holes(people))
    timed("articulation_points", lambda: centrality.articulation_points(people, "sector"))
    timed("bridges", lambda: centrality.bridges(people, "sector"))
    top = policy.top_brokers(rows)
    timed("top_broker_impacts", lambda: centrality.top_broker_impacts(people, top, "sector"))
    timed("representation", lambda: representation.representation_summary(
        representation.representation_gaps(G)))
    timed("budgets", lambda: (budgets.funding_totals(G), budgets.sankey_flows(G),
                              budgets.planning_without_purchasing(G), budgets.stage_table(G),
                              budgets.funding_flows(G)))
    nets = timed("analysed networks (direction, weights)",
                 lambda: rep.analysed_networks(G, options))
    timed("betweenness (organisations) and structural holes", lambda: (
        centrality.betweenness(orgs, mode=mode, k=k, seed=seed),
        centrality.structural_holes(orgs, weight=None)))
    timed("networks section (degree, components, E-I test, mixing, two-mode)",
          lambda: rep.networks_section(G, nets, options, []))
    doc = timed("build_report (all of the above but reading)",
                lambda: rep.build_report(G, options))
    timed("render html", lambda: render_html(doc, csv_folder="csv"))
    timed("render md", lambda: render_markdown(doc))
    timed("render json", lambda: render_json(doc))
    timed("render csv", lambda: render_csvs(doc))
    if view:
        timed("view (network.html)", lambda: api.view(
            out=out / "network.html", G=G, analyses=api.view_analyses_of_report(doc)))
    return times


# ---------------------------------------------------------------------------
# The plain networkx implementation of the same analyses (the baseline)
# ---------------------------------------------------------------------------


class Capped(Exception):
    """An analysis of the baseline ran out of its time cap."""


@contextlib.contextmanager
def cap(seconds: float) -> Iterator[None]:
    """Raise :class:`Capped` in the block after ``seconds`` (SIGALRM; main thread only)."""
    def stop(*_: Any) -> None:
        raise Capped

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def nx_person_network(G: nx.MultiDiGraph) -> nx.Graph:
    """People tied by shared groups (every pair of members), liaison and co-location."""
    P = nx.Graph()
    P.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("label") == PERSON)
    members: dict[Any, set[Any]] = defaultdict(set)
    places: dict[Any, set[Any]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        t = d.get("type")
        if t in (MEMBER_OF, ATTENDS) and u in P:
            members[v].add(u)
        elif t == CO_LOCATED_AT and u in P:
            places[v].add(u)
        elif t == LIAISES_WITH and u in P and v in P:
            w = P.get_edge_data(u, v, {}).get("weight", 0)
            P.add_edge(u, v, weight=w + 1)
    for group in itertools.chain(members.values(), places.values()):
        for a, b in itertools.combinations(sorted(group, key=str), 2):
            w = P.get_edge_data(a, b, {}).get("weight", 0)
            P.add_edge(a, b, weight=w + 1)
    return P


def nx_organisation_network(G: nx.MultiDiGraph) -> nx.Graph:
    """Agencies tied when their people share a group."""
    employer = {u: v for u, v, d in G.edges(data=True) if d.get("type") == EMPLOYED_BY}
    orgs = nx.Graph()
    orgs.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in set(employer.values()))
    agencies: dict[Any, set[Any]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("type") == MEMBER_OF and u in employer:
            agencies[v].add(employer[u])
    for group in agencies.values():
        orgs.add_edges_from(itertools.combinations(sorted(group, key=str), 2))
    return orgs


def nx_brokerage(P: nx.Graph, attr: str = "sector") -> dict[Any, Counter[str]]:
    """Gould-Fernandez roles by a Python loop over every two-path a - b - c (a, c not tied)."""
    roles: dict[Any, Counter[str]] = defaultdict(Counter)
    group = nx.get_node_attributes(P, attr)
    for b in P:
        nbrs = list(P[b])
        for a, c in itertools.combinations(nbrs, 2):
            if P.has_edge(a, c):
                continue
            ga, gb, gc = group.get(a), group.get(b), group.get(c)
            role = ("coordinator" if ga == gb == gc else "itinerant" if ga == gc
                    else "representative" if ga == gb else "gatekeeper" if gb == gc
                    else "liaison")
            roles[b][role] += 2 if role in ("coordinator", "itinerant", "liaison") else 1
    return roles


def nx_isolated_gps(G: nx.MultiDiGraph, P: nx.Graph) -> list[Any]:
    """GPs with no ties, ties only inside primary care, or one cut vertex to the rest."""
    gp = PERSON_ROLE.canonical("gp")
    found = []
    for n, d in P.nodes(data=True):
        if d.get("role") != gp:
            continue
        other = [m for m in P[n] if P.nodes[m].get("sector") != d.get("sector")]
        if not P[n] or not other:
            found.append(n)
            continue
        if len(other) == 1 or nx.node_connectivity(
                P.subgraph(list(P[n]) + [n]), n, other[0]) == 1:
            found.append(n)
    return found


def nx_vertical(G: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    """People linking each group to its parent, and disjoint routes practice -> area."""
    parent = {u: v for u, v, d in G.edges(data=True)
              if d.get("type") == PART_OF and G.nodes[u].get("label") == GROUP}
    members: dict[Any, set[Any]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("type") == MEMBER_OF:
            members[v].add(u)
    links = [(g, len(members[g] & members[p])) for g, p in parent.items()]
    U = nx.Graph(G.to_undirected(as_view=True))
    area = [n for n, d in G.nodes(data=True) if d.get("label") == GROUP
            and d.get("level") == "area"]
    U.add_edges_from(("__strategic__", a) for a in area)
    routes = [(n, nx.node_connectivity(U, n, "__strategic__"))
              for n, d in G.nodes(data=True) if d.get("kind") == "gp_practice"]
    return links, routes


def nx_densities(P: nx.Graph) -> dict[tuple[Any, Any], float]:
    """Tie density within and between every pair of sectors (a loop over the ties)."""
    size = Counter(d.get("sector") for _, d in P.nodes(data=True))
    ties: Counter[tuple[Any, Any]] = Counter()
    for a, b in P.edges():
        ties[tuple(sorted((str(P.nodes[a].get("sector")), str(P.nodes[b].get("sector")))))] += 1
    out = {}
    for (x, y), t in ties.items():
        nx_, ny_ = size.get(None if x == "None" else x, 0), size.get(None if y == "None" else y, 0)
        possible = nx_ * (nx_ - 1) / 2 if x == y else nx_ * ny_
        out[(x, y)] = t / possible if possible else 0.0
    return out


def nx_broker_impacts(P: nx.Graph, brokers: list[Any]) -> dict[Any, int]:
    """Pairs of people who lose every path when a broker leaves (components before/after)."""
    def pairs(H: nx.Graph) -> int:
        return sum(len(c) * (len(c) - 1) // 2 for c in nx.connected_components(H))

    before = pairs(P)
    impacts = {}
    for b in brokers:
        H = P.copy()
        H.remove_node(b)
        impacts[b] = before - pairs(H) - (len(nx.node_connected_component(P, b)) - 1)
    return impacts


def nx_budgets_and_representation(G: nx.MultiDiGraph) -> tuple[Counter[Any], dict[Any, Any]]:
    """Funding totals by mechanism, and the sectors among each group's members."""
    totals: Counter[Any] = Counter()
    for _, _, d in G.edges(data=True):
        if d.get("type") == FUNDS:
            totals[d.get("mechanism")] += d.get("amount") or 0
    sectors: dict[Any, set[Any]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("type") == MEMBER_OF:
            sectors[v].add(G.nodes[u].get("sector"))
    return totals, sectors


def plain_report(G: nx.MultiDiGraph, k: int, seed: int, limit: float | None
                 ) -> dict[str, float | None]:
    """Seconds of each analysis of the networkx baseline (None: stopped at ``limit``)."""
    times: dict[str, float | None] = {}
    state: dict[str, Any] = {}

    def timed(name: str, call: Callable[[], Any]) -> None:
        start = time.perf_counter()
        try:
            if limit is None:
                state[name] = call()
            else:
                with cap(limit):
                    state[name] = call()
            times[name] = time.perf_counter() - start
        except Capped:
            times[name] = None

    timed("person_network", lambda: nx_person_network(G))
    P = state.get("person_network")
    if P is None:  # nothing else can run without the person network
        return times
    timed("organisation_network", lambda: nx_organisation_network(G))
    timed("isolated_gps", lambda: nx_isolated_gps(G, P))
    timed("vertical links + routes (node_connectivity)", lambda: nx_vertical(G))
    timed("densities", lambda: nx_densities(P))
    timed("brokerage (two-path loop)", lambda: nx_brokerage(P))
    auto = k <= 0
    if auto:  # as the report: exact while the work is affordable, sampled beyond
        k = DEFAULT_SAMPLE_SIZE if betweenness_sampled(P) else len(P)
    timed("betweenness (auto: exact up to the policy's work, else k=500)" if auto
          else f"betweenness (k={k})",
          lambda: nx.betweenness_centrality(P, k=min(k, len(P)), seed=seed))
    timed("constraint + effective_size", lambda: (nx.constraint(P, weight="weight"),
                                                  nx.effective_size(P, weight="weight")))
    timed("articulation_points + bridges", lambda: (list(nx.articulation_points(P)),
                                                   list(nx.bridges(P))))
    top = sorted(P.degree, key=lambda x: -x[1])[:10]
    timed("top_broker_impacts", lambda: nx_broker_impacts(P, [n for n, _ in top]))
    timed("representation + budgets", lambda: nx_budgets_and_representation(G))
    return times


def plain_child(db: str, k: int, seed: int, limit: float | None) -> None:
    """Read the store, run :func:`plain_report` and print its times as JSON (child process)."""
    from netan import api

    G = api.read_graph(db)
    print(json.dumps(plain_report(G, k, seed, limit)))


def run_plain(db: Path, k: int, seed: int, limit: float | None
              ) -> tuple[dict[str, float | None], float]:
    """:func:`plain_report` in a child: its per-analysis seconds and the peak RSS (MB)."""
    args = [sys.executable, __file__, "--plain-child", str(db), "--plain-k", str(k),
            "--seed", str(seed)]
    if limit is not None:
        args += ["--cap", str(limit)]
    _, peak, out = run_child(args)
    return json.loads(out.strip().splitlines()[-1]), peak


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def fmt(seconds: float | None, limit: float | None = None) -> str:
    """Seconds to one decimal; ``> limit`` for a capped step, ``-`` when not measured
    (e.g. the import of a store built by an earlier run)."""
    if seconds is not None:
        return f"{seconds:.1f}"
    return "-" if limit is None else f"> {limit:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--ratio-nodes", type=int, default=10_000)
    parser.add_argument("--ratio-relationships", type=int, default=100_000)
    parser.add_argument("--betweenness", default="auto")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cap", type=float, default=None,
                        help="seconds per baseline analysis at national scale (default 60)")
    parser.add_argument("--skip-plain", action="store_true")
    parser.add_argument("--skip-view", action="store_true",
                        help="skip the CLI run (it includes the view) and the view step")
    parser.add_argument("--before", default=None,
                        help="python of another checkout (e.g. main's .venv/bin/python): "
                             "run its report and ours alternately, side by side")
    parser.add_argument("--before-ref", default=None,
                        help="a commit or branch of this repository: checked out with its "
                             "own venv under benchmarks/out and run as --before")
    parser.add_argument("--runs", type=int, default=3, help="runs each with --before")
    parser.add_argument("--growth", default=None, metavar="N,N,...",
                        help="instead: the report at each of these node counts (ten "
                             "relationships a node), its time and memory")
    parser.add_argument("--memory-limit", default=None, metavar="SIZE",
                        help="with --growth: one more run at each size under this limit "
                             "(e.g. 8G): in a control group of that size when this process "
                             "may make one (root), with NETAN_MEMORY set")
    parser.add_argument("--plain-child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--plain-k", type=int, default=200, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.plain_child:
        plain_child(options.plain_child, options.plain_k, options.seed, options.cap)
        return 0
    limit = 60.0 if options.cap is None else options.cap
    k = int(options.betweenness.partition(":")[2] or 0)  # 0: auto
    OUT.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    say = lines.append

    if options.growth:
        print("\n".join(growth([int(n) for n in options.growth.split(",")],
                               options.betweenness, options.seed, options.memory_limit)))
        return 0
    db, imported = prepared(options.nodes, options.relationships, options.seed)
    if options.before_ref:
        options.before = checkout_of(options.before_ref)
    if options.before:
        print("\n".join(before_and_after(db, options.before, options.runs,
                                         options.betweenness, options.seed)))
        return 0
    with_view = (None if options.skip_view else
                 cli_report(db, OUT / "report-view", options.betweenness, options.seed))
    without_view = api_report_without_view(db, OUT / "report-noview", options.betweenness,
                                           options.seed)
    times = breakdown(db, OUT / "report-breakdown", options.betweenness, options.seed,
                      view=not options.skip_view)
    document = json.loads((OUT / "report-noview" / "report.json").read_text())
    between = next(s for s in document["sections"] if s["id"] == "brokerage")["summary"][
        "betweenness"]
    load = os.getloadavg()[0]
    say("| date | machine | nodes | relationships | people / person ties | netan report, CLI "
        "with view (s, peak RSS) | report without view (s, peak RSS) | betweenness | "
        "import (s) | load avg |")
    say("|---|---|---:|---:|---:|---:|---:|---|---:|---:|")
    say(f"| {date.today()} | {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()} | {options.nodes:,} | {options.relationships:,} | "
        f"{document['graph']['people']:,} / {document['graph']['person_ties']:,} | "
        f"{'not run' if with_view is None else f'{with_view[0]:.1f} ({with_view[1]:.0f} MB)'}"
        f" | {without_view[0]:.1f} "
        f"({without_view[1]:.0f} MB) | {between['method']}, k={between['sample_size']}, "
        f"seed={between['seed']} | {fmt(imported)} | {load:.1f} |")
    say("")
    say("| step (in-process) | seconds |")
    say("|---|---:|")
    for name, seconds in times.items():
        say(f"| {name} | {seconds:.2f} |")
    if not options.skip_plain:
        small, small_imported = prepared(options.ratio_nodes, options.ratio_relationships,
                                         options.seed)
        ours_small = api_report_without_view(small, OUT / "report-small", options.betweenness,
                                             options.seed)
        plain_small, plain_small_mb = run_plain(small, k, options.seed, limit)
        plain_big, plain_big_mb = ((plain_small, plain_small_mb) if small == db
                                   else run_plain(db, k, options.seed, limit))
        capped_small = sum(v is None for v in plain_small.values())
        total_small = sum(v or 0 for v in plain_small.values()) + limit * capped_small
        say("")
        say(f"networkx baseline, {options.ratio_nodes:,} nodes: netan report (no view) "
            f"{ours_small[0]:.1f} s ({ours_small[1]:.0f} MB); networkx analyses "
            f"{'>= ' if capped_small else ''}{total_small:.1f} s ({plain_small_mb:.0f} MB; "
            f"{capped_small} analyses capped at {limit:.0f} s) -> ratio "
            f"{'>= ' if capped_small else ''}{total_small / ours_small[0]:.1f}x")
        capped = [v for v in plain_big.values() if v is None]
        total_big = sum(v or 0 for v in plain_big.values())
        say(f"networkx baseline, {options.nodes:,} nodes (each analysis capped at "
            f"{limit:.0f} s; {len(capped)} capped): >= {total_big + limit * len(capped):.0f} s "
            f"({plain_big_mb:.0f} MB) -> ratio >= "
            f"{(total_big + limit * len(capped)) / without_view[0]:.1f}x")
        say("")
        say(f"| networkx analysis | {options.ratio_nodes:,} nodes (s) | "
            f"{options.nodes:,} nodes (s) |")
        say("|---|---:|---:|")
        for name in plain_small:
            say(f"| {name} | {fmt(plain_small[name])} | "
                f"{fmt(plain_big.get(name), limit) if name in plain_big else 'not run'} |")
        if small_imported:
            say(f"\n(import of the ratio-scale network: {small_imported:.1f} s)")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
