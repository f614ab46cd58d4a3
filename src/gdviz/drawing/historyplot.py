"""A History as one static figure: the loss curve and the path over the SSE contours.

Behind :meth:`gdviz.History.plot` and ``History._repr_png_`` (a notebook shows a
History as this picture). matplotlib is imported only when a figure is asked for.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

from ..errors import GdvizError
from ..data.moments import Moments
from .grid import colormap, contour_levels, surface_window
from .text import readable
from .theme import get_theme

__all__ = ["plot_history", "png_bytes", "PictureFigure"]


class PictureFigure(Figure):
    """A matplotlib Figure that a notebook shows as a picture, whether or not pyplot was imported.

    IPython shows a plain Figure as a picture only once pyplot's inline backend has
    registered itself (``import matplotlib.pyplot``); before that it prints
    ``<Figure size 1000x400 with 2 Axes>``. This one carries its own ``_repr_png_``
    (where the inline backend is active, its own formatter is used first, as for any Figure).
    """

    def _repr_png_(self) -> bytes:
        """The figure as PNG file bytes, at its own size and dpi."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        buf = io.BytesIO()
        FigureCanvasAgg(self).print_png(buf)
        return buf.getvalue()


def plot_history(history, *, size=(10.0, 4.0), theme="light"):
    """The run as a matplotlib Figure with two axes: SSE by epoch, and the path over the SSE contours.

    Parameters
    ----------
    history : History
    size : (float, float), default (10, 4)
        Figure size in inches (shown at 100 dpi).
    theme : str, default "light"

    Returns
    -------
    matplotlib.figure.Figure
        Not attached to pyplot: nothing else is drawn or shown. ``fig.savefig(...)``
        writes it; a notebook displays it.

    Notes
    -----
    The contours are E(w0, w1) = 1/2 sum (y - w1 x - w0)^2 over the coordinates the run
    trained in (x' = (x - x_shift) / x_scale when it standardised x), from the six sums
    of the data; the dashed line on the loss curve is the least-squares SSE, the floor
    gradient descent approaches.
    """
    import matplotlib

    width, height = _inches(size)
    t = get_theme(theme)
    h = history
    moments = Moments.of(h.data)
    if h.scaled:
        moments = moments.scaled(float(h.meta.get("x_shift", 0.0)), float(h.meta.get("x_scale", 1.0)))
    with matplotlib.rc_context({"font.family": t.font_family, "text.color": t.text, "axes.labelcolor": t.text,
                                "xtick.color": t.muted_text, "ytick.color": t.muted_text,
                                "axes.edgecolor": t.spine, "axes.unicode_minus": True}):
        fig = PictureFigure(figsize=(width, height), dpi=100, facecolor=t.background, layout="constrained")
        ax_loss, ax_path = fig.subplots(1, 2)
        for ax in (ax_loss, ax_path):
            ax.set_facecolor(t.background)
            ax.tick_params(labelsize=t.tick_size)
        _draw_loss(ax_loss, h, t, moments.optimum()[2])
        _draw_path(ax_path, h, t, moments)
    return fig


def _inches(size) -> tuple[float, float]:
    """`size` as (width, height) in inches, two finite numbers > 0, or a GdvizError."""
    try:
        width, height = (float(v) for v in size)
        if not (width > 0 and height > 0 and np.isfinite(width) and np.isfinite(height)):
            raise ValueError
    except (TypeError, ValueError):
        raise GdvizError(f"`size` must be (width, height) in inches, two numbers > 0; got {size!r}.") from None
    return width, height


def _draw_loss(ax, h, t, best: float) -> None:
    """The SSE by epoch, with the least-squares SSE dashed; a log axis when it falls over two decades."""
    ax.plot(h.epoch, h.loss, color=t.run_color(0), lw=t.line_width, label=f"SSE, final {readable(h.loss[-1])}")
    ax.axhline(best, color=t.muted_text, lw=t.line_width / 2, ls="--", label=f"least squares {readable(best)}")
    positive = h.loss[h.loss > 0]
    if best > 0 and positive.size and positive.max() / best > 100:
        ax.set_yscale("log")
    else:  # an SSE is never below zero: the axis does not pretend otherwise
        ax.set_ylim(bottom=max(ax.get_ylim()[0], 0.0))
    diverged = h.meta.get("diverged_at")
    ax.set_title("SSE by epoch" + (f" (diverged at epoch {diverged})" if diverged is not None else ""),
                 fontsize=t.title_size)
    ax.set_xlabel("epoch", fontsize=t.label_size)
    ax.set_ylabel("SSE = ½ Σ (y − ŷ)²", fontsize=t.label_size)
    ax.grid(True, color=t.grid)
    ax.legend(fontsize=t.tick_size, frameon=False)


def _draw_path(ax, h, t, moments) -> None:
    """The path over the SSE contours, in the animation's own window and levels (log-spaced excess SSE)."""
    from matplotlib import colors as mcolors

    color = t.run_color(0)
    prime = "′" if h.scaled else ""
    ow0, ow1, _ = moments.optimum()
    (x0, x1), (y0, y1) = surface_window([(h.w0, h.w1)], moments)
    g0, g1, excess, levels = contour_levels(moments, (x0, x1), (y0, y1))
    clipped = np.clip(excess, levels[0], levels[-1])
    norm = mcolors.LogNorm(vmin=levels[0], vmax=levels[-1])
    ax.contourf(g0, g1, clipped, levels=levels, norm=norm, cmap=colormap(t), alpha=t.surface_alpha)
    ax.contour(g0, g1, clipped, levels=levels, colors=t.contour_line, linewidths=t.contour_width,
               alpha=t.contour_alpha)
    ax.plot(h.w0, h.w1, color=t.outline, lw=t.path_width * 2.2, solid_capstyle="round")
    ax.plot(h.w0, h.w1, color=color, lw=t.path_width, label=f"{len(h)} epochs")
    ax.plot(h.w0[:1], h.w1[:1], "o", color=color, mec=t.outline, label="start")
    ax.plot([ow0], [ow1], "*", ms=t.optimum_size, mfc=t.optimum_face, mec=t.optimum_edge,
            mew=t.mark_edge_width, label="least squares")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_title("Descent path over the SSE surface", fontsize=t.title_size)
    ax.set_xlabel(f"w₀{prime} (intercept)", fontsize=t.label_size)
    ax.set_ylabel(f"w₁{prime} (slope)", fontsize=t.label_size)
    ax.legend(fontsize=t.tick_size, loc="best")


def png_bytes(history) -> bytes:
    """:func:`plot_history` as PNG file bytes (what a notebook shows for a History)."""
    return plot_history(history)._repr_png_()
