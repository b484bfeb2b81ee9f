"""Run queries through the real embedded store in a child process, for tests.

A query that got past the gate could crash the engine (SIGSEGV) and with it the
process; run here, it fails the test instead of killing pytest. Reads JSON from
stdin, ``{"store": path, "sandbox": path, "ids": [case ids of
tests/hostile_queries.py]}``, and prints one JSON result per case: ``{"id",
"outcome": "ok" | "refused", "message", "rows", "store_changed",
"outside_changed"}``. The store
is opened read-only for read cases and for writing for ``write`` cases (the
refusals must hold with --write too), as `netan query` does.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from hostile_queries import CASES

from netan.graphdb.embedded import EmbeddedStore
from netan.graphdb.store import StoreError


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (sorted paths)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_case(store_path: str, sandbox: Path, case_id: str, query: str,
             options: dict[str, Any]) -> dict[str, Any]:
    store_folder = Path(store_path).parent
    before = snapshot(sandbox)
    result: dict[str, Any] = {"id": case_id}
    write = bool(options.get("write"))
    with EmbeddedStore(store_path, read_only=not write) as store:
        try:
            rows = store.query(query.replace("{sandbox}", str(sandbox)), options.get("params"),
                               write=write)
            result.update(outcome="ok", rows=len(rows.rows), message="")
        except StoreError as refused:
            result.update(outcome="refused", message=str(refused))
    after = snapshot(sandbox)
    inside = str(store_folder.relative_to(sandbox))
    changed = {name for name in before.keys() | after.keys()
               if before.get(name) != after.get(name)}
    result["store_changed"] = sorted(n for n in changed if n.startswith(inside + "/")
                                     and not n.endswith(".lock"))
    result["outside_changed"] = sorted(n for n in changed if not n.startswith(inside + "/"))
    return result


def main() -> None:
    job = json.load(sys.stdin)
    sandbox = Path(job["sandbox"])
    cases = {case_id: (query, options) for case_id, query, _, options in CASES}
    for case_id in job["ids"]:
        query, options = cases[case_id]
        print(json.dumps(run_case(job["store"], sandbox, case_id, query, options)), flush=True)


if __name__ == "__main__":
    main()
