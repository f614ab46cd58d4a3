"""What every panel shares: the runs on one clock, the moment being drawn, axes styling.

A panel draws its static artists (data, contours, labels) once when it is built and
keeps a few moving artists (``animated=True``, left out of the background) whose data
it changes in :meth:`Panel.update`. Several runs multiply only the moving artists, and
those are batched into one collection per kind (all runs' lines, all runs' paths, ...),
so seven runs cost about what one does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator

from ...history import History
from ...data.moments import Moments
from ..grid import READABLE_EXCESS, READABLE_EXCESS_COMPARED, surface_window
from ..labels import panel_labels
from ..schedule import rows_at
from ..theme import Theme
from ..tickformat import format_axis

__all__ = ["Run", "FrameState", "Scene", "Panel", "style_axes", "names", "path_rows", "path_exits", "DOT", "arrow_polygons"]

#: A round marker of 32 straight sides: it looks like matplotlib's "o", but a moving
#: scatter of it draws without measuring Bézier curves (about 1.5 ms a frame each).
DOT = Path.unit_regular_polygon(32)


def arrow_polygons(tails: np.ndarray, vectors: np.ndarray, width: float, head_width: float,
                   head_length: float) -> np.ndarray:
    """Arrows as closed polygons (shaft and head), all in pixels; shape (N, 7, 2).

    An arrow shorter than its head is all head, scaled down, so it still points.
    """
    length = np.hypot(vectors[:, 0], vectors[:, 1])
    safe = np.where(length > 0, length, 1.0)
    ux, uy = vectors[:, 0] / safe, vectors[:, 1] / safe  # along
    nx, ny = -uy, ux  # across
    head = np.minimum(head_length, length)
    shrink = head / head_length
    hw, w = 0.5 * head_width * shrink, 0.5 * width * shrink
    neck = length - head
    along = np.stack([np.zeros_like(length), neck, neck, length, neck, neck, np.zeros_like(length)], axis=1)
    across = np.stack([w, w, hw, np.zeros_like(length), -hw, -w, -w], axis=1)
    x = tails[:, 0:1] + along * ux[:, None] + across * nx[:, None]
    y = tails[:, 1:2] + along * uy[:, None] + across * ny[:, None]
    return np.stack([x, y], axis=2)


@dataclass(eq=False)
class Run:
    """One history in an animation, with its label and colour and where its frames fall."""

    history: "History"
    label: str
    color: str
    index: int
    # The row each scheduled frame shows (Scene sets it; none until then).
    frame_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))

    @property
    def last_epoch(self) -> int:
        return int(self.history.epoch[-1])

    @property
    def diverged_at(self) -> Optional[int]:
        value = self.history.meta.get("diverged_at")
        return None if value is None else int(value)

    def rows_at(self, epoch: int) -> int:
        return int(rows_at(self.history.epoch, epoch))


@dataclass(frozen=True)
class FrameState:
    """What one frame shows: an epoch of the shared clock and each run's row there.

    `ended[r]` is True once the clock has passed run r's last epoch: a run that stopped
    early (diverged, or simply shorter) holds its last state, visibly ended.
    """

    epoch: int
    rows: np.ndarray
    ended: np.ndarray


class Scene:
    """Everything the panels draw from: the runs (sharing one data set), the clock, the theme.

    Parameters
    ----------
    runs : list of Run
    epochs : numpy.ndarray
        The epoch each scheduled frame shows.
    theme : Theme
    px_per_pt : float
        Pixels per typographic point in this figure.
    overlays : gdviz.drawing.options.Overlays
    rotate : bool
        Whether the 3D view's camera turns over the animation.
    last : int, optional
        The clock's last epoch (the epochs asked for); by default the longest run's.
    sample : int, optional
        The point the network panel follows (the fit panel rings it); None without that panel.
    """

    def __init__(self, runs: list, epochs: np.ndarray, theme: Theme, px_per_pt: float, overlays,
                 rotate: bool = False, last: Optional[int] = None, sample: Optional[int] = None):
        self.runs = runs
        self.sample = sample
        self.rotate = rotate
        self.epochs = epochs
        self.theme = theme
        self.px_per_pt = px_per_pt
        self.overlays = overlays
        first = runs[0].history
        self.data = first.data
        self.scaled = first.scaled
        self.shift = float(first.meta.get("x_shift", 0.0))
        self.scale = float(first.meta.get("x_scale", 1.0))
        #: x are dates held as decimal years (a date column of a table)
        self.x_dates = bool(first.meta.get("x_dates") or getattr(self.data, "x_dates", False))
        #: Panels being drawn for a vector still (PDF, SVG): every text stays matplotlib text.
        self.vector = False
        self.end = int(max(run.last_epoch for run in runs))  # the longest run's last row
        #: The clock's last epoch: the epochs asked for, which a run that diverged never reached.
        self.last = self.end if last is None else max(int(last), self.end)
        for run in runs:
            run.frame_rows = rows_at(run.history.epoch, epochs)

    @property
    def single(self) -> bool:
        return len(self.runs) == 1

    def moments_trained(self) -> Moments:
        """The moments of the x the weights act on (scaled x when training ran scaled)."""
        m = Moments.of(self.data)
        return m.scaled(self.shift, self.scale) if self.scaled else m

    def surface_window(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """(w0 limits, w1 limits) of the surface panels: every run's path near the optimum (see
        :func:`gdviz.drawing.grid.surface_window`; a comparison follows diverging paths less far)."""
        excess = READABLE_EXCESS if self.single else READABLE_EXCESS_COMPARED
        return surface_window([(r.history.w0, r.history.w1) for r in self.runs], self.moments_trained(), excess)

    def labels(self, panel: str) -> tuple[str, str, str]:
        """(title, x label, y label) of `panel` ("fit", "surface", ...), in the first run's names and scaling."""
        x_name, y_name = names(self.runs[0].history)
        return panel_labels(x_name, y_name, scaled=self.scaled, shift=self.shift, scale=self.scale,
                            dates=self.x_dates, runs=len(self.runs))[panel]

    def moment(self, epoch: int, frame: Optional[int] = None) -> FrameState:
        """The state at `epoch` (a scheduled frame's rows are precomputed)."""
        if frame is not None:
            rows = np.array([run.frame_rows[frame] for run in self.runs])
        else:
            rows = np.array([run.rows_at(epoch) for run in self.runs])
        ended = np.array([epoch > run.last_epoch for run in self.runs])
        return FrameState(int(epoch), rows, ended)


