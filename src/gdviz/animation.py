"""Animation: turns a History into frames and frames into a file.

The figure is built once: static artists are rendered into a background image, and
each frame restores that background, moves the few animated artists and draws only
them (blitting). Frames are handed to the writer straight from the canvas buffer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from . import formats
from .errors import GdvizError
from .history import History
from .schedule import plan_frames
from .text import TextStamp, readable
from .theme import get_theme

__all__ = ["Animation", "render", "check_options", "PANEL_NAMES"]

PANEL_NAMES = ("fit", "surface", "loss")
MIN_SIDE, MAX_SIDE = 160, 7680
MAX_PIXELS = 7680 * 4320  # 8K UHD: a frame's buffers stay in the hundreds of MB
MAX_FRAMES = 10_000  # distinct frames: over 5 minutes at 30 fps
_REFERENCE_HEIGHT_IN = 7.2  # a 720 px frame is drawn at 100 dpi; other sizes scale with height


def check_options(*, panels, fps, size, theme, max_frames) -> tuple:
    """Validate the drawing options (no matplotlib needed); returns them normalised."""
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
    theme = get_theme(theme)
    if isinstance(max_frames, bool) or not isinstance(max_frames, (int, np.integer)) or not 1 <= max_frames <= MAX_FRAMES:
        raise GdvizError(f"`max_frames` must be a whole number from 1 to {MAX_FRAMES:,}; got {max_frames!r}.")
    return panels, fps, (w, h), theme, int(max_frames)


def _layout(panels: Sequence[str]) -> dict:
    """Axes rectangles (left, bottom, width, height) in figure fractions.

    The fit panel, the one students know, is the largest, on the left; the surface
    beside it; the loss curve the smallest, under the surface.
    """
    top, bottom = 0.855, 0.095
    if len(panels) == 1:
        return {panels[0]: (0.075, bottom, 0.895, top - bottom)}
    if len(panels) == 2:
        a, b = panels
        return {a: (0.065, bottom, 0.42, top - bottom), b: (0.58, bottom, 0.395, top - bottom)}
    return {
        "fit": (0.06, bottom, 0.43, top - bottom),
        "surface": (0.585, 0.42, 0.39, top - 0.42),
        "loss": (0.585, bottom, 0.39, 0.19),
    }


class Animation:
    """An animation of one training run.

    Parameters
    ----------
    history : History
    panels : sequence of {"fit", "surface", "loss"}, default all three
    fps : float, optional
        Frames per second; None means 20 for GIF and 30 for video.
    size : (int, int), default (1280, 720)
        Exact frame size in pixels.
    theme : str, default "light"
    max_frames : int, default 200
        A longer run is sampled down to this many distinct frames, dense where the
        weights move most. The first frame is held 0.5 s and the last 1 s.
    transparent : bool, default False
        Frames with a transparent background (alpha 0), kept by the formats that can
        hold alpha (.webm, .webp, .apng, .mov, ``frames="png"``); an error with the
        others (.gif, .mp4, .html, .pptx).

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
    >>> anim.save("descent.mp4")
    """

    embed_limit_mb: float = 20.0

    def __init__(self, history: History, *, panels=PANEL_NAMES, fps=None, size=(1280, 720), theme="light",
                 max_frames: int = 200, transparent: bool = False):
        if isinstance(history, (list, tuple)) and len(history) == 1:
            history = history[0]
        if not isinstance(history, History):
            raise GdvizError(f"`history` must be a gdviz.History (from gdviz.train or Recorder.history); got {type(history).__name__}.")
        self.history = history
        self.panels, self.fps, self.size, self.theme, self.max_frames = check_options(
            panels=panels, fps=fps, size=size, theme=theme, max_frames=max_frames)
        if not isinstance(transparent, (bool, np.bool_)):
            raise GdvizError(f"`transparent` must be True or False; got {transparent!r}.")
        self.transparent = bool(transparent)
        self._rows = plan_frames(history.w0, history.w1, self.max_frames, 1.0).rows
        self._fig = None

    def __len__(self) -> int:
        """Number of distinct frames (holds not counted)."""
        return int(self._rows.size)

    def __repr__(self) -> str:
        w, h = self.size
        return f"Animation({len(self)} frames, {w}x{h}, panels={','.join(self.panels)}, theme={self.theme.name!r})"

    @property
    def epochs(self) -> np.ndarray:
        """The epoch each frame shows."""
        return self.history.epoch[self._rows]

    def seconds(self, fps: float) -> np.ndarray:
        """How long each frame is shown at `fps` (first and last frames held)."""
        return plan_frames(self.history.w0, self.history.w1, self.max_frames, fps).seconds

    # -- drawing ------------------------------------------------------------------------
    def _build(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from .panels import PANELS, Scene

        w, h = self.size
        dpi = h / _REFERENCE_HEIGHT_IN
        t = self.theme
        # A hair over the exact size so float rounding never loses the last pixel.
        fig = Figure(figsize=((w + 0.01) / dpi, (h + 0.01) / dpi), dpi=dpi, facecolor=t.background)
        canvas = FigureCanvasAgg(fig)
        scene = Scene(self.history, self._rows, t, dpi / 72.0)
        boxes = _layout(self.panels)
        self._panels = []
        with _font_context(t):
            for name in self.panels:
                ax = fig.add_axes(boxes[name])
                self._panels.append(PANELS[name](ax, scene))
                if self.transparent:  # the lead refines what stays opaque (a first cut: no backgrounds)
                    ax.set_facecolor("none")
            if self.transparent:
                fig.set_facecolor("none")
            canvas.draw()
        self._background = canvas.copy_from_bbox(fig.bbox)
        for panel in self._panels:
            panel.place()
        size_px = t.header_size * scene.px_per_pt
        self._header = TextStamp(t.mono_family, size_px, t.text, (0.06 if "fit" in self.panels else 0.075) * w,
                                 0.055 * h - 0.6 * size_px)
        self._fig, self._canvas = fig, canvas
        self._eta = self.history.meta.get("eta")
        self._w_format = _fixed_width(np.concatenate([self.history.w0, self.history.w1]))
        # Epochs count from 0, so a run of 300 ends at "epoch 299 / 299" (a run that
        # diverged ends before the last epoch it was asked for).
        self._last = int(self.history.meta.get("epochs") or len(self.history)) - 1
        self._epoch_width = len(str(self._last))
        self._scaled = self.history.scaled
        got = canvas.get_width_height()
        if got != (w, h):  # pragma: no cover - guarded by the size nudge above
            raise RuntimeError(f"canvas is {got}, expected {self.size}")

    def _header_text(self, row: int) -> str:
        h = self.history
        wd = self._epoch_width
        eta = "" if self._eta is None else f"   η {self._eta:.3g}"
        w0, w1 = ("w₀′", "w₁′") if self._scaled else ("w₀", "w₁")
        return (f"epoch {int(h.epoch[row]):>{wd}d} / {self._last}   SSE {readable(h.loss[row]):>9}   "
                f"{w0} {self._w_format(h.w0[row])}   {w1} {self._w_format(h.w1[row])}{eta}")

    def _draw(self, i: int) -> memoryview:
        """Draw frame `i` and return the canvas's RGBA buffer (valid until the next draw)."""
        if self._fig is None:
            self._build()
        if not (0 <= i < len(self)):
            raise IndexError(f"frame {i} is out of range for an animation of {len(self)} frames")
        canvas = self._canvas
        canvas.restore_region(self._background)
        stamps = [(self._header, self._header_text(int(self._rows[i])))]
        for panel in self._panels:
            for artist in panel.update(i):
                panel.ax.draw_artist(artist)
            stamps.extend(panel.stamps(i))
        buf = canvas.buffer_rgba()
        pixels = np.asarray(buf)
        for stamp, text in stamps:
            stamp.draw(pixels, text)
        return buf

    def frame(self, i: int) -> np.ndarray:
        """Frame `i` as an RGB uint8 array of shape (height, width, 3)."""
        i = int(i) + (len(self) if int(i) < 0 else 0)
        rgba = np.asarray(self._draw(i))
        return rgba[..., :3].copy()

    # -- writing ------------------------------------------------------------------------
    def save(self, path, *, frames: Optional[str] = None, progress: Optional[bool] = None) -> Path:
        """Write the animation; the format comes from the extension, or `frames` for a folder.

        Parameters
        ----------
        path : str or Path
            The output file: .gif, .mp4, .webm, .webp, .apng, .mov, .html or .pptx
            (``gdviz.formats.supported()`` lists them). With ``frames="png"``, a folder
            (new or empty) that gets ``frame-0000.png``, ... and ``animation.tex``.
        frames : {"png"}, optional
            Write a folder of frames instead of one file.
        progress : bool, optional
            A progress bar on stderr (default: when stderr is a terminal).

        Everything checkable is checked before any drawing (format, transparency,
        optional packages, size, the output path). The output appears only when
        complete: frames stream into a temporary file or folder beside `path`, renamed
        onto it at the end.
        """
        return formats.find(path, frames=frames).write(self, path, progress=progress)

    def _repr_html_(self) -> str:
        """The notebook view: every frame as an inline video (MP4 and WebM), or advice past `embed_limit_mb`."""
        from .formats.embed import notebook_html

        return notebook_html(self, self.embed_limit_mb)

    def close(self) -> None:
        """Free the figure (it is rebuilt if a frame is asked for again)."""
        self._fig = None
        self._panels = []


def _fixed_width(values: np.ndarray):
    """A formatter with the same number of decimals for every value in `values`.

    Digits that stay put read calmly as they change: about five significant digits
    for the largest magnitude, switching to scientific notation for huge or tiny ones.
    """
    biggest = float(np.max(np.abs(values))) if values.size else 1.0
    if biggest == 0 or not (1e-3 <= biggest < 1e6):
        return lambda v: f"{v:+.3e}"
    decimals = max(0, 4 - int(np.floor(np.log10(biggest))))
    width = len(f"{-biggest:+.{decimals}f}")
    return lambda v: f"{v:+{width}.{decimals}f}"


def _font_context(theme):
    import matplotlib

    return matplotlib.rc_context({"font.family": theme.font_family, "axes.unicode_minus": True,
                                  "text.color": theme.text, "path.simplify": True})


def render(history: History, path, **options) -> Path:
    """Animate `history` into `path` (format from the extension); options as for Animation and save."""
    progress = options.pop("progress", None)
    frames = options.pop("frames", None)
    return Animation(history, **options).save(path, frames=frames, progress=progress)
