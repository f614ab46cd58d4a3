"""Recorder: collects a training loop's weights, loss and gradients, one row per epoch."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Optional, cast

import numpy as np

from .data.dataset import Dataset
from .errors import GdvizError, GdvizWarning
from .history import FORMAT_VERSION, History

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["Recorder"]

_COLUMNS = ("w0", "w1", "loss", "grad_w0", "grad_w1")


def _scalar(name: str, value: Any) -> float:
    if type(value) is float or type(value) is np.float64:  # the common case, fast: one call per value per epoch
        return float(value)
    if value is None or isinstance(value, (bool, np.bool_, str, bytes)):
        # None would become NaN and look like a divergence; True would become 1.0.
        raise GdvizError(f"`{name}` must be a number or a 1-element array; got {value!r}.")
    try:
        arr = np.asarray(value)
        if arr.dtype.kind not in "iuf":
            raise TypeError
        arr = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise GdvizError(f"`{name}` must be a number or a 1-element array; got {value!r}.") from None
    if arr.size != 1:
        raise GdvizError(f"`{name}` must be a number or a 1-element array; got an array of shape {arr.shape}.")
    return float(arr.reshape(()))


class Recorder:
    """Record a gradient-descent loop you wrote yourself.

    Call :meth:`record` once per epoch, after the forward pass and before the update,
    with the weights that forward pass used and its SSE (the tutorial's ``E.append``).

    Parameters
    ----------
    x, y : array_like, shape (N,), or a Dataset as `x` alone
        The data the loop trains on, in their own units (needed for missing gradients
        and for drawing).
    x_train : array_like, shape (N,), optional
        The x your loop's weights act on, when it trains on transformed x (for example
        standardised, x' = (x - m) / s): the gradients are then computed with it. Pass
        ``x_shift=m, x_scale=s`` to :meth:`history` so the line is drawn in the data's
        units. By default the data's own x.

    Raises
    ------
    GdvizError
        `y` missing (and `x` not a Dataset), or the data not valid points (see
        :class:`gdviz.Dataset`); `x_train` not one finite number per point.

    See Also
    --------
    gdviz.train : the same loop, written once, with seven optimizers.

    Examples
    --------
    >>> rec = Recorder(x, y)
    >>> for epoch in range(300):
    ...     y_hat = w_1 * x + w_0
    ...     error = 0.5 * np.sum((y - y_hat) ** 2)
    ...     rec.record(w0=w_0, w1=w_1, loss=error)
    ...     w_1 = w_1 - eta * np.sum((y_hat - y) * x)
    ...     w_0 = w_0 - eta * np.sum(y_hat - y)
    >>> history = rec.history(eta=eta)
    >>> gdviz.render(history, "my-loop.gif")
    """

    def __init__(self, x: ArrayLike | Dataset, y: Optional[ArrayLike] = None, *,
                 x_train: Optional[ArrayLike] = None) -> None:
        if isinstance(x, Dataset) and y is None:
            self.data = x
        elif y is None:
            raise GdvizError("Recorder needs the data: Recorder(x, y) with two arrays, or Recorder(dataset).")
        else:  # a Dataset with a y too is refused by Dataset ("must be numbers"), as any non-numbers are
            self.data = Dataset(cast("ArrayLike", x), y)
        # The x the weights act on: the data's own, or scaled x when training ran scaled.
        if x_train is None:
            self._x = self.data.x
        else:
            self._x = Dataset(x_train, self.data.y).x  # the same checks: numbers, finite, one per point
        self._rows = np.empty((64, len(_COLUMNS)), dtype=np.float64)  # one row per epoch
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def record(self, *, w0: ArrayLike, w1: ArrayLike, loss: ArrayLike, grad_w0: Optional[ArrayLike] = None,
               grad_w1: Optional[ArrayLike] = None) -> None:
        """Add one epoch: the weights its forward pass used, its SSE and (optionally) gradients.

        Call it after the forward pass and before the update, so that row k holds the
        weights epoch k starts from, as :func:`gdviz.train` records them.

        Parameters
        ----------
        w0, w1 : float or 1-element array
            The intercept and slope that epoch's forward pass used.
        loss : float or 1-element array
            Its SSE, E = 1/2 * sum (y - y_hat)^2 (the tutorial's ``error``).
        grad_w0, grad_w1 : float or 1-element array, optional
            dE/dw0 and dE/dw1 at those weights. Either missing is computed from the
            data (see Notes), so a loop that records only weights and loss draws the
            same gradient arrows.

        Raises
        ------
        GdvizError
            A value that is not a number or a 1-element array (None, a bool, a string,
            an array of another size). Non-finite values are accepted here and trimmed
            by :meth:`history`.

        Notes
        -----
        With y_hat = w1 * x + w0 (x the training x, see `x_train`):

            dE/dw0 = sum (y_hat - y),    dE/dw1 = sum (y_hat - y) * x.
        """
        w0f, w1f, lossf = _scalar("w0", w0), _scalar("w1", w1), _scalar("loss", loss)
        if grad_w0 is None or grad_w1 is None:
            with np.errstate(all="ignore"):  # a blown-up loop is trimmed in history()
                residual = (w1f * self._x + w0f) - self.data.y
                g0 = float(residual.sum()) if grad_w0 is None else _scalar("grad_w0", grad_w0)
                g1 = float(residual @ self._x) if grad_w1 is None else _scalar("grad_w1", grad_w1)
        else:
            g0, g1 = _scalar("grad_w0", grad_w0), _scalar("grad_w1", grad_w1)
        if self._n == self._rows.shape[0]:  # grow geometrically: amortised O(1) per row
            grown = np.empty((2 * self._n, len(_COLUMNS)), dtype=np.float64)
            grown[: self._n] = self._rows[: self._n]
            self._rows = grown
        self._rows[self._n] = (w0f, w1f, lossf, g0, g1)
        self._n += 1

    @property
    def last_loss(self) -> float | None:
        """The SSE of the last recorded epoch (None before the first)."""
        return float(self._rows[self._n - 1, 2]) if self._n else None

    def extend(self, rows: ArrayLike) -> None:
        """Add many epochs at once: one row per epoch, as :meth:`record` would add them one by one.

        Parameters
        ----------
        rows : array_like, shape (epochs, 5)
            Columns w0, w1, loss, grad_w0, grad_w1 (all five: nothing is computed here),
            row k the epoch after the ones already recorded. :func:`gdviz.train` records
            its runs this way.

        Raises
        ------
        GdvizError
            `rows` not numbers in five columns. Non-finite values are accepted here and
            trimmed by :meth:`history`, as with :meth:`record`.

        Examples
        --------
        >>> rec.extend(np.column_stack([w0s, w1s, losses, g0s, g1s]))
        """
        try:
            arr = np.asarray(rows)
            ok = arr.dtype.kind in "iuf"
            arr = arr.astype(np.float64, copy=False)
        except (TypeError, ValueError):
            ok = False
        if not ok or arr.ndim != 2 or arr.shape[1] != len(_COLUMNS):
            raise GdvizError(f"`rows` must be numbers in {len(_COLUMNS)} columns ({', '.join(_COLUMNS)}), one row "
                             "per epoch; got " + (f"an array of shape {arr.shape}." if ok else f"{type(rows).__name__}."))
        need = self._n + arr.shape[0]
        if need > self._rows.shape[0]:
            grown = np.empty((max(need, 2 * self._n), len(_COLUMNS)), dtype=np.float64)
            grown[: self._n] = self._rows[: self._n]
            self._rows = grown
        self._rows[self._n : need] = arr
        self._n = need

    def history(self, **meta: Any) -> History:
        """Freeze what was recorded into a History; `meta` adds or overrides metadata.

        Parameters
        ----------
        **meta
            JSON values added to (or overriding) the History's ``meta``. By default it
            holds ``optimizer="custom"``, ``eta=None``, ``seed=None`` and ``epochs`` (the
            epochs recorded); give ``eta=`` to have it shown in the header, and
            ``x_shift=``, ``x_scale=`` when the loop trained on x' = (x - x_shift) /
            x_scale. ``rows_dropped`` and ``x_dates`` come from the Dataset.

        Returns
        -------
        History
            One row per recorded epoch, numbered 0, 1, ...; the Recorder can go on
            recording, and a later call includes the new rows.

        Raises
        ------
        GdvizError
            Nothing was recorded, or the first epoch is already not finite; `meta`
            values that a History refuses (see :class:`gdviz.History`).

        Warns
        -----
        GdvizWarning
            Rows from the first non-finite value on (a diverged loop) are dropped; the
            epoch they start at is kept in ``meta["diverged_at"]``.
        """
        from .version import __version__

        if self._n == 0:
            raise GdvizError("Nothing was recorded; call record(...) once per epoch before history().")
        rows = self._rows[: self._n].T
        finite = np.isfinite(rows).all(axis=0)
        n = self._n
        info: dict[str, Any] = {}
        if self.data.rows_dropped:
            info["rows_dropped"] = self.data.rows_dropped
        if self.data.x_dates:
            info["x_dates"] = True  # x are decimal years: the fit panel can label them as dates
        if not finite.all():
            n = int(np.argmin(finite))
            if n == 0:
                raise GdvizError(
                    "The first recorded epoch already has a non-finite weight, loss or gradient; "
                    "check the loop's initial weights and learning rate."
                )
            warnings.warn(
                f"Recorded values stop being finite at epoch {n}; keeping epochs 0 to {n - 1} "
                "(lower the learning rate to avoid the blow-up).",
                GdvizWarning,
                stacklevel=2,
            )
            info["diverged_at"] = n
        full = {
            "format_version": FORMAT_VERSION,
            "gdviz_version": __version__,
            "optimizer": "custom",
            "eta": None,
            "seed": None,
            "epochs": self._n,
            **info,
            **meta,
        }
        return History(
            epoch=np.arange(n, dtype=np.int64),
            w0=rows[0, :n],
            w1=rows[1, :n],
            loss=rows[2, :n],
            grad_w0=rows[3, :n],
            grad_w1=rows[4, :n],
            data=self.data,
            meta=full,
        )
