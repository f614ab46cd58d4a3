"""What the Hessian says about a run: scaling, a learning rate, stability, the gap to least squares.

One place for every number and every sentence that :func:`gdviz.train` warns with and
the command line's run report (:mod:`gdviz.report`) prints, so the API and the command
line say the same thing. Pure numpy; nothing here draws.

Notes
-----
The SSE E(w0, w1) = 1/2 sum (y - w1 x - w0)^2 is a quadratic bowl with the constant
Hessian H = [[N, sum x], [sum x, sum x^2]] and eigenvalues 0 <= lambda_min <= lambda_max.
Along the eigenvector of lambda, full-batch gradient descent multiplies the distance to
the optimum by (1 - eta lambda) each epoch, so

* it is stable only while eta < 2 / lambda_max (the stability bound);
* with eta <= 1 / lambda_max no direction overshoots, and the excess SSE above least
  squares shrinks at least by (1 - eta lambda_min)^2 per epoch;
* the condition number kappa = lambda_max / lambda_min says how long and narrow the
  valley is: at the best fixed eta it takes about kappa epochs per e-fold.

Standardising x, x' = (x - mean) / sd, turns H into N times the identity (kappa = 1)
without changing y, so the SSE keeps the data's units. x given as calendar years has
kappa near 1e12, the tutorial's x in [0, 1] about 20.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..errors import GdvizError
from ..data.moments import Moments

__all__ = [
    "SCALE_POLICIES", "AUTO_SCALE_CONDITION", "GAP_WARN", "GAP_TARGET", "EXACT_FIT", "gap_reference", "Conditioning", "Scaling",
    "choose_scaling", "auto_eta", "relative_gap", "stability_message", "divergence_message",
    "singular_message", "gap_message", "describe_gap", "condition_text", "still_falling",
    "REGIMES", "REGIME_OPTIMIZERS", "TO_GAP", "regime", "epochs_to_gap", "principal_axes",
]

SCALE_POLICIES = ("auto", "none", "center", "standardize")
#: scale="auto" standardises x when the Hessian on x as given is worse conditioned than this.
AUTO_SCALE_CONDITION = 100.0
#: A run ending more than this fraction above the least-squares SSE gets a warning. The
#: tutorial's own run ends 5-18% above it (depending on the seed): that is its lesson.
GAP_WARN = 0.25
#: eta="auto" aims to end this close (as a fraction) to the least-squares SSE.
GAP_TARGET = 1e-6
#: eta="auto" makes the excess SSE fall at least this much (a visible descent) and need
#: fall no more than _MAX_FALL (data on an exact line has a least-squares SSE of 0).
_MIN_FALL, _MAX_FALL = 1e4, 1e14


def condition_text(v: float) -> str:
    """A condition number, short: 19.3, 2.57e3, inf."""
    return "inf" if math.isinf(v) else f"{v:.3g}".replace("e+0", "e").replace("e+", "e")


def describe_gap(final: float, best: float, gap: float) -> str:
    """'5.94% above the least-squares 0.9243', or '106 times ...' for a large gap."""
    if best <= 1e-12 * max(final, 1.0) or best == 0:
        return f"the least-squares SSE is 0 (the points lie on a line), {final:.3g} to go"
    if gap < 10:
        return f"{100 * gap:.3g}% above the least-squares {best:.4g}"
    return f"{final / best:.3g} times the least-squares {best:.4g}"


@dataclass(frozen=True)
class Conditioning:
    """The Hessian's eigenvalues, and what they imply."""

    lam_min: float
    lam_max: float
    singular: bool

    @classmethod
    def of(cls, moments: Moments) -> "Conditioning":
        lo, hi = moments.eigenvalues()
        return cls(lo, hi, bool(moments.constant_x or lo <= 0.0))

    @property
    def condition_number(self) -> float:
        """lambda_max / lambda_min; infinite when H is singular (all x equal)."""
        return math.inf if self.singular else self.lam_max / self.lam_min

    @property
    def eta_max(self) -> float:
        """The stability bound 2 / lambda_max: gradient descent diverges at or above it."""
        return 2.0 / self.lam_max

    @property
    def lam_slow(self) -> float:
        """The smallest eigenvalue along which the weights move (lambda_max when H is singular)."""
        return self.lam_max if self.singular else self.lam_min


