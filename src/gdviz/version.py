"""The installed gdviz's version, read from the package metadata (one place: pyproject.toml)."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("gdviz")
except _metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0+unknown"
