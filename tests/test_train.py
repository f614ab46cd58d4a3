import sys
import subprocess
import warnings

import numpy as np
import pytest

import gdviz
from conftest import tutorial_loop


def close(a, b, rel=1e-12):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert a.shape == b.shape
    bad = np.abs(a - b) > rel * (1 + np.abs(b))
    assert not bad.any(), f"first mismatch at {np.flatnonzero(bad)[0]}: {a[bad][0]!r} vs {b[bad][0]!r}"


def test_make_data_follows_the_tutorial_recipe():
    d = gdviz.make_data(seed=1)
    assert len(d) == 200
    assert d.x.min() >= 0 and d.x.max() < 1
    resid = d.y - 3.0 * d.x
    assert abs(resid.mean()) < 0.03 and 0.08 < resid.std() < 0.12
    assert np.array_equal(gdviz.make_data(seed=1).x, d.x)  # seeded: reproducible
    assert not np.array_equal(gdviz.make_data().x, gdviz.make_data().x)  # None: fresh


def test_trainer_matches_the_tutorial_loop(tutorial_data):
    w0, w1 = 1.3, -2.4
    h = gdviz.train(tutorial_data, epochs=300, eta=0.001, w0=w0, w1=w1)
    W0, W1, E, G0, G1 = tutorial_loop(tutorial_data.x, tutorial_data.y, np.array([w1]), np.array([w0]))
    assert len(h) == 300 and np.array_equal(h.epoch, np.arange(300))
    close(h.w0, W0)
    close(h.w1, W1)
    close(h.loss, E)
    close(h.grad_w0, G0)
    close(h.grad_w1, G1)


def test_default_initial_line_is_the_tutorials_bad_line():
    for seed in range(20):
        h = gdviz.train(gdviz.make_data(seed=seed), epochs=1, seed=seed)
        assert -3 <= h.w1[0] <= -2 and 0 <= h.w0[0] <= 2
    a = gdviz.train(gdviz.make_data(seed=5), epochs=3, seed=5)
    b = gdviz.train(gdviz.make_data(seed=5), epochs=3, seed=5)
    assert np.array_equal(a.w0, b.w0) and a.meta["seed"] == 5


def test_long_run_reaches_least_squares(tutorial_data):
    h = gdviz.train(tutorial_data, epochs=20000, eta=0.001, seed=0)
    a = np.column_stack([np.ones(len(tutorial_data)), tutorial_data.x])
    (b0, b1), *_ = np.linalg.lstsq(a, tutorial_data.y, rcond=None)
    assert h.w0[-1] == pytest.approx(b0, abs=1e-9)
    assert h.w1[-1] == pytest.approx(b1, abs=1e-9)
    assert gdviz.least_squares(tutorial_data) == pytest.approx((b0, b1), abs=1e-12)


def test_meta_says_what_ran(tutorial_history):
    m = tutorial_history.meta
    for key in ("format_version", "gdviz_version", "optimizer", "eta", "seed", "epochs"):
        assert key in m
    assert (m["optimizer"], m["eta"], m["seed"], m["epochs"]) == ("gd", 0.001, 0, 300)
    assert m["hyperparameters"] == {} and m["eta_reason"] == "fixed: the tutorial's default"


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"epochs": 0}, "epochs"),
        ({"epochs": 2.5}, "epochs"),
        ({"eta": 0}, "eta"),
        ({"eta": float("nan")}, "eta"),
        ({"optimizer": "adamw"}, "optimizer"),
        ({"optimizer": "adam", "beta": 0.9}, "beta"),
        ({"optimizer": "momentum", "beta": 1.0}, "beta"),
        ({"w0": "a"}, "w0"),
    ],
)
def test_bad_training_options_name_the_parameter(tutorial_data, kwargs, words):
    with pytest.raises(gdviz.GdvizError, match=words):
        gdviz.train(tutorial_data, **kwargs)


def test_too_large_eta_warns_and_divergence_stops_with_finite_rows(tutorial_data):
    with pytest.warns(gdviz.GdvizWarning) as record:
        h = gdviz.train(tutorial_data, epochs=500, eta=0.05, seed=0)
    text = " ".join(str(w.message) for w in record)
    assert "stability bound" in text and "diverged" in text
    assert 1 < len(h) < 500 and np.isfinite(h.loss).all()
    assert h.meta["diverged_at"] == len(h)


def test_the_default_run_does_not_warn(tutorial_data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gdviz.train(tutorial_data, seed=0)


def test_training_does_not_import_matplotlib():
    code = "import gdviz, sys; gdviz.train(gdviz.make_data(seed=0), seed=0); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("case", ["tutorial", "scaled", "diverging"])
def test_moments_path_agrees_with_the_epoch_loop(monkeypatch, case):
    import importlib

    train_module = importlib.import_module("gdviz.training.train")
    if case == "tutorial":
        data, kw = gdviz.make_data(seed=2), {"epochs": 3000, "seed": 2}
    elif case == "scaled":
        rng = np.random.default_rng(5)
        x = rng.normal(1950, 5, 80)
        data, kw = gdviz.Dataset(x, 20 * x - 39000 + rng.normal(0, 30, 80)), {"epochs": 500, "eta": "auto", "seed": 1}
    else:
        data, kw = gdviz.make_data(seed=3), {"epochs": 400, "eta": 0.012, "seed": 3}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        monkeypatch.setattr(train_module, "FAST_WORK", 10**12)
        slow = gdviz.train(data, **kw)
        monkeypatch.setattr(train_module, "FAST_WORK", 0)
        fast = gdviz.train(data, **kw)
    assert len(fast) == len(slow) and fast.meta.get("diverged_at") == slow.meta.get("diverged_at")
    for name in ("w0", "w1", "loss", "grad_w0", "grad_w1"):
        close(getattr(fast, name), getattr(slow, name), rel=1e-9)


def test_a_million_epochs_train_and_converge():
    # Takes the moments path: about 2 s here, where the epoch loop takes about 30 s.
    data = gdviz.make_data(seed=0)
    h = gdviz.train(data, epochs=1_000_000, seed=0)
    assert len(h) == 1_000_000 and np.array_equal(h.epoch[-3:], [999_997, 999_998, 999_999])
    assert h.w1[-1] == pytest.approx(gdviz.least_squares(data)[1], abs=1e-9)
