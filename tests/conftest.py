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
