"""The explorable page: one offline HTML file that re-runs gradient descent as the reader drags.

A run of a full-batch optimizer depends on the data only through the six sums in
:class:`~gdviz.data.moments.Moments` (n, the means, cxx, cxy, cyy), so a page that carries
them can re-run any of them for thousands of epochs in a millisecond, whatever the
number of points. :func:`explore` trains the run ``gdviz render`` would make with the
same options (for the surface window and the panels' limits), and writes one JSON
object with everything the page needs into a template with one script and one style
sheet from package data (``gdviz/page/``): the sums in the trained coordinates, the
scaling, each optimizer's hyperparameters, learning rate and stability bound, the
surface window and its contour levels and colours, a display sample of at most 2,000
points, the names, the theme and every constant the script needs.

The page's script is the files in ``gdviz/page/js/``, concatenated in the order of their
names into one inline script (``10-runs.js`` says how they load, here and in node's
tests). It repeats the training core's moments path
(``Moments.sse_and_gradient`` and each optimizer's ``step``) operation for operation, so its runs equal
``gdviz.train``'s moments path bit for bit and its points path to about 1e-12; its tick
labels, readouts and gap wording are gdviz's own (tests/js holds node's tests of them
against fixtures these Python functions write).

Security: a Content-Security-Policy meta, first in ``<head>``, allows nothing but the
page's own inline script and style (by their SHA-256 hashes): no network, no other
script. User strings (column and file names) reach the page only inside the JSON, with
``<``, ``>`` and ``&`` escaped, and the script puts them into the DOM as text.
"""

from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import math
import os
import re
import warnings
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

import numpy as np

from .training import optimizers
from .data.dataset import Dataset, SeedLike, make_data
from .training.diagnostics import AUTO_SCALE_CONDITION, EXACT_FIT, Conditioning, Scaling, choose_scaling
from .errors import GdvizError
from .history import History
from .data.moments import Moments
from .drawing.schedule import CURVE_POINTS, MOTION_SHARE
from .drawing.labels import panel_labels
from .drawing.theme import get_theme
from .training.train import DIVERGENCE_FACTOR, check_training_options, settle_eta, start_line, train

if TYPE_CHECKING:
    from .drawing.theme import Theme
    from .files import PathLike

__all__ = ["Page", "explore", "PAGE_MAX_EPOCHS", "MAX_SHOWN", "MAX_BYTES", "PAGE_OPTIMIZERS", "check_page_options"]

#: The most epochs the page runs (a drag must stay within a display frame or two).
PAGE_MAX_EPOCHS = 100_000
#: The data panel draws at most this many points (a seeded sample above it).
MAX_SHOWN = 2_000
#: The page never grows beyond this, whatever the number of points.
MAX_BYTES = 300_000
#: Residual segments are drawn for at most this many of the shown points.
RESIDUALS_SHOWN = 300
#: The optimizers the page offers: every full-batch one (sgd needs the points in every epoch).
PAGE_OPTIMIZERS = tuple(name for name, cls in optimizers.OPTIMIZERS.items() if cls.full_batch)
_FULL_BATCH_WORDS = ", ".join(PAGE_OPTIMIZERS)


class Page:
    """An explorable page: one self-contained HTML file.

    Attributes
    ----------
    html : str
        The whole page.
    data : dict
        The JSON object the page was built from (the sums, the defaults, ...).

    Notes
    -----
    Made by :func:`gdviz.explore`, not by hand. In Jupyter a Page displays itself, in
    a sandboxed iframe.
    """

    def __init__(self, html: str, data: dict) -> None:
        self.html = html
        self.data = data

    def __repr__(self) -> str:
        d = self.data["default"]
        return (f"Page({self.data['n']:,} points, optimizer={d['opt']!r}, eta={d['eta']:.4g}, "
                f"epochs={d['epochs']}, {len(self.html.encode('utf-8')):,} bytes)")

    def save(self, path: PathLike) -> Path:
        """Write the page to `path` (``.html``), atomically; returns the path written.

        Parameters
        ----------
        path : str or path-like
            A file name ending in ``.html`` (or ``.htm``); ``~`` is expanded and a
            missing folder is created. The file appears only when complete.

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        GdvizError
            `path` does not end in ``.html`` or ``.htm``.
        """
        from .files import atomic_path

        path = Path(os.fspath(path)).expanduser()
        check_page_path(path)
        with atomic_path(path) as tmp:
            tmp.write_bytes(self.html.encode("utf-8"))
        return path

    def _repr_html_(self) -> str:
        """The page inline in Jupyter: a sandboxed iframe whose ``srcdoc`` is the page."""
        return (f'<iframe srcdoc="{_html.escape(self.html, quote=True)}" title="gdviz explore" '
                'sandbox="allow-scripts" width="100%" height="920" frameborder="0"></iframe>')


