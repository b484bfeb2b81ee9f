"""netan: a network analyser for health and social care partnerships."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("netan")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"
