"""The installed distribution: only `netan.*`, with its data files, and a working console script."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_holds_only_the_netan_package_and_its_data(tmp_path: Path) -> None:
    # Build from a copy of the tracked files, so the checkout gets no build/ or egg-info.
    source = tmp_path / "source"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w",
                            str(tmp_path), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    # every shipped folder is a listed package: setuptools has nothing to warn about
    assert "is absent from the `packages` configuration" not in built.stdout + built.stderr
    wheel = next(tmp_path.glob("netan-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names}
    assert top == {"netan", next(t for t in top if t.endswith(".dist-info"))}
    for module in ("netan/cli/main.py", "netan/graphdb/schema.py", "netan/importers/__init__.py",
                   "netan/reporting/report.py", "netan/visualisations/build.py",
                   "netan/reporting/html.py", "netan/api.py"):
        assert module in names, module
    assert any(n.startswith("netan/queries/cypher/") and n.endswith(".cypher") for n in names)
    assert "netan/visualisations/assets/view.js" in names


def test_console_script_runs() -> None:
    script = Path(sys.executable).with_name("netan")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    for command in ("import", "query", "report", "view", "schema", "init"):
        assert command in result.stdout


def test_console_script_flushes_its_output_and_keeps_exit_codes(tmp_path: Path) -> None:
    """The script freezes what is alive before it leaves (no last collection): nothing
    printed may be lost and every exit code must survive -- success, a refused command,
    a usage error."""
    script = str(Path(sys.executable).with_name("netan"))
    schema = subprocess.run([script, "schema"], capture_output=True, text=True)
    assert schema.returncode == 0
    assert "edges.csv" in schema.stdout.splitlines()[-2]  # the last table row arrived
    refused = subprocess.run([script, "query", "CREATE (n:Person {id: 'x'})", "--db",
                              str(tmp_path / "store.db")], capture_output=True, text=True)
    assert refused.returncode == 1
    assert "pass --write" in refused.stdout + refused.stderr
    usage = subprocess.run([script, "no-such-command"], capture_output=True, text=True)
    assert usage.returncode == 2 and "no-such-command" in usage.stderr
