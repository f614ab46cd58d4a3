"""The readable trainer: full-batch gradient descent on a line, step by step.

Nothing here imports matplotlib; training knows nothing of drawing.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .data import Dataset, SeedLike, seed_streams
from .errors import GdvizError, GdvizWarning
from .history import History
from .moments import Moments
from .recorder import Recorder

__all__ = ["train", "OPTIMIZERS", "DIVERGENCE_FACTOR", "initial_weights"]

#: Optimizer names train() accepts.
OPTIMIZERS = ("gd",)

#: Training stops when the SSE grows past this many times its first value.
DIVERGENCE_FACTOR = 1e6

#: The most epochs train() runs: a bound on time and memory (about 50 MB of history).
MAX_EPOCHS = 1_000_000


def initial_weights(seed: SeedLike = None) -> tuple[float, float]:
    """The tutorial's deliberately bad starting line: w1 in [-3, -2], w0 in [0, 2]."""
    rng = np.random.default_rng(seed_streams(seed)[1])
    w1 = rng.uniform(-3.0, -2.0)
    w0 = rng.uniform(0.0, 2.0)
    return float(w0), float(w1)


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


def check_options(epochs, eta, optimizer) -> tuple[int, float, str]:
    """Validate training options; returns them normalised."""
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or not 1 <= epochs <= MAX_EPOCHS:
        raise GdvizError(f"`epochs` must be a whole number from 1 to {MAX_EPOCHS:,}; got {epochs!r}.")
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
    eta: float = 0.001,
    w0: float | None = None,
    w1: float | None = None,
    optimizer: str = "gd",
    seed: SeedLike = None,
) -> History:
    """Fit y_hat = w1*x + w0 by full-batch gradient descent on the sum of squared errors.

    Parameters
    ----------
    data : Dataset
        The points, shape (N,) each.
    epochs : int, default 300
        Number of gradient steps; the history has one row per epoch.
    eta : float, default 0.001
        Learning rate.
    w0, w1 : float, optional
        Initial intercept and slope. When not given they are drawn as the tutorial
        draws its deliberately bad line: w1 ~ U(-3, -2), w0 ~ U(0, 2).
    optimizer : {"gd"}
        Only plain gradient descent for now.
    seed : int or None
        Seeds the initial weights (the same integer given to make_data seeds the data
        from an independent stream).

    Returns
    -------
    History
        Row k holds the weights the k-th forward pass used, its SSE and its gradients.

    Notes
    -----
    Each epoch runs the tutorial's steps:

    * forward pass:  y_hat = w1 * x + w0 (a linear unit)
    * loss:          E = 1/2 * sum (y - y_hat)^2
    * gradients:     dE/dw1 = sum -(y - y_hat) * x,   dE/dw0 = sum -(y - y_hat)
    * update:        w1 <- w1 - eta * dE/dw1,        w0 <- w0 - eta * dE/dw0

    The Hessian of E is H = [[N, sum x], [sum x, sum x^2]]; full-batch gradient descent
    is stable only while eta < 2 / lambda_max(H). A larger eta warns before training,
    and a run whose SSE becomes non-finite or exceeds 1e6 times its first value stops
    there (``meta["diverged_at"]``) with a :class:`GdvizWarning`.
    """
    if not isinstance(data, Dataset):
        raise GdvizError(f"`data` must be a gdviz.Dataset (see gdviz.make_data); got {type(data).__name__}.")
    epochs, eta, optimizer = check_options(epochs, eta, optimizer)
    start = initial_weights(seed)
    w0 = start[0] if w0 is None else _check_number("w0", w0)
    w1 = start[1] if w1 is None else _check_number("w1", w1)

    lam_max = Moments.of(data).eigenvalues()[1]
    eta_max = 2.0 / lam_max
    if eta >= eta_max:
        warnings.warn(
            f"eta = {eta:g} is at or above the stability bound 2/lambda_max(H) = {eta_max:.4g}, "
            f"so gradient descent will diverge; use an eta below {eta_max:.4g}.",
            GdvizWarning,
            stacklevel=2,
        )

    x, y = data.x, data.y
    rec = Recorder(data)
    limit = None
    diverged_at = None
    for epoch in range(epochs):
        # Forward pass: the linear unit.
        y_hat = w1 * x + w0
        # Sum of squared errors.
        error = 0.5 * np.sum((y - y_hat) ** 2)
        if limit is None:
            limit = DIVERGENCE_FACTOR * max(float(error), np.finfo(float).tiny)
        elif not (error <= limit):  # also catches NaN
            diverged_at = epoch
            break
        # Backward pass: the two gradients.
        dE_dw1 = np.sum(-(y - y_hat) * x)
        dE_dw0 = np.sum(-(y - y_hat))
        rec.record(w0=w0, w1=w1, loss=error, grad_w0=dE_dw0, grad_w1=dE_dw1)
        # Update.
        w1 = w1 - eta * dE_dw1
        w0 = w0 - eta * dE_dw0

    meta = {
        "optimizer": optimizer,
        "eta": eta,
        "seed": seed if isinstance(seed, (int, type(None))) else None,
        "epochs": epochs,
        "eta_max": eta_max,
    }
    if diverged_at is not None:
        meta["diverged_at"] = diverged_at
        warnings.warn(
            f"Training diverged: at epoch {diverged_at} the SSE passed {DIVERGENCE_FACTOR:g} times its "
            f"first value, so the history stops there; use an eta below {eta_max:.4g}.",
            GdvizWarning,
            stacklevel=2,
        )
    return rec.history(**meta)
