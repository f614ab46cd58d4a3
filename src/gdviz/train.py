"""The readable trainer: full-batch gradient descent on a line, step by step.

Nothing here imports matplotlib; training knows nothing of drawing.
"""

from __future__ import annotations

import math
import warnings
from typing import Union

import numpy as np

from . import interrupts
from .data import Dataset, SeedLike, seed_streams
from .errors import GdvizError, GdvizWarning
from .history import History
from .diagnostics import (
    Conditioning,
    Scaling,
    auto_eta,
    choose_scaling,
    divergence_message,
    gap_reference,
    gap_message,
    relative_gap,
    singular_message,
    stability_message,
)
from .moments import Moments
from .recorder import Recorder

__all__ = ["train", "OPTIMIZERS", "DIVERGENCE_FACTOR", "initial_weights", "start_line"]

#: Optimizer names train() accepts.
OPTIMIZERS = ("gd",)

#: Training stops when the SSE grows past this many times its first value.
DIVERGENCE_FACTOR = 1e6

#: The most epochs train() runs: a bound on time and memory (about 50 MB of history).
MAX_EPOCHS = 1_000_000

#: Above this many point-epochs (N x epochs) train() steps with the moments, O(1) per epoch.
FAST_WORK = 20_000_000

#: The tutorial's data, x ~ U(0, 1) and y = 3x + N(0, 0.1): the means and population sds
#: that relate its deliberately bad line to its points (see start_line).
_TUTORIAL_MEAN_X, _TUTORIAL_SD_X = 0.5, 1.0 / math.sqrt(12.0)
_TUTORIAL_MEAN_Y, _TUTORIAL_SD_Y = 1.5, math.sqrt(9.0 / 12.0 + 0.1**2)


def initial_weights(seed: SeedLike = None) -> tuple[float, float]:
    """The tutorial's deliberately bad starting line: w1 in [-3, -2], w0 in [0, 2]."""
    rng = np.random.default_rng(seed_streams(seed)[1])
    w1 = rng.uniform(-3.0, -2.0)
    w0 = rng.uniform(0.0, 2.0)
    return float(w0), float(w1)


def start_line(moments: Moments, scaling: Scaling, seed: SeedLike = None) -> tuple[float, float]:
    """The default starting line (intercept, slope) in data units.

    Training on x as given starts from the tutorial's line, :func:`initial_weights`.
    Training on standardised x starts from the same draw carried over to the data: a
    line that sits as far below the points, and slopes as wrongly, measured in standard
    deviations of x and y, as the tutorial's line does on the tutorial's data; so a
    house-price table starts from a visibly bad line, not one a million units away.

    Notes
    -----
    With the tutorial's means and sds (mx, sx, my, sy) and its draw (w0, w1), the line in
    standard units has slope s = w1 sx / sy in [-1, -0.66] and passes
    d = (w0 + w1 mx - my) / sy standard deviations from the mean point, d in [-3.4, -0.6].
    On data with means (mx', my') and sds (sx', sy') the start is the line through
    (mx', my' + d sy') with slope -sign(cov(x, y)) |s| sy'/sx' (against the trend), and
    slope 0 when all x are equal.
    """
    w0, w1 = initial_weights(seed)
    if not scaling.active:
        return w0, w1
    slope_std = w1 * _TUTORIAL_SD_X / _TUTORIAL_SD_Y
    offset_std = (w0 + w1 * _TUTORIAL_MEAN_X - _TUTORIAL_MEAN_Y) / _TUTORIAL_SD_Y
    sy = moments.sd_y if moments.sd_y > 0 else max(abs(moments.mean_y), 1.0)
    if moments.constant_x or not moments.sd_x > 0:
        slope = 0.0
    else:
        slope = -abs(slope_std) * sy / moments.sd_x * (1.0 if moments.cxy >= 0 else -1.0)
    at_mean = moments.mean_y + offset_std * sy
    return float(at_mean - slope * moments.mean_x), float(slope)


def _check_number(name: str, value, *, positive: bool = False) -> float:
    if isinstance(value, bool):
        raise GdvizError(f"`{name}` must be a number; got {value!r}.")
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise GdvizError(f"`{name}` must be a number; got {value!r}.") from None
    if not math.isfinite(out) or (positive and out <= 0):
        need = "a finite number > 0" if positive else "a finite number"
        raise GdvizError(f"`{name}` must be {need}; got {value!r}.")
    return out