def check_page_path(path: PathLike) -> Path:
    """A page is one .html file; anything else is a GdvizError (nothing is created)."""
    path = Path(os.fspath(path))
    if path.suffix.lower() not in (".html", ".htm"):
        raise GdvizError(f"The explore page is one .html file; got {str(path)!r}: use a name ending in .html.")
    return path


def check_page_options(epochs: int, optimizer: str) -> None:
    """What the page cannot do, before any work: sgd, or more than PAGE_MAX_EPOCHS epochs."""
    name = optimizers.get(optimizer).name
    if not optimizers.OPTIMIZERS[name].full_batch:
        raise GdvizError(f"The explore page re-runs optimizers from the data's six sums, and {name} needs the points "
                         f"in every epoch; choose a full-batch optimizer: {_FULL_BATCH_WORDS}.")
    if isinstance(epochs, (int, np.integer)) and not isinstance(epochs, bool) and epochs > PAGE_MAX_EPOCHS:
        raise GdvizError(f"The explore page runs at most {PAGE_MAX_EPOCHS:,} epochs, so that a drag re-runs within a "
                         f"display frame; got {epochs:,}.")


def explore(data_or_history: Union[Dataset, History, None] = None, *, epochs: int = 300,
            eta: Union[float, str, None] = None, optimizer: str = "gd", w0: Optional[float] = None,
            w1: Optional[float] = None, seed: SeedLike = None, scale: str = "auto", auto_eta: Optional[bool] = None,
            source: Optional[str] = None, origin: Optional[dict] = None, **hyperparameters: float) -> Page:
    """An explorable page for a data set (or a saved run): drag the start, slide eta, and it re-runs live.

    Parameters
    ----------
    data_or_history : Dataset, History or None
        The points (when None, the tutorial's: ``make_data(seed)`` with seed 0 by default), or a
        History from :func:`gdviz.train` with a full-batch optimizer, whose data and
        settings (optimizer, hyperparameters, eta, epochs, scaling, starting line) the
        page starts from; then no other training option may be given.
    epochs, eta, optimizer, w0, w1, seed, scale, **hyperparameters
        As for :func:`gdviz.train`: the page's default run is the run ``train`` makes
        with them. ``optimizer`` is one of the full-batch ones (not sgd), ``epochs``
        at most 100,000. The hyperparameters apply to that optimizer; the others on
        the page keep their defaults.
    auto_eta : bool, optional
        The learning rate each *other* optimizer starts at when the reader picks it:
        ``eta="auto"`` for this data (True) or its fixed default (False). By default
        True when `eta` is "auto" (``gdviz explore --data`` passes True, as ``gdviz
        render --data`` uses auto).
    source : str, optional
        Where the data came from (a file name), shown on the page.
    origin : dict, optional
        How the data was read, for the page's "copy as Python": ``{"path": ..., "x": ..., "y": ...,
        "missing": ...}``, the CSV file and the columns given to ``gdviz explore --data`` (which
        passes them). Without it the page names the tutorial's data as
        ``gdviz.make_data(seed=...)`` and a Dataset by its points (at most 2,000 of them).

    Returns
    -------
    Page
        ``.html``, ``.save(path)``, and shown inline in Jupyter.

    Raises
    ------
    GdvizError
        Anything :func:`gdviz.train` refuses; ``optimizer="sgd"`` or more than 100,000
        epochs; a History together with training options, or one recorded from your
        own loop (``optimizer`` "custom", which the page cannot re-run: explore
        ``history.data`` instead).

    Warns
    -----
    GdvizWarning
        Whatever :func:`gdviz.train` warns of for the default run (an eta above the
        stability bound, a run that ends far from least squares, ...).

    Notes
    -----
    The SSE of a line depends on the data only through six sums (see
    :func:`gdviz.loss_surface`), so the page carries those, in the coordinates
    trained, and re-runs the optimizer from them in the browser: O(1) per epoch
    whatever N, with the numbers :func:`gdviz.train` computes to about 1e-12 (RMSprop
    only until it starts hopping, since its hops amplify a last-bit difference). The
    learning-rate slider is shaded above the stability bound: 2/lambda_max for gd,
    2(1+beta)/lambda_max for momentum, 2(1+beta)/((1+2 beta) lambda_max) for nesterov,
    with lambda_max the largest eigenvalue of H = [[N, sum x], [sum x, sum x^2]].

    Examples
    --------
    >>> page = gdviz.explore()                       # the tutorial's run, seed 0
    >>> page = gdviz.explore(gdviz.load_csv("cars.csv"), eta="auto")
    >>> page.save("cars.html")
    >>> gdviz.explore(history).save("run.html")      # a saved run's data and settings
    """
    if isinstance(data_or_history, History):
        given = {k: v for k, v in dict(epochs=epochs, eta=eta, optimizer=optimizer, w0=w0, w1=w1, seed=seed,
                                      scale=scale, auto_eta=auto_eta).items()
                 if v != {"epochs": 300, "optimizer": "gd", "scale": "auto"}.get(k)}
        if given or hyperparameters:
            names = ", ".join(f"`{k}`" for k in [*given, *hyperparameters])
            raise GdvizError(f"A History carries its own training settings, so {names} cannot change it; explore "
                             "its data (explore(history.data, ...)) to train anew.")
        return _from_history(data_or_history, source)
    tutorial = data_or_history is None
    if tutorial:  # the tutorial's page, as `gdviz explore` writes it
        seed = 0 if seed is None else seed
        data_or_history = make_data(seed=seed)
        source = source or "the tutorial's data"
    if not isinstance(data_or_history, Dataset):
        raise GdvizError("`data_or_history` must be a gdviz.Dataset or a gdviz.History; got "
                         f"{type(data_or_history).__name__}.")
    data = data_or_history
    epochs, eta_checked, name, hyper = check_training_options(epochs, eta, optimizer, hyperparameters)
    check_page_options(epochs, name)
    if seed is None and (w0 is None or w1 is None):
        # train() would draw a fresh start; draw the seed here so the page and train agree on it.
        seed = int(np.random.default_rng().integers(2**31))
    with warnings.catch_warnings(record=True) as caught:  # train's warnings, said as the caller's
        warnings.simplefilter("always")
        history = train(data, epochs=epochs, eta=eta, optimizer=name, w0=w0, w1=w1, seed=seed, scale=scale,
                        schedule=None, **hyperparameters)  # the page runs at one learning rate
    for w in caught:
        warnings.warn(w.message, w.category, stacklevel=2)
    moments = Moments.of(data)
    scaling = choose_scaling(moments, scale)
    start = start_line(moments, scaling, seed)
    start = (start[0] if w0 is None else float(w0), start[1] if w1 is None else float(w1))
    others = (eta_checked == "auto") if auto_eta is None else bool(auto_eta)
    named = _origin(data, origin, tutorial, seed, scale)
    named["seed_start"] = [float(v) for v in start_line(moments, scaling, seed)] if isinstance(seed, int) else None
    return _build(history, moments, scaling, start, name, hyper, others, source, named)


