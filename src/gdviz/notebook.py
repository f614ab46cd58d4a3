"""The notebook widget: the explore page's panels and controls, live in a notebook, talking to Python.

:func:`widget` makes an `anywidget <https://anywidget.dev>`_ widget (Jupyter Notebook and
Lab, VS Code, Colab, and marimo through ``mo.ui.anywidget``) from the explore page's own
script modules: the same JSON object :func:`gdviz.explore` writes into the page, and
the same concatenation of ``gdviz/page/js/*.js``, run in the widget's own shadow root by
a small adapter (``gdviz/page/widget.js``) that keeps the page's state and the widget's
``state`` trait equal both ways. There is no second copy of the drawing or of the runs.

Nothing is loaded from the network: the widget's ES module is self-contained, and user
strings (column and file names) travel only inside the JSON trait, which the page's
script puts into the DOM as text.

anywidget is an optional dependency (``pip install "gdviz[widget]"``); importing gdviz
never imports it.
"""

from __future__ import annotations

import json
import math
import re
from importlib import resources
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from .data.dataset import Dataset, make_data
from .errors import GdvizError
from .explore import PAGE_MAX_EPOCHS, PAGE_OPTIMIZERS, explore, page_markup, page_scripts, page_style
from .history import History

if TYPE_CHECKING:
    from anywidget import AnyWidget

    from .drawing.animation import Animation

__all__ = ["widget", "widget_esm", "STATE_KEYS"]

#: The keys of the widget's ``state`` trait, in the page's order.
STATE_KEYS = ("w0", "w1", "eta", "optimizer", "epochs", "epoch")
#: The widget's height in the notebook, in CSS pixels (the page itself fills a browser window).
HEIGHT_PX = 700

#: The page's hint ends with the address bar, which the widget leaves alone; Python holds the state instead.
_ADDRESS_HINT = ("The address bar holds the whole state: copy it to share this moment.",
                 "Python reads and sets the whole state as the widget's state trait.")

_CLASS: Optional[type[AnyWidget]] = None  # made on first use
_ESM = None


def _shadow_style(style: str) -> str:
    """The page's style sheet for the widget's shadow root: ``:root`` is the host, ``body`` the widget's box."""
    style = style.replace(":root{", ":host{")
    style = re.sub(r"(?<![\w.#-])html, body(?![\w-])", ".gdviz-body", style)
    style = re.sub(r"(?<![\w.#-])body(?![\w-])", ".gdviz-body", style)
    return style + f"\n:host {{ display: block; }}\n.gdviz-body {{ height: {HEIGHT_PX}px; min-height: 0; }}\n"


def widget_esm() -> str:
    """The widget's one ES module: the page's style and markup, its script modules in one function, the adapter.

    Returns
    -------
    str
        JavaScript for anywidget's ``_esm``: self-contained, no import, no network.
        ``gdvizModules(document, window, location, history)`` runs the page's modules
        (``gdviz/page/js/*.js``, in the order and the concatenation of the explore page)
        against those four objects and returns their namespace; the adapter
        (``gdviz/page/widget.js``) gives them stand-ins scoped to one widget.
    """
    global _ESM
    if _ESM is None:
        from .drawing.theme import get_theme

        modules = "".join(text if text.endswith("\n") else text + "\n" for _, text in page_scripts())
        adapter = (resources.files("gdviz") / "page" / "widget.js").read_text(encoding="utf-8")
        style = _shadow_style(page_style(get_theme("light")))
        _ESM = ("const GDVIZ_STYLE = " + json.dumps(style, ensure_ascii=True) + ";\n"
                "const GDVIZ_MARKUP = " + json.dumps(page_markup().replace(*_ADDRESS_HINT), ensure_ascii=True) + ";\n"
                "function gdvizModules(document, window, location, history) {\n" + modules +
                "return gdvizPage;\n}\n" + adapter)
    return _ESM


def widget(data_or_history: Union[Dataset, History, None] = None, **training_options: Any) -> AnyWidget:
    """The explore page as a live notebook widget: drag the start, slide eta, and Python sees the state.

    Parameters
    ----------
    data_or_history : Dataset, History or None
        As for :func:`gdviz.explore`: the points (None: the tutorial's, seed 0 by
        default), or a History of a full-batch optimizer, whose settings the widget
        starts from.
    **training_options
        Those of :func:`gdviz.explore` (``epochs``, ``eta``, ``optimizer``, ``w0``,
        ``w1``, ``seed``, ``scale``, ``auto_eta``, ``source`` and the optimizer's
        hyperparameters).

    Returns
    -------
    gdviz.notebook.Widget
        An ``anywidget.AnyWidget``. Its ``state`` trait is ``{"w0", "w1", "eta",
        "optimizer", "epochs", "epoch"}`` (w0, w1: the starting line in the data's
        units); it follows every drag and control, and setting it (whole or in part:
        ``w.state = {"eta": 0.004}``) redraws the widget. ``w.observe(callback,
        "state")`` is called on each change. ``w.history()`` trains that run in Python;
        ``w.animation(**options)`` animates it.

    Raises
    ------
    GdvizError
        anywidget is missing (``pip install "gdviz[widget]"``), or anything
        :func:`gdviz.explore` refuses.

    Examples
    --------
    >>> w = gdviz.widget(gdviz.load_csv("cars.csv"), eta="auto")
    >>> w                                  # the last line of a cell shows it
    >>> w.state = {"eta": 0.02, "optimizer": "momentum"}
    >>> w.history().loss[-1]
    >>> w.animation(preset="slides").save("my-run.mp4")
    """
    cls = _widget_class()
    options = dict(training_options)
    if data_or_history is None:  # the tutorial's data, as explore() makes it, kept here for history()
        options["seed"] = 0 if options.get("seed") is None else options["seed"]
        options.setdefault("source", "the tutorial's data")
        data_or_history = make_data(seed=options["seed"])
    if isinstance(data_or_history, History):
        data = data_or_history.data
    elif isinstance(data_or_history, Dataset):
        data = data_or_history
    else:
        raise GdvizError("`data_or_history` must be a gdviz.Dataset or a gdviz.History; got "
                         f"{type(data_or_history).__name__}.")
    page = explore(data_or_history, **options)
    d = page.data["default"]
    state = {"w0": d["w0"], "w1": d["w1"], "eta": d["eta"], "optimizer": d["opt"], "epochs": d["epochs"],
             "epoch": d["epoch"]}
    return cls(data, page.data, state)


