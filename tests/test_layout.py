"""The one-way flow of docs/design.md: no package imports one downstream of it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: What each top-level package may import of netan (besides itself).
ALLOWED: dict[str, set[str]] = {
    "kernels": set(),  # the fast counting under the analyses: numpy, scipy, networkx only
    "graphdb": {"kernels"},
    "importers": {"graphdb"},
    "queries": {"graphdb", "kernels"},
    "reporting": {"graphdb", "queries"},
    "visualisations": {"graphdb", "kernels", "queries"},
    "cli": {"graphdb", "importers", "queries", "reporting", "visualisations", "api"},
}


def netan_imports(package: str) -> dict[str, set[str]]:
    """For each module of ``package``, the netan packages it imports (at any depth)."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for module in modules:
                parts = module.split(".")
                if parts[0] == "netan" and len(parts) > 1:
                    names.add(parts[1])
        found[str(path.relative_to(REPO))] = names - {package}
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_upstream(package: str) -> None:
    wrong = {module: sorted(names - ALLOWED[package])
             for module, names in netan_imports(package).items() if names - ALLOWED[package]}
    assert not wrong, f"{package} imports downstream packages: {wrong}"


def test_graphdb_stores_import_the_contract_one_way() -> None:
    """The stores import the contract (graphdb.store); the contract imports no store."""
    tree = ast.parse((REPO / "graphdb" / "store.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"netan.graphdb.embedded", "netan.graphdb.neo4j_store"}
