"""Each of netan's graph kernels against maintained libraries that compute the same thing.

Usage::

    .venv/bin/python benchmarks/bench_kernels.py [--nodes 10000 22222 100000] [--cap 120]
        [--only betweenness,constraint,...]

On the person networks of the synthetic partnership (``benchmarks/synthetic.py``,
seed 0; 10,000 nodes give 4,500 people, 22,222 give 10,000 and 100,000 the national
45,000) it times, in one process and one after another:

* betweenness, exact: netan's batched Brandes, python-igraph ``Graph.betweenness``,
  networkx ``betweenness_centrality`` (from a few sources, extrapolated);
* betweenness from 500 sources (the report's sample): netan, igraph with
  ``sources=`` (the same sum over the sampled sources), networkx ``k=500``
  (extrapolated);
* Burt's constraint and effective size (weighted): netan, igraph ``constraint``
  (igraph has no effective size), networkx ``constraint`` / ``effective_size``;
* cut points, bridges and biconnected components: netan's one depth-first search
  (with subtree sizes), rustworkx and networkx;
* connected components and a breadth-first order: scipy.sparse.csgraph, rustworkx,
  networkx;
* node-disjoint routes from every practice to the strategic level (the route
  graph of ``strategic_routes``): netan's augmenting searches, scipy's
  ``maximum_flow`` on the node-split graph and networkx ``node_connectivity``
  (on a sample of practices, extrapolated).

Each library is given its own graph type, built beforehand (the build is printed
apart); every answer is checked equal to netan's before its time is kept. Times are
wall-clock and CPU seconds; on a shared machine the CPU figure is the fairer one.
Not collected by pytest. python-igraph and rustworkx come with the ``bench`` extras
(``pip install -e '.[bench]'``); netan itself never imports igraph (GPL-2).
"""

from __future__ import annotations

import argparse
import os
import pickle
import platform
import random
import resource
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_report import Capped, cap  # noqa: E402
from synthetic import generate  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "kernels"
SAMPLE = 500


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def typed_graph(n_nodes: int, seed: int = 0) -> nx.MultiDiGraph:
    """The synthetic partnership of ``n_nodes`` nodes as the store hands it over."""
    from netan.graphdb.graph_data import to_networkx
    from netan.importers import load_import

    cached = OUT / f"typed-{n_nodes}-{seed}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    folder = OUT / f"synthetic-{n_nodes}-{seed}"
    generate(folder, n_nodes, n_nodes * 10, seed=seed)
    result = load_import(folder)
    assert result.data is not None, result.problems
    G = to_networkx(result.data)
    cached.write_bytes(pickle.dumps(G, protocol=pickle.HIGHEST_PROTOCOL))
    return G


def as_igraph(P: nx.Graph) -> Any:
    import igraph

    index = {v: i for i, v in enumerate(P)}
    edges = [(index[u], index[v]) for u, v in P.edges()]
    weights = [float(d.get("weight", 1)) for _, _, d in P.edges(data=True)]
    return igraph.Graph(n=len(index), edges=edges, edge_attrs={"weight": weights})


def as_rustworkx(P: nx.Graph) -> Any:
    import rustworkx as rx

    index = {v: i for i, v in enumerate(P)}
    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(list(P))
    g.add_edges_from_no_data([(index[u], index[v]) for u, v in P.edges()])
    return g


def as_csr(P: nx.Graph) -> sp.csr_array:
    return nx.to_scipy_sparse_array(P, weight=None, format="csr")


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------


ROWS: list[tuple[str, int, str, str, str]] = []


def timed(kernel: str, people: int, who: str, call: Callable[[], Any],
          limit: float | None = None, scale: float = 1.0, note: str = "") -> Any:
    """Run ``call`` once; record wall and CPU seconds (times ``scale`` when the call
    did a ``1 / scale`` share of the work, marked as extrapolated)."""
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        with cap(limit) if limit else nullcontext():
            out = call()
    except Capped:
        ROWS.append((kernel, people, who, f"> {limit:.0f}", note or "stopped at the cap"))
        print(f"{kernel:<34} {people:>7} {who:<34} > {limit:.0f} s (capped)", flush=True)
        return None
    wall, cpu = (time.perf_counter() - t0) * scale, (time.process_time() - c0) * scale
    extra = f"{note}; " if note else ""
    if scale != 1.0:
        extra += f"extrapolated x{scale:.0f}; "
    ROWS.append((kernel, people, who, f"{wall:.2f}", f"{extra}cpu {cpu:.2f} s"))
    print(f"{kernel:<34} {people:>7} {who:<34} {wall:8.2f} s wall {cpu:8.2f} s cpu "
          f"{extra}", flush=True)
    return out


