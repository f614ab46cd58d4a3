"""The optimizers: seven ways to turn a gradient into a step, each as small as its equation.

Every optimizer moves the two weights w = (w0, w1) of the line y_hat = w1*x + w0 downhill
on the SSE, E(w) = 1/2 sum (y - y_hat)^2, given its gradient g = dE/dw. They differ only
in what they remember between steps (a velocity, a sum of squared gradients, ...) and in
how that memory shapes the step. Notation, used in every docstring below:

* eta: the learning rate; t = 1, 2, ...: the update count;
* g: the gradient at the current weights (the full data's, or one batch's for sgd);
* g^2, sqrt, / : elementwise, on the two components separately;
* all state (v, G, s, m) starts at 0.

``train(data, optimizer="adam", beta1=0.8)`` picks one by name; on the command line
``--optimizer adam:beta1=0.8`` does the same (:func:`parse_spec`). Nothing here imports
matplotlib, and nothing here knows about data: the training core
(:mod:`gdviz.training.core`) hands each ``step`` the gradient and records the run.

A step works on the two weights as plain floats, one line per weight, as the page's
script does: the loop calls it once per epoch (for sgd once per batch), up to 10^6 times
in a run, and Python floats are many times faster than 2-element arrays there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Optional

import numpy as np

from .diagnostics import Conditioning, auto_eta as _gd_auto_eta
from ..errors import GdvizError

__all__ = [
    "Optimizer", "GD", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam",
    "OPTIMIZERS", "Problem", "get", "make", "check_hyperparameters", "parse_spec", "format_spec",
]

#: dE/dw at any weights: gradient(w0, w1) -> (dE/dw0, dE/dw1).
Gradient = Callable[[float, float], tuple]


# -- hyperparameters: what each may be, declared once ---------------------------------------

def _unit_interval(v: float) -> bool:
    return 0.0 <= v < 1.0


def _positive(v: float) -> bool:
    return v > 0.0


def _whole_at_least_one(v: float) -> bool:
    return v >= 1 and float(v).is_integer()


#: name -> (what it must be, the test, whether it is a whole number)
_RULES = {
    "beta": ("a number in [0, 1)", _unit_interval, False),
    "beta1": ("a number in [0, 1)", _unit_interval, False),
    "beta2": ("a number in [0, 1)", _unit_interval, False),
    "rho": ("a number in [0, 1)", _unit_interval, False),
    "eps": ("a finite number > 0", _positive, False),
    "batch_size": ("a whole number >= 1", _whole_at_least_one, True),
}


def _check_value(optimizer: str, name: str, value: Any) -> float:
    """One hyperparameter's value, as a float (an int for whole numbers), or a GdvizError."""
    need, ok, whole = _RULES[name]
    number = None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    elif not isinstance(value, (bool, np.bool_)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = None
    if number is None or not math.isfinite(number) or not ok(number):
        # From a command-line spec the value is text: "got 1.5" reads better than "got '1.5'".
        shown = value.strip() if isinstance(value, str) and number is not None else repr(value)
        raise GdvizError(f"The `{name}` of {optimizer} must be {need}; got {shown}.")
    return int(number) if whole else number


def _and(words: list) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class Problem:
    """What ``eta="auto"`` may look at, in the coordinates trained.

    Attributes
    ----------
    conditioning : Conditioning
        The Hessian's eigenvalues (lambda_min, lambda_max).
    epochs : int
        Length of the run (rows of the history).
    start_excess : float
        SSE above least squares at the starting line.
    reference : float
        The least-squares SSE, or its floor when a line fits exactly (see
        :func:`gdviz.training.diagnostics.gap_reference`).
    distance : float
        The larger of ``|w0 - w0*|`` and ``|w1 - w1*|`` between the start and the least-squares
        weights: how far a per-component step has to travel.
    """

    conditioning: Conditioning
    epochs: int
    start_excess: float
    reference: float
    distance: float


# -- the base class ---------------------------------------------------------------------------

class Optimizer:
    """One optimizer: its hyperparameters, its state, and one :meth:`step`.

    Parameters
    ----------
    eta : float, optional
        Learning rate, > 0; by default the optimizer's :attr:`default_eta`.
    **hyperparameters
        The optimizer's own, by name (:attr:`defaults` lists them with their defaults).

    Attributes
    ----------
    name : str
        The name ``train(optimizer=...)`` and ``--optimizer`` know it by.
    defaults : dict
        Every hyperparameter and its default.
    default_eta : float
        The learning rate used when none is given, chosen on the tutorial's data
        (200 points, x in [0, 1], 300 epochs); :attr:`default_eta_reason` says why
        (``meta["eta_reason"]`` is "fixed: " and that phrase).
    full_batch : bool
        True when each epoch is one step on the full data's gradient (so the trainer may
        compute it from the six moments); False for sgd, which needs the points.
    looks_ahead : bool
        True when ``step`` asks for the gradient at other weights (Nesterov): the
        training core then records those answers, so the state can be replayed.
    state_names : tuple of str
        The attributes that hold what the optimizer remembers between steps
        (:meth:`state`).
    hyperparameters : dict
        The values in use, defaults filled in.
    """

    name: ClassVar[str] = ""
    defaults: ClassVar[dict] = {}
    default_eta: ClassVar[float] = 0.001
    default_eta_reason: ClassVar[str] = ""
    full_batch: ClassVar[bool] = True
    looks_ahead: ClassVar[bool] = False
    state_names: ClassVar[tuple] = ()
    #: The stability bound as a teacher writes it, for the warning (None: no bound).
    bound_formula: ClassVar[Optional[str]] = None

    def __init__(self, eta: Optional[float] = None, **hyperparameters: float) -> None:
        self.hyperparameters = check_hyperparameters(self.name, hyperparameters)
        for key, value in self.hyperparameters.items():
            setattr(self, key, value)
        if eta is None:
            eta = self.default_eta
        if isinstance(eta, (bool, np.bool_)) or not isinstance(eta, (int, float, np.integer, np.floating)) \
                or not (math.isfinite(eta) and eta > 0):
            raise GdvizError(f"`eta` must be a finite number > 0; got {eta!r}.")
        self.eta = float(eta)
        self.start()

    def __repr__(self) -> str:
        hyper = "".join(f", {k}={v!r}" for k, v in self.hyperparameters.items())
        return f"{type(self).__name__}(eta={self.eta:g}{hyper})"

    def start(self) -> None:
        """Set the state to zero, as before the first update."""

    def state(self) -> dict:
        """What the optimizer remembers now, by attribute name (:attr:`state_names`), as plain numbers."""
        return {name: getattr(self, name) for name in self.state_names}

    def step(self, w0: float, w1: float, g0: float, g1: float, gradient: Gradient) -> tuple[float, float]:
        """The weights (w0, w1) after one update from (w0, w1), whose gradient is (g0, g1).

        Parameters
        ----------
        w0, w1 : float
            The weights now.
        g0, g1 : float
            dE/dw0 and dE/dw1 there (the batch's, for sgd).
        gradient : callable
            ``gradient(w0, w1) -> (dE/dw0, dE/dw1)`` at any other weights (only
            Nesterov looks ahead with it).
        """
        raise NotImplementedError

    # -- what the diagnostics ask of each optimizer --
    def stability_bound(self, lam_max: float) -> Optional[float]:
        """The eta at and above which this optimizer diverges on a quadratic bowl, or None."""
        return None

    def rate(self, a: float) -> Optional[float]:
        """How much one epoch shrinks the error along a direction with eta*lambda = `a` (None: no fixed rate)."""
        return None

    def auto_eta(self, problem: Problem) -> tuple[float, str]:
        """The learning rate ``eta="auto"`` picks, and why, in one phrase."""
        raise NotImplementedError

    def eta_advice(self, eta: float, trained: Conditioning, falling: bool) -> list[str]:
        """What to change about eta (or the hyperparameters) when a run ends far from least squares.

        `falling` says whether the SSE was still falling at the end of the run (slow) or
        had stopped (stuck or circling).
        """
        return []

    def divergence_advice(self, lam_max: float) -> str:
        """The fix a divergence warning suggests."""
        bound = self.stability_bound(lam_max)
        if bound is None:
            return "use a smaller eta (or eta='auto')"
        return f"use an eta below {bound:.4g} (or eta='auto')"


def _distance_phrase(problem: Problem) -> str:
    return f"the start is {problem.distance:.4g} from the least-squares weights"


def _distance(problem: Problem) -> float:
    """The distance to travel, never 0 (a start on the optimum still needs a step size)."""
    return max(problem.distance, np.finfo(float).tiny)


def _roots_radius(b: float, c: float) -> float:
    """The largest |z| with z^2 - b z + c = 0."""
    disc = b * b - 4.0 * c
    if disc < 0.0:
        return math.sqrt(c)
    root = math.sqrt(disc)
    return max(abs(b + root), abs(b - root)) / 2.0


# -- the seven --------------------------------------------------------------------------------

class GD(Optimizer):
    """Gradient descent: a step straight downhill, as long as the gradient is steep.

    Notes
    -----
    Every epoch::

        w <- w - eta * g

    On the SSE's quadratic bowl the error along an eigenvector of the Hessian H with
    eigenvalue lambda shrinks by ``|1 - eta lambda|`` per epoch: stable while
    eta < 2/lambda_max, fastest in the slow direction when eta is as large as that
    allows. The default eta is the tutorial's 0.001: the slope is still creeping after
    300 epochs (about 6% above least squares), which is its lesson.

    ``eta="auto"`` makes the SSE's excess over least squares fall to a millionth of the
    least-squares SSE by the last epoch, never above 1/lambda_max
    (:func:`gdviz.training.diagnostics.auto_eta`).
    """

    name = "gd"
    default_eta = 0.001
    default_eta_reason = "the tutorial's default"
    bound_formula = "2/lambda_max(H)"

    def step(self, w0: float, w1: float, g0: float, g1: float, gradient: Gradient) -> tuple[float, float]:
        return w0 - self.eta * g0, w1 - self.eta * g1

    def stability_bound(self, lam_max: float) -> float:
        return 2.0 / lam_max

    def rate(self, a: float) -> float:
        return abs(1.0 - a)

    def auto_eta(self, problem: Problem) -> tuple[float, str]:
        return _gd_auto_eta(problem.conditioning, problem.epochs, problem.start_excess, problem.reference)

    def eta_advice(self, eta: float, trained: Conditioning, falling: bool) -> list[str]:
        if eta < 0.5 / trained.lam_max:
            return [f"raise eta toward 1/lambda_max = {1.0 / trained.lam_max:.4g} (eta='auto' picks one)"]
        return []


class SGD(Optimizer):
    """Stochastic (mini-batch) gradient descent: many small steps per epoch, each on a few points.

    Parameters
    ----------
    batch_size : int, default 20
        Points per step. Each epoch shuffles the points and walks through them in
        batches; the last batch of an epoch may be smaller. ``batch_size`` >= N is
        gradient descent.

    Notes
    -----
    For each batch B of an epoch::

        g_B = ( sum_B (y_hat - y),  sum_B (y_hat - y) * x )
        w  <- w - eta * g_B

    g_B is a *sum* over the batch, as the SSE's gradient is a sum over all points, so an
    epoch of sgd moves about as far as one step of gd with the same eta, in N/B noisy
    pieces. The order comes from the third independent stream of ``train``'s `seed`:
    ``rng = numpy.random.default_rng(gdviz.data.seed_streams(seed)[2])`` and
    ``rng.permutation(N)`` at the start of every epoch.

    Every batch's Hessian is smaller than the full one (H is the sum of them), so
    eta < 2/lambda_max(H) keeps every step stable; a larger eta may still work, which is
    why sgd gives no warning before training. The default eta, 0.005, is five times
    gd's: ten steps per epoch on the tutorial's 200 points, each on a tenth of the data,
    get within 0.1% of least squares in about 90 epochs, and the loss curve stays
    jagged, since every batch pulls its own way.

    ``eta="auto"`` is gd's (the same per-epoch progress, and stable for every batch).
    """

    name = "sgd"
    defaults = {"batch_size": 20}
    batch_size: int  # set from the hyperparameters
    default_eta = 0.005
    default_eta_reason = ("sgd's default, five times gd's: ten steps per epoch, each on a tenth of the tutorial's "
                          "points, get within 0.1% of least squares in about 90 epochs, with a jagged loss")
    full_batch = False

    def step(self, w0: float, w1: float, g0: float, g1: float, gradient: Gradient) -> tuple[float, float]:
        return w0 - self.eta * g0, w1 - self.eta * g1

    def auto_eta(self, problem: Problem) -> tuple[float, str]:
        eta, why = _gd_auto_eta(problem.conditioning, problem.epochs, problem.start_excess, problem.reference)
        return eta, f"gd's: {why}; every batch's step is stable below 2/lambda_max"

    def eta_advice(self, eta: float, trained: Conditioning, falling: bool) -> list[str]:
        if falling and eta < 0.5 / trained.lam_max:
            return [f"raise eta toward 1/lambda_max = {1.0 / trained.lam_max:.4g} (eta='auto' picks one)"]
        if not falling:
            return [f"take larger batches (batch_size={2 * self.batch_size}) or a smaller eta: "
                    "each batch's gradient is a noisy guess of the full one"]
        return []

    def divergence_advice(self, lam_max: float) -> str:
        return (f"use an eta below 2/lambda_max(H) = {2.0 / lam_max:.4g}, which keeps every batch's step "
                "stable (or eta='auto')")


class Momentum(Optimizer):
    """Heavy-ball momentum: a velocity that keeps rolling, remembering past gradients.

    Parameters
    ----------
    beta : float in [0, 1), default 0.9
        How much velocity survives a step; beta = 0 is gradient descent.

    Notes
    -----
    Every epoch::

        v <- beta * v + g
        w <- w - eta * v

    In a long valley the gradients agree from step to step and v grows to about
    g / (1 - beta): ten times the step of gd with beta = 0.9. Across the valley they
    alternate and cancel. Along an eigenvector of H with eta lambda = a the error
    follows z^2 - (1 + beta - a) z + beta = 0: stable while a < 2 (1 + beta), i.e.
    eta < 2 (1 + beta) / lambda_max, and for (1 - sqrt(beta))^2 < a < (1 + sqrt(beta))^2
    the roots are complex, so the weights spiral in and overshoot, shrinking by
    sqrt(beta) per epoch.

    The default eta is gd's 0.001: on the tutorial's data the same step with beta = 0.9
    ends within 1e-9 of least squares instead of 6% above, and w1 overshoots its
    least-squares value on the way.

    ``eta="auto"`` is the smallest eta at which every direction decays at the best rate,
    sqrt(beta) per epoch: the slowest direction critically damped,
    eta = (1 - sqrt(beta))^2 / lambda_min, capped at (1 + beta) / lambda_max, half the
    stability bound.
    """

    name = "momentum"
    defaults = {"beta": 0.9}
    beta: float  # set from the hyperparameters, as each optimizer's are
    default_eta = 0.001
    default_eta_reason = ("momentum's default, gd's 0.001 for comparison: with beta = 0.9 the velocity grows to ten "
                          "gradients along the valley and overshoots across it")
    bound_formula = "2(1+beta)/lambda_max(H)"
    state_names = ("v0", "v1")

    def start(self) -> None:
        self.v0 = self.v1 = 0.0  # the velocity

    def step(self, w0: float, w1: float, g0: float, g1: float, gradient: Gradient) -> tuple[float, float]:
        self.v0 = self.beta * self.v0 + g0
        self.v1 = self.beta * self.v1 + g1
        return w0 - self.eta * self.v0, w1 - self.eta * self.v1

    def stability_bound(self, lam_max: float) -> float:
        return 2.0 * (1.0 + self.beta) / lam_max

    def rate(self, a: float) -> float:
        return _roots_radius(1.0 + self.beta - a, self.beta)

    def _critical(self) -> float:
        """eta * lambda at which a direction is critically damped."""
        return (1.0 - math.sqrt(self.beta)) ** 2

    def auto_eta(self, problem: Problem) -> tuple[float, str]:
        c = problem.conditioning
        eta = self._critical() / c.lam_slow
        cap = (1.0 + self.beta) / c.lam_max
        if eta >= cap:
            return cap, ("(1+beta)/lambda_max, half the stability bound 2(1+beta)/lambda_max: the condition "
                         "number is too large for every direction to decay at sqrt(beta) per epoch")
        return eta, (f"(1-sqrt(beta))^2/lambda_min: the slowest direction (lambda = {c.lam_slow:.4g}) critically "
                     f"damped, so every direction decays at sqrt(beta) = {math.sqrt(self.beta):.3g} per epoch")

    def eta_advice(self, eta: float, trained: Conditioning, falling: bool) -> list[str]:
        crit = self._critical() / trained.lam_slow
        if eta < 0.5 * crit:
            return [f"raise eta toward {crit:.4g}, where the slowest direction is critically damped (eta='auto')"]
        # The fastest heavy ball on a quadratic (Polyak): both directions decay at (sqrt(k) - 1)/(sqrt(k) + 1).
        root_k = math.sqrt(trained.lam_max / trained.lam_slow)
        best_rate = (root_k - 1.0) / (root_k + 1.0)
        now = max(self.rate(eta * trained.lam_slow), self.rate(eta * trained.lam_max))
        if best_rate < 0.9 * now:
            beta = best_rate**2
            best_eta = 4.0 / (math.sqrt(trained.lam_max) + math.sqrt(trained.lam_slow)) ** 2
            return [f"use beta={beta:.2g} with eta={best_eta:.3g}, the fastest heavy ball for condition number "
                    f"{root_k**2:.3g} (the error shrinks by {best_rate:.2f} per epoch instead of {now:.2f})"]
        return []


class Nesterov(Optimizer):
    """Nesterov momentum: the velocity's gradient is taken where the velocity is about to carry w.

    Parameters
    ----------
    beta : float in [0, 1), default 0.9
        How much velocity survives a step.

    Notes
    -----
    Every epoch::

        v <- beta * v + gradient(w - eta * beta * v)
        w <- w - eta * v

    Looking ahead, it feels the far wall of the valley one step early and brakes: it
    overshoots less than heavy-ball momentum at the same eta and beta. Along an
    eigenvector of H with eta lambda = a the error follows
    z^2 - (1 + beta)(1 - a) z + beta (1 - a) = 0: stable while
    a < 2 (1 + beta) / (1 + 2 beta), i.e. eta < 2 (1 + beta) / ((1 + 2 beta) lambda_max).

    The default eta is gd's 0.001, to set beside gd and momentum: on the tutorial's data
    it ends within 1e-12 of least squares, and w1 overshoots less than with momentum.

    ``eta="auto"`` critically damps the slowest direction,
    eta = ((1 - beta) / (1 + beta))^2 / lambda_min, capped at half the stability bound.
    """

    name = "nesterov"
    defaults = {"beta": 0.9}
    beta: float  # set from the hyperparameters, as each optimizer's are
    default_eta = 0.001
    default_eta_reason = ("nesterov's default, gd's 0.001 for comparison: the look-ahead gradient brakes before the "
                          "far wall, so it overshoots less than momentum")
    bound_formula = "2(1+beta)/((1+2 beta) lambda_max(H))"
    looks_ahead = True
    state_names = ("v0", "v1")

    def start(self) -> None:
        self.v0 = self.v1 = 0.0  # the velocity

    def step(self, w0: float, w1: float, g0: float, g1: float, gradient: Gradient) -> tuple[float, float]:
        ahead = self.eta * self.beta
        q0, q1 = gradient(w0 - ahead * self.v0, w1 - ahead * self.v1)  # where the velocity carries w
        self.v0 = self.beta * self.v0 + q0
        self.v1 = self.beta * self.v1 + q1
        return w0 - self.eta * self.v0, w1 - self.eta * self.v1

    def stability_bound(self, lam_max: float) -> float:
        return 2.0 * (1.0 + self.beta) / ((1.0 + 2.0 * self.beta) * lam_max)

    def rate(self, a: float) -> float:
        return _roots_radius((1.0 + self.beta) * (1.0 - a), self.beta * (1.0 - a))

    def _critical(self) -> float:
        return ((1.0 - self.beta) / (1.0 + self.beta)) ** 2

    def auto_eta(self, problem: Problem) -> tuple[float, str]:
        c = problem.conditioning
        eta = self._critical() / c.lam_slow
        cap = 0.5 * self.stability_bound(c.lam_max)
        if eta >= cap:
            return cap, ("(1+beta)/((1+2 beta) lambda_max), half the stability bound: the condition number is too "
                         "large to critically damp the slowest direction")
        return eta, (f"((1-beta)/(1+beta))^2/lambda_min: the slowest direction (lambda = {c.lam_slow:.4g}) "
                     "critically damped")

    def eta_advice(self, eta: float, trained: Conditioning, falling: bool) -> list[str]:
        crit = self._critical() / trained.lam_slow
        if eta < 0.5 * crit:
            return [f"raise eta toward {crit:.4g}, where the slowest direction is critically damped (eta='auto')"]
        return []


class AdaGrad(Optimizer):
    """AdaGrad: each weight's step divided by the root of all its squared gradients so far.

    Parameters
    ----------
    eps : float > 0, default 1e-8
        Keeps the division finite while G is 0.

    Notes
    -----
    Every epoch::

        G <- G + g^2
        w <- w - eta * g / (sqrt(G) + eps)

    The first step is eta in each weight, whatever the gradient's size (``g / |g|``); then G
    only grows, so steps shrink roughly like 1/sqrt(t). A weight with steep gradients
    (here w1) is slowed as much as a shallow one: scale does not matter, the *distance*
    to travel does. The default eta, 1.0, is a thousand times gd's because it is in
    units of w, not of w per unit gradient: the tutorial's start is 5.3 from the
    least-squares slope, and shrinking steps need a large first one to get there in 300
    epochs (0.5 would end 18% above least squares).

    ``eta="auto"`` = 3.5 D / sqrt(epochs), with D the larger distance of a weight from
    its least-squares value: the first steps are a good fraction of D, and the
    1/sqrt(t) decay still leaves enough to arrive (about 1.0 on the tutorial).
    """

    name = "adagrad"
    defaults = {"eps": 1e-8}
    eps: float  # set from the hyperparameters
    default_eta = 1.0
    default_eta_reason = ("adagrad's default, a step in units of w: its steps shrink like 1/sqrt(t), so it needs about "
                          "1 to cover the tutorial's 5.3 to the least-squares slope")

    state_names = ("G0", "G1")

    def start(self) -> None:
        self.G0 = self.G1 = 0.0  # the sums of squared gradients

    def step(self, w0: float, w1: float, g0: float, g1: float, gradient: Gradient) -> tuple[float, float]:
        self.G0 = self.G0 + g0 * g0
        self.G1 = self.G1 + g1 * g1
        return (w0 - self.eta * g0 / (math.sqrt(self.G0) + self.eps),
                w1 - self.eta * g1 / (math.sqrt(self.G1) + self.eps))

    def auto_eta(self, problem: Problem) -> tuple[float, str]:
        eta = 3.5 * _distance(problem) / math.sqrt(problem.epochs)
        return eta, (f"3.5 D/sqrt(epochs): {_distance_phrase(problem)} (D), and AdaGrad's steps shrink like "
                     "1/sqrt(t)")

    def eta_advice(self, eta: float, trained: Conditioning, falling: bool) -> list[str]:
        return ["raise eta: AdaGrad's steps shrink like 1/sqrt(t) (eta='auto' sizes it from the distance to travel)"]


class RMSprop(Optimizer):
    """RMSprop: each weight's step divided by a running root-mean-square of its recent gradients.

    Parameters
    ----------
    rho : float in [0, 1), default 0.9
        How much of the running mean survives a step (about 1/(1 - rho) steps of memory).
    eps : float > 0, default 1e-8
        Keeps the division finite.

    Notes
    -----
    Every epoch::

        s <- rho * s + (1 - rho) * g^2
        w <- w - eta * g / (sqrt(s) + eps)

    Unlike AdaGrad, s forgets, so the steps stay about eta long however small the
    gradient becomes: RMSprop walks at a steady pace and, with a fixed eta, ends hopping
    around the optimum instead of settling (on the tutorial's data, a two-step cycle
    eta/2 from the least-squares weights in each component). The default eta, 0.03,
    comes within 0.1 of the least-squares slope in about 210 of the tutorial's 300 epochs
    and ends about 6% above least squares, like gd but for another reason: gd is still
    creeping, RMSprop is hopping.

    ``eta="auto"`` = 1.5 D / epochs, with D the larger distance of a weight from its
    least-squares value: at about eta per step it arrives in two thirds of the run, and
    the hop it ends with is as small as that allows.
    """

    name = "rmsprop"
    defaults = {"rho": 0.9, "eps": 1e-8}
    rho: float  # set from the hyperparameters
    eps: float
    default_eta = 0.03
    default_eta_reason = ("rmsprop's default: steps of about eta that never shrink cross the tutorial's 5.3 to the "
                          "least-squares slope in about 210 epochs, then hop around it")

    state_names = ("s0", "s1")

    def start(self) -> None:
        self.s0 = self.s1 = 0.0  # the running means of squared gradients

    def step(self, w0: float, w1: float, g0: float, g1: float, gradient: Gradient) -> tuple[float, float]:
        self.s0 = self.rho * self.s0 + (1 - self.rho) * (g0 * g0)
        self.s1 = self.rho * self.s1 + (1 - self.rho) * (g1 * g1)
        return (w0 - self.eta * g0 / (math.sqrt(self.s0) + self.eps),
                w1 - self.eta * g1 / (math.sqrt(self.s1) + self.eps))

    def auto_eta(self, problem: Problem) -> tuple[float, str]:
        eta = 1.5 * _distance(problem) / problem.epochs
        return eta, (f"1.5 D/epochs: {_distance_phrase(problem)} (D), covered at about eta per step in 2/3 of "
                     "the run")

    def eta_advice(self, eta: float, trained: Conditioning, falling: bool) -> list[str]:
        if falling:
            return ["raise eta (eta='auto' sizes it from the distance to travel)"]
        return ["lower eta: RMSprop's steps stay about eta long, so it ends hopping around the optimum"]


class Adam(Optimizer):
    """Adam: momentum on the gradient, RMSprop on its scale, both corrected for starting at 0.

    Parameters
    ----------
    beta1 : float in [0, 1), default 0.9
        Memory of the gradient (the momentum).
    beta2 : float in [0, 1), default 0.999
        Memory of the squared gradient (the scale).
    eps : float > 0, default 1e-8
        Keeps the division finite.

    Notes
    -----
    Update t = 1, 2, ...::

        m <- beta1 * m + (1 - beta1) * g
        s <- beta2 * s + (1 - beta2) * g^2
        m_hat = m / (1 - beta1^t)
        s_hat = s / (1 - beta2^t)
        w <- w - eta * m_hat / (sqrt(s_hat) + eps)

    The bias corrections undo the pull toward 0 of states that start at 0, so the first
    step is eta in each weight. Early steps are about eta long in *both* weights, so the
    path leaves the start at 45 degrees on the surface, whatever the gradient's
    direction; later s still remembers the large early gradients (beta2 = 0.999 is about
    1000 steps of memory) while m follows the smaller new ones, so the steps shrink and
    Adam settles without hopping. The default eta, 0.1, is in units of w: on the
    tutorial's data the path reaches within 0.1 of the least-squares slope (5.3 from the
    start) at about epoch 210 and ends within 0.1% of least squares.

    ``eta="auto"`` = 6 D / epochs, with D the larger distance of a weight from its
    least-squares value: the run is six times the D/eta epochs a straight walk at full
    step would take, room for the steps to shrink (about 0.1 on the tutorial).
    """

    name = "adam"
    defaults = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    beta1: float  # set from the hyperparameters
    beta2: float
    eps: float
    default_eta = 0.1
    default_eta_reason = ("adam's default, a step in units of w: the first steps are eta in each weight, then shrink "
                          "with the gradient, so 0.1 arrives near the end of the tutorial's 300 epochs")

    state_names = ("m0", "m1", "s0", "s1", "t", "beta1_t", "beta2_t")

    def start(self) -> None:
        self.m0 = self.m1 = 0.0  # the running mean of the gradient
        self.s0 = self.s1 = 0.0  # the running mean of its square
        self.t = 0
        # beta1^t and beta2^t, kept as running products: plain multiplication rounds the
        # same way everywhere (pow need not), so the explore page's JavaScript repeats
        # these steps bit for bit.
        self.beta1_t = 1.0
        self.beta2_t = 1.0

    def step(self, w0: float, w1: float, g0: float, g1: float, gradient: Gradient) -> tuple[float, float]:
        beta1, beta2 = self.beta1, self.beta2
        self.t += 1
        self.beta1_t *= beta1
        self.beta2_t *= beta2
        self.m0 = beta1 * self.m0 + (1 - beta1) * g0
        self.m1 = beta1 * self.m1 + (1 - beta1) * g1
        self.s0 = beta2 * self.s0 + (1 - beta2) * (g0 * g0)
        self.s1 = beta2 * self.s1 + (1 - beta2) * (g1 * g1)
        m_hat0, m_hat1 = self.m0 / (1 - self.beta1_t), self.m1 / (1 - self.beta1_t)
        s_hat0, s_hat1 = self.s0 / (1 - self.beta2_t), self.s1 / (1 - self.beta2_t)
        return (w0 - self.eta * m_hat0 / (math.sqrt(s_hat0) + self.eps),
                w1 - self.eta * m_hat1 / (math.sqrt(s_hat1) + self.eps))

    def auto_eta(self, problem: Problem) -> tuple[float, str]:
        eta = 6.0 * _distance(problem) / problem.epochs
        return eta, (f"6 D/epochs: {_distance_phrase(problem)} (D), and Adam's steps, eta at first, shrink with the "
                     "gradient")

    def eta_advice(self, eta: float, trained: Conditioning, falling: bool) -> list[str]:
        if falling:
            return ["raise eta (eta='auto' sizes it from the distance to travel)"]
        return ["lower eta: Adam's last steps are still a fraction of eta long"]


#: Every optimizer by name, in the order a lecture meets them.
OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (GD, SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)}


