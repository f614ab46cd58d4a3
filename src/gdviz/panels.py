"""Panels: what each part of a frame draws.

A panel draws its static artists (data, contours, labels) once when it is built and
keeps a few moving artists (animated=True, left out of the background) whose data it
changes per frame in :meth:`Panel.update`. This is the one module that creates
matplotlib artists.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch
from matplotlib.transforms import IdentityTransform
from matplotlib.ticker import MaxNLocator

from .history import History
from .moments import Moments
from .text import TextStamp, readable
from .theme import Theme

__all__ = ["PANELS", "Panel", "FitPanel", "SurfacePanel", "LossPanel", "Scene"]

_SURFACE_GRID = 240
_MAX_CURVE_POINTS = 2400
#: The surface window follows a path only while its excess SSE stays below this many
#: times the start's, i.e. within about 5 times the start's distance from the optimum.
READABLE_EXCESS = 25.0


class Scene:
    """What every panel needs to know: the history, the frame rows, the theme."""

    def __init__(self, history: History, rows: np.ndarray, theme: Theme, px_per_pt: float):
        self.history = history
        self.rows = rows
        self.theme = theme
        self.px_per_pt = px_per_pt
        self.color = theme.run_color(0)


def _style_axes(ax: Axes, theme: Theme, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_facecolor(theme.background)
    ax.set_title(title, fontsize=theme.title_size, color=theme.text, loc="left", pad=8)
    ax.set_xlabel(xlabel, fontsize=theme.label_size, color=theme.text, labelpad=4)
    ax.set_ylabel(ylabel, fontsize=theme.label_size, color=theme.text, labelpad=4)
    ax.tick_params(labelsize=theme.tick_size, colors=theme.muted_text, length=3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.spine)
    ax.grid(True, color=theme.grid, linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.yaxis.set_major_locator(MaxNLocator(6))


def _compact_ticks(axis, lo: float, hi: float) -> None:
    """Tick labels a room can read: 250k and 1.5M rather than an offset like "1e6" in a corner."""
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    big = max(abs(lo), abs(hi))
    if big < 1e5:
        fmt = ScalarFormatter(useOffset=False)
        fmt.set_scientific(big < 1e-3 and big > 0)
        axis.set_major_formatter(fmt)
        return
    unit, suffix = (1e9, "G") if big >= 1e9 else (1e6, "M") if big >= 1e6 else (1e3, "k")
    axis.set_major_formatter(FuncFormatter(lambda v, pos: f"{v / unit:g}{suffix}" if v else "0"))


def _span(lo: float, hi: float, pad: float, minimum: float) -> tuple[float, float]:
    width = max(hi - lo, minimum)
    mid = 0.5 * (lo + hi)
    return mid - 0.5 * width * (1 + 2 * pad), mid + 0.5 * width * (1 + 2 * pad)


class Panel:
    """A part of the frame: static artists drawn once, moving ones updated per frame."""

    name = ""

    def __init__(self, ax: Axes, scene: Scene):
        self.ax = ax
        self.scene = scene
        self.moving: list = []

    def place(self) -> None:
        """Called once the figure is laid out (pixel positions are known)."""

    def update(self, frame: int) -> list:
        """Point the moving artists at frame `frame`; returns them for drawing."""
        raise NotImplementedError

    def stamps(self, frame: int) -> list:
        """(TextStamp, text) pairs drawn over the artists at frame `frame`."""
        return []


def _names(h: History) -> tuple[str, str]:
    """What x and y are called: a CSV file's header names, else x and y."""
    return (str(h.meta.get("x_name", getattr(h.data, "x_name", "x"))),
            str(h.meta.get("y_name", getattr(h.data, "y_name", "y"))))


def _scaling(h: History) -> tuple[bool, float, float]:
    """(scaled, x_shift, x_scale): training ran on x' = (x - x_shift) / x_scale when scaled."""
    scaled = h.scaled
    return scaled, float(h.meta.get("x_shift", 0.0)), float(h.meta.get("x_scale", 1.0))


