"""Fixtures for node's tests of the explore page's script (tests/js/*.test.js).

The page's script (src/gdviz/page/js/) mirrors Python functions: the runs of every
full-batch optimizer, tick labels, readouts, the gap to least squares, the scaling, curve
thinning and pacing, arrow polygons. This module runs those Python functions on chosen
inputs and writes inputs and answers as JSON in tests/js/fixtures/; node's tests hold the
script to them, and need no Python. tests/test_page_js.py builds them again in memory and
fails when a committed file is stale. After changing one of these Python functions (or a
case below), write them again:

    python tests/js/write_fixtures.py
"""

from __future__ import annotations

import contextlib
import importlib
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np

# -- every gdviz internal the fixtures use, in one place (modules may move) -------------------
import gdviz
from gdviz.training.diagnostics import EXACT_FIT, Scaling, choose_scaling, describe_gap, gap_reference, relative_gap
from gdviz.explore import explore
from gdviz.data.moments import Moments
from gdviz.drawing.panels.base import arrow_polygons
from gdviz.drawing.schedule import CURVE_POINTS, MOTION_SHARE, curve_rows
from gdviz.drawing.schedule import progress as schedule_progress  # the animation's pacing, which the page's playback mirrors
from gdviz.drawing.text import fixed_width, readable
from gdviz.drawing.tickformat import date_ticks, format_axis, label
from gdviz.drawing.mathstext import epoch_numbers, maths_lines

TRAINER = importlib.import_module("gdviz.training.train")  # its FAST_WORK = 0 puts every run on the moments path
# ---------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path(__file__).resolve().parent / "fixtures"
CARS = ROOT / "tests" / "data" / "cars.csv"


@contextlib.contextmanager
def _on_moments():
    """gdviz.train on its moments path (what long runs on many points take), and no warnings."""
    old = TRAINER.FAST_WORK
    TRAINER.FAST_WORK = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        TRAINER.FAST_WORK = old


def _rows(history) -> dict:
    return {"w0": history.w0.tolist(), "w1": history.w1.tolist(), "loss": history.loss.tolist(),
            "diverged_at": history.meta.get("diverged_at")}


# -- runs ---------------------------------------------------------------------------------

def _data_runs(data, page_options: dict, extra: list) -> dict:
    """Every optimizer as the page offers it (its eta for this data, the page's default start), and `extra` runs.

    `train` is what gdviz.train returns (the points path on these small data sets), except
    for rmsprop, whose hops amplify a last-bit difference: there, as in `moments`, the moments path.
    """
    page = explore(data, seed=0, **page_options).data
    start = page["default"]
    cases = [dict(optimizer=o["name"], hyperparameters=o["hyperparameters"], eta=o["eta"], w0=start["w0"],
                  w1=start["w1"], epochs=start["epochs"]) for o in page["optimizers"]]
    by_name = {o["name"]: o for o in page["optimizers"]}
    for case in extra:
        cases.append(dict(hyperparameters=by_name[case["optimizer"]]["hyperparameters"], w0=start["w0"],
                          w1=start["w1"], **case))
    for case in cases:
        kwargs = dict(epochs=case["epochs"], eta=case["eta"], optimizer=case["optimizer"], w0=case["w0"],
                      w1=case["w1"], seed=0, scale=page_options.get("scale", "auto"))
        with _on_moments():
            case["moments"] = _rows(gdviz.train(data, **kwargs))
        if case["optimizer"] == "rmsprop":
            case["train"], case["reference"] = case["moments"], "moments"
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                case["train"], case["reference"] = _rows(gdviz.train(data, **kwargs)), "train"
    return {"bowl": page["trained"], "scaling": {"active": page["scaled"], "shift": page["x_shift"],
                                                 "scale": page["x_scale"]},
            "rule": {"divergence_factor": page["divergence_factor"], "tiny": page["tiny"]}, "cases": cases}


def runs() -> dict:
    """The tutorial's data (make_data's defaults, seed 0) and cars.csv, every full-batch optimizer; some diverge."""
    tutorial = gdviz.make_data(seed=0)
    cars = gdviz.load_csv(CARS)
    return {
        "tutorial": _data_runs(tutorial, {}, [dict(optimizer="gd", eta=0.0085, epochs=120),  # diverges at 45
                                              dict(optimizer="momentum", eta=0.05, epochs=100)]),
        "cars": _data_runs(cars, {"eta": "auto"}, [dict(optimizer="nesterov", eta=0.2, epochs=60)]),
    }


# -- tick labels --------------------------------------------------------------------------

