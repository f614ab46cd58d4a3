"""The maths panel and the optimizer state it shows (issue 16, item 1).

The numbers the panel writes are the History's: the row's weights, SSE and gradients,
the optimizer's state replayed exactly (its own ``step`` on the recorded gradients lands
on the next recorded weights, bit for bit), and the next row's weights as the update's
result. The panel draws exactly maths_lines' lines; in SVG and PDF stills each line is
one text element. Nesterov's look-ahead gradients are saved in .npz; files saved before
them still load.
"""

from __future__ import annotations

import html
import re
import warnings
import zipfile

import numpy as np
import pytest

import gdviz
from gdviz.drawing.mathstext import epoch_numbers, maths_lines
from gdviz.drawing.tickformat import number
from gdviz.errors import GdvizError
from gdviz.training.optimizers import OPTIMIZERS, make
from gdviz.training.state import epoch_states

NAMES = tuple(OPTIMIZERS)
ROWS = (0, 1, 7, 18, 38)


def n(v: float) -> str:
    return number(v, 4)


@pytest.fixture(scope="module")
def runs(tutorial_data):
    """Every optimizer on the tutorial's data, 40 epochs, as x is and standardised."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in NAMES:
            out[name] = gdviz.train(tutorial_data, optimizer=name, epochs=40, seed=0)
            out[name, "scaled"] = gdviz.train(tutorial_data, optimizer=name, epochs=40, seed=0, scale="standardize")
    return out


@pytest.mark.parametrize("name", NAMES)
def test_the_replayed_state_is_the_one_the_run_used(runs, name):
    """From the state before row k, the optimizer's own step on row k's numbers gives row k+1 exactly."""
    for key in (name, (name, "scaled")):
        h = runs[key]
        states = epoch_states(h, ROWS)
        assert sorted(states) == list(ROWS)
        if name == "sgd":
            assert states[7] == {"steps": 10, "batch": 20}
            continue
        for k in ROWS:
            method = make(name, h.eta_at(k), **h.meta["hyperparameters"])
            for attr, value in states[k]["before"].items():
                setattr(method, attr, value)
            ahead = states[k]["ahead"]
            got = method.step(float(h.w0[k]), float(h.w1[k]), float(h.grad_w0[k]), float(h.grad_w1[k]),
                              lambda w0, w1: ahead)
            assert got == (h.w0[k + 1], h.w1[k + 1]), (key, k)
            assert method.state() == states[k]["after"]


@pytest.mark.parametrize("name", NAMES)
def test_the_panels_numbers_are_the_historys(runs, name):
    """w, the SSE, the gradients and the next weights, at several epochs, as the lines write them."""
    for key in (name, (name, "scaled")):
        h = runs[key]
        x = "x′" if h.scaled else "x"
        for k in ROWS:
            lines = maths_lines(epoch_numbers(h, k))
            text = "\n".join(lines)
            w0, w1 = float(h.w0[k]), float(h.w1[k])
            plus = f" − {n(-w0)}" if w0 < 0 else f" + {n(w0)}"
            assert f"forward: ŷ = w₁·{x} + w₀ = {n(w1)}·{x}{plus}" in lines
            assert f"error: E = ½ Σ (y − ŷ)² = {n(h.loss[k])}" in lines
            assert any(line.endswith(f"∂E/∂w₁ = Σ (ŷ − y)·{x} = {n(h.grad_w1[k])}") for line in lines), text
            assert f"   ∂E/∂w₀ = Σ (ŷ − y) = {n(h.grad_w0[k])}" in lines
            assert lines[0].startswith(f"epoch {k} · {name} · η = {n(h.meta['eta'])}")
            if name == "sgd":
                assert f"w₁: {n(w1)} → {n(h.w1[k + 1])}" in lines and f"w₀: {n(w0)} → {n(h.w0[k + 1])}" in lines
                assert "update: 10 steps of batch 20 this epoch," in lines
                continue
            # Each weight's update: its symbols, then "= old − η × (step) = new", new the next row's weight.
            for i, old, new in (("₁", w1, h.w1[k + 1]), ("₀", w0, h.w0[k + 1])):
                at = next(j for j, line in enumerate(lines) if line.startswith(f"w{i} ← w{i} − η·"))
                assert lines[at + 1].startswith(f"   = {n(old)} − {n(h.meta['eta'])} × (")
                assert lines[at + 1].endswith(f") = {n(new)}")
            if h.scaled:
                assert any(line.startswith("   on scaled data x′ = (x − ") for line in lines)
                b, a = float(h.intercept[k]), float(h.slope[k])
                assert f"   so ŷ = {n(a)}·x{f' − {n(-b)}' if b < 0 else f' + {n(b)}'}" in lines


def test_each_optimizer_shows_its_own_state(runs):
    def lines(name):
        h = runs[name]
        return maths_lines(epoch_numbers(h, 7, epoch_states(h, [7])[7]))

    s = epoch_states(runs["momentum"], [7])[7]
    assert f"   = 0.9 × ({n(s['before']['v1'])}) + ({n(runs['momentum'].grad_w1[7])}) = {n(s['after']['v1'])}" \
        in lines("momentum")
    s = epoch_states(runs["nesterov"], [7])[7]
    assert any(f"+ ({n(s['ahead'][1])}) = {n(s['after']['v1'])}" in line for line in lines("nesterov"))
    assert "update: look ahead to w − ηβv" in lines("nesterov")
    assert "G₁ ← G₁ + (∂E/∂w₁)²" in lines("adagrad")
    assert "s₀ ← ρ·s₀ + (1 − ρ)·(∂E/∂w₀)²" in lines("rmsprop")
    adam = lines("adam")
    assert "update: step t = 8" in adam and any(line.startswith("m̂₁ = m₁/(1 − β₁ᵗ) = ") for line in adam)
    assert any(line.startswith("v̂₀ = v₀/(1 − β₂ᵗ) = ") for line in adam)
    assert all("$" not in line and "-" not in line.replace("E/∂", "") for line in adam)  # U+2212, no mathtext


def test_the_last_row_and_a_history_without_eta_say_the_update_was_not_recorded(runs, tutorial_data):
    h = runs["adam"]
    assert maths_lines(epoch_numbers(h, len(h) - 1))[-1] == "update: not recorded (this is the run's last row)"
    rec = gdviz.Recorder(tutorial_data)
    for w0, w1 in ((1.0, -2.0), (1.1, -1.8)):
        rec.record(w0=w0, w1=w1, loss=1.0, grad_w0=0.5, grad_w1=0.25)
    recorded = rec.history()
    assert recorded.eta_at(0) is None
    assert maths_lines(epoch_numbers(recorded, 0))[-1] == "update: not recorded (no η was recorded)"
    assert runs["gd"].eta_at(3) == runs["gd"].meta["eta"]


def test_npz_keeps_nesterovs_look_ahead_and_old_files_still_load(runs, tmp_path):
    h = runs["nesterov"]
    assert h.ahead_w0 is not None and h.ahead_w0.shape == h.w0.shape and runs["adam"].ahead_w0 is None
    back = gdviz.History.load(h.save(tmp_path / "n.npz"))
    assert np.array_equal(back.ahead_w0, h.ahead_w0) and np.array_equal(back.ahead_w1, h.ahead_w1)
    assert epoch_states(back, ROWS) == epoch_states(h, ROWS)
    # A file saved before the look-ahead was recorded: the same archive without those two arrays.
    old = tmp_path / "old.npz"
    with zipfile.ZipFile(tmp_path / "n.npz") as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.infolist():
            if not item.filename.startswith("ahead_"):
                dst.writestr(item, src.read(item.filename))
    loaded = gdviz.History.load(old)
    assert loaded.ahead_w0 is None and np.array_equal(loaded.w1, h.w1)
    assert maths_lines(epoch_numbers(loaded, 3))[-1] == "update: not recorded (its state was not saved with this run)"
    adam = gdviz.History.load(runs["adam"].save(tmp_path / "a.npz"))  # replayed from the rows alone
    assert epoch_states(adam, ROWS) == epoch_states(runs["adam"], ROWS)


@pytest.fixture(scope="module")
def race(runs):
    return gdviz.Animation([runs["gd"], runs["adam"]], panels=("fit", "maths"), size=(480, 270), max_frames=6,
                           maths_run="adam")


def test_the_panel_draws_exactly_its_lines(race, runs):
    race.frame_at(12)
    panel = race.panels[1]
    assert panel.name == "maths" and panel.run.label == "adam"
    assert panel.ax.get_title(loc="left") == "the maths of one epoch · adam"
    for epoch in (0, 12, 39):
        moment = race.moment(epoch)
        (stamp, text), = panel.stamps(moment)
        assert text.split("\n") == maths_lines(epoch_numbers(runs["adam"], epoch))


def test_svg_and_pdf_stills_hold_each_line_as_one_text(race, runs, tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF back (pip install -e '.[test]')")
    want = maths_lines(epoch_numbers(runs["adam"], 12))
    race.save(tmp_path / "m.svg", at=12)
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    texts = [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
    assert all(line.strip() in {t.strip() for t in texts} for line in want)
    race.save(tmp_path / "m.pdf", at=12)
    (page,) = pypdf.PdfReader(str(tmp_path / "m.pdf")).pages
    pdf = page.extract_text()
    # pypdf writes a combining mark's letter twice (m̂m̂₁); every other line reads back whole.
    assert all(line.strip() in pdf for line in want if "\u0302" not in line)


def test_maths_run_is_a_label_and_needs_the_panel(runs):
    with pytest.raises(GdvizError, match="`maths_run` must be the label of one of the runs"):
        gdviz.Animation([runs["gd"], runs["adam"]], panels="fit,maths", maths_run="sgd")
    with pytest.raises(GdvizError, match="has no maths"):
        gdviz.Animation(runs["gd"], panels="fit,loss", maths_run="gd")
    assert gdviz.Animation([runs["gd"], runs["adam"]], panels="fit,maths").overlays.maths_run == 0


def test_the_command_line_refuses_maths_run_without_the_panel(capsys):
    from gdviz.cli import main

    assert main(["render", "--maths-run", "gd", "-o", "x.gif"]) == 2
    assert "--maths-run chooses the run the maths panel shows" in capsys.readouterr().err
