"""`gdviz compare`: the run list the flags ask for, trained from one start on one data set."""

from __future__ import annotations

import numpy as np
import pytest

import gdviz
from gdviz import cli

FAST = ["--size", "320x180", "--max-frames", "6", "--no-progress"]


@pytest.fixture
def captured(monkeypatch):
    """The Animation `gdviz compare` would write (and the path), without drawing it."""
    got = {}

    def animate(anim, out, fmt, args):
        got["anim"], got["out"] = anim, out
        return 0

    monkeypatch.setattr(cli, "_animate", animate)
    return got


def test_the_default_race_is_gd_momentum_adam_from_one_start(tmp_path, monkeypatch, captured, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["compare", *FAST]) == 0
    anim = captured["anim"]
    assert anim.labels == ["gd", "momentum", "adam"]
    assert [h.meta["optimizer"] for h in anim.runs] == ["gd", "momentum", "adam"]
    starts = {(h.w0[0], h.w1[0]) for h in anim.runs}
    assert len(starts) == 1  # the same starting line for every run
    assert all(np.array_equal(h.data.x, anim.runs[0].data.x) for h in anim.runs)
    assert captured["out"] == tmp_path / "renders" / "compare.gif" or str(captured["out"]) == "renders/compare.gif"
    out = capsys.readouterr().out
    assert "gdviz: momentum:" in out and "gdviz: adam:" in out


def test_eta_alone_sweeps_gd(captured):
    assert cli.main(["compare", "--eta", "0.0005,0.003", *FAST]) == 0
    anim = captured["anim"]
    assert anim.labels == ["η=0.0005", "η=0.003"]
    assert [(h.meta["optimizer"], h.meta["eta"]) for h in anim.runs] == [("gd", 0.0005), ("gd", 0.003)]


def test_one_optimizer_at_several_etas_and_a_grid(captured):
    assert cli.main(["compare", "--optimizers", "adam", "--eta", "0.05,0.2", "--epochs", "30", *FAST]) == 0
    assert captured["anim"].labels == ["η=0.05", "η=0.2"]
    assert cli.main(["compare", "--optimizers", "momentum:beta=0.5,adam", "--eta", "0.001,0.01", "--epochs", "30",
                     *FAST]) == 0
    anim = captured["anim"]
    assert anim.labels == ["momentum beta=0.5 η=0.001", "momentum beta=0.5 η=0.01", "adam η=0.001", "adam η=0.01"]
    assert anim.runs[0].meta["hyperparameters"] == {"beta": 0.5}


def test_saved_runs_compare_and_labels_override(tmp_path, captured):
    data = gdviz.make_data(n=30, seed=2)
    gdviz.train(data, epochs=20, eta=0.002, seed=2).save(tmp_path / "a.npz")
    gdviz.train(data, epochs=20, optimizer="momentum", seed=2).save(tmp_path / "b.npz")
    files = f"{tmp_path / 'a.npz'},{tmp_path / 'b.npz'}"
    assert cli.main(["compare", "--history", files, *FAST]) == 0
    assert captured["anim"].labels == ["gd", "momentum"]
    assert cli.main(["compare", "--history", files, "--labels", "slow,rolling", *FAST]) == 0
    assert captured["anim"].labels == ["slow", "rolling"]


def test_compare_writes_a_real_animation(tmp_path):
    import imageio.v3 as iio

    out = tmp_path / "race.gif"
    assert cli.main(["compare", "-o", str(out), "--epochs", "40", *FAST]) == 0
    frames = iio.imread(out, index=None)
    assert frames.shape[1:3] == (180, 320) and len(frames) >= 4
    assert not np.array_equal(frames[0], frames[-1])


def test_render_takes_the_overlay_flags(tmp_path, monkeypatch, captured):
    assert cli.main(["render", "-o", str(tmp_path / "x.gif"), "--residuals", "squares", "--no-gradient",
                     "--no-reference", *FAST]) == 0
    overlays = captured["anim"].overlays
    assert (overlays.residuals, overlays.gradient, overlays.reference) == ("squares", False, False)


def test_etas_that_agree_to_three_digits_still_get_their_own_labels(captured):
    assert cli.main(["compare", "--eta", "0.1,0.1000001", "--epochs", "5", *FAST]) == 0
    assert captured["anim"].labels == ["η=0.1", "η=0.1000001"]
    assert cli.main(["compare", "--eta", "0.0213457,0.003", "--epochs", "5", *FAST]) == 0
    assert captured["anim"].labels == ["η=0.0213", "η=0.003"]  # as the Python API writes them
