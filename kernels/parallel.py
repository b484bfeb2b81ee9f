"""Independent pieces of one computation on every core, in a fixed order.

:func:`ordered_map` yields ``work(item)`` for each item, in the items' order, whether
it ran here or in a forked worker process, so a caller that adds the results in that
order gets the same floats with any number of workers. The parent and its workers
each claim the next item from a shared counter (a worker slowed by a busy machine
simply does fewer); the parent keeps results that arrive ahead of their turn and
yields each in its turn. The parent always computes the first item itself (so a caller
that puts its longest item first keeps that one's result at home, never sent through a
pipe, and its own nested maps may fork). Workers are forked (Linux's ``fork`` start method), so the
arrays ``work`` reads are shared copy-on-write, never pickled; only results travel. Every
object alive at the fork is kept out of the garbage collector's walks while the workers
run (``gc.freeze``, :func:`netan.kernels.collector.collector_spared`), so a worker's
collections do not touch, and so copy, the pages it shares with the parent.

An item whose work raises an error in a worker is computed again by the parent in its
turn, so the error is raised where ``map`` would raise it, with its own type and
traceback, and the items before it are yielded first.

It never waits forever and never loses an answer: a worker that runs out of memory, dies (the
out-of-memory killer, a signal) or sends nothing for :func:`stall_seconds` is
stopped, a :class:`WorkersFailed` warning names the cause, and the parent computes
the remaining items itself (the results yielded so far stand: each item's result is
the same wherever it is computed).

It forks no more workers than memory allows (:func:`affordable_workers`: a worker may
come to copy the parent's pages while the parent grows, so one is forked only while the
machine's available memory, the control group's limit and ``NETAN_MEMORY`` leave room
for twice what the parent holds).
It does not fork when forking could hang: when
another Python thread is running (a lock it holds would stay locked in the child),
inside a worker, or off Linux. numpy's OpenBLAS (a pthreads build) shuts its thread
pool down before a fork and restarts it after (``pthread_atfork``); scipy's sparse
products use no threads.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, TypeVar

from netan.kernels.collector import collector_spared

__all__ = ["MEMORY_VARIABLE", "WORKERS_VARIABLE", "WorkersFailed", "affordable_workers",
           "cgroup_limit", "cgroup_limit_files", "memory_room", "memory_size",
           "ordered_map", "side_by_side", "usable_workers"]

T = TypeVar("T")
R = TypeVar("R")

#: Environment variable overriding the number of worker processes (1: no fork).
WORKERS_VARIABLE = "NETAN_WORKERS"
# Results a worker may compute ahead of the parent's reading (its memory bound).
_AHEAD = 8
# A worker that sends nothing for this long (plus 20 times the slowest item the
# parent computed) is presumed hung.
_STALL_SECONDS = 60.0

_in_worker = False


class WorkersFailed(RuntimeWarning):
    """Worker processes failed; the parent finished the work in one process."""


def usable_workers() -> int:
    """How many processes :func:`ordered_map` may use: ``NETAN_WORKERS`` when set (a
    whole number >= 1; anything else is one process, with a warning), else the cores
    this process may run on (``os.sched_getaffinity``); 1 inside a worker or where
    ``fork`` is not safe."""
    if _in_worker or not sys.platform.startswith("linux"):
        return 1
    text = os.environ.get(WORKERS_VARIABLE, "").strip()
    if text:
        if not text.isdigit() or int(text) < 1:
            warnings.warn(f"netan: {WORKERS_VARIABLE} must be a whole number of at least 1, "
                          f"not {text!r}; using one process", RuntimeWarning, stacklevel=2)
            return 1
        return int(text)
    return len(os.sched_getaffinity(0))


#: Environment variable naming the memory netan's processes should fit in together
#: (``8G``, ``500M``, ``2.5GB``, or bytes): workers are forked only while it has room
#: for them (it enforces nothing: a control group's limit does).
MEMORY_VARIABLE = "NETAN_MEMORY"
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
# A cgroup "limit" at least this large is no limit (cgroup v1 writes 2**63 rounded down).
_NO_LIMIT = 2**60


def memory_size(text: str) -> int | None:
    """``text`` (``8G``, ``500 MB``, ``2.5GiB``, ``1000000``) in bytes; None if it is not
    a size."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*", text.upper())
    if match is None:
        return None
    return int(float(match[1]) * _UNITS[match[2]])


def cgroup_limit_files(cgroups: str, root: Path = Path("/sys/fs/cgroup")) -> list[Path]:
    """Where the memory limit of the control group named in ``cgroups`` (the text of
    ``/proc/self/cgroup``) may be written under ``root``: cgroup v1's
    ``memory.limit_in_bytes``, v2's ``memory.max`` (alone, or beside v1 as ``unified``)."""
    files = []
    for line in cgroups.splitlines():
        number, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if "memory" in controllers.split(","):
            files.append(root / "memory" / path.lstrip("/") / "memory.limit_in_bytes")
        elif number == "0" and controllers == "":
            files += [folder / path.lstrip("/") / "memory.max"
                      for folder in (root, root / "unified")]
    return files


