"""The optimizers: each against its equations written here, against least squares, and on real data.

Reference updates are written from the equations in CONTRACT form (state starts at 0,
t counts updates from 1), independently of gdviz.optimizers, on plain floats.
"""

import json
import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import gdviz
from gdviz import optimizers
from gdviz.data.moments import Moments

DATA = Path(__file__).parent / "data"
FULL_BATCH = ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
ALL = ["gd", "sgd", *FULL_BATCH[1:]]

#: The shipped tables with the columns the README uses.
TABLES = [("cars.csv", {}), ("forbes.csv", {}), ("longley.csv", {"x": "year", "y": "employed"}),
          ("hubble.csv", {}), ("anscombe.csv", {"x": "x1", "y": "y1"})]


def close(a, b, rel=1e-12):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert a.shape == b.shape
    bad = np.abs(a - b) > rel * (1 + np.abs(b))
    assert not bad.any(), f"first mismatch at {np.flatnonzero(bad)[0]}: {a[bad][0]!r} vs {b[bad][0]!r}"


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


# -- the equations, written out ------------------------------------------------------------
X = np.array([0.1, 0.4, 0.5, 0.9, 1.3, 0.7, 0.2])
Y = np.array([0.5, 1.1, 1.9, 2.6, 4.2, 2.0, 0.4])
SMALL = gdviz.Dataset(X, Y)
START = (1.0, -2.0)


def grad(w0, w1, x=X, y=Y):
    """dE/dw0 = sum (y_hat - y), dE/dw1 = sum (y_hat - y) x."""
    r = w1 * x + w0 - y
    return float(r.sum()), float(r @ x)


def reference(name, eta, steps=5, **hp):
    """The weights after each of the first `steps` updates, from the equations on scalars."""
    w = list(START)
    state = [[0.0, 0.0] for _ in range(3)]  # v / G / s / m, per component
    out = [tuple(w)]
    for t in range(1, steps + 1):
        g = grad(*w)
        if name == "nesterov":
            beta = hp.get("beta", 0.9)
            v = state[0]
            ahead = grad(w[0] - eta * beta * v[0], w[1] - eta * beta * v[1])
        for i in range(2):
            if name == "gd":
                w[i] = w[i] - eta * g[i]
            elif name == "momentum":
                v = state[0]
                v[i] = hp.get("beta", 0.9) * v[i] + g[i]
                w[i] = w[i] - eta * v[i]
            elif name == "nesterov":
                v[i] = hp.get("beta", 0.9) * v[i] + ahead[i]
                w[i] = w[i] - eta * v[i]
            elif name == "adagrad":
                G = state[0]
                G[i] = G[i] + g[i] ** 2
                w[i] = w[i] - eta * g[i] / (math.sqrt(G[i]) + hp.get("eps", 1e-8))
            elif name == "rmsprop":
                s, rho = state[0], hp.get("rho", 0.9)
                s[i] = rho * s[i] + (1 - rho) * g[i] ** 2
                w[i] = w[i] - eta * g[i] / (math.sqrt(s[i]) + hp.get("eps", 1e-8))
            elif name == "adam":
                m, s = state[0], state[1]
                b1, b2 = hp.get("beta1", 0.9), hp.get("beta2", 0.999)
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                s[i] = b2 * s[i] + (1 - b2) * g[i] ** 2
                m_hat = m[i] / (1 - b1**t)
                s_hat = s[i] / (1 - b2**t)
                w[i] = w[i] - eta * m_hat / (math.sqrt(s_hat) + hp.get("eps", 1e-8))
        out.append(tuple(w))
    return np.array(out)


