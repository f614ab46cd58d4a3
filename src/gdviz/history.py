"""History: what one training run did, epoch by epoch, frozen and serialisable."""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional
from zlib import error as zlib_error

import numpy as np

from .data.dataset import Dataset
from .errors import GdvizError

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from numpy.typing import ArrayLike, DTypeLike

    from .files import PathLike

__all__ = ["History", "FORMAT_VERSION"]

#: Version of the .npz layout written by History.save; bumped on incompatible changes.
FORMAT_VERSION = 1

_ARRAYS = ("epoch", "w0", "w1", "loss", "grad_w0", "grad_w1")
#: Arrays a History may have, and an .npz may hold (files saved before them load without).
_OPTIONAL = ("ahead_w0", "ahead_w1")
#: The array a history file holds only when a learning-rate schedule set η per epoch (History.etas).
_SCHEDULED = "eta"


def _frozen(values: ArrayLike, dtype: DTypeLike) -> np.ndarray:
    arr = np.array(values, dtype=dtype, copy=True).reshape(-1)
    arr.setflags(write=False)
    return arr


def _numbers(name: str, values: Any) -> np.ndarray:
    """`values` as a flat float64 array, or a GdvizError naming `name`."""
    try:
        arr = np.asarray(values)
        if arr.dtype.kind == "O":  # e.g. a list of 1-element arrays; None would become NaN
            if any(v is None for v in arr.reshape(-1)):
                raise TypeError
            arr = np.asarray(arr.tolist(), dtype=np.float64)
    except (TypeError, ValueError):
        arr = None
    if arr is None or arr.dtype.kind not in "iuf":
        what = "mixed values" if arr is None else f"values of type {arr.dtype}"
        raise GdvizError(f"History `{name}` must be an array of real numbers; got {what}.")
    return _frozen(arr, np.float64)


def _first_bad(arr: np.ndarray) -> str:
    bad = np.flatnonzero(~np.isfinite(arr))
    if not bad.size:
        return ""
    more = f" ({bad.size} such rows)" if bad.size > 1 else ""
    return f"row {bad[0]} is {float(arr[bad[0]])!r}{more}"


def _check_etas(values: Any, rows: int) -> np.ndarray:
    """A learning-rate schedule's η per row: `rows` finite numbers > 0, or a GdvizError."""
    arr = _numbers("etas", values)
    if arr.size != rows:
        raise GdvizError(f"History `etas` must hold one learning rate per row ({rows}); got {arr.size}.")
    if not (np.isfinite(arr) & (arr > 0)).all():
        raise GdvizError("History `etas` must be finite learning rates > 0, one per row.")
    return arr