def _origin(data: Dataset, origin: Optional[dict], tutorial: bool, seed: SeedLike, scale: str) -> dict:
    """How the page's "copy as Python" names the data: the tutorial's seed, a file as it was read, or the points."""
    named = {"seed": int(seed) if isinstance(seed, (int, np.integer)) else None, "scale": scale}
    if tutorial:
        return {**named, "kind": "tutorial"}
    if origin and origin.get("path"):
        return {**named, "kind": "file", **{k: (None if origin.get(k) is None else str(origin[k]))
                                            for k in ("path", "x", "y", "missing")}}
    return {**named, **_points_origin(data)}


def _points_origin(data: Dataset) -> dict:
    """A Dataset given from Python: written out from the page's sample, which is every point, in order and at
    full precision, when there are at most MAX_SHOWN; else only its size."""
    names = {"x_name": str(data.x_name), "y_name": str(data.y_name), "n": len(data)}
    return {"kind": "points" if len(data) <= MAX_SHOWN else "unnamed", **names}


def _from_history(history: History, source: Optional[str]) -> Page:
    meta = history.meta
    name = meta.get("optimizer")
    if name == "custom" or not isinstance(name, str) or name not in optimizers.OPTIMIZERS:
        raise GdvizError("This history was recorded from your own loop (a Recorder), so the page cannot re-run it "
                         "from the sums; explore its data instead (gdviz explore --data FILE.csv, or "
                         "gdviz.explore(history.data)).")
    if name not in PAGE_OPTIMIZERS:
        raise GdvizError(f"This history was trained with {name} (mini-batch), which needs the points in every epoch, "
                         "so the page cannot re-run it from the sums; explore its data with a full-batch optimizer "
                         f"instead (gdviz explore --data FILE.csv --optimizer gd, or gdviz.explore(history.data)).")
    if history.etas is not None:
        raise GdvizError(f"This history was trained with the learning-rate schedule {meta.get('schedule')}, and the "
                         "page re-runs a run at one learning rate; explore its data instead (gdviz explore --data "
                         "FILE.csv, or gdviz.explore(history.data)).")
    epochs = int(meta.get("epochs") or len(history))
    check_page_options(epochs, name)
    hyper = optimizers.check_hyperparameters(name, meta.get("hyperparameters") or {})
    moments = Moments.of(history.data)
    if history.scaled:
        shift, scale = float(meta.get("x_shift", 0.0)), float(meta.get("x_scale", 1.0))
        policy = "center" if meta.get("scale") == "center" else "standardize"
        scaling = Scaling(policy, shift, scale, str(meta.get("scale_reason", "")))
    else:
        scaling = Scaling("none", 0.0, 1.0, str(meta.get("scale_reason", "")))
    start = (float(history.intercept[0]), float(history.slope[0]))
    others = str(meta.get("eta_reason", "")).startswith("auto")
    named = {"seed": None, "seed_start": None, "scale": "standardize" if scaling.active else "none",
             **_points_origin(history.data)}
    return _build(history, moments, scaling, start, name, hyper, others, source, named)


