"""The fit panel: the data, each run's current line, and the overlays that explain the SSE."""

from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection

from ...data.moments import Moments
from ..grid import span
from ..tickformat import format_date_axis
from .base import FrameState, Panel, Scene, format_ticks, style_axes

__all__ = ["FitPanel", "RESIDUAL_SAMPLE"]

#: Residuals are drawn for at most this many points (a seeded sample above it).
RESIDUAL_SAMPLE = 300
#: The fit panel draws at most this many points (a seeded sample of big data sets).
MAX_POINTS = 20000


class FitPanel(Panel):
    """The data and every run's line y_hat = w1*x + w0, in the data's own units.

    The axes are labelled with the data's column names. The y-limits hold the data and
    the lines shown, but never reach more than 1.5 data spans beyond the data, so a
    diverging run's lines leave the panel instead of squashing the points flat; a line
    that has left is marked by an arrowhead in its colour at the edge it left by, and
    its legend row says "off chart ↑" (or ↓).

    Overlays: the least-squares line (faint, dashed); residuals as thin segments from
    each point to the line, or as squares whose side is |y - y_hat| in pixels of the y
    axis on both axes, so the sum of squared errors is literally the area shown.
    """

    name = "fit"

    def __init__(self, ax: Axes, scene: Scene):
        super().__init__(ax, scene)
        t, data, runs = scene.theme, scene.data, scene.runs
        x, y = data.x, data.y
        style_axes(ax, t, *scene.labels(self.name))
        xlo, xhi = float(x.min()), float(x.max())
        if xhi == xlo:  # all x equal: a window around them, relative to their size
            half = max(0.5, 0.05 * abs(xlo))
            xlo, xhi = xlo - half, xhi + half
        self.x_ends = np.array([xlo, xhi])
        # y range: the data plus every line the animation shows, within reason.
        ends = np.concatenate([np.concatenate([r.history.intercept[r.frame_rows] + r.history.slope[r.frame_rows] * e
                                               for e in (xlo, xhi)]) for r in runs])
        ylo, yhi = float(y.min()), float(y.max())
        yspan = yhi - ylo
        if not yspan > 1e-12 * max(abs(ylo), abs(yhi)):  # all y equal
            yspan = max(0.2 * abs(yhi), 1.0)
        # A single diverging run may flail within 1.5 data spans; in a comparison the runs
        # that converge matter more, so lines leave after half a span.
        reach = 1.5 if scene.single else 0.5
        lines_lo = max(float(ends.min()), ylo - reach * yspan)
        lines_hi = min(float(ends.max()), yhi + reach * yspan)
        ax.set_xlim(*span(xlo, xhi, 0.04, 1e-12))
        ax.set_ylim(*span(min(ylo, lines_lo), max(yhi, lines_hi), 0.06, 1e-9))
        format_ticks(ax)
        if scene.x_dates:  # x are dates held as decimal years: label them as dates
            format_date_axis(ax.xaxis, *ax.get_xlim())
        # Big data sets: fewer, fainter points keep the stage calm and the draw fast.
        n = x.size
        if n > MAX_POINTS:
            pick = np.random.default_rng(0).choice(n, MAX_POINTS, replace=False)
            x, y = x[pick], y[pick]
        self._shown = (x, y)
        # A few dozen points can be bold; thousands must be fine grain.
        size = t.data_size * float(np.clip((200 / n) ** 0.3, 0.25, 2.5))
        self.heavy.append(ax.scatter(x, y, s=size, color=t.data_color, alpha=t.data_alpha if n <= 2000 else 0.3,
                                     linewidths=0, zorder=2))
        if scene.overlays.reference:
            b0, b1, _ = Moments.of(data).optimum()
            ax.plot(self.x_ends, b0 + b1 * self.x_ends, color=t.reference, linewidth=t.line_width * 0.7,
                    linestyle=(0, (5, 4)), alpha=0.8, zorder=2.5)  # named in the legend's last row
        self._colors = np.array([mcolors.to_rgba(r.color) for r in runs])
        self._faded = self._colors.copy()
        self._faded[:, 3] = t.ended_alpha
        self.lines = LineCollection([], linewidths=t.line_width * 1.4, colors=self._colors, capstyle="round",
                                    zorder=4, animated=True)
        ax.add_collection(self.lines)
        self.moving: list[Artist] = [self.lines]
        self._residuals()
        self._cues()
        self._ring()

    # -- residuals ---------------------------------------------------------------------
    def _residuals(self) -> None:
        scene, t, ax = self.scene, self.scene.theme, self.ax
        self.residual_mode = scene.overlays.residuals
        if self.residual_mode == "off":
            return
        x, y = scene.data.x, scene.data.y
        n = x.size
        if n > RESIDUAL_SAMPLE:
            pick = np.sort(np.random.default_rng(0).choice(n, RESIDUAL_SAMPLE, replace=False))
            ax.text(1.0, 1.0, f"residuals of {RESIDUAL_SAMPLE} of {n:,} points", transform=ax.transAxes,
                    ha="right", va="bottom", fontsize=t.tick_size, color=t.muted_text)
            x, y = x[pick], y[pick]
        self.residual_x, self.residual_y = x, y
        colors = np.repeat(self._colors, x.size, axis=0)
        if self.residual_mode == "lines":
            # One line per run through all its segments, broken by NaNs: one path to draw,
            # not one per point.
            self.residual_lines = [ax.plot([], [], color=run.color, alpha=t.residual_alpha, zorder=3,
                                           linewidth=max(0.8, 0.45 * t.line_width), animated=True)[0]
                                   for run in scene.runs]
            self.moving = [*self.residual_lines, *self.moving]
            return
        else:
            # Squares overlap where the errors are large: a faint fill that adds up there,
            # and outlines that keep each square readable.
            colors[:, 3] = min(0.5 * t.residual_alpha, 6.0 / x.size)
            edges = colors.copy()
            edges[:, 3] = t.residual_alpha
            self._square_colors = (colors.reshape(len(scene.runs), x.size, 4), edges.reshape(len(scene.runs), x.size, 4))
            self.residuals = PolyCollection([], facecolors=colors, edgecolors=edges, linewidths=t.fine_edge_width, zorder=3,
                                            animated=True)
        ax.add_collection(self.residuals)
        self.moving = [self.residuals, *self.moving]

    def residual_segments(self, moment: FrameState) -> np.ndarray:
        """Each run's residuals at `moment`: segments (or squares) from the points to that run's line.

        Shape (runs * points, 2, 2) for lines, (runs * points, 4, 2) for squares; a square's
        vertical side joins the point to the line and its horizontal side has the same
        length in pixels (so it looks square), drawn towards the panel's middle.
        """
        x, y = self.residual_x, self.residual_y
        out = []
        for run, row in zip(self.scene.runs, moment.rows):
            h = run.history
            y_hat = h.intercept[row] + h.slope[row] * x
            if self.residual_mode == "lines":
                out.append(np.stack([np.column_stack([x, y]), np.column_stack([x, y_hat])], axis=1))
            else:
                side = np.abs(y_hat - y) * self._y_to_x  # the vertical side's pixels, in x units
                side *= np.where(x > self._x_mid, -1.0, 1.0)
                out.append(np.stack([np.column_stack([x, y]), np.column_stack([x, y_hat]),
                                     np.column_stack([x + side, y_hat]), np.column_stack([x + side, y])], axis=1))
        return np.concatenate(out, axis=0)

    # -- the network panel's point ----------------------------------------------------------
    def _ring(self) -> None:
        """With the network panel: its point ringed, and its residual to the first run's line."""
        scene, t, ax = self.scene, self.scene.theme, self.ax
        self.sample_residual = None
        if scene.sample is None:
            return
        x, y = float(scene.data.x[scene.sample]), float(scene.data.y[scene.sample])
        self.sample_xy = (x, y)
        ring = 2.6 * t.dot_size
        ax.scatter([x], [y], s=ring**2, marker="o", facecolors="none", edgecolors=t.text,
                   linewidths=t.line_width * 0.75, zorder=5)
        self.sample_residual = ax.plot([x, x], [y, y], color=scene.runs[0].color, linewidth=t.line_width * 1.1,
                                       solid_capstyle="butt", zorder=3.5, animated=True)[0]

    def sample_segment(self, moment: FrameState) -> np.ndarray:
        """The network's point and the first run's line above or below it: ((x, y), (x, ŷ))."""
        x, y = self.sample_xy
        h, row = self.scene.runs[0].history, int(moment.rows[0])
        return np.array([[x, y], [x, float(h.intercept[row] + h.slope[row] * x)]])

    # -- lines that leave the panel ----------------------------------------------------------
    def _cues(self) -> None:
        t, ax = self.scene.theme, self.ax
        area = (3.2 * t.line_width) ** 2 * 2.2
        self.cue = {edge: ax.scatter([], [], marker="^" if edge == "up" else "v", s=area, zorder=6, animated=True,
                                     clip_on=False, linewidths=t.cue_edge_width, edgecolors=t.outline)
                    for edge in ("up", "down")}
        self._clear = None

    def keep_clear(self, box) -> None:
        """Keep the off-the-chart arrowheads out of `box` (x0, y0, x1, y1 in pixels), e.g. the legend's."""
        self._clear = box

    def off_chart(self, moment: FrameState) -> np.ndarray:
        """+1 for each run whose line has left the panel above, -1 below, 0 while it is in view."""
        segs = self.line_ends(moment)
        lo, hi = self.ax.get_ylim()
        above = (segs[:, 0, 1] > hi) & (segs[:, 1, 1] > hi)
        below = (segs[:, 0, 1] < lo) & (segs[:, 1, 1] < lo)
        return above.astype(int) - below.astype(int)

    def _cue_xs(self, edge: str, total: int) -> np.ndarray:
        """Where each run's arrowhead sits on `edge`, in data x: in the stretch the legend leaves free."""
        ax = self.ax
        left, right = ax.bbox.x0, ax.bbox.x1
        if self._clear is not None:
            bx0, by0, bx1, by1 = self._clear
            row = ax.bbox.y1 - 12 if edge == "up" else ax.bbox.y0 + 12
            if by0 - 12 <= row <= by1 + 12:  # the box reaches this edge: use the wider free side
                left, right = max((left, bx0), (bx1, right), key=lambda s: s[1] - s[0])
        gap = min(2.0 * self.scene.theme.annotation_size * self.scene.px_per_pt, (right - left) / (total + 1))
        px = 0.5 * (left + right) + (np.arange(total) - (total - 1) / 2) * gap
        return ax.transData.inverted().transform(np.column_stack([px, np.zeros(total)]))[:, 0]

    def place(self) -> None:
        ax = self.ax
        (x0, y0), (x1, y1) = ax.transData.transform([(ax.get_xlim()[0], ax.get_ylim()[0]),
                                                     (ax.get_xlim()[1], ax.get_ylim()[1])])
        px_per_x = (x1 - x0) / (ax.get_xlim()[1] - ax.get_xlim()[0])
        px_per_y = (y1 - y0) / (ax.get_ylim()[1] - ax.get_ylim()[0])
        self._y_to_x = px_per_y / px_per_x
        self._x_mid = float(np.mean(ax.get_xlim()))

    def avoid(self) -> np.ndarray:
        """The points and every run's first and last lines, in pixels."""
        xs = np.linspace(self.x_ends[0], self.x_ends[1], 25)
        x, y = self._shown
        pts = [np.column_stack([x[:5000], y[:5000]])]
        for run in self.scene.runs:
            h = run.history
            for row in (run.frame_rows[0], run.frame_rows[-1]):
                pts.append(np.column_stack([xs, h.intercept[row] + h.slope[row] * xs]))
        return self.ax.transData.transform(np.concatenate(pts))

    def line_ends(self, moment: FrameState) -> np.ndarray:
        """Each run's line at `moment` as a segment over the data's x range, shape (runs, 2, 2)."""
        x0, x1 = self.x_ends
        segs = np.empty((len(self.scene.runs), 2, 2))
        for k, (run, row) in enumerate(zip(self.scene.runs, moment.rows)):
            b, m = run.history.intercept[row], run.history.slope[row]
            segs[k] = [[x0, b + m * x0], [x1, b + m * x1]]
        return segs

    def update(self, moment: FrameState) -> list:
        # matplotlib's stubs want sequences where these setters take arrays as well.
        self.lines.set_segments(self.line_ends(moment))  # type: ignore[arg-type]
        self.lines.set_color(np.where(moment.ended[:, None], self._faded, self._colors))  # type: ignore[arg-type]
        off = self.off_chart(moment)
        artists = list(self.moving)
        if self.residual_mode == "lines":
            segs = self.residual_segments(moment).reshape(len(self.scene.runs), -1, 2, 2)
            gaps = np.full(segs.shape[:2] + (1, 2), np.nan)
            for line, run_segs, away in zip(self.residual_lines, np.concatenate([segs, gaps], axis=2), off):
                line.set_data(run_segs[..., 0].ravel(), run_segs[..., 1].ravel())
                if away:  # a line off the chart: its residuals would all run to the edge
                    artists.remove(line)
        elif self.residual_mode == "squares":
            shown = off == 0  # a line off the chart: no squares for it
            squares = self.residual_segments(moment).reshape(len(self.scene.runs), -1, 4, 2)
            faces, edges = self._square_colors
            self.residuals.set_verts(squares[shown].reshape(-1, 4, 2))
            # set_*colors: aliases matplotlib's stubs leave out
            self.residuals.set_facecolors(faces[shown].reshape(-1, 4))  # type: ignore[attr-defined]
            self.residuals.set_edgecolors(edges[shown].reshape(-1, 4))  # type: ignore[attr-defined]
        if self.sample_residual is not None:
            seg = self.sample_segment(moment)
            self.sample_residual.set_data(seg[:, 0], seg[:, 1])
            artists.insert(0, self.sample_residual)
        lo, hi = self.ax.get_ylim()
        for edge, mask, y in (("up", off > 0, hi), ("down", off < 0, lo)):
            if mask.any():
                xs = self._cue_xs(edge, len(self.scene.runs))
                self.cue[edge].set_offsets(np.column_stack([xs[mask], np.full(mask.sum(), y)]))
                self.cue[edge].set_facecolor(self._colors[mask])  # type: ignore[arg-type]  # an array of colours
                artists.append(self.cue[edge])
        return artists
