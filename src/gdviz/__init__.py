"""gdviz: animated pictures of gradient descent fitting a line.

Data flows one way: Dataset -> train() (or your loop + Recorder) -> History ->
Animation -> file. Importing gdviz does not import matplotlib; Animation and render
load it on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .data.csvfile import load_csv
from .data.dataset import Dataset, make_data
from .errors import GdvizError, GdvizWarning
from .explore import Page, explore
from .history import History
from .data.moments import least_squares, loss_surface
from .recorder import Recorder
from .training.train import train
from .training.tune import tune
from .version import __version__
from . import optimizers  # noqa: F401  the documented path gdviz.optimizers

if TYPE_CHECKING:  # what __getattr__ loads on first use, as type checkers see it
    from .drawing import plot
    from .drawing.animation import Animation, render
    from .notebook import widget

__all__ = [
    "Animation",
    "Dataset",
    "GdvizError",
    "GdvizWarning",
    "History",
    "Page",
    "Recorder",
    "__version__",
    "explore",
    "least_squares",
    "load_csv",
    "loss_surface",
    "make_data",
    "plot",
    "render",
    "train",
    "tune",
    "widget",
]

_LAZY = {"Animation": "drawing.animation", "render": "drawing.animation", "plot": "drawing.plot",
         "widget": "notebook"}
#: Names in _LAZY that are a module itself: ``gdviz.plot.fit(...)``.
_MODULES = {"plot"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        value = module if name in _MODULES else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gdviz' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
