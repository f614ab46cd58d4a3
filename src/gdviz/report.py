"""What the command line says about a run: the report ``gdviz train``, ``render`` and ``compare`` print.

The numbers come from the History and its data (so a loaded or recorded run reports
like a trained one); the sentences share their words with the training diagnostics
(:mod:`gdviz.training.diagnostics`), so the API's warnings and the command line agree.
"""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass
from typing import Iterator, Optional

from .data.moments import Moments
from .training.diagnostics import Conditioning, condition_text, describe_gap, gap_reference, relative_gap
from .training.facts import TO_GAP_NAME, run_facts
from .training.optimizers import format_spec

__all__ = ["RunReport", "report", "summary_lines", "regime_line", "warnings_named"]


@dataclass(frozen=True)
class RunReport:
    """What `gdviz train` and `gdviz render` report about a history."""

    epochs: int
    eta: Optional[float]
    eta_reason: Optional[str]
    scale_reason: Optional[str]
    scaled: bool
    initial: float
    final: float
    best: float
    gap: float
    slope: float
    intercept: float
    best_slope: float
    best_intercept: float
    condition_data: float
    condition_trained: float
    singular: bool
    diverged_at: Optional[int]
    optimizer: Optional[str] = None
    hyperparameters: Optional[dict] = None
    x_dates: bool = False  # x are decimal years: the slope is per year
    schedule: Optional[str] = None  # a learning-rate schedule's spec, and the last epoch's eta
    last_eta: Optional[float] = None
    regime: Optional[str] = None  # what eta does on this bowl (gd, momentum, nesterov)
    to_gap: Optional[int] = None  # the first epoch within 1% of least squares


def report(history) -> RunReport:
    """Recompute the diagnostics of `history` from its data (works for loaded and recorded runs too)."""
    meta = history.meta
    shift, scale = float(meta.get("x_shift", 0.0)), float(meta.get("x_scale", 1.0))
    scaled = history.scaled
    m = Moments.of(history.data)
    bw0, bw1, best = m.optimum()
    cd = Conditioning.of(m)
    ct = Conditioning.of(m.scaled(shift, scale)) if scaled else cd
    initial, final = float(history.loss[0]), float(history.loss[-1])
    eta = meta.get("eta")
    facts = run_facts(history)
    return RunReport(
        epochs=len(history), eta=None if eta is None else float(eta), eta_reason=meta.get("eta_reason"),
        scale_reason=meta.get("scale_reason"), scaled=scaled, initial=initial, final=final, best=best,
        gap=relative_gap(final, best, gap_reference(best, 0.5 * m.cyy, initial)), slope=float(history.slope[-1]),
        intercept=float(history.intercept[-1]), best_slope=bw1, best_intercept=bw0,
        condition_data=cd.condition_number, condition_trained=ct.condition_number, singular=cd.singular,
        diverged_at=meta.get("diverged_at"), optimizer=meta.get("optimizer"),
        hyperparameters=meta.get("hyperparameters"), x_dates=bool(meta.get("x_dates") or history.data.x_dates),
        schedule=meta.get("schedule"), last_eta=history.eta_at(len(history) - 1) if history.etas is not None else None,
        regime=facts.regime, to_gap=facts.to_gap,
    )


def summary_lines(r: RunReport) -> list[str]:
    """The lines `gdviz train` prints; ``gdviz render`` prints the first and the last on one line.

    The SSE before and after and the gap to least squares; the optimizer and its
    hyperparameters (as an ``--optimizer`` spec); eta and why; the regime (gd, momentum,
    nesterov) and the first epoch within 1% of least squares; how x was scaled and why;
    the line against the least-squares line (its slope per year when x are dates); the
    condition number.
    """
    stop = f", stopped by divergence at epoch {r.diverged_at}" if r.diverged_at is not None else ""
    lines = [f"trained {r.epochs} epoch{'s' if r.epochs != 1 else ''}{stop}: SSE {r.initial:.4g} -> {r.final:.4g}, "
             f"{describe_gap(r.final, r.best, r.gap)}"]
    if r.optimizer is not None and r.hyperparameters is not None:  # a Recorder's "custom" loop has none
        lines.append(f"optimizer {format_spec(r.optimizer, r.hyperparameters)}")
    if r.eta is not None:
        lines.append(f"eta {r.eta:.4g}" + (f", {r.eta_reason}" if r.eta_reason else ""))
    if r.schedule is not None:
        last = f", eta {r.last_eta:.4g} at the last epoch" if r.last_eta is not None else ""
        lines.append(f"learning-rate schedule {r.schedule}{last}")
    lines.append(regime_line(r))
    if r.scale_reason:
        lines.append(f"scaling: {r.scale_reason}")
    per = " per year" if r.x_dates else ""  # x in decimal years
    lines.append(f"line: slope {r.slope:.6g}{per} (least squares {r.best_slope:.6g}{per}), "
                 f"intercept {r.intercept:.6g} (least squares {r.best_intercept:.6g})")
    cond = f"condition number {condition_text(r.condition_data)}"
    if r.singular:
        cond += " (singular: all x are equal, so only the mean of y is fitted)"
    elif r.scaled:
        cond += f" on x as given, {condition_text(r.condition_trained)} as trained"
    lines.append(cond)
    return lines


def regime_line(r: RunReport) -> str:
    """'regime: oscillates; within 1% of least squares from epoch 57' (or 'never within 1% ... in 300 epochs')."""
    if r.to_gap is None:
        when = f"never within {TO_GAP_NAME} of least squares in {r.epochs} epoch{'s' if r.epochs != 1 else ''}"
    else:
        when = f"within {TO_GAP_NAME} of least squares from epoch {r.to_gap:,}"
    return (f"regime: {r.regime}; " if r.regime else "") + when


@contextlib.contextmanager
def warnings_named(label: str) -> Iterator[None]:
    """Say which run a warning is about: each warning raised inside comes out as ``"{label}: {message}"``.

    ``gdviz compare`` trains several runs in a row; without the label a warning such as
    "the SSE is 535.6, 579 times the least-squares ..." could be about any of them.
    """
    caught: list = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:  # also when the run stops with an error: what it warned of first is still said
        for w in caught:
            warnings.warn_explicit(f"{label}: {w.message}", w.category, w.filename, w.lineno)
