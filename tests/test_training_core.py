"""The training core: one loop for every optimizer on either bowl, held to the tutorial's loop."""

from __future__ import annotations

import ast
import os
import signal
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

import gdviz
from gdviz import interrupts, optimizers
from gdviz.data.moments import Moments
from gdviz.training import core
from gdviz.training import train as train_module
from gdviz.training.reference import tutorial_descent
from conftest import tutorial_loop

SRC = Path(gdviz.__file__).parent
COLUMNS = ("w0", "w1", "loss", "grad_w0", "grad_w1")


def rows_of(h):
    return np.column_stack([getattr(h, c) for c in COLUMNS])


def close(a, b, rel=1e-12):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert a.shape == b.shape
    bad = np.abs(a - b) > rel * (1 + np.abs(b))
    assert not bad.any(), f"first mismatch at {np.argwhere(bad)[0]}: {a[bad][0]!r} vs {b[bad][0]!r}"


# -- the reference ------------------------------------------------------------------------------
def test_the_reference_is_the_tutorials_loop_as_written(tutorial_data):
    x, y = tutorial_data.x, tutorial_data.y
    ours = tutorial_descent(x, y, 1.3, -2.4, 0.001, 300)
    theirs = np.column_stack(tutorial_loop(x, y, np.array([-2.4]), np.array([1.3])))
    assert np.array_equal(ours, theirs)  # the same operations in the same order


def test_the_core_is_held_to_the_reference_on_the_tutorials_run(tutorial_data):
    h = gdviz.train(tutorial_data, epochs=300, eta=0.001, seed=0)  # the tutorial's run
    ref = tutorial_descent(tutorial_data.x, tutorial_data.y, h.w0[0], h.w1[0], 0.001, 300)
    close(rows_of(h), ref, rel=1e-12)


def test_the_core_is_held_to_the_reference_on_standardised_x():
    data = gdviz.load_csv(Path(__file__).parent / "data" / "cars.csv")
    h = gdviz.train(data, epochs=200, eta=0.002, seed=1)
    assert h.scaled
    x = (data.x - h.meta["x_shift"]) / h.meta["x_scale"]
    ref = tutorial_descent(x, data.y, h.w0[0], h.w1[0], 0.002, 200)
    scale = np.abs(ref).max(axis=0)  # a gradient passing 0 is compared on its column's scale
    assert (np.abs(rows_of(h) - ref) <= 1e-12 * scale).all()


# -- the two bowls ------------------------------------------------------------------------------
def test_the_sums_give_the_points_sse_and_gradient():
    data = gdviz.make_data(n=500, seed=3)
    m, points = Moments.of(data), core.Points(data.x, data.y)
    for w0, w1 in [(0.0, 0.0), (1.5, -2.5), (-3.0, 7.0), (0.01, 2.99)]:
        a, b = m.sse_and_gradient(w0, w1), points.sse_and_gradient(w0, w1)
        assert all(type(v) is float for v in a + b)
        for u, v in zip(a, b):
            assert u == pytest.approx(v, rel=1e-11, abs=1e-11 * abs(b[0]))
        assert m.gradient(w0, w1) == a[1:]
        assert points.gradient(w0, w1) == b[1:]


def test_the_surface_and_the_trainer_share_one_formula():
    m = Moments.of(gdviz.make_data(seed=0))
    w0s, w1s = np.linspace(-1, 2, 7), np.linspace(-3, 5, 5)
    grid = m.sse(w0s[np.newaxis, :], w1s[:, np.newaxis])
    E, G0, G1 = m.sse_and_gradient(w0s[np.newaxis, :], w1s[:, np.newaxis])
    assert np.array_equal(grid, E) and grid.shape == G0.shape == G1.shape == (5, 7)
    for i, w1 in enumerate(w1s):
        for j, w0 in enumerate(w0s):
            assert m.sse_and_gradient(float(w0), float(w1)) == (E[i, j], G0[i, j], G1[i, j])  # bit for bit
    # At the optimum of an exact line rounding may dip below 0: the SSE never does.
    exact = Moments.of(gdviz.Dataset(np.arange(10.0), 3 * np.arange(10.0) + 1))
    assert exact.sse_and_gradient(1.0, 3.0)[0] >= 0.0 and (exact.sse([1.0, 1.0 + 1e-9], 3.0) >= 0).all()