class FitPanel(Panel):
    """The data and the current line y_hat = w1*x + w0, in the data's own units.

    The axes are labelled with the data's column names. The y-limits hold the data and
    the lines shown, but never reach more than 1.5 data spans beyond the data, so a
    diverging run's lines leave the panel instead of squashing the points flat.
    """

    name = "fit"

    def __init__(self, ax: Axes, scene: Scene):
        super().__init__(ax, scene)
        h, t = scene.history, scene.theme
        x, y = h.data.x, h.data.y
        xname, yname = _names(h)
        scaled = _scaling(h)[0]
        _style_axes(ax, t, "Fitted line  ŷ = w₁·x + w₀" if not scaled else "Fitted line, in the data's units",
                    xname, yname)
        xlo, xhi = float(x.min()), float(x.max())
        if xhi == xlo:  # all x equal: a window around them, relative to their size
            half = max(0.5, 0.05 * abs(xlo))
            xlo, xhi = xlo - half, xhi + half
        self.x_ends = np.array([xlo, xhi])
        # y range: the data plus every line the animation shows, within reason.
        rows = scene.rows
        ends = np.concatenate([h.intercept[rows] + h.slope[rows] * xlo, h.intercept[rows] + h.slope[rows] * xhi])
        ylo, yhi = float(y.min()), float(y.max())
        yspan = yhi - ylo
        if not yspan > 1e-12 * max(abs(ylo), abs(yhi)):  # all y equal
            yspan = max(0.2 * abs(yhi), 1.0)
        lines_lo = max(float(ends.min()), ylo - 1.5 * yspan)
        lines_hi = min(float(ends.max()), yhi + 1.5 * yspan)
        ax.set_xlim(*_span(xlo, xhi, 0.04, 1e-12))
        ax.set_ylim(*_span(min(ylo, lines_lo), max(yhi, lines_hi), 0.06, 1e-9))
        _compact_ticks(ax.xaxis, *ax.get_xlim())
        _compact_ticks(ax.yaxis, *ax.get_ylim())
        # Big data sets: fewer, fainter points keep the stage calm and the draw fast.
        n = x.size
        if n > 20000:
            pick = np.random.default_rng(0).choice(n, 20000, replace=False)
            x, y = x[pick], y[pick]
        # A few dozen points can be bold; thousands must be fine grain.
        size = t.data_size * float(np.clip((200 / n) ** 0.3, 0.25, 2.5))
        ax.scatter(x, y, s=size, color=t.data_color, alpha=t.data_alpha if n <= 2000 else 0.3,
                   linewidths=0, zorder=2, label=f"data (N = {n:,})")
        (self.line,) = ax.plot(self.x_ends, self.x_ends * 0, color=scene.color, linewidth=t.line_width * 1.4,
                               solid_capstyle="round", zorder=3, animated=True)
        self.moving = [self.line]
        self._epoch_width = len(str(int(h.epoch[-1])))
        # The line of every frame, in data units, computed once.
        self._lines = (h.intercept[scene.rows], h.slope[scene.rows])

    def place(self) -> None:
        """Put the epoch/SSE label in the emptiest top or bottom corner, in a box sized for the widest text."""
        t, fig, ax = self.scene.theme, self.ax.figure, self.ax
        size_px = t.annotation_size * self.scene.px_per_pt
        pad = 0.45 * size_px
        probe = TextStamp(t.mono_family, size_px, t.text, 0, 0, line_spacing=0.25 * size_px)
        self._texts = [self._label(frame) for frame in range(len(self.scene.rows))]
        sizes = [probe.measure(text) for text in {len(s): s for s in self._texts}.values()]
        w, h = max(a for a, _ in sizes) + 2 * pad, max(b for _, b in sizes) + 2 * pad
        # What the box could hide: the points and the first and last lines, in pixels.
        hist, rows = self.scene.history, self.scene.rows
        xs = np.linspace(*self.x_ends, 25)
        pts = [np.column_stack([hist.data.x[:5000], hist.data.y[:5000]])]
        for frame in (0, len(rows) - 1):
            pts.append(np.column_stack([xs, self._lines[0][frame] + self._lines[1][frame] * xs]))
        px = ax.transData.transform(np.concatenate(pts))
        (ax0, ay0), (ax1, ay1) = ax.transAxes.transform([(0.03, 0.04), (0.97, 0.96)])
        corners = [(ax0, ay1 - h), (ax1 - w, ay1 - h), (ax1 - w, ay0), (ax0, ay0)]  # TL, TR, BR, BL

        def covered(corner):
            x0, y0 = corner
            return int(((px[:, 0] >= x0) & (px[:, 0] <= x0 + w) & (px[:, 1] >= y0) & (px[:, 1] <= y0 + h)).sum())

        x, y = min(corners, key=covered)  # ties keep the first: top left
        self.stamp = TextStamp(t.mono_family, size_px, t.text, x + pad, fig.bbox.height - (y + h) + pad,
                               line_spacing=0.25 * size_px)
        self.box = FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0,rounding_size={0.6 * pad}",
                                  transform=IdentityTransform(), facecolor=t.background, edgecolor=t.grid,
                                  alpha=0.9, animated=True)
        fig.add_artist(self.box)
        self.moving = [self.line, self.box]

    def _label(self, frame: int) -> str:
        """Epoch and SSE, as the tutorial's snapshots show them; on scaled runs also the
        line in the data's units (the header and the surface show the trained weights)."""
        h = self.scene.history
        row = self.scene.rows[frame]
        text = f"Epoch {int(h.epoch[row]):>{self._epoch_width}d}\nSSE = {readable(h.loss[row])}"
        if _scaling(h)[0]:
            intercept, slope = self._lines
            xname, yname = _names(h)
            b = float(intercept[frame])
            text += f"\n{yname} = {readable(slope[frame])}·{xname} {'-' if b < 0 else '+'} {readable(abs(b))}"
        return text

    def stamps(self, frame: int) -> list:
        return [(self.stamp, self._texts[frame])]

    def update(self, frame: int) -> list:
        intercept, slope = self._lines
        self.line.set_ydata(intercept[frame] + slope[frame] * self.x_ends)
        return self.moving


