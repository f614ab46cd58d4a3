"""Words for every picture: a description of an animation (alt text) and captions for its video (WebVTT).

:func:`describe` says in a few sentences what an animation shows: the data, the panels,
each run with its SSE at the start and the end, its regime and its epochs to 1% of
least squares. It is the alt text of the ``.pptx`` picture and the ``aria-label`` of the
``.html`` and notebook video.

:func:`phases` reads each run's history for what a viewer sees happen, and
:func:`captions` writes one WebVTT cue per phase, timed to the frames that show it:

* **fast fall**: from the start, the SSE's excess over least squares falls by a fifth
  or more every epoch;
* **slow crawl**: it falls by less than a tenth per epoch for ten epochs or more,
  still above 1% of least squares;
* **overshoot**: a weight passes its least-squares value (the first time, before the
  SSE is within 1% of least squares);
* **oscillation**: the weights' distance to the optimum along the bowl's steep axis
  flips sign four epochs running or more, before the SSE is within 1% of least squares;
* **divergence**: the SSE grows every epoch until the run stops;
* **convergence**: the SSE is within 1% of least squares, from that epoch on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..training.diagnostics import gap_reference, principal_axes
from ..training.facts import TO_GAP_NAME, run_facts, trained_moments
from .schedule import ticks
from .tickformat import number

__all__ = ["Phase", "phases", "describe", "captions", "PHASES", "MIN_CUE_SECONDS"]

#: The phases, in the order a run meets them.
PHASES = ("fast fall", "slow crawl", "overshoot", "oscillation", "divergence", "convergence")
_FAST, _SLOW, _CRAWL_EPOCHS, _FLIPS = 0.8, 0.9, 10, 4
#: The shortest a cue stays on screen, in seconds (an overshoot happens in one frame).
MIN_CUE_SECONDS = 2.0
_PANEL_WORDS = {"fit": "the fitted line{s} over the points", "surface": "the SSE surface with each run's path",
                "surface3d": "the SSE bowl in 3D with each run's path", "loss": "the SSE per epoch"}


@dataclass(frozen=True)
class Phase:
    """What a run does from epoch `start` to epoch `end` (inclusive), in words."""

    run: int
    name: str
    start: int
    end: int
    text: str


def _runs_of(mask: np.ndarray, least: int) -> list:
    """(first, last) index of each stretch of True at least `least` long."""
    out, k = [], 0
    while k < mask.size:
        if mask[k]:
            j = k
            while j + 1 < mask.size and mask[j + 1]:
                j += 1
            if j - k + 1 >= least:
                out.append((k, j))
            k = j + 1
        else:
            k += 1
    return out


def _falls(index: int, epochs: np.ndarray, gap: np.ndarray, to_gap) -> list:
    """The fast fall at the start, and the slow crawl after it (if any)."""
    out = []
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = gap[1:] / gap[:-1]
    fast = _runs_of(ratio <= _FAST, 1)
    if fast and fast[0][0] == 0:
        end = fast[0][1] + 1
        out.append(Phase(index, "fast fall", 0, int(epochs[end]),
                         f"fast fall: the SSE falls by a fifth or more every epoch to epoch {int(epochs[end])}"))
    stop = ratio.size if to_gap is None else int(np.searchsorted(epochs, to_gap))
    crawl = _runs_of((ratio > _SLOW) & (ratio < 1.0) & (np.arange(ratio.size) < stop), _CRAWL_EPOCHS)
    if crawl:
        a, b = crawl[0][0], crawl[-1][1] + 1
        out.append(Phase(index, "slow crawl", int(epochs[a]), int(epochs[b]),
                         f"slow crawl: the SSE falls by less than a tenth per epoch, epochs {int(epochs[a])}–"
                         f"{int(epochs[b])}"))
    return out


def _moves(index: int, h, optimum: tuple, steep: tuple, to_gap) -> list:
    """The first overshoot of a weight past its least-squares value, and the oscillations across the steep axis."""
    out = []
    seen = h.epoch <= (h.epoch[-1] if to_gap is None else to_gap)  # once within 1%, a crossing is too small to see
    for name, w, best in (("w₁", h.w1, optimum[1]), ("w₀", h.w0, optimum[0])):
        side = np.sign(w - best)
        crossed = np.flatnonzero((side != 0) & (side != side[0]) & seen)
        if side[0] != 0 and crossed.size and crossed[0] > 0:
            k = int(crossed[0])
            out.append(Phase(index, "overshoot", int(h.epoch[k]), int(h.epoch[min(k + 1, len(h) - 1)]),
                             f"overshoot: {name} passes its least-squares value at epoch {int(h.epoch[k])}"))
            break
    along = (h.w0 - optimum[0]) * steep[0] + (h.w1 - optimum[1]) * steep[1]
    flips = np.sign(along[1:]) * np.sign(along[:-1]) < 0
    if to_gap is not None:  # once within 1% the jumps are too small to see
        flips &= h.epoch[1:] <= to_gap
    for a, b in _runs_of(flips, _FLIPS)[:1]:
        out.append(Phase(index, "oscillation", int(h.epoch[a]), int(h.epoch[b + 1]),
                         f"oscillation: the weights jump across the valley every epoch, epochs {int(h.epoch[a])}–"
                         f"{int(h.epoch[b + 1])}"))
    return out


def phases(history, index: int = 0) -> list:
    """What run `index` (its `history`) does, as :class:`Phase` objects ordered by their first epoch."""
    h = history
    m = trained_moments(h)
    b0, b1, best = m.optimum()
    gap = np.maximum(h.loss - best, 0.0) / gap_reference(best, 0.5 * m.cyy, float(h.loss[0]))
    to_gap = run_facts(h).to_gap
    out = _falls(index, h.epoch, gap, to_gap) + _moves(index, h, (b0, b1), principal_axes(m)[0][1], to_gap)
    if "diverged_at" in h.meta:
        rising = np.flatnonzero(np.diff(h.loss) <= 0)
        start = int(h.epoch[rising[-1] + 1]) if rising.size else 0
        out.append(Phase(index, "divergence", start, int(h.epoch[-1]),
                         f"divergence: the SSE grows every epoch from epoch {start}, and the run stops at epoch "
                         f"{int(h.meta['diverged_at'])}"))
    if to_gap is not None:
        out.append(Phase(index, "convergence", int(to_gap), int(h.epoch[-1]),
                         f"convergence: within {TO_GAP_NAME} of least squares from epoch {to_gap}"))
    return sorted(out, key=lambda p: (p.start, PHASES.index(p.name)))


def describe(animation) -> str:
    """A few sentences saying what `animation` shows (see the module's docstring)."""
    runs, labels = animation.runs, animation.labels
    h = runs[0]
    data = h.data
    s = "s" if len(runs) > 1 else ""
    shown = [_PANEL_WORDS[p].format(s=s) for p in animation.panel_names if p in _PANEL_WORDS]
    what = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1] if shown else "frames"
    who = "one run" if len(runs) == 1 else f"{len(runs)} runs"
    sentences = [f"An animation of gradient descent fitting a line ŷ = w₁·x + w₀ to {len(data):,} points "
                 f"({data.x_name}, {data.y_name}), {who} over epochs 0 to {animation.last_epoch}: {what}."]
    for label, run in zip(labels, runs):
        f = run_facts(run)
        eta = run.meta.get("eta")
        at = f" at η = {number(eta, 4)}" if eta is not None and "η" not in label else ""
        regime = f"; its regime: {f.regime}" if f.regime else ""
        reach = (f"within {TO_GAP_NAME} of least squares from epoch {f.to_gap}" if f.to_gap is not None
                 else f"never within {TO_GAP_NAME} of least squares")
        stop = f", stopping at epoch {run.meta['diverged_at']}" if "diverged_at" in run.meta else ""
        sentences.append(f"{label}{at}: the SSE goes from {number(f.initial, 4)} to {number(f.final, 4)}{stop} "
                         f"(least squares {number(f.best, 4)}){regime}; {reach}.")
    return " ".join(sentences)


