"""The advice for a run that ends far from least squares follows what the run did, and names the run."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import gdviz
from gdviz import cli
from gdviz.training.diagnostics import still_falling

FAST = ["--size", "320x180", "--max-frames", "6", "--no-progress"]


def advice(data, **kw) -> str:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gdviz.train(data, seed=0, **kw)
    far = [str(w.message) for w in caught if "least-squares" in str(w.message)]
    assert len(far) == 1, [str(w.message) for w in caught]
    return far[0]


@pytest.mark.parametrize("name", ["adam", "rmsprop"])
@pytest.mark.parametrize("eta", [0.001, 0.002])
def test_a_run_still_walking_down_is_told_to_go_further(tutorial_data, name, eta):
    # 300 epochs at about eta per step cover a fraction of the 5.3 to the least-squares
    # slope: hundreds of times above least squares, and still falling every epoch.
    text = advice(tutorial_data, optimizer=name, eta=eta)
    assert "times the least-squares" in text
    assert "train more epochs" in text and "raise eta" in text and "lower eta" not in text


@pytest.mark.parametrize("name, kw", [
    ("rmsprop", {"eta": 0.2}),  # hops eta/2 either side of the optimum
    ("adam", {"eta": 3.0, "epochs": 50}),  # overshoots, climbing the far wall at the end
    ("adam", {"eta": 1.0, "epochs": 20}),
])
def test_a_run_hopping_around_the_optimum_is_told_to_lower_eta(tutorial_data, name, kw):
    text = advice(tutorial_data, optimizer=name, **kw)
    assert "lower eta" in text and "raise eta" not in text and "more epochs" not in text


def test_falling_means_falling_steadily_to_the_end():
    assert still_falling(np.array([9.0, 8.0, 7.0, 6.9, 6.8, 6.79, 6.789, 6.7889]))  # slowly, but every epoch
    assert still_falling(np.array([535.0, 534.0, 533.0, 532.0]))  # far above least squares, still walking
    assert not still_falling(np.array([9.0, 5.0, 3.0, 2.0, 2.5, 2.0, 2.5, 2.0]))  # hopping
    assert not still_falling(np.array([9.0, 5.0, 3.0, 2.0, 2.0, 2.0, 2.0, 2.0]))  # stuck
    assert not still_falling(np.array([9.0, 5.0, 3.0, 2.0, 1.9, 1.8, 1.9, 1.7]))  # fell, but rose on the way
    assert still_falling(np.array([3.0, 2.0, 2.5]))  # too short to tell


@pytest.fixture
def drawn(monkeypatch):
    """Run `gdviz compare` without drawing: the Animation is kept, nothing is written."""
    got = {}

    def animate(anim, out, fmt, args):
        got["anim"] = anim
        return 0

    monkeypatch.setattr(cli, "_animate", animate)
    return got


def test_compare_names_the_run_each_warning_is_about(drawn, capsys):
    assert cli.main(["compare", "--optimizers", "gd,adam,rmsprop", "--eta", "0.001", *FAST]) == 0
    err = capsys.readouterr().err.splitlines()
    warned = [line for line in err if line.startswith("gdviz: warning:")]
    assert len(warned) == 2, err
    assert warned[0].startswith("gdviz: warning: adam: After 300 epochs the SSE is 535.6, 579 times")
    assert warned[1].startswith("gdviz: warning: rmsprop: After 300 epochs")
    assert all("raise eta" in line and "lower eta" not in line for line in warned)


def test_compare_at_several_etas_names_each_run_by_its_eta(drawn, capsys):
    assert cli.main(["compare", "--optimizers", "rmsprop", "--eta", "0.002,0.2", *FAST]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if line.startswith("gdviz: warning:")]
    assert [line.split(": ")[2] for line in warned] == ["η=0.002", "η=0.2"]
    assert "raise eta" in warned[0] and "lower eta" in warned[1]
