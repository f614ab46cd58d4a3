"""What an optimizer remembered at each epoch of a run, replayed exactly from its History.

A History holds, per row, the weights, the SSE and the full data's gradient that the
update at that row was handed (the training core records them before calling the
optimizer's ``step``). Replaying the run's own optimizer class on those rows, one
``step`` per row, therefore passes through the very states the run had, float for float:
momentum's velocity, AdaGrad's and RMSprop's accumulators, Adam's moments and its t.
Nesterov's step also asks for the gradient at the look-ahead point; the training core
records those answers (``History.ahead_w0``, ``ahead_w1``), and the replay hands them
back. sgd's steps use batches the History does not hold: its state is the count of
batch steps an epoch took.

The learning rate of the update at row k is ``History.eta_at(k)``.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from . import optimizers
from ..history import History

__all__ = ["epoch_states"]


def epoch_states(history: History, rows: Iterable[int]) -> dict:
    """The optimizer's state around the update at each of `rows`, by row.

    Parameters
    ----------
    history : History
        A run of one of gdviz's optimizers (``meta["optimizer"]``, ``meta["eta"]``,
        ``meta["hyperparameters"]``).
    rows : iterable of int
        Rows of the history (others are skipped).

    Returns
    -------
    dict
        row -> ``{"before": {...}, "after": {...}, "ahead": (dE/dw0, dE/dw1) or None}``:
        the state (:meth:`gdviz.optimizers.Optimizer.state`) just before and just after
        the update at that row, and Nesterov's look-ahead gradient. For sgd,
        ``{"steps": batch steps per epoch, "batch": batch size}``. Empty when the
        history cannot say: an optimizer gdviz does not know, no eta, or a Nesterov
        run saved without its look-ahead gradients.
    """
    wanted = sorted({int(k) for k in rows if 0 <= int(k) < len(history)})
    method = _optimizer(history)
    if method is None or not wanted:
        return {}
    if isinstance(method, optimizers.SGD):  # the one optimizer that is not full-batch
        steps = -(-len(history.data) // method.batch_size)
        return {k: {"steps": steps, "batch": method.batch_size} for k in wanted}
    if method.looks_ahead and history.ahead_w0 is None:
        return {}
    return _replay(history, method, wanted)


def _optimizer(history: History) -> Optional[optimizers.Optimizer]:
    """A fresh instance of the run's optimizer, or None when the history does not name one with an eta."""
    name, eta = history.meta.get("optimizer"), history.eta_at(0)
    if not isinstance(name, str) or name not in optimizers.OPTIMIZERS or eta is None:
        return None
    hyper = history.meta.get("hyperparameters") or {}
    try:
        return optimizers.make(name, eta, **hyper)
    except Exception:  # a hand-made meta the optimizer refuses: nothing to replay
        return None


def _replay(history: History, method: optimizers.Optimizer, wanted: list) -> dict:
    """One ``step`` per row up to the last wanted, each on the row's own numbers, snapshotting the wanted ones."""
    w0, w1 = history.w0.tolist(), history.w1.tolist()
    g0, g1 = history.grad_w0.tolist(), history.grad_w1.tolist()
    a0: Optional[list] = None
    a1: Optional[list] = None
    if method.looks_ahead and history.ahead_w0 is not None and history.ahead_w1 is not None:
        a0, a1 = history.ahead_w0.tolist(), history.ahead_w1.tolist()
    out, want = {}, set(wanted)
    for k in range(wanted[-1] + 1):
        before = method.state()
        ahead = (a0[k], a1[k]) if a0 is not None and a1 is not None else None
        eta = history.eta_at(k)
        if eta is None:
            break
        method.eta = eta
        method.step(w0[k], w1[k], g0[k], g1[k], _recorded(ahead))
        if k in want:
            out[k] = {"before": before, "after": method.state(), "ahead": ahead}
    return out


def _recorded(answer: Optional[tuple]) -> Callable[[float, float], Any]:
    """A gradient that gives the recorded look-ahead `answer` at whatever weights it is asked."""
    return lambda _w0, _w1: answer