@dataclass(frozen=True)
class Scaling:
    """How x is transformed for training: x' = (x - shift) / scale, with the reason."""

    policy: str  # "none", "center" or "standardize"
    shift: float
    scale: float
    reason: str

    @property
    def active(self) -> bool:
        return self.policy != "none"

    def apply(self, x: np.ndarray) -> np.ndarray:
        """x' for training; x itself (the same array) when nothing is scaled."""
        if not self.active:
            return x
        return (x - self.shift) / self.scale

    def to_trained(self, w0: float, w1: float) -> tuple[float, float]:
        """A line y = w1 x + w0 in data units as weights on x'."""
        return w0 + w1 * self.shift, w1 * self.scale


def choose_scaling(moments: Moments, scale: str = "auto") -> Scaling:
    """Decide whether training runs on x as given, on centred x or on standardised x.

    Parameters
    ----------
    moments : Moments
        Of the data as given.
    scale : {"auto", "none", "center", "standardize"}
        ``center`` trains on x' = x - mean(x): the Hessian becomes diagonal, so slope and
        intercept are decoupled (its condition number is then max(1, var x)/min(1, var x)).
        ``auto`` standardises when the condition number of H on x as given exceeds
        :data:`AUTO_SCALE_CONDITION` (100), and trains on x as given otherwise, which
        keeps the tutorial's x in [0, 1] (condition number about 20) as the tutorial
        trains it.

    Notes
    -----
    Standardising uses the population sd, sqrt(sum (x - mean)^2 / N), so that the new
    Hessian is exactly N times the identity. When all x are equal the sd is 0: x is then
    only centred (scale 1), never divided by zero.
    """
    if scale not in SCALE_POLICIES:
        raise GdvizError(
            f"`scale` must be one of {', '.join(map(repr, SCALE_POLICIES))}; not {scale!r}."
        )
    cond = Conditioning.of(moments).condition_number
    if scale == "none":
        return Scaling("none", 0.0, 1.0, "x is used as given, as asked (scale 'none')")
    if scale == "center":
        return Scaling("center", moments.mean_x, 1.0,
                       f"x is centred, x' = x - {moments.mean_x:.6g}, as asked (scale 'center')")
    if scale == "auto" and cond <= AUTO_SCALE_CONDITION:
        return Scaling("none", 0.0, 1.0,
                       f"x is used as given: the condition number {condition_text(cond)} is at most {AUTO_SCALE_CONDITION:g}")
    sd = moments.sd_x
    why = "as asked (scale 'standardize')" if scale == "standardize" else \
        f"the condition number {condition_text(cond)} on x as given is above {AUTO_SCALE_CONDITION:g}"
    if moments.constant_x or not sd > 0:
        return Scaling("standardize", moments.mean_x, 1.0,
                       f"x is centred, x' = x - {moments.mean_x:.6g} ({why}; all x are equal, so it is not divided by its sd of 0)")
    return Scaling("standardize", moments.mean_x, sd,
                   f"x is standardised, x' = (x - {moments.mean_x:.6g}) / {sd:.4g} ({why})")


#: A least-squares SSE below this fraction of sum (y - mean y)^2 / 2 counts as an exact fit.
EXACT_FIT = 1e-6


def gap_reference(best: float, spread: float, initial: float) -> float:
    """The SSE a gap is measured against: the least-squares SSE, or a floor when a line fits exactly.

    Parameters
    ----------
    best : float
        The least-squares SSE.
    spread : float
        The SSE of the flat line through the mean of y, 1/2 sum (y - mean y)^2.
    initial : float
        The SSE of the starting line (used only when y is constant).

    Notes
    -----
    When the points lie on a line (best = 0 up to rounding) a relative gap would divide
    by zero; measuring it against EXACT_FIT (a millionth) of `spread` instead keeps it
    finite and independent of where training started.
    """
    floor = EXACT_FIT * spread if spread > 0 else EXACT_FIT * abs(initial)
    return max(best, floor, np.finfo(float).tiny)


def relative_gap(final: float, best: float, reference: float) -> float:
    """(final - best) / reference: the SSE's distance above least squares as a fraction (see gap_reference)."""
    return max(final - best, 0.0) / reference