def surface_window(history: History, moments: Moments) -> tuple[tuple[float, float], tuple[float, float]]:
    """(w0 limits, w1 limits): the least-squares optimum, the start and the path near them.

    Parameters
    ----------
    history : History
    moments : Moments
        Of the coordinates the history was trained in.

    Notes
    -----
    A converging run's excess SSE E - E* only falls, so the window holds the whole path.
    A diverging run's path is followed only while E - E* stays below READABLE_EXCESS
    (25) times its starting value, about five times the start's distance from the
    optimum; beyond that the path runs off the edge instead of zooming the window out
    to where the contours are a blur (a run may grow a millionfold before it stops).
    """
    ow0, ow1, best = moments.optimum()
    excess = moments.sse(history.w0, history.w1) - best
    keep = excess <= READABLE_EXCESS * max(float(excess[0]), 0.0)
    keep[0] = True
    w0 = np.append(history.w0[keep], ow0)
    w1 = np.append(history.w1[keep], ow1)
    lo0, hi0 = float(w0.min()), float(w0.max())
    lo1, hi1 = float(w1.min()), float(w1.max())
    # Neither side thinner than 40% of the other, so the valley's shape stays readable.
    s0, s1 = hi0 - lo0, hi1 - lo1
    big = max(s0, s1)
    if not big > 1e-12 * max(abs(lo0), abs(hi0), abs(lo1), abs(hi1), 1e-300):
        # The path never left the optimum: show about where the SSE doubles (rises by 1 on a perfect fit).
        lo, hi = moments.eigenvalues()
        ref = best if best > 0 else 1.0
        big = 2.0 * np.sqrt(2.0 * ref / max(hi, 1e-300))
    return (_room_around(_span(lo0, hi0, 0.12, 0.4 * big), ow0),
            _room_around(_span(lo1, hi1, 0.12, 0.4 * big), ow1))


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
    """SSE contours over (w0, w1), the least-squares optimum and the path so far."""

    name = "surface"

    def __init__(self, ax: Axes, scene: Scene):
        super().__init__(ax, scene)
        h, t = scene.history, scene.theme
        scaled, shift, scale = _scaling(h)
        xname = _names(h)[0]
        if not scaled:
            title, xlabel, ylabel = "SSE surface and descent path", "w₀ (intercept)", "w₁ (slope)"
        elif scale == 1.0:
            title = f"SSE surface, trained on x′ = x − {shift:.6g}"
            xlabel, ylabel = f"w₀′ (ŷ at {xname} = {shift:.6g})", "w₁′ (slope)"
        else:
            title = f"SSE surface, trained on x′ = (x − {shift:.6g}) / {scale:.4g}"
            xlabel = f"w₀′ (ŷ at mean {xname} = {shift:.6g})"
            ylabel = f"w₁′ (ŷ change per sd of {xname}, {scale:.4g})"
        _style_axes(ax, t, title, xlabel, ylabel)
        ax.grid(False)
        # The moments of the trained x, from the data's: exact, and a constant x stays flagged.
        moments = Moments.of(h.data)
        if scaled:
            moments = moments.scaled(shift, scale)
        (xlim, ylim) = surface_window(h, moments)
        self._xlim, self._ylim = xlim, ylim
        g0 = np.linspace(*xlim, _SURFACE_GRID)
        g1 = np.linspace(*ylim, _SURFACE_GRID)
        ow0, ow1, e_opt = moments.optimum()
        excess = moments.sse(g0[np.newaxis, :], g1[:, np.newaxis]) - e_opt
        top = float(excess.max())
        floor = max(top * 1e-5, 1e-12 * max(1.0, e_opt))
        levels = np.geomspace(floor, max(top, floor * 10), 17)
        norm = mcolors.LogNorm(vmin=levels[0], vmax=levels[-1])
        clipped = np.clip(excess, levels[0], levels[-1])
        ax.contourf(g0, g1, clipped, levels=levels, norm=norm, cmap=t.surface_cmap, alpha=t.surface_alpha,
                    zorder=0, antialiased=True)
        ax.contour(g0, g1, clipped, levels=levels, colors=t.contour_line, linewidths=0.5, alpha=0.45, zorder=1)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        _compact_ticks(ax.xaxis, *xlim)
        _compact_ticks(ax.yaxis, *ylim)
        ax.plot([ow0], [ow1], marker="*", markersize=15, color=t.optimum_face, markeredgecolor=t.optimum_edge,
                markeredgewidth=1.0, linestyle="none", zorder=5)
        # Label the optimum above or below it, away from where the path comes in, and
        # keep the label inside the panel near its sides.
        above = h.w1[0] <= ow1
        fx = (ow0 - xlim[0]) / (xlim[1] - xlim[0])
        ha = "left" if fx < 0.25 else "right" if fx > 0.75 else "center"
        dx = {"left": -6, "right": 6, "center": 0}[ha]
        ax.annotate("least squares", (ow0, ow1), xytext=(dx, 9 if above else -9),
                    textcoords="offset points", ha=ha, va="bottom" if above else "top",
                    fontsize=t.annotation_size, color=t.optimum_face, zorder=5,
                    path_effects=[patheffects.withStroke(linewidth=2.5, foreground=t.optimum_edge)])
        outline = [patheffects.Stroke(linewidth=t.path_width + 2.5, foreground=t.outline), patheffects.Normal()]
        (self.path,) = ax.plot([], [], color=scene.color, linewidth=t.path_width, solid_capstyle="round",
                               solid_joinstyle="round", zorder=6, animated=True, path_effects=outline)
        (self.point,) = ax.plot([], [], marker="o", markersize=9, color=scene.color, markeredgecolor=t.outline,
                                markeredgewidth=1.6, linestyle="none", zorder=7, animated=True)
        # A diverging run leaves the window: its point waits, hollow, at the edge, and a
        # note says so in the corner farthest from the optimum (and its label).
        fy = (ow1 - ylim[0]) / (ylim[1] - ylim[0])
        cx, cy = (0.03 if fx > 0.5 else 0.97), (0.04 if fy > 0.5 else 0.96)
        self.off_map = ax.text(cx, cy, "", transform=ax.transAxes, va="bottom" if cy < 0.5 else "top",
                               ha="left" if cx < 0.5 else "right",
                               fontsize=t.annotation_size, color=t.text, zorder=8, animated=True,
                               bbox=dict(boxstyle="round,pad=0.3", facecolor=t.background, edgecolor=t.grid, alpha=0.9))
        self._face = scene.color
        self.moving = [self.path, self.point, self.off_map]
        # The path is drawn through the frames' rows: dense where the weights move.
        self._w0 = h.w0[scene.rows]
        self._w1 = h.w1[scene.rows]
        # A path that leaves the window is drawn up to its first point outside it; lines
        # between far-away points would only streak across the map.
        inside = ((xlim[0] <= self._w0) & (self._w0 <= xlim[1]) & (ylim[0] <= self._w1) & (self._w1 <= ylim[1]))
        self._leaves = int(np.argmin(inside)) if not inside.all() else len(inside)

    def update(self, frame: int) -> list:
        end = min(frame, self._leaves) + 1
        self.path.set_data(self._w0[:end], self._w1[:end])
        w0, w1 = float(self._w0[frame]), float(self._w1[frame])
        c0, c1 = float(np.clip(w0, *self._xlim)), float(np.clip(w1, *self._ylim))
        outside = (c0, c1) != (w0, w1)
        self.point.set_data([c0], [c1])
        self.point.set_markerfacecolor("none" if outside else self._face)
        self.point.set_markeredgecolor(self._face if outside else self.scene.theme.outline)
        self.off_map.set_text("diverging: off the map" if outside else "")
        self.off_map.set_visible(outside)
        return self.moving


