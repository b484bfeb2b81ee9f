"""Files and folders the importing user may not read: one clear error, never a traceback.

The permission checks are the kernel's own: the files are ``chmod 000`` and, when
the tests run as root (who reads everything), the import runs with the effective
user ``nobody`` for its duration.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from netan.importers import load_import

NOBODY = 65534


def warm_up() -> None:
    """Read one readable file of each kind, so every module and codec is loaded."""
    import openpyxl

    with tempfile.TemporaryDirectory() as scratch:
        book = openpyxl.Workbook()
        book.active.title = "people"
        book.active.append(["id", "name"])
        book.save(Path(scratch) / "p.xlsx")
        (Path(scratch) / "p.json").write_text('{"people": []}', encoding="utf-8")
        (Path(scratch) / "people.csv").write_bytes(b"\xef\xbb\xbfid,name\n\xe2")
        for name in ("p.xlsx", "p.json", "people.csv"):
            load_import(Path(scratch) / name)


@contextlib.contextmanager
def without_root() -> Iterator[None]:
    """Run the block as ``nobody`` when running as root (permissions then apply)."""
    if os.geteuid() != 0:
        yield
        return
    warm_up()  # what Python loads lazily must be loaded while root can still read it
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder anyone may enter (``tmp_path`` is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="netan-unreadable-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for item in path.rglob("*"):
            item.chmod(0o700)
        shutil.rmtree(path)


def unreadable(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    path.chmod(0o000)
    return path


@pytest.mark.parametrize("name", ["people.csv", "partnership.json", "partnership.xlsx"])
def test_an_unreadable_file_is_one_error(folder: Path, name: str) -> None:
    path = unreadable(folder / name, "id,name\np-1,Ann\n")
    with without_root():
        result = load_import(path)
    assert result.data is None
    assert [str(p) for p in result.errors] == [f"{name}: cannot be read: Permission denied"]


def test_an_unreadable_file_in_a_folder_is_one_error(folder: Path) -> None:
    (folder / "agencies.csv").write_text("id,name\nag-1,HA\n", encoding="utf-8")
    (folder / "agencies.csv").chmod(0o644)
    unreadable(folder / "people.csv", "id,name,employer\np-1,Ann,ag-1\n")
    with without_root():
        result = load_import(folder)
    assert [str(p) for p in result.errors] == ["people.csv: cannot be read: Permission denied"]


def test_an_unreadable_folder_is_one_error(folder: Path) -> None:
    inner = folder / "data"
    inner.mkdir()
    (inner / "people.csv").write_text("id,name\np-1,Ann\n", encoding="utf-8")
    inner.chmod(0o000)
    with without_root():
        result = load_import(inner)
    assert [str(p) for p in result.errors] == [f"{inner}: cannot be read: Permission denied"]
