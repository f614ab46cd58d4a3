"""The training core: the one loop every optimizer runs, on the points or on the six sums.

An epoch, whatever the optimizer: the SSE and gradient where the epoch starts (a row of
the history), the divergence rule, then the optimizer's update (one ``step``, or one
per batch for sgd). The loop asks a **bowl** for the SSE and gradient at any weights:

* :class:`Points`: the tutorial's forward and backward passes over the data, O(N);
* :class:`gdviz.data.moments.Moments`: the same from the six sums, O(1) per epoch
  (long runs; ``train`` switches at FAST_WORK point-epochs).

It checks for signals (:func:`gdviz.interrupts.check`) on one cadence of work done,
whatever the bowl and the optimizer: after about CHECK_WORK units of work, where one
point in one pass over the data counts 1, the numpy calls around a pass (over all the
points or over one batch) PASS_WORK, and a Python call on floats (an epoch on the sums,
an optimizer's step) CALL_WORK. That is a few milliseconds on a small machine, so a
Ctrl-C is heard well within 0.1 s on any run.

The readable loop of the tutorial, which this one is held to (1e-12), is
:func:`gdviz.training.reference.tutorial_descent`.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from itertools import chain
from typing import Callable, Optional

import numpy as np

from .. import interrupts

__all__ = ["Points", "Batches", "Descent", "descend", "checks_every", "DIVERGENCE_FACTOR", "CHECK_WORK",
           "PASS_WORK", "CALL_WORK"]

#: Training stops when the SSE grows past this many times its first value.
DIVERGENCE_FACTOR = 1e6

#: Work between two signal checks, in units of one point in one pass over the data (a
#: few nanoseconds each): about 4 ms on the 2-core development machine.
CHECK_WORK = 1_000_000
#: The work of the numpy calls around one pass over points (all of them, or one batch's).
PASS_WORK = 2000
#: The work of one Python call on floats: an epoch's SSE and gradient from the six sums,
#: or an optimizer's step.
CALL_WORK = 400


def checks_every(work: int) -> int:
    """How many steps of `work` units each go between two signal checks (at least 1)."""
    return max(1, CHECK_WORK // max(int(work), 1))


class Points:
    """The SSE and its gradient at any weights from the points themselves: the tutorial's passes, O(N).

    Parameters
    ----------
    x, y : numpy.ndarray, shape (N,)
        The points, x as trained (standardised or as given).
    """

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self.x, self.y = x, y

    @property
    def work(self) -> int:
        """The work of one evaluation, in units of one point in one pass (see :func:`checks_every`)."""
        return self.x.size + PASS_WORK

    def sse_and_gradient(self, w0: float, w1: float) -> tuple:
        """(E, dE/dw0, dE/dw1) at (w0, w1), as floats."""
        # Forward pass, and the residuals y_hat - y.
        residual = (w1 * self.x + w0) - self.y
        # SSE = 1/2 sum r^2; gradients dE/dw0 = sum r, dE/dw1 = sum r x.
        return 0.5 * float(residual @ residual), float(residual.sum()), float(residual @ self.x)

    def gradient(self, w0: float, w1: float) -> tuple:
        """(dE/dw0, dE/dw1) at (w0, w1), as floats."""
        residual = (w1 * self.x + w0) - self.y
        return float(residual.sum()), float(residual @ self.x)


Step = Callable[[float, float, float, float, Callable], tuple]


class Batches:
    """Mini-batch sgd's epoch: shuffle the points, then one step per batch, each on that batch's gradient.

    The points are shuffled at the start of every epoch with ``shuffles.permutation(N)``
    and cut into batches of `size` (the last may be smaller). The loop calls
    :meth:`epoch` where a full-batch optimizer takes its one step; the batches check
    for signals on the loop's cadence too, so an epoch of many small batches is
    interruptible.
    """

    def __init__(self, points: Points, size: int, shuffles: np.random.Generator, step: Step) -> None:
        self.x, self.y, self.size, self.shuffles, self.step = points.x, points.y, size, shuffles, step
        self.count = -(-self.x.size // size)
        self.per_check = checks_every(size + PASS_WORK + CALL_WORK)

    @property
    def work(self) -> int:
        """The work of one epoch's batches: the shuffle (one pass), then a gradient and a step per batch."""
        return 2 * self.x.size + self.count * (PASS_WORK + CALL_WORK)

    def epoch(self, w0: float, w1: float, g0: float, g1: float, gradient) -> tuple:
        """The weights after one epoch of batches from (w0, w1); the full data's gradient (g0, g1) is not used."""
        size, step = self.size, self.step
        order = self.shuffles.permutation(self.x.size)
        xs, ys = self.x[order], self.y[order]
        for k in range(self.count):
            if k and k % self.per_check == 0:
                interrupts.check()
            batch = Points(xs[k * size : (k + 1) * size], ys[k * size : (k + 1) * size])
            b0, b1 = batch.gradient(w0, w1)
            w0, w1 = step(w0, w1, b0, b1, batch.gradient)
        return w0, w1


@dataclass(frozen=True)
class Descent:
    """What the loop did: one row per epoch, and where it stopped if it diverged.

    Attributes
    ----------
    rows : numpy.ndarray, shape (epochs run, 5)
        Columns w0, w1, loss, grad_w0, grad_w1: row k is where epoch k starts.
    ahead : numpy.ndarray, shape (epochs run, 2), or None
        For an optimizer that looks ahead (Nesterov), row k is the gradient its update
        at epoch k asked for away from the row's weights: what a replay of its state
        needs and the rows do not hold. None for the others.
    diverged_at : int or None
        The epoch whose SSE passed DIVERGENCE_FACTOR times the first, or whose SSE or
        gradient stopped being finite (no row for it); None when it never did.
    blew_up : bool
        Whether it stopped because a value was no longer a finite number.
    """

    rows: np.ndarray
    diverged_at: Optional[int] = None
    blew_up: bool = False
    ahead: Optional[np.ndarray] = None


