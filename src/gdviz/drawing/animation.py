"""Animation: turns one History, or several on one clock, into frames and frames into a file.

The figure is built once: static artists are rendered into a background image, and
each frame restores that background, moves the few animated artists and draws only
them (blitting). Frames are handed to the writer straight from the canvas buffer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from .. import formats
from ..errors import GdvizError
from ..history import History
from .schedule import plan_frames
from .text import TextStamp
from .theme import POINTS_PER_HEIGHT, get_preset, get_theme
from .tickformat import distinct_digits, number

__all__ = ["Animation", "render", "check_options", "check_runs", "default_labels", "PANEL_NAMES", "DEFAULT_PANELS",
           "RESIDUALS"]

PANEL_NAMES = ("fit", "surface", "loss", "surface3d")
DEFAULT_PANELS = ("fit", "surface", "loss")
MIN_SIDE, MAX_SIDE = 160, 7680
MAX_PIXELS = 7680 * 4320  # 8K UHD: a frame's buffers stay in the hundreds of MB
MAX_FRAMES = 10_000  # distinct frames: over 5 minutes at 30 fps
_REFERENCE_HEIGHT_IN = 7.2  # a 720 px frame is drawn at 100 dpi; other sizes scale with height


RESIDUALS = ("auto", "off", "lines", "squares")


@dataclass(frozen=True)
class Overlays:
    """The teaching overlays, each an option of the panel it draws in.

    residuals : "off", "lines" or "squares" (fit panel)
    gradient : the negative gradient at each run's current point, and the step it takes (surface)
    reference : the least-squares line, faint and dashed (fit panel)
    """

    residuals: str = "off"
    gradient: bool = True
    reference: bool = True


def check_options(*, panels, fps, size, theme, max_frames, residuals="auto", gradient=True, reference=True,
                  transparent=False, preset="web", rotate=False) -> tuple:
    """Validate the drawing options (no matplotlib needed); returns them normalised.

    Returns (panels, fps, size, theme, max_frames): `size` None is the preset's, `fps`
    None the preset's (which may itself be None: the format's default), and `theme` the
    resolved Theme (the palette at the preset's type sizes).
    """
    preset = get_preset(preset)
    if size is None:
        size = preset.size
    if fps is None:
        fps = preset.fps
    if isinstance(panels, str):
        panels = tuple(p.strip() for p in panels.split(",") if p.strip())
    panels = tuple(panels)
    unknown = [p for p in panels if p not in PANEL_NAMES]
    if unknown or not panels:
        raise GdvizError(
            f"The `panels` must be one or more of {', '.join(PANEL_NAMES)}; not {', '.join(map(repr, unknown)) or 'none'}."
        )
    if len(set(panels)) != len(panels):
        raise GdvizError(f"Each panel may appear once; got {', '.join(panels)}.")
    if fps is not None:
        if isinstance(fps, bool) or not isinstance(fps, (int, float, np.integer, np.floating)) or not (1 <= fps <= 120):
            raise GdvizError(f"`fps` must be a number from 1 to 120; got {fps!r}.")
        fps = float(fps)
    try:
        w, h = (int(v) for v in size)
        if (w, h) != tuple(size):
            raise ValueError
    except (TypeError, ValueError):
        raise GdvizError(f"`size` must be (width, height) in whole pixels, e.g. (1280, 720); got {size!r}.") from None
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
        raise GdvizError(f"`size` must be between {MIN_SIDE} and {MAX_SIDE} pixels on each side; got {w}x{h}.")
    if w * h > MAX_PIXELS:
        raise GdvizError(f"`size` must be at most {MAX_PIXELS:,} pixels in all (7680x4320); got {w}x{h}.")
    theme = get_theme(theme, preset)
    if isinstance(max_frames, bool) or not isinstance(max_frames, (int, np.integer)) or not 1 <= max_frames <= MAX_FRAMES:
        raise GdvizError(f"`max_frames` must be a whole number from 1 to {MAX_FRAMES:,}; got {max_frames!r}.")
    if residuals not in RESIDUALS:
        raise GdvizError(f"`residuals` must be one of {', '.join(map(repr, RESIDUALS))}; not {residuals!r}.")
    for name, value in (("gradient", gradient), ("reference", reference), ("transparent", transparent),
                        ("rotate", rotate)):
        if not isinstance(value, (bool, np.bool_)):
            raise GdvizError(f"`{name}` must be True or False; got {value!r}.")
    if rotate and "surface3d" not in panels:
        raise GdvizError(f"`rotate` turns the 3D view's camera, but `panels` has no surface3d ({','.join(panels)}): "
                         "add it (e.g. fit,surface3d), or drop `rotate`.")
    return panels, fps, (w, h), theme, int(max_frames)


def check_runs(histories, labels=None, max_runs: int = 7) -> tuple[list, list]:
    """The runs of an animation and their labels, checked: one to `max_runs` histories of one data set.

    Runs compare only on the same points in the same coordinates: the surface and the
    fit panel are drawn once for all of them.
    """
    if isinstance(histories, History):
        histories = [histories]
    elif isinstance(histories, (str, bytes)) or not hasattr(histories, "__iter__"):
        raise GdvizError(f"`history` must be a gdviz.History (from gdviz.train or Recorder.history), or a list of "
                         f"them to compare; got {type(histories).__name__}.")
    runs = list(histories)
    if not runs:
        raise GdvizError("An animation needs at least one run; give a History or a list of Histories.")
    for k, h in enumerate(runs):
        if not isinstance(h, History):
            raise GdvizError(f"Run {k + 1} must be a gdviz.History (from gdviz.train or Recorder.history); "
                             f"got {type(h).__name__}.")
    if len(runs) > max_runs:
        raise GdvizError(f"An animation compares at most {max_runs} runs, one colour each; got {len(runs)}: "
                         "split them into two animations.")
    seen = {}
    for k, h in enumerate(runs):
        if id(h) in seen:
            raise GdvizError(f"Runs {seen[id(h)] + 1} and {k + 1} are the same History; give each run once.")
        seen[id(h)] = k
    first = runs[0]
    for k, h in enumerate(runs[1:], start=2):
        same = h.data is first.data or (np.array_equal(h.data.x, first.data.x) and np.array_equal(h.data.y, first.data.y))
        if not same:
            raise GdvizError(f"Run {k} was trained on other data than run 1 ({len(h.data)} and {len(first.data)} "
                             "points); runs compare only on the same points: train them on one Dataset.")
        for key, default in (("x_shift", 0.0), ("x_scale", 1.0)):
            if float(h.meta.get(key, default)) != float(first.meta.get(key, default)):
                raise GdvizError(f"Run {k} was trained on x in other coordinates than run 1 (meta[{key!r}] "
                                 f"{h.meta.get(key, default)!r} vs {first.meta.get(key, default)!r}); train every "
                                 "run with the same scale= so their weights share one surface.")
    if labels is None:
        labels = default_labels(runs)
    else:
        if isinstance(labels, str):
            labels = [part.strip() for part in labels.split(",")]
        labels = list(labels)
        if len(labels) != len(runs):
            raise GdvizError(f"Give one label per run: {len(runs)} run{'s' if len(runs) != 1 else ''}, "
                             f"{len(labels)} label{'s' if len(labels) != 1 else ''}.")
        for lab in labels:
            if not isinstance(lab, str) or not lab.strip() or "\n" in lab:
                raise GdvizError(f"Each label must be a non-empty line of text; got {lab!r}.")
        labels = [lab.strip() for lab in labels]
        if len(set(labels)) != len(labels):
            raise GdvizError(f"Each run needs its own label; got {', '.join(labels)}.")
    return runs, labels


def eta_text(eta, etas=()) -> str:
    """``η=0.0213``: three significant digits, more only where three would not tell `etas` apart."""
    return f"η={number(eta, distinct_digits([eta, *etas]))}"


def default_labels(runs: list) -> list:
    """Names that tell the runs apart: the optimizer, the learning rate, or both.

    One run is named by its optimizer ("gd"). Runs with different optimizers are named
    by them ("adam"); eta joins the name only where it is what tells runs apart, i.e.
    runs sharing an optimizer at different etas ("η=0.003", or "adam η=0.01" when the
    optimizers differ too); then hyperparameters that differ ("momentum beta=0.5");
    "run 1", "run 2", ... when nothing in their meta tells them apart.
    """
    opts = [str(h.meta.get("optimizer") or "run") for h in runs]
    etas = [h.meta.get("eta") for h in runs]
    if len(runs) == 1:
        return [opts[0] if opts[0] != "custom" else "your loop"]
    vary_opt = len(set(opts)) > 1
    by_opt: dict = {}
    for o, e in zip(opts, etas):
        by_opt.setdefault(o, set()).add(e)
    vary_eta = any(len(group) > 1 for group in by_opt.values())
    labels = []
    for o, e in zip(opts, etas):
        parts = [o] if vary_opt or not vary_eta else []
        if vary_eta:
            parts.append("η=custom" if e is None else eta_text(e, etas))
        labels.append(" ".join(parts))
    if len(set(labels)) != len(labels):  # same optimizer and eta: the hyperparameters may differ
        hypers = [h.meta.get("hyperparameters") or {} for h in runs]
        keys = sorted({k for hp in hypers for k in hp if len({str(x.get(k)) for x in hypers}) > 1})
        if keys:
            labels = [" ".join([lab, *(f"{k}={hp[k]:g}" for k in keys if k in hp)]).strip()
                      for lab, hp in zip(labels, hypers)]
    if not all(labels) or len(set(labels)) != len(labels):
        labels = [f"{lab} ({k + 1})" if lab else f"run {k + 1}" for k, lab in enumerate(labels)]
    return labels


class Animation:
    """An animation of one training run, or of several compared on one clock.

    Parameters
    ----------
    history : History or list of History
        One run, or up to seven to compare. Compared runs must share the data and the
        coordinates they were trained in (the same ``scale``); each gets one colour in
        every panel and a row in the legend. Runs of different lengths share the clock
        (epoch); one that stopped early holds its last state, marked as ended.
    labels : list of str, optional
        A name per run; by default the optimizer, the learning rate, or both, whichever
        tells the runs apart (:func:`default_labels`).
    panels : sequence of {"fit", "surface", "loss", "surface3d"}, default ("fit", "surface", "loss")
        ``surface3d`` is the SSE bowl in 3D (a log height scale), with every run's path on
        it; it may replace ``surface`` or join it.
    fps : float, optional
        Frames per second; None means the preset's, else 20 for GIF, WebP and APNG and
        30 for video.
    size : (int, int), optional
        Exact frame size in pixels; None means the preset's (1280x720 for web).
    theme : {"light", "dark"}, default "light"
        The colours. ``dark`` is designed for dark decks: a near-black background, text
        at 15:1, a colour map that stays ordered on dark.
    preset : {"web", "slides", "slides-4x3", "square", "thumbnail"}, default "web"
        Where the frames are going: sets the size, fps, type sizes and line widths
        together (explicit `size` and `fps` win). See :data:`gdviz.drawing.theme.PRESETS`.
    max_frames : int, default 200
        A longer run is sampled down to this many distinct frames, dense where the
        weights move most (over all runs: each gets an equal share of the frames where
        it moves). The first frame is held 0.5 s and the last 1 s.
    residuals : {"auto", "off", "lines", "squares"}, default "auto"
        In the fit panel, each point's error: a segment from the point to the line, or a
        square of side |y - ŷ| (in y-axis pixels on both axes), so the sum of squared
        errors is the area shown. At most 300 points (a seeded sample). ``auto`` draws
        lines for one run that converges and nothing otherwise (several runs' residuals
        hide the data; a diverging run's flail across the panel). A line that has left
        the panel draws no residuals.
    gradient : bool, default True
        On the surface, the negative gradient at each run's current point (direction
        exact, length fixed for reading) and the step the optimizer actually takes.
    reference : bool, default True
        The least-squares line in the fit panel, faint and dashed.
    transparent : bool, default False
        Frames with a transparent background (alpha 0), kept by the formats that can
        hold alpha (.webm, .webp, .apng, .mov, ``frames="png"``, and the stills .png,
        .pdf, .svg); an error with the others (.gif, .mp4, .html, .pptx).
    rotate : bool, default False
        Sway the 3D view's camera 30° to either side of its default view and back, once
        over the animation (the ``surface3d`` panel is then redrawn every frame, with a
        coarser mesh); an error without that panel.

    Attributes
    ----------
    embed_limit_mb : float, default 20
        The largest video, in MB (2**20 bytes of HTML), that the notebook view embeds;
        past it the notebook shows advice instead (fewer frames, a smaller size). Set
        it on one animation or on the class (``gdviz.Animation.embed_limit_mb = 50``).

    Examples
    --------
    >>> anim = Animation(history, size=(1280, 720))
    >>> anim.frame(0).shape
    (720, 1280, 3)
    >>> race = Animation([gd_run, momentum_run, adam_run])   # labels: gd, momentum, adam
    >>> race.frame_at(40).shape                               # any epoch, scheduled or not
    (720, 1280, 3)
    >>> anim.save("descent.mp4")
    """

    embed_limit_mb: float = 20.0

    def __init__(self, history, *, labels=None, panels=DEFAULT_PANELS, fps=None, size=None, theme="light",
                 preset="web", max_frames: int = 200, residuals: str = "auto", gradient: bool = True,
                 reference: bool = True, transparent: bool = False, rotate: bool = False):
        self.panels, self.fps, self.size, self.theme, self.max_frames = check_options(
            panels=panels, fps=fps, size=size, theme=theme, max_frames=max_frames, residuals=residuals,
            gradient=gradient, reference=reference, transparent=transparent, preset=preset, rotate=rotate)
        self.preset = get_preset(preset).name
        self.transparent = bool(transparent)
        self.rotate = bool(rotate)
        self.runs, self.labels = check_runs(history, labels, self.theme.max_runs)
        if residuals == "auto":  # one run's errors teach; seven runs' hide the data, a diverging run's flail
            residuals = "lines" if len(self.runs) == 1 and "diverged_at" not in self.runs[0].meta else "off"
        self.overlays = Overlays(residuals=residuals, gradient=bool(gradient), reference=bool(reference))
        self._schedule = plan_frames([(h.epoch, h.w0, h.w1) for h in self.runs], self.max_frames, 1.0)
        self._fig = None

    @property
    def history(self) -> History:
        """The first run (the only one, for a single-run animation)."""
        return self.runs[0]

    def __len__(self) -> int:
        """Number of distinct frames (holds not counted)."""
        return len(self._schedule)

    def __repr__(self) -> str:
        w, h = self.size
        runs = f", runs={', '.join(self.labels)}" if len(self.runs) > 1 else ""
        return (f"Animation({len(self)} frames, {w}x{h}, panels={','.join(self.panels)}, "
                f"theme={self.theme.name!r}{runs})")

    @property
    def epochs(self) -> np.ndarray:
        """The epoch each frame shows, on the clock all runs share."""
        return self._schedule.epochs

    @property
    def last_epoch(self) -> int:
        """The last epoch any run was asked to train (runs that diverged stop before it)."""
        asked = [int(h.meta.get("epochs") or len(h)) - 1 for h in self.runs]
        return max(max(asked), int(self.epochs[-1]))

    def seconds(self, fps: float) -> np.ndarray:
        """How long each frame is shown at `fps`.

        Parameters
        ----------
        fps : float
            Frames per second of the output.

        Returns
        -------
        numpy.ndarray of float, shape (len(self),)
            Seconds per distinct frame: 1/fps, except the first (held 0.5 s) and the
            last (held 1 s), rounded to whole frames at `fps`.
        """
        return plan_frames([(h.epoch, h.w0, h.w1) for h in self.runs], self.max_frames, fps).seconds

    @property
    def figure(self):
        """The matplotlib Figure the frames are drawn on (built on first use)."""
        if self._fig is None:
            self._build()
        return self._fig

    # -- drawing ------------------------------------------------------------------------
    def _build(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from .panels import PANELS, Legend, Run, Scene
        from .panels.layout import arrange, freeze

        w, h = self.size
        dpi = h / _REFERENCE_HEIGHT_IN
        t = self.theme
        if self.transparent:  # over an unknown slide, a half-transparent map would change colour with it
            t = dataclasses.replace(t, surface_alpha=1.0)
        # A hair over the exact size so float rounding never loses the last pixel.
        fig = Figure(figsize=((w + 0.01) / dpi, (h + 0.01) / dpi), dpi=dpi, facecolor=t.background)
        canvas = FigureCanvasAgg(fig)
        runs = [Run(hist, label, t.run_color(k), k) for k, (hist, label) in enumerate(zip(self.runs, self.labels))]
        scene = Scene(runs, self.epochs, t, dpi / 72.0, self.overlays, rotate=self.rotate, last=self.last_epoch)
        makers = {name: PANELS[name].make_axes for name in self.panels}
        axes = arrange(fig, self.panels, t, self.size, makers)
        self._panels = []
        with _font_context(t):
            for name in self.panels:
                self._panels.append(PANELS[name](axes[name], scene))
                if self.transparent:  # the lead refines what stays opaque (a first cut: no backgrounds)
                    axes[name].set_facecolor("none")
            if self.transparent:
                fig.set_facecolor("none")
            canvas.draw()
            freeze(fig)
        self._background = canvas.copy_from_bbox(fig.bbox)
        for panel in self._panels:
            panel.place()
        self._scene = scene
        fit = next((p for p in self._panels if p.name == "fit"), None)
        self._legend = Legend(scene, fit or self._panels[0], fit)
        self._legend.place()
        # The header line sits in the band the layout left on top, level with the panels' left edge.
        size_px = t.header_size * scene.px_per_pt
        left = min(p.ax.get_position().x0 for p in self._panels) * w
        self._header = TextStamp(t.mono_family, size_px, t.text, left, 0.5 * t.header_band * h - 0.62 * size_px) \
            if t.show_header else None
        self._fig, self._canvas = fig, canvas
        etas = {hist.meta.get("eta") for hist in self.runs}
        self._eta = etas.pop() if len(etas) == 1 else None
        opts = {hist.meta.get("optimizer") for hist in self.runs}
        self._optimizer = opts.pop() if len(opts) == 1 and len(self.runs) > 1 else None
        self._epoch_width = len(str(self.last_epoch))
        got = canvas.get_width_height()
        if got != (w, h):  # pragma: no cover - guarded by the size nudge above
            raise RuntimeError(f"canvas is {got}, expected {self.size}")

    def _header_text(self, epoch: int) -> str:
        wd = self._epoch_width
        eta = "" if self._eta is None else f"   η {number(self._eta, 3)}"
        shared = "" if self._optimizer in (None, "custom") else f"   {self._optimizer}"
        return f"epoch {epoch:>{wd}d} / {self.last_epoch}{shared}{eta}"

    def _render(self, moment) -> memoryview:
        """Draw `moment` and return the canvas's RGBA buffer (valid until the next draw)."""
        canvas = self._canvas
        canvas.restore_region(self._background)
        stamps = [(self._header, self._header_text(moment.epoch))] if self._header is not None else []
        for panel in self._panels:
            for artist in panel.update(moment):
                panel.ax.draw_artist(artist)
            stamps.extend(panel.stamps(moment))
        for artist in self._legend.update(moment):
            self._fig.draw_artist(artist)
        stamps.extend(self._legend.stamps(moment))
        buf = canvas.buffer_rgba()
        pixels = np.asarray(buf)
        for stamp, text in stamps:
            stamp.draw(pixels, text)
        return buf

    def _draw(self, i: int) -> memoryview:
        """Draw frame `i` and return the canvas's RGBA buffer (valid until the next draw)."""
        if self._fig is None:
            self._build()
        if not (0 <= i < len(self)):
            raise IndexError(f"frame {i} is out of range for an animation of {len(self)} frames")
        return self._render(self._scene.moment(int(self.epochs[i]), i))

    def moment(self, epoch: int):
        """Each run's state at `epoch`, as the panels draw it.

        Parameters
        ----------
        epoch : int
            An epoch of the shared clock, 0 to :attr:`last_epoch`.

        Returns
        -------
        gdviz.drawing.panels.Moment
            ``rows[r]``: run r's latest row at or before `epoch`; ``ended[r]``: whether
            the clock has passed run r's last epoch (it stopped early and holds its state).
        """
        if self._fig is None:
            self._build()
        epoch = self._check_epoch(epoch)
        i = int(np.searchsorted(self.epochs, epoch))
        frame = i if i < len(self) and int(self.epochs[i]) == epoch else None
        return self._scene.moment(epoch, frame)

    def _check_epoch(self, epoch, name: str = "epoch") -> int:
        last = self.last_epoch
        if isinstance(epoch, bool) or not isinstance(epoch, (int, np.integer)) or not 0 <= epoch <= last:
            raise GdvizError(f"`{name}` must be a whole number from 0 to {last} (an epoch of the run); got {epoch!r}.")
        return int(epoch)

    def frame(self, i: int) -> np.ndarray:
        """Frame `i` of the schedule.

        Parameters
        ----------
        i : int
            Index into the schedule, 0 to ``len(self) - 1`` (negative counts from the end);
            :attr:`epochs` says which epoch each shows.

        Returns
        -------
        numpy.ndarray of uint8, shape (height, width, 3)
            The frame's RGB pixels (a copy).
        """
        i = int(i) + (len(self) if int(i) < 0 else 0)
        rgba = np.asarray(self._draw(i))
        return rgba[..., :3].copy()

    def frame_at(self, epoch: int) -> np.ndarray:
        """The frame for any epoch, scheduled or not.

        Parameters
        ----------
        epoch : int
            0 to :attr:`last_epoch`. Each run shows its latest row at or before it; its
            path and loss curve run through the frames' rows up to there, ending exactly
            at that row.

        Returns
        -------
        numpy.ndarray of uint8, shape (height, width, 3)
            The frame's RGB pixels; for a scheduled epoch, the same as :meth:`frame`.

        Raises
        ------
        GdvizError
            For an epoch that is not a whole number in range.
        """
        rgba = np.asarray(self._render(self.moment(epoch)))
        return rgba[..., :3].copy()

    # -- stills in vector form ----------------------------------------------------------
    def _vector_still(self, epochs: list, columns: int, captions: Optional[list] = None):
        """A matplotlib Figure of the frames at `epochs`, `columns` to a row, for PDF and SVG.

        Each tile is drawn anew with every artist a vector (the points and the contour
        fill rasterised, see ``Panel.heavy``) and the header, legend and captions as real
        text, at the positions the animation's own layout found, so a tile looks like
        its frame. Captions, when given, go under each tile, as in the PNG filmstrip.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure  # the layout, the legend's place and the header's come from the frame itself
        w, h = self.size
        dpi = h / _REFERENCE_HEIGHT_IN
        caption = caption_height(self) if captions else 0
        rows = -(-len(epochs) // columns)
        t = self._scene.theme
        fig = Figure(figsize=(columns * w / dpi, rows * (h + caption) / dpi), dpi=dpi,
                     facecolor="none" if self.transparent else t.background)
        FigureCanvasAgg(fig)
        with _font_context(t):
            for k, epoch in enumerate(epochs):
                col, row = k % columns, k // columns
                origin = (col * w / dpi, (rows - row - 1) * (h + caption) / dpi + caption / dpi)
                self._vector_tile(fig, origin, self.moment(int(epoch)))
                if captions:
                    fig.text(col * w / dpi + 0.5 * caption / dpi, origin[1] - 0.5 * caption / dpi, captions[k],
                             transform=fig.dpi_scale_trans, family=t.mono_family, fontsize=t.annotation_size,
                             color=t.text, va="center", ha="left")
        return fig

    def _vector_tile(self, fig, origin: tuple, moment) -> None:
        """Draw `moment` into `fig` as one frame whose lower left corner is at `origin` (inches)."""
        from matplotlib.transforms import Affine2D

        w, h = self.size
        dpi = h / _REFERENCE_HEIGHT_IN
        frame_px = Affine2D().scale(1.0 / dpi).translate(*origin) + fig.dpi_scale_trans  # this frame's pixels
        self._scene.vector = True
        try:
            self._vector_panels(fig, origin, frame_px, self._legend.host, moment)
        finally:
            self._scene.vector = False
        if self._header is not None:
            stamp = self._header
            base = h - (stamp.y + stamp.font.getbbox("A")[3])
            fig.text(stamp.x, base, self._header_text(moment.epoch), transform=frame_px,
                     family=self._scene.theme.mono_family, fontsize=self._scene.theme.header_size,
                     color=self._scene.theme.text, va="baseline", ha="left")
        self._legend.draw_vector(fig, frame_px, moment)

    def _vector_panels(self, fig, origin: tuple, frame_px, host, moment) -> None:
        """Each panel drawn anew in `fig` at its place in the frame whose corner is `origin`."""
        w, h = self.size
        dpi = h / _REFERENCE_HEIGHT_IN
        fig_w, fig_h = fig.get_size_inches()
        for raster in self._panels:
            pos = raster.ax.get_position()
            rect = ((origin[0] + pos.x0 * w / dpi) / fig_w, (origin[1] + pos.y0 * h / dpi) / fig_h,
                    pos.width * w / dpi / fig_w, pos.height * h / dpi / fig_h)
            ax = type(raster).make_axes(fig, rect, self._scene.theme)
            panel = type(raster)(ax, self._scene)
            panel.place()
            if raster is host and hasattr(panel, "keep_clear"):
                x, y, bw, bh, _ = self._legend.box_px
                (x0, y0), (x1, y1) = frame_px.transform([(x, y), (x + bw, y + bh)])
                panel.keep_clear((x0, y0, x1, y1))
            for artist in panel.heavy:
                artist.set_rasterized(True)
            shown = panel.update(moment)
            # Saving draws animated artists too: hide the moving ones this moment does not show.
            for artist in ax.get_children():
                if artist.get_animated() and artist not in shown:
                    artist.set_visible(False)
            for artist in shown:
                artist.set_animated(False)

    # -- writing ------------------------------------------------------------------------
    def save(self, path, *, frames: Optional[str] = None, progress: Optional[bool] = None, at: Optional[int] = None,
             filmstrip: Optional[int] = None) -> Path:
        """Write the animation; the format comes from the extension, or `frames` for a folder.

        Parameters
        ----------
        path : str or Path
            The output file: an animation (.gif, .mp4, .webm, .webp, .apng, .mov, .html,
            .pptx) or a still (.png, .pdf, .svg); ``gdviz.formats.supported()`` lists
            them. With ``frames="png"``, a folder (new or empty) that gets
            ``frame-0000.png``, ... and ``animation.tex``.
        frames : {"png"}, optional
            Write a folder of frames instead of one file.
        progress : bool, optional
            A progress bar on stderr (default: when stderr is a terminal).
        at : int, optional
            For a still (.png, .pdf, .svg): the epoch its poster shows (default the last).
        filmstrip : int, optional
            For a still: N tiles at epochs k * (E // N), k = 0 ... N - 1 (E epochs), in
            ceil(sqrt(N)) columns, each captioned with its epoch and SSE; ``filmstrip=15``
            on the tutorial's 300 epochs shows 0, 20, ..., 280, the tutorial's stills.

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        GdvizError
            Before any drawing, for anything checkable: an unknown extension, transparency
            with a format that has no alpha, a missing optional package (python-pptx for
            .pptx), a size or frame rate the format cannot hold, still options with an
            animated format, an output path that cannot be written.

        Notes
        -----
        The output appears only when complete: frames stream into a temporary file or
        folder beside `path`, renamed onto it at the end; an interrupt or a failure
        leaves nothing behind.
        """
        return formats.find(path, frames=frames).write(self, path, progress=progress, at=at, filmstrip=filmstrip)

    def _repr_html_(self) -> str:
        """The notebook view: every frame as an inline video (MP4 and WebM), or advice past `embed_limit_mb`."""
        from ..formats.embed import notebook_html

        return notebook_html(self, self.embed_limit_mb)

    def close(self) -> None:
        """Free the figure and what was drawn with it (all rebuilt if a frame is asked for again)."""
        self._fig = self._canvas = self._background = None
        self._scene = self._legend = self._header = None
        self._panels = []




def caption_height(anim) -> int:
    """Pixels under each filmstrip tile for its caption: two lines' worth of the legend's type."""
    return int(round(2.2 * anim.theme.annotation_size * anim.size[1] / POINTS_PER_HEIGHT))


def _font_context(theme):
    import matplotlib

    return matplotlib.rc_context({"font.family": theme.font_family, "axes.unicode_minus": True,
                                  "text.color": theme.text, "path.simplify": True})


def render(history, path, **options) -> Path:
    """Animate `history` into `path`: ``Animation(history, ...).save(path, ...)`` in one call.

    Parameters
    ----------
    history : History or list of History
        One run, or up to seven to compare (see :class:`Animation`).
    path : str or Path
        The output; its extension picks the format (see :meth:`Animation.save`).
    **options
        Those of :class:`Animation` (``panels``, ``size``, ``fps``, ``theme``,
        ``preset``, ``max_frames``, ``labels``, the overlays, ``transparent``) and of
        :meth:`Animation.save` (``progress``, ``frames``, ``at``, ``filmstrip``).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> gdviz.render(gdviz.train(gdviz.make_data(seed=0)), "descent.mp4", preset="slides")
    """
    saving = {key: options.pop(key) for key in ("progress", "frames", "at", "filmstrip") if key in options}
    return Animation(history, **options).save(path, **saving)