# -- finding, checking and spelling them --------------------------------------------------------

def get(name: str) -> type[Optimizer]:
    """The optimizer class called `name` (case-insensitive), or a GdvizError listing the names."""
    key = name.strip().lower() if isinstance(name, str) else None
    if key in OPTIMIZERS:
        return OPTIMIZERS[key]
    hint = ""
    if isinstance(name, str) and ":" in name:
        hint = (" (hyperparameters go in keywords, like train(data, optimizer='adam', beta1=0.8); "
                "spec strings such as 'adam:beta1=0.8' are for the command line, see parse_spec)")
    raise GdvizError(f"The `optimizer` must be one of {', '.join(map(repr, OPTIMIZERS))}; not {name!r}{hint}.")


def check_hyperparameters(name: str, given: dict) -> dict:
    """Every hyperparameter of optimizer `name`: the given values checked, the rest at their defaults.

    Raises
    ------
    GdvizError
        For an unknown optimizer, a hyperparameter it does not have (the message names
        the ones it has), or a value out of range (beta, beta1, beta2, rho in [0, 1);
        eps > 0; batch_size a whole number >= 1).
    """
    cls = get(name)
    unknown = [key for key in given if key not in cls.defaults]
    if unknown:
        them = ", ".join(f"`{k}`" for k in unknown)
        has = ("has no hyperparameters" if not cls.defaults else
               f"has the hyperparameters {_and([f'`{k}`' for k in cls.defaults])}")
        raise GdvizError(f"The optimizer {cls.name} has no hyperparameter {them}; it {has}.")
    return {key: (default if key not in given else _check_value(cls.name, key, given[key]))
            for key, default in cls.defaults.items()}