# -- one loop, one divergence rule ----------------------------------------------------------------
class Bowl:
    """A bowl whose SSE is given per call: what the rule sees, whoever computes it."""

    def __init__(self, losses, gradients=None):
        self.losses, self.gradients, self.calls = list(losses), gradients or {}, 0

    def sse_and_gradient(self, w0, w1):
        k = self.calls
        self.calls += 1
        return self.losses[min(k, len(self.losses) - 1)], *self.gradients.get(k, (1.0, 1.0))

    def gradient(self, w0, w1):
        return 1.0, 1.0


@pytest.mark.parametrize("losses, gradients, stop, blew_up", [
    ([1.0, 1.0, 2.0, 5e5, 2e6], {}, 3, False),  # past 1e6 times the first SSE
    ([1.0, 1.0, 2.0, float("nan")], {}, 2, True),
    ([1.0, 1.0, 2.0, float("inf")], {}, 2, True),
    ([1.0] * 9, {5: (float("inf"), 0.0)}, 4, True),  # call 0 is the first SSE's, call k+1 epoch k's
    ([1.0] * 9, {}, None, False),
])
def test_the_divergence_rule_is_the_loops_for_any_bowl(losses, gradients, stop, blew_up):
    run = core.descend(Bowl(losses, gradients), optimizers.make("gd", 0.1), 0.0, 0.0, 8)
    assert run.diverged_at == stop and run.blew_up == blew_up
    assert len(run.rows) == (8 if stop is None else stop) and np.isfinite(run.rows).all()


@pytest.mark.parametrize("name", list(optimizers.OPTIMIZERS))
def test_every_optimizer_steps_on_floats(name):
    opt = optimizers.make(name, 0.01)
    w = opt.step(1.0, -2.0, 3.0, -4.0, lambda a, b: (a - 0.5, b + 0.5))
    assert len(w) == 2 and all(type(v) is float for v in w)


# -- signals: one cadence of work ---------------------------------------------------------------
@pytest.fixture
def checks(monkeypatch):
    stamps = []
    monkeypatch.setattr(interrupts, "check", lambda: stamps.append(time.process_time()))
    return stamps


