"""One panel of a run, at one epoch, drawn into your own matplotlib Axes (``gdviz.plot``).

The functions here draw with the animation's own panels (:mod:`gdviz.drawing.panels`):
the panel is built on your Axes exactly as an animation builds it on its own, pointed
at one epoch, and its moving artists are then left in place as ordinary artists. So
``gdviz.plot.fit(history, 40, ax=ax)`` is the fit panel of frame "epoch 40", in a
figure of yours, beside anything else you drew.

In seaborn's way: ``ax=None`` draws into the current Axes (``plt.gca()``), the Axes
is returned, and nothing else in the figure is touched. matplotlib is imported only
when one of these functions is called.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> fig, (left, right, notes) = plt.subplots(1, 3, figsize=(15, 4))
>>> gdviz.plot.fit(history, epoch=20, ax=left)
>>> gdviz.plot.surface([gd, momentum], ax=right)
>>> gdviz.plot.maths(history, epoch=20, ax=notes)  # that epoch's arithmetic, as text
>>> fig.savefig("paper-figure.pdf")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Optional, Sequence, Union

import numpy as np

from ..errors import GdvizError
from .options import Overlays, check_drawing_options, check_epoch, check_runs, check_sample
from .schedule import plan_frames

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..history import History
    from .panels import FrameState, Scene
    from .theme import Theme

__all__ = ["fit", "surface", "loss", "surface3d", "maths", "network"]


def fit(runs: Union[History, Sequence[History]], epoch: Optional[int] = None, *, ax: Optional[Axes] = None,
        labels: Optional[Sequence[str]] = None, theme: str = "light", preset: str = "web",
        residuals: str = "auto", reference: bool = True, legend: Optional[bool] = None, max_frames: int = 200) -> Axes:
    """The fit panel: the data and each run's line at `epoch`, into `ax`.

    Parameters
    ----------
    runs : History or list of History
        One run, or up to seven trained on the same data (as for :class:`gdviz.Animation`).
    epoch : int, optional
        The epoch shown, 0 to the last epoch asked for; None (the default) is the last.
        A run that stopped earlier (diverged) shows its last line, faded.
    ax : matplotlib.axes.Axes, optional
        Where to draw; None uses the current Axes (``matplotlib.pyplot.gca()``).
    labels : list of str, optional
        A name per run, for the legend (default: the optimizer or learning rate).
    theme : {"light", "dark"}, default "light"
        The colours; the panel's background is the theme's.
    preset : str, default "web"
        The type sizes and line widths (see :class:`gdviz.Animation`).
    residuals : {"auto", "off", "lines", "squares"}, default "auto"
        Each point's error at `epoch`; "auto" draws lines for one run that converges.
        Squares are sized in the Axes' pixels when drawn: draw them once the figure's
        layout is final.
    reference : bool, default True
        The least-squares line, faint and dashed.
    legend : bool, optional
        A legend naming the runs; by default when there are several.
    max_frames : int, default 200
        How densely the animation would sample the run: paths and curves are drawn
        through the same rows as the animation's frames.

    Returns
    -------
    matplotlib.axes.Axes
        `ax`, with the panel drawn in it.
    """
    overlays = dict(residuals=residuals, reference=reference)
    return _draw("fit", runs, epoch, ax, labels, theme, preset, overlays, legend, max_frames)


def surface(runs: Union[History, Sequence[History]], epoch: Optional[int] = None, *, ax: Optional[Axes] = None,
            labels: Optional[Sequence[str]] = None, theme: str = "light", preset: str = "web",
            gradient: bool = False, legend: Optional[bool] = None, max_frames: int = 200) -> Axes:
    """The surface panel: SSE contours over (w0, w1), the optimum and each run's path up to `epoch`, into `ax`.

    Parameters
    ----------
    runs : History or list of History
        One run, or up to seven trained on the same data in the same coordinates.
    epoch : int, optional
        The epoch shown; None (the default) is the last.
    ax : matplotlib.axes.Axes, optional
        Where to draw; None uses the current Axes.
    labels : list of str, optional
        A name per run, for the legend.
    theme : {"light", "dark"}, default "light"
    preset : str, default "web"
    gradient : bool, default False
        The arrows of the negative gradient and of the next step at each run's point.
        They are sized in the figure's pixels when drawn, so they are off by default:
        ask for them once the figure's size and layout are final.
    legend : bool, optional
        A legend naming the runs; by default when there are several.
    max_frames : int, default 200
        Paths are drawn through the rows of the animation's frames.

    Returns
    -------
    matplotlib.axes.Axes
        `ax`, with the panel drawn in it.
    """
    return _draw("surface", runs, epoch, ax, labels, theme, preset, dict(gradient=gradient), legend, max_frames)


def loss(runs: Union[History, Sequence[History]], epoch: Optional[int] = None, *, ax: Optional[Axes] = None,
         labels: Optional[Sequence[str]] = None, theme: str = "light", preset: str = "web",
         legend: Optional[bool] = None, max_frames: int = 200) -> Axes:
    """The loss panel: each run's SSE by epoch, strong up to `epoch`, with the least-squares floor, into `ax`.

    Parameters
    ----------
    runs : History or list of History
        One run, or up to seven trained on the same data.
    epoch : int, optional
        The epoch of the cursor; None (the default) is the last.
    ax : matplotlib.axes.Axes, optional
        Where to draw; None uses the current Axes.
    labels : list of str, optional
        A name per run, for the legend.
    theme : {"light", "dark"}, default "light"
    preset : str, default "web"
    legend : bool, optional
        A legend naming the runs; by default when there are several.
    max_frames : int, default 200
        Curves are drawn through the rows of the animation's frames (and a sample).

    Returns
    -------
    matplotlib.axes.Axes
        `ax`, with the panel drawn in it.
    """
    return _draw("loss", runs, epoch, ax, labels, theme, preset, {}, legend, max_frames)


def surface3d(runs: Union[History, Sequence[History]], epoch: Optional[int] = None, *, ax: Optional[Axes] = None,
              labels: Optional[Sequence[str]] = None, theme: str = "light", preset: str = "web",
              legend: Optional[bool] = None, max_frames: int = 200) -> Axes:
    """The 3D view: the SSE bowl and each run's path on it up to `epoch`, into a 3D `ax`.

    Parameters
    ----------
    runs : History or list of History
        One run, or up to seven trained on the same data in the same coordinates.
    epoch : int, optional
        The epoch shown; None (the default) is the last.
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D, optional
        A 3D Axes (``fig.add_subplot(projection="3d")``); None uses the current Axes,
        which must be 3D.
    labels : list of str, optional
        A name per run, for the legend.
    theme : {"light", "dark"}, default "light"
    preset : str, default "web"
    legend : bool, optional
        A legend naming the runs; by default when there are several.
    max_frames : int, default 200
        Paths are drawn through the rows of the animation's frames.

    Returns
    -------
    mpl_toolkits.mplot3d.axes3d.Axes3D
        `ax`, with the bowl drawn in it.
    """
    return _draw("surface3d", runs, epoch, ax, labels, theme, preset, {}, legend, max_frames)


def maths(runs: Union[History, Sequence[History]], epoch: Optional[int] = None, *, ax: Optional[Axes] = None,
          run: Union[str, int, None] = None, labels: Optional[Sequence[str]] = None, theme: str = "light",
          preset: str = "web", max_frames: int = 200) -> Axes:
    """The maths panel: one run's arithmetic at `epoch` (forward, error, backward, update), as text in `ax`.

    The lines are those of :func:`gdviz.drawing.mathstext.maths_lines` for that epoch, in
    the theme's monospace, each one matplotlib Text (so they stay text in a PDF or SVG).
    The type is sized to fit the Axes as they are when drawn.

    Parameters
    ----------
    runs : History or list of History
        One run, or up to seven trained on the same data; one of them is shown.
    epoch : int, optional
        The epoch whose arithmetic is shown; None (the default) is the last. A run that
        stopped earlier (diverged) shows its last epoch.
    ax : matplotlib.axes.Axes, optional
        Where to draw; None uses the current Axes. Its ticks and spines are turned off.
    run : str or int, optional
        The run shown, by label or by index in `runs` (as the animation's ``maths_run``);
        None (the default) is the first. Its label is in the title.
    labels : list of str, optional
        A name per run (default: the optimizer or learning rate).
    theme : {"light", "dark"}, default "light"
    preset : str, default "web"
        The type sizes (see :class:`gdviz.Animation`).
    max_frames : int, default 200
        The rows the animation's frames would show: the type is the size that fits all of them.

    Returns
    -------
    matplotlib.axes.Axes
        `ax`, with the panel drawn in it.
    """
    return _draw("maths", runs, epoch, ax, labels, theme, preset, dict(run=run), False, max_frames)


def network(runs: Union[History, Sequence[History]], epoch: Optional[int] = None, *, ax: Optional[Axes] = None,
            sample: Optional[int] = None, labels: Optional[Sequence[str]] = None, theme: str = "light",
            preset: str = "web", max_frames: int = 200) -> Axes:
    """The network panel: the model's diagram with one point's forward pass and the gradients at `epoch`, in `ax`.

    x₁ and the bias x₀ = 1 feed Σ through the edges w₁ and w₀ (their widths follow the weights' sizes,
    their colours its sign); ŷ, the point's error and the SSE E sit by the output, and
    ∂E/∂w₁, ∂E/∂w₀ (sums over every point) under the edges. Every number is a matplotlib
    Text, anchored to the Axes. The diagram is laid out for the Axes as they are when drawn.

    Parameters
    ----------
    runs : History or list of History
        One run, or up to seven trained on the same data; the first is shown.
    epoch : int, optional
        The epoch shown; None (the default) is the last.
    ax : matplotlib.axes.Axes, optional
        Where to draw; None uses the current Axes. Its axis is turned off.
    sample : int, optional
        The index of the data point whose forward pass is shown; None (the default) is
        the point nearest the median x.
    labels : list of str, optional
        A name per run (with several, the first's is in the title).
    theme : {"light", "dark"}, default "light"
    preset : str, default "web"
        The type sizes and line widths (see :class:`gdviz.Animation`).
    max_frames : int, default 200
        The rows the animation's frames would show (the boxes under the numbers fit the widest of them).

    Returns
    -------
    matplotlib.axes.Axes
        `ax`, with the panel drawn in it.
    """
    return _draw("network", runs, epoch, ax, labels, theme, preset, dict(sample=sample), False, max_frames)


def _draw(name: str, runs: Any, epoch: Optional[int], ax: Any, labels: Any, theme: str, preset: str, overlays: dict,
          legend: Any, max_frames: int) -> Axes:
    """Build panel `name` on `ax` at `epoch`, its moving artists left as ordinary ones; returns `ax`."""
    run, sample = overlays.pop("run", None), overlays.get("sample")
    _, _, _, t, max_frames = check_drawing_options(panels=(name,), fps=None, size=None, theme=theme,
                                                   max_frames=max_frames, preset=preset, **overlays)
    histories, labels = check_runs(runs, labels, t.max_runs)
    sample = None if sample is None else check_sample(sample, len(histories[0].data))
    if legend is not None and not isinstance(legend, (bool, np.bool_)):
        raise GdvizError(f"`legend` must be True, False or None (a legend for several runs); got {legend!r}.")
    residuals = overlays.get("residuals", "off")
    if residuals == "auto":  # as the animation decides it
        residuals = "lines" if len(histories) == 1 and "diverged_at" not in histories[0].meta else "off"
    chosen = Overlays(residuals=residuals, gradient=bool(overlays.get("gradient", False)),
                      reference=bool(overlays.get("reference", True)), maths_run=_run_index(run, labels))
    ax = _axes(ax, name)
    scene = _scene(histories, labels, t, ax.figure, chosen, max_frames, sample)
    epoch = scene.last if epoch is None else check_epoch(epoch, scene.last)
    _build(name, ax, scene, scene.moment(epoch))
    if legend or (legend is None and len(histories) > 1):
        _legend(ax, scene)
    return ax


def _run_index(run: Any, labels: list) -> int:
    """The index of the run `run` names: one of `labels`, an index into them, or None (the first)."""
    if run is None:
        return 0
    if isinstance(run, (int, np.integer)) and not isinstance(run, (bool, np.bool_)) and 0 <= run < len(labels):
        return int(run)
    if isinstance(run, str) and run.strip() in labels:
        return labels.index(run.strip())
    raise GdvizError(f"`run` must be the label of one of the runs ({', '.join(map(repr, labels))}) or its index, "
                     f"0 to {len(labels) - 1}; got {run!r}.")


def _axes(ax: Any, name: str) -> Axes:
    """`ax`, or the current Axes; the 3D view needs a 3D one."""
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise GdvizError(f"`ax` must be a matplotlib Axes (e.g. from plt.subplots()); got {type(ax).__name__}.")
    is_3d = getattr(ax, "name", "") == "3d"
    if name == "surface3d" and not is_3d:
        raise GdvizError("gdviz.plot.surface3d draws into a 3D Axes; pass ax=fig.add_subplot(projection='3d').")
    if name != "surface3d" and is_3d:
        raise GdvizError(f"gdviz.plot.{name} draws into a 2D Axes, and this one is 3D; use gdviz.plot.surface3d "
                         "for the 3D view, or pass a 2D Axes.")
    return ax


def _scene(histories: list, labels: list, t: Theme, fig: Figure, overlays: Overlays, max_frames: int,
           sample: Optional[int] = None) -> Scene:
    """The Scene the animation of these runs would draw from, in `fig`'s pixels per point."""
    from .panels import Run, Scene

    schedule = plan_frames([(h.epoch, h.w0, h.w1) for h in histories], max_frames, 1.0)
    asked = max(int(h.meta.get("epochs") or len(h)) - 1 for h in histories)  # as Animation.last_epoch
    last = max(asked, int(schedule.epochs[-1]))
    runs = [Run(h, label, t.run_color(k), k) for k, (h, label) in enumerate(zip(histories, labels))]
    scene = Scene(runs, schedule.epochs, t, fig.dpi / 72.0, overlays, last=last, sample=sample)
    scene.vector = True  # every text stays matplotlib text: nothing is stamped into pixels here
    return scene


def _build(name: str, ax: Axes, scene: Scene, moment: FrameState) -> None:
    """The panel on `ax` at `moment`: the moving artists this moment shows become ordinary artists.

    A panel may put its title on the figure (the 3D view does, over its slot); here it
    goes on the Axes instead, so that nothing outside `ax` changes.
    """
    import matplotlib

    from .panels import PANELS

    fig = ax.figure
    before = list(fig.texts)
    with matplotlib.rc_context({"font.family": scene.theme.font_family, "axes.unicode_minus": True,
                                "text.color": scene.theme.text}):
        panel = PANELS[name](ax, scene)
        for text in [x for x in fig.texts if not any(x is b for b in before)]:
            ax.set_title(text.get_text(), loc="left", fontsize=scene.theme.title_size, color=scene.theme.text)
            text.remove()
        panel.place()
        shown = panel.update(moment)
    for artist in ax.get_children():
        if artist.get_animated() and not any(artist is s for s in shown):
            artist.set_visible(False)
    for artist in shown:
        artist.set_animated(False)
    if ax.get_animated():  # a turning 3D view animates the whole axes; a plot never turns
        ax.set_animated(False)


def _legend(ax: Axes, scene: Scene) -> None:
    """A legend of the runs' colours and labels, in the Axes' best corner."""
    from matplotlib.lines import Line2D

    t = scene.theme
    handles = [Line2D([], [], color=run.color, linewidth=t.line_width, label=run.label) for run in scene.runs]
    # "best" would weigh every 3D facet
    where: Literal["upper left", "best"] = "upper left" if getattr(ax, "name", "") == "3d" else "best"
    ax.legend(handles=handles, loc=where, fontsize=t.tick_size, frameon=True, facecolor=t.background, edgecolor=t.grid,
              labelcolor=t.text)
