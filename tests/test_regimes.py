"""Regimes named from the data's own Hessian, epochs to 1% of least squares, and the bowl's axes."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import gdviz
from gdviz.data.moments import Moments
from gdviz.report import report, summary_lines
from gdviz.training.diagnostics import Conditioning, regime
from gdviz.training.facts import run_facts

SMALL = (320, 180)
TUTORIAL_GD = {0.0005: "creeps", 0.003: "converges", 0.00745: "fastest", 0.007: "oscillates", 0.0085: "diverges"}


@pytest.fixture(scope="module")
def cond(tutorial_data):
    return Conditioning.of(Moments.of(tutorial_data))


@pytest.fixture(scope="module")
def five(tutorial_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gdviz.GdvizWarning)
        return [gdviz.train(tutorial_data, eta=eta, seed=0) for eta in TUTORIAL_GD]


def test_the_tutorial_bowl_has_the_issues_eigenvalues(cond):
    assert cond.lam_max == pytest.approx(255.4, abs=0.05) and cond.lam_min == pytest.approx(13.2, abs=0.05)


def test_the_five_gd_regimes_on_the_tutorials_data(cond, five):
    for (eta, name), history in zip(TUTORIAL_GD.items(), five):
        assert regime("gd", eta, cond, 300) == name
        assert history.meta["regime"] == name


def test_fastest_spans_the_issues_band(cond):
    assert regime("gd", 0.00709, cond, 300) == regime("gd", 0.00745, cond, 300) == "fastest"
    assert regime("gd", 0.00706, cond, 300) == regime("gd", 0.00748, cond, 300) == "oscillates"


def test_creeps_depends_on_the_runs_length(cond):
    # ln 100 / -ln(1 - 0.0005 * 13.24) is about 694 epochs
    assert regime("gd", 0.0005, cond, 600) == "creeps" and regime("gd", 0.0005, cond, 800) == "converges"


@pytest.mark.parametrize("optimizer", ["momentum", "nesterov"])
@pytest.mark.parametrize("eta, beta, name", [(0.001, 0.1, "converges"), (0.001, 0.9, "ripples"),
                                             (0.02, 0.9, "diverges")])
def test_momentum_and_nesterov_regimes_from_the_roots(cond, optimizer, eta, beta, name):
    assert regime(optimizer, eta, cond, 300, {"beta": beta}) == name
    # the same from the 2x2 iteration matrices, per eigen-direction
    moduli, complex_ = [], False
    for lam in (cond.lam_min, cond.lam_max):
        a = eta * lam
        b, c = (1 + beta - a, beta) if optimizer == "momentum" else ((1 + beta) * (1 - a), beta * (1 - a))
        z = np.linalg.eigvals(np.array([[b, -c], [1.0, 0.0]]))
        moduli.append(np.abs(z).max())
        complex_ |= bool(abs(z.imag).max() > 0)
    assert name == ("diverges" if max(moduli) >= 1 else "ripples" if complex_ else "converges")


def test_the_adaptive_optimizers_have_no_regime(tutorial_data, cond):
    assert regime("adam", 0.1, cond, 300) is None
    h = gdviz.train(tutorial_data, epochs=20, optimizer="adam", seed=0)
    assert h.meta["regime"] is None and run_facts(h).regime is None


def test_epochs_to_one_percent_is_the_first_epoch_within_one_percent(five, tutorial_data):
    m = Moments.of(tutorial_data)
    best = m.optimum()[2]
    for h in five:
        gap = np.array([(loss - best) / best for loss in h.loss])  # best > 0: the gap's reference is best
        direct = next((k for k, g in enumerate(gap) if g <= 0.01), None)
        assert run_facts(h).to_gap == direct
    assert [run_facts(h).to_gap is None for h in five] == [True, False, False, False, True]


def test_the_regime_is_saved_and_loaded(five, tmp_path):
    five[3].save(tmp_path / "run.npz")
    assert gdviz.History.load(tmp_path / "run.npz").meta["regime"] == "oscillates"


def test_an_older_file_without_a_regime_gets_one_recomputed(five):
    meta = {k: v for k, v in five[1].meta.items() if k != "regime"}
    old = gdviz.History(epoch=five[1].epoch, w0=five[1].w0, w1=five[1].w1, loss=five[1].loss,
                        grad_w0=five[1].grad_w0, grad_w1=five[1].grad_w1, data=five[1].data, meta=meta)
    assert run_facts(old).regime == "converges"


def test_the_report_names_the_regime_and_the_epoch(five):
    lines = summary_lines(report(five[2]))
    to = run_facts(five[2]).to_gap
    assert f"regime: fastest; within 1% of least squares from epoch {to}" in lines
    assert "regime: creeps; never within 1% of least squares in 300 epochs" in summary_lines(report(five[0]))


@pytest.fixture(scope="module")
def regimes_anim(five):
    return gdviz.Animation(five, size=(640, 360), max_frames=4, axes=True)


def test_the_legend_names_each_runs_regime_and_epochs_to_one_percent(regimes_anim, five):
    regimes_anim.figure  # built
    text = regimes_anim._legend.text(regimes_anim.moment(0)).split("\n")
    assert text[0].split()[-2:] == ["to", "1%"] and "regime" in text[0]
    for k, h in enumerate(five):
        to = run_facts(h).to_gap
        assert h.meta["regime"] in text[k + 1].split()
        assert (f"{to:,}" if to is not None else "—") in text[k + 1].split()
    # the diverging run: its regime while its line is off the chart, "diverged" once it stopped
    boom = five[4]
    for epoch, word in ((len(boom) - 2, "diverges"), (len(boom) + 5, "diverged")):
        row = regimes_anim._legend.text(regimes_anim.moment(epoch)).split("\n")[5]
        assert row.split()[2] == word, row


def test_the_axes_are_the_hessians_eigenvectors_through_the_optimum(regimes_anim, tutorial_data):
    surface = regimes_anim.panels[1]
    labels = [a.get_text() for a in surface._axis_labels]
    assert labels[0].startswith("steep, λ = 255.4") and labels[1].startswith("shallow, λ = 13.2")
    m = Moments.of(tutorial_data)
    ow0, ow1, _ = m.optimum()
    lines = [ln for ln in surface.ax.lines if ln.get_linestyle() not in ("None", "none", "")][-2:]
    lengths = []
    for line, (lam, vec) in zip(lines, [(255.4, np.linalg.eigh(m.hessian())[1][:, 1]),
                                        (13.24, np.linalg.eigh(m.hessian())[1][:, 0])]):
        xs, ys = line.get_data()
        assert (xs.mean(), ys.mean()) == pytest.approx((ow0, ow1))
        d = np.array([xs[1] - xs[0], ys[1] - ys[0]])
        assert abs(np.dot(d / np.linalg.norm(d), vec)) == pytest.approx(1.0)
        lengths.append(np.linalg.norm(d))
    assert lengths[1] / lengths[0] == pytest.approx(math.sqrt(255.388 / 13.2378), rel=1e-3)


def test_axes_without_a_surface_is_one_clear_error(five):
    with pytest.raises(gdviz.GdvizError, match="principal axes on the surface panel.*add it"):
        gdviz.Animation(five[0], panels=("fit", "loss"), axes=True)


# -- fair races ---------------------------------------------------------------------------------

def _to_gap(history) -> float:
    to = run_facts(history).to_gap
    return math.inf if to is None else to


@pytest.mark.parametrize("optimizer, options", [
    ("gd", {}), ("momentum", {}), ("nesterov", {"beta": 0.5}), ("adagrad", {}), ("rmsprop", {}), ("adam", {}),
    ("sgd", {"batch_size": 10}),
])
def test_the_tuned_eta_is_never_slower_to_one_percent_than_the_default(optimizer, options):
    data = gdviz.make_data(n=40, seed=5)
    epochs = 60 if optimizer == "sgd" else 300
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gdviz.GdvizWarning)
        eta = gdviz.tune(data, optimizer, epochs=epochs, seed=2, **options)
        default = gdviz.optimizers.OPTIMIZERS[optimizer].default_eta
        assert eta in gdviz.training.tune.eta_grid(default) and default in gdviz.training.tune.eta_grid(default)
        tuned = gdviz.train(data, epochs=epochs, optimizer=optimizer, eta=eta, seed=2, **options)
        plain = gdviz.train(data, epochs=epochs, optimizer=optimizer, seed=2, **options)
    assert _to_gap(tuned) <= _to_gap(plain)


def test_tune_takes_trains_options_but_no_eta(tutorial_data):
    with pytest.raises(gdviz.GdvizError, match="tune\\(\\) finds eta"):
        gdviz.tune(tutorial_data, "gd", eta=0.1)
    with pytest.raises(gdviz.GdvizError, match="`epochs` must be"):
        gdviz.tune(tutorial_data, "gd", epochs=0)
    with pytest.raises(gdviz.GdvizError, match="beta"):
        gdviz.tune(tutorial_data, "adam", beta=0.5)


def test_compare_tune_prints_each_eta_and_says_so_in_the_title(monkeypatch, capsys):
    from gdviz import cli

    got = {}
    monkeypatch.setattr(cli, "_animate", lambda anim, out, fmt, args: got.setdefault("anim", anim) and 0)
    fast = ["--size", "320x180", "--max-frames", "6", "--no-progress", "--optimizers", "gd,adam", "--epochs", "100"]
    assert cli.main(["compare", "--tune", *fast]) == 0
    out = capsys.readouterr().out
    anim = got.pop("anim")
    for label, h in zip(anim.labels, anim.runs):
        assert f"gdviz: {label}: tuned η " in out
        assert h.meta["eta"] == gdviz.tune(gdviz.make_data(seed=0), label, epochs=100, seed=0)
    anim.figure  # built: the header
    assert anim.title == "each at its tuned η" and anim._header_text(0).endswith("each at its tuned η")
    assert cli.main(["compare", *fast]) == 0
    assert got["anim"].title == "each at its default η: gd 0.001, adam 0.1"
    assert cli.main(["compare", "--tune", "--eta", "0.1", *fast]) == 2
    assert "--tune finds each run's eta, and --eta gives them; give one of them." in capsys.readouterr().err


# -- words --------------------------------------------------------------------------------------

_TIME = r"(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})"


def parse_webvtt(text: str) -> list:
    """A strict WebVTT reader for what gdviz writes: [(start s, end s, text)], or AssertionError.

    The signature line, a blank line, then blocks separated by one blank line: an
    optional identifier line, a timing line ``hh:mm:ss.ttt --> hh:mm:ss.ttt``, one or more
    payload lines without ``-->``; start < end, starts never decreasing.
    """
    import re

    assert "\r" not in text and "\0" not in text
    lines = text.split("\n")
    assert lines[0] == "WEBVTT" and lines[1] == "", lines[:2]
    blocks = "\n".join(lines[2:]).strip("\n").split("\n\n")
    cues, last_start = [], 0.0
    for block in blocks:
        rows = block.split("\n")
        if "-->" not in rows[0]:
            assert rows[0].strip() and "-->" not in rows[0]
            rows = rows[1:]
        m = re.fullmatch(_TIME + " --> " + _TIME, rows[0])
        assert m, rows[0]
        h1, m1, s1, t1, h2, m2, s2, t2 = (int(g) for g in m.groups())
        start, end = h1 * 3600 + m1 * 60 + s1 + t1 / 1000, h2 * 3600 + m2 * 60 + s2 + t2 / 1000
        assert start < end and start >= last_start, (start, end, last_start)
        payload = rows[1:]
        assert payload and all(p.strip() and "-->" not in p for p in payload), payload
        cues.append((start, end, "\n".join(payload)))
        last_start = start
    return cues


@pytest.fixture(scope="module")
def talk(tmp_path_factory, five):
    anim = gdviz.Animation(five[2:4], size=(288, 162), max_frames=8)
    path = tmp_path_factory.mktemp("words") / "talk.mp4"
    anim.save(path, captions=True, progress=False)
    return anim, path


def test_captions_are_webvtt_beside_the_video_and_inside_its_duration(talk):
    import subprocess

    from gdviz.formats import ffmpeg_exe

    anim, path = talk
    vtt = path.with_suffix(".vtt")
    cues = parse_webvtt(vtt.read_text(encoding="utf-8"))
    # the video's duration, decoded: its frames at its frame rate
    out = subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(path), "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    frames = len(out) // (288 * 162)
    from gdviz.drawing.schedule import ticks

    assert frames * 288 * 162 == len(out) and frames == ticks(anim.seconds(30.0), 1 / 30.0).sum()
    duration = frames / 30.0
    assert cues and all(0 <= a < b <= duration + 1e-3 for a, b, _ in cues)
    texts = [t for _, _, t in cues]
    assert any("η=0.00745: oscillation" in t for t in texts) and any("η=0.007: convergence" in t for t in texts)
    to = run_facts(anim.runs[1]).to_gap
    assert f"η=0.007: convergence: within 1% of least squares from epoch {to}" in texts


def test_phases_name_what_each_regime_does(five):
    from gdviz.drawing.words import phases

    names = [{p.name for p in phases(h)} for h in five]
    assert "slow crawl" in names[0] and "convergence" not in names[0]
    assert {"fast fall", "slow crawl", "convergence"} <= names[1]
    assert {"oscillation", "convergence"} <= names[3]
    assert {"divergence", "oscillation"} <= names[4]


def test_describe_says_the_data_the_runs_their_sse_regime_and_epochs(talk):
    anim, _ = talk
    words = anim.describe()
    assert "200 points" in words and "2 runs" in words
    for h, label in zip(anim.runs, anim.labels):
        f = run_facts(h)
        assert f"{label}: the SSE goes from 734.3 to 0.9243" in words
        assert f"its regime: {h.meta['regime']}; within 1% of least squares from epoch {f.to_gap}." in words


def test_the_page_and_the_slide_carry_the_words(tmp_path, five):
    pytest.importorskip("pptx")
    from pptx import Presentation

    anim = gdviz.Animation(five[0], size=(288, 162), max_frames=4)
    page = anim.save(tmp_path / "a.html", progress=False).read_text(encoding="utf-8")
    import html

    assert f'aria-label="{html.escape(anim.describe(), quote=True)}"' in page
    assert '<track kind="captions" srclang="en" label="English" default src="data:text/vtt;base64,' in page
    slide = anim.save(tmp_path / "a.pptx", progress=False)
    movie = next(iter(Presentation(str(slide)).slides[0].shapes))
    assert movie.element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr") == anim.describe()


def test_captions_with_a_format_that_is_no_video_is_one_clear_error(tmp_path, five):
    anim = gdviz.Animation(five[0], size=(288, 162), max_frames=4)
    with pytest.raises(gdviz.GdvizError, match=r"Captions go beside a video .*\.gif is not one"):
        anim.save(tmp_path / "a.gif", captions=True)
    assert not list(tmp_path.iterdir())


def test_the_command_line_says_captions_and_axes_in_its_own_flags(tmp_path, capsys):
    from gdviz import cli

    assert cli.main(["render", "--captions", "-o", str(tmp_path / "talk.gif")]) == 2
    assert "drop --captions" in capsys.readouterr().err
    assert cli.main(["render", "--axes", "--panels", "fit,loss", "-o", str(tmp_path / "a.gif")]) == 2
    assert "add it (e.g. fit,surface), or drop --axes" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_the_notebook_video_carries_the_label_and_the_captions(five):
    import html

    anim = gdviz.Animation(five[3], size=(288, 162), max_frames=3)
    page = anim._repr_html_()
    assert f'aria-label="{html.escape(anim.describe(), quote=True)}"' in page
    assert page.count('<track kind="captions"') == 1
