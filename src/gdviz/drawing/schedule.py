"""Which epochs become frames, and how long each frame stays on screen.

Pure numpy: the schedule is decided from the History before anything is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = ["Schedule", "plan_frames", "clock", "rows_at", "progress", "curve_rows", "HOLD_FIRST_S", "HOLD_LAST_S",
           "MOTION_SHARE", "CURVE_POINTS", "ticks"]

#: The starting line stays this long, so viewers see where it began.
HOLD_FIRST_S = 0.5
#: The final line stays this long before the loop restarts.
HOLD_LAST_S = 1.0
#: Share of frames placed by how far the weights move (the rest evenly by epoch).
MOTION_SHARE = 0.75
#: A loss curve is drawn through every row up to this many, else through a sample of them.
CURVE_POINTS = 2400


@dataclass(frozen=True)
class Schedule:
    """epochs[i] is the epoch frame i shows (on the clock all runs share); seconds[i] how long."""

    epochs: np.ndarray
    seconds: np.ndarray

    def __len__(self) -> int:
        return int(self.epochs.size)

    @property
    def total_seconds(self) -> float:
        return float(self.seconds.sum())


def progress(w0: np.ndarray, w1: np.ndarray) -> np.ndarray:
    """Fraction of the way along one run for each row, mixing distance travelled and epochs.

    Distance is measured in the (w0, w1) plane with each axis scaled by the range the
    run covers, so a run that moves mostly along one weight is paced by that weight.
    """
    n = w0.size
    steps = np.zeros(n)
    if n > 1:
        span0 = np.ptp(w0) or 1.0
        span1 = np.ptp(w1) or 1.0
        steps[1:] = np.hypot(np.diff(w0) / span0, np.diff(w1) / span1)
    travelled = np.cumsum(steps)
    by_epoch = np.linspace(0.0, 1.0, n) if n > 1 else np.zeros(1)
    if travelled[-1] > 0:
        return MOTION_SHARE * travelled / travelled[-1] + (1 - MOTION_SHARE) * by_epoch
    return by_epoch


def curve_rows(n: int, frame_rows: np.ndarray) -> np.ndarray:
    """Rows to draw a long curve through: every frame's row plus an even and a log-spaced sample."""
    if n <= CURVE_POINTS:
        return np.arange(n)
    even = np.linspace(0, n - 1, CURVE_POINTS // 2).round().astype(np.int64)
    early = np.geomspace(1, n - 1, CURVE_POINTS // 2).round().astype(np.int64)
    return np.unique(np.concatenate([[0], even, early, frame_rows]))


def clock(epochs: Sequence[np.ndarray]) -> np.ndarray:
    """Every epoch at which some run has a row: the candidate frames of a shared clock."""
    first = np.asarray(epochs[0])
    if all(np.array_equal(e, first) for e in epochs[1:]):
        return first.astype(np.int64)
    return np.unique(np.concatenate([np.asarray(e) for e in epochs])).astype(np.int64)


def rows_at(epoch: np.ndarray, at) -> np.ndarray:
    """The row of a run each clock epoch in `at` shows: its latest row at or before that epoch."""
    return np.clip(np.searchsorted(epoch, at, side="right") - 1, 0, epoch.size - 1)


def plan_frames(runs: Sequence[tuple], max_frames: int, fps: float) -> Schedule:
    """Choose at most `max_frames` epochs of the shared clock, dense where the weights move.

    Parameters
    ----------
    runs : sequence of (epoch, w0, w1) arrays
        One per run; their epochs make the clock (usually 0, 1, ..., E - 1).
    max_frames : int
    fps : float

    Notes
    -----
    Every epoch is a frame when there are few enough. Otherwise each run's progress
    (:func:`progress`: three quarters distance travelled, a quarter epochs) is read off
    at every clock epoch and the runs' progress is averaged, so each run gets an equal
    share of the frames, placed where *it* moves: a fast optimizer's first epochs and a
    slow one's late crawl both get frames. Frames are picked at even steps of that
    average; the first and last epochs are always frames. The first frame is held
    HOLD_FIRST_S seconds, the last HOLD_LAST_S, the others 1/fps.
    """
    ticks_ = clock([np.asarray(e) for e, _, _ in runs])
    n = ticks_.size
    if n <= max_frames:
        picks = np.arange(n)
    else:
        shared = np.zeros(n)
        for epoch, w0, w1 in runs:
            own = progress(np.asarray(w0, float), np.asarray(w1, float))
            shared += own[rows_at(np.asarray(epoch), ticks_)]
        shared /= len(runs)
        targets = np.linspace(0.0, 1.0, max_frames)
        picks = np.searchsorted(shared, targets, side="left")
        picks = np.clip(picks, 0, n - 1)
        picks[0], picks[-1] = 0, n - 1
        picks = np.unique(picks)
        if picks.size < max_frames:  # fill gaps left by repeated picks, evenly by epoch
            spare = np.setdiff1d(np.linspace(0, n - 1, max_frames).round().astype(int), picks)
            picks = np.union1d(picks, spare[: max_frames - picks.size])
    seconds = np.full(picks.size, 1.0 / fps)
    # Holds are whole frames at this fps, so in video every other frame gets exactly one.
    seconds[0] = max(seconds[0], round(HOLD_FIRST_S * fps) / fps)
    seconds[-1] = max(seconds[-1], round(HOLD_LAST_S * fps) / fps)
    return Schedule(epochs=ticks_[picks], seconds=seconds)


def ticks(seconds: np.ndarray, tick: float) -> np.ndarray:
    """Whole numbers of `tick`-long units per frame whose running total never drifts.

    Used for GIF delays (tick = 0.01 s) and for repeating frames in video (tick = 1/fps):
    rounding the cumulative time, not each frame, keeps the total duration right.
    """
    # floor(x + 0.5), not rint: rint rounds halves to even, which can give a frame 0 ticks.
    edges = np.floor(np.concatenate([[0.0], np.cumsum(seconds)]) / tick + 0.5).astype(np.int64)
    return np.diff(edges)
