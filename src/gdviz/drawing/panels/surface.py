"""The surface panel: SSE contours over (w0, w1), the least-squares optimum, each run's path."""

from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection

from ...data.moments import Moments
from ..tickformat import centring, date_of, number
from .base import (DOT, Moment, Panel, Scene, arrow_polygons, colormap, format_ticks, names, path_rows, span,
                   style_axes, up_to)

__all__ = ["SurfacePanel", "surface_window", "surface_levels", "contour_levels", "READABLE_EXCESS"]

_SURFACE_GRID = 240
#: The surface window follows a path only while its excess SSE stays below this many
#: times the start's, i.e. within about 5 times the start's distance from the optimum.
READABLE_EXCESS = 25.0
READABLE_EXCESS_COMPARED = 4.0
#: The negative-gradient arrow's length, as a share of the panel's shorter side.
ARROW_SHARE = 0.13


def surface_window(paths: list, moments: Moments, readable_excess: float = READABLE_EXCESS
                   ) -> tuple[tuple[float, float], tuple[float, float]]:
    """(w0 limits, w1 limits): the least-squares optimum, the starts and the paths near them.

    Parameters
    ----------
    paths : list of (w0, w1) arrays
        Each run's weights, in the coordinates trained.
    moments : Moments
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


def surface_levels(top: float, best: float) -> tuple[np.ndarray, mcolors.LogNorm]:
    """(levels, norm): the 17 log-spaced levels of excess SSE (E - E*) the surfaces are coloured by.

    From a hundred-thousandth of `top` (the largest excess in the window, at a corner)
    up to `top`, so the valley floor has detail; `best` is the least-squares SSE E*.
    The 2D contours and the 3D bowl share them, so a colour means the same SSE in both.
    """
    floor = max(top * 1e-5, 1e-12 * max(1.0, best))
    levels = np.geomspace(floor, max(top, floor * 10), 17)
    return levels, mcolors.LogNorm(vmin=levels[0], vmax=levels[-1])


def contour_levels(moments: Moments, xlim: tuple, ylim: tuple) -> tuple:
    """(w0 grid, w1 grid, excess SSE on the grid, the 17 contour levels) for a surface window.

    The levels are :func:`surface_levels` of the window's largest excess; the explore
    page draws the same levels, so the page and the animation colour the SSE alike.
    """
    g0 = np.linspace(*xlim, _SURFACE_GRID)
    g1 = np.linspace(*ylim, _SURFACE_GRID)
    e_opt = moments.optimum()[2]
    excess = moments.sse(g0[np.newaxis, :], g1[:, np.newaxis]) - e_opt
    return g0, g1, excess, surface_levels(float(excess.max()), e_opt)[0]


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


class SurfacePanel(Panel):
    """SSE contours over (w0, w1), the least-squares optimum and every run's path so far.

    With the gradient overlay, each running run's current point carries two arrows: the
    negative gradient -∇E (dark, its direction exact in these coordinates, its length
    fixed for reading) and the step the optimizer actually takes next (in the run's
    colour, true length). For gradient descent they point the same way; momentum and
    Adam's steps visibly do not.
    """

    name = "surface"

    def __init__(self, ax: Axes, scene: Scene):
        super().__init__(ax, scene)
        t, runs = scene.theme, scene.runs
        xname = names(runs[0].history)[0]
        shift, scale = scene.shift, scene.scale
        if not scene.scaled:
            title, xlabel, ylabel = "SSE surface and descent path" + ("s" if not scene.single else ""), \
                "w₀ (intercept)", "w₁ (slope)"
        elif scale == 1.0:
            title = f"SSE surface, trained on {centring(shift, scale)}"
            xlabel, ylabel = f"w₀′ (ŷ at {xname} = {number(shift)})", "w₁′ (slope)"
        elif scene.x_dates:  # x are decimal years: say it in dates and years
            title = f"SSE surface, trained on {centring(shift, scale)}"
            xlabel = f"w₀′ (ŷ on {date_of(shift)}, the mean {xname})"
            ylabel = f"w₁′ (ŷ change per {number(scale, 3)} years)"
        else:
            title = f"SSE surface, trained on {centring(shift, scale)}"
            xlabel = f"w₀′ (ŷ at mean {xname} = {number(shift)})"
            ylabel = f"w₁′ (ŷ change per sd of {xname}, {number(scale, 4)})"
        style_axes(ax, t, title, xlabel, ylabel)
        ax.grid(False)
        # The moments of the trained x, from the data's: exact, and a constant x stays flagged.
        moments = scene.moments_trained()
        xlim, ylim = surface_window([(r.history.w0, r.history.w1) for r in runs], moments,
                                    READABLE_EXCESS if scene.single else READABLE_EXCESS_COMPARED)
        self._xlim, self._ylim = xlim, ylim
        g0, g1, excess, levels = contour_levels(moments, xlim, ylim)
        ow0, ow1, e_opt = moments.optimum()
        norm = mcolors.LogNorm(vmin=levels[0], vmax=levels[-1])
        clipped = np.clip(excess, levels[0], levels[-1])
        self.heavy.append(ax.contourf(g0, g1, clipped, levels=levels, norm=norm, cmap=colormap(t),
                                      alpha=t.surface_alpha, zorder=0, antialiased=True))
        ax.contour(g0, g1, clipped, levels=levels, colors=t.contour_line, linewidths=t.contour_width,
                   alpha=t.contour_alpha, zorder=1)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        format_ticks(ax)
        ax.plot([ow0], [ow1], marker="*", markersize=t.optimum_size, color=t.optimum_face,
                markeredgecolor=t.optimum_edge, markeredgewidth=t.mark_edge_width, linestyle="none", zorder=5)
        # Label the optimum above or below it, away from where the first path comes in,
        # and keep the label inside the panel near its sides.
        above = runs[0].history.w1[0] <= ow1
        fx = (ow0 - xlim[0]) / (xlim[1] - xlim[0])
        ha = "left" if fx < 0.25 else "right" if fx > 0.75 else "center"
        dx = {"left": -6, "right": 6, "center": 0}[ha]
        ax.annotate("least squares", (ow0, ow1), xytext=(dx, 9 if above else -9),
                    textcoords="offset points", ha=ha, va="bottom" if above else "top",
                    fontsize=t.annotation_size, color=t.optimum_face, zorder=5,
                    path_effects=[patheffects.withStroke(linewidth=t.label_stroke, foreground=t.optimum_edge)])
        self._colors = np.array([mcolors.to_rgba(r.color) for r in runs])
        # The paths over a wider outline, so they read on every part of the map (two
        # collections: path effects would draw each path twice, from Python).
        self.outlines = LineCollection([], colors=t.outline, linewidths=t.path_width + t.outline_extra, capstyle="round",
                                       joinstyle="round", zorder=6, animated=True)
        self.paths = LineCollection([], colors=self._colors, linewidths=t.path_width, capstyle="round",
                                    joinstyle="round", zorder=6, animated=True)
        ax.add_collection(self.outlines)
        ax.add_collection(self.paths)
        marker_area = t.dot_size**2  # pt²
        self.points = ax.scatter(np.zeros(len(runs)), np.zeros(len(runs)), s=marker_area, marker=DOT,
                                 facecolors=self._colors, edgecolors=t.outline, linewidths=t.point_edge_width, zorder=8,
                                 animated=True)
        self.ended_marks = ax.scatter([], [], s=marker_area * 1.1, marker="X", linewidths=t.mark_edge_width,
                                      edgecolors=t.outline, zorder=8, animated=True)
        # A diverging run leaves the window: its point waits, hollow, at the edge, and a
        # note says so in the corner farthest from the optimum (and its label).
        fy = (ow1 - ylim[0]) / (ylim[1] - ylim[0])
        cx, cy = (0.03 if fx > 0.5 else 0.97), (0.04 if fy > 0.5 else 0.96)
        self.off_map = ax.text(cx, cy, "diverging: off the map", transform=ax.transAxes,
                               va="bottom" if cy < 0.5 else "top", ha="left" if cx < 0.5 else "right",
                               fontsize=t.annotation_size, color=t.text, zorder=9, animated=True,
                               bbox=dict(boxstyle="round,pad=0.3", facecolor=t.background, edgecolor=t.grid,
                                         alpha=t.box_alpha))
        # The path of each run goes through its frames' rows (dense where it moves), and
        # only up to its first point outside the window: lines between far-away points
        # would only streak across the map.
        self._path_rows = [path_rows(r) for r in runs]
        self._leaves = []
        for run, rows in zip(runs, self._path_rows):
            w0, w1 = run.history.w0[rows], run.history.w1[rows]
            inside = (xlim[0] <= w0) & (w0 <= xlim[1]) & (ylim[0] <= w1) & (w1 <= ylim[1])
            self._leaves.append(int(rows[np.argmin(inside)]) if not inside.all() else None)
        self._gradient = scene.overlays.gradient
        if self._gradient:
            # Every arrow (each run's downhill arrow and its step) in one collection of
            # polygons drawn in pixels: one draw a frame, however many runs.
            # In inches (the figure's dpi_scale_trans): right in a frame and in a PDF, which
            # redraws the figure at 72 dpi.
            self.arrow_art = PolyCollection([], transform=ax.figure.dpi_scale_trans, linewidths=t.fine_edge_width, zorder=7,
                                            animated=True)
            ax.add_collection(self.arrow_art, autolim=False)
            self._gradient_rgba = mcolors.to_rgba(t.gradient)
            self._arrow_width = 0.75 * t.path_width * scene.px_per_pt

    def place(self) -> None:
        ax = self.ax
        (x0, y0), (x1, y1) = ax.transData.transform([(self._xlim[0], self._ylim[0]), (self._xlim[1], self._ylim[1])])
        self._px = np.array([(x1 - x0) / (self._xlim[1] - self._xlim[0]), (y1 - y0) / (self._ylim[1] - self._ylim[0])])
        self._arrow_px = ARROW_SHARE * min(x1 - x0, y1 - y0)

    def avoid(self) -> np.ndarray:
        """The optimum and every run's start, in pixels."""
        pts = [(r.history.w0[0], r.history.w1[0]) for r in self.scene.runs]
        ow0, ow1, _ = self.scene.moments_trained().optimum()
        return self.ax.transData.transform(np.array(pts + [(ow0, ow1)]))

    def update(self, moment: Moment) -> list:
        runs = self.scene.runs
        segs, here = [], np.empty((len(runs), 2))
        for k, (run, row) in enumerate(zip(runs, moment.rows)):
            h = run.history
            stop = row if self._leaves[k] is None else min(row, self._leaves[k])
            rows = up_to(self._path_rows[k], stop)
            segs.append(np.column_stack([h.w0[rows], h.w1[rows]]))
            here[k] = h.w0[row], h.w1[row]
        self.outlines.set_segments(segs)
        self.paths.set_segments(segs)
        clipped = np.column_stack([np.clip(here[:, 0], *self._xlim), np.clip(here[:, 1], *self._ylim)])
        outside = (clipped != here).any(axis=1)
        live = ~moment.ended
        self.points.set_offsets(clipped[live])
        face = np.where(outside[:, None], 0.0, self._colors)[live]
        edge = np.where(outside[:, None], self._colors, mcolors.to_rgba(self.scene.theme.outline))[live]
        self.points.set_facecolors(face)
        self.points.set_edgecolors(edge)
        artists = [self.outlines, self.paths]
        if self._gradient:
            artists += self._arrows(moment, here, live & ~outside)
        artists.append(self.points)
        if moment.ended.any():
            self.ended_marks.set_offsets(clipped[moment.ended])
            self.ended_marks.set_facecolors(self._colors[moment.ended])
            artists.append(self.ended_marks)
        if outside.any():
            artists.append(self.off_map)
        return artists

    def arrows(self, moment: Moment) -> tuple[np.ndarray, np.ndarray]:
        """(-∇E scaled to the arrow's length, the next step) for each run at `moment`, in (w0, w1) units.

        The first points exactly along -∇E in these coordinates (its screen length is
        fixed); the second is w[k+1] - w[k], zero where a run has no next step.
        """
        down, step = np.zeros((len(self.scene.runs), 2)), np.zeros((len(self.scene.runs), 2))
        for k, (run, row) in enumerate(zip(self.scene.runs, moment.rows)):
            h = run.history
            g = -np.array([h.grad_w0[row], h.grad_w1[row]])
            g_px = g * self._px
            norm = float(np.hypot(*g_px))
            if norm > 0:
                down[k] = g_px / norm * self._arrow_px / self._px
            if row + 1 < len(h) and not moment.ended[k]:
                step[k] = h.w0[row + 1] - h.w0[row], h.w1[row + 1] - h.w1[row]
        return down, step

    def _arrows(self, moment: Moment, here: np.ndarray, show: np.ndarray) -> list:
        down, step = self.arrows(moment)
        tails = self.ax.transData.transform(here)
        w = self._arrow_width
        steps = show & (np.abs(step).sum(axis=1) > 0)
        polys = [arrow_polygons(tails[show], down[show] * self._px, w, 4.2 * w, 5.0 * w),
                 arrow_polygons(tails[steps], step[steps] * self._px, 0.8 * w, 3.4 * w, 4.0 * w)]
        faces = [np.repeat([self._gradient_rgba], show.sum(), axis=0), self._colors[steps]]
        self.arrow_art.set_verts(np.concatenate(polys) / self.ax.figure.dpi)  # pixels -> inches
        self.arrow_art.set_facecolors(np.concatenate(faces))
        self.arrow_art.set_edgecolors(np.concatenate(faces))
        return [self.arrow_art]