def cgroup_limit(cgroups: str, root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """The memory limit, in bytes, of the control group named in ``cgroups``
    (:func:`cgroup_limit_files`); None when there is none (or it cannot be read)."""
    for candidate in cgroup_limit_files(cgroups, root):
        try:
            value = candidate.read_text().strip()
        except OSError:
            continue
        if value.isdigit() and int(value) < _NO_LIMIT:
            return int(value)
    return None


def _held() -> int:
    """Bytes of memory this process holds (resident; 0 when unknown)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _available() -> int | None:
    """The machine's available memory (``MemAvailable``), in bytes."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def memory_room(held: int | None = None) -> int | None:
    """Bytes this process's workers may still take: the least of the machine's available
    memory, its control group's limit less what this process holds, and
    ``NETAN_MEMORY`` less what this process holds (None when none of them is known).
    ``held``: what this process holds, when already read."""
    held = _held() if held is None else held
    rooms = [_available()]
    try:
        with open("/proc/self/cgroup") as cgroups:
            limit = cgroup_limit(cgroups.read())
    except OSError:
        limit = None
    text = os.environ.get(MEMORY_VARIABLE, "").strip()
    if text:
        cap = memory_size(text)
        if cap is None:
            warnings.warn(f"netan: {MEMORY_VARIABLE} must be a size such as 8G or 500M, not "
                          f"{text!r}; ignored", RuntimeWarning, stacklevel=2)
        else:
            limit = cap if limit is None else min(limit, cap)
    if limit is not None:
        rooms.append(max(0, limit - held))
    known = [room for room in rooms if room is not None]
    return min(known) if known else None


def affordable_workers(workers: int) -> int:
    """``workers``, or fewer when memory is short: one process more is forked only while
    :func:`memory_room` holds twice what this process holds.

    A worker starts with this process's pages shared and copies each one it writes
    to, so it may come to hold a copy of all of them; meanwhile the parent goes on
    growing. Hence twice (on the report of ten times the national size, workers held
    2.0-3.3 GB of their own beside a parent that reached 7.2 GB:
    ``benchmarks/RESULTS.md``). Too few workers costs time; too many may cost the
    whole run, since a control group's out-of-memory killer may stop the parent.
    """
    if workers <= 1:
        return workers
    held = _held()
    room = memory_room(held)
    if room is None:
        return workers
    return max(1, min(workers, 1 + room // (2 * max(held, 1))))


def _serve(work: Callable[[T], R], items: Sequence[T], claimed: Any,
           conn: Connection) -> None:
    """A worker's life: claim the next item, compute it, hand it to a sending thread
    (so computing goes on while the parent is busy), until none is left."""
    global _in_worker
    _in_worker = True
    out: queue.Queue = queue.Queue(maxsize=_AHEAD)

    def send() -> None:
        try:
            while True:
                message = out.get()
                conn.send(message)
                if message[0] != "ok":
                    return
        except OSError:  # the parent has gone: nobody to compute for
            os._exit(1)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    try:
        while (i := _claim(claimed)) < len(items):
            try:
                message = ("ok", i, work(items[i]))
            except MemoryError:
                raise
            except Exception:  # the parent computes it in its turn and meets the error there
                message = ("raised", i, None)
            out.put(message)
        out.put(("done", -1, None))
    except _CounterLocked:
        os._exit(1)  # its holder died: the parent finds out and finishes alone
    except BaseException as exc:  # sent to the parent, which reports it
        out.put(("failed", -1, f"{type(exc).__name__}: {exc}"))
    sender.join()
    conn.close()


class _CounterLocked(Exception):
    """The shared counter stayed locked (a process died holding it)."""


def _claim(claimed: Any) -> int:
    """The next unclaimed item's index (shared by the parent and its workers)."""
    lock = claimed.get_lock()
    if not lock.acquire(timeout=_STALL_SECONDS):
        raise _CounterLocked
    try:
        i = claimed.value
        claimed.value = i + 1
    finally:
        lock.release()
    return i


def stall_seconds(slowest: float) -> float:
    """How long the parent waits for a worker's next result before presuming it hung:
    :data:`_STALL_SECONDS` plus 20 times the slowest item it computed itself."""
    return _STALL_SECONDS + 20 * slowest


def ordered_map(work: Callable[[T], R], items: Sequence[T], workers: int,
                what: str = "work") -> Iterator[R]:
    """``work(item)`` for each of ``items``, in order, over ``workers`` processes.

    ``work`` must be deterministic and read only what it was forked with. ``what``
    names the computation in a :class:`WorkersFailed` warning.
    """
    workers = max(1, min(workers, len(items)))
    if workers > 1 and (_in_worker or threading.active_count() > 1
                        or not sys.platform.startswith("linux")):
        workers = 1
    workers = affordable_workers(workers)
    if workers == 1:
        yield from map(work, items)
        return
    with collector_spared():  # the collector never walks (so never copies) what was forked
        crew = _Crew(work, items, workers, what)
        try:
            yield from crew.results()
        finally:
            crew.stop()


def side_by_side(jobs: Mapping[str, Callable[[], R]], what: str = "work"
                 ) -> Iterator[tuple[str, R]]:
    """``(name, job())`` for each of ``jobs``, in their order, the jobs run over every
    usable process (:func:`ordered_map`: the first in this one)."""
    names = list(jobs)
    return zip(names, ordered_map(lambda name: jobs[name](), names, usable_workers(), what),
               strict=True)


class _Crew:
    """The parent and its forked workers over one :func:`ordered_map`.

    Every process claims the next item from a shared counter, so a worker slowed by a
    busy machine simply does fewer. The parent keeps the results that arrive ahead of
    their turn and yields each in its turn; it stops claiming when it holds
    :data:`_AHEAD` per worker, but the workers go on, so while one process is stalled
    on an item the others' results can pile up (at worst every result, held once).
    """

    def __init__(self, work: Callable[[T], R], items: Sequence[T], workers: int,
                 what: str) -> None:
        context = multiprocessing.get_context("fork")
        self.work, self.items, self.what = work, items, what
        self.claimed = context.Value("q", 1)  # the first item is the parent's
        self.ahead: dict[int, R] = {}
        self.raised: set[int] = set()  # items whose work raised ahead of their turn
        self.slowest = 0.0
        self.processes: dict[Connection, multiprocessing.process.BaseProcess] = {}
        for w in range(1, workers):
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_serve, daemon=True, name=f"netan-{what}-{w}",
                                      args=(work, items, self.claimed, writer))
            process.start()
            writer.close()
            self.processes[reader] = process
        self.running = dict(self.processes)  # those that have not said they are done

    def results(self) -> Iterator[R]:
        """Each item's result in turn; after a worker fails, the rest from the parent."""
        n, turn = len(self.items), 0
        self.compute(0, turn)
        while turn < n:
            if self.arrived(turn):
                yield self.ahead.pop(turn) if turn in self.ahead else self.work(self.items[turn])
                turn += 1
                continue
            failure = self.gather(0.0)
            if failure is None and not self.arrived(turn):
                if len(self.ahead) < _AHEAD * len(self.processes):
                    try:
                        i = _claim(self.claimed)
                    except _CounterLocked:
                        i, failure = n, "a worker died holding the shared counter"
                    if i < n:
                        self.compute(i, turn)
                        continue
            if failure is None and not self.arrived(turn):
                failure = self.gather(stall_seconds(self.slowest))
                if failure is None and not self.arrived(turn) and not self.running:
                    failure = "it finished without sending every result"
            if failure is not None:
                self.stop()
                warnings.warn(f"netan: a worker process of {self.what} failed ({failure}); "
                              "finishing in one process", WorkersFailed, stacklevel=3)
                for i in range(turn, n):
                    yield self.ahead.pop(i) if i in self.ahead else self.work(self.items[i])
                return

    def arrived(self, i: int) -> bool:
        """Whether item ``i`` can be yielded now: its result is here, or its work raised
        ahead of its turn (then the parent computes it again, in its turn)."""
        return i in self.ahead or i in self.raised

    def compute(self, i: int, turn: int) -> None:
        """Item ``i`` computed here. Its error is raised now if it is the item whose turn
        it is, else when its turn comes (the items before it are yielded first)."""
        start = time.perf_counter()
        try:
            self.ahead[i] = self.work(self.items[i])
        except MemoryError:
            raise
        except Exception:
            if i == turn:
                raise
            self.raised.add(i)
        self.slowest = max(self.slowest, time.perf_counter() - start)

    def gather(self, timeout: float) -> str | None:
        """Take every result the workers have sent (waiting up to ``timeout`` for one);
        a sentence saying why a worker failed, or None."""
        if not self.running:
            return None
        waiting = list(self.running) + [p.sentinel for p in self.running.values()]
        ready = wait(waiting, timeout)
        if timeout and not ready:
            return f"no result in {timeout:.0f} s"
        for reader, process in list(self.running.items()):
            while reader.poll():
                try:
                    kind, i, value = reader.recv()
                except (EOFError, OSError):
                    process.join(1)
                    return (f"it exited with code {process.exitcode} before sending "
                            "every result")
                if kind == "ok":
                    self.ahead[i] = value
                elif kind == "raised":
                    self.raised.add(i)
                elif kind == "done":
                    del self.running[reader]
                    break
                else:
                    return str(value)
            else:
                if process.sentinel in ready:  # ended without saying it was done
                    process.join(1)
                    return (f"it exited with code {process.exitcode} before sending "
                            "every result")
        return None

    def stop(self) -> None:
        """End every worker still running (they are ours) and reap them."""
        for process in self.processes.values():
            if process.is_alive():
                process.kill()
        for process in self.processes.values():
            process.join()
        self.running.clear()