def path_rows(run: Run, extra: Optional[np.ndarray] = None) -> np.ndarray:
    """The rows a run's path or curve is drawn through: every frame's row (dense where it moves)."""
    rows = run.frame_rows if extra is None else np.concatenate([run.frame_rows, extra])
    return np.unique(rows)


def path_exits(runs: list, rows_each: list, xlim: tuple, ylim: tuple) -> list:
    """For each run, the first of its path's rows (`rows_each`) whose weights lie outside the window, or None."""
    exits = []
    for run, rows in zip(runs, rows_each):
        w0, w1 = run.history.w0[rows], run.history.w1[rows]
        inside = (xlim[0] <= w0) & (w0 <= xlim[1]) & (ylim[0] <= w1) & (w1 <= ylim[1])
        exits.append(int(rows[np.argmin(inside)]) if not inside.all() else None)
    return exits


def up_to(rows: np.ndarray, row: int) -> np.ndarray:
    """`rows` cut at `row`, ending exactly there (frame_at may show a row between frames)."""
    cut = rows[: np.searchsorted(rows, row, side="right")]
    if cut.size == 0 or cut[-1] != row:
        cut = np.append(cut, row)
    return cut


def style_axes(ax: Axes, theme: Theme, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_facecolor(theme.background)
    ax.set_title(title, fontsize=theme.title_size, color=theme.text, loc="left", pad=8)
    ax.set_xlabel(xlabel, fontsize=theme.label_size, color=theme.text, labelpad=4)
    ax.set_ylabel(ylabel, fontsize=theme.label_size, color=theme.text, labelpad=4)
    ax.tick_params(which="both", labelsize=theme.tick_size, colors=theme.muted_text,
                   labelbottom=theme.show_ticks, labelleft=theme.show_ticks)
    ax.tick_params(which="major", length=3)
    ax.tick_params(which="minor", length=1.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.spine)
    ax.grid(True, color=theme.grid, linewidth=theme.grid_width, zorder=0)
    ax.set_axisbelow(True)
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.yaxis.set_major_locator(MaxNLocator(6))


def add_axes(fig, where, **kwargs) -> Axes:
    """An axes at a gridspec cell (``fig.add_subplot``) or at a rect (``fig.add_axes``)."""
    if isinstance(where, (tuple, list)):
        return fig.add_axes(where, **kwargs)
    return fig.add_subplot(where, **kwargs)


def format_ticks(ax: Axes, *, sse_y: bool = False) -> None:
    """gdviz's tick labels on both axes (see :mod:`gdviz.drawing.tickformat`), for the limits set now."""
    format_axis(ax.xaxis, *ax.get_xlim())
    format_axis(ax.yaxis, *ax.get_ylim(), nonnegative=sse_y)


def names(h: "History") -> tuple[str, str]:
    """What x and y are called: a CSV file's header names, else x and y."""
    return (str(h.meta.get("x_name", getattr(h.data, "x_name", "x"))),
            str(h.meta.get("y_name", getattr(h.data, "y_name", "y"))))


class Panel:
    """A part of the frame: static artists drawn once, moving ones updated per moment."""

    name = ""
    #: Drawn anew on its axes once the frame's layout is frozen (its drawing depends on the
    #: axes' final size, which matplotlib's constrained layout only knows after a first draw).
    relayout = False

    def __init__(self, ax: Axes, scene: Scene):
        self.ax = ax
        self.scene = scene
        #: Static artists of many small pieces (points, contour fills) that a vector still
        #: rasterises to stay small; the lines and text stay vectors.
        self.heavy: list = []

    @classmethod
    def make_axes(cls, fig, where, theme) -> Axes:
        """The axes this panel draws in: at `where` in `fig`, a gridspec cell or a rect
        (left, bottom, width, height) in figure fractions (a vector still's tile)."""
        return add_axes(fig, where)

    @property
    def figure(self) -> Figure:
        """The Figure the panel's axes are on (matplotlib types ``ax.figure`` as possibly a SubFigure)."""
        fig = self.ax.figure
        assert isinstance(fig, Figure), "a panel's axes are on a Figure"
        return fig

    def remake(self, ax: Axes) -> "Panel":
        """The same panel drawn anew in `ax` (a vector still's tile), from the same scene."""
        return type(self)(ax, self.scene)

    def place(self) -> None:
        """Called once the figure is laid out (pixel positions are known)."""

    def update(self, moment: FrameState) -> list:
        """Point the moving artists at `moment`; returns them for drawing, in order."""
        raise NotImplementedError

    def late(self) -> list:
        """Still artists placed in :meth:`place` (their pixels known): drawn once into the background."""
        return []

    def stamps(self, moment: FrameState) -> list:
        """(TextStamp, text) pairs drawn over the artists."""
        return []

    def avoid(self) -> np.ndarray:
        """Display points a box placed in this panel should not cover (shape (K, 2))."""
        return np.empty((0, 2))
