"""Where a label goes beside its anchor so that nothing that moves covers it (no matplotlib).

The explore page places its "least squares" label the same way (``placeLabel`` in
``page/js/40-drawing.js``): a few places around the anchor, nearest first, and the first
that touches the fewest obstacles wins; a place two or three gaps away needs a leader
line back to the anchor. Here in pixels with y up, as matplotlib's display coordinates.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

__all__ = ["place_label", "segments_touching"]


def segments_touching(segments: np.ndarray, box: tuple) -> int:
    """How many of `segments` (shape (N, 5): x0, y0, x1, y1, pad) touch `box` (x0, y0, x1, y1)
    grown by each segment's pad: a thick line, or a dot as a segment of no length."""
    if len(segments) == 0:
        return 0
    s = np.asarray(segments, dtype=float)
    x0, y0, x1, y1, pad = s.T
    bx0, by0, bx1, by1 = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    # Liang-Barsky: clip each segment's parameter range t in [0, 1] to the box.
    dx, dy = x1 - x0, y1 - y0
    lo, hi = np.zeros(len(s)), np.ones(len(s))
    ok = np.ones(len(s), dtype=bool)
    for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        lo = np.where(~parallel & (p < 0), np.maximum(lo, r), lo)
        hi = np.where(~parallel & (p > 0), np.minimum(hi, r), hi)
    return int((ok & (lo <= hi)).sum())


def place_label(anchor: tuple, w: float, h: float, gap: float, rect: tuple, obstacles: np.ndarray) -> tuple:
    """The lower left corner (x, y) of a `w` x `h` label beside `anchor`, and whether it is far.

    Parameters
    ----------
    anchor : (float, float)
        What the label names, in pixels (y up).
    w, h : float
        The label's size in pixels.
    gap : float
        Pixels between the anchor and the nearest places.
    rect : (float, float, float, float)
        (x0, y0, x1, y1): the label stays inside.
    obstacles : numpy.ndarray, shape (N, 5)
        Segments (x0, y0, x1, y1, pad) the label should not touch.

    Returns
    -------
    (float, float, bool)
        The corner, and True when the place is two or three gaps away (draw a leader line).

    Notes
    -----
    Tried in order: above, below, right of and left of the anchor, then its four corners;
    then the same at twice and three times the distance. Ties keep the earlier place.
    """
    ax, ay = anchor
    best: Optional[tuple[int, float, float, bool]] = None
    for f in (1, 2, 3):
        g = gap * f
        d = 0.7 * g
        spots = [(ax - w / 2, ay + g), (ax - w / 2, ay - g - h), (ax + g, ay - h / 2), (ax - g - w, ay - h / 2),
                 (ax + d, ay + d), (ax - d - w, ay + d), (ax + d, ay - d - h), (ax - d - w, ay - d - h)]
        for x, y in spots:
            x = min(max(x, rect[0] + 1), rect[2] - w - 1)
            y = min(max(y, rect[1] + 1), rect[3] - h - 1)
            n = segments_touching(obstacles, (x, y, x + w, y + h))
            if best is None or n < best[0]:
                best = (n, x, y, f > 1)
            if n == 0:
                return best[1], best[2], best[3]
    assert best is not None  # every spot was tried
    return best[1], best[2], best[3]
