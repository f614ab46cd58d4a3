"""Learning-rate schedules (issue 16, item 7): the η per epoch, recorded, saved and loaded, and bad specs."""

import math

import numpy as np
import pytest

import gdviz
from gdviz.training.core import Points, descend
from gdviz.training.optimizers import make
from gdviz.training.rates import RATE_SCHEDULES, parse_rate_schedule

EPOCHS = 40


@pytest.fixture(scope="module")
def data():
    return gdviz.make_data(n=40, seed=0)


FORMULAS = {
    "constant": lambda eta, t: eta,
    "inverse:decay=0.05": lambda eta, t: eta / (1 + 0.05 * t),
    "exp:gamma=0.9": lambda eta, t: eta * 0.9**t,
    "step:every=7:factor=0.25": lambda eta, t: eta * 0.25 ** (t // 7),
    "cosine": lambda eta, t: eta * 0.5 * (1 + math.cos(math.pi * t / EPOCHS)),
}


@pytest.mark.parametrize("spec", sorted(FORMULAS))
def test_each_schedule_gives_its_formula(spec):
    etas = parse_rate_schedule(spec).etas(0.01, EPOCHS)
    assert etas.shape == (EPOCHS,)
    assert etas == pytest.approx([FORMULAS[spec](0.01, t) for t in range(EPOCHS)], rel=1e-12)


@pytest.mark.parametrize("optimizer", ["gd", "sgd", "momentum", "adam"])
def test_train_records_the_eta_each_epoch_used(data, optimizer, tmp_path):
    h = gdviz.train(data, epochs=EPOCHS, optimizer=optimizer, seed=0, schedule="exp:gamma=0.9")
    eta = h.meta["eta"]
    assert h.meta["schedule"] == "exp:gamma=0.9"
    assert [h.eta_at(k) for k in range(len(h))] == pytest.approx([eta * 0.9**t for t in range(EPOCHS)], rel=1e-12)
    again = gdviz.History.load(h.save(tmp_path / "run.npz"))
    assert np.array_equal(again.etas, h.etas) and again.meta["schedule"] == h.meta["schedule"]
    assert again.eta_at(EPOCHS - 1) == h.eta_at(EPOCHS - 1)


def test_the_core_steps_with_the_scheduled_eta(data):
    """gd's weights with a schedule: w_{k+1} = w_k - eta_k g_k, the recorded gradient, to rounding."""
    h = gdviz.train(data, epochs=EPOCHS, seed=0, schedule="step:every=5:factor=0.5")
    for k in range(len(h) - 1):
        assert h.w0[k + 1] == pytest.approx(h.w0[k] - h.eta_at(k) * h.grad_w0[k], rel=1e-12, abs=1e-12)
        assert h.w1[k + 1] == pytest.approx(h.w1[k] - h.eta_at(k) * h.grad_w1[k], rel=1e-12, abs=1e-12)
    # The same steps by the core directly, and the moments path agrees with the points path.
    x, y = data.x, data.y
    etas = h.etas
    run = descend(Points(x, y), make("gd", 0.001), h.w0[0], h.w1[0], EPOCHS, etas=etas)
    assert np.allclose(run.rows[:, 0], h.w0, rtol=1e-12)


def test_constant_records_nothing_new_and_old_files_load(data, tmp_path):
    h = gdviz.train(data, epochs=EPOCHS, seed=0)
    assert h.etas is None and "schedule" not in h.meta and h.eta_at(3) == h.meta["eta"]
    assert gdviz.train(data, epochs=EPOCHS, seed=0, schedule="constant").meta == h.meta
    path = h.save(tmp_path / "old.npz")  # a history with no eta array, as every file before schedules
    with np.load(path) as npz:
        assert "eta" not in npz.files
    assert gdviz.History.load(path).eta_at(0) == 0.001
    rec = gdviz.Recorder(data)
    rec.record(w0=0.0, w1=1.0, loss=1.0)
    assert rec.history().eta_at(0) is None


@pytest.mark.parametrize("spec, words", [
    ("warmup", "Unknown learning-rate schedule 'warmup'"),
    ("exp:gamma=1.5", "`gamma` of the learning-rate schedule exp must be a number in (0, 1]"),
    ("step:every=0", "`every` of the learning-rate schedule step must be a whole number >= 1"),
    ("step:every=2.5", "must be a whole number >= 1"),
    ("inverse:decay=-1", "`decay` of the learning-rate schedule inverse must be a finite number >= 0"),
    ("inverse:decay=nan", "must be a finite number >= 0"),
    ("cosine:T=10", "The learning-rate schedule cosine has no key 'T'"),
    ("exp:gamma", "got nothing"),
    (0.9, "`schedule` must be a learning-rate schedule spec"),
])
def test_a_bad_spec_is_one_sentence_before_training(data, spec, words):
    with pytest.raises(gdviz.GdvizError) as err:
        gdviz.train(data, epochs=EPOCHS, schedule=spec)
    assert words in str(err.value) and str(err.value).count(". ") == 0


def test_every_schedule_has_its_defaults():
    specs = [parse_rate_schedule(name).spec for name in RATE_SCHEDULES]
    assert specs == ["constant", "inverse:decay=0.01", "exp:gamma=0.99", "step:every=100:factor=0.5", "cosine"]
    assert parse_rate_schedule("STEP: every = 3").spec == "step:every=3:factor=0.5"


def test_the_legend_names_the_schedule(data):
    runs = [gdviz.train(data, epochs=EPOCHS, seed=0, schedule=s) for s in ("constant", "cosine")]
    anim = gdviz.Animation(runs, size=(320, 180), max_frames=3)
    assert anim.labels == ["gd constant", "gd cosine"]
    assert gdviz.Animation(runs[1], size=(320, 180), max_frames=3).labels == ["gd cosine"]
    assert anim.frame(-1).shape[:2] == (180, 320)


def test_the_cli_takes_a_schedule(tmp_path, capsys):
    from gdviz.cli import main

    out = tmp_path / "run.npz"
    assert main(["train", "--epochs", "30", "--schedule", "inverse:decay=0.5", "-o", str(out)]) == 0
    assert "learning-rate schedule inverse:decay=0.5, eta 6.452e-05 at the last epoch" in capsys.readouterr().out
    assert gdviz.History.load(out).eta_at(29) == pytest.approx(0.001 / 15.5)
    assert main(["train", "--schedule", "exp:gamma=2", "-o", str(out)]) == 2
    assert "gdviz: error: The `gamma` of the learning-rate schedule exp" in capsys.readouterr().err


def test_the_explore_page_refuses_a_scheduled_history(data):
    h = gdviz.train(data, epochs=EPOCHS, seed=0, schedule="cosine")
    with pytest.raises(gdviz.GdvizError, match="learning-rate schedule cosine.*explore its data instead"):
        gdviz.explore(h)
