"""Animation: turns one History, or several on one clock, into frames and frames into a file.

The figure is built once: static artists are rendered into a background image, and
each frame restores that background, moves the few animated artists and draws only
them (blitting). Frames are handed to the writer straight from the canvas buffer.
"""

from __future__ import annotations

import dataclasses
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

import numpy as np

from ..errors import GdvizError
from ..history import History
from .options import (DEFAULT_PANELS, MAX_SURFACES, Overlays, check_drawing_options, check_epoch, check_maths_run,
                      check_runs, check_sample, coordinate_groups)
from .schedule import plan_frames
from .text import TextStamp
from .theme import get_preset
from .tickformat import number

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.transforms import Transform

    from ..files import PathLike
    from .panels import FrameState, Legend, Panel, Scene
    from .theme import Theme

__all__ = ["Animation", "render"]

_REFERENCE_HEIGHT_IN = 7.2  # a 720 px frame is drawn at 100 dpi; other sizes scale with height


class Animation:
    """An animation of one training run, or of several compared on one clock.

    Parameters
    ----------
    history : History or list of History
        One run, or up to seven to compare. Compared runs must share the data; each gets
        one colour in every panel and a row in the legend. Runs of different lengths
        share the clock (epoch); one that stopped early holds its last state, marked as
        ended. Runs trained in different coordinates (``scale="none"``, ``"center"``,
        ``"standardize"``) get a 2D surface each, side by side, titled with the policy
        and its condition number, over one fit and one loss panel: at most three sets of
        coordinates (:attr:`groups`), and not with ``surface3d``.
    labels : list of str, optional
        A name per run; by default the optimizer, the learning rate, or both, whichever
        tells the runs apart (:func:`gdviz.drawing.labels.default_labels`).
    panels : sequence of {"fit", "surface", "loss", "surface3d", "maths", "network"}, default ("fit", "surface", "loss")
        ``surface3d`` is the SSE bowl in 3D (a log height scale), with every run's path on
        it; it may replace ``surface`` or join it. ``maths`` writes one run's arithmetic
        at the frame's epoch: forward pass, error, gradients and the optimizer's update
        with its state, ending in the next epoch's weights as recorded (docs/maths.md).
        ``network`` is the tutorial's diagram of the model (x₁ and x₀ = 1, the edges w₁
        and w₀, Σ, the linear unit, ŷ, E and y) with one sample's values flowing forward
        and the gradients flowing back.
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
        square of side ``|y - ŷ|`` (in y-axis pixels on both axes), so the sum of squared
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
    maths_run : str, optional
        The label of the run the ``maths`` panel shows (default: the first run); an
        error without that panel.
    axes : bool, default False
        On the surface panel, the bowl's principal axes through the optimum (the Hessian's
        eigenvectors, each as long as a level ellipse's half-axis, proportional to
        1/sqrt(lambda)), labelled steep and shallow; an error without that panel.
    title : str, optional
        One line for the header, after the epoch (``gdviz compare`` says there whose
        learning rate each run has).
    sample : int, optional
        The point (its index in the data) whose values the ``network`` panel follows,
        ringed with its residual in the fit panel; default the point nearest the median
        x. An error without that panel or out of range.

    Attributes
    ----------
    panel_names : tuple of str
        The panels asked for, in order (``("fit", "surface", "loss")``); :attr:`panels`
        are the panels themselves.
    embed_limit_mb : float, default 20
        The largest video, in MB (2**20 bytes of HTML), that the notebook view embeds;
        past it the notebook shows advice instead (fewer frames, a smaller size). Set
        it on one animation or on the class (``gdviz.Animation.embed_limit_mb = 50``).
    groups : list of list of int
        The runs' indices grouped by the coordinates they were trained in, in order of
        first appearance: ``[[0, 1, 2]]`` when all share one surface, ``[[0], [1], [2]]``
        for runs on x as given, centred and standardised.

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
    # What _build draws with: none of it until then, nor after close() (_fig None says so).
    _fig: Optional[Figure]
    _canvas: FigureCanvasAgg
    _background: object  # the canvas's pixels under the moving artists (copy_from_bbox)
    _scene: Scene
    _panels: list[Panel]
    _legend: Legend
    _header: Optional[TextStamp]

    def __init__(self, history: Union[History, Sequence[History]], *, labels: Optional[Sequence[str]] = None,
                 panels: Union[str, Sequence[str]] = DEFAULT_PANELS, fps: Optional[float] = None,
                 size: Optional[tuple[int, int]] = None, theme: str = "light", preset: str = "web",
                 max_frames: int = 200, residuals: str = "auto", gradient: bool = True, reference: bool = True,
                 transparent: bool = False, rotate: bool = False, maths_run: Optional[str] = None, axes: bool = False,
                 title: Optional[str] = None, sample: Optional[int] = None) -> None:
        self.panel_names, self.fps, self.size, self.theme, self.max_frames = check_drawing_options(
            panels=panels, fps=fps, size=size, theme=theme, max_frames=max_frames, residuals=residuals,
            gradient=gradient, reference=reference, transparent=transparent, preset=preset, rotate=rotate, axes=axes,
            sample=sample)
        if title is not None and (not isinstance(title, str) or "\n" in title):
            raise GdvizError(f"`title` must be one line of text; got {title!r}.")
        self.title = title.strip() if title else None
        self.preset = get_preset(preset).name
        self.transparent = bool(transparent)
        self.rotate = bool(rotate)
        self.runs, self.labels = check_runs(history, labels, self.theme.max_runs, max_surfaces=MAX_SURFACES)
        #: The runs' indices by the coordinates they were trained in: a 2D surface each, side by side.
        self.groups = coordinate_groups(self.runs)
        if len(self.groups) > 1 and "surface3d" in self.panel_names:
            raise GdvizError(f"The 3D bowl draws one set of coordinates, and these runs were trained in "
                             f"{len(self.groups)} (scale policies): use the 2D surface, panels=fit,surface,loss, "
                             "which draws one bowl per policy side by side.")
        self.sample = None if sample is None else check_sample(sample, len(self.runs[0].data))
        if residuals == "auto":  # one run's errors teach; seven runs' hide the data, a diverging run's flail
            residuals = "lines" if len(self.runs) == 1 and "diverged_at" not in self.runs[0].meta else "off"
        self.overlays = Overlays(residuals=residuals, gradient=bool(gradient), reference=bool(reference),
                                 maths_run=check_maths_run(maths_run, self.labels, self.panel_names),
                                 axes=bool(axes))
        self._schedule = plan_frames([(h.epoch, h.w0, h.w1) for h in self.runs], self.max_frames, 1.0)
        self._fig = None

    def with_type_scale(self, scale: float) -> "Animation":
        """This animation with every type size `scale` times its theme's (the same runs and options).

        What a filmstrip's tiles are drawn with: printed small, the frame's type must grow
        to stay legible (see :func:`gdviz.formats.still.type_scale`).

        Parameters
        ----------
        scale : float
            The factor on the title, label, tick, header and annotation sizes (and on the
            header's band), 1 or more.

        Returns
        -------
        Animation
            A new animation (this one is unchanged).
        """
        t = self.theme
        theme = dataclasses.replace(t, title_size=t.title_size * scale, label_size=t.label_size * scale,
                                    tick_size=t.tick_size * scale, header_size=t.header_size * scale,
                                    annotation_size=t.annotation_size * scale, header_band=t.header_band * scale)
        return Animation(self.runs, labels=self.labels, panels=self.panel_names, fps=self.fps, size=self.size,
                         theme=theme, preset=self.preset, max_frames=self.max_frames,
                         residuals=self.overlays.residuals, gradient=self.overlays.gradient,
                         reference=self.overlays.reference, transparent=self.transparent, rotate=self.rotate,
                         maths_run=self.labels[self.overlays.maths_run] if "maths" in self.panel_names else None,
                         axes=self.overlays.axes, title=self.title, sample=self.sample)

    @property
    def history(self) -> "History":
        """The first run (the only one, for a single-run animation)."""
        return self.runs[0]

    def __len__(self) -> int:
        """Number of distinct frames (holds not counted)."""
        return len(self._schedule)

    def __repr__(self) -> str:
        w, h = self.size
        runs = f", runs={', '.join(self.labels)}" if len(self.runs) > 1 else ""
        return (f"Animation({len(self)} frames, {w}x{h}, panels={','.join(self.panel_names)}, "
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
    def figure(self) -> Figure:
        """The matplotlib Figure the frames are drawn on (built on first use)."""
        if self._fig is None:
            self._build()
        assert self._fig is not None  # _build made it
        return self._fig

    @property
    def panels(self) -> tuple:
        """The panels the frames are drawn with, in the order of :attr:`panel_names` (built on first use).

        Each is a :class:`gdviz.drawing.panels.Panel`: its ``name``, its matplotlib axes
        ``ax``, and the artists it moves per frame, for tests and for the curious. A
        tuple: read-only.
        """
        if self._fig is None:
            self._build()
        return tuple(self._panels)

    @property
    def dpi(self) -> float:
        """Dots per inch the frames are drawn at: a 720-pixel-high frame at 100, other sizes in proportion."""
        return self.size[1] / _REFERENCE_HEIGHT_IN

    # -- drawing ------------------------------------------------------------------------
    def _build(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from .panels import PANELS, Legend, Run, Scene
        from .panels.layout import arrange, freeze
        from .panels.network import default_sample

        w, h = self.size
        dpi = self.dpi
        t = self.theme
        if self.transparent:  # over an unknown slide, a half-transparent map would change colour with it
            t = dataclasses.replace(t, surface_alpha=1.0)
        # A hair over the exact size so float rounding never loses the last pixel.
        fig = Figure(figsize=((w + 0.01) / dpi, (h + 0.01) / dpi), dpi=dpi, facecolor=t.background)
        canvas = FigureCanvasAgg(fig)
        runs = [Run(hist, label, t.run_color(k), k) for k, (hist, label) in enumerate(zip(self.runs, self.labels))]
        sample = None
        if "network" in self.panel_names:  # the point the network follows, ringed in the fit panel
            sample = default_sample(self.runs[0].data.x) if self.sample is None else self.sample
        scene = Scene(runs, self.epochs, t, dpi / 72.0, self.overlays, rotate=self.rotate, last=self.last_epoch,
                      sample=sample)
        makers = {name: PANELS[name].make_axes for name in self.panel_names}
        lines, chars = self._maths_text()
        axes = arrange(fig, self.panel_names, t, self.size, makers, surfaces=len(self.groups),
                       maths_lines=lines, maths_chars=chars)
        with _font_context(t):
            self._panels = self._make_panels(axes, scene)
            if self.transparent:  # the lead refines what stays opaque (a first cut: no backgrounds)
                for ax in axes.values():
                    ax.set_facecolor("none")
            if self.transparent:
                fig.set_facecolor("none")
            canvas.draw()
            freeze(fig)
            self._relayout(canvas)
        self._background = canvas.copy_from_bbox(fig.bbox)
        for panel in self._panels:
            panel.place()
        self._scene = scene
        fit = next((p for p in self._panels if p.name == "fit"), None)
        self._legend = Legend(scene, fit or self._panels[0], fit)
        self._legend.place()
        late = [(panel.ax, artist) for panel in self._panels for artist in panel.late()]
        if late:  # still artists placed by the pixels (the optimum's label): into the background once
            with _font_context(t):
                for ax, artist in late:
                    ax.draw_artist(artist)
            self._background = canvas.copy_from_bbox(fig.bbox)
        # The header line sits in the band the layout left on top, level with the panels' left edge.
        size_px = t.header_size * scene.px_per_pt
        left = min(p.ax.get_position().x0 for p in self._panels) * w
        self._header = TextStamp(t.mono_family, size_px, t.text, left, 0.5 * t.header_band * h - 0.62 * size_px) \
            if t.show_header else None
        self._fig, self._canvas = fig, canvas
        self._header_facts()
        got = canvas.get_width_height()
        if got != (w, h):  # pragma: no cover - guarded by the size nudge above
            raise RuntimeError(f"canvas is {got}, expected {self.size}")

    def _relayout(self, canvas: "FigureCanvasAgg") -> None:
        """Draw anew the panels whose drawing depends on their axes' final size (the network), now it is known."""
        again = [k for k, panel in enumerate(self._panels) if panel.relayout]
        for k in again:
            ax = self._panels[k].ax
            ax.clear()
            self._panels[k] = self._panels[k].remake(ax)
        if again:
            canvas.draw()

    def _maths_text(self) -> tuple[int, int]:
        """(lines, characters of the widest) the maths panel writes, from its run's first, middle and
        last epochs: the room the layout gives it. Without the panel, 12 lines of 44 (then unused)."""
        if "maths" not in self.panel_names:
            return 12, 44
        from .mathstext import epoch_numbers, maths_lines

        run = self.runs[self.overlays.maths_run]
        texts = [maths_lines(epoch_numbers(run, row)) for row in sorted({0, (len(run) - 1) // 2, len(run) - 1})]
        return max(len(lines) for lines in texts), max(len(line) for lines in texts for line in lines)

    def _make_panels(self, axes: dict, scene: Scene) -> list[Panel]:
        """The panels on their axes: one surface per set of trained coordinates when there are several."""
        from .panels import PANELS
        from .panels.surfaces import SurfaceGroup
        from .panels.layout import WIDE

        w, h = self.size
        panels: list[Panel] = []
        for name in self.panel_names:
            if name == "surface" and len(self.groups) > 1:
                for k, indices in enumerate(self.groups):
                    panels.append(SurfaceGroup(axes["surface" if k == 0 else f"surface {k + 1}"], scene,
                                               indices, narrow=w / h < WIDE))
            else:
                panels.append(PANELS[name](axes[name], scene))
        return panels

    def _header_facts(self) -> None:
        """What the header line says beside the epoch: the one η (or a schedule's η by epoch), the one optimizer."""
        etas = {hist.meta.get("eta") for hist in self.runs}
        self._eta = etas.pop() if len(etas) == 1 else None
        scheduled = [hist for hist in self.runs if hist.etas is not None]  # a learning-rate schedule: η by epoch
        self._eta_run = scheduled[0] if len(self.runs) == 1 and scheduled else None
        if scheduled:
            self._eta = None
        opts = {hist.meta.get("optimizer") for hist in self.runs}
        self._optimizer = opts.pop() if len(opts) == 1 and len(self.runs) > 1 else None
        self._epoch_width = len(str(self.last_epoch))

    def _header_text(self, epoch: int) -> str:
        wd = self._epoch_width
        eta = "" if self._eta is None else f"   η {number(self._eta, 3)}"
        if self._eta_run is not None:
            eta = f"   η {number(self._eta_run.eta_at(min(epoch, len(self._eta_run) - 1)), 3)}"
        shared = "" if self._optimizer in (None, "custom") else f"   {self._optimizer}"
        title = f"   {self.title}" if self.title else ""
        return f"epoch {epoch:>{wd}d} / {self.last_epoch}{shared}{eta}{title}"

    def _render(self, state: FrameState) -> memoryview:
        """Draw `state` (a FrameState) and return the canvas's RGBA buffer (valid until the next draw)."""
        canvas = self._canvas
        canvas.restore_region(self._background)
        stamps = [(self._header, self._header_text(state.epoch))] if self._header is not None else []
        for panel in self._panels:
            for artist in panel.update(state):
                panel.ax.draw_artist(artist)
            stamps.extend(panel.stamps(state))
        for artist in self._legend.update(state):
            canvas.figure.draw_artist(artist)  # the figure built with the canvas
        stamps.extend(self._legend.stamps(state))
        buf = canvas.buffer_rgba()
        pixels = np.asarray(buf)
        for stamp, text in stamps:
            stamp.draw(pixels, text)
        return buf

    def draw(self, i: int) -> memoryview:
        """Draw frame `i` of the schedule and return the canvas's pixels, without a copy.

        What the writers read, frame after frame (see :mod:`gdviz.formats.registry`).

        Parameters
        ----------
        i : int
            Index into the schedule, 0 to ``len(self) - 1``.

        Returns
        -------
        memoryview, shape (height, width, 4), uint8
            The RGBA buffer of the canvas (``numpy.asarray`` reads it), valid until the
            next draw: copy it to keep it. :meth:`frame` gives a copy of the RGB part.

        Raises
        ------
        IndexError
            For an index out of range.
        """
        if self._fig is None:
            self._build()
        if not (0 <= i < len(self)):
            raise IndexError(f"frame {i} is out of range for an animation of {len(self)} frames")
        return self._render(self._scene.moment(int(self.epochs[i]), i))

    def draw_at(self, epoch: int) -> memoryview:
        """Draw the frame for any epoch, scheduled or not, and return the canvas's pixels, without a copy.

        As :meth:`draw`, but by epoch: a still (a poster or a filmstrip tile) is drawn so.

        Parameters
        ----------
        epoch : int
            0 to :attr:`last_epoch`, as for :meth:`frame_at`.

        Returns
        -------
        memoryview, shape (height, width, 4), uint8
            The RGBA buffer of the canvas, valid until the next draw.

        Raises
        ------
        GdvizError
            For an epoch that is not a whole number from 0 to :attr:`last_epoch`.
        """
        return self._render(self.moment(epoch))

    def moment(self, epoch: int) -> FrameState:
        """Each run's state at `epoch`, as the panels draw it.

        Parameters
        ----------
        epoch : int
            An epoch of the shared clock, 0 to :attr:`last_epoch`.

        Returns
        -------
        gdviz.drawing.panels.FrameState
            ``rows[r]``: run r's latest row at or before `epoch`; ``ended[r]``: whether
            the clock has passed run r's last epoch (it stopped early and holds its state).
        """
        if self._fig is None:
            self._build()
        epoch = check_epoch(epoch, self.last_epoch)
        i = int(np.searchsorted(self.epochs, epoch))
        frame = i if i < len(self) and int(self.epochs[i]) == epoch else None
        return self._scene.moment(epoch, frame)

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
        rgba = np.asarray(self.draw(i))
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
        rgba = np.asarray(self.draw_at(epoch))
        return rgba[..., :3].copy()

    # -- a frame in vector form -----------------------------------------------------------
    def draw_vector(self, fig: Figure, origin: tuple, epoch: int) -> None:
        """Draw the frame for `epoch` into `fig` as vector graphics, its lower left corner at `origin`.

        What a PDF or SVG still is made of (see :mod:`gdviz.formats.still`). Each panel
        is drawn anew with every artist a vector (the points and the contour fill
        rasterised, see ``Panel.heavy``) and the header and legend as real text, at the
        places the animation's own layout found, so the drawing looks like the frame.

        Parameters
        ----------
        fig : matplotlib.figure.Figure
            A figure at :attr:`dpi` with room for the frame (``size`` / ``dpi`` inches).
        origin : (float, float)
            Where the frame's lower left corner goes, in inches from the figure's.
        epoch : int
            0 to :attr:`last_epoch`, as for :meth:`frame_at`.
        """
        from matplotlib.transforms import Affine2D

        self.figure  # the layout, the legend's place and the header's come from the frame itself
        state = self.moment(int(epoch))
        h = self.size[1]
        frame_px = Affine2D().scale(1.0 / self.dpi).translate(*origin) + fig.dpi_scale_trans  # this frame's pixels
        theme = self._scene.theme
        with _font_context(theme):
            self._scene.vector = True
            try:
                self._vector_panels(fig, origin, frame_px, self._legend.host, state)
            finally:
                self._scene.vector = False
            if self._header is not None:
                stamp = self._header
                base = h - (stamp.y + stamp.font.getbbox("A")[3])
                fig.text(stamp.x, base, self._header_text(state.epoch), transform=frame_px,
                         family=theme.mono_family, fontsize=theme.header_size, color=theme.text, va="baseline",
                         ha="left")
            self._legend.draw_vector(fig, frame_px, state)

    def _vector_panels(self, fig: Figure, origin: tuple, frame_px: Transform, host: Panel,
                       state: FrameState) -> None:
        """Each panel drawn anew in `fig` at its place in the frame whose corner is `origin`."""
        w, h = self.size
        dpi = self.dpi
        fig_w, fig_h = fig.get_size_inches()
        for raster in self._panels:
            pos = raster.ax.get_position()
            rect = ((origin[0] + pos.x0 * w / dpi) / fig_w, (origin[1] + pos.y0 * h / dpi) / fig_h,
                    pos.width * w / dpi / fig_w, pos.height * h / dpi / fig_h)
            ax = type(raster).make_axes(fig, rect, self._scene.theme)
            panel = raster.remake(ax)
            panel.place()
            if raster is host and hasattr(panel, "keep_clear"):
                x, y, bw, bh, _ = self._legend.box_px
                (x0, y0), (x1, y1) = frame_px.transform([(x, y), (x + bw, y + bh)])
                panel.keep_clear((x0, y0, x1, y1))
            for artist in panel.heavy:
                artist.set_rasterized(True)
            shown = panel.update(state)
            # Saving draws animated artists too: hide the moving ones this moment does not show.
            for artist in ax.get_children():
                if artist.get_animated() and artist not in shown:
                    artist.set_visible(False)
            for artist in shown:
                artist.set_animated(False)

    # -- writing ------------------------------------------------------------------------
    def save(self, path: PathLike, *, frames: Optional[str] = None, progress: Optional[bool] = None,
             at: Optional[int] = None, filmstrip: Optional[int] = None, captions: bool = False) -> Path:
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
            on the tutorial's 300 epochs shows 0, 20, ..., 280, the tutorial's stills. The
            tiles' type is sized so that every text prints at 6 pt or more when the whole
            strip is fitted to A4 landscape (:meth:`with_type_scale`).
        captions : bool, default False
            Also write WebVTT captions beside a video (.mp4, .webm, .mov, .html), named
            after it: ``talk.mp4`` gets ``talk.vtt`` (:meth:`captions`). Any other format
            is a GdvizError. The ``.html`` page holds them as a track either way.

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
        from ..formats import find  # the one way down to the formats layer, with the notebook view's
        from ..formats.captions import check_captions, write_captions

        if not isinstance(captions, bool):
            raise GdvizError(f"`captions` must be True or False; got {captions!r}.")
        fmt = find(path, frames=frames)
        if captions:
            check_captions(fmt, path)
        written = fmt.write(self, path, progress=progress, at=at, filmstrip=filmstrip)
        if captions:
            write_captions(self, fmt, written)
        return written

    # -- words --------------------------------------------------------------------------
    def describe(self) -> str:
        """A few sentences saying what the animation shows, for alt text and screen readers.

        The data, the panels and the runs; for each run its SSE at the start and at the
        end (with the least-squares SSE), its regime (gd, momentum, nesterov) and its
        epochs to 1% of least squares. The ``.pptx`` picture's alt text and the
        ``aria-label`` of the ``.html`` and notebook video.

        Returns
        -------
        str
        """
        from .words import describe

        return describe(self)

    def captions(self, fps: Optional[float] = None) -> str:
        """WebVTT captions: one cue per phase each run goes through, timed to this animation's frames.

        The phases are a fast fall, a slow crawl, an overshoot, an oscillation, a
        divergence and the convergence, each with its epochs
        (:mod:`gdviz.drawing.words`); with several runs each cue starts with the run's
        label.

        Parameters
        ----------
        fps : float, optional
            The video's frame rate (default: the animation's, else 30, the video formats').

        Returns
        -------
        str
            The text of a ``.vtt`` file.
        """
        from .words import captions

        return captions(self, fps or self.fps or 30.0)

    def _repr_html_(self) -> str:
        """The notebook view: every frame as an inline video (MP4 and WebM), or advice past `embed_limit_mb`."""
        from ..formats.embed import notebook_html

        return notebook_html(self, self.embed_limit_mb)

    def close(self) -> None:
        """Free the figure and what was drawn with it (all rebuilt if a frame is asked for again)."""
        if self._fig is not None:
            del self._canvas, self._background, self._scene, self._legend, self._header
        self._fig = None
        self._panels = []


def _font_context(theme: Theme) -> AbstractContextManager:
    import matplotlib

    return matplotlib.rc_context({"font.family": theme.font_family, "axes.unicode_minus": True,
                                  "text.color": theme.text, "path.simplify": True})


def render(history: Union[History, Sequence[History]], path: PathLike, **options: Any) -> Path:
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
        :meth:`Animation.save` (``progress``, ``frames``, ``at``, ``filmstrip``, ``captions``).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> gdviz.render(gdviz.train(gdviz.make_data(seed=0)), "descent.mp4", preset="slides")
    """
    saving = {key: options.pop(key) for key in ("progress", "frames", "at", "filmstrip", "captions") if key in options}
    return Animation(history, **options).save(path, **saving)
