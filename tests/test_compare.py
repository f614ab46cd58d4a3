"""Several runs on one clock: every panel draws every run, exactly as its history says."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from matplotlib import colors as mcolors

import gdviz
from gdviz.drawing.schedule import plan_frames
from gdviz.drawing.theme import THEMES

SMALL = (480, 270)


@pytest.fixture(scope="module")
def race(sweep):
    return gdviz.Animation(sweep, size=SMALL, max_frames=25)


def _value(cell: str) -> float:
    """A legend cell read back: 0.9243, −3.5, 1.266×10⁸."""
    text = cell.replace("−", "-")
    if "×10" in text:
        mantissa, power = text.split("×10")
        return float(mantissa) * 10.0 ** int(power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
    return float(text)


def _at(h, epoch):
    return int(np.searchsorted(h.epoch, epoch, side="right") - 1)


def test_the_diverging_run_stops_early_and_the_others_run_on(sweep):
    assert "diverged_at" in sweep[2].meta and len(sweep[2]) < 80
    assert [len(h) for h in sweep[:2]] == [80, 80]


@pytest.mark.parametrize("where", ["middle frame", "unscheduled epoch", "after the diverged run ended", "last"])
def test_frame_at_draws_every_run_at_that_runs_history(race, sweep, where):
    end = len(sweep[2]) - 1
    scheduled = set(race.epochs.tolist())
    epoch = {"middle frame": int(race.epochs[len(race) // 2]),
             "unscheduled epoch": next(e for e in range(3, 80) if e not in scheduled),
             "after the diverged run ended": end + 5,
             "last": 79}[where]
    frame = race.frame_at(epoch)
    assert frame.shape == (SMALL[1], SMALL[0], 3)
    fit, surface, loss = race.panels
    moment = race.moment(epoch)
    lines = fit.lines.get_segments()
    paths = surface.paths.get_segments()
    live = [k for k in range(3) if not moment.ended[k]]
    cursors = dict(zip(live, loss.cursors.get_offsets()))
    points = dict(zip(live, surface.points.get_offsets()))
    for k, h in enumerate(sweep):
        row = _at(h, epoch)
        assert moment.rows[k] == row and moment.ended[k] == (epoch > h.epoch[-1])
        np.testing.assert_allclose(lines[k][:, 1], h.intercept[row] + h.slope[row] * lines[k][:, 0], rtol=1e-12)
        assert tuple(paths[k][-1]) == (h.w0[row], h.w1[row]) or surface._leaves[k] is not None
        if k in live:
            assert tuple(cursors[k]) == (h.epoch[row], h.loss[row])
            px, py = points[k]
            (x0, x1), (y0, y1) = surface.ax.get_xlim(), surface.ax.get_ylim()
            assert (px, py) == (np.clip(h.w0[row], x0, x1), np.clip(h.w1[row], y0, y1))
    text = race._legend.text(moment).split("\n")
    for k, h in enumerate(sweep):
        row = _at(h, epoch)
        cells = text[k + 1].split()
        assert cells[0] == race.labels[k] and _value(cells[1]) == pytest.approx(h.loss[row], rel=1e-3)
        assert ("diverged" in text[k + 1]) == bool(moment.ended[k])
    assert race._header_text(epoch).split()[1] == str(epoch)


def test_frame_at_a_scheduled_epoch_is_that_frame(race):
    i = len(race) // 3
    assert np.array_equal(race.frame_at(int(race.epochs[i])), race.frame(i))


def test_an_ended_run_is_drawn_ended_in_every_panel(race, sweep):
    epoch = len(sweep[2]) + 3
    race.frame_at(epoch)
    fit, surface, loss = race.panels
    moment = race.moment(epoch)
    assert moment.ended.tolist() == [False, False, True]
    drawn = loss.update(moment)
    assert loss.ended_marks in drawn and len(loss.cursors.get_offsets()) == 2
    assert surface.ended_marks in surface.update(moment)
    fit.update(moment)
    assert fit.lines.get_colors()[2, 3] < 0.6 and fit.lines.get_colors()[0, 3] == 1.0


def test_labels_say_what_differs(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gdviz.GdvizWarning)
        a = gdviz.train(data, epochs=5, eta=0.001, seed=1)
        b = gdviz.train(data, epochs=5, eta=0.004, seed=1)
    assert gdviz.Animation([a, b]).labels == ["η=0.001", "η=0.004"]
    assert gdviz.Animation([a]).labels == ["gd"]
    assert gdviz.Animation([a, b], labels=["slow", "fast"]).labels == ["slow", "fast"]
    assert gdviz.Animation([a, b], labels="slow, fast").labels == ["slow", "fast"]


def test_a_recorder_history_compares_like_any_other(data):
    rec = gdviz.Recorder(data)
    w0, w1 = 1.0, -2.5
    for _ in range(30):
        y_hat = w1 * data.x + w0
        rec.record(w0=w0, w1=w1, loss=0.5 * np.sum((data.y - y_hat) ** 2))
        w1 -= 0.002 * np.sum((y_hat - data.y) * data.x)
        w0 -= 0.002 * np.sum(y_hat - data.y)
    mine = rec.history()
    theirs = gdviz.train(data, epochs=60, eta=0.002, seed=0, w0=1.0, w1=-2.5)
    anim = gdviz.Animation([mine, theirs], size=SMALL, max_frames=10)
    assert anim.labels[0] != anim.labels[1]
    assert anim.frame_at(45).shape == (SMALL[1], SMALL[0], 3)
    assert anim.moment(45).ended.tolist() == [True, False]
    np.testing.assert_array_equal(anim.epochs[[0, -1]], [0, 59])


@pytest.mark.parametrize("mode", ["lines", "squares"])
def test_residuals_end_on_the_points_and_on_the_frames_line(sweep, mode):
    anim = gdviz.Animation(sweep[:2], size=SMALL, max_frames=8, residuals=mode)
    k = 4
    anim.frame(k)
    fit = anim.panels[0]
    shapes = fit.residual_segments(anim.moment(int(anim.epochs[k])))
    x, y = fit.residual_x, fit.residual_y
    n = x.size
    assert n == len(sweep[0].data) and shapes.shape[0] == 2 * n
    if mode == "lines":  # each run's residuals are one line broken by NaNs: point, line value, gap
        drawn = np.concatenate([np.column_stack(line.get_data()).reshape(n, 3, 2)[:, :2] for line in fit.residual_lines])
    else:
        drawn = np.array([p.vertices[:4] for p in fit.residuals.get_paths()])
    for r, h in enumerate(sweep[:2]):
        row = _at(h, int(anim.epochs[k]))
        y_hat = h.intercept[row] + h.slope[row] * x
        mine = drawn[r * n:(r + 1) * n]
        np.testing.assert_array_equal(mine[:, 0], np.column_stack([x, y]))  # on the points
        np.testing.assert_allclose(mine[:, 1], np.column_stack([x, y_hat]), rtol=0, atol=1e-12)  # on the line
        if mode == "squares":  # the horizontal side is as long on screen as the vertical one
            px = fit.ax.transData.transform(mine.reshape(-1, 2)).reshape(mine.shape)
            vertical = np.abs(px[:, 1, 1] - px[:, 0, 1])
            horizontal = np.abs(px[:, 2, 0] - px[:, 1, 0])
            np.testing.assert_allclose(horizontal, vertical, rtol=1e-6, atol=1e-6)


def test_residuals_of_many_points_are_a_seeded_sample_and_say_so():
    big = gdviz.make_data(n=2000, seed=1)
    h = gdviz.train(big, epochs=10, eta=0.0002, seed=1)
    anim = gdviz.Animation(h, size=SMALL, max_frames=4, residuals="lines")
    anim.frame(1)
    fit = anim.panels[0]
    assert fit.residual_x.size == 300
    assert any("300 of 2,000" in t.get_text() for t in fit.ax.texts)
    again = gdviz.Animation(h, size=SMALL, max_frames=4, residuals="lines")
    again.frame(1)
    np.testing.assert_array_equal(again.panels[0].residual_x, fit.residual_x)


def test_gradient_arrows_point_exactly_downhill_and_steps_are_the_real_steps(race, sweep):
    epoch = 6
    race.frame_at(epoch)
    surface = race.panels[1]
    moment = race.moment(epoch)
    down, step = surface.arrows(moment)
    for k, h in enumerate(sweep):
        row = _at(h, epoch)
        g = np.array([h.grad_w0[row], h.grad_w1[row]])
        assert abs(down[k][0] * g[1] - down[k][1] * g[0]) <= 1e-9 * np.hypot(*down[k]) * np.hypot(*g)  # parallel
        assert down[k] @ g < 0  # and downhill
        np.testing.assert_array_equal(step[k], [h.w0[row + 1] - h.w0[row], h.w1[row + 1] - h.w1[row]])
    # On screen the downhill arrows all have the same length.
    lengths = np.hypot(*(down * surface._px).T)
    np.testing.assert_allclose(lengths, surface._arrow_px)


def test_the_schedule_follows_every_run():
    """A fast run's early moves and a slow run's late moves both get frames."""
    e = np.arange(1000)
    fast = 1 - np.exp(-e / 8.0)  # all its motion in the first ~30 epochs
    slow = np.clip((e - 700) / 250.0, 0, 1)  # still until 700, then moves
    together = plan_frames([(e, fast, fast), (e, slow, slow)], 100, 30.0).epochs
    assert (together < 30).sum() >= 15 and ((together >= 700) & (together <= 950)).sum() >= 30
    alone = plan_frames([(e, fast, fast)], 100, 30.0).epochs
    assert ((alone >= 700) & (alone <= 950)).sum() < 10


def test_runs_of_different_lengths_share_one_clock(data):
    short = gdviz.train(data, epochs=20, eta=0.002, seed=1)
    long = gdviz.train(data, epochs=60, eta=0.004, seed=1)
    anim = gdviz.Animation([short, long], size=SMALL, max_frames=200)
    np.testing.assert_array_equal(anim.epochs, np.arange(60))
    assert anim.moment(40).rows.tolist() == [19, 40] and anim.moment(40).ended.tolist() == [True, False]
    anim.frame(0)
    assert anim._legend.text(anim.moment(40)).split("\n")[1].rstrip().endswith("ended")
    assert not anim._legend.text(anim.moment(10)).split("\n")[1].rstrip().endswith("ended")


def test_run_colours_contrast_with_the_background():
    def lum(c):
        rgb = np.array(mcolors.to_rgb(c))
        lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        return float(lin @ [0.2126, 0.7152, 0.0722])

    for theme in THEMES.values():
        bg = lum(theme.background)
        assert len(theme.run_colors) == 7 and len(set(theme.run_colors)) == 7
        for color in theme.run_colors:
            hi, lo = max(lum(color), bg), min(lum(color), bg)
            assert (hi + 0.05) / (lo + 0.05) >= 3.0, (theme.name, color)


def test_run_colours_stay_apart_for_colour_blind_viewers():
    """Every pair of run colours at least 15 apart in CIELAB, in normal vision and as
    deuteranopes, protanopes and tritanopes see them (Machado, Oliveira & Fernandes 2009,
    severity 1)."""
    simulations = [np.eye(3),
                   [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
                   [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
                   [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]]
    to_xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])

    def lab(linear):
        xyz = to_xyz @ linear / np.array([0.95047, 1.0, 1.08883])
        f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
        return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])

    def linear(c):
        rgb = np.array(mcolors.to_rgb(c))
        return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)

    for theme in THEMES.values():
        colours = theme.run_colors
        for i in range(len(colours)):
            for j in range(i + 1, len(colours)):
                for sim in simulations:
                    a = lab(np.clip(np.asarray(sim) @ linear(colours[i]), 0, 1))
                    b = lab(np.clip(np.asarray(sim) @ linear(colours[j]), 0, 1))
                    assert np.linalg.norm(a - b) >= 15, (theme.name, colours[i], colours[j])


def test_seven_runs_draw_in_seven_colours(data):
    runs = [gdviz.train(data, epochs=15, eta=0.001 * (k + 1), seed=1) for k in range(7)]
    anim = gdviz.Animation(runs, size=SMALL, max_frames=5)
    anim.frame(2)
    colours = {tuple(c) for c in anim.panels[0].lines.get_colors()}
    assert len(colours) == 7


@pytest.mark.parametrize("make, words", [
    (lambda h, o: [], "at least one run"),
    (lambda h, o: [h, h], "same History"),
    (lambda h, o: [h] + [gdviz.train(h.data, epochs=3, eta=0.001 * k, seed=1) for k in range(1, 8)], "at most 7"),
    (lambda h, o: [h, o["other data"]], "other data"),
    (lambda h, o: [h, o["scaled"], o["centred"], o["shifted"]], "4 sets of coordinates.*at most 3 surfaces"),
    (lambda h, o: [h, "run.npz"], "must be a gdviz.History"),
    (lambda h, o: 42, "must be a gdviz.History"),
])
def test_bad_run_lists_are_one_clear_error(data, make, words):
    h = gdviz.train(data, epochs=5, seed=1)
    others = {"other data": gdviz.train(gdviz.make_data(n=60, seed=5), epochs=5, seed=1),
              "scaled": gdviz.train(data, epochs=5, seed=1, scale="standardize"),
              "centred": gdviz.train(data, epochs=5, seed=1, scale="center"),
              "shifted": gdviz.Recorder(data)}
    others["shifted"].record(w0=0.0, w1=0.0, loss=1.0)
    others["shifted"] = others["shifted"].history(x_shift=2.0, x_scale=3.0)
    with pytest.raises(gdviz.GdvizError, match=words):
        gdviz.Animation(make(h, others))


@pytest.mark.parametrize("labels, words", [(["a"], "one label per run"), (["a", "a"], "its own label"),
                                           (["a", ""], "non-empty")])
def test_bad_labels_are_one_clear_error(data, labels, words):
    runs = [gdviz.train(data, epochs=5, eta=e, seed=1) for e in (0.001, 0.002)]
    with pytest.raises(gdviz.GdvizError, match=words):
        gdviz.Animation(runs, labels=labels)


def test_frame_at_refuses_epochs_outside_the_run(race):
    for bad in (-1, 80, 2.5, "3"):
        with pytest.raises(gdviz.GdvizError, match="epoch"):
            race.frame_at(bad)


def test_figure_is_the_matplotlib_figure(race):
    from matplotlib.figure import Figure

    assert isinstance(race.figure, Figure)
    assert len(race.figure.axes) == 3


def test_render_takes_a_list(tmp_path, sweep):
    import imageio.v3 as iio

    path = gdviz.render(sweep, tmp_path / "race.mp4", size=(320, 180), max_frames=10)
    frames = iio.imread(path, index=None)
    anim = gdviz.Animation(sweep, size=(320, 180), max_frames=10)
    # MP4 runs at 30 fps: each frame shown for its seconds in ticks of 1/30 s (53 today: 8 frames
    # once, the first held 0.5 s and the last 1 s).
    assert frames.shape == (round(30 * anim.seconds(30).sum()), 180, 320, 3)
    for got, k in ((frames[0], 0), (frames[-1], len(anim) - 1)):  # the race from start to finish
        assert np.abs(got.astype(int) - anim.frame(k).astype(int)).mean() < 4, k


def test_a_line_off_the_chart_shows_an_arrowhead_at_the_edge_it_left_by():
    # η just above the stability bound: the line swings above the data, then below, and
    # each time an arrowhead in its colour sits on that edge of the fit panel.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gdviz.GdvizWarning)
        d = gdviz.make_data(seed=0)
        runs = [gdviz.train(d, epochs=60, seed=0), gdviz.train(d, eta=0.0104, epochs=60, seed=0)]
    anim = gdviz.Animation(runs, labels=["steady", "wild"], size=(640, 360), panels=("fit", "loss"))
    anim.figure
    fit = next(p for p in anim.panels if p.name == "fit")
    box = fit.ax.bbox
    top, bottom = int(360 - box.y1), int(360 - box.y0)  # rows of the panel's edges in the frame
    left, right = int(box.x0), int(box.x1)
    wild = np.array(mcolors.to_rgb(anim.theme.run_color(1))) * 255

    def marks(frame, row):
        strip = frame[max(row - 12, 0):row + 12, left:right].astype(float)
        return int((np.abs(strip - wild).sum(axis=2) < 60).sum())

    for epoch, where in ((3, "up"), (6, "down")):
        assert fit.off_chart(anim.moment(epoch)).tolist() == [0, 1 if where == "up" else -1]
        frame = anim.frame_at(epoch)
        at, other = (top, bottom) if where == "up" else (bottom, top)
        assert marks(frame, at) >= 6, f"no arrowhead on the {where} edge at epoch {epoch}"
        assert marks(frame, other) == 0
    # Back in view at the start: no arrowhead on either edge.
    start = anim.frame_at(0)
    assert fit.off_chart(anim.moment(0)).tolist() == [0, 0]
    assert marks(start, top) == 0
