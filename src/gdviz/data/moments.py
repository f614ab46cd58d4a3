"""The sum-squared-error landscape of a line fit, from six numbers.

For N points the SSE of the line y_hat = w1*x + w0 is

    E(w0, w1) = 1/2 * sum (y - w1*x - w0)^2
              = 1/2 * (Syy - 2*w0*Sy - 2*w1*Sxy + N*w0^2 + 2*w0*w1*Sx + w1^2*Sxx)

so the moments N, Sx, Sxx, Sy, Sxy, Syy are all that the surface, the Hessian and the
stability bound need: a G x G surface costs O(G^2 + N) instead of O(G^2 * N).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

import numpy as np

from .dataset import Dataset
from ..errors import GdvizError

#: Weights as the sums take them: floats, or arrays that broadcast together.
Weights = Union[float, np.ndarray]

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["Moments", "loss_surface", "least_squares"]

_CHUNK = 1 << 15


def _constant(n: int, mean: float, cxx: float) -> bool:
    """True when the x values are all equal, to 12 significant digits (sd <= 1e-12 |mean|)."""
    return cxx <= 1e-300 or cxx <= 1e-24 * n * mean * mean


@dataclass(frozen=True)
class Moments:
    """Sums over the data that determine the SSE everywhere.

    The sums are taken about the mean of x and y (shifted moments) so the quadratic
    form stays accurate when the data sit far from the origin; the raw sums are
    recovered exactly in the formulas below.

    Notes
    -----
    With cxx = sum (x - mean_x)^2 the Hessian's determinant is N*Sxx - Sx^2 = N*cxx
    exactly, so its eigenvalues come out accurate even when the condition number is
    1e12 (x given as calendar years): lambda_max = (tr + sqrt((N - Sxx)^2 + 4 Sx^2))/2
    has no cancellation, and lambda_min = N*cxx / lambda_max.
    """

    n: int
    mean_x: float
    mean_y: float
    cxx: float  # sum (x - mean_x)^2
    cxy: float  # sum (x - mean_x)(y - mean_y)
    cyy: float  # sum (y - mean_y)^2
    #: All x equal (to 12 digits): the slope is not determined and H is singular. None
    #: means "decide from cxx and mean_x"; scaled() carries it over, as a centred
    #: constant x no longer looks constant relative to its (zero) mean.
    constant_x: Optional[bool] = None

    def __post_init__(self) -> None:
        if self.constant_x is None:
            object.__setattr__(self, "constant_x", _constant(self.n, self.mean_x, self.cxx))

    @classmethod
    def of(cls, data: Dataset) -> "Moments":
        x, y = data.x, data.y
        n = x.size
        # One pass over memory, in chunks that stay in cache. Sums are taken about a
        # data point (x[0], y[0]) so they do not cancel catastrophically when the data
        # sit far from the origin, then moved to the mean exactly.
        x0, y0 = float(x[0]), float(y[0])
        sx = sy = sxx = sxy = syy = 0.0
        for start in range(0, n, _CHUNK):
            dx = x[start : start + _CHUNK] - x0
            dy = y[start : start + _CHUNK] - y0
            sx += float(dx.sum())
            sy += float(dy.sum())
            sxx += float(dx @ dx)
            sxy += float(dx @ dy)
            syy += float(dy @ dy)
        mx, my = sx / n, sy / n
        cxx = max(sxx - sx * mx, 0.0)
        cxy = sxy - sx * my
        cyy = max(syy - sy * my, 0.0)
        mx, my = x0 + mx, y0 + my
        return cls(int(x.size), mx, my, cxx, cxy, cyy)

    def scaled(self, shift: float, scale: float) -> "Moments":
        """The moments of x' = (x - shift) / scale (the same y): what training on scaled x sees."""
        return Moments(self.n, (self.mean_x - shift) / scale, self.mean_y, self.cxx / (scale * scale),
                       self.cxy / scale, self.cyy, self.constant_x)

    # Raw sums, for the formulas a teacher writes on the board.
    @property
    def sx(self) -> float:
        return self.n * self.mean_x

    @property
    def sxx(self) -> float:
        return self.cxx + self.n * self.mean_x * self.mean_x

    @property
    def sd_x(self) -> float:
        """Population standard deviation of x, sqrt(cxx / N)."""
        return (self.cxx / self.n) ** 0.5

    @property
    def sd_y(self) -> float:
        """Population standard deviation of y, sqrt(cyy / N)."""
        return (self.cyy / self.n) ** 0.5

    def hessian(self) -> np.ndarray:
        """H = [[N, Sx], [Sx, Sxx]], the (constant) Hessian of the SSE in (w0, w1)."""
        return np.array([[self.n, self.sx], [self.sx, self.sxx]], dtype=np.float64)

    def eigenvalues(self) -> tuple[float, float]:
        """(lambda_min, lambda_max) of the Hessian; lambda_min is 0 when all x are equal."""
        n, sx, sxx = float(self.n), self.sx, self.sxx
        hi = 0.5 * (n + sxx + float(np.hypot(n - sxx, 2.0 * sx)))
        lo = 0.0 if self.constant_x else n * self.cxx / hi
        return float(lo), float(hi)

    def sse_and_gradient(self, w0: Weights, w1: Weights) -> tuple:
        """E(w0, w1) and its gradient (dE/dw0, dE/dw1): the one place gdviz writes them from the sums.

        Parameters
        ----------
        w0, w1 : float, or arrays that broadcast together
            Plain floats on the trainer's moments path (one epoch at a time, so the
            arithmetic stays on Python floats: fast); arrays of weights for the surface.

        Returns
        -------
        (E, dE/dw0, dE/dw1)
            Floats for floats, arrays for arrays.

        Notes
        -----
        Written about the means, with r = mean_y - w1*mean_x - w0 (the residual of the
        mean point) and the centred sums cxx, cxy, cyy:

        * E      = 1/2 (cyy - 2 w1 cxy + w1^2 cxx + N r^2), at least 0 (rounding can take
          it a hair below 0 where a line fits the points exactly);
        * dE/dw0 = -N r;
        * dE/dw1 = w1 cxx - cxy - N r mean_x.

        The same values the points give (the tutorial's passes) to about 1e-12 relative:
        the sums run in another order. The explore page's script repeats these operations
        in the same order, so its runs equal the trainer's moments path bit for bit.
        """
        r = self.mean_y - w1 * self.mean_x - w0
        sse = 0.5 * (self.cyy - 2.0 * w1 * self.cxy + w1 * w1 * self.cxx + self.n * r * r)
        if type(sse) is float:  # the trainer's hot path: no numpy call on plain floats
            sse = 0.0 if sse < 0.0 else sse
        else:
            sse = np.maximum(sse, 0.0)
        return sse, -self.n * r, w1 * self.cxx - self.cxy - self.n * r * self.mean_x

    def gradient(self, w0: Weights, w1: Weights) -> tuple:
        """(dE/dw0, dE/dw1) at (w0, w1), from :meth:`sse_and_gradient`."""
        _, g0, g1 = self.sse_and_gradient(w0, w1)
        return g0, g1

    def sse(self, w0: ArrayLike, w1: ArrayLike) -> np.ndarray:
        """E(w0, w1) for arrays of weights that broadcast together (the surface), from :meth:`sse_and_gradient`."""
        return self.sse_and_gradient(np.asarray(w0, dtype=np.float64), np.asarray(w1, dtype=np.float64))[0]

    def optimum(self) -> tuple[float, float, float]:
        """(w0, w1, SSE) of the least-squares line; a flat line through the mean if x is constant."""
        if self.constant_x or _constant(self.n, self.mean_x, self.cxx):
            w1 = 0.0
        else:
            w1 = self.cxy / self.cxx
        w0 = self.mean_y - w1 * self.mean_x
        return w0, w1, float(self.sse(w0, w1))