def make(name: str, eta: Optional[float] = None, **hyperparameters: float) -> Optimizer:
    """A fresh optimizer by name: ``make("adam", eta=0.05, beta1=0.8)``."""
    return get(name)(eta, **hyperparameters)


def parse_spec(text: str) -> tuple:
    """Read an optimizer spec from the command line: ``NAME`` or ``NAME:key=value:key=value``.

    Returns
    -------
    (str, dict)
        The bare name and the hyperparameters given (checked, as numbers; defaults are
        not filled in): ``parse_spec("adam:beta1=0.8")`` is ``("adam", {"beta1": 0.8})``.

    Raises
    ------
    GdvizError
        One sentence for a malformed spec, an unknown name or hyperparameter, a
        hyperparameter given twice, or a value out of range.
    """
    if not isinstance(text, str) or not text.strip():
        raise GdvizError(f"The `optimizer` must be a name like adam, or adam:beta1=0.8:beta2=0.99; got {text!r}.")
    head, *pairs = text.strip().split(":")
    cls = get(head)
    given: dict = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not key or not value:
            raise GdvizError(f"The `optimizer` spec {text!r} must be NAME or NAME:key=value:key=value, like "
                             f"adam:beta1=0.8:beta2=0.99; {pair!r} is not key=value.")
        if key in given:
            raise GdvizError(f"The `optimizer` spec {text!r} gives `{key}` twice; give it once.")
        given[key] = value
    checked = check_hyperparameters(cls.name, given)
    return cls.name, {key: checked[key] for key in given}


def format_spec(name: str, hyperparameters: Optional[dict] = None) -> str:
    """The spec string :func:`parse_spec` reads back.

    ``format_spec("adam", {"beta1": 0.8})`` is ``"adam:beta1=0.8"``.
    """
    return ":".join([name, *(f"{k}={v!r}" for k, v in (hyperparameters or {}).items())])