def close(a: dict[Any, float], b: dict[Any, float], tol: float = 1e-6) -> None:
    bad = [v for v in a if not np.isclose(a[v], b[v], rtol=tol, atol=tol, equal_nan=True)]
    assert not bad, f"{len(bad)} values differ, e.g. {bad[0]}: {a[bad[0]]} != {b[bad[0]]}"


# ---------------------------------------------------------------------------
# Kernels
# ---------------------------------------------------------------------------


def bench_exact_betweenness(P: nx.Graph, ig: Any, limit: float, few: int) -> None:
    from netan.queries.centrality import betweenness

    n = len(P)
    nodes = list(P)
    scale = 2 / ((n - 1) * (n - 2))
    ours = timed("betweenness, exact", n, "netan batched Brandes",
                 lambda: betweenness(P, mode="exact").values, limit)
    theirs = timed("betweenness, exact", n, "python-igraph", lambda: ig.betweenness(
        directed=False), limit * 10)
    if ours is not None and theirs is not None:
        close(ours, {v: x * scale for v, x in zip(nodes, theirs, strict=True)})
    timed("betweenness, exact", n, "networkx", lambda: nx.betweenness_centrality(
        P, k=few, seed=0), limit, scale=n / few)


def bench_betweenness(P: nx.Graph, ig: Any, limit: float, exact: bool) -> None:
    from netan.queries.centrality import betweenness

    n = len(P)
    nodes = list(P)
    few = 20
    if exact:
        bench_exact_betweenness(P, ig, limit, few)
    ours = timed(f"betweenness, {SAMPLE} sources", n, "netan batched Brandes",
                 lambda: betweenness(P, mode="sampled", k=SAMPLE, seed=0), limit)
    if ours is None:
        return
    index = {v: i for i, v in enumerate(nodes)}
    sources = [index[v] for v in ours.sources]
    theirs = timed(f"betweenness, {SAMPLE} sources", n, "python-igraph (sources=)",
                   lambda: ig.betweenness(directed=False, sources=sources), limit * 10)
    if theirs is not None:
        # igraph sums sigma_st(v) / sigma_st over the sampled s and every t; netan (as
        # networkx) scales that sum by (n - 1) / k ((n - 1) / (k - 1) at a source) and
        # normalises by (n - 1)(n - 2) / 2.
        k, chosen = len(sources), set(sources)
        unscaled = {v: ours.values[v] * (n - 1) * (n - 2) / 2
                    * ((k - 1) if index[v] in chosen else k) / (n - 1) for v in nodes}
        close(unscaled, dict(zip(nodes, theirs, strict=True)))
    timed(f"betweenness, {SAMPLE} sources", n, "networkx (k=)", lambda:
          nx.betweenness_centrality(P, k=few, seed=0), limit, scale=SAMPLE / few)


def bench_structural_holes(P: nx.Graph, ig: Any, limit: float) -> None:
    from netan.queries.centrality import burt_constraint, effective_size

    n = len(P)
    nodes = list(P)
    from netan.kernels.nxgraph import adjacency_arrays

    timed("Burt constraint (weighted)", n, "netan: reading the ties only",
          lambda: adjacency_arrays(P, "weight"), limit)
    ours = timed("Burt constraint (weighted)", n, "netan", lambda: burt_constraint(P), limit)
    theirs = timed("Burt constraint (weighted)", n, "python-igraph",
                   lambda: ig.constraint(weights="weight"), limit)
    if ours is not None and theirs is not None:
        close(ours, dict(zip(nodes, theirs, strict=True)))
    part = nodes[:10]
    nx_c = timed("Burt constraint (weighted)", n, "networkx (10 nodes)",
                 lambda: nx.constraint(P, nodes=part, weight="weight"), limit, scale=n / 10)
    if ours is not None and nx_c is not None:
        close({v: ours[v] for v in part}, nx_c)
    ours = timed("effective size (weighted)", n, "netan", lambda: effective_size(P), limit)
    nx_e = timed("effective size (weighted)", n, "networkx (10 nodes)",
                 lambda: nx.effective_size(P, nodes=part, weight="weight"), limit, scale=n / 10)
    if ours is not None and nx_e is not None:
        close({v: ours[v] for v in part}, nx_e)