def least_squares(data: Dataset) -> tuple[float, float]:
    """The least-squares intercept and slope, solved with ``numpy.linalg.lstsq``.

    Parameters
    ----------
    data : Dataset
        The points, in their own units.

    Returns
    -------
    (float, float)
        (w0, w1): the intercept and slope of the line with the smallest SSE, the point
        every optimizer descends towards (marked with a star on the surface).

    Raises
    ------
    GdvizError
        `data` is not a Dataset.

    Notes
    -----
    The SSE E(w0, w1) = 1/2 * sum (y - w1 x - w0)^2 is smallest where its gradient
    vanishes, the normal equations H w = (sum y, sum x y) with
    H = [[N, sum x], [sum x, sum x^2]], whose solution is

        w1 = sum (x - mean x)(y - mean y) / sum (x - mean x)^2,   w0 = mean y - w1 mean x.

    When every x is equal the slope is not determined (H is singular); the flat line
    through the mean of y is returned, the same line the surface marks as the optimum,
    rather than lstsq's minimum-norm choice, which tilts with the x value.

    Examples
    --------
    >>> gdviz.least_squares(gdviz.make_data(seed=0))     # the tutorial's data
    (0.007970033634800837, 2.9910974246356075)
    """
    if not isinstance(data, Dataset):
        raise GdvizError(f"`data` must be a gdviz.Dataset; got {type(data).__name__}.")
    if Moments.of(data).constant_x:
        return float(data.y.mean()), 0.0
    a = np.column_stack([np.ones_like(data.x), data.x])
    (w0, w1), *_ = np.linalg.lstsq(a, data.y, rcond=None)
    return float(w0), float(w1)