def check_options(epochs, eta, optimizer) -> tuple[int, Union[float, str], str]:
    """Validate training options; returns them normalised (eta a float or "auto")."""
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or not 1 <= epochs <= MAX_EPOCHS:
        raise GdvizError(f"`epochs` must be a whole number from 1 to {MAX_EPOCHS:,}; got {epochs!r}.")
    if isinstance(eta, str) and eta.strip().lower() == "auto":
        eta = "auto"
    elif isinstance(eta, str):
        raise GdvizError(f"`eta` must be a number > 0 or 'auto'; got {eta!r}.")
    else:
        eta = _check_number("eta", eta, positive=True)
    if optimizer not in OPTIMIZERS:
        raise GdvizError(
            f"The `optimizer` must be one of {', '.join(map(repr, OPTIMIZERS))}; not {optimizer!r} "
            "(momentum, Adam and friends arrive with the optimizer comparisons)."
        )
    return int(epochs), eta, optimizer


def train(
    data: Dataset,
    epochs: int = 300,
    eta: Union[float, str] = 0.001,
    w0: float | None = None,
    w1: float | None = None,
    optimizer: str = "gd",
    seed: SeedLike = None,
    scale: str = "auto",
) -> History:
    """Fit y_hat = w1*x + w0 by full-batch gradient descent on the sum of squared errors.

    Parameters
    ----------
    data : Dataset
        The points, shape (N,) each, in their own units (e.g. from :func:`gdviz.load_csv`).
    epochs : int, default 300
        Number of epochs; the history has one row per epoch (the weights before its update).
    eta : float or "auto", default 0.001
        Learning rate; 0.001 is the tutorial's. ``"auto"`` computes one from the Hessian
        of the coordinates trained, stable and converging in `epochs` (see Notes);
        ``meta["eta"]`` and ``meta["eta_reason"]`` say which and why.
    w0, w1 : float, optional
        Initial intercept and slope, in the data's units (also when x is standardised).
        By default the tutorial's deliberately bad line, see :func:`start_line`.
    optimizer : {"gd"}
        Only plain gradient descent for now.
    seed : int or None
        Seeds the initial weights (the same integer given to make_data seeds the data
        from an independent stream).
    scale : {"auto", "none", "standardize"}, default "auto"
        Train on x as given or on x' = (x - mean)/sd. ``auto`` standardises only when
        the Hessian on x as given has a condition number above 100: the tutorial's data
        (about 20) trains exactly as in the tutorial; real data (years, square metres)
        converges.

    Returns
    -------
    History
        Row k holds the weights the k-th forward pass used, its SSE and its gradients,
        in the coordinates trained (``w0``, ``w1``, ``grad_*``), with ``meta["x_shift"]``
        and ``meta["x_scale"]`` when x was standardised; ``history.intercept`` and
        ``history.slope`` give the line in data units. ``loss`` is the SSE in the data's
        units either way (y is never scaled). ``meta`` also holds ``eta``,
        ``eta_reason``, ``eta_max``, ``scale``, ``scale_reason``, ``condition_number``
        (as trained), ``condition_number_data`` (x as given; None when singular),
        ``sse_least_squares``, ``gap`` (final SSE above least squares, as a fraction) and
        ``diverged_at`` when training blew up.

    Warns
    -----
    GdvizWarning
        All x equal (singular Hessian: only the intercept is fitted); eta at or above
        the stability bound 2/lambda_max (before training); divergence (the history
        stops at the last finite epoch); a final SSE more than 25% above least squares,
        with what to change. The tutorial's default run warns of nothing.

    Notes
    -----
    Each epoch runs the tutorial's steps on x (or x' when scaled):

    * forward pass:  y_hat = w1 * x + w0 (a linear unit)
    * loss:          E = 1/2 * sum (y - y_hat)^2
    * gradients:     dE/dw1 = sum -(y - y_hat) * x,   dE/dw0 = sum -(y - y_hat)
    * update:        w1 <- w1 - eta * dE/dw1,        w0 <- w0 - eta * dE/dw0

    The Hessian of E is H = [[N, sum x], [sum x, sum x^2]]; full-batch gradient descent
    is stable only while eta < 2 / lambda_max(H). A larger eta warns before training,
    and a run whose SSE becomes non-finite or exceeds 1e6 times its first value stops
    there (``meta["diverged_at"]``). On x' = (x - m)/s the line is
    y = w1' x' + w0' = (w1'/s) x + (w0' - w1' m/s), and H' = N I: every direction
    converges at the same rate. The loop is :func:`_descend`; runs of more than
    FAST_WORK point-epochs (say 10^6 epochs on 200 points) take the same steps with the
    moments instead of the data, O(1) per epoch (:func:`_descend_by_moments`).
    eta="auto" is explained in
    :func:`gdviz.diagnostics.auto_eta`.
    """
    if not isinstance(data, Dataset):
        raise GdvizError(f"`data` must be a gdviz.Dataset (see gdviz.make_data); got {type(data).__name__}.")
    epochs, eta, optimizer = check_options(epochs, eta, optimizer)
    with np.errstate(over="ignore", invalid="ignore"):
        moments = Moments.of(data)
    if not all(math.isfinite(v) for v in (moments.cxx, moments.cxy, moments.cyy, moments.sxx)):
        big = max(float(np.abs(data.x).max()), float(np.abs(data.y).max()))
        raise GdvizError(
            f"The data are too large for sums of squares in float64 (the largest value is {big:.3g}); "
            "divide x or y by a power of ten first."
        )
    scaling = choose_scaling(moments, scale)
    trained = moments.scaled(scaling.shift, scaling.scale) if scaling.active else moments
    cond, cond_data = Conditioning.of(trained), Conditioning.of(moments)

    start = start_line(moments, scaling, seed)
    w0 = start[0] if w0 is None else _check_number("w0", w0)
    w1 = start[1] if w1 is None else _check_number("w1", w1)
    if scaling.active:
        w0, w1 = scaling.to_trained(w0, w1)
    _, _, best = trained.optimum()
    first = float(trained.sse(w0, w1))

    reference = gap_reference(best, 0.5 * moments.cyy, first)
    if eta == "auto":
        eta, eta_reason = auto_eta(cond, epochs, first - best, reference)
        eta_reason = f"auto: {eta_reason}"
    else:
        eta_reason = "fixed: the tutorial's default" if eta == 0.001 else "fixed: as given"

    if cond_data.singular:
        warnings.warn(singular_message(moments), GdvizWarning, stacklevel=2)
    unstable = stability_message(eta, cond, scaling.active)
    if unstable:
        warnings.warn(unstable, GdvizWarning, stacklevel=2)

    x, y = scaling.apply(data.x), data.y
    rec = Recorder(data, x_train=x if scaling.active else None)
    if len(data) * epochs <= FAST_WORK:
        diverged_at, blew_up = _descend(x, y, w0, w1, eta, epochs, rec)
    else:
        diverged_at, blew_up = _descend_by_moments(trained, w0, w1, eta, epochs, rec)
    final = first if rec.last_loss is None else rec.last_loss

    if diverged_at == 0:
        raise GdvizError(
            "The starting line's SSE or gradient is not finite (the data or the initial weights are too "
            "large for float64); give smaller initial weights w0 and w1."
        )
    meta = {
        "optimizer": optimizer,
        "eta": eta,
        "eta_reason": eta_reason,
        "eta_max": cond.eta_max,
        "seed": seed if isinstance(seed, (int, type(None))) else None,
        "epochs": epochs,
        "scale": scaling.policy,
        "scale_reason": scaling.reason,
        "condition_number": _json_number(cond.condition_number),
        "condition_number_data": _json_number(cond_data.condition_number),
        "sse_least_squares": best,
        "gap": relative_gap(final, best, reference),
    }
    if scaling.active:
        meta["x_shift"], meta["x_scale"] = scaling.shift, scaling.scale
    if (data.x_name, data.y_name) != ("x", "y"):
        meta["x_name"], meta["y_name"] = data.x_name, data.y_name
    if data.rows_dropped:
        meta["rows_dropped"] = data.rows_dropped
    if data.x_dates:
        meta["x_dates"] = True
    if diverged_at is not None:
        meta["diverged_at"] = diverged_at
        warnings.warn(divergence_message(diverged_at, DIVERGENCE_FACTOR, cond.eta_max, not blew_up), GdvizWarning, stacklevel=2)
    else:
        far = gap_message(epochs=epochs, final=final, best=best, reference=reference, eta=eta, trained=cond,
                          data=cond_data, scaled=scaling.active)
        if far:
            warnings.warn(far, GdvizWarning, stacklevel=2)
    return rec.history(**meta)


