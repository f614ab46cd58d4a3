"""Scaling side by side (issue 16, item 4): the center policy, and one surface per set of trained coordinates."""

import numpy as np
import pytest

import gdviz
from gdviz.gallery import example_csv
from gdviz.training.diagnostics import SCALE_POLICIES, choose_scaling
from gdviz.data.moments import Moments

SMALL = (320, 180)
POLICIES = ("none", "center", "standardize")


@pytest.fixture(scope="module")
def cars():
    return gdviz.load_csv(example_csv("cars.csv"))


@pytest.fixture(scope="module")
def three(cars):
    """gd on cars.csv in the three coordinates, each at its own auto eta."""
    return [gdviz.train(cars, epochs=300, eta="auto", seed=0, scale=p) for p in POLICIES]


def test_center_trains_on_x_minus_its_mean(cars, three):
    h = three[1]
    assert "center" in SCALE_POLICIES
    assert h.meta["scale"] == "center" and h.meta["x_shift"] == pytest.approx(cars.x.mean()) and h.meta["x_scale"] == 1.0
    assert "x is centred, x' = x - 15.4" in h.meta["scale_reason"]
    # On x' = x - mean the Hessian is diagonal, diag(N, sum x'^2): slope and intercept are decoupled.
    m = Moments.of(cars).scaled(h.meta["x_shift"], 1.0)
    H = m.hessian()
    assert H[0, 1] == pytest.approx(0.0, abs=1e-9 * H[1, 1])
    assert h.meta["condition_number"] == pytest.approx(H[1, 1] / H[0, 0], rel=1e-9)
    # The weights act on x': w0' is the line's height at the mean speed; in the data's units it is least squares.
    assert h.w0[-1] == pytest.approx(h.intercept[-1] + h.slope[-1] * cars.x.mean())
    b0, b1 = gdviz.least_squares(cars)
    assert (h.intercept[-1], h.slope[-1]) == pytest.approx((b0, b1), rel=1e-3)
    assert h.meta["gap"] < 1e-4 and three[0].meta["gap"] > 0.05


def test_center_keeps_the_start_and_the_steps(cars):
    """The same starting line as standardize, in data units; each step is gd's on x'."""
    c = gdviz.train(cars, epochs=5, eta=1e-4, seed=0, scale="center")
    s = gdviz.train(cars, epochs=5, eta=1e-4, seed=0, scale="standardize")
    assert (c.intercept[0], c.slope[0]) == pytest.approx((s.intercept[0], s.slope[0]))
    xp = cars.x - cars.x.mean()
    r = c.w1[0] * xp + c.w0[0] - cars.y
    assert (c.grad_w0[0], c.grad_w1[0]) == pytest.approx((r.sum(), r @ xp))
    assert (c.w0[1], c.w1[1]) == pytest.approx((c.w0[0] - 1e-4 * r.sum(), c.w1[0] - 1e-4 * (r @ xp)))
    assert choose_scaling(Moments.of(cars), "center").policy == "center"


@pytest.fixture(scope="module")
def anim(three):
    return gdviz.Animation(three, size=SMALL, max_frames=6)


def test_one_surface_per_set_of_coordinates(three, anim):
    assert anim.labels == list(POLICIES) and len(anim) == 6
    names = [p.name for p in anim.panels]
    assert names == ["fit", "surface", "surface", "surface", "loss"]
    titles = [p.ax.get_title(loc="left") for p in anim.panels if p.name == "surface"]
    assert titles == ["none\ncondition number 2572", "center\ncondition number 27.4", "standardize\ncondition number 1"]
    surfaces = [p for p in anim.panels if p.name == "surface"]
    # Side by side: one row, left to right, each as wide as the others.
    boxes = [p.ax.get_position() for p in surfaces]
    assert boxes[0].x1 < boxes[1].x0 and boxes[1].x1 < boxes[2].x0
    assert boxes[0].y0 == pytest.approx(boxes[2].y0) and boxes[0].width == pytest.approx(boxes[2].width, rel=0.05)
    # Each surface draws its own run's path, in that run's colour and coordinates.
    frame = anim.frame(-1)
    assert frame.shape[:2] == (180, 320)
    for k, panel in enumerate(surfaces):
        (seg,) = panel.inner.paths.get_segments()
        assert seg[-1] == pytest.approx([three[k].w0[-1], three[k].w1[-1]])
    # One fit panel with every line, one loss curve per run.
    fit, loss = anim.panels[0], anim.panels[-1]
    assert len(fit.lines.get_segments()) == 3


def test_runs_in_the_same_coordinates_share_a_surface(three, cars):
    other = gdviz.train(cars, epochs=30, eta=1e-3, seed=0, scale="center")
    assert gdviz.Animation([three[0], three[1], other], size=SMALL, max_frames=4).groups == [[0], [1, 2]]
    assert gdviz.Animation([three[1], other], size=SMALL).groups == [[0, 1]]


def test_several_surfaces_in_a_vector_still(anim, tmp_path):
    """A still draws each surface anew from its own runs (Panel.remake), titles as real text."""
    text = anim.save(tmp_path / "three.svg").read_text()
    assert all(f"{p}</text>" in text or f">{p}<" in text or p in text for p in POLICIES)
    assert all(f"condition number {c}" in text for c in ("2572", "27.4", "1<"))


def test_more_than_three_coordinates_or_the_3d_bowl_is_one_clear_error(three, cars):
    rec = gdviz.Recorder(cars)
    rec.record(w0=0.0, w1=0.0, loss=1.0)
    fourth = rec.history(x_shift=2.0, x_scale=3.0)
    with pytest.raises(gdviz.GdvizError, match=r"4 sets of coordinates .* at most 3 surfaces"):
        gdviz.Animation([*three, fourth])
    with pytest.raises(gdviz.GdvizError, match="3D bowl draws one set of coordinates"):
        gdviz.Animation(three, panels=("fit", "surface3d"))


def test_compare_scale_list():
    """`gdviz compare --scale none,center,standardize`: gd alone, one run per policy, each at its own auto eta."""
    from gdviz.cli import _compare_grid, build_parser

    args = build_parser().parse_args(["compare", "--scale", "none,center,standardize", "--epochs", "40"])
    grid = _compare_grid(args)
    assert [label for label, _ in grid] == list(POLICIES)
    assert [(o["optimizer"], o["scale"], o["eta"], o["epochs"]) for _, o in grid] == \
        [("gd", p, "auto", 40) for p in POLICIES]
    args = build_parser().parse_args(["compare", "--optimizers", "gd,adam", "--scale", "none,standardize"])
    assert [label for label, _ in _compare_grid(args)] == ["gd none", "gd standardize", "adam none", "adam standardize"]


def test_one_axes_still_takes_one_set_of_coordinates(three):
    """check_runs for one surface (gdviz.plot draws into one Axes) refuses runs in other coordinates, as before."""
    from gdviz.drawing.options import check_runs

    with pytest.raises(gdviz.GdvizError, match=r"Run 2 was trained on x in other coordinates .* same scale="):
        check_runs(three[:2])
    assert check_runs(three, max_surfaces=3)[1] == list(POLICIES)
