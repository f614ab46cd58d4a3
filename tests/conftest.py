import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest
from hypothesis import settings

# CI runs the same examples every time (a red build must be reproducible); locally,
# hypothesis explores new ones on every run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

import gdviz


@pytest.fixture(scope="session")
def tutorial_data():
    return gdviz.make_data(seed=0)


@pytest.fixture(scope="session")
def tutorial_history(tutorial_data):
    return gdviz.train(tutorial_data, seed=0)


@pytest.fixture(scope="session")
def short_history():
    """A quick run for render tests: 40 epochs, so a handful of frames."""
    return gdviz.train(gdviz.make_data(n=50, seed=3), epochs=40, eta=0.01, seed=3)


@pytest.fixture(scope="session")
def data():
    """60 points for the comparison tests (several runs on one clock)."""
    return gdviz.make_data(n=60, seed=4)


@pytest.fixture(scope="session")
def sweep(data):
    """Three learning rates from one start, as fractions of 1/λmax: 0.3 crawls, 1.7 oscillates
    and 2.3 diverges (stops early and leaves the window). Histories are frozen: safe to share."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gdviz.GdvizWarning)
        lam = max(np.linalg.eigvalsh(gdviz.data.moments.Moments.of(data).hessian()))
        return [gdviz.train(data, epochs=80, eta=eta / lam, seed=1, w0=1.0, w1=-2.5) for eta in (0.3, 1.7, 2.3)]


@pytest.fixture(scope="session")
def gif_shows():
    """``gif_shows(path, anim)``: the GIF at `path` holds `anim`'s frames, each once, at its size,
    and its first, middle and last frames are `anim`'s as drawn, up to palette rounding.
    A file that merely exists, or holds some other run, fails. Returns the decoded frames."""

    def check(path, anim):
        import imageio.v3 as iio

        frames = iio.imread(path, index=None)
        assert frames.shape == (len(anim), anim.size[1], anim.size[0], 3), (frames.shape, len(anim), anim.size)
        for k in sorted({0, len(anim) // 2, len(anim) - 1}):
            diff = np.abs(frames[k].astype(int) - anim.frame(k).astype(int))
            assert diff.mean() < 3.0 and np.percentile(diff, 99) < 40, (k, diff.mean())
        return frames

    return check


def tutorial_loop(x_1, y, w_1, w_0, epoch=300, eta=0.001):
    """The tutorial's training loop, as it stands there, extended to keep everything it computes."""

    def SSE(y, y_hat):
        return 0.50 * np.sum((y - y_hat) ** 2)

    def Linear(Z):
        return Z

    def dEdW_1(y, y_hat, x_1):
        return np.sum(-(y - y_hat) * x_1)

    def dEdW_0(y, y_hat):
        return np.sum(-(y - y_hat))

    x_0 = 1
    E, W0, W1, G0, G1 = [], [], [], [], []
    for ep in range(epoch):
        Z = w_1 * x_1 + w_0 * x_0
        y_hat = Linear(Z)
        error = SSE(y, y_hat)
        E.append(error)
        W0.append(w_0)
        W1.append(w_1)
        dEdw_1 = dEdW_1(y, y_hat, x_1)
        dEdw_0 = dEdW_0(y, y_hat)
        G0.append(dEdw_0)
        G1.append(dEdw_1)
        w_1 = w_1 - eta * dEdw_1
        w_0 = w_0 - eta * dEdw_0
    return [np.array(v, dtype=float).reshape(-1) for v in (W0, W1, E, G0, G1)]


# -- CI runs everything ------------------------------------------------------------------
# .ci/run sets GDVIZ_NO_SKIPS: there a skipped test (no Chromium, no node, a missing extra)
# fails the run instead of leaving it green, and the summary says which and why.
_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session, exitstatus):
    controller = not hasattr(session.config, "workerinput")  # (pytest-xdist: the workers report here)
    if controller and os.environ.get("GDVIZ_NO_SKIPS") and _skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if os.environ.get("GDVIZ_NO_SKIPS") and _skipped:
        terminalreporter.section("skipped, but GDVIZ_NO_SKIPS (.ci/run) needs every test to run")
        for line in _skipped:
            terminalreporter.line(line)


# -- the longest tests first ---------------------------------------------------------------
# pytest-xdist's work stealing hands each process a contiguous share of the tests and lets
# the idle one take from the end of the other's. A long test near the end keeps one core busy
# while the other waits; first, its time overlaps everyone else's. These are the ones that
# take several seconds each (renders in subprocesses, signals at many moments, memory peaks).
LONGEST_FIRST = (
    "tests/test_interrupts.py::test_a_signal_at_any_moment",
    "tests/test_bounded.py::",
    "tests/test_determinism.py::test_two_processes",
    "tests/test_interrupts.py::test_interrupted_render_leaves_nothing_and_keeps_the_old_file[webm",
    "tests/test_examples.py::test_example_runs_and_writes_what_it_says",
)


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        return next((k for k, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)), len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: the rest keep their order
