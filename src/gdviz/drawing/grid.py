"""The SSE surface as numbers: its window over (w0, w1), the grid and levels it is coloured by, the colour map.

The 2D surface panel, the 3D bowl, the static History picture and the explore page all
draw the same window in the same colours from here. Only :func:`colormap` and
:func:`surface_levels` (for its norm) import matplotlib, when called.
"""

from __future__ import annotations

import numpy as np

__all__ = ["surface_window", "surface_levels", "contour_levels", "colormap", "span", "READABLE_EXCESS",
           "READABLE_EXCESS_COMPARED", "SURFACE_GRID"]

#: Points a side of the grid the 2D contours are computed on.
SURFACE_GRID = 240
#: The surface window follows a path only while its excess SSE stays below this many
#: times the start's, i.e. within about 5 times the start's distance from the optimum.
READABLE_EXCESS = 25.0
#: The same for a comparison: about twice the start's distance.
READABLE_EXCESS_COMPARED = 4.0


def span(lo: float, hi: float, pad: float, minimum: float) -> tuple[float, float]:
    """Limits around [lo, hi], at least `minimum` wide, padded by `pad` of the width on each side."""
    width = max(hi - lo, minimum)
    mid = 0.5 * (lo + hi)
    return mid - 0.5 * width * (1 + 2 * pad), mid + 0.5 * width * (1 + 2 * pad)


def surface_window(paths: list, moments, readable_excess: float = READABLE_EXCESS
                   ) -> tuple[tuple[float, float], tuple[float, float]]:
    """(w0 limits, w1 limits): the least-squares optimum, the starts and the paths near them.

    Parameters
    ----------
    paths : list of (w0, w1) arrays
        Each run's weights, in the coordinates trained.
    moments : gdviz.data.moments.Moments
        Of the coordinates the runs were trained in.

    Notes
    -----
    A converging run's excess SSE E - E* only falls, so the window holds its whole path.
    A diverging run's path is followed only while E - E* stays below READABLE_EXCESS
    (25) times its starting value, about five times the start's distance from the
    optimum; beyond that the path runs off the edge instead of zooming the window out
    to where the contours are a blur (a run may grow a millionfold before it stops).
    Comparisons pass READABLE_EXCESS_COMPARED (4, about twice the start's distance), so
    one diverging run does not shrink the others' paths to a corner.
    """
    ow0, ow1, best = moments.optimum()
    w0s, w1s = [np.array([ow0])], [np.array([ow1])]
    for w0, w1 in paths:
        excess = moments.sse(w0, w1) - best
        keep = excess <= readable_excess * max(float(excess[0]), 0.0)
        keep[0] = True
        w0s.append(w0[keep])
        w1s.append(w1[keep])
    w0, w1 = np.concatenate(w0s), np.concatenate(w1s)
    lo0, hi0 = float(w0.min()), float(w0.max())
    lo1, hi1 = float(w1.min()), float(w1.max())
    # Neither side thinner than 40% of the other, so the valley's shape stays readable.
    s0, s1 = hi0 - lo0, hi1 - lo1
    big = max(s0, s1)
    if not big > 1e-12 * max(abs(lo0), abs(hi0), abs(lo1), abs(hi1), 1e-300):
        # The paths never left the optimum: show about where the SSE doubles (rises by 1 on a perfect fit).
        lo, hi = moments.eigenvalues()
        ref = best if best > 0 else 1.0
        big = 2.0 * np.sqrt(2.0 * ref / max(hi, 1e-300))
    return (_room_around(span(lo0, hi0, 0.12, 0.4 * big), ow0),
            _room_around(span(lo1, hi1, 0.12, 0.4 * big), ow1))


def _room_around(limits: tuple[float, float], centre: float, share: float = 0.2) -> tuple[float, float]:
    """Widen `limits` so `centre` (the optimum) is at least `share` of the width from either edge.

    A converging path ends at the optimum, which would otherwise sit in a corner of the
    window with its label cut off and no contour rings around it.
    """
    lo, hi = limits
    if hi - centre < share * (hi - lo):  # solve hi' - centre = share * (hi' - lo)
        hi = (centre - share * lo) / (1.0 - share)
    if centre - lo < share * (hi - lo):
        lo = (centre - share * hi) / (1.0 - share)
    return lo, hi


def surface_levels(top: float, best: float) -> tuple:
    """(levels, norm): the 17 log-spaced levels of excess SSE (E - E*) the surfaces are coloured by.

    From a hundred-thousandth of `top` (the largest excess in the window, at a corner)
    up to `top`, so the valley floor has detail; `best` is the least-squares SSE E*.
    The 2D contours and the 3D bowl share them, so a colour means the same SSE in both.
    `norm` is a matplotlib ``LogNorm`` from the first level to the last.
    """
    from matplotlib import colors as mcolors

    floor = max(top * 1e-5, 1e-12 * max(1.0, best))
    levels = np.geomspace(floor, max(top, floor * 10), 17)
    return levels, mcolors.LogNorm(vmin=levels[0], vmax=levels[-1])


def contour_levels(moments, xlim: tuple[float, float], ylim: tuple[float, float]) -> tuple:
    """(w0 grid, w1 grid, excess SSE on the grid, the 17 contour levels) for a surface window.

    The grid is SURFACE_GRID points a side; the levels are :func:`surface_levels` of the
    window's largest excess. The explore page draws the same levels, so the page and the
    animation colour the SSE alike.
    """
    g0 = np.linspace(*xlim, SURFACE_GRID)
    g1 = np.linspace(*ylim, SURFACE_GRID)
    e_opt = moments.optimum()[2]
    excess = moments.sse(g0[np.newaxis, :], g1[:, np.newaxis]) - e_opt
    return g0, g1, excess, surface_levels(float(excess.max()), e_opt)[0]


def colormap(theme):
    """The theme's surface colour map: a matplotlib map, cut to the share of it the theme uses."""
    import matplotlib
    from matplotlib.colors import ListedColormap

    name, lo, hi = theme.surface_cmap
    base = matplotlib.colormaps[name]
    if (lo, hi) == (0.0, 1.0):
        return base
    return ListedColormap(base(np.linspace(lo, hi, 256)), name=f"{name}[{lo:g}:{hi:g}]")
