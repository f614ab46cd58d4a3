"""Real data on any scale: scaling, eta="auto", and the diagnostics train() gives."""

import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import gdviz
from gdviz.training.diagnostics import AUTO_SCALE_CONDITION, Conditioning, choose_scaling
from gdviz.data.moments import Moments

DATA = Path(__file__).parent / "data"

#: (file, columns, how x is spread): the shipped tables, x on very different scales.
DATASETS = [
    ("cars.csv", {}, "tens"),
    ("forbes.csv", {}, "hundreds, narrow"),
    ("longley.csv", {"x": "year", "y": "employed"}, "thousands (years)"),
    ("hubble.csv", {}, "negative to a thousand"),
    ("anscombe.csv", {"x": "x1", "y": "y1"}, "units"),
    ("co2_weekly.csv", {"x": "date"}, "dates: decimal years 1974 to 1980, gaps dropped"),
]


def load(name, columns):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gdviz.GdvizWarning)  # co2_weekly.csv: "dropped 6 rows ..."
        return gdviz.load_csv(DATA / name, **columns)


def lstsq(data):
    a = np.column_stack([np.ones(len(data)), data.x])
    (b0, b1), *_ = np.linalg.lstsq(a, data.y, rcond=None)
    return b0, b1, 0.5 * float(np.sum((data.y - b1 * data.x - b0) ** 2))