def _ranges() -> list:
    """A few hundred axis ranges: each decade, 10⁻¹⁵ to 10²⁰, centred, offset and negative; the suffix edges."""
    out = []
    for e in range(-15, 21):
        unit = 10.0 ** e
        for span in (1.0, 3.3, 7.0):
            for lo in (0.0, -0.5 * span, 5.0, -123.0):
                out.append((lo * unit, (lo + span) * unit))
    for edge in (1e-3, 1e3, 1e6, 1e9, 1e12):
        for f in (0.98, 0.999, 1.0, 1.001, 1.3):
            out.append((0.0, edge * f))
            out.append((-edge * f, 0.25 * edge))
    out += [(-1e12, 1e12), (5e11, 1.5e12), (0.0, 9.99e11), (-3e6, -1e6), (999.5, 1000.5), (1e15, 1e15 + 2000)]
    return out


def _axis(ax, lo: float, hi: float) -> dict:
    """The ticks matplotlib axes `ax` from lo to hi gets with gdviz's format_axis, and their labels."""
    ax.set_xlim(lo, hi)
    format_axis(ax.xaxis, lo, hi)
    ticks = [float(t) for t in ax.xaxis.get_major_locator()() if lo <= t <= hi]
    formatter = ax.xaxis.get_major_formatter()
    labels = formatter.format_ticks(ticks)
    return {"lo": lo, "hi": hi, "big": max(abs(lo), abs(hi)), "step": formatter.step, "ticks": ticks, "labels": labels}


def _date_ranges() -> list:
    """Decimal-year ranges for every kind of date axis: decades, years, months, days, hours, minutes."""
    out = [(1900.0, 2020.0), (1974.378, 1979.995), (2019.2, 2023.7), (2000.0, 2002.5), (1999.9, 2002.6),
           (1850.3, 1851.0), (2020.0, 2020.5), (2019.5, 2021.2), (2023.9, 2024.1), (2020.1, 2020.35),
           (2024.0, 2024.1), (2020.15, 2020.2), (2021.5, 2021.51), (1900.16, 2000.0), (1600.0, 2400.0),
           (2020.2, 2020.2055), (2000.1, 2000.103), (2023.999, 2024.0005), (2020.5, 2020.50001),
           (1999.99999, 2000.00001), (2001.123456, 2001.12348), (2016.16, 2016.1625), (1, 3000)]
    for year in (1900, 2000, 2019, 2020, 2100):
        for start, span in ((0.0, 0.2), (0.13, 0.03), (0.41, 0.004), (0.77, 0.0015), (0.5, 0.00009)):
            out.append((year + start, year + start + span))
    return out


def ticks() -> dict:
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    log = [m * 10.0 ** e for e in range(-40, 41) for m in (1.0, 2.0, 5.0)] + [1e100, 1e-100, 1e300]
    return {
        "axes": [_axis(ax, lo, hi) for lo, hi in _ranges()],
        "log": [[v, label(v, abs(v), 0.0)] for v in log],  # decades on a log axis: each labelled at its own size
        "dates": [dict(zip(("lo", "hi", "ticks", "labels"), (float(lo), float(hi), *date_ticks(float(lo), float(hi)))))
                  for lo, hi in _date_ranges()],
    }


# -- numbers as text ------------------------------------------------------------------------

def _text(v: float) -> str:
    return repr(float(v))  # "inf", "nan" and "-0.0" too; node reads them back exactly


def _values() -> list:
    plain = [0.0, -0.0, math.inf, -math.inf, math.nan, 0.125, 0.375, 2.5, -2.5, 1.0625, 12345000.0, 9999999.0,
             1e7, 0.001, 0.00099999, 0.0009995, 999.99995, 123456.5, 1e-300, 1.5e300, 2.0 ** -20, 67710.0, 0.9792]
    logs = [s * m * 10.0 ** e for e in range(-12, 16, 1) for m in (1.0, 1.23456789, 9.99995, 5.5) for s in (1, -1)]
    return plain + logs


def numbers() -> dict:
    values = _values()
    arrays = [[0.5, -3.2], [12345.6789, 1.0], [1e6], [0.0], [1e-4, -2e-4], [999.99995], [1e-3, 0.5], [42.98, -20.678],
              [0.9999, 0.00001], [999999.9], [1.234e-3], [3.0e9, -1.0], [2.5, 0.125, -0.375], []]
    probes = [0.0, -0.0, 0.125, -2.5, 1.0, -1234.5678, 0.5e-3, 7.77777, 1e5]
    return {
        "readable": [[_text(v), d, readable(v, d)] for v in values for d in (3, 4)],
        "fixed_width": [{"of": [_text(v) for v in a], "values": [_text(v) for v in a + probes],
                         "texts": [fixed_width(np.array(a, dtype=float))(v) for v in a + probes]} for a in arrays],
        # Python's own formats, which gdviz's text is written in (round half to even on exact ties)
        "formats": [[_text(v), spec, format(v, spec)] for v in values
                    for spec in (".0f", ".2f", ".3f", ".6f", ".0e", ".3e", ".3g", ".4g", ".6g")
                    if not (spec.endswith("f") and abs(v) >= 1e21)],
    }