def _widget_class() -> type[AnyWidget]:
    """The widget's class, made on first use (anywidget is imported only then)."""
    global _CLASS
    if _CLASS is None:
        try:
            import anywidget
            import traitlets
        except ImportError:
            raise GdvizError("gdviz.widget needs anywidget, an optional dependency: pip install \"gdviz[widget]\" "
                             "(or pip install anywidget).") from None
        _CLASS = _make_class(anywidget, traitlets)
    return _CLASS


def _make_class(anywidget: Any, traitlets: Any) -> type[AnyWidget]:  # the two modules, imported late
    class Widget(anywidget.AnyWidget):
        """The explore page in a notebook (see :func:`gdviz.widget`)."""

        _esm = widget_esm()
        _data = traitlets.Dict().tag(sync=True)
        state = traitlets.Dict().tag(sync=True)

        def __init__(self, data: Dataset, payload: dict, state: dict) -> None:
            self._dataset = data
            self._entries = {o["name"]: o for o in payload["optimizers"]}
            self._scale = "standardize" if payload["scaled"] else "none"
            super().__init__(_data=payload, state=state)

        @traitlets.validate("state")
        def _valid_state(self, proposal: Any) -> dict:
            return check_state(proposal["value"], self.state or None, self._entries)

        def history(self) -> History:
            """:func:`gdviz.train` at the widget's state: the run the widget shows, trained in Python."""
            s = self.state
            hyper = self._entries[s["optimizer"]]["hyperparameters"]
            from .training.train import train

            return train(self._dataset, epochs=s["epochs"], eta=s["eta"], optimizer=s["optimizer"], w0=s["w0"],
                         w1=s["w1"], scale=self._scale, **hyper)

        def animation(self, **options: Any) -> Animation:
            """The :class:`gdviz.Animation` of :meth:`history` (options as for Animation), to save or show."""
            from .drawing.animation import Animation

            return Animation(self.history(), **options)

    Widget.__module__ = __name__
    return Widget


def check_state(value: Any, current: Optional[dict], entries: dict) -> dict:
    """A new `state` for the widget, checked and completed from `current`; a GdvizError says what is wrong.

    Parameters
    ----------
    value : dict
        Some or all of :data:`STATE_KEYS`.
    current : dict or None
        The state now (None while the widget is made: then `value` must be whole).
    entries : dict
        The page's optimizers by name (their ``eta``: an optimizer chosen without an
        eta brings its own, as on the page).

    Returns
    -------
    dict
        The whole state; the epoch shown is at most ``epochs - 1``.
    """
    if not isinstance(value, dict):
        raise GdvizError(f"The widget's `state` is a dict with keys {', '.join(STATE_KEYS)}; got "
                         f"{type(value).__name__}.")
    unknown = [k for k in value if k not in STATE_KEYS]
    if unknown:
        raise GdvizError(f"The widget's `state` has no key {unknown[0]!r}; its keys are {', '.join(STATE_KEYS)}.")
    out = dict(current or {})
    given = dict(value)
    if current and "optimizer" in given and given["optimizer"] != current.get("optimizer") and "eta" not in given:
        name = given["optimizer"]
        if name in entries:
            given["eta"] = entries[name]["eta"]
    out.update(given)
    missing = [k for k in STATE_KEYS if k not in out]
    if missing:
        raise GdvizError(f"The widget's `state` needs {', '.join(missing)}.")
    for key in ("w0", "w1", "eta"):
        v = out[key]
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) or not math.isfinite(v):
            raise GdvizError(f"The widget's state `{key}` must be a finite number; got {v!r}.")
        out[key] = float(v)
    if not out["eta"] > 0:
        raise GdvizError(f"The widget's state `eta` must be a number > 0; got {out['eta']!r}.")
    if out["optimizer"] not in PAGE_OPTIMIZERS:
        raise GdvizError(f"The widget's state `optimizer` must be one of {', '.join(PAGE_OPTIMIZERS)}; got "
                         f"{out['optimizer']!r}.")
    for key, lo, hi in (("epochs", 1, PAGE_MAX_EPOCHS), ("epoch", 0, PAGE_MAX_EPOCHS - 1)):
        v = out[key]
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not lo <= v <= hi:
            raise GdvizError(f"The widget's state `{key}` must be a whole number from {lo} to {hi:,}; got {v!r}.")
        out[key] = int(v)
    out["epoch"] = min(out["epoch"], out["epochs"] - 1)
    return {k: out[k] for k in STATE_KEYS}


def __getattr__(name: str) -> Any:
    if name == "Widget":  # the class, made on first use (it needs anywidget)
        return _widget_class()
    raise AttributeError(f"module 'gdviz.notebook' has no attribute {name!r}")