def _curve_rows(n: int, rows: np.ndarray) -> np.ndarray:
    """Rows to draw a long curve through: every frame's row plus an even and a log-spaced sample."""
    if n <= _MAX_CURVE_POINTS:
        return np.arange(n)
    even = np.linspace(0, n - 1, _MAX_CURVE_POINTS // 2).round().astype(np.int64)
    early = np.geomspace(1, n - 1, _MAX_CURVE_POINTS // 2).round().astype(np.int64)
    return np.unique(np.concatenate([[0], even, early, rows]))


class LossPanel(Panel):
    """SSE per epoch: the whole curve faint, the part travelled strong, a cursor at the current epoch."""

    name = "loss"

    def __init__(self, ax: Axes, scene: Scene):
        super().__init__(ax, scene)
        h, t = scene.history, scene.theme
        _style_axes(ax, t, "SSE per epoch", "epoch", "SSE")
        self._rows = _curve_rows(len(h), scene.rows)
        ep = h.epoch[self._rows].astype(np.float64)
        loss = h.loss[self._rows]
        lo, hi = float(h.loss.min()), float(h.loss.max())
        # Log scale once the SSE falls over two decades; below that matplotlib labels the
        # minor ticks (2×10¹, 3×10¹, ...) and they pile up on a short panel.
        if lo > 0 and hi / lo > 100:
            ax.set_yscale("log")
            ax.set_ylim(lo / 1.6, hi * 1.6)
        else:
            ax.set_ylim(*_span(lo, hi, 0.08, 1e-12 * max(1.0, abs(hi))))
        last = float(h.epoch[-1])
        ax.set_xlim(-0.02 * max(last, 1), last * 1.02 if last > 0 else 1)
        ax.plot(ep, loss, color=t.loss_ghost, linewidth=t.line_width, zorder=2)
        # The floor: the least-squares SSE, the best any line can do.
        best = h.meta.get("sse_least_squares")
        if best is not None and (ax.get_yscale() == "linear" or best > 0):
            lo_y = ax.get_ylim()[0]
            if best < lo_y:
                ax.set_ylim(best / 1.6 if ax.get_yscale() == "log" else best - 0.05 * (hi - best), ax.get_ylim()[1])
            ax.axhline(best, color=t.muted_text, linewidth=0.9, linestyle=(0, (4, 3)), zorder=1)
            ax.annotate("least squares", (1.0, best), xycoords=("axes fraction", "data"), xytext=(-4, 3),
                        textcoords="offset points", ha="right", va="bottom", fontsize=t.tick_size,
                        color=t.muted_text, zorder=1)
        if ax.get_yscale() == "linear":
            _compact_ticks(ax.yaxis, *ax.get_ylim())
        _compact_ticks(ax.xaxis, *ax.get_xlim())
        (self.curve,) = ax.plot([], [], color=scene.color, linewidth=t.line_width, zorder=3, animated=True)
        (self.cursor,) = ax.plot([], [], marker="o", markersize=7, color=scene.color,
                                 markeredgecolor=t.outline, markeredgewidth=1.2, linestyle="none",
                                 zorder=4, animated=True)
        self._ep, self._loss = ep, loss
        self._cut = np.searchsorted(self._rows, scene.rows, side="right")
        self.moving = [self.curve, self.cursor]

    def update(self, frame: int) -> list:
        h = self.scene.history
        row = self.scene.rows[frame]
        cut = self._cut[frame]
        self.curve.set_data(self._ep[:cut], self._loss[:cut])
        self.cursor.set_data([float(h.epoch[row])], [h.loss[row]])
        return self.moving


PANELS = {cls.name: cls for cls in (FitPanel, SurfacePanel, LossPanel)}
