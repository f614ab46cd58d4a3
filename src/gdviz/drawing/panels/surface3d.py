"""The 3D view: the SSE bowl as a shaded surface, with every run's path rolling down it.

The bowl covers the same window as the 2D surface panel
(:func:`gdviz.drawing.grid.surface_window`) and is coloured by the same colour map and
log-spaced levels of excess SSE (:func:`gdviz.drawing.grid.surface_levels`), so a colour
means the same SSE in both, and the 2D panel's contour lines are drawn on it.

Its height is the square root of the SSE. The SSE is a quadratic bowl, so on a linear
scale the valley floor, where gradient descent crawls for most of its epochs, is flat:
the bottom tenth of the height spans a third of the window's width. On a log scale
(what the 2D levels and the loss curve use) the optimum becomes a narrow well, two
decades deeper for every tenfold step closer, whose near wall hides its bottom from any
camera not looking straight down, and every point still far along the valley is drawn
next to the optimum. √SSE is, when E* is small, the distance to the optimum in the
Hessian's metric (√(E* + ½ dᵀHd) in general): the bowl becomes a cone whose height
falls steadily all the way down the valley, and the z axis is still labelled in SSE
(1, 100, 500, 1k at their square-root heights).

The paths are drawn after the surface (``computed_zorder=False``), so the surface never
hides them, whichever side of the bowl the camera is on. With a fixed camera the bowl
is drawn once, into the background, and only the paths and points move; with
``rotate`` the whole 3D axes is redrawn every frame (a coarser mesh keeps that fast).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.axes import Axes

from ..grid import colormap, surface_levels
from ..tickformat import format_sqrt_axis
from .base import DOT, FrameState, Panel, Scene, add_axes, path_exits, path_rows, up_to

if TYPE_CHECKING:
    from mpl_toolkits.mplot3d import Axes3D

__all__ = ["Surface3DPanel", "MESH", "MESH_ROTATING", "ELEVATION", "BOX_HEIGHT", "SWAY", "view_azimuth"]

#: Facets a side: a fixed camera draws the bowl once, so it can be fine (and its facets'
#: edges are stroked in their own colour, so no seam shows between them); a turning
#: camera redraws it every frame, so it is coarser and filled without antialiasing (no
#: seams either, and a quarter of the cost).
MESH = 90
MESH_ROTATING = 28
#: The camera's height above the (w0, w1) plane, in degrees: high enough to see into
#: the bowl from every side, low enough that its depth reads.
ELEVATION = 40.0
#: The default camera stays in front of the map (w0 growing to the right, w1 away from
#: the viewer, as in the 2D panel): its azimuth is kept within this range of -90°, but
#: at least OFF_AXIS from it, so that w1's axis never points at the viewer (nor, when
#: the camera sways, w0's or w1's: the sway's ends stay 10° or more off both).
AZIMUTH_RANGE = 45.0
OFF_AXIS = 40.0
#: A bowl rounder than this (ratio of the Hessian's eigenvalues in the box) has no valley
#: to look along: the camera takes an oblique view from the front right.
ROUND = 1.5
ROUND_AZIMUTH = -50.0
#: With ``rotate``, the camera sways this many degrees to either side of its default
#: view and back, once over the animation (see :meth:`Surface3DPanel.azimuth`).
SWAY = 30.0
#: How far (points, beyond mplot3d's own offset) the axis names stand off the tick labels.
LABEL_PAD = 9.0
#: The box's height against its sides (which are 1 by 1).
BOX_HEIGHT = 0.75


def view_azimuth(moments, xlim, ylim) -> float:
    """The default camera azimuth (degrees): looking down the valley, from in front of the map.

    The valley's long axis is the Hessian's eigenvector of the smaller eigenvalue, in
    the box's coordinates (each side of the window scaled to 1). Looking along it, the
    valley's cross-section is a V across the panel: a path that zig-zags between the
    walls (momentum, a large eta) climbs and falls on them, and one that crawls along
    the floor (gradient descent on a narrow valley) sinks towards the optimum at the
    bottom of the V. Of the valley's two ends, the camera takes the one in front of the
    map, within AZIMUTH_RANGE of -90°, so w0 still grows to the right and w1 away from
    the viewer, as in the 2D panel, but at least OFF_AXIS away from -90° (a valley along
    w1, as when all x are equal, is seen obliquely rather than with w1's axis
    foreshortened to a point). A round bowl gets ROUND_AZIMUTH.
    """
    span = np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]])
    h = moments.hessian() * np.outer(span, span)  # the Hessian in box coordinates
    values, vectors = np.linalg.eigh(h)
    if not np.all(np.isfinite(values)) or values[1] <= 0 or values[1] < ROUND * values[0]:
        return ROUND_AZIMUTH
    along = vectors[:, 0]
    azim = float(np.degrees(np.arctan2(along[1], along[0])))
    if azim > 0:  # the other end of the valley, in front of the map
        azim -= 180.0
    azim = float(np.clip(azim, -90.0 - AZIMUTH_RANGE, -90.0 + AZIMUTH_RANGE))
    if abs(azim + 90.0) < OFF_AXIS:
        azim = -90.0 + (OFF_AXIS if azim > -90.0 else -OFF_AXIS)
    return azim


class Surface3DPanel(Panel):
    """The SSE bowl in 3D over (w0, w1), the least-squares optimum and every run's path so far.

    Each run's path lies on the bowl (its height is the run's own SSE) in the run's
    colour over a light outline, with a disc at the current point and a cross once the
    run has ended. A run that leaves the window stops its path at the edge and waits
    there, hollow, as in the 2D panel.
    """

    name = "surface3d"
    ax: Axes3D  # made by make_axes: a 3D axes

    @classmethod
    def make_axes(cls, fig, where, theme) -> Axes:
        """A 3D axes whose walls and box edges take the theme's colours."""
        import matplotlib

        width = theme.box_line_width
        style: dict[Any, Any] = {"axes.edgecolor": theme.pane_edge, "axes.linewidth": width, "xtick.major.width": width,
                 "ytick.major.width": width}
        for axis in "xyz":
            style[f"axes3d.{axis}axis.panecolor"] = theme.pane
        with matplotlib.rc_context(style):
            return add_axes(fig, where, projection=_box_projection(), computed_zorder=False)

    def __init__(self, ax: Axes3D, scene: Scene):
        super().__init__(ax, scene)
        self.rotate = bool(scene.rotate)
        moments = scene.moments_trained()
        self._xlim, self._ylim = xlim, ylim = scene.surface_window()
        levels = self._draw_bowl(moments)
        self._style(ax, scene.theme, *scene.labels(self.name))
        self._azimuth = view_azimuth(moments, xlim, ylim)
        self._fit()
        ax.view_init(elev=ELEVATION, azim=self._azimuth)
        self._draw_rings_and_optimum(moments, levels)
        self._colors = np.array([mcolors.to_rgba(r.color) for r in scene.runs])
        self._make_paths()
        # Paths through the same rows as the 2D panel, up to the first row outside the window.
        self._path_rows = [path_rows(r) for r in scene.runs]
        self._leaves = path_exits(scene.runs, self._path_rows, xlim, ylim)
        # What the moving artists show now, in (w0, w1, height) (the artists keep it projected):
        self.path_xyz: list = []  # each run's path, a (K, 3) array
        self.point_xyz = np.empty((0, 3))  # the running runs' points (a run outside the box at its edge)
        if self.rotate:
            # The whole axes moves: leave it out of the background and draw it every frame.
            ax.set_animated(True)

    def _draw_bowl(self, moments) -> np.ndarray:
        """The shaded surface, coloured by excess SSE as the 2D map is; sets the height limits, returns the levels."""
        t, (xlim, ylim) = self.scene.theme, (self._xlim, self._ylim)
        e_opt = moments.optimum()[2]
        n = MESH_ROTATING if self.rotate else MESH
        g0, g1 = np.linspace(*xlim, n + 1), np.linspace(*ylim, n + 1)
        corners = moments.sse(np.array(xlim)[np.newaxis, :], np.array(ylim)[:, np.newaxis]) - e_opt
        levels, norm = surface_levels(float(corners.max()), e_opt)
        X, Y = np.meshgrid(g0, g1)
        Z = self.height(moments.sse(X, Y))
        bottom, top = float(self.height(e_opt)), float(Z.max())
        self._zlim = (bottom, top if top > bottom else bottom + max(1e-12, 1e-9 * bottom))
        # Each facet's colour: the theme's colour map at the excess SSE of its centre (the
        # 2D panel's norm), as seen through the 2D fill's alpha, then lit.
        c0, c1 = 0.5 * (g0[:-1] + g0[1:]), 0.5 * (g1[:-1] + g1[1:])
        centres = moments.sse(c0[np.newaxis, :], c1[:, np.newaxis])
        rgb = colormap(t)(norm(np.clip(centres - e_opt, levels[0], levels[-1])))[..., :3]
        bg = np.array(mcolors.to_rgb(t.background))
        rgb = self._lit(t.surface_alpha * rgb + (1.0 - t.surface_alpha) * bg, self.height(centres))
        faces = np.ones((n + 1, n + 1, 4))
        faces[:-1, :-1, :3] = rgb  # plot_surface colours facet (i, j) by entry (i, j)
        self.surface = self.ax.plot_surface(X, Y, Z, rcount=n + 1, ccount=n + 1, facecolors=faces, shade=False,
                                            linewidth=0 if self.rotate else 0.25, antialiased=not self.rotate,
                                            zorder=1)
        self.heavy.append(self.surface)  # a vector still rasterises the bowl (no seams between facets)
        return levels

    def _draw_rings_and_optimum(self, moments, levels: np.ndarray) -> None:
        """The 2D panel's contour lines lifted onto the bowl, and the optimum's star and label on its floor."""
        from matplotlib import patheffects
        from mpl_toolkits.mplot3d.art3d import Line3DCollection

        ax, t = self.ax, self.scene.theme
        ow0, ow1, _ = moments.optimum()
        # Computed once, only projected per frame.
        self.contours = Line3DCollection(self._rings(moments, levels), colors=t.contour_line,
                                         linewidths=t.contour_width, alpha=t.contour_alpha, zorder=2, clip_on=False)
        ax.add_collection(self.contours, autolim=False)
        # The least-squares optimum: a star on the bowl's floor.
        z_opt = self._zlim[0]
        ax.plot([ow0], [ow1], [z_opt], marker="*", markersize=t.optimum_size, color=t.optimum_face,
                markeredgecolor=t.optimum_edge, markeredgewidth=t.mark_edge_width, linestyle="none", zorder=5,
                clip_on=False)
        self._optimum = (ow0, ow1, z_opt)
        # Labelled once, as in the 2D panel: above the star, where the paths arrive from below.
        self.optimum_label = ax.annotate("least squares", (0.0, 0.0), xytext=(0, 9), textcoords="offset points",
                                         ha="center", va="bottom", fontsize=t.annotation_size, color=t.optimum_face,
                                         zorder=5, annotation_clip=False,
                                         path_effects=[patheffects.withStroke(linewidth=t.label_stroke,
                                                                              foreground=t.optimum_edge)])
        self._label_optimum()

    def _make_paths(self) -> None:
        """The moving artists: every run's path over a wider outline, its point, a cross when it has ended."""
        from mpl_toolkits.mplot3d.art3d import Line3DCollection

        ax, t, k = self.ax, self.scene.theme, len(self.scene.runs)
        self.outlines = Line3DCollection([], colors=t.outline, linewidths=t.path_width + t.outline_extra,
                                         capstyle="round", joinstyle="round", zorder=6, animated=True, clip_on=False)
        self.paths = Line3DCollection([], colors=self._colors, linewidths=t.path_width, capstyle="round",
                                      joinstyle="round", zorder=7, animated=True, clip_on=False)
        ax.add_collection(self.outlines, autolim=False)  # already 3D: nothing to convert
        ax.add_collection(self.paths, autolim=False)
        area = t.dot_size ** 2
        self.points = ax.scatter(np.zeros(k), np.zeros(k), np.zeros(k), s=area, marker=DOT, facecolors=self._colors,
                                 edgecolors=t.outline, linewidths=t.point_edge_width, depthshade=False, zorder=8,
                                 animated=True, clip_on=False)
        self.ended_marks = ax.scatter([], [], [], s=area * 1.1, marker="X", linewidths=t.mark_edge_width,
                                      edgecolors=t.outline, depthshade=False, zorder=8, animated=True, clip_on=False)

    # -- geometry ---------------------------------------------------------------------
    @staticmethod
    def height(sse):
        """The height of an SSE on the bowl: its square root."""
        return np.sqrt(np.maximum(np.asarray(sse, dtype=float), 0.0))

    def azimuth(self, epoch: int) -> float:
        """The camera's azimuth at `epoch`: fixed, or swaying to either side and back when rotating.

        Rotating, the camera sways SWAY degrees to one side of its default view (down
        the valley), back through it, SWAY degrees to the other side and back again, a
        sine over the animation: the shape of the bowl shows in the motion, and every
        view on the way is a readable one. (A whole turn, tried first, spends half the
        animation behind the map with w0 running right to left, and passes views along
        an axis where the bowl collapses to a sheet; a 90° turn to look across the
        valley ends on the valley floor seen edge-on.) The sway goes with the frames
        (each shown equally long, dense where the weights move), so it is steady in
        time, and it ends where it began, so a looping GIF does not jump. An epoch
        between two frames gets the angle between theirs, so ``frame_at`` agrees with
        the frames around it.
        """
        if not self.rotate:
            return self._azimuth
        epochs = self.scene.epochs
        if len(epochs) < 2:
            return self._azimuth
        position = float(np.interp(epoch, epochs, np.arange(len(epochs)))) / (len(epochs) - 1)
        return self._azimuth + SWAY * float(np.sin(2.0 * np.pi * position))

    def _rings(self, moments, levels) -> list:
        """The SSE's contour lines at `levels` of excess SSE, as (K, 3) arrays on the bowl."""
        from contourpy import contour_generator

        g0, g1 = np.linspace(*self._xlim, 241), np.linspace(*self._ylim, 241)
        best = moments.optimum()[2]
        excess = moments.sse(g0[np.newaxis, :], g1[:, np.newaxis]) - best
        generator = contour_generator(x=g0, y=g1, z=excess, line_type="Separate")
        rings: list[np.ndarray] = []
        for level in levels[1:-1]:
            z = float(self.height(best + level))
            # contourpy types lines() as any line_type's result; "Separate" gives (N, 2) arrays.
            rings.extend(np.column_stack([line, np.full(len(line), z)])  # type: ignore[list-item]
                         for line in generator.lines(level) if len(line) > 1)
        return rings

    def _lit(self, rgb: np.ndarray, z: np.ndarray) -> np.ndarray:
        """`rgb` shaded by a light on the bowl as the box shows it (sides 1, height BOX_HEIGHT)."""
        from matplotlib.colors import LightSource

        t = self.scene.theme
        lo, hi = float(z.min()), float(z.max())
        zb = (z - lo) / (hi - lo) * BOX_HEIGHT if hi > lo else np.zeros_like(z)
        m = z.shape[0]
        ls = LightSource(azdeg=t.light_azimuth, altdeg=t.light_altitude)
        # Row 0 is the lowest w1 (south): a negative dy says so to LightSource, whose rows run north to south.
        return ls.shade_rgb(rgb, zb, fraction=t.shade_fraction, blend_mode="soft", dx=1.0 / m, dy=-1.0 / m)

    def _fit(self) -> None:
        """Zoom the box to fill the panel's slot, leaving room for the tick and axis labels.

        A 3D axes draws in a square; the box, its labels and everything in it are drawn
        unclipped, so a wide or tall slot is filled all the same. A turning camera is
        fitted at every angle it will take, so the box never leaves its slot. A fixed
        camera has the SSE axis's labels on one side only (the right when it looks from
        the front right): the box is moved towards the other side, which needs little
        room, and zoomed to fill the rest.
        """
        from mpl_toolkits.mplot3d import proj3d

        ax, t = self.ax, self.scene.theme
        corners = np.array(np.meshgrid(self._xlim, self._ylim, self._zlim)).reshape(3, -1)
        azimuths = self._azimuth + (np.linspace(-SWAY, SWAY, 9) if self.rotate else np.zeros(1))
        slot = ax.get_position(original=True).transformed(ax.figure.transFigure)
        ax.apply_aspect()
        square = ax.bbox
        # Room beside the box for tick labels and an axis label; less above and below, and
        # little on the side away from the SSE axis.
        room = 3.6 * t.label_size * self.scene.px_per_pt
        z_right = np.cos(np.deg2rad(self._azimuth)) > 0
        left, right = (room, room) if self.rotate else ((0.35 * room, room) if z_right else (room, 0.35 * room))
        top, bottom = 0.3 * room, 0.8 * room  # the w₀ and w₁ labels hang under the box's front edges

        def extent():
            xy: Any = []  # (N, 2) arrays of pixels, then their concatenation
            for azim in azimuths:
                ax.view_init(elev=ELEVATION, azim=azim)
                px, py, _ = proj3d.proj_transform(*corners, ax.get_proj())
                xy.append(ax.transData.transform(np.column_stack([px, py])))
            return np.concatenate(xy)

        zoom = 1.0
        for _ in range(3):  # the perspective makes the extent not quite proportional to the zoom
            ax.set_box_aspect((1.0, 1.0, BOX_HEIGHT), zoom=zoom)
            xy = extent()
            # The box may move within the slot (below): fit its width and height.
            fit_w = (slot.width - left - right) / max(np.ptp(xy[:, 0]), 1.0)
            fit_h = (slot.height - top - bottom) / max(np.ptp(xy[:, 1]), 1.0)
            zoom *= max(min(fit_w, fit_h), 0.2)
        ax.set_box_aspect((1.0, 1.0, BOX_HEIGHT), zoom=zoom)
        # Move the view so the box's middle is the middle of the room left for it.
        xy = extent()
        shift_x = 0.5 * (slot.x0 + left + slot.x1 - right) - 0.5 * (xy[:, 0].min() + xy[:, 0].max())
        shift_y = 0.5 * (slot.y0 + bottom + slot.y1 - top) - 0.5 * (xy[:, 1].min() + xy[:, 1].max())
        (x0, y0), (x1, y1) = ax.viewLim.get_points()
        dx, dy = shift_x * (x1 - x0) / square.width, shift_y * (y1 - y0) / square.height
        ax.viewLim.intervalx = (x0 - dx, x1 - dx)
        ax.viewLim.intervaly = (y0 - dy, y1 - dy)
        ax.view_init(elev=ELEVATION, azim=self._azimuth)
        for artist in (self.surface,):
            artist.set_clip_on(False)

    def _style(self, ax, t, title: str, xlabel: str, ylabel: str) -> None:
        ax.set_facecolor(t.background)
        # No grid on the walls, as on the 2D surface: the bowl's contour lines carry the
        # levels, and a turning camera would redraw the grid every frame (6 ms of 45).
        ax.grid(False)
        # The title goes where the 2D panels put theirs, over the slot's left edge: the axes
        # itself is a square in the middle of the slot (mplot3d keeps it square).
        from matplotlib.transforms import ScaledTranslation, blended_transform_factory

        slot = ax.get_position(original=True)
        fig = ax.figure
        place = blended_transform_factory(fig.transFigure, fig.transFigure) + ScaledTranslation(
            0, 8 / 72, fig.dpi_scale_trans)
        self.title = fig.text(slot.x0, slot.y1, title, transform=place, fontsize=t.title_size, color=t.text,
                              ha="left", va="baseline")
        ax.set_xlim(*self._xlim)
        ax.set_ylim(*self._ylim)
        ax.set_zlim(*self._zlim)
        for axis, label in ((ax.xaxis, xlabel), (ax.yaxis, ylabel), (ax.zaxis, "SSE")):
            axis.set_label_text(label, fontsize=t.label_size, color=t.text)
            axis.labelpad = LABEL_PAD
            axis.set_tick_params(labelsize=t.tick_size, colors=t.muted_text, pad=0)
        from matplotlib.ticker import MaxNLocator

        from ..tickformat import format_axis

        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        format_axis(ax.xaxis, *self._xlim)
        format_axis(ax.yaxis, *self._ylim)
        format_sqrt_axis(ax.zaxis, *self._zlim)
        self._tick_stamps: list = []
        if self.rotate and not self.scene.vector:  # a vector still draws its labels as text, at one view
            self._stamp_tick_labels()

    def _stamp_tick_labels(self) -> None:
        """Turning, the tick labels are stamped (like the header) where mplot3d puts them.

        Matplotlib lays out every tick label's glyphs again at each draw, over a
        millisecond each: a dozen of them were a third of a turning frame. mplot3d still
        places the (now empty) labels every frame; :meth:`stamps` draws each label's
        text, rendered once, at that place, aligned as matplotlib would align it.
        """
        from matplotlib.ticker import NullFormatter

        from ..text import TextStamp

        t, ax = self.scene.theme, self.ax
        size = t.tick_size * self.scene.px_per_pt
        for axis, (lo, hi) in ((ax.xaxis, self._xlim), (ax.yaxis, self._ylim), (ax.zaxis, self._zlim)):
            locs = np.asarray(axis.get_major_locator()(), dtype=float)
            texts = axis.get_major_formatter().format_ticks(locs)
            pad = 1e-9 * max(abs(lo), abs(hi), 1.0)
            for k, (loc, text) in enumerate(zip(locs, texts)):
                if lo - pad <= loc <= hi + pad and text:
                    stamp = TextStamp(t.font_family, size, t.muted_text, 0, 0)
                    self._tick_stamps.append((axis, k, text, stamp, stamp.measure(text)))
            axis.set_major_formatter(NullFormatter())

    # -- frames -----------------------------------------------------------------------
    def stamps(self, moment: FrameState) -> list:
        """Turning: the tick labels, at the places mplot3d gave them in this frame's draw."""
        if not self._tick_stamps:
            return []
        out = []
        height = self.ax.figure.bbox.height
        transform = self.ax.transData
        ticks = {id(axis): axis.get_major_ticks() for axis in (self.ax.xaxis, self.ax.yaxis, self.ax.zaxis)}
        for axis, k, text, stamp, (w, h) in self._tick_stamps:
            label = ticks[id(axis)][k].label1
            x, y = transform.transform(label.get_position())
            ha, va = label.get_ha(), label.get_va()
            left = x - {"left": 0.0, "center": 0.5 * w, "right": w}.get(ha, 0.5 * w)
            top = (height - y) - {"top": 0.0, "bottom": h, "baseline": 0.8 * h}.get(va, 0.5 * h)
            stamp.x, stamp.y = int(round(left)), int(round(top))
            out.append((stamp, text))
        return out

    def avoid(self) -> np.ndarray:
        """The optimum and every run's start, in pixels, as the camera first sees them."""
        from mpl_toolkits.mplot3d import proj3d

        pts = [(r.history.w0[0], r.history.w1[0], float(self.height(r.history.loss[0]))) for r in self.scene.runs]
        pts.append(self._optimum)
        x, y, z = (np.array(v, dtype=float) for v in zip(*pts))
        x, y = np.clip(x, *self._xlim), np.clip(y, *self._ylim)
        z = np.clip(z, *self._zlim)
        ax = self.ax
        ax.view_init(elev=ELEVATION, azim=self.azimuth(0))
        px, py, _ = proj3d.proj_transform(x, y, z, ax.get_proj())
        return ax.transData.transform(np.column_stack([px, py]))

    def _label_optimum(self) -> None:
        """Put the optimum's label over the star as the camera sees it now."""
        from mpl_toolkits.mplot3d import proj3d

        x, y, z = (np.array([v]) for v in self._optimum)
        px, py, _ = proj3d.proj_transform(x, y, z, self.ax.get_proj())
        self.optimum_label.xy = (float(px[0]), float(py[0]))

    def _exit(self, inside: np.ndarray, outside: np.ndarray) -> np.ndarray:
        """The point where the segment from `inside` to `outside` leaves the box (nothing is clipped in 3D)."""
        t = 1.0
        step = outside - inside
        for axis, (lo, hi) in enumerate((self._xlim, self._ylim, self._zlim)):
            if step[axis] > 0 and outside[axis] > hi:
                t = min(t, (hi - inside[axis]) / step[axis])
            elif step[axis] < 0 and outside[axis] < lo:
                t = min(t, (lo - inside[axis]) / step[axis])
        return inside + max(t, 0.0) * step

    def update(self, moment: FrameState) -> list:
        runs = self.scene.runs
        segs, here = [], np.empty((len(runs), 3))
        for k, (run, row) in enumerate(zip(runs, moment.rows)):
            h = run.history
            stop = row if self._leaves[k] is None else min(row, self._leaves[k])
            rows = up_to(self._path_rows[k], stop)
            path = np.column_stack([h.w0[rows], h.w1[rows], self.height(h.loss[rows])])
            if stop == self._leaves[k] and len(path) > 1:  # it ends where it leaves the box
                path[-1] = self._exit(path[-2], path[-1])
            segs.append(path)
            here[k] = h.w0[row], h.w1[row], self.height(h.loss[row])
        self.path_xyz = segs
        self.outlines.set_segments(segs)
        self.paths.set_segments(segs)
        clipped = np.column_stack([np.clip(here[:, 0], *self._xlim), np.clip(here[:, 1], *self._ylim),
                                   np.clip(here[:, 2], *self._zlim)])
        outside = (clipped[:, :2] != here[:, :2]).any(axis=1)
        live = ~moment.ended
        self.point_xyz = clipped[live]
        _place(self.points, clipped[live])
        self.points.set_facecolor(np.where(outside[:, None], 0.0, self._colors)[live])
        self.points.set_edgecolor(np.where(outside[:, None], self._colors,
                                           mcolors.to_rgba(self.scene.theme.outline))[live])
        moving = [self.outlines, self.paths, self.points]
        if moment.ended.any():
            _place(self.ended_marks, clipped[moment.ended])
            self.ended_marks.set_facecolor(self._colors[moment.ended])
            moving.append(self.ended_marks)
        if self.rotate:
            # Drawing the axes projects every collection in it (the moving ones too) with the new view.
            self.ax.view_init(elev=ELEVATION, azim=self.azimuth(moment.epoch))
            self._label_optimum()
            return [self.ax, *moving]
        if self.ax.M is None:  # never drawn yet (a vector still): project with the view as set
            self.ax.M = self.ax.get_proj()
        for artist in moving:  # the camera has not moved since the background was drawn
            artist.do_3d_projection()
        return moving


def _place(points, xyz: np.ndarray) -> None:
    """Move a 3D scatter's points to `xyz` (shape (K, 3))."""
    points.set_offsets(xyz[:, :2])
    points.set_3d_properties(xyz[:, 2], "z")


def _box_projection() -> str:
    """The name of a 3D projection whose layout size is its box.

    The 3D view keeps its labels inside its own box (the view is zoomed to fill it), but
    mplot3d reports tick labels and pane corners far outside it, and the layout engine
    (constrained layout, see :mod:`gdviz.drawing.panels.layout`) would shrink every other panel
    to nothing to make room. This projection tells the layout its true extent.
    """
    from matplotlib.projections import get_projection_names, register_projection
    from mpl_toolkits.mplot3d import Axes3D

    name = "gdviz_3d"
    if name not in get_projection_names():

        class Box3D(Axes3D):
            def get_tightbbox(self, renderer=None, *args, **kwargs):
                return self.get_window_extent(renderer)

        Box3D.name = name
        register_projection(Box3D)
    return name