def quiet_train(data, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return gdviz.train(data, **kwargs)


@pytest.mark.parametrize("name, columns, scale", DATASETS, ids=[d[0] for d in DATASETS])
def test_auto_converges_on_real_data_and_the_line_is_in_data_units(name, columns, scale):
    data = load(name, columns)
    b0, b1, best = lstsq(data)
    h = quiet_train(data, eta="auto", seed=0)  # no warning either
    assert len(h) == 300 and np.isfinite(h.loss).all()
    assert h.loss[-1] <= 1.01 * best
    assert h.meta["gap"] == pytest.approx((h.loss[-1] - best) / best, rel=1e-6, abs=1e-12)
    assert h.slope[-1] == pytest.approx(b1, rel=2e-3)
    assert h.intercept[-1] == pytest.approx(b0, rel=2e-3, abs=2e-3 * abs(b1) * np.abs(data.x).max())
    # Trained on standardised x: the Hessian went from ill conditioned to N times the identity.
    m = h.meta
    assert m["scale"] == "standardize" and m["condition_number_data"] > AUTO_SCALE_CONDITION
    assert m["condition_number"] == pytest.approx(1.0)
    assert m["x_shift"] == pytest.approx(data.x.mean()) and m["x_scale"] == pytest.approx(data.x.std())
    assert m["eta"] < m["eta_max"] and m["eta_reason"].startswith("auto:")
    # loss is the SSE in the data's own units of the line (intercept, slope) at every epoch.
    for k in (0, 7, 299):
        direct = 0.5 * np.sum((data.y - h.slope[k] * data.x - h.intercept[k]) ** 2)
        assert h.loss[k] == pytest.approx(direct, rel=1e-9)
    # w0, w1 and the gradients are those of the coordinates trained.
    xs = (data.x - m["x_shift"]) / m["x_scale"]
    k = 3
    resid = h.w1[k] * xs + h.w0[k] - data.y
    assert h.grad_w0[k] == pytest.approx(resid.sum(), rel=1e-9, abs=1e-9 * np.abs(resid).sum())
    assert h.grad_w1[k] == pytest.approx(resid @ xs, rel=1e-9, abs=1e-9 * np.abs(resid * xs).sum())
    assert np.allclose(h.w1, h.slope * m["x_scale"])


@pytest.mark.parametrize("name, columns, scale", DATASETS, ids=[d[0] for d in DATASETS])
def test_auto_eta_shows_a_descent_not_a_jump(name, columns, scale):
    data = load(name, columns)
    best = lstsq(data)[2]
    h = gdviz.train(data, eta="auto", seed=1)
    excess = h.loss - best
    assert excess[1] > 0.5 * excess[0]               # the first step does not land near the optimum
    assert np.argmax(excess < 0.5 * excess[0]) >= 5  # halving the excess takes several epochs
    assert np.all(np.diff(h.loss) <= 1e-9 * h.loss[0])  # stable: the SSE only falls


def test_the_tutorial_still_trains_on_x_as_given(tutorial_data):
    h = gdviz.train(tutorial_data, seed=0)
    assert h.meta["scale"] == "none" and "x_shift" not in h.meta and "x_scale" not in h.meta
    assert h.meta["condition_number"] == pytest.approx(Conditioning.of(Moments.of(tutorial_data)).condition_number)
    assert h.meta["condition_number"] < AUTO_SCALE_CONDITION
    assert 0.02 < h.meta["gap"] < 0.1  # a few percent above least squares: the tutorial's lesson
    assert np.array_equal(h.slope, h.w1) and np.array_equal(h.intercept, h.w0)
    # eta="auto" on the tutorial's data: stable, and it gets there.
    auto = quiet_train(tutorial_data, eta="auto", seed=0)
    assert auto.meta["eta"] < auto.meta["eta_max"] and auto.meta["gap"] < 0.01


def test_scale_policies_can_be_forced(tutorial_data):
    cars = load("cars.csv", {})
    forced = gdviz.train(tutorial_data, seed=0, scale="standardize", eta="auto")
    assert forced.meta["scale"] == "standardize" and forced.meta["condition_number"] == pytest.approx(1)
    assert forced.slope[-1] == pytest.approx(gdviz.least_squares(tutorial_data)[1], rel=1e-3)
    raw = gdviz.train(cars, seed=0, scale="none", eta="auto", epochs=20)
    speed = np.loadtxt(DATA / "cars.csv", delimiter=",", skiprows=1)[:, 0]  # the file's own numbers
    ones_x = np.column_stack([np.ones_like(speed), speed])
    lam_min, lam_max = np.linalg.eigvalsh(ones_x.T @ ones_x)  # the Hessian X^T X on x as given
    assert raw.meta["scale"] == "none" and raw.meta["condition_number"] == pytest.approx(lam_max / lam_min, rel=1e-9)
    assert lam_max / lam_min == pytest.approx(2571.8, rel=1e-4)  # the README's table: 2.6e3
    assert raw.meta["eta"] == pytest.approx(1 / Conditioning.of(Moments.of(cars)).lam_max)
    assert "1/lambda_max" in raw.meta["eta_reason"]
    with pytest.raises(gdviz.GdvizError, match="scale"):
        gdviz.train(cars, scale="minmax")
    with pytest.raises(gdviz.GdvizError, match="eta"):
        gdviz.train(cars, eta="fast")


@pytest.mark.filterwarnings("ignore:After:gdviz.GdvizWarning")  # short runs, on purpose
def test_initial_weights_are_in_data_units():
    cars = load("cars.csv", {})
    h = gdviz.train(cars, w0=-10.0, w1=2.0, epochs=5, eta="auto")
    assert h.meta["scale"] == "standardize"
    assert h.intercept[0] == pytest.approx(-10.0) and h.slope[0] == pytest.approx(2.0)
    only_slope = gdviz.train(cars, w1=0.5, epochs=2, seed=0)
    default = gdviz.train(cars, epochs=2, seed=0)
    assert only_slope.slope[0] == pytest.approx(0.5) and only_slope.intercept[0] == pytest.approx(default.intercept[0])


@pytest.mark.filterwarnings("ignore:After:gdviz.GdvizWarning")  # short runs, on purpose
def test_the_default_start_is_a_visibly_bad_line_on_any_scale():
    for name, columns, _ in DATASETS:
        data = load(name, columns)
        h = gdviz.train(data, epochs=1, seed=0)
        b1 = lstsq(data)[1]
        assert np.sign(h.slope[0]) == -np.sign(b1)  # against the trend, as the tutorial's line is
        at_mean = h.intercept[0] + h.slope[0] * data.x.mean()
        below = (data.y.mean() - at_mean) / data.y.std()
        assert 0.5 < below < 3.5  # below the points by 0.6 to 3.4 sd of y, as in the tutorial


def test_an_eta_above_the_stability_bound_warns_and_the_run_stops_with_finite_rows():
    cars = load("cars.csv", {})
    with pytest.warns(gdviz.GdvizWarning) as record:
        h = gdviz.train(cars, eta=0.05, epochs=200, seed=0)  # the bound on standardised x is 2/50
    text = [str(w.message) for w in record]
    assert any("stability bound" in t and "0.04" in t and "0.05" in t for t in text)
    assert any("diverged" in t and f"epoch {len(h)}" in t for t in text)
    assert 1 < len(h) < 200 and h.meta["diverged_at"] == len(h)
    assert np.isfinite(h.loss).all() and h.loss[-1] <= 1e6 * h.loss[0]
    assert not any("above the least-squares" in t for t in text)  # divergence says it all


def test_a_large_gap_warns_with_what_to_change():
    forbes = load("forbes.csv", {})
    with pytest.warns(gdviz.GdvizWarning, match=r"times the least-squares.*more epochs.*standardise x.*condition number") as rec:
        h = gdviz.train(forbes, scale="none", eta="auto", seed=0)
    assert len(rec) == 1 and h.meta["gap"] > 0.25
    with pytest.warns(gdviz.GdvizWarning, match=r"After 30 epochs.*more epochs.*raise eta"):
        gdviz.train(gdviz.make_data(seed=0), epochs=30, seed=0)


def test_constant_x_fits_the_mean_without_dividing_by_zero():
    data = gdviz.Dataset([2.0] * 6, [1.0, 2.0, 6.0, 3.0, 3.0, 3.0])
    with pytest.warns(gdviz.GdvizWarning, match=r"All 6 x values equal 2.*singular.*mean of y, 3"):
        h = gdviz.train(data, eta="auto", seed=0)
    assert h.meta["scale"] == "standardize" and h.meta["x_scale"] == 1.0
    assert h.meta["condition_number"] is None and h.meta["condition_number_data"] is None
    assert np.isfinite(h.w0).all() and np.isfinite(h.w1).all()
    assert h.intercept[-1] + h.slope[-1] * 2.0 == pytest.approx(3.0, rel=1e-3)  # the line passes the mean
    assert h.slope[-1] == 0.0  # the default start is flat, and nothing moves the slope
    assert choose_scaling(Moments.of(data), "standardize").scale == 1.0
    with pytest.warns(gdviz.GdvizWarning, match="singular"):
        raw = gdviz.train(data, scale="none", eta="auto", seed=0)
    assert raw.intercept[-1] + raw.slope[-1] * 2.0 == pytest.approx(3.0, rel=1e-3)


def test_two_points_and_a_million_points():
    two = quiet_train(gdviz.Dataset([1.0, 3.0], [2.0, -1.0]), eta="auto", seed=0)
    assert two.slope[-1] == pytest.approx(-1.5, rel=1e-3) and two.intercept[-1] == pytest.approx(3.5, rel=1e-3)
    rng = np.random.default_rng(1)
    x = rng.normal(1000.0, 200.0, 1_000_000)
    y = 0.5 * x - 70.0 + rng.normal(0.0, 30.0, x.size)
    big = gdviz.Dataset(x, y)
    h = quiet_train(big, eta="auto", epochs=30, seed=0)
    best = lstsq(big)[2]
    assert len(h) == 30 and h.loss[-1] <= 1.01 * best
    assert h.slope[-1] == pytest.approx(0.5, rel=1e-3)


def test_the_hessian_eigenvalues_are_accurate_when_badly_conditioned():
    data = load("longley.csv", {"x": "year", "y": "employed"})
    lo, hi = Moments.of(data).eigenvalues()
    n = len(data)
    sx = sum(Fraction(int(v)) for v in data.x)
    sxx = sum(Fraction(int(v)) ** 2 for v in data.x)
    det, trace = n * sxx - sx * sx, n + sxx  # exact, in integers
    assert lo * hi == pytest.approx(float(det), rel=1e-12)
    assert lo + hi == pytest.approx(float(trace), rel=1e-12)
    assert hi / lo == pytest.approx(float(trace * trace / det) - 2, rel=1e-9)


def test_training_refuses_data_too_large_for_float64():
    with pytest.raises(gdviz.GdvizError, match="too large"):
        gdviz.train(gdviz.Dataset([1e200, 2e200], [1.0, 2.0]))


# -- drawing real data --------------------------------------------------------------------

SMALL = (320, 180)


def panels(history, **kwargs):
    anim = gdviz.Animation(history, size=SMALL, max_frames=kwargs.pop("max_frames", 6), **kwargs)
    last = anim.frame(len(anim) - 1)
    assert last.shape == (180, 320, 3)
    return anim, {p.name: p for p in anim.panels}


@pytest.mark.filterwarnings("ignore:After 20 epochs:gdviz.GdvizWarning")  # a short unscaled run
def test_a_scaled_run_is_drawn_in_data_units_with_labelled_trained_weights():
    cars = load("cars.csv", {})
    h = gdviz.train(cars, eta="auto", seed=0)
    anim, p = panels(h)
    fit, surface = p["fit"], p["surface"]
    assert (fit.ax.get_xlabel(), fit.ax.get_ylabel()) == ("speed", "dist")
    e = int(anim.epochs[-1])
    (line,) = fit.lines.get_segments()
    np.testing.assert_allclose(line[:, 1], h.intercept[e] + h.slope[e] * fit.x_ends)
    assert fit.ax.get_xlim()[0] < 4 and fit.ax.get_xlim()[1] > 25  # the data's own x
    # The surface shows the trained weights, and its labels say which: w₀′ is ŷ at the mean
    # speed (15.4) and w₁′ the change per sd of speed (5.235, the population sd), from the file.
    speed = np.loadtxt(DATA / "cars.csv", delimiter=",", skiprows=1)[:, 0]
    mean, sd = f"{speed.mean():.4g}", f"{speed.std():.4g}"
    assert (mean, sd) == ("15.4", "5.235")
    assert f"speed = {mean})" in surface.ax.get_xlabel() and "speed" in surface.ax.get_xlabel()
    assert f"speed, {sd})" in surface.ax.get_ylabel() and sd in surface.ax.get_title(loc="left")
    assert tuple(surface.points.get_offsets()[0]) == (h.w0[e], h.w1[e])
    (x0, x1), (y0, y1) = surface.ax.get_xlim(), surface.ax.get_ylim()
    ow0 = h.meta["x_shift"] * lstsq(cars)[1] + lstsq(cars)[0]  # least squares on x'
    assert x0 + 0.19 * (x1 - x0) < ow0 < x1 - 0.19 * (x1 - x0)  # room around the optimum
    # An unscaled run keeps the tutorial's labels.
    _, q = panels(gdviz.train(gdviz.make_data(n=30, seed=2), epochs=20, seed=2))
    assert (q["surface"].ax.get_xlabel(), q["surface"].ax.get_ylabel()) == ("w₀ (intercept)", "w₁ (slope)")
    assert (q["fit"].ax.get_xlabel(), q["fit"].ax.get_ylabel()) == ("x", "y")


@pytest.mark.parametrize("scale", ["standardize", "none"])
def test_an_exploding_run_renders_with_readable_windows(tmp_path, scale, gif_shows):
    cars = load("cars.csv", {})
    with pytest.warns(gdviz.GdvizWarning) as record:
        h = gdviz.train(cars, eta=0.05 if scale == "standardize" else 0.001, epochs=200, seed=0, scale=scale)
    assert [("stability bound" in str(w.message), "diverged" in str(w.message)) for w in record] == [
        (True, False), (False, True)]
    assert h.meta["diverged_at"] == len(h) and np.isfinite(h.w0).all()
    anim, p = panels(h, max_frames=10)
    surface, fit = p["surface"], p["fit"]
    moments = Moments.of(cars)
    if h.meta["scale"] == "standardize":
        moments = moments.scaled(h.meta["x_shift"], h.meta["x_scale"])
    ow0, ow1, _ = moments.optimum()
    # The window holds the start and the optimum and stays near them, not 1e3 times out.
    reach = max(abs(h.w0[0] - ow0), abs(h.w1[0] - ow1))
    (x0, x1), (y0, y1) = surface.ax.get_xlim(), surface.ax.get_ylim()
    assert x0 < h.w0[0] < x1 and y0 < h.w1[0] < y1 and x0 < ow0 < x1 and y0 < ow1 < y1
    assert max(x1 - x0, y1 - y0) < 30 * reach
    assert abs(h.w0[-1] - ow0) > 30 * reach or abs(h.w1[-1] - ow1) > 30 * reach  # it did explode
    # The current point waits at the edge, hollow, and a note says why.
    drawn = surface.update(anim.moment(int(anim.epochs[-1])))
    (px, py), = surface.points.get_offsets()
    assert x0 <= px <= x1 and y0 <= py <= y1 and surface.points.get_facecolors()[0][3] == 0
    assert surface.off_map in drawn and "diverging" in surface.off_map.get_text()
    assert surface.off_map not in surface.update(anim.moment(0))
    # The fit panel keeps the points readable: at most 1.5 data spans beyond them.
    lo, hi = fit.ax.get_ylim()
    span = np.ptp(cars.y)
    assert cars.y.min() - 2 * span < lo < cars.y.min() and cars.y.max() < hi < cars.y.max() + 2 * span
    out = gdviz.render(h, tmp_path / "boom.gif", size=SMALL, max_frames=6)
    gif_shows(out, gdviz.Animation(h, size=SMALL, max_frames=6))


def test_constant_x_two_points_and_a_million_points_render(tmp_path, gif_shows):
    with pytest.warns(gdviz.GdvizWarning, match="singular"):
        flat = gdviz.train(gdviz.Dataset([5.0] * 4, [1.0, 2.0, 4.0, 5.0]), eta="auto", epochs=40, seed=0)
    _, p = panels(flat)
    lo, hi = p["fit"].ax.get_xlim()
    assert lo < 5 < hi and hi - lo < 5
    two = gdviz.train(gdviz.Dataset([-3.0, 1e4], [0.5, 0.25]), eta="auto", epochs=40, seed=0)
    panels(two)
    rng = np.random.default_rng(7)
    x = rng.uniform(-4e4, -1e4, 1_000_000)  # negative, in the tens of thousands
    big = gdviz.Dataset(x, 2.0 - 1e-3 * x + rng.normal(0, 1, x.size))
    h = gdviz.train(big, eta="auto", epochs=12, seed=0)
    assert h.loss[-1] <= 1.01 * lstsq(big)[2]
    anim = gdviz.Animation(h, size=SMALL, max_frames=4)  # what gdviz.render(h, ...) draws, built once
    gif_shows(anim.save(tmp_path / "million.gif", progress=False), anim)