def _check_meta(meta: dict) -> dict:
    """Normalise numpy scalars and check the fields drawing relies on."""
    out = {}
    for key, value in meta.items():
        if not isinstance(key, str):
            raise GdvizError(f"History meta keys must be strings; got {key!r}.")
        out[key] = value.item() if isinstance(value, np.generic) else value
    for key in ("eta", "x_shift", "x_scale"):
        value = out.get(key)
        if value is None and key == "eta":
            continue
        if key not in out:
            continue
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value)
        if not ok or (key == "x_scale" and value == 0):
            need = "a finite number other than 0" if key == "x_scale" else "a finite number"
            raise GdvizError(f"History meta[{key!r}] must be {need}" + (" or None" if key == "eta" else "")
                             + f"; got {value!r}.")
    epochs = out.get("epochs")
    if epochs is not None and (isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1):
        raise GdvizError(f"History meta['epochs'] must be a whole number of at least 1 or None; got {epochs!r}.")
    return out


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
    ahead_w0, ahead_w1 : numpy.ndarray of float64, shape (E,), or None
        Nesterov's look-ahead gradient: the dE/dw0 and dE/dw1 its update at row k took
        at w - eta*beta*v (None for other optimizers, a Recorder's history and files
        saved before gdviz recorded them). With the rows they replay its velocity.
    meta : dict
        ``format_version``, ``gdviz_version``, ``optimizer``, ``eta``, ``seed``,
        ``epochs`` and whatever the trainer adds (JSON-serialisable values only):
        :func:`gdviz.train` adds ``hyperparameters`` (the optimizer's, with the values
        used; ``{}`` for gd), ``eta_reason``, ``eta_max``, ``scale``,
        ``scale_reason``, ``condition_number`` (as trained), ``condition_number_data``
        (x as given), ``sse_least_squares``, ``gap``, ``diverged_at`` when it blew up,
        ``x_name``/``y_name`` for named columns, ``x_shift``/``x_scale`` when x was
        standardised, ``rows_dropped`` when the table had rows with a missing x or y,
        and ``x_dates`` (True) when x are dates held as decimal years (train() and
        Recorder.history() copy the last two from the Dataset); ``schedule``, the
        learning-rate schedule's spec, when train() had one.
    etas : numpy.ndarray of float64, shape (E,), or None
        The learning rate each epoch's update used, when a learning-rate schedule
        changed it (saved as ``eta`` in the ``.npz``); None when every epoch used
        ``meta["eta"]``. Read either through :meth:`eta_at`.

    Raises
    ------
    GdvizError
        Arrays of different lengths, empty, or holding anything but finite real
        numbers; epochs that are not whole numbers increasing from 0 or more; `data`
        not a Dataset; `meta` not a dict of JSON values (or its ``eta``, ``x_shift``,
        ``x_scale``, ``epochs`` of the wrong kind).

    Notes
    -----
    Row k holds the weights epoch k starts from, before its update, and the SSE and
    gradient of the *full* data there, whatever the optimizer (sgd, whose steps use
    batches, included), so the loss curves of different optimizers compare:

        E(w0, w1)  = 1/2 * sum_i (y_i - w1 x_i - w0)^2
        dE/dw0     = sum_i (w1 x_i + w0 - y_i)
        dE/dw1     = sum_i (w1 x_i + w0 - y_i) * x_i

    When training ran on x' = (x - x_shift) / x_scale, the weights are those of
    y = w1 x' + w0 (and the gradients are taken with x'), and :attr:`slope` =
    w1 / x_scale, :attr:`intercept` = w0 - slope * x_shift give the same line in the
    data's units. `loss` is in the data's units either way (y is never scaled).

    A History is frozen: its arrays are read-only, and it is what
    :class:`gdviz.Animation`, :func:`gdviz.render` and :func:`gdviz.explore` read;
    they never train.

    Examples
    --------
    >>> history = gdviz.train(gdviz.make_data(seed=0), seed=0)
    >>> history
    History(300 epochs, optimizer='gd', eta=0.001, final SSE=0.979229)
    >>> history.loss[[0, -1]]          # the SSE before the first step and at the last epoch
    array([734.3406988,   0.9792293])
    >>> history.slope[-1], history.intercept[-1]   # the line, in the data's units
    """

    epoch: np.ndarray
    w0: np.ndarray
    w1: np.ndarray
    loss: np.ndarray
    grad_w0: np.ndarray
    grad_w1: np.ndarray
    data: Dataset
    meta: dict = field(default_factory=dict)
    ahead_w0: Optional[np.ndarray] = None
    ahead_w1: Optional[np.ndarray] = None
    etas: Optional[np.ndarray] = None

    def __post_init__(self) -> None:
        given = [name for name in _OPTIONAL if getattr(self, name) is not None]
        if given and len(given) != len(_OPTIONAL):
            raise GdvizError(f"History needs both {' and '.join(_OPTIONAL)} or neither; got only {given[0]}.")
        arrays = {name: _numbers(name, getattr(self, name)) for name in (*_ARRAYS, *given)}
        lengths = {name: arr.size for name, arr in arrays.items()}
        if len(set(lengths.values())) != 1:
            raise GdvizError(f"History arrays must all have one length; got {lengths}.")
        if lengths["epoch"] == 0:
            raise GdvizError("A History needs at least one recorded epoch; record before you call history().")
        for name, arr in arrays.items():
            where = _first_bad(arr)
            if where:
                raise GdvizError(
                    f"History `{name}` must be finite, but {where}: drop the rows from where training "
                    "diverged (Recorder.history() does this for you)."
                )
        epoch = arrays["epoch"]
        if (epoch != np.round(epoch)).any() or epoch[0] < 0 or (np.diff(epoch) <= 0).any() or epoch[-1] >= 2**53:
            raise GdvizError("History `epoch` must be increasing whole numbers from 0 up, one per row, "
                             f"like 0, 1, 2, ...; got {epoch[:4].tolist()}{' ...' if epoch.size > 4 else ''}.")
        arrays["epoch"] = _frozen(epoch, np.int64)
        for name, arr in arrays.items():
            object.__setattr__(self, name, arr)
        if not isinstance(self.data, Dataset):
            raise GdvizError(f"`data` must be a gdviz.Dataset; got {type(self.data).__name__}.")
        if not isinstance(self.meta, dict):
            raise GdvizError(f"History `meta` must be a dict; got {type(self.meta).__name__}.")
        meta = _check_meta(self.meta)
        meta.setdefault("format_version", FORMAT_VERSION)
        try:
            json.dumps(meta)
        except (TypeError, ValueError) as exc:
            raise GdvizError(f"History meta must hold JSON values (numbers, strings, lists, dicts); {exc}.") from None
        object.__setattr__(self, "meta", meta)
        if self.etas is not None:
            object.__setattr__(self, "etas", _check_etas(self.etas, lengths["epoch"]))

    def __len__(self) -> int:
        return int(self.epoch.size)

    def __repr__(self) -> str:
        return (
            f"History({len(self)} epochs, optimizer={self.meta.get('optimizer')!r}, "
            f"eta={self.meta.get('eta')!r}, final SSE={self.loss[-1]:.6g})"
        )

    def eta_at(self, k: int) -> Optional[float]:
        """The learning rate epoch `k`'s update used, or None when the run does not say.

        The per-epoch η a learning-rate schedule recorded (:attr:`etas`) when there is
        one, else ``meta["eta"]`` (the same every epoch; None for a Recorder's history
        given no ``eta=``). Whatever reads the learning rate of an epoch (the maths
        panel, the state's replay) reads it here.

        Parameters
        ----------
        k : int
            A row of the history, 0 to ``len(history) - 1``.

        Returns
        -------
        float or None
            η for that epoch's update.

        Raises
        ------
        GdvizError
            `k` not a row of the history.
        """
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < len(self):
            raise GdvizError(f"`k` must be a row of the history, a whole number from 0 to {len(self) - 1}; got {k!r}.")
        if self.etas is not None:
            return float(self.etas[k])
        eta = self.meta.get("eta")
        return None if eta is None else float(eta)

    @property
    def scaled(self) -> bool:
        """True when training ran on shifted/scaled x (``meta["x_shift"]``, ``meta["x_scale"]``)."""
        return "x_shift" in self.meta or "x_scale" in self.meta

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

    def plot(self, *, size: tuple[float, float] = (10.0, 4.0), theme: str = "light") -> Figure:
        """A static picture of the run: the SSE by epoch, and the path over the SSE contours.

        Parameters
        ----------
        size : (float, float), default (10, 4)
            Figure size in inches (100 dpi).
        theme : {"light", "dark"}, default "light"
            The colours, as for :class:`gdviz.Animation`.

        Returns
        -------
        matplotlib.figure.Figure
            Not attached to pyplot; save it with ``fig.savefig("run.png")``. matplotlib
            is imported only now (training never imports it). A notebook shows it as a
            picture whether or not pyplot was imported (it carries its own ``_repr_png_``).

        Raises
        ------
        GdvizError
            An unknown `theme`.

        Notes
        -----
        The contours are E(w0, w1) = 1/2 sum (y - w1 x - w0)^2 in the coordinates the
        run trained in; the dashed line is the least-squares SSE, the floor the loss
        curve approaches. In a notebook a History displays as this figure
        (``_repr_png_``).

        Examples
        --------
        >>> fig = history.plot()
        >>> fig.savefig("run.png")
        """
        from .drawing.historyplot import plot_history

        return plot_history(self, size=size, theme=theme)

    def _repr_png_(self) -> bytes:
        """What a notebook shows for a History: :meth:`plot` as PNG."""
        from .drawing.historyplot import png_bytes

        return png_bytes(self)

    def save(self, path: PathLike) -> Path:
        """Write the history to a ``.npz`` file (no pickles); returns the path written.

        Parameters
        ----------
        path : str or path-like
            A file name ending in ``.npz``. Its folder is created if missing; the file
            appears only when complete (written beside it, then renamed onto it).

        Returns
        -------
        pathlib.Path
            `path`.

        Raises
        ------
        GdvizError
            `path` does not end in ``.npz``.

        Notes
        -----
        A plain numpy archive: the arrays ``epoch``, ``w0``, ``w1``, ``loss``,
        ``grad_w0``, ``grad_w1``, ``x`` and ``y`` (and ``ahead_w0``, ``ahead_w1`` when
        the History has them), and ``meta`` as one JSON string
        (with ``format_version``), so ``numpy.load(path, allow_pickle=False)`` reads it
        without gdviz. :meth:`load` reads it back; ``gdviz render --history`` renders it.

        Examples
        --------
        >>> history.save("run.npz")
        PosixPath('run.npz')
        """
        from .files import atomic_path

        path = Path(os.fspath(path))
        if path.suffix.lower() != ".npz":
            raise GdvizError(f"A history is saved as .npz; got {str(path)!r}: use a name ending in .npz.")
        arrays = {name: getattr(self, name) for name in (*_ARRAYS, *_OPTIONAL) if getattr(self, name) is not None}
        arrays["x"] = self.data.x
        arrays["y"] = self.data.y
        if self.etas is not None:
            arrays[_SCHEDULED] = self.etas
        arrays["meta"] = np.array(json.dumps(self.meta, sort_keys=True))
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as fh:
                np.savez(fh, **arrays)
        return path

    @classmethod
    def load(cls, path: PathLike) -> "History":
        """Read a history written by :meth:`save` (or by ``gdviz train -o run.npz``).

        Parameters
        ----------
        path : str or path-like
            The ``.npz`` file; ``~`` is expanded.

        Returns
        -------
        History
            Equal, array for array and key for key of `meta`, to the one saved; its
            Dataset has the points, the column names, ``rows_dropped`` and ``x_dates``
            saved with it.

        Raises
        ------
        GdvizError
            Naming the file and what is wrong with it: missing, a folder, empty, not a
            gdviz history, corrupt or truncated, written in another ``format_version``,
            or holding rows a History cannot have (non-finite values). Pickled objects
            are never loaded.

        Examples
        --------
        >>> history = gdviz.History.load("run.npz")
        >>> gdviz.render(history, "run.gif")
        """
        path = Path(os.fspath(path)).expanduser()
        shown = repr(str(path))
        again = "write it again with `gdviz train -o run.npz` or History.save"
        _check_file(path, shown, again)
        arrays, meta_text = _read_npz(path, shown, again)
        meta = _read_meta(meta_text, shown, again)
        _check_arrays(arrays, shown, again)
        try:
            if _SCHEDULED in arrays:  # a learning-rate schedule's η per epoch; files without it load as before
                arrays["etas"] = arrays.pop(_SCHEDULED)
            data = Dataset(arrays.pop("x"), arrays.pop("y"), x_name=meta.get("x_name", "x"),
                           y_name=meta.get("y_name", "y"), rows_dropped=meta.get("rows_dropped", 0),
                           x_dates=meta.get("x_dates", False))
            return cls(data=data, meta=meta, **arrays)
        except GdvizError as exc:
            text = str(exc)
            raise GdvizError(f"{shown} is not a valid gdviz history: {text[0].lower()}{text[1:].rstrip('.')}; "
                             f"{again}.") from None


# What History.load checks, in order: the file, the archive, its metadata, its arrays.
# `shown` is the path as the messages quote it, `again` how to write the file anew.

def _check_file(path: Path, shown: str, again: str) -> None:
    """A file that is there, readable, not empty, and a zip archive (an .npz) by its first bytes."""
    if path.is_dir():
        raise GdvizError(f"The history {shown} is a folder, not a file; give the .npz file that "
                         "`gdviz train -o run.npz` or History.save wrote.")
    if not path.is_file():
        raise GdvizError(f"No history file at {shown}; write one with `gdviz train -o {path.name or 'run.npz'}`.")
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise GdvizError(f"Cannot read the history {shown} ({exc.strerror}); check its permissions.") from None
    if not magic:
        raise GdvizError(f"The history file {shown} is empty (0 bytes); {again}.")
    if magic != b"PK\x03\x04":
        raise GdvizError(f"{shown} is not a gdviz history (not an .npz archive); give the file that "
                         "`gdviz train -o run.npz` or History.save wrote.")


def _read_npz(path: Path, shown: str, again: str) -> tuple[dict, str]:
    """(the arrays by name, x and y included; the metadata's JSON text), never loading a pickle."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            names = set(npz.files)
            missing = [k for k in (*_ARRAYS, "x", "y", "meta") if k not in names]
            if missing:
                raise GdvizError(
                    f"{shown} is an .npz archive but not a gdviz history (it lacks {', '.join(missing)}); "
                    "write one with `gdviz train -o run.npz` or History.save."
                )
            keys = (*_ARRAYS, "x", "y", *(k for k in (*_OPTIONAL, _SCHEDULED) if k in names))
            return {k: npz[k] for k in keys}, str(npz["meta"][()])
    except GdvizError:
        raise
    except ValueError as exc:
        if "pickle" in str(exc):
            raise GdvizError(f"{shown} holds Python objects, which a gdviz history never does (and which "
                             f"are unsafe to load); {again}.") from None
        raise GdvizError(f"{shown} is corrupt ({exc}); {again}.") from None
    except zipfile.BadZipFile as exc:
        if "not a zip file" in str(exc):  # it starts like one, but its directory at the end is gone
            raise GdvizError(f"{shown} is truncated (the end of the .npz archive is missing, "
                             f"{path.stat().st_size:,} bytes are left); {again}.") from None
        raise GdvizError(f"{shown} is corrupt ({exc}); {again}.") from None
    except (OSError, EOFError, KeyError, zlib_error) as exc:
        raise GdvizError(f"{shown} is corrupt or truncated ({type(exc).__name__}: {exc}); {again}.") from None


def _read_meta(text: str, shown: str, again: str) -> dict:
    """The metadata: a JSON object written in the format version this gdviz reads."""
    try:
        meta = json.loads(text)
    except ValueError:
        meta = None
    if not isinstance(meta, dict):
        raise GdvizError(f"The metadata in {shown} is corrupt (not a JSON object); {again}.")
    version = meta.get("format_version")
    if "format_version" not in meta:
        raise GdvizError(f"{shown} has no format_version in its metadata, so it was not written by "
                         f"History.save; {again}.")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise GdvizError(f"{shown} has history format_version {version}, newer than the version "
                         f"{FORMAT_VERSION} this gdviz {_version()} reads; upgrade gdviz "
                         "(pip install -U gdviz) or write the history again with this one.")
    if version != FORMAT_VERSION:
        raise GdvizError(f"{shown} has history format_version {version!r}, but this gdviz reads version "
                         f"{FORMAT_VERSION}; {again} with this gdviz.")
    return meta


def _check_arrays(arrays: dict, shown: str, again: str) -> None:
    """Every saved array holds finite real numbers, as a saved history always does."""
    for name in arrays:
        arr = arrays[name]
        if arr.dtype.kind not in "iuf":
            raise GdvizError(f"{shown} is corrupt: its `{name}` holds {arr.dtype} values, not numbers; {again}.")
        where = _first_bad(arr.reshape(-1).astype(np.float64))
        if where:
            raise GdvizError(f"{shown} is corrupt: in its `{name}`, {where}, and a saved history is always "
                             f"finite; {again}.")


def _version() -> str:
    from .version import __version__

    return __version__