def _bound_words(cls: type[optimizers.Optimizer]) -> Optional[str]:
    """The stability bound as the page writes it: 2(1+β)/λmax."""
    text = cls.bound_formula
    if text is None:
        return None
    return (text.replace("lambda_max(H)", "λmax").replace("2 beta", "2β").replace("beta", "β"))


def _eta_range(eta: float, bound: Optional[float]) -> list:
    """The learning-rate slider's ends: whole decades around the default and the bound."""
    lo, hi = eta / 1e3, eta * 1e2
    if bound is not None:
        lo, hi = min(lo, bound / 1e4), max(hi, bound * 10)
    return [10.0 ** math.floor(math.log10(lo) + 1e-9), 10.0 ** math.ceil(math.log10(hi) - 1e-9)]


def _hex(rgb: Union[Sequence[float], np.ndarray]) -> str:
    return "#" + "".join(f"{int(round(255 * float(c))):02x}" for c in rgb[:3])


def _surface(trained: Moments, history: History, theme: Theme) -> dict:
    """The window (symmetric about the optimum), the contour levels and the band colours."""
    from matplotlib import colors as mcolors

    from .drawing.grid import READABLE_EXCESS, colormap, contour_levels, surface_window

    ow0, ow1, best = trained.optimum()
    path = (history.w0, history.w1)
    mirrored = (2.0 * ow0 - history.w0, 2.0 * ow1 - history.w1)  # room to start on either side
    xlim, ylim = surface_window([path, mirrored], trained, READABLE_EXCESS)
    levels = contour_levels(trained, xlim, ylim)[3]
    # contourf with a LogNorm colours each band by the geometric mean of its two levels.
    norm = mcolors.LogNorm(vmin=levels[0], vmax=levels[-1])
    rgba = colormap(theme)(norm(np.sqrt(levels[:-1]) * np.sqrt(levels[1:])))
    bg = np.array(mcolors.to_rgb(theme.background))
    a = theme.surface_alpha
    bands = [_hex(a * np.array(c[:3]) + (1 - a) * bg) for c in rgba]
    return {"w0": [float(v) for v in xlim], "w1": [float(v) for v in ylim], "levels": [float(v) for v in levels],
            "colors": bands}


def _fit_limits(data: Dataset, history: History) -> dict:
    """The data panel's limits: the data and the default run's lines, as the animation's fit panel."""
    from .drawing.grid import span

    x, y = data.x, data.y
    xlo, xhi = float(x.min()), float(x.max())
    if xhi == xlo:
        half = max(0.5, 0.05 * abs(xlo))
        xlo, xhi = xlo - half, xhi + half
    ends = np.concatenate([history.intercept + history.slope * e for e in (xlo, xhi)])
    ylo, yhi = float(y.min()), float(y.max())
    yspan = yhi - ylo
    if not yspan > 1e-12 * max(abs(ylo), abs(yhi)):
        yspan = max(0.2 * abs(yhi), 1.0)
    lines_lo = max(float(ends.min()), ylo - 1.5 * yspan)
    lines_hi = min(float(ends.max()), yhi + 1.5 * yspan)
    return {"ends": [xlo, xhi], "x": list(span(xlo, xhi, 0.04, 1e-12)),
            "y": list(span(min(ylo, lines_lo), max(yhi, lines_hi), 0.06, 1e-9))}