def test_checks_come_after_a_fixed_amount_of_work_whatever_the_bowl(monkeypatch, checks):
    data = gdviz.make_data(n=200, seed=0)
    monkeypatch.setattr(train_module, "FAST_WORK", 0)  # on the sums
    gdviz.train(data, epochs=100_000, optimizer="adam", seed=0)
    on_sums = len(checks)
    assert on_sums == -(-100_000 // core.checks_every(2 * core.CALL_WORK))
    checks.clear()
    monkeypatch.setattr(train_module, "FAST_WORK", 10**12)  # on the points
    gdviz.train(data, epochs=10_000, optimizer="adam", seed=0)
    assert len(checks) == -(-10_000 // core.checks_every(200 + core.PASS_WORK + core.CALL_WORK))
    checks.clear()
    big = gdviz.make_data(n=20_000, seed=0)  # one epoch of 20,000 batches checks within the epoch
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gdviz.train(big, epochs=2, optimizer="sgd", batch_size=1, eta=1e-7, seed=0)
    assert len(checks) >= 2 * 20_000 // core.checks_every(1 + core.PASS_WORK + core.CALL_WORK)


@pytest.mark.parametrize("case", ["sums, adam", "points, nesterov", "points, 5,000", "sgd, batches of 1"])
def test_checks_are_milliseconds_of_work_apart(monkeypatch, checks, case):
    """CPU time between two checks (what a busy machine does not stretch): well under 0.1 s."""
    monkeypatch.setattr(train_module, "FAST_WORK", 0 if case.startswith("sums") else 10**12)
    small, big = gdviz.make_data(n=200, seed=0), gdviz.make_data(n=5_000, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if case == "sums, adam":
            gdviz.train(small, epochs=300_000, optimizer="adam", seed=0)
        elif case == "points, nesterov":
            gdviz.train(small, epochs=30_000, optimizer="nesterov", seed=0)
        elif case == "points, 5,000":
            gdviz.train(big, epochs=4000, optimizer="adam", seed=0)
        else:
            gdviz.train(big, epochs=6, optimizer="sgd", batch_size=1, eta=1e-7, seed=0)
    gaps = np.diff(checks)
    assert len(gaps) >= 20 and np.median(gaps) < 0.02 and gaps.max() < 0.1, (len(gaps), np.median(gaps), gaps.max())


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("case", ["sums", "points", "sgd"])
def test_a_signal_stops_training_within_a_tenth_of_a_second(monkeypatch, case):
    """SIGTERM from another thread mid-run: heard at the next check, within 0.1 s of this process's CPU time."""
    before = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    monkeypatch.setattr(train_module, "FAST_WORK", 0 if case == "sums" else 10**12)
    data = gdviz.make_data(n=20_000 if case == "sgd" else 200, seed=0)
    kw = {"sums": dict(epochs=1_000_000, optimizer="adam"), "points": dict(epochs=1_000_000, optimizer="nesterov"),
          "sgd": dict(epochs=50, optimizer="sgd", batch_size=1, eta=1e-7)}[case]
    sent = {}

    def send():
        sent["cpu"] = time.process_time()
        os.kill(os.getpid(), signal.SIGTERM)

    timer = threading.Timer(0.5, send)
    try:
        with interrupts.handled(), pytest.raises(interrupts.Terminated):
            timer.start()
            gdviz.train(data, seed=0, **kw)
        heard = time.process_time()
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, before)
    assert "cpu" in sent, "training ended before the signal was sent"
    assert heard - sent["cpu"] < 0.1


# -- seams ------------------------------------------------------------------------------------------
def test_recorder_extend_is_record_in_bulk(tutorial_data):
    h = gdviz.train(tutorial_data, epochs=40, seed=0)
    one, bulk = gdviz.Recorder(tutorial_data), gdviz.Recorder(tutorial_data)
    for row in rows_of(h):
        one.record(**dict(zip(COLUMNS, row)))
    bulk.extend(rows_of(h)[:15])
    bulk.extend(rows_of(h)[15:].tolist())  # any array-like with five columns
    assert len(bulk) == 40 and bulk.last_loss == h.loss[-1]
    a, b = one.history(), bulk.history()
    for c in COLUMNS:
        assert np.array_equal(getattr(a, c), getattr(b, c))
    for bad in (np.zeros((3, 4)), np.zeros(5), [["a"] * 5], [[True] * 5], None):
        with pytest.raises(gdviz.GdvizError, match="five columns|5 columns"):
            gdviz.Recorder(tutorial_data).extend(bad)


def _imports(path: Path) -> set:
    """The gdviz modules `path` imports (relative imports resolved), any statement, any depth."""
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            if node.module:
                found.add(".".join(base + [node.module]))
            else:
                found.update(".".join(base + [a.name]) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("gdviz"):
            found.add(node.module)
    return found


def test_training_reads_top_down():
    """diagnostics does not import optimizers (the report that did is an outlet now); training
    imports nothing from drawing, formats or the outlets, and the report nothing from drawing."""
    training = {p.stem: _imports(p) for p in (SRC / "training").glob("*.py")}
    assert not any("optimizers" in m for m in training["diagnostics"])
    for name, mods in training.items():
        later = [m for m in mods if m.split(".")[1:2] and m.split(".")[1] in
                 ("drawing", "formats", "report", "explore", "gallery", "cli")]
        assert not later and "gdviz" not in mods, (name, later)
    assert not [m for m in _imports(SRC / "report.py") if ".drawing" in m or ".formats" in m]