@pytest.mark.parametrize("name, eta, hp", [
    ("gd", 0.05, {}),
    ("momentum", 0.05, {}),
    ("momentum", 0.02, {"beta": 0.5}),
    ("nesterov", 0.05, {}),
    ("nesterov", 0.03, {"beta": 0.7}),
    ("adagrad", 0.3, {}),
    ("adagrad", 0.3, {"eps": 0.5}),
    ("rmsprop", 0.1, {}),
    ("rmsprop", 0.1, {"rho": 0.5, "eps": 1e-3}),
    ("adam", 0.1, {}),
    ("adam", 0.2, {"beta1": 0.8, "beta2": 0.99, "eps": 1e-4}),
])
def test_first_five_updates_follow_the_equations(name, eta, hp):
    h = gdviz.train(SMALL, epochs=6, eta=eta, w0=START[0], w1=START[1], optimizer=name, scale="none", **hp)
    expected = reference(name, eta, **hp)
    close(np.column_stack([h.w0, h.w1]), expected)
    assert h.meta["optimizer"] == name
    assert h.meta["hyperparameters"] == {**optimizers.OPTIMIZERS[name].defaults, **hp}


@pytest.mark.parametrize("batch_size", [3, 7, 2])
def test_sgd_first_five_epochs_follow_the_equations(batch_size):
    seed, eta = 11, 0.05
    h = gdviz.train(SMALL, epochs=6, eta=eta, w0=START[0], w1=START[1], optimizer="sgd", seed=seed, scale="none",
                    batch_size=batch_size)
    # The shuffles come from the third child of the seed (data, start line, shuffles).
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[2])
    w0, w1 = START
    expected = [(w0, w1)]
    for _ in range(5):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]  # the last one may be smaller
            g0, g1 = grad(w0, w1, X[batch], Y[batch])
            w0, w1 = w0 - eta * g0, w1 - eta * g1
        expected.append((w0, w1))
    close(np.column_stack([h.w0, h.w1]), expected)
    assert h.meta["hyperparameters"] == {"batch_size": batch_size}


@pytest.mark.parametrize("name", ALL)
def test_every_row_holds_the_full_datas_sse_and_gradient_where_its_epoch_starts(name):
    data = gdviz.load_csv(DATA / "cars.csv")  # trained standardised
    h = quiet(gdviz.train, data, epochs=40, eta="auto", optimizer=name, seed=2)
    xs = (data.x - h.meta["x_shift"]) / h.meta["x_scale"]
    for k in (0, 1, 17, 39):
        r = h.w1[k] * xs + h.w0[k] - data.y
        assert h.loss[k] == pytest.approx(0.5 * r @ r, rel=1e-12)
        assert h.grad_w0[k] == pytest.approx(r.sum(), rel=1e-9, abs=1e-9 * np.abs(r).sum())
        assert h.grad_w1[k] == pytest.approx(r @ xs, rel=1e-9, abs=1e-9 * np.abs(r * xs).sum())
    assert np.array_equal(h.epoch, np.arange(40))


# -- where they end -------------------------------------------------------------------------
WELL = gdviz.make_data(n=60, seed=8)  # trained standardised: H = N I, condition number 1


def trained_optimum(h):
    b0, b1 = gdviz.least_squares(h.data)
    return b0 + b1 * h.meta["x_shift"], b1 * h.meta["x_scale"]


@pytest.mark.parametrize("name, eta", [("gd", 0.01), ("momentum", 0.005), ("nesterov", 0.005), ("adagrad", 1.0),
                                       ("adam", 0.05)])
def test_full_batch_optimizers_reach_least_squares(name, eta):
    h = gdviz.train(WELL, epochs=3000, eta=eta, optimizer=name, scale="standardize", seed=1)
    w0, w1 = trained_optimum(h)
    assert h.w0[-1] == pytest.approx(w0, abs=1e-9) and h.w1[-1] == pytest.approx(w1, abs=1e-9)
    assert h.meta["gap"] < 1e-12


@pytest.mark.parametrize("eta", [0.01, 0.05])
def test_rmsprop_ends_hopping_eta_over_2_either_side_of_least_squares(eta):
    # Its steps do not shrink: the last two rows sit eta/2 on either side, their mean on the optimum.
    h = gdviz.train(WELL, epochs=3000, eta=eta, optimizer="rmsprop", scale="standardize", seed=1)
    w0, w1 = trained_optimum(h)
    for w, best in ((h.w0, w0), (h.w1, w1)):
        assert abs(w[-1] - best) == pytest.approx(eta / 2, rel=1e-6)
        assert (w[-1] + w[-2]) / 2 == pytest.approx(best, abs=1e-9)


