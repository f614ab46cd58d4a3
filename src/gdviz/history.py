"""History: what one training run did, epoch by epoch, frozen and serialisable."""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .data import Dataset
from .errors import GdvizError

__all__ = ["History", "FORMAT_VERSION"]

#: Version of the .npz layout written by History.save; bumped on incompatible changes.
FORMAT_VERSION = 1

_ARRAYS = ("epoch", "w0", "w1", "loss", "grad_w0", "grad_w1")


def _frozen(values, dtype) -> np.ndarray:
    arr = np.array(values, dtype=dtype, copy=True).reshape(-1)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class History:
    """One row per recorded epoch of a training run.

    Attributes
    ----------
    epoch : numpy.ndarray of int64, shape (E,)
        Epoch number, counting from 0.
    w0, w1 : numpy.ndarray of float64, shape (E,)
        The weights that epoch's forward pass used, in the coordinates training ran in.
    loss : numpy.ndarray of float64, shape (E,)
        SSE = 1/2 * sum (y - y_hat)^2 at those weights, in the data's units.
    grad_w0, grad_w1 : numpy.ndarray of float64, shape (E,)
        dE/dw0 = sum (y_hat - y) and dE/dw1 = sum (y_hat - y) * x at those weights.
    data : Dataset
        The points trained on, in their own units.
    meta : dict
        ``format_version``, ``gdviz_version``, ``optimizer``, ``eta``, ``seed``,
        ``epochs`` and whatever the trainer adds (JSON-serialisable values only):
        :func:`gdviz.train` adds ``eta_reason``, ``eta_max``, ``scale``,
        ``scale_reason``, ``condition_number`` (as trained), ``condition_number_data``
        (x as given), ``sse_least_squares``, ``gap``, ``diverged_at`` when it blew up,
        ``x_name``/``y_name`` for named columns, and ``x_shift``/``x_scale`` when x was
        standardised.

    Notes
    -----
    When training ran on x' = (x - x_shift) / x_scale, the weights are those of
    y = w1 x' + w0, and :attr:`slope` = w1 / x_scale, :attr:`intercept` =
    w0 - slope * x_shift give the same line in the data's units.
    """

    epoch: np.ndarray
    w0: np.ndarray
    w1: np.ndarray
    loss: np.ndarray
    grad_w0: np.ndarray
    grad_w1: np.ndarray
    data: Dataset
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "epoch", _frozen(self.epoch, np.int64))
        for name in _ARRAYS[1:]:
            object.__setattr__(self, name, _frozen(getattr(self, name), np.float64))
        lengths = {name: getattr(self, name).size for name in _ARRAYS}
        if len(set(lengths.values())) != 1:
            raise GdvizError(f"History arrays must all have one length; got {lengths}.")
        if lengths["epoch"] == 0:
            raise GdvizError("A History needs at least one recorded epoch; record before you call history().")
        for name in _ARRAYS[1:]:
            bad = np.flatnonzero(~np.isfinite(getattr(self, name)))
            if bad.size:
                raise GdvizError(
                    f"History `{name}` must be finite; row {bad[0]} is {getattr(self, name)[bad[0]]!r}: "
                    "drop the rows from where training diverged (Recorder.history() does this for you)."
                )
        if not isinstance(self.data, Dataset):
            raise GdvizError(f"`data` must be a gdviz.Dataset; got {type(self.data).__name__}.")
        meta = dict(self.meta)
        meta.setdefault("format_version", FORMAT_VERSION)
        try:
            json.dumps(meta)
        except (TypeError, ValueError) as exc:
            raise GdvizError(f"History meta must hold JSON values (numbers, strings, lists, dicts); {exc}.") from None
        object.__setattr__(self, "meta", meta)

    def __len__(self) -> int:
        return int(self.epoch.size)

    def __repr__(self) -> str:
        return (
            f"History({len(self)} epochs, optimizer={self.meta.get('optimizer')!r}, "
            f"eta={self.meta.get('eta')!r}, final SSE={self.loss[-1]:.6g})"
        )

    # The line in the data's own units. Training may run on shifted and scaled x,
    # x' = (x - x_shift) / x_scale; then y = w1*x' + w0 = (w1/x_scale)*x + (w0 - w1*x_shift/x_scale).
    @property
    def slope(self) -> np.ndarray:
        """Slope of the fitted line at every epoch, in the data's units."""
        return self.w1 / float(self.meta.get("x_scale", 1.0))

    @property
    def intercept(self) -> np.ndarray:
        """Intercept of the fitted line at every epoch, in the data's units."""
        shift = float(self.meta.get("x_shift", 0.0))
        return self.w0 - self.slope * shift

    def save(self, path) -> Path:
        """Write the history to a ``.npz`` file (no pickles); returns the path written."""
        from ._files import atomic_path

        path = Path(os.fspath(path))
        if path.suffix.lower() != ".npz":
            raise GdvizError(f"A history is saved as .npz; got {str(path)!r}: use a name ending in .npz.")
        arrays = {name: getattr(self, name) for name in _ARRAYS}
        arrays["x"] = self.data.x
        arrays["y"] = self.data.y
        arrays["meta"] = np.array(json.dumps(self.meta, sort_keys=True))
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as fh:
                np.savez(fh, **arrays)
        return path

    @classmethod
    def load(cls, path) -> "History":
        """Read a history written by :meth:`save`."""
        path = Path(os.fspath(path))
        if not path.is_file():
            raise GdvizError(f"No history file at {str(path)!r}; write one with `gdviz train -o {path.name}`.")
        try:
            with np.load(path, allow_pickle=False) as npz:
                missing = [k for k in (*_ARRAYS, "x", "y", "meta") if k not in npz.files]
                if missing:
                    raise GdvizError(
                        f"{str(path)!r} is not a gdviz history (it lacks {', '.join(missing)}); "
                        "write one with `gdviz train -o run.npz` or History.save."
                    )
                arrays = {k: npz[k] for k in (*_ARRAYS, "x", "y")}
                meta_text = str(npz["meta"][()])
        except GdvizError:
            raise
        except (OSError, ValueError, zipfile.BadZipFile, EOFError, KeyError) as exc:
            raise GdvizError(
                f"{str(path)!r} is not a readable gdviz history ({type(exc).__name__}: {exc}); "
                "write it again with `gdviz train -o run.npz`."
            ) from None
        try:
            meta = json.loads(meta_text)
        except ValueError:
            raise GdvizError(f"The metadata in {str(path)!r} is corrupt; write the history again.") from None
        if not isinstance(meta, dict):
            raise GdvizError(f"The metadata in {str(path)!r} is corrupt; write the history again.")
        version = meta.get("format_version")
        if version != FORMAT_VERSION:
            raise GdvizError(
                f"{str(path)!r} has history format_version {version!r}, but this gdviz reads version "
                f"{FORMAT_VERSION}; write it again with this gdviz."
            )
        data = Dataset(arrays.pop("x"), arrays.pop("y"))
        return cls(data=data, meta=meta, **arrays)
