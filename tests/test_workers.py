"""Betweenness over worker processes: the same floats as one process, and networkx's.

The workers are real forked processes (``netan.kernels.parallel``); only the work
threshold is lowered so that small random graphs are shared out. A worker's failure
is a real one: it raises, is killed by a signal, or stops answering, in the child.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from netan.kernels import brandes, nxgraph, parallel
from netan.queries import centrality as c

TOL = 1e-12


PARENT = os.getpid()


@pytest.fixture
def shared_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[], set[int]]:
    """Share the sources out among two workers whatever the size of the work. Returns
    the ids of the processes that have searched so far (each appends its id to a file
    as it starts a search; the parent waits a little, so the worker starts in time)."""
    monkeypatch.setattr(brandes, "PARALLEL_WORK", 0)
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")
    searchers, forward = tmp_path / "searchers", brandes._forward
    searchers.touch()

    def noted_forward(*args: Any) -> Any:
        with searchers.open("a") as f:
            f.write(f"{os.getpid()}\n")
        if os.getpid() == PARENT:
            time.sleep(0.01)
        return forward(*args)

    monkeypatch.setattr(brandes, "_forward", noted_forward)
    return lambda: {int(x) for x in searchers.read_text().split()}


def random_network(seed: int, directed: bool) -> nx.Graph:
    """A random graph of 60-150 nodes (several batches of sources), with an isolate."""
    rnd = random.Random(seed)
    n = rnd.randint(60, 150)
    g = nx.gnm_random_graph(n, rnd.randint(n, 4 * n), seed=seed, directed=directed)
    g.add_node("isolate")
    return g


def matrices(g: nx.Graph) -> tuple:
    position, u, v = nxgraph.adjacency_entries(g)
    keep = u != v
    adj = brandes.pattern(len(g), u[keep], v[keep], symmetric=False)
    return adj, adj.T.tocsr() if g.is_directed() else adj


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_dependency_sums_over_workers_are_the_one_process_floats(
        seed: int, directed: bool, shared_out: Callable[[], set[int]]) -> None:
    g = random_network(seed, directed)
    adj, adj_t = matrices(g)
    nodes = list(g)
    sources = np.array(random.Random(seed).sample(range(len(g)), len(g) * 2 // 3))
    for chosen in (np.arange(len(g)), sources):
        one = brandes.dependency_sums(adj, adj_t, chosen, workers=1)
        with _no_warning():
            two = brandes.dependency_sums(adj, adj_t, chosen, workers=2)
            three = brandes.dependency_sums(adj, adj_t, chosen, workers=3)
        assert np.array_equal(one, two) and np.array_equal(one, three)
        expected = nx.betweenness_centrality_subset(
            g, [nodes[s] for s in chosen], nodes, normalized=False)
        scale = 1 if directed else 2  # networkx halves an undirected subset sum
        assert np.allclose(two, [scale * expected[x] for x in nodes], rtol=TOL, atol=TOL)
    assert shared_out() - {PARENT}  # workers searched too




class _no_warning:
    """No warning of the workers' failure in the block."""

    def __enter__(self) -> None:
        import warnings

        self._catcher = warnings.catch_warnings(record=True)
        self._seen = self._catcher.__enter__()
        warnings.simplefilter("always")

    def __exit__(self, *exc: object) -> None:
        self._catcher.__exit__(*exc)
        assert not [w for w in self._seen if issubclass(w.category, parallel.WorkersFailed)]


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_betweenness_over_workers_is_networkx(
        seed: int, directed: bool, shared_out: Callable[[], set[int]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    g = random_network(seed, directed)
    with _no_warning():
        exact = c.betweenness(g, mode="exact")
        sampled = c.betweenness(g, mode="sampled", k=50, seed=seed)
    for mine, theirs in ((exact, nx.betweenness_centrality(g)),
                         (sampled, nx.betweenness_centrality(g, k=50, seed=seed))):
        assert set(mine.values) == set(theirs)
        assert all(abs(mine.values[x] - theirs[x]) <= TOL for x in theirs)
    assert shared_out() - {PARENT}
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")  # one process, no fork
    searched = shared_out()
    assert c.betweenness(g, mode="exact").values == exact.values
    assert c.betweenness(g, mode="sampled", k=50, seed=seed).values == sampled.values
    assert shared_out() - searched <= {PARENT}


def pid_of(_: int) -> int:
    time.sleep(0.01)
    return os.getpid()


def workers_running(_: int) -> int:
    """In the parent: how many workers of this map are running (all start first)."""
    if os.getpid() != PARENT:
        time.sleep(0.01)
        return -1
    return len([p for p in multiprocessing.active_children() if p.name.startswith("netan-count")])


def test_workers_variable_chooses_the_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.WORKERS_VARIABLE, raising=False)
    assert parallel.usable_workers() == len(os.sched_getaffinity(0))
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")
    assert parallel.usable_workers() == 1
    assert set(parallel.ordered_map(pid_of, range(6), parallel.usable_workers())) == {PARENT}
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "3")
    counts = set(parallel.ordered_map(workers_running, range(20), parallel.usable_workers(),
                                      "count"))
    assert counts - {-1} == {2}  # the parent and two workers
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv(parallel.WORKERS_VARIABLE, bad)
        with pytest.warns(RuntimeWarning, match="NETAN_WORKERS must be a whole number"):
            assert parallel.usable_workers() == 1