def test_sgd_with_one_batch_is_gd():
    data = gdviz.make_data(n=37, seed=4)
    gd = gdviz.train(data, epochs=300, eta=0.01, seed=4)
    sgd = gdviz.train(data, epochs=300, eta=0.01, seed=4, optimizer="sgd", batch_size=37)
    for name in ("w0", "w1", "loss", "grad_w0", "grad_w1"):
        close(getattr(sgd, name), getattr(gd, name), rel=1e-12)  # the shuffle only reorders the sums
    bigger = gdviz.train(data, epochs=300, eta=0.01, seed=4, optimizer="sgd", batch_size=1000)
    assert np.array_equal(bigger.w1, sgd.w1)


def test_a_seed_makes_sgd_reproducible_and_seeds_differ():
    data, start = gdviz.make_data(seed=0), {"w0": 1.0, "w1": -2.5}
    a = gdviz.train(data, optimizer="sgd", seed=3, **start)
    b = gdviz.train(data, optimizer="sgd", seed=3, **start)
    c = gdviz.train(data, optimizer="sgd", seed=4, **start)
    assert np.array_equal(a.w0, b.w0) and np.array_equal(a.loss, b.loss)
    assert a.w0[0] == c.w0[0] and not np.array_equal(a.w0, c.w0)  # same start, other shuffles
    # The shuffles are a stream of their own: the default start is the one gd gets from the same seed.
    gd, sgd = gdviz.train(data, epochs=2, seed=3), gdviz.train(data, epochs=2, seed=3, optimizer="sgd")
    assert (gd.w0[0], gd.w1[0]) == (sgd.w0[0], sgd.w1[0])


@pytest.mark.parametrize("name", FULL_BATCH)
@pytest.mark.parametrize("case", ["tutorial", "scaled", "unstable"])
def test_moments_path_agrees_with_the_points_path(monkeypatch, name, case):
    import importlib

    train_module = importlib.import_module("gdviz.training.train")
    if case == "tutorial":
        data, kw = gdviz.make_data(seed=2), {"epochs": 500, "seed": 2}
    elif case == "scaled":
        rng = np.random.default_rng(5)
        x = rng.normal(1950, 5, 80)
        data, kw = gdviz.Dataset(x, 20 * x - 39000 + rng.normal(0, 30, 80)), {"epochs": 400, "eta": "auto", "seed": 1}
    else:  # above the stability bound where there is one; a large step for the adaptive ones
        data = gdviz.make_data(seed=3)
        bound = optimizers.make(name).stability_bound(Moments.of(data).eigenvalues()[1])
        kw = {"epochs": 300, "eta": 1.05 * bound if bound else 2.0, "seed": 3}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        monkeypatch.setattr(train_module, "FAST_WORK", 10**12)
        slow = gdviz.train(data, optimizer=name, **kw)
        monkeypatch.setattr(train_module, "FAST_WORK", 0)
        fast = gdviz.train(data, optimizer=name, **kw)
    assert len(fast) == len(slow) and fast.meta.get("diverged_at") == slow.meta.get("diverged_at")
    if case == "unstable" and name in ("gd", "momentum", "nesterov"):
        assert slow.meta["diverged_at"] == len(slow)
    rows = len(slow)
    if name == "rmsprop" and case != "unstable":
        # RMSprop hops: its steps stay about eta long, so once w0 zigzags across the valley floor
        # a difference in the last bit grows about fourfold per epoch, and the two ways of summing
        # part (the path with the moments hops on the other foot). They agree until then, stay
        # within a hop or two of each other, and end with the same SSE.
        rows = 60
        eta = slow.meta["eta"]
        assert np.abs(fast.w0 - slow.w0).max() <= 2 * eta and np.abs(fast.w1 - slow.w1).max() <= 2 * eta
        assert fast.loss[-1] == pytest.approx(slow.loss[-1], rel=1e-4)
    for column in ("w0", "w1", "loss", "grad_w0", "grad_w1"):
        a, b = getattr(fast, column)[:rows], getattr(slow, column)[:rows]
        scale = np.abs(b).max()  # a gradient passing through 0 is compared on the run's scale
        assert np.max(np.abs(a - b)) <= 1e-9 * scale, column


