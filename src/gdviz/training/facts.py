"""What a finished run amounts to, from its History alone: its regime and its epochs to 1% of least squares.

The legend's columns, ``gdviz train``'s report and :meth:`gdviz.Animation.describe`
read these numbers from one place, so the frames, the command line and the words agree.
They are recomputed from the History's data and meta, so a loaded or recorded run gets
them too (a Recorder's run without an eta has no regime).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..data.moments import Moments
from ..history import History
from .diagnostics import TO_GAP, Conditioning, epochs_to_gap, gap_reference, regime

__all__ = ["RunFacts", "run_facts", "trained_moments", "to_gap_text", "TO_GAP_NAME"]

#: How the legend and the words name the gap of "epochs to 1%".
TO_GAP_NAME = f"{100 * TO_GAP:g}%"


@dataclass(frozen=True)
class RunFacts:
    """A run's regime and epochs to 1%, with the SSEs they are read from.

    Attributes
    ----------
    regime : str or None
        ``meta["regime"]`` (recomputed for an older file that lacks it); None for the
        optimizers without one and for a run whose eta is unknown.
    to_gap : int or None
        The first epoch whose SSE is at most 1% above least squares (the project's
        gap measure, :func:`gdviz.training.diagnostics.relative_gap`); None: never.
    initial, final, best : float
        The SSE at the start and at the end, and the least-squares SSE.
    """

    regime: Optional[str]
    to_gap: Optional[int]
    initial: float
    final: float
    best: float


def trained_moments(history: History) -> Moments:
    """The six sums of the x `history` trained on (x as given, or x' = (x - shift) / scale)."""
    m = Moments.of(history.data)
    if history.scaled:
        m = m.scaled(float(history.meta.get("x_shift", 0.0)), float(history.meta.get("x_scale", 1.0)))
    return m


def run_facts(history: History) -> RunFacts:
    """The :class:`RunFacts` of `history`."""
    m = trained_moments(history)
    best = m.optimum()[2]
    initial, final = float(history.loss[0]), float(history.loss[-1])
    reference = gap_reference(best, 0.5 * m.cyy, initial)
    meta = history.meta
    if "regime" in meta:
        name = meta["regime"]
    elif meta.get("eta") is not None and meta.get("optimizer"):
        name = regime(str(meta["optimizer"]), float(meta["eta"]), Conditioning.of(m),
                      int(meta.get("epochs") or len(history)), meta.get("hyperparameters"))
    else:
        name = None
    return RunFacts(name, epochs_to_gap(history.loss, best, reference), initial, final, best)


def to_gap_text(epoch: Optional[int]) -> str:
    """Epochs to 1% as the legend writes it: the epoch, or "—" when the run never got there."""
    return "—" if epoch is None else f"{epoch:,}"