def auto_eta(trained: Conditioning, epochs: int, start_excess: float, reference: float) -> tuple[float, str]:
    """The learning rate for eta="auto", and the reason, in one sentence.

    Parameters
    ----------
    trained : Conditioning
        Of the coordinates actually trained (standardised x or x as given).
    epochs : int
        The history has this many rows, so epochs - 1 updates.
    start_excess : float
        SSE above least squares at the start.
    reference : float
        The least-squares SSE, or its floor for an exact fit (:func:`gap_reference`).

    Notes
    -----
    With eta <= 1/lambda_max the excess SSE after k updates is at most
    (1 - eta lambda_min)^(2k) times where it started. Asking it to end GAP_TARGET
    (a millionth) of the least-squares SSE above it, i.e. to fall by
    F = start_excess / (GAP_TARGET reference), clipped to [1e4, 1e14] so there is always a
    descent to watch, gives eta = (1 - F^(-1/(2k))) / lambda_min. That is capped at
    1/lambda_max, half the stability bound: the largest step with which no direction
    overshoots. After standardising (kappa = 1) the cap never binds and the descent
    spreads over the whole run instead of landing in one step.
    """
    steps = max(int(epochs) - 1, 1)
    fall = start_excess / (GAP_TARGET * reference)
    fall = min(max(fall, _MIN_FALL), _MAX_FALL)
    rate = -math.expm1(-math.log(fall) / (2 * steps))  # 1 - fall**(-1/(2 steps)), accurately
    lam = trained.lam_slow
    eta = rate / lam
    cap = 1.0 / trained.lam_max
    if eta >= cap:
        eta = cap
        reason = (f"1/lambda_max, half the stability bound 2/lambda_max: the largest step that overshoots in "
                  f"no direction, so the condition number {condition_text(trained.condition_number)} sets the pace")
    else:
        reason = (f"makes the SSE's excess over least squares fall about 1e{round(math.log10(fall))}-fold "
                  f"in {epochs} epoch{'s' if epochs != 1 else ''} along the slowest direction (lambda = {lam:.4g}), "
                  f"{trained.eta_max / eta:.0f}x below the stability bound {trained.eta_max:.4g}")
    return float(eta), reason


def stability_message(eta: float, cond: Conditioning, scaled: bool, optimizer=None) -> Optional[str]:
    """The warning for an eta at or above the optimizer's stability bound (gd's 2/lambda_max by default), else None.

    `optimizer` is a :class:`gdviz.optimizers.Optimizer`; the adaptive ones and sgd have
    no bound to warn about.
    """
    if optimizer is None or optimizer.name == "gd":
        bound, formula, who = cond.eta_max, "2/lambda_max(H)", "gradient descent"
    else:
        bound, formula, who = optimizer.stability_bound(cond.lam_max), optimizer.bound_formula, optimizer.name
    if bound is None or eta < bound:
        return None
    where = " (H on standardised x)" if scaled else ""
    the = "the" if who == "gradient descent" else f"{who}'s"
    return (f"eta = {eta:g} is at or above {the} stability bound {formula} = {bound:.4g}{where}, "
            f"so {who} will diverge; use an eta below {bound:.4g} (or eta='auto').")


def divergence_message(epoch: int, factor: float, advice, finite: bool = True) -> str:
    """The warning for a run stopped at `epoch` (its SSE passed `factor` times the first, or was not finite).

    `advice` is the fix to suggest (an optimizer's ``divergence_advice``), or a stability
    bound as a number ("use an eta below it").
    """
    what = f"passed {factor:.0e} times its first value".replace("e+0", "e") if finite else "stopped being a finite number"
    if not isinstance(advice, str):
        advice = f"use an eta below {advice:.4g} (or eta='auto')"
    return (f"Training diverged: at epoch {epoch} the SSE {what}, so the history stops there (epochs 0 to "
            f"{epoch - 1} are kept); {advice}.")


def singular_message(moments: Moments) -> str:
    return (f"All {moments.n} x values equal {moments.mean_x:.6g}, so the Hessian is singular and no slope fits "
            f"better than another: gdviz fits the mean of y, {moments.mean_y:.6g}, at that x and the slope it ends "
            "with means nothing; give x values that differ to fit a slope.")