# -- the defaults ---------------------------------------------------------------------------
def test_default_etas_on_the_tutorial(tutorial_data):
    """gd about 6% above least squares; momentum within 0.1%, w1 overshooting; adam within 1%."""
    best_w1 = gdviz.least_squares(tutorial_data)[1]
    runs = {name: gdviz.train(tutorial_data, optimizer=name, seed=0) for name in ALL}
    for name, h in runs.items():
        assert h.meta["eta"] == optimizers.OPTIMIZERS[name].default_eta
        assert h.meta["eta_reason"].startswith("fixed: ") and "diverged_at" not in h.meta
    assert runs["gd"].meta["eta"] == 0.001 and 0.04 < runs["gd"].meta["gap"] < 0.08
    assert runs["momentum"].meta["gap"] < 0.001 and (runs["momentum"].w1 > best_w1).any()
    assert runs["adam"].meta["gap"] < 0.01
    for name in ("sgd", "nesterov", "adagrad"):
        assert runs[name].meta["gap"] < 0.01, name
    assert runs["rmsprop"].meta["gap"] < 0.1  # hopping around the optimum: its lesson
    # Nesterov brakes before the far wall: it overshoots less than momentum at the same eta and beta.
    assert best_w1 < runs["nesterov"].w1.max() < runs["momentum"].w1.max()


