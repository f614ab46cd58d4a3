"""The network panel: the numbers it draws are the History's, its sample, and its place beside the fit."""

import re

import numpy as np
import pytest
from matplotlib import colors as mcolors

import gdviz
from gdviz.cli import main
from gdviz.drawing.panels.network import DIGITS, default_sample
from gdviz.drawing.tickformat import number


@pytest.fixture(scope="module")
def anim(short_history):
    return gdviz.Animation(short_history, panels=("fit", "network"), size=(640, 360), max_frames=6)


def panel(anim, name):
    return next(p for p in anim.panels if p.name == name)


@pytest.mark.parametrize("epoch", [0, 7, 39])
def test_network_draws_the_historys_numbers(anim, short_history, epoch):
    h, net = short_history, panel(anim, "network")
    k = net.sample
    moment = anim.moment(epoch)
    row = int(moment.rows[0])
    anim.draw_at(epoch)  # the frame as drawn: update, then the stamps
    drawn = {line.strip() for _, text in net.stamps(moment) for line in text.split("\n")}
    drawn |= {text.get_text() for text in net.ax.texts}  # x₁ and y never change: drawn once
    x, y = float(h.data.x[k]), float(h.data.y[k])
    yhat = float(h.w1[row] * x + h.w0[row])
    expected = {f"w₁ = {number(h.w1[row], DIGITS)}", f"w₀ = {number(h.w0[row], DIGITS)}",
                f"Z = {number(yhat, DIGITS)}", f"ŷ = {number(yhat, DIGITS)}", f"y = {number(y, DIGITS)}",
                f"½(y − ŷ)² = {number(0.5 * (y - yhat) ** 2, DIGITS)}", f"E = {number(h.loss[row], DIGITS)}",
                "∂E/∂w₁", f"= {number(h.grad_w1[row], DIGITS)}", "∂E/∂w₀", f"= {number(h.grad_w0[row], DIGITS)}",
                number(x, DIGITS)}
    assert expected <= drawn, expected - drawn
    # The batch's gradients are the sums the tutorial computes, over every point.
    residual = h.w1[row] * h.data.x + h.w0[row] - h.data.y
    assert np.isclose(net.values(moment)["dw1"], np.sum(residual * h.data.x))
    assert np.isclose(net.values(moment)["dw0"], np.sum(residual))
    assert all("-" not in text for text in drawn)  # U+2212, never a hyphen


def test_edges_follow_the_weights_sign_and_size(anim, short_history):
    h, net, t = short_history, panel(anim, "network"), anim.theme
    widths = []
    for epoch in (0, 39):
        anim.draw_at(epoch)
        row = int(anim.moment(epoch).rows[0])
        colors = net.edges.get_colors()
        for color, w in zip(colors, (h.w1[row], h.w0[row])):
            assert np.allclose(color, mcolors.to_rgba(t.positive if w >= 0 else t.negative))
        widths.append(net.edges.get_linewidths())
    assert not np.allclose(widths[0], widths[1])


def test_fit_panel_rings_the_sample_and_its_residual(anim, short_history):
    h, fit, net = short_history, panel(anim, "fit"), panel(anim, "network")
    assert net.sample == default_sample(h.data.x)
    assert abs(h.data.x[net.sample] - np.median(h.data.x)) == np.abs(h.data.x - np.median(h.data.x)).min()
    anim.draw_at(7)
    row = int(anim.moment(7).rows[0])
    seg = np.column_stack(fit.sample_residual.get_data())
    x, y = h.data.x[net.sample], h.data.y[net.sample]
    assert np.allclose(seg, [[x, y], [x, h.intercept[row] + h.slope[row] * x]])


def test_a_chosen_sample_and_the_frame_shows_the_panel(short_history):
    a = gdviz.Animation(short_history, panels=("network",), size=(480, 270), max_frames=3, sample=3)
    net = a.panels[0]
    assert net.sample == 3 and "point 3" in net.ax.get_title(loc="left")
    frame = a.frame(0)
    assert frame.shape == (270, 480, 3)
    start, end = net.edges.get_segments()[0]
    edge = net.ax.transAxes.transform(0.85 * start + 0.15 * end)  # near the input: no label over it
    x, y = int(edge[0]), 270 - int(edge[1])
    patch = frame[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3) / 255.0
    wanted = mcolors.to_rgb(a.theme.negative if short_history.w1[0] < 0 else a.theme.positive)
    assert np.abs(patch - wanted).sum(axis=1).min() < 0.1  # the edge's colour is in the frame


@pytest.mark.parametrize("sample, panels, words", [
    (50, ("fit", "network"), "0 to 49"),
    (-1, ("fit", "network"), "whole number from 0"),
    (True, ("fit", "network"), "whole number from 0"),
    (2, ("fit", "loss"), "has no network"),
])
def test_sample_errors_are_one_sentence(short_history, sample, panels, words):
    with pytest.raises(gdviz.GdvizError, match=words):
        gdviz.Animation(short_history, panels=panels, sample=sample)