def _descend(x, y, w0, w1, eta, epochs, rec) -> tuple:
    """Full-batch gradient descent, the tutorial's steps, one epoch at a time.

    Records each epoch into `rec`; returns (diverged_at, blew_up): the epoch where the
    SSE passed DIVERGENCE_FACTOR times its first value or stopped being finite (None if
    it never did), and whether it was non-finite.
    """
    limit = None
    diverged_at, blew_up = None, False
    with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is caught below, not printed
        for epoch in range(epochs):
            if epoch % 256 == 0:
                interrupts.check()  # Ctrl-C on the command line stops here
            # Forward pass: the linear unit.
            y_hat = w1 * x + w0
            # Sum of squared errors.
            error = 0.5 * np.sum((y - y_hat) ** 2)
            if limit is None:
                limit = DIVERGENCE_FACTOR * max(float(error), np.finfo(float).tiny)
            elif not (error <= limit):  # also catches NaN
                diverged_at, blew_up = epoch, not math.isfinite(error)
                break
            # Backward pass: the two gradients.
            dE_dw1 = np.sum(-(y - y_hat) * x)
            dE_dw0 = np.sum(-(y - y_hat))
            if not (math.isfinite(dE_dw0) and math.isfinite(dE_dw1)):
                diverged_at, blew_up = epoch, True
                break
            rec.record(w0=w0, w1=w1, loss=error, grad_w0=dE_dw0, grad_w1=dE_dw1)
            # Update.
            w1 = w1 - eta * dE_dw1
            w0 = w0 - eta * dE_dw0
    return diverged_at, blew_up


