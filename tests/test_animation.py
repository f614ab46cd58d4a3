import numpy as np
import pytest

import gdviz
from gdviz.drawing.schedule import HOLD_FIRST_S, HOLD_LAST_S, plan_frames, ticks

SMALL = (320, 180)


@pytest.fixture(scope="module")
def anim(short_history):
    return gdviz.Animation(short_history, size=SMALL, max_frames=12)


def test_frames_have_the_exact_size(anim):
    f = anim.frame(0)
    assert f.shape == (180, 320, 3) and f.dtype == np.uint8
    for size in [(321, 181), (640, 360), (333, 500)]:
        a = gdviz.Animation(gdviz.train(gdviz.make_data(n=10, seed=1), epochs=3, seed=1), size=size)
        assert a.frame(1).shape == (size[1], size[0], 3)


def test_long_runs_are_sampled_to_max_frames(anim, short_history):
    assert len(anim) == 12
    ep = anim.epochs
    assert ep[0] == 0 and ep[-1] == short_history.epoch[-1]
    assert np.all(np.diff(ep) > 0)
    # Dense early: gradient descent moves most at the start.
    assert np.median(np.diff(ep[: len(ep) // 2])) <= np.median(np.diff(ep[len(ep) // 2 :]))


def test_short_runs_show_every_epoch():
    h = gdviz.train(gdviz.make_data(n=10, seed=1), epochs=7, seed=1)
    a = gdviz.Animation(h, size=SMALL)
    assert len(a) == 7 and list(a.epochs) == list(range(7))


def test_panels_show_the_history_at_the_frame_epoch(anim, short_history):
    h = short_history
    for k in (0, 5, len(anim) - 1):
        anim.frame(k)
        fit, surface, loss = anim.panels
        e = int(anim.epochs[k])
        (line,) = fit.lines.get_segments()
        np.testing.assert_allclose(line[:, 1], h.w1[e] * line[:, 0] + h.w0[e])
        assert tuple(surface.points.get_offsets()[0]) == (h.w0[e], h.w1[e])
        (path,) = surface.paths.get_segments()
        assert tuple(path[-1]) == (h.w0[e], h.w1[e]) and len(path) == k + 1
        assert tuple(loss.cursors.get_offsets()[0]) == (e, h.loss[e])
        (stamp, text), = anim._legend.stamps(anim.moment(e))
        row = text.split("\n")[1].split()
        assert row[0] == "gd" and float(row[1]) == pytest.approx(h.loss[e], rel=1e-3)
        assert anim._header_text(e).split()[:2] == ["epoch", str(e)]


def test_axis_limits_do_not_change_between_frames(anim):
    anim.frame(0)
    before = [(p.ax.get_xlim(), p.ax.get_ylim()) for p in anim.panels]
    anim.frame(len(anim) - 1)
    after = [(p.ax.get_xlim(), p.ax.get_ylim()) for p in anim.panels]
    assert before == after


def test_surface_window_holds_path_and_optimum(anim, short_history):
    anim.frame(0)
    surface = anim.panels[1]
    (x0, x1), (y0, y1) = surface.ax.get_xlim(), surface.ax.get_ylim()
    b0, b1 = gdviz.least_squares(short_history.data)
    for w0, w1 in [*zip(short_history.w0, short_history.w1), (b0, b1)]:
        assert x0 < w0 < x1 and y0 < w1 < y1


def test_frames_differ_and_are_deterministic(anim, short_history):
    first, last = anim.frame(0), anim.frame(-1)
    assert (first != last).any(axis=2).mean() > 0.001
    again = gdviz.Animation(short_history, size=SMALL, max_frames=12).frame(len(anim) - 1)
    assert np.array_equal(last, again)


def test_one_panel_and_two_panels(short_history):
    for panels in (("fit",), ("surface", "loss"), ("loss",)):
        a = gdviz.Animation(short_history, panels=panels, size=SMALL, max_frames=4)
        assert a.frame(2).shape == (180, 320, 3)
        assert [p.name for p in a.panels] == list(panels)


@pytest.mark.parametrize(
    "options, words",
    [
        ({"panels": ("fit", "bowl")}, "panels"),
        ({"panels": ()}, "panels"),
        ({"fps": 0}, "fps"),
        ({"size": (10, 10)}, "size"),
        ({"size": "big"}, "size"),
        ({"theme": "neon"}, "theme"),
        ({"max_frames": 0}, "max_frames"),
    ],
)
def test_bad_options_are_clear_errors(short_history, options, words):
    with pytest.raises(gdviz.GdvizError, match=words):
        gdviz.Animation(short_history, **options)


def test_schedule_holds_first_and_last_frames():
    w = np.linspace(0, 1, 500) ** 0.2
    s = plan_frames([(np.arange(500), w, w)], 50, 20.0)
    assert len(s) == 50 and s.epochs[0] == 0 and s.epochs[-1] == 499
    assert s.seconds[0] == HOLD_FIRST_S and s.seconds[-1] == HOLD_LAST_S
    assert s.total_seconds == pytest.approx(48 / 20 + HOLD_FIRST_S + HOLD_LAST_S)


def test_ticks_keep_the_total_duration():
    secs = np.full(90, 1 / 30)
    cs = ticks(secs, 0.01)
    assert cs.sum() == 300 and set(cs) <= {3, 4}
    assert ticks(np.array([0.5, 1 / 30, 1.0]), 1 / 30).tolist() == [15, 1, 30]


def test_readable_numbers_avoid_scientific_notation_in_the_usual_range():
    from gdviz.drawing.text import readable

    assert readable(67710.4) == "67710" and readable(0.97921) == "0.9792" and readable(-15.0612) == "\u221215.06"
    assert readable(2.5e12) == "2.500×10¹²" and readable(-3.2e-5) == "\u22123.200×10⁻⁵" and readable(0) == "0"


def test_loss_panel_marks_the_least_squares_floor(short_history):
    a = gdviz.Animation(short_history, panels=("loss",), size=SMALL, max_frames=4)
    a.frame(0)
    loss = a.panels[0]
    floors = [ln for ln in loss.ax.get_lines() if list(ln.get_ydata()) == [short_history.meta["sse_least_squares"]] * 2]
    assert len(floors) == 1
    assert loss.ax.get_ylim()[0] < short_history.meta["sse_least_squares"]


def test_the_legend_moves_off_the_data():
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 10, 80)
    falling = gdviz.train(gdviz.Dataset(x, 50 - 4 * x + rng.normal(0, 2, 80)), eta="auto", seed=0)
    rising = gdviz.train(gdviz.Dataset(x, 4 * x + rng.normal(0, 2, 80)), eta="auto", seed=0)
    corners = {}
    for name, h in (("falling", falling), ("rising", rising)):
        a = gdviz.Animation(h, panels=("fit",), size=(640, 360), max_frames=4)
        a.frame(0)
        fit = a.panels[0]
        # the box's middle, not its left edge: a box wider than half the panel starts left of its middle either way
        (bx, _), (ax_mid, _) = a._legend.box.get_bbox().get_points().mean(axis=0), fit.ax.transAxes.transform((0.5, 0.5))
        corners[name] = "left" if bx < ax_mid else "right"
    assert corners == {"rising": "left", "falling": "right"}