def descend(bowl, optimizer, w0: float, w1: float, epochs: int,
            shuffles: Optional[np.random.Generator] = None, etas: Optional[np.ndarray] = None) -> Descent:
    """The training loop: `epochs` epochs of `optimizer` on `bowl` from (w0, w1).

    Parameters
    ----------
    bowl : Points or Moments
        ``bowl.sse_and_gradient(w0, w1) -> (E, dE/dw0, dE/dw1)`` and
        ``bowl.gradient(w0, w1)`` at any weights, as floats. sgd needs the Points.
    optimizer : gdviz.optimizers.Optimizer
        A fresh one (its state at zero); its ``step`` is called once per epoch, or once
        per batch when it is not ``full_batch`` (sgd, with `shuffles`).
    w0, w1 : float
        The start.
    epochs : int
        Rows to record, at most.
    shuffles : numpy.random.Generator, optional
        The order of sgd's batches (see :class:`Batches`).
    etas : numpy.ndarray, shape (epochs,), optional
        A learning-rate schedule's η per epoch (:mod:`gdviz.training.rates`): the
        optimizer's ``eta`` is set to ``etas[k]`` before epoch k's update (all of sgd's
        batches in that epoch use it). None: the optimizer's own ``eta`` every epoch.

    Notes
    -----
    The divergence rule: with E_0 the first SSE, the run stops at the first epoch whose
    SSE is above DIVERGENCE_FACTOR * E_0 or not a number, or whose gradient is not
    finite; that epoch gets no row. Signals are checked every :func:`checks_every`
    epochs of the bowl's and the update's work.

    An optimizer that ``looks_ahead`` (Nesterov) is handed a gradient that also writes
    down what it answered, one per update (:attr:`Descent.ahead`).
    """
    work = bowl.work if isinstance(bowl, Points) else CALL_WORK
    if optimizer.full_batch:
        update, work = optimizer.step, work + CALL_WORK
    else:
        assert isinstance(bowl, Points) and shuffles is not None, "sgd is given the points and its shuffles"
        batches = Batches(bowl, optimizer.batch_size, shuffles, optimizer.step)
        update, work = batches.epoch, work + batches.work
    if etas is not None:
        update = _scheduled(update, optimizer, etas)
    gradient, asked = bowl.gradient, None
    if optimizer.looks_ahead:
        gradient, asked = _recording(bowl.gradient)
    rows = np.empty((epochs, 5), dtype=np.float64)  # pages never written cost no memory
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # a blow-up is caught below, not printed
        done, diverged_at, blew_up = _run(bowl, gradient, update, float(w0), float(w1), epochs, checks_every(work),
                                          rows)
    ahead = None if asked is None else np.frombuffer(asked, dtype=np.float64)[: 2 * done].reshape(done, 2).copy()
    return Descent(rows[:done], diverged_at, blew_up, ahead)


def _recording(gradient) -> tuple:
    """`gradient`, and every (dE/dw0, dE/dw1) it has answered, in order, flat (16 bytes an answer)."""
    asked = array("d")
    keep = asked.extend

    def recorded(w0: float, w1: float) -> tuple:
        answer = gradient(w0, w1)
        keep(answer)
        return answer

    return recorded, asked


def _scheduled(update: Step, optimizer, etas: np.ndarray) -> Step:
    """`update` with the optimizer's eta set to the next of `etas` first: the k-th call is epoch k's update."""
    upcoming = iter(etas.tolist())

    def scheduled(w0: float, w1: float, g0: float, g1: float, gradient: Callable) -> tuple:
        optimizer.eta = next(upcoming)
        return update(w0, w1, g0, g1, gradient)

    return scheduled


def _run(bowl, gradient, update: Step, w0: float, w1: float, epochs: int, every: int, out: np.ndarray) -> tuple:
    """The loop itself, writing row k of `out` as (w0, w1, E, dE/dw0, dE/dw1); returns (rows, diverged_at, blew_up).

    Between two signal checks the rows go into a list of tuples (appending a tuple is
    the cheapest record per epoch), copied into `out` at the next check.
    """
    sse_and_gradient, isfinite = bowl.sse_and_gradient, math.isfinite
    block: list = []
    record = block.append
    first = sse_and_gradient(w0, w1)[0]
    limit = DIVERGENCE_FACTOR * max(first, np.finfo(float).tiny)
    for start in range(0, epochs, every):
        interrupts.check()  # Ctrl-C on the command line stops here
        for epoch in range(start, min(start + every, epochs)):
            error, g0, g1 = sse_and_gradient(w0, w1)
            if not (error <= limit):  # also catches NaN
                _keep(block, out, start)
                return epoch, epoch, not isfinite(error)
            if not (isfinite(g0) and isfinite(g1)):
                _keep(block, out, start)
                return epoch, epoch, True
            record((w0, w1, error, g0, g1))
            w0, w1 = update(w0, w1, g0, g1, gradient)
        _keep(block, out, start)
    return epochs, None, False


def _keep(block: list, out: np.ndarray, start: int) -> None:
    """Copy the block's rows into `out` from row `start`, and empty it."""
    n = len(block)
    out[start : start + n] = np.fromiter(chain.from_iterable(block), dtype=np.float64, count=5 * n).reshape(n, 5)
    block.clear()