def loss_surface(data: Dataset, w0_grid: ArrayLike, w1_grid: ArrayLike) -> np.ndarray:
    """SSE of every line on a grid of weights.

    Parameters
    ----------
    data : Dataset
        The points, in their own units (to draw the surface a standardised run moved
        on, give the grid in its coordinates and a Dataset of x' and y).
    w0_grid : array_like, shape (G0,)
        Intercepts.
    w1_grid : array_like, shape (G1,)
        Slopes.

    Returns
    -------
    numpy.ndarray, shape (G1, G0)
        ``E[i, j]`` is the SSE of the line with slope ``w1_grid[i]`` and intercept
        ``w0_grid[j]`` (matplotlib's ``contour(w0_grid, w1_grid, E)`` convention).

    Raises
    ------
    GdvizError
        `data` is not a Dataset, or a grid is not 1-D.

    Notes
    -----
    Expanding the square, the SSE of any line depends on the data only through six
    sums, the moments N, Sx = sum x, Sxx = sum x^2, Sy, Sxy, Syy:

        E(w0, w1) = 1/2 * sum (y - w1 x - w0)^2
                  = 1/2 * (Syy - 2 w0 Sy - 2 w1 Sxy + N w0^2 + 2 w0 w1 Sx + w1^2 Sxx),

    a quadratic bowl with the constant Hessian H = [[N, Sx], [Sx, Sxx]]. So the surface
    costs one pass over the data (the moments) plus O(G0 * G1), not O(G0 * G1 * N). The
    sums are taken about the means (cxx = sum (x - mean x)^2, ...), which keeps them
    accurate when the data sit far from the origin (x as calendar years):
    E = 1/2 * (cyy - 2 w1 cxy + w1^2 cxx + N r^2), with r = mean y - w1 mean x - w0.

    Examples
    --------
    >>> w0s, w1s = np.linspace(-1, 2, 200), np.linspace(-3, 5, 200)
    >>> E = gdviz.loss_surface(data, w0s, w1s)
    >>> plt.contour(w0s, w1s, E, levels=30)
    """
    if not isinstance(data, Dataset):
        raise GdvizError(f"`data` must be a gdviz.Dataset; got {type(data).__name__}.")
    w0 = np.asarray(w0_grid, dtype=np.float64)
    w1 = np.asarray(w1_grid, dtype=np.float64)
    if w0.ndim != 1 or w1.ndim != 1:
        raise GdvizError("`w0_grid` and `w1_grid` must be 1-D arrays of weights.")
    m = Moments.of(data)
    return m.sse(w0[np.newaxis, :], w1[:, np.newaxis])
