"""The loss panel: each run's SSE per epoch, on the clock all runs share."""

from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from ..grid import span
from ..schedule import curve_rows
from .base import DOT, FrameState, Panel, Scene, format_ticks, path_rows, style_axes, up_to

__all__ = ["LossPanel"]


class LossPanel(Panel):
    """SSE per epoch: each run's whole curve faint, the part travelled strong, a cursor at the clock.

    Every run's curve is the full-data SSE at the weights each epoch starts from (the
    same quantity for every optimizer), so the curves compare directly. A run that
    stopped early ends in a cross. The least-squares SSE, the floor no line goes below,
    is a dashed line.
    """

    name = "loss"

    def __init__(self, ax: Axes, scene: Scene):
        super().__init__(ax, scene)
        t, runs = scene.theme, scene.runs
        style_axes(ax, t, *scene.labels(self.name))
        self._rows = [path_rows(r, curve_rows(len(r.history), r.frame_rows)) for r in runs]
        lo = min(float(r.history.loss.min()) for r in runs)
        hi = max(float(r.history.loss.max()) for r in runs)
        # Log scale once the SSE falls over two decades; below that matplotlib labels the
        # minor ticks (2×10¹, 3×10¹, ...) and they pile up on a short panel.
        if lo > 0 and hi / lo > 100:
            ax.set_yscale("log")
            ax.set_ylim(lo / 1.6, hi * 1.6)
        else:
            ax.set_ylim(*span(lo, hi, 0.08, 1e-12 * max(1.0, abs(hi))))
        last = float(scene.end)
        ax.set_xlim(-0.02 * max(last, 1), last * 1.02 if last > 0 else 1)
        self._colors = np.array([mcolors.to_rgba(r.color) for r in runs])
        ghosts = self._colors.copy()
        ghosts[:, 3] = t.ghost_alpha
        ax.add_collection(LineCollection([self._curve(k, self._rows[k]) for k in range(len(runs))], colors=ghosts,
                                         linewidths=t.line_width, zorder=2))
        # The floor: the least-squares SSE, the best any line can do.
        best = runs[0].history.meta.get("sse_least_squares")
        if best is None:
            best = scene.moments_trained().optimum()[2]
        if ax.get_yscale() == "linear" or best > 0:
            lo_y = ax.get_ylim()[0]
            if best < lo_y:
                ax.set_ylim(best / 1.6 if ax.get_yscale() == "log" else best - 0.05 * (hi - best), ax.get_ylim()[1])
            ax.axhline(best, color=t.muted_text, linewidth=t.reference_width, linestyle=(0, (4, 3)), zorder=1)
            ax.annotate("least squares", (1.0, best), xycoords=("axes fraction", "data"), xytext=(-4, 3),
                        textcoords="offset points", ha="right", va="bottom", fontsize=t.tick_size,
                        color=t.muted_text, zorder=1)
        self.best = best
        format_ticks(ax, sse_y=True)
        self.curves = LineCollection([], colors=self._colors, linewidths=t.line_width, zorder=3, animated=True)
        ax.add_collection(self.curves)
        self.cursors = ax.scatter(np.zeros(len(runs)), np.zeros(len(runs)), s=t.cursor_size**2, marker=DOT,
                                  facecolors=self._colors, edgecolors=t.outline, linewidths=t.cursor_edge_width, zorder=5,
                                  animated=True)
        self.ended_marks = ax.scatter([], [], s=(1.15 * t.cursor_size) ** 2, marker="X", linewidths=t.mark_edge_width,
                                      edgecolors=t.outline,
                                      zorder=5, animated=True)

    def _curve(self, k: int, rows: np.ndarray) -> np.ndarray:
        h = self.scene.runs[k].history
        return np.column_stack([h.epoch[rows].astype(np.float64), h.loss[rows]])

    def avoid(self) -> np.ndarray:
        return self.ax.transData.transform(np.concatenate([self._curve(k, rows) for k, rows in enumerate(self._rows)]))

    def update(self, moment: FrameState) -> list:
        curves, here = [], np.empty((len(self.scene.runs), 2))
        for k, row in enumerate(moment.rows):
            curves.append(self._curve(k, up_to(self._rows[k], row)))
            here[k] = curves[-1][-1]
        self.curves.set_segments(curves)
        live = ~moment.ended
        self.cursors.set_offsets(here[live])
        self.cursors.set_facecolor(self._colors[live])
        artists = [self.curves, self.cursors]
        if moment.ended.any():
            self.ended_marks.set_offsets(here[moment.ended])
            self.ended_marks.set_facecolor(self._colors[moment.ended])
            artists.append(self.ended_marks)
        return artists
