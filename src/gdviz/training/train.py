"""train(): fit a line by gradient descent or one of its descendants, and say how the run went.

It checks the options, chooses the coordinates (x as given or standardised), the start
and the learning rate, runs the training core (:mod:`gdviz.training.core`) on the
points or, for long runs, on the six sums, and records a History with what a reader
needs to know about the run. Nothing here imports matplotlib; training knows nothing of
drawing.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Any, Optional, Union

import numpy as np

from . import optimizers
from .core import DIVERGENCE_FACTOR, Descent, Points, descend
from .rates import parse_rate_schedule
from ..data.dataset import Dataset, SeedLike, seed_streams
from ..errors import GdvizError, GdvizWarning
from ..history import History
from .diagnostics import (
    Conditioning,
    Scaling,
    choose_scaling,
    divergence_message,
    gap_reference,
    gap_message,
    regime,
    relative_gap,
    singular_message,
    stability_message,
    still_falling,
)
from ..data.moments import Moments
from ..recorder import Recorder

__all__ = ["train", "OPTIMIZER_NAMES", "DIVERGENCE_FACTOR", "MAX_EPOCHS", "FAST_WORK", "initial_weights",
           "start_line", "settle_eta", "check_training_options", "check_sgd_work", "data_sums", "starting_weights"]

#: Optimizer names train() accepts, in the order a lecture meets them (the classes are
#: gdviz.optimizers.OPTIMIZERS).
OPTIMIZER_NAMES = tuple(optimizers.OPTIMIZERS)

#: The most epochs train() runs: a bound on time and memory (about 50 MB of history).
MAX_EPOCHS = 1_000_000

#: Above this many point-epochs (N x epochs) train() steps with the moments, O(1) per epoch.
FAST_WORK = 20_000_000

#: sgd needs the points every epoch, so it has no moments path; these bound its time
#: (about 10 s each on a small machine): point-epochs (N x epochs) and batch updates.
MAX_SGD_WORK = 20_000_000
MAX_SGD_UPDATES = 1_000_000

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


def _check_number(name: str, value: Any, *, positive: bool = False) -> float:
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


def check_training_options(epochs: Any, eta: Any, optimizer: Any, hyperparameters: Optional[dict] = None) -> tuple:
    """Validate training options; returns (epochs, eta, optimizer name, hyperparameters).

    eta comes back as a float, "auto", or None (the optimizer's default); the
    hyperparameters as a dict of every one the optimizer has, defaults filled in.
    """
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or not 1 <= epochs <= MAX_EPOCHS:
        raise GdvizError(f"`epochs` must be a whole number from 1 to {MAX_EPOCHS:,}; got {epochs!r}.")
    if eta is None:
        pass
    elif isinstance(eta, str) and eta.strip().lower() == "auto":
        eta = "auto"
    elif isinstance(eta, str):
        raise GdvizError(f"`eta` must be a number > 0 or 'auto'; got {eta!r}.")
    else:
        eta = _check_number("eta", eta, positive=True)
    name = optimizers.get(optimizer).name
    return int(epochs), eta, name, optimizers.check_hyperparameters(name, hyperparameters or {})


def check_sgd_work(n: int, epochs: int, batch_size: int) -> None:
    """Refuse an sgd run beyond MAX_SGD_WORK point-epochs or MAX_SGD_UPDATES updates, saying what fits."""
    full_batch = "a full-batch optimizer (gd, momentum, nesterov, adagrad, rmsprop, adam), which steps with the moments"
    if n * epochs > MAX_SGD_WORK:
        most = MAX_SGD_WORK // n
        fix = f"train at most {most:,} epochs, or choose {full_batch}" if most else f"choose {full_batch}"
        raise GdvizError(
            f"sgd walks through every point in every epoch, and {n:,} points x {epochs:,} epochs is more than its "
            f"bound of {MAX_SGD_WORK:,} point-epochs; {fix}."
        )
    per_epoch = -(-n // batch_size)
    if epochs * per_epoch > MAX_SGD_UPDATES:
        most = MAX_SGD_UPDATES // per_epoch
        raise GdvizError(
            f"sgd with batch_size={batch_size} makes {per_epoch:,} updates per epoch on {n:,} points, and "
            f"{epochs:,} epochs of them is more than its bound of {MAX_SGD_UPDATES:,} updates; train at most "
            f"{most:,} epochs, or take larger batches (batch_size={-(-n * epochs // MAX_SGD_UPDATES)} or more)."
        )


def train(
    data: Dataset,
    epochs: int = 300,
    eta: Union[float, str, None] = None,
    w0: Optional[float] = None,
    w1: Optional[float] = None,
    optimizer: str = "gd",
    seed: SeedLike = None,
    scale: str = "auto",
    schedule: Optional[str] = None,
    **hyperparameters: float,
) -> History:
    """Fit y_hat = w1*x + w0 to the sum of squared errors with gradient descent or one of its descendants.

    Parameters
    ----------
    data : Dataset
        The points, shape (N,) each, in their own units (e.g. from :func:`gdviz.load_csv`).
    epochs : int, default 300
        Number of epochs; the history has one row per epoch (the weights before its update).
    eta : float, "auto" or None, default None
        Learning rate. None is the optimizer's default: 0.001 for ``gd``, the
        tutorial's, and for the others the value in the table of
        :mod:`gdviz.optimizers` (``optimizers.OPTIMIZERS[name].default_eta``), chosen on
        the tutorial's data. ``"auto"`` computes one for this data and this run (see
        Notes); ``meta["eta"]`` and ``meta["eta_reason"]`` say which and why.
    w0, w1 : float, optional
        Initial intercept and slope, in the data's units (also when x is standardised).
        By default the tutorial's deliberately bad line, see :func:`start_line`.
    optimizer : {"gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}, default "gd"
        How a gradient becomes a step; each is a class in :mod:`gdviz.optimizers` whose
        docstring has its update equation (the update rules are also in Notes). The
        hyperparameters are keywords (below); spec strings such as ``"adam:beta1=0.8"``
        are the command line's.
    seed : int, numpy.random.SeedSequence or None, default None
        Seeds the initial weights and sgd's shuffles (the same integer given to
        make_data seeds the data; the three streams are independent). None draws a
        fresh starting line each time.
    scale : {"auto", "none", "center", "standardize"}, default "auto"
        Train on x as given, on x' = x - mean (``center``: slope and intercept
        decoupled) or on x' = (x - mean)/sd. ``auto`` standardises only when
        the Hessian on x as given has a condition number above 100: the tutorial's data
        (about 20) trains exactly as in the tutorial; real data (years, square metres)
        converges.
    schedule : str, optional
        A learning-rate schedule, ``NAME[:key=value...]``: ``"constant"`` (the
        default, None too), ``"inverse:decay=0.01"`` (η/(1 + decay·t)),
        ``"exp:gamma=0.99"`` (η·gammaᵗ), ``"step:every=100:factor=0.5"``
        (η·factor^⌊t/every⌋) or ``"cosine"`` (η·½(1 + cos(πt/epochs))), t counting
        epochs from 0 and η the run's `eta` (see :mod:`gdviz.training.rates`). Every
        optimizer takes one; ``meta["schedule"]`` holds the spec with every key, and
        ``history.etas`` (``history.eta_at(k)``) the η each epoch used.
    **hyperparameters
        The optimizer's own, by name, e.g. ``beta1=0.8`` for adam: ``batch_size`` (sgd,
        default 20); ``beta`` (momentum, nesterov, 0.9); ``eps`` (adagrad, rmsprop,
        adam, 1e-8); ``rho`` (rmsprop, 0.9); ``beta1``, ``beta2`` (adam, 0.9, 0.999).
        A name the optimizer does not have, or a value out of range, is a GdvizError.

    Returns
    -------
    History
        Row k holds the weights epoch k starts from (row 0 is the starting line), the
        full data's SSE there and the full data's gradient there, for every optimizer,
        in the coordinates trained (``w0``, ``w1``, ``grad_*``), with ``meta["x_shift"]``
        and ``meta["x_scale"]`` when x was standardised; ``history.intercept`` and
        ``history.slope`` give the line in data units. ``loss`` is the SSE in the data's
        units either way (y is never scaled). ``meta`` also holds ``optimizer`` (the
        bare name), ``hyperparameters`` (every one, with the values used; ``{}`` for
        gd), ``eta``, ``eta_reason``, ``eta_max`` (the optimizer's stability bound, or
        None when it has none), ``scale``, ``scale_reason``, ``condition_number`` (as
        trained), ``condition_number_data`` (x as given; None when singular),
        ``sse_least_squares``, ``gap`` (final SSE above least squares, as a fraction),
        ``regime`` (what eta does on this bowl: "creeps", "converges", "fastest",
        "oscillates" or "diverges" for gd, "converges", "ripples" or "diverges" for
        momentum and nesterov, None for the others; see
        :func:`gdviz.training.diagnostics.regime`) and ``diverged_at`` when training blew up.

    Raises
    ------
    GdvizError
        Before any training: `data` not a Dataset; `epochs` not a whole number from 1
        to 1,000,000; `eta` not a number > 0, "auto" or None; `w0`, `w1` not finite
        numbers; an unknown optimizer, a hyperparameter it does not have or a value out
        of range (beta, beta1, beta2, rho in [0, 1), eps > 0, batch_size a whole number
        >= 1); an unknown `scale`; an sgd run over its bounds (2e7 point-epochs, 1e6 batch updates); data
        too large for sums of squares in float64; a starting line whose SSE is not
        finite.

    Warns
    -----
    GdvizWarning
        All x equal (singular Hessian: only the intercept is fitted); eta at or above
        the optimizer's stability bound (before training; gd 2/lambda_max, momentum
        2(1+beta)/lambda_max, nesterov 2(1+beta)/((1+2 beta) lambda_max); the adaptive
        ones and sgd have none); divergence (the history stops at the last finite
        epoch); a final SSE more than 25% above least squares, with what to change. The
        tutorial's default run warns of nothing.

    Notes
    -----
    With ``optimizer="gd"`` each epoch runs the tutorial's steps on x (or x' when scaled):

    * forward pass:  y_hat = w1 * x + w0 (a linear unit)
    * loss:          E = 1/2 * sum (y - y_hat)^2
    * gradients:     dE/dw1 = sum -(y - y_hat) * x,   dE/dw0 = sum -(y - y_hat)
    * update:        w1 <- w1 - eta * dE/dw1,        w0 <- w0 - eta * dE/dw0

    The other optimizers keep the first three steps and change the update (their
    classes in :mod:`gdviz.optimizers`). With g = (dE/dw0, dE/dw1), t = 1, 2, ...
    counting updates, every state starting at 0, and squares, roots and divisions
    taken per weight:

    * sgd:       w <- w - eta * g_B for each batch B of the epoch's shuffle (g_B sums
      over the batch), so N/batch_size updates per epoch (rounded up);
    * momentum:  v <- beta v + g;  w <- w - eta v
    * nesterov:  v <- beta v + grad E(w - eta beta v);  w <- w - eta v
    * adagrad:   G <- G + g^2;  w <- w - eta g / (sqrt(G) + eps)
    * rmsprop:   s <- rho s + (1 - rho) g^2;  w <- w - eta g / (sqrt(s) + eps)
    * adam:      m <- beta1 m + (1 - beta1) g;  s <- beta2 s + (1 - beta2) g^2;
      w <- w - eta m_hat / (sqrt(s_hat) + eps), m_hat = m/(1 - beta1^t),
      s_hat = s/(1 - beta2^t).

    Every row, sgd's included, records the full data's SSE and gradient where the
    epoch starts.

    The Hessian of E is H = [[N, sum x], [sum x, sum x^2]], the same everywhere (E is
    a quadratic bowl). Along an eigenvector of H with eigenvalue lambda, one gd step
    multiplies the distance to the least-squares line by (1 - eta lambda), so gd is
    stable only while eta < 2 / lambda_max(H), and the condition number
    lambda_max / lambda_min says how much slower the valley's floor converges than its
    walls (momentum is stable below 2(1 + beta)/lambda_max, nesterov below
    2(1 + beta)/((1 + 2 beta) lambda_max); ``meta["eta_max"]``). A larger eta warns
    before training, and a run whose SSE becomes non-finite or exceeds 1e6 times its
    first value stops there (``meta["diverged_at"]``).

    Scaling: on x' = (x - m)/s (m the mean of x, s its population sd) the line is
    y = w1' x' + w0' = (w1'/s) x + (w0' - w1' m/s), and H' = N I: every direction
    converges at the same rate. Every optimizer runs in one loop,
    :func:`gdviz.training.core.descend`, held to the tutorial's own loop
    (:func:`gdviz.training.reference.tutorial_descent`); runs of more than FAST_WORK
    point-epochs (say 10^6 epochs on 200 points) take the same steps with the moments
    instead of the data, O(1) per epoch (:meth:`gdviz.data.moments.Moments.sse_and_gradient`).
    sgd needs the points, so it is bounded instead: at most MAX_SGD_WORK point-epochs and
    MAX_SGD_UPDATES updates.

    ``eta="auto"`` depends on the optimizer (each class's docstring has the details):

    * gd, sgd: the excess SSE falls to a millionth of the least-squares SSE by the last
      epoch, never above 1/lambda_max (:func:`gdviz.training.diagnostics.auto_eta`);
    * momentum, nesterov: the slowest direction critically damped, so every direction
      decays at the best rate beta allows: eta = (1 - sqrt(beta))^2 / lambda_min for
      momentum and ((1 - beta)/(1 + beta))^2 / lambda_min for nesterov (capped at half
      the stability bound);
    * adagrad, rmsprop, adam: from D, the larger distance of a weight from its
      least-squares value, since their steps are about eta long in each weight whatever
      the gradient: 3.5 D/sqrt(epochs), 1.5 D/epochs and 6 D/epochs.

    Examples
    --------
    >>> data = gdviz.make_data(seed=0)
    >>> history = gdviz.train(data, epochs=300, eta=0.001, seed=0)   # the tutorial's run
    >>> history.meta["gap"]                  # final SSE 6% above least squares: still creeping
    0.0593752663741582
    >>> gdviz.train(data, optimizer="momentum", beta=0.5, seed=0)
    >>> gdviz.train(gdviz.load_csv("cars.csv"), eta="auto")          # scaled, eta for the data
    """
    if not isinstance(data, Dataset):
        raise GdvizError(f"`data` must be a gdviz.Dataset (see gdviz.make_data); got {type(data).__name__}.")
    epochs, eta, optimizer, hyperparameters = check_training_options(epochs, eta, optimizer, hyperparameters)
    rates = parse_rate_schedule(schedule)
    method = optimizers.make(optimizer, **hyperparameters)  # at its default eta until eta is settled
    if isinstance(method, optimizers.SGD):  # the one optimizer that is not full-batch
        check_sgd_work(len(data), epochs, method.batch_size)
    moments = data_sums(data)
    scaling = choose_scaling(moments, scale)
    trained = moments.scaled(scaling.shift, scaling.scale) if scaling.active else moments
    w0, w1 = starting_weights(moments, scaling, seed, w0, w1)
    eta, eta_reason = settle_eta(method, eta, epochs, moments, trained, w0, w1)
    method = optimizers.make(optimizer, eta, **hyperparameters)
    cond, cond_data = Conditioning.of(trained), Conditioning.of(moments)
    for before in (singular_message(moments) if cond_data.singular else None,
                   stability_message(eta, cond, scaling.active, method)):
        if before:
            warnings.warn(before, GdvizWarning, stacklevel=2)

    x = scaling.apply(data.x)
    etas = None if rates.constant else rates.etas(eta, epochs)
    run = _descend(Points(x, data.y), trained, method, w0, w1, epochs, seed, etas)
    method.eta = eta  # a learning-rate schedule leaves its last η in the optimizer; the advice is about the run's
    rec = Recorder(data, x_train=x if scaling.active else None)
    rec.extend(run.rows)
    best = trained.optimum()[2]
    reference = gap_reference(best, 0.5 * moments.cyy, float(trained.sse(w0, w1)))
    history = rec.history(
        optimizer=optimizer, hyperparameters=dict(hyperparameters), eta=eta, eta_reason=eta_reason,
        eta_max=method.stability_bound(cond.lam_max),
        regime=regime(optimizer, eta, cond, epochs, hyperparameters),
        seed=int(seed) if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) else None,
        epochs=epochs, **_about(data, scaling, cond, cond_data, run, best, reference))
    history = _with_ahead(history, run)
    if etas is not None:  # the η each recorded epoch used, and the spec that made them
        history = dataclasses.replace(history, meta={**history.meta, "schedule": rates.spec},
                                      etas=etas[: len(history)])
    far = _verdict(history, run, method, best=best, reference=reference, trained=cond, data=cond_data,
                   scaled=scaling.active)
    if far:
        warnings.warn(far, GdvizWarning, stacklevel=2)
    return history


def _descend(points: Points, trained: Moments, method: optimizers.Optimizer, w0: float, w1: float, epochs: int,
             seed: SeedLike, etas: Optional[np.ndarray] = None) -> Descent:
    """The training core's run: on the points, or on their sums when it is long (over FAST_WORK point-epochs).

    sgd always walks the points, in the order of the seed's third stream.
    """
    on_moments = method.full_batch and points.x.size * epochs > FAST_WORK
    shuffles = None if method.full_batch else np.random.default_rng(seed_streams(seed)[2])
    run = descend(trained if on_moments else points, method, w0, w1, epochs, shuffles, etas)
    if run.diverged_at == 0:
        raise GdvizError(
            "The starting line's SSE or gradient is not finite (the data or the initial weights are too "
            "large for float64); give smaller initial weights w0 and w1."
        )
    return run


def _with_ahead(history: History, run: Descent) -> History:
    """The history with the look-ahead gradients its optimizer asked for (Nesterov), when there are any.

    They replay its velocity exactly (:mod:`gdviz.training.state`). A run that blew up may
    have asked for an infinite one; then none is kept, and the maths panel says so.
    """
    ahead = run.ahead
    if ahead is None or ahead.shape[0] != len(history) or not np.isfinite(ahead).all():
        return history
    return dataclasses.replace(history, ahead_w0=ahead[:, 0], ahead_w1=ahead[:, 1])


def data_sums(data: Dataset) -> Moments:
    """The data's moments, or a GdvizError when its sums of squares overflow float64."""
    with np.errstate(over="ignore", invalid="ignore"):
        moments = Moments.of(data)
    if not all(math.isfinite(v) for v in (moments.cxx, moments.cxy, moments.cyy, moments.sxx)):
        big = max(float(np.abs(data.x).max()), float(np.abs(data.y).max()))
        raise GdvizError(
            f"The data are too large for sums of squares in float64 (the largest value is {big:.3g}); "
            "divide x or y by a power of ten first."
        )
    return moments


def starting_weights(moments: Moments, scaling: Scaling, seed: SeedLike, w0: Optional[float],
                     w1: Optional[float]) -> tuple[float, float]:
    """The starting weights in the trained coordinates: the given line (data units) or :func:`start_line`."""
    start = start_line(moments, scaling, seed)
    w0 = start[0] if w0 is None else _check_number("w0", w0)
    w1 = start[1] if w1 is None else _check_number("w1", w1)
    return scaling.to_trained(w0, w1) if scaling.active else (w0, w1)


def _about(data: Dataset, scaling: Scaling, cond: Conditioning, cond_data: Conditioning, run: Descent,
           best: float, reference: float) -> dict:
    """The rest of a trained History's meta: scaling, conditioning, the gap, the data's names and flags."""
    meta = {
        "scale": scaling.policy,
        "scale_reason": scaling.reason,
        "condition_number": _json_number(cond.condition_number),
        "condition_number_data": _json_number(cond_data.condition_number),
        "sse_least_squares": best,
        "gap": relative_gap(float(run.rows[-1, 2]), best, reference),
    }
    if scaling.active:
        meta["x_shift"], meta["x_scale"] = scaling.shift, scaling.scale
    if (data.x_name, data.y_name) != ("x", "y"):
        meta["x_name"], meta["y_name"] = data.x_name, data.y_name
    if data.rows_dropped:
        meta["rows_dropped"] = data.rows_dropped
    if data.x_dates:
        meta["x_dates"] = True
    if run.diverged_at is not None:
        meta["diverged_at"] = run.diverged_at
    return meta


def _verdict(history: History, run: Descent, method: optimizers.Optimizer, *, best: float, reference: float,
             trained: Conditioning, data: Conditioning, scaled: bool) -> Optional[str]:
    """The warning a finished run deserves: it diverged, or it ended far from least squares (None: neither)."""
    if run.diverged_at is not None:
        return divergence_message(run.diverged_at, DIVERGENCE_FACTOR, method.divergence_advice(trained.lam_max),
                                  not run.blew_up)
    return gap_message(epochs=len(history), final=float(history.loss[-1]), best=best, reference=reference,
                       eta=method.eta, trained=trained, data=data, scaled=scaled, optimizer=method,
                       falling=still_falling(history.loss))


def settle_eta(method: optimizers.Optimizer, eta: Union[float, str, None], epochs: int, moments: Moments,
               trained: Moments, w0: float, w1: float) -> tuple[float, str]:
    """The learning rate :func:`train` uses, and why (``meta["eta"]``, ``meta["eta_reason"]``).

    `eta` is a number, "auto" or None (the optimizer's default); `moments` are the
    data's, `trained` those of the x trained on, and (w0, w1) the start in the trained
    coordinates. The explore page takes its per-optimizer learning rates from here too.
    """
    if eta == "auto":
        cond = Conditioning.of(trained)
        best_w0, best_w1, best = trained.optimum()
        first = float(trained.sse(w0, w1))
        reference = gap_reference(best, 0.5 * moments.cyy, first)
        distance = max(abs(w0 - best_w0), abs(w1 - best_w1))
        eta, why = method.auto_eta(optimizers.Problem(cond, epochs, first - best, reference, distance))
        return eta, f"auto: {why}"
    if eta is None:
        return method.default_eta, f"fixed: {method.default_eta_reason}"
    # A number here (check_training_options made it a float).
    return float(eta), "fixed: the tutorial's default" if (method.name, eta) == ("gd", 0.001) else "fixed: as given"


def _json_number(v: float) -> Optional[float]:
    return v if math.isfinite(v) else None