def bench_cut_points(P: nx.Graph, rx_graph: Any, limit: float) -> None:
    import rustworkx as rx

    from netan.kernels.cutpoints import depth_first_forest
    from netan.queries import centrality

    n = len(P)
    m = sp.csr_array(as_csr(P))
    dfs = timed("cut points + bridges (one DFS)", n, "netan (with subtree sizes)",
                lambda: depth_first_forest(m), limit)
    aps = timed("articulation points", n, "rustworkx",
                lambda: rx.articulation_points(rx_graph), limit)
    timed("bridges", n, "rustworkx", lambda: rx.bridges(rx_graph), limit)
    timed("biconnected components", n, "rustworkx",
          lambda: rx.biconnected_components(rx_graph), limit)
    nx_aps = timed("articulation points", n, "networkx",
                   lambda: set(nx.articulation_points(P)), limit)
    timed("bridges", n, "networkx", lambda: list(nx.bridges(P)), limit)
    timed("biconnected components", n, "networkx",
          lambda: list(nx.biconnected_components(P)), limit)
    rows = timed("articulation_points() (report rows)", n, "netan",
                 lambda: centrality.articulation_points(P), limit)
    if rows is not None and aps is not None:
        nodes = list(P)
        assert {r["id"] for r in rows} == {nodes[i] for i in aps}
        if nx_aps is not None:
            assert nx_aps == {nodes[i] for i in aps}
    del dfs


def bench_traversal(P: nx.Graph, rx_graph: Any, limit: float) -> None:
    import rustworkx as rx

    n = len(P)
    m = timed("adjacency as CSR", n, "networkx to_scipy_sparse_array", lambda: as_csr(P), limit)
    found = timed("connected components", n, "scipy.sparse.csgraph",
                  lambda: csgraph.connected_components(m, directed=False), limit)
    rx_found = timed("connected components", n, "rustworkx",
                     lambda: rx.connected_components(rx_graph), limit)
    nx_found = timed("connected components", n, "networkx",
                     lambda: list(nx.connected_components(P)), limit)
    if found is not None and rx_found is not None and nx_found is not None:
        assert found[0] == len(rx_found) == len(nx_found)
    timed("breadth-first order (one source)", n, "scipy.sparse.csgraph",
          lambda: csgraph.breadth_first_order(m, 0, directed=False), limit)
    timed("breadth-first order (one source)", n, "rustworkx",
          lambda: rx.bfs_layers(rx_graph, [0]), limit)
    timed("breadth-first order (one source)", n, "networkx",
          lambda: list(nx.bfs_tree(P, next(iter(P)))), limit)


def bench_routes(G: nx.MultiDiGraph, people: int, limit: float) -> None:
    """Node-disjoint practice -> strategic-level routes, three ways."""
    from netan.kernels.flows import DisjointRoutes
    from netan.queries import vertical
    from netan.queries.participation import index_graph

    idx = index_graph(G)
    rank = vertical._level_rank("area")
    strategic = [node for node in sorted(set(idx.agencies) | set(idx.groups))
                 if (r := vertical._level_rank(vertical._node_level(idx, node))) is not None
                 and r >= rank]
    practices = sorted(a for a in idx.agencies if idx.is_practice(a))
    edges = list(vertical._route_edges(idx)) + [(s, vertical._SINK) for s in strategic]

    def ours_all() -> list[int]:
        H = DisjointRoutes(list(idx.people) + list(idx.agencies) + list(idx.groups),
                             edges, vertical._SINK)
        return [H.routes(p)[0] for p in practices]

    ours = timed("node-disjoint routes (all practices)", people,
                 f"netan augmenting searches ({len(practices)})", ours_all, limit)

    H = nx.Graph()
    H.add_edges_from((u, v) for u, v in edges if u != v)
    code = {v: i for i, v in enumerate(H)}
    nodes = len(code)
    sink = code[vertical._SINK]
    # node split: entry 2i -> exit 2i + 1 with capacity 1; a tie u - v gives the arcs
    # exit(u) -> entry(v) and exit(v) -> entry(u), unbounded. From the practice's exit
    # to the sink's entry, the flow is the number of node-disjoint routes.
    u = np.array([code[a] for a, b in H.edges()], dtype=np.int64)
    v = np.array([code[b] for a, b in H.edges()], dtype=np.int64)
    big = len(practices) + len(strategic) + 10
    tail = np.concatenate([2 * u + 1, 2 * v + 1, 2 * np.arange(nodes)])
    head = np.concatenate([2 * v, 2 * u, 2 * np.arange(nodes) + 1])
    cap_ = np.concatenate([np.full(2 * len(u), big), np.ones(nodes, dtype=np.int64)])
    base = sp.csr_array((cap_.astype(np.int32), (tail, head)), shape=(2 * nodes, 2 * nodes))
    sample = random.Random(0).sample(practices, min(len(practices), 100))

    def scipy_sample() -> list[int]:
        return [int(csgraph.maximum_flow(base, 2 * code[p] + 1, 2 * sink).flow_value)
                if p in code else 0 for p in sample]

    scale = len(practices) / len(sample)
    found = timed("node-disjoint routes (all practices)", people,
                  "scipy maximum_flow (node-split)", scipy_sample, limit, scale=scale)
    if ours is not None and found is not None:
        mine = dict(zip(practices, ours, strict=True))
        assert [mine[p] for p in sample] == found, "scipy's flow differs from netan's routes"
    few = sample[:10]
    nx_found = timed("node-disjoint routes (all practices)", people,
                     "networkx node_connectivity", lambda: [
                         nx.node_connectivity(H, p, vertical._SINK) if p in H
                         and not H.has_edge(p, vertical._SINK) else None for p in few],
                     limit, scale=len(practices) / len(few))
    if ours is not None and nx_found is not None:
        mine = dict(zip(practices, ours, strict=True))
        assert all(f is None or f == mine[p] for p, f in zip(few, nx_found, strict=True))