def _sample(data: Dataset) -> dict:
    n = len(data)
    x, y = data.x, data.y
    pick = None
    if n > MAX_SHOWN:
        pick = np.random.default_rng(0).choice(n, MAX_SHOWN, replace=False)
        x, y = x[pick], y[pick]
    shown = x.size
    residuals = np.arange(shown) if shown <= RESIDUALS_SHOWN else \
        np.sort(np.random.default_rng(0).choice(shown, RESIDUALS_SHOWN, replace=False))
    # At full precision: a point the reader moves is taken out of the sums exactly as it went in.
    out = {"x": [float(t) for t in x], "y": [float(t) for t in y], "of": n, "residuals": residuals.tolist()}
    if pick is not None:  # more than MAX_SHOWN: each shown point's row in the data (a moved point is named by it)
        out["rows"] = [int(i) for i in pick]
    return out


def _labels(x_name: str, y_name: str, scaling: Scaling, dates: bool = False) -> dict:
    """The panels' titles and axis labels, the animation's own (:func:`~gdviz.drawing.labels.panel_labels`)."""
    labels = panel_labels(x_name, y_name, scaled=scaling.active, shift=scaling.shift, scale=scaling.scale, dates=dates)
    return {name: list(labels[name]) for name in ("fit", "surface", "loss")}


def _moments_dict(m: Moments) -> dict:
    return {"n": int(m.n), "mean_x": m.mean_x, "mean_y": m.mean_y, "cxx": m.cxx, "cxy": m.cxy, "cyy": m.cyy,
            "constant_x": bool(m.constant_x)}


def _optimizer_entries(history: History, moments: Moments, trained: Moments, start_trained: tuple, name: str,
                       hyper: dict, others_auto: bool) -> list:
    """Every optimizer the page offers: its hyperparameters, learning rate for this data (and why), stability bound."""
    cond = Conditioning.of(trained)
    w0t, w1t = start_trained
    epochs = int(history.meta.get("epochs") or len(history))
    entries = []
    for key in PAGE_OPTIMIZERS:
        method = optimizers.make(key, **(hyper if key == name else {}))
        if key == name:
            eta, why = float(history.meta["eta"]), str(history.meta.get("eta_reason", "as given"))
        else:
            eta, why = settle_eta(method, "auto" if others_auto else None, epochs, moments, trained, w0t, w1t)
        if why.startswith("auto: "):  # computed once, for the page's default run: say so
            why = f"auto for the default start and {epochs:,} epochs: {why[len('auto: '):]}"
        bound = method.stability_bound(cond.lam_max)
        entries.append({"name": key, "hyperparameters": method.hyperparameters,
                        "spec": optimizers.format_spec(key, method.hyperparameters), "eta": float(eta),
                        "eta_reason": why, "bound": None if bound is None else float(bound),
                        "bound_formula": _bound_words(type(method)), "eta_range": _eta_range(float(eta), bound)})
    return entries


