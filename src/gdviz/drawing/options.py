"""The drawing options and the runs of an animation, checked before anything is drawn (no matplotlib).

:class:`gdviz.Animation`, :func:`gdviz.render` and the command line check their options
here, so a mistake is one clear sentence (GdvizError) before any work starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import GdvizError
from ..history import History
from .labels import default_labels
from .theme import get_preset, get_theme

__all__ = ["check_drawing_options", "check_runs", "check_epoch", "Overlays", "PANEL_NAMES", "DEFAULT_PANELS",
           "RESIDUALS", "check_maths_run", "check_sample", "MIN_SIDE", "MAX_SIDE", "MAX_PIXELS", "MAX_FRAMES", "MAX_SURFACES",
           "coordinates", "coordinate_groups"]

PANEL_NAMES = ("fit", "surface", "loss", "surface3d", "maths", "network")
DEFAULT_PANELS = ("fit", "surface", "loss")
MIN_SIDE, MAX_SIDE = 160, 7680
MAX_PIXELS = 7680 * 4320  # 8K UHD: a frame's buffers stay in the hundreds of MB
MAX_FRAMES = 10_000  # distinct frames: over 5 minutes at 30 fps
MAX_SURFACES = 3  # surfaces side by side, one per set of trained coordinates
RESIDUALS = ("auto", "off", "lines", "squares")


@dataclass(frozen=True)
class Overlays:
    """The teaching overlays, each an option of the panel it draws in.

    residuals : "off", "lines" or "squares" (fit panel)
    gradient : the negative gradient at each run's current point, and the step it takes (surface)
    reference : the least-squares line, faint and dashed (fit panel)
    maths_run : the index of the run the maths panel shows
    axes : the bowl's principal axes through the optimum, labelled steep and shallow (surface)
    """

    residuals: str = "off"
    gradient: bool = True
    reference: bool = True
    maths_run: int = 0
    axes: bool = False


def check_drawing_options(*, panels, fps, size, theme, max_frames, residuals="auto", gradient=True, reference=True,
                  transparent=False, preset="web", rotate=False, axes=False, sample=None) -> tuple:
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
                        ("rotate", rotate), ("axes", axes)):
        if not isinstance(value, (bool, np.bool_)):
            raise GdvizError(f"`{name}` must be True or False; got {value!r}.")
    if rotate and "surface3d" not in panels:
        raise GdvizError(f"`rotate` turns the 3D view's camera, but `panels` has no surface3d ({','.join(panels)}): "
                         "add it (e.g. fit,surface3d), or drop `rotate`.")
    if axes and "surface" not in panels:
        raise GdvizError(f"`axes` draws the bowl's principal axes on the surface panel, but `panels` has no surface "
                         f"({','.join(panels)}): add it (e.g. fit,surface), or drop `axes`.")
    if sample is not None:
        if isinstance(sample, bool) or not isinstance(sample, (int, np.integer)) or sample < 0:
            raise GdvizError(f"`sample` must be the index of a data point, a whole number from 0; got {sample!r}.")
        if "network" not in panels:
            raise GdvizError(f"`sample` picks the point the network panel follows, but `panels` has no network "
                             f"({','.join(panels)}): add it (e.g. fit,network), or drop `sample`.")
    return panels, fps, (w, h), theme, int(max_frames)


def check_runs(histories, labels=None, max_runs: int = 7, max_surfaces: int = 1) -> tuple[list, list]:
    """The runs of an animation and their labels, checked: one to `max_runs` histories of one data set.

    Runs compare only on the same points; the fit panel is drawn once for all of them.
    With `max_surfaces` 1 (one Axes, as ``gdviz.plot`` draws) they must share their
    coordinates too; an Animation gives MAX_SURFACES, and runs trained in other
    coordinates (another scale policy) get a surface each (:func:`coordinate_groups`).
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
    seen: dict[int, int] = {}  # id(history) -> its run
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
    if max_surfaces == 1:
        for k, h in enumerate(runs[1:], start=2):
            for key, default in (("x_shift", 0.0), ("x_scale", 1.0)):
                if float(h.meta.get(key, default)) != float(first.meta.get(key, default)):
                    raise GdvizError(f"Run {k} was trained on x in other coordinates than run 1 (meta[{key!r}] "
                                     f"{h.meta.get(key, default)!r} vs {first.meta.get(key, default)!r}); train "
                                     "every run with the same scale= so their weights share one surface.")
    groups = coordinate_groups(runs)
    if len(groups) > max_surfaces:
        raise GdvizError(f"The runs were trained in {len(groups)} sets of coordinates (scale policies), and an "
                         f"animation draws at most {max_surfaces} surfaces side by side: compare at most "
                         f"{max_surfaces} scale policies at once.")
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


def coordinates(history) -> tuple:
    """(x_shift, x_scale) of the x a run's weights act on: (0.0, 1.0) on x as given."""
    return float(history.meta.get("x_shift", 0.0)), float(history.meta.get("x_scale", 1.0))


def coordinate_groups(runs: list) -> list:
    """The runs' indices grouped by the coordinates they were trained in, in order of first appearance.

    Runs in the same coordinates share one surface; each group gets its own.
    """
    groups: dict = {}
    for k, h in enumerate(runs):
        groups.setdefault(coordinates(h), []).append(k)
    return list(groups.values())


def check_maths_run(maths_run, labels: list, panels: tuple) -> int:
    """The index of the run the maths panel shows: `maths_run` is one of `labels`, or None (the first run)."""
    if maths_run is None:
        return 0
    if "maths" not in panels:
        raise GdvizError(f"`maths_run` chooses the run the maths panel shows, but `panels` has no maths "
                         f"({','.join(panels)}): add it (e.g. fit,maths), or drop `maths_run`.")
    if not isinstance(maths_run, str) or maths_run.strip() not in labels:
        raise GdvizError(f"The `maths_run` must be the label of one of the runs ({', '.join(map(repr, labels))}); "
                         f"got {maths_run!r}.")
    return labels.index(maths_run.strip())


def check_sample(sample, points: int) -> int:
    """`sample` (a point's index, already checked to be a whole number from 0) against the data's `points`."""
    if sample >= points:
        raise GdvizError(f"`sample` must be the index of a data point, 0 to {points - 1} ({points:,} points); "
                         f"got {sample}.")
    return int(sample)


def check_epoch(epoch, last: int, name: str = "epoch") -> int:
    """`epoch` as an int, checked to be a whole number from 0 to `last`; `name` is the parameter's, for the message."""
    if isinstance(epoch, bool) or not isinstance(epoch, (int, np.integer)) or not 0 <= epoch <= last:
        raise GdvizError(f"`{name}` must be a whole number from 0 to {last} (an epoch of the run); got {epoch!r}.")
    return int(epoch)