def _clock(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def captions(animation, fps: float) -> str:
    """WebVTT captions for `animation` written at `fps`: one cue per phase of each run, on the frames that show it.

    A phase's cue starts on the first frame at or after its first epoch and ends when
    the frame after its last epoch begins (the video's end for the last frame), and
    stays at least MIN_CUE_SECONDS (2 s) within the video.
    """
    counts = ticks(animation.seconds(fps), 1.0 / fps)
    starts = np.concatenate([[0], np.cumsum(counts)]) / fps  # frame i is shown from starts[i] to starts[i + 1]
    epochs = np.asarray(animation.epochs)
    several = len(animation.runs) > 1
    cues = []
    for k, (label, run) in enumerate(zip(animation.labels, animation.runs)):
        for p in phases(run, k):
            i = min(int(np.searchsorted(epochs, p.start)), len(epochs) - 1)
            j = max(int(np.searchsorted(epochs, p.end, side="right")), i + 1)
            end = min(max(starts[j], starts[i] + MIN_CUE_SECONDS), starts[-1])
            cues.append((starts[i], end, (f"{label}: " if several else "") + p.text))
    cues.sort(key=lambda c: c[0])
    lines = ["WEBVTT", ""]
    for n, (a, b, text) in enumerate(cues, start=1):
        lines += [str(n), f"{_clock(a)} --> {_clock(b)}", text.replace("-->", "→"), ""]
    return "\n".join(lines)