def test_cli_sample_out_of_range(tmp_path, capsys):
    out = tmp_path / "n.gif"
    code = main(["render", "-o", str(out), "--epochs", "5", "--panels", "fit,network", "--sample", "200",
                 "--size", "320x180", "--max-frames", "2"])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "gdviz: error:" in err and "0 to 199" in err and "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("gdviz: error:")]
    assert len(errors) == 1 and errors[0].endswith("got 200.")


def test_svg_still_writes_the_numbers_as_text(tmp_path, short_history):
    a = gdviz.Animation(short_history, panels=("fit", "network"), size=(640, 360), max_frames=3)
    out = a.save(tmp_path / "n.svg", at=5)
    svg = out.read_text()
    row = int(a.moment(5).rows[0])
    for text in ("∂E/∂w₁", f"= {number(short_history.grad_w1[row], DIGITS)}",
                 f"w₀ = {number(short_history.w0[row], DIGITS)}"):
        assert re.search(re.escape(text), svg), text


# -- the lesson frame reads cleanly (issue 16): every text in its panel, none over another ----------------------

LESSON_SETS = [("fit", "network", "maths"), ("fit", "maths", "network"), ("fit", "network"), ("fit", "maths"),
               ("fit", "surface", "loss", "network"), ("fit", "surface", "maths")]


def _boxes(anim, epoch):
    """{panel name: [(what, Bbox in display pixels)]}: its title, texts, tick and axis labels, and stamps."""
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox
    from PIL import Image, ImageDraw

    draw = ImageDraw.Draw(Image.new("L", (1, 1)))

    fig = anim.panels[0].ax.figure
    renderer = fig.canvas.get_renderer()
    height = fig.bbox.height
    moment = anim.moment(epoch)
    out = {}
    for p in anim.panels:
        ax = p.ax
        ticks = [ax.xaxis.label, ax.yaxis.label] if ax.axison else []
        for axis in (ax.xaxis, ax.yaxis) if ax.axison and not hasattr(ax, "zaxis") else ():
            lo, hi = sorted(axis.get_view_interval())  # the labels drawn: those of ticks in view
            ticks += [t for loc, t in zip(axis.get_ticklocs(), axis.get_ticklabels()) if lo <= loc <= hi]
        texts = [t for t in ax.get_children() if isinstance(t, Text)] + ticks  # the titles first, then ax.texts
        found = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_visible() and t.get_text()]
        title = ax.get_title(loc="left") or ax.get_title()
        found.sort(key=lambda item: item[0] != title)  # the title first
        for stamp, text in p.stamps(moment):  # the ink Pillow draws, from the stamp's top left corner
            left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=stamp.font, spacing=stamp.spacing)
            found.append((text, Bbox([[stamp.x + left, height - stamp.y - bottom],
                                      [stamp.x + right, height - stamp.y - top]])))
        out[p.name] = found
    return out


def _overlap(a, b, slack=1.0):
    return a.x0 + slack < b.x1 and b.x0 + slack < a.x1 and a.y0 + slack < b.y1 and b.y0 + slack < a.y1


@pytest.mark.parametrize("preset", ["slides", "web", "square"])
def test_lesson_frames_keep_every_text_in_its_panel(short_history, preset):
    """The network's title once sat on x₁'s value and ∂E/∂w₁ at 1920x1080 (the maths panel took its room).

    At a quarter of the presets' sizes (the type scales with the height): cheap, and the same geometry.
    """
    size = (360, 360) if preset == "square" else (480, 270)
    for panels in LESSON_SETS if preset != "square" else LESSON_SETS[:1]:
        anim = gdviz.Animation(short_history, panels=panels, preset=preset, size=size, max_frames=2)
        epoch = int(anim.epochs[-1])
        anim.draw_at(epoch)
        boxes = _boxes(anim, epoch)
        frame = anim.panels[0].ax.figure.bbox
        where = {p.name: p.ax.get_window_extent() for p in anim.panels}
        for name, found in boxes.items():
            for text, box in found:
                assert frame.x0 <= box.x0 and box.x1 <= frame.x1 + 1 and frame.y0 <= box.y0 and box.y1 <= frame.y1 + 1, \
                    (panels, preset, name, text, "leaves the frame")
                for other, axes_box in where.items():  # nothing on another panel or its texts
                    if other != name:
                        assert not _overlap(box, axes_box), (panels, preset, name, text, "over", other)
                        for text2, box2 in boxes[other]:
                            assert not _overlap(box, box2), (panels, preset, name, text, "over", other, text2)
            if name in ("network", "maths"):  # a diagram and lines of text: inside the axes, under the title
                title = found[0][1]
                for text, box in found[1:]:
                    inside = where[name]
                    assert inside.x0 - 1 <= box.x0 and box.x1 <= inside.x1 + 1 and inside.y0 - 1 <= box.y0 \
                        and box.y1 <= min(inside.y1, title.y0) + 1, (panels, preset, name, text, "leaves its panel")
            if name == "network":  # no two of its texts overlap
                for i, (text, box) in enumerate(found):
                    for text2, box2 in found[i + 1:]:
                        assert not _overlap(box, box2), (panels, preset, text, "over", text2)