def _descend_by_moments(m: Moments, w0, w1, eta, epochs, rec) -> tuple:
    """The same descent as :func:`_descend`, with every sum over the data replaced by moments.

    Used for long runs on many points (more than FAST_WORK point-epochs): O(1) per
    epoch instead of O(N). With the residual of the mean point r = mean_y - w1*mean_x - w0
    and the centred sums cxx, cxy, cyy:

    * E      = 1/2 (cyy - 2 w1 cxy + w1^2 cxx + N r^2)
    * dE/dw0 = -N r
    * dE/dw1 = w1 cxx - cxy - N r mean_x

    It agrees with the epoch-by-epoch loop to about 1e-12 relative (the sums run in
    another order); tests/test_train.py checks 1e-9.
    """
    n, mx, my, cxx, cxy, cyy = float(m.n), m.mean_x, m.mean_y, m.cxx, m.cxy, m.cyy
    rows = []
    limit = None
    diverged_at, blew_up = None, False
    for epoch in range(epochs):
        if epoch % 4096 == 0:
            interrupts.check()
        r = my - w1 * mx - w0
        error = 0.5 * (cyy - 2.0 * w1 * cxy + w1 * w1 * cxx + n * r * r)
        error = error if error > 0.0 else 0.0
        if limit is None:
            limit = DIVERGENCE_FACTOR * max(error, np.finfo(float).tiny)
        elif not (error <= limit):
            diverged_at, blew_up = epoch, not math.isfinite(error)
            break
        g0 = -n * r
        g1 = w1 * cxx - cxy - n * r * mx
        if not (math.isfinite(g0) and math.isfinite(g1)):
            diverged_at, blew_up = epoch, True
            break
        rows.append((w0, w1, error, g0, g1))
        w1 = w1 - eta * g1
        w0 = w0 - eta * g0
    if rows:
        rec._extend(np.array(rows, dtype=np.float64))
    return diverged_at, blew_up


def _json_number(v: float):
    return v if math.isfinite(v) else None