def _more_epochs(eta: float, cond: Conditioning, excess: float, reference: float, rate=None) -> Optional[int]:
    """Epochs more to bring the excess SSE down to GAP_WARN / 2 of least squares at this eta.

    `rate(a)` is how much an epoch shrinks the error along a direction with
    eta * lambda = a (gd's |1 - a| by default); None when the optimizer has no fixed rate.
    """
    rate = rate or (lambda a: abs(1.0 - a))
    rates = (rate(eta * cond.lam_slow), rate(eta * cond.lam_max))
    if None in rates:
        return None
    q = max(rates)
    target = 0.5 * GAP_WARN * reference
    if not (0.0 < q < 1.0) or excess <= target or target <= 0:
        return None
    return int(math.ceil(math.log(target / excess) / (2.0 * math.log(q))))


def still_falling(loss: np.ndarray) -> bool:
    """Whether the SSE was still falling steadily when the run ended (too slow), not hopping or stuck.

    Steadily: over the last quarter of the run the SSE fell from its first epoch to its
    last and rose at none in between, so more epochs or a larger eta would take it
    further. A run that crossed the valley's floor and climbs the other wall raises
    the SSE at some epoch (RMSprop's hops, Adam's or sgd's overshoot): a smaller eta
    helps there. A run of fewer than four epochs counts as falling.

    The SSE's size says nothing either way: Adam at eta = 0.001 on the tutorial's data
    ends 579 times above least squares still walking down at about eta per epoch.
    """
    loss = np.asarray(loss, dtype=np.float64)
    if loss.size < 4:
        return True
    tail = loss[(3 * (loss.size - 1)) // 4 :]
    return bool(tail[-1] < tail[0] and (np.diff(tail) <= 0.0).all())


def gap_message(*, epochs: int, final: float, best: float, reference: float, eta: float,
                trained: Conditioning, data: Conditioning, scaled: bool, optimizer=None,
                falling: bool = True) -> Optional[str]:
    """The warning for a run that ends far (> GAP_WARN) above least squares, with what to change.

    `optimizer` (a :class:`gdviz.optimizers.Optimizer`, gd when None) says how fast it
    converges and what to change about eta; `falling` says whether the SSE was still
    falling at the end (too slow) or had stopped (stuck or circling).
    """
    gap = relative_gap(final, best, reference)
    if gap <= GAP_WARN:
        return None
    advice = []
    rate = None if optimizer is None else optimizer.rate
    more = _more_epochs(eta, trained, final - best, reference, rate)
    if more is not None:
        advice.append(f"train about {more:,} more epochs")
    elif optimizer is not None and optimizer.name != "gd" and falling:
        advice.append("train more epochs")
    if optimizer is None:
        if eta < 0.5 / trained.lam_max:
            advice.append(f"raise eta toward 1/lambda_max = {1.0 / trained.lam_max:.4g} (eta='auto' picks one)")
    else:
        advice.extend(optimizer.eta_advice(eta, trained, falling))
    if not scaled and data.condition_number > AUTO_SCALE_CONDITION:
        advice.append(f"standardise x (scale='standardize', --scale standardize), which brings the condition "
                      f"number from {condition_text(data.condition_number)} to 1")
    if not advice:
        advice.append("train for more epochs")
    how = advice[0] if len(advice) == 1 else ", ".join(advice[:-1]) + ", or " + advice[-1]
    if best < reference:
        far = f"though a line fits the points exactly (least-squares SSE {best:.2g})"
    else:
        far = describe_gap(final, best, gap)
    return f"After {epochs} epoch{'s' if epochs != 1 else ''} the SSE is {final:.4g}, {far}: {how}."


# -- regimes: what eta does on this bowl, named -------------------------------------------------

#: The names :func:`regime` gives, in the order of its rules (gd's, then momentum's and Nesterov's).
REGIMES = ("diverges", "fastest", "oscillates", "creeps", "converges", "ripples")
#: The optimizers whose iteration on the bowl is linear, so that their eta has a regime.
REGIME_OPTIMIZERS = ("gd", "momentum", "nesterov")
#: "Epochs to 1%": the first epoch whose SSE is within this fraction of least squares.
TO_GAP = 0.01
#: gd counts as "fastest" when its slowest direction shrinks at least this share as fast as at the best eta.
_FASTEST_SHARE = 0.95


def _gd_regime(eta: float, cond: Conditioning, epochs: int) -> str:
    """gd's regime: the first of diverges, fastest, oscillates, creeps that applies, else converges."""
    lo, hi = cond.lam_slow, cond.lam_max
    if eta * hi >= 2.0:
        return "diverges"
    rate = 1.0 - max(abs(1.0 - eta * lo), abs(1.0 - eta * hi))
    if rate >= _FASTEST_SHARE * 2.0 * lo / (lo + hi):
        return "fastest"
    if eta * hi > 1.0:
        return "oscillates"
    shrink = abs(1.0 - eta * lo)
    if shrink > 0.0 and math.log(100.0) / -math.log(shrink) > epochs:
        return "creeps"
    return "converges"


def _velocity_roots(optimizer: str, a: float, beta: float) -> np.ndarray:
    """The roots z of the error's recurrence along a direction with eta * lambda = a."""
    if optimizer == "momentum":
        b, c = 1.0 + beta - a, beta
    else:  # nesterov
        b, c = (1.0 + beta) * (1.0 - a), beta * (1.0 - a)
    return np.roots([1.0, -b, c])


def regime(optimizer: str, eta: float, cond: Conditioning, epochs: int,
           hyperparameters: Optional[dict] = None) -> Optional[str]:
    """The name of what `eta` does on this bowl: gd's, momentum's or Nesterov's regime (None for the others).

    Parameters
    ----------
    optimizer : str
        The optimizer's name; only ``gd``, ``momentum`` and ``nesterov`` have regimes
        (the others' iterations are not linear).
    eta : float
        The learning rate.
    cond : Conditioning
        The Hessian's eigenvalues in the coordinates trained.
    epochs : int
        The run's length, for "creeps".
    hyperparameters : dict, optional
        ``beta`` for momentum and Nesterov (0.9 when absent).

    Returns
    -------
    str or None
        gd, the first that applies: ``diverges`` (eta lambda_max >= 2), ``fastest`` (the
        rate 1 - max|1 - eta lambda| at least 95% of its best, 2 lambda_min /
        (lambda_min + lambda_max)), ``oscillates`` (1 < eta lambda_max < 2: the steep
        direction flips sign each epoch), ``creeps`` (the shallow direction needs more
        than `epochs` epochs to shrink its error 100-fold, ln 100 / -ln|1 - eta
        lambda_min|), else ``converges``. With a singular H, lambda_min is the smallest
        non-zero eigenvalue.
        Momentum (z^2 - (1 + beta - eta lambda) z + beta) and Nesterov
        (z^2 - (1 + beta)(1 - eta lambda) z + beta (1 - eta lambda)), per eigen-direction:
        ``diverges`` when a root has modulus >= 1, ``ripples`` when any direction's roots
        are complex (it spirals in), else ``converges``.
    """
    if optimizer not in REGIME_OPTIMIZERS:
        return None
    if optimizer == "gd":
        return _gd_regime(float(eta), cond, int(epochs))
    beta = float((hyperparameters or {}).get("beta", 0.9))
    lams = [cond.lam_max] if cond.singular else [cond.lam_min, cond.lam_max]  # the flat direction never moves
    roots = [_velocity_roots(optimizer, float(eta) * lam, beta) for lam in lams]
    if any(float(np.abs(z).max()) >= 1.0 for z in roots):
        return "diverges"
    if any(bool(np.iscomplex(z).any()) for z in roots):
        return "ripples"
    return "converges"


def epochs_to_gap(loss, best: float, reference: float, gap: float = TO_GAP) -> Optional[int]:
    """The first epoch whose SSE is at most `gap` (1%) above least squares, by :func:`relative_gap`; None if none.

    `best` is the least-squares SSE and `reference` what gaps are measured against
    (:func:`gap_reference`).
    """
    loss = np.asarray(loss, dtype=np.float64)
    within = np.flatnonzero(np.maximum(loss - best, 0.0) / reference <= gap)
    return int(within[0]) if within.size else None


def principal_axes(moments: Moments) -> list:
    """The bowl's principal axes: [(lambda, unit eigenvector (w0, w1)), ...], steep first.

    A level set of the SSE is an ellipse whose half-axis along the eigenvector of lambda
    is proportional to 1/sqrt(lambda): long along the shallow direction.
    """
    lams, vecs = np.linalg.eigh(moments.hessian())
    return [(float(lams[k]), (float(vecs[0, k]), float(vecs[1, k]))) for k in (1, 0)]
