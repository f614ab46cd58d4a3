"""Which epochs become frames, and how long each frame stays on screen.

Pure numpy: the schedule is decided from the History before anything is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Schedule", "plan_frames", "HOLD_FIRST_S", "HOLD_LAST_S", "ticks"]

#: The starting line stays this long, so viewers see where it began.
HOLD_FIRST_S = 0.5
#: The final line stays this long before the loop restarts.
HOLD_LAST_S = 1.0
#: Share of frames placed by how far the weights move (the rest evenly by epoch).
MOTION_SHARE = 0.75


@dataclass(frozen=True)
class Schedule:
    """rows[i] is the History row frame i shows; seconds[i] how long it is shown."""

    rows: np.ndarray
    seconds: np.ndarray

    def __len__(self) -> int:
        return int(self.rows.size)

    @property
    def total_seconds(self) -> float:
        return float(self.seconds.sum())


def _progress(w0: np.ndarray, w1: np.ndarray) -> np.ndarray:
    """Fraction of the way along the run for each row, mixing distance travelled and epochs.

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


def plan_frames(w0: np.ndarray, w1: np.ndarray, max_frames: int, fps: float) -> Schedule:
    """Choose at most `max_frames` rows, dense where the weights move fast.

    Every row is shown when there are few enough. Otherwise rows are picked at even
    steps of :func:`_progress`; the first and last rows are always frames. The first
    frame is held HOLD_FIRST_S seconds, the last HOLD_LAST_S, the others 1/fps.
    """
    n = int(np.asarray(w0).size)
    if n <= max_frames:
        rows = np.arange(n)
    else:
        progress = _progress(np.asarray(w0, float), np.asarray(w1, float))
        targets = np.linspace(0.0, 1.0, max_frames)
        rows = np.searchsorted(progress, targets, side="left")
        rows = np.clip(rows, 0, n - 1)
        rows[0], rows[-1] = 0, n - 1
        rows = np.unique(rows)
        if rows.size < max_frames:  # fill gaps left by repeated picks, evenly by epoch
            spare = np.setdiff1d(np.linspace(0, n - 1, max_frames).round().astype(int), rows)
            rows = np.union1d(rows, spare[: max_frames - rows.size])
    seconds = np.full(rows.size, 1.0 / fps)
    # Holds are whole frames at this fps, so in video every other frame gets exactly one.
    seconds[0] = max(seconds[0], round(HOLD_FIRST_S * fps) / fps)
    seconds[-1] = max(seconds[-1], round(HOLD_LAST_S * fps) / fps)
    return Schedule(rows=rows.astype(np.int64), seconds=seconds)


def ticks(seconds: np.ndarray, tick: float) -> np.ndarray:
    """Whole numbers of `tick`-long units per frame whose running total never drifts.

    Used for GIF delays (tick = 0.01 s) and for repeating frames in video (tick = 1/fps):
    rounding the cumulative time, not each frame, keeps the total duration right.
    """
    # floor(x + 0.5), not rint: rint rounds halves to even, which can give a frame 0 ticks.
    edges = np.floor(np.concatenate([[0.0], np.cumsum(seconds)]) / tick + 0.5).astype(np.int64)
    return np.diff(edges)
