"""Data sets: the (x, y) points a line is fitted to.

This module knows nothing of training or drawing.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Hashable, Union

import numpy as np

from ..errors import GdvizError, GdvizWarning

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["Dataset", "make_data", "SeedLike"]

SeedLike = Union[int, np.random.SeedSequence, None]


def _as_column(name: str, values: Any) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise GdvizError(
            f"The `{name}` values must be numbers; convert them to floats first."
        ) from None
    if arr.ndim == 0:
        raise GdvizError(f"The `{name}` values must be a 1-D sequence of numbers; got a single number.")
    arr = arr.reshape(-1) if arr.ndim == 2 and 1 in arr.shape else arr
    if arr.ndim != 1:
        raise GdvizError(
            f"The `{name}` values must be 1-D; got an array of shape {arr.shape}."
        )
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise GdvizError(
            f"The `{name}` values must be finite; item {bad[0]} is {arr[bad[0]]!r} "
            f"({bad.size} such value{'s' if bad.size > 1 else ''}): remove or fill those points."
        )
    arr = arr.copy()
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Dataset:
    """Points to fit a line to.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Finite numbers, at least two points, the same length.
    x_name, y_name : str, default "x" and "y"
        What the columns are called (a CSV file's header names); the fit panel labels
        its axes with them.
    rows_dropped : int, default 0
        Rows of the source table left out because their x or y was missing
        (:func:`gdviz.load_csv`, :meth:`from_table`).
    x_dates : bool, default False
        True when x are dates, held as decimal years (2023-07-02 12:00 is 2023.5; see
        Notes).

    Raises
    ------
    GdvizError
        Values that are not numbers, not finite (NaN, inf) or not 1-D; `x` and `y` of
        different lengths; fewer than two points; an empty name; `rows_dropped` not a
        whole number >= 0.

    See Also
    --------
    make_data : the tutorial's synthetic points.
    load_csv : two columns of a CSV file.
    Dataset.from_table : two columns of a DataFrame, a dict of arrays, a structured array.

    Notes
    -----
    `x` and `y` are stored as read-only float64 copies, so a History keeps the very
    points it was trained on. Every sum gdviz needs over them (the SSE, its gradient,
    the Hessian, the surface) comes from the six moments N, Σx, Σx², Σy, Σxy, Σy²
    (:func:`loss_surface`).

    Dates as x are decimal years: x = Y + s/S, with Y the year, s the seconds from
    1 January of Y at 00:00 to the moment and S the seconds in year Y (365 or 366 days),
    so 2024-01-01 is 2024.0, 2023-07-02 12:00 is 2023.5 and a day is 1/365 (or 1/366)
    of a year; a fitted slope is then per year.

    Examples
    --------
    >>> data = gdviz.Dataset([1.0, 2.0, 3.0], [2.1, 3.9, 6.2])
    >>> data
    Dataset(n=3, x in [1, 3])
    >>> gdviz.Dataset(area, price, x_name="area", y_name="price")  # named axes in the fit panel
    """

    x: np.ndarray
    y: np.ndarray
    x_name: str = "x"
    y_name: str = "y"
    rows_dropped: int = 0
    x_dates: bool = False

    if TYPE_CHECKING:  # the dataclass's own __init__ as callers see it: any array_like in, arrays kept
        def __init__(self, x: ArrayLike, y: ArrayLike, x_name: str = "x", y_name: str = "y", rows_dropped: int = 0,
                     x_dates: bool = False) -> None: ...

    def __post_init__(self) -> None:
        x = _as_column("x", self.x)
        y = _as_column("y", self.y)
        if x.shape != y.shape:
            raise GdvizError(
                f"`x` and `y` must have the same length; got {x.size} x values and {y.size} y values."
            )
        if x.size < 2:
            raise GdvizError(
                f"A line needs at least 2 points to fit; got {x.size}."
            )
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)
        for name in ("x_name", "y_name"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise GdvizError(f"`{name}` must be a non-empty string; got {value!r}.")
        dropped = self.rows_dropped
        if isinstance(dropped, (bool, np.bool_)) or not isinstance(dropped, (int, np.integer)) or dropped < 0:
            raise GdvizError(f"`rows_dropped` must be a whole number >= 0; got {dropped!r}.")
        object.__setattr__(self, "rows_dropped", int(dropped))
        if not isinstance(self.x_dates, (bool, np.bool_)):
            raise GdvizError(f"`x_dates` must be True or False; got {self.x_dates!r}.")
        object.__setattr__(self, "x_dates", bool(self.x_dates))

    @classmethod
    def from_table(cls, table: Any, x: Hashable, y: Hashable, *, missing: str = "drop") -> "Dataset":
        """Two columns of a table you already hold: a pandas or polars DataFrame, a dict of arrays, a numpy structured array.

        Parameters
        ----------
        table : DataFrame, dict or numpy structured array
            Anything whose column names are listed (``table.columns``, ``table.keys()``
            or ``table.dtype.names``) and whose columns ``np.asarray(table[name])``
            turns into arrays. pandas and polars are neither imported nor needed.
        x, y : column names
            Matched exactly, else ignoring case when that is unambiguous. An x column of
            dates (datetime64, ``datetime``/``date`` objects, or strings
            ``YYYY-MM-DD[ HH:MM[:SS]]``) is read as decimal years, with ``x_dates`` True.
        missing : {"drop", "error"}, default "drop"
            Missing values are NaN, None, pandas' NA and NaT, and the strings
            :func:`gdviz.load_csv` counts as missing (``""``, ``NA``, ...). ``"drop"``
            leaves rows with a missing x or y out, with one :class:`GdvizWarning` naming
            the first few rows (0-based positions); ``"error"`` refuses the first.

        Returns
        -------
        Dataset
            ``x_name``/``y_name`` are the column names; ``rows_dropped`` counts the rows
            left out.

        Raises
        ------
        GdvizError
            The same as load_csv's where they apply: an unknown column (listing the
            columns there are), a value that is not a number (or not a finite one), a
            date that cannot be read, fewer than two rows with both x and y.

        Examples
        --------
        >>> data = gdviz.Dataset.from_table(df, x="area", y="price")
        >>> data = gdviz.Dataset.from_table({"t": [1, 2, 3], "v": [2.0, None, 7.5]}, x="t", y="v")
        """
        from .cells import dropped_message
        from .tables import read_table

        columns = read_table(table, x, y, missing=missing)
        if columns.dropped:
            warnings.warn(dropped_message(len(columns.dropped), columns.dropped, unit="row"), GdvizWarning,
                          stacklevel=2)
        return cls(columns.x, columns.y, x_name=columns.x_name, y_name=columns.y_name,
                   rows_dropped=len(columns.dropped), x_dates=columns.x_dates)

    def __len__(self) -> int:
        return int(self.x.size)

    def __repr__(self) -> str:
        names = "" if (self.x_name, self.y_name) == ("x", "y") else f", x={self.x_name!r}, y={self.y_name!r}"
        extra = (", x_dates=True" if self.x_dates else "") + \
            (f", rows_dropped={self.rows_dropped}" if self.rows_dropped else "")
        f = ".6g" if self.x_dates else ".3g"  # decimal years need their decimals
        return f"Dataset(n={len(self)}, x in [{self.x.min():{f}}, {self.x.max():{f}}]{names}{extra})"


def seed_streams(seed: SeedLike) -> tuple[np.random.SeedSequence, np.random.SeedSequence, np.random.SeedSequence]:
    """The three independent streams one seed drives: (data, initial weights, sgd's shuffles).

    ``make_data(seed=s)`` uses the first, ``train(..., seed=s)`` the second for the
    starting line and the third to shuffle the points for ``optimizer="sgd"``, so one
    integer reproduces a whole run without any two sharing random numbers. Spawned
    children are stable by index, so the first two are what they were before the third
    was added.
    """
    if isinstance(seed, np.random.SeedSequence):
        root = seed
    elif seed is None:
        root = np.random.SeedSequence()
    else:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise GdvizError(f"`seed` must be a non-negative integer or None; got {seed!r}.")
        root = np.random.SeedSequence(int(seed))
    data_ss, init_ss, shuffle_ss = root.spawn(3)
    return data_ss, init_ss, shuffle_ss


def make_data(n: int = 200, slope: float = 3.0, noise: float = 0.1, seed: SeedLike = None) -> Dataset:
    """Synthetic points around a line through the origin, as in the tutorial.

    Parameters
    ----------
    n : int, default 200
        Number of points (at least 2).
    slope : float, default 3.0
        Slope of the true line.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to y (0 gives points on the line).
    seed : int, numpy.random.SeedSequence or None, default None
        None draws fresh randomness; an integer makes the data reproducible. The same
        integer given to :func:`gdviz.train` seeds its starting line from an
        independent stream, so ``make_data(seed=0)`` and ``train(..., seed=0)`` are the
        tutorial's run, and neither shares a random number with the other.

    Returns
    -------
    Dataset
        `n` points, ``x_name`` "x" and ``y_name`` "y".

    Raises
    ------
    GdvizError
        `n` not a whole number of at least 2, `slope` not finite, `noise` negative or
        not finite, `seed` negative or not an integer.

    Notes
    -----
    For i = 1 ... n, independently:

        x_i ~ U[0, 1),   e_i ~ N(0, noise^2),   y_i = slope * x_i + e_i.

    The least-squares line of the sample is close to y = slope * x but not equal to it
    (for the tutorial's sample, seed 0: y = 2.991 x + 0.008).

    Examples
    --------
    >>> data = gdviz.make_data(seed=0)          # the tutorial's 200 points
    >>> data
    Dataset(n=200, x in [0.00701, 0.999])
    >>> gdviz.make_data(n=50, slope=-1.0, noise=0.0, seed=1)   # on the line y = -x
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise GdvizError(f"`n` must be an integer of at least 2; got {n!r}.")
    if not np.isfinite(slope):
        raise GdvizError(f"`slope` must be a finite number; got {slope!r}.")
    if not (np.isfinite(noise) and noise >= 0):
        raise GdvizError(f"`noise` must be a finite number >= 0; got {noise!r}.")
    rng = np.random.default_rng(seed_streams(seed)[0])
    x = rng.random(int(n))
    y = slope * x + rng.normal(0.0, noise, int(n))
    return Dataset(x, y)