def test_workers_are_forked_only_while_memory_holds_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """NETAN_MEMORY (like a control group's limit) caps the processes: below twice what
    this process holds, no worker; with room for two copies, one; a bad size is
    ignored, with a warning."""
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "3")
    held = parallel._held()
    monkeypatch.setenv(parallel.MEMORY_VARIABLE, str(held + held // 2))
    assert parallel.affordable_workers(3) == 1
    assert set(parallel.ordered_map(pid_of, range(6), 3)) == {PARENT}
    monkeypatch.setenv(parallel.MEMORY_VARIABLE, str(held + 2 * held + held // 2))
    assert parallel.affordable_workers(3) == 2
    counts = set(parallel.ordered_map(workers_running, range(20), 3, "count"))
    assert counts - {-1} == {1}  # the parent and one worker, not two
    monkeypatch.setenv(parallel.MEMORY_VARIABLE, "a lot")
    with pytest.warns(RuntimeWarning, match="NETAN_MEMORY must be a size"):
        assert parallel.memory_room() is not None  # the machine's own memory still counts


@pytest.mark.parametrize(("text", "size"), [
    ("8G", 8 * 2**30), ("8 GB", 8 * 2**30), ("8gib", 8 * 2**30), ("500M", 500 * 2**20),
    ("2.5G", int(2.5 * 2**30)), ("1000000", 1_000_000), ("64K", 65536),
    ("", None), ("eight", None), ("-1G", None), ("8X", None)])
def test_memory_sizes_read_as_people_write_them(text: str, size: int | None) -> None:
    assert parallel.memory_size(text) == size


def test_the_control_groups_limit_is_read_from_v1_and_v2(tmp_path: Path) -> None:
    v1 = tmp_path / "memory" / "box"
    v1.mkdir(parents=True)
    (v1 / "memory.limit_in_bytes").write_text("8589934592\n")
    assert parallel.cgroup_limit("4:memory:/box\n0::/\n", tmp_path) == 8 * 2**30
    (v1 / "memory.limit_in_bytes").write_text("9223372036854771712\n")  # v1's "no limit"
    assert parallel.cgroup_limit("4:memory:/box\n", tmp_path) is None
    v2 = tmp_path / "unified" / "user.slice"
    v2.mkdir(parents=True)
    (v2 / "memory.max").write_text("max\n")
    assert parallel.cgroup_limit("0::/user.slice\n", tmp_path) is None
    (v2 / "memory.max").write_text("4294967296\n")
    assert parallel.cgroup_limit("0::/user.slice\n", tmp_path) == 4 * 2**30
    assert parallel.cgroup_limit("0::/elsewhere\n1:cpu:/x\n", tmp_path) is None
    assert parallel.cgroup_limit("", tmp_path) is None


def test_no_fork_while_another_thread_runs() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert set(parallel.ordered_map(pid_of, range(6), 2)) == {PARENT}
    finally:
        release.set()
        other.join()


def slow_pid(_: int) -> int:
    time.sleep(0.05)
    return os.getpid()


def test_the_cli_progress_bar_leaves_the_workers_their_cores() -> None:
    """The CLI's bar (shown from the first step here) runs no refresh thread, so work
    under it is still shared out; rich's default bar refreshes from a thread."""
    from netan.cli import output

    with output.progress_after(0.0) as progress:
        progress("brokerage", 0, 2)
        assert threading.active_count() == 1
        searchers = set(parallel.ordered_map(slow_pid, range(8), 2))
        progress("brokerage", 1, 2)
    assert len(searchers) == 2 and PARENT in searchers


def square_refusing_five(x: int) -> int:
    time.sleep(0.05)
    if x == 5:
        raise ValueError(f"no square of {x} (in process {os.getpid()})")
    return x * x


def square_refusing_five_while_a_worker_holds_one(x: int) -> int:
    """The parent takes 0 (slowly), a worker 1 (more slowly still), so the parent meets
    5 while 1's turn is not yet over."""
    if x == 0:
        time.sleep(0.3)
    if x == 1 and os.getpid() != PARENT:
        time.sleep(1.0)
    return square_refusing_five(x)


@pytest.mark.parametrize("work", [square_refusing_five,
                                  square_refusing_five_while_a_worker_holds_one])
def test_an_error_is_raised_in_its_turn_as_map_raises_it(work: Callable[[int], int]) -> None:
    """A section's own error (a bad choice, say) is no worker failure: wherever it is
    first met (in a worker, or in the parent ahead of its turn), it is raised in the
    parent in its turn, with its own type, after the items before it, and no warning."""
    got: list[int] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a WorkersFailed warning would fail the test
        with pytest.raises(ValueError, match=f"no square of 5 \\(in process {PARENT}\\)"):
            for value in parallel.ordered_map(work, range(12), 2):
                got.append(value)
    assert got == [x * x for x in range(5)]


def square_failing_in_worker(x: int) -> int:
    time.sleep(0.05)
    if os.getpid() != PARENT:
        raise MemoryError("cannot allocate the batch")
    return x * x


def square_killed_in_worker(x: int) -> int:
    time.sleep(0.05)
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return x * x


def square_hung_in_worker(x: int) -> int:
    if os.getpid() != PARENT:
        time.sleep(60)
    time.sleep(0.05)
    return x * x


@pytest.mark.parametrize(("work", "cause"), [
    (square_failing_in_worker, "MemoryError: cannot allocate the batch"),
    (square_killed_in_worker, "exited with code -9"),
    (square_hung_in_worker, r"no result in \d+ s"),
])
def test_a_failed_worker_is_reported_and_the_parent_finishes(
        work, cause: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_STALL_SECONDS", 1.0)
    start = time.perf_counter()
    with pytest.warns(parallel.WorkersFailed, match=cause):
        got = list(parallel.ordered_map(work, range(10), 2, "squares"))
    assert got == [x * x for x in range(10)]
    assert time.perf_counter() - start < 20
    assert not [p for p in multiprocessing.active_children()
                if p.name.startswith("netan-squares")]


def test_betweenness_survives_a_worker_out_of_memory(
        shared_out: Callable[[], set[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    g = random_network(1, False)
    expected = nx.betweenness_centrality(g)
    backward = brandes._backward

    def backward_failing_in_worker(*args: object) -> np.ndarray:
        if os.getpid() != PARENT:
            raise MemoryError("no room for the dependencies")
        return backward(*args)

    monkeypatch.setattr(brandes, "_backward", backward_failing_in_worker)
    with pytest.warns(parallel.WorkersFailed, match="betweenness failed .*MemoryError"):
        got = c.betweenness(g, mode="exact")
    assert all(abs(got.values[x] - expected[x]) <= TOL for x in expected)


def test_the_console_script_prints_a_workers_warning_as_one_line(tmp_path: Path) -> None:
    """Through the real console script: a worker warning is netan's one line on stderr,
    never Python's two (file:line, then the source line). The national-size threshold
    is lowered so that the Wales example's betweenness reads NETAN_WORKERS."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    db = tmp_path / "wales.db"
    script = ("import sys; from netan.kernels import brandes; brandes.PARALLEL_WORK = 0; "
              "from netan.cli.main import run; sys.argv = ['netan', *sys.argv[1:]]; run()")
    env = {**os.environ, "COLUMNS": "80"}
    imported = subprocess.run([sys.executable, "-c", script, "import",
                               str(repo / "examples" / "wales-1998"), "--db", str(db)],
                              capture_output=True, text=True, env=env, timeout=300)
    assert imported.returncode == 0, imported.stderr
    env[parallel.WORKERS_VARIABLE] = "lots"
    reported = subprocess.run([sys.executable, "-c", script, "report", "--db", str(db),
                               "--out", str(tmp_path / "report"), "--format", "json"],
                              capture_output=True, text=True, env=env, timeout=600)
    assert reported.returncode == 0, reported.stderr
    lines = [ln for ln in reported.stderr.splitlines() if "NETAN_WORKERS" in ln]
    assert lines, reported.stderr
    assert all(ln.startswith("warning: NETAN_WORKERS must be a whole number") for ln in lines)
    assert "RuntimeWarning" not in reported.stderr and ".py:" not in reported.stderr
    assert "warnings.warn" not in reported.stderr
