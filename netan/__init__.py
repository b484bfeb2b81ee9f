"""netan: a network analyser for health and social care partnerships."""

from typing import Any


def __getattr__(name: str) -> Any:
    """``netan.__version__``, read from the installed metadata on first use (not at import:
    importlib.metadata is slow to load, and `netan --help` should be quick)."""
    if name != "__version__":
        raise AttributeError(f"module 'netan' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("netan")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0+source"
