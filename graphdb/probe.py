"""Opening the embedded store once in a forked child before this process opens it.

LadybugDB crashes (SIGSEGV) opening a file whose catalogue bytes are damaged, taking
the whole process with it. So the store is first opened, read-only, in a forked child,
once per version of the file (path, inode, size, modification time); the signal that
killed the child, if any, tells :mod:`netan.graphdb.embedded` to name the store as
damaged instead. A probe costs one open (about 0.03 s on the Wales store).

The command line starts the probe as it starts a command (:func:`start_probe`), so the
child opens the store while this process loads the rest of netan; the store's first
open then only collects the answer. This module imports nothing of netan's and
imports the engine in the child only.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

__all__ = ["crashes_on_open", "start_probe"]

_Key = tuple[str, int, int, int]
#: Versions of stores probed by this process -> the signal that killed the probe, or None.
_PROBED: dict[_Key, int | None] = {}
#: Versions being probed -> the child's process id.
_PROBING: dict[_Key, int] = {}


def _version(path: Path) -> _Key | None:
    """The version of the file at ``path`` (None when there is none)."""
    try:
        stat = path.stat()
        return str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns
    except OSError:
        return None


def _fork_probe(path: Path) -> int:
    """A child that opens the store at ``path`` read-only and leaves: its process id."""
    child = os.fork()
    if child == 0:  # pragma: no cover - the child leaves at once, without cleanup
        code = 1
        with contextlib.suppress(BaseException):
            import ladybug

            ladybug.Database(str(path), read_only=True).close()
            code = 0
        os._exit(code)
    return child


def start_probe(path: str | os.PathLike[str]) -> None:
    """Start probing the store file at ``path`` now, if there is one and forking is
    safe (no other thread runs, whose locks would stay locked in the child)."""
    key = _version(Path(path))
    if (key is None or key in _PROBED or key in _PROBING or not hasattr(os, "fork")
            or threading.active_count() > 1):
        return
    _PROBING[key] = _fork_probe(Path(path))


def crashes_on_open(path: Path) -> int | None:
    """The signal that kills a process opening the store at ``path``, or None: from
    the probe started earlier for this version of the file, else from one run now."""
    key = _version(path)
    if key is None or not hasattr(os, "fork"):
        return None
    if key not in _PROBED:
        child = _PROBING.pop(key, None)
        _, status = os.waitpid(child if child is not None else _fork_probe(path), 0)
        _PROBED[key] = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    return _PROBED[key]
