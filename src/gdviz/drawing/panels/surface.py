"""The surface panel: SSE contours over (w0, w1), the least-squares optimum, each run's path."""

from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection

from ...training.diagnostics import principal_axes
from ..grid import colormap, contour_levels
from ..tickformat import number
from ..placement import place_label
from .base import DOT, FrameState, Panel, Scene, arrow_polygons, format_ticks, path_exits, path_rows, style_axes, up_to

__all__ = ["SurfacePanel", "ARROW_SHARE"]

#: The negative-gradient arrow's length, as a share of the panel's shorter side.
ARROW_SHARE = 0.13


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
        style_axes(ax, t, *scene.labels(self.name))
        ax.grid(False)
        self._xlim, self._ylim = xlim, ylim = scene.surface_window()
        self._draw_surface(xlim, ylim)
        self._axis_labels: list[Artist] = []
        if scene.overlays.axes:
            self._draw_axes(xlim, ylim)
        self._colors = np.array([mcolors.to_rgba(r.color) for r in runs])
        self._make_paths()
        # The path of each run goes through its frames' rows (dense where it moves), and
        # only up to its first point outside the window: lines between far-away points
        # would only streak across the map.
        self._path_rows = [path_rows(r) for r in runs]
        self._leaves = path_exits(runs, self._path_rows, xlim, ylim)
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

    def _draw_surface(self, xlim: tuple, ylim: tuple) -> None:
        """The static map: the filled contours and their lines, the ticks, the optimum and its label."""
        ax, t = self.ax, self.scene.theme
        # The moments of the trained x, from the data's: exact, and a constant x stays flagged.
        moments = self.scene.moments_trained()
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
        above = self.scene.runs[0].history.w1[0] <= ow1
        fx = (ow0 - xlim[0]) / (xlim[1] - xlim[0])
        ha = "left" if fx < 0.25 else "right" if fx > 0.75 else "center"
        dx = {"left": -6, "right": 6, "center": 0}[ha]
        # Where it goes for good is chosen once the panel's pixels are known (:meth:`place`):
        # it is drawn into the background after that, over the paths and arrows it avoids.
        self.optimum_label = ax.annotate(
            "least squares", (ow0, ow1), xytext=(dx, 9 if above else -9), textcoords="offset points", ha=ha,
            va="bottom" if above else "top", fontsize=t.annotation_size, color=t.optimum_face, zorder=9,
            animated=True, path_effects=[patheffects.withStroke(linewidth=t.label_stroke, foreground=t.optimum_edge)])
        self.leader = ax.plot([], [], color=t.optimum_edge, linewidth=t.mark_edge_width, zorder=9, animated=True)[0]

    def _draw_axes(self, xlim: tuple, ylim: tuple) -> None:
        """The bowl's principal axes through the optimum, labelled steep and shallow (static).

        Each runs along an eigenvector of H, as long as the half-axis of one level
        ellipse, which is proportional to 1/sqrt(lambda): the shallow axis is the long
        one. The ellipse is the largest whose axes stay within 70% of the way to the
        window's edges. The labels are drawn each frame, over the paths.
        """
        ax, t = self.ax, self.scene.theme
        ow0, ow1, _ = self.scene.moments_trained().optimum()
        axes = principal_axes(self.scene.moments_trained())
        here, lo_hi = np.array([ow0, ow1]), np.array([[xlim[0], ylim[0]], [xlim[1], ylim[1]]])
        room = []
        for lam, v in axes:  # how far the window lets the axis reach (both ways), in units of 1/sqrt(lambda)
            v = np.array(v)
            reach = min(float(((lo_hi[1] if d > 0 else lo_hi[0])[i] - here[i]) / d)
                        for sign in (1.0, -1.0) for i, d in enumerate(sign * v) if d != 0)
            room.append(reach * np.sqrt(max(lam, np.finfo(float).tiny)))
        level = 0.7 * min(room)  # the half-axis along lambda is level / sqrt(lambda)
        stroke = [patheffects.withStroke(linewidth=t.label_stroke, foreground=t.optimum_edge)]
        lo = np.array([xlim[0], ylim[0]])
        span = np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]])
        for (lam, v), word in zip(axes, ("steep", "shallow")):
            half = level / np.sqrt(max(lam, np.finfo(float).tiny))
            ends = np.array([[ow0 - half * v[0], ow1 - half * v[1]], [ow0 + half * v[0], ow1 + half * v[1]]])
            ax.plot(ends[:, 0], ends[:, 1], color=t.optimum_face, linewidth=t.line_width, linestyle=(0, (4, 2)),
                    zorder=4, path_effects=stroke)
            shares = (ends - lo) / span  # where each end sits in the panel, 0 to 1
            k = int(np.argmin(np.abs(shares - 0.5).max(axis=1)))  # the end nearer the middle: room to write
            fx, fy = shares[k]
            self._axis_labels.append(ax.annotate(
                f"{word}, λ = {number(lam, 4)}", tuple(ends[k]), xytext=(-4 if fx > 0.5 else 4, 4 if fy < 0.5 else -4),
                textcoords="offset points", ha="right" if fx > 0.5 else "left", va="bottom" if fy < 0.5 else "top",
                fontsize=t.annotation_size, color=t.optimum_face, zorder=9, path_effects=stroke,
                animated=True))  # drawn each frame, over the paths

    def _make_paths(self) -> None:
        """The moving artists: every run's path over an outline, its point, its end mark, the off-map note."""
        ax, t, k = self.ax, self.scene.theme, len(self.scene.runs)
        xlim, ylim = self._xlim, self._ylim
        # The paths over a wider outline, so they read on every part of the map (two
        # collections: path effects would draw each path twice, from Python).
        self.outlines = LineCollection([], colors=t.outline, linewidths=t.path_width + t.outline_extra, capstyle="round",
                                       joinstyle="round", zorder=6, animated=True)
        self.paths = LineCollection([], colors=self._colors, linewidths=t.path_width, capstyle="round",
                                    joinstyle="round", zorder=6, animated=True)
        self.halos = None
        if t.halo is not None:  # a light rim around the dark casing, for the map's dark end
            self.halos = LineCollection([], colors=t.halo, linewidths=t.path_width + t.outline_extra + 2 * t.halo_width,
                                        capstyle="round", joinstyle="round", zorder=6, animated=True)
            ax.add_collection(self.halos)
        ax.add_collection(self.outlines)
        ax.add_collection(self.paths)
        marker_area = t.dot_size**2  # pt²
        self.points = ax.scatter(np.zeros(k), np.zeros(k), s=marker_area, marker=DOT,
                                 facecolors=self._colors, edgecolors=t.outline, linewidths=t.point_edge_width, zorder=8,
                                 animated=True)
        self.ended_marks = ax.scatter([], [], s=marker_area * 1.1, marker="X", linewidths=t.mark_edge_width,
                                      edgecolors=t.outline, zorder=8, animated=True)
        # A diverging run leaves the window: its point waits, hollow, at the edge, and a
        # note says so in the corner farthest from the optimum (and its label).
        ow0, ow1, _ = self.scene.moments_trained().optimum()
        fx = (ow0 - xlim[0]) / (xlim[1] - xlim[0])
        fy = (ow1 - ylim[0]) / (ylim[1] - ylim[0])
        cx, cy = (0.03 if fx > 0.5 else 0.97), (0.04 if fy > 0.5 else 0.96)
        self.off_map = ax.text(cx, cy, "diverging: off the map", transform=ax.transAxes,
                               va="bottom" if cy < 0.5 else "top", ha="left" if cx < 0.5 else "right",
                               fontsize=t.annotation_size, color=t.text, zorder=9, animated=True,
                               bbox=dict(boxstyle="round,pad=0.3", facecolor=t.background, edgecolor=t.grid,
                                         alpha=t.box_alpha))

    def place(self) -> None:
        ax = self.ax
        (x0, y0), (x1, y1) = ax.transData.transform([(self._xlim[0], self._ylim[0]), (self._xlim[1], self._ylim[1])])
        self._px = np.array([(x1 - x0) / (self._xlim[1] - self._xlim[0]), (y1 - y0) / (self._ylim[1] - self._ylim[0])])
        self._arrow_px = ARROW_SHARE * min(x1 - x0, y1 - y0)
        self._place_label((x0, y0, x1, y1))

    def obstacles(self) -> np.ndarray:
        """What moves over the map in the whole animation, as segments (x0, y0, x1, y1, pad) in pixels:
        every run's path, the arrows at every scheduled frame, and the star."""
        t, ppp, ax = self.scene.theme, self.scene.px_per_pt, self.ax
        out = []
        path_pad = 0.5 * (t.path_width + t.outline_extra) * ppp + 2
        for k, run in enumerate(self.scene.runs):
            rows = self._path_rows[k] if self._leaves[k] is None else up_to(self._path_rows[k], self._leaves[k])
            px = ax.transData.transform(np.column_stack([run.history.w0[rows], run.history.w1[rows]]))
            out.append(np.column_stack([px[:-1], px[1:], np.full(len(px) - 1, path_pad)]))
            out.append(np.column_stack([px[-1:], px[-1:], [0.5 * t.dot_size * ppp + 2]]))
        if self._gradient:
            out.extend(self._arrow_obstacles())
        ow0, ow1, _ = self.scene.moments_trained().optimum()
        star = ax.transData.transform([(ow0, ow1)])
        out.append(np.column_stack([star, star, [0.5 * t.optimum_size * ppp]]))
        return np.concatenate(out)

    def _arrow_obstacles(self) -> list:
        """Each run's two arrows at every scheduled frame (as :meth:`arrows` and update draw them), in pixels."""
        ax, pad = self.ax, 2.1 * self._arrow_width + 2
        out = []
        for run in self.scene.runs:
            h, rows = run.history, run.frame_rows
            ended = self.scene.epochs > run.last_epoch
            here = np.column_stack([h.w0[rows], h.w1[rows]])
            inside = ((self._xlim[0] <= here[:, 0]) & (here[:, 0] <= self._xlim[1])
                      & (self._ylim[0] <= here[:, 1]) & (here[:, 1] <= self._ylim[1]) & ~ended)
            g = -np.column_stack([h.grad_w0[rows], h.grad_w1[rows]]) * self._px
            norm = np.hypot(g[:, 0], g[:, 1])
            down = np.where(norm[:, None] > 0, g / np.where(norm > 0, norm, 1.0)[:, None] * self._arrow_px / self._px, 0)
            nxt = np.minimum(rows + 1, len(h) - 1)
            step = np.column_stack([h.w0[nxt] - h.w0[rows], h.w1[nxt] - h.w1[rows]])
            tails = ax.transData.transform(here[inside])
            for vec in (down, step):
                heads = ax.transData.transform((here + vec)[inside])
                out.append(np.column_stack([tails, heads, np.full(len(tails), pad)]))
        return out

    def _place_label(self, rect: tuple) -> None:
        """Move "least squares" to the emptiest place near the star (see :func:`gdviz.drawing.placement.place_label`),
        with a leader line from the star when it is two or more gaps away."""
        t, ppp, ax, label = self.scene.theme, self.scene.px_per_pt, self.ax, self.optimum_label
        box = label.get_window_extent()
        halo = t.label_stroke * ppp
        w, h = box.width + 2 * halo, box.height + 2 * halo
        star = np.array(label.xy, dtype=float)
        sx, sy = ax.transData.transform([star])[0]
        x, y, far = place_label((sx, sy), w, h, 9 * ppp, rect, self.obstacles())
        label.set_horizontalalignment("left")
        label.set_verticalalignment("bottom")
        label.xyann = ((x + halo - sx) / ppp, (y + halo - sy) / ppp)
        self.label_box = (x, y, x + w, y + h)
        if far:  # a leader line from the star's rim to the label's nearest point
            near = np.array([min(max(sx, x), x + w), min(max(sy, y), y + h)])
            d = float(np.hypot(*(near - (sx, sy))))
            start = np.array([sx, sy]) + (near - (sx, sy)) * (0.55 * t.optimum_size * ppp / max(d, 1e-9))
            self.leader.set_data(*ax.transData.inverted().transform([start, near]).T)
        self._late = [self.leader, label] if far else [label]
        if self.scene.vector:  # a still draws it with everything else
            for artist in self._late:
                artist.set_animated(False)

    def late(self) -> list:
        """The label (and its leader line), placed now, drawn once into the background."""
        return self._late

    def avoid(self) -> np.ndarray:
        """The optimum, every run's start and a grid over the "least squares" label, in pixels."""
        pts = [(r.history.w0[0], r.history.w1[0]) for r in self.scene.runs]
        ow0, ow1, _ = self.scene.moments_trained().optimum()
        points = self.ax.transData.transform(np.array(pts + [(ow0, ow1)]))
        x0, y0, x1, y1 = self.label_box
        gx, gy = np.meshgrid(np.linspace(x0, x1, 6), np.linspace(y0, y1, 3))
        return np.concatenate([points, np.column_stack([gx.ravel(), gy.ravel()])])

    def update(self, moment: FrameState) -> list:
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
        if self.halos is not None:
            self.halos.set_segments(segs)
        clipped = np.column_stack([np.clip(here[:, 0], *self._xlim), np.clip(here[:, 1], *self._ylim)])
        outside = (clipped != here).any(axis=1)
        live = ~moment.ended
        self.points.set_offsets(clipped[live])
        face = np.where(outside[:, None], 0.0, self._colors)[live]
        edge = np.where(outside[:, None], self._colors, mcolors.to_rgba(self.scene.theme.outline))[live]
        # set_*colors: aliases matplotlib's stubs leave out
        self.points.set_facecolors(face)  # type: ignore[attr-defined]
        self.points.set_edgecolors(edge)  # type: ignore[attr-defined]
        artists: list[Artist] = [self.halos] if self.halos is not None else []
        artists += [self.outlines, self.paths]
        if self._gradient:
            artists += self._arrows(moment, here, live & ~outside)
        artists.append(self.points)
        if moment.ended.any():
            self.ended_marks.set_offsets(clipped[moment.ended])
            self.ended_marks.set_facecolors(self._colors[moment.ended])  # type: ignore[attr-defined]
            artists.append(self.ended_marks)
        if outside.any():
            artists.append(self.off_map)
        return artists + self._axis_labels

    def arrows(self, moment: FrameState) -> tuple[np.ndarray, np.ndarray]:
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

    def _arrows(self, moment: FrameState, here: np.ndarray, show: np.ndarray) -> list:
        down, step = self.arrows(moment)
        tails = self.ax.transData.transform(here)
        w = self._arrow_width
        steps = show & (np.abs(step).sum(axis=1) > 0)
        polys = [arrow_polygons(tails[show], down[show] * self._px, w, 4.2 * w, 5.0 * w),
                 arrow_polygons(tails[steps], step[steps] * self._px, 0.8 * w, 3.4 * w, 4.0 * w)]
        faces = [np.repeat([self._gradient_rgba], show.sum(), axis=0), self._colors[steps]]
        # pixels -> inches (matplotlib's stubs want a sequence of polygons; an (N, K, 2) array is one)
        self.arrow_art.set_verts(np.concatenate(polys) / self.ax.figure.dpi)  # type: ignore[arg-type]
        self.arrow_art.set_facecolors(np.concatenate(faces))  # type: ignore[attr-defined]  # as in update()
        self.arrow_art.set_edgecolors(np.concatenate(faces))  # type: ignore[attr-defined]
        return [self.arrow_art]