def _build(history: History, moments: Moments, scaling: Scaling, start: tuple, name: str, hyper: dict,
           others_auto: bool, source: Optional[str], origin: dict) -> Page:
    scale_policy = origin["scale"]  # how the scaling is chosen again for moved points (as gdviz.train would)
    theme = get_theme("light")
    trained = moments.scaled(scaling.shift, scaling.scale) if scaling.active else moments
    cond = Conditioning.of(trained)
    start_trained = scaling.to_trained(*start) if scaling.active else start
    entries = _optimizer_entries(history, moments, trained, start_trained, name, hyper, others_auto)
    epochs = int(history.meta.get("epochs") or len(history))
    b0, b1, best = trained.optimum()
    x_name = str(history.meta.get("x_name", history.data.x_name))
    y_name = str(history.meta.get("y_name", history.data.y_name))
    dates = bool(history.meta.get("x_dates") or getattr(history.data, "x_dates", False))
    from .version import __version__

    payload = {
        "gdviz": __version__,
        "source": source,
        "x_name": x_name,
        "y_name": y_name,
        "n": len(history.data),
        "moments": _moments_dict(moments),
        "trained": _moments_dict(trained),
        "scaled": scaling.active,
        "x_shift": float(scaling.shift),
        "x_scale": float(scaling.scale),
        "scale_reason": scaling.reason,
        "scale_policy": scale_policy,  # how the scaling is chosen again for moved points (as gdviz.train would)
        "auto_scale_condition": AUTO_SCALE_CONDITION,
        "optimum": [b0, b1, best],
        "optimum_data": [float(v) for v in moments.optimum()[:2]],
        "labels": _labels(x_name, y_name, scaling, dates),
        "lambda": [cond.lam_min, cond.lam_max],
        "spread": 0.5 * moments.cyy,
        "exact_fit": EXACT_FIT,
        "divergence_factor": DIVERGENCE_FACTOR,
        "tiny": float(np.finfo(float).tiny),
        "max_epochs": PAGE_MAX_EPOCHS,
        "curve_points": CURVE_POINTS,
        "motion_share": MOTION_SHARE,
        "x_dates": dates,
        "optimizers": entries,
        "default": {"w0": float(start[0]), "w1": float(start[1]), "eta": float(history.meta["eta"]), "opt": name,
                    "epochs": epochs, "epoch": len(history) - 1},
        "surface": _surface(trained, history, theme),
        "fit": _fit_limits(history.data, history),
        "sample": _sample(history.data),
        "theme": asdict(theme),
        "origin": origin,
    }
    return Page(_page_html(payload, theme), payload)


# -- the HTML -------------------------------------------------------------------------------

def _resource(name: str) -> str:
    return (resources.files("gdviz") / "page" / name).read_text(encoding="utf-8")


def page_scripts() -> list:
    """The page's script modules (``gdviz/page/js/NN-job.js``) as (name, text), in the order they run."""
    folder = resources.files("gdviz") / "page" / "js"
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".js"))
    return [(name, (folder / name).read_text(encoding="utf-8")) for name in names]


def page_script(payload: dict) -> str:
    """The page's one inline script: its data, then the modules in one function (no global but
    ``GDVIZ_DATA`` and ``window.gdviz``), then the start."""
    modules = "".join(text if text.endswith("\n") else text + "\n" for _, text in page_scripts())
    return ("const GDVIZ_DATA = " + _script_json(payload) + ";\n(function () {\n" + modules +
            "window.gdviz = gdvizPage.start(GDVIZ_DATA);\n})();\n")


def page_style(theme: Theme) -> str:
    """The page's style sheet: the theme's colours, fonts and sizes as CSS variables, then ``explore.css``."""
    return _css_variables(theme) + _resource("explore.css")


def page_markup() -> str:
    """The page's body without its script: the controls, the panels' canvases and the notes.

    Static markup with no user text (the script fills names in as text); the notebook
    widget puts it in its own shadow root.
    """
    html = _resource("explore.html")
    return html[html.index("<body>") + len("<body>"):html.index("<script>")]


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script>: no <, > or & (so no </script>), ASCII only."""
    text = json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _css_variables(theme: Theme) -> str:
    """The theme's colours and fonts as CSS custom properties (the style sheet holds no colour of its own)."""
    pt = 96 / 72
    values = {
        "bg": theme.background, "text": theme.text, "muted": theme.muted_text, "grid": theme.grid,
        "spine": theme.spine, "run": theme.run_color(0), "outline": theme.outline,
        "font": f'"{theme.font_family}", "Helvetica Neue", Arial, sans-serif',
        "mono": f'"{theme.mono_family}", Menlo, Consolas, monospace',
        "title-size": f"{theme.title_size * pt:.1f}px", "label-size": f"{theme.label_size * pt:.1f}px",
        "tick-size": f"{theme.tick_size * pt:.1f}px", "header-size": f"{theme.header_size * pt:.1f}px",
    }
    return ":root{" + "".join(f"--{k}:{v};" for k, v in values.items()) + "}\n"


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _page_html(payload: dict, theme: Theme) -> str:
    style = page_style(theme)
    script = page_script(payload)
    csp = f"default-src 'none'; script-src 'sha256-{_sha256(script)}'; style-src 'sha256-{_sha256(style)}'"
    what = payload["source"] or f"{payload['y_name']} against {payload['x_name']}"
    values = {"CSP": csp, "TITLE": _html.escape(f"gdviz explore: {what}", quote=True),
              "VERSION": _html.escape(payload["gdviz"], quote=True), "STYLE": style, "SCRIPT": script}
    # One pass over the template: what is filled in is never scanned again.
    return re.sub(r"@@([A-Z]+)@@", lambda m: values[m.group(1)], _resource("explore.html"))