def test_the_default_runs_do_not_warn(tutorial_data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ALL:
            gdviz.train(tutorial_data, optimizer=name, seed=0)


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("table, columns", TABLES, ids=[t[0] for t in TABLES])
def test_no_optimizer_diverges_on_its_defaults_on_any_shipped_table(name, table, columns):
    data = gdviz.load_csv(DATA / table, **columns)
    h = quiet(gdviz.train, data, optimizer=name, seed=0)  # its default eta (may end far: no harm)
    assert "diverged_at" not in h.meta and len(h) == 300 and h.loss[-1] < h.loss[0]
    with warnings.catch_warnings():  # and eta="auto", the command line's default with --data: no warning at all
        warnings.simplefilter("error")
        auto = gdviz.train(data, optimizer=name, eta="auto", seed=0)
    assert auto.meta["eta_reason"].startswith("auto: ") and auto.meta["gap"] < 0.01


def test_auto_on_the_tutorial_is_near_the_defaults_for_the_adaptive_ones(tutorial_data):
    for name in ("adagrad", "adam"):
        h = gdviz.train(tutorial_data, optimizer=name, eta="auto", seed=0)
        assert h.meta["eta"] == pytest.approx(optimizers.OPTIMIZERS[name].default_eta, rel=0.1)


# -- the learning-rate sweep ----------------------------------------------------------------
SWEEP = (0.0005, 0.003, 0.007, 0.0085)


@pytest.fixture(scope="module")
def sweep():
    data = gdviz.make_data(seed=0)
    runs = {eta: quiet(gdviz.train, data, eta=eta, w0=1.0, w1=-2.5, seed=0) for eta in SWEEP}
    m = Moments.of(data)
    lam, vectors = np.linalg.eigh(m.hessian())
    # The Hessian from the points themselves, X^T X with X = [1, x]: lambda_max = 255.4. The
    # sweep's etas are chosen against it: eta*lambda_max below 1 keeps its side of the valley,
    # between 1 and 2 zigzags inward, above 2 diverges.
    ones_x = np.column_stack([np.ones_like(data.x), data.x])
    np.testing.assert_allclose(lam, np.linalg.eigvalsh(ones_x.T @ ones_x), rtol=1e-12)
    steps = np.array(SWEEP) * lam[1]
    assert steps[0] < 0.2 and steps[1] < 1 < steps[2] < 2 < steps[3]
    best = np.array(m.optimum()[:2])
    return runs, vectors[:, 1], best


def along_top(h, top, best):
    """The component of w - w* along H's top eigenvector, epoch by epoch."""
    return (np.column_stack([h.w0, h.w1]) - best) @ top


def test_sweep_crawl_travels_least(sweep):
    runs, _, _ = sweep
    travel = {eta: np.hypot(np.diff(h.w0), np.diff(h.w1)).sum() for eta, h in runs.items()}
    assert travel[0.0005] < min(travel[0.003], travel[0.007], travel[0.0085])


def test_sweep_good_eta_keeps_its_side_and_large_eta_zigzags(sweep):
    runs, top, best = sweep
    good = along_top(runs[0.003], top, best)[1:16]
    assert (np.sign(good) == np.sign(good[0])).all()
    zig = along_top(runs[0.007], top, best)[1:16]
    assert (np.diff(np.sign(zig)) != 0).sum() >= 12
    assert runs[0.007].loss[-1] == pytest.approx(runs[0.003].loss[-1], rel=0.1)


def test_sweep_too_large_eta_diverges(sweep):
    runs, _, _ = sweep
    h = runs[0.0085]
    assert h.meta["diverged_at"] == len(h) < 300
    assert all("diverged_at" not in runs[eta].meta for eta in SWEEP[:3])


# -- diagnostics per optimizer ----------------------------------------------------------------
@pytest.mark.parametrize("name, formula", [("momentum", "2(1+beta)/lambda_max(H)"),
                                           ("nesterov", "2(1+beta)/((1+2 beta) lambda_max(H))")])
def test_momentum_methods_warn_at_their_own_stability_bound(tutorial_data, name, formula):
    lam = Moments.of(tutorial_data).eigenvalues()[1]
    bound = optimizers.make(name).stability_bound(lam)
    expected = 2 * 1.9 / lam if name == "momentum" else 2 * 1.9 / (2.8 * lam)
    assert bound == pytest.approx(expected, rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        below = gdviz.train(tutorial_data, optimizer=name, eta=0.97 * bound, epochs=2000, seed=0)
    assert "diverged_at" not in below.meta and below.meta["eta_max"] == pytest.approx(bound)
    with pytest.warns(gdviz.GdvizWarning) as record:
        above = gdviz.train(tutorial_data, optimizer=name, eta=1.03 * bound, epochs=2000, seed=0)
    text = [str(w.message) for w in record]
    assert formula in text[0] and f"{bound:.4g}" in text[0] and f"so {name} will diverge" in text[0]
    assert "diverged" in text[1] and above.meta["diverged_at"] == len(above)


@pytest.mark.parametrize("name", ["adagrad", "rmsprop", "adam", "sgd"])
def test_no_stability_warning_where_there_is_no_bound(tutorial_data, name):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        h = gdviz.train(tutorial_data, optimizer=name, eta=0.02, epochs=5, seed=0)
    assert h.meta["eta_max"] is None
    assert not any("stability bound" in str(w.message) for w in record)


def test_sgd_divergence_says_which_eta_keeps_every_batch_stable(tutorial_data):
    with pytest.warns(gdviz.GdvizWarning, match=r"diverged.*2/lambda_max\(H\) = 0.00783.*every batch"):
        h = gdviz.train(tutorial_data, optimizer="sgd", eta=0.2, seed=0)
    assert h.meta["diverged_at"] == len(h)


@pytest.mark.parametrize("name, kw, words", [
    ("momentum", {"eta": 1e-6}, r"more epochs.*raise eta toward .* critically damped"),
    ("momentum", {"eta": 0.001, "epochs": 20}, r"[0-9]+ more epochs.*beta=.* with eta=.*, the fastest heavy ball"),
    ("adagrad", {"eta": 0.1}, r"train more epochs.*raise eta: AdaGrad"),
    ("rmsprop", {"eta": 0.2}, r"lower eta: RMSprop's steps stay about eta long"),
    ("adam", {"eta": 0.01}, r"train more epochs.*raise eta"),
    ("sgd", {"eta": 1e-5}, r"raise eta toward 1/lambda_max"),
])
def test_the_far_from_least_squares_advice_fits_the_optimizer(tutorial_data, name, kw, words):
    with pytest.warns(gdviz.GdvizWarning, match=words):
        gdviz.train(tutorial_data, optimizer=name, seed=0, **kw)


def test_the_momentum_advice_numbers_come_from_the_hessian(tutorial_data):
    """"train about 58 more epochs ... use beta=0.4 with eta=0.0104": each number from its rule,
    computed here from the points (not from gdviz): the Hessian X^T X, least squares by lstsq."""
    with pytest.warns(gdviz.GdvizWarning) as record:
        h = gdviz.train(tutorial_data, optimizer="momentum", eta=0.001, epochs=20, seed=0)
    text = str(record[-1].message)
    ones_x = np.column_stack([np.ones_like(tutorial_data.x), tutorial_data.x])
    lam_min, lam_max = np.linalg.eigvalsh(ones_x.T @ ones_x)
    coef, *_ = np.linalg.lstsq(ones_x, tutorial_data.y, rcond=None)
    best = 0.5 * float(np.sum((tutorial_data.y - ones_x @ coef) ** 2))
    # Heavy ball (beta 0.9, its default) along an eigenvector with eta*lambda = a: the error
    # follows [[1 + beta - a, -beta], [1, 0]], so it shrinks by that matrix's spectral radius per
    # epoch, the SSE's excess by its square; the advice aims at half the threshold that warns (a
    # final SSE 25% above least squares, README "Diagnostics"; the half: diagnostics._more_epochs).
    radius = max(np.abs(np.linalg.eigvals([[1.9 - 0.001 * lam, -0.9], [1.0, 0.0]])).max()
                 for lam in (lam_min, lam_max))
    more = math.ceil(math.log(0.5 * 0.25 * best / (h.loss[-1] - best)) / (2 * math.log(radius)))
    assert f"train about {more} more epochs" in text, text
    # Polyak's fastest heavy ball for condition number k: beta = ((sqrt k - 1)/(sqrt k + 1))^2 and
    # eta = 4/(sqrt lambda_max + sqrt lambda_min)^2.
    root_k = math.sqrt(lam_max / lam_min)
    beta, eta = ((root_k - 1) / (root_k + 1)) ** 2, 4 / (math.sqrt(lam_max) + math.sqrt(lam_min)) ** 2
    assert f"use beta={beta:.2g} with eta={eta:.3g}, the fastest heavy ball" in text, text


# -- names, specs and errors ------------------------------------------------------------------
def test_the_registry_and_the_spec_strings():
    assert list(optimizers.OPTIMIZERS) == ALL
    assert gdviz.train.__module__ == "gdviz.training.train"
    assert optimizers.parse_spec("adam") == ("adam", {})
    assert optimizers.parse_spec(" Adam : beta1=0.8 : beta2 = 0.99") == ("adam", {"beta1": 0.8, "beta2": 0.99})
    assert optimizers.parse_spec("sgd:batch_size=10") == ("sgd", {"batch_size": 10})
    assert isinstance(optimizers.parse_spec("sgd:batch_size=10.0")[1]["batch_size"], int)
    for name, cls in optimizers.OPTIMIZERS.items():
        spec = optimizers.format_spec(name, cls.defaults)
        assert optimizers.parse_spec(spec) == (name, cls.defaults)
        assert cls.default_eta > 0 and cls.__doc__ and "eta=\"auto\"" in cls.__doc__.replace("``", "")
        assert optimizers.make(name).eta == cls.default_eta
    assert optimizers.format_spec("adam", {"beta1": 0.8}) == "adam:beta1=0.8"
    assert optimizers.format_spec("gd", {}) == "gd"


@pytest.mark.parametrize("call, words", [
    (lambda: optimizers.parse_spec("adamw"), ["`optimizer`", "'gd'", "'adam'", "not 'adamw'"]),
    (lambda: optimizers.parse_spec("adam:beta=0.9"), ["adam has no hyperparameter `beta`", "`beta1`, `beta2` and `eps`"]),
    (lambda: optimizers.parse_spec("gd:beta=0.9"), ["gd has no hyperparameter `beta`", "no hyperparameters"]),
    (lambda: optimizers.parse_spec("momentum:beta=1"), ["`beta` of momentum", "[0, 1)", "got 1."]),
    (lambda: optimizers.parse_spec("momentum:beta=-0.1"), ["[0, 1)", "got -0.1."]),
    (lambda: optimizers.parse_spec("rmsprop:rho=nan"), ["`rho` of rmsprop", "got nan."]),
    (lambda: optimizers.parse_spec("adam:eps=0"), ["`eps` of adam", "> 0", "got 0."]),
    (lambda: optimizers.parse_spec("adam:beta2=x"), ["`beta2`", "got 'x'."]),
    (lambda: optimizers.parse_spec("sgd:batch_size=0"), ["`batch_size` of sgd", "whole number >= 1", "got 0."]),
    (lambda: optimizers.parse_spec("sgd:batch_size=2.5"), ["whole number", "got 2.5."]),
    (lambda: optimizers.parse_spec("adam:beta1"), ["NAME:key=value", "'beta1' is not key=value"]),
    (lambda: optimizers.parse_spec("adam:beta1=0.8:beta1=0.7"), ["`beta1` twice"]),
    (lambda: optimizers.parse_spec(""), ["a name like adam"]),
    (lambda: gdviz.train(SMALL, optimizer="adam:beta1=0.8"), ["keywords", "optimizer='adam', beta1=0.8"]),
    (lambda: gdviz.train(SMALL, optimizer="sgd", batch_size=True), ["`batch_size` of sgd", "got True"]),
    (lambda: gdviz.train(SMALL, optimizer="adam", beta2=None), ["`beta2` of adam", "got None"]),
    (lambda: gdviz.train(SMALL, optimizer="rmsprop", beta=0.9), ["rmsprop has no hyperparameter `beta`",
                                                                 "`rho` and `eps`"]),
    (lambda: optimizers.Adam(eta=-1), ["`eta`", "> 0", "got -1"]),
])
def test_bad_names_and_values_are_one_clear_sentence(call, words):
    with pytest.raises(gdviz.GdvizError) as info:
        call()
    text = str(info.value)
    for word in words:
        assert word in text, (word, text)
    assert text.endswith(".") and "\n" not in text


def test_sgd_work_is_bounded_with_advice():
    data = gdviz.make_data(seed=0)
    with pytest.raises(gdviz.GdvizError, match=r"200 points x 1,000,000 epochs.*20,000,000 point-epochs; "
                                               r"train at most 100,000 epochs, or choose a full-batch"):
        gdviz.train(data, optimizer="sgd", epochs=1_000_000)
    with pytest.raises(gdviz.GdvizError, match=r"batch_size=1 makes 200 updates.*1,000,000 updates; train at most "
                                               r"5,000 epochs, or take larger batches \(batch_size=2 or more\)"):
        gdviz.train(data, optimizer="sgd", epochs=10_000, batch_size=1)


# -- what a run keeps ------------------------------------------------------------------------
def test_meta_holds_the_bare_name_and_every_hyperparameter(tmp_path):
    h = gdviz.train(SMALL, epochs=20, optimizer="adam", beta1=0.8, seed=0)
    assert h.meta["optimizer"] == "adam" and h.meta["eta"] == 0.1
    assert h.meta["hyperparameters"] == {"beta1": 0.8, "beta2": 0.999, "eps": 1e-8}
    assert h.meta["eta_reason"].startswith("fixed: adam's default")
    again = gdviz.History.load(h.save(tmp_path / "adam.npz"))
    assert again.meta["optimizer"] == "adam" and again.meta["hyperparameters"] == h.meta["hyperparameters"]
    assert json.loads(json.dumps(again.meta)) == again.meta
    s = gdviz.History.load(gdviz.train(SMALL, epochs=3, optimizer="sgd", batch_size=4, seed=0).save(tmp_path / "s.npz"))
    assert s.meta["hyperparameters"] == {"batch_size": 4} and isinstance(s.meta["hyperparameters"]["batch_size"], int)
    custom = gdviz.Recorder(SMALL)
    custom.record(w0=0.0, w1=1.0, loss=1.0)
    assert custom.history().meta["optimizer"] == "custom" and "hyperparameters" not in custom.history().meta


def test_training_with_any_optimizer_does_not_import_matplotlib():
    code = ("import sys, gdviz.optimizers, gdviz\n"
            "assert 'matplotlib' not in sys.modules\n"
            "for name in gdviz.optimizers.OPTIMIZERS:\n"
            "    gdviz.train(gdviz.make_data(seed=0), optimizer=name, epochs=20, seed=0)\n"
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the command line --------------------------------------------------------------------------
def test_cli_train_with_an_optimizer_spec_prints_and_keeps_it(tmp_path, capsys):
    from gdviz.cli import main

    run = tmp_path / "adam.npz"
    assert main(["train", "-o", str(run), "--optimizer", "adam:beta1=0.8:beta2=0.99", "--epochs", "200"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "gdviz: optimizer adam:beta1=0.8:beta2=0.99:eps=1e-08\n" in out
    assert "eta 0.1, fixed: adam's default" in out
    h = gdviz.History.load(run)
    assert h.meta["optimizer"] == "adam" and h.meta["hyperparameters"] == {"beta1": 0.8, "beta2": 0.99, "eps": 1e-8}
    direct = gdviz.train(gdviz.make_data(seed=0), epochs=200, optimizer="adam", beta1=0.8, beta2=0.99, seed=0)
    assert np.array_equal(h.w0, direct.w0) and np.array_equal(h.loss, direct.loss)
    # With --data the eta is auto, for every optimizer.
    assert main(["train", "-o", str(run), "--data", str(DATA / "cars.csv"), "--optimizer", "momentum"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "optimizer momentum:beta=0.9" in out and "auto: (1-sqrt(beta))^2/lambda_min" in out
    assert gdviz.History.load(run).meta["gap"] < 0.01


def test_cli_render_with_an_optimizer(tmp_path, capsys, gif_shows):
    from gdviz.cli import main

    out = tmp_path / "sgd.gif"
    assert main(["render", "--optimizer", "sgd:batch_size=50", "-o", str(out), "--size", "320x180",
                 "--max-frames", "4", "--no-progress"]) == 0
    assert "warning" not in capsys.readouterr().err
    # The render is the run the spec asks for: sgd with batches of 50 on the tutorial's data,
    # and not sgd's default batch of 20, which looks much alike: it is nearer the run asked for.
    asked, default = (gdviz.Animation(gdviz.train(gdviz.make_data(seed=0), optimizer="sgd", batch_size=b, seed=0),
                                      size=(320, 180), max_frames=4) for b in (50, 20))
    frames = gif_shows(out, asked).astype(int)

    def off(anim):
        return sum(np.abs(frames[k] - anim.frame(k).astype(int)).sum() for k in range(len(frames)))

    assert off(asked) < off(default)


def test_cli_help_names_the_optimizers_and_the_spec(capsys):
    from gdviz.cli import main

    for command in ("render", "train"):
        assert main([command, "--help"]) == 0
        text = " ".join(capsys.readouterr().out.split())
        assert "--optimizer SPEC" in text and "adam:beta1=0.8:beta2=0.99" in text
        for name in optimizers.OPTIMIZERS:
            assert name in text
        assert "the optimizer's own" in text
