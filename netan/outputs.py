"""Writing report and view files without clobbering anything.

Two rules for every file netan writes (``netan report --out`` with or without
``--by``, ``netan compare --out``, ``netan view --out/--png/--svg``):

* **Never over an input.** A target may not be the store (for a comparison,
  either store), its WAL, lock or staging files, or the pseudonymisation salt
  (:func:`protected_paths`); a view must end in ``.html`` and its picture in
  ``.png``/``.svg``/``.pdf``, so no CSV, workbook or JSON input can be
  overwritten by a slip of the tab key.
* **Never half written.** Files are written into a temporary folder first and
  moved into place one by one with ``os.replace`` (atomic on one file system):
  a target is either the old file or the complete new one, also when netan is
  killed; the temporary folder is removed on any error.

Problems are :class:`OutputRefused` (a ``ValueError``: the CLI prints one line).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["OutputRefused", "check_file", "protected_paths", "staged_files"]

#: Suffixes a view page and its static picture may have.
VIEW_SUFFIXES = (".html", ".htm")
PICTURE_SUFFIXES = (".png", ".svg", ".pdf")


class OutputRefused(ValueError):
    """An output path netan will not write to (one line, names the path)."""


def protected_paths(location: str | os.PathLike[str] | None,
                    salt_file: str | os.PathLike[str] | None = None) -> list[Path]:
    """The files a report or view must never overwrite: the embedded store
    ``location`` and every ``<store>.*`` file beside it (WAL, lock, staging), and
    the salt file."""
    paths: list[Path] = []
    if location and "://" not in os.fspath(location):
        store = Path(location).resolve()
        paths.append(store)
        with contextlib.suppress(OSError):
            paths += [p.resolve() for p in store.parent.glob(f"{glob.escape(store.name)}.*")]
        paths += [store.with_name(store.name + suffix) for suffix in (".wal", ".lock",
                                                                     ".staging")]
    if salt_file:
        paths.append(Path(salt_file).resolve())
    return paths


def _same(path: Path, protected: Iterable[Path]) -> Path | None:
    """The protected path ``path`` names (resolved, or the same file by inode), if any."""
    resolved = path.resolve()
    for guarded in protected:
        if resolved == guarded:
            return guarded
        with contextlib.suppress(OSError):
            if path.exists() and guarded.exists() and os.path.samefile(path, guarded):
                return guarded
    return None


def check_file(path: str | os.PathLike[str], suffixes: tuple[str, ...],
               protected: Iterable[Path], option: str = "--out") -> Path:
    """``path`` as a file netan may write: the right suffix, not a folder, not protected."""
    target = Path(path)
    if not os.fspath(path) or target.name in ("", ".", ".."):
        raise OutputRefused(f"{option} needs a file name ending in {' or '.join(suffixes)}")
    if target.is_dir():
        raise OutputRefused(f"{option} {target} is a folder; give a file name ending in "
                            f"{' or '.join(suffixes)}")
    if target.suffix.lower() not in suffixes:
        raise OutputRefused(f"{option} {target} must end in {' or '.join(suffixes)} "
                            "(netan never writes over a data file)")
    guarded = _same(target, protected)
    if guarded is not None:
        raise OutputRefused(f"{option} {target} is {guarded}, which netan reads; "
                            "choose another file")
    return target


def check_folder(path: str | os.PathLike[str], names: Iterable[str],
                 protected: Iterable[Path], option: str = "--out") -> Path:
    """``path`` as a folder to write ``names`` into: not a file, no name a protected file."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(f"{option} {folder} is a file; give a folder for the report")
    guarded = _same(folder, protected)
    if guarded is not None:
        raise OutputRefused(f"{option} {folder} is {guarded}, which netan reads; "
                            "choose another folder")
    for name in names:
        guarded = _same(folder / name, protected)
        if guarded is not None:
            raise OutputRefused(f"{option} {folder} would overwrite {guarded}, which netan "
                                "reads; choose another folder")
    return folder


@contextlib.contextmanager
def staged_files(folder: Path) -> Iterator[Path]:
    """A temporary folder inside ``folder`` to write into; on success every file in it
    is moved to the same place under ``folder`` (``os.replace``), on error nothing is.

    ``folder`` is created if needed. Write errors (permission, a full disk, a
    read-only or virtual file system) become :class:`OutputRefused`.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".netan-writing-", dir=folder))
    except OSError as problem:
        raise OutputRefused(f"cannot write to {folder}: {problem.strerror or problem}") from None
    try:
        yield staging
        for source in sorted(p for p in staging.rglob("*") if p.is_file()):
            target = folder / source.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():
                raise OutputRefused(f"cannot write {target}: a folder is in the way")
            os.replace(source, target)
    except OSError as problem:
        where = problem.filename or folder
        raise OutputRefused(f"cannot write {where}: {problem.strerror or problem}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