def gap() -> dict:
    cases = []
    for best in (0.9243, 5677.0, 0.0, 1e-20, 3.0e9):
        for final in (best, best * (1 + 1e-12), best * (1 + 1.54e-14), best * (1 + 9.9e-5), best * (1 + 2e-4),
                      best * 1.0594, best * 9.99, best * 10.0, best * 1e4 + 1.0, 0.5, 2e-7):
            for spread, initial in ((76.54, 734.3), (0.0, 12.5), (0.0, 0.0)):
                reference = gap_reference(best, spread, initial)
                g = relative_gap(final, best, reference)
                cases.append({"final": final, "best": best, "spread": spread, "initial": initial,
                              "reference": reference, "gap": g, "text": describe_gap(final, best, g)})
    return {"exact_fit": EXACT_FIT, "tiny": float(np.finfo(float).tiny), "cases": cases}


# -- scaling, curves, pacing, arrows ----------------------------------------------------------

def scaling() -> dict:
    lines = [(0.0, 0.0), (1.5, -2.25), (-17.58, 3.932), (1e6, -3e-4), (0.1, 0.2)]
    scalings = [Scaling("none", 0.0, 1.0, ""), Scaling("standardize", 15.4, 5.2354, ""),
                Scaling("standardize", 1977.2, 1.634, ""), Scaling("standardize", -3.5, 1.0, ""),
                choose_scaling(Moments.of(gdviz.load_csv(CARS)), "auto")]
    to_trained = [{"shift": s.shift, "scale": s.scale, "active": s.active, "w0": w0, "w1": w1,
                   "trained": list(s.to_trained(w0, w1))} for s in scalings for w0, w1 in lines]
    to_data = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for data, scale in ((gdviz.load_csv(CARS), "auto"), (gdviz.load_csv(CARS), "none"),
                            (gdviz.make_data(seed=0), "standardize"), (gdviz.make_data(seed=0), "none")):
            h = gdviz.train(data, epochs=60, eta="auto", seed=1, scale=scale)
            to_data.append({"shift": float(h.meta.get("x_shift", 0.0)), "scale": float(h.meta.get("x_scale", 1.0)),
                            "active": bool(h.scaled), "w0": h.w0.tolist(), "w1": h.w1.tolist(),
                            "intercept": h.intercept.tolist(), "slope": h.slope.tolist()})
    return {"to_trained": to_trained, "to_data": to_data}


def curves() -> dict:
    lengths = [1, 2, 300, CURVE_POINTS - 1, CURVE_POINTS, CURVE_POINTS + 1, 2500, 4801, 10_000, 12_345, 65_536,
               99_999, 100_000]
    rows = [{"n": n, "rows": None if n <= CURVE_POINTS else curve_rows(n, np.empty(0, dtype=np.int64)).tolist()}
            for n in lengths]
    pacing = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for data, kwargs in ((gdviz.make_data(seed=0), dict(epochs=300, eta=0.001)),
                             (gdviz.make_data(seed=0), dict(epochs=300, optimizer="momentum", eta=0.004)),
                             (gdviz.load_csv(CARS), dict(epochs=120, eta="auto", optimizer="adam")),
                             (gdviz.make_data(seed=0), dict(epochs=120, eta=0.0085))):
            h = gdviz.train(data, seed=0, **kwargs)
            progress = schedule_progress(h.w0, h.w1)
            pacing.append({"w0": h.w0.tolist(), "w1": h.w1.tolist(), "progress": progress.tolist()})
    for w0, w1 in (([0.5], [1.5]), ([1.0, 1.0, 1.0], [2.0, 2.0, 2.0]), ([0.0, 1.0, 1.0, 3.0], [5.0, 5.0, 4.0, 4.0])):
        w0, w1 = np.array(w0), np.array(w1)
        pacing.append({"w0": w0.tolist(), "w1": w1.tolist(), "progress": schedule_progress(w0, w1).tolist()})
    return {"curve_points": CURVE_POINTS, "rows": rows, "motion_share": MOTION_SHARE, "pacing": pacing}