def bench_separators(G: nx.MultiDiGraph, P: nx.Graph, people: int, limit: float) -> None:
    """Isolated GPs' broker search: the cut nodes between each GP and other sectors."""
    import rustworkx as rx

    from netan.queries import isolation
    from netan.queries.participation import PRIMARY_CARE, index_graph

    idx = index_graph(G)
    gps = sorted(p for p, d in idx.people.items() if d.get("role") == "gp" and p in P)
    table = isolation._read_ties(P, {PRIMARY_CARE}, set(gps))
    ours = timed("single cut nodes GP -> other sectors", people, "netan one DFS with low points",
                 lambda: isolation._separators_fast(table, PRIMARY_CARE, gps), limit)
    H = isolation._cross_sector_graph(P, PRIMARY_CARE)
    theirs = timed("single cut nodes GP -> other sectors", people, "networkx block-cut tree",
                   lambda: isolation._separators(H, isolation._SINK, gps), limit)
    if ours is not None and theirs is not None:
        assert ours == theirs

    def rustworkx_block_cut() -> int:
        index = {v: i for i, v in enumerate(H)}
        g = rx.PyGraph(multigraph=False)
        g.add_nodes_from(list(H))
        g.add_edges_from_no_data([(index[u], index[v]) for u, v in H.edges()])
        cuts = rx.articulation_points(g)
        blocks = rx.biconnected_components(g)
        return len(cuts) + len(blocks)

    timed("single cut nodes GP -> other sectors", people,
          "rustworkx cut points + blocks (no tree walk)", rustworkx_block_cut, limit)


# ---------------------------------------------------------------------------


def machine() -> str:
    cpus = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.machine()}, {cpus} cores, {memory:.0f} GB RAM, "
            f"Python {platform.python_version()}")


def versions() -> str:
    import igraph
    import rustworkx
    import scipy

    return (f"networkx {nx.__version__}, python-igraph {igraph.__version__}, "
            f"rustworkx {rustworkx.__version__}, scipy {scipy.__version__}, "
            f"numpy {np.__version__}")


KERNELS = ("betweenness", "holes", "cuts", "traversal", "routes", "separators")


def bench_scale(n_nodes: int, only: set[str], limit: float, exact_people: int) -> None:
    """Every kernel of ``only`` on the synthetic partnership of ``n_nodes`` nodes."""
    from netan.queries.networks import person_network

    G = typed_graph(n_nodes)
    P = person_network(G)
    people = len(P)
    print(f"## {n_nodes} nodes: {people} people, {P.number_of_edges()} person ties")
    ig = timed("convert", people, "to python-igraph", lambda: as_igraph(P))
    rxg = timed("convert", people, "to rustworkx", lambda: as_rustworkx(P))
    if "betweenness" in only:
        bench_betweenness(P, ig, limit, exact=people <= exact_people)
    if "holes" in only:
        bench_structural_holes(P, ig, limit)
    if "cuts" in only:
        bench_cut_points(P, rxg, limit)
    if "traversal" in only:
        bench_traversal(P, rxg, limit)
    if "routes" in only:
        bench_routes(G, people, limit)
    if "separators" in only:
        bench_separators(G, P, people, limit)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, nargs="+", default=[10_000, 22_222])
    ap.add_argument("--cap", type=float, default=120.0, help="seconds per measurement")
    ap.add_argument("--only", default=",".join(KERNELS))
    ap.add_argument("--exact-people", type=int, default=10_000,
                    help="largest person network whose exact betweenness is timed")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"# {date.today()} {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(f"# {versions()}")
    for n_nodes in args.nodes:
        bench_scale(n_nodes, only, args.cap, args.exact_people)
    print(f"# peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("\n| kernel | people | implementation | seconds (wall) | note |")
    print("|---|---:|---|---:|---|")
    for kernel, people, who, seconds, note in ROWS:
        print(f"| {kernel} | {people:,} | {who} | {seconds} | {note} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
