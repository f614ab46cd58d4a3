"""Stills: a poster (one epoch) or a filmstrip (N epochs in a grid), as PNG, PDF or SVG.

For handouts, papers and the tutorial's own sequence (its stills every 20 epochs are
``--filmstrip 15`` on 300 epochs). A PNG is put together from the animation's own
frames (:meth:`gdviz.Animation.draw_at`), so a tile is exactly the frame for its epoch;
a PDF or SVG draws the same tiles as vector graphics (:meth:`gdviz.Animation.draw_vector`),
the header, legend and captions as real text (searchable, selectable), the points and
contour fill rasterised to keep files small.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Optional

import numpy as np

from .. import interrupts
from ..drawing.options import check_epoch
from ..drawing.text import TextStamp, readable
from ..drawing.theme import POINTS_PER_HEIGHT
from ..errors import GdvizError
from ..files import atomic_path, check_output
from .registry import Format, register

__all__ = ["plan", "captions", "caption_height", "save_png", "save_vector", "vector_figure", "MAX_TILES",
           "MAX_STILL_PIXELS", "printed_points", "type_scale", "filmstrip_animation", "smallest_type",
           "A4_LANDSCAPE_MM", "MIN_PRINT_POINTS"]

#: Paper a filmstrip is sized for (A4 landscape, mm), and the least its text may print at.
A4_LANDSCAPE_MM = (297.0, 210.0)
MIN_PRINT_POINTS = 6.0
MM_PER_POINT = 25.4 / 72.0
#: The most tiles a filmstrip takes.
MAX_TILES = 100
#: The most pixels a still may have (a 10 x 10 filmstrip of 640x360 frames is 23 million).
MAX_STILL_PIXELS = 100_000_000


def plan(animation, at: Optional[int] = None, filmstrip: Optional[int] = None) -> tuple:
    """(epochs, columns) of a still: one epoch for a poster, N for a filmstrip.

    A poster shows `at` (default the last epoch). A filmstrip of N shows epochs
    k * (E // N) for k = 0 ... N - 1, where E is the number of epochs asked for (the
    tutorial's 300 and N = 15 give 0, 20, ..., 280), in ceil(sqrt(N)) columns.
    """
    if at is not None and filmstrip is not None:
        raise GdvizError("`at` picks one epoch for a poster and `filmstrip` several; give one of them.")
    if filmstrip is None:
        epoch = animation.last_epoch if at is None else check_epoch(at, animation.last_epoch, "at")
        return [epoch], 1
    total = animation.last_epoch + 1
    most = min(MAX_TILES, total)
    if isinstance(filmstrip, bool) or not isinstance(filmstrip, (int, np.integer)) or not 1 <= filmstrip <= most:
        raise GdvizError(f"`filmstrip` must be a whole number of tiles from 1 to {most} (at most one per epoch and "
                         f"{MAX_TILES} in all); got {filmstrip!r}.")
    n = int(filmstrip)
    step = total // n
    columns = math.ceil(math.sqrt(n))
    rows = math.ceil(n / columns)
    w, h = animation.size
    pixels = columns * w * rows * (h + caption_height(animation))
    if pixels > MAX_STILL_PIXELS:
        raise GdvizError(f"A filmstrip of {n} tiles at {w}x{h} would have {pixels / 1e6:.0f} million pixels, more than "
                         f"{MAX_STILL_PIXELS / 1e6:.0f} million; give a smaller `size` (e.g. 640x360) or fewer tiles.")
    return [k * step for k in range(n)], columns


def smallest_type(animation) -> float:
    """The smallest type size of the animation's frames, in points of its frame (1 pt = height/518.4 px)."""
    t = animation.theme
    return min(t.tick_size, t.annotation_size, t.label_size, t.title_size, t.header_size)


def printed_points(animation, epochs: list, columns: int, paper_mm: tuple = A4_LANDSCAPE_MM) -> float:
    """How big, in printed points, the smallest text of a filmstrip comes out when the whole
    strip is fitted to `paper_mm` (width, height): A4 landscape by default."""
    w, h = animation.size
    rows = -(-len(epochs) // columns)
    mm_per_px = min(paper_mm[0] / (columns * w), paper_mm[1] / (rows * (h + caption_height(animation))))
    px = smallest_type(animation) * h / POINTS_PER_HEIGHT
    return px * mm_per_px / MM_PER_POINT


def type_scale(animation, epochs: list, columns: int) -> float:
    """The factor on the frame's type sizes that puts every text of a filmstrip printed on A4
    landscape at MIN_PRINT_POINTS or more (1: it already is)."""
    scale = 1.0
    for _ in range(3):  # the captions grow with the type, and the strip with them
        got = printed_points(animation.with_type_scale(scale) if scale != 1.0 else animation, epochs, columns)
        if got >= MIN_PRINT_POINTS:
            break
        scale *= 1.01 * MIN_PRINT_POINTS / got
    return scale


def filmstrip_animation(animation, epochs: list, columns: int):
    """The animation a filmstrip's tiles are drawn with: its type sized for the tile printed on A4."""
    scale = type_scale(animation, epochs, columns)
    return animation if scale == 1.0 else animation.with_type_scale(scale)


def caption_height(animation) -> int:
    """Pixels under each filmstrip tile for its caption: two lines' worth of the legend's type."""
    return int(round(2.2 * animation.theme.annotation_size * animation.size[1] / POINTS_PER_HEIGHT))


def captions(animation, epochs: list) -> list:
    """Under each tile: its epoch and SSE (each run's, by name, when there are several)."""
    out = []
    for epoch in epochs:
        moment = animation.moment(int(epoch))
        losses = [h.loss[row] for h, row in zip(animation.runs, moment.rows)]
        if len(animation.runs) == 1:
            sse = f"SSE {readable(losses[0])}"
        else:
            sse = "  ".join(f"{label} {readable(v)}" for label, v in zip(animation.labels, losses))
        out.append(f"epoch {int(epoch)}   {sse}")
    return out


def save_png(animation, path, *, progress: Optional[bool] = None, at=None, filmstrip=None) -> Path:
    """A PNG poster (the frame at `at`, default the last epoch) or a filmstrip of `filmstrip` tiles.

    The filmstrip is C * W wide and R * (H + caption) tall for C = ceil(sqrt(N))
    columns and R rows of frames W x H; each tile is the animation's frame for its epoch
    (``frame_at``), pixel for pixel, and its caption sits in a strip under it. With a
    transparent animation the PNG keeps the alpha.
    """
    from PIL import Image

    epochs, columns = plan(animation, at, filmstrip)
    path = check_output(path)
    w, h = animation.size
    if filmstrip is None:
        image = _rgba(animation, epochs[0])
    else:
        animation = filmstrip_animation(animation, epochs, columns)
        image = _filmstrip(animation, epochs, columns)
    if not animation.transparent:
        image = image[..., :3]
    with atomic_path(path) as tmp:
        interrupts.check()
        Image.fromarray(np.ascontiguousarray(image)).save(tmp, format="PNG", compress_level=6)
    return Path(path)


def _rgba(animation, epoch: int) -> np.ndarray:
    return np.asarray(animation.draw_at(int(epoch))).copy()


def _filmstrip(animation, epochs: list, columns: int) -> np.ndarray:
    from matplotlib import colors as mcolors

    w, h = animation.size
    cap = caption_height(animation)
    rows = -(-len(epochs) // columns)
    background = np.zeros(4, dtype=np.uint8) if animation.transparent else \
        np.array([*(np.array(mcolors.to_rgb(animation.theme.background)) * 255 + 0.5).astype(np.uint8), 255],
                 dtype=np.uint8)
    strip = np.empty((rows * (h + cap), columns * w, 4), dtype=np.uint8)
    strip[...] = background
    t = animation.theme
    size_px = t.annotation_size * h / POINTS_PER_HEIGHT
    for k, (epoch, text) in enumerate(zip(epochs, captions(animation, epochs))):
        interrupts.check()
        col, row = k % columns, k // columns
        x0, y0 = col * w, row * (h + cap)
        strip[y0:y0 + h, x0:x0 + w] = _rgba(animation, epoch)
        stamp = TextStamp(t.mono_family, size_px, t.text, x0 + 0.5 * cap, y0 + h + 0.5 * cap - 0.6 * size_px)
        stamp.draw(strip, text)
    return strip


def vector_figure(animation, epochs: list, columns: int, texts: Optional[list] = None):
    """A matplotlib Figure of the frames at `epochs`, `columns` to a row, for PDF and SVG.

    Each tile is :meth:`gdviz.Animation.draw_vector` of its epoch, so it looks like its
    frame; caption `texts`, when given, go under each tile, as in the PNG filmstrip.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    w, h = animation.size
    dpi = animation.dpi
    caption = caption_height(animation) if texts else 0
    rows = -(-len(epochs) // columns)
    t = animation.theme
    fig = Figure(figsize=(columns * w / dpi, rows * (h + caption) / dpi), dpi=dpi,
                 facecolor="none" if animation.transparent else t.background)
    FigureCanvasAgg(fig)
    for k, epoch in enumerate(epochs):
        col, row = k % columns, k // columns
        origin = (col * w / dpi, (rows - row - 1) * (h + caption) / dpi + caption / dpi)
        animation.draw_vector(fig, origin, int(epoch))
        if texts:
            fig.text(col * w / dpi + 0.5 * caption / dpi, origin[1] - 0.5 * caption / dpi, texts[k],
                     transform=fig.dpi_scale_trans, family=t.mono_family, fontsize=t.annotation_size,
                     color=t.text, va="center", ha="left")
    return fig


def save_vector(kind: str):
    """The save function for a vector still of `kind` ("pdf" or "svg")."""

    def save(animation, path, *, progress: Optional[bool] = None, at=None, filmstrip=None) -> Path:
        import matplotlib

        epochs, columns = plan(animation, at, filmstrip)
        path = check_output(path)
        if filmstrip is not None:
            animation = filmstrip_animation(animation, epochs, columns)
        fig = vector_figure(animation, epochs, columns, captions(animation, epochs) if filmstrip is not None else None)
        interrupts.check()
        # Text stays text: SVG <text> elements, PDF TrueType fonts with their Unicode map. The same
        # run gives the same bytes: no creation date, and SVG ids from a fixed salt instead of a random one.
        undated = {"CreationDate": None} if kind == "pdf" else {"Date": None}
        with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "gdviz"}), \
                atomic_path(path) as tmp:
            with open(tmp, "wb") as fh:
                fig.savefig(fh, format=kind, dpi=fig.dpi, transparent=animation.transparent, metadata=undated)
        return Path(path)

    save.__doc__ = (f"A {kind.upper()} poster or filmstrip: the same tiles as the PNG, as vector graphics with real "
                    "text; the points and contour fill rasterised.")
    return save


_STILL = "a still: the last epoch, or --at K; --filmstrip N tiles in a grid, each captioned with its epoch and SSE"
register(Format(".png", f"PNG image, {_STILL}", plays_in="everywhere: documents, slides, web pages, handouts",
                transparent=True, save=save_png, still=True))
register(Format(".pdf", f"PDF, vector, {_STILL}", plays_in="LaTeX papers and handouts, print; real text, "
                "rasterised points and contour fill", transparent=True, save=save_vector("pdf"), still=True))
register(Format(".svg", f"SVG, vector, {_STILL}", plays_in="web pages, Inkscape, Illustrator; real <text>, "
                "rasterised points and contour fill", transparent=True, save=save_vector("svg"), still=True))