def drawing() -> dict:
    tails = np.array([[100.0, 50.0], [10.0, 10.0], [0.0, 0.0], [33.3, -7.5], [5.0, 5.0]])
    vectors = np.array([[40.0, -30.0], [2.0, 1.0], [0.0, 0.0], [-120.5, 77.25], [0.0, -9.0]])
    polygons = arrow_polygons(tails, vectors, 3.0, 12.6, 15.0)
    arrows = [{"tail": t.tolist(), "vector": v.tolist(), "width": 3.0, "head_width": 12.6, "head_length": 15.0,
               "polygon": p.tolist() if np.hypot(*v) > 0 else []} for t, v, p in zip(tails, vectors, polygons)]
    return {"arrows": arrows}


# -- the maths text ------------------------------------------------------------------------

def _maths_case(history, k: int) -> dict:
    numbers = epoch_numbers(history, k)
    numbers = json.loads(json.dumps(numbers))  # as the page holds them: tuples as lists
    return {"numbers": numbers, "lines": maths_lines(numbers)}


def maths() -> dict:
    """The maths panel's lines for every optimizer (sgd too), on scaled data, at the last row and without an eta;
    and, for the page's runs (the moments path), the epoch numbers a page run must give."""
    tutorial, cars = gdviz.make_data(seed=0), gdviz.load_csv(CARS)
    cases = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in TRAINER.OPTIMIZER_NAMES:
            history = gdviz.train(tutorial, optimizer=name, epochs=40, seed=0)
            cases += [_maths_case(history, k) for k in (0, 1, 17, 39)]
            scaled = gdviz.train(cars, optimizer=name, epochs=30, eta="auto", seed=0)
            cases += [_maths_case(scaled, k) for k in (0, 12, 29)]
        diverged = gdviz.train(tutorial, optimizer="gd", eta=0.0085, epochs=120, seed=0)
        cases.append(_maths_case(diverged, len(diverged) - 1))
    rec = gdviz.Recorder(tutorial)
    for w0, w1 in ((1.0, -2.0), (1.2, -1.5)):
        r = w1 * tutorial.x + w0 - tutorial.y
        rec.record(w0=w0, w1=w1, loss=0.5 * float(r @ r), grad_w0=float(r.sum()), grad_w1=float(r @ tutorial.x))
    cases += [_maths_case(rec.history(), k) for k in (0, 1)]
    page_runs = []
    for data, options in ((tutorial, {}), (cars, {"eta": "auto"})):
        for case in _data_runs(data, options, [])["cases"]:
            kwargs = dict(epochs=case["epochs"], eta=case["eta"], optimizer=case["optimizer"], w0=case["w0"],
                          w1=case["w1"], seed=0, scale="auto")
            with _on_moments():
                history = gdviz.train(data, **kwargs)
            rows = (0, 1, 2, len(history) // 2, len(history) - 1)
            page_runs.append({"data": "tutorial" if data is tutorial else "cars", "optimizer": case["optimizer"],
                              "eta": case["eta"], "epochs": case["epochs"],
                              "numbers": [json.loads(json.dumps(epoch_numbers(history, k))) for k in rows]})
    return {"cases": cases, "page_runs": page_runs}


def page() -> dict:
    """The tutorial's page's JSON, as gdviz explore writes it (the state's tests start from it)."""
    return explore(seed=0).data


FIXTURES = {"page": page, "runs": runs, "ticks": ticks, "numbers": numbers, "gap": gap, "scaling": scaling,
            "curves": curves, "drawing": drawing, "maths": maths}


def dump(value) -> str:
    """JSON, one case of each list of cases per line (small diffs, a readable file)."""
    def one(v):
        return json.dumps(v, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    def block(v, indent):
        pad = " " * indent
        if isinstance(v, dict) and any(isinstance(x, (dict, list)) for x in v.values()):
            items = [f'{pad} {one(k)}: {block(x, indent + 1).lstrip()}' for k, x in v.items()]
            return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(v, list) and v and all(isinstance(x, (dict, list)) for x in v):
            return pad + "[\n" + ",\n".join(pad + " " + one(x) for x in v) + "\n" + pad + "]"
        return pad + one(v)

    return block(value, 0) + "\n"


def build() -> dict:
    """Every fixture's text, by file name."""
    return {f"{name}.json": dump(make()) for name, make in FIXTURES.items()}


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    for name, text in build().items():
        (FOLDER / name).write_text(text, encoding="utf-8")
        print(f"wrote {FOLDER / name} ({len(text.encode('utf-8')):,} bytes)")


if __name__ == "__main__":
    sys.exit(main())
