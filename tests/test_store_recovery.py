"""Imports that cannot block the store: real kill -9s of real child processes, a full disk.

Each child imports into a real embedded store and reports every step of the
import (``EmbeddedStore._reached``); the test kills it with SIGKILL at a chosen
step and then opens the store the way ``netan query``, ``report`` and ``view``
do, with no manual step in between.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import ladybug
import pytest
from conftest import graph_data, sample_rows

from netan import api
from netan.graphdb.embedded import ENGINE_FILES, EmbeddedStore, files_beside
from netan.graphdb.schema import PERSON
from netan.graphdb.store import StoreError

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

#: The child: an import of ``n`` people and ``m`` liaison ties, every row through the
#: engine's write-ahead log (so its final checkpoint takes a while), reporting each step
#: and, at ``pause``, waiting for a line on stdin (it is killed there instead).
CHILD = """
import sys
import numpy as np
import pandas as pd
from netan.graphdb import embedded
from netan.graphdb.embedded import EmbeddedStore
from netan.graphdb.graph_data import GraphData
from netan.importers.frames import node_frame, rel_frame

embedded.COPY_THRESHOLD = 10**9
n, m = {n}, {m}
ids = pd.Series([f"new{{i}}" for i in range(n)], dtype=object)
people = node_frame("Person", n, {{"id": ids, "name": "x"}})
ends = np.arange(m)
links = rel_frame("LIAISES_WITH", m, ids[ends % n].to_numpy(), "Person",
                  ids[(ends * 7 + 1) % n].to_numpy(), "Person", {{"frequency": 1.0}})


def reached(self, step):
    print(step, flush=True)
    if step == {pause!r}:
        sys.stdin.readline()


EmbeddedStore._reached = reached
EmbeddedStore({location!r}).write_import(GraphData({{"Person": people}},
                                                   {{"LIAISES_WITH": links}}), {mode!r})
print("finished", flush=True)
"""


def _python(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def people(db: Path) -> set[str]:
    """The ids of the stored people, read as ``netan query`` reads them."""
    return {row[0] for row in api.query("MATCH (p:Person) RETURN p.id", db=str(db)).rows}


def leave_a_wal(db: Path, person: str) -> None:
    """A writer that dies before its checkpoint: committed data only in ``<db>.wal``."""
    child = _python(f"""
        import os, ladybug
        conn = ladybug.Connection(ladybug.Database({str(db)!r}))
        conn.execute("CREATE (:Person {{id: '{person}'}})")
        os._exit(0)
    """)
    child.wait(timeout=60)
    assert db.with_name(db.name + ".wal").exists()


def kill_at(db: Path, step: str, mode: str, n: int = 300, m: int = 600) -> list[str]:
    """Run the child import and SIGKILL it at ``step``; the engine files seen then."""
    pause = "none" if step == "checkpoint" else step  # the checkpoint runs on
    child = _python(CHILD.format(n=n, m=m, pause=pause, location=str(db), mode=mode))
    seen: list[str] = []
    try:
        for line in child.stdout:
            if line.strip() == step:
                break
        else:
            pytest.fail(f"the import finished without reaching {step!r}")
        if step == "checkpoint":  # kill once the engine has begun writing the checkpoint
            waited = time.monotonic() + 5
            while not seen and time.monotonic() < waited:
                seen = [p.name for folder in files_beside(db, r"\.staging-.*")
                        for p in files_beside(folder / db.name, ENGINE_FILES)
                        if ".shadow" in p.name or "checkpoint" in p.name]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    return seen


def opens_everywhere(db: Path, tmp_path: Path, expected: set[str]) -> None:
    """query, report and view all open the store, with no manual step, and see ``expected``."""
    assert people(db) == expected
    written = api.report(str(db), out=tmp_path / "report", formats=("json",), with_view=False)
    assert written.document["provenance"]["nodes"] >= len(expected)
    api.view(str(db), out=tmp_path / "view.html", size_by="degree")
    assert (tmp_path / "view.html").stat().st_size > 0


SAMPLE_PEOPLE = {"p1", "p2", "p3"}
NEW_PEOPLE = {f"new{i}" for i in range(300)}


@pytest.mark.parametrize(("step", "mode", "wal", "after"), [
    ("read", "append", False, SAMPLE_PEOPLE),
    ("built", "replace", False, SAMPLE_PEOPLE),
    ("swap", "append", True, SAMPLE_PEOPLE | {"walonly"}),
    ("swapped", "replace", True, NEW_PEOPLE),
], ids=["after-reading-the-store", "staging-complete", "journal-written-before-rename",
        "renamed-before-old-engine-files-removed"])
def test_kill_9_at_each_step_of_an_import(tmp_path: Path, step: str, mode: str, wal: bool,
                                          after: set[str]) -> None:
    db = tmp_path / "netan.db"
    EmbeddedStore(db).write_import(graph_data(*sample_rows()))
    if wal:  # the old store has committed data its own WAL holds: it must survive
        leave_a_wal(db, "walonly")
    kill_at(db, step, mode)
    if step == "swapped":  # the new file with the old file's WAL: the engine alone refuses
        with pytest.raises(RuntimeError, match="does not match"):
            ladybug.Database(str(db), read_only=True)
    opens_everywhere(db, tmp_path, after)
    with EmbeddedStore(db) as store:
        store.write_import(graph_data({PERSON: [{"id": "next"}]}), "append")
        assert store.leftovers() == []
    assert people(db) == after | {"next"}


def test_kill_9_during_the_final_checkpoint_of_the_new_store(tmp_path: Path) -> None:
    db = tmp_path / "netan.db"
    EmbeddedStore(db).write_import(graph_data(*sample_rows()))
    seen = kill_at(db, "checkpoint", "replace", n=20_000, m=200_000)
    assert seen, "the kill came after the checkpoint"  # it hit the checkpoint itself
    opens_everywhere(db, tmp_path, SAMPLE_PEOPLE)
    with EmbeddedStore(db) as store:  # the next import is not blocked by what was left
        store.write_import(graph_data({PERSON: [{"id": "next"}]}), "replace")
        assert store.leftovers() == []
    assert people(db) == {"next"}


def test_an_import_reads_the_store_but_never_writes_it(tmp_path: Path) -> None:
    db = tmp_path / "netan.db"
    EmbeddedStore(db).write_import(graph_data(*sample_rows()))
    leave_a_wal(db, "walonly")
    wal = db.with_name(db.name + ".wal")
    before = {path.name: (digest(path), path.stat().st_mtime_ns) for path in (db, wal)}
    child = _python(CHILD.format(n=300, m=600, pause="swap", location=str(db), mode="append"))
    try:
        for line in child.stdout:
            if line.strip() == "swap":
                break
        after = {path.name: (digest(path), path.stat().st_mtime_ns) for path in (db, wal)}
        assert after == before  # staging built and journal written: the store untouched
        assert files_beside(db, ENGINE_FILES) == [wal]
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "swapped"
        assert child.stdout.readline().strip() == "finished"
    finally:
        child.kill()
        child.wait(timeout=60)
    assert people(db) == SAMPLE_PEOPLE | {"walonly"} | NEW_PEOPLE
    assert files_beside(db, ENGINE_FILES) == []


#: People a killed writer had committed (enough for a checkpoint lasting some milliseconds).
WRITTEN = 20_000


def count_people(db: Path) -> int:
    return api.query("MATCH (p:Person) RETURN count(p)", db=str(db)).rows[0][0]


def _leave_a_pending_checkpoint(db: Path, prefix: str) -> None:
    """A writer killed in the middle of its checkpoint (the engine then refuses read-only)."""
    child = _python(f"""
        import ladybug
        conn = ladybug.Connection(ladybug.Database({str(db)!r}))
        conn.execute("UNWIND range(1, {WRITTEN}) AS i "
                     "CREATE (:Person {{id: '{prefix}' + string(i)}})")
        print("checkpoint", flush=True)
        conn.execute("CHECKPOINT")
    """)
    try:
        assert child.stdout.readline().strip() == "checkpoint"
        waited = time.monotonic() + 5
        shadow = db.with_name(db.name + ".shadow")
        while not shadow.exists() and time.monotonic() < waited:
            pass
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    with pytest.raises(RuntimeError, match="checkpoint recovery is pending"):
        ladybug.Database(str(db), read_only=True)


def test_a_writer_killed_mid_checkpoint_is_recovered_by_an_append_and_by_readers(
        tmp_path: Path) -> None:
    db = tmp_path / "netan.db"
    EmbeddedStore(db).write_import(graph_data(*sample_rows()))
    _leave_a_pending_checkpoint(db, "w")
    before = digest(db)
    with EmbeddedStore(db) as store:  # an append reads a recovered copy
        store.write_import(graph_data({PERSON: [{"id": "next"}]}), "append")
    assert digest(db) != before and files_beside(db, ENGINE_FILES) == []
    assert count_people(db) == 3 + WRITTEN + 1
    _leave_a_pending_checkpoint(db, "v")
    assert count_people(db) == 3 + 2 * WRITTEN + 1  # a reader lets the engine recover


def test_old_leftovers_of_a_killed_checkpoint_do_not_block_imports(tmp_path: Path) -> None:
    """netan 0.1 built at ``<db>.staging``; a kill in its checkpoint left these behind."""
    db = tmp_path / "netan.db"
    EmbeddedStore(db).write_import(graph_data(*sample_rows()))
    for name in ("netan.db.staging", "netan.db.staging.wal", "netan.db.staging.wal.checkpoint",
                 "netan.db.staging.shadow"):
        (tmp_path / name).write_bytes(os.urandom(4096))
    with EmbeddedStore(db) as store:
        store.write_import(graph_data({PERSON: [{"id": "next"}]}), "append")
        assert store.leftovers() == []
    assert people(db) == SAMPLE_PEOPLE | {"next"}


# -- a full disk ---------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 6 MB tmpfs of its own (needs root; skipped, and said so, where it cannot mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({done.stderr.strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_gives_a_true_message_and_leaves_the_old_store(small_disk: Path) -> None:
    db = small_disk / "netan.db"
    EmbeddedStore(db).write_import(graph_data(*sample_rows()))
    before = digest(db)
    with EmbeddedStore(db) as store, pytest.raises(StoreError) as refused:
        store.write_import(graph_data({PERSON: [{"id": f"p{i}", "name": "n" * 200}
                                                for i in range(60_000)]}), "replace")
    message = str(refused.value)
    assert message.startswith("the disk is full")
    assert f"the store {db} is as it was" in message
    assert "durable" not in message and "\n" not in message
    assert digest(db) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["netan.db", "netan.db.lock"]
    assert people(db) == SAMPLE_PEOPLE
    with EmbeddedStore(db) as store:  # the space came back with the staging folder
        store.write_import(graph_data({PERSON: [{"id": "next"}]}), "append")
    assert people(db) == SAMPLE_PEOPLE | {"next"}
